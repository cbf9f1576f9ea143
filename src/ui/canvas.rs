//! The drawing surface: lanes, connectors and shapes in SVG, and every pointer gesture on them.
//! The gestures themselves are `editor::gesture` (native-tested): this component tells it what
//! the pointer hit and where, draws its preview while the pointer moves, and sends the action a
//! release becomes. The lane, edge and node layers compare their props by
//! document revision, so a pointer move re-renders only the preview.

use super::shapes::{EdgeView, NodeView};
use super::vsm;
use super::{tr, Analysis, EditorCallbacks, Selection, Shared};
use crate::command::Target;
use crate::draw;
use crate::editor::gesture::{Gesture, Hit, Pointer, Preview, View};
use crate::editor::guides;
use crate::editor::layout::{self, lane_bands, rect_of, route, LANE_HEADER};
use crate::editor::{Action, Point, MIN_SIZE};
use crate::i18n::Lang;
use crate::metrics::Metrics;
use crate::model::{Document, Edge, Kind, Node, NodeType, Orientation};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub selection: Selection,
    pub analysis: Shared<Analysis>,
    pub critical: bool,
    pub view: View,
    pub editing: Option<Target>,
    pub lang: Lang,
    pub callbacks: EditorCallbacks,
    /// The view after a pan.
    pub on_view: Callback<View>,
    /// Zoom by a factor around a screen point.
    pub on_zoom: Callback<(f64, f64, f64)>,
    /// The label being edited in place was committed, or the edit cancelled.
    pub on_commit: Callback<String>,
    pub on_cancel: Callback<()>,
    /// A template chosen on the empty canvas.
    pub on_template: Callback<&'static str>,
    /// Where the pointer is over the canvas (written on every move, read by a paste).
    pub pointer: Shared<Cell<Option<Point>>>,
    /// Others in the live room, drawn over the diagram.
    pub peers: Option<super::live::PeersHandle>,
}

/// Where the canvas's top-left corner is in the window (reading it may force a layout).
fn canvas_origin(svg: &NodeRef) -> (f64, f64) {
    let rect = svg.cast::<web_sys::Element>().map(|el| el.get_bounding_client_rect());
    rect.map(|r| (r.left(), r.top())).unwrap_or_default()
}

/// The pointer relative to the canvas and in the document, with the canvas origin already
/// known: pointer moves of a gesture reuse the origin read when it began, so they never force
/// a layout.
fn pointer(e: &MouseEvent, (left, top): (f64, f64), view: View, pan: bool) -> Pointer {
    let screen = (e.client_x() as f64 - left, e.client_y() as f64 - top);
    Pointer { at: view.to_doc(screen), screen, shift: e.shift_key(), pan }
}

/// The element under the event that carries a `data-role`, as what the pointer hit.
fn hit_of(e: &Event) -> Hit {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(hit_in).unwrap_or(Hit::Empty)
}

/// Like `hit_of`, but by position: after a pointer capture, clicks are aimed at the canvas
/// itself, so the element under the pointer must be looked up.
fn hit_at(e: &MouseEvent) -> Hit {
    gloo::utils::document()
        .element_from_point(e.client_x() as f32, e.client_y() as f32)
        .map(hit_in)
        .unwrap_or(Hit::Empty)
}

fn hit_in(el: web_sys::Element) -> Hit {
    let Some(hit) = el.closest("[data-role]").ok().flatten() else { return Hit::Empty };
    let id = hit.get_attribute("data-id").unwrap_or_default();
    match hit.get_attribute("data-role").as_deref() {
        Some("node") => Hit::Node(id),
        Some("edge") => Hit::Edge(id),
        Some("handle") => Hit::Handle(id),
        Some("resize") => Hit::Resize(id),
        Some("lane-head") => Hit::LaneHead(id),
        Some("lane-resize") => Hit::LaneBorder(id),
        Some("lane-delete") => Hit::LaneDelete(id),
        Some("segment") => {
            let index = hit.get_attribute("data-index").and_then(|i| i.parse().ok()).unwrap_or(0);
            let route = hit
                .get_attribute("data-route")
                .unwrap_or_default()
                .split(' ')
                .filter_map(|p| p.split_once(',').and_then(|(x, y)| Some((x.parse().ok()?, y.parse().ok()?))))
                .collect();
            Hit::Segment { id, index, route }
        }
        _ => Hit::Empty,
    }
}

thread_local! {
    /// Whether the space bar is held (space + drag pans).
    static SPACE: RefCell<bool> = const { RefCell::new(false) };
}

/// The pointer gestures of the canvas: their state, the preview they draw, and the handlers
/// that feed `editor::gesture` and send the actions a release becomes.
struct Gestures {
    gesture: Rc<RefCell<Gesture>>,
    /// The connectors touching the shapes being moved, found when the move began.
    touching: Rc<RefCell<Rc<Vec<usize>>>>,
    preview: UseStateHandle<Preview>,
    onpointerdown: Callback<PointerEvent>,
    onpointermove: Callback<PointerEvent>,
    onpointerup: Callback<PointerEvent>,
    onpointerleave: Callback<PointerEvent>,
}

