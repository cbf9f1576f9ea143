//! Canvas geometry that the editor and the renderer share: lane bands, which lane a point is in,
//! hit testing, grid snapping and orthogonal (elbow) routing of connectors. Pure arithmetic on the
//! document's coordinates; no DOM measurement.

use crate::model::{Document, Node, Orientation};

/// Grid step for snapping, in canvas px.
pub const GRID: f64 = 10.0;
/// Thickness of a lane's title strip along the flow axis.
pub const LANE_HEADER: f64 = 40.0;
/// Minimum length of a lane along the flow axis.
pub const MIN_LANE_LENGTH: f64 = 1200.0;
/// Smallest lane thickness a resize can reach.
pub const MIN_LANE_SIZE: f64 = 60.0;

pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// One lane's place across the flow: from `start`, `size` thick.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub id: String,
    pub start: f64,
    pub size: f64,
}

impl Band {
    pub fn end(&self) -> f64 {
        self.start + self.size
    }
    pub fn contains(&self, v: f64) -> bool {
        v >= self.start && v < self.end()
    }
}

/// Lanes laid side by side across the flow, starting at 0, in document order.
pub fn lane_bands(doc: &Document) -> Vec<Band> {
    let mut start = 0.0;
    doc.lanes
        .iter()
        .map(|l| {
            let b = Band { id: l.id.clone(), start, size: l.size() };
            start += b.size;
            b
        })
        .collect()
}

/// The coordinate across the flow (y for horizontal lanes, x for vertical ones).
pub fn cross(orientation: Orientation, x: f64, y: f64) -> f64 {
    match orientation {
        Orientation::Horizontal => y,
        Orientation::Vertical => x,
    }
}

/// The lane a point falls in; a point beyond the first or last lane belongs to that lane.
/// None only when the document has no lanes.
pub fn lane_at(doc: &Document, x: f64, y: f64) -> Option<String> {
    let bands = lane_bands(doc);
    let v = cross(doc.settings.orientation, x, y);
    let first = bands.first()?;
    if v < first.start {
        return Some(first.id.clone());
    }
    bands.iter().find(|b| b.contains(v)).or(bands.last()).map(|b| b.id.clone())
}

/// The lane a node's centre is in.
pub fn lane_of_node(doc: &Document, node: &Node) -> Option<String> {
    let (cx, cy) = node.center();
    lane_at(doc, cx, cy)
}

/// Width and height of the drawing: every node and lane, with a margin.
pub fn extent(doc: &Document) -> (f64, f64) {
    let (mut w, mut h) = (0.0f64, 0.0f64);
    for n in &doc.nodes {
        w = w.max(n.x + n.width());
        h = h.max(n.y + n.height());
    }
    let lanes: f64 = doc.lanes.iter().map(|l| l.size()).sum();
    let length = lane_length(doc);
    match doc.settings.orientation {
        Orientation::Horizontal if !doc.lanes.is_empty() => (w.max(length), h.max(lanes)),
        Orientation::Vertical if !doc.lanes.is_empty() => (w.max(lanes), h.max(length)),
        _ => (w + 40.0, h + 40.0),
    }
}

/// How long lanes are drawn along the flow: past the furthest node, at least `MIN_LANE_LENGTH`.
pub fn lane_length(doc: &Document) -> f64 {
    let far = doc
        .nodes
        .iter()
        .map(|n| match doc.settings.orientation {
            Orientation::Horizontal => n.x + n.width(),
            Orientation::Vertical => n.y + n.height(),
        })
        .fold(0.0, f64::max);
    (far + 200.0).max(MIN_LANE_LENGTH)
}

/// Which way `free_position` slides a shape that would overlap another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slide {
    /// Further along the flow (a new shape placed in view).
    Along,
    /// Across the flow (a new branch next to an existing one).
    Across,
}

/// A free place for a new shape of size w × h wanted centred at (cx, cy): pulled inside the
/// lanes (past their title strip) when it would fall outside them, then slid until it overlaps
/// no other shape. Returns the centre.
pub fn free_position(doc: &Document, w: f64, h: f64, cx: f64, cy: f64, slide: Slide) -> (f64, f64) {
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let (mut u, mut v) = if vertical { (cy, cx) } else { (cx, cy) };
    let (lu, lv) = if vertical { (h, w) } else { (w, h) };
    let bands = lane_bands(doc);
    if let (Some(first), Some(last)) = (bands.first(), bands.last()) {
        if v - lv / 2.0 < first.start || v + lv / 2.0 > last.end() {
            let band = bands.iter().find(|b| b.contains(v)).unwrap_or(first);
            v = band.start + band.size / 2.0;
        }
        u = u.max(LANE_HEADER + 30.0 + lu / 2.0);
    }
    let overlaps = |u: f64, v: f64| {
        let (x, y) = if vertical { (v - w / 2.0, u - h / 2.0) } else { (u - w / 2.0, v - h / 2.0) };
        doc.nodes.iter().any(|n| {
            x < n.x + n.width() + 20.0 && n.x < x + w + 20.0 && y < n.y + n.height() + 20.0 && n.y < y + h + 20.0
        })
    };
    for _ in 0..1000 {
        if !overlaps(u, v) {
            break;
        }
        match slide {
            Slide::Along => u += lu.max(40.0) + 20.0,
            Slide::Across => v += lv.max(40.0) + 20.0,
        }
    }
    if vertical {
        (v, u)
    } else {
        (u, v)
    }
}

