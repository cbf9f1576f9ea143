//! The SIPOC board: five columns (suppliers, inputs, process steps, outputs, customers) of items
//! ordered top to bottom, and the edits a workshop makes on them. Owns the board's geometry (one
//! x per column, one y per row, written into the document so the file stays drawable) and the
//! behaviour that keeps the steps' step→step chain in the column's order, inside the same
//! command as the edit that changed the order.
//! Pure: no browser, no Yew; the UI sends an [`Edit`] and renders the result.

use super::{id_prefix, Action, Editor};
use crate::command::Target;
use crate::command::{Command, CommandError};
use crate::model::{Document, Edge, Node, NodeType};
use std::collections::HashSet;

/// The columns, left to right.
pub const COLUMNS: [NodeType; 5] =
    [NodeType::Supplier, NodeType::Input, NodeType::Step, NodeType::Output, NodeType::Customer];

/// Width of an item, px.
pub const ITEM_W: f64 = 160.0;
/// Height of an item, px.
pub const ITEM_H: f64 = 40.0;
/// Horizontal space between two columns, where the links are drawn.
pub const GAP: f64 = 56.0;
/// Distance between the tops of two rows.
pub const ROW_H: f64 = 50.0;

/// The column holding items of `kind`, if it is a SIPOC type.
pub fn column_of(kind: NodeType) -> Option<usize> {
    COLUMNS.iter().position(|&k| k == kind)
}

/// Top-left corner of the item in column `col`, row `row`.
pub fn slot(col: usize, row: usize) -> (f64, f64) {
    (col as f64 * (ITEM_W + GAP), row as f64 * ROW_H)
}

/// Size of the board holding `rows` rows.
pub fn board_size(rows: usize) -> (f64, f64) {
    (COLUMNS.len() as f64 * ITEM_W + (COLUMNS.len() - 1) as f64 * GAP, rows.max(1) as f64 * ROW_H)
}

/// The items of one column, top to bottom: by `y`, ties in document order.
pub fn column(doc: &Document, kind: NodeType) -> Vec<&Node> {
    let items: Vec<&Node> = doc.nodes.iter().filter(|n| n.kind == kind).map(|n| &**n).collect();
    let order = crate::order::by_keys(items.iter().map(|n| crate::order::f64_key(n.y)));
    crate::order::apply(items, &order)
}

fn column_ids(doc: &Document, kind: NodeType) -> Vec<String> {
    column(doc, kind).into_iter().map(|n| n.id.clone()).collect()
}

/// Whether a link from an item of `from` to one of `to` follows the SIPOC order (supplier →
/// input → step → output → customer): the columns must be neighbours.
pub fn link_allowed(from: NodeType, to: NodeType) -> bool {
    matches!((column_of(from), column_of(to)), (Some(a), Some(b)) if b == a + 1)
}

/// The edges joining two items, in either direction.
pub fn links_between<'a>(doc: &'a Document, a: &'a str, b: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
    doc.edges.iter().filter(move |e| (e.from == a && e.to == b) || (e.from == b && e.to == a)).map(|e| &**e)
}

/// True for an input that no supplier feeds, or an output that goes to no customer: what the
/// board marks (the same test as `input-without-supplier` and `output-without-customer`).
pub fn unlinked(doc: &Document, node: &Node) -> bool {
    let kind_of = |id: &str| doc.node(id).map(|n| n.kind);
    match node.kind {
        NodeType::Input => !doc.incoming(&node.id).any(|e| kind_of(&e.from) == Some(NodeType::Supplier)),
        NodeType::Output => !doc.outgoing(&node.id).any(|e| kind_of(&e.to) == Some(NodeType::Customer)),
        _ => false,
    }
}

/// One edit of the board, as the UI asks for it. Each becomes one command (one undo step).
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new item of `kind` at position `at` of its column (the end when past it).
    Add { kind: NodeType, at: usize, label: String },
    /// Deletes items; the columns close up and the step chain skips them.
    Remove(Vec<String>),
    /// Moves an item to position `to` of its column.
    Reorder { id: String, to: usize },
    /// Links two items of neighbouring columns, or unlinks them when they are linked.
    ToggleLink(String, String),
}

/// Builds a batch while applying it to a copy, so fresh ids never collide.
struct Builder {
    probe: Document,
    cmds: Vec<Command>,
}

