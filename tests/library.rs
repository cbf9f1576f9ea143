//! Library transactions over the in-memory store: each reads, decides and writes all or
//! nothing, exactly as in IndexedDB.

use procmod::io;
use procmod::library::{read_record, Entry, LibraryError, MemoryDb, Op, Reply, Table};
use procmod::model::{Document, Kind};

fn add(db: &mut MemoryDb, id: &str, title: &str, now: f64) {
    let doc = Document::new(Kind::Swimlane, title);
    let op = Op::Save { id: id.into(), doc_json: io::save_compact(&doc), entry: Entry::of(id, &doc, 1, now), base: 0 };
    db.run(&op).unwrap();
}

fn title(db: &MemoryDb, id: &str) -> String {
    read_record(db.get(Table::Docs, id).unwrap()).unwrap().doc.title
}

#[test]
fn rename_duplicate_delete() {
    let mut db = MemoryDb::default();
    add(&mut db, "a", "采购流程", 1.0);
    let Reply::Saved(e) = db.run(&Op::Rename { id: "a".into(), title: " 非库存物料采购 ".into(), now: 2.0 }).unwrap()
    else {
        panic!()
    };
    assert_eq!((e.rev, e.title.as_str()), (2, "非库存物料采购"));
    assert_eq!(title(&db, "a"), "非库存物料采购");
    let copy = Op::Duplicate { id: "a".into(), new_id: "b".into(), suffix: "(copy)".into(), now: 3.0 };
    db.run(&copy).unwrap();
    assert_eq!(title(&db, "b"), "非库存物料采购 (copy)");
    assert_eq!(db.run(&copy), Err(LibraryError::Taken("b".into())));
    assert!(matches!(db.run(&Op::Delete { id: "a".into(), base: 1 }), Err(LibraryError::Conflict { .. })));
    db.run(&Op::Delete { id: "a".into(), base: 2 }).unwrap();
    assert_eq!(db.scan().doc_keys, ["b"]);
    assert_eq!(db.run(&Op::Load { id: "a".into(), now: 4.0 }), Err(LibraryError::Missing("a".into())));
}

#[test]
fn loading_rebuilds_a_damaged_entry_in_the_same_transaction() {
    let mut db = MemoryDb::default();
    add(&mut db, "a", "Hiring", 1.0);
    db.tables.get_mut(&Table::Entries).unwrap().insert("a".into(), "garbage".into());
    let Reply::Loaded(stored, entry) = db.run(&Op::Load { id: "a".into(), now: 2.0 }).unwrap() else { panic!() };
    assert_eq!((stored.doc.title.as_str(), entry.rev), ("Hiring", 1));
    let e: Entry = serde_json::from_str(db.get(Table::Entries, "a").unwrap()).unwrap();
    assert_eq!(e, entry);
}

#[test]
fn a_transaction_over_the_quota_writes_nothing() {
    let mut db = MemoryDb::default();
    add(&mut db, "a", "Hiring", 1.0);
    let before = db.tables.clone();
    db.quota = Some(10);
    let err = db.run(&Op::Rename { id: "a".into(), title: "New".into(), now: 2.0 }).unwrap_err();
    assert!(matches!(err, LibraryError::Store(ref e) if e.quota), "{err:?}");
    assert_eq!(db.tables, before);
}
