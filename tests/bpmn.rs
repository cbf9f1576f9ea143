//! A swimlane as BPMN 2.0 XML with its diagram: well formed, every reference resolves, every
//! flow node drawn, the connectors' routes as waypoints, Procmod's own fields kept in its
//! namespace; other kinds refused.

use procmod::model::{Document, Kind};
use std::collections::HashSet;

const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const DI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";

fn swimlanes() -> Vec<(String, Document)> {
    let mut docs: Vec<(String, Document)> = ["purchasing", "rework-loop", "dumas-decision", "dumas-parallel"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(format!("tests/fixtures/{f}.json")).unwrap();
            (f.to_string(), procmod::io::load(&text).unwrap())
        })
        .filter(|(_, d)| d.kind == Kind::Swimlane)
        .collect();
    for t in procmod::templates::ALL.iter().filter(|t| t.kind == Kind::Swimlane) {
        for lang in [procmod::i18n::Lang::En, procmod::i18n::Lang::Zh] {
            docs.push((format!("{} {lang:?}", t.id), t.document(lang).unwrap()));
        }
    }
    docs
}

#[test]
fn every_swimlane_exports_as_bpmn_whose_references_all_resolve() {
    for (name, doc) in swimlanes() {
        let xml = procmod::bpmn::export(&doc).unwrap();
        let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let of =
            |ns: &str, tag: &str| tree.descendants().filter(move |n| n.has_tag_name((ns, tag))).collect::<Vec<_>>();
        let ids: HashSet<&str> = tree.descendants().filter_map(|n| n.attribute("id")).collect();
        let process = of(BPMN, "process");
        assert_eq!(process.len(), 1, "{name}");
        // Flow nodes: one per shape that is not a document shape, each drawn.
        let flow_nodes: Vec<&str> = process[0]
            .children()
            .filter(|n| {
                n.is_element()
                    && ["startEvent", "endEvent", "task", "exclusiveGateway", "parallelGateway", "subProcess"]
                        .contains(&n.tag_name().name())
            })
            .filter_map(|n| n.attribute("id"))
            .collect();
        let shapes: HashSet<&str> = of(DI, "BPMNShape").iter().filter_map(|s| s.attribute("bpmnElement")).collect();
        for id in &flow_nodes {
            assert!(shapes.contains(id), "{name}: {id} drawn");
        }
        let forms = doc.nodes.iter().filter(|n| n.kind == procmod::model::NodeType::Form).count();
        assert_eq!(flow_nodes.len() + forms, doc.nodes.len(), "{name}");
        // Sequence flows join flow nodes that exist, and each has its waypoints.
        let edges: HashSet<&str> = of(DI, "BPMNEdge").iter().filter_map(|s| s.attribute("bpmnElement")).collect();
        for f in of(BPMN, "sequenceFlow") {
            for end in ["sourceRef", "targetRef"] {
                assert!(flow_nodes.contains(&f.attribute(end).unwrap()), "{name}: {end} of {:?}", f.attribute("id"));
            }
            assert!(edges.contains(f.attribute("id").unwrap()), "{name}: waypoints of {:?}", f.attribute("id"));
        }
        // Lanes name their shapes; every shape in a lane is named by it.
        let lanes = of(BPMN, "lane");
        assert_eq!(lanes.len(), doc.lanes.len(), "{name}");
        for r in of(BPMN, "flowNodeRef") {
            assert!(ids.contains(r.text().unwrap()), "{name}");
        }
        // Procmod's own fields: every timed step's work is kept.
        let steps = of(procmod::bpmn::PROCMOD_NS, "step");
        for n in doc.nodes.iter().filter(|n| n.work > 0.0) {
            let id = n.id.as_str();
            let kept = steps.iter().any(|s| {
                s.parent().and_then(|p| p.parent()).and_then(|p| p.attribute("id")) == Some(id)
                    && s.attribute("work").and_then(|w| w.parse::<f64>().ok()) == Some(n.work)
            });
            assert!(kept, "{name}: work of {id}");
        }
    }
}

