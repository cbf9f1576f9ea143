//! `process-without-cycle-time`: every process box needs a cycle time (C/T) of more than 0
//! seconds.
//!
//! C/T is the one number a process box must carry: processing time, the comparison with takt
//! and the bottleneck all come from it.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "process-without-cycle-time";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for p in cx.nodes_of(NodeType::Process) {
        let cycle_time = cx.node(p).cycle_time;
        if cycle_time.is_some_and(|ct| ct > 0.0 && ct.is_finite()) {
            continue;
        }
        let name = Arg::Name(cx.name(p));
        let message = match cycle_time {
            None => Message::new("rule.process-without-cycle-time.missing", vec![name]),
            Some(ct) => Message::new("rule.process-without-cycle-time.zero", vec![name, Arg::Figure(ct)]),
        };
        out.push(Finding::new(ID, SEVERITY, vec![cx.node(p).id.clone()], message));
    }
}