#[hook]
fn use_gestures(p: &CanvasProps, svg: &NodeRef) -> Gestures {
    let gesture = use_mut_ref(Gesture::default);
    let touching: Rc<RefCell<Rc<Vec<usize>>>> = use_mut_ref(Default::default);
    // The canvas origin when the current gesture began.
    let origin = use_mut_ref(|| (0.0, 0.0));
    let preview = use_state(Preview::default);
    let on_action = p.callbacks.on_action.clone();

    use_effect_with((), |_| {
        let down = gloo::events::EventListener::new(&gloo::utils::window(), "keydown", |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if k.code() == "Space" && !super::typing_in_field() {
                    SPACE.with(|s| *s.borrow_mut() = true);
                }
            }
        });
        let up = gloo::events::EventListener::new(&gloo::utils::window(), "keyup", |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if k.code() == "Space" {
                    SPACE.with(|s| *s.borrow_mut() = false);
                }
            }
        });
        move || drop((down, up))
    });

    let onpointerdown = {
        let (svg, gesture, touching, preview, on_action, doc, view) =
            (svg.clone(), gesture.clone(), touching.clone(), preview.clone(), on_action.clone(), p.doc.clone(), p.view);
        let (selection, origin) = (p.selection.clone(), origin.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 && e.button() != 1 {
                return;
            }
            *origin.borrow_mut() = canvas_origin(&svg);
            let pan = SPACE.with(|s| *s.borrow()) || e.button() == 1;
            let at = pointer(&e, *origin.borrow(), view, pan);
            let (next, actions) = Gesture::press(&doc, &selection, hit_of(&e), at, view);
            if let Gesture::Move { ids, .. } = &next {
                let set: HashSet<&str> = ids.iter().map(String::as_str).collect();
                let edges = doc.edges.iter().enumerate();
                let near = edges.filter(|(_, ed)| set.contains(ed.from.as_str()) || set.contains(ed.to.as_str()));
                *touching.borrow_mut() = Rc::new(near.map(|(i, _)| i).collect());
            }
            for a in actions {
                on_action.emit(a);
            }
            if !matches!(next, Gesture::Idle) {
                if let Some(el) = svg.cast::<web_sys::Element>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
            }
            *gesture.borrow_mut() = next;
            preview.set(Preview { pointer: at.at, ..Preview::default() });
        })
    };

    let onpointermove = {
        let (origin, gesture, preview, view, svg, at) =
            (origin.clone(), gesture.clone(), preview.clone(), p.view, svg.clone(), p.pointer.clone());
        Callback::from(move |e: PointerEvent| {
            let mut g = gesture.borrow_mut();
            if matches!(*g, Gesture::Idle) {
                // Only remembered: reading the canvas origin here is cheap (no gesture runs).
                at.set(Some(pointer(&e, canvas_origin(&svg), view, false).at));
                return;
            }
            let p = pointer(&e, *origin.borrow(), view, false);
            at.set(Some(p.at));
            preview.set(g.drag(p));
        })
    };
    let onpointerleave = {
        let at = p.pointer.clone();
        Callback::from(move |_: PointerEvent| at.set(None))
    };

    let onpointerup = {
        let (origin, gesture, preview, on_action, on_view, doc, view) = (
            origin.clone(),
            gesture.clone(),
            preview.clone(),
            on_action.clone(),
            p.on_view.clone(),
            p.doc.clone(),
            p.view,
        );
        Callback::from(move |e: PointerEvent| {
            let g = std::mem::take(&mut *gesture.borrow_mut());
            let (actions, new_view) = g.release(&doc, pointer(&e, *origin.borrow(), view, false));
            if let Some(v) = new_view {
                on_view.emit(v);
            }
            for a in actions {
                on_action.emit(a);
            }
            preview.set(Preview::default());
        })
    };

    Gestures { gesture, touching, preview, onpointerdown, onpointermove, onpointerup, onpointerleave }
}

