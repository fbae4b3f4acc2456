//! `imaudit new` (being written).

use std::process::ExitCode;

use crate::cli::NewArgs;

pub fn run(_args: NewArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
