//! `check --format markdown`: a pull-request comment. With `--since`, it opens with what the
//! pull request changes in record terms, file by file, in the words of `imaudit history`
//! (「115年10月日誌表：新增 1 筆（曾怡君 115/10/30 09:00，用途「…」）」、「主任核章（…）」、
//! 「修改第 3 筆的登出時間（… → …）」, describe.rs `describe_for_review`), people by name; then a
//! summary table, then the findings grouped by file, each with its severity, rule, clause,
//! line and subject by name; no links (the comment is read on whatever forge hosts the
//! records, and links into it would differ).

use chrono::NaiveDate;

use super::{location, Finding, Summary};
use crate::catalogue::Severity;
use crate::facts::names;
use crate::history::since::FileChange;
use crate::model::{Place, Records};
use crate::source::SourceMap;
use crate::text::pii::mask_ids;
use crate::time::roc;

/// A record file the pull request changes, as the reviewer reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewedFile {
    /// 「彰化縣溪湖戶政事務所 115年10月日誌表」, or the path for a file that is no record.
    pub title: String,
    pub path: String,
    /// What changed, people by name.
    pub lines: Vec<String>,
}

/// The changes as the comment shows them: each file titled by its office and form, and the
/// person ids in describe.rs's lines replaced by the names in that office's people.toml.
pub fn reviewed_files(changes: &[FileChange], records: &Records) -> Vec<ReviewedFile> {
    changes
        .iter()
        .map(|c| {
            let place = crate::facts::signed::place_of(&c.path);
            let office = place
                .as_ref()
                .and_then(Place::office)
                .and_then(|o| records.offices.get(o));
            let office_name = office
                .and_then(|o| o.office.as_ref())
                .map(|o| mask_ids(o.data.name.get_ref().trim()))
                .filter(|n| !n.is_empty())
                .or_else(|| place.as_ref().and_then(Place::office).map(str::to_string));
            let people = office
                .and_then(|o| o.people.as_ref())
                .map(|p| names::people_of(&p.data))
                .unwrap_or_default();
            let lines = c
                .lines
                .iter()
                .map(|l| names::name_people(l, &people))
                .collect();
            let form = place.as_ref().and_then(form_name);
            let title = match (office_name, form) {
                (Some(o), Some(f)) => format!("{o} {f}"),
                (Some(o), None) => o,
                (None, Some(f)) => f,
                (None, None) => c.path.clone(),
            };
            ReviewedFile {
                title,
                path: c.path.clone(),
                lines,
            }
        })
        .collect()
}

/// A record as its paper form is called: 115年10月日誌表, 115年下半年權限清查紀錄.
fn form_name(place: &Place) -> Option<String> {
    Some(match place {
        Place::County => "縣設定（county.toml）".to_string(),
        Place::Regulation => "要點全文".to_string(),
        Place::Calendar(y) => format!("{}年行事曆", roc::roc_year(*y)),
        Place::Office(_) => "事務所設定與角色".to_string(),
        Place::People(_) => "人員及帳號".to_string(),
        Place::Log(_, m) => format!("{}日誌表", roc::roc_month(*m)),
        Place::MonthlyAudit(_, m) => format!("{}內部稽核紀錄表", roc::roc_month(*m)),
        Place::InternalAudit(_, d) => format!("{}不定期稽核紀錄", roc::roc_date(*d)),
        Place::PermissionReview(_, h) => format!("{}權限清查紀錄", roc::roc_half(*h)),
        Place::Inspection(_, d) => format!("{}督考紀錄", roc::roc_date(*d)),
        Place::Handover(_, d, _) => format!("{}移交清冊", roc::roc_date(*d)),
        Place::Incident(_, d, _) => format!("{}違規事件", roc::roc_date(*d)),
        Place::SystemLog(_, m) => format!("{}系統稽核日誌", roc::roc_month(*m)),
        Place::Readme => return None,
    })
}

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
    render_review(findings, sources, as_of, since, &[])
}

/// The comment, opening with what the pull request changes (`changes`, from
/// [`reviewed_files`]) when reviewing `--since` a revision.
pub fn render_review(
    findings: &[Finding],
    sources: &SourceMap,
    as_of: NaiveDate,
    since: Option<&str>,
    changes: &[ReviewedFile],
) -> String {
    let s = Summary::of(findings);
    let mut out = String::from("## imaudit 檢查結果\n\n");
    // One date form for people (issue 13): the ROC date, as on the paper forms.
    out.push_str(&format!("評估日：{}", crate::time::roc::roc_date(as_of)));
    if let Some(rev) = since {
        out.push_str(&format!(
            "；僅列出自 `{}` 以來有變動之檔案的發現，及不屬於特定檔案者",
            code(rev)
        ));
    }
    out.push_str("\n\n");
    if since.is_some() {
        out.push_str(&changes_section(changes));
    }
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
        if let Some(subject) = f.subject_shown() {
            line.push_str(&format!("，對象 {}", text(subject)));
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

/// 「### 本次變更的紀錄」: one item a file, its changes inline when one, else nested.
fn changes_section(changes: &[ReviewedFile]) -> String {
    let mut out = String::from("### 本次變更的紀錄\n\n");
    if changes.is_empty() {
        out.push_str("紀錄沒有任何變更。\n\n");
        return out;
    }
    let mut shown = 0;
    for c in changes {
        let mut item = format!("- **{}**（`{}`）", text(&c.title), code(&c.path));
        match c.lines.as_slice() {
            [one] => item.push_str(&format!("：{}\n", text(one))),
            many => {
                item.push('\n');
                for l in many {
                    item.push_str(&format!("  - {}\n", text(l)));
                }
            }
        }
        // Leave room for the findings: the changes take at most a third of the comment.
        if out.len() + item.len() > MAX_CHARS / 3 {
            break;
        }
        out.push_str(&item);
        shown += 1;
    }
    if shown < changes.len() {
        out.push_str(&format!(
            "- …另有 {} 個檔案的變更未列出（留言長度有限），見 `imaudit history`。\n",
            changes.len() - shown
        ));
    }
    out.push('\n');
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
