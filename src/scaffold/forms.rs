//! The forms of one office, pre-filled from its records: usage log (附件一), monthly audit
//! (附件二), internal audit (四(二)), permission review (四(四)), inspection (附表三),
//! handover (三(一)) and incident (五、六). Paths as records.md prescribes them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Months, NaiveDate};

use super::{quote, quote_list, with_comment, Draft};
use crate::catalogue::{Rule, Severity};
use crate::diag::Finding;
use crate::facts::accounts::{date_of, kind_of};
use crate::facts::{Facts, OfficeFacts};
use crate::model::{CheckItem, EventKind, Id, Role, SignRole};
use crate::rules::audits::monthly_audit_contradicts_records::covered_rules;
use crate::source::FileId;
use crate::text::pii::mask_ids;
use crate::time::{HalfYear, Month};

/// What the templates read: the facts of the records and the findings of a `check` of them.
pub struct Context<'a> {
    pub facts: &'a Facts<'a>,
    pub findings: &'a [Finding],
}

impl<'a> Context<'a> {
    /// The office `id`, or why there is none to write for.
    pub fn office(&self, id: &str) -> Result<&'a OfficeFacts<'a>, String> {
        let office = self
            .facts
            .offices
            .iter()
            .find(|o| o.id == id)
            .ok_or_else(|| {
                let known: Vec<&str> = self.facts.offices.iter().map(|o| o.id).collect();
                if known.is_empty() {
                    format!("沒有這個事務所：{id}（紀錄中尚無任何事務所；可用 imaudit new office 新增）")
                } else {
                    format!("沒有這個事務所：{id}（現有：{}）", known.join("、"))
                }
            })?;
        if office.records.office.is_none() {
            return Err(format!(
                "offices/{id}/office.toml 不存在或無法讀取；請先修正它（imaudit check 會指出問題）"
            ));
        }
        Ok(office)
    }

    fn today(&self) -> NaiveDate {
        self.facts.as_of
    }
}

/// Folder of an office's records, relative to the records folder.
fn office_dir(office: &OfficeFacts) -> String {
    format!("offices/{}", office.id)
}

/// "王小明（戶籍員）", or the id when the person is not in people.toml.
fn person_label(office: &OfficeFacts, id: &str) -> String {
    match office.people.get(id) {
        Some(p) => {
            let p = p.get_ref();
            match &p.title {
                Some(t) => format!("{}（{}）", p.name.get_ref(), t.get_ref()),
                None => p.name.get_ref().clone(),
            }
        }
        None => id.to_string(),
    }
}

/// Items as people read them: `entry-exit、foreign-residence`.
fn items_of(office: &OfficeFacts, person: &str) -> String {
    let codes: Vec<&str> = office
        .accounts
        .get(person)
        .map(|a| a.items.iter().map(|i| i.code()).collect())
        .unwrap_or_default();
    if codes.is_empty() {
        "（未核准任何項目）".into()
    } else {
        codes.join("、")
    }
}

/// Who could sign `role` of a form on `day`, as the office.toml roles say: someone not already
/// signing another line of the form where the roles allow (one person holding two roles would
/// otherwise be proposed twice).
fn signer<'a>(
    office: &OfficeFacts<'a>,
    role: SignRole,
    day: NaiveDate,
    taken: &[&str],
) -> Option<&'a str> {
    let roles: &[Role] = match role {
        SignRole::Handler => &[Role::Sysadmin, Role::SysadminDeputy],
        SignRole::Auditor => &[Role::Auditor],
        SignRole::SectionChief => &[Role::SectionChief],
        SignRole::Secretary => &[Role::Secretary],
        SignRole::Director => &[Role::Director],
    };
    let holders: Vec<&'a str> = roles
        .iter()
        .flat_map(|r| office.roles.holders(*r, day))
        .collect();
    holders
        .iter()
        .find(|p| !taken.contains(p))
        .or(holders.first())
        .copied()
}

