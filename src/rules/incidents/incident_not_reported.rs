//! 要點 五（提報機關首長）、六（通報政風單位、移送司法機關）。
//! `incident-not-reported`: one finding per report an incident record lacks. Its clause is 六
//! (most of what it checks); 五's account action has its own rule.

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_date;

declare_rule! {
    /// 違規事件紀錄缺少應有的通報：沒有提報機關首長的日期（提報首長日，要點五）；
    /// 違反個人資料保護法致侵害個人權益（違反個資法）卻沒有通報政風單位的日期
    /// （通報政風日，要點六）；或涉及刑事責任卻沒有移送司法機關的日期
    /// （移送司法日，要點六）。每缺一項提報一次。
    ///
    /// 要點五規定違規者除暫停或終止帳號外，應提報機關首長依規定懲處；要點六規定違反個資法者
    /// 應通報所屬政風單位議處，涉及刑事責任者移送司法機關。沒有記錄，就無法證明已依規定處理。
    ///
    /// 修正方式：完成通報或移送後，在事件紀錄補上對應的日期。
    pub static INCIDENT_NOT_REPORTED = {
        id: "incident-not-reported",
        clause: clauses::LIU,
        severity: Error,
        summary: "違規事件未提報首長、未通報政風或未移送司法",
    }
}

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        for incident in office.records.incidents.values() {
            let data = &incident.data;
            let date = data.date.get_ref().0;
            if date > facts.as_of {
                continue;
            }
            let person = data.person.get_ref().as_str();
            let name = office.person_name(person);
            let on = roc_date(date);
            let mut missing = Vec::new();
            if data.reported_to_head.is_none() {
                // The key is absent: point at the file.
                missing.push((
                    incident.start(),
                    format!("{name}於{on}的違規事件沒有提報機關首長的紀錄（reported_to_head）。"),
                ));
            }
            if let Some(pdpa) = data.pdpa.as_ref().filter(|p| *p.get_ref()) {
                if data.ethics_notified.is_none() {
                    missing.push((
                        incident.span(pdpa.span()),
                        format!("{name}於{on}的違規事件涉及個人資料保護法，但沒有通報政風單位的紀錄（ethics_notified）。"),
                    ));
                }
            }
            if let Some(criminal) = data.criminal.as_ref().filter(|c| *c.get_ref()) {
                if data.judicial_referral.is_none() {
                    missing.push((
                        incident.span(criminal.span()),
                        format!("{name}於{on}的違規事件涉及刑事責任，但沒有移送司法機關的紀錄（judicial_referral）。"),
                    ));
                }
            }
            for (span, message) in missing {
                sink.push(
                    Finding::new(&INCIDENT_NOT_REPORTED, message)
                        .office(office.id)
                        .subject(person)
                        .at(span)
                        .date(date)
                        // Open until the report is recorded.
                        .still_open(),
                );
            }
        }
    }
}
