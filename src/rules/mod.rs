//! The rule catalogue (rules.md): every rule's id, clause, severity, summary and Traditional
//! Chinese explanation, and the passes that raise them. One table drives `imaudit rules`,
//! `check --explain`, the site's rule pages and the coverage page.
//!
//! Rules live in one folder per clause family of the 要點, one file per rule (ids that are one
//! computation at two severities, like overdue/due, share a file). A family's `mod.rs` lists
//! its rules in catalogue order and the passes that raise them.

pub mod accounts;
pub mod audits;
pub mod data;
pub mod evaluation;
pub mod incidents;
pub mod reading;
pub mod retention;
pub mod reviews;
pub mod roster;
pub mod trail;
pub mod usage;

use std::collections::BTreeSet;

use rayon::prelude::*;

pub use crate::catalogue::{clauses, Clause, Rule, Severity};

use crate::diag::Finding;
use crate::facts::Facts;

/// How a pass finds what it raises.
#[derive(Clone, Copy)]
pub enum Pass {
    /// Reads the records' facts.
    Records(fn(&Facts, &mut Sink)),
    /// Reads the facts and what the record passes found (e.g. a monthly audit that said
    /// `pass` while the records show a finding the item covers).
    Findings(fn(&Facts, &[Finding], &mut Sink)),
}

/// Collects findings, dropping those of rules that are switched off.
pub struct Sink {
    only: Option<BTreeSet<&'static str>>,
    findings: Vec<Finding>,
}

impl Sink {
    pub fn new(only: Option<BTreeSet<&'static str>>) -> Sink {
        Sink {
            only,
            findings: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        if self
            .only
            .as_ref()
            .is_none_or(|o| o.contains(finding.rule.id))
        {
            self.findings.push(finding);
        }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Every rule, in catalogue order (rules.md): the reading rules first, then by the clause they
/// cite in the order of the 要點 (families keep their own order within a clause), and the
/// rules about the evaluation itself last.
pub fn all() -> Vec<&'static Rule> {
    let clause_rank = |r: &Rule| {
        clauses::ALL
            .iter()
            .position(|c| std::ptr::eq(*c, r.clause))
            .unwrap_or(usize::MAX)
    };
    let mut middle: Vec<&'static Rule> = [
        roster::RULES,
        accounts::RULES,
        usage::RULES,
        data::RULES,
        retention::RULES,
        trail::RULES,
        audits::RULES,
        reviews::RULES,
        incidents::RULES,
    ]
    .concat();
    middle.sort_by_key(|r| clause_rank(r));
    [reading::RULES, &middle, evaluation::RULES].concat()
}

fn passes() -> Vec<Pass> {
    [
        reading::PASSES,
        roster::PASSES,
        accounts::PASSES,
        usage::PASSES,
        data::PASSES,
        retention::PASSES,
        trail::PASSES,
        audits::PASSES,
        reviews::PASSES,
        incidents::PASSES,
        evaluation::PASSES,
    ]
    .concat()
}

/// [`all`], made once: what an evaluation hands to the layers that show the catalogue but
/// sit beneath the rules (`diag`, `site`).
pub fn catalogue() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(all)
}

pub fn find(id: &str) -> Option<&'static Rule> {
    catalogue().iter().copied().find(|r| r.id == id)
}

/// Runs every pass over the facts. `only` keeps the findings of the named rules alone (the
/// fixture tests switch one rule on at a time). Record passes run in parallel; their order
/// does not matter because findings are sorted when reported.
pub fn run(facts: &Facts, only: Option<&BTreeSet<&'static str>>) -> Vec<Finding> {
    let passes = passes();
    let mut found: Vec<Finding> = passes
        .par_iter()
        .filter_map(|p| match p {
            Pass::Records(run) => Some(*run),
            Pass::Findings(_) => None,
        })
        .flat_map_iter(|run| {
            let mut sink = Sink::new(None);
            run(facts, &mut sink);
            sink.into_findings()
        })
        .collect();
    let mut later = Sink::new(None);
    for p in &passes {
        if let Pass::Findings(run) = p {
            run(facts, &found, &mut later);
        }
    }
    found.extend(later.into_findings());
    if let Some(only) = only {
        found.retain(|f| only.contains(f.rule.id));
    }
    found
}