#[test]
fn a_decision_keeps_its_branch_probabilities_and_names() {
    let doc = procmod::io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap();
    let xml = procmod::bpmn::export(&doc).unwrap();
    assert!(xml.contains("<bpmn:exclusiveGateway id=\"d1\" name=\"批准？Approved?\">"));
    assert!(xml.contains("name=\"是 yes\"><bpmn:documentation>80%</bpmn:documentation><bpmn:extensionElements><procmod:flow probability=\"0.8\"/>"));
    // And as BPSim: a probability control parameter per branch, in one scenario.
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let bpsim = procmod::bpmn::BPSIM_NS;
    let params: Vec<(String, String)> = tree
        .descendants()
        .filter(|n| n.has_tag_name((bpsim, "ElementParameters")))
        .map(|p| {
            let value = p
                .descendants()
                .find(|n| n.has_tag_name((bpsim, "FloatingParameter")))
                .and_then(|n| n.attribute("value"));
            (p.attribute("elementRef").unwrap().to_string(), value.unwrap().to_string())
        })
        .collect();
    assert_eq!(params, vec![("f3".to_string(), "0.8".to_string()), ("f4".to_string(), "0.2".to_string())]);
    // Lanes across the page, the pool around them.
    assert!(xml.contains("bpmnElement=\"Participant_1\" isHorizontal=\"true\""));
}

