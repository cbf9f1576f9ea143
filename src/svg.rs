//! The picture of a diagram as a self-contained SVG document: styles inline, fonts that show
//! Chinese, no script and no external reference. Drawn by the core, so the app's export, its
//! PNG (the same SVG painted onto a canvas), printing and `procmod render` are the same picture.
//!
//! The SVG also carries the diagram's structure, for scripts: each lane is a
//! `<g data-lane-id="ID" data-bbox="x y w h">`, each shape a `<g data-node-id="ID" data-bbox="x y w h">`
//! and each connector a `<g data-edge-id="ID" data-points="x1,y1 x2,y2 ...">` (its centre line
//! from its source's border to its target's, arrowhead included), all in the page's absolute
//! coordinates, which are the document's.

use crate::draw::{self, esc, Outline, FONT, LINE};
use crate::editor::layout::{self, lane_bands, text_width, LANE_HEADER};
use crate::editor::sipoc::column;
use crate::i18n::{t, Lang};
use crate::model::{ArrowKind, Document, Kind, Node, NodeType, Orientation, ValueClass};
use crate::route::{self, LABEL_FONT};
use std::fmt::Write;

/// Room round the drawing, in px.
const MARGIN: f64 = 20.0;
/// Height of the title line above the drawing.
const TITLE: f64 = 30.0;

/// Font families that show Latin and Chinese text on Windows, macOS, Linux and in Inkscape.
pub const FONTS: &str =
    "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

