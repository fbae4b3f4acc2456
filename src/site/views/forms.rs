//! The forms, as on paper: 附件一 (usage log, 20 numbered rows a printed page with the
//! signature lines at the foot of each page), 附件二 (monthly audit), internal audits,
//! permission reviews, 附表三 (inspections), handovers and incidents.

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{
    amendments, by_rule, check_rows, date, signatures, stamp, status, AmendmentView, Budget,
    CheckRow, Counts, DateView, PersonRef, RuleGroup, SealView, Signature, Status,
};
use crate::catalogue::Severity;
use crate::facts::signed;
use crate::model::{
    AccountAction, CheckItem, Decision, Entry, Handover, Incident, Inspection, InternalAudit, Item,
    Loaded, Log, MonthlyAudit, PermissionReview, SignRole,
};
use crate::site::lookup::{Lookup, Part};
use crate::site::paths;
use crate::site::render::Inputs;
use crate::text::pii::mask_ids;
use crate::time::{roc, HalfYear, Month};

/// Rows on one printed page of 附件一, as on the paper form.
pub const ROWS_PER_SHEET: usize = 20;

/// What every form page carries.
#[derive(Debug, Serialize)]
pub struct FormHead {
    pub office: String,
    pub office_name: String,
    pub office_href: String,
    /// How many findings, by severity, and the page's one-line verdict (shown above the form,
    /// which comes first; the findings follow it, grouped by rule and bounded).
    pub counts: Counts,
    pub verdict: Status,
    pub groups: Vec<RuleGroup>,
    /// Findings left off the page: `findings.html` lists them.
    pub hidden: usize,
    pub source_href: Option<String>,
    pub file: String,
    /// "最後修改" and "簽核於 commit …" from the change trail (none when history was not read).
    pub trail: Option<super::history::TrailStamp>,
}

/// The signed sign-off status of each signature line of the form in `file` (records.md
/// "Signed sign-off"), from `facts::signed::seals`: empty when history was not read or the
/// county does not ask for signed commits. The log page's input fingerprint adds these, so a
/// newly signed commit renders the page again.
pub fn seals(
    l: &Lookup,
    file: crate::source::FileId,
    signoff: Option<&crate::model::Spanned<crate::model::Signoff>>,
    roles: &'static [SignRole],
) -> Vec<Option<SealView>> {
    let super::history::State::Read(history) = super::history::state(l) else {
        return Vec::new();
    };
    let Some(rel) = l.source_rel(file) else {
        return Vec::new();
    };
    crate::facts::signed::seals(&l.facts, history, rel, file, signoff, roles)
        .into_iter()
        .map(|s| {
            s.map(|s| SealView {
                text: s.label(),
                class: s.class(),
            })
        })
        .collect()
}

/// The form's signature lines with their seals (on screen only: the template hides them in
/// print).
fn signatures_with_seals(
    l: &Lookup,
    office: &str,
    file: crate::source::FileId,
    signoff: Option<&crate::model::Spanned<crate::model::Signoff>>,
    roles: &'static [SignRole],
) -> Vec<Signature> {
    let mut lines = signatures(l, office, signoff.map(|s| s.get_ref()), roles);
    for (line, seal) in lines.iter_mut().zip(seals(l, file, signoff, roles)) {
        line.seal = seal;
    }
    lines
}

fn head(l: &Lookup, office: &str, file: crate::source::FileId) -> FormHead {
    head_with(l, office, file, l.file_findings(file), 0)
}

/// The head of a form whose findings are `indices` (its own and those of files about the same
/// month, e.g. the system log beside a usage log); `failed` checks of the form count as
/// warnings in its verdict (附件二 answered 不符).
fn head_with(
    l: &Lookup,
    office: &str,
    file: crate::source::FileId,
    indices: &[usize],
    failed: usize,
) -> FormHead {
    let counts = Counts::of(l, indices);
    let groups = by_rule(l, indices, &mut Budget::page());
    let hidden = groups.iter().map(|g| g.hidden).sum();
    FormHead {
        office: office.to_string(),
        office_name: l.office_name(office),
        office_href: paths::office(office),
        counts,
        verdict: verdict(counts, failed),
        groups,
        hidden,
        source_href: l.source_href(file, None),
        file: l.eval.sources().get(file).name.clone(),
        trail: super::history::stamp(l, file),
    }
}

