//! The Yew app: one model (the session plus view state) changed only through `Msg`s; components
//! render snapshots of it and emit `Msg`s upward. Document changes go through the editor's
//! commands; storage through `store`. Compiled for wasm32 only.

mod canvas;
mod chrome;
mod compare;
mod panels;
mod shapes;
mod sipoc;
mod vsm;

use crate::command::{Command, Target};
use crate::editor::layout;
use crate::i18n::{t, Lang};
use crate::library::KeyValue;
use crate::metrics::{self, Metrics, MetricsError};
use crate::model::{Document, Kind, NodeType, Orientation};
use crate::session::{Resolution, SaveStatus, Session};
use crate::store::{self, WebStore};
use crate::validate::{self, Finding, Severity};
use gloo::events::EventListener;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub fn run() {
    yew::Renderer::<App>::new().render();
}

/// Short alias used everywhere in the UI for translated text.
pub(crate) fn tr(lang: Lang, key: &str) -> &str {
    t(lang, key)
}

/// Pan and zoom of the canvas. View state: never saved in the document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub x: f64,
    pub y: f64,
}

impl Default for View {
    fn default() -> Self {
        View { zoom: 1.0, x: 40.0, y: 30.0 }
    }
}

pub const MIN_ZOOM: f64 = 0.1;
pub const MAX_ZOOM: f64 = 4.0;

#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    Library,
    Shortcuts,
    ConfirmDelete(String),
    /// Before/after comparison with the given "before" document.
    Compare(Option<String>),
}

/// A message shown at the top of the page until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub title: String,
    pub detail: String,
    pub error: bool,
}

/// Derived from the document, recomputed when it changes, never saved.
#[derive(Debug, PartialEq)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub metrics: Result<Metrics, MetricsError>,
    /// The worst severity found on each element.
    pub markers: HashMap<String, Severity>,
    /// Nodes and edges on the critical path.
    pub critical: HashSet<String>,
}

impl Analysis {
    pub fn of(doc: &Document) -> Self {
        let findings = validate::validate(doc);
        let metrics = metrics::compute(doc);
        let mut markers: HashMap<String, Severity> = HashMap::new();
        for f in &findings {
            for id in &f.elements {
                let s = markers.entry(id.clone()).or_insert(f.severity);
                *s = (*s).min(f.severity);
            }
        }
        let mut critical = HashSet::new();
        if let Ok(Metrics::Swimlane(m)) = &metrics {
            let nodes = &m.critical_path.nodes;
            critical.extend(nodes.iter().cloned());
            for w in nodes.windows(2) {
                if let Some(e) = doc.edges.iter().find(|e| e.from == w[0] && e.to == w[1]) {
                    critical.insert(e.id.clone());
                }
            }
        }
        Analysis { findings, metrics, markers, critical }
    }
}

/// Everything the user can do.
pub enum Msg {
    Exec(Command),
    /// An edit of the SIPOC board (one command).
    Sipoc(crate::editor::sipoc::Edit),
    AddNode(NodeType, f64, f64),
    /// Palette click: next to the selected shape (connected from it) or in view.
    AddNodeNear(NodeType),
    Drop {
        ids: Vec<String>,
        dx: f64,
        dy: f64,
    },
    Connect(String, String),
    Select(Vec<String>),
    ToggleSelect(String),
    SelectAll,
    ClearSelection,
    Delete,
    Copy,
    Paste,
    Duplicate,
    Undo,
    Redo,
    Nudge(f64, f64),
    AddLane,
    RemoveLane(String),
    MoveLane(String, usize),
    ResizeLane(String, f64),
    ToggleOrientation,
    StartEdit(Target),
    CommitEdit(String),
    CancelEdit,
    SetView(View),
    ZoomBy(f64),
    ZoomAt {
        factor: f64,
        sx: f64,
        sy: f64,
    },
    Fit,
    Reveal(Vec<String>),
    ToggleCritical,
    ToggleLang,
    OpenDialog(Dialog),
    CloseDialog,
    NewDoc(Kind),
    OpenDoc(String),
    RenameDoc(String, String),
    DuplicateDoc(String),
    DeleteDoc(String),
    Export,
    /// Opens (creating on first use) the diagram one level down for a step or sub-process.
    DrillDown(String),
    FutureState,
    Import(String),
    ImportFailed(String),
    StorageChanged(Option<String>),
    Resolve(Resolution),
    Dismiss,
    Key(KeyPress),
}

