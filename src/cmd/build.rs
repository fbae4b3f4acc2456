//! `imaudit build`: evaluate the records and render the site into `--out` (cli.md). Prints
//! where it went and a one-line summary. Exit status (cli.md): 0 when the site was written,
//! whatever the records hold (a site full of errors is the site that must be published: CI
//! gates on `check`); 1 only with `--fail-on` and a finding that severe; 2 when the site
//! could not be written.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{BuildArgs, FailOn};
use crate::diag::Summary;
use crate::evaluate::{check_by_office, Options};
use crate::site::{self, BuildOptions};

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    // Before anything else: a build replaces --out whole (src/site/guard.rs).
    site::guard::check(&args.common.records, &args.out)?;
    let options = BuildOptions {
        progress: std::io::stderr().is_terminal(),
        ..BuildOptions::default()
    };
    let records = &args.common.records;
    let failed = || format!("網站未產生（原有的 {} 未被更動）", args.out.display());
    // Office by office (issue 12): each part's offices' pages are rendered as they are judged,
    // then released; the county's pages come last.
    let mut site = site::by_office::Site::begin(&args.out, &options).with_context(failed)?;
    let checked = check_by_office(
        records,
        &Options {
            as_of: args.common.as_of,
            ..Options::default()
        },
        |eval, part| site.part(eval, part),
    )?;
    let offices = checked.offices.len();
    let eval = checked.into_evaluation();
    let built = site.finish(&eval).with_context(failed)?;
    let s = Summary::of(&eval.findings);
    let index = args.out.join(site::paths::DASHBOARD);
    println!("網站已產生：{}", index.display());
    println!(
        "評估日 {}：{} 個事務所、{} 個檔案、{} 頁；錯誤 {}、警告 {}、待辦 {}（{:.1} 秒）",
        crate::time::roc::roc_date(eval.as_of),
        offices,
        eval.file_count(),
        built.pages,
        s.error,
        s.warning,
        s.info,
        started.elapsed().as_secs_f64()
    );
    // The process ends here: freeing a county's records one by one took 0.4 s (issue 6).
    std::mem::forget(eval);
    let failed = match args.fail_on {
        None => false,
        Some(FailOn::Error) => s.error > 0,
        Some(FailOn::Warning) => s.error + s.warning > 0,
    };
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
