//! The editor driven as the UI drives it: every gesture is an action through the one
//! dispatcher, and after each the driver checks the document's invariants, the selection and a
//! save → load round trip. Gestures become single undo steps.

mod support;

use procmod::command::Target;
use procmod::editor::keys::{KeyCommand, KeyPress};
use procmod::editor::sipoc::{Board, BoardKey, Edit, Field};
use procmod::editor::{Action, DocField, EdgeField, LaneField, NodeField};
use procmod::model::{ArrowKind, Document, Kind, NodeType, Orientation, Settings, TimeUnit};
use support::Driver;

#[test]
fn a_new_shape_lands_in_the_lane_under_it_snapped_and_selected() {
    let mut d = Driver::two_lanes();
    let id = d.shape(NodeType::Task, 203.0, 241.0);
    let n = d.doc().node(&id).unwrap();
    assert_eq!((n.x, n.y), (140.0, 210.0));
    assert_eq!(n.lane.as_deref(), Some("lane2"));
}

#[test]
fn dropping_a_shape_in_another_lane_reassigns_it_in_one_undo_step() {
    let mut d = Driver::two_lanes();
    let id = d.shape(NodeType::Task, 200.0, 80.0);
    d.act(Action::Drop { ids: vec![id.clone()], dx: 13.0, dy: 160.0 });
    let n = d.doc().node(&id).unwrap();
    assert_eq!((n.x, n.lane.as_deref()), (150.0, Some("lane2")));
    d.act(Action::Undo);
    let n = d.doc().node(&id).unwrap();
    assert_eq!((n.x, n.lane.as_deref()), (140.0, Some("lane1")));
}

#[test]
fn moving_a_lane_moves_its_shapes_and_those_it_passes() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 200.0, 240.0);
    d.act(Action::MoveLane { id: "lane1".into(), to: 1 });
    assert_eq!(d.doc().node(&a).unwrap().y, 210.0);
    assert_eq!(d.doc().node(&b).unwrap().y, 50.0);
    assert_eq!(d.ed.history.undo_len(), 5, "two lanes, two shapes, and the lane move as one step");
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&a).unwrap().y, 50.0);
}

#[test]
fn resizing_and_deleting_a_lane_shift_the_lanes_after_it() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 200.0, 240.0);
    d.act(Action::ResizeLane { id: "lane1".into(), size: 203.0 });
    assert_eq!(d.doc().node(&b).unwrap().y, 250.0);
    d.act(Action::RemoveLane("lane1".into()));
    assert!(d.doc().node(&a).is_none());
    assert_eq!(d.doc().node(&b).unwrap().y, 50.0);
    d.act(Action::Undo);
    assert!(d.doc().node(&a).is_some());
    assert_eq!(d.doc().node(&b).unwrap().y, 250.0);
}

#[test]
fn delete_removes_selected_shapes_with_their_connectors_as_one_step() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Start, 60.0, 80.0);
    let b = d.shape(NodeType::Task, 250.0, 80.0);
    let e = d.connect(&a, &b);
    d.select(&[&b]);
    d.act(Action::Delete);
    assert!(d.doc().edge(&e).is_none() && d.doc().node(&b).is_none());
    d.act(Action::Undo);
    assert!(d.doc().edge(&e).is_some() && d.doc().node(&b).is_some());
}

#[test]
fn a_selected_lane_is_deleted_with_its_shapes_and_comes_back_with_undo() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.select(&["lane1"]);
    assert_eq!(d.key(KeyPress::new("Delete")), Some(KeyCommand::Act(Action::Delete)));
    assert!(d.doc().lane("lane1").is_none() && d.doc().node(&a).is_none());
    d.act(Action::Undo);
    assert!(d.doc().lane("lane1").is_some() && d.doc().node(&a).is_some());
}

#[test]
fn paste_gives_fresh_ids_keeps_inner_connectors_and_selects_the_copy() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 400.0, 80.0);
    d.connect(&a, &b);
    d.select(&[&a, &b]);
    d.act(Action::Copy);
    d.act(Action::Paste { at: None });
    assert_eq!(d.doc().nodes.len(), 4);
    assert_eq!(d.doc().edges.len(), 2);
    assert!(!d.ed.selection.contains(&a) && d.ed.selection.len() == 2);
    d.act(Action::Undo);
    assert_eq!(d.doc().nodes.len(), 2, "a paste is one undo step");
    d.select(&[&a]);
    d.act(Action::Duplicate);
    assert_eq!(d.doc().nodes.len(), 3);
}

