//! The only code that touches the browser's storage and files: the library in IndexedDB (each
//! [`Op`] as one read-write transaction), small preferences and the rescue copy in
//! localStorage, the channel that tells other tabs about saves, the storage quota, downloads of
//! exported files, and the current time.

use crate::library::{LibraryError, MemoryDb, Op, Reply, Scan, StoreError, Table, Write};
use idb::{Database, ObjectStore, TransactionMode, TransactionResult};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

/// The database's name and version (a new version adds object stores in `open`).
const DB_NAME: &str = "procmod";
const DB_VERSION: u32 = 1;

/// Where the library is kept: IndexedDB, or memory when the browser offers none.
pub enum Db {
    Idb(Database),
    Memory(RefCell<MemoryDb>),
}

/// Opens the library's database, creating its object stores on first use.
pub async fn open() -> Result<Db, String> {
    let mut builder = Database::builder(DB_NAME).version(DB_VERSION);
    for table in Table::ALL {
        builder = builder.add_object_store(ObjectStore::builder(table.name()));
    }
    builder.build().await.map(Db::Idb).map_err(|e| e.to_string())
}

fn names() -> [&'static str; 3] {
    Table::ALL.map(Table::name)
}

/// A stored value as text. Anything else (a value written by another program) is kept as its
/// JSON, so that it reads as damaged rather than as missing.
fn text_of(v: JsValue) -> String {
    v.as_string()
        .or_else(|| js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| format!("{v:?}"))
}

fn store_error(detail: String) -> StoreError {
    if detail.contains("QuotaExceeded") || detail.to_lowercase().contains("quota") {
        StoreError::quota(detail)
    } else {
        StoreError::new(detail)
    }
}

fn idb_error(e: idb::Error) -> LibraryError {
    LibraryError::Store(store_error(e.to_string()))
}

impl Db {
    /// Runs one library transaction: reads its keys, decides, writes all or nothing.
    pub async fn run(&self, op: &Op) -> Result<Reply, LibraryError> {
        match self {
            Db::Memory(m) => m.borrow_mut().run(op),
            Db::Idb(db) => {
                let tx = db.transaction(&names(), TransactionMode::ReadWrite).map_err(idb_error)?;
                let stores: Vec<ObjectStore> =
                    names().iter().map(|n| tx.object_store(n)).collect::<Result<_, _>>().map_err(idb_error)?;
                let store = |t: Table| &stores[Table::ALL.iter().position(|x| *x == t).unwrap_or(0)];
                // Kept to read the transaction's error after it ends.
                let probe = stores[0].transaction();
                let work = async {
                    let mut found = Vec::new();
                    for (table, key) in op.reads() {
                        let v =
                            store(table).get(JsValue::from_str(&key)).map_err(idb_error)?.await.map_err(idb_error)?;
                        found.push(v.map(text_of));
                    }
                    let (writes, reply) = op.decide(&found)?;
                    for w in &writes {
                        match w {
                            Write::Put(t, k, v) => {
                                store(*t).put(&JsValue::from_str(v), Some(&JsValue::from_str(k))).map_err(idb_error)?;
                            }
                            Write::Delete(t, k) => {
                                store(*t).delete(JsValue::from_str(k)).map_err(idb_error)?;
                            }
                        }
                    }
                    Ok(reply)
                };
                let reply = match work.await {
                    Ok(reply) => reply,
                    Err(e) => {
                        // Nothing of a refused or failed transaction is kept.
                        let _ = tx.abort();
                        return Err(e);
                    }
                };
                match tx.commit().map_err(idb_error)?.await {
                    Ok(TransactionResult::Committed) => Ok(reply),
                    Ok(TransactionResult::Aborted) | Err(_) => {
                        let why = probe
                            .error()
                            .map(|e| format!("{}: {}", e.name(), e.message()))
                            .unwrap_or_else(|| "the transaction was aborted".into());
                        Err(LibraryError::Store(store_error(why)))
                    }
                }
            }
        }
    }

    /// Reads the library's list, the documents' keys and what is kept aside.
    pub async fn scan(&self) -> Result<Scan, StoreError> {
        match self {
            Db::Memory(m) => Ok(m.borrow().scan()),
            Db::Idb(db) => {
                let e = |e: idb::Error| store_error(e.to_string());
                let tx = db.transaction(&names(), TransactionMode::ReadOnly).map_err(e)?;
                let all = |name: &str| tx.object_store(name).map_err(e);
                let (docs, entries, aside) = (all("docs")?, all("entries")?, all("aside")?);
                let keys = |v: Vec<JsValue>| v.into_iter().map(text_of).collect::<Vec<_>>();
                let doc_keys = keys(docs.get_all_keys(None, None).map_err(e)?.await.map_err(e)?);
                let entry_keys = keys(entries.get_all_keys(None, None).map_err(e)?.await.map_err(e)?);
                let entry_values = keys(entries.get_all(None, None).map_err(e)?.await.map_err(e)?);
                let aside_keys = keys(aside.get_all_keys(None, None).map_err(e)?.await.map_err(e)?);
                let aside_values = keys(aside.get_all(None, None).map_err(e)?.await.map_err(e)?);
                Ok(Scan {
                    entries: entry_keys.into_iter().zip(entry_values).collect(),
                    doc_keys,
                    aside: aside_keys.into_iter().zip(aside_values).collect(),
                })
            }
        }
    }
}

// ----- localStorage: preferences, the old library, the rescue copy ----------------------

fn local() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A small preference (language, the document open last).
pub fn get_pref(key: &str) -> Option<String> {
    local().and_then(|s| s.get_item(key).ok().flatten())
}

