//! What every rule may ask of the document, computed once per validation run: an id index,
//! each node's type in a compact array, per-node adjacency in document order, and (lazily,
//! because only some rules need them) reachability from the starts, reachability of the ends,
//! the post-dominator tree and a petgraph view of the flow.
//!
//! Everything is kept in flat arrays indexed by node position: a `Node` is some 300 bytes, so a
//! rule that walked `doc.nodes` only to read each node's type would stream megabytes through the
//! cache on a large diagram, and a dozen rules do that.
//!
//! Node `i` of the petgraph graph is `doc.nodes[i]`; petgraph indices never leave this run.
//! Edges whose `from` or `to` names no node are left out of every view, so rules other than
//! `edge-to-missing-node` ignore them without special cases. When an id is used by several
//! elements, it means the first (nodes before edges before lanes), and `duplicate-id` reports
//! the clash.

use super::text::Name;
use crate::id_index::IdIndex;
use crate::model::{Document, Node, NodeType};
use petgraph::graph::{DiGraph, NodeIndex};
use std::cell::OnceCell;

/// Marker for "no node" in the `u32` arrays of the post-dominator computation.
const NONE: u32 = u32::MAX;

/// The graph view and derived facts shared by all rules of one run.
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    /// Every id of the document (nodes, then edges, then lanes), numbered in order of first use.
    ids: IdIndex,
    /// For each id number: its first holder and how many elements use it.
    uses: Vec<IdUse>,
    /// Numbers of the ids used more than once, in order of first use.
    clashes: Vec<u32>,
    /// The type of each node.
    kinds: Vec<NodeType>,
    /// For each edge of `doc.edges`: its (from, to) node positions, or `None` when either end
    /// names no node. (`u32`, as in every per-element array here, to keep the arrays small.)
    ends: Vec<Option<(u32, u32)>>,
    /// Compressed adjacency: the outgoing links of node `i` are
    /// `out_links[out_start[i]..out_start[i + 1]]`, in document order of their edges.
    out_start: Vec<u32>,
    out_links: Vec<Link>,
    in_start: Vec<u32>,
    in_links: Vec<Link>,
    /// The flow as a petgraph graph: node weight = node position, edge weight = edge position.
    /// Built on demand: only `cannot-reach-end` needs it, and only when some node is stuck.
    graph: OnceCell<DiGraph<usize, usize>>,
    from_start: OnceCell<Vec<bool>>,
    to_end: OnceCell<Vec<bool>>,
    post_dominators: OnceCell<PostDominators>,
}

/// An element of the document by kind and position; ordered as the document lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Element {
    Node(usize),
    Edge(usize),
    Lane(usize),
}

/// How an id is used: by which element first, as its place in the order nodes, edges, lanes
/// (see [`Context::element`]), and by how many elements.
#[derive(Clone, Copy, Debug)]
struct IdUse {
    first: u32,
    count: u32,
}

/// One edge seen from one of its ends. Kept as two `u32`s, half the size of two `usize`s: the
/// link lists are read by every graph rule, and on a large diagram they are a good part of what
/// a run keeps in cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    edge: u32,
    node: u32,
}

impl Link {
    /// Position of the edge in `doc.edges`.
    pub fn edge(&self) -> usize {
        self.edge as usize
    }
    /// Position of the node at the other end (the target of an outgoing link, the source of an
    /// incoming one).
    pub fn node(&self) -> usize {
        self.node as usize
    }
}

/// Immediate post-dominators of the flow, computed on the reversed graph from a virtual sink
/// that every end node flows into, so that diagrams with several ends have one root.
pub(crate) struct PostDominators {
    /// Immediate post-dominator of each node (position `n` is the sink); `NONE` when no end is
    /// reachable from the node.
    idom: Vec<u32>,
}

/// Where every path from a node to an end first meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Meet {
    /// All paths to an end pass through this node.
    Node(usize),
    /// The paths only come together beyond the end nodes: they never meet in the diagram.
    Nowhere,
}

