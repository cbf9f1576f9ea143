//! Every edit of a document is a `Command`: plain data whose `apply` checks its preconditions,
//! changes the document and returns the command that undoes it. Nothing else mutates a
//! document, so undo, redo, autosave and the UI all see the same edits.
//!
//! The law, tested for every variant and by property tests: applying a command and then its
//! inverse gives back an equal document.

use crate::model::{Document, Edge, Lane, Meta, Node, Settings, TimeUnit};
use serde::{Deserialize, Serialize};

/// Why a command could not be applied. The document is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("no node \"{0}\"")]
    NoNode(String),
    #[error("no edge \"{0}\"")]
    NoEdge(String),
    #[error("no lane \"{0}\"")]
    NoLane(String),
    #[error("the id \"{0}\" is already used")]
    IdInUse(String),
    #[error("edge \"{edge}\" needs node \"{node}\", which does not exist")]
    MissingEndpoint { edge: String, node: String },
    #[error("position {index} is outside the list (length {len})")]
    BadIndex { index: usize, len: usize },
    #[error("an element's id cannot change (\"{0}\")")]
    IdChange(String),
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
        node: Node,
        index: Option<usize>,
        edges: Vec<(usize, Edge)>,
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
        edge: Edge,
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
        nodes: Vec<(usize, Node)>,
        edges: Vec<(usize, Edge)>,
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

impl Command {
    /// Applies the command and returns its inverse. On error the document is unchanged.
    pub fn apply(&self, doc: &mut Document) -> Result<Command, CommandError> {
        use Command::*;
        Ok(match self {
            AddNode { node, index, edges } => {
                if doc.id_in_use(&node.id) {
                    return Err(CommandError::IdInUse(node.id.clone()));
                }
                let at = check_index(*index, doc.nodes.len())?;
                for (_, e) in edges {
                    if doc.id_in_use(&e.id) {
                        return Err(CommandError::IdInUse(e.id.clone()));
                    }
                    for end in [&e.from, &e.to] {
                        if *end != node.id && doc.node(end).is_none() {
                            return Err(CommandError::MissingEndpoint { edge: e.id.clone(), node: end.clone() });
                        }
                    }
                }
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
                for (id, _, _) in moves {
                    if doc.node(id).is_none() {
                        return Err(CommandError::NoNode(id.clone()));
                    }
                }
                let positions = doc.node_positions();
                let indices: Vec<usize> = moves.iter().map(|(id, _, _)| positions[id.as_str()]).collect();
                let old =
                    indices.iter().zip(moves).map(|(&i, (id, _, _))| (id.clone(), doc.nodes[i].x, doc.nodes[i].y));
                let old: Vec<_> = old.collect();
                for (i, (_, x, y)) in indices.into_iter().zip(moves) {
                    doc.nodes[i].x = *x;
                    doc.nodes[i].y = *y;
                }
                MoveNodes { moves: old }
            }
            SetBounds { id, x, y, w, h } => {
                let n = doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                let old = SetBounds { id: id.clone(), x: n.x, y: n.y, w: n.w, h: n.h };
                (n.x, n.y, n.w, n.h) = (*x, *y, *w, *h);
                old
            }
            Connect { edge, index } => {
                if doc.id_in_use(&edge.id) {
                    return Err(CommandError::IdInUse(edge.id.clone()));
                }
                for end in [&edge.from, &edge.to] {
                    if doc.node(end).is_none() {
                        return Err(CommandError::MissingEndpoint { edge: edge.id.clone(), node: end.clone() });
                    }
                }
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
                let n = doc.node_mut(id).ok_or_else(|| CommandError::NoNode(id.clone()))?;
                let old = SetTiming { id: id.clone(), work: n.work, wait: n.wait };
                (n.work, n.wait) = (*work, *wait);
                old
            }
            SetNodeProps { node } => {
                let slot = doc.node_mut(&node.id).ok_or_else(|| CommandError::NoNode(node.id.clone()))?;
                SetNodeProps { node: std::mem::replace(slot, node.clone()) }
            }
            SetEdgeProps { edge } => {
                for end in [&edge.from, &edge.to] {
                    if doc.node(end).is_none() {
                        return Err(CommandError::MissingEndpoint { edge: edge.id.clone(), node: end.clone() });
                    }
                }
                let slot = doc.edge_mut(&edge.id).ok_or_else(|| CommandError::NoEdge(edge.id.clone()))?;
                SetEdgeProps { edge: std::mem::replace(slot, edge.clone()) }
            }
            SetDocProps { props } => {
                let old = DocProps::of(doc);
                doc.title = props.title.clone();
                doc.meta = props.meta.clone();
                doc.time_unit = props.time_unit;
                doc.settings = props.settings.clone();
                SetDocProps { props: old }
            }
            AddLane { lane, index, nodes, edges } => {
                if doc.id_in_use(&lane.id) {
                    return Err(CommandError::IdInUse(lane.id.clone()));
                }
                let at = check_index(*index, doc.lanes.len())?;
                for (_, n) in nodes {
                    if doc.id_in_use(&n.id) {
                        return Err(CommandError::IdInUse(n.id.clone()));
                    }
                }
                for (_, e) in edges {
                    if doc.id_in_use(&e.id) {
                        return Err(CommandError::IdInUse(e.id.clone()));
                    }
                    for end in [&e.from, &e.to] {
                        if doc.node(end).is_none() && !nodes.iter().any(|(_, n)| n.id == *end) {
                            return Err(CommandError::MissingEndpoint { edge: e.id.clone(), node: end.clone() });
                        }
                    }
                }
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
                let slot = doc.lane_mut(&lane.id).ok_or_else(|| CommandError::NoLane(lane.id.clone()))?;
                SetLaneProps { lane: std::mem::replace(slot, lane.clone()) }
            }
            AssignLane { id, lane } => {
                if let Some(l) = lane {
                    if doc.lane(l).is_none() {
                        return Err(CommandError::NoLane(l.clone()));
                    }
                }
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
                                // Inverses of commands that just succeeded always apply.
                                inv.apply(doc).expect("rolling back a batch");
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
