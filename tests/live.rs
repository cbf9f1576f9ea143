//! Live co-editing in the core: documents into the shared Y.Doc and back, and participants
//! (whole sessions, each over its own library) exchanging the Yjs protocol's messages by hand:
//! concurrent edits converge, undo takes back only one's own edits, edits made offline merge on
//! reconnecting, and what a hostile participant writes never reaches the open document.

mod generate;
mod support;

use generate::{intent, resolve, Intent};
use procmod::editor::{Action, NodeField};
use procmod::i18n::Lang;
use procmod::library::MemoryDb;
use procmod::live::port::{Calls, Host};
use procmod::live::schema::{self, List, Roots};
use procmod::live::{delta, read_state, Presence, Replica, User};
use procmod::message::{Arg, Message};
use procmod::model::{Document, Kind, NodeType};
use procmod::session::{Event, Room, Session};
use procmod::{io, templates};
use proptest::prelude::*;
use support::{open_tab, settle};
use yrs::{Map as _, MapPrelim, ReadTxn, Transact};

fn clock() -> u64 {
    1_000
}

fn fixtures() -> Vec<Document> {
    let mut docs: Vec<Document> = ["purchasing", "acme-stamping", "dumas-decision", "dumas-parallel", "rework-loop"]
        .iter()
        .map(|name| io::load(&std::fs::read_to_string(format!("tests/fixtures/{name}.json")).unwrap()).unwrap())
        .collect();
    for t in templates::ALL.iter() {
        for lang in [Lang::En, Lang::Zh] {
            docs.push(t.document(lang).unwrap());
        }
    }
    docs
}

/// The codes of a message and of the messages inside it.
fn codes(m: &Message) -> Vec<&'static str> {
    let mut out = vec![m.code];
    for a in &m.args {
        if let Arg::Msg(inner) = a {
            out.extend(codes(inner));
        }
    }
    out
}

fn room() -> Room {
    Room { server: "ws://127.0.0.1:1234".into(), name: "r".into() }
}

/// One participant: a session over a library of its own.
struct Participant {
    db: MemoryDb,
    s: Session,
    online: bool,
}

impl Participant {
    fn sharing(doc: Document, client: u64) -> Self {
        Self::sharing_through(doc, Box::new(Host::new(client, clock)))
    }
    fn sharing_through(doc: Document, replica: Box<dyn Calls>) -> Self {
        let mut db = MemoryDb::default();
        let mut s = open_tab(&mut db, "a", doc, 0.0);
        s.share_live(room(), replica).unwrap();
        Participant { db, s, online: true }
    }
    fn joining(client: u64) -> Self {
        let mut db = MemoryDb::default();
        let mut s = open_tab(&mut db, "b", Document::new(Kind::Swimlane, "mine"), 0.0);
        s.join_live(room(), Box::new(Host::new(client, clock)), None, None, 0.0).unwrap();
        Participant { db, s, online: true }
    }
    fn doc(&self) -> &Document {
        &self.s.editor.doc
    }
    fn out(&mut self) -> Vec<Vec<u8>> {
        self.s.live.as_mut().unwrap().replica.outgoing()
    }
    fn hello(&mut self) -> Vec<Vec<u8>> {
        self.s.live.as_mut().unwrap().replica.hello()
    }
    fn act(&mut self, action: Action) {
        let _ = self.s.dispatch(action);
        self.s.editor.doc.check_invariants().unwrap();
        settle(&mut self.db, &mut [&mut self.s], 1.0);
    }
}

/// Delivers frames both ways until neither has anything to say (two participants connected
/// directly, as a relaying server connects them).
fn pump(a: &mut Participant, b: &mut Participant) {
    for _ in 0..50 {
        let (from_a, from_b) = (a.out(), b.out());
        if from_a.is_empty() && from_b.is_empty() {
            return;
        }
        for f in from_a {
            b.s.live_frame(&f);
        }
        for f in from_b {
            a.s.live_frame(&f);
        }
        for p in [&*a, &*b] {
            p.s.editor.doc.check_invariants().unwrap();
            assert_eq!(p.s.live.as_ref().unwrap().replica.document(), p.doc(), "the replica's copy keeps step");
        }
    }
    panic!("the exchange does not settle");
}

