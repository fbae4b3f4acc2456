//! Git history: the change trail and the rules that read it. Each test builds a real
//! repository with git2 in a temporary folder (the base county imported in a first commit,
//! then the commits of the case, with set authors and dates) and asserts the exact findings.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use imaudit::diag;
use imaudit::evaluate::{evaluate, Evaluation, Options};
use imaudit::history::Trail;
use imaudit::rules::Severity;

use crate::git_repo::Repo;
use crate::harness::{copy_tree, fixtures, seen, Seen};

const TRAIL_RULES: &[&str] = &[
    "record-deleted",
    "signed-record-modified",
    "signoff-identity-mismatch",
    "entry-backdated",
    "signature-backdated",
    "history-unavailable",
    "uncommitted-changes",
];

const LEAD: (&str, &str) = ("資訊室", "it@demo.gov.tw");
const CHEN: (&str, &str) = ("陳志明", "chen.zm@demo.gov.tw");
const HUANG: (&str, &str) = ("黃建國", "huang.jg@demo.gov.tw");
const LIN: (&str, &str) = ("林美華", "lin.mh@demo.gov.tw");
const WANG: (&str, &str) = ("王小明", "wang.xm@demo.gov.tw");

const FEB: &str = "offices/demo/logs/2026/2026-02.toml";
const JAN: &str = "offices/demo/logs/2026/2026-01.toml";

const E1: &str = "person = \"lin-mei-hua\"\nlogin = 2026-02-03T09:05:00\nlogout = 2026-02-03T09:16:00\npurpose = \"受理外籍配偶歸化取得國籍，查核合法居留紀錄\"\nitems = [\"foreign-residence\"]\n";
const E2: &str = "person = \"wang-xiao-ming\"\nlogin = 2026-02-10T10:25:00\nlogout = 2026-02-10T10:33:00\npurpose = \"受理遷入登記，查核當事人是否出境逾二年\"\nitems = [\"entry-exit\"]\n";
const E3: &str = "person = \"wang-xiao-ming\"\nlogin = 2026-02-24T13:50:00\nlogout = 2026-02-24T14:02:00\npurpose = \"受理外籍配偶初設戶籍登記，查核入境紀錄及居留證效期\"\nitems = [\"entry-exit\", \"foreign-residence\"]\n";
const E4: &str = "person = \"lin-mei-hua\"\nlogin = 2026-02-26T16:20:00\nlogout = 2026-02-26T16:31:00\npurpose = \"大陸配偶定居設籍，查核來臺許可\"\nitems = [\"mainland-hk-macao\"]\n";
const HANDLER: &str = "handler = { person = \"lin-mei-hua\", date = 2026-03-02 }";
const SECRETARY: &str = "secretary = { person = \"huang-jian-guo\", date = 2026-03-03 }";
const DIRECTOR: &str = "director = { person = \"chen-zhi-ming\", date = 2026-03-04 }";

fn log(month: &str, entries: &[&str], signoff: &[&str]) -> String {
    let mut s = format!("month = \"{month}\"\n");
    for e in entries {
        s.push_str("\n[[entry]]\n");
        s.push_str(e);
    }
    if !signoff.is_empty() {
        s.push_str("\n[signoff]\n");
        for l in signoff {
            s.push_str(l);
            s.push('\n');
        }
    }
    s
}

impl Repo {
    /// The base county with people's emails set and without its February log, imported in a
    /// first commit on 2025-11-01.
    fn imported() -> Repo {
        let r = Repo::with_base();
        let people = r.read("offices/demo/people.toml");
        let people = people
            .replace(
                "title = \"主任\"\n",
                &format!("title = \"主任\"\nemail = \"{}\"\n", CHEN.1),
            )
            .replace(
                "title = \"秘書\"\n",
                &format!("title = \"秘書\"\nemail = \"{}\"\n", HUANG.1),
            )
            .replace(
                "title = \"課員\"\n",
                &format!("title = \"課員\"\nemail = \"{}\"\n", LIN.1),
            )
            .replace(
                "title = \"股長\"\n",
                &format!("title = \"股長\"\nemail = \"{}\"\n", WANG.1),
            );
        assert_eq!(
            people.matches("email = ").count(),
            4,
            "the base people.toml changed: update this test"
        );
        r.write("offices/demo/people.toml", &people);
        r.remove(FEB);
        r.commit(LEAD, None, "2025-11-01T09:00", "匯入既有紀錄");
        r
    }

