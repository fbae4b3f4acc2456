//! `unexpected-file`: a file under records/ that fits no known place. Raised by the loader.

use crate::declare_rule;
use crate::rules::clauses;

declare_rule! {
    /// `records/` 之下有不屬於任何已知位置的檔案（README.md 除外），例如資料夾名稱打錯
    /// （`log/` 而非 `logs/`）、檔名格式不符（`2026-1.toml`），或是符號連結。這類檔案不會被讀取，
    /// 若其中是日誌或稽核紀錄，就會在不知不覺中「遺失」，因此提出警告。
    ///
    /// 修正方式：依 records.md 的目錄配置更正路徑或檔名。
    pub static UNEXPECTED_FILE = {
        id: "unexpected-file",
        clause: clauses::SI_1,
        severity: Warning,
        summary: "不屬於任何已知位置的檔案",
    }
}
