//! Before and after, side by side: two versions of a process drawn next to each other with the
//! change in the figures that matter (see `crate::compare`).

use super::canvas::{EdgeLayer, LaneLayer, NodeLayer};
use super::{tr, Analysis, Dialog, Msg, Shared};
use crate::compare::compare;
use crate::editor::layout;
use crate::format::{figure, percent};
use crate::i18n::Lang;
use crate::library::Entry;
use crate::model::Document;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The open document (the "after").
    pub after: Shared<Document>,
    pub after_id: String,
    /// The chosen "before", loaded from the library.
    pub before: Option<(String, Rc<Document>)>,
    /// Documents of the same kind the user can choose as "before".
    pub candidates: Rc<Vec<Entry>>,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
}

#[derive(Properties, PartialEq)]
struct DiagramProps {
    doc: Shared<Document>,
    lang: Lang,
}

/// A whole diagram fitted into its box, not editable.
#[function_component(StaticDiagram)]
fn static_diagram(p: &DiagramProps) -> Html {
    let analysis = use_memo(p.doc.clone(), {
        let doc = p.doc.clone();
        move |_| Analysis::of(&doc)
    });
    let selection = use_memo((), |_| BTreeSet::new());
    let (w, h) = layout::extent(&p.doc);
    html! {
        <svg class="static-diagram" viewBox={format!("-10 -30 {} {}", w + 20.0, h + 60.0)} preserveAspectRatio="xMidYMin meet">
            <LaneLayer doc={p.doc.clone()} revision={0} lang={p.lang} />
            <EdgeLayer doc={p.doc.clone()} revision={0} selection={selection.clone()} analysis={analysis.clone()} critical={false} lang={p.lang} />
            <NodeLayer doc={p.doc.clone()} revision={0} {selection} {analysis} critical={false} lang={p.lang} />
        </svg>
    }
}

fn row_label(lang: Lang, key: &str) -> &str {
    match key {
        "cycle_time" => tr(lang, "met.cycle_time"),
        "execution" => tr(lang, "met.execution"),
        "delay" => tr(lang, "met.delay"),
        "transfer" => tr(lang, "met.transfer"),
        "handoffs" => tr(lang, "met.handoffs"),
        "lead_time_days" => tr(lang, "cmp.lead_time"),
        "processing_seconds" => tr(lang, "cmp.processing"),
        "pce" => tr(lang, "cmp.pce"),
        "inventory_days_total" => tr(lang, "cmp.inventory_days"),
        other => other,
    }
}

#[function_component(CompareDialog)]
pub fn compare_dialog(p: &CompareProps) -> Html {
    let lang = p.lang;
    let d = &p.dispatch;
    let onchange = d.reform(|e: Event| {
        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        Msg::OpenDialog(Dialog::Compare(Some(v).filter(|v| !v.is_empty())))
    });
    let chooser = html! {
        <label class="field compare-pick">
            <span>{ tr(lang, "cmp.before") }</span>
            <select data-testid="compare-before" {onchange}>
                <option value="" selected={p.before.is_none()}>{ "—" }</option>
                { for p.candidates.iter().map(|e| html! {
                    <option value={e.id.clone()} selected={p.before.as_ref().is_some_and(|(id, _)| *id == e.id)}>{ &e.title }</option>
                }) }
            </select>
        </label>
    };
    let body = match &p.before {
        None => html! { <p class="muted">{ tr(lang, "cmp.choose") }</p> },
        Some((_, before)) => {
            let table = match compare(before, &p.after) {
                Err(e) => {
                    html! { <p class="unavailable" data-testid="compare-error">{ e.message(before, &p.after).render(lang) }</p> }
                }
                Ok(rows) => html! {
                    <table class="deltas" data-testid="compare-table">
                        <thead><tr><th /><th>{ tr(lang, "cmp.before") }</th><th>{ tr(lang, "cmp.after") }</th><th>{ tr(lang, "cmp.change") }</th></tr></thead>
                        <tbody>
                            { for rows.iter().map(|r| {
                                let pct = r.percent.map(|x| format!("{}{}", if x > 0.0 { "+" } else { "" }, percent(x))).unwrap_or_else(|| "—".into());
                                let unit = match r.key {
                                    "cycle_time" | "execution" | "delay" | "transfer" => format!(" {}", p.after.time_unit.as_str()),
                                    _ => String::new(),
                                };
                                let (before, after) = if r.key == "pce" {
                                    (percent(r.before), percent(r.after))
                                } else {
                                    (figure(r.before) + &unit, figure(r.after) + &unit)
                                };
                                let better = if r.change < 0.0 { "better" } else if r.change > 0.0 { "worse" } else { "same" };
                                // A higher PCE is the improvement; every other figure improves by falling.
                                let better = if r.key == "pce" { match better { "better" => "worse", "worse" => "better", s => s } } else { better };
                                html! {
                                    <tr data-testid={format!("delta-{}", r.key)} data-before={r.before.to_string()} data-after={r.after.to_string()}
                                        data-percent={r.percent.unwrap_or(0.0).to_string()}>
                                        <td>{ row_label(lang, r.key) }</td><td>{ before }</td><td>{ "→ " }{ after }</td>
                                        <td class={better}>{ pct }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                },
            };
            html! { <>
                { table }
                <div class="side-by-side">
                    <figure><figcaption>{ tr(lang, "cmp.before") }{ ": " }{ &before.title }</figcaption><StaticDiagram doc={before.clone()} {lang} /></figure>
                    <figure><figcaption>{ tr(lang, "cmp.after") }{ ": " }{ &p.after.title }</figcaption><StaticDiagram doc={p.after.clone()} {lang} /></figure>
                </div>
            </> }
        }
    };
    html! {
        <div class="modal-backdrop" onclick={d.reform(|_| Msg::CloseDialog)}>
            <div class="modal compare" role="dialog" data-testid="compare-dialog" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header>
                    <h2>{ tr(lang, "cmp.title") }</h2>
                    { chooser }
                    <button data-testid="close-dialog" onclick={d.reform(|_| Msg::CloseDialog)}>{ "×" }</button>
                </header>
                { body }
            </div>
        </div>
    }
}
