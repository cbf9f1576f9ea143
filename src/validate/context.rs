//! What every rule may ask of the document, computed once per validation run: an id index,
//! per-node adjacency in document order, a petgraph view of the flow, and (lazily, because only
//! some rules need them) reachability from the starts, reachability of the ends, and the
//! post-dominator tree.
//!
//! Node `i` of the petgraph graph is `doc.nodes[i]`; petgraph indices never leave this run.
//! Edges whose `from` or `to` names no node are left out of every view, so rules other than
//! `edge-to-missing-node` ignore them without special cases. When an id is used by several
//! elements, it means the first (nodes before edges before lanes), and `duplicate-id` reports
//! the clash.

use super::text::Name;
use crate::model::{Document, Node, NodeType};
use petgraph::algo::dominators::{self, Dominators};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, Reversed, VisitMap};
use std::cell::OnceCell;
use std::collections::hash_map::{Entry, HashMap};

/// The graph view and derived facts shared by all rules of one run.
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    /// Every id of the document (nodes, edges, lanes): its first holder and how many use it.
    ids: HashMap<&'a str, IdUse>,
    /// Ids used more than once, in order of first use.
    clashes: Vec<&'a str>,
    /// For each edge of `doc.edges`: its (from, to) node positions, or `None` when either end
    /// names no node.
    ends: Vec<Option<(usize, usize)>>,
    /// Compressed adjacency: the outgoing links of node `i` are
    /// `out_links[out_start[i]..out_start[i + 1]]`, in document order of their edges.
    out_start: Vec<usize>,
    out_links: Vec<Link>,
    in_start: Vec<usize>,
    in_links: Vec<Link>,
    /// The flow as a petgraph graph: node weight = node position, edge weight = edge position.
    graph: DiGraph<usize, usize>,
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

#[derive(Clone, Copy, Debug)]
struct IdUse {
    first: Element,
    count: usize,
}

/// One edge seen from one of its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// Position of the edge in `doc.edges`.
    pub edge: usize,
    /// Position of the node at the other end (the target of an outgoing link, the source of an
    /// incoming one).
    pub node: usize,
}

/// Immediate post-dominators of the flow, computed on the reversed graph from a virtual sink
/// that every end node flows into, so that diagrams with several ends have one root.
pub(crate) struct PostDominators {
    tree: Dominators<NodeIndex>,
    sink: NodeIndex,
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
        let idom = self.tree.immediate_dominator(NodeIndex::new(i))?;
        Some(if idom == self.sink { Meet::Nowhere } else { Meet::Node(idom.index()) })
    }
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let n = doc.nodes.len();
        let (ids, clashes) = index_ids(doc);
        let node_at = |id: &str| match ids.get(id) {
            Some(IdUse { first: Element::Node(i), .. }) => Some(*i),
            _ => None,
        };
        let ends: Vec<_> = doc.edges.iter().map(|e| Some((node_at(&e.from)?, node_at(&e.to)?))).collect();

        let (out_start, out_links) = compress(n, &ends, |(from, to)| (from, to));
        let (in_start, in_links) = compress(n, &ends, |(from, to)| (to, from));

        let mut graph = DiGraph::with_capacity(n, out_links.len());
        for i in 0..n {
            graph.add_node(i);
        }
        for (e, &(from, to)) in ends.iter().enumerate().filter_map(|(e, ends)| Some((e, ends.as_ref()?))) {
            graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), e);
        }

        Context {
            doc,
            ids,
            clashes,
            ends,
            out_start,
            out_links,
            in_start,
            in_links,
            graph,
            from_start: OnceCell::new(),
            to_end: OnceCell::new(),
            post_dominators: OnceCell::new(),
        }
    }

    pub fn node(&self, i: usize) -> &'a Node {
        &self.doc.nodes[i]
    }

    /// Position of the (first) node with this id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        match self.ids.get(id)?.first {
            Element::Node(i) => Some(i),
            _ => None,
        }
    }

    /// True when some lane has this id.
    pub fn lane_exists(&self, id: &str) -> bool {
        match self.ids.get(id) {
            Some(IdUse { first: Element::Lane(_), .. }) => true,
            // The id also names a node or an edge, which comes first: look at the lanes.
            Some(IdUse { count, .. }) if *count > 1 => self.doc.lanes.iter().any(|l| l.id == id),
            _ => false,
        }
    }

    /// Ids that several elements use, with how many, in order of first use.
    pub fn id_clashes(&self) -> impl Iterator<Item = (&'a str, usize)> + '_ {
        self.clashes.iter().map(|&id| (id, self.ids.get(id).map_or(0, |u| u.count)))
    }

    /// Positions of the nodes of type `kind`, in document order.
    pub fn nodes_of(&self, kind: NodeType) -> impl Iterator<Item = usize> + '_ {
        self.doc.nodes.iter().enumerate().filter(move |(_, n)| n.kind == kind).map(|(i, _)| i)
    }

    /// The (from, to) node positions of edge `e`, or `None` when either end names no node.
    pub fn ends(&self, e: usize) -> Option<(usize, usize)> {
        self.ends[e]
    }

    /// Every edge whose ends both exist, as (edge, from, to) positions, in document order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.ends.iter().enumerate().filter_map(|(e, ends)| ends.map(|(from, to)| (e, from, to)))
    }

    /// Edges leaving node `i` (with their targets), in document order.
    pub fn outgoing(&self, i: usize) -> &[Link] {
        &self.out_links[self.out_start[i]..self.out_start[i + 1]]
    }

    /// Edges entering node `i` (with their sources), in document order.
    pub fn incoming(&self, i: usize) -> &[Link] {
        &self.in_links[self.in_start[i]..self.in_start[i + 1]]
    }

    /// True when node `i` has no edge at all (the concern of `no-disconnected`).
    pub fn is_isolated(&self, i: usize) -> bool {
        self.outgoing(i).is_empty() && self.incoming(i).is_empty()
    }

    pub fn graph(&self) -> &DiGraph<usize, usize> {
        &self.graph
    }

    /// For each node: can it be reached from some `start` node? (Starts reach themselves.)
    pub fn reachable_from_start(&self) -> &[bool] {
        self.from_start.get_or_init(|| {
            let starts = self.nodes_of(NodeType::Start).map(NodeIndex::new);
            reached_from(&self.graph, starts, self.doc.nodes.len())
        })
    }

    /// For each node: can some `end` node be reached from it? (Ends reach themselves.)
    pub fn reaches_end(&self) -> &[bool] {
        self.to_end.get_or_init(|| {
            let ends = self.nodes_of(NodeType::End).map(NodeIndex::new);
            reached_from(Reversed(&self.graph), ends, self.doc.nodes.len())
        })
    }

    /// The post-dominator tree of the flow towards its end nodes.
    pub fn post_dominators(&self) -> &PostDominators {
        self.post_dominators.get_or_init(|| {
            let n = self.doc.nodes.len();
            let ends: Vec<_> = self.nodes_of(NodeType::End).collect();
            let mut reversed = DiGraph::<(), ()>::with_capacity(n + 1, self.out_links.len() + ends.len());
            for _ in 0..=n {
                reversed.add_node(());
            }
            let sink = NodeIndex::new(n);
            for (_, from, to) in self.edges() {
                reversed.add_edge(NodeIndex::new(to), NodeIndex::new(from), ());
            }
            for end in ends {
                reversed.add_edge(sink, NodeIndex::new(end), ());
            }
            PostDominators { tree: dominators::simple_fast(&reversed, sink), sink }
        })
    }

    /// How messages name node `i`.
    pub fn name(&self, i: usize) -> Name<'a> {
        Name(self.node(i))
    }
}