#[test]
fn pasting_into_another_document_puts_the_shape_in_the_lane_under_the_pointer() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.select(&[&a]);
    d.act(Action::Copy);
    // Another document, whose lanes have other ids.
    let mut other = Document::new(Kind::Swimlane, "其他");
    other.lanes = vec![procmod::model::Lane::new("ops", "运营"), procmod::model::Lane::new("qa", "质检")];
    d.ed.open(other);
    d.act(Action::Paste { at: Some((300.0, 250.0)) });
    let pasted = d.only_selected();
    let n = d.doc().node(&pasted).unwrap();
    assert_eq!(n.lane.as_deref(), Some("qa"));
    assert_eq!(n.center(), (300.0, 250.0));
    assert!(procmod::validate::validate(d.doc()).iter().all(|f| f.rule != "task-without-lane"));
}

#[test]
fn copy_delete_its_lane_paste_add_a_lane_then_undo_everything() {
    // The sequence that used to leave undo failing: a pasted shape kept the id of a deleted
    // lane, and the next new lane took that id.
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.select(&[&a]);
    d.act(Action::Copy);
    d.act(Action::RemoveLane("lane1".into()));
    d.act(Action::Paste { at: None });
    d.act(Action::AddLane { name: "新泳道".into() });
    let start = Document::new(Kind::Swimlane, "采购");
    while d.ed.history.can_undo() {
        d.act(Action::Undo);
    }
    assert_eq!(*d.doc(), start);
}

#[test]
fn choosing_a_lane_in_the_inspector_moves_the_shape_into_it_and_a_nudge_keeps_it_there() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Lane(Some("lane2".into())) });
    let n = d.doc().node(&a).unwrap();
    assert_eq!(n.lane.as_deref(), Some("lane2"));
    assert!((160.0..320.0).contains(&n.center().1), "drawn in the lane's band: {:?}", n.center());
    d.key(KeyPress::new("ArrowRight"));
    assert_eq!(d.doc().node(&a).unwrap().lane.as_deref(), Some("lane2"));
    d.act(Action::Undo);
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&a).unwrap().lane.as_deref(), Some("lane1"));
}

#[test]
fn changing_the_time_unit_converts_every_duration() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 200.0, 240.0);
    let e = d.connect(&a, &b);
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Work(4.0) });
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Wait(0.5) });
    d.act(Action::SetEdge { id: e.clone(), field: EdgeField::Transfer(Some(0.25)) });
    d.act(Action::SetDoc(DocField::HandoffTime(Some(1.0))));
    d.act(Action::SetDoc(DocField::TimeUnit(TimeUnit::Minutes)));
    let doc = d.doc();
    assert_eq!(doc.time_unit, TimeUnit::Minutes);
    assert_eq!((doc.node(&a).unwrap().work, doc.node(&a).unwrap().wait), (240.0, 30.0));
    assert_eq!(doc.edge(&e).unwrap().transfer, Some(15.0));
    assert_eq!(doc.settings.handoff_time, Some(60.0));
    d.act(Action::Undo);
    assert_eq!((d.doc().time_unit, d.doc().node(&a).unwrap().work), (TimeUnit::Hours, 4.0));
}

#[test]
fn a_lane_takes_its_team_size_from_the_lane_inspector() {
    let mut d = Driver::two_lanes();
    d.select(&["lane2"]);
    d.act(Action::SetLane { id: "lane2".into(), field: LaneField::Capacity(Some(3.0)) });
    d.act(Action::SetLane { id: "lane2".into(), field: LaneField::Name("  财务部 ".into()) });
    let lane = d.doc().lane("lane2").unwrap();
    assert_eq!((lane.capacity(), lane.name.as_str()), (3.0, "财务部"));
    assert!(d.try_act(Action::SetLane { id: "lane2".into(), field: LaneField::Capacity(Some(0.0)) }).is_err());
}

#[test]
fn a_palette_click_places_the_next_shape_beside_the_selected_one_and_connects_it_in_one_step() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Start, 100.0, 80.0);
    let outcome = d.act(Action::AddShapeNext { kind: NodeType::Task, fallback: (0.0, 0.0) });
    let t = d.only_selected();
    assert_eq!(outcome.reveal.as_deref(), Some(t.as_str()));
    let (na, nt) = (d.doc().node(&a).unwrap(), d.doc().node(&t).unwrap());
    assert!(nt.x > na.x + na.width(), "placed after the start along the flow");
    assert_eq!(nt.lane.as_deref(), Some("lane1"));
    assert_eq!((d.doc().edges[0].from.as_str(), d.doc().edges[0].to.as_str()), (a.as_str(), t.as_str()));
    d.act(Action::Undo);
    assert_eq!((d.doc().nodes.len(), d.doc().edges.len()), (1, 0), "shape and connector are one step");
}

