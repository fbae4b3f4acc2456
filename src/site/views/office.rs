//! `offices/<office>/index.html`: roles over time, the staff and their accounts, a
//! month-by-month grid of logs and audits over the retention window, half-yearly reviews and
//! yearly internal audits, the other records, and the office's findings by clause.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dashboard::standing;
use super::{by_clause, date, forms, status, ClauseGroup, Counts, DateView, PersonRef, Status};
use crate::catalogue::{Marks, Severity};
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{AccountFacts, OfficeFacts};
use crate::model::{EventKind, Role};
use crate::site::lookup::Lookup;
use crate::site::paths;
use crate::text::pii::mask_ids;
use crate::time::{roc, HalfYear, Month};

#[derive(Debug, Serialize)]
pub struct OfficeView {
    pub id: String,
    pub name: String,
    pub system_start: Option<DateView>,
    pub closed: Option<DateView>,
    pub registration_applied: Option<DateView>,
    pub registration_approved: Option<DateView>,
    pub counts: Counts,
    pub standing: Status,
    pub unreadable_office: bool,
    pub unreadable_people: bool,
    pub current_roles: Vec<CurrentRole>,
    pub roles: Vec<RoleRow>,
    pub people: Vec<PersonRow>,
    pub window: Option<String>,
    pub years: Vec<GridYear>,
    pub halves: Vec<PeriodCell>,
    pub audit_years: Vec<AuditYear>,
    pub inspections: Vec<RecordLink>,
    pub handovers: Vec<RecordLink>,
    pub incidents: Vec<RecordLink>,
    pub unreadable: Vec<RecordLink>,
    pub groups: Vec<ClauseGroup>,
    /// Blank paper forms and the years' binders, to print.
    pub blanks: Vec<super::Crumb>,
    pub binders: Vec<super::Crumb>,
}

#[derive(Debug, Serialize)]
pub struct CurrentRole {
    pub role: &'static str,
    pub people: Vec<PersonRef>,
}

