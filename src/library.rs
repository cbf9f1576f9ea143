//! The local document library: what is stored, and every change to it as one atomic
//! transaction that checks what it read before it writes.
//!
//! Three tables of text values (IndexedDB object stores in the app, maps in tests):
//! - `docs`: each document under its library id, as `{"rev":…,"changed":…,"doc":{…}}`, so a
//!   document's text and its revision always travel together;
//! - `entries`: the library's list, one small record per document (title, kind, revision …),
//!   written in the same transaction as the document, so the list is never out of step;
//! - `aside`: records that could not be read, kept whole (never overwritten) with what they
//!   were, so the user can be told and can download them.
//!
//! Each change is an [`Op`]: the keys it reads, and a pure decision from what it found to what
//! it writes, or a refusal (another tab saved first: a compare-and-swap on the revision). Both
//! stores run the same decision inside one transaction: [`MemoryDb`] here, IndexedDB in the
//! app. So the rules of the library are tested natively, with injected failures.

use crate::io::{self, LoadError};
use crate::message::{Arg, Message};
use crate::model::{Document, Kind};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// A table of the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Docs,
    Entries,
    Aside,
}

impl Table {
    pub const ALL: [Table; 3] = [Table::Docs, Table::Entries, Table::Aside];
    /// The object store's name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Docs => "docs",
            Table::Entries => "entries",
            Table::Aside => "aside",
        }
    }
}

/// One change of a transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    Put(Table, String, String),
    Delete(Table, String),
}

/// A failure of the store itself, in its own words.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError {
    pub quota: bool,
    pub detail: String,
}

impl StoreError {
    pub fn new(detail: impl Into<String>) -> Self {
        StoreError { quota: false, detail: detail.into() }
    }
    pub fn quota(detail: impl Into<String>) -> Self {
        StoreError { quota: true, detail: detail.into() }
    }
    pub fn message(&self) -> Message {
        if self.quota {
            Message::new("lib.err.quota", vec![Arg::Text(self.detail.clone())])
        } else {
            Message::new("lib.err.store", vec![Arg::Text(self.detail.clone())])
        }
    }
}

/// One document in the library's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// Milliseconds since the Unix epoch.
    pub changed: f64,
    pub rev: u64,
    /// Process level (`L1`…`L6`), for breadcrumbs.
    #[serde(default)]
    pub level: String,
    /// The document one level up that this one details.
    #[serde(default)]
    pub parent: String,
}

impl Entry {
    /// The list entry of a document stored as `id` at revision `rev`.
    pub fn of(id: &str, doc: &Document, rev: u64, changed: f64) -> Entry {
        Entry {
            id: id.into(),
            title: doc.title.clone(),
            kind: doc.kind,
            changed,
            rev,
            level: doc.meta.level.clone(),
            parent: doc.meta.parent.clone(),
        }
    }
    fn text(&self) -> String {
        serde_json::to_string(self).expect("entries serialise")
    }
}

/// A document's stored record: its revision and time with its JSON.
pub fn record(rev: u64, changed: f64, doc_json: &str) -> String {
    format!("{{\"rev\":{rev},\"changed\":{},\"doc\":{doc_json}}}", num(changed))
}

#[derive(Deserialize)]
struct Record<'a> {
    rev: u64,
    changed: f64,
    #[serde(borrow)]
    doc: &'a RawValue,
}

/// Why a stored record was set aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsideKind {
    /// A document record that cannot be read.
    Document,
    /// A list entry whose document is gone.
    Orphan,
    /// A document of the old localStorage library that cannot be read.
    Legacy,
    /// An entry of an imported backup that cannot be read.
    Backup,
}

/// A record kept aside: what it was, and its text exactly as found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aside {
    /// Its key in the `aside` table.
    pub key: String,
    pub kind: AsideKind,
    /// The library id it was stored under.
    pub id: String,
    /// Its title, when anything readable names it.
    #[serde(default)]
    pub title: String,
    /// When it was set aside (ms since the epoch).
    pub when: f64,
    /// The stored text, unchanged.
    pub text: String,
}

impl Aside {
    fn new(kind: AsideKind, id: &str, title: &str, text: &str, when: f64) -> Aside {
        Aside {
            key: format!("{}:{id}:{}", kind_word(kind), num(when)),
            kind,
            id: id.into(),
            title: title.into(),
            when,
            text: text.into(),
        }
    }

    fn put(&self) -> Write {
        Write::Put(Table::Aside, self.key.clone(), serde_json::to_string(self).expect("aside records serialise"))
    }

