//! The signed forms of the records (usage logs, monthly audits, internal audits, permission
//! reviews) with the versions git holds of each, parsed once: what the trail rules judge, and
//! what the site and the manifest show of who signed which version when (one computation, so
//! the page and the finding name one commit).
//!
//! Commits made after the evaluation date are not read (rules.md: "Findings for a month or day
//! after the evaluation date are never made"): an archived data set keeps its findings however
//! the repository that holds it goes on.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{NaiveDate, NaiveDateTime};
use toml::{Table, Value};

use crate::facts::{Facts, OfficeFacts};
use crate::history::sshsig::Status;
use crate::history::{Change, ChangeKind, Commit, History};
use crate::model::{Loaded, Log, Place, SignRole, Signoff, Stamp};
use crate::source::{FileId, Span};

/// One signed form as it is now, with its history.
pub struct FormTrail<'a> {
    pub history: &'a History,
    pub office: &'a OfficeFacts<'a>,
    /// Path relative to the records folder.
    pub path: String,
    pub file: FileId,
    /// The form's month, date or period (the finding's subject).
    pub subject: String,
    /// What the form is called ("日誌表", …).
    pub noun: &'static str,
    pub roles: &'static [SignRole],
    pub signoff: Option<&'a crate::model::Spanned<Signoff>>,
    /// The usage log itself, when the form is one (for its entries).
    pub log: Option<&'a Loaded<Log>>,
    /// The versions git holds, oldest first, up to the evaluation date.
    pub versions: Vec<Version<'a>>,
}

/// One committed version of a form: what one commit made of it (rules.md "Which commit the
/// git rules judge"). A merged pull request gives the versions its branch's commits made,
/// then the merge's own.
pub struct Version<'a> {
    pub path: &'a str,
    /// The main-line change that brought the version onto the main line (for a branch's
    /// commit, the merge of its pull request).
    pub change: &'a Change,
    /// The commit that made this version: the main-line commit, or the branch's commit.
    pub commit: &'a Commit,
    /// The content in the commit's first parent, and in its other parents (a merge).
    pub old_blob: Option<git2::Oid>,
    pub others: &'a [Option<git2::Oid>],
    /// The content the commit gave the file (`None`: deleted or moved away).
    pub new_blob: Option<git2::Oid>,
    /// Whether the commit made the change itself; `false` for a merge that only took one of
    /// its parents' content (the branch's commits made it).
    pub own: bool,
    /// Whether this is the main line's state (`false` for a branch's commit).
    pub mainline: bool,
    /// What the version holds; `None` when the change deleted the file or the text is not TOML.
    pub content: Option<Arc<Content<'a>>>,
}

impl Version<'_> {
    /// The contents of the commit's parents (first parent first).
    pub fn parents(&self) -> impl Iterator<Item = Option<git2::Oid>> + '_ {
        std::iter::once(self.old_blob).chain(self.others.iter().copied())
    }
}

/// A committed version's content, read as cheaply as the rules allow: a usage log in the plain
/// shape by the fast reader (load/usage_log.rs) into the very [`Log`] the loader gives, anything
/// else as a TOML table. The full table of a fast-read log is parsed only when a rule compares
/// values (a change after the signing), which a county's history rarely has: reading every
/// version as a table was two thirds of `check` on a county's git history (issue 6).
pub struct Content<'a> {
    text: std::borrow::Cow<'a, str>,
    log: Option<Held<'a, Log>>,
    table: OnceLock<Option<Table>>,
}

/// A value read here, or one the loader read already.
enum Held<'a, T> {
    Read(T),
    Loaded(&'a T),
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Held::Read(t) => t,
            Held::Loaded(t) => t,
        }
    }
}

