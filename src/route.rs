//! Connector routing: orthogonal routes that can be read, computed in the core so that the
//! canvas, the SVG export and the command line draw the same lines.
//!
//! For a whole diagram at once ([`route_all`]):
//! 1. **Sides.** Each connector leaves its source from a side and enters its target from a side,
//!    chosen by where the other end lies in the flow: ahead, it leaves from the front (the side
//!    facing the flow) or, for a branch well off to one side, from the side facing it; back
//!    against the flow (a rework loop), it leaves and enters from below (above when the target is
//!    higher), so the loop runs round the shapes between. The ways out of a decision or parallel
//!    split take different sides where they can.
//! 2. **Ports.** Connectors on the same side of a rectangle spread along it, ordered by where
//!    their other ends are (so they do not cross each other at the shape); round and diamond
//!    shapes have one port per side, at their tip.
//! 3. **Paths.** From port to port, the simplest orthogonal path that passes no shape (one of a
//!    few standard shapes of path, checked against the shapes nearby), or else the shortest path
//!    with the fewest bends over a sparse grid round the shapes in the way.
//!    Connectors are routed one after another in document order, and none runs along a line
//!    an earlier one takes (it takes the next track, 6 px away), except connectors into the same
//!    shape, which may merge; nor along or across the first stretch out of another's port.
//! 4. **Labels** sit beside their connector's longest free stretch, not over a shape or
//!    another label.
//!
//! Pure: no browser types, deterministic for a document.

use crate::editor::layout::{text_width, Rect};
use crate::model::{Document, Edge, Node, NodeType, Orientation};
use std::collections::{BinaryHeap, HashMap};

/// Room kept free round every shape, in px: connectors pass shapes at least this far away.
pub const CLEARANCE: f64 = 10.0;
/// How far a connector runs straight out of its port before it may turn.
pub const STUB: f64 = 16.0;
/// Distance between connectors that run side by side (a connector takes the next track when
/// another already runs on its line).
pub const TRACK: f64 = 6.0;
/// Font size of connector labels, in px (the canvas and the export use it).
pub const LABEL_FONT: f64 = 11.0;
/// Cost of one bend, in px of length: a path takes a detour of up to this much to save a bend.
const BEND: f64 = 40.0;

/// A side of a shape, in the page's coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

impl Side {
    /// The unit vector pointing out of the shape.
    pub fn outward(self) -> (f64, f64) {
        match self {
            Side::Left => (-1.0, 0.0),
            Side::Right => (1.0, 0.0),
            Side::Top => (0.0, -1.0),
            Side::Bottom => (0.0, 1.0),
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// Sides in flow terms: `Front` faces the way the flow goes (right in horizontal lanes, down in
/// vertical ones), `Back` the way it comes from, `Before`/`After` the two cross sides (above and
/// below in horizontal lanes; left and right in vertical ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FlowSide {
    Front,
    Back,
    Before,
    After,
}

fn page_side(s: FlowSide, o: Orientation) -> Side {
    match (o, s) {
        (Orientation::Horizontal, FlowSide::Front) => Side::Right,
        (Orientation::Horizontal, FlowSide::Back) => Side::Left,
        (Orientation::Horizontal, FlowSide::Before) => Side::Top,
        (Orientation::Horizontal, FlowSide::After) => Side::Bottom,
        (Orientation::Vertical, FlowSide::Front) => Side::Bottom,
        (Orientation::Vertical, FlowSide::Back) => Side::Top,
        (Orientation::Vertical, FlowSide::Before) => Side::Left,
        (Orientation::Vertical, FlowSide::After) => Side::Right,
    }
}

/// One routed connector.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The centre line, from the point where it leaves the source's border to the point where it
    /// meets the target's border (the arrowhead's tip); consecutive points differ in x or in y
    /// only.
    pub points: Vec<(f64, f64)>,
    /// Where the label's anchor is (text-anchor start, baseline), when the connector has a label.
    pub label: Option<(f64, f64)>,
}

impl Route {
    /// Bounding box of the centre line: x, y, width, height.
    pub fn bounds(&self) -> Rect {
        bounds_of(&self.points)
    }
}

fn bounds_of(points: &[(f64, f64)]) -> Rect {
    let (mut l, mut t, mut r, mut b) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        (l, t, r, b) = (l.min(x), t.min(y), r.max(x), b.max(y));
    }
    if l > r {
        return (0.0, 0.0, 0.0, 0.0);
    }
    (l, t, r - l, b - t)
}

/// The text a connector shows: its label and, for a branch, its probability.
pub fn label_text(e: &Edge) -> String {
    match e.probability {
        Some(p) if e.label.is_empty() => crate::format::percent(p),
        Some(p) => format!("{} {}", e.label, crate::format::percent(p)),
        None => e.label.clone(),
    }
}

// ----- shapes and the index of where they are ---------------------------------------------------

fn rect(n: &Node) -> Rect {
    (n.x, n.y, n.width(), n.height())
}

fn inflate(r: Rect, d: f64) -> Rect {
    (r.0 - d, r.1 - d, r.2 + 2.0 * d, r.3 + 2.0 * d)
}

/// Whether a shape's border is a rectangle (ports spread along its sides) or round or pointed
/// (one port per side, at the tip).
fn spreads(kind: NodeType) -> bool {
    !matches!(kind, NodeType::Start | NodeType::End | NodeType::Decision | NodeType::Parallel)
}

/// Shapes bucketed on a coarse grid, to find those near a line or a box without a scan.
struct Index {
    cell: f64,
    buckets: HashMap<(i64, i64), Vec<u32>>,
    /// Boxes spanning too many cells to file: always looked at.
    big: Vec<u32>,
}

impl Index {
    /// Indexes `rects` padded by `pad`.
    fn new(rects: &[Rect], pad: f64) -> Self {
        let cell = 240.0;
        let mut buckets: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
        let mut big = Vec::new();
        for (i, &r) in rects.iter().enumerate() {
            let r = inflate(r, pad);
            let (xs, ys) = (Self::span(r.0, r.0 + r.2, cell), Self::span(r.1, r.1 + r.3, cell));
            if (xs.end() - xs.start() + 1).saturating_mul(ys.end() - ys.start() + 1) > LONG {
                big.push(i as u32);
                continue;
            }
            for cx in Self::span(r.0, r.0 + r.2, cell) {
                for cy in Self::span(r.1, r.1 + r.3, cell) {
                    buckets.entry((cx, cy)).or_default().push(i as u32);
                }
            }
        }
        Index { cell, buckets, big }
    }

    fn span(a: f64, b: f64, cell: f64) -> std::ops::RangeInclusive<i64> {
        let lo = (a / cell).floor().clamp(-1e12, 1e12) as i64;
        let hi = (b / cell).floor().clamp(-1e12, 1e12) as i64;
        lo..=hi.max(lo)
    }

