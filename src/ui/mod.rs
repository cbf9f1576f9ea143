//! The Yew app: one model (the session plus view state) changed only through `Msg`s. Every
//! change of the document is an [`Action`] through `Session::dispatch`; the editor components
//! receive narrow callbacks (an action, a view change, a label to edit) rather than the app's
//! messages. Saving is an effect of a new revision, not a step of the update. Compiled for
//! wasm32 only.

mod canvas;
mod chrome;
mod compare;
mod exchange;
mod field;
mod live;
mod panels;
mod report;
mod shapes;
mod simulation;
mod sipoc;
mod table;
mod vsm;

pub use crate::analysis::Analysis;
use crate::command::Target;
use crate::editor::gesture::View;
use crate::editor::keys::{self, KeyCommand, KeyPress};
use crate::editor::layout::lane_bands;
use crate::editor::{layout, Action, Outcome, Point};
use crate::i18n::{t, Lang};
use crate::library::{legacy, LibraryError, Reply, Scan};
use crate::message::{Arg, Message};
use crate::model::{Document, Kind, NodeType, Orientation};
use crate::session::{Change, Event, Job, Rescue, Resolution, SaveStatus, Session};
use crate::store::{self, Db, Usage};
use gloo::events::EventListener;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub fn run() {
    yew::Renderer::<App>::new().render();
}

/// Short alias used everywhere in the UI for translated text.
/// A file's name without its extension (what titles a document read from it).
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

pub(crate) fn tr(lang: Lang, key: &str) -> &str {
    t(lang, key)
}

#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    Library,
    Shortcuts,
    ConfirmDelete(String),
    /// Before/after comparison with the given "before" document.
    Compare(Option<String>),
    /// The process document of the open swimlane.
    Report,
    /// Share live: start sharing, or the link of the room shared.
    Share,
}

/// A message shown at the top of the page until dismissed, in the language of the moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub title: Message,
    pub detail: Vec<Message>,
    pub error: bool,
}

/// An analysis and the version of the document it is of.
pub struct Analysed {
    pub revision: u64,
    pub doc: Rc<Document>,
    pub analysis: Rc<Analysis>,
}

/// Everything the user can do.
pub enum Msg {
    /// A change of the document or the selection.
    Act(Action),
    /// A palette click: next to the selected shape (connected from it), or in view.
    PaletteClick(NodeType),
    /// A new lane, named after its position, its name then edited in place.
    AddLane,
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
    /// Shows the swimlane as its step table, or as the diagram again.
    ShowTable(bool),
    /// Prints the process document (its view is open).
    PrintReport,
    /// Saves the process document as a self-contained HTML file.
    SaveReport,
    /// Saves the step table as CSV.
    SaveTable,
    /// Saves the swimlane as BPMN 2.0 XML with its diagram.
    SaveBpmn,
    /// Whether BPMN files draw sub-processes expanded (their content inside them).
    BpmnExpanded(bool),
    /// Saves the process document as a Word file (the flowchart painted first).
    SaveDocx,
    /// A file could not be saved: why.
    SaveFailed(String),
    /// A step table (CSV) chosen or dropped: read as a new swimlane.
    ImportTable {
        text: String,
        name: String,
    },
    /// A BPMN 2.0 file chosen or dropped: read as a new swimlane (and its sub-processes'
    /// diagrams).
    ImportBpmn {
        text: String,
        name: String,
    },
    NewDoc(Kind),
    /// Write the open swimlane as BPMN (see `session::Event::WriteBpmn`).
    WriteBpmn {
        name: String,
        doc: Rc<crate::model::Document>,
        linked: std::collections::HashMap<String, crate::model::Document>,
        how: crate::bpmn::SubProcesses,
    },
    /// The exchange module is loaded (the process document view can show the document).
    ExchangeReady,
    /// The exchange module could not be loaded: why.
    ExchangeFailed(String),
    /// Load the exchange module (again, after it failed), saying when it is there or why not.
    LoadExchange,
    /// A new document from the template with this id, in the app's language.
    FromTemplate(&'static str),
    OpenDoc(String),
    RenameDoc(String, String),
    DuplicateDoc(String),
    DeleteDoc(String),
    Export,
    /// The diagram as an SVG picture.
    ExportSvg {
        transparent: bool,
    },
    /// The diagram as a PNG picture at `scale` × its size.
    ExportPng {
        scale: f64,
        transparent: bool,
    },
    /// The PNG could not be made or saved.
    PictureFailed(String),
    /// Print the diagram (the print sheet: title block and picture), now.
    Print,
    /// The browser is about to print (its own menu or Ctrl+P): the print sheet, without asking.
    BeforePrint,
    /// Printing is over: the print sheet goes.
    AfterPrint,
    /// Enter or leave presentation mode.
    Present(bool),
    /// Fit the diagram at a readable size (once presentation mode has its full window).
    PresentFit,
    /// Opens (creating on first use) the diagram one level down for a step or sub-process.
    DrillDown(String),
    FutureState,
    Import(String),
    ImportFailed(Message),
    /// Restores a library backup ("Import all").
    ImportAll(String),
    ExportAll,
    DownloadAside(String),
    DiscardAside(String),
    /// The library is read: start the session.
    Started(Box<Start>),
    /// A library transaction ended.
    Finished(Box<Job>, Result<Reply, LibraryError>),
    /// Another tab wrote to the library.
    Remote(Change),
    /// The pause after a failed save is over.
    Retry,
    Usage(Option<Usage>),
    /// The page is being hidden or closed: keep unsaved work where it survives.
    Hidden,
    /// The analysis of a revision, computed after it was painted.
    Analysed(Box<Analysed>),
    Resolve(Resolution),
    Dismiss(usize),
    Key(KeyPress),
    /// Live co-editing: the room's connection and sharing.
    Live(live::LiveMsg),
}

/// What the page read at start, for the session.
pub struct Start {
    pub db: Rc<Db>,
    pub scan: Scan,
    pub legacy: Vec<(String, String)>,
    pub rescues: Vec<Rescue>,
    pub current: Option<String>,
    /// Why the library is kept in memory only, if it is.
    pub problem: Option<String>,
}

pub struct Model {
    pub session: Session,
    /// The library's store, once open.
    db: Option<Rc<Db>>,
    /// The latest analysis (validation and metrics): of the open document, or a moment behind it.
    analysed: Option<Analysed>,
    /// The browser offers no storage: the library lives in this page only.
    memory_only: bool,
    /// Jobs are being run (one loop at a time).
    pumping: bool,
    retry: Option<gloo::timers::callback::Timeout>,
    channel: Option<web_sys::BroadcastChannel>,
    /// The old localStorage library's keys, removed once its move is verified.
    legacy_keys: Vec<String>,
    /// This tab's rescue copy is in localStorage.
    rescue_written: bool,
    rescue_key: String,
    pub usage: Option<Usage>,
    /// The app's own message callback (for the loop that runs jobs and for timers).
    dispatch: Option<Callback<Msg>>,
    pub lang: Lang,
    pub view: View,
    pub dialog: Option<Dialog>,
    pub editing: Option<Target>,
    pub critical: bool,
    /// Messages shown at the top until dismissed, oldest first.
    pub notices: Vec<Notice>,
    /// A file was opened and its first render is still to be timed.
    pub timing_open: bool,
    /// Where the pointer is over the canvas, in document coordinates (a paste lands there).
    pub pointer: Rc<Cell<Option<Point>>>,
    /// The print sheet's picture, while printing.
    pub printing: Option<Rc<String>>,
    /// The print dialog is to be opened once the print sheet is rendered.
    print_now: bool,
    /// The swimlane is shown as its step table instead of the canvas.
    pub table: bool,
    /// Presentation mode: the diagram alone, readable on a projector.
    pub presenting: bool,
    /// BPMN files draw sub-processes expanded (their content inside them).
    pub bpmn_expanded: bool,
    /// Why the exchange module could not be loaded the last time it was asked for.
    exchange_failed: Option<String>,
    /// The metrics strip shows in presentation mode.
    pub strip: bool,
    /// The lane and the finding presentation mode last stepped to.
    present_lane: Option<usize>,
    present_finding: Option<usize>,
    /// The live room's connection, while the open document is shared.
    link: Option<live::Link>,
    /// A link to a live room the page was opened with, joined once the library is read.
    pending_invite: Option<crate::live::invite::Invite>,
    /// The model itself, for timers that read it without painting the page.
    me: Option<std::rc::Weak<RefCell<Model>>>,
    /// The last message needs no new paint (others' pointers moved: their layer repaints).
    quiet: bool,
}

const LANG_KEY: &str = "procmod.lang";
const CURRENT_KEY: &str = "procmod.current";
const RESCUE_PREFIX: &str = "procmod.rescue.";

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

fn error(title: Message, detail: Vec<Message>) -> Notice {
    Notice { title, detail, error: true }
}

impl Model {
    fn new() -> Self {
        let lang = store::get_pref(LANG_KEY)
            .and_then(|c| Lang::from_code(&c))
            .or_else(|| {
                let nav = gloo::utils::window().navigator().language().unwrap_or_default();
                nav.starts_with("zh").then_some(Lang::Zh)
            })
            .unwrap_or_default();
        let tab = store::tab_token();
        let mut session = Session::new(&tab);
        session.lang = lang;
        Model {
            session,
            db: None,
            analysed: None,
            memory_only: false,
            pumping: false,
            retry: None,
            channel: store::channel(),
            legacy_keys: Vec::new(),
            rescue_written: false,
            rescue_key: format!("{RESCUE_PREFIX}{tab}"),
            usage: None,
            dispatch: None,
            lang,
            view: View::default(),
            dialog: None,
            editing: None,
            critical: false,
            notices: Vec::new(),
            timing_open: false,
            printing: None,
            print_now: false,
            table: false,
            presenting: false,
            bpmn_expanded: false,
            exchange_failed: None,
            strip: true,
            present_lane: None,
            present_finding: None,
            pointer: Rc::new(Cell::new(None)),
            link: None,
            pending_invite: None,
            me: None,
            quiet: false,
        }
    }