/// An empty `[signoff]` table with one commented line per signature the form has, naming who
/// holds that role on `day`: `check` reports the signatures missing until they are filled.
fn signoff_block(office: &OfficeFacts, roles: &[SignRole], day: NaiveDate, why: &str) -> String {
    let mut s = format!("\n# {why}\n[signoff]\n");
    let mut taken: Vec<&str> = Vec::new();
    for role in roles {
        let (person, note) = match signer(office, *role, day, &taken) {
            Some(p) => {
                taken.push(p);
                (p.to_string(), person_label(office, p))
            }
            None => (
                String::new(),
                "當日無人擔任此職務，請先補 office.toml".into(),
            ),
        };
        let line = format!(
            "# {} = {{ person = {}, date = {day} }}",
            role.key(),
            quote(&person)
        );
        let _ = writeln!(
            s,
            "{}",
            with_comment(&line, &format!("{}：{note}", role.label()))
        );
    }
    s
}

/// The first work day after `day`.
fn next_work_day(facts: &Facts, day: NaiveDate) -> NaiveDate {
    facts.calendar.next_work_day(day.succ_opt().unwrap_or(day))
}

// ---------------------------------------------------------------------------------------------
// Check items pre-filled from the findings
// ---------------------------------------------------------------------------------------------

/// The rules whose findings show a breach a check item covers: rules.md's table for the four
/// 附件二 items, and for the two 附表三 items the rules of their own clauses.
fn covering(item: CheckItem) -> &'static [&'static Rule] {
    use crate::rules::{audits, retention, trail};
    static LOG_RETENTION: &[&Rule] = &[&retention::LOG_MONTH_MISSING, &trail::RECORD_DELETED];
    static AUDIT_FREQUENCY: &[&Rule] = &[&audits::INTERNAL_AUDITS_TOO_FEW];
    match item {
        CheckItem::LogRetention => LOG_RETENTION,
        CheckItem::AuditFrequency => AUDIT_FREQUENCY,
        other => covered_rules(other),
    }
}

/// The office's breaches (error and warning findings) from `from` through `to`, by the day
/// they are about: the finding's date, else the month of the log, audit or system log it
/// points at (as `monthly-audit-contradicts-records` places them).
fn breaches<'f>(
    ctx: &Context<'f>,
    office: &OfficeFacts,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<&'f Finding> {
    let mut file_months: BTreeMap<FileId, Month> = BTreeMap::new();
    for (m, l) in &office.records.logs {
        file_months.insert(l.file, *m);
    }
    for (m, a) in &office.records.monthly_audits {
        file_months.insert(a.file, *m);
    }
    for (m, l) in &office.records.system_logs {
        file_months.insert(l.file, *m);
    }
    ctx.findings
        .iter()
        .filter(|f| f.office.as_deref() == Some(office.id) && f.severity != Severity::Info)
        .filter(|f| {
            let day = f.date.or_else(|| {
                f.span
                    .as_ref()
                    .and_then(|s| file_months.get(&s.file))
                    .map(|m| m.first_day())
            });
            day.is_some_and(|d| from <= d && d <= to)
        })
        .collect()
}

