//! Three-way merge of a document: what this tab changed since the version both tabs started
//! from (`base`), combined with what another tab saved meanwhile (`theirs`), element by element
//! and field by field. Changes to different elements, or to different fields of one element,
//! both survive. Only where both changed the same field to different values is there a clash;
//! the merge then offers both outcomes (ours or theirs winning the clashes) and lists them.
//!
//! Works on the documents' JSON form, so every field of the format (present and future) is
//! merged by one rule without a line per field.

use crate::message::{Arg, Message};
use crate::model::Document;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The collections whose elements are matched by their `id`.
const KEYED: [&str; 3] = ["lanes", "nodes", "edges"];

/// One field both sides changed differently (or an element one side deleted and the other
/// changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// `nodes`, `edges`, `lanes`, or empty for a field of the document itself.
    pub collection: String,
    /// The element's id (empty for the document).
    pub id: String,
    /// The field's name (empty when the whole element clashes: deleted on one side).
    pub field: String,
    /// Our value and theirs, as text (empty when absent).
    pub ours: String,
    pub theirs: String,
}

/// A value as the user reads it: text without quotes, numbers as written, nothing as empty.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

impl Clash {
    pub fn message(&self) -> Message {
        let text = |s: &str| Arg::Text(s.to_string());
        let element = match self.collection.as_str() {
            "nodes" => Message::new("el.node", vec![text(&self.id)]),
            "edges" => Message::new("el.edge", vec![text(&self.id)]),
            "lanes" => Message::new("el.lane", vec![text(&self.id)]),
            _ => Message::plain("el.document"),
        };
        if self.collection.is_empty() && self.field.is_empty() {
            Message::plain("merge.structure")
        } else if self.field.is_empty() {
            Message::new("merge.deleted", vec![Arg::Msg(Box::new(element))])
        } else {
            let value = |s: &str| {
                if s.is_empty() {
                    Arg::Msg(Box::new(Message::plain("merge.empty")))
                } else {
                    Arg::Text(format!("“{s}”"))
                }
            };
            Message::new(
                "merge.field",
                vec![Arg::Msg(Box::new(element)), text(&self.field), value(&self.ours), value(&self.theirs)],
            )
        }
    }
}

/// The result of a merge: both outcomes, identical when nothing clashed.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// Our value wherever both changed the same field.
    pub ours_wins: Document,
    /// Their value wherever both changed the same field.
    pub theirs_wins: Document,
    pub clashes: Vec<Clash>,
    /// Elements both sides added under the same id: ours got a new id (old, new).
    pub renamed: Vec<(String, String)>,
}

