//! The SIPOC board: five columns of items typed in place, at workshop speed and without a mouse,
//! reordered by dragging their grip, linked to their neighbours by checkboxes, with the links
//! drawn between the columns. What each key does is `editor::sipoc::Board` (native-tested);
//! this component reports keys and blurs to it, sends the actions it returns, and moves the
//! keyboard where it says. What is being typed, the "next item" rows and a drag in progress are
//! view state.

use super::{tr, Analysis, Selection, Shared};
use crate::editor::sipoc::{self as board, Board, BoardKey, Edit, Field, Reaction, COLUMNS, ITEM_H, ITEM_W, ROW_H};
use crate::editor::Action;
use crate::i18n::Lang;
use crate::model::{Document, Node, NodeType};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub doc: Shared<Document>,
    pub revision: u64,
    pub selection: Selection,
    pub analysis: Shared<Analysis>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// The document as it is now. Keys can come faster than the board is redrawn (the
    /// scheduler may yield between rendering the app and rendering the board): the board
    /// reads the document it acts on when the key comes, not as it was last drawn.
    pub latest: Callback<(), Option<Rc<Document>>>,
}

/// Header letters and keys of the columns, in `COLUMNS` order.
const HEADS: [(&str, &str); 5] = [
    ("S", "sipoc.col.supplier"),
    ("I", "sipoc.col.input"),
    ("P", "sipoc.col.step"),
    ("O", "sipoc.col.output"),
    ("C", "sipoc.col.customer"),
];

/// An item being dragged by its grip.
#[derive(Clone, Debug, PartialEq)]
struct Drag {
    id: String,
    col: usize,
    from: usize,
    start_y: f64,
    dy: f64,
}

impl Drag {
    /// The position the item would take if dropped now.
    fn target(&self, len: usize) -> usize {
        let to = self.from as f64 + (self.dy / ROW_H).round();
        to.clamp(0.0, len.saturating_sub(1) as f64) as usize
    }
}

/// The DOM id of a board input.
fn elem(field: &Field) -> String {
    match field {
        Field::Item(id) => format!("sipoc-{id}"),
        Field::Draft(col) => format!("sipoc-draft-{col}"),
    }
}

fn field_of(dom_id: &str) -> Option<Field> {
    let rest = dom_id.strip_prefix("sipoc-")?;
    match rest.strip_prefix("draft-") {
        Some(col) => col.parse().ok().map(Field::Draft),
        None => Some(Field::Item(rest.to_string())),
    }
}