/// `[[check]]` tables for `items`, each pre-filled `pass`, or `fail` with the findings that
/// show a breach it covers as the note.
fn check_blocks(items: &[CheckItem], found: &[&Finding], what: &str) -> String {
    let mut s = format!(
        "\n# 以下結果依 imaudit 在{what}紀錄中找到的缺失預填；請實際稽核後確認或修改。\n\
         # result：pass 符合／fail 不符；fail 時 note 必填（辦理情形說明）。\n"
    );
    for item in items {
        let against: Vec<&&Finding> = found
            .iter()
            .filter(|f| covering(*item).contains(&f.rule))
            .collect();
        let (result, note) = if against.is_empty() {
            ("pass", String::new())
        } else {
            let mut parts: Vec<String> = against
                .iter()
                .take(3)
                .map(|f| format!("{}：{}", f.rule.id, mask_ids(&f.message)))
                .collect();
            if against.len() > 3 {
                parts.push(format!("等共 {} 項", against.len()));
            }
            ("fail", parts.join("；"))
        };
        let _ = write!(
            s,
            "\n[[check]]\n{}\n{}\nnote = {}\n",
            with_comment(&format!("item = {}", quote(item.code())), item.label()),
            with_comment(
                &format!("result = {}", quote(result)),
                "pass 符合／fail 不符"
            ),
            quote(&note)
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// 附件一 usage log
// ---------------------------------------------------------------------------------------------

/// `logs/<YYYY>/<YYYY-MM>.toml`: the month, who may use the system that month, what the
/// system's own audit log saw, an example entry, and the signature lines. A month the records
/// show no use in (no active account, or an imported system log without a query) gets
/// `no_usage = true`; otherwise it is offered as a commented line.
pub fn log(ctx: &Context, office_id: &str, month: Month) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    let (first, last) = (month.first_day(), month.last_day());
    let users: Vec<&str> = office
        .accounts
        .iter()
        .filter(|(_, a)| a.active_during(first, last))
        .map(|(id, _)| *id)
        .collect();
    let system_log = office.records.system_logs.get(&month);
    let mut s = format!(
        "# 附件一 應用移民資訊資料日誌表：{}（要點四(一)）\nmonth = {}\n",
        crate::time::roc::roc_month(month),
        quote(&month.to_string())
    );
    let no_use = if users.is_empty() {
        Some("本月沒有有效的帳號".to_string())
    } else {
        system_log
            .filter(|l| l.data.rows.is_empty())
            .map(|_| format!("系統稽核日誌 system-logs/{month}.csv 沒有任何查詢"))
    };
    if let Some(why) = no_use {
        let _ = write!(
            s,
            "\n# 依現有紀錄，{why}，故記為本月無人使用。如有查詢，請刪除下一行並逐筆登錄 [[entry]]。\nno_usage = true\n"
        );
    } else {
        s.push_str(
            "\n# 本月無人使用系統時，取消下一行的註解（此時不列 [[entry]]）：\n# no_usage = true\n",
        );
        s.push_str("\n# 本月帳號有效、可查詢的人員：\n");
        for u in &users {
            let _ = writeln!(
                s,
                "#   {u}  {}：{}",
                person_label(office, u),
                items_of(office, u)
            );
        }
        if let Some(l) = system_log {
            let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
            for row in &l.data.rows {
                let who = office
                    .by_system_account
                    .get(row.account.as_str())
                    .copied()
                    .unwrap_or(row.account.as_str());
                *per_person.entry(who).or_default() += 1;
            }
            let counts: Vec<String> = per_person
                .iter()
                .map(|(p, n)| format!("{p} {n} 筆"))
                .collect();
            let _ = writeln!(
                s,
                "# 系統稽核日誌 system-logs/{month}.csv 本月的查詢：{}。每筆查詢都應落在下列某次登入與退出之間。",
                counts.join("、")
            );
        }
        let example_person = users.first().copied().unwrap_or("wang-xiao-ming");
        let example_day = ctx.facts.calendar.next_work_day(first);
        let example_item = office
            .accounts
            .get(example_person)
            .and_then(|a| a.items.iter().next())
            .map_or("entry-exit", |i| i.code());
        let _ = write!(
            s,
            "\n# 每次登入查詢登錄一筆（附件一的一列）。範例（取消註解並改為實際內容）：\n\
             # [[entry]]\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n\
             {}\n",
            with_comment(
                &format!("# person = {}", quote(example_person)),
                "使用者（people.toml 的人員代碼）"
            ),
            with_comment(
                &format!("# login = {example_day}T09:00:00"),
                "登入時間（臺灣時間）"
            ),
            with_comment(
                &format!("# logout = {example_day}T09:10:00"),
                "退出時間：每次查詢完畢應確實登出"
            ),
            with_comment(
                "# purpose = \"受理歸化國籍初設戶籍登記，查核入出境紀錄\"",
                "資料查詢用途：寫出是哪一件公務"
            ),
            with_comment(
                &format!("# items = [{}]", quote(example_item)),
                "選填：查詢了哪些資料"
            ),
            with_comment("# case = \"\"", "選填：案件（收件）編號"),
            with_comment("# printed = true", "資料曾列印或存檔時，再填下列其一："),
            with_comment("# filed_in = \"\"", "  隨文（案）附卷的案號，或"),
            with_comment(&format!("# destroyed_on = {example_day}"), "  銷毀日期"),
        );
    }
    let sign_day = next_work_day(ctx.facts, last);
    s.push_str(&signoff_block(
        office,
        &[SignRole::Handler, SignRole::Secretary, SignRole::Director],
        sign_day,
        &format!(
            "月份結束後 {} 日內核章（四(一)）；日期依承辦人員、秘書、主任的順序，不得早於 {}。核章後如須更正，另加 [[amendment]]。",
            ctx.facts.policy.log_signoff_days,
            last.succ_opt().unwrap_or(last)
        ),
    ));
    Ok(Draft::create(
        format!("{}/logs/{}/{month}.toml", office_dir(office), month.year),
        &s,
    ))
}

// ---------------------------------------------------------------------------------------------
// 附件二 monthly audit
// ---------------------------------------------------------------------------------------------

/// `monthly-audits/<YYYY>/<YYYY-MM>.toml`: made after the month ends; the four items pre-filled
/// from the month's findings; the download date of the system's audit log and the signatures
/// left for people (`monthly-audit-incomplete` names them until filled).
pub fn monthly_audit(ctx: &Context, office_id: &str, month: Month) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    let today = ctx.today();
    if month.last_day() >= today {
        return Err(format!(
            "{month} 尚未結束：附件二應於該月結束後，下載系統稽核日誌並稽核該月的使用情形"
        ));
    }
    let found = breaches(ctx, office, month.first_day(), month.last_day());
    let entries = office.records.logs.get(&month).map(|l| l.data.entry.len());
    let queries = office
        .records
        .system_logs
        .get(&month)
        .map(|l| l.data.rows.len());
    let mut s = format!(
        "# 附件二 應用移民資訊內部稽核紀錄表：{}（要點四(三)）\nmonth = {}\n{}\n",
        crate::time::roc::roc_month(month),
        quote(&month.to_string()),
        with_comment(&format!("date = {today}"), "作成稽核的日期"),
    );
    let _ = writeln!(
        s,
        "{}",
        with_comment(
            &format!("# audit_log_downloaded = {today}"),
            "四(三) 下載系統稽核日誌的日期：下載後取消註解並改為實際日期"
        )
    );
    let _ = writeln!(
        s,
        "# 本月日誌（附件一）{}；系統稽核日誌{}。",
        entries.map_or("尚未建立".to_string(), |n| format!("{n} 筆")),
        queries.map_or(
            format!(
                "尚未匯入（imaudit import-system-log 下載檔 --office {} --month {month}）",
                office.id
            ),
            |n| format!(" {n} 筆查詢")
        )
    );
    s.push_str(&check_blocks(&CheckItem::AUDIT, &found, "本月"));
    s.push_str(&signoff_block(
        office,
        &[
            SignRole::Auditor,
            SignRole::SectionChief,
            SignRole::Secretary,
            SignRole::Director,
        ],
        today,
        "核章：稽核人員、股長、秘書、主任，日期依序且不早於稽核日期。",
    ));
    Ok(Draft::create(
        format!(
            "{}/monthly-audits/{}/{month}.toml",
            office_dir(office),
            month.year
        ),
        &s,
    ))
}

// ---------------------------------------------------------------------------------------------
// 四(二) internal audit
// ---------------------------------------------------------------------------------------------

/// `internal-audits/<YYYY-MM-DD>.toml`: the team (the auditors on the day), the scope (from the
/// month after the previous audit's scope to the last month ended), the four items pre-filled
/// from the scope's findings, and a summary to complete.
pub fn internal_audit(ctx: &Context, office_id: &str, date: NaiveDate) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    let team = office.roles.holders(Role::Auditor, date);
    let last = Month::of(date).prev();
    let start = office.system_start().map(Month::of).unwrap_or(last);
    let after_previous = office
        .records
        .internal_audits
        .range(..date)
        .filter_map(|(_, a)| a.data.scope.as_ref().map(|s| s.get_ref()[1]))
        .max()
        .map(Month::next);
    let first = after_previous.unwrap_or(start).max(start);
    let (first, last) = if first <= last {
        (first, last)
    } else {
        (Month::of(date), Month::of(date))
    };
    let found = breaches(ctx, office, first.first_day(), last.last_day());
    let entries: usize = office
        .records
        .logs
        .range(first..=last)
        .map(|(_, l)| l.data.entry.len())
        .sum();
    let mut s = format!(
        "# 不定期內部稽核（要點四(二)）：每年至少 {} 次，事先不通知\n{}\n{}\n",
        ctx.facts.policy.internal_audits_per_year,
        with_comment(&format!("date = {date}"), "稽核日期"),
        with_comment("unannounced = true", "事先未通知受稽核者"),
    );
    let _ = writeln!(
        s,
        "{}",
        with_comment(
            &format!("team = {}", quote_list(team.iter().copied())),
            &format!(
                "稽核小組成員：當日的 auditor（至少 {} 人）",
                ctx.facts.policy.min_audit_team
            )
        )
    );
    let _ = writeln!(
        s,
        "{}",
        with_comment(
            &format!(
                "scope = {}",
                quote_list([first.to_string().as_str(), last.to_string().as_str()])
            ),
            "抽查範圍：第一個與最後一個月份"
        )
    );
    let _ = writeln!(
        s,
        "{}",
        with_comment(
            &format!(
                "summary = {}",
                quote(&format!("抽查 {first} 至 {last} 日誌共 {entries} 筆。"))
            ),
            "請補充抽查方式與發現"
        )
    );
    s.push_str(&check_blocks(
        &CheckItem::AUDIT,
        &found,
        &format!(" {first} 至 {last} 的"),
    ));
    s.push_str(&signoff_block(
        office,
        &[SignRole::Auditor, SignRole::Director],
        date,
        "核章：稽核人員、主任，日期依序且不早於稽核日期。",
    ));
    Ok(Draft::create(
        format!("{}/internal-audits/{date}.toml", office_dir(office)),
        &s,
    ))
}

