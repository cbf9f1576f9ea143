//! A working session over the library: autosave, reload, tabs that edit one document at
//! nearly the same time, storage that fails or is damaged, backups, the move from the old
//! localStorage library, and unsaved work rescued when the page closes.

mod support;

use procmod::command::Target;
use procmod::editor::{Action, NodeField};
use procmod::io;
use procmod::library::{record, Entry, LibraryError, MemoryDb, Op, StoreError, Table};
use procmod::model::{Document, Kind, Node, NodeType};
use procmod::session::{file_name, Event, Rescue, Resolution, SaveStatus, Session};
use support::{open_tab, settle, step};

fn starter() -> Document {
    Document::new(Kind::Swimlane, "新流程")
}

fn stored(db: &MemoryDb, id: &str) -> Document {
    procmod::library::read_record(db.get(Table::Docs, id).expect("stored")).expect("readable").doc
}

fn add_task(s: &mut Session, x: f64) -> String {
    s.dispatch(Action::AddShape { kind: NodeType::Task, at: (x, 80.0) }).unwrap();
    s.editor.selection.iter().next().cloned().expect("the new shape is selected")
}

fn notices(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Notice { title, detail, .. } => {
                Some(std::iter::once(title).chain(detail).map(|m| m.to_string()).collect::<Vec<_>>().join(" / "))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_change_is_saved_and_comes_back_after_a_reload() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    assert_eq!(s.status, SaveStatus::Saved);
    s.dispatch(Action::AddLane { name: "采购员".into() }).unwrap();
    add_task(&mut s, 200.0);
    assert!(s.dirty() && s.unsaved());
    s.run(&mut db, 2.0);
    assert_eq!(s.status, SaveStatus::Saved);
    assert!(!s.unsaved());
    // Reload: a new session over the same storage opens the same document.
    let s2 = open_tab(&mut db, "b", starter(), 3.0);
    assert_eq!(s2.doc_id, s.doc_id);
    assert_eq!(s2.editor.doc.nodes.len(), 1);
    assert_eq!(s2.editor.doc.lanes[0].name, "采购员");
    assert_eq!(s2.entries.len(), 1);
}

#[test]
fn nothing_can_be_edited_before_the_library_is_read() {
    let mut s = Session::new("a");
    assert!(s.dispatch(Action::AddLane { name: "x".into() }).is_err());
    assert!(!s.unsaved());
}

#[test]
fn a_broken_import_changes_nothing() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    add_task(&mut s, 200.0);
    s.run(&mut db, 2.0);
    let before = (*s.editor.doc).clone();
    let err = s.import(
        r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"task","work":"x"}]}"#,
        3.0,
    );
    assert!(err.unwrap_err().to_string().contains("Node \"a\""));
    s.run(&mut db, 3.0);
    assert_eq!(*s.editor.doc, before);
    assert_eq!(s.entries.len(), 1);
}

#[test]
fn a_good_import_opens_as_a_new_document() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    let mut other = Document::new(Kind::Swimlane, "Imported");
    other.nodes.push(Node::new("d1", NodeType::Decision, "ok?", 100.0, 100.0).into());
    s.import(&io::save(&other), 2.0).unwrap();
    s.run(&mut db, 2.0);
    assert_eq!(s.entries.len(), 2);
    assert_eq!(s.editor.doc.nodes[0].kind, NodeType::Decision);
    assert!(notices(&s.take_events()).iter().any(|n| n.contains("Imported")));
}

