//! Simulation of a swimlane (see `procmod_sim`): the flow graph the Markov analysis reads
//! (`Arcs`: each way's probability, transfer time and handoff resolved once) handed to the
//! engine as plain arrays, and what it measured summed up: the spread of the cycle time, the
//! waits for a free person, the lanes' utilisation and queues, the cases in process.
//!
//! - A step's `work` is the mean of its duration, `dist` its distribution (fixed by default);
//!   `wait` and transfer times are delays that need no one.
//! - A lane is a pool of `capacity` people (rounded, at least 1); a step in it holds one of
//!   them for its duration, first come first served. A step without a lane needs no one.
//! - With `settings.arrivals_per_day`, cases arrive as a Poisson stream over the working day
//!   (`settings.hours_per_day`; the clock runs in working time, in the document's unit).
//!   Without it, cases run each on its own, with no one to wait for: their mean is the exact
//!   expected cycle time of the Markov analysis.
//! - Decisions take their probabilities, parallel splits run their branches together and the
//!   join waits for all, rework loops repeat as drawn. Where a parallel block's branches vary
//!   (a decision or a loop inside one), each case waits for the branch that is longest that
//!   time: the simulated mean is then the expected longest branch, above the exact analysis's
//!   figure, which counts the longest expected branch.

use super::arcs::Arcs;
use super::MetricsError;
use crate::model::{Dist, Document, NodeType};
use procmod_sim::{Duration, Model, Node, Run, Way, NONE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The spread of the cycle time over the simulated cases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub max: f64,
}

/// Cycle times counted in bins of equal width from `from`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub from: f64,
    pub width: f64,
    pub counts: Vec<u32>,
}

/// What a simulation run found. Times in the document's time unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    pub cases: usize,
    pub seed: u64,
    pub cycle_time: Spread,
    /// Step id → mean wait for a free person (steps in a lane, with queueing only).
    pub queue_wait: BTreeMap<String, f64>,
    /// Step id → the share of its cases that found no one free and waited (with queueing only).
    #[serde(default)]
    pub waiting_share: BTreeMap<String, f64>,
    /// Lane id → the share of its people's time they were busy (with queueing only).
    pub utilisation: BTreeMap<String, f64>,
    /// Lane id → mean number of cases waiting for one of its people (with queueing only).
    pub queue: BTreeMap<String, f64>,
    /// Mean number of cases in the process (with arrivals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub wip: Option<f64>,
    /// Cases arriving per time unit, when they arrive as a stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_rate: Option<f64>,
    pub histogram: Histogram,
    /// The run stopped early (cancelled, or a loop that would not end): the figures cover the
    /// cases done.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
    /// Events the engine handled (for benchmarks).
    #[serde(skip)]
    pub events: u64,
}

/// Bins of the cycle-time histogram.
const BINS: usize = 24;

/// A duration as the engine draws it: mean `work`, spread by `dist`.
fn duration(work: f64, dist: Option<Dist>) -> Duration {
    match dist {
        None | Some(Dist::Fixed) => Duration::Fixed(work),
        Some(Dist::Exponential) => Duration::Exponential(work),
        Some(Dist::Normal { sd }) => Duration::Normal { mean: work, sd },
        Some(Dist::Lognormal { sd }) => Duration::LogNormal { mean: work, sd },
        Some(Dist::Triangular { min, max }) => {
            Duration::Triangular { min, mode: (3.0 * work - min - max).clamp(min, max), max }
        }
        Some(Dist::Uniform { min, max }) => Duration::Uniform { min, max },
    }
}

/// The flow as the engine reads it, and each engine lane's id.
fn model(doc: &Document, flow: &Arcs) -> (Model, Vec<String>) {
    let n = flow.len();
    let lanes = flow.lane.iter().filter(|&&l| l != crate::graph::NONE).map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut ids = vec![String::new(); lanes];
    let mut capacity = vec![1u32; lanes];
    for u in 0..n {
        let l = flow.lane[u];
        if l == crate::graph::NONE {
            continue;
        }
        if ids[l as usize].is_empty() {
            ids[l as usize] = doc.nodes[u].lane.clone().unwrap_or_default();
        }
        if let Some(i) = flow.declared_lane(u as u32) {
            capacity[l as usize] = doc.lanes[i].capacity().round().max(1.0) as u32;
        }
    }
    let nodes = (0..n)
        .map(|u| {
            let node = &doc.nodes[u];
            let ins = flow.predecessors(u as u32).len() as u32;
            let parallel = flow.kind[u] == NodeType::Parallel;
            Node {
                way: match flow.kind[u] {
                    NodeType::End => Way::End,
                    NodeType::Parallel => Way::All,
                    _ => Way::One,
                },
                needed: if parallel && ins > 1 { ins } else { 1 },
                wait: flow.wait[u],
                work: duration(flow.work[u], node.dist),
                // Only a step's own work needs one of the lane's people (not its wait, not a
                // gateway or an event).
                lane: if flow.lane[u] == crate::graph::NONE || !flow.kind[u].is_activity() || flow.work[u] <= 0.0 {
                    NONE
                } else {
                    flow.lane[u]
                },
            }
        })
        .collect();
    let starts = (0..n as u32).filter(|&u| flow.kind[u as usize] == NodeType::Start).collect();
    let model = Model {
        nodes,
        out_start: flow.out_start.clone(),
        to: flow.to.clone(),
        p: flow.p.clone(),
        transfer: flow.transfer.clone(),
        starts,
        capacity,
    };
    (model, ids)
}

