//! `edge-to-missing-node`: both ends of every connector must name an existing node.
//!
//! A dangling connector is invisible on the canvas but breaks any analysis of the flow. Every
//! other rule ignores such edges (the shared `Context` leaves them out of its graph), so this is
//! the one place they are reported.

use crate::message::{Arg, Message, Name};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "edge-to-missing-node";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (e, edge) in cx.doc.edges.iter().enumerate() {
        if cx.ends(e).is_some() {
            continue;
        }
        let mut missing: Vec<&str> = Vec::with_capacity(2);
        for id in [edge.from.as_str(), edge.to.as_str()] {
            if cx.node_index(id).is_none() && !missing.contains(&id) {
                missing.push(id);
            }
        }
        let connector = Arg::Name(Name::bare(&edge.label, &edge.id));
        let message = match missing.as_slice() {
            [one] => Message::new("rule.edge-to-missing-node.one", vec![connector, Arg::Text(one.to_string())]),
            _ => Message::new(
                "rule.edge-to-missing-node.both",
                vec![connector, Arg::Text(edge.from.clone()), Arg::Text(edge.to.clone())],
            ),
        };
        out.push(Finding::new(ID, SEVERITY, vec![edge.id.clone()], message));
    }
}
