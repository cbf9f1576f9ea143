//! A document in a shared Y.Doc, and back: the contract every client of a live room relies on.
//!
//! Four top-level maps:
//! - `doc`: the document's own fields (`format`, `version`, `kind`, `title`, `time_unit`,
//!   `meta`, `settings`) as plain values, each present only when the file would write it;
//! - `lanes`, `nodes`, `edges`: one entry per element, keyed by its id; each entry is a map of
//!   that element's fields exactly as format v1 writes them (`id` included), plus `order`, a
//!   number that sorts the elements (ties by id). Fields merge one by one: one person retimes a
//!   step while another renames it.
//!
//! Reading is strict: an entry that is not a map, whose `id` differs from its key, or whose
//! fields the format refuses is kept out of the document and reported, never trusted.

use crate::model::{Document, ElementRef, Invalid, Problem, Shared};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use yrs::{Any, Map as _, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

/// Names of the top-level maps.
pub const DOC: &str = "doc";
pub const LANES: &str = "lanes";
pub const NODES: &str = "nodes";
pub const EDGES: &str = "edges";
/// The sort key on every element entry.
pub const ORDER: &str = "order";

/// Which list of elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    Lanes,
    Nodes,
    Edges,
}

impl List {
    pub const ALL: [List; 3] = [List::Lanes, List::Nodes, List::Edges];
    pub fn name(self) -> &'static str {
        match self {
            List::Lanes => LANES,
            List::Nodes => NODES,
            List::Edges => EDGES,
        }
    }
    pub fn element(self, id: &str) -> ElementRef {
        match self {
            List::Lanes => ElementRef::Lane(id.into()),
            List::Nodes => ElementRef::Node(id.into()),
            List::Edges => ElementRef::Edge(id.into()),
        }
    }
}

/// The four top-level maps of one Y.Doc.
#[derive(Clone)]
pub struct Roots {
    pub doc: MapRef,
    pub lanes: MapRef,
    pub nodes: MapRef,
    pub edges: MapRef,
}

impl Roots {
    pub fn of(doc: &yrs::Doc) -> Self {
        Roots {
            doc: doc.get_or_insert_map(DOC),
            lanes: doc.get_or_insert_map(LANES),
            nodes: doc.get_or_insert_map(NODES),
            edges: doc.get_or_insert_map(EDGES),
        }
    }
    pub fn list(&self, list: List) -> &MapRef {
        match list {
            List::Lanes => &self.lanes,
            List::Nodes => &self.nodes,
            List::Edges => &self.edges,
        }
    }
}

/// Why an element of the shared document is not in the open one.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub element: ElementRef,
    pub reason: Reason,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The entry is not a map of fields.
    NotAnEntry,
    /// The entry's `id` is not its key.
    IdMismatch(String),
    /// The fields do not make an element of the format (serde's words).
    Unreadable(String),
    /// A value or reference the format does not allow.
    Invalid(Invalid),
}

// ----- values ---------------------------------------------------------------------------------

pub fn to_any(value: &Value) -> Any {
    match value {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Any::from(i),
            (None, Some(f)) => Any::from(f),
            _ => Any::Null,
        },
        Value::String(s) => Any::String(Arc::from(s.as_str())),
        Value::Array(items) => Any::Array(items.iter().map(to_any).collect()),
        Value::Object(map) => Any::Map(Arc::new(map.iter().map(|(k, v)| (k.clone(), to_any(v))).collect())),
    }
}

pub fn to_value(any: &Any) -> Value {
    match any {
        Any::Null | Any::Undefined => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(yrs::Number::Int(i)) => Value::from(*i),
        Any::Number(yrs::Number::Float(f)) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Any::String(s) => Value::String(s.to_string()),
        Any::Buffer(b) => Value::Array(b.iter().map(|x| Value::from(*x)).collect()),
        Any::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Any::Map(map) => {
            // Sorted keys: the same fields always read the same way.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), to_value(&map[k]))).collect())
        }
    }
}

