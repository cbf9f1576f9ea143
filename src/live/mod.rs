//! Live co-editing: the open document shared through a Y.Doc (yrs, the Rust port of Yjs) with
//! everyone in a room, over the standard Yjs sync and awareness protocols, so that any
//! y-websocket-compatible server relays it (`procmod sync`, `@y/websocket-server`, …).
//!
//! A [`Replica`] holds this participant's copy of the shared document. Local edits go through
//! the editor as always; the step from the document before to the document after is written
//! into the Y.Doc ([`schema::write_step`]), field by field. What others change arrives as
//! protocol messages ([`Replica::receive`]); the entries it touched are read back into the
//! open document ([`Replica::patch`]), and whatever would break the document's invariants is
//! kept out and reported, never taken in. Undo and redo undo only this participant's own
//! edits (the Yjs undo manager).
//!
//! Pure and synchronous, like the session: the page moves the bytes over a WebSocket (one
//! protocol message per frame) and the tests move them by hand.

pub mod delta;
pub mod invite;
pub mod port;
pub mod schema;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;

use crate::model::{Document, ElementRef, Lane, Node, Shared};
use schema::{List, Reason, Rejected, Roots};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::types::{DeepObservable, Event, PathSegment};
use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ClientID, Doc, Map as _, Origin, ReadTxn, StateVector, Transact, Update};

/// Origin of this participant's edits (the undo manager tracks only these).
const LOCAL: &str = "procmod-local";
/// Origin of what arrived from the room.
const REMOTE: &str = "procmod-remote";
/// Origin of the document put into an empty room (not undoable).
const SEED: &str = "procmod-seed";

/// A clock in milliseconds since 1970 (the browser's `Date.now()`; the system clock natively).
pub type Clock = fn() -> u64;

/// What a participant shows the others: who they are, where their pointer is, what they
/// have selected and which label they are typing in. Sent as the Yjs awareness state
/// `{"user": {"name", "color"}, "pointer": [x, y], "selection": [ids], "typing": id}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    #[serde(default)]
    pub user: User,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typing: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    #[serde(default)]
    pub name: String,
    /// A CSS colour (`#rrggbb`).
    #[serde(default)]
    pub color: String,
}

/// Another participant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Peer {
    pub client: u64,
    pub presence: Presence,
}

/// What a received frame did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Received {
    /// The shared document changed: call [`Replica::patch`].
    pub changed: bool,
    /// Someone's presence changed.
    pub presence: bool,
    /// The room's state has arrived (the first sync is complete).
    pub synced: bool,
}

/// A frame that could not be taken in. Nothing of it was applied.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LiveError {
    #[error("the message is not in the Yjs protocol: {0}")]
    Malformed(String),
    #[error("the update does not apply: {0}")]
    Update(String),
    #[error("the server refused: {0}")]
    Denied(String),
}

/// The open document's new state after changes from the room.
#[derive(Clone, Debug, PartialEq)]
pub struct Patched {
    pub doc: Document,
    /// Elements newly kept out of the document, and why.
    pub rejected: Vec<Rejected>,
}

#[derive(Default)]
struct Pending {
    /// Entries others (or undo) changed, by list.
    changed: BTreeMap<List, BTreeSet<String>>,
    header: bool,
    /// Encoded protocol messages to send, one per frame.
    outbox: Vec<Vec<u8>>,
}

/// This participant's copy of a shared document.
pub struct Replica {
    awareness: Awareness,
    roots: Roots,
    undo: UndoManager<()>,
    pending: Rc<RefCell<Pending>>,
    /// Entries kept out of the open document, by list and id.
    held_out: BTreeMap<(List, String), Rejected>,
    /// The document's own fields as the room has them, when they were kept out.
    header_held: Option<Rejected>,
    clock: Clock,
}

