//! `manifest.json`: what `build` publishes of every record (its path, the SHA-256 of its
//! content, whether it was fully signed, the commit that completed its signatures and how many
//! `[[amendment]]`s it had), and the canonical form its hashes are taken of. The site writes
//! it; `check --against-manifest` reads an earlier one back for `history-rewritten`.
//!
//! The hash is of the parsed content, not of the bytes (see [`content_sha256`]), as
//! `signed-record-modified` compares parsed values: an editor's CRLF, a BOM, re-indenting or
//! comments are no change, so a site built on a Linux server and a check run on a Windows PC
//! with `core.autocrlf` agree.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::{Table, Value};

use crate::facts::signed::{fully_signed, place_of, roles_of, signing_version, versions_where};
use crate::history::History;
use crate::model::{Log, Place, Records, SignRole};
use crate::source::{FileId, SourceFile, SourceMap};

/// The version of the manifest format.
pub const MANIFEST_VERSION: u32 = 1;

/// What `build` publishes as `manifest.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// The evaluation date of the build.
    pub as_of: NaiveDate,
    /// The commit the records' repository was at (HEAD), when the records are in git.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// Every record, by path.
    pub records: Vec<ManifestRecord>,
}

/// One record of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestRecord {
    /// Relative to the records folder, `/`-separated.
    pub path: String,
    /// Hex SHA-256 of the record's content ([`content_sha256`]).
    pub content_sha256: String,
    /// Whether every signature line of the form was filled (usage logs, monthly audits,
    /// internal audits and permission reviews; other records have none).
    #[serde(default)]
    pub signed: bool,
    /// The commit that completed the signatures (the first committed version with every line
    /// filled, as `signed-record-modified` counts it), when it was committed by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_in: Option<String>,
    /// How many `[[amendment]]` tables the record had.
    #[serde(default)]
    pub amendments: usize,
}

impl Manifest {
    /// The manifest of the records as evaluated: `history` is the trail when it was read.
    pub fn of(
        loaded: &Records,
        sources: &SourceMap,
        history: Option<&History>,
        as_of: NaiveDate,
    ) -> Manifest {
        Manifest::of_records(
            Manifest::records_of(loaded, sources, |_| true, history, as_of),
            history,
            as_of,
        )
    }

    /// The manifest's entries of the files `wanted` accepts, whose texts must be loaded: a
    /// build made office by office takes each part's as it goes (`site::by_office`).
    pub fn records_of(
        loaded: &Records,
        sources: &SourceMap,
        wanted: impl Fn(FileId) -> bool,
        history: Option<&History>,
        as_of: NaiveDate,
    ) -> Vec<ManifestRecord> {
        use rayon::prelude::*;
        // The usage logs the fast reader read, as loaded: the same log it would give again
        // (issue 6: reading every log once more was a third of a county's manifest).
        let plain: HashMap<FileId, &Log> = loaded
            .offices
            .values()
            .flat_map(|o| o.logs.values())
            .filter(|l| loaded.plain_logs.contains(&l.file))
            .map(|l| (l.file, &l.data))
            .collect();
        let files: Vec<(String, &SourceFile, Option<&Log>)> = sources
            .iter()
            .filter(|(id, _)| wanted(*id))
            .filter_map(|(id, f)| {
                let (_, rel) = f.name.split_once('/')?;
                Manifest::lists(rel).then(|| (rel.to_string(), f, plain.get(&id).copied()))
            })
            .collect();
        files
            .into_par_iter()
            .map(|(path, text, log)| record(&path, text, log, history, as_of))
            .collect()
    }

    /// Whether the manifest lists the file at `rel` (relative to the records folder): a record
    /// in its place, README files aside.
    pub fn lists(rel: &str) -> bool {
        place_of(rel).is_some_and(|p| p != Place::Readme)
    }

    /// The manifest of these entries, in any order.
    pub fn of_records(
        mut records: Vec<ManifestRecord>,
        history: Option<&History>,
        as_of: NaiveDate,
    ) -> Manifest {
        records.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            version: MANIFEST_VERSION,
            as_of,
            head: history
                .and_then(|h| h.mainline.last())
                .map(|c| c.id.to_string()),
            records,
        }
    }

    /// The manifest as published: pretty JSON, one record per entry, a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a published manifest; the error says why in Traditional Chinese.
    pub fn from_json(text: &str) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_str(text)
            .map_err(|e| format!("不是 imaudit 的 manifest.json：{e}"))?;
        if m.version != MANIFEST_VERSION {
            return Err(format!(
                "manifest.json 的版本 {} 無法讀取（此版 imaudit 讀取版本 {MANIFEST_VERSION}）",
                m.version
            ));
        }
        Ok(m)
    }
}

