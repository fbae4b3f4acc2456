//! `imaudit history` (being written).

use std::process::ExitCode;

use crate::cli::HistoryArgs;

pub fn run(_args: HistoryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
