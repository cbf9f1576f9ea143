//! Validation rules, tested the bpmnlint way: every rule has a `.valid` and an `.invalid`
//! fixture under `tests/fixtures/validate/`.

use procmod::model::{Document, Kind};
use procmod::validate::{rule_ids, validate, Finding, Severity};
use std::collections::BTreeSet;
use std::path::PathBuf;

const KINDS: [Kind; 3] = [Kind::Sipoc, Kind::Swimlane, Kind::Vsm];

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

fn fixture(name: &str) -> Document {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn findings_of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// Every rule id of every kind, each once.
fn all_rule_ids() -> BTreeSet<&'static str> {
    KINDS
        .iter()
        .flat_map(|&kind| rule_ids(kind).iter().copied())
        .collect()
}

/// The severity each rule reports with; a new rule must be added here on purpose.
fn expected_severity(rule: &str) -> Severity {
    use Severity::*;
    match rule {
        "duplicate-id" | "node-type-for-kind" | "edge-to-missing-node" => Error,
        "start-required" | "end-required" | "no-disconnected" => Error,
        "unreachable-from-start" | "cannot-reach-end" => Error,
        "decision-needs-two-ways" | "probabilities-sum" | "parallel-split-needs-join" => Error,
        "decision-labels" | "superfluous-gateway" | "fake-join" => Warning,
        "no-duplicate-edges" | "task-without-lane" | "label-required" => Warning,
        "sipoc-link-direction" => Error,
        "empty-column" | "input-without-supplier" | "output-without-customer" => Warning,
        "step-count" => Warning,
        "demand-required" | "process-without-cycle-time" => Error,
        "cycle-time-over-takt" | "inventory-without-quantity" => Warning,
        other => panic!("no expected severity for rule {other}"),
    }
}

#[test]
fn every_rule_flags_its_invalid_fixture_and_accepts_its_valid_one() {
    for rule in all_rule_ids() {
        // given the rule's two fixtures
        let invalid = fixture(&format!("{rule}.invalid.json"));
        let valid = fixture(&format!("{rule}.valid.json"));
        assert!(
            rule_ids(invalid.kind).contains(&rule),
            "{rule}.invalid.json is of a kind the rule does not check"
        );
        assert!(
            rule_ids(valid.kind).contains(&rule),
            "{rule}.valid.json is of a kind the rule does not check"
        );

        // when they are validated
        let on_invalid = validate(&invalid);
        let on_valid = validate(&valid);

        // then the invalid one has a finding of that rule, with the rule's severity
        let hits = findings_of(&on_invalid, rule);
        assert!(
            !hits.is_empty(),
            "{rule}.invalid.json: no {rule} finding in {on_invalid:#?}"
        );
        for hit in hits {
            assert_eq!(hit.severity, expected_severity(rule), "{rule}: {hit:?}");
            assert!(
                !hit.message.is_empty() && !hit.message_zh.is_empty(),
                "{rule}: {hit:?}"
            );
        }
        // and the valid one has none
        let hits = findings_of(&on_valid, rule);
        assert!(hits.is_empty(), "{rule}.valid.json: unexpected {hits:#?}");
    }
}

#[test]
fn every_fixture_file_belongs_to_a_rule() {
    let rules = all_rule_ids();
    for entry in std::fs::read_dir(fixture_dir()).expect("fixture directory exists") {
        let name = entry
            .expect("fixture entry")
            .file_name()
            .into_string()
            .expect("utf-8 name");
        let rule = name
            .strip_suffix(".valid.json")
            .or_else(|| name.strip_suffix(".invalid.json"))
            .unwrap_or_else(|| panic!("{name} is not named <rule-id>.(in)valid.json"));
        assert!(rules.contains(rule), "{name} names no rule");
    }
}

#[test]
fn given_a_clean_diagram_of_each_kind_then_nothing_is_reported() {
    // The base documents the other fixtures vary: a purchase request (swimlane), its SIPOC, and
    // a value stream running under takt.
    for name in [
        "start-required.valid.json",
        "step-count.valid.json",
        "cycle-time-over-takt.valid.json",
    ] {
        let findings = validate(&fixture(name));
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn given_an_empty_document_of_each_kind_when_validated_then_nothing_panics() {
    for kind in KINDS {
        let findings = validate(&Document::new(kind, ""));
        assert!(
            findings.iter().all(|f| f.elements.is_empty()),
            "{kind:?}: {findings:#?}"
        );
    }
}
