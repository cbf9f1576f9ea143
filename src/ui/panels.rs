//! The side panels: the inspector (properties of the selected shape, connector or lane, or of
//! the document), the live metrics and the findings. Every field edit leaves as one action;
//! nothing here changes the document itself.

use super::{tr, Analysis, EditorCallbacks, Selection, Shared};
use crate::command::Target;
use crate::editor::{Action, DocField, EdgeField, LaneField, NodeField};
use crate::format::{self, coord, figure, percent, Bounds, ParseError};
use crate::i18n::Lang;
use crate::metrics::{Metrics, SipocMetrics, SwimlaneMetrics, VsmMetrics};
use crate::model::{
    ArrowKind, Dist, Document, Edge, Kind, Lane, Node, NodeType, Orientation, TimeUnit, Trigger, ValueClass,
};
use crate::validate::{Finding, Severity};
use std::collections::{HashMap, HashSet};
use yew::prelude::*;

// ----- fields -------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct TextFieldProps {
    label: AttrValue,
    value: String,
    testid: AttrValue,
    on_commit: Callback<String>,
    #[prop_or_default]
    multiline: bool,
}

/// A text box that commits on change (Enter or leaving it), never mid-composition.
#[function_component(TextField)]
fn text_field(p: &TextFieldProps) -> Html {
    let input = use_node_ref();
    super::field::use_field_value(&input, &p.value);
    let on_commit = p.on_commit.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            t.value()
        } else {
            e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
        };
        on_commit.emit(value);
    });
    html! {
        <label class="field">
            <span>{ p.label.clone() }</span>
            if p.multiline {
                <textarea ref={input} data-testid={p.testid.clone()} {onchange} rows="2" />
            } else {
                <input ref={input} type="text" data-testid={p.testid.clone()} {onchange} />
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub label: AttrValue,
    pub value: Option<f64>,
    pub testid: AttrValue,
    pub on_commit: Callback<Option<f64>>,
    pub lang: Lang,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub suffix: AttrValue,
    /// What it accepts (zero or more unless said).
    #[prop_or_default]
    pub bounds: Bounds,
}

/// A number box: empty means "not set". Typed as people type (full-width digits, `。`, a
/// decimal comma); what is not a number within its bounds is kept in the box, marked, and
/// explained under it, and not committed.
#[function_component(NumberField)]
pub fn number_field(p: &NumberFieldProps) -> Html {
    let input = use_node_ref();
    let shown = p.value.map(format::editable).unwrap_or_default();
    super::field::use_field_value(&input, &shown);
    let problem = use_state(|| None::<ParseError>);
    let (on_commit, state, bounds) = (p.on_commit.clone(), problem.clone(), p.bounds);
    let onchange = Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        match format::parse_in(&text, bounds) {
            Ok(v) => {
                state.set(None);
                on_commit.emit(v);
            }
            Err(why) => state.set(Some(why)),
        }
    });
    let why = problem.as_ref().map(|why| match why {
        ParseError::NotANumber => tr(p.lang, "input.not_a_number").to_string(),
        ParseError::Negative => tr(p.lang, "input.negative").to_string(),
        ParseError::TooSmall => format!("{} {}", tr(p.lang, "input.too_small"), figure(p.bounds.min)),
        ParseError::TooLarge => format!("{} {}", tr(p.lang, "input.too_large"), figure(p.bounds.max)),
        ParseError::NotWhole => tr(p.lang, "input.not_whole").to_string(),
    });
    html! {
        <label class={classes!("field", problem.is_some().then_some("invalid"))}>
            <span>{ p.label.clone() }</span>
            <span class="with-suffix">
                <input ref={input} type="text" inputmode="decimal" data-testid={p.testid.clone()} placeholder={p.placeholder.clone()}
                    aria-invalid={problem.is_some().to_string()} {onchange} />
                <em>{ p.suffix.clone() }</em>
            </span>
            if let Some(why) = why {
                <small class="why" role="alert" data-testid={format!("{}-error", p.testid)}>{ why }</small>
            }
        </label>
    }
}

/// The name of a time unit after a number.
pub fn unit_label(lang: Lang, u: TimeUnit) -> &'static str {
    tr(lang, u.label_key())
}

// ----- inspector ----------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub selection: Selection,
    pub lang: Lang,
    pub callbacks: EditorCallbacks,
    /// Open (creating on first use) the diagram that details a step or sub-process.
    pub on_drill: Callback<String>,
}

#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let doc = &p.doc;
    let act = &p.callbacks.on_action;
    let selected: Vec<&String> = p.selection.iter().collect();
    let body = match selected.as_slice() {
        [] => {
            html! { <div key="document">{ document_fields(&DocumentFieldsProps { doc: doc.clone(), lang: p.lang, on_action: act.clone() }) }</div> }
        }
        [id] => {
            if let Some(node) = doc.node(id).cloned() {
                let key = node.id.clone();
                let fields = NodeFieldsProps {
                    node,
                    doc: doc.clone(),
                    lang: p.lang,
                    on_action: act.clone(),
                    on_drill: p.on_drill.clone(),
                };
                html! { <div {key}>{ node_fields(&fields) }</div> }
            } else if let Some(edge) = doc.edge(id).cloned() {
                let key = edge.id.clone();
                let fields = EdgeFieldsProps { edge, doc: doc.clone(), lang: p.lang, on_action: act.clone() };
                html! { <div {key}>{ edge_fields(&fields) }</div> }
            } else if let Some(lane) = doc.lane(id).cloned() {
                let (key, shapes) =
                    (lane.id.clone(), doc.nodes.iter().filter(|n| n.lane.as_deref() == Some(id.as_str())).count());
                let fields = LaneFieldsProps { lane, shapes, lang: p.lang, on_action: act.clone() };
                html! { <div {key}>{ lane_fields(&fields) }</div> }
            } else {
                html! {}
            }
        }
        many => {
            use crate::editor::arrange::{Align, Axis};
            let shapes = many.iter().filter(|id| doc.node(id).is_some()).count();
            let lang = p.lang;
            let button = |testid: &'static str, key: &'static str, glyph: &'static str, action: Action| {
                html! { <button class="arrange" data-testid={testid} title={tr(lang, key).to_string()} aria-label={tr(lang, key).to_string()}
                onclick={act.reform(move |_| action.clone())}>{ glyph }</button> }
            };
            html! { <div key="many">
                <p class="muted" data-testid="insp-many">{ many.len() }{ " " }{ tr(lang, "insp.selection") }</p>
                if shapes >= 2 && doc.kind != Kind::Sipoc {
                    <div class="arrange-row" role="group" aria-label={tr(lang, "arr.align").to_string()}>
                        <span class="arrange-label">{ tr(lang, "arr.align") }</span>
                        { button("align-left", "arr.left", "⇤", Action::Align(Align::Left)) }
                        { button("align-centre", "arr.centre", "↔", Action::Align(Align::Centre)) }
                        { button("align-right", "arr.right", "⇥", Action::Align(Align::Right)) }
                        { button("align-top", "arr.top", "⤒", Action::Align(Align::Top)) }
                        { button("align-middle", "arr.middle", "↕", Action::Align(Align::Middle)) }
                        { button("align-bottom", "arr.bottom", "⤓", Action::Align(Align::Bottom)) }
                    </div>
                }
                if shapes >= 3 && doc.kind != Kind::Sipoc {
                    <div class="arrange-row" role="group" aria-label={tr(lang, "arr.distribute").to_string()}>
                        <span class="arrange-label">{ tr(lang, "arr.distribute") }</span>
                        { button("distribute-h", "arr.horizontal", "⋯", Action::Distribute(Axis::Horizontal)) }
                        { button("distribute-v", "arr.vertical", "⋮", Action::Distribute(Axis::Vertical)) }
                    </div>
                }
            </div> }
        }
    };
    html! {
        <section class="panel inspector" data-testid="inspector">
            <h3>{ tr(p.lang, "insp.title") }</h3>
            { body }
        </section>
    }
}