/// Both (re)connect: each says hello, then they talk until quiet.
fn connect(a: &mut Participant, b: &mut Participant) {
    for p in [&mut *a, &mut *b] {
        p.online = true;
        p.s.live.as_mut().unwrap().replica.disconnected();
    }
    let (ha, hb) = (a.hello(), b.hello());
    for f in ha {
        b.s.live_frame(&f);
    }
    for f in hb {
        a.s.live_frame(&f);
    }
    pump(a, b);
}

fn pair(doc: Document) -> (Participant, Participant) {
    let mut a = Participant::sharing(doc, 11);
    let mut b = Participant::joining(22);
    connect(&mut a, &mut b);
    (a, b)
}

fn same(a: &Participant, b: &Participant) {
    assert_eq!(io::save(a.doc()), io::save(b.doc()), "both participants have the same document");
}

#[test]
fn every_fixture_and_template_goes_into_the_shared_document_and_back_unchanged() {
    for doc in fixtures() {
        let mut r = Replica::new(5, clock);
        r.seed(&doc);
        let (back, rejected) = read_state(&r.state()).unwrap();
        assert!(rejected.is_empty(), "{}: {rejected:?}", doc.title);
        assert_eq!(back, doc, "{}", doc.title);
        // And through the protocol, into a participant who joins.
        let (a, b) = pair(doc.clone());
        assert_eq!(*b.doc(), doc, "{}", doc.title);
        assert_eq!(*a.doc(), doc);
    }
}

#[test]
fn the_shared_document_is_laid_out_as_the_readme_says() {
    let doc = io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap();
    let mut r = Replica::new(5, clock);
    r.seed(&doc);
    // Read through plain yrs, as another client would.
    let y = yrs::Doc::new();
    y.transact_mut().apply_update(yrs::Update::decode_v1_ok(&r.state())).unwrap();
    let roots = Roots::of(&y);
    let txn = y.transact();
    let header = schema::read_fields(&txn, &roots.doc);
    assert_eq!(header["format"], "procmod");
    assert_eq!(header["kind"], "swimlane");
    assert_eq!(header["title"], doc.title.as_str());
    let first = &doc.nodes[0];
    let Some(yrs::Out::YMap(entry)) = roots.nodes.get(&txn, &first.id) else { panic!("a node entry is a map") };
    let fields = schema::read_fields(&txn, &entry);
    assert_eq!(fields["id"], first.id.as_str());
    assert_eq!(fields["type"], serde_json::to_value(first.kind).unwrap());
    assert_eq!(fields["order"], 1.0);
    assert_eq!(roots.lanes.len(&txn) as usize, doc.lanes.len());
    assert_eq!(roots.edges.len(&txn) as usize, doc.edges.len());
}

/// `Update::decode_v1` without the trait in scope at every call.
trait DecodeOk {
    fn decode_v1_ok(bytes: &[u8]) -> Self;
}
impl DecodeOk for yrs::Update {
    fn decode_v1_ok(bytes: &[u8]) -> Self {
        use yrs::updates::decoder::Decode;
        yrs::Update::decode_v1(bytes).unwrap()
    }
}

fn purchasing() -> Document {
    io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap()
}

#[test]
fn two_people_edit_different_fields_of_one_step_and_both_changes_stay() {
    let (mut a, mut b) = pair(purchasing());
    let id = a.doc().nodes.iter().find(|n| n.kind == NodeType::Task).unwrap().id.clone();
    a.act(Action::Rename { target: procmod::command::Target::Node(id.clone()), text: "Check the quote".into() });
    b.act(Action::SetNode { id: id.clone(), field: NodeField::Work(42.0) });
    pump(&mut a, &mut b);
    same(&a, &b);
    let n = a.doc().node(&id).unwrap();
    assert_eq!((n.label.as_str(), n.work), ("Check the quote", 42.0));
}

