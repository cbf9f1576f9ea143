//! Snap lines. While shapes are dragged or a shape is resized, the edges and centre lines that
//! move catch those of the shapes nearby: within [`CATCH`] they align exactly, and the lines
//! they share are drawn as guides. Where nothing is caught, positions and sizes snap to the grid.
//! The canvas's preview and the editor's drop and resize call the same functions, so the shape
//! lands where the preview showed it.
//!
//! A resize pushes nothing aside: [`overlaps`] names the shapes a moved or resized shape now
//! covers, so that the preview can mark them and the editor can say so.

use super::layout::{rect_of, snap, Rect};
use crate::model::{Document, Node};

/// How close (document px) a moving line must come to another shape's line to be caught.
pub const CATCH: f64 = 6.0;
/// Only shapes within this distance (document px) of the moving ones offer lines.
const NEAR: f64 = 800.0;
/// Lines closer than this are the same line.
const SAME: f64 = 0.5;

/// A guide to draw: a vertical line at x = `at` (or horizontal at y = `at`) from `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guide {
    pub vertical: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// Where a drag of shapes by (dx, dy) lands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Landing {
    /// The exact offset along x when a line was caught (None: each shape snaps to the grid).
    pub dx: Option<f64>,
    pub dy: Option<f64>,
    /// New top-left corners, by id.
    pub places: Vec<(String, f64, f64)>,
    pub guides: Vec<Guide>,
}

/// The size a resize handle dragged to (w, h) gives a shape, and the guides its edges follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Sizing {
    pub w: f64,
    pub h: f64,
    pub guides: Vec<Guide>,
}

/// The three lines of a span (start, centre, end).
fn lines(start: f64, size: f64) -> [f64; 3] {
    [start, start + size / 2.0, start + size]
}

fn bounds(rects: &[Rect]) -> Option<Rect> {
    let (mut l, mut t, mut r, mut b) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y, w, h) in rects {
        (l, t, r, b) = (l.min(x), t.min(y), r.max(x + w), b.max(y + h));
    }
    (l <= r).then_some((l, t, r - l, b - t))
}

/// The shapes that offer lines: not moving, and near the moving box.
fn neighbours(doc: &Document, moving: &[&str], near: Rect) -> Vec<Rect> {
    let (x, y, w, h) = near;
    doc.nodes
        .iter()
        .filter(|n| {
            n.x < x + w + NEAR && x < n.x + n.width() + NEAR && n.y < y + h + NEAR && y < n.y + n.height() + NEAR
        })
        .filter(|n| !moving.contains(&n.id.as_str()))
        .map(|n| rect_of(n))
        .collect()
}

/// The smallest shift (|shift| ≤ CATCH) that puts one of the `moving` lines on one of the
/// neighbours' lines: x lines when `vertical`, else y lines.
fn catch(moving: &[f64], others: &[Rect], vertical: bool) -> Option<f64> {
    let mut best: Option<f64> = None;
    for o in others {
        let theirs = if vertical { lines(o.0, o.2) } else { lines(o.1, o.3) };
        for m in moving {
            for t in theirs {
                let d = t - m;
                if d.abs() <= CATCH && best.is_none_or(|b| d.abs() < b.abs()) {
                    best = Some(d);
                }
            }
        }
    }
    best
}

/// Guides for the given lines of a box: each line some neighbour shares, drawn across the box
/// and every neighbour on it.
fn guides_for(b: Rect, xs: &[f64], ys: &[f64], others: &[Rect]) -> Vec<Guide> {
    let mut out = Vec::new();
    for (vertical, mine) in [(true, xs), (false, ys)] {
        for &at in mine {
            let (mut from, mut to) = if vertical { (b.1, b.1 + b.3) } else { (b.0, b.0 + b.2) };
            let mut shared = false;
            for o in others {
                let (theirs, s, e) =
                    if vertical { (lines(o.0, o.2), o.1, o.1 + o.3) } else { (lines(o.1, o.3), o.0, o.0 + o.2) };
                if theirs.iter().any(|t| (t - at).abs() < SAME) {
                    shared = true;
                    (from, to) = (from.min(s), to.max(e));
                }
            }
            if shared && !out.iter().any(|g: &Guide| g.vertical == vertical && (g.at - at).abs() < SAME) {
                out.push(Guide { vertical, at, from, to });
            }
        }
    }
    out
}

