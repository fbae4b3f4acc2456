//! `parse-error`: a file that is not valid TOML/CSV, or a value of the wrong type or form.
//! Raised by the loader (`crate::load`), which knows the exact span.

use crate::declare_rule;
use crate::rules::clauses;

declare_rule! {
    /// 檔案無法讀取：紀錄檔或系統稽核日誌的寫法不正確、含有未定義的欄位、值的種類或格式錯誤（例如
    /// 不存在的日期 2 月 30 日、第 13 個月），或檔案不是 UTF-8 編碼。紀錄是法定保存的證據，
    /// 任何一筆無法讀取就等於遺失，因此一律列為錯誤，並指出檔案、行與欄。其餘檔案仍照常檢查。
    ///
    /// 修正方式：依訊息更正該行；若檔案以 Big5（「ANSI」）儲存，請在編輯器中改以 UTF-8 另存。
    pub static PARSE_ERROR = {
        id: "parse-error",
        clause: clauses::SI_1,
        severity: Error,
        summary: "檔案格式錯誤，無法讀取",
        marks: UnreadableFile,
    }
}