/// A form's standing in words and colour: red with errors, amber with warnings or checks
/// answered 不符, never green while anything is wrong (issue 13).
pub fn verdict(c: Counts, failed: usize) -> Status {
    if c.error > 0 {
        status("bad", format!("錯誤 {} 項", c.error))
    } else if c.warning > 0 || failed > 0 {
        let mut parts = Vec::new();
        if c.warning > 0 {
            parts.push(format!("警告 {} 項", c.warning));
        }
        if failed > 0 {
            parts.push(format!("不符 {failed} 項"));
        }
        status("warn", parts.join("、"))
    } else if c.info > 0 {
        status("due", format!("待辦 {} 項", c.info))
    } else {
        status("ok", "無缺失")
    }
}

/// The findings of a month's usage log page: the log's own and those of the month's system
/// log (system-log reconciliation), in file order.
pub fn log_findings(l: &Lookup, office: &str, month: Month, f: &Loaded<Log>) -> Vec<usize> {
    let mut all = l.file_findings(f.file).to_vec();
    if let Some(s) = l.eval.records().offices[office].system_logs.get(&month) {
        all.extend_from_slice(l.file_findings(s.file));
    }
    all
}

// ---- 附件一 ----

#[derive(Debug, Serialize)]
pub struct LogView {
    pub head: FormHead,
    pub month: String,
    pub month_iso: String,
    pub no_usage: bool,
    pub count: usize,
    pub sheets: Vec<Sheet>,
    pub signatures: Vec<Signature>,
    pub amendments: Vec<AmendmentView>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Sheet {
    pub number: usize,
    pub of: usize,
    /// The sheet's 20 `<tr>` rows, as HTML built here (`log_row`), not by the template: a
    /// county has a million log entries, and tera took 7 ms a page of 830 (issue 6). Every
    /// record text in it went through tera's own escaper.
    pub rows: String,
}

/// How the rows of 附件一 are written. A row's markup is most of a county site's bytes (a
/// million entries, once on the log pages and once more in the yearly binders), so both
/// forms are lean: no cell or row end tags (optional in HTML), the row number 1–20 drawn by
/// a CSS counter that each sheet's `<tbody>` resets (style.css `.log-table`), no classes but
/// the findings' colour, no on-screen note (style.css adds it on screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// The log's own page: person links, `<time datetime>`, and on an entry with findings
    /// the anchor they link to (`#e12`) and the colour of the worst of them.
    Page,
    /// Paper, for the year's binder: the text only (one page holds a year of logs; anchors
    /// would repeat and links and colours do not print).
    Paper,
}

/// The log's entries as rows of 附件一, then blank rows up to a full last sheet (an empty
/// month prints one blank sheet), 20 to a sheet.
fn log_sheets(l: &Lookup, office: &str, f: &Loaded<Log>, rows: Rows) -> Vec<Sheet> {
    let entries = &f.data.entry;
    // The worst severity of the findings on each entry, found once per finding (not once per
    // entry and finding). Paper shows none.
    let mut flagged: Vec<Option<Severity>> = vec![None; entries.len()];
    if rows == Rows::Page {
        for x in l.file_findings(f.file) {
            let x = &l.eval.findings[*x];
            if let Some(Part::Entry(i)) = x.span.as_ref().and_then(|s| l.part_of(s)) {
                if let Some(slot) = flagged.get_mut(i) {
                    *slot = (*slot).max(Some(x.severity));
                }
            }
        }
    }
    let count = entries.len();
    let of = count.div_ceil(ROWS_PER_SHEET).max(1);
    let mut sheets = Vec::with_capacity(of);
    // A sheet's rows are some 4–6 KB: grown once, not row by row.
    let mut html = String::with_capacity(ROWS_PER_SHEET * 320);
    for n in 1..=of * ROWS_PER_SHEET {
        match entries.get(n - 1) {
            Some(e) => log_row(&mut html, l, office, n, e.get_ref(), flagged[n - 1], rows),
            None => blank_row(&mut html, count == 0 && n == 1),
        }
        if n % ROWS_PER_SHEET == 0 {
            sheets.push(Sheet {
                number: sheets.len() + 1,
                of,
                rows: std::mem::replace(&mut html, String::with_capacity(ROWS_PER_SHEET * 320)),
            });
        }
    }
    sheets
}