/// A key press from the window, with its modifiers.
pub struct KeyPress {
    pub key: String,
    pub ctrl: bool,
    pub shift: bool,
}

pub struct Model {
    pub session: Session<WebStore>,
    pub lang: Lang,
    pub view: View,
    pub dialog: Option<Dialog>,
    pub editing: Option<Target>,
    pub critical: bool,
    pub notice: Option<Notice>,
    /// A file was opened and its first render is still to be timed.
    pub timing_open: bool,
}

const LANG_KEY: &str = "procmod.lang";

/// A new, empty swimlane process (also the first document of a new library).
fn starter(lang: Lang) -> Document {
    let mut doc = Document::new(Kind::Swimlane, tr(lang, "lib.untitled"));
    doc.meta.level = "L3".into();
    doc
}

fn new_document(kind: Kind, lang: Lang) -> Document {
    match kind {
        Kind::Swimlane => starter(lang),
        _ => Document::new(kind, tr(lang, "lib.untitled")),
    }
}

/// Size of the canvas element on screen.
fn canvas_size() -> (f64, f64) {
    gloo::utils::document()
        .get_element_by_id("canvas")
        .map(|e| (e.client_width() as f64, e.client_height() as f64))
        .unwrap_or((1000.0, 700.0))
}

impl Model {
    fn new() -> Self {
        let (store, problem) = WebStore::open();
        let lang = store
            .get_pref(LANG_KEY)
            .and_then(|c| Lang::from_code(&c))
            .or_else(|| {
                let nav = gloo::utils::window().navigator().language().unwrap_or_default();
                nav.starts_with("zh").then_some(Lang::Zh)
            })
            .unwrap_or_default();
        let session = Session::start(store, store::now(), || starter(lang));
        let notice = problem.map(|why| Notice {
            title: tr(lang, "msg.storage_failed").into(),
            detail: format!("{why}. {}", tr(lang, "msg.storage_hint")),
            error: true,
        });
        Model {
            session,
            lang,
            view: View::default(),
            dialog: None,
            editing: None,
            critical: false,
            notice,
            timing_open: false,
        }
    }

    fn ed(&mut self) -> &mut crate::editor::Editor {
        &mut self.session.editor
    }

    /// Reports a command that could not be applied (it changed nothing).
    fn report<T>(&mut self, r: Result<T, impl std::fmt::Display>) {
        if let Err(e) = r {
            self.notice = Some(Notice { title: e.to_string(), detail: String::new(), error: true });
        }
    }

