//! `inventory-without-quantity`: every inventory triangle states how much work waits there,
//! as a quantity or directly as days of demand.
//!
//! Inventory days add up to the lead time on the timeline ladder; a triangle without either
//! number silently counts as no waiting at all.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "inventory-without-quantity";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for i in cx.nodes_of(NodeType::Inventory) {
        let node = cx.node(i);
        if node.quantity.is_none() && node.days.is_none() {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.inventory-without-quantity", vec![Arg::Name(cx.name(i))]),
            ));
        }
    }
}