#[test]
fn shapes_added_at_once_by_two_people_get_different_ids() {
    let (mut a, mut b) = pair(purchasing());
    let before = a.doc().nodes.len();
    a.act(Action::AddShape { kind: NodeType::Task, at: (300.0, 200.0) });
    b.act(Action::AddShape { kind: NodeType::Task, at: (500.0, 200.0) });
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(a.doc().nodes.len(), before + 2);
}

#[test]
fn undo_takes_back_only_ones_own_edit() {
    let (mut a, mut b) = pair(purchasing());
    let tasks: Vec<String> =
        a.doc().nodes.iter().filter(|n| n.kind == NodeType::Task).map(|n| n.id.clone()).take(2).collect();
    let old = a.doc().node(&tasks[0]).unwrap().label.clone();
    a.act(Action::Rename { target: procmod::command::Target::Node(tasks[0].clone()), text: "Mine".into() });
    pump(&mut a, &mut b);
    b.act(Action::SetNode { id: tasks[1].clone(), field: NodeField::Work(7.5) });
    pump(&mut a, &mut b);
    assert!(a.s.can_undo());
    a.act(Action::Undo);
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(b.doc().node(&tasks[0]).unwrap().label, old, "A's rename is undone everywhere");
    assert_eq!(a.doc().node(&tasks[1]).unwrap().work, 7.5, "B's edit stays");
    a.act(Action::Redo);
    pump(&mut a, &mut b);
    assert_eq!(b.doc().node(&tasks[0]).unwrap().label, "Mine");
    // B has nothing of A's to undo.
    b.act(Action::Undo);
    pump(&mut a, &mut b);
    assert_eq!(a.doc().node(&tasks[0]).unwrap().label, "Mine");
    assert_ne!(a.doc().node(&tasks[1]).unwrap().work, 7.5);
}

#[test]
fn a_connector_to_a_shape_deleted_meanwhile_is_kept_out_and_comes_back_with_it() {
    let (mut a, mut b) = pair(purchasing());
    let tasks: Vec<String> =
        a.doc().nodes.iter().filter(|n| n.kind == NodeType::Task).map(|n| n.id.clone()).take(2).collect();
    // Offline from each other: A deletes a step while B connects to it.
    a.act(Action::Select(vec![tasks[0].clone()]));
    a.act(Action::Delete);
    b.act(Action::Connect { from: tasks[1].clone(), to: tasks[0].clone() });
    let _ = (a.out(), b.out());
    connect(&mut a, &mut b);
    same(&a, &b);
    assert!(a.doc().node(&tasks[0]).is_none());
    let events = b.s.take_events();
    assert!(
        events.iter().any(|e| matches!(e, Event::Notice { title, error: true, .. } if title.code == "live.kept_out")),
        "B is told its connector was kept out: {events:?}"
    );
    let held = b.s.live.as_ref().unwrap().replica.held_out();
    assert!(held.iter().any(|m| codes(m).contains(&"el.edge")), "{held:?}");
    // A undoes the delete: the step and, with it, B's connector are back for both.
    a.act(Action::Undo);
    pump(&mut a, &mut b);
    same(&a, &b);
    assert!(a.doc().node(&tasks[0]).is_some());
    assert!(a.doc().edges.iter().any(|e| e.from == tasks[1] && e.to == tasks[0]));
}

