//! Text fields that show the document's value without ever taking the user's typing away.
//!
//! A field bound to its value on every render would be reset by any render that happens while
//! the user types: another tab's save taken in, a save finishing, a finding recomputed. Here
//! the field's text follows the document only while the user is not in it; once they leave it
//! (having changed nothing, or after their change is committed), it shows the document again.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The value of a text input or a text area.
pub fn get(el: &web_sys::Element) -> Option<String> {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        Some(i.value())
    } else {
        el.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| t.value())
    }
}

/// Puts `value` in a field the user is not in (what the field shows once they leave it anyway).
pub fn show(el: &web_sys::Element, value: &str) {
    if !focused(el) {
        set(el, value);
    }
}

fn set(el: &web_sys::Element, value: &str) {
    if get(el).as_deref() == Some(value) {
        return;
    }
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    }
}

fn focused(el: &web_sys::Element) -> bool {
    gloo::utils::document().active_element().is_some_and(|a| &a == el)
}

/// Shows `value` in the input or textarea behind `node` (rendered without a `value`), except
/// while the user is in it.
///
/// A new field is filled even when it has the keyboard already, as long as nothing was typed
/// into it: a key may send the keyboard to a field the renderer has drawn but not yet filled.
#[hook]
pub fn use_field_value(node: &NodeRef, value: &str) {
    // The latest value, and the text the field had when the user entered it.
    let latest = use_mut_ref(String::new);
    *latest.borrow_mut() = value.to_string();
    let entered: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let filled = use_mut_ref(|| false);
    {
        let node = node.clone();
        use_effect_with(value.to_string(), move |v| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let untouched = !*filled.borrow() && get(&el).is_some_and(|t| t.is_empty());
                if !focused(&el) || untouched {
                    set(&el, v);
                    *filled.borrow_mut() = true;
                }
            }
        });
    }
    let node = node.clone();
    use_effect_with((), move |_| {
        let listeners = node.cast::<web_sys::Element>().map(|el| {
            let on_focus = {
                let (entered, el2) = (entered.clone(), el.clone());
                gloo::events::EventListener::new(&el, "focus", move |_| *entered.borrow_mut() = get(&el2))
            };
            // After the field's own handlers (a change commits first): untouched, it shows the
            // document as it is now; changed, the commit brings the new value.
            let on_blur = {
                let el2 = el.clone();
                gloo::events::EventListener::new(&el, "blur", move |_| {
                    let before = entered.borrow_mut().take();
                    if before.is_some() && before == get(&el2) {
                        set(&el2, &latest.borrow());
                    }
                })
            };
            (on_focus, on_blur)
        });
        move || drop(listeners)
    });
}

#[derive(Properties, PartialEq)]
pub struct InputProps {
    /// What the field shows while the user is not in it.
    pub value: AttrValue,
    pub testid: AttrValue,
    /// The caller's reference to the input, to read it (else one of its own).
    #[prop_or_default]
    pub node: Option<NodeRef>,
    #[prop_or_default]
    pub onchange: Option<Callback<Event>>,
    #[prop_or_default]
    pub onkeydown: Option<Callback<KeyboardEvent>>,
    #[prop_or_default]
    pub spellcheck: Option<AttrValue>,
}

/// A one-line text input that shows `value` without taking the user's typing away (see
/// [`use_field_value`]).
#[function_component(Input)]
pub fn input(p: &InputProps) -> Html {
    let own = use_node_ref();
    let node = p.node.clone().unwrap_or(own);
    use_field_value(&node, &p.value);
    html! {
        <input ref={node} type="text" data-testid={p.testid.clone()} spellcheck={p.spellcheck.clone()}
            onchange={p.onchange.clone()} onkeydown={p.onkeydown.clone()} />
    }
}