#[test]
fn a_refused_action_changes_nothing() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    assert!(d.try_act(Action::Connect { from: a.clone(), to: "nowhere".into() }).is_err());
    assert!(d.try_act(Action::SetNode { id: a.clone(), field: NodeField::Work(-1.0) }).is_err());
    assert!(d.try_act(Action::SetNode { id: a, field: NodeField::Uptime(Some(1.5)) }).is_err());
    assert!(d.try_act(Action::Resize { id: "nowhere".into(), w: 10.0, h: 10.0 }).is_err());
}

#[test]
fn a_resize_snaps_and_never_goes_below_the_smallest_shape() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.act(Action::Resize { id: a.clone(), w: 163.0, h: 4.0 });
    let n = d.doc().node(&a).unwrap();
    assert_eq!((n.w, n.h), (160.0, 30.0));
}

#[test]
fn switching_to_vertical_lanes_turns_the_drawing() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 300.0, 240.0);
    d.act(Action::SetDoc(DocField::Orientation(Orientation::Vertical)));
    let n = d.doc().node(&a).unwrap();
    assert_eq!((n.x, n.y), (210.0, 240.0));
    assert_eq!(procmod::editor::layout::lane_of_node(d.doc(), n).as_deref(), Some("lane2"));
    d.act(Action::Undo);
    assert_eq!(d.doc().settings.orientation, Orientation::Horizontal);
}

#[test]
fn undo_and_redo_bump_the_revision_and_drop_vanished_selection() {
    let mut d = Driver::two_lanes();
    let r0 = d.ed.revision;
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    d.act(Action::Undo);
    assert!(d.ed.revision > r0 && !d.ed.selection.contains(&a));
    d.act(Action::Redo);
    assert!(d.doc().node(&a).is_some());
}

#[test]
fn a_value_stream_connector_starts_as_push_between_steps_and_info_from_control() {
    // Given a value stream with a process, an inventory and production control
    let mut d = Driver::new(Document::new(Kind::Vsm, "Acme"));
    let p = d.shape(NodeType::Process, 100.0, 300.0);
    let i = d.shape(NodeType::Inventory, 300.0, 300.0);
    let c = d.shape(NodeType::Control, 200.0, 60.0);
    // When they are connected
    let material = d.connect(&p, &i);
    let info = d.connect(&c, &p);
    // Then material moves by push and control sends information
    assert_eq!(d.doc().edge(&material).unwrap().flow, Some(ArrowKind::Push));
    assert_eq!(d.doc().edge(&info).unwrap().flow, Some(ArrowKind::Info));
    d.act(Action::SetEdge { id: material.clone(), field: EdgeField::Arrow(Some(ArrowKind::Fifo)) });
    assert_eq!(d.doc().edge(&material).unwrap().flow, Some(ArrowKind::Fifo));
}

#[test]
fn available_time_follows_the_shifts_as_typed() {
    let mut d = Driver::new(Document::new(Kind::Vsm, "Acme"));
    d.act(Action::SetDoc(DocField::ShiftsPerDay(Some(2.0))));
    assert_eq!(d.doc().settings.available_seconds_per_day, None, "partial: not yet known");
    d.act(Action::SetDoc(DocField::HoursPerShift(Some(8.0))));
    d.act(Action::SetDoc(DocField::BreakMinutesPerShift(Some(20.0))));
    // Two 8-hour shifts with two 10-minute breaks each: 55,200 s (Learning to See).
    assert_eq!(d.doc().settings.available_seconds_per_day, Some(55_200.0));
    let s = Settings { hours_per_shift: None, ..d.doc().settings.clone() };
    assert_eq!(s.seconds_from_shifts(), None);
}

#[test]
fn an_inventory_holds_a_quantity_or_days_never_both() {
    let mut d = Driver::new(Document::new(Kind::Vsm, "Acme"));
    let i = d.shape(NodeType::Inventory, 100.0, 100.0);
    d.act(Action::SetNode { id: i.clone(), field: NodeField::Quantity(Some(4600.0)) });
    d.act(Action::SetNode { id: i.clone(), field: NodeField::Days(Some(5.0)) });
    let n = d.doc().node(&i).unwrap();
    assert_eq!((n.quantity, n.days), (None, Some(5.0)));
}

