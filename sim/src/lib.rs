//! Procmod's simulation engine: cases run through a process flow as tokens, one discrete event
//! at a time. A step delays the token by its wait (no one is needed for it), then holds one of
//! its lane's people for a duration drawn from its distribution, first come first served; a
//! route takes one of its ways out by probability, a split all of them, a join waits for a
//! token on each of its ways in; an end takes the token. A case is done when its last token
//! ends.
//!
//! With an arrival rate, cases arrive as a Poisson stream and queue for the people of each
//! lane; without one, cases run one after another with no one to wait for (each on its own),
//! so their mean cycle time is the flow's expectation.
//!
//! The flow comes in plain arrays (`Model`), built by the app from its one flow graph; this
//! crate knows nothing of documents. Seeded and reproducible: the same model, cases and seed
//! give the same numbers on every machine.

use rand::{RngExt, SeedableRng};
use rand_distr::Distribution;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Marker for "no lane".
pub const NONE: u32 = u32::MAX;

/// How long a step takes, drawn anew each time. Parameters in the model's time unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Duration {
    Fixed(f64),
    /// Exponential with this mean.
    Exponential(f64),
    /// Normal with this mean and standard deviation, drawn again while negative (truncated at 0).
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Log-normal with this mean and standard deviation (of the duration itself).
    LogNormal {
        mean: f64,
        sd: f64,
    },
    /// Triangular between `min` and `max` with its peak at `mode`.
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Uniform between `min` and `max`.
    Uniform {
        min: f64,
        max: f64,
    },
}

/// A duration ready to draw from.
#[derive(Clone, Debug)]
enum Sampler {
    Fixed(f64),
    Exp(rand_distr::Exp<f64>),
    Normal(rand_distr::Normal<f64>),
    LogNormal(rand_distr::LogNormal<f64>),
    Triangular(rand_distr::Triangular<f64>),
    Uniform(f64, f64),
}

impl Sampler {
    fn new(d: &Duration) -> Sampler {
        let finite = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
        match *d {
            Duration::Fixed(m) => Sampler::Fixed(finite(m)),
            Duration::Exponential(m) if finite(m) > 0.0 => {
                rand_distr::Exp::new(1.0 / m).map_or(Sampler::Fixed(finite(m)), Sampler::Exp)
            }
            Duration::Normal { mean, sd } if finite(sd) > 0.0 => {
                rand_distr::Normal::new(mean, sd).map_or(Sampler::Fixed(finite(mean)), Sampler::Normal)
            }
            Duration::LogNormal { mean, sd } if finite(mean) > 0.0 && finite(sd) > 0.0 => {
                // The parameters of the underlying normal that give this mean and deviation.
                let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
                let mu = mean.ln() - sigma2 / 2.0;
                rand_distr::LogNormal::new(mu, sigma2.sqrt()).map_or(Sampler::Fixed(mean), Sampler::LogNormal)
            }
            Duration::Triangular { min, mode, max } if finite(max) > finite(min) => {
                rand_distr::Triangular::new(finite(min), finite(max), finite(mode).clamp(finite(min), finite(max)))
                    .map_or(Sampler::Fixed(finite(mode)), Sampler::Triangular)
            }
            Duration::Uniform { min, max } => Sampler::Uniform(finite(min), finite(max).max(finite(min))),
            Duration::Exponential(m) | Duration::Normal { mean: m, .. } | Duration::LogNormal { mean: m, .. } => {
                Sampler::Fixed(finite(m))
            }
            Duration::Triangular { mode, .. } => Sampler::Fixed(finite(mode)),
        }
    }

    fn draw(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        match self {
            Sampler::Fixed(m) => *m,
            Sampler::Exp(d) => d.sample(rng),
            Sampler::Normal(d) => {
                for _ in 0..64 {
                    let x = d.sample(rng);
                    if x >= 0.0 {
                        return x;
                    }
                }
                0.0
            }
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Uniform(a, b) => a + (b - a) * rng.random::<f64>(),
        }
    }
}

/// What a node does with a token once its own time is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    /// Takes one of its ways out, by their probabilities.
    One,
    /// Takes all of its ways out at once (a parallel split).
    All,
    /// Ends the token.
    End,
}

/// One node of the flow.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub way: Way,
    /// Tokens it waits for before it goes on (the ways into a parallel join; else 1).
    pub needed: u32,
    /// A delay before the step that needs no one.
    pub wait: f64,
    /// The step's own duration (fixed 0 for a gateway or an event).
    pub work: Duration,
    /// The lane whose people do the work, or `NONE`.
    pub lane: u32,
}

