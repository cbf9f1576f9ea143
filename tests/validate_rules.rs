//! Validation rules, tested the bpmnlint way: every rule has a `.valid` and an `.invalid`
//! fixture under `tests/fixtures/validate/`, plus focused tests for the rules with subtle
//! behaviour (loops, partial probabilities, parallel joins, malformed documents).

use procmod::i18n::Lang;
use procmod::model::{Document, Edge, Kind, Node, NodeType};
use procmod::validate::{rule_ids, validate, Finding, Severity};
use proptest::prelude::*;
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

fn doc(json: &str) -> Document {
    serde_json::from_str(json).expect("test document parses")
}

fn findings_of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// Every rule id of every kind, each once.
fn all_rule_ids() -> BTreeSet<&'static str> {
    KINDS.iter().flat_map(|&kind| rule_ids(kind).iter().copied()).collect()
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

/// What each rule must report on its invalid fixture, exactly: the message code and the
/// elements of every finding, in order (as bpmnlint's RuleTester states them).
fn expected_findings() -> serde_json::Map<String, serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate-expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("expectations are JSON")
}

#[test]
fn every_rule_reports_exactly_the_expected_elements_of_its_invalid_fixture_and_nothing_on_its_valid_one() {
    let expected = expected_findings();
    let mut actual = serde_json::Map::new();
    for rule in all_rule_ids() {
        // given the rule's two fixtures
        let invalid = fixture(&format!("{rule}.invalid.json"));
        let valid = fixture(&format!("{rule}.valid.json"));
        assert!(rule_ids(invalid.kind).contains(&rule), "{rule}.invalid.json is of a kind the rule does not check");
        assert!(rule_ids(valid.kind).contains(&rule), "{rule}.valid.json is of a kind the rule does not check");

        // when they are validated
        let on_invalid = validate(&invalid);
        let on_valid = validate(&valid);

        // then the invalid one has exactly the expected findings of that rule, with its severity
        let hits = findings_of(&on_invalid, rule);
        assert!(!hits.is_empty(), "{rule}.invalid.json: no {rule} finding in {on_invalid:#?}");
        for hit in &hits {
            assert_eq!(hit.severity, expected_severity(rule), "{rule}: {hit:?}");
        }
        let reported: Vec<serde_json::Value> =
            hits.iter().map(|f| serde_json::json!({ "code": f.message.code, "elements": f.elements })).collect();
        actual.insert(rule.to_string(), serde_json::Value::Array(reported));
        // and the valid one has none
        let hits = findings_of(&on_valid, rule);
        assert!(hits.is_empty(), "{rule}.valid.json: unexpected {hits:#?}");
    }
    if std::env::var_os("PROCMOD_BLESS").is_some() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate-expected.json");
        std::fs::write(path, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
        return;
    }
    for (rule, findings) in &actual {
        assert_eq!(Some(findings), expected.get(rule), "{rule}: reported (left) and expected (right)");
    }
    assert_eq!(actual.len(), expected.len(), "every rule has expectations, and only rules");
}

