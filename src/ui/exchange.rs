//! The exchange module (`crate::exchange`: process documents, CSV, BPMN, templates; and the
//! live replicas of `crate::live::port`), a wasm module of its own beside the app's. The app starts without it and loads it in the
//! background once it has started; a gesture that needs it before it is there waits for it
//! ([`when_ready`]). The functions below take and give the app's own values, sent to the module
//! as text (a document compactly, as it is stored). Its script defines the global
//! `wasm_bindgen` (Trunk builds it like the simulation worker), whose functions the app calls
//! once it has started.

use crate::bpmn::{Imported, SubProcesses};
use crate::i18n::Lang;
use crate::live::port::Calls;
use crate::model::Document;
use crate::store::js_message;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The script Trunk writes for the module, beside the page.
const SCRIPT: &str = "./procmod-exchange.js";

#[wasm_bindgen]
extern "C" {
    /// Starts the module (its wasm file is found beside its script).
    #[wasm_bindgen(js_name = wasm_bindgen, catch)]
    fn init() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = report_html, catch)]
    fn x_report_html(doc: &str, lang: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = report_view, catch)]
    fn x_report_view(doc: &str, lang: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = docx, catch)]
    fn x_docx(doc: &str, lang: &str, png: Option<Vec<u8>>, width: u32, height: u32) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = to_csv, catch)]
    fn x_to_csv(doc: &str, lang: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = from_csv, catch)]
    fn x_from_csv(text: &str, title: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = template, catch)]
    fn x_template(id: &str, lang: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = bpmn_export, catch)]
    fn x_bpmn_export(doc: &str, linked: &str, expanded: bool) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = bpmn_import, catch)]
    fn x_bpmn_import(text: &str, name: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = qr_svg, catch)]
    fn x_qr_svg(text: &str) -> Result<Option<String>, JsValue>;
}

/// The live replica's functions (see `procmod::live::port::Host`), by handle. Each may throw (a
/// module that failed); the app then goes on with nothing from it.
#[wasm_bindgen(js_namespace = wasm_bindgen)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn live_open(client: f64) -> Result<u32, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_close(h: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_seed(h: u32, doc: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_base(h: u32, doc: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_record(h: u32, delta: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_undo(h: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_redo(h: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_can_undo(h: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_can_redo(h: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_hello(h: u32) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_disconnected(h: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_outgoing(h: u32) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_receive(h: u32, frame: &[u8]) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_set_presence(h: u32, presence: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_renew_presence(h: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_peers(h: u32) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_state(h: u32) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_restore(h: u32, state: &[u8]) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn live_held_out(h: u32) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_patch(h: u32) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_document(h: u32) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_client(h: u32) -> Result<f64, JsValue>;
    #[wasm_bindgen(catch)]
    fn live_tag(h: u32) -> Result<String, JsValue>;
}

type Waiter = Box<dyn FnOnce(Result<(), String>)>;

enum State {
    /// Not asked for yet, or failed last time (the next gesture tries again).
    Idle,
    Loading(Vec<Waiter>),
    Ready,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State::Idle) };
}

/// Whether the module is there to be called.
pub fn ready() -> bool {
    STATE.with(|s| matches!(*s.borrow(), State::Ready))
}

/// Calls `then` once the module is there (at once when it is), loading it when it is not on
/// its way; with the reason when it cannot be loaded.
pub fn when_ready(then: impl FnOnce(Result<(), String>) + 'static) {
    let mut then: Option<Waiter> = Some(Box::new(then));
    let start = STATE.with(|s| {
        let mut s = s.borrow_mut();
        match &mut *s {
            State::Ready => false,
            State::Loading(waiting) => {
                waiting.extend(then.take());
                false
            }
            State::Idle => {
                *s = State::Loading(then.take().into_iter().collect());
                true
            }
        }
    });
    if let Some(then) = then {
        later(move || then(Ok(())));
    }
    if start {
        load();
    }
}

/// Runs `f` once the current message has been handled: a waiter emits messages, and the app
/// takes none while it handles one.
fn later(f: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { f() });
}

fn finish(result: Result<(), String>) {
    let waiting = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let next = if result.is_ok() { State::Ready } else { State::Idle };
        match std::mem::replace(&mut *s, next) {
            State::Loading(waiting) => waiting,
            _ => Vec::new(),
        }
    });
    for then in waiting {
        then(result.clone());
    }
}

/// Starts the module whose script is on the page.
fn start(promise: js_sys::Promise) {
    wasm_bindgen_futures::spawn_local(async move {
        let started = wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ());
        finish(started.map_err(|e| js_message(&e)));
    });
}

fn load() {
    // The script came last time but its wasm file did not: start it again, without a second
    // copy of the script.
    if let Ok(promise) = init() {
        return start(promise);
    }
    let document = gloo::utils::document();
    let Ok(script) = document.create_element("script").map(|e| e.unchecked_into::<web_sys::HtmlScriptElement>()) else {
        return later(|| finish(Err("cannot add a script to the page".into())));
    };
    script.set_src(SCRIPT);
    let loaded = script.clone();
    let onload = Closure::once(move || match init() {
        Ok(promise) => start(promise),
        Err(e) => finish(Err(js_message(&e))),
    });
    let onerror = Closure::once(move || {
        loaded.remove();
        finish(Err(format!("{SCRIPT} could not be loaded")));
    });
    script.set_onload(Some(onload.as_ref().unchecked_ref()));
    script.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onload.forget();
    onerror.forget();
    // In the head: the body is the app's, drawn by Yew.
    let added = match document.query_selector("head") {
        Ok(Some(head)) => head.append_child(&script).map(|_| ()),
        _ => Err(JsValue::from_str("the page has no head")),
    };
    if let Err(e) = added {
        let why = js_message(&e);
        later(move || finish(Err(why)));
    }
}

