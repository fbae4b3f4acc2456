//! gen-county: writes a fictional county's records in the format of `spec/records.md` (the
//! generator itself is `imaudit-gen` (gen/)).
//!
//! ```text
//! cargo run --release --example gen-county -- --demo --out records
//! cargo run --release --example gen-county -- --offices 20 --months 60 --seed 1 --out DIR [--git]
//! ```
//!
//! `--breaches N` plants N breaches instead of one per hundred office-months; `--entries N`
//! makes about N usage-log entries per office-month instead of 830.
//!
//! `--demo` writes the demo set that ships in `records/`; the other form a bigger county
//! (about 830 usage-log entries per office-month, a small seeded sprinkling of breaches,
//! listed on stderr), for benchmarks. `--git` also makes `DIR` a git repository whose history
//! files the records month by month. The same arguments always give the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use imaudit_gen::{self as gen, Config};

fn usage(msg: &str) -> ExitCode {
    if !msg.is_empty() {
        eprintln!("gen-county: {msg}");
    }
    eprintln!(
        "usage: gen-county --demo --out records\n       gen-county --offices N --months M --seed S [--breaches N] [--entries N] --out DIR [--git]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = Config::county(8, 24, 1);
    let mut out = PathBuf::from("records");
    let mut git = false;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1);
        let number = |what: &str| -> Result<u64, ExitCode> {
            value
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| usage(&format!("{what} needs a number")))
        };
        match args[i].as_str() {
            "--demo" => cfg.demo = true,
            "--git" => git = true,
            "--offices" => match number("--offices") {
                Ok(n) => cfg.offices = n as usize,
                Err(code) => return code,
            },
            "--months" => match number("--months") {
                Ok(n) => cfg.months = n as usize,
                Err(code) => return code,
            },
            "--seed" => match number("--seed") {
                Ok(n) => cfg.seed = n,
                Err(code) => return code,
            },
            "--breaches" => match number("--breaches") {
                Ok(n) => cfg.breaches = Some(n as usize),
                Err(code) => return code,
            },
            "--entries" => match number("--entries") {
                // About this many a month (±5%).
                Ok(n) => {
                    let n = n.max(1) as i64;
                    cfg.entries_per_month = (n - n / 20, n + n / 20)
                }
                Err(code) => return code,
            },
            "--out" => match value {
                Some(v) => out = PathBuf::from(v),
                None => return usage("--out needs a folder"),
            },
            "-h" | "--help" => return usage(""),
            other => return usage(&format!("unknown argument {other}")),
        }
        i += if matches!(args[i].as_str(), "--demo" | "--git") {
            1
        } else {
            2
        };
    }
    let county = match gen::generate(&cfg) {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let written = if git {
        gen::git::write(&out, &county)
    } else {
        gen::write(&out, &county).map(|()| Vec::new())
    };
    let in_history = match written {
        Ok(planted) => planted,
        Err(e) => {
            eprintln!("gen-county: cannot write {}: {e}", out.display());
            return ExitCode::from(1);
        }
    };
    eprintln!(
        "gen-county: wrote {} files ({} log entries) to {}{}",
        county.files.len(),
        county.entries(),
        out.display(),
        if git {
            format!(", {} changes in its git history", county.history.len())
        } else {
            String::new()
        }
    );
    if !cfg.demo {
        for p in county.planted.iter().chain(&in_history) {
            let at = p
                .place(&county.files)
                .map_or_else(String::new, |(f, l)| format!("{f}:{l}"));
            eprintln!("  planted {} {} {at}", p.rule, p.subject);
        }
    }
    ExitCode::SUCCESS
}
