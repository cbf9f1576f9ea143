//! Tidy up (`procmod::tidy`, `Action::TidyUp`) on generated and scrambled flows: no two shapes
//! overlap, every shape stays in its lane, every forward connector runs ahead along the flow,
//! the routes keep their properties, and it is one undo step that undo reverts exactly.

mod support;

use procmod::editor::layout::lane_bands;
use procmod::editor::Action;
use procmod::model::{Document, Orientation};
use procmod::sample;
use proptest::prelude::*;
use support::Driver;

/// Moves every shape somewhere else (deterministically), as a hurried workshop leaves them.
fn scramble(doc: &mut Document, seed: u64) {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    for n in &mut doc.nodes {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        n.x = ((x >> 33) % 3000) as f64;
        n.y = ((x >> 13) % 900) as f64;
    }
}

fn check_layout(doc: &Document) -> Result<(), String> {
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let rects: Vec<(f64, f64, f64, f64)> = doc.nodes.iter().map(|n| (n.x, n.y, n.width(), n.height())).collect();
    // No overlaps (sweep along x).
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by(|&a, &b| rects[a].0.total_cmp(&rects[b].0));
    for (k, &a) in order.iter().enumerate() {
        for &b in &order[k + 1..] {
            if rects[b].0 >= rects[a].0 + rects[a].2 {
                break;
            }
            let (ra, rb) = (rects[a], rects[b]);
            if ra.1 < rb.1 + rb.3 && rb.1 < ra.1 + ra.3 {
                return Err(format!("{} overlaps {}", doc.nodes[a].id, doc.nodes[b].id));
            }
        }
    }
    // In their lanes.
    let bands = lane_bands(doc);
    for n in &doc.nodes {
        let Some(lane) = n.lane.as_deref() else { continue };
        let Some(b) = bands.iter().find(|b| b.id == lane) else { continue };
        let (lo, hi) = if vertical { (n.x, n.x + n.width()) } else { (n.y, n.y + n.height()) };
        if lo < b.start || hi > b.end() {
            return Err(format!("{} is outside its lane {lane}: {lo}..{hi} not in {}..{}", n.id, b.start, b.end()));
        }
    }
    // Forward connectors run ahead: every connector that is not part of a loop back.
    let ahead = |a: &procmod::model::Node, b: &procmod::model::Node| {
        if vertical {
            b.y >= a.y + a.height()
        } else {
            b.x >= a.x + a.width()
        }
    };
    let back: usize = doc
        .edges
        .iter()
        .filter(|e| {
            let (a, b) = (doc.node(&e.from).unwrap(), doc.node(&e.to).unwrap());
            !ahead(a, b)
        })
        .count();
    // The generated flows' loops are their rework connectors (probability ≤ 0.3 into a merge).
    let rework = doc.edges.iter().filter(|e| e.label.starts_with("no, rework")).count();
    if back > rework {
        return Err(format!("{back} connectors do not run ahead, but only {rework} are rework loops"));
    }
    Ok(())
}

#[test]
fn a_scrambled_flow_is_tidied_in_one_step_and_undo_restores_it() {
    for (n, seed) in [(40usize, 1u64), (300, 2), (1000, 3)] {
        let mut doc = sample::swimlane(n, 5, seed);
        scramble(&mut doc, seed);
        let before = doc.clone();
        let mut d = Driver::new(doc);
        d.act(Action::TidyUp);
        check_layout(&d.ed.doc).unwrap_or_else(|e| panic!("{n} nodes: {e}"));
        let routes = procmod::route::route_all(&d.ed.doc);
        assert!(routes.iter().all(Option::is_some));
        // Tidy twice: nothing more to do, and no step to undo.
        let tidied = d.ed.doc.clone();
        d.act(Action::TidyUp);
        assert_eq!(*d.ed.doc, *tidied);
        d.act(Action::Undo);
        assert_eq!(*d.ed.doc, before, "one undo step reverts Tidy up");
    }
}

#[test]
fn vertical_lanes_are_tidied_top_to_bottom() {
    let mut doc = sample::swimlane(200, 4, 9);
    doc.settings.orientation = Orientation::Vertical;
    scramble(&mut doc, 9);
    let mut d = Driver::new(doc);
    d.act(Action::TidyUp);
    check_layout(&d.ed.doc).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn tidy_up_keeps_its_promises_on_random_flows(n in 2usize..120, lanes in 1usize..7, seed in 0u64..10_000) {
        let mut doc = sample::swimlane(n, lanes, seed);
        scramble(&mut doc, seed);
        let mut d = Driver::new(doc);
        d.act(Action::TidyUp);
        prop_assert!(check_layout(&d.ed.doc).is_ok(), "{}", check_layout(&d.ed.doc).unwrap_err());
    }
}

