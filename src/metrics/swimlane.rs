//! Quantitative analysis of a swimlane flow (Dumas et al., *Fundamentals of Business Process
//! Management*, quantitative process analysis): expected cycle time split into execution, delay
//! and transfer, value-added efficiency, handoffs, critical path, expected visits, lane load,
//! work in progress and a Pareto ranking of activities.
//!
//! # Semantics
//! * A case starts at the start node; with several start nodes, each starts an equal share of
//!   the cases.
//! * A node costs its `wait` (delay) then its `work` (execution). Following an edge costs its
//!   transfer time: `edge.transfer` if set, else `settings.handoff_time` when the edge crosses
//!   lanes, else 0.
//! * The ways out of any node but a parallel one are alternatives, taken with their
//!   probabilities (missing ones share what the given ones leave, equally). Expected visits come
//!   exactly from the absorbing Markov chain of the flow, so decisions and rework loops of any
//!   shape are handled; end nodes absorb.
//! * A parallel node with several ways out is an AND-split: every branch runs, and they meet at
//!   its matching parallel join (the split's immediate post-dominator). The block costs its
//!   longest branch (the largest expected time), and the block's execution, delay, transfer and
//!   value-added time are that branch's. Blocks are reduced innermost first, so blocks nest and
//!   branches may hold decisions and loops. Counts that add up over the work done — visits,
//!   handoffs, lane load, the Pareto ranking — count every branch.

use super::arcs::Arcs;
use super::markov::{Chain, Solver};
use super::MetricsError;
use crate::graph::{Meet, PostDominators, NONE};
use crate::model::{Document, Kind, NodeType};
use petgraph::visit::{DfsPostOrder, Reversed};
use serde::Serialize;

/// Quantitative analysis of a swimlane diagram. Durations are in the document's `time_unit`,
/// and are expected values per case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SwimlaneMetrics {
    /// Unit of every duration below (`s`, `min`, `h`, `d`).
    pub time_unit: String,
    /// Expected time from start to end: `execution + delay + transfer`.
    pub cycle_time: f64,
    /// Expected execution (work) time.
    pub execution: f64,
    /// Expected delay (waiting) time.
    pub delay: f64,
    /// Expected transfer (handoff) time along edges.
    pub transfer: f64,
    /// Expected execution time of value-adding activities (`value: va`).
    pub va_execution: f64,
    /// `va_execution / cycle_time`; `None` when the cycle time is zero.
    pub value_added_efficiency: Option<f64>,
    /// Expected number of lane-crossing edges followed per case, every parallel branch counted.
    pub handoffs: f64,
    pub critical_path: CriticalPath,
    /// Node id → expected visits per case (0 for nodes no case reaches).
    pub visits: Visits,
    /// Expected load per case of each lane, in document order.
    pub lanes: Vec<LaneLoad>,
    /// Work in progress by Little's law (cases in the process at once); `None` without
    /// `settings.arrivals_per_day`.
    pub wip: Option<f64>,
    /// Activities ranked by expected time per case (visits × (work + wait)), largest first; only
    /// nodes that take time.
    pub pareto: Vec<ParetoEntry>,
}

/// The longest path from a start to an end, by node work + wait plus edge transfer, with
/// loop-back edges (back edges of a depth-first search from the start) left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriticalPath {
    pub time: f64,
    /// Node ids from start to end.
    pub nodes: Vec<String>,
}

/// Expected work per case in one lane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LaneLoad {
    /// Lane id.
    pub lane: String,
    pub name: String,
    /// Expected execution time per case spent in this lane.
    pub work: f64,
    /// Expected delay per case spent in this lane.
    pub wait: f64,
    /// arrivals_per_day × work per case (hours) / (capacity × hours_per_day): above 1 the lane
    /// cannot keep up. `None` without `settings.arrivals_per_day`.
    pub utilisation: Option<f64>,
}

/// One activity in the Pareto ranking (its label is the node's, in the document).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoEntry {
    pub node: String,
    /// Expected time per case: visits × (work + wait).
    pub time: f64,
    /// Share of the total of all entries' times.
    pub share: f64,
    /// Running total of `share`, down to and including this entry.
    pub cumulative: f64,
}