#[function_component(Canvas)]
pub fn canvas(p: &CanvasProps) -> Html {
    let svg = use_node_ref();
    let Gestures { gesture, touching, preview, onpointerdown, onpointermove, onpointerup, onpointerleave } =
        use_gestures(p, &svg);
    let on_action = p.callbacks.on_action.clone();

    let ondblclick = {
        let on_edit = p.callbacks.on_edit.clone();
        Callback::from(move |e: MouseEvent| match hit_at(&e) {
            Hit::Node(id) => on_edit.emit(Target::Node(id)),
            Hit::Edge(id) => on_edit.emit(Target::Edge(id)),
            Hit::LaneHead(id) => on_edit.emit(Target::Lane(id)),
            _ => {}
        })
    };

    let onclick = {
        let on_action = on_action.clone();
        Callback::from(move |e: MouseEvent| match hit_at(&e) {
            Hit::LaneDelete(id) => on_action.emit(Action::RemoveLane(id)),
            // A click on a lane's title selects the lane: the inspector shows its fields.
            Hit::LaneHead(id) => on_action.emit(Action::Select(vec![id])),
            _ => {}
        })
    };

    let onwheel = {
        let (svg, on_zoom) = (svg.clone(), p.on_zoom.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let (left, top) = canvas_origin(&svg);
            let factor = (-e.delta_y() * 0.0015).exp().clamp(0.5, 2.0);
            // The model clamps the zoom; a wheel event at a limit changes nothing.
            on_zoom.emit((factor, e.client_x() as f64 - left, e.client_y() as f64 - top));
        })
    };

    let ondragover = Callback::from(|e: DragEvent| {
        let shape =
            e.data_transfer().map(|dt| dt.types().includes(&super::chrome::SHAPE_MIME.into(), 0)).unwrap_or(false);
        if shape {
            e.prevent_default();
        }
    });
    let ondrop = {
        let (svg, on_action, view, p_kind) = (svg.clone(), on_action.clone(), p.view, p.doc.kind);
        Callback::from(move |e: DragEvent| {
            let Some(dt) = e.data_transfer() else { return };
            let Ok(ty) = dt.get_data(super::chrome::SHAPE_MIME) else {
                return;
            };
            // Only the palette of this kind of diagram sets it.
            let Some(kind) = p_kind.node_types().iter().copied().find(|t| t.as_str() == ty) else {
                return;
            };
            e.prevent_default();
            e.stop_propagation();
            let at = pointer(&e, canvas_origin(&svg), view, false).at;
            on_action.emit(Action::AddShape { kind, at });
        })
    };

    // ----- render ---------------------------------------------------------------------------
    let view = preview.pan.unwrap_or(p.view);
    let g = gesture.borrow().clone();
    let doc = &p.doc;
    let ghost = overlay(&g, &preview, &touching.borrow(), doc, p.lang);

    let editor = p.editing.as_ref().and_then(|t| inline_editor(t, doc, view, p.on_commit.clone(), p.on_cancel.clone()));
    // The window is an upper bound on the canvas size, so no layout is read while rendering.
    let win = gloo::utils::window();
    let screen = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(2000.0);
    let window = Some(Window::of(view, screen(win.inner_width()), screen(win.inner_height())));
    let detail = view.zoom >= LABEL_ZOOM;
    let pan_class = matches!(g, Gesture::Pan { .. }).then_some("panning");
    html! {
        <main class={classes!("canvas-wrap", pan_class)} id="canvas" data-testid="canvas">
            <svg ref={svg} class="canvas" {onpointerdown} {onpointermove} {onpointerup} {onpointerleave} {ondblclick} {onclick} {onwheel} {ondragover} {ondrop}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="arrowhead" />
                    </marker>
                    <pattern id="grid" width="10" height="10" patternUnits="userSpaceOnUse">
                        <path d="M10 0 H0 V10" class="grid-line" />
                    </pattern>
                </defs>
                <g transform={format!("translate({} {}) scale({})", view.x, view.y, view.zoom)} data-testid="viewport">
                    <LaneLayer doc={p.doc.clone()} revision={p.revision} lang={p.lang} />
                    if doc.kind == Kind::Vsm {
                        <TimelineLayer doc={p.doc.clone()} revision={p.revision} analysis={p.analysis.clone()} lang={p.lang} />
                    }
                    <EdgeLayer doc={p.doc.clone()} revision={p.revision} selection={p.selection.clone()} analysis={p.analysis.clone()} critical={p.critical} lang={p.lang} {window} {detail} />
                    <NodeLayer doc={p.doc.clone()} revision={p.revision} selection={p.selection.clone()} analysis={p.analysis.clone()} critical={p.critical} lang={p.lang} {window} {detail} />
                </g>
            </svg>
            // Previews live in their own layer, so a pointer move repaints only them and not
            // the thousands of shapes underneath.
            <svg class="canvas overlay" aria-hidden="true">
                <g transform={format!("translate({} {}) scale({})", view.x, view.y, view.zoom)}>
                    { ghost }
                    if let Some(peers) = &p.peers {
                        <super::live::PeersLayer peers={peers.clone()} doc={p.doc.0.clone()} zoom={view.zoom} />
                    }
                </g>
            </svg>
            { editor.unwrap_or_default() }
            if doc.nodes.is_empty() && doc.lanes.is_empty() {
                <div class="empty-hint" data-testid="empty-hint">
                    { if doc.kind == Kind::Vsm { tr(p.lang, "canvas.empty_vsm") } else { tr(p.lang, "canvas.empty") } }
                </div>
                <div class="empty-gallery"><super::chrome::Gallery lang={p.lang} on_pick={p.on_template.clone()} /></div>
            }
        </main>
    }
}

