//! Every user intent, by name. The UI turns a gesture (a click, a drag released, a key, a field
//! left) into one [`Action`] and hands it to `Editor::dispatch`, which applies the editor's
//! behaviours, runs the commands as one undo step and checks the document's invariants. Nothing
//! else changes a document.

use crate::command::{CommandError, Target};
use crate::message::{Arg, Message};
use crate::model::{ArrowKind, Dist, Invalid, NodeType, Orientation, TimeUnit, Trigger, ValueClass};

/// A point on the canvas, in document coordinates.
pub type Point = (f64, f64);

/// One thing the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    // ----- selection (view state: not history, not saved) -------------------------------------
    /// Selects exactly these elements (shapes, connectors or lanes).
    Select(Vec<String>),
    /// Adds an element to the selection, or takes it out (Shift+click).
    ToggleSelect(String),
    SelectAll,
    ClearSelection,
    /// Selects the shapes wholly inside the rectangle between two corners (Shift+drag).
    SelectArea(Point, Point),

    // ----- shapes and connectors -------------------------------------------------------------
    /// A new shape centred near a point (a palette shape dropped there), snapped to the grid, in
    /// the lane it lands in; selected.
    AddShape {
        kind: NodeType,
        at: Point,
    },
    /// A palette click: with one shape selected, the new shape goes next to it along the flow
    /// and is connected from it; otherwise it goes to a free place near `fallback` (the middle
    /// of the screen). Selected, and to be shown.
    AddShapeNext {
        kind: NodeType,
        fallback: Point,
    },
    /// A connector dragged from one shape to another; selected.
    Connect {
        from: String,
        to: String,
    },
    /// Shapes dragged by (dx, dy) and released: aligned with a nearby shape's line within reach,
    /// else snapped to the grid (`guides::land`), and each put in the lane it lands in.
    Drop {
        ids: Vec<String>,
        dx: f64,
        dy: f64,
    },
    /// The selected shapes moved by an arrow key.
    Nudge {
        dx: f64,
        dy: f64,
    },
    /// The selected shapes (two or more) lined up on the selection's edge or centre line; each
    /// then in the lane it lies in. One undo step.
    Align(super::arrange::Align),
    /// The selected shapes (three or more) spaced evenly, the outer two staying. One undo step.
    Distribute(super::arrange::Axis),
    /// A connector reshaped by dragging one of its segments: its bend points (the corners of
    /// its route between its shapes; snapped to the grid). Empty: "reset route", routed
    /// automatically again. One undo step.
    Reshape {
        id: String,
        points: Vec<Point>,
    },
    /// Tidy up: every shape of a swimlane laid out in columns along the flow, in its lane, lanes
    /// sized to their content (`tidy::tidy`). One undo step.
    TidyUp,
    /// A shape's resize handle dragged to a new size (edges caught by nearby shapes' lines or
    /// snapped to the grid, never below the minimum).
    Resize {
        id: String,
        w: f64,
        h: f64,
    },
    /// Deletes the selection (shapes with their connectors, connectors, lanes with their shapes).
    Delete,
    Copy,
    /// Pastes the copied shapes with fresh ids: centred at the point when given (the pointer),
    /// else next to the originals; in the lane they land in (the nearest lane).
    Paste {
        at: Option<Point>,
    },
    /// Copy and paste in one step, beside the originals.
    Duplicate,
    /// A new label for a shape or connector, or a new name for a lane (trimmed).
    Rename {
        target: Target,
        text: String,
    },
    /// One field of a shape, from the inspector.
    SetNode {
        id: String,
        field: NodeField,
    },
    /// One field of a connector, from the inspector.
    SetEdge {
        id: String,
        field: EdgeField,
    },
    /// One field of a lane, from the lane inspector.
    SetLane {
        id: String,
        field: LaneField,
    },
    /// One field of the document, from the inspector.
    SetDoc(DocField),

    // ----- lanes -----------------------------------------------------------------------------
    /// Appends a lane; the outcome asks for its name to be edited.
    AddLane {
        name: String,
    },
    RemoveLane(String),
    /// Reorders a lane; its shapes move with it.
    MoveLane {
        id: String,
        to: usize,
    },
    /// A lane's border dragged: its new thickness (snapped, never below the minimum).
    ResizeLane {
        id: String,
        size: f64,
    },

    // ----- SIPOC board -----------------------------------------------------------------------
    Board(super::sipoc::Edit),

    // ----- step table ------------------------------------------------------------------------
    /// A cell of the step table typed in, or a row added at its end.
    Table(super::table::TableEdit),

    // ----- history ---------------------------------------------------------------------------
    Undo,
    Redo,
}

