//! The flow of a document as a graph, built once per analysis and shared by validation and
//! metrics (and whatever else reads the flow): node positions for ids, each node's type, each
//! connector's ends, adjacency in document order both ways, reachability, post-dominators, and
//! the branch probabilities of a node's ways out with the one tolerance both judge them by.
//!
//! Nodes are numbered by their position in `Document::nodes`; numbers live only as long as one
//! analysis and never reach the model. A connector whose end names no node is left out of the
//! adjacency (validation reports it); an id used twice means its first holder.
//!
//! Depends only on the model; no browser, storage or UI code.

use crate::model::{ArrowKind, Document, NodeType};
use rustc_hash::FxHashMap;

/// Marker for "no node" in `u32` node arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// The probabilities given on a node's alternative ways out may miss 100 % by this much, as
/// probabilities typed as rounded percentages do (33.3 % three times). Validation and metrics
/// both judge them here, so a diagram that passes one never fails the other.
pub const PROBABILITY_TOLERANCE: f64 = 0.002;

/// One connector seen from one of its ends: the connector's position in `Document::edges` and
/// the node at the other end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    edge: u32,
    node: u32,
}

impl Link {
    pub fn edge(&self) -> usize {
        self.edge as usize
    }
    pub fn node(&self) -> usize {
        self.node as usize
    }
}

/// Adjacency in compressed rows: the links of node `i` are `links[start[i]..start[i + 1]]`.
pub(crate) struct Rows {
    start: Vec<u32>,
    links: Vec<Link>,
}

impl Rows {
    /// Groups the connectors by one end; `orient` turns (from, to) into (this end, other end).
    fn new(n: usize, ends: &[Option<(u32, u32)>], orient: impl Fn((u32, u32)) -> (u32, u32)) -> Self {
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
        Rows { start, links }
    }

