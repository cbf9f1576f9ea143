//! How a value-stream map is drawn, with the icons of Rother and Shook's *Learning to See*:
//! factories, process boxes with their data boxes, inventory triangles, trucks, production
//! control and kaizen bursts; material and information arrows by flow kind; and the timeline
//! ladder under the map. SVG markup built by the core, so that the canvas (`ui::vsm`) and the
//! picture export (`svg`) draw the same map. Drawing only: it never changes the document.

use super::esc;
use crate::editor::layout::{label_point, path_data, text_width, wrap_label};
use crate::format::{coord, figure as format_num, percent};
use crate::i18n::{t, Lang};
use crate::metrics::VsmMetrics;
use crate::model::{ArrowKind, Document, Node, NodeType};
use std::fmt::Write;

const SMALL: f64 = 11.0;
const LINE: f64 = 14.0;
/// Header band of process and production-control boxes.
const HEAD: f64 = 22.0;
/// Height of the timeline ladder and the gap above it.
pub const LADDER_GAP: f64 = 40.0;
pub const LADDER_HEIGHT: f64 = 110.0;
/// Width of the summary box at the right end of the ladder.
const SUMMARY_W: f64 = 230.0;

/// Node types drawn with a value-stream icon (in a value-stream document).
pub fn draws(kind: NodeType) -> bool {
    use NodeType::*;
    matches!(kind, Supplier | Customer | Process | Inventory | Shipment | Control | Kaizen)
}

/// Labels drawn inside the shape (the inline editor then opens over it, not under it).
pub fn label_inside(kind: NodeType) -> bool {
    matches!(kind, NodeType::Process | NodeType::Control | NodeType::Kaizen)
}

/// Thousands separators for counts of pieces: 7000 → "7,000".
fn grouped(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format_num(v);
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The lines of a process's data box: only the values that are set.
pub fn data_box_lines(n: &Node, lang: Lang) -> Vec<(String, String)> {
    let s = t(lang, "vsm.unit_s");
    let mut lines = Vec::new();
    if let Some(ct) = n.cycle_time {
        lines.push((t(lang, "vsm.ct").to_string(), format!("{} {s}", format_num(ct))));
    }
    if let Some(co) = n.changeover {
        let text = if co >= 60.0 {
            format!("{} {}", format_num(co / 60.0), t(lang, "vsm.unit_min"))
        } else {
            format!("{} {s}", format_num(co))
        };
        lines.push((t(lang, "vsm.co").to_string(), text));
    }
    if let Some(u) = n.uptime {
        lines.push((t(lang, "vsm.uptime").to_string(), percent(u)));
    }
    if let Some(o) = n.operators {
        lines.push((t(lang, "vsm.operators").to_string(), format_num(o)));
    }
    if let Some(sh) = n.shifts {
        lines.push((t(lang, "vsm.shifts").to_string(), format_num(sh)));
    }
    if let Some(p) = n.pca {
        lines.push((t(lang, "vsm.pca").to_string(), percent(p)));
    }
    lines
}

/// What an inventory or shipment shows under its icon: its quantity or days.
fn amount(n: &Node, lang: Lang) -> Option<String> {
    match (n.days, n.quantity) {
        (Some(d), _) => Some(format!("{} {}", format_num(d), t(lang, "vsm.days"))),
        (None, Some(q)) if n.kind == NodeType::Inventory => Some(format!("{} {}", grouped(q), t(lang, "vsm.pcs"))),
        _ => None,
    }
}

/// Lines of text under a shape whose label sits below it.
fn below_lines(n: &Node, lang: Lang) -> Vec<String> {
    let width = n.width().max(120.0);
    let mut lines = Vec::new();
    if matches!(n.kind, NodeType::Inventory | NodeType::Shipment) {
        lines.extend(amount(n, lang));
    }
    let max = if matches!(n.kind, NodeType::Supplier | NodeType::Customer) { 3 } else { 2 };
    if !n.label.is_empty() {
        lines.extend(wrap_label(&n.label, width, SMALL, max));
    }
    lines
}

/// How far the drawing of a node reaches below its box (data box, label lines).
pub fn below_height(n: &Node) -> f64 {
    match n.kind {
        NodeType::Process => data_box_lines(n, Lang::En).len() as f64 * LINE + 14.0,
        NodeType::Control | NodeType::Kaizen => 0.0,
        _ => below_lines(n, Lang::En).len() as f64 * LINE + 8.0,
    }
}

/// The lowest point of the map's drawing (where the ladder starts from).
pub fn map_bottom(doc: &Document) -> f64 {
    doc.nodes.iter().map(|n| n.y + n.height() + below_height(n)).fold(0.0, f64::max)
}

/// The extent of the drawing with the ladder under it: (width, height).
pub fn extent(doc: &Document) -> (f64, f64) {
    let right = doc.nodes.iter().map(|n| n.x + n.width()).fold(0.0, f64::max);
    let processes = doc.nodes.iter().filter(|n| matches!(n.kind, NodeType::Process | NodeType::Inventory));
    let ladder_right = processes.map(|n| n.x + n.width()).fold(0.0, f64::max) + 60.0 + SUMMARY_W;
    (right.max(ladder_right) + 20.0, map_bottom(doc) + LADDER_GAP + LADDER_HEIGHT)
}

/// Centred lines of text, the first at y.
fn text_lines(out: &mut String, lines: &[String], x: f64, y: f64, class: &str) {
    let (x, y) = (coord(x), coord(y));
    let _ = write!(out, "<text class=\"{class}\" x=\"{x}\" y=\"{y}\">");
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { "0.35em".to_string() } else { coord(LINE) };
        let _ = write!(out, "<tspan x=\"{x}\" dy=\"{dy}\">{}</tspan>", esc(l));
    }
    out.push_str("</text>");
}