    /// The February log built up entry by entry and signed line by line, each by its own
    /// person, as the 要點 expects: clean.
    fn february() -> Repo {
        let r = Repo::imported();
        r.write(FEB, &log("2026-02", &[E1], &[]));
        r.commit(LIN, None, "2026-02-05T10:00", "2026-02 日誌");
        r.write(FEB, &log("2026-02", &[E1, E2, E3], &[]));
        r.commit(WANG, None, "2026-02-24T15:00", "登記查詢");
        r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[]));
        r.commit(LIN, None, "2026-02-27T09:00", "登記查詢");
        r.sign_february();
        r
    }

    fn sign_february(&self) {
        self.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
        self.commit(LIN, None, "2026-03-02T09:00", "承辦人員簽核");
        self.write(
            FEB,
            &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
        );
        self.commit(HUANG, None, "2026-03-03T09:00", "秘書簽核");
        self.write(
            FEB,
            &log(
                "2026-02",
                &[E1, E2, E3, E4],
                &[HANDLER, SECRETARY, DIRECTOR],
            ),
        );
        self.commit(CHEN, None, "2026-03-04T09:00", "主任簽核");
    }

    fn eval(&self, as_of: Option<&str>) -> Evaluation {
        eval_at(&self.records(), as_of)
    }
}

fn eval_at(records: &Path, as_of: Option<&str>) -> Evaluation {
    let only: BTreeSet<&'static str> = TRAIL_RULES.iter().copied().collect();
    let as_of = as_of.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    evaluate(
        records,
        &Options {
            as_of,
            only: Some(only),
            ..Options::default()
        },
    )
    .unwrap()
}

fn finding(rule: &str, severity: Severity, file: &str, line: usize, subject: &str) -> Seen {
    Seen {
        rule: rule.into(),
        severity,
        file: file.into(),
        line,
        subject: subject.into(),
    }
}

/// The 1-based line of the first line of `text` that starts with `start`, after `after` lines.
fn line_of(text: &str, start: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(start))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {start}"))
}

#[test]
fn a_log_kept_as_the_regulation_asks_raises_nothing() {
    let r = Repo::february();
    let e = r.eval(None);
    assert_eq!(seen(&e), vec![]);
}

#[test]
fn a_signed_log_edited_without_amendment_is_signed_record_modified() {
    let r = Repo::february();
    let edited = log(
        "2026-02",
        &[E1, E2, &E3.replace("14:02", "14:12"), E4],
        &[HANDLER, SECRETARY, DIRECTOR],
    );
    r.write(FEB, &edited);
    r.commit(LIN, None, "2026-03-04T16:00", "修正登出時間");
    let e = r.eval(None);
    let logout = line_of(&edited, "logout = 2026-02-24T14:12", 0);
    assert_eq!(
        seen(&e),
        vec![finding(
            "signed-record-modified",
            Severity::Error,
            FEB,
            logout,
            "2026-02"
        )]
    );
    let f = &e.findings[0];
    assert!(
        f.message.contains("修改第 3 筆日誌的登出時間"),
        "{}",
        f.message
    );
    assert_eq!(f.date, NaiveDate::from_ymd_opt(2026, 3, 4));
}