#[test]
fn an_import_into_a_full_storage_opens_unsaved_leaves_nothing_half_written_and_is_retried() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    let first = s.doc_id.clone();
    s.take_events();
    let before = db.tables.clone();
    db.quota = Some(db.tables.values().flat_map(|t| t.values()).map(String::len).sum::<usize>() + 10);
    let mut other = Document::new(Kind::Swimlane, "Big");
    for i in 0..20 {
        other.nodes.push(Node::new(format!("t{i}"), NodeType::Task, "step", 100.0 * i as f64, 0.0).into());
    }
    s.import(&io::save(&other), 2.0).unwrap();
    s.run(&mut db, 2.0);
    assert_eq!(db.tables, before, "no orphan document, no half-written list");
    assert_eq!(s.editor.doc.title, "Big", "the import is open");
    assert!(matches!(&s.status, SaveStatus::Failed { message, .. } if message.to_string().contains("storage is full")));
    assert!(s.unsaved(), "leaving asks first");
    assert_eq!(s.entries.len(), 1);
    // Space freed: the retry stores it; the first document was never touched.
    db.quota = None;
    s.retry();
    s.run(&mut db, 3.0);
    assert_eq!(s.status, SaveStatus::Saved);
    assert_eq!(s.entries.len(), 2);
    assert_eq!(stored(&db, &first), starter());
}

/// Two tabs on one document add shapes and rename others a few steps apart, with their jobs
/// and broadcasts interleaved in every order a seed gives: every edit of both survives.
#[test]
fn near_simultaneous_edits_in_two_tabs_are_never_lost() {
    let mut merges = 0;
    for seed in 0..40u64 {
        let mut db = MemoryDb::default();
        let mut base = starter();
        base.nodes.push(Node::new("a", NodeType::Task, "A", 0.0, 0.0).into());
        base.nodes.push(Node::new("b", NodeType::Task, "B", 200.0, 0.0).into());
        let mut a = open_tab(&mut db, "a", base, 1.0);
        let mut b = open_tab(&mut db, "b", starter(), 1.0);
        assert_eq!(a.doc_id, b.doc_id);
        let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = |n: u64| {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (rng >> 33) % n
        };
        let mut expected_labels = Vec::new();
        let mut events = Vec::new();
        for round in 0..6 {
            for (t, tab) in [&mut a, &mut b].into_iter().enumerate() {
                let who = if t == 0 { "A" } else { "B" };
                match next(3) {
                    0 | 1 => {
                        let id = add_task(tab, 100.0 * round as f64);
                        let label = format!("{who}{round}");
                        tab.dispatch(Action::Rename { target: Target::Node(id), text: label.clone() }).unwrap();
                        expected_labels.push(label);
                    }
                    _ => {
                        // Each tab renames its own existing shape: different elements.
                        let id = if t == 0 { "a" } else { "b" };
                        let label = format!("{who}-renamed-{round}");
                        tab.dispatch(Action::Rename { target: Target::Node(id.into()), text: label }).unwrap();
                    }
                }
            }
            // A few steps of either tab, in a random order.
            for _ in 0..next(4) {
                let i = next(2) as usize;
                step(&mut db, &mut [&mut a, &mut b], i, 2.0 + round as f64, &mut events);
            }
        }
        events.extend(settle(&mut db, &mut [&mut a, &mut b], 10.0));
        merges += events.iter().filter(|e| **e == Event::Followed).count();
        let clash = matches!(a.status, SaveStatus::Clash(_)) || matches!(b.status, SaveStatus::Clash(_));
        assert!(!clash, "seed {seed}: no field was changed by both");
        let doc = stored(&db, &a.doc_id);
        assert_eq!(*a.editor.doc, doc, "seed {seed}: tab A shows what is stored");
        assert_eq!(*b.editor.doc, doc, "seed {seed}: tab B shows what is stored");
        for label in &expected_labels {
            assert!(doc.nodes.iter().any(|n| &n.label == label), "seed {seed}: {label} was lost");
        }
        let last = |who: &str| doc.node(if who == "A" { "a" } else { "b" }).unwrap().label.clone();
        assert!(last("A").starts_with('A') && last("B").starts_with('B'), "seed {seed}");
        doc.check_invariants().unwrap();
    }
    assert!(merges > 40, "the rounds collide often ({merges} merges)");
}

