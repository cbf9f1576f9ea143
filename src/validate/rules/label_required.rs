//! `label-required`: tasks, sub-processes, documents and decisions need a label.
//!
//! As in bpmnlint's `label-required`: an unnamed step or question means nothing to the reader,
//! and every report (step table, bottleneck chart) would show a bare id. Starts, ends and
//! parallel gateways explain themselves and may stay unnamed.

use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "label-required";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (i, node) in cx.doc.nodes.iter().enumerate() {
        let needs_label = node.kind.is_activity() || node.kind == NodeType::Decision;
        if needs_label && node.label.trim().is_empty() {
            let name = cx.name(i);
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![node.id.clone()],
                format!("{} has no label", name.en_cap()),
                format!("{}没有名称", name.zh()),
            ));
        }
    }
}
