//! Metrics against answers from the literature (Dumas et al., *Fundamentals of Business Process
//! Management*; Rother and Shook, *Learning to See*) and small hand-computed flows.

use procmod::metrics::{self, Metrics};
use procmod::model::{Document, Edge, Kind, Lane, Node, NodeType, TimeUnit, ValueClass};

fn fixture(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9 * expected.abs().max(1.0), "expected {expected}, got {actual}");
}

/// A small swimlane builder: nodes laid out left to right.
struct Flow {
    doc: Document,
}

impl Flow {
    fn new() -> Self {
        Flow { doc: Document::new(Kind::Swimlane, "test") }
    }
    fn lane(mut self, id: &str) -> Self {
        self.doc.lanes.push(Lane::new(id, id.to_uppercase()));
        self
    }
    fn node(mut self, id: &str, kind: NodeType, lane: &str, work: f64, wait: f64) -> Self {
        let mut node = Node::new(id, kind, id, self.doc.nodes.len() as f64 * 160.0, 0.0);
        node.lane = (!lane.is_empty()).then(|| lane.to_string());
        node.work = work;
        node.wait = wait;
        self.doc.nodes.push(node.into());
        self
    }
    fn start(self, id: &str) -> Self {
        self.node(id, NodeType::Start, "", 0.0, 0.0)
    }
    fn end(self, id: &str) -> Self {
        self.node(id, NodeType::End, "", 0.0, 0.0)
    }
    fn task(self, id: &str, work: f64) -> Self {
        self.node(id, NodeType::Task, "", work, 0.0)
    }
    fn decision(self, id: &str) -> Self {
        self.node(id, NodeType::Decision, "", 0.0, 0.0)
    }
    fn parallel(self, id: &str) -> Self {
        self.node(id, NodeType::Parallel, "", 0.0, 0.0)
    }
    fn edge(mut self, from: &str, to: &str) -> Self {
        let id = format!("e{}", self.doc.edges.len() + 1);
        self.doc.edges.push(Edge::new(id, from, to).into());
        self
    }
    fn chance(mut self, from: &str, to: &str, p: f64) -> Self {
        self = self.edge(from, to);
        self.doc.edges.last_mut().unwrap().probability = Some(p);
        self
    }
    fn path(mut self, ids: &[&str]) -> Self {
        for pair in ids.windows(2) {
            self = self.edge(pair[0], pair[1]);
        }
        self
    }
}

#[test]
fn exclusive_decision_weights_branches_by_probability() {
    // Given Dumas's example: A (10 h), then B (20 h) with p 0.9 or C (10 h) with p 0.1
    let doc = fixture("dumas-decision.json");
    // When it is analysed
    let m = metrics::swimlane(&doc).unwrap();
    // Then the cycle time is 10 + 0.9 × 20 + 0.1 × 10 = 29 h, all of it execution
    assert_eq!(m.time_unit, "h");
    close(m.cycle_time, 29.0);
    close(m.execution, 29.0);
    close(m.delay, 0.0);
    close(m.transfer, 0.0);
    close(m.visits["b"], 0.9);
    close(m.visits["c"], 0.1);
    close(m.visits["end"], 1.0);
    // B and C add value: 0.9 × 20 + 0.1 × 10
    close(m.va_execution, 19.0);
    close(m.value_added_efficiency.unwrap(), 19.0 / 29.0);
    // B sits in another lane: into it and back out, 90 % of the time
    close(m.handoffs, 1.8);
}

#[test]
fn parallel_block_takes_the_longest_branch() {
    let doc = fixture("dumas-parallel.json");
    let m = metrics::swimlane(&doc).unwrap();
    // 10 + max(20, 10)
    close(m.cycle_time, 30.0);
    close(m.execution, 30.0);
    // Both branches run once
    close(m.visits["b"], 1.0);
    close(m.visits["c"], 1.0);
    close(m.visits["join"], 1.0);
    // The block's value-added time is its longest branch's (B, 20 h)
    close(m.va_execution, 20.0);
    // Every branch counts for handoffs and lane load
    close(m.handoffs, 2.0);
    assert_eq!(m.lanes.len(), 2);
    close(m.lanes[0].work, 20.0);
    close(m.lanes[1].work, 20.0);
    assert_eq!(m.critical_path.nodes, ["start", "a", "split", "b", "join", "end"]);
    close(m.critical_path.time, 30.0);
}