#[test]
fn a_signed_log_amended_in_the_same_commit_or_only_reformatted_raises_nothing() {
    let r = Repo::february();
    let mut amended = log(
        "2026-02",
        &[E1, E2, &E3.replace("14:02", "14:12"), E4],
        &[HANDLER, SECRETARY, DIRECTOR],
    );
    amended.push_str(
        "\n[[amendment]]\ndate = 2026-03-04\nreason = \"登出時間誤植\"\nby = \"lin-mei-hua\"\napproved_by = \"chen-zhi-ming\"\n",
    );
    r.write(FEB, &amended);
    r.commit(LIN, Some(CHEN), "2026-03-04T16:00", "更正登出時間");
    // Reformatting (spacing, a comment, keys in another order) is no change of content.
    let reformatted = amended
        .replace("month = \"2026-02\"", "# 115年2月\nmonth   =   \"2026-02\"")
        .replace(
            HANDLER,
            "handler = {date = 2026-03-02, person = \"lin-mei-hua\"}",
        );
    r.write(FEB, &reformatted);
    r.commit(LIN, None, "2026-03-05T09:00", "排版");
    assert_eq!(seen(&r.eval(None)), vec![]);
}

#[test]
fn a_log_deleted_within_retention_is_record_deleted() {
    let r = Repo::february();
    r.remove(JAN);
    r.commit(WANG, None, "2026-03-04T17:00", "刪除舊日誌");
    let e = r.eval(None);
    let office = r.read("offices/demo/office.toml");
    let start = line_of(&office, "system_start", 0);
    assert_eq!(
        seen(&e),
        vec![finding(
            "record-deleted",
            Severity::Error,
            "offices/demo/office.toml",
            start,
            "2026-01"
        )]
    );
    assert!(
        e.findings[0].message.contains("王小明"),
        "{}",
        e.findings[0].message
    );
}

#[test]
fn a_log_moved_to_its_right_folder_or_restored_is_not_deleted() {
    let r = Repo::imported();
    // Filed in the wrong year's folder, then moved where it belongs.
    let wrong = "offices/demo/logs/2025/2026-02.toml";
    r.write(wrong, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
    r.commit(LIN, None, "2026-03-02T10:00", "2026-02 日誌");
    r.rename(wrong, FEB);
    r.commit(LIN, None, "2026-03-02T11:00", "移至正確資料夾");
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
    );
    r.commit(HUANG, None, "2026-03-03T09:00", "秘書簽核");
    r.write(
        FEB,
        &log(
            "2026-02",
            &[E1, E2, E3, E4],
            &[HANDLER, SECRETARY, DIRECTOR],
        ),
    );
    r.commit(CHEN, None, "2026-03-04T09:00", "主任簽核");
    // Deleted by mistake, then restored in the next commit.
    let jan = r.read(JAN);
    r.remove(JAN);
    r.commit(WANG, None, "2026-03-04T12:00", "誤刪");
    r.write(JAN, &jan);
    r.commit(WANG, None, "2026-03-04T12:05", "還原");
    let e = r.eval(None);
    assert_eq!(seen(&e), vec![]);
    let history = e.trail().and_then(|t| t.history.as_ref()).unwrap();
    let steps = history.record_trail(FEB);
    assert_eq!(steps.len(), 4, "the move keeps the file's history");
    assert_eq!(steps[1].lines, vec![format!("由 {wrong} 移至此處")]);
}

#[test]
fn a_signature_added_by_someone_elses_commit_is_signoff_identity_mismatch() {
    // The director's line added by the handler's commit; the secretary's authored by another
    // but committed by the secretary (that is allowed).
    let r2 = Repo::imported();
    r2.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[]));
    r2.commit(LIN, None, "2026-02-27T09:00", "2026-02 日誌");
    r2.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
    r2.commit(LIN, None, "2026-03-02T09:00", "承辦人員簽核");
    r2.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
    );
    r2.commit(WANG, Some(HUANG), "2026-03-03T09:00", "秘書簽核");
    let signed = log(
        "2026-02",
        &[E1, E2, E3, E4],
        &[HANDLER, SECRETARY, DIRECTOR],
    );
    r2.write(FEB, &signed);
    r2.commit(LIN, None, "2026-03-04T09:00", "代主任簽核");
    let e = r2.eval(None);
    assert_eq!(
        seen(&e),
        vec![finding(
            "signoff-identity-mismatch",
            Severity::Warning,
            FEB,
            line_of(&signed, "director", 0),
            "2026-02"
        )]
    );
    assert!(
        e.findings[0].message.contains(CHEN.1),
        "{}",
        e.findings[0].message
    );
}

