//! A working session: the open document's editor tied to the library, so that every change is
//! saved, a save that would overwrite another tab's work is stopped and reported, and imports or
//! storage failures never lose what the user has. Pure over any `KeyValue` store.

use crate::editor::{Action, ActionError, DocField, Editor, NodeField, Outcome};
use crate::io::{self, LoadError, Repair};
use crate::library::{Entry, KeyValue, Library, LibraryError};
use crate::message::{Arg, Message};
use crate::model::{Document, Kind, NodeType};

/// How the open document stands against the library.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    Saved,
    /// The last save failed (storage full or unavailable): the message says why. The document
    /// stays open and is saved again on the next change.
    Failed(Message),
    /// Another tab saved this document since we loaded it: saving stops until the user chooses.
    Conflict {
        stored: u64,
    },
}

/// What the user chose when two tabs collided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Drop our changes, load the other tab's version.
    LoadTheirs,
    /// Overwrite the stored version with ours.
    KeepMine,
    /// Keep both: ours becomes a new document.
    SaveCopy,
}

pub struct Session<S: KeyValue> {
    pub editor: Editor,
    pub lib: Library<S>,
    /// Library id of the open document.
    pub doc_id: String,
    /// The stored revision our document is based on.
    pub base_rev: u64,
    /// `editor.revision` when last saved.
    saved_revision: u64,
    pub status: SaveStatus,
    /// What was repaired when the open document was read from storage (shown once).
    pub repairs: Vec<Repair>,
}

impl<S: KeyValue> Session<S> {
    /// Opens the last document (or the most recent, or a new one when the library is empty).
    /// `starter` makes the first document of a new library.
    pub fn start(store: S, now: f64, starter: impl FnOnce() -> Document) -> Self {
        let lib = Library::new(store);
        let mut session = Session {
            editor: Editor::new(Document::new(Kind::Swimlane, "")),
            lib,
            doc_id: String::new(),
            base_rev: 0,
            saved_revision: 0,
            status: SaveStatus::Saved,
            repairs: Vec::new(),
        };
        let candidates: Vec<String> = session
            .lib
            .current()
            .ok()
            .flatten()
            .into_iter()
            .chain(session.lib.list().unwrap_or_default().into_iter().map(|e| e.id))
            .collect();
        for id in candidates {
            if session.open(&id).is_ok() {
                return session;
            }
        }
        let doc = starter();
        match session.lib.create(&doc, now) {
            Ok(entry) => {
                let _ = session.open(&entry.id);
            }
            Err(e) => {
                // No storage at all: edit in memory and say so.
                session.editor.open(doc);
                session.status = SaveStatus::Failed(e.message());
            }
        }
        session
    }

    /// Opens a stored document. On failure the current one stays open.
    pub fn open(&mut self, id: &str) -> Result<(), LibraryError> {
        let (doc, rev, repairs) = self.lib.load_repaired(id)?;
        self.adopt(id, doc, rev);
        self.repairs = repairs;
        Ok(())
    }

    /// Does what the user asked to the open document (see `Editor::dispatch`). Saving follows
    /// as an effect: the UI calls [`Session::autosave`] once the change is on screen.
    pub fn dispatch(&mut self, action: Action) -> Result<Outcome, ActionError> {
        self.editor.dispatch(action)
    }

    /// Makes `doc`, just stored as `id` at revision `rev`, the open document (no reload).
    fn adopt(&mut self, id: &str, doc: Document, rev: u64) {
        self.editor.open(doc);
        self.doc_id = id.to_string();
        self.base_rev = rev;
        self.saved_revision = self.editor.revision;
        self.status = SaveStatus::Saved;
        self.repairs.clear();
        let _ = self.lib.set_current(id);
    }

    /// True when the open document has changes not yet in storage.
    pub fn dirty(&self) -> bool {
        self.editor.revision != self.saved_revision
    }

    /// Saves the open document if it changed. Never overwrites another tab's save.
    pub fn autosave(&mut self, now: f64) {
        if !self.dirty() || matches!(self.status, SaveStatus::Conflict { .. }) {
            return;
        }
        self.save(now, false);
    }

    fn save(&mut self, now: f64, force: bool) {
        match self.lib.save(&self.doc_id, &self.editor.doc, self.base_rev, now, force) {
            Ok(rev) => {
                self.base_rev = rev;
                self.saved_revision = self.editor.revision;
                self.status = SaveStatus::Saved;
            }
            Err(LibraryError::Conflict { stored, .. }) => self.status = SaveStatus::Conflict { stored },
            Err(e) => self.status = SaveStatus::Failed(e.message()),
        }
    }

    /// Called when storage changed under us (another tab): detects a collision at once.
    pub fn external_change(&mut self) {
        if let Ok(stored) = self.lib.stored_rev(&self.doc_id) {
            if stored != self.base_rev {
                if self.dirty() {
                    self.status = SaveStatus::Conflict { stored };
                } else {
                    // Nothing of ours to lose: follow the other tab.
                    let id = self.doc_id.clone();
                    if self.open(&id).is_err() {
                        self.status = SaveStatus::Conflict { stored };
                    }
                }
            }
        }
    }

    pub fn resolve(&mut self, choice: Resolution, now: f64, copy_suffix: &str) {
        match choice {
            Resolution::LoadTheirs => {
                let id = self.doc_id.clone();
                if let Err(e) = self.open(&id) {
                    self.status = SaveStatus::Failed(e.message());
                }
            }
            Resolution::KeepMine => self.save(now, true),
            Resolution::SaveCopy => {
                let mut doc = (*self.editor.doc).clone();
                doc.title = format!("{} {copy_suffix}", doc.title).trim().to_string();
                match self.lib.create(&doc, now) {
                    Ok(entry) => {
                        let _ = self.open(&entry.id);
                    }
                    Err(e) => self.status = SaveStatus::Failed(e.message()),
                }
            }
        }
    }

