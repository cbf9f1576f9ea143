//! The process document of a swimlane: steps numbered along the flow, the sections a
//! consultant's Word file has, inputs and outputs from document shapes, and a page that stands
//! alone.

use procmod::i18n::Lang;
use procmod::model::{Document, Edge, Kind, Lane, Node, NodeType};
use procmod::report::{self, Target};

fn purchasing() -> Document {
    procmod::io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap()
}

#[test]
fn steps_are_numbered_along_the_flow_with_their_roles_and_ways_out() {
    let steps = report::steps(&purchasing());
    let rows: Vec<(usize, &str, &str)> = steps.iter().map(|s| (s.no, s.id.as_str(), s.role.as_str())).collect();
    assert_eq!(
        rows,
        vec![
            (1, "t1", "申请人员 Requester"),
            (2, "d1", "部门经理 Manager"),
            (3, "t2", "采购员 Buyer"),
            (4, "t3", "采购员 Buyer"),
            (5, "t4", "财务 Finance"),
        ]
    );
    // The decision's branches: on to step 3, or back to step 1, each with its label.
    let next: Vec<(Target, &str)> = steps[1].next.iter().map(|n| (n.to.clone(), n.label.as_str())).collect();
    assert_eq!(next, vec![(Target::Step(3), "是 yes"), (Target::Step(1), "否，退回修改 no, rework")]);
    assert_eq!(steps[4].next[0].to, Target::End);
    assert_eq!(report::next_text(&steps[4].next, Lang::Zh), "结束");
    assert!(steps[1].control_point && steps[4].control_point);
}

#[test]
fn branches_are_numbered_after_the_step_they_leave_and_gateways_are_passed_through() {
    let mut d = Document::new(Kind::Swimlane, "parallel");
    d.lanes.push(Lane::new("a", "A"));
    d.lanes.push(Lane::new("b", "B"));
    let mut add = |id: &str, kind: NodeType, lane: &str, x: f64, y: f64| {
        let mut n = Node::new(id, kind, id.to_uppercase(), x, y);
        n.lane = Some(lane.into());
        d.nodes.push(n.into());
    };
    // Listed out of flow order on purpose.
    add("join", NodeType::Parallel, "a", 700.0, 60.0);
    add("s", NodeType::Start, "a", 60.0, 60.0);
    add("last", NodeType::Task, "a", 850.0, 60.0);
    add("split", NodeType::Parallel, "a", 350.0, 60.0);
    add("first", NodeType::Task, "a", 150.0, 60.0);
    add("up", NodeType::Task, "a", 500.0, 60.0);
    add("down", NodeType::Task, "b", 500.0, 220.0);
    add("e", NodeType::End, "a", 1050.0, 60.0);
    add("form", NodeType::Form, "b", 150.0, 220.0);
    for (id, a, b) in [
        ("f1", "s", "first"),
        ("f2", "first", "split"),
        ("f3", "split", "up"),
        ("f4", "split", "down"),
        ("f5", "up", "join"),
        ("f6", "down", "join"),
        ("f7", "join", "last"),
        ("f8", "last", "e"),
        ("f9", "first", "form"),
        ("f10", "form", "down"),
    ] {
        d.edges.push(Edge::new(id, a, b).into());
    }
    let steps = report::steps(&d);
    let order: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, vec!["first", "up", "down", "last"]);
    // Through the split to both branches; the form is an output, not a way on.
    assert_eq!(steps[0].next.iter().map(|n| n.to.clone()).collect::<Vec<_>>(), vec![Target::Step(2), Target::Step(3)]);
    assert_eq!(steps[0].outputs, vec!["FORM"]);
    assert_eq!(steps[2].inputs, vec!["FORM"]);
    assert_eq!(steps[1].next[0].to, Target::Step(4));
    let html = report::html(&d, Lang::En);
    assert!(html.contains("data-section=\"forms\""), "a forms section when the diagram has document shapes");
}