#[test]
fn rework_loop_divides_by_one_minus_its_probability() {
    let doc = fixture("rework-loop.json");
    let m = metrics::swimlane(&doc).unwrap();
    // 10 / (1 − 0.2)
    close(m.cycle_time, 12.5);
    close(m.visits["t"], 1.25);
    close(m.visits["d"], 1.25);
    close(m.visits["end"], 1.0);
    // t → d crosses lanes 1.25 times per case, d → t (rework) 0.25 times
    close(m.handoffs, 1.5);
    // The loop-back edge is left out of the critical path
    assert_eq!(m.critical_path.nodes, ["start", "t", "d", "end"]);
    close(m.critical_path.time, 10.0);
}

#[test]
fn rework_loop_of_any_probability_multiplies_time_by_its_expected_repeats() {
    for r in [0.05, 0.3, 0.5, 0.9, 0.99, 0.999] {
        let doc = Flow::new()
            .start("s")
            .task("t", 10.0)
            .decision("d")
            .end("e")
            .path(&["s", "t", "d"])
            .chance("d", "t", r)
            .edge("d", "e")
            .doc;
        let m = metrics::swimlane(&doc).unwrap();
        close(m.cycle_time, 10.0 / (1.0 - r));
        close(m.visits["t"], 1.0 / (1.0 - r));
    }
}

#[test]
fn execution_delay_and_transfer_are_reported_separately() {
    // Given two lanes, a default handoff time of 0.5 h, and edges that override it
    let mut doc = Flow::new()
        .lane("l1")
        .lane("l2")
        .node("s", NodeType::Start, "l1", 0.0, 0.0)
        .node("a", NodeType::Task, "l1", 2.0, 3.0)
        .node("b", NodeType::Task, "l2", 4.0, 1.0)
        .node("c", NodeType::Task, "l2", 1.0, 0.0)
        .node("e", NodeType::End, "l1", 0.0, 0.0)
        .path(&["s", "a", "b", "c", "e"])
        .doc;
    doc.settings.handoff_time = Some(0.5);
    doc.edges[2].transfer = Some(0.25); // b → c, same lane, explicit
    doc.edges[3].transfer = Some(2.0); // c → e, crosses lanes, explicit
                                       // When analysed
    let m = metrics::swimlane(&doc).unwrap();
    // Then execution = 2 + 4 + 1, delay = 3 + 1, transfer = 0.5 (a → b) + 0.25 + 2
    close(m.execution, 7.0);
    close(m.delay, 4.0);
    close(m.transfer, 2.75);
    close(m.cycle_time, 13.75);
    // and the two lane crossings are handoffs, whatever their transfer time
    close(m.handoffs, 2.0);
    close(m.lanes[0].work, 2.0);
    close(m.lanes[0].wait, 3.0);
    close(m.lanes[1].work, 5.0);
    close(m.lanes[1].wait, 1.0);
    // The critical path counts node and transfer times
    close(m.critical_path.time, 13.75);
    // Pareto: a (5 h) and b (5 h) tie, in document order, then c (1 h)
    let ranked: Vec<&str> = m.pareto.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(ranked, ["a", "b", "c"]);
    close(m.pareto[0].share, 5.0 / 11.0);
    close(m.pareto[2].cumulative, 1.0);
}

#[test]
fn littles_law_gives_work_in_progress() {
    // Given 16 cases a day over 8 working hours (2 an hour) and a 12.5 h cycle time
    let mut doc = fixture("rework-loop.json");
    doc.settings.arrivals_per_day = Some(16.0);
    let m = metrics::swimlane(&doc).unwrap();
    // Then 2 × 12.5 = 25 cases are in progress
    close(m.wip.unwrap(), 25.0);

    // The same flow measured in minutes: 2 / h × 12.5 min
    doc.time_unit = TimeUnit::Minutes;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.wip.unwrap(), 2.0 * 12.5 / 60.0);

    // Without an arrival rate there is no WIP
    doc.settings.arrivals_per_day = None;
    assert_eq!(metrics::swimlane(&doc).unwrap().wip, None);
}

