//! Where each page of the site goes (cli.md, "The site"), as a path relative to the site root.
//! Templates prefix every href with the page's `root` (`../` per folder level), so every link
//! is relative and the site works from `file://` and from any sub-path of a server.

use chrono::NaiveDate;

use crate::time::{HalfYear, Month};

/// A path segment safe in a file name and an href. Ids are already `[a-z0-9-]` (records.md)
/// and pass unchanged; anything else (a slug or an unexpected file's name) has each other byte
/// written as `_xx`, so two different names never share a page and no name can climb out of
/// the site (`..`, `/`).
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || (b == b'.' && !out.is_empty()) {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// `../` once per folder the page sits in: the way back to the site root.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

pub const DASHBOARD: &str = "index.html";
pub const RULES: &str = "rules/index.html";
pub const REGULATION: &str = "regulation.html";
pub const COVERAGE: &str = "coverage.html";
pub const DEADLINES: &str = "deadlines.html";
pub const DEADLINES_ICS: &str = "deadlines.ics";
pub const FINDINGS_JSON: &str = "findings.json";
pub const STYLESHEET: &str = "static/style.css";

fn office_dir(office: &str) -> String {
    format!("offices/{}", segment(office))
}

pub fn office(office: &str) -> String {
    format!("{}/index.html", office_dir(office))
}

pub fn person(office: &str, person: &str) -> String {
    format!("{}/people/{}.html", office_dir(office), segment(person))
}

pub fn log(office: &str, month: Month) -> String {
    format!("{}/logs/{month}.html", office_dir(office))
}

pub fn monthly_audit(office: &str, month: Month) -> String {
    format!("{}/monthly-audits/{month}.html", office_dir(office))
}

pub fn internal_audit(office: &str, date: NaiveDate) -> String {
    format!("{}/internal-audits/{date}.html", office_dir(office))
}

pub fn permission_review(office: &str, period: HalfYear) -> String {
    format!("{}/permission-reviews/{period}.html", office_dir(office))
}

pub fn inspection(office: &str, date: NaiveDate) -> String {
    format!("{}/inspections/{date}.html", office_dir(office))
}

pub fn handover(office: &str, date: NaiveDate, person: &str) -> String {
    format!(
        "{}/handovers/{date}-{}.html",
        office_dir(office),
        segment(person)
    )
}

pub fn incident(office: &str, date: NaiveDate, slug: &str) -> String {
    format!(
        "{}/incidents/{date}-{}.html",
        office_dir(office),
        segment(slug)
    )
}

pub fn rule(id: &str) -> String {
    format!("rules/{}.html", segment(id))
}

/// A clause of the 要點 on the regulation page; the anchor is regulation.md's own id (`三-四`).
pub fn clause(anchor: &str) -> String {
    format!("{REGULATION}#{anchor}")
}

/// The source view of one file, by its path relative to the records folder
/// (`offices/x/logs/2026/2026-01.toml` → `source/offices/x/logs/2026/2026-01.toml.html`).
pub fn source(rel: &str) -> String {
    let parts: Vec<String> = rel
        .split('/')
        .filter(|p| !p.is_empty())
        .map(segment)
        .collect();
    format!("source/{}.html", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_ids_and_encode_the_rest() {
        assert_eq!(segment("wang-xiao-ming"), "wang-xiao-ming");
        assert_eq!(segment(".."), "_2e.");
        assert_eq!(segment("a/b c"), "a_2fb_20c");
        assert_eq!(segment("a_b"), "a_5fb");
        assert_eq!(segment(""), "_");
        assert_eq!(segment("2026-01.toml"), "2026-01.toml");
    }

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("offices/x/index.html"), "../../");
        assert_eq!(
            root_of(&source("offices/x/logs/2026/2026-01.toml")),
            "../../../../../"
        );
    }
}