fn focus_elem(id: &str) -> bool {
    match gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

fn active_id() -> String {
    gloo::utils::document().active_element().map(|e| e.id()).unwrap_or_default()
}

fn input_of(e: &Event) -> Option<web_sys::HtmlInputElement> {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
}

/// The input a pending focus points at, focused now, when it exists and is not `current`.
fn pending_input(
    pending: &RefCell<Option<String>>,
    current: &web_sys::HtmlInputElement,
) -> Option<web_sys::HtmlInputElement> {
    let target = pending.borrow().clone()?;
    if target == current.id() {
        return None;
    }
    let el = gloo::utils::document().get_element_by_id(&target)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let _ = el.focus();
    pending.borrow_mut().take();
    Some(el)
}

/// Carries out what the board decided: the input's text, the actions, and where the keyboard
/// goes once the board is redrawn.
fn carry_out(
    r: Reaction,
    doc: &Document,
    input: &web_sys::HtmlInputElement,
    saved: &str,
    on_action: &Callback<Action>,
    pending: &RefCell<Option<String>>,
) {
    if r.gone {
        // The element goes away: its blur must not save anything.
        let _ = input.set_attribute("data-gone", "");
    }
    if r.clear {
        input.set_value("");
    }
    if r.reset {
        input.set_value(saved);
    }
    for a in r.actions {
        on_action.emit(a);
    }
    if r.leave {
        let _ = input.blur();
    }
    if let Some(field) = r.focus {
        // Focused now when it exists, and again once the board is redrawn (a new draft row
        // exists only then).
        let target = elem(&field);
        if let (Field::Item(id), Some(el)) = (&field, gloo::utils::document().get_element_by_id(&target)) {
            // An item the renderer drew but has not filled yet shows its text before it has the
            // keyboard: the next key reads it.
            if let Some(n) = doc.node(id) {
                super::field::show(&el, &n.label);
            }
        }
        focus_elem(&target);
        *pending.borrow_mut() = Some(target);
    }
}

/// Item id → (column, row) on screen.
type Places = HashMap<String, (usize, usize)>;

/// Where each item sits on screen, (column, row), with the draft rows taking their place and a
/// dragged item's column making room where it would land; each column's draft row; and the
/// board's size.
fn layout(
    doc: &Document,
    state: &Board,
    drag: Option<&Drag>,
    columns: &[Vec<&Node>],
) -> (Places, [usize; 5], (f64, f64)) {
    let rows = state.rows(doc);
    let mut place = Places::new();
    let mut draft_row = [0usize; 5];
    for (col, list) in rows.iter().enumerate() {
        for (row, field) in list.iter().enumerate() {
            match field {
                Field::Item(id) => {
                    place.insert(id.clone(), (col, row));
                }
                Field::Draft(_) => draft_row[col] = row,
            }
        }
    }
    if let Some(g) = drag {
        let items = &columns[g.col];
        let mut order: Vec<&str> = items.iter().map(|n| n.id.as_str()).filter(|id| *id != g.id).collect();
        order.insert(g.target(items.len()).min(order.len()), g.id.as_str());
        for (row, id) in order.into_iter().enumerate() {
            place.insert(id.to_string(), (g.col, row));
        }
    }
    let height_rows = rows.iter().map(Vec::len).max().unwrap_or(1);
    (place, draft_row, board::board_size(height_rows))
}

/// Links between neighbouring columns, drawn as curves from one item's right edge to the next's
/// left edge; those of the selected item stand out.
fn link_lines(doc: &Document, place: &Places, selection: &BTreeSet<String>) -> Html {
    let lines = doc.edges.iter().filter_map(|e| {
        let (&(ca, ra), &(cb, rb)) = (place.get(&e.from)?, place.get(&e.to)?);
        if ca.abs_diff(cb) != 1 {
            return None;
        }
        let ((ca, ra), (cb, rb)) = if ca < cb { ((ca, ra), (cb, rb)) } else { ((cb, rb), (ca, ra)) };
        let (x1, y1) = board::slot(ca, ra);
        let (x2, y2) = board::slot(cb, rb);
        let (x1, y1, x2, y2) = (x1 + ITEM_W, y1 + ITEM_H / 2.0, x2, y2 + ITEM_H / 2.0);
        let mid = (x1 + x2) / 2.0;
        let path = format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}");
        let active = selection.contains(&e.from) || selection.contains(&e.to);
        Some(html! { <path key={e.id.clone()} class={classes!("link", active.then_some("active"))} d={path} data-testid="sipoc-line" /> })
    });
    html! { <>{ for lines }</> }
}

/// The column headings: letter, name, and how many items each column holds.
fn headings(columns: &[Vec<&Node>], lang: Lang) -> Html {
    let heads = COLUMNS.iter().enumerate().map(|(col, &kind)| {
        let (letter, key) = HEADS[col];
        let (x, _) = board::slot(col, 0);
        html! {
            <div class={classes!("sipoc-head", kind.as_str())} style={format!("left:{x}px;width:{ITEM_W}px")} data-testid={format!("sipoc-head-{}", kind.as_str())}>
                <b class="letter">{ letter }</b>
                <span class="name">{ tr(lang, key) }</span>
                <span class="count" data-testid={format!("sipoc-count-{}", kind.as_str())}>{ columns[col].len() }</span>
            </div>
        }
    });
    html! { <>{ for heads }</> }
}

