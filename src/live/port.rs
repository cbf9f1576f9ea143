//! The live replica as the app reaches it. In the browser the [`Replica`] (and with it `yrs`)
//! lives in the exchange module, loaded when a document is shared or a room is joined, so the
//! module that opens first carries none of it. The app talks to it through a [`Remote`]: the
//! replica's methods in the app's own values, sent over [`Calls`] as text and bytes.
//!
//! The [`Host`] beside the replica keeps a copy of the open document as the replica last saw
//! it, and so does the [`Remote`]; both copies move by the same [`delta`] steps, so that an
//! edit crosses as what it changed ([`delta::diff`]) and the room's changes come back the same
//! way ([`delta::apply`]), never as the whole document. Natively the [`Host`] is called in
//! the same process, through the same text, so the tests run what the browser runs.

use super::{delta, Clock, Peer, Presence, Received, Replica};
use crate::io;
use crate::message::Message;
use crate::model::{Document, Kind};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The replica's methods as they cross between the modules: documents as their file
/// ([`io::save_compact`]), steps as [`delta::Delta`] JSON, presence, peers and what a frame did
/// as JSON, messages as [`Message::sent`], frames as bytes.
pub trait Calls {
    /// Puts `doc` into the empty shared document (the one who shares it); it is the open one.
    fn seed(&mut self, doc: &str) -> Result<(), String>;
    /// The open document is `doc` (before the room's content has arrived, when joining).
    fn base(&mut self, doc: &str) -> Result<(), String>;
    /// Records a local edit: the open document changed by `delta`.
    fn record(&mut self, delta: &str) -> Result<(), String>;
    fn undo(&mut self) -> bool;
    fn redo(&mut self) -> bool;
    fn can_undo(&self) -> bool;
    fn can_redo(&self) -> bool;
    fn hello(&mut self) -> Vec<Vec<u8>>;
    fn disconnected(&mut self);
    fn outgoing(&mut self) -> Vec<Vec<u8>>;
    /// What the frame did ([`Received`] as JSON), or why it was refused.
    fn receive(&mut self, frame: &[u8]) -> Result<String, String>;
    fn set_presence(&mut self, presence: &str);
    fn renew_presence(&mut self);
    /// The peers present, as JSON.
    fn peers(&self) -> String;
    fn state(&self) -> Vec<u8>;
    fn restore(&mut self, state: &[u8]) -> Result<(), String>;
    /// The messages of what is kept out, as JSON (each [`Message::sent`]).
    fn held_out(&self) -> String;
    /// What others changed since the last call ([`Taken`] as JSON), if anything.
    fn patch(&mut self) -> Option<String>;
    /// The open document as the replica has it now (as its file).
    fn document(&self) -> Result<String, String>;
    fn client(&self) -> u64;
    fn tag(&self) -> String;
}

/// The room's changes to the open document as they cross: the step, and what was newly kept
/// out (each [`Message::sent`]).
#[derive(Serialize, Deserialize)]
struct TakenText {
    delta: delta::Delta,
    kept_out: Vec<String>,
}

/// The open document after the room's changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Taken {
    pub doc: Document,
    /// What was newly kept out of it, and why.
    pub kept_out: Vec<Message>,
    /// Edits the replica had refused could not be kept beside the room's changes: the document
    /// is the room's version.
    pub unsent: bool,
}

/// A replica and the open document as it last saw it, behind [`Calls`].
pub struct Host {
    replica: Replica,
    doc: Document,
}

