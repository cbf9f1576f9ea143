//! Generated sample documents: swimlane flows of any size that look like real processes
//! (decisions, rework loops, parallel blocks, handoffs between lanes), for benchmarks — native
//! and in the browser — and for trying the app on a large diagram. Deterministic for a seed.
//! Depends only on the model.

use crate::model::{Document, Edge, Kind, Lane, Node, NodeType, Value};

/// Column width of the generated layout, in px.
const COLUMN: f64 = 170.0;

/// A swimlane document of exactly `n_nodes` nodes (at least 2: a start and an end) in `lanes`
/// lanes (at least 1), with tasks, exclusive decisions and their merges, rework loops that go
/// back a few steps with probability 0.1–0.3, and parallel split/join blocks nested up to three
/// deep. Every generated flow can be analysed: all paths end, and parallel blocks are closed by
/// their joins.
pub fn swimlane(n_nodes: usize, lanes: usize, seed: u64) -> Document {
    let n_nodes = n_nodes.max(2);
    let lanes = lanes.max(1);
    let mut doc = Document::new(Kind::Swimlane, format!("Sample flow, {n_nodes} nodes"));
    doc.settings.handoff_time = Some(0.25);
    doc.settings.arrivals_per_day = Some(2.0);
    for l in 0..lanes {
        let (en, zh) = ROLES[l % ROLES.len()];
        let mut lane = Lane::new(format!("lane{}", l + 1), format!("{en} {zh}"));
        lane.capacity = Some(1.0 + (l % 3) as f64);
        doc.lanes.push(lane);
    }
    let mut g = Generator { doc, rng: Rng(seed ^ 0x9e37_79b9_7f4a_7c15), lanes, col: 0 };
    let start = g.node(NodeType::Start, 0);
    let last = g.sequence(&start, None, n_nodes - 2, 0, 0);
    let end = g.node(NodeType::End, g.lane_of(&last));
    g.connect(&last, &end, None);
    g.doc
}

const ROLES: [(&str, &str); 6] = [
    ("Applicant", "申请人员"),
    ("Buyer", "采购员"),
    ("Warehouse", "仓管员"),
    ("Finance", "财务"),
    ("Manager", "经理"),
    ("Quality", "质检"),
];

const ACTIVITIES: [(&str, &str); 10] = [
    ("Register", "登记"),
    ("Review", "审核"),
    ("Approve", "批准"),
    ("Check stock", "查库存"),
    ("Prepare quote", "报价"),
    ("Sign contract", "签合同"),
    ("Issue invoice", "开票"),
    ("Ship goods", "发货"),
    ("Pay", "付款"),
    ("Archive", "归档"),
];

/// SplitMix64: small, fast, and good enough to shape sample data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A duration in quarter hours within [lo, hi].
    fn quarters(&mut self, lo: f64, hi: f64) -> f64 {
        ((lo + self.unit() * (hi - lo)) * 4.0).round() / 4.0
    }
}

struct Generator {
    doc: Document,
    rng: Rng,
    lanes: usize,
    /// Next free column of the layout.
    col: usize,
}

impl Generator {
    fn node(&mut self, kind: NodeType, lane: usize) -> String {
        let id = format!("n{}", self.doc.nodes.len() + 1);
        let (w, h) = kind.default_size();
        let x = self.col as f64 * COLUMN + (COLUMN - w) / 2.0;
        let y = lane as f64 * Lane::DEFAULT_SIZE + (Lane::DEFAULT_SIZE - h) / 2.0;
        let mut node = Node::new(id.clone(), kind, "", x, y);
        node.lane = Some(self.doc.lanes[lane].id.clone());
        if kind == NodeType::Task {
            let (en, zh) = ACTIVITIES[self.rng.below(ACTIVITIES.len())];
            node.label = format!("{en} {zh} {}", self.doc.nodes.len() + 1);
            node.work = self.rng.quarters(0.25, 4.0);
            node.wait = if self.rng.unit() < 0.5 { 0.0 } else { self.rng.quarters(0.5, 16.0) };
            node.value = Some(match self.rng.below(10) {
                0..=3 => Value::Va,
                4..=6 => Value::Bva,
                _ => Value::Nva,
            });
        }
        self.col += 1;
        self.doc.nodes.push(node);
        id
    }

    fn connect(&mut self, from: &str, to: &str, probability: Option<f64>) {
        let mut edge = Edge::new(format!("e{}", self.doc.edges.len() + 1), from, to);
        edge.probability = probability;
        self.doc.edges.push(edge);
    }

    fn lane_of(&self, id: &str) -> usize {
        let lane = self.doc.node(id).and_then(|n| n.lane.as_deref());
        self.doc.lanes.iter().position(|l| Some(l.id.as_str()) == lane).unwrap_or(0)
    }

