//! Generated sample documents: swimlane flows of any size that look like real processes
//! (decisions, rework loops, parallel blocks, handoffs between lanes), for benchmarks — native
//! and in the browser — and for trying the app on a large diagram. Deterministic for a seed.
//! Depends only on the model.

use crate::model::{Document, Edge, Kind, Lane, Node, NodeType, ValueClass};

/// Column width of the generated layout, in px.
const COLUMN: f64 = 170.0;

/// A swimlane document of exactly `n_nodes` nodes (at least 2: a start and an end) in `lanes`
/// lanes (at least 1), with tasks, exclusive decisions whose branches meet again at an exclusive
/// merge gateway, rework loops that go back a few steps (to a merge gateway before the reworked
/// tasks) with probability 0.1–0.3, and parallel split/join blocks nested up to three deep.
/// Decisions and their ways out are labelled. Every generated flow can be analysed: all paths
/// end, and parallel blocks are closed by their joins. No activity has more than one way in, so
/// the flow passes `fake-join` as a reviewer would want it to.
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
    let mut g = Generator { doc, rng: Rng(seed ^ 0x9e37_79b9_7f4a_7c15), lanes, col: 0, taken: Default::default() };
    let start = g.node(NodeType::Start, 0);
    let (last, way) = g.sequence(&start, NONE, n_nodes - 2, 0, 0);
    let end = g.node(NodeType::End, g.lane_of(&last));
    g.connect(&last, &end, way);
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

/// Probability and label of a way out of a node.
type Way = (Option<f64>, &'static str);

const NONE: Way = (None, "");

/// Questions asked after a task, whose "no" sends the work back.
const CHECKS: [&str; 4] = ["Complete? 是否完整", "Approved? 是否通过", "Correct? 是否正确", "Signed? 是否签字"];

/// Questions that route a case one of several ways.
const ROUTES: [&str; 3] = ["Which route? 走哪条路线", "Amount over limit? 金额超限", "Stock available? 有库存"];

/// Labels of exclusive merge gateways (decisions with several ways in and one way out): where
/// exclusive branches meet, and where a rework loop comes back.
const MERGE: [&str; 1] = ["Merge 汇合"];
const REWORK_POINT: [&str; 1] = ["Rework point 返工点"];

/// Labels of the ways out of a routing decision, for two and for three ways.
const TWO_WAYS: [&str; 2] = ["yes 是", "no 否"];
const THREE_WAYS: [&str; 3] = ["standard 标准", "urgent 加急", "special 特殊"];

/// One large rework loop: a start, `n` decisions in a row, and an end. Each decision goes on
/// with probability 0.9 and back with 0.1 to one of the three decisions before it (a seeded
/// draw; the first to itself), so all `n` decisions form one strongly connected component that
/// cases still leave: the shape that makes an exact solve of the visits expensive when its
/// elimination order is poor.
pub fn big_loop(n: usize, seed: u64) -> Document {
    let n = n.max(1);
    let mut doc = Document::new(Kind::Swimlane, format!("One loop of {n} decisions"));
    doc.lanes.push(Lane::new("lane1", "Team 团队"));
    let mut rng = Rng(seed);
    let place = |id: String, kind: NodeType, i: usize| {
        let mut node = Node::new(id, kind, "", COLUMN * i as f64, 40.0);
        node.lane = Some("lane1".into());
        node.work = 1.0;
        node
    };
    doc.nodes.push(place("start".into(), NodeType::Start, 0).into());
    for i in 0..n {
        doc.nodes.push(place(format!("d{i}"), NodeType::Decision, i + 1).into());
    }
    doc.nodes.push(place("end".into(), NodeType::End, n + 1).into());
    doc.edges.push(Edge::new("e0", "start", "d0").into());
    for i in 0..n {
        let next = if i + 1 < n { format!("d{}", i + 1) } else { "end".into() };
        let mut on = Edge::new(format!("on{i}"), format!("d{i}"), next);
        on.probability = Some(0.9);
        let to = i.saturating_sub(1 + rng.below(i.min(3)));
        let mut back = Edge::new(format!("back{i}"), format!("d{i}"), format!("d{to}"));
        back.probability = Some(0.1);
        doc.edges.push(on.into());
        doc.edges.push(back.into());
    }
    doc
}

/// SplitMix64: small, fast, and good enough to shape sample data (and, in tests, to damage it
/// the same way on every run). The state is the seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
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
    /// The (column, lane) cells that hold a shape.
    taken: std::collections::HashSet<(usize, usize)>,
}