#[test]
fn every_fixture_file_belongs_to_a_rule() {
    let rules = all_rule_ids();
    for entry in std::fs::read_dir(fixture_dir()).expect("fixture directory exists") {
        let name = entry.expect("fixture entry").file_name().into_string().expect("utf-8 name");
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
    for name in ["start-required.valid.json", "step-count.valid.json", "cycle-time-over-takt.valid.json"] {
        let findings = validate(&fixture(name));
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn given_an_empty_document_of_each_kind_when_validated_then_nothing_panics() {
    for kind in KINDS {
        let findings = validate(&Document::new(kind, ""));
        assert!(findings.iter().all(|f| f.elements.is_empty()), "{kind:?}: {findings:#?}");
    }
}

// ---- ordering and messages ------------------------------------------------------------------

#[test]
fn findings_are_sorted_errors_first_then_by_rule_order() {
    // given a diagram with both warnings (unlabelled ways out) and errors (no end)
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"s","type":"start"},{"id":"d","type":"decision","label":"OK?","lane":"x"},
                 {"id":"a","type":"task","label":"A"},{"id":"b","type":"task","label":"B"}],
        "edges":[{"id":"e1","from":"s","to":"d"},{"id":"e2","from":"d","to":"a"},{"id":"e3","from":"d","to":"b"}]}"#);
    // when validated
    let findings = validate(&d);
    // then severities never go back from warning to error
    let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    // and within a severity, rules come in the order rule_ids lists them
    let order = rule_ids(Kind::Swimlane);
    let position = |f: &Finding| order.iter().position(|r| *r == f.rule).expect("known rule");
    for pair in findings.windows(2) {
        if pair[0].severity == pair[1].severity {
            assert!(position(&pair[0]) <= position(&pair[1]), "{pair:#?}");
        }
    }
    assert_eq!(findings.first().map(|f| f.rule), Some("end-required"));
}

#[test]
fn given_a_decision_with_one_way_out_then_the_message_names_it_in_both_languages() {
    let findings = validate(&fixture("decision-needs-two-ways.invalid.json"));
    let hit = findings_of(&findings, "decision-needs-two-ways")[0];
    assert_eq!(hit.elements, ["d1"]);
    assert_eq!(hit.message.render(Lang::En), "Decision “Approved?” has only one way out");
    assert_eq!(hit.message.render(Lang::Zh), "判断“Approved?”只有一个出口");
}

#[test]
fn given_an_exclusive_merge_then_neither_decision_nor_fake_join_rules_report_it() {
    // given approved and rejected branches brought together by a decision m1 (two ways in, one out)
    let findings = validate(&fixture("decision-needs-two-ways.valid.json"));
    // then nothing is reported: this is the merge fake-join asks for
    assert!(findings.is_empty(), "{findings:#?}");

    // but given the same merge with its way out removed, it is a dead end, still reported
    let mut dead_end = fixture("decision-needs-two-ways.valid.json");
    dead_end.edges.retain(|e| e.id != "e7");
    let findings = validate(&dead_end);
    let hit = findings_of(&findings, "decision-needs-two-ways");
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].elements, ["m1"]);
}

#[test]
fn given_an_unlabelled_task_then_the_message_names_it_by_id() {
    let findings = validate(&fixture("label-required.invalid.json"));
    let hit = findings_of(&findings, "label-required")[0];
    assert_eq!(hit.elements, ["t1"]);
    assert_eq!(hit.message.render(Lang::En), "Task [t1] has no label");
    assert_eq!(hit.message.render(Lang::Zh), "任务[t1]没有名称");
}

#[test]
fn findings_serialize_with_lowercase_severity() {
    let findings = validate(&fixture("decision-needs-two-ways.invalid.json"));
    let json = serde_json::to_value(&findings[0]).expect("finding serializes");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["rule"], findings[0].rule);
}

// ---- reachability -----------------------------------------------------------------------------

#[test]
fn given_a_loop_with_no_exit_then_its_nodes_are_reported_together_in_one_finding() {
    // given Revise ⇄ Review, entered from a decision but never left
    let findings = validate(&fixture("cannot-reach-end.invalid.json"));
    // then exactly one cannot-reach-end finding names both nodes of the loop
    let hits = findings_of(&findings, "cannot-reach-end");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].elements, ["t1", "t2"]);
    assert_eq!(
        hits[0].message.render(Lang::En),
        "The loop through task “Revise”, task “Review” has no way out to an end"
    );
    // and the loop's nodes are reachable, so nothing else is said about them
    assert!(findings_of(&findings, "unreachable-from-start").is_empty());
}

