//! 要點 四(一)至四(四)：日誌表、稽核紀錄表、不定期稽核與權限清查的核章。
//! `signoff-role-mismatch`: a signature by someone who did not hold that line's role on the
//! day signed, dated before an earlier line's signature, or dated before the record could be
//! signed (records.md, "Signatures"). All forms; one finding per bad signature.

use crate::model::Spanned;
use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts};
use crate::model::{Role, SignRole, Signature, Signoff};
use crate::rules::{clauses, Sink};
use crate::source::FileId;
use crate::time::roc::{roc_date, roc_half, roc_month};

declare_rule! {
    /// 表單上的簽章不合規定：簽章人在簽章當日並未擔任該欄的職務（依 `office.toml` 的
    /// 職務紀錄），簽章日期早於排在前面的簽章，或早於表單可以簽核的日子。
    /// 各表單的簽章欄與順序：日誌表（附件一）承辦人員（系統管理人員或其職務代理人）、秘書、主任；
    /// 內部稽核紀錄表（附件二）稽核人員（內部稽核小組成員）、股長、秘書、主任；
    /// 不定期稽核為稽核人員、主任；權限清查為承辦人員、主任。
    /// 日誌表與內部稽核紀錄表須在該月結束後才能簽核（內部稽核紀錄表亦不得早於其稽核日期），
    /// 其他表單不得早於表單日期。
    ///
    /// 要點四(一)至四(四)的紀錄以主管核章確認其內容；由無權限者簽章、倒填日期或先簽後填，
    /// 都會使紀錄失去證明力。請依紙本更正簽章人或日期；若 `office.toml` 漏記職務（例如代理秘書），
    /// 請補記該職務紀錄。
    pub static SIGNOFF_ROLE_MISMATCH = {
        id: "signoff-role-mismatch",
        clause: clauses::SI_1,
        severity: Error,
        summary: "簽章人職務不符或簽章日期順序錯誤",
    }
}

/// Who may sign a line: 承辦人員 is the sysadmin or the deputy acting for them (三(一)).
pub fn roles_for(line: SignRole) -> &'static [Role] {
    match line {
        SignRole::Handler => &[Role::Sysadmin, Role::SysadminDeputy],
        SignRole::Auditor => &[Role::Auditor],
        SignRole::SectionChief => &[Role::SectionChief],
        SignRole::Secretary => &[Role::Secretary],
        SignRole::Director => &[Role::Director],
    }
}

fn role_names(line: SignRole) -> String {
    roles_for(line)
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("或")
}

/// One form's signature block and what it is checked against.
struct Form<'a> {
    file: FileId,
    signoff: &'a Signoff,
    lines: &'static [SignRole],
    /// The form as people name it, e.g. `115年11月日誌表`.
    name: String,
    subject: String,
    /// The first day a signature may carry, and what to say of one dated before it.
    earliest: NaiveDate,
    too_early: String,
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    use SignRole::*;
    for office in &facts.offices {
        let o = office.records;
        let mut forms = Vec::new();
        for (month, log) in &o.logs {
            let Some(s) = &log.data.signoff else { continue };
            let (earliest, too_early) = after_month(month.last_day());
            forms.push(Form {
                file: log.file,
                signoff: s.get_ref(),
                lines: &[Handler, Secretary, Director],
                name: format!("{}日誌表", roc_month(*month)),
                subject: month.to_string(),
                earliest,
                too_early,
            });
        }
        for (month, a) in &o.monthly_audits {
            let Some(s) = &a.data.signoff else { continue };
            // An audit of month M is made after M ends (records.md), and nobody signs an
            // audit before it was made: the later of the two bounds.
            let made = a.data.date.get_ref().0;
            let (mut earliest, mut too_early) = after_month(month.last_day());
            if made > earliest {
                earliest = made;
                too_early = format!("簽章日期早於稽核日期{}", roc_date(made));
            }
            forms.push(Form {
                file: a.file,
                signoff: s.get_ref(),
                lines: &[Auditor, SectionChief, Secretary, Director],
                name: format!("{}內部稽核紀錄表", roc_month(*month)),
                subject: month.to_string(),
                earliest,
                too_early,
            });
        }
        for (date, a) in &o.internal_audits {
            let Some(s) = &a.data.signoff else { continue };
            forms.push(Form {
                file: a.file,
                signoff: s.get_ref(),
                lines: &[Auditor, Director],
                name: format!("{}不定期稽核紀錄", roc_date(*date)),
                subject: date.to_string(),
                earliest: *date,
                too_early: format!("簽章日期早於稽核日期{}", roc_date(*date)),
            });
        }
        for (period, r) in &o.permission_reviews {
            let Some(s) = &r.data.signoff else { continue };
            let date = r.data.date.get_ref().0;
            forms.push(Form {
                file: r.file,
                signoff: s.get_ref(),
                lines: &[Handler, Director],
                name: format!("{}權限清查紀錄", roc_half(*period)),
                subject: period.to_string(),
                earliest: date,
                too_early: format!("簽章日期早於清查日期{}", roc_date(date)),
            });
        }
        for form in &forms {
            check_form(facts, office, form, sink);
        }
    }
}

