//! Editor state shared by every diagram editor: the open document, its history, the selection
//! and the clipboard; and the one way to change them, [`Editor::dispatch`], which turns a user's
//! [`Action`] into commands with the editor's behaviours (a drop that also changes lanes, a
//! lane reorder that also moves the lane's shapes, a paste with fresh ids into the lane under
//! it, a time unit that converts every duration), as one undo step, and checks the document's
//! invariants after it.
//! Pure: the UI sends actions and renders the result; nothing here touches the browser.

mod action;
pub mod arrange;
pub mod gesture;
pub mod guides;
pub mod keys;
pub mod layout;
pub mod sipoc;
pub mod table;

pub use action::{Action, ActionError, DocField, EdgeField, LaneField, NodeField, Outcome, Point};

use crate::command::{Command, CommandError, DocProps, Target};
use crate::history::History;
use crate::model::{ArrowKind, Document, Edge, Kind, Lane, Node, NodeType, Orientation, Shared, TimeUnit};
use layout::{lane_bands, lane_of_node, snap, MIN_LANE_SIZE};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// Shapes and connectors copied for pasting.
#[derive(Clone, Debug, PartialEq)]
pub struct Clip {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One open document being edited.
#[derive(Clone, Debug)]
pub struct Editor {
    /// The document; shared with the renderer, copied on write.
    pub doc: Rc<Document>,
    pub history: History,
    /// Ids of the selected shapes, connectors and lanes. View state: not history, not saved.
    pub selection: BTreeSet<String>,
    pub clipboard: Option<Clip>,
    /// Bumped on every change of the document (edits, undo, redo).
    pub revision: u64,
    pastes: u32,
}

impl Editor {
    pub fn new(doc: Document) -> Self {
        Editor {
            doc: Rc::new(doc),
            history: History::default(),
            selection: BTreeSet::new(),
            clipboard: None,
            revision: 0,
            pastes: 0,
        }
    }

    /// Replaces the document (open, import): forgets history and selection.
    pub fn open(&mut self, doc: Document) {
        self.doc = Rc::new(doc);
        self.history.clear();
        self.selection.clear();
        self.revision += 1;
    }

    /// Takes in another version of the open document (changes another tab saved, merged with
    /// ours). The undo history starts again from here: its steps were recorded against a
    /// document that no longer exists, and undoing them could undo the other tab's work.
    /// The selection keeps what still exists.
    pub fn rebase(&mut self, doc: Document) {
        self.selection
            .retain(|id| doc.node(id).is_some() || doc.edge(id).is_some() || doc.lanes.iter().any(|l| l.id == *id));
        self.doc = Rc::new(doc);
        self.history.clear();
        self.revision += 1;
    }

    /// Takes in the document as others in a live room changed it (already checked against
    /// the invariants by `live::Replica::patch`). The local history is not used while live
    /// (undo is the room's, per participant); the selection keeps what still exists.
    pub fn take_remote(&mut self, doc: Document) {
        self.rebase(doc);
    }

    /// Does what the user asked, as one undo step: the action's commands with the editor's
    /// behaviours. Then checks the document's invariants. When anything fails, the document,
    /// the history and the selection are left exactly as they were, and the error says why.
    pub fn dispatch(&mut self, action: Action) -> Result<Outcome, ActionError> {
        let before = Rc::clone(&self.doc);
        let (revision, selection) = (self.revision, self.selection.clone());
        self.history.begin();
        let result = self.perform(action).and_then(|outcome| {
            // Only what the step changed: nothing for a selection, one shape for a nudge.
            if !Rc::ptr_eq(&before, &self.doc) {
                self.doc.check_invariants_since(&before).map_err(ActionError::Invariant)?;
            }
            Ok(outcome)
        });
        match result {
            Ok(mut outcome) => {
                self.history.commit();
                outcome.changed = self.revision != revision;
                Ok(outcome)
            }
            Err(e) => {
                // Whatever ran of the step is dropped with the copy from before it.
                self.history.discard();
                self.doc = before;
                self.revision = revision;
                self.selection = selection;
                Err(e)
            }
        }
    }

