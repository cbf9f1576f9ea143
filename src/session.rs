//! A working session: the open document's editor tied to the library. Every change is saved
//! as a compare-and-swap on the stored revision; when another tab saved first, both versions
//! are merged field by field (see `merge`) and only a change of the same field by both asks
//! the user. Storage failures are retried and never lose what the user has.
//!
//! Pure and synchronous: the session queues [`Job`]s (library transactions); whoever runs
//! them (IndexedDB in the app, [`MemoryDb`] in tests) hands each result back to
//! [`Session::finish`]. What the page must do in turn (tell other tabs, show a message,
//! download a file) comes out as [`Event`]s.

use crate::editor::{Action, ActionError, DocField, Editor, NodeField, Outcome};
use crate::io::{self, LoadError};
use crate::library::{self, backup, Aside, Entry, LibraryError, MemoryDb, Op, Reply, Scan};
use crate::live::port::{Calls, Remote};
use crate::merge::{self, Merged};
use crate::message::{Arg, Message};
use crate::model::{Document, Kind, NodeType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::rc::Rc;

/// How the open document stands against the library.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// The library is being read; nothing is open yet.
    Opening,
    Saved,
    /// Changes are on their way to storage.
    Saving,
    /// The last save failed (storage full or unavailable): the message says why. It is tried
    /// again after a pause and on the next change; the work stays open.
    Failed {
        message: Message,
        attempts: u32,
    },
    /// This tab and another changed the same fields: saving waits for the user's choice.
    Clash(Rc<Clash>),
}

/// Two versions that changed the same things.
#[derive(Clone, Debug, PartialEq)]
pub struct Clash {
    pub merged: Merged,
    /// The other tab's version and its revision.
    pub theirs: Rc<Document>,
    pub stored: u64,
}

/// What the user chose when two tabs changed the same fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Their values where both changed something; everything else of ours stays.
    TakeTheirs,
    /// Our values where both changed something; everything else of theirs stays.
    KeepMine,
    /// Ours, whole, as a new document (opened); theirs stays as it is.
    SaveCopy,
}

/// Something the page does for the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Another document is open now (reset the view).
    Opened,
    /// The open document took in changes saved in another tab.
    Followed,
    /// A message for the user.
    Notice { title: Message, detail: Vec<Message>, error: bool },
    /// A document changed in storage: tell the other tabs.
    Changed(Change),
    /// Offer a file to download, of this media type.
    Download { name: String, text: String, mime: &'static str },
    /// Write the open swimlane as BPMN (`bpmn::export_with`, run by the exchange module in the
    /// browser) with the diagrams its sub-processes link to, and offer it as `name`.
    WriteBpmn { name: String, doc: Rc<Document>, linked: HashMap<String, Document>, how: crate::bpmn::SubProcesses },
    /// The old localStorage library was moved and verified: remove its keys.
    ForgetLegacy,
    /// A rescue copy (see [`Rescue`]) is safely stored: remove it (by its key).
    ClearRescue(String),
}

/// What one tab tells the others after a write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    /// The new list entry; `None` when the document was deleted or set aside.
    pub entry: Option<Entry>,
}

/// The open document's unsaved state, written synchronously when the page is hidden or
/// closed, and stored on the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rescue {
    /// Where the page keeps it (filled in by the page when read back).
    #[serde(default, skip_serializing)]
    pub key: String,
    pub id: String,
    pub base: u64,
    /// The document's JSON (read back through `io::restore`, like every stored document).
    pub doc: String,
}

/// A library transaction to run, and what it is for.
#[derive(Clone, Debug)]
pub struct Job {
    pub op: Op,
    purpose: Purpose,
}

impl Job {
    /// Does the job store something of the user's?
    fn writes(&self) -> bool {
        matches!(self.op, Op::Save { .. } | Op::AddAll { .. } | Op::Rename { .. } | Op::Duplicate { .. })
            || matches!(self.purpose, Purpose::Follow { left: Some(_) })
    }
}

#[derive(Clone, Debug)]
enum Purpose {
    /// Storing the open document: `doc` is what was written, at editor revision `revision`,
    /// based on `base`.
    Save {
        doc: Rc<Document>,
        base: Rc<Document>,
        revision: u64,
    },
    /// Storing a document no longer open: what was written and what it was based on.
    SaveLeft {
        doc: Rc<Document>,
        base: Rc<Document>,
    },
    /// Reading the stored version to merge with ours; `left` for a document no longer open.
    Follow {
        left: Option<(Rc<Document>, Rc<Document>)>,
    },
    /// Opening; when it fails, the next candidate (then `starter`, a new document).
    Open {
        fallbacks: Vec<String>,
        starter: Option<Rc<Document>>,
    },
    /// A copy kept in the background (after a clash that could not be merged).
    Create {
        doc: Rc<Document>,
    },
    /// Rename, duplicate, delete; `starter` replaces the open document if it was deleted.
    Library {
        starter: Option<Rc<Document>>,
    },
    /// A check of a stored document (at start, or in the background).
    Check,
    Export,
    Restore {
        plan: Box<backup::Plan>,
    },
    Migrate {
        moved: Vec<(String, String)>,
    },
    Verify {
        moved: Vec<(String, String)>,
    },
    Recover {
        doc: Rc<Document>,
        key: String,
    },
    RecoverCompare {
        doc: Rc<Document>,
        key: String,
    },
    /// Reading a document to look at beside the open one (see [`Session::peeked`]).
    Peek,
    /// Reading the diagrams the open swimlane's sub-processes link to, level by level, to write
    /// them into its BPMN file (see [`Session::export_bpmn`]).
    Bpmn {
        how: crate::bpmn::SubProcesses,
        got: HashMap<String, Document>,
        asked: BTreeSet<String>,
    },
}

/// The pause before saving again after `attempts` failures (ms): 1 s, 2 s, 4 s … up to 30 s.
pub fn retry_delay(attempts: u32) -> f64 {
    (1000.0 * 2f64.powi(attempts.saturating_sub(1).min(5) as i32)).min(30_000.0)
}

pub struct Session {
    pub editor: Editor,
    /// Library id of the open document.
    pub doc_id: String,
    /// The open document as stored at `base_rev` (what a merge starts from).
    base: Rc<Document>,
    /// The stored revision our document is based on (0: not stored).
    pub base_rev: u64,
    /// `editor.revision` of the stored version.
    saved_revision: u64,
    pub status: SaveStatus,
    /// The library's list, most recently changed first.
    pub entries: Vec<Entry>,
    /// Records kept aside because they could not be read.
    pub aside: Vec<Aside>,
    /// A stored document read to show beside the open one (the before of a comparison).
    pub peeked: Option<(String, Rc<Document>)>,
    urgent: VecDeque<Job>,
    background: VecDeque<Job>,
    /// A job is out (only one at a time).
    busy: bool,
    /// The editor revision of the open document's save that is out, if one is.
    saving: Option<u64>,
    /// Saves of documents no longer open that failed, waiting for [`Session::retry`].
    waiting: Vec<Job>,
    /// A save waits for its retry pause.
    paused: bool,
    last_was_save: bool,
    /// The language of titles the session gives (copies kept after a clash).
    pub lang: crate::i18n::Lang,
    /// Makes new library ids unique across tabs.
    tab: String,
    made: u64,
    events: Vec<Event>,
    checked: BTreeSet<String>,
    /// The open document shared in a live room, if it is.
    pub live: Option<Live>,
}

