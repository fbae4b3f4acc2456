//! JSON Schema for the hand-made parts of the record types (schemars), so `imaudit schema` can
//! describe every record kind from the same Rust types the loader reads: the `Spanned` wrapper
//! (transparent), the scalar values (dates, date-times, months, half-years, ids, clock times)
//! and every code (roles, items, check items, event types, …) as a string enum whose values
//! carry their Chinese names for editors.
//!
//! Some codes are read as plain strings so that an unknown one is an `unknown-reference`
//! finding rather than an unreadable file; their fields still get the enum here
//! (`#[schemars(with = "Role")]` and the like), so an editor flags the typo as it is typed.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use super::codes::{CheckItem, Item, Role};
use super::forms::{AccountAction, CheckResult, Decision, Inspector};
use super::office::{DutyEndReason, EventKind};
use super::spanned::Spanned;
use super::values::{ClockTime, Day, Id, Stamp};
use crate::time::{HalfYear, Month};

/// The id form of records.md (`[a-z0-9][a-z0-9-]*`, at most 64 characters).
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";
pub const MONTH_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";
pub const HALF_YEAR_PATTERN: &str = "^[0-9]{4}-H[12]$";
pub const CLOCK_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
/// The format schemars gives a date-time without offset (chrono's `NaiveDateTime`); TOML
/// language servers read it as a TOML local date-time.
pub const LOCAL_DATE_TIME_FORMAT: &str = "partial-date-time";
/// A TOML local date as taplo hands it to the validator (a string): taplo checks no `format`
/// of a local date or date-time, but it does check a `pattern`, so `date = "yesterday"` or a
/// date-time where a date belongs is flagged at its line (issue 15).
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// A TOML local date-time (seconds optional, as TOML 1.1 allows; `T`, `t` or a space between).
pub const LOCAL_DATE_TIME_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?$";

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    // The span is where the value was read from, not part of the value: the schema is T's.
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A string code with the Chinese name of each value: `enum` for validation and completion,
/// `x-taplo` (Taplo / Even Better TOML) and `enumDescriptions` (VS Code) to show the names.
pub fn code_schema(description: &str, codes: &[(&str, &str)]) -> Schema {
    let values: Vec<&str> = codes.iter().map(|(code, _)| *code).collect();
    let names: Vec<String> = codes
        .iter()
        .map(|(code, label)| format!("{code}：{label}"))
        .collect();
    json_schema!({
        "type": "string",
        "description": description,
        "enum": values,
        "enumDescriptions": names,
        "x-taplo": { "docs": { "enumValues": names } },
    })
}

/// Implements [`JsonSchema`] for a code type, inline (each field shows the whole list).
macro_rules! code_schema_impl {
    ($ty:ty, $name:literal, $description:literal, $codes:expr) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let codes: Vec<(&str, &str)> = $codes;
                code_schema($description, &codes)
            }
        }
    };
}

code_schema_impl!(
    Role,
    "Role",
    "角色代碼",
    Role::ALL.iter().map(|r| (r.code(), r.label())).collect()
);
code_schema_impl!(
    Item,
    "Item",
    "申請使用項目代碼（要點二 業務範圍）",
    Item::ALL.iter().map(|i| (i.code(), i.label())).collect()
);
code_schema_impl!(
    CheckItem,
    "CheckItem",
    "稽核項目代碼",
    CheckItem::ALL
        .iter()
        .map(|i| (i.code(), i.label().trim_end_matches('。')))
        .collect()
);
code_schema_impl!(
    EventKind,
    "EventKind",
    "帳號事件種類",
    EventKind::ALL
        .iter()
        .map(|e| (e.code(), e.label()))
        .collect()
);
code_schema_impl!(
    DutyEndReason,
    "DutyEndReason",
    "職務異動原因（三(四)）",
    DutyEndReason::ALL
        .iter()
        .map(|r| (r.code(), r.label()))
        .collect()
);
code_schema_impl!(
    CheckResult,
    "CheckResult",
    "稽核結果",
    vec![("pass", "符合"), ("fail", "不符")]
);
code_schema_impl!(
    Decision,
    "Decision",
    "清查結果",
    vec![("keep", "繼續使用"), ("revoke", "終止權限")]
);
code_schema_impl!(
    Inspector,
    "Inspector",
    "督考機關",
    vec![
        ("county", Inspector::County.label()),
        ("nia", Inspector::Nia.label())
    ]
);
code_schema_impl!(
    AccountAction,
    "AccountAction",
    "對帳號所採措施（五）",
    vec![("suspended", "暫停權限"), ("terminated", "終止權限")]
);

/// A TOML date or date-time is a string to taplo's validator, so its schema must say `string`;
/// but said as `"type": "string"`, taplo's completion inserts `key = "$0"`, quotes that make
/// the value a string for `check` too. Said as the one-element list `["string"]` it validates
/// the same, and taplo's new-entry snippet (taplo-lsp completion.rs `empty_value_snippet`)
/// inserts `key = $0`, unquoted. schema.rs's tidy keeps this list as it is.
fn unquoted_completion(extra: Value) -> Value {
    let mut v = extra;
    if let Value::Object(o) = &mut v {
        o.insert("type".into(), json!(["string"]));
    }
    v
}

/// A string of a fixed form.
fn string_schema(description: &str, extra: Value) -> Schema {
    let mut v = json!({ "type": "string", "description": description });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    Schema::try_from(v).unwrap_or_else(|_| Schema::from(true))
}

macro_rules! string_schema_impl {
    ($ty:ty, $name:literal, $description:literal, $extra:expr) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                string_schema($description, $extra)
            }
        }
    };
}

string_schema_impl!(
    Day,
    "Day",
    "日期，TOML 日期不加引號，例如 2026-11-24",
    unquoted_completion(json!({ "format": "date", "pattern": DATE_PATTERN }))
);
string_schema_impl!(
    Stamp,
    "Stamp",
    "日期時間（臺灣時間），TOML 日期時間不加引號，例如 2026-11-03T09:12:00",
    unquoted_completion(json!({
        "format": LOCAL_DATE_TIME_FORMAT,
        "pattern": LOCAL_DATE_TIME_PATTERN
    }))
);
string_schema_impl!(
    Month,
    "Month",
    "月份，例如 \"2026-11\"",
    json!({ "pattern": MONTH_PATTERN })
);
string_schema_impl!(
    HalfYear,
    "HalfYear",
    "半年期，例如 \"2026-H1\"（上半年）或 \"2026-H2\"（下半年）",
    json!({ "pattern": HALF_YEAR_PATTERN })
);
string_schema_impl!(
    Id,
    "Id",
    "代碼：小寫英文字母、數字與連字號，以字母或數字開頭，至多 64 字元，例如 \"wang-xiao-ming\"",
    json!({ "pattern": ID_PATTERN, "maxLength": 64 })
);
string_schema_impl!(
    ClockTime,
    "ClockTime",
    "時刻 \"HH:MM\"，例如 \"08:00\"",
    json!({ "pattern": CLOCK_PATTERN })
);

/// A reference to a person of the same office (their `id` in people.toml). The loader reads it
/// as a string and reports an unknown one (`unknown-reference`); the schema gives its form.
pub struct PersonRef;

string_schema_impl!(
    PersonRef,
    "PersonRef",
    "人員代碼（people.toml 中該人員的 id），例如 \"wang-xiao-ming\"",
    json!({ "pattern": ID_PATTERN, "maxLength": 64 })
);
