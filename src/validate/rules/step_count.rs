//! `step-count`: the process column of a SIPOC holds 4 to 7 steps.
//!
//! The practitioners' rule of thumb: fewer steps say too little to scope the process, more mean
//! the SIPOC has slipped into detail that belongs in the swimlane diagram one level down. An
//! empty process column is left to `empty-column`.

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "step-count";
pub const SEVERITY: Severity = Severity::Warning;

/// The recommended number of process steps.
pub const RANGE: std::ops::RangeInclusive<usize> = 4..=7;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let steps: Vec<usize> = cx.nodes_of(NodeType::Step).collect();
    let count = steps.len();
    if count == 0 || RANGE.contains(&count) {
        return;
    }
    let (lo, hi) = (*RANGE.start(), *RANGE.end());
    let code = if count < lo { "rule.step-count.few" } else { "rule.step-count.many" };
    let message = Message::new(code, vec![Arg::Count(count), Arg::Count(lo), Arg::Count(hi)]);
    let elements = steps.iter().map(|&i| cx.node(i).id.clone()).collect();
    out.push(Finding::new(ID, SEVERITY, elements, message));
}