/// A box of w × h with a header band holding `heading` (a process box, production control).
fn headed_box(out: &mut String, w: f64, h: f64, heading: &str) {
    let (ws, hs) = (coord(w), coord(h));
    let _ = write!(
        out,
        "<rect class=\"outline\" width=\"{ws}\" height=\"{hs}\"/><path class=\"head\" d=\"M0 0 H{ws} V{HEAD} H0 Z\"/>\
         <text class=\"head-text\" x=\"{}\" y=\"{}\" dy=\"0.35em\">{}</text>",
        coord(w / 2.0),
        coord(HEAD / 2.0),
        esc(heading)
    );
}

/// The body of a value-stream shape in a box of w × h at the origin: its icon, label and data.
pub fn node_body(n: &Node, lang: Lang) -> String {
    let (w, h) = (n.width(), n.height());
    let (ws, hs) = (coord(w), coord(h));
    let cx = w / 2.0;
    let mut out = String::with_capacity(512);
    // A plain hit area, so the whole box reacts to the pointer whatever the icon's shape.
    let hit = format!("<rect class=\"hit-area\" width=\"{ws}\" height=\"{hs}\"/>");
    let below = |out: &mut String, top: f64| text_lines(out, &below_lines(n, lang), cx, top + SMALL, "vsm-text");
    match n.kind {
        NodeType::Supplier | NodeType::Customer => {
            let (top, r) = (h * 0.2, h * 0.5);
            let tw = w / 3.0;
            let roof = [(0.0, h), (0.0, top), (tw, r), (tw, top), (2.0 * tw, r), (2.0 * tw, top), (w, r), (w, h)]
                .map(|(x, y)| format!("{},{}", coord(x), coord(y)))
                .join(" ");
            out.push_str(&hit);
            let _ = write!(
                out,
                "<polygon class=\"outline factory\" points=\"{roof}\"/><rect class=\"door\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"/>",
                coord(cx - 6.0),
                coord(h - 12.0)
            );
            below(&mut out, h + 6.0);
        }
        NodeType::Process => {
            let name = wrap_label(&n.label, w - 8.0, 12.0, 1);
            let data = data_box_lines(n, lang);
            let top = h + 6.0;
            headed_box(&mut out, w, h, name.first().map(String::as_str).unwrap_or_default());
            if let Some(o) = n.operators {
                let (ox, oy) = (cx - 10.0, HEAD + (h - HEAD) / 2.0);
                let _ = write!(
                    out,
                    "<g class=\"operator\" transform=\"translate({} {})\"><circle cy=\"-6\" r=\"4.5\"/>\
                     <path d=\"M-8 9 Q-8 0 0 0 Q8 0 8 9\"/><text x=\"14\" y=\"2\" dy=\"0.35em\">{}</text></g>",
                    coord(ox),
                    coord(oy),
                    format_num(o)
                );
            }
            if !data.is_empty() {
                let _ = write!(
                    out,
                    "<g class=\"data-box\" data-testid=\"data-box-{}\"><rect x=\"0\" y=\"{}\" width=\"{ws}\" height=\"{}\"/>",
                    esc(&n.id),
                    coord(top),
                    coord(data.len() as f64 * LINE + 8.0)
                );
                for (i, (k, v)) in data.iter().enumerate() {
                    let y = coord(top + 4.0 + (i as f64 + 0.5) * LINE);
                    let _ = write!(
                        out,
                        "<text class=\"data-key\" x=\"6\" y=\"{y}\" dy=\"0.35em\">{}</text>\
                         <text class=\"data-value\" x=\"{}\" y=\"{y}\" dy=\"0.35em\">{}</text>",
                        esc(k),
                        coord(w - 6.0),
                        esc(v)
                    );
                }
                out.push_str("</g>");
            }
        }
        NodeType::Inventory => {
            out.push_str(&hit);
            let _ = write!(
                out,
                "<polygon class=\"outline\" points=\"{},0 {ws},{hs} 0,{hs}\"/><text class=\"inventory-i\" x=\"{}\" y=\"{}\" dy=\"0.35em\">I</text>",
                coord(cx),
                coord(cx),
                coord(h * 0.66)
            );
            below(&mut out, h + 4.0);
        }
        NodeType::Shipment => {
            let (bw, top, base) = (w * 0.62, h * 0.12, h * 0.78);
            out.push_str(&hit);
            let _ = write!(
                out,
                "<rect class=\"outline\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/><path class=\"cab\" d=\"M{} {} H{} L{} {} V{} H{} Z\"/>",
                coord(top),
                coord(bw),
                coord(base - top),
                coord(bw),
                coord(h * 0.35),
                coord(w * 0.85),
                coord(w * 0.97),
                coord(h * 0.55),
                coord(base),
                coord(bw)
            );
            for x in [0.16, 0.45, 0.82] {
                let _ = write!(
                    out,
                    "<circle class=\"wheel\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                    coord(w * x),
                    coord(base),
                    coord(h * 0.1)
                );
            }
            below(&mut out, h + 4.0);
        }
        NodeType::Control => {
            let lines = wrap_label(&n.label, w - 10.0, 12.0, ((h - HEAD - 4.0) / LINE).max(1.0) as usize);
            let ly = HEAD + (h - HEAD) / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0;
            headed_box(&mut out, w, h, t(lang, "type.control"));
            text_lines(&mut out, &lines, cx, ly, "vsm-label");
        }
        NodeType::Kaizen => {
            let cy = h / 2.0;
            let spikes = 12;
            let points: Vec<String> = (0..spikes * 2)
                .map(|i| {
                    let a = std::f64::consts::PI * i as f64 / spikes as f64;
                    let k = if i % 2 == 0 { 1.0 } else { 0.74 };
                    format!("{},{}", coord(cx + cx * k * a.cos()), coord(cy + cy * k * a.sin()))
                })
                .collect();
            let lines = wrap_label(&n.label, w * 0.62, 10.0, 3);
            let ly = cy - (lines.len() as f64 - 1.0) * 12.0 / 2.0;
            out.push_str(&hit);
            let _ = write!(
                out,
                "<polygon class=\"outline burst\" points=\"{}\"/><text class=\"kaizen-text\" x=\"{}\" y=\"{}\">",
                points.join(" "),
                coord(cx),
                coord(ly)
            );
            for (i, l) in lines.iter().enumerate() {
                let dy = if i == 0 { "0.35em" } else { "12" };
                let _ = write!(out, "<tspan x=\"{}\" dy=\"{dy}\">{}</tspan>", coord(cx), esc(l));
            }
            out.push_str("</text>");
        }
        _ => {
            let _ = write!(out, "<rect class=\"outline\" width=\"{ws}\" height=\"{hs}\"/>");
        }
    }
    out
}

