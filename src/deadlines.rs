//! Due and overdue items (`imaudit deadlines`, the site's deadlines page, `deadlines.ics`):
//! the findings of the rules that are about a deadline, soonest first, and an iCalendar feed
//! of them (RFC 5545) that Outlook or Thunderbird can subscribe to.

use chrono::NaiveDate;

use crate::catalogue::Severity;
use crate::diag::{self, Finding};
use crate::source::SourceMap;
use crate::time::roc;

/// Rules whose findings carry a deadline as their date (rules.md: the "info before" ones and
/// their overdue twins).
pub const DEADLINE_RULES: &[&str] = &[
    "termination-overdue",
    "termination-due",
    "handover-missing",
    "certificate-loss-not-reported",
    "printout-unresolved",
    "log-signoff-missing",
    "monthly-audit-missing",
    "permission-review-missing",
    "internal-audits-too-few",
    "inspection-follow-up-open",
];

/// One due or overdue item.
#[derive(Debug, Clone)]
pub struct Deadline<'a> {
    pub date: NaiveDate,
    pub overdue: bool,
    pub finding: &'a Finding,
}

/// The deadline items among `findings`, soonest first (then office, rule, subject).
pub fn items<'a>(findings: &'a [Finding]) -> Vec<Deadline<'a>> {
    let mut out: Vec<Deadline> = findings
        .iter()
        .filter(|f| DEADLINE_RULES.contains(&f.rule.id))
        .filter_map(|f| {
            Some(Deadline {
                date: f.date?,
                overdue: f.severity != Severity::Info,
                finding: f,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.date,
            &a.finding.office,
            a.finding.rule.id,
            &a.finding.subject,
            &a.finding.message,
        )
            .cmp(&(
                b.date,
                &b.finding.office,
                b.finding.rule.id,
                &b.finding.subject,
                &b.finding.message,
            ))
    });
    out
}

/// The list as `imaudit deadlines` prints it.
pub fn text(items: &[Deadline], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in items {
        let f = d.finding;
        let state = if d.overdue { "已逾期" } else { "將到期" };
        let loc = diag::location(f, sources)
            .map(|l| format!("{}:{}", l.file, l.line))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}（{}）\t{state}\t要點 {}\t{}\t{}\t{}\t{}\n",
            roc::roc_short(d.date),
            d.date,
            f.rule.clause.label,
            f.office.as_deref().unwrap_or("-"),
            f.rule.id,
            f.message,
            loc
        ));
    }
    if items.is_empty() {
        out.push_str("目前沒有到期或逾期的事項。\n");
    }
    out
}

/// An iCalendar feed of the items: one all-day event per item on its deadline. UIDs are
/// stable (a hash of what the item is, not of when it was written), and DTSTAMP is the
/// evaluation date, so the same records give the same bytes.
pub fn ics(items: &[Deadline], sources: &SourceMap, as_of: NaiveDate) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//imaudit//deadlines//ZH-HANT-TW".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "X-WR-CALNAME:應用移民資訊作業期限".to_string(),
        "X-WR-TIMEZONE:Asia/Taipei".to_string(),
    ];
    let stamp = format!("{}T000000Z", as_of.format("%Y%m%d"));
    for d in items {
        let f = d.finding;
        let loc = diag::location(f, sources);
        let key = format!(
            "{}|{}|{}|{}|{}",
            f.rule.id,
            f.office.as_deref().unwrap_or(""),
            f.subject.as_deref().unwrap_or(""),
            d.date,
            loc.as_ref()
                .map(|l| format!("{}:{}", l.file, l.line))
                .unwrap_or_default()
        );
        let state = if d.overdue { "已逾期" } else { "將到期" };
        let summary = format!(
            "【{state}】{} {}",
            f.office.as_deref().unwrap_or(""),
            f.rule.summary
        );
        let mut description = format!(
            "{}\n要點 {}，規則 {}",
            f.message, f.rule.clause.label, f.rule.id
        );
        if let Some(l) = &loc {
            description.push_str(&format!("\n{}:{}", l.file, l.line));
        }
        let next = d.date.succ_opt().unwrap_or(d.date);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{:016x}@imaudit", fnv1a(key.as_bytes())),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", d.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&summary)),
            format!("DESCRIPTION:{}", escape(&description)),
            format!("CATEGORIES:{}", if d.overdue { "OVERDUE" } else { "DUE" }),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        fold(&l, &mut out);
    }
    out
}

/// RFC 5545 §3.3.11 text escaping.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and one space, never
/// splitting a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "期限".repeat(40)), &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "期限".repeat(40)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
