//! Files as Windows editors save them: CRLF, a UTF-8 BOM, tabs, trailing blanks, Big5 and
//! UTF-16 text, files of comments only. Every finding stays at its line and column, and a
//! file that cannot be read says why and how to save it again.

use std::path::Path;

use imaudit::diag;
use imaudit::evaluate::Evaluation;

use crate::harness::{base_with, eval, eval_without_history, fixtures, overlay, with_files, JAN};

/// A finding as the editor tests compare it: where it is, to the column, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Located {
    pub(crate) rule: String,
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) subject: String,
    pub(crate) message: String,
    /// The text the span covers, line endings and trailing blanks left out, tabs around `=`
    /// as spaces.
    pub(crate) excerpt: String,
    /// The secondary labels' lines.
    pub(crate) labels: Vec<(String, usize, usize)>,
}

pub(crate) fn located(e: &Evaluation) -> Vec<Located> {
    let normal = |s: &str| -> String {
        s.split('\n')
            .map(|l| l.trim_end_matches(['\r', ' ', '\t']))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("\t=\t", " = ")
    };
    e.findings
        .iter()
        .map(|f| {
            let loc = diag::location(f, e.sources());
            let excerpt = f
                .span
                .as_ref()
                .map(|s| {
                    let text = &e.sources().get(s.file).text;
                    normal(
                        text.get(s.range.clone())
                            .unwrap_or("<not on a char boundary>"),
                    )
                })
                .unwrap_or_default();
            let labels = f
                .labels
                .iter()
                .map(|(s, _)| {
                    let file = e.sources().get(s.file);
                    let (line, column) = file.line_col(s.range.start);
                    (file.name.clone(), line, column)
                })
                .collect();
            Located {
                rule: f.rule.id.to_string(),
                file: loc.as_ref().map(|l| l.file.clone()).unwrap_or_default(),
                line: loc.as_ref().map_or(0, |l| l.line),
                column: loc.as_ref().map_or(0, |l| l.column),
                subject: f.subject.clone().unwrap_or_default(),
                message: f.message.clone(),
                excerpt,
                labels,
            }
        })
        .collect()
}

/// Rewrites every file under `records` with `f(relative path, bytes)`.
fn rewrite(records: &Path, f: impl Fn(&str, &[u8]) -> Vec<u8>) {
    for entry in walkdir::WalkDir::new(records) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(records)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path()).unwrap();
        std::fs::write(entry.path(), f(&rel, &bytes)).unwrap();
    }
}

/// Every failing fixture of a rule that does not read git: between them they raise every
/// such rule, on every kind of record.
fn failing_overlays() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(fixtures().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|r| fixtures().join("rules").join(r).join("fail").is_dir())
        .collect();
    out.sort();
    assert!(out.len() > 30, "only {} failing fixtures", out.len());
    out
}

/// Each failing fixture, as written and after `edit`, raises the same findings at the same
/// line and column with the same text under the span.
fn same_findings_after(what: &str, edit: impl Fn(&str, &[u8]) -> Vec<u8>) {
    for rule in failing_overlays() {
        let dir = overlay(&rule, "fail");
        let records = dir.path().join("records");
        let before = located(&eval_without_history(&records));
        assert!(!before.is_empty(), "{rule}/fail raises nothing");
        rewrite(&records, &edit);
        let after = located(&eval_without_history(&records));
        assert_eq!(before, after, "{rule}/fail {what}");
    }
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    text.replace('\n', "\r\n").into_bytes()
}

#[test]
fn crlf_line_endings_keep_every_finding_at_its_line_and_column() {
    same_findings_after("saved with CRLF", |_, b| crlf(b));
}

#[test]
fn a_utf8_bom_on_every_file_changes_nothing() {
    // Notepad (before Windows 10 1903) and Excel's "CSV UTF-8" write a BOM.
    same_findings_after("saved with a BOM", |_, b| {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        out.extend_from_slice(b);
        out
    });
}

#[test]
fn excel_csv_with_bom_and_crlf_reads_as_the_plain_one() {
    let dir = overlay("system-log-unlogged-query", "fail");
    let records = dir.path().join("records");
    let before = located(&eval_without_history(&records));
    rewrite(&records, |rel, b| {
        if rel.ends_with(".csv") {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend(crlf(b));
            out
        } else {
            b.to_vec()
        }
    });
    assert_eq!(before, located(&eval_without_history(&records)));
}

