//! Properties of the connector routes (`procmod::route`) on generated flows: every segment is
//! horizontal or vertical, each route starts on its source's border and ends on its target's,
//! no route passes through a shape that is not one of its ends, and two connectors share a
//! stretch only where they run into the same shape.

use procmod::model::{Document, Node};
use procmod::route::{route_all, Route};
use procmod::sample;
use proptest::prelude::*;

type Rect = (f64, f64, f64, f64);

fn rect(n: &Node) -> Rect {
    (n.x, n.y, n.width(), n.height())
}

fn on_border(r: Rect, p: (f64, f64)) -> bool {
    let e = 0.01;
    let inside_x = p.0 >= r.0 - e && p.0 <= r.0 + r.2 + e;
    let inside_y = p.1 >= r.1 - e && p.1 <= r.1 + r.3 + e;
    let on_x = (p.0 - r.0).abs() < e || (p.0 - r.0 - r.2).abs() < e;
    let on_y = (p.1 - r.1).abs() < e || (p.1 - r.1 - r.3).abs() < e;
    (on_x && inside_y) || (on_y && inside_x)
}

/// Whether the segment a–b runs through the inside of `r` (touching its border is not).
fn through(r: Rect, a: (f64, f64), b: (f64, f64)) -> bool {
    let e = 0.01;
    let (l, t, rr, bb) = (r.0, r.1, r.0 + r.2, r.1 + r.3);
    if (a.1 - b.1).abs() < e {
        a.1 > t + e && a.1 < bb - e && a.0.max(b.0) > l + e && a.0.min(b.0) < rr - e
    } else {
        a.0 > l + e && a.0 < rr - e && a.1.max(b.1) > t + e && a.1.min(b.1) < bb - e
    }
}

/// Checks every property; returns the first broken one.
fn check(doc: &Document, routes: &[Option<Route>]) -> Result<(), String> {
    let pos: std::collections::HashMap<&str, usize> =
        doc.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    // (vertical, line) → [(edge, target, from, to)]
    type Segment = (usize, usize, f64, f64);
    let mut lines: std::collections::HashMap<(bool, i64), Vec<Segment>> = Default::default();
    for (i, (e, r)) in doc.edges.iter().zip(routes).enumerate() {
        let r = r.as_ref().ok_or_else(|| format!("{} has no route", e.id))?;
        let (a, b) = (pos[e.from.as_str()], pos[e.to.as_str()]);
        let pts = &r.points;
        if pts.len() < 2 {
            return Err(format!("{}: fewer than two points", e.id));
        }
        if !on_border(rect(&doc.nodes[a]), pts[0]) {
            return Err(format!("{} does not start on {}'s border: {:?}", e.id, e.from, pts));
        }
        if !on_border(rect(&doc.nodes[b]), *pts.last().unwrap()) {
            return Err(format!("{} does not end on {}'s border: {:?}", e.id, e.to, pts));
        }
        for w in pts.windows(2) {
            let (p, q) = (w[0], w[1]);
            if (p.0 - q.0).abs() > 1e-6 && (p.1 - q.1).abs() > 1e-6 {
                return Err(format!("{} has a slanted segment {p:?}–{q:?}", e.id));
            }
            for (j, n) in doc.nodes.iter().enumerate() {
                if j != a && j != b && through(rect(n), p, q) {
                    return Err(format!("{} runs through {} ({p:?}–{q:?})", e.id, n.id));
                }
            }
            let vertical = (p.0 - q.0).abs() < 1e-6;
            let (c, lo, hi) =
                if vertical { (p.0, p.1.min(q.1), p.1.max(q.1)) } else { (p.1, p.0.min(q.0), p.0.max(q.0)) };
            lines.entry((vertical, (c * 2.0).round() as i64)).or_default().push((i, b, lo, hi));
        }
        // Its own ends: only the first and the last point touch them.
        for (k, w) in pts.windows(2).enumerate() {
            for &end in &[a, b] {
                let r = rect(&doc.nodes[end]);
                if through(r, w[0], w[1]) {
                    return Err(format!(
                        "{} runs through its own end {} (segment {k}: {:?})",
                        e.id, doc.nodes[end].id, pts
                    ));
                }
            }
        }
    }
    for segs in lines.values() {
        for (x, s) in segs.iter().enumerate() {
            for t in &segs[x + 1..] {
                let shared = s.3.min(t.3) - s.2.max(t.2);
                if s.0 != t.0 && s.1 != t.1 && shared > 1.0 {
                    return Err(format!(
                        "{} and {} share a stretch of {shared:.0} px",
                        doc.edges[s.0].id, doc.edges[t.0].id
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn routes_of_generated_flows_keep_every_property() {
    for (n, seed) in [(30, 1), (120, 2), (400, 3), (1000, 2024)] {
        let doc = sample::swimlane(n, 4, seed);
        let routes = route_all(&doc);
        if let Err(e) = check(&doc, &routes) {
            panic!("sample of {n} nodes, seed {seed}: {e}");
        }
    }
}

#[test]
fn routes_of_vertical_lanes_keep_every_property() {
    let mut doc = sample::swimlane(200, 4, 7);
    // The same flow turned a quarter: lanes become columns.
    for n in &mut doc.nodes {
        (n.x, n.y) = (n.y, n.x);
    }
    doc.settings.orientation = procmod::model::Orientation::Vertical;
    check(&doc, &route_all(&doc)).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn routes_of_random_flows_keep_every_property(n in 4usize..80, lanes in 1usize..6, seed in 0u64..10_000) {
        let doc = sample::swimlane(n, lanes, seed);
        let routes = route_all(&doc);
        prop_assert!(check(&doc, &routes).is_ok(), "{}", check(&doc, &routes).unwrap_err());
    }
}
