//! Every command: do, undo (apply the inverse), redo; and the history's laws over random edits.

use procmod::command::{Command, CommandError, DocProps, Target};
use procmod::history::History;
use procmod::model::{Document, Edge, Kind, Lane, Node, NodeType, TimeUnit};
use proptest::prelude::*;

fn sample() -> Document {
    let mut doc = Document::new(Kind::Swimlane, "采购流程");
    doc.lanes = vec![Lane::new("buyer", "采购员"), Lane::new("finance", "财务")];
    let mut s = Node::new("s", NodeType::Start, "", 40.0, 60.0);
    s.lane = Some("buyer".into());
    let mut t1 = Node::new("t1", NodeType::Task, "创建采购申请", 120.0, 50.0);
    t1.lane = Some("buyer".into());
    t1.work = 0.5;
    let mut t2 = Node::new("t2", NodeType::Task, "付款", 300.0, 210.0);
    t2.lane = Some("finance".into());
    let e = Node::new("end", NodeType::End, "", 500.0, 220.0);
    doc.nodes = vec![s.into(), t1.into(), t2.into(), e.into()];
    doc.edges = vec![
        Edge::new("e1", "s", "t1").into(),
        Edge::new("e2", "t1", "t2").into(),
        Edge::new("e3", "t2", "end").into(),
    ];
    doc
}

/// Given the sample, when `cmd` is applied, then `check` holds; undo gives back the sample, and
/// redo gives back the changed document.
fn do_undo_redo(cmd: Command, check: impl Fn(&Document)) {
    let original = sample();
    let mut doc = original.clone();
    let inverse = cmd.apply(&mut doc).expect("command applies");
    check(&doc);
    let changed = doc.clone();
    let forward = inverse.apply(&mut doc).expect("inverse applies");
    assert_eq!(doc, original, "undo restores the document");
    forward.apply(&mut doc).expect("redo applies");
    assert_eq!(doc, changed, "redo restores the change");
}

#[test]
fn add_node_then_undo_removes_it() {
    let n = Node::new("t9", NodeType::Decision, "审批?", 10.0, 10.0);
    do_undo_redo(Command::AddNode { node: n.into(), index: None, edges: vec![] }, |d| {
        assert_eq!(d.nodes.last().unwrap().id, "t9")
    });
}

#[test]
fn remove_node_undo_restores_its_edges_in_place() {
    do_undo_redo(Command::RemoveNode { id: "t1".into() }, |d| {
        assert!(d.node("t1").is_none());
        assert_eq!(d.edges.len(), 1, "both edges of t1 are gone");
    });
}

#[test]
fn move_nodes_sets_positions_and_undo_is_exact() {
    let cmd = Command::MoveNodes { moves: vec![("t1".into(), 120.1, 50.3), ("t2".into(), 0.7, 0.2)] };
    do_undo_redo(cmd, |d| assert_eq!((d.node("t1").unwrap().x, d.node("t2").unwrap().y), (120.1, 0.2)));
}

#[test]
fn set_bounds_resizes() {
    let cmd = Command::SetBounds { id: "t2".into(), x: 1.0, y: 2.0, w: 200.0, h: 90.0 };
    do_undo_redo(cmd, |d| assert_eq!(d.node("t2").unwrap().w, 200.0));
}

#[test]
fn connect_and_disconnect_are_inverse() {
    let mut e = Edge::new("e9", "t2", "t1");
    e.label = "退回".into();
    do_undo_redo(Command::Connect { edge: e.into(), index: Some(1) }, |d| assert_eq!(d.edges[1].id, "e9"));
    do_undo_redo(Command::Disconnect { id: "e2".into() }, |d| assert!(d.edge("e2").is_none()));
}

#[test]
fn set_label_on_node_edge_and_lane() {
    for target in [Target::Node("t1".into()), Target::Edge("e1".into()), Target::Lane("finance".into())] {
        do_undo_redo(Command::SetLabel { target, label: "新名称".into() }, |d| {
            assert!(
                d.nodes.iter().any(|n| n.label == "新名称")
                    || d.edges.iter().any(|e| e.label == "新名称")
                    || d.lanes.iter().any(|l| l.name == "新名称")
            )
        });
    }
}

