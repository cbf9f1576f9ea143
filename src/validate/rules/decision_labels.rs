//! `decision-labels`: every way out of a decision needs a label (通过 / 未通过, yes / no …).
//!
//! Without a label the reader cannot tell which condition leads where, and the step table's
//! "next step" column cannot be filled in. One finding per unlabelled connector, which is the
//! element to fix. A decision with a single way out is a merge (or already reported by
//! `decision-needs-two-ways`): there is no choice to label.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "decision-labels";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for d in cx.nodes_of(NodeType::Decision) {
        if cx.outgoing(d).len() < 2 {
            continue;
        }
        for way in cx.outgoing(d) {
            let edge = &cx.doc.edges[way.edge()];
            if !crate::model::trimmed(&edge.label).is_empty() {
                continue;
            }
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![edge.id.clone()],
                Message::new("rule.decision-labels", vec![Arg::Name(cx.name(d)), Arg::Name(cx.name(way.node()))]),
            ));
        }
    }
}
