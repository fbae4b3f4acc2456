//! Fixture harness (STYLE.md): `tests/fixtures/base/records` is a small clean county with no
//! finding at all; `tests/fixtures/rules/<rule-id>/{fail,pass}/` are overlays on it. An overlay
//! holds files under `records/` that replace or add to the base, and optionally a file
//! `DELETE` listing paths (relative to `records/`, one a line) to remove from the base.
//!
//! Each rule's test switches that rule alone on and asserts, in code, exactly which findings
//! `fail` raises (rule, file, line, subject) and that `pass` — the near miss — raises none.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use imaudit::diag;
use imaudit::evaluate::{evaluate, Evaluation, HistoryMode, Options};
use imaudit::rules::Severity;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies the folder `from` into `to` (made as needed), files and folders, in name order.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the base county with the overlay `rules/<rule>/<case>` applied.
/// The records folder is `<tempdir>/records`.
pub fn overlay(rule: &str, case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(&fixtures().join("base/records"), &records);
    let over = fixtures().join("rules").join(rule).join(case);
    assert!(over.is_dir(), "missing fixture {}", over.display());
    if over.join("records").is_dir() {
        copy_tree(&over.join("records"), &records);
    }
    if let Ok(list) = std::fs::read_to_string(over.join("DELETE")) {
        for line in list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let p = records.join(line);
            if p.is_dir() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap_or_else(|e| panic!("DELETE {line}: {e}"));
            }
        }
    }
    dir
}

/// A finding as the tests compare it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub rule: String,
    pub severity: Severity,
    /// Relative to the records folder, e.g. `offices/demo/people.toml`.
    pub file: String,
    pub line: usize,
    pub subject: String,
}

pub fn eval(records: &Path, only: Option<&[&'static str]>) -> Evaluation {
    let only = only.map(|ids| ids.iter().copied().collect::<BTreeSet<_>>());
    // Fixtures live inside this project's own repository, whose history is the code's, not a
    // county's: the git rules have their own tests (trail.rs).
    let options = Options {
        only,
        history: HistoryMode::Skip,
        ..Options::default()
    };
    evaluate(records, &options).unwrap()
}

pub fn seen(e: &Evaluation) -> Vec<Seen> {
    e.findings
        .iter()
        .map(|f| {
            let loc = diag::location(f, e.sources());
            Seen {
                rule: f.rule.id.to_string(),
                severity: f.severity,
                file: loc
                    .as_ref()
                    .map(|l| {
                        l.file
                            .strip_prefix("records/")
                            .unwrap_or(&l.file)
                            .to_string()
                    })
                    .unwrap_or_default(),
                line: loc.map_or(0, |l| l.line),
                subject: f.subject.clone().unwrap_or_default(),
            }
        })
        .collect()
}

/// Findings of `rule` alone on the overlay `rule/case`.
pub fn findings_of(rule: &'static str, case: &str) -> Vec<Seen> {
    let dir = overlay(rule, case);
    seen(&eval(&dir.path().join("records"), Some(&[rule])))
}

/// `fail` raises exactly `expected` (file, line, subject), all of `rule` at `severity`.
pub fn assert_fail(rule: &'static str, severity: Severity, expected: &[(&str, usize, &str)]) {
    assert_case(rule, "fail", severity, expected);
}

/// The overlay `case` raises exactly `expected`.
pub fn assert_case(
    rule: &'static str,
    case: &str,
    severity: Severity,
    expected: &[(&str, usize, &str)],
) {
    let got = findings_of(rule, case);
    let want: Vec<Seen> = expected
        .iter()
        .map(|(file, line, subject)| Seen {
            rule: rule.to_string(),
            severity,
            file: file.to_string(),
            line: *line,
            subject: subject.to_string(),
        })
        .collect();
    assert_eq!(got, want, "findings of {rule} on {case}");
}

/// `pass` (the near miss) raises nothing of `rule`.
pub fn assert_pass(rule: &'static str) {
    let got = findings_of(rule, "pass");
    assert!(
        got.is_empty(),
        "{rule} on pass should raise nothing, got {got:#?}"
    );
}

/// Whether a rule reads git history (their tests build repositories in code,
/// tests/it/trail.rs): the catalogue says so by the rule's kind.
pub fn is_git_rule(r: &imaudit::catalogue::Rule) -> bool {
    r.kind.needs_history()
}

/// Every rule but the git ones: fixtures live inside this project's own repository, whose
/// history is the code's, not a county's.
pub fn eval_without_history(records: &Path) -> Evaluation {
    let ids: Vec<&'static str> = imaudit::rules::all()
        .into_iter()
        .filter(|r| !is_git_rule(r))
        .map(|r| r.id)
        .collect();
    eval(records, Some(&ids))
}

/// Every file of a built site by its path (`/`-separated): its bytes.
pub fn site_bytes(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    site_files(site)
        .into_iter()
        .map(|(path, (bytes, _))| (path, bytes))
        .collect()
}

/// Every file of a built site by its path (`/`-separated): its bytes and, on Unix, its inode
/// (a file a rebuild kept keeps its inode; 0 elsewhere).
pub fn site_files(site: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, u64)> {
    walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            #[cfg(unix)]
            let ino = std::os::unix::fs::MetadataExt::ino(&e.metadata().unwrap());
            #[cfg(not(unix))]
            let ino = 0;
            (rel, (std::fs::read(e.path()).unwrap(), ino))
        })
        .collect()
}

/// A temporary folder holding a copy of the base county in `records/`.
pub fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &fixtures().join("base/records"),
        &dir.path().join("records"),
    );
    dir
}

/// Debian's Chromium (`/usr/bin/chromium`, else `chromium` or `chromium-browser` on PATH), for
/// the browser tests. `None` skips them, except under `CI=true`, where they must run: then it
/// panics.
pub fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    let found = if fixed.is_file() {
        Some(fixed.to_path_buf())
    } else {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
                .find(|p| p.is_file())
        })
    };
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true and chromium is not installed: the browser test must run in CI");
        }
        eprintln!("browser test skipped: chromium not found (/usr/bin/chromium or on PATH); apt-get install chromium poppler-utils");
    }
    found
}

/// Headless Chromium as the brief runs it (no sandbox, no GPU, no network of its own), with
/// the fresh profile `profile`; the caller adds its own flags and the page.
pub fn headless(bin: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// A records folder of the given files only.
pub fn with_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join("records").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// The base county with `files` written over it.
pub fn base_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = base_copy();
    for (path, bytes) in files {
        let p = dir.path().join("records").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// The base county's January log, the file most tests of bad input spoil.
pub const JAN: &str = "offices/demo/logs/2026/2026-01.toml";
