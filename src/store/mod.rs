//! The only code that touches the browser's storage and files: localStorage as the library's
//! key-value store, downloads of exported files, and the current time.

use crate::library::{KeyValue, MemoryStore, StoreError};
use wasm_bindgen::JsCast;

/// localStorage when the browser allows it; otherwise memory, and the app says so.
pub enum WebStore {
    Local(web_sys::Storage),
    Memory(MemoryStore),
}

impl WebStore {
    /// Opens localStorage, or explains why it cannot be used.
    pub fn open() -> (WebStore, Option<String>) {
        let storage = web_sys::window().ok_or("no window".to_string()).and_then(|w| match w.local_storage() {
            Ok(Some(s)) => Ok(s),
            Ok(None) => Err("this browser offers no localStorage".to_string()),
            Err(e) => Err(js_message(&e)),
        });
        match storage {
            Ok(s) => (WebStore::Local(s), None),
            Err(why) => (WebStore::Memory(MemoryStore::default()), Some(why)),
        }
    }

    pub fn get_pref(&self, key: &str) -> Option<String> {
        self.get(key).ok().flatten()
    }
}

fn js_message(e: &wasm_bindgen::JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

impl KeyValue for WebStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            WebStore::Local(s) => s.get_item(key).map_err(|e| StoreError(js_message(&e))),
            WebStore::Memory(m) => m.get(key),
        }
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            WebStore::Local(s) => s.set_item(key, value).map_err(|e| StoreError(js_message(&e))),
            WebStore::Memory(m) => m.set(key, value),
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        match self {
            WebStore::Local(s) => s.remove_item(key).map_err(|e| StoreError(js_message(&e))),
            WebStore::Memory(m) => m.remove(key),
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
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

/// Offers `text` to the user as a file download.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| js_message(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_message(&e))?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| js_message(&e))?.dyn_into().map_err(|_| "no anchor".to_string())?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(|e| js_message(&e))?;
    Ok(())
}
