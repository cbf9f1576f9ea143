//! Flows whose metrics cannot be computed say why, naming the elements at fault.

use procmod::i18n::Lang;
use procmod::metrics::{self, MetricsError};
use procmod::model::ElementRef;
use procmod::model::{Document, Edge, Kind, Node, NodeType};

/// A swimlane from a compact description: `(id, type)` nodes and `(from, to, probability)` edges.
fn flow(nodes: &[(&str, NodeType)], edges: &[(&str, &str, Option<f64>)]) -> Document {
    let mut doc = Document::new(Kind::Swimlane, "test");
    for (i, &(id, kind)) in nodes.iter().enumerate() {
        let mut node = Node::new(id, kind, id, i as f64 * 160.0, 0.0);
        node.work = 1.0;
        doc.nodes.push(node.into());
    }
    for (i, &(from, to, p)) in edges.iter().enumerate() {
        let mut edge = Edge::new(format!("e{}", i + 1), from, to);
        edge.probability = p;
        doc.edges.push(edge.into());
    }
    doc
}

use NodeType::{Decision, End, Parallel, Start, Task};

fn fixture(name: &str) -> Document {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_flow_without_start_cannot_be_measured() {
    let doc = flow(&[("a", Task), ("e", End)], &[("a", "e", None)]);
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::NoStart));
}

#[test]
fn a_flow_without_end_cannot_be_measured() {
    let doc = flow(&[("s", Start), ("a", Task)], &[("s", "a", None)]);
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::NoEnd));
}

#[test]
fn a_loop_with_no_way_out_names_its_nodes() {
    // s → a → d, and d only leads back to a: the end is never reached
    let doc = flow(
        &[("s", Start), ("a", Task), ("d", Decision), ("e", End)],
        &[("s", "a", None), ("a", "d", None), ("d", "a", None)],
    );
    let err = metrics::swimlane(&doc).unwrap_err();
    assert_eq!(err, MetricsError::NoExit { nodes: vec!["s".into(), "a".into(), "d".into()] });
    assert!(err.message(&doc).to_string().contains("start “s”, task “a”, decision “d”"), "{}", err.message(&doc));
}

#[test]
fn a_loop_whose_exit_has_zero_probability_has_no_exit() {
    let doc = flow(
        &[("s", Start), ("a", Task), ("d", Decision), ("e", End)],
        &[("s", "a", None), ("a", "d", None), ("d", "a", Some(1.0)), ("d", "e", Some(0.0))],
    );
    assert!(matches!(metrics::swimlane(&doc), Err(MetricsError::NoExit { .. })));
}

#[test]
fn a_dead_end_has_no_exit() {
    let doc = flow(
        &[("s", Start), ("d", Decision), ("a", Task), ("e", End)],
        &[("s", "d", None), ("d", "a", Some(0.5)), ("d", "e", Some(0.5))],
    );
    // From d a case may still finish; from a it never does
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::NoExit { nodes: vec!["a".into()] }));
}

#[test]
fn probabilities_that_do_not_add_up_are_rejected() {
    let doc = flow(
        &[("s", Start), ("d", Decision), ("a", Task), ("e", End)],
        &[("s", "d", None), ("d", "a", Some(0.5)), ("d", "e", Some(0.7)), ("a", "e", None)],
    );
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::BadProbabilities { decision: "d".into() }));

    let doc = flow(
        &[("s", Start), ("d", Decision), ("a", Task), ("e", End)],
        &[("s", "d", None), ("d", "a", Some(0.5)), ("d", "e", Some(0.4)), ("a", "e", None)],
    );
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::BadProbabilities { decision: "d".into() }));

    let doc = flow(
        &[("s", Start), ("d", Decision), ("a", Task), ("e", End)],
        &[("s", "d", None), ("d", "a", Some(-0.1)), ("d", "e", None), ("a", "e", None)],
    );
    // A probability out of range is not a document the app makes: refused at the door.
    assert!(matches!(metrics::swimlane(&doc), Err(MetricsError::Invalid(i)) if i.field == "probability"));
}

