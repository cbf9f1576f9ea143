//! `no-duplicate-edges`: at most one connector from one node to another.
//!
//! As in bpmnlint's `no-duplicate-sequence-flows`: a second identical connector is invisible
//! under the first, yet doubles a branch in every count (ways out of a decision, ways into a
//! join, transfer times). One finding per pair of nodes, listing all its connectors.

use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "no-duplicate-edges";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    // Per source node, one pass over its ways out with a mark per target finds repeated targets
    // in O(n + e), without hashing or sorting all edges. Only a node that has duplicates sorts
    // its own links to group them.
    let mut last_source = vec![usize::MAX; cx.node_count()];
    let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for from in 0..cx.node_count() {
        let ways = cx.outgoing(from);
        let mut repeated = false;
        for way in ways {
            repeated |= std::mem::replace(&mut last_source[way.node()], from) == from;
        }
        if !repeated {
            continue;
        }
        // (target, edge) pairs sorted: each target's edges together, in document order.
        links.clear();
        links.extend(ways.iter().map(|way| (way.node(), way.edge())));
        let order = crate::order::by_keys(links.iter().map(|&(node, edge)| ((node as u64) << 32) | edge as u64));
        links = crate::order::apply(std::mem::take(&mut links), &order);
        for group in links.chunk_by(|a, b| a.0 == b.0).filter(|group| group.len() > 1) {
            groups.push((from, group[0].0, group.iter().map(|&(_, e)| e).collect()));
        }
    }
    // Report in document order of each pair's first connector.
    let order = crate::order::by_keys(groups.iter().map(|(_, _, edges)| edges[0] as u64));
    let groups = crate::order::apply(groups, &order);

    for (from, to, edges) in groups {
        let message = Message::new(
            "rule.no-duplicate-edges",
            vec![Arg::Name(cx.name(from)), Arg::Name(cx.name(to)), Arg::Count(edges.len())],
        );
        out.push(Finding::new(ID, SEVERITY, edges.iter().map(|&e| cx.doc.edges[e].id.clone()).collect(), message));
    }
}
