//! The `imaudit` binary: parses the command line and runs one command. Exit status (cli.md):
//! 0 no error finding, 1 at least one, 2 the command itself could not run.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match imaudit::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One clear line on stderr (cli.md), not clap's multi-line usage block.
            let first = e.to_string();
            let line = first
                .lines()
                .next()
                .unwrap_or("無效的參數")
                .trim_start_matches("error: ");
            eprintln!("imaudit：{line}（用 --help 查看用法）");
            return ExitCode::from(2);
        }
    };
    match imaudit::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("imaudit：{}", chain.join("："));
            ExitCode::from(2)
        }
    }
}