impl<'a> Content<'a> {
    /// The content of `text`, committed at `path`; `None` when it is not TOML.
    pub fn read(path: &str, text: String) -> Option<Content<'a>> {
        let log = matches!(place_of(path), Some(Place::Log(..)))
            .then(|| crate::load::usage_log::read(&text))
            .flatten()
            .map(Held::Read);
        let table = OnceLock::new();
        if log.is_none() {
            table.set(Some(text.parse::<Table>().ok()?)).ok()?;
        }
        Some(Content {
            text: text.into(),
            log,
            table,
        })
    }

    /// The usage log now at `path` as the loader read it, with the git blob id its text has:
    /// a committed version with that id is this very text, and [`Content::read`] would give
    /// the very [`Log`] the fast reader gave the loader. Most logs' last committed version is
    /// the file as it is, and reading it again from git (inflate, UTF-8 check, parse) was a
    /// third of the versions' cost on a county's history (issue 14: branch commits doubled
    /// the versions read). `None` for other forms, and for a log the fast reader declined.
    fn loaded(facts: &'a Facts, path: &str) -> Option<(git2::Oid, Content<'a>)> {
        let Some(Place::Log(office, month)) = place_of(path) else {
            return None;
        };
        let log = facts.records.offices.get(&office)?.logs.get(&month)?;
        if !facts.records.plain_logs.contains(&log.file) {
            return None;
        }
        let text = facts.sources.get(log.file).text.as_str();
        let blob = git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes()).ok()?;
        Some((
            blob,
            Content {
                text: text.into(),
                log: Some(Held::Loaded(&log.data)),
                table: OnceLock::new(),
            },
        ))
    }

    /// The whole content as a TOML table (parsed on first use for a fast-read log).
    pub fn table(&self) -> Option<&Table> {
        self.table
            .get_or_init(|| self.text.parse::<Table>().ok())
            .as_ref()
    }

    /// A signature line: who and which day.
    pub fn signature(&self, role: SignRole) -> Option<(String, NaiveDate)> {
        match &self.log {
            Some(log) => {
                let s = log.signoff.as_ref()?.get_ref().get(role)?.get_ref();
                Some((s.person.get_ref().clone(), s.date.get_ref().0))
            }
            None => signature(self.table()?, role),
        }
    }

    /// Whether every signature line of the form is filled (records.md "Signatures").
    pub fn fully_signed(&self, roles: &[SignRole]) -> bool {
        roles.iter().all(|r| self.signature(*r).is_some())
    }

    /// Calls `f` with each usage-log entry's person and login, without copying them: what
    /// `entry-backdated` looks up in every version of a log.
    pub fn each_entry(&self, mut f: impl FnMut(&str, NaiveDateTime)) {
        match &self.log {
            Some(log) => {
                for e in &log.entry {
                    let e = e.get_ref();
                    f(e.person.get_ref().as_str(), e.login.get_ref().0);
                }
            }
            None => {
                for (person, login) in self.table().map(entries).unwrap_or_default() {
                    f(&person, login);
                }
            }
        }
    }

    /// The usage-log entries as (person, login).
    pub fn entries(&self) -> Vec<(String, NaiveDateTime)> {
        match &self.log {
            Some(log) => log
                .entry
                .iter()
                .map(|e| {
                    let e = e.get_ref();
                    (e.person.get_ref().to_string(), e.login.get_ref().0)
                })
                .collect(),
            None => self.table().map(entries).unwrap_or_default(),
        }
    }
}

pub const LOG_ROLES: &[SignRole] = &[SignRole::Handler, SignRole::Secretary, SignRole::Director];
pub const MONTHLY_ROLES: &[SignRole] = &[
    SignRole::Auditor,
    SignRole::SectionChief,
    SignRole::Secretary,
    SignRole::Director,
];
pub const INTERNAL_ROLES: &[SignRole] = &[SignRole::Auditor, SignRole::Director];
pub const REVIEW_ROLES: &[SignRole] = &[SignRole::Handler, SignRole::Director];

/// The signature lines of a form by its place; `None` for records that are not signed.
pub fn roles_of(place: &Place) -> Option<&'static [SignRole]> {
    match place {
        Place::Log(..) => Some(LOG_ROLES),
        Place::MonthlyAudit(..) => Some(MONTHLY_ROLES),
        Place::InternalAudit(..) => Some(INTERNAL_ROLES),
        Place::PermissionReview(..) => Some(REVIEW_ROLES),
        _ => None,
    }
}

/// The records' files by path relative to the records folder.
pub fn files_by_path(facts: &Facts) -> HashMap<String, FileId> {
    facts
        .sources
        .iter()
        .filter_map(|(id, f)| f.name.split_once('/').map(|(_, rel)| (rel.to_string(), id)))
        .collect()
}

/// Whether a change entered the trail by the evaluation date.
pub fn in_time(facts: &Facts, history: &History, change: &Change) -> bool {
    history.commit(change).day() <= facts.as_of
}