/// Where the shapes `ids` land when dragged by (dx, dy): along each axis, when one of the
/// group's edges or centre lines comes within [`CATCH`] of a nearby shape's, the group moves by
/// exactly the offset that aligns them; otherwise each shape's corner snaps to the grid.
pub fn land(doc: &Document, ids: &[String], dx: f64, dy: f64) -> Landing {
    let nodes: Vec<&Node> = ids.iter().filter_map(|id| doc.node(id)).collect();
    let Some(b) = bounds(&nodes.iter().map(|n| rect_of(n)).collect::<Vec<_>>()) else {
        return Landing::default();
    };
    let moved = (b.0 + dx, b.1 + dy, b.2, b.3);
    let moving: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let others = neighbours(doc, &moving, moved);
    let cx = catch(&lines(moved.0, moved.2), &others, true).map(|d| dx + d);
    let cy = catch(&lines(moved.1, moved.3), &others, false).map(|d| dy + d);
    let places: Vec<(String, f64, f64)> = nodes
        .iter()
        .map(|n| {
            let x = cx.map_or_else(|| snap(n.x + dx), |o| n.x + o);
            let y = cy.map_or_else(|| snap(n.y + dy), |o| n.y + o);
            (n.id.clone(), x, y)
        })
        .collect();
    let landed =
        bounds(&places.iter().zip(&nodes).map(|((_, x, y), n)| (*x, *y, n.width(), n.height())).collect::<Vec<_>>())
            .unwrap_or(moved);
    let guides = guides_for(landed, &lines(landed.0, landed.2), &lines(landed.1, landed.3), &others);
    Landing { dx: cx, dy: cy, places, guides }
}

/// The size a shape takes when its resize handle (bottom-right corner) is dragged to give it
/// w × h: its right and bottom edges catch nearby shapes' lines, else the size snaps to the
/// grid; never below `min`.
pub fn size(doc: &Document, id: &str, w: f64, h: f64, min: (f64, f64)) -> Sizing {
    let Some(n) = doc.node(id) else {
        return Sizing { w: snap(w.max(min.0)).max(min.0), h: snap(h.max(min.1)).max(min.1), guides: Vec::new() };
    };
    let (w, h) = (w.max(min.0), h.max(min.1));
    let others = neighbours(doc, &[id], (n.x, n.y, w, h));
    let fit = |start: f64, len: f64, vertical: bool, least: f64| match catch(&[start + len], &others, vertical) {
        Some(d) if len + d >= least => len + d,
        _ => snap(len).max(least),
    };
    let (w, h) = (fit(n.x, w, true, min.0), fit(n.y, h, false, min.1));
    let b = (n.x, n.y, w, h);
    let guides = guides_for(b, &[n.x + w], &[n.y + h], &others);
    Sizing { w, h, guides }
}

