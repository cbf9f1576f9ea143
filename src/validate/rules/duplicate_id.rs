//! `duplicate-id`: every node, edge and lane needs an id of its own.
//!
//! Edges, lanes and the UI's selection all refer to elements by id; when two elements share one,
//! a connector or a click silently lands on the wrong element. Reported once per clashing id, in
//! order of first use (nodes, then edges, then lanes).

use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "duplicate-id";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (id, count) in cx.id_clashes() {
        out.push(Finding::new(
            ID,
            SEVERITY,
            vec![id.to_string()],
            Message::new("rule.duplicate-id", vec![Arg::Text(id.to_string()), Arg::Count(count)]),
        ));
    }
}
