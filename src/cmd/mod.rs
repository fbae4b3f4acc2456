//! One file per subcommand; errors here carry context for the one line printed on stderr.

pub mod build;
pub mod check;
pub mod deadlines;
pub mod export;
pub mod generate_assets;
pub mod history;
pub mod import;
pub mod init;
pub mod lsp;
pub mod new;
pub mod rules;
pub mod schema;
pub mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Rules(args) => rules::run(args),
        Command::History(args) => history::run(args),
        Command::Deadlines(args) => deadlines::run(args),
        Command::ImportSystemLog(args) => import::run(args),
        Command::New(args) => new::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => schema::run(args),
        Command::GenerateAssets(args) => generate_assets::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Export(args) => export::run(args),
        Command::Lsp(args) => lsp::run(args),
    }
}