#[test]
fn keys_map_to_named_actions_and_the_board_keeps_its_own() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    assert_eq!(d.key(KeyPress::ctrl("z")), Some(KeyCommand::Act(Action::Undo)));
    assert_eq!(d.key(KeyPress { shift: true, ..KeyPress::ctrl("Z") }), Some(KeyCommand::Act(Action::Redo)));
    d.select(&[&a]);
    assert_eq!(d.key(KeyPress::new("F2")), Some(KeyCommand::Rename(Target::Node(a.clone()))));
    assert_eq!(d.key(KeyPress::shift("ArrowDown")), Some(KeyCommand::Act(Action::Nudge { dx: 0.0, dy: 50.0 })));
    assert_eq!(d.doc().node(&a).unwrap().y, 100.0);
    assert_eq!(d.key(KeyPress::new("?")), Some(KeyCommand::Shortcuts));
    let board = Driver::new(Document::new(Kind::Sipoc, ""));
    let k = procmod::editor::keys::command(&board.ed, &KeyPress::new("ArrowDown"));
    assert_eq!(k, None, "the board places its items itself");
    assert_eq!(d.key(KeyPress::new("p")), Some(KeyCommand::Present));
    assert_eq!(procmod::editor::keys::command(&board.ed, &KeyPress::new("p")), None, "no presentation of a board");
    assert!(procmod::editor::keys::shortcuts(Kind::Sipoc).iter().any(|s| s.what == "sc.board.enter"));
}

/// Types `text` into a board field and presses `key`, as the board's inputs do.
fn board_key(
    d: &mut Driver,
    board: &mut Board,
    field: &Field,
    text: &str,
    key: BoardKey,
) -> procmod::editor::sipoc::Reaction {
    let r = board.key(d.doc(), field, text, &key);
    for a in r.actions.clone() {
        d.act(a);
    }
    r
}

#[test]
fn the_board_is_typed_without_a_mouse_and_tab_leaves_it_from_the_last_column() {
    let mut d = Driver::new(Document::new(Kind::Sipoc, ""));
    let mut board = Board::default();
    // Enter commits and opens the next item below.
    let r = board_key(&mut d, &mut board, &Field::Draft(0), "ERP 系统", BoardKey::new("Enter"));
    assert!(r.handled && r.clear);
    assert_eq!(r.focus, Some(Field::Draft(0)));
    assert_eq!(d.doc().nodes[0].label, "ERP 系统");
    // An IME composing Chinese uses Enter to pick characters: never a commit.
    let composing = BoardKey { composing: true, ..BoardKey::new("Enter") };
    assert_eq!(board_key(&mut d, &mut board, &Field::Draft(0), "cai", composing).actions, vec![]);
    // Tab moves on a column; from the last column it lets the keyboard leave the board.
    let r = board_key(&mut d, &mut board, &Field::Draft(0), "", BoardKey::new("Tab"));
    assert!(r.handled && r.focus == Some(Field::Draft(1)));
    let r = board_key(&mut d, &mut board, &Field::Draft(4), "", BoardKey::new("Tab"));
    assert!(!r.handled && r.focus.is_none(), "no keyboard trap");
    let r = board_key(&mut d, &mut board, &Field::Draft(0), "", BoardKey { shift: true, ..BoardKey::new("Tab") });
    assert!(!r.handled, "Shift+Tab out of the first column leaves too");
    // Backspace on an emptied item deletes it, and the keyboard goes to its neighbour.
    let item = Field::Item(d.doc().nodes[0].id.clone());
    let r = board_key(&mut d, &mut board, &item, "", BoardKey::new("Backspace"));
    assert!(r.gone && d.doc().nodes.is_empty());
    // Ctrl+Z on an untouched field undoes the last board edit.
    board_key(&mut d, &mut board, &Field::Draft(2), "", BoardKey { ctrl: true, ..BoardKey::new("z") });
    assert_eq!(d.doc().nodes.len(), 1);
}

#[test]
fn board_steps_keep_their_chain_through_edits_and_undo() {
    let mut d = Driver::new(Document::new(Kind::Sipoc, ""));
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        d.act(Action::Board(Edit::Add { kind: NodeType::Step, at: i, label: name.to_string() }));
    }
    let c = d.doc().nodes[2].id.clone();
    d.act(Action::Board(Edit::Reorder { id: c, to: 0 }));
    let steps = procmod::editor::sipoc::column(d.doc(), NodeType::Step);
    let labels: Vec<&str> = steps.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["c", "a", "b"]);
    assert_eq!(d.doc().edges.len(), 2);
    d.act(Action::Undo);
    assert_eq!(procmod::editor::sipoc::column(d.doc(), NodeType::Step)[0].label, "a");
}

