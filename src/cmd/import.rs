//! `imaudit import-system-log FILE --office ID --month YYYY-MM`.

use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::cli::ImportArgs;
use crate::import;
use crate::model::county::SystemLogMapping;
use crate::time::Month;

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let month: Month = args
        .month
        .parse()
        .map_err(|e| anyhow::anyhow!("--month：{e}"))?;
    let records = &args.common.records;
    let office_dir = records.join("offices").join(&args.office);
    if !office_dir.join("office.toml").is_file() {
        bail!(
            "找不到事務所 {}（{} 不存在）",
            args.office,
            office_dir.join("office.toml").display()
        );
    }
    let mapping = mapping(records)?;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("無法讀取 {}", args.file.display()))?;
    let (text, encoding) = import::decode(&bytes).map_err(anyhow::Error::msg)?;
    let out_path = office_dir.join("system-logs").join(format!("{month}.csv"));
    if out_path.exists() && !args.force {
        bail!("{} 已存在；確定要覆寫請加 --force", out_path.display());
    }
    match import::normalise(&text, &mapping, month) {
        Ok(csv) => {
            std::fs::create_dir_all(out_path.parent().expect("has a parent")).with_context(
                || format!("無法建立 {}", office_dir.join("system-logs").display()),
            )?;
            // Write beside, then rename: an interrupted import never leaves half a month.
            let tmp = out_path.with_extension("csv.tmp");
            std::fs::write(&tmp, &csv).with_context(|| format!("無法寫入 {}", tmp.display()))?;
            std::fs::rename(&tmp, &out_path)
                .with_context(|| format!("無法寫入 {}", out_path.display()))?;
            let rows = csv.lines().count().saturating_sub(1);
            println!(
                "已匯入 {rows} 筆查詢紀錄（{encoding}）→ {}",
                out_path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}:{}: {}", args.file.display(), e.row, e.why);
            }
            bail!("有 {} 列無法轉換，未寫入任何檔案", errors.len())
        }
    }
}

/// `[system_log]` of county.toml, or the defaults when the county has none.
fn mapping(records: &std::path::Path) -> anyhow::Result<SystemLogMapping> {
    let path = records.join("county.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(SystemLogMapping::default());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let county: crate::model::County = toml::from_str(text)
        .map_err(|e| anyhow::anyhow!("{} 無法讀取：{}", path.display(), e.message()))?;
    Ok(county.system_log.unwrap_or_default())
}