    /// Indices of the shapes whose padded box may meet `r`, each once, in ascending order.
    fn near(&self, r: Rect) -> Vec<u32> {
        let mut found = gather(&self.buckets, r, self.cell);
        found.extend_from_slice(&self.big);
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Everything filed in the cells of `grid` (of size `cell`) that `r` covers. A box covering more
/// cells than the grid holds (a route across the whole diagram) visits the filed cells instead
/// of every empty one.
fn gather<T: Copy>(grid: &HashMap<(i64, i64), Vec<T>>, r: Rect, cell: f64) -> Vec<T> {
    let mut out = Vec::new();
    let (xs, ys) = (Index::span(r.0, r.0 + r.2, cell), Index::span(r.1, r.1 + r.3, cell));
    let cells = (xs.end() - xs.start() + 1).saturating_mul(ys.end() - ys.start() + 1);
    if cells as usize > grid.len() {
        for (&(cx, cy), list) in grid {
            if xs.contains(&cx) && ys.contains(&cy) {
                out.extend_from_slice(list);
            }
        }
    } else {
        for cx in xs {
            for cy in ys.clone() {
                if let Some(list) = grid.get(&(cx, cy)) {
                    out.extend_from_slice(list);
                }
            }
        }
    }
    out
}

/// Whether the open interior of `r` meets the segment from `a` to `b` (horizontal or vertical).
fn crosses(r: Rect, a: (f64, f64), b: (f64, f64)) -> bool {
    const E: f64 = 1e-6;
    let (l, t, rr, bb) = (r.0, r.1, r.0 + r.2, r.1 + r.3);
    if (a.1 - b.1).abs() < E {
        let (x1, x2) = (a.0.min(b.0), a.0.max(b.0));
        a.1 > t + E && a.1 < bb - E && x2 > l + E && x1 < rr - E
    } else {
        let (y1, y2) = (a.1.min(b.1), a.1.max(b.1));
        a.0 > l + E && a.0 < rr - E && y2 > t + E && y1 < bb - E
    }
}

// ----- sides and ports ----------------------------------------------------------------------

/// The sides a connector leaves its source from and enters its target from.
fn sides(doc: &Document, rects: &[Rect], kinds: &[NodeType], edges: &[(usize, usize)]) -> Vec<(Side, Side)> {
    let o = doc.settings.orientation;
    // Flow coordinates: u along the flow, v across it.
    let flow = |r: Rect| match o {
        Orientation::Horizontal => r,
        Orientation::Vertical => (r.1, r.0, r.3, r.2),
    };
    let out: Vec<(FlowSide, FlowSide)> = edges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                return (FlowSide::Front, FlowSide::Before);
            }
            let (au, av, aw, ah) = flow(rects[a]);
            let (bu, bv, bw, bh) = flow(rects[b]);
            let (acv, bcv) = (av + ah / 2.0, bv + bh / 2.0);
            if bu >= au + aw + 2.0 * CLEARANCE {
                // Ahead. In line (the target spans the source's centre line, or nearly): front
                // to back. Off to one side: a branch leaves from the side facing it.
                let in_line = (acv - bcv).abs() <= ah.min(bh) / 4.0;
                if in_line || !is_split(kinds[a]) {
                    (FlowSide::Front, FlowSide::Back)
                } else if bcv < acv {
                    (FlowSide::Before, FlowSide::Back)
                } else {
                    (FlowSide::After, FlowSide::Back)
                }
            } else if bu + bw + 2.0 * CLEARANCE <= au {
                // Back against the flow: round below (above when the target is higher up).
                if bcv < acv - ah / 2.0 {
                    (FlowSide::Before, FlowSide::Before)
                } else {
                    (FlowSide::After, FlowSide::After)
                }
            } else if bv >= av + ah {
                (FlowSide::After, FlowSide::Before)
            } else if bv + bh <= av {
                (FlowSide::Before, FlowSide::After)
            } else {
                // Overlapping boxes: any readable line will do.
                (FlowSide::Front, FlowSide::Back)
            }
        })
        .collect();
    let mut out: Vec<(Side, Side)> = out.into_iter().map(|(s, t)| (page_side(s, o), page_side(t, o))).collect();
    untangle(rects, kinds, edges, &mut out);
    out
}

/// A round or pointed shape has one port per side: where several connectors would leave from
/// one side (the branches of a decision, a branch and a loop back), all but one move to a free
/// side, the one facing their other end best. Connectors coming in may share a side (a merge).
fn untangle(rects: &[Rect], kinds: &[NodeType], edges: &[(usize, usize)], out: &mut [(Side, Side)]) {
    const ALL: [Side; 4] = [Side::Left, Side::Right, Side::Top, Side::Bottom];
    let centre = |r: Rect| (r.0 + r.2 / 2.0, r.1 + r.3 / 2.0);
    // Shape → its connector ends: (edge, is source).
    let mut at: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
    for (i, &(a, b)) in edges.iter().enumerate() {
        if a == b || spreads(kinds[a]) && spreads(kinds[b]) {
            continue;
        }
        if !spreads(kinds[a]) {
            at.entry(a).or_default().push((i, true));
        }
        if !spreads(kinds[b]) {
            at.entry(b).or_default().push((i, false));
        }
    }
    let mut shapes: Vec<_> = at.into_iter().collect();
    shapes.sort_unstable_by_key(|(n, _)| *n);
    for (n, ends) in shapes {
        let c = centre(rects[n]);
        let side_of = |out: &[(Side, Side)], (i, source): (usize, bool)| if source { out[i].0 } else { out[i].1 };
        // How well side `s` faces the other end of connector `i`.
        let facing = |s: Side, (i, source): (usize, bool)| {
            let (a, b) = edges[i];
            let o = centre(rects[if source { b } else { a }]);
            let (dx, dy) = (o.0 - c.0, o.1 - c.1);
            let len = dx.hypot(dy).max(1e-9);
            let (ux, uy) = s.outward();
            (ux * dx + uy * dy) / len
        };
        for side in ALL {
            let here: Vec<(usize, bool)> = ends.iter().copied().filter(|&e| side_of(out, e) == side).collect();
            if here.len() < 2 || here.iter().all(|&(_, source)| !source) {
                continue;
            }
            // Incoming ends keep the side; of the outgoing ones, the one it faces best.
            let mut leaving: Vec<(usize, bool)> = here.iter().copied().filter(|&(_, source)| source).collect();
            // Best facing first; ties by connector, the order they were gathered in.
            crate::order::sort_by_number(&mut leaving, |&x| -facing(side, x));
            let keep = if here.iter().any(|&(_, source)| !source) { 0 } else { 1 };
            for &e in leaving.iter().skip(keep) {
                let free = ALL
                    .iter()
                    .copied()
                    .filter(|&s| ends.iter().all(|&x| side_of(out, x) != s))
                    .max_by(|&x, &y| facing(x, e).total_cmp(&facing(y, e)));
                if let Some(s) = free {
                    out[e.0].0 = s;
                }
            }
        }
    }
}