/// A field of a shape.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeField {
    /// The lane the shape belongs to; the shape moves into that lane's band.
    Lane(Option<String>),
    /// Execution time, in the document's time unit.
    Work(f64),
    /// Delay before the task starts.
    Wait(f64),
    Value(Option<ValueClass>),
    ControlPoint(bool),
    System(String),
    Notes(String),
    /// The detailed diagram (id or title).
    Link(Option<String>),
    /// What the step takes in, as typed: items separated by `;`, `；` or `、`.
    Inputs(String),
    /// What the step gives out, as typed (as `Inputs`).
    Outputs(String),
    /// The lane accountable for the step (RACI's A), or none.
    Accountable(Option<String>),
    /// The lanes consulted (RACI's C).
    Consulted(Vec<String>),
    /// The lanes informed (RACI's I).
    Informed(Vec<String>),
    /// A key control point's risk, control activity and evidence.
    Risk(String),
    Control(String),
    Evidence(String),
    CycleTime(Option<f64>),
    Changeover(Option<f64>),
    /// A fraction 0..1.
    Uptime(Option<f64>),
    /// A fraction 0..1.
    Pca(Option<f64>),
    Operators(Option<f64>),
    Shifts(Option<f64>),
    /// An inventory's quantity; clears its days.
    Quantity(Option<f64>),
    /// An inventory's days of demand (clears its quantity) or a shipment's transport days.
    Days(Option<f64>),
    /// An intermediate event's trigger (none: a plain event).
    Trigger(Option<Trigger>),
    /// An intermediate event signals (throws) rather than waits (catches).
    Throw(bool),
    /// The step an intermediate event sits on the border of (a boundary event), or none: the
    /// event moves onto that step's lower border.
    Attached(Option<String>),
    /// A boundary event does not interrupt its step.
    NonInterrupting(bool),
    /// The distribution of a step's duration for simulation (none: fixed). A uniform range
    /// moves the step's work to its middle, the mean it has.
    Dist(Option<Dist>),
}

/// A field of a connector.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgeField {
    /// A fraction 0..1.
    Probability(Option<f64>),
    Transfer(Option<f64>),
    Arrow(Option<ArrowKind>),
}

/// A field of a lane.
#[derive(Clone, Debug, PartialEq)]
pub enum LaneField {
    Name(String),
    /// People (or parallel servers) working in the lane; `None` means 1.
    Capacity(Option<f64>),
    /// The pool (organisation) the lane belongs to; empty: the document's own.
    Pool(String),
}

/// A field of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum DocField {
    Title(String),
    /// Converts every duration to the new unit (4 h becomes 240 min), so the process keeps
    /// its times.
    TimeUnit(TimeUnit),
    /// Lanes as rows or as columns; the drawing turns with them.
    Orientation(Orientation),
    HandoffTime(Option<f64>),
    ArrivalsPerDay(Option<f64>),
    HoursPerDay(Option<f64>),
    DemandPerDay(Option<f64>),
    /// Shifts per day; available time follows shifts × (hours per shift − breaks).
    ShiftsPerDay(Option<f64>),
    HoursPerShift(Option<f64>),
    BreakMinutesPerShift(Option<f64>),
    Level(String),
    Owner(String),
    Author(String),
    Reviewer(String),
    Approver(String),
    Revision(String),
    /// The process document's file code, purpose and scope.
    Code(String),
    Purpose(String),
    Scope(String),
    /// Terms as typed: one per line, `term: meaning`.
    Terms(String),
    /// Related documents as typed: one per line.
    Related(String),
    /// The revision history as typed: one per line, `revision | date | author | change`.
    History(String),
    /// When the author, reviewer and approver signed.
    AuthorDate(String),
    ReviewerDate(String),
    ApproverDate(String),
}

/// What an action did, beyond changing the document: what the UI should do next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The document changed (and so its revision).
    pub changed: bool,
    /// Start editing this label in place (a new lane's name).
    pub edit: Option<Target>,
    /// Bring this shape into view (a shape placed by a palette click).
    pub reveal: Option<String>,
    /// Something the user should know about the result (a dropped or resized shape now
    /// overlaps others).
    pub notice: Option<Message>,
}

/// Why an action was refused. The document, its history and the selection are as they were.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionError {
    Command(CommandError),
    /// The result would have broken an invariant; the step was undone.
    Invariant(Invalid),
    /// The library is still being read: nothing is open to change yet.
    NotReady,
    /// What was typed cannot be used (a time that is not a number, a step that does not
    /// exist); nothing changed.
    Input(Message),
}

impl ActionError {
    pub fn message(&self) -> Message {
        match self {
            ActionError::Command(e) => e.message(),
            ActionError::Invariant(invalid) => {
                Message::new("action.invariant", vec![Arg::Msg(Box::new(invalid.message()))])
            }
            ActionError::NotReady => Message::plain("action.not_ready"),
            ActionError::Input(m) => m.clone(),
        }
    }
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ActionError {}

impl From<CommandError> for ActionError {
    fn from(e: CommandError) -> Self {
        ActionError::Command(e)
    }
}
