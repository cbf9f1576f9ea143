//! How a shape of a process diagram is drawn, as geometry: its outline, its glyph and where its
//! label's lines go. One source for the canvas (`ui::shapes`) and the picture export (`svg`),
//! so the two draw the same shapes.

pub mod vsm;

use crate::editor::layout::{route, wrap_label, Rect};
use crate::model::{ArrowKind, Document, Kind, Node, NodeType, Trigger};

/// Font size of shape labels, in px.
pub const FONT: f64 = 13.0;
/// Line height of shape labels, as a multiple of the font size.
pub const LINE: f64 = 1.25;

/// The outline of a shape in a box of w × h at the origin.
#[derive(Clone, Debug, PartialEq)]
pub enum Outline {
    Ellipse {
        cx: f64,
        cy: f64,
        rx: f64,
        ry: f64,
    },
    /// SVG polygon points.
    Polygon(String),
    /// SVG path data.
    Path(String),
    /// A rectangle with rounded corners.
    Rect {
        w: f64,
        h: f64,
        r: f64,
    },
}

pub fn outline(kind: NodeType, w: f64, h: f64) -> Outline {
    use NodeType::*;
    let (cx, cy) = (w / 2.0, h / 2.0);
    match kind {
        Start | End | Event => Outline::Ellipse { cx, cy, rx: cx, ry: cy },
        Decision | Parallel => Outline::Polygon(format!("{cx},0 {w},{cy} {cx},{h} 0,{cy}")),
        Form => {
            let wave = h * 0.85;
            Outline::Path(format!("M0 0 H{w} V{wave} Q{} {} {cx} {wave} T0 {wave} Z", w * 0.75, h * 0.7))
        }
        Inventory => Outline::Polygon(format!("{cx},0 {w},{h} 0,{h}")),
        _ => Outline::Rect { w, h, r: 6.0 },
    }
}

/// The mark inside a shape (the + of a parallel gateway, the ⊞ of a sub-process, an
/// intermediate event's inner ring and trigger), as path data.
pub fn glyph(node: &Node) -> Option<String> {
    let (w, h) = (node.width(), node.height());
    match node.kind {
        NodeType::Event => Some(event_glyph(node.trigger, w, h, true)),
        // A start or end with a trigger (a message start, an error end): the mark alone.
        NodeType::Start | NodeType::End if node.trigger.is_some() => Some(event_glyph(node.trigger, w, h, false)),
        NodeType::Parallel => {
            Some(format!("M{0} {1} V{2} M{3} {4} H{5}", w / 2.0, h * 0.25, h * 0.75, w * 0.25, h / 2.0, w * 0.75))
        }
        NodeType::Subprocess => Some(format!(
            "M{0} {1} V{2} M{3} {4} H{5}",
            w / 2.0,
            h - 14.0,
            h - 4.0,
            w / 2.0 - 5.0,
            h - 9.0,
            w / 2.0 + 5.0
        )),
        _ => None,
    }
}

/// An intermediate event's inner ring (`ring`) and the mark of its trigger (BPMN's: a clock,
/// an envelope, a triangle, a lightning bolt, a ruled sheet).
fn event_glyph(trigger: Option<Trigger>, w: f64, h: f64, ring: bool) -> String {
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (rx, ry) = (cx - 3.0, cy - 3.0);
    let mut d = if ring {
        format!("M{} {cy} A{rx} {ry} 0 1 0 {} {cy} A{rx} {ry} 0 1 0 {} {cy}", cx - rx, cx + rx, cx - rx)
    } else {
        String::new()
    };
    let r = rx.min(ry) * 0.55;
    let mark = match trigger {
        None => String::new(),
        Some(Trigger::Timer) => format!(
            " M{} {cy} A{r} {r} 0 1 0 {} {cy} A{r} {r} 0 1 0 {} {cy} M{cx} {} V{cy} H{}",
            cx - r,
            cx + r,
            cx - r,
            cy - r * 0.7,
            cx + r * 0.5
        ),
        Some(Trigger::Message) => {
            let (x0, y0, x1, y1) = (cx - r, cy - r * 0.65, cx + r, cy + r * 0.65);
            format!(" M{x0} {y0} H{x1} V{y1} H{x0} Z M{x0} {y0} L{cx} {cy} L{x1} {y0}")
        }
        Some(Trigger::Signal) => format!(" M{cx} {} L{} {} H{} Z", cy - r, cx + r * 0.9, cy + r * 0.6, cx - r * 0.9),
        Some(Trigger::Error) => format!(
            " M{} {} L{} {} L{} {} L{} {} L{} {} L{} {} Z",
            cx - r * 0.8,
            cy + r * 0.8,
            cx - r * 0.3,
            cy - r * 0.7,
            cx + r * 0.1,
            cy + r * 0.1,
            cx + r * 0.8,
            cy - r * 0.8,
            cx + r * 0.3,
            cy + r * 0.7,
            cx - r * 0.1,
            cy - r * 0.1
        ),
        Some(Trigger::Conditional) => {
            let (x0, x1) = (cx - r * 0.7, cx + r * 0.7);
            let mut m = format!(" M{x0} {} H{x1} V{} H{x0} Z", cy - r, cy + r);
            for k in [-0.5, 0.0, 0.5] {
                m.push_str(&format!(" M{} {} H{}", x0 + 2.0, cy + r * k, x1 - 2.0));
            }
            m
        }
    };
    d.push_str(&mark);
    d
}