/// The open document shared live (see [`crate::live`]).
pub struct Live {
    pub replica: crate::live::port::Remote,
    /// The server's WebSocket address and the room on it.
    pub room: Room,
    /// The library id of the document shared.
    pub doc_id: String,
    /// The room's state has arrived at least once.
    pub synced: bool,
}

/// A room on a server: `ws(s)://host:port/` and the room's name (the path after it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    pub server: String,
    pub name: String,
}

impl Room {
    /// The WebSocket URL of the room (`ws://host:port/ROOM`), with the server's token if any.
    pub fn url(&self, token: Option<&str>) -> String {
        let base = self.server.trim_end_matches('/');
        match token {
            Some(t) if !t.is_empty() => format!("{base}/{}?token={t}", self.name),
            _ => format!("{base}/{}", self.name),
        }
    }
}

impl Session {
    /// A session that has read nothing yet. `tab` is a short token unique to this tab.
    pub fn new(tab: &str) -> Self {
        let doc = Rc::new(Document::new(Kind::Swimlane, ""));
        Session {
            editor: Editor::new((*doc).clone()),
            doc_id: String::new(),
            base: doc,
            base_rev: 0,
            saved_revision: 0,
            status: SaveStatus::Opening,
            entries: Vec::new(),
            aside: Vec::new(),
            peeked: None,
            urgent: VecDeque::new(),
            background: VecDeque::new(),
            busy: false,
            saving: None,
            waiting: Vec::new(),
            paused: false,
            last_was_save: false,
            lang: crate::i18n::Lang::default(),
            tab: tab.to_string(),
            made: 0,
            events: Vec::new(),
            checked: BTreeSet::new(),
            live: None,
        }
    }

    /// Starts from what the library holds: repairs its list, moves the old localStorage
    /// library over (`legacy`: its key/value pairs), stores a rescued unsaved state, then opens
    /// `current` (or the most recent document, or `starter` in an empty library).
    pub fn start(
        &mut self,
        scan: &Scan,
        legacy: &[(String, String)],
        rescues: Vec<Rescue>,
        current: Option<String>,
        starter: Document,
        now: f64,
    ) {
        let (entries, check, aside) = library::reconcile(scan);
        self.entries = entries;
        self.aside = aside;
        for id in check {
            self.urgent.push_back(Job { op: Op::Check { id, now }, purpose: Purpose::Check });
        }
        if !legacy.is_empty() {
            let (docs, aside) = library::legacy::read(legacy, now);
            let present: BTreeSet<&str> = scan.doc_keys.iter().map(String::as_str).collect();
            let docs: Vec<(Entry, String)> =
                docs.into_iter().filter(|(e, _)| !present.contains(e.id.as_str())).collect();
            let aside: Vec<Aside> = aside.into_iter().filter(|a| !present.contains(a.id.as_str())).collect();
            let moved = docs.iter().map(|(e, json)| (e.id.clone(), json.clone())).collect();
            self.urgent.push_back(Job { op: Op::AddAll { docs, aside }, purpose: Purpose::Migrate { moved } });
        }
        for r in rescues {
            let Ok((doc, _)) = io::restore(&r.doc) else {
                // Unreadable: nothing to store; the page forgets it.
                self.events.push(Event::ClearRescue(r.key));
                continue;
            };
            let doc = Rc::new(doc);
            let entry = Entry::of(&r.id, &doc, r.base + 1, now);
            let op = Op::Save { id: r.id, doc_json: io::save_compact(&doc), entry, base: r.base };
            self.urgent.push_back(Job { op, purpose: Purpose::Recover { doc, key: r.key } });
        }
        // Which document opens is decided when the list is settled (after the jobs above).
        let fallbacks: Vec<String> = current.into_iter().collect();
        self.urgent.push_back(Job {
            op: Op::Load { id: String::new(), now },
            purpose: Purpose::Open { fallbacks, starter: Some(Rc::new(starter)) },
        });
    }

    /// True once a document is open.
    pub fn ready(&self) -> bool {
        self.status != SaveStatus::Opening
    }

    /// Does what the user asked to the open document (see `Editor::dispatch`). Saving follows
    /// as a job (see [`Session::next_job`]).
    pub fn dispatch(&mut self, action: Action) -> Result<Outcome, ActionError> {
        if !self.ready() {
            return Err(ActionError::NotReady);
        }
        let out = match self.live_here() {
            Some(live) => match action {
                // Undo and redo take back only this participant's own edits.
                Action::Undo | Action::Redo => {
                    let done = if action == Action::Undo { live.replica.undo() } else { live.replica.redo() };
                    let changed = done && self.take_live();
                    Ok(Outcome { changed, ..Outcome::default() })
                }
                action => {
                    let before = Rc::clone(&self.editor.doc);
                    let out = self.editor.dispatch(action);
                    if !Rc::ptr_eq(&before, &self.editor.doc) {
                        self.record_live();
                    }
                    out
                }
            },
            None => self.editor.dispatch(action),
        };
        // A change is a reason to try a failed save again now.
        self.paused = false;
        if self.dirty() && self.status == SaveStatus::Saved {
            self.status = SaveStatus::Saving;
        }
        out
    }

    /// Sends the open document's change to the live room, if it is shared; says so when the
    /// replica refuses it (the next change offers it again).
    fn record_live(&mut self) {
        let doc = Rc::clone(&self.editor.doc);
        if let Some(Err(why)) = self.live_here().map(|live| live.replica.record(&doc)) {
            self.notice(Message::new("live.not_sent", vec![Arg::Text(why)]), vec![], true);
        }
    }

    /// The live room of the open document, if it is shared (a room of a document no longer
    /// open is left).
    fn live_here(&mut self) -> Option<&mut Live> {
        if self.live.as_ref().is_some_and(|l| l.doc_id != self.doc_id) {
            self.live = None;
        }
        self.live.as_mut()
    }

    /// Whether the open document is shared in a live room.
    pub fn is_live(&self) -> bool {
        self.live.as_ref().is_some_and(|l| l.doc_id == self.doc_id)
    }

    /// Whether Undo (and Redo) would do anything: this participant's own edits when live.
    pub fn can_undo(&self) -> bool {
        match &self.live {
            Some(live) if live.doc_id == self.doc_id => live.replica.can_undo(),
            _ => self.editor.history.can_undo(),
        }
    }
    pub fn can_redo(&self) -> bool {
        match &self.live {
            Some(live) if live.doc_id == self.doc_id => live.replica.can_redo(),
            _ => self.editor.history.can_redo(),
        }
    }