    fn perform(&mut self, action: Action) -> Result<Outcome, ActionError> {
        let mut outcome = Outcome::default();
        match action {
            Action::Select(ids) => self.select_only(ids),
            Action::ToggleSelect(id) => self.toggle_selected(&id),
            Action::SelectAll => self.select_all(),
            Action::ClearSelection => self.selection.clear(),
            Action::SelectArea(a, b) => self.selection = layout::nodes_in_rect(&self.doc, a, b).into_iter().collect(),
            Action::AddShape { kind, at } => {
                self.add_node(kind, at.0, at.1)?;
            }
            Action::AddShapeNext { kind, fallback } => outcome.reveal = Some(self.add_next(kind, fallback)?),
            Action::Connect { from, to } => {
                self.connect(&from, &to)?;
            }
            Action::Drop { ids, dx, dy } => {
                if self.doc.kind != Kind::Sipoc {
                    let places = guides::land(&self.doc, &ids, dx, dy).places;
                    self.execute(self.place_command(places))?;
                    outcome.notice = self.overlap_notice(&ids);
                }
            }
            Action::Nudge { dx, dy } => {
                self.move_selection(dx, dy)?;
            }
            Action::Resize { id, w, h } => {
                self.resize(&id, w, h)?;
                outcome.notice = self.overlap_notice(&[id]);
            }
            Action::TidyUp => self.tidy_up()?,
            Action::Reshape { id, points } => self.reshape(&id, points)?,
            Action::Align(how) => self.arrange(Some(how), None)?,
            Action::Distribute(axis) => self.arrange(None, Some(axis))?,
            Action::Delete => self.delete_selection()?,
            Action::Copy => {
                self.copy();
            }
            Action::Paste { at } => {
                self.paste(at)?;
            }
            Action::Duplicate => {
                self.duplicate()?;
            }
            Action::Rename { target, text } => {
                self.execute(Command::SetLabel { target, label: text.trim().to_string() })?;
            }
            Action::SetNode { id, field } => self.set_node(&id, field)?,
            Action::SetEdge { id, field } => self.set_edge(&id, field)?,
            Action::SetLane { id, field } => self.set_lane(&id, field)?,
            Action::SetDoc(field) => self.set_doc(field)?,
            Action::AddLane { name } => outcome.edit = Some(Target::Lane(self.add_lane(&name)?)),
            Action::RemoveLane(id) => {
                self.remove_lane(&id)?;
            }
            Action::MoveLane { id, to } => {
                self.move_lane(&id, to)?;
            }
            Action::ResizeLane { id, size } => {
                self.resize_lane(&id, size)?;
            }
            Action::Board(edit) => {
                self.sipoc(edit)?;
            }
            Action::Table(edit) => self.table(edit)?,
            Action::Undo => {
                self.undo()?;
            }
            Action::Redo => {
                self.redo()?;
            }
        }
        Ok(outcome)
    }

    /// Runs one command through the history. Returns whether anything changed.
    /// Gives a connector bend points (snapped to the grid), or none: routed automatically again.
    fn reshape(&mut self, id: &str, points: Vec<(f64, f64)>) -> Result<(), CommandError> {
        let mut e = self.doc.edge(id).ok_or_else(|| CommandError::NoEdge(id.into()))?.clone();
        let mut snapped: Vec<[f64; 2]> = points.into_iter().map(|(x, y)| [snap(x), snap(y)]).collect();
        snapped.dedup();
        if e.points != snapped {
            e.points = snapped;
            self.execute(Command::SetEdgeProps { edge: e })?;
        }
        Ok(())
    }

    /// Lines the selected shapes up, or spaces them evenly (`arrange`), as one step.
    fn arrange(&mut self, align: Option<arrange::Align>, axis: Option<arrange::Axis>) -> Result<(), CommandError> {
        if self.doc.kind == Kind::Sipoc {
            return Ok(());
        }
        let ids = self.selected_nodes();
        let nodes: Vec<&Node> = ids.iter().filter_map(|id| self.doc.node(id)).collect();
        let moves = match (align, axis) {
            (Some(how), _) => arrange::align(&nodes, how),
            (None, Some(axis)) => arrange::distribute(&nodes, axis),
            (None, None) => Vec::new(),
        };
        if !moves.is_empty() {
            self.execute(self.place_command(moves))?;
        }
        Ok(())
    }

    /// Lays the diagram out afresh (`tidy::tidy`): lane sizes, then every shape, as one step.
    fn tidy_up(&mut self) -> Result<(), CommandError> {
        let layout = crate::tidy::tidy(&self.doc);
        let mut cmds = Vec::new();
        for (id, size) in layout.lanes {
            if let Some(lane) = self.doc.lane(&id) {
                let mut lane = lane.clone();
                lane.size = Some(size);
                cmds.push(Command::SetLaneProps { lane });
            }
        }
        // Only shapes that move: a tidy diagram tidied again is no step at all.
        let moves: Vec<_> = layout
            .moves
            .into_iter()
            .filter(|(id, x, y)| self.doc.node(id).is_some_and(|n| n.x != *x || n.y != *y))
            .collect();
        if !moves.is_empty() {
            cmds.push(Command::MoveNodes { moves });
        }
        // Bend points were drawn for the old places: the connectors are routed afresh.
        for e in self.doc.edges.iter().filter(|e| !e.points.is_empty()) {
            let mut edge = (**e).clone();
            edge.points.clear();
            cmds.push(Command::SetEdgeProps { edge });
        }
        if !cmds.is_empty() {
            self.execute(Command::Batch(cmds))?;
        }
        Ok(())
    }