/// Record text, escaped as the templates escape it.
fn escaped(out: &mut String, text: &str) {
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(text);
        return;
    }
    let mut buf = Vec::with_capacity(text.len() + 16);
    let _ = tera::escape_html(text, &mut buf);
    out.push_str(&String::from_utf8_lossy(&buf));
}

/// Record text, id numbers masked (`views::masked`) and escaped.
fn record_text(out: &mut String, text: &str) {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        escaped(out, &mask_ids(text));
    } else {
        escaped(out, text);
    }
}

/// A log's date and time as the form prints it, `115/11/03 09:12`; on the page inside
/// `<time datetime="2026-11-03T09:12">`, as `stamp` writes them, without its two strings: a
/// county has two million.
fn time_tag(out: &mut String, t: NaiveDateTime, rows: Rows) {
    use chrono::{Datelike, Timelike};
    let (y, mo, d, h, mi) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    if !(0..=9999).contains(&y) {
        let s = stamp(t);
        match rows {
            Rows::Page => {
                let _ = write!(out, "<time datetime=\"{}\">{}</time>", s.iso, s.short);
            }
            Rows::Paper => out.push_str(&s.short),
        }
        return;
    }
    if rows == Rows::Page {
        let _ = write!(
            out,
            "<time datetime=\"{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}\">"
        );
    }
    let _ = write!(out, "{}/{mo:02}/{d:02} {h:02}:{mi:02}", roc::roc_year(y));
    if rows == Rows::Page {
        out.push_str("</time>");
    }
}

/// One entry of 附件一: (number, drawn by CSS), user, login, logout, purpose with its small
/// print. Columns are styled by position (style.css `.log-table`), and the person link is
/// relative to the log's own folder.
fn log_row(
    out: &mut String,
    l: &Lookup,
    office: &str,
    n: usize,
    e: &Entry,
    flagged: Option<Severity>,
    rows: Rows,
) {
    let page = rows == Rows::Page;
    match flagged {
        // Findings link to the entry they are about (lookup.rs `Part::anchor`): only such
        // rows need an anchor, which keeps the entry's place in the month (the paper numbers
        // each sheet 1–20).
        Some(s) if page => {
            let _ = write!(out, "<tr id=\"e{n}\" class=\"sev-{}\"><td><td>", s.code());
        }
        _ => out.push_str("<tr><td><td>"),
    }
    let person = e.person.get_ref();
    match l.person_name(office, person) {
        Some(name) if page => {
            out.push_str("<a href=\"");
            out.push_str(&paths::person_from_log(person));
            out.push_str("\">");
            escaped(out, name);
            out.push_str("</a>");
        }
        Some(name) => escaped(out, name),
        None => record_text(out, person),
    }
    out.push_str("<td>");
    time_tag(out, e.login.get_ref().0, rows);
    out.push_str("<td>");
    match &e.logout {
        Some(t) => time_tag(out, t.get_ref().0, rows),
        None => out.push_str("<span class=\"missing\">未登出</span>"),
    }
    out.push_str("<td>");
    record_text(out, e.purpose.get_ref());
    // 收件號, items, what became of printed data: small print, "；" between.
    let mut small = false;
    let mut note = |out: &mut String| {
        out.push_str(if small { "；" } else { "<small>" });
        small = true;
    };
    if let Some(c) = &e.case {
        note(out);
        out.push_str("收件號 ");
        record_text(out, c.get_ref());
    }
    if let Some(items) = e.items.as_ref().filter(|i| !i.is_empty()) {
        note(out);
        for (k, i) in items.iter().enumerate() {
            if k > 0 {
                out.push('、');
            }
            match Item::from_code(i.get_ref()) {
                Some(item) => escaped(out, item.label()),
                None => record_text(out, i.get_ref()),
            }
        }
    }
    if e.printed.as_ref().is_some_and(|p| *p.get_ref()) {
        note(out);
        match (&e.filed_in, &e.destroyed_on) {
            (Some(c), _) => {
                out.push_str("列印，附卷 ");
                record_text(out, c.get_ref());
            }
            (None, Some(day)) => {
                let _ = write!(out, "列印，{} 銷毀", roc::roc_short(day.get_ref().0));
            }
            (None, None) => out.push_str("列印，尚未附卷或銷毀"),
        }
    }
    if small {
        out.push_str("</small>");
    }
    out.push('\n');
}