fn is_split(kind: NodeType) -> bool {
    matches!(kind, NodeType::Decision | NodeType::Parallel)
}

/// The port of each connector end: `ports[i] = (source point, target point)`.
fn ports(
    rects: &[Rect],
    kinds: &[NodeType],
    edges: &[(usize, usize)],
    sides: &[(Side, Side)],
) -> Vec<((f64, f64), (f64, f64))> {
    // Every connector end on each side of each shape: (shape, side) → [(edge, is source)].
    let mut at: HashMap<(usize, Side), Vec<(usize, bool)>> = HashMap::new();
    for (i, (&(a, b), &(sa, sb))) in edges.iter().zip(sides).enumerate() {
        at.entry((a, sa)).or_default().push((i, true));
        at.entry((b, sb)).or_default().push((i, false));
    }
    let centre = |r: Rect| (r.0 + r.2 / 2.0, r.1 + r.3 / 2.0);
    let mut out = vec![((0.0, 0.0), (0.0, 0.0)); edges.len()];
    let mut groups: Vec<_> = at.into_iter().collect();
    groups.sort_unstable_by_key(|((n, s), _)| (*n, s.index()));
    let mut alone = Vec::new();
    for ((n, side), mut ends) in groups {
        let r = rects[n];
        let horizontal_side = matches!(side, Side::Top | Side::Bottom);
        // Order along the side by where the other end is (then by id order), so ends do not
        // cross at the shape.
        let other = |&(i, source): &(usize, bool)| {
            let (a, b) = edges[i];
            let o = centre(rects[if source { b } else { a }]);
            if horizontal_side {
                o.0
            } else {
                o.1
            }
        };
        // Ties by connector, the order they were gathered in.
        crate::order::sort_by_number(&mut ends, other);
        let k = ends.len();
        for (j, &(i, source)) in ends.iter().enumerate() {
            let f = if spreads(kinds[n]) && k > 1 { (j as f64 + 1.0) / (k as f64 + 1.0) } else { 0.5 };
            let p = match side {
                Side::Left => (r.0, r.1 + r.3 * f),
                Side::Right => (r.0 + r.2, r.1 + r.3 * f),
                Side::Top => (r.0 + r.2 * f, r.1),
                Side::Bottom => (r.0 + r.2 * f, r.1 + r.3),
            };
            // Spread ports sit on the grid where they can, as shapes do.
            let p = if spreads(kinds[n]) && k > 1 { snap_port(p, r, side) } else { p };
            if source {
                out[i].0 = p;
            } else {
                out[i].1 = p;
            }
        }
        alone.extend(ends.first().filter(|_| k == 1).map(|&(i, source)| (i, source, n, side)));
    }
    // A connector that is the only one on its side of a rectangle lines up with its other end
    // when that end lies within the side: a straight line instead of a small step.
    for (i, source, n, side) in alone {
        let (a, b) = edges[i];
        let other = if source { out[i].1 } else { out[i].0 };
        let facing = if source { sides[i].1 } else { sides[i].0 };
        let opposite = matches!(
            (side, facing),
            (Side::Right, Side::Left)
                | (Side::Left, Side::Right)
                | (Side::Top, Side::Bottom)
                | (Side::Bottom, Side::Top)
        );
        if !spreads(kinds[n]) || !opposite || a == b {
            continue;
        }
        let r = rects[n];
        let p = if source { &mut out[i].0 } else { &mut out[i].1 };
        match side {
            Side::Left | Side::Right if other.1 >= r.1 + 6.0 && other.1 <= r.1 + r.3 - 6.0 => p.1 = other.1,
            Side::Top | Side::Bottom if other.0 >= r.0 + 6.0 && other.0 <= r.0 + r.2 - 6.0 => p.0 = other.0,
            _ => {}
        }
    }
    out
}

/// A spread port moved to the nearest whole pixel (kept on its side).
fn snap_port(p: (f64, f64), r: Rect, side: Side) -> (f64, f64) {
    match side {
        Side::Left | Side::Right => (p.0, p.1.round().clamp(r.1, r.1 + r.3)),
        Side::Top | Side::Bottom => (p.0.round().clamp(r.0, r.0 + r.2), p.1),
    }
}

// ----- paths ----------------------------------------------------------------------------------

/// What a path must keep out of: the padded boxes of the shapes near it, and its own two shapes
/// (unpadded: it starts and ends on their borders).
struct Obstacles<'a> {
    boxes: Vec<Rect>,
    /// Connectors routed before, which this one must not run along (crossing them is fine),
    /// unless they go into the same target.
    taken: &'a Taken,
    target: usize,
}

impl Obstacles<'_> {
    fn clear(&self, points: &[(f64, f64)]) -> bool {
        points.windows(2).all(|w| self.free(w[0], w[1]))
    }
    fn free(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        self.boxes.iter().all(|&r| !crosses(r, a, b)) && !self.taken.along(a, b, self.target)
    }
}

/// Where a segment runs on its line, and the shape its connector goes into.
type Stretch = (f64, f64, usize);
/// A point on the page.
type Point = (f64, f64);

/// The segments of the connectors routed so far, by the line they run on.
#[derive(Default)]
struct Taken {
    /// (vertical, line coordinate in half pixels, stretch of the line) → [(from, to, target)].
    lines: HashMap<(bool, i64, i64), Vec<Stretch>>,
    /// Coarse cells → the lines that pass through them: (vertical, coordinate).
    cells: HashMap<(i64, i64), Vec<(bool, f64)>>,
    /// Segments longer than `LONG` cells, by line.
    long: HashMap<(bool, i64), Vec<Stretch>>,
}

/// Segments spanning more cells than this are kept by line only.
const LONG: i64 = 256;

const TAKEN_CELL: f64 = 240.0;

fn line_of(a: (f64, f64), b: (f64, f64)) -> (bool, f64, f64, f64) {
    let vertical = (a.0 - b.0).abs() < 1e-6;
    if vertical {
        (true, a.0, a.1.min(b.1), a.1.max(b.1))
    } else {
        (false, a.1, a.0.min(b.0), a.0.max(b.0))
    }
}