#[test]
fn a_split_whose_branches_never_meet_is_unmatched() {
    let doc = flow(
        &[("s", Start), ("p", Parallel), ("a", Task), ("b", Task), ("x1", End), ("x2", End)],
        &[("s", "p", None), ("p", "a", None), ("p", "b", None), ("a", "x1", None), ("b", "x2", None)],
    );
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::UnmatchedParallel { split: "p".into() }));
}

#[test]
fn a_split_closed_by_a_decision_is_unmatched() {
    let doc = flow(
        &[("s", Start), ("p", Parallel), ("a", Task), ("b", Task), ("m", Decision), ("e", End)],
        &[("s", "p", None), ("p", "a", None), ("p", "b", None), ("a", "m", None), ("b", "m", None), ("m", "e", None)],
    );
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::UnmatchedParallel { split: "p".into() }));
}

#[test]
fn a_join_after_a_decision_is_unmatched() {
    let doc = flow(
        &[("s", Start), ("d", Decision), ("a", Task), ("b", Task), ("j", Parallel), ("e", End)],
        &[("s", "d", None), ("d", "a", None), ("d", "b", None), ("a", "j", None), ("b", "j", None), ("j", "e", None)],
    );
    assert_eq!(metrics::swimlane(&doc), Err(MetricsError::UnmatchedJoin { join: "j".into() }));
}

#[test]
fn an_edge_into_a_branch_from_outside_is_unstructured() {
    // d may skip the split and go straight into branch b
    let doc = flow(
        &[("s", Start), ("d", Decision), ("p", Parallel), ("a", Task), ("b", Task), ("j", Parallel), ("e", End)],
        &[
            ("s", "d", None),
            ("d", "p", None),
            ("d", "b", None),
            ("p", "a", None),
            ("p", "b", None),
            ("a", "j", None),
            ("b", "j", None),
            ("j", "e", None),
        ],
    );
    assert_eq!(
        metrics::swimlane(&doc),
        Err(MetricsError::UnstructuredParallel { split: "p".into(), element: "e3".into() })
    );
}

#[test]
fn a_loop_from_a_branch_back_to_its_split_is_unstructured() {
    let doc = flow(
        &[("s", Start), ("p", Parallel), ("a", Task), ("d", Decision), ("b", Task), ("j", Parallel), ("e", End)],
        &[
            ("s", "p", None),
            ("p", "a", None),
            ("p", "b", None),
            ("a", "d", None),
            ("d", "p", Some(0.1)),
            ("d", "j", None),
            ("b", "j", None),
            ("j", "e", None),
        ],
    );
    assert_eq!(
        metrics::swimlane(&doc),
        Err(MetricsError::UnstructuredParallel { split: "p".into(), element: "e5".into() })
    );
}

#[test]
fn a_loop_back_into_a_join_is_unstructured() {
    let doc = flow(
        &[("s", Start), ("p", Parallel), ("a", Task), ("b", Task), ("j", Parallel), ("d", Decision), ("e", End)],
        &[
            ("s", "p", None),
            ("p", "a", None),
            ("p", "b", None),
            ("a", "j", None),
            ("b", "j", None),
            ("j", "d", None),
            ("d", "j", Some(0.2)),
            ("d", "e", None),
        ],
    );
    assert_eq!(
        metrics::swimlane(&doc),
        Err(MetricsError::UnstructuredParallel { split: "p".into(), element: "e7".into() })
    );
}

#[test]
fn a_document_that_breaks_an_invariant_is_refused_at_the_door_with_the_culprit() {
    let culprit = |doc: &procmod::model::Document| match metrics::swimlane(doc) {
        Err(MetricsError::Invalid(invalid)) => (invalid.element, invalid.field),
        other => panic!("expected an invariant error, got {other:?}"),
    };
    let doc = flow(&[("s", Start), ("e", End)], &[("s", "x", None)]);
    assert_eq!(culprit(&doc), (ElementRef::Edge("e1".into()), "to"));

    let doc = flow(&[("s", Start), ("s", End)], &[]);
    assert_eq!(culprit(&doc), (ElementRef::Node("s".into()), "id"));

    let mut doc = flow(&[("s", Start), ("a", Task), ("e", End)], &[("s", "a", None), ("a", "e", None)]);
    doc.nodes[1].work = -2.0;
    assert_eq!(culprit(&doc), (ElementRef::Node("a".into()), "work"));
    doc.nodes[1].work = 2.0;
    doc.edges[0].transfer = Some(f64::NAN);
    assert_eq!(culprit(&doc), (ElementRef::Edge("e1".into()), "transfer"));
}