/// The "bottleneck" tag over a process whose cycle time exceeds takt.
pub fn bottleneck_tag(w: f64, lang: Lang) -> String {
    let text = t(lang, "vsm.bottleneck");
    let tw = (text_width(text, 11.0) + 12.0).min(w.max(40.0));
    format!(
        "<g class=\"bottleneck-tag\" data-testid=\"bottleneck-tag\" transform=\"translate(0 -22)\"><rect width=\"{}\" height=\"17\" rx=\"3\"/>\
         <text x=\"{}\" y=\"8.5\" dy=\"0.35em\">{}</text></g>",
        coord(tw),
        coord(tw / 2.0),
        esc(text)
    )
}

// ----- arrows --------------------------------------------------------------------------------

/// The polyline with its end pulled back by `by` along the last segment (room for a head).
fn shortened(points: &[(f64, f64)], by: f64) -> Vec<(f64, f64)> {
    let mut pts = points.to_vec();
    if let [.., (x1, y1), (x2, y2)] = pts.as_mut_slice() {
        let len = ((*x2 - *x1).powi(2) + (*y2 - *y1).powi(2)).sqrt();
        if len > 0.0 {
            let k = (len - by).max(0.0) / len;
            *x2 = *x1 + (*x2 - *x1) * k;
            *y2 = *y1 + (*y2 - *y1) * k;
        }
    }
    pts
}