#[test]
fn a_signature_made_on_a_merged_branch_is_the_signers() {
    for (signer, expected) in [(CHEN, 0), (WANG, 1)] {
        let r = Repo::imported();
        r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
        r.commit(LIN, None, "2026-03-02T09:00", "承辦人員簽核");
        r.write(
            FEB,
            &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
        );
        let base = r.commit(HUANG, None, "2026-03-03T09:00", "秘書簽核");
        // The director's commit on a branch, merged into main by the handler.
        let signed = log(
            "2026-02",
            &[E1, E2, E3, E4],
            &[HANDLER, SECRETARY, DIRECTOR],
        );
        r.write(FEB, &signed);
        let branch = r.commit_with(signer, None, "2026-03-04T09:00", "主任簽核", &[base], None);
        r.commit_with(
            LIN,
            None,
            "2026-03-04T10:00",
            "Merge pull request #7",
            &[base, branch],
            Some("HEAD"),
        );
        let got = seen(&r.eval(None));
        assert_eq!(got.len(), expected, "signer {}: {got:?}", signer.0);
        if expected == 1 {
            assert_eq!(got[0].rule, "signoff-identity-mismatch");
            assert_eq!(got[0].line, line_of(&signed, "director", 0));
        }
    }
}

#[test]
fn an_entry_committed_after_the_signoff_deadline_is_entry_backdated() {
    let r = Repo::february();
    // January's deadline: 2026-01-31 + 10 days = 2026-02-10 (a Tuesday).
    let jan = r.read(JAN);
    let on_time = "person = \"lin-mei-hua\"\nlogin = 2026-01-30T10:00:00\nlogout = 2026-01-30T10:05:00\npurpose = \"受理遷入登記，查核出境紀錄\"\n";
    let late = "person = \"wang-xiao-ming\"\nlogin = 2026-01-30T11:00:00\nlogout = 2026-01-30T11:05:00\npurpose = \"受理遷入登記，查核出境紀錄\"\n";
    let (head, tail) = jan.split_at(jan.find("\n[signoff]").unwrap());
    let with_one = format!("{head}\n\n[[entry]]\n{on_time}{tail}");
    r.write(JAN, &with_one);
    r.commit(LIN, None, "2026-02-10T17:00", "補登");
    let with_two = format!("{head}\n\n[[entry]]\n{on_time}\n[[entry]]\n{late}{tail}");
    r.write(JAN, &with_two);
    r.commit(WANG, None, "2026-02-11T09:00", "補登");
    let e = eval_only(&r.records(), None, "entry-backdated");
    let entry_line = with_two
        .lines()
        .position(|l| l == "login = 2026-01-30T11:00:00")
        .unwrap();
    // The finding points at the `[[entry]]` header, two lines above its login.
    assert_eq!(
        seen(&e),
        vec![finding(
            "entry-backdated",
            Severity::Warning,
            JAN,
            entry_line - 1,
            "wang-xiao-ming"
        )]
    );
}

#[test]
fn a_signature_dated_more_than_a_week_before_its_commit_is_signature_backdated() {
    let r = Repo::imported();
    r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[]));
    r.commit(LIN, None, "2026-02-27T09:00", "2026-02 日誌");
    // Dated 2026-03-02: committed 7 days later is allowed, 8 days later is not.
    let handler = HANDLER;
    let secretary = "secretary = { person = \"huang-jian-guo\", date = 2026-03-02 }";
    r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[handler]));
    r.commit(LIN, None, "2026-03-09T09:00", "承辦人員簽核");
    let signed = log("2026-02", &[E1, E2, E3, E4], &[handler, secretary]);
    r.write(FEB, &signed);
    r.commit(HUANG, None, "2026-03-10T09:00", "秘書簽核");
    let e = eval_only(&r.records(), Some("2026-03-31"), "signature-backdated");
    assert_eq!(
        seen(&e),
        vec![finding(
            "signature-backdated",
            Severity::Warning,
            FEB,
            line_of(&signed, "secretary", 0),
            "2026-02"
        )]
    );
}

