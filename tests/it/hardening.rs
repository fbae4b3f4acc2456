//! Hardening (issue 8): files as Windows editors save them, the file system's traps (symbolic
//! links, runaway files, special files, an `--out` that would replace the records), output
//! that is the same whatever the machine, and a manifest that catches a rewritten history.
//! The property tests (calendar, ROC dates, the sort-and-sweep matching against brute force)
//! are at the end; the fuzz targets are in fuzz/.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use imaudit::diag;
use imaudit::evaluate::Evaluation;

use git2::Oid;

use crate::git_repo::Repo;
use crate::harness::{base_copy, copy_tree, eval, eval_without_history, fixtures, overlay};

// ---------------------------------------------------------------------------------------------
// Files from Windows editors

/// A finding as the editor tests compare it: where it is, to the column, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Located {
    rule: String,
    file: String,
    line: usize,
    column: usize,
    subject: String,
    message: String,
    /// The text the span covers, line endings and trailing blanks left out, tabs around `=`
    /// as spaces.
    excerpt: String,
    /// The secondary labels' lines.
    labels: Vec<(String, usize, usize)>,
}

fn located(e: &Evaluation) -> Vec<Located> {
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
            let loc = diag::location(f, &e.sources);
            let excerpt = f
                .span
                .as_ref()
                .map(|s| {
                    let text = &e.sources.get(s.file).text;
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
                    let file = e.sources.get(s.file);
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

/// A records folder of the given files only.
fn with_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join("records").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// The base county with `files` written over it.
fn base_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = base_copy();
    for (path, bytes) in files {
        let p = dir.path().join("records").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

const JAN: &str = "offices/demo/logs/2026/2026-01.toml";

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
    assert!(e.records.is_unreadable(&imaudit::model::Place::Log(
        "demo".into(),
        "2026-01".parse().unwrap()
    )));
    // The human report shows the line with the bad bytes replaced, not garbage or a panic.
    let human = diag::human::render(&e.findings, &e.sources, false);
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
    assert!(e.records.is_unreadable(&imaudit::model::Place::Log(
        "demo".into(),
        "2026-01".parse().unwrap()
    )));
    // The excerpt is the first line as its author sees it, decoded.
    let human = diag::human::render(&e.findings, &e.sources, false);
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
        let _ = diag::human::render(&e.findings, &e.sources, false);
    }
}

// ---------------------------------------------------------------------------------------------
// The file system

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_outside_the_records_is_not_followed() {
    let dir = base_copy();
    let outside = dir.path().join("outside.toml");
    // Content that would load as a valid log if it were followed.
    std::fs::copy(fixtures().join("base/records").join(JAN), &outside).unwrap();
    let link = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let e = eval_without_history(&dir.path().join("records"));
    let got: Vec<_> = located(&e)
        .into_iter()
        .map(|l| (l.rule, l.file, l.line))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string(),
            1
        )]
    );
    assert!(!e.records.offices["demo"]
        .logs
        .contains_key(&"2026-03".parse().unwrap()));
    let (_, source) = e
        .sources
        .iter()
        .find(|(_, f)| f.name.ends_with("2026-03.toml"))
        .unwrap();
    assert!(source.text.is_empty(), "the link's target was read");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_record_inside_the_records_is_not_followed_either() {
    let dir = base_copy();
    let link = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    std::os::unix::fs::symlink("2026-01.toml", &link).unwrap();
    let got: Vec<_> = located(&eval_without_history(&dir.path().join("records")))
        .into_iter()
        .map(|l| (l.rule, l.file))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string()
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_outside_the_records_is_not_entered() {
    let dir = base_copy();
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir_all(outside.join("logs/2026")).unwrap();
    std::fs::write(outside.join("office.toml"), "name = \"x\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("records/offices/ghost")).unwrap();
    let e = eval_without_history(&dir.path().join("records"));
    let got: Vec<_> = located(&e).into_iter().map(|l| (l.rule, l.file)).collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/ghost".to_string()
        )]
    );
    assert!(!e.records.offices.contains_key("ghost"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = base_copy();
    let path = dir.path().join("records").join(JAN);
    // Sparse: set_len costs no disk and no memory; reading it would cost 64 MiB.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(imaudit::load::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let e = eval_without_history(&dir.path().join("records"));
    let got = located(&e);
    let at: Vec<_> = got
        .iter()
        .map(|l| (l.rule.as_str(), l.file.as_str(), l.line, l.column))
        .collect();
    assert_eq!(
        at,
        vec![(
            "parse-error",
            "records/offices/demo/logs/2026/2026-01.toml",
            1,
            1
        )]
    );
    assert!(got[0].message.contains("64 MiB"), "{}", got[0].message);
    let (_, source) = e
        .sources
        .iter()
        .find(|(_, f)| f.name.ends_with("2026-01.toml"))
        .unwrap();
    assert!(source.text.is_empty(), "the file was read");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_records_is_reported_not_read() {
    // Reading a FIFO blocks until someone writes to it: the check would hang forever.
    let dir = base_copy();
    let fifo = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let got: Vec<_> = located(&eval_without_history(&dir.path().join("records")))
        .into_iter()
        .map(|l| (l.rule, l.file))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string()
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// `build --out`: never a folder of the user's

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `build --records <records> --out <out>` is refused with exit 2, one line saying why, and
/// not a file under `root` changes.
fn assert_refused(root: &Path, records: &Path, out: &Path, why: &str) {
    let before = tree(root);
    let run = imaudit()
        .args(["build", "--records"])
        .arg(records)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "--out {}: {err}", out.display());
    assert!(err.contains(why), "--out {}: {err}", out.display());
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        before == tree(root),
        "--out {} changed files",
        out.display()
    );
}

/// A git work tree holding the base county in `records/`, plus a README of the user's.
fn repository_with_records() -> (tempfile::TempDir, PathBuf) {
    let dir = base_copy();
    git2::Repository::init(dir.path()).unwrap();
    std::fs::write(dir.path().join("README.md"), "# 我們的紀錄\n").unwrap();
    let records = dir.path().join("records");
    (dir, records)
}

#[test]
fn out_refuses_the_records_folder_even_with_a_site_marker_in_it() {
    let (dir, records) = repository_with_records();
    // A marker left by a site once built there by hand must not make the records replaceable.
    std::fs::write(records.join(".imaudit-site"), "").unwrap();
    assert_refused(dir.path(), &records, &records, "就是紀錄資料夾");
    // The same folder spelt another way.
    assert_refused(
        dir.path(),
        &records,
        &records.join("offices/../."),
        "就是紀錄資料夾",
    );
}

#[cfg(unix)]
#[test]
fn out_refuses_a_link_to_the_records_folder() {
    let (dir, records) = repository_with_records();
    let link = dir.path().join("site-link");
    std::os::unix::fs::symlink(&records, &link).unwrap();
    std::fs::write(records.join(".imaudit-site"), "").unwrap();
    assert_refused(dir.path(), &records, &link, "就是紀錄資料夾");
}

#[test]
fn out_refuses_a_folder_inside_the_records() {
    let (dir, records) = repository_with_records();
    assert_refused(
        dir.path(),
        &records,
        &records.join("site"),
        "位於紀錄資料夾內",
    );
}

#[test]
fn out_refuses_the_repository_root() {
    let (dir, records) = repository_with_records();
    std::fs::write(dir.path().join(".imaudit-site"), "").unwrap();
    assert_refused(dir.path(), &records, dir.path(), "git 儲存庫根目錄");
}

#[test]
fn out_refuses_any_folder_that_holds_the_records() {
    // Not a git repository: the folder above is an ancestor, not a work tree.
    let outer = tempfile::tempdir().unwrap();
    let records = outer.path().join("county/2026/records");
    copy_tree(&fixtures().join("base/records"), &records);
    for ancestor in [
        outer.path().join("county/2026"),
        outer.path().join("county"),
    ] {
        std::fs::write(ancestor.join(".imaudit-site"), "").unwrap();
        assert_refused(outer.path(), &records, &ancestor, "包含紀錄資料夾");
    }
}

#[test]
fn out_refuses_a_folder_of_other_files_and_names_the_marker() {
    let (dir, records) = repository_with_records();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("會議紀錄.docx"), "not a site").unwrap();
    assert_refused(dir.path(), &records, &docs, ".imaudit-site");
}