/// A triangular head with its tip at the end of the polyline.
fn head(out: &mut String, points: &[(f64, f64)], len: f64, half: f64, class: &str) {
    let [.., (x1, y1), (x2, y2)] = points else { return };
    let (dx, dy) = (x2 - x1, y2 - y1);
    let l = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / l, dy / l);
    let (bx, by) = (x2 - ux * len, y2 - uy * len);
    let (px, py) = (-uy * half, ux * half);
    let points = [(*x2, *y2), (bx + px, by + py), (bx - px, by - py)]
        .map(|(x, y)| format!("{},{}", coord(x), coord(y)))
        .join(" ");
    let _ = write!(out, "<polygon class=\"{class}\" points=\"{points}\"/>");
}

/// A straight line with a lightning zig-zag in its middle (electronic information).
fn lightning(points: &[(f64, f64)]) -> String {
    let (Some(&(x1, y1)), Some(&(x2, y2))) = (points.first(), points.last()) else { return String::new() };
    let (dx, dy) = (x2 - x1, y2 - y1);
    let l = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (px, py) = (-dy / l * 9.0, dx / l * 9.0);
    let at = |t: f64, side: f64| (x1 + dx * t + px * side, y1 + dy * t + py * side);
    let pts = [(x1, y1), at(0.38, 0.0), at(0.46, 1.0), at(0.54, -1.0), at(0.62, 0.0), (x2, y2)];
    path_data(&pts)
}