    /// Shares the open document in `room` through `replica` (a new participant's): its content
    /// goes into the room's shared document (the room should be new: the link is made with a
    /// fresh name). Refused, with the reason, when the replica cannot take the document.
    pub fn share_live(&mut self, room: Room, replica: Box<dyn Calls>) -> Result<(), String> {
        let mut replica = Remote::new(replica);
        replica.seed(&self.editor.doc)?;
        self.go_live(replica, room, true);
        Ok(())
    }

    /// Joins `room` through `replica` (a new participant's): a new document in the library,
    /// filled with the room's content as it arrives (`title` until then), and kept there as the
    /// local copy. A state kept from an earlier visit (see [`crate::live::Replica::state`]) is
    /// taken in first, so edits made offline merge when the room answers.
    ///
    /// `local`: the library id of this room's local copy from an earlier visit, taken over when
    /// its state was kept (else a new copy is made).
    pub fn join_live(
        &mut self,
        room: Room,
        replica: Box<dyn Calls>,
        kept: Option<&[u8]>,
        local: Option<&str>,
        now: f64,
    ) -> Result<(), String> {
        let mut replica = Remote::new(replica);
        let restored = kept.is_some_and(|state| replica.restore(state).is_ok());
        let placeholder = Rc::new(Document::new(Kind::Swimlane, room.name.clone()));
        // Refused before anything changes here.
        replica.base(&placeholder)?;
        let placeholder = Rc::unwrap_or_clone(placeholder);
        // The copy from before is taken over only when its state was kept: it opens with that
        // state at once, so nothing stored is ever replaced by an empty document.
        match local.filter(|id| restored && self.entries.iter().any(|e| e.id == *id)) {
            Some(id) => {
                let rev = self.entries.iter().find(|e| e.id == id).map_or(0, |e| e.rev);
                self.adopt(id, placeholder, rev, now);
            }
            None => self.adopt_new(placeholder, now),
        }
        self.go_live(replica, room, false);
        if restored {
            self.take_live();
        }
        Ok(())
    }

    fn go_live(&mut self, replica: Remote, room: Room, synced: bool) {
        let tag: Rc<str> = Rc::from(replica.tag());
        Rc::make_mut(&mut self.editor.doc).ids = crate::model::IdTag(Some(tag));
        self.editor.history.clear();
        self.live = Some(Live { replica, room, doc_id: self.doc_id.clone(), synced });
    }

    /// Leaves the live room: the document stays open and in the library, edited alone.
    pub fn leave_live(&mut self) {
        if self.live.take().is_some() {
            Rc::make_mut(&mut self.editor.doc).ids = crate::model::IdTag(None);
        }
    }

    /// Takes in one frame from the live room. The open document changes only through what
    /// keeps its invariants; what was kept out is said in a notice. A frame that cannot be
    /// read changes nothing and is reported.
    pub fn live_frame(&mut self, frame: &[u8]) -> crate::live::Received {
        let Some(live) = self.live_here() else { return Default::default() };
        match live.replica.receive(frame) {
            Ok(got) => {
                live.synced |= got.synced;
                if got.changed {
                    self.take_live();
                }
                got
            }
            Err(e) => {
                self.notice(Message::new("live.bad_frame", vec![Arg::Text(e)]), vec![], true);
                Default::default()
            }
        }
    }

    /// Reads the room's changes into the open document. True if it changed.
    fn take_live(&mut self) -> bool {
        let Some(live) = self.live.as_mut() else { return false };
        let patched = match live.replica.patch(&self.editor.doc) {
            None => return false,
            Some(Ok(patched)) => patched,
            Some(Err(why)) => {
                self.notice(Message::new("live.bad_frame", vec![Arg::Text(why)]), vec![], true);
                return false;
            }
        };
        if patched.unsent {
            self.notice(Message::plain("live.out_of_step"), vec![], true);
        }
        let rejected = patched.kept_out;
        let changed = patched.doc != *self.editor.doc || patched.doc.ids != self.editor.doc.ids;
        if changed {
            let tag = self.editor.doc.ids.clone();
            let mut doc = patched.doc;
            doc.ids = tag;
            self.editor.take_remote(doc);
            if self.dirty() && self.status == SaveStatus::Saved {
                self.status = SaveStatus::Saving;
            }
        }
        if !rejected.is_empty() {
            self.notice(Message::new("live.kept_out", vec![Arg::Count(rejected.len())]), rejected, true);
        }
        changed
    }

    /// True when the open document has changes not yet confirmed stored.
    pub fn dirty(&self) -> bool {
        self.editor.revision != self.saved_revision
    }

    /// True when leaving the page now could lose work.
    pub fn unsaved(&self) -> bool {
        self.ready() && (self.dirty() || !self.waiting.is_empty() || self.urgent.iter().any(|j| j.writes()))
    }

    /// The open document's unsaved state, if any (for [`Rescue`]).
    pub fn rescue(&self) -> Option<Rescue> {
        (self.ready() && self.dirty() && !self.doc_id.is_empty()).then(|| Rescue {
            key: String::new(),
            id: self.doc_id.clone(),
            base: self.base_rev,
            doc: io::save_compact(&self.editor.doc),
        })
    }

    /// Whether events wait for [`Session::take_events`].
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// The events since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The next transaction to run, if any and if none is out. The open document's save comes
    /// first (one at a time, of its latest state), but never twice in a row while other work
    /// waits.
    pub fn next_job(&mut self, now: f64) -> Option<Job> {
        if self.busy {
            return None;
        }
        let can_save = self.ready()
            && self.dirty()
            && !self.paused
            && !matches!(self.status, SaveStatus::Clash(_))
            && !self.doc_id.is_empty()
            && !self.urgent.iter().any(|j| matches!(j.purpose, Purpose::Follow { left: None }));
        let job = if can_save && (!self.last_was_save || self.urgent.is_empty()) {
            self.last_was_save = true;
            if !matches!(self.status, SaveStatus::Failed { .. }) {
                self.status = SaveStatus::Saving;
            }
            let doc = Rc::clone(&self.editor.doc);
            let entry = Entry::of(&self.doc_id, &doc, self.base_rev + 1, now);
            let op = Op::Save { id: self.doc_id.clone(), doc_json: io::save_compact(&doc), entry, base: self.base_rev };
            self.saving = Some(self.editor.revision);
            Job { op, purpose: Purpose::Save { doc, base: Rc::clone(&self.base), revision: self.editor.revision } }
        } else {
            self.last_was_save = false;
            let mut job = self.urgent.pop_front().or_else(|| self.background.pop_front())?;
            if let Purpose::Open { fallbacks, starter } = &mut job.purpose {
                // An open decided late: the first candidate still listed.
                if let Op::Load { id, .. } = &mut job.op {
                    if id.is_empty() {
                        let listed: Vec<String> = fallbacks
                            .iter()
                            .filter(|f| self.entries.iter().any(|e| &e.id == *f))
                            .cloned()
                            .chain(self.entries.iter().map(|e| e.id.clone()))
                            .collect();
                        match listed.split_first() {
                            Some((first, rest)) => {
                                *id = first.clone();
                                *fallbacks = rest.to_vec();
                            }
                            None => {
                                // An empty library: a new document, stored by its first save.
                                let doc = starter.take().unwrap_or_else(|| Rc::new(Document::new(Kind::Swimlane, "")));
                                self.adopt_new((*doc).clone(), now);
                                return self.next_job(now);
                            }
                        }
                    }
                }
            }
            job
        };
        self.busy = true;
        Some(job)
    }

