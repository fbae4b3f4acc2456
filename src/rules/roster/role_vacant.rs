//! 要點 三(一)：各戶所應設置系統管理人員並指定職務代理人；主任核章各表單。
//! `role-vacant`: a run of days without a director, a sysadmin, or a deputy distinct from the
//! sysadmin.

use chrono::NaiveDate;

use super::{checked_days, ended_before, gaps, roc_range, system_start_span, Gap};
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts};
use crate::model::Role;
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 自系統啟用日（開始使用系統之日）起至評估日止，某段期間沒有主任（`director`）、
    /// 沒有系統管理人員（`sysadmin`），或沒有與系統管理人員不同人的職務代理人
    /// （`sysadmin-deputy`）。要點三(一)要求各戶所設置系統管理人員、負責帳號申請流程並指定
    /// 職務代理人；主任則須在日誌表與稽核紀錄表上核章。任何一天無人擔任，帳號申請、終止與
    /// 表單簽核便無人負責；代理人若就是系統管理人員本人，等於沒有代理人。
    ///
    /// 每一段連續缺人的期間只提報一次，日期為該段的第一天，訊息列出起訖日。
    /// 職務代理人的判斷方式：當天須有一位代理人，且他不是當天唯一的系統管理人員
    /// （當天若完全沒有系統管理人員，只提報系統管理人員出缺）。
    ///
    /// 修正方式：在 `office.toml` 補上該期間實際擔任者的職務紀錄（`from`、`to` 與真實任期一致）；
    /// 若確實出缺，應儘速指派並記錄。
    pub static ROLE_VACANT = {
        id: "role-vacant",
        clause: clauses::SAN_1,
        severity: Error,
        summary: "某段期間無主任、系統管理人員或職務代理人",
    }
}

/// What must be held on every day, as the finding's subject (the role code) names it.
const REQUIRED: [Role; 3] = [Role::Director, Role::Sysadmin, Role::SysadminDeputy];

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let Some((from, to)) = checked_days(office, facts.as_of) else {
            continue;
        };
        let changes = office.roles.change_days();
        for role in REQUIRED {
            for gap in gaps(from, to, &changes, |day| vacant(office, role, day)) {
                report(office, role, gap, facts.as_of, sink);
            }
        }
    }
}

/// Whether `role`'s requirement fails on `day`.
fn vacant(office: &OfficeFacts, role: Role, day: NaiveDate) -> bool {
    let roles = &office.roles;
    match role {
        Role::SysadminDeputy => {
            let sysadmins = roles.holders(Role::Sysadmin, day);
            // With no sysadmin at all only the sysadmin gap is reported.
            if sysadmins.is_empty() {
                return false;
            }
            // A deputy must be able to stand in for someone: not the only sysadmin.
            !roles
                .holders(Role::SysadminDeputy, day)
                .iter()
                .any(|deputy| sysadmins.iter().any(|s| s != deputy))
        }
        _ => roles.holders(role, day).is_empty(),
    }
}

fn report(office: &OfficeFacts, role: Role, gap: Gap, as_of: NaiveDate, sink: &mut Sink) {
    // A deputy gap while a deputy is named: that deputy is the only sysadmin.
    let named_deputy = office
        .roles
        .holdings
        .iter()
        .find(|h| role == Role::SysadminDeputy && h.role == role && h.covers(gap.first));
    // Point at the departure that opened the gap, else the deputy who cannot stand in, else
    // system_start.
    let span = ended_before(office, role, gap)
        .or(named_deputy)
        .map(|h| h.span.clone())
        .or_else(|| system_start_span(office));
    let Some(span) = span else { return };
    let same_person = named_deputy.is_some();
    let what = if same_person {
        format!(
            "沒有與系統管理人員不同人的{}（{}）",
            role.label(),
            role.code()
        )
    } else {
        format!("沒有{}（{}）", role.label(), role.code())
    };
    let still = if gap.last == as_of {
        "，至評估日仍未補實"
    } else {
        ""
    };
    let f = Finding::new(&ROLE_VACANT, format!("{}{what}{still}。", roc_range(gap)))
        .office(office.id)
        .subject(role.code())
        .at(span)
        .date(gap.first);
    // A gap that reached the evaluation day is still to fill; one that ended was closed the
    // day someone took the role.
    sink.push(if gap.last == as_of {
        f.still_open()
    } else {
        f.closed(gap.last.succ_opt())
    });
}
