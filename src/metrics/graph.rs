//! The flow of a swimlane document as a compact graph (compressed sparse rows over node
//! positions), with each edge's probability, transfer time and handoff flag resolved once.
//!
//! It implements petgraph's visit traits, so petgraph's iterative traversals (`DfsPostOrder`,
//! `Reversed`) run on it without copying the document into a petgraph `Graph`. Indices are
//! positions in `Document::nodes` and live only as long as one analysis: the model never stores
//! them.

use super::MetricsError;
use crate::id_index::IdIndex;
use crate::model::{Document, NodeType, Value};
use petgraph::visit::{
    GraphBase, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, NodeCount, NodeIndexable, VisitMap, Visitable,
};
use petgraph::Direction;

/// Marker for "no node" in `u32` node arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// Probabilities given on one node's ways out may miss 1 by this much (percentages typed with
/// rounding, such as 33 %, 33 %, 34 %, are fine).
const PROBABILITY_TOLERANCE: f64 = 1e-6;

/// A swimlane's flow, ready for analysis.
///
/// Arcs are the document's edges that can be taken: edges leaving an end node are dropped (a
/// case is finished there) and so are edges whose probability is zero (never taken). Arcs of
/// one node are contiguous and keep the document's edge order.
pub(crate) struct Flow<'d> {
    pub doc: &'d Document,
    /// Node ids, numbered by position: a compact copy that is quick to compare and sort.
    pub ids: IdIndex,
    /// Arcs of node `u` are `out_start[u] .. out_start[u + 1]`.
    pub out_start: Vec<u32>,
    pub to: Vec<u32>,
    pub p: Vec<f64>,
    pub transfer: Vec<f64>,
    /// The arc crosses lanes (both ends have a lane and they differ).
    pub handoff: Vec<bool>,
    /// Position of the arc's edge in `Document::edges`.
    pub edge: Vec<u32>,
    /// Incoming arcs of node `v` are `in_start[v] .. in_start[v + 1]`; `from` holds their sources.
    pub in_start: Vec<u32>,
    pub from: Vec<u32>,
    pub work: Vec<f64>,
    pub wait: Vec<f64>,
    pub va: Vec<bool>,
    /// Lane of each node as a number (equal numbers, same lane), or `NONE`.
    pub lane: Vec<u32>,
    /// Lane number → position in `Document::lanes`; lane ids the document does not declare
    /// have numbers past the end.
    lane_position: Vec<usize>,
    pub kind: Vec<NodeType>,
}

fn finite_non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

