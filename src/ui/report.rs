//! The process document view: the document (`crate::report`, written by the exchange module)
//! as a page over the app, with print (A4, the document alone) and "save as HTML". Esc or × closes it.

use super::{tr, Msg, Shared};
use crate::i18n::Lang;
use crate::model::Document;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub lang: Lang,
    /// The exchange module, which writes the document, is loaded.
    pub ready: bool,
    /// Why the exchange module could not be loaded, when it could not.
    pub failed: Option<AttrValue>,
    /// BPMN files draw sub-processes expanded (their content inside them).
    pub bpmn_expanded: bool,
    pub dispatch: Callback<Msg>,
}

#[function_component(ReportView)]
pub fn report_view(p: &ReportViewProps) -> Html {
    let lang = p.lang;
    let content = {
        let doc = p.doc.clone();
        let (failed, d) = (p.failed.clone(), p.dispatch.clone());
        use_memo((p.revision, lang, p.ready, p.failed.clone()), move |(_, _, ready, _)| {
            if let (false, Some(why)) = (ready, failed) {
                return (
                    String::new(),
                    html! {
                        <div class="report-loading" role="alert" data-testid="report-failed">
                            <p>{ tr(lang, "msg.exchange_failed") }{ " (" }{ why }{ ")" }</p>
                            <button data-testid="report-retry" onclick={d.reform(|_| Msg::LoadExchange)}>{ tr(lang, "doc.retry") }</button>
                        </div>
                    },
                );
            }
            if !ready {
                return (
                    String::new(),
                    html! { <p class="report-loading" data-testid="report-loading">{ tr(lang, "doc.loading") }</p> },
                );
            }
            match super::exchange::report_view(&doc, lang) {
                Ok((styles, body)) => (styles, Html::from_html_unchecked(AttrValue::from(body))),
                Err(why) => (
                    String::new(),
                    html! { <p class="report-loading" role="alert">{ crate::message::Message::received(&why).render(lang) }</p> },
                ),
            }
        })
    };
    {
        // The document is written by the exchange module: loaded now if it is not yet.
        let (ready, d) = (p.ready, p.dispatch.clone());
        use_effect_with(ready, move |ready| {
            if !*ready {
                d.emit(Msg::LoadExchange);
            }
        });
    }
    let view = use_node_ref();
    {
        // Takes the keyboard, so that Esc closes it and the page scrolls by keys.
        let view = view.clone();
        use_effect_with((), move |_| {
            if let Some(el) = view.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let d = &p.dispatch;
    let (styles, body) = &*content;
    html! {
        <div class="report-view" data-testid="report-view" role="dialog" aria-modal="true" aria-label={tr(lang, "doc.kind").to_string()}
            tabindex="-1" ref={view} onkeydown={super::chrome::close_on_escape(&d.reform(|_| Msg::CloseDialog))}>
            <style>{ styles.clone() }</style>
            <div class="report-bar">
                <h2>{ tr(lang, "doc.kind") }</h2>
                <button data-testid="report-print" onclick={d.reform(|_| Msg::PrintReport)}>{ tr(lang, "doc.print") }</button>
                <button data-testid="report-html" onclick={d.reform(|_| Msg::SaveReport)}>{ tr(lang, "doc.save_html") }</button>
                <button data-testid="report-docx" onclick={d.reform(|_| Msg::SaveDocx)}>{ tr(lang, "doc.save_docx") }</button>
                <button data-testid="report-bpmn" title={tr(lang, "doc.save_bpmn_hint").to_string()} onclick={d.reform(|_| Msg::SaveBpmn)}>{ tr(lang, "doc.save_bpmn") }</button>
                <label class="check" title={tr(lang, "doc.bpmn_expanded_hint").to_string()}>
                    <input type="checkbox" data-testid="report-bpmn-expanded" checked={p.bpmn_expanded}
                        onchange={d.reform(|e: Event| Msg::BpmnExpanded(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))} />
                    { tr(lang, "doc.bpmn_expanded") }
                </label>
                <button data-testid="report-csv" title={tr(lang, "doc.save_csv_hint").to_string()} onclick={d.reform(|_| Msg::SaveTable)}>{ tr(lang, "doc.save_csv") }</button>
                <button data-testid="close-dialog" title="Esc" onclick={d.reform(|_| Msg::CloseDialog)}>{ "×" }</button>
            </div>
            <div class="report-page">{ body.clone() }</div>
        </div>
    }
}
