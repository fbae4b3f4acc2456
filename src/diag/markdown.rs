//! `check --format markdown`: a pull-request comment. A summary table, then the findings
//! grouped by file, each with its severity, rule, clause and line; no links (the comment is
//! read on whatever forge hosts the records, and links into it would differ).

use chrono::NaiveDate;

use super::{location, Finding, Summary};
use crate::catalogue::Severity;
use crate::source::SourceMap;

/// Forges cap a comment's size (GitHub at 65,536 characters); past this the rest is counted,
/// not listed, and the full list is in the CI log.
const MAX_CHARS: usize = 60_000;

/// The comment. `since`: the revision the review compares with, when given.
pub fn render(
    findings: &[Finding],
    sources: &SourceMap,
    as_of: NaiveDate,
    since: Option<&str>,
) -> String {
    let s = Summary::of(findings);
    let mut out = String::from("## imaudit 檢查結果\n\n");
    out.push_str(&format!(
        "評估日：{}（{}）",
        crate::time::roc::roc_date(as_of),
        as_of
    ));
    if let Some(rev) = since {
        out.push_str(&format!(
            "；僅列出自 `{}` 以來有變動之檔案的發現，及不屬於特定檔案者",
            code(rev)
        ));
    }
    out.push_str("\n\n");
    out.push_str("| 嚴重度 | 數量 |\n| --- | ---: |\n");
    out.push_str(&format!(
        "| 錯誤 | {} |\n| 警告 | {} |\n| 提醒 | {} |\n\n",
        s.error, s.warning, s.info
    ));
    if findings.is_empty() {
        out.push_str("未發現任何問題。\n");
        return out;
    }
    let verdict = if s.error > 0 {
        "有錯誤：請修正後再合併。"
    } else if s.warning > 0 {
        "無錯誤；請檢視下列警告。"
    } else {
        "無錯誤或警告；下列為提醒事項。"
    };
    out.push_str(verdict);
    out.push_str("\n\n");

    let mut current: Option<Option<String>> = None;
    let mut shown = 0;
    for f in findings {
        let loc = location(f, sources);
        let file = loc.as_ref().map(|l| l.file.clone());
        if current.as_ref() != Some(&file) {
            let heading = match &file {
                Some(name) => format!("### `{}`\n\n", code(name)),
                None => "### 全縣（不屬於特定檔案）\n\n".to_string(),
            };
            if out.len() + heading.len() > MAX_CHARS {
                break;
            }
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&heading);
            current = Some(file);
        }
        let severity = match f.severity {
            Severity::Error => "**錯誤**",
            Severity::Warning => "警告",
            Severity::Info => "提醒",
        };
        let mut line = format!(
            "- {severity} `{}`（要點 {}）",
            f.rule.id, f.rule.clause.label
        );
        if let Some(l) = &loc {
            line.push_str(&format!("第 {} 行", l.line));
        }
        if let Some(subject) = &f.subject {
            line.push_str(&format!("，對象 `{}`", code(subject)));
        }
        line.push_str(&format!("：{}\n", text(&f.message)));
        if out.len() + line.len() > MAX_CHARS {
            break;
        }
        out.push_str(&line);
        shown += 1;
    }
    if shown < findings.len() {
        out.push_str(&format!(
            "\n…另有 {} 項未列出（留言長度有限），完整清單見 CI 紀錄。\n",
            findings.len() - shown
        ));
    }
    out
}

/// Text inside backticks: a backtick would end the span early.
fn code(s: &str) -> String {
    s.replace('`', "'")
}

/// Plain text in Markdown: characters that would start markup or HTML are escaped, and line
/// breaks kept inside the list item.
fn text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_messages_is_escaped() {
        assert_eq!(text("[[amendment]] <b>"), "\\[\\[amendment\\]\\] \\<b\\>");
    }
}
