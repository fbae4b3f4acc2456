//! Any bytes as one record of the base county, then the whole evaluation (every rule but the
//! git ones) and its reports: no rule panics or hangs on a record that parses but says
//! something no clerk would write (year 9999, a session of ten years, a policy of 0 days).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use imaudit::diag;
use imaudit::evaluate::{evaluate_with, HistoryMode, Options};
use libfuzzer_sys::fuzz_target;

/// A copy of the base county in a temporary folder, made once per process.
fn county() -> &'static (tempfile::TempDir, PathBuf) {
    static COUNTY: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    COUNTY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        let base = imaudit_fuzz::base_records();
        for entry in walkdir::WalkDir::new(&base) {
            let entry = entry.unwrap();
            let dest = records.join(entry.path().strip_prefix(&base).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        (dir, records)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((rel, bytes)) = imaudit_fuzz::split(data) else {
        return;
    };
    let (_, records) = county();
    let path = records.join(rel);
    let before = std::fs::read(&path).ok();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let eval = evaluate_with(records, &Options::default(), HistoryMode::Skip).unwrap();
    let _ = diag::human::render(&eval.findings, &eval.sources, false);
    let _ = diag::json::render(&eval.findings, &eval.sources, eval.as_of, eval.file_count());
    let _ = imaudit::deadlines::items(&eval.findings);
    match before {
        Some(b) => std::fs::write(&path, b).unwrap(),
        None => std::fs::remove_file(&path).unwrap(),
    }
});