// ---------------------------------------------------------------------------------------------
// 四(四) permission review
// ---------------------------------------------------------------------------------------------

/// `permission-reviews/<YYYY>-H<n>.toml`: every account active on the review date, `keep`, or
/// `revoke` where the person's duty has ended without the account being terminated; accounts
/// unused for `idle_months` carry a note to reconsider.
pub fn permission_review(
    ctx: &Context,
    office_id: &str,
    period: HalfYear,
    date: Option<NaiveDate>,
) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    let date = date.unwrap_or_else(|| ctx.today());
    if date < period.first_day() {
        return Err(format!(
            "清查日 {date} 在 {period} 開始之前；請以 --date 指定該半年期內（或之後補辦）的日期"
        ));
    }
    let idle_months = ctx.facts.policy.idle_months;
    let active: Vec<&str> = office
        .accounts
        .iter()
        .filter(|(_, a)| a.active_on(date))
        .map(|(id, _)| *id)
        .collect();
    let mut s = format!(
        "# 半年權限清查（要點四(四)）：{}\nperiod = {}\n{}\n",
        crate::time::roc::roc_half(period),
        quote(&period.to_string()),
        with_comment(&format!("date = {date}"), "清查日期"),
    );
    if active.is_empty() {
        let _ = writeln!(s, "\n# 清查日（{date}）沒有有效的帳號。");
    } else {
        let _ = writeln!(
            s,
            "\n# 清查日（{date}）有效的帳號共 {} 個，每個都要列出（permission-review-incomplete）。\n\
             # decision：keep 繼續使用／revoke 終止權限（revoke 後 {} 日內應記載 terminated）。",
            active.len(),
            ctx.facts.policy.termination_days
        );
    }
    for id in active {
        let Some(acc) = office.accounts.get(id) else {
            continue;
        };
        let last_use = office
            .sessions_of(id)
            .iter()
            .map(|x| x.login.date())
            .filter(|d| *d <= date)
            .max();
        let duty_ended = acc
            .events
            .iter()
            .filter(|e| kind_of(e) == EventKind::DutyEnded && date_of(e) <= date)
            .map(|e| date_of(e))
            .max();
        let idle_since = date
            .checked_sub_months(Months::new(idle_months))
            .unwrap_or(date);
        let (decision, note, hint) = match duty_ended {
            Some(d) => (
                "revoke",
                format!("{d} 職務異動，不再使用本系統"),
                format!("職務已於 {d} 異動，帳號仍有效：應終止"),
            ),
            None if last_use.is_none_or(|u| u < idle_since) => (
                "keep",
                String::new(),
                format!(
                    "最近使用：{}；已逾 {idle_months} 個月未使用，請考慮 revoke",
                    last_use.map_or("無".to_string(), |u| u.to_string())
                ),
            ),
            None => (
                "keep",
                String::new(),
                format!(
                    "最近使用：{}",
                    last_use.map_or("無".to_string(), |u| u.to_string())
                ),
            ),
        };
        let _ = write!(
            s,
            "\n[[account]]\n{}\n{}\n{}\n",
            with_comment(
                &format!("person = {}", quote(id)),
                &format!("{}；{}", person_label(office, id), items_of(office, id))
            ),
            with_comment(&format!("decision = {}", quote(decision)), &hint),
            with_comment(&format!("note = {}", quote(&note)), "說明"),
        );
    }
    s.push_str(&signoff_block(
        office,
        &[SignRole::Handler, SignRole::Director],
        date,
        "核章：承辦人員、主任，日期依序且不早於清查日期。",
    ));
    Ok(Draft::create(
        format!("{}/permission-reviews/{period}.toml", office_dir(office)),
        &s,
    ))
}