    fn create_job(&mut self, doc: Rc<Document>, now: f64) -> Job {
        let id = self.new_id(now);
        Self::create_job_as(id, doc, now)
    }

    fn create_job_as(id: String, doc: Rc<Document>, now: f64) -> Job {
        let entry = Entry::of(&id, &doc, 1, now);
        let op = Op::Save { id, doc_json: io::save_compact(&doc), entry, base: 0 };
        Job { op, purpose: Purpose::Create { doc } }
    }

    /// A library id no other tab makes: the time, this tab's token and a counter.
    fn new_id(&mut self, now: f64) -> String {
        self.made += 1;
        format!("doc-{}-{}{}", base36(now.max(0.0) as u64), self.tab, self.made)
    }

    /// Hands back the result of the job from [`Session::next_job`].
    pub fn finish(&mut self, job: Job, result: Result<Reply, LibraryError>, now: f64) {
        self.busy = false;
        self.saving = None;
        let id = job_id(&job.op);
        let op = job.op;
        match (job.purpose, result) {
            (Purpose::Save { doc, revision, .. }, Ok(Reply::Saved(entry))) if entry.id == self.doc_id => {
                self.wrote(&entry);
                {
                    self.base = doc;
                    self.base_rev = entry.rev;
                    self.saved_revision = revision;
                    if !matches!(self.status, SaveStatus::Clash(_)) {
                        self.status = if self.dirty() { SaveStatus::Saving } else { SaveStatus::Saved };
                    }
                }
            }
            // Taken: stored as new meanwhile (by another tab's rescue or restore): merge as well.
            (Purpose::Save { .. }, Err(LibraryError::Conflict { .. } | LibraryError::Taken(_)))
                if id == self.doc_id =>
            {
                self.queue_follow(now);
            }
            (Purpose::Save { doc, .. }, Err(LibraryError::Missing(_))) if id == self.doc_id => {
                // Deleted (or lost) elsewhere while open here: store it again under its id.
                self.base_rev = 0;
                self.base = doc;
            }
            (Purpose::Save { .. }, Err(e)) if id == self.doc_id => self.failed(e.message()),
            (Purpose::Save { doc, base, .. }, result) => {
                // The document was left while its save was out: finish it in the background.
                self.finish_left(op, doc, base, result, now);
            }
            (Purpose::SaveLeft { doc, base }, result) => self.finish_left(op, doc, base, result, now),
            (Purpose::Follow { left: None }, Ok(Reply::Loaded(stored, entry))) if id == self.doc_id => {
                self.stored(&entry);
                self.follow(stored.doc, entry.rev);
            }
            (Purpose::Follow { left: Some((ours, base)) }, Ok(Reply::Loaded(stored, entry))) => {
                self.stored(&entry);
                let theirs = stored.doc;
                let merged = merge::three_way(&base, &ours, &theirs);
                if merged.clean() {
                    let doc = Rc::new(merged.ours_wins);
                    let entry = Entry::of(&id, &doc, entry.rev + 1, now);
                    let op = Op::Save { id, doc_json: io::save_compact(&doc), entry, base: stored.rev };
                    self.urgent.push_back(Job { op, purpose: Purpose::SaveLeft { doc, base: Rc::new(theirs) } });
                } else {
                    self.keep_as_copy(ours, &theirs.title, now);
                }
            }
            (Purpose::Follow { left }, other) => {
                // Nothing stored to merge with: the document was deleted or set aside meanwhile.
                self.reply_side_effects(&other);
                if let Some((ours, _)) = left {
                    let title = ours.title.clone();
                    self.keep_as_copy(ours, &title, now);
                }
            }
            (Purpose::Open { .. }, Ok(Reply::Loaded(stored, entry))) => {
                self.stored(&entry);
                let repairs: Vec<Message> = stored.repairs.iter().map(|r| r.message()).collect();
                self.adopt(&id, stored.doc, entry.rev, now);
                if !repairs.is_empty() {
                    self.notice(Message::plain("msg.repaired"), repairs, false);
                }
                self.sweep(now);
            }
            (Purpose::Open { mut fallbacks, starter }, other) => {
                let failed = self.reply_side_effects(&other);
                if let Some(why) = failed.filter(|_| starter.is_none()) {
                    self.notice(why, vec![], true);
                }
                if starter.is_some() {
                    // Starting: try the next document, then a new one.
                    fallbacks.retain(|f| *f != id);
                    self.urgent.push_front(Job {
                        op: Op::Load { id: String::new(), now },
                        purpose: Purpose::Open { fallbacks, starter },
                    });
                }
            }
            (Purpose::Create { .. }, Ok(Reply::Saved(entry))) => self.wrote(&entry),
            (Purpose::Create { .. }, Ok(_)) => {}
            (Purpose::Create { doc }, Err(e)) => {
                // Tried again after the pause, like any failed save.
                self.failed(e.message());
                let job = self.create_job(doc, now);
                self.waiting.push(job);
            }
            (Purpose::Library { starter }, Ok(reply)) => {
                match &reply {
                    Reply::Saved(entry) => self.wrote(entry),
                    Reply::Done => {
                        // A delete.
                        self.forget(&id);
                        self.events.push(Event::Changed(Change { id: id.clone(), entry: None }));
                        if id == self.doc_id {
                            self.doc_id.clear();
                            self.saved_revision = self.editor.revision;
                            match self.entries.first() {
                                Some(e) => self.open(&e.id.clone(), now),
                                None => {
                                    let doc = starter.unwrap_or_else(|| Rc::new(Document::new(Kind::Swimlane, "")));
                                    self.adopt_new((*doc).clone(), now);
                                }
                            }
                        }
                    }
                    _ => {
                        self.reply_side_effects(&Ok(reply));
                    }
                }
            }
            (Purpose::Library { .. }, Err(e)) => {
                if let LibraryError::Conflict { .. } = e {
                    self.urgent.push_back(Job { op: Op::Check { id, now }, purpose: Purpose::Check });
                }
                self.notice(e.message(), vec![], true);
            }
            (Purpose::Check, result) => {
                if let Ok(Reply::Sound(entry)) = &result {
                    self.stored(entry);
                }
                if let Some(why) = self.reply_side_effects(&result) {
                    if !matches!(result, Ok(Reply::SetAside(_))) {
                        // Storage refused the check itself: the list stays as it was read.
                        self.notice(why, vec![], true);
                    }
                }
            }
            (Purpose::Export, Ok(Reply::Records(records))) => {
                let (text, skipped) = backup::write(&records, now);
                self.events.push(Event::Download { name: backup_name(now), text, mime: "application/json" });
                if !skipped.is_empty() {
                    let list = Arg::Text(skipped.join(", "));
                    self.notice(Message::new("lib.export_skipped", vec![list]), vec![], true);
                }
            }
            (Purpose::Export, other) => {
                let why = self.reply_side_effects(&other).unwrap_or_else(|| Message::plain("aside.unknown"));
                self.notice(Message::plain("msg.export_failed"), vec![why], true);
            }
            (Purpose::Restore { plan }, Ok(_)) => {
                for (entry, _) in &plan.add {
                    self.wrote(entry);
                }
                for a in &plan.unreadable {
                    self.aside.push(a.clone());
                }
                let count = |n: usize| Arg::Count(n);
                let mut detail = Vec::new();
                if !plan.same.is_empty() {
                    detail.push(Message::new("lib.restore_same", vec![count(plan.same.len())]));
                }
                if !plan.renamed.is_empty() {
                    detail.push(Message::new("lib.restore_renamed", vec![count(plan.renamed.len())]));
                }
                detail.extend(plan.unreadable.iter().map(Aside::message));
                let error = !plan.unreadable.is_empty();
                self.notice(Message::new("lib.restored", vec![count(plan.add.len())]), detail, error);
            }
            (Purpose::Restore { .. }, Err(e)) => {
                self.notice(
                    Message::plain("lib.restore_failed"),
                    vec![e.message(), Message::plain("msg.import_kept")],
                    true,
                );
            }
            (Purpose::Migrate { moved }, Ok(_)) => {
                if let Op::AddAll { aside, .. } = &op {
                    for a in aside {
                        self.aside.push(a.clone());
                    }
                    if !aside.is_empty() {
                        let detail = aside.iter().map(Aside::message).chain([Message::plain("aside.hint")]).collect();
                        self.notice(Message::plain("aside.title"), detail, true);
                    }
                }
                // Check what was written before the old copies are removed.
                let ids = moved.iter().map(|(id, _)| id.clone()).collect();
                self.urgent.push_front(Job { op: Op::Export { ids }, purpose: Purpose::Verify { moved } });
            }
            (Purpose::Migrate { .. }, Err(e)) => {
                self.notice(
                    Message::plain("lib.migrate_failed"),
                    vec![e.message(), Message::plain("lib.migrate_kept")],
                    true,
                );
            }
            (Purpose::Verify { moved }, Ok(Reply::Records(records))) => {
                let verified = moved.iter().zip(&records).all(|((id, json), (rid, text))| {
                    id == rid
                        && text.as_deref().and_then(|t| library::read_record(t).ok()).map(|s| s.doc)
                            == io::load(json).ok()
                });
                if verified {
                    for (id, _) in &moved {
                        if let Some(Ok(stored)) = records
                            .iter()
                            .find(|(rid, _)| rid == id)
                            .and_then(|(_, t)| t.as_deref().map(library::read_record))
                        {
                            self.wrote(&Entry::of(id, &stored.doc, stored.rev, stored.changed));
                        }
                    }
                    self.events.push(Event::ForgetLegacy);
                    if !moved.is_empty() {
                        self.notice(Message::new("lib.migrated", vec![Arg::Count(moved.len())]), vec![], false);
                    }
                } else {
                    self.notice(Message::plain("lib.migrate_failed"), vec![Message::plain("lib.migrate_kept")], true);
                }
            }
            (Purpose::Verify { .. }, other) => {
                let why = self.reply_side_effects(&other).unwrap_or_else(|| Message::plain("aside.unknown"));
                self.notice(Message::plain("lib.migrate_failed"), vec![why, Message::plain("lib.migrate_kept")], true);
            }
            (Purpose::Recover { doc, key }, Ok(Reply::Saved(entry))) => {
                self.wrote(&entry);
                self.events.push(Event::ClearRescue(key));
                self.notice(Message::new("lib.recovered", vec![Arg::Text(doc.title.clone())]), vec![], false);
            }
            (Purpose::Recover { doc, .. }, Err(LibraryError::Store(e))) => {
                // Keep the rescue copy for the next start.
                self.notice(
                    Message::new("lib.recover_failed", vec![Arg::Text(doc.title.clone())]),
                    vec![e.message()],
                    true,
                );
            }
            (Purpose::Recover { doc, key }, Err(_)) => {
                self.urgent.push_front(Job { op: Op::Load { id, now }, purpose: Purpose::RecoverCompare { doc, key } });
            }
            (Purpose::Recover { .. }, Ok(_)) => {}
            (Purpose::Peek, Ok(Reply::Loaded(stored, entry))) => {
                self.stored(&entry);
                self.peeked = Some((id, Rc::new(stored.doc)));
            }
            (Purpose::Bpmn { how, mut got, asked }, Ok(Reply::Records(records))) => {
                for (id, text) in records {
                    if let Some(stored) = text.and_then(|t| library::read_record(&t).ok()) {
                        got.insert(id, stored.doc);
                    }
                }
                self.bpmn_round(how, got, asked);
            }
            (Purpose::Bpmn { .. }, other) => {
                let why = self.reply_side_effects(&other).unwrap_or_else(|| Message::plain("aside.unknown"));
                self.notice(Message::plain("msg.export_failed"), vec![why], true);
            }
            (Purpose::Peek, other) => {
                if let Some(why) = self.reply_side_effects(&other) {
                    self.notice(why, vec![], true);
                }
            }
            (Purpose::RecoverCompare { doc, key }, result) => {
                let same = matches!(&result, Ok(Reply::Loaded(stored, _)) if stored.doc == *doc);
                self.reply_side_effects(&result);
                self.events.push(Event::ClearRescue(key));
                if !same {
                    let title = doc.title.clone();
                    self.keep_as_copy(doc, &title, now);
                }
            }
        }
        if matches!(self.status, SaveStatus::Opening) && self.urgent.is_empty() && !self.busy && !self.doc_id.is_empty()
        {
            self.status = SaveStatus::Saved;
        }
    }