/// An empty row padding the last sheet (numbered by CSS); the first of an empty month says so.
fn blank_row(out: &mut String, empty_month: bool) {
    out.push_str("<tr><td><td><td><td><td>");
    if empty_month {
        out.push_str("<span class=\"muted\">本月無查詢紀錄</span>");
    }
    out.push('\n');
}

/// Adds what [`log`] reads to its page's input fingerprint (render.rs `Inputs`), so the page
/// of an unchanged log is neither built nor rendered again. Keep the two in step: anything
/// `log` (and what it calls) comes to read must be added here.
pub fn log_inputs(l: &Lookup, office: &str, month: Month, f: &Loaded<Log>, h: &mut Inputs) {
    // The text decides the entries, signatures, amendments and the parts findings fall in.
    h.bytes(l.text_hash(f.file));
    h.add(&l.eval.sources().get(f.file).name);
    // Names of the people its rows and signatures show (and which of them have a page).
    h.bytes(&l.names_hash(office));
    h.add(&l.office_name(office));
    h.add(&month.to_string());
    for i in &log_findings(l, office, month, f) {
        let x = &l.eval.findings[*i];
        h.add(&l.findings[*i]);
        h.add(&(
            x.severity.code(),
            x.span.as_ref().map(|s| (s.range.start, s.range.end)),
        ));
    }
    h.add(&l.source_href(f.file, None));
    h.add(&super::history::stamp(l, f.file));
    h.add(&seals(
        l,
        f.file,
        f.data.signoff.as_ref(),
        signed::LOG_ROLES,
    ));
    let logs = &l.eval.records().offices[office].logs;
    h.add(&(
        logs.range(..month).next_back().map(|(m, _)| m.to_string()),
        logs.range(month.next()..)
            .next()
            .map(|(m, _)| m.to_string()),
    ));
}

pub fn log(l: &Lookup, office: &str, month: Month, f: &Loaded<Log>) -> LogView {
    let d = &f.data;
    let count = d.entry.len();
    let sheets = log_sheets(l, office, f, Rows::Page);
    let logs = &l.eval.records().offices[office].logs;
    LogView {
        head: head_with(l, office, f.file, &log_findings(l, office, month, f), 0),
        month: roc::roc_month(month),
        month_iso: month.to_string(),
        no_usage: d.no_usage.as_ref().is_some_and(|b| *b.get_ref()),
        count,
        sheets,
        signatures: signatures_with_seals(l, office, f.file, d.signoff.as_ref(), signed::LOG_ROLES),
        amendments: amendments(l, office, &d.amendment),
        prev: logs
            .range(..month)
            .next_back()
            .map(|(m, _)| paths::log(office, *m)),
        next: logs
            .range(month.next()..)
            .next()
            .map(|(m, _)| paths::log(office, *m)),
    }
}

/// 附件一 as paper, for the year's binder: what the sheets print and nothing else (not the
/// findings, verdict, change trail or neighbouring months of the log's page, which a binder
/// of a year of logs would compute for nothing).
#[derive(Debug, Serialize)]
pub struct PaperLog {
    pub head: PaperHead,
    pub month: String,
    pub sheets: Vec<Sheet>,
    pub signatures: Vec<Signature>,
}

