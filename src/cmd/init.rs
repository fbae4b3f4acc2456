//! `imaudit init` (being written).

use std::process::ExitCode;

use crate::cli::InitArgs;

pub fn run(_args: InitArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
