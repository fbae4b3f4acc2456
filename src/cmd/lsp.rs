//! `imaudit lsp`: the language server on stdin/stdout (src/lsp/). An editor starts it; it runs
//! until the editor sends `exit` or closes the pipe. Nothing but protocol messages is written
//! to stdout. Exits 0 after `shutdown` then `exit`, 1 when the editor went away without
//! `shutdown` (LSP 3.17), 2 when the pipes failed.

use std::process::ExitCode;

use crate::cli::LspArgs;

pub fn run(args: LspArgs) -> anyhow::Result<ExitCode> {
    Ok(if crate::lsp::run_stdio(args.as_of)? {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
