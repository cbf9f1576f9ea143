//! Property tests over the whole core, as a fuzzer would drive it: documents of every kind with
//! every kind of damage that `io::load` lets through, random sequences of user actions through
//! the one dispatcher, and files mutated field by field. After every step the driver checks the
//! invariants, the selection and a save → load round trip; after every sequence, undoing
//! everything must give back the document exactly, and redoing everything the final one.
//!
//! `PROCMOD_FUZZ_CASES=100000 cargo test --release --test fuzz` runs a longer campaign; the
//! default keeps the test suite quick.

mod generate;
mod support;

use generate::{document, intent, resolve, Intent};
use procmod::editor::Action;
use procmod::i18n::Lang;
use procmod::model::Document;
use procmod::{io, metrics, validate};
use proptest::prelude::*;
use serde_json::Value;
use support::Driver;

fn cases() -> u32 {
    std::env::var("PROCMOD_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
}

/// Plays the intents, then undoes everything and redoes everything.
fn play(start: Document, intents: &[Intent]) {
    let mut d = Driver::new(start.clone());
    for intent in intents {
        let action = resolve(d.doc(), intent);
        let _ = d.try_act(action);
        // Derived data never panics on anything the editor makes.
        let _ = validate::validate(d.doc());
        let _ = metrics::compute(d.doc());
    }
    // Every connector of whatever the editor made can be routed.
    let routes = procmod::route::route_all(d.doc());
    assert_eq!(routes.len(), d.doc().edges.len());
    let end = d.doc().clone();
    let mut undone = 0;
    while d.ed.history.can_undo() {
        d.act(Action::Undo);
        undone += 1;
    }
    assert_eq!(*d.doc(), start, "undoing everything gives back the document");
    for _ in 0..undone {
        d.act(Action::Redo);
    }
    assert_eq!(*d.doc(), end, "redoing everything gives back the edited document");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn what_loads_saves_and_loads_back_unchanged(doc in document()) {
        let text = io::save(&doc);
        let loaded = io::load(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(&loaded, &doc);
        prop_assert_eq!(io::load(&io::save_compact(&doc)).unwrap(), doc);
    }

    #[test]
    fn any_actions_on_any_loadable_document_keep_the_invariants_and_undo_exactly(
        doc in document(),
        intents in proptest::collection::vec(intent(), 1..40),
    ) {
        play(doc, &intents);
    }
}

// ----- files mutated field by field --------------------------------------------------------------

/// One change to a file's JSON, as damage in the wild would make it.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the value at a path (chosen by position among all values) with another.
    Replace(usize, u8),
    /// Remove a key or an array element.
    Remove(usize),
    /// Repeat an array element.
    Repeat(usize),
    /// Give a value the text of another value's.
    Copy(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (0usize..400, 0u8..12).prop_map(|(p, v)| Mutation::Replace(p, v)),
        1 => (0usize..400).prop_map(Mutation::Remove),
        1 => (0usize..400).prop_map(Mutation::Repeat),
        1 => (0usize..400, 0usize..400).prop_map(|(a, b)| Mutation::Copy(a, b)),
    ]
}

/// Every value of a JSON tree, depth first, as paths of keys and indices.
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                here.push(Step::Key(k.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Step::Index(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'v>(v: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

fn mutate(root: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(root, &mut Vec::new(), &mut all);
    let path = |p: usize| all[p % all.len()].clone();
    let replacement = |v: u8| match v {
        0 => Value::Null,
        1 => Value::from(-1),
        2 => Value::from(0),
        3 => Value::from(1.5),
        4 => Value::from(1e300),
        5 => Value::from(""),
        6 => Value::from("t1"),
        7 => Value::from("task"),
        8 => Value::from(true),
        9 => serde_json::json!([]),
        10 => serde_json::json!({}),
        _ => Value::from("审批"),
    };
    match m {
        Mutation::Replace(p, v) => {
            if let Some(slot) = at(root, &path(*p)) {
                *slot = replacement(*v);
            }
        }
        Mutation::Remove(p) => {
            let mut p = path(*p);
            if let Some(last) = p.pop() {
                match (at(root, &p), last) {
                    (Some(Value::Object(map)), Step::Key(k)) => {
                        map.remove(&k);
                    }
                    (Some(Value::Array(items)), Step::Index(i)) => {
                        items.remove(i);
                    }
                    _ => {}
                }
            }
        }
        Mutation::Repeat(p) => {
            let mut p = path(*p);
            if let Some(Step::Index(i)) = p.pop() {
                if let Some(Value::Array(items)) = at(root, &p) {
                    let copy = items[i].clone();
                    items.insert(i, copy);
                }
            }
        }
        Mutation::Copy(a, b) => {
            let from = at(root, &path(*a)).map(|v| v.clone());
            if let (Some(from), Some(slot)) = (from, at(root, &path(*b))) {
                if !from.is_object() && !from.is_array() {
                    *slot = from;
                }
            }
        }
    }
}

const FIXTURES: [&str; 5] = [
    include_str!("fixtures/acme-stamping.json"),
    include_str!("fixtures/dumas-decision.json"),
    include_str!("fixtures/dumas-parallel.json"),
    include_str!("fixtures/rework-loop.json"),
    include_str!("fixtures/format/v1.json"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_file_is_refused_with_words_or_loads_into_a_document_every_action_can_handle(
        fixture in 0usize..FIXTURES.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
        intents in proptest::collection::vec(intent(), 0..12),
    ) {
        let mut value: Value = serde_json::from_str(FIXTURES[fixture]).unwrap();
        for m in &mutations {
            mutate(&mut value, m);
        }
        let text = serde_json::to_string_pretty(&value).unwrap();
        match io::load(&text) {
            Err(e) => {
                for lang in [Lang::En, Lang::Zh] {
                    let words = e.message().render(lang);
                    prop_assert!(!words.is_empty() && !words.contains("{0}"), "{}", words);
                }
            }
            Ok(doc) => {
                prop_assert!(doc.check_invariants().is_ok());
                for f in validate::validate(&doc) {
                    let words = f.message.render(Lang::Zh);
                    prop_assert!(!words.contains('{'), "unfilled message: {}", words);
                }
                if let Err(e) = metrics::compute(&doc) {
                    prop_assert!(!e.message(&doc).render(Lang::Zh).contains('{'), "unfilled message");
                }
                play(doc, &intents);
            }
        }
        // Opening it from the library repairs only what `restore` promises and refuses the rest.
        if let Ok((doc, _)) = io::restore(&text) {
            prop_assert!(doc.check_invariants().is_ok());
        }
    }
}
