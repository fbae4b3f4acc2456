//! Text to typed records: TOML through serde with spans, the system log CSV row by row, and the
//! checks that need both the path and the content (`path-mismatch`, signature lines a form does
//! not have). Error texts are turned into Traditional Chinese here.

use std::ops::Range;

use crate::model::Spanned;
use serde::de::DeserializeOwned;

use crate::model::shared::Interner;
use crate::model::system_log::{self, SystemLog, SystemLogRow, HEADER};
use crate::model::*;

/// A problem found while reading one file, before file ids exist.
#[derive(Debug, Clone)]
pub struct Problem {
    pub kind: ProblemKind,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not valid TOML/CSV, an unknown key, a value of the wrong type or form.
    Parse,
    /// A month, date, period or office in the file disagrees with its path.
    PathMismatch,
    /// A file that fits no known place under records/.
    Unexpected,
}

impl Problem {
    fn parse(range: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            kind: ProblemKind::Parse,
            range,
            message: message.into(),
        }
    }

    fn mismatch(range: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            kind: ProblemKind::PathMismatch,
            range,
            message: message.into(),
        }
    }
}

/// A parsed record of any kind.
#[derive(Debug)]
pub enum Parsed {
    County(County),
    Calendar(CalendarFile),
    Office(Office),
    People(People),
    /// A usage log, and whether the fast reader (usage_log.rs) read it: then its canonical
    /// text can be written from it (the manifest, src/manifest.rs) without reading the
    /// file again.
    Log(Log, bool),
    MonthlyAudit(MonthlyAudit),
    InternalAudit(InternalAudit),
    PermissionReview(PermissionReview),
    Inspection(Inspection),
    Handover(Handover),
    Incident(Incident),
    SystemLog(SystemLog),
    /// regulation.md: kept as text.
    Text,
}

/// Parses `text` as the record `place` says. `Err` means the file could not be read at all;
/// `Ok` may still carry problems about parts of it.
pub fn parse(place: &Place, text: &str) -> Result<(Parsed, Vec<Problem>), Problem> {
    let mut problems = Vec::new();
    let parsed = match place {
        Place::County => Parsed::County(toml_of(text)?),
        Place::Regulation | Place::Readme => Parsed::Text,
        Place::Calendar(_) => Parsed::Calendar(toml_of(text)?),
        Place::Office(_) => Parsed::Office(toml_of(text)?),
        Place::People(_) => {
            let people: People = toml_of(text)?;
            invalid_keys(&mut problems, &people);
            Parsed::People(people)
        }
        Place::Log(_, m) => {
            // Most logs are in the plain shape the fast reader takes (issue 6); it declines
            // anything else, which the general reader then reads or explains.
            let (log, plain) = match super::usage_log::read(text) {
                Some(log) => (log, true),
                None => (super::usage_log::shared(toml_of(text)?), false),
            };
            same(&mut problems, &log.month, m, "月份");
            signature_lines(
                &mut problems,
                log.signoff.as_ref(),
                &[SignRole::Handler, SignRole::Secretary, SignRole::Director],
            );
            Parsed::Log(log, plain)
        }
        Place::MonthlyAudit(_, m) => {
            let a: MonthlyAudit = toml_of(text)?;
            same(&mut problems, &a.month, m, "月份");
            signature_lines(
                &mut problems,
                a.signoff.as_ref(),
                &[
                    SignRole::Auditor,
                    SignRole::SectionChief,
                    SignRole::Secretary,
                    SignRole::Director,
                ],
            );
            Parsed::MonthlyAudit(a)
        }
        Place::InternalAudit(_, d) => {
            let a: InternalAudit = toml_of(text)?;
            same_day(&mut problems, &a.date, *d);
            signature_lines(
                &mut problems,
                a.signoff.as_ref(),
                &[SignRole::Auditor, SignRole::Director],
            );
            Parsed::InternalAudit(a)
        }
        Place::PermissionReview(_, h) => {
            let r: PermissionReview = toml_of(text)?;
            same(&mut problems, &r.period, h, "期別");
            signature_lines(
                &mut problems,
                r.signoff.as_ref(),
                &[SignRole::Handler, SignRole::Director],
            );
            Parsed::PermissionReview(r)
        }
        Place::Inspection(_, d) => {
            let i: Inspection = toml_of(text)?;
            same_day(&mut problems, &i.date, *d);
            Parsed::Inspection(i)
        }
        Place::Handover(_, d, person) => {
            let h: Handover = toml_of(text)?;
            same_day(&mut problems, &h.date, *d);
            if h.from.get_ref() != person {
                problems.push(Problem::mismatch(
                    h.from.span(),
                    format!("移交人「{}」與檔名所示的「{person}」不符", h.from.get_ref()),
                ));
            }
            Parsed::Handover(h)
        }
        Place::Incident(_, d, _) => {
            let i: Incident = toml_of(text)?;
            same_day(&mut problems, &i.date, *d);
            Parsed::Incident(i)
        }
        Place::SystemLog(_, m) => {
            let (log, mut row_problems) = system_log_of(text)?;
            for row in &log.rows {
                if !m.contains(row.time.date()) {
                    row_problems.push(Problem::mismatch(
                        row.span(),
                        format!(
                            "查詢時間 {} 不在檔名所示的 {m}",
                            row.time.format("%Y-%m-%dT%H:%M:%S")
                        ),
                    ));
                }
            }
            problems.extend(row_problems);
            Parsed::SystemLog(log)
        }
    };
    Ok((parsed, problems))
}

