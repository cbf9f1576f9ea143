//! `label-required`: tasks, sub-processes, documents and decisions need a label.
//!
//! As in bpmnlint's `label-required`: an unnamed step or question means nothing to the reader,
//! and every report (step table, bottleneck chart) would show a bare id. Starts, ends and
//! parallel gateways explain themselves and may stay unnamed.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "label-required";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for i in 0..cx.node_count() {
        let kind = cx.kind(i);
        if !(kind.is_activity() || kind == NodeType::Decision) {
            continue;
        }
        let node = cx.node(i);
        if crate::model::trimmed(&node.label).is_empty() {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.label-required", vec![Arg::Name(cx.name(i))]),
            ));
        }
    }
}