    fn update(&mut self, msg: Msg) {
        let lang = self.lang;
        match msg {
            Msg::Exec(cmd) => {
                let r = self.ed().execute(cmd);
                self.report(r);
            }
            Msg::Sipoc(edit) => {
                let r = self.ed().sipoc(edit);
                self.report(r);
            }
            Msg::AddNode(kind, x, y) => {
                let r = self.ed().add_node(kind, x, y);
                self.report(r);
            }
            Msg::AddNodeNear(kind) => self.add_near(kind),
            Msg::Drop { ids, dx, dy } => {
                let cmd = self.session.editor.move_command(&ids, dx, dy);
                let r = self.ed().execute(cmd);
                self.report(r);
            }
            Msg::Connect(a, b) => {
                let r = self.ed().connect(&a, &b);
                self.report(r);
            }
            Msg::Select(ids) => self.ed().select_only(ids),
            Msg::ToggleSelect(id) => self.ed().toggle_selected(&id),
            Msg::SelectAll => self.ed().select_all(),
            Msg::ClearSelection => self.ed().clear_selection(),
            Msg::Delete => {
                let r = if self.session.editor.doc.kind == Kind::Sipoc {
                    self.ed().sipoc_delete_selection()
                } else {
                    self.ed().delete_selection()
                };
                self.report(r);
            }
            Msg::Copy => {
                self.ed().copy();
            }
            Msg::Paste => {
                let r = self.ed().paste();
                self.report(r);
            }
            Msg::Duplicate => {
                let r = self.ed().duplicate();
                self.report(r);
            }
            Msg::Undo => {
                self.editing = None;
                let r = self.ed().undo();
                self.report(r);
            }
            Msg::Redo => {
                self.editing = None;
                let r = self.ed().redo();
                self.report(r);
            }
            Msg::Nudge(dx, dy) => {
                let r = self.ed().move_selection(dx, dy);
                self.report(r);
            }
            Msg::AddLane => {
                let n = self.session.editor.doc.lanes.len() + 1;
                let r = self.ed().add_lane(&format!("{} {n}", tr(lang, "lane.new")));
                if let Ok(id) = &r {
                    self.editing = Some(Target::Lane(id.clone()));
                }
                self.report(r);
            }
            Msg::RemoveLane(id) => {
                let r = self.ed().remove_lane(&id);
                self.report(r);
            }
            Msg::MoveLane(id, to) => {
                let r = self.ed().move_lane(&id, to);
                self.report(r);
            }
            Msg::ResizeLane(id, size) => {
                let r = self.ed().resize_lane(&id, size);
                self.report(r);
            }
            Msg::ToggleOrientation => {
                let o = match self.session.editor.doc.settings.orientation {
                    Orientation::Horizontal => Orientation::Vertical,
                    Orientation::Vertical => Orientation::Horizontal,
                };
                let r = self.ed().set_orientation(o);
                self.report(r);
            }
            Msg::StartEdit(target) => self.editing = Some(target),
            Msg::CommitEdit(text) => {
                if let Some(target) = self.editing.take() {
                    let r = self.ed().set_label(target, &text);
                    self.report(r);
                }
            }
            Msg::CancelEdit => self.editing = None,
            Msg::SetView(v) => self.view = v,
            Msg::ZoomBy(f) => {
                let (w, h) = canvas_size();
                self.zoom_at(f, w / 2.0, h / 2.0);
            }
            Msg::ZoomAt { factor, sx, sy } => self.zoom_at(factor, sx, sy),
            Msg::Fit => self.fit(None),
            Msg::Reveal(ids) => {
                self.ed().select_only(ids.iter().filter(|id| !id.is_empty()).cloned());
                self.fit(Some(&ids));
            }
            Msg::ToggleCritical => self.critical = !self.critical,
            Msg::ToggleLang => {
                self.lang = if self.lang == Lang::En { Lang::Zh } else { Lang::En };
                let _ = self.session.lib.store.set(LANG_KEY, self.lang.code());
            }
            Msg::OpenDialog(d) => self.dialog = Some(d),
            Msg::CloseDialog => self.dialog = None,
            Msg::NewDoc(kind) => {
                let r = self.session.new_document(new_document(kind, lang), store::now());
                self.after_open();
                self.report(r);
            }
            Msg::OpenDoc(id) => {
                let r = self.session.open(&id);
                self.after_open();
                self.report(r);
            }
            Msg::RenameDoc(id, title) => {
                let r = self.session.rename(&id, &title, store::now());
                self.report(r);
            }
            Msg::DuplicateDoc(id) => {
                self.session.autosave(store::now());
                let r = self.session.lib.duplicate(&id, tr(lang, "lib.copy_suffix"), store::now());
                self.report(r);
            }
            Msg::DeleteDoc(id) => {
                let open_before = self.session.doc_id.clone();
                let r = self.session.delete(&id, store::now(), || starter(lang));
                if self.session.doc_id != open_before {
                    self.after_open();
                }
                self.dialog = Some(Dialog::Library);
                self.report(r);
            }
            Msg::DrillDown(id) => {
                let r = self.session.drill_down(&id, store::now());
                if r.is_ok() {
                    self.after_open();
                }
                self.report(r);
            }
            Msg::FutureState => {
                let r = self.session.future_state(tr(lang, "cmp.future_suffix"), store::now());
                if r.is_ok() {
                    self.after_open();
                }
                self.report(r);
            }
            Msg::Export => {
                let (name, text) = self.session.export();
                let r = store::download(&name, &text);
                self.report(r);
            }
            Msg::Import(text) => match self.session.import(&text, store::now()) {
                Ok(entry) => {
                    self.timing_open = true;
                    self.after_open();
                    self.notice = Some(Notice {
                        title: format!("{}: {}", tr(lang, "msg.imported"), entry.title),
                        detail: String::new(),
                        error: false,
                    });
                }
                Err(e) => self.update(Msg::ImportFailed(e.to_string())),
            },
            Msg::ImportFailed(why) => {
                self.notice = Some(Notice {
                    title: tr(lang, "msg.import_failed").into(),
                    detail: format!("{why}. {}", tr(lang, "msg.import_kept")),
                    error: true,
                });
            }
            Msg::StorageChanged(key) => {
                let ours =
                    key.as_deref().and_then(crate::library::document_of_key) == Some(self.session.doc_id.as_str());
                if key.is_none() || ours {
                    let before = self.session.editor.revision;
                    self.session.external_change();
                    if self.session.editor.revision != before {
                        self.editing = None;
                        self.notice = Some(Notice {
                            title: tr(lang, "msg.followed").into(),
                            detail: String::new(),
                            error: false,
                        });
                    }
                }
            }
            Msg::Resolve(choice) => {
                self.session.resolve(choice, store::now(), tr(lang, "lib.copy_suffix"));
            }
            Msg::Dismiss => self.notice = None,
            Msg::Key(k) => self.key(k),
        }
        self.session.autosave(store::now());
    }