#[test]
fn set_timing_node_edge_doc_and_lane_props() {
    do_undo_redo(Command::SetTiming { id: "t2".into(), work: 3.0, wait: 24.0 }, |d| {
        assert_eq!(d.node("t2").unwrap().wait, 24.0)
    });
    let mut n = sample().node("t1").unwrap().clone();
    n.control_point = true;
    n.system = "SAP".into();
    do_undo_redo(Command::SetNodeProps { node: n }, |d| assert!(d.node("t1").unwrap().control_point));
    let mut e = sample().edge("e2").unwrap().clone();
    e.transfer = Some(1.5);
    do_undo_redo(Command::SetEdgeProps { edge: e }, |d| assert_eq!(d.edge("e2").unwrap().transfer, Some(1.5)));
    let mut p = DocProps::of(&sample());
    p.time_unit = TimeUnit::Days;
    p.settings.handoff_time = Some(0.5);
    do_undo_redo(Command::SetDocProps { props: p }, |d| assert_eq!(d.time_unit, TimeUnit::Days));
    let mut l = sample().lanes[0].clone();
    l.size = Some(220.0);
    do_undo_redo(Command::SetLaneProps { lane: l }, |d| assert_eq!(d.lanes[0].size(), 220.0));
}

#[test]
fn lanes_add_move_assign_and_remove_with_contents() {
    do_undo_redo(
        Command::AddLane { lane: Lane::new("wh", "仓管员"), index: Some(1), nodes: vec![], edges: vec![] },
        |d| assert_eq!(d.lanes[1].id, "wh"),
    );
    do_undo_redo(Command::MoveLane { id: "buyer".into(), to: 1 }, |d| assert_eq!(d.lanes[1].id, "buyer"));
    do_undo_redo(Command::AssignLane { id: "end".into(), lane: Some("finance".into()) }, |d| {
        assert_eq!(d.node("end").unwrap().lane.as_deref(), Some("finance"))
    });
    do_undo_redo(Command::RemoveLane { id: "buyer".into() }, |d| {
        assert!(d.lane("buyer").is_none());
        assert!(d.node("s").is_none() && d.node("t1").is_none(), "the lane's nodes go with it");
        assert_eq!(d.edges.len(), 1, "and every edge touching them");
    });
}

#[test]
fn failed_batch_leaves_the_document_untouched() {
    let mut doc = sample();
    let cmd = Command::Batch(vec![
        Command::RemoveNode { id: "t1".into() },
        Command::SetTiming { id: "nope".into(), work: 1.0, wait: 0.0 },
    ]);
    assert_eq!(cmd.apply(&mut doc), Err(CommandError::NoNode("nope".into())));
    assert_eq!(doc, sample());
}

#[test]
fn commands_refuse_bad_input_without_changing_anything() {
    let mut doc = sample();
    let bad = [
        Command::AddNode { node: Node::new("t1", NodeType::Task, "", 0.0, 0.0).into(), index: None, edges: vec![] },
        Command::Connect { edge: Edge::new("e9", "t1", "ghost").into(), index: None },
        Command::Connect { edge: Edge::new("e1", "t1", "t2").into(), index: None },
        Command::MoveLane { id: "buyer".into(), to: 7 },
        // Values and types that `io::load` would refuse are refused here too.
        Command::AddNode { node: Node::new("s9", NodeType::Supplier, "", 0.0, 0.0).into(), index: None, edges: vec![] },
        Command::AddNode { node: Node::new(" ", NodeType::Task, "", 0.0, 0.0).into(), index: None, edges: vec![] },
        Command::MoveNodes { moves: vec![("t1".into(), f64::NAN, 0.0)] },
        Command::SetBounds { id: "t1".into(), x: 0.0, y: 0.0, w: -5.0, h: 10.0 },
        Command::SetEdgeProps { edge: Edge { probability: Some(1.5), ..Edge::new("e1", "s", "t1") } },
        Command::SetLaneProps { lane: Lane { capacity: Some(0.0), ..Lane::new("buyer", "采购员") } },
        Command::Disconnect { id: "e7".into() },
    ];
    for cmd in bad {
        assert!(cmd.apply(&mut doc).is_err(), "{cmd:?} must fail");
        assert_eq!(doc, sample());
    }
    // A lane id that a shape still names is never taken by a new lane.
    doc.nodes[2].lane = Some("ghost".into());
    let before = doc.clone();
    let add = Command::AddLane { lane: Lane::new("ghost", "幽灵"), index: None, nodes: vec![], edges: vec![] };
    assert_eq!(add.apply(&mut doc), Err(CommandError::IdInUse("ghost".into())));
    assert_eq!(doc, before);
}

