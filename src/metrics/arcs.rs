//! The ways a case can take through a swimlane, ready for the Markov analysis: the shared flow
//! graph (`crate::graph`) narrowed to the arcs that can be taken, each with its probability,
//! transfer time and handoff flag resolved once, plus each node's times and lane in compact
//! arrays.
//!
//! It implements petgraph's visit traits, so petgraph's iterative traversals (`DfsPostOrder`,
//! `Reversed`) run on it directly. Indices are positions in `Document::nodes` and live only as
//! long as one analysis.

use super::MetricsError;
use crate::graph::{branch_probabilities, has_alternatives, Graph, NONE};
use crate::model::{
    check_edge, check_lane, check_node, check_settings, Document, ElementRef, Invalid, NodeType, Problem, ValueClass,
};
use petgraph::visit::{
    GraphBase, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers, NodeCount, NodeIndexable, VisitMap, Visitable,
};
use petgraph::Direction;
use rustc_hash::FxHashMap;

/// A swimlane's flow, ready for analysis.
///
/// Arcs are the document's connectors that can be taken: connectors leaving an end node are
/// dropped (a case is finished there) and so are connectors whose probability is zero (never
/// taken). Arcs of one node are contiguous and keep the document's connector order.
pub(crate) struct Arcs<'d> {
    pub doc: &'d Document,
    /// Arcs of node `u` are `out_start[u] .. out_start[u + 1]`.
    pub out_start: Vec<u32>,
    pub to: Vec<u32>,
    pub p: Vec<f64>,
    pub transfer: Vec<f64>,
    /// The arc crosses lanes (both ends have a lane and they differ).
    pub handoff: Vec<bool>,
    /// Position of the arc's connector in `Document::edges`.
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

