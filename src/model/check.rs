//! What a document must satisfy, in one place: the rules for each value (finite coordinates,
//! times ≥ 0, fractions in 0..1 …) and the document's invariants (ids present and unique,
//! connectors between existing shapes, node types of the document's kind).
//!
//! Loading checks a file against these rules and refuses what breaks them; every command checks
//! its input against the same rules before it changes anything; and the tests check
//! [`Document::check_invariants`] after every step. So whatever a document went through, every
//! command and its undo can handle it.
//!
//! One reference may dangle on purpose: a shape's `lane` may name a lane the document does not
//! declare (a file written by hand, or a lane deleted elsewhere). Validation reports it
//! (`task-without-lane`); commands keep it as it is, and no new lane may take that id, so
//! deleting and restoring a lane moves exactly the shapes that were in it.

use super::{Dist, Document, Edge, Kind, Lane, Node, Settings, Shared, FORMAT, VERSION};
use crate::message::{Arg, Message};
use rustc_hash::FxHashMap;

/// An element of a document, by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElementRef {
    Document,
    Settings,
    Node(String),
    Edge(String),
    Lane(String),
}

impl ElementRef {
    /// `node "t1"`, `connector "e2"`, `lane "buyer"`, `the document`, `the settings`.
    pub fn message(&self) -> Message {
        match self {
            ElementRef::Document => Message::plain("el.document"),
            ElementRef::Settings => Message::plain("el.settings"),
            ElementRef::Node(id) => Message::new("el.node", vec![Arg::Text(id.clone())]),
            ElementRef::Edge(id) => Message::new("el.edge", vec![Arg::Text(id.clone())]),
            ElementRef::Lane(id) => Message::new("el.lane", vec![Arg::Text(id.clone())]),
        }
    }
}

/// What is wrong with one value or reference.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// `format` is not "procmod".
    Format,
    /// `version` is not the one this build holds in memory.
    Version(u32),
    EmptyId,
    /// Another element already uses the id.
    DuplicateId,
    /// A node type that does not belong in this kind of diagram.
    WrongType {
        found: &'static str,
        kind: Kind,
    },
    NotFinite,
    /// Must be 0 or more.
    Negative(f64),
    /// Must be more than 0.
    NotPositive(f64),
    /// Must be a fraction from 0 to 1.
    NotFraction(f64),
    /// Must be at least the range's lower end (`min`); got the value.
    BelowMin {
        min: f64,
        found: f64,
    },
    /// A connector end that names no shape.
    MissingNode(String),
    /// A shape restored with a lane must be in that lane.
    NotInLane(String),
}

/// A value or reference the format does not allow, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub element: ElementRef,
    /// The field, as named in the file (`work`, `probability`, `id` …).
    pub field: &'static str,
    pub problem: Problem,
}

impl Invalid {
    fn new(element: ElementRef, field: &'static str, problem: Problem) -> Self {
        Invalid { element, field, problem }
    }

    /// What is wrong, without saying where (the caller names the place).
    pub fn problem_message(&self) -> Message {
        match &self.problem {
            Problem::Format => Message::new("invalid.format", vec![Arg::Text(FORMAT.into())]),
            Problem::Version(v) => Message::new("invalid.version", vec![Arg::Count(*v as usize)]),
            Problem::EmptyId => Message::plain("invalid.empty_id"),
            Problem::DuplicateId => Message::plain("invalid.duplicate_id"),
            Problem::WrongType { found, kind } => {
                let allowed = kind.node_types().iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ");
                Message::new(
                    "invalid.wrong_type",
                    vec![Arg::Text((*found).into()), Arg::Key(kind_key(*kind)), Arg::Text(allowed)],
                )
            }
            Problem::NotFinite => Message::plain("invalid.not_finite"),
            Problem::Negative(v) => Message::new("invalid.negative", vec![Arg::Text(v.to_string())]),
            Problem::NotPositive(v) => Message::new("invalid.not_positive", vec![Arg::Text(v.to_string())]),
            Problem::NotFraction(v) => Message::new("invalid.not_fraction", vec![Arg::Text(v.to_string())]),
            Problem::BelowMin { min, found } => {
                Message::new("invalid.below_min", vec![Arg::Text(min.to_string()), Arg::Text(found.to_string())])
            }
            Problem::MissingNode(id) => Message::new("invalid.missing_node", vec![Arg::Text(id.clone())]),
            Problem::NotInLane(lane) => Message::new("invalid.not_in_lane", vec![Arg::Text(lane.clone())]),
        }
    }