/// Sets a preference; a full or missing localStorage only loses the preference.
pub fn set_pref(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

/// Every localStorage (key, value) whose key passes `keep`.
pub fn local_items(keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let Some(s) = local() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| keep(k)).collect();
    keys.into_iter().filter_map(|k| s.get_item(&k).ok().flatten().map(|v| (k, v))).collect()
}

pub fn remove_local(keys: &[String]) {
    if let Some(s) = local() {
        for k in keys {
            let _ = s.remove_item(k);
        }
    }
}

/// Writes a value synchronously (the rescue copy, while the page is being closed); says
/// whether it was stored.
pub fn write_local(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

// ----- other tabs ------------------------------------------------------------------------

/// The channel every tab of the app listens on.
pub fn channel() -> Option<web_sys::BroadcastChannel> {
    web_sys::BroadcastChannel::new("procmod").ok()
}

// ----- quota -----------------------------------------------------------------------------

/// Bytes used and allowed, and whether the browser keeps the library even when space runs low.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    pub used: f64,
    pub quota: f64,
    pub persisted: bool,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Absent in old browsers and insecure contexts.
    js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok().filter(|v| !v.is_undefined())?;
    Some(navigator.storage())
}

/// Asks the browser not to evict the library when space runs low (it may say no).
pub async fn persist() -> bool {
    let Some(m) = storage_manager() else { return false };
    let Ok(p) = m.persist() else { return false };
    wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// How much is used of what the browser allows.
pub async fn usage() -> Option<Usage> {
    let m = storage_manager()?;
    let estimate = wasm_bindgen_futures::JsFuture::from(m.estimate().ok()?).await.ok()?;
    let number = |name: &str| js_sys::Reflect::get(&estimate, &JsValue::from_str(name)).ok().and_then(|v| v.as_f64());
    let persisted = match m.persisted() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
        Err(_) => false,
    };
    Some(Usage { used: number("usage").unwrap_or(0.0), quota: number("quota")?, persisted })
}

// ----- time, marks, files ----------------------------------------------------------------

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// A short random token for this tab (makes its new library ids unique).
pub fn tab_token() -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..4).map(|_| DIGITS[(js_sys::Math::random() * 36.0) as usize % 36] as char).collect()
}

/// Sets a User Timing mark, so opening a file can be measured from outside (the browser
/// benchmark reads the `procmod-open` measure).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Records the time between two marks as a User Timing measure.
pub fn measure(name: &str, start: &str, end: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

pub fn js_message(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Offers `text` to the user as a file download.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    download_as(file_name, text, "application/json")
}

/// Offers `text` as a file of type `mime`.
pub fn download_as(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_blob(file_name, &text_blob(text, mime)?)
}

fn text_blob(text: &str, mime: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| js_message(&e))
}

/// Paints an SVG picture of `width` × `height` px onto a canvas `scale` times as large and offers
/// it as a PNG file.
pub async fn save_png(file_name: &str, svg: &str, width: f64, height: f64, scale: f64) -> Result<(), String> {
    download_blob(file_name, &png_blob(svg, width, height, scale).await?)
}

/// The SVG picture painted `scale` times as large, as PNG bytes and their size in pixels.
pub async fn png_bytes(svg: &str, width: f64, height: f64, scale: f64) -> Result<(Vec<u8>, u32, u32), String> {
    let blob = png_blob(svg, width, height, scale).await?;
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.map_err(|e| js_message(&e))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok((bytes, (width * scale).ceil() as u32, (height * scale).ceil() as u32))
}

/// Offers bytes as a file of the given type.
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(|e| js_message(&e))?;
    download_blob(file_name, &blob)
}

/// Paints an SVG picture onto a canvas `scale` times as large; the PNG of it.
async fn png_blob(svg: &str, width: f64, height: f64, scale: f64) -> Result<web_sys::Blob, String> {
    let url =
        web_sys::Url::create_object_url_with_blob(&text_blob(svg, "image/svg+xml")?).map_err(|e| js_message(&e))?;
    let painted = async {
        let img = web_sys::HtmlImageElement::new().map_err(|e| js_message(&e))?;
        img.set_src(&url);
        wasm_bindgen_futures::JsFuture::from(img.decode()).await.map_err(|e| js_message(&e))?;
        let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
            .create_element("canvas")
            .map_err(|e| js_message(&e))?
            .dyn_into()
            .map_err(|_| "no canvas".to_string())?;
        let (w, h) = ((width * scale).ceil(), (height * scale).ceil());
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
        let ctx: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .map_err(|e| js_message(&e))?
            .ok_or("no 2d context")?
            .dyn_into()
            .map_err(|_| "no 2d context".to_string())?;
        ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w, h).map_err(|e| js_message(&e))?;
        // canvas.toBlob calls back; the promise waits for it.
        let blob = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
            let failed = reject.clone();
            let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| {
                let _ = if blob.is_null() {
                    reject.call1(&JsValue::NULL, &JsValue::from_str("the picture is too large to paint"))
                } else {
                    resolve.call1(&JsValue::NULL, &blob)
                };
            });
            if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
                let _ = failed.call1(&JsValue::NULL, &e);
            }
        }))
        .await
        .map_err(|e| js_message(&e))?;
        Ok(blob.unchecked_into::<web_sys::Blob>())
    }
    .await;
    let _ = web_sys::Url::revoke_object_url(&url);
    painted
}

/// Offers a blob as a file.
fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_message(&e))?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| js_message(&e))?.dyn_into().map_err(|_| "no anchor".to_string())?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(|e| js_message(&e))?;
    Ok(())
}
