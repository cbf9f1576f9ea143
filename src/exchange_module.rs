//! The exchange module (built by Trunk beside the app, loaded by the app once it has started):
//! process documents, the step table as CSV, BPMN 2.0 and the templates, as the functions of
//! `procmod::exchange`, each taking and giving text (a Word file as bytes). An error is thrown
//! as its message (`Message::sent`).

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
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("procmod-exchange is part of the web app; from the command line use `procmod doc` or `procmod convert`.");
    std::process::exit(2);
}