fn same<T: PartialEq + std::fmt::Display>(
    problems: &mut Vec<Problem>,
    value: &Spanned<T>,
    path: &T,
    what: &str,
) {
    if value.get_ref() != path {
        problems.push(Problem::mismatch(
            value.span(),
            format!(
                "{what}「{}」與檔案路徑所示的「{path}」不符",
                value.get_ref()
            ),
        ));
    }
}

fn same_day(problems: &mut Vec<Problem>, value: &Spanned<Day>, path: chrono::NaiveDate) {
    if value.get_ref().0 != path {
        problems.push(Problem::mismatch(
            value.span(),
            format!("日期 {} 與檔名所示的 {path} 不符", value.get_ref().0),
        ));
    }
}

/// A `signing_keys` entry that is not an OpenSSH public key, at its line; the person and the
/// rest of the file are kept (see `SigningKey`).
fn invalid_keys(problems: &mut Vec<Problem>, people: &People) {
    for person in &people.person {
        for key in &person.get_ref().signing_keys {
            if let SigningKey::Invalid(why) = key.get_ref() {
                problems.push(Problem::parse(key.span(), why.clone()));
            }
        }
    }
}

/// records.md, "Signatures": each form has its own signature lines; a key of another form's
/// (a `handler` on a monthly audit) would silently sign nothing.
fn signature_lines(
    problems: &mut Vec<Problem>,
    signoff: Option<&Spanned<Signoff>>,
    allowed: &[SignRole],
) {
    let Some(s) = signoff else { return };
    let all = [
        SignRole::Handler,
        SignRole::Auditor,
        SignRole::SectionChief,
        SignRole::Secretary,
        SignRole::Director,
    ];
    for role in all {
        if let Some(sig) = s.get_ref().get(role) {
            if !allowed.contains(&role) {
                let keys: Vec<&str> = allowed.iter().map(|r| r.key()).collect();
                problems.push(Problem::parse(
                    sig.span(),
                    format!(
                        "此表單沒有「{}」（{}）簽核欄位；應為 {}",
                        role.key(),
                        role.label(),
                        keys.join("、")
                    ),
                ));
            }
        }
    }
}

fn toml_of<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    toml::from_str(text).map_err(|e| {
        let range = e.span().unwrap_or(0..0);
        Problem::parse(range, translate(e.message()))
    })
}

/// Turns the TOML and serde error texts people will meet into Traditional Chinese, keeping the
/// key names and values as written (src/load/wording.rs).
pub fn translate(message: &str) -> String {
    super::wording::translate(message)
}

/// Reads the normalised system log. A bad row is reported and skipped; the other rows are kept.
fn system_log_of(text: &str) -> Result<(SystemLog, Vec<Problem>), Problem> {
    match plain_system_log(text) {
        Some(log) => Ok((log, Vec::new())),
        None => system_log_by_csv(text),
    }
}