#[test]
fn given_dead_ends_and_a_self_loop_then_each_stuck_node_or_loop_is_one_finding() {
    // given s → a → b (dead end), a → c ⇄ c (self-loop), and s → end
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"s","type":"start"},{"id":"a","type":"parallel"},{"id":"b","type":"task","label":"B"},
                 {"id":"c","type":"task","label":"C"},{"id":"end","type":"end"}],
        "edges":[{"id":"e0","from":"s","to":"end"},{"id":"e1","from":"s","to":"a"},{"id":"e2","from":"a","to":"b"},
                 {"id":"e3","from":"a","to":"c"},{"id":"e4","from":"c","to":"c"}]}"#);
    let findings = validate(&d);
    let hits = findings_of(&findings, "cannot-reach-end");
    // then a, b and the self-loop c are reported, in document order, c as a loop
    let elements: Vec<_> = hits.iter().map(|f| f.elements.clone()).collect();
    assert_eq!(elements, [vec!["a"], vec!["b"], vec!["c"]]);
    assert!(hits[2].message.render(Lang::En).starts_with("The loop through"), "{}", hits[2].message);
    assert!(hits[1].message.render(Lang::En).starts_with("No end can be reached from task “B”"), "{}", hits[1].message);
}

#[test]
fn given_no_start_then_reachability_is_not_reported_node_by_node() {
    let findings = validate(&fixture("start-required.invalid.json"));
    assert!(findings_of(&findings, "unreachable-from-start").is_empty(), "{findings:#?}");
}

#[test]
fn given_an_isolated_node_then_only_no_disconnected_reports_it() {
    let findings = validate(&fixture("no-disconnected.invalid.json"));
    let about_t3: Vec<_> = findings.iter().filter(|f| f.elements.iter().any(|e| e == "t3")).map(|f| f.rule).collect();
    // task-without-lane and label-required have nothing to say: t3 has a lane and a label
    assert_eq!(about_t3, ["no-disconnected"]);
}

// ---- probabilities ----------------------------------------------------------------------------

/// A decision with three ways out carrying the given probabilities (`null` for none).
fn decision_with(p: [&str; 3]) -> Document {
    doc(&format!(
        r#"{{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{{"id":"s","type":"start"}},{{"id":"d","type":"decision","label":"审批"}},{{"id":"end","type":"end"}}],
        "edges":[{{"id":"e0","from":"s","to":"d"}},
                 {{"id":"a","from":"d","to":"end","label":"通过","probability":{}}},
                 {{"id":"b","from":"d","to":"end","label":"未通过","probability":{}}},
                 {{"id":"c","from":"d","to":"end","label":"补充","probability":{}}}]}}"#,
        p[0], p[1], p[2]
    ))
}

fn probability_findings(p: [&str; 3]) -> Vec<Finding> {
    validate(&decision_with(p)).into_iter().filter(|f| f.rule == "probabilities-sum").collect()
}

#[test]
fn given_some_probabilities_missing_and_the_rest_within_100_percent_then_it_is_accepted() {
    assert!(probability_findings(["0.5", "0.3", "null"]).is_empty());
    // the missing way gets nothing, which is allowed (not negative)
    assert!(probability_findings(["0.6", "0.4", "null"]).is_empty());
    assert!(probability_findings(["null", "null", "null"]).is_empty());
}

#[test]
fn given_some_probabilities_missing_and_the_rest_over_100_percent_then_the_decision_is_reported() {
    let hits = probability_findings(["0.7", "0.4", "null"]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].elements, ["d", "a", "b", "c"]);
    assert!(hits[0].message.render(Lang::En).contains("110%"), "{}", hits[0].message);
}

#[test]
fn given_all_probabilities_then_they_must_sum_to_one_within_tolerance() {
    assert!(probability_findings(["0.333", "0.333", "0.3335"]).is_empty());
    let hits = probability_findings(["0.5", "0.2", "0.2"]);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].message.render(Lang::En).contains("sum to 90%"), "{}", hits[0].message);
    assert!(hits[0].message.render(Lang::Zh).contains("90%"), "{}", hits[0].message.render(Lang::Zh));
}