#[test]
fn commits_after_the_evaluation_date_are_not_judged() {
    // The base fixture's own as_of is 2026-03-05: an edit committed later is beyond it.
    let r = Repo::february();
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3], &[HANDLER, SECRETARY, DIRECTOR]),
    );
    r.commit(LIN, None, "2026-03-06T09:00", "刪除一筆");
    assert_eq!(seen(&r.eval(None)), vec![]);
    assert_eq!(seen(&r.eval(Some("2026-03-06"))).len(), 1);
}

fn eval_only(records: &Path, as_of: Option<&str>, rule: &'static str) -> Evaluation {
    let as_of = as_of.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    evaluate(
        records,
        &Options {
            as_of,
            only: Some([rule].into_iter().collect()),
            ..Options::default()
        },
    )
    .unwrap()
}

#[test]
fn a_shallow_clone_is_history_unavailable_and_says_how_to_fix_it() {
    let r = Repo::february();
    let clone = tempfile::tempdir().unwrap();
    let target = clone.path().join("repo");
    let cloned = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", r.dir.path().display()))
        .arg(&target)
        .status()
        .is_ok_and(|s| s.success());
    if !cloned {
        // No git on PATH: a shallow repository is one with a `.git/shallow` file.
        copy_tree(r.dir.path(), &target);
        std::fs::write(
            target.join(".git/shallow"),
            format!("{}\n", r.head().unwrap()),
        )
        .unwrap();
    }
    // The shallow copy has an edit the full history would flag; it must stay silent.
    let e = eval_at(&target.join("records"), None);
    assert_eq!(
        seen(&e),
        vec![finding("history-unavailable", Severity::Info, "", 0, "")]
    );
    let m = &e.findings[0].message;
    assert!(
        m.contains("淺層複製")
            && m.contains("fetch-depth: 0")
            && m.contains("git fetch --unshallow"),
        "{m}"
    );
}

#[test]
fn records_outside_a_repository_or_before_the_first_commit_are_history_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &fixtures().join("base/records"),
        &dir.path().join("records"),
    );
    let e = eval_at(&dir.path().join("records"), None);
    assert_eq!(
        seen(&e),
        vec![finding("history-unavailable", Severity::Info, "", 0, "")]
    );
    assert!(
        e.findings[0].message.contains("不在版本庫中"),
        "{}",
        e.findings[0].message
    );

    let r = Repo::empty();
    copy_tree(&fixtures().join("base/records"), &r.records());
    let e = r.eval(None);
    assert_eq!(
        seen(&e),
        vec![finding("history-unavailable", Severity::Info, "", 0, "")]
    );
    assert!(
        e.findings[0].message.contains("尚無任何提交"),
        "{}",
        e.findings[0].message
    );
}

#[test]
fn edits_not_yet_committed_are_uncommitted_changes() {
    let r = Repo::february();
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
    );
    r.write(
        "offices/demo/logs/2026/2026-03.toml",
        &log("2026-03", &[], &[]).replace('\n', "\nno_usage = true\n"),
    );
    r.remove("offices/demo/internal-audits/2026-01-22.toml");
    let e = r.eval(None);
    assert_eq!(
        seen(&e),
        vec![
            finding("uncommitted-changes", Severity::Info, "", 0, "2026-01-22"),
            finding("uncommitted-changes", Severity::Info, FEB, 1, "2026-02"),
            finding(
                "uncommitted-changes",
                Severity::Info,
                "offices/demo/logs/2026/2026-03.toml",
                1,
                "2026-03"
            ),
        ]
    );
    // The director's signature withdrawn in the work tree is not judged until committed.
    assert!(e
        .findings
        .iter()
        .all(|f| f.rule.id == "uncommitted-changes"));
}

