//! Findings as LSP diagnostics (cli.md, `imaudit lsp`): the range from the finding's span in
//! UTF-16 columns, the severity, `code` the rule id, `source` `imaudit`, the message as the
//! human report titles it, and the secondary spans (`Finding.labels`) as related information.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
};

use super::text;
use super::State;
use crate::catalogue::Severity;
use crate::diag::Finding;
use crate::source::FileId;

/// What the source of every diagnostic says.
pub const SOURCE: &str = "imaudit";

/// The diagnostics of one file: the findings whose primary span is in it, in `check`'s order.
pub fn diagnostics(state: &State, file: FileId) -> Vec<Diagnostic> {
    state
        .findings
        .iter()
        .filter(|f| f.span.as_ref().is_some_and(|s| s.file == file))
        .map(|f| diagnostic(state, f))
        .collect()
}

/// The message as the human report's title says it (diag/human.rs): the finding's sentence and
/// the clause it answers to.
pub fn message(f: &Finding) -> String {
    format!("{}（要點 {}）", f.message, f.rule.clause.label)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn diagnostic(state: &State, f: &Finding) -> Diagnostic {
    let span = f.span.as_ref().expect("filtered on a span");
    let file = state.sources.get(span.file);
    let related: Vec<DiagnosticRelatedInformation> = f
        .labels
        .iter()
        .filter_map(|(span, label)| {
            let file = state.sources.get(span.file);
            let path = super::text::canonical(&file.path);
            Some(DiagnosticRelatedInformation {
                location: Location::new(text::uri_of(&path)?, text::range_in(file, &span.range)),
                message: label.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: text::range_in(file, &span.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.id.to_string())),
        source: Some(SOURCE.to_string()),
        message: message(f),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