impl<'d> Arcs<'d> {
    /// Resolves lanes and computes every arc's probability (`graph::branch_probabilities`).
    ///
    /// Checks at the door what the analysis relies on and only a document built by hand can
    /// break (loaded and edited documents keep every invariant): each value in its range
    /// (`model::check_node`, `check_edge`, `check_settings`), node ids unique, and connectors
    /// between existing nodes. Cheaper than `Document::check_invariants`, as it hashes only the
    /// node ids, once, for the graph it builds anyway.
    pub fn build(doc: &'d Document) -> Result<Self, MetricsError> {
        let invalid = MetricsError::Invalid;
        let graph = Graph::new(doc);
        let n = doc.nodes.len();
        // In the order `Document::check_invariants` reports problems in.
        check_settings(&doc.settings).map_err(invalid)?;
        for (i, node) in doc.nodes.iter().enumerate() {
            check_node(doc.kind, node).map_err(invalid)?;
            if graph.position(&node.id) != Some(i) {
                let element = ElementRef::Node(node.id.clone());
                return Err(invalid(Invalid { element, field: "id", problem: Problem::DuplicateId }));
            }
        }
        for lane in &doc.lanes {
            check_lane(lane).map_err(invalid)?;
        }
        for edge in &doc.edges {
            check_edge(edge).map_err(invalid)?;
        }
        if let Some(e) = (0..doc.edges.len()).find(|&e| graph.ends(e).is_none()) {
            let edge = &doc.edges[e];
            let (field, end) =
                if graph.position(&edge.from).is_none() { ("from", &edge.from) } else { ("to", &edge.to) };
            let element = ElementRef::Edge(edge.id.clone());
            return Err(invalid(Invalid { element, field, problem: Problem::MissingNode(end.clone()) }));
        }
        // Lane id → number, declared lanes first, so that comparing lanes is comparing numbers.
        let mut lanes: FxHashMap<&str, u32> = FxHashMap::default();
        let mut lane_position = Vec::with_capacity(doc.lanes.len());
        for (i, lane) in doc.lanes.iter().enumerate() {
            // A lane id declared twice names its first declaration.
            let number = lanes.len() as u32;
            if let std::collections::hash_map::Entry::Vacant(slot) = lanes.entry(&lane.id) {
                slot.insert(number);
                lane_position.push(i);
            }
        }
        let mut lane = Vec::with_capacity(n);
        let mut last: Option<(&str, u32)> = None;
        for node in &doc.nodes {
            lane.push(match (node.lane.as_deref(), last) {
                // Neighbouring nodes often share a lane: comparing is cheaper than hashing.
                (Some(id), Some((last_id, number))) if id == last_id => number,
                (Some(id), _) => {
                    let next = lanes.len() as u32;
                    let number = *lanes.entry(id).or_insert(next);
                    last = Some((id, number));
                    number
                }
                (None, _) => NONE,
            });
        }
        let handoff_time = doc.settings.handoff_time.unwrap_or(0.0);

        let mut arcs = Arcs {
            doc,
            out_start: Vec::with_capacity(n + 1),
            to: Vec::with_capacity(doc.edges.len()),
            p: Vec::with_capacity(doc.edges.len()),
            transfer: Vec::with_capacity(doc.edges.len()),
            handoff: Vec::with_capacity(doc.edges.len()),
            edge: Vec::with_capacity(doc.edges.len()),
            in_start: Vec::new(),
            from: Vec::new(),
            work: doc.nodes.iter().map(|node| node.work).collect(),
            wait: doc.nodes.iter().map(|node| node.wait).collect(),
            va: doc.nodes.iter().map(|node| node.value == Some(ValueClass::Va)).collect(),
            lane,
            lane_position,
            kind: doc.nodes.iter().map(|node| node.kind).collect(),
        };
        let mut given = Vec::new();
        for u in 0..n {
            arcs.out_start.push(arcs.to.len() as u32);
            let links = graph.outgoing(u);
            let probabilities = match arcs.kind[u] {
                NodeType::End => continue,
                NodeType::Parallel => vec![1.0; links.len()],
                kind => {
                    debug_assert!(has_alternatives(kind));
                    given.clear();
                    given.extend(links.iter().map(|l| doc.edges[l.edge()].probability));
                    branch_probabilities(&given)
                        .map_err(|_| MetricsError::BadProbabilities { decision: doc.nodes[u].id.clone() })?
                }
            };
            for (link, &p) in links.iter().zip(&probabilities) {
                if p <= 0.0 {
                    continue;
                }
                let v = link.node();
                let (a, b) = (arcs.lane[u], arcs.lane[v]);
                let crosses = a != NONE && b != NONE && a != b;
                arcs.to.push(v as u32);
                arcs.p.push(p);
                let given = doc.edges[link.edge()].transfer;
                arcs.transfer.push(given.unwrap_or(if crosses { handoff_time } else { 0.0 }));
                arcs.handoff.push(crosses);
                arcs.edge.push(link.edge() as u32);
            }
        }
        arcs.out_start.push(arcs.to.len() as u32);
        arcs.build_incoming();
        Ok(arcs)
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

    pub fn id(&self, u: u32) -> &'d str {
        &self.doc.nodes[u as usize].id
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

// petgraph's view of the flow: nodes are positions, neighbours follow the arcs.

impl GraphBase for Arcs<'_> {
    type NodeId = u32;
    type EdgeId = u32;
}

impl<'a> IntoNeighbors for &'a Arcs<'_> {
    type Neighbors = std::iter::Copied<std::slice::Iter<'a, u32>>;
    fn neighbors(self, a: u32) -> Self::Neighbors {
        self.successors(a).iter().copied()
    }
}

impl<'a> IntoNeighborsDirected for &'a Arcs<'_> {
    type NeighborsDirected = std::iter::Copied<std::slice::Iter<'a, u32>>;
    fn neighbors_directed(self, a: u32, d: Direction) -> Self::NeighborsDirected {
        match d {
            Direction::Outgoing => self.successors(a).iter().copied(),
            Direction::Incoming => self.predecessors(a).iter().copied(),
        }
    }
}

impl IntoNodeIdentifiers for &Arcs<'_> {
    type NodeIdentifiers = std::ops::Range<u32>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        0..self.len() as u32
    }
}

impl NodeIndexable for Arcs<'_> {
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

impl NodeCount for Arcs<'_> {
    fn node_count(&self) -> usize {
        self.len()
    }
}

impl Visitable for Arcs<'_> {
    type Map = Marks;
    fn visit_map(&self) -> Marks {
        Marks(vec![false; self.len()])
    }
    fn reset_map(&self, map: &mut Marks) {
        map.0.clear();
        map.0.resize(self.len(), false);
    }
}

/// Visited flags for petgraph's traversals over [`Arcs`].
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