impl PostDominators {
    /// The immediate post-dominator of node `i`, or `None` when no end is reachable from it.
    pub fn immediate(&self, i: usize) -> Option<Meet> {
        let sink = self.idom.len() - 1;
        match self.idom[i] {
            NONE => None,
            d if d as usize == sink => Some(Meet::Nowhere),
            d => Some(Meet::Node(d as usize)),
        }
    }
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let n = doc.nodes.len();
        let (ids, uses, clashes) = index_ids(doc);
        // The first `n` places are the nodes'.
        let node_at = |id: &str| Some(uses[ids.get(id)? as usize].first).filter(|&first| (first as usize) < n);
        let ends: Vec<_> = doc.edges.iter().map(|e| Some((node_at(&e.from)?, node_at(&e.to)?))).collect();

        let (out_start, out_links) = compress(n, &ends, |(from, to)| (from, to));
        let (in_start, in_links) = compress(n, &ends, |(from, to)| (to, from));

        Context {
            doc,
            ids,
            uses,
            clashes,
            kinds: doc.nodes.iter().map(|node| node.kind).collect(),
            ends,
            out_start,
            out_links,
            in_start,
            in_links,
            graph: OnceCell::new(),
            from_start: OnceCell::new(),
            to_end: OnceCell::new(),
            post_dominators: OnceCell::new(),
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.kinds.len()
    }

    /// The type of node `i` (read from a compact copy: cheaper than `node(i).kind` in a loop
    /// over all nodes).
    pub fn kind(&self, i: usize) -> NodeType {
        self.kinds[i]
    }