    /// Where and what: `node "t1", field work: must be a number ≥ 0, got -1`.
    pub fn message(&self) -> Message {
        Message::new(
            "invalid.at",
            vec![
                Arg::Msg(Box::new(self.element.message())),
                Arg::Text(self.field.into()),
                Arg::Msg(Box::new(self.problem_message())),
            ],
        )
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// The table key of a diagram kind's name in a sentence.
pub fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Sipoc => "kind.a_sipoc",
        Kind::Swimlane => "kind.a_swimlane",
        Kind::Vsm => "kind.a_vsm",
    }
}

fn finite(el: &dyn Fn() -> ElementRef, field: &'static str, v: f64) -> Result<(), Invalid> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Invalid::new(el(), field, Problem::NotFinite))
    }
}

fn non_negative(el: &dyn Fn() -> ElementRef, field: &'static str, v: f64) -> Result<(), Invalid> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Invalid::new(el(), field, Problem::Negative(v)))
    }
}

fn positive(el: &dyn Fn() -> ElementRef, field: &'static str, v: f64) -> Result<(), Invalid> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Invalid::new(el(), field, Problem::NotPositive(v)))
    }
}

fn fraction(el: &dyn Fn() -> ElementRef, field: &'static str, v: f64) -> Result<(), Invalid> {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(Invalid::new(el(), field, Problem::NotFraction(v)))
    }
}

fn id_present(el: &dyn Fn() -> ElementRef, id: &str) -> Result<(), Invalid> {
    if id.trim().is_empty() {
        Err(Invalid::new(el(), "id", Problem::EmptyId))
    } else {
        Ok(())
    }
}

