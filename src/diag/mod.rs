//! Findings and the ways they are reported: human (rustc-style excerpts), JSON (cli.md), SARIF,
//! GitHub/Gitea workflow annotations and a Markdown pull-request comment.

pub mod finding;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

pub use finding::Finding;

use crate::source::SourceMap;

/// Where a finding is, as reported: file name, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

pub fn location(f: &Finding, sources: &SourceMap) -> Option<Location> {
    let span = f.span.as_ref()?;
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.range.start);
    Some(Location {
        file: file.name.clone(),
        line,
        column,
    })
}

/// Sorts findings as cli.md says (file, line, rule), with county-wide findings (no file) first,
/// and ties broken by everything else so output is the same from run to run.
pub fn sort(findings: &mut [Finding], sources: &SourceMap) {
    findings.sort_by_cached_key(|f| {
        (
            location(f, sources),
            f.rule.id,
            f.office.clone(),
            f.subject.clone(),
            f.date,
            f.message.clone(),
        )
    });
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                crate::catalogue::Severity::Error => s.error += 1,
                crate::catalogue::Severity::Warning => s.warning += 1,
                crate::catalogue::Severity::Info => s.info += 1,
            }
        }
        s
    }
}
