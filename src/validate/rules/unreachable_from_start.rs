//! `unreachable-from-start`: every node must be reachable from some start by following the
//! connectors.
//!
//! A step no path leads to never runs, so its time never counts and its owner waits for work
//! that never comes. Uses one depth-first walk from all starts together (O(n + e)).
//! Skipped when there is no start (`start-required` reports that) and for nodes with no
//! connector at all (`no-disconnected` reports those), so one mistake gives one finding.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "unreachable-from-start";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.nodes_of(NodeType::Start).next().is_none() {
        return;
    }
    let reached = cx.reachable_from_start();
    for (i, &reached) in reached.iter().enumerate() {
        if !reached && !cx.outside_flow(i) {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.unreachable-from-start", vec![Arg::Name(cx.name(i))]),
            ));
        }
    }
}