#[test]
fn a_loaded_document_with_a_lane_it_never_declares_can_be_edited_and_undone() {
    let text = r#"{"format":"procmod","version":1,"kind":"swimlane",
      "lanes":[{"id":"buyer","name":"采购员"}],
      "nodes":[{"id":"t1","type":"task","lane":"lane1","x":40,"y":40},{"id":"t2","type":"task","lane":"buyer","x":240,"y":40}],
      "edges":[{"id":"e1","from":"t1","to":"t2"}]}"#;
    let doc = procmod::io::load(text).unwrap();
    let mut d = Driver::new(doc.clone());
    d.act(Action::Drop { ids: vec!["t2".into()], dx: 500.0, dy: 0.0 });
    d.act(Action::AddLane { name: "新".into() });
    assert_ne!(d.doc().lanes[1].id, "lane1", "a new lane never takes a lane id a shape still names");
    d.select(&["t1"]);
    d.act(Action::Delete);
    d.act(Action::RemoveLane("buyer".into()));
    while d.ed.history.can_undo() {
        d.act(Action::Undo);
    }
    assert_eq!(*d.doc(), doc);
}

/// Plays a pointer gesture on the canvas as the UI reports it: pressed on `hit` at `from`,
/// moved in steps to `to`, released there. Returns the view a pan leaves.
fn gesture(
    d: &mut Driver,
    hit: procmod::editor::gesture::Hit,
    from: (f64, f64),
    to: (f64, f64),
    shift: bool,
) -> Option<procmod::editor::gesture::View> {
    use procmod::editor::gesture::{Gesture, Pointer, View};
    let view = View { zoom: 1.0, x: 0.0, y: 0.0 };
    let at = |p: (f64, f64)| Pointer { at: p, screen: p, shift, pan: false };
    let (mut g, actions) = Gesture::press(&d.ed.doc, &d.ed.selection, hit, at(from), view);
    for a in actions {
        d.act(a);
    }
    let revision = d.ed.revision;
    for k in 1..=8 {
        let t = k as f64 / 8.0;
        g.drag(at((from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)));
    }
    assert_eq!(d.ed.revision, revision, "moving the pointer changes nothing but the preview");
    let (actions, new_view) = g.release(&d.ed.doc.clone(), at(to));
    for a in actions {
        d.act(a);
    }
    new_view
}

#[test]
fn dragging_a_shape_is_one_undo_step_and_a_click_only_selects() {
    use procmod::editor::gesture::Hit;
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 400.0, 80.0);
    let steps = d.ed.history.undo_len();
    // A click on a shape selects it and moves nothing.
    gesture(&mut d, Hit::Node(a.clone()), (200.0, 80.0), (200.0, 80.0), false);
    assert_eq!(d.only_selected(), a);
    assert_eq!(d.ed.history.undo_len(), steps);
    // A drag into the next lane: one step, the shape changes lane.
    gesture(&mut d, Hit::Node(a.clone()), (200.0, 80.0), (260.0, 240.0), false);
    assert_eq!(d.ed.history.undo_len(), steps + 1);
    assert_eq!(d.doc().node(&a).unwrap().lane.as_deref(), Some("lane2"));
    // Shift+click adds to the selection; dragging one of them moves both.
    gesture(&mut d, Hit::Node(b.clone()), (400.0, 80.0), (400.0, 80.0), true);
    assert_eq!(d.ed.selection.len(), 2);
    let (ax, bx) = (d.doc().node(&a).unwrap().x, d.doc().node(&b).unwrap().x);
    gesture(&mut d, Hit::Node(b.clone()), (400.0, 80.0), (450.0, 80.0), false);
    assert_eq!((d.doc().node(&a).unwrap().x, d.doc().node(&b).unwrap().x), (ax + 50.0, bx + 50.0));
}

