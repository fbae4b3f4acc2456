//! `source/<path>.html`: one record file as written, line by line with an anchor per line
//! (`#L14`), its findings marked at their lines. Every finding links here, so even a finding
//! in a file no page shows (a system log, county.toml, an unreadable file) lands on its line.
//! An extra page (records.md leaves extra pages to the project), made only for the files
//! with findings and the unreadable ones (`Lookup::has_source_page` says why).

use std::collections::BTreeMap;

use serde::Serialize;

use super::masked;
use crate::catalogue::Severity;
use crate::site::lookup::Lookup;
use crate::source::FileId;

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub file: String,
    pub record_href: Option<String>,
    pub unreadable: bool,
    pub lines: Vec<Line>,
    pub findings: Vec<super::RuleGroup>,
}

#[derive(Debug, Serialize)]
pub struct Line {
    pub n: usize,
    pub text: String,
    /// The worst severity of the findings on this line (CSS class).
    pub flagged: Option<&'static str>,
}

pub fn build(l: &Lookup, file: FileId) -> SourceView {
    let src = l.eval.sources().get(file);
    let indices = l.file_findings(file);
    let mut flagged: BTreeMap<usize, Severity> = BTreeMap::new();
    for i in indices {
        if let Some(span) = &l.eval.findings[*i].span {
            let (line, _) = src.line_col(span.range.start);
            let e = flagged.entry(line).or_insert(l.eval.findings[*i].severity);
            *e = (*e).max(l.eval.findings[*i].severity);
        }
    }
    let lines = if src.text.is_empty() {
        Vec::new()
    } else {
        // A final newline ends the last line; it does not start another.
        let count = src.line_count() - usize::from(src.text.ends_with('\n'));
        (1..=count)
            .map(|n| Line {
                n,
                text: masked(src.text.get(src.line_range(n)).unwrap_or_default()),
                flagged: flagged.get(&n).map(|s| s.code()),
            })
            .collect()
    };
    SourceView {
        file: src.name.clone(),
        record_href: l.record_page(file),
        unreadable: l.eval.records().unreadable.contains(&file),
        lines,
        findings: super::by_rule(l, indices, &mut super::Budget::page()),
    }
}
