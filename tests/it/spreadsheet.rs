//! The exported CSV as an office opens it (issue 15): LibreOffice Calc, headless, importing
//! with the zh-TW locale and number recognition on (as Taiwan's ODF-first offices run it), then
//! saved as .xlsx and read back with calamine. Every cell must hold what the CSV says: the ROC
//! columns stay text (not a date of the year 115 AD), the ISO columns become real dates,
//! numbers and case numbers stay numbers or text as written, and nothing becomes a formula.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};

use imaudit::export::{self, Cell, Column, Table};

use crate::{harness, tools};

fn libreoffice() -> Option<PathBuf> {
    tools::find(
        "soffice",
        &["/usr/bin/soffice", "/usr/bin/libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    )
}

/// Converts each CSV to .xlsx in `out` the way an office opens it: UTF-8 (76), first line 1,
/// language zh-TW (1028), quoted fields not forced to text, special numbers (dates) detected.
fn open_in_calc(soffice: &Path, csvs: &[PathBuf], out: &Path) {
    let profile = out.join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76,1,,1028,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(out)
        .args(csvs)
        .env("LANG", "zh_TW.UTF-8")
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
}

/// `(rows of the CSV, cells as LibreOffice left them, formulas)` of one converted file.
fn compare(csv_path: &Path, xlsx_path: &Path) -> Vec<String> {
    let bytes = std::fs::read(csv_path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut book: Xlsx<_> = open_workbook(xlsx_path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    let mut wrong = Vec::new();
    for f in formulas.used_cells() {
        if !f.2.is_empty() {
            wrong.push(format!(
                "{csv_path:?} {:?}: a formula {:?}",
                (f.0, f.1),
                f.2
            ));
        }
    }
    let headers = &rows[0];
    for (r, row) in rows.iter().enumerate() {
        for (c, field) in row.iter().enumerate() {
            let got = range
                .get_value((r as u32, c as u32))
                .cloned()
                .unwrap_or(Data::Empty);
            let ok = match &got {
                Data::Empty => field.is_empty(),
                Data::String(s) => s == field,
                Data::Float(x) => !headers[c].contains("民國") && field.parse::<f64>() == Ok(*x),
                Data::Int(x) => field.parse::<i64>() == Ok(*x),
                Data::DateTime(d) => {
                    // Only the ISO columns may become dates, and to the same moment.
                    let when = d.as_datetime();
                    let iso = field.replace('T', " ");
                    when.is_some_and(|t| {
                        t.format("%Y-%m-%d %H:%M:%S").to_string() == iso
                            || t.format("%Y-%m-%d").to_string() == iso
                    })
                }
                _ => false,
            };
            if !ok {
                wrong.push(format!(
                    "{}: row {r}, {}: CSV {field:?}, LibreOffice {got:?}",
                    csv_path.file_name().unwrap().to_string_lossy(),
                    headers[c]
                ));
            }
        }
    }
    wrong
}

#[test]
fn libreoffice_reads_the_csv_as_written() {
    let Some(soffice) = libreoffice() else { return };
    let dir = harness::overlay("pii-in-free-text", "fail");
    let records = dir.path().join("records");
    let out = dir.path().join("exports");
    let o = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["export", "--office", "demo", "--year", "2026", "--records"])
        .arg(&records)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // Hostile and near-miss text the guard must defuse or leave alone.
    const COLUMNS: &[Column] = &[
        Column {
            header: "資料查詢用途",
            width: 10.0,
        },
        Column {
            header: "收件號",
            width: 10.0,
        },
        Column {
            header: "日期（民國）",
            width: 10.0,
        },
    ];
    let hostile = [
        ("=1+1", "-1150901"),
        ("+1+1", "1150106-0003"),
        ("-1+2", "-3.5"),
        ("@SUM(1)", "0012"),
        ("=HYPERLINK(\"http://x\",\"y\")", "-"),
        ("查核=正常", "A-1"),
        ("-A1", "1150901"),
    ];
    let table = Table {
        sheet: "使用日誌",
        columns: COLUMNS,
        rows: hostile
            .iter()
            .map(|(purpose, case)| {
                vec![
                    Cell::Text(purpose.to_string()),
                    Cell::Text(case.to_string()),
                    Cell::Roc("115/06/15".into()),
                ]
            })
            .collect(),
    };
    let hostile_csv = out.join("hostile.csv");
    std::fs::write(&hostile_csv, export::csv(&table)).unwrap();
    let csvs = vec![
        out.join("demo-2026-usage-log.csv"),
        out.join("demo-2026-findings.csv"),
        hostile_csv,
    ];
    let converted = dir.path().join("calc");
    open_in_calc(&soffice, &csvs, &converted);
    let mut wrong = Vec::new();
    for csv in &csvs {
        let xlsx = converted
            .join(csv.file_name().unwrap())
            .with_extension("xlsx");
        wrong.extend(compare(csv, &xlsx));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