impl Taken {
    fn key(vertical: bool, c: f64) -> (bool, i64) {
        (vertical, (c * 2.0).round() as i64)
    }
    /// Whether a–b runs along a connector into another target for more than a pixel.
    fn along(&self, a: (f64, f64), b: (f64, f64), target: usize) -> bool {
        let (vertical, c, lo, hi) = line_of(a, b);
        let key = Self::key(vertical, c);
        let hits = |l: &Vec<Stretch>| l.iter().any(|&(x, y, t)| t != target && hi.min(y) - lo.max(x) > 1.0);
        let cells = Index::span(lo, hi, TAKEN_CELL);
        let near = if cells.end() - cells.start() > LONG {
            // A very long segment: every stretch kept on its line.
            self.lines.iter().any(|(k, l)| (k.0, k.1) == key && hits(l))
        } else {
            cells.into_iter().any(|cell| self.lines.get(&(key.0, key.1, cell)).is_some_and(hits))
        };
        near || self.long.get(&key).is_some_and(hits)
    }
    fn add(&mut self, points: &[(f64, f64)], target: usize) {
        for w in points.windows(2) {
            let (vertical, c, lo, hi) = line_of(w[0], w[1]);
            let key = Self::key(vertical, c);
            let cells = Index::span(lo, hi, TAKEN_CELL);
            if cells.end() - cells.start() > LONG {
                // Far too long to file cell by cell (a drawing with far-flung shapes).
                self.long.entry(key).or_default().push((lo, hi, target));
                continue;
            }
            for cell in cells {
                self.lines.entry((key.0, key.1, cell)).or_default().push((lo, hi, target));
            }
            let r = if vertical { (c, lo, 0.0, hi - lo) } else { (lo, c, hi - lo, 0.0) };
            for cx in Index::span(r.0, r.0 + r.2, TAKEN_CELL) {
                for cy in Index::span(r.1, r.1 + r.3, TAKEN_CELL) {
                    self.cells.entry((cx, cy)).or_default().push((vertical, c));
                }
            }
        }
    }
    /// Lines of taken segments in `area`, for a search to run beside them.
    fn lines_in(&self, area: Rect) -> Vec<(bool, f64)> {
        let mut out = gather(&self.cells, area, TAKEN_CELL);
        let (lo_x, hi_x, lo_y, hi_y) = (area.0, area.0 + area.2, area.1, area.1 + area.3);
        for &(vertical, half) in self.long.keys() {
            let c = half as f64 / 2.0;
            if (vertical && c >= lo_x && c <= hi_x) || (!vertical && c >= lo_y && c <= hi_y) {
                out.push((vertical, c));
            }
        }
        out
    }
}

fn step(p: (f64, f64), d: (f64, f64), len: f64) -> (f64, f64) {
    (p.0 + d.0 * len, p.1 + d.1 * len)
}

/// The simple candidate paths from `p` (leaving along `dp`) to `q` (entered against `dq`, the
/// outward direction of the target's side): straight, one bend, two bends half-way, or round
/// the outside. Points include both ends.
fn candidates(p: (f64, f64), dp: (f64, f64), q: (f64, f64), dq: (f64, f64), around: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let ps = step(p, dp, STUB);
    let qs = step(q, dq, STUB);
    let horizontal = |d: (f64, f64)| d.1 == 0.0;
    if horizontal(dp) && horizontal(dq) {
        if dp.0 == -dq.0 {
            // Facing each other (front to back): straight, or a step half-way.
            if (p.1 - q.1).abs() < 0.5 && (q.0 - p.0) * dp.0 > 0.0 {
                out.push(vec![p, q]);
            }
            for mid in tracks((p.0 + q.0) / 2.0) {
                if (mid - p.0) * dp.0 >= STUB / 2.0 && (q.0 - mid) * dp.0 >= STUB / 2.0 {
                    out.push(vec![p, (mid, p.1), (mid, q.1), q]);
                }
            }
            // Round: out, across, back in.
            for y in tracks_away(around, if around < p.1 { -1.0 } else { 1.0 }) {
                out.push(vec![p, ps, (ps.0, y), (qs.0, y), qs, q]);
            }
        } else {
            // Both the same way (a loop out of one side and into the same side).
            let x = if dp.0 > 0.0 { ps.0.max(qs.0) } else { ps.0.min(qs.0) };
            out.push(vec![p, (x, p.1), (x, q.1), q]);
        }
    } else if !horizontal(dp) && !horizontal(dq) {
        if dp.1 == -dq.1 {
            if (p.0 - q.0).abs() < 0.5 && (q.1 - p.1) * dp.1 > 0.0 {
                out.push(vec![p, q]);
            }
            for mid in tracks((p.1 + q.1) / 2.0) {
                if (mid - p.1) * dp.1 >= STUB / 2.0 && (q.1 - mid) * dp.1 >= STUB / 2.0 {
                    out.push(vec![p, (p.0, mid), (q.0, mid), q]);
                }
            }
        } else {
            // Out of the same side of both (a loop back round below or above): a U.
            let y = if dp.1 > 0.0 { ps.1.max(qs.1).max(around) } else { ps.1.min(qs.1).min(around) };
            for y in tracks_away(y, dp.1) {
                out.push(vec![p, (p.0, y), (q.0, y), q]);
            }
        }
    } else if horizontal(dp) {
        // Out sideways, in from above or below: one bend where they meet.
        if (q.0 - p.0) * dp.0 >= STUB && (p.1 - q.1) * dq.1 >= STUB {
            out.push(vec![p, (q.0, p.1), q]);
        }
        out.push(vec![p, ps, (ps.0, qs.1), qs, q]);
    } else {
        // Out of the top or bottom, in from a side: one bend.
        if (q.1 - p.1) * dp.1 >= STUB && (p.0 - q.0) * dq.0 >= STUB {
            out.push(vec![p, (p.0, q.1), q]);
        }
        out.push(vec![p, ps, (qs.0, ps.1), qs, q]);
    }
    out
}

/// A line and the tracks beside it, nearest first: where a connector may run when another
/// already runs on the line.
fn tracks(c: f64) -> impl Iterator<Item = f64> {
    (0..7).map(move |k| c + TRACK * if k % 2 == 1 { (k / 2 + 1) as f64 } else { -((k / 2) as f64) })
}

/// A line and the tracks beyond it in direction `d` (±1).
fn tracks_away(c: f64, d: f64) -> impl Iterator<Item = f64> {
    (0..5).map(move |k| c + d * TRACK * k as f64)
}

