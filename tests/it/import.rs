//! `import-system-log` (四(三)): a Big5 file with ROC dates and its own column names round-trips
//! into the normalised CSV that `check` reads; a malformed file writes nothing.

use std::process::Command;

fn county(dir: &std::path::Path) {
    let records = dir.join("records");
    std::fs::create_dir_all(records.join("offices/x")).unwrap();
    std::fs::write(
        records.join("offices/x/office.toml"),
        "name = \"彰化縣示範戶政事務所\"\nsystem_start = 2026-01-01\n",
    )
    .unwrap();
    std::fs::write(
        records.join("county.toml"),
        r#"name = "彰化縣"

[system_log]
time_column = "查詢時間"
account_column = "使用者帳號"
item_column = "查詢項目"
function_column = "功能名稱"

[system_log.items]
"入出境資料" = "entry-exit"
"外來人口居停留資料" = "foreign-residence"
"#,
    )
    .unwrap();
}

fn import(dir: &std::path::Path, file: &std::path::Path, force: bool) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imaudit"));
    cmd.current_dir(dir)
        .args(["import-system-log"])
        .arg(file)
        .args(["--office", "x", "--month", "2026-11"]);
    if force {
        cmd.arg("--force");
    }
    cmd.output().unwrap()
}

#[test]
fn big5_with_roc_dates_and_custom_columns_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    county(dir.path());
    let download = "查詢時間,使用者帳號,查詢項目,功能名稱\r\n115/11/03 09:13:27,CHC0012,入出境資料,入出境資料查詢\r\n115/11/02 14:00:05,CHC0013,外來人口居停留資料,居留資料查詢\r\n";
    let (big5, _, bad) = encoding_rs::BIG5.encode(download);
    assert!(!bad);
    let file = dir.path().join("download.csv");
    std::fs::write(&file, &big5).unwrap();
    let out = import(dir.path(), &file, false);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written =
        std::fs::read_to_string(dir.path().join("records/offices/x/system-logs/2026-11.csv"))
            .unwrap();
    assert_eq!(
        written,
        "time,account,item,function\n2026-11-02T14:00:05,CHC0013,foreign-residence,居留資料查詢\n2026-11-03T09:13:27,CHC0012,entry-exit,入出境資料查詢\n"
    );
    // The loader reads what the import wrote.
    let e = crate::harness::eval(&dir.path().join("records"), Some(&["parse-error"]));
    assert_eq!(e.findings.len(), 0);
    assert_eq!(
        e.records().offices["x"]
            .system_logs
            .values()
            .next()
            .unwrap()
            .data
            .rows
            .len(),
        2
    );

    // An existing month is never overwritten without --force.
    let again = import(dir.path(), &file, false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(import(dir.path(), &file, true).status.code(), Some(0));
}

#[test]
fn a_malformed_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    county(dir.path());
    let download = "查詢時間,使用者帳號,查詢項目,功能名稱\n115/11/03 09:13:27,CHC0012,入出境資料,查詢\n115/13/03 09:13:27,CHC0012,入出境資料,查詢\n115/11/04 09:13:27,CHC0012,護照資料,查詢\n";
    let file = dir.path().join("download.csv");
    std::fs::write(&file, download).unwrap();
    let out = import(dir.path(), &file, false);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("download.csv:3:"), "{err}");
    assert!(
        err.contains("download.csv:4:") && err.contains("護照資料"),
        "{err}"
    );
    assert!(!dir.path().join("records/offices/x/system-logs").exists());
}
