//! `import-system-log` on any downloaded file: decoding and normalising never panic, and
//! whatever normalise accepts, the loader reads back as that month's system log without a
//! single problem and with every row (the two ends agree on the format of records.md).
#![no_main]

use imaudit::model::county::SystemLogMapping;
use imaudit::model::Place;
use imaudit::time::Month;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&m, bytes)) = data.split_first() else {
        return;
    };
    let month = Month {
        year: 2026,
        month: u32::from(m % 12) + 1,
    };
    // The mapping of a county whose system names columns and items in Chinese.
    let mut mapping = SystemLogMapping::default();
    if m & 0x80 != 0 {
        mapping.time_column = Some("查詢時間".into());
        mapping.account_column = Some("帳號".into());
        mapping.item_column = Some("查詢項目".into());
        mapping.function_column = Some("功能".into());
        mapping
            .items
            .insert("入出境資料".into(), "entry-exit".into());
        mapping
            .items
            .insert("外僑居留".into(), "foreign-residence".into());
    }
    let Ok((text, _encoding)) = imaudit::import::decode(bytes) else {
        return;
    };
    let Ok(csv) = imaudit::import::normalise(&text, &mapping, month) else {
        return;
    };
    let place = Place::SystemLog("demo".into(), month);
    let file = imaudit::load::parse_bytes(&place, csv.clone().into_bytes());
    assert!(
        file.problems.is_empty(),
        "normalised output is refused by the loader: {:?}\n{csv}",
        file.problems
    );
    let Some(imaudit::load::parse::Parsed::SystemLog(log)) = file.parsed else {
        panic!("normalised output did not parse as a system log:\n{csv}");
    };
    let written = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(log.rows.len(), written, "rows lost:\n{csv}");
});