/// What the form needs.
struct NodeFieldsProps {
    node: Node,
    doc: Shared<Document>,
    lang: Lang,
    on_action: Callback<Action>,
    on_drill: Callback<String>,
}

/// One number field of a form: what it is, its value, and what a new value becomes. The forms
/// list their fields as data and draw them all in one loop.
struct Num {
    label: &'static str,
    testid: &'static str,
    value: Option<f64>,
    /// A table key, or text shown as it is (`%`).
    suffix: &'static str,
    max: f64,
    placeholder: &'static str,
    commit: Callback<Option<f64>>,
}

impl Num {
    fn new(label: &'static str, testid: &'static str, value: Option<f64>, commit: Callback<Option<f64>>) -> Self {
        Num { label, testid, value, suffix: "", max: f64::MAX, placeholder: "", commit }
    }
    fn suffix(self, suffix: &'static str) -> Self {
        Num { suffix, ..self }
    }
    /// A percentage of a fraction stored 0..1.
    fn percent(self) -> Self {
        let commit = self.commit.reform(|v: Option<f64>| v.map(|x| x / 100.0));
        Num { value: self.value.map(|x| (x * 1e6).round() / 1e4), suffix: "%", max: 100.0, commit, ..self }
    }
    fn placeholder(self, placeholder: &'static str) -> Self {
        Num { placeholder, ..self }
    }
}

/// The number fields, in order.
fn numbers(fields: Vec<Num>, lang: Lang) -> Html {
    let rows = fields.into_iter().map(|f| {
        let suffix = if f.suffix.contains('.') { tr(lang, f.suffix) } else { f.suffix };
        let placeholder = if f.placeholder.contains('.') { tr(lang, f.placeholder) } else { f.placeholder };
        html! {
            <NumberField {lang} label={tr(lang, f.label).to_string()} value={f.value} testid={f.testid} suffix={suffix.to_string()}
                bounds={Bounds { max: f.max, ..Bounds::default() }} placeholder={placeholder.to_string()} on_commit={f.commit} />
        }
    });
    html! { <>{ for rows }</> }
}

/// One text field of a form.
struct Text {
    label: &'static str,
    testid: &'static str,
    value: String,
    multiline: bool,
    commit: Callback<String>,
}

fn texts(fields: Vec<Text>, lang: Lang) -> Html {
    let rows = fields.into_iter().map(|f| {
        html! { <TextField label={tr(lang, f.label).to_string()} value={f.value} testid={f.testid} multiline={f.multiline} on_commit={f.commit} /> }
    });
    html! { <>{ for rows }</> }
}

/// A drop-down of (value, table key) options.
fn choice(
    label: &str,
    testid: &'static str,
    options: &[(&'static str, &'static str)],
    selected: &str,
    lang: Lang,
    on: Callback<String>,
) -> Html {
    let onchange = on.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
    html! {
        <label class="field"><span>{ label.to_string() }</span>
            <select data-testid={testid} {onchange}>
                { for options.iter().map(|(v, k)| html! { <option value={*v} selected={selected == *v}>{ tr(lang, k) }</option> }) }
            </select>
        </label>
    }
}

