//! `import-system-log`: a file downloaded from the immigration agency's system (UTF-8 or Big5
//! CSV, its own column names and item names, ROC or ISO date-times) turned into the normalised
//! `system-logs/<YYYY-MM>.csv` of records.md (四(三)). All or nothing: a row that cannot be
//! mapped is reported with its row number and why, and nothing is written.

use chrono::NaiveDateTime;

use crate::model::county::SystemLogMapping;
use crate::model::system_log::{self, HEADER};
use crate::model::Item;
use crate::time::{roc, Month};

/// One row that could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number in the downloaded file (the header is line 1).
    pub row: usize,
    pub why: String,
}

/// The file's text, decoded: UTF-8 (a BOM is dropped) or else Big5 (CP950).
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    encoding_rs::BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), "Big5"))
        .ok_or_else(|| "檔案既不是 UTF-8 也不是 Big5 編碼，無法讀取".to_string())
}

/// Reads a date-time as the system writes it: ISO (`2026-11-03T09:13:27`, `2026-11-03 09:13`)
/// or ROC (`115/11/03 09:13:27`).
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    system_log::parse_time(s).or_else(|| roc::parse_roc_datetime(s.trim()))
}

/// Normalises the downloaded text into the records.md CSV (rows in time order).
pub fn normalise(
    text: &str,
    mapping: &SystemLogMapping,
    month: Month,
) -> Result<String, Vec<RowError>> {
    let col =
        |name: &Option<String>, default: &str| name.clone().unwrap_or_else(|| default.to_string());
    let wanted = [
        col(&mapping.time_column, "time"),
        col(&mapping.account_column, "account"),
        col(&mapping.item_column, "item"),
        col(&mapping.function_column, "function"),
    ];
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![RowError {
                row: 1,
                why: format!("無法讀取標題列：{e}"),
            }])
        }
    };
    let mut index = [0usize; 4];
    let mut errors = Vec::new();
    for (i, name) in wanted.iter().enumerate() {
        match header.iter().position(|h| h == name) {
            Some(at) => index[i] = at,
            None => errors.push(RowError {
                row: 1,
                why: format!(
                    "標題列沒有「{name}」欄（目前的欄位：{}）；請在 county.toml 的 [system_log] 設定 {}_column",
                    header.join("、"),
                    HEADER[i]
                ),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows: Vec<(NaiveDateTime, [String; 4])> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(n + 2, |p| p.line() as usize);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError {
                    row,
                    why: format!("CSV 格式錯誤：{e}"),
                });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(index[i]).map(str::trim).unwrap_or("");
        let Some(time) = parse_time(field(0)) else {
            errors.push(RowError {
                row,
                why: format!("無法解讀的時間「{}」", field(0)),
            });
            continue;
        };
        if !month.contains(time.date()) {
            errors.push(RowError {
                row,
                why: format!("時間 {} 不在 {month}", time.format("%Y-%m-%d %H:%M:%S")),
            });
            continue;
        }
        let account = field(1);
        if account.is_empty() {
            errors.push(RowError {
                row,
                why: "缺少帳號".into(),
            });
            continue;
        }
        let raw_item = field(2);
        let item = match Item::from_code(raw_item) {
            Some(i) => i.code().to_string(),
            None => match mapping.items.get(raw_item) {
                Some(code) if Item::from_code(code).is_some() => code.clone(),
                Some(code) => {
                    errors.push(RowError {
                        row,
                        why: format!(
                            "county.toml 把「{raw_item}」對應到不存在的項目代碼「{code}」"
                        ),
                    });
                    continue;
                }
                None => {
                    errors.push(RowError {
                        row,
                        why: format!("查詢項目「{raw_item}」沒有對應的代碼；請在 county.toml 的 [system_log.items] 加上 \"{raw_item}\" = \"entry-exit\" 之類的對應"),
                    });
                    continue;
                }
            },
        };
        let stamp = time.format("%Y-%m-%dT%H:%M:%S").to_string();
        rows.push((
            time,
            [stamp, account.to_string(), item, field(3).to_string()],
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Stable: rows with the same time keep the system's order.
    rows.sort_by_key(|(t, _)| *t);
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    out.write_record(HEADER).map_err(|e| {
        vec![RowError {
            row: 0,
            why: e.to_string(),
        }]
    })?;
    for (_, r) in &rows {
        out.write_record(r).map_err(|e| {
            vec![RowError {
                row: 0,
                why: e.to_string(),
            }]
        })?;
    }
    let bytes = out.into_inner().map_err(|e| {
        vec![RowError {
            row: 0,
            why: e.to_string(),
        }]
    })?;
    Ok(String::from_utf8(bytes).expect("written from strings"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month() -> Month {
        Month {
            year: 2026,
            month: 11,
        }
    }

    #[test]
    fn iso_utf8_passes_through_sorted() {
        let text = "time,account,item,function\n2026-11-03T10:00:00,A,entry-exit,查\n2026-11-03 09:00,B,foreign-residence,\"查,詢\"\n";
        let out = normalise(text, &SystemLogMapping::default(), month()).unwrap();
        assert_eq!(
            out,
            "time,account,item,function\n2026-11-03T09:00:00,B,foreign-residence,\"查,詢\"\n2026-11-03T10:00:00,A,entry-exit,查\n"
        );
    }

    #[test]
    fn every_bad_row_is_named() {
        let text = "time,account,item,function\nxx,A,entry-exit,f\n2026-10-31T10:00:00,A,entry-exit,f\n2026-11-01T10:00:00,,entry-exit,f\n2026-11-01T10:00:00,A,護照,f\n";
        let errs = normalise(text, &SystemLogMapping::default(), month()).unwrap_err();
        let rows: Vec<usize> = errs.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![2, 3, 4, 5]);
    }
}
