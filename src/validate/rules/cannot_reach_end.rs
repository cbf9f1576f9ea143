//! `cannot-reach-end`: from every node, some end must be reachable.
//!
//! A path that never ends is a case that never completes: a dead end (a step with no way on) or
//! a loop with no way out (rework that can never be approved). Nodes that reach no end are found
//! by one depth-first walk backwards from all ends (O(n + e)). Among them, the strongly
//! connected components (Kosaraju, iterative, so long chains cannot overflow the stack) tell
//! loops from single nodes: a loop with no exit is reported once, with all its nodes, because
//! the fix is one missing exit, not one per node.
//!
//! Skipped when there is no end (`end-required` reports that) and for nodes with no connector
//! at all (`no-disconnected` reports those).

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};
use petgraph::algo::kosaraju_scc;
use petgraph::visit::NodeFiltered;

pub const ID: &str = "cannot-reach-end";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.nodes_of(NodeType::End).next().is_none() {
        return;
    }
    let reaches_end = cx.reaches_end();
    let stuck: Vec<bool> = (0..cx.node_count()).map(|i| !reaches_end[i] && !cx.outside_flow(i)).collect();
    if !stuck.contains(&true) {
        return;
    }

    let stuck_graph = NodeFiltered::from_fn(cx.graph(), |n| stuck[n.index()]);
    let groups: Vec<Vec<usize>> = kosaraju_scc(&stuck_graph)
        .into_iter()
        .map(|scc| {
            let members: Vec<usize> = scc.into_iter().map(|n| n.index()).collect();
            let order = crate::order::by_keys(members.iter().map(|&m| m as u64));
            crate::order::apply(members, &order)
        })
        .collect();
    // Report in document order of each group's first node.
    let order = crate::order::by_keys(groups.iter().map(|members| members[0] as u64));
    let groups = crate::order::apply(groups, &order);

    for members in groups {
        let is_loop = members.len() > 1 || has_self_loop(cx, members[0]);
        let elements = members.iter().map(|&i| cx.node(i).id.clone()).collect();
        let message = if is_loop {
            Message::new("rule.cannot-reach-end.loop", vec![Arg::Names(members.iter().map(|&i| cx.name(i)).collect())])
        } else {
            Message::new("rule.cannot-reach-end.one", vec![Arg::Name(cx.name(members[0]))])
        };
        out.push(Finding::new(ID, SEVERITY, elements, message));
    }
}

fn has_self_loop(cx: &Context, i: usize) -> bool {
    cx.outgoing(i).iter().any(|link| link.node() == i)
}
