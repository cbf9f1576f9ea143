//! `superfluous-gateway`: a decision or parallel gateway with exactly one way in and one way
//! out does nothing.
//!
//! As in bpmnlint's `superfluous-gateway`: such a gateway neither splits nor joins; it is
//! usually left over from an edit and only lengthens the diagram. (A decision with one way out
//! is also an error of `decision-needs-two-ways`; this finding adds that it can simply go.)

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "superfluous-gateway";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for i in 0..cx.node_count() {
        let is_gateway = matches!(cx.kind(i), NodeType::Decision | NodeType::Parallel);
        if is_gateway && cx.incoming(i).len() == 1 && cx.outgoing(i).len() == 1 {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.superfluous-gateway", vec![Arg::Name(cx.name(i))]),
            ));
        }
    }
}