    fn after_open(&mut self) {
        self.editing = None;
        self.dialog = None;
        self.fit(None);
    }

    fn add_near(&mut self, kind: NodeType) {
        let ed = &self.session.editor;
        let selected = ed.selected_nodes();
        let anchor = (selected.len() == 1).then(|| ed.doc.node(&selected[0]).cloned()).flatten();
        let r = match anchor {
            Some(a) => {
                let (w, h) = kind.default_size();
                let (cx, cy) = a.center();
                let (x, y) = match ed.doc.settings.orientation {
                    Orientation::Horizontal => (a.x + a.width() + 60.0 + w / 2.0, cy),
                    Orientation::Vertical => (cx, a.y + a.height() + 50.0 + h / 2.0),
                };
                let (x, y) = layout::free_position(&ed.doc, w, h, x, y, layout::Slide::Across);
                self.ed().begin();
                let r = self.ed().add_node(kind, x, y).and_then(|id| {
                    self.session.editor.connect(&a.id, &id)?;
                    self.session.editor.select_only([id.clone()]);
                    Ok(id)
                });
                self.ed().commit();
                r
            }
            None => {
                let (cw, ch) = canvas_size();
                let v = self.view;
                let (w, h) = kind.default_size();
                let (cx, cy) = ((cw / 3.0 - v.x) / v.zoom, (ch / 2.0 - v.y) / v.zoom);
                let (x, y) = layout::free_position(&self.session.editor.doc, w, h, cx, cy, layout::Slide::Along);
                self.ed().add_node(kind, x, y)
            }
        };
        if let Ok(id) = &r {
            self.ensure_visible(id);
        }
        self.report(r);
    }

    /// Pans just enough for a shape to be fully on screen.
    fn ensure_visible(&mut self, id: &str) {
        let Some(n) = self.session.editor.doc.node(id) else { return };
        let (cw, ch) = canvas_size();
        let v = self.view;
        let margin = 40.0;
        let (l, t) = (v.x + n.x * v.zoom, v.y + n.y * v.zoom);
        let (r, b) = (l + n.width() * v.zoom, t + n.height() * v.zoom);
        // The shift that brings [lo, hi] inside [margin, size − margin] (none when it is inside).
        let shift = |lo: f64, hi: f64, size: f64| {
            if hi > size - margin {
                size - margin - hi
            } else if lo < margin {
                margin - lo
            } else {
                0.0
            }
        };
        let (dx, dy) = (shift(l, r, cw), shift(t, b, ch));
        self.view.x += dx;
        self.view.y += dy;
    }