    pub fn node(&self, i: usize) -> &'a Node {
        &self.doc.nodes[i]
    }

    /// The element at place `p` of the order nodes, edges, lanes.
    fn element(&self, p: u32) -> Element {
        let (n, m) = (self.doc.nodes.len(), self.doc.edges.len());
        match p as usize {
            p if p < n => Element::Node(p),
            p if p < n + m => Element::Edge(p - n),
            p => Element::Lane(p - n - m),
        }
    }

    /// Position of the (first) node with this id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        match self.element(self.uses[self.ids.get(id)? as usize].first) {
            Element::Node(i) => Some(i),
            _ => None,
        }
    }

    /// True when some lane has this id.
    pub fn lane_exists(&self, id: &str) -> bool {
        let Some(IdUse { first, count }) = self.ids.get(id).map(|k| self.uses[k as usize]) else { return false };
        match self.element(first) {
            Element::Lane(_) => true,
            // The id also names a node or an edge, which comes first: look at the lanes.
            _ if count > 1 => self.doc.lanes.iter().any(|l| l.id == id),
            _ => false,
        }
    }

    /// Ids that several elements use, with how many, in order of first use.
    pub fn id_clashes(&self) -> impl Iterator<Item = (&'a str, usize)> + '_ {
        self.clashes.iter().map(|&k| {
            let IdUse { first, count } = self.uses[k as usize];
            let doc = self.doc;
            let id = match self.element(first) {
                Element::Node(i) => &doc.nodes[i].id,
                Element::Edge(i) => &doc.edges[i].id,
                Element::Lane(i) => &doc.lanes[i].id,
            };
            (id.as_str(), count as usize)
        })
    }

    /// Positions of the nodes of type `kind`, in document order.
    pub fn nodes_of(&self, kind: NodeType) -> impl Iterator<Item = usize> + '_ {
        self.kinds.iter().enumerate().filter(move |&(_, &k)| k == kind).map(|(i, _)| i)
    }

    /// The (from, to) node positions of edge `e`, or `None` when either end names no node.
    pub fn ends(&self, e: usize) -> Option<(usize, usize)> {
        self.ends[e].map(|(from, to)| (from as usize, to as usize))
    }

    /// Every edge whose ends both exist, as (edge, from, to) positions, in document order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.ends.len()).filter_map(|e| self.ends(e).map(|(from, to)| (e, from, to)))
    }

    /// Edges leaving node `i` (with their targets), in document order.
    pub fn outgoing(&self, i: usize) -> &[Link] {
        &self.out_links[self.out_start[i] as usize..self.out_start[i + 1] as usize]
    }

    /// Edges entering node `i` (with their sources), in document order.
    pub fn incoming(&self, i: usize) -> &[Link] {
        &self.in_links[self.in_start[i] as usize..self.in_start[i + 1] as usize]
    }

    /// True when node `i` has no edge at all (the concern of `no-disconnected`).
    pub fn is_isolated(&self, i: usize) -> bool {
        self.outgoing(i).is_empty() && self.incoming(i).is_empty()
    }

    /// The flow as a petgraph graph (node weight = node position, edge weight = edge position),
    /// for petgraph's algorithms.
    pub fn graph(&self) -> &DiGraph<usize, usize> {
        self.graph.get_or_init(|| {
            let mut graph = DiGraph::with_capacity(self.node_count(), self.out_links.len());
            for i in 0..self.node_count() {
                graph.add_node(i);
            }
            for (e, from, to) in self.edges() {
                graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), e);
            }
            graph
        })
    }

    /// For each node: can it be reached from some `start` node? (Starts reach themselves.)
    pub fn reachable_from_start(&self) -> &[bool] {
        self.from_start.get_or_init(|| self.reached_from(self.nodes_of(NodeType::Start), |i| self.outgoing(i)))
    }

    /// For each node: can some `end` node be reached from it? (Ends reach themselves.)
    pub fn reaches_end(&self) -> &[bool] {
        self.to_end.get_or_init(|| self.reached_from(self.nodes_of(NodeType::End), |i| self.incoming(i)))
    }

    /// Marks every node reachable from any of `roots` following `links` (outgoing links for a
    /// forward walk, incoming ones for a backward walk). One depth-first walk is shared by all
    /// roots, so each node is visited once: O(n + e).
    fn reached_from<'s>(
        &'s self,
        roots: impl Iterator<Item = usize>,
        links: impl Fn(usize) -> &'s [Link],
    ) -> Vec<bool> {
        let mut reached = vec![false; self.node_count()];
        let mut stack = Vec::new();
        for root in roots {
            if !std::mem::replace(&mut reached[root], true) {
                stack.push(root);
            }
            while let Some(i) = stack.pop() {
                for link in links(i) {
                    if !std::mem::replace(&mut reached[link.node()], true) {
                        stack.push(link.node());
                    }
                }
            }
        }
        reached
    }

    /// The post-dominator tree of the flow towards its end nodes.
    ///
    /// The dominator tree of the reversed flow, rooted at a virtual sink whose successors are
    /// the end nodes, by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
    /// Dominance Algorithm", 2001) on plain arrays: petgraph's implementation of the same
    /// algorithm keeps a hash set of predecessors per node, which cost more than the rest of a
    /// validation run together.
    ///
    /// # Complexity
    /// O(passes × (n + e) × depth of the tree) in the worst case; reverse postorder makes a
    /// process flow settle in two or three passes.
    pub fn post_dominators(&self) -> &PostDominators {
        self.post_dominators.get_or_init(|| {
            let n = self.node_count();
            let sink = n;
            let is_end = |v: usize| v < n && self.kinds[v] == NodeType::End;
            // Depth-first postorder of the reversed flow from the sink: the sink leads to the
            // ends, and a node to the sources of its incoming links.
            let ends: Vec<Link> = self.nodes_of(NodeType::End).map(|i| Link { edge: 0, node: i as u32 }).collect();
            let next = |v: usize| if v == sink { &ends[..] } else { self.incoming(v) };
            let mut post = vec![NONE; n + 1];
            let mut order = Vec::with_capacity(n + 1);
            let mut seen = vec![false; n + 1];
            // The call stack of the walk: a node and how many of its links are followed.
            let mut calls = vec![(sink, 0)];
            seen[sink] = true;
            while let Some((v, k)) = calls.last_mut() {
                let v = *v;
                if let Some(link) = next(v).get(*k) {
                    *k += 1;
                    if !std::mem::replace(&mut seen[link.node()], true) {
                        calls.push((link.node(), 0));
                    }
                } else {
                    calls.pop();
                    post[v] = order.len() as u32;
                    order.push(v);
                }
            }

            let mut idom = vec![NONE; n + 1];
            idom[sink] = sink as u32;
            // The two fingers climb the tree built so far until they meet: the nearest common
            // dominator. A node's dominators finish later in the postorder than it does.
            let intersect = |idom: &[u32], mut a: u32, mut b: u32| {
                while a != b {
                    while post[a as usize] < post[b as usize] {
                        a = idom[a as usize];
                    }
                    while post[b as usize] < post[a as usize] {
                        b = idom[b as usize];
                    }
                }
                a
            };
            let mut changed = true;
            while changed {
                changed = false;
                // Reverse postorder, skipping the sink (last in postorder).
                for &v in order.iter().rev().skip(1) {
                    // v's predecessors in the reversed flow: its successors, and the sink for an
                    // end. Only those already given a dominator count; a self-loop never matters.
                    let mut new = if is_end(v) { sink as u32 } else { NONE };
                    for link in self.outgoing(v) {
                        let w = link.node();
                        if w != v && idom[w] != NONE {
                            new = if new == NONE { w as u32 } else { intersect(&idom, new, w as u32) };
                        }
                    }
                    if new != NONE && idom[v] != new {
                        idom[v] = new;
                        changed = true;
                    }
                }
            }
            PostDominators { idom }
        })
    }

    /// How messages name node `i`.
    pub fn name(&self, i: usize) -> Name<'a> {
        Name(self.node(i))
    }
}