#[test]
fn only_swimlanes_are_processes() {
    let acme = procmod::io::load(&std::fs::read_to_string("tests/fixtures/acme-stamping.json").unwrap()).unwrap();
    let err = procmod::bpmn::export(&acme).unwrap_err();
    assert!(err.message().render(procmod::i18n::Lang::En).contains("Value stream"));
    let bin = env!("CARGO_BIN_EXE_procmod");
    let out = std::env::temp_dir().join(format!("procmod-{}.bpmn", std::process::id()));
    let r = std::process::Command::new(bin)
        .args(["convert", "tests/fixtures/purchasing.json", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let xml = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    assert!(xml.starts_with("<?xml") && xml.contains("<bpmndi:BPMNDiagram"));
    let r = std::process::Command::new(bin)
        .args(["convert", "tests/fixtures/acme-stamping.json", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(!out.exists());
}

/// Every swimlane fixture that loads, with the templates.
fn every_swimlane() -> Vec<(String, Document)> {
    let mut docs = swimlanes();
    for dir in ["tests/fixtures/format", "tests/fixtures/validate"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let Ok(doc) = procmod::io::load(&std::fs::read_to_string(&path).unwrap()) else { continue };
            if doc.kind == Kind::Swimlane {
                docs.push((path.display().to_string(), doc));
            }
        }
    }
    docs
}

#[test]
fn a_document_written_as_bpmn_reads_back_equal() {
    let mut checked = 0;
    for (name, doc) in every_swimlane() {
        let xml = procmod::bpmn::export(&doc).unwrap();
        let back = procmod::bpmn::import(&xml, "x").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.notes.is_empty(), "{name}: {:?}", back.notes);
        assert!(back.children.is_empty(), "{name}");
        let mut a = doc.clone();
        let mut b = back.document.clone();
        // Read back in the order the file lists them; compared as sets of elements.
        for d in [&mut a, &mut b] {
            d.nodes.sort_by(|x, y| x.id.cmp(&y.id));
            d.edges.sort_by(|x, y| x.id.cmp(&y.id));
        }
        for (x, y) in a.nodes.iter().zip(&b.nodes) {
            assert_eq!(x, y, "{name}: node {}", x.id);
        }
        for (x, y) in a.edges.iter().zip(&b.edges) {
            assert_eq!(x, y, "{name}: edge {}", x.id);
        }
        assert_eq!(a.lanes, b.lanes, "{name}");
        assert_eq!(a, b, "{name}");
        assert_eq!(back.document, doc, "{name}: order");
        checked += 1;
    }
    assert!(checked >= 14, "{checked}");
}

/// A swimlane with everything BPMN import and export carry: two pools (one with a message
/// connector to the other), lanes with capacity and size, an intermediate timer event, a
/// non-interrupting boundary event with its exception path, a document shape read by a step,
/// bend points, ids that are no XML names, process data and settings, columns for lanes.
fn everything() -> Document {
    use procmod::model::{ArrowKind, Edge, Lane, Node, NodeType, Orientation, Term, TimeUnit, Trigger};
    let mut doc = Document::new(Kind::Swimlane, "  报销 Expense claim ");
    doc.time_unit = TimeUnit::Days;
    doc.settings.orientation = Orientation::Vertical;
    doc.settings.handoff_time = Some(0.25);
    doc.settings.arrivals_per_day = Some(3.0);
    doc.meta.owner = "财务部".into();
    doc.meta.terms = vec![Term { term: "OA".into(), meaning: "办公自动化".into() }];
    let mut staff = Lane::new("1-staff", "员工");
    staff.capacity = Some(12.0);
    let mut fin = Lane::new("fin", "财务");
    fin.size = Some(220.0);
    let mut bank = Lane::new("bank", "Bank");
    bank.pool = "银行 Bank".into();
    doc.lanes = vec![staff, fin, bank];
    let node = |id: &str, kind, label: &str, lane: &str, x: f64, y: f64| {
        let mut n = Node::new(id, kind, label, x, y);
        n.lane = Some(lane.into());
        n.w = 0.0;
        n.h = 0.0;
        n
    };
    let mut start = node("s", NodeType::Start, "", "1-staff", 60.0, 80.0);
    start.notes = "line one\nline two".into();
    let mut fill = node("2 fill", NodeType::Task, "填写报销单\nFill in", "1-staff", 40.0, 200.0);
    fill.work = 0.1;
    fill.inputs = vec!["发票".into(), "收据".into()];
    let mut wait = node("wait", NodeType::Event, "两天 Two days", "1-staff", 60.0, 320.0);
    wait.trigger = Some(Trigger::Timer);
    wait.wait = 2.0;
    let mut check = node("check", NodeType::Task, "审核 Check", "fin", 200.0, 420.0);
    check.work = 0.5;
    check.control_point = true;
    check.w = 150.0;
    let mut late = node("late", NodeType::Event, "催办 Reminder", "fin", 300.0, 450.0);
    late.trigger = Some(Trigger::Message);
    late.attached = Some("check".into());
    late.non_interrupting = true;
    let chase = node("chase", NodeType::Task, "催促 Chase", "fin", 360.0, 540.0);
    let end2 = node("end2", NodeType::End, "", "fin", 400.0, 660.0);
    let form = node("form", NodeType::Form, "报销单 Claim form", "fin", 380.0, 300.0);
    let pay = node("pay", NodeType::Task, "付款 Pay", "bank", 440.0, 520.0);
    let mut sent = node("sent", NodeType::Event, "", "bank", 470.0, 640.0);
    sent.throw = true;
    sent.trigger = Some(Trigger::Signal);
    let end = node("end", NodeType::End, "", "bank", 480.0, 760.0);
    let bank_start = node("bs", NodeType::Start, "", "bank", 480.0, 420.0);
    doc.nodes = [start, fill, wait, check, late, chase, end2, form, pay, sent, end, bank_start]
        .into_iter()
        .map(Into::into)
        .collect();
    let edge = |id: &str, a: &str, b: &str| Edge::new(id, a, b);
    let mut to_check = edge("e 3", "wait", "check");
    to_check.points = vec![[100.0, 380.0], [275.0, 380.0]];
    to_check.transfer = Some(0.5);
    let mut message = edge("m1", "check", "pay");
    message.flow = Some(ArrowKind::Message);
    message.label = "付款指令 Payment order".into();
    doc.edges = [
        edge("e1", "s", "2 fill"),
        edge("e2", "2 fill", "wait"),
        to_check,
        edge("e4", "late", "chase"),
        edge("e5", "chase", "end2"),
        edge("e6", "form", "check"),
        message,
        edge("e7", "pay", "sent"),
        edge("e8", "sent", "end"),
        edge("e9", "check", "end2"),
        edge("e10", "s", "end"),
        edge("e11", "bs", "pay"),
    ]
    .into_iter()
    .map(Into::into)
    .collect();
    doc.check_invariants().unwrap();
    doc
}

#[test]
fn pools_events_messages_and_bend_points_survive_a_round_trip() {
    let doc = everything();
    let xml = procmod::bpmn::export(&doc).unwrap();
    let x = roxmltree::Document::parse(&xml).unwrap();
    let find = |name: &str| {
        x.descendants().filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(BPMN)).count()
    };
    assert_eq!(find("participant"), 2, "two pools");
    assert_eq!(find("process"), 2);
    assert_eq!(find("messageFlow"), 1);
    assert_eq!(find("boundaryEvent"), 1);
    assert_eq!(find("intermediateCatchEvent"), 1);
    assert_eq!(find("intermediateThrowEvent"), 1);
    assert_eq!(find("timerEventDefinition"), 1);
    assert_eq!(find("messageEventDefinition"), 1);
    assert_eq!(find("signalEventDefinition"), 1);
    let boundary = x.descendants().find(|n| n.tag_name().name() == "boundaryEvent").unwrap();
    assert_eq!(boundary.attribute("attachedToRef"), Some("check"));
    assert_eq!(boundary.attribute("cancelActivity"), Some("false"));
    // Every id BPMN sees is an XML name.
    for n in x
        .descendants()
        .filter(|n| n.tag_name().namespace() != Some(procmod::bpmn::PROCMOD_NS))
        .filter_map(|n| n.attribute("id"))
    {
        assert!(n.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_'), "{n}");
        assert!(!n.contains(' '), "{n}");
    }
    let back = procmod::bpmn::import(&xml, "x").unwrap();
    assert!(back.notes.is_empty(), "{:?}", back.notes);
    assert_eq!(back.document.lanes, doc.lanes);
    for (a, b) in back.document.nodes.iter().zip(&doc.nodes) {
        assert_eq!(a, b);
    }
    for (a, b) in back.document.edges.iter().zip(&doc.edges) {
        assert_eq!(a, b);
    }
    assert_eq!(back.document, doc);
    // A boundary event's path counts as reached, a document only read and a message are no
    // ways a case takes: no error for any of them.
    let errors: Vec<_> = procmod::validate::validate(&doc)
        .into_iter()
        .filter(|f| f.severity == procmod::validate::Severity::Error)
        .map(|f| f.rule)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // And the metrics agree: the message and the exception path are no ways a case takes.
    let a = procmod::metrics::swimlane(&doc).unwrap();
    let b = procmod::metrics::swimlane(&back.document).unwrap();
    assert_eq!(a.cycle_time, b.cycle_time);
}

#[test]
fn malformed_and_foreign_xml_are_said_with_their_place() {
    use procmod::bpmn::ImportError;
    match procmod::bpmn::import("<definitions>\n  <process id=\"p\">\n</definitions>", "x") {
        Err(ImportError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 1)),
        other => panic!("{other:?}"),
    }
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let e = procmod::bpmn::import(svg, "x").unwrap_err();
    assert_eq!(e, ImportError::NotBpmn("{http://www.w3.org/2000/svg}svg".into()));
    assert!(e.to_string().contains("not BPMN"), "{e}");
    let empty = format!("<definitions xmlns=\"{BPMN}\"><process id=\"p\"/></definitions>");
    assert_eq!(procmod::bpmn::import(&empty, "x").unwrap_err(), ImportError::Empty);
}

/// The corpus of files other tools wrote (tests/fixtures/bpmn, see its README): pools, lanes,
/// tasks, sub-processes, starts, ends, intermediate events (of which boundary ones), decisions,
/// parallel gateways, document shapes, flow connectors, message connectors, diagrams one level
/// down.
const CORPUS: [(&str, [usize; 14]); 12] = [
    ("aris-a.4.0", [2, 3, 4, 2, 2, 3, 0, 0, 0, 0, 0, 9, 2, 2]),
    ("bizagi-a.2.0", [1, 1, 4, 0, 1, 1, 0, 0, 2, 0, 0, 9, 0, 0]),
    ("bpmn-js-kitchen-sink", [1, 2, 15, 9, 4, 6, 24, 14, 7, 0, 4, 7, 0, 2]),
    ("bpmn-js-lanes-flow-nodes", [1, 2, 2, 0, 1, 0, 1, 1, 0, 0, 0, 2, 0, 0]),
    ("camunda-modeler-b.1.0", [2, 3, 5, 5, 2, 3, 0, 0, 4, 1, 2, 22, 2, 2]),
    ("cardanit-a.3.0", [1, 1, 4, 1, 1, 2, 2, 2, 0, 0, 0, 8, 0, 0]),
    ("ibm-process-designer-a.2.0", [1, 1, 4, 0, 1, 1, 0, 0, 2, 0, 0, 8, 0, 0]),
    ("mid-innovator-a.4.0", [2, 3, 4, 2, 2, 3, 0, 0, 0, 0, 0, 9, 2, 2]),
    ("signavio-a.2.0", [1, 1, 4, 0, 1, 1, 0, 0, 2, 0, 0, 9, 0, 0]),
    ("trisotech-a.1.0", [1, 1, 3, 0, 1, 1, 0, 0, 0, 0, 0, 4, 0, 0]),
    ("visual-paradigm-a.1.0", [1, 1, 3, 0, 1, 1, 0, 0, 0, 0, 0, 4, 0, 0]),
    ("yaoqiang-b.1.0", [2, 3, 5, 5, 2, 3, 0, 0, 4, 1, 2, 22, 2, 3]),
];

#[test]
fn files_other_tools_wrote_import_whole_and_export_back() {
    use procmod::model::{ArrowKind, NodeType};
    for (file, expected) in CORPUS {
        let text = std::fs::read_to_string(format!("tests/fixtures/bpmn/{file}.bpmn")).unwrap();
        let imported = procmod::bpmn::import(&text, file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let d = &imported.document;
        let count = |k: NodeType| d.nodes.iter().filter(|n| n.kind == k).count();
        let messages = d.edges.iter().filter(|e| e.flow == Some(ArrowKind::Message)).count();
        let pools: HashSet<&str> = d.lanes.iter().map(|l| l.pool.as_str()).collect();
        let found = [
            pools.len(),
            d.lanes.len(),
            count(NodeType::Task),
            count(NodeType::Subprocess),
            count(NodeType::Start),
            count(NodeType::End),
            count(NodeType::Event),
            d.nodes.iter().filter(|n| n.attached.is_some()).count(),
            count(NodeType::Decision),
            count(NodeType::Parallel),
            count(NodeType::Form),
            d.edges.len() - messages,
            messages,
            imported.children.len(),
        ];
        assert_eq!(found, expected, "{file}");
        for doc in imported.documents() {
            // Documents the app opens, saves and reads back as they are.
            doc.check_invariants().unwrap_or_else(|e| panic!("{file}: {}", e.message()));
            assert_eq!(&procmod::io::load(&procmod::io::save(doc)).unwrap(), doc, "{file}");
            procmod::validate::validate(doc);
            // Every shape has a place of its own, every lane a band.
            assert!(doc.nodes.iter().all(|n| n.x.is_finite() && n.y.is_finite()), "{file}");
            // Written as BPMN again, it reads back the same.
            let xml = procmod::bpmn::export(doc).unwrap();
            let again = procmod::bpmn::import(&xml, file).unwrap();
            for (a, b) in again.document.nodes.iter().zip(&doc.nodes) {
                assert_eq!(a, b, "{file}: {}", doc.title);
            }
            for (a, b) in again.document.edges.iter().zip(&doc.edges) {
                assert_eq!(a, b, "{file}: {}", doc.title);
            }
            assert_eq!(again.document.lanes, doc.lanes, "{file}: {}", doc.title);
            assert_eq!(&again.document, doc, "{file}: {}", doc.title);
        }
        // Sub-processes with content are linked to their diagrams by title.
        for child in &imported.children {
            let linked =
                imported.documents().any(|d| d.nodes.iter().any(|n| n.link.as_deref() == Some(child.title.as_str())));
            assert!(linked, "{file}: {}", child.title);
        }
    }
}

#[test]
fn what_has_no_place_is_listed_by_element_and_id() {
    let text = std::fs::read_to_string("tests/fixtures/bpmn/bpmn-js-kitchen-sink.bpmn").unwrap();
    let imported = procmod::bpmn::import(&text, "kitchen").unwrap();
    let note = |code: &str, element: &str| {
        imported
            .notes
            .iter()
            .find(|n| n.code == code && n.element == element)
            .map(|n| n.ids.clone())
            .unwrap_or_default()
    };
    assert_eq!(note("bpmn.note.gateway", "inclusiveGateway"), vec!["Gateway_0lwqw3q"]);
    assert_eq!(note("bpmn.note.gateway", "eventBasedGateway").len(), 3);
    assert_eq!(note("bpmn.note.empty_pool", "participant"), vec!["Participant_0tuweou"]);
    assert_eq!(note("bpmn.note.pool_message", "messageFlow").len(), 2);
    let message = imported.notes[0].message().render(procmod::i18n::Lang::En);
    assert!(message.contains("Participant_0tuweou"), "{message}");
    // Nested lanes flattened to their leaves, keeping the parent's name.
    let text = std::fs::read_to_string("tests/fixtures/bpmn/bpmn-js-lanes-flow-nodes.bpmn").unwrap();
    let imported = procmod::bpmn::import(&text, "lanes").unwrap();
    let names: Vec<&str> = imported.document.lanes.iter().map(|l| l.name.as_str()).collect();
    assert!(names.iter().all(|n| n.contains(" / ")), "{names:?}");
}

#[test]
fn a_sub_process_carries_its_diagram_one_level_down_collapsed_or_expanded() {
    use procmod::bpmn::SubProcesses;
    use procmod::model::{Edge, Lane, Node, NodeType};
    // The purchasing process's approval step is detailed one level down.
    let mut parent = every_swimlane().into_iter().find(|(n, _)| n == "purchasing").unwrap().1;
    let mut child = Document::new(Kind::Swimlane, "审批 Approval");
    child.meta.level = "L4".into();
    child.meta.parent = "doc-parent".into();
    child.lanes = vec![Lane::new("mgr", "经理 Manager"), Lane::new("dir", "总监 Director")];
    let mut a = Node::new("s", NodeType::Start, "", 60.0, 60.0);
    a.lane = Some("mgr".into());
    let mut b = Node::new("t1", NodeType::Task, "初审 First check", 140.0, 50.0);
    b.lane = Some("mgr".into());
    b.work = 0.5;
    let mut c = Node::new("t2", NodeType::Task, "终审 Final check", 300.0, 210.0);
    c.lane = Some("dir".into());
    let mut d = Node::new("e", NodeType::End, "", 480.0, 220.0);
    d.lane = Some("dir".into());
    child.nodes = [a, b, c, d].into_iter().map(Into::into).collect();
    child.edges = [Edge::new("f1", "s", "t1"), Edge::new("f2", "t1", "t2"), Edge::new("f3", "t2", "e")]
        .into_iter()
        .map(Into::into)
        .collect();
    // A task of the parent becomes the sub-process that links to it.
    let step = parent.nodes.iter().position(|n| n.kind == NodeType::Task).unwrap();
    let step_id = parent.nodes[step].id.clone();
    {
        let n: &mut Node = &mut parent.nodes[step];
        n.kind = NodeType::Subprocess;
        n.link = Some("doc-child".into());
    }
    let linked = std::collections::HashMap::from([("doc-child".to_string(), child.clone())]);
    for how in [SubProcesses::Collapsed, SubProcesses::Expanded] {
        let xml = procmod::bpmn::export_with(&parent, &linked, how).unwrap();
        let x = roxmltree::Document::parse(&xml).unwrap();
        // The content sits inside the sub-process; ids stay unique in the file.
        let sub = x.descendants().find(|n| n.tag_name().name() == "subProcess").unwrap();
        assert_eq!(sub.descendants().filter(|n| n.tag_name().name() == "task").count(), 2, "{how:?}");
        let mut ids = HashSet::new();
        for id in x.descendants().filter(|n| n.tag_name().namespace() == Some(BPMN)).filter_map(|n| n.attribute("id")) {
            assert!(ids.insert(id), "{how:?}: {id} twice");
        }
        let shape = x
            .descendants()
            .find(|n| n.tag_name().name() == "BPMNShape" && n.attribute("bpmnElement") == sub.attribute("id"))
            .unwrap();
        let planes = x.descendants().filter(|n| n.tag_name().name() == "BPMNPlane").count();
        match how {
            SubProcesses::Collapsed => {
                assert_eq!(shape.attribute("isExpanded"), Some("false"));
                assert_eq!(planes, 2, "a plane of its own");
            }
            SubProcesses::Expanded => {
                assert_eq!(shape.attribute("isExpanded"), Some("true"));
                assert_eq!(planes, 1);
                // Drawn around its content.
                let b = shape.children().find(|c| c.tag_name().name() == "Bounds").unwrap();
                let w: f64 = b.attribute("width").unwrap().parse().unwrap();
                assert!(w >= 480.0, "{w}");
            }
        }
        // Read back: the same parent (its link now the diagram's title) and the same diagram
        // one level down.
        let back = procmod::bpmn::import(&xml, "x").unwrap();
        assert!(back.notes.is_empty(), "{how:?}: {:?}", back.notes);
        assert_eq!(back.children.len(), 1);
        let mut expected = parent.clone();
        expected.node_mut(&step_id).unwrap().link = Some(child.title.clone());
        for (a, b) in back.document.nodes.iter().zip(&expected.nodes) {
            assert_eq!(a, b, "{how:?}");
        }
        assert_eq!(back.document, expected, "{how:?}");
        assert_eq!(back.children[0], child, "{how:?}");
    }
}
