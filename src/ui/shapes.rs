//! How each element is drawn in SVG. Components take plain props and compare them, so after an
//! edit only the shapes that changed render again.

use super::vsm;
use crate::editor::layout::{label_point, path_data, text_width, wrap_label};
use crate::i18n::Lang;
use crate::model::{ArrowKind, Node, NodeType, Shared, ValueClass};
use crate::validate::Severity;
use std::rc::Rc;
use yew::prelude::*;

pub const FONT: f64 = 13.0;

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
    use NodeType::*;
    let (cx, cy) = (w / 2.0, h / 2.0);
    match kind {
        Start | End => {
            html! { <ellipse class="outline" cx={cx.to_string()} cy={cy.to_string()} rx={cx.to_string()} ry={cy.to_string()} /> }
        }
        Decision | Parallel => html! {
            <polygon class="outline" points={format!("{cx},0 {w},{cy} {cx},{h} 0,{cy}")} />
        },
        Form => {
            let wave = h * 0.85;
            html! { <path class="outline" d={format!("M0 0 H{w} V{wave} Q{} {} {cx} {wave} T0 {wave} Z", w * 0.75, h * 0.7)} /> }
        }
        Inventory => html! { <polygon class="outline" points={format!("{cx},0 {w},{h} 0,{h}")} /> },
        _ => html! { <rect class="outline" width={w.to_string()} height={h.to_string()} rx="6" /> },
    }
}

#[function_component(NodeView)]
pub fn node_view(p: &NodeViewProps) -> Html {
    let n = &p.node;
    let (w, h) = (n.width(), n.height());
    let kind = n.kind.as_str();
    let inside = matches!(n.kind, NodeType::Task | NodeType::Subprocess | NodeType::Form);
    // Labels of round and diamond shapes sit below them; tasks hold theirs inside.
    let (lines, ly) = if !p.detail {
        (Vec::new(), 0.0)
    } else if inside {
        let lines = wrap_label(&n.label, w - 12.0, FONT, ((h - 8.0) / (FONT * 1.25)).max(1.0) as usize);
        let ly = h / 2.0 - (lines.len() as f64 - 1.0) * FONT * 1.25 / 2.0;
        (lines, ly)
    } else {
        let lines = wrap_label(&n.label, w.max(110.0), FONT, 2);
        // Gateways carry their question above, where branches do not run; events below.
        let above = matches!(n.kind, NodeType::Decision | NodeType::Parallel);
        let ly = if above { -6.0 - (lines.len() as f64 - 0.5) * FONT * 1.25 } else { h + FONT + 2.0 };
        (lines, ly)
    };
    let glyph = match n.kind {
        NodeType::Parallel => {
            html! { <path class="glyph" d={format!("M{0} {1} V{2} M{3} {4} H{5}", w / 2.0, h * 0.25, h * 0.75, w * 0.25, h / 2.0, w * 0.75)} /> }
        }
        NodeType::Subprocess => {
            html! { <path class="glyph" d={format!("M{0} {1} V{2} M{3} {4} H{5}", w / 2.0, h - 14.0, h - 4.0, w / 2.0 - 5.0, h - 9.0, w / 2.0 + 5.0)} /> }
        }
        _ => html! {},
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
        <g class={classes!("node", kind, p.vsm.then_some("vsm"), p.selected.then_some("selected"), p.critical.then_some("critical"),
                  p.ghost.then_some("ghost"), p.over_takt.then_some("bottleneck"))}
           transform={format!("translate({} {})", n.x, n.y)} data-role="node" data-id={n.id.clone()} data-testid={format!("node-{}", n.id)}
           data-over-takt={p.over_takt.then_some("true")}>
            if let Some(body) = vsm_body {
                { body }
            } else {
                { outline(n.kind, w, h) }
                { glyph }
                if p.detail {
                    <text class="label" x={(w / 2.0).to_string()} y={ly.to_string()}>
                        { for lines.iter().enumerate().map(|(i, l)| html! {
                            <tspan x={(w / 2.0).to_string()} dy={if i == 0 { "0.35em".to_string() } else { format!("{}", FONT * 1.25) }}>{ l }</tspan>
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
}

fn flow_class(f: ArrowKind) -> &'static str {
    match f {
        ArrowKind::Push => "flow-push",
        ArrowKind::Pull => "flow-pull",
        ArrowKind::Fifo => "flow-fifo",
        ArrowKind::Info => "flow-info",
        ArrowKind::InfoElectronic => "flow-info-electronic",
        ArrowKind::Shipment => "flow-shipment",
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
            if !p.label.is_empty() {
                <g class="edge-label" transform={format!("translate({lx} {ly})")}>
                    <rect x={(-lw / 2.0).to_string()} y="-9" width={lw.to_string()} height="18" rx="3" />
                    <text y="4">{ &p.label }</text>
                </g>
            }
        </g>
    }
}
