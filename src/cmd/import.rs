//! `imaudit import` (being written).

use std::process::ExitCode;

use crate::cli::ImportArgs;

pub fn run(_args: ImportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
