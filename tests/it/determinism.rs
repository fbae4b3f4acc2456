//! Same output everywhere: the time zone, the locale, the number of threads and the order a
//! folder lists its files in change no byte of `check`'s outputs or the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build_out::{imaudit, tree};
use crate::git_repo::Repo;
use crate::harness::fixtures;
use crate::history_rewritten::{force_commit, FEB};

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