fn node_fields(p: &NodeFieldsProps) -> Html {
    let (n, doc, lang) = (&p.node, &p.doc, p.lang);
    let set = |f: fn(Option<f64>) -> NodeField| {
        let id = n.id.clone();
        p.on_action.reform(move |v: Option<f64>| Action::SetNode { id: id.clone(), field: f(v) })
    };
    let set_text = |f: fn(String) -> NodeField| {
        let id = n.id.clone();
        p.on_action.reform(move |v: String| Action::SetNode { id: id.clone(), field: f(v) })
    };
    let rename = {
        let id = n.id.clone();
        p.on_action.reform(move |text: String| Action::Rename { target: Target::Node(id.clone()), text })
    };
    let vsm = doc.kind == Kind::Vsm;
    let kaizen = vsm && n.kind == NodeType::Kaizen;
    let timed = doc.kind == Kind::Swimlane && !matches!(n.kind, NodeType::Start | NodeType::End);
    let unit = doc.time_unit.label_key();
    let mut nums = Vec::new();
    match n.kind {
        NodeType::Process if vsm => nums.extend([
            Num::new("insp.cycle_time", "insp-ct", n.cycle_time, set(NodeField::CycleTime)).suffix("vsm.unit_s"),
            Num::new("insp.changeover", "insp-co", n.changeover, set(NodeField::Changeover)).suffix("vsm.unit_s"),
            Num::new("insp.uptime", "insp-uptime", n.uptime, set(NodeField::Uptime)).percent(),
            Num::new("insp.pca", "insp-pca", n.pca, set(NodeField::Pca)).percent(),
            Num::new("insp.operators", "insp-operators", n.operators, set(NodeField::Operators)),
            Num::new("insp.shifts", "insp-shifts", n.shifts, set(NodeField::Shifts)),
        ]),
        NodeType::Inventory if vsm => nums.extend([
            Num::new("insp.quantity", "insp-quantity", n.quantity, set(NodeField::Quantity)).suffix("vsm.pcs"),
            Num::new("insp.days", "insp-days", n.days, set(NodeField::Days)).suffix("vsm.days"),
        ]),
        NodeType::Shipment if vsm => {
            nums.push(Num::new("insp.transport_days", "insp-days", n.days, set(NodeField::Days)).suffix("vsm.days"))
        }
        _ => {}
    }
    if timed {
        nums.push(
            Num::new("insp.work", "insp-work", Some(n.work), set(|v| NodeField::Work(v.unwrap_or(0.0)))).suffix(unit),
        );
        nums.push(
            Num::new("insp.wait", "insp-wait", Some(n.wait), set(|v| NodeField::Wait(v.unwrap_or(0.0)))).suffix(unit),
        );
    }
    let value_key = match n.value {
        Some(ValueClass::Va) => "va",
        Some(ValueClass::Bva) => "bva",
        Some(ValueClass::Nva) => "nva",
        None => "",
    };
    let value_cb = set_text(|v| {
        NodeField::Value(match v.as_str() {
            "va" => Some(ValueClass::Va),
            "bva" => Some(ValueClass::Bva),
            "nva" => Some(ValueClass::Nva),
            _ => None,
        })
    });
    let lane_cb = set_text(|v| NodeField::Lane(Some(v).filter(|v| !v.is_empty())));
    let kcp_cb = {
        let id = n.id.clone();
        p.on_action.reform(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            Action::SetNode { id: id.clone(), field: NodeField::ControlPoint(on) }
        })
    };
    let mut after = Vec::new();
    if timed {
        after.push(Text {
            label: "insp.system",
            testid: "insp-system",
            value: n.system.clone(),
            multiline: false,
            commit: set_text(NodeField::System),
        });
    }
    if n.kind == NodeType::Subprocess {
        let link = n.link.clone().unwrap_or_default();
        after.push(Text {
            label: "insp.link",
            testid: "insp-link",
            value: link,
            multiline: false,
            commit: set_text(|v| NodeField::Link(Some(v))),
        });
    }
    if timed {
        after.push(Text {
            label: "insp.inputs",
            testid: "insp-inputs",
            value: n.inputs.join("; "),
            multiline: false,
            commit: set_text(NodeField::Inputs),
        });
        after.push(Text {
            label: "insp.outputs",
            testid: "insp-outputs",
            value: n.outputs.join("; "),
            multiline: false,
            commit: set_text(NodeField::Outputs),
        });
    }
    let mut control = Vec::new();
    if timed && n.control_point {
        control.push(Text {
            label: "doc.risk",
            testid: "insp-risk",
            value: n.risk.clone(),
            multiline: true,
            commit: set_text(NodeField::Risk),
        });
        control.push(Text {
            label: "doc.control",
            testid: "insp-control",
            value: n.control.clone(),
            multiline: true,
            commit: set_text(NodeField::Control),
        });
        control.push(Text {
            label: "doc.evidence",
            testid: "insp-evidence",
            value: n.evidence.clone(),
            multiline: false,
            commit: set_text(NodeField::Evidence),
        });
    }
    after.push(Text {
        label: "insp.notes",
        testid: "insp-notes",
        value: n.notes.clone(),
        multiline: true,
        commit: set_text(NodeField::Notes),
    });
    let label = Text {
        label: if kaizen { "insp.kaizen_text" } else { "insp.label" },
        testid: "insp-label",
        value: n.label.clone(),
        multiline: kaizen,
        commit: rename,
    };
    let lanes = {
        let onchange = lane_cb.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        let options = doc.lanes.iter().map(|l| html! { <option value={l.id.clone()} selected={n.lane.as_deref() == Some(l.id.as_str())}>{ &l.name }</option> });
        html! {
            <label class="field"><span>{ tr(lang, "insp.lane") }</span>
                <select data-testid="insp-lane" {onchange}>
                    <option value="" selected={n.lane.is_none()}>{ tr(lang, "insp.no_lane") }</option>
                    { for options }
                </select>
            </label>
        }
    };
    const VALUES: [(&str, &str); 4] =
        [("", "insp.value.none"), ("va", "insp.value.va"), ("bva", "insp.value.bva"), ("nva", "insp.value.nva")];
    html! { <div>
        <h4>{ tr(lang, "insp.shape") }{ ": " }{ tr(lang, crate::message::type_key(n.kind)) }<code>{ &n.id }</code></h4>
        { texts(vec![label], lang) }
        if doc.kind == Kind::Swimlane {
            { lanes }
        }
        { numbers(nums, lang) }
        if n.kind == NodeType::Inventory && vsm {
            <p class="hint">{ tr(lang, "insp.quantity_or_days") }</p>
        }
        if timed {
            { choice(tr(lang, "insp.value"), "insp-value", &VALUES, value_key, lang, value_cb) }
            <label class="check"><input type="checkbox" data-testid="insp-kcp" checked={n.control_point} onchange={kcp_cb} />{ tr(lang, "insp.kcp") }</label>
            { texts(control, lang) }
        }
        if timed && doc.kind == Kind::Swimlane {
            { dist_fields(n, lang, &p.on_action) }
        }
        if timed && doc.kind == Kind::Swimlane && doc.lanes.len() > 1 {
            { raci(n, doc, lang, &p.on_action) }
        }
        if n.kind == NodeType::Event {
            { event_fields(n, doc, lang, &p.on_action) }
        }
        if matches!(n.kind, NodeType::Start | NodeType::End) && doc.kind == Kind::Swimlane {
            { trigger_choice(n, lang, &p.on_action) }
        }
        if matches!(n.kind, NodeType::Subprocess | NodeType::Step) {
            <button class="drill" data-testid="drill-down" onclick={p.on_drill.reform({ let id = n.id.clone(); move |_| id.clone() })}>
                { if n.link.is_some() { tr(lang, "insp.open_detail") } else { tr(lang, "insp.create_detail") } }
            </button>
        }
        { texts(after, lang) }
    </div> }
}