/// A process flow to simulate. Arcs of node `u` are `out_start[u] .. out_start[u + 1]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub nodes: Vec<Node>,
    pub out_start: Vec<u32>,
    pub to: Vec<u32>,
    /// Each arc's probability (for `Way::One`; the arcs of a node sum to 1).
    pub p: Vec<f64>,
    /// Time along each arc (a handoff), needing no one.
    pub transfer: Vec<f64>,
    /// Where cases start (in equal shares).
    pub starts: Vec<u32>,
    /// People in each lane.
    pub capacity: Vec<u32>,
}

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub cases: usize,
    pub seed: u64,
    /// Cases arriving per time unit (a Poisson stream), or none: each case on its own.
    pub arrival_rate: Option<f64>,
}

/// The events no run goes beyond, per case: a flow whose loops almost never end stops there.
pub const MAX_EVENTS_PER_CASE: u64 = 100_000;

/// What a run measured. Times in the model's unit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Every case's cycle time, shortest first.
    pub cycle_times: Vec<f64>,
    /// Per node: the total and the number of waits for a free person.
    pub queue_wait: Vec<(f64, u64)>,
    /// Per node: how many of those found no one free and waited.
    pub waited: Vec<u64>,
    /// Per lane: the integral over time of the people busy, and of the cases waiting.
    pub busy: Vec<f64>,
    pub queued: Vec<f64>,
    /// The integral over time of the cases in the process.
    pub in_process: f64,
    /// From the first arrival to the last case done.
    pub horizon: f64,
    pub events: u64,
    /// The run stopped early (cancelled, or a flow that would not finish).
    pub stopped: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// A token reaches a node.
    Reach,
    /// A token's wait is over: it asks for a person.
    Ready,
    /// A token's work is done.
    Done,
}

#[derive(Clone, Copy, Debug)]
struct Event {
    t: f64,
    seq: u64,
    case: u32,
    node: u32,
    what: What,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// The earliest first (a max-heap reversed), ties in the order they were made.
    fn cmp(&self, other: &Self) -> Ordering {
        other.t.total_cmp(&self.t).then(other.seq.cmp(&self.seq))
    }
}

struct Case {
    start: f64,
    tokens: u32,
    /// Tokens waiting at joins: (node, how many).
    joins: Vec<(u32, u32)>,
}

/// The state of one run.
struct Engine<'m> {
    m: &'m Model,
    samplers: Vec<Sampler>,
    rng: Xoshiro256PlusPlus,
    heap: BinaryHeap<Event>,
    seq: u64,
    cases: Vec<Case>,
    queueing: bool,
    busy: Vec<u32>,
    queues: Vec<VecDeque<(u32, u32, f64)>>,
    last: Vec<f64>,
    out: Outcome,
    in_process: u32,
    last_wip: f64,
    /// Tokens that reach a node at the current time (no transfer), handled before the next
    /// event: cheaper than the heap, and the stack never deepens.
    pending: Vec<(u32, u32)>,
}