    /// Does what the session asks of the page, and shows what it has to say.
    fn apply_events(&mut self) {
        for event in self.session.take_events() {
            match event {
                Event::Opened => {
                    self.after_open();
                    store::set_pref(CURRENT_KEY, &self.session.doc_id);
                    // A link to a live room: joined once the library is open.
                    // (Handled as the message is: it waits for the exchange module, which holds
                    // the replica.)
                    if let Some(invite) = self.pending_invite.take() {
                        self.handle(Msg::Live(live::LiveMsg::Join(invite)));
                    }
                    if !self.session.is_live() && self.link.is_some() {
                        // Another document opened: the room is left.
                        self.live_msg(live::LiveMsg::Leave);
                    }
                }
                Event::Followed => {
                    let doc = &self.session.editor.doc;
                    let gone = match &self.editing {
                        Some(Target::Node(id)) => doc.node(id).is_none(),
                        Some(Target::Edge(id)) => doc.edge(id).is_none(),
                        Some(Target::Lane(id)) => !doc.lanes.iter().any(|l| l.id == *id),
                        None => false,
                    };
                    if gone {
                        self.editing = None;
                    }
                    self.say(Notice { title: Message::plain("msg.followed"), detail: vec![], error: false });
                }
                Event::Notice { title, detail, error } => self.say(Notice { title, detail, error }),
                Event::Changed(change) => {
                    if let (Some(ch), Ok(text)) = (&self.channel, serde_json::to_string(&change)) {
                        let _ = ch.post_message(&wasm_bindgen::JsValue::from_str(&text));
                    }
                }
                Event::WriteBpmn { name, doc, linked, how } => self.handle(Msg::WriteBpmn { name, doc, linked, how }),
                Event::Download { name, text, mime } => {
                    if let Err(why) = store::download_as(&name, &text, mime) {
                        self.say(error(
                            Message::plain("msg.export_failed"),
                            vec![Message::new("read.other", vec![Arg::Text(why)])],
                        ));
                    }
                }
                Event::ForgetLegacy => store::remove_local(&std::mem::take(&mut self.legacy_keys)),
                Event::ClearRescue(key) => store::remove_local(&[key]),
            }
        }
        if self.session.has_events() {
            // Joining a room opened its document.
            return self.apply_events();
        }
        if self.rescue_written && !self.session.dirty() {
            store::remove_local(std::slice::from_ref(&self.rescue_key));
            self.rescue_written = false;
        }
    }

    /// Shows a message. More of the same kind (damaged records found one by one) joins the
    /// message already shown, so that one notice lists them all.
    fn say(&mut self, notice: Notice) {
        if let Some(n) = self.notices.iter_mut().find(|n| n.title == notice.title) {
            // A closing hint both share stays last.
            let at = match (n.detail.last(), notice.detail.last()) {
                (Some(a), Some(b)) if a == b => n.detail.len() - 1,
                _ => n.detail.len(),
            };
            let new: Vec<Message> = notice.detail.into_iter().filter(|d| !n.detail.contains(d)).collect();
            n.detail.splice(at..at, new);
            n.error |= notice.error;
            return;
        }
        self.notices.push(notice);
        // The oldest gives way when too many pile up.
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
    }

    /// Keeps unsaved work in localStorage, synchronously, while the page is hidden or closed.
    fn write_rescue(&mut self) {
        if let Some(rescue) = self.session.rescue() {
            if let Ok(text) = serde_json::to_string(&rescue) {
                self.rescue_written = store::write_local(&self.rescue_key, &text);
            }
        }
    }