#[test]
fn the_history_command_tells_changes_in_the_records_terms() {
    let r = Repo::february();
    let trail = Trail::open(&r.records());
    let history = trail.history.as_ref().unwrap();
    let text = imaudit::cmd::history::render(history, FEB, false);
    let expected_lines = [
        "records/offices/demo/logs/2026/2026-02.toml 的變更軌跡（6 次變更，由舊到新）",
        "    · 建立檔案",
        "    · 新增 1 筆日誌",
        "    · 新增 2 筆日誌",
        // Unsigned commits: each signature line says so (records.md "Signed sign-off").
        "    · 承辦人員簽核（lin-mei-hua，115/03/02）　未簽章",
        "    · 主任簽核（chen-zhi-ming，115/03/04）　未簽章",
    ];
    for l in expected_lines {
        assert!(text.lines().any(|x| x == l), "missing {l:?} in\n{text}");
    }
    assert!(
        text.contains("115/03/04 09:00  陳志明 <chen.zm@demo.gov.tw>"),
        "{text}"
    );
}

#[test]
fn since_keeps_findings_of_changed_files_and_of_offices_that_lost_a_record() {
    let r = Repo::february();
    let before = r.head().unwrap().to_string();
    r.remove(JAN);
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3], &[HANDLER, SECRETARY, DIRECTOR]),
    );
    r.commit(WANG, None, "2026-03-04T17:00", "整理");
    let (changed, deleted) = imaudit::history::changed_since(&r.records(), &before).unwrap();
    assert_eq!(changed, vec![JAN.to_string(), FEB.to_string()]);
    assert_eq!(deleted, vec![JAN.to_string()]);
    assert!(imaudit::history::changed_since(&r.records(), "no-such-rev").is_err());
}

/// Findings of several kinds, for the emitters.
fn tampered() -> (Repo, Evaluation) {
    let r = Repo::february();
    r.write(
        FEB,
        &log(
            "2026-02",
            &[E1, E2, &E3.replace("14:02", "14:12"), E4],
            &[HANDLER, SECRETARY, DIRECTOR],
        ),
    );
    r.remove(JAN);
    r.commit(LIN, None, "2026-03-04T16:00", "修正 | 刪除 <舊> *日誌*");
    r.write(
        "offices/demo/logs/2026/2026-03.toml",
        "month = \"2026-03\"\nno_usage = true\n",
    );
    let e = r.eval(None);
    assert_eq!(e.findings.len(), 3, "{:?}", seen(&e));
    (r, e)
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let (_r, e) = tampered();
    let text = diag::sarif::render(&e.findings, e.catalogue, e.sources(), e.as_of);
    let instance: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("sarif-schema-2.1.0.json", schema)
        .unwrap();
    let index = compiler
        .compile("sarif-schema-2.1.0.json", &mut schemas)
        .unwrap();
    if let Err(err) = schemas.validate(&instance, index) {
        panic!("SARIF does not validate: {err:#}");
    }
    // The schema does reject what is not SARIF (a result without a message).
    let mut broken = instance.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(schemas.validate(&broken, index).is_err());
    let results = instance["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let rules = instance["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    // The same input gives the same bytes.
    assert_eq!(
        text,
        diag::sarif::render(&e.findings, e.catalogue, e.sources(), e.as_of)
    );
}

#[test]
fn github_annotations_and_the_markdown_comment_carry_each_finding() {
    let (_r, e) = tampered();
    let gh = diag::github::render(&e.findings, e.sources());
    let lines: Vec<&str> = gh.lines().collect();
    assert_eq!(lines.len(), 4, "{gh}");
    assert!(
        lines[0].starts_with("::error file=records/offices/demo/logs/2026/2026-02.toml,line="),
        "{gh}"
    );
    assert!(lines.iter().any(|l| l.starts_with("::notice file=records/offices/demo/logs/2026/2026-03.toml,line=1,col=1,title=uncommitted-changes")));
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=records/offices/demo/office.toml,line=2,col=16,title=record-deleted"
    )));

    let md = diag::markdown::render(&e.findings, e.sources(), e.as_of, Some("origin/main"));
    assert!(md.starts_with("## imaudit 檢查結果\n"), "{md}");
    assert!(
        md.contains("| 錯誤 | 2 |\n| 警告 | 0 |\n| 提醒 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("### `records/offices/demo/logs/2026/2026-02.toml`"),
        "{md}"
    );
    assert!(
        md.contains("- **錯誤** `signed-record-modified`（要點 四(一)）第 "),
        "{md}"
    );
    assert!(!md.contains("http"), "the comment is link-free");
    // The message says what is missing in words (no TOML syntax left to escape).
    assert!(md.contains("該次提交未新增更正紀錄"), "{md}");
}