/// The drawing of a value-stream connector along `points`, by flow kind. The main path carries
/// the class `line` (selection and findings colour it). A connector without a flow kind is a
/// plain line ending in the marker `marker` (an `id` of the page's `<marker>`).
pub fn edge_body(points: &[(f64, f64)], flow: Option<ArrowKind>, lang: Lang, marker: &str) -> String {
    let (lx, ly) = label_point(points);
    let mut out = String::with_capacity(256);
    match flow {
        Some(ArrowKind::Push) => {
            let body = path_data(&shortened(points, 16.0));
            let _ = write!(out, "<path class=\"line push\" d=\"{body}\"/><path class=\"push-stripes\" d=\"{body}\"/>");
            head(&mut out, points, 18.0, 11.0, "head push");
        }
        Some(ArrowKind::Shipment) => {
            let _ = write!(out, "<path class=\"line shipment\" d=\"{}\"/>", path_data(&shortened(points, 18.0)));
            head(&mut out, points, 20.0, 14.0, "head shipment");
        }
        Some(ArrowKind::Fifo) => {
            let body = path_data(&shortened(points, 14.0));
            let text = t(lang, "vsm.fifo");
            let tw = text_width(text, 11.0) + 10.0;
            let _ = write!(out, "<path class=\"line fifo\" d=\"{body}\"/><path class=\"fifo-lane\" d=\"{body}\"/>");
            head(&mut out, points, 14.0, 10.0, "head hollow");
            let _ = write!(
                out,
                "<g class=\"flow-tag\" transform=\"translate({} {})\"><rect x=\"{}\" y=\"-8\" width=\"{}\" height=\"16\" rx=\"2\"/>\
                 <text dy=\"0.35em\">{}</text></g>",
                coord(lx),
                coord(ly - 18.0),
                coord(-tw / 2.0),
                coord(tw),
                esc(text)
            );
        }
        Some(ArrowKind::Pull) => {
            let _ = write!(out, "<path class=\"line pull\" d=\"{}\"/>", path_data(&shortened(points, 10.0)));
            head(&mut out, points, 11.0, 5.5, "head");
            // Stacked over the middle: an arrow between two boxes leaves no room beside it.
            let _ = write!(
                out,
                "<g class=\"pull-sign\" transform=\"translate({} {})\"><path class=\"circular\" d=\"M-2 -7 A7 7 0 1 0 5 -4\"/>\
                 <polygon class=\"head\" points=\"2,-8 8,-1 9,-8\"/><text y=\"-17\" dy=\"0.35em\">{}</text></g>",
                coord(lx),
                coord(ly - 14.0),
                esc(t(lang, "vsm.pull"))
            );
        }
        Some(ArrowKind::Info) => {
            let _ = write!(out, "<path class=\"line info\" d=\"{}\"/>", path_data(&shortened(points, 9.0)));
            head(&mut out, points, 10.0, 5.0, "head");
        }
        Some(ArrowKind::InfoElectronic) => {
            let _ = write!(out, "<path class=\"line info electronic\" d=\"{}\"/>", lightning(&shortened(points, 9.0)));
            head(&mut out, points, 10.0, 5.0, "head");
        }
        Some(ArrowKind::Message) => {
            let _ =
                write!(out, "<path class=\"line message\" d=\"{}\" marker-end=\"url(#{marker})\"/>", path_data(points));
        }
        None => {
            let _ = write!(out, "<path class=\"line\" d=\"{}\" marker-end=\"url(#{marker})\"/>", path_data(points));
        }
    }
    out
}

// ----- timeline ladder -----------------------------------------------------------------------