    /// Why it was set aside, worked out again from its text (so in today's language).
    pub fn reason(&self) -> Message {
        match self.kind {
            AsideKind::Orphan => Message::plain("aside.orphan"),
            AsideKind::Document => match read_record(&self.text) {
                Err(e) => e.message(),
                Ok(_) => Message::plain("aside.unknown"),
            },
            AsideKind::Legacy | AsideKind::Backup => match io::restore(&self.text) {
                Err(e) => e.message(),
                Ok(_) => Message::plain("aside.unknown"),
            },
        }
    }

    /// A file name to download it under.
    pub fn file_name(&self) -> String {
        let stem = if self.title.is_empty() { self.id.as_str() } else { self.title.as_str() };
        crate::session::file_name(&format!("{stem} damaged")).replace(".procmod.json", ".json")
    }

    pub fn message(&self) -> Message {
        let name = if self.title.is_empty() { self.id.clone() } else { format!("{} ({})", self.title, self.id) };
        Message::new("aside.kept", vec![Arg::Text(name), Arg::Msg(Box::new(self.reason()))])
    }
}

fn kind_word(kind: AsideKind) -> &'static str {
    match kind {
        AsideKind::Document => "doc",
        AsideKind::Orphan => "entry",
        AsideKind::Legacy => "legacy",
        AsideKind::Backup => "backup",
    }
}

/// A document read from its stored record.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub doc: Document,
    pub rev: u64,
    pub changed: f64,
    /// Connectors dropped because an end names no shape (see `io::restore`).
    pub repairs: Vec<io::Repair>,
}

/// Reads a stored record: the wrapper, then the document in it.
pub fn read_record(text: &str) -> Result<Stored, LoadError> {
    let record: Record = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        detail: io::strip_position(&e.to_string()),
    })?;
    let (doc, repairs) = io::restore(record.doc.get())?;
    Ok(Stored { doc, rev: record.rev, changed: record.changed, repairs })
}

/// Why a transaction wrote nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum LibraryError {
    Store(StoreError),
    Missing(String),
    /// Someone else (another tab) saved this document since we read it.
    Conflict {
        id: String,
        stored: u64,
        base: u64,
    },
    /// A new document's id is taken.
    Taken(String),
    /// A backup file that is not one.
    Backup(LoadError),
}

impl From<StoreError> for LibraryError {
    fn from(e: StoreError) -> Self {
        LibraryError::Store(e)
    }
}

impl LibraryError {
    pub fn message(&self) -> Message {
        let text = |s: &str| Arg::Text(s.to_string());
        match self {
            LibraryError::Store(e) => e.message(),
            LibraryError::Missing(id) => Message::new("lib.err.missing", vec![text(id)]),
            LibraryError::Conflict { id, stored, base } => Message::new(
                "lib.err.conflict",
                vec![text(id), Arg::Count(*stored as usize), Arg::Count(*base as usize)],
            ),
            LibraryError::Taken(id) => Message::new("lib.err.taken", vec![text(id)]),
            LibraryError::Backup(e) => Message::new("lib.err.backup", vec![Arg::Msg(Box::new(e.message()))]),
        }
    }
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for LibraryError {}

/// A change (or a read) of the library, run as one transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Stores `doc_json` as revision `base + 1`, if the stored revision is still `base` (0: a new
    /// document, whose id must be free).
    Save { id: String, doc_json: String, entry: Entry, base: u64 },
    /// Deletes a document if it is still at revision `base`.
    Delete { id: String, base: u64 },
    /// Gives a stored document a new title, as a new revision.
    Rename { id: String, title: String, now: f64 },
    /// Copies a stored document under a new id, its title with a suffix.
    Duplicate { id: String, new_id: String, suffix: String, now: f64 },
    /// Reads a document. One that cannot be read is set aside; a damaged list entry is rebuilt.
    Load { id: String, now: f64 },
    /// Checks a document's record against its list entry: rebuilds a missing or damaged entry,
    /// sets aside a document that cannot be read or an entry whose document is gone.
    Check { id: String, now: f64 },
    /// Reads several documents' records (for a backup), without checking them.
    Export { ids: Vec<String> },
    /// Adds documents whose ids must be free, and records to keep aside, all or nothing.
    AddAll { docs: Vec<(Entry, String)>, aside: Vec<Aside> },
    /// Forgets a record kept aside.
    DiscardAside { key: String },
}

