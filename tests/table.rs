//! The step table as CSV, both ways: written in flow order with the contract's header, read
//! back as a new swimlane with the same steps, roles, links and times, and bad rows refused
//! with their row and column named.

use procmod::i18n::Lang;
use procmod::model::{Document, Edge, Kind, Lane, Node, NodeType, TimeUnit};
use procmod::table::{from_csv, to_csv};

fn purchasing() -> Document {
    procmod::io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap()
}

#[test]
fn the_header_is_the_contract_and_excel_sees_utf8() {
    let csv = to_csv(&purchasing(), Lang::En);
    assert!(csv
        .starts_with("\u{feff}step,activity,role,inputs,outputs,system,execution,delay,value,control_point,next\r\n"));
    assert!(csv.contains("\"3 (是 yes 80%); 1 (否，退回修改 no, rework 20%)\""), "{csv}");
    let zh = to_csv(&purchasing(), Lang::Zh);
    assert!(zh.starts_with("\u{feff}步骤,活动,角色,输入,输出,系统,执行时间,延迟时间,价值,关键控制点,下一步\r\n"));
    assert!(zh.contains(",是,"), "yes in Chinese");
}

#[test]
fn a_table_reads_back_as_the_same_steps_roles_links_and_times() {
    let original = purchasing();
    for lang in [Lang::En, Lang::Zh] {
        let csv = to_csv(&original, lang);
        let doc = from_csv(&csv, "采购", TimeUnit::Hours).unwrap();
        assert_eq!(doc.kind, Kind::Swimlane);
        assert_eq!(to_csv(&doc, lang), csv, "export → import → export is the same table");
        let lanes: Vec<&str> = doc.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(lanes, vec!["申请人员 Requester", "部门经理 Manager", "采购员 Buyer", "财务 Finance"]);
        // The same process: the same execution and delay as the original (no handoff setting).
        let m = procmod::metrics::swimlane(&doc).unwrap();
        let o = procmod::metrics::swimlane(&original).unwrap();
        assert!((m.execution - o.execution).abs() < 1e-9 && (m.delay - o.delay).abs() < 1e-9);
        // Laid out: every shape in its lane, along the flow.
        let x = |label: &str| doc.nodes.iter().find(|n| n.label.starts_with(label)).unwrap().x;
        assert!(x("创建采购申请") < x("批准") && x("批准") < x("询价比价") && x("下采购订单") < x("核对发票"));
        assert!(doc.nodes.iter().any(|n| n.kind == NodeType::Decision));
        assert!(procmod::validate::validate(&doc).iter().all(|f| f.severity != procmod::validate::Severity::Error));
    }
}

#[test]
fn parallel_branches_come_back_with_their_split_and_join() {
    let mut d = Document::new(Kind::Swimlane, "parallel");
    d.lanes.push(Lane::new("a", "A"));
    d.lanes.push(Lane::new("b", "B"));
    for (id, kind, lane, x) in [
        ("s", NodeType::Start, "a", 0.0),
        ("first", NodeType::Task, "a", 100.0),
        ("split", NodeType::Parallel, "a", 300.0),
        ("up", NodeType::Task, "a", 400.0),
        ("down", NodeType::Task, "b", 400.0),
        ("join", NodeType::Parallel, "a", 600.0),
        ("last", NodeType::Task, "a", 700.0),
        ("e", NodeType::End, "a", 900.0),
    ] {
        let mut n = Node::new(id, kind, id, x, 60.0);
        n.lane = Some(lane.into());
        if kind == NodeType::Task {
            n.work = 1.0;
        }
        d.nodes.push(n.into());
    }
    for (id, a, b) in [
        ("1", "s", "first"),
        ("2", "first", "split"),
        ("3", "split", "up"),
        ("4", "split", "down"),
        ("5", "up", "join"),
        ("6", "down", "join"),
        ("7", "join", "last"),
        ("8", "last", "e"),
    ] {
        d.edges.push(Edge::new(id, a, b).into());
    }
    let csv = to_csv(&d, Lang::En);
    assert!(csv.contains("\r\n1,first,A,,,,1,,,,2; 3\r\n"), "{csv}");
    let back = from_csv(&csv, "parallel", TimeUnit::Hours).unwrap();
    assert_eq!(back.nodes.iter().filter(|n| n.kind == NodeType::Parallel).count(), 2, "a split and a join");
    assert_eq!(to_csv(&back, Lang::En), csv);
    let m = procmod::metrics::swimlane(&back).unwrap();
    assert_eq!(m.cycle_time, procmod::metrics::swimlane(&d).unwrap().cycle_time);
    assert_eq!(m.cycle_time, 3.0, "the branches run at once");
}

#[test]
fn bad_rows_are_refused_with_their_row_and_column_and_nothing_is_made() {
    let head = "step,activity,role,execution,next\n";
    let err = |body: &str| {
        let e = from_csv(&format!("{head}{body}"), "t", TimeUnit::Hours).unwrap_err();
        (e.row, e.column.clone(), e.problem.code, e.message().render(Lang::En))
    };
    let (row, col, code, text) = err("1,Ask,Buyer,1,2\n2,Buy,Buyer,zwei,end\n");
    assert_eq!((row, col.as_deref(), code), (3, Some("execution"), "csv.err.time"));
    assert!(text.contains("row 3") && text.contains("execution") && text.contains("zwei"), "{text}");
    assert_eq!(err("1,Ask,Buyer,1,7\n").2, "csv.err.no_such_step");
    assert_eq!(err("1,Ask,Buyer,1,end\n1,Again,Buyer,1,end\n").2, "csv.err.duplicate_step");
    assert_eq!(err("one,Ask,Buyer,1,end\n").2, "csv.err.step_number");
    assert_eq!(err("1,Ask,Buyer,1,2 (150%)\n2,B,Buyer,,end\n").2, "csv.err.probability");
    let e = from_csv("activity,role\nAsk,Buyer\n", "t", TimeUnit::Hours).unwrap_err();
    assert_eq!((e.row, e.problem.code), (1, "csv.err.missing_column"));
    let e = from_csv("step,activity,colour\n1,Ask,red\n", "t", TimeUnit::Hours).unwrap_err();
    assert_eq!(e.problem.code, "csv.err.unknown_column");
    assert_eq!(from_csv(head, "t", TimeUnit::Hours).unwrap_err().problem.code, "csv.err.empty");
    // Chinese headings and a full-width comma in the numbers of an IME are read.
    let doc =
        from_csv("\u{feff}步骤,活动,角色,执行时间,下一步\n1,申请,申请人,０.５,结束\n", "t", TimeUnit::Minutes).unwrap();
    let task = doc.nodes.iter().find(|n| n.kind == NodeType::Task).unwrap();
    assert_eq!((task.work, doc.time_unit), (0.5, TimeUnit::Minutes));
}