    /// Interprets replies that set something aside, and errors: updates the list and says
    /// what happened; returns the message of a failure.
    fn reply_side_effects(&mut self, result: &Result<Reply, LibraryError>) -> Option<Message> {
        match result {
            Ok(Reply::SetAside(aside)) => {
                self.forget(&aside.id);
                self.events.push(Event::Changed(Change { id: aside.id.clone(), entry: None }));
                self.aside.retain(|a| a.key != aside.key);
                self.aside.push(aside.clone());
                self.notice(Message::plain("aside.title"), vec![aside.message(), Message::plain("aside.hint")], true);
                Some(aside.message())
            }
            Ok(_) => None,
            Err(LibraryError::Missing(id)) => {
                self.forget(id);
                Some(LibraryError::Missing(id.clone()).message())
            }
            Err(e) => Some(e.message()),
        }
    }

    /// A save of a document no longer open came back.
    fn finish_left(
        &mut self,
        op: Op,
        doc: Rc<Document>,
        base: Rc<Document>,
        result: Result<Reply, LibraryError>,
        now: f64,
    ) {
        let id = job_id(&op);
        match result {
            Ok(Reply::Saved(entry)) => self.wrote(&entry),
            Ok(_) => {}
            Err(LibraryError::Conflict { .. } | LibraryError::Taken(_)) => self
                .urgent
                .push_back(Job { op: Op::Load { id, now }, purpose: Purpose::Follow { left: Some((doc, base)) } }),
            Err(LibraryError::Store(e)) => {
                // Tried again after the pause (see `retry`); unsaved work until then.
                self.failed(e.message());
                self.waiting.push(Job { op, purpose: Purpose::SaveLeft { doc, base } });
            }
            Err(_) => {
                let title = doc.title.clone();
                self.keep_as_copy(doc, &title, now);
            }
        }
    }

