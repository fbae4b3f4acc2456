//! What people read on the site is plain Chinese with one date form per context (issue 13,
//! point 8): the visible text of every page of the demo site, built from a git repository of
//! the demo records, holds no git or TOML words (commit, HEAD, branch, `[[amendment]]`,
//! `decision = "revoke"`, key names like `extend_deadline_past_rest_days`), no ISO or Western
//! dates, and no table mixes 115年11月24日 with 115/11/24 in its date cells.
//!
//! Allowed: rule ids (their own words, shown small beside the summary), file names and paths,
//! what a clerk must type in the guide's code samples, commands in `<pre>` blocks, and the
//! records' own text (a note that says 2025-07-22 is quoted as written). The raw-file pages
//! (`source/…`) show the record files themselves and are not scanned.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::copy_tree;

/// Words of git and TOML that have a Chinese name on a page for people (版本、提交、更正紀錄…).
const FORBIDDEN: &[&str] = &[
    "commit",
    "commits",
    "head",
    "branch",
    "branches",
    "merge",
    "merged",
    "rebase",
    "amendment",
    "signoff",
    "decision",
    "revoke",
    "toml",
    "diff",
];

/// The demo records in a git repository of two commits (the import, then a correction), and
/// the site built from it: history pages with commit ids, authors and what changed.
fn site() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("records"),
        &records,
    );
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args([
                "-c",
                "user.name=林美華",
                "-c",
                "user.email=lin@example.gov.tw",
            ])
            .args(args)
            .current_dir(&records)
            .env("GIT_AUTHOR_DATE", "2026-11-01T09:00:00+08:00")
            .env("GIT_COMMITTER_DATE", "2026-11-01T09:00:00+08:00")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "匯入紀錄"]);
    let feb = records.join("offices/lukang/logs/2026/2026-02.toml");
    let text = std::fs::read_to_string(&feb).unwrap();
    let logout = text.find("logout = 2026-02-").unwrap();
    let end = logout + text[logout..].find('\n').unwrap();
    let mut changed = text.clone();
    changed.replace_range(end - 2..end, "30");
    std::fs::write(&feb, changed).unwrap();
    git(&["commit", "-q", "-am", "更正登出時間"]);
    // Every record file's text: what the records themselves say may be quoted on a page.
    let mut said = String::new();
    for e in walkdir::WalkDir::new(&records)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git") {
            said.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    let out = dir.path().join("site");
    let o = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["build", "--records"])
        .arg(&records)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out, said)
}

/// One run of visible text, with whether it sits in a table cell.
struct Text {
    text: String,
    in_table: usize,
}

/// The visible text of a page, run by run: not inside `<script>`, `<style>`, `<title>` or
/// `<pre>` (commands and samples to type), nor `<code>` on the guide's pages (what a clerk
/// types); attributes are not text. Entities are decoded.
fn visible(html: &str, guide: bool) -> Vec<Text> {
    let mut out = Vec::new();
    let mut skip: Vec<String> = Vec::new();
    let mut tables = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip.is_empty() && !text.trim().is_empty() {
            out.push(Text {
                text: text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&#x27;", "'")
                    .replace("&amp;", "&"),
                in_table: tables,
            });
        }
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt + 1..tag_end.saturating_sub(1).max(lt + 1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let skipped = matches!(name.as_str(), "script" | "style" | "title" | "pre")
            || (guide && name == "code");
        if skipped {
            if closing {
                if skip.last() == Some(&name) {
                    skip.pop();
                }
            } else {
                skip.push(name.clone());
            }
        }
        if name == "table" {
            if closing {
                tables = tables.saturating_sub(1);
            } else {
                tables += 1;
            }
        }
        rest = &rest[tag_end..];
    }
    out
}

/// `text` without file names and paths (`offices/lukang/people.toml`, `findings.json`,
/// `logs/<年>/<年-月>.toml`), which are allowed.
fn without_file_names(text: &str) -> String {
    let mut out = String::new();
    for word in
        text.split_inclusive(|c: char| c.is_whitespace() || "（）「」、，：；。".contains(c))
    {
        let trimmed =
            word.trim_end_matches(|c: char| c.is_whitespace() || "（）「」、，：；。".contains(c));
        let is_file = [
            ".toml", ".csv", ".md", ".json", ".ics", ".html", ".txt", "/",
        ]
        .iter()
        .any(|ext| trimmed.ends_with(ext))
            || trimmed.contains(".toml")
            || trimmed.contains(".csv");
        if is_file {
            out.push_str(&word[trimmed.len()..]);
        } else {
            out.push_str(word);
        }
    }
    out
}