/// Indexes every id of the document in one pass (nodes, then edges, then lanes), noting the
/// ids used more than once. One index serves both the edge lookups and `duplicate-id`, because
/// hashing thousands of ids is a large part of a run.
fn index_ids(doc: &Document) -> (IdIndex, Vec<IdUse>, Vec<u32>) {
    let ids_in_order = (doc.nodes.iter().map(|n| n.id.as_str()))
        .chain(doc.edges.iter().map(|e| e.id.as_str()))
        .chain(doc.lanes.iter().map(|l| l.id.as_str()));
    let total = doc.nodes.len() + doc.edges.len() + doc.lanes.len();
    let mut ids = IdIndex::with_capacity(total);
    let mut uses: Vec<IdUse> = Vec::with_capacity(total);
    let mut clashes = Vec::new();
    for (place, id) in ids_in_order.enumerate() {
        match ids.insert(id) {
            Ok(_) => uses.push(IdUse { first: place as u32, count: 1 }),
            Err(k) => {
                let used = &mut uses[k as usize];
                used.count += 1;
                if used.count == 2 {
                    clashes.push(k);
                }
            }
        }
    }
    // Found at their second use; reported in order of their first, which is the order of their
    // numbers.
    clashes.sort_unstable();
    (ids, uses, clashes)
}

/// Groups the existing edges by one end into compressed-row form: `start[i]..start[i + 1]`
/// indexes the links of node `i` in the returned list, in document order. `orient` turns an
/// edge's (from, to) into (this end, other end).
fn compress(n: usize, ends: &[Option<(u32, u32)>], orient: impl Fn((u32, u32)) -> (u32, u32)) -> (Vec<u32>, Vec<Link>) {
    let mut start = vec![0u32; n + 1];
    for &pair in ends.iter().flatten() {
        start[orient(pair).0 as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut links = vec![Link { edge: 0, node: 0 }; start[n] as usize];
    for (edge, pair) in ends.iter().enumerate() {
        if let Some(&pair) = pair.as_ref() {
            let (this, other) = orient(pair);
            links[next[this as usize] as usize] = Link { edge: edge as u32, node: other };
            next[this as usize] += 1;
        }
    }
    (start, links)
}
