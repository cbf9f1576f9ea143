//! A working session: autosave, reload, two tabs, imports that fail, storage that fails.

use procmod::command::Target;
use procmod::editor::Action;
use procmod::library::MemoryStore;
use procmod::model::{Document, Kind, NodeType};
use procmod::session::{file_name, Resolution, SaveStatus, Session};

fn starter() -> Document {
    Document::new(Kind::Swimlane, "新流程")
}

#[test]
fn every_change_is_saved_and_comes_back_after_a_reload() {
    let mut s = Session::start(MemoryStore::default(), 1.0, starter);
    s.dispatch(Action::AddLane { name: "采购员".into() }).unwrap();
    s.dispatch(Action::AddShape { kind: NodeType::Task, at: (200.0, 80.0) }).unwrap();
    s.autosave(2.0);
    assert_eq!(s.status, SaveStatus::Saved);
    // Reload: a new session over the same storage.
    let s2 = Session::start(s.lib.store, 3.0, starter);
    assert_eq!(s2.editor.doc.nodes.len(), 1);
    assert_eq!(s2.editor.doc.lanes[0].name, "采购员");
}

#[test]
fn a_broken_import_changes_nothing() {
    let mut s = Session::start(MemoryStore::default(), 1.0, starter);
    s.dispatch(Action::AddShape { kind: NodeType::Task, at: (200.0, 80.0) }).unwrap();
    s.autosave(2.0);
    let before = (*s.editor.doc).clone();
    let listed = s.lib.list().unwrap().len();
    let err = s.import(
        r#"{"format":"procmod","version":1,"kind":"swimlane","nodes":[{"id":"a","type":"task","work":"x"}]}"#,
        3.0,
    );
    assert!(err.unwrap_err().to_string().contains("Node \"a\""));
    assert_eq!(*s.editor.doc, before);
    assert_eq!(s.lib.list().unwrap().len(), listed);
}

#[test]
fn a_good_import_opens_as_a_new_document() {
    let mut s = Session::start(MemoryStore::default(), 1.0, starter);
    let (_, text) = {
        let mut other = Session::start(MemoryStore::default(), 1.0, starter);
        other.dispatch(Action::AddShape { kind: NodeType::Decision, at: (100.0, 100.0) }).unwrap();
        other.export()
    };
    s.import(&text, 2.0).unwrap();
    assert_eq!(s.lib.list().unwrap().len(), 2);
    assert_eq!(s.editor.doc.nodes[0].kind, NodeType::Decision);
}

#[test]
fn two_tabs_on_one_document_collide_visibly_and_the_user_chooses() {
    let mut a = Session::start(MemoryStore::default(), 1.0, starter);
    a.autosave(1.0);
    let mut b = Session::start(a.lib.store.clone(), 1.0, starter);
    // A edits and saves.
    a.dispatch(Action::AddShape { kind: NodeType::Task, at: (100.0, 100.0) }).unwrap();
    a.autosave(2.0);
    // B, sharing the storage, edits too.
    b.lib.store = a.lib.store.clone();
    assert!(b.dispatch(Action::Rename { target: Target::Node("x".into()), text: "".into() }).is_err());
    b.dispatch(Action::AddShape { kind: NodeType::End, at: (300.0, 100.0) }).unwrap();
    b.autosave(3.0);
    assert!(matches!(b.status, SaveStatus::Conflict { .. }), "{:?}", b.status);
    assert_eq!(b.lib.load(&b.doc_id).unwrap().0.nodes[0].kind, NodeType::Task, "A's work is intact");
    b.resolve(Resolution::SaveCopy, 4.0, "(copy)");
    assert_eq!(b.status, SaveStatus::Saved);
    assert_eq!(b.lib.list().unwrap().len(), 2);
}

#[test]
fn a_clean_tab_follows_the_other_tabs_save() {
    let mut a = Session::start(MemoryStore::default(), 1.0, starter);
    let mut b = Session::start(a.lib.store.clone(), 1.0, starter);
    assert!(a.dispatch(Action::Rename { target: Target::Lane("none".into()), text: "".into() }).is_err());
    a.dispatch(Action::AddShape { kind: NodeType::Task, at: (100.0, 100.0) }).unwrap();
    a.autosave(2.0);
    b.lib.store = a.lib.store.clone();
    b.external_change();
    assert_eq!(b.status, SaveStatus::Saved);
    assert_eq!(b.editor.doc.nodes.len(), 1);
}

#[test]
fn a_full_storage_is_reported_and_the_document_stays_open() {
    let mut s = Session::start(MemoryStore { quota: Some(2000), ..Default::default() }, 1.0, starter);
    for i in 0..30 {
        s.dispatch(Action::AddShape { kind: NodeType::Task, at: (100.0 * i as f64, 100.0) }).unwrap();
    }
    s.autosave(2.0);
    assert!(matches!(s.status, SaveStatus::Failed(_)));
    assert_eq!(s.editor.doc.nodes.len(), 30);
}

#[test]
fn file_names_keep_chinese_titles() {
    assert_eq!(file_name("非库存 物料/采购"), "非库存-物料-采购.procmod.json");
    assert_eq!(file_name("  "), "process.procmod.json");
}
