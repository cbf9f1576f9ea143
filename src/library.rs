//! The local document library: an index of documents, each stored under its own key with a
//! revision number, over any key-value store (the browser's localStorage in the app, a map in
//! tests). Saving checks the revision it started from, so two tabs editing one document cannot
//! silently overwrite each other.

use crate::io::{self, LoadError, Repair};
use crate::message::{Arg, Message};
use crate::model::{Document, Kind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A failure of the underlying store, with the store's own words.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// Where documents are kept.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
}

/// An in-memory store, for tests and as a fallback when the browser offers none. A quota (in
/// bytes of values) makes it fail the way a full localStorage does.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    pub map: BTreeMap<String, String>,
    pub quota: Option<usize>,
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(quota) = self.quota {
            let used: usize = self.map.iter().filter(|(k, _)| k.as_str() != key).map(|(_, v)| v.len()).sum();
            if used + value.len() > quota {
                return Err(StoreError("the storage quota is exceeded".into()));
            }
        }
        self.map.insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.map.remove(key);
        Ok(())
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

#[derive(Clone, Debug, PartialEq)]
pub enum LibraryError {
    Store(StoreError),
    Missing(String),
    /// The stored copy cannot be read.
    Corrupt {
        id: String,
        error: LoadError,
    },
    /// Someone else (another tab) saved this document since we loaded it.
    Conflict {
        id: String,
        stored: u64,
        base: u64,
    },
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
            LibraryError::Store(e) => Message::new("lib.err.store", vec![text(&e.0)]),
            LibraryError::Missing(id) => Message::new("lib.err.missing", vec![text(id)]),
            LibraryError::Corrupt { id, error } => {
                Message::new("lib.err.corrupt", vec![text(id), Arg::Msg(Box::new(error.message()))])
            }
            LibraryError::Conflict { id, stored, base } => Message::new(
                "lib.err.conflict",
                vec![text(id), Arg::Count(*stored as usize), Arg::Count(*base as usize)],
            ),
        }
    }
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for LibraryError {}

const INDEX: &str = "procmod.library";
const CURRENT: &str = "procmod.current";

fn doc_key(id: &str) -> String {
    format!("procmod.doc.{id}")
}
fn rev_key(id: &str) -> String {
    format!("procmod.rev.{id}")
}

/// Is this storage key one of a document's (its text or revision)? Returns the document id.
pub fn document_of_key(key: &str) -> Option<&str> {
    key.strip_prefix("procmod.doc.").or_else(|| key.strip_prefix("procmod.rev."))
}

pub struct Library<S: KeyValue> {
    pub store: S,
}

impl<S: KeyValue> Library<S> {
    pub fn new(store: S) -> Self {
        Library { store }
    }

    /// Every document, most recently changed first. A damaged index reads as empty rather than
    /// failing the app; the documents themselves stay in the store.
    pub fn list(&self) -> Result<Vec<Entry>, LibraryError> {
        let list: Vec<Entry> = match self.store.get(INDEX)? {
            Some(text) => serde_json::from_str(&text).unwrap_or_default(),
            None => Vec::new(),
        };
        // Most recent first, ties in index order.
        let order = crate::order::by_keys(list.iter().map(|e| !crate::order::f64_key(e.changed)));
        Ok(crate::order::apply(list, &order))
    }

    fn write_index(&mut self, list: &[Entry]) -> Result<(), LibraryError> {
        let text = serde_json::to_string(list).expect("entries serialise");
        Ok(self.store.set(INDEX, &text)?)
    }

    fn entry(&self, id: &str) -> Result<Entry, LibraryError> {
        self.list()?.into_iter().find(|e| e.id == id).ok_or_else(|| LibraryError::Missing(id.into()))
    }

    /// The stored revision of a document (0 when it has never been saved).
    pub fn stored_rev(&self, id: &str) -> Result<u64, LibraryError> {
        Ok(self.store.get(&rev_key(id))?.and_then(|r| r.parse().ok()).unwrap_or(0))
    }

