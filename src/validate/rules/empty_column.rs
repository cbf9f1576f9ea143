//! `empty-column`: each of the five SIPOC columns (suppliers, inputs, process, outputs,
//! customers) holds at least one element.
//!
//! An empty column means the scoping is unfinished: "the process starts at the customer and
//! ends at the customer", and every input comes from someone. One finding per empty column,
//! with no element, since the problem is what is absent.

use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "empty-column";
pub const SEVERITY: Severity = Severity::Warning;

/// The columns in reading order, with their English and Chinese headings.
const COLUMNS: [(NodeType, &str, &str); 5] = [
    (NodeType::Supplier, "Suppliers", "供应商"),
    (NodeType::Input, "Inputs", "输入"),
    (NodeType::Step, "Process", "过程"),
    (NodeType::Output, "Outputs", "输出"),
    (NodeType::Customer, "Customers", "客户"),
];

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (kind, en, zh) in COLUMNS {
        if cx.nodes_of(kind).next().is_none() {
            out.push(Finding::new(
                ID,
                SEVERITY,
                Vec::new(),
                format!("The {en} column is empty"),
                format!("{zh}列为空"),
            ));
        }
    }
}
