//! `check --format human`: rustc-style findings with the source line and the span marked,
//! the rule id and the clause; colour only when writing to a terminal.

use annotate_snippets::{Level, Renderer, Snippet};

use super::{location, Finding, Summary};
use crate::catalogue::Severity;
use crate::source::SourceMap;

/// Lines longer than this are cut around the span so one huge value does not flood the
/// terminal (a 10 MB string is still one line).
const MAX_EXCERPT: usize = 240;

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// Renders all findings and a closing summary line.
pub fn render(findings: &[Finding], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        out.push_str(&render_one(f, sources, &renderer));
        out.push_str("\n\n");
    }
    let s = Summary::of(findings);
    out.push_str(&format!(
        "檢查完成：{} 個錯誤、{} 個警告、{} 個提醒\n",
        s.error, s.warning, s.info
    ));
    out
}

fn render_one(f: &Finding, sources: &SourceMap, renderer: &Renderer) -> String {
    let title = format!("{}（要點 {}）", f.message, f.rule.clause.label);
    let footer_text = format!("說明：imaudit check --explain {}", f.rule.id);
    let mut subject = String::new();
    // Names, not ids (cli.md, "The site"): 彰化縣溪湖戶政事務所, 周佳蓉, 115年5月.
    if let Some(o) = f.office_shown() {
        subject.push_str(&format!("機關 {o}"));
    }
    if let Some(s) = f.subject_shown() {
        if !subject.is_empty() {
            subject.push('，');
        }
        subject.push_str(&format!("對象 {s}"));
    }
    if let Some(d) = f.date {
        if !subject.is_empty() {
            subject.push('，');
        }
        subject.push_str(&format!("日期 {}（{}）", crate::time::roc::roc_date(d), d));
    }
    let lvl = level(f.severity);
    let mut message = lvl.title(&title).id(f.rule.id);
    let excerpt;
    let origin;
    let loc = location(f, sources);
    if let (Some(span), Some(loc)) = (&f.span, &loc) {
        let file = sources.get(span.file);
        let line = file.line_range(loc.line);
        let (text, start) = window(file.slice(line.clone()), line.start, span.range.start);
        excerpt = text;
        origin = file.name.clone();
        let rel_start = span.range.start.saturating_sub(start).min(excerpt.len());
        let span_end_in_line = span.range.end.min(line.end);
        let mut rel_end = span_end_in_line
            .saturating_sub(start)
            .min(excerpt.len())
            .max(rel_start);
        if rel_end == rel_start && rel_end < excerpt.len() {
            // An empty span marks one character.
            rel_end = next_boundary(&excerpt, rel_start);
        }
        message = message.snippet(
            Snippet::source(&excerpt)
                .line_start(loc.line)
                .origin(&origin)
                .annotation(lvl.span(rel_start..rel_end).label(&subject)),
        );
    } else if !subject.is_empty() {
        message = message.footer(Level::Note.title(&subject));
    }
    let labels: Vec<String> = f
        .labels
        .iter()
        .map(|(span, text)| {
            let file = sources.get(span.file);
            let (line, col) = file.line_col(span.range.start);
            format!("{text}：{}:{line}:{col}", file.name)
        })
        .collect();
    for l in &labels {
        message = message.footer(Level::Note.title(l));
    }
    message = message.footer(Level::Help.title(&footer_text));
    let text = renderer.render(message).to_string();
    text
}

fn next_boundary(s: &str, i: usize) -> usize {
    (i + 1..=s.len())
        .find(|&j| s.is_char_boundary(j))
        .unwrap_or(s.len())
}

/// The line's text (`line`, starting at byte `line_start` of its file), cut to at most
/// `MAX_EXCERPT` bytes around the file's byte `at`, and the file's byte offset the returned
/// text starts at. Reads the line alone: `check` keeps only the lines findings point into
/// (`SourceFile::release`).
fn window(line: &str, line_start: usize, at: usize) -> (String, usize) {
    if line.len() <= MAX_EXCERPT {
        return (line.to_string(), line_start);
    }
    let mut start = at.saturating_sub(MAX_EXCERPT / 2).max(line_start) - line_start;
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + MAX_EXCERPT).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    (line[start..end].to_string(), line_start + start)
}
