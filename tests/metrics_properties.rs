//! Properties of the swimlane metrics on random flows: without loops (DAGs with decisions),
//! checked against a direct recursion over the same flow; with rework loops, checked against the
//! balance equations the expected visits must satisfy.

use procmod::metrics;
use procmod::model::{Document, Edge, Kind, Lane, Node, NodeType};
use proptest::prelude::*;

/// One node's description: type is a decision when it has several ways out.
#[derive(Debug, Clone)]
struct Spec {
    work: f64,
    wait: f64,
    lane: usize,
    /// (target offset ≥ 1, probability weight, whether the probability is given, transfer)
    ways: Vec<(usize, f64, bool, Option<f64>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0.0..10.0f64,
        prop_oneof![Just(0.0), 0.0..5.0f64],
        0..3usize,
        prop::collection::vec((1..6usize, 0.05..1.0f64, any::<bool>(), prop::option::of(0.0..2.0f64)), 1..4),
    )
        .prop_map(|(work, wait, lane, ways)| Spec { work, wait, lane, ways })
}

/// A flow: node 0 starts, the last node ends, every other node leads only forward, so every
/// node can finish and there is no loop.
fn document(specs: &[Spec], handoff: Option<f64>) -> Document {
    flow(specs, handoff, &vec![0; specs.len()])
}

/// Like [`document`], but node `i`'s ways after the first go back `back[i - 1]` steps further
/// than their offset says, so later ways may loop back; the first way always leads forward, so
/// every node can still finish.
fn flow(specs: &[Spec], handoff: Option<f64>, back: &[usize]) -> Document {
    let n = specs.len() + 2;
    let mut doc = Document::new(Kind::Swimlane, "random");
    doc.settings.handoff_time = handoff;
    for l in 0..3 {
        doc.lanes.push(Lane::new(format!("l{l}"), format!("Lane {l}")));
    }
    let id = |i: usize| format!("n{i}");
    for i in 0..n {
        let (kind, spec) = match i {
            0 => (NodeType::Start, None),
            _ if i == n - 1 => (NodeType::End, None),
            _ => {
                let s = &specs[i - 1];
                (if s.ways.len() > 1 { NodeType::Decision } else { NodeType::Task }, Some(s))
            }
        };
        let mut node = Node::new(id(i), kind, "", i as f64 * 160.0, 0.0);
        if let Some(s) = spec {
            node.work = s.work;
            node.wait = s.wait;
            node.lane = Some(format!("l{}", s.lane));
        }
        doc.nodes.push(node.into());
    }
    doc.edges.push(Edge::new("e0", id(0), id(1)).into());
    for (k, s) in specs.iter().enumerate() {
        let i = k + 1;
        let total: f64 = s.ways.iter().map(|w| w.1).sum();
        // At least one way keeps its probability open so the given ones never exceed 1.
        let last = s.ways.len() - 1;
        for (w, &(offset, weight, given, transfer)) in s.ways.iter().enumerate() {
            let target = if w == 0 { i + offset } else { (i + offset).saturating_sub(back[k]).max(1) };
            let mut edge = Edge::new(format!("e{}", doc.edges.len()), id(i), id(target.min(n - 1)));
            if given && w != last {
                edge.probability = Some(weight / total);
            }
            edge.transfer = transfer;
            doc.edges.push(edge.into());
        }
    }
    doc
}

