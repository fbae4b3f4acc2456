//! `history/…`: each record's change trail (cli.md "The site"; 要點 四(一)). Every record file
//! gets a page listing the commits that made it what it is, oldest first, with what each one
//! changed in the record's own terms (`crate::history::describe`), so an inspector can see
//! from the site alone that a signed log was not quietly edited afterwards.
//! `history/index.html` lists every record's trail or, when history could not be read, says
//! why and how to fix it; record pages then link there.
//!
//! The form pages' "最後修改" and "簽核於 commit …" lines come from here too. The signing
//! commit is the one `signed-record-modified` judges later changes against, found by the same
//! code (`rules::trail::forms::signing_version`), so the page and the finding name one commit.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{date, DateView, FindingView};
use crate::catalogue::{Kind, Marks, Rule};
use crate::facts::signed as trail_forms;
use crate::history::{ChangeKind, Commit, History, Unavailable, Uncommitted};
use crate::model::Place;
use crate::site::lookup::Lookup;
use crate::site::paths;
use crate::source::FileId;
use crate::text::pii::mask_ids;
use crate::time::roc;

/// What the history pages have to show.
pub enum State<'a> {
    /// History was read: every record has its trail.
    Read(&'a History),
    /// History could not be read (not a repository, a shallow clone…): the overview says why.
    Unavailable(&'a Unavailable),
    /// This evaluation did not open the repository at all (tests judging files alone).
    NotRead,
}

pub fn state<'a>(l: &Lookup<'a>) -> State<'a> {
    let Some(trail) = l.eval.trail() else {
        return State::NotRead;
    };
    match (&trail.history, &trail.unavailable) {
        (Some(h), _) => State::Read(h),
        (None, Some(why)) => State::Unavailable(why),
        (None, None) => State::NotRead,
    }
}

/// The change-trail link of a record page (`Meta::history_href`): its own trail, or the
/// overview that explains why there is none.
pub fn href(l: &Lookup, file: FileId) -> Option<String> {
    match state(l) {
        State::NotRead => None,
        State::Unavailable(_) => Some(paths::HISTORY.to_string()),
        State::Read(_) => l.source_rel(file).map(paths::history),
    }
}

/// The records that get a trail page, by path relative to the records folder: every file the
/// site shows, and every file history holds that is gone now (deleted, or removed from the
/// work tree without a commit), so a deleted log's trail can still be read. A path whose file
/// was moved away is left out: its trail goes on under the new path.
pub fn record_paths(l: &Lookup) -> Vec<String> {
    let State::Read(h) = state(l) else {
        return Vec::new();
    };
    let mut out: BTreeSet<String> = l.source_files().map(|(_, rel)| rel.to_string()).collect();
    for (path, changes) in &h.paths {
        let moved_away = matches!(
            changes.last().map(|c| &c.kind),
            Some(ChangeKind::RenamedTo(_))
        );
        if !moved_away && path.rsplit('/').next() != Some("README.md") {
            out.insert(path.clone());
        }
    }
    out.into_iter().collect()
}

/// A commit as the pages show it.
#[derive(Debug, Serialize, Clone)]
pub struct CommitView {
    pub id: String,
    pub short: String,
    /// The day it entered the trail (committer time, Taiwan).
    pub date: DateView,
    /// `115年3月4日 09:00`
    pub when: String,
    /// `2026-03-04T09:00`
    pub iso: String,
}

/// A commit made after the evaluation date (the rules did not read it).
fn later(l: &Lookup, c: &Commit) -> bool {
    c.day() > l.as_of()
}