impl<'d> Flow<'d> {
    /// Resolves ids, checks the numbers and computes every edge's probability.
    ///
    /// A parallel node's edges all run (probability 1). Any other node's edges are
    /// alternatives: missing probabilities share what the given ones leave, equally.
    pub fn build(doc: &'d Document) -> Result<Self, MetricsError> {
        let n = doc.nodes.len();
        // Node id → position, to resolve the edges.
        let mut index = IdIndex::with_capacity(n);
        // Lane id → number, declared lanes first, so that comparing lanes is comparing numbers.
        let mut lanes = IdIndex::with_capacity(doc.lanes.len());
        let mut lane_position = Vec::with_capacity(doc.lanes.len());
        for (i, lane) in doc.lanes.iter().enumerate() {
            // A lane id declared twice names its first declaration.
            if lanes.insert(&lane.id).is_ok() {
                lane_position.push(i);
            }
        }
        // One pass over the nodes and one over the edges, keeping what later steps need in
        // compact arrays: a `Node` is some 300 bytes, so every further pass over `doc.nodes` would
        // stream megabytes through the cache on a large diagram.
        let mut lane = Vec::with_capacity(n);
        let mut work = Vec::with_capacity(n);
        let mut wait = Vec::with_capacity(n);
        let mut va = Vec::with_capacity(n);
        let mut kind = Vec::with_capacity(n);
        let mut last_lane: Option<(&str, u32)> = None;
        for node in &doc.nodes {
            if index.insert(&node.id).is_err() {
                return Err(MetricsError::DuplicateNode { node: node.id.clone() });
            }
            for (field, x) in [("work", node.work), ("wait", node.wait)] {
                if !finite_non_negative(x) {
                    return Err(MetricsError::BadNumber { element: node.id.clone(), field: field.into() });
                }
            }
            work.push(node.work);
            wait.push(node.wait);
            va.push(node.value == Some(Value::Va));
            kind.push(node.kind);
            lane.push(match (node.lane.as_deref(), last_lane) {
                // Neighbouring nodes often share a lane: comparing is cheaper than hashing.
                (Some(id), Some((last, number))) if id == last => number,
                (Some(id), _) => {
                    let number = lanes.insert(id).unwrap_or_else(|known| known);
                    last_lane = Some((id, number));
                    number
                }
                (None, _) => NONE,
            });
        }
        let handoff_time = doc.settings.handoff_time.unwrap_or(0.0);
        if !finite_non_negative(handoff_time) {
            return Err(MetricsError::BadNumber { element: "settings".into(), field: "handoff_time".into() });
        }

        // Resolve endpoints and count each node's edges.
        let m = doc.edges.len();
        let mut ends = Vec::with_capacity(m);
        let mut given = Vec::with_capacity(m);
        let mut transfer = Vec::with_capacity(m);
        let mut degree = vec![0u32; n + 1];
        for edge in &doc.edges {
            let lookup = |id: &str| {
                index.get(id).ok_or_else(|| MetricsError::DanglingEdge { edge: edge.id.clone(), node: id.to_string() })
            };
            let (u, v) = (lookup(&edge.from)?, lookup(&edge.to)?);
            if let Some(t) = edge.transfer {
                if !finite_non_negative(t) {
                    return Err(MetricsError::BadNumber { element: edge.id.clone(), field: "transfer".into() });
                }
            }
            ends.push((u, v));
            given.push(edge.probability);
            transfer.push(edge.transfer);
            degree[u as usize] += 1;
        }
        // Edges grouped by source, in document order within a group (a counting sort).
        let mut first = vec![0u32; n + 1];
        for u in 0..n {
            first[u + 1] = first[u] + degree[u];
        }
        let mut by_source = vec![0u32; m];
        let mut fill = first.clone();
        for (e, &(u, _)) in ends.iter().enumerate() {
            by_source[fill[u as usize] as usize] = e as u32;
            fill[u as usize] += 1;
        }

        let mut flow = Flow {
            doc,
            ids: index,
            out_start: Vec::with_capacity(n + 1),
            to: Vec::with_capacity(m),
            p: Vec::with_capacity(m),
            transfer: Vec::with_capacity(m),
            handoff: Vec::with_capacity(m),
            edge: Vec::with_capacity(m),
            in_start: Vec::new(),
            from: Vec::new(),
            work,
            wait,
            va,
            lane,
            lane_position,
            kind,
        };
        let mut probabilities = Vec::new();
        for u in 0..n {
            flow.out_start.push(flow.to.len() as u32);
            let edges = &by_source[first[u] as usize..first[u + 1] as usize];
            probabilities.clear();
            match flow.kind[u] {
                NodeType::End => continue,
                NodeType::Parallel => probabilities.resize(edges.len(), 1.0),
                _ => {
                    if !alternatives(&given, edges, &mut probabilities) {
                        return Err(MetricsError::BadProbabilities { decision: doc.nodes[u].id.clone() });
                    }
                }
            }
            for (&e, &p) in edges.iter().zip(&probabilities) {
                if p <= 0.0 {
                    continue;
                }
                let v = ends[e as usize].1;
                let (a, b) = (flow.lane[u], flow.lane[v as usize]);
                let crosses = a != NONE && b != NONE && a != b;
                flow.to.push(v);
                flow.p.push(p);
                flow.transfer.push(transfer[e as usize].unwrap_or(if crosses { handoff_time } else { 0.0 }));
                flow.handoff.push(crosses);
                flow.edge.push(e);
            }
        }
        flow.out_start.push(flow.to.len() as u32);
        flow.build_incoming();
        Ok(flow)
    }

    fn build_incoming(&mut self) {
        let n = self.len();
        let mut count = vec![0u32; n + 1];
        for &v in &self.to {
            count[v as usize + 1] += 1;
        }
        for v in 0..n {
            count[v + 1] += count[v];
        }
        let mut from = vec![0u32; self.to.len()];
        let mut fill = count.clone();
        for u in 0..n {
            for a in self.arcs(u as u32) {
                let v = self.to[a] as usize;
                from[fill[v] as usize] = u as u32;
                fill[v] += 1;
            }
        }
        self.in_start = count;
        self.from = from;
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.work.len()
    }

    /// Positions (in the arc arrays) of the arcs leaving `u`.
    pub fn arcs(&self, u: u32) -> std::ops::Range<usize> {
        self.out_start[u as usize] as usize..self.out_start[u as usize + 1] as usize
    }