#[test]
fn lanes_moved_at_once_by_two_people_end_in_one_order() {
    let (mut a, mut b) = pair(purchasing());
    let lanes: Vec<String> = a.doc().lanes.iter().map(|l| l.id.clone()).collect();
    assert!(lanes.len() >= 3);
    a.act(Action::MoveLane { id: lanes[0].clone(), to: lanes.len() - 1 });
    b.act(Action::MoveLane { id: lanes[lanes.len() - 1].clone(), to: 0 });
    let _ = (a.out(), b.out());
    connect(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(a.doc().lanes.len(), lanes.len());
}

#[test]
fn edits_made_offline_merge_on_reconnecting() {
    let (mut a, mut b) = pair(purchasing());
    let tasks: Vec<String> = a.doc().nodes.iter().filter(|n| n.kind == NodeType::Task).map(|n| n.id.clone()).collect();
    a.online = false;
    a.act(Action::SetNode { id: tasks[0].clone(), field: NodeField::Work(3.0) });
    a.act(Action::AddShape { kind: NodeType::Task, at: (700.0, 300.0) });
    b.act(Action::SetNode { id: tasks[1].clone(), field: NodeField::Wait(9.0) });
    // Nothing reaches anyone while A is offline.
    let _ = (a.out(), b.out());
    assert_ne!(io::save(a.doc()), io::save(b.doc()));
    connect(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(b.doc().node(&tasks[0]).unwrap().work, 3.0);
    assert_eq!(a.doc().node(&tasks[1]).unwrap().wait, 9.0);
}

#[test]
fn a_state_kept_from_an_earlier_visit_brings_back_offline_edits() {
    let (mut a, mut b) = pair(purchasing());
    let task = a.doc().nodes.iter().find(|n| n.kind == NodeType::Task).unwrap().id.clone();
    // A edits offline, keeps its state, and the page is closed.
    a.act(Action::SetNode { id: task.clone(), field: NodeField::Work(12.0) });
    let kept = a.s.live.as_ref().unwrap().replica.state();
    let _ = a.out();
    // A comes back with a new session, from the kept state, and reconnects.
    let mut db = MemoryDb::default();
    let mut s = open_tab(&mut db, "a2", Document::new(Kind::Swimlane, ""), 0.0);
    s.join_live(room(), Box::new(Host::new(33, clock)), Some(&kept), None, 0.0).unwrap();
    assert_eq!(s.editor.doc.node(&task).unwrap().work, 12.0, "the kept state opens at once");
    let mut a2 = Participant { db, s, online: true };
    connect(&mut a2, &mut b);
    same(&a2, &b);
    assert_eq!(b.doc().node(&task).unwrap().work, 12.0);
}

#[test]
fn a_local_copy_is_taken_over_only_with_its_kept_state() {
    let (mut a, _b) = pair(purchasing());
    settle(&mut a.db, &mut [&mut a.s], 1.0);
    let id = a.s.doc_id.clone();
    let kept = a.s.live.as_ref().unwrap().replica.state();
    // Without the kept state, joining again makes a new copy: the stored one is never
    // replaced by the empty document that waits for the room.
    let mut s = open_tab(&mut a.db, "again", Document::new(Kind::Swimlane, ""), 2.0);
    s.join_live(room(), Box::new(Host::new(44, clock)), None, Some(&id), 2.0).unwrap();
    assert_ne!(s.doc_id, id);
    settle(&mut a.db, &mut [&mut s], 2.0);
    let stored = a.db.run(&procmod::library::Op::Load { id: id.clone(), now: 2.0 });
    assert!(format!("{stored:?}").contains("Compare quotes"), "the copy from before is intact");
    // With it, the same copy opens with the room's content at once.
    let mut s = open_tab(&mut a.db, "again2", Document::new(Kind::Swimlane, ""), 3.0);
    s.join_live(room(), Box::new(Host::new(45, clock)), Some(&kept), Some(&id), 3.0).unwrap();
    assert_eq!(s.doc_id, id);
    assert_eq!(io::save(&s.editor.doc), io::save(&purchasing()));
}

#[test]
fn what_a_hostile_participant_writes_is_kept_out_and_reported() {
    let (mut a, mut b) = pair(purchasing());
    let good = a.doc().clone();
    // A third client writes entries the format refuses, straight into the Y.Doc.
    let mut evil = Replica::new(99, clock);
    evil.restore(&a.s.live.as_ref().unwrap().replica.state()).unwrap();
    let y = yrs::Doc::with_client_id(77);
    y.transact_mut().apply_update(yrs::Update::decode_v1_ok(&evil.state())).unwrap();
    let roots = Roots::of(&y);
    let before = y.transact().state_vector();
    {
        let mut txn = y.transact_mut();
        let bad_id = MapPrelim::from([("id", yrs::Any::from("other")), ("type", yrs::Any::from("task"))]);
        roots.nodes.insert(&mut txn, "x1", bad_id);
        let negative = MapPrelim::from([
            ("id", yrs::Any::from("x2")),
            ("type", yrs::Any::from("task")),
            ("x", yrs::Any::from(10.0)),
            ("y", yrs::Any::from(10.0)),
            ("work", yrs::Any::from(-5.0)),
        ]);
        roots.nodes.insert(&mut txn, "x2", negative);
        let dangling = MapPrelim::from([
            ("id", yrs::Any::from("x3")),
            ("from", yrs::Any::from("nowhere")),
            ("to", yrs::Any::from(good.nodes[0].id.as_str())),
        ]);
        roots.edges.insert(&mut txn, "x3", dangling);
        roots.lanes.insert(&mut txn, "x4", yrs::Any::from("not a map"));
    }
    let update = y.transact().encode_state_as_update_v1(&before);
    let frame = yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(update));
    use yrs::updates::encoder::Encode;
    b.s.live_frame(&frame.encode_v1());
    assert_eq!(*b.doc(), good, "nothing of it reaches the document");
    b.s.editor.doc.check_invariants().unwrap();
    let held = b.s.live.as_ref().unwrap().replica.held_out();
    assert_eq!(held.len(), 4, "{held:?}");
    assert!(held.iter().any(|m| codes(m).contains(&"live.id_mismatch")), "{held:?}");
    assert!(held.iter().any(|m| codes(m).contains(&"live.not_entry")), "{held:?}");
    let text: Vec<String> =
        b.s.take_events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Notice { title, detail, .. } => Some(
                    std::iter::once(title).chain(detail).map(|m| m.render(Lang::En)).collect::<Vec<_>>().join("\n"),
                ),
                _ => None,
            })
            .collect();
    let text = text.join("\n");
    assert!(text.contains("4 change(s) from the live room were kept out"), "{text}");
    assert!(text.contains("work"), "the negative time is named: {text}");
    // A frame that is not the protocol at all changes nothing and is reported.
    b.s.live_frame(&[0xff, 0xff, 0xff]);
    assert_eq!(*b.doc(), good);
    assert!(b.s.take_events().iter().any(|e| matches!(e, Event::Notice { error: true, .. })));
    let _ = (a.out(), List::Nodes);
}