impl Engine<'_> {
    fn push(&mut self, t: f64, case: u32, node: u32, what: What) {
        self.seq += 1;
        self.heap.push(Event { t, seq: self.seq, case, node, what });
    }

    /// Brings a lane's integrals up to `t`.
    fn tick(&mut self, lane: usize, t: f64) {
        let dt = t - self.last[lane];
        self.out.busy[lane] += self.busy[lane] as f64 * dt;
        self.out.queued[lane] += self.queues[lane].len() as f64 * dt;
        self.last[lane] = t;
    }

    fn wip(&mut self, t: f64, change: i32) {
        self.out.in_process += self.in_process as f64 * (t - self.last_wip);
        self.last_wip = t;
        self.in_process = (self.in_process as i32 + change) as u32;
    }

    fn start_case(&mut self, t: f64) {
        let case = self.cases.len() as u32;
        self.cases.push(Case { start: t, tokens: 1, joins: Vec::new() });
        self.wip(t, 1);
        let starts = &self.m.starts;
        let s = if starts.len() == 1 { starts[0] } else { starts[self.rng.random_range(0..starts.len())] };
        self.reach(t, case, s);
        self.settle(t);
    }

    fn reach(&mut self, t: f64, case: u32, node: u32) {
        let n = &self.m.nodes[node as usize];
        if n.needed > 1 {
            let joins = &mut self.cases[case as usize].joins;
            let k = match joins.iter().position(|(j, _)| *j == node) {
                Some(k) => k,
                None => {
                    joins.push((node, 0));
                    joins.len() - 1
                }
            };
            joins[k].1 += 1;
            if joins[k].1 < n.needed {
                // This token waits here for the others: it ends, the last one goes on.
                self.cases[case as usize].tokens -= 1;
                return;
            }
            joins.swap_remove(k);
        }
        if n.wait > 0.0 {
            self.push(t + n.wait, case, node, What::Ready);
        } else {
            self.ready(t, case, node);
        }
    }

    fn ready(&mut self, t: f64, case: u32, node: u32) {
        let n = &self.m.nodes[node as usize];
        let lane = n.lane;
        if self.queueing && lane != NONE {
            let l = lane as usize;
            if self.busy[l] >= self.m.capacity[l] {
                self.tick(l, t);
                self.queues[l].push_back((case, node, t));
                return;
            }
            self.tick(l, t);
            self.busy[l] += 1;
            let q = &mut self.out.queue_wait[node as usize];
            q.1 += 1;
        }
        let d = self.samplers[node as usize].draw(&mut self.rng);
        if d > 0.0 || (self.queueing && lane != NONE) {
            self.push(t + d, case, node, What::Done);
        } else {
            self.done(t, case, node);
        }
    }

    fn done(&mut self, t: f64, case: u32, node: u32) {
        let lane = self.m.nodes[node as usize].lane;
        if self.queueing && lane != NONE {
            let l = lane as usize;
            self.tick(l, t);
            self.busy[l] -= 1;
            if let Some((c, v, since)) = self.queues[l].pop_front() {
                self.busy[l] += 1;
                let q = &mut self.out.queue_wait[v as usize];
                q.0 += t - since;
                q.1 += 1;
                self.out.waited[v as usize] += 1;
                let d = self.samplers[v as usize].draw(&mut self.rng);
                self.push(t + d, c, v, What::Done);
            }
        }
        self.leave(t, case, node);
    }

    /// The token goes on along the node's way(s) out.
    fn leave(&mut self, t: f64, case: u32, node: u32) {
        let m = self.m;
        let arcs = m.out_start[node as usize] as usize..m.out_start[node as usize + 1] as usize;
        match m.nodes[node as usize].way {
            Way::End => self.end_token(t, case),
            _ if arcs.is_empty() => self.end_token(t, case),
            Way::All => {
                self.cases[case as usize].tokens += arcs.len() as u32 - 1;
                for a in arcs {
                    self.go(t, case, a);
                }
            }
            Way::One => {
                let u = self.rng.random::<f64>();
                let mut acc = 0.0;
                let mut chosen = arcs.end - 1;
                for a in arcs {
                    acc += m.p[a];
                    if u < acc {
                        chosen = a;
                        break;
                    }
                }
                self.go(t, case, chosen);
            }
        }
    }

    fn go(&mut self, t: f64, case: u32, arc: usize) {
        let to = self.m.to[arc];
        let transfer = self.m.transfer[arc];
        if transfer > 0.0 {
            self.push(t + transfer, case, to, What::Reach);
        } else {
            self.pending.push((case, to));
        }
    }

    /// Handles the tokens that reached a node at time `t`.
    fn settle(&mut self, t: f64) {
        while let Some((case, node)) = self.pending.pop() {
            self.out.events += 1;
            self.reach(t, case, node);
        }
    }

    fn end_token(&mut self, t: f64, case: u32) {
        let c = &mut self.cases[case as usize];
        c.tokens -= 1;
        if c.tokens == 0 {
            let cycle = t - c.start;
            c.joins = Vec::new();
            self.out.cycle_times.push(cycle);
            self.out.horizon = self.out.horizon.max(t);
            self.wip(t, -1);
        }
    }

    fn step(&mut self, e: Event) {
        self.out.events += 1;
        match e.what {
            What::Reach => self.reach(e.t, e.case, e.node),
            What::Ready => self.ready(e.t, e.case, e.node),
            What::Done => self.done(e.t, e.case, e.node),
        }
        self.settle(e.t);
    }
}

