//! The step table view of a swimlane: one row per step, numbered along the flow, each cell
//! typed in place (Enter goes down a row, Tab across, never in the middle of an IME
//! composition); the blank row at the end adds a step, which the diagram draws in its role's
//! lane. Every cell left changed is one action (`editor::table`).

use super::{tr, Shared};
use crate::editor::table::{cell, Column, TableEdit};
use crate::editor::Action;
use crate::i18n::Lang;
use crate::model::Document;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// Puts the keyboard in the cell with this test id, when there is one.
fn focus(testid: &str) {
    let found = gloo::utils::document().query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten();
    if let Some(input) = found.and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        let _ = input.focus();
        input.select();
    }
}

#[function_component(TableView)]
pub fn table_view(p: &TableViewProps) -> Html {
    let lang = p.lang;
    let steps = {
        let doc = p.doc.clone();
        use_memo(p.revision, move |_| crate::report::steps(&doc))
    };
    let activity = use_node_ref();
    let role = use_node_ref();
    let count = steps.len();
    let rows = steps.iter().enumerate().map(|(r, s)| {
        let cells = Column::ALL.iter().map(|&column| {
            let value = cell(s, column, lang);
            let testid = format!("cell-{}-{}", s.no, column.name());
            let below = if r + 1 < count {
                format!("cell-{}-{}", s.no + 1, column.name())
            } else {
                format!("new-{}", if column == Column::Role { "role" } else { "activity" })
            };
            let onchange = {
                let (id, value, act) = (s.id.clone(), value.clone(), p.on_action.clone());
                Callback::from(move |e: Event| {
                    let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                    if text.trim() != value.trim() {
                        act.emit(Action::Table(TableEdit::Set { id: id.clone(), column, text }));
                    }
                })
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" && !e.is_composing() {
                    e.prevent_default();
                    focus(&below);
                }
            });
            let class =
                classes!("cell", column.name(), matches!(column, Column::Execution | Column::Delay).then_some("num"));
            html! { <td {class}><super::field::Input {testid} value={value.clone()} {onchange} {onkeydown} /></td> }
        });
        html! {
            <tr key={s.id.clone()} data-step={s.id.clone()}>
                <th class="no">{ s.no }</th>
                { for cells }
            </tr>
        }
    });
    // The blank row: Enter in it adds the step and leaves the keyboard there for the next one.
    let append = {
        let (activity, role, act) = (activity.clone(), role.clone(), p.on_action.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" || e.is_composing() {
                return;
            }
            e.prevent_default();
            let (Some(a), Some(r)) =
                (activity.cast::<web_sys::HtmlInputElement>(), role.cast::<web_sys::HtmlInputElement>())
            else {
                return;
            };
            if a.value().trim().is_empty() {
                let _ = a.focus();
                return;
            }
            act.emit(Action::Table(TableEdit::Append { activity: a.value(), role: r.value() }));
            a.set_value("");
            r.set_value("");
            let _ = a.focus();
        })
    };
    let headings = Column::ALL.iter().map(|c| html! { <th class={c.name()}>{ tr(lang, c.key()) }</th> });
    html! {
        <div class="table-view" data-testid="step-table">
            <table>
                <thead><tr><th class="no">{ tr(lang, "csv.step") }</th>{ for headings }</tr></thead>
                <tbody>
                    { for rows }
                    <tr class="new-row">
                        <th class="no">{ "+" }</th>
                        <td class="cell activity"><input data-testid="new-activity" ref={activity} placeholder={tr(lang, "table.new_activity").to_string()} onkeydown={append.clone()} /></td>
                        <td class="cell role"><input data-testid="new-role" ref={role} placeholder={tr(lang, "table.new_role").to_string()} onkeydown={append} /></td>
                        <td colspan="8" class="hint">{ tr(lang, "table.hint") }</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
