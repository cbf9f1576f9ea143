//! `output-without-customer`: every output goes to some customer (a connector from it to a
//! customer).
//!
//! An output no customer receives is work that may not be needed at all. Connectors to other
//! columns do not count (`sipoc-link-direction` judges them).

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "output-without-customer";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for output in cx.nodes_of(NodeType::Output) {
        let received = cx.outgoing(output).iter().any(|link| cx.node(link.node()).kind == NodeType::Customer);
        if !received {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(output).id.clone()],
                Message::new("rule.output-without-customer", vec![Arg::Name(cx.name(output))]),
            ));
        }
    }
}