/// What the forms' headers read of [`FormHead`], for paper.
#[derive(Debug, Serialize)]
pub struct PaperHead {
    pub office_name: String,
}

pub fn paper_log(l: &Lookup, office: &str, month: Month, f: &Loaded<Log>) -> PaperLog {
    let mut signatures = signatures(
        l,
        office,
        f.data.signoff.as_ref().map(|s| s.get_ref()),
        &[SignRole::Handler, SignRole::Secretary, SignRole::Director],
    );
    unlink(&mut signatures);
    PaperLog {
        head: PaperHead {
            office_name: l.office_name(office),
        },
        month: roc::roc_month(month),
        sheets: log_sheets(l, office, f, Rows::Paper),
        signatures,
    }
}

/// Signature lines as paper: names without links to their pages.
pub fn unlink(signatures: &mut [Signature]) {
    for p in signatures.iter_mut().filter_map(|s| s.person.as_mut()) {
        p.href = None;
    }
}

// ---- 附件二 ----

/// How many checks of a 附件二 were answered 不符: a problem the office found itself, shown
/// amber on the form and in the office's month grid.
pub fn failed_checks(f: &Loaded<MonthlyAudit>) -> usize {
    f.data
        .check
        .iter()
        .filter(|c| *c.get_ref().result.get_ref() == crate::model::CheckResult::Fail)
        .count()
}

#[derive(Debug, Serialize)]
pub struct MonthlyAuditView {
    pub head: FormHead,
    pub month: String,
    pub date: DateView,
    pub downloaded: Option<DateView>,
    pub checks: Vec<CheckRow>,
    pub signatures: Vec<Signature>,
    pub amendments: Vec<AmendmentView>,
    pub log_href: Option<String>,
}

pub fn monthly_audit(
    l: &Lookup,
    office: &str,
    month: Month,
    f: &Loaded<MonthlyAudit>,
) -> MonthlyAuditView {
    let d = &f.data;
    MonthlyAuditView {
        head: head_with(l, office, f.file, l.file_findings(f.file), failed_checks(f)),
        month: roc::roc_month(month),
        date: date(d.date.get_ref().0),
        downloaded: d.audit_log_downloaded.as_ref().map(|x| date(x.get_ref().0)),
        checks: check_rows(&d.check, &CheckItem::AUDIT),
        signatures: signatures_with_seals(
            l,
            office,
            f.file,
            d.signoff.as_ref(),
            signed::MONTHLY_ROLES,
        ),
        amendments: amendments(l, office, &d.amendment),
        log_href: l.eval.records().offices[office]
            .logs
            .contains_key(&month)
            .then(|| paths::log(office, month)),
    }
}

// ---- 四(二) internal audit ----

#[derive(Debug, Serialize)]
pub struct InternalAuditView {
    pub head: FormHead,
    pub date: DateView,
    pub unannounced: bool,
    pub team: Vec<PersonRef>,
    pub scope_from: Option<String>,
    pub scope_to: Option<String>,
    pub checks: Vec<CheckRow>,
    pub summary: String,
    pub signatures: Vec<Signature>,
    pub amendments: Vec<AmendmentView>,
}

pub fn internal_audit(l: &Lookup, office: &str, f: &Loaded<InternalAudit>) -> InternalAuditView {
    let d = &f.data;
    InternalAuditView {
        head: head(l, office, f.file),
        date: date(d.date.get_ref().0),
        unannounced: *d.unannounced.get_ref(),
        team: d
            .team
            .iter()
            .map(|p| l.person(office, p.get_ref()))
            .collect(),
        scope_from: d.scope.as_ref().map(|s| roc::roc_month(s.get_ref()[0])),
        scope_to: d.scope.as_ref().map(|s| roc::roc_month(s.get_ref()[1])),
        checks: check_rows(&d.check, &CheckItem::AUDIT),
        summary: d
            .summary
            .as_ref()
            .map(|s| mask_ids(s.get_ref()))
            .unwrap_or_default(),
        signatures: signatures_with_seals(
            l,
            office,
            f.file,
            d.signoff.as_ref(),
            signed::INTERNAL_ROLES,
        ),
        amendments: amendments(l, office, &d.amendment),
    }
}