#[test]
fn each_function_wants_its_own_kind() {
    let vsm = fixture("acme-stamping.json");
    assert_eq!(metrics::swimlane(&vsm), Err(MetricsError::WrongKind { expected: Kind::Swimlane, found: Kind::Vsm }));
    let swimlane = fixture("rework-loop.json");
    assert_eq!(metrics::vsm(&swimlane), Err(MetricsError::WrongKind { expected: Kind::Vsm, found: Kind::Swimlane }));
}

#[test]
fn takt_needs_demand_and_available_time() {
    let mut doc = fixture("acme-stamping.json");
    doc.settings.demand_per_day = None;
    assert_eq!(metrics::vsm(&doc), Err(MetricsError::MissingDemand));
    doc.settings.demand_per_day = Some(0.0);
    assert_eq!(metrics::vsm(&doc), Err(MetricsError::MissingDemand));
    doc.settings.demand_per_day = Some(920.0);
    doc.settings.available_seconds_per_day = None;
    assert_eq!(metrics::vsm(&doc), Err(MetricsError::MissingAvailableTime));
}

#[test]
fn a_value_stream_without_its_numbers_names_the_box() {
    let mut doc = fixture("acme-stamping.json");
    doc.node_mut("weld2").unwrap().cycle_time = None;
    assert_eq!(metrics::vsm(&doc), Err(MetricsError::MissingCycleTime { process: "weld2".into() }));

    let mut doc = fixture("acme-stamping.json");
    doc.node_mut("i3").unwrap().quantity = None;
    assert_eq!(metrics::vsm(&doc), Err(MetricsError::MissingInventory { inventory: "i3".into() }));

    let mut doc = fixture("acme-stamping.json");
    doc.node_mut("asm1").unwrap().pca = Some(1.5);
    assert!(matches!(metrics::vsm(&doc), Err(MetricsError::Invalid(i)) if i.field == "pca"));
}

#[test]
fn every_error_reads_in_english_and_chinese_naming_elements_by_label() {
    let mut doc = flow(&[("n1", Task), ("n2", Decision)], &[("n1", "n2", None)]);
    doc.nodes[0].label = "审批".into();
    let errors = [
        MetricsError::WrongKind { expected: Kind::Swimlane, found: Kind::Vsm },
        MetricsError::NoStart,
        MetricsError::NoEnd,
        MetricsError::NoExit { nodes: vec!["n1".into(), "n2".into()] },
        MetricsError::BadProbabilities { decision: "n1".into() },
        MetricsError::UnmatchedParallel { split: "n1".into() },
        MetricsError::UnmatchedJoin { join: "n1".into() },
        MetricsError::UnstructuredParallel { split: "n1".into(), element: "e1".into() },
        MetricsError::MissingDemand,
        MetricsError::MissingAvailableTime,
        MetricsError::MissingCycleTime { process: "n1".into() },
        MetricsError::MissingInventory { inventory: "n1".into() },
    ];
    for err in &errors {
        let message = err.message(&doc);
        let (en, zh) = (message.render(Lang::En), message.render(Lang::Zh));
        assert!(!en.is_empty() && en != message.code, "{en}");
        // Chinese text, not a copy of the English
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        if err.elements().contains(&"n1".to_string()) {
            assert!(en.contains("“审批”") && zh.contains("“审批”") && !en.contains("n1"), "{en} / {zh}");
        }
    }
    assert_eq!(
        errors[3].message(&doc).render(Lang::En),
        "No end can be reached from task “审批”, decision “n2”: a case that gets there never finishes."
    );
}