#[test]
fn given_a_probability_out_of_range_then_that_way_is_reported_and_not_the_sum() {
    let hits = probability_findings(["1.5", "-0.5", "null"]);
    let elements: Vec<_> = hits.iter().map(|f| f.elements.clone()).collect();
    assert_eq!(elements, [vec!["a"], vec!["b"]]);
}

// ---- parallel blocks ---------------------------------------------------------------------------

#[test]
fn given_a_parallel_split_joined_by_a_decision_then_split_and_merge_are_reported() {
    // given p splits into A and B, which both run into a decision
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"s","type":"start"},{"id":"p","type":"parallel"},
                 {"id":"a","type":"task","label":"A"},{"id":"b","type":"task","label":"B"},
                 {"id":"m","type":"decision","label":"齐套?"},{"id":"end","type":"end"},{"id":"x","type":"end"}],
        "edges":[{"id":"e1","from":"s","to":"p"},{"id":"e2","from":"p","to":"a"},{"id":"e3","from":"p","to":"b"},
                 {"id":"e4","from":"a","to":"m"},{"id":"e5","from":"b","to":"m"},
                 {"id":"e6","from":"m","to":"end","label":"是"},{"id":"e7","from":"m","to":"x","label":"否"}]}"#);
    let findings = validate(&d);
    let hits = findings_of(&findings, "parallel-split-needs-join");
    assert_eq!(hits.len(), 1, "{findings:#?}");
    assert_eq!(hits[0].elements, ["p", "m"]);
    assert_eq!(
        hits[0].message.render(Lang::En),
        "The branches of parallel gateway [p] meet at decision “齐套?”, not at a parallel join"
    );
    assert_eq!(hits[0].message.render(Lang::Zh), "并行网关[p]的分支在判断“齐套?”处汇合，而不是在并行汇聚处汇合");
}

#[test]
fn given_nested_parallel_blocks_each_with_its_join_then_nothing_is_reported() {
    // p1 → (a, p2 → (b, c) → j2) → j1
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"s","type":"start"},{"id":"p1","type":"parallel"},{"id":"p2","type":"parallel"},
                 {"id":"a","type":"task","label":"A"},{"id":"b","type":"task","label":"B"},{"id":"c","type":"task","label":"C"},
                 {"id":"j2","type":"parallel"},{"id":"j1","type":"parallel"},{"id":"end","type":"end"}],
        "edges":[{"id":"e1","from":"s","to":"p1"},{"id":"e2","from":"p1","to":"a"},{"id":"e3","from":"p1","to":"p2"},
                 {"id":"e4","from":"p2","to":"b"},{"id":"e5","from":"p2","to":"c"},{"id":"e6","from":"b","to":"j2"},
                 {"id":"e7","from":"c","to":"j2"},{"id":"e8","from":"j2","to":"j1"},{"id":"e9","from":"a","to":"j1"},
                 {"id":"e10","from":"j1","to":"end"}]}"#);
    assert!(findings_of(&validate(&d), "parallel-split-needs-join").is_empty());
}

#[test]
fn given_parallel_branches_ending_at_separate_ends_then_the_split_alone_is_reported() {
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"s","type":"start"},{"id":"p","type":"parallel","label":"分发"},
                 {"id":"x","type":"end"},{"id":"y","type":"end"}],
        "edges":[{"id":"e1","from":"s","to":"p"},{"id":"e2","from":"p","to":"x"},{"id":"e3","from":"p","to":"y"}]}"#);
    let findings = validate(&d);
    let hits = findings_of(&findings, "parallel-split-needs-join");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].elements, ["p"]);
    assert_eq!(hits[0].message.render(Lang::Zh), "并行网关“分发”的分支没有在并行汇聚处重新汇合");
}

// ---- malformed documents -----------------------------------------------------------------------