#[test]
fn align_and_distribute_are_one_step_each_and_shapes_follow_their_lane() {
    use procmod::editor::arrange::{Align, Axis};
    use procmod::model::{Kind, Lane, Node, NodeType};
    let mut doc = Document::new(Kind::Swimlane, "arrange");
    doc.lanes.push(Lane::new("l1", "One"));
    doc.lanes.push(Lane::new("l2", "Two"));
    for (id, x, y, lane) in [("a", 100.0, 40.0, "l1"), ("b", 230.0, 60.0, "l1"), ("c", 600.0, 200.0, "l2")] {
        let mut n = Node::new(id, NodeType::Task, id, x, y);
        n.lane = Some(lane.into());
        doc.nodes.push(n.into());
    }
    let before = doc.clone();
    let mut d = Driver::new(doc);
    d.act(Action::SelectAll);
    d.act(Action::Align(Align::Top));
    assert!(d.ed.doc.nodes.iter().all(|n| n.y == 40.0));
    // c moved up into the first lane, and says so.
    assert_eq!(d.ed.doc.node("c").unwrap().lane.as_deref(), Some("l1"));
    d.act(Action::Distribute(Axis::Horizontal));
    let x = |id: &str| d.ed.doc.node(id).unwrap().x;
    assert_eq!((x("a"), x("b"), x("c")), (100.0, 350.0, 600.0));
    d.act(Action::Undo);
    d.act(Action::Undo);
    assert_eq!(*d.ed.doc, before);
}

#[test]
fn bend_points_are_one_step_follow_their_shapes_and_go_with_tidy_up() {
    use procmod::model::{Edge, Kind, Lane, Node, NodeType};
    let mut doc = Document::new(Kind::Swimlane, "bends");
    doc.lanes.push(Lane::new("l1", "One"));
    for (id, x) in [("a", 100.0), ("b", 400.0)] {
        let mut n = Node::new(id, NodeType::Task, id, x, 50.0);
        n.lane = Some("l1".into());
        doc.nodes.push(n.into());
    }
    doc.edges.push(Edge::new("e", "a", "b").into());
    let mut d = Driver::new(doc);
    // A straight connector dragged 40 px down gets a step: its middle runs lower.
    let route = procmod::route::route_all(&d.ed.doc)[0].clone().unwrap().points;
    let points = procmod::route::drag_segment(&route, 0, 40.0);
    d.act(Action::Reshape { id: "e".into(), points });
    let bends = d.ed.doc.edge("e").unwrap().points.clone();
    assert_eq!(bends.len(), 4);
    assert!(bends.iter().any(|p| p[1] == 120.0), "{bends:?}");
    let drawn = procmod::route::route_all(&d.ed.doc)[0].clone().unwrap().points;
    assert!(drawn.iter().any(|p| p.1 == 120.0) && drawn.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1));
    // Both shapes moved together: the bends move with them. One shape moved: they stay.
    d.act(Action::SelectAll);
    d.act(Action::Nudge { dx: 10.0, dy: 0.0 });
    assert_eq!(d.ed.doc.edge("e").unwrap().points[0][0], bends[0][0] + 10.0);
    d.act(Action::Select(vec!["b".into()]));
    d.act(Action::Nudge { dx: 10.0, dy: 0.0 });
    assert_eq!(d.ed.doc.edge("e").unwrap().points[0][0], bends[0][0] + 10.0);
    // Reset route: routed automatically again; undo brings the bends back.
    d.act(Action::Reshape { id: "e".into(), points: vec![] });
    assert!(d.ed.doc.edge("e").unwrap().points.is_empty());
    d.act(Action::Undo);
    assert_eq!(d.ed.doc.edge("e").unwrap().points.len(), 4);
    // Tidy up routes everything afresh.
    d.act(Action::TidyUp);
    assert!(d.ed.doc.edge("e").unwrap().points.is_empty());
}

#[test]
fn dragging_a_segment_sideways_is_one_reshape_action() {
    use procmod::editor::gesture::{Gesture, Hit, Pointer, View};
    use procmod::model::{Edge, Kind, Lane, Node, NodeType};
    let mut doc = Document::new(Kind::Swimlane, "drag");
    doc.lanes.push(Lane::new("l1", "One"));
    doc.nodes.push(Node::new("a", NodeType::Task, "a", 100.0, 40.0).into());
    doc.nodes.push(Node::new("b", NodeType::Task, "b", 400.0, 240.0).into());
    doc.edges.push(Edge::new("e", "a", "b").into());
    let mut d = Driver::new(doc);
    let route = procmod::route::route_all(&d.ed.doc)[0].clone().unwrap().points;
    let index = procmod::route::draggable_segments(&route)[0];
    let at = |p: (f64, f64)| Pointer { at: p, screen: p, shift: false, pan: false };
    let hit = Hit::Segment { id: "e".into(), index, route: route.clone() };
    let (mut g, first) = Gesture::press(&d.ed.doc, &d.ed.selection, hit, at((300.0, 150.0)), View::default());
    assert!(first.is_empty());
    g.drag(at((330.0, 160.0)));
    let (actions, _) = g.release(&d.ed.doc, at((340.0, 160.0)));
    assert_eq!(actions.len(), 1);
    for a in actions {
        d.act(a);
    }
    // The middle (vertical) segment moved 40 px right; the route still joins the two shapes.
    let drawn = procmod::route::route_all(&d.ed.doc)[0].clone().unwrap().points;
    assert!(drawn.iter().any(|p| p.0 == route[index].0 + 40.0), "{route:?} → {drawn:?}");
    assert_eq!((drawn[0], *drawn.last().unwrap()), (route[0], *route.last().unwrap()));
    d.act(Action::Undo);
    assert!(d.ed.doc.edge("e").unwrap().points.is_empty());
}