/// Expected execution, delay, transfer and value-adding time of part of the flow.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    execution: f64,
    delay: f64,
    transfer: f64,
    va: f64,
}

impl Cost {
    fn total(&self) -> f64 {
        self.execution + self.delay + self.transfer
    }
    fn add_scaled(&mut self, other: &Cost, k: f64) {
        self.execution += k * other.execution;
        self.delay += k * other.delay;
        self.transfer += k * other.transfer;
        self.va += k * other.va;
    }
}

/// A parallel block, once reduced.
struct Block {
    split: u32,
    join: u32,
    /// The longest branch's cost.
    cost: Cost,
    /// Expected visits per execution of the block of the nodes directly inside it (nested
    /// blocks' insides are in theirs), every branch counted.
    visits: Vec<(u32, f64)>,
}

/// The chain of one region: the top level (`id == NONE`) or the branches of one block. A
/// reduced block inside it is a single step from its split to its join.
struct Region<'a, 'd> {
    flow: &'a Arcs<'d>,
    collapsed: &'a [u32],
    owner: &'a [u32],
    id: u32,
}

impl Chain for Region<'_, '_> {
    fn degree(&self, u: u32) -> usize {
        if self.collapsed[u as usize] != NONE {
            1
        } else {
            self.flow.arcs(u).len()
        }
    }
    fn step(&self, u: u32, i: usize) -> (u32, f64) {
        match self.collapsed[u as usize] {
            NONE => {
                let a = self.flow.out_start[u as usize] as usize + i;
                (self.flow.to[a], self.flow.p[a])
            }
            join => (join, 1.0),
        }
    }
    fn transient(&self, u: u32) -> bool {
        self.owner[u as usize] == self.id
    }
}

