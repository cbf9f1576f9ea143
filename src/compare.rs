//! Before and after: the change in the figures that matter between two versions of a process
//! (current and future state of a value stream, two versions of a swimlane process). Pure.

use crate::message::{Arg, Message};
use crate::metrics::{self, Metrics, MetricsError};
use crate::model::{kind_key, Document, Kind};
use serde::Serialize;

/// One compared figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delta {
    /// Which figure: `cycle_time`, `execution`, `delay`, `transfer`, `handoffs` (swimlane);
    /// `lead_time_days`, `processing_seconds`, `pce`, `inventory_days_total` (value stream).
    pub key: &'static str,
    pub before: f64,
    pub after: f64,
    /// after − before
    pub change: f64,
    /// The change relative to `before`; None when `before` is 0.
    pub percent: Option<f64>,
}

/// Why two documents cannot be compared.
#[derive(Clone, Debug, PartialEq)]
pub enum CompareError {
    DifferentKinds(Kind, Kind),
    /// The first document cannot be measured.
    Before(MetricsError),
    /// The second document cannot be measured.
    After(MetricsError),
    /// SIPOC diagrams carry no figures to compare.
    NothingToCompare,
}

impl CompareError {
    /// The error in words, naming elements of the document concerned by label.
    pub fn message(&self, before: &Document, after: &Document) -> Message {
        match self {
            CompareError::DifferentKinds(a, b) => {
                Message::new("cmp.err.kinds", vec![Arg::Key(kind_key(*a)), Arg::Key(kind_key(*b))])
            }
            CompareError::Before(e) => Message::new("cmp.err.before", vec![Arg::Msg(Box::new(e.message(before)))]),
            CompareError::After(e) => Message::new("cmp.err.after", vec![Arg::Msg(Box::new(e.message(after)))]),
            CompareError::NothingToCompare => Message::plain("cmp.err.nothing"),
        }
    }
}

fn delta(key: &'static str, before: f64, after: f64) -> Delta {
    let change = after - before;
    Delta { key, before, after, change, percent: (before != 0.0).then(|| change / before) }
}

/// Compares `before` with `after` (same kind of diagram).
pub fn compare(before: &Document, after: &Document) -> Result<Vec<Delta>, CompareError> {
    if before.kind != after.kind {
        return Err(CompareError::DifferentKinds(before.kind, after.kind));
    }
    let a = metrics::compute(before).map_err(CompareError::Before)?;
    let b = metrics::compute(after).map_err(CompareError::After)?;
    Ok(match (a, b) {
        (Metrics::Swimlane(a), Metrics::Swimlane(b)) => {
            // Both in the unit of `after`, the version being worked on.
            let hours = |d: &Document| d.time_unit.in_hours(d.settings.hours_per_day());
            let k = hours(before) / hours(after);
            vec![
                delta("cycle_time", a.cycle_time * k, b.cycle_time),
                delta("execution", a.execution * k, b.execution),
                delta("delay", a.delay * k, b.delay),
                delta("transfer", a.transfer * k, b.transfer),
                delta("handoffs", a.handoffs, b.handoffs),
            ]
        }
        (Metrics::Vsm(a), Metrics::Vsm(b)) => vec![
            delta("lead_time_days", a.lead_time_days, b.lead_time_days),
            delta("processing_seconds", a.processing_seconds, b.processing_seconds),
            delta("pce", a.pce.unwrap_or(0.0), b.pce.unwrap_or(0.0)),
            delta("inventory_days_total", a.inventory_days_total, b.inventory_days_total),
        ],
        _ => return Err(CompareError::NothingToCompare),
    })
}
