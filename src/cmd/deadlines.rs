//! `imaudit deadlines`: what is due and overdue, soonest first, then the breaches already
//! closed (已發生之違規); `--ics FILE` writes the feed of the open items.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::DeadlinesArgs;
use crate::deadlines;
use crate::evaluate::{evaluate, Options};

pub fn run(args: DeadlinesArgs) -> anyhow::Result<ExitCode> {
    let eval = evaluate(
        &args.common.records,
        &Options {
            as_of: args.common.as_of,
            ..Options::default()
        },
    )?;
    let items = deadlines::items(&eval.findings);
    let breaches = deadlines::closed_breaches(&eval.findings);
    print!("{}", deadlines::text(&items, &breaches, eval.sources()));
    if let Some(path) = &args.ics {
        std::fs::write(path, deadlines::ics(&items, eval.sources(), eval.as_of))
            .with_context(|| format!("無法寫入 {}", path.display()))?;
        eprintln!("已寫出 {}（{} 個事項）", path.display(), items.len());
    }
    Ok(ExitCode::SUCCESS)
}