/// Analyses a swimlane diagram. See the module documentation for the semantics.
pub fn swimlane(doc: &Document) -> Result<SwimlaneMetrics, MetricsError> {
    if doc.kind != Kind::Swimlane {
        return Err(MetricsError::WrongKind { expected: Kind::Swimlane, found: doc.kind });
    }
    let flow = Arcs::build(doc)?;
    let n = flow.len();
    let starts: Vec<u32> = (0..n as u32).filter(|&u| flow.kind[u as usize] == NodeType::Start).collect();
    if starts.is_empty() {
        return Err(MetricsError::NoStart);
    }
    if !flow.kind.contains(&NodeType::End) {
        return Err(MetricsError::NoEnd);
    }

    // Forward depth-first search from the starts: reachability, loop-back edges, and (reversed)
    // a topological order of the rest.
    let mut order = Vec::with_capacity(n);
    let mut dfs = DfsPostOrder::empty(&flow);
    for &s in &starts {
        dfs.move_to(s);
        while let Some(u) = dfs.next(&flow) {
            order.push(u);
        }
    }
    let mut post = vec![NONE; n];
    for (i, &u) in order.iter().enumerate() {
        post[u as usize] = i as u32;
    }

    // Backward search from the reachable ends: which nodes can still finish.
    let mut back_order = Vec::with_capacity(order.len());
    let mut dfs = DfsPostOrder::empty(Reversed(&flow));
    for &u in &order {
        if flow.kind[u as usize] == NodeType::End {
            dfs.move_to(u);
            while let Some(v) = dfs.next(Reversed(&flow)) {
                back_order.push(v);
            }
        }
    }
    let mut finishes = vec![false; n];
    for &u in &back_order {
        finishes[u as usize] = true;
    }
    let stuck: Vec<String> =
        (0..n).filter(|&u| post[u] != NONE && !finishes[u]).map(|u| doc.nodes[u].id.clone()).collect();
    if !stuck.is_empty() {
        return Err(MetricsError::NoExit { nodes: stuck });
    }

    let critical_path = critical_path(&flow, &order, &post, &starts);
    let mut analysis = Analysis::new(&flow);
    analysis.reduce_blocks(&order, &post)?;
    analysis.check_structure(&order, &post, &starts)?;
    let cost = analysis.top_level(&starts)?;
    let visits = analysis.visits();

    let settings = &doc.settings;
    let arrivals = settings.arrivals_per_day;
    let hours_per_day = settings.hours_per_day();
    let unit_hours = doc.time_unit.in_hours(hours_per_day);

    let mut handoffs = 0.0;
    let mut lane_work = vec![(0.0, 0.0); doc.lanes.len()];
    let mut pareto = Vec::new();
    for (u, &v) in visits.iter().enumerate() {
        if v == 0.0 {
            continue;
        }
        for a in flow.arcs(u as u32) {
            if flow.handoff[a] {
                handoffs += v * flow.p[a];
            }
        }
        if let Some(l) = flow.declared_lane(u as u32) {
            let load = &mut lane_work[l];
            load.0 += v * flow.work[u];
            load.1 += v * flow.wait[u];
        }
        let time = v * flow.time(u as u32);
        if time > 0.0 {
            pareto.push((u, time));
        }
    }
    // Largest first; ties in document order.
    let order = crate::order::by_keys(pareto.iter().map(|&(_, time)| !crate::order::f64_key(time)));
    let pareto = crate::order::apply(pareto, &order);
    let total: f64 = pareto.iter().map(|&(_, t)| t).sum();
    let mut cumulative = 0.0;
    let pareto = pareto
        .into_iter()
        .map(|(u, time)| {
            let share = time / total;
            cumulative += share;
            ParetoEntry { node: doc.nodes[u].id.clone(), time, share, cumulative }
        })
        .collect();

    let lanes = doc
        .lanes
        .iter()
        .zip(lane_work)
        .map(|(lane, (work, wait))| LaneLoad {
            lane: lane.id.clone(),
            name: lane.name.clone(),
            work,
            wait,
            utilisation: arrivals.map(|a| a * work * unit_hours / (lane.capacity() * hours_per_day)),
        })
        .collect();

    let cycle_time = cost.execution + cost.delay + cost.transfer;
    Ok(SwimlaneMetrics {
        time_unit: doc.time_unit.as_str().to_string(),
        cycle_time,
        execution: cost.execution,
        delay: cost.delay,
        transfer: cost.transfer,
        va_execution: cost.va,
        value_added_efficiency: (cycle_time > 0.0).then(|| cost.va / cycle_time),
        handoffs,
        critical_path,
        visits: visits_by_id(&flow, &visits),
        lanes,
        wip: arrivals.map(|a| a / hours_per_day * cycle_time * unit_hours),
        pareto,
    })
}

/// Expected visits per case of each node, by node id, in id order. Reads as a map:
/// `visits["t1"]`, and as a JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct Visits(Vec<(String, f64)>);

impl Visits {
    /// The visits of node `id`, if the document has that node.
    pub fn get(&self, id: &str) -> Option<f64> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().map(|i| self.0[i].1)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }
    pub fn values(&self) -> impl Iterator<Item = &f64> {
        self.0.iter().map(|(_, v)| v)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&str> for Visits {
    type Output = f64;
    /// # Panics
    /// When the document has no node `id`, as a map does.
    fn index(&self, id: &str) -> &f64 {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)) {
            Ok(i) => &self.0[i].1,
            Err(_) => panic!("no node {id:?}"),
        }
    }
}

impl std::ops::Index<&String> for Visits {
    type Output = f64;
    fn index(&self, id: &String) -> &f64 {
        &self[id.as_str()]
    }
}

impl Serialize for Visits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The visits by node id, sorted by id (ids are unique here: `Arcs::build` checks it).
///
/// The ids are ordered by their first eight bytes as one big-endian number (the same order as
/// the bytes, a shorter id padded with zeros coming first), and only ids that share those
/// bytes are compared in full: nearly all comparisons are of integers.
fn visits_by_id(flow: &Arcs, visits: &[f64]) -> Visits {
    let prefix = |id: &str| {
        let mut key = [0u8; 8];
        let len = id.len().min(8);
        key[..len].copy_from_slice(&id.as_bytes()[..len]);
        u64::from_be_bytes(key)
    };
    let order = crate::order::by_keys((0..flow.len()).map(|u| prefix(flow.id(u as u32))));
    let mut sorted: Vec<(String, f64)> = order.iter().map(|&u| (flow.id(u as u32).to_string(), visits[u])).collect();
    // Runs of equal prefixes, put in full order by insertion (short: ids rarely share eight
    // bytes at length).
    for i in 1..sorted.len() {
        let mut j = i;
        while j > 0 && sorted[j - 1].0 > sorted[j].0 {
            sorted.swap(j - 1, j);
            j -= 1;
        }
    }
    Visits(sorted)
}

