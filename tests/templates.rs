//! The template gallery: every template opens in both languages, has its times, and no
//! finding; the two languages are the same process; the swimlanes make whole process documents.

use procmod::i18n::Lang;
use procmod::model::Kind;
use procmod::templates::ALL;

#[test]
fn every_template_opens_in_both_languages_with_no_finding() {
    for t in &ALL {
        let en = t.document(Lang::En).unwrap_or_else(|e| panic!("{}: {e:?}", t.id));
        let zh = t.document(Lang::Zh).unwrap_or_else(|e| panic!("{}: {e:?}", t.id));
        assert_eq!((en.kind, zh.kind), (t.kind, t.kind), "{}", t.id);
        for doc in [&en, &zh] {
            let findings = procmod::validate::validate(doc);
            assert!(findings.is_empty(), "{}: {findings:?}", t.id);
            assert!(procmod::metrics::compute(doc).is_ok(), "{}", t.id);
        }
        // The same process in both languages: the same shapes, connectors and figures.
        let ids = |d: &procmod::model::Document| {
            d.nodes.iter().map(|n| (n.id.clone(), n.kind, n.work, n.wait)).collect::<Vec<_>>()
        };
        assert_eq!(ids(&en), ids(&zh), "{}", t.id);
        assert_eq!(en.edges.len(), zh.edges.len());
        assert_ne!(en.title, zh.title, "{}: translated", t.id);
        assert!(zh.title.chars().any(|c| c as u32 > 0x2e80), "{}: a Chinese title", t.id);
        if t.kind == Kind::Swimlane {
            // Times filled in, the shapes laid out in their lanes.
            let steps = procmod::report::steps(&en);
            assert!(steps.iter().all(|s| s.work > 0.0), "{}", t.id);
            assert!(en.nodes.iter().all(|n| n.lane.is_some() && (n.x, n.y) != (0.0, 0.0)), "{}", t.id);
        }
    }
    let kinds: Vec<Kind> = ALL.iter().map(|t| t.kind).collect();
    for kind in [Kind::Swimlane, Kind::Sipoc, Kind::Vsm] {
        assert!(kinds.contains(&kind));
    }
}

#[test]
fn the_swimlane_templates_make_whole_process_documents_with_steps_numbered_along_the_flow() {
    for t in ALL.iter().filter(|t| t.kind == Kind::Swimlane) {
        let doc = t.document(Lang::Zh).unwrap();
        let html = procmod::report::html(&doc, Lang::Zh);
        for section in ["head", "purpose", "scope", "roles", "flowchart", "steps", "controls", "time"] {
            assert!(html.contains(&format!("data-section=\"{section}\"")), "{}: {section}", t.id);
        }
        let steps = procmod::report::steps(&doc);
        assert_eq!(steps.iter().map(|s| s.no).collect::<Vec<_>>(), (1..=steps.len()).collect::<Vec<_>>());
        // Numbered from the start: the start leads to step 1 (or through a merge to it).
        let first = &steps[0];
        assert!(
            doc.edges.iter().any(|e| doc.node(&e.from).is_some_and(|n| n.kind == procmod::model::NodeType::Start)
                && (e.to == first.id || !steps.iter().any(|s| s.id == e.to))),
            "{}",
            t.id
        );
    }
    let goods = procmod::templates::by_id("goods-receipt").unwrap().document(Lang::Zh).unwrap();
    let html = procmod::report::html(&goods, Lang::Zh);
    assert!(html.contains("data-section=\"forms\"") && html.contains("三联入库单"));
}
