//! `imaudit history PATH`: the change trail of one record file (要點 四(一)): each commit that
//! touched it (short id, ROC date and time, author, message) and what changed in the record's
//! own terms ("新增 3 筆日誌", "主任簽核", "修改第 12 筆日誌的登出時間"). Moves are followed
//! back to where the file came from.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::cli::HistoryArgs;
use crate::history::{History, Trail, Unavailable};
use crate::time::roc::roc_datetime;

pub fn run(args: HistoryArgs) -> anyhow::Result<ExitCode> {
    let records = &args.common.records;
    if !records.is_dir() {
        bail!(
            "找不到紀錄資料夾 {}（可用 --records 指定）",
            records.display()
        );
    }
    let rel = relative_to(records, &args.path).with_context(|| {
        format!(
            "{} 不在紀錄資料夾 {} 內",
            args.path.display(),
            records.display()
        )
    })?;
    let trail = Trail::open_for(records, &rel);
    let Some(history) = &trail.history else {
        let why = match trail.unavailable {
            Some(Unavailable::Shallow) => {
                "此儲存庫為淺層複製，歷史不完整；請執行 git fetch --unshallow".to_string()
            }
            Some(Unavailable::NoCommits) => "儲存庫尚無任何 commit".to_string(),
            Some(Unavailable::Broken(e)) => format!("無法讀取 git 歷史：{e}"),
            _ => "紀錄資料夾不在 git 儲存庫中".to_string(),
        };
        bail!("{why}");
    };
    let text = render(
        history,
        &rel,
        trail.uncommitted.iter().any(|(p, _)| *p == rel),
    );
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("無法寫出結果")?;
    Ok(ExitCode::SUCCESS)
}

/// The trail of the record at `rel` (relative to the records folder), oldest change first.
pub fn render(history: &History, rel: &str, uncommitted: bool) -> String {
    let shown = format!("{}{rel}", history.prefix);
    let steps = history.record_trail(rel);
    let mut out = String::new();
    if steps.is_empty() {
        out.push_str(&format!(
            "{shown}：git 歷史中沒有這個檔案的紀錄（尚未 commit，或路徑有誤）\n"
        ));
        return out;
    }
    out.push_str(&format!(
        "{shown} 的變更軌跡（{} 次變更，由舊到新）\n",
        steps.len()
    ));
    for step in &steps {
        let c = step.commit;
        out.push('\n');
        out.push_str(&format!(
            "{}  {}  {} <{}>",
            c.short_id(),
            roc_datetime(c.committer.time),
            c.author.name,
            c.author.email
        ));
        if !c.committer.email.eq_ignore_ascii_case(&c.author.email) {
            out.push_str(&format!(
                "（提交者 {} <{}>）",
                c.committer.name, c.committer.email
            ));
        }
        out.push('\n');
        out.push_str(&format!("    {}\n", c.summary()));
        if !step.via.is_empty() {
            // A pull request is one step; each change is under the commit that made it.
            out.push_str(&format!(
                "    合併請求：由 {} 合併，包含 {} 個提交：\n",
                c.committer.name,
                step.via.len()
            ));
            for part in &step.parts {
                let p = part.commit;
                out.push_str(&format!(
                    "      {}  {}  {} <{}>  {}\n",
                    p.short_id(),
                    roc_datetime(p.author.time),
                    p.author.name,
                    p.author.email,
                    p.summary()
                ));
                for line in &part.lines {
                    out.push_str(&format!("        · {line}\n"));
                }
            }
            if !step.lines.is_empty() {
                out.push_str("    合併時另行修改：\n");
            }
        }
        for line in &step.lines {
            out.push_str(&format!("    · {line}\n"));
        }
    }
    if uncommitted {
        out.push_str("\n工作目錄中另有尚未 commit 的變動（不在變更軌跡中）。\n");
    }
    out
}

/// `path` relative to `records`, `/`-separated. The file itself may be gone (its trail shows
/// when it was deleted), so the deepest folder that exists is resolved instead.
fn relative_to(records: &Path, path: &Path) -> Option<String> {
    let records = records.canonicalize().ok()?;
    let mut existing: PathBuf = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?.to_path_buf();
    }
    let mut full = existing.canonicalize().ok()?;
    full.extend(rest.iter().rev());
    let rel = full.strip_prefix(&records).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let parts = parts?;
    (!parts.is_empty()).then(|| parts.join("/"))
}
