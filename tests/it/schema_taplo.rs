//! The schemas of `imaudit schema` as an editor uses them: taplo (`@taplo/cli`, the TOML
//! language server behind VS Code's Even Better TOML) checks every demo record and every
//! `imaudit new` output without an error, and flags each of a dozen broken records at the line
//! that is wrong, and only there (a typo'd key on its own line, not the whole entry; an extra
//! table at its header, not the whole file).
//!
//! What taplo cannot tell (issue 15): it reads a TOML date as a string, so a quoted date
//! `login = "2026-01-05T09:00:00"` passes here; `check` and imaudit's language server flag it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use imaudit::schema::{self, RecordKind};

use crate::tools;

/// `(file, line)` of every error taplo reports on `files`, and whether it exited 0.
fn taplo_check(
    taplo: &Path,
    dir: &Path,
    files: &[PathBuf],
) -> (bool, Vec<(String, usize)>, String) {
    let out = Command::new(taplo)
        .current_dir(dir)
        .arg("check")
        .args(files)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut errors = Vec::new();
    for line in text.lines() {
        // `  ┌─ /tmp/…/broken-01.toml:6:9`
        let Some(at) = line.trim_start().strip_prefix("┌─ ") else {
            continue;
        };
        let mut parts = at.rsplitn(3, ':');
        let (_col, line_no, file) = (parts.next(), parts.next(), parts.next());
        if let (Some(file), Some(n)) = (file, line_no.and_then(|n| n.parse().ok())) {
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            errors.push((name, n));
        }
    }
    (out.status.success(), errors, text)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect()
}

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

#[test]
fn taplo_accepts_every_demo_record_and_every_new_record() {
    let Some(taplo) = tools::taplo() else { return };
    // The demo records with the schemas of this build beside them.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_tree(&root.join("records"), &dir.path().join("records"));
    schema::write_all(&dir.path().join("schemas")).unwrap();
    // A new county with one record of every kind `new` writes.
    let county = dir.path().join("county");
    let ok = |c: &mut Command| {
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{c:?}: {o:?}");
    };
    ok(imaudit()
        .arg("init")
        .arg(&county)
        .args(["--office", "tianzhong"]));
    let news: &[&[&str]] = &[
        &[
            "office",
            "--office",
            "lukang",
            "--name",
            "彰化縣鹿港戶政事務所",
            "--date",
            "2026-01-05",
        ],
        &[
            "person",
            "--office",
            "lukang",
            "--person",
            "wang-xiao-ming",
            "--name",
            "王小明",
        ],
        &["log", "--office", "lukang", "--month", "2026-01"],
        &["monthly-audit", "--office", "lukang", "--month", "2026-01"],
        &[
            "internal-audit",
            "--office",
            "lukang",
            "--date",
            "2026-01-20",
        ],
        &[
            "permission-review",
            "--office",
            "lukang",
            "--period",
            "2026-H1",
        ],
        &["inspection", "--office", "lukang", "--date", "2026-01-21"],
        &[
            "handover",
            "--office",
            "lukang",
            "--date",
            "2026-01-22",
            "--person",
            "wang-xiao-ming",
        ],
        &[
            "incident",
            "--office",
            "lukang",
            "--date",
            "2026-01-23",
            "--person",
            "wang-xiao-ming",
        ],
    ];
    for args in news {
        ok(imaudit()
            .current_dir(&county)
            .arg("new")
            .args(*args)
            .args(["--as-of", "2026-02-25"]));
    }
    let mut files = toml_files(&dir.path().join("records"));
    let new_files = toml_files(&county.join("records"));
    assert!(new_files.len() >= 12, "{new_files:?}");
    files.extend(new_files);
    let (ok, errors, text) = taplo_check(&taplo, dir.path(), &files);
    assert!(ok && errors.is_empty(), "{text}");
}

const LOG_HEAD: &str = "month = \"2026-01\"\n\n[[entry]]\nperson = \"wang-xiao-ming\"\n";