#[function_component(SipocBoard)]
pub fn sipoc_board(p: &BoardProps) -> Html {
    let lang = p.lang;
    let doc = &p.doc;
    let state = use_mut_ref(Board::default);
    let drag = use_state(|| None::<Drag>);
    // The element to focus once the next render is on screen.
    let pending: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);

    use_board_focus(doc, &p.selection, &pending);

    let columns: Vec<Vec<&Node>> = COLUMNS.iter().map(|&k| board::column(doc, k)).collect();
    let (place, draft_row, (width, height)) = layout(doc, &state.borrow(), drag.as_ref(), &columns);

    let (onkeydown, onblur, onfocus) = use_board_keys(p, &state, &pending);

    let selected_one = match p.selection.iter().collect::<Vec<_>>().as_slice() {
        [id] => doc.node(id).filter(|n| board::column_of(n.kind).is_some()).cloned(),
        _ => None,
    };

    // Dragging an item by its grip reorders its column: a preview while moving, one action on release.
    let grip_down = |id: String, col: usize, from: usize| {
        let (drag, state) = (drag.clone(), state.clone());
        Callback::from(move |e: PointerEvent| {
            e.prevent_default();
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            *state.borrow_mut() = Board::default();
            drag.set(Some(Drag { id: id.clone(), col, from, start_y: e.client_y() as f64, dy: 0.0 }));
        })
    };
    let grip_move = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(g) = (*drag).clone() {
                drag.set(Some(Drag { dy: e.client_y() as f64 - g.start_y, ..g }));
            }
        })
    };
    let grip_up = {
        let (drag, on_action) = (drag.clone(), p.on_action.clone());
        let lens: Vec<usize> = columns.iter().map(Vec::len).collect();
        Callback::from(move |_: PointerEvent| {
            if let Some(g) = (*drag).clone() {
                let to = g.target(lens[g.col]);
                if to != g.from {
                    on_action.emit(Action::Board(Edit::Reorder { id: g.id.clone(), to }));
                }
                drag.set(None);
            }
        })
    };

    // Items in document order, which a reorder does not change: the focused input is never
    // moved in the DOM (that would blur it); positions come from the layout.
    let index_in_column: HashMap<&str, usize> =
        columns.iter().flat_map(|items| items.iter().enumerate().map(|(i, n)| (n.id.as_str(), i))).collect();
    let items = doc.nodes.iter().filter(|n| place.contains_key(&n.id)).map(|n| {
        let (col, row) = place[&n.id];
        let index = index_in_column[n.id.as_str()];
        let dragging = drag.as_ref().filter(|g| g.id == n.id);
        let (x, y) = match dragging {
            // The dragged item follows the pointer from where it was picked up.
            Some(g) => (board::slot(col, g.from).0, board::slot(col, g.from).1 + g.dy),
            None => board::slot(col, row),
        };
        let number = if drag.as_ref().is_some_and(|g| g.col == col) { row + 1 } else { index + 1 };
        html! {
            <Item key={n.id.clone()} node={n.clone()} {x} {y} {number} dragging={dragging.is_some()}
                unlinked={board::unlinked(doc, n)} selected={p.selection.contains(&n.id)} {lang}
                onkeydown={onkeydown.clone()} onblur={onblur.clone()} onfocus={onfocus.clone()}
                on_grip_down={grip_down(n.id.clone(), col, index)} on_grip_move={grip_move.clone()} on_grip_up={grip_up.clone()} />
        }
    });
    let draft_rows = COLUMNS.iter().enumerate().map(|(col, &kind)| {
        let (x, y) = board::slot(col, draft_row[col]);
        let style = format!("left:{x}px;top:{y}px;width:{ITEM_W}px;height:{ITEM_H}px");
        let placeholder = format!("+ {}", tr(lang, crate::message::type_key(kind)));
        let id = elem(&Field::Draft(col));
        html! {
            <div key={id.clone()} class={classes!("sipoc-item", "draft", kind.as_str())} {style}>
                <input {id} type="text" placeholder={placeholder} data-testid={format!("sipoc-draft-{}", kind.as_str())}
                    autocomplete="off" spellcheck="false" aria-label={tr(lang, HEADS[col].1).to_string()}
                    onkeydown={onkeydown.clone()} onblur={onblur.clone()} onfocus={onfocus.clone()} />
            </div>
        }
    });
    // A click on the board between the items lets go of the selected item.
    let on_background = {
        let on_action = p.on_action.clone();
        Callback::from(move |e: MouseEvent| {
            let on_item = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".sipoc-item").ok().flatten())
                .is_some();
            if !on_item {
                on_action.emit(Action::ClearSelection);
            }
        })
    };
    html! {
        <main class="sipoc-wrap" data-testid="sipoc">
            <div class="sipoc-scroll">
                <div class="sipoc-heads" style={format!("width:{width}px")}>{ headings(&columns, lang) }</div>
                <div class="sipoc-board" style={format!("width:{width}px;height:{height}px")} onclick={on_background}>
                    <svg class="sipoc-lines" width={width.to_string()} height={height.to_string()}>{ link_lines(doc, &place, &p.selection) }</svg>
                    { for items }
                    { for draft_rows }
                </div>
                <p class="sipoc-hint">{ tr(lang, "sipoc.hint") }</p>
            </div>
            if let Some(n) = selected_one {
                <LinksPanel doc={doc.clone()} node={Rc::new(n)} {lang} on_toggle={p.on_action.reform(|(a, b)| Action::Board(Edit::ToggleLink(a, b)))} />
            }
        </main>
    }
}