/// Indexes every id of the document in one pass (nodes, then edges, then lanes), noting the
/// ids used more than once. One map serves both the edge lookups and `duplicate-id`, because
/// hashing thousands of ids is a large part of a run.
fn index_ids(doc: &Document) -> (HashMap<&str, IdUse>, Vec<&str>) {
    let elements = (doc.nodes.iter().enumerate())
        .map(|(i, n)| (n.id.as_str(), Element::Node(i)))
        .chain(doc.edges.iter().enumerate().map(|(i, e)| (e.id.as_str(), Element::Edge(i))))
        .chain(doc.lanes.iter().enumerate().map(|(i, l)| (l.id.as_str(), Element::Lane(i))));
    let total = doc.nodes.len() + doc.edges.len() + doc.lanes.len();
    let mut ids: HashMap<&str, IdUse> = HashMap::with_capacity(total);
    let mut clashes = Vec::new();
    for (id, element) in elements {
        match ids.entry(id) {
            Entry::Occupied(mut used) => {
                let used = used.get_mut();
                used.count += 1;
                if used.count == 2 {
                    clashes.push((used.first, id));
                }
            }
            Entry::Vacant(free) => {
                free.insert(IdUse { first: element, count: 1 });
            }
        }
    }
    // Found at their second use; reported in order of their first.
    clashes.sort_unstable_by_key(|&(first, _)| first);
    (ids, clashes.into_iter().map(|(_, id)| id).collect())
}

/// Groups the existing edges by one end into compressed-row form: `start[i]..start[i + 1]`
/// indexes the links of node `i` in the returned list, in document order. `orient` turns an
/// edge's (from, to) into (this end, other end).
fn compress(
    n: usize,
    ends: &[Option<(usize, usize)>],
    orient: impl Fn((usize, usize)) -> (usize, usize),
) -> (Vec<usize>, Vec<Link>) {
    let mut start = vec![0; n + 1];
    for &pair in ends.iter().flatten() {
        start[orient(pair).0 + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut links = vec![Link { edge: 0, node: 0 }; start[n]];
    for (edge, pair) in ends.iter().enumerate() {
        if let Some(&pair) = pair.as_ref() {
            let (this, other) = orient(pair);
            links[next[this]] = Link { edge, node: other };
            next[this] += 1;
        }
    }
    (start, links)
}

/// Marks every node reachable in `graph` from any of `roots` (a depth-first walk shared by all
/// roots, so each node is visited once).
fn reached_from<G>(graph: G, roots: impl Iterator<Item = NodeIndex>, n: usize) -> Vec<bool>
where
    G: petgraph::visit::IntoNeighbors<NodeId = NodeIndex> + petgraph::visit::Visitable<NodeId = NodeIndex>,
{
    let mut dfs = Dfs::empty(graph);
    for root in roots {
        dfs.move_to(root);
        while dfs.next(graph).is_some() {}
    }
    (0..n).map(|i| dfs.discovered.is_visited(&NodeIndex::new(i))).collect()
}