#[test]
fn a_log_moved_and_edited_in_one_commit_is_a_move() {
    let r = Repo::imported();
    let wrong = "offices/demo/logs/2025/2026-02.toml";
    r.write(wrong, &log("2026-02", &[E1, E2, E3, E4], &[]));
    r.commit(LIN, None, "2026-03-01T10:00", "2026-02 日誌");
    r.remove(wrong);
    r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
    r.commit(LIN, None, "2026-03-02T10:00", "移至正確資料夾並簽核");
    let e = r.eval(None);
    assert_eq!(seen(&e), vec![]);
    let history = e.trail().and_then(|t| t.history.as_ref()).unwrap();
    let steps = history.record_trail(FEB);
    assert_eq!(steps.len(), 2);
    assert_eq!(
        steps[1].lines,
        vec![
            format!("由 {wrong} 移至此處"),
            "承辦人員簽核（lin-mei-hua，115/03/02）　未簽章".to_string()
        ]
    );
}

/// The February log with handler and secretary signed on main (by their own commits); its
/// head commit.
fn two_signed_on_main() -> (Repo, git2::Oid) {
    let r = Repo::imported();
    r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
    r.commit(LIN, None, "2026-03-02T09:00", "承辦人員簽核");
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
    );
    let base = r.commit(HUANG, None, "2026-03-03T09:00", "秘書簽核");
    (r, base)
}

#[test]
fn someone_elses_signature_commit_merged_by_the_signer_is_signoff_identity_mismatch() {
    // The secretary writes the director's line on a branch; the director merges it.
    let (r, base) = two_signed_on_main();
    let signed = log(
        "2026-02",
        &[E1, E2, E3, E4],
        &[HANDLER, SECRETARY, DIRECTOR],
    );
    r.write(FEB, &signed);
    let branch = r.commit_with(HUANG, None, "2026-03-04T09:00", "主任簽核", &[base], None);
    r.commit_with(
        CHEN,
        None,
        "2026-03-04T10:00",
        "Merge branch 'signoff/2026-02'",
        &[base, branch],
        Some("HEAD"),
    );
    let e = r.eval(None);
    assert_eq!(
        seen(&e),
        vec![finding(
            "signoff-identity-mismatch",
            Severity::Warning,
            FEB,
            line_of(&signed, "director", 0),
            "2026-02"
        )]
    );
    let short: String = branch.to_string().chars().take(7).collect();
    assert_eq!(
        e.findings[0].message,
        format!("主任簽核（陳志明，115年3月4日）由提交 {short}（115年3月4日）加入，作者 黃建國 <huang.jg@demo.gov.tw> 都不是簽核人的 email <chen.zm@demo.gov.tw>")
    );
}

#[test]
fn the_signers_commit_merged_by_someone_else_is_clean() {
    let (r, base) = two_signed_on_main();
    r.write(
        FEB,
        &log(
            "2026-02",
            &[E1, E2, E3, E4],
            &[HANDLER, SECRETARY, DIRECTOR],
        ),
    );
    let branch = r.commit_with(CHEN, None, "2026-03-04T09:00", "主任簽核", &[base], None);
    r.commit_with(
        LEAD,
        None,
        "2026-03-04T10:00",
        "Merge pull request #8",
        &[base, branch],
        Some("HEAD"),
    );
    assert_eq!(seen(&r.eval(None)), vec![]);
}