    pub fn successors(&self, u: u32) -> &[u32] {
        &self.to[self.arcs(u)]
    }

    pub fn predecessors(&self, v: u32) -> &[u32] {
        &self.from[self.in_start[v as usize] as usize..self.in_start[v as usize + 1] as usize]
    }

    pub fn id(&self, u: u32) -> &str {
        self.ids.id(u)
    }

    pub fn edge_id(&self, arc: usize) -> &'d str {
        &self.doc.edges[self.edge[arc] as usize].id
    }

    /// Position in `Document::lanes` of the lane of node `u`, if it has a declared one.
    pub fn declared_lane(&self, u: u32) -> Option<usize> {
        self.lane_position.get(self.lane[u as usize] as usize).copied()
    }

    /// Own time of node `u`: work plus wait.
    pub fn time(&self, u: u32) -> f64 {
        self.work[u as usize] + self.wait[u as usize]
    }
}

/// Probabilities of the alternative ways out of one node, in the order of `edges` (positions
/// in `given`, each edge's probability if the document gives one). False when the given ones
/// are out of 0..1, add up to more than 1, or (all given) do not add up to 1.
fn alternatives(given: &[Option<f64>], edges: &[u32], out: &mut Vec<f64>) -> bool {
    let mut sum = 0.0;
    let mut missing = 0usize;
    for &e in edges {
        match given[e as usize] {
            Some(p) if !(0.0..=1.0).contains(&p) => return false,
            Some(p) => sum += p,
            None => missing += 1,
        }
    }
    if edges.is_empty() {
        return true;
    }
    if (missing == 0 && (sum - 1.0).abs() > PROBABILITY_TOLERANCE) || sum > 1.0 + PROBABILITY_TOLERANCE {
        return false;
    }
    let share = if missing == 0 { 0.0 } else { (1.0 - sum).max(0.0) / missing as f64 };
    let start = out.len();
    out.extend(edges.iter().map(|&e| given[e as usize].unwrap_or(share)));
    // Rescale so that the row sums to 1 exactly (within rounding): the solver's treatment of
    // self-loops relies on it.
    let total: f64 = out[start..].iter().sum();
    if total != 1.0 {
        out[start..].iter_mut().for_each(|p| *p /= total);
    }
    true
}

// petgraph's view of the flow: nodes are positions, neighbours follow the arcs.

impl GraphBase for Flow<'_> {
    type NodeId = u32;
    type EdgeId = u32;
}

impl<'a> IntoNeighbors for &'a Flow<'_> {
    type Neighbors = std::iter::Copied<std::slice::Iter<'a, u32>>;
    fn neighbors(self, a: u32) -> Self::Neighbors {
        self.successors(a).iter().copied()
    }
}

impl<'a> IntoNeighborsDirected for &'a Flow<'_> {
    type NeighborsDirected = std::iter::Copied<std::slice::Iter<'a, u32>>;
    fn neighbors_directed(self, a: u32, d: Direction) -> Self::NeighborsDirected {
        match d {
            Direction::Outgoing => self.successors(a).iter().copied(),
            Direction::Incoming => self.predecessors(a).iter().copied(),
        }
    }
}

impl<'a> IntoNodeIdentifiers for &'a Flow<'_> {
    type NodeIdentifiers = std::ops::Range<u32>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        0..self.len() as u32
    }
}

impl NodeIndexable for Flow<'_> {
    fn node_bound(&self) -> usize {
        self.len()
    }
    fn to_index(&self, a: u32) -> usize {
        a as usize
    }
    fn from_index(&self, i: usize) -> u32 {
        i as u32
    }
}

impl NodeCount for Flow<'_> {
    fn node_count(&self) -> usize {
        self.len()
    }
}

impl Visitable for Flow<'_> {
    type Map = Marks;
    fn visit_map(&self) -> Marks {
        Marks(vec![false; self.len()])
    }
    fn reset_map(&self, map: &mut Marks) {
        map.0.clear();
        map.0.resize(self.len(), false);
    }
}

/// Visited flags for petgraph's traversals over a [`Flow`].
pub(crate) struct Marks(Vec<bool>);

impl VisitMap<u32> for Marks {
    fn visit(&mut self, a: u32) -> bool {
        !std::mem::replace(&mut self.0[a as usize], true)
    }
    fn is_visited(&self, a: &u32) -> bool {
        self.0[*a as usize]
    }
    fn unvisit(&mut self, a: u32) -> bool {
        std::mem::replace(&mut self.0[a as usize], false)
    }
}
