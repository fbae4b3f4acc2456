//! JSON Schemas of the record kinds, for editors (`imaudit schema`, cli.md): generated with
//! schemars from the very types the loader reads (src/model/), so an editor's completion and
//! red squiggles follow the same rules as `check`'s `parse-error`.
//!
//! Records name their schema on their first line, `#:schema <relative path>` (a TOML comment
//! the loader ignores; Taplo / Even Better TOML read it, resolving the path from the record's
//! own folder). The schemas live in `schemas/` beside the records folder, so the path climbs
//! out of the record's folders: `records/county.toml` → `../schemas/county.schema.json`.
//!
//! The schemas are JSON Schema draft-07, the draft TOML language servers support best.

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use crate::load::place::{classify, Classified};
use crate::model::{self, Place, SignRole};

/// The folder, beside the records folder, that holds the schemas.
pub const SCHEMA_DIR: &str = "schemas";

/// The first-line directive that names a record's schema.
pub const DIRECTIVE: &str = "#:schema ";

/// A kind of TOML record, one schema each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    County,
    Calendar,
    Office,
    People,
    Log,
    MonthlyAudit,
    InternalAudit,
    PermissionReview,
    Inspection,
    Handover,
    Incident,
}

impl RecordKind {
    pub const ALL: [RecordKind; 11] = [
        RecordKind::County,
        RecordKind::Calendar,
        RecordKind::Office,
        RecordKind::People,
        RecordKind::Log,
        RecordKind::MonthlyAudit,
        RecordKind::InternalAudit,
        RecordKind::PermissionReview,
        RecordKind::Inspection,
        RecordKind::Handover,
        RecordKind::Incident,
    ];

    /// The schema's file name in [`SCHEMA_DIR`].
    pub fn file_name(self) -> &'static str {
        match self {
            RecordKind::County => "county.schema.json",
            RecordKind::Calendar => "calendar.schema.json",
            RecordKind::Office => "office.schema.json",
            RecordKind::People => "people.schema.json",
            RecordKind::Log => "log.schema.json",
            RecordKind::MonthlyAudit => "monthly-audit.schema.json",
            RecordKind::InternalAudit => "internal-audit.schema.json",
            RecordKind::PermissionReview => "permission-review.schema.json",
            RecordKind::Inspection => "inspection.schema.json",
            RecordKind::Handover => "handover.schema.json",
            RecordKind::Incident => "incident.schema.json",
        }
    }

    /// The kind of record a place holds; `None` for what is not a TOML record.
    pub fn of_place(place: &Place) -> Option<RecordKind> {
        Some(match place {
            Place::County => RecordKind::County,
            Place::Calendar(_) => RecordKind::Calendar,
            Place::Office(_) => RecordKind::Office,
            Place::People(_) => RecordKind::People,
            Place::Log(..) => RecordKind::Log,
            Place::MonthlyAudit(..) => RecordKind::MonthlyAudit,
            Place::InternalAudit(..) => RecordKind::InternalAudit,
            Place::PermissionReview(..) => RecordKind::PermissionReview,
            Place::Inspection(..) => RecordKind::Inspection,
            Place::Handover(..) => RecordKind::Handover,
            Place::Incident(..) => RecordKind::Incident,
            Place::Regulation | Place::SystemLog(..) | Place::Readme => return None,
        })
    }

    /// The kind of record at `rel`, a `/`-separated path relative to the records folder.
    pub fn of_path(rel: &str) -> Option<RecordKind> {
        let parts: Vec<&str> = rel.split('/').collect();
        match classify(&parts) {
            Classified::Known(place) | Classified::Mismatch(place, _) => {
                RecordKind::of_place(&place)
            }
            Classified::Unexpected(_) => None,
        }
    }

    /// The signature lines of the form (records.md "Signatures"); `None` for records that are
    /// not signed forms.
    fn signature_roles(self) -> Option<&'static [SignRole]> {
        use SignRole::*;
        match self {
            RecordKind::Log => Some(&[Handler, Secretary, Director]),
            RecordKind::MonthlyAudit => Some(&[Auditor, SectionChief, Secretary, Director]),
            RecordKind::InternalAudit => Some(&[Auditor, Director]),
            RecordKind::PermissionReview => Some(&[Handler, Director]),
            _ => None,
        }
    }
}

/// The schema of one record kind, as JSON.
pub fn schema(kind: RecordKind) -> Value {
    let mut value = match kind {
        RecordKind::County => root::<model::County>(),
        RecordKind::Calendar => root::<model::CalendarFile>(),
        RecordKind::Office => root::<model::Office>(),
        RecordKind::People => root::<model::People>(),
        RecordKind::Log => root::<model::Log>(),
        RecordKind::MonthlyAudit => root::<model::MonthlyAudit>(),
        RecordKind::InternalAudit => root::<model::InternalAudit>(),
        RecordKind::PermissionReview => root::<model::PermissionReview>(),
        RecordKind::Inspection => root::<model::Inspection>(),
        RecordKind::Handover => root::<model::Handover>(),
        RecordKind::Incident => root::<model::Incident>(),
    };
    tidy(&mut value);
    if let Some(roles) = kind.signature_roles() {
        // One `Signoff` type serves every form; the loader allows each form only its own lines
        // (a `handler` on a monthly audit signs nothing), and so does the schema.
        if let Some(props) = value
            .pointer_mut("/definitions/Signoff/properties")
            .and_then(Value::as_object_mut)
        {
            props.retain(|key, _| roles.iter().any(|r| r.key() == key));
        }
    }
    if let Some(o) = value.as_object_mut() {
        o.insert(
            "$comment".into(),
            json!("由 imaudit schema 依紀錄格式產生（records.md），請勿手改：升級 imaudit 後重新執行 imaudit schema --out schemas。"),
        );
    }
    value
}

