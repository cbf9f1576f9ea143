//! The file format: reading (with migrations from older versions and errors that name the place)
//! and writing Procmod JSON, and its JSON Schema. Pure: strings in, documents out; the browser's
//! files and storage live in `store`.

mod migrate;

pub use migrate::{migrate, Migration, MIGRATIONS};

use crate::message::{Arg, Message};
use crate::model::{Document, ElementRef, Invalid, Problem, FORMAT, VERSION};
use serde_json::Value;

/// Why a text could not be loaded as a document. Every variant says what and where.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// Not JSON at all; `detail` is the JSON reader's own words.
    Syntax { line: usize, column: usize, detail: String },
    /// JSON, but not a Procmod document (another tool's file, or a missing `format`).
    Foreign(Foreign),
    /// A Procmod document from a newer version of the app.
    TooNew { found: u64, supported: u32 },
    /// A migration from an older version failed.
    Migration { from: u32, detail: String },
    /// A field has the wrong type, an unknown name, or a value out of range.
    Field { place: Box<Place>, problem: FieldProblem },
}

/// Why a JSON file is not a Procmod document.
#[derive(Clone, Debug, PartialEq)]
pub enum Foreign {
    NotAnObject,
    /// Its `format` names another format.
    OtherFormat(String),
    FormatNotText,
    NoFormat,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldProblem {
    /// Reported while reading the JSON (wrong type, unknown field …), in the reader's words.
    Read(String),
    /// A value or reference the format does not allow.
    Invalid(Problem),
}

/// Where in a document a problem is: the element and field, and the JSON position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// The element, when the problem is inside one.
    pub element: Option<ElementAt>,
    /// JSON path inside the element or document, e.g. `work`.
    pub field: String,
    /// 1-based line and column, when known.
    pub line: Option<(usize, usize)>,
}

/// An element of a file: its list (`nodes`, `edges`, `lanes`), position and id.
#[derive(Clone, Debug, PartialEq)]
pub struct ElementAt {
    pub list: &'static str,
    pub index: usize,
    pub id: Option<String>,
}

impl Place {
    pub fn message(&self) -> Message {
        let element = match &self.element {
            None => Message::plain("place.document"),
            Some(at) => {
                let word = match at.list {
                    "nodes" => "place.node",
                    "edges" => "place.edge",
                    _ => "place.lane",
                };
                let position = format!("{}[{}]", at.list, at.index);
                match &at.id {
                    Some(id) => Message::new(
                        "place.element_id",
                        vec![Arg::Key(word), Arg::Text(id.clone()), Arg::Text(position)],
                    ),
                    None => Message::new("place.element", vec![Arg::Key(word), Arg::Text(position)]),
                }
            }
        };
        let field = if self.field.is_empty() {
            Arg::Text(String::new())
        } else {
            Arg::Msg(Box::new(Message::new("place.field", vec![Arg::Text(self.field.clone())])))
        };
        let line = match self.line {
            Some((l, c)) => Arg::Msg(Box::new(Message::new("place.line", vec![Arg::Count(l), Arg::Count(c)]))),
            None => Arg::Text(String::new()),
        };
        Message::new("place", vec![Arg::Msg(Box::new(element)), field, line])
    }
}