/// What a transaction found.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Done,
    Saved(Entry),
    Loaded(Box<Stored>, Entry),
    /// The record could not be read and is now kept aside.
    SetAside(Aside),
    /// A check found the record sound (with its entry, rebuilt if it had to be).
    Sound(Entry),
    /// Each requested record's text (None when absent).
    Records(Vec<(String, Option<String>)>),
}

impl Op {
    /// The keys the transaction reads, in order.
    pub fn reads(&self) -> Vec<(Table, String)> {
        let e = |id: &str| (Table::Entries, id.to_string());
        let d = |id: &str| (Table::Docs, id.to_string());
        match self {
            Op::Save { id, .. } | Op::Delete { id, .. } => vec![e(id)],
            Op::Rename { id, .. } | Op::Load { id, .. } | Op::Check { id, .. } => vec![d(id), e(id)],
            Op::Duplicate { id, new_id, .. } => vec![d(id), e(new_id)],
            Op::Export { ids } => ids.iter().map(|id| d(id)).collect(),
            Op::AddAll { docs, .. } => docs.iter().map(|(entry, _)| e(&entry.id)).collect(),
            Op::DiscardAside { .. } => vec![],
        }
    }

    /// What to write given what was read (values in the order of [`Op::reads`]), and what to
    /// answer; or why nothing may be written.
    pub fn decide(&self, found: &[Option<String>]) -> Result<(Vec<Write>, Reply), LibraryError> {
        let rev_of = |text: &Option<String>| -> Option<u64> {
            text.as_deref().and_then(|t| serde_json::from_str::<Entry>(t).ok()).map(|e| e.rev)
        };
        match self {
            Op::Save { id, doc_json, entry, base } => {
                match (&found[0], base) {
                    (None, 0) => {}
                    (Some(_), 0) => return Err(LibraryError::Taken(id.clone())),
                    (None, _) => return Err(LibraryError::Missing(id.clone())),
                    (Some(_), base) => {
                        // A damaged entry reads as revision 0: never equal to a real base.
                        let stored = rev_of(&found[0]).unwrap_or(0);
                        if stored != *base {
                            return Err(LibraryError::Conflict { id: id.clone(), stored, base: *base });
                        }
                    }
                }
                let entry = Entry { rev: base + 1, id: id.clone(), ..entry.clone() };
                let writes = vec![
                    Write::Put(Table::Docs, id.clone(), record(entry.rev, entry.changed, doc_json)),
                    Write::Put(Table::Entries, id.clone(), entry.text()),
                ];
                Ok((writes, Reply::Saved(entry)))
            }
            Op::Delete { id, base } => {
                let stored = rev_of(&found[0]).ok_or_else(|| LibraryError::Missing(id.clone()))?;
                if stored != *base {
                    return Err(LibraryError::Conflict { id: id.clone(), stored, base: *base });
                }
                Ok((
                    vec![Write::Delete(Table::Docs, id.clone()), Write::Delete(Table::Entries, id.clone())],
                    Reply::Done,
                ))
            }
            Op::Rename { id, title, now } => {
                let (mut stored, mut writes) = match read_or_set_aside(id, &found[0], &found[1], *now)? {
                    Ok(ok) => ok,
                    Err(aside) => return Ok(aside),
                };
                stored.doc.title = title.trim().to_string();
                let entry = Entry::of(id, &stored.doc, stored.rev + 1, *now);
                writes.push(Write::Put(
                    Table::Docs,
                    id.clone(),
                    record(entry.rev, *now, &io::save_compact(&stored.doc)),
                ));
                writes.push(Write::Put(Table::Entries, id.clone(), entry.text()));
                Ok((writes, Reply::Saved(entry)))
            }
            Op::Duplicate { id, new_id, suffix, now } => {
                if found[1].is_some() {
                    return Err(LibraryError::Taken(new_id.clone()));
                }
                let (mut stored, mut writes) = match read_or_set_aside(id, &found[0], &None, *now)? {
                    Ok(ok) => ok,
                    Err(aside) => return Ok(aside),
                };
                // A damaged entry of the original is rebuilt by its own check, not here.
                writes.retain(|w| !matches!(w, Write::Put(Table::Entries, _, _)));
                stored.doc.title = format!("{} {suffix}", stored.doc.title).trim().to_string();
                let entry = Entry::of(new_id, &stored.doc, 1, *now);
                writes.push(Write::Put(Table::Docs, new_id.clone(), record(1, *now, &io::save_compact(&stored.doc))));
                writes.push(Write::Put(Table::Entries, new_id.clone(), entry.text()));
                Ok((writes, Reply::Saved(entry)))
            }
            Op::Load { id, now } | Op::Check { id, now } => {
                if found[0].is_none() && found[1].is_some() {
                    // The list names a document that is gone: keep the entry aside, say so.
                    let text = found[1].clone().unwrap_or_default();
                    let title = serde_json::from_str::<Entry>(&text).map(|e| e.title).unwrap_or_default();
                    let aside = Aside::new(AsideKind::Orphan, id, &title, &text, *now);
                    return Ok((vec![aside.put(), Write::Delete(Table::Entries, id.clone())], Reply::SetAside(aside)));
                }
                let (stored, writes) = match read_or_set_aside(id, &found[0], &found[1], *now)? {
                    Ok(ok) => ok,
                    Err(aside) => return Ok(aside),
                };
                let entry = Entry::of(id, &stored.doc, stored.rev, stored.changed);
                match self {
                    Op::Load { .. } => Ok((writes, Reply::Loaded(Box::new(stored), entry))),
                    _ => Ok((writes, Reply::Sound(entry))),
                }
            }
            Op::Export { ids } => {
                Ok((vec![], Reply::Records(ids.iter().cloned().zip(found.iter().cloned()).collect())))
            }
            Op::AddAll { docs, aside } => {
                if let Some(((entry, _), _)) = docs.iter().zip(found).find(|(_, f)| f.is_some()) {
                    return Err(LibraryError::Taken(entry.id.clone()));
                }
                let mut writes = Vec::new();
                for (entry, doc_json) in docs {
                    writes.push(Write::Put(Table::Docs, entry.id.clone(), record(entry.rev, entry.changed, doc_json)));
                    writes.push(Write::Put(Table::Entries, entry.id.clone(), entry.text()));
                }
                writes.extend(aside.iter().map(Aside::put));
                Ok((writes, Reply::Done))
            }
            Op::DiscardAside { key } => Ok((vec![Write::Delete(Table::Aside, key.clone())], Reply::Done)),
        }
    }
}