fn system_log_by_csv(text: &str) -> Result<(SystemLog, Vec<Problem>), Problem> {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(Problem::parse(0..0, format!("CSV 格式錯誤：{e}"))),
    };
    if header != HEADER {
        let first = text.find('\n').unwrap_or(text.len());
        return Err(Problem::parse(
            0..first,
            format!(
                "第一行應為欄位名稱 `{}`（可用 import-system-log 轉換系統下載的檔案）",
                HEADER.join(",")
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut shared = Interner::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = row_start(text, e.position().map_or(0, |p| p.byte() as usize));
                problems.push(Problem::parse(
                    at..line_end(text, at),
                    format!("CSV 格式錯誤：{e}"),
                ));
                continue;
            }
        }
        let start = row_start(text, record.position().map_or(0, |p| p.byte() as usize));
        let span = start..line_end(text, start);
        if record.len() != 4 {
            problems.push(Problem::parse(
                span,
                format!(
                    "此列有 {} 個欄位，應為 4 個（time,account,item,function）",
                    record.len()
                ),
            ));
            continue;
        }
        let Some(time) = row_time(&record[0]) else {
            problems.push(Problem::parse(
                span,
                format!("查詢時間「{}」應寫成 2026-11-03T09:13:27", &record[0]),
            ));
            continue;
        };
        if record[1].trim().is_empty() {
            problems.push(Problem::parse(span, "缺少帳號（account）"));
            continue;
        }
        rows.push(SystemLogRow::new(
            span,
            time,
            shared.get(record[1].trim()),
            shared.get(record[2].trim()),
            shared.get(record[3].trim()),
        ));
    }
    rows.shrink_to_fit();
    Ok((SystemLog { rows }, problems))
}

/// The system log when it is plain — the header, then lines of exactly four fields with no
/// quote, no carriage return, no blank line and nothing to report — read by splitting lines
/// at commas; `None` sends it through the csv crate, which then also reports what is wrong.
/// A county's system logs hold millions of rows (issue 6), and for plain text both ways give
/// the same rows (the tests hold them side by side).
fn plain_system_log(text: &str) -> Option<SystemLog> {
    // Counting the lines on the way gives the row list its size at once: grown by doubling,
    // a county's lists held up to twice their rows at a time (issue 6).
    let mut line_ends = 0;
    for b in text.bytes() {
        match b {
            b'"' | b'\r' => return None,
            b'\n' => line_ends += 1,
            _ => {}
        }
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = body.split('\n');
    let header = lines.next()?;
    if !header.split(',').map(str::trim).eq(HEADER) {
        return None;
    }
    let mut start = header.len() + 1;
    let mut rows = Vec::with_capacity(line_ends);
    let mut shared = Interner::default();
    for line in lines {
        let mut fields = line.split(',');
        let (Some(time), Some(account), Some(item), Some(function), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return None;
        };
        let account = account.trim();
        if account.is_empty() {
            return None;
        }
        rows.push(SystemLogRow::new(
            start..start + line.len(),
            row_time(time)?,
            shared.get(account),
            shared.get(item.trim()),
            shared.get(function.trim()),
        ));
        start += line.len() + 1;
    }
    rows.shrink_to_fit();
    Some(SystemLog { rows })
}

/// [`system_log::parse_time`], with a shortcut for the form the normalised CSV is written in
/// (`2026-11-03T09:13:27`): chrono's format parser, tried for four formats, was a twentieth of
/// `check` on a county's million rows (issue 6). Anything else, or a value the shortcut cannot
/// make (a leap second, a day that does not exist), goes the general way.
fn row_time(s: &str) -> Option<chrono::NaiveDateTime> {
    canonical_time(s.as_bytes()).or_else(|| system_log::parse_time(s))
}

fn canonical_time(b: &[u8]) -> Option<chrono::NaiveDateTime> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |at: usize, len: usize| -> Option<u32> {
        b[at..at + len].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 2)?, num(8, 2)?)?;
    let time = chrono::NaiveTime::from_hms_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?)?;
    Some(date.and_time(time))
}