#[test]
fn presence_travels_and_is_forgotten_when_the_connection_goes() {
    let (mut a, mut b) = pair(purchasing());
    let me = Presence {
        user: User { name: "Li Wei".into(), color: "#e4572e".into() },
        pointer: Some([120.0, 80.0]),
        selection: vec!["t1".into()],
        typing: Some("t1".into()),
    };
    a.s.live.as_mut().unwrap().replica.set_presence(&me);
    pump(&mut a, &mut b);
    let peers = b.s.live.as_ref().unwrap().replica.peers();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].presence, me);
    assert_eq!(peers[0].client, 11);
    b.s.live.as_mut().unwrap().replica.disconnected();
    assert!(b.s.live.as_ref().unwrap().replica.peers().is_empty());
}

// ----- random concurrent edits -------------------------------------------------------------

#[derive(Clone, Debug)]
enum Turn {
    /// Participant 0 or 1 does something.
    Act(bool, Intent),
    /// What both have sent is delivered.
    Deliver,
    /// One drops off (what it sends is lost until it reconnects).
    Drop(bool),
    /// Both reconnect.
    Reconnect,
}

fn turn() -> impl Strategy<Value = Turn> {
    prop_oneof![
        8 => (proptest::bool::ANY, intent()).prop_map(|(who, i)| Turn::Act(who, i)),
        3 => Just(Turn::Deliver),
        1 => proptest::bool::ANY.prop_map(Turn::Drop),
        1 => Just(Turn::Reconnect),
    ]
}

