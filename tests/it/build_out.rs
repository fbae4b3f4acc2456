//! `build --out` never replaces a folder of the user's: the records, a folder inside or
//! holding them, the repository root, a folder of other files. A new folder, an empty one and
//! a previous site are accepted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{base_copy, copy_tree, fixtures};

pub(crate) fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

/// Every file under `dir` with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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