/// Where a row begins, from the csv crate's position of it. With CRLF line endings (Excel,
/// Windows editors) that position is the `\n` ending the row before, which put every finding
/// on the line above, at its end (found by tests/it/encodings.rs, CRLF and BOM variants).
fn row_start(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn line_end(text: &str, start: usize) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Month;

    #[test]
    fn a_plain_system_log_reads_as_the_csv_crate_reads_it() {
        let plain = "time,account,item,function\n\
2026-01-05T09:13:27,CHC0012,entry-exit,入出境資料查詢\n\
2026-01-05T09:14:02, CHC0012 ,foreign-residence , 外來人口居留資料查詢\n\
2026-01-06T10:00:00,wang-xiao-ming,mainland-hk-macao,大陸人士來臺申請查詢";
        let mut variants = vec![plain.to_string(), format!("{plain}\n")];
        for (from, to) in [
            ("CHC0012,entry-exit", "CHC0012,entry-exit,x"),
            ("CHC0012,entry-exit", "CHC0012"),
            ("CHC0012,entry-exit", ",entry-exit"),
            ("2026-01-05T09:13:27", "2026-01-05 09:13:27"),
            ("2026-01-05T09:13:27", "2026-01-05T09:13"),
            ("2026-01-05T09:13:27", "yesterday"),
            ("time,account", "time,acount"),
            ("\n2026-01-06", "\n\n2026-01-06"),
            ("\n", "\r\n"),
            ("入出境資料查詢", "\"入出境,資料查詢\""),
        ] {
            variants.push(plain.replacen(from, to, 1));
        }
        for text in &variants {
            if let Some(log) = plain_system_log(text) {
                let (by_csv, problems) = system_log_by_csv(text).unwrap();
                assert!(problems.is_empty(), "{text}: {problems:?}");
                assert_eq!(format!("{log:?}"), format!("{by_csv:?}"), "{text}");
            }
        }
        assert!(plain_system_log(plain).is_some());
        assert!(plain_system_log(&format!("{plain}\n")).is_some());
        // And every system log of the demo takes the shortcut, with the csv crate's rows.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records/offices");
        let mut plain_files = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "csv") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let log = plain_system_log(&text).expect("a plain demo system log");
                let (by_csv, _) = system_log_by_csv(&text).unwrap();
                assert_eq!(format!("{log:?}"), format!("{by_csv:?}"));
                plain_files += 1;
            }
        }
        assert!(plain_files > 50);
    }

    #[test]
    fn the_row_time_shortcut_agrees_with_the_general_parser() {
        for s in [
            "2026-11-03T09:13:27",
            " 2026-11-03T09:13:27 ",
            "2026-11-03 09:13:27",
            "2026-11-03T09:13",
            "2026-02-29T09:13:27",
            "2028-02-29T23:59:59",
            "2026-11-03T24:00:00",
            "2026-11-03T09:13:60",
            "2026-13-03T09:13:27",
            "0000-01-01T00:00:00",
            "2026-1x-03T09:13:27",
            "２０２６-11-03T09:13",
        ] {
            assert_eq!(row_time(s), system_log::parse_time(s), "{s}");
        }
    }

    #[test]
    fn entry_span_starts_at_its_header() {
        let text = "month = \"2026-01\"\n\n[[entry]]\nperson = \"a\"\nlogin = 2026-01-03T09:12:00\npurpose = \"受理\"\n\n[[entry]]\nperson = \"b\"\nlogin = 2026-01-03T09:12:00\npurpose = \"受理\"\n";
        let (parsed, problems) = parse(
            &Place::Log(
                "x".into(),
                Month {
                    year: 2026,
                    month: 1,
                },
            ),
            text,
        )
        .unwrap();
        assert!(problems.is_empty());
        let Parsed::Log(log, _) = parsed else {
            panic!()
        };
        let spans: Vec<_> = log.entry.iter().map(|e| e.span()).collect();
        let f = crate::source::SourceFile::new("x".into(), "x".into(), text.to_string());
        let lines: Vec<_> = spans.iter().map(|s| f.line_col(s.start)).collect();
        assert_eq!(lines, vec![(3, 1), (8, 1)], "{spans:?}");
    }
}