    fn zoom_at(&mut self, factor: f64, sx: f64, sy: f64) {
        let v = self.view;
        let zoom = (v.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let k = zoom / v.zoom;
        self.view = View { zoom, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
    }

    /// Fits the whole drawing (or the given elements) into the canvas.
    fn fit(&mut self, ids: Option<&[String]>) {
        let doc = &self.session.editor.doc;
        let (mut l, mut t, mut r, mut b) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut grow = |x: f64, y: f64, w: f64, h: f64| {
            l = l.min(x);
            t = t.min(y);
            r = r.max(x + w);
            b = b.max(y + h);
        };
        match ids {
            Some(ids) => {
                for id in ids {
                    if let Some(n) = doc.node(id) {
                        grow(n.x, n.y, n.width(), n.height());
                    } else if let Some(e) = doc.edge(id) {
                        for end in [&e.from, &e.to] {
                            if let Some(n) = doc.node(end) {
                                grow(n.x, n.y, n.width(), n.height());
                            }
                        }
                    }
                }
            }
            None if doc.kind == Kind::Vsm && !doc.nodes.is_empty() => {
                // The map with its data boxes and the timeline ladder under it.
                let (w, h) = vsm::extent(doc);
                let l = doc.nodes.iter().map(|n| n.x).fold(f64::MAX, f64::min);
                let t = doc.nodes.iter().map(|n| n.y).fold(f64::MAX, f64::min);
                let (l, t) = (l - 20.0, t - 30.0);
                grow(l, t, w - l, h - t);
            }
            None => {
                let (w, h) = layout::extent(doc);
                grow(0.0, 0.0, w, h);
            }
        }
        if l > r {
            return;
        }
        let (cw, ch) = canvas_size();
        let pad = 40.0;
        let zoom = if ids.is_some() {
            self.view.zoom.max(0.6).min(((cw - 2.0 * pad) / (r - l)).min((ch - 2.0 * pad) / (b - t)))
        } else {
            ((cw - 2.0 * pad) / (r - l)).min((ch - 2.0 * pad) / (b - t)).min(1.0)
        }
        .clamp(MIN_ZOOM, MAX_ZOOM);
        self.view = View { zoom, x: cw / 2.0 - (l + r) / 2.0 * zoom, y: ch / 2.0 - (t + b) / 2.0 * zoom };
        if ids.is_none() {
            // Keep the lane headers in view: start at the left/top edge rather than centring.
            self.view.x = self.view.x.min(pad);
            self.view.y = self.view.y.min(pad);
        }
    }

    fn key(&mut self, k: KeyPress) {
        let key = k.key.as_str();
        // The SIPOC board places its items itself: no free moves, no pastes at an offset.
        let board_only = (k.ctrl && matches!(key, "c" | "C" | "v" | "V" | "d" | "D"))
            || matches!(key, "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "F2");
        if self.session.editor.doc.kind == Kind::Sipoc && board_only {
            return;
        }
        match (k.ctrl, k.shift, key) {
            (true, false, "z" | "Z") => self.update(Msg::Undo),
            (true, true, "z" | "Z") | (true, _, "y" | "Y") => self.update(Msg::Redo),
            (true, _, "c" | "C") => self.update(Msg::Copy),
            (true, _, "v" | "V") => self.update(Msg::Paste),
            (true, _, "d" | "D") => self.update(Msg::Duplicate),
            (true, _, "a" | "A") => self.update(Msg::SelectAll),
            (true, _, "s" | "S") => self.update(Msg::Export),
            (false, _, "Delete" | "Backspace") => self.update(Msg::Delete),
            (false, _, "Escape") => {
                self.dialog = None;
                self.editing = None;
                self.ed().clear_selection();
            }
            (false, _, "F2") => {
                let sel: Vec<String> = self.session.editor.selection.iter().cloned().collect();
                if let [id] = sel.as_slice() {
                    let target = if self.session.editor.doc.node(id).is_some() {
                        Target::Node(id.clone())
                    } else {
                        Target::Edge(id.clone())
                    };
                    self.editing = Some(target);
                }
            }
            (false, shift, "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown") => {
                let step = if shift { 50.0 } else { layout::GRID };
                let (dx, dy) = match key {
                    "ArrowLeft" => (-step, 0.0),
                    "ArrowRight" => (step, 0.0),
                    "ArrowUp" => (0.0, -step),
                    _ => (0.0, step),
                };
                self.update(Msg::Nudge(dx, dy));
            }
            (_, _, "+" | "=") => self.update(Msg::ZoomBy(1.2)),
            (_, _, "-" | "_") => self.update(Msg::ZoomBy(1.0 / 1.2)),
            (false, true, "!") | (false, _, "f") => self.fit(None),
            (false, _, "?") => self.dialog = Some(Dialog::Shortcuts),
            _ => {}
        }
    }
}

/// Keys the app handles itself (so the browser's default must not run).
fn is_app_key(k: &KeyPress) -> bool {
    (k.ctrl && matches!(k.key.to_ascii_lowercase().as_str(), "z" | "y" | "c" | "v" | "d" | "a" | "s"))
        || matches!(k.key.as_str(), "Delete" | "Backspace" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown")
}

/// True when the keyboard focus is in a text field (shortcuts must not steal its keys).
fn typing_in_field() -> bool {
    gloo::utils::document()
        .active_element()
        .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable"))
        .unwrap_or(false)
}

#[function_component(App)]
pub fn app() -> Html {
    let model = use_mut_ref(Model::new);
    let update = use_force_update();
    let dispatch = {
        let model = model.clone();
        use_memo((), move |_| {
            Callback::from(move |msg: Msg| {
                model.borrow_mut().update(msg);
                update.force_update();
            })
        })
    };
    let dispatch: Callback<Msg> = (*dispatch).clone();

    // Window listeners: keyboard shortcuts and other tabs' saves.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let d = dispatch.clone();
            let keys = EventListener::new_with_options(
                &gloo::utils::window(),
                "keydown",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.is_composing() || (typing_in_field() && e.key() != "Escape") {
                        return;
                    }
                    let k = KeyPress { key: e.key(), ctrl: e.ctrl_key() || e.meta_key(), shift: e.shift_key() };
                    if is_app_key(&k) {
                        e.prevent_default();
                    }
                    d.emit(Msg::Key(k));
                },
            );
            let d = dispatch.clone();
            let storage = EventListener::new(&gloo::utils::window(), "storage", move |e| {
                let key = e.dyn_ref::<web_sys::StorageEvent>().and_then(|s| s.key());
                d.emit(Msg::StorageChanged(key));
            });
            let d = dispatch;
            // Fit once the canvas has its size.
            d.emit(Msg::Fit);
            move || {
                drop(keys);
                drop(storage);
            }
        });
    }