impl Builder {
    fn new(doc: &Document) -> Self {
        Builder { probe: doc.clone(), cmds: Vec::new() }
    }
    fn push(&mut self, cmd: Command) -> Result<(), CommandError> {
        cmd.apply(&mut self.probe)?;
        self.cmds.push(cmd);
        Ok(())
    }

    /// Puts the items of `order` (one column, top to bottom) in their slots and, for steps,
    /// makes the step→step chain follow the order.
    fn arrange(&mut self, kind: NodeType, order: &[String]) -> Result<(), CommandError> {
        let Some(col) = column_of(kind) else { return Ok(()) };
        let moves: Vec<_> = order
            .iter()
            .enumerate()
            .filter_map(|(row, id)| {
                let n = self.probe.node(id)?;
                let (x, y) = slot(col, row);
                (n.x != x || n.y != y).then(|| (id.clone(), x, y))
            })
            .collect();
        if !moves.is_empty() {
            self.push(Command::MoveNodes { moves })?;
        }
        if kind != NodeType::Step {
            return Ok(());
        }
        let mut wanted: HashSet<(&str, &str)> = order.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        let steps: HashSet<&str> = order.iter().map(String::as_str).collect();
        let mut stale = Vec::new();
        for e in &self.probe.edges {
            if steps.contains(e.from.as_str())
                && steps.contains(e.to.as_str())
                && !wanted.remove(&(e.from.as_str(), e.to.as_str()))
            {
                stale.push(e.id.clone());
            }
        }
        let missing: Vec<(String, String)> = order
            .windows(2)
            .filter(|w| wanted.contains(&(w[0].as_str(), w[1].as_str())))
            .map(|w| (w[0].clone(), w[1].clone()))
            .collect();
        for id in stale {
            self.push(Command::Disconnect { id })?;
        }
        for (from, to) in missing {
            let id = self.probe.fresh_id("e");
            self.push(Command::Connect { edge: Edge::new(id, from, to).into(), index: None })?;
        }
        Ok(())
    }

    fn finish(self) -> Option<Command> {
        (!self.cmds.is_empty()).then_some(Command::Batch(self.cmds))
    }
}

/// The command that adds an item, and the new item's id.
pub fn add(doc: &Document, kind: NodeType, at: usize, label: &str) -> Result<(Command, String), CommandError> {
    let mut b = Builder::new(doc);
    let mut order = column_ids(doc, kind);
    let id = doc.fresh_id(id_prefix(kind));
    let mut node = Node::new(id.clone(), kind, label.trim(), 0.0, 0.0);
    (node.w, node.h) = (ITEM_W, ITEM_H);
    b.push(Command::AddNode { node: node.into(), index: None, edges: vec![] })?;
    order.insert(at.min(order.len()), id.clone());
    b.arrange(kind, &order)?;
    Ok((b.finish().expect("an added node"), id))
}

/// The command that deletes items (with their links); `None` when none of them exists.
pub fn remove(doc: &Document, ids: &[String]) -> Result<Option<Command>, CommandError> {
    let mut b = Builder::new(doc);
    let mut kinds = Vec::new();
    for id in ids {
        if let Some(n) = b.probe.node(id) {
            kinds.push(n.kind);
            b.push(Command::RemoveNode { id: id.clone() })?;
        }
    }
    for kind in COLUMNS.into_iter().filter(|k| kinds.contains(k)) {
        let order = column_ids(&b.probe, kind);
        b.arrange(kind, &order)?;
    }
    Ok(b.finish())
}

/// The command that moves an item to position `to` of its column; `None` when nothing moves.
pub fn reorder(doc: &Document, id: &str, to: usize) -> Result<Option<Command>, CommandError> {
    let kind = doc.node(id).ok_or_else(|| CommandError::NoNode(id.into()))?.kind;
    let mut order = column_ids(doc, kind);
    order.retain(|o| o != id);
    order.insert(to.min(order.len()), id.to_string());
    let mut b = Builder::new(doc);
    b.arrange(kind, &order)?;
    Ok(b.finish())
}