#[test]
fn the_same_field_changed_in_two_tabs_asks_and_each_choice_keeps_what_it_says() {
    for choice in [Resolution::KeepMine, Resolution::TakeTheirs, Resolution::SaveCopy] {
        let mut db = MemoryDb::default();
        let mut base = starter();
        base.nodes.push(Node::new("a", NodeType::Task, "A", 0.0, 0.0).into());
        let mut a = open_tab(&mut db, "a", base, 1.0);
        let mut b = open_tab(&mut db, "b", starter(), 1.0);
        a.dispatch(Action::Rename { target: Target::Node("a".into()), text: "from A".into() }).unwrap();
        a.dispatch(Action::SetNode { id: "a".into(), field: NodeField::Work(5.0) }).unwrap();
        b.dispatch(Action::Rename { target: Target::Node("a".into()), text: "from B".into() }).unwrap();
        a.run(&mut db, 2.0);
        b.run(&mut db, 2.0);
        let SaveStatus::Clash(clash) = &b.status else { panic!("{choice:?}: {:?}", b.status) };
        assert_eq!(clash.merged.clashes.len(), 1);
        assert_eq!(
            clash.merged.clashes[0].message().to_string(),
            "Label of shape \"a\": yours “from B”, theirs “from A”"
        );
        assert!(b.unsaved(), "leaving now would lose B's label");
        b.resolve(choice, "(copy)", 3.0);
        b.run(&mut db, 3.0);
        let doc = stored(&db, &a.doc_id);
        assert_eq!(doc.nodes[0].work, 5.0, "{choice:?}: A's other change is kept");
        match choice {
            Resolution::KeepMine => assert_eq!(doc.nodes[0].label, "from B"),
            Resolution::TakeTheirs => assert_eq!(doc.nodes[0].label, "from A"),
            Resolution::SaveCopy => {
                assert_eq!(doc.nodes[0].label, "from A");
                assert_ne!(b.doc_id, a.doc_id, "the copy is open");
                assert_eq!(b.editor.doc.nodes[0].label, "from B");
                assert_eq!(b.editor.doc.title, "新流程 (copy)");
            }
        }
        assert_eq!(b.status, SaveStatus::Saved);
    }
}

#[test]
fn a_clean_tab_follows_the_other_tabs_save_and_keeps_its_selection() {
    let mut db = MemoryDb::default();
    let mut base = starter();
    base.nodes.push(Node::new("a", NodeType::Task, "A", 0.0, 0.0).into());
    let mut a = open_tab(&mut db, "a", base, 1.0);
    let mut b = open_tab(&mut db, "b", starter(), 1.0);
    b.dispatch(Action::Select(vec!["a".into()])).unwrap();
    add_task(&mut a, 300.0);
    let events = settle(&mut db, &mut [&mut a, &mut b], 2.0);
    assert_eq!(b.editor.doc.nodes.len(), 2);
    assert!(b.editor.selection.contains("a"));
    assert!(events.contains(&Event::Followed));
    assert_eq!(b.status, SaveStatus::Saved);
    assert!(!b.dirty());
}

#[test]
fn a_full_storage_is_reported_retried_and_nothing_is_lost() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    let used: usize = db.tables.values().flat_map(|t| t.values()).map(String::len).sum();
    db.quota = Some(used + 100);
    for i in 0..30 {
        add_task(&mut s, 100.0 * i as f64);
    }
    s.run(&mut db, 2.0);
    assert!(matches!(s.status, SaveStatus::Failed { attempts: 1, .. }), "{:?}", s.status);
    let SaveStatus::Failed { message, .. } = &s.status else { unreachable!() };
    assert_eq!(message.to_string(), "the browser's storage is full (the storage quota is exceeded)");
    assert!(s.unsaved(), "the page asks before closing");
    assert_eq!(s.retry_after(), Some(1000.0));
    // Nothing is tried again until the pause is over (or the user changes something).
    assert!(s.next_job(2.0).is_none());
    s.retry();
    s.run(&mut db, 3.0);
    assert!(matches!(s.status, SaveStatus::Failed { attempts: 2, .. }));
    assert_eq!(s.retry_after(), Some(2000.0));
    // Space is freed: the next try stores everything.
    db.quota = None;
    s.retry();
    s.run(&mut db, 4.0);
    assert_eq!(s.status, SaveStatus::Saved);
    assert_eq!(stored(&db, &s.doc_id).nodes.len(), 30);
}