    /// Stores `doc` as a new document titled as a conflicted copy, and says so.
    fn keep_as_copy(&mut self, doc: Rc<Document>, title: &str, now: f64) {
        let mut copy = (*doc).clone();
        copy.title = format!("{title} {}", crate::i18n::t(self.lang, "lib.conflict_suffix")).trim().to_string();
        self.notice(Message::new("lib.kept_copy", vec![Arg::Text(copy.title.clone())]), vec![], false);
        let job = self.create_job(Rc::new(copy), now);
        self.urgent.push_back(job);
    }

    fn queue_follow(&mut self, now: f64) {
        if !self.urgent.iter().any(|j| matches!(j.purpose, Purpose::Follow { left: None })) {
            self.urgent.push_front(Job {
                op: Op::Load { id: self.doc_id.clone(), now },
                purpose: Purpose::Follow { left: None },
            });
        }
    }

    /// Takes in the stored version `theirs` (revision `rev`) of the open document.
    fn follow(&mut self, theirs: Document, rev: u64) {
        if rev == self.base_rev {
            return;
        }
        let theirs = Rc::new(theirs);
        if self.live_here().is_some() {
            // Shared live: the room merges every participant's edits, so the open document
            // stays as the room has it and the next save stores it over the other tab's.
            self.base = theirs;
            self.base_rev = rev;
            if self.status == SaveStatus::Saved {
                self.saved_revision = self.editor.revision.wrapping_sub(1);
                self.status = SaveStatus::Saving;
            }
            return;
        }
        if !self.dirty() {
            self.editor.rebase((*theirs).clone());
            self.base = theirs;
            self.base_rev = rev;
            self.saved_revision = self.editor.revision;
            self.status = SaveStatus::Saved;
            self.events.push(Event::Followed);
            return;
        }
        let merged = merge::three_way(&self.base, &self.editor.doc, &theirs);
        if merged.clean() {
            let same = merged.ours_wins == *theirs;
            self.editor.rebase(merged.ours_wins);
            self.base = theirs;
            self.base_rev = rev;
            if same {
                self.saved_revision = self.editor.revision;
            }
            self.status = if self.dirty() { SaveStatus::Saving } else { SaveStatus::Saved };
            self.events.push(Event::Followed);
        } else {
            self.status = SaveStatus::Clash(Rc::new(Clash { merged, theirs, stored: rev }));
        }
    }

    /// Ends a clash the way the user chose.
    pub fn resolve(&mut self, choice: Resolution, copy_suffix: &str, now: f64) {
        let SaveStatus::Clash(clash) = self.status.clone() else { return };
        match choice {
            Resolution::KeepMine | Resolution::TakeTheirs => {
                let doc = if choice == Resolution::KeepMine {
                    clash.merged.ours_wins.clone()
                } else {
                    clash.merged.theirs_wins.clone()
                };
                let same = doc == *clash.theirs;
                self.editor.rebase(doc);
                self.record_live();
                self.base = Rc::clone(&clash.theirs);
                self.base_rev = clash.stored;
                if same {
                    self.saved_revision = self.editor.revision;
                }
                self.status = if self.dirty() { SaveStatus::Saving } else { SaveStatus::Saved };
            }
            Resolution::SaveCopy => {
                let mut copy = (*self.editor.doc).clone();
                copy.title = format!("{} {copy_suffix}", copy.title).trim().to_string();
                // The open document becomes theirs (stored, nothing to save); the copy opens.
                self.editor.rebase((*clash.theirs).clone());
                self.base = Rc::clone(&clash.theirs);
                self.base_rev = clash.stored;
                self.saved_revision = self.editor.revision;
                self.status = SaveStatus::Saved;
                self.adopt_new(copy, now);
            }
        }
    }

    /// Another tab wrote to the library.
    pub fn remote_change(&mut self, change: Change, now: f64) {
        match &change.entry {
            Some(entry) => self.stored(entry),
            None => self.forget(&change.id),
        }
        if change.id == self.doc_id {
            match change.entry {
                Some(entry) if entry.rev > self.base_rev => self.queue_follow(now),
                None => {
                    // Deleted elsewhere: it stays open here and is stored again if changed.
                    self.base_rev = 0;
                    self.notice(Message::plain("msg.deleted_elsewhere"), vec![], false);
                }
                _ => {}
            }
        }
    }

    fn failed(&mut self, message: Message) {
        let attempts = match &self.status {
            SaveStatus::Failed { attempts, .. } => attempts + 1,
            _ => 1,
        };
        self.status = SaveStatus::Failed { message, attempts };
        self.paused = true;
    }

    /// After the pause of [`retry_delay`]: failed saves may try again.
    pub fn retry(&mut self) {
        self.paused = false;
        self.urgent.extend(self.waiting.drain(..));
    }

    /// How long to wait before [`Session::retry`], when a save failed.
    pub fn retry_after(&self) -> Option<f64> {
        match &self.status {
            SaveStatus::Failed { attempts, .. } if self.paused || !self.waiting.is_empty() => {
                Some(retry_delay(*attempts))
            }
            _ => None,
        }
    }

    fn notice(&mut self, title: Message, detail: Vec<Message>, error: bool) {
        self.events.push(Event::Notice { title, detail, error });
    }

    /// Updates the list with an entry just read.
    fn stored(&mut self, entry: &Entry) {
        let mut list = std::mem::take(&mut self.entries);
        match list.iter_mut().find(|e| e.id == entry.id) {
            Some(e) if e.rev > entry.rev => {}
            Some(e) => *e = entry.clone(),
            None => list.push(entry.clone()),
        }
        self.entries = library::sorted(list);
    }

    /// Updates the list with an entry just written, and tells the other tabs.
    fn wrote(&mut self, entry: &Entry) {
        self.stored(entry);
        self.events.push(Event::Changed(Change { id: entry.id.clone(), entry: Some(entry.clone()) }));
    }

    fn forget(&mut self, id: &str) {
        self.entries.retain(|e| e.id != id);
    }

    /// Makes `doc`, stored as `id` at revision `rev`, the open document. Unsaved changes of the
    /// document left behind are saved in the background first.
    fn adopt(&mut self, id: &str, doc: Document, rev: u64, now: f64) {
        // The save out now, if it holds this very state, is all the left document needs.
        let covered = self.saving == Some(self.editor.revision);
        if self.dirty() && !covered && !self.doc_id.is_empty() && self.status != SaveStatus::Opening {
            let left = Rc::clone(&self.editor.doc);
            let entry = Entry::of(&self.doc_id, &left, self.base_rev + 1, now);
            let op =
                Op::Save { id: self.doc_id.clone(), doc_json: io::save_compact(&left), entry, base: self.base_rev };
            self.urgent.push_front(Job { op, purpose: Purpose::SaveLeft { doc: left, base: Rc::clone(&self.base) } });
        }
        let doc = Rc::new(doc);
        self.editor.open((*doc).clone());
        self.base = doc;
        self.doc_id = id.to_string();
        self.base_rev = rev;
        self.saved_revision = self.editor.revision;
        self.status = SaveStatus::Saved;
        self.paused = false;
        self.events.push(Event::Opened);
    }

