//! One step of a document as what it changed: the document's own fields when they changed,
//! and per list (lanes, shapes, connectors) the elements changed or added, the ids removed, and
//! the order only when it is not the one removing and appending give. [`diff`] writes it from
//! the document before and after, [`apply`] makes the after from the before again, so that a
//! copy of the document kept apart from the open one (a replica in another wasm module) can
//! follow each step at the cost of what it changed, not of the whole document.

use crate::model::{Document, Edge, Lane, Node, Shared};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What a step changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// The document's own fields (a document without elements), when one of them changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Box<Document>>,
    #[serde(default, skip_serializing_if = "Changes::is_empty")]
    pub lanes: Changes<Lane>,
    #[serde(default, skip_serializing_if = "Changes::is_empty")]
    pub nodes: Changes<Shared<Node>>,
    #[serde(default, skip_serializing_if = "Changes::is_empty")]
    pub edges: Changes<Shared<Edge>>,
}

/// What changed in one list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct Changes<T> {
    /// Elements changed or added, in the list's new order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<T>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Every id in the new order, when removing and then appending what is new does not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
}

impl<T> Default for Changes<T> {
    fn default() -> Self {
        Changes { set: Vec::new(), removed: Vec::new(), order: None }
    }
}

impl<T> Changes<T> {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.removed.is_empty() && self.order.is_none()
    }
}

impl Delta {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.header.is_none() && self.lanes.is_empty() && self.nodes.is_empty() && self.edges.is_empty()
    }
}

/// An element of a list, known by its id.
pub trait Keyed: Clone + PartialEq {
    fn key(&self) -> &str;
    /// The same element (not only an equal one): nothing to compare.
    fn same(a: &Self, b: &Self) -> bool {
        a == b
    }
}

impl Keyed for Lane {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Shared<Node> {
    fn key(&self) -> &str {
        &self.id
    }
    fn same(a: &Self, b: &Self) -> bool {
        Shared::same(a, b) || a == b
    }
}

impl Keyed for Shared<Edge> {
    fn key(&self) -> &str {
        &self.id
    }
    fn same(a: &Self, b: &Self) -> bool {
        Shared::same(a, b) || a == b
    }
}

/// The document's own fields, alone (a document without elements).
pub fn header(doc: &Document) -> Document {
    let mut h = Document::new(doc.kind, doc.title.clone());
    h.format = doc.format.clone();
    h.version = doc.version;
    h.meta = doc.meta.clone();
    h.time_unit = doc.time_unit;
    h.settings = doc.settings.clone();
    h
}

fn changes<T: Keyed>(before: &[T], after: &[T]) -> Changes<T> {
    // The usual step leaves every id where it was: compared pair by pair, without hashing.
    if before.len() == after.len() && before.iter().zip(after).all(|(b, a)| b.key() == a.key()) {
        let set = before.iter().zip(after).filter(|(b, a)| !T::same(b, a)).map(|(_, a)| a.clone()).collect();
        return Changes { set, removed: Vec::new(), order: None };
    }
    let old: HashMap<&str, &T> = before.iter().map(|e| (e.key(), e)).collect();
    let now: HashSet<&str> = after.iter().map(Keyed::key).collect();
    let set = after.iter().filter(|e| old.get(e.key()).is_none_or(|was| !T::same(was, e))).cloned().collect();
    let removed: Vec<String> = before.iter().filter(|e| !now.contains(e.key())).map(|e| e.key().to_string()).collect();
    let expected = before
        .iter()
        .map(Keyed::key)
        .filter(|id| now.contains(id))
        .chain(after.iter().map(Keyed::key).filter(|id| !old.contains_key(id)));
    let order =
        (!expected.eq(after.iter().map(Keyed::key))).then(|| after.iter().map(|e| e.key().to_string()).collect());
    Changes { set, removed, order }
}

/// What the step from `before` to `after` changed.
pub fn diff(before: &Document, after: &Document) -> Delta {
    Delta {
        header: Some(header(after)).filter(|h| *h != header(before)).map(Box::new),
        lanes: changes(&before.lanes, &after.lanes),
        nodes: changes(&before.nodes, &after.nodes),
        edges: changes(&before.edges, &after.edges),
    }
}

fn apply_changes<T: Keyed>(list: &mut Vec<T>, changes: &Changes<T>) -> Result<(), String> {
    if !changes.removed.is_empty() {
        let removed: HashSet<&str> = changes.removed.iter().map(String::as_str).collect();
        list.retain(|e| !removed.contains(e.key()));
    }
    // Where each element set is: looked up one by one for a few (the usual step), by a map for many.
    let at: Option<HashMap<String, usize>> =
        (changes.set.len() > 16).then(|| list.iter().enumerate().map(|(i, e)| (e.key().to_string(), i)).collect());
    for e in &changes.set {
        let found = match &at {
            Some(at) => at.get(e.key()).copied(),
            None => list.iter().position(|x| x.key() == e.key()),
        };
        match found {
            Some(i) => list[i] = e.clone(),
            None => list.push(e.clone()),
        }
    }
    if let Some(order) = &changes.order {
        let mut by_id: HashMap<String, T> = list.drain(..).map(|e| (e.key().to_string(), e)).collect();
        for id in order {
            list.push(by_id.remove(id).ok_or_else(|| format!("the order names {id}, which is not there"))?);
        }
        if let Some(id) = by_id.keys().next() {
            return Err(format!("the order leaves out {id}"));
        }
    }
    Ok(())
}

/// `doc` with the step applied (`diff(before, after)` applied to `before` gives `after`); who is
/// editing (`Document::ids`) stays as it was. An order that does not name exactly the
/// elements there is refused.
pub fn apply(doc: &Document, delta: &Delta) -> Result<Document, String> {
    let mut out = doc.clone();
    if let Some(h) = &delta.header {
        out = Document { lanes: out.lanes, nodes: out.nodes, edges: out.edges, ids: out.ids, ..(**h).clone() };
    }
    apply_changes(&mut out.lanes, &delta.lanes)?;
    apply_changes(&mut out.nodes, &delta.nodes)?;
    apply_changes(&mut out.edges, &delta.edges)?;
    Ok(out)
}