// ---------------------------------------------------------------------------------------------
// 四(五) inspection (附表三)
// ---------------------------------------------------------------------------------------------

/// `inspections/<YYYY-MM-DD>.toml`: the six 附表三 items pre-filled from the findings of the
/// year before the inspection; who inspected and the follow-up are for people to write.
pub fn inspection(ctx: &Context, office_id: &str, date: NaiveDate) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    let from = date.checked_sub_months(Months::new(12)).unwrap_or(date);
    let found = breaches(ctx, office, from, date);
    let mut s = format!(
        "# 附表三 督考稽核紀錄（要點四(五)）\n{}\n{}\n{}\n",
        with_comment(&format!("date = {date}"), "督考日期"),
        with_comment(
            "by = \"county\"",
            "督考機關：county 彰化縣政府民政處／nia 內政部移民署"
        ),
        with_comment("inspectors = []", "督考人員，例如 [\"民政處 林○○\"]"),
    );
    // Before the [[check]] tables: a key written after them would belong to the last check.
    let _ = write!(
        s,
        "\n# 任一項不符時必填改善情形；改善完成後填完成日期：\n{}\n{}\n",
        with_comment("# follow_up = \"\"", "改善情形"),
        with_comment(&format!("# follow_up_done = {date}"), "改善完成日期"),
    );
    s.push_str(&check_blocks(
        &CheckItem::ALL,
        &found,
        &format!("督考前一年（{from} 至 {date}）的"),
    ));
    Ok(Draft::create(
        format!("{}/inspections/{date}.toml", office_dir(office)),
        &s,
    ))
}

