//! Value-stream map drawing, with the icons of Rother and Shook's *Learning to See*: factories,
//! process boxes with their data boxes, inventory triangles, trucks, production control and
//! kaizen bursts; material and information arrows by flow kind; the palette icons; the timeline
//! ladder under the map; the cycle time versus takt chart. Rendering only: it reads nodes and
//! derived metrics and never changes the document.

use super::tr;
use crate::editor::layout::{label_point, path_data, wrap_label};
use crate::format::{coord, figure as format_num, percent};
use crate::i18n::Lang;
use crate::metrics::VsmMetrics;
use crate::model::{ArrowKind, Document, Node, NodeType};
use yew::prelude::*;

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
    let s = tr(lang, "vsm.unit_s");
    let mut lines = Vec::new();
    if let Some(ct) = n.cycle_time {
        lines.push((tr(lang, "vsm.ct").to_string(), format!("{} {s}", format_num(ct))));
    }
    if let Some(co) = n.changeover {
        let text = if co >= 60.0 {
            format!("{} {}", format_num(co / 60.0), tr(lang, "vsm.unit_min"))
        } else {
            format!("{} {s}", format_num(co))
        };
        lines.push((tr(lang, "vsm.co").to_string(), text));
    }
    if let Some(u) = n.uptime {
        lines.push((tr(lang, "vsm.uptime").to_string(), percent(u)));
    }
    if let Some(o) = n.operators {
        lines.push((tr(lang, "vsm.operators").to_string(), format_num(o)));
    }
    if let Some(sh) = n.shifts {
        lines.push((tr(lang, "vsm.shifts").to_string(), format_num(sh)));
    }
    if let Some(p) = n.pca {
        lines.push((tr(lang, "vsm.pca").to_string(), percent(p)));
    }
    lines
}

