//! Pointer gestures on the canvas: what pressing on a shape, a handle, a lane's title or the
//! empty canvas starts, what the preview shows while the pointer moves, and the one action a
//! release becomes. Pointer moves change the preview only (view state); the release sends
//! actions through the dispatcher, so a drag is one undo step. Pure: the UI says what the
//! pointer hit and where, and draws the preview.

use super::layout::{self, lane_bands, node_at};
use super::{Action, Point, MIN_SIZE};
use crate::model::Document;
use std::collections::BTreeSet;

/// Pan and zoom of the canvas: screen = document × zoom + (x, y). View state, never saved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub x: f64,
    pub y: f64,
}

impl Default for View {
    fn default() -> Self {
        View { zoom: 1.0, x: 40.0, y: 30.0 }
    }
}

impl View {
    pub const MIN_ZOOM: f64 = 0.1;
    pub const MAX_ZOOM: f64 = 4.0;

    /// The document point under a screen point.
    pub fn to_doc(&self, (sx, sy): Point) -> Point {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }

    /// Zoomed by `factor` (clamped) around the screen point (sx, sy), which stays put.
    pub fn zoomed_at(&self, factor: f64, (sx, sy): Point) -> View {
        let zoom = (self.zoom * factor).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let k = zoom / self.zoom;
        View { zoom, x: sx - (sx - self.x) * k, y: sy - (sy - self.y) * k }
    }
}

/// What the pointer was pressed on.
#[derive(Clone, Debug, PartialEq)]
pub enum Hit {
    Node(String),
    Edge(String),
    /// A shape's connection handle.
    Handle(String),
    /// A shape's resize handle.
    Resize(String),
    LaneHead(String),
    /// The border after a lane.
    LaneBorder(String),
    /// A lane's delete button (acts on click, starts no gesture).
    LaneDelete(String),
    /// The handle of segment `index` of a selected connector's route (`route`, as drawn).
    Segment {
        id: String,
        index: usize,
        route: Vec<Point>,
    },
    Empty,
}

/// Where and how the pointer is: in document and screen coordinates, with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    pub at: Point,
    pub screen: Point,
    /// Shift held: add to the selection, or select an area.
    pub shift: bool,
    /// Space held or the middle button: pan whatever is under the pointer.
    pub pan: bool,
}

/// What the pointer is doing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Gesture {
    #[default]
    Idle,
    Pan {
        start: Point,
        view: View,
        moved: bool,
    },
    Move {
        ids: Vec<String>,
        start: Point,
        moved: bool,
    },
    Connect {
        from: String,
    },
    Band {
        start: Point,
    },
    LaneMove {
        id: String,
    },
    LaneResize {
        id: String,
        start: f64,
        size: f64,
    },
    Resize {
        id: String,
        start: Point,
    },
    /// A connector's segment dragged sideways.
    Segment {
        id: String,
        index: usize,
        route: Vec<Point>,
        start: Point,
    },
}

impl Gesture {
    /// How far a dragged segment has moved sideways, for a pointer moved by (dx, dy).
    pub fn segment_shift(route: &[Point], index: usize, dx: f64, dy: f64) -> f64 {
        match (route.get(index), route.get(index + 1)) {
            (Some(a), Some(b)) if (a.0 - b.0).abs() < 1e-6 => dx,
            (Some(_), Some(_)) => dy,
            _ => 0.0,
        }
    }
}

/// What the preview layer shows while a gesture runs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Preview {
    /// How far moved shapes (or a resized shape's corner) follow the pointer.
    pub dx: f64,
    pub dy: f64,
    /// The pointer, in document coordinates (the end of a connector being drawn).
    pub pointer: Point,
    /// The view while panning.
    pub pan: Option<View>,
}

/// A shape must move this far (in document px) before a press becomes a drag.
const DRAG_SLOP: f64 = 2.0;
/// The pointer must move this far (in screen px) before a press on the canvas becomes a pan.
const PAN_SLOP: f64 = 3.0;

