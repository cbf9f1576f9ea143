//! What every rule may ask of the document, computed once per validation run: the shared flow
//! graph (`crate::graph`), the ids used more than once, the declared lanes, and (lazily, because
//! only some rules need them) reachability from the starts, reachability of the ends, the
//! post-dominator tree and a petgraph view of the flow.
//!
//! Connectors whose `from` or `to` names no node are left out of every view, so rules other
//! than `edge-to-missing-node` ignore them without special cases. When an id is used by several
//! elements, it means the first node, and `duplicate-id` reports the clash.

use crate::graph::{reach, Graph, Link, PostDominators};
use crate::message::Name;
use crate::model::{Document, Node, NodeType};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashSet;
use std::cell::OnceCell;
use std::ops::Deref;

/// The graph view and derived facts shared by all rules of one run.
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    graph: Graph<'a>,
    lanes: FxHashSet<&'a str>,
    /// Ids used by more than one element, with how many, in order of first use.
    clashes: Vec<(&'a str, usize)>,
    petgraph: OnceCell<DiGraph<usize, usize>>,
    from_start: OnceCell<Vec<bool>>,
    to_end: OnceCell<Vec<bool>>,
    post_dominators: OnceCell<PostDominators>,
}

impl<'a> Deref for Context<'a> {
    type Target = Graph<'a>;
    fn deref(&self) -> &Graph<'a> {
        &self.graph
    }
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let (graph, clashes) = Graph::with_all_ids(doc);
        Context {
            doc,
            graph,
            lanes: doc.lanes.iter().map(|l| l.id.as_str()).collect(),
            clashes,
            petgraph: OnceCell::new(),
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
        self.graph.position(id)
    }

    /// True when some lane has this id.
    pub fn lane_exists(&self, id: &str) -> bool {
        self.lanes.contains(id)
    }

    /// Ids that several elements use, with how many, in order of first use.
    pub fn id_clashes(&self) -> impl Iterator<Item = (&'a str, usize)> + '_ {
        self.clashes.iter().copied()
    }

    /// True when node `i` has no connector at all (the concern of `no-disconnected`).
    pub fn is_isolated(&self, i: usize) -> bool {
        self.outgoing(i).is_empty() && self.incoming(i).is_empty() && !self.is_aside(i)
    }

    /// True when node `i` is not part of the flow: no connector at all, or only connectors no
    /// case takes (a document only read or only written, messages). Reachability does not
    /// concern it.
    pub fn outside_flow(&self, i: usize) -> bool {
        self.outgoing(i).is_empty() && self.incoming(i).is_empty()
    }

    /// The flow as a petgraph graph (node weight = node position, edge weight = edge position),
    /// for the rules that use petgraph's algorithms.
    pub fn graph(&self) -> &DiGraph<usize, usize> {
        self.petgraph.get_or_init(|| {
            let mut g = DiGraph::with_capacity(self.node_count(), self.doc.edges.len());
            for i in 0..self.node_count() {
                g.add_node(i);
            }
            for (e, from, to) in self.edges() {
                g.add_edge(NodeIndex::new(from), NodeIndex::new(to), e);
            }
            g
        })
    }

    /// Which nodes some start reaches, following the connectors.
    pub fn reachable_from_start(&self) -> &[bool] {
        self.from_start.get_or_init(|| {
            let n = self.node_count();
            let mut reached = reach(n, self.nodes_of(NodeType::Start), |i| self.outgoing(i));
            // A boundary event is reached with its step, and leads on from there.
            loop {
                let more: Vec<usize> =
                    self.attached().filter(|&(e, host)| reached[host] && !reached[e]).map(|(e, _)| e).collect();
                if more.is_empty() {
                    break reached;
                }
                for (i, r) in reach(n, more.into_iter(), |i| self.outgoing(i)).into_iter().enumerate() {
                    reached[i] |= r;
                }
            }
        })
    }

    /// Which nodes reach some end.
    pub fn reaches_end(&self) -> &[bool] {
        self.to_end.get_or_init(|| reach(self.node_count(), self.nodes_of(NodeType::End), |i| self.incoming(i)))
    }

    /// The post-dominator tree of the flow towards its end nodes.
    pub fn post_dominators(&self) -> &PostDominators {
        self.post_dominators.get_or_init(|| {
            PostDominators::new(
                self.node_count(),
                |v| self.kind(v) == NodeType::End,
                |v| self.outgoing(v).iter().map(Link::node),
                |v| self.incoming(v).iter().map(Link::node),
            )
        })
    }

    /// How messages name node `i`.
    pub fn name(&self, i: usize) -> Name {
        Name::node(self.node(i))
    }
}