// ---- 四(四) permission review ----

#[derive(Debug, Serialize)]
pub struct ReviewView {
    pub head: FormHead,
    pub period: String,
    pub date: DateView,
    pub accounts: Vec<ReviewRow>,
    pub signatures: Vec<Signature>,
    pub amendments: Vec<AmendmentView>,
}

#[derive(Debug, Serialize)]
pub struct ReviewRow {
    pub n: usize,
    pub anchor: String,
    pub person: PersonRef,
    pub keep: bool,
    pub decision: &'static str,
    pub note: String,
}

pub fn permission_review(
    l: &Lookup,
    office: &str,
    period: HalfYear,
    f: &Loaded<PermissionReview>,
) -> ReviewView {
    let d = &f.data;
    ReviewView {
        head: head(l, office, f.file),
        period: roc::roc_half(period),
        date: date(d.date.get_ref().0),
        accounts: d
            .account
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let a = a.get_ref();
                let keep = *a.decision.get_ref() == Decision::Keep;
                ReviewRow {
                    n: i + 1,
                    anchor: format!("a{}", i + 1),
                    person: l.person(office, a.person.get_ref()),
                    keep,
                    decision: if keep { "保留" } else { "撤銷" },
                    note: a
                        .note
                        .as_ref()
                        .map(|n| mask_ids(n.get_ref()))
                        .unwrap_or_default(),
                }
            })
            .collect(),
        signatures: signatures_with_seals(
            l,
            office,
            f.file,
            d.signoff.as_ref(),
            signed::REVIEW_ROLES,
        ),
        amendments: amendments(l, office, &d.amendment),
    }
}

// ---- 附表三 inspection ----

#[derive(Debug, Serialize)]
pub struct InspectionView {
    pub head: FormHead,
    pub date: DateView,
    /// 稽核日期 as the form prints it: `115 年 5 月 20 日`.
    pub form_year: i32,
    pub form_month: u32,
    pub form_day: u32,
    pub by: &'static str,
    pub inspectors: Vec<String>,
    pub checks: Vec<CheckRow>,
    pub follow_up: String,
    pub follow_up_done: Option<DateView>,
}

pub fn inspection(l: &Lookup, office: &str, f: &Loaded<Inspection>) -> InspectionView {
    use chrono::Datelike;
    let d = &f.data;
    let day: NaiveDate = d.date.get_ref().0;
    InspectionView {
        head: head(l, office, f.file),
        date: date(day),
        form_year: roc::roc_year(day.year()),
        form_month: day.month(),
        form_day: day.day(),
        by: d.by.get_ref().label(),
        inspectors: d.inspectors.iter().map(|s| mask_ids(s.get_ref())).collect(),
        checks: check_rows(&d.check, &CheckItem::ALL),
        follow_up: d
            .follow_up
            .as_ref()
            .map(|s| mask_ids(s.get_ref()))
            .unwrap_or_default(),
        follow_up_done: d.follow_up_done.as_ref().map(|x| date(x.get_ref().0)),
    }
}

// ---- 三(一) handover ----

#[derive(Debug, Serialize)]
pub struct HandoverView {
    pub head: FormHead,
    pub date: DateView,
    pub from: PersonRef,
    pub to: PersonRef,
    pub documents: Vec<String>,
}

pub fn handover(l: &Lookup, office: &str, f: &Loaded<Handover>) -> HandoverView {
    let d = &f.data;
    HandoverView {
        head: head(l, office, f.file),
        date: date(d.date.get_ref().0),
        from: l.person(office, d.from.get_ref()),
        to: l.person(office, d.to.get_ref()),
        documents: d.documents.iter().map(|s| mask_ids(s.get_ref())).collect(),
    }
}