#[test]
fn lane_utilisation_compares_demand_with_capacity() {
    // Given one case a day, 12.5 h of clerk work per case, two clerks working 8 h a day
    let mut doc = fixture("rework-loop.json");
    doc.settings.arrivals_per_day = Some(1.0);
    doc.lanes[0].capacity = Some(2.0);
    let m = metrics::swimlane(&doc).unwrap();
    let clerk = &m.lanes[0];
    assert_eq!(clerk.lane, "clerk");
    close(clerk.work, 12.5);
    close(clerk.utilisation.unwrap(), 12.5 / 16.0);
    close(m.lanes[1].utilisation.unwrap(), 0.0);
    // Days are working days of hours_per_day
    doc.settings.hours_per_day = Some(10.0);
    let m = metrics::swimlane(&doc).unwrap();
    close(m.lanes[0].utilisation.unwrap(), 12.5 / 20.0);
}

#[test]
fn critical_path_follows_the_longest_alternative() {
    let m = metrics::swimlane(&fixture("dumas-decision.json")).unwrap();
    assert_eq!(m.critical_path.nodes, ["start", "a", "d", "b", "end"]);
    close(m.critical_path.time, 30.0);
}

#[test]
fn pareto_ranks_activities_by_expected_time() {
    let m = metrics::swimlane(&fixture("dumas-decision.json")).unwrap();
    let ranked: Vec<(&str, f64)> = m.pareto.iter().map(|p| (p.node.as_str(), p.time)).collect();
    assert_eq!(ranked, [("b", 18.0), ("a", 10.0), ("c", 1.0)]);
    close(m.pareto[0].share, 18.0 / 29.0);
    close(m.pareto[1].cumulative, 28.0 / 29.0);
}

#[test]
fn nested_blocks_with_loops_inside_branches_reduce_innermost_first() {
    // Given a parallel block whose first branch holds a rework loop (A, 10 h, repeated with
    // p 0.5: 20 h expected) and whose second branch holds another parallel block
    // (max(B 15 h, C 5 h)) followed by E (3 h): 18 h
    let doc = Flow::new()
        .start("s")
        .parallel("p1")
        .task("a", 10.0)
        .decision("d1")
        .parallel("p2")
        .task("b", 15.0)
        .task("c", 5.0)
        .parallel("j2")
        .task("x", 3.0)
        .parallel("j1")
        .end("e")
        .path(&["s", "p1", "a", "d1"])
        .chance("d1", "a", 0.5)
        .edge("d1", "j1")
        .path(&["p1", "p2", "b", "j2", "x", "j1", "e"])
        .path(&["p2", "c", "j2"])
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.cycle_time, 20.0);
    close(m.visits["a"], 2.0);
    close(m.visits["b"], 1.0);
    close(m.visits["c"], 1.0);
    close(m.visits["x"], 1.0);
    close(m.visits["j1"], 1.0);
    // The critical path ignores loops, so it runs through the nested block (15 + 3 > 10)
    assert_eq!(m.critical_path.nodes, ["s", "p1", "p2", "b", "j2", "x", "j1", "e"]);
}

#[test]
fn a_parallel_block_inside_a_rework_loop_repeats_as_a_whole() {
    // The Dumas parallel block (30 h) redone with probability 0.5
    let doc = Flow::new()
        .start("s")
        .task("a", 10.0)
        .parallel("split")
        .task("b", 20.0)
        .task("c", 10.0)
        .parallel("join")
        .decision("ok")
        .end("e")
        .path(&["s", "a", "split", "b", "join", "ok"])
        .path(&["split", "c", "join"])
        .chance("ok", "a", 0.5)
        .edge("ok", "e")
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.cycle_time, 60.0);
    close(m.visits["b"], 2.0);
    close(m.visits["join"], 2.0);
}

#[test]
fn blocks_sharing_a_join_are_nested() {
    // p1 splits into p2 (B 7 h | C 9 h) and D (4 h); all three meet at one join
    let doc = Flow::new()
        .start("s")
        .parallel("p1")
        .parallel("p2")
        .task("b", 7.0)
        .task("c", 9.0)
        .task("d", 4.0)
        .parallel("j")
        .end("e")
        .path(&["s", "p1", "p2", "b", "j", "e"])
        .path(&["p2", "c", "j"])
        .path(&["p1", "d", "j"])
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.cycle_time, 9.0);
    close(m.visits["d"], 1.0);
    close(m.visits["j"], 1.0);
}

