//! How each element is drawn in SVG. Components take plain props and compare them, so after an
//! edit only the shapes that changed render again.

use super::vsm;
use crate::draw;
use crate::editor::layout::{label_point, path_data, text_width};
use crate::i18n::Lang;
use crate::model::{ArrowKind, Node, NodeType, Shared, ValueClass};
use crate::validate::Severity;
use std::rc::Rc;
use yew::prelude::*;

pub use crate::draw::FONT;

#[derive(Properties, PartialEq, Clone)]
pub struct NodeViewProps {
    pub node: Shared<Node>,
    pub selected: bool,
    pub marker: Option<Severity>,
    pub critical: bool,
    /// Drawn as a translucent preview (while dragging).
    #[prop_or_default]
    pub ghost: bool,
    /// In a value-stream map: drawn with the value-stream icon of its type.
    #[prop_or_default]
    pub vsm: bool,
    /// Value-stream process whose cycle time exceeds takt.
    #[prop_or_default]
    pub over_takt: bool,
    #[prop_or_default]
    pub lang: Lang,
    /// Labels and badges are drawn (they are left out when zoomed far out, where they would be
    /// unreadable and only cost time).
    #[prop_or(true)]
    pub detail: bool,
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The outline of a node type, in a box of w × h at the origin.
pub fn outline(kind: NodeType, w: f64, h: f64) -> Html {
    match draw::outline(kind, w, h) {
        draw::Outline::Ellipse { cx, cy, rx, ry } => {
            html! { <ellipse class="outline" cx={cx.to_string()} cy={cy.to_string()} rx={rx.to_string()} ry={ry.to_string()} /> }
        }
        draw::Outline::Polygon(points) => html! { <polygon class="outline" {points} /> },
        draw::Outline::Path(d) => html! { <path class="outline" {d} /> },
        draw::Outline::Rect { w, h, r } => {
            html! { <rect class="outline" width={w.to_string()} height={h.to_string()} rx={r.to_string()} /> }
        }
    }
}

#[function_component(NodeView)]
pub fn node_view(p: &NodeViewProps) -> Html {
    let n = &p.node;
    let (w, h) = (n.width(), n.height());
    let kind = n.kind.as_str();
    let inside = matches!(n.kind, NodeType::Task | NodeType::Subprocess | NodeType::Form);
    let label = if p.detail { Some(draw::label(n)) } else { None };
    let glyph = match draw::glyph(n) {
        Some(d) => html! { <path class="glyph" {d} /> },
        None => html! {},
    };
    let badges = html! { <>
        if n.control_point && p.detail {
            <g class="kcp" transform={format!("translate({} -6)", 4.0)}><rect width="28" height="14" rx="3" /><text x="14" y="11">{ "KCP" }</text></g>
        }
        if let Some(v) = n.value.filter(|_| p.detail) {
            <text class={classes!("value-tag", match v { ValueClass::Va => "va", ValueClass::Bva => "bva", ValueClass::Nva => "nva" })} x={(w - 4.0).to_string()} y="12">
                { match v { ValueClass::Va => "VA", ValueClass::Bva => "BVA", ValueClass::Nva => "NVA" } }
            </text>
        }
        if let Some(s) = p.marker {
            <g class={classes!("marker", severity_class(s))} transform={format!("translate({} -8)", w - 4.0)} data-testid="marker">
                <circle r="8" /><text y="4">{ "!" }</text>
            </g>
        }
    </> };
    let vsm_body = (p.vsm && vsm::draws(n.kind)).then(|| vsm::node_body(n, p.lang));
    let handles = if p.selected && !p.ghost {
        html! { <>
            <circle class="handle" data-role="handle" data-id={n.id.clone()} cx={(w + 10.0).to_string()} cy={(h / 2.0).to_string()} r="6" />
            if inside {
                <rect class="resize" data-role="resize" data-id={n.id.clone()} x={(w - 5.0).to_string()} y={(h - 5.0).to_string()} width="10" height="10" />
            }
        </> }
    } else {
        html! {}
    };
    html! {
        <g class={classes!("node", kind, draw::variant_classes(n), p.vsm.then_some("vsm"), p.selected.then_some("selected"), p.critical.then_some("critical"),
                  p.ghost.then_some("ghost"), p.over_takt.then_some("bottleneck"))}
           transform={format!("translate({} {})", n.x, n.y)} data-role="node" data-id={n.id.clone()} data-testid={format!("node-{}", n.id)}
           data-over-takt={p.over_takt.then_some("true")}>
            if let Some(body) = vsm_body {
                { body }
            } else {
                { outline(n.kind, w, h) }
                { glyph }
                if let Some(label) = &label {
                    <text class="label" x={label.x.to_string()} y={label.y.to_string()} text-anchor={label.anchor}>
                        { for label.lines.iter().enumerate().map(|(i, l)| html! {
                            <tspan x={label.x.to_string()} dy={if i == 0 { "0.35em".to_string() } else { format!("{}", FONT * draw::LINE) }}>{ l }</tspan>
                        }) }
                    </text>
                }
            }
            if p.over_takt {
                { vsm::bottleneck_tag(w, p.lang) }
            }
            { badges }
            { handles }
        </g>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct EdgeViewProps {
    pub id: String,
    pub points: Rc<Vec<(f64, f64)>>,
    pub label: String,
    pub selected: bool,
    pub marker: Option<Severity>,
    pub critical: bool,
    #[prop_or_default]
    pub ghost: bool,
    /// In a value-stream map: drawn by its flow kind.
    #[prop_or_default]
    pub vsm: bool,
    #[prop_or_default]
    pub flow: Option<ArrowKind>,
    #[prop_or_default]
    pub lang: Lang,
    /// Where the router placed the label (its start on the baseline); None: on the middle of
    /// the longest segment.
    #[prop_or_default]
    pub label_at: Option<(f64, f64)>,
}

fn flow_class(f: ArrowKind) -> &'static str {
    match f {
        ArrowKind::Push => "flow-push",
        ArrowKind::Pull => "flow-pull",
        ArrowKind::Fifo => "flow-fifo",
        ArrowKind::Info => "flow-info",
        ArrowKind::InfoElectronic => "flow-info-electronic",
        ArrowKind::Shipment => "flow-shipment",
        ArrowKind::Message => "flow-message",
    }
}

#[function_component(EdgeView)]
pub fn edge_view(p: &EdgeViewProps) -> Html {
    let d = path_data(&p.points);
    let (lx, ly) = label_point(&p.points);
    let lw = text_width(&p.label, 12.0) + 10.0;
    html! {
        <g class={classes!("edge", p.flow.map(flow_class), p.selected.then_some("selected"), p.critical.then_some("critical"), p.ghost.then_some("ghost"),
                  p.marker.map(severity_class))}
           data-role="edge" data-id={p.id.clone()} data-testid={format!("edge-{}", p.id)}>
            <path class="hit" d={d.clone()} />
            if p.vsm {
                { vsm::edge_body(&p.points, p.flow, p.lang) }
            } else {
                <path class="line" d={d} marker-end="url(#arrow)" />
            }
            if p.selected && !p.vsm && !p.ghost {
                { for crate::route::draggable_segments(&p.points).into_iter().map(|i| {
                    let (a, b) = (p.points[i], p.points[i + 1]);
                    let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                    let route = p.points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
                    let vertical = (a.0 - b.0).abs() < 1e-6;
                    html! { <rect class={classes!("segment-handle", vertical.then_some("vertical"))} data-role="segment" data-id={p.id.clone()}
                        data-index={i.to_string()} data-route={route} data-testid={format!("segment-{}-{i}", p.id)}
                        x={(mx - 6.0).to_string()} y={(my - 6.0).to_string()} width="12" height="12" rx="2" /> }
                }) }
            }
            if let (false, Some((x, y))) = (p.label.is_empty(), p.label_at) {
                <text class="edge-label-free" x={x.to_string()} y={y.to_string()}>{ &p.label }</text>
            } else if !p.label.is_empty() {
                <g class="edge-label" transform={format!("translate({lx} {ly})")}>
                    <rect x={(-lw / 2.0).to_string()} y="-9" width={lw.to_string()} height="18" rx="3" />
                    <text y="4">{ &p.label }</text>
                </g>
            }
        </g>
    }
}
