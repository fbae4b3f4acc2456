//! `check --format sarif` as GitHub code scanning takes it: the Microsoft SARIF multitool's
//! `validate` with its SARIF and GitHub rule sets (`--rule-kind Sarif;Gh`) reports no error and
//! no warning on the demo records and on records whose only finding has no file
//! (`history-unavailable`). Issue 15 found 51 × GH2012 (no `help`), SARIF2005 (no
//! `informationUri`) and GH1015 (a result without `locations`) this way.

use std::path::Path;
use std::process::Command;

use crate::tools;

fn sarif(records: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["check", "--format", "sarif", "--records"])
        .arg(records)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What the GitHub rules need, checked without the tool (so it runs everywhere).
fn assert_code_scanning_shape(log: &serde_json::Value) {
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    for rule in driver["rules"].as_array().unwrap() {
        let help = &rule["help"];
        assert!(
            help["text"].as_str().is_some_and(|t| t.contains("要點")),
            "{rule}"
        );
        assert!(
            help["markdown"].as_str().is_some_and(|t| t.len() > 20),
            "{rule}"
        );
    }
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let loc = &result["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string(), "{result}");
        assert!(
            loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
            "{result}"
        );
    }
}

#[test]
fn a_finding_without_a_file_is_placed_at_county_toml_line_1() {
    let dir = crate::harness::base_copy();
    let log = sarif(&dir.path().join("records"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{log}");
    assert_eq!(results[0]["ruleId"], "history-unavailable");
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "records/county.toml");
    assert_eq!(loc["region"]["startLine"], 1);
    assert_code_scanning_shape(&log);
}

#[test]
fn github_code_scanning_rules_find_nothing() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    let base = crate::harness::base_copy();
    let logs = [sarif(&demo), sarif(&base.path().join("records"))];
    for log in &logs {
        assert_code_scanning_shape(log);
    }
    let Some(multitool) = tools::sarif_multitool() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (i, log) in logs.iter().enumerate() {
        let input = dir.path().join(format!("{i}.sarif"));
        std::fs::write(&input, serde_json::to_string_pretty(log).unwrap()).unwrap();
        let report = dir.path().join(format!("{i}.validation.sarif"));
        let out = Command::new(&multitool)
            .args(["validate", "--rule-kind", "Sarif;Gh", "--output"])
            .arg(&report)
            .arg(&input)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{said}");
        let validation: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let problems: Vec<String> = validation["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["level"] != "note" && r["kind"] != "pass")
            .map(|r| format!("{} {}", r["ruleId"], r["message"]))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