    /// Opens a document that is not stored yet, under a new id; its first save stores it.
    fn adopt_new(&mut self, doc: Document, now: f64) {
        let id = self.new_id(now);
        self.adopt_as(&id, doc, now);
    }

    fn adopt_as(&mut self, id: &str, doc: Document, now: f64) {
        self.adopt(id, doc, 0, now);
        // Not stored yet: dirty until the first save.
        self.saved_revision = self.editor.revision.wrapping_sub(1);
        self.status = SaveStatus::Saving;
        self.sweep(now);
    }

    /// Once something is open: checks, in the background, every stored document not yet
    /// checked by this tab, so that damage is found and reported early.
    fn sweep(&mut self, now: f64) {
        for e in &self.entries {
            if self.checked.insert(e.id.clone()) && e.id != self.doc_id {
                self.background.push_back(Job { op: Op::Check { id: e.id.clone(), now }, purpose: Purpose::Check });
            }
        }
        self.checked.insert(self.doc_id.clone());
    }

    // What the user asks of the library.

    /// Opens a stored document (the current one stays open until it is read).
    pub fn open(&mut self, id: &str, now: f64) {
        self.urgent.push_back(Job {
            op: Op::Load { id: id.to_string(), now },
            purpose: Purpose::Open { fallbacks: vec![], starter: None },
        });
    }

    /// Opens a new document; its first save stores it.
    pub fn new_document(&mut self, doc: Document, now: f64) {
        self.adopt_new(doc, now);
    }

    /// Imports a file's text as a new document and opens it. A file that cannot be read
    /// changes nothing: the error says what and where.
    pub fn import(&mut self, text: &str, now: f64) -> Result<(), LoadError> {
        let doc = io::load(text)?;
        let title = doc.title.clone();
        self.adopt_new(doc, now);
        self.notice(Message::new("msg.imported", vec![Arg::Text(title)]), vec![], false);
        Ok(())
    }

    /// Opens what a BPMN file was read as (`bpmn::import`, run by the exchange module in the
    /// browser); the diagrams one level down that its sub-processes
    /// hold go into the library, each linked from its sub-process (and back to its parent) by
    /// library id. What could not be carried over is said in the notice.
    pub fn open_bpmn(&mut self, imported: crate::bpmn::Imported, now: f64) {
        let main_id = self.new_id(now);
        let child_ids: Vec<String> = imported.children.iter().map(|_| self.new_id(now)).collect();
        let by_title: HashMap<String, String> =
            imported.children.iter().zip(&child_ids).map(|(c, id)| (c.title.clone(), id.clone())).collect();
        let mut docs: Vec<(String, Document)> = std::iter::once((main_id.clone(), imported.document))
            .chain(child_ids.iter().cloned().zip(imported.children))
            .collect();
        // Links by title become links by library id, and each child names its parent.
        let mut parents: HashMap<String, (String, String)> = HashMap::new();
        for (id, doc) in docs.iter_mut() {
            for n in doc.nodes.iter_mut() {
                if let Some(child) = n.link.as_ref().and_then(|l| by_title.get(l)) {
                    parents.insert(child.clone(), (id.clone(), n.id.clone()));
                    let child = child.clone();
                    n.link = Some(child);
                }
            }
        }
        for (id, doc) in docs.iter_mut() {
            if let Some((parent, element)) = parents.get(id) {
                doc.meta.parent = parent.clone();
                doc.meta.parent_element = element.clone();
            }
        }
        let mut docs = docs.into_iter();
        let (_, main) = docs.next().expect("the main document");
        for (id, child) in docs {
            self.urgent.push_back(Self::create_job_as(id, Rc::new(child), now));
        }
        let title = main.title.clone();
        self.adopt_as(&main_id, main, now);
        let mut detail: Vec<Message> = Vec::new();
        if !child_ids.is_empty() {
            detail.push(Message::new("msg.imported_children", vec![Arg::Count(child_ids.len())]));
        }
        detail.extend(imported.notes.iter().map(|n| n.message()));
        let heading = if imported.notes.is_empty() { "msg.imported" } else { "msg.imported_with_notes" };
        self.notice(Message::new(heading, vec![Arg::Text(title)]), detail, false);
    }

    /// Offers the open swimlane as a BPMN file with the diagrams its sub-processes link to
    /// (and theirs, down the levels), read from the library first; each sub-process drawn
    /// collapsed or expanded as `how` says.
    pub fn export_bpmn(&mut self, how: crate::bpmn::SubProcesses) {
        self.bpmn_round(how, HashMap::new(), BTreeSet::new());
    }

    /// One level of `export_bpmn`: reads the linked diagrams not read yet, or writes the file.
    fn bpmn_round(
        &mut self,
        how: crate::bpmn::SubProcesses,
        got: HashMap<String, Document>,
        mut asked: BTreeSet<String>,
    ) {
        let links: BTreeSet<String> = std::iter::once(&*self.editor.doc)
            .chain(got.values())
            .flat_map(|d| d.nodes.iter().filter(|n| n.kind == NodeType::Subprocess).filter_map(|n| n.link.clone()))
            .filter(|l| !asked.contains(l) && self.entries.iter().any(|e| e.id == *l))
            .collect();
        if !links.is_empty() {
            asked.extend(links.iter().cloned());
            let op = Op::Export { ids: links.into_iter().collect() };
            self.urgent.push_back(Job { op, purpose: Purpose::Bpmn { how, got, asked } });
            return;
        }
        let doc = Rc::clone(&self.editor.doc);
        let name = file_name(&doc.title).replace(".procmod.json", ".bpmn");
        self.events.push(Event::WriteBpmn { name, doc, linked: got, how });
    }

    /// The open document as a file: a name from its title, and its JSON.
    pub fn export(&self) -> (String, String) {
        (file_name(&self.editor.doc.title), io::save(&self.editor.doc))
    }

    /// Downloads the whole library as one file (see `library::backup`).
    pub fn export_all(&mut self) {
        let ids = self.entries.iter().map(|e| e.id.clone()).collect();
        self.urgent.push_back(Job { op: Op::Export { ids }, purpose: Purpose::Export });
    }

    /// Restores a backup file: every document it holds is added (ids already used by other
    /// content get new ones). A file that cannot be read changes nothing.
    pub fn import_all(&mut self, text: &str, now: f64) -> Result<(), LibraryError> {
        let existing = self.entries.clone();
        let mut n = 0u64;
        let base = self.new_id(now);
        let plan = backup::plan(
            text,
            &existing,
            || {
                n += 1;
                format!("{base}-{n}")
            },
            now,
        )?;
        let op = Op::AddAll { docs: plan.add.clone(), aside: plan.unreadable.clone() };
        self.urgent.push_back(Job { op, purpose: Purpose::Restore { plan: Box::new(plan) } });
        Ok(())
    }

