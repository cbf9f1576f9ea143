//! The exchange module (built by Trunk beside the app, loaded by the app once it has started):
//! process documents, the step table as CSV, BPMN 2.0 and the templates, as the functions of
//! `procmod::exchange`, each taking and giving text (a Word file as bytes). An error is thrown
//! as its message (`Message::sent`). It also holds the live replicas (`procmod::live::port::Host`),
//! one per handle, whose methods the app calls as `live_*` functions.

#[cfg(target_arch = "wasm32")]
mod exports {
    use procmod::exchange as x;
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    pub fn report_html(doc: &str, lang: &str) -> Result<String, String> {
        x::report_html(doc, lang)
    }

    #[wasm_bindgen]
    pub fn report_view(doc: &str, lang: &str) -> Result<String, String> {
        x::report_view(doc, lang)
    }

    #[wasm_bindgen]
    pub fn docx(doc: &str, lang: &str, png: Option<Vec<u8>>, width: u32, height: u32) -> Result<Vec<u8>, String> {
        x::docx(doc, lang, png, width, height)
    }

    #[wasm_bindgen]
    pub fn to_csv(doc: &str, lang: &str) -> Result<String, String> {
        x::to_csv(doc, lang)
    }

    #[wasm_bindgen]
    pub fn from_csv(text: &str, title: &str) -> Result<String, String> {
        x::from_csv(text, title)
    }

    #[wasm_bindgen]
    pub fn template(id: &str, lang: &str) -> Result<String, String> {
        x::template(id, lang)
    }

    #[wasm_bindgen]
    pub fn bpmn_export(doc: &str, linked: &str, expanded: bool) -> Result<String, String> {
        x::bpmn_export(doc, linked, expanded)
    }

    #[wasm_bindgen]
    pub fn bpmn_import(text: &str, name: &str) -> Result<String, String> {
        x::bpmn_import(text, name)
    }

    #[wasm_bindgen]
    pub fn qr_svg(text: &str) -> Option<String> {
        procmod::live::invite::qr_svg(text)
    }
}

/// The live replicas, by handle.
#[cfg(target_arch = "wasm32")]
mod live {
    use procmod::live::port::{Calls, Host};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::prelude::wasm_bindgen;

    thread_local! {
        static HOSTS: RefCell<(u32, HashMap<u32, Host>)> = RefCell::new((0, HashMap::new()));
    }

    fn clock() -> u64 {
        js_sys::Date::now() as u64
    }

    /// Calls `f` on the replica `h` (nothing, when it was closed).
    fn with<T: Default>(h: u32, f: impl FnOnce(&mut Host) -> T) -> T {
        HOSTS.with(|hosts| hosts.borrow_mut().1.get_mut(&h).map(f).unwrap_or_default())
    }

    fn frames(frames: Vec<Vec<u8>>) -> js_sys::Array {
        frames.iter().map(|f| js_sys::Uint8Array::from(f.as_slice())).collect()
    }

    /// A new replica for the participant `client` (a Yjs client id, below 2^53); its handle.
    #[wasm_bindgen]
    pub fn live_open(client: f64) -> u32 {
        HOSTS.with(|hosts| {
            let (next, hosts) = &mut *hosts.borrow_mut();
            *next += 1;
            hosts.insert(*next, Host::new(client as u64, clock));
            *next
        })
    }

    #[wasm_bindgen]
    pub fn live_close(h: u32) {
        HOSTS.with(|hosts| hosts.borrow_mut().1.remove(&h));
    }

    /// Calls `f` on the replica `h`, or says it was closed.
    fn with_result<T>(h: u32, f: impl FnOnce(&mut Host) -> Result<T, String>) -> Result<T, String> {
        with(h, |x| Some(f(x))).unwrap_or_else(|| Err("the live replica was closed".into()))
    }

    #[wasm_bindgen]
    pub fn live_seed(h: u32, doc: &str) -> Result<(), String> {
        with_result(h, |x| x.seed(doc))
    }
    #[wasm_bindgen]
    pub fn live_base(h: u32, doc: &str) -> Result<(), String> {
        with_result(h, |x| x.base(doc))
    }
    #[wasm_bindgen]
    pub fn live_record(h: u32, delta: &str) -> Result<(), String> {
        with_result(h, |x| x.record(delta))
    }
    #[wasm_bindgen]
    pub fn live_undo(h: u32) -> bool {
        with(h, |x| x.undo())
    }
    #[wasm_bindgen]
    pub fn live_redo(h: u32) -> bool {
        with(h, |x| x.redo())
    }
    #[wasm_bindgen]
    pub fn live_can_undo(h: u32) -> bool {
        with(h, |x| x.can_undo())
    }
    #[wasm_bindgen]
    pub fn live_can_redo(h: u32) -> bool {
        with(h, |x| x.can_redo())
    }
    #[wasm_bindgen]
    pub fn live_hello(h: u32) -> js_sys::Array {
        frames(with(h, |x| x.hello()))
    }
    #[wasm_bindgen]
    pub fn live_disconnected(h: u32) {
        with(h, |x| x.disconnected())
    }
    #[wasm_bindgen]
    pub fn live_outgoing(h: u32) -> js_sys::Array {
        frames(with(h, |x| x.outgoing()))
    }
    #[wasm_bindgen]
    pub fn live_receive(h: u32, frame: &[u8]) -> Result<String, String> {
        with_result(h, |x| x.receive(frame))
    }
    #[wasm_bindgen]
    pub fn live_set_presence(h: u32, presence: &str) {
        with(h, |x| x.set_presence(presence))
    }
    #[wasm_bindgen]
    pub fn live_renew_presence(h: u32) {
        with(h, |x| x.renew_presence())
    }
    #[wasm_bindgen]
    pub fn live_peers(h: u32) -> String {
        with(h, |x| x.peers())
    }
    #[wasm_bindgen]
    pub fn live_state(h: u32) -> Vec<u8> {
        with(h, |x| x.state())
    }
    #[wasm_bindgen]
    pub fn live_restore(h: u32, state: &[u8]) -> Result<(), String> {
        with_result(h, |x| x.restore(state))
    }
    #[wasm_bindgen]
    pub fn live_held_out(h: u32) -> String {
        with(h, |x| x.held_out())
    }
    #[wasm_bindgen]
    pub fn live_patch(h: u32) -> Option<String> {
        with(h, |x| x.patch())
    }
    #[wasm_bindgen]
    pub fn live_document(h: u32) -> Result<String, String> {
        with_result(h, |x| x.document())
    }
    #[wasm_bindgen]
    pub fn live_client(h: u32) -> f64 {
        with(h, |x| x.client() as f64)
    }
    #[wasm_bindgen]
    pub fn live_tag(h: u32) -> String {
        with(h, |x| x.tag())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("procmod-exchange is part of the web app; from the command line use `procmod doc` or `procmod convert`.");
    std::process::exit(2);
}