// ---- 五、六 incident ----

#[derive(Debug, Serialize)]
pub struct IncidentView {
    pub head: FormHead,
    pub date: DateView,
    pub person: PersonRef,
    pub description: String,
    pub action: &'static str,
    pub reported_to_head: Option<DateView>,
    pub pdpa: bool,
    pub ethics_notified: Option<DateView>,
    pub criminal: bool,
    pub judicial_referral: Option<DateView>,
}

pub fn incident(l: &Lookup, office: &str, f: &Loaded<Incident>) -> IncidentView {
    let d = &f.data;
    IncidentView {
        head: head(l, office, f.file),
        date: date(d.date.get_ref().0),
        person: l.person(office, d.person.get_ref()),
        description: mask_ids(d.description.get_ref()),
        action: match d.account_action.get_ref() {
            AccountAction::Suspended => "暫停帳號權限",
            AccountAction::Terminated => "終止帳號權限",
        },
        reported_to_head: d.reported_to_head.as_ref().map(|x| date(x.get_ref().0)),
        pdpa: d.pdpa.as_ref().is_some_and(|b| *b.get_ref()),
        ethics_notified: d.ethics_notified.as_ref().map(|x| date(x.get_ref().0)),
        criminal: d.criminal.as_ref().is_some_and(|b| *b.get_ref()),
        judicial_referral: d.judicial_referral.as_ref().map(|x| date(x.get_ref().0)),
    }
}

// ---- blank paper forms ----

/// The kinds of blank form each office gets (`offices/<o>/blank/<kind>.html`).
pub const BLANK_KINDS: [&str; 4] = ["log", "monthly-audit", "inspection", "permission-review"];

/// A form with nothing filled in but the office's name, to print and fill by hand when a
/// record is missing (issue 13): 20 numbered rows or the form's check items, and empty
/// signature lines.
#[derive(Debug, Serialize)]
pub struct BlankView {
    pub kind: &'static str,
    /// What the page and the sheet are called.
    pub title: &'static str,
    pub tag: &'static str,
    pub office_name: String,
    pub office_href: String,
    /// 1–20, for the forms that are lists (附件一, the permission review).
    pub rows: Vec<usize>,
    pub checks: Vec<CheckRow>,
    pub roles: Vec<&'static str>,
}

/// What a blank form is called in a list of them.
pub fn blank_label(kind: &str) -> &'static str {
    match kind {
        "log" => "附件一 日誌表",
        "monthly-audit" => "附件二 內部稽核紀錄表",
        "inspection" => "附表三 內部稽核辦理情形紀錄表",
        _ => "使用者權限清查表",
    }
}

pub fn blank(l: &Lookup, office: &str, kind: &'static str) -> BlankView {
    let (title, tag, rows, checks, roles): (_, _, usize, &[CheckItem], &[SignRole]) = match kind {
        "log" => (
            "應用移民資訊資料日誌表",
            "附件一",
            ROWS_PER_SHEET,
            &[],
            &[SignRole::Handler, SignRole::Secretary, SignRole::Director],
        ),
        "monthly-audit" => (
            "應用移民資訊內部稽核紀錄表",
            "附件二",
            0,
            &CheckItem::AUDIT,
            &[
                SignRole::Auditor,
                SignRole::SectionChief,
                SignRole::Secretary,
                SignRole::Director,
            ],
        ),
        "inspection" => (
            "應用移民資訊內部稽核辦理情形紀錄表",
            "附表三",
            0,
            &CheckItem::ALL,
            &[],
        ),
        _ => (
            "應用移民資訊使用者權限清查表",
            "",
            ROWS_PER_SHEET,
            &[],
            &[SignRole::Handler, SignRole::Director],
        ),
    };
    BlankView {
        kind,
        title,
        tag,
        office_name: l.office_name(office),
        office_href: paths::office(office),
        rows: (1..=rows).collect(),
        checks: check_rows(&[], checks),
        roles: roles.iter().map(|r| r.label()).collect(),
    }
}
