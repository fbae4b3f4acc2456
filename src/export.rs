//! `imaudit export` (issue 7): one office's usage log (附件一) and findings for one year, for
//! offices that must still send spreadsheets. Written twice over:
//!
//! - as CSV, UTF-8 with a byte order mark and CRLF line ends: without the BOM, Excel on a
//!   Taiwanese Windows PC reads a CSV as Big5 and shows the Chinese as mojibake;
//! - as one .xlsx with two sheets (使用日誌, 檢查發現): Chinese headers, the header row bold,
//!   frozen and filterable, column widths set, times as real date cells.
//!
//! Personal id numbers in free text are masked as on the site (cli.md). A CSV cell that a
//! spreadsheet would evaluate (`=`, `+`, `@`, a tab or line break first, or `-` not followed
//! by a plain number) is prefixed with `'` so that Excel and LibreOffice show it as text
//! instead of running it (hostile text in a record must not become a formula on an
//! inspector's PC); numbers and case numbers (`-1150901`, `1150106-0003`) are left as they
//! are. The .xlsx needs no such prefix, its cells are typed strings.
//!
//! Dates (docs/guide/12-settings.md): the ISO columns are real dates in both files. The ROC
//! columns are text: in the .xlsx a typed string `115/06/15`; in the CSV `民國115/06/15`,
//! because LibreOffice (zh-TW, number recognition on) reads `115/06/15`, `115.06.15` and even
//! `115年6月15日` as dates of the year 115 AD, while no import reads a cell that starts with
//! 民國 as a date (tests/it/spreadsheet.rs converts the CSV with LibreOffice).
//!
//! Which findings belong to a year: those dated in it; an undated finding belongs to the year
//! of the record it points at (a log of 2026-03, an audit of 2026-05-12); an undated finding
//! about a record of no year (office.toml, people.toml) is a standing problem and is in every
//! year's export.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook, XlsxError};

use crate::diag::{self, Finding};
use crate::evaluate::Evaluation;
use crate::load::place::{classify, Classified};
use crate::model::{Item, Place};
use crate::text::pii::mask_ids;
use crate::time::roc;

/// One column of a sheet.
pub struct Column {
    /// The header, in Chinese.
    pub header: &'static str,
    /// Width in Excel's units (about one Latin digit; a Chinese character takes two).
    pub width: f64,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An ROC date or time as shown on the forms (`115/06/15 09:30`): text, never a date cell.
    Roc(String),
    Number(u64),
    DateTime(NaiveDateTime),
    Date(NaiveDate),
}

/// One sheet: the same rows go to a CSV file and to an .xlsx sheet.
pub struct Table {
    /// The sheet name (and part of the CSV file name's meaning).
    pub sheet: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Cell>>,
}

/// The usage log's columns (附件一, plus ids and ISO times for machines).
pub const LOG_COLUMNS: &[Column] = &[
    col("月份", 9.0),
    col("序號", 6.0),
    col("人員代碼", 18.0),
    col("姓名", 10.0),
    col("登入時間（民國）", 17.0),
    col("登入時間", 18.0),
    col("登出時間（民國）", 17.0),
    col("登出時間", 18.0),
    col("資料查詢用途", 50.0),
    col("查詢項目", 30.0),
    col("收件號", 15.0),
    col("列印", 6.0),
    col("附卷", 15.0),
    col("銷毀日期（民國）", 17.0),
];

/// The findings' columns.
pub const FINDING_COLUMNS: &[Column] = &[
    col("規則代碼", 28.0),
    col("規則摘要", 36.0),
    col("嚴重度", 8.0),
    col("條文", 8.0),
    col("說明", 70.0),
    col("對象", 18.0),
    col("日期（民國）", 13.0),
    col("日期", 12.0),
    col("檔案", 48.0),
    col("行", 6.0),
];

const fn col(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub log_csv: PathBuf,
    pub findings_csv: PathBuf,
    pub xlsx: PathBuf,
    /// Usage-log entries written.
    pub entries: usize,
    /// Findings written.
    pub findings: usize,
}

#[derive(Debug)]
pub enum ExportError {
    /// No such office in the records.
    UnknownOffice(String),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Xlsx {
        path: PathBuf,
        source: XlsxError,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::UnknownOffice(o) => write!(f, "沒有這個事務所：{o}"),
            ExportError::Io { path, source } => write!(f, "無法寫入 {}：{source}", path.display()),
            ExportError::Xlsx { path, source } => {
                write!(f, "無法寫入 {}：{source}", path.display())
            }
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Io { source, .. } => Some(source),
            ExportError::Xlsx { source, .. } => Some(source),
            ExportError::UnknownOffice(_) => None,
        }
    }
}