impl Replica {
    /// An empty replica for the participant `client` (a Yjs client id, below 2^53).
    pub fn new(client: u64, clock: Clock) -> Self {
        let doc = Doc::with_client_id(client & ((1 << 53) - 1));
        let roots = Roots::of(&doc);
        let pending = Rc::new(RefCell::new(Pending::default()));
        let out = Rc::clone(&pending);
        doc.observe_update_v1("procmod-out", move |txn, event| {
            if txn.origin() != Some(&Origin::from(REMOTE)) {
                let message = Message::Sync(SyncMessage::Update(event.update.clone()));
                out.borrow_mut().outbox.push(message.encode_v1());
            }
        })
        .expect("a new document has no transaction open");
        for list in List::ALL {
            let seen = Rc::clone(&pending);
            roots.list(list).observe_deep("procmod-in", move |txn, events| {
                if txn.origin() == Some(&Origin::from(LOCAL)) {
                    return;
                }
                let mut seen = seen.borrow_mut();
                let ids = seen.changed.entry(list).or_default();
                for event in events.iter() {
                    let path = event.path();
                    match path.front() {
                        Some(PathSegment::Key(id)) => {
                            ids.insert(id.to_string());
                        }
                        Some(PathSegment::Index(_)) => {}
                        None => {
                            if let Event::Map(map) = event {
                                ids.extend(map.keys(txn).keys().map(|k| k.to_string()));
                            }
                        }
                    }
                }
            });
        }
        let seen = Rc::clone(&pending);
        roots.doc.observe_deep("procmod-in", move |txn, _| {
            if txn.origin() != Some(&Origin::from(LOCAL)) {
                seen.borrow_mut().header = true;
            }
        });
        let mut undo = UndoManager::with_options(UndoOptions {
            capture_timeout_millis: 0,
            tracked_origins: [Origin::from(LOCAL)].into_iter().collect(),
            capture_transaction: None,
            timestamp: Arc::new(clock),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        for root in [&roots.doc, &roots.lanes, &roots.nodes, &roots.edges] {
            undo.expand_scope(&doc, root);
        }
        Replica {
            awareness: Awareness::with_clock(doc, clock),
            roots,
            undo,
            pending,
            held_out: BTreeMap::new(),
            header_held: None,
            clock,
        }
    }

    /// This participant's Yjs client id.
    pub fn client(&self) -> u64 {
        self.doc().client_id().get()
    }

    /// A short tag of this participant for the ids of what they add (base 36 of the client
    /// id): two people adding a shape at once never give it the same id.
    pub fn tag(&self) -> String {
        let mut n = self.client() % 36u64.pow(5);
        let mut s = Vec::new();
        for _ in 0..5 {
            s.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
            n /= 36;
        }
        s.reverse();
        String::from_utf8(s).unwrap_or_default()
    }

    fn doc(&self) -> &Doc {
        self.awareness.doc()
    }

    /// Puts `doc` into the shared document (the one who shares it, into an empty room).
    pub fn seed(&mut self, doc: &Document) {
        let mut txn = self.doc().transact_mut_with(SEED);
        schema::write_document(&mut txn, &self.roots, doc);
    }

    /// True when the shared document holds a document (its own fields are there).
    pub fn has_document(&self) -> bool {
        self.roots.doc.len(&self.doc().transact()) > 0
    }

    /// Records a local edit: the step from `before` to `after` (both as the editor had them).
    pub fn record(&mut self, before: &Document, after: &Document) {
        let mut txn = self.doc().transact_mut_with(LOCAL);
        schema::write_step(&mut txn, &self.roots, before, after);
    }

    /// Undoes this participant's last edit that is still there. True if anything changed;
    /// the change is read back by [`Replica::patch`].
    pub fn undo(&mut self) -> bool {
        self.undo.undo_blocking()
    }
    pub fn redo(&mut self) -> bool {
        self.undo.redo_blocking()
    }
    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }
    pub fn can_redo(&self) -> bool {
        self.undo.can_redo()
    }

    /// The first messages on a new connection: our state vector (the room answers with what
    /// we lack and asks for what it lacks) and our presence. Whatever was waiting to be sent
    /// is dropped: the exchange that follows carries it.
    pub fn hello(&mut self) -> Vec<Vec<u8>> {
        self.pending.borrow_mut().outbox.clear();
        let sv = self.doc().transact().state_vector();
        let mut out = vec![Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1()];
        out.extend(self.presence_message());
        out
    }

    /// The connection is gone: others' presence is forgotten (they may be gone too), and
    /// edits wait in the document for the next [`Replica::hello`].
    pub fn disconnected(&mut self) {
        let me = self.doc().client_id();
        let others: Vec<ClientID> = self.awareness.iter().map(|(id, _)| id).filter(|id| *id != me).collect();
        for id in others {
            self.awareness.remove_state(id);
        }
        self.pending.borrow_mut().outbox.clear();
    }

    /// Messages waiting to be sent, each to go in a WebSocket frame of its own.
    pub fn outgoing(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.pending.borrow_mut().outbox)
    }

