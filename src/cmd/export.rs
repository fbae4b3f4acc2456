//! `imaudit export`: one office's usage log and findings of one year as CSV (UTF-8 with BOM)
//! and .xlsx (src/export.rs). Prints the files it wrote. Exit 0 when written, whatever the
//! findings (it is a report, not a check); 2 when the office is unknown or a file cannot be
//! written.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::ExportArgs;
use crate::evaluate::{evaluate, Options};

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let eval = evaluate(
        &args.common.records,
        &Options {
            as_of: args.common.as_of,
            ..Options::default()
        },
    )?;
    let written = crate::export::write(&eval, &args.office, args.year, &args.out)
        .with_context(|| format!("未能匯出 {} {} 年度的資料", args.office, args.year))?;
    for path in [&written.log_csv, &written.findings_csv, &written.xlsx] {
        println!("{}", path.display());
    }
    println!(
        "已匯出 {} 年（民國 {} 年）使用日誌 {} 筆、檢查發現 {} 筆",
        args.year,
        crate::time::roc::roc_year(args.year),
        written.entries,
        written.findings
    );
    Ok(ExitCode::SUCCESS)
}