fn commit_view(c: &Commit) -> CommitView {
    let t = c.committer.time;
    CommitView {
        id: c.id.to_string(),
        short: c.short_id(),
        date: date(t.date()),
        when: format!("{} {}", roc::roc_date(t.date()), roc::roc_time(t)),
        iso: t.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

/// The anchor of a commit on a trail page.
fn anchor(c: &Commit) -> String {
    format!("commit-{}", c.short_id())
}

fn who(name: &str, email: &str) -> String {
    mask_ids(&format!("{name} <{email}>"))
}

// ---- one record's trail ----

#[derive(Debug, Serialize)]
pub struct RecordHistoryView {
    /// What the record is, as people call it (`田中戶政事務所 115年10月 日誌表`).
    pub label: String,
    /// `records/offices/…/2026-10.toml`
    pub file: String,
    pub record_href: Option<String>,
    pub source_href: Option<String>,
    /// The file is gone: how (deleted by a commit, or removed and not committed).
    pub gone: Option<String>,
    /// What the work tree holds that is not committed yet (`修改`, `新增`, `刪除`).
    pub uncommitted: Option<&'static str>,
    pub steps: Vec<StepView>,
    /// The first and the last step, for the summary.
    pub created: Option<StepRef>,
    pub latest: Option<StepRef>,
    /// The commit that completed the form's signatures, for the forms that are signed.
    pub signing: Option<CommitView>,
    pub signing_anchor: Option<String>,
    pub signing_later: bool,
    /// The form has signature lines (a usage log, an audit, a permission review).
    pub signable: bool,
    /// The trail rules' findings about this file.
    pub findings: Vec<FindingView>,
    pub as_of: DateView,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub n: usize,
    pub anchor: String,
    pub commit: CommitView,
    pub author: String,
    /// The committer, when not the author.
    pub committer: Option<String>,
    /// When the author wrote it, when that is not when it was committed.
    pub written: Option<String>,
    pub summary: String,
    /// The message below its first line.
    pub body: String,
    /// For a merge: the merged branch's commits that changed the file, each with its changes.
    pub merged: Vec<MergedView>,
    /// For a merge: who merged it (the committer).
    pub merger: String,
    pub kind: &'static str,
    /// `add`, `modify`, `delete`, `move`: the CSS class.
    pub kind_class: &'static str,
    /// The file's path then, when it was elsewhere.
    pub path: Option<String>,
    pub lines: Vec<String>,
    /// This commit completed the signatures.
    pub signing: bool,
    /// Made after the evaluation date: the rules did not read it.
    pub after_as_of: bool,
}

#[derive(Debug, Serialize)]
pub struct StepRef {
    pub anchor: String,
    pub commit: CommitView,
    pub author: String,
}

fn step_ref(s: &StepView) -> StepRef {
    StepRef {
        anchor: s.anchor.clone(),
        commit: s.commit.clone(),
        author: s.author.clone(),
    }
}

#[derive(Debug, Serialize)]
pub struct MergedView {
    pub short: String,
    pub id: String,
    pub author: String,
    pub when: String,
    pub summary: String,
    /// What this commit changed in the record.
    pub lines: Vec<String>,
}

fn kind_of(k: &ChangeKind) -> (&'static str, &'static str) {
    match k {
        ChangeKind::Added => ("新增", "add"),
        ChangeKind::Modified => ("修改", "modify"),
        ChangeKind::Deleted => ("刪除", "delete"),
        ChangeKind::RenamedFrom(_) => ("移入", "move"),
        ChangeKind::RenamedTo(_) => ("移出", "move"),
    }
}

/// The commit that completed the signatures of the form at `rel`, by the rules' own reading
/// (committed versions up to the evaluation date). A form signed only in a commit after the
/// evaluation date is signed all the same: that commit is shown, marked as later.
fn signing_commit<'h>(l: &Lookup, h: &'h History, rel: &str) -> Option<&'h Commit> {
    let roles = trail_forms::roles_of(&trail_forms::place_of(rel)?)?;
    // The versions as `versions` gives them, read from git (the page keeps only the commit).
    let versions = trail_forms::versions_where(h, rel, |c| trail_forms::in_time(&l.facts, h, c));
    if let Some(v) = trail_forms::signing_version(&versions, roles) {
        return Some(v.commit);
    }
    let all = trail_forms::versions_where(h, rel, |_| true);
    trail_forms::signing_version(&all, roles).map(|v| v.commit)
}

