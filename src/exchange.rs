//! What the app hands over and takes in besides its own files: the process document (as an
//! HTML page, as the page the app shows, and as a Word file), the step table as CSV, BPMN 2.0
//! both ways, and the templates. In the browser these run in a wasm module of their own
//! (`procmod-exchange`, built from `src/exchange_module.rs`), which the app loads once it has
//! started: the module that opens first holds only what drawing, editing, checking and
//! measuring need.
//!
//! Everything crosses between the two modules as text: a document as its file (format v1,
//! [`io::save_compact`] and [`io::load`], exact both ways), the language by its code, and an error as
//! its message whole ([`crate::message::Message::sent`]), for the app to show in the
//! language it has then. Each function here is what the module exports,
//! so the native tests run the same code the browser does.

use crate::bpmn::{self, Imported, Note, SubProcesses};
use crate::i18n::Lang;
use crate::io;
use crate::model::{Document, TimeUnit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A document from the text the app sent.
fn read(doc: &str) -> Result<Document, String> {
    io::load(doc).map_err(|e| e.message().sent())
}

/// The process document as a page of its own (`report::html`).
pub fn report_html(doc: &str, lang_code: &str) -> Result<String, String> {
    let lang = Lang::from_code_or_en(lang_code);
    Ok(crate::report::html(&read(doc)?, lang))
}

/// The process document as the app shows it: its styles and its body (`report::styles`,
/// `report::body`), as a JSON pair.
pub fn report_view(doc: &str, lang_code: &str) -> Result<String, String> {
    let lang = Lang::from_code_or_en(lang_code);
    let doc = read(doc)?;
    Ok(serde_json::json!([crate::report::styles(&doc, lang), crate::report::body(&doc, lang)]).to_string())
}

/// The process document as a Word file, with the flowchart as a PNG of `width` × `height`
/// pixels where the app could paint one.
pub fn docx(doc: &str, lang_code: &str, png: Option<Vec<u8>>, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let lang = Lang::from_code_or_en(lang_code);
    let doc = read(doc)?;
    let picture = png.map(|png| crate::docx::Picture { png, width, height });
    crate::docx::docx(&doc, lang, picture.as_ref())
}

/// The step table as CSV (`table::to_csv`).
pub fn to_csv(doc: &str, lang_code: &str) -> Result<String, String> {
    let lang = Lang::from_code_or_en(lang_code);
    Ok(crate::table::to_csv(&read(doc)?, lang))
}

/// A step table read from CSV as a new swimlane titled `title` (`table::from_csv`), as its file.
pub fn from_csv(text: &str, title: &str) -> Result<String, String> {
    crate::table::from_csv(text, title, TimeUnit::Hours)
        .map(|doc| io::save_compact(&doc))
        .map_err(|e| e.message().sent())
}

/// The template `id` in the language as its file.
pub fn template(id: &str, lang_code: &str) -> Result<String, String> {
    crate::templates::text(id, Lang::from_code_or_en(lang_code))
        .map(str::to_string)
        .ok_or_else(|| format!("no template “{id}”"))
}

/// The swimlane as BPMN 2.0 with the diagrams its sub-processes link to (`linked`, as written
/// by [`linked`]), each sub-process collapsed or `expanded` (`bpmn::export_with`).
pub fn bpmn_export(doc: &str, linked: &str, expanded: bool) -> Result<String, String> {
    let doc = read(doc)?;
    let texts: HashMap<String, String> = serde_json::from_str(linked).map_err(|e| e.to_string())?;
    let linked = texts.into_iter().map(|(id, text)| Ok((id, read(&text)?))).collect::<Result<_, String>>()?;
    let how = if expanded { SubProcesses::Expanded } else { SubProcesses::Collapsed };
    bpmn::export_with(&doc, &linked, how).map_err(|e| e.message().sent())
}

/// The linked diagrams of [`bpmn_export`] as the module takes them.
pub fn linked(docs: &HashMap<String, Document>) -> String {
    let texts: HashMap<&String, String> = docs.iter().map(|(id, d)| (id, io::save_compact(d))).collect();
    serde_json::to_string(&texts).unwrap_or_default()
}

/// What [`bpmn_import`] sends back: the documents as their files, and the summary.
#[derive(Serialize, Deserialize)]
struct ImportedText {
    document: String,
    children: Vec<String>,
    notes: Vec<NoteText>,
}

#[derive(Serialize, Deserialize)]
struct NoteText {
    code: String,
    element: String,
    ids: Vec<String>,
}

/// A BPMN 2.0 file read as documents (`bpmn::import`), sent back as [`imported`] reads it.
pub fn bpmn_import(text: &str, name: &str) -> Result<String, String> {
    let got = bpmn::import(text, name).map_err(|e| e.message().sent())?;
    let sent = ImportedText {
        document: io::save_compact(&got.document),
        children: got.children.iter().map(io::save_compact).collect(),
        notes: got
            .notes
            .iter()
            .map(|n| NoteText { code: n.code.to_string(), element: n.element.clone(), ids: n.ids.clone() })
            .collect(),
    };
    serde_json::to_string(&sent).map_err(|e| e.to_string())
}

/// What [`bpmn_import`] sent, read back.
pub fn imported(text: &str) -> Result<Imported, String> {
    let sent: ImportedText = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let notes = sent
        .notes
        .into_iter()
        .map(|n| {
            let code = crate::i18n::key(&n.code).ok_or_else(|| format!("unknown note {}", n.code))?;
            Ok(Note { code, element: n.element, ids: n.ids })
        })
        .collect::<Result<_, String>>()?;
    Ok(Imported {
        document: read(&sent.document)?,
        children: sent.children.iter().map(|c| read(c)).collect::<Result<_, _>>()?,
        notes,
    })
}
