//! `index.html`: the county at a glance (issue: each office's standing as colour and words,
//! what is overdue and due soon, the evaluation date, unreadable files).

use serde::Serialize;

use super::{status, Counts, DateView, FindingView, Status};
use crate::catalogue::Marks;
use crate::site::lookup::Lookup;
use crate::site::paths;

#[derive(Debug, Serialize)]
pub struct Dashboard {
    /// The change trail's findings (tampering) and notes, shown first; `None` when history
    /// was not read.
    pub tamper: Option<super::history::TamperSection>,
    pub totals: Counts,
    pub files: usize,
    pub offices: Vec<OfficeRow>,
    /// Open errors, by office (offices with none left out), most first.
    pub errors_by_office: Vec<super::NamedCount>,
    /// Overdue, and due within 7 days: what must be done this week.
    pub this_week: Vec<Deadline>,
    pub this_week_more: usize,
    /// Forms waiting for a signature, by the role whose seal is next.
    pub waiting: Vec<super::compare::Waiting>,
    /// Breaches closed in the last 90 days (facts of the past, not work to do).
    pub closed_recent: Vec<FindingView>,
    pub overdue: Vec<Deadline>,
    pub overdue_more: usize,
    pub due: Vec<Deadline>,
    pub due_more: usize,
    pub unreadable: Vec<Unreadable>,
    /// Findings about the county as a whole (no office).
    pub county_findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct OfficeRow {
    pub id: String,
    pub name: String,
    pub href: String,
    pub counts: Counts,
    pub standing: Status,
    /// The inspector's comparison columns (same as offices.csv).
    pub stats: super::compare::OfficeStats,
    pub system_start: Option<DateView>,
    pub accounts_active: usize,
    /// The last twelve months, log and audit together.
    pub recent: Vec<super::office::MiniMonth>,
}

#[derive(Debug, Serialize)]
pub struct Deadline {
    pub finding: FindingView,
    pub days: String,
    /// Days from the evaluation date to the deadline (negative: overdue).
    pub in_days: i64,
}

#[derive(Debug, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub href: Option<String>,
    pub message: String,
}

/// How many items of each list the dashboard shows; the deadlines page has them all.
const SHOWN: usize = 10;

pub fn build(l: &Lookup) -> Dashboard {
    let all: Vec<usize> = (0..l.eval.findings.len()).collect();
    let stats = super::compare::offices(l);
    let offices: Vec<OfficeRow> = stats
        .into_iter()
        .filter_map(|s| {
            let o = l.digests().iter().find(|o| o.id == s.id)?;
            let counts = s.open;
            Some(OfficeRow {
                id: o.id.clone(),
                name: l.office_name(&o.id),
                href: paths::office(&o.id),
                counts,
                standing: standing(counts),
                system_start: o.system_start.clone(),
                accounts_active: o.accounts_active,
                recent: o.recent.clone(),
                stats: s,
            })
        })
        .collect();
    let mut errors_by_office: Vec<super::NamedCount> = offices
        .iter()
        .filter(|o| o.counts.error > 0)
        .map(|o| super::NamedCount {
            name: o.name.clone(),
            href: o.href.clone(),
            count: o.counts.error,
        })
        .collect();
    errors_by_office.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let (overdue, due) = deadlines(l);
    let week: Vec<&Deadline> = overdue
        .iter()
        .chain(due.iter().filter(|d| d.in_days <= 7))
        .collect();
    let this_week_more = week.len().saturating_sub(SHOWN);
    let this_week = week
        .into_iter()
        .take(SHOWN)
        .map(|d| Deadline {
            finding: d.finding.clone(),
            days: d.days.clone(),
            in_days: d.in_days,
        })
        .collect();
    let since = l.as_of() - chrono::Days::new(90);
    let closed_recent = (0..l.eval.findings.len())
        .filter(|i| !l.is_open(*i))
        .filter(|i| l.eval.findings[*i].date.is_some_and(|d| d >= since))
        .map(|i| l.findings[i].clone())
        .collect();
    let overdue_more = overdue.len().saturating_sub(SHOWN);
    let due_more = due.len().saturating_sub(SHOWN);
    let unreadable = l
        .unreadable()
        .iter()
        .map(|file| {
            let first = l
                .file_findings(*file)
                .iter()
                .find(|i| l.eval.findings[**i].rule.marks == Marks::UnreadableFile)
                .map(|i| &l.findings[*i]);
            Unreadable {
                file: l.eval.sources().get(*file).name.clone(),
                href: first
                    .and_then(|f| f.source_href.clone())
                    .or_else(|| l.source_href(*file, None)),
                message: first.map(|f| f.message.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let county_findings = l
        .eval
        .findings
        .iter()
        .enumerate()
        // The change trail's findings have their own section at the top.
        .filter(|(_, f)| {
            f.office.is_none()
                && !super::history::is_tamper(f.rule)
                && !super::history::is_trail_note(f.rule)
        })
        .map(|(i, _)| l.findings[i].clone())
        .collect();
    Dashboard {
        tamper: super::history::tamper_section(l),
        totals: Counts::of(l, &all),
        files: l.eval.file_count(),
        offices,
        errors_by_office,
        this_week,
        this_week_more,
        waiting: super::compare::waiting(l),
        closed_recent,
        overdue: overdue.into_iter().take(SHOWN).collect(),
        overdue_more,
        due: due.into_iter().take(SHOWN).collect(),
        due_more,
        unreadable,
        county_findings,
    }
}

/// An office's standing in words and colour.
pub fn standing(c: Counts) -> Status {
    if c.error > 0 {
        status("bad", "需改善")
    } else if c.warning > 0 {
        status("warn", "請留意")
    } else if c.info > 0 {
        status("due", "有待辦")
    } else {
        status("ok", "良好")
    }
}

/// The deadline items (`crate::deadlines`: the rules whose findings carry a deadline), split
/// into overdue and due, soonest first, each with how far it is from the evaluation date.
pub fn deadlines(l: &Lookup) -> (Vec<Deadline>, Vec<Deadline>) {
    let items = crate::deadlines::items(&l.eval.findings);
    let mut overdue = Vec::new();
    let mut due = Vec::new();
    for item in items {
        // Only open work is overdue or due (cli.md).
        let index = l.index_of(item.finding);
        if !l.is_open(index) {
            continue;
        }
        let days = (item.date - l.as_of()).num_days();
        let text = match days {
            d if d < 0 => format!("逾期 {} 日", -d),
            0 => "今日到期".to_string(),
            d => format!("尚餘 {d} 日"),
        };
        let d = Deadline {
            finding: l.findings[index].clone(),
            days: text,
            in_days: days,
        };
        if item.overdue {
            overdue.push(d);
        } else {
            due.push(d);
        }
    }
    (overdue, due)
}