/// A usage log or monthly audit of a month may be signed from the day after the month ends.
fn after_month(last_day: NaiveDate) -> (NaiveDate, String) {
    let first = last_day.succ_opt().unwrap_or(last_day);
    (
        first,
        format!("該月尚未結束，應於{}以後簽章", roc_date(first)),
    )
}

fn check_form(facts: &Facts, office: &OfficeFacts, form: &Form, sink: &mut Sink) {
    // Without a readable office.toml nobody holds any role; its absence is reported elsewhere.
    let roles_known = office.records.office.is_some();
    // The latest signature so far in line order, for the order check.
    let mut before: Option<(SignRole, &Spanned<Signature>, NaiveDate)> = None;
    for &line in form.lines {
        let Some(sig) = form.signoff.get(line) else {
            continue;
        };
        let person = sig.get_ref().person.get_ref().as_str();
        let date = sig.get_ref().date.get_ref().0;
        // rules.md: no finding about a day after the evaluation date.
        if date > facts.as_of {
            continue;
        }
        let mut problems = Vec::new();
        if roles_known
            && !roles_for(line)
                .iter()
                .any(|r| office.roles.holds(person, *r, date))
        {
            problems.push(format!(
                "{}當日並非{}",
                office.person_name(person),
                role_names(line)
            ));
        }
        if date < form.earliest {
            problems.push(form.too_early.clone());
        }
        let mut out_of_order = None;
        if let Some((prev_line, prev_sig, prev_date)) = before {
            if date < prev_date {
                problems.push(format!(
                    "早於{}的簽章日期{}",
                    prev_line.label(),
                    roc_date(prev_date)
                ));
                out_of_order = Some((prev_line, prev_sig));
            }
        }
        if before.is_none_or(|(_, _, d)| date >= d) {
            before = Some((line, sig, date));
        }
        if problems.is_empty() {
            continue;
        }
        let mut f = Finding::new(
            &SIGNOFF_ROLE_MISMATCH,
            format!(
                "{}的{}簽章（{}）：{}。",
                form.name,
                line.label(),
                roc_date(date),
                problems.join("；")
            ),
        )
        .office(office.id)
        .subject(&form.subject)
        .at(crate::source::Span::new(form.file, sig.span()))
        .date(date)
        // Open until the line is signed again, by its holder, in order.
        .still_open();
        if let Some((prev_line, prev_sig)) = out_of_order {
            f = f.label(
                crate::source::Span::new(form.file, prev_sig.span()),
                format!("{}的簽章", prev_line.label()),
            );
        }
        sink.push(f);
    }
}