impl Merged {
    pub fn clean(&self) -> bool {
        self.clashes.is_empty()
    }
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn three_way(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let base_v = json(base);
    let mut ours_v = json(ours);
    let theirs_v = json(theirs);
    let renamed = rename_collisions(&base_v, &mut ours_v, &theirs_v);
    let mut clashes = Vec::new();
    let (a, b) = merge_top(&base_v, &ours_v, &theirs_v, &mut clashes);
    // A merged document that breaks an invariant (a connector of ours to a shape they deleted)
    // keeps that side's own version whole: it was valid, and nothing of it is lost.
    let settle = |v: Value, whole: &Document, clashes: &mut Vec<Clash>| match crate::io::load_value(v) {
        Ok(doc) => doc,
        _ => {
            clashes.push(Clash {
                collection: String::new(),
                id: String::new(),
                field: String::new(),
                ours: String::new(),
                theirs: String::new(),
            });
            whole.clone()
        }
    };
    let mut extra = Vec::new();
    let ours_wins = settle(a, ours, &mut extra);
    let theirs_wins = settle(b, theirs, &mut extra);
    if !extra.is_empty() && clashes.is_empty() {
        clashes.push(extra.remove(0));
    }
    Merged { ours_wins, theirs_wins, clashes, renamed }
}

/// A document as JSON, through the same writer and reader as files (one copy of the code).
fn json(doc: &Document) -> Value {
    serde_json::from_str(&crate::io::save_compact(doc)).expect("a saved document reads back")
}

/// Merges the top level: keyed collections by element, other fields by value.
fn merge_top(base: &Value, ours: &Value, theirs: &Value, clashes: &mut Vec<Clash>) -> (Value, Value) {
    let (mut a, mut b) = (Map::new(), Map::new());
    for key in keys(&[base, ours, theirs]) {
        let (vb, vo, vt) = (base.get(&key), ours.get(&key), theirs.get(&key));
        if KEYED.contains(&key.as_str()) {
            let (x, y) = merge_collection(&key, vb, vo, vt, clashes);
            a.insert(key.clone(), Value::Array(x));
            b.insert(key, Value::Array(y));
        } else {
            let (x, y) = merge_value("", "", &key, vb, vo, vt, clashes);
            if let Some(x) = x {
                a.insert(key.clone(), x);
            }
            if let Some(y) = y {
                b.insert(key, y);
            }
        }
    }
    (Value::Object(a), Value::Object(b))
}

/// The keys of some JSON objects, in first-seen order.
fn keys(values: &[&Value]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for v in values {
        if let Some(map) = v.as_object() {
            for k in map.keys() {
                if seen.insert(k.clone()) {
                    out.push(k.clone());
                }
            }
        }
    }
    out
}

/// Merges one value present (or not) in each version. Objects merge field by field; anything
/// else is taken from the side that changed it.
fn merge_value(
    collection: &str,
    id: &str,
    field: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    clashes: &mut Vec<Clash>,
) -> (Option<Value>, Option<Value>) {
    let same = |v: Option<&Value>| (v.cloned(), v.cloned());
    if ours == theirs || theirs == base {
        return same(ours);
    }
    if ours == base {
        return same(theirs);
    }
    if let (Some(Value::Object(_)), Some(Value::Object(_))) = (ours, theirs) {
        let empty = Value::Object(Map::new());
        let base = base.filter(|b| b.is_object()).unwrap_or(&empty);
        let (mut a, mut b) = (Map::new(), Map::new());
        for key in keys(&[base, ours.unwrap(), theirs.unwrap()]) {
            let name = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
            let (x, y) = merge_value(
                collection,
                id,
                &name,
                base.get(&key),
                ours.and_then(|o| o.get(&key)),
                theirs.and_then(|t| t.get(&key)),
                clashes,
            );
            if let Some(x) = x {
                a.insert(key.clone(), x);
            }
            if let Some(y) = y {
                b.insert(key, y);
            }
        }
        return (Some(Value::Object(a)), Some(Value::Object(b)));
    }
    clashes.push(Clash {
        collection: collection.into(),
        id: id.into(),
        field: field.into(),
        ours: shown(ours),
        theirs: shown(theirs),
    });
    (ours.cloned(), theirs.cloned())
}

fn by_id(v: Option<&Value>) -> (Vec<String>, BTreeMap<String, &Value>) {
    let mut order = Vec::new();
    let mut map = BTreeMap::new();
    for item in v.and_then(Value::as_array).into_iter().flatten() {
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            order.push(id.to_string());
            map.insert(id.to_string(), item);
        }
    }
    (order, map)
}

/// Merges a collection element by element: their order, then what only we added, in our order.
fn merge_collection(
    name: &str,
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    clashes: &mut Vec<Clash>,
) -> (Vec<Value>, Vec<Value>) {
    let (_, b) = by_id(base);
    let (ours_order, o) = by_id(ours);
    let (theirs_order, t) = by_id(theirs);
    let mut order = theirs_order.clone();
    order.extend(ours_order.iter().filter(|id| !t.contains_key(*id)).cloned());
    let (mut a, mut c) = (Vec::new(), Vec::new());
    for id in &order {
        let (vb, vo, vt) = (b.get(id).copied(), o.get(id).copied(), t.get(id).copied());
        let whole_clash = vb.is_some() && (vo.is_none() != vt.is_none()) && vo != vb && vt != vb;
        let (x, y) = if whole_clash {
            // Deleted on one side, changed on the other.
            clashes.push(Clash {
                collection: name.into(),
                id: id.clone(),
                field: String::new(),
                ours: String::new(),
                theirs: String::new(),
            });
            (vo.cloned(), vt.cloned())
        } else {
            merge_value(name, id, "", vb, vo, vt, clashes)
        };
        a.extend(x);
        c.extend(y);
    }
    (a, c)
}

