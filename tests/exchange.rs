//! The exchange module's functions (what the app's second wasm module exports): each gives what
//! the library function it wraps gives, documents and messages cross whole, and bad input comes
//! back as the message the app shows.

use procmod::exchange;
use procmod::i18n::Lang;
use procmod::io;
use procmod::message::Message;
use procmod::model::Document;

fn purchasing() -> Document {
    io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap()
}

#[test]
fn the_process_document_is_the_one_the_library_writes() {
    let doc = purchasing();
    let sent = io::save(&doc);
    for lang in [Lang::En, Lang::Zh] {
        assert_eq!(exchange::report_html(&sent, lang.code()).unwrap(), procmod::report::html(&doc, lang));
        let (styles, body): (String, String) =
            serde_json::from_str(&exchange::report_view(&sent, lang.code()).unwrap()).unwrap();
        assert_eq!(styles, procmod::report::styles(&doc, lang));
        assert_eq!(body, procmod::report::body(&doc, lang));
        assert_eq!(exchange::to_csv(&sent, lang.code()).unwrap(), procmod::table::to_csv(&doc, lang));
    }
    let docx = exchange::docx(&sent, "zh", None, 0, 0).unwrap();
    assert_eq!(&docx[..2], b"PK", "a zip package");
    assert_eq!(docx, procmod::docx::docx(&doc, Lang::Zh, None).unwrap());
}

#[test]
fn a_table_comes_back_as_a_document_and_a_bad_one_as_its_message() {
    let csv = procmod::table::to_csv(&purchasing(), Lang::En);
    let doc = io::load(&exchange::from_csv(&csv, "Purchasing").unwrap()).unwrap();
    assert_eq!(doc, procmod::table::from_csv(&csv, "Purchasing", procmod::model::TimeUnit::Hours).unwrap());
    let bad = "step,activity,role,execution\n1,Ask,Buyer,zwei\n";
    let why = Message::received(&exchange::from_csv(bad, "t").unwrap_err());
    let expected = procmod::table::from_csv(bad, "t", procmod::model::TimeUnit::Hours).unwrap_err().message();
    assert_eq!(why, expected, "the message whole: code, row, column and what");
    assert_eq!(why.code, "csv.err.cell");
}

#[test]
fn bpmn_goes_out_and_comes_back_through_the_module() {
    let doc = purchasing();
    let linked = std::collections::HashMap::new();
    let text = exchange::bpmn_export(&io::save(&doc), &exchange::linked(&linked), false).unwrap();
    assert_eq!(text, procmod::bpmn::export(&doc).unwrap());
    let got = exchange::imported(&exchange::bpmn_import(&text, "purchasing").unwrap()).unwrap();
    assert_eq!(got, procmod::bpmn::import(&text, "purchasing").unwrap());
    // A file with notes (what Procmod has no place for) keeps them, codes and all.
    let kitchen = std::fs::read_to_string("tests/fixtures/bpmn/bpmn-js-kitchen-sink.bpmn").unwrap();
    let got = exchange::imported(&exchange::bpmn_import(&kitchen, "kitchen").unwrap()).unwrap();
    let direct = procmod::bpmn::import(&kitchen, "kitchen").unwrap();
    assert!(!direct.notes.is_empty());
    assert_eq!(got, direct);
    // Broken XML: where, and what.
    let why = Message::received(&exchange::bpmn_import("<definitions>\n<process>", "x").unwrap_err());
    assert_eq!(why.code, "bpmn.syntax");
    // Not a swimlane: said as such.
    let sipoc = io::save(&Document::new(procmod::model::Kind::Sipoc, "s"));
    assert_eq!(Message::received(&exchange::bpmn_export(&sipoc, "{}", false).unwrap_err()).code, "bpmn.not_swimlane");
}

#[test]
fn every_template_is_there_in_both_languages() {
    for t in procmod::templates::ALL.iter() {
        for lang in [Lang::En, Lang::Zh] {
            let doc = io::load(&exchange::template(t.id, lang.code()).unwrap()).unwrap();
            assert_eq!(doc, t.document(lang).unwrap());
            assert_eq!(doc.kind, t.kind);
        }
    }
    assert!(exchange::template("nothing", "en").is_err());
}

#[test]
fn a_document_that_cannot_be_read_is_refused_with_its_message() {
    let why = Message::received(&exchange::report_html("{\"format\": \"procmod\",", "en").unwrap_err());
    assert_eq!(why, io::load("{\"format\": \"procmod\",").unwrap_err().message());
}

#[test]
fn every_finding_crosses_whole() {
    for name in ["purchasing", "rework-loop", "dumas-decision", "dumas-parallel", "acme-stamping"] {
        let doc = io::load(&std::fs::read_to_string(format!("tests/fixtures/{name}.json")).unwrap()).unwrap();
        let mut damaged = doc.clone();
        damaged.nodes.iter_mut().for_each(|n| n.label.clear());
        for d in [doc, damaged] {
            for f in procmod::validate::validate(&d) {
                assert_eq!(Message::received(&f.message.sent()), f.message, "{name}");
            }
        }
    }
    // Any other text is shown as it is.
    assert_eq!(Message::received("disk full").render(Lang::En), "Disk full");
}