    {
        // Opening a file is timed from reading it to the first render of the opened document.
        let model = model.clone();
        use_effect(move || {
            if std::mem::take(&mut model.borrow_mut().timing_open) {
                store::mark("procmod-open-end");
                store::measure("procmod-open", "procmod-open-start", "procmod-open-end");
            }
        });
    }
    let m = model.borrow();
    let ed = &m.session.editor;
    let doc = ed.doc.clone();
    let revision = ed.revision;
    let analysis = use_memo(revision, {
        let doc = doc.clone();
        move |_| Analysis::of(&doc)
    });
    let selection = use_memo((revision, ed.selection.clone()), |(_, s)| s.clone());
    let lang = m.lang;
    let status = m.session.status.clone();
    // The chain of parents comes from the library index: read it when the open document, its
    // content or the library dialog changes, not on every render.
    let crumbs = use_memo((m.session.doc_id.clone(), revision, m.dialog.clone()), {
        let model = model.clone();
        move |_| model.borrow().session.breadcrumbs()
    });

    let readers: Rc<RefCell<Vec<gloo::file::callbacks::FileReader>>> = use_mut_ref(Vec::new);
    let read_file = {
        let dispatch = dispatch.clone();
        let readers = readers.clone();
        Callback::from(move |file: web_sys::File| {
            store::mark("procmod-open-start");
            let d = dispatch.clone();
            let name = file.name();
            let file = gloo::file::File::from(file);
            let reader = gloo::file::callbacks::read_as_text(&file, move |r| match r {
                Ok(text) => d.emit(Msg::Import(text)),
                Err(e) => d.emit(Msg::ImportFailed(format!("{name}: {e}"))),
            });
            readers.borrow_mut().push(reader);
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let read_file = read_file.clone();
        Callback::from(move |e: DragEvent| {
            let Some(files) = e.data_transfer().and_then(|dt| dt.files()) else {
                return;
            };
            if let Some(file) = files.get(0) {
                e.prevent_default();
                read_file.emit(file);
            }
        })
    };

    let conflict = matches!(status, SaveStatus::Conflict { .. });
    html! {
        <div class={classes!("app", (lang == Lang::Zh).then_some("lang-zh"))} lang={if lang == Lang::Zh { "zh-CN" } else { "en" }}
             {ondragover} {ondrop}>
            <chrome::TopBar doc={doc.clone()} crumbs={crumbs} current={m.session.doc_id.clone()} {lang} status={status.clone()} can_undo={ed.history.can_undo()}
                can_redo={ed.history.can_redo()} critical={m.critical} zoom={m.view.zoom}
                dispatch={dispatch.clone()} read_file={read_file.clone()} />
            if let Some(n) = &m.notice {
                <div class={classes!("notice", n.error.then_some("error"))} role="alert" data-testid="notice">
                    <strong>{ &n.title }</strong>
                    <span class="detail">{ &n.detail }</span>
                    <button onclick={dispatch.reform(|_| Msg::Dismiss)}>{ tr(lang, "msg.dismiss") }</button>
                </div>
            }
            if conflict {
                <div class="notice error conflict" role="alert" data-testid="conflict">
                    <strong>{ tr(lang, "msg.conflict") }</strong>
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::LoadTheirs))}>{ tr(lang, "msg.conflict_load") }</button>
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::KeepMine))}>{ tr(lang, "msg.conflict_keep") }</button>
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::SaveCopy))}>{ tr(lang, "msg.conflict_copy") }</button>
                </div>
            }
            <div class="workspace">
                if doc.kind == Kind::Sipoc {
                    <sipoc::SipocBoard doc={doc.clone()} {revision} selection={selection.clone()} analysis={analysis.clone()}
                        {lang} dispatch={dispatch.clone()} />
                } else {
                    <chrome::Palette kind={doc.kind} {lang} dispatch={dispatch.clone()} />
                    <canvas::Canvas doc={doc.clone()} {revision} selection={selection.clone()} analysis={analysis.clone()}
                        critical={m.critical} view={m.view} editing={m.editing.clone()} {lang} dispatch={dispatch.clone()} />
                }
                <aside class="side">
                    <panels::Inspector doc={doc.clone()} {revision} selection={selection.clone()} {lang} dispatch={dispatch.clone()} />
                    <panels::MetricsPanel doc={doc.clone()} {revision} analysis={analysis.clone()} {lang} critical={m.critical} dispatch={dispatch.clone()} />
                    <panels::FindingsPanel {revision} analysis={analysis.clone()} {lang} dispatch={dispatch.clone()} />
                </aside>
            </div>
            {
                match &m.dialog {
                    Some(Dialog::Library) | Some(Dialog::ConfirmDelete(_)) => html! {
                        <chrome::LibraryDialog entries={Rc::new(m.session.lib.list().unwrap_or_default())}
                            current={m.session.doc_id.clone()} confirm={match &m.dialog { Some(Dialog::ConfirmDelete(id)) => Some(id.clone()), _ => None }}
                            {lang} dispatch={dispatch.clone()} />
                    },
                    Some(Dialog::Shortcuts) => html! { <chrome::ShortcutsDialog {lang} dispatch={dispatch.clone()} /> },
                    Some(Dialog::Compare(choice)) => {
                        let entries = m.session.lib.list().unwrap_or_default();
                        let candidates: Vec<_> = entries.into_iter().filter(|e| e.kind == doc.kind && e.id != m.session.doc_id).collect();
                        let before_id = choice.clone().or_else(|| Some(doc.meta.current_state.clone()).filter(|s| !s.is_empty()))
                            .or_else(|| candidates.first().map(|e| e.id.clone()));
                        let before = before_id.and_then(|id| m.session.lib.load(&id).ok().map(|(d, _)| (id, Rc::new(d))));
                        html! { <compare::CompareDialog after={doc.clone()} after_id={m.session.doc_id.clone()} {before}
                            candidates={Rc::new(candidates)} {lang} dispatch={dispatch.clone()} /> }
                    }
                    None => html! {},
                }
            }
        </div>
    }
}

/// Ids of the selected elements.
pub type Selection = Shared<BTreeSet<String>>;

/// Data shared with components and compared by identity: whoever changes it makes a new `Rc`
/// (the editor's copy-on-write document, memoised analysis and selection), so comparing
/// pointers is enough and props can derive `PartialEq` without comparing whole documents.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> yew::html::IntoPropValue<Shared<T>> for Rc<T> {
    fn into_prop_value(self) -> Shared<T> {
        Shared(self)
    }
}
