//! Every edit of a document is a `Command`: plain data whose `apply` checks its preconditions,
//! changes the document and returns the command that undoes it. Nothing else mutates a
//! document, so undo, redo, autosave and the UI all see the same edits.
//!
//! The law, tested for every variant and by property tests: applying a command and then its
//! inverse gives back an equal document.

use crate::message::{Arg, Message};
use crate::model::{
    check_edge, check_lane, check_node, check_settings, Document, Edge, ElementRef, Invalid, Lane, Meta, Node, Problem,
    Settings, Shared, TimeUnit,
};
use serde::{Deserialize, Serialize};

/// Why a command could not be applied. The document is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError {
    NoNode(String),
    NoEdge(String),
    NoLane(String),
    /// The id is taken (by an element, or by shapes that still name it as their lane).
    IdInUse(String),
    MissingEndpoint {
        edge: String,
        node: String,
    },
    BadIndex {
        index: usize,
        len: usize,
    },
    /// A value the document format does not allow.
    Invalid(Invalid),
    /// A batch failed and could not be rolled back. Cannot happen while every inverse is exact
    /// (the property tests check it); reported rather than a panic, and the editor restores its
    /// copy of the document from before the step.
    Rollback(Box<CommandError>),
}

impl CommandError {
    pub fn message(&self) -> Message {
        let text = |s: &String| Arg::Text(s.clone());
        match self {
            CommandError::NoNode(id) => Message::new("cmd.no_node", vec![text(id)]),
            CommandError::NoEdge(id) => Message::new("cmd.no_edge", vec![text(id)]),
            CommandError::NoLane(id) => Message::new("cmd.no_lane", vec![text(id)]),
            CommandError::IdInUse(id) => Message::new("cmd.id_in_use", vec![text(id)]),
            CommandError::MissingEndpoint { edge, node } => {
                Message::new("cmd.missing_endpoint", vec![text(edge), text(node)])
            }
            CommandError::BadIndex { index, len } => {
                Message::new("cmd.bad_index", vec![Arg::Count(*index), Arg::Count(*len)])
            }
            CommandError::Invalid(invalid) => invalid.message(),
            CommandError::Rollback(inner) => Message::new("cmd.rollback", vec![Arg::Msg(Box::new(inner.message()))]),
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for CommandError {}

impl From<Invalid> for CommandError {
    fn from(invalid: Invalid) -> Self {
        CommandError::Invalid(invalid)
    }
}

/// What a label belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Target {
    Node(String),
    Edge(String),
    Lane(String),
}

/// Document-wide properties edited together in the inspector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocProps {
    pub title: String,
    pub meta: Meta,
    pub time_unit: TimeUnit,
    pub settings: Settings,
}

impl DocProps {
    pub fn of(doc: &Document) -> Self {
        DocProps {
            title: doc.title.clone(),
            meta: doc.meta.clone(),
            time_unit: doc.time_unit,
            settings: doc.settings.clone(),
        }
    }
}

/// One edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Inserts a node (at `index` in document order, or at the end) together with edges that
    /// were removed with it (each at its former index).
    AddNode {
        node: Shared<Node>,
        index: Option<usize>,
        edges: Vec<(usize, Shared<Edge>)>,
    },
    /// Removes a node and every edge that touches it.
    RemoveNode {
        id: String,
    },
    /// Puts nodes at new top-left positions (absolute, so undo restores them exactly).
    MoveNodes {
        moves: Vec<(String, f64, f64)>,
    },
    /// Sets a node's position and size.
    SetBounds {
        id: String,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    /// Adds an edge between two existing nodes.
    Connect {
        edge: Shared<Edge>,
        index: Option<usize>,
    },
    /// Removes an edge.
    Disconnect {
        id: String,
    },
    SetLabel {
        target: Target,
        label: String,
    },
    /// Sets a node's execution time and delay.
    SetTiming {
        id: String,
        work: f64,
        wait: f64,
    },
    /// Replaces every property of a node except its id (type, value, control point, VSM data …).
    SetNodeProps {
        node: Node,
    },
    /// Replaces every property of an edge except its id (label, probability, transfer, ends …).
    SetEdgeProps {
        edge: Edge,
    },
    SetDocProps {
        props: DocProps,
    },
    /// Inserts a lane (with nodes and edges that were removed with it).
    AddLane {
        lane: Lane,
        index: Option<usize>,
        nodes: Vec<(usize, Shared<Node>)>,
        edges: Vec<(usize, Shared<Edge>)>,
    },
    /// Removes a lane with every node in it and their edges.
    RemoveLane {
        id: String,
    },
    /// Moves a lane to another position in the lane order.
    MoveLane {
        id: String,
        to: usize,
    },
    /// Replaces a lane's properties (name, capacity, size).
    SetLaneProps {
        lane: Lane,
    },
    /// Puts a node in a lane (or in none).
    AssignLane {
        id: String,
        lane: Option<String>,
    },
    /// Several commands as one step; if one fails, those already applied are undone.
    Batch(Vec<Command>),
}

fn check_index(index: Option<usize>, len: usize) -> Result<usize, CommandError> {
    match index {
        None => Ok(len),
        Some(i) if i <= len => Ok(i),
        Some(i) => Err(CommandError::BadIndex { index: i, len }),
    }
}

/// Inserts `(index, item)` pairs recorded in ascending order at removal time.
fn reinsert<T: Clone>(list: &mut Vec<T>, items: &[(usize, T)]) {
    for (i, item) in items {
        list.insert((*i).min(list.len()), item.clone());
    }
}

/// Removes every item matching `pred`, returning them with their indices (ascending).
fn take_where<T>(list: &mut Vec<T>, mut pred: impl FnMut(&T) -> bool) -> Vec<(usize, T)> {
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(list.len());
    for (i, item) in list.drain(..).enumerate() {
        if pred(&item) {
            taken.push((i, item));
        } else {
            kept.push(item);
        }
    }
    *list = kept;
    taken
}

/// Checks that `edges`, about to be added, have fresh distinct ids, valid values, and ends that
/// exist in `doc` or are among `arriving` (shapes added in the same step).
fn check_new_edges<'a>(
    doc: &Document,
    edges: impl Iterator<Item = &'a Edge>,
    arriving: &dyn Fn(&str) -> bool,
) -> Result<(), CommandError> {
    let mut seen = std::collections::HashSet::new();
    for e in edges {
        check_edge(e)?;
        if doc.id_taken(&e.id) || arriving(&e.id) || !seen.insert(e.id.as_str()) {
            return Err(CommandError::IdInUse(e.id.clone()));
        }
        for end in [&e.from, &e.to] {
            if doc.node(end).is_none() && !arriving(end) {
                return Err(CommandError::MissingEndpoint { edge: e.id.clone(), node: end.clone() });
            }
        }
    }
    Ok(())
}

