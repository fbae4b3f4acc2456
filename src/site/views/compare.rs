//! What an inspector compares across offices (issue 13): open findings by severity, the last
//! 督考 and 清查, this year's internal audits, how long 附件一 takes to be fully signed and how
//! often 附件二 is on time. The dashboard's table and `offices.csv` show the same rows, in
//! the order of the offices' names.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{date, Counts, DateView};
use crate::facts::OfficeFacts;
use crate::model::{SignRole, Signoff};
use crate::site::lookup::Lookup;
use crate::site::paths;
use crate::time::{roc, Month};

/// The sign-off order of 附件一 (the handler signs first, the director last).
pub const LOG_ROLES: [SignRole; 3] = [SignRole::Handler, SignRole::Secretary, SignRole::Director];
/// The sign-off order of 附件二.
pub const AUDIT_ROLES: [SignRole; 4] = [
    SignRole::Auditor,
    SignRole::SectionChief,
    SignRole::Secretary,
    SignRole::Director,
];

#[derive(Debug, Clone, Serialize)]
pub struct OfficeStats {
    pub id: String,
    pub name: String,
    pub href: String,
    /// Open findings only (`Lookup::is_open`).
    pub open: Counts,
    pub last_inspection: Option<DateView>,
    /// Internal audits in the evaluation date's year, up to that date.
    pub audits_this_year: usize,
    pub audits_required: u32,
    pub last_review: Option<DateView>,
    /// Median days from a month's end to the last signature of its 附件一, over the fully
    /// signed logs; `None` when none is.
    pub signoff_median_days: Option<i64>,
    /// 附件二 done by their deadline, of the months whose deadline has passed.
    pub audits_on_time: usize,
    pub audits_due: usize,
}

impl OfficeStats {
    /// `8/10（80%）`, or `—` when no 附件二 was due yet.
    pub fn on_time_text(&self) -> String {
        if self.audits_due == 0 {
            return "—".into();
        }
        format!(
            "{}/{}（{}%）",
            self.audits_on_time,
            self.audits_due,
            self.audits_on_time * 100 / self.audits_due
        )
    }
}

/// Every office's row, sorted by name (then id, for offices without office.toml).
pub fn offices(l: &Lookup) -> Vec<OfficeStats> {
    let mut rows: Vec<OfficeStats> = l.digests().iter().map(|d| d.stats.clone()).collect();
    rows.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    rows
}

/// What the county's pages (the dashboard, `offices.csv`) read of one office, made while its
/// records are loaded: a build made office by office keeps these and releases the records
/// (`site::kept`).
#[derive(Debug, Clone)]
pub struct OfficeDigest {
    pub id: String,
    pub stats: OfficeStats,
    pub system_start: Option<DateView>,
    pub accounts_active: usize,
    /// The last twelve months, log and audit together.
    pub recent: Vec<super::office::MiniMonth>,
    /// Its forms waiting for a seal ([`waiting`]): the role's place in [`WAITING_ROLES`], the
    /// month and the form, in the office's own order.
    pub waiting: Vec<(usize, Month, WaitingForm)>,
}

/// The digest of office `o` (see [`OfficeDigest`]).
pub fn digest(l: &Lookup, o: &OfficeFacts) -> OfficeDigest {
    OfficeDigest {
        id: o.id.to_string(),
        stats: stats(l, o),
        system_start: o.system_start().map(date),
        accounts_active: o
            .accounts
            .values()
            .filter(|a| a.active_on(l.as_of()))
            .count(),
        recent: super::office::recent_months(l, o, 12),
        waiting: waiting_of(l, o),
    }
}

fn stats(l: &Lookup, o: &OfficeFacts) -> OfficeStats {
    let as_of = l.as_of();
    let r = o.records;
    let open: Vec<usize> = l
        .office_findings(o.id)
        .iter()
        .copied()
        .filter(|i| l.is_open(*i))
        .collect();
    let last_inspection = r.inspections.keys().filter(|d| **d <= as_of).max().copied();
    let audits_this_year = r
        .internal_audits
        .keys()
        .filter(|d| d.year() == as_of.year() && **d <= as_of)
        .count();
    let last_review = r
        .permission_reviews
        .values()
        .map(|f| f.data.date.get_ref().0)
        .filter(|d| *d <= as_of)
        .max();
    let mut days: Vec<i64> = r
        .logs
        .iter()
        .filter_map(|(m, f)| {
            let s = f.data.signoff.as_ref()?.get_ref();
            let last = LOG_ROLES
                .iter()
                .map(|role| s.get(*role).map(|x| x.get_ref().date.get_ref().0))
                .collect::<Option<Vec<NaiveDate>>>()?
                .into_iter()
                .max()?;
            Some((last - m.last_day()).num_days())
        })
        .collect();
    days.sort_unstable();
    let signoff_median_days = (!days.is_empty()).then(|| days[(days.len() - 1) / 2]);
    let (mut audits_on_time, mut audits_due) = (0, 0);
    if let Some(start) = o.system_start() {
        let first = Month::of(start).max(Month::of(l.facts.retention_start()));
        let last = l.facts.last_ended_month().min(Month::of(o.last_day(as_of)));
        if first <= last {
            for m in first.through(last) {
                let deadline = l
                    .facts
                    .deadline(m.last_day(), l.facts.policy.monthly_audit_days);
                if deadline >= as_of {
                    continue;
                }
                audits_due += 1;
                if r.monthly_audits
                    .get(&m)
                    .is_some_and(|f| f.data.date.get_ref().0 <= deadline)
                {
                    audits_on_time += 1;
                }
            }
        }
    }
    OfficeStats {
        id: o.id.to_string(),
        name: l.office_name(o.id),
        href: paths::office(o.id),
        open: Counts::of(l, &open),
        last_inspection: last_inspection.map(date),
        audits_this_year,
        audits_required: l.facts.policy.internal_audits_per_year,
        last_review: last_review.map(date),
        signoff_median_days,
        audits_on_time,
        audits_due,
    }
}

