//! The frame around the canvas: top bar, shape palette, document library and shortcut list.

use super::{tr, Dialog, Msg, Shared};
use crate::editor::keys::{self, Keys};
use crate::editor::Action;
use crate::i18n::Lang;
use crate::library::{Aside, Entry};
use crate::model::{Document, Kind, NodeType};
use crate::session::SaveStatus;
use crate::store::Usage;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub doc: Shared<Document>,
    /// From the top process level down to the open document.
    pub crumbs: Rc<Vec<Entry>>,
    pub current: String,
    pub lang: Lang,
    pub status: SaveStatus,
    pub can_undo: bool,
    pub can_redo: bool,
    pub zoom: f64,
    /// The step table is shown instead of the diagram.
    pub table: bool,
    pub dispatch: Callback<Msg>,
    pub read_file: Callback<web_sys::File>,
    /// The live room's status, while the document is shared.
    pub live: Option<Rc<super::live::LiveBadgeProps>>,
}

#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    let lang = p.lang;
    let d = &p.dispatch;
    let file_input = use_node_ref();
    let pick = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let read_file = p.read_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file.emit(file);
            }
            // Let the same file be chosen again after a failed import.
            input.set_value("");
        })
    };
    let (status_class, status_text, status_title) = match &p.status {
        SaveStatus::Opening => ("opening", tr(lang, "tb.opening").to_string(), String::new()),
        SaveStatus::Saved => ("saved", tr(lang, "tb.saved").to_string(), String::new()),
        SaveStatus::Saving => ("saving", tr(lang, "tb.saving").to_string(), String::new()),
        SaveStatus::Failed { message, .. } => (
            "failed",
            tr(lang, "tb.saving_failed").to_string(),
            format!("{}: {}", tr(lang, "msg.storage_failed"), message.render(lang)),
        ),
        SaveStatus::Clash(_) => ("clash", tr(lang, "tb.clash").to_string(), tr(lang, "msg.conflict").to_string()),
    };
    let swimlane = p.doc.kind == Kind::Swimlane;
    html! {
        <header class="topbar">
            <span class="brand">{ "Procmod" }</span>
            <button data-testid="library" onclick={d.reform(|_| Msg::OpenDialog(Dialog::Library))}>{ tr(lang, "tb.library") }</button>
            <nav class="crumbs" data-testid="breadcrumbs" aria-label="breadcrumbs">
                { for p.crumbs.iter().filter(|e| e.id != p.current).map(|e| {
                    let id = e.id.clone();
                    html! { <>
                        <a href="#" data-testid="crumb" onclick={d.reform(move |ev: MouseEvent| { ev.prevent_default(); Msg::OpenDoc(id.clone()) })}>
                            if !e.level.is_empty() { <em>{ &e.level }</em> }{ &e.title }
                        </a>
                        <span class="crumb-sep">{ "›" }</span>
                    </> }
                }) }
                if !p.doc.meta.level.is_empty() { <em class="level">{ &p.doc.meta.level }</em> }
                <span class="doc-title" data-testid="doc-title" title={p.doc.title.clone()}>{ &p.doc.title }</span>
            </nav>
            if let Some(badge) = &p.live {
                <super::live::LiveBadge ..(**badge).clone() />
            }
            <span class={classes!("save-status", status_class)} data-testid="save-status" data-state={status_class} title={status_title}>{ status_text }</span>
            <span class="sep" />
            <button data-testid="undo" disabled={!p.can_undo} title={format!("{} (Ctrl+Z)", tr(lang, "tb.undo"))} onclick={d.reform(|_| Msg::Act(Action::Undo))}>{ "↶" }</button>
            <button data-testid="redo" disabled={!p.can_redo} title={format!("{} (Ctrl+Shift+Z)", tr(lang, "tb.redo"))} onclick={d.reform(|_| Msg::Act(Action::Redo))}>{ "↷" }</button>
            if p.doc.kind != Kind::Sipoc {
            <span class="sep" />
            <button data-testid="zoom-out" title={tr(lang, "tb.zoom_out").to_string()} onclick={d.reform(|_| Msg::ZoomBy(1.0 / 1.2))}>{ "−" }</button>
            <span class="zoom" data-testid="zoom">{ format!("{}%", (p.zoom * 100.0).round()) }</span>
            <button data-testid="zoom-in" title={tr(lang, "tb.zoom_in").to_string()} onclick={d.reform(|_| Msg::ZoomBy(1.2))}>{ "+" }</button>
            <button data-testid="fit" onclick={d.reform(|_| Msg::Fit)}>{ tr(lang, "tb.fit") }</button>
            }
            if swimlane {
                <span class="sep" />
                <button data-testid="add-lane" onclick={d.reform(|_| Msg::AddLane)}>{ "+ " }{ tr(lang, "tb.add_lane") }</button>
                <button data-testid="tidy-up" title={tr(lang, "tb.tidy_hint").to_string()} onclick={d.reform(|_| Msg::Act(Action::TidyUp))}>{ tr(lang, "tb.tidy") }</button>
                <button data-testid="table-view" class={classes!(p.table.then_some("on"))} aria-pressed={p.table.to_string()} title={tr(lang, "tb.table_hint").to_string()}
                    onclick={d.reform({ let on = !p.table; move |_| Msg::ShowTable(on) })}>{ if p.table { tr(lang, "tb.diagram") } else { tr(lang, "tb.table") } }</button>
            }
            <span class="grow" />
            if p.doc.kind != Kind::Sipoc {
                <button data-testid="present" title={tr(lang, "tb.present_hint").to_string()} onclick={d.reform(|_| Msg::Present(true))}>{ tr(lang, "tb.present") }</button>
                if swimlane {
                    <button data-testid="open-report" title={tr(lang, "doc.open_hint").to_string()} onclick={d.reform(|_| Msg::OpenDialog(Dialog::Report))}>{ tr(lang, "doc.open") }</button>
                }
                <DropMenu label={tr(lang, "cmp.versions").to_string()} testid="versions">
                    <button role="menuitem" data-testid="future-state" title={tr(lang, "cmp.future_hint").to_string()} onclick={d.reform(|_| Msg::FutureState)}>{ tr(lang, "cmp.future") }</button>
                    <button role="menuitem" data-testid="compare" onclick={d.reform(|_| Msg::OpenDialog(Dialog::Compare(None)))}>{ tr(lang, "cmp.open") }</button>
                </DropMenu>
            }
            if p.live.is_none() {
                <button data-testid="share-live" title={tr(lang, "live.share_hint").to_string()} onclick={d.reform(|_| Msg::OpenDialog(super::Dialog::Share))}>{ tr(lang, "live.title") }</button>
            }
            <button data-testid="import" onclick={pick}>{ tr(lang, "tb.import") }</button>
            <input type="file" accept=".json,.csv,.bpmn,.xml,application/json,text/csv,application/xml,text/xml" class="hidden" data-testid="import-file" ref={file_input} onchange={on_file} />
            <button data-testid="export" title="Ctrl+S" onclick={d.reform(|_| Msg::Export)}>{ tr(lang, "tb.export") }</button>
            <PictureMenu {lang} dispatch={d.clone()} />
            <button data-testid="shortcuts" title={format!("{} (?)", tr(lang, "tb.shortcuts"))} onclick={d.reform(|_| Msg::OpenDialog(Dialog::Shortcuts))}>{ "⌨" }</button>
            <button data-testid="lang" onclick={d.reform(|_| Msg::ToggleLang)}>{ tr(lang, "tb.language") }</button>
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct PictureMenuProps {
    lang: Lang,
    dispatch: Callback<Msg>,
}

/// The picture of the diagram: SVG, PNG at 1× or 2× (on white or transparent), and print.
#[function_component(PictureMenu)]
fn picture_menu(p: &PictureMenuProps) -> Html {
    let lang = p.lang;
    let open = use_state(|| false);
    let transparent = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let send = |msg: fn(bool) -> Msg, t: bool| {
        let (d, open) = (p.dispatch.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            d.emit(msg(t));
        })
    };
    let t = *transparent;
    let on_transparent = {
        let transparent = transparent.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                transparent.set(input.checked());
            }
        })
    };
    let (onfocusout, onkeydown) = closing(&open);
    html! {
        <span class="menu-anchor" {onfocusout} {onkeydown}>
            <button data-testid="picture" aria-haspopup="menu" aria-expanded={open.to_string()} onclick={toggle}>{ tr(lang, "pic.menu") }{ " ▾" }</button>
            if *open {
                <div class="menu" role="menu" data-testid="picture-menu">
                    <button role="menuitem" data-testid="export-svg" onclick={send(|t| Msg::ExportSvg { transparent: t }, t)}>{ tr(lang, "pic.svg") }</button>
                    <button role="menuitem" data-testid="export-png" onclick={send(|t| Msg::ExportPng { scale: 1.0, transparent: t }, t)}>{ tr(lang, "pic.png1") }</button>
                    <button role="menuitem" data-testid="export-png-2x" onclick={send(|t| Msg::ExportPng { scale: 2.0, transparent: t }, t)}>{ tr(lang, "pic.png2") }</button>
                    <label class="check"><input type="checkbox" data-testid="picture-transparent" checked={t} onchange={on_transparent} />{ tr(lang, "pic.transparent") }</label>
                    <hr />
                    <button role="menuitem" data-testid="print" onclick={send(|_| Msg::Print, t)}>{ tr(lang, "pic.print") }</button>
                </div>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub lang: Lang,
    /// A template chosen, by id.
    pub on_pick: Callback<&'static str>,
}

/// The templates, as cards: a click opens one as a new document.
#[function_component(Gallery)]
pub fn gallery(p: &GalleryProps) -> Html {
    let lang = p.lang;
    let cards = crate::templates::ALL.iter().map(|t| {
        let id = t.id;
        html! {
            <button class={classes!("template", t.kind.as_str())} data-testid={format!("template-{id}")} onclick={p.on_pick.reform(move |_| id)}>
                <span class="kind">{ tr(lang, &format!("kind.{}", t.kind.as_str())) }</span>
                <b>{ tr(lang, t.name) }</b>
                <span class="about">{ tr(lang, t.about) }</span>
            </button>
        }
    });
    html! {
        <section class="gallery" data-testid="gallery">
            <h3>{ tr(lang, "tpl.title") }</h3>
            <div class="cards">{ for cards }</div>
        </section>
    }
}

/// How a menu closes: when the keyboard or the pointer goes elsewhere, and on Escape. The
/// handlers go on the element that holds the button and the menu.
fn closing(open: &UseStateHandle<bool>) -> (Callback<FocusEvent>, Callback<KeyboardEvent>) {
    let onfocusout = {
        let open = open.clone();
        Callback::from(move |e: FocusEvent| {
            let anchor = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let next = e.related_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if !matches!((anchor, next), (Some(a), Some(n)) if a.contains(Some(&n))) {
                open.set(false);
            }
        })
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.stop_propagation();
                open.set(false);
            }
        })
    };
    (onfocusout, onkeydown)
}

