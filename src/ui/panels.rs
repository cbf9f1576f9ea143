//! The side panels: the inspector (properties of the selection or the document), the live
//! metrics and the findings. Edits leave as commands; nothing here changes the document itself.

use super::{tr, Analysis, Msg, Selection, Shared};
use crate::command::{Command, DocProps, Target};
use crate::i18n::Lang;
use crate::metrics::{Metrics, SipocMetrics, SwimlaneMetrics, VsmMetrics};
use crate::model::{Document, ArrowKind, Kind, NodeType, TimeUnit, ValueClass};
use crate::validate::Severity;
use std::rc::Rc;
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
                <textarea data-testid={p.testid.clone()} value={p.value.clone()} {onchange} rows="2" />
            } else {
                <input type="text" data-testid={p.testid.clone()} value={p.value.clone()} {onchange} />
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
struct NumberFieldProps {
    label: AttrValue,
    value: Option<f64>,
    testid: AttrValue,
    on_commit: Callback<Option<f64>>,
    #[prop_or_default]
    placeholder: AttrValue,
    #[prop_or_default]
    suffix: AttrValue,
    #[prop_or(f64::MAX)]
    max: f64,
}

/// A number box: empty means "not set"; anything that is not a number ≥ 0 (and ≤ max) is shown
/// as an error and not committed.
#[function_component(NumberField)]
fn number_field(p: &NumberFieldProps) -> Html {
    let invalid = use_state(|| false);
    let (on_commit, inv, max) = (p.on_commit.clone(), invalid.clone(), p.max);
    let onchange = Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            inv.set(false);
            on_commit.emit(None);
            return;
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 && v <= max => {
                inv.set(false);
                on_commit.emit(Some(v));
            }
            _ => inv.set(true),
        }
    });
    let shown = p.value.map(|v| format_num(v)).unwrap_or_default();
    html! {
        <label class={classes!("field", (*invalid).then_some("invalid"))}>
            <span>{ p.label.clone() }</span>
            <span class="with-suffix">
                <input type="text" inputmode="decimal" data-testid={p.testid.clone()} value={shown} placeholder={p.placeholder.clone()} {onchange} />
                <em>{ p.suffix.clone() }</em>
            </span>
        </label>
    }
}

/// A number for display: at most 3 decimals, no trailing zeros.
pub fn format_num(v: f64) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn unit_label(lang: Lang, u: TimeUnit) -> &'static str {
    match (lang, u) {
        (Lang::En, TimeUnit::Seconds) => "s",
        (Lang::En, TimeUnit::Minutes) => "min",
        (Lang::En, TimeUnit::Hours) => "h",
        (Lang::En, TimeUnit::Days) => "d",
        (Lang::Zh, TimeUnit::Seconds) => "秒",
        (Lang::Zh, TimeUnit::Minutes) => "分钟",
        (Lang::Zh, TimeUnit::Hours) => "小时",
        (Lang::Zh, TimeUnit::Days) => "天",
    }
}

// ----- inspector ----------------------------------------------------------------------------

