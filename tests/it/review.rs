//! The pull-request comment (`check --since REV --format markdown`) speaks to the reviewer
//! (issue 13, point 12): it opens with what the pull request changes in record terms, file by
//! file, in the words `imaudit history` uses and people by name, then the findings by name. A
//! supervisor no longer reads a TOML diff to learn that a director signed.

use std::process::Command;

use crate::git_repo::Repo;

const FEB: &str = "offices/demo/logs/2026/2026-02.toml";
const LIN: (&str, &str) = ("林美華", "lin.mh@example.gov.tw");

#[test]
fn the_review_comment_opens_with_the_changes_in_record_terms() {
    let r = Repo::with_base();
    let signed = r.read(FEB);
    let director = "director = { person = \"chen-zhi-ming\", date = 2026-03-04 }\n";
    assert!(signed.contains(director));
    // Before the pull request: the log waits for the director's seal.
    r.write(FEB, &signed.replace(director, ""));
    let base = r.commit(LIN, None, "2026-03-04T09:00", "2026-02 日誌");
    // The pull request: one entry more, a logout corrected, the director's seal.
    let entry = "[[entry]]\nperson = \"wang-xiao-ming\"\nlogin = 2026-02-27T09:00:00\nlogout = 2026-02-27T09:10:00\npurpose = \"受理遷入登記，查核當事人是否出境逾二年\"\nitems = [\"entry-exit\"]\ncase = \"1150227-0001\"\n\n[signoff]";
    let changed = signed
        .replace(
            "logout = 2026-02-24T14:02:00",
            "logout = 2026-02-24T14:05:00",
        )
        .replace("[signoff]", entry);
    r.write(FEB, &changed);
    r.commit(LIN, None, "2026-03-04T16:00", "主任核章");

    let out = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["check", "--format", "markdown", "--since"])
        .arg(base.to_string())
        .arg("--records")
        .arg(r.records())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changes = md
        .split_once("### 本次變更的紀錄\n\n")
        .and_then(|(_, rest)| rest.split_once("\n\n"))
        .map(|(section, _)| section)
        .unwrap_or_else(|| panic!("no changes section in {md}"));
    assert_eq!(
        changes,
        "- **彰化縣示範戶政事務所 115年2月日誌表**（`offices/demo/logs/2026/2026-02.toml`）\n  - 新增 1 筆（王小明 115/02/27 09:00，用途「受理遷入登記，查核當事人是否出境逾二年」）\n  - 修改第 3 筆的登出時間（115/02/24 14:02 → 115/02/24 14:05）\n  - 主任核章（陳志明，115/03/04）"
    );
    // The changes come before the counts and the findings.
    assert!(md.find("### 本次變更的紀錄").unwrap() < md.find("| 嚴重度 | 數量 |").unwrap());
    // People by name, never by id, in the whole comment.
    for id in ["wang-xiao-ming", "chen-zhi-ming", "lin-mei-hua"] {
        assert!(!md.contains(id), "{id} in {md}");
    }
    // One date form: the evaluation date in the ROC calendar alone.
    let head = md.lines().find(|l| l.starts_with("評估日：")).unwrap();
    assert!(head.starts_with("評估日：115年"), "{head}");
    assert!(!head.contains("2026-"), "{head}");
}

/// Without `--since` the comment has no changes section: there is nothing to compare with.
#[test]
fn without_since_there_is_no_changes_section() {
    let r = Repo::with_base();
    r.commit(LIN, None, "2026-03-04T09:00", "匯入");
    let out = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["check", "--format", "markdown", "--records"])
        .arg(r.records())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains("本次變更的紀錄"), "{md}");
}

/// A signed form changed afterwards: the finding quotes what changed in `imaudit history`'s
/// words, with people by name (「…的人員（王小明 → 林美華）」), not by id.
#[test]
fn a_signed_record_modified_names_the_people_it_quotes() {
    let r = Repo::with_base();
    r.commit(LIN, None, "2026-03-04T17:00", "匯入");
    let signed = r.read(FEB);
    let first = "person = \"wang-xiao-ming\"\nlogin = 2026-02-10T10:25:00";
    assert!(signed.contains(first));
    r.write(
        FEB,
        &signed.replace(
            first,
            "person = \"lin-mei-hua\"\nlogin = 2026-02-10T10:25:00",
        ),
    );
    r.commit(LIN, None, "2026-03-05T09:00", "更正人員");
    let e = imaudit::evaluate::evaluate(
        &r.records(),
        &imaudit::evaluate::Options {
            only: Some(["signed-record-modified"].into_iter().collect()),
            ..Default::default()
        },
    )
    .unwrap();
    let messages: Vec<&str> = e.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    // The commit ids change with the base fixture; what follows them is pinned.
    assert_eq!(
        messages[0]
            .split_once("又修改了內容：")
            .map(|(_, what)| what),
        Some("修改第 2 筆日誌的人員（「王小明」 → 「林美華」）；該次提交未新增更正紀錄"),
        "{}",
        messages[0]
    );
}