#[test]
fn out_accepts_a_new_folder_an_empty_one_and_a_previous_site() {
    let (dir, records) = repository_with_records();
    let site = dir.path().join("site");
    for round in ["new", "previous site"] {
        let run = imaudit()
            .args(["build", "--records"])
            .arg(&records)
            .arg("--out")
            .arg(&site)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{round}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(site.join(".imaudit-site").is_file());
    }
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = imaudit()
        .args(["build", "--records"])
        .arg(&records)
        .arg("--out")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// manifest.json and `check --against-manifest`: a rewritten history is caught

const FEB: &str = "offices/demo/logs/2026/2026-02.toml";

impl Repo {
    /// The base county without its February log imported on 2026-02-05, then the February
    /// log added fully signed on 2026-03-04 by the director.
    fn signed_february() -> (Repo, Oid, Oid) {
        let r = Repo::with_base();
        let feb = r.read(FEB);
        r.remove(FEB);
        let import = force_commit(&r, "資訊室", "2026-02-05T09:00", "匯入既有紀錄", None);
        r.write(FEB, &feb);
        let signed = force_commit(
            &r,
            "陳志明",
            "2026-03-04T09:00",
            "2026-02 日誌簽核",
            Some(import),
        );
        (r, import, signed)
    }
}

/// Commits the work tree with `parent` as the only parent and points the branch at it,
/// whatever it pointed at before (as `git push --force` makes the remote do).
fn force_commit(r: &Repo, who: &str, when: &str, message: &str, parent: Option<Oid>) -> Oid {
    let parents: Vec<Oid> = parent.into_iter().collect();
    let oid = r.commit_with(
        (who, "office@demo.gov.tw"),
        None,
        when,
        message,
        &parents,
        None,
    );
    r.repo
        .reference("refs/heads/master", oid, true, "force")
        .unwrap();
    r.repo.set_head("refs/heads/master").unwrap();
    oid
}

/// `build` into `<dir>/site` and the published manifest, kept apart from the repository as an
/// inspector would keep it.
fn publish(records: &Path, keep: &Path) -> serde_json::Value {
    let site = keep.join("site");
    let run = imaudit()
        .args(["build", "--records"])
        .arg(records)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::copy(site.join("manifest.json"), keep.join("manifest.json")).unwrap();
    serde_json::from_slice(&std::fs::read(keep.join("manifest.json")).unwrap()).unwrap()
}

/// `check --against-manifest` with the trail rules: (rule, file, line, subject, message).
fn against(records: &Path, manifest: &Path) -> Vec<(String, String, u64, String, String)> {
    let run = imaudit()
        .args(["check", "--format", "json", "--only"])
        .arg("history-rewritten,signed-record-modified,record-deleted")
        .arg("--records")
        .arg(records)
        .arg("--against-manifest")
        .arg(manifest)
        .output()
        .unwrap();
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["subject"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_manifest_lists_every_record_with_its_hash_and_signing_commit() {
    let (r, import, signed) = Repo::signed_february();
    let keep = tempfile::tempdir().unwrap();
    let m = publish(&r.records(), keep.path());
    assert_eq!(m["version"], 1);
    assert_eq!(m["as_of"], "2026-03-05");
    assert_eq!(m["head"], signed.to_string());
    let records = m["records"].as_array().unwrap();
    let paths: Vec<&str> = records
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "sorted by path");
    assert!(paths.contains(&"county.toml") && paths.contains(&"regulation.md"));
    assert!(paths.contains(&"offices/demo/system-logs/2026-01.csv"));
    let of = |p: &str| records.iter().find(|x| x["path"] == p).unwrap().clone();
    let feb = of(FEB);
    assert_eq!(feb["signed"], true);
    assert_eq!(feb["signed_in"], signed.to_string());
    assert_eq!(feb["amendments"], 0);
    assert_eq!(feb["content_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        of("offices/demo/logs/2026/2026-01.toml")["signed_in"],
        import.to_string()
    );
    let people = of("offices/demo/people.toml");
    assert_eq!(people["signed"], false);
    assert!(people.get("signed_in").is_none());
}

#[test]
fn a_signed_log_edited_and_its_history_remade_by_a_force_push_is_caught() {
    let (r, import, _signed) = Repo::signed_february();
    let keep = tempfile::tempdir().unwrap();
    publish(&r.records(), keep.path());
    let manifest = keep.path().join("manifest.json");
    assert_eq!(against(&r.records(), &manifest), vec![]);

    // Someone edits a signed entry's logout, then re-makes the commit that added the log so
    // the edited text is what was "signed", and force-pushes: no commit shows the edit.
    let feb = r.read(FEB);
    let edited = feb.replacen(
        "logout = 2026-02-03T09:16:00",
        "logout = 2026-02-03T09:46:00",
        1,
    );
    assert_ne!(
        feb, edited,
        "the base February log changed: update this test"
    );
    r.write(FEB, &edited);
    force_commit(
        &r,
        "陳志明",
        "2026-03-04T09:00",
        "2026-02 日誌簽核",
        Some(import),
    );

    // Every other trail rule reads the history as it now is, and sees nothing.
    let without: Vec<_> = {
        let run = imaudit()
            .args(["check", "--format", "json", "--records"])
            .arg(r.records())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(without, Vec::<String>::new());

    let got = against(&r.records(), &manifest);
    assert_eq!(got.len(), 1, "{got:#?}");
    let (rule, file, line, subject, message) = &got[0];
    assert_eq!(
        (rule.as_str(), file.as_str(), *line, subject.as_str()),
        (
            "history-rewritten",
            "records/offices/demo/logs/2026/2026-02.toml",
            1,
            "2026-02"
        )
    );
    assert!(message.contains("內容與當時不同"), "{message}");
    assert!(message.contains("已不在 git 歷史中"), "{message}");
}

#[test]
fn a_history_remade_with_the_same_content_still_loses_its_signing_commit() {
    let (r, import, signed) = Repo::signed_february();
    let keep = tempfile::tempdir().unwrap();
    publish(&r.records(), keep.path());
    // A rebase that only rewords the message: the content is the same, the evidence of when
    // it was signed is not.
    force_commit(
        &r,
        "陳志明",
        "2026-03-04T09:00",
        "2026-02 日誌",
        Some(import),
    );
    let got = against(&r.records(), &keep.path().join("manifest.json"));
    let short = &signed.to_string()[..7];
    let messages: Vec<&str> = got.iter().map(|g| g.4.as_str()).collect();
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(messages[0].contains(short), "{}", messages[0]);
    assert!(!messages[0].contains("內容與當時不同"), "{}", messages[0]);
}

#[test]
fn a_signed_log_deleted_and_committed_is_caught_at_office_toml() {
    let (r, _, signed) = Repo::signed_february();
    let keep = tempfile::tempdir().unwrap();
    publish(&r.records(), keep.path());
    std::fs::remove_file(r.records().join(FEB)).unwrap();
    force_commit(&r, "王小明", "2026-03-05T09:00", "刪除", Some(signed));
    let got: Vec<_> = against(&r.records(), &keep.path().join("manifest.json"))
        .into_iter()
        .map(|(rule, file, line, subject, _)| (rule, file, line, subject))
        .collect();
    // record-deleted sees the deletion in history too; history-rewritten says what the
    // manifest lost. Both point where missing records point: office.toml's system_start.
    let office = "records/offices/demo/office.toml".to_string();
    assert_eq!(
        got,
        vec![
            (
                "history-rewritten".into(),
                office.clone(),
                2,
                "2026-02".into()
            ),
            ("record-deleted".into(), office, 2, "2026-02".into()),
        ]
    );
}

#[test]
fn an_amended_correction_reformatting_and_a_move_are_not_rewrites() {
    let (r, _, signed) = Repo::signed_february();
    let keep = tempfile::tempdir().unwrap();
    publish(&r.records(), keep.path());
    let manifest = keep.path().join("manifest.json");
    // Windows line endings and a comment: the same values.
    let jan = "offices/demo/logs/2026/2026-01.toml";
    r.write(
        jan,
        &format!("# 已簽核\r\n{}", r.read(jan).replace('\n', "\r\n")),
    );
    // A correction with its amendment.
    let feb = r.read(FEB).replacen(
        "logout = 2026-02-03T09:16:00",
        "logout = 2026-02-03T09:18:00",
        1,
    );
    r.write(
        FEB,
        &format!("{feb}\n[[amendment]]\ndate = 2026-03-05\nreason = \"登出時間誤植\"\nby = \"lin-mei-hua\"\napproved_by = \"chen-zhi-ming\"\n"),
    );
    // A monthly audit moved (the file kept, its folder renamed by mistake).
    let audit = "offices/demo/monthly-audits/2026/2026-01.toml";
    let moved = "offices/demo/monthly-audits/2025/2026-01.toml";
    let text = r.read(audit);
    std::fs::remove_file(r.records().join(audit)).unwrap();
    std::fs::create_dir_all(r.records().join("offices/demo/monthly-audits/2025")).unwrap();
    r.write(moved, &text);
    force_commit(&r, "林美華", "2026-03-05T10:00", "更正", Some(signed));
    let got: Vec<_> = against(&r.records(), &manifest)
        .into_iter()
        .filter(|g| g.0 == "history-rewritten")
        .collect();
    assert_eq!(got, vec![]);
}

#[test]
fn a_manifest_that_is_not_one_is_exit_2() {
    let dir = base_copy();
    let bad = dir.path().join("manifest.json");
    std::fs::write(
        &bad,
        "{\"version\": 9, \"as_of\": \"2026-03-05\", \"records\": []}",
    )
    .unwrap();
    for (file, why) in [
        (bad.clone(), "版本 9"),
        (dir.path().join("none.json"), "無法讀取"),
    ] {
        let run = imaudit()
            .args(["check", "--records"])
            .arg(dir.path().join("records"))
            .arg("--against-manifest")
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{err}");
        assert!(err.contains(why), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Same output everywhere: time zone, locale, threads, the order files are listed in

/// The base county in a git repository (so the site has history pages and the manifest has
/// commits), its files written in path order or in reverse, which is the order a folder lists
/// them in on most file systems.
fn county_in_git(reverse: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = fixtures().join("base/records");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&base).unwrap().to_path_buf())
        .collect();
    if reverse {
        files.reverse();
    }
    let records = dir.path().join("records");
    for rel in &files {
        let to = records.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(base.join(rel), to).unwrap();
    }
    let repo = git2::Repository::init(dir.path()).unwrap();
    let r = Repo { dir, repo };
    let feb = r.read(FEB);
    let first = feb.split("\n[signoff]").next().unwrap().to_string();
    r.write(FEB, &first);
    let import = force_commit(&r, "資訊室", "2026-02-05T09:00", "匯入既有紀錄", None);
    r.write(FEB, &feb);
    force_commit(
        &r,
        "陳志明",
        "2026-03-04T09:00",
        "2026-02 日誌簽核",
        Some(import),
    );
    let records = r.records();
    (r.dir, records)
}

/// `check --format json` and every file of `build`, run with `env`.
fn outputs(records: &Path, env: &[(&str, &str)]) -> (Vec<u8>, BTreeMap<String, Vec<u8>>) {
    let with_env = |mut c: Command| {
        c.env_remove("TZ").env_remove("LANG").env_remove("LC_ALL");
        for (k, v) in env {
            c.env(k, v);
        }
        c
    };
    let mut check = with_env(imaudit());
    let json = check
        .args(["check", "--format", "json", "--records"])
        .arg(records)
        .output()
        .unwrap();
    assert!(json.status.code().is_some_and(|c| c <= 1));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut build = with_env(imaudit());
    let run = build
        .args(["build", "--records"])
        .arg(records)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (json.stdout, tree(&site))
}

#[test]
fn output_is_the_same_bytes_whatever_the_time_zone_locale_threads_and_listing_order() {
    let (_a, in_order) = county_in_git(false);
    let (_b, reversed) = county_in_git(true);
    let (json, site) = outputs(
        &in_order,
        &[
            ("TZ", "Asia/Taipei"),
            ("LANG", "zh_TW.UTF-8"),
            ("RAYON_NUM_THREADS", "2"),
        ],
    );
    assert!(site.contains_key("manifest.json") && site.len() > 20);
    assert!(
        site.keys().any(|k| k.starts_with("history/offices/")),
        "no history pages: the comparison would miss commit times"
    );
    for (records, env) in [
        (
            &in_order,
            [
                ("TZ", "America/New_York"),
                ("LANG", "C"),
                ("RAYON_NUM_THREADS", "1"),
            ],
        ),
        (
            &reversed,
            [
                ("TZ", "America/New_York"),
                ("LANG", "C"),
                ("RAYON_NUM_THREADS", "2"),
            ],
        ),
        (
            &reversed,
            [
                ("TZ", "Pacific/Kiritimati"),
                ("LC_ALL", "C.UTF-8"),
                ("RAYON_NUM_THREADS", "1"),
            ],
        ),
    ] {
        let (j, s) = outputs(records, &env);
        assert!(j == json, "check --format json differs under {env:?}");
        let differ: Vec<&String> = site
            .keys()
            .chain(s.keys())
            .filter(|k| site.get(*k) != s.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "site files differ under {env:?}: {differ:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The site as an attack surface: no script can run, nothing is sent elsewhere

/// Records whose free text tries every way into a page: tags, event handlers, `javascript:`
/// links, raw HTML in regulation.md.
fn hostile(records: &Path) {
    let jan = records.join(JAN);
    let text = std::fs::read_to_string(&jan).unwrap().replacen(
        "purpose = \"辦理歸化國籍案件，查核居留期間\"",
        r#"purpose = "<script>alert(1)</script><img src=x onerror=alert(2)>\" onmouseover=\"alert(3)"
case = "javascript:alert(4)""#,
        1,
    );
    std::fs::write(&jan, text).unwrap();
    let reg = records.join("regulation.md");
    let mut md = std::fs::read_to_string(&reg).unwrap();
    md.push_str(
        "\n<script>alert(5)</script>\n\n<div onclick=\"alert(6)\">x</div>\n\n[連結](javascript:alert(7)) ![圖](https://example.com/x.png)\n\n<iframe src=\"https://example.com\"></iframe>\n",
    );
    std::fs::write(&reg, md).unwrap();
}

/// The attributes of every tag in `html`, as (tag, name, value).
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with('!') || tag.starts_with('/') {
            continue;
        }
        let mut parts = tag.splitn(2, |c: char| c.is_whitespace());
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        let mut attrs = parts.next().unwrap_or("").trim();
        while !attrs.is_empty() {
            let key_end = attrs
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(attrs.len());
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = attrs[key_end..].trim_start();
            let mut value = String::new();
            if let Some(v) = attrs.strip_prefix('=') {
                let v = v.trim_start();
                let (val, after) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = v[1..].find(q).map_or(v.len(), |i| i + 1);
                        (&v[1..close], v.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let e = v.find(char::is_whitespace).unwrap_or(v.len());
                        (&v[..e], &v[e..])
                    }
                };
                value = val.to_string();
                attrs = after.trim_start();
            }
            out.push((name.clone(), key, value));
        }
    }
    out
}

#[test]
fn no_page_can_run_a_script_or_send_a_request_anywhere() {
    let dir = base_copy();
    let records = dir.path().join("records");
    hostile(&records);
    let site = dir.path().join("site");
    let run = imaudit()
        .args(["build", "--records"])
        .arg(&records)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c <= 1));
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self' data:\">";
    let mut pages = 0;
    for (path, bytes) in tree(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        // default-src 'none' with no script-src: no script runs, inline or from anywhere.
        assert_eq!(html.matches(csp).count(), 1, "{path}: CSP");
        let head_end = html.find("</head>").unwrap_or(0);
        assert!(
            html.find(csp).unwrap() < head_end,
            "{path}: CSP outside <head>"
        );
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{path}: referrer"
        );
        for (tag, name, value) in attributes(&html) {
            assert!(
                !matches!(
                    tag.as_str(),
                    "script" | "iframe" | "object" | "embed" | "base" | "form"
                ),
                "{path}: <{tag}>"
            );
            assert!(!name.starts_with("on"), "{path}: <{tag} {name}=…>");
            if matches!(name.as_str(), "href" | "src" | "action" | "srcset") {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("http:")
                        && !v.starts_with("https:")
                        && !v.starts_with("//"),
                    "{path}: {tag} {name}={value}"
                );
            }
        }
    }
    assert!(pages > 20, "{pages} pages");
}

// ---------------------------------------------------------------------------------------------
// Property tests

mod properties {
    use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
    use proptest::prelude::*;

    use imaudit::rules::audits::reconcile::{covered, used};
    use imaudit::time::{roc, Calendar};

    fn config(cases: u32) -> ProptestConfig {
        ProptestConfig {
            cases,
            // Shrunk failures are printed; no files are written into the source tree.
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    /// A calendar of random listed rest days (typhoon days, holidays) and make-up Saturdays
    /// over three years from 2024.
    fn calendars() -> impl Strategy<Value = Calendar> {
        (
            proptest::collection::vec(0i64..1100, 0..120),
            proptest::collection::vec(0i64..160, 0..20),
        )
            .prop_map(|(rest, saturdays)| {
                let first_saturday = day(5);
                Calendar::new(
                    rest.into_iter().map(day),
                    saturdays
                        .into_iter()
                        .map(|w| first_saturday + Duration::weeks(w)),
                )
            })
    }

    proptest! {
        #![proptest_config(config(512))]

        #[test]
        fn a_deadline_is_never_before_d_plus_n_and_extended_only_past_rest_days(
            cal in calendars(), start in 0i64..1000, n in 0u32..120,
        ) {
            let d = day(start);
            let plain = cal.deadline(d, n, false);
            prop_assert_eq!(plain, d + Duration::days(i64::from(n)));
            let extended = cal.deadline(d, n, true);
            prop_assert!(extended >= plain);
            prop_assert!(!cal.is_rest_day(extended), "{} is a rest day", extended);
            // 民法第122條: moved only past rest days, to the first work day.
            for x in plain.iter_days().take_while(|x| *x < extended) {
                prop_assert!(cal.is_rest_day(x), "{} skipped but a work day", x);
            }
        }

        #[test]
        fn deadlines_are_monotonic_in_the_start_and_the_days(
            cal in calendars(), a in 0i64..1000, b in 0i64..1000, n in 0u32..60, m in 0u32..60,
            extend in any::<bool>(),
        ) {
            let (a, b) = (day(a.min(b)), day(a.max(b)));
            prop_assert!(cal.deadline(a, n, extend) <= cal.deadline(b, n, extend));
            let (n, m) = (n.min(m), n.max(m));
            prop_assert!(cal.deadline(a, n, extend) <= cal.deadline(a, m, extend));
        }

        #[test]
        fn roc_dates_round_trip(days in 0i64..365_000) {
            // 民國1年 (1912) to 民國999年: what three ROC digits can write.
            let d = NaiveDate::from_ymd_opt(1912, 1, 1).unwrap() + Duration::days(days);
            prop_assume!(d.year() <= 1911 + 999);
            prop_assert_eq!(roc::parse_roc_date(&roc::roc_date(d)), Some(d));
            prop_assert_eq!(roc::parse_roc_date(&roc::roc_short(d)), Some(d));
            let dashed = roc::roc_short(d).replace('/', "-");
            prop_assert_eq!(roc::parse_roc_date(&dashed), Some(d));
            if d.year() >= 1911 + 100 {
                let compact = roc::roc_short(d).replace('/', "");
                prop_assert_eq!(roc::parse_roc_date(&compact), Some(d));
            }
        }

        #[test]
        fn roc_date_times_round_trip_to_the_minute(days in 0i64..40_000, secs in 0u32..86_400) {
            let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days);
            let t = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
            let dt = NaiveDateTime::new(d, t);
            let minute = dt - Duration::seconds(i64::from(secs % 60));
            prop_assert_eq!(roc::parse_roc_datetime(&roc::roc_datetime(dt)), Some(minute));
        }

        #[test]
        fn roc_parsing_never_panics(s in "\\PC{0,24}") {
            let _ = roc::parse_roc_date(&s);
            let _ = roc::parse_roc_datetime(&s);
        }
    }

    fn at(minute: i64) -> NaiveDateTime {
        day(0).and_hms_opt(8, 0, 0).unwrap() + Duration::minutes(minute)
    }

    /// Sessions `(person, login, end)` and queries `(person, time)` of three people over a
    /// day, sorted as the sweep takes them.
    #[allow(clippy::type_complexity)]
    fn sessions_and_queries() -> impl Strategy<
        Value = (
            Vec<(u8, NaiveDateTime, NaiveDateTime)>,
            Vec<(u8, NaiveDateTime)>,
        ),
    > {
        (
            proptest::collection::vec((0u8..3, 0i64..600, 0i64..90), 0..25),
            proptest::collection::vec((0u8..3, 0i64..700), 0..40),
        )
            .prop_map(|(s, q)| {
                let mut sessions: Vec<_> = s
                    .into_iter()
                    .map(|(p, login, len)| (p, at(login), at(login + len)))
                    .collect();
                sessions.sort_by_key(|&(p, login, _)| (p, login));
                let mut queries: Vec<_> = q.into_iter().map(|(p, t)| (p, at(t))).collect();
                queries.sort();
                (sessions, queries)
            })
    }

    proptest! {
        #![proptest_config(config(1024))]

        #[test]
        fn reconciliation_agrees_with_brute_force((sessions, queries) in sessions_and_queries()) {
            let brute_covered: Vec<bool> = queries
                .iter()
                .map(|&(p, t)| sessions.iter().any(|&(q, login, end)| q == p && login <= t && t <= end))
                .collect();
            prop_assert_eq!(covered(&queries, &sessions), brute_covered);
            let brute_used: Vec<bool> = sessions
                .iter()
                .map(|&(p, login, end)| queries.iter().any(|&(q, t)| q == p && login <= t && t <= end))
                .collect();
            prop_assert_eq!(used(&sessions, &queries), brute_used);
        }
    }

    /// One usage-log entry as generated: person index, login minute, logout (none, or minutes
    /// after login, possibly before it).
    type Entry = (usize, i64, Option<i64>);

    const PEOPLE: [&str; 2] = ["wang-xiao-ming", "lin-mei-hua"];

    fn log_text(entries: &[Entry]) -> (String, Vec<usize>) {
        let base = NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let mut text = String::from("month = \"2026-01\"\n");
        let mut lines = Vec::new();
        for &(p, login, logout) in entries {
            text.push_str("\n[[entry]]\n");
            // The line of this `[[entry]]`, where the finding points.
            lines.push(text.matches('\n').count());
            let login_at = base + Duration::minutes(login);
            text.push_str(&format!(
                "person = \"{}\"\nlogin = {}\n",
                PEOPLE[p],
                login_at.format("%Y-%m-%dT%H:%M:%S")
            ));
            if let Some(len) = logout {
                text.push_str(&format!(
                    "logout = {}\n",
                    (login_at + Duration::minutes(len)).format("%Y-%m-%dT%H:%M:%S")
                ));
            }
            text.push_str(
                "purpose = \"受理遷入登記，查核當事人是否出境逾二年\"\nitems = [\"entry-exit\"]\n",
            );
        }
        (text, lines)
    }

    /// The brute-force reading of `log-session-overlap`: an entry overlaps when an entry of the
    /// same person that comes before it (by login, then file order) ends after it begins; an
    /// entry without a valid logout lasts an instant.
    fn overlapping_lines(entries: &[Entry], lines: &[usize]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| (PEOPLE[entries[i].0], entries[i].1));
        let end = |i: usize| {
            let (_, login, logout) = entries[i];
            logout.filter(|l| *l > 0).map_or(login, |l| login + l)
        };
        let mut out: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|&(k, &i)| {
                order[..k]
                    .iter()
                    .any(|&j| entries[j].0 == entries[i].0 && entries[i].1 < end(j))
            })
            .map(|(_, &i)| lines[i])
            .collect();
        out.sort();
        out
    }

    proptest! {
        #![proptest_config(config(48))]

        #[test]
        fn session_overlap_agrees_with_brute_force(
            entries in proptest::collection::vec(
                (0usize..2, 0i64..600, proptest::option::of(-5i64..120)), 0..14),
        ) {
            let dir = crate::harness::base_copy();
            let records = dir.path().join("records");
            let (text, lines) = log_text(&entries);
            std::fs::write(records.join(super::JAN), text).unwrap();
            let e = crate::harness::eval(&records, Some(&["log-session-overlap"]));
            let mut got: Vec<usize> = crate::harness::seen(&e)
                .into_iter()
                .filter(|s| s.file == super::JAN)
                .map(|s| s.line)
                .collect();
            got.sort();
            prop_assert_eq!(got, overlapping_lines(&entries, &lines));
        }
    }
}

#[test]
fn a_policy_of_four_billion_days_panicked_the_deadline() {
    // Found probing county.toml by hand: every day count of [policy] set to u32::MAX
    // put the deadline past chrono's last date, and Calendar::deadline panicked.
    let mut county = std::fs::read_to_string(fixtures().join("base/records/county.toml")).unwrap();
    county.push_str("\n[policy]\n");
    for key in [
        "termination_days",
        "certificate_loss_notice_days",
        "log_signoff_days",
        "monthly_audit_days",
        "handover_days",
        "printout_days",
        "max_session_minutes",
        "idle_months",
        "log_retention_years",
        "internal_audits_per_year",
        "min_audit_team",
    ] {
        county.push_str(&format!("{key} = {}\n", u32::MAX));
    }
    let dir = base_with(&[("county.toml", county.as_bytes())]);
    let e = eval_without_history(&dir.path().join("records"));
    // Nothing is ever due, no log is late; the team can never be big enough.
    let rules: std::collections::BTreeSet<&str> = e.findings.iter().map(|f| f.rule.id).collect();
    assert!(
        !rules.contains("parse-error") && !rules.contains("log-signoff-missing"),
        "{rules:?}"
    );
}
