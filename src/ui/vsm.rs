//! Value-stream maps on the canvas: the map's drawing (`draw::vsm`, shared with the picture
//! export) placed into the canvas's SVG, the palette icons, and the cycle time versus takt chart.
//! Rendering only: it reads nodes and derived metrics and never changes the document.

use super::tr;
use crate::draw::vsm as draw;
use crate::editor::layout::wrap_label;
use crate::format::figure as format_num;
use crate::i18n::Lang;
use crate::metrics::VsmMetrics;
use crate::model::{ArrowKind, Document, Node, NodeType};
use yew::prelude::*;

pub use draw::{draws, extent, label_inside};

const LINE: f64 = 14.0;

/// Markup drawn by the core, placed as it is.
fn markup(svg: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(svg))
}

/// The body of a value-stream shape in a box of w × h at the origin: its icon, label and data.
pub fn node_body(n: &Node, lang: Lang) -> Html {
    markup(draw::node_body(n, lang))
}

/// The "bottleneck" tag over a process whose cycle time exceeds takt.
pub fn bottleneck_tag(w: f64, lang: Lang) -> Html {
    markup(draw::bottleneck_tag(w, lang))
}

/// A value-stream connector along `points`, drawn by its flow kind.
pub fn edge_body(points: &[(f64, f64)], flow: Option<ArrowKind>, lang: Lang) -> Html {
    markup(draw::edge_body(points, flow, lang, "arrow"))
}

/// The timeline ladder under the map.
pub fn ladder(doc: &Document, m: &VsmMetrics, lang: Lang) -> Html {
    markup(draw::ladder(doc, m, lang).map(|(svg, _)| svg).unwrap_or_default())
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
