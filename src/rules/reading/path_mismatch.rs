//! `path-mismatch`: what a file says about its month, date, period or office disagrees with
//! its path (records.md: the path is authoritative). Raised by the loader.

use crate::declare_rule;
use crate::rules::clauses;

declare_rule! {
    /// 檔案內容所載的月份、日期、期別或機關與檔案所在路徑不一致。路徑決定一份紀錄屬於哪一個月、
    /// 哪一個機關；內容與路徑不符時，很可能是複製上個月的檔案後忘了修改，或是放錯資料夾，
    /// 稽核時會把紀錄算到錯誤的期間。
    ///
    /// 修正方式：確認正確的期間後，修改檔案內的值或把檔案移到正確的路徑。
    pub static PATH_MISMATCH = {
        id: "path-mismatch",
        clause: clauses::SI_1,
        severity: Error,
        summary: "檔案內容與路徑所示的期間或機關不符",
    }
}