/// The committed versions of the form now at `path`, oldest first, up to the evaluation date
/// (the rules read these; the site's form pages show the signing commit from the same list).
pub fn versions<'a>(facts: &'a Facts, history: &'a History, path: &str) -> Vec<Version<'a>> {
    versions_of(
        history,
        path,
        |c| in_time(facts, history, c),
        Content::loaded(facts, path),
    )
}

/// The committed versions of the file now at `path` whose change `keep` accepts, oldest
/// first, each parsed once.
pub fn versions_where<'a>(
    history: &'a History,
    path: &str,
    keep: impl Fn(&Change) -> bool,
) -> Vec<Version<'a>> {
    versions_of(history, path, keep, None)
}

/// [`versions_where`], with the content of one blob known already (the file as loaded).
fn versions_of<'a>(
    history: &'a History,
    path: &str,
    keep: impl Fn(&Change) -> bool,
    known: Option<(git2::Oid, Content<'a>)>,
) -> Vec<Version<'a>> {
    // Each content is read once: a pull request's last commit and its merge hold the same.
    let mut read: HashMap<git2::Oid, Option<Arc<Content<'a>>>> = known
        .into_iter()
        .map(|(blob, c)| (blob, Some(Arc::new(c))))
        .collect();
    let mut content = |path: &str, blob: Option<git2::Oid>| {
        let blob = blob?;
        read.entry(blob)
            .or_insert_with(|| {
                history
                    .text(blob)
                    .and_then(|t| Content::read(path, t))
                    .map(Arc::new)
            })
            .clone()
    };
    let mut out = Vec::new();
    for (path, change) in history.lineage(path).into_iter().filter(|(_, c)| keep(c)) {
        for v in &change.via {
            out.push(Version {
                path,
                change,
                commit: &history.side[v.commit],
                old_blob: v.old_blob,
                others: &v.others,
                new_blob: v.new_blob,
                own: true,
                mainline: false,
                content: content(path, v.new_blob),
            });
        }
        let new_blob = match change.kind {
            ChangeKind::Deleted | ChangeKind::RenamedTo(_) => None,
            _ => change.new_blob,
        };
        out.push(Version {
            path,
            change,
            commit: history.commit(change),
            old_blob: change.old_blob,
            others: &change.others,
            new_blob,
            own: change.own(),
            mainline: true,
            content: content(path, new_blob),
        });
    }
    out
}

/// A signature in a committed version: who and which day.
pub fn signature(t: &Table, role: SignRole) -> Option<(String, NaiveDate)> {
    let s = t.get("signoff")?.get(role.key())?;
    let person = s.get("person")?.as_str()?.to_string();
    let date = s.get("date")?.as_datetime()?.date?;
    let date = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())?;
    Some((person, date))
}

/// Whether every signature line of the form is filled (records.md "Signatures").
pub fn fully_signed(t: &Table, roles: &[SignRole]) -> bool {
    roles.iter().all(|r| signature(t, *r).is_some())
}

/// The version whose commit completed the form's signatures: the first committed version with
/// every line signed. `signed-record-modified` judges every later change against it, and the
/// site's form pages show it as "簽核於 commit …".
pub fn signing_version<'v, 'a>(
    versions: &'v [Version<'a>],
    roles: &[SignRole],
) -> Option<&'v Version<'a>> {
    versions
        .iter()
        .find(|v| v.content.as_ref().is_some_and(|c| c.fully_signed(roles)))
}

/// The usage-log entries of a table as (person, login).
fn entries(t: &Table) -> Vec<(String, NaiveDateTime)> {
    let Some(Value::Array(list)) = t.get("entry") else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|e| {
            let person = e.get("person")?.as_str()?.to_string();
            let login: Stamp = e.get("login")?.clone().try_into().ok()?;
            Some((person, login.0))
        })
        .collect()
}

impl<'a> FormTrail<'a> {
    /// The span of a signature line in the form's current file.
    pub fn signature_span(&self, role: SignRole) -> Option<Span> {
        let s = self.signoff?.get_ref().get(role)?;
        Some(Span::new(self.file, s.span()))
    }

    /// The current signature of a line: who and which day.
    pub fn current_signature(&self, role: SignRole) -> Option<(String, NaiveDate)> {
        let s = self.signoff?.get_ref().get(role)?.get_ref();
        Some((s.person.get_ref().clone(), s.date.get_ref().0))
    }