// ---------------------------------------------------------------------------------------------
// 三(一) handover
// ---------------------------------------------------------------------------------------------

/// `handovers/<YYYY-MM-DD>-<person>.toml`: from the person to their successor when a role says
/// so (whoever took over a role the person left), else to the system administrator of the day;
/// the documents listed from the usage log (sessions per month of the last three months,
/// printouts not yet filed or destroyed).
pub fn handover(
    ctx: &Context,
    office_id: &str,
    date: NaiveDate,
    person: &str,
) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    known_person(office, person)?;
    let (to, why) = successor(office, person, date);
    let mut s = format!(
        "# 三(一) 職務異動列冊移交：{}\n{}\n{}\n",
        person_label(office, person),
        with_comment(&format!("date = {date}"), "移交日期"),
        with_comment(&format!("from = {}", quote(person)), "移交人"),
    );
    let _ = writeln!(
        s,
        "{}",
        with_comment(&format!("to = {}", quote(&to)), &format!("接收人：{why}"))
    );
    if let Some(ended) = office.accounts.get(person).and_then(|a| {
        a.events
            .iter()
            .filter(|e| kind_of(e) == EventKind::DutyEnded)
            .map(|e| date_of(e))
            .filter(|d| *d <= date)
            .max()
    }) {
        let due = ctx.facts.deadline(ended, ctx.facts.policy.handover_days);
        let _ = writeln!(
            s,
            "# 職務異動日 {ended}；應於 {due} 前完成移交（handover_days = {}）。",
            ctx.facts.policy.handover_days
        );
    }
    let mut per_month: BTreeMap<Month, usize> = BTreeMap::new();
    let mut unresolved = 0;
    // The paper records still with the person: those of the last three months (older months'
    // were audited and filed with their monthly audit).
    let since = Month::of(date.checked_sub_months(Months::new(2)).unwrap_or(date));
    for session in office.sessions_of(person) {
        let day = session.login.date();
        if day > date {
            continue;
        }
        if Month::of(day) >= since {
            *per_month.entry(Month::of(day)).or_default() += 1;
        }
        let e = session.entry.get_ref();
        if e.printed.as_ref().is_some_and(|p| *p.get_ref())
            && e.filed_in.is_none()
            && e.destroyed_on.is_none()
        {
            unresolved += 1;
        }
    }
    let mut documents: Vec<String> = per_month
        .iter()
        .map(|(m, n)| format!("{m} 查詢紀錄 {n} 件"))
        .collect();
    if unresolved > 0 {
        documents.push(format!("尚未附卷或銷毀之列印資料 {unresolved} 件"));
    }
    let _ = writeln!(
        s,
        "# 移交清冊：依日誌預填近三個月每月的查詢紀錄件數；請補列其他保管的文件（例如「列印資料附卷清冊 1 冊」）。"
    );
    if documents.is_empty() {
        s.push_str("documents = []\n");
    } else {
        s.push_str("documents = [\n");
        for d in &documents {
            let _ = writeln!(s, "  {},", quote(d));
        }
        s.push_str("]\n");
    }
    Ok(Draft::create(
        format!("{}/handovers/{date}-{person}.toml", office_dir(office)),
        &s,
    ))
}