impl LoadError {
    pub fn message(&self) -> Message {
        match self {
            LoadError::Syntax { line, column, detail } => {
                Message::new("load.syntax", vec![Arg::Count(*line), Arg::Count(*column), Arg::Text(detail.clone())])
            }
            LoadError::Foreign(why) => {
                let why = match why {
                    Foreign::NotAnObject => Message::plain("load.foreign.not_object"),
                    Foreign::OtherFormat(f) => {
                        Message::new("load.foreign.other", vec![Arg::Text(f.clone()), Arg::Text(FORMAT.into())])
                    }
                    Foreign::FormatNotText => Message::plain("load.foreign.format_not_text"),
                    Foreign::NoFormat => Message::new("load.foreign.no_format", vec![Arg::Text(FORMAT.into())]),
                };
                Message::new("load.foreign", vec![Arg::Msg(Box::new(why))])
            }
            LoadError::TooNew { found, supported } => {
                Message::new("load.too_new", vec![Arg::Count(*found as usize), Arg::Count(*supported as usize)])
            }
            LoadError::Migration { from, detail } => {
                Message::new("load.migration", vec![Arg::Count(*from as usize), Arg::Text(detail.clone())])
            }
            LoadError::Field { place, problem } => {
                let problem = match problem {
                    FieldProblem::Read(detail) => read_problem(detail),
                    FieldProblem::Invalid(p) => {
                        Invalid { element: ElementRef::Document, field: "", problem: p.clone() }.problem_message()
                    }
                };
                Message::new("load.field", vec![Arg::Msg(Box::new(place.message())), Arg::Msg(Box::new(problem))])
            }
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for LoadError {}

/// The JSON reader's words for a wrong field, as a message: the common cases get a sentence of
/// their own (in either language) with the reader's details as arguments.
fn read_problem(detail: &str) -> Message {
    let text = |s: &str| Arg::Text(s.to_string());
    let split_expected = |rest: &str| match rest.split_once(", expected ") {
        Some((found, expected)) => (found.to_string(), expected.to_string()),
        None => (rest.to_string(), String::new()),
    };
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (field, expected) = split_expected(rest);
        return Message::new("read.unknown_field", vec![Arg::Text(field), Arg::Text(expected)]);
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (variant, expected) = split_expected(rest);
        return Message::new("read.unknown_variant", vec![Arg::Text(variant), Arg::Text(expected)]);
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = split_expected(rest);
        // The reader names Rust types; people read "a number".
        let expected = match expected.as_str() {
            "f64" => Arg::Key("read.a_number"),
            "u32" | "u64" | "usize" => Arg::Key("read.a_whole_number"),
            "a string" => Arg::Key("read.a_text"),
            _ => Arg::Text(expected),
        };
        return Message::new("read.invalid_type", vec![Arg::Text(found), expected]);
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest);
        return Message::new("read.invalid_value", vec![Arg::Text(found), Arg::Text(expected)]);
    }
    if let Some(rest) = detail.strip_prefix("missing field ") {
        return Message::new("read.missing_field", vec![text(rest)]);
    }
    Message::new("read.other", vec![text(detail)])
}

/// A connector dropped when a stored document was opened, because an end names no shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Repair {
    pub edge: String,
    pub missing: String,
}

impl Repair {
    pub fn message(&self) -> Message {
        Message::new("repair.dropped_connector", vec![Arg::Text(self.edge.clone()), Arg::Text(self.missing.clone())])
    }
}

/// Reads a document from JSON text: checks it is a Procmod file, upgrades older versions,
/// reads every field, then checks the document's invariants (`Document::check_invariants`), so
/// that every command and its undo can handle what it returns. Never panics; the error says
/// what is wrong and where.
pub fn load(text: &str) -> Result<Document, LoadError> {
    let (doc, root) = read(text)?;
    doc.check_invariants().map_err(|invalid| invalid_error(&doc, &root, invalid))?;
    Ok(doc)
}

/// Like [`load`], but a connector whose end names no shape is dropped and reported rather than
/// refused: for documents already in the library, which earlier versions of the app stored
/// without that check, so that they still open. Anything else wrong is refused as by `load`.
pub fn restore(text: &str) -> Result<(Document, Vec<Repair>), LoadError> {
    let (mut doc, root) = read(text)?;
    let ids: std::collections::HashSet<String> = doc.nodes.iter().map(|n| n.id.clone()).collect();
    let mut repairs = Vec::new();
    doc.edges.retain(|e| {
        let missing = [&e.from, &e.to].into_iter().find(|end| !ids.contains(end.as_str()));
        if let Some(m) = missing {
            repairs.push(Repair { edge: e.id.clone(), missing: m.clone() });
        }
        missing.is_none()
    });
    doc.check_invariants().map_err(|invalid| invalid_error(&doc, &root, invalid))?;
    Ok((doc, repairs))
}

/// Reads a document from JSON already parsed (a merge's result), with every check of [`load`].
pub fn load_value(value: Value) -> Result<Document, LoadError> {
    // Serialising a JSON value cannot fail.
    load(&serde_json::to_string(&value).unwrap_or_default())
}

