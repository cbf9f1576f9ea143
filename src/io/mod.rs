//! The file format: reading (with migrations from older versions and errors that name the place)
//! and writing Procmod JSON, and its JSON Schema. Pure: strings in, documents out; the browser's
//! files and storage live in `store`.

mod migrate;

pub use migrate::{migrate, Migration, MIGRATIONS};

use crate::model::{Document, Kind, FORMAT, VERSION};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// Why a text could not be loaded as a document. Every variant says what and where.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// Not JSON at all.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    /// JSON, but not a Procmod document (another tool's file, or a missing `format`).
    #[error("not a Procmod document: {0}")]
    Foreign(String),
    /// A Procmod document from a newer version of the app.
    #[error("this file is format version {found}; this Procmod reads versions up to {supported}")]
    TooNew { found: u64, supported: u32 },
    /// A migration from an older version failed.
    #[error("could not upgrade from version {from}: {message}")]
    Migration { from: u32, message: String },
    /// A field has the wrong type, an unknown name, or a value out of range.
    #[error("{place}: {message}")]
    Field { place: Place, message: String },
}

/// Where in a document a problem is: the element (by id) and field, and the JSON position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// `node "t1"`, `edge "e2"`, `lane "buyer"`, or `document`.
    pub element: String,
    /// JSON path inside the element or document, e.g. `work`.
    pub field: String,
    /// 1-based line and column, when known.
    pub line: Option<(usize, usize)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.element)?;
        if !self.field.is_empty() {
            write!(f, ", field `{}`", self.field)?;
        }
        if let Some((line, column)) = self.line {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

/// Reads a document from JSON text: checks it is a Procmod file, upgrades older versions,
/// then checks every field. Never panics; the error says what is wrong and where.
pub fn load(text: &str) -> Result<Document, LoadError> {
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let obj = value.as_object().ok_or_else(|| LoadError::Foreign("the file holds no JSON object".into()))?;
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => return Err(LoadError::Foreign(format!("its `format` is \"{f}\", not \"{FORMAT}\""))),
        Some(_) => return Err(LoadError::Foreign("its `format` is not a string".into())),
        None => return Err(LoadError::Foreign(format!("it has no `format` field (expected \"{FORMAT}\")"))),
    }
    let version = match obj.get("version") {
        Some(Value::Number(n)) => {
            n.as_u64().ok_or_else(|| field_error("document", "version", "must be a whole number ≥ 1"))?
        }
        Some(_) => return Err(field_error("document", "version", "must be a whole number")),
        None => return Err(field_error("document", "version", "is missing")),
    };
    if version > VERSION as u64 {
        return Err(LoadError::TooNew { found: version, supported: VERSION });
    }
    if version == 0 {
        return Err(field_error("document", "version", "must be 1 or more"));
    }
    let doc = if version == VERSION as u64 {
        // Deserialise from the text itself so type errors carry line and column.
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, Document>(&mut de)
            .map_err(|e| path_error(&value, e.path().to_string(), e.inner()))?
    } else {
        let upgraded = migrate(value, version as u32)?;
        serde_path_to_error::deserialize::<_, Document>(&upgraded)
            .map_err(|e| path_error(&upgraded, e.path().to_string(), e.inner()))?
    };
    check_values(&doc)?;
    Ok(doc)
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

fn field_error(element: &str, field: &str, message: &str) -> LoadError {
    LoadError::Field {
        place: Place { element: element.into(), field: field.into(), line: None },
        message: message.into(),
    }
}

/// serde_json appends " at line L column C" to its messages; we report the place separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Turns a serde path like `nodes[3].work` into `node "t1", field work`.
fn path_error(root: &Value, path: String, inner: &serde_json::Error) -> LoadError {
    let line = (inner.line() > 0).then(|| (inner.line(), inner.column()));
    let message = strip_position(&inner.to_string());
    let mut place = Place { element: "document".into(), field: path.clone(), line };
    for (list, singular) in [("nodes", "node"), ("edges", "edge"), ("lanes", "lane")] {
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
        place.element = match id {
            Some(id) => format!("{singular} \"{id}\" ({list}[{index}])"),
            None => format!("{singular} {list}[{index}]"),
        };
        place.field = rest[close + 1..].trim_start_matches('.').to_string();
    }
    if place.field == "." || place.field == "?" {
        place.field.clear();
    }
    LoadError::Field { place, message }
}

/// Checks what serde cannot: ids present and unique, node types that fit the kind, and numbers
/// in range.
fn check_values(doc: &Document) -> Result<(), LoadError> {
    let mut seen = HashSet::new();
    let err = |element: String, field: &str, message: String| LoadError::Field {
        place: Place { element, field: field.into(), line: None },
        message,
    };
    let ids = doc
        .nodes
        .iter()
        .map(|n| ("node", &n.id))
        .chain(doc.edges.iter().map(|e| ("edge", &e.id)))
        .chain(doc.lanes.iter().map(|l| ("lane", &l.id)));
    for (what, id) in ids {
        if id.trim().is_empty() {
            return Err(err(what.into(), "id", "must not be empty".into()));
        }
        if !seen.insert(id.as_str()) {
            return Err(err(format!("{what} \"{id}\""), "id", "is used by another element; ids must be unique".into()));
        }
    }
    let allowed = doc.kind.node_types();
    for n in &doc.nodes {
        let place = || format!("node \"{}\"", n.id);
        if !allowed.contains(&n.kind) {
            let names: Vec<_> = allowed.iter().map(|t| t.as_str()).collect();
            return Err(err(
                place(),
                "type",
                format!(
                    "\"{}\" is not a {} node type (use one of: {})",
                    n.kind.as_str(),
                    kind_name(doc.kind),
                    names.join(", ")
                ),
            ));
        }
        for (field, v) in [("x", n.x), ("y", n.y)] {
            if !v.is_finite() {
                return Err(err(place(), field, "must be a finite number".into()));
            }
        }
        let non_negative = [
            ("w", Some(n.w)),
            ("h", Some(n.h)),
            ("work", Some(n.work)),
            ("wait", Some(n.wait)),
            ("cycle_time", n.cycle_time),
            ("changeover", n.changeover),
            ("operators", n.operators),
            ("shifts", n.shifts),
            ("quantity", n.quantity),
            ("days", n.days),
        ];
        for (field, v) in non_negative {
            if let Some(v) = v {
                if !(v.is_finite() && v >= 0.0) {
                    return Err(err(place(), field, format!("must be a number ≥ 0, got {v}")));
                }
            }
        }
        for (field, v) in [("uptime", n.uptime), ("pca", n.pca)] {
            if let Some(v) = v {
                if !(0.0..=1.0).contains(&v) {
                    return Err(err(place(), field, format!("must be a fraction from 0 to 1, got {v}")));
                }
            }
        }
    }
    for e in &doc.edges {
        let place = || format!("edge \"{}\"", e.id);
        if let Some(p) = e.probability {
            if !(0.0..=1.0).contains(&p) {
                return Err(err(place(), "probability", format!("must be from 0 to 1, got {p}")));
            }
        }
        if let Some(t) = e.transfer {
            if !(t.is_finite() && t >= 0.0) {
                return Err(err(place(), "transfer", format!("must be a number ≥ 0, got {t}")));
            }
        }
    }
    let s = &doc.settings;
    let settings = [
        ("handoff_time", s.handoff_time),
        ("arrivals_per_day", s.arrivals_per_day),
        ("hours_per_day", s.hours_per_day),
        ("demand_per_day", s.demand_per_day),
        ("available_seconds_per_day", s.available_seconds_per_day),
        ("shifts_per_day", s.shifts_per_day),
        ("hours_per_shift", s.hours_per_shift),
        ("break_minutes_per_shift", s.break_minutes_per_shift),
    ];
    for (field, v) in settings {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(err("settings".into(), field, format!("must be a number ≥ 0, got {v}")));
            }
        }
    }
    for l in &doc.lanes {
        for (field, v) in [("capacity", l.capacity), ("size", l.size)] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0) {
                    return Err(err(format!("lane \"{}\"", l.id), field, format!("must be a number > 0, got {v}")));
                }
            }
        }
    }
    Ok(())
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Sipoc => "SIPOC",
        Kind::Swimlane => "swimlane",
        Kind::Vsm => "value-stream",
    }
}
