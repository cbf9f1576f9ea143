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
    for section in ["head", "signoff", "roles", "flowchart", "steps", "controls", "time"] {
        assert!(zh.contains(&format!("data-section=\"{section}\"")), "{section}");
    }
    for heading in ["角色与职责", "流程图", "流程步骤说明", "关键控制点", "周期时间分析", "编制", "审核", "批准"]
    {
        assert!(zh.contains(heading), "{heading}");
    }
    // The sign-off names, the flowchart picture, a row per step, the cycle time the metrics give.
    for name in ["王敏", "李强", "张伟", "V1.0"] {
        assert!(zh.contains(name), "{name}");
    }
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
