//! The keyboard: which key does what on the canvas, and the lists the shortcuts dialog shows
//! (the canvas's keys, or the SIPOC board's while a SIPOC is open). Pure: the UI reports a key
//! press and runs what comes back.

use super::{Action, Editor};
use crate::command::Target;
use crate::model::Kind;

/// Grid step of an arrow-key nudge, in canvas px.
pub const NUDGE: f64 = super::layout::GRID;
/// Nudge with Shift held.
pub const NUDGE_FAR: f64 = 50.0;

/// A key press, with its modifiers (`ctrl` is Ctrl or ⌘).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    pub key: String,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

impl KeyPress {
    pub fn new(key: &str) -> Self {
        KeyPress { key: key.into(), ctrl: false, shift: false, alt: false }
    }
    pub fn ctrl(key: &str) -> Self {
        KeyPress { ctrl: true, ..KeyPress::new(key) }
    }
    pub fn shift(key: &str) -> Self {
        KeyPress { shift: true, ..KeyPress::new(key) }
    }
}

/// What a key asks for: an edit, or something of the view.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyCommand {
    Act(Action),
    /// Start editing this label in place (F2).
    Rename(Target),
    /// Close dialogs, stop editing, clear the selection.
    Escape,
    ZoomIn,
    ZoomOut,
    Fit,
    Shortcuts,
    Export,
    /// Presentation mode (not on the SIPOC board).
    Present,
}

/// What the key does in the editor as it stands, if anything. The SIPOC board places its items
/// itself: no free moves, no pastes at an offset, no renaming by F2 (items are typed in place).
pub fn command(editor: &Editor, k: &KeyPress) -> Option<KeyCommand> {
    let key = k.key.as_str();
    let board = editor.doc.kind == Kind::Sipoc;
    let lower = key.to_ascii_lowercase();
    let act = |a: Action| Some(KeyCommand::Act(a));
    match (k.ctrl, k.shift, lower.as_str()) {
        (true, false, "z") => act(Action::Undo),
        (true, true, "z") | (true, _, "y") => act(Action::Redo),
        (true, _, "c") if !board => act(Action::Copy),
        (true, _, "v") if !board => act(Action::Paste { at: None }),
        (true, _, "d") if !board => act(Action::Duplicate),
        (true, _, "a") => act(Action::SelectAll),
        (true, _, "s") => Some(KeyCommand::Export),
        (true, _, _) => None,
        (false, _, "delete" | "backspace") => act(Action::Delete),
        (false, _, "escape") => Some(KeyCommand::Escape),
        (false, _, "f2") if !board => rename_target(editor).map(KeyCommand::Rename),
        (false, shift, "arrowleft" | "arrowright" | "arrowup" | "arrowdown") if !board => {
            let step = if shift { NUDGE_FAR } else { NUDGE };
            let (dx, dy) = match lower.as_str() {
                "arrowleft" => (-step, 0.0),
                "arrowright" => (step, 0.0),
                "arrowup" => (0.0, -step),
                _ => (0.0, step),
            };
            act(Action::Nudge { dx, dy })
        }
        (_, _, "+" | "=") => Some(KeyCommand::ZoomIn),
        (_, _, "-" | "_") => Some(KeyCommand::ZoomOut),
        (false, _, "f") => Some(KeyCommand::Fit),
        (false, _, "p") if !board && !k.alt => Some(KeyCommand::Present),
        (false, _, "?") => Some(KeyCommand::Shortcuts),
        _ => None,
    }
}

/// The one selected shape, connector or lane, whose label F2 edits.
fn rename_target(editor: &Editor) -> Option<Target> {
    let mut selected = editor.selection.iter();
    let (Some(id), None) = (selected.next(), selected.next()) else { return None };
    let doc = &editor.doc;
    if doc.node(id).is_some() {
        Some(Target::Node(id.clone()))
    } else if doc.edge(id).is_some() {
        Some(Target::Edge(id.clone()))
    } else if doc.lane(id).is_some() {
        Some(Target::Lane(id.clone()))
    } else {
        None
    }
}

/// Keys whose browser default (scrolling, the browser's own undo, its save dialog) must not run
/// when the app handles them.
pub fn prevents_default(k: &KeyPress) -> bool {
    let lower = k.key.to_ascii_lowercase();
    (k.ctrl && matches!(lower.as_str(), "z" | "y" | "c" | "v" | "d" | "a" | "s"))
        || matches!(lower.as_str(), "delete" | "backspace" | "arrowleft" | "arrowright" | "arrowup" | "arrowdown")
}

/// One row of the shortcuts dialog: the table key of what it does, and the keys (either
/// written out, or the table key of a description).
pub struct Shortcut {
    pub what: &'static str,
    pub keys: Keys,
}

pub enum Keys {
    /// Written the same in every language.
    Literal(&'static str),
    /// A table key: words such as "Shift + drag on empty canvas".
    Words(&'static str),
}

const fn row(what: &'static str, keys: &'static str) -> Shortcut {
    Shortcut { what, keys: Keys::Literal(keys) }
}
const fn words(what: &'static str, keys: &'static str) -> Shortcut {
    Shortcut { what, keys: Keys::Words(keys) }
}

/// The canvas's keys (swimlane and value stream), as the dialog lists them.
pub const CANVAS: &[Shortcut] = &[
    row("sc.undo", "Ctrl/⌘ + Z"),
    row("sc.redo", "Ctrl/⌘ + Shift + Z, Ctrl + Y"),
    row("sc.delete", "Delete, Backspace"),
    row("sc.copy", "Ctrl/⌘ + C"),
    row("sc.paste", "Ctrl/⌘ + V"),
    row("sc.duplicate", "Ctrl/⌘ + D"),
    row("sc.select_all", "Ctrl/⌘ + A"),
    words("sc.multi", "sc.multi_keys"),
    words("sc.band", "sc.band_keys"),
    row("sc.rename", "F2, double-click"),
    row("sc.nudge", "← ↑ → ↓ (Shift: 50 px)"),
    words("sc.connect", "sc.connect_keys"),
    row("sc.zoom", "+ / −, wheel"),
    row("sc.fit", "F"),
    words("sc.pan", "sc.pan_keys"),
    row("sc.export", "Ctrl/⌘ + S"),
    row("sc.label_break", "Shift + Enter"),
    words("sc.present", "sc.present_keys"),
    row("sc.escape", "Esc"),
    row("sc.help", "?"),
];

/// The SIPOC board's keys, while typing in an item.
pub const BOARD: &[Shortcut] = &[
    row("sc.board.enter", "Enter"),
    row("sc.board.columns", "Tab / Shift + Tab"),
    row("sc.board.rows", "↑ / ↓"),
    row("sc.board.reorder", "Alt + ↑ / Alt + ↓"),
    row("sc.board.delete", "Backspace"),
    row("sc.undo", "Ctrl/⌘ + Z"),
    row("sc.redo", "Ctrl/⌘ + Shift + Z, Ctrl + Y"),
    row("sc.board.leave", "Esc"),
    row("sc.export", "Ctrl/⌘ + S"),
    row("sc.help", "?"),
];

/// The shortcuts of the editor for a diagram of `kind`.
pub fn shortcuts(kind: Kind) -> &'static [Shortcut] {
    match kind {
        Kind::Sipoc => BOARD,
        _ => CANVAS,
    }
}
