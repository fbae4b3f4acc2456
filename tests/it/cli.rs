//! The command line: exit codes (cli.md), formats, and one clear line on stderr when the
//! command itself cannot run.

use std::process::Command;

use crate::harness::fixtures;

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

#[test]
fn missing_records_folder_is_exit_2_with_one_line() {
    let out = imaudit()
        .args(["check", "--records", "/nonexistent/records"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("找不到紀錄資料夾"), "{err}");
}

#[test]
fn unknown_flag_is_exit_2_with_one_line() {
    let out = imaudit().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--bogus"), "{err}");
}

#[test]
fn clean_records_exit_0_and_json_has_the_spec_shape() {
    let base = fixtures().join("base/records");
    let out = imaudit()
        .args(["check", "--format", "json", "--records"])
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["as_of"], "2026-03-05");
    let keys: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["error", "files", "info", "warning"]);
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn json_finding_fields_match_cli_md() {
    let dir = crate::harness::overlay("unknown-reference", "fail");
    let out = imaudit()
        .args([
            "check",
            "--format",
            "json",
            "--only",
            "unknown-reference",
            "--records",
        ])
        .arg(dir.path().join("records"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // Key order is the spec's, and absent values are omitted rather than null.
    let order = [
        "\"rule\"",
        "\"severity\"",
        "\"clause\"",
        "\"office\"",
        "\"subject\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"message\"",
    ];
    let mut at = 0;
    for key in order {
        let i = text[at..]
            .find(key)
            .unwrap_or_else(|| panic!("{key} missing or out of order in {text}"));
        at += i;
    }
    assert!(!text.contains("null"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "unknown-reference");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["clause"], "三(一)");
    assert_eq!(f["office"], "demo");
    assert_eq!(f["subject"], "nobody");
    assert_eq!(f["file"], "records/offices/demo/logs/2026/2026-01.toml");
    assert_eq!(f["line"], 4);
    assert_eq!(v["summary"]["error"], 1);
}

#[test]
fn output_is_byte_identical_between_runs() {
    let run = || {
        imaudit()
            .args(["check", "--format", "json", "--records"])
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records"))
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn explain_prints_the_rule() {
    let out = imaudit()
        .args(["check", "--explain", "termination-overdue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("termination-overdue（error，要點 三(四)"),
        "{text}"
    );
    let out = imaudit()
        .args(["check", "--explain", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_every_rule_once() {
    let out = imaudit().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in imaudit::rules::all() {
        assert_eq!(
            text.lines()
                .filter(|l| l.split_whitespace().next() == Some(rule.id))
                .count(),
            1,
            "{}",
            rule.id
        );
    }
}
