//! The command line (cli.md). Every field's `///` doc is its `--help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// imaudit：依《彰化縣各戶政事務所應用移民資訊作業系統管理要點》檢查紀錄，並產生稽核網站。
#[derive(Debug, Parser)]
#[command(
    name = "imaudit",
    version,
    about = "imaudit：依《彰化縣各戶政事務所應用移民資訊作業系統管理要點》檢查紀錄，並產生稽核網站。",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct Common {
    /// 紀錄資料夾（預設 records，相對於目前目錄）
    #[arg(long, global = true, default_value = "records", value_name = "DIR")]
    pub records: PathBuf,
    /// 評估日期 YYYY-MM-DD（預設：county.toml 的 as_of，否則為今天，臺灣時間）
    #[arg(long = "as-of", global = true, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 檢查所有紀錄並列出發現的問題。
    ///
    /// 範例：imaudit check --records records --format json
    ///
    /// 合併請求審查：imaudit check --since origin/main --format markdown
    Check(CheckArgs),
    /// 產生靜態稽核網站；網站寫成即結束代碼 0，即使紀錄有錯誤（--fail-on error 則有錯誤時為 1）。
    ///
    /// 範例：imaudit build --out site
    Build(BuildArgs),
    /// 列出規則目錄：代碼、條文、嚴重度與一行說明。
    ///
    /// 範例：imaudit rules
    Rules(RulesArgs),
    /// 一份紀錄的變更軌跡：每次提交、作者、日期與內容的變動。
    ///
    /// 範例：imaudit history records/offices/tianzhong/logs/2026/2026-10.toml
    History(HistoryArgs),
    /// 列出已到期與即將到期的事項（最早到期者在前）。
    ///
    /// 範例：imaudit deadlines --ics deadlines.ics
    Deadlines(DeadlinesArgs),
    /// 把從移民署系統下載的稽核日誌（UTF-8 或 Big5 CSV）轉為 system-logs/<YYYY-MM>.csv。
    ///
    /// 範例：imaudit import-system-log 下載.csv --office tianzhong --month 2026-10
    ImportSystemLog(ImportArgs),
    /// 依現有紀錄預先填好一份新紀錄（不覆寫既有檔案），並印出其路徑。
    ///
    /// 範例：imaudit new log --office tianzhong --month 2026-12
    New(NewArgs),
    /// 建立新的縣紀錄儲存庫：county.toml、regulation.md、行事曆、一個事務所、CI 設定與 git。
    ///
    /// 範例：imaudit init 彰化縣紀錄
    Init(InitArgs),
    /// 寫出各類紀錄的 JSON Schema，供編輯器（#:schema）提示與檢查。
    ///
    /// 範例：imaudit schema --out schemas
    Schema(SchemaArgs),
    /// 寫出 man 手冊（每個指令一頁）與 bash、zsh、fish 的自動完成檔，供打包（.deb）使用。
    ///
    /// 範例：imaudit generate-assets target/assets
    #[command(hide = true)]
    GenerateAssets(GenerateAssetsArgs),
    /// 產生網站並在 127.0.0.1 提供瀏覽，紀錄變更時自動重建並重新整理頁面。
    ///
    /// 範例：imaudit serve --port 8000
    Serve(ServeArgs),
    /// 匯出一年的使用日誌與檢查發現為 CSV（含 BOM）與 .xlsx。
    ///
    /// 範例：imaudit export --office tianzhong --year 2026 --out exports
    Export(ExportArgs),
    /// 語言伺服器（LSP，stdin/stdout）：編輯器邊打字邊顯示 check 的發現。由編輯器啟動。
    ///
    /// 範例：imaudit lsp
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// 評估日期 YYYY-MM-DD（預設：county.toml 的 as_of，否則為今天，臺灣時間）
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

/// Record kinds `imaudit new` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// 附件一 使用日誌（--month）
    Log,
    /// 附件二 每月內部稽核紀錄（--month）
    MonthlyAudit,
    /// 四(二) 不定期內部稽核（--date）
    InternalAudit,
    /// 四(四) 半年權限清查（--period）
    PermissionReview,
    /// 四(五) 督考（附表三）（--date）
    Inspection,
    /// 三(一) 列冊移交（--date、--person）
    Handover,
    /// 五、六 違規事件（--date、--person、--slug）
    Incident,
    /// 新增人員（--person、--name）
    Person,
    /// 新增事務所：office.toml 與 people.toml（--office；--date 為開始使用系統之日）
    Office,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub common: Common,
    /// 紀錄種類
    #[arg(value_enum)]
    pub kind: NewKind,
    /// 事務所代碼
    #[arg(long, value_name = "ID")]
    pub office: String,
    /// 月份 YYYY-MM（log、monthly-audit）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 日期 YYYY-MM-DD（internal-audit、inspection、handover、incident；permission-review 的清查日；
    /// office 開始使用系統之日）；預設為評估日（今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// 半年期 YYYY-H1 或 YYYY-H2（permission-review）
    #[arg(long, value_name = "YYYY-Hn")]
    pub period: Option<String>,
    /// 人員代碼（handover：移交人；incident：當事人；person：新人員）
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// 事件簡稱（incident 檔名用，小寫英數字與連字號；預設為 --person）
    #[arg(long, value_name = "SLUG")]
    pub slug: Option<String>,
    /// 姓名（person）或事務所全名（office）
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 新儲存庫的資料夾（不可已有內容）
    pub dir: PathBuf,
    /// 第一個事務所的代碼（資料夾名稱，小寫英數字與連字號），例如 tianzhong
    #[arg(long, default_value = "example", value_name = "ID")]
    pub office: String,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// 寫出 JSON Schema 的資料夾
    #[arg(long, default_value = "schemas", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct GenerateAssetsArgs {
    /// 輸出資料夾：man/ 放 man 手冊，completions/ 放自動完成檔
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// 網站輸出資料夾
    #[arg(long, default_value = "site", value_name = "DIR")]
    pub out: PathBuf,
    /// 連接埠（0 表示由系統指定）
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// 綁定的位址；預設只接受本機連線
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub common: Common,
    /// 事務所代碼
    #[arg(long, value_name = "ID")]
    pub office: String,
    /// 年度（西元）
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// 匯出檔的資料夾
    #[arg(long, default_value = "exports", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub common: Common,
    /// 紀錄檔的路徑，例如 records/offices/tianzhong/logs/2026/2026-10.toml
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    #[command(flatten)]
    pub common: Common,
    /// 同時寫出 iCalendar（.ics）檔，可供 Outlook、Thunderbird 訂閱
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub common: Common,
    /// 從系統下載的檔案
    pub file: PathBuf,
    /// 事務所代碼
    #[arg(long, value_name = "ID")]
    pub office: String,
    /// 月份 YYYY-MM
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 已有該月檔案時仍覆寫
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 給人看的格式：檔案:行:欄、規則代碼、條文與原文摘錄
    Human,
    /// cli.md 所定的 JSON
    Json,
    /// SARIF 2.1.0，供程式碼掃描（code scanning）介面讀取
    Sarif,
    /// GitHub／Gitea Actions 的工作流程註記（::error file=…::訊息）
    Github,
    /// 合併請求（pull request）留言用的 Markdown 報告
    Markdown,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// 輸出格式
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 只列出這個事務所的發現
    #[arg(long, value_name = "ID")]
    pub office: Option<String>,
    /// 顯示一條規則的說明後結束，例如 --explain termination-overdue
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// 只執行這些規則（以逗號分隔），例如 --only log-off-hours,log-purpose-vague
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub only: Vec<String>,
    /// 顏色：auto（終端機才上色）、always、never
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// 只列出自 REV（commit、分支或標籤）以來有變動之檔案的發現，加上不屬於特定檔案者；
    /// 合併請求審查用，例如 --since origin/main
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// 與先前 imaudit build 公布的 manifest.json 比對：已簽核的紀錄遺失、被改或簽核的 commit
    /// 已不在歷史中（force push）時報 history-rewritten，例如 --against-manifest 舊網站/manifest.json
    #[arg(long = "against-manifest", value_name = "FILE")]
    pub against_manifest: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// 網站輸出資料夾
    #[arg(long, default_value = "site", value_name = "DIR")]
    pub out: PathBuf,
    /// 網站照常產生，但有此嚴重度（或更嚴重）的發現時結束代碼為 1，例如 --fail-on error；
    /// 預設不論發現為何，產生網站即結束代碼 0（CI 以 imaudit check 把關）
    #[arg(long = "fail-on", value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// The least severity that makes `build --fail-on` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// 有錯誤時
    Error,
    /// 有錯誤或警告時
    Warning,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 逐條列出要點各條文由哪些規則檢查，或為何無法以機器檢查
    #[arg(long)]
    pub coverage: bool,
}