/// What an inventory or shipment shows under its icon: its quantity or days.
fn amount(n: &Node, lang: Lang) -> Option<String> {
    match (n.days, n.quantity) {
        (Some(d), _) => Some(format!("{} {}", format_num(d), tr(lang, "vsm.days"))),
        (None, Some(q)) if n.kind == NodeType::Inventory => Some(format!("{} {}", grouped(q), tr(lang, "vsm.pcs"))),
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

fn text_lines(lines: &[String], x: f64, y: f64, class: &'static str) -> Html {
    html! {
        <text class={class} x={x.to_string()} y={y.to_string()}>
            { for lines.iter().enumerate().map(|(i, l)| html! {
                <tspan x={x.to_string()} dy={if i == 0 { "0.35em".to_string() } else { LINE.to_string() }}>{ l }</tspan>
            }) }
        </text>
    }
}

/// The body of a value-stream shape in a box of w × h at the origin: its icon, label and data.
pub fn node_body(n: &Node, lang: Lang) -> Html {
    let (w, h) = (n.width(), n.height());
    let cx = w / 2.0;
    // A plain hit area, so the whole box reacts to the pointer whatever the icon's shape.
    let hit = html! { <rect class="hit-area" width={w.to_string()} height={h.to_string()} /> };
    let below = |top: f64| text_lines(&below_lines(n, lang), cx, top + SMALL, "vsm-text");
    match n.kind {
        NodeType::Supplier | NodeType::Customer => {
            let (t, r) = (h * 0.2, h * 0.5);
            let tw = w / 3.0;
            let roof = format!("0,{h} 0,{t} {tw},{r} {tw},{t} {},{r} {},{t} {w},{r} {w},{h}", 2.0 * tw, 2.0 * tw);
            html! { <>
                { hit }
                <polygon class="outline factory" points={roof} />
                <rect class="door" x={(cx - 6.0).to_string()} y={(h - 12.0).to_string()} width="12" height="12" />
                { below(h + 6.0) }
            </> }
        }
        NodeType::Process => {
            let name = wrap_label(&n.label, w - 8.0, 12.0, 1);
            let data = data_box_lines(n, lang);
            let top = h + 6.0;
            let rows = data.iter().enumerate().map(|(i, (k, v))| {
                let y = top + 4.0 + (i as f64 + 0.5) * LINE;
                html! { <>
                    <text class="data-key" x="6" y={y.to_string()} dy="0.35em">{ k }</text>
                    <text class="data-value" x={(w - 6.0).to_string()} y={y.to_string()} dy="0.35em">{ v }</text>
                </> }
            });
            let operators = n.operators.map(|o| {
                let (ox, oy) = (cx - 10.0, HEAD + (h - HEAD) / 2.0);
                html! { <g class="operator" transform={format!("translate({ox} {oy})")}>
                    <circle cy="-6" r="4.5" />
                    <path d="M-8 9 Q-8 0 0 0 Q8 0 8 9" />
                    <text x="14" y="2" dy="0.35em">{ format_num(o) }</text>
                </g> }
            });
            html! { <>
                <rect class="outline" width={w.to_string()} height={h.to_string()} />
                <path class="head" d={format!("M0 0 H{w} V{HEAD} H0 Z")} />
                <text class="head-text" x={cx.to_string()} y={(HEAD / 2.0).to_string()} dy="0.35em">{ name.first().cloned().unwrap_or_default() }</text>
                { operators.unwrap_or_default() }
                if !data.is_empty() {
                    <g class="data-box" data-testid={format!("data-box-{}", n.id)}>
                        <rect x="0" y={top.to_string()} width={w.to_string()} height={(data.len() as f64 * LINE + 8.0).to_string()} />
                        { for rows }
                    </g>
                }
            </> }
        }
        NodeType::Inventory => html! { <>
            { hit }
            <polygon class="outline" points={format!("{cx},0 {w},{h} 0,{h}")} />
            <text class="inventory-i" x={cx.to_string()} y={(h * 0.66).to_string()} dy="0.35em">{ "I" }</text>
            { below(h + 4.0) }
        </> },
        NodeType::Shipment => {
            let (bw, top, base) = (w * 0.62, h * 0.12, h * 0.78);
            let cab = format!("M{bw} {} H{} L{} {} V{base} H{bw} Z", h * 0.35, w * 0.85, w * 0.97, h * 0.55,);
            html! { <>
                { hit }
                <rect class="outline" x="0" y={top.to_string()} width={bw.to_string()} height={(base - top).to_string()} />
                <path class="cab" d={cab} />
                <circle class="wheel" cx={(w * 0.16).to_string()} cy={base.to_string()} r={(h * 0.1).to_string()} />
                <circle class="wheel" cx={(w * 0.45).to_string()} cy={base.to_string()} r={(h * 0.1).to_string()} />
                <circle class="wheel" cx={(w * 0.82).to_string()} cy={base.to_string()} r={(h * 0.1).to_string()} />
                { below(h + 4.0) }
            </> }
        }
        NodeType::Control => {
            let lines = wrap_label(&n.label, w - 10.0, 12.0, ((h - HEAD - 4.0) / LINE).max(1.0) as usize);
            let ly = HEAD + (h - HEAD) / 2.0 - (lines.len() as f64 - 1.0) * LINE / 2.0;
            html! { <>
                <rect class="outline" width={w.to_string()} height={h.to_string()} />
                <path class="head" d={format!("M0 0 H{w} V{HEAD} H0 Z")} />
                <text class="head-text" x={cx.to_string()} y={(HEAD / 2.0).to_string()} dy="0.35em">{ tr(lang, "type.control") }</text>
                { text_lines(&lines, cx, ly, "vsm-label") }
            </> }
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
            html! { <>
                { hit }
                <polygon class="outline burst" points={points.join(" ")} />
                <text class="kaizen-text" x={cx.to_string()} y={ly.to_string()}>
                    { for lines.iter().enumerate().map(|(i, l)| html! {
                        <tspan x={cx.to_string()} dy={if i == 0 { "0.35em" } else { "12" }}>{ l }</tspan>
                    }) }
                </text>
            </> }
        }
        _ => html! { <rect class="outline" width={w.to_string()} height={h.to_string()} /> },
    }
}

/// The "bottleneck" tag over a process whose cycle time exceeds takt.
pub fn bottleneck_tag(w: f64, lang: Lang) -> Html {
    let text = tr(lang, "vsm.bottleneck");
    let tw = (crate::editor::layout::text_width(text, 11.0) + 12.0).min(w.max(40.0));
    html! {
        <g class="bottleneck-tag" data-testid="bottleneck-tag" transform="translate(0 -22)">
            <rect width={tw.to_string()} height="17" rx="3" />
            <text x={(tw / 2.0).to_string()} y="8.5" dy="0.35em">{ text }</text>
        </g>
    }
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
fn head(points: &[(f64, f64)], len: f64, half: f64, class: &'static str) -> Html {
    let [.., (x1, y1), (x2, y2)] = points else { return html! {} };
    let (dx, dy) = (x2 - x1, y2 - y1);
    let l = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / l, dy / l);
    let (bx, by) = (x2 - ux * len, y2 - uy * len);
    let (px, py) = (-uy * half, ux * half);
    let points = [(*x2, *y2), (bx + px, by + py), (bx - px, by - py)]
        .map(|(x, y)| format!("{},{}", coord(x), coord(y)))
        .join(" ");
    html! { <polygon class={class} {points} /> }
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
/// the class `line` (selection and findings colour it).
pub fn edge_body(points: &[(f64, f64)], flow: Option<ArrowKind>, lang: Lang) -> Html {
    let (lx, ly) = label_point(points);
    match flow {
        Some(ArrowKind::Push) => {
            let body = path_data(&shortened(points, 16.0));
            html! { <>
                <path class="line push" d={body.clone()} />
                <path class="push-stripes" d={body} />
                { head(points, 18.0, 11.0, "head push") }
            </> }
        }
        Some(ArrowKind::Shipment) => {
            let body = path_data(&shortened(points, 18.0));
            html! { <>
                <path class="line shipment" d={body} />
                { head(points, 20.0, 14.0, "head shipment") }
            </> }
        }
        Some(ArrowKind::Fifo) => {
            let body = path_data(&shortened(points, 14.0));
            let text = tr(lang, "vsm.fifo");
            let tw = crate::editor::layout::text_width(text, 11.0) + 10.0;
            html! { <>
                <path class="line fifo" d={body.clone()} />
                <path class="fifo-lane" d={body} />
                { head(points, 14.0, 10.0, "head hollow") }
                <g class="flow-tag" transform={format!("translate({lx} {})", ly - 18.0)}>
                    <rect x={(-tw / 2.0).to_string()} y="-8" width={tw.to_string()} height="16" rx="2" />
                    <text dy="0.35em">{ text }</text>
                </g>
            </> }
        }
        Some(ArrowKind::Pull) => html! { <>
            <path class="line pull" d={path_data(&shortened(points, 10.0))} />
            { head(points, 11.0, 5.5, "head") }
            // Stacked over the middle: an arrow between two boxes leaves no room beside it.
            <g class="pull-sign" transform={format!("translate({lx} {})", ly - 14.0)}>
                <path class="circular" d="M-2 -7 A7 7 0 1 0 5 -4" />
                <polygon class="head" points="2,-8 8,-1 9,-8" />
                <text y="-17" dy="0.35em">{ tr(lang, "vsm.pull") }</text>
            </g>
        </> },
        Some(ArrowKind::Info) => html! { <>
            <path class="line info" d={path_data(&shortened(points, 9.0))} />
            { head(points, 10.0, 5.0, "head") }
        </> },
        Some(ArrowKind::InfoElectronic) => {
            let pts = shortened(points, 9.0);
            html! { <>
                <path class="line info electronic" d={lightning(&pts)} />
                { head(points, 10.0, 5.0, "head") }
            </> }
        }
        None => html! { <path class="line" d={path_data(points)} marker-end="url(#arrow)" /> },
    }
}

// ----- palette -------------------------------------------------------------------------------

/// Palette icons of the value-stream types, in a 40 × 30 box.
pub fn palette_icon(ty: NodeType) -> Html {
    use NodeType::*;
    match ty {
        Supplier | Customer => html! { <polygon class="shape" points="4,27 4,7 14,15 14,7 24,15 24,7 36,15 36,27" /> },
        Process => html! { <>
            <rect x="5" y="4" width="30" height="22" class="shape" />
            <path d="M5 10 H35" class="glyph thin" />
        </> },
        Inventory => html! { <>
            <polygon points="20,3 35,27 5,27" class="shape" />
            <text x="20" y="24" class="icon-text">{ "I" }</text>
        </> },
        Shipment => html! { <>
            <rect x="3" y="8" width="22" height="14" class="shape" />
            <path d="M25 12 H32 L37 17 V22 H25 Z" class="shape" />
            <circle cx="9" cy="23" r="3" class="shape" /><circle cx="31" cy="23" r="3" class="shape" />
        </> },
        Control => html! { <>
            <rect x="4" y="5" width="32" height="20" class="shape" />
            <path d="M4 11 H36" class="glyph thin" />
        </> },
        Kaizen => {
            html! { <polygon class="shape kaizen" points="20,2 24,9 33,5 29,13 38,15 29,18 33,26 24,21 20,28 16,21 7,26 11,18 2,15 11,13 7,5 16,9" /> }
        }
        _ => html! { <rect x="4" y="5" width="32" height="20" rx="4" class="shape task" /> },
    }
}

// ----- timeline ladder -----------------------------------------------------------------------

/// The timeline ladder under the map: waiting days on the upper steps (under each inventory),
/// processing seconds on the lower steps (under each process), and the totals at the right end.
pub fn ladder(doc: &Document, m: &VsmMetrics, lang: Lang) -> Html {
    #[derive(Clone, Copy, PartialEq)]
    enum Level {
        Wait,
        Process,
    }
    let centre = |id: &str| doc.node(id).map(|n| (n.x + n.width() / 2.0, n.width()));
    let mut items: Vec<(f64, f64, Level, String)> = Vec::new();
    for step in &m.timeline {
        if let Some((x, w)) = step.inventory.as_deref().and_then(centre) {
            let text = format!("{} {}", format_num(step.wait_days), tr(lang, "vsm.days"));
            items.push((x, w, Level::Wait, text));
        }
        if let Some((x, w)) = step.process.as_deref().and_then(centre) {
            let text = format!("{} {}", format_num(step.process_seconds), tr(lang, "vsm.unit_s"));
            items.push((x, w, Level::Process, text));
        }
    }
    if items.is_empty() {
        return html! {};
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
    let labels = items.iter().enumerate().map(|(i, (x, _, level, text))| {
        let (y, class) = match level {
            Level::Wait => (up - 10.0, "ladder-wait"),
            Level::Process => (down + 13.0, "ladder-process"),
        };
        html! { <text class={class} x={x.to_string()} y={y.to_string()} data-testid="ladder-step" key={i}>{ text }</text> }
    });
    let right = bounds.last().map(|b| b.1).unwrap_or_default();
    let sx = right + 24.0;
    let mut summary = vec![
        (
            "vsm.lead_time",
            format!("{} {}", format_num(m.lead_time_days), tr(lang, "vsm.days")),
            "ladder-lead-time",
            m.lead_time_days,
        ),
        (
            "vsm.processing",
            format!("{} {}", format_num(m.processing_seconds), tr(lang, "vsm.unit_s")),
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
    let rows = summary.iter().enumerate().map(|(i, (k, v, id, raw))| {
        let y = top + 10.0 + (i as f64 + 0.5) * 20.0 + 6.0;
        html! { <g data-testid={*id} data-value={raw.to_string()}>
            <text class="summary-key" x={(sx + 10.0).to_string()} y={y.to_string()} dy="0.35em">{ tr(lang, k) }</text>
            <text class="summary-value" x={(sx + SUMMARY_W - 10.0).to_string()} y={y.to_string()} dy="0.35em">{ v }</text>
        </g> }
    });
    html! {
        <g class="ladder" data-testid="timeline">
            <path class="ladder-line" d={path_data(&line)} />
            { for labels }
            <rect class="ladder-summary" x={sx.to_string()} y={(top + 10.0).to_string()} width={SUMMARY_W.to_string()} height={sh.to_string()} />
            { for rows }
        </g>
    }
}

// ----- cycle time versus takt -----------------------------------------------------------------

/// One bar per process in flow order, the takt line across, bars over takt in red.
pub fn takt_chart(m: &VsmMetrics, lang: Lang) -> Html {
    if m.processes.is_empty() {
        return html! {};
    }
    let (w, h, bottom, left) = (300.0, 160.0, 34.0, 4.0);
    let ph = h - bottom;
    let top = m.processes.iter().map(|p| p.cycle_time).fold(m.takt_seconds, f64::max).max(1e-9) * 1.15;
    let bw = (w - left) / m.processes.len() as f64;
    let y_of = |v: f64| ph - v / top * (ph - 4.0);
    let bars = m.processes.iter().enumerate().map(|(i, p)| {
        let x = left + i as f64 * bw;
        let y = y_of(p.cycle_time);
        let label = if p.label.is_empty() { p.node.clone() } else { p.label.clone() };
        let short = wrap_label(&label, bw - 2.0, 9.0, 2);
        html! { <g class={classes!("bar", p.over_takt.then_some("over"))} data-testid="ct-bar" data-node={p.node.clone()}
                   data-value={p.cycle_time.to_string()} data-over={p.over_takt.to_string()}>
            <title>{ format!("{label}: {} {}", format_num(p.cycle_time), tr(lang, "vsm.unit_s")) }</title>
            <rect x={(x + bw * 0.15).to_string()} y={y.to_string()} width={(bw * 0.7).max(2.0).to_string()} height={(ph - y).to_string()} />
            <text class="bar-value" x={(x + bw / 2.0).to_string()} y={(y - 3.0).to_string()}>{ format_num(p.cycle_time) }</text>
            { text_lines(&short, x + bw / 2.0, ph + 9.0, "tick") }
        </g> }
    });
    let ty = y_of(m.takt_seconds);
    html! {
        <svg class="takt-chart" viewBox={format!("0 0 {w} {h}")} data-testid="ct-chart">
            { for bars }
            <line class="axis" x1="0" y1={ph.to_string()} x2={w.to_string()} y2={ph.to_string()} />
            <line class="takt-line" x1="0" y1={ty.to_string()} x2={w.to_string()} y2={ty.to_string()} />
            <text class="takt-label" x="2" y={(ty - 4.0).to_string()}>
                { format!("{} {} {}", tr(lang, "vsm.takt"), format_num(m.takt_seconds), tr(lang, "vsm.unit_s")) }
            </text>
        </svg>
    }
}