/// The classes a shape carries besides its type: how an event is drawn (a boundary event, one
/// that does not interrupt its step, one that signals).
pub fn variant_classes(node: &Node) -> Vec<&'static str> {
    let mut out = Vec::new();
    if node.kind == NodeType::Event {
        if node.attached.is_some() {
            out.push("boundary");
        }
        if node.non_interrupting {
            out.push("non-interrupting");
        }
        if node.throw {
            out.push("throw");
        }
    }
    out
}

/// Where a shape's label goes, relative to the shape's top-left corner: its lines, the x they
/// are aligned on, how (`"middle"` or `"end"`, as SVG's text-anchor), and the centre line of the
/// first (each next line is `FONT * LINE` lower).
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub lines: Vec<String>,
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
}

/// Activities hold their label inside, wrapped to fit. Events carry theirs below. Gateways carry
/// theirs above and to the right of the top corner, clear of the way in (which comes to the
/// back corner), of a branch leaving from the top corner and of the key control point badge.
pub fn label(n: &Node) -> Label {
    let (w, h) = (n.width(), n.height());
    if n.label.trim().is_empty() {
        return Label { lines: Vec::new(), x: w / 2.0, y: 0.0, anchor: "middle" };
    }
    if matches!(n.kind, NodeType::Task | NodeType::Subprocess | NodeType::Form) {
        let lines = wrap_label(&n.label, w - 12.0, FONT, ((h - 8.0) / (FONT * LINE)).max(1.0) as usize);
        let y = h / 2.0 - (lines.len() as f64 - 1.0) * FONT * LINE / 2.0;
        Label { lines, x: w / 2.0, y, anchor: "middle" }
    } else if matches!(n.kind, NodeType::Decision | NodeType::Parallel) {
        let lines = wrap_label(&n.label, w.max(110.0), FONT, 2);
        let y = h * 0.25 - 4.0 - (lines.len() as f64 - 0.5) * FONT * LINE;
        Label { lines, x: w / 2.0 + 8.0, y, anchor: "start" }
    } else {
        let lines = wrap_label(&n.label, w.max(110.0), FONT, 2);
        Label { lines, x: w / 2.0, y: h + FONT + 2.0, anchor: "middle" }
    }
}

/// Font size of lane titles, in px.
pub const LANE_FONT: f64 = 14.0;
/// The smaller size a lane title takes when two lines of [`LANE_FONT`] do not hold it.
const LANE_FONT_SMALL: f64 = 12.0;
/// Line height of lane titles, as a multiple of their font size: two lines fit the header.
const LANE_LINE: f64 = 1.2;
const _: () = assert!(2.0 * LANE_FONT * LANE_LINE < crate::editor::layout::LANE_HEADER, "two lines fit the header");
/// Room left clear at each end of a lane's header, in px.
const LANE_TITLE_MARGIN: f64 = 8.0;

/// A lane's title as it fits the header along a lane `band` px long: one line, else two, else
/// two in a smaller font ending in "…".
#[derive(Clone, Debug, PartialEq)]
pub struct LaneTitle {
    pub lines: Vec<String>,
    pub font: f64,
}

