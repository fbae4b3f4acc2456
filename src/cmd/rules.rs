//! `imaudit rules`: the catalogue, one line a rule; `--coverage`: clause by clause.

use std::process::ExitCode;

use crate::cli::RulesArgs;
use crate::rules::{self, clauses, Rule};

pub fn run(args: RulesArgs) -> anyhow::Result<ExitCode> {
    let text = if args.coverage {
        coverage_text()
    } else {
        catalogue_text()
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

pub fn catalogue_text() -> String {
    let all = rules::all();
    let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in all {
        out.push_str(&format!(
            "{:<width$}  {:<6}  {:<7}  {}\n",
            r.id,
            r.clause.label,
            r.severity.code(),
            r.summary,
            width = width
        ));
    }
    out
}

/// `check --explain ID`.
pub fn explain(rule: &Rule) -> String {
    let body: Vec<&str> = rule
        .explanation
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    format!(
        "{}（{}，要點 {} {}）\n{}\n\n{}\n",
        rule.id,
        rule.severity.code(),
        rule.clause.label,
        rule.clause.title,
        rule.summary,
        body.join("\n").trim()
    )
}

pub fn coverage_text() -> String {
    let all = rules::all();
    let mut out = String::new();
    for c in clauses::ALL {
        let ids: Vec<&str> = all
            .iter()
            .filter(|r| std::ptr::eq(r.clause, *c))
            .map(|r| r.id)
            .collect();
        out.push_str(&format!("{} {}\n", c.label, c.title));
        if !ids.is_empty() {
            out.push_str(&format!("  規則：{}\n", ids.join(", ")));
        }
        if let Some(why) = c.not_checkable.or_else(|| clauses::partial_reason(c)) {
            out.push_str(&format!("  無法以機器檢查：{why}\n"));
        }
        if ids.is_empty() && c.not_checkable.is_none() && clauses::partial_reason(c).is_none() {
            out.push_str("  （尚無規則）\n");
        }
    }
    out
}