#[test]
fn a_failed_transaction_changes_nothing_and_is_tried_again() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    add_task(&mut s, 100.0);
    db.failures.push_back(StoreError::new("The transaction was aborted"));
    let before = db.tables.clone();
    s.run(&mut db, 2.0);
    assert_eq!(db.tables, before);
    assert!(matches!(s.status, SaveStatus::Failed { .. }));
    add_task(&mut s, 300.0);
    s.run(&mut db, 3.0);
    assert_eq!(s.status, SaveStatus::Saved);
    assert_eq!(stored(&db, &s.doc_id).nodes.len(), 2);
}

fn library_of_three() -> (MemoryDb, Vec<String>) {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", Document::new(Kind::Swimlane, "One"), 1.0);
    s.new_document(Document::new(Kind::Sipoc, "Two"), 2.0);
    s.new_document(Document::new(Kind::Vsm, "Three"), 3.0);
    s.run(&mut db, 3.0);
    let ids = s.entries.iter().map(|e| e.id.clone()).collect();
    (db, ids)
}

#[test]
fn a_damaged_document_is_set_aside_named_and_the_rest_opens() {
    let (mut db, ids) = library_of_three();
    // The open one (most recent) and another are damaged in two ways.
    let damaged = r#"{"rev":2,"changed":3,"doc":{"format":"procmod","version":1,"kind":"vsm","nodes":[{"id":"x"#;
    db.tables.get_mut(&Table::Docs).unwrap().insert(ids[0].clone(), damaged.into());
    db.tables.get_mut(&Table::Docs).unwrap().insert(ids[1].clone(), "42".into());
    let mut s = Session::new("b");
    s.start(&db.scan(), &[], vec![], Some(ids[0].clone()), starter(), 5.0);
    s.run(&mut db, 5.0);
    assert_eq!(s.doc_id, ids[2], "the readable document opens");
    assert_eq!(s.editor.doc.title, "One");
    assert_eq!(s.entries.len(), 1);
    assert_eq!(s.aside.len(), 2);
    let said = notices(&s.take_events()).join("\n");
    assert!(said.contains("Three (") && said.contains("Two ("), "both are named: {said}");
    assert!(said.contains("line 1"), "and why: {said}");
    // Kept exactly as found, and still there after a restart.
    let kept: Vec<&String> = db.tables[&Table::Aside].values().collect();
    assert_eq!(kept.len(), 2);
    assert!(s.aside.iter().any(|a| a.text == damaged));
    let again = open_tab(&mut db, "c", starter(), 6.0);
    assert_eq!(again.aside.len(), 2);
    assert_eq!(again.aside.iter().map(|a| a.file_name()).filter(|n| n.ends_with("damaged.json")).count(), 2);
}

#[test]
fn a_missing_or_damaged_list_is_rebuilt_from_the_documents() {
    let (mut db, ids) = library_of_three();
    let entries = db.tables.get_mut(&Table::Entries).unwrap();
    entries.remove(&ids[0]);
    entries.insert(ids[1].clone(), "{not json".into());
    let s = open_tab(&mut db, "b", starter(), 5.0);
    let mut titles: Vec<_> = s.entries.iter().map(|e| e.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["One", "Three", "Two"]);
    assert!(s.aside.is_empty());
    // Rebuilt in storage too.
    for id in &ids {
        let e: Entry = serde_json::from_str(db.get(Table::Entries, id).unwrap()).unwrap();
        assert_eq!(&e.id, id);
    }
}

#[test]
fn a_list_entry_whose_document_is_gone_is_reported_once() {
    let (mut db, ids) = library_of_three();
    db.tables.get_mut(&Table::Docs).unwrap().remove(&ids[1]);
    let mut s = open_tab(&mut db, "b", starter(), 5.0);
    assert_eq!(s.entries.len(), 2);
    let said = notices(&s.take_events()).join("\n");
    assert!(said.contains("Two") && said.contains("document text is missing"), "{said}");
    let mut again = open_tab(&mut db, "c", starter(), 6.0);
    assert!(notices(&again.take_events()).is_empty(), "said once; kept aside");
    assert_eq!(again.aside.len(), 1);
}