    /// Takes in one frame (one protocol message) from the room. A frame the protocol cannot read, or an update that
    /// does not apply, changes nothing and says why.
    pub fn receive(&mut self, frame: &[u8]) -> Result<Received, LiveError> {
        // One message per frame, as y-websocket sends and reads them.
        let message = Message::decode_v1(frame).map_err(|e| LiveError::Malformed(e.to_string()))?;
        let mut got = Received::default();
        {
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let update = self.doc().transact().encode_state_as_update_v1(&sv);
                    self.pending.borrow_mut().outbox.push(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1());
                }
                Message::Sync(SyncMessage::SyncStep2(bytes)) => {
                    got.synced = true;
                    got.changed |= self.apply(&bytes)?;
                }
                Message::Sync(SyncMessage::Update(bytes)) => got.changed |= self.apply(&bytes)?,
                Message::Awareness(update) => {
                    let me = self.doc().client_id();
                    let others = yrs::sync::AwarenessUpdate {
                        clients: update.clients.into_iter().filter(|(id, _)| *id != me).collect(),
                    };
                    if let Some(summary) =
                        self.awareness.apply_update_summary(others).map_err(|e| LiveError::Malformed(e.to_string()))?
                    {
                        got.presence |= !summary.all_changes().is_empty();
                    }
                }
                Message::AwarenessQuery => {
                    let out = self.presence_message();
                    self.pending.borrow_mut().outbox.extend(out);
                }
                Message::Auth(Some(reason)) => return Err(LiveError::Denied(reason)),
                Message::Auth(None) | Message::Custom(..) => {}
            }
        }
        Ok(got)
    }

    /// Applies one update from the room; true if the shared document changed.
    fn apply(&mut self, bytes: &[u8]) -> Result<bool, LiveError> {
        let update = Update::decode_v1(bytes).map_err(|e| LiveError::Malformed(e.to_string()))?;
        let before = self.doc().transact().state_vector();
        self.doc().transact_mut_with(REMOTE).apply_update(update).map_err(|e| LiveError::Update(e.to_string()))?;
        Ok(self.doc().transact().state_vector() != before || self.pending_changes())
    }

    fn pending_changes(&self) -> bool {
        let pending = self.pending.borrow();
        pending.header || pending.changed.values().any(|ids| !ids.is_empty())
    }

    /// Sets what this participant shows the others (sent with the next [`Replica::outgoing`]).
    pub fn set_presence(&mut self, presence: &Presence) {
        if self.awareness.local_state::<Presence>().as_ref() == Some(presence) {
            return;
        }
        if self.awareness.set_local_state(presence).is_ok() {
            let out = self.presence_message();
            self.pending.borrow_mut().outbox.extend(out);
        }
    }

    /// Sends our presence again (others forget a participant not heard of for 30 s).
    pub fn renew_presence(&mut self) {
        let out = self.presence_message();
        self.pending.borrow_mut().outbox.extend(out);
    }

    fn presence_message(&self) -> Option<Vec<u8>> {
        let me = self.doc().client_id();
        self.awareness.local_state_raw()?;
        self.awareness.update_with_clients([me]).ok().map(|u| Message::Awareness(u).encode_v1())
    }

    /// The other participants present, heard of within the last 30 seconds, by client id.
    pub fn peers(&self) -> Vec<Peer> {
        let me = self.doc().client_id();
        let now = (self.clock)();
        let mut peers: Vec<Peer> = self
            .awareness
            .iter()
            .filter(|(id, state)| *id != me && now.saturating_sub(state.last_updated) < 30_000)
            .filter_map(|(id, state)| {
                let presence = serde_json::from_str::<Presence>(state.data.as_deref()?).ok()?;
                Some(Peer { client: id.get(), presence })
            })
            .collect();
        peers.sort_by_key(|p| p.client);
        peers
    }

    /// The whole shared state, as one update (to keep locally, or to compare).
    pub fn state(&self) -> Vec<u8> {
        self.doc().transact().encode_state_as_update_v1(&StateVector::default())
    }

    /// Applies a state kept earlier (see [`Replica::state`]) as if it had arrived.
    pub fn restore(&mut self, state: &[u8]) -> Result<(), LiveError> {
        let update = Update::decode_v1(state).map_err(|e| LiveError::Malformed(e.to_string()))?;
        self.doc().transact_mut_with(REMOTE).apply_update(update).map_err(|e| LiveError::Update(e.to_string()))
    }

    /// The elements kept out of the document, and why.
    pub fn held_out(&self) -> impl Iterator<Item = &Rejected> {
        self.header_held.iter().chain(self.held_out.values())
    }

    /// Reads what others (or undo) changed into `current`, the open document: the new
    /// document, or None when nothing changed. Entries that do not make valid elements, or
    /// that would break the document's invariants, are kept out (and tried again with every
    /// later change, so that they come back once what they need is there).
    pub fn patch(&mut self, current: &Document) -> Option<Patched> {
        let (mut changed, header) = {
            let mut pending = self.pending.borrow_mut();
            (std::mem::take(&mut pending.changed), std::mem::take(&mut pending.header))
        };
        if !header && changed.values().all(|ids| ids.is_empty()) {
            return None;
        }
        for (list, id) in self.held_out.keys() {
            changed.entry(*list).or_default().insert(id.clone());
        }
        let was_held: BTreeMap<(List, String), Rejected> = std::mem::take(&mut self.held_out);
        let was_header = self.header_held.clone();
        let txn = self.awareness.doc().transact();
        let mut doc = current.clone();
        if header {
            self.header_held = None;
            match schema::read_header(&txn, &self.roots, &doc) {
                Some(Ok(read)) => doc = read,
                Some(Err(rejected)) => self.header_held = Some(rejected),
                None => {}
            }
        }
        let empty = BTreeSet::new();
        let lanes = changed.get(&List::Lanes).unwrap_or(&empty);
        if !lanes.is_empty() {
            doc.lanes = read_lanes(&txn, &self.roots, &mut self.held_out);
        }
        let kind = doc.kind;
        let ids = changed.get(&List::Nodes).unwrap_or(&empty);
        let reject = |n: &Node| crate::model::check_node(kind, n);
        patch_list(&txn, &self.roots, List::Nodes, &mut doc.nodes, ids, &mut self.held_out, reject, |n| &n.id);
        let ids = changed.get(&List::Edges).unwrap_or(&empty);
        patch_list(
            &txn,
            &self.roots,
            List::Edges,
            &mut doc.edges,
            ids,
            &mut self.held_out,
            crate::model::check_edge,
            |e| &e.id,
        );
        drop(txn);
        // What would break the document's invariants stays out, one element at a time.
        for _ in 0..100_000 {
            let Err(invalid) = doc.check_invariants_since(current) else { break };
            let list = match &invalid.element {
                ElementRef::Node(_) => List::Nodes,
                ElementRef::Edge(_) => List::Edges,
                ElementRef::Lane(_) => List::Lanes,
                ElementRef::Document | ElementRef::Settings => {
                    doc.settings = current.settings.clone();
                    doc.kind = current.kind;
                    self.header_held =
                        Some(Rejected { element: invalid.element.clone(), reason: Reason::Invalid(invalid) });
                    continue;
                }
            };
            let id = match &invalid.element {
                ElementRef::Node(id) | ElementRef::Edge(id) | ElementRef::Lane(id) => id.clone(),
                _ => unreachable!("handled above"),
            };
            match list {
                List::Nodes => remove_one(&mut doc.nodes, &id, |n| &n.id),
                List::Edges => remove_one(&mut doc.edges, &id, |e| &e.id),
                List::Lanes => {
                    if let Some(i) = doc.lanes.iter().rposition(|l| l.id == id) {
                        doc.lanes.remove(i);
                    }
                }
            }
            self.held_out
                .insert((list, id), Rejected { element: invalid.element.clone(), reason: Reason::Invalid(invalid) });
        }
        let header_news = self.header_held.as_ref().filter(|r| was_header.as_ref() != Some(*r));
        let rejected = header_news
            .into_iter()
            .chain(self.held_out.iter().filter(|(k, r)| was_held.get(*k) != Some(*r)).map(|(_, r)| r))
            .cloned()
            .collect();
        Some(Patched { doc, rejected })
    }
}

