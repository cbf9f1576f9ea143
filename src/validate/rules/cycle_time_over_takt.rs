//! `cycle-time-over-takt`: a process whose cycle time exceeds takt time cannot keep up with
//! customer demand: it is a bottleneck.
//!
//! Takt = `settings.available_seconds_per_day` ÷ `settings.demand_per_day`, judged only when
//! both are more than 0 (`demand-required` reports missing demand). Findings are ordered by
//! cycle time, largest first, so the worst bottleneck leads (ties keep document order).

use crate::model::NodeType;
use crate::validate::text::num;
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "cycle-time-over-takt";
pub const SEVERITY: Severity = Severity::Warning;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(takt) = takt(cx) else { return };
    let mut slow: Vec<(usize, f64)> = cx
        .nodes_of(NodeType::Process)
        .filter_map(|p| cx.node(p).cycle_time.filter(|&ct| ct > takt).map(|ct| (p, ct)))
        .collect();
    // Cycle times here are finite numbers above takt, so `total_cmp` is the plain order.
    slow.sort_by(|a, b| b.1.total_cmp(&a.1));

    for (p, ct) in slow {
        let node = cx.node(p);
        let label = node.label.trim();
        // The label alone reads best before a colon; the id stands in when there is none.
        let name = if label.is_empty() { format!("[{}]", node.id) } else { label.to_string() };
        out.push(Finding::new(
            ID,
            SEVERITY,
            vec![node.id.clone()],
            format!("{name}: cycle time {} s exceeds takt {} s (bottleneck)", num(ct), num(takt)),
            format!("{name}:周期时间 {} 秒超过节拍时间 {} 秒(瓶颈)", num(ct), num(takt)),
        ));
    }
}

/// Takt time in seconds, when demand and available time are both given and positive.
fn takt(cx: &Context) -> Option<f64> {
    let settings = &cx.doc.settings;
    let available = settings.available_seconds_per_day.filter(|a| *a > 0.0)?;
    let demand = settings.demand_per_day.filter(|d| *d > 0.0)?;
    Some(available / demand).filter(|t| t.is_finite())
}