#[test]
fn a_transaction_is_one_undo_step() {
    let mut doc = sample();
    let mut h = History::default();
    h.begin();
    for i in 1..=30 {
        h.execute(&mut doc, Command::MoveNodes { moves: vec![("t1".into(), 120.0 + i as f64, 50.0)] }).unwrap();
    }
    h.execute(&mut doc, Command::AssignLane { id: "t1".into(), lane: Some("finance".into()) }).unwrap();
    h.commit();
    assert_eq!(h.undo_len(), 1);
    h.undo(&mut doc).unwrap();
    assert_eq!(doc, sample());
    h.redo(&mut doc).unwrap();
    assert_eq!(doc.node("t1").unwrap().x, 150.0);
}

#[test]
fn an_aborted_transaction_restores_the_document() {
    let mut doc = sample();
    let mut h = History::default();
    h.begin();
    h.execute(&mut doc, Command::RemoveNode { id: "t2".into() }).unwrap();
    h.abort(&mut doc).unwrap();
    assert_eq!(doc, sample());
    assert!(!h.can_undo());
}

#[test]
fn empty_changes_are_not_recorded() {
    let mut doc = sample();
    let mut h = History::default();
    let same = Command::SetLabel { target: Target::Node("t1".into()), label: "创建采购申请".into() };
    assert!(!h.execute(&mut doc, same).unwrap());
    assert!(!h.execute(&mut doc, Command::MoveNodes { moves: vec![("t1".into(), 120.0, 50.0)] }).unwrap());
    h.begin();
    h.commit();
    assert_eq!(h.undo_len(), 0);
}

#[test]
fn the_history_keeps_at_most_its_cap_and_a_new_edit_clears_redo() {
    let mut doc = sample();
    let mut h = History::with_cap(3);
    for i in 0..5 {
        h.execute(&mut doc, Command::SetTiming { id: "t1".into(), work: i as f64 + 1.0, wait: 0.0 }).unwrap();
    }
    assert_eq!(h.undo_len(), 3);
    h.undo(&mut doc).unwrap();
    assert!(h.can_redo());
    h.execute(&mut doc, Command::SetTiming { id: "t2".into(), work: 9.0, wait: 0.0 }).unwrap();
    assert!(!h.can_redo());
}

/// A random edit, chosen by numbers and made concrete against the current document.
#[derive(Clone, Debug)]
enum Intent {
    Add(u8, i16, i16),
    Remove(usize),
    Move(usize, i16, i16),
    Connect(usize, usize),
    Disconnect(usize),
    Label(usize, String),
    Timing(usize, u8, u8),
    AddLane,
    RemoveLane(usize),
    MoveLane(usize, usize),
    Assign(usize, usize),
    Group(Vec<(usize, i16)>),
}