/// The manifest record of the file at `path`; `plain` is the log the loader's fast reader read
/// from `text`, when it did.
fn record(
    path: &str,
    file: &SourceFile,
    plain: Option<&Log>,
    history: Option<&History>,
    as_of: NaiveDate,
) -> ManifestRecord {
    let text = file.text.as_str();
    let roles = place_of(path).as_ref().and_then(roles_of);
    // A usage log in the plain shape goes through the loader's fast reader rather than a TOML
    // table: same signatures, amendments and canonical text (issue 6: parsing a county's logs
    // twice more per build was a quarter of `build`).
    let read;
    let log = match plain {
        Some(log) => Some(log),
        None => {
            read = plain_log(path, text);
            read.as_ref()
        }
    };
    if let Some(log) = log {
        let signed = roles.is_some_and(|roles| {
            roles.iter().all(|r| {
                log.signoff
                    .as_ref()
                    .is_some_and(|s| s.get_ref().get(*r).is_some())
            })
        });
        let signed_in = match (signed, roles, history) {
            (true, Some(roles), Some(h)) => signing_commit(h, path, roles, as_of),
            _ => None,
        };
        return ManifestRecord {
            path: path.to_string(),
            content_sha256: file
                .content_sha256(|| hex_sha256(&crate::load::usage_log::canonical(log)))
                .to_string(),
            signed,
            signed_in,
            amendments: log.amendment.len(),
        };
    }
    let table = path
        .ends_with(".toml")
        .then(|| text.parse::<Table>().ok())
        .flatten();
    let signed = match (&table, roles) {
        (Some(t), Some(roles)) => fully_signed(t, roles),
        _ => false,
    };
    let signed_in = match (signed, roles, history) {
        (true, Some(roles), Some(h)) => signing_commit(h, path, roles, as_of),
        _ => None,
    };
    ManifestRecord {
        path: path.to_string(),
        content_sha256: file
            .content_sha256(|| sha256_of(text, table.as_ref()))
            .to_string(),
        signed,
        signed_in,
        amendments: table.as_ref().map_or(0, amendments),
    }
}

/// The commit of the first committed version (by the evaluation date) with every signature
/// line filled.
fn signing_commit(
    history: &History,
    path: &str,
    roles: &[SignRole],
    as_of: NaiveDate,
) -> Option<String> {
    // The rules' own reading of the versions (forms.rs), so the manifest and
    // `signed-record-modified` name the same commit.
    let versions = versions_where(history, path, |c| history.commit(c).day() <= as_of);
    signing_version(&versions, roles).map(|v| v.commit.id.to_string())
}

fn amendments(t: &Table) -> usize {
    match t.get("amendment") {
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

/// Hex SHA-256 of a record's content. A TOML file that parses is hashed as its values written
/// canonically (keys sorted, no comments, no layout: [`canonical`]); anything else (the CSV
/// system logs, regulation.md, a TOML file that does not parse) as its text with CRLF turned
/// into LF. The BOM is already gone from the loaded text.
pub fn content_sha256(path: &str, text: &str) -> String {
    if let Some(log) = plain_log(path, text) {
        return hex_sha256(&crate::load::usage_log::canonical(&log));
    }
    let parsed = path
        .ends_with(".toml")
        .then(|| text.parse::<Table>().ok())
        .flatten();
    sha256_of(text, parsed.as_ref())
}

/// A usage log read by the loader's fast reader, when it is one in the plain shape.
fn plain_log(path: &str, text: &str) -> Option<crate::model::Log> {
    matches!(place_of(path), Some(Place::Log(..)))
        .then(|| crate::load::usage_log::read(text))
        .flatten()
}

/// [`content_sha256`] of a file whose TOML table (if it is TOML and parses) is `parsed`.
fn sha256_of(text: &str, parsed: Option<&Table>) -> String {
    let canonical = match parsed {
        Some(t) => {
            let mut out = String::new();
            canonical_table(t, &mut out);
            out
        }
        None => text.replace("\r\n", "\n"),
    };
    hex_sha256(&canonical)
}

fn hex_sha256(canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A TOML value as canonical text: JSON-like, tables with keys sorted, strings JSON-escaped,
/// dates and times as `@` and their TOML text. Written here rather than by a serializer so
/// the hash does not change with a library's formatting.
pub(crate) fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Datetime(d) => {
            let _ = write!(out, "@{d}");
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        Value::Table(t) => canonical_table(t, out),
    }
}

/// [`canonical`] of a table.
fn canonical_table(t: &Table, out: &mut String) {
    let mut keys: Vec<&String> = t.keys().collect();
    keys.sort();
    out.push('{');
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push(':');
        if let Some(x) = t.get(k) {
            canonical(x, out);
        }
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_comments_and_line_endings_do_not_change_the_content_hash() {
        let a = "month = \"2026-01\"\nno_usage = true\n";
        let b = "# 115年1月\r\nno_usage   =   true\r\nmonth = \"2026-01\" # 月份\r\n";
        let p = "offices/x/logs/2026/2026-01.toml";
        assert_eq!(content_sha256(p, a), content_sha256(p, b));
        assert_ne!(
            content_sha256(p, a),
            content_sha256(p, "month = \"2026-01\"\nno_usage = false\n")
        );
        let csv = "offices/x/system-logs/2026-01.csv";
        assert_eq!(
            content_sha256(csv, "time\n1\n"),
            content_sha256(csv, "time\r\n1\r\n")
        );
    }

    #[test]
    fn a_string_and_a_date_with_the_same_text_hash_apart() {
        let p = "offices/x/internal-audits/2026-01-22.toml";
        assert_ne!(
            content_sha256(p, "date = 2026-01-22\n"),
            content_sha256(p, "date = \"2026-01-22\"\n")
        );
    }
}