/// Who receives a handover: whoever held, the day after the person left it, a role the person
/// held until on or shortly before `date`; else the system administrator (or deputy) of the
/// day, who keeps the office's query records.
fn successor(office: &OfficeFacts, person: &str, date: NaiveDate) -> (String, String) {
    let mut left: Vec<_> = office
        .roles
        .holdings
        .iter()
        .filter(|h| h.person == person)
        .filter_map(|h| Some((h.to?, h.role)))
        .filter(|(to, _)| {
            date.checked_add_days(chrono::Days::new(31))
                .is_none_or(|limit| *to <= limit)
        })
        .collect();
    // The role left last (closest to the handover) says most.
    left.sort();
    for (to, role) in left.iter().rev() {
        let next = to.succ_opt().unwrap_or(*to);
        if let Some(p) = office
            .roles
            .holders(*role, next)
            .into_iter()
            .find(|p| *p != person)
        {
            return (
                p.to_string(),
                format!(
                    "{next} 起接任{}的 {}",
                    role.label(),
                    person_label(office, p)
                ),
            );
        }
    }
    for role in [Role::Sysadmin, Role::SysadminDeputy, Role::Director] {
        if let Some(p) = office
            .roles
            .holders(role, date)
            .into_iter()
            .find(|p| *p != person)
        {
            return (
                p.to_string(),
                format!(
                    "office.toml 未顯示接任者，預填當日的{} {}，請確認",
                    role.label(),
                    person_label(office, p)
                ),
            );
        }
    }
    (
        String::new(),
        "office.toml 未顯示接任者，請填寫接收人的人員代碼".into(),
    )
}