type ReadOutcome = Result<(Stored, Vec<Write>), (Vec<Write>, Reply)>;

/// Reads a document's record. A missing or damaged list entry is rebuilt (the writes say how);
/// an unreadable record is set aside (the inner `Err` holds those writes and the reply).
fn read_or_set_aside(
    id: &str,
    doc: &Option<String>,
    entry: &Option<String>,
    now: f64,
) -> Result<ReadOutcome, LibraryError> {
    let text = doc.as_deref().ok_or_else(|| LibraryError::Missing(id.into()))?;
    match read_record(text) {
        Ok(stored) => {
            let wanted = Entry::of(id, &stored.doc, stored.rev, stored.changed);
            let listed = entry.as_deref().and_then(|t| serde_json::from_str::<Entry>(t).ok());
            let mut writes = Vec::new();
            if listed.as_ref() != Some(&wanted) {
                writes.push(Write::Put(Table::Entries, id.into(), wanted.text()));
            }
            Ok(Ok((stored, writes)))
        }
        Err(_) => {
            let title = entry
                .as_deref()
                .and_then(|t| serde_json::from_str::<Entry>(t).ok())
                .map(|e| e.title)
                .unwrap_or_default();
            let aside = Aside::new(AsideKind::Document, id, &title, text, now);
            let writes =
                vec![aside.put(), Write::Delete(Table::Docs, id.into()), Write::Delete(Table::Entries, id.into())];
            Ok(Err((writes, Reply::SetAside(aside))))
        }
    }
}

/// Everything listed in the library, as read at start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scan {
    /// Every (key, value) of `entries`.
    pub entries: Vec<(String, String)>,
    /// Every key of `docs`.
    pub doc_keys: Vec<String>,
    /// Every (key, value) of `aside`.
    pub aside: Vec<(String, String)>,
}

/// The library's list from a scan: entries that read well and have their document, most
/// recent first; the ids that need a [`Op::Check`] (an entry damaged or without its document,
/// a document without an entry); and what is kept aside.
pub fn reconcile(scan: &Scan) -> (Vec<Entry>, Vec<String>, Vec<Aside>) {
    let docs: std::collections::BTreeSet<&str> = scan.doc_keys.iter().map(String::as_str).collect();
    let mut listed = Vec::new();
    let mut check = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (key, value) in &scan.entries {
        seen.insert(key.as_str());
        match serde_json::from_str::<Entry>(value) {
            Ok(e) if e.id == *key && docs.contains(key.as_str()) => listed.push(e),
            _ => check.push(key.clone()),
        }
    }
    check.extend(scan.doc_keys.iter().filter(|k| !seen.contains(k.as_str())).cloned());
    let aside = scan.aside.iter().filter_map(|(_, v)| serde_json::from_str::<Aside>(v).ok()).collect();
    (sorted(listed), check, aside)
}

