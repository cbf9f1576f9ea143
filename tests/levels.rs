//! Drill-down between process levels, breadcrumbs, future states and before/after comparison.

use procmod::compare::{compare, CompareError};
use procmod::io;
use procmod::library::MemoryDb;
use procmod::model::{Document, Kind, Node, NodeType};
use procmod::session::{DrillError, Session};

fn start(db: &mut MemoryDb, doc: Document) -> Session {
    let mut s = Session::new("t");
    s.start(&db.scan(), &[], vec![], None, doc, 1.0);
    s.run(db, 1.0);
    s
}

fn sipoc() -> Document {
    let mut doc = Document::new(Kind::Sipoc, "采购 SIPOC");
    doc.meta.level = "L2".into();
    doc.nodes = vec![
        Node::new("s1", NodeType::Step, "审批采购申请", 400.0, 40.0).into(),
        Node::new("sup", NodeType::Supplier, "IT", 0.0, 40.0).into(),
    ];
    doc
}

#[test]
fn a_step_opens_as_a_swimlane_one_level_down_linked_both_ways() {
    let mut db = MemoryDb::default();
    let mut s = start(&mut db, sipoc());
    let parent = s.doc_id.clone();
    s.drill_down("s1", 2.0).unwrap();
    s.run(&mut db, 2.0);
    let child = s.doc_id.clone();
    assert_ne!(child, parent);
    let doc = &s.editor.doc;
    assert_eq!((doc.kind, doc.title.as_str(), doc.meta.level.as_str()), (Kind::Swimlane, "审批采购申请", "L3"));
    assert_eq!((doc.meta.parent.as_str(), doc.meta.parent_element.as_str()), (parent.as_str(), "s1"));
    let crumbs: Vec<_> = s.breadcrumbs().into_iter().map(|e| (e.level, e.title)).collect();
    assert_eq!(crumbs, [("L2".to_string(), "采购 SIPOC".to_string()), ("L3".to_string(), "审批采购申请".to_string())]);
    // Back up by the breadcrumb: the step links to the child, and opening it again reuses it.
    s.open(&parent, 3.0);
    s.run(&mut db, 3.0);
    assert_eq!(s.editor.doc.node("s1").unwrap().link.as_deref(), Some(child.as_str()));
    s.drill_down("s1", 3.0).unwrap();
    s.run(&mut db, 3.0);
    assert_eq!(s.doc_id, child);
    assert_eq!(s.entries.len(), 2, "no second child was made");
}

#[test]
fn only_steps_and_subprocesses_drill_down_and_never_below_l6() {
    let mut db = MemoryDb::default();
    let mut s = start(&mut db, sipoc());
    assert_eq!(s.drill_down("sup", 2.0), Err(DrillError::NotDetailable));
    let mut deep = Document::new(Kind::Swimlane, "L6");
    deep.meta.level = "L6".into();
    deep.nodes = vec![Node::new("sub", NodeType::Subprocess, "x", 0.0, 0.0).into()];
    let mut s = start(&mut MemoryDb::default(), deep);
    assert_eq!(s.drill_down("sub", 2.0), Err(DrillError::LowestLevel("L6".into())));
}

#[test]
fn a_future_state_is_a_linked_copy_and_the_comparison_shows_the_gain() {
    let acme = io::load(include_str!("fixtures/acme-stamping.json")).unwrap();
    let mut db = MemoryDb::default();
    let mut s = start(&mut db, acme);
    let current = s.doc_id.clone();
    let before = (*s.editor.doc).clone();
    s.future_state("(future state)", 2.0);
    s.run(&mut db, 2.0);
    assert!(s.editor.doc.title.ends_with("(future state)"));
    assert_eq!(s.editor.doc.meta.current_state, current);
    // Halve every inventory in the future state.
    let mut after = (*s.editor.doc).clone();
    for n in after.nodes.iter_mut().filter(|n| n.kind == NodeType::Inventory) {
        n.quantity = n.quantity.map(|q| q / 2.0);
        n.days = n.days.map(|d| d / 2.0);
    }
    let rows = compare(&before, &after).unwrap();
    let lead = rows.iter().find(|d| d.key == "lead_time_days").unwrap();
    assert!((lead.before - 23.6).abs() < 0.05);
    assert!((lead.after - lead.before / 2.0).abs() < 0.01, "{lead:?}");
    assert!((lead.percent.unwrap() + 0.5).abs() < 0.001);
    let processing = rows.iter().find(|d| d.key == "processing_seconds").unwrap();
    assert_eq!((processing.change, processing.percent), (0.0, Some(0.0)));
}

#[test]
fn two_swimlane_versions_compare_cycle_time_split_and_handoffs() {
    let a = io::load(include_str!("fixtures/dumas-decision.json")).unwrap();
    let b = io::load(include_str!("fixtures/dumas-parallel.json")).unwrap();
    let rows = compare(&a, &b).unwrap();
    let keys: Vec<_> = rows.iter().map(|d| d.key).collect();
    assert_eq!(keys, ["cycle_time", "execution", "delay", "transfer", "handoffs"]);
    let ct = &rows[0];
    assert_eq!((ct.before, ct.after), (29.0, 30.0));
    let sipoc = Document::new(Kind::Sipoc, "");
    assert_eq!(compare(&a, &sipoc), Err(CompareError::DifferentKinds(Kind::Swimlane, Kind::Sipoc)));
}
