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