fn intent() -> impl Strategy<Value = Intent> {
    prop_oneof![
        (0u8..7, any::<i16>(), any::<i16>()).prop_map(|(t, x, y)| Intent::Add(t, x, y)),
        any::<usize>().prop_map(Intent::Remove),
        (any::<usize>(), any::<i16>(), any::<i16>()).prop_map(|(i, x, y)| Intent::Move(i, x, y)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Intent::Connect(a, b)),
        any::<usize>().prop_map(Intent::Disconnect),
        (any::<usize>(), "[a-z审批通过]{0,6}").prop_map(|(i, s)| Intent::Label(i, s)),
        (any::<usize>(), any::<u8>(), any::<u8>()).prop_map(|(i, w, d)| Intent::Timing(i, w, d)),
        Just(Intent::AddLane),
        any::<usize>().prop_map(Intent::RemoveLane),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Intent::MoveLane(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Intent::Assign(a, b)),
        prop::collection::vec((any::<usize>(), any::<i16>()), 0..4).prop_map(Intent::Group),
    ]
}

fn concrete(doc: &Document, intent: &Intent) -> Option<Command> {
    let node = |i: usize| doc.nodes.get(i % doc.nodes.len().max(1)).map(|n| n.id.clone());
    let lane = |i: usize| doc.lanes.get(i % doc.lanes.len().max(1)).map(|l| l.id.clone());
    Some(match intent {
        Intent::Add(t, x, y) => {
            let kind = Kind::Swimlane.node_types()[*t as usize % 7];
            Command::AddNode {
                node: Node::new(doc.fresh_id("n"), kind, "", *x as f64, *y as f64).into(),
                index: None,
                edges: vec![],
            }
        }
        Intent::Remove(i) => Command::RemoveNode { id: node(*i)? },
        Intent::Move(i, x, y) => Command::MoveNodes { moves: vec![(node(*i)?, *x as f64 / 3.0, *y as f64 / 7.0)] },
        Intent::Connect(a, b) => {
            Command::Connect { edge: Edge::new(doc.fresh_id("e"), node(*a)?, node(*b)?).into(), index: None }
        }
        Intent::Disconnect(i) => Command::Disconnect { id: doc.edges.get(i % doc.edges.len().max(1))?.id.clone() },
        Intent::Label(i, s) => Command::SetLabel { target: Target::Node(node(*i)?), label: s.clone() },
        Intent::Timing(i, w, d) => Command::SetTiming { id: node(*i)?, work: *w as f64 / 4.0, wait: *d as f64 / 3.0 },
        Intent::AddLane => {
            Command::AddLane { lane: Lane::new(doc.fresh_id("lane"), "L"), index: None, nodes: vec![], edges: vec![] }
        }
        Intent::RemoveLane(i) => Command::RemoveLane { id: lane(*i)? },
        Intent::MoveLane(i, to) => Command::MoveLane { id: lane(*i)?, to: to % doc.lanes.len().max(1) },
        Intent::Assign(i, l) => Command::AssignLane { id: node(*i)?, lane: lane(*l) },
        Intent::Group(moves) => Command::Batch(
            moves
                .iter()
                .filter_map(|(i, dx)| Some(Command::MoveNodes { moves: vec![(node(*i)?, *dx as f64, 0.5)] }))
                .collect(),
        ),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Undoing everything gives back the original document; redoing everything gives back the
    /// final one.
    #[test]
    fn undo_all_restores_original_and_redo_all_restores_final(intents in prop::collection::vec(intent(), 1..40)) {
        let original = sample();
        let mut doc = original.clone();
        let mut h = History::with_cap(1000);
        for (i, intent) in intents.iter().enumerate() {
            if i % 5 == 0 { h.begin(); }
            if let Some(cmd) = concrete(&doc, intent) {
                let _ = h.execute(&mut doc, cmd);
            }
            if i % 5 == 3 { h.commit(); }
        }
        h.commit();
        let last = doc.clone();
        while h.can_undo() { h.undo(&mut doc).unwrap(); }
        prop_assert_eq!(&doc, &original);
        while h.can_redo() { h.redo(&mut doc).unwrap(); }
        prop_assert_eq!(&doc, &last);
    }
}