    /// Runs the session's jobs against the store, one at a time, until none is left.
    fn pump(model: &Rc<RefCell<Model>>) {
        let (db, dispatch) = {
            let mut m = model.borrow_mut();
            let (Some(db), Some(dispatch)) = (m.db.clone(), m.dispatch.clone()) else { return };
            if m.pumping {
                return;
            }
            m.pumping = true;
            (db, dispatch)
        };
        let model = Rc::clone(model);
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let job = model.borrow_mut().session.next_job(store::now());
                let Some(job) = job else { break };
                let result = db.run(&job.op).await;
                dispatch.emit(Msg::Finished(Box::new(job), result));
            }
            model.borrow_mut().pumping = false;
        });
    }

    /// After a failed save: asks again once the pause is over.
    fn schedule_retry(&mut self) {
        if self.retry.is_some() {
            return;
        }
        if let (Some(delay), Some(d)) = (self.session.retry_after(), self.dispatch.clone()) {
            self.retry = Some(gloo::timers::callback::Timeout::new(delay as u32, move || d.emit(Msg::Retry)));
        }
    }

    /// Runs an action through the session; a refused action changes nothing and says why.
    fn act(&mut self, action: Action) {
        if matches!(action, Action::Undo | Action::Redo) {
            self.editing = None;
        }
        match self.session.dispatch(action) {
            Ok(Outcome { edit, reveal, notice, .. }) => {
                if let Some(message) = notice {
                    self.say(Notice { title: message, detail: vec![], error: false });
                }
                if let Some(target) = edit {
                    self.editing = Some(target);
                }
                if let Some(id) = reveal {
                    self.ensure_visible(&id);
                }
            }
            Err(e) => self.say(error(e.message(), vec![])),
        }
    }

    /// Handles a message; false when the page need not be painted again.
    fn update(&mut self, msg: Msg) -> bool {
        self.quiet = false;
        self.handle(msg);
        self.apply_events();
        self.schedule_retry();
        // Local edits (and answers to the room) go out at once.
        self.flush();
        !self.quiet
    }

    fn handle(&mut self, msg: Msg) {
        let lang = self.lang;
        match msg {
            // What the exchange module does (live sharing included) waits for it, once, the first time.
            msg @ (Msg::SaveReport
            | Msg::SaveDocx
            | Msg::SaveTable
            | Msg::WriteBpmn { .. }
            | Msg::ImportTable { .. }
            | Msg::ImportBpmn { .. }
            | Msg::FromTemplate(_)
            | Msg::Live(live::LiveMsg::Share { .. } | live::LiveMsg::Join(_)))
                if !exchange::ready() =>
            {
                if let Some(d) = self.dispatch.clone() {
                    exchange::when_ready(move |loaded| match loaded {
                        Ok(()) => {
                            d.emit(Msg::ExchangeReady);
                            d.emit(msg);
                        }
                        Err(why) => d.emit(Msg::ExchangeFailed(why)),
                    });
                }
            }
            // There now: what said it could not be loaded goes.
            Msg::ExchangeReady => {
                self.exchange_failed = None;
                self.notices.retain(|n| n.title.code != "msg.exchange_failed");
            }
            Msg::ExchangeFailed(why) => {
                self.say(error(
                    Message::plain("msg.exchange_failed"),
                    vec![Message::new("read.other", vec![Arg::Text(why.clone())])],
                ));
                self.exchange_failed = Some(why);
            }
            Msg::LoadExchange => {
                self.exchange_failed = None;
                if let Some(d) = self.dispatch.clone() {
                    exchange::when_ready(move |loaded| {
                        d.emit(match loaded {
                            Ok(()) => Msg::ExchangeReady,
                            Err(why) => Msg::ExchangeFailed(why),
                        })
                    });
                }
            }
            Msg::Act(action) => self.act(action),
            Msg::PaletteClick(kind) => {
                let (cw, ch) = canvas_size();
                let fallback = self.view.to_doc((cw / 3.0, ch / 2.0));
                self.act(Action::AddShapeNext { kind, fallback });
            }
            Msg::AddLane => {
                let n = self.session.editor.doc.lanes.len() + 1;
                self.act(Action::AddLane { name: format!("{} {n}", tr(lang, "lane.new")) });
            }
            Msg::StartEdit(target) => self.editing = Some(target),
            Msg::CommitEdit(text) => {
                if let Some(target) = self.editing.take() {
                    self.act(Action::Rename { target, text });
                }
            }
            Msg::CancelEdit => self.editing = None,
            Msg::SetView(v) => self.view = v,
            Msg::ZoomBy(f) => {
                let (w, h) = canvas_size();
                self.view = self.view.zoomed_at(f, (w / 2.0, h / 2.0));
            }
            Msg::ZoomAt { factor, sx, sy } => self.view = self.view.zoomed_at(factor, (sx, sy)),
            Msg::Fit => self.fit(None),
            Msg::Reveal(ids) => {
                self.act(Action::Select(ids.clone()));
                self.fit(Some(&ids));
            }
            Msg::ToggleCritical => self.critical = !self.critical,
            Msg::ToggleLang => {
                self.lang = if self.lang == Lang::En { Lang::Zh } else { Lang::En };
                self.session.lang = self.lang;
                store::set_pref(LANG_KEY, self.lang.code());
            }
            Msg::OpenDialog(d) => {
                if let Dialog::Compare(choice) = &d {
                    if let Some(id) = self.compare_before(choice.clone()) {
                        self.session.peek(&id, store::now());
                    }
                }
                if let (Dialog::Library, Some(d)) = (&d, self.dispatch.clone()) {
                    wasm_bindgen_futures::spawn_local(async move { d.emit(Msg::Usage(store::usage().await)) });
                }
                self.dialog = Some(d);
            }
            Msg::CloseDialog => self.dialog = None,
            Msg::NewDoc(kind) => {
                self.session.new_document(new_document(kind, lang), store::now());
            }
            Msg::FromTemplate(id) => match exchange::template(id, lang) {
                Ok(doc) => {
                    self.dialog = None;
                    self.table = false;
                    self.session.new_document(doc, store::now());
                    if let Some(d) = self.dispatch.clone() {
                        gloo::timers::callback::Timeout::new(0, move || d.emit(Msg::PresentFit)).forget();
                    }
                }
                Err(why) => self.handle(Msg::ImportFailed(Message::received(&why))),
            },
            Msg::OpenDoc(id) => self.session.open(&id, store::now()),
            Msg::RenameDoc(id, title) => self.session.rename(&id, &title, store::now()),
            Msg::DuplicateDoc(id) => self.session.duplicate(&id, tr(lang, "lib.copy_suffix"), store::now()),
            Msg::DeleteDoc(id) => {
                self.session.delete(&id, starter(lang));
                self.dialog = Some(Dialog::Library);
            }
            Msg::DrillDown(id) => {
                if let Err(e) = self.session.drill_down(&id, store::now()) {
                    self.say(error(e.message(), vec![]));
                }
            }
            Msg::FutureState => self.session.future_state(tr(lang, "cmp.future_suffix"), store::now()),
            Msg::Export => {
                let (name, text) = self.session.export();
                if let Err(why) = store::download(&name, &text) {
                    self.say(error(
                        Message::plain("msg.export_failed"),
                        vec![Message::new("read.other", vec![Arg::Text(why)])],
                    ));
                }
            }
            Msg::ExportSvg { transparent } => {
                let (picture, _, _, name) = self.picture(transparent, ".svg");
                if let Err(why) = store::download_as(&name, &picture, "image/svg+xml") {
                    self.handle(Msg::PictureFailed(why));
                }
            }
            Msg::ExportPng { scale, transparent } => {
                let suffix = if scale > 1.0 { format!("@{scale}x.png") } else { ".png".to_string() };
                let (picture, w, h, name) = self.picture(transparent, &suffix);
                let d = self.dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(why) = store::save_png(&name, &picture, w, h, scale).await {
                        if let Some(d) = d {
                            d.emit(Msg::PictureFailed(why));
                        }
                    }
                });
            }
            Msg::PictureFailed(why) => {
                self.say(error(
                    Message::plain("msg.picture_failed"),
                    vec![Message::new("read.other", vec![Arg::Text(why)])],
                ));
            }
            // With the process document open, the browser prints the document (its own
            // print stylesheet), not the picture.
            Msg::BeforePrint if self.dialog == Some(Dialog::Report) => {}
            Msg::ShowTable(on) => {
                self.table = on;
                self.editing = None;
            }
            Msg::PrintReport => {
                let _ = gloo::utils::window().print();
            }
            Msg::SaveReport => {
                let doc = &self.session.editor.doc;
                let name = crate::session::file_name(&doc.title).replace(".procmod.json", ".html");
                let saved =
                    exchange::report_html(doc, lang).and_then(|html| store::download_as(&name, &html, "text/html"));
                if let Err(why) = saved {
                    self.handle(Msg::SaveFailed(why));
                }
            }
            Msg::SaveDocx => {
                let doc = Rc::clone(&self.session.editor.doc);
                let (lang, d) = (self.lang, self.dispatch.clone());
                let name = crate::session::file_name(&doc.title).replace(".procmod.json", ".docx");
                let (picture, w, h) = crate::svg::render_sized(&doc, lang);
                wasm_bindgen_futures::spawn_local(async move {
                    // A picture that cannot be painted leaves a note in its place, not no file.
                    let png = store::png_bytes(&picture, w, h, 2.0).await.ok();
                    let saved = exchange::docx(&doc, lang, png).and_then(|bytes| {
                        store::download_bytes(
                            &name,
                            &bytes,
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        )
                    });
                    if let (Err(why), Some(d)) = (saved, d) {
                        d.emit(Msg::SaveFailed(why));
                    }
                });
            }
            Msg::SaveBpmn => self.session.export_bpmn(if self.bpmn_expanded {
                crate::bpmn::SubProcesses::Expanded
            } else {
                crate::bpmn::SubProcesses::Collapsed
            }),
            Msg::WriteBpmn { name, doc, linked, how } => match exchange::bpmn_export(&doc, &linked, how) {
                Ok(text) => {
                    if let Err(why) = store::download_as(&name, &text, "application/xml") {
                        self.handle(Msg::SaveFailed(why));
                    }
                }
                Err(why) => self.handle(Msg::SaveFailed(why)),
            },
            Msg::BpmnExpanded(on) => self.bpmn_expanded = on,
            // The browser's words, or a message from the exchange module.
            Msg::SaveFailed(why) => self.say(error(Message::plain("msg.export_failed"), vec![Message::received(&why)])),
            Msg::SaveTable => {
                let doc = &self.session.editor.doc;
                let name = crate::session::file_name(&doc.title).replace(".procmod.json", ".csv");
                let saved = exchange::to_csv(doc, lang).and_then(|csv| store::download_as(&name, &csv, "text/csv"));
                if let Err(why) = saved {
                    self.handle(Msg::SaveFailed(why));
                }
            }
            Msg::Print | Msg::BeforePrint => {
                let (picture, _, _, _) = self.picture(false, "");
                self.printing = Some(Rc::new(picture));
                self.print_now = matches!(msg, Msg::Print);
            }
            Msg::AfterPrint => self.printing = None,
            Msg::Present(on) => {
                self.presenting = on && self.session.editor.doc.kind != Kind::Sipoc;
                self.editing = None;
                self.dialog = None;
                (self.present_lane, self.present_finding) = (None, None);
                // The canvas has its new size once this render is done.
                if let Some(d) = self.dispatch.clone() {
                    gloo::timers::callback::Timeout::new(0, move || d.emit(Msg::PresentFit)).forget();
                }
            }
            Msg::PresentFit => {
                if self.presenting {
                    self.fit_readable();
                } else {
                    self.fit(None);
                }
            }
            Msg::Import(text) => match self.session.import(&text, store::now()) {
                Ok(()) => self.timing_open = true,
                Err(e) => self.handle(Msg::ImportFailed(e.message())),
            },
            Msg::ImportTable { text, name } => match exchange::from_csv(&text, stem(&name)) {
                Ok(doc) => self.handle(Msg::Import(doc)),
                Err(why) => self.handle(Msg::ImportFailed(Message::received(&why))),
            },
            Msg::ImportBpmn { text, name } => match exchange::bpmn_import(&text, stem(&name)) {
                Ok(imported) => {
                    self.session.open_bpmn(imported, store::now());
                    self.timing_open = true;
                }
                Err(why) => self.handle(Msg::ImportFailed(Message::received(&why))),
            },
            Msg::ImportFailed(why) => {
                self.say(error(Message::plain("msg.import_failed"), vec![why, Message::plain("msg.import_kept")]));
            }
            Msg::ImportAll(text) => {
                if let Err(e) = self.session.import_all(&text, store::now()) {
                    self.say(error(
                        Message::plain("lib.restore_failed"),
                        vec![e.message(), Message::plain("msg.import_kept")],
                    ));
                }
            }
            Msg::ExportAll => self.session.export_all(),
            Msg::DownloadAside(key) => {
                if let Some(a) = self.session.aside.iter().find(|a| a.key == key) {
                    if let Err(why) = store::download(&a.file_name(), &a.text) {
                        self.say(error(
                            Message::plain("msg.export_failed"),
                            vec![Message::new("read.other", vec![Arg::Text(why)])],
                        ));
                    }
                }
            }
            Msg::DiscardAside(key) => self.session.discard_aside(&key),
            Msg::Started(start) => {
                let Start { db, scan, legacy, rescues, current, problem } = *start;
                self.memory_only = matches!(*db, Db::Memory(_));
                self.db = Some(db);
                self.legacy_keys = legacy.iter().map(|(k, _)| k.clone()).collect();
                self.session.start(&scan, &legacy, rescues, current, starter(lang), store::now());
                self.pending_invite = live::invite_in_address();
                // The exchange module comes next, in the background.
                if let Some(d) = self.dispatch.clone() {
                    exchange::when_ready(move |loaded| {
                        if loaded.is_ok() {
                            d.emit(Msg::ExchangeReady)
                        }
                    });
                }
                if let Some(why) = problem {
                    self.say(error(
                        Message::plain("msg.storage_failed"),
                        vec![Message::new("read.other", vec![Arg::Text(why)]), Message::plain("msg.storage_hint")],
                    ));
                }
            }
            Msg::Finished(job, result) => self.session.finish(*job, result, store::now()),
            Msg::Remote(change) => self.session.remote_change(change, store::now()),
            Msg::Retry => {
                self.retry = None;
                self.session.retry();
            }
            Msg::Usage(usage) => self.usage = usage,
            Msg::Hidden => {
                self.write_rescue();
                self.keep_state();
            }
            Msg::Analysed(a) => {
                // Only the newest: an older one arriving late is dropped.
                if self.analysed.as_ref().is_none_or(|b| b.revision <= a.revision) {
                    self.analysed = Some(*a);
                }
            }
            Msg::Resolve(choice) => self.session.resolve(choice, tr(lang, "lib.copy_suffix"), store::now()),
            Msg::Dismiss(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Msg::Key(k) => self.key(k),
            Msg::Live(m) => self.quiet = !self.live_msg(m),
        }
    }

    fn after_open(&mut self) {
        self.editing = None;
        self.dialog = None;
        self.fit(None);
    }

    /// The document to compare the open one with: the one chosen, else its current state,
    /// else the most recent other document of its kind.
    fn compare_before(&self, choice: Option<String>) -> Option<String> {
        let doc = &self.session.editor.doc;
        choice.or_else(|| Some(doc.meta.current_state.clone()).filter(|s| !s.is_empty())).or_else(|| {
            self.session
                .entries
                .iter()
                .find(|e| e.kind == doc.kind && e.id != self.session.doc_id)
                .map(|e| e.id.clone())
        })
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
        self.view.x += shift(l, r, cw);
        self.view.y += shift(t, b, ch);
    }

    /// Fits the whole drawing (or the given elements) into the canvas.
    /// The open diagram's picture (`svg::render_sized`), its size, and the file name it is saved
    /// under (the document's, ending in `suffix`).
    fn picture(&self, transparent: bool, suffix: &str) -> (String, f64, f64, String) {
        let doc = &self.session.editor.doc;
        let (picture, w, h) = crate::svg::render_sized(doc, self.lang);
        let picture = if transparent { crate::svg::transparent(&picture) } else { picture };
        (picture, w, h, crate::session::file_name(&doc.title).replace(".procmod.json", suffix))
    }

    /// Presentation mode's keys: Esc leaves; arrows pan; L / Shift+L step through the lanes,
    /// N / Shift+N through the findings; M shows or hides the metrics strip; + − zoom; F fits.
    fn present_key(&mut self, k: &KeyPress) {
        let (cw, ch) = canvas_size();
        let step = |i: Option<usize>, n: usize, back: bool| match (i, back) {
            (None, false) => 0,
            (None, true) => n - 1,
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
        };
        match k.key.to_ascii_lowercase().as_str() {
            "escape" => self.handle(Msg::Present(false)),
            "arrowleft" => self.view.x += cw / 3.0,
            "arrowright" => self.view.x -= cw / 3.0,
            "arrowup" => self.view.y += ch / 3.0,
            "arrowdown" => self.view.y -= ch / 3.0,
            "m" => self.strip = !self.strip,
            "f" => self.fit_readable(),
            "+" | "=" => self.handle(Msg::ZoomBy(1.2)),
            "-" | "_" => self.handle(Msg::ZoomBy(1.0 / 1.2)),
            "l" => {
                let bands = lane_bands(&self.session.editor.doc);
                if bands.is_empty() {
                    return;
                }
                let i = step(self.present_lane, bands.len(), k.shift);
                self.present_lane = Some(i);
                let b = &bands[i];
                let zoom = self.view.zoom.max(READABLE);
                let pad = 40.0;
                self.view.zoom = zoom;
                // Across the flow: the lane centred when it fits, else its start at the edge.
                // Along the flow: the start of the lanes in view.
                let vertical = self.session.editor.doc.settings.orientation == Orientation::Vertical;
                let (across, along, room) = if vertical {
                    (&mut self.view.x, &mut self.view.y, cw)
                } else {
                    (&mut self.view.y, &mut self.view.x, ch)
                };
                *across = if b.size * zoom < room - 2.0 * pad {
                    (room - b.size * zoom) / 2.0 - b.start * zoom
                } else {
                    pad - b.start * zoom
                };
                *along = along.min(pad);
            }
            "n" => {
                let findings: Vec<Vec<String>> = self
                    .analysed
                    .as_ref()
                    .map(|a| a.analysis.findings.iter().map(|f| f.elements.clone()).filter(|e| !e.is_empty()).collect())
                    .unwrap_or_default();
                if findings.is_empty() {
                    return;
                }
                let i = step(self.present_finding, findings.len(), k.shift);
                self.present_finding = Some(i);
                let ids = findings[i].clone();
                self.act(Action::Select(ids.clone()));
                self.fit(Some(&ids));
                self.view = readable(self.view, cw, ch);
            }
            _ => {}
        }
    }

    /// Fits the diagram, at a zoom where labels are at least 14 px; a diagram too large for
    /// that starts at its top left corner and is panned by keys.
    fn fit_readable(&mut self) {
        self.fit(None);
        if self.view.zoom < READABLE {
            self.view.zoom = READABLE;
            self.view.x = 40.0;
            self.view.y = 40.0;
        }
    }

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
        .clamp(View::MIN_ZOOM, View::MAX_ZOOM);
        self.view = View { zoom, x: cw / 2.0 - (l + r) / 2.0 * zoom, y: ch / 2.0 - (t + b) / 2.0 * zoom };
        if ids.is_none() {
            // Keep the lane headers in view: start at the left/top edge rather than centring.
            self.view.x = self.view.x.min(pad);
            self.view.y = self.view.y.min(pad);
        }
    }

    fn key(&mut self, k: KeyPress) {
        // The process document covers the editor: its keys do not reach the diagram.
        if self.dialog == Some(Dialog::Report) {
            if k.key == "Escape" {
                self.dialog = None;
            }
            return;
        }
        if self.presenting {
            self.present_key(&k);
            return;
        }
        let Some(command) = keys::command(&self.session.editor, &k) else { return };
        match command {
            // A paste from the keyboard lands under the pointer when it is over the canvas.
            KeyCommand::Act(Action::Paste { at: None }) => self.act(Action::Paste { at: self.pointer.get() }),
            KeyCommand::Act(action) => self.act(action),
            KeyCommand::Rename(target) => self.editing = Some(target),
            KeyCommand::Escape => {
                self.dialog = None;
                self.editing = None;
                self.act(Action::ClearSelection);
            }
            KeyCommand::ZoomIn => self.handle(Msg::ZoomBy(1.2)),
            KeyCommand::ZoomOut => self.handle(Msg::ZoomBy(1.0 / 1.2)),
            KeyCommand::Fit => self.fit(None),
            KeyCommand::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            KeyCommand::Export => self.handle(Msg::Export),
            KeyCommand::Present => self.handle(Msg::Present(true)),
        }
    }
}

