//! `cycle-time-over-takt`: a process whose cycle time exceeds takt time cannot keep up with
//! customer demand: it is a bottleneck.
//!
//! Takt is `Settings::takt_seconds` (available time ÷ demand), judged only when both are more
//! than 0 (`demand-required` reports missing demand). Findings are ordered by
//! cycle time, largest first, so the worst bottleneck leads (ties keep document order).

use crate::message::{Arg, Message};
use crate::model::NodeType;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "cycle-time-over-takt";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(takt) = cx.doc.settings.takt_seconds() else { return };
    let slow: Vec<(usize, f64)> = cx
        .nodes_of(NodeType::Process)
        .filter_map(|p| cx.node(p).cycle_time.filter(|&ct| ct > takt).map(|ct| (p, ct)))
        .collect();
    let order = crate::order::by_keys(slow.iter().map(|&(_, ct)| !crate::order::f64_key(ct)));
    let slow = crate::order::apply(slow, &order);

    for (p, ct) in slow {
        out.push(Finding::new(
            ID,
            SEVERITY,
            vec![cx.node(p).id.clone()],
            Message::new("rule.cycle-time-over-takt", vec![Arg::Name(cx.name(p)), Arg::Figure(ct), Arg::Figure(takt)]),
        ));
    }
}
