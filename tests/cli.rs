//! The `procmod` command line on the shipped fixtures: output, JSON shape and exit status.

use std::process::Command;

fn procmod(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_procmod"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn check_json_reports_the_dumas_cycle_time_and_its_split() {
    let (code, out, _) = procmod(&["check", "--json", "tests/fixtures/dumas-decision.json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m = &v["metrics"];
    assert!((m["cycle_time"].as_f64().unwrap() - 29.0).abs() < 1e-9);
    for key in ["execution", "delay", "transfer", "handoffs", "critical_path", "visits"] {
        assert!(!m[key].is_null(), "metrics.{key} missing");
    }
    assert!(v["findings"].is_array());
}

#[test]
fn check_json_reports_acme_stamping_and_exits_0_on_warnings_only() {
    let (code, out, _) = procmod(&["check", "--json", "tests/fixtures/acme-stamping.json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m = &v["metrics"];
    assert!((m["takt_seconds"].as_f64().unwrap() - 60.0).abs() < 1e-9);
    assert!((m["processing_seconds"].as_f64().unwrap() - 188.0).abs() < 1e-9);
    assert!((m["lead_time_days"].as_f64().unwrap() - 23.6).abs() < 0.05);
    assert_eq!(m["bottleneck"]["over_takt"], true);
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "cycle-time-over-takt"));
}

#[test]
fn an_error_finding_exits_1_and_is_printed() {
    let (code, out, _) = procmod(&["check", "tests/fixtures/validate/start-required.invalid.json"]);
    assert_eq!(code, 1);
    assert!(out.contains("start-required"), "{out}");
}

#[test]
fn an_unreadable_file_exits_2_with_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("procmod-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\":\"procmod\",\"version\":1,\"kind\":\"swimlane\",\n\"nodes\":[{\"id\":\"t1\",\"type\":\"task\",\"work\":-1}]}").unwrap();
    let (code, _, err) = procmod(&["check", bad.to_str().unwrap(), "tests/fixtures/dumas-decision.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("Node \"t1\"") && err.contains("work"), "{err}");
    let (code, _, err) = procmod(&["check", "no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.json"), "{err}");
}

#[test]
fn every_fixture_is_readable_by_the_checker() {
    let (code, out, err) = procmod(&[
        "check",
        "--json",
        "tests/fixtures/dumas-decision.json",
        "tests/fixtures/dumas-parallel.json",
        "tests/fixtures/rework-loop.json",
        "tests/fixtures/acme-stamping.json",
        "tests/fixtures/format/v1.json",
    ]);
    assert!(code < 2, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
}

#[test]
fn schema_prints_the_shipped_schema() {
    let (code, out, _) = procmod(&["schema"]);
    assert_eq!(code, 0);
    let printed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(include_str!("../schema/procmod-v1.schema.json")).unwrap();
    assert_eq!(printed, shipped);
}

#[test]
fn render_writes_the_svg_picture_with_its_structure_and_refuses_a_broken_file() {
    let out = std::env::temp_dir().join(format!("procmod-render-{}.svg", std::process::id()));
    let out_s = out.to_str().unwrap();
    let (code, _, err) = procmod(&["render", "--svg", "tests/fixtures/purchasing.json", out_s]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("data-lane-id=").count(), 4);
    assert_eq!(svg.matches("data-node-id=").count(), 7);
    assert_eq!(svg.matches("data-edge-id=").count(), 7);
    assert!(svg.contains("非库存物料采购流程") && !svg.contains("<script"));
    // A SIPOC as a five-column table, on standard output, with Chinese headings.
    let sipoc_file = std::env::temp_dir().join(format!("procmod-sipoc-{}.json", std::process::id()));
    std::fs::write(
        &sipoc_file,
        r#"{"format": "procmod", "version": 1, "kind": "sipoc", "title": "采购 SIPOC",
            "nodes": [{"id": "s1", "type": "supplier", "label": "IT"}, {"id": "p1", "type": "step", "label": "审批"},
                      {"id": "p2", "type": "step", "label": "下单", "y": 100}]}"#,
    )
    .unwrap();
    let (code, sipoc, err) = procmod(&["render", "--svg", "--lang", "zh", sipoc_file.to_str().unwrap(), "-"]);
    std::fs::remove_file(&sipoc_file).ok();
    assert_eq!(code, 0, "{err}");
    for heading in ["供应商", "输入", "过程", "输出", "客户"] {
        assert!(sipoc.contains(heading), "{heading} in {sipoc}");
    }
    assert!(sipoc.contains("1. 审批") && sipoc.contains("2. 下单"), "{sipoc}");
    // A file that does not load: exit 2, nothing written.
    let broken = std::env::temp_dir().join(format!("procmod-broken-{}.json", std::process::id()));
    std::fs::write(&broken, "{\"format\": \"procmod\"").unwrap();
    let target = std::env::temp_dir().join(format!("procmod-none-{}.svg", std::process::id()));
    let (code, _, err) = procmod(&["render", "--svg", broken.to_str().unwrap(), target.to_str().unwrap()]);
    std::fs::remove_file(&broken).ok();
    assert_eq!(code, 2);
    assert!(!err.is_empty() && !target.exists());
}

#[test]
fn a_value_stream_picture_has_its_icons_data_boxes_and_timeline_ladder() {
    let (code, svg, err) = procmod(&["render", "--svg", "--lang", "zh", "tests/fixtures/acme-stamping.json", "-"]);
    assert_eq!(code, 0, "{err}");
    let doc = procmod::io::load(&std::fs::read_to_string("tests/fixtures/acme-stamping.json").unwrap()).unwrap();
    assert_eq!(svg.matches("data-node-id=").count(), doc.nodes.len());
    assert_eq!(svg.matches("data-edge-id=").count(), doc.edges.len());
    // Process boxes with their data boxes; factories; inventory triangles; push arrows.
    let processes = doc.nodes.iter().filter(|n| n.kind == procmod::model::NodeType::Process).count();
    assert_eq!(svg.matches("class=\"data-box\"").count(), processes);
    for class in ["outline factory", "inventory-i", "line push", "push-stripes", "bottleneck-tag"] {
        assert!(svg.contains(class), "{class}");
    }
    // The timeline ladder: a waiting step per inventory and a processing step per process, and
    // the lead time the metrics give, in Chinese.
    let m = procmod::metrics::vsm(&doc).unwrap();
    assert!(svg.contains("class=\"ladder\""));
    assert_eq!(
        svg.matches("data-testid=\"ladder-step\"").count(),
        m.timeline.iter().map(|s| s.inventory.is_some() as usize + s.process.is_some() as usize).sum::<usize>()
    );
    assert!(svg.contains(&format!("data-testid=\"ladder-lead-time\" data-value=\"{}\"", m.lead_time_days)));
    assert!(svg.contains("天"), "days in Chinese");
    // The canvas's drawing rules, scoped to the picture and standing alone.
    assert!(svg.contains(".procmod-picture .node.vsm .data-box rect"));
    assert!(!svg.contains("var(--") && !svg.contains("<script") && !svg.contains("href"));
    // Colours every SVG reader knows: Inkscape paints `transparent` black.
    assert!(!svg.contains("transparent"));
}

#[test]
fn layout_tidies_a_document_up_and_keeps_everything_else() {
    let (code, out, err) = procmod(&["layout", "tests/fixtures/purchasing.json", "-"]);
    assert_eq!(code, 0, "{err}");
    let tidied: serde_json::Value = serde_json::from_str(&out).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap();
    assert_eq!(tidied["edges"], original["edges"]);
    assert_eq!(tidied["title"], original["title"]);
    let x = |v: &serde_json::Value, id: &str| {
        v["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap()["x"].as_f64().unwrap()
    };
    // Along the flow: start, request, approval, quotes, order, payment, end.
    let order = ["s", "t1", "d1", "t2", "t3", "t4", "e"];
    for w in order.windows(2) {
        assert!(x(&tidied, w[0]) < x(&tidied, w[1]), "{} before {}", w[0], w[1]);
    }
    let (code, _, _) = procmod(&["layout", "tests/fixtures/missing.json", "-"]);
    assert_eq!(code, 2);
}

#[test]
fn bpmn_files_are_checked_and_converted_both_ways() {
    let dir = std::env::temp_dir().join(format!("procmod-cli-bpmn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // check reads BPMN: the imported model's findings and metrics, the summary on stderr.
    let (code, out, err) = procmod(&["check", "--json", "tests/fixtures/bpmn/camunda-modeler-b.1.0.bpmn"]);
    assert_eq!(code, 1, "an error finding (a parallel split without its join): {out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["kind"], "swimlane");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "parallel-split-needs-join"));
    assert!(err.contains("userTask imported as tasks"), "{err}");
    // .bpmn → .json: the main diagram, and the diagrams of its sub-processes beside it.
    let json = dir.join("aris.json");
    let (code, _, err) = procmod(&["convert", "tests/fixtures/bpmn/aris-a.4.0.bpmn", json.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let doc = procmod::io::load(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc.lanes.len(), 3);
    for k in 1..=2 {
        let child = procmod::io::load(&std::fs::read_to_string(dir.join(format!("aris.{k}.json"))).unwrap()).unwrap();
        assert!(doc.nodes.iter().any(|n| n.link.as_deref() == Some(child.title.as_str())), "{}", child.title);
        assert!(err.contains(&child.title), "{err}");
    }
    // And back to BPMN.
    let bpmn = dir.join("aris.bpmn");
    assert_eq!(procmod(&["convert", json.to_str().unwrap(), bpmn.to_str().unwrap()]).0, 0);
    let again = procmod::bpmn::import(&std::fs::read_to_string(&bpmn).unwrap(), "x").unwrap();
    assert_eq!(again.document, doc);
    // A broken file writes nothing and says where.
    let broken = dir.join("broken.bpmn");
    std::fs::write(&broken, "<definitions>\n<process>\n</task>\n").unwrap();
    let out_json = dir.join("never.json");
    let (code, _, err) = procmod(&["convert", broken.to_str().unwrap(), out_json.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("line 3"), "{err}");
    assert!(!out_json.exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn simulate_prints_the_spread_queues_and_utilisation_reproducibly() {
    // The purchasing process with ten requests a day.
    let mut doc = procmod::io::load(&std::fs::read_to_string("tests/fixtures/purchasing.json").unwrap()).unwrap();
    doc.settings.arrivals_per_day = Some(10.0);
    let file = std::env::temp_dir().join(format!("procmod-simulate-{}.json", std::process::id()));
    std::fs::write(&file, procmod::io::save(&doc)).unwrap();
    let args = ["simulate", "--json", "--cases", "3000", "--seed", "5", file.to_str().unwrap()];
    let (code, out, err) = procmod(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sim = &v["simulation"];
    assert_eq!(sim["cases"], 3000);
    assert_eq!(sim["seed"], 5);
    for key in ["mean", "p50", "p90", "p95", "max"] {
        assert!(sim["cycle_time"][key].as_f64().unwrap() > 0.0, "{key}");
    }
    assert!(sim["cycle_time"]["p50"].as_f64() <= sim["cycle_time"]["p90"].as_f64());
    // The fixture has arrivals: people to wait for, busy lanes, cases in process.
    assert!(!sim["utilisation"].as_object().unwrap().is_empty());
    assert!(sim["wip"].as_f64().unwrap() > 0.0);
    // The same seed, the same figures.
    assert_eq!(procmod(&args).1, out);
    let (code, text, _) = procmod(&["simulate", "--cases", "500", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(text.contains("cycle time mean") && text.contains("utilisation"), "{text}");
    std::fs::remove_file(&file).ok();
    // A file that is not a process refuses, saying why.
    let (code, _, err) = procmod(&["simulate", "tests/fixtures/acme-stamping.json"]);
    assert_eq!(code, 2);
    assert!(!err.is_empty());
}