/// What a record is called on its trail page.
pub fn record_label(l: &Lookup, rel: &str) -> String {
    let Some(place) = trail_forms::place_of(rel) else {
        return rel.to_string();
    };
    let office = |o: &str| l.office_name(o);
    match &place {
        Place::County => "縣設定".into(),
        Place::Regulation => "管理要點".into(),
        Place::Calendar(y) => format!("{}年行事曆", roc::roc_year(*y)),
        Place::Office(o) => format!("{} 事務所設定", office(o)),
        Place::People(o) => format!("{} 人員名冊", office(o)),
        Place::Log(o, m) => format!("{} {} 日誌表", office(o), roc::roc_month(*m)),
        Place::MonthlyAudit(o, m) => {
            format!("{} {} 內部稽核紀錄表", office(o), roc::roc_month(*m))
        }
        Place::InternalAudit(o, d) => {
            format!("{} {} 不定期內部稽核", office(o), roc::roc_date(*d))
        }
        Place::PermissionReview(o, h) => {
            format!("{} {} 使用者權限清查", office(o), roc::roc_half(*h))
        }
        Place::Inspection(o, d) => format!("{} {} 督考稽核", office(o), roc::roc_date(*d)),
        Place::Handover(o, d, _) => format!("{} {} 列冊移交", office(o), roc::roc_date(*d)),
        Place::Incident(o, d, _) => format!("{} {} 違規事件處理", office(o), roc::roc_date(*d)),
        Place::SystemLog(o, m) => format!("{} {} 系統稽核日誌", office(o), roc::roc_month(*m)),
        Place::Readme => rel.to_string(),
    }
}

/// The office a record belongs to, if any (for the crumbs).
pub fn record_office(rel: &str) -> Option<String> {
    trail_forms::place_of(rel).and_then(|p| p.office().map(str::to_string))
}

/// Files by their path relative to the records folder.
fn files_by_rel(l: &Lookup) -> BTreeMap<String, FileId> {
    l.source_files()
        .map(|(id, rel)| (rel.to_string(), id))
        .collect()
}

/// How the records folder is named in file paths (`records/…`), as the source pages show.
fn shown_path(l: &Lookup, rel: &str) -> String {
    let root = l
        .eval
        .records()
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "records".into());
    format!("{root}/{rel}")
}

fn uncommitted_of(l: &Lookup, rel: &str) -> Option<Uncommitted> {
    let trail = l.eval.trail()?;
    trail
        .uncommitted
        .binary_search_by(|(p, _)| p.as_str().cmp(rel))
        .ok()
        .map(|i| trail.uncommitted[i].1)
}

/// The trail page of the record at `rel`. Only called when history was read.
pub fn record(l: &Lookup, h: &History, rel: &str) -> RecordHistoryView {
    let file = l.source_files().find(|(_, r)| *r == rel).map(|(id, _)| id);
    let signing = signing_commit(l, h, rel);
    // describe.rs reads the record text alone and so names people by id: the page names them.
    let office = record_office(rel);
    let office = l
        .facts
        .offices
        .iter()
        .find(|o| Some(o.id) == office.as_deref());
    let named = |x: &String| mask_ids(&office.map_or_else(|| x.clone(), |o| o.with_names(x)));
    let steps: Vec<StepView> = h
        .record_trail(rel)
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let c = s.commit;
            let (kind, kind_class) = kind_of(s.kind);
            let mut message = c.message.lines();
            let summary = mask_ids(message.next().unwrap_or_default());
            let body = mask_ids(message.collect::<Vec<_>>().join("\n").trim());
            StepView {
                n: i + 1,
                anchor: anchor(c),
                commit: commit_view(c),
                author: who(&c.author.name, &c.author.email),
                committer: (!c.committer.email.eq_ignore_ascii_case(&c.author.email)
                    || c.committer.name != c.author.name)
                    .then(|| who(&c.committer.name, &c.committer.email)),
                written: (c.author.time != c.committer.time).then(|| {
                    format!(
                        "{} {}",
                        roc::roc_date(c.author.time.date()),
                        roc::roc_time(c.author.time)
                    )
                }),
                summary,
                body,
                merger: c.committer.name.clone(),
                merged: s
                    .parts
                    .iter()
                    .map(|p| (p.commit, &p.lines))
                    .map(|(v, lines)| MergedView {
                        lines: lines.iter().map(named).collect(),
                        short: v.short_id(),
                        id: v.id.to_string(),
                        author: who(&v.author.name, &v.author.email),
                        when: format!(
                            "{} {}",
                            roc::roc_date(v.author.time.date()),
                            roc::roc_time(v.author.time)
                        ),
                        summary: mask_ids(v.summary()),
                    })
                    .collect(),
                kind,
                kind_class,
                path: (s.path != rel).then(|| shown_path(l, s.path)),
                lines: s.lines.iter().map(named).collect(),
                signing: signing.is_some_and(|sc| sc.id == c.id),
                after_as_of: later(l, c),
            }
        })
        .collect();
    let gone = match file {
        Some(_) => None,
        None => Some(match h.lineage(rel).last() {
            Some((_, change)) if change.kind == ChangeKind::Deleted => {
                let c = h.commit(change);
                format!(
                    "此檔案已於 {} 由提交 {}（{}）刪除；以下是刪除前的變更軌跡。",
                    roc::roc_date(c.day()),
                    c.short_id(),
                    mask_ids(&c.author.name)
                )
            }
            _ => "此檔案已自紀錄資料夾移除，但刪除尚未提交。".to_string(),
        }),
    };
    let findings = match file {
        Some(f) => l
            .file_findings(f)
            .iter()
            .filter(|i| is_tamper(l.eval.findings[**i].rule))
            .map(|i| l.findings[*i].clone())
            .collect(),
        // A deleted record's finding points at the office (the file is gone): it names the
        // path in its message.
        None => l
            .eval
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| is_tamper(f.rule) && names_path(&f.message, rel))
            .map(|(i, _)| l.findings[i].clone())
            .collect(),
    };
    RecordHistoryView {
        label: record_label(l, rel),
        file: shown_path(l, rel),
        record_href: file.and_then(|f| l.record_page(f)),
        source_href: file.and_then(|f| l.source_href(f, None)),
        gone,
        uncommitted: uncommitted_of(l, rel).map(Uncommitted::label),
        signing_anchor: signing.map(anchor),
        signing_later: signing.is_some_and(|c| later(l, c)),
        signing: signing.map(commit_view),
        signable: trail_forms::place_of(rel)
            .as_ref()
            .and_then(trail_forms::roles_of)
            .is_some(),
        created: steps.first().map(step_ref),
        latest: (steps.len() > 1)
            .then(|| steps.last().map(step_ref))
            .flatten(),
        steps,
        findings,
        as_of: date(l.as_of()),
    }
}