/// An intermediate event: its trigger, whether it signals, and the step it sits on the border
/// of (a boundary event), interrupting it or not.
/// The distribution of a step's duration for simulation, and its parameters.
fn dist_fields(n: &Node, lang: Lang, act: &Callback<Action>) -> Html {
    const KINDS: [(&str, &str); 6] = [
        ("fixed", "dist.fixed"),
        ("exponential", "dist.exponential"),
        ("normal", "dist.normal"),
        ("lognormal", "dist.lognormal"),
        ("triangular", "dist.triangular"),
        ("uniform", "dist.uniform"),
    ];
    let dist = n.dist.unwrap_or(Dist::Fixed);
    let (work, id) = (n.work, n.id.clone());
    // A new kind starts from a spread around the step's work.
    let kind = act.reform(move |v: String| {
        let d = match v.as_str() {
            "exponential" => Dist::Exponential,
            "normal" => Dist::Normal { sd: work / 4.0 },
            "lognormal" => Dist::Lognormal { sd: work / 2.0 },
            "triangular" => Dist::Triangular { min: work / 2.0, max: work * 2.0 },
            "uniform" => Dist::Uniform { min: work / 2.0, max: work * 1.5 },
            _ => Dist::Fixed,
        };
        Action::SetNode { id: id.clone(), field: NodeField::Dist(Some(d)) }
    });
    let param = |label: &'static str, testid: &'static str, value: f64, make: fn(Dist, f64) -> Dist| {
        let id = n.id.clone();
        let on = act.reform(move |v: Option<f64>| Action::SetNode {
            id: id.clone(),
            field: NodeField::Dist(Some(make(dist, v.unwrap_or(0.0)))),
        });
        Num::new(label, testid, Some(value), on)
    };
    let nums = match dist {
        Dist::Normal { sd } | Dist::Lognormal { sd } => vec![param("dist.sd", "insp-dist-sd", sd, |d, v| match d {
            Dist::Lognormal { .. } => Dist::Lognormal { sd: v },
            _ => Dist::Normal { sd: v },
        })],
        Dist::Triangular { min, max } | Dist::Uniform { min, max } => vec![
            param("dist.min", "insp-dist-min", min, |d, v| match d {
                Dist::Triangular { max, .. } => Dist::Triangular { min: v, max },
                Dist::Uniform { max, .. } => Dist::Uniform { min: v, max },
                d => d,
            }),
            param("dist.max", "insp-dist-max", max, |d, v| match d {
                Dist::Triangular { min, .. } => Dist::Triangular { min, max: v },
                Dist::Uniform { min, .. } => Dist::Uniform { min, max: v },
                d => d,
            }),
        ],
        _ => Vec::new(),
    };
    html! { <>
        { choice(tr(lang, "insp.dist"), "insp-dist", &KINDS, dist.as_str(), lang, kind) }
        { numbers(nums, lang) }
    </> }
}

/// What an event waits for or signals.
fn trigger_choice(n: &Node, lang: Lang, act: &Callback<Action>) -> Html {
    const TRIGGERS: [(&str, &str); 6] = [
        ("", "trigger.none"),
        ("timer", "trigger.timer"),
        ("message", "trigger.message"),
        ("signal", "trigger.signal"),
        ("error", "trigger.error"),
        ("conditional", "trigger.conditional"),
    ];
    let id = n.id.clone();
    let trigger =
        act.reform(move |v: String| Action::SetNode { id: id.clone(), field: NodeField::Trigger(Trigger::named(&v)) });
    choice(
        tr(lang, "insp.trigger"),
        "insp-trigger",
        &TRIGGERS,
        n.trigger.map(Trigger::as_str).unwrap_or(""),
        lang,
        trigger,
    )
}

fn event_fields(n: &Node, doc: &Document, lang: Lang, act: &Callback<Action>) -> Html {
    let check = |f: fn(bool) -> NodeField| {
        let id = n.id.clone();
        act.reform(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            Action::SetNode { id: id.clone(), field: f(on) }
        })
    };
    let id = n.id.clone();
    let attach = act.reform(move |e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        Action::SetNode { id: id.clone(), field: NodeField::Attached(Some(v).filter(|v| !v.is_empty())) }
    });
    let steps = doc.nodes.iter().filter(|s| matches!(s.kind, NodeType::Task | NodeType::Subprocess)).map(|s| {
        let name = if s.label.trim().is_empty() { s.id.clone() } else { s.label.clone() };
        html! { <option value={s.id.clone()} selected={n.attached.as_deref() == Some(s.id.as_str())}>{ name }</option> }
    });
    html! { <>
        { trigger_choice(n, lang, act) }
        <label class="check"><input type="checkbox" data-testid="insp-throw" checked={n.throw} onchange={check(NodeField::Throw)} />{ tr(lang, "insp.throw") }</label>
        <label class="field"><span>{ tr(lang, "insp.attached") }</span>
            <select data-testid="insp-attached" onchange={attach}>
                <option value="" selected={n.attached.is_none()}>{ tr(lang, "insp.not_attached") }</option>
                { for steps }
            </select>
        </label>
        if n.attached.is_some() {
            <label class="check"><input type="checkbox" data-testid="insp-non-interrupting" checked={n.non_interrupting} onchange={check(NodeField::NonInterrupting)} />{ tr(lang, "insp.non_interrupting") }</label>
            <p class="hint">{ tr(lang, "insp.boundary_hint") }</p>
        }
    </> }
}