#[test]
fn export_all_then_import_all_restores_the_library_with_its_links() {
    let mut db = MemoryDb::default();
    let mut sipoc = Document::new(Kind::Sipoc, "采购 SIPOC");
    sipoc.meta.level = "L2".into();
    sipoc.nodes.push(Node::new("s1", NodeType::Step, "审批", 400.0, 40.0).into());
    let mut s = open_tab(&mut db, "a", sipoc, 1.0);
    s.drill_down("s1", 2.0).unwrap();
    s.run(&mut db, 2.0);
    s.take_events();
    s.export_all();
    s.run(&mut db, 3.0);
    let Some(Event::Download { name, text, mime }) =
        s.take_events().into_iter().find(|e| matches!(e, Event::Download { .. }))
    else {
        panic!("a file is offered")
    };
    assert!(name.starts_with("procmod-library-") && name.ends_with(".json"));
    assert_eq!(mime, "application/json");
    // Another machine: an empty library.
    let mut other = MemoryDb::default();
    let mut t = open_tab(&mut other, "b", starter(), 10.0);
    t.import_all(&text, 11.0).unwrap();
    t.run(&mut other, 11.0);
    assert_eq!(t.entries.len(), 3);
    let child = t.entries.iter().find(|e| e.level == "L3").unwrap().clone();
    let parent = t.entries.iter().find(|e| e.title == "采购 SIPOC").unwrap().clone();
    assert_eq!(child.parent, parent.id);
    assert_eq!(stored(&other, &parent.id).node("s1").unwrap().link.as_deref(), Some(child.id.as_str()));
    // Restoring again changes nothing; into the original library, everything is already there.
    t.import_all(&text, 12.0).unwrap();
    t.run(&mut other, 12.0);
    assert_eq!(t.entries.len(), 3);
    s.import_all(&text, 13.0).unwrap();
    s.run(&mut db, 13.0);
    assert_eq!(s.entries.len(), 2);
    assert!(notices(&s.take_events()).iter().any(|n| n.contains("2 were already in the library")));
}

#[test]
fn a_backup_with_a_damaged_document_restores_the_rest_and_keeps_the_damaged_one_aside() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    let good = io::save_compact(&Document::new(Kind::Sipoc, "Good"));
    let text = format!(
        r#"{{"format":"procmod-library","version":1,"documents":[{{"id":"x1","document":{good}}},{{"id":"x2","document":{{"format":"procmod","version":1,"kind":"swimlane","nodes":[{{"id":"n","type":"task","x":"left"}}]}}}}]}}"#
    );
    s.import_all(&text, 2.0).unwrap();
    s.run(&mut db, 2.0);
    assert_eq!(s.entries.len(), 2);
    assert_eq!(s.aside.len(), 1);
    let said = notices(&s.take_events()).join("\n");
    assert!(said.contains("Restored 1") && said.contains("x2") && said.contains("Node \"n\""), "{said}");
    // Not a backup at all: nothing changes, and the error says why.
    let err = s.import_all(&good, 3.0).unwrap_err();
    assert!(err.to_string().contains("not a Procmod library backup"), "{err}");
}