/// Where the keyboard goes on its own: a new, empty board takes it at once (a workshop starts
/// typing suppliers); a selection made elsewhere (a finding clicked) brings it to its item; and
/// an input asked for by the last key gets it once the board is redrawn.
#[hook]
fn use_board_focus(doc: &Shared<Document>, selection: &Selection, pending: &Rc<RefCell<Option<String>>>) {
    {
        let pending = pending.clone();
        use_effect(move || {
            // Taken before focusing: the focus handler looks at it.
            let id = pending.borrow_mut().take();
            if let Some(id) = id {
                focus_elem(&id);
            }
        });
    }
    // A new, empty board takes the keyboard at once: a workshop starts typing suppliers.
    {
        let empty = doc.nodes.is_empty();
        use_effect_with((), move |_| {
            if empty {
                focus_elem(&elem(&Field::Draft(0)));
            }
        });
    }
    // A selection made elsewhere (a finding clicked) brings the keyboard to its item.
    {
        let selected: BTreeSet<String> = (**selection).clone();
        let doc = doc.clone();
        use_effect_with(selected, move |selected| {
            let mine = selected.iter().any(|id| active_id() == elem(&Field::Item(id.clone())));
            if !mine {
                let first = COLUMNS
                    .iter()
                    .flat_map(|&k| board::column(&doc, k))
                    .find(|n| selected.contains(&n.id))
                    .map(|n| elem(&Field::Item(n.id.clone())));
                if let Some(el) = first {
                    focus_elem(&el);
                }
            }
        });
    }
}

/// The keys and blurs of the board's inputs, reported to `editor::sipoc::Board`, whose reaction
/// is carried out; and a focus that selects the item.
#[hook]
fn use_board_keys(
    p: &BoardProps,
    state: &Rc<RefCell<Board>>,
    pending: &Rc<RefCell<Option<String>>>,
) -> (Callback<KeyboardEvent>, Callback<FocusEvent>, Callback<FocusEvent>) {
    // Redraws the board when its view state changes without a new revision.
    let redraw = use_force_update();
    let onkeydown = {
        let (state, latest, drawn, pending, on_action, redraw) =
            (state.clone(), p.latest.clone(), p.doc.clone(), pending.clone(), p.on_action.clone(), redraw.clone());
        Callback::from(move |e: KeyboardEvent| {
            let doc = latest.emit(()).unwrap_or_else(|| drawn.0.clone());
            let Some(input) = input_of(&e) else { return };
            // The board may have been redrawn without its focus moved yet (the renderer yields
            // to the browser between drawing and effects when a frame runs long): the key
            // belongs to the field the keyboard was sent to.
            let input = pending_input(&pending, &input).unwrap_or(input);
            let Some(field) = field_of(&input.id()) else { return };
            let key = BoardKey {
                key: e.key(),
                shift: e.shift_key(),
                ctrl: e.ctrl_key() || e.meta_key(),
                alt: e.alt_key(),
                // keyCode 229: the key belongs to an IME composition in progress.
                composing: e.is_composing() || e.key_code() == 229,
            };
            let before = *state.borrow();
            let r = state.borrow_mut().key(&doc, &field, &input.value(), &key);
            if r.handled {
                e.prevent_default();
            }
            let saved = match &field {
                Field::Item(id) => doc.node(id).map(|n| n.label.clone()).unwrap_or_default(),
                Field::Draft(_) => String::new(),
            };
            let moved = *state.borrow() != before;
            let acted = !r.actions.is_empty();
            carry_out(r, &doc, &input, &saved, &on_action, &pending);
            if moved && !acted {
                redraw.force_update();
            }
        })
    };
    // Leaving an input keeps what it holds (a click elsewhere must not lose typing).
    let onblur = {
        let (state, latest, drawn, pending, on_action) =
            (state.clone(), p.latest.clone(), p.doc.clone(), pending.clone(), p.on_action.clone());
        Callback::from(move |e: FocusEvent| {
            let doc = latest.emit(()).unwrap_or_else(|| drawn.0.clone());
            let Some(input) = input_of(&e) else { return };
            let Some(field) = field_of(&input.id()) else { return };
            if input.has_attribute("data-gone") {
                return;
            }
            let r = state.borrow_mut().blur(&doc, &field, &input.value());
            carry_out(Reaction { focus: None, ..r }, &doc, &input, "", &on_action, &pending);
        })
    };
    let onfocus = {
        let (selection, on_action, pending) = (p.selection.clone(), p.on_action.clone(), pending.clone());
        Callback::from(move |e: FocusEvent| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            // The user went elsewhere (a click): a focus still waiting for a redraw is void.
            if pending.borrow().as_deref().is_some_and(|t| t != el.id()) {
                pending.borrow_mut().take();
            }
            match field_of(&el.id()) {
                Some(Field::Item(id)) if !(selection.len() == 1 && selection.contains(&id)) => {
                    on_action.emit(Action::Select(vec![id]))
                }
                Some(Field::Draft(_)) if !selection.is_empty() => on_action.emit(Action::ClearSelection),
                _ => {}
            }
        })
    };

    (onkeydown, onblur, onfocus)
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    node: crate::model::Shared<Node>,
    x: f64,
    y: f64,
    /// The step's number (steps only).
    number: usize,
    dragging: bool,
    unlinked: bool,
    selected: bool,
    lang: Lang,
    onkeydown: Callback<KeyboardEvent>,
    onblur: Callback<FocusEvent>,
    onfocus: Callback<FocusEvent>,
    on_grip_down: Callback<PointerEvent>,
    on_grip_move: Callback<PointerEvent>,
    on_grip_up: Callback<PointerEvent>,
}