/// The command that links two items of neighbouring columns in the SIPOC direction, or unlinks
/// them when they are linked; `None` when they cannot be linked.
pub fn toggle_link(doc: &Document, a: &str, b: &str) -> Result<Option<Command>, CommandError> {
    let na = doc.node(a).ok_or_else(|| CommandError::NoNode(a.into()))?;
    let nb = doc.node(b).ok_or_else(|| CommandError::NoNode(b.into()))?;
    let existing: Vec<Command> = links_between(doc, a, b).map(|e| Command::Disconnect { id: e.id.clone() }).collect();
    if !existing.is_empty() {
        return Ok(Some(Command::Batch(existing)));
    }
    let (from, to) = if link_allowed(na.kind, nb.kind) {
        (a, b)
    } else if link_allowed(nb.kind, na.kind) {
        (b, a)
    } else {
        return Ok(None);
    };
    Ok(Some(Command::Connect { edge: Edge::new(doc.fresh_id("e"), from, to).into(), index: None }))
}

impl Editor {
    /// Runs one board edit as one undo step. Returns whether anything changed.
    pub(super) fn sipoc(&mut self, edit: Edit) -> Result<bool, CommandError> {
        let cmd = match edit {
            Edit::Add { kind, at, label } => Some(add(&self.doc, kind, at, &label)?.0),
            Edit::Remove(ids) => remove(&self.doc, &ids)?,
            Edit::Reorder { id, to } => reorder(&self.doc, &id, to)?,
            Edit::ToggleLink(a, b) => toggle_link(&self.doc, &a, &b)?,
        };
        match cmd {
            Some(cmd) => self.execute(cmd),
            None => Ok(false),
        }
    }

    /// Deletes the selection on the board: items close up and keep the step chain whole;
    /// selected links go too. One undo step.
    pub(super) fn sipoc_delete_selection(&mut self) -> Result<bool, CommandError> {
        let nodes = self.selected_nodes();
        let mut b = Builder::new(&self.doc);
        for id in &self.selection {
            if let Some(e) = self.doc.edge(id) {
                if !nodes.contains(&e.from) && !nodes.contains(&e.to) {
                    b.push(Command::Disconnect { id: id.clone() })?;
                }
            }
        }
        let mut cmds = b.cmds;
        if let Some(Command::Batch(more)) = remove(&b.probe, &nodes)? {
            cmds.extend(more);
        }
        if cmds.is_empty() {
            return Ok(false);
        }
        let changed = self.execute(Command::Batch(cmds))?;
        self.selection.clear();
        Ok(changed)
    }
}

/// An input on the board: an item, or the empty "next item" row of a column.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Item(String),
    Draft(usize),
}

/// A key pressed in a board input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardKey {
    pub key: String,
    pub shift: bool,
    /// Ctrl or ⌘.
    pub ctrl: bool,
    pub alt: bool,
    /// The key belongs to an IME composition in progress (Enter picks characters there).
    pub composing: bool,
}

impl BoardKey {
    pub fn new(key: &str) -> Self {
        BoardKey { key: key.into(), shift: false, ctrl: false, alt: false, composing: false }
    }
}

/// What the board does about a key or a blur: actions to dispatch in order, where the keyboard
/// goes next, and what happens to the input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reaction {
    pub actions: Vec<Action>,
    /// Focus this input once the board is redrawn.
    pub focus: Option<Field>,
    /// The key was used here: the browser must not also act on it. A Tab out of the first or
    /// last column is not: focus leaves the board as it would anywhere else.
    pub handled: bool,
    /// The draft's text became an item: empty the input.
    pub clear: bool,
    /// Put the saved text back (Escape drops what was typed).
    pub reset: bool,
    /// Let go of the keyboard (Escape).
    pub leave: bool,
    /// The item is being deleted: its input must not save anything when it loses focus.
    pub gone: bool,
}

/// Where an input sits: column, row on screen (items and the draft row together), the item
/// with its saved label, and its position in the column's items (for the draft: where a new
/// item goes).
#[derive(Clone, Debug, PartialEq)]
struct Place {
    col: usize,
    row: usize,
    item: Option<(String, String)>,
    index: usize,
}

/// The board's view state: where each column's draft row sits, and the keys that move through
/// the board and edit it. Keeps to the board (never the document: edits leave as actions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Board {
    /// Per column: the position of the draft row among the items; `None`: after the last.
    pub drafts: [Option<usize>; 5],
}

impl Board {
    /// The inputs of every column, top to bottom, the draft row included.
    pub fn rows(&self, doc: &Document) -> Vec<Vec<Field>> {
        COLUMNS
            .iter()
            .enumerate()
            .map(|(col, &kind)| {
                let mut list: Vec<Field> = column(doc, kind).iter().map(|n| Field::Item(n.id.clone())).collect();
                let at = self.drafts[col].unwrap_or(list.len()).min(list.len());
                list.insert(at, Field::Draft(col));
                list
            })
            .collect()
    }