#[derive(Debug, Serialize)]
pub struct RoleRow {
    pub role: &'static str,
    pub person: PersonRef,
    pub from: DateView,
    pub to: Option<DateView>,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct PersonRow {
    pub person: PersonRef,
    pub title: String,
    pub has_account: bool,
    pub items: Vec<&'static str>,
    pub nia_id: String,
    pub state: Status,
    pub since: Option<DateView>,
    pub sessions: usize,
    pub last_session: Option<DateView>,
}

#[derive(Debug, Serialize)]
pub struct GridYear {
    pub label: String,
    pub months: Vec<GridMonth>,
}

#[derive(Debug, Serialize)]
pub struct GridMonth {
    pub label: String,
    pub iso: String,
    pub in_window: bool,
    pub log: Cell,
    pub audit: Cell,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    pub status: Status,
    pub detail: String,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PeriodCell {
    pub label: String,
    pub cell: Cell,
}

#[derive(Debug, Serialize)]
pub struct AuditYear {
    pub label: String,
    pub count: usize,
    pub required: u32,
    pub status: Status,
    pub audits: Vec<RecordLink>,
}

#[derive(Debug, Serialize)]
pub struct RecordLink {
    pub label: String,
    pub detail: String,
    pub href: Option<String>,
    pub status: Status,
}

pub fn build(l: &Lookup, o: &OfficeFacts) -> OfficeView {
    let records = o.records;
    let office = records.office.as_ref().map(|f| &f.data);
    let as_of = l.as_of();
    let indices = l.office_findings(o.id);
    let counts = Counts::of(l, indices);
    let missing = missing_index(l, o);
    let cell_for = |marks: Marks, subject: &str| missing.get(&(marks, subject)).copied();

    let current_roles = Role::ALL
        .iter()
        .map(|r| CurrentRole {
            role: r.label(),
            people: o
                .roles
                .holders(*r, as_of)
                .into_iter()
                .map(|p| l.person(o.id, p))
                .collect(),
        })
        .collect();
    let mut roles: Vec<RoleRow> = o
        .roles
        .holdings
        .iter()
        .map(|h| RoleRow {
            role: h.role.label(),
            person: l.person(o.id, h.person),
            from: date(h.from),
            to: h.to.map(date),
            current: h.covers(as_of),
        })
        .collect();
    // Role order of records.md, then the earliest first.
    let role_order = |label: &str| {
        Role::ALL
            .iter()
            .position(|r| r.label() == label)
            .unwrap_or(usize::MAX)
    };
    roles.sort_by(|a, b| (role_order(a.role), &a.from.iso).cmp(&(role_order(b.role), &b.from.iso)));

    let people = o
        .people
        .iter()
        .map(|(id, p)| {
            let p = p.get_ref();
            let account = o.accounts.get(id);
            let sessions = o.sessions_of(id);
            PersonRow {
                person: l.person(o.id, id),
                title: p
                    .title
                    .as_ref()
                    .map(|t| mask_ids(t.get_ref()))
                    .unwrap_or_default(),
                has_account: account.is_some(),
                items: account
                    .map(|a| a.items.iter().map(|i| i.label()).collect())
                    .unwrap_or_default(),
                nia_id: p
                    .account
                    .as_ref()
                    .and_then(|a| a.nia_id.as_ref())
                    .map(|n| mask_ids(n.get_ref()))
                    .unwrap_or_default(),
                state: account.map_or_else(|| status("na", "無帳號"), |a| account_state(a, as_of)),
                since: account
                    .and_then(|a| a.active.last())
                    .map(|(from, _)| date(*from)),
                sessions: sessions.len(),
                last_session: sessions.iter().map(|s| s.login.date()).max().map(date),
            }
        })
        .collect();

    let window = window(l, o);
    let mut years = Vec::new();
    let mut halves = Vec::new();
    let mut audit_years = Vec::new();
    if let Some((first, last)) = window {
        for year in first.year..=last.year {
            let months = (1..=12)
                .filter_map(|m| Month::new(year, m))
                .map(|m| {
                    let in_window = first <= m && m <= last;
                    let (log, audit) = if in_window {
                        (log_cell(l, o, m, &cell_for), audit_cell(l, o, m, &cell_for))
                    } else {
                        (blank(), blank())
                    };
                    GridMonth {
                        label: format!("{}月", m.month),
                        iso: m.to_string(),
                        in_window,
                        log,
                        audit,
                    }
                })
                .collect();
            years.push(GridYear {
                label: format!("{}年", roc::roc_year(year)),
                months,
            });
            audit_years.push(audit_year(l, o, year, &cell_for));
        }
        for h in first.half().through(last.half()) {
            halves.push(PeriodCell {
                label: roc::roc_half(h),
                cell: review_cell(l, o, h, &cell_for),
            });
        }
    }

    let record = |file, label: String, detail: String, href: String| RecordLink {
        label,
        detail,
        href: Some(href),
        status: worst_status(l, l.file_findings(file)),
    };
    let inspections = records
        .inspections
        .iter()
        .map(|(d, f)| {
            record(
                f.file,
                roc::roc_date(*d),
                f.data.by.get_ref().label().to_string(),
                paths::inspection(o.id, *d),
            )
        })
        .collect();
    let handovers = records
        .handovers
        .iter()
        .map(|((d, p), f)| {
            let to = l.person(o.id, f.data.to.get_ref());
            let detail = format!(
                "{} → {}",
                l.person(o.id, f.data.from.get_ref()).name,
                to.name
            );
            record(
                f.file,
                roc::roc_date(*d),
                detail,
                paths::handover(o.id, *d, p),
            )
        })
        .collect();
    let incidents = records
        .incidents
        .iter()
        .map(|((d, s), f)| {
            let detail = format!(
                "{}：{}",
                l.person(o.id, f.data.person.get_ref()).name,
                mask_ids(f.data.description.get_ref())
            );
            record(
                f.file,
                roc::roc_date(*d),
                detail,
                paths::incident(o.id, *d, s),
            )
        })
        .collect();
    let prefix = format!("offices/{}/", o.id);
    let unreadable = l
        .eval
        .records()
        .unreadable
        .iter()
        .filter_map(|file| {
            let rel = l.source_rel(*file)?;
            rel.starts_with(&prefix).then(|| RecordLink {
                label: rel.to_string(),
                detail: String::new(),
                href: l.source_href(*file, None),
                status: status("bad", "無法讀取"),
            })
        })
        .collect();

    OfficeView {
        id: o.id.to_string(),
        name: l.office_name(o.id),
        system_start: o.system_start().map(date),
        closed: office
            .and_then(|f| f.closed.as_ref())
            .map(|d| date(d.get_ref().0)),
        registration_applied: office
            .and_then(|f| f.agency_registration.as_ref())
            .and_then(|r| r.get_ref().applied.as_ref())
            .map(|d| date(d.get_ref().0)),
        registration_approved: office
            .and_then(|f| f.agency_registration.as_ref())
            .and_then(|r| r.get_ref().approved.as_ref())
            .map(|d| date(d.get_ref().0)),
        counts,
        standing: standing(counts),
        unreadable_office: records.unreadable_office,
        unreadable_people: records.unreadable_people,
        current_roles,
        roles,
        people,
        window: window.map(|(a, b)| format!("{}至{}", roc::roc_month(a), roc::roc_month(b))),
        years,
        halves,
        audit_years,
        inspections,
        handovers,
        incidents,
        unreadable,
        groups: by_clause(l, indices),
        blanks: forms::BLANK_KINDS
            .iter()
            .map(|k| super::Crumb {
                label: forms::blank_label(k).to_string(),
                href: paths::blank(o.id, k),
            })
            .collect(),
        binders: super::binder::years(o)
            .into_iter()
            .map(|y| super::Crumb {
                label: format!("{}年", roc::roc_year(y)),
                href: paths::binder(o.id, y),
            })
            .collect(),
    }
}

/// Missing records are findings with the period as subject (brief); indexed by what their
/// rule marks (`Rule::marks`) and subject, so each cell of the grid can say whether its record
/// is overdue or only due.
fn missing_index<'l>(l: &'l Lookup, o: &OfficeFacts) -> HashMap<(Marks, &'l str), Severity> {
    let mut missing = HashMap::new();
    for i in l.office_findings(o.id) {
        let f = &l.eval.findings[*i];
        if let (Some(s), false) = (f.subject.as_deref(), f.rule.marks == Marks::Nothing) {
            let e = missing.entry((f.rule.marks, s)).or_insert(f.severity);
            *e = (*e).max(f.severity);
        }
    }
    missing
}

/// One month of the dashboard's strip: the worse of its log and its monthly audit.
#[derive(Debug, Clone, Serialize)]
pub struct MiniMonth {
    pub label: String,
    pub class: &'static str,
    /// What the colour says, in words (for screen readers and the tooltip).
    pub text: String,
}

/// The last `n` months up to the evaluation date, for the dashboard.
pub fn recent_months(l: &Lookup, o: &OfficeFacts, n: usize) -> Vec<MiniMonth> {
    let Some((first, last)) = window(l, o) else {
        return Vec::new();
    };
    let missing = missing_index(l, o);
    let cell_for = |marks: Marks, subject: &str| missing.get(&(marks, subject)).copied();
    let months: Vec<Month> = first.through(last).collect();
    let rank = |c: &str| {
        ["na", "ok", "due", "warn", "bad"]
            .iter()
            .position(|x| *x == c)
            .unwrap_or(0)
    };
    months[months.len().saturating_sub(n)..]
        .iter()
        .map(|m| {
            let log = log_cell(l, o, *m, &cell_for);
            let audit = audit_cell(l, o, *m, &cell_for);
            let class = if rank(log.status.class) >= rank(audit.status.class) {
                log.status.class
            } else {
                audit.status.class
            };
            MiniMonth {
                label: m.month.to_string(),
                class,
                text: format!(
                    "{}：日誌表{}，稽核紀錄表{}",
                    roc::roc_month(*m),
                    log.status.label,
                    audit.status.label
                ),
            }
        })
        .collect()
}

/// The months the grid covers: from `system_start` (or the start of the retention period, if
/// later: older forms may lawfully be gone, 四(一)) to the month of the evaluation date (or
/// of closing). Without office.toml, the months of the logs there are.
fn window(l: &Lookup, o: &OfficeFacts) -> Option<(Month, Month)> {
    let last = Month::of(o.last_day(l.as_of()));
    let first = match o.system_start() {
        Some(start) => Month::of(start.max(l.facts.retention_start())),
        None => *o.records.logs.keys().next()?,
    };
    (first <= last).then_some((first, last))
}

fn blank() -> Cell {
    Cell {
        status: status("na", "—"),
        detail: String::new(),
        href: None,
    }
}

/// A record that is there: its findings' verdict with their count, or `ok` in words.
fn found_status(l: &Lookup, indices: &[usize], failed: usize, ok: &str) -> Status {
    let v = forms::verdict(Counts::of(l, indices), failed);
    if v.class == "ok" {
        status("ok", ok)
    } else {
        v
    }
}

fn worst_status(l: &Lookup, indices: &[usize]) -> Status {
    match l.worst(indices) {
        Some(Severity::Error) => status("bad", "有缺失"),
        Some(Severity::Warning) => status("warn", "請留意"),
        Some(Severity::Info) => status("due", "待辦"),
        None => status("ok", "無缺失"),
    }
}

/// A record that is not there: unreadable, overdue, due, or not yet asked for.
fn absent(
    l: &Lookup,
    o: &OfficeFacts,
    place: crate::model::Place,
    finding: Option<Severity>,
    not_yet: &'static str,
) -> Cell {
    if l.eval.records().is_unreadable(&place) {
        // Show the file's own place, linked to its source and parse error (brief: never
        // silently left out).
        let href = unreadable_href(l, o, &place);
        return Cell {
            status: status("bad", "無法讀取"),
            detail: String::new(),
            href,
        };
    }
    match finding {
        Some(Severity::Error) | Some(Severity::Warning) => Cell {
            status: status("bad", "缺"),
            detail: "已逾期".into(),
            href: Some(format!("{}#findings", paths::office(o.id))),
        },
        Some(Severity::Info) => Cell {
            status: status("due", "待辦"),
            detail: "未逾期".into(),
            href: None,
        },
        None => Cell {
            status: status("na", not_yet),
            detail: String::new(),
            href: None,
        },
    }
}

fn unreadable_href(l: &Lookup, o: &OfficeFacts, place: &crate::model::Place) -> Option<String> {
    use crate::model::Place;
    let want = match place {
        Place::Log(_, m) => format!("offices/{}/logs/{:04}/{m}.toml", o.id, m.year),
        Place::MonthlyAudit(_, m) => {
            format!("offices/{}/monthly-audits/{:04}/{m}.toml", o.id, m.year)
        }
        Place::PermissionReview(_, h) => format!("offices/{}/permission-reviews/{h}.toml", o.id),
        _ => return None,
    };
    let file = l
        .eval
        .records()
        .unreadable
        .iter()
        .find(|f| l.source_rel(**f) == Some(want.as_str()))?;
    let line = l
        .file_findings(*file)
        .iter()
        .map(|i| &l.findings[*i])
        .find_map(|f| f.source_href.clone());
    line.or_else(|| l.source_href(*file, None))
}

type Missing<'c> = dyn Fn(Marks, &str) -> Option<Severity> + 'c;

fn log_cell(l: &Lookup, o: &OfficeFacts, m: Month, missing: &Missing) -> Cell {
    match o.records.logs.get(&m) {
        Some(f) => {
            let signoff = f.data.signoff.as_ref().map(|s| s.get_ref());
            let signed = signoff.is_some_and(|s| {
                s.handler.is_some() && s.secretary.is_some() && s.director.is_some()
            });
            // Every finding of the month's log: its own and the system log's reconciliation.
            let found = forms::log_findings(l, o.id, m, f);
            let verdict = forms::verdict(Counts::of(l, &found), 0);
            let status = match (verdict.class, signed) {
                ("ok", false) => status("due", "未簽核"),
                ("ok", true) => status("ok", "已簽核"),
                _ => verdict,
            };
            let n = f.data.entry.len();
            let no_usage = f.data.no_usage.as_ref().is_some_and(|b| *b.get_ref());
            Cell {
                status,
                detail: if no_usage && n == 0 {
                    "無使用".into()
                } else {
                    format!("{n} 筆")
                },
                href: Some(paths::log(o.id, m)),
            }
        }
        None if m >= Month::of(l.as_of()) => Cell {
            status: status("na", "本月"),
            detail: String::new(),
            href: None,
        },
        None => absent(
            l,
            o,
            crate::model::Place::Log(o.id.to_string(), m),
            missing(Marks::MissingLog, &m.to_string()),
            "—",
        ),
    }
}

fn audit_cell(l: &Lookup, o: &OfficeFacts, m: Month, missing: &Missing) -> Cell {
    match o.records.monthly_audits.get(&m) {
        Some(f) => Cell {
            status: found_status(
                l,
                l.file_findings(f.file),
                forms::failed_checks(f),
                "已稽核",
            ),
            detail: roc::roc_short(f.data.date.get_ref().0),
            href: Some(paths::monthly_audit(o.id, m)),
        },
        None => absent(
            l,
            o,
            crate::model::Place::MonthlyAudit(o.id.to_string(), m),
            missing(Marks::MissingMonthlyAudit, &m.to_string()),
            "—",
        ),
    }
}

fn review_cell(l: &Lookup, o: &OfficeFacts, h: HalfYear, missing: &Missing) -> Cell {
    match o.records.permission_reviews.get(&h) {
        Some(f) => Cell {
            status: found_status(l, l.file_findings(f.file), 0, "已清查"),
            detail: roc::roc_short(f.data.date.get_ref().0),
            href: Some(paths::permission_review(o.id, h)),
        },
        None => absent(
            l,
            o,
            crate::model::Place::PermissionReview(o.id.to_string(), h),
            missing(Marks::MissingPermissionReview, &h.to_string()),
            "—",
        ),
    }
}

fn audit_year(l: &Lookup, o: &OfficeFacts, year: i32, missing: &Missing) -> AuditYear {
    let required = l.facts.policy.internal_audits_per_year;
    let audits: Vec<RecordLink> = o
        .records
        .internal_audits
        .iter()
        .filter(|(d, _)| d.year() == year)
        .map(|(d, f)| RecordLink {
            label: roc::roc_short(*d),
            detail: String::new(),
            href: Some(paths::internal_audit(o.id, *d)),
            status: worst_status(l, l.file_findings(f.file)),
        })
        .collect();
    let count = audits.len();
    let status = match missing(Marks::TooFewInternalAudits, &year.to_string()) {
        Some(Severity::Error) | Some(Severity::Warning) => status("bad", "次數不足"),
        Some(Severity::Info) => status("due", "尚需辦理"),
        None if count as u32 >= required => status("ok", "已達次數"),
        // The first, partial year of use is not counted (rules.md: from the first full year).
        None => status("na", "不計"),
    };
    AuditYear {
        label: format!("{}年", roc::roc_year(year)),
        count,
        required,
        status,
        audits,
    }
}

/// An account's state on a day, in words.
pub fn account_state(a: &AccountFacts, day: NaiveDate) -> super::Status {
    let mut last = a
        .events
        .iter()
        .filter(|e| date_of(e) <= day)
        .map(|e| kind_of(e))
        .filter(|k| {
            matches!(
                k,
                EventKind::Applied
                    | EventKind::HeadApproved
                    | EventKind::SentToCounty
                    | EventKind::Activated
                    | EventKind::Suspended
                    | EventKind::Reinstated
                    | EventKind::Terminated
            )
        });
    let duty_ended = a
        .events_of(EventKind::DutyEnded)
        .map(date_of)
        .filter(|d| *d <= day)
        .max()
        .is_some_and(|ended| {
            a.active_on(day) && a.active.last().is_some_and(|(from, _)| *from <= ended)
        });
    if a.active_on(day) {
        return if duty_ended {
            status("warn", "職務已異動")
        } else {
            status("ok", "使用中")
        };
    }
    match last.next_back() {
        Some(EventKind::Suspended) => status("warn", "暫停"),
        Some(EventKind::Terminated) => status("na", "已終止"),
        Some(EventKind::Applied | EventKind::HeadApproved | EventKind::SentToCounty) => {
            status("due", "申請中")
        }
        _ => status("na", "未啟用"),
    }
}
