//! Quantitative process analysis: pure functions from a [`Document`] to named figures.
//!
//! * [`swimlane`]: cycle time split into execution, delay and transfer; expected visits from the
//!   absorbing Markov chain of the flow; critical path, handoffs, lane load, work in progress and
//!   a Pareto ranking of activities.
//! * [`vsm`]: takt, timeline ladder, lead and processing time, cycle efficiency, rolled %C&A and
//!   the bottleneck of a value-stream map.
//! * [`sipoc`]: counts per column and link coverage.
//!
//! Every figure is recomputed from the document and never saved. A figure that cannot be
//! computed is a [`MetricsError`] naming the elements at fault, or an `Option` whose `None` is
//! documented, never a silent zero. This module depends only on the model (and petgraph's
//! traversals): no browser, no storage.

mod arcs;
mod error;
mod markov;
mod simulation;
mod sipoc;
mod swimlane;
mod vsm;

pub use error::MetricsError;
pub use simulation::{run_request, simulate, Histogram, Simulation, Spread};
pub use sipoc::{sipoc, SipocMetrics};
pub use swimlane::{swimlane, CriticalPath, LaneLoad, ParetoEntry, SwimlaneMetrics, Visits};
pub use vsm::{vsm, Bottleneck, ProcessLoad, TimelineStep, VsmMetrics};

use crate::model::{Document, Kind};
use serde::Serialize;

/// The metrics of a document of any kind, tagged with its kind in JSON (`"kind": "swimlane"`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Metrics {
    Swimlane(SwimlaneMetrics),
    Vsm(VsmMetrics),
    Sipoc(SipocMetrics),
}

/// The metrics that fit the document's kind.
pub fn compute(doc: &Document) -> Result<Metrics, MetricsError> {
    match doc.kind {
        Kind::Swimlane => swimlane(doc).map(Metrics::Swimlane),
        Kind::Vsm => vsm(doc).map(Metrics::Vsm),
        Kind::Sipoc => Ok(Metrics::Sipoc(sipoc(doc))),
    }
}
