//! `imaudit build`: render the site.

use std::process::ExitCode;

use crate::cli::BuildArgs;

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("build 尚未完成（{}）", args.out.display())
}
