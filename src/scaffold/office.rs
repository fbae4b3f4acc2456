//! A new office (office.toml and people.toml with placeholder role holders) and a new person
//! (a `[[person]]` added to people.toml).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{quote, with_comment, Draft, Mode};
use crate::model::{Id, Item, Role};

/// The placeholder people of a new office, one per role (two auditors: `min_audit_team`'s
/// default), so the office is complete from its first day and `check` accepts it; people
/// replace them with the real staff.
pub const PLACEHOLDERS: [(&str, Role, &str); 7] = [
    ("placeholder-director", Role::Director, "主任"),
    ("placeholder-secretary", Role::Secretary, "秘書"),
    ("placeholder-section-chief", Role::SectionChief, "股長"),
    ("placeholder-sysadmin", Role::Sysadmin, "系統管理人員"),
    (
        "placeholder-deputy",
        Role::SysadminDeputy,
        "系統管理人員之職務代理人",
    ),
    ("placeholder-auditor-1", Role::Auditor, "內部稽核小組成員"),
    ("placeholder-auditor-2", Role::Auditor, "內部稽核小組成員"),
];

/// The name a new office gets when none is given.
pub const DEFAULT_OFFICE_NAME: &str = "彰化縣○○戶政事務所";

/// `offices/<id>/office.toml` and `people.toml` of a new office that started using the system
/// on `system_start`.
pub fn office(id: &str, name: Option<&str>, system_start: NaiveDate) -> Result<Vec<Draft>, String> {
    if !Id::is_valid(id) {
        return Err(format!(
            "事務所代碼「{id}」不符格式：只能用小寫英文字母、數字與連字號，例如 tianzhong"
        ));
    }
    let name = name.unwrap_or(DEFAULT_OFFICE_NAME);
    let mut o = String::from(
        "# 事務所與職務（要點三(一)）。每天都要有一位主任（director）、一位系統管理人員（sysadmin）、\n\
         # 一位不同人的職務代理人（sysadmin-deputy），以及至少 min_audit_team 位內部稽核小組成員（auditor）；\n\
         # 秘書（secretary）與股長（section-chief）在表單上核章。\n\
         # 下列 placeholder-… 是暫代的人員代碼：請改為 people.toml 中真正擔任者的代碼，任期有變動時\n\
         # 在舊的一筆加上 to（最後一天），再新增一筆 [[role]]。\n",
    );
    let _ = writeln!(
        o,
        "{}",
        with_comment(&format!("name = {}", quote(name)), "事務所全名")
    );
    let _ = writeln!(
        o,
        "{}",
        with_comment(
            &format!("system_start = {system_start}"),
            "開始使用移民資訊系統的第一天；各項檢查自此日起算"
        )
    );
    let _ = write!(
        o,
        "{}\n\n\
         # 三(五) 機關憑證「機關個別註冊」：依移民署的核准通知填寫實際日期（核准前不得使用稽核功能、下載稽核日誌）。\n\
         [agency_registration]\n\
         {}\n\
         {}\n",
        with_comment("# closed = 2030-12-31", "停止使用（裁撤）時才寫"),
        with_comment(
            &format!("applied = {system_start}"),
            "以機關憑證申請的日期（請改為實際日期）"
        ),
        with_comment(
            &format!("approved = {system_start}"),
            "移民署審核完成的日期（請改為實際日期）"
        ),
    );
    for (person, role, label) in PLACEHOLDERS {
        let _ = write!(
            o,
            "\n[[role]]\n{}\n{}\n{}\n",
            with_comment(&format!("role = {}", quote(role.code())), label),
            with_comment(
                &format!("person = {}", quote(person)),
                "請改為擔任者的人員代碼"
            ),
            with_comment(
                &format!("from = {system_start}"),
                "起始日；卸任時加 to = 最後一天"
            ),
        );
    }
    let mut p = String::from(
        "# 事務所人員（people.toml）。人員代碼（id）用姓名拼音，小寫並以連字號連接，例如 wang-xiao-ming；\n\
         # 使用移民資訊系統者另有 [person.account]（新增人員：imaudit new person --office <所> --person <代碼> --name <姓名>）。\n\
         # 下列 placeholder-… 是 office.toml 中暫代的擔任者：請改為真正的人員（兩個檔案的代碼要一致）。\n",
    );
    for (person, _, label) in PLACEHOLDERS {
        let _ = write!(
            p,
            "\n[[person]]\nid = {}\n{}\ntitle = {}\n{SIGNING_KEYS}\n",
            quote(person),
            with_comment(
                &format!("name = {}", quote(&format!("（{label}姓名）"))),
                "姓名"
            ),
            quote(label),
        );
    }
    Ok(vec![
        Draft::create(format!("offices/{id}/office.toml"), &o),
        Draft::create(format!("offices/{id}/people.toml"), &p),
    ])
}