/// The value at quantile `q` of sorted values (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Simulates `cases` cases of a swimlane with the seed `seed` (see the module documentation).
/// `progress` hears how many cases are done now and then, and stops the run by answering
/// false. A flow the analysis cannot measure is refused with the analysis's own error.
pub fn simulate(
    doc: &Document,
    cases: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Simulation, MetricsError> {
    // Only a flow the exact analysis accepts (every case can finish, parallel blocks nest).
    super::swimlane(doc)?;
    let flow = Arcs::build(doc)?;
    let (model, lane_ids) = model(doc, &flow);
    let hours = doc.settings.hours_per_day();
    let arrival_rate = doc
        .settings
        .arrivals_per_day
        .filter(|a| *a > 0.0 && a.is_finite())
        .map(|per_day| per_day / hours * doc.time_unit.in_hours(hours));
    let out = procmod_sim::simulate(&model, &Run { cases, seed, arrival_rate }, progress);
    let times = &out.cycle_times;
    let done = times.len();
    let mean = if done == 0 { 0.0 } else { times.iter().sum::<f64>() / done as f64 };
    let max = times.last().copied().unwrap_or(0.0);
    let width = if max > 0.0 { max / BINS as f64 } else { 1.0 };
    let mut counts = vec![0u32; BINS];
    for t in times {
        counts[((t / width) as usize).min(BINS - 1)] += 1;
    }
    let mut sim = Simulation {
        cases: done,
        seed,
        cycle_time: Spread {
            mean,
            p50: quantile(times, 0.5),
            p90: quantile(times, 0.9),
            p95: quantile(times, 0.95),
            max,
        },
        arrival_rate,
        histogram: Histogram { from: 0.0, width, counts },
        stopped: out.stopped,
        events: out.events,
        ..Simulation::default()
    };
    if arrival_rate.is_some() && out.horizon > 0.0 {
        for (u, &(total, count)) in out.queue_wait.iter().enumerate() {
            if count > 0 {
                sim.queue_wait.insert(doc.nodes[u].id.clone(), total / count as f64);
                sim.waiting_share.insert(doc.nodes[u].id.clone(), out.waited[u] as f64 / count as f64);
            }
        }
        for (l, id) in lane_ids.iter().enumerate() {
            sim.utilisation.insert(id.clone(), out.busy[l] / (model.capacity[l] as f64 * out.horizon));
            sim.queue.insert(id.clone(), out.queued[l] / out.horizon);
        }
        sim.wip = Some(out.in_process / out.horizon);
    }
    Ok(sim)
}

/// A simulation asked for as text (`{"doc": document, "cases": N, "seed": S}`, what the app's
/// worker receives), answered as `{"result": Simulation}` or `{"error": text}`.
pub fn run_request(text: &str, progress: &mut dyn FnMut(usize) -> bool) -> serde_json::Value {
    #[derive(Deserialize)]
    struct Request {
        doc: serde_json::Value,
        cases: usize,
        seed: u64,
        #[serde(default)]
        lang: Option<String>,
    }
    let request: Request = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => return serde_json::json!({ "error": e.to_string() }),
    };
    let lang = request.lang.as_deref().and_then(crate::i18n::Lang::from_code).unwrap_or_default();
    let doc = match crate::io::load_value(request.doc) {
        Ok(doc) => doc,
        Err(e) => return serde_json::json!({ "error": e.message().render(lang) }),
    };
    match simulate(&doc, request.cases, request.seed, progress) {
        Ok(sim) => serde_json::json!({ "result": sim }),
        Err(e) => serde_json::json!({ "error": e.message(&doc).render(lang) }),
    }
}