fn known_person(office: &OfficeFacts, person: &str) -> Result<(), String> {
    if office.people.contains_key(person) {
        Ok(())
    } else {
        Err(format!(
            "offices/{}/people.toml 沒有人員 {person}（可用 imaudit new person 新增）",
            office.id
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// 五、六 incident
// ---------------------------------------------------------------------------------------------

/// `incidents/<YYYY-MM-DD>-<slug>.toml`: the person, the account action the people file
/// already shows on or after the day (else `suspended`, which `check` then asks people.toml to
/// record), and the reporting steps of 五、六 as commented lines `check` names until done.
pub fn incident(
    ctx: &Context,
    office_id: &str,
    date: NaiveDate,
    person: &str,
    slug: &str,
) -> Result<Draft, String> {
    let office = ctx.office(office_id)?;
    known_person(office, person)?;
    if !Id::is_valid(slug) {
        return Err(format!(
            "事件簡稱「{slug}」不符格式：只能用小寫英文字母、數字與連字號，例如 non-official-query"
        ));
    }
    let action = office.accounts.get(person).and_then(|a| {
        a.events
            .iter()
            .filter(|e| date_of(e) >= date)
            .map(|e| kind_of(e))
            .find(|k| matches!(k, EventKind::Suspended | EventKind::Terminated))
    });
    let (action, why) = match action {
        Some(k) => (
            k.code(),
            format!("people.toml 已記載 {}（{}）", k.code(), k.label()),
        ),
        None => (
            "suspended",
            "suspended 暫停／terminated 終止；people.toml 應記載當日或之後的同一事件".to_string(),
        ),
    };
    let s = format!(
        "# 五、六 違規事件及其處理：{}\n{}\n{}\n{}\n{}\n\n{}\n{}\n{}\n{}\n{}\n",
        person_label(office, person),
        with_comment(&format!("date = {date}"), "發現日期"),
        with_comment(&format!("person = {}", quote(person)), "違規的使用者"),
        with_comment(
            "description = \"\"",
            "事實經過（請勿寫入當事人的身分證統一編號）"
        ),
        with_comment(&format!("account_action = {}", quote(action)), &why),
        with_comment(
            &format!("# reported_to_head = {date}"),
            "五 提報機關首長的日期：提報後取消註解"
        ),
        with_comment(
            "pdpa = false",
            "六 違反個資法致侵害個人權益時改為 true，並填 ethics_notified"
        ),
        with_comment(&format!("# ethics_notified = {date}"), "通報政風單位的日期"),
        with_comment(
            "criminal = false",
            "涉及刑事責任時改為 true，並填 judicial_referral"
        ),
        with_comment(
            &format!("# judicial_referral = {date}"),
            "移送司法機關的日期"
        ),
    );
    Ok(Draft::create(
        format!("{}/incidents/{date}-{slug}.toml", office_dir(office)),
        &s,
    ))
}
