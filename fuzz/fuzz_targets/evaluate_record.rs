//! Any bytes as one record of the base county, then the whole evaluation (every rule but the
//! git ones) and its reports: no rule panics or hangs on a record that parses but says
//! something no clerk would write (year 9999, a session of ten years, a policy of 0 days).
#![no_main]

use imaudit::diag;
use imaudit::evaluate::{evaluate, HistoryMode, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((rel, bytes)) = imaudit_fuzz::split(data) else {
        return;
    };
    let (_, records) = imaudit_fuzz::base_county();
    let path = records.join(rel);
    let before = std::fs::read(&path).ok();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let eval = evaluate(
        records,
        &Options {
            history: HistoryMode::Skip,
            ..Options::default()
        },
    ).unwrap();
    let _ = diag::human::render(&eval.findings, eval.sources(), false);
    let _ = diag::json::render(&eval.findings, eval.sources(), eval.as_of, eval.file_count());
    let _ = imaudit::deadlines::items(&eval.findings);
    match before {
        Some(b) => std::fs::write(&path, b).unwrap(),
        None => std::fs::remove_file(&path).unwrap(),
    }
});