#[test]
fn the_old_localstorage_library_moves_over_and_damaged_entries_are_kept() {
    let mut doc = Document::new(Kind::Swimlane, "采购流程");
    doc.nodes.push(Node::new("t1", NodeType::Task, "审批", 0.0, 0.0).into());
    let index = serde_json::json!([
        {"id":"doc1","title":"采购流程","kind":"swimlane","changed":5.0,"rev":3},
        {"id":"doc2","title":"Broken","kind":"swimlane","changed":6.0,"rev":1}
    ]);
    let legacy = vec![
        ("procmod.library".to_string(), index.to_string()),
        ("procmod.doc.doc1".to_string(), io::save_compact(&doc)),
        ("procmod.rev.doc1".to_string(), "3".to_string()),
        ("procmod.doc.doc2".to_string(), "{\"format\":\"procmod\"".to_string()),
    ];
    let mut db = MemoryDb::default();
    let mut s = Session::new("a");
    s.start(&db.scan(), &legacy, vec![], Some("doc1".into()), starter(), 10.0);
    s.run(&mut db, 10.0);
    assert_eq!(s.doc_id, "doc1");
    assert_eq!(s.base_rev, 3);
    assert_eq!(s.editor.doc.nodes[0].label, "审批");
    assert_eq!(s.aside.len(), 1);
    assert_eq!(db.tables[&Table::Aside].len(), 1);
    assert_eq!(s.aside[0].title, "Broken");
    let events = s.take_events();
    assert!(events.contains(&Event::ForgetLegacy));
    assert!(notices(&events).iter().any(|n| n.contains("Moved 1 documents")));
    // Moving again (another tab started at the same moment) adds nothing twice.
    let mut t = Session::new("b");
    t.start(&db.scan(), &legacy, vec![], None, starter(), 11.0);
    t.run(&mut db, 11.0);
    assert_eq!(t.entries.len(), 1);
}

#[test]
fn a_move_that_cannot_be_stored_keeps_the_old_library() {
    let legacy = vec![("procmod.doc.doc1".to_string(), io::save_compact(&starter()))];
    let mut db = MemoryDb { quota: Some(10), ..Default::default() };
    let mut s = Session::new("a");
    s.start(&db.scan(), &legacy, vec![], None, starter(), 10.0);
    s.run(&mut db, 10.0);
    let events = s.take_events();
    assert!(!events.contains(&Event::ForgetLegacy));
    assert!(notices(&events).iter().any(|n| n.contains("old copies are kept")));
}

#[test]
fn unsaved_work_rescued_at_close_is_stored_at_the_next_start() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    add_task(&mut s, 100.0);
    let rescue: Rescue = s.rescue().expect("unsaved work");
    // The page closed before the save ran.
    let text = serde_json::to_string(&rescue).unwrap();
    let mut t = Session::new("b");
    let mut back: Rescue = serde_json::from_str(&text).unwrap();
    back.key = "procmod.rescue.a".into();
    t.start(&db.scan(), &[], vec![back], Some(s.doc_id.clone()), starter(), 2.0);
    t.run(&mut db, 2.0);
    assert_eq!(t.editor.doc.nodes.len(), 1);
    let events = t.take_events();
    assert!(events.contains(&Event::ClearRescue("procmod.rescue.a".into())));
    assert!(notices(&events).iter().any(|n| n.contains("Recovered unsaved changes")));
}

#[test]
fn a_rescue_that_collides_with_a_later_save_is_kept_as_a_copy() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    add_task(&mut s, 100.0);
    let rescue = s.rescue().unwrap();
    // Another tab saved something else meanwhile.
    let mut other = open_tab(&mut db, "b", starter(), 1.5);
    other.dispatch(Action::AddLane { name: "QA".into() }).unwrap();
    other.run(&mut db, 1.5);
    let mut t = Session::new("c");
    t.start(&db.scan(), &[], vec![rescue.clone()], None, starter(), 2.0);
    t.run(&mut db, 2.0);
    assert_eq!(t.entries.len(), 2, "the rescued version is a document of its own");
    assert!(t.take_events().iter().any(|e| matches!(e, Event::ClearRescue(_))));
    // A rescue identical to what is stored is simply dropped.
    let mut u = Session::new("d");
    let same = Rescue { base: 0, ..Rescue { doc: io::save_compact(&stored(&db, &rescue.id)), ..rescue } };
    u.start(&db.scan(), &[], vec![same], None, starter(), 3.0);
    u.run(&mut db, 3.0);
    assert_eq!(u.entries.len(), 2);
}

