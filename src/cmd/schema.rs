//! `imaudit schema` (being written).

use std::process::ExitCode;

use crate::cli::SchemaArgs;

pub fn run(_args: SchemaArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("此指令尚未完成")
}