fn finite_position(id: &str, x: f64, y: f64) -> Result<(), CommandError> {
    for (field, v) in [("x", x), ("y", y)] {
        if !v.is_finite() {
            return Err(Invalid { element: ElementRef::Node(id.into()), field, problem: Problem::NotFinite }.into());
        }
    }
    Ok(())
}

fn non_negative(id: &str, field: &'static str, v: f64) -> Result<(), CommandError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Invalid { element: ElementRef::Node(id.into()), field, problem: Problem::Negative(v) }.into())
    }
}

impl Command {
    /// Applies the command and returns its inverse. On error the document is unchanged.
    ///
    /// Every input is checked against the same rules as a loaded file (`model::check_node` …),
    /// so a command never makes a document that `io::load` would refuse; and every inverse
    /// restores exactly what the command changed, so undo always applies.
    pub fn apply(&self, doc: &mut Document) -> Result<Command, CommandError> {
        use Command::*;
        Ok(match self {
            AddNode { node, index, edges } => {
                check_node(doc.kind, node)?;
                if doc.id_taken(&node.id) {
                    return Err(CommandError::IdInUse(node.id.clone()));
                }
                let at = check_index(*index, doc.nodes.len())?;
                check_new_edges(doc, edges.iter().map(|(_, e)| &**e), &|id| id == node.id)?;
                doc.nodes.insert(at, node.clone());
                reinsert(&mut doc.edges, edges);
                RemoveNode { id: node.id.clone() }
            }
            RemoveNode { id } => {
                let index = doc.node_index(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                let node = doc.nodes.remove(index);
                let edges = take_where(&mut doc.edges, |e| e.from == *id || e.to == *id);
                AddNode { node, index: Some(index), edges }
            }
            MoveNodes { moves } => {
                let positions = doc.node_positions();
                let mut indices = Vec::with_capacity(moves.len());
                for (id, x, y) in moves {
                    let i = *positions.get(id.as_str()).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                    finite_position(id, *x, *y)?;
                    indices.push(i);
                }
                let old: Vec<_> = indices
                    .iter()
                    .zip(moves)
                    .map(|(&i, (id, _, _))| (id.clone(), doc.nodes[i].x, doc.nodes[i].y))
                    .collect();
                for (i, (_, x, y)) in indices.into_iter().zip(moves) {
                    doc.nodes[i].x = *x;
                    doc.nodes[i].y = *y;
                }
                MoveNodes { moves: old }
            }
            SetBounds { id, x, y, w, h } => {
                finite_position(id, *x, *y)?;
                non_negative(id, "w", *w)?;
                non_negative(id, "h", *h)?;
                let n = doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                let old = SetBounds { id: id.clone(), x: n.x, y: n.y, w: n.w, h: n.h };
                (n.x, n.y, n.w, n.h) = (*x, *y, *w, *h);
                old
            }
            Connect { edge, index } => {
                check_new_edges(doc, std::iter::once(&**edge), &|_| false)?;
                let at = check_index(*index, doc.edges.len())?;
                doc.edges.insert(at, edge.clone());
                Disconnect { id: edge.id.clone() }
            }
            Disconnect { id } => {
                let index = doc.edge_index(id).ok_or_else(|| CommandError::NoEdge(id.clone()))?;
                let edge = doc.edges.remove(index);
                Connect { edge, index: Some(index) }
            }
            SetLabel { target, label } => {
                let slot = match target {
                    Target::Node(id) => &mut doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?.label,
                    Target::Edge(id) => &mut doc.edge_mut(id).ok_or_else(|| CommandError::NoEdge(id.clone()))?.label,
                    Target::Lane(id) => &mut doc.lane_mut(id).ok_or_else(|| CommandError::NoLane(id.clone()))?.name,
                };
                let old = std::mem::replace(slot, label.clone());
                SetLabel { target: target.clone(), label: old }
            }
            SetTiming { id, work, wait } => {
                non_negative(id, "work", *work)?;
                non_negative(id, "wait", *wait)?;
                let n = doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                let old = SetTiming { id: id.clone(), work: n.work, wait: n.wait };
                (n.work, n.wait) = (*work, *wait);
                old
            }
            SetNodeProps { node } => {
                check_node(doc.kind, node)?;
                let slot = doc.node_mut(&node.id).ok_or_else(|| CommandError::NoNode(node.id.clone()))?;
                SetNodeProps { node: std::mem::replace(slot, node.clone()) }
            }
            SetEdgeProps { edge } => {
                check_edge(edge)?;
                for end in [&edge.from, &edge.to] {
                    if doc.node(end).is_none() {
                        return Err(CommandError::MissingEndpoint { edge: edge.id.clone(), node: end.clone() });
                    }
                }
                let slot = doc.edge_mut(&edge.id).ok_or_else(|| CommandError::NoEdge(edge.id.clone()))?;
                SetEdgeProps { edge: std::mem::replace(slot, edge.clone()) }
            }
            SetDocProps { props } => {
                check_settings(&props.settings)?;
                let old = DocProps::of(doc);
                doc.title = props.title.clone();
                doc.meta = props.meta.clone();
                doc.time_unit = props.time_unit;
                doc.settings = props.settings.clone();
                SetDocProps { props: old }
            }
            AddLane { lane, index, nodes, edges } => {
                check_lane(lane)?;
                if doc.id_in_use(&lane.id) {
                    return Err(CommandError::IdInUse(lane.id.clone()));
                }
                let at = check_index(*index, doc.lanes.len())?;
                let mut arriving = std::collections::HashSet::new();
                for (_, n) in nodes {
                    check_node(doc.kind, n)?;
                    if n.lane.as_deref() != Some(lane.id.as_str()) {
                        return Err(Invalid {
                            element: ElementRef::Node(n.id.clone()),
                            field: "lane",
                            problem: Problem::NotInLane(lane.id.clone()),
                        }
                        .into());
                    }
                    if doc.id_taken(&n.id) || n.id == lane.id || !arriving.insert(n.id.as_str()) {
                        return Err(CommandError::IdInUse(n.id.clone()));
                    }
                }
                check_new_edges(doc, edges.iter().map(|(_, e)| &**e), &|id| arriving.contains(id) || id == lane.id)?;
                doc.lanes.insert(at, lane.clone());
                reinsert(&mut doc.nodes, nodes);
                reinsert(&mut doc.edges, edges);
                RemoveLane { id: lane.id.clone() }
            }
            RemoveLane { id } => {
                let index = doc.lane_index(id).ok_or_else(|| CommandError::NoLane(id.clone()))?;
                let lane = doc.lanes.remove(index);
                let nodes = take_where(&mut doc.nodes, |n| n.lane.as_deref() == Some(id.as_str()));
                let gone: std::collections::HashSet<&str> = nodes.iter().map(|(_, n)| n.id.as_str()).collect();
                let edges =
                    take_where(&mut doc.edges, |e| gone.contains(e.from.as_str()) || gone.contains(e.to.as_str()));
                AddLane { lane, index: Some(index), nodes, edges }
            }
            MoveLane { id, to } => {
                let from = doc.lane_index(id).ok_or_else(|| CommandError::NoLane(id.clone()))?;
                if *to >= doc.lanes.len() {
                    return Err(CommandError::BadIndex { index: *to, len: doc.lanes.len() });
                }
                let lane = doc.lanes.remove(from);
                doc.lanes.insert(*to, lane);
                MoveLane { id: id.clone(), to: from }
            }
            SetLaneProps { lane } => {
                check_lane(lane)?;
                let slot = doc.lane_mut(&lane.id).ok_or_else(|| CommandError::NoLane(lane.id.clone()))?;
                SetLaneProps { lane: std::mem::replace(slot, lane.clone()) }
            }
            AssignLane { id, lane } => {
                // Any lane reference is taken as it is (see `model::check`): undoing a move out
                // of a lane that a file never declared must put the shape back in it. The editor
                // only ever assigns declared lanes.
                let n = doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                AssignLane { id: id.clone(), lane: std::mem::replace(&mut n.lane, lane.clone()) }
            }
            Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for c in commands {
                    match c.apply(doc) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.iter().rev() {
                                if let Err(failed) = inv.apply(doc) {
                                    return Err(CommandError::Rollback(Box::new(failed)));
                                }
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Batch(inverses)
            }
        })
    }

    /// True when applying changes nothing (its inverse is itself, or an empty batch): such
    /// commands are never recorded in the history.
    pub fn is_noop_given_inverse(&self, inverse: &Command) -> bool {
        match (self, inverse) {
            (Command::Batch(a), _) if a.is_empty() => true,
            (Command::MoveLane { to, .. }, Command::MoveLane { to: back, .. }) => to == back,
            (a, b) => match a {
                Command::SetBounds { .. }
                | Command::MoveNodes { .. }
                | Command::SetLabel { .. }
                | Command::SetTiming { .. }
                | Command::SetNodeProps { .. }
                | Command::SetEdgeProps { .. }
                | Command::SetDocProps { .. }
                | Command::SetLaneProps { .. }
                | Command::AssignLane { .. } => a == b,
                _ => false,
            },
        }
    }

    /// A short English name for menus and the undo tooltip.
    pub fn name(&self) -> &'static str {
        use Command::*;
        match self {
            AddNode { .. } => "add shape",
            RemoveNode { .. } => "delete shape",
            MoveNodes { .. } => "move",
            SetBounds { .. } => "resize",
            Connect { .. } => "connect",
            Disconnect { .. } => "delete connector",
            SetLabel { .. } => "rename",
            SetTiming { .. } => "set times",
            SetNodeProps { .. } | SetEdgeProps { .. } | SetLaneProps { .. } => "edit properties",
            SetDocProps { .. } => "edit document",
            AddLane { .. } => "add lane",
            RemoveLane { .. } => "delete lane",
            MoveLane { .. } => "reorder lanes",
            AssignLane { .. } => "change lane",
            Batch(_) => "edit",
        }
    }
}