#[test]
fn tabs_around_equals_signs_count_as_one_column_each() {
    // " = " and "\t=\t" are both three characters: findings keep their columns exactly.
    same_findings_after("with tabs around =", |rel, b| {
        let text = String::from_utf8(b.to_vec()).unwrap();
        if rel.ends_with(".toml") {
            text.replace(" = ", "\t=\t").into_bytes()
        } else {
            text.into_bytes()
        }
    });
}

#[test]
fn a_parse_error_after_tabs_counts_each_tab_as_one_column() {
    let dir = with_files(&[(
        "offices/x/logs/2026/2026-01.toml",
        b"month = \"2026-01\"\n\tno_usage\t=\t\"yes\"\n",
    )]);
    let e = eval(&dir.path().join("records"), Some(&["parse-error"]));
    let at: Vec<_> = located(&e)
        .into_iter()
        .map(|l| (l.line, l.column))
        .collect();
    // tab, no_usage (8), tab, =, tab: the value starts at the 13th character.
    assert_eq!(at, vec![(2, 13)]);
}

#[test]
fn trailing_spaces_and_tabs_change_nothing() {
    same_findings_after("with trailing blanks", |rel, b| {
        let text = String::from_utf8(b.to_vec()).unwrap();
        if !rel.ends_with(".toml") {
            return text.into_bytes();
        }
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let (body, end) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            // Not inside a multi-line string, where blanks are part of the value.
            if body.contains("\"\"\"") || body.contains("'''") || body.is_empty() {
                out.push_str(line);
            } else {
                out.push_str(body);
                out.push_str("  \t ");
                out.push_str(end);
            }
        }
        out.into_bytes()
    });
}

#[test]
fn a_log_saved_as_big5_says_so_how_to_resave_and_where_the_first_bad_byte_is() {
    // Notepad set to "ANSI" on a Traditional Chinese Windows writes CP950 (Big5).
    let utf8 = std::fs::read_to_string(fixtures().join("base/records").join(JAN)).unwrap();
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&utf8);
    assert!(!unmappable);
    let first_bad = utf8.find(|c: char| !c.is_ascii()).unwrap();
    let line = utf8[..first_bad].matches('\n').count() + 1;
    let column = utf8[..first_bad]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    let dir = base_with(&[(JAN, &big5)]);
    let e = eval_without_history(&dir.path().join("records"));
    let got = located(&e);
    assert_eq!(got.len(), 1, "{got:#?}");
    let f = &got[0];
    assert_eq!(
        (f.rule.as_str(), f.file.as_str(), f.line, f.column),
        (
            "parse-error",
            "records/offices/demo/logs/2026/2026-01.toml",
            line,
            column
        ),
        "points at the first byte that is not UTF-8"
    );
    for words in ["Big5", "ANSI", "另存新檔", "UTF-8"] {
        assert!(
            f.message.contains(words),
            "{words} missing from {}",
            f.message
        );
    }
    // The month is unreadable, not missing: no log-month-missing, no signoff finding.
    assert!(e.records().is_unreadable(&imaudit::model::Place::Log(
        "demo".into(),
        "2026-01".parse().unwrap()
    )));
    // The human report shows the line with the bad bytes replaced, not garbage or a panic.
    let human = diag::human::render(&e.findings, e.sources(), false);
    assert!(
        human.contains(&format!("2026-01.toml:{line}:{column}")),
        "{human}"
    );
}