/// The topmost node (last drawn) under a point.
pub fn node_at(doc: &Document, x: f64, y: f64) -> Option<&Node> {
    doc.nodes.iter().rev().find(|n| x >= n.x && x <= n.x + n.width() && y >= n.y && y <= n.y + n.height()).map(|n| &**n)
}

/// Ids of the nodes wholly inside a rectangle (any corner order).
pub fn nodes_in_rect(doc: &Document, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> Vec<String> {
    let (l, r) = (x1.min(x2), x1.max(x2));
    let (t, b) = (y1.min(y2), y1.max(y2));
    doc.nodes
        .iter()
        .filter(|n| n.x >= l && n.x + n.width() <= r && n.y >= t && n.y + n.height() <= b)
        .map(|n| n.id.clone())
        .collect()
}

/// A rectangle: x, y, width, height.
pub type Rect = (f64, f64, f64, f64);

pub fn rect_of(n: &Node) -> Rect {
    (n.x, n.y, n.width(), n.height())
}

/// An orthogonal route between two boxes, as a polyline from the source's border to the target's.
///
/// Forward flow leaves the side facing the target and makes one elbow half-way; a connector
/// that goes back against the flow (a rework loop) leaves and enters from below (or, for
/// vertical lanes, from the right) and runs outside both boxes, so loops stay readable.
pub fn route(a: Rect, b: Rect, orientation: Orientation) -> Vec<(f64, f64)> {
    // Work in flow coordinates: u along the flow, v across it.
    let flip = |r: Rect| match orientation {
        Orientation::Horizontal => r,
        Orientation::Vertical => (r.1, r.0, r.3, r.2),
    };
    let (au, av, aw, ah) = flip(a);
    let (bu, bv, bw, bh) = flip(b);
    let (acu, acv) = (au + aw / 2.0, av + ah / 2.0);
    let (bcu, bcv) = (bu + bw / 2.0, bv + bh / 2.0);
    let pts: Vec<(f64, f64)> = if bu >= au + aw + 10.0 {
        // Target ahead along the flow.
        let (su, tu) = (au + aw, bu);
        if (acv - bcv).abs() < 1.0 {
            vec![(su, acv), (tu, bcv)]
        } else if (acv - bcv).abs() > ah / 2.0 {
            // Well off to the side (a branch): leave from the side facing it, one bend.
            let sv = if bcv > acv { av + ah } else { av };
            vec![(acu, sv), (acu, bcv), (tu, bcv)]
        } else {
            let mid = (su + tu) / 2.0;
            vec![(su, acv), (mid, acv), (mid, bcv), (tu, bcv)]
        }
    } else if bv >= av + ah + 10.0 || bv + bh + 10.0 <= av {
        // Overlapping along the flow but apart across it: leave from the facing side.
        let down = bv > av;
        let sv = if down { av + ah } else { av };
        let tv = if down { bv } else { bv + bh };
        if (acu - bcu).abs() < 1.0 {
            vec![(acu, sv), (bcu, tv)]
        } else {
            let mid = (sv + tv) / 2.0;
            vec![(acu, sv), (acu, mid), (bcu, mid), (bcu, tv)]
        }
    } else {
        // Back against the flow (a loop): go round below both boxes.
        let below = (av + ah).max(bv + bh) + 30.0;
        vec![(acu, av + ah), (acu, below), (bcu, below), (bcu, bv + bh)]
    };
    match orientation {
        Orientation::Horizontal => pts,
        Orientation::Vertical => pts.into_iter().map(|(u, v)| (v, u)).collect(),
    }
}

/// Where to put a connector's label: the middle of its longest segment.
pub fn label_point(points: &[(f64, f64)]) -> (f64, f64) {
    let mut best = (0.0, points.first().copied().unwrap_or_default());
    for w in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let len = (x2 - x1).abs() + (y2 - y1).abs();
        if len > best.0 {
            best = (len, ((x1 + x2) / 2.0, (y1 + y2) / 2.0));
        }
    }
    best.1
}