/// The zoom at which shape labels (13 px) read at 14 px: presentation mode's least.
const READABLE: f64 = 14.0 / crate::draw::FONT;

/// The view at a readable zoom at least, about the same centre.
fn readable(v: View, cw: f64, ch: f64) -> View {
    if v.zoom >= READABLE {
        return v;
    }
    let (cx, cy) = ((cw / 2.0 - v.x) / v.zoom, (ch / 2.0 - v.y) / v.zoom);
    View { zoom: READABLE, x: cw / 2.0 - cx * READABLE, y: ch / 2.0 - cy * READABLE }
}

/// Reads what the page needs to start the session: the library's store (IndexedDB, else
/// memory), its contents, the old localStorage library, rescued unsaved work, the document
/// open last. Asks the browser to keep the library.
async fn start(dispatch: Callback<Msg>) {
    let (db, mut problem) = match store::open().await {
        Ok(db) => (db, None),
        Err(why) => (Db::Memory(Default::default()), Some(why)),
    };
    let scan = match db.scan().await {
        Ok(scan) => scan,
        Err(e) => {
            problem.get_or_insert(e.detail);
            Scan::default()
        }
    };
    let legacy = store::local_items(legacy::is_legacy_key);
    let rescues = store::local_items(|k| k.starts_with(RESCUE_PREFIX))
        .into_iter()
        .filter_map(|(key, text)| serde_json::from_str::<Rescue>(&text).ok().map(|r| Rescue { key, ..r }))
        .collect();
    let current = store::get_pref(CURRENT_KEY);
    dispatch.emit(Msg::Started(Box::new(Start { db: Rc::new(db), scan, legacy, rescues, current, problem })));
    store::persist().await;
}

