//! `demand-required`: a value-stream map needs customer demand (`settings.demand_per_day`,
//! more than 0).
//!
//! Takt time (available time ÷ demand) is the yardstick every process box is measured against,
//! and inventory converts to days of demand; without demand neither can be computed.

use crate::message::{Arg, Message};
use crate::validate::{Context, Finding, Severity};

pub const ID: &str = "demand-required";
pub const SEVERITY: Severity = Severity::Error;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let message = match cx.doc.settings.demand_per_day {
        None => Message::plain("rule.demand-required.missing"),
        Some(demand) if !(demand > 0.0 && demand.is_finite()) => {
            Message::new("rule.demand-required.zero", vec![Arg::Figure(demand)])
        }
        Some(_) => return,
    };
    out.push(Finding::new(ID, SEVERITY, Vec::new(), message));
}