    /// Mostly stays in the lane, sometimes hands off to another.
    fn next_lane(&mut self, lane: usize) -> usize {
        if self.rng.unit() < 0.6 {
            lane
        } else {
            self.rng.below(self.lanes)
        }
    }

    /// Appends exactly `budget` nodes after `from` (the first edge carries `first_p`) and
    /// returns the last of them, or `from` when the budget is 0.
    fn sequence(&mut self, from: &str, first_p: Option<f64>, budget: usize, depth: usize, lane: usize) -> String {
        let mut prev = from.to_string();
        let mut p = first_p;
        let mut lane = lane;
        let mut left = budget;
        // Tasks of this sequence that a rework loop may return to (never a node inside a
        // nested block: that would enter the block from outside).
        let mut tasks: Vec<String> = Vec::new();
        while left > 0 {
            let r = self.rng.unit();
            let first = if r < 0.12 && left >= 5 && depth < 3 {
                let size = left.min(5 + self.rng.below(14));
                left -= size;
                self.block(NodeType::Parallel, &prev, p, size, depth, lane)
            } else if r < 0.24 && left >= 4 && depth < 4 {
                let size = left.min(4 + self.rng.below(10));
                left -= size;
                self.block(NodeType::Decision, &prev, p, size, depth, lane)
            } else if r < 0.42 && left >= 2 {
                left -= 2;
                lane = self.next_lane(lane);
                let task = self.node(NodeType::Task, lane);
                self.connect(&prev, &task, p);
                tasks.push(task.clone());
                let check = self.node(NodeType::Decision, lane);
                self.connect(&task, &check, None);
                let back = tasks[tasks.len() - 1 - self.rng.below(tasks.len().min(4))].clone();
                let rework = 0.1 + 0.2 * self.rng.unit();
                self.connect(&check, &back, Some((rework * 100.0).round() / 100.0));
                check
            } else {
                left -= 1;
                lane = self.next_lane(lane);
                let task = self.node(NodeType::Task, lane);
                self.connect(&prev, &task, p);
                tasks.push(task.clone());
                task
            };
            prev = first;
            p = None;
        }
        prev
    }

    /// A block of exactly `size` nodes (≥ 4): a parallel split and join, or an exclusive decision
    /// and its merge, around two or three branches. Returns the join.
    fn block(&mut self, kind: NodeType, from: &str, p: Option<f64>, size: usize, depth: usize, lane: usize) -> String {
        let split = self.node(kind, lane);
        self.connect(from, &split, p);
        let inner = size - 2;
        let k = if inner >= 3 && self.rng.unit() < 0.3 { 3 } else { 2 };
        let mut budgets = vec![1; k];
        for _ in k..inner {
            let b = self.rng.below(k);
            budgets[b] += 1;
        }
        // Exclusive branches get probabilities; the last takes what is left.
        let weights: Vec<f64> = (0..k).map(|_| 0.2 + self.rng.unit()).collect();
        let total: f64 = weights.iter().sum();
        let first_col = self.col;
        let mut last_col = first_col;
        let mut ends = Vec::with_capacity(k);
        for (b, &budget) in budgets.iter().enumerate() {
            self.col = first_col;
            let p = (kind == NodeType::Decision && b + 1 < k).then(|| (weights[b] / total * 100.0).round() / 100.0);
            let branch_lane = (lane + b) % self.lanes;
            ends.push(self.sequence(&split, p, budget, depth + 1, branch_lane));
            last_col = last_col.max(self.col);
        }
        self.col = last_col;
        let join = self.node(kind, lane);
        for end in ends {
            self.connect(&end, &join, None);
        }
        join
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_exactly_the_requested_size_and_is_deterministic() {
        for n in [2, 3, 10, 137, 1000] {
            let doc = swimlane(n, 6, 42);
            assert_eq!(doc.nodes.len(), n);
            assert_eq!(doc, swimlane(n, 6, 42));
        }
        assert_ne!(swimlane(200, 6, 1), swimlane(200, 6, 2));
    }

    #[test]
    fn ids_are_unique_and_edges_connect_nodes() {
        let doc = swimlane(2000, 6, 7);
        let ids: std::collections::HashSet<&str> = doc.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids.len(), doc.nodes.len());
        assert!(doc.edges.iter().all(|e| ids.contains(e.from.as_str()) && ids.contains(e.to.as_str())));
        let parallel = doc.nodes.iter().filter(|n| n.kind == NodeType::Parallel).count();
        let reworks = doc.edges.iter().filter(|e| e.probability.is_some_and(|p| p <= 0.3)).count();
        assert!(parallel > 10 && reworks > 10, "{parallel} parallel nodes, {reworks} rework edges");
    }
}