/// Most recently changed first; ties in the order given.
pub fn sorted(list: Vec<Entry>) -> Vec<Entry> {
    let order = crate::order::by_keys(list.iter().map(|e| !crate::order::f64_key(e.changed)));
    crate::order::apply(list, &order)
}

/// The keys of the old localStorage library (before IndexedDB).
pub mod legacy {
    use super::*;

    pub const INDEX: &str = "procmod.library";
    pub const DOC: &str = "procmod.doc.";
    pub const REV: &str = "procmod.rev.";

    /// Is this localStorage key part of the old library?
    pub fn is_legacy_key(key: &str) -> bool {
        key == INDEX || key.starts_with(DOC) || key.starts_with(REV)
    }

    /// The old library's documents, ready for [`Op::AddAll`]; what cannot be read goes aside.
    /// `items` are the localStorage (key, value) pairs of the old library.
    pub fn read(items: &[(String, String)], now: f64) -> (Vec<(Entry, String)>, Vec<Aside>) {
        let map: BTreeMap<&str, &str> = items.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let index: Vec<Entry> = map.get(INDEX).and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default();
        let mut docs = Vec::new();
        let mut aside = Vec::new();
        for (key, text) in &map {
            let Some(id) = key.strip_prefix(DOC) else { continue };
            let listed = index.iter().find(|e| e.id == id);
            match io::restore(text) {
                Ok((doc, _)) => {
                    let rev = map.get(format!("{REV}{id}").as_str()).and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
                    let changed = listed.map(|e| e.changed).unwrap_or(now);
                    docs.push((Entry::of(id, &doc, rev, changed), io::save_compact(&doc)));
                }
                Err(_) => {
                    let title = listed.map(|e| e.title.as_str()).unwrap_or("");
                    aside.push(Aside::new(AsideKind::Legacy, id, title, text, now));
                }
            }
        }
        (docs, aside)
    }
}

/// The file "Export all" writes: every document of the library with its id.
pub mod backup {
    use super::*;

    pub const FORMAT: &str = "procmod-library";
    pub const VERSION: u32 = 1;

    /// A backup file from stored records (id, record text), in the given order. Records that
    /// cannot be read are left out and returned by id.
    pub fn write(records: &[(String, Option<String>)], exported: f64) -> (String, Vec<String>) {
        let mut parts = Vec::new();
        let mut skipped = Vec::new();
        for (id, text) in records {
            match text.as_deref().map(serde_json::from_str::<Record>) {
                Some(Ok(r)) => parts.push(format!(
                    "{{\"id\":{},\"rev\":{},\"changed\":{},\"document\":{}}}",
                    serde_json::to_string(id).expect("strings serialise"),
                    r.rev,
                    num(r.changed),
                    r.doc.get()
                )),
                _ => skipped.push(id.clone()),
            }
        }
        let text = format!(
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported\":{},\"documents\":[\n{}\n]}}\n",
            num(exported),
            parts.join(",\n")
        );
        (text, skipped)
    }