const STYLE: &str = "
.procmod-picture .lane-body { fill: #fcfdfe; stroke: #b8c4cf; stroke-width: 1; }
.procmod-picture .lane.even .lane-body { fill: #f5f8fb; }
.procmod-picture .lane-head rect { fill: #e8eef4; stroke: #b8c4cf; }
.procmod-picture .lane-head text { font-size: 14px; font-weight: 600; fill: #1f2933; text-anchor: middle; dominant-baseline: middle; }
.procmod-picture .outline { fill: #fff; stroke: #3b4a59; stroke-width: 1.5; }
.procmod-picture .task .outline, .procmod-picture .subprocess .outline { fill: #eef5ff; stroke: #3d6fb6; }
.procmod-picture .decision .outline { fill: #fff8e6; stroke: #b7791f; }
.procmod-picture .parallel .outline { fill: #f3f0ff; stroke: #6e56cf; }
.procmod-picture .document .outline { fill: #f7fbf4; stroke: #4d7c0f; }
.procmod-picture .start .outline { fill: #e9f8ee; stroke: #2f9e44; stroke-width: 2.5; }
.procmod-picture .end .outline { fill: #fdecec; stroke: #cf222e; stroke-width: 4; }
.procmod-picture .event .outline { fill: #fffdf5; stroke: #8a6d1f; stroke-width: 1.5; }
.procmod-picture .event .glyph { stroke: #8a6d1f; stroke-width: 1.3; }
.procmod-picture .event.throw .glyph { fill: #8a6d1f; }
.procmod-picture .start .glyph, .procmod-picture .end .glyph { stroke-width: 1.3; }
.procmod-picture .end .glyph { fill: #3b4a59; }
.procmod-picture .event.non-interrupting .outline, .procmod-picture .event.non-interrupting .glyph { stroke-dasharray: 4 2; }
.procmod-picture .line.message { stroke-dasharray: 6 4; }
.procmod-picture .inventory .outline { fill: #fff7e0; stroke: #b7791f; }
.procmod-picture .glyph { stroke: #3b4a59; stroke-width: 2.5; fill: none; }
.procmod-picture .label { font-size: 13px; fill: #1f2933; }
.procmod-picture .kcp rect { fill: #cf222e; } .procmod-picture .kcp text { fill: #fff; font-size: 9px; font-weight: 700; text-anchor: middle; }
.procmod-picture .value-tag { font-size: 10px; font-weight: 700; text-anchor: end; }
.procmod-picture .va { fill: #2f9e44; } .procmod-picture .bva { fill: #1f6feb; } .procmod-picture .nva { fill: #cf222e; }
.procmod-picture .line { fill: none; stroke: #4a5a6a; stroke-width: 1.6; }
.procmod-picture .arrowhead { fill: #4a5a6a; }
.procmod-picture .edge-label { font-size: 11px; fill: #1f2933; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.procmod-picture .title { font-size: 16px; font-weight: 700; fill: #1f2933; }
.procmod-picture .sipoc-head { fill: #e8eef4; stroke: #b8c4cf; }
.procmod-picture .sipoc-head-text { font-size: 14px; font-weight: 700; fill: #1f2933; text-anchor: middle; }
.procmod-picture .sipoc-cell { fill: #fff; stroke: #d5dde5; }
.procmod-picture .sipoc-text { font-size: 13px; fill: #1f2933; }
";

/// A number as SVG wants it: no trailing zeros, at most two decimals.
fn n(v: f64) -> String {
    crate::format::coord(v)
}

type Rect = (f64, f64, f64, f64);

fn union(a: Option<Rect>, b: Rect) -> Option<Rect> {
    Some(match a {
        None => b,
        Some(a) => {
            let (l, t) = (a.0.min(b.0), a.1.min(b.1));
            let (r, bt) = ((a.0 + a.2).max(b.0 + b.2), (a.1 + a.3).max(b.1 + b.3));
            (l, t, r - l, bt - t)
        }
    })
}

/// The picture of `doc`, with the texts the app draws (headings, tags) in `lang`.
pub fn render(doc: &Document, lang: Lang) -> String {
    render_sized(doc, lang).0
}

/// The picture and its width and height in px.
pub fn render_sized(doc: &Document, lang: Lang) -> (String, f64, f64) {
    let mut body = String::new();
    let bounds = match doc.kind {
        Kind::Sipoc => sipoc(doc, lang, &mut body),
        Kind::Swimlane | Kind::Vsm => diagram(doc, lang, &mut body),
    };
    let (x, y, w, h) = bounds.unwrap_or((0.0, 0.0, 200.0, 100.0));
    let title_h = if doc.title.is_empty() { 0.0 } else { TITLE };
    let (vx, vy, vw, vh) = (x - MARGIN, y - MARGIN - title_h, w + 2.0 * MARGIN, h + 2.0 * MARGIN + title_h);
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" \
         class=\"procmod-picture\" font-family=\"{}\" data-kind=\"{}\">",
        n(vx),
        n(vy),
        n(vw),
        n(vh),
        n(vw),
        n(vh),
        esc(FONTS),
        doc.kind.as_str()
    );
    let _ = writeln!(out, "<title>{}</title>", esc(&doc.title));
    let vsm_style = if doc.kind == Kind::Vsm { vsm_style() } else { String::new() };
    let _ = writeln!(out, "<style>{STYLE}{vsm_style}</style>\n<defs><marker id=\"procmod-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path class=\"arrowhead\" d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>");
    let _ = writeln!(
        out,
        "<rect class=\"background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        n(vx),
        n(vy),
        n(vw),
        n(vh)
    );
    if !doc.title.is_empty() {
        let _ = writeln!(
            out,
            "<text class=\"title\" x=\"{}\" y=\"{}\">{}</text>",
            n(x),
            n(y - MARGIN / 2.0 - 6.0),
            esc(&doc.title)
        );
    }
    out.push_str(&body);
    out.push_str("</svg>\n");
    (out, vw, vh)
}

/// Whether the background is left transparent: the same picture without its white backdrop.
pub fn transparent(svg: &str) -> String {
    svg.replacen(" fill=\"#fff\"/>", " fill=\"none\"/>", 1)
}

/// The value-stream rules of the canvas (`styles/vsm.css`), scoped to the picture, with the
/// app's colour variables (`styles/app.css`) written out: the picture draws a map as the canvas
/// does, and stands alone.
fn vsm_style() -> String {
    let vars: Vec<(String, String)> = include_str!("../styles/app.css")
        .split_once(":root")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(root, _)| {
            root.split(';')
                .filter_map(|decl| decl.split_once(':'))
                .map(|(name, value)| (name.trim_matches(|c: char| c == '{' || c.is_whitespace()), value.trim()))
                .filter(|(name, _)| name.starts_with("--"))
                .map(|(name, value)| (format!("var({name})"), value.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mut css = include_str!("../styles/vsm.css").to_string();
    while let Some(start) = css.find("/*") {
        let end = css[start..].find("*/").map_or(css.len(), |e| start + e + 2);
        css.replace_range(start..end, "");
    }
    let mut out = String::with_capacity(css.len() * 2);
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else { continue };
        let scoped: Vec<String> = selectors.split(',').map(|s| format!(".procmod-picture {}", s.trim())).collect();
        let mut body = body.trim().to_string();
        for (var, value) in &vars {
            body = body.replace(var.as_str(), value);
        }
        let _ = writeln!(out, "{} {{ {body} }}", scoped.join(", "));
    }
    out
}

/// The font size a lane title sets when it is not the stylesheet's.
fn title_font(title: &draw::LaneTitle) -> String {
    if title.font == draw::LANE_FONT {
        String::new()
    } else {
        format!(" style=\"font-size:{}px\"", n(title.font))
    }
}

/// A lane title's lines, centred on `x`.
fn title_lines(title: &draw::LaneTitle, x: f64) -> String {
    let mut out = String::new();
    for (i, line) in title.lines.iter().enumerate() {
        let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(x), n(title.dy(i)), esc(line));
    }
    out
}

/// A swimlane diagram or a value-stream map: lanes, connectors, shapes (a map's with its
/// icons, data boxes and timeline ladder). Returns the bounds.
fn diagram(doc: &Document, lang: Lang, out: &mut String) -> Option<Rect> {
    let vsm = doc.kind == Kind::Vsm;
    let mut bounds = None;
    if doc.kind == Kind::Swimlane && !doc.lanes.is_empty() {
        let len = layout::lane_length(doc);
        let vertical = doc.settings.orientation == Orientation::Vertical;
        out.push_str("<g class=\"lanes\">\n");
        for (i, (b, lane)) in lane_bands(doc).iter().zip(&doc.lanes).enumerate() {
            let r = if vertical { (b.start, 0.0, b.size, len) } else { (0.0, b.start, len, b.size) };
            let head = if vertical { (b.start, 0.0, b.size, LANE_HEADER) } else { (0.0, b.start, LANE_HEADER, b.size) };
            let (tx, ty) = (head.0 + head.2 / 2.0, head.1 + head.3 / 2.0);
            let title = draw::lane_title(&lane.name, b.size);
            let rotate =
                if vertical { String::new() } else { format!(" transform=\"rotate(-90 {} {})\"", n(tx), n(ty)) };
            let _ = writeln!(
                out,
                "<g class=\"lane{}\" data-lane-id=\"{}\" data-bbox=\"{} {} {} {}\"><rect class=\"lane-body\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\
                 <g class=\"lane-head\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><text x=\"{}\" y=\"{}\"{}{}>{}</text></g></g>",
                if i % 2 == 1 { " even" } else { "" },
                esc(&lane.id),
                n(r.0),
                n(r.1),
                n(r.2),
                n(r.3),
                n(r.0),
                n(r.1),
                n(r.2),
                n(r.3),
                n(head.0),
                n(head.1),
                n(head.2),
                n(head.3),
                n(tx),
                n(ty),
                rotate,
                title_font(&title),
                title_lines(&title, tx)
            );
            bounds = union(bounds, r);
        }
        out.push_str("</g>\n");
    }
    out.push_str("<g class=\"edges\">\n");
    for (e, r) in doc.edges.iter().zip(routes(doc)) {
        let Some(r) = r else { continue };
        let pts: Vec<String> = r.points.iter().map(|&(x, y)| format!("{},{}", n(x), n(y))).collect();
        let _ = write!(out, "<g class=\"edge\" data-edge-id=\"{}\" data-points=\"{}\">", esc(&e.id), pts.join(" "));
        if vsm {
            out.push_str(&draw::vsm::edge_body(&r.points, e.flow, lang, "procmod-arrow"));
        } else {
            let class = if e.flow == Some(ArrowKind::Message) { "line message" } else { "line" };
            let _ = write!(
                out,
                "<path class=\"{class}\" d=\"{}\" marker-end=\"url(#procmod-arrow)\"/>",
                layout::path_data(&r.points)
            );
        }
        bounds = union(bounds, r.bounds());
        if let Some((lx, ly)) = r.label {
            let text = route::label_text(e);
            let _ = write!(out, "<text class=\"edge-label\" x=\"{}\" y=\"{}\">{}</text>", n(lx), n(ly), esc(&text));
            bounds = union(bounds, (lx, ly - LABEL_FONT, text_width(&text, LABEL_FONT), LABEL_FONT * 1.3));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    let metrics = if vsm { crate::metrics::vsm(doc).ok() } else { None };
    for node in &doc.nodes {
        let covers = if vsm && draw::vsm::draws(node.kind) {
            let over_takt =
                metrics.as_ref().is_some_and(|m| m.processes.iter().any(|p| p.node == node.id && p.over_takt));
            vsm_shape(node, over_takt, lang, out)
        } else {
            shape(node, out)
        };
        bounds = union(bounds, covers);
    }
    out.push_str("</g>\n");
    if let Some((ladder, covers)) = metrics.and_then(|m| draw::vsm::ladder(doc, &m, lang)) {
        out.push_str(&ladder);
        out.push('\n');
        bounds = union(bounds, covers);
    }
    bounds
}

/// A value-stream shape drawn with its icon (and its "bottleneck" tag when its cycle time
/// exceeds takt); returns what it covers (data box and label lines included).
fn vsm_shape(node: &Node, over_takt: bool, lang: Lang, out: &mut String) -> Rect {
    let (w, h) = (node.width(), node.height());
    open_shape(out, node, if over_takt { "vsm bottleneck" } else { "vsm" });
    out.push_str(&draw::vsm::node_body(node, lang));
    let tag = if over_takt {
        out.push_str(&draw::vsm::bottleneck_tag(w, lang));
        22.0
    } else {
        0.0
    };
    out.push_str("</g>\n");
    // Labels under a shape are centred and may be wider than it (up to 120 px).
    let spread = (120.0 - w).max(0.0) / 2.0;
    (node.x - spread, node.y - tag, w + 2.0 * spread, h + tag + draw::vsm::below_height(node))
}

/// The connectors' routes: a swimlane's from the router; a value-stream map's drawn as its
/// canvas draws them (`draw::connector`: information arrows straight, material by its flow),
/// each label centred on its longest stretch.
fn routes(doc: &Document) -> Vec<Option<route::Route>> {
    if doc.kind != Kind::Vsm {
        return route::route_all(doc);
    }
    let pos = doc.node_positions();
    let rect = |id: &str| pos.get(id).map(|&i| layout::rect_of(&doc.nodes[i]));
    doc.edges
        .iter()
        .map(|e| {
            let points = crate::draw::connector(doc, e.flow, rect(&e.from)?, rect(&e.to)?);
            let text = route::label_text(e);
            let label = (!text.is_empty()).then(|| {
                let (x, y) = layout::label_point(&points);
                (x - text_width(&text, LABEL_FONT) / 2.0, y - 4.0)
            });
            Some(route::Route { points, label })
        })
        .collect()
}

/// Opens a shape's group: its classes (its type, and `more`), its id and box for scripts, and
/// the move to its place.
fn open_shape(out: &mut String, node: &Node, more: &str) {
    let _ = write!(
        out,
        "<g class=\"node {}{}{more}\" data-node-id=\"{}\" data-bbox=\"{} {} {} {}\" transform=\"translate({} {})\">",
        node.kind.as_str(),
        if more.is_empty() { "" } else { " " },
        esc(&node.id),
        n(node.x),
        n(node.y),
        n(node.width()),
        n(node.height()),
        n(node.x),
        n(node.y)
    );
}

/// One shape; returns what it covers (its label included).
fn shape(node: &Node, out: &mut String) -> Rect {
    let (w, h) = (node.width(), node.height());
    open_shape(out, node, &draw::variant_classes(node).join(" "));
    match draw::outline(node.kind, w, h) {
        Outline::Ellipse { cx, cy, rx, ry } => {
            let _ = write!(
                out,
                "<ellipse class=\"outline\" cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"/>",
                n(cx),
                n(cy),
                n(rx),
                n(ry)
            );
        }
        Outline::Polygon(points) => {
            let _ = write!(out, "<polygon class=\"outline\" points=\"{points}\"/>");
        }
        Outline::Path(d) => {
            let _ = write!(out, "<path class=\"outline\" d=\"{d}\"/>");
        }
        Outline::Rect { w, h, r } => {
            let _ = write!(out, "<rect class=\"outline\" width=\"{}\" height=\"{}\" rx=\"{}\"/>", n(w), n(h), n(r));
        }
    }
    if let Some(d) = draw::glyph(node) {
        let _ = write!(out, "<path class=\"glyph\" d=\"{d}\"/>");
    }
    let label = draw::label(node);
    let mut covers = (node.x, node.y, w, h);
    if !label.lines.is_empty() {
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">",
            n(label.x),
            n(label.y),
            label.anchor
        );
        for (i, line) in label.lines.iter().enumerate() {
            let dy = if i == 0 { "0.35em".to_string() } else { n(FONT * LINE) };
            let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(label.x), dy, esc(line));
        }
        out.push_str("</text>");
        let widest = label.lines.iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
        let top = label.y - FONT * 0.6;
        let left = match label.anchor {
            "end" => label.x - widest,
            "start" => label.x,
            _ => label.x - widest / 2.0,
        };
        let text = (node.x + left, node.y + top, widest, label.lines.len() as f64 * FONT * LINE);
        covers = union(Some(covers), text).unwrap_or(covers);
    }
    if node.control_point {
        out.push_str("<g class=\"kcp\" transform=\"translate(4 -6)\"><rect width=\"28\" height=\"14\" rx=\"3\"/><text x=\"14\" y=\"11\">KCP</text></g>");
    }
    if let Some(v) = node.value {
        let (class, text) = match v {
            ValueClass::Va => ("va", "VA"),
            ValueClass::Bva => ("bva", "BVA"),
            ValueClass::Nva => ("nva", "NVA"),
        };
        let _ = write!(out, "<text class=\"value-tag {class}\" x=\"{}\" y=\"12\">{text}</text>", n(w - 4.0));
    }
    out.push_str("</g>\n");
    covers
}

/// A SIPOC as a five-column table: a heading per column, the items below in board order (steps
/// numbered). Returns the bounds.
fn sipoc(doc: &Document, lang: Lang, out: &mut String) -> Option<Rect> {
    const COL: f64 = 200.0;
    const ROW: f64 = 44.0;
    const HEAD: f64 = 36.0;
    let columns = [
        (NodeType::Supplier, "sipoc.col.supplier"),
        (NodeType::Input, "sipoc.col.input"),
        (NodeType::Step, "sipoc.col.step"),
        (NodeType::Output, "sipoc.col.output"),
        (NodeType::Customer, "sipoc.col.customer"),
    ];
    let items: Vec<Vec<&Node>> = columns.iter().map(|&(k, _)| column(doc, k)).collect();
    let rows = items.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let height = HEAD + rows as f64 * ROW;
    out.push_str("<g class=\"sipoc\">\n");
    for (c, ((kind, key), list)) in columns.iter().zip(&items).enumerate() {
        let x = c as f64 * COL;
        let _ = writeln!(
            out,
            "<g data-column=\"{}\"><rect class=\"sipoc-head\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/><text class=\"sipoc-head-text\" x=\"{}\" y=\"{}\">{}</text>",
            kind.as_str(),
            n(x),
            n(COL),
            n(HEAD),
            n(x + COL / 2.0),
            n(HEAD / 2.0 + 5.0),
            esc(t(lang, key))
        );
        for r in 0..rows {
            let y = HEAD + r as f64 * ROW;
            let _ = write!(
                out,
                "<rect class=\"sipoc-cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                n(x),
                n(y),
                n(COL),
                n(ROW)
            );
            if let Some(item) = list.get(r) {
                let text =
                    if *kind == NodeType::Step { format!("{}. {}", r + 1, item.label) } else { item.label.clone() };
                let lines = layout::wrap_label(&text, COL - 16.0, FONT, 2);
                let _ = write!(
                    out,
                    "<g data-node-id=\"{}\" data-bbox=\"{} {} {} {}\"><text class=\"sipoc-text\" x=\"{}\" y=\"{}\">",
                    esc(&item.id),
                    n(x),
                    n(y),
                    n(COL),
                    n(ROW),
                    n(x + 8.0),
                    n(y + ROW / 2.0 - (lines.len() as f64 - 1.0) * FONT * LINE / 2.0 + 4.0)
                );
                for (i, l) in lines.iter().enumerate() {
                    let dy = if i == 0 { "0".to_string() } else { n(FONT * LINE) };
                    let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(x + 8.0), dy, esc(l));
                }
                out.push_str("</text></g>");
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    Some((0.0, 0.0, 5.0 * COL, height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Lane};

    #[test]
    fn text_is_escaped_and_structure_is_marked() {
        let mut d = Document::new(Kind::Swimlane, "A & B <采购>");
        d.lanes.push(Lane::new("l1", "采购员 \"Buyer\""));
        d.nodes.push(Node::new("a", NodeType::Task, "x < y", 60.0, 20.0).into());
        d.nodes.push(Node::new("b", NodeType::End, "", 300.0, 35.0).into());
        d.edges.push(Edge::new("e", "a", "b").into());
        let svg = render(&d, Lang::En);
        assert!(svg.contains("A &amp; B &lt;采购&gt;"));
        assert!(svg.contains("采购员 &quot;Buyer&quot;"));
        assert!(svg.contains("x &lt; y"));
        assert!(svg.contains("data-lane-id=\"l1\""));
        assert!(svg.contains("data-node-id=\"a\" data-bbox=\"60 20 120 60\""));
        assert!(svg.contains("data-edge-id=\"e\" data-points=\"180,55 300,55\""), "{svg}");
        assert!(!svg.contains("<script") && !svg.contains("href"));
    }
}