/// One item of a column: its grip, its number (steps), its text, and its mark when it is not
/// linked as it should be.
#[function_component(Item)]
fn item(p: &ItemProps) -> Html {
    let (n, lang) = (&p.node, p.lang);
    let input = use_node_ref();
    super::field::use_field_value(&input, &n.label);
    let kind = n.kind;
    let unlinked_key = if kind == NodeType::Input { "sipoc.unlinked_input" } else { "sipoc.unlinked_output" };
    let style = format!("left:{}px;top:{}px;width:{ITEM_W}px;height:{ITEM_H}px", p.x, p.y);
    html! {
        <div class={classes!("sipoc-item", kind.as_str(), p.unlinked.then_some("unlinked"), p.selected.then_some("selected"), p.dragging.then_some("dragging"))}
            {style} data-testid="sipoc-row" data-id={n.id.clone()}>
            <span class="grip" title={tr(lang, "sipoc.drag")} data-testid="sipoc-grip"
                onpointerdown={p.on_grip_down.clone()} onpointermove={p.on_grip_move.clone()} onpointerup={p.on_grip_up.clone()}>{ "⠿" }</span>
            if kind == NodeType::Step {
                <span class="num">{ p.number }</span>
            }
            <input ref={input} id={elem(&Field::Item(n.id.clone()))} type="text" data-testid="sipoc-item" data-id={n.id.clone()}
                data-kind={kind.as_str()} autocomplete="off" spellcheck="false"
                onkeydown={p.onkeydown.clone()} onblur={p.onblur.clone()} onfocus={p.onfocus.clone()} />
            if p.unlinked {
                <span class="mark" title={tr(lang, unlinked_key)} data-testid="unlinked">{ "!" }</span>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LinksProps {
    doc: Shared<Document>,
    node: Rc<Node>,
    lang: Lang,
    /// Link or unlink the selected item and another.
    on_toggle: Callback<(String, String)>,
}

/// Checkboxes linking the selected item to the items of its neighbouring columns.
#[function_component(LinksPanel)]
fn links_panel(p: &LinksProps) -> Html {
    let (doc, n, lang) = (&p.doc, &p.node, p.lang);
    let Some(col) = board::column_of(n.kind) else { return html! {} };
    let group = |other: usize, key: &str| {
        let kind = COLUMNS[other];
        let options = board::column(doc, kind).into_iter().map(|o| {
            let checked = board::links_between(doc, &n.id, &o.id).next().is_some();
            let (a, b) = (n.id.clone(), o.id.clone());
            let onchange = p.on_toggle.reform(move |_| (a.clone(), b.clone()));
            let name = if o.label.is_empty() { o.id.clone() } else { o.label.clone() };
            html! {
                <label class="link-option" data-testid="link-option" data-id={o.id.clone()}>
                    <input type="checkbox" {checked} {onchange} />{ name }
                </label>
            }
        });
        let options: Vec<Html> = options.collect();
        html! {
            <div class="link-group" data-testid={format!("links-{}", kind.as_str())}>
                <h4>{ tr(lang, key) }{ " " }{ tr(lang, HEADS[other].1) }</h4>
                if options.is_empty() {
                    <p class="muted">{ tr(lang, "sipoc.links.none") }</p>
                } else {
                    <div class="options">{ for options }</div>
                }
            </div>
        }
    };
    let name = if n.label.is_empty() { n.id.clone() } else { n.label.clone() };
    html! {
        <section class="sipoc-links" data-testid="sipoc-links">
            <h3>{ tr(lang, "sipoc.links.title") }{ ": " }<span class="who">{ name }</span></h3>
            <div class="groups">
                if col > 0 {
                    { group(col - 1, "sipoc.links.from") }
                }
                if col + 1 < COLUMNS.len() {
                    { group(col + 1, "sipoc.links.to") }
                }
            </div>
        </section>
    }
}