#[test]
fn connectors_are_drawn_from_the_handle_and_the_empty_canvas_pans_or_clears() {
    use procmod::editor::gesture::Hit;
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 400.0, 240.0);
    gesture(&mut d, Hit::Handle(a.clone()), (260.0, 80.0), (400.0, 240.0), false);
    let e = d.only_selected();
    assert_eq!(
        (d.doc().edge(&e).unwrap().from.as_str(), d.doc().edge(&e).unwrap().to.as_str()),
        (a.as_str(), b.as_str())
    );
    // Released on empty canvas: no connector.
    gesture(&mut d, Hit::Handle(a.clone()), (260.0, 80.0), (900.0, 600.0), false);
    assert_eq!(d.doc().edges.len(), 1);
    // A press and release on the empty canvas clears the selection; a drag pans the view.
    assert_eq!(gesture(&mut d, Hit::Empty, (900.0, 600.0), (900.0, 600.0), false), None);
    assert!(d.ed.selection.is_empty());
    let view = gesture(&mut d, Hit::Empty, (900.0, 600.0), (850.0, 620.0), false).unwrap();
    assert_eq!((view.x, view.y), (-50.0, 20.0));
    // Shift+drag on the empty canvas selects the shapes inside the area.
    gesture(&mut d, Hit::Empty, (100.0, 20.0), (600.0, 320.0), true);
    assert_eq!(d.ed.selection.len(), 2);
}

#[test]
fn a_lane_is_reordered_by_its_title_and_resized_by_its_border_as_single_steps() {
    use procmod::editor::gesture::Hit;
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    gesture(&mut d, Hit::LaneHead("lane1".into()), (20.0, 80.0), (20.0, 250.0), false);
    assert_eq!(d.doc().lanes[1].id, "lane1");
    assert_eq!(d.doc().node(&a).unwrap().y, 210.0, "its shape moved with it");
    gesture(&mut d, Hit::LaneBorder("lane2".into()), (300.0, 160.0), (300.0, 203.0), false);
    assert_eq!(d.doc().lane("lane2").unwrap().size, Some(200.0));
    gesture(&mut d, Hit::Resize(a.clone()), (320.0, 240.0), (363.0, 244.0), false);
    assert_eq!(d.doc().node(&a).unwrap().w, 160.0);
}

#[test]
fn a_dragged_shape_lines_up_with_its_neighbour_where_the_preview_showed_it() {
    use procmod::editor::gesture::Hit;
    use procmod::editor::guides;
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Decision, 500.0, 240.0);
    let (ta, tb) = (d.doc().node(&a).unwrap().clone(), d.doc().node(&b).unwrap().clone());
    assert_ne!(ta.width(), tb.width(), "shapes of different widths: their centres are off the grid");
    // Dragged so that the decision's centre comes 4 px right of the task's centre.
    let (ca, cb) = (ta.x + ta.width() / 2.0, tb.x + tb.width() / 2.0);
    let dx = ca + 4.0 - cb;
    let landing = guides::land(d.doc(), std::slice::from_ref(&b), dx, 0.0);
    let steps = d.ed.history.undo_len();
    assert!(landing.guides.iter().any(|g| g.vertical && g.at == ca), "the preview draws the shared centre line");
    gesture(&mut d, Hit::Node(b.clone()), (500.0, 240.0), (500.0 + dx, 240.0), false);
    let nb = d.doc().node(&b).unwrap();
    assert_eq!(nb.x + nb.width() / 2.0, ca, "centres aligned exactly");
    assert_eq!((nb.x, nb.y), (landing.places[0].1, landing.places[0].2), "lands where the preview showed it");
    assert_eq!(d.ed.history.undo_len(), steps + 1);
}

#[test]
fn a_resize_that_ends_over_a_neighbour_says_so_and_pushes_nothing() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let b = d.shape(NodeType::Task, 400.0, 80.0);
    d.act(Action::Rename { target: Target::Node(b.clone()), text: "审批".into() });
    let before = d.doc().node(&b).unwrap().clone();
    let outcome = d.act(Action::Resize { id: a.clone(), w: 300.0, h: 60.0 });
    assert_eq!(d.doc().node(&b).unwrap().clone(), before, "the neighbour stays where it was");
    let notice = outcome.notice.expect("the overlap is reported");
    assert_eq!(notice.code, "edit.overlaps");
    assert!(notice.render(procmod::i18n::Lang::Zh).contains("“审批”"), "{}", notice.render(procmod::i18n::Lang::Zh));
    // Made small again: nothing to say.
    assert_eq!(d.act(Action::Resize { id: a, w: 120.0, h: 60.0 }).notice, None);
}

