//! `end-required`: a swimlane diagram needs at least one `end` node.
//!
//! As in bpmnlint's `end-event-required`: every case must finish at an end; without one no
//! case ever completes, and reachability checks have nothing to anchor on.
//! Reported once, with no element, since the problem is what is absent.

use crate::message::Message;
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "end-required";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.nodes_of(NodeType::End).next().is_none() {
        out.push(Finding::new(ID, SEVERITY, Vec::new(), Message::plain("rule.end-required")));
    }
}