#[test]
fn an_edit_and_its_amendment_split_across_branch_commits_is_flagged_at_the_edit() {
    let r = Repo::february();
    let base = r.head().unwrap();
    let e4_edited = E4.replace("查核來臺許可", "查核來臺許可及入境紀錄");
    let signoff = [HANDLER, SECRETARY, DIRECTOR];
    let edited = log("2026-02", &[E1, E2, E3, &e4_edited], &signoff);
    r.write(FEB, &edited);
    let edit = r.commit_with(WANG, None, "2026-03-04T11:00", "修正用途", &[base], None);
    let amended = format!(
        "{edited}\n[[amendment]]\ndate = 2026-03-04\nreason = \"用途漏記入境紀錄\"\nby = \"wang-xiao-ming\"\napproved_by = \"chen-zhi-ming\"\n"
    );
    r.write(FEB, &amended);
    let amend = r.commit_with(WANG, None, "2026-03-04T11:05", "補更正紀錄", &[edit], None);
    r.commit_with(
        CHEN,
        None,
        "2026-03-04T12:00",
        "Merge pull request #9",
        &[base, amend],
        Some("HEAD"),
    );
    let e = eval_only(&r.records(), None, "signed-record-modified");
    assert_eq!(
        seen(&e),
        vec![finding(
            "signed-record-modified",
            Severity::Error,
            FEB,
            line_of(&amended, "purpose", 3),
            "2026-02"
        )]
    );
    let short: String = edit.to_string().chars().take(7).collect();
    assert!(
        e.findings[0]
            .message
            .contains(&format!("提交 {short}（115年3月4日，王小明）又修改了內容")),
        "{}",
        e.findings[0].message
    );
}

#[test]
fn a_squash_merged_pull_request_is_one_commit() {
    // The director's signature squashed into one commit on main by the director himself: one
    // commit, his; the branch's commits are not in the history at all.
    let (r, _) = two_signed_on_main();
    r.write(
        FEB,
        &log(
            "2026-02",
            &[E1, E2, E3, E4],
            &[HANDLER, SECRETARY, DIRECTOR],
        ),
    );
    r.commit(CHEN, None, "2026-03-04T09:00", "主任簽核 (#10)");
    let e = r.eval(None);
    assert_eq!(seen(&e), vec![]);
    let history = e.trail().and_then(|t| t.history.as_ref()).unwrap();
    let steps = history.record_trail(FEB);
    assert_eq!(steps.last().unwrap().commit.summary(), "主任簽核 (#10)");
    assert!(steps.last().unwrap().via.is_empty());
}

#[test]
fn a_branch_updated_from_main_by_a_merge_keeps_each_signature_with_its_commit() {
    // The director signs on a branch forked before the secretary signed; the branch is then
    // updated from main (a merge that combines both lines by hand) and merged back by the
    // office's IT staff. Each signature stays with the commit that made it.
    let r = Repo::imported();
    r.write(FEB, &log("2026-02", &[E1, E2, E3, E4], &[HANDLER]));
    let h0 = r.commit(LIN, None, "2026-03-02T09:00", "承辦人員簽核");
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, DIRECTOR]),
    );
    let b1 = r.commit_with(CHEN, None, "2026-03-03T08:00", "主任簽核", &[h0], None);
    r.write(
        FEB,
        &log("2026-02", &[E1, E2, E3, E4], &[HANDLER, SECRETARY]),
    );
    let h1 = r.commit(HUANG, None, "2026-03-03T09:00", "秘書簽核");
    let all = log(
        "2026-02",
        &[E1, E2, E3, E4],
        &[HANDLER, SECRETARY, DIRECTOR],
    );
    r.write(FEB, &all);
    let update = r.commit_with(
        CHEN,
        None,
        "2026-03-04T09:00",
        "Merge branch 'main' into signoff",
        &[b1, h1],
        None,
    );
    r.commit_with(
        LEAD,
        None,
        "2026-03-04T10:00",
        "Merge pull request #11",
        &[h1, update],
        Some("HEAD"),
    );
    let e = r.eval(None);
    assert_eq!(seen(&e), vec![]);
    // Had the secretary's line been written by the director's update, it would be his.
    let history = e.trail().and_then(|t| t.history.as_ref()).unwrap();
    let steps = history.record_trail(FEB);
    let merge = steps.last().unwrap();
    assert_eq!(merge.commit.summary(), "Merge pull request #11");
    let via: Vec<&str> = merge.via.iter().map(|c| c.summary()).collect();
    assert_eq!(via, vec!["主任簽核", "Merge branch 'main' into signoff"]);
}