    /// Creates and opens a new document.
    pub fn new_document(&mut self, doc: Document, now: f64) -> Result<Entry, LibraryError> {
        self.autosave(now);
        let entry = self.lib.create(&doc, now)?;
        self.adopt(&entry.id, doc, entry.rev);
        Ok(entry)
    }

    /// Imports a file's text as a new document and opens it. On any error nothing changes: the
    /// open document and the library stay as they were.
    pub fn import(&mut self, text: &str, now: f64) -> Result<Entry, ImportError> {
        let doc = io::load(text)?;
        self.new_document(doc, now).map_err(ImportError::Library)
    }

    /// The open document as a file: a name from its title, and its JSON.
    pub fn export(&self) -> (String, String) {
        (file_name(&self.editor.doc.title), io::save(&self.editor.doc))
    }

    /// Deletes a stored document; when it is the open one, opens another (or a new one).
    pub fn delete(&mut self, id: &str, now: f64, starter: impl FnOnce() -> Document) -> Result<(), LibraryError> {
        self.lib.delete(id)?;
        if id == self.doc_id {
            let next = self.lib.list()?.into_iter().next();
            match next {
                Some(e) => self.open(&e.id)?,
                None => {
                    self.new_document(starter(), now)?;
                }
            }
        }
        Ok(())
    }

    /// Renames a stored document; the open one is renamed through a command so it can be undone.
    pub fn rename(&mut self, id: &str, title: &str, now: f64) -> Result<(), LibraryError> {
        if id == self.doc_id {
            // A title that cannot be set changes nothing; there is nothing else to report.
            let _ = self.editor.dispatch(Action::SetDoc(DocField::Title(title.to_string())));
            self.autosave(now);
            Ok(())
        } else {
            self.lib.rename(id, title, now).map(|_| ())
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum DrillError {
    NoNode(String),
    /// Only process steps and sub-processes open as a diagram one level down.
    NotDetailable,
    /// The document is at L6, the lowest level.
    LowestLevel(String),
    Library(LibraryError),
    Action(ActionError),
}

impl From<LibraryError> for DrillError {
    fn from(e: LibraryError) -> Self {
        DrillError::Library(e)
    }
}

impl From<ActionError> for DrillError {
    fn from(e: ActionError) -> Self {
        DrillError::Action(e)
    }
}

impl DrillError {
    pub fn message(&self) -> Message {
        match self {
            DrillError::NoNode(id) => Message::new("cmd.no_node", vec![Arg::Text(id.clone())]),
            DrillError::NotDetailable => Message::plain("drill.not_detailable"),
            DrillError::LowestLevel(level) => Message::new("drill.lowest", vec![Arg::Text(level.clone())]),
            DrillError::Library(e) => e.message(),
            DrillError::Action(e) => e.message(),
        }
    }
}

impl std::fmt::Display for DrillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl<S: KeyValue> Session<S> {
    /// Opens the diagram that details a SIPOC step or a sub-process, one level down. On first
    /// use it is created: a swimlane titled after the step, at the next level, linked both ways
    /// (the child names its parent and element; the element links to the child, undoably).
    pub fn drill_down(&mut self, node_id: &str, now: f64) -> Result<String, DrillError> {
        let node = self.editor.doc.node(node_id).cloned().ok_or_else(|| DrillError::NoNode(node_id.into()))?;
        if !matches!(node.kind, NodeType::Step | NodeType::Subprocess) {
            return Err(DrillError::NotDetailable);
        }
        if let Some(link) = node.link.as_deref().filter(|l| !l.is_empty()) {
            if self.lib.load(link).is_ok() {
                self.autosave(now);
                self.open(link)?;
                return Ok(link.to_string());
            }
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
        let entry = self.lib.create(&child, now)?;
        self.editor
            .dispatch(Action::SetNode { id: node.id.clone(), field: NodeField::Link(Some(entry.id.clone())) })?;
        self.autosave(now);
        self.open(&entry.id)?;
        Ok(entry.id)
    }

    /// The documents from the top level down to the open one (for breadcrumbs).
    pub fn breadcrumbs(&self) -> Vec<Entry> {
        self.lib.ancestry(&self.doc_id).unwrap_or_default()
    }

    /// Copies the open document as its future state and opens the copy.
    pub fn future_state(&mut self, suffix: &str, now: f64) -> Result<Entry, LibraryError> {
        self.autosave(now);
        let mut doc = (*self.editor.doc).clone();
        doc.title = format!("{} {suffix}", doc.title).trim().to_string();
        doc.meta.current_state = self.doc_id.clone();
        doc.meta.revision.clear();
        let entry = self.lib.create(&doc, now)?;
        self.adopt(&entry.id, doc, entry.rev);
        Ok(entry)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    Load(LoadError),
    Library(LibraryError),
}

impl From<LoadError> for ImportError {
    fn from(e: LoadError) -> Self {
        ImportError::Load(e)
    }
}

impl ImportError {
    pub fn message(&self) -> Message {
        match self {
            ImportError::Load(e) => e.message(),
            ImportError::Library(e) => e.message(),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// A safe file name from a title: letters of any script kept, separators made dashes.
pub fn file_name(title: &str) -> String {
    let mut name: String =
        title.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    format!("{}.procmod.json", if name.is_empty() { "process" } else { name })
}