/// The step's RACI beyond its lane (which is responsible): for each other lane, whether it is
/// accountable (one at most), consulted or informed.
fn raci(n: &Node, doc: &Document, lang: Lang, act: &Callback<Action>) -> Html {
    let rows = doc.lanes.iter().filter(|l| n.lane.as_deref() != Some(l.id.as_str())).map(|l| {
        let lane = l.id.clone();
        let id = n.id.clone();
        let accountable = n.accountable.as_deref() == Some(l.id.as_str());
        let on_a = {
            let (id, lane) = (id.clone(), lane.clone());
            act.reform(move |e: Event| {
                let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                Action::SetNode { id: id.clone(), field: NodeField::Accountable(on.then(|| lane.clone())) }
            })
        };
        let toggle = |list: &Vec<String>, make: fn(Vec<String>) -> NodeField| {
            let (id, lane, list) = (id.clone(), lane.clone(), list.clone());
            act.reform(move |e: Event| {
                let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                let mut list: Vec<String> = list.iter().filter(|x| **x != lane).cloned().collect();
                if on {
                    list.push(lane.clone());
                }
                Action::SetNode { id: id.clone(), field: make(list) }
            })
        };
        let (on_c, on_i) = (toggle(&n.consulted, NodeField::Consulted), toggle(&n.informed, NodeField::Informed));
        html! {
            <tr key={l.id.clone()}>
                <td>{ &l.name }</td>
                <td><input type="checkbox" data-testid={format!("raci-a-{}", l.id)} checked={accountable} onchange={on_a} /></td>
                <td><input type="checkbox" data-testid={format!("raci-c-{}", l.id)} checked={n.consulted.contains(&l.id)} onchange={on_c} /></td>
                <td><input type="checkbox" data-testid={format!("raci-i-{}", l.id)} checked={n.informed.contains(&l.id)} onchange={on_i} /></td>
            </tr>
        }
    });
    html! {
        <table class="raci-edit" data-testid="insp-raci">
            <caption>{ tr(lang, "insp.raci") }</caption>
            <thead><tr><th /><th title={tr(lang, "insp.raci_a").to_string()}>{ "A" }</th><th title={tr(lang, "insp.raci_c").to_string()}>{ "C" }</th><th title={tr(lang, "insp.raci_i").to_string()}>{ "I" }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// What the form needs.
struct EdgeFieldsProps {
    edge: Edge,
    doc: Shared<Document>,
    lang: Lang,
    on_action: Callback<Action>,
}

fn edge_fields(p: &EdgeFieldsProps) -> Html {
    let (e, doc, lang) = (&p.edge, &p.doc, p.lang);
    let name = |id: &str| {
        doc.node(id).map(|n| if n.label.is_empty() { n.id.clone() } else { n.label.clone() }).unwrap_or_default()
    };
    let set = |f: fn(Option<f64>) -> EdgeField| {
        let id = e.id.clone();
        p.on_action.reform(move |v: Option<f64>| Action::SetEdge { id: id.clone(), field: f(v) })
    };
    let rename = {
        let id = e.id.clone();
        p.on_action.reform(move |text: String| Action::Rename { target: Target::Edge(id.clone()), text })
    };
    let label =
        Text { label: "insp.label", testid: "insp-label", value: e.label.clone(), multiline: false, commit: rename };
    let nums = if doc.kind == Kind::Swimlane {
        vec![
            Num::new("insp.probability", "insp-probability", e.probability, set(EdgeField::Probability)).percent(),
            Num::new("insp.transfer", "insp-transfer", e.transfer, set(EdgeField::Transfer))
                .suffix(doc.time_unit.label_key())
                .placeholder("insp.transfer_hint"),
        ]
    } else {
        Vec::new()
    };
    html! { <div>
        <h4>{ tr(lang, "insp.connector") }<code>{ &e.id }</code></h4>
        <p class="muted">{ tr(lang, "insp.from_to") }{ ": " }{ name(&e.from) }{ " → " }{ name(&e.to) }</p>
        { texts(vec![label], lang) }
        if doc.kind == Kind::Vsm {
            { arrow_select(e, lang, &p.on_action) }
        }
        if doc.kind == Kind::Swimlane {
            <label class="check"><input type="checkbox" data-testid="insp-message" checked={e.flow == Some(ArrowKind::Message)} onchange={{
                let id = e.id.clone();
                p.on_action.reform(move |ev: Event| {
                    let on = ev.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                    Action::SetEdge { id: id.clone(), field: EdgeField::Arrow(on.then_some(ArrowKind::Message)) }
                })
            }} />{ tr(lang, "insp.message") }</label>
        }
        { numbers(nums, lang) }
        if !e.points.is_empty() {
            <button data-testid="reset-route" onclick={{
                let id = e.id.clone();
                p.on_action.reform(move |_| Action::Reshape { id: id.clone(), points: Vec::new() })
            }}>{ tr(lang, "insp.reset_route") }</button>
        }
    </div> }
}

/// The kind of a value-stream arrow.
fn arrow_select(e: &Edge, lang: Lang, act: &Callback<Action>) -> Html {
    const ARROWS: [(&str, &str); 7] = [
        ("", "flow.none"),
        ("push", "flow.push"),
        ("pull", "flow.pull"),
        ("fifo", "flow.fifo"),
        ("info", "flow.info"),
        ("info_electronic", "flow.info_electronic"),
        ("shipment", "flow.shipment"),
    ];
    let selected = e.flow.map(ArrowKind::as_str).unwrap_or("");
    let id = e.id.clone();
    let on =
        act.reform(move |v: String| Action::SetEdge { id: id.clone(), field: EdgeField::Arrow(ArrowKind::named(&v)) });
    choice(tr(lang, "insp.flow"), "insp-flow", &ARROWS, selected, lang, on)
}

/// What the form needs.
struct LaneFieldsProps {
    lane: Lane,
    /// Shapes in the lane.
    shapes: usize,
    lang: Lang,
    on_action: Callback<Action>,
}

/// A lane: its name, the people working in it (which its utilisation is measured against), and
/// how many shapes it holds.
fn lane_fields(p: &LaneFieldsProps) -> Html {
    let (l, lang) = (&p.lane, p.lang);
    let id = l.id.clone();
    let name = p.on_action.reform(move |v: String| Action::SetLane { id: id.clone(), field: LaneField::Name(v) });
    let id = l.id.clone();
    let capacity =
        p.on_action.reform(move |v: Option<f64>| Action::SetLane { id: id.clone(), field: LaneField::Capacity(v) });
    let id = l.id.clone();
    let remove = p.on_action.reform(move |_| Action::RemoveLane(id.clone()));
    let name =
        Text { label: "insp.lane_name", testid: "lane-name", value: l.name.clone(), multiline: false, commit: name };
    let id = l.id.clone();
    let pool = Text {
        label: "insp.pool",
        testid: "lane-pool",
        value: l.pool.clone(),
        multiline: false,
        commit: p.on_action.reform(move |v: String| Action::SetLane { id: id.clone(), field: LaneField::Pool(v) }),
    };
    let capacity =
        Num::new("insp.capacity", "lane-capacity", l.capacity, capacity).suffix("insp.people").placeholder("1");
    html! { <div data-testid="lane-inspector">
        <h4>{ tr(lang, "insp.lane") }<code>{ &l.id }</code></h4>
        { texts(vec![name], lang) }
        { numbers(vec![capacity], lang) }
        { texts(vec![pool], lang) }
        <p class="hint">{ tr(lang, "insp.pool_hint") }</p>
        <p class="hint">{ tr(lang, "insp.capacity_hint") }</p>
        <p class="muted" data-testid="lane-shapes">{ tr(lang, "insp.lane_shapes") }{ " " }{ p.shapes }</p>
        <button class="danger" data-testid="lane-remove" onclick={remove}>{ tr(lang, "lane.delete") }</button>
    </div> }
}

/// A text field of the document's process data: label key, test id, value, and the field.
type MetaRow<'a> = (&'static str, &'static str, &'a String, fn(String) -> DocField);

/// What the form needs.
struct DocumentFieldsProps {
    doc: Shared<Document>,
    lang: Lang,
    on_action: Callback<Action>,
}

fn document_fields(p: &DocumentFieldsProps) -> Html {
    let (doc, lang) = (&p.doc, p.lang);
    let act = &p.on_action;
    let text = |f: fn(String) -> DocField| act.reform(move |v: String| Action::SetDoc(f(v)));
    let num = |f: fn(Option<f64>) -> DocField| act.reform(move |v: Option<f64>| Action::SetDoc(f(v)));
    let unit_cb = act.reform(|v: String| {
        let unit = match v.as_str() {
            "s" => TimeUnit::Seconds,
            "min" => TimeUnit::Minutes,
            "d" => TimeUnit::Days,
            _ => TimeUnit::Hours,
        };
        Action::SetDoc(DocField::TimeUnit(unit))
    });
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let orientation = act.reform(move |_| {
        Action::SetDoc(DocField::Orientation(if vertical { Orientation::Horizontal } else { Orientation::Vertical }))
    });
    let s = &doc.settings;
    let title = Text {
        label: "insp.doc_title",
        testid: "doc-title-input",
        value: doc.title.clone(),
        multiline: false,
        commit: text(DocField::Title),
    };
    let meta: [MetaRow; 6] = [
        ("insp.level", "doc-level", &doc.meta.level, DocField::Level),
        ("insp.owner", "doc-owner", &doc.meta.owner, DocField::Owner),
        ("insp.author", "doc-author", &doc.meta.author, DocField::Author),
        ("insp.reviewer", "doc-reviewer", &doc.meta.reviewer, DocField::Reviewer),
        ("insp.approver", "doc-approver", &doc.meta.approver, DocField::Approver),
        ("insp.revision", "doc-revision", &doc.meta.revision, DocField::Revision),
    ];
    let meta = meta
        .into_iter()
        .map(|(label, testid, value, f)| Text {
            label,
            testid,
            value: value.clone(),
            multiline: false,
            commit: text(f),
        })
        .collect();
    // What the process document needs beyond the diagram (swimlanes).
    let m = &doc.meta;
    let line = |label, testid, value: &String, f: fn(String) -> DocField| Text {
        label,
        testid,
        value: value.clone(),
        multiline: false,
        commit: text(f),
    };
    let para = |label, testid, value: String, f: fn(String) -> DocField| Text {
        label,
        testid,
        value,
        multiline: true,
        commit: text(f),
    };
    let process_doc = vec![
        line("doc.code", "doc-code", &m.code, DocField::Code),
        line("insp.author_date", "doc-author-date", &m.author_date, DocField::AuthorDate),
        line("insp.reviewer_date", "doc-reviewer-date", &m.reviewer_date, DocField::ReviewerDate),
        line("insp.approver_date", "doc-approver-date", &m.approver_date, DocField::ApproverDate),
        para("doc.purpose", "doc-purpose", m.purpose.clone(), DocField::Purpose),
        para("doc.scope", "doc-scope", m.scope.clone(), DocField::Scope),
        para("doc.terms", "doc-terms", crate::model::Term::lines(&m.terms), DocField::Terms),
        para("doc.related", "doc-related", m.related.join("\n"), DocField::Related),
        para("doc.history", "doc-history", crate::model::Revision::lines(&m.history), DocField::History),
    ];
    let nums = match doc.kind {
        Kind::Swimlane => vec![
            Num::new("insp.handoff", "doc-handoff", s.handoff_time, num(DocField::HandoffTime))
                .suffix(doc.time_unit.label_key()),
            Num::new("insp.arrivals", "doc-arrivals", s.arrivals_per_day, num(DocField::ArrivalsPerDay)),
            Num::new("insp.hours_per_day", "doc-hours", s.hours_per_day, num(DocField::HoursPerDay)).placeholder("8"),
        ],
        Kind::Vsm => vec![
            Num::new("insp.demand", "doc-demand", s.demand_per_day, num(DocField::DemandPerDay)).suffix("vsm.per_day"),
            Num::new("insp.shifts_per_day", "doc-shifts", s.shifts_per_day, num(DocField::ShiftsPerDay)),
            Num::new("insp.hours_per_shift", "doc-shift-hours", s.hours_per_shift, num(DocField::HoursPerShift))
                .suffix("vsm.unit_h"),
            Num::new("insp.breaks", "doc-breaks", s.break_minutes_per_shift, num(DocField::BreakMinutesPerShift))
                .suffix("vsm.unit_min"),
        ],
        Kind::Sipoc => Vec::new(),
    };
    const UNITS: [(&str, &str); 4] = [("s", "unit.s"), ("min", "unit.min"), ("h", "unit.h"), ("d", "unit.d")];
    let secs = tr(lang, "vsm.unit_s");
    let derived = |key: &str, testid: &'static str, v: Option<f64>| {
        html! {
            <div class="derived" data-testid={testid} data-value={v.map(|v| v.to_string()).unwrap_or_default()}>
                <span>{ tr(lang, key) }</span>
                <b>{ v.map(|v| format!("{} {secs}", figure(v))).unwrap_or_else(|| "—".into()) }</b>
            </div>
        }
    };
    html! { <div>
        <h4>{ tr(lang, "insp.document") }</h4>
        { texts(vec![title], lang) }
        if doc.kind == Kind::Swimlane {
            { choice(tr(lang, "insp.time_unit"), "doc-time-unit", &UNITS, doc.time_unit.as_str(), lang, unit_cb) }
            <p class="hint">{ tr(lang, "insp.time_unit_hint") }</p>
            <label class="check"><input type="checkbox" data-testid="vertical" checked={vertical} onchange={orientation} />{ tr(lang, "tb.vertical") }</label>
        }
        if doc.kind == Kind::Vsm {
            <h4>{ tr(lang, "insp.demand_and_time") }</h4>
        }
        { numbers(nums, lang) }
        if doc.kind == Kind::Vsm {
            { derived("insp.available", "doc-available", s.available_seconds_per_day) }
            { derived("vsm.takt", "doc-takt", s.takt_seconds()) }
        }
        { texts(meta, lang) }
        if doc.kind == Kind::Swimlane {
            <h4>{ tr(lang, "doc.kind") }</h4>
            <p class="hint">{ tr(lang, "insp.doc_fields_hint") }</p>
            { texts(process_doc, lang) }
        }
    </div> }
}