#[test]
fn the_process_document_fields_are_set_from_the_inspector_one_step_each() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 200.0, 80.0);
    let steps = d.ed.history.undo_len();
    d.act(Action::SetDoc(DocField::Code("QP-001".into())));
    d.act(Action::SetDoc(DocField::Terms("请购单：申请采购的单据\nSRM: supplier portal".into())));
    d.act(Action::SetDoc(DocField::History("V1.0 | 2026-11-26 | 王敏 | 初版".into())));
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Inputs("请购单；发票".into()) });
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Accountable(Some("lane2".into())) });
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Informed(vec!["lane2".into()]) });
    d.act(Action::SetNode { id: a.clone(), field: NodeField::Risk(" 重复付款 ".into()) });
    assert_eq!(d.ed.history.undo_len(), steps + 7);
    let doc = d.doc();
    assert_eq!(doc.meta.code, "QP-001");
    assert_eq!(doc.meta.terms.len(), 2);
    assert_eq!(doc.meta.history[0].author, "王敏");
    let n = doc.node(&a).unwrap();
    assert_eq!(n.inputs, vec!["请购单", "发票"]);
    assert_eq!(
        (n.accountable.as_deref(), n.informed.clone(), n.risk.as_str()),
        (Some("lane2"), vec!["lane2".to_string()], "重复付款")
    );
    // A lane a shape names in its RACI is not given to a new lane after it is deleted.
    d.act(Action::RemoveLane("lane2".into()));
    d.act(Action::AddLane { name: "new".into() });
    assert!(d.doc().lanes.iter().all(|l| l.id != "lane2"));
}

#[test]
fn a_process_typed_row_by_row_into_the_step_table_draws_itself() {
    use procmod::editor::table::{Column, TableEdit};
    let mut d = Driver::new(Document::new(Kind::Swimlane, "typed"));
    let rows = [
        ("提交请购单", "申请人"),
        ("部门审批", "部门经理"),
        ("询价比价", "采购员"),
        ("下采购订单", "采购员"),
        ("收货入库", "仓管员"),
        ("付款", "财务"),
    ];
    for (k, (activity, role)) in rows.iter().enumerate() {
        let before = d.ed.history.undo_len();
        d.act(Action::Table(TableEdit::Append { activity: activity.to_string(), role: role.to_string() }));
        assert_eq!(d.ed.history.undo_len(), before + 1, "row {} is one undo step", k + 1);
    }
    let doc = d.doc().clone();
    let lanes: Vec<&str> = doc.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(lanes, vec!["申请人", "部门经理", "采购员", "仓管员", "财务"]);
    let steps = procmod::report::steps(&doc);
    assert_eq!(
        steps.iter().map(|s| s.activity.as_str()).collect::<Vec<_>>(),
        rows.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    // One chain from the start to the end, along the flow, each step in its role's lane.
    let m = procmod::metrics::swimlane(&doc).unwrap();
    assert_eq!(m.critical_path.nodes.len(), 8);
    for w in steps.windows(2) {
        assert!(doc.node(&w[0].id).unwrap().x < doc.node(&w[1].id).unwrap().x);
    }
    for s in &steps {
        let lane = doc.lane(s.lane.as_deref().unwrap()).unwrap();
        assert_eq!(lane.name, s.role);
    }

    // Cells: a time, a role that adds a lane, the ways out of the approval.
    let approval = steps[1].id.clone();
    d.act(Action::Table(TableEdit::Set { id: approval.clone(), column: Column::Execution, text: "０.５".into() }));
    assert_eq!(d.doc().node(&approval).unwrap().work, 0.5);
    let before = d.doc().clone();
    let refused =
        d.try_act(Action::Table(TableEdit::Set { id: approval.clone(), column: Column::Delay, text: "soon".into() }));
    assert!(matches!(refused, Err(procmod::editor::ActionError::Input(_))));
    assert_eq!(*d.doc(), before, "a refused cell changes nothing");
    d.act(Action::Table(TableEdit::Set {
        id: approval.clone(),
        column: Column::Next,
        text: "3 (同意 90%); 1 (退回 10%)".into(),
    }));
    let doc = d.doc().clone();
    assert_eq!(doc.node(&approval).unwrap().kind, NodeType::Decision);
    let steps = procmod::report::steps(&doc);
    assert_eq!(procmod::table::next_cell(&steps[1].next), "3 (同意 90%); 1 (退回 10%)");
    d.act(Action::Table(TableEdit::Set { id: steps[5].id.clone(), column: Column::Role, text: "出纳".into() }));
    assert_eq!(d.doc().lanes.last().unwrap().name, "出纳");
    // Undo goes back one cell at a time.
    d.act(Action::Undo);
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&approval).unwrap().kind, NodeType::Task);
    assert_eq!(procmod::table::next_cell(&procmod::report::steps(d.doc())[1].next), "3");
}