#[test]
fn a_join_that_splits_again_closes_one_block_and_opens_the_next() {
    // max(A 5 h, B 7 h), then at p2 straight into max(C 1 h, D 3 h)
    let doc = Flow::new()
        .start("s")
        .parallel("p1")
        .task("a", 5.0)
        .task("b", 7.0)
        .parallel("p2")
        .task("c", 1.0)
        .task("d", 3.0)
        .parallel("p3")
        .end("e")
        .path(&["s", "p1", "a", "p2", "c", "p3", "e"])
        .path(&["p1", "b", "p2", "d", "p3"])
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.cycle_time, 10.0);
    close(m.visits["p2"], 1.0);
    close(m.visits["d"], 1.0);
    assert_eq!(m.critical_path.nodes, ["s", "p1", "b", "p2", "d", "p3", "e"]);
}

#[test]
fn several_starts_share_the_cases_equally() {
    let doc = Flow::new()
        .start("s1")
        .start("s2")
        .task("a", 10.0)
        .task("b", 20.0)
        .end("e")
        .path(&["s1", "a", "e"])
        .path(&["s2", "b", "e"])
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.cycle_time, 15.0);
    close(m.visits["a"], 0.5);
    close(m.visits["e"], 1.0);
}

#[test]
fn missing_probabilities_share_what_is_left() {
    // 0.5 given, the two others get 0.25 each
    let doc = Flow::new()
        .start("s")
        .decision("d")
        .task("a", 4.0)
        .task("b", 8.0)
        .task("c", 16.0)
        .end("e")
        .path(&["s", "d"])
        .chance("d", "a", 0.5)
        .path(&["d", "b", "e"])
        .path(&["d", "c", "e"])
        .path(&["a", "e"])
        .doc;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.visits["b"], 0.25);
    close(m.cycle_time, 0.5 * 4.0 + 0.25 * 8.0 + 0.25 * 16.0);
}

#[test]
fn value_added_efficiency_is_none_without_time() {
    let doc = Flow::new().start("s").end("e").path(&["s", "e"]).doc;
    let m = metrics::swimlane(&doc).unwrap();
    assert_eq!(m.cycle_time, 0.0);
    assert_eq!(m.value_added_efficiency, None);
    assert!(m.pareto.is_empty());
}

#[test]
fn value_classification_counts_only_value_adding_work() {
    let mut doc = Flow::new().start("s").task("a", 6.0).task("b", 2.0).end("e").path(&["s", "a", "b", "e"]).doc;
    doc.nodes[1].value = Some(ValueClass::Va);
    doc.nodes[2].value = Some(ValueClass::Nva);
    doc.nodes[2].wait = 4.0;
    let m = metrics::swimlane(&doc).unwrap();
    close(m.va_execution, 6.0);
    close(m.value_added_efficiency.unwrap(), 0.5);
}

#[test]
fn acme_stamping_current_state() {
    // Given the Acme Stamping current-state map of Learning to See
    let doc = fixture("acme-stamping.json");
    // When it is analysed
    let m = metrics::vsm(&doc).unwrap();
    // Then takt is 55,200 s / 920 = 60 s
    close(m.takt_seconds, 60.0);
    // processing time is 1 + 39 + 46 + 62 + 40 = 188 s
    close(m.processing_seconds, 188.0);
    // lead time is about 23.6 days
    assert!((m.lead_time_days - 23.6).abs() < 0.05, "lead time {}", m.lead_time_days);
    let inventory = 5.0 + (7000.0 + 1700.0 + 2450.0 + 1840.0 + 4140.0) / 920.0;
    close(m.inventory_days_total, inventory);
    close(m.lead_time_days, inventory + 188.0 / 55200.0);
    close(m.pce.unwrap(), 188.0 / (m.lead_time_days * 55200.0));
    // and Assembly #1 (62 s) is the bottleneck, over takt
    let b = m.bottleneck.as_ref().unwrap();
    assert_eq!(b.node, "asm1");
    close(b.cycle_time, 62.0);
    assert!(b.over_takt);
    // The ladder pairs each process with the inventory before it, supplier to customer
    let ladder: Vec<(Option<&str>, Option<&str>)> =
        m.timeline.iter().map(|s| (s.inventory.as_deref(), s.process.as_deref())).collect();
    assert_eq!(
        ladder,
        [
            (Some("coils"), Some("stamping")),
            (Some("i1"), Some("weld1")),
            (Some("i2"), Some("weld2")),
            (Some("i3"), Some("asm1")),
            (Some("i4"), Some("asm2")),
            (Some("shipping"), None),
        ]
    );
    close(m.timeline[0].wait_days, 5.0);
    close(m.timeline[5].wait_days, 4.5);
    let order: Vec<&str> = m.processes.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(order, ["stamping", "weld1", "weld2", "asm1", "asm2"]);
    assert_eq!(m.processes.iter().filter(|p| p.over_takt).count(), 1);
    // The book gives no %C&A
    assert_eq!(m.rolled_pca, None);
    assert_eq!(m.pca_missing.len(), 5);
}