// ----- metrics ------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    pub critical: bool,
    pub on_reveal: Callback<Vec<String>>,
    pub on_critical: Callback<()>,
}

fn figure_box(label: &str, value: String, testid: &str, raw: f64) -> Html {
    html! {
        <div class="figure" data-testid={testid.to_string()} data-value={raw.to_string()}>
            <span class="value">{ value }</span><span class="label">{ label.to_string() }</span>
        </div>
    }
}

#[function_component(MetricsPanel)]
pub fn metrics_panel(p: &MetricsProps) -> Html {
    let lang = p.lang;
    let body = match &p.analysis.metrics {
        Err(e) => {
            let elements = e.elements();
            let reveal = p.on_reveal.reform(move |_| elements.clone());
            html! {
                <div class="unavailable" data-testid="metrics-error" onclick={reveal}>
                    <strong>{ tr(lang, "met.unavailable") }</strong>
                    <p>{ e.message(&p.doc).render(lang) }</p>
                </div>
            }
        }
        Ok(Metrics::Swimlane(m)) => swimlane_metrics(m, &p.doc, lang, p.critical, p),
        Ok(Metrics::Sipoc(m)) => sipoc_metrics(m, lang),
        Ok(Metrics::Vsm(m)) => vsm_metrics(m, lang, &p.on_reveal),
    };
    html! {
        <section class="panel metrics" data-testid="metrics">
            <h3>{ tr(lang, "met.title") }</h3>
            { body }
        </section>
    }
}