/// A number, if the value is one.
pub fn number(any: &Any) -> Option<f64> {
    match any {
        Any::Number(yrs::Number::Int(i)) => Some(*i as f64),
        Any::Number(yrs::Number::Float(f)) => Some(*f),
        _ => None,
    }
}

/// An element's fields as the format writes them.
fn fields<T: Serialize>(element: &T) -> Map<String, Value> {
    match serde_json::to_value(element) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The document's own fields (without its elements).
pub fn header_fields(doc: &Document) -> Map<String, Value> {
    fields(&super::delta::header(doc))
}

// ----- writing --------------------------------------------------------------------------------

/// Writes `fields` into the map `entry`, setting what differs from `old` and removing what
/// `fields` no longer has (`old`: the fields as last written, when known; else read back).
fn write_fields(
    txn: &mut TransactionMut,
    entry: &MapRef,
    fields: &Map<String, Value>,
    old: Option<&Map<String, Value>>,
) {
    let read;
    let old = match old {
        Some(old) => old,
        None => {
            read = read_fields(txn, entry);
            &read
        }
    };
    for (key, value) in fields {
        if old.get(key) != Some(value) {
            entry.insert(txn, key.as_str(), to_any(value));
        }
    }
    for key in old.keys() {
        if key != ORDER && !fields.contains_key(key) {
            entry.remove(txn, key);
        }
    }
}

/// The fields of an entry as JSON (sorted by key).
pub fn read_fields<T: ReadTxn>(txn: &T, entry: &MapRef) -> Map<String, Value> {
    let mut pairs: Vec<(String, Value)> = entry
        .iter(txn)
        .map(|(k, v)| {
            let value = match v {
                Out::Any(any) => to_value(&any),
                _ => Value::Null,
            };
            (k.to_string(), value)
        })
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.into_iter().collect()
}

fn new_entry(fields: &Map<String, Value>, order: f64) -> MapPrelim {
    fields.iter().map(|(k, v)| (k.clone(), to_any(v))).chain([(ORDER.to_string(), Any::from(order))]).collect()
}

/// Puts a whole document into empty maps (the first participant of a room).
pub fn write_document(txn: &mut TransactionMut, roots: &Roots, doc: &Document) {
    write_fields(txn, &roots.doc, &header_fields(doc), Some(&Map::new()));
    for (i, lane) in doc.lanes.iter().enumerate() {
        roots.lanes.insert(txn, lane.id.as_str(), new_entry(&fields(lane), (i + 1) as f64));
    }
    for (i, node) in doc.nodes.iter().enumerate() {
        roots.nodes.insert(txn, node.id.as_str(), new_entry(&fields(&**node), (i + 1) as f64));
    }
    for (i, edge) in doc.edges.iter().enumerate() {
        roots.edges.insert(txn, edge.id.as_str(), new_entry(&fields(&**edge), (i + 1) as f64));
    }
}

/// Writes the step from `before` to `after` (a local edit) into the maps: only the fields that
/// changed, the entries added and removed, and new sort keys where the order changed.
pub fn write_step(txn: &mut TransactionMut, roots: &Roots, before: &Document, after: &Document) {
    // The document's own fields are serialised only when one of them changed (most steps
    // change elements alone).
    let same_header = before.format == after.format
        && before.version == after.version
        && before.kind == after.kind
        && before.title == after.title
        && before.meta == after.meta
        && before.time_unit == after.time_unit
        && before.settings == after.settings;
    if !same_header {
        write_fields(txn, &roots.doc, &header_fields(after), Some(&header_fields(before)));
    }
    write_list(txn, &roots.lanes, &before.lanes, &after.lanes, |a, b| a == b, |l| &l.id, fields);
    write_list(txn, &roots.nodes, &before.nodes, &after.nodes, Shared::same, |n| &n.id, |n| fields(&**n));
    write_list(txn, &roots.edges, &before.edges, &after.edges, Shared::same, |e| &e.id, |e| fields(&**e));
}

fn write_list<T>(
    txn: &mut TransactionMut,
    root: &MapRef,
    before: &[T],
    after: &[T],
    same: impl Fn(&T, &T) -> bool,
    id: impl Fn(&T) -> &String,
    fields_of: impl Fn(&T) -> Map<String, Value>,
) {
    let in_place = before.len() == after.len() && before.iter().zip(after).all(|(a, b)| id(a) == id(b));
    if in_place && before.iter().zip(after).all(|(a, b)| same(a, b)) {
        return;
    }
    // The element each one was before: at the same place when the ids did not move.
    let old: HashMap<&str, &T> =
        if in_place { HashMap::new() } else { before.iter().map(|e| (id(e).as_str(), e)).collect() };
    let previous_of = |i: usize, key: &str| if in_place { before.get(i) } else { old.get(key).copied() };
    let mut orders: Option<Vec<(String, f64)>> = None;
    if !in_place {
        let gone: Vec<&str> = {
            let now: std::collections::HashSet<&str> = after.iter().map(|e| id(e).as_str()).collect();
            before.iter().map(|e| id(e).as_str()).filter(|i| !now.contains(i)).collect()
        };
        for gone in gone {
            root.remove(txn, gone);
        }
        let keys: Vec<(String, Option<f64>)> =
            after.iter().map(|e| (id(e).clone(), order_of(txn, root, id(e)))).collect();
        orders = Some(sort_keys(&keys));
    }
    let new_orders: HashMap<&str, f64> = orders.iter().flatten().map(|(i, k)| (i.as_str(), *k)).collect();
    for (i, element) in after.iter().enumerate() {
        let key = id(element).as_str();
        let previous = previous_of(i, key);
        if previous.is_none_or(|p| !same(p, element)) {
            let fields = fields_of(element);
            match root.get(txn, key) {
                Some(Out::YMap(entry)) => {
                    let old_fields = previous.map(&fields_of);
                    write_fields(txn, &entry, &fields, old_fields.as_ref());
                }
                _ => {
                    let order = new_orders.get(key).copied().unwrap_or(0.0);
                    root.insert(txn, key, new_entry(&fields, order));
                    continue;
                }
            }
        }
        if let Some(order) = new_orders.get(key) {
            if let Some(Out::YMap(entry)) = root.get(txn, key) {
                entry.insert(txn, ORDER, Any::from(*order));
            }
        }
    }
}

/// An entry's sort key.
pub fn order_of<T: ReadTxn>(txn: &T, root: &MapRef, id: &str) -> Option<f64> {
    match root.get(txn, id) {
        Some(Out::YMap(entry)) => match entry.get(txn, ORDER) {
            Some(Out::Any(any)) => number(&any).filter(|f| f.is_finite()),
            _ => None,
        },
        _ => None,
    }
}

/// Sort keys for a list in the order wanted, given the keys the elements have (`None`: new).
/// Keeps the keys of the longest run already in order and gives the others keys between their
/// neighbours, so that a move or an insertion rewrites one key; only when no number fits
/// between two neighbours are all keys written afresh. Returns the keys to write.
pub fn sort_keys(elements: &[(String, Option<f64>)]) -> Vec<(String, f64)> {
    let n = elements.len();
    // Longest strictly increasing run of (key, id) among the elements that have keys.
    let present: Vec<usize> = (0..n).filter(|&i| elements[i].1.is_some()).collect();
    let less = |a: usize, b: usize| {
        let (ka, kb) = (elements[a].1.unwrap_or(0.0), elements[b].1.unwrap_or(0.0));
        ka < kb || (ka == kb && elements[a].0 < elements[b].0)
    };
    let mut tails: Vec<usize> = Vec::new(); // index into `present` of the smallest tail per length
    let mut prev: Vec<Option<usize>> = vec![None; present.len()];
    for (p, &i) in present.iter().enumerate() {
        let pos = tails.partition_point(|&t| less(present[t], i));
        if pos > 0 {
            prev[p] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(p);
        } else {
            tails[pos] = p;
        }
    }
    let mut keep = vec![false; n];
    let mut at = tails.last().copied();
    while let Some(p) = at {
        keep[present[p]] = true;
        at = prev[p];
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut last: Option<f64> = None;
    while i < n {
        if keep[i] {
            last = elements[i].1;
            i += 1;
            continue;
        }
        // A run of elements needing keys, between `last` and the next kept key.
        let start = i;
        while i < n && !keep[i] {
            i += 1;
        }
        let next = if i < n { elements[i].1 } else { None };
        let count = (i - start) as f64;
        let (lo, hi) = match (last, next) {
            (Some(lo), Some(hi)) => (lo, hi),
            (Some(lo), None) => (lo, lo + count + 1.0),
            (None, Some(hi)) => (hi - count - 1.0, hi),
            (None, None) => (0.0, count + 1.0),
        };
        let step = (hi - lo) / (count + 1.0);
        let mut prev_key = lo;
        for (j, k) in (start..i).enumerate() {
            let key = lo + step * (j + 1) as f64;
            if !(key > prev_key && key < hi) {
                // No room left between the neighbours: every element gets a key afresh.
                return elements.iter().enumerate().map(|(i, (id, _))| (id.clone(), (i + 1) as f64)).collect();
            }
            prev_key = key;
            out.push((elements[k].0.clone(), key));
        }
    }
    out
}

// ----- reading --------------------------------------------------------------------------------

/// One element read from its entry, with its sort key.
pub fn read_element<T: DeserializeOwned, R: ReadTxn>(
    txn: &R,
    list: List,
    key: &str,
    out: Option<Out>,
) -> Option<Result<(T, f64), Rejected>> {
    let reject = |reason| Rejected { element: list.element(key), reason };
    let entry = match out? {
        Out::YMap(entry) => entry,
        _ => return Some(Err(reject(Reason::NotAnEntry))),
    };
    let mut fields = read_fields(txn, &entry);
    let order = fields.remove(ORDER).and_then(|v| v.as_f64()).filter(|f| f.is_finite()).unwrap_or(0.0);
    match fields.get("id") {
        Some(Value::String(id)) if id == key => {}
        other => {
            let found = other.map(|v| v.to_string()).unwrap_or_default();
            return Some(Err(reject(Reason::IdMismatch(found))));
        }
    }
    Some(
        serde_json::from_value(Value::Object(fields))
            .map(|e| (e, order))
            .map_err(|e| reject(Reason::Unreadable(e.to_string()))),
    )
}

/// The document's own fields from the `doc` map, over `current` (its elements kept). None when
/// the map holds nothing yet.
pub fn read_header<R: ReadTxn>(txn: &R, roots: &Roots, current: &Document) -> Option<Result<Document, Rejected>> {
    let fields = read_fields(txn, &roots.doc);
    if fields.is_empty() {
        return None;
    }
    let reject = |reason| Rejected { element: ElementRef::Document, reason };
    let header: Document = match serde_json::from_value(Value::Object(fields)) {
        Ok(doc) => doc,
        Err(e) => return Some(Err(reject(Reason::Unreadable(e.to_string())))),
    };
    if let Err(invalid) = crate::model::check_settings(&header.settings) {
        return Some(Err(reject(Reason::Invalid(invalid))));
    }
    if header.format != crate::model::FORMAT
        || header.version != crate::model::VERSION
        || header.kind != current.kind && !current.nodes.is_empty()
    {
        let problem =
            if header.version != crate::model::VERSION { Problem::Version(header.version) } else { Problem::Format };
        return Some(Err(reject(Reason::Invalid(Invalid { element: ElementRef::Document, field: "format", problem }))));
    }
    let mut doc = current.clone();
    doc.format = header.format;
    doc.version = header.version;
    doc.kind = header.kind;
    doc.title = header.title;
    doc.meta = header.meta;
    doc.time_unit = header.time_unit;
    doc.settings = header.settings;
    Some(Ok(doc))
}
