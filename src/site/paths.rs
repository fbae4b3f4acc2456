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
pub const FINDINGS_HTML: &str = "findings.html";
pub const OFFICES_CSV: &str = "offices.csv";
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

/// The href of a person's page from a log page of the same office ([`log`] and [`person`] are
/// both one folder down in the office's): a million log rows link people, and the href from
/// the site root would be twice as long.
pub fn person_from_log(person: &str) -> String {
    format!("../people/{}.html", segment(person))
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

/// A blank paper form of an office: `log`, `monthly-audit`, `inspection`, `permission-review`.
pub fn blank(office: &str, kind: &str) -> String {
    format!("offices/{}/blank/{kind}.html", segment(office))
}

/// The year's records of an office as one printable binder.
pub fn binder(office: &str, year: i32) -> String {
    format!("offices/{}/binder/{year:04}.html", segment(office))
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

/// The change trails' overview: every record's trail, or why history could not be read.
pub const HISTORY: &str = "history/index.html";

/// The change trail of one record file, by its path relative to the records folder
/// (`offices/x/logs/2026/2026-10.toml` → `history/offices/x/logs/2026/2026-10.html`). Records
/// are TOML, so `.toml` is dropped; any other file keeps its whole name
/// (`system-log/2026-01.csv` → `…/2026-01.csv.html`). No two files share a page: a stem
/// kept without its `.toml` has no dot, a whole name kept has one, and a name with no dot at
/// all gets a `_` that `segment` never writes last; the overview's `index.html` is no
/// record's page for the same reasons.
pub fn history(rel: &str) -> String {
    let mut parts: Vec<String> = rel
        .split('/')
        .filter(|p| !p.is_empty())
        .map(segment)
        .collect();
    let name = rel.rsplit('/').find(|p| !p.is_empty()).unwrap_or_default();
    parts.pop();
    let file = match name.strip_suffix(".toml") {
        Some(stem) if !stem.is_empty() && !stem.contains('.') => {
            if parts.is_empty() && stem == "index" {
                segment(name)
            } else {
                segment(stem)
            }
        }
        _ if name.contains('.') => segment(name),
        _ => format!("{}_", segment(name)),
    };
    parts.push(file);
    format!("history/{}.html", parts.join("/"))
}

/// The user guide's contents page, and one page per guide file (`docs/guide/<name>.md`).
pub const GUIDE: &str = "guide/index.html";

pub fn guide(name: &str) -> String {
    let s = segment(name);
    // `index.md` would take the contents page's place.
    if s == "index" {
        "guide/index_.html".to_string()
    } else {
        format!("guide/{s}.html")
    }
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
    fn history_pages_drop_toml_and_never_collide() {
        assert_eq!(
            history("offices/tianzhong/logs/2026/2026-10.toml"),
            "history/offices/tianzhong/logs/2026/2026-10.html"
        );
        assert_eq!(
            history("offices/x/system-log/2026-01.csv"),
            "history/offices/x/system-log/2026-01.csv.html"
        );
        let names = [
            "a/b.toml",
            "a/b",
            "a/b.toml.toml",
            "a/b.csv",
            "a/b.csv.toml",
            "index.toml",
            "index",
            ".toml",
        ];
        let mut pages: Vec<String> = names.iter().map(|n| history(n)).collect();
        pages.push(HISTORY.to_string());
        let count = pages.len();
        pages.sort();
        pages.dedup();
        assert_eq!(pages.len(), count, "{pages:?}");
        assert_eq!(root_of(&history("county.toml")), "../");
    }

    #[test]
    fn a_person_from_a_log_is_the_person_page() {
        let from = log("x-y", "2026-01".parse().unwrap());
        let folder = from.rsplit_once('/').unwrap().0;
        let up = folder.rsplit_once('/').unwrap().0;
        let href = person_from_log("wang_1");
        assert_eq!(
            format!("{up}/{}", href.strip_prefix("../").unwrap()),
            person("x-y", "wang_1")
        );
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