fn call<T>(r: Result<T, JsValue>) -> Result<T, String> {
    r.map_err(|e| js_message(&e))
}

/// A document as the module takes it.
fn sent(doc: &Document) -> String {
    crate::io::save_compact(doc)
}

pub fn report_html(doc: &Document, lang: Lang) -> Result<String, String> {
    call(x_report_html(&sent(doc), lang.code()))
}

/// The process document's styles and body.
pub fn report_view(doc: &Document, lang: Lang) -> Result<(String, String), String> {
    let pair = call(x_report_view(&sent(doc), lang.code()))?;
    serde_json::from_str(&pair).map_err(|e| e.to_string())
}

/// The Word file, with the flowchart's PNG and its size in pixels where the page could paint it.
pub fn docx(doc: &Document, lang: Lang, picture: Option<(Vec<u8>, u32, u32)>) -> Result<Vec<u8>, String> {
    let (png, width, height) = match picture {
        Some((png, width, height)) => (Some(png), width, height),
        None => (None, 0, 0),
    };
    call(x_docx(&sent(doc), lang.code(), png, width, height))
}

pub fn to_csv(doc: &Document, lang: Lang) -> Result<String, String> {
    call(x_to_csv(&sent(doc), lang.code()))
}

/// A new swimlane from a step table, as its file.
pub fn from_csv(text: &str, title: &str) -> Result<String, String> {
    call(x_from_csv(text, title))
}

/// A template's document.
pub fn template(id: &str, lang: Lang) -> Result<Document, String> {
    let text = call(x_template(id, lang.code()))?;
    crate::io::load(&text).map_err(|e| e.message().sent())
}

pub fn bpmn_export(doc: &Document, linked: &HashMap<String, Document>, how: SubProcesses) -> Result<String, String> {
    call(x_bpmn_export(&sent(doc), &crate::exchange::linked(linked), how == SubProcesses::Expanded))
}

/// What a BPMN file was read as.
pub fn bpmn_import(text: &str, name: &str) -> Result<Imported, String> {
    crate::exchange::imported(&call(x_bpmn_import(text, name))?)
}

/// The invite link as a QR code (an SVG picture).
pub fn qr_svg(link: &str) -> Option<String> {
    x_qr_svg(link).ok().flatten()
}

/// A live replica in the module, for the participant `client`: what the session talks to.
pub fn replica(client: u64) -> Result<Box<dyn Calls>, String> {
    Ok(Box::new(Replica(call(live_open(client as f64))?)))
}

/// A live replica in the module, by its handle; closed with it.
struct Replica(u32);

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = live_close(self.0);
    }
}

fn frames(list: js_sys::Array) -> Vec<Vec<u8>> {
    list.iter().map(|f| js_sys::Uint8Array::new(&f).to_vec()).collect()
}

impl Calls for Replica {
    fn seed(&mut self, doc: &str) -> Result<(), String> {
        call(live_seed(self.0, doc))
    }
    fn base(&mut self, doc: &str) -> Result<(), String> {
        call(live_base(self.0, doc))
    }
    fn record(&mut self, delta: &str) -> Result<(), String> {
        call(live_record(self.0, delta))
    }
    fn undo(&mut self) -> bool {
        live_undo(self.0).unwrap_or_default()
    }
    fn redo(&mut self) -> bool {
        live_redo(self.0).unwrap_or_default()
    }
    fn can_undo(&self) -> bool {
        live_can_undo(self.0).unwrap_or_default()
    }
    fn can_redo(&self) -> bool {
        live_can_redo(self.0).unwrap_or_default()
    }
    fn hello(&mut self) -> Vec<Vec<u8>> {
        live_hello(self.0).map(frames).unwrap_or_default()
    }
    fn disconnected(&mut self) {
        let _ = live_disconnected(self.0);
    }
    fn outgoing(&mut self) -> Vec<Vec<u8>> {
        live_outgoing(self.0).map(frames).unwrap_or_default()
    }
    fn receive(&mut self, frame: &[u8]) -> Result<String, String> {
        call(live_receive(self.0, frame))
    }
    fn set_presence(&mut self, presence: &str) {
        let _ = live_set_presence(self.0, presence);
    }
    fn renew_presence(&mut self) {
        let _ = live_renew_presence(self.0);
    }
    fn peers(&self) -> String {
        live_peers(self.0).unwrap_or_default()
    }
    fn state(&self) -> Vec<u8> {
        live_state(self.0).unwrap_or_default()
    }
    fn restore(&mut self, state: &[u8]) -> Result<(), String> {
        call(live_restore(self.0, state))
    }
    fn held_out(&self) -> String {
        live_held_out(self.0).unwrap_or_default()
    }
    fn patch(&mut self) -> Option<String> {
        live_patch(self.0).unwrap_or_default()
    }
    fn document(&self) -> Result<String, String> {
        call(live_document(self.0))
    }
    fn client(&self) -> u64 {
        live_client(self.0).unwrap_or_default() as u64
    }
    fn tag(&self) -> String {
        live_tag(self.0).unwrap_or_default()
    }
}