#[test]
fn given_edges_to_missing_nodes_then_only_edge_to_missing_node_mentions_them() {
    // given dangling edges from and into every kind of gateway, and one with both ends missing
    let json = |kind: &str| {
        format!(
            r#"{{"format":"procmod","version":1,"kind":"{kind}",
            "nodes":[{{"id":"s","type":"start"}},{{"id":"d","type":"decision","label":"D"}},
                     {{"id":"p","type":"parallel"}},{{"id":"end","type":"end"}}],
            "edges":[{{"id":"e1","from":"s","to":"d"}},{{"id":"e2","from":"d","to":"end","label":"yes"}},
                     {{"id":"x1","from":"d","to":"ghost","probability":0.7}},{{"id":"x2","from":"ghost","to":"p"}},
                     {{"id":"x3","from":"p","to":"nowhere"}},{{"id":"x4","from":"p","to":"ghost"}},
                     {{"id":"x5","from":"ghost","to":"nowhere"}},{{"id":"x6","from":"ghost","to":"ghost"}}]}}"#
        )
    };
    for kind in ["swimlane", "sipoc", "vsm"] {
        // when validated (as any kind)
        let findings = validate(&doc(&json(kind)));
        // then each dangling edge is reported once, by edge-to-missing-node only
        let dangling: Vec<_> =
            findings_of(&findings, "edge-to-missing-node").iter().map(|f| f.elements[0].clone()).collect();
        assert_eq!(dangling, ["x1", "x2", "x3", "x4", "x5", "x6"], "{kind}");
        for f in findings.iter().filter(|f| f.rule != "edge-to-missing-node") {
            assert!(f.elements.iter().all(|e| !e.starts_with('x')), "{kind}: {f:?}");
        }
    }
    let findings = validate(&doc(&json("swimlane")));
    let both = findings_of(&findings, "edge-to-missing-node")[4];
    assert_eq!(both.message.render(Lang::En), "Connector [x5] refers to the missing shapes [ghost] and [nowhere]");
    // and rules judge the decision by its real ways out only: one (so too few), no probability sum
    assert_eq!(findings_of(&findings, "decision-needs-two-ways").len(), 1);
    assert!(findings_of(&findings, "probabilities-sum").is_empty());
}

#[test]
fn given_two_nodes_with_one_id_then_duplicate_id_reports_it_once() {
    let d = doc(r#"{"format":"procmod","version":1,"kind":"swimlane",
        "lanes":[{"id":"a","name":"A"}],
        "nodes":[{"id":"s","type":"start"},{"id":"a","type":"task","label":"A","lane":"a"},
                 {"id":"a","type":"task","label":"A again","lane":"a"},{"id":"end","type":"end"}],
        "edges":[{"id":"e1","from":"s","to":"a"},{"id":"e2","from":"a","to":"end"}]}"#);
    let findings = validate(&d);
    let hits = findings_of(&findings, "duplicate-id");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].elements, ["a"]);
    assert_eq!(hits[0].message.render(Lang::En), "The id [a] is used by 3 elements");
}

// ---- SIPOC and value stream ---------------------------------------------------------------------

#[test]
fn given_a_sipoc_without_customers_then_the_column_is_named() {
    let findings = validate(&fixture("empty-column.invalid.json"));
    let hits = findings_of(&findings, "empty-column");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].elements.is_empty());
    assert_eq!(hits[0].message.render(Lang::En), "The Customers column is empty");
    assert_eq!(hits[0].message.render(Lang::Zh), "“客户”列为空");
}

#[test]
fn given_an_empty_sipoc_then_every_column_is_reported_in_order() {
    let findings = validate(&Document::new(Kind::Sipoc, ""));
    let messages: Vec<_> = findings_of(&findings, "empty-column").iter().map(|f| f.message.render(Lang::Zh)).collect();
    assert_eq!(messages, ["“供应商”列为空", "“输入”列为空", "“过程”列为空", "“输出”列为空", "“客户”列为空"]);
    assert!(findings_of(&findings, "step-count").is_empty());
}

