//! The generated sample flows (used by the benchmarks) can be analysed, and a reviewer would
//! accept them.

use procmod::validate::validate;
use procmod::{metrics, sample};

#[test]
fn generated_flows_are_analysable() {
    for (n, seed) in [(10, 1), (100, 2), (1_000, 3), (1_000, 4), (10_000, 5)] {
        // Given a generated flow with decisions, rework loops and parallel blocks
        let doc = sample::swimlane(n, 6, seed);
        // When it is analysed
        let m = metrics::swimlane(&doc).unwrap_or_else(|e| panic!("{n} nodes, seed {seed}: {e:?}"));
        // Then it takes time, every case ends, and nothing is visited a negative number of times
        assert!(m.cycle_time > 0.0, "{n} nodes, seed {seed}");
        assert!((m.visits[&doc.nodes.last().unwrap().id] - 1.0).abs() < 1e-9);
        assert!(m.visits.values().all(|&v| v >= 0.0));
        assert_eq!(m.critical_path.nodes.first(), Some(&doc.nodes[0].id));
    }
}

#[test]
fn generated_flows_pass_validation() {
    for seed in 1..4 {
        let doc = sample::swimlane(2_000, 6, seed);
        // Exclusive branches and rework loops meet at merge gateways, never straight at a task,
        // so not even a warning (fake-join) is left.
        let findings = validate(&doc);
        assert!(findings.is_empty(), "seed {seed}: {:?}", &findings[..findings.len().min(3)]);
    }
}