/// What the preview layer shows while a gesture runs: the moved shapes and their connectors,
/// the connector being drawn, the selection area, where a lane goes, a shape's new size.
fn overlay(g: &Gesture, preview: &Preview, touching: &[usize], doc: &Document, lang: Lang) -> Html {
    match &g {
        Gesture::Move { ids, moved: true, .. } => {
            let edges = touching;
            // The shapes keep their props while the pointer moves: only the group's transform
            // changes, and the connectors touching them are re-routed.
            let shapes: Vec<crate::model::Shared<Node>> =
                ids.iter().filter_map(|id| doc.nodes.iter().find(|n| n.id == *id)).cloned().collect();
            // Where the drop will land them: caught by a neighbour's line, else on the grid.
            let landing = guides::land(doc, ids, preview.dx, preview.dy);
            let (sdx, sdy) = match (shapes.first(), landing.places.first()) {
                (Some(n), Some((_, x, y))) => (x - n.x, y - n.y),
                _ => (0.0, 0.0),
            };
            let boxes: Vec<(String, layout::Rect)> =
                shapes.iter().map(|n| (n.id.clone(), (n.x + sdx, n.y + sdy, n.width(), n.height()))).collect();
            let rect = |id: &str| match shapes.iter().find(|n| n.id == id) {
                Some(n) => Some((n.x + sdx, n.y + sdy, n.width(), n.height())),
                None => doc.node(id).map(rect_of),
            };
            let is_vsm = doc.kind == Kind::Vsm;
            let edge_ghosts = edges.iter().filter_map(|&i| {
            let e = doc.edges.get(i)?;
            let pts = crate::draw::connector(doc, e.flow, rect(&e.from)?, rect(&e.to)?);
            Some(html! { <EdgeView key={e.id.clone()} id={e.id.clone()} points={Rc::new(pts)} label={String::new()} selected=false marker={None} critical=false ghost=true
                vsm={is_vsm} flow={e.flow} {lang} /> })
        });
            html! { <g class="preview" data-testid="drag-preview">
                { for edge_ghosts }
                { guide_lines(&landing.guides) }
                { overlap_marks(doc, &boxes) }
                <g transform={format!("translate({sdx} {sdy})")}>
                    { for shapes.into_iter().map(|n| { let key = n.id.clone(); html! { <NodeView {key} node={n} selected=false marker={None} critical=false ghost=true vsm={is_vsm} {lang} /> } }) }
                </g>
            </g> }
        }
        Gesture::Segment { id, index, route, .. } => {
            let d = Gesture::segment_shift(route, *index, preview.dx, preview.dy);
            let ends = doc.edge(id).and_then(|e| Some((doc.node(&e.from)?, doc.node(&e.to)?)));
            match ends {
                Some((a, b)) => {
                    let bends: Vec<[f64; 2]> =
                        crate::route::drag_segment(route, *index, d).into_iter().map(|(x, y)| [x, y]).collect();
                    let path = crate::route::manual_path(rect_of(a), rect_of(b), &bends);
                    html! { <path class="connect-preview" d={layout::path_data(&path)} /> }
                }
                None => html! {},
            }
        }
        Gesture::Connect { from } => match doc.node(from) {
            Some(n) => {
                let (x, y) = n.center();
                let (px, py) = preview.pointer;
                html! { <path class="connect-preview" d={format!("M{x} {y} L{px} {py}")} marker-end="url(#arrow)" /> }
            }
            None => html! {},
        },
        Gesture::Band { start: (mx, my) } => {
            let (px, py) = preview.pointer;
            html! { <rect class="band" x={mx.min(px).to_string()} y={my.min(py).to_string()} width={(px - mx).abs().to_string()} height={(py - my).abs().to_string()} /> }
        }
        Gesture::LaneMove { .. } | Gesture::LaneResize { .. } => {
            let (px, py) = preview.pointer;
            let len = layout::lane_length(doc);
            let v = layout::cross(doc.settings.orientation, px, py);
            let d = match doc.settings.orientation {
                Orientation::Horizontal => format!("M0 {v} H{len}"),
                Orientation::Vertical => format!("M{v} 0 V{len}"),
            };
            html! { <path class="lane-preview" d={d} /> }
        }
        Gesture::Resize { id, .. } => match doc.node(id) {
            Some(n) => {
                // The size the release will give it, the lines its edges meet, what it covers.
                let size = guides::size(doc, id, n.width() + preview.dx, n.height() + preview.dy, MIN_SIZE);
                let boxes = [(id.clone(), (n.x, n.y, size.w, size.h))];
                html! { <g class="preview" data-testid="resize-preview">
                    <rect class="band" x={n.x.to_string()} y={n.y.to_string()} width={size.w.to_string()} height={size.h.to_string()} />
                    { guide_lines(&size.guides) }
                    { overlap_marks(doc, &boxes) }
                </g> }
            }
            None => html! {},
        },
        _ => html! {},
    }
}

/// Snap lines: the edges and centre lines a moved or resized shape shares with its neighbours.
fn guide_lines(guides: &[guides::Guide]) -> Html {
    guides
        .iter()
        .map(|g| {
            let d = if g.vertical {
                format!("M{} {} V{}", g.at, g.from - 12.0, g.to + 12.0)
            } else {
                format!("M{} {} H{}", g.from - 12.0, g.at, g.to + 12.0)
            };
            html! { <path class="guide" data-testid="guide" {d} /> }
        })
        .collect()
}

/// The shapes that moved or resized ones would cover, outlined: nothing is pushed aside.
fn overlap_marks(doc: &Document, boxes: &[(String, layout::Rect)]) -> Html {
    guides::overlaps(doc, boxes)
        .into_iter()
        .map(|n| html! { <rect class="overlap-mark" data-testid="overlap-mark" x={(n.x - 3.0).to_string()} y={(n.y - 3.0).to_string()}
            width={(n.width() + 6.0).to_string()} height={(n.height() + 6.0).to_string()} rx="4" /> })
        .collect()
}