#[test]
fn given_processes_over_takt_then_the_slowest_is_reported_first() {
    // given takt 60 s (27600 s / 460) and two processes over it
    let mut d = fixture("cycle-time-over-takt.invalid.json");
    let mut second = d.nodes.iter().find(|n| n.id == "p2").cloned().expect("fixture has p2");
    second.id = "p3".into();
    second.label = "Welding".into();
    second.cycle_time = Some(75.5);
    d.nodes.push(second);
    // when validated
    let findings = validate(&d);
    // then both are bottlenecks, slowest first
    let messages: Vec<_> =
        findings_of(&findings, "cycle-time-over-takt").iter().map(|f| f.message.render(Lang::En)).collect();
    assert_eq!(
        messages,
        [
            "Process “Welding”: cycle time 75.5 s exceeds takt 60 s (bottleneck)",
            "Process “Assembly #1”: cycle time 62 s exceeds takt 60 s (bottleneck)",
        ]
    );
}

#[test]
fn given_no_demand_then_takt_is_not_judged() {
    let mut d = fixture("cycle-time-over-takt.invalid.json");
    d.settings.demand_per_day = None;
    let findings = validate(&d);
    assert!(findings_of(&findings, "cycle-time-over-takt").is_empty());
    assert_eq!(findings_of(&findings, "demand-required").len(), 1);
}

// ---- scale ---------------------------------------------------------------------------------------

/// A swimlane of about `n` nodes: a chain of blocks, each a task, a decision whose "no" loops
/// back to the task (rework), and a parallel split/join around two tasks. Every rule runs on it.
fn large_swimlane(n: usize) -> Document {
    let mut d = Document::new(Kind::Swimlane, "large");
    d.lanes.push(procmod::model::Lane::new("L", "Lane"));
    let add = |d: &mut Document, kind: NodeType, label: &str| {
        let id = format!("n{}", d.nodes.len());
        let mut node = Node::new(id.clone(), kind, label, 0.0, 0.0);
        node.lane = Some("L".into());
        d.nodes.push(node.into());
        id
    };
    let connect = |d: &mut Document, from: &str, to: &str, label: &str| {
        let mut edge = Edge::new(format!("e{}", d.edges.len()), from, to);
        edge.label = label.into();
        d.edges.push(edge.into());
    };
    let mut last = add(&mut d, NodeType::Start, "");
    while d.nodes.len() + 7 < n {
        let t = add(&mut d, NodeType::Task, "Task");
        let dec = add(&mut d, NodeType::Decision, "OK?");
        let split = add(&mut d, NodeType::Parallel, "");
        let a = add(&mut d, NodeType::Task, "A");
        let b = add(&mut d, NodeType::Task, "B");
        let join = add(&mut d, NodeType::Parallel, "");
        connect(&mut d, &last, &t, "");
        connect(&mut d, &t, &dec, "");
        connect(&mut d, &dec, &t, "no");
        connect(&mut d, &dec, &split, "yes");
        connect(&mut d, &split, &a, "");
        connect(&mut d, &split, &b, "");
        connect(&mut d, &a, &join, "");
        connect(&mut d, &b, &join, "");
        last = join;
    }
    let end = add(&mut d, NodeType::End, "");
    connect(&mut d, &last, &end, "");
    d
}

#[test]
fn given_a_ten_thousand_node_swimlane_then_validation_completes_without_false_findings() {
    let d = large_swimlane(10_000);
    let findings = validate(&d);
    // Rework drawn straight back into each task is a fake join; nothing else is wrong.
    let rules: BTreeSet<_> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, BTreeSet::from(["fake-join"]), "{:#?}", &findings[..findings.len().min(5)]);
}