/// SVG path data for a polyline.
pub fn path_data(points: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&crate::format::coord(*x));
        d.push(' ');
        d.push_str(&crate::format::coord(*y));
    }
    d
}

/// Estimated advance of a character in ems: CJK and full-width forms are square, Latin narrower.
/// An estimate on purpose: measuring text in the DOM for every shape would stall large diagrams.
fn char_em(c: char) -> f64 {
    match c as u32 {
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => {
            1.0
        }
        _ if c.is_ascii_uppercase() || c == 'm' || c == 'w' => 0.68,
        _ if c == ' ' || c == 'i' || c == 'l' || c == '.' || c == ',' => 0.3,
        _ => 0.56,
    }
}

/// Estimated width of a single line of text at `font` px.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font
}

/// Breaks a label into lines that fit `max_width` at `font` px: Latin at spaces, CJK between any
/// two characters. Lines beyond `max_lines` are dropped and the last kept line ends with "…".
pub fn wrap_label(text: &str, max_width: f64, font: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        // Byte index in `line` just after the last place it may break, and the width up to there.
        let mut brk: Option<(usize, f64)> = None;
        for c in para.chars() {
            let w = char_em(c) * font;
            let cjk = char_em(c) == 1.0;
            if width + w > max_width && !line.is_empty() {
                match brk {
                    Some((at, bw)) if at > 0 && at < line.len() => {
                        let rest = line.split_off(at);
                        lines.push(line.trim_end().to_string());
                        line = rest.trim_start().to_string();
                        width -= bw;
                        width = width.max(0.0);
                    }
                    _ => {
                        lines.push(line.trim_end().to_string());
                        line = String::new();
                        width = 0.0;
                    }
                }
                brk = None;
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            if cjk && !line.is_empty() {
                brk = Some((line.len(), width));
            }
            line.push(c);
            width += w;
            if c == ' ' || cjk {
                brk = Some((line.len(), width));
            }
        }
        lines.push(line.trim_end().to_string());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.pop();
            *last = chars.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_labels_wrap_between_characters_and_latin_at_spaces() {
        assert_eq!(wrap_label("创建采购申请单据", 56.0, 14.0, 3), vec!["创建采购", "申请单据"]);
        assert_eq!(wrap_label("Approve purchase order", 110.0, 14.0, 3), vec!["Approve", "purchase order"]);
        assert_eq!(wrap_label("审批 PO", 200.0, 14.0, 3), vec!["审批 PO"]);
        let long = wrap_label("一二三四五六七八九十一二三四五六七八九十", 56.0, 14.0, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    use super::*;
    use crate::model::{Kind, Lane};

    #[test]
    fn forward_route_makes_one_elbow_between_facing_sides() {
        let pts = route((0.0, 0.0, 100.0, 50.0), (200.0, 10.0, 100.0, 50.0), Orientation::Horizontal);
        assert_eq!(pts, vec![(100.0, 25.0), (150.0, 25.0), (150.0, 35.0), (200.0, 35.0)]);
    }

    #[test]
    fn a_branch_off_to_the_side_leaves_from_the_facing_side_with_one_bend() {
        let pts = route((0.0, 0.0, 100.0, 50.0), (200.0, 100.0, 100.0, 50.0), Orientation::Horizontal);
        assert_eq!(pts, vec![(50.0, 50.0), (50.0, 125.0), (200.0, 125.0)]);
    }

    #[test]
    fn loop_back_goes_round_below_both_boxes() {
        let pts = route((300.0, 0.0, 100.0, 50.0), (0.0, 0.0, 100.0, 50.0), Orientation::Horizontal);
        assert_eq!(pts[1].1, 80.0);
        assert!(pts.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1), "orthogonal");
    }

    #[test]
    fn vertical_lanes_route_top_to_bottom() {
        let pts = route((0.0, 0.0, 100.0, 50.0), (0.0, 200.0, 100.0, 50.0), Orientation::Vertical);
        assert_eq!(pts, vec![(50.0, 50.0), (50.0, 200.0)]);
    }

    #[test]
    fn points_outside_the_lanes_belong_to_the_nearest_end_lane() {
        let mut doc = Document::new(Kind::Swimlane, "");
        doc.lanes = vec![Lane::new("a", "A"), Lane::new("b", "B")];
        assert_eq!(lane_at(&doc, 0.0, -5.0).as_deref(), Some("a"));
        assert_eq!(lane_at(&doc, 0.0, 170.0).as_deref(), Some("b"));
        assert_eq!(lane_at(&doc, 0.0, 900.0).as_deref(), Some("b"));
    }
}