/// The schema of one kind as the file holds it: pretty JSON, one trailing newline.
pub fn render(kind: RecordKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every kind's schema into `dir` (created if needed); returns the files written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in RecordKind::ALL {
        let path = dir.join(kind.file_name());
        std::fs::write(&path, render(kind))?;
        written.push(path);
    }
    Ok(written)
}

/// The `#:schema` line for the record at `rel` (relative to the records folder), pointing at
/// `schemas/` beside the records folder; `None` when `rel` is not a TOML record.
pub fn directive(rel: &str) -> Option<String> {
    let kind = RecordKind::of_path(rel)?;
    // One `../` per folder the record sits in, plus one to leave the records folder itself.
    let depth = rel.matches('/').count() + 1;
    Some(format!(
        "{DIRECTIVE}{}{SCHEMA_DIR}/{}",
        "../".repeat(depth),
        kind.file_name()
    ))
}

/// `text` with the `#:schema` line of `rel` first (unless it already has one).
pub fn with_directive(rel: &str, text: &str) -> String {
    match directive(rel) {
        Some(line) if !text.starts_with(DIRECTIVE) => format!("{line}\n{text}"),
        _ => text.to_string(),
    }
}

fn root<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Fits schemars' output to TOML. TOML has no null: an optional key is simply left out, so where
/// schemars describes `Option<T>` as "T or null" this keeps the "T". And the integer widths
/// schemars names as formats (`uint32`) are no JSON Schema format: editors would only warn.
fn tidy(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(tidy),
        Value::Object(o) => {
            if o.get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f.starts_with("int") || f.starts_with("uint"))
            {
                o.remove("format");
            }
            if let Some(Value::Array(types)) = o.get_mut("type") {
                let before = types.len();
                types.retain(|t| t != "null");
                // Only a list that held "null" is collapsed: `["string"]` alone is meant
                // (model/schema.rs `unquoted_completion`).
                if types.len() == 1 && before > 1 {
                    let only = types.remove(0);
                    o.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(values)) = o.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            if o.get("additionalProperties") == Some(&Value::Bool(false)) {
                o.insert("additionalProperties".into(), unknown_key());
            }
            if let Some(Value::Array(alternatives)) = o.get_mut("anyOf") {
                alternatives.retain(|a| a.get("type").and_then(Value::as_str) != Some("null"));
                if alternatives.len() == 1 {
                    let only = alternatives.remove(0);
                    o.remove("anyOf");
                    merge_into(o, only);
                }
            }
            o.values_mut().for_each(tidy);
        }
        _ => {}
    }
}

/// What a key the record kind does not have must match: nothing a person types. Said as
/// `additionalProperties: false`, taplo marks every line of the table holding the typo (and
/// an extra table, the whole file: 399 diagnostics); said as a schema every value fails, taplo
/// marks the typo'd key's value alone, with this text in the message.
fn unknown_key() -> Value {
    json!({
        "description": "未定義的鍵（可能是拼字錯誤）",
        "enum": ["未定義的鍵（可能是拼字錯誤），請刪除或改正"],
    })
}

/// Puts the one remaining alternative of an `anyOf` in its parent. A `$ref` keeps its own
/// object (draft-07 ignores a `$ref`'s siblings, so the parent's description must stay beside
/// it, not with it); anything else is merged, the parent's own keys (its description) first.
fn merge_into(parent: &mut Map<String, Value>, only: Value) {
    match only {
        Value::Object(inner) if !inner.contains_key("$ref") => {
            for (k, v) in inner {
                parent.entry(k).or_insert(v);
            }
        }
        other => {
            parent.insert("allOf".into(), Value::Array(vec![other]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_climbs_out_of_the_records_folder() {
        assert_eq!(
            directive("county.toml").as_deref(),
            Some("#:schema ../schemas/county.schema.json")
        );
        assert_eq!(
            directive("offices/tianzhong/logs/2026/2026-11.toml").as_deref(),
            Some("#:schema ../../../../../schemas/log.schema.json")
        );
        assert_eq!(
            directive("offices/x/handovers/2026-08-03-wang-xiao-ming.toml").as_deref(),
            Some("#:schema ../../../../schemas/handover.schema.json")
        );
        assert_eq!(directive("offices/x/system-logs/2026-01.csv"), None);
        assert_eq!(directive("regulation.md"), None);
    }

    #[test]
    fn optional_keys_are_not_nullable() {
        for kind in RecordKind::ALL {
            let text = render(kind);
            assert!(!text.contains("\"null\""), "{kind:?} still allows null");
        }
    }
}