/// A text box over the element being renamed. Enter commits (never in the middle of an IME
/// composition), Escape cancels, leaving the box commits.
fn inline_editor(
    target: &Target,
    doc: &Document,
    view: View,
    on_commit: Callback<String>,
    on_cancel: Callback<()>,
) -> Option<Html> {
    let (text, x, y, w) = match target {
        Target::Node(id) => {
            let n = doc.node(id)?;
            let inside = matches!(n.kind, NodeType::Task | NodeType::Subprocess | NodeType::Form)
                || (doc.kind == Kind::Vsm && vsm::label_inside(n.kind));
            let below = !inside;
            let y = if below { n.y + n.height() + 4.0 } else { n.y + n.height() / 2.0 - 14.0 };
            (
                n.label.clone(),
                n.x - if below { 40.0 } else { 0.0 },
                y,
                n.width().max(80.0) + if below { 80.0 } else { 0.0 },
            )
        }
        Target::Edge(id) => {
            let e = doc.edge(id)?;
            let (a, b) = (doc.node(&e.from)?, doc.node(&e.to)?);
            let (lx, ly) = layout::label_point(&route(rect_of(a), rect_of(b), doc.settings.orientation));
            (e.label.clone(), lx - 60.0, ly - 14.0, 120.0)
        }
        Target::Lane(id) => {
            let band = lane_bands(doc).into_iter().find(|b| b.id == *id)?;
            let name = doc.lane(id)?.name.clone();
            match doc.settings.orientation {
                Orientation::Horizontal => (name, 0.0, band.start + 4.0, 160.0),
                Orientation::Vertical => (name, band.start + 4.0, 6.0, band.size - 8.0),
            }
        }
    };
    let style = format!(
        "left:{}px;top:{}px;width:{}px;font-size:{}px",
        view.x + x * view.zoom,
        view.y + y * view.zoom,
        (w * view.zoom).max(80.0),
        (13.0 * view.zoom).clamp(11.0, 20.0)
    );
    let done = Rc::new(RefCell::new(false));
    let onkeydown = {
        let (on_commit, done) = (on_commit.clone(), done.clone());
        Callback::from(move |e: KeyboardEvent| {
            // keyCode 229: the key belongs to an IME composition in progress.
            if e.is_composing() || e.key_code() == 229 {
                return;
            }
            let input: web_sys::Element = e.target_unchecked_into();
            match e.key().as_str() {
                // Shift+Enter: a line break in a shape's label (the text area takes it).
                "Enter" if e.shift_key() && input.tag_name().eq_ignore_ascii_case("textarea") => {}
                "Enter" => {
                    e.prevent_default();
                    *done.borrow_mut() = true;
                    on_commit.emit(super::field::get(&input).unwrap_or_default());
                }
                "Escape" => {
                    e.prevent_default();
                    *done.borrow_mut() = true;
                    on_cancel.emit(());
                }
                _ => {}
            }
        })
    };
    let onblur = Callback::from(move |e: FocusEvent| {
        if !*done.borrow() {
            on_commit.emit(super::field::get(&e.target_unchecked_into::<web_sys::Element>()).unwrap_or_default());
        }
    });
    let multiline = matches!(target, Target::Node(_));
    Some(html! {
        <InlineInput key={format!("{target:?}")} value={text} {style} {onkeydown} {onblur} {multiline} />
    })
}

#[derive(Properties, PartialEq)]
struct InlineInputProps {
    value: String,
    /// A text area (a shape's label, where Shift+Enter breaks the line) rather than one line.
    multiline: bool,
    style: String,
    onkeydown: Callback<KeyboardEvent>,
    onblur: Callback<FocusEvent>,
}

#[function_component(InlineInput)]
fn inline_input(p: &InlineInputProps) -> Html {
    let input = use_node_ref();
    super::field::use_field_value(&input, &p.value);
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = el.focus();
                el.select();
            } else if let Some(el) = input.cast::<web_sys::HtmlTextAreaElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    if p.multiline {
        let rows = p.value.lines().count().clamp(2, 4).to_string();
        html! {
            <textarea ref={input} class="inline-edit" data-testid="inline-edit" style={p.style.clone()} {rows}
                onkeydown={p.onkeydown.clone()} onblur={p.onblur.clone()} />
        }
    } else {
        html! {
            <input ref={input} class="inline-edit" data-testid="inline-edit" style={p.style.clone()}
                onkeydown={p.onkeydown.clone()} onblur={p.onblur.clone()} />
        }
    }
}

