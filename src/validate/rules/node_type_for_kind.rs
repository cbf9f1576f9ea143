//! `node-type-for-kind`: a node's type must belong to the kind of diagram it is in (see
//! `Kind::node_types`).
//!
//! A customer in a swimlane or a decision in a SIPOC means the file was edited by hand or
//! imported badly; the other rules and the metrics of that kind would not know what it means.

use crate::validate::text::kind_name;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "node-type-for-kind";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let allowed = cx.doc.kind.node_types();
    let (kind_en, kind_zh) = kind_name(cx.doc.kind);
    for i in 0..cx.node_count() {
        if !allowed.contains(&cx.kind(i)) {
            let (node, name) = (cx.node(i), cx.name(i));
            out.push(Finding::new(
                ID,
                SEVERITY,
                vec![node.id.clone()],
                format!("{} does not belong in {kind_en}", name.en_cap()),
                format!("{}不属于{kind_zh}", name.zh()),
            ));
        }
    }
}