    pub fn of(&self, i: usize) -> &[Link] {
        &self.links[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// The flow of one document.
pub(crate) struct Graph<'d> {
    /// Id → place of its first use, counting nodes, then connectors, then lanes (see
    /// [`Graph::with_all_ids`]); a place below the node count is a node's position.
    index: FxHashMap<&'d str, u32>,
    kinds: Vec<NodeType>,
    /// For each connector: (from, to) positions, or `None` when an end names no node.
    ends: Vec<Option<(u32, u32)>>,
    /// For each connector, whether it is no way a case takes (a message between pools, a side
    /// document's connector; empty when the document has none): left out of the adjacency and
    /// `edges`.
    message: Vec<bool>,
    /// For each node, whether some connector outside the flow touches it (empty when none does).
    aside: Vec<bool>,
    /// Boundary events with the step they are attached to, as (event, step) positions.
    attached: Vec<(u32, u32)>,
    out: Rows,
    inc: Rows,
}

impl<'d> Graph<'d> {
    /// # Complexity
    /// O(n + e): one pass over the nodes, one over the connectors.
    pub fn new(doc: &'d Document) -> Self {
        let mut index = FxHashMap::with_capacity_and_hasher(doc.nodes.len(), Default::default());
        for (i, node) in doc.nodes.iter().enumerate() {
            index.entry(node.id.as_str()).or_insert(i as u32);
        }
        Self::from_index(doc, index)
    }

    /// The graph, with every id of the document indexed (nodes, then connectors, then lanes)
    /// in the same pass, and the ids used more than once with how many times, in order of first
    /// use: what validation needs, for one hashing of each id.
    pub fn with_all_ids(doc: &'d Document) -> (Self, Vec<(&'d str, usize)>) {
        let all: Vec<&str> = (doc.nodes.iter().map(|n| n.id.as_str()))
            .chain(doc.edges.iter().map(|e| e.id.as_str()))
            .chain(doc.lanes.iter().map(|l| l.id.as_str()))
            .collect();
        let mut index = FxHashMap::with_capacity_and_hasher(all.len(), Default::default());
        // Uses of each id, by the place of its first use (kept only once an id clashes).
        let mut uses: Vec<u32> = Vec::new();
        for (place, &id) in all.iter().enumerate() {
            if let Some(&first) = index.get(id) {
                if uses.is_empty() {
                    uses = vec![1; all.len()];
                }
                uses[first as usize] += 1;
            } else {
                index.insert(id, place as u32);
            }
        }
        let clashes = uses.iter().enumerate().filter(|(_, &u)| u > 1).map(|(p, &u)| (all[p], u as usize)).collect();
        (Self::from_index(doc, index), clashes)
    }

    fn from_index(doc: &'d Document, index: FxHashMap<&'d str, u32>) -> Self {
        let n = doc.nodes.len();
        let node = |id: &str| index.get(id).copied().filter(|&p| (p as usize) < n);
        let ends: Vec<_> = doc.edges.iter().map(|e| Some((node(e.from.as_str())?, node(e.to.as_str())?))).collect();
        // Connectors that are no way a case takes: messages between pools, and a document
        // shape's connectors when it is only read (nothing leads into it) or only written (it
        // leads nowhere): a side document, not a step of the flow.
        let mut message: Vec<bool> = if doc.edges.iter().any(|e| e.flow == Some(ArrowKind::Message)) {
            doc.edges.iter().map(|e| e.flow == Some(ArrowKind::Message)).collect()
        } else {
            Vec::new()
        };
        let kinds: Vec<NodeType> = doc.nodes.iter().map(|node| node.kind).collect();
        if kinds.contains(&NodeType::Form) {
            let (mut ins, mut outs) = (vec![0u32; n], vec![0u32; n]);
            for (e, end) in ends.iter().enumerate() {
                if let Some((from, to)) = *end {
                    if !message.get(e).copied().unwrap_or(false) {
                        outs[from as usize] += 1;
                        ins[to as usize] += 1;
                    }
                }
            }
            let side = |i: u32| kinds[i as usize] == NodeType::Form && (ins[i as usize] == 0 || outs[i as usize] == 0);
            if ends.iter().flatten().any(|&(a, b)| side(a) || side(b)) {
                message.resize(ends.len(), false);
                for (e, end) in ends.iter().enumerate() {
                    if let Some((a, b)) = *end {
                        message[e] |= side(a) || side(b);
                    }
                }
            }
        }
        let (out, inc) = if message.is_empty() {
            (Rows::new(n, &ends, |(from, to)| (from, to)), Rows::new(n, &ends, |(from, to)| (to, from)))
        } else {
            let flow: Vec<_> = ends.iter().zip(&message).map(|(e, &m)| if m { None } else { *e }).collect();
            (Rows::new(n, &flow, |(from, to)| (from, to)), Rows::new(n, &flow, |(from, to)| (to, from)))
        };
        let mut aside = Vec::new();
        if message.contains(&true) {
            aside = vec![false; n];
            for (e, end) in ends.iter().enumerate() {
                if let (true, Some((a, b))) = (message[e], *end) {
                    aside[a as usize] = true;
                    aside[b as usize] = true;
                }
            }
        }
        let attached = doc
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((i as u32, node(n.attached.as_deref()?)?)))
            .filter(|&(i, host)| i != host)
            .collect();
        Graph { index, kinds, ends, message, aside, attached, out, inc }
    }

    pub fn node_count(&self) -> usize {
        self.kinds.len()
    }

    /// The type of node `i` (read from a compact copy: cheaper than `doc.nodes[i].kind` in a
    /// loop over every node).
    pub fn kind(&self, i: usize) -> NodeType {
        self.kinds[i]
    }

