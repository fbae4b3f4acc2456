//! The demo records raise exactly the findings listed in records/README.md: the deliberate
//! breaches, plus the deadlines still running on the demo's evaluation date (info).

use std::path::Path;

use crate::harness::*;
use imaudit::rules::Severity::{self, *};

const EXPECTED: &[(Severity, &str, &str, usize, &str)] = &[
    (
        Warning,
        "log-purpose-vague",
        "offices/lukang/logs/2025/2025-09.toml",
        169,
        "lin-jia-rong",
    ),
    (
        Error,
        "monthly-audit-missing",
        "offices/lukang/office.toml",
        3,
        "2026-05",
    ),
    (
        Info,
        "monthly-audit-missing",
        "offices/lukang/office.toml",
        3,
        "2026-10",
    ),
    (
        Info,
        "permission-review-missing",
        "offices/lukang/office.toml",
        3,
        "2026-H2",
    ),
    (
        Error,
        "system-log-unlogged-query",
        "offices/lukang/system-logs/2026-02.csv",
        56,
        "lin-jia-rong",
    ),
    (
        Warning,
        "log-session-too-long",
        "offices/tianzhong/logs/2025/2025-03.toml",
        170,
        "xie-shu-hui",
    ),
    (
        Warning,
        "pii-in-free-text",
        "offices/tianzhong/logs/2026/2026-06.toml",
        177,
        "xie-shu-hui",
    ),
    (
        Info,
        "monthly-audit-missing",
        "offices/tianzhong/office.toml",
        3,
        "2026-10",
    ),
    (
        Info,
        "permission-review-missing",
        "offices/tianzhong/office.toml",
        3,
        "2026-H2",
    ),
    (
        Warning,
        "log-off-hours",
        "offices/xihu/logs/2025/2025-06.toml",
        65,
        "li-zhen-xing",
    ),
    (
        Error,
        "log-signoff-missing",
        "offices/xihu/logs/2026/2026-10.toml",
        418,
        "2026-10",
    ),
    (
        Info,
        "monthly-audit-missing",
        "offices/xihu/office.toml",
        3,
        "2026-10",
    ),
    (
        Info,
        "permission-review-missing",
        "offices/xihu/office.toml",
        3,
        "2026-H2",
    ),
    (
        Error,
        "termination-overdue",
        "offices/xihu/people.toml",
        140,
        "zhou-jia-rong",
    ),
];

#[test]
fn demo_raises_exactly_the_documented_findings() {
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    let got = seen(&eval_without_history(&records));
    let want: Vec<Seen> = EXPECTED
        .iter()
        .map(|(severity, rule, file, line, subject)| Seen {
            rule: rule.to_string(),
            severity: *severity,
            file: file.to_string(),
            line: *line,
            subject: subject.to_string(),
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn demo_readme_lists_every_deliberate_breach() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("records/README.md"))
            .unwrap();
    for (severity, rule, file, _, subject) in EXPECTED {
        if *severity == Info {
            continue;
        }
        let row = readme
            .lines()
            .find(|l| l.contains(&format!("`{rule}`")) && l.contains(subject))
            .unwrap_or_else(|| panic!("records/README.md does not list {rule} for {subject}"));
        if !file.ends_with("office.toml") {
            assert!(
                row.contains(file),
                "README row for {rule} names another file: {row}"
            );
        }
    }
}