/// Parses, checks the header, migrates and deserialises; returns the document and its JSON.
fn read(text: &str) -> Result<(Document, Value), LoadError> {
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        detail: strip_position(&e.to_string()),
    })?;
    let obj = value.as_object().ok_or(LoadError::Foreign(Foreign::NotAnObject))?;
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => return Err(LoadError::Foreign(Foreign::OtherFormat(f.clone()))),
        Some(_) => return Err(LoadError::Foreign(Foreign::FormatNotText)),
        None => return Err(LoadError::Foreign(Foreign::NoFormat)),
    }
    let version_error = |why: &str| LoadError::Field {
        place: Box::new(Place { element: None, field: "version".into(), line: None }),
        problem: FieldProblem::Read(why.into()),
    };
    let version = match obj.get("version") {
        Some(Value::Number(n)) => {
            n.as_u64().ok_or_else(|| version_error(&format!("invalid value: {n}, expected a whole number ≥ 1")))?
        }
        Some(_) => return Err(version_error("invalid type: not a number, expected a whole number ≥ 1")),
        None => return Err(version_error("missing field `version`")),
    };
    if version > VERSION as u64 {
        return Err(LoadError::TooNew { found: version, supported: VERSION });
    }
    if version == 0 {
        return Err(version_error("invalid value: 0, expected a whole number ≥ 1"));
    }
    if version == VERSION as u64 {
        // Read from the text itself, so that errors carry its lines and columns.
        let doc = deserialize(text, &value)?;
        Ok((doc, value))
    } else {
        let upgraded = migrate(value, version as u32)?;
        // Serialising a JSON value cannot fail.
        let text = serde_json::to_string(&upgraded).unwrap_or_default();
        let doc = deserialize(&text, &upgraded)?;
        Ok((doc, upgraded))
    }
}

/// A value of the app's own making read back from JSON (what crosses between its wasm modules),
/// through the same deserialiser as documents, so that their elements' code is not built twice.
pub fn read_sent<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| e.to_string())
}

fn deserialize(text: &str, root: &Value) -> Result<Document, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, Document>(&mut de)
        .map_err(|e| path_error(root, e.path().to_string(), e.inner()))
}

/// Writes a document as pretty JSON (stable field order), for files people read and diff.
pub fn save(doc: &Document) -> String {
    // Serialising plain data to a String cannot fail: all map keys are strings.
    serde_json::to_string_pretty(doc).expect("a document always serialises")
}

/// Writes a document as compact JSON, for local storage (about half the size of `save`).
pub fn save_compact(doc: &Document) -> String {
    serde_json::to_string(doc).expect("a document always serialises")
}

/// The JSON Schema of the current format version.
pub fn schema() -> Value {
    let schema = schemars::schema_for!(Document);
    serde_json::to_value(schema).expect("a schema always serialises")
}

/// serde_json appends " at line L column C" to its messages; we report the place separately.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Turns a serde path like `nodes[3].work` into the place `node "t1" (nodes[3]), field work`.
fn path_error(root: &Value, path: String, inner: &serde_json::Error) -> LoadError {
    let line = (inner.line() > 0).then(|| (inner.line(), inner.column()));
    let detail = strip_position(&inner.to_string());
    let mut place = Place { element: None, field: path.clone(), line };
    for list in ["nodes", "edges", "lanes"] {
        let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
            continue;
        };
        let Some(close) = rest.find(']') else {
            continue;
        };
        let Ok(index) = rest[..close].parse::<usize>() else {
            continue;
        };
        let id = root.get(list).and_then(|l| l.get(index)).and_then(|e| e.get("id")).and_then(Value::as_str);
        place.element = Some(ElementAt { list, index, id: id.map(str::to_string) });
        place.field = rest[close + 1..].trim_start_matches('.').to_string();
    }
    if place.field == "." || place.field == "?" {
        place.field.clear();
    }
    LoadError::Field { place: Box::new(place), problem: FieldProblem::Read(detail) }
}

/// An invariant broken by a file, as a load error that names the element by id and position.
fn invalid_error(doc: &Document, root: &Value, invalid: Invalid) -> LoadError {
    let at = |list: &'static str, index: Option<usize>| {
        index.map(|index| {
            let id = root.get(list).and_then(|l| l.get(index)).and_then(|e| e.get("id")).and_then(Value::as_str);
            ElementAt { list, index, id: id.map(str::to_string) }
        })
    };
    let (element, field) = match &invalid.element {
        ElementRef::Node(id) => (at("nodes", doc.nodes.iter().rposition(|n| n.id == *id)), invalid.field.to_string()),
        ElementRef::Edge(id) => (at("edges", doc.edges.iter().rposition(|e| e.id == *id)), invalid.field.to_string()),
        ElementRef::Lane(id) => (at("lanes", doc.lanes.iter().rposition(|l| l.id == *id)), invalid.field.to_string()),
        ElementRef::Settings => (None, format!("settings.{}", invalid.field)),
        ElementRef::Document => (None, invalid.field.to_string()),
    };
    LoadError::Field {
        place: Box::new(Place { element, field, line: None }),
        problem: FieldProblem::Invalid(invalid.problem),
    }
}
