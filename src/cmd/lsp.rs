//! `imaudit lsp`: the language server on stdin/stdout (src/lsp/). An editor starts it; it runs
//! until the editor sends `exit` or closes the pipe. Nothing but protocol messages is written
//! to stdout.

use std::process::ExitCode;

use crate::cli::LspArgs;

pub fn run(args: LspArgs) -> anyhow::Result<ExitCode> {
    crate::lsp::run_stdio(args.as_of)?;
    Ok(ExitCode::SUCCESS)
}