#[test]
fn leaving_a_document_saves_it_first_even_when_its_save_collides() {
    let mut db = MemoryDb::default();
    let mut base = starter();
    base.nodes.push(Node::new("a", NodeType::Task, "A", 0.0, 0.0).into());
    let mut a = open_tab(&mut db, "a", base, 1.0);
    let mut b = open_tab(&mut db, "b", starter(), 1.0);
    let first = a.doc_id.clone();
    b.dispatch(Action::Rename { target: Target::Node("a".into()), text: "B's".into() }).unwrap();
    b.run(&mut db, 2.0);
    // A changes another field, then opens a new document before anything is saved.
    a.dispatch(Action::SetNode { id: "a".into(), field: NodeField::Work(7.0) }).unwrap();
    a.new_document(Document::new(Kind::Sipoc, "Next"), 3.0);
    a.run(&mut db, 3.0);
    assert_ne!(a.doc_id, first);
    let doc = stored(&db, &first);
    assert_eq!((doc.nodes[0].label.as_str(), doc.nodes[0].work), ("B's", 7.0), "merged in the background");
}

#[test]
fn a_document_deleted_in_another_tab_is_stored_again_when_changed_here() {
    let mut db = MemoryDb::default();
    let mut a = open_tab(&mut db, "a", starter(), 1.0);
    let mut b = open_tab(&mut db, "b", starter(), 1.0);
    let id = a.doc_id.clone();
    b.new_document(Document::new(Kind::Sipoc, "Other"), 2.0);
    settle(&mut db, &mut [&mut a, &mut b], 2.0);
    b.delete(&id, starter());
    settle(&mut db, &mut [&mut a, &mut b], 3.0);
    assert!(db.get(Table::Docs, &id).is_none());
    add_task(&mut a, 100.0);
    settle(&mut db, &mut [&mut a, &mut b], 4.0);
    assert_eq!(stored(&db, &id).nodes.len(), 1);
    assert!(b.entries.iter().any(|e| e.id == id), "the other tab lists it again");
}

#[test]
fn library_transactions_refuse_stale_revisions() {
    let mut db = MemoryDb::default();
    let doc = starter();
    let entry = Entry::of("d1", &doc, 1, 1.0);
    let json = io::save_compact(&doc);
    db.run(&Op::Save { id: "d1".into(), doc_json: json.clone(), entry: entry.clone(), base: 0 }).unwrap();
    let again = db.run(&Op::Save { id: "d1".into(), doc_json: json.clone(), entry: entry.clone(), base: 0 });
    assert_eq!(again, Err(LibraryError::Taken("d1".into())));
    let stale = db.run(&Op::Save { id: "d1".into(), doc_json: json.clone(), entry, base: 7 });
    assert_eq!(stale, Err(LibraryError::Conflict { id: "d1".into(), stored: 1, base: 7 }));
    assert!(db.run(&Op::Delete { id: "d1".into(), base: 3 }).is_err());
    assert_eq!(db.get(Table::Docs, "d1"), Some(&record(1, 1.0, &json)));
}

#[test]
fn file_names_keep_chinese_titles_and_stay_short() {
    assert_eq!(file_name("非库存 物料/采购"), "非库存-物料-采购.procmod.json");
    assert_eq!(file_name("  "), "process.procmod.json");
    let long = file_name(&"采购".repeat(100));
    assert_eq!(long.chars().count(), 80 + ".procmod.json".len());
}

#[test]
fn leaving_a_new_document_while_its_first_save_is_out_makes_no_copy() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    s.take_events();
    s.new_document(Document::new(Kind::Sipoc, "First"), 2.0);
    // Its first save goes out; before it comes back, another document is opened.
    let job = s.next_job(2.0).unwrap();
    s.new_document(Document::new(Kind::Vsm, "Second"), 3.0);
    let result = db.run(&job.op);
    s.finish(job, result, 3.0);
    s.run(&mut db, 3.0);
    let mut titles: Vec<_> = s.entries.iter().map(|e| e.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["First", "Second", "新流程"]);
    assert!(notices(&s.take_events()).is_empty());
}