/// Shortest orthogonal path with the fewest bends from `p` to `q` over the grid of lines along
/// the obstacles' borders, inside `area`; None when the ends are walled in.
fn search(
    p: (f64, f64),
    dp: (f64, f64),
    q: (f64, f64),
    dq: (f64, f64),
    obstacles: &Obstacles,
    area: Rect,
) -> Result<Vec<(f64, f64)>, bool> {
    let ps = step(p, dp, STUB);
    let qs = step(q, dq, STUB);
    let mut xs = vec![ps.0, qs.0, area.0, area.0 + area.2, (ps.0 + qs.0) / 2.0];
    let mut ys = vec![ps.1, qs.1, area.1, area.1 + area.3, (ps.1 + qs.1) / 2.0];
    for &r in &obstacles.boxes {
        xs.extend([r.0, r.0 + r.2]);
        ys.extend([r.1, r.1 + r.3]);
    }
    // Beside connectors already there, one track away on either side.
    for (vertical, c) in obstacles.taken.lines_in(area) {
        let v = if vertical { &mut xs } else { &mut ys };
        v.extend([c - TRACK, c + TRACK]);
    }
    for v in [&mut xs, &mut ys] {
        v.retain(|c| c.is_finite());
        crate::order::sort_by_number(v, |c| *c);
        v.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    }
    let (nx, ny) = (xs.len(), ys.len());
    if nx.saturating_mul(ny) > 40_000 {
        return Err(false); // too crowded to search: the caller falls back to a plain route
    }
    // The grid index of a coordinate (every box border is a grid line).
    let find = |v: &[f64], c: f64| {
        let i = v.partition_point(|&x| x < c - 0.5);
        (i < v.len() && (v[i] - c).abs() < 0.5).then_some(i)
    };
    let (Some(sx), Some(sy), Some(tx), Some(ty)) = (find(&xs, ps.0), find(&ys, ps.1), find(&xs, qs.0), find(&ys, qs.1))
    else {
        return Err(false);
    };
    // What the boxes block, cell by cell: grid points strictly inside a box, and the grid
    // segments from (x, y) to (x + 1, y) and to (x, y + 1) that run through one.
    let mut inside = vec![false; nx * ny];
    let mut h_blocked = vec![false; nx * ny];
    let mut v_blocked = vec![false; nx * ny];
    for r in &obstacles.boxes {
        let lo_x = xs.partition_point(|&x| x < r.0 - 0.25);
        let hi_x = xs.partition_point(|&x| x <= r.0 + r.2 + 0.25);
        let lo_y = ys.partition_point(|&y| y < r.1 - 0.25);
        let hi_y = ys.partition_point(|&y| y <= r.1 + r.3 + 0.25);
        if lo_x >= hi_x || lo_y >= hi_y {
            continue;
        }
        let (x0, x1, y0, y1) = (lo_x, hi_x - 1, lo_y, hi_y - 1);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let k = y * nx + x;
                let (in_x, in_y) = (x > x0 && x < x1, y > y0 && y < y1);
                if in_x && in_y {
                    inside[k] = true;
                }
                if in_y && x < x1 {
                    h_blocked[k] = true;
                }
                if in_x && y < y1 {
                    v_blocked[k] = true;
                }
            }
        }
    }
    if inside[sy * nx + sx] || inside[ty * nx + tx] || !obstacles.clear(&[p, ps]) || !obstacles.clear(&[qs, q]) {
        return Err(false);
    }
    // State: grid point and the direction it was entered in (0..4; 4 = start).
    let dirs = [(1i64, 0i64), (-1, 0), (0, 1), (0, -1)];
    let start_dir = dirs.iter().position(|&(dx, dy)| (dx as f64, dy as f64) == dp).unwrap_or(4);
    let key = |x: usize, y: usize, d: usize| (y * nx + x) * 5 + d;
    let mut best = vec![f64::INFINITY; nx * ny * 5];
    let mut from: Vec<u32> = vec![u32::MAX; nx * ny * 5];
    let h = |x: usize, y: usize| (xs[x] - qs.0).abs() + (ys[y] - qs.1).abs();
    #[derive(PartialEq)]
    struct Item(f64, usize, usize, usize);
    impl Eq for Item {}
    impl PartialOrd for Item {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Item {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            o.0.total_cmp(&self.0).then_with(|| o.1.cmp(&self.1)).then_with(|| o.2.cmp(&self.2))
        }
    }
    let mut heap = BinaryHeap::new();
    best[key(sx, sy, start_dir)] = 0.0;
    heap.push(Item(h(sx, sy), sx, sy, start_dir));
    // The direction the path must arrive at `qs` in: towards the target.
    let end_dir = dirs.iter().position(|&(dx, dy)| (dx as f64, dy as f64) == (-dq.0, -dq.1));
    let mut found = None;
    let mut pops = 0usize;
    let mut reached_edge = false;
    while let Some(Item(f, x, y, d)) = heap.pop() {
        let g = best[key(x, y, d)];
        if f - h(x, y) > g + 1e-9 {
            continue;
        }
        pops += 1;
        if pops > 40_000 {
            return Err(false);
        }
        // The search reached the edge of its area: a larger one may find a way round.
        reached_edge |= x == 0 || y == 0 || x + 1 == nx || y + 1 == ny;
        if x == tx && y == ty {
            // Arriving against the target's side costs a last bend, like any other.
            let extra = if end_dir.is_some_and(|e| e != d) { BEND } else { 0.0 };
            if extra == 0.0 || found.is_none() {
                found = Some((x, y, d, g + extra));
            }
            if extra == 0.0 {
                break;
            }
            continue;
        }
        for (nd, &(dx, dy)) in dirs.iter().enumerate() {
            // No turning straight back.
            if d < 4 && dirs[d] == (-dx, -dy) {
                continue;
            }
            let (nx_, ny_) = (x as i64 + dx, y as i64 + dy);
            if nx_ < 0 || ny_ < 0 || nx_ >= nx as i64 || ny_ >= ny as i64 {
                continue;
            }
            let (nxu, nyu) = (nx_ as usize, ny_ as usize);
            let (a, b) = ((xs[x], ys[y]), (xs[nxu], ys[nyu]));
            let blocked = match (dx, dy) {
                (1, _) => h_blocked[y * nx + x],
                (-1, _) => h_blocked[y * nx + nxu],
                (_, 1) => v_blocked[y * nx + x],
                _ => v_blocked[nyu * nx + x],
            };
            if blocked || inside[nyu * nx + nxu] || obstacles.taken.along(a, b, obstacles.target) {
                continue;
            }
            let len = (b.0 - a.0).abs() + (b.1 - a.1).abs();
            let ng = g + len + if d < 4 && d != nd { BEND } else { 0.0 };
            let k = key(nxu, nyu, nd);
            if ng + 1e-9 < best[k] {
                best[k] = ng;
                from[k] = key(x, y, d) as u32;
                heap.push(Item(ng + h(nxu, nyu), nxu, nyu, nd));
            }
        }
    }
    let Some((x, y, d, _)) = found else {
        return Err(reached_edge);
    };
    let mut path = vec![q, qs];
    let mut k = key(x, y, d);
    while from[k] != u32::MAX {
        k = from[k] as usize;
        let cell = k / 5;
        path.push((xs[cell % nx], ys[cell / nx]));
    }
    path.push(p);
    path.reverse();
    Ok(simplify(path))
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|&l| (l.0 - p.0).abs() < 1e-6 && (l.1 - p.1).abs() < 1e-6) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let same_x = (a.0 - b.0).abs() < 1e-6 && (b.0 - p.0).abs() < 1e-6;
            let same_y = (a.1 - b.1).abs() < 1e-6 && (b.1 - p.1).abs() < 1e-6;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The path of one connector between its ports.
