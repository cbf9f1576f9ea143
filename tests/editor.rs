//! The editor's behaviours, driven as the UI drives them: gestures become single undo steps.

use procmod::editor::Editor;
use procmod::model::{Document, Flow, Kind, NodeType, Orientation, Settings};

/// Given an editor with lanes 采购员 (y 0–160) and 财务 (y 160–320).
fn two_lanes() -> Editor {
    let mut ed = Editor::new(Document::new(Kind::Swimlane, "采购"));
    ed.add_lane("采购员").unwrap();
    ed.add_lane("财务").unwrap();
    ed
}

#[test]
fn a_new_shape_lands_in_the_lane_under_it_snapped_and_selected() {
    let mut ed = two_lanes();
    let id = ed.add_node(NodeType::Task, 203.0, 241.0).unwrap();
    let n = ed.doc.node(&id).unwrap();
    assert_eq!((n.x, n.y), (140.0, 210.0));
    assert_eq!(n.lane.as_deref(), Some("lane2"));
    assert!(ed.selection.contains(&id));
}

#[test]
fn dropping_a_shape_in_another_lane_reassigns_it_in_one_undo_step() {
    let mut ed = two_lanes();
    let id = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    ed.move_selection(13.0, 160.0).unwrap();
    let n = ed.doc.node(&id).unwrap();
    assert_eq!((n.x, n.lane.as_deref()), (150.0, Some("lane2")));
    ed.undo().unwrap();
    let n = ed.doc.node(&id).unwrap();
    assert_eq!((n.x, n.lane.as_deref()), (140.0, Some("lane1")));
}

#[test]
fn moving_a_lane_moves_its_shapes_and_those_it_passes() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    let b = ed.add_node(NodeType::Task, 200.0, 240.0).unwrap();
    ed.move_lane("lane1", 1).unwrap();
    assert_eq!(ed.doc.node(&a).unwrap().y, 210.0);
    assert_eq!(ed.doc.node(&b).unwrap().y, 50.0);
    assert_eq!(ed.history.undo_len(), 5, "two lanes, two shapes, and the lane move as one step");
    ed.undo().unwrap();
    assert_eq!(ed.doc.node(&a).unwrap().y, 50.0);
}

#[test]
fn resizing_and_deleting_a_lane_shift_the_lanes_after_it() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    let b = ed.add_node(NodeType::Task, 200.0, 240.0).unwrap();
    ed.resize_lane("lane1", 203.0).unwrap();
    assert_eq!(ed.doc.node(&b).unwrap().y, 250.0);
    ed.remove_lane("lane1").unwrap();
    assert!(ed.doc.node(&a).is_none());
    assert_eq!(ed.doc.node(&b).unwrap().y, 50.0);
    ed.undo().unwrap();
    assert!(ed.doc.node(&a).is_some());
    assert_eq!(ed.doc.node(&b).unwrap().y, 250.0);
}

#[test]
fn delete_removes_selected_shapes_with_their_connectors_as_one_step() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Start, 60.0, 80.0).unwrap();
    let b = ed.add_node(NodeType::Task, 250.0, 80.0).unwrap();
    let e = ed.connect(&a, &b).unwrap().unwrap();
    ed.select_only([b.clone()]);
    ed.delete_selection().unwrap();
    assert!(ed.doc.edge(&e).is_none() && ed.doc.node(&b).is_none());
    ed.undo().unwrap();
    assert!(ed.doc.edge(&e).is_some() && ed.doc.node(&b).is_some());
}

#[test]
fn paste_gives_fresh_ids_keeps_inner_connectors_and_selects_the_copy() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    let b = ed.add_node(NodeType::Task, 400.0, 80.0).unwrap();
    ed.connect(&a, &b).unwrap();
    ed.select_only([a.clone(), b.clone()]);
    ed.copy();
    ed.paste().unwrap();
    assert_eq!(ed.doc.nodes.len(), 4);
    assert_eq!(ed.doc.edges.len(), 2);
    assert!(!ed.selection.contains(&a) && ed.selection.len() == 2);
    ed.undo().unwrap();
    assert_eq!(ed.doc.nodes.len(), 2, "a paste is one undo step");
    ed.select_only([a.clone()]);
    ed.duplicate().unwrap();
    assert_eq!(ed.doc.nodes.len(), 3);
}

#[test]
fn switching_to_vertical_lanes_turns_the_drawing() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Task, 300.0, 240.0).unwrap();
    ed.set_orientation(Orientation::Vertical).unwrap();
    let n = ed.doc.node(&a).unwrap();
    assert_eq!((n.x, n.y), (210.0, 240.0));
    assert_eq!(procmod::editor::layout::lane_of_node(&ed.doc, n).as_deref(), Some("lane2"));
    ed.undo().unwrap();
    assert_eq!(ed.doc.settings.orientation, Orientation::Horizontal);
}

#[test]
fn undo_and_redo_bump_the_revision_and_drop_vanished_selection() {
    let mut ed = two_lanes();
    let r0 = ed.revision;
    let a = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    ed.undo().unwrap();
    assert!(ed.revision > r0 && !ed.selection.contains(&a));
    ed.redo().unwrap();
    assert!(ed.doc.node(&a).is_some());
}

#[test]
fn a_value_stream_connector_starts_as_push_between_steps_and_info_from_control() {
    // Given a value stream with a process, an inventory and production control
    let mut ed = Editor::new(Document::new(Kind::Vsm, "Acme"));
    let p = ed.add_node(NodeType::Process, 100.0, 300.0).unwrap();
    let i = ed.add_node(NodeType::Inventory, 300.0, 300.0).unwrap();
    let c = ed.add_node(NodeType::Control, 200.0, 60.0).unwrap();
    // When they are connected
    let material = ed.connect(&p, &i).unwrap().unwrap();
    let info = ed.connect(&c, &p).unwrap().unwrap();
    // Then material moves by push and control sends information
    assert_eq!(ed.doc.edge(&material).unwrap().flow, Some(Flow::Push));
    assert_eq!(ed.doc.edge(&info).unwrap().flow, Some(Flow::Info));
}

#[test]
fn a_swimlane_connector_has_no_flow_kind() {
    let mut ed = two_lanes();
    let a = ed.add_node(NodeType::Task, 200.0, 80.0).unwrap();
    let b = ed.add_node(NodeType::Task, 400.0, 80.0).unwrap();
    let e = ed.connect(&a, &b).unwrap().unwrap();
    assert_eq!(ed.doc.edge(&e).unwrap().flow, None);
}

#[test]
fn available_time_comes_from_shifts_hours_and_breaks() {
    // Two 8-hour shifts with two 10-minute breaks each: 55,200 s (Learning to See).
    let s = Settings {
        shifts_per_day: Some(2.0),
        hours_per_shift: Some(8.0),
        break_minutes_per_shift: Some(20.0),
        ..Settings::default()
    };
    assert_eq!(s.seconds_from_shifts(), Some(55_200.0));
    assert_eq!(Settings { break_minutes_per_shift: None, ..s.clone() }.seconds_from_shifts(), Some(57_600.0));
    assert_eq!(Settings { hours_per_shift: None, ..s }.seconds_from_shifts(), None);
}
