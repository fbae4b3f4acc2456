//! `imaudit init DIR`: a new county records repository (src/scaffold/init.rs), committed, that
//! `check` accepts as it is.

use std::process::ExitCode;

use anyhow::anyhow;

use crate::cli::InitArgs;
use crate::scaffold::init;

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let today = crate::time::today_in_taiwan();
    let files = init::create(&args.dir, &args.office, today).map_err(|e| anyhow!(e))?;
    println!("{}", args.dir.display());
    let records = args.dir.join("records");
    eprintln!(
        "已建立紀錄儲存庫 {}（{} 個檔案，已提交第一個 commit）。\n\
         下一步：編輯 {} 與 people.toml，把 placeholder-… 換成真正的人員；\n\
         然後在 {} 執行 imaudit check。",
        args.dir.display(),
        files.len(),
        records
            .join("offices")
            .join(&args.office)
            .join("office.toml")
            .display(),
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
