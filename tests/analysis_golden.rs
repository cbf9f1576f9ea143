//! Golden results of validation and metrics on generated flows, damaged in many ways, so that
//! reworking the analysis for speed cannot silently change a finding or a figure.
//!
//! `tests/fixtures/analysis-golden.json` holds the expected findings and metrics (or metrics
//! error) of every case. After a deliberate change of behaviour, regenerate it with
//! `PROCMOD_BLESS=1 cargo test --test analysis_golden` and review the diff.

use procmod::model::{Document, Edge, NodeType};
use procmod::sample::{self, Rng};
use procmod::{metrics, validate};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Applies `count` random edits of the kinds that trip the rules: removed or duplicated edges,
/// dangling ends, changed node types, blank labels, reused ids, missing lanes, odd
/// probabilities, new edges between random nodes.
/// With `mild`, only edits that usually leave the flow analysable (duplicated or new edges,
/// blank labels, missing lanes), so that the metrics are compared too.
fn damage(doc: &mut Document, rng: &mut Rng, count: usize, mild: bool) {
    const TYPES: [NodeType; 7] = [
        NodeType::Parallel,
        NodeType::Decision,
        NodeType::End,
        NodeType::Start,
        NodeType::Task,
        NodeType::Customer,
        NodeType::Form,
    ];
    for k in 0..count {
        let (n, m) = (doc.nodes.len(), doc.edges.len());
        let edit = if mild { [1, 4, 6, 8][rng.below(4)] } else { rng.below(10) };
        match edit {
            0 if m > 0 => {
                doc.edges.remove(rng.below(m));
            }
            1 if m > 0 => {
                let mut e = doc.edges[rng.below(m)].clone();
                e.id = format!("dup{k}");
                doc.edges.push(e);
            }
            2 if m > 0 => {
                let e = rng.below(m);
                doc.edges[e].to = format!("missing{k}");
            }
            3 => doc.nodes[rng.below(n)].kind = TYPES[rng.below(TYPES.len())],
            4 => doc.nodes[rng.below(n)].label = " ".into(),
            5 => {
                let (a, b) = (rng.below(n), rng.below(n));
                doc.nodes[a].id = doc.nodes[b].id.clone();
            }
            6 => doc.nodes[rng.below(n)].lane = Some(format!("nolane{k}")),
            7 if m > 0 => {
                let e = rng.below(m);
                doc.edges[e].probability = Some([0.0, 0.5, 1.2, -0.1, 0.9][rng.below(5)]);
            }
            8 => {
                let (a, b) = (rng.below(n), rng.below(n));
                let (from, to) = (doc.nodes[a].id.clone(), doc.nodes[b].id.clone());
                doc.edges.push(Edge::new(format!("new{k}"), from, to).into());
            }
            _ => doc.edges.push(Edge::new(format!("e-lane{k}"), doc.nodes[rng.below(n)].id.clone(), "lane1").into()),
        }
    }
}

/// Every case: (name, document).
fn cases() -> Vec<(String, Document)> {
    let mut cases = Vec::new();
    for (n, seed) in [(12, 1), (60, 2), (250, 3)] {
        cases.push((format!("sample {n}/{seed}"), sample::swimlane(n, 6, seed)));
    }
    for seed in 0..40u64 {
        let n = [15, 30, 60, 100][seed as usize % 4];
        let mut doc = sample::swimlane(n, 4, seed);
        let mut rng = Rng(seed);
        let (edits, mild) = (1 + rng.below(6), seed % 2 == 1);
        damage(&mut doc, &mut rng, edits, mild);
        let how = if mild { "mild" } else { "any" };
        cases.push((format!("damaged {n}/{seed} ({edits} {how} edits)"), doc));
    }
    cases
}

/// The results of every case as JSON text: one line per finding and one for the metrics, so
/// that a difference points at the finding or case concerned.
fn results() -> String {
    let mut text = String::from("[\n");
    for (k, (name, doc)) in cases().into_iter().enumerate() {
        let metrics = match metrics::swimlane(&doc) {
            Ok(m) => json!({ "ok": m }),
            Err(e) => json!({ "error": e.message(&doc).to_string() }),
        };
        let findings: Vec<String> = validate::validate(&doc).iter().map(compact).collect();
        let sep = if k == 0 { "" } else { ",\n" };
        text += &format!(
            "{sep}{{\"case\": {},\n \"findings\": [\n  {}],\n \"metrics\": {}}}",
            Value::from(name),
            findings.join(",\n  "),
            compact(&metrics)
        );
    }
    text + "\n]\n"
}

/// Compact JSON of anything serialisable.
fn compact(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("results serialise")
}

#[test]
fn analysis_results_match_the_golden_file() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/analysis-golden.json");
    let actual = results();
    if std::env::var_os("PROCMOD_BLESS").is_some() {
        std::fs::write(&path, actual).expect("golden file is writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Compared as text, so that every figure must match to the last digit.
    if let Some((line, (e, a))) = expected.lines().zip(actual.lines()).enumerate().find(|(_, (e, a))| e != a) {
        panic!("line {}: expected\n{e}\nfound\n{a}", line + 1);
    }
    assert_eq!(expected.lines().count(), actual.lines().count(), "number of lines");
}