/// Runs `run.cases` cases through the flow. `progress` hears how many cases are done now and
/// then, and stops the run by answering false (the outcome then holds the cases done).
pub fn simulate(model: &Model, run: &Run, progress: &mut dyn FnMut(usize) -> bool) -> Outcome {
    let lanes = model.capacity.len();
    let rate = run.arrival_rate.filter(|r| *r > 0.0 && r.is_finite());
    let mut e = Engine {
        m: model,
        samplers: model.nodes.iter().map(|n| Sampler::new(&n.work)).collect(),
        rng: Xoshiro256PlusPlus::seed_from_u64(run.seed),
        heap: BinaryHeap::new(),
        seq: 0,
        cases: Vec::with_capacity(run.cases),
        queueing: rate.is_some(),
        busy: vec![0; lanes],
        queues: vec![VecDeque::new(); lanes],
        last: vec![0.0; lanes],
        out: Outcome {
            queue_wait: vec![(0.0, 0); model.nodes.len()],
            waited: vec![0; model.nodes.len()],
            busy: vec![0.0; lanes],
            queued: vec![0.0; lanes],
            ..Outcome::default()
        },
        in_process: 0,
        last_wip: 0.0,
        pending: Vec::new(),
    };
    if model.starts.is_empty() || run.cases == 0 {
        return e.out;
    }
    let limit = MAX_EVENTS_PER_CASE.saturating_mul(run.cases as u64);
    const REPORT: usize = 1_000;
    match rate {
        // Each case on its own: run it to its end, then the next (no one to wait for).
        None => {
            for k in 0..run.cases {
                if k % REPORT == 0 && k > 0 && !progress(k) {
                    e.out.stopped = true;
                    break;
                }
                let base = e.out.events;
                e.start_case(0.0);
                while let Some(ev) = e.heap.pop() {
                    e.step(ev);
                    if e.out.events - base > MAX_EVENTS_PER_CASE {
                        e.heap.clear();
                        e.out.stopped = true;
                        break;
                    }
                }
                if e.out.stopped {
                    break;
                }
            }
            e.out.horizon = 0.0;
        }
        // A Poisson stream: the next arrival interleaved with the events in flight.
        Some(rate) => {
            let gap = rand_distr::Exp::new(rate).expect("a positive rate");
            let mut next = gap.sample(&mut e.rng);
            let mut arrived = 0;
            loop {
                let arrival_first = arrived < run.cases && e.heap.peek().is_none_or(|top| next <= top.t);
                if arrival_first {
                    if arrived % REPORT == 0 && arrived > 0 && !progress(arrived) {
                        e.out.stopped = true;
                        break;
                    }
                    e.start_case(next);
                    arrived += 1;
                    next += gap.sample(&mut e.rng);
                } else if let Some(ev) = e.heap.pop() {
                    e.step(ev);
                } else {
                    break;
                }
                if e.out.events > limit {
                    e.out.stopped = true;
                    break;
                }
            }
            let end = e.out.horizon;
            for l in 0..lanes {
                e.tick(l, end);
            }
            e.wip(end, 0);
        }
    }
    e.out.cycle_times.sort_by(f64::total_cmp);
    e.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// start → task (one lane) → end.
    fn one_step(work: Duration, capacity: u32) -> Model {
        let node = |way, work, lane| Node { way, needed: 1, wait: 0.0, work, lane };
        Model {
            nodes: vec![
                node(Way::One, Duration::Fixed(0.0), NONE),
                node(Way::One, work, 0),
                node(Way::End, Duration::Fixed(0.0), NONE),
            ],
            out_start: vec![0, 1, 2, 2],
            to: vec![1, 2],
            p: vec![1.0, 1.0],
            transfer: vec![0.0, 0.0],
            starts: vec![0],
            capacity: vec![capacity],
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let m = one_step(Duration::Exponential(0.2), 1);
        let run = Run { cases: 2_000, seed: 7, arrival_rate: Some(3.0) };
        let a = simulate(&m, &run, &mut |_| true);
        let b = simulate(&m, &run, &mut |_| true);
        assert_eq!(a, b);
        let c = simulate(&m, &Run { seed: 8, ..run }, &mut |_| true);
        assert_ne!(a.cycle_times, c.cycle_times);
    }

    #[test]
    fn a_run_stops_when_asked() {
        let m = one_step(Duration::Fixed(1.0), 1);
        let out = simulate(&m, &Run { cases: 10_000, seed: 1, arrival_rate: None }, &mut |done| done < 3_000);
        assert!(out.stopped);
        assert_eq!(out.cycle_times.len(), 3_000);
    }
}