    /// Adds a new document; returns its entry.
    pub fn create(&mut self, doc: &Document, now: f64) -> Result<Entry, LibraryError> {
        let list = self.list()?;
        let mut n = list.len() as u64 + 1;
        let mut id = format!("doc{n}");
        while list.iter().any(|e| e.id == id) || self.store.get(&doc_key(&id))?.is_some() {
            n += 1;
            id = format!("doc{n}");
        }
        self.save(&id, doc, 0, now, true)?;
        self.entry(&id)
    }

    /// Reads a document and its revision.
    pub fn load(&self, id: &str) -> Result<(Document, u64), LibraryError> {
        self.load_repaired(id).map(|(doc, rev, _)| (doc, rev))
    }

    /// Reads a document and its revision, and what had to be repaired to open it (connectors
    /// to missing shapes, which earlier versions stored; see `io::restore`).
    pub fn load_repaired(&self, id: &str) -> Result<(Document, u64, Vec<Repair>), LibraryError> {
        let text = self.store.get(&doc_key(id))?.ok_or_else(|| LibraryError::Missing(id.into()))?;
        let (doc, repairs) = io::restore(&text).map_err(|error| LibraryError::Corrupt { id: id.into(), error })?;
        Ok((doc, self.stored_rev(id)?, repairs))
    }

    /// Saves a document that was loaded at revision `base`. Refuses with `Conflict` when the
    /// stored revision moved on meanwhile, unless `force`. Returns the new revision.
    pub fn save(&mut self, id: &str, doc: &Document, base: u64, now: f64, force: bool) -> Result<u64, LibraryError> {
        let stored = self.stored_rev(id)?;
        if stored != base && !force {
            return Err(LibraryError::Conflict { id: id.into(), stored, base });
        }
        let rev = stored.max(base) + 1;
        self.store.set(&doc_key(id), &io::save_compact(doc))?;
        self.store.set(&rev_key(id), &rev.to_string())?;
        let mut list = self.list()?;
        let entry = Entry {
            id: id.into(),
            title: doc.title.clone(),
            kind: doc.kind,
            changed: now,
            rev,
            level: doc.meta.level.clone(),
            parent: doc.meta.parent.clone(),
        };
        match list.iter_mut().find(|e| e.id == id) {
            Some(e) => *e = entry,
            None => list.push(entry),
        }
        self.write_index(&list)?;
        Ok(rev)
    }

    /// Renames a stored document (its title), as a new revision.
    pub fn rename(&mut self, id: &str, title: &str, now: f64) -> Result<u64, LibraryError> {
        let (mut doc, rev) = self.load(id)?;
        doc.title = title.trim().to_string();
        self.save(id, &doc, rev, now, false)
    }

    /// Copies a stored document under a new id with `suffix` added to its title.
    pub fn duplicate(&mut self, id: &str, suffix: &str, now: f64) -> Result<Entry, LibraryError> {
        let (mut doc, _) = self.load(id)?;
        doc.title = format!("{} {suffix}", doc.title).trim().to_string();
        self.create(&doc, now)
    }

    /// The chain of documents from the top level down to `id`, following each one's parent.
    pub fn ancestry(&self, id: &str) -> Result<Vec<Entry>, LibraryError> {
        let list = self.list()?;
        let mut chain = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(id) = next.take() {
            // A cycle of parents (hand-edited files) must not loop forever.
            if chain.iter().any(|e: &Entry| e.id == id) {
                break;
            }
            let Some(e) = list.iter().find(|e| e.id == id) else { break };
            next = (!e.parent.is_empty()).then(|| e.parent.clone());
            chain.push(e.clone());
        }
        chain.reverse();
        Ok(chain)
    }

    pub fn delete(&mut self, id: &str) -> Result<(), LibraryError> {
        let list: Vec<Entry> = self.list()?.into_iter().filter(|e| e.id != id).collect();
        self.write_index(&list)?;
        self.store.remove(&doc_key(id))?;
        self.store.remove(&rev_key(id))?;
        if self.current()?.as_deref() == Some(id) {
            self.store.remove(CURRENT)?;
        }
        Ok(())
    }

    /// The document that was open last.
    pub fn current(&self) -> Result<Option<String>, LibraryError> {
        Ok(self.store.get(CURRENT)?)
    }
    pub fn set_current(&mut self, id: &str) -> Result<(), LibraryError> {
        Ok(self.store.set(CURRENT, id)?)
    }
}
