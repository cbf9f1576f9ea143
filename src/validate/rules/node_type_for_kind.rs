//! `node-type-for-kind`: a node's type must belong to the kind of diagram it is in (see
//! `Kind::node_types`).
//!
//! A customer in a swimlane or a decision in a SIPOC means the file was edited by hand or
//! imported badly; the other rules and the metrics of that kind would not know what it means.

use crate::message::{Arg, Message};
use crate::model::kind_key;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "node-type-for-kind";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let allowed = cx.doc.kind.node_types();
    for i in 0..cx.node_count() {
        if !allowed.contains(&cx.kind(i)) {
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![cx.node(i).id.clone()],
                Message::new("rule.node-type-for-kind", vec![Arg::Name(cx.name(i)), Arg::Key(kind_key(cx.doc.kind))]),
            ));
        }
    }
}
