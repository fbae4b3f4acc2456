//! `unknown-reference`: a person, office, role, item or check code that does not exist.

use std::ops::Deref;

use crate::model::Spanned;

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::{Facts, OfficeFacts};
use crate::model::{CheckItem, Item, Loaded, Role, Signoff};
use crate::rules::{clauses, Sink};
use crate::source::FileId;

declare_rule! {
    /// 紀錄中引用了不存在的人員、機關、角色、查詢項目或稽核項目代碼。例如日誌的 `person`
    /// 不在該所的 `people.toml` 中、查詢項目寫成不存在的代碼、角色寫成 `admin`。
    /// 引用錯誤會使其他檢查無從進行（找不到帳號就無法判斷是否經核准），因此列為錯誤。
    ///
    /// 人員代碼以該事務所 `people.toml` 為準；查詢項目代碼見要點二（業務範圍）；
    /// 月稽核與內部稽核只能使用附件二的四個項目，督考另可使用附表三的兩個項目。
    pub static UNKNOWN_REFERENCE = {
        id: "unknown-reference",
        clause: clauses::SAN_1,
        severity: Error,
        summary: "引用不存在的人員、機關、角色或代碼",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        Refs {
            office,
            sink: &mut *sink,
        }
        .check_office();
    }
}

struct Refs<'a, 'b> {
    office: &'a OfficeFacts<'a>,
    sink: &'b mut Sink,
}

impl Refs<'_, '_> {
    fn report(&mut self, file: FileId, value: &Spanned<impl Deref<Target = str>>, what: &str) {
        let v = value.get_ref();
        let shown: String = v.chars().take(64).collect();
        self.sink.push(
            Finding::new(&UNKNOWN_REFERENCE, format!("{what}「{shown}」不存在"))
                .office(self.office.id)
                .subject(shown)
                .at(crate::source::Span::new(file, value.span()))
                .still_open(),
        );
    }

    fn person(&mut self, file: FileId, value: &Spanned<impl Deref<Target = str>>) {
        // Without a readable people.toml every reference would be flagged; its parse-error
        // already says what is wrong.
        if self.office.records.unreadable_people {
            return;
        }
        if !self.office.people.contains_key(&**value.get_ref()) {
            self.report(
                file,
                value,
                &format!("人員（{}的 people.toml）", self.office.name()),
            );
        }
    }

    fn item(&mut self, file: FileId, value: &Spanned<impl Deref<Target = str>>) {
        if Item::from_code(value.get_ref()).is_none() {
            self.report(file, value, "查詢項目代碼");
        }
    }

    fn check_item(&mut self, file: FileId, value: &Spanned<String>, allowed: &[CheckItem]) {
        let known = CheckItem::from_code(value.get_ref());
        if !known.is_some_and(|c| allowed.contains(&c)) {
            self.report(file, value, "稽核項目代碼");
        }
    }

    fn signoff(&mut self, file: FileId, signoff: Option<&Spanned<Signoff>>) {
        let Some(s) = signoff else { return };
        let s = s.get_ref();
        for sig in [
            &s.handler,
            &s.auditor,
            &s.section_chief,
            &s.secretary,
            &s.director,
        ]
        .into_iter()
        .flatten()
        {
            self.person(file, &sig.get_ref().person);
        }
    }

    fn amendments(&mut self, file: FileId, list: &[Spanned<crate::model::Amendment>]) {
        for a in list {
            let a = a.get_ref();
            self.person(file, &a.by);
            if let Some(p) = &a.approved_by {
                self.person(file, p);
            }
        }
    }

    fn check_office(&mut self) {
        let o = self.office.records;
        // An office.toml that failed to parse already has its parse-error.
        if o.office.is_none() && !o.unreadable_office {
            // Files for an office whose office.toml does not exist: point at the first of them.
            if let Some(file) = first_file(self.office) {
                self.sink.push(
                    Finding::new(
                        &UNKNOWN_REFERENCE,
                        format!(
                            "機關「{}」沒有 office.toml，無法確認其存在與角色",
                            self.office.id
                        ),
                    )
                    .office(self.office.id)
                    .subject(self.office.id)
                    .at(crate::source::Span::file_start(file))
                    .still_open(),
                );
            }
        }
        if let Some(office) = &o.office {
            for r in &office.data.role {
                let r = r.get_ref();
                if Role::from_code(r.role.get_ref()).is_none() {
                    self.report(office.file, &r.role, "角色代碼");
                }
                self.person(office.file, &r.person);
            }
        }
        if let Some(people) = &o.people {
            for p in &people.data.person {
                if let Some(acc) = &p.get_ref().account {
                    for i in &acc.items {
                        self.item(people.file, i);
                    }
                }
            }
        }
        for log in o.logs.values() {
            for e in &log.data.entry {
                let e = e.get_ref();
                self.person(log.file, &e.person);
                for i in e.items.iter().flatten() {
                    self.item(log.file, i);
                }
            }
            self.signoff(log.file, log.data.signoff.as_ref());
            self.amendments(log.file, &log.data.amendment);
        }
        for a in o.monthly_audits.values() {
            self.checks(a, &a.data.check, &CheckItem::AUDIT);
            self.signoff(a.file, a.data.signoff.as_ref());
            self.amendments(a.file, &a.data.amendment);
        }
        for a in o.internal_audits.values() {
            for m in &a.data.team {
                self.person(a.file, m);
            }
            self.checks(a, &a.data.check, &CheckItem::AUDIT);
            self.signoff(a.file, a.data.signoff.as_ref());
            self.amendments(a.file, &a.data.amendment);
        }
        for r in o.permission_reviews.values() {
            for acc in &r.data.account {
                self.person(r.file, &acc.get_ref().person);
            }
            self.signoff(r.file, r.data.signoff.as_ref());
            self.amendments(r.file, &r.data.amendment);
        }
        for i in o.inspections.values() {
            self.checks(i, &i.data.check, &CheckItem::ALL);
        }
        for h in o.handovers.values() {
            self.person(h.file, &h.data.from);
            self.person(h.file, &h.data.to);
        }
        for i in o.incidents.values() {
            self.person(i.file, &i.data.person);
        }
        for log in o.system_logs.values() {
            for row in &log.data.rows {
                if Item::from_code(&row.item).is_none() {
                    let shown: String = row.item.chars().take(64).collect();
                    self.sink.push(
                        Finding::new(&UNKNOWN_REFERENCE, format!("查詢項目代碼「{shown}」不存在"))
                            .office(self.office.id)
                            .subject(shown)
                            .at(log.span(row.span()))
                            .still_open(),
                    );
                }
            }
        }
    }

    fn checks<T>(
        &mut self,
        form: &Loaded<T>,
        checks: &[Spanned<crate::model::Check>],
        allowed: &[CheckItem],
    ) {
        for c in checks {
            self.check_item(form.file, &c.get_ref().item, allowed);
        }
    }
}

fn first_file(office: &OfficeFacts) -> Option<FileId> {
    let o = office.records;
    o.people
        .as_ref()
        .map(|p| p.file)
        .into_iter()
        .chain(o.logs.values().map(|l| l.file))
        .chain(o.monthly_audits.values().map(|l| l.file))
        .chain(o.internal_audits.values().map(|l| l.file))
        .chain(o.permission_reviews.values().map(|l| l.file))
        .chain(o.inspections.values().map(|l| l.file))
        .chain(o.handovers.values().map(|l| l.file))
        .chain(o.incidents.values().map(|l| l.file))
        .chain(o.system_logs.values().map(|l| l.file))
        .min()
}