/// Every lane, in the order of their sort keys.
fn read_lanes<T: ReadTxn>(txn: &T, roots: &Roots, held_out: &mut BTreeMap<(List, String), Rejected>) -> Vec<Lane> {
    let mut lanes: Vec<(f64, Lane)> = Vec::new();
    let keys: Vec<String> = roots.lanes.keys(txn).map(|k| k.to_string()).collect();
    for key in keys {
        match schema::read_element::<Lane, _>(txn, List::Lanes, &key, roots.lanes.get(txn, &key)) {
            Some(Ok((lane, order))) => match crate::model::check_lane(&lane) {
                Ok(()) => lanes.push((order, lane)),
                Err(invalid) => {
                    let element = List::Lanes.element(&key);
                    held_out.insert((List::Lanes, key), Rejected { element, reason: Reason::Invalid(invalid) });
                }
            },
            Some(Err(rejected)) => {
                held_out.insert((List::Lanes, key), rejected);
            }
            None => {}
        }
    }
    lanes.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    lanes.into_iter().map(|(_, l)| l).collect()
}

fn remove_one<T>(list: &mut Vec<Shared<T>>, id: &str, id_of: impl Fn(&T) -> &String) {
    if let Some(i) = list.iter().rposition(|e| id_of(e) == id) {
        list.remove(i);
    }
}

