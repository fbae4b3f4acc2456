//! Reading rules and bad input (issue: "Bad input"): every malformed file is a finding with
//! file, line and column, exit status 1, no panic, and the other files are still checked.

use std::path::Path;

use crate::harness::*;
use imaudit::rules::Severity;

/// A records folder holding one broken log next to a log that raises its own finding, so each
/// test also proves the rest of the records were still checked.
fn with_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join("records").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn loc_of(dir: &Path, rule: &str) -> Vec<(String, usize, usize)> {
    let e = eval(&dir.join("records"), None);
    e.findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| {
            let l = imaudit::diag::location(f, e.sources()).expect("a location");
            (l.file, l.line, l.column)
        })
        .collect()
}

const LOG: &str = "offices/x/logs/2026/2026-01.toml";
const OTHER: &str = "offices/x/logs/2026/2026-02.toml";
/// A readable log whose month disagrees with its path: proves the others are still read.
const OTHER_TEXT: &[u8] = b"month = \"2026-03\"\n";

fn assert_parse_error(bytes: &[u8], line: usize, column: usize) {
    let dir = with_files(&[(LOG, bytes), (OTHER, OTHER_TEXT)]);
    assert_eq!(
        loc_of(dir.path(), "parse-error"),
        vec![(format!("records/{LOG}"), line, column)],
        "parse-error for {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
    );
    assert_eq!(
        loc_of(dir.path(), "path-mismatch"),
        vec![(format!("records/{OTHER}"), 1, 9)]
    );
}

#[test]
fn invalid_toml() {
    // toml reports the place where `]]` was expected: just after `[[entry]`.
    assert_parse_error(b"month = \"2026-01\"\n[[entry]\n", 2, 9);
}

#[test]
fn wrong_type() {
    assert_parse_error(b"month = \"2026-01\"\nno_usage = \"yes\"\n", 2, 12);
}

#[test]
fn unknown_key() {
    assert_parse_error(b"month = \"2026-01\"\nno_usage = true\nsignof = 1\n", 3, 1);
}

#[test]
fn impossible_date() {
    assert_parse_error(
        b"month = \"2026-01\"\n[[entry]]\nperson = \"a\"\nlogin = 2026-02-30T09:00:00\npurpose = \"x\"\n",
        4,
        9,
    );
}

#[test]
fn impossible_month() {
    assert_parse_error(b"month = \"2026-13\"\n", 1, 9);
}

#[test]
fn bom_is_accepted() {
    let dir = with_files(&[
        (LOG, b"\xEF\xBB\xBFmonth = \"2026-01\"\nno_usage = true\n"),
        (OTHER, OTHER_TEXT),
    ]);
    assert_eq!(loc_of(dir.path(), "parse-error"), vec![]);
}

#[test]
fn not_utf8_points_at_first_bad_byte() {
    // "用途" in Big5 on line 2, as a Windows editor saving "ANSI" would write it.
    let (big5, _, _) = encoding_rs::BIG5.encode("month = \"2026-01\"\n# 用途\n");
    assert_parse_error(&big5, 2, 3);
    let dir = with_files(&[(LOG, &big5)]);
    let e = eval(&dir.path().join("records"), None);
    assert!(
        e.findings[0].message.contains("Big5"),
        "{}",
        e.findings[0].message
    );
    assert_eq!(
        e.records().unreadable.len(),
        1,
        "the site must be able to list it"
    );
}

#[test]
fn empty_file() {
    assert_parse_error(b"", 1, 1);
}

#[test]
fn ten_megabyte_string() {
    let mut text = b"month = \"2026-01\"\n[[entry]]\nperson = \"a\"\nlogin = 2026-01-05T09:00:00\npurpose = \"".to_vec();
    text.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    text.extend(b"\"\nbad = 1\n");
    assert_parse_error(&text, 6, 1);
    // And the human report cuts the excerpt instead of printing 10 MB.
    let dir = with_files(&[(LOG, &text)]);
    let e = eval(&dir.path().join("records"), None);
    let human = imaudit::diag::human::render(&e.findings, e.sources(), false);
    assert!(human.len() < 10_000, "{} bytes", human.len());
}

#[test]
fn person_id_with_dot_dot() {
    let people = "[[person]]\nid = \"../etc\"\nname = \"王小明\"\n";
    let dir = with_files(&[("offices/x/people.toml", people.as_bytes())]);
    assert_eq!(
        loc_of(dir.path(), "parse-error"),
        vec![("records/offices/x/people.toml".into(), 2, 6)]
    );
}

#[test]
fn office_folder_with_bad_id_is_unexpected() {
    let dir = with_files(&[("offices/Bad..Name/office.toml", b"name = \"x\"\n")]);
    assert_eq!(
        loc_of(dir.path(), "unexpected-file"),
        vec![("records/offices/Bad..Name/office.toml".into(), 1, 1)]
    );
}

#[test]
fn csv_bad_row_is_reported_and_others_kept() {
    let csv = "time,account,item,function\n2026-01-05T09:01:00,a,entry-exit,查詢\nnot-a-time,a,entry-exit,查詢\n";
    let dir = with_files(&[("offices/x/system-logs/2026-01.csv", csv.as_bytes())]);
    assert_eq!(
        loc_of(dir.path(), "parse-error"),
        vec![("records/offices/x/system-logs/2026-01.csv".into(), 3, 1)]
    );
    let e = eval(&dir.path().join("records"), None);
    assert_eq!(
        e.records().offices["x"]
            .system_logs
            .values()
            .next()
            .unwrap()
            .data
            .rows
            .len(),
        1
    );
}

#[test]
fn crlf_columns_are_exact() {
    assert_parse_error(
        b"month = \"2026-01\"\r\nno_usage = true\r\n  oops = 1\r\n",
        3,
        3,
    );
}

// The reading rules on the base fixture, one at a time (fixtures under tests/fixtures/rules/).

#[test]
fn parse_error_fixture() {
    assert_fail(
        "parse-error",
        Severity::Error,
        &[("offices/demo/logs/2026/2026-01.toml", 3, "")],
    );
    assert_pass("parse-error");
}

#[test]
fn path_mismatch_fixture() {
    assert_fail(
        "path-mismatch",
        Severity::Error,
        &[("offices/demo/logs/2026/2026-01.toml", 1, "")],
    );
    assert_pass("path-mismatch");
}

#[test]
fn unexpected_file_fixture() {
    assert_fail(
        "unexpected-file",
        Severity::Warning,
        &[("offices/demo/log/2026/2026-01.toml", 1, "")],
    );
    assert_pass("unexpected-file");
}

#[test]
fn unknown_reference_fixture() {
    assert_fail(
        "unknown-reference",
        Severity::Error,
        &[("offices/demo/logs/2026/2026-01.toml", 4, "nobody")],
    );
    assert_pass("unknown-reference");
}

#[test]
fn duplicate_id_fixture() {
    assert_fail(
        "duplicate-id",
        Severity::Error,
        &[
            (
                "offices/demo/monthly-audits/2026/2026-01.toml",
                25,
                "2026-01",
            ),
            ("offices/demo/people.toml", 62, "lin-mei-hua"),
        ],
    );
    assert_pass("duplicate-id");
}