fn sipoc_metrics(m: &SipocMetrics, lang: Lang) -> Html {
    let share = |label: &str, v: Option<f64>, testid: &str| match v {
        Some(v) => figure_box(label, percent(v), testid, v),
        None => html! { <div class="figure" data-testid={testid.to_string()}>
            <span class="value">{ "—" }</span><span class="label">{ label }</span>
        </div> },
    };
    let count = |key: &str, n: usize, testid: &str| figure_box(tr(lang, key), n.to_string(), testid, n as f64);
    html! {
        <>
            <h4>{ tr(lang, "sipoc.met.title") }</h4>
            <div class="figures sipoc-counts">
                { count("sipoc.col.supplier", m.suppliers, "metric-suppliers") }
                { count("sipoc.col.input", m.inputs, "metric-inputs") }
                { count("sipoc.col.step", m.steps, "metric-steps") }
                { count("sipoc.col.output", m.outputs, "metric-outputs") }
                { count("sipoc.col.customer", m.customers, "metric-customers") }
            </div>
            <div class="figures">
                { share(tr(lang, "sipoc.met.inputs_with_supplier"), m.inputs_with_supplier, "metric-inputs-with-supplier") }
                { share(tr(lang, "sipoc.met.outputs_with_customer"), m.outputs_with_customer, "metric-outputs-with-customer") }
                { share(tr(lang, "sipoc.met.steps_with_input"), m.steps_with_input, "metric-steps-with-input") }
                { share(tr(lang, "sipoc.met.steps_with_output"), m.steps_with_output, "metric-steps-with-output") }
            </div>
        </>
    }
}

fn swimlane_metrics(m: &SwimlaneMetrics, doc: &Document, lang: Lang, critical: bool, p: &MetricsProps) -> Html {
    let u = unit_label(lang, doc.time_unit);
    let total = m.cycle_time.max(1e-12);
    let parts = [
        ("met.execution", "exec", m.execution),
        ("met.delay", "delay", m.delay),
        ("met.transfer", "transfer", m.transfer),
    ];
    let bar = parts.iter().map(|(k, class, v)| {
        let share = v / total;
        html! { <div class={classes!("seg", *class)} style={format!("width:{}%", coord(share * 100.0))} title={format!("{}: {} {u} ({})", tr(lang, k), figure(*v), percent(share))} /> }
    });
    let legend = parts.iter().map(|(k, class, v)| {
        html! { <div class="legend-row" data-testid={format!("metric-{class}")} data-value={v.to_string()}>
            <i class={classes!("swatch", *class)} /><span>{ tr(lang, k) }</span><b>{ format!("{} {u}", figure(*v)) }</b>
            <em>{ percent(v / total) }</em>
        </div> }
    });
    let max_lane = m.lanes.iter().map(|l| l.work + l.wait).fold(0.0, f64::max).max(1e-12);
    let lanes = m.lanes.iter().map(|l| {
        let w = (l.work + l.wait) / max_lane * 100.0;
        let id = l.lane.clone();
        html! { <div class="lane-load" data-testid="lane-load" onclick={p.on_reveal.reform(move |_| vec![id.clone()])}>
            <span class="name">{ &l.name }</span>
            <span class="track"><i class="exec" style={format!("width:{}%", coord(l.work / max_lane * 100.0))} /><i class="delay" style={format!("width:{}%", coord(w - l.work / max_lane * 100.0))} /></span>
            <b>{ format!("{} {u}", figure(l.work)) }</b>
            if let Some(ut) = l.utilisation {
                <em class={classes!((ut > 1.0).then_some("over"))}>{ format!("{} {}", percent(ut), tr(lang, "met.utilisation")) }</em>
            }
        </div> }
    });
    html! { <>
        { figure_box(tr(lang, "met.cycle_time"), format!("{} {u}", figure(m.cycle_time)), "metric-cycle-time", m.cycle_time) }
        <div class="stack" data-testid="cycle-bar">{ for bar }</div>
        <div class="legend">{ for legend }</div>
        <div class="figures">
            { figure_box(tr(lang, "met.handoffs"), figure(m.handoffs), "metric-handoffs", m.handoffs) }
            { match m.value_added_efficiency {
                Some(v) => figure_box(tr(lang, "met.vae"), percent(v), "metric-vae", v),
                None => html! {},
            } }
            { match m.wip {
                Some(w) => figure_box(tr(lang, "met.wip"), format!("{} {}", figure(w), tr(lang, "met.cases")), "metric-wip", w),
                None => html! {},
            } }
            <div class="figure" data-testid="metric-critical" data-value={m.critical_path.time.to_string()}>
                <span class="value">{ format!("{} {u}", figure(m.critical_path.time)) }</span>
                <label class="label check-inline">
                    <input type="checkbox" data-testid="critical" checked={critical} onchange={p.on_critical.reform(|_| ())} />
                    { tr(lang, "met.show_critical") }
                </label>
            </div>
        </div>
        if !m.lanes.is_empty() {
            <h4>{ tr(lang, "met.lanes") }</h4>
            <div class="lane-loads">{ for lanes }</div>
        }
        if !m.pareto.is_empty() {
            <h4>{ tr(lang, "met.pareto") }</h4>
            { pareto_chart(m, doc, u, &p.on_reveal) }
        }
    </> }
}

fn vsm_metrics(m: &VsmMetrics, lang: Lang, on_reveal: &Callback<Vec<String>>) -> Html {
    let s = tr(lang, "vsm.unit_s");
    let days = tr(lang, "vsm.days");
    let bottleneck = m.bottleneck.as_ref().map(|b| {
        let id = b.node.clone();
        let name = if b.label.is_empty() { b.node.clone() } else { b.label.clone() };
        html! {
            <div class={classes!("figure", "clickable", "wide", b.over_takt.then_some("over"))} data-testid="metric-bottleneck"
                data-value={b.cycle_time.to_string()} data-node={b.node.clone()} data-over={b.over_takt.to_string()}
                onclick={on_reveal.reform(move |_| vec![id.clone()])}>
                <span class="value">{ format!("{name}: {} {s}", figure(b.cycle_time)) }</span>
                <span class="label">{ tr(lang, if b.over_takt { "met.bottleneck_over" } else { "met.bottleneck" }) }</span>
            </div>
        }
    });
    html! { <>
        { figure_box(tr(lang, "vsm.takt"), format!("{} {s}", figure(m.takt_seconds)), "metric-takt", m.takt_seconds) }
        <div class="figures">
            { figure_box(tr(lang, "vsm.lead_time"), format!("{} {days}", figure(m.lead_time_days)), "metric-lead-time", m.lead_time_days) }
            { figure_box(tr(lang, "vsm.processing"), format!("{} {s}", figure(m.processing_seconds)), "metric-processing", m.processing_seconds) }
            { match m.pce {
                Some(v) => figure_box(tr(lang, "vsm.pce"), percent(v), "metric-pce", v),
                None => html! {},
            } }
            { match m.rolled_pca {
                Some(v) => figure_box(tr(lang, "vsm.rolled_pca"), percent(v), "metric-rolled-pca", v),
                None => html! {},
            } }
            { figure_box(tr(lang, "met.inventory_days"), format!("{} {days}", figure(m.inventory_days_total)),
                "metric-inventory-days", m.inventory_days_total) }
            { bottleneck.unwrap_or_default() }
        </div>
        if !m.processes.is_empty() {
            <h4>{ tr(lang, "met.ct_vs_takt") }</h4>
            { super::vsm::takt_chart(m, lang) }
        }
    </> }
}