    /// Each current signature (role, signer, date) with the version whose commit added it,
    /// leaving out what the import commit (`import`, the transcribed paper archive) brought:
    /// what the signature rules about commits judge.
    pub fn committed_signatures(
        &self,
        import: Option<usize>,
    ) -> impl Iterator<Item = (SignRole, String, NaiveDate, &Version<'a>)> + '_ {
        self.roles.iter().filter_map(move |&role| {
            let (person, date) = self.current_signature(role)?;
            let added = self.signature_added(role)?;
            (Some(added.change.at) != import).then_some((role, person, date, added))
        })
    }

    /// The version whose commit added the current signature of `role`: the last commit that
    /// wrote it where none of its parents had it (a merge that only took a branch's content
    /// did not add it; the branch's commit did). `None` when the main line's last committed
    /// version differs (the signature is not committed yet, or only after the evaluation date).
    pub fn signature_added(&self, role: SignRole) -> Option<&Version<'a>> {
        let now = self.current_signature(role)?;
        let holds = |c: &Content| c.signature(role).as_ref() == Some(&now);
        let last = self.versions.iter().rev().find(|v| v.mainline)?;
        if !last.content.as_deref().is_some_and(holds) {
            return None;
        }
        let at = self.versions.iter().enumerate().rev().find(|(i, v)| {
            v.own
                && v.content.as_deref().is_some_and(holds)
                && v.parents().all(|b| match b {
                    Some(_) => !self.with_content(b, holds).unwrap_or(false),
                    // A file deleted and restored: the restore does not sign anew.
                    None => !self.versions[..*i]
                        .iter()
                        .rev()
                        .find_map(|w| w.content.as_deref())
                        .is_some_and(holds),
                })
        });
        at.map(|(_, v)| v)
    }

    /// `f` of the content `blob` held: from the versions read already, else read now.
    pub fn with_content<T>(
        &self,
        blob: Option<git2::Oid>,
        f: impl FnOnce(&Content) -> T,
    ) -> Option<T> {
        let blob = blob?;
        if let Some(c) = self
            .versions
            .iter()
            .find(|v| v.new_blob == Some(blob))
            .and_then(|v| v.content.as_deref())
        {
            return Some(f(c));
        }
        let c = Content::read(&self.path, self.history.text(blob)?)?;
        Some(f(&c))
    }
}

/// What the change trail says of one current signature of a form: what its line shows on
/// screen beside the seal space (issue 14), from the same judgement `signoff-unverified` makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seal {
    /// Brought by the import commit (the transcribed paper archive), which no identity rule
    /// judges: the paper original carries the seal.
    Imported,
    /// Not in the main line's last committed version by the evaluation date: no commit to
    /// judge yet.
    NotCommitted,
    /// What the SSH signature of the commit that added it says of the signer.
    Judged(Status),
}

impl Seal {
    /// The words beside the signature (records.md "Signed sign-off").
    pub fn label(&self) -> String {
        match self {
            Seal::Imported => "紙本匯入，不驗證".into(),
            Seal::NotCommitted => "尚未提交，無法驗證".into(),
            Seal::Judged(s) => s.label(),
        }
    }

    /// How it is coloured: `ok` verified, `bad` what `signoff-unverified` reports, `na` what
    /// it does not judge (the import, a signature not committed yet).
    pub fn class(&self) -> &'static str {
        match self {
            Seal::Imported | Seal::NotCommitted => "na",
            Seal::Judged(s) if s.verified() => "ok",
            Seal::Judged(_) => "bad",
        }
    }
}