impl Gesture {
    /// The pointer went down on `hit`. Returns the gesture it starts and the selection change
    /// that pressing makes at once (a click selects before any drag).
    pub fn press(
        doc: &Document,
        selection: &BTreeSet<String>,
        hit: Hit,
        p: Pointer,
        view: View,
    ) -> (Gesture, Vec<Action>) {
        let hit = if p.pan { Hit::Empty } else { hit };
        match hit {
            Hit::Handle(from) => (Gesture::Connect { from }, vec![]),
            Hit::Segment { id, index, route } => (Gesture::Segment { id, index, route, start: p.at }, vec![]),
            Hit::Resize(id) => (Gesture::Resize { id, start: p.at }, vec![]),
            Hit::Node(id) => {
                let selected_nodes = || selection.iter().filter(|s| doc.node(s).is_some()).cloned();
                let (ids, action): (Vec<String>, _) = if p.shift {
                    let ids = if selection.contains(&id) {
                        Vec::new()
                    } else {
                        selected_nodes().chain([id.clone()]).collect()
                    };
                    (ids, Some(Action::ToggleSelect(id)))
                } else if selection.contains(&id) {
                    (selected_nodes().collect(), None)
                } else {
                    (vec![id.clone()], Some(Action::Select(vec![id])))
                };
                (Gesture::Move { ids, start: p.at, moved: false }, action.into_iter().collect())
            }
            Hit::Edge(id) => {
                let action = if p.shift { Action::ToggleSelect(id) } else { Action::Select(vec![id]) };
                (Gesture::Idle, vec![action])
            }
            Hit::LaneHead(id) => (Gesture::LaneMove { id }, vec![]),
            Hit::LaneBorder(id) => {
                let size = doc.lane(&id).map(|l| l.size()).unwrap_or_default();
                let start = layout::cross(doc.settings.orientation, p.at.0, p.at.1);
                (Gesture::LaneResize { id, start, size }, vec![])
            }
            Hit::LaneDelete(_) => (Gesture::Idle, vec![]),
            Hit::Empty if p.shift && !p.pan => (Gesture::Band { start: p.at }, vec![]),
            Hit::Empty => (Gesture::Pan { start: p.screen, view, moved: false }, vec![]),
        }
    }

    /// The pointer moved: the preview to draw (nothing changes in the document).
    pub fn drag(&mut self, p: Pointer) -> Preview {
        let mut preview = Preview { pointer: p.at, ..Preview::default() };
        match self {
            Gesture::Pan { start, view, moved } => {
                let (dx, dy) = (p.screen.0 - start.0, p.screen.1 - start.1);
                if dx.abs() + dy.abs() > PAN_SLOP {
                    *moved = true;
                }
                preview.pan = Some(View { x: view.x + dx, y: view.y + dy, ..*view });
            }
            Gesture::Move { start, moved, .. } => {
                (preview.dx, preview.dy) = (p.at.0 - start.0, p.at.1 - start.1);
                if preview.dx.abs() + preview.dy.abs() > DRAG_SLOP {
                    *moved = true;
                }
            }
            Gesture::Resize { start, .. } | Gesture::Segment { start, .. } => {
                (preview.dx, preview.dy) = (p.at.0 - start.0, p.at.1 - start.1)
            }
            _ => {}
        }
        preview
    }

    /// The pointer was released at `p`: the actions the gesture ends with, and the view a pan
    /// leaves.
    pub fn release(self, doc: &Document, p: Pointer) -> (Vec<Action>, Option<View>) {
        match self {
            Gesture::Idle => (vec![], None),
            Gesture::Pan { start, view, moved } => {
                if moved {
                    let (dx, dy) = (p.screen.0 - start.0, p.screen.1 - start.1);
                    (vec![], Some(View { x: view.x + dx, y: view.y + dy, ..view }))
                } else {
                    (vec![Action::ClearSelection], None)
                }
            }
            Gesture::Move { ids, start, moved } => {
                let (dx, dy) = (p.at.0 - start.0, p.at.1 - start.1);
                if moved || dx.abs() + dy.abs() > DRAG_SLOP {
                    (vec![Action::Drop { ids, dx, dy }], None)
                } else {
                    (vec![], None)
                }
            }
            Gesture::Connect { from } => match node_at(doc, p.at.0, p.at.1) {
                Some(target) if target.id != from => (vec![Action::Connect { from, to: target.id.clone() }], None),
                _ => (vec![], None),
            },
            Gesture::Band { start } => (vec![Action::SelectArea(start, p.at)], None),
            Gesture::LaneMove { id } => {
                let v = layout::cross(doc.settings.orientation, p.at.0, p.at.1);
                let bands = lane_bands(doc);
                let to = bands.iter().position(|b| b.contains(v)).unwrap_or(if v < 0.0 {
                    0
                } else {
                    bands.len().saturating_sub(1)
                });
                (vec![Action::MoveLane { id, to }], None)
            }
            Gesture::LaneResize { id, start, size } => {
                let v = layout::cross(doc.settings.orientation, p.at.0, p.at.1);
                (vec![Action::ResizeLane { id, size: size + v - start }], None)
            }
            Gesture::Segment { id, index, route, start } => {
                let d = Gesture::segment_shift(&route, index, p.at.0 - start.0, p.at.1 - start.1);
                if d.abs() > DRAG_SLOP {
                    (vec![Action::Reshape { id, points: crate::route::drag_segment(&route, index, d) }], None)
                } else {
                    (vec![], None)
                }
            }
            Gesture::Resize { id, start } => match doc.node(&id) {
                Some(n) => {
                    let (w, h) = (n.width() + p.at.0 - start.0, n.height() + p.at.1 - start.1);
                    (vec![Action::Resize { id, w: w.max(MIN_SIZE.0), h: h.max(MIN_SIZE.1) }], None)
                }
                None => (vec![], None),
            },
        }
    }
}
