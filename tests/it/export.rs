//! `imaudit export` (issue 7 item 5): the year's usage log and findings as CSV (UTF-8 with a
//! BOM, CRLF) and as .xlsx, read back with a real reader (calamine).

use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;

use imaudit::evaluate::{evaluate, Options};
use imaudit::export::{self, Cell, Column, Table};

use crate::harness;

/// The overlay used: the base county with a national id number typed into a 2026-02 purpose,
/// so there are findings (`pii-in-free-text`) and something to mask.
const RULE: &str = "pii-in-free-text";
const RAW_ID: &str = "A123456789";

fn export(records: &Path, out: &Path, year: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["export", "--office", "demo", "--year", year, "--records"])
        .arg(records)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn exported(records: &Path, out: &Path, year: &str) {
    let o = export(records, out, year);
    assert_eq!(
        o.status.code(),
        Some(0),
        "export failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_opens_with_calamine_and_holds_the_years_entries_and_findings() {
    let dir = harness::overlay(RULE, "fail");
    let records = dir.path().join("records");
    let out = dir.path().join("exports");
    exported(&records, &out, "2026");

    let mut book: Xlsx<_> = open_workbook(out.join("demo-2026.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), vec!["使用日誌", "檢查發現"]);

    let log = book.worksheet_range("使用日誌").unwrap();
    let rows: Vec<&[Data]> = log.rows().collect();
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    let expected: Vec<&str> = export::LOG_COLUMNS.iter().map(|c| c.header).collect();
    assert_eq!(headers, expected);
    // 2026-01 has 5 entries and the overlay's 2026-02 has 4; the 9 entries of 2025 stay out.
    assert_eq!(rows.len(), 1 + 9, "header and the 9 entries of 2026");
    let first = rows[1];
    assert_eq!(text(&first[0]), "2026-01");
    assert_eq!(first[1].as_f64(), Some(1.0));
    assert_eq!(text(&first[2]), "wang-xiao-ming");
    assert_eq!(text(&first[3]), "王小明");
    assert_eq!(text(&first[4]), "115/01/06 09:30");
    assert_eq!(
        first[5].as_datetime(),
        NaiveDate::from_ymd_opt(2026, 1, 6).and_then(|d| d.and_hms_opt(9, 30, 0))
    );
    assert_eq!(text(&first[6]), "115/01/06 09:41");
    assert_eq!(text(&first[8]), "辦理歸化國籍案件，查核居留期間");
    assert_eq!(text(&first[9]), "外籍人士居、停留資訊");
    assert_eq!(text(&first[10]), "1150106-0003");
    assert!(rows[1..].iter().all(|r| text(&r[0]).starts_with("2026-")));
    // The id in the 2026-02 purpose is masked, as on the site.
    let masked: Vec<String> = rows[1..]
        .iter()
        .map(|r| text(&r[8]))
        .filter(|p| p.contains("A12****789"))
        .collect();
    assert_eq!(
        masked,
        vec!["受理遷入登記，查核當事人A12****789是否出境逾二年"]
    );

    let findings = book.worksheet_range("檢查發現").unwrap();
    let rows: Vec<&[Data]> = findings.rows().collect();
    let headers: Vec<String> = rows[0].iter().map(text).collect();
    let expected: Vec<&str> = export::FINDING_COLUMNS.iter().map(|c| c.header).collect();
    assert_eq!(headers, expected);
    // The same findings as the library gives for the office and year, in check's order.
    let eval = evaluate(&records, &Options::default()).unwrap();
    let want = export::findings(&eval, "demo", 2026);
    assert!(!want.rows.is_empty());
    assert_eq!(rows.len(), 1 + want.rows.len());
    let ids: Vec<String> = rows[1..].iter().map(|r| text(&r[0])).collect();
    assert!(ids.iter().any(|id| id == RULE), "{ids:?}");
    let pii: Vec<&&[Data]> = rows[1..].iter().filter(|r| text(&r[0]) == RULE).collect();
    assert!(pii.iter().any(|r| {
        text(&r[8]) == "records/offices/demo/logs/2026/2026-02.toml" && r[9].as_f64() == Some(15.0)
    }));
    for r in &rows[1..] {
        assert!(["錯誤", "警告", "提醒"].contains(&text(&r[2]).as_str()));
        if let Some(d) = r[7].as_datetime() {
            assert_eq!(d.date().format("%Y").to_string(), "2026", "{r:?}");
        }
    }
    for sheet in ["使用日誌", "檢查發現"] {
        let range = book.worksheet_range(sheet).unwrap();
        assert!(
            range.rows().flatten().all(|c| !text(c).contains(RAW_ID)),
            "{sheet} shows the id unmasked"
        );
    }
}

#[test]
fn csv_starts_with_a_bom_uses_crlf_and_parses() {
    let dir = harness::overlay(RULE, "fail");
    let records = dir.path().join("records");
    let out = dir.path().join("exports");
    exported(&records, &out, "2026");
    for (name, columns, rows) in [
        ("demo-2026-usage-log.csv", export::LOG_COLUMNS, 9),
        ("demo-2026-findings.csv", export::FINDING_COLUMNS, 0),
    ] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name} has no BOM");
        let body = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(body.ends_with("\r\n"));
        assert_eq!(
            body.matches('\n').count(),
            body.matches("\r\n").count(),
            "{name}: every line ends in CRLF"
        );
        assert!(!body.contains(RAW_ID), "{name} shows the id unmasked");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let expected: Vec<&str> = columns.iter().map(|c| c.header).collect();
        assert_eq!(headers, expected, "{name}");
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(records.iter().all(|r| r.len() == columns.len()));
        if rows > 0 {
            assert_eq!(records.len(), rows, "{name}");
            assert_eq!(&records[0][5], "2026-01-06T09:30:00");
            // ROC as text no spreadsheet import reads as a date (tests/it/spreadsheet.rs).
            assert_eq!(&records[0][4], "民國115/01/06 09:30");
        } else {
            assert!(records.iter().any(|r| &r[0] == RULE), "{name}");
        }
    }
}

#[test]
fn a_year_without_use_has_headers_only() {
    let dir = harness::overlay(RULE, "fail");
    let records = dir.path().join("records");
    let out = dir.path().join("exports");
    exported(&records, &out, "2024");
    let mut book: Xlsx<_> = open_workbook(out.join("demo-2024.xlsx")).unwrap();
    assert_eq!(book.worksheet_range("使用日誌").unwrap().rows().count(), 1);
    let csv = std::fs::read_to_string(out.join("demo-2024-usage-log.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1);
}

#[test]
fn export_is_byte_identical_between_runs() {
    let dir = harness::overlay(RULE, "fail");
    let records = dir.path().join("records");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    exported(&records, &a, "2026");
    exported(&records, &b, "2026");
    for name in export::file_names("demo", 2026) {
        assert_eq!(
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn unknown_office_is_exit_2_with_one_line() {
    let dir = harness::overlay(RULE, "fail");
    let o = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args([
            "export",
            "--office",
            "nowhere",
            "--year",
            "2026",
            "--records",
        ])
        .arg(dir.path().join("records"))
        .arg("--out")
        .arg(dir.path().join("exports"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nowhere"), "{err}");
    assert!(!dir.path().join("exports").exists());
}

/// Hostile text in a record must not become a formula on an inspector's PC (CSV injection).
#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    const COLUMNS: &[Column] = &[Column {
        header: "資料查詢用途",
        width: 10.0,
    }];
    let table = Table {
        sheet: "使用日誌",
        columns: COLUMNS,
        rows: [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-1",
            "-1+2",
            "-A1",
            "\tA1",
            "@SUM(A1)",
            "查核=正常",
            "-1150901",
            "1150106-0003",
        ]
        .into_iter()
        .map(|s| vec![Cell::Text(s.to_string())])
        .collect(),
    };
    let bytes = export::csv(&table);
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        cells,
        vec![
            "'=HYPERLINK(\"http://x\")",
            "'+1",
            "-1",
            "'-1+2",
            "'-A1",
            "'\tA1",
            "'@SUM(A1)",
            "查核=正常",
            "-1150901",
            "1150106-0003",
        ]
    );
}

/// The sheets are made for people: header row bold, frozen and filterable, every column's
/// width set, landscape A4 with the header repeated on each printed page. calamine reads
/// values only, so this looks inside the .xlsx package (a zip of XML parts).
#[test]
fn xlsx_header_row_is_bold_and_frozen_and_columns_have_widths() {
    use std::io::Read;
    let dir = harness::overlay(RULE, "fail");
    let out = dir.path().join("exports");
    exported(&dir.path().join("records"), &out, "2026");
    let file = std::fs::File::open(out.join("demo-2026.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let styles = part("xl/styles.xml");
    assert!(styles.contains("<b/>"), "a bold font for the header");
    for (sheet, columns) in [
        ("xl/worksheets/sheet1.xml", export::LOG_COLUMNS),
        ("xl/worksheets/sheet2.xml", export::FINDING_COLUMNS),
    ] {
        let xml = part(sheet);
        assert!(xml.contains("ySplit=\"1\""), "{sheet}: header row frozen");
        assert!(xml.contains("state=\"frozen\""), "{sheet}");
        // Adjacent columns of the same width share one <col min max> element.
        let covered: usize = xml
            .split("<col ")
            .skip(1)
            .map(|c| {
                let attr = |name: &str| -> usize {
                    let start = c.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    c[start..].split('"').next().unwrap().parse().unwrap()
                };
                attr("max") - attr("min") + 1
            })
            .sum();
        assert_eq!(covered, columns.len(), "{sheet}: a width for every column");
        assert!(xml.contains("customWidth=\"1\""), "{sheet}");
        assert!(xml.contains("<autoFilter "), "{sheet}");
        assert!(xml.contains("orientation=\"landscape\""), "{sheet}");
        assert!(xml.contains("paperSize=\"9\""), "{sheet}: A4");
    }
    let workbook = part("xl/workbook.xml");
    assert!(
        workbook.contains("Print_Titles"),
        "header repeated on printed pages"
    );
}
