//! Editor state shared by every diagram editor: the open document, its history, the selection
//! and the clipboard, and the behaviours that turn a user gesture into one command (a drop that
//! also changes lanes, a lane reorder that also moves the lane's shapes, a paste with fresh ids).
//! Pure: the UI calls these methods and renders the result; they never touch the browser.

pub mod layout;
pub mod sipoc;

use crate::command::{Command, CommandError, DocProps, Target};
use crate::history::History;
use crate::model::{Document, Edge, Flow, Kind, Lane, Node, NodeType, Orientation};
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
    /// Ids of selected nodes and edges. View state: not history, not saved.
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

    /// Runs one command through the history. Returns whether anything changed.
    pub fn execute(&mut self, cmd: Command) -> Result<bool, CommandError> {
        let changed = self.history.execute(Rc::make_mut(&mut self.doc), cmd)?;
        if changed {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(changed)
    }

    pub fn begin(&mut self) {
        self.history.begin();
    }
    pub fn commit(&mut self) {
        self.history.commit();
    }

    pub fn undo(&mut self) -> Result<bool, CommandError> {
        let done = self.history.undo(Rc::make_mut(&mut self.doc))?.is_some();
        if done {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(done)
    }

    pub fn redo(&mut self) -> Result<bool, CommandError> {
        let done = self.history.redo(Rc::make_mut(&mut self.doc))?.is_some();
        if done {
            self.revision += 1;
            self.prune_selection();
        }
        Ok(done)
    }

    fn prune_selection(&mut self) {
        let doc = &self.doc;
        self.selection.retain(|id| doc.node(id).is_some() || doc.edge(id).is_some());
    }

    // ----- selection -------------------------------------------------------------------------

    pub fn select_only(&mut self, ids: impl IntoIterator<Item = String>) {
        self.selection = ids.into_iter().collect();
    }
    pub fn toggle_selected(&mut self, id: &str) {
        if !self.selection.remove(id) {
            self.selection.insert(id.to_string());
        }
    }
    pub fn select_all(&mut self) {
        self.selection =
            self.doc.nodes.iter().map(|n| n.id.clone()).chain(self.doc.edges.iter().map(|e| e.id.clone())).collect();
    }
    pub fn clear_selection(&mut self) {
        self.selection.clear();
    }
    pub fn selected_nodes(&self) -> Vec<String> {
        self.selection.iter().filter(|id| self.doc.node(id).is_some()).cloned().collect()
    }

    // ----- shapes ----------------------------------------------------------------------------

    /// Adds a shape of `kind` centred near (x, y), snapped to the grid, in the lane it lands in,
    /// and selects it. Returns its id.
    pub fn add_node(&mut self, kind: NodeType, x: f64, y: f64) -> Result<String, CommandError> {
        let id = self.doc.fresh_id(id_prefix(kind));
        let (w, h) = kind.default_size();
        let mut node = Node::new(id.clone(), kind, "", snap(x - w / 2.0), snap(y - h / 2.0));
        node.lane = lane_of_node(&self.doc, &node);
        self.execute(Command::AddNode { node, index: None, edges: vec![] })?;
        self.select_only([id.clone()]);
        Ok(id)
    }

    /// The command that drops the given nodes moved by (dx, dy): snapped positions, and a new
    /// lane for each node whose centre lands in another lane.
    pub fn move_command(&self, ids: &[String], dx: f64, dy: f64) -> Command {
        let mut probe = (*self.doc).clone();
        let mut moves = Vec::new();
        for id in ids {
            if let Some(n) = self.doc.node(id) {
                moves.push((id.clone(), snap(n.x + dx), snap(n.y + dy)));
            }
        }
        let mut cmds = vec![Command::MoveNodes { moves: moves.clone() }];
        for (id, x, y) in moves {
            if let Some(n) = probe.node_mut(&id) {
                (n.x, n.y) = (x, y);
            }
            let Some(n) = probe.node(&id) else { continue };
            let lane = lane_of_node(&probe, n);
            if lane != n.lane {
                cmds.push(Command::AssignLane { id, lane });
            }
        }
        if cmds.len() == 1 {
            cmds.pop().expect("one command")
        } else {
            Command::Batch(cmds)
        }
    }

    /// Moves the selected nodes by (dx, dy) as one step (see `move_command`).
    pub fn move_selection(&mut self, dx: f64, dy: f64) -> Result<bool, CommandError> {
        let ids = self.selected_nodes();
        if ids.is_empty() {
            return Ok(false);
        }
        self.execute(self.move_command(&ids, dx, dy))
    }

    /// Connects two nodes (not a node to itself) and selects the new connector.
    pub fn connect(&mut self, from: &str, to: &str) -> Result<Option<String>, CommandError> {
        if from == to {
            return Ok(None);
        }
        let id = self.doc.fresh_id("e");
        let mut edge = Edge::new(id.clone(), from, to);
        if self.doc.kind == Kind::Vsm {
            edge.flow = vsm_flow(&self.doc, from, to);
        }
        self.execute(Command::Connect { edge, index: None })?;
        self.select_only([id.clone()]);
        Ok(Some(id))
    }

    /// Deletes the selected shapes (with their connectors) and connectors, as one step.
    pub fn delete_selection(&mut self) -> Result<bool, CommandError> {
        let nodes: HashSet<&str> =
            self.selection.iter().filter(|id| self.doc.node(id).is_some()).map(String::as_str).collect();
        let mut cmds: Vec<Command> = self
            .selection
            .iter()
            .filter(|id| {
                self.doc.edge(id).is_some_and(|e| !nodes.contains(e.from.as_str()) && !nodes.contains(e.to.as_str()))
            })
            .map(|id| Command::Disconnect { id: id.clone() })
            .collect();
        cmds.extend(nodes.iter().map(|id| Command::RemoveNode { id: id.to_string() }));
        if cmds.is_empty() {
            return Ok(false);
        }
        let changed = self.execute(Command::Batch(cmds))?;
        self.selection.clear();
        Ok(changed)
    }

    pub fn set_label(&mut self, target: Target, label: &str) -> Result<bool, CommandError> {
        self.execute(Command::SetLabel { target, label: label.trim().to_string() })
    }

    // ----- clipboard -------------------------------------------------------------------------

    /// Copies the selected shapes and the connectors between them.
    pub fn copy(&mut self) -> bool {
        let ids: HashSet<String> = self.selected_nodes().into_iter().collect();
        if ids.is_empty() {
            return false;
        }
        let nodes = self.doc.nodes.iter().filter(|n| ids.contains(&n.id)).cloned().collect();
        let edges = self.doc.edges.iter().filter(|e| ids.contains(&e.from) && ids.contains(&e.to)).cloned().collect();
        self.clipboard = Some(Clip { nodes, edges });
        self.pastes = 0;
        true
    }

    /// Pastes the clipboard with fresh ids, offset so copies do not hide the originals, and
    /// selects what was pasted.
    pub fn paste(&mut self) -> Result<bool, CommandError> {
        let Some(clip) = self.clipboard.clone() else {
            return Ok(false);
        };
        self.pastes += 1;
        let offset = 20.0 * self.pastes as f64;
        let mut probe = (*self.doc).clone();
        let mut renamed = HashMap::new();
        let mut cmds = Vec::new();
        for n in &clip.nodes {
            let mut n = n.clone();
            let id = probe.fresh_id(id_prefix(n.kind));
            renamed.insert(n.id.clone(), id.clone());
            n.id = id;
            n.x += offset;
            n.y += offset;
            n.lane = lane_of_node(&probe, &n).or(n.lane);
            probe.nodes.push(n.clone());
            cmds.push(Command::AddNode { node: n, index: None, edges: vec![] });
        }
        for e in &clip.edges {
            let mut e = e.clone();
            e.id = probe.fresh_id("e");
            e.from = renamed[&e.from].clone();
            e.to = renamed[&e.to].clone();
            probe.edges.push(e.clone());
            cmds.push(Command::Connect { edge: e, index: None });
        }
        let changed = self.execute(Command::Batch(cmds))?;
        self.selection = renamed.into_values().collect();
        Ok(changed)
    }

    /// Copy and paste in one go.
    pub fn duplicate(&mut self) -> Result<bool, CommandError> {
        let saved = self.clipboard.take();
        let changed = if self.copy() { self.paste()? } else { false };
        self.clipboard = saved.or(self.clipboard.take());
        Ok(changed)
    }

    // ----- lanes -----------------------------------------------------------------------------

    /// Appends a lane and returns its id.
    pub fn add_lane(&mut self, name: &str) -> Result<String, CommandError> {
        let id = self.doc.fresh_id("lane");
        self.execute(Command::AddLane {
            lane: Lane::new(id.clone(), name),
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
    pub fn move_lane(&mut self, id: &str, to: usize) -> Result<bool, CommandError> {
        self.lane_change(Command::MoveLane { id: id.into(), to })
    }

    /// Changes a lane's thickness; the lanes after it and their shapes shift.
    pub fn resize_lane(&mut self, id: &str, size: f64) -> Result<bool, CommandError> {
        let mut lane = self.doc.lane(id).ok_or_else(|| CommandError::NoLane(id.into()))?.clone();
        lane.size = Some(snap(size.max(MIN_LANE_SIZE)));
        self.lane_change(Command::SetLaneProps { lane })
    }

    /// Deletes a lane with its contents; the lanes after it close the gap.
    pub fn remove_lane(&mut self, id: &str) -> Result<bool, CommandError> {
        self.lane_change(Command::RemoveLane { id: id.into() })
    }

    /// Switches between lanes as rows and as columns, turning the drawing with them.
    pub fn set_orientation(&mut self, orientation: Orientation) -> Result<bool, CommandError> {
        if self.doc.settings.orientation == orientation {
            return Ok(false);
        }
        let mut props = DocProps::of(&self.doc);
        props.settings.orientation = orientation;
        let moves = self.doc.nodes.iter().map(|n| (n.id.clone(), n.y, n.x)).collect();
        self.execute(Command::Batch(vec![Command::SetDocProps { props }, Command::MoveNodes { moves }]))
    }
}

/// The id prefix new shapes of a type get (`t3`, `d2` …): short, readable in exported JSON.
pub fn id_prefix(kind: NodeType) -> &'static str {
    use NodeType::*;
    match kind {
        Start => "start",
        End => "end",
        Task => "t",
        Decision => "d",
        Parallel => "p",
        Document => "doc",
        Subprocess => "sub",
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
fn vsm_flow(doc: &Document, from: &str, to: &str) -> Option<Flow> {
    let kind = |id: &str| doc.node(id).map(|n| n.kind);
    match (kind(from)?, kind(to)?) {
        (NodeType::Kaizen, _) | (_, NodeType::Kaizen) => None,
        (NodeType::Control, _) | (_, NodeType::Control) => Some(Flow::Info),
        _ => Some(Flow::Push),
    }
}
