//! `offices/<office>/binder/<YYYY>.html`: the year's records of an office as one printable
//! binder (issue 13): a cover, the contents, then every form of the year, each starting a new
//! sheet, in the order of the contents (附件一 and 附件二 month by month, then the internal
//! audits, permission reviews and 督考). The forms are the pages' own (components.html), as
//! paper: no anchors (one page holds many forms), links or on-screen parts; the logs' rows
//! are forms.rs `Rows::Paper`, text only, a year of them being most of the binder's bytes.

use std::collections::BTreeSet;

use chrono::Datelike;
use serde::Serialize;

use super::forms::{
    self, InspectionView, InternalAuditView, MonthlyAuditView, PaperLog, ReviewView,
};
use crate::facts::OfficeFacts;
use crate::site::lookup::Lookup;
use crate::site::paths;
use crate::time::{roc, Month};

/// The years an office has any form of, up to the evaluation date's.
pub fn years(o: &OfficeFacts) -> Vec<i32> {
    let r = o.records;
    let mut years = BTreeSet::new();
    years.extend(r.logs.keys().map(|m| m.year));
    years.extend(r.monthly_audits.keys().map(|m| m.year));
    years.extend(r.internal_audits.keys().map(|d| d.year()));
    years.extend(r.permission_reviews.keys().map(|h| h.year));
    years.extend(r.inspections.keys().map(|d| d.year()));
    years.into_iter().collect()
}

#[derive(Debug, Serialize)]
pub struct BinderView {
    pub office_name: String,
    pub office_href: String,
    pub year: String,
    pub contents: Vec<Entry>,
    pub logs: Vec<PaperLog>,
    pub audits: Vec<MonthlyAuditView>,
    pub internal_audits: Vec<InternalAuditView>,
    pub reviews: Vec<ReviewView>,
    pub inspections: Vec<InspectionView>,
}

/// A line of the contents: the form and how many sheets it takes.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub label: String,
    pub sheets: usize,
}

pub fn build(l: &Lookup, o: &OfficeFacts, year: i32) -> BinderView {
    let r = o.records;
    let in_year = |m: &Month| m.year == year;
    // The logs as paper (forms.rs `Rows::Paper`): most of a binder's bytes.
    let logs: Vec<PaperLog> = r
        .logs
        .iter()
        .filter(|(m, _)| in_year(m))
        .map(|(m, f)| forms::paper_log(l, o.id, *m, f))
        .collect();
    let audits: Vec<MonthlyAuditView> = r
        .monthly_audits
        .iter()
        .filter(|(m, _)| in_year(m))
        .map(|(m, f)| {
            let mut v = forms::monthly_audit(l, o.id, *m, f);
            v.checks.iter_mut().for_each(|c| c.anchor = None);
            forms::unlink(&mut v.signatures);
            v
        })
        .collect();
    let internal_audits: Vec<InternalAuditView> = r
        .internal_audits
        .iter()
        .filter(|(d, _)| d.year() == year)
        .map(|(_, f)| {
            let mut v = forms::internal_audit(l, o.id, f);
            v.checks.iter_mut().for_each(|c| c.anchor = None);
            v.team.iter_mut().for_each(|p| p.href = None);
            forms::unlink(&mut v.signatures);
            v
        })
        .collect();
    let reviews: Vec<ReviewView> = r
        .permission_reviews
        .iter()
        .filter(|(h, _)| h.year == year)
        .map(|(h, f)| {
            let mut v = forms::permission_review(l, o.id, *h, f);
            v.accounts.iter_mut().for_each(|a| {
                a.anchor.clear();
                a.person.href = None;
            });
            forms::unlink(&mut v.signatures);
            v
        })
        .collect();
    let inspections: Vec<InspectionView> = r
        .inspections
        .iter()
        .filter(|(d, _)| d.year() == year)
        .map(|(_, f)| {
            let mut v = forms::inspection(l, o.id, f);
            v.checks.iter_mut().for_each(|c| c.anchor = None);
            v
        })
        .collect();
    let mut contents = Vec::new();
    contents.extend(logs.iter().map(|v| Entry {
        label: format!("附件一 日誌表 {}", v.month),
        sheets: v.sheets.len(),
    }));
    contents.extend(audits.iter().map(|v| Entry {
        label: format!("附件二 內部稽核紀錄表 {}", v.month),
        sheets: 1,
    }));
    contents.extend(internal_audits.iter().map(|v| Entry {
        label: format!("不定期內部稽核 {}", v.date.roc),
        sheets: 1,
    }));
    contents.extend(reviews.iter().map(|v| Entry {
        label: format!("使用者權限清查 {}", v.period),
        sheets: 1,
    }));
    contents.extend(inspections.iter().map(|v| Entry {
        label: format!("附表三 督考稽核 {}", v.date.roc),
        sheets: 1,
    }));
    BinderView {
        office_name: l.office_name(o.id),
        office_href: paths::office(o.id),
        year: format!("{}年", roc::roc_year(year)),
        contents,
        logs,
        audits,
        internal_audits,
        reviews,
        inspections,
    }
}