/// The commented `signing_keys` line of a new person (records.md "Signed sign-off").
const SIGNING_KEYS: &str = "# signing_keys = [\"ssh-ed25519 AAAA… 名稱\"]  # 簽署 git commit 的 SSH 公鑰（.pub 檔內容），經主任審核的合併請求加入；見使用說明「以 SSH 金鑰簽署核章」";

/// A `[[person]]` for people.toml, with the account block commented out: a person who will use
/// the system applies first (三(二)), and each step is an account event.
pub fn person(
    office_id: &str,
    id: &str,
    name: &str,
    existing: Option<&str>,
    today: NaiveDate,
) -> Result<Draft, String> {
    if !Id::is_valid(id) {
        return Err(format!(
            "人員代碼「{id}」不符格式：用姓名拼音，小寫英文字母、數字與連字號，例如 wang-xiao-ming"
        ));
    }
    if name.trim().is_empty() {
        return Err("請以 --name 給姓名".into());
    }
    if let Some(text) = existing {
        let wanted = format!("id = {}", quote(id));
        if text.lines().any(|l| l.trim_start().starts_with(&wanted)) {
            return Err(format!(
                "offices/{office_id}/people.toml 已有人員 {id}，不重複新增"
            ));
        }
    }
    let items: Vec<String> = Item::ALL
        .iter()
        .map(|i| format!("{} {}", i.code(), i.label()))
        .collect();
    let mut s = format!(
        "[[person]]\nid = {}\n{}\n{}\n{}\n{}\n",
        quote(id),
        with_comment(&format!("name = {}", quote(name)), "姓名"),
        with_comment("# title = \"戶籍員\"", "職稱"),
        with_comment(
            "# email = \"\"",
            "提交紀錄所用 git 帳號的 email（核對簽核身分用）"
        ),
        SIGNING_KEYS,
    );
    let _ = write!(
        s,
        "\n# 使用移民資訊系統者（三(二)）：取消下列註解，逐步記載帳號事件（日期為實際辦理日）。\n\
         # [person.account]\n\
         {}\n\
         {}\n\
         #\n\
         # [[person.account.event]]\n\
         # date = {today}\n\
         {}\n\
         #\n\
         # [[person.account.event]]\n\
         # date = {today}\n\
         {}\n\
         #\n\
         # [[person.account.event]]\n\
         # date = {today}\n\
         {}\n\
         #\n\
         # [[person.account.event]]\n\
         # date = {today}\n\
         {}\n",
        with_comment(
            "# items = [\"entry-exit\"]",
            &format!("申請使用項目：{}", items.join("；"))
        ),
        with_comment("# nia_id = \"\"", "系統稽核日誌中的帳號名稱（選填）"),
        with_comment("# type = \"applied\"", "持自然人憑證線上申請"),
        with_comment("# type = \"head-approved\"", "申請表經機關首長核章"),
        with_comment("# type = \"sent-to-county\"", "函送民政處"),
        with_comment("# type = \"activated\"", "移民署核准，帳號啟用"),
    );
    Ok(Draft {
        rel: format!("offices/{office_id}/people.toml"),
        text: s,
        mode: Mode::Append,
    })
}