/// The values of one node, for a document of `kind`.
pub fn check_node(kind: Kind, n: &Node) -> Result<(), Invalid> {
    let el = || ElementRef::Node(n.id.clone());
    id_present(&el, &n.id)?;
    if !kind.node_types().contains(&n.kind) {
        return Err(Invalid::new(el(), "type", Problem::WrongType { found: n.kind.as_str(), kind }));
    }
    finite(&el, "x", n.x)?;
    finite(&el, "y", n.y)?;
    for (field, v) in [("w", n.w), ("h", n.h), ("work", n.work), ("wait", n.wait)] {
        non_negative(&el, field, v)?;
    }
    let optional = [
        ("cycle_time", n.cycle_time),
        ("changeover", n.changeover),
        ("operators", n.operators),
        ("shifts", n.shifts),
        ("quantity", n.quantity),
        ("days", n.days),
    ];
    for (field, v) in optional {
        if let Some(v) = v {
            non_negative(&el, field, v)?;
        }
    }
    for (field, v) in [("uptime", n.uptime), ("pca", n.pca)] {
        if let Some(v) = v {
            fraction(&el, field, v)?;
        }
    }
    match n.dist {
        Some(Dist::Normal { sd } | Dist::Lognormal { sd }) => non_negative(&el, "dist.sd", sd)?,
        Some(Dist::Triangular { min, max } | Dist::Uniform { min, max }) => {
            non_negative(&el, "dist.min", min)?;
            non_negative(&el, "dist.max", max)?;
            if min > max {
                return Err(Invalid::new(el(), "dist.max", Problem::BelowMin { min, found: max }));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The values of one connector (not whether its ends exist).
pub fn check_edge(e: &Edge) -> Result<(), Invalid> {
    let el = || ElementRef::Edge(e.id.clone());
    id_present(&el, &e.id)?;
    for p in &e.points {
        finite(&el, "points", p[0])?;
        finite(&el, "points", p[1])?;
    }
    if let Some(p) = e.probability {
        fraction(&el, "probability", p)?;
    }
    if let Some(t) = e.transfer {
        non_negative(&el, "transfer", t)?;
    }
    Ok(())
}

/// The values of one lane.
pub fn check_lane(l: &Lane) -> Result<(), Invalid> {
    let el = || ElementRef::Lane(l.id.clone());
    id_present(&el, &l.id)?;
    for (field, v) in [("capacity", l.capacity), ("size", l.size)] {
        if let Some(v) = v {
            positive(&el, field, v)?;
        }
    }
    Ok(())
}

/// The document's settings.
pub fn check_settings(s: &Settings) -> Result<(), Invalid> {
    let el = || ElementRef::Settings;
    let all = [
        ("handoff_time", s.handoff_time),
        ("arrivals_per_day", s.arrivals_per_day),
        ("hours_per_day", s.hours_per_day),
        ("demand_per_day", s.demand_per_day),
        ("available_seconds_per_day", s.available_seconds_per_day),
        ("shifts_per_day", s.shifts_per_day),
        ("hours_per_shift", s.hours_per_shift),
        ("break_minutes_per_shift", s.break_minutes_per_shift),
    ];
    for (field, v) in all {
        if let Some(v) = v {
            non_negative(&el, field, v)?;
        }
    }
    Ok(())
}

impl Document {
    /// Checks every invariant: the format and version, ids present and unique across nodes,
    /// connectors and lanes, node types of this kind, every value in its range, and every
    /// connector between existing shapes. Returns the first problem found, in document order.
    ///
    /// # Complexity
    /// O(n) for n elements (one hash set of ids).
    pub fn check_invariants(&self) -> Result<(), Invalid> {
        if self.format != FORMAT {
            return Err(Invalid::new(ElementRef::Document, "format", Problem::Format));
        }
        if self.version != VERSION {
            return Err(Invalid::new(ElementRef::Document, "version", Problem::Version(self.version)));
        }
        check_settings(&self.settings)?;
        let total = self.nodes.len() + self.edges.len() + self.lanes.len();
        // Every id, and whether a node holds it (connector ends must name nodes).
        let mut ids: FxHashMap<&str, bool> = FxHashMap::with_capacity_and_hasher(total, Default::default());
        fn unique<'a>(
            ids: &mut FxHashMap<&'a str, bool>,
            id: &'a str,
            node: bool,
            el: impl Fn() -> ElementRef,
        ) -> Result<(), Invalid> {
            match ids.insert(id, node) {
                None => Ok(()),
                Some(_) => Err(Invalid::new(el(), "id", Problem::DuplicateId)),
            }
        }
        for n in &self.nodes {
            check_node(self.kind, n)?;
            unique(&mut ids, &n.id, true, || ElementRef::Node(n.id.clone()))?;
        }
        for l in &self.lanes {
            check_lane(l)?;
            unique(&mut ids, &l.id, false, || ElementRef::Lane(l.id.clone()))?;
        }
        for e in &self.edges {
            check_edge(e)?;
            unique(&mut ids, &e.id, false, || ElementRef::Edge(e.id.clone()))?;
        }
        for e in &self.edges {
            for (field, end) in [("from", &e.from), ("to", &e.to)] {
                if ids.get(end.as_str()) != Some(&true) {
                    return Err(Invalid::new(ElementRef::Edge(e.id.clone()), field, Problem::MissingNode(end.clone())));
                }
            }
        }
        Ok(())
    }
}

impl Document {
    /// Checks the invariants of a document made by one step from `before`, which held them:
    /// only what the step changed, so that an edit of a few elements of a large diagram costs
    /// those elements (and a scan of the ids for each element added). An element the step did
    /// not touch is the very same `Shared` element as before. When the step changed the lanes,
    /// or many elements, or anything looks wrong, it is the whole check (`check_invariants`),
    /// whose result it returns: always the result of the whole check.
    pub fn check_invariants_since(&self, before: &Document) -> Result<(), Invalid> {
        if self.quick_check(before).is_none() {
            return self.check_invariants();
        }
        Ok(())
    }

    /// Some(()) when the step from `before` provably kept every invariant.
    fn quick_check(&self, before: &Document) -> Option<()> {
        const MANY: usize = 64;
        let same = self.format == before.format
            && self.version == before.version
            && self.kind == before.kind
            && self.lanes == before.lanes;
        if !same || (self.settings != before.settings && check_settings(&self.settings).is_err()) {
            return None;
        }
        let (nodes_in, nodes_out) = changes(&self.nodes, &before.nodes, MANY)?;
        let (edges_in, _) = changes(&self.edges, &before.edges, MANY)?;
        // Each id once across shapes, connectors and lanes.
        let unique = |id: &str| {
            let count = self.nodes.iter().filter(|n| n.id == id).count()
                + self.edges.iter().filter(|e| e.id == id).count()
                + self.lanes.iter().filter(|l| l.id == id).count();
            count == 1
        };
        for n in &nodes_in {
            if check_node(self.kind, n).is_err() || !unique(&n.id) {
                return None;
            }
        }
        for e in &edges_in {
            if check_edge(e).is_err() || !unique(&e.id) || self.node(&e.from).is_none() || self.node(&e.to).is_none() {
                return None;
            }
        }
        // A shape taken away takes its connectors with it.
        for gone in &nodes_out {
            if self.node(&gone.id).is_none() && self.edges.iter().any(|e| e.from == gone.id || e.to == gone.id) {
                return None;
            }
        }
        Some(())
    }
}

/// What changed between two versions of a list of shared elements, in order: the elements that
/// are new or changed, and those that are gone or were changed. None when more than `many`
/// changed (or the lists are too far apart to tell).
fn changes<'a, T>(now: &'a [Shared<T>], before: &'a [Shared<T>], many: usize) -> Option<(Vec<&'a T>, Vec<&'a T>)> {
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < now.len() || j < before.len() {
        match (now.get(i), before.get(j)) {
            (Some(a), Some(b)) if Shared::same(a, b) => {
                i += 1;
                j += 1;
                continue;
            }
            (Some(a), Some(b)) => {
                // Taken out (this one now comes a few later before), put in (the one before
                // comes a few later now), or changed in place.
                const AHEAD: usize = 8;
                let out = (1..=AHEAD).find(|&d| before.get(j + d).is_some_and(|n| Shared::same(n, a)));
                let put = (1..=AHEAD).find(|&d| now.get(i + d).is_some_and(|n| Shared::same(n, b)));
                match (out, put) {
                    (Some(d), p) if p.is_none_or(|p| d <= p) => {
                        removed.extend(before[j..j + d].iter().map(|n| &**n));
                        j += d;
                    }
                    (_, Some(d)) => {
                        added.extend(now[i..i + d].iter().map(|n| &**n));
                        i += d;
                    }
                    _ => {
                        added.push(&**a);
                        removed.push(&**b);
                        i += 1;
                        j += 1;
                    }
                }
            }
            (Some(a), None) => {
                added.push(&**a);
                i += 1;
            }
            (None, Some(b)) => {
                removed.push(&**b);
                j += 1;
            }
            (None, None) => break,
        }
        if added.len() + removed.len() > many {
            return None;
        }
    }
    Some((added, removed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeType;

    #[test]
    fn a_connector_to_a_missing_shape_breaks_the_invariants_and_says_which() {
        let mut doc = Document::new(Kind::Swimlane, "");
        doc.nodes.push(Node::new("a", NodeType::Task, "", 0.0, 0.0).into());
        doc.edges.push(Edge::new("e1", "a", "gone").into());
        let err = doc.check_invariants().unwrap_err();
        assert_eq!(err.element, ElementRef::Edge("e1".into()));
        assert_eq!(err.problem, Problem::MissingNode("gone".into()));
        assert_eq!(err.to_string(), "Connector \"e1\", field `to`: names the shape \"gone\", which does not exist");
    }

    #[test]
    fn the_check_of_one_step_finds_what_the_whole_check_finds() {
        let mut before = Document::new(Kind::Swimlane, "");
        for id in ["a", "b", "c"] {
            before.nodes.push(Node::new(id, NodeType::Task, "", 0.0, 0.0).into());
        }
        before.edges.push(Edge::new("e1", "a", "b").into());
        assert_eq!(before.check_invariants(), Ok(()));
        type Step = Box<dyn Fn(&mut Document)>;
        let steps: Vec<Step> = vec![
            Box::new(|d| d.nodes[1].x += 10.0),
            Box::new(|d| d.nodes[1].w = -1.0),
            Box::new(|d| d.nodes[2].y = f64::NAN),
            Box::new(|d| d.nodes[2].id = "a".into()),
            Box::new(|d| d.nodes[0].kind = NodeType::Step),
            Box::new(|d| d.edges[0].to = "gone".into()),
            Box::new(|d| d.edges[0].to = "c".into()),
            Box::new(|d| d.edges[0].probability = Some(1.5)),
            Box::new(|d| d.edges[0].id = "b".into()),
            Box::new(|d| d.settings.handoff_time = Some(-2.0)),
            Box::new(|d| d.lanes.push(Lane::new("a", "dup"))),
            Box::new(|d| {
                d.nodes.remove(0);
            }),
            Box::new(|d| d.kind = Kind::Sipoc),
            Box::new(|d| d.nodes.push(Node::new("b", NodeType::Task, "", 0.0, 0.0).into())),
            Box::new(|d| d.nodes.insert(0, Node::new("z", NodeType::Task, "", 0.0, 0.0).into())),
            Box::new(|d| d.nodes.push(Node::new("e1", NodeType::Task, "", 0.0, 0.0).into())),
            Box::new(|d| {
                d.nodes.remove(1);
            }),
            Box::new(|d| {
                d.nodes.remove(2);
            }),
            Box::new(|d| d.edges.push(Edge::new("e2", "a", "nowhere").into())),
            Box::new(|d| d.edges.insert(0, Edge::new("e0", "c", "a").into())),
            Box::new(|d| {
                d.edges.insert(0, Edge::new("e0", "c", "a").into());
                d.edges.insert(1, Edge::new("e00", "c", "gone").into());
            }),
            Box::new(|d| {
                d.nodes.insert(1, Node::new("y", NodeType::Task, "", 0.0, 0.0).into());
                d.nodes.insert(2, Node::new("x", NodeType::Task, "", 0.0, 0.0).into());
                d.edges.insert(0, Edge::new("e0", "x", "y").into());
            }),
            Box::new(|d| {
                d.edges.clear();
                d.nodes.remove(1);
            }),
        ];
        for (i, step) in steps.iter().enumerate() {
            let mut after = before.clone();
            step(&mut after);
            assert_eq!(after.check_invariants_since(&before), after.check_invariants(), "step {i}");
        }
        // Untouched elements are not looked at: the copy shares them.
        let after = before.clone();
        assert!(after.nodes.iter().zip(&before.nodes).all(|(a, b)| Shared::same(a, b)));
    }

    #[test]
    fn a_dangling_lane_reference_is_allowed() {
        let mut doc = Document::new(Kind::Swimlane, "");
        let mut n = Node::new("a", NodeType::Task, "", 0.0, 0.0);
        n.lane = Some("nowhere".into());
        doc.nodes.push(n.into());
        assert_eq!(doc.check_invariants(), Ok(()));
    }

    #[test]
    fn node_types_must_fit_the_kind() {
        let mut doc = Document::new(Kind::Sipoc, "");
        doc.nodes.push(Node::new("a", NodeType::Task, "", 0.0, 0.0).into());
        assert!(matches!(doc.check_invariants().unwrap_err().problem, Problem::WrongType { .. }));
    }
}