/// The other shapes that the given boxes (by shape id) now overlap (touching edges do not
/// count, nor a step and the events on its border), each once, in document order.
pub fn overlaps<'a>(doc: &'a Document, boxes: &[(String, Rect)]) -> Vec<&'a Node> {
    /// Side of a bucket of the grid the boxes are put in, so that each shape is tested only
    /// against the boxes near it.
    const CELL: f64 = 400.0;
    let Some(all) = bounds(&boxes.iter().map(|(_, r)| *r).collect::<Vec<_>>()) else {
        return Vec::new();
    };
    let cells = |r: Rect| {
        let (x0, x1) = (((r.0 - all.0) / CELL).floor().max(0.0), ((r.0 + r.2 - all.0) / CELL).floor().max(0.0));
        let (y0, y1) = (((r.1 - all.1) / CELL).floor().max(0.0), ((r.1 + r.3 - all.1) / CELL).floor().max(0.0));
        (x0 as usize, x1 as usize, y0 as usize, y1 as usize)
    };
    let mut grid: std::collections::HashMap<(usize, usize), Vec<usize>> = std::collections::HashMap::new();
    for (i, (_, r)) in boxes.iter().enumerate() {
        let (x0, x1, y0, y1) = cells(*r);
        for cx in x0..=x1.min(x0 + 64) {
            for cy in y0..=y1.min(y0 + 64) {
                grid.entry((cx, cy)).or_default().push(i);
            }
        }
    }
    let covers = |a: Rect, b: Rect| a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3;
    // An event on a step's border sits over the step on purpose: neither covers the other.
    let ids: std::collections::HashSet<&str> = boxes.iter().map(|(id, _)| id.as_str()).collect();
    let hosts: std::collections::HashSet<&str> =
        doc.nodes.iter().filter(|n| ids.contains(n.id.as_str())).filter_map(|n| n.attached.as_deref()).collect();
    doc.nodes
        .iter()
        .filter(|n| !ids.contains(n.id.as_str()) && !hosts.contains(n.id.as_str()))
        .filter(|n| !n.attached.as_deref().is_some_and(|h| ids.contains(h)))
        .filter(|n| {
            let r = rect_of(n);
            if !covers(r, all) {
                return false;
            }
            let (x0, x1, y0, y1) = cells(r);
            (x0..=x1.min(x0 + 64))
                .flat_map(|cx| (y0..=y1.min(y0 + 64)).map(move |cy| (cx, cy)))
                .filter_map(|c| grid.get(&c))
                .flatten()
                .any(|&i| covers(r, boxes[i].1))
        })
        .map(|n| &**n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, NodeType};

    fn doc(shapes: &[(&str, f64, f64, f64, f64)]) -> Document {
        let mut d = Document::new(Kind::Swimlane, "guides");
        for &(id, x, y, w, h) in shapes {
            let mut n = Node::new(id, NodeType::Task, id, x, y);
            (n.w, n.h) = (w, h);
            d.nodes.push(n.into());
        }
        d
    }

    #[test]
    fn a_centre_line_within_reach_is_caught_exactly() {
        // b (80 wide) dragged so that its centre is 3 px right of a's centre (a: 100..220).
        let d = doc(&[("a", 100.0, 100.0, 120.0, 60.0), ("b", 400.0, 300.0, 80.0, 40.0)]);
        let l = land(&d, &["b".into()], -277.0, 0.0);
        assert_eq!(l.dx, Some(-280.0));
        assert_eq!(l.places, vec![("b".to_string(), 120.0, 300.0)]);
        assert_eq!(l.guides, vec![Guide { vertical: true, at: 160.0, from: 100.0, to: 340.0 }]);
    }

    #[test]
    fn nothing_within_reach_snaps_to_the_grid_and_draws_no_guide() {
        let d = doc(&[("a", 100.0, 100.0, 120.0, 60.0), ("b", 400.0, 300.0, 80.0, 40.0)]);
        let l = land(&d, &["b".into()], 33.0, 47.0);
        assert_eq!((l.dx, l.dy), (None, None));
        assert_eq!(l.places, vec![("b".to_string(), 430.0, 350.0)]);
        assert!(l.guides.is_empty());
    }

    #[test]
    fn far_shapes_offer_no_lines() {
        let d = doc(&[("a", 100.0, 100.0, 120.0, 60.0), ("b", 5000.0, 5000.0, 120.0, 60.0)]);
        let l = land(&d, &["b".into()], 0.0, -4897.0);
        assert_eq!(l.dy, None);
    }

    #[test]
    fn a_resized_edge_catches_a_neighbours_edge() {
        let d = doc(&[("a", 100.0, 100.0, 120.0, 60.0), ("b", 100.0, 200.0, 100.0, 60.0)]);
        let s = size(&d, "b", 116.0, 60.0, (40.0, 30.0));
        assert_eq!((s.w, s.h), (120.0, 60.0));
        assert!(s.guides.iter().any(|g| g.vertical && g.at == 220.0));
        let s = size(&d, "b", 153.0, 61.0, (40.0, 30.0));
        assert_eq!((s.w, s.h), (150.0, 60.0));
        let s = size(&d, "b", 5.0, 5.0, (40.0, 30.0));
        assert_eq!((s.w, s.h), (40.0, 30.0));
    }

    #[test]
    fn overlaps_name_what_is_covered_not_what_touches() {
        let d = doc(&[
            ("a", 0.0, 0.0, 100.0, 50.0),
            ("b", 100.0, 0.0, 100.0, 50.0),
            ("c", 150.0, 20.0, 100.0, 50.0),
            ("d", 3000.0, 3000.0, 10.0, 10.0),
        ]);
        let names = |boxes: &[(String, Rect)]| overlaps(&d, boxes).iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        assert_eq!(names(&[("a".into(), (0.0, 0.0, 100.0, 50.0))]), Vec::<String>::new());
        assert_eq!(names(&[("a".into(), (0.0, 0.0, 160.0, 50.0))]), vec!["b", "c"]);
        assert_eq!(names(&[("d".into(), (2990.0, 2990.0, 2000.0, 2000.0))]), Vec::<String>::new());
    }
}
