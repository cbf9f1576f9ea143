//! `start-required`: a swimlane diagram needs at least one `start` node.
//!
//! As in bpmnlint's `start-event-required`: every case begins at a start; without one the flow
//! has no beginning to measure from, and reachability checks have nothing to anchor on.
//! Reported once, with no element, since the problem is what is absent.

use crate::message::Message;
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "start-required";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.nodes_of(NodeType::Start).next().is_none() {
        out.push(Finding::new(ID, SEVERITY, Vec::new(), Message::plain("rule.start-required")));
    }
}