    #[derive(Deserialize)]
    struct File<'a> {
        format: String,
        version: u32,
        #[serde(borrow)]
        documents: Vec<Item<'a>>,
    }

    #[derive(Deserialize)]
    struct Item<'a> {
        id: String,
        #[serde(default)]
        rev: Option<u64>,
        #[serde(default)]
        changed: Option<f64>,
        #[serde(borrow)]
        document: &'a RawValue,
    }

    /// What restoring a backup will do.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Plan {
        /// Documents to add (entry with its new id, compact JSON).
        pub add: Vec<(Entry, String)>,
        /// Ids already in the library at the same revision and time (restored before).
        pub same: Vec<String>,
        /// Ids already in the library with other content: (id in the file, id given).
        pub renamed: Vec<(String, String)>,
        /// Entries of the file that cannot be read, kept aside.
        pub unreadable: Vec<Aside>,
    }

    /// Plans restoring a backup into a library whose entries are `existing`; `fresh` makes a
    /// new id for a document whose id is used by another. References between the restored
    /// documents (parent, detail links, current state) follow renamed ids.
    pub fn plan(
        text: &str,
        existing: &[Entry],
        mut fresh: impl FnMut() -> String,
        now: f64,
    ) -> Result<Plan, LibraryError> {
        let file: File = serde_json::from_str(text).map_err(|e| {
            let syntax =
                LoadError::Syntax { line: e.line(), column: e.column(), detail: io::strip_position(&e.to_string()) };
            LibraryError::Backup(syntax)
        })?;
        if file.format != FORMAT {
            return Err(LibraryError::Backup(LoadError::Foreign(io::Foreign::OtherFormat(file.format))));
        }
        if file.version > VERSION {
            return Err(LibraryError::Backup(LoadError::TooNew { found: file.version as u64, supported: VERSION }));
        }
        let mut plan = Plan::default();
        let mut docs = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for item in &file.documents {
            match io::restore(item.document.get()) {
                Ok((doc, _)) => {
                    let listed = existing.iter().find(|e| e.id == item.id);
                    if listed.is_some_and(|e| Some(e.rev) == item.rev && Some(e.changed) == item.changed) {
                        plan.same.push(item.id.clone());
                        continue;
                    }
                    let id = if listed.is_some() || ids.contains_key(&item.id) { fresh() } else { item.id.clone() };
                    if id != item.id {
                        plan.renamed.push((item.id.clone(), id.clone()));
                    }
                    ids.insert(item.id.clone(), id.clone());
                    let rev = if id == item.id { item.rev.unwrap_or(1).max(1) } else { 1 };
                    docs.push((id, doc, rev, item.changed.unwrap_or(now)));
                }
                Err(_) => plan.unreadable.push(Aside::new(AsideKind::Backup, &item.id, "", item.document.get(), now)),
            }
        }
        for (id, mut doc, rev, changed) in docs {
            let follow = |s: &mut String| {
                if let Some(new) = ids.get(s.as_str()) {
                    *s = new.clone();
                }
            };
            follow(&mut doc.meta.parent);
            follow(&mut doc.meta.current_state);
            for n in &mut doc.nodes {
                if let Some(link) = &mut n.link {
                    follow(link);
                }
            }
            plan.add.push((Entry::of(&id, &doc, rev, changed), io::save_compact(&doc)));
        }
        Ok(plan)
    }
}

/// The library in memory: for tests (with injected failures) and as the store of last resort
/// when the browser offers none. Runs each [`Op`] exactly as IndexedDB does: all writes or none.
#[derive(Clone, Debug, Default)]
pub struct MemoryDb {
    pub tables: BTreeMap<Table, BTreeMap<String, String>>,
    /// Bytes of values allowed in all; a transaction that would exceed it fails as a whole.
    pub quota: Option<usize>,
    /// Failures to inject: the next transactions fail with these, in order.
    pub failures: std::collections::VecDeque<StoreError>,
}

impl MemoryDb {
    pub fn get(&self, table: Table, key: &str) -> Option<&String> {
        self.tables.get(&table).and_then(|t| t.get(key))
    }

    /// Runs one transaction.
    pub fn run(&mut self, op: &Op) -> Result<Reply, LibraryError> {
        if let Some(e) = self.failures.pop_front() {
            return Err(LibraryError::Store(e));
        }
        let found: Vec<Option<String>> = op.reads().iter().map(|(t, k)| self.get(*t, k).cloned()).collect();
        let (writes, reply) = op.decide(&found)?;
        let mut next = self.tables.clone();
        for w in writes {
            match w {
                Write::Put(t, k, v) => {
                    next.entry(t).or_default().insert(k, v);
                }
                Write::Delete(t, k) => {
                    next.entry(t).or_default().remove(&k);
                }
            }
        }
        if let Some(quota) = self.quota {
            let used: usize = next.values().flat_map(|t| t.values()).map(String::len).sum();
            if used > quota {
                return Err(LibraryError::Store(StoreError::quota("the storage quota is exceeded")));
            }
        }
        self.tables = next;
        Ok(reply)
    }

    /// Reads the list, the documents' keys and what is kept aside.
    pub fn scan(&self) -> Scan {
        let table = |t: Table| self.tables.get(&t).cloned().unwrap_or_default();
        Scan {
            entries: table(Table::Entries).into_iter().collect(),
            doc_keys: table(Table::Docs).into_keys().collect(),
            aside: table(Table::Aside).into_iter().collect(),
        }
    }
}

/// A number as JSON (times are whole milliseconds, written without a fraction).
fn num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        serde_json::to_string(&x).expect("numbers serialise")
    }
}