#[derive(Properties, PartialEq)]
struct DropMenuProps {
    label: AttrValue,
    testid: AttrValue,
    children: Html,
}

/// A button that opens a menu of its children; choosing one closes it, as do Escape and the
/// keyboard or pointer going elsewhere.
#[function_component(DropMenu)]
fn drop_menu(p: &DropMenuProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let (onfocusout, onkeydown) = closing(&open);
    html! {
        <span class="menu-anchor" {onfocusout} {onkeydown}>
            <button data-testid={p.testid.clone()} aria-haspopup="menu" aria-expanded={open.to_string()} onclick={toggle}>{ p.label.clone() }{ " ▾" }</button>
            if *open {
                <div class="menu" role="menu" data-testid={format!("{}-menu", p.testid)} onclick={close}>{ p.children.clone() }</div>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    pub kind: Kind,
    pub lang: Lang,
    /// A shape was clicked: place it next to the selection, or in view.
    pub on_pick: Callback<NodeType>,
}

/// MIME type under which a palette item is dragged onto the canvas.
pub const SHAPE_MIME: &str = "application/x-procmod-shape";

#[function_component(Palette)]
pub fn palette(p: &PaletteProps) -> Html {
    let lang = p.lang;
    let vsm = p.kind == Kind::Vsm;
    let items = p.kind.node_types().iter().map(|&ty| {
        let ondragstart = Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data(SHAPE_MIME, ty.as_str());
                dt.set_effect_allowed("copy");
            }
        });
        html! {
            <button class="palette-item" draggable="true" data-testid={format!("palette-{}", ty.as_str())}
                title={tr(lang, "palette.hint").to_string()}
                onclick={p.on_pick.reform(move |_| ty)} {ondragstart}>
                <svg viewBox="0 0 40 30" class="icon">{ if vsm { super::vsm::palette_icon(ty) } else { palette_icon(ty) } }</svg>
                <span>{ tr(lang, crate::message::type_key(ty)) }</span>
            </button>
        }
    });
    html! {
        <nav class="palette" aria-label={tr(lang, "palette.title").to_string()}>
            <h3>{ tr(lang, "palette.title") }</h3>
            { for items }
            <p class="hint">{ tr(lang, "palette.hint") }</p>
        </nav>
    }
}

