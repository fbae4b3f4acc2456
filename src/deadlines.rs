//! Due and overdue items (`imaudit deadlines`, the site's deadlines page, `deadlines.ics`):
//! the findings of the rules that are about a deadline, soonest first, and an iCalendar feed
//! of them (RFC 5545) that Outlook or Thunderbird can subscribe to.

use chrono::NaiveDate;

use crate::catalogue::Severity;
use crate::diag::{self, Finding};
use crate::source::SourceMap;
use crate::time::roc;

/// One due or overdue item: work someone must still do.
#[derive(Debug, Clone)]
pub struct Deadline<'a> {
    pub date: NaiveDate,
    pub overdue: bool,
    pub finding: &'a Finding,
}

/// A breach of a deadline that is now closed (已發生之違規): the act was done, late (an
/// account terminated two days after its deadline), or can no longer be done (a year ended
/// short of internal audits). It stays a finding; it is not work to do.
#[derive(Debug, Clone)]
pub struct Breach<'a> {
    /// The deadline that was missed.
    pub deadline: NaiveDate,
    /// The day the act was done, when the records say it.
    pub closed_on: Option<NaiveDate>,
    pub finding: &'a Finding,
}

impl Breach<'_> {
    /// Days after the deadline the act was done (`None`: it was never done, the period ended).
    pub fn days_late(&self) -> Option<i64> {
        self.closed_on.map(|d| (d - self.deadline).num_days())
    }

    /// How late and when closed, as people read it: 「逾期 2 日，於115年4月15日完成」.
    pub fn describe(&self) -> String {
        match (self.closed_on, self.days_late()) {
            (Some(day), Some(late)) => format!("逾期 {late} 日，於{}完成", roc::roc_date(day)),
            _ => "期間已結束，無法補辦".to_string(),
        }
    }
}

fn is_deadline(f: &Finding) -> bool {
    f.rule.deadline
}

/// The open deadline items among `findings` (cli.md: what is overdue means what someone must
/// still act on), soonest first (then office, rule, subject). Closed breaches are
/// [`closed_breaches`].
pub fn items<'a>(findings: &'a [Finding]) -> Vec<Deadline<'a>> {
    let mut out: Vec<Deadline> = findings
        .iter()
        .filter(|f| is_deadline(f) && f.is_open())
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

/// The deadline findings that are closed breaches (已發生之違規), the most recently closed
/// first (those never closed, by their deadline, last), then office, rule and subject.
pub fn closed_breaches<'a>(findings: &'a [Finding]) -> Vec<Breach<'a>> {
    let mut out: Vec<Breach> = findings
        .iter()
        .filter(|f| is_deadline(f) && !f.is_open())
        .filter_map(|f| {
            Some(Breach {
                deadline: f.date?,
                closed_on: f.closed_on,
                finding: f,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |x: &Breach<'a>| {
            (
                std::cmp::Reverse(x.closed_on),
                std::cmp::Reverse(x.deadline),
                x.finding.office.clone(),
                x.finding.rule.id,
                x.finding.subject.clone(),
                x.finding.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out
}

/// The list as `imaudit deadlines` prints it: the open items, soonest first, then the closed
/// breaches under their own heading.
pub fn text(items: &[Deadline], breaches: &[Breach], sources: &SourceMap) -> String {
    let mut out = String::new();
    let loc = |f: &Finding| {
        diag::location(f, sources)
            .map(|l| format!("{}:{}", l.file, l.line))
            .unwrap_or_default()
    };
    for d in items {
        let f = d.finding;
        let state = if d.overdue { "已逾期" } else { "將到期" };
        out.push_str(&format!(
            "{}（{}）\t{state}\t要點 {}\t{}\t{}\t{}\t{}\n",
            roc::roc_short(d.date),
            d.date,
            f.rule.clause.label,
            f.office_shown().unwrap_or("-"),
            f.rule.id,
            f.message,
            loc(f)
        ));
    }
    if items.is_empty() {
        out.push_str("目前沒有到期或逾期的事項。\n");
    }
    if !breaches.is_empty() {
        out.push_str("\n已發生之違規（已補正或無法補辦，不列為待辦；仍列入檢查發現）：\n");
        for b in breaches {
            let f = b.finding;
            out.push_str(&format!(
                "{}（{}）\t{}\t要點 {}\t{}\t{}\t{}\t{}\n",
                roc::roc_short(b.deadline),
                b.deadline,
                b.describe(),
                f.rule.clause.label,
                f.office_shown().unwrap_or("-"),
                f.rule.id,
                f.message,
                loc(f)
            ));
        }
    }
    out
}

/// An event's SUMMARY: state, office and subject by name, what is due —
/// 「【已逾期】彰化縣溪湖戶政事務所 115年10月：日誌表逾期未完成核章」.
pub fn summary(d: &Deadline) -> String {
    let f = d.finding;
    let state = if d.overdue { "已逾期" } else { "將到期" };
    let who: Vec<&str> = [f.office_shown(), f.subject_shown()]
        .into_iter()
        .flatten()
        .collect();
    // An id as written (an unknown subject) may hold an id number: masked, as on the site.
    crate::text::pii::mask_ids(&format!("【{state}】{}：{}", who.join(" "), f.rule.summary))
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
        let summary = summary(d);
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

/// RFC 5545 §3.3.11 text escaping. Angle brackets become their full-width forms: names and
/// messages are record text, and some calendar clients render a DESCRIPTION as HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push('＜'),
            '>' => out.push('＞'),
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn open_items_and_closed_breaches_are_apart() {
        use crate::rules::accounts::TERMINATION_OVERDUE;
        use crate::rules::audits::INTERNAL_AUDITS_TOO_FEW;
        let late = Finding::new(&TERMINATION_OVERDUE, "late")
            .date(day(2026, 4, 13))
            .closed(Some(day(2026, 4, 15)));
        let never = Finding::new(&INTERNAL_AUDITS_TOO_FEW, "2025")
            .date(day(2025, 12, 31))
            .closed(None);
        let open = Finding::new(&TERMINATION_OVERDUE, "open")
            .date(day(2026, 5, 1))
            .still_open();
        let findings = [late, never, open];
        let items = items(&findings);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].finding.message, "open");
        assert!(items[0].overdue);
        let breaches = closed_breaches(&findings);
        let seen: Vec<(&str, Option<i64>, String)> = breaches
            .iter()
            .map(|b| (b.finding.message.as_str(), b.days_late(), b.describe()))
            .collect();
        assert_eq!(
            seen,
            [
                ("late", Some(2), "逾期 2 日，於115年4月15日完成".to_string()),
                ("2025", None, "期間已結束，無法補辦".to_string()),
            ]
        );
    }

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
        assert_eq!(escape("<script>"), "＜script＞");
    }
}