/// The seal of each of `roles` on the form now at `rel` (relative to the records folder),
/// `None` for an empty line; nothing at all (an empty list) when the county does not ask for
/// signed sign-off (`verify_signoff_signatures = false`): a county that does not sign commits
/// would see 未簽章 on every line, which says nothing about its records. The commit that added
/// each signature is the one `signoff-unverified` judges, and its status comes from the
/// history's cache, so a page and its finding cannot disagree.
pub fn seals(
    facts: &Facts,
    history: &History,
    rel: &str,
    file: FileId,
    signoff: Option<&crate::model::Spanned<Signoff>>,
    roles: &'static [SignRole],
) -> Vec<Option<Seal>> {
    if !facts.policy.verify_signoff_signatures {
        return Vec::new();
    }
    let Some(office) = place_of(rel)
        .and_then(|p| p.office().map(str::to_string))
        .and_then(|o| facts.offices.iter().find(|f| f.id == o))
    else {
        return Vec::new();
    };
    let form = FormTrail {
        history,
        office,
        path: rel.to_string(),
        file,
        subject: String::new(),
        noun: "",
        roles,
        signoff,
        log: None,
        versions: versions(facts, history, rel),
    };
    let import = history.import_commit();
    roles
        .iter()
        .map(|&role| {
            let (person, _) = form.current_signature(role)?;
            let Some(added) = form.signature_added(role) else {
                return Some(Seal::NotCommitted);
            };
            if Some(added.change.at) == import {
                return Some(Seal::Imported);
            }
            Some(Seal::Judged(history.signoff_status(
                added.commit.id,
                office.id,
                &person,
            )))
        })
        .collect()
}

/// The place of a path relative to the records folder, whatever folder mistakes it has.
pub fn place_of(path: &str) -> Option<Place> {
    let parts: Vec<&str> = path.split('/').collect();
    match crate::load::place::classify(&parts) {
        crate::load::place::Classified::Known(p)
        | crate::load::place::Classified::Mismatch(p, _) => Some(p),
        crate::load::place::Classified::Unexpected(_) => None,
    }
}

/// Who made a commit, as shown in messages: `名字 <email>`.
pub fn who(c: &crate::history::Identity) -> String {
    format!("{} <{}>", c.name, c.email)
}

/// The span, in `text`, of the value at `path` (keys and array indices), or of the deepest
/// part of it that exists there.
pub fn span_of_path(text: &str, path: &[Segment]) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut best: Option<std::ops::Range<usize>> = None;
    let mut table: &DeTable = doc.get_ref();
    let mut value: Option<&toml::Spanned<DeValue>> = None;
    for seg in path {
        let next = match (seg, value.map(|v| v.get_ref())) {
            (Segment::Key(k), None) => table
                .iter()
                .find(|(key, _)| key.get_ref() == k)
                .map(|(_, v)| v),
            (Segment::Key(k), Some(DeValue::Table(t))) => {
                t.iter().find(|(key, _)| key.get_ref() == k).map(|(_, v)| v)
            }
            (Segment::Index(i), Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        best = Some(next.span());
        if let DeValue::Table(t) = next.get_ref() {
            table = t;
        }
        value = Some(next);
    }
    best
}

/// A step in a path into a TOML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where two tables first differ, as a path (keys in order, array indices).
pub fn first_difference(a: &Table, b: &Table) -> Vec<Segment> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let (x, y) = (a.get(k.as_str()), b.get(k.as_str()));
        if x == y {
            continue;
        }
        let mut path = vec![Segment::Key(k.clone())];
        if let (Some(x), Some(y)) = (x, y) {
            path.extend(value_difference(x, y));
        }
        return path;
    }
    Vec::new()
}

fn value_difference(a: &Value, b: &Value) -> Vec<Segment> {
    match (a, b) {
        (Value::Table(x), Value::Table(y)) => first_difference(x, y),
        (Value::Array(x), Value::Array(y)) => {
            let n = x.len().max(y.len());
            for i in 0..n {
                match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) if p == q => continue,
                    (Some(p), Some(q)) => {
                        let mut path = vec![Segment::Index(i)];
                        path.extend(value_difference(p, q));
                        return path;
                    }
                    _ => return vec![Segment::Index(i.min(y.len().saturating_sub(1)))],
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_value_is_found_in_the_current_text() {
        let a: Table = "month = \"2026-02\"\n[[entry]]\nperson = \"a\"\nlogout = 1\n[[entry]]\nperson = \"b\"\nlogout = 2\n"
            .parse()
            .unwrap();
        let text = "month = \"2026-02\"\n[[entry]]\nperson = \"a\"\nlogout = 1\n[[entry]]\nperson = \"b\"\nlogout = 3\n";
        let b: Table = text.parse().unwrap();
        let path = first_difference(&a, &b);
        assert_eq!(
            path,
            vec![
                Segment::Key("entry".into()),
                Segment::Index(1),
                Segment::Key("logout".into())
            ]
        );
        let span = span_of_path(text, &path).unwrap();
        assert_eq!(&text[span], "3");
    }
}
