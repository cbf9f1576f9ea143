//! `input-without-supplier`: every input comes from some supplier (a connector from a supplier
//! into it).
//!
//! An input nobody supplies is an unowned dependency: when it is late or wrong, no one is
//! accountable. Connectors from other columns do not count (`sipoc-link-direction` judges them).

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "input-without-supplier";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for input in cx.nodes_of(NodeType::Input) {
        let supplied = cx.incoming(input).iter().any(|link| cx.node(link.node()).kind == NodeType::Supplier);
        if !supplied {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(input).id.clone()],
                Message::new("rule.input-without-supplier", vec![Arg::Name(cx.name(input))]),
            ));
        }
    }
}