#[test]
fn the_document_has_the_sections_of_a_process_document_and_stands_alone() {
    let doc = purchasing();
    let zh = report::html(&doc, Lang::Zh);
    assert!(zh.starts_with("<!DOCTYPE html>") && zh.contains("<html lang=\"zh-CN\">"));
    for section in [
        "head",
        "signoff",
        "purpose",
        "scope",
        "terms",
        "roles",
        "flowchart",
        "steps",
        "controls",
        "forms",
        "time",
        "history",
    ] {
        assert!(zh.contains(&format!("data-section=\"{section}\"")), "{section}");
    }
    for heading in ["角色与职责", "流程图", "流程步骤说明", "关键控制点", "周期时间分析", "编制", "审核", "批准"]
    {
        assert!(zh.contains(heading), "{heading}");
    }
    // The sign-off names, the flowchart picture, a row per step, the cycle time the metrics give.
    for name in ["王敏", "李强", "张伟", "V1.0", "QP-PUR-003", "2026-11-24", "《采购管理制度》", "增加审批退回环节"]
    {
        assert!(zh.contains(name), "{name}");
    }
    // Key control points with their risk, control activity and evidence.
    let control = zh.split("data-control=\"t4\"").nth(1).unwrap().split("</tr>").next().unwrap();
    for part in ["重复或错误付款", "三单匹配", "付款凭证 Payment voucher", "财务 Finance"] {
        assert!(control.contains(part), "{part} in {control}");
    }
    // The forms: the step's own inputs and outputs, with the steps that make and use them.
    let forms = zh.split("data-section=\"forms\"").nth(1).unwrap().split("</section>").next().unwrap();
    let row = forms.split("<tr>").find(|r| r.contains("请购单 Purchase requisition")).unwrap();
    assert!(row.contains("1. 创建采购申请") && row.contains("2. 批准") && row.contains("3. 询价比价"), "{row}");
    assert!(zh.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(zh.matches("<tr data-step=").count(), 5);
    let m = procmod::metrics::swimlane(&doc).unwrap();
    assert!(zh.contains(&format!("{} 小时", procmod::format::figure(m.cycle_time))));
    // A4 with the title at the top of each page and the page numbers at the bottom.
    assert!(zh.contains("@page { size: A4") && zh.contains("counter(pages)"));
    assert!(!zh.contains("<script") && !zh.contains("href=") && !zh.contains("src=") && !zh.contains("@import"));
    // The other language, the same structure.
    let en = report::html(&doc, Lang::En);
    assert!(en.contains("Roles and responsibilities") && en.contains("Step descriptions"));
}

#[test]
fn the_command_line_writes_the_document_and_refuses_other_kinds() {
    let bin = env!("CARGO_BIN_EXE_procmod");
    let out = std::env::temp_dir().join(format!("procmod-doc-{}.html", std::process::id()));
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let r = run(&["doc", "tests/fixtures/purchasing.json", "--lang", "zh", "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    assert_eq!(html, report::html(&purchasing(), Lang::Zh));
    let r = run(&["doc", "tests/fixtures/acme-stamping.json", "-o", "-"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("swimlanes"));
}

#[test]
fn the_raci_matrix_marks_who_is_responsible_accountable_consulted_and_informed() {
    let html = report::html(&purchasing(), Lang::En);
    let raci = html.split("class=\"raci\"").nth(1).unwrap().split("</table>").next().unwrap();
    let row = |step: &str| -> Vec<String> {
        let r = raci.split("<tr>").find(|r| r.contains(step)).unwrap();
        r.split("<td class=\"mark\">").skip(1).map(|c| c.split("</td>").next().unwrap().to_string()).collect()
    };
    // Lanes: requester, manager, buyer, finance.
    assert_eq!(row("1. 创建采购申请"), vec!["R", "", "I", ""]);
    assert_eq!(row("2. 批准"), vec!["", "R/A", "", ""]);
    assert_eq!(row("3. 询价比价"), vec!["C", "", "R", ""]);
    assert_eq!(row("5. 核对发票并付款"), vec!["", "", "", "R/A"]);
}

#[test]
fn terms_and_revisions_read_back_as_they_are_shown() {
    use procmod::model::{parse_list, Revision, Term};
    let terms = Term::parse_lines("请购单：申请采购的单据\n\n  SRM: supplier portal \nKPI");
    assert_eq!(terms.len(), 3);
    assert_eq!((terms[0].term.as_str(), terms[0].meaning.as_str()), ("请购单", "申请采购的单据"));
    assert_eq!(terms[2].meaning, "");
    assert_eq!(Term::parse_lines(&Term::lines(&terms)), terms);
    let history = Revision::parse_lines("V1.0 | 2026-11-26 | 王敏 | 初版\nV1.1｜2026-12-01");
    assert_eq!(history[1].date, "2026-12-01");
    assert_eq!(history[1].change, "");
    assert_eq!(Revision::parse_lines(&Revision::lines(&history)), history);
    assert_eq!(parse_list("请购单；发票、 订单 ; "), vec!["请购单", "发票", "订单"]);
}

/// The parts of a .docx (stored, so readable as they are), by name.
fn parts(bytes: &[u8]) -> std::collections::HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (name, data)
        })
        .collect()
}

#[test]
fn the_word_file_holds_the_same_document_with_its_tables_picture_and_page_numbers() {
    let doc = purchasing();
    let picture = procmod::docx::Picture {
        png: std::fs::read("tests/screenshots/purchasing-picture.png").unwrap(),
        width: 1300,
        height: 700,
    };
    let bytes = procmod::docx::docx(&doc, Lang::Zh, Some(&picture)).unwrap();
    let parts = parts(&bytes);
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/footer1.xml",
        "word/_rels/document.xml.rels",
        "word/media/flowchart.png",
    ] {
        assert!(parts.contains_key(name), "{name}");
    }
    // Every XML part is well formed.
    for (name, data) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            roxmltree::Document::parse(std::str::from_utf8(data).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let report = report::report(&doc, Lang::Zh);
    // Each section a heading, each table a table with its rows, the picture in its place.
    for block in &report.blocks {
        if let report::Block::Section { number, heading, .. } = block {
            assert!(xml.contains(&format!("{number}. {heading}")), "{heading}");
        }
    }
    let tables = report.blocks.iter().filter(|b| matches!(b, report::Block::Table { .. })).count();
    assert_eq!(xml.matches("<w:tbl>").count(), tables);
    for text in
        ["创建采购申请 Create request", "重复或错误付款", "3 (是 yes); 1 (否，退回修改 no, rework)", "QP-PUR-003"]
    {
        assert!(xml.contains(text), "{text}");
    }
    assert!(xml.contains("r:embed=\"rIdFlowchart\""));
    assert_eq!(parts["word/media/flowchart.png"], picture.png);
    // A4, and "Page n of m" in the footer.
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    let footer = String::from_utf8(parts["word/footer1.xml"].clone()).unwrap();
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES ") && footer.contains("第 "));
}

#[test]
fn the_command_line_writes_a_word_file_with_the_flowchart_drawn() {
    let bin = env!("CARGO_BIN_EXE_procmod");
    let out = std::env::temp_dir().join(format!("procmod-doc-{}.docx", std::process::id()));
    let r = std::process::Command::new(bin)
        .args([
            "doc",
            "tests/fixtures/purchasing.json",
            "--format",
            "docx",
            "--lang",
            "zh",
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).ok();
    let parts = parts(&bytes);
    let png = &parts["word/media/flowchart.png"];
    assert_eq!(&png[1..4], b"PNG");
    // Drawn at twice the picture's size: far more than the blank pixel.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert!(width > 1000 && png.len() > 20_000, "{width} px, {} bytes", png.len());
}
