//! 要點 三(五)：各戶所之稽核及帳號權限管理功能，須持機關憑證至系統「機關個別註冊」，經移民署審核
//! 完成後始得登入啟用。
//! `agency-registration-missing`: no approved agency registration, or audit logs downloaded
//! before it was approved.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 事務所的 `office.toml` 沒有機關個別註冊核准日（機關個別註冊的 `approved`），
    /// 或月稽核紀錄表記載的稽核日誌下載日早於核准日。
    /// 要點三(五)規定戶所的稽核及帳號權限管理功能，須持機關憑證至系統「機關個別註冊」申請，
    /// 俟移民署審核完成後才能登入啟用；每月下載稽核日誌（四(三)）正是使用這項功能，
    /// 在核准之前不可能合法下載。
    ///
    /// 沒有核准日時，只提報一次（指向機關個別註冊，若整段不存在則指向系統啟用日）；
    /// 有核准日時，每一份下載日早於核准日的月稽核各提報一次，指向其稽核日誌下載日。
    ///
    /// 修正方式：依移民署核准通知補記機關個別註冊的 `applied` 與 `approved`；
    /// 若下載日誤植，更正月稽核紀錄表的稽核日誌下載日。
    pub static AGENCY_REGISTRATION_MISSING = {
        id: "agency-registration-missing",
        clause: clauses::SAN_5,
        severity: Error,
        summary: "未完成機關個別註冊，或註冊核准前即下載稽核日誌",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let Some(file) = &office.records.office else {
            continue;
        };
        let data = &file.data;
        let start = data.system_start.get_ref().0;
        if start > facts.as_of {
            continue;
        }
        let registration = data.agency_registration.as_ref();
        let approved = registration.and_then(|r| r.get_ref().approved.as_ref());
        let Some(approved) = approved else {
            let span = match registration {
                Some(r) => file.span(r.span()),
                None => file.span(data.system_start.span()),
            };
            sink.push(
                Finding::new(
                    &AGENCY_REGISTRATION_MISSING,
                    format!(
                        "{}沒有記錄機關個別註冊的核准日（[agency_registration] 的 approved），無法確認稽核功能已合法啟用。",
                        office.name()
                    ),
                )
                .still_open()
                .office(office.id)
                .subject(office.id)
                .at(span)
                .date(start),
            );
            continue;
        };
        let approved_on = approved.get_ref().0;
        for audit in office.records.monthly_audits.values() {
            let Some(downloaded) = &audit.data.audit_log_downloaded else {
                continue;
            };
            let day = downloaded.get_ref().0;
            if day >= approved_on || day > facts.as_of {
                continue;
            }
            sink.push(
                Finding::new(
                    &AGENCY_REGISTRATION_MISSING,
                    format!(
                        "稽核日誌下載日{}早於機關個別註冊核准日{}；核准前無法使用稽核功能。",
                        roc_date(day),
                        roc_date(approved_on)
                    ),
                )
                .office(office.id)
                .subject(audit.data.month.get_ref())
                .at(audit.span(downloaded.span()))
                .date(day)
                .label(file.span(approved.span()), "機關個別註冊核准日")
                // Registered since: a download of the past, closed by the approval.
                .closed(Some(approved_on)),
            );
        }
    }
}