/// Reads the entries `ids` of one list into `list` (replacing, adding, removing), then puts
/// the list in the order of the entries' sort keys if an addition or a new key calls for it.
#[allow(clippy::too_many_arguments)]
fn patch_list<T, R>(
    txn: &R,
    roots: &Roots,
    which: List,
    list: &mut Vec<Shared<T>>,
    ids: &BTreeSet<String>,
    held_out: &mut BTreeMap<(List, String), Rejected>,
    check: impl Fn(&T) -> Result<(), crate::model::Invalid>,
    id_of: impl Fn(&T) -> &String,
) where
    T: serde::de::DeserializeOwned + PartialEq,
    R: ReadTxn,
{
    if ids.is_empty() {
        return;
    }
    let root = roots.list(which);
    // Where each id is: looked up one by one for a few (the usual remote edit), by a map for many.
    let index: Option<HashMap<&str, usize>> =
        (ids.len() > 16).then(|| list.iter().enumerate().map(|(i, e)| (id_of(e).as_str(), i)).collect());
    let found: Vec<Option<usize>> = ids
        .iter()
        .map(|id| match &index {
            Some(index) => index.get(id.as_str()).copied(),
            None => list.iter().position(|e| id_of(e) == id),
        })
        .collect();
    drop(index);
    let mut gone: BTreeSet<usize> = BTreeSet::new();
    let mut added: Vec<Shared<T>> = Vec::new();
    let mut reorder = false;
    for (id, at) in ids.iter().zip(found) {
        let read = schema::read_element::<T, R>(txn, which, id, root.get(txn, id));
        let element = match read {
            None => None,
            Some(Err(rejected)) => {
                held_out.insert((which, id.clone()), rejected);
                None
            }
            Some(Ok((element, _))) => match check(&element) {
                Ok(()) => Some(element),
                Err(invalid) => {
                    held_out.insert(
                        (which, id.clone()),
                        Rejected { element: which.element(id), reason: Reason::Invalid(invalid) },
                    );
                    None
                }
            },
        };
        match (element, at) {
            (Some(element), Some(i)) => {
                if *list[i] != element {
                    list[i] = Shared::new(element);
                }
                reorder |= out_of_order(txn, root, list, i, &id_of);
            }
            (Some(element), None) => {
                added.push(Shared::new(element));
                reorder = true;
            }
            (None, Some(i)) => {
                gone.insert(i);
            }
            (None, None) => {}
        }
    }
    if !gone.is_empty() {
        let mut i = 0;
        list.retain(|_| {
            let keep = !gone.contains(&i);
            i += 1;
            keep
        });
    }
    list.extend(added);
    if reorder {
        let mut keyed: Vec<(f64, Shared<T>)> = std::mem::take(list)
            .into_iter()
            .map(|e| (schema::order_of(txn, root, id_of(&e)).unwrap_or(0.0), e))
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| id_of(&a.1).cmp(id_of(&b.1))));
        *list = keyed.into_iter().map(|(_, e)| e).collect();
    }
}

