//! `decision-needs-two-ways`: a decision needs at least two ways out.
//!
//! A decision with one way out decides nothing (and with none, the flow stops there): usually a
//! branch such as 未通过 / fail was forgotten. Connectors to missing nodes do not count.

use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "decision-needs-two-ways";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for d in cx.nodes_of(NodeType::Decision) {
        let ways = cx.outgoing(d).len();
        if ways >= 2 {
            continue;
        }
        let name = cx.name(d);
        let (en, zh) = if ways == 0 {
            (format!("{} has no way out", name.en_cap()), format!("{}没有出口", name.zh()))
        } else {
            (format!("{} has only one way out", name.en_cap()), format!("{}只有一个出口", name.zh()))
        };
        out.push(Finding::new(ID, SEVERITY, vec![cx.node(d).id.clone()], en, zh));
    }
}
