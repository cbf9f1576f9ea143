//! The exchange module (`crate::exchange`: process documents, CSV, BPMN, templates), a wasm
//! module of its own beside the app's. The app starts without it and loads it in the
//! background once it has started ([`preload`]); a gesture that needs it before it is there
//! waits for it ([`when_ready`]). Its script defines the global `wasm_bindgen` (Trunk builds
//! it like the simulation worker), whose functions the app calls once it has started.

use std::cell::RefCell;
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
        then(Ok(()));
    }
    if start {
        load();
    }
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
        finish(started.map_err(|e| describe(&e)));
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
        return finish(Err("cannot add a script to the page".into()));
    };
    script.set_src(SCRIPT);
    let loaded = script.clone();
    let onload = Closure::once(move || match init() {
        Ok(promise) => start(promise),
        Err(e) => finish(Err(describe(&e))),
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
        finish(Err(describe(&e)));
    }
}

/// What a thrown value says.
fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}

fn call<T>(r: Result<T, JsValue>) -> Result<T, String> {
    r.map_err(|e| describe(&e))
}

pub fn report_html(doc: &str, lang: &str) -> Result<String, String> {
    call(x_report_html(doc, lang))
}

/// The process document's styles and body.
pub fn report_view(doc: &str, lang: &str) -> Result<(String, String), String> {
    let pair = call(x_report_view(doc, lang))?;
    serde_json::from_str(&pair).map_err(|e| e.to_string())
}

pub fn docx(doc: &str, lang: &str, png: Option<Vec<u8>>, width: u32, height: u32) -> Result<Vec<u8>, String> {
    call(x_docx(doc, lang, png, width, height))
}

pub fn to_csv(doc: &str, lang: &str) -> Result<String, String> {
    call(x_to_csv(doc, lang))
}

pub fn from_csv(text: &str, title: &str) -> Result<String, String> {
    call(x_from_csv(text, title))
}

pub fn template(id: &str, lang: &str) -> Result<String, String> {
    call(x_template(id, lang))
}

pub fn bpmn_export(doc: &str, linked: &str, expanded: bool) -> Result<String, String> {
    call(x_bpmn_export(doc, linked, expanded))
}

pub fn bpmn_import(text: &str, name: &str) -> Result<String, String> {
    call(x_bpmn_import(text, name))
}