    fn place(&self, doc: &Document, field: &Field) -> Option<Place> {
        match field {
            Field::Draft(col) => {
                let len = column(doc, *COLUMNS.get(*col)?).len();
                let at = self.drafts[*col].unwrap_or(len).min(len);
                Some(Place { col: *col, row: at, item: None, index: at })
            }
            Field::Item(id) => {
                let node = doc.node(id)?;
                let col = column_of(node.kind)?;
                let index = column(doc, node.kind).iter().position(|n| n.id == *id)?;
                let at = self.drafts[col].unwrap_or(usize::MAX);
                let row = index + usize::from(index >= at);
                Some(Place { col, row, item: Some((id.clone(), node.label.clone())), index })
            }
        }
    }

    /// Saves what an input holds: a changed item label, or a typed draft as a new item.
    fn commit(place: &Place, text: &str, r: &mut Reaction) -> bool {
        match &place.item {
            Some((id, label)) => {
                if text != label {
                    r.actions.push(Action::Rename { target: Target::Node(id.clone()), text: text.to_string() });
                }
                false
            }
            None if !text.is_empty() => {
                r.clear = true;
                let kind = COLUMNS[place.col];
                r.actions.push(Action::Board(Edit::Add { kind, at: place.index, label: text.to_string() }));
                true
            }
            None => false,
        }
    }

    /// A key pressed in `field`, which holds `value`.
    pub fn key(&mut self, doc: &Document, field: &Field, value: &str, key: &BoardKey) -> Reaction {
        let mut r = Reaction::default();
        if key.composing {
            return r;
        }
        let Some(place) = self.place(doc, field) else { return r };
        let text = value.trim();
        let rows = self.rows(doc);
        let column = &rows[place.col];
        // Undo and redo reach the document when nothing typed here is for the browser's own text
        // undo to take back (an empty new row, or an item as saved).
        let untouched = match &place.item {
            Some((_, label)) => value == label,
            None => value.is_empty(),
        };
        let lower = key.key.to_ascii_lowercase();
        if key.ctrl {
            if untouched {
                let action = match (lower.as_str(), key.shift) {
                    ("z", false) => Some(Action::Undo),
                    ("z", true) | ("y", _) => Some(Action::Redo),
                    _ => None,
                };
                if let Some(action) = action {
                    r.actions.push(action);
                    r.handled = true;
                }
            }
            return r;
        }
        match key.key.as_str() {
            "Enter" => {
                r.handled = true;
                let added = Self::commit(&place, text, &mut r);
                if place.item.is_none() && !added {
                    return r;
                }
                self.drafts[place.col] = Some(place.index + 1);
                r.focus = Some(Field::Draft(place.col));
            }
            "Tab" => {
                Self::commit(&place, text, &mut r);
                let to = if key.shift { place.col.checked_sub(1) } else { Some(place.col + 1) };
                self.drafts[place.col] = None;
                if let Some(to) = to.filter(|&c| c < COLUMNS.len()) {
                    r.handled = true;
                    self.drafts[to] = None;
                    r.focus = Some(Field::Draft(to));
                }
            }
            "ArrowUp" | "ArrowDown" if key.alt => {
                r.handled = true;
                if let Some((id, _)) = &place.item {
                    Self::commit(&place, text, &mut r);
                    let to = if key.key == "ArrowUp" { place.index.checked_sub(1) } else { Some(place.index + 1) };
                    if let Some(to) = to {
                        r.actions.push(Action::Board(Edit::Reorder { id: id.clone(), to }));
                    }
                }
            }
            "ArrowUp" | "ArrowDown" => {
                r.handled = true;
                let row = if key.key == "ArrowUp" { place.row.checked_sub(1) } else { Some(place.row + 1) };
                r.focus = row.and_then(|row| column.get(row)).cloned();
            }
            "Backspace" if value.is_empty() => {
                r.handled = true;
                let above = place.row.checked_sub(1);
                let below = (place.row + 1 < column.len()).then_some(place.row + 1);
                let neighbour = above.or(below).map(|row| column[row].clone());
                match &place.item {
                    Some((id, _)) => {
                        r.gone = true;
                        r.actions.push(Action::Board(Edit::Remove(vec![id.clone()])));
                        r.focus = neighbour;
                    }
                    None => {
                        self.drafts[place.col] = None;
                        r.focus = neighbour.filter(|f| *f != Field::Draft(place.col));
                    }
                }
            }
            "Escape" => {
                r.handled = true;
                r.reset = true;
                r.leave = true;
                self.drafts[place.col] = None;
            }
            _ => {}
        }
        r
    }