#[test]
fn a_log_saved_as_utf16_says_so_at_its_first_line() {
    // Notepad's "Unicode" is UTF-16 little-endian with a byte-order mark.
    let utf8 = std::fs::read_to_string(fixtures().join("base/records").join(JAN)).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(utf8.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let dir = base_with(&[(JAN, &utf16)]);
    let e = eval_without_history(&dir.path().join("records"));
    let got = located(&e);
    assert_eq!(got.len(), 1, "{got:#?}");
    let f = &got[0];
    assert_eq!(
        (f.rule.as_str(), f.file.as_str(), f.line, f.column),
        (
            "parse-error",
            "records/offices/demo/logs/2026/2026-01.toml",
            1,
            1
        )
    );
    for words in ["UTF-16", "Unicode", "另存新檔", "UTF-8"] {
        assert!(
            f.message.contains(words),
            "{words} missing from {}",
            f.message
        );
    }
    assert!(e.records().is_unreadable(&imaudit::model::Place::Log(
        "demo".into(),
        "2026-01".parse().unwrap()
    )));
    // The excerpt is the first line as its author sees it, decoded.
    let human = diag::human::render(&e.findings, e.sources(), false);
    assert!(human.contains("month = \"2026-01\""), "{human}");
}

#[test]
fn a_system_log_saved_as_big5_is_reported_at_its_first_chinese_byte() {
    let rel = "offices/demo/system-logs/2026-01.csv";
    let utf8 = std::fs::read_to_string(fixtures().join("base/records").join(rel)).unwrap();
    let (big5, _, _) = encoding_rs::BIG5.encode(&utf8);
    let dir = base_with(&[(rel, &big5)]);
    let got = located(&eval_without_history(&dir.path().join("records")));
    let first_bad = utf8.find(|c: char| !c.is_ascii()).unwrap();
    let line = utf8[..first_bad].matches('\n').count() + 1;
    let at: Vec<_> = got
        .iter()
        .map(|l| (l.rule.as_str(), l.file.as_str(), l.line))
        .collect();
    assert_eq!(
        at,
        vec![(
            "parse-error",
            "records/offices/demo/system-logs/2026-01.csv",
            line
        )]
    );
    assert!(got[0].message.contains("Big5"), "{}", got[0].message);
}

#[test]
fn crlf_system_log_rows_were_reported_on_the_line_above() {
    // Found by crlf_line_endings_keep_every_finding_at_its_line_and_column: the csv crate
    // gives a row's position as the `\n` of the row before when lines end in CRLF.
    let csv = "time,account,item,function\r\n2026-01-05T09:01:00,a,entry-exit,查詢\r\nnot-a-time,a,entry-exit,查詢\r\n";
    let dir = with_files(&[("offices/x/system-logs/2026-01.csv", csv.as_bytes())]);
    let e = eval(&dir.path().join("records"), Some(&["parse-error"]));
    let at: Vec<_> = located(&e)
        .into_iter()
        .map(|l| (l.line, l.column, l.excerpt))
        .collect();
    assert_eq!(at, vec![(3, 1, "not-a-time,a,entry-exit,查詢".to_string())]);
}

#[test]
fn a_log_with_only_comments_is_unreadable_not_missing() {
    let dir = base_with(&[(JAN, "# 115年1月 使用日誌\r\n# 尚未填寫\r\n".as_bytes())]);
    let got = located(&eval_without_history(&dir.path().join("records")));
    let at: Vec<_> = got
        .iter()
        .map(|l| (l.rule.as_str(), l.line, l.column))
        .collect();
    assert_eq!(at, vec![("parse-error", 1, 1)], "{got:#?}");
    assert!(got[0].message.contains("month"), "{}", got[0].message);
}

#[test]
fn every_kind_of_record_with_only_comments_is_reported_and_nothing_panics() {
    let comments = "# 只有註解\n\n   # 縮排的註解\n\t# tab\n".as_bytes();
    for rel in [
        "county.toml",
        "calendar/2026.toml",
        "offices/demo/office.toml",
        "offices/demo/people.toml",
        JAN,
        "offices/demo/monthly-audits/2026/2026-01.toml",
        "offices/demo/internal-audits/2026-01-22.toml",
        "offices/demo/permission-reviews/2026-H1.toml",
        "offices/demo/inspections/2026-02-10.toml",
        "offices/demo/handovers/2026-02-10-wang-xiao-ming.toml",
        "offices/demo/incidents/2026-02-10-lost-card.toml",
        "offices/demo/system-logs/2026-01.csv",
    ] {
        let dir = base_with(&[(rel, comments)]);
        let e = eval_without_history(&dir.path().join("records"));
        let file = format!("records/{rel}");
        let here: Vec<_> = located(&e).into_iter().filter(|l| l.file == file).collect();
        // A file of comments says nothing a record needs: either it is reported where it
        // starts, or the kind has no required key: a calendar of no extra rest days, a people
        // file of no one (then office.toml's roles name unknown people, reported there).
        if rel.starts_with("calendar/") || rel.ends_with("people.toml") {
            assert!(here.is_empty(), "{rel}: {here:#?}");
        } else {
            assert!(
                here.iter()
                    .any(|l| l.rule == "parse-error" && l.line == 1 && l.column == 1),
                "{rel}: {here:#?}"
            );
        }
        let _ = diag::human::render(&e.findings, e.sources(), false);
    }
}