    /// Position of the (first) node with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize).filter(|&i| i < self.kinds.len())
    }

    /// Positions of the nodes of type `kind`, in document order.
    pub fn nodes_of(&self, kind: NodeType) -> impl Iterator<Item = usize> + '_ {
        self.kinds.iter().enumerate().filter(move |&(_, &k)| k == kind).map(|(i, _)| i)
    }

    /// The (from, to) node positions of connector `e`, or `None` when an end names no node.
    pub fn ends(&self, e: usize) -> Option<(usize, usize)> {
        self.ends[e].map(|(from, to)| (from as usize, to as usize))
    }

    /// Every connector of the flow (not a message) whose ends both exist, as (edge, from, to)
    /// positions, in document order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.ends.len())
            .filter(|&e| !self.is_message(e))
            .filter_map(|e| self.ends(e).map(|(from, to)| (e, from, to)))
    }

    /// Connector `e` is no way a case takes: a message between pools, or a connector of a
    /// document shape that is only read or only written.
    pub fn is_message(&self, e: usize) -> bool {
        self.message.get(e).copied().unwrap_or(false)
    }

    /// Node `i` has connectors, all of them outside the flow (a side document, a shape that
    /// only exchanges messages).
    pub fn is_aside(&self, i: usize) -> bool {
        self.aside.get(i).copied().unwrap_or(false) && self.out.of(i).is_empty() && self.inc.of(i).is_empty()
    }

    /// Boundary events and the steps they are attached to, as (event, step) positions.
    pub fn attached(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.attached.iter().map(|&(e, h)| (e as usize, h as usize))
    }

    /// Connectors leaving node `i` (with their targets), in document order.
    pub fn outgoing(&self, i: usize) -> &[Link] {
        self.out.of(i)
    }

    /// Connectors entering node `i` (with their sources), in document order.
    pub fn incoming(&self, i: usize) -> &[Link] {
        self.inc.of(i)
    }
}

/// Marks every node reachable from any of `roots` following `next` (outgoing links for a
/// forward walk, incoming ones for a backward walk). One depth-first walk is shared by all
/// roots, so each node is visited once.
///
/// # Complexity
/// O(n + e).
pub(crate) fn reach<'a>(n: usize, roots: impl Iterator<Item = usize>, next: impl Fn(usize) -> &'a [Link]) -> Vec<bool> {
    let mut reached = vec![false; n];
    let mut stack = Vec::new();
    for root in roots {
        if !std::mem::replace(&mut reached[root], true) {
            stack.push(root);
        }
        while let Some(i) = stack.pop() {
            for link in next(i) {
                if !std::mem::replace(&mut reached[link.node()], true) {
                    stack.push(link.node());
                }
            }
        }
    }
    reached
}

/// Where all paths from a node towards the exits first meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Meet {
    /// Every path to an exit passes through this node.
    Node(usize),
    /// The paths only come together beyond the exits: never inside the diagram.
    Nowhere,
}

/// Immediate post-dominators of a flow towards its exits.
pub(crate) struct PostDominators {
    /// Per node: its immediate post-dominator, `n` (the virtual sink after every exit), or
    /// `NONE` when no exit can be reached from it.
    idom: Vec<u32>,
}

impl PostDominators {
    /// Computes the tree for `n` nodes whose successors are `succ(u)` and predecessors
    /// `pred(u)`; `exit(u)` marks the nodes a case leaves the flow at. The tree is the dominator
    /// tree of the reversed flow rooted at a virtual sink that follows every exit, so a flow with
    /// several exits has one root. Computed by the iterative algorithm of Cooper, Harvey and
    /// Kennedy ("A Simple, Fast Dominance Algorithm", 2001) on plain arrays.
    ///
    /// # Complexity
    /// O(passes × (n + e) × depth of the tree) in the worst case; reverse postorder makes a
    /// process flow settle in two or three passes.
    pub fn new<S, SI, P, PI>(n: usize, exit: impl Fn(usize) -> bool, succ: S, pred: P) -> Self
    where
        S: Fn(usize) -> SI,
        SI: IntoIterator<Item = usize>,
        P: Fn(usize) -> PI,
        PI: IntoIterator<Item = usize>,
    {
        let sink = n;
        let exits: Vec<usize> = (0..n).filter(|&v| exit(v)).collect();
        // Depth-first postorder of the reversed flow from the sink, which leads to the exits.
        let mut post = vec![NONE; n + 1];
        let mut order = Vec::with_capacity(n + 1);
        let mut seen = vec![false; n + 1];
        seen[sink] = true;
        for &x in &exits {
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            // The walk's call stack: a node and the links still to follow.
            let mut calls = vec![(x, pred(x).into_iter())];
            while let Some((v, links)) = calls.last_mut() {
                let v = *v;
                match links.next() {
                    Some(w) => {
                        if !std::mem::replace(&mut seen[w], true) {
                            calls.push((w, pred(w).into_iter()));
                        }
                    }
                    None => {
                        calls.pop();
                        post[v] = order.len() as u32;
                        order.push(v);
                    }
                }
            }
        }
        post[sink] = order.len() as u32;
        order.push(sink);
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
                // exit. Only those already given a dominator count; a self-loop never matters.
                let mut new = if exit(v) { sink as u32 } else { NONE };
                for w in succ(v) {
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
        idom.truncate(n);
        PostDominators { idom }
    }

    /// The immediate post-dominator of node `i`, or `None` when no exit is reachable from it.
    pub fn immediate(&self, i: usize) -> Option<Meet> {
        match self.idom[i] {
            NONE => None,
            d if d as usize == self.idom.len() => Some(Meet::Nowhere),
            d => Some(Meet::Node(d as usize)),
        }
    }
}

/// What is wrong with the probabilities given on a node's alternative ways out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ProbabilityProblem {
    /// The way at this position (among the node's ways out) has a probability outside 0..1.
    OutOfRange(usize),
    /// Every way has one, and they do not sum to 100 %.
    SumNotOne(f64),
    /// Some ways have none, and the given ones already exceed 100 %.
    NothingLeft { sum: f64, missing: usize },
}