    /// An input lost the keyboard holding `value`: what it holds is kept (a click elsewhere
    /// never loses typing).
    pub fn blur(&mut self, doc: &Document, field: &Field, value: &str) -> Reaction {
        let mut r = Reaction::default();
        let Some(place) = self.place(doc, field) else { return r };
        if Self::commit(&place, value.trim(), &mut r) {
            self.drafts[place.col] = None;
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn labels(doc: &Document, kind: NodeType) -> Vec<String> {
        column(doc, kind).iter().map(|n| n.label.clone()).collect()
    }

    /// The step→step edges as label pairs, in document order.
    fn chain(doc: &Document) -> Vec<(String, String)> {
        let label = |id: &str| doc.node(id).map(|n| n.label.clone()).unwrap_or_default();
        let is_step = |id: &str| doc.node(id).is_some_and(|n| n.kind == NodeType::Step);
        let mut pairs: Vec<_> = doc
            .edges
            .iter()
            .filter(|e| is_step(&e.from) && is_step(&e.to))
            .map(|e| (label(&e.from), label(&e.to)))
            .collect();
        pairs.sort();
        pairs
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<_> = list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        v.sort();
        v
    }

    fn with_steps(names: &[&str]) -> Editor {
        let mut ed = Editor::new(Document::new(Kind::Sipoc, ""));
        for (i, name) in names.iter().enumerate() {
            ed.sipoc(Edit::Add { kind: NodeType::Step, at: i, label: name.to_string() }).unwrap();
        }
        ed
    }

    #[test]
    fn given_an_empty_board_when_items_are_added_then_they_stack_in_their_column_slots() {
        let mut ed = Editor::new(Document::new(Kind::Sipoc, ""));
        ed.sipoc(Edit::Add { kind: NodeType::Input, at: 0, label: " 订单 ".into() }).unwrap();
        ed.sipoc(Edit::Add { kind: NodeType::Input, at: 9, label: "Forecast".into() }).unwrap();
        let items = column(&ed.doc, NodeType::Input);
        assert_eq!(labels(&ed.doc, NodeType::Input), ["订单", "Forecast"]);
        assert_eq!((items[0].x, items[0].y), slot(1, 0));
        assert_eq!((items[1].x, items[1].y), slot(1, 1));
        assert_eq!((items[1].w, items[1].h), (ITEM_W, ITEM_H));
    }

    #[test]
    fn given_steps_when_one_is_inserted_between_two_then_the_chain_runs_through_it_in_one_undo_step() {
        let mut ed = with_steps(&["a", "c"]);
        ed.sipoc(Edit::Add { kind: NodeType::Step, at: 1, label: "b".into() }).unwrap();
        assert_eq!(labels(&ed.doc, NodeType::Step), ["a", "b", "c"]);
        assert_eq!(chain(&ed.doc), pairs(&[("a", "b"), ("b", "c")]));
        ed.undo().unwrap();
        assert_eq!(labels(&ed.doc, NodeType::Step), ["a", "c"]);
        assert_eq!(chain(&ed.doc), pairs(&[("a", "c")]));
    }

    #[test]
    fn given_a_chain_when_a_middle_step_is_removed_then_its_neighbours_are_joined() {
        let mut ed = with_steps(&["a", "b", "c"]);
        let b = column(&ed.doc, NodeType::Step)[1].id.clone();
        ed.sipoc(Edit::Remove(vec![b])).unwrap();
        assert_eq!(chain(&ed.doc), pairs(&[("a", "c")]));
        let c = column(&ed.doc, NodeType::Step)[1];
        assert_eq!((c.x, c.y), slot(2, 1), "the column closes up");
        ed.undo().unwrap();
        assert_eq!(chain(&ed.doc), pairs(&[("a", "b"), ("b", "c")]));
    }

    #[test]
    fn given_a_chain_when_a_step_is_moved_to_the_top_then_order_and_chain_follow() {
        let mut ed = with_steps(&["a", "b", "c"]);
        let c = column(&ed.doc, NodeType::Step)[2].id.clone();
        assert!(ed.sipoc(Edit::Reorder { id: c.clone(), to: 0 }).unwrap());
        assert_eq!(labels(&ed.doc, NodeType::Step), ["c", "a", "b"]);
        assert_eq!(chain(&ed.doc), pairs(&[("c", "a"), ("a", "b")]));
        assert!(!ed.sipoc(Edit::Reorder { id: c, to: 0 }).unwrap(), "no move, no undo step");
        ed.undo().unwrap();
        assert_eq!(labels(&ed.doc, NodeType::Step), ["a", "b", "c"]);
        assert_eq!(chain(&ed.doc), pairs(&[("a", "b"), ("b", "c")]));
    }

    #[test]
    fn given_a_supplier_and_an_input_when_toggled_twice_then_linked_in_sipoc_direction_then_unlinked() {
        let mut ed = Editor::new(Document::new(Kind::Sipoc, ""));
        ed.sipoc(Edit::Add { kind: NodeType::Supplier, at: 0, label: "ERP".into() }).unwrap();
        ed.sipoc(Edit::Add { kind: NodeType::Input, at: 0, label: "订单".into() }).unwrap();
        let (s, i) = (column(&ed.doc, NodeType::Supplier)[0].clone(), column(&ed.doc, NodeType::Input)[0].clone());
        assert!(unlinked(&ed.doc, &i));
        // Asked from the input's side: the edge still runs supplier → input.
        ed.sipoc(Edit::ToggleLink(i.id.clone(), s.id.clone())).unwrap();
        assert_eq!((ed.doc.edges[0].from.as_str(), ed.doc.edges[0].to.as_str()), (s.id.as_str(), i.id.as_str()));
        assert!(!unlinked(&ed.doc, &i));
        ed.sipoc(Edit::ToggleLink(s.id.clone(), i.id.clone())).unwrap();
        assert!(ed.doc.edges.is_empty());
    }

    #[test]
    fn given_items_of_columns_apart_when_linked_then_nothing_happens() {
        let mut ed = Editor::new(Document::new(Kind::Sipoc, ""));
        ed.sipoc(Edit::Add { kind: NodeType::Supplier, at: 0, label: "s".into() }).unwrap();
        ed.sipoc(Edit::Add { kind: NodeType::Customer, at: 0, label: "c".into() }).unwrap();
        let ids: Vec<String> = ed.doc.nodes.iter().map(|n| n.id.clone()).collect();
        assert!(!ed.sipoc(Edit::ToggleLink(ids[0].clone(), ids[1].clone())).unwrap());
        assert!(ed.doc.edges.is_empty());
    }

    #[test]
    fn given_a_selected_step_and_link_when_deleted_then_chain_stays_whole_in_one_step() {
        let mut ed = with_steps(&["a", "b", "c"]);
        ed.sipoc(Edit::Add { kind: NodeType::Output, at: 0, label: "o".into() }).unwrap();
        let steps: Vec<String> = column(&ed.doc, NodeType::Step).iter().map(|n| n.id.clone()).collect();
        let o = column(&ed.doc, NodeType::Output)[0].id.clone();
        ed.sipoc(Edit::ToggleLink(steps[2].clone(), o)).unwrap();
        let link = ed.doc.edges.last().unwrap().id.clone();
        let before = (*ed.doc).clone();
        ed.select_only([steps[1].clone(), link]);
        assert!(ed.sipoc_delete_selection().unwrap());
        assert_eq!(chain(&ed.doc), pairs(&[("a", "c")]));
        assert_eq!(ed.doc.edges.len(), 1);
        ed.undo().unwrap();
        assert_eq!(*ed.doc, before);
    }

    #[test]
    fn given_an_imported_board_with_loose_coordinates_then_columns_read_by_y() {
        let mut doc = Document::new(Kind::Sipoc, "");
        doc.nodes.push(Node::new("s2", NodeType::Step, "second", 300.0, 200.0).into());
        doc.nodes.push(Node::new("s1", NodeType::Step, "first", 310.0, 20.0).into());
        assert_eq!(labels(&doc, NodeType::Step), ["first", "second"]);
        let (cmd, _) = add(&doc, NodeType::Step, 2, "third").unwrap();
        cmd.apply(&mut doc).unwrap();
        assert_eq!(chain(&doc), pairs(&[("first", "second"), ("second", "third")]));
        assert_eq!(column(&doc, NodeType::Step)[0].y, 0.0);
    }
}