#[test]
fn an_event_put_on_a_steps_border_moves_and_goes_with_it() {
    let mut d = Driver::two_lanes();
    let task = d.shape(NodeType::Task, 300.0, 80.0);
    let event = d.shape(NodeType::Event, 600.0, 240.0);
    d.act(Action::Connect { from: task.clone(), to: event.clone() });
    d.act(Action::SetNode { id: event.clone(), field: NodeField::Attached(Some(task.clone())) });
    assert!(d.doc().edges.is_empty(), "the connector from its step goes");
    d.act(Action::SetNode { id: event.clone(), field: NodeField::Trigger(Some(procmod::model::Trigger::Timer)) });
    d.act(Action::SetNode { id: event.clone(), field: NodeField::NonInterrupting(true) });
    let (t, e) = (d.doc().node(&task).unwrap().clone(), d.doc().node(&event).unwrap().clone());
    assert_eq!(e.attached.as_deref(), Some(task.as_str()));
    assert_eq!(e.lane, t.lane, "in the step's lane");
    assert_eq!(e.y + e.height() / 2.0, t.y + t.height(), "centred on the lower border");
    assert!(e.x >= t.x && e.x + e.width() <= t.x + t.width());
    // Dragging the step takes the event along, in the same step, and says of no overlap.
    let outcome = d.act(Action::Drop { ids: vec![task.clone()], dx: 100.0, dy: 0.0 });
    assert!(outcome.notice.is_none(), "{:?}", outcome.notice);
    let moved = d.doc().node(&event).unwrap();
    assert_eq!((moved.x, moved.y), (e.x + 100.0, e.y));
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&event).unwrap().x, e.x);
    // Deleting the step deletes the event; undo brings both back.
    d.act(Action::Select(vec![task.clone()]));
    d.act(Action::Delete);
    assert!(d.doc().node(&event).is_none());
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&event).unwrap().attached.as_deref(), Some(task.as_str()));
}

#[test]
fn a_message_connector_and_a_lanes_pool_are_set_in_the_inspector() {
    let mut d = Driver::two_lanes();
    let a = d.shape(NodeType::Task, 300.0, 80.0);
    let b = d.shape(NodeType::Task, 300.0, 240.0);
    d.act(Action::Connect { from: a.clone(), to: b.clone() });
    let edge = d.doc().edges[0].id.clone();
    d.act(Action::SetEdge { id: edge.clone(), field: EdgeField::Arrow(Some(ArrowKind::Message)) });
    d.act(Action::SetLane { id: "lane2".into(), field: LaneField::Pool(" Bank ".into()) });
    assert_eq!(d.doc().edges[0].flow, Some(ArrowKind::Message));
    assert_eq!(d.doc().lane("lane2").unwrap().pool, "Bank");
    let xml = procmod::bpmn::export(d.doc()).unwrap();
    assert!(xml.contains("<bpmn:messageFlow"), "{xml}");
}

#[test]
fn a_steps_distribution_is_chosen_in_the_inspector_and_a_uniform_range_sets_its_mean() {
    use procmod::model::Dist;
    let mut d = Driver::two_lanes();
    let task = d.shape(NodeType::Task, 300.0, 80.0);
    d.act(Action::SetNode { id: task.clone(), field: NodeField::Work(2.0) });
    d.act(Action::SetNode { id: task.clone(), field: NodeField::Dist(Some(Dist::Exponential)) });
    assert_eq!(d.doc().node(&task).unwrap().dist, Some(Dist::Exponential));
    d.act(Action::SetNode { id: task.clone(), field: NodeField::Dist(Some(Dist::Uniform { min: 1.0, max: 5.0 })) });
    let n = d.doc().node(&task).unwrap();
    assert_eq!((n.work, n.dist), (3.0, Some(Dist::Uniform { min: 1.0, max: 5.0 })));
    // A range the wrong way round is refused, and nothing changes.
    assert!(d
        .try_act(Action::SetNode {
            id: task.clone(),
            field: NodeField::Dist(Some(Dist::Uniform { min: 4.0, max: 1.0 }))
        })
        .is_err());
    assert_eq!(d.doc().node(&task).unwrap().work, 3.0);
    // Fixed is no distribution at all in the file.
    d.act(Action::SetNode { id: task.clone(), field: NodeField::Dist(Some(Dist::Fixed)) });
    assert_eq!(d.doc().node(&task).unwrap().dist, None);
    d.act(Action::Undo);
    assert_eq!(d.doc().node(&task).unwrap().dist, Some(Dist::Uniform { min: 1.0, max: 5.0 }));
}