/// Whether the element at `i` sorts out of place beside its neighbours.
fn out_of_order<T, R: ReadTxn>(
    txn: &R,
    root: &yrs::MapRef,
    list: &[Shared<T>],
    i: usize,
    id_of: &impl Fn(&T) -> &String,
) -> bool {
    let key = |j: usize| (schema::order_of(txn, root, id_of(&list[j])).unwrap_or(0.0), id_of(&list[j]).clone());
    let here = key(i);
    let before = i.checked_sub(1).map(key);
    let after = (i + 1 < list.len()).then(|| key(i + 1));
    let less = |a: &(f64, String), b: &(f64, String)| a.0 < b.0 || (a.0 == b.0 && a.1 < b.1);
    before.is_some_and(|b| !less(&b, &here)) || after.is_some_and(|a| !less(&here, &a))
}

/// A document read whole from a Y.Doc's state (an update), with what was kept out: for
/// servers, tools and tests.
pub fn read_state(state: &[u8]) -> Result<(Document, Vec<Rejected>), LiveError> {
    let mut replica = Replica::new(1, || 0);
    replica.restore(state)?;
    let empty = Document::new(crate::model::Kind::Swimlane, "");
    let patched = replica.patch(&empty).map(|p| p.doc).unwrap_or(empty);
    let rejected = replica.held_out().cloned().collect();
    Ok((patched, rejected))
}

/// What a rejected element is, and why it was kept out, for the user.
pub fn rejected_message(rejected: &Rejected) -> crate::message::Message {
    use crate::message::{Arg, Message};
    let why = match &rejected.reason {
        Reason::Invalid(invalid) => return invalid.message(),
        Reason::NotAnEntry => Message::plain("live.not_entry"),
        Reason::IdMismatch(found) => Message::new("live.id_mismatch", vec![Arg::Text(found.clone())]),
        Reason::Unreadable(what) => Message::new("live.unreadable", vec![Arg::Text(what.clone())]),
    };
    Message::new("live.rejected", vec![Arg::Msg(Box::new(rejected.element.message())), Arg::Msg(Box::new(why))])
}
