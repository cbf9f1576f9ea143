//! The file format: what loads, what is refused and how the refusal names the place.

use procmod::io::{load, save, schema, LoadError};
use procmod::model::{Kind, NodeType, Orientation, TimeUnit, ValueClass};

fn err(text: &str) -> String {
    load(text).expect_err("must be refused").to_string()
}

#[test]
fn every_saved_version_fixture_still_loads() {
    let doc = load(include_str!("fixtures/format/v1.json")).unwrap();
    assert_eq!(doc.kind, Kind::Swimlane);
    assert_eq!(doc.title, "非库存物料采购流程");
    assert_eq!(doc.settings.handoff_time, Some(0.5));
    let t1 = doc.node("t1").unwrap();
    assert_eq!((t1.work, t1.wait, t1.value), (0.5, 2.0, Some(ValueClass::Va)));
    assert_eq!(doc.edge("e2").unwrap().probability, Some(0.9));
}

#[test]
fn a_minimal_hand_written_file_gets_defaults() {
    let doc = load(
        r#"{"format":"procmod","version":1,"kind":"swimlane",
        "nodes":[{"id":"a","type":"task"},{"id":"b","type":"end"}],"edges":[{"id":"e","from":"a","to":"b"}]}"#,
    )
    .unwrap();
    assert_eq!(doc.time_unit, TimeUnit::Hours);
    assert_eq!(doc.settings.orientation, Orientation::Horizontal);
    let a = doc.node("a").unwrap();
    assert_eq!((a.kind, a.work, a.lane.clone(), a.width()), (NodeType::Task, 0.0, None, 120.0));
}

#[test]
fn save_then_load_round_trips_and_omits_defaults() {
    let doc = load(include_str!("fixtures/format/v1.json")).unwrap();
    let text = save(&doc);
    assert_eq!(load(&text).unwrap(), doc);
    assert!(!text.contains("\"control_point\": false"), "defaults are not written");
}

#[test]
fn broken_json_names_line_and_column() {
    let e = load("{\n  \"format\": \"procmod\",\n  \"version\": 1,,\n}").unwrap_err();
    assert!(matches!(e, LoadError::Syntax { line: 3, .. }), "{e:?}");
}

#[test]
fn another_tools_file_is_refused_as_foreign() {
    assert!(err(r#"{"cells": []}"#).contains("no `format` field"));
    assert!(err(r#"{"format": "bpmn", "version": 1}"#).contains("\"bpmn\""));
    assert!(err("[1, 2]").contains("no JSON object"));
}

#[test]
fn a_newer_version_is_refused_with_both_versions() {
    let e = err(r#"{"format":"procmod","version":7,"kind":"sipoc"}"#);
    assert!(e.contains('7') && e.contains("up to 1"), "{e}");
}

#[test]
fn a_wrong_field_names_the_element_id_field_and_line() {
    let text = "{\"format\":\"procmod\",\"version\":1,\"kind\":\"swimlane\",\n\"nodes\":[\n{\"id\":\"a\",\"type\":\"task\"},\n{\"id\":\"t7\",\"type\":\"task\",\"work\":\"two\"}]}";
    let e = err(text);
    assert!(e.contains("Node \"t7\"") && e.contains("work") && e.contains("line 4"), "{e}");
}

#[test]
fn unknown_fields_and_types_are_named() {
    let e = err(r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"task","wrk":1}]}"#);
    assert!(e.contains("Node \"a\"") && e.contains("wrk"), "{e}");
    let e = err(r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"gateway"}]}"#);
    assert!(e.contains("gateway"), "{e}");
    let e = err(r#"{"format":"procmod","version":1,"kind":"flowchart"}"#);
    assert!(e.contains("kind"), "{e}");
}

#[test]
fn values_out_of_range_are_refused_with_their_place() {
    let e = err(r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"task","wait":-2}]}"#);
    assert!(e.contains("Node \"a\"") && e.contains("wait") && e.contains("-2"), "{e}");
    let e = err(r#"{"format":"procmod","version":1,"kind":"vsm","nodes":[{"id":"p","type":"process","pca":1.5}]}"#);
    assert!(e.contains("pca"), "{e}");
    let e = err(
        r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"task"}],"edges":[{"id":"a","from":"a","to":"a"}]}"#,
    );
    assert!(e.contains("unique"), "{e}");
    let e = err(r#"{"format":"procmod","version":1,"kind":"sipoc","nodes":[{"id":"a","type":"task"}]}"#);
    assert!(e.contains("not a node type of a SIPOC diagram"), "{e}");
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let shipped: serde_json::Value = serde_json::from_str(include_str!("../schema/procmod-v1.schema.json")).unwrap();
    assert_eq!(shipped, schema(), "regenerate with: cargo run --bin procmod -- schema > schema/procmod-v1.schema.json");
}