#[test]
fn given_a_ten_thousand_node_chain_with_a_dead_end_then_deep_graphs_do_not_overflow_the_stack() {
    // A long chain is the worst case for recursive graph walks.
    let mut d = Document::new(Kind::Swimlane, "chain");
    d.nodes.push(Node::new("s", NodeType::Start, "", 0.0, 0.0).into());
    for i in 0..10_000 {
        d.nodes.push(Node::new(format!("t{i}"), NodeType::Parallel, "", 0.0, 0.0).into());
        let from = if i == 0 { "s".to_string() } else { format!("t{}", i - 1) };
        d.edges.push(Edge::new(format!("e{i}"), from, format!("t{i}")).into());
    }
    d.nodes.push(Node::new("end", NodeType::End, "", 0.0, 0.0).into());
    d.edges.push(Edge::new("x", "s", "end").into());
    let findings = validate(&d);
    assert_eq!(findings_of(&findings, "cannot-reach-end").len(), 10_000);
}

/// Prints how long validation of a 10,000-node swimlane takes. A number, not a pass/fail
/// timing: run it with `cargo test --profile bench --test validate_rules -- --ignored --nocapture`.
#[test]
#[ignore]
fn report_validation_time_on_a_ten_thousand_node_swimlane() {
    let d = large_swimlane(10_000);
    let mut times: Vec<_> = (0..50)
        .map(|_| {
            let started = std::time::Instant::now();
            std::hint::black_box(validate(std::hint::black_box(&d)));
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "validate: {} nodes, {} edges: fastest {:?}, median {:?}",
        d.nodes.len(),
        d.edges.len(),
        times[0],
        times[times.len() / 2]
    );
}

// ---- properties -----------------------------------------------------------------------------------

const ALL_TYPES: [NodeType; 17] = [
    NodeType::Start,
    NodeType::End,
    NodeType::Task,
    NodeType::Decision,
    NodeType::Parallel,
    NodeType::Form,
    NodeType::Subprocess,
    NodeType::Supplier,
    NodeType::Input,
    NodeType::Step,
    NodeType::Output,
    NodeType::Customer,
    NodeType::Process,
    NodeType::Inventory,
    NodeType::Shipment,
    NodeType::Control,
    NodeType::Kaizen,
];

/// Arbitrary documents: any node types, ids that clash, edges that may name missing nodes,
/// probabilities in and out of range.
fn arbitrary_document() -> impl Strategy<Value = Document> {
    let kind = prop_oneof![Just(Kind::Sipoc), Just(Kind::Swimlane), Just(Kind::Vsm)];
    let node = (0..12usize, 0..ALL_TYPES.len(), any::<bool>(), prop::option::of(-1.0..100.0f64));
    let edge = (0..14usize, 0..14usize, prop::option::of(-0.5..1.5f64), any::<bool>());
    (kind, prop::collection::vec(node, 0..12), prop::collection::vec(edge, 0..24)).prop_map(|(kind, nodes, edges)| {
        let mut d = Document::new(kind, "");
        d.lanes.push(procmod::model::Lane::new("L", ""));
        for (id, t, labelled, ct) in nodes {
            let mut node = Node::new(format!("n{id}"), ALL_TYPES[t], if labelled { "x" } else { "" }, 0.0, 0.0);
            node.lane = labelled.then(|| "L".to_string());
            node.cycle_time = ct;
            d.nodes.push(node.into());
        }
        for (i, (from, to, p, labelled)) in edges.into_iter().enumerate() {
            let mut edge = Edge::new(format!("e{i}"), format!("n{from}"), format!("n{to}"));
            edge.probability = p;
            if labelled {
                edge.label = "y".into();
            }
            d.edges.push(edge.into());
        }
        d
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_document_validates_without_panic_into_sorted_findings_about_its_own_elements(d in arbitrary_document()) {
        let findings = validate(&d);
        prop_assert!(findings.windows(2).all(|w| w[0].severity <= w[1].severity));
        let ids: BTreeSet<&str> = d.nodes.iter().map(|n| n.id.as_str())
            .chain(d.edges.iter().map(|e| e.id.as_str()))
            .chain(d.lanes.iter().map(|l| l.id.as_str()))
            .collect();
        for f in &findings {
            prop_assert!(rule_ids(d.kind).contains(&f.rule));
            prop_assert!(f.elements.iter().all(|e| ids.contains(e.as_str())), "{:?}", f);
        }
    }
}
