//! Any bytes read as any record kind: reading never panics, every problem's range lies within
//! the text on character boundaries, and the findings render (human, JSON). SARIF is left
//! out: it writes the whole rule catalogue each time, a hundredfold the cost of the rest.
#![no_main]

use imaudit::diag;
use imaudit::load::FileProblem;
use imaudit::source::{SourceFile, SourceMap, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((rel, bytes)) = imaudit_fuzz::split(data) else {
        return;
    };
    let place = imaudit_fuzz::place(rel);
    let file = imaudit::load::parse_bytes(&place, bytes.to_vec());
    for p in &file.problems {
        assert!(
            p.range.start <= p.range.end && p.range.end <= file.text.len(),
            "{rel}: range {:?} outside a text of {} bytes",
            p.range,
            file.text.len()
        );
        assert!(
            file.text.is_char_boundary(p.range.start) && file.text.is_char_boundary(p.range.end),
            "{rel}: range {:?} splits a character",
            p.range
        );
    }
    let mut sources = SourceMap::default();
    let id = sources.add(SourceFile::new(
        format!("records/{rel}"),
        rel.into(),
        file.text.clone(),
    ));
    let problems = file
        .problems
        .iter()
        .map(|p| FileProblem {
            kind: p.kind,
            span: Span::new(id, p.range.clone()),
            office: None,
            message: p.message.clone(),
        })
        .collect();
    let findings = imaudit::rules::reading::findings_of(problems);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let _ = diag::human::render(&findings, &sources, false);
    let _ = diag::json::render(&findings, &sources, as_of, 1);
});