#[test]
fn taplo_flags_each_broken_record_at_its_line() {
    let Some(taplo) = tools::taplo() else { return };
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    schema::write_all(&schemas).unwrap();
    let log = |rest: &str| format!("{LOG_HEAD}{rest}");
    // (what is wrong, the kind, the text after the `#:schema` line, the 1-based line — counting
    // the `#:schema` line — taplo must mark).
    let cases: Vec<(&str, RecordKind, String, usize)> = vec![
        (
            "junk date-time",
            RecordKind::Log,
            log("login = \"yesterday\"\nlogout = 2026-01-06T11:00:00\npurpose = \"查核\"\n"),
            6,
        ),
        (
            "a date where a date-time belongs",
            RecordKind::Log,
            log("login = 2026-01-06T10:00:00\nlogout = 2026-01-06\npurpose = \"查核\"\n"),
            7,
        ),
        (
            "bad enum",
            RecordKind::Log,
            log("login = 2026-01-06T10:00:00\nitems = [\"entry-exitt\"]\npurpose = \"查核\"\n"),
            7,
        ),
        (
            // An optional key: a typo'd required key (`purpos`) also leaves the entry without
            // `purpose`, which taplo marks on every line of the entry (JSON Schema `required`).
            "typo'd key",
            RecordKind::Log,
            log("login = 2026-01-06T10:00:00\npurpose = \"查核\"\ncaes = \"1150106-0003\"\n"),
            8,
        ),
        (
            "wrong type",
            RecordKind::Log,
            log("login = 2026-01-06T10:00:00\npurpose = \"查核\"\nprinted = \"yes\"\n"),
            8,
        ),
        (
            "extra table",
            RecordKind::Log,
            log("login = 2026-01-06T10:00:00\npurpose = \"查核\"\n\n[extra]\nnote = \"x\"\n"),
            9,
        ),
        (
            "bad event type",
            RecordKind::People,
            "[[person]]\nid = \"lin-mei-hua\"\nname = \"林美華\"\n\n[person.account]\nitems = [\"entry-exit\"]\n\n[[person.account.event]]\ndate = 2025-10-01\ntype = \"aplied\"\n".to_string(),
            11,
        ),
        (
            "junk date in an event",
            RecordKind::People,
            "[[person]]\nid = \"lin-mei-hua\"\nname = \"林美華\"\n\n[person.account]\nitems = [\"entry-exit\"]\n\n[[person.account.event]]\ndate = \"last week\"\ntype = \"applied\"\n".to_string(),
            10,
        ),
        (
            "an id with capitals and spaces",
            RecordKind::People,
            "[[person]]\nid = \"Lin Mei Hua\"\nname = \"林美華\"\n".to_string(),
            3,
        ),
        (
            "a month in the wrong form",
            RecordKind::Log,
            "month = \"2026/01\"\n\n[[entry]]\nperson = \"wang-xiao-ming\"\nlogin = 2026-01-06T10:00:00\npurpose = \"查核\"\n".to_string(),
            2,
        ),
        (
            "typo'd key in county.toml",
            RecordKind::County,
            "name = \"彰化縣\"\nauthoritty = \"彰化縣政府民政處\"\n".to_string(),
            3,
        ),
        (
            "a date-time where a date belongs",
            RecordKind::Office,
            "name = \"彰化縣示範戶政事務所\"\nsystem_start = 2025-11-03T08:00:00\n".to_string(),
            3,
        ),
    ];
    let mut files = Vec::new();
    for (i, (_, kind, text, _)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("broken-{i:02}.toml"));
        let directive = format!("#:schema {}", schemas.join(kind.file_name()).display());
        std::fs::write(&path, format!("{directive}\n{text}")).unwrap();
        files.push(path);
    }
    let (ok, errors, text) = taplo_check(&taplo, dir.path(), &files);
    assert!(!ok, "{text}");
    let mut by_file: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (file, line) in errors {
        by_file.entry(file).or_default().push(line);
    }
    let mut wrong = Vec::new();
    for (i, (what, _, _, line)) in cases.iter().enumerate() {
        let name = format!("broken-{i:02}.toml");
        let lines = by_file.get(&name).cloned().unwrap_or_default();
        // The first mark is on the line; an extra table may also mark its own keys, nothing
        // else may be marked.
        let fine = lines.first() == Some(line)
            && lines
                .iter()
                .all(|l| *l == *line || (*what == "extra table" && *l > *line));
        if !fine {
            wrong.push(format!(
                "{name} ({what}): want line {line}, taplo marked {lines:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}\n\n{text}", wrong.join("\n"));
}