impl Host {
    pub fn new(client: u64, clock: Clock) -> Self {
        Host { replica: Replica::new(client, clock), doc: Document::new(Kind::Swimlane, "") }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn read_doc(text: &str) -> Result<Document, String> {
    io::load(text).map_err(|e| e.message().sent())
}

impl Calls for Host {
    fn seed(&mut self, doc: &str) -> Result<(), String> {
        self.doc = read_doc(doc)?;
        self.replica.seed(&self.doc);
        Ok(())
    }
    fn base(&mut self, doc: &str) -> Result<(), String> {
        self.doc = read_doc(doc)?;
        Ok(())
    }
    fn record(&mut self, delta: &str) -> Result<(), String> {
        let delta: delta::Delta = io::read_sent(delta)?;
        let after = delta::apply(&self.doc, &delta)?;
        self.replica.record(&self.doc, &after);
        self.doc = after;
        Ok(())
    }
    fn undo(&mut self) -> bool {
        self.replica.undo()
    }
    fn redo(&mut self) -> bool {
        self.replica.redo()
    }
    fn can_undo(&self) -> bool {
        self.replica.can_undo()
    }
    fn can_redo(&self) -> bool {
        self.replica.can_redo()
    }
    fn hello(&mut self) -> Vec<Vec<u8>> {
        self.replica.hello()
    }
    fn disconnected(&mut self) {
        self.replica.disconnected()
    }
    fn outgoing(&mut self) -> Vec<Vec<u8>> {
        self.replica.outgoing()
    }
    fn receive(&mut self, frame: &[u8]) -> Result<String, String> {
        self.replica.receive(frame).map(|got| json(&got)).map_err(|e| e.to_string())
    }
    fn set_presence(&mut self, presence: &str) {
        if let Ok(presence) = io::read_sent::<Presence>(presence) {
            self.replica.set_presence(&presence);
        }
    }
    fn renew_presence(&mut self) {
        self.replica.renew_presence()
    }
    fn peers(&self) -> String {
        json(&self.replica.peers())
    }
    fn state(&self) -> Vec<u8> {
        self.replica.state()
    }
    fn restore(&mut self, state: &[u8]) -> Result<(), String> {
        self.replica.restore(state).map_err(|e| e.to_string())
    }
    fn held_out(&self) -> String {
        json(&self.replica.held_out().map(|r| super::rejected_message(r).sent()).collect::<Vec<_>>())
    }
    fn patch(&mut self) -> Option<String> {
        let patched = self.replica.patch(&self.doc)?;
        let taken = TakenText {
            delta: delta::diff(&self.doc, &patched.doc),
            kept_out: patched.rejected.iter().map(|r| super::rejected_message(r).sent()).collect(),
        };
        self.doc = patched.doc;
        Some(json(&taken))
    }
    fn document(&self) -> Result<String, String> {
        Ok(io::save_compact(&self.doc))
    }
    fn client(&self) -> u64 {
        self.replica.client()
    }
    fn tag(&self) -> String {
        self.replica.tag()
    }
}

/// The replica, reached over [`Calls`]: [`Replica`]'s methods in the app's own values.
pub struct Remote {
    calls: Box<dyn Calls>,
    /// The open document as the replica last saw it (the [`Host`]'s copy, kept in step): after a
    /// local edit, the editor's own document, shared.
    doc: Rc<Document>,
}

impl Remote {
    pub fn new(calls: Box<dyn Calls>) -> Self {
        Remote { calls, doc: Rc::new(Document::new(Kind::Swimlane, "")) }
    }

    /// Puts `doc`, the open document, into the empty shared document.
    pub fn seed(&mut self, doc: &Rc<Document>) -> Result<(), String> {
        self.doc = Rc::clone(doc);
        self.calls.seed(&io::save_compact(doc))
    }

    /// The open document is `doc` (joining: before the room's content arrives).
    pub fn base(&mut self, doc: &Rc<Document>) -> Result<(), String> {
        self.doc = Rc::clone(doc);
        self.calls.base(&io::save_compact(doc))
    }

    /// Records a local edit that made the open document `after` (with any edit before it the
    /// replica refused).
    pub fn record(&mut self, after: &Rc<Document>) -> Result<(), String> {
        let step = delta::diff(&self.doc, after);
        if !step.is_empty() {
            // Refused, both copies stay where they were: the next step carries this one too.
            self.calls.record(&json(&step))?;
        }
        self.doc = Rc::clone(after);
        Ok(())
    }

    pub fn undo(&mut self) -> bool {
        self.calls.undo()
    }
    pub fn redo(&mut self) -> bool {
        self.calls.redo()
    }
    pub fn can_undo(&self) -> bool {
        self.calls.can_undo()
    }
    pub fn can_redo(&self) -> bool {
        self.calls.can_redo()
    }
    /// See [`Replica::hello`].
    pub fn hello(&mut self) -> Vec<Vec<u8>> {
        self.calls.hello()
    }
    /// See [`Replica::disconnected`].
    pub fn disconnected(&mut self) {
        self.calls.disconnected()
    }
    /// See [`Replica::outgoing`].
    pub fn outgoing(&mut self) -> Vec<Vec<u8>> {
        self.calls.outgoing()
    }
    /// See [`Replica::receive`].
    pub fn receive(&mut self, frame: &[u8]) -> Result<Received, String> {
        let got = self.calls.receive(frame)?;
        io::read_sent(&got)
    }
    pub fn set_presence(&mut self, presence: &Presence) {
        self.calls.set_presence(&json(presence))
    }
    pub fn renew_presence(&mut self) {
        self.calls.renew_presence()
    }
    /// See [`Replica::peers`].
    pub fn peers(&self) -> Vec<Peer> {
        io::read_sent(&self.calls.peers()).unwrap_or_default()
    }
    /// See [`Replica::state`].
    pub fn state(&self) -> Vec<u8> {
        self.calls.state()
    }
    pub fn restore(&mut self, state: &[u8]) -> Result<(), String> {
        self.calls.restore(state)
    }
    /// What is kept out of the open document, and why.
    pub fn held_out(&self) -> Vec<Message> {
        let sent = io::read_sent::<Vec<String>>(&self.calls.held_out()).unwrap_or_default();
        sent.iter().map(|m| Message::received(m)).collect()
    }
    /// Reads what others (or undo) changed into `current`, the open document (see
    /// [`Replica::patch`]): None when nothing changed.
    pub fn patch(&mut self, current: &Rc<Document>) -> Option<Result<Taken, String>> {
        // An edit the replica refused is offered again first, so that the room's changes are
        // read against the open document, as the replica reads them.
        let in_step = Rc::ptr_eq(current, &self.doc) || self.record(current).is_ok();
        let text = self.calls.patch()?;
        let read = io::read_sent::<TakenText>(&text).and_then(|taken| {
            let doc = delta::apply(&self.doc, &taken.delta)?;
            Ok((doc, taken.kept_out))
        });
        let (doc, kept_out) = match read {
            Ok(read) => read,
            // The replica has moved on: its whole copy is taken, so nothing of the room is lost.
            Err(why) => match self.calls.document().and_then(|text| read_doc(&text)) {
                Ok(doc) => (doc, Vec::new()),
                Err(_) => return Some(Err(why)),
            },
        };
        let kept_out = kept_out.iter().map(|m| Message::received(m)).collect();
        if in_step {
            self.doc = Rc::new(doc.clone());
            return Some(Ok(Taken { doc, kept_out, unsent: false }));
        }
        // Edits the replica has not taken stay when the room's changes fit with them (the next
        // edit offers them again); otherwise the room's version is shown, and said.
        let step = delta::diff(&self.doc, &doc);
        self.doc = Rc::new(doc);
        let merged = delta::apply(current, &step).ok().filter(|m| m.check_invariants_since(current).is_ok());
        Some(Ok(match merged {
            Some(doc) => Taken { doc, kept_out, unsent: false },
            None => Taken { doc: (*self.doc).clone(), kept_out, unsent: true },
        }))
    }
    /// The open document as the replica last saw it.
    pub fn document(&self) -> &Document {
        &self.doc
    }
    pub fn client(&self) -> u64 {
        self.calls.client()
    }
    pub fn tag(&self) -> String {
        self.calls.tag()
    }
}