/// Longest path from a start to an end over the flow without its loop-back edges.
///
/// `order` is the depth-first postorder from the starts and `post` each node's place in it: an
/// arc u → v is a loop-back edge exactly when v finishes no earlier than u (v is an ancestor of
/// u, or u itself), and reverse postorder is a topological order of the other arcs.
fn critical_path(flow: &Arcs, order: &[u32], post: &[u32], starts: &[u32]) -> CriticalPath {
    let n = flow.len();
    let mut dist = vec![f64::NEG_INFINITY; n];
    let mut pred = vec![NONE; n];
    for &s in starts {
        dist[s as usize] = flow.time(s);
    }
    for &u in order.iter().rev() {
        let du = dist[u as usize];
        for a in flow.arcs(u) {
            let v = flow.to[a];
            if post[v as usize] >= post[u as usize] {
                continue;
            }
            let candidate = du + flow.transfer[a] + flow.time(v);
            if candidate > dist[v as usize] {
                dist[v as usize] = candidate;
                pred[v as usize] = u;
            }
        }
    }
    let mut best: Option<u32> = None;
    for u in 0..n as u32 {
        let reached_end = flow.kind[u as usize] == NodeType::End && post[u as usize] != NONE;
        if reached_end && best.is_none_or(|b| dist[u as usize] > dist[b as usize]) {
            best = Some(u);
        }
    }
    let Some(end) = best else {
        return CriticalPath { time: 0.0, nodes: Vec::new() };
    };
    let mut nodes = vec![end];
    while let Some(&last) = nodes.last() {
        match pred[last as usize] {
            NONE => break,
            p => nodes.push(p),
        }
    }
    nodes.reverse();
    CriticalPath { time: dist[end as usize], nodes: nodes.into_iter().map(|u| flow.id(u).to_string()).collect() }
}

/// The reduction of parallel blocks and the solution of each region's chain.
struct Analysis<'a, 'd> {
    flow: &'a Arcs<'d>,
    solver: Solver,
    /// For a reduced split: its join (the block is one step); else `NONE`.
    collapsed: Vec<u32>,
    /// The block whose branches hold the node directly (not inside a nested block); `NONE` for
    /// the top level.
    owner: Vec<u32>,
    /// For a split: its block.
    block_of: Vec<u32>,
    /// For a join: the outermost block it closes.
    closes: Vec<u32>,
    /// Innermost first.
    blocks: Vec<Block>,
    /// Visits of the top level per case.
    top: Vec<(u32, f64)>,
}

impl<'a, 'd> Analysis<'a, 'd> {
    fn new(flow: &'a Arcs<'d>) -> Self {
        let n = flow.len();
        Analysis {
            flow,
            solver: Solver::new(),
            collapsed: vec![NONE; n],
            owner: vec![NONE; n],
            block_of: vec![NONE; n],
            closes: vec![NONE; n],
            blocks: Vec::new(),
            top: Vec::new(),
        }
    }

    fn is_split(&self, u: u32) -> bool {
        self.flow.kind[u as usize] == NodeType::Parallel && self.flow.arcs(u).len() >= 2
    }

    fn unstructured(&self, split: u32, element: &str) -> MetricsError {
        MetricsError::UnstructuredParallel { split: self.flow.id(split).to_string(), element: element.to_string() }
    }

    fn no_exit(&self, nodes: Vec<u32>) -> MetricsError {
        MetricsError::NoExit { nodes: nodes.into_iter().map(|u| self.flow.id(u).to_string()).collect() }
    }