#[test]
fn leaving_a_new_document_changed_while_its_first_save_is_out_keeps_the_change() {
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a", starter(), 1.0);
    s.new_document(Document::new(Kind::Swimlane, "First"), 2.0);
    let first = s.doc_id.clone();
    let job = s.next_job(2.0).unwrap();
    add_task(&mut s, 100.0);
    s.new_document(Document::new(Kind::Vsm, "Second"), 3.0);
    let result = db.run(&job.op);
    s.finish(job, result, 3.0);
    s.run(&mut db, 3.0);
    assert_eq!(s.entries.len(), 3, "no copy");
    assert_eq!(stored(&db, &first).nodes.len(), 1);
}

#[test]
fn a_bpmn_file_carries_the_diagrams_its_sub_processes_link_to_and_comes_back_as_linked_documents() {
    let mut db = MemoryDb::default();
    let mut parent = starter();
    parent.title = "采购 Purchasing".into();
    parent.nodes.push(Node::new("s", NodeType::Start, "", 40.0, 40.0).into());
    parent.nodes.push(Node::new("sub", NodeType::Subprocess, "审批 Approval", 140.0, 30.0).into());
    parent.nodes.push(Node::new("e", NodeType::End, "", 340.0, 40.0).into());
    parent.edges.push(procmod::model::Edge::new("f1", "s", "sub").into());
    parent.edges.push(procmod::model::Edge::new("f2", "sub", "e").into());
    let mut s = open_tab(&mut db, "a", parent, 1.0);
    let parent_id = s.doc_id.clone();
    // One level down: a task in the approval's own diagram.
    s.drill_down("sub", 2.0).unwrap();
    s.run(&mut db, 2.0);
    let child_id = s.doc_id.clone();
    let task = add_task(&mut s, 200.0);
    s.dispatch(Action::Rename { target: Target::Node(task.clone()), text: "经理审批 Manager approves".into() })
        .unwrap();
    s.run(&mut db, 3.0);
    s.open(&parent_id, 4.0);
    s.run(&mut db, 4.0);
    assert_eq!(s.doc_id, parent_id);
    s.take_events();
    // Exported: the library is read for the linked diagram, written inside the sub-process.
    s.export_bpmn(procmod::bpmn::SubProcesses::Expanded);
    s.run(&mut db, 5.0);
    let Some(Event::WriteBpmn { name, doc, linked, how }) =
        s.take_events().into_iter().find(|e| matches!(e, Event::WriteBpmn { .. }))
    else {
        panic!("a file is offered")
    };
    assert_eq!(how, procmod::bpmn::SubProcesses::Expanded);
    assert!(name.ends_with(".bpmn"), "{name}");
    // Written as the app writes it: through the exchange module's functions.
    let text = procmod::exchange::bpmn_export(
        &procmod::io::save(&doc),
        &procmod::exchange::linked(&linked),
        how == procmod::bpmn::SubProcesses::Expanded,
    )
    .unwrap();
    assert!(text.contains("经理审批 Manager approves"), "{text}");
    assert!(text.contains("isExpanded=\"true\""));
    // Imported into another library: the parent opens, the diagram one level down is stored
    // beside it and linked both ways by the new ids.
    let mut other = MemoryDb::default();
    let mut t = open_tab(&mut other, "b", starter(), 10.0);
    let sent = procmod::exchange::bpmn_import(&text, "purchasing").unwrap();
    t.open_bpmn(procmod::exchange::imported(&sent).unwrap(), 11.0);
    t.run(&mut other, 11.0);
    let doc = t.editor.doc.clone();
    assert_eq!(doc.title, "采购 Purchasing");
    let link = doc.node("sub").unwrap().link.clone().expect("linked");
    assert_ne!(link, child_id, "a new library id");
    let child = stored(&other, &link);
    assert_eq!(child.meta.parent, t.doc_id);
    assert_eq!(child.meta.parent_element, "sub");
    assert!(child.nodes.iter().any(|n| n.label == "经理审批 Manager approves"));
    // Drilling down opens it.
    t.drill_down("sub", 12.0).unwrap();
    t.run(&mut other, 12.0);
    assert_eq!(t.doc_id, link);
}