/// Whether a finding's message names the record at `rel` (record-deleted says `（path）`,
/// uncommitted-changes of a removed file starts with the path).
fn names_path(message: &str, rel: &str) -> bool {
    message.contains(&format!("（{rel}）")) || message.starts_with(&format!("{rel} "))
}

// ---- the form pages' lines ----

/// The version of the records a site was built from, for every page's footer (cli.md: the
/// commit, not the wall clock): 「版本 1a2b3c4（115年11月24日提交）」, and whether the work
/// tree had changes not yet committed. `None` outside a git repository.
pub fn built_from(l: &Lookup) -> Option<String> {
    let State::Read(h) = state(l) else {
        return None;
    };
    let head = h.mainline.last()?;
    let mut s = format!(
        "版本 {}（{}提交）",
        head.short_id(),
        crate::time::roc::roc_date(head.committer.time.date())
    );
    if l.eval.trail().is_some_and(|t| !t.uncommitted.is_empty()) {
        s.push_str("，另有尚未提交的變更");
    }
    Some(s)
}

/// "最後修改" and "簽核於 commit …" on a form page.
#[derive(Debug, Serialize)]
pub struct TrailStamp {
    /// The record's trail page, or the overview when history could not be read.
    pub href: String,
    /// Why there is no trail, when history could not be read.
    pub unavailable: Option<String>,
    pub last: Option<CommitView>,
    pub last_href: Option<String>,
    pub signed: Option<CommitView>,
    pub signed_href: Option<String>,
    /// The signing commit was made after the evaluation date.
    pub signed_later: bool,
    /// The form has signature lines: say so when no commit completed them.
    pub signable: bool,
    pub uncommitted: Option<&'static str>,
}

/// The trail lines of the form in `file`; `None` when history was not read at all.
pub fn stamp(l: &Lookup, file: FileId) -> Option<TrailStamp> {
    let rel = l.source_rel(file)?;
    let signable = trail_forms::place_of(rel)
        .as_ref()
        .and_then(trail_forms::roles_of)
        .is_some();
    match state(l) {
        State::NotRead => None,
        State::Unavailable(why) => Some(TrailStamp {
            href: paths::HISTORY.to_string(),
            unavailable: Some(problem(why).title),
            last: None,
            last_href: None,
            signed: None,
            signed_href: None,
            signed_later: false,
            signable,
            uncommitted: None,
        }),
        State::Read(h) => {
            let page = paths::history(rel);
            let last = h.lineage(rel).last().map(|(_, c)| h.commit(c));
            let signed = signing_commit(l, h, rel);
            Some(TrailStamp {
                last: last.map(commit_view),
                last_href: last.map(|c| format!("{page}#{}", anchor(c))),
                signed: signed.map(commit_view),
                signed_href: signed.map(|c| format!("{page}#{}", anchor(c))),
                signed_later: signed.is_some_and(|c| later(l, c)),
                href: page,
                unavailable: None,
                signable,
                uncommitted: uncommitted_of(l, rel).map(Uncommitted::label),
            })
        }
    }
}