fn palette_icon(ty: NodeType) -> Html {
    use NodeType::*;
    match ty {
        Start => html! { <circle cx="20" cy="15" r="10" class="shape start" /> },
        End => html! { <circle cx="20" cy="15" r="10" class="shape end" /> },
        Event => html! { <>
            <circle cx="20" cy="15" r="11" class="shape event" />
            <circle cx="20" cy="15" r="8" class="shape event" />
        </> },
        Decision => html! { <polygon points="20,2 36,15 20,28 4,15" class="shape decision" /> },
        Parallel => html! { <>
            <polygon points="20,2 36,15 20,28 4,15" class="shape parallel" />
            <path d="M20 8 V22 M13 15 H27" class="glyph" />
        </> },
        Form => html! { <path d="M6 4 H34 V23 Q27 18 20 23 T6 23 Z" class="shape document" /> },
        Subprocess => html! { <>
            <rect x="4" y="4" width="32" height="22" rx="3" class="shape task" />
            <path d="M20 17 V25 M16 21 H24" class="glyph" />
        </> },
        _ => html! { <rect x="4" y="5" width="32" height="20" rx="4" class="shape task" /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    pub entries: Rc<Vec<Entry>>,
    /// Records kept aside because they could not be read.
    pub aside: Rc<Vec<Aside>>,
    pub usage: Option<Usage>,
    pub current: String,
    pub confirm: Option<String>,
    pub lang: Lang,
    pub dispatch: Callback<Msg>,
    /// A backup file was chosen for "Import all".
    pub read_backup: Callback<web_sys::File>,
}

/// Bytes in a readable unit.
fn size(bytes: f64) -> String {
    let (kb, mb) = (bytes / 1024.0, bytes / 1_048_576.0);
    if mb >= 1024.0 {
        format!("{} GB", crate::format::figure(mb / 1024.0))
    } else if mb >= 1.0 {
        format!("{} MB", crate::format::figure(mb))
    } else {
        format!("{} KB", kb.round())
    }
}

fn format_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[function_component(LibraryDialog)]
pub fn library_dialog(p: &LibraryProps) -> Html {
    let lang = p.lang;
    let d = &p.dispatch;
    let dialog = use_node_ref();
    use_focus_on_open(&dialog);
    let renaming = use_state(|| None::<String>);
    let backup_input = use_node_ref();
    let pick_backup = {
        let input = backup_input.clone();
        Callback::from(move |_| {
            if let Some(input) = input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_backup = {
        let read = p.read_backup.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read.emit(file);
            }
            input.set_value("");
        })
    };
    let aside = p.aside.iter().map(|a| {
        let (k1, k2) = (a.key.clone(), a.key.clone());
        html! {
            <li key={a.key.clone()} data-testid="aside-row">
                <span class="what">{ a.message().render(lang) }</span>
                <span class="when">{ format_time(a.when) }</span>
                <button data-testid="aside-download" onclick={d.reform(move |_| Msg::DownloadAside(k1.clone()))}>{ tr(lang, "lib.download") }</button>
                <button data-testid="aside-discard" onclick={d.reform(move |_| Msg::DiscardAside(k2.clone()))}>{ tr(lang, "lib.discard") }</button>
            </li>
        }
    });
    let rows = p.entries.iter().map(|e| {
        let id = e.id.clone();
        let is_current = e.id == p.current;
        let title_cell = if renaming.as_deref() == Some(e.id.as_str()) {
            let (d2, id2, r2) = (d.clone(), id.clone(), renaming.clone());
            let commit = Callback::from(move |value: String| {
                d2.emit(Msg::RenameDoc(id2.clone(), value));
                r2.set(None);
            });
            let r3 = renaming.clone();
            let onkeydown = {
                let commit = commit.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.is_composing() {
                        return;
                    }
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    match e.key().as_str() {
                        "Enter" => commit.emit(input.value()),
                        "Escape" => r3.set(None),
                        _ => {}
                    }
                })
            };
            let onblur = Callback::from(move |e: FocusEvent| commit.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
            html! { <RenameInput value={e.title.clone()} {onkeydown} {onblur} /> }
        } else {
            html! { <span>{ if e.title.is_empty() { tr(lang, "lib.untitled").to_string() } else { e.title.clone() } }</span> }
        };
        let confirming = p.confirm.as_deref() == Some(e.id.as_str());
        html! {
            <tr key={e.id.clone()} class={classes!(is_current.then_some("current"))} data-testid="library-row" data-id={e.id.clone()}>
                <td class="title">{ title_cell }{ if is_current { html! { <em class="tag">{ tr(lang, "lib.current") }</em> } } else { html! {} } }</td>
                <td>{ tr(lang, &format!("kind.{}", e.kind.as_str())) }</td>
                <td class="when">{ format_time(e.changed) }</td>
                <td class="actions">
                    if confirming {
                        <span class="confirm">{ tr(lang, "lib.confirm_delete") }</span>
                        <button class="danger" data-testid="confirm-delete" onclick={d.reform({ let id = id.clone(); move |_| Msg::DeleteDoc(id.clone()) })}>{ tr(lang, "lib.delete") }</button>
                        <button onclick={d.reform(|_| Msg::OpenDialog(Dialog::Library))}>{ tr(lang, "msg.dismiss") }</button>
                    } else {
                        <button data-testid="open" onclick={d.reform({ let id = id.clone(); move |_| Msg::OpenDoc(id.clone()) })}>{ tr(lang, "lib.open") }</button>
                        <button data-testid="rename" onclick={{ let r = renaming.clone(); let id = id.clone(); Callback::from(move |_| r.set(Some(id.clone()))) }}>{ tr(lang, "lib.rename") }</button>
                        <button data-testid="duplicate" onclick={d.reform({ let id = id.clone(); move |_| Msg::DuplicateDoc(id.clone()) })}>{ tr(lang, "lib.duplicate") }</button>
                        <button data-testid="delete" onclick={d.reform({ let id = id.clone(); move |_| Msg::OpenDialog(Dialog::ConfirmDelete(id.clone())) })}>{ tr(lang, "lib.delete") }</button>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <div class="modal-backdrop" onclick={d.reform(|_| Msg::CloseDialog)}>
            <div class="modal library" role="dialog" aria-modal="true" aria-label={tr(lang, "lib.title").to_string()} data-testid="library-dialog"
                ref={dialog} tabindex="-1" onkeydown={close_on_escape(&d.reform(|_| Msg::CloseDialog))}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header>
                    <h2>{ tr(lang, "lib.title") }</h2>
                    <button data-testid="new-swimlane" onclick={d.reform(|_| Msg::NewDoc(Kind::Swimlane))}>{ "+ " }{ tr(lang, "lib.new_swimlane") }</button>
                    <button data-testid="new-sipoc" onclick={d.reform(|_| Msg::NewDoc(Kind::Sipoc))}>{ "+ " }{ tr(lang, "lib.new_sipoc") }</button>
                    <button data-testid="new-vsm" onclick={d.reform(|_| Msg::NewDoc(Kind::Vsm))}>{ "+ " }{ tr(lang, "lib.new_vsm") }</button>
                    <button data-testid="close-dialog" onclick={d.reform(|_| Msg::CloseDialog)}>{ "×" }</button>
                </header>
                <Gallery {lang} on_pick={d.reform(Msg::FromTemplate)} />
                <table>
                    <thead><tr><th>{ tr(lang, "lib.name") }</th><th>{ tr(lang, "lib.kind") }</th><th>{ tr(lang, "lib.changed") }</th><th /></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                if !p.aside.is_empty() {
                    <section class="aside" data-testid="aside">
                        <h3>{ tr(lang, "lib.aside") }</h3>
                        <ul>{ for aside }</ul>
                    </section>
                }
                <footer>
                    <button data-testid="export-all" onclick={d.reform(|_| Msg::ExportAll)}>{ tr(lang, "lib.export_all") }</button>
                    <button data-testid="import-all" onclick={pick_backup}>{ tr(lang, "lib.import_all") }</button>
                    <input type="file" accept=".json,application/json" class="hidden" data-testid="import-all-file" ref={backup_input} onchange={on_backup} />
                    <span class="grow" />
                    if let Some(u) = p.usage {
                        <span class="usage" data-testid="usage" title={tr(lang, if u.persisted { "lib.persisted" } else { "lib.not_persisted" }).to_string()}>
                            { crate::message::Message::new("lib.usage", vec![crate::message::Arg::Text(size(u.used)), crate::message::Arg::Text(size(u.quota))]).render(lang) }
                            { " · " }{ tr(lang, if u.persisted { "lib.persisted" } else { "lib.not_persisted" }) }
                        </span>
                    }
                </footer>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RenameProps {
    value: String,
    onkeydown: Callback<KeyboardEvent>,
    onblur: Callback<FocusEvent>,
}

/// A title being renamed in the list: what is typed survives the list being redrawn (another
/// tab's save).
#[function_component(RenameInput)]
fn rename_input(p: &RenameProps) -> Html {
    let input = use_node_ref();
    super::field::use_field_value(&input, &p.value);
    html! { <input ref={input} class="rename" data-testid="rename-input" onkeydown={p.onkeydown.clone()} autofocus=true onblur={p.onblur.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    /// The open diagram's kind: the SIPOC board has keys of its own.
    pub kind: Kind,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The keys of the editor that is open, from the same table the keyboard runs on.
#[function_component(ShortcutsDialog)]
pub fn shortcuts_dialog(p: &ShortcutsProps) -> Html {
    let lang = p.lang;
    let dialog = use_node_ref();
    use_focus_on_open(&dialog);
    let title = if p.kind == Kind::Sipoc { "sc.board.title" } else { "sc.title" };
    let rows = keys::shortcuts(p.kind).iter().map(|s| {
        let keys = match s.keys {
            Keys::Literal(k) => k.to_string(),
            Keys::Words(k) => tr(lang, k).to_string(),
        };
        html! { <tr><td>{ tr(lang, s.what) }</td><td><kbd>{ keys }</kbd></td></tr> }
    });
    html! {
        <div class="modal-backdrop" onclick={p.on_close.reform(|_| ())}>
            <div class="modal shortcuts" role="dialog" aria-modal="true" aria-label={tr(lang, title).to_string()} data-testid="shortcuts-dialog"
                ref={dialog} tabindex="-1" onkeydown={close_on_escape(&p.on_close)}>
                <header><h2>{ tr(lang, title) }</h2></header>
                <table>{ for rows }</table>
            </div>
        </div>
    }
}

/// Gives the keyboard to a dialog when it opens (its first button, or the dialog itself), so
/// that it can be used without a mouse.
#[hook]
pub(super) fn use_focus_on_open(dialog: &NodeRef) {
    let dialog = dialog.clone();
    use_effect_with((), move |_| {
        if let Some(el) = dialog.cast::<web_sys::HtmlElement>() {
            let first = el
                .query_selector("button, input")
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            let _ = first.unwrap_or(el).focus();
        }
    });
}

/// Escape closes a dialog.
pub(super) fn close_on_escape(on_close: &Callback<()>) -> Callback<KeyboardEvent> {
    let on_close = on_close.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.stop_propagation();
            on_close.emit(());
        }
    })
}