/// Commits the text being typed in a field (a label edited in place, an inspector field) the
/// way leaving the field does.
fn commit_typing() {
    if typing_in_field() {
        if let Some(el) =
            gloo::utils::document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.blur();
        }
    }
}

/// True when the keyboard focus is in a text field (shortcuts must not steal its keys).
fn typing_in_field() -> bool {
    gloo::utils::document()
        .active_element()
        .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable"))
        .unwrap_or(false)
}

/// The callbacks an editor component receives: an action for the dispatcher, and the view
/// state it may change. Nothing else of the app reaches it.
#[derive(Clone, PartialEq)]
pub struct EditorCallbacks {
    pub on_action: Callback<Action>,
    /// Start editing a label in place.
    pub on_edit: Callback<Target>,
    /// Select and show elements (a finding or a chart bar clicked).
    pub on_reveal: Callback<Vec<String>>,
}

#[function_component(App)]
pub fn app() -> Html {
    let model = use_mut_ref(Model::new);
    let update = use_force_update();
    let dispatch = {
        let model = model.clone();
        use_memo((), move |_| {
            let weak = Rc::downgrade(&model);
            let me = weak.clone();
            let d = Callback::from(move |msg: Msg| {
                if let Some(model) = weak.upgrade() {
                    let paint = model.borrow_mut().update(msg);
                    if paint {
                        update.force_update();
                    }
                }
            });
            model.borrow_mut().dispatch = Some(d.clone());
            model.borrow_mut().me = Some(me);
            d
        })
    };
    let dispatch: Callback<Msg> = (*dispatch).clone();
    let callbacks = use_memo((), {
        let d = dispatch.clone();
        move |_| EditorCallbacks {
            on_action: d.reform(Msg::Act),
            on_edit: d.reform(Msg::StartEdit),
            on_reveal: d.reform(Msg::Reveal),
        }
    });
    let callbacks = (*callbacks).clone();
    // The open document as it is at the moment of asking (see `sipoc::BoardProps::latest`).
    let latest = use_memo((), {
        let model = model.clone();
        move |_| {
            // None only while the model is being changed, which no event handler sees.
            Callback::from(move |_: ()| model.try_borrow().ok().map(|m| m.session.editor.doc.clone()))
        }
    });
    let latest: Callback<(), Option<Rc<Document>>> = (*latest).clone();

    // Window listeners: keyboard shortcuts, other tabs' saves, leaving the page.
    {
        let dispatch = dispatch.clone();
        let model = model.clone();
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
                    let k = KeyPress {
                        key: e.key(),
                        ctrl: e.ctrl_key() || e.meta_key(),
                        shift: e.shift_key(),
                        alt: e.alt_key(),
                    };
                    if keys::prevents_default(&k) {
                        e.prevent_default();
                    }
                    d.emit(Msg::Key(k));
                },
            );
            // Other tabs' saves.
            let d = dispatch.clone();
            let channel = model.borrow().channel.clone();
            let remote = channel.map(|ch| {
                EventListener::new(&ch, "message", move |e| {
                    let text = e.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
                    if let Some(change) = text.and_then(|t| serde_json::from_str::<Change>(&t).ok()) {
                        d.emit(Msg::Remote(change));
                    }
                })
            });
            // Leaving: typed text is committed first; unsaved work asks before the page goes,
            // and is kept in localStorage when it goes anyway (or is only hidden).
            let (d, m) = (dispatch.clone(), model.clone());
            let leave = EventListener::new_with_options(
                &gloo::utils::window(),
                "beforeunload",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    commit_typing();
                    d.emit(Msg::Hidden);
                    let m = m.borrow();
                    // Memory only: closing loses everything that was not exported.
                    if m.session.unsaved() || m.memory_only {
                        e.prevent_default();
                        if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            e.set_return_value("");
                        }
                    }
                },
            );
            let d = dispatch.clone();
            let hide = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                commit_typing();
                d.emit(Msg::Hidden);
            });
            let d = dispatch.clone();
            let hidden = EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
                    commit_typing();
                    d.emit(Msg::Hidden);
                }
            });
            // Printing from the browser's own menu prints the print sheet too.
            let d = dispatch.clone();
            let before_print =
                EventListener::new(&gloo::utils::window(), "beforeprint", move |_| d.emit(Msg::BeforePrint));
            let d = dispatch.clone();
            let after_print =
                EventListener::new(&gloo::utils::window(), "afterprint", move |_| d.emit(Msg::AfterPrint));
            // A live room's link opened in this page (pasted into its address).
            let d = dispatch.clone();
            let hash = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Some(invite) = live::invite_in_address() {
                    d.emit(Msg::Live(live::LiveMsg::Join(invite)));
                }
            });
            let d = dispatch;
            // Fit once the canvas has its size.
            d.emit(Msg::Fit);
            wasm_bindgen_futures::spawn_local(start(d));
            move || {
                drop((keys, remote, leave, hide, hidden, before_print, after_print, hash));
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
    // Validation and metrics run once the edit is painted, so that the canvas follows the hand
    // at every size; the panels follow a moment later and show that they are catching up.
    {
        let (model, dispatch) = (model.clone(), dispatch.clone());
        use_effect_with(revision, move |&revision| {
            let after: Rc<RefCell<Option<gloo::timers::callback::Timeout>>> = Rc::default();
            let frame = {
                let after = after.clone();
                gloo::render::request_animation_frame(move |_| {
                    // Queued from the frame callback: runs once that frame is painted.
                    *after.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || {
                        let doc = {
                            let m = model.borrow();
                            (m.session.editor.revision == revision).then(|| m.session.editor.doc.clone())
                        };
                        if let Some(doc) = doc {
                            store::mark("procmod-analysis-start");
                            let analysis = Rc::new(Analysis::of(&doc));
                            store::mark("procmod-analysis-end");
                            store::measure("procmod-analysis", "procmod-analysis-start", "procmod-analysis-end");
                            dispatch.emit(Msg::Analysed(Box::new(Analysed { revision, doc, analysis })));
                        }
                    }));
                })
            };
            move || drop((frame, after))
        });
    }
    // The session's storage work runs once the frame is painted, after the analysis: an edit is
    // on screen, then measured, then serialised and stored.
    {
        let model = model.clone();
        use_effect(move || {
            let after: Rc<RefCell<Option<gloo::timers::callback::Timeout>>> = Rc::default();
            let frame = {
                let after = after.clone();
                gloo::render::request_animation_frame(move |_| {
                    *after.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || Model::pump(&model)));
                })
            };
            move || drop((frame, after))
        });
    }
    {
        // The print dialog opens once the print sheet is on the page.
        let model = model.clone();
        use_effect(move || {
            if std::mem::take(&mut model.borrow_mut().print_now) {
                let _ = gloo::utils::window().print();
            }
        });
    }
    let none = use_memo(doc.kind, |&kind| Rc::new(Analysis::of(&Document::new(kind, ""))));
    let (analysed_doc, analysed_rev, analysis, stale) = match &m.analysed {
        Some(a) => (a.doc.clone(), a.revision, a.analysis.clone(), a.revision != revision),
        None => (doc.clone(), revision, (*none).clone(), true),
    };
    let selection = use_memo((revision, ed.selection.clone()), |(_, s)| s.clone());
    let lang = m.lang;
    let status = if m.memory_only {
        SaveStatus::Failed { message: Message::plain("msg.memory_only"), attempts: 0 }
    } else {
        m.session.status.clone()
    };
    // The chain of parents comes from the library index: read it when the open document, its
    // content or the library dialog changes, not on every render.
    let crumbs = use_memo((m.session.doc_id.clone(), revision, m.dialog.clone(), m.session.entries.len()), {
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
            let lower = name.to_lowercase();
            let csv = lower.ends_with(".csv");
            let bpmn = lower.ends_with(".bpmn") || lower.ends_with(".xml");
            let reader = gloo::file::callbacks::read_as_text(&file, move |r| match r {
                Ok(text) if csv => d.emit(Msg::ImportTable { text, name: name.clone() }),
                // BPMN by its name, or by its text (an XML file named otherwise).
                Ok(text) if bpmn || text.trim_start_matches('\u{feff}').trim_start().starts_with('<') => {
                    d.emit(Msg::ImportBpmn { text, name: name.clone() })
                }
                Ok(text) => d.emit(Msg::Import(text)),
                Err(e) => d.emit(Msg::ImportFailed(Message::new(
                    "msg.file_unreadable",
                    vec![Arg::Text(name.clone()), Arg::Text(e.to_string())],
                ))),
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

    let read_backup = {
        let dispatch = dispatch.clone();
        let readers = readers.clone();
        Callback::from(move |file: web_sys::File| {
            let d = dispatch.clone();
            let name = file.name();
            let reader = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |r| match r {
                Ok(text) => d.emit(Msg::ImportAll(text)),
                Err(e) => d.emit(Msg::ImportFailed(Message::new(
                    "msg.file_unreadable",
                    vec![Arg::Text(name.clone()), Arg::Text(e.to_string())],
                ))),
            });
            readers.borrow_mut().push(reader);
        })
    };
    let live_badge = m
        .link
        .as_ref()
        .map(|l| live::LiveBadgeProps {
            state: l.state,
            peers: Rc::new(m.peer_summary()),
            doc: doc.clone(),
            lang,
            dispatch: dispatch.clone(),
        })
        .map(Rc::new);
    let clash = match &status {
        SaveStatus::Clash(c) => Some(c.clone()),
        _ => None,
    };
    html! {
        <div class={classes!("app", (lang == Lang::Zh).then_some("lang-zh"), m.presenting.then_some("presenting"), (m.dialog == Some(Dialog::Report)).then_some("reporting"))} lang={if lang == Lang::Zh { "zh-CN" } else { "en" }}
             {ondragover} {ondrop}>
            if m.presenting {
                <div class="present-bar" data-testid="present-bar">
                    <span class="hint">{ tr(lang, "pres.keys") }</span>
                    <button data-testid="present-exit" onclick={dispatch.reform(|_| Msg::Present(false))}>{ tr(lang, "pres.exit") }</button>
                </div>
                if m.strip {
                    { present_strip(&analysed_doc, &analysis, lang) }
                }
            }
            <chrome::TopBar doc={doc.clone()} crumbs={crumbs} current={m.session.doc_id.clone()} {lang} status={status.clone()} can_undo={m.session.can_undo()}
                can_redo={m.session.can_redo()} live={live_badge.clone()} zoom={m.view.zoom} table={m.table}
                dispatch={dispatch.clone()} read_file={read_file.clone()} />
            { for m.notices.iter().enumerate().map(|(i, n)| html! {
                <div class={classes!("notice", n.error.then_some("error"))} role="alert" data-testid="notice">
                    <div class="text">
                        <strong>{ n.title.render(lang) }</strong>
                        { for n.detail.iter().map(|d| html! { <span class="detail">{ d.render(lang) }</span> }) }
                    </div>
                    <button onclick={dispatch.reform(move |_| Msg::Dismiss(i))}>{ tr(lang, "msg.dismiss") }</button>
                </div>
            }) }
            if let Some(c) = clash {
                <div class="notice error conflict" role="alert" data-testid="conflict">
                    <strong>{ tr(lang, "msg.conflict") }</strong>
                    { for c.merged.clashes.iter().map(|x| html! { <span class="detail">{ x.message().render(lang) }</span> }) }
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::TakeTheirs))}>{ tr(lang, "msg.conflict_load") }</button>
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::KeepMine))}>{ tr(lang, "msg.conflict_keep") }</button>
                    <button onclick={dispatch.reform(|_| Msg::Resolve(Resolution::SaveCopy))}>{ tr(lang, "msg.conflict_copy") }</button>
                </div>
            }
            <div class="workspace">
                if doc.kind == Kind::Sipoc {
                    <sipoc::SipocBoard doc={doc.clone()} {revision} selection={selection.clone()} analysis={analysis.clone()}
                        {lang} on_action={callbacks.on_action.clone()} latest={latest.clone()} />
                } else if m.table && doc.kind == Kind::Swimlane {
                    <table::TableView doc={doc.clone()} {revision} {lang} on_action={callbacks.on_action.clone()} />
                } else {
                    <chrome::Palette kind={doc.kind} {lang} on_pick={dispatch.reform(Msg::PaletteClick)} />
                    <canvas::Canvas doc={doc.clone()} {revision} selection={selection.clone()} analysis={analysis.clone()}
                        critical={m.critical} view={m.view} editing={m.editing.clone()} {lang}
                        callbacks={callbacks.clone()} on_view={dispatch.reform(Msg::SetView)} pointer={m.pointer.clone()}
                        on_zoom={dispatch.reform(|(factor, sx, sy)| Msg::ZoomAt { factor, sx, sy })}
                        on_commit={dispatch.reform(Msg::CommitEdit)} on_cancel={dispatch.reform(|_| Msg::CancelEdit)}
                        on_template={dispatch.reform(Msg::FromTemplate)} peers={m.link.as_ref().map(|l| l.peers.clone())} />
                }
                <aside class={classes!("side", stale.then_some("stale"))} data-analysed={analysed_rev.to_string()}>
                    <panels::Inspector doc={doc.clone()} {revision} selection={selection.clone()} {lang} callbacks={callbacks.clone()}
                        on_drill={dispatch.reform(Msg::DrillDown)} />
                    <panels::MetricsPanel doc={analysed_doc.clone()} revision={analysed_rev} analysis={analysis.clone()} {lang} critical={m.critical}
                        on_reveal={callbacks.on_reveal.clone()} on_critical={dispatch.reform(|_| Msg::ToggleCritical)} />
                    <panels::FindingsPanel doc={analysed_doc.clone()} revision={analysed_rev} analysis={analysis.clone()} {lang} on_reveal={callbacks.on_reveal.clone()} />
                    if doc.kind == Kind::Swimlane {
                        <simulation::SimulationPanel doc={Shared(doc.clone())} {lang} />
                    }
                </aside>
            </div>
            {
                match &m.dialog {
                    Some(Dialog::Library) | Some(Dialog::ConfirmDelete(_)) => html! {
                        <chrome::LibraryDialog entries={Rc::new(m.session.entries.clone())} aside={Rc::new(m.session.aside.clone())}
                            usage={m.usage} current={m.session.doc_id.clone()} confirm={match &m.dialog { Some(Dialog::ConfirmDelete(id)) => Some(id.clone()), _ => None }}
                            {lang} dispatch={dispatch.clone()} read_backup={read_backup.clone()} />
                    },
                    Some(Dialog::Shortcuts) => html! { <chrome::ShortcutsDialog kind={doc.kind} {lang} on_close={dispatch.reform(|_| Msg::CloseDialog)} /> },
                    Some(Dialog::Compare(choice)) => {
                        let candidates: Vec<_> = m.session.entries.iter().filter(|e| e.kind == doc.kind && e.id != m.session.doc_id).cloned().collect();
                        let before_id = m.compare_before(choice.clone());
                        let before = m.session.peeked.clone().filter(|(id, _)| Some(id) == before_id.as_ref());
                        html! { <compare::CompareDialog after={doc.clone()} after_id={m.session.doc_id.clone()} {before}
                            candidates={Rc::new(candidates)} {lang} dispatch={dispatch.clone()} /> }
                    }
                    Some(Dialog::Share) => html! {
                        <live::ShareDialog sharing={m.link.as_ref().map(|l| (l.invite.link(&live::page()), l.state, l.name.clone()))}
                            peers={Rc::new(m.peer_summary())} {lang} dispatch={dispatch.clone()} />
                    },
                    Some(Dialog::Report) => html! { <report::ReportView doc={doc.clone()} revision={ed.revision} {lang} ready={exchange::ready()} failed={m.exchange_failed.clone().map(AttrValue::from)} bpmn_expanded={m.bpmn_expanded} dispatch={dispatch.clone()} /> },
                    None => html! {},
                }
            }
            if let Some(picture) = &m.printing {
                { print_sheet(&doc, picture, lang) }
            }
        </div>
    }
}