    /// Finds every parallel block, checks it, and reduces it to one step, innermost first.
    ///
    /// A nested split finishes before its enclosing split in a depth-first search from the
    /// start (the enclosing split dominates it), so postorder is innermost-first order.
    fn reduce_blocks(&mut self, order: &[u32], post: &[u32]) -> Result<(), MetricsError> {
        let splits: Vec<u32> = order.iter().copied().filter(|&u| self.is_split(u)).collect();
        if splits.is_empty() {
            return Ok(());
        }
        let ipdom = post_dominators(self.flow, post);
        let mut acc = vec![0.0; self.flow.len()];
        let mut out = Vec::new();
        for s in splits {
            let flow = self.flow;
            let j = ipdom[s as usize];
            let unmatched = || MetricsError::UnmatchedParallel { split: flow.id(s).to_string() };
            if j == NONE
                || flow.kind[j as usize] != NodeType::Parallel
                || flow.predecessors(j).iter().filter(|&&p| post[p as usize] != NONE).count() < 2
            {
                return Err(unmatched());
            }
            let b = self.blocks.len() as u32;
            let local = self.claim(s, j, b)?;

            // Each branch is the chain from the branch's first node until it reaches the join.
            let mut longest: Option<Cost> = None;
            for a in flow.arcs(s) {
                let t = flow.to[a];
                let mut cost = Cost { transfer: flow.transfer[a], ..Cost::default() };
                if t != j {
                    out.clear();
                    let region = Region { flow, collapsed: &self.collapsed, owner: &self.owner, id: b };
                    self.solver.solve(&region, flow.len(), &[(t, 1.0)], &mut out).map_err(|e| self.no_exit(e.0))?;
                    cost.add_scaled(&self.region_cost(&out), 1.0);
                    for &(u, v) in &out {
                        acc[u as usize] += v;
                    }
                }
                if longest.is_none_or(|l| cost.total() > l.total()) {
                    longest = Some(cost);
                }
            }
            let visits = local.iter().map(|&u| (u, std::mem::take(&mut acc[u as usize]))).collect();
            self.blocks.push(Block { split: s, join: j, cost: longest.unwrap_or_default(), visits });
            self.collapsed[s as usize] = j;
            self.block_of[s as usize] = b;
            self.closes[j as usize] = b;
        }
        Ok(())
    }

    /// Claims for block `b` the nodes its branches reach before the join `j`, stepping over
    /// blocks already reduced, and returns them.
    fn claim(&mut self, s: u32, j: u32, b: u32) -> Result<Vec<u32>, MetricsError> {
        let flow = self.flow;
        let mut local = Vec::new();
        let mut next = 0;
        let visit = |this: &mut Self, t: u32, via: &str, local: &mut Vec<u32>| -> Result<(), MetricsError> {
            if t == j || this.owner[t as usize] == b {
                return Ok(());
            }
            if t == s || this.owner[t as usize] != NONE {
                return Err(this.unstructured(s, via));
            }
            if this.is_split(t) && this.collapsed[t as usize] == NONE {
                // A split inside this block that finished after it in the search: it is also
                // reached from outside the block.
                return Err(this.unstructured(s, flow.id(t)));
            }
            if flow.kind[t as usize] == NodeType::End {
                return Err(MetricsError::UnmatchedParallel { split: flow.id(s).to_string() });
            }
            this.owner[t as usize] = b;
            local.push(t);
            Ok(())
        };
        for a in flow.arcs(s) {
            visit(self, flow.to[a], flow.edge_id(a), &mut local)?;
        }
        while next < local.len() {
            let u = local[next];
            next += 1;
            match self.collapsed[u as usize] {
                NONE => {
                    for a in flow.arcs(u) {
                        visit(self, flow.to[a], flow.edge_id(a), &mut local)?;
                    }
                }
                inner_join => visit(self, inner_join, flow.id(inner_join), &mut local)?,
            }
        }
        Ok(local)
    }

