//! A new county records repository (`imaudit init DIR`): county.toml with every policy value
//! written out and explained, the 要點 as regulation.md, this year's calendar, one office with
//! placeholder role holders, the JSON Schemas, the CI files, and a first git commit.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::{office, quote_list, with_comment};
use crate::model::Policy;
use crate::schema::{self, RecordKind, SCHEMA_DIR};

/// The 要點 as Markdown with one anchor per clause (the hand-made copy shipped with imaudit).
const REGULATION_MD: &str = include_str!("../../records/regulation.md");
/// The official 2026 office calendar (中華民國115年政府行政機關辦公日曆表).
const CALENDAR_2026: &str = include_str!("../../records/calendar/2026.toml");

const CI_GITHUB: &str = include_str!("../../docs/ci/github-actions.yml");
const CI_GITEA: &str = include_str!("../../docs/ci/gitea-actions.yml");
const CI_GITLAB: &str = include_str!("../../docs/ci/gitlab-ci.yml");

/// The author and committer of the first commit.
pub const AUTHOR: &str = "imaudit init";
pub const AUTHOR_EMAIL: &str = "imaudit-init@localhost";

/// The files of a new repository: (path relative to the repository, text).
pub fn files(office_id: &str, today: NaiveDate) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut record = |rel: &str, text: &str| {
        out.push((format!("records/{rel}"), schema::with_directive(rel, text)));
    };
    record("county.toml", &county());
    record("regulation.md", REGULATION_MD);
    let year = today.year();
    record(&format!("calendar/{year}.toml"), &calendar(year));
    for d in office::office(office_id, None, today)? {
        record(&d.rel, &d.text);
    }
    for kind in RecordKind::ALL {
        out.push((
            format!("{SCHEMA_DIR}/{}", kind.file_name()),
            schema::render(kind),
        ));
    }
    out.push((".gitignore".into(), GITIGNORE.into()));
    out.push((".github/workflows/imaudit.yml".into(), CI_GITHUB.into()));
    out.push((".gitea/workflows/imaudit.yml".into(), CI_GITEA.into()));
    out.push((".gitlab-ci.yml".into(), CI_GITLAB.into()));
    out.push((".vscode/extensions.json".into(), VSCODE_EXTENSIONS.into()));
    out.push(("README.md".into(), readme(office_id)));
    Ok(out)
}

/// Writes a new repository into `dir` (which must be missing or empty) and makes its first
/// commit. Returns the files written, relative to `dir`.
pub fn create(dir: &Path, office_id: &str, today: NaiveDate) -> Result<Vec<String>, String> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(format!(
                "{} 已有內容；請指定新的或空的資料夾",
                dir.display()
            ));
        }
    } else if dir.exists() {
        return Err(format!("{} 不是資料夾", dir.display()));
    }
    let files = files(office_id, today)?;
    for (rel, text) in &files {
        let path: PathBuf = rel.split('/').fold(dir.to_path_buf(), |p, c| p.join(c));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("無法建立 {}：{e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("無法寫入 {}：{e}", path.display()))?;
    }
    first_commit(dir, files.iter().map(|(rel, _)| rel.as_str()))
        .map_err(|e| format!("無法建立 git 儲存庫：{}", e.message()))?;
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// `git init` (branch `main`, which the CI files publish from) and one commit of `paths`.
fn first_commit<'a>(dir: &Path, paths: impl Iterator<Item = &'a str>) -> Result<(), git2::Error> {
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = git2::Repository::init_opts(dir, &options)?;
    let mut index = repo.index()?;
    for p in paths {
        index.add_path(Path::new(p))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let who = git2::Signature::now(AUTHOR, AUTHOR_EMAIL)?;
    repo.commit(
        Some("HEAD"),
        &who,
        &who,
        "建立紀錄儲存庫（imaudit init）",
        &tree,
        &[],
    )?;
    Ok(())
}

const GITIGNORE: &str = "\
# imaudit build / serve 的輸出與匯出檔：由紀錄產生，不提交
/site/
/site.tmp*
/exports/
";

/// Even Better TOML reads the JSON Schemas; imaudit's own extension (editors/vscode/) runs
/// `imaudit lsp`, the rules' findings as the clerk types (docs/guide/13-editor.md).
const VSCODE_EXTENSIONS: &str = r#"{
  "recommendations": ["tamasfe.even-better-toml", "imaudit.imaudit"]
}
"#;