// ---- the overview ----

#[derive(Debug, Serialize)]
pub struct HistoryIndexView {
    pub read: bool,
    /// Why history could not be read, and how to fix it.
    pub problem: Option<Problem>,
    /// Commits on the main line.
    pub commits: usize,
    pub first: Option<CommitView>,
    pub last: Option<CommitView>,
    pub records: Vec<IndexRow>,
    pub gone: Vec<IndexRow>,
    pub uncommitted: Vec<UncommittedRow>,
    pub tamper: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct IndexRow {
    pub label: String,
    pub file: String,
    pub href: String,
    pub changes: usize,
    pub last: Option<CommitView>,
    pub record_href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UncommittedRow {
    pub file: String,
    pub kind: &'static str,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Problem {
    pub title: String,
    pub text: String,
    pub fixes: Vec<Fix>,
}

#[derive(Debug, Serialize)]
pub struct Fix {
    pub label: &'static str,
    pub code: String,
}

fn fix(label: &'static str, code: &str) -> Fix {
    Fix {
        label,
        code: code.to_string(),
    }
}

/// Why history could not be read, in words, and what to do (rules.md `history-unavailable`).
pub fn problem(why: &Unavailable) -> Problem {
    match why {
        Unavailable::NotARepository => Problem {
            title: "紀錄資料夾不在版本庫中".into(),
            text: "變更軌跡來自版本歷史：每一次新增、修改、簽核或刪除紀錄，都是一次有作者與時間的提交。這些紀錄尚未以版本庫（git）管理，因此無法證明紀錄未遭刪除，或簽核後未被修改（要點 四(一)），依變更軌跡判斷的規則也沒有執行。請系統管理人員執行下列指令。".into(),
            fixes: vec![
                fix("建立儲存庫（imaudit init 會一併建立）", "git init\ngit add records\ngit commit -m \"匯入既有紀錄\""),
                fix("之後每次修改紀錄都提交，並重新產生網站", "git add records\ngit commit -m \"2026-10 日誌\"\nimaudit build"),
            ],
        },
        Unavailable::Shallow => Problem {
            title: "此版本庫為淺層複製，歷史不完整".into(),
            text: "淺層複製只取得最後幾個版本，較早的變更都不在本機，無法據以判斷紀錄是否遭刪除或於簽核後修改。自動檢查預設常以淺層複製取得紀錄，請系統管理人員改為取得完整歷史。".into(),
            fixes: vec![
                fix("GitHub／Gitea Actions：actions/checkout 設定", "- uses: actions/checkout@v4\n  with:\n    fetch-depth: 0"),
                fix("GitLab CI：設定變數", "variables:\n  GIT_DEPTH: 0"),
                fix("或在本機、CI 中檢查前執行", "git fetch --unshallow"),
            ],
        },
        Unavailable::NoCommits => Problem {
            title: "版本庫尚無任何提交".into(),
            text: "紀錄資料夾已在版本庫中，但還沒有任何提交，因此沒有變更軌跡可供查核。".into(),
            fixes: vec![fix("先提交現有紀錄", "git add records\ngit commit -m \"匯入既有紀錄\"")],
        },
        Unavailable::Broken(e) => Problem {
            title: "無法讀取版本歷史".into(),
            text: format!("讀取版本庫時發生錯誤：{}。請系統管理人員確認版本庫完整，再重新產生網站。", mask_ids(e)),
            fixes: vec![fix("檢查儲存庫", "git fsck")],
        },
    }
}

pub fn index(l: &Lookup) -> HistoryIndexView {
    let state = state(l);
    let tamper = l
        .eval
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| is_tamper(f.rule))
        .map(|(i, _)| l.findings[i].clone())
        .collect();
    let paged: BTreeSet<String> = record_paths(l).into_iter().collect();
    // Listed whenever git could tell (a shallow clone still has a work tree to compare).
    let uncommitted = l
        .eval
        .trail()
        .map(|t| {
            t.uncommitted
                .iter()
                .map(|(rel, kind)| UncommittedRow {
                    file: shown_path(l, rel),
                    kind: kind.label(),
                    href: paged.contains(rel).then(|| paths::history(rel)),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut view = HistoryIndexView {
        read: false,
        problem: None,
        commits: 0,
        first: None,
        last: None,
        records: Vec::new(),
        gone: Vec::new(),
        uncommitted,
        tamper,
    };
    let h = match state {
        State::Read(h) => h,
        State::Unavailable(why) => {
            view.problem = Some(problem(why));
            return view;
        }
        State::NotRead => {
            view.problem = Some(Problem {
                title: "本次產生網站時未讀取版本歷史".into(),
                text: "這次檢查只依紀錄檔本身判斷，沒有讀取版本庫，因此沒有變更軌跡。以 imaudit build 產生網站時會讀取歷史。".into(),
                fixes: vec![fix("重新產生網站", "imaudit build")],
            });
            return view;
        }
    };
    let files = files_by_rel(l);
    for rel in paged {
        let lineage = h.lineage(&rel);
        let file = files.get(&rel).copied();
        let row = IndexRow {
            label: record_label(l, &rel),
            file: shown_path(l, &rel),
            href: paths::history(&rel),
            changes: lineage.len(),
            last: lineage.last().map(|(_, c)| commit_view(h.commit(c))),
            record_href: file.and_then(|f| l.record_page(f)),
        };
        if file.is_some() {
            view.records.push(row);
        } else {
            view.gone.push(row);
        }
    }
    view.read = true;
    view.commits = h.mainline.len();
    view.first = h.mainline.first().map(commit_view);
    view.last = h.mainline.last().map(commit_view);
    view
}

// ---- the dashboard's first section ----

/// Rules that read the change trail for tampering (the `trail` family).
pub fn is_tamper(rule: &Rule) -> bool {
    rule.kind == Kind::Git
}

/// Notes about what this run could see of the trail (`history-unavailable`,
/// `uncommitted-changes`).
pub fn is_trail_note(rule: &Rule) -> bool {
    matches!(rule.kind, Kind::TrailNote | Kind::Uncommitted)
}

#[derive(Debug, Serialize)]
pub struct TamperSection {
    pub findings: Vec<TamperItem>,
    /// `history-unavailable`: why the trail could not be read.
    pub notes: Vec<TamperItem>,
    /// How many files differ from the last commit (`uncommitted-changes`).
    pub uncommitted: usize,
    /// History was read (else the notes say why not).
    pub read: bool,
}

#[derive(Debug, Serialize)]
pub struct TamperItem {
    pub finding: FindingView,
    pub history_href: Option<String>,
}

/// The dashboard's change-trail section; `None` when history was not read at all.
pub fn tamper_section(l: &Lookup) -> Option<TamperSection> {
    let state = state(l);
    if matches!(state, State::NotRead) {
        return None;
    }
    let gone: Vec<String> = match state {
        State::Read(h) => h
            .paths
            .iter()
            .filter(|(_, c)| c.last().is_some_and(|c| c.kind == ChangeKind::Deleted))
            .map(|(p, _)| p.clone())
            .collect(),
        _ => Vec::new(),
    };
    let item = |i: usize| {
        let f = &l.eval.findings[i];
        let history_href = match &f.span {
            Some(span) if f.rule.marks != Marks::DeletedRecord => href(l, span.file),
            _ => gone
                .iter()
                .find(|p| names_path(&f.message, p))
                .map(|p| paths::history(p))
                .or_else(|| Some(paths::HISTORY.to_string())),
        };
        TamperItem {
            finding: l.findings[i].clone(),
            history_href,
        }
    };
    let findings = (0..l.eval.findings.len())
        .filter(|i| is_tamper(l.eval.findings[*i].rule))
        .map(item)
        .collect();
    // `uncommitted-changes` comes one per file: the section says how many, the overview
    // lists them.
    let uncommitted = l
        .eval
        .findings
        .iter()
        .filter(|f| f.rule.kind == Kind::Uncommitted)
        .count();
    Some(TamperSection {
        findings,
        notes: (0..l.eval.findings.len())
            .filter(|i| {
                let rule = l.eval.findings[*i].rule;
                rule.kind == Kind::TrailNote
            })
            .map(item)
            .collect(),
        uncommitted,
        read: matches!(state, State::Read(_)),
    })
}