/// Bars of each activity's share of time, largest first, with the cumulative line.
fn pareto_chart(m: &SwimlaneMetrics, doc: &Document, unit: &str, on_reveal: &Callback<Vec<String>>) -> Html {
    let items: Vec<_> = m.pareto.iter().take(12).collect();
    let (w, h, left, bottom) = (300.0, 150.0, 4.0, 40.0);
    let bw = (w - left) / items.len().max(1) as f64;
    let top = items.first().map(|e| e.share).unwrap_or(1.0).max(1e-12);
    let ph = h - bottom;
    let bars = items.iter().enumerate().map(|(i, e)| {
        let bh = e.share / top * (ph - 10.0);
        let x = left + i as f64 * bw;
        let label = doc.node(&e.node).map(|n| n.label.clone()).filter(|l| !l.is_empty()).unwrap_or_else(|| e.node.clone());
        let short: String = label.chars().take(6).collect();
        let id = e.node.clone();
        html! { <g class={classes!("bar", (i == 0).then_some("top"))} onclick={on_reveal.reform(move |_| vec![id.clone()])} data-testid="pareto-bar">
            <title>{ format!("{label}: {} {unit} ({})", figure(e.time), percent(e.share)) }</title>
            <rect x={(x + 2.0).to_string()} y={(ph - bh).to_string()} width={(bw - 4.0).max(2.0).to_string()} height={bh.to_string()} />
            <text class="tick" transform={format!("translate({} {}) rotate(40)", x + bw / 2.0, ph + 6.0)}>{ short }</text>
        </g> }
    });
    let line: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{},{}", coord(left + (i as f64 + 0.5) * bw), coord(ph - e.cumulative * (ph - 10.0))))
        .collect();
    html! {
        <svg class="pareto" viewBox={format!("0 0 {w} {h}")} data-testid="pareto">
            { for bars }
            <polyline class="cumulative" points={line.join(" ")} />
            <line class="axis" x1="0" y1={ph.to_string()} x2={w.to_string()} y2={ph.to_string()} />
        </svg>
    }
}

// ----- findings -----------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    pub on_reveal: Callback<Vec<String>>,
}

/// Findings listed at most this many at a time in a group: a diagram full of problems
/// (thousands) would otherwise put most of the page's elements into the list; the rest follow
/// on request.
const SHOWN: usize = 200;
/// A group of findings of one rule is open at first when it has at most this many.
const OPEN_UP_TO: usize = 5;

/// The findings of one rule, in the order the rule reported them.
struct Group<'a> {
    rule: &'static str,
    severity: Severity,
    findings: Vec<&'a Finding>,
}

/// Findings grouped by rule, groups in the order of their first finding (the most severe first,
/// as the analysis sorts them).
fn groups(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for f in findings {
        let i = *index.entry(f.rule).or_insert_with(|| {
            groups.push(Group { rule: f.rule, severity: f.severity, findings: Vec::new() });
            groups.len() - 1
        });
        let g = &mut groups[i];
        g.severity = g.severity.min(f.severity);
        g.findings.push(f);
    }
    groups
}

fn severity_class(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "find.error"),
        Severity::Warning => ("warning", "find.warning"),
        Severity::Info => ("info", "find.info"),
    }
}

#[function_component(FindingsPanel)]
pub fn findings_panel(p: &FindingsProps) -> Html {
    let lang = p.lang;
    let findings = &p.analysis.findings;
    // Per rule: groups the user opened or closed (against their default), and how many rows
    // of each are shown.
    let toggled = use_state(HashSet::<&'static str>::new);
    let shown = use_state(HashMap::<&'static str, usize>::new);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let groups = groups(findings);
    let views = groups.iter().map(|g| {
        let (class, key) = severity_class(g.severity);
        let open = (g.findings.len() <= OPEN_UP_TO) != toggled.contains(g.rule);
        let limit = shown.get(g.rule).copied().unwrap_or(SHOWN);
        let rule = g.rule;
        let toggle = {
            let toggled = toggled.clone();
            Callback::from(move |_| {
                let mut t = (*toggled).clone();
                if !t.remove(rule) {
                    t.insert(rule);
                }
                toggled.set(t);
            })
        };
        let items = g.findings.iter().take(if open { limit } else { 0 }).map(|f| {
            let (class, key) = severity_class(f.severity);
            let ids = f.elements.clone();
            html! {
                <li class={classes!("finding", class)} data-testid="finding" data-rule={f.rule} data-code={f.message.code} title={f.rule}
                    onclick={p.on_reveal.reform(move |_| ids.clone())}>
                    <span class="sev">{ tr(lang, key) }</span>
                    <span class="msg">{ f.message.render(lang) }</span>
                </li>
            }
        });
        let more = if open { g.findings.len().saturating_sub(limit) } else { 0 };
        let title = tr(lang, &format!("rule-title.{rule}")).to_string();
        let hint = tr(lang, "find.group").replace("{0}", &g.findings.len().to_string());
        html! {
            <li class={classes!("group", class, open.then_some("open"))} data-testid="finding-group" data-rule={rule}
                data-count={g.findings.len().to_string()}>
                <button class="group-head" aria-expanded={open.to_string()} title={hint} onclick={toggle}>
                    <span class="chevron" aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>
                    <span class="sev">{ tr(lang, key) }</span>
                    <span class="name">{ title }</span>
                    <span class="n">{ g.findings.len() }</span>
                </button>
                if open {
                    <ul>{ for items }</ul>
                }
                if more > 0 {
                    <button class="more" data-testid="more-findings" onclick={{
                        let shown = shown.clone();
                        Callback::from(move |_| {
                            let mut s = (*shown).clone();
                            *s.entry(rule).or_insert(SHOWN) += SHOWN;
                            shown.set(s);
                        })
                    }}>
                        { format!("{} ({more})", tr(lang, "find.more")) }
                    </button>
                }
            </li>
        }
    });
    html! {
        <section class="panel findings" data-testid="findings">
            <h3>{ tr(lang, "find.title") }
                <span class="counts">
                    <b class="error">{ count(Severity::Error) }</b><b class="warning">{ count(Severity::Warning) }</b>
                </span>
            </h3>
            if findings.is_empty() {
                <p class="muted" data-testid="no-findings">{ tr(lang, "find.none") }</p>
            } else {
                <ul class="groups">{ for views }</ul>
            }
        </section>
    }
}