    /// Deletes a stored document; when it is the open one, opens the most recent other one
    /// (or `starter` in an empty library).
    pub fn delete(&mut self, id: &str, starter: Document) {
        let base = if id == self.doc_id {
            self.base_rev
        } else {
            self.entries.iter().find(|e| e.id == id).map(|e| e.rev).unwrap_or(0)
        };
        self.urgent.push_back(Job {
            op: Op::Delete { id: id.to_string(), base },
            purpose: Purpose::Library { starter: Some(Rc::new(starter)) },
        });
    }

    /// Renames a stored document; the open one is renamed through a command so it can be undone.
    pub fn rename(&mut self, id: &str, title: &str, now: f64) {
        if id == self.doc_id {
            // A title that cannot be set changes nothing; there is nothing else to report.
            // Through the session's dispatch, so that a room it is shared in has it too.
            let _ = self.dispatch(Action::SetDoc(DocField::Title(title.to_string())));
        } else {
            self.urgent.push_back(Job {
                op: Op::Rename { id: id.to_string(), title: title.to_string(), now },
                purpose: Purpose::Library { starter: None },
            });
        }
    }

    /// Copies a stored document under a new id with `suffix` added to its title.
    pub fn duplicate(&mut self, id: &str, suffix: &str, now: f64) {
        let new_id = self.new_id(now);
        self.urgent.push_back(Job {
            op: Op::Duplicate { id: id.to_string(), new_id, suffix: suffix.to_string(), now },
            purpose: Purpose::Library { starter: None },
        });
    }

    /// Reads a stored document to show beside the open one (into [`Session::peeked`]).
    pub fn peek(&mut self, id: &str, now: f64) {
        if self.peeked.as_ref().is_some_and(|(p, _)| p == id) {
            return;
        }
        self.urgent.push_back(Job { op: Op::Load { id: id.to_string(), now }, purpose: Purpose::Peek });
    }

    /// Forgets a record kept aside.
    pub fn discard_aside(&mut self, key: &str) {
        self.aside.retain(|a| a.key != key);
        self.urgent.push_back(Job { op: Op::DiscardAside { key: key.to_string() }, purpose: Purpose::Check });
    }

    /// The documents from the top level down to the open one (for breadcrumbs).
    pub fn breadcrumbs(&self) -> Vec<Entry> {
        let mut chain: Vec<Entry> = Vec::new();
        let mut next = Some(self.doc_id.clone());
        while let Some(id) = next.take() {
            // A cycle of parents (hand-edited files) must not loop forever.
            if chain.iter().any(|e| e.id == id) {
                break;
            }
            let Some(e) = self.entries.iter().find(|e| e.id == id) else { break };
            next = (!e.parent.is_empty()).then(|| e.parent.clone());
            chain.push(e.clone());
        }
        chain.reverse();
        chain
    }

    /// Runs every queued job against an in-memory library (tests; the app's last resort).
    pub fn run(&mut self, db: &mut MemoryDb, now: f64) {
        while let Some(job) = self.next_job(now) {
            let result = db.run(&job.op);
            self.finish(job, result, now);
        }
    }
}

fn job_id(op: &Op) -> String {
    match op {
        Op::Save { id, .. }
        | Op::Delete { id, .. }
        | Op::Rename { id, .. }
        | Op::Duplicate { id, .. }
        | Op::Load { id, .. }
        | Op::Check { id, .. } => id.clone(),
        Op::Export { .. } | Op::AddAll { .. } | Op::DiscardAside { .. } => String::new(),
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii digits")
}

/// The file name of a backup made at `now`.
fn backup_name(now: f64) -> String {
    format!("procmod-library-{}.json", base36(now.max(0.0) as u64))
}

#[derive(Clone, Debug, PartialEq)]
pub enum DrillError {
    NoNode(String),
    /// Only process steps and sub-processes open as a diagram one level down.
    NotDetailable,
    /// The document is at L6, the lowest level.
    LowestLevel(String),
    /// Linking the step to the new diagram was refused.
    Action(ActionError),
}

impl DrillError {
    pub fn message(&self) -> Message {
        match self {
            DrillError::NoNode(id) => Message::new("cmd.no_node", vec![Arg::Text(id.clone())]),
            DrillError::NotDetailable => Message::plain("drill.not_detailable"),
            DrillError::LowestLevel(level) => Message::new("drill.lowest", vec![Arg::Text(level.clone())]),
            DrillError::Action(e) => e.message(),
        }
    }
}

impl std::fmt::Display for DrillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl Session {
    /// Opens the diagram that details a SIPOC step or a sub-process, one level down. On first
    /// use it is created: a swimlane titled after the step, at the next level, linked both ways
    /// (the child names its parent and element; the element links to the child, undoably).
    pub fn drill_down(&mut self, node_id: &str, now: f64) -> Result<(), DrillError> {
        let node = self.editor.doc.node(node_id).cloned().ok_or_else(|| DrillError::NoNode(node_id.into()))?;
        if !matches!(node.kind, NodeType::Step | NodeType::Subprocess) {
            return Err(DrillError::NotDetailable);
        }
        if let Some(link) = node.link.as_deref().filter(|l| self.entries.iter().any(|e| e.id == *l)) {
            self.open(link, now);
            return Ok(());
        }
        let level = self
            .editor
            .doc
            .meta
            .next_level()
            .ok_or_else(|| DrillError::LowestLevel(self.editor.doc.meta.level.clone()))?;
        let mut child = Document::new(Kind::Swimlane, node.label.trim());
        child.meta.level = level;
        child.meta.parent = self.doc_id.clone();
        child.meta.parent_element = node.id.clone();
        child.meta.owner = self.editor.doc.meta.owner.clone();
        child.time_unit = self.editor.doc.time_unit;
        let id = self.new_id(now);
        self.editor
            .dispatch(Action::SetNode { id: node.id, field: NodeField::Link(Some(id.clone())) })
            .map_err(DrillError::Action)?;
        self.adopt_as(&id, child, now);
        Ok(())
    }

    /// Copies the open document as its future state and opens the copy.
    pub fn future_state(&mut self, suffix: &str, now: f64) {
        let mut doc = (*self.editor.doc).clone();
        doc.title = format!("{} {suffix}", doc.title).trim().to_string();
        doc.meta.current_state = self.doc_id.clone();
        doc.meta.revision.clear();
        self.adopt_new(doc, now);
    }
}

/// A safe file name from a title: letters of any script kept, separators made dashes, cut to
/// 80 characters so that every file system takes it.
pub fn file_name(title: &str) -> String {
    let mut name: String =
        title.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name: String = name.trim_matches('-').chars().take(80).collect();
    let name = name.trim_end_matches('-');
    format!("{}.procmod.json", if name.is_empty() { "process" } else { name })
}