fn pages(site: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") && !rel.starts_with("source/") {
            out.push((rel, std::fs::read_to_string(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

/// The ASCII words of `text` that are git or TOML: a forbidden word, a key name with `_`, a
/// `[table]` header or a `key = value` line.
fn git_or_toml_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    for w in words.filter(|w| !w.is_empty()) {
        let lower = w.to_ascii_lowercase();
        if FORBIDDEN.contains(&lower.as_str())
            || (w.contains('_')
                && w.chars().any(|c| c.is_ascii_lowercase())
                && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            found.push(w.to_string());
        }
    }
    for (i, _) in text.match_indices('[') {
        if text[..i].ends_with('[') {
            continue;
        }
        let rest = text[i..].trim_start_matches('[');
        let key: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == '.')
            .collect();
        if !key.is_empty() && rest[key.len()..].starts_with(']') {
            found.push(format!("[{key}]"));
        }
    }
    for (i, _) in text.match_indices(" = ") {
        let before: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if !before.is_empty() {
            found.push(format!("{} = …", before.chars().rev().collect::<String>()));
        }
    }
    found
}

#[test]
fn pages_for_people_have_no_git_or_toml_words() {
    let (_dir, site, _) = site();
    let mut found = Vec::new();
    for (page, html) in pages(&site) {
        let guide = page.starts_with("guide/");
        for t in visible(&html, guide) {
            let text = without_file_names(&t.text);
            // The guide teaches git and the files' format by name (and its editor extension
            // is called Even Better TOML): the names are allowed in its prose, git's words
            // (commit, branch, merge…) and TOML's syntax are not.
            for w in git_or_toml_words(&text) {
                if guide && w.eq_ignore_ascii_case("toml") {
                    continue;
                }
                found.push(format!("{page}: {w} in 「{}」", t.text.trim()));
            }
            if !guide {
                for w in text.split(|c: char| !c.is_ascii_alphabetic()) {
                    if w.eq_ignore_ascii_case("git") {
                        found.push(format!("{page}: git in 「{}」", t.text.trim()));
                    }
                }
            }
        }
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "{} found:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// A date form: 115年11月24日 (prose), 115/11/24 (tables), ISO or Western (neither, on a page).
fn is_long(t: &str) -> bool {
    let t = t.trim();
    let Some((y, rest)) = t.split_once('年') else {
        return false;
    };
    y.len() <= 3
        && y.chars().all(|c| c.is_ascii_digit())
        && rest.contains('月')
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "月日 :".contains(c))
}

fn is_short(t: &str) -> bool {
    let t = t.trim();
    let date = t.split(' ').next().unwrap_or("");
    let parts: Vec<&str> = date.split('/').collect();
    parts.len() >= 2
        && parts[0].len() <= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The ISO dates (`2026-11-24`, `2026-11`) and Western years (`2026年`) in `text`.
fn iso_or_western(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digits =
        |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(u8::is_ascii_digit);
    let mut found = Vec::new();
    for i in 0..b.len() {
        let starts = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-');
        if !starts || !digits(i, 4) || !(b[i] == b'1' || b[i] == b'2') {
            continue;
        }
        // 2026-11 (seven bytes) or 2026年 (four digits and a three-byte character).
        let iso = b.get(i + 4) == Some(&b'-') && digits(i + 5, 2);
        if iso || text[i + 4..].starts_with('年') {
            found.push(text[i..i + 7].to_string());
        }
    }
    found
}

#[test]
fn dates_show_in_one_form_per_context() {
    let (_dir, site, said) = site();
    let mut found = Vec::new();
    for (page, html) in pages(&site) {
        // Date cells of the page's tables, by table: never both forms in one.
        let mut long = false;
        let mut short = false;
        let mut depth = 0;
        for t in visible(&html, page.starts_with("guide/")) {
            if t.in_table == 0 && depth > 0 {
                if long && short {
                    found.push(format!("{page}: a table mixes 115年… and 115/…"));
                }
                long = false;
                short = false;
            }
            depth = t.in_table;
            if t.in_table > 0 {
                long |= is_long(&t.text);
                short |= is_short(&t.text);
            }
            let text = without_file_names(&t.text);
            for d in iso_or_western(&text) {
                // The records' own words (a note, a summary) are quoted as written.
                let quoted = t
                    .text
                    .trim_matches(|c: char| c.is_whitespace() || "（）「」、，：；。".contains(c));
                if said.contains(quoted) {
                    continue;
                }
                found.push(format!("{page}: {d} in 「{}」", t.text.trim()));
            }
        }
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "{} found:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_scanners_find_what_they_look_for() {
    assert_eq!(
        git_or_toml_words("請在同一個 commit 加上 [[amendment]]，decision = \"revoke\"，依 extend_deadline_past_rest_days"),
        [
            "commit",
            "amendment",
            "decision",
            "revoke",
            "extend_deadline_past_rest_days",
            "[amendment]",
            "decision = …"
        ]
    );
    assert!(git_or_toml_words("log-signoff-missing 要點 四(一)").is_empty());
    assert_eq!(
        without_file_names("見 offices/lukang/people.toml，與 findings.json"),
        "見 ，與 "
    );
    assert_eq!(
        iso_or_western("於 2026-11-24 與 2026年"),
        ["2026-11", "2026年"]
    );
    assert!(iso_or_western("1150202-0007、115/02/02").is_empty());
    assert!(is_long("115年11月24日") && is_short("115/11/24 09:12") && !is_short("第 3 頁"));
    let v = visible(
        "<p>a<code>x</code><pre>commit</pre><table><td>115/01/02</td></table></p>",
        true,
    );
    let texts: Vec<&str> = v.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["a", "115/01/02"]);
    assert_eq!(v[1].in_table, 1);
}
