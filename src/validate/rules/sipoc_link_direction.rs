//! `sipoc-link-direction`: SIPOC connectors run left to right through the columns:
//! supplier → input, input → step, step → output, output → customer, or step → step (the order
//! of the process steps).
//!
//! Any other link (an output feeding a supplier, a supplier straight to a step) mixes up what
//! the columns mean. Connectors touching a node of a non-SIPOC type are left to
//! `node-type-for-kind`.

use crate::message::{Arg, Message};
use crate::model::NodeType::{self, Customer, Input, Output, Step, Supplier};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "sipoc-link-direction";
pub const SEVERITY: Severity = Severity::Error;

const ALLOWED: [(NodeType, NodeType); 5] =
    [(Supplier, Input), (Input, Step), (Step, Output), (Output, Customer), (Step, Step)];

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let sipoc = cx.doc.kind.node_types();
    for (e, from, to) in cx.edges() {
        let pair = (cx.node(from).kind, cx.node(to).kind);
        if !sipoc.contains(&pair.0) || !sipoc.contains(&pair.1) || ALLOWED.contains(&pair) {
            continue;
        }
        out.push(Finding::new(
            ID,
            SEVERITY,
            vec![cx.doc.edges[e].id.clone()],
            Message::new("rule.sipoc-link-direction", vec![Arg::Name(cx.name(from)), Arg::Name(cx.name(to))]),
        ));
    }
}