/// Where connectors leave or enter their shapes: the first stretch out of each port, which no
/// other connector may run along or cross.
struct Stubs {
    index: Index,
    rects: Vec<Rect>,
    /// The connector and the shape of each stub.
    owners: Vec<(usize, usize)>,
}

impl Stubs {
    fn new(ends: &[(usize, usize)], ports: &[(Point, Point)], sides: &[(Side, Side)]) -> Self {
        let mut rects = Vec::with_capacity(2 * ends.len());
        let mut owners = Vec::with_capacity(2 * ends.len());
        for (i, ((&(a, b), &(p, q)), &(sa, sb))) in ends.iter().zip(ports).zip(sides).enumerate() {
            for (shape, port, side) in [(a, p, sa), (b, q, sb)] {
                let tip = step(port, side.outward(), STUB);
                rects.push(inflate(bounds_of(&[port, tip]), 1.0));
                owners.push((i, shape));
            }
        }
        Stubs { index: Index::new(&rects, 0.0), rects, owners }
    }
}

fn path(
    index: &Index,
    rects: &[Rect],
    (stubs, me): (&Stubs, usize),
    taken: &Taken,
    (a, b): (usize, usize),
    (p, q): ((f64, f64), (f64, f64)),
    (sa, sb): (Side, Side),
) -> Vec<(f64, f64)> {
    let (dp, dq) = (sa.outward(), sb.outward());
    if a == b {
        // A connector back into its own shape: out, round the corner, in.
        let (ps, qs) = (step(p, dp, STUB + CLEARANCE), step(q, dq, STUB + CLEARANCE));
        return simplify(vec![p, ps, (ps.0, qs.1), qs, q]);
    }
    let ends = bounds_of(&[p, q, step(p, dp, STUB), step(q, dq, STUB)]);
    let mut margin = 3.0 * (STUB + CLEARANCE);
    for _ in 0..4 {
        let area = inflate(ends, margin);
        let near = index.near(area);
        let mut boxes: Vec<Rect> = near
            .iter()
            .filter(|&&i| i as usize != a && i as usize != b)
            .map(|&i| inflate(rects[i as usize], CLEARANCE))
            .collect();
        boxes.push(rects[a]);
        boxes.push(rects[b]);
        // Other connectors' stubs, except at this connector's own shapes (where connectors may
        // meet: a merge into one port).
        boxes.extend(stubs.index.near(area).into_iter().filter_map(|k| {
            let (owner, shape) = stubs.owners[k as usize];
            (owner != me && shape != a && shape != b).then_some(stubs.rects[k as usize])
        }));
        let obstacles = Obstacles { boxes, taken, target: b };
        // "Round the outside" runs just past the shapes in the way, on the side the ports face.
        let around = {
            let hs: Vec<Rect> =
                obstacles.boxes.iter().copied().filter(|r| r.0 < ends.0 + ends.2 && r.0 + r.2 > ends.0).collect();
            if dp.1 < 0.0 || (dp.1 == 0.0 && dq.1 < 0.0) {
                hs.iter().map(|r| r.1).fold(ends.1, f64::min) - STUB
            } else {
                hs.iter().map(|r| r.1 + r.3).fold(ends.1 + ends.3, f64::max) + STUB
            }
        };
        if let Some(c) = candidates(p, dp, q, dq, around).into_iter().map(simplify).find(|c| obstacles.clear(c)) {
            return c;
        }
        match search(p, dp, q, dq, &obstacles, area) {
            Ok(found) => return found,
            // Walled in, or too crowded: a larger area would not help.
            Err(false) => break,
            Err(true) => margin *= 4.0,
        }
    }
    // Walled in (shapes drawn over each other): the plain elbow route.
    simplify(vec![p, ((p.0 + q.0) / 2.0, p.1), ((p.0 + q.0) / 2.0, q.1), q])
}

// ----- bend points ----------------------------------------------------------------------------

/// Where a connector with bend points runs: from the border of `a` towards its first point,
/// through every point, to the border of `b` from its last, with a corner added wherever two
/// consecutive points are not in line (so that every segment stays horizontal or vertical).
pub fn manual_path(a: Rect, b: Rect, points: &[[f64; 2]]) -> Vec<(f64, f64)> {
    let pts: Vec<(f64, f64)> = points.iter().map(|p| (p[0], p[1])).collect();
    let (Some(&first), Some(&last)) = (pts.first(), pts.last()) else {
        return Vec::new();
    };
    let mut out = attach(a, first);
    for w in pts.windows(2) {
        let (p, q) = (w[0], w[1]);
        if (p.0 - q.0).abs() > 1e-6 && (p.1 - q.1).abs() > 1e-6 {
            out.push((q.0, p.1));
        }
        out.push(q);
    }
    let mut end = attach(b, last);
    end.reverse();
    out.extend(end.into_iter().skip(1));
    simplify(out)
}

/// The bend points of a connector after segment `index` of its route (`route`, border to
/// border) is dragged sideways by `d`: the corners of the route, with the two ends of that
/// segment moved. A route of one straight segment gets a step of four corners instead, so that
/// its middle moves while its ends stay on their shapes. The ends' own segments (first and
/// last) do not move on their own: an unknown segment leaves the corners as they are.
pub fn drag_segment(route: &[(f64, f64)], index: usize, d: f64) -> Vec<(f64, f64)> {
    let n = route.len();
    if n < 2 {
        return Vec::new();
    }
    if n == 2 {
        let (a, b) = (route[0], route[1]);
        if (a.1 - b.1).abs() < 1e-6 {
            let s = ((b.0 - a.0) / 4.0).clamp(-STUB * 1.5, STUB * 1.5);
            return vec![(a.0 + s, a.1), (a.0 + s, a.1 + d), (b.0 - s, a.1 + d), (b.0 - s, b.1)];
        }
        let s = ((b.1 - a.1) / 4.0).clamp(-STUB * 1.5, STUB * 1.5);
        return vec![(a.0, a.1 + s), (a.0 + d, a.1 + s), (a.0 + d, b.1 - s), (b.0, b.1 - s)];
    }
    let mut corners = route[1..n - 1].to_vec();
    if index >= 1 && index + 2 < n {
        let vertical = (route[index].0 - route[index + 1].0).abs() < 1e-6;
        for c in &mut corners[index - 1..=index] {
            if vertical {
                c.0 += d;
            } else {
                c.1 += d;
            }
        }
    }
    corners
}