// ----- layers -------------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
pub(super) struct LaneLayerProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub lang: Lang,
}
#[function_component(LaneLayer)]
pub(super) fn lane_layer(p: &LaneLayerProps) -> Html {
    let doc = &p.doc;
    let len = layout::lane_length(doc);
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let bands = lane_bands(doc);
    // Border handles go above every lane body, or the next lane would cover half of each.
    let resizers = bands.iter().map(|b| {
        let (x, y, w, h) = if vertical { (b.end() - 3.0, 0.0, 6.0, len) } else { (0.0, b.end() - 3.0, len, 6.0) };
        html! { <rect key={b.id.clone()} class={classes!("lane-resize", vertical.then_some("vertical"))} data-role="lane-resize" data-id={b.id.clone()}
            data-testid={format!("lane-resize-{}", b.id)} x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} /> }
    });
    let lanes = bands.iter().zip(&doc.lanes).map(|(b, lane)| {
        let (x, y, w, h) = if vertical { (b.start, 0.0, b.size, len) } else { (0.0, b.start, len, b.size) };
        let (hx, hy, hw, hh) = if vertical { (b.start, 0.0, b.size, LANE_HEADER) } else { (0.0, b.start, LANE_HEADER, b.size) };
        let (tx, ty) = (hx + hw / 2.0, hy + hh / 2.0);
        let text_transform = if vertical { String::new() } else { format!("rotate(-90 {tx} {ty})") };
        let title = draw::lane_title(&lane.name, b.size);
        let (dx, dy) = if vertical { (hx + hw - 14.0, hy + 14.0) } else { (hx + hw / 2.0, hy + hh - 14.0) };
        html! {
            <g key={b.id.clone()} class="lane" data-testid={format!("lane-{}", b.id)}>
                <rect class="lane-body" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} />
                <g class="lane-head" data-role="lane-head" data-id={b.id.clone()}>
                    <title>{ format!("{}\n{}", lane.name, tr(p.lang, "lane.rename_hint")) }</title>
                    <rect x={hx.to_string()} y={hy.to_string()} width={hw.to_string()} height={hh.to_string()} />
                    <text x={tx.to_string()} y={ty.to_string()} transform={text_transform}
                        style={(title.font != draw::LANE_FONT).then(|| format!("font-size:{}px", title.font))}>
                        { for title.lines.iter().enumerate().map(|(i, l)| html! { <tspan x={tx.to_string()} dy={title.dy(i).to_string()}>{ l }</tspan> }) }
                    </text>
                </g>
                <g class="lane-delete" data-role="lane-delete" data-id={b.id.clone()} transform={format!("translate({dx} {dy})")}>
                    <title>{ tr(p.lang, "lane.delete") }</title>
                    <circle r="8" /><text y="4">{ "×" }</text>
                </g>
            </g>
        }
    });
    html! { <g class="lanes">{ for lanes }<g class="lane-borders">{ for resizers }</g></g> }
}

/// The part of the document worth drawing: what is on screen plus a margin, in whole tiles so
/// that panning re-renders the layers only when it crosses a tile border.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Window {
    left: i64,
    top: i64,
    right: i64,
    bottom: i64,
    tile: f64,
}

/// Below this zoom, 13 px labels would be under 4 px high: shapes are drawn without them.
const LABEL_ZOOM: f64 = 0.3;

impl Window {
    /// The tiles covering a `w` × `h` screen area at `view` (rounding out to whole tiles leaves
    /// a margin, so shapes overlapping the edge are drawn).
    pub fn of(view: View, w: f64, h: f64) -> Self {
        let tile = 512.0 / view.zoom;
        let at = |screen: f64, pan: f64| (screen - pan) / view.zoom / tile;
        Window {
            left: at(0.0, view.x).floor() as i64,
            top: at(0.0, view.y).floor() as i64,
            right: at(w, view.x).ceil() as i64,
            bottom: at(h, view.y).ceil() as i64,
            tile,
        }
    }
    /// The window as a box (x, y, w, h) in document coordinates.
    fn area(&self) -> (f64, f64, f64, f64) {
        let (x, y) = (self.left as f64 * self.tile, self.top as f64 * self.tile);
        (x, y, (self.right - self.left) as f64 * self.tile, (self.bottom - self.top) as f64 * self.tile)
    }
    /// Whether a box (x, y, w, h) touches the window.
    fn shows(&self, (x, y, w, h): (f64, f64, f64, f64)) -> bool {
        x + w >= self.left as f64 * self.tile
            && x <= self.right as f64 * self.tile
            && y + h >= self.top as f64 * self.tile
            && y <= self.bottom as f64 * self.tile
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct LayerProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub selection: Selection,
    pub analysis: Shared<Analysis>,
    pub critical: bool,
    /// Only what touches this is drawn; None draws everything.
    #[prop_or_default]
    pub window: Option<Window>,
    /// Whether labels are drawn (false when zoomed far out).
    #[prop_or(true)]
    pub detail: bool,
    pub lang: Lang,
}

/// A connector ready to draw: computed when the connector or one of its shapes changes, and
/// reused otherwise (a selection change, or an edit elsewhere in the diagram).
struct Routed {
    id: String,
    points: Rc<Vec<(f64, f64)>>,
    label: String,
    /// Bounding box of the route, for culling.
    bounds: (f64, f64, f64, f64),
    flow: Option<crate::model::ArrowKind>,
    /// Where the router put the label, when the whole diagram was routed together.
    label_at: Option<(f64, f64)>,
    /// What the route was computed from: the connector, its two shapes (and where they were in
    /// the document's list), and the diagram's kind and orientation.
    from: (crate::model::Shared<Edge>, usize, crate::model::Shared<Node>, usize, crate::model::Shared<Node>),
    look: (Kind, Orientation),
}

impl Routed {
    fn of(doc: &Document, e: &crate::model::Shared<Edge>, ia: usize, ib: usize) -> Self {
        let (a, b) = (&doc.nodes[ia], &doc.nodes[ib]);
        let points = if e.points.is_empty() || doc.kind == Kind::Vsm || ia == ib {
            crate::draw::connector(doc, e.flow, rect_of(a), rect_of(b))
        } else {
            crate::route::manual_path(rect_of(a), rect_of(b), &e.points)
        };
        let label = crate::route::label_text(e);
        let (mut l, mut t, mut r, mut bt) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &points {
            (l, t, r, bt) = (l.min(x), t.min(y), r.max(x), bt.max(y));
        }
        Routed {
            id: e.id.clone(),
            points: Rc::new(points),
            label,
            bounds: (l, t, r - l, bt - t),
            flow: e.flow,
            label_at: None,
            from: (e.clone(), ia, a.clone(), ib, b.clone()),
            look: (doc.kind, doc.settings.orientation),
        }
    }