/// Probabilities of the ways out of a node, by the documented rule, computed independently.
fn probabilities(doc: &Document, from: &str) -> Vec<(usize, f64, f64)> {
    let edges: Vec<&Edge> = doc.outgoing(from).collect();
    let given: f64 = edges.iter().filter_map(|e| e.probability).sum();
    let missing = edges.iter().filter(|e| e.probability.is_none()).count();
    let lane = |id: &str| doc.node(id).unwrap().lane.clone();
    edges
        .iter()
        .map(|e| {
            let p = e.probability.unwrap_or((1.0 - given) / missing as f64);
            let crosses = matches!((lane(&e.from), lane(&e.to)), (Some(a), Some(b)) if a != b);
            let transfer = e.transfer.unwrap_or(if crosses { doc.settings.handoff_time.unwrap_or(0.0) } else { 0.0 });
            (doc.node_index(&e.to).unwrap(), p, transfer)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn cycle_time_adds_up_and_matches_the_direct_recursion(
        specs in prop::collection::vec(spec(), 1..25),
        handoff in prop::option::of(0.0..3.0f64),
    ) {
        let doc = document(&specs, handoff);
        let m = metrics::swimlane(&doc).expect("a forward flow can always be measured");

        prop_assert!(m.va_execution <= m.execution + 1e-9);
        for (id, v) in m.visits.iter() {
            prop_assert!(v >= 0.0, "{} visited {} times", id, v);
        }

        // Expected time from each node to the end, backwards, part by part (execution, delay,
        // transfer); visits forwards.
        let n = doc.nodes.len();
        let mut rest = vec![[0.0f64; 3]; n];
        let mut visits = vec![0.0; n];
        visits[0] = 1.0;
        for i in (0..n).rev() {
            let node = &doc.nodes[i];
            let mut r = [node.work, node.wait, 0.0];
            for (j, p, t) in probabilities(&doc, &node.id) {
                r[0] += p * rest[j][0];
                r[1] += p * rest[j][1];
                r[2] += p * (t + rest[j][2]);
            }
            rest[i] = r;
        }
        let total = rest[0][0] + rest[0][1] + rest[0][2];
        let tolerance = 1e-9 * total.max(1.0);
        for (part, expected) in [(m.execution, rest[0][0]), (m.delay, rest[0][1]), (m.transfer, rest[0][2])] {
            prop_assert!((part - expected).abs() < tolerance, "{} vs {}", part, expected);
        }
        for i in 0..n {
            for (j, p, _) in probabilities(&doc, &doc.nodes[i].id) {
                visits[j] += visits[i] * p;
            }
        }
        prop_assert!((m.cycle_time - total).abs() < tolerance, "{} vs {}", m.cycle_time, total);
        for (i, node) in doc.nodes.iter().enumerate() {
            prop_assert!((m.visits[&node.id] - visits[i]).abs() < 1e-9);
        }
        // Every case ends
        prop_assert!((m.visits[&doc.nodes[n - 1].id] - 1.0).abs() < 1e-9);

        // Without parallel blocks, the Pareto total is the expected activity time; and an
        // expectation over paths never exceeds the longest path
        let pareto: f64 = m.pareto.iter().map(|p| p.time).sum();
        prop_assert!((pareto - (m.execution + m.delay)).abs() < tolerance);
        prop_assert!(m.critical_path.time + tolerance >= m.cycle_time);
        prop_assert_eq!(m.critical_path.nodes.first().map(String::as_str), Some("n0"));
    }

    #[test]
    fn visits_balance_on_flows_with_rework_loops(
        (specs, back) in prop::collection::vec(spec(), 1..40)
            .prop_flat_map(|specs| {
                let n = specs.len();
                (Just(specs), prop::collection::vec(0..8usize, n))
            }),
        handoff in prop::option::of(0.0..3.0f64),
    ) {
        let doc = flow(&specs, handoff, &back);
        let m = metrics::swimlane(&doc).expect("every node has a way forward");

        // v = e_start + Pᵀ v, and each part of the cycle time is what the visits cost
        let n = doc.nodes.len();
        let v: Vec<f64> = doc.nodes.iter().map(|node| m.visits[&node.id]).collect();
        let mut inflow = vec![0.0; n];
        inflow[0] = 1.0;
        let (mut execution, mut delay, mut transfer) = (0.0, 0.0, 0.0);
        for (i, node) in doc.nodes.iter().enumerate() {
            prop_assert!(v[i] >= 0.0);
            execution += v[i] * node.work;
            delay += v[i] * node.wait;
            for (j, p, t) in probabilities(&doc, &node.id) {
                inflow[j] += v[i] * p;
                transfer += v[i] * p * t;
            }
        }
        for (part, expected) in [(m.execution, execution), (m.delay, delay), (m.transfer, transfer)] {
            prop_assert!((part - expected).abs() < 1e-8 * expected.max(1.0), "{} vs {}", part, expected);
        }
        let cost = execution + delay + transfer;
        for i in 0..n {
            prop_assert!((v[i] - inflow[i]).abs() < 1e-8 * v[i].max(1.0), "node {}: {} vs {}", i, v[i], inflow[i]);
        }
        prop_assert!((m.cycle_time - cost).abs() < 1e-8 * cost.max(1.0), "{} vs {}", m.cycle_time, cost);
        prop_assert!((v[n - 1] - 1.0).abs() < 1e-8);
    }
}