/// `offices.csv`: the dashboard's comparison, UTF-8 with a BOM (as `imaudit export` writes,
/// so a spreadsheet opens the Chinese right), dates in ISO form for sorting.
pub fn csv(l: &Lookup) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("事務所,代碼,錯誤,警告,待辦,最近督考,今年內部稽核,每年應辦次數,最近清查,附件一簽核完成中位日數,附件二如期完成,附件二應完成\r\n");
    for s in offices(l) {
        let iso = |d: &Option<DateView>| d.as_ref().map(|d| d.iso.clone()).unwrap_or_default();
        let fields = [
            s.name.clone(),
            s.id.clone(),
            s.open.error.to_string(),
            s.open.warning.to_string(),
            s.open.info.to_string(),
            iso(&s.last_inspection),
            s.audits_this_year.to_string(),
            s.audits_required.to_string(),
            iso(&s.last_review),
            s.signoff_median_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            s.audits_on_time.to_string(),
            s.audits_due.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Forms waiting for a signature, by the role whose seal is next (待秘書核章…).
#[derive(Debug, Serialize)]
pub struct Waiting {
    pub label: String,
    pub count: usize,
    /// The first few, oldest first.
    pub items: Vec<WaitingForm>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaitingForm {
    pub office_name: String,
    pub label: String,
    pub href: String,
}

/// How many forms of each role the dashboard lists.
const WAITING_SHOWN: usize = 4;

/// The roles a form can wait for, in sign-off order.
pub const WAITING_ROLES: [SignRole; 5] = [
    SignRole::Handler,
    SignRole::Auditor,
    SignRole::SectionChief,
    SignRole::Secretary,
    SignRole::Director,
];

/// Every 附件一 and 附件二 of an ended month that is not fully signed, under the first role
/// in sign-off order whose seal is missing.
pub fn waiting(l: &Lookup) -> Vec<Waiting> {
    let roles = WAITING_ROLES;
    let mut by_role: Vec<Vec<(Month, WaitingForm)>> = roles.iter().map(|_| Vec::new()).collect();
    let mut offices: Vec<&OfficeDigest> = l.digests().iter().collect();
    offices.sort_by_key(|o| l.office_name(&o.id));
    for o in offices {
        for (i, m, form) in &o.waiting {
            by_role[*i].push((*m, form.clone()));
        }
    }
    roles
        .iter()
        .zip(by_role)
        .filter(|(_, list)| !list.is_empty())
        .map(|(role, mut list)| {
            list.sort_by_key(|(m, _)| *m);
            Waiting {
                label: format!("待{}核章", role.label()),
                count: list.len(),
                items: list
                    .into_iter()
                    .take(WAITING_SHOWN)
                    .map(|(_, f)| f)
                    .collect(),
            }
        })
        .collect()
}

/// The forms of office `o` waiting for a seal ([`OfficeDigest::waiting`]).
fn waiting_of(l: &Lookup, o: &OfficeFacts) -> Vec<(usize, Month, WaitingForm)> {
    let this_month = Month::of(l.as_of());
    let mut out = Vec::new();
    // The first role in `order` whose seal is missing from `signoff`, with the form.
    let mut wait = |signoff: Option<&Signoff>, order: &[SignRole], m: Month, form: WaitingForm| {
        if let Some(role) = order
            .iter()
            .find(|r| signoff.and_then(|s| s.get(**r)).is_none())
        {
            let i = WAITING_ROLES.iter().position(|r| r == role).unwrap_or(0);
            out.push((i, m, form));
        }
    };
    let name = l.office_name(o.id);
    for (m, f) in &o.records.logs {
        if *m >= this_month {
            continue;
        }
        let form = WaitingForm {
            office_name: name.clone(),
            label: format!("{} 日誌表（附件一）", roc::roc_month(*m)),
            href: paths::log(o.id, *m),
        };
        wait(
            f.data.signoff.as_ref().map(|s| s.get_ref()),
            &LOG_ROLES,
            *m,
            form,
        );
    }
    for (m, f) in &o.records.monthly_audits {
        let form = WaitingForm {
            office_name: name.clone(),
            label: format!("{} 內部稽核紀錄表（附件二）", roc::roc_month(*m)),
            href: paths::monthly_audit(o.id, *m),
        };
        wait(
            f.data.signoff.as_ref().map(|s| s.get_ref()),
            &AUDIT_ROLES,
            *m,
            form,
        );
    }
    out
}
