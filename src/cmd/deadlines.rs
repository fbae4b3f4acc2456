//! `imaudit deadlines` (being written).

use std::process::ExitCode;

use crate::cli::DeadlinesArgs;

pub fn run(_args: DeadlinesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