    /// Whether this route holds for connector `e` whose shapes are now at `ia` and `ib`.
    fn moved_to(&self, doc: &Document, e: &crate::model::Shared<Edge>, ia: usize, ib: usize) -> bool {
        let (edge, _, a, _, b) = &self.from;
        crate::model::Shared::same(edge, e)
            && self.look == (doc.kind, doc.settings.orientation)
            && crate::model::Shared::same(&doc.nodes[ia], a)
            && crate::model::Shared::same(&doc.nodes[ib], b)
    }

    /// A copy sharing the points.
    fn copy(&self) -> Self {
        Routed {
            id: self.id.clone(),
            points: Rc::clone(&self.points),
            label: self.label.clone(),
            bounds: self.bounds,
            flow: self.flow,
            label_at: self.label_at,
            from: self.from.clone(),
            look: self.look,
        }
    }

    /// Whether this route still holds for connector `e` in `doc`: the same connector and shapes
    /// (by identity: an element an edit touched is a new one) at the same places.
    fn holds(&self, doc: &Document, e: &crate::model::Shared<Edge>) -> bool {
        let (edge, ia, a, ib, b) = &self.from;
        crate::model::Shared::same(edge, e)
            && self.look == (doc.kind, doc.settings.orientation)
            && doc.nodes.get(*ia).is_some_and(|n| crate::model::Shared::same(n, a))
            && doc.nodes.get(*ib).is_some_and(|n| crate::model::Shared::same(n, b))
    }
}

/// Swimlane diagrams up to this many connectors are routed as a whole after each change (the
/// core's router: connectors round shapes and off each other's lines, labels placed), as the
/// picture export routes them. Larger ones are routed so on screen: the connectors touching the
/// shapes in view (up to this many; zoomed further out, plain elbows), and elsewhere connector
/// by connector, only those an edit touched.
const ROUTED_WHOLE: usize = 200;

impl Routed {
    /// A connector as the core's router routed it.
    fn of_route(doc: &Document, e: &crate::model::Shared<Edge>, ia: usize, ib: usize, r: crate::route::Route) -> Self {
        Routed {
            id: e.id.clone(),
            bounds: r.bounds(),
            label: crate::route::label_text(e),
            points: Rc::new(r.points),
            flow: e.flow,
            label_at: r.label,
            from: (e.clone(), ia, doc.nodes[ia].clone(), ib, doc.nodes[ib].clone()),
            look: (doc.kind, doc.settings.orientation),
        }
    }
}

/// The routes of a large swimlane diagram with those on screen (`window`) routed together
/// (`route::route_area`); None when the diagram is routed as a whole anyway, or too many
/// connectors are in view.
fn routes_in_view(doc: &Document, base: &[Rc<Routed>], window: Window) -> Option<Vec<Rc<Routed>>> {
    if doc.kind != Kind::Swimlane || doc.edges.len() <= ROUTED_WHOLE {
        return None;
    }
    let routed = crate::route::route_area(doc, window.area(), ROUTED_WHOLE)?;
    let mut in_view: HashMap<&str, Rc<Routed>> = HashMap::with_capacity(routed.len());
    for a in routed {
        let e = &doc.edges[a.edge];
        in_view.insert(e.id.as_str(), Rc::new(Routed::of_route(doc, e, a.from, a.to, a.route)));
    }
    Some(base.iter().map(|r| in_view.remove(r.id.as_str()).unwrap_or_else(|| Rc::clone(r))).collect())
}

/// The routes of every connector of `doc`, reusing those of `before` that still hold: an edit
/// of one shape re-routes only the connectors that touch it.
fn routes(doc: &Document, before: &[Rc<Routed>]) -> Vec<Rc<Routed>> {
    if doc.kind == Kind::Swimlane && doc.edges.len() <= ROUTED_WHOLE {
        let pos = doc.node_positions();
        return doc
            .edges
            .iter()
            .zip(crate::route::route_all(doc))
            .filter_map(|(e, r)| {
                let (ia, ib) = (*pos.get(e.from.as_str())?, *pos.get(e.to.as_str())?);
                Some(Rc::new(Routed::of_route(doc, e, ia, ib, r?)))
            })
            .collect();
    }
    let mut by_id: Option<HashMap<&str, &Rc<Routed>>> = None;
    let mut positions: Option<rustc_hash::FxHashMap<&str, usize>> = None;
    doc.edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let same_place = before.get(i).filter(|r| r.id == e.id);
            let old = same_place.or_else(|| {
                by_id
                    .get_or_insert_with(|| before.iter().map(|r| (r.id.as_str(), r)).collect())
                    .get(e.id.as_str())
                    .copied()
            });
            if let Some(r) = old.filter(|r| r.holds(doc, e)) {
                return Some(Rc::clone(r));
            }
            let pos = positions.get_or_insert_with(|| doc.node_positions());
            let (ia, ib) = (*pos.get(e.from.as_str())?, *pos.get(e.to.as_str())?);
            // The same connector and shapes, moved in the document's lists (a shape added or
            // removed before them): the route holds, at the new places.
            if let Some(r) = old.filter(|r| r.moved_to(doc, e, ia, ib)) {
                return Some(Rc::new(Routed {
                    from: (e.clone(), ia, doc.nodes[ia].clone(), ib, doc.nodes[ib].clone()),
                    ..r.copy()
                }));
            }
            Some(Rc::new(Routed::of(doc, e, ia, ib)))
        })
        .collect()
}

