//! `decision-needs-two-ways`: a decision needs at least two ways out.
//!
//! A decision with one way out decides nothing (and with none, the flow stops there): usually a
//! branch such as 未通过 / fail was forgotten. Connectors to missing nodes do not count.
//!
//! Except an exclusive merge: a decision with two or more ways in and exactly one way out joins
//! alternative branches, which is how `fake-join` asks them to be brought together, so it is not
//! reported. (`superfluous-gateway` still reports one way in and one way out; a merge with no way
//! out at all is reported here, since the flow stops there.)

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "decision-needs-two-ways";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for d in cx.nodes_of(NodeType::Decision) {
        let ways = cx.outgoing(d).len();
        let is_merge = ways == 1 && cx.incoming(d).len() >= 2;
        if ways >= 2 || is_merge {
            continue;
        }
        let code = if ways == 0 { "rule.decision-needs-two-ways.none" } else { "rule.decision-needs-two-ways.one" };
        out.push(Finding::new(
            ID,
            SEVERITY,
            vec![cx.node(d).id.clone()],
            Message::new(code, vec![Arg::Name(cx.name(d))]),
        ));
    }
}
