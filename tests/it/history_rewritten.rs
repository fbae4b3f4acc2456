//! manifest.json and `check --against-manifest` (rule `history-rewritten`): a signed record
//! whose history was remade by a force-push is caught; amendments, reformatting and moves are
//! not rewrites.

use std::path::Path;

use git2::Oid;

use crate::build_out::imaudit;
use crate::git_repo::Repo;
use crate::harness::base_copy;

pub(crate) const FEB: &str = "offices/demo/logs/2026/2026-02.toml";

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
pub(crate) fn force_commit(
    r: &Repo,
    who: &str,
    when: &str,
    message: &str,
    parent: Option<Oid>,
) -> Oid {
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
    assert!(message.contains("已不在版本紀錄中"), "{message}");
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