    /// Checks that no edge enters a block other than through its split, and that every
    /// parallel join closes a block.
    fn check_structure(&self, order: &[u32], post: &[u32], starts: &[u32]) -> Result<(), MetricsError> {
        let flow = self.flow;
        for &s in starts {
            if let Some(block) = self.blocks.get(self.owner[s as usize] as usize) {
                return Err(self.unstructured(block.split, flow.id(s)));
            }
        }
        for &u in order {
            let preds = flow.predecessors(u);
            if flow.kind[u as usize] == NodeType::Parallel
                && self.closes[u as usize] == NONE
                && preds.iter().filter(|&&p| post[p as usize] != NONE).count() >= 2
            {
                return Err(MetricsError::UnmatchedJoin { join: flow.id(u).to_string() });
            }
            if self.blocks.is_empty() || self.block_of[u as usize] != NONE {
                // A split's edges are its block's branches, checked when it was reduced.
                continue;
            }
            for a in flow.arcs(u) {
                let v = flow.to[a];
                let entered = if self.closes[v as usize] != NONE {
                    // Only a branch of a block that ends at v may lead into v.
                    let inside = self.blocks.get(self.owner[u as usize] as usize).is_some_and(|b| b.join == v);
                    (!inside).then_some(self.closes[v as usize])
                } else if self.owner[u as usize] != self.owner[v as usize] {
                    // Into a block's branch from outside it (or, which reduction rules out, out of
                    // a branch other than to its join).
                    Some(if self.owner[v as usize] != NONE { self.owner[v as usize] } else { self.owner[u as usize] })
                } else {
                    None
                };
                if let Some(b) = entered {
                    return Err(self.unstructured(self.blocks[b as usize].split, flow.edge_id(a)));
                }
            }
        }
        Ok(())
    }

    /// Execution, delay, transfer and value-adding time of a region, given its visits.
    fn region_cost(&self, visits: &[(u32, f64)]) -> Cost {
        let flow = self.flow;
        let mut cost = Cost::default();
        for &(u, v) in visits {
            let (work, wait) = (flow.work[u as usize], flow.wait[u as usize]);
            cost.execution += v * work;
            cost.delay += v * wait;
            if flow.va[u as usize] {
                cost.va += v * work;
            }
            match self.block_of[u as usize] {
                NONE => {
                    for a in flow.arcs(u) {
                        cost.transfer += v * flow.p[a] * flow.transfer[a];
                    }
                }
                b => cost.add_scaled(&self.blocks[b as usize].cost, v),
            }
        }
        cost
    }

    /// Solves the top level, entered at the starts in equal shares.
    fn top_level(&mut self, starts: &[u32]) -> Result<Cost, MetricsError> {
        let share = 1.0 / starts.len() as f64;
        let entries: Vec<(u32, f64)> = starts.iter().map(|&s| (s, share)).collect();
        let region = Region { flow: self.flow, collapsed: &self.collapsed, owner: &self.owner, id: NONE };
        let mut out = Vec::new();
        self.solver.solve(&region, self.flow.len(), &entries, &mut out).map_err(|e| self.no_exit(e.0))?;
        self.top = out;
        Ok(self.region_cost(&self.top))
    }

    /// Expected visits per case of every node: a node inside a block is visited as often per
    /// case as its block runs times as often per run of the block.
    fn visits(&self) -> Vec<f64> {
        let mut visits = vec![0.0; self.flow.len()];
        for &(u, v) in &self.top {
            visits[u as usize] = v;
        }
        for block in self.blocks.iter().rev() {
            let runs = visits[block.split as usize];
            for &(u, v) in &block.visits {
                visits[u as usize] = runs * v;
            }
        }
        visits
    }
}

/// Immediate post-dominator of every node a case can reach (`NONE` when the paths from it only
/// meet beyond the ends), over the arcs of the nodes reached from the starts (`post` is their
/// place in the depth-first postorder, `NONE` for the others).
fn post_dominators(flow: &Arcs, post: &[u32]) -> Vec<u32> {
    let reached = |u: usize| post[u] != NONE;
    let tree = PostDominators::new(
        flow.len(),
        |u| reached(u) && flow.kind[u] == NodeType::End,
        |u| flow.successors(u as u32).iter().map(|&v| v as usize),
        |u| flow.predecessors(u as u32).iter().map(|&v| v as usize).filter(|&v| reached(v)),
    );
    (0..flow.len())
        .map(|u| match tree.immediate(u) {
            Some(Meet::Node(d)) if reached(u) => d as u32,
            _ => NONE,
        })
        .collect()
}
