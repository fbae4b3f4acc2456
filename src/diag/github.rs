//! `check --format github`: workflow commands that GitHub Actions and Gitea Actions turn into
//! annotations on the pull request's files (`::error file=…,line=…::message`), then the same
//! closing summary line as the human format.

use super::{location, Finding, Summary};
use crate::catalogue::Severity;
use crate::source::SourceMap;

/// One command per finding, then the summary. `findings` must already be sorted.
pub fn render(findings: &[Finding], sources: &SourceMap) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = location(f, sources) {
            props.push(format!("file={}", property(&l.file)));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
        }
        props.push(format!(
            "title={}",
            property(&format!("{}（要點 {}）", f.rule.id, f.rule.clause.label))
        ));
        let mut message = f.message.clone();
        if let Some(s) = f.subject_shown() {
            message.push_str(&format!("（對象 {s}）"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    let s = Summary::of(findings);
    out.push_str(&format!(
        "檢查完成：{} 個錯誤、{} 個警告、{} 個提醒\n",
        s.error, s.warning, s.info
    ));
    out
}

/// Escapes a command's message (the runner's own rules: `%`, CR and LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: also `:` and `,`, which separate properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_escaped() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
