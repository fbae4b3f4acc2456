//! `findings.html`: every finding of the county, by office (in the order of their names) then
//! by clause of the 要點, open ones first (cli.md). The dashboard's count cards link to its
//! index by severity (`#error`, `#warning`, `#info`); the bounded lists of other pages link here
//! for what they leave out.

use serde::Serialize;

use super::{Counts, FindingView};
use crate::catalogue::Severity;
use crate::site::lookup::Lookup;
use crate::site::paths;

#[derive(Debug, Serialize)]
pub struct FindingsPage {
    pub totals: Counts,
    pub index: Vec<SeverityIndex>,
    pub offices: Vec<OfficeFindings>,
}

/// One severity's count, and which offices have how many.
#[derive(Debug, Serialize)]
pub struct SeverityIndex {
    pub id: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub offices: Vec<super::NamedCount>,
}

#[derive(Debug, Serialize)]
pub struct OfficeFindings {
    pub anchor: String,
    pub name: String,
    pub href: Option<String>,
    pub count: usize,
    pub clauses: Vec<ClauseFindings>,
}

#[derive(Debug, Serialize)]
pub struct ClauseFindings {
    pub label: &'static str,
    pub title: &'static str,
    pub href: String,
    pub open: Vec<FindingView>,
    /// Breaches of the past, closed: 已發生之違規.
    pub closed: Vec<FindingView>,
}

/// An office's findings before they are laid out: its name, id, page and finding indices.
type OfficeList = (String, Option<String>, Option<String>, Vec<usize>);

pub fn build(l: &Lookup) -> FindingsPage {
    let all: Vec<usize> = (0..l.eval.findings.len()).collect();
    let mut groups: Vec<OfficeList> = l
        .by_office
        .iter()
        .map(|(o, list)| {
            let known = l.has_office(o);
            (
                l.office_name(o),
                Some(o.clone()),
                known.then(|| paths::office(o)),
                list.clone(),
            )
        })
        .collect();
    groups.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let county: Vec<usize> = all
        .iter()
        .copied()
        .filter(|i| l.eval.findings[*i].office.is_none())
        .collect();
    if !county.is_empty() {
        groups.push(("全縣共同紀錄".into(), None, None, county));
    }
    let index = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|sev| {
            let offices = groups
                .iter()
                .filter_map(|(name, id, _, list)| {
                    let n = list
                        .iter()
                        .filter(|i| l.eval.findings[**i].severity == sev)
                        .count();
                    (n > 0).then(|| super::NamedCount {
                        name: name.clone(),
                        href: format!("#{}", anchor(id.as_deref())),
                        count: n,
                    })
                })
                .collect::<Vec<_>>();
            SeverityIndex {
                id: sev.code(),
                label: crate::site::lookup::severity_label(sev),
                count: offices.iter().map(|o| o.count).sum(),
                offices,
            }
        })
        .collect();
    let offices = groups
        .into_iter()
        .map(|(name, id, href, list)| OfficeFindings {
            anchor: anchor(id.as_deref()),
            name,
            href,
            count: list.len(),
            clauses: clauses(l, &list),
        })
        .collect();
    FindingsPage {
        totals: Counts::of(l, &all),
        index,
        offices,
    }
}

fn anchor(office: Option<&str>) -> String {
    match office {
        Some(o) => format!("o-{o}"),
        None => "county".into(),
    }
}

fn clauses(l: &Lookup, list: &[usize]) -> Vec<ClauseFindings> {
    crate::catalogue::clauses::ALL
        .iter()
        .filter_map(|c| {
            let mut mine: Vec<usize> = list
                .iter()
                .copied()
                .filter(|i| std::ptr::eq(l.eval.findings[*i].rule.clause, *c))
                .collect();
            if mine.is_empty() {
                return None;
            }
            // Worst first within open and closed; the order of evaluation otherwise.
            mine.sort_by_key(|i| std::cmp::Reverse(l.eval.findings[*i].severity));
            let (open, closed): (Vec<usize>, Vec<usize>) =
                mine.into_iter().partition(|i| l.is_open(*i));
            Some(ClauseFindings {
                label: c.label,
                title: c.title,
                href: paths::clause(c.anchor),
                open: l.views(&open),
                closed: l.views(&closed),
            })
        })
        .collect()
}