    fn execute(&mut self, cmd: Command) -> Result<bool, CommandError> {
        let changed = self.history.execute(Rc::make_mut(&mut self.doc), cmd)?;
        if changed {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(changed)
    }

    fn undo(&mut self) -> Result<bool, CommandError> {
        let done = self.history.undo(Rc::make_mut(&mut self.doc))?.is_some();
        if done {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(done)
    }

    fn redo(&mut self) -> Result<bool, CommandError> {
        let done = self.history.redo(Rc::make_mut(&mut self.doc))?.is_some();
        if done {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(done)
    }

    fn prune_selection(&mut self) {
        let doc = &self.doc;
        self.selection.retain(|id| doc.node(id).is_some() || doc.edge(id).is_some() || doc.lane(id).is_some());
    }

    // ----- selection -------------------------------------------------------------------------

    fn select_only(&mut self, ids: impl IntoIterator<Item = String>) {
        let doc = &self.doc;
        self.selection = ids
            .into_iter()
            .filter(|id| doc.node(id).is_some() || doc.edge(id).is_some() || doc.lane(id).is_some())
            .collect();
    }
    fn toggle_selected(&mut self, id: &str) {
        if !self.selection.remove(id) {
            self.select_only(self.selection.iter().cloned().chain([id.to_string()]).collect::<Vec<_>>());
        }
    }
    fn select_all(&mut self) {
        self.selection =
            self.doc.nodes.iter().map(|n| n.id.clone()).chain(self.doc.edges.iter().map(|e| e.id.clone())).collect();
    }

    /// The selected shapes, in id order.
    pub fn selected_nodes(&self) -> Vec<String> {
        self.selection.iter().filter(|id| self.doc.node(id).is_some()).cloned().collect()
    }

    // ----- shapes ----------------------------------------------------------------------------

    /// Adds a shape of `kind` centred near (x, y), snapped to the grid, in the lane it lands in,
    /// and selects it. Returns its id.
    fn add_node(&mut self, kind: NodeType, x: f64, y: f64) -> Result<String, CommandError> {
        let id = self.doc.fresh_id(id_prefix(kind));
        let (w, h) = kind.default_size();
        let mut node = Node::new(id.clone(), kind, "", snap(x - w / 2.0), snap(y - h / 2.0));
        node.lane = lane_of_node(&self.doc, &node);
        self.execute(Command::AddNode { node: node.into(), index: None, edges: vec![] })?;
        self.select_only([id.clone()]);
        Ok(id)
    }

    /// A palette click: next to the one selected shape (along the flow, sliding across it to a
    /// free place) and connected from it; else at a free place near `fallback`. Returns the id.
    fn add_next(&mut self, kind: NodeType, fallback: Point) -> Result<String, CommandError> {
        let selected = self.selected_nodes();
        let anchor = match selected.as_slice() {
            [one] => self.doc.node(one).cloned(),
            _ => None,
        };
        let (w, h) = kind.default_size();
        match anchor {
            Some(a) => {
                let (cx, cy) = a.center();
                let (x, y) = match self.doc.settings.orientation {
                    Orientation::Horizontal => (a.x + a.width() + 60.0 + w / 2.0, cy),
                    Orientation::Vertical => (cx, a.y + a.height() + 50.0 + h / 2.0),
                };
                let (x, y) = layout::free_position(&self.doc, w, h, x, y, layout::Slide::Across);
                let id = self.add_node(kind, x, y)?;
                self.connect(&a.id, &id)?;
                self.select_only([id.clone()]);
                Ok(id)
            }
            None => {
                let (x, y) = layout::free_position(&self.doc, w, h, fallback.0, fallback.1, layout::Slide::Along);
                self.add_node(kind, x, y)
            }
        }
    }

    /// The command that drops the given nodes moved by (dx, dy): snapped positions, and a new
    /// lane for each node whose centre lands in another lane.
    fn move_command(&self, ids: &[String], dx: f64, dy: f64) -> Command {
        let mut moves = Vec::new();
        for id in ids {
            if let Some(n) = self.doc.node(id) {
                moves.push((id.clone(), snap(n.x + dx), snap(n.y + dy)));
            }
        }
        self.place_command(moves)
    }

    /// Puts shapes at new top-left corners, each then in the lane it lies in, as one command.
    fn place_command(&self, mut moves: Vec<(String, f64, f64)>) -> Command {
        // How far each shape moves; events on a moved step's border move with it.
        let pos = self.doc.node_positions();
        let mut delta: HashMap<String, (f64, f64)> = moves
            .iter()
            .filter_map(|(id, x, y)| {
                pos.get(id.as_str()).map(|&i| (id.clone(), (x - self.doc.nodes[i].x, y - self.doc.nodes[i].y)))
            })
            .collect();
        let riders: Vec<(String, (f64, f64))> = (self.doc.nodes.iter())
            .filter(|n| !delta.contains_key(n.id.as_str()))
            .filter_map(|n| delta.get(n.attached.as_deref()?).map(|d| (n.id.clone(), *d)))
            .collect();
        for (id, d) in riders {
            let n = &self.doc.nodes[pos[id.as_str()]];
            moves.push((id.clone(), n.x + d.0, n.y + d.1));
            delta.insert(id, d);
        }
        let mut probe = (*self.doc).clone();
        let mut cmds = vec![Command::MoveNodes { moves: moves.clone() }];
        // Connectors with bend points whose two shapes move together move with them.
        for e in self.doc.edges.iter().filter(|e| !e.points.is_empty()) {
            if let (Some(a), Some(b)) = (delta.get(e.from.as_str()), delta.get(e.to.as_str())) {
                if a == b && *a != (0.0, 0.0) {
                    let mut edge = (**e).clone();
                    for p in &mut edge.points {
                        (p[0], p[1]) = (p[0] + a.0, p[1] + a.1);
                    }
                    cmds.push(Command::SetEdgeProps { edge });
                }
            }
        }
        for (id, x, y) in moves {
            if let Some(n) = probe.node_mut(&id) {
                (n.x, n.y) = (x, y);
            }
            let Some(n) = probe.node(&id) else { continue };
            let lane = lane_of_node(&probe, n);
            if lane.is_some() && lane != n.lane {
                cmds.push(Command::AssignLane { id, lane });
            }
        }
        Command::Batch(cmds)
    }

    /// Moves the selected nodes by (dx, dy) as one step (see `move_command`).
    fn move_selection(&mut self, dx: f64, dy: f64) -> Result<bool, CommandError> {
        let ids = self.selected_nodes();
        if ids.is_empty() || self.doc.kind == Kind::Sipoc {
            return Ok(false);
        }
        self.execute(self.move_command(&ids, dx, dy))
    }

    /// Resizes a shape from its top-left corner: its edges caught by nearby shapes' lines or
    /// snapped to the grid (`guides::size`), and never below `MIN_SIZE`.
    fn resize(&mut self, id: &str, w: f64, h: f64) -> Result<(), CommandError> {
        let n = self.doc.node(id).ok_or_else(|| CommandError::NoNode(id.into()))?;
        let size = guides::size(&self.doc, id, w, h, MIN_SIZE);
        self.execute(Command::SetBounds { id: id.into(), x: n.x, y: n.y, w: size.w, h: size.h })?;
        Ok(())
    }

    /// Says which shapes the given ones now overlap (a drop or resize pushes nothing aside).
    fn overlap_notice(&self, ids: &[String]) -> Option<crate::message::Message> {
        use crate::message::{Arg, Message, Name};
        let boxes: Vec<(String, layout::Rect)> =
            ids.iter().filter_map(|id| self.doc.node(id).map(|n| (id.clone(), layout::rect_of(n)))).collect();
        let covered = guides::overlaps(&self.doc, &boxes);
        if covered.is_empty() {
            return None;
        }
        let covers = |r: layout::Rect, n: &Node| {
            r.0 < n.x + n.width() && n.x < r.0 + r.2 && r.1 < n.y + n.height() && n.y < r.1 + r.3
        };
        let moved: Vec<Name> = boxes
            .iter()
            .filter(|(_, r)| covered.iter().any(|n| covers(*r, n)))
            .filter_map(|(id, _)| self.doc.node(id).map(Name::node))
            .collect();
        let names = covered.into_iter().map(Name::node).collect();
        Some(Message::new("edit.overlaps", vec![Arg::Names(moved), Arg::Names(names)]))
    }

    /// Connects two nodes (not a node to itself) and selects the new connector.
    fn connect(&mut self, from: &str, to: &str) -> Result<Option<String>, CommandError> {
        if from == to {
            return Ok(None);
        }
        let id = self.doc.fresh_id("e");
        let mut edge = Edge::new(id.clone(), from, to);
        if self.doc.kind == Kind::Vsm {
            edge.flow = vsm_flow(&self.doc, from, to);
        }
        self.execute(Command::Connect { edge: edge.into(), index: None })?;
        self.select_only([id.clone()]);
        Ok(Some(id))
    }

    /// Deletes the selection as one step: shapes with their connectors, connectors, and lanes
    /// with their shapes (the lanes after them close the gap). On the SIPOC board the columns
    /// close up and the step chain stays whole.
    fn delete_selection(&mut self) -> Result<(), CommandError> {
        if self.doc.kind == Kind::Sipoc {
            self.sipoc_delete_selection()?;
            self.selection.clear();
            return Ok(());
        }
        let mut nodes: HashSet<&str> =
            self.selection.iter().filter(|id| self.doc.node(id).is_some()).map(String::as_str).collect();
        // Events on a deleted step's border go with it.
        let riders: Vec<&str> = (self.doc.nodes.iter())
            .filter(|n| n.attached.as_deref().is_some_and(|host| nodes.contains(host)))
            .map(|n| n.id.as_str())
            .collect();
        nodes.extend(riders);
        let mut cmds: Vec<Command> = self
            .selection
            .iter()
            .filter(|id| {
                self.doc.edge(id).is_some_and(|e| !nodes.contains(e.from.as_str()) && !nodes.contains(e.to.as_str()))
            })
            .map(|id| Command::Disconnect { id: id.clone() })
            .collect();
        cmds.extend(nodes.iter().map(|id| Command::RemoveNode { id: id.to_string() }));
        let lanes: Vec<String> = self.selection.iter().filter(|id| self.doc.lane(id).is_some()).cloned().collect();
        if !cmds.is_empty() {
            self.execute(Command::Batch(cmds))?;
        }
        for lane in lanes {
            // A lane whose shapes went with the first batch is still there: remove it too.
            if self.doc.lane(&lane).is_some() {
                self.remove_lane(&lane)?;
            }
        }
        self.selection.clear();
        Ok(())
    }

    // ----- fields ----------------------------------------------------------------------------

    fn set_node(&mut self, id: &str, field: NodeField) -> Result<(), CommandError> {
        let mut n = self.doc.node(id).ok_or_else(|| CommandError::NoNode(id.into()))?.clone();
        match field {
            NodeField::Lane(lane) => return self.put_in_lane(id, lane),
            NodeField::Work(v) => n.work = v,
            NodeField::Wait(v) => n.wait = v,
            NodeField::Value(v) => n.value = v,
            NodeField::ControlPoint(v) => n.control_point = v,
            NodeField::System(v) => n.system = v.trim().to_string(),
            NodeField::Notes(v) => n.notes = v,
            NodeField::Link(v) => n.link = v.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
            NodeField::Inputs(v) => n.inputs = crate::model::parse_list(&v),
            NodeField::Outputs(v) => n.outputs = crate::model::parse_list(&v),
            NodeField::Accountable(v) => n.accountable = v.filter(|l| !l.is_empty()),
            NodeField::Consulted(v) => n.consulted = v,
            NodeField::Informed(v) => n.informed = v,
            NodeField::Risk(v) => n.risk = v.trim().to_string(),
            NodeField::Control(v) => n.control = v.trim().to_string(),
            NodeField::Evidence(v) => n.evidence = v.trim().to_string(),
            NodeField::CycleTime(v) => n.cycle_time = v,
            NodeField::Changeover(v) => n.changeover = v,
            NodeField::Uptime(v) => n.uptime = v,
            NodeField::Pca(v) => n.pca = v,
            NodeField::Operators(v) => n.operators = v,
            NodeField::Shifts(v) => n.shifts = v,
            NodeField::Quantity(v) => {
                n.quantity = v;
                if v.is_some() {
                    n.days = None;
                }
            }
            NodeField::Days(v) => {
                n.days = v;
                if v.is_some() && n.kind == NodeType::Inventory {
                    n.quantity = None;
                }
            }
            NodeField::Trigger(t) => n.trigger = t,
            NodeField::Dist(d) => {
                let d = d.filter(|d| *d != crate::model::Dist::Fixed);
                if let Some(crate::model::Dist::Uniform { min, max }) = d {
                    n.work = (min + max) / 2.0;
                }
                n.dist = d;
            }
            NodeField::Throw(on) => n.throw = on,
            NodeField::NonInterrupting(on) => n.non_interrupting = on,
            NodeField::Attached(host) => {
                let host = host.filter(|h| h != id && !h.is_empty());
                // On the step's lower border, towards its end, clear of other events there.
                if let Some(step) = host.as_deref().and_then(|h| self.doc.node(h)) {
                    let others = (self.doc.nodes.iter())
                        .filter(|o| o.id != id && o.attached.as_deref() == Some(step.id.as_str()))
                        .count();
                    let (w, h) = (n.width(), n.height());
                    n.x = snap(step.x + step.width() - w - 10.0 - others as f64 * (w + 10.0)).max(step.x);
                    n.y = step.y + step.height() - h / 2.0;
                    n.lane = step.lane.clone();
                }
                // A connector between the event and its step means nothing once it sits on the
                // step's border: it goes in the same step.
                let between: Vec<Command> = (self.doc.edges.iter())
                    .filter(|e| {
                        host.as_deref().is_some_and(|h| (e.from == id && e.to == h) || (e.from == h && e.to == id))
                    })
                    .map(|e| Command::Disconnect { id: e.id.clone() })
                    .collect();
                n.attached = host;
                if !between.is_empty() {
                    let mut cmds = between;
                    cmds.push(Command::SetNodeProps { node: n });
                    self.execute(Command::Batch(cmds))?;
                    return Ok(());
                }
            }
        }
        self.execute(Command::SetNodeProps { node: n })?;
        Ok(())
    }

    /// Puts a shape in a lane: it moves across the flow into the lane's band (keeping its place
    /// along the flow), so that it is drawn where it belongs and stays there when nudged.
    fn put_in_lane(&mut self, id: &str, lane: Option<String>) -> Result<(), CommandError> {
        let n = self.doc.node(id).ok_or_else(|| CommandError::NoNode(id.into()))?.clone();
        let Some(lane) = lane else {
            self.execute(Command::AssignLane { id: id.into(), lane: None })?;
            return Ok(());
        };
        let band = lane_bands(&self.doc).into_iter().find(|b| b.id == lane).ok_or(CommandError::NoLane(lane))?;
        let vertical = self.doc.settings.orientation == Orientation::Vertical;
        let (x, y) = if vertical {
            (snap(band.start + (band.size - n.width()) / 2.0), n.y)
        } else {
            (n.x, snap(band.start + (band.size - n.height()) / 2.0))
        };
        self.execute(Command::Batch(vec![
            Command::MoveNodes { moves: vec![(id.into(), x, y)] },
            Command::AssignLane { id: id.into(), lane: Some(band.id) },
        ]))?;
        Ok(())
    }

    fn set_edge(&mut self, id: &str, field: EdgeField) -> Result<(), CommandError> {
        let mut e = self.doc.edge(id).ok_or_else(|| CommandError::NoEdge(id.into()))?.clone();
        match field {
            EdgeField::Probability(p) => e.probability = p,
            EdgeField::Transfer(t) => e.transfer = t,
            EdgeField::Arrow(a) => e.flow = a,
        }
        self.execute(Command::SetEdgeProps { edge: e })?;
        Ok(())
    }

    fn set_lane(&mut self, id: &str, field: LaneField) -> Result<(), CommandError> {
        let mut lane = self.doc.lane(id).ok_or_else(|| CommandError::NoLane(id.into()))?.clone();
        match field {
            LaneField::Name(name) => lane.name = name.trim().to_string(),
            LaneField::Capacity(c) => lane.capacity = c,
            LaneField::Pool(pool) => lane.pool = pool.trim().to_string(),
        }
        self.execute(Command::SetLaneProps { lane })?;
        Ok(())
    }

    fn set_doc(&mut self, field: DocField) -> Result<(), CommandError> {
        let mut p = DocProps::of(&self.doc);
        let text = |v: String| v.trim().to_string();
        match field {
            DocField::TimeUnit(unit) => return self.set_time_unit(unit),
            DocField::Orientation(o) => return self.set_orientation(o),
            DocField::Title(v) => p.title = text(v),
            DocField::HandoffTime(v) => p.settings.handoff_time = v,
            DocField::ArrivalsPerDay(v) => p.settings.arrivals_per_day = v,
            DocField::HoursPerDay(v) => p.settings.hours_per_day = v,
            DocField::DemandPerDay(v) => p.settings.demand_per_day = v,
            DocField::ShiftsPerDay(v) => p.settings.shifts_per_day = v,
            DocField::HoursPerShift(v) => p.settings.hours_per_shift = v,
            DocField::BreakMinutesPerShift(v) => p.settings.break_minutes_per_shift = v,
            DocField::Level(v) => p.meta.level = text(v),
            DocField::Owner(v) => p.meta.owner = text(v),
            DocField::Author(v) => p.meta.author = text(v),
            DocField::Reviewer(v) => p.meta.reviewer = text(v),
            DocField::Approver(v) => p.meta.approver = text(v),
            DocField::Revision(v) => p.meta.revision = text(v),
            DocField::Code(v) => p.meta.code = text(v),
            DocField::Purpose(v) => p.meta.purpose = text(v),
            DocField::Scope(v) => p.meta.scope = text(v),
            DocField::Terms(v) => p.meta.terms = crate::model::Term::parse_lines(&v),
            DocField::Related(v) => {
                p.meta.related = v.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
            }
            DocField::History(v) => p.meta.history = crate::model::Revision::parse_lines(&v),
            DocField::AuthorDate(v) => p.meta.author_date = text(v),
            DocField::ReviewerDate(v) => p.meta.reviewer_date = text(v),
            DocField::ApproverDate(v) => p.meta.approver_date = text(v),
        }
        // The available time follows the shifts as typed (unset while they are partial); a
        // document whose seconds were given directly keeps them until a shift field is typed.
        let s = &mut p.settings;
        let typed = s.shifts_per_day.is_some() || s.hours_per_shift.is_some() || s.break_minutes_per_shift.is_some();
        if typed && s.seconds_from_shifts() != s.available_seconds_per_day {
            s.available_seconds_per_day = s.seconds_from_shifts();
        }
        self.execute(Command::SetDocProps { props: p })?;
        Ok(())
    }

    /// Changes the time unit and converts every duration (work, delay, transfer, handoff time)
    /// into it, in one step: the process keeps its times.
    fn set_time_unit(&mut self, unit: TimeUnit) -> Result<(), CommandError> {
        let doc = &self.doc;
        if doc.time_unit == unit {
            return Ok(());
        }
        let hours_per_day = doc.settings.hours_per_day();
        let k = doc.time_unit.in_hours(hours_per_day) / unit.in_hours(hours_per_day);
        let mut props = DocProps::of(doc);
        props.time_unit = unit;
        props.settings.handoff_time = props.settings.handoff_time.map(|t| t * k);
        let mut cmds = vec![Command::SetDocProps { props }];
        for n in doc.nodes.iter().filter(|n| n.work != 0.0 || n.wait != 0.0) {
            cmds.push(Command::SetTiming { id: n.id.clone(), work: n.work * k, wait: n.wait * k });
        }
        for e in doc.edges.iter().filter(|e| e.transfer.is_some()) {
            let mut e = (**e).clone();
            e.transfer = e.transfer.map(|t| t * k);
            cmds.push(Command::SetEdgeProps { edge: e });
        }
        self.execute(Command::Batch(cmds))?;
        Ok(())
    }

    // ----- clipboard -------------------------------------------------------------------------

    /// Copies the selected shapes and the connectors between them.
    fn copy(&mut self) -> bool {
        let ids: HashSet<String> = self.selected_nodes().into_iter().collect();
        if ids.is_empty() || self.doc.kind == Kind::Sipoc {
            return false;
        }
        let nodes = self.doc.nodes.iter().filter(|n| ids.contains(&n.id)).map(|n| (**n).clone()).collect();
        let edges = self
            .doc
            .edges
            .iter()
            .filter(|e| ids.contains(&e.from) && ids.contains(&e.to))
            .map(|e| (**e).clone())
            .collect();
        self.clipboard = Some(Clip { nodes, edges });
        self.pastes = 0;
        true
    }

    /// Pastes the clipboard with fresh ids: centred at `at` when given, else offset so copies
    /// do not hide the originals; each shape in the lane it lands in (never the lane id of the
    /// document it was copied from). Selects what was pasted.
    fn paste(&mut self, at: Option<Point>) -> Result<bool, CommandError> {
        let Some(clip) = self.clipboard.clone() else {
            return Ok(false);
        };
        if self.doc.kind == Kind::Sipoc || clip.nodes.iter().any(|n| !self.doc.kind.node_types().contains(&n.kind)) {
            return Ok(false);
        }
        let (dx, dy) = match at {
            Some((x, y)) => {
                let (l, t, r, b) =
                    clip.nodes.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(l, t, r, b), n| {
                        (l.min(n.x), t.min(n.y), r.max(n.x + n.width()), b.max(n.y + n.height()))
                    });
                (snap(x - (l + r) / 2.0), snap(y - (t + b) / 2.0))
            }
            None => {
                self.pastes += 1;
                let offset = 20.0 * self.pastes as f64;
                (offset, offset)
            }
        };
        let mut probe = (*self.doc).clone();
        let mut renamed = HashMap::new();
        let mut cmds = Vec::new();
        for n in &clip.nodes {
            let mut n = n.clone();
            let id = probe.fresh_id(id_prefix(n.kind));
            renamed.insert(n.id.clone(), id.clone());
            n.id = id;
            n.x += dx;
            n.y += dy;
            n.lane = lane_of_node(&probe, &n);
            let n = Shared::new(n);
            probe.nodes.push(n.clone());
            cmds.push(Command::AddNode { node: n, index: None, edges: vec![] });
        }
        for e in &clip.edges {
            let mut e = e.clone();
            e.id = probe.fresh_id("e");
            e.from = renamed[&e.from].clone();
            e.to = renamed[&e.to].clone();
            let e = Shared::new(e);
            probe.edges.push(e.clone());
            cmds.push(Command::Connect { edge: e, index: None });
        }
        let changed = self.execute(Command::Batch(cmds))?;
        self.selection = renamed.into_values().collect();
        Ok(changed)
    }

    /// Copy and paste in one go; the clipboard keeps what it held.
    fn duplicate(&mut self) -> Result<bool, CommandError> {
        let saved = self.clipboard.take();
        let pastes = self.pastes;
        let changed = if self.copy() { self.paste(None)? } else { false };
        self.clipboard = saved.or(self.clipboard.take());
        self.pastes = pastes;
        Ok(changed)
    }

    // ----- lanes -----------------------------------------------------------------------------

    /// Appends a lane and returns its id.
    fn add_lane(&mut self, name: &str) -> Result<String, CommandError> {
        let id = self.doc.fresh_id("lane");
        self.execute(Command::AddLane {
            lane: Lane::new(id.clone(), name.trim()),
            index: None,
            nodes: vec![],
            edges: vec![],
        })?;
        Ok(id)
    }

    /// Moves nodes so that each lane's shapes follow their lane from the band layout of `before`
    /// to the layout of `after`.
    fn follow_lanes(&self, before: &Document, after: &Document) -> Option<Command> {
        let old: HashMap<String, f64> = lane_bands(before).into_iter().map(|b| (b.id, b.start)).collect();
        let new: HashMap<String, f64> = lane_bands(after).into_iter().map(|b| (b.id, b.start)).collect();
        let vertical = after.settings.orientation == Orientation::Vertical;
        let moves: Vec<_> = after
            .nodes
            .iter()
            .filter_map(|n| {
                let lane = n.lane.as_ref()?;
                let shift = new.get(lane)? - old.get(lane)?;
                (shift != 0.0).then(|| {
                    if vertical {
                        (n.id.clone(), n.x + shift, n.y)
                    } else {
                        (n.id.clone(), n.x, n.y + shift)
                    }
                })
            })
            .collect();
        (!moves.is_empty()).then_some(Command::MoveNodes { moves })
    }

    /// Runs a lane change together with the node moves that keep every shape in its lane.
    fn lane_change(&mut self, cmd: Command) -> Result<bool, CommandError> {
        let mut after = (*self.doc).clone();
        cmd.apply(&mut after)?;
        let mut cmds = vec![cmd];
        cmds.extend(self.follow_lanes(&self.doc, &after));
        self.execute(Command::Batch(cmds))
    }

    /// Reorders a lane; its shapes move with it, and so do those of the lanes it passes.
    fn move_lane(&mut self, id: &str, to: usize) -> Result<bool, CommandError> {
        self.lane_change(Command::MoveLane { id: id.into(), to })
    }

    /// Changes a lane's thickness; the lanes after it and their shapes shift.
    fn resize_lane(&mut self, id: &str, size: f64) -> Result<bool, CommandError> {
        let mut lane = self.doc.lane(id).ok_or_else(|| CommandError::NoLane(id.into()))?.clone();
        lane.size = Some(snap(size.max(MIN_LANE_SIZE)).max(MIN_LANE_SIZE));
        self.lane_change(Command::SetLaneProps { lane })
    }

    /// Deletes a lane with its contents; the lanes after it close the gap.
    fn remove_lane(&mut self, id: &str) -> Result<bool, CommandError> {
        self.lane_change(Command::RemoveLane { id: id.into() })
    }

    /// Switches between lanes as rows and as columns, turning the drawing with them.
    fn set_orientation(&mut self, orientation: Orientation) -> Result<(), CommandError> {
        if self.doc.settings.orientation == orientation {
            return Ok(());
        }
        let mut props = DocProps::of(&self.doc);
        props.settings.orientation = orientation;
        let moves = self.doc.nodes.iter().map(|n| (n.id.clone(), n.y, n.x)).collect();
        self.execute(Command::Batch(vec![Command::SetDocProps { props }, Command::MoveNodes { moves }]))?;
        Ok(())
    }
}

/// The smallest size a resize can give a shape (width, height).
pub const MIN_SIZE: (f64, f64) = (40.0, 30.0);

/// The id prefix new shapes of a type get (`t3`, `d2` …): short, readable in exported JSON.
pub fn id_prefix(kind: NodeType) -> &'static str {
    use NodeType::*;
    match kind {
        Start => "start",
        End => "end",
        Task => "t",
        Decision => "d",
        Parallel => "p",
        Form => "doc",
        Subprocess => "sub",
        Event => "ev",
        Supplier => "sup",
        Input => "in",
        Step => "step",
        Output => "out",
        Customer => "cus",
        Process => "proc",
        Inventory => "inv",
        Shipment => "ship",
        Control => "ctl",
        Kaizen => "kz",
    }
}

/// The arrow a value-stream connector starts as: information to or from production control,
/// push between the material steps, none (a plain note line) for a kaizen burst.
fn vsm_flow(doc: &Document, from: &str, to: &str) -> Option<ArrowKind> {
    let kind = |id: &str| doc.node(id).map(|n| n.kind);
    match (kind(from)?, kind(to)?) {
        (NodeType::Kaizen, _) | (_, NodeType::Kaizen) => None,
        (NodeType::Control, _) | (_, NodeType::Control) => Some(ArrowKind::Info),
        _ => Some(ArrowKind::Push),
    }
}