#[function_component(EdgeLayer)]
pub(super) fn edge_layer(p: &LayerProps) -> Html {
    // The routes drawn last, with the revision and document they are for: a new revision is
    // routed reusing them where they still hold.
    type Drawn = Option<((u64, Shared<Document>), Rc<Vec<Rc<Routed>>>)>;
    let drawn = use_mut_ref(|| -> Drawn { None });
    // And those routed with the shapes on screen, for the window they are for.
    type InView = Option<((u64, Shared<Document>, Window), Option<Rc<Vec<Rc<Routed>>>>)>;
    let in_view = use_mut_ref(|| -> InView { None });
    let key = (p.revision, p.doc.clone());
    let base = {
        let mut drawn = drawn.borrow_mut();
        match &*drawn {
            Some((k, routed)) if *k == key => Rc::clone(routed),
            previous => {
                let fresh = Rc::new(routes(&p.doc, previous.as_ref().map_or(&[][..], |(_, r)| &r[..])));
                *drawn = Some((key, Rc::clone(&fresh)));
                fresh
            }
        }
    };
    let routed = match p.window.filter(|_| p.detail) {
        None => base,
        Some(window) => {
            let mut in_view = in_view.borrow_mut();
            let key = (p.revision, p.doc.clone(), window);
            match &*in_view {
                Some((k, routed)) if *k == key => routed.clone().unwrap_or(base),
                _ => {
                    let fresh = routes_in_view(&p.doc, &base, window).map(Rc::new);
                    *in_view = Some((key, fresh.clone()));
                    fresh.unwrap_or(base)
                }
            }
        }
    };
    let is_vsm = p.doc.kind == Kind::Vsm;
    let edges = routed.iter().filter(|r| p.window.is_none_or(|w| w.shows(r.bounds))).map(|r| {
        html! {
            <EdgeView key={r.id.clone()} id={r.id.clone()} points={r.points.clone()} label={if p.detail { r.label.clone() } else { String::new() }} selected={p.selection.contains(&r.id)}
                marker={p.analysis.markers.get(&r.id).copied()} critical={p.critical && p.analysis.critical.contains(&r.id)}
                vsm={is_vsm} flow={r.flow} lang={p.lang} label_at={r.label_at} />
        }
    });
    html! { <g class="edges">{ for edges }</g> }
}

#[function_component(NodeLayer)]
pub(super) fn node_layer(p: &LayerProps) -> Html {
    // The document's nodes are shared: handing one to its view copies a pointer, and a shape
    // the edit did not touch compares equal by that pointer.
    let nodes = &p.doc.nodes;
    let is_vsm = p.doc.kind == Kind::Vsm;
    // Value-stream processes that cannot keep pace with the customer.
    let over: HashSet<&str> = match &p.analysis.metrics {
        Ok(Metrics::Vsm(m)) => m.processes.iter().filter(|l| l.over_takt).map(|l| l.node.as_str()).collect(),
        _ => HashSet::new(),
    };
    let views = nodes.iter().filter(|n| p.window.is_none_or(|w| w.shows(rect_of(n)))).map(|n| {
        html! {
            <NodeView key={n.id.clone()} node={n.clone()} selected={p.selection.contains(&n.id)}
                marker={p.analysis.markers.get(&n.id).copied()} critical={p.critical && p.analysis.critical.contains(&n.id)}
                vsm={is_vsm} over_takt={over.contains(n.id.as_str())} lang={p.lang} detail={p.detail} />
        }
    });
    html! { <g class="nodes">{ for views }</g> }
}

#[derive(Properties, PartialEq)]
struct TimelineProps {
    doc: Shared<Document>,
    revision: u64,
    analysis: Shared<Analysis>,
    lang: Lang,
}
/// The value stream's timeline ladder, under the lowest shape; redrawn with the metrics.
#[function_component(TimelineLayer)]
fn timeline_layer(p: &TimelineProps) -> Html {
    match &p.analysis.metrics {
        Ok(Metrics::Vsm(m)) => vsm::ladder(&p.doc, m, p.lang),
        _ => html! {},
    }
}