/// The segments of a route that can be dragged sideways: the inner ones, or the only one.
pub fn draggable_segments(route: &[(f64, f64)]) -> Vec<usize> {
    match route.len() {
        0 | 1 => Vec::new(),
        2 => vec![0],
        n => (1..n - 2).collect(),
    }
}

/// The border point of `r` that faces `p` straight across (below or above it, beside it), then
/// a corner if `p` lies diagonally off the box, then `p` itself.
fn attach(r: Rect, p: (f64, f64)) -> Vec<(f64, f64)> {
    let (l, t, rr, bb) = (r.0, r.1, r.0 + r.2, r.1 + r.3);
    let (cx, cy) = (l + r.2 / 2.0, t + r.3 / 2.0);
    if p.0 >= l && p.0 <= rr && !(p.1 >= t && p.1 <= bb) {
        vec![(p.0, if p.1 < cy { t } else { bb }), p]
    } else if p.1 >= t && p.1 <= bb && !(p.0 >= l && p.0 <= rr) {
        vec![(if p.0 < cx { l } else { rr }, p.1), p]
    } else if p.0 >= l && p.0 <= rr {
        // Inside the box: from its centre line's border.
        vec![(cx, if p.1 < cy { t } else { bb }), (cx, p.1), p]
    } else {
        // Diagonally off: out of the side facing it horizontally, then a corner.
        let x = if p.0 < cx { l } else { rr };
        vec![(x, cy), (p.0, cy), p]
    }
}

// ----- labels ---------------------------------------------------------------------------------

/// Where to write each connector's label: beside the middle of one of its segments (longest
/// first), on whichever side covers no shape and no label placed before it.
fn place_labels(
    doc: &Document,
    routes: &[Vec<(f64, f64)>],
    edges: &[usize],
    rects: &[Rect],
    index: &Index,
) -> Vec<Option<(f64, f64)>> {
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::with_capacity(routes.len());
    for (pts, &e) in routes.iter().zip(edges) {
        let text = label_text(&doc.edges[e]);
        if text.is_empty() || pts.len() < 2 {
            out.push(None);
            continue;
        }
        let (w, h) = (text_width(&text, LABEL_FONT), LABEL_FONT * 1.2);
        let mut segs: Vec<((f64, f64), (f64, f64))> = pts.windows(2).map(|s| (s[0], s[1])).collect();
        crate::order::sort_by_number(&mut segs, |s| -seg_len(s));
        let mut choice = None;
        'search: for &(a, b) in &segs {
            for t in [0.5, 0.3, 0.7] {
                let m = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                let vertical = (a.0 - b.0).abs() < 1e-6;
                // Anchor = text start on its baseline; box = where the text is.
                let options = if vertical {
                    [(m.0 + 4.0, m.1 + h / 3.0), (m.0 - 4.0 - w, m.1 + h / 3.0)]
                } else {
                    [(m.0 - w / 2.0, m.1 - 4.0), (m.0 - w / 2.0, m.1 + 4.0 + h * 0.8)]
                };
                for anchor in options {
                    let r = (anchor.0, anchor.1 - h * 0.8, w, h);
                    let hits_shape = index.near(r).iter().any(|&i| overlaps(rects[i as usize], r));
                    let hits_label = placed.iter().any(|&p| overlaps(p, r));
                    if !hits_shape && !hits_label {
                        choice = Some((anchor, r));
                        break 'search;
                    }
                }
            }
        }
        // Nowhere free: beside the middle of the longest segment anyway.
        let (anchor, r) = choice.unwrap_or_else(|| {
            let (a, b) = segs[0];
            let m = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            ((m.0 + 4.0, m.1 - 4.0), (m.0 + 4.0, m.1 - 4.0 - h * 0.8, w, h))
        });
        placed.push(r);
        out.push(Some(anchor));
    }
    out
}

fn seg_len(s: &((f64, f64), (f64, f64))) -> f64 {
    (s.1 .0 - s.0 .0).abs() + (s.1 .1 - s.0 .1).abs()
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

// ----- the whole diagram ----------------------------------------------------------------------

/// The routes of every connector of a swimlane diagram (or any diagram drawn with orthogonal
/// connectors), in the order of `doc.edges`; None for a connector whose ends are missing.
pub fn route_all(doc: &Document) -> Vec<Option<Route>> {
    let rects: Vec<Rect> = doc.nodes.iter().map(|n| rect(n)).collect();
    let kinds: Vec<NodeType> = doc.nodes.iter().map(|n| n.kind).collect();
    let pos: HashMap<&str, usize> = doc.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    // Connectors whose two ends exist, and where they are in `doc.edges`.
    let (present, ends): (Vec<usize>, Vec<(usize, usize)>) = doc
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((i, (*pos.get(e.from.as_str())?, *pos.get(e.to.as_str())?))))
        .unzip();
    let index = Index::new(&rects, CLEARANCE);
    let sides = sides(doc, &rects, &kinds, &ends);
    let ports = ports(&rects, &kinds, &ends, &sides);
    let stubs = Stubs::new(&ends, &ports, &sides);
    // One after another, each keeping off the lines of those before it.
    let mut taken = Taken::default();
    let mut paths: Vec<Vec<(f64, f64)>> = Vec::with_capacity(ends.len());
    for (i, ((&e, &p), &s)) in ends.iter().zip(&ports).zip(&sides).enumerate() {
        let bends = &doc.edges[present[i]].points;
        let found = if bends.is_empty() || e.0 == e.1 {
            path(&index, &rects, (&stubs, i), &taken, e, p, s)
        } else {
            manual_path(rects[e.0], rects[e.1], bends)
        };
        taken.add(&found, e.1);
        paths.push(found);
    }
    let labels = place_labels(doc, &paths, &present, &rects, &index);
    let mut out = vec![None; doc.edges.len()];
    for ((i, points), label) in present.into_iter().zip(paths).zip(labels) {
        out[i] = Some(Route { points, label });
    }
    out
}

/// One connector of [`route_area`]: where it is in `doc.edges`, where its two shapes are in
/// `doc.nodes`, and its route.
pub struct AreaRoute {
    pub edge: usize,
    pub from: usize,
    pub to: usize,
    pub route: Route,
}

