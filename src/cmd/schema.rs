//! `imaudit schema --out DIR`: the JSON Schema of every record kind, for editors.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::SchemaArgs;
use crate::schema;

pub fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let written =
        schema::write_all(&args.out).with_context(|| format!("無法寫入 {}", args.out.display()))?;
    println!(
        "已寫出 {} 個 JSON Schema 到 {}",
        written.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