fn play(start: Document, turns: &[Turn]) {
    let (mut a, mut b) = pair(start);
    let mut seen = [a.doc().clone(), b.doc().clone()];
    for t in turns {
        match t {
            Turn::Act(who, intent) => {
                let p = if *who { &mut b } else { &mut a };
                let action = resolve(p.doc(), intent);
                p.act(action);
            }
            Turn::Deliver => {
                let (from_a, from_b) = (a.out(), b.out());
                if a.online && b.online {
                    for f in from_a {
                        b.s.live_frame(&f);
                    }
                    for f in from_b {
                        a.s.live_frame(&f);
                    }
                }
            }
            Turn::Drop(who) => {
                let p = if *who { &mut b } else { &mut a };
                p.online = false;
                p.s.live.as_mut().unwrap().replica.disconnected();
            }
            Turn::Reconnect => connect(&mut a, &mut b),
        }
        for (p, before) in [&a, &b].into_iter().zip(seen.iter_mut()) {
            p.s.editor.doc.check_invariants().unwrap();
            // Every step, local or the room's, is rebuilt exactly from what it changed.
            let now = &*p.s.editor.doc;
            let delta = delta::diff(before, now);
            let sent: delta::Delta = serde_json::from_str(&serde_json::to_string(&delta).unwrap()).unwrap();
            assert_eq!(sent, delta);
            assert_eq!(&delta::apply(before, &sent).unwrap(), now);
            *before = now.clone();
        }
    }
    connect(&mut a, &mut b);
    same(&a, &b);
    // What each has open is exactly the shared document read whole.
    for p in [&a, &b] {
        let (whole, _) = read_state(&p.s.live.as_ref().unwrap().replica.state()).unwrap();
        assert_eq!(io::save(&whole), io::save(p.doc()));
    }
}

fn cases() -> u32 {
    std::env::var("PROCMOD_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_concurrent_edits_converge(
        which in 0usize..100,
        turns in proptest::collection::vec(turn(), 1..40),
    ) {
        let docs = fixtures();
        play(docs[which % docs.len()].clone(), &turns);
    }
}

#[test]
fn a_step_crosses_as_what_it_changed() {
    let docs = fixtures();
    // Any document into any other, header and all.
    for a in &docs {
        for b in &docs {
            assert_eq!(&delta::apply(a, &delta::diff(a, b)).unwrap(), b);
        }
    }
    let doc = purchasing();
    assert!(delta::diff(&doc, &doc).is_empty());
    // One shape moved: that shape alone, no order.
    let mut moved = doc.clone();
    moved.nodes[3].x += 40.0;
    let d = delta::diff(&doc, &moved);
    assert_eq!(d.nodes.set.len(), 1);
    assert!(d.header.is_none() && d.lanes.is_empty() && d.edges.is_empty() && d.nodes.order.is_none());
    assert!(serde_json::to_string(&d).unwrap().len() < 400);
    // One removed from the middle and one added at the end: still no order.
    let mut changed = doc.clone();
    let gone = changed.nodes.remove(2).id.clone();
    let mut added = (*changed.nodes[0]).clone();
    added.id = "new".into();
    changed.nodes.push(added.into());
    let d = delta::diff(&doc, &changed);
    assert_eq!((d.nodes.removed.clone(), d.nodes.set.len(), d.nodes.order.is_none()), (vec![gone], 1, true));
    assert_eq!(delta::apply(&doc, &d).unwrap(), changed);
    // Brought to the front: the order, and nothing else.
    let mut front = doc.clone();
    let first = front.nodes.remove(0);
    front.nodes.push(first);
    let d = delta::diff(&doc, &front);
    assert!(d.nodes.set.is_empty() && d.nodes.order.is_some());
    assert_eq!(delta::apply(&doc, &d).unwrap(), front);
    // An order that does not name what is there is refused.
    let mut bad = d.clone();
    bad.nodes.order.as_mut().unwrap().push("nowhere".into());
    assert!(delta::apply(&doc, &bad).is_err());
    bad.nodes.order.as_mut().unwrap().truncate(1);
    assert!(delta::apply(&doc, &bad).is_err());
}

/// A replica that refuses the next `refuse` steps it is sent, as a module that cannot read them
/// would; everything else goes to the real one.
struct Refusing {
    host: Host,
    refuse: std::rc::Rc<std::cell::Cell<u32>>,
}