/// The file names an export writes into `--out`: ASCII, so that they survive zip tools and
/// mail clients on PCs set to Big5 (the sheet names inside are Chinese).
pub fn file_names(office: &str, year: i32) -> [String; 3] {
    [
        format!("{office}-{year}-usage-log.csv"),
        format!("{office}-{year}-findings.csv"),
        format!("{office}-{year}.xlsx"),
    ]
}

/// Writes the CSV files and the .xlsx of `office`'s `year` into `out` (created if need be;
/// earlier exports of the same office and year are replaced).
pub fn write(
    eval: &Evaluation,
    office: &str,
    year: i32,
    out: &Path,
) -> Result<Exported, ExportError> {
    if !eval.records().offices.contains_key(office) {
        return Err(ExportError::UnknownOffice(office.to_string()));
    }
    let log = usage_log(eval, office, year);
    let findings = findings(eval, office, year);
    std::fs::create_dir_all(out).map_err(|source| ExportError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let [log_name, findings_name, xlsx_name] = file_names(office, year);
    let written = Exported {
        log_csv: out.join(log_name),
        findings_csv: out.join(findings_name),
        xlsx: out.join(xlsx_name),
        entries: log.rows.len(),
        findings: findings.rows.len(),
    };
    for (table, path) in [(&log, &written.log_csv), (&findings, &written.findings_csv)] {
        std::fs::write(path, csv(table)).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
    }
    let title = format!(
        "{} {} 年度使用日誌與檢查發現",
        office_name(eval, office),
        year
    );
    let bytes =
        xlsx(&[&log, &findings], &title, eval.as_of).map_err(|source| ExportError::Xlsx {
            path: written.xlsx.clone(),
            source,
        })?;
    std::fs::write(&written.xlsx, bytes).map_err(|source| ExportError::Io {
        path: written.xlsx.clone(),
        source,
    })?;
    Ok(written)
}

fn office_name(eval: &Evaluation, office: &str) -> String {
    eval.records()
        .offices
        .get(office)
        .and_then(|o| o.office.as_ref())
        .map_or_else(|| office.to_string(), |o| o.data.name.get_ref().clone())
}

/// The year's usage-log entries, month by month, in the order the log lists them (序號 is the
/// entry's number in its month, as on the site's 附件一 page).
pub fn usage_log(eval: &Evaluation, office: &str, year: i32) -> Table {
    let mut rows = Vec::new();
    let Some(records) = eval.records().offices.get(office) else {
        return Table {
            sheet: "使用日誌",
            columns: LOG_COLUMNS,
            rows,
        };
    };
    let name_of = |person: &str| -> String {
        records
            .people
            .as_ref()
            .and_then(|p| {
                p.data
                    .person
                    .iter()
                    .find(|x| x.get_ref().id.get_ref().as_str() == person)
            })
            .map(|p| mask_ids(p.get_ref().name.get_ref()))
            .unwrap_or_default()
    };
    let text = |s: Option<&str>| s.map_or(Cell::Empty, |s| Cell::Text(mask_ids(s)));
    for (month, log) in records.logs.iter().filter(|(m, _)| m.year == year) {
        for (i, entry) in log.data.entry.iter().enumerate() {
            let e = entry.get_ref();
            let login = e.login.get_ref().0;
            let logout = e.logout.as_ref().map(|t| t.get_ref().0);
            let items = e.items.as_ref().map(|items| {
                items
                    .iter()
                    .map(|i| {
                        Item::from_code(i.get_ref())
                            .map_or_else(|| mask_ids(i.get_ref()), |i| i.label().to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            });
            let printed = e.printed.as_ref().is_some_and(|p| *p.get_ref());
            rows.push(vec![
                Cell::Text(month.to_string()),
                Cell::Number(i as u64 + 1),
                Cell::Text(mask_ids(e.person.get_ref())),
                Cell::Text(name_of(e.person.get_ref())),
                Cell::Roc(roc::roc_datetime(login)),
                Cell::DateTime(login),
                logout.map_or(Cell::Empty, |t| Cell::Roc(roc::roc_datetime(t))),
                logout.map_or(Cell::Empty, Cell::DateTime),
                Cell::Text(mask_ids(e.purpose.get_ref())),
                items
                    .filter(|s| !s.is_empty())
                    .map_or(Cell::Empty, Cell::Text),
                text(e.case.as_ref().map(|c| &**c.get_ref())),
                if printed {
                    Cell::Text("是".into())
                } else {
                    Cell::Empty
                },
                text(e.filed_in.as_ref().map(|c| &**c.get_ref())),
                e.destroyed_on
                    .as_ref()
                    .map_or(Cell::Empty, |d| Cell::Roc(roc::roc_short(d.get_ref().0))),
            ]);
        }
    }
    Table {
        sheet: "使用日誌",
        columns: LOG_COLUMNS,
        rows,
    }
}

/// The office's findings that belong to `year` (module doc), in `check`'s order.
pub fn findings(eval: &Evaluation, office: &str, year: i32) -> Table {
    let rows = eval
        .findings
        .iter()
        .filter(|f| f.office.as_deref() == Some(office))
        .filter(|f| finding_year(f, eval).is_none_or(|y| y == year))
        .map(|f| {
            let location = diag::location(f, eval.sources());
            vec![
                Cell::Text(f.rule.id.to_string()),
                Cell::Text(f.rule.summary.to_string()),
                Cell::Text(f.severity.label().to_string()),
                Cell::Text(f.rule.clause.label.to_string()),
                Cell::Text(mask_ids(&f.message)),
                f.subject
                    .as_ref()
                    .map_or(Cell::Empty, |s| Cell::Text(mask_ids(s))),
                f.date.map_or(Cell::Empty, |d| Cell::Roc(roc::roc_short(d))),
                f.date.map_or(Cell::Empty, Cell::Date),
                location
                    .as_ref()
                    .map_or(Cell::Empty, |l| Cell::Text(l.file.clone())),
                location
                    .as_ref()
                    .map_or(Cell::Empty, |l| Cell::Number(l.line as u64)),
            ]
        })
        .collect();
    Table {
        sheet: "檢查發現",
        columns: FINDING_COLUMNS,
        rows,
    }
}

/// The year a finding is about: its date's, else that of the record it points at; `None` for
/// a standing finding (undated, about a record of no year).
fn finding_year(f: &Finding, eval: &Evaluation) -> Option<i32> {
    if let Some(d) = f.date {
        return Some(d.year());
    }
    let span = f.span.as_ref()?;
    // Names are relative to the records folder's parent: drop the folder's own name.
    let name = &eval.sources().get(span.file).name;
    let parts: Vec<&str> = name.split('/').skip(1).collect();
    let place = match classify(&parts) {
        Classified::Known(p) | Classified::Mismatch(p, _) => p,
        Classified::Unexpected(_) => return None,
    };
    match place {
        Place::Log(_, m) | Place::MonthlyAudit(_, m) | Place::SystemLog(_, m) => Some(m.year),
        Place::InternalAudit(_, d)
        | Place::Inspection(_, d)
        | Place::Handover(_, d, _)
        | Place::Incident(_, d, _) => Some(d.year()),
        Place::PermissionReview(_, h) => Some(h.year),
        Place::Calendar(y) => Some(y),
        _ => None,
    }
}

/// A table as CSV: UTF-8 with a BOM, CRLF line ends, every field quoted when it must be.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail; a failure would only lose a row, never panic.
        let _ = w.write_record(table.columns.iter().map(|c| c.header));
        for row in &table.rows {
            let _ = w.write_record(row.iter().map(csv_field));
        }
        let _ = w.flush();
    }
    out
}

fn csv_field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => defuse_formula(s),
        Cell::Roc(s) => format!("民國{s}"),
        Cell::Number(n) => n.to_string(),
        Cell::DateTime(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// OWASP's advice against CSV injection: a cell a spreadsheet would read as a formula gets a
/// leading `'`, which Excel and LibreOffice show as text. A minus sign starts a formula only
/// when something other than a number follows (`-1+2`, `-A1`); `-1150901` is a number and a
/// case number, left alone.
pub fn defuse_formula(s: &str) -> String {
    let evaluated = match s.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r' | '\n') => true,
        Some('-') => !is_plain_number(&s[1..]),
        _ => false,
    };
    if evaluated {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Digits with at most one decimal point (`1150901`, `3.5`), nothing else.
fn is_plain_number(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// The tables as one workbook, one sheet each. The document's creation time is the
/// evaluation date, so that the same records give the same bytes (issue 8: same output
/// everywhere); rust_xlsxwriter stamps the zip entries with a fixed time already.
pub fn xlsx(tables: &[&Table], title: &str, as_of: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = as_of.and_time(chrono::NaiveTime::MIN);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("imaudit")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(0xE7E6E6)
        .set_border_bottom(FormatBorder::Thin);
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.sheet)?;
        for (c, column) in table.columns.iter().enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, column.width)?;
            sheet.write_string_with_format(0, c, column.header, &header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) | Cell::Roc(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::DateTime(t) => {
                        sheet.write_datetime_with_format(r, c, t, &datetime)?;
                    }
                    Cell::Date(d) => {
                        sheet.write_datetime_with_format(r, c, d, &date)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_col = table.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        // Printed: landscape A4 with the header row on every page, like the paper forms.
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_repeat_rows(0, 0)?;
    }
    workbook.save_to_buffer()
}