/// A field's callback: applies `change` to a copy of `base` (a node, an edge, the document's
/// properties) and sends the command that replaces it, so every field edit is one undo step.
fn edit<T: Clone + 'static, V: 'static>(
    base: &T,
    d: &Callback<Msg>,
    command: fn(T) -> Command,
    change: Rc<dyn Fn(&mut T, V)>,
) -> Callback<V> {
    let (base, d) = (base.clone(), d.clone());
    Callback::from(move |v: V| {
        let mut value = base.clone();
        change(&mut value, v);
        d.emit(Msg::Exec(command(value)));
    })
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub selection: Selection,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
}
#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let lang = p.lang;
    let doc = &p.doc;
    let d = &p.dispatch;
    let unit = unit_label(lang, doc.time_unit);
    let body = match p.selection.iter().collect::<Vec<_>>().as_slice() {
        [] => document_fields(doc, lang, d),
        [id] if doc.node(id).is_some() => {
            let n = doc.node(id).cloned().expect("checked");
            let node_command = |node| Command::SetNodeProps { node };
            let set = |f: Rc<dyn Fn(&mut crate::model::Node, String)>| edit(&n, d, node_command, f);
            let set_num = |f: Rc<dyn Fn(&mut crate::model::Node, Option<f64>)>| edit(&n, d, node_command, f);
            let label_cb = {
                let (id, d) = (n.id.clone(), d.clone());
                Callback::from(move |v: String| {
                    d.emit(Msg::Exec(Command::SetLabel {
                        target: Target::Node(id.clone()),
                        label: v.trim().to_string(),
                    }))
                })
            };
            let lane_cb = {
                let (id, d) = (n.id.clone(), d.clone());
                Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                    d.emit(Msg::Exec(Command::AssignLane { id: id.clone(), lane: (!v.is_empty()).then_some(v) }));
                })
            };
            let value_cb = {
                let (n, d) = (n.clone(), d.clone());
                Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                    let mut n = n.clone();
                    n.value = match v.as_str() {
                        "va" => Some(ValueClass::Va),
                        "bva" => Some(ValueClass::Bva),
                        "nva" => Some(ValueClass::Nva),
                        _ => None,
                    };
                    d.emit(Msg::Exec(Command::SetNodeProps { node: n }));
                })
            };
            let kcp_cb = {
                let (n, d) = (n.clone(), d.clone());
                Callback::from(move |e: Event| {
                    let mut n = n.clone();
                    n.control_point = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                    d.emit(Msg::Exec(Command::SetNodeProps { node: n }));
                })
            };
            let timed = doc.kind == Kind::Swimlane && !matches!(n.kind, NodeType::Start | NodeType::End);
            let value_key = match n.value {
                Some(ValueClass::Va) => "va",
                Some(ValueClass::Bva) => "bva",
                Some(ValueClass::Nva) => "nva",
                None => "",
            };
            let vsm = doc.kind == Kind::Vsm;
            let kaizen = vsm && n.kind == NodeType::Kaizen;
            let pct = |v: Option<f64>| v.map(|x| (x * 1e6).round() / 1e4);
            html! { <div key={n.id.clone()}>
                <h4>{ tr(lang, "insp.shape") }{ ": " }{ tr(lang, &format!("type.{}", n.kind.as_str())) }<code>{ &n.id }</code></h4>
                <TextField label={tr(lang, if kaizen { "insp.kaizen_text" } else { "insp.label" }).to_string()} value={n.label.clone()} testid="insp-label"
                    multiline={kaizen} on_commit={label_cb} />
                if vsm && n.kind == NodeType::Process {
                    <NumberField label={tr(lang, "insp.cycle_time").to_string()} value={n.cycle_time} testid="insp-ct" suffix={tr(lang, "vsm.unit_s")}
                        on_commit={set_num(Rc::new(|n, v| n.cycle_time = v))} />
                    <NumberField label={tr(lang, "insp.changeover").to_string()} value={n.changeover} testid="insp-co" suffix={tr(lang, "vsm.unit_s")}
                        on_commit={set_num(Rc::new(|n, v| n.changeover = v))} />
                    <NumberField label={tr(lang, "insp.uptime").to_string()} value={pct(n.uptime)} testid="insp-uptime" suffix="%" max={100.0}
                        on_commit={set_num(Rc::new(|n, v| n.uptime = v.map(|x| x / 100.0)))} />
                    <NumberField label={tr(lang, "insp.pca").to_string()} value={pct(n.pca)} testid="insp-pca" suffix="%" max={100.0}
                        on_commit={set_num(Rc::new(|n, v| n.pca = v.map(|x| x / 100.0)))} />
                    <NumberField label={tr(lang, "insp.operators").to_string()} value={n.operators} testid="insp-operators"
                        on_commit={set_num(Rc::new(|n, v| n.operators = v))} />
                    <NumberField label={tr(lang, "insp.shifts").to_string()} value={n.shifts} testid="insp-shifts"
                        on_commit={set_num(Rc::new(|n, v| n.shifts = v))} />
                }
                if vsm && n.kind == NodeType::Inventory {
                    <NumberField label={tr(lang, "insp.quantity").to_string()} value={n.quantity} testid="insp-quantity" suffix={tr(lang, "vsm.pcs")}
                        on_commit={set_num(Rc::new(|n, v| { n.quantity = v; if v.is_some() { n.days = None; } }))} />
                    <NumberField label={tr(lang, "insp.days").to_string()} value={n.days} testid="insp-days" suffix={tr(lang, "vsm.days")}
                        on_commit={set_num(Rc::new(|n, v| { n.days = v; if v.is_some() { n.quantity = None; } }))} />
                    <p class="hint">{ tr(lang, "insp.quantity_or_days") }</p>
                }
                if vsm && n.kind == NodeType::Shipment {
                    <NumberField label={tr(lang, "insp.transport_days").to_string()} value={n.days} testid="insp-days" suffix={tr(lang, "vsm.days")}
                        on_commit={set_num(Rc::new(|n, v| n.days = v))} />
                }
                if doc.kind == Kind::Swimlane {
                    <label class="field"><span>{ tr(lang, "insp.lane") }</span>
                        <select data-testid="insp-lane" onchange={lane_cb}>
                            <option value="" selected={n.lane.is_none()}>{ tr(lang, "insp.no_lane") }</option>
                            { for doc.lanes.iter().map(|l| html! { <option value={l.id.clone()} selected={n.lane.as_deref() == Some(l.id.as_str())}>{ &l.name }</option> }) }
                        </select>
                    </label>
                }
                if timed {
                    <NumberField label={tr(lang, "insp.work").to_string()} value={Some(n.work)} testid="insp-work" suffix={unit}
                        on_commit={set_num(Rc::new(|n, v| n.work = v.unwrap_or(0.0)))} />
                    <NumberField label={tr(lang, "insp.wait").to_string()} value={Some(n.wait)} testid="insp-wait" suffix={unit}
                        on_commit={set_num(Rc::new(|n, v| n.wait = v.unwrap_or(0.0)))} />
                    <label class="field"><span>{ tr(lang, "insp.value") }</span>
                        <select data-testid="insp-value" onchange={value_cb}>
                            { for [("", "insp.value.none"), ("va", "insp.value.va"), ("bva", "insp.value.bva"), ("nva", "insp.value.nva")].iter().map(|(v, k)| html! {
                                <option value={*v} selected={value_key == *v}>{ tr(lang, k) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" data-testid="insp-kcp" checked={n.control_point} onchange={kcp_cb} />{ tr(lang, "insp.kcp") }</label>
                    <TextField label={tr(lang, "insp.system").to_string()} value={n.system.clone()} testid="insp-system" on_commit={set(Rc::new(|n, v| n.system = v.trim().to_string()))} />
                }
                if matches!(n.kind, NodeType::Subprocess | NodeType::Step) {
                    <button class="drill" data-testid="drill-down" onclick={d.reform({ let id = n.id.clone(); move |_| Msg::DrillDown(id.clone()) })}>
                        { if n.link.is_some() { tr(lang, "insp.open_detail") } else { tr(lang, "insp.create_detail") } }
                    </button>
                }
                if n.kind == NodeType::Subprocess {
                    <TextField label={tr(lang, "insp.link").to_string()} value={n.link.clone().unwrap_or_default()} testid="insp-link"
                        on_commit={set(Rc::new(|n, v| n.link = Some(v.trim().to_string()).filter(|s| !s.is_empty())))} />
                }
                <TextField label={tr(lang, "insp.notes").to_string()} value={n.notes.clone()} testid="insp-notes" multiline=true on_commit={set(Rc::new(|n, v| n.notes = v))} />
            </div> }
        }
        [id] if doc.edge(id).is_some() => {
            let e = doc.edge(id).cloned().expect("checked");
            let name = |id: &str| {
                doc.node(id)
                    .map(|n| if n.label.is_empty() { n.id.clone() } else { n.label.clone() })
                    .unwrap_or_default()
            };
            let set_num = |f: Rc<dyn Fn(&mut crate::model::Edge, Option<f64>)>| {
                edit(&e, d, |edge| Command::SetEdgeProps { edge }, f)
            };
            let label_cb = {
                let (id, d) = (e.id.clone(), d.clone());
                Callback::from(move |v: String| {
                    d.emit(Msg::Exec(Command::SetLabel {
                        target: Target::Edge(id.clone()),
                        label: v.trim().to_string(),
                    }))
                })
            };
            html! { <div key={e.id.clone()}>
                <h4>{ tr(lang, "insp.connector") }<code>{ &e.id }</code></h4>
                <p class="muted">{ tr(lang, "insp.from_to") }{ ": " }{ name(&e.from) }{ " → " }{ name(&e.to) }</p>
                <TextField label={tr(lang, "insp.label").to_string()} value={e.label.clone()} testid="insp-label" on_commit={label_cb} />
                if doc.kind == Kind::Vsm {
                    { flow_select(&e, lang, d) }
                }
                if doc.kind == Kind::Swimlane {
                    <NumberField label={tr(lang, "insp.probability").to_string()} value={e.probability.map(|p| p * 100.0)} testid="insp-probability" suffix="%" max={100.0}
                        on_commit={set_num(Rc::new(|e, v| e.probability = v.map(|p| p / 100.0)))} />
                    <NumberField label={tr(lang, "insp.transfer").to_string()} value={e.transfer} testid="insp-transfer" suffix={unit}
                        placeholder={tr(lang, "insp.transfer_hint").to_string()} on_commit={set_num(Rc::new(|e, v| e.transfer = v))} />
                }
            </div> }
        }
        many => {
            html! { <p class="muted" data-testid="insp-many">{ many.len() }{ " " }{ tr(lang, "insp.selection") }</p> }
        }
    };
    html! {
        <section class="panel inspector" data-testid="inspector">
            <h3>{ tr(lang, "insp.title") }</h3>
            { body }
        </section>
    }
}

/// The kind of a value-stream arrow.
fn flow_select(e: &crate::model::Edge, lang: Lang, d: &Callback<Msg>) -> Html {
    const FLOWS: [(&str, Option<ArrowKind>); 7] = [
        ("", None),
        ("push", Some(ArrowKind::Push)),
        ("pull", Some(ArrowKind::Pull)),
        ("fifo", Some(ArrowKind::Fifo)),
        ("info", Some(ArrowKind::Info)),
        ("info_electronic", Some(ArrowKind::InfoElectronic)),
        ("shipment", Some(ArrowKind::Shipment)),
    ];
    let onchange = {
        let (e, d) = (e.clone(), d.clone());
        Callback::from(move |ev: Event| {
            let v = ev.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut e = e.clone();
            e.flow = FLOWS.iter().find(|(k, _)| *k == v).and_then(|(_, f)| *f);
            d.emit(Msg::Exec(Command::SetEdgeProps { edge: e }));
        })
    };
    html! {
        <label class="field"><span>{ tr(lang, "insp.flow") }</span>
            <select data-testid="insp-flow" {onchange}>
                { for FLOWS.iter().map(|(k, f)| html! {
                    <option value={*k} selected={e.flow == *f}>{ tr(lang, &format!("flow.{}", if k.is_empty() { "none" } else { k })) }</option>
                }) }
            </select>
        </label>
    }
}

/// Customer demand and available time of a value stream: the time is entered as shifts ×
/// (hours per shift − breaks) and stored both as typed and as seconds per day.
fn vsm_settings(props: &DocProps, lang: Lang, d: &Callback<Msg>) -> Html {
    let set_num = |f: Rc<dyn Fn(&mut crate::model::Settings, Option<f64>)>| {
        edit(
            props,
            d,
            |props| Command::SetDocProps { props },
            Rc::new(move |p: &mut DocProps, v| f(&mut p.settings, v)),
        )
    };
    // A shift field changed: the seconds follow the three inputs (unset while they are partial);
    // a document whose seconds were given directly keeps them until a shift field is typed.
    let shift = |f: fn(&mut crate::model::Settings, Option<f64>)| {
        set_num(Rc::new(move |s, v| {
            f(s, v);
            let typed =
                s.shifts_per_day.is_some() || s.hours_per_shift.is_some() || s.break_minutes_per_shift.is_some();
            if typed {
                s.available_seconds_per_day = s.seconds_from_shifts();
            }
        }))
    };
    let s = &props.settings;
    let takt = match (s.available_seconds_per_day, s.demand_per_day) {
        (Some(a), Some(dm)) if dm > 0.0 => Some(a / dm),
        _ => None,
    };
    let secs = tr(lang, "vsm.unit_s");
    html! { <>
        <h4>{ tr(lang, "insp.demand_and_time") }</h4>
        <NumberField label={tr(lang, "insp.demand").to_string()} value={s.demand_per_day} testid="doc-demand" suffix={tr(lang, "vsm.per_day")}
            on_commit={set_num(Rc::new(|s, v| s.demand_per_day = v))} />
        <NumberField label={tr(lang, "insp.shifts_per_day").to_string()} value={s.shifts_per_day} testid="doc-shifts"
            on_commit={shift(|s, v| s.shifts_per_day = v)} />
        <NumberField label={tr(lang, "insp.hours_per_shift").to_string()} value={s.hours_per_shift} testid="doc-shift-hours" suffix={tr(lang, "vsm.unit_h")}
            on_commit={shift(|s, v| s.hours_per_shift = v)} />
        <NumberField label={tr(lang, "insp.breaks").to_string()} value={s.break_minutes_per_shift} testid="doc-breaks" suffix={tr(lang, "vsm.unit_min")}
            on_commit={shift(|s, v| s.break_minutes_per_shift = v)} />
        <div class="derived" data-testid="doc-available" data-value={s.available_seconds_per_day.map(|v| v.to_string()).unwrap_or_default()}>
            <span>{ tr(lang, "insp.available") }</span>
            <b>{ s.available_seconds_per_day.map(|v| format!("{} {secs}", format_num(v))).unwrap_or_else(|| "—".into()) }</b>
        </div>
        <div class="derived" data-testid="doc-takt" data-value={takt.map(|v| v.to_string()).unwrap_or_default()}>
            <span>{ tr(lang, "vsm.takt") }</span>
            <b>{ takt.map(|v| format!("{} {secs}", format_num(v))).unwrap_or_else(|| "—".into()) }</b>
        </div>
    </> }
}

fn document_fields(doc: &Document, lang: Lang, d: &Callback<Msg>) -> Html {
    let props = DocProps::of(doc);
    let doc_command = |props| Command::SetDocProps { props };
    let set = |f: Rc<dyn Fn(&mut DocProps, String)>| {
        edit(&props, d, doc_command, Rc::new(move |p: &mut DocProps, v: String| f(p, v.trim().to_string())))
    };
    let set_num = |f: Rc<dyn Fn(&mut DocProps, Option<f64>)>| edit(&props, d, doc_command, f);
    let unit_cb = {
        let (props, d) = (props.clone(), d.clone());
        Callback::from(move |e: Event| {
            let mut p = props.clone();
            p.time_unit = match e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().as_str() {
                "s" => TimeUnit::Seconds,
                "min" => TimeUnit::Minutes,
                "d" => TimeUnit::Days,
                _ => TimeUnit::Hours,
            };
            d.emit(Msg::Exec(Command::SetDocProps { props: p }));
        })
    };
    let unit = unit_label(lang, doc.time_unit);
    let meta = [
        (
            "insp.level",
            "doc-level",
            props.meta.level.clone(),
            Rc::new(|p: &mut DocProps, v: String| p.meta.level = v) as Rc<dyn Fn(&mut DocProps, String)>,
        ),
        ("insp.owner", "doc-owner", props.meta.owner.clone(), Rc::new(|p: &mut DocProps, v: String| p.meta.owner = v)),
        (
            "insp.author",
            "doc-author",
            props.meta.author.clone(),
            Rc::new(|p: &mut DocProps, v: String| p.meta.author = v),
        ),
        (
            "insp.reviewer",
            "doc-reviewer",
            props.meta.reviewer.clone(),
            Rc::new(|p: &mut DocProps, v: String| p.meta.reviewer = v),
        ),
        (
            "insp.approver",
            "doc-approver",
            props.meta.approver.clone(),
            Rc::new(|p: &mut DocProps, v: String| p.meta.approver = v),
        ),
        (
            "insp.revision",
            "doc-revision",
            props.meta.revision.clone(),
            Rc::new(|p: &mut DocProps, v: String| p.meta.revision = v),
        ),
    ];
    html! { <div key="document">
        <h4>{ tr(lang, "insp.document") }</h4>
        <TextField label={tr(lang, "insp.doc_title").to_string()} value={props.title.clone()} testid="doc-title-input" on_commit={set(Rc::new(|p, v| p.title = v))} />
        if doc.kind == Kind::Swimlane {
            <label class="field"><span>{ tr(lang, "insp.time_unit") }</span>
                <select data-testid="doc-time-unit" onchange={unit_cb}>
                    { for [TimeUnit::Seconds, TimeUnit::Minutes, TimeUnit::Hours, TimeUnit::Days].iter().map(|u| html! {
                        <option value={u.as_str()} selected={*u == doc.time_unit}>{ tr(lang, &format!("unit.{}", u.as_str())) }</option>
                    }) }
                </select>
            </label>
            <label class="check"><input type="checkbox" data-testid="vertical" checked={doc.settings.orientation == crate::model::Orientation::Vertical}
                onchange={d.reform(|_| Msg::ToggleOrientation)} />{ tr(lang, "tb.vertical") }</label>
            <NumberField label={tr(lang, "insp.handoff").to_string()} value={props.settings.handoff_time} testid="doc-handoff" suffix={unit}
                on_commit={set_num(Rc::new(|p, v| p.settings.handoff_time = v))} />
            <NumberField label={tr(lang, "insp.arrivals").to_string()} value={props.settings.arrivals_per_day} testid="doc-arrivals"
                on_commit={set_num(Rc::new(|p, v| p.settings.arrivals_per_day = v))} />
            <NumberField label={tr(lang, "insp.hours_per_day").to_string()} value={props.settings.hours_per_day} testid="doc-hours" placeholder="8"
                on_commit={set_num(Rc::new(|p, v| p.settings.hours_per_day = v))} />
        }
        if doc.kind == Kind::Vsm {
            { vsm_settings(&props, lang, d) }
        }
        { for meta.into_iter().map(|(k, id, v, f)| html! { <TextField label={tr(lang, k).to_string()} value={v} testid={id} on_commit={set(f)} /> }) }
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
    pub dispatch: Callback<Msg>,
}
fn figure(label: &str, value: String, testid: &str, raw: f64) -> Html {
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
        Err(e) => html! {
            <div class="unavailable" data-testid="metrics-error">
                <strong>{ tr(lang, "met.unavailable") }</strong>
                <p>{ if lang == Lang::Zh { e.message_zh() } else { e.to_string() } }</p>
            </div>
        },
        Ok(Metrics::Swimlane(m)) => swimlane_metrics(m, &p.doc, lang, p.critical, &p.dispatch),
        Ok(Metrics::Sipoc(m)) => sipoc_metrics(m, lang),
        Ok(Metrics::Vsm(m)) => vsm_metrics(m, lang, &p.dispatch),
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
        Some(v) => figure(label, format!("{:.0}%", v * 100.0), testid, v),
        None => html! { <div class="figure" data-testid={testid.to_string()}>
            <span class="value">{ "—" }</span><span class="label">{ label }</span>
        </div> },
    };
    let count = |key: &str, n: usize, testid: &str| figure(tr(lang, key), n.to_string(), testid, n as f64);
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

fn swimlane_metrics(m: &SwimlaneMetrics, doc: &Document, lang: Lang, critical: bool, d: &Callback<Msg>) -> Html {
    let u = unit_label(lang, doc.time_unit);
    let total = m.cycle_time.max(1e-12);
    let parts = [
        ("met.execution", "exec", m.execution),
        ("met.delay", "delay", m.delay),
        ("met.transfer", "transfer", m.transfer),
    ];
    let bar = parts.iter().map(|(k, class, v)| {
        let pct = v / total * 100.0;
        html! { <div class={classes!("seg", *class)} style={format!("width:{pct:.2}%")} title={format!("{}: {} {u} ({pct:.0}%)", tr(lang, k), format_num(*v))} /> }
    });
    let legend = parts.iter().map(|(k, class, v)| {
        html! { <div class="legend-row" data-testid={format!("metric-{class}")} data-value={v.to_string()}>
            <i class={classes!("swatch", *class)} /><span>{ tr(lang, k) }</span><b>{ format!("{} {u}", format_num(*v)) }</b>
            <em>{ format!("{:.0}%", v / total * 100.0) }</em>
        </div> }
    });
    let max_lane = m.lanes.iter().map(|l| l.work + l.wait).fold(0.0, f64::max).max(1e-12);
    let lanes = m.lanes.iter().map(|l| {
        let w = (l.work + l.wait) / max_lane * 100.0;
        html! { <div class="lane-load" data-testid="lane-load">
            <span class="name">{ &l.name }</span>
            <span class="track"><i class="exec" style={format!("width:{:.1}%", l.work / max_lane * 100.0)} /><i class="delay" style={format!("width:{:.1}%", w - l.work / max_lane * 100.0)} /></span>
            <b>{ format!("{} {u}", format_num(l.work)) }</b>
            if let Some(ut) = l.utilisation {
                <em class={classes!((ut > 1.0).then_some("over"))}>{ format!("{:.0}% {}", ut * 100.0, tr(lang, "met.utilisation")) }</em>
            }
        </div> }
    });
    html! { <>
        { figure(tr(lang, "met.cycle_time"), format!("{} {u}", format_num(m.cycle_time)), "metric-cycle-time", m.cycle_time) }
        <div class="stack" data-testid="cycle-bar">{ for bar }</div>
        <div class="legend">{ for legend }</div>
        <div class="figures">
            { figure(tr(lang, "met.handoffs"), format_num(m.handoffs), "metric-handoffs", m.handoffs) }
            { match m.value_added_efficiency {
                Some(v) => figure(tr(lang, "met.vae"), format!("{:.1}%", v * 100.0), "metric-vae", v),
                None => html! {},
            } }
            { match m.wip {
                Some(w) => figure(tr(lang, "met.wip"), format!("{} {}", format_num(w), tr(lang, "met.cases")), "metric-wip", w),
                None => html! {},
            } }
            <div class="figure" data-testid="metric-critical" data-value={m.critical_path.time.to_string()}>
                <span class="value">{ format!("{} {u}", format_num(m.critical_path.time)) }</span>
                <label class="label check-inline">
                    <input type="checkbox" data-testid="critical" checked={critical} onchange={d.reform(|_| Msg::ToggleCritical)} />
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
            { pareto_chart(m, doc, u, d) }
        }
    </> }
}

fn vsm_metrics(m: &VsmMetrics, lang: Lang, d: &Callback<Msg>) -> Html {
    let s = tr(lang, "vsm.unit_s");
    let days = tr(lang, "vsm.days");
    let bottleneck = m.bottleneck.as_ref().map(|b| {
        let id = b.node.clone();
        let name = if b.label.is_empty() { b.node.clone() } else { b.label.clone() };
        html! {
            <div class={classes!("figure", "clickable", "wide", b.over_takt.then_some("over"))} data-testid="metric-bottleneck"
                data-value={b.cycle_time.to_string()} data-node={b.node.clone()} data-over={b.over_takt.to_string()}
                onclick={d.reform(move |_| Msg::Reveal(vec![id.clone()]))}>
                <span class="value">{ format!("{name}: {} {s}", format_num(b.cycle_time)) }</span>
                <span class="label">{ tr(lang, if b.over_takt { "met.bottleneck_over" } else { "met.bottleneck" }) }</span>
            </div>
        }
    });
    html! { <>
        { figure(tr(lang, "vsm.takt"), format!("{} {s}", format_num(m.takt_seconds)), "metric-takt", m.takt_seconds) }
        <div class="figures">
            { figure(tr(lang, "vsm.lead_time"), format!("{:.1} {days}", m.lead_time_days), "metric-lead-time", m.lead_time_days) }
            { figure(tr(lang, "vsm.processing"), format!("{} {s}", format_num(m.processing_seconds)), "metric-processing", m.processing_seconds) }
            { match m.pce {
                Some(v) => figure(tr(lang, "vsm.pce"), format!("{:.3}%", v * 100.0), "metric-pce", v),
                None => html! {},
            } }
            { match m.rolled_pca {
                Some(v) => figure(tr(lang, "vsm.rolled_pca"), format!("{:.1}%", v * 100.0), "metric-rolled-pca", v),
                None => html! {},
            } }
            { figure(tr(lang, "met.inventory_days"), format!("{} {days}", format_num((m.inventory_days_total * 100.0).round() / 100.0)),
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
fn pareto_chart(m: &SwimlaneMetrics, doc: &Document, unit: &str, d: &Callback<Msg>) -> Html {
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
        html! { <g class={classes!("bar", (i == 0).then_some("top"))} onclick={d.reform(move |_| Msg::Reveal(vec![id.clone()]))} data-testid="pareto-bar">
            <title>{ format!("{label}: {} {unit} ({:.1}%)", format_num(e.time), e.share * 100.0) }</title>
            <rect x={(x + 2.0).to_string()} y={(ph - bh).to_string()} width={(bw - 4.0).max(2.0).to_string()} height={bh.to_string()} />
            <text class="tick" transform={format!("translate({} {}) rotate(40)", x + bw / 2.0, ph + 6.0)}>{ short }</text>
        </g> }
    });
    let line: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{:.1},{:.1}", left + (i as f64 + 0.5) * bw, ph - e.cumulative * (ph - 10.0)))
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
    pub revision: u64,
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
}
#[function_component(FindingsPanel)]
pub fn findings_panel(p: &FindingsProps) -> Html {
    let lang = p.lang;
    let findings = &p.analysis.findings;
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let items = findings.iter().map(|f| {
        let (class, key) = match f.severity {
            Severity::Error => ("error", "find.error"),
            Severity::Warning => ("warning", "find.warning"),
            Severity::Info => ("info", "find.info"),
        };
        let ids = f.elements.clone();
        html! {
            <li class={classes!("finding", class)} data-testid="finding" data-rule={f.rule} title={f.rule}
                onclick={p.dispatch.reform(move |_| Msg::Reveal(ids.clone()))}>
                <span class="sev">{ tr(lang, key) }</span>
                <span class="msg">{ if lang == Lang::Zh { &f.message_zh } else { &f.message } }</span>
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
                <ul>{ for items }</ul>
            }
        </section>
    }
}