/// The timeline ladder under the map: waiting days on the upper steps (under each inventory),
/// processing seconds on the lower steps (under each process), and the totals at the right end.
/// With the box it covers (x, y, width, height); none when the map has no step on the timeline.
pub fn ladder(doc: &Document, m: &VsmMetrics, lang: Lang) -> Option<(String, (f64, f64, f64, f64))> {
    #[derive(Clone, Copy, PartialEq)]
    enum Level {
        Wait,
        Process,
    }
    let centre = |id: &str| doc.node(id).map(|n| (n.x + n.width() / 2.0, n.width()));
    let mut items: Vec<(f64, f64, Level, String)> = Vec::new();
    for step in &m.timeline {
        if let Some((x, w)) = step.inventory.as_deref().and_then(centre) {
            let text = format!("{} {}", format_num(step.wait_days), t(lang, "vsm.days"));
            items.push((x, w, Level::Wait, text));
        }
        if let Some((x, w)) = step.process.as_deref().and_then(centre) {
            let text = format!("{} {}", format_num(step.process_seconds), t(lang, "vsm.unit_s"));
            items.push((x, w, Level::Process, text));
        }
    }
    if items.is_empty() {
        return None;
    }
    // Keep the steps in flow order even when shapes were moved out of it.
    for i in 1..items.len() {
        if items[i].0 < items[i - 1].0 + 40.0 {
            items[i].0 = items[i - 1].0 + 80.0;
        }
    }
    let top = map_bottom(doc) + LADDER_GAP;
    let (up, down) = (top + 28.0, top + 72.0);
    let level_y = |l: Level| if l == Level::Wait { up } else { down };
    let bounds: Vec<(f64, f64)> = (0..items.len())
        .map(|i| {
            let left = if i == 0 {
                items[0].0 - items[0].1.max(60.0) / 2.0 - 10.0
            } else {
                (items[i - 1].0 + items[i].0) / 2.0
            };
            let right = if i + 1 == items.len() {
                items[i].0 + items[i].1.max(60.0) / 2.0 + 10.0
            } else {
                (items[i].0 + items[i + 1].0) / 2.0
            };
            (left, right)
        })
        .collect();
    let mut line = Vec::new();
    for (i, (_, _, level, _)) in items.iter().enumerate() {
        let y = level_y(*level);
        line.push((bounds[i].0, y));
        line.push((bounds[i].1, y));
    }
    let mut out = String::with_capacity(1024);
    let _ = write!(
        out,
        "<g class=\"ladder\" data-testid=\"timeline\"><path class=\"ladder-line\" d=\"{}\"/>",
        path_data(&line)
    );
    for (x, _, level, text) in &items {
        let (y, class) = match level {
            Level::Wait => (up - 10.0, "ladder-wait"),
            Level::Process => (down + 13.0, "ladder-process"),
        };
        let _ = write!(
            out,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\" data-testid=\"ladder-step\">{}</text>",
            coord(*x),
            coord(y),
            esc(text)
        );
    }
    let right = bounds.last().map(|b| b.1).unwrap_or_default();
    let sx = right + 24.0;
    let mut summary = vec![
        (
            "vsm.lead_time",
            format!("{} {}", format_num(m.lead_time_days), t(lang, "vsm.days")),
            "ladder-lead-time",
            m.lead_time_days,
        ),
        (
            "vsm.processing",
            format!("{} {}", format_num(m.processing_seconds), t(lang, "vsm.unit_s")),
            "ladder-processing",
            m.processing_seconds,
        ),
    ];
    if let Some(pce) = m.pce {
        summary.push(("vsm.pce", percent(pce), "ladder-pce", pce));
    }
    if let Some(r) = m.rolled_pca {
        summary.push(("vsm.rolled_pca", percent(r), "ladder-rolled-pca", r));
    }
    let sh = summary.len() as f64 * 20.0 + 12.0;
    let _ = write!(
        out,
        "<rect class=\"ladder-summary\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        coord(sx),
        coord(top + 10.0),
        coord(SUMMARY_W),
        coord(sh)
    );
    for (i, (k, v, id, raw)) in summary.iter().enumerate() {
        let y = coord(top + 10.0 + (i as f64 + 0.5) * 20.0 + 6.0);
        let _ = write!(
            out,
            "<g data-testid=\"{id}\" data-value=\"{raw}\"><text class=\"summary-key\" x=\"{}\" y=\"{y}\" dy=\"0.35em\">{}</text>\
             <text class=\"summary-value\" x=\"{}\" y=\"{y}\" dy=\"0.35em\">{}</text></g>",
            coord(sx + 10.0),
            esc(t(lang, k)),
            coord(sx + SUMMARY_W - 10.0),
            esc(v)
        );
    }
    out.push_str("</g>");
    let left = bounds.first().map(|b| b.0).unwrap_or_default();
    Some((out, (left, top, sx + SUMMARY_W - left, LADDER_HEIGHT.max(sh + 10.0))))
}