/// county.toml with every policy value written out (the defaults) and what it means.
pub fn county() -> String {
    let p = Policy::default();
    let mut s = String::from(
        "# 縣設定。imaudit 依此檔的期限與門檻檢查各所紀錄。[policy] 的值是《管理要點》與紀錄格式\n\
         # （records.md）的預設；每個鍵都可省略（省略即用預設值）。修改前請經主管同意，並以合併請求提出。\n\
         name = \"彰化縣\"\n\
         authority = \"彰化縣政府民政處\"\n",
    );
    s.push_str(&with_comment(
        "# as_of = 2026-10-31",
        "僅供封存或示範資料固定評估日期；實際使用時不要寫（以今天為準）",
    ));
    s.push_str("\n\n[policy]\n");
    let mut key = |comment: &str, line: String| {
        let _ = write!(s, "# {comment}\n{line}\n");
    };
    key(
        "三(四)：使用者因業務調整、調職、停職、離(退)職不再使用系統時，系統管理人員應於「六日內」終止帳號。",
        format!("termination_days = {}", p.termination_days),
    );
    key(
        "三(六)：自然人憑證遺失應「立即」通知移民署；0 表示當日。",
        format!(
            "certificate_loss_notice_days = {}",
            p.certificate_loss_notice_days
        ),
    );
    key(
        "期限末日為週末或行事曆的休息日時，順延至次一工作日（民法第122條）；false 則不順延。",
        format!(
            "extend_deadline_past_rest_days = {}",
            p.extend_deadline_past_rest_days
        ),
    );
    key(
        "四(一)：日誌（附件一）保存至少五年；此期間內的紀錄不得刪除。",
        format!("log_retention_years = {}", p.log_retention_years),
    );
    key(
        "每月結束後幾日內，該月日誌應由承辦人員、秘書、主任核章完畢。",
        format!("log_signoff_days = {}", p.log_signoff_days),
    );
    key(
        "四(三)：每月結束後幾日內，應下載稽核日誌並作成內部稽核紀錄表（附件二）。",
        format!("monthly_audit_days = {}", p.monthly_audit_days),
    );
    key(
        "四(二)：內部稽核小組每年至少辦理二次不定期稽核。",
        format!("internal_audits_per_year = {}", p.internal_audits_per_year),
    );
    key(
        "四(二)：內部稽核小組至少人數。",
        format!("min_audit_team = {}", p.min_audit_team),
    );
    key(
        "三(一)：承辦人職務異動後幾日內，應將保管的查詢紀錄文件列冊移交。",
        format!("handover_days = {}", p.handover_days),
    );
    key(
        "三(七)：列印的資料應於幾日內隨案附卷或銷毀。",
        format!("printout_days = {}", p.printout_days),
    );
    key(
        "三(三)：單次連線超過此分鐘數即提醒（查詢完畢可能未確實登出）。",
        format!("max_session_minutes = {}", p.max_session_minutes),
    );
    let hours: Vec<String> = p
        .office_hours
        .iter()
        .map(|t| t.0.format("%H:%M").to_string())
        .collect();
    key(
        "上班時間；在此之外或休息日登入查詢會提醒。",
        format!(
            "office_hours = {}",
            quote_list(hours.iter().map(String::as_str))
        ),
    );
    key(
        "帳號連續幾個月未使用即提醒檢討是否仍有需要（最小權限）。",
        format!("idle_months = {}", p.idle_months),
    );
    key(
        "三(三)：僅得為公務需要查詢。用途只寫這些字（或少於 4 個字）時，看不出必要性，會提醒。",
        format!(
            "vague_purposes = {}",
            quote_list(p.vague_purposes.iter().map(String::as_str))
        ),
    );
    key(
        "四(一)：true 時每個簽核都須由簽核人以 people.toml 登記的 signing_keys 之一簽署（git commit -S，SSH）的 commit 加入；見使用說明「以 SSH 金鑰簽署核章」。",
        format!("verify_signoff_signatures = {}", p.verify_signoff_signatures),
    );
    s.push_str(
        "\n# import-system-log 轉換從系統下載的稽核日誌時所用的欄名與項目名稱；下載檔的欄名不同時取消註解並修改：\n\
         # [system_log]\n\
         # time_column = \"查詢時間\"\n\
         # account_column = \"帳號\"\n\
         # item_column = \"查詢項目\"\n\
         # function_column = \"功能名稱\"\n\
         # [system_log.items]\n\
         # \"入出境資料\" = \"entry-exit\"\n",
    );
    s
}

