//! The pages read from the rule catalogue (STYLE.md: one table drives code and docs): the rule
//! list, one page per rule, the 要點 with each clause's rules and findings, coverage, and the
//! deadlines.

use serde::Serialize;

use super::dashboard::{deadlines, Deadline};
use crate::catalogue::{clauses, Clause, Rule, Severity};
use crate::site::lookup::{severity_label, Lookup};
use crate::site::markdown;
use crate::site::paths;

#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub id: &'static str,
    pub href: String,
    pub clause: &'static str,
    pub clause_href: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub summary: &'static str,
    pub findings: usize,
    /// The worst severity among the rule's current findings: a rule that is an error once
    /// due shows its 待辦 (info) findings as such, not in red (issue 13).
    pub findings_severity: &'static str,
    /// For a rule with a deadline: its findings are 待辦 until the deadline passes.
    pub severity_note: Option<&'static str>,
}

fn rule_row(l: &Lookup, r: &'static Rule) -> RuleRow {
    let found = l.by_rule.get(r.id).map_or(&[][..], Vec::as_slice);
    RuleRow {
        id: r.id,
        href: paths::rule(r.id),
        clause: r.clause.label,
        clause_href: paths::clause(r.clause.anchor),
        severity: r.severity.code(),
        severity_label: severity_label(r.severity),
        summary: r.summary,
        findings: found.len(),
        findings_severity: l.worst(found).unwrap_or(r.severity).code(),
        severity_note: (r.deadline && r.severity != Severity::Info).then_some("到期前為待辦"),
    }
}

#[derive(Debug, Serialize)]
pub struct RulesView {
    pub rules: Vec<RuleRow>,
}

pub fn rules(l: &Lookup) -> RulesView {
    RulesView {
        rules: l.eval.catalogue.iter().map(|r| rule_row(l, r)).collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub rule: RuleRow,
    pub clause_title: &'static str,
    /// Rendered from the rule's `///` doc (trusted: it is the program's own text).
    pub explanation_html: String,
    pub findings: Vec<super::RuleGroup>,
    pub count: usize,
}

pub fn rule(l: &Lookup, r: &'static Rule) -> RuleView {
    let body: Vec<&str> = r
        .explanation
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    RuleView {
        rule: rule_row(l, r),
        clause_title: r.clause.title,
        explanation_html: markdown::to_html(&body.join("\n")),
        count: l.by_rule.get(r.id).map_or(0, Vec::len),
        findings: super::by_rule(
            l,
            l.by_rule.get(r.id).map_or(&[][..], Vec::as_slice),
            &mut super::Budget::page(),
        ),
    }
}

/// Rules of a clause, in catalogue order.
fn rules_of(l: &Lookup, clause: &Clause) -> Vec<&'static Rule> {
    l.eval
        .catalogue
        .iter()
        .copied()
        .filter(|r| std::ptr::eq(r.clause, clause))
        .collect()
}

fn findings_of_clause(l: &Lookup, clause: &Clause) -> usize {
    l.eval
        .findings
        .iter()
        .filter(|f| std::ptr::eq(f.rule.clause, clause))
        .count()
}

#[derive(Debug, Serialize)]
pub struct RegulationView {
    /// regulation.md rendered (markdown.rs keeps only the clause anchors of its HTML) with
    /// each clause's rules after it.
    pub html: Option<String>,
    /// Clauses regulation.md has no anchor for (or all of them when it is missing), so every
    /// `regulation.html#<clause>` link still lands somewhere.
    pub unanchored: Vec<ClauseRow>,
}

pub fn regulation(l: &Lookup, root: &str) -> RegulationView {
    let text = l
        .eval
        .records()
        .regulation
        .map(|id| l.eval.sources().get(id).text.as_str())
        .filter(|t| !t.is_empty());
    let mut seen = Vec::new();
    let html = text.map(|t| {
        let rendered = markdown::render(t, &mut |anchor| {
            let clause = clauses::ALL.iter().find(|c| c.anchor == anchor)?;
            Some(clause_box(l, clause, root))
        });
        seen = rendered.anchors;
        rendered.html
    });
    let unanchored = clauses::ALL
        .iter()
        .filter(|c| !seen.iter().any(|a| a == c.anchor))
        .map(|c| clause_row(l, c))
        .collect();
    RegulationView { html, unanchored }
}