/// The part of a large diagram on screen: the connectors touching the shapes in `area`, routed
/// together as [`route_all`] routes a whole diagram, with the shapes in the area and those
/// connectors' other ends as the shapes to keep off. Each shape in the area keeps all its
/// connectors, so its ports are where the whole diagram's routing puts them. In document
/// order; None when more than `max` connectors touch the area. Two passes over the shapes and
/// one over the connectors, whatever the size of the diagram.
pub fn route_area(doc: &Document, area: Rect, max: usize) -> Option<Vec<AreaRoute>> {
    let ids: rustc_hash::FxHashSet<&str> =
        doc.nodes.iter().filter(|n| overlaps(rect(n), area)).map(|n| n.id.as_str()).collect();
    let edges: Vec<usize> = doc
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| ids.contains(e.from.as_str()) || ids.contains(e.to.as_str()))
        .map(|(i, _)| i)
        .collect();
    if edges.len() > max {
        return None;
    }
    // The shapes taking part: those in the area and the connectors' other ends, in document
    // order.
    let ends: rustc_hash::FxHashSet<&str> =
        edges.iter().flat_map(|&i| [doc.edges[i].from.as_str(), doc.edges[i].to.as_str()]).collect();
    let nodes: Vec<usize> = doc
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| ids.contains(n.id.as_str()) || ends.contains(n.id.as_str()))
        .map(|(i, _)| i)
        .collect();
    let at: HashMap<&str, usize> = nodes.iter().map(|&i| (doc.nodes[i].id.as_str(), i)).collect();
    let mut part = Document::new(doc.kind, "");
    part.settings = doc.settings.clone();
    part.lanes = doc.lanes.clone();
    part.nodes = nodes.iter().map(|&i| doc.nodes[i].clone()).collect();
    part.edges = edges.iter().map(|&i| doc.edges[i].clone()).collect();
    Some(
        edges
            .into_iter()
            .zip(route_all(&part))
            .filter_map(|(i, r)| {
                let e = &doc.edges[i];
                Some(AreaRoute { edge: i, from: *at.get(e.from.as_str())?, to: *at.get(e.to.as_str())?, route: r? })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Lane};

    fn doc(nodes: &[(&str, NodeType, f64, f64)], edges: &[(&str, &str, &str)]) -> Document {
        let mut d = Document::new(Kind::Swimlane, "t");
        d.lanes.push(Lane::new("l", "L"));
        for &(id, kind, x, y) in nodes {
            d.nodes.push(Node::new(id, kind, id, x, y).into());
        }
        for &(id, a, b) in edges {
            d.edges.push(Edge::new(id, a, b).into());
        }
        d
    }

    #[test]
    fn shapes_in_a_row_are_joined_by_straight_lines() {
        let d = doc(&[("a", NodeType::Task, 0.0, 0.0), ("b", NodeType::Task, 200.0, 0.0)], &[("e", "a", "b")]);
        let r = route_all(&d);
        assert_eq!(r[0].as_ref().unwrap().points, vec![(120.0, 30.0), (200.0, 30.0)]);
    }

    #[test]
    fn the_branches_of_a_decision_leave_from_different_sides() {
        let d = doc(
            &[
                ("d", NodeType::Decision, 0.0, 100.0),
                ("yes", NodeType::Task, 200.0, 105.0),
                ("no", NodeType::Task, 200.0, 300.0),
            ],
            &[("e1", "d", "yes"), ("e2", "d", "no")],
        );
        let r = route_all(&d);
        let first = |i: usize| r[i].as_ref().unwrap().points[0];
        assert_ne!(first(0), first(1), "{r:?}");
    }

    #[test]
    fn a_dragged_segment_becomes_bend_points_that_route_the_same_way() {
        let a = (0.0, 0.0, 120.0, 60.0);
        let b = (300.0, 200.0, 120.0, 60.0);
        let route = vec![(120.0, 30.0), (210.0, 30.0), (210.0, 230.0), (300.0, 230.0)];
        assert_eq!(draggable_segments(&route), vec![1]);
        let corners = drag_segment(&route, 1, 40.0);
        assert_eq!(corners, vec![(250.0, 30.0), (250.0, 230.0)]);
        let pts: Vec<[f64; 2]> = corners.iter().map(|&(x, y)| [x, y]).collect();
        assert_eq!(manual_path(a, b, &pts), vec![(120.0, 30.0), (250.0, 30.0), (250.0, 230.0), (300.0, 230.0)]);
        // A straight connector gets a step.
        let straight = vec![(120.0, 30.0), (300.0, 30.0)];
        let step = drag_segment(&straight, 0, 50.0);
        let pts: Vec<[f64; 2]> = step.iter().map(|&(x, y)| [x, y]).collect();
        let b2 = (300.0, 0.0, 120.0, 60.0);
        let path = manual_path(a, b2, &pts);
        assert_eq!(path.first(), Some(&(120.0, 30.0)));
        assert_eq!(path.last(), Some(&(300.0, 30.0)));
        assert!(path.iter().any(|p| p.1 == 80.0), "{path:?}");
        assert!(path.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1));
    }

    #[test]
    fn a_loop_back_goes_round_the_shapes_between() {
        let d = doc(
            &[("a", NodeType::Task, 0.0, 0.0), ("b", NodeType::Task, 200.0, 0.0), ("c", NodeType::Task, 400.0, 0.0)],
            &[("e1", "a", "b"), ("e2", "b", "c"), ("back", "c", "a")],
        );
        let r = route_all(&d);
        let back = &r[2].as_ref().unwrap().points;
        for (i, n) in d.nodes.iter().enumerate() {
            for w in back.windows(2) {
                assert!(!crosses(rect(n), w[0], w[1]), "loop crosses shape {i}: {back:?}");
            }
        }
        assert!(back.iter().any(|p| p.1 > 60.0), "the loop goes below: {back:?}");
    }

    #[test]
    fn an_area_holding_the_whole_diagram_routes_as_the_whole_does() {
        let d = doc(
            &[("a", NodeType::Task, 0.0, 0.0), ("b", NodeType::Task, 200.0, 0.0), ("c", NodeType::Task, 400.0, 0.0)],
            &[("e1", "a", "b"), ("e2", "b", "c"), ("back", "c", "a")],
        );
        let whole = route_all(&d);
        let area = route_area(&d, (-100.0, -100.0, 800.0, 400.0), 10).unwrap();
        assert_eq!(area.len(), 3);
        for a in area {
            assert_eq!(Some(a.route), whole[a.edge]);
            let e = &d.edges[a.edge];
            assert_eq!((d.nodes[a.from].id.as_str(), d.nodes[a.to].id.as_str()), (e.from.as_str(), e.to.as_str()));
        }
        // Only what touches the area; too many connectors: none.
        let part = route_area(&d, (380.0, 0.0, 50.0, 50.0), 10).unwrap();
        assert_eq!(part.iter().map(|a| a.edge).collect::<Vec<_>>(), vec![1, 2]);
        assert!(route_area(&d, (-100.0, -100.0, 800.0, 400.0), 2).is_none());
    }
}