/// `calendar/<year>.toml`: the official list for 2026; for another year an empty list to fill.
pub fn calendar(year: i32) -> String {
    if year == 2026 {
        return CALENDAR_2026.to_string();
    }
    format!(
        "# 中華民國{}年政府行政機關辦公日曆表：週六、週日以外的放假日（rest_days），及補行上班的週六（work_days）。\n\
         # 請依行政院人事行政總處公布的辦公日曆表填寫；期限末日遇休息日時順延（民法第122條）依此計算。\n\
         # 例如：rest_days = [\n\
         #   {year}-01-01, # 開國紀念日\n\
         # ]\n\
         rest_days = []\n\
         work_days = []\n",
        year - 1911
    )
}

fn readme(office_id: &str) -> String {
    format!(
        "# 應用移民資訊作業紀錄\n\n\
         本儲存庫保存各戶政事務所依《彰化縣各戶政事務所應用移民資訊作業系統管理要點》應作成的紀錄，\n\
         由 imaudit 檢查並產生稽核網站。由 `imaudit init` 建立。\n\n\
         | 位置 | 內容 |\n| --- | --- |\n\
         | `records/county.toml` | 縣設定與各項期限 |\n\
         | `records/regulation.md` | 管理要點全文 |\n\
         | `records/calendar/` | 每年的休息日與補班日 |\n\
         | `records/offices/<所>/` | 各所的職務、人員與帳號、日誌、稽核、清查、督考、移交、違規事件 |\n\
         | `schemas/` | 編輯器用的 JSON Schema（紀錄第一行 `#:schema` 指向這裡） |\n\
         | `.github/`、`.gitea/`、`.gitlab-ci.yml` | 合併請求自動檢查與網站發布（只留貴單位平臺所用的那一個） |\n\n\
         ## 第一步\n\n\
         1. 在 `records/offices/{office_id}/office.toml` 填入事務所全名、開始使用系統之日，並把 `placeholder-…` 改為真正的擔任者；\n\
         2. 在 `records/offices/{office_id}/people.toml` 登錄人員與帳號（`imaudit new person --office {office_id} --person <代碼> --name <姓名>`）；\n\
         3. 每月：`imaudit new log --office {office_id} --month <YYYY-MM>` 建立日誌，逐筆登錄，月底後核章；\n\
         4. 提交前執行 `imaudit check`，沒有錯誤（error）再提出合併請求。\n\n\
         編輯器建議用 VS Code 並安裝 Even Better TOML（本儲存庫已建議），輸入時即有欄位提示與錯誤標示。\n\
         完整說明見 imaudit 的使用說明（`imaudit build` 產生的網站中「使用說明」）。\n"
    )
}