/// The probability of each alternative way out of a node, in order, from what the document
/// gives (`None` where a connector has no probability): missing ones share what the given ones
/// leave, equally; with none given, all ways are equally likely. The result sums to 1 within
/// rounding.
pub fn branch_probabilities(given: &[Option<f64>]) -> Result<Vec<f64>, ProbabilityProblem> {
    let mut sum = 0.0;
    let mut missing = 0usize;
    for (i, p) in given.iter().enumerate() {
        match *p {
            Some(p) if !(0.0..=1.0).contains(&p) => return Err(ProbabilityProblem::OutOfRange(i)),
            Some(p) => sum += p,
            None => missing += 1,
        }
    }
    if given.is_empty() {
        return Ok(Vec::new());
    }
    if missing == 0 && (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
        return Err(ProbabilityProblem::SumNotOne(sum));
    }
    if missing > 0 && sum > 1.0 + PROBABILITY_TOLERANCE {
        return Err(ProbabilityProblem::NothingLeft { sum, missing });
    }
    let share = if missing == 0 { 0.0 } else { (1.0 - sum).max(0.0) / missing as f64 };
    let mut out: Vec<f64> = given.iter().map(|p| p.unwrap_or(share)).collect();
    // Rescaled so that the row sums to 1 (within rounding): the Markov solver's treatment of
    // self-loops relies on it.
    let total: f64 = out.iter().sum();
    if total > 0.0 && total != 1.0 {
        out.iter_mut().for_each(|p| *p /= total);
    }
    Ok(out)
}

/// Whether a node's ways out are alternatives (one is taken) rather than parallel branches or
/// no ways at all (an end absorbs the case).
pub fn has_alternatives(kind: NodeType) -> bool {
    !matches!(kind, NodeType::Parallel | NodeType::End)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_probabilities_share_what_is_left() {
        assert_eq!(branch_probabilities(&[Some(0.5), None, None]), Ok(vec![0.5, 0.25, 0.25]));
        assert_eq!(branch_probabilities(&[None, None]), Ok(vec![0.5, 0.5]));
    }

    #[test]
    fn rounded_percentages_pass_and_real_gaps_do_not() {
        assert!(branch_probabilities(&[Some(0.333), Some(0.333), Some(0.333)]).is_ok());
        assert!(matches!(
            branch_probabilities(&[Some(0.33), Some(0.33), Some(0.33)]),
            Err(ProbabilityProblem::SumNotOne(_))
        ));
        assert_eq!(branch_probabilities(&[Some(1.2), None]), Err(ProbabilityProblem::OutOfRange(0)));
        assert!(matches!(
            branch_probabilities(&[Some(0.7), Some(0.6), None]),
            Err(ProbabilityProblem::NothingLeft { missing: 1, .. })
        ));
    }
}