impl LaneTitle {
    /// The `dy` of line `i`, the first one placing the block's middle on the header's centre line.
    pub fn dy(&self, i: usize) -> f64 {
        let line = self.font * LANE_LINE;
        if i == 0 {
            -(self.lines.len() as f64 - 1.0) * line / 2.0
        } else {
            line
        }
    }
}

pub fn lane_title(name: &str, band: f64) -> LaneTitle {
    let room = (band - 2.0 * LANE_TITLE_MARGIN).max(LANE_FONT);
    let lines = wrap_label(name, room, LANE_FONT, usize::MAX);
    if lines.len() <= 2 {
        return LaneTitle { lines, font: LANE_FONT };
    }
    LaneTitle { lines: wrap_label(name, room, LANE_FONT_SMALL, 2), font: LANE_FONT_SMALL }
}

/// A connector drawn on its own (not routed with the rest of the diagram): in a value-stream map
/// by its flow kind, elsewhere the orthogonal route between the two boxes.
pub fn connector(doc: &Document, flow: Option<ArrowKind>, a: Rect, b: Rect) -> Vec<(f64, f64)> {
    let orthogonal = route(a, b, doc.settings.orientation);
    if doc.kind == Kind::Vsm {
        vsm_points(flow, a, b, orthogonal)
    } else {
        orthogonal
    }
}

/// Where a value-stream arrow runs: information straight between the shapes' borders; material
/// between facing sides in a straight line when the shapes are nearly level, else orthogonally.
fn vsm_points(flow: Option<ArrowKind>, a: Rect, b: Rect, orthogonal: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let (acx, acy) = (a.0 + a.2 / 2.0, a.1 + a.3 / 2.0);
    let (bcx, bcy) = (b.0 + b.2 / 2.0, b.1 + b.3 / 2.0);
    if matches!(flow, Some(ArrowKind::Info | ArrowKind::InfoElectronic)) {
        return vec![clip(a, (bcx, bcy)), clip(b, (acx, acy))];
    }
    if (acy - bcy).abs() < 12.0 {
        let y = (acy + bcy) / 2.0;
        if b.0 >= a.0 + a.2 + 10.0 {
            return vec![(a.0 + a.2, y), (b.0, y)];
        }
        if a.0 >= b.0 + b.2 + 10.0 {
            return vec![(a.0, y), (b.0 + b.2, y)];
        }
    }
    orthogonal
}

/// The point where the line from a rectangle's centre to `towards` leaves the rectangle.
fn clip(r: Rect, towards: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = (r.0 + r.2 / 2.0, r.1 + r.3 / 2.0);
    let (dx, dy) = (towards.0 - cx, towards.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let tx = if dx != 0.0 { (r.2 / 2.0) / dx.abs() } else { f64::MAX };
    let ty = if dy != 0.0 { (r.3 / 2.0) / dy.abs() } else { f64::MAX };
    let t = tx.min(ty).min(1.0);
    (cx + dx * t, cy + dy * t)
}

/// XML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lane_title_takes_one_line_then_two_then_a_smaller_font() {
        let short = lane_title("Buyer", 120.0);
        assert_eq!((short.lines, short.font), (vec!["Buyer".to_string()], LANE_FONT));

        let two = lane_title("Requesting department", 100.0);
        assert_eq!(two.lines, vec!["Requesting", "department"]);
        assert_eq!(two.font, LANE_FONT);
        // The two lines sit either side of the header's centre line.
        assert_eq!(two.dy(0), -LANE_FONT * LANE_LINE / 2.0);
        assert_eq!(two.dy(1), LANE_FONT * LANE_LINE);

        let long = lane_title("Requesting department of the regional purchasing office", 100.0);
        assert_eq!(long.font, LANE_FONT_SMALL);
        assert_eq!(long.lines.len(), 2);
        assert!(long.lines[1].ends_with('…'), "{:?}", long.lines);

        // Chinese breaks between characters; a band of four characters holds two lines of four.
        let zh = lane_title("采购部门经理助理", 4.0 * LANE_FONT + 2.0 * LANE_TITLE_MARGIN);
        assert_eq!((zh.lines, zh.font), (vec!["采购部门".to_string(), "经理助理".to_string()], LANE_FONT));
    }
}
