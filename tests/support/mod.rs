//! A native driver for the editor: plays user actions through the real dispatcher, as the UI
//! sends them, and after every one checks what must always hold: the document's invariants,
//! a selection of existing elements, and a document that saves and loads back unchanged.

#![allow(dead_code)]

use procmod::editor::keys::{self, KeyCommand, KeyPress};
use procmod::editor::{Action, ActionError, Editor, Outcome};
use procmod::io;
use procmod::model::{Document, Kind, NodeType};

pub struct Driver {
    pub ed: Editor,
}

/// Checks what every state of an editor must satisfy.
pub fn check(ed: &Editor) {
    if let Err(e) = ed.doc.check_invariants() {
        panic!("invariant broken: {e}\n{:#?}", ed.doc);
    }
    for id in &ed.selection {
        assert!(
            ed.doc.node(id).is_some() || ed.doc.edge(id).is_some() || ed.doc.lane(id).is_some(),
            "selection holds {id}, which is gone"
        );
    }
    let text = io::save(&ed.doc);
    match io::load(&text) {
        Ok(back) => assert_eq!(back, *ed.doc, "save then load changes the document"),
        Err(e) => panic!("the edited document no longer loads: {e}\n{text}"),
    }
}

impl Driver {
    pub fn new(doc: Document) -> Self {
        let d = Driver { ed: Editor::new(doc) };
        check(&d.ed);
        d
    }

    pub fn swimlane() -> Self {
        Driver::new(Document::new(Kind::Swimlane, "采购"))
    }

    /// A swimlane with lanes 采购员 (y 0–160) and 财务 (y 160–320).
    pub fn two_lanes() -> Self {
        let mut d = Driver::swimlane();
        d.act(Action::AddLane { name: "采购员".into() });
        d.act(Action::AddLane { name: "财务".into() });
        d
    }

    /// Dispatches an action that must succeed.
    pub fn act(&mut self, action: Action) -> Outcome {
        let shown = format!("{action:?}");
        match self.try_act(action) {
            Ok(o) => o,
            Err(e) => panic!("{shown} failed: {e}"),
        }
    }

    /// Dispatches an action; on failure, checks that nothing changed.
    pub fn try_act(&mut self, action: Action) -> Result<Outcome, ActionError> {
        let before = ((*self.ed.doc).clone(), self.ed.selection.clone(), self.ed.history.undo_len(), self.ed.revision);
        let result = self.ed.dispatch(action);
        if result.is_err() {
            let after =
                ((*self.ed.doc).clone(), self.ed.selection.clone(), self.ed.history.undo_len(), self.ed.revision);
            assert_eq!(before, after, "a refused action changed something");
        }
        check(&self.ed);
        result
    }

    /// A key press, run as the UI runs it; returns what it asked of the view.
    pub fn key(&mut self, k: KeyPress) -> Option<KeyCommand> {
        let command = keys::command(&self.ed, &k);
        if let Some(KeyCommand::Act(action)) = &command {
            let _ = self.try_act(action.clone());
        }
        command
    }

    /// Adds a shape by dropping it from the palette at (x, y); returns its id.
    pub fn shape(&mut self, kind: NodeType, x: f64, y: f64) -> String {
        self.act(Action::AddShape { kind, at: (x, y) });
        self.only_selected()
    }

    /// Drags a connector from `a` to `b`; returns its id.
    pub fn connect(&mut self, a: &str, b: &str) -> String {
        self.act(Action::Connect { from: a.into(), to: b.into() });
        self.only_selected()
    }

    pub fn select(&mut self, ids: &[&str]) {
        self.act(Action::Select(ids.iter().map(|s| s.to_string()).collect()));
    }

    pub fn only_selected(&self) -> String {
        assert_eq!(self.ed.selection.len(), 1, "one element selected: {:?}", self.ed.selection);
        self.ed.selection.iter().next().cloned().unwrap_or_default()
    }

    pub fn doc(&self) -> &Document {
        &self.ed.doc
    }
}

// ----- tabs of the app over one shared library ------------------------------------------

use procmod::library::MemoryDb;
use procmod::session::{Event, Session};

/// A tab that has read the library and opened its document (or made `starter`).
pub fn open_tab(db: &mut MemoryDb, tab: &str, starter: Document, now: f64) -> Session {
    let mut s = Session::new(tab);
    s.start(&db.scan(), &[], vec![], None, starter, now);
    s.run(db, now);
    s
}

/// Runs one job of `tabs[i]`, if it has one, and tells the other tabs what it wrote, as the
/// broadcast channel does. Returns whether a job ran; the tab's other events are kept.
pub fn step(db: &mut MemoryDb, tabs: &mut [&mut Session], i: usize, now: f64, events: &mut Vec<Event>) -> bool {
    let Some(job) = tabs[i].next_job(now) else { return false };
    let result = db.run(&job.op);
    tabs[i].finish(job, result, now);
    for e in tabs[i].take_events() {
        if let Event::Changed(change) = &e {
            for (j, other) in tabs.iter_mut().enumerate() {
                if j != i {
                    other.remote_change(change.clone(), now);
                }
            }
        }
        events.push(e);
    }
    true
}

/// Runs every tab's jobs, round by round, until none is left. Returns the events.
pub fn settle(db: &mut MemoryDb, tabs: &mut [&mut Session], now: f64) -> Vec<Event> {
    let mut events = Vec::new();
    loop {
        let mut ran = false;
        for i in 0..tabs.len() {
            ran |= step(db, tabs, i, now, &mut events);
        }
        if !ran {
            return events;
        }
    }
}