/// Presentation mode's metrics strip: the cycle time and its split (swimlanes), or takt, lead
/// time and processing time (value streams).
fn present_strip(doc: &Document, analysis: &Analysis, lang: Lang) -> Html {
    use crate::format::{figure, percent};
    let items: Vec<(String, String)> = match &analysis.metrics {
        Ok(crate::metrics::Metrics::Swimlane(m)) => {
            let u = panels::unit_label(lang, doc.time_unit);
            vec![
                (tr(lang, "met.cycle_time").to_string(), format!("{} {u}", figure(m.cycle_time))),
                (tr(lang, "met.execution").to_string(), format!("{} {u}", figure(m.execution))),
                (tr(lang, "met.delay").to_string(), format!("{} {u}", figure(m.delay))),
                (tr(lang, "met.transfer").to_string(), format!("{} {u}", figure(m.transfer))),
                (tr(lang, "met.handoffs").to_string(), figure(m.handoffs)),
            ]
        }
        Ok(crate::metrics::Metrics::Vsm(m)) => {
            let mut v = vec![
                (tr(lang, "vsm.takt").to_string(), format!("{} s", figure(m.takt_seconds))),
                (tr(lang, "vsm.lead_time").to_string(), format!("{} d", figure(m.lead_time_days))),
                (tr(lang, "vsm.processing").to_string(), format!("{} s", figure(m.processing_seconds))),
            ];
            if let Some(pce) = m.pce {
                v.push((tr(lang, "vsm.pce").to_string(), percent(pce)));
            }
            v
        }
        _ => Vec::new(),
    };
    html! {
        <div class="present-strip" data-testid="present-strip">
            { for items.into_iter().map(|(k, v)| html! { <span class="item"><span class="k">{ k }</span><b>{ v }</b></span> }) }
        </div>
    }
}

/// What is printed: a title block (title, level, owner, author, reviewer, approver, revision,
/// date) and the picture of the diagram, scaled to the page (see the print stylesheet).
fn print_sheet(doc: &Document, picture: &Rc<String>, lang: Lang) -> Html {
    let today = String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect::<String>();
    let m = &doc.meta;
    let rows = [
        ("insp.level", m.level.as_str()),
        ("insp.owner", m.owner.as_str()),
        ("insp.author", m.author.as_str()),
        ("insp.reviewer", m.reviewer.as_str()),
        ("insp.approver", m.approver.as_str()),
        ("insp.revision", m.revision.as_str()),
        ("pic.date", today.as_str()),
    ];
    html! {
        <div class="print-sheet" data-testid="print-sheet">
            <table class="title-block">
                <tr><th colspan="7" class="doc-title">{ &doc.title }</th></tr>
                <tr>{ for rows.iter().map(|(k, _)| html! { <th>{ tr(lang, k) }</th> }) }</tr>
                <tr>{ for rows.iter().map(|(_, v)| html! { <td>{ *v }</td> }) }</tr>
            </table>
            <div class="print-picture">{ Html::from_html_unchecked(AttrValue::from((**picture).clone())) }</div>
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
