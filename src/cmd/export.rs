//! `imaudit export` (being written).

use std::process::ExitCode;

use crate::cli::ExportArgs;

pub fn run(_args: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
