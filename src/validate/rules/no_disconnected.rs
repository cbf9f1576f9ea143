//! `no-disconnected`: in a diagram of more than one node, every node needs at least one
//! connector.
//!
//! As in bpmnlint's `no-disconnected`: a shape with no connector is usually a leftover or a step
//! someone forgot to wire in. A diagram of a single node is exempt (nothing to connect it to;
//! `start-required` and `end-required` speak for it). Connectors to missing nodes do not count.

use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "no-disconnected";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.doc.nodes.len() <= 1 {
        return;
    }
    for i in 0..cx.node_count() {
        if cx.is_isolated(i) {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.no-disconnected", vec![Arg::Name(cx.name(i))]),
            ));
        }
    }
}
