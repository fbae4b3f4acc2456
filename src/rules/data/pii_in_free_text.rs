//! 要點 三(八)：依個人資料保護法蒐集、處理及利用資料，並負保密義務。`pii-in-free-text`: a
//! free-text field of the records holds a national ID or resident certificate number that
//! passes its checksum. The records are kept in git and published as a site, so a number
//! written there is disclosed to everyone who reads them.

use crate::model::Spanned;
use chrono::NaiveDate;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts};
use crate::model::{Amendment, Check, Loaded};
use crate::rules::{clauses, Sink};
use crate::source::FileId;
use crate::text::pii::{find_ids, mask_ids, IdKind};

declare_rule! {
    /// 紀錄的自由文字欄位（查詢用途、收件號、附卷檔號、備註、稽核摘要、督考意見、移交清冊、
    /// 事件說明、更正原因、職稱等）中出現通過檢查碼的國民身分證統一編號或居留證統一證號。
    /// 要點三(八)規定使用者應依個人資料保護法處理及利用資料並負保密義務；這些紀錄存放於版本
    /// 控制並產生網站，寫入其中的證號會被所有讀者看到，且留在歷史紀錄中無法真正刪除。
    /// 檢查碼不符的號碼不列入，以免把表單編號誤認為證號；訊息中的證號一律遮蔽。
    ///
    /// 請改以收件號或案號指稱當事人，刪除證號並以更正紀錄記錄更正；已推送的紀錄
    /// 另請系統管理人員評估是否須清除版本歷史。
    pub static PII_IN_FREE_TEXT = {
        id: "pii-in-free-text",
        clause: clauses::SAN_8,
        severity: Warning,
        summary: "自由文字中出現身分證號或居留證號",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        Scan {
            office,
            sink: &mut *sink,
        }
        .office();
    }
}

struct Scan<'a, 'b> {
    office: &'a OfficeFacts<'a>,
    sink: &'b mut Sink,
}

impl Scan<'_, '_> {
    /// Reports `value` if it holds a checksum-valid id. `field` is the key as written in the
    /// file, so people find it.
    fn text(
        &mut self,
        file: FileId,
        value: &Spanned<impl std::ops::Deref<Target = str>>,
        field: &str,
        subject: &str,
        date: Option<NaiveDate>,
    ) {
        let text = value.get_ref();
        let found = find_ids(text);
        if found.is_empty() {
            return;
        }
        // Never echo the number: the finding is shown on the site and in CI logs.
        let shown: Vec<String> = found
            .iter()
            .map(|m| mask_ids(&text[m.range.clone()]))
            .collect();
        let national = found.iter().any(|m| m.kind == IdKind::NationalId);
        let resident = found.iter().any(|m| m.kind != IdKind::NationalId);
        let kind = match (national, resident) {
            (true, true) => "國民身分證統一編號及居留證統一證號",
            (true, false) => "國民身分證統一編號",
            _ => "居留證統一證號",
        };
        let mut f = Finding::new(
            &PII_IN_FREE_TEXT,
            format!(
                "欄位 {field} 含有{kind}（{}），個人資料不應寫入紀錄。",
                shown.join("、")
            ),
        )
        .office(self.office.id)
        .subject(subject)
        .at(crate::source::Span::new(file, value.span()))
        // Open until the number is taken out of the record.
        .still_open();
        if let Some(d) = date {
            f = f.date(d);
        }
        self.sink.push(f);
    }

    fn checks(
        &mut self,
        file: FileId,
        checks: &[Spanned<Check>],
        subject: &str,
        date: Option<NaiveDate>,
    ) {
        for c in checks {
            if let Some(note) = &c.get_ref().note {
                self.text(file, note, "note", subject, date);
            }
        }
    }

    fn amendments(&mut self, file: FileId, list: &[Spanned<Amendment>], subject: &str) {
        for a in list {
            let a = a.get_ref();
            self.text(file, &a.reason, "reason", subject, Some(a.date.get_ref().0));
        }
    }

    fn office(&mut self) {
        let o = self.office.records;
        if let Some(people) = &o.people {
            self.people(people);
        }
        for (month, log) in &o.logs {
            let subject = month.to_string();
            for e in &log.data.entry {
                let e = e.get_ref();
                let person = e.person.get_ref();
                let day = Some(e.login.get_ref().0.date());
                self.text(log.file, &e.purpose, "purpose", person, day);
                for (value, field) in [(&e.case, "case"), (&e.filed_in, "filed_in")] {
                    if let Some(v) = value {
                        self.text(log.file, v, field, person, day);
                    }
                }
            }
            self.amendments(log.file, &log.data.amendment, &subject);
        }
        for (month, a) in &o.monthly_audits {
            let subject = month.to_string();
            self.checks(
                a.file,
                &a.data.check,
                &subject,
                Some(a.data.date.get_ref().0),
            );
            self.amendments(a.file, &a.data.amendment, &subject);
        }
        for (date, a) in &o.internal_audits {
            let subject = date.to_string();
            self.checks(a.file, &a.data.check, &subject, Some(*date));
            if let Some(summary) = &a.data.summary {
                self.text(a.file, summary, "summary", &subject, Some(*date));
            }
            self.amendments(a.file, &a.data.amendment, &subject);
        }
        for (period, r) in &o.permission_reviews {
            for acc in &r.data.account {
                let acc = acc.get_ref();
                if let Some(note) = &acc.note {
                    self.text(
                        r.file,
                        note,
                        "note",
                        acc.person.get_ref(),
                        Some(r.data.date.get_ref().0),
                    );
                }
            }
            self.amendments(r.file, &r.data.amendment, &period.to_string());
        }
        for (date, i) in &o.inspections {
            let subject = date.to_string();
            for name in &i.data.inspectors {
                self.text(i.file, name, "inspectors", &subject, Some(*date));
            }
            self.checks(i.file, &i.data.check, &subject, Some(*date));
            if let Some(follow_up) = &i.data.follow_up {
                self.text(i.file, follow_up, "follow_up", &subject, Some(*date));
            }
        }
        for ((date, person), h) in &o.handovers {
            for doc in &h.data.documents {
                self.text(h.file, doc, "documents", person, Some(*date));
            }
        }
        for ((date, _), i) in &o.incidents {
            let person = i.data.person.get_ref();
            self.text(
                i.file,
                &i.data.description,
                "description",
                person,
                Some(*date),
            );
        }
    }

    fn people(&mut self, people: &Loaded<crate::model::People>) {
        for p in &people.data.person {
            let p = p.get_ref();
            let id = p.id.get_ref().as_str();
            if let Some(title) = &p.title {
                self.text(people.file, title, "title", id, None);
            }
            for e in p.account.iter().flat_map(|a| &a.event) {
                let e = e.get_ref();
                if let Some(note) = &e.note {
                    self.text(people.file, note, "note", id, Some(e.date.get_ref().0));
                }
            }
        }
    }
}
