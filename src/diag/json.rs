//! `check --format json` exactly as cli.md: version, as_of, summary, findings with optional
//! fields omitted when unknown. Built with serde_json's preserve-free writer by hand-ordered
//! structs so the key order is the spec's.

use chrono::NaiveDate;
use serde::Serialize;

use super::{location, Finding, Summary};
use crate::source::SourceMap;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    as_of: String,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    error: usize,
    warning: usize,
    info: usize,
    files: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    severity: &'static str,
    clause: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    office: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    /// Whether someone must still act (cli.md); omitted for a fact of the past that no later
    /// record closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    open: Option<bool>,
    message: &'a str,
}

/// The JSON text (pretty, with a final newline). `findings` must already be sorted.
pub fn render(findings: &[Finding], sources: &SourceMap, as_of: NaiveDate, files: usize) -> String {
    let s = Summary::of(findings);
    let report = Report {
        version: 1,
        as_of: as_of.to_string(),
        summary: JsonSummary {
            error: s.error,
            warning: s.warning,
            info: s.info,
            files,
        },
        findings: findings
            .iter()
            .map(|f| {
                let loc = location(f, sources);
                JsonFinding {
                    rule: f.rule.id,
                    severity: f.severity.code(),
                    clause: f.rule.clause.label,
                    office: f.office.as_deref(),
                    subject: f.subject.as_deref(),
                    file: loc.as_ref().map(|l| l.file.clone()),
                    line: loc.as_ref().map(|l| l.line),
                    column: loc.as_ref().map(|l| l.column),
                    date: f.date.map(|d| d.to_string()),
                    open: f.open,
                    message: &f.message,
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).expect("findings serialise");
    out.push('\n');
    out
}
