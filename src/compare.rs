//! Before and after: the change in the figures that matter between two versions of a process
//! (current and future state of a value stream, two versions of a swimlane process). Pure.

use crate::metrics::{self, Metrics, MetricsError};
use crate::model::Document;
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

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CompareError {
    #[error("a {0} cannot be compared with a {1}")]
    DifferentKinds(&'static str, &'static str),
    #[error("the first document cannot be measured: {0}")]
    Before(MetricsError),
    #[error("the second document cannot be measured: {0}")]
    After(MetricsError),
    #[error("SIPOC diagrams carry no figures to compare")]
    NothingToCompare,
}

fn delta(key: &'static str, before: f64, after: f64) -> Delta {
    let change = after - before;
    Delta { key, before, after, change, percent: (before != 0.0).then(|| change / before) }
}

/// Compares `before` with `after` (same kind of diagram).
pub fn compare(before: &Document, after: &Document) -> Result<Vec<Delta>, CompareError> {
    if before.kind != after.kind {
        return Err(CompareError::DifferentKinds(before.kind.as_str(), after.kind.as_str()));
    }
    let a = metrics::compute(before).map_err(CompareError::Before)?;
    let b = metrics::compute(after).map_err(CompareError::After)?;
    Ok(match (a, b) {
        (Metrics::Swimlane(a), Metrics::Swimlane(b)) => vec![
            delta("cycle_time", a.cycle_time, b.cycle_time),
            delta("execution", a.execution, b.execution),
            delta("delay", a.delay, b.delay),
            delta("transfer", a.transfer, b.transfer),
            delta("handoffs", a.handoffs, b.handoffs),
        ],
        (Metrics::Vsm(a), Metrics::Vsm(b)) => vec![
            delta("lead_time_days", a.lead_time_days, b.lead_time_days),
            delta("processing_seconds", a.processing_seconds, b.processing_seconds),
            delta("pce", a.pce.unwrap_or(0.0), b.pce.unwrap_or(0.0)),
            delta("inventory_days_total", a.inventory_days_total, b.inventory_days_total),
        ],
        _ => return Err(CompareError::NothingToCompare),
    })
}
