//! `check --format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning tools read. One run,
//! the whole catalogue as the driver's rules (so `ruleIndex` is stable), one result a finding.
//! Nothing in it depends on the clock: the same records give the same bytes.
//!
//! Shaped for GitHub code scanning (checked with the SARIF multitool's GitHub rules in
//! tests/it/sarif_multitool.rs): every rule has `help` (GH2012), the driver an
//! `informationUri` (SARIF2005), and every result a location (GH1015): a finding about the
//! county as a whole, or about something no file holds (`history-unavailable`), is placed at
//! line 1 of `county.toml`, the file that names the county.

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use super::{location, Finding, Location};
use crate::catalogue::{Rule, Severity};
use crate::source::SourceMap;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF text (pretty, final newline). `findings` must already be sorted; `catalogue` is
/// every rule in catalogue order (`rules::all`).
pub fn render(
    findings: &[Finding],
    catalogue: &[&'static Rule],
    sources: &SourceMap,
    as_of: NaiveDate,
) -> String {
    let rules: Vec<Value> = catalogue
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": explanation(r) },
                "help": help(r),
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "clause": r.clause.label, "tags": [format!("要點 {}", r.clause.label)] },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(f.rule.id));
            if let Some(i) = catalogue.iter().position(|r| r.id == f.rule.id) {
                result.insert("ruleIndex".into(), json!(i));
            }
            result.insert("level".into(), json!(level(f.severity)));
            result.insert("message".into(), json!({ "text": f.message }));
            let loc = location(f, sources);
            let placed = loc.clone().unwrap_or_else(|| Location {
                file: county_file(sources),
                line: 1,
                column: 1,
            });
            result.insert(
                "locations".into(),
                json!([physical(&placed.file, placed.line, placed.column, None)]),
            );
            let related: Vec<Value> = f
                .labels
                .iter()
                .enumerate()
                .map(|(i, (span, text))| {
                    let file = sources.get(span.file);
                    let (line, column) = file.line_col(span.range.start);
                    let mut v = physical(&file.name, line, column, Some(text));
                    v["id"] = json!(i);
                    v
                })
                .collect();
            if !related.is_empty() {
                result.insert("relatedLocations".into(), json!(related));
            }
            result.insert(
                "partialFingerprints".into(),
                json!({ "imaudit/v1": fingerprint(f, loc.as_ref().map(|l| l.file.as_str())) }),
            );
            let mut props = Map::new();
            props.insert("clause".into(), json!(f.rule.clause.label));
            if let Some(o) = &f.office {
                props.insert("office".into(), json!(o));
            }
            if let Some(s) = &f.subject {
                props.insert("subject".into(), json!(s));
            }
            if let Some(d) = f.date {
                props.insert("date".into(), json!(d.to_string()));
            }
            result.insert("properties".into(), Value::Object(props));
            Value::Object(result)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "imaudit",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "as_of": as_of.to_string() },
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    out.push('\n');
    out
}

/// A rule's `///` doc without the one space each line starts with.
fn explanation(r: &Rule) -> String {
    let lines: Vec<&str> = r
        .explanation
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string()
}

/// What code scanning shows under an alert: the clause, the one-line summary and the rule's
/// explanation (as `check --explain` prints it).
fn help(r: &Rule) -> Value {
    let body = explanation(r);
    json!({
        "text": format!("要點 {} {}：{}\n\n{}", r.clause.label, r.clause.title, r.summary, body),
        "markdown": format!(
            "**要點 {} {}**：{}\n\n{}",
            r.clause.label, r.clause.title, r.summary, body
        ),
    })
}

/// The county's `county.toml` as the evaluation named it (`records/county.toml` for the usual
/// folder), where findings without a file of their own are placed.
fn county_file(sources: &SourceMap) -> String {
    let names = || sources.iter().map(|(_, f)| f.name.as_str());
    if let Some(name) = names().find(|n| n.ends_with("/county.toml") && n.matches('/').count() == 1)
    {
        return name.to_string();
    }
    // No county.toml was read (it is missing, which is itself a finding): the records
    // folder's name is the first part of any file that was.
    let folder = names()
        .filter_map(|n| n.split_once('/').map(|(first, _)| first))
        .next()
        .unwrap_or("records");
    format!("{folder}/county.toml")
}

fn physical(file: &str, line: usize, column: usize, message: Option<&str>) -> Value {
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": { "startLine": line, "startColumn": column },
        }
    });
    if let Some(m) = message {
        v["message"] = json!({ "text": m });
    }
    v
}

/// A relative URI reference for a `/`-separated path: every byte outside the unreserved set
/// and `/` percent-encoded (RFC 3986), so a file with a space or a Chinese name stays valid.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable id of a finding across runs (FNV-1a over what identifies it, not its line), so a
/// code-scanning tool can tell a finding that moved from one that is new.
fn fingerprint(f: &Finding, file: Option<&str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        f.rule.id,
        file.unwrap_or(""),
        f.office.as_deref().unwrap_or(""),
        f.subject.as_deref().unwrap_or(""),
        &f.message,
    ];
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("records/offices/x/logs/2026/2026-01.toml"),
            "records/offices/x/logs/2026/2026-01.toml"
        );
        assert_eq!(
            uri("records/a b/說明.txt"),
            "records/a%20b/%E8%AA%AA%E6%98%8E.txt"
        );
    }
}
