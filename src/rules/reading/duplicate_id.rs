//! `duplicate-id`: two people with the same id in one office, or two checks of the same item in
//! one form.

use std::collections::BTreeMap;

use crate::model::Spanned;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::model::{Check, Loaded};
use crate::rules::{clauses, Sink};

declare_rule! {
    /// 同一事務所的 `people.toml` 中有兩位人員使用相同代碼，或同一份稽核、督考表單中同一稽核項目
    /// 出現兩次。重複的人員代碼會讓日誌無法確定是誰查詢（三(一) 使用者名冊必須能辨識每位使用者）；
    /// 重複的稽核項目則無法判斷哪一個結果才算數。
    pub static DUPLICATE_ID = {
        id: "duplicate-id",
        clause: clauses::SAN_1,
        severity: Error,
        summary: "人員代碼或稽核項目重複",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        let o = office.records;
        if let Some(people) = &o.people {
            let mut seen = BTreeMap::new();
            for p in &people.data.person {
                let id = p.get_ref().id.get_ref().as_str();
                if let Some(first) = seen.insert(id, p.span()) {
                    sink.push(
                        Finding::new(&DUPLICATE_ID, format!("人員代碼「{id}」重複"))
                            .office(office.id)
                            .subject(id)
                            .at(people.span(p.get_ref().id.span()))
                            .label(people.span(first.clone()), "第一次出現在此")
                            .still_open(),
                    );
                    seen.insert(id, first);
                }
            }
        }
        let forms = o
            .monthly_audits
            .values()
            .map(|a| checks(a, &a.data.check, a.data.month.get_ref().to_string()))
            .chain(
                o.internal_audits
                    .iter()
                    .map(|(d, a)| checks(a, &a.data.check, d.to_string())),
            )
            .chain(
                o.inspections
                    .iter()
                    .map(|(d, a)| checks(a, &a.data.check, d.to_string())),
            );
        for (file, list, subject) in forms {
            let mut seen = BTreeMap::new();
            for c in list {
                let item = c.get_ref().item.get_ref().as_str();
                if let Some(first) = seen.get(item) {
                    sink.push(
                        Finding::new(&DUPLICATE_ID, format!("稽核項目「{item}」重複填寫"))
                            .office(office.id)
                            .subject(&subject)
                            .at(crate::source::Span::new(file, c.span()))
                            .label(
                                crate::source::Span::new(file, std::ops::Range::clone(first)),
                                "第一次出現在此",
                            )
                            .still_open(),
                    );
                } else {
                    seen.insert(item, c.span());
                }
            }
        }
    }
}

fn checks<'a, T>(
    form: &Loaded<T>,
    list: &'a [Spanned<Check>],
    subject: String,
) -> (crate::source::FileId, &'a [Spanned<Check>], String) {
    (form.file, list, subject)
}