#[test]
fn rolled_pca_is_the_product_of_every_step() {
    let mut doc = fixture("acme-stamping.json");
    for (id, pca) in [("stamping", 0.9), ("weld1", 0.8), ("weld2", 0.5)] {
        doc.node_mut(id).unwrap().pca = Some(pca);
    }
    let m = metrics::vsm(&doc).unwrap();
    close(m.rolled_pca.unwrap(), 0.36);
    assert_eq!(m.pca_missing, ["asm1", "asm2"]);
}

#[test]
fn shipment_days_add_to_lead_time() {
    let mut doc = fixture("acme-stamping.json");
    let before = metrics::vsm(&doc).unwrap().lead_time_days;
    doc.node_mut("truck-out").unwrap().days = Some(1.5);
    let m = metrics::vsm(&doc).unwrap();
    close(m.shipment_days_total, 1.5);
    close(m.lead_time_days, before + 1.5);
    assert_eq!(m.timeline.last().unwrap().inventory.as_deref(), Some("truck-out"));
}

#[test]
fn sipoc_counts_columns_and_link_coverage() {
    let mut doc = Document::new(Kind::Sipoc, "Purchasing 采购");
    for (id, kind) in [
        ("sup", NodeType::Supplier),
        ("in1", NodeType::Input),
        ("in2", NodeType::Input),
        ("st1", NodeType::Step),
        ("st2", NodeType::Step),
        ("st3", NodeType::Step),
        ("out", NodeType::Output),
    ] {
        doc.nodes.push(Node::new(id, kind, id, 0.0, 0.0).into());
    }
    for (i, (a, b)) in
        [("sup", "in1"), ("in1", "st1"), ("st2", "in2"), ("st1", "st2"), ("st3", "out")].iter().enumerate()
    {
        doc.edges.push(Edge::new(format!("e{i}"), *a, *b).into());
    }
    let m = metrics::sipoc(&doc);
    assert_eq!((m.suppliers, m.inputs, m.steps, m.outputs, m.customers), (1, 2, 3, 1, 0));
    close(m.inputs_with_supplier.unwrap(), 0.5);
    // Linked in either direction: st2 – in2 counts
    close(m.steps_with_input.unwrap(), 2.0 / 3.0);
    close(m.steps_with_output.unwrap(), 1.0 / 3.0);
    close(m.outputs_with_customer.unwrap(), 0.0);
    // No customer column: nothing to share
    let empty = metrics::sipoc(&Document::new(Kind::Sipoc, ""));
    assert_eq!(empty.steps_with_input, None);
}

#[test]
fn compute_dispatches_on_kind_and_tags_the_json() {
    let m = metrics::compute(&fixture("dumas-decision.json")).unwrap();
    assert!(matches!(m, Metrics::Swimlane(_)));
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["kind"], "swimlane");
    assert_eq!(json["time_unit"], "h");
    assert_eq!(json["critical_path"]["nodes"][0], "start");
    assert_eq!(json["visits"]["b"], 0.9);
    assert!(json["wip"].is_null());

    let json = serde_json::to_value(metrics::compute(&fixture("acme-stamping.json")).unwrap()).unwrap();
    assert_eq!(json["kind"], "vsm");
    assert_eq!(json["bottleneck"]["node"], "asm1");

    let json = serde_json::to_value(metrics::compute(&Document::new(Kind::Sipoc, "")).unwrap()).unwrap();
    assert_eq!(json["kind"], "sipoc");
}
