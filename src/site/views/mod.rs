//! Structs made for the templates only (STYLE.md: a template never sees the raw model). Every
//! text taken from a record is masked here (`mask_ids`) and escaped by the template; dates
//! come as ISO and ROC both, for `<time datetime>`.

pub mod binder;
pub mod catalogue;
pub mod compare;
pub mod dashboard;
pub mod findings;
pub mod forms;
pub mod guide;
pub mod history;
pub mod office;
pub mod person;
pub mod source;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::lookup::Lookup;
use crate::catalogue::Severity;
use crate::model::{Amendment, Check, CheckItem, CheckResult, SignRole, Signoff};
use crate::text::pii::mask_ids;
use crate::time::roc;

/// `mask_ids` of a text, without its byte-by-byte scan when the text has no ASCII capital
/// letter, which every id number starts with (text/pii.rs): most record text is Chinese, and
/// the scan of every log entry's text was a twelfth of a county rebuild (issue 6).
pub fn masked(text: &str) -> String {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        mask_ids(text)
    } else {
        text.to_owned()
    }
}

/// Everything a page's frame needs (base.html).
#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    /// `../` per folder level: prefix of every href.
    pub root: String,
    /// Which item of the top navigation is current.
    pub section: &'static str,
    pub crumbs: Vec<Crumb>,
    pub county: String,
    pub authority: Option<String>,
    pub as_of: DateView,
    /// The record's change trail (cli.md `history/…`), on the pages of record files; the
    /// overview (`history/index.html`) when history could not be read.
    pub history_href: Option<String>,
    /// The user guide is in the binary: the navigation links to it.
    pub guide: bool,
    /// A printable paper form: the print stylesheet lays it on A4.
    pub form: bool,
    /// The records' version the site was built from (`history::built_from`), for the footer.
    pub version: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Crumb {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct DateView {
    pub iso: String,
    /// `115年11月24日`
    pub roc: String,
    /// `115/11/24`
    pub short: String,
}

pub fn date(d: NaiveDate) -> DateView {
    DateView {
        iso: d.to_string(),
        roc: roc::roc_date(d),
        short: roc::roc_short(d),
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct StampView {
    /// `2026-11-03T09:12`
    pub iso: String,
    /// `115/11/03 09:12`
    pub short: String,
}

pub fn stamp(t: NaiveDateTime) -> StampView {
    use chrono::{Datelike, Timelike};
    // Written out rather than by strftime, which parses its format string on every call: a
    // county has two million stamps (issue 6). strftime's `%Y` adds a sign outside 0..=9999.
    let iso = if (0..=9999).contains(&t.year()) {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        )
    } else {
        t.format("%Y-%m-%dT%H:%M").to_string()
    };
    StampView {
        iso,
        short: roc::roc_datetime(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_written_as_strftime_writes_them() {
        for (y, m, d, h, min) in [
            (2026, 11, 3, 9, 12),
            (1, 1, 1, 0, 0),
            (9999, 12, 31, 23, 59),
            (10000, 1, 1, 0, 0),
            (-1, 1, 1, 0, 0),
        ] {
            let t = NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|day| day.and_hms_opt(h, min, 59))
                .unwrap();
            assert_eq!(stamp(t).iso, t.format("%Y-%m-%dT%H:%M").to_string(), "{t}");
        }
    }

    #[test]
    fn masked_is_mask_ids() {
        for s in [
            "申請人A123456789查詢",
            "查詢",
            "",
            "a123456789",
            "B2 A1234567890",
        ] {
            assert_eq!(masked(s), mask_ids(s), "{s}");
        }
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
    pub href: Option<String>,
}

/// A finding as every page shows it, with links to the rule, the clause, the page of the
/// record and the line of its file.
#[derive(Debug, Serialize, Clone)]
pub struct FindingView {
    pub rule: &'static str,
    pub rule_href: String,
    pub rule_summary: &'static str,
    /// `error` / `warning` / `info`: the CSS class.
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub clause: &'static str,
    pub clause_title: &'static str,
    pub clause_href: String,
    pub office: Option<String>,
    pub office_name: Option<String>,
    pub office_href: Option<String>,
    pub subject: Option<String>,
    pub subject_label: Option<String>,
    pub date: Option<DateView>,
    pub message: String,
    /// `records/offices/x/people.toml:14`
    pub location: Option<String>,
    pub record_href: Option<String>,
    pub source_href: Option<String>,
}

#[derive(Debug, Serialize, Clone, Copy, Default)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(l: &Lookup, indices: &[usize]) -> Counts {
        let mut c = Counts::default();
        for i in indices {
            match l.eval.findings[*i].severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }
}

/// A state shown as colour AND words (never colour alone): `class` picks the colour and the
/// symbol, `label` says it.
#[derive(Debug, Serialize, Clone)]
pub struct Status {
    /// `ok`, `warn`, `bad`, `due`, `na`
    pub class: &'static str,
    pub label: String,
}

pub fn status(class: &'static str, label: impl Into<String>) -> Status {
    Status {
        class,
        label: label.into(),
    }
}

/// The colour class of the worst of some findings.
pub fn class_of(worst: Option<Severity>) -> &'static str {
    match worst {
        Some(Severity::Error) => "bad",
        Some(Severity::Warning) => "warn",
        Some(Severity::Info) => "due",
        None => "ok",
    }
}

/// One signature line of a paper form, filled from `[signoff]`.
#[derive(Debug, Serialize)]
pub struct Signature {
    pub role: &'static str,
    pub person: Option<PersonRef>,
    pub date: Option<DateView>,
    /// What the commit signature of the line says (form pages only, on screen only; filled by
    /// `forms::with_seals`, never on a binder or blank form: paper keeps the seal space empty).
    pub seal: Option<SealView>,
}

/// The signed sign-off status of a signature line (`facts::signed::Seal`), in words and colour.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SealView {
    pub text: String,
    /// `ok`, `bad` or `na`, as the status pills colour them.
    pub class: &'static str,
}

pub fn signatures(
    l: &Lookup,
    office: &str,
    signoff: Option<&Signoff>,
    roles: &[SignRole],
) -> Vec<Signature> {
    roles
        .iter()
        .map(|role| {
            let sig = signoff.and_then(|s| s.get(*role)).map(|s| s.get_ref());
            Signature {
                role: role.label(),
                person: sig.map(|s| l.person(office, s.person.get_ref())),
                date: sig.map(|s| date(s.date.get_ref().0)),
                seal: None,
            }
        })
        .collect()
}

/// One row of a check table (附件二, 附表三, internal audits), in the order the form prints.
#[derive(Debug, Serialize)]
pub struct CheckRow {
    pub n: usize,
    /// `c<i>`: the check's place in its file, for links from findings.
    pub anchor: Option<String>,
    pub label: &'static str,
    pub pass: bool,
    pub fail: bool,
    pub note: String,
}

pub fn check_rows(checks: &[crate::model::Spanned<Check>], items: &[CheckItem]) -> Vec<CheckRow> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let found = checks
                .iter()
                .position(|c| CheckItem::from_code(c.get_ref().item.get_ref()) == Some(*item));
            let check = found.map(|i| checks[i].get_ref());
            let result = check.map(|c| *c.result.get_ref());
            CheckRow {
                n: n + 1,
                anchor: found.map(|i| format!("c{}", i + 1)),
                label: item.label(),
                pass: result == Some(CheckResult::Pass),
                fail: result == Some(CheckResult::Fail),
                note: check
                    .and_then(|c| c.note.as_ref())
                    .map(|n| mask_ids(n.get_ref()))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct AmendmentView {
    pub date: DateView,
    pub reason: String,
    pub by: PersonRef,
    pub approved_by: Option<PersonRef>,
}

pub fn amendments(
    l: &Lookup,
    office: &str,
    list: &[crate::model::Spanned<Amendment>],
) -> Vec<AmendmentView> {
    list.iter()
        .map(|a| {
            let a = a.get_ref();
            AmendmentView {
                date: date(a.date.get_ref().0),
                reason: mask_ids(a.reason.get_ref()),
                by: l.person(office, a.by.get_ref()),
                approved_by: a
                    .approved_by
                    .as_ref()
                    .map(|p| l.person(office, p.get_ref())),
            }
        })
        .collect()
}

/// An office (or other place) with a count and a link.
#[derive(Debug, Serialize)]
pub struct NamedCount {
    pub name: String,
    pub href: String,
    pub count: usize,
}

/// Findings grouped under the clause of their rule, in the order of the 要點; within a clause
/// by rule, bounded (`by_rule`).
#[derive(Debug, Serialize)]
pub struct ClauseGroup {
    pub label: &'static str,
    pub title: &'static str,
    pub href: String,
    pub count: usize,
    pub rules: Vec<RuleGroup>,
}

pub fn by_clause(l: &Lookup, indices: &[usize]) -> Vec<ClauseGroup> {
    let clauses: Vec<(&crate::catalogue::Clause, Vec<usize>)> = crate::catalogue::clauses::ALL
        .iter()
        .filter_map(|c| {
            let mine: Vec<usize> = indices
                .iter()
                .copied()
                .filter(|i| std::ptr::eq(l.eval.findings[*i].rule.clause, *c))
                .collect();
            (!mine.is_empty()).then_some((*c, mine))
        })
        .collect();
    // One budget for the page: every clause's groups get their first ones before any gets its
    // folded rest.
    let raw = clauses.iter().map(|(_, m)| raw_groups(l, m)).collect();
    let groups = bounded(l, raw, &mut Budget::page());
    clauses
        .into_iter()
        .zip(groups)
        .map(|((c, mine), rules)| ClauseGroup {
            label: c.label,
            title: c.title,
            href: super::paths::clause(c.anchor),
            count: mine.len(),
            rules,
        })
        .collect()
}

/// Findings shown in full at the head of each rule's group; the rest fold into `<details>`.
pub const SHOWN_FIRST: usize = 3;

/// How many findings one page shows in full, over all its groups: a record with 746
/// warnings adds some 30 KB to its page, not 450 KB (issue 13). The rest are counted and
/// linked to `findings.html`, which lists every one.
pub const PAGE_FINDINGS: usize = 28;

/// What is left of a page's findings budget.
pub struct Budget(usize);

impl Budget {
    pub fn page() -> Budget {
        Budget(PAGE_FINDINGS)
    }

    fn take(&mut self, want: usize) -> usize {
        let n = want.min(self.0);
        self.0 -= n;
        n
    }
}

/// The findings of one rule on a page: how many, the first few, the rest (folded), and how
/// many are not on the page at all.
#[derive(Debug, Serialize)]
pub struct RuleGroup {
    pub rule: &'static str,
    pub rule_href: String,
    pub summary: &'static str,
    /// The worst severity among them: `error` / `warning` / `info`.
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub count: usize,
    pub first: Vec<FindingView>,
    pub rest: Vec<FindingView>,
    /// Left off the page (counted only).
    pub hidden: usize,
}

/// Groups findings by rule, worst first, then by rule id; each group's findings keep their
/// order. At most [`SHOWN_FIRST`] a group are open, and the page as a whole shows at most
/// what `budget` has left.
pub fn by_rule(l: &Lookup, indices: &[usize], budget: &mut Budget) -> Vec<RuleGroup> {
    bounded(l, vec![raw_groups(l, indices)], budget)
        .pop()
        .unwrap_or_default()
}

/// A rule's findings among some: the rule, their worst severity, their indices in order.
type RawGroup = (&'static crate::catalogue::Rule, Severity, Vec<usize>);

/// `indices` by rule, worst first, then by rule id.
fn raw_groups(l: &Lookup, indices: &[usize]) -> Vec<RawGroup> {
    let mut groups: Vec<RawGroup> = Vec::new();
    for i in indices {
        let f = &l.eval.findings[*i];
        match groups.iter_mut().find(|g| std::ptr::eq(g.0, f.rule)) {
            Some(g) => {
                g.1 = g.1.max(f.severity);
                g.2.push(*i);
            }
            None => groups.push((f.rule, f.severity, vec![*i])),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(b.0.id)));
    groups
}

/// Several lists of groups (one per clause) bounded by one budget: every group's first ones
/// come before any group's folded rest.
fn bounded(l: &Lookup, sets: Vec<Vec<RawGroup>>, budget: &mut Budget) -> Vec<Vec<RuleGroup>> {
    let firsts: Vec<Vec<usize>> = sets
        .iter()
        .map(|gs| {
            gs.iter()
                .map(|g| budget.take(g.2.len().min(SHOWN_FIRST)))
                .collect()
        })
        .collect();
    sets.into_iter()
        .zip(firsts)
        .map(|(gs, firsts)| {
            gs.into_iter()
                .zip(firsts)
                .map(|((rule, worst, list), first)| {
                    let rest = budget.take(list.len() - first);
                    RuleGroup {
                        rule: rule.id,
                        rule_href: super::paths::rule(rule.id),
                        summary: rule.summary,
                        severity: worst.code(),
                        severity_label: super::lookup::severity_label(worst),
                        count: list.len(),
                        first: l.views(&list[..first]),
                        rest: l.views(&list[first..first + rest]),
                        hidden: list.len() - first - rest,
                    }
                })
                .collect()
        })
        .collect()
}