/// The box after a clause on the regulation page: its rules, or why none, and its findings.
/// Built here rather than in a template because it goes inside the rendered Markdown; every
/// text in it is the program's own (ids, summaries, counts).
fn clause_box(l: &Lookup, clause: &Clause, root: &str) -> String {
    let esc = markdown::escape;
    let mut out = format!(
        "<aside class=\"clause-rules\" aria-label=\"{} 之檢查規則\">",
        esc(clause.label)
    );
    let rules = rules_of(l, clause);
    if let Some(why) = clause.not_checkable {
        out.push_str(&format!(
            "<p><span class=\"muted\">無法以機器檢查：</span>{}</p>",
            esc(why)
        ));
    } else if rules.is_empty() {
        let why = clauses::partial_reason(clause).unwrap_or("尚無檢查規則。");
        out.push_str(&format!("<p class=\"muted\">{}</p>", esc(why)));
    } else {
        out.push_str("<ul>");
        for r in rules {
            let n = l.by_rule.get(r.id).map_or(0, Vec::len);
            let count = if n == 0 {
                "<span class=\"count zero\">無發現</span>".to_string()
            } else {
                format!(
                    "<a class=\"count\" href=\"{root}{}#findings\">{n} 項發現</a>",
                    esc(&paths::rule(r.id))
                )
            };
            out.push_str(&format!(
                "<li><a href=\"{root}{}\"><code>{}</code></a> {} {count}</li>",
                esc(&paths::rule(r.id)),
                esc(r.id),
                esc(r.summary)
            ));
        }
        out.push_str("</ul>");
        if let Some(why) = clauses::partial_reason(clause) {
            out.push_str(&format!(
                "<p class=\"muted\">機器無法檢查之部分：{}</p>",
                esc(why)
            ));
        }
    }
    out.push_str("</aside>");
    out
}

#[derive(Debug, Serialize)]
pub struct ClauseRow {
    pub anchor: &'static str,
    pub label: &'static str,
    pub title: &'static str,
    pub href: String,
    pub rules: Vec<RuleRow>,
    pub not_checkable: Option<&'static str>,
    pub partial: Option<&'static str>,
    pub findings: usize,
    /// `full`, `partial`, `none` (not checkable), `missing` (no rule yet)
    pub coverage: &'static str,
    pub coverage_label: &'static str,
}

fn clause_row(l: &Lookup, c: &'static Clause) -> ClauseRow {
    let rules: Vec<RuleRow> = rules_of(l, c).into_iter().map(|r| rule_row(l, r)).collect();
    let partial = clauses::partial_reason(c);
    let (coverage, coverage_label) = match (rules.is_empty(), c.not_checkable, partial) {
        (_, Some(_), _) => ("none", "無法以機器檢查"),
        // Checked through other clauses' rules (the reason says which).
        (true, None, Some(_)) => ("partial", "部分檢查"),
        (true, None, None) => ("missing", "尚無規則"),
        (false, None, Some(_)) => ("partial", "部分檢查"),
        (false, None, None) => ("full", "已檢查"),
    };
    ClauseRow {
        anchor: c.anchor,
        label: c.label,
        title: c.title,
        href: paths::clause(c.anchor),
        rules,
        not_checkable: c.not_checkable,
        partial,
        findings: findings_of_clause(l, c),
        coverage,
        coverage_label,
    }
}

#[derive(Debug, Serialize)]
pub struct CoverageView {
    pub clauses: Vec<ClauseRow>,
    pub rules: usize,
}

pub fn coverage(l: &Lookup) -> CoverageView {
    CoverageView {
        clauses: clauses::ALL.iter().map(|c| clause_row(l, c)).collect(),
        rules: l.eval.catalogue.len(),
    }
}

#[derive(Debug, Serialize)]
pub struct DeadlinesView {
    pub overdue: Vec<Deadline>,
    pub due: Vec<Deadline>,
    /// Breaches of a deadline already closed (已發生之違規), latest closed first, as `imaudit
    /// deadlines` lists them after the open work: not work to do, but what an inspector asks.
    /// `days` says how late and when closed.
    pub closed: Vec<Deadline>,
}

pub fn deadlines_page(l: &Lookup) -> DeadlinesView {
    let (overdue, due) = deadlines(l);
    let findings = &l.eval.findings;
    let closed = crate::deadlines::closed_breaches(findings)
        .into_iter()
        .map(|b| Deadline {
            finding: l.findings[l.index_of(b.finding)].clone(),
            days: b.describe(),
            in_days: (b.deadline - l.as_of()).num_days(),
        })
        .collect();
    DeadlinesView {
        overdue,
        due,
        closed,
    }
}
