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