/// Ids both sides added: ours are renamed (in every reference of ours) so that both elements
/// survive. Even identical content is two elements: two people who each placed a shape at the
/// same spot meant two shapes (our unsaved additions cannot already be in theirs). Returns
/// (old, new) pairs.
fn rename_collisions(base: &Value, ours: &mut Value, theirs: &Value) -> Vec<(String, String)> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut collide = Vec::new();
    for name in KEYED {
        let (_, b) = by_id(base.get(name));
        let (_, o) = by_id(ours.get(name));
        let (_, t) = by_id(theirs.get(name));
        taken.extend(o.keys().cloned());
        taken.extend(t.keys().cloned());
        for id in o.keys() {
            if !b.contains_key(id) && t.contains_key(id) {
                collide.push(id.clone());
            }
        }
    }
    // Lane names that shapes refer to are ids too.
    for doc in [&*ours, theirs] {
        for n in doc.get("nodes").and_then(Value::as_array).into_iter().flatten() {
            if let Some(l) = n.get("lane").and_then(Value::as_str) {
                taken.insert(l.to_string());
            }
        }
    }
    let mut renamed = Vec::new();
    for old in collide {
        let prefix = old.trim_end_matches(|c: char| c.is_ascii_digit());
        let mut n = 1u64;
        let new = loop {
            let candidate = format!("{prefix}{n}");
            if !taken.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        taken.insert(new.clone());
        renamed.push((old, new));
    }
    if renamed.is_empty() {
        return renamed;
    }
    let map: BTreeMap<&str, &str> = renamed.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let remap = |v: &mut Value, field: &str| {
        if let Some(new) = v.get(field).and_then(Value::as_str).and_then(|s| map.get(s)) {
            v[field] = Value::String(new.to_string());
        }
    };
    for name in KEYED {
        if let Some(items) = ours.get_mut(name).and_then(Value::as_array_mut) {
            for item in items {
                remap(item, "id");
                remap(item, "from");
                remap(item, "to");
                remap(item, "lane");
            }
        }
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Node, NodeType};

    fn doc() -> Document {
        let mut d = Document::new(Kind::Swimlane, "P");
        for (i, id) in ["a", "b"].iter().enumerate() {
            d.nodes.push(Node::new(*id, NodeType::Task, "x", 100.0 * i as f64, 0.0).into());
        }
        d
    }

    #[test]
    fn different_fields_of_one_shape_both_survive() {
        let base = doc();
        let mut ours = base.clone();
        ours.nodes[0].label = "审批".into();
        let mut theirs = base.clone();
        theirs.nodes[0].x = 40.0;
        let m = three_way(&base, &ours, &theirs);
        assert!(m.clean());
        assert_eq!(m.ours_wins.nodes[0].label, "审批");
        assert_eq!(m.ours_wins.nodes[0].x, 40.0);
        assert_eq!(m.ours_wins, m.theirs_wins);
    }

    #[test]
    fn the_same_field_changed_twice_clashes() {
        let base = doc();
        let mut ours = base.clone();
        ours.nodes[1].label = "mine".into();
        let mut theirs = base.clone();
        theirs.nodes[1].label = "theirs".into();
        let m = three_way(&base, &ours, &theirs);
        assert_eq!(m.clashes.len(), 1);
        assert_eq!(m.clashes[0].message().to_string(), "Label of shape \"b\": yours “mine”, theirs “theirs”");
        assert_eq!(m.ours_wins.nodes[1].label, "mine");
        assert_eq!(m.theirs_wins.nodes[1].label, "theirs");
    }

    #[test]
    fn shapes_added_on_both_sides_under_one_id_are_both_kept() {
        let base = doc();
        let mut ours = base.clone();
        ours.nodes.push(Node::new("t1", NodeType::Task, "ours", 0.0, 200.0).into());
        ours.edges.push(crate::model::Edge::new("e1", "a", "t1").into());
        let mut theirs = base.clone();
        theirs.nodes.push(Node::new("t1", NodeType::Task, "theirs", 0.0, 300.0).into());
        let m = three_way(&base, &ours, &theirs);
        assert!(m.clean(), "{:?}", m.clashes);
        let labels: Vec<_> = m.ours_wins.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["x", "x", "theirs", "ours"]);
        assert_eq!(m.renamed, vec![("t1".to_string(), "t2".to_string())]);
        assert_eq!(m.ours_wins.edges[0].to, "t2", "our connector follows our shape");
    }

    #[test]
    fn identical_shapes_added_on_both_sides_are_two_shapes() {
        let base = doc();
        let mut ours = base.clone();
        ours.nodes.push(Node::new("t1", NodeType::Task, "", 0.0, 200.0).into());
        let theirs = ours.clone();
        let m = three_way(&base, &ours, &theirs);
        assert_eq!(m.ours_wins.nodes.len(), 4);
        assert_eq!(m.ours_wins.nodes[3].id, "t2");
    }

    #[test]
    fn a_connector_to_a_shape_they_deleted_keeps_each_side_whole() {
        let base = doc();
        let mut ours = base.clone();
        ours.edges.push(crate::model::Edge::new("e1", "a", "b").into());
        let mut theirs = base.clone();
        theirs.nodes.remove(1);
        let m = three_way(&base, &ours, &theirs);
        assert!(!m.clean());
        assert_eq!(m.ours_wins, ours);
        assert_eq!(m.theirs_wins, theirs);
    }
}
