//! `empty-column`: each of the five SIPOC columns (suppliers, inputs, process, outputs,
//! customers) holds at least one element.
//!
//! An empty column means the scoping is unfinished: "the process starts at the customer and
//! ends at the customer", and every input comes from someone. One finding per empty column,
//! with no element, since the problem is what is absent.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "empty-column";
pub const SEVERITY: Severity = Severity::Warning;

/// The columns in reading order, with the table keys of their headings.
const COLUMNS: [(NodeType, &str); 5] = [
    (NodeType::Supplier, "sipoc.col.supplier"),
    (NodeType::Input, "sipoc.col.input"),
    (NodeType::Step, "sipoc.col.step"),
    (NodeType::Output, "sipoc.col.output"),
    (NodeType::Customer, "sipoc.col.customer"),
];

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (kind, heading) in COLUMNS {
        if cx.nodes_of(kind).next().is_none() {
            out.push(Finding::new(
                ID,
                SEVERITY,
                Vec::new(),
                Message::new("rule.empty-column", vec![Arg::Key(heading)]),
            ));
        }
    }
}
