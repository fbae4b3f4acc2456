//! Measures `imaudit serve`'s rebuild after one usage log is saved (issue 6: "serve rebuild
//! after one log file changed"), through the very function the server calls
//! (`serve::rebuild`, with the records it kept from the rebuild before). The watcher's poll
//! and quiet period (300 ms + 300 ms, src/serve/watch.rs) come on top and are not counted.
//!
//! ```text
//! cargo run --release --example serve-rebuild -- RECORDS OUT [RUNS]
//! ```
//!
//! RECORDS is changed in place (one log's first purpose, back and forth) and OUT is
//! replaced: give it copies. Prints the first (whole) build's time and the median of RUNS
//! rebuilds (default 5), then the median of RUNS whole `imaudit check`s of the same records
//! in the same run (the `imaudit` beside this example, `--format json` to /dev/null; or when
//! there is none, the evaluation in-process) and the rebuild's share of it (issue 12's target:
//! at most 0.15).

use std::path::{Path, PathBuf};
use std::time::Instant;

use imaudit::serve::{self, Config, Kept, Site};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(records), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: serve-rebuild RECORDS OUT [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let config = Config {
        records: PathBuf::from(records),
        out: PathBuf::from(out),
        as_of: None,
    };
    let log = first_log(&config.records).unwrap_or_else(|| {
        eprintln!("no usage log under {records}");
        std::process::exit(2);
    });
    let site = Site::new(config.out.clone());
    let mut kept = Kept::default();
    let t = Instant::now();
    let first = serve::rebuild(&config, &site, &mut kept).expect("first build");
    let whole = t.elapsed();
    let mut times = Vec::new();
    let mut phases = Vec::new();
    for run in 0..runs {
        let text = std::fs::read_to_string(&log).expect("read the log");
        // Alternate the length too, so the change is seen whatever the file system's clock.
        let edited = if run % 2 == 0 {
            text.replacen("purpose = \"", "purpose = \"X", 1)
        } else {
            text.replacen("purpose = \"X", "purpose = \"", 1)
        };
        std::fs::write(&log, edited).expect("write the log");
        let t = Instant::now();
        let r = serve::rebuild(&config, &site, &mut kept).expect("rebuild");
        times.push(t.elapsed());
        phases.push((r.reading, r.checking, r.elapsed - r.reading - r.checking));
        if r.files_read != 1 {
            eprintln!("note: rebuild {run} read {} files", r.files_read);
        }
    }
    times.sort();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let read = median(phases.iter().map(|p| p.0.as_secs_f64()).collect());
    let check = median(phases.iter().map(|p| p.1.as_secs_f64()).collect());
    let build = median(phases.iter().map(|p| p.2.as_secs_f64()).collect());
    println!(
        "serve: first build {:.2} s ({} files); rebuild after one log changed: median {:.2} s of {runs} (min {:.2}, max {:.2}; medians of its parts: reading {read:.2} s, rules {check:.2} s, site {build:.2} s)",
        whole.as_secs_f64(),
        first.files_read,
        times[times.len() / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
    );
    let check = median((0..runs).map(|_| whole_check(&config.records)).collect());
    println!(
        "check: median {check:.2} s of {runs} ({}); rebuild ÷ check = {:.2}",
        checker().map_or("in-process evaluation".into(), |p| p.display().to_string()),
        times[times.len() / 2].as_secs_f64() / check,
    );
}

/// The `imaudit` binary built beside this example (`target/<profile>/imaudit`).
fn checker() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?.parent()?.join("imaudit");
    bin.is_file().then_some(bin)
}

/// Seconds of one whole `imaudit check` of `records`.
fn whole_check(records: &Path) -> f64 {
    let t = Instant::now();
    match checker() {
        Some(bin) => {
            let status = std::process::Command::new(bin)
                .args(["check", "--format", "json", "--records"])
                .arg(records)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run imaudit check");
            // 0 or 1 (findings); 2 is a failure to check at all.
            assert!(
                status.code().is_some_and(|c| c < 2),
                "check failed: {status}"
            );
        }
        None => {
            let options = imaudit::evaluate::Options::default();
            imaudit::evaluate::evaluate(records, &options).expect("evaluate");
        }
    }
    t.elapsed().as_secs_f64()
}

/// The first usage log by path.
fn first_log(records: &Path) -> Option<PathBuf> {
    let mut logs: Vec<PathBuf> = walkdir::WalkDir::new(records.join("offices"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.parent()
                    .and_then(Path::parent)
                    .and_then(Path::file_name)
                    .is_some_and(|n| n == "logs")
        })
        .collect();
    logs.sort();
    logs.into_iter().next()
}