impl Calls for Refusing {
    fn seed(&mut self, doc: &str) -> Result<(), String> {
        self.host.seed(doc)
    }
    fn base(&mut self, doc: &str) -> Result<(), String> {
        self.host.base(doc)
    }
    fn record(&mut self, delta: &str) -> Result<(), String> {
        if self.refuse.get() > 0 {
            self.refuse.set(self.refuse.get() - 1);
            return Err("the step does not read".into());
        }
        self.host.record(delta)
    }
    fn undo(&mut self) -> bool {
        self.host.undo()
    }
    fn redo(&mut self) -> bool {
        self.host.redo()
    }
    fn can_undo(&self) -> bool {
        self.host.can_undo()
    }
    fn can_redo(&self) -> bool {
        self.host.can_redo()
    }
    fn hello(&mut self) -> Vec<Vec<u8>> {
        self.host.hello()
    }
    fn disconnected(&mut self) {
        self.host.disconnected()
    }
    fn outgoing(&mut self) -> Vec<Vec<u8>> {
        self.host.outgoing()
    }
    fn receive(&mut self, frame: &[u8]) -> Result<String, String> {
        self.host.receive(frame)
    }
    fn set_presence(&mut self, presence: &str) {
        self.host.set_presence(presence)
    }
    fn renew_presence(&mut self) {
        self.host.renew_presence()
    }
    fn peers(&self) -> String {
        self.host.peers()
    }
    fn state(&self) -> Vec<u8> {
        self.host.state()
    }
    fn restore(&mut self, state: &[u8]) -> Result<(), String> {
        self.host.restore(state)
    }
    fn held_out(&self) -> String {
        self.host.held_out()
    }
    fn patch(&mut self) -> Option<String> {
        self.host.patch()
    }
    fn document(&self) -> Result<String, String> {
        self.host.document()
    }
    fn client(&self) -> u64 {
        self.host.client()
    }
    fn tag(&self) -> String {
        self.host.tag()
    }
}

#[test]
fn a_step_the_replica_refuses_is_said_and_the_next_one_brings_the_room_up_to_date() {
    let refuse = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut a = Participant::sharing_through(
        purchasing(),
        Box::new(Refusing { host: Host::new(11, clock), refuse: refuse.clone() }),
    );
    let mut b = Participant::joining(22);
    connect(&mut a, &mut b);
    same(&a, &b);
    let tasks: Vec<String> = a.doc().nodes.iter().filter(|n| n.kind == NodeType::Task).map(|n| n.id.clone()).collect();
    refuse.set(1);
    let _ = a.s.dispatch(Action::SetNode { id: tasks[0].clone(), field: NodeField::Work(7.0) });
    let events = a.s.take_events();
    assert!(
        events.iter().any(|e| matches!(e, Event::Notice { title, error: true, .. } if title.code == "live.not_sent")),
        "the user is told: {events:?}"
    );
    assert_eq!(a.doc().node(&tasks[0]).unwrap().work, 7.0, "the edit stays in the open document");
    pump(&mut a, &mut b);
    assert_ne!(b.doc().node(&tasks[0]).unwrap().work, 7.0, "the refused step did not reach the room");
    // The room changes meanwhile: the refused edit is offered again before the change is read,
    // and both end up everywhere.
    b.act(Action::SetNode { id: tasks[2].clone(), field: NodeField::Wait(3.0) });
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(b.doc().node(&tasks[0]).unwrap().work, 7.0);
    assert_eq!(a.doc().node(&tasks[2]).unwrap().wait, 3.0);
    // Refused again: the next edit crosses with everything since the last step the replica took.
    refuse.set(1);
    let _ = a.s.dispatch(Action::SetNode { id: tasks[0].clone(), field: NodeField::Work(8.0) });
    a.act(Action::SetNode { id: tasks[1].clone(), field: NodeField::Wait(5.0) });
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(b.doc().node(&tasks[0]).unwrap().work, 8.0);
    assert_eq!(b.doc().node(&tasks[1]).unwrap().wait, 5.0);
}

#[test]
fn renaming_the_shared_document_reaches_the_room_as_a_step_of_its_own() {
    let (mut a, mut b) = pair(purchasing());
    let id = a.s.doc_id.clone();
    a.s.rename(&id, "Purchasing, shared", 1.0);
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_eq!(b.doc().title, "Purchasing, shared");
    // Undo takes back the rename alone.
    a.act(Action::Undo);
    pump(&mut a, &mut b);
    same(&a, &b);
    assert_ne!(b.doc().title, "Purchasing, shared");
}
