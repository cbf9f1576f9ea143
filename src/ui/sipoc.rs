//! The SIPOC board: five columns of items typed in place, at workshop speed and without a mouse
//! (Enter: next item, Tab: next column, arrows: up and down, Backspace on an empty item: delete,
//! Escape: leave), reordered by dragging their grip, linked to their neighbours by checkboxes,
//! with the links drawn between the columns. Every commit sends one message, which becomes one
//! command; what is being typed, the empty "next item" rows and a drag in progress are view state.

use super::{tr, Analysis, Msg, Selection, Shared};
use crate::command::{Command, Target};
use crate::editor::sipoc::{self as board, Edit, COLUMNS, ITEM_H, ITEM_W, ROW_H};
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
    pub dispatch: Callback<Msg>,
}

/// Header keys of the columns, in `COLUMNS` order.
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

fn item_elem(id: &str) -> String {
    format!("sipoc-{id}")
}
fn draft_elem(col: usize) -> String {
    format!("sipoc-draft-{col}")
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

/// One input on the board: an item or the empty "next item" row of a column.
#[derive(Clone, Debug, PartialEq)]
struct Slot {
    col: usize,
    /// Row on screen (items and the draft row together).
    row: usize,
    /// The item's id and saved label; `None` for the draft row.
    item: Option<(String, String)>,
    /// Position in the column's item list (for the draft row: where a new item goes).
    index: usize,
}

#[function_component(SipocBoard)]
pub fn sipoc_board(p: &BoardProps) -> Html {
    let lang = p.lang;
    let doc = &p.doc;
    let d = p.dispatch.clone();
    // Where each column's draft row sits (`None`: after the last item).
    let drafts = use_state(|| [None::<usize>; 5]);
    let drag = use_state(|| None::<Drag>);
    // The element to focus once the next render is on screen.
    let pending: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);

    {
        let pending = pending.clone();
        use_effect(move || {
            if let Some(id) = pending.borrow_mut().take() {
                focus_elem(&id);
            }
        });
    }
    // A new, empty board takes the keyboard at once: a workshop starts typing suppliers.
    {
        let empty = doc.nodes.is_empty();
        use_effect_with((), move |_| {
            if empty {
                focus_elem(&draft_elem(0));
            }
        });
    }
    // A selection made elsewhere (a finding clicked) brings the keyboard to its item.
    {
        let selected: BTreeSet<String> = (*p.selection).clone();
        let doc = doc.clone();
        use_effect_with(selected, move |selected| {
            let mine = selected.iter().any(|id| active_id() == item_elem(id));
            if !mine {
                let first = COLUMNS
                    .iter()
                    .flat_map(|&k| board::column(&doc, k))
                    .find(|n| selected.contains(&n.id))
                    .map(|n| item_elem(&n.id));
                if let Some(el) = first {
                    focus_elem(&el);
                }
            }
        });
    }

    let columns: Vec<Vec<&Node>> = COLUMNS.iter().map(|&k| board::column(doc, k)).collect();
    // Rows on screen per column: the element ids top to bottom, the draft row included.
    let mut slots: HashMap<String, Slot> = HashMap::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut place: HashMap<&str, (usize, usize)> = HashMap::new();
    for (col, items) in columns.iter().enumerate() {
        let at = drafts[col].unwrap_or(items.len()).min(items.len());
        let mut list = Vec::new();
        for (index, n) in items.iter().enumerate() {
            let row = index + usize::from(index >= at);
            place.insert(n.id.as_str(), (col, row));
            slots.insert(item_elem(&n.id), Slot { col, row, item: Some((n.id.clone(), n.label.clone())), index });
            list.push(item_elem(&n.id));
        }
        list.insert(at, draft_elem(col));
        slots.insert(draft_elem(col), Slot { col, row: at, item: None, index: at });
        rows.push(list);
    }
    // While an item is dragged, the others of its column make room where it would land.
    if let Some(g) = (*drag).as_ref() {
        let items = &columns[g.col];
        let mut order: Vec<&str> = items.iter().map(|n| n.id.as_str()).filter(|id| *id != g.id).collect();
        order.insert(g.target(items.len()).min(order.len()), g.id.as_str());
        for (row, id) in order.into_iter().enumerate() {
            place.insert(id, (g.col, row));
        }
    }
    let rows = Rc::new(rows);
    let slots = Rc::new(slots);
    let height_rows = rows.iter().map(Vec::len).max().unwrap_or(1);
    let (width, height) = board::board_size(height_rows);

    let onkeydown = {
        let (rows, slots, drafts, pending, d) =
            (rows.clone(), slots.clone(), drafts.clone(), pending.clone(), d.clone());
        Callback::from(move |e: KeyboardEvent| {
            // An IME composing Chinese uses Enter to pick the characters: never a commit.
            if e.is_composing() || e.key_code() == 229 {
                return;
            }
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(slot) = slots.get(&input.id()).cloned() else { return };
            let kind = COLUMNS[slot.col];
            let value = input.value();
            let text = value.trim().to_string();
            let column = &rows[slot.col];
            // Saves what the input holds; returns the draft's next position when one was added.
            let commit = |input: &web_sys::HtmlInputElement| -> Option<usize> {
                match &slot.item {
                    Some((id, label)) => {
                        if text != *label {
                            d.emit(Msg::Exec(Command::SetLabel {
                                target: Target::Node(id.clone()),
                                label: text.clone(),
                            }));
                        }
                        None
                    }
                    None if !text.is_empty() => {
                        input.set_value("");
                        d.emit(Msg::Sipoc(Edit::Add { kind, at: slot.index, label: text.clone() }));
                        Some(slot.index + 1)
                    }
                    None => None,
                }
            };
            let go = |target: String| {
                if !focus_elem(&target) {
                    *pending.borrow_mut() = Some(target);
                }
            };
            // Undo and redo reach the document when nothing is typed here that the browser's own
            // text undo should take back (an empty new row, or an item as saved).
            let untouched = match &slot.item {
                Some((_, label)) => value == *label,
                None => value.is_empty(),
            };
            if (e.ctrl_key() || e.meta_key()) && untouched {
                let msg = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
                    ("z", false) => Some(Msg::Undo),
                    ("z", true) | ("y", _) => Some(Msg::Redo),
                    _ => None,
                };
                if let Some(msg) = msg {
                    e.prevent_default();
                    d.emit(msg);
                    return;
                }
            }
            match (e.key().as_str(), e.shift_key()) {
                ("Enter", _) => {
                    e.prevent_default();
                    let next = match &slot.item {
                        Some(_) => {
                            commit(&input);
                            slot.index + 1
                        }
                        None => match commit(&input) {
                            Some(next) => next,
                            None => return,
                        },
                    };
                    let mut at = *drafts;
                    at[slot.col] = Some(next);
                    drafts.set(at);
                    *pending.borrow_mut() = Some(draft_elem(slot.col));
                }
                ("Tab", back) => {
                    e.prevent_default();
                    commit(&input);
                    let to = if back {
                        (slot.col + COLUMNS.len() - 1) % COLUMNS.len()
                    } else {
                        (slot.col + 1) % COLUMNS.len()
                    };
                    let mut at = *drafts;
                    at[slot.col] = None;
                    at[to] = None;
                    drafts.set(at);
                    *pending.borrow_mut() = Some(draft_elem(to));
                }
                ("ArrowUp" | "ArrowDown", _) if e.alt_key() => {
                    // Alt+arrow moves the item itself within its column.
                    e.prevent_default();
                    if let Some((id, _)) = &slot.item {
                        commit(&input);
                        let to = if e.key() == "ArrowUp" { slot.index.checked_sub(1) } else { Some(slot.index + 1) };
                        if let Some(to) = to {
                            d.emit(Msg::Sipoc(Edit::Reorder { id: id.clone(), to }));
                        }
                    }
                }
                ("ArrowUp" | "ArrowDown", _) => {
                    e.prevent_default();
                    let row = if e.key() == "ArrowUp" { slot.row.checked_sub(1) } else { Some(slot.row + 1) };
                    if let Some(target) = row.and_then(|r| column.get(r)) {
                        go(target.clone());
                    }
                }
                ("Backspace", _) if value.is_empty() => {
                    e.prevent_default();
                    let neighbour = slot.row.checked_sub(1).or((slot.row + 1 < column.len()).then_some(slot.row + 1));
                    let target = neighbour.map(|r| column[r].clone());
                    match &slot.item {
                        Some((id, _)) => {
                            // The element goes away: its blur must not save anything.
                            let _ = input.set_attribute("data-gone", "");
                            d.emit(Msg::Sipoc(Edit::Remove(vec![id.clone()])));
                        }
                        None => {
                            let mut at = *drafts;
                            at[slot.col] = None;
                            drafts.set(at);
                        }
                    }
                    if let Some(t) = target.filter(|t| *t != draft_elem(slot.col) || slot.item.is_some()) {
                        *pending.borrow_mut() = Some(t.clone());
                        focus_elem(&t);
                    }
                }
                ("Escape", _) => {
                    // Leave the board: what was not committed is dropped.
                    input.set_value(slot.item.as_ref().map(|(_, l)| l.as_str()).unwrap_or(""));
                    let _ = input.blur();
                    let mut at = *drafts;
                    at[slot.col] = None;
                    drafts.set(at);
                }
                _ => {}
            }
        })
    };
    // Leaving an input keeps what it holds (a click elsewhere must not lose typing).
    let onblur = {
        let (slots, drafts, d) = (slots.clone(), drafts.clone(), d.clone());
        Callback::from(move |e: FocusEvent| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(slot) = slots.get(&input.id()) else { return };
            if input.has_attribute("data-gone") {
                return;
            }
            let text = input.value().trim().to_string();
            match &slot.item {
                Some((id, label)) if text != *label => {
                    d.emit(Msg::Exec(Command::SetLabel { target: Target::Node(id.clone()), label: text }));
                }
                None if !text.is_empty() => {
                    input.set_value("");
                    d.emit(Msg::Sipoc(Edit::Add { kind: COLUMNS[slot.col], at: slot.index, label: text }));
                    let mut at = *drafts;
                    at[slot.col] = None;
                    drafts.set(at);
                }
                _ => {}
            }
        })
    };
    let onfocus = {
        let (slots, selection, d) = (slots.clone(), p.selection.clone(), d.clone());
        Callback::from(move |e: FocusEvent| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Some(slot) = slots.get(&el.id()) else { return };
            match &slot.item {
                Some((id, _)) if !(selection.len() == 1 && selection.contains(id)) => {
                    d.emit(Msg::Select(vec![id.clone()]))
                }
                None if !selection.is_empty() => d.emit(Msg::ClearSelection),
                _ => {}
            }
        })
    };

    // Dragging an item by its grip reorders its column: a preview while moving, one command on release.
    let grip_down = |id: String, col: usize, from: usize| {
        let (drag, drafts) = (drag.clone(), drafts.clone());
        Callback::from(move |e: PointerEvent| {
            e.prevent_default();
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            drafts.set([None; 5]);
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
        let (drag, d) = (drag.clone(), d.clone());
        let lens: Vec<usize> = columns.iter().map(Vec::len).collect();
        Callback::from(move |_: PointerEvent| {
            if let Some(g) = (*drag).clone() {
                let to = g.target(lens[g.col]);
                if to != g.from {
                    d.emit(Msg::Sipoc(Edit::Reorder { id: g.id.clone(), to }));
                }
                drag.set(None);
            }
        })
    };

    let selected_one = match p.selection.iter().collect::<Vec<_>>().as_slice() {
        [id] => doc.node(id).filter(|n| board::column_of(n.kind).is_some()).cloned(),
        _ => None,
    };
    let touches_selection = |a: &str, b: &str| p.selection.contains(a) || p.selection.contains(b);
    let rect = |col: usize, row: usize| board::slot(col, row);

    // Links between neighbouring columns, drawn as curves from one item's right edge to the next's left edge.
    let lines = doc.edges.iter().filter_map(|e| {
        let (&(ca, ra), &(cb, rb)) = (place.get(e.from.as_str())?, place.get(e.to.as_str())?);
        if ca.abs_diff(cb) != 1 {
            return None;
        }
        let ((ca, ra), (cb, rb)) = if ca < cb { ((ca, ra), (cb, rb)) } else { ((cb, rb), (ca, ra)) };
        let (x1, y1) = rect(ca, ra);
        let (x2, y2) = rect(cb, rb);
        let (x1, y1, x2, y2) = (x1 + ITEM_W, y1 + ITEM_H / 2.0, x2, y2 + ITEM_H / 2.0);
        let mid = (x1 + x2) / 2.0;
        let path = format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}");
        let active = touches_selection(&e.from, &e.to);
        Some(html! { <path key={e.id.clone()} class={classes!("link", active.then_some("active"))} d={path} data-testid="sipoc-line" /> })
    });

    // Items in document order, which a reorder does not change: the focused input is never
    // moved in the DOM (that would blur it); positions come from the layout.
    let index_in_column: HashMap<&str, usize> =
        columns.iter().flat_map(|items| items.iter().enumerate().map(|(i, n)| (n.id.as_str(), i))).collect();
    let items = {
        let drag = (*drag).clone();
        let grip_down = &grip_down;
        let (onkeydown, onblur, onfocus, grip_move, grip_up) =
            (onkeydown.clone(), onblur.clone(), onfocus.clone(), grip_move.clone(), grip_up.clone());
        let (place, index_in_column) = (&place, &index_in_column);
        doc.nodes.iter().filter(|n| place.contains_key(n.id.as_str())).map(move |n| {
            let (kind, (col, row)) = (n.kind, place[n.id.as_str()]);
            let index = index_in_column[n.id.as_str()];
            let dragging = drag.as_ref().is_some_and(|g| g.id == n.id);
            let (x, y) = match drag.as_ref().filter(|_| dragging) {
                // The dragged item follows the pointer from where it was picked up.
                Some(g) => (rect(col, g.from).0, rect(col, g.from).1 + g.dy),
                None => rect(col, row),
            };
            let unlinked = board::unlinked(doc, n);
            let unlinked_key = if kind == NodeType::Input { "sipoc.unlinked_input" } else { "sipoc.unlinked_output" };
            let selected = p.selection.contains(&n.id);
            let style = format!("left:{x}px;top:{y}px;width:{ITEM_W}px;height:{ITEM_H}px");
            html! {
                <div key={n.id.clone()} class={classes!("sipoc-item", kind.as_str(), unlinked.then_some("unlinked"), selected.then_some("selected"), dragging.then_some("dragging"))}
                    {style} data-testid="sipoc-row" data-id={n.id.clone()}>
                    <span class="grip" title={tr(lang, "sipoc.drag")} data-testid="sipoc-grip"
                        onpointerdown={grip_down(n.id.clone(), col, index)} onpointermove={grip_move.clone()} onpointerup={grip_up.clone()}>{ "⠿" }</span>
                    if kind == NodeType::Step {
                        <span class="num">{ if drag.as_ref().is_some_and(|g| g.col == col) { row + 1 } else { index + 1 } }</span>
                    }
                    <input id={item_elem(&n.id)} type="text" value={n.label.clone()} data-testid="sipoc-item" data-id={n.id.clone()}
                        data-kind={kind.as_str()} autocomplete="off" spellcheck="false"
                        onkeydown={onkeydown.clone()} onblur={onblur.clone()} onfocus={onfocus.clone()} />
                    if unlinked {
                        <span class="mark" title={tr(lang, unlinked_key)} data-testid="unlinked">{ "!" }</span>
                    }
                </div>
            }
        })
    };
    let draft_rows = COLUMNS.iter().enumerate().map(|(col, &kind)| {
        let slot = &slots[&draft_elem(col)];
        let (x, y) = rect(col, slot.row);
        let style = format!("left:{x}px;top:{y}px;width:{ITEM_W}px;height:{ITEM_H}px");
        let placeholder = format!("+ {}", tr(lang, &format!("type.{}", kind.as_str())));
        html! {
            <div key={draft_elem(col)} class={classes!("sipoc-item", "draft", kind.as_str())} {style}>
                <input id={draft_elem(col)} type="text" placeholder={placeholder} data-testid={format!("sipoc-draft-{}", kind.as_str())}
                    autocomplete="off" spellcheck="false"
                    onkeydown={onkeydown.clone()} onblur={onblur.clone()} onfocus={onfocus.clone()} />
            </div>
        }
    });
    let heads = COLUMNS.iter().enumerate().map(|(col, &kind)| {
        let (letter, key) = HEADS[col];
        let (x, _) = rect(col, 0);
        html! {
            <div class={classes!("sipoc-head", kind.as_str())} style={format!("left:{x}px;width:{ITEM_W}px")} data-testid={format!("sipoc-head-{}", kind.as_str())}>
                <b class="letter">{ letter }</b>
                <span class="name">{ tr(lang, key) }</span>
                <span class="count" data-testid={format!("sipoc-count-{}", kind.as_str())}>{ columns[col].len() }</span>
            </div>
        }
    });

    // A click on the board between the items lets go of the selected item.
    let on_background = {
        let d = d.clone();
        Callback::from(move |e: MouseEvent| {
            let on_item = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".sipoc-item").ok().flatten())
                .is_some();
            if !on_item {
                d.emit(Msg::ClearSelection);
            }
        })
    };
    html! {
        <main class="sipoc-wrap" data-testid="sipoc">
            <div class="sipoc-scroll">
                <div class="sipoc-heads" style={format!("width:{width}px")}>{ for heads }</div>
                <div class="sipoc-board" style={format!("width:{width}px;height:{height}px")} onclick={on_background}>
                    <svg class="sipoc-lines" width={width.to_string()} height={height.to_string()}>{ for lines }</svg>
                    { for items }
                    { for draft_rows }
                </div>
                <p class="sipoc-hint">{ tr(lang, "sipoc.hint") }</p>
            </div>
            if let Some(n) = selected_one {
                { links_panel(doc, &n, lang, &d) }
            }
        </main>
    }
}

/// Checkboxes linking the selected item to the items of its neighbouring columns.
fn links_panel(doc: &Document, n: &Node, lang: Lang, d: &Callback<Msg>) -> Html {
    let Some(col) = board::column_of(n.kind) else { return html! {} };
    let group = |other: usize, key: &str| {
        let kind = COLUMNS[other];
        let options = board::column(doc, kind).into_iter().map(|o| {
            let checked = board::links_between(doc, &n.id, &o.id).next().is_some();
            let (a, b) = (n.id.clone(), o.id.clone());
            let onchange = d.reform(move |_| Msg::Sipoc(Edit::ToggleLink(a.clone(), b.clone())));
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