impl Generator {
    fn node(&mut self, kind: NodeType, lane: usize) -> String {
        let id = format!("n{}", self.doc.nodes.len() + 1);
        // Never over another shape: a branch that moves into a lane where another branch already
        // put a shape at this column moves on to the next free column.
        while !self.taken.insert((self.col, lane)) {
            self.col += 1;
        }
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
                0..=3 => ValueClass::Va,
                4..=6 => ValueClass::Bva,
                _ => ValueClass::Nva,
            });
        }
        self.col += 1;
        self.doc.nodes.push(node.into());
        id
    }

    fn connect(&mut self, from: &str, to: &str, (probability, label): Way) {
        let mut edge = Edge::new(format!("e{}", self.doc.edges.len() + 1), from, to);
        edge.probability = probability;
        edge.label = label.to_string();
        self.doc.edges.push(edge.into());
    }

    /// A decision node labelled with one of `questions`.
    fn decision(&mut self, lane: usize, questions: &[&str]) -> String {
        let id = self.node(NodeType::Decision, lane);
        let question = questions[self.rng.below(questions.len())];
        if let Some(node) = self.doc.nodes.last_mut() {
            node.label = question.to_string();
        }
        id
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

    /// Appends exactly `budget` nodes after `from`, the first reached by way `first`, and
    /// returns the last of them (or `from` when the budget is 0) with the way out it needs.
    fn sequence(&mut self, from: &str, first: Way, budget: usize, depth: usize, lane: usize) -> (String, Way) {
        let mut prev = from.to_string();
        let mut way = first;
        let mut lane = lane;
        let mut left = budget;
        while left > 0 {
            let r = self.rng.unit();
            let (last, out) = if r < 0.12 && left >= 5 && depth < 3 {
                let size = left.min(5 + self.rng.below(14));
                left -= size;
                (self.block(NodeType::Parallel, &prev, way, size, depth, lane), NONE)
            } else if r < 0.24 && left >= 4 && depth < 4 {
                let size = left.min(4 + self.rng.below(10));
                left -= size;
                (self.block(NodeType::Decision, &prev, way, size, depth, lane), NONE)
            } else if r < 0.42 && left >= 3 {
                // A rework loop: a merge gateway, one to three tasks, and a check whose "no"
                // goes back to the merge (never into a task: that would be a fake join).
                let steps = 1 + self.rng.below((left - 2).min(3));
                left -= steps + 2;
                let merge = self.decision(lane, &REWORK_POINT);
                self.connect(&prev, &merge, way);
                let mut task = merge.clone();
                for _ in 0..steps {
                    lane = self.next_lane(lane);
                    let next = self.node(NodeType::Task, lane);
                    self.connect(&task, &next, NONE);
                    task = next;
                }
                let check = self.decision(lane, &CHECKS);
                self.connect(&task, &check, NONE);
                let rework = 0.1 + 0.2 * self.rng.unit();
                self.connect(&check, &merge, (Some((rework * 100.0).round() / 100.0), "no, rework 否,返工"));
                // The forward way takes what rework leaves.
                (check, (None, "yes 是"))
            } else {
                left -= 1;
                lane = self.next_lane(lane);
                let task = self.node(NodeType::Task, lane);
                self.connect(&prev, &task, way);
                (task, NONE)
            };
            prev = last;
            way = out;
        }
        (prev, way)
    }

    /// A block of exactly `size` nodes (≥ 4): a parallel split and its join, or an exclusive
    /// decision and the merge gateway its branches meet at, around two or three branches. Returns
    /// the join (or the merge).
    fn block(&mut self, kind: NodeType, from: &str, way: Way, size: usize, depth: usize, lane: usize) -> String {
        let exclusive = kind == NodeType::Decision;
        let split = if exclusive { self.decision(lane, &ROUTES) } else { self.node(kind, lane) };
        self.connect(from, &split, way);
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
        let labels: &[&'static str] = if k == 2 { &TWO_WAYS } else { &THREE_WAYS };
        let first_col = self.col;
        let mut last_col = first_col;
        let mut ends = Vec::with_capacity(k);
        for (b, &budget) in budgets.iter().enumerate() {
            self.col = first_col;
            let way = if exclusive {
                ((b + 1 < k).then(|| (weights[b] / total * 100.0).round() / 100.0), labels[b])
            } else {
                NONE
            };
            let branch_lane = (lane + b) % self.lanes;
            ends.push(self.sequence(&split, way, budget, depth + 1, branch_lane));
            last_col = last_col.max(self.col);
        }
        self.col = last_col;
        // Exclusive branches meet at an exclusive merge gateway (a decision with one way out),
        // parallel branches at an explicit join: either way the reader sees which it is.
        let join = if exclusive { self.decision(lane, &MERGE) } else { self.node(kind, lane) };
        for (end, way) in ends {
            self.connect(&end, &join, way);
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
