//! The local document library over an in-memory store.

use procmod::library::{Library, LibraryError, MemoryStore};
use procmod::model::{Document, Kind};

fn doc(title: &str) -> Document {
    Document::new(Kind::Swimlane, title)
}

#[test]
fn create_list_load_rename_duplicate_delete() {
    let mut lib = Library::new(MemoryStore::default());
    let a = lib.create(&doc("采购流程"), 1.0).unwrap();
    let b = lib.create(&doc("Hiring"), 2.0).unwrap();
    assert_eq!(lib.list().unwrap().iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Hiring", "采购流程"]);
    lib.rename(&a.id, "非库存物料采购", 3.0).unwrap();
    assert_eq!(lib.load(&a.id).unwrap().0.title, "非库存物料采购");
    let c = lib.duplicate(&b.id, "(copy)", 4.0).unwrap();
    assert_eq!(c.title, "Hiring (copy)");
    assert_ne!(c.id, b.id);
    lib.delete(&b.id).unwrap();
    assert_eq!(lib.list().unwrap().len(), 2);
    assert_eq!(lib.load(&b.id), Err(LibraryError::Missing(b.id.clone())));
}

#[test]
fn a_second_tab_cannot_silently_overwrite_the_first() {
    let mut lib = Library::new(MemoryStore::default());
    let e = lib.create(&doc("v1"), 1.0).unwrap();
    let (_, base) = lib.load(&e.id).unwrap();
    // Tab A saves first.
    let rev_a = lib.save(&e.id, &doc("from A"), base, 2.0, false).unwrap();
    // Tab B still holds `base`.
    let err = lib.save(&e.id, &doc("from B"), base, 3.0, false).unwrap_err();
    assert_eq!(err, LibraryError::Conflict { id: e.id.clone(), stored: rev_a, base });
    assert_eq!(lib.load(&e.id).unwrap().0.title, "from A", "nothing was overwritten");
    // B chooses to keep its version.
    lib.save(&e.id, &doc("from B"), base, 4.0, true).unwrap();
    assert_eq!(lib.load(&e.id).unwrap().0.title, "from B");
}

#[test]
fn a_full_store_reports_the_failure_and_keeps_the_last_saved_copy() {
    let mut lib = Library::new(MemoryStore { quota: Some(600), ..Default::default() });
    let e = lib.create(&doc("small"), 1.0).unwrap();
    let mut big = doc("big");
    big.title = "x".repeat(2000);
    let err = lib.save(&e.id, &big, e.rev, 2.0, false).unwrap_err();
    assert!(matches!(err, LibraryError::Store(_)), "{err:?}");
    assert_eq!(lib.load(&e.id).unwrap().0.title, "small");
}

#[test]
fn a_damaged_stored_document_is_reported_not_panicked_on() {
    let mut store = MemoryStore::default();
    store.map.insert("procmod.doc.doc1".into(), "{not json".into());
    let lib = Library::new(store);
    assert!(matches!(lib.load("doc1"), Err(LibraryError::Corrupt { .. })));
}
