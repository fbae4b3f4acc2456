//! Editing records as people do (issue 7): `imaudit new` for every kind, `imaudit init`, the
//! editor schemas (`imaudit schema`, `#:schema` first lines), and a newcomer's first month from
//! `init` to a clean `check`, scripted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use imaudit::schema::{self, RecordKind};
use serde_json::Value;

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("imaudit runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a records folder, at `<tempdir>/records`, with the committed schemas beside it
/// (where the records' `#:schema` lines point).
fn copy_of(records: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        (records.to_path_buf(), dir.path().join("records")),
        (root().join("schemas"), dir.path().join("schemas")),
    ] {
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let dest = to.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// JSON Schema validation (boon), of TOML read as an editor's language server reads it
// ---------------------------------------------------------------------------------------------

/// TOML as JSON: dates and date-times become their TOML text (what Taplo validates).
fn to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// A TOML local date-time (the format schemars gives `NaiveDateTime`; not one boon knows).
fn local_date_time(v: &Value) -> Result<(), Box<dyn std::error::Error>> {
    let Value::String(s) = v else { return Ok(()) };
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map(|_| ())
        .map_err(|e| format!("「{s}」不是 TOML 本地日期時間：{e}").into())
}

/// Compiled schemas, by file path.
struct Validator {
    schemas: boon::Schemas,
    compiler: boon::Compiler,
    compiled: HashMap<PathBuf, boon::SchemaIndex>,
}

impl Validator {
    fn new() -> Validator {
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.register_format(boon::Format {
            name: "partial-date-time",
            func: local_date_time,
        });
        Validator {
            schemas: boon::Schemas::new(),
            compiler,
            compiled: HashMap::new(),
        }
    }

    fn index(&mut self, schema_file: &Path) -> boon::SchemaIndex {
        let key = schema_file
            .canonicalize()
            .unwrap_or_else(|e| panic!("schema {}: {e}", schema_file.display()));
        if let Some(i) = self.compiled.get(&key) {
            return *i;
        }
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
        let loc = format!("file://{}", key.display());
        self.compiler.add_resource(&loc, json).unwrap();
        let i = self
            .compiler
            .compile(&loc, &mut self.schemas)
            .unwrap_or_else(|e| panic!("{}: {e:#}", key.display()));
        self.compiled.insert(key, i);
        i
    }

    /// Validates `text` (a TOML record) against `schema_file`.
    fn check_text(&mut self, schema_file: &Path, text: &str) -> Result<(), String> {
        let value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
        let index = self.index(schema_file);
        self.schemas
            .validate(&to_json(&value), index)
            .map_err(|e| format!("{e:#}"))
    }

    /// Validates a record file against the schema its `#:schema` first line names, resolved
    /// from the file's folder as an editor does.
    fn check_file(&mut self, file: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let Some(rel) = first.strip_prefix("#:schema ") else {
            return Err(format!("first line is not #:schema: {first}"));
        };
        let schema_file = file.parent().unwrap().join(rel);
        if !schema_file.is_file() {
            return Err(format!("#:schema points at a missing file: {rel}"));
        }
        self.check_text(&schema_file, &text)
    }
}

fn toml_files(records: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(records)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn rel(records: &Path, file: &Path) -> String {
    file.strip_prefix(records)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

#[test]
fn committed_schemas_are_the_generated_ones() {
    for kind in RecordKind::ALL {
        let path = root().join("schemas").join(kind.file_name());
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (run imaudit schema --out schemas)", path.display())
        });
        assert!(
            committed == schema::render(kind),
            "{} is stale: run `cargo run -- schema --out schemas`",
            path.display()
        );
    }
    let files = std::fs::read_dir(root().join("schemas")).unwrap().count();
    assert_eq!(
        files,
        RecordKind::ALL.len(),
        "schemas/ holds exactly one file per kind"
    );
}

#[test]
fn schema_command_writes_one_file_per_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(imaudit()
        .args(["schema", "--out"])
        .arg(dir.path().join("schemas")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for kind in RecordKind::ALL {
        let text =
            std::fs::read_to_string(dir.path().join("schemas").join(kind.file_name())).unwrap();
        assert_eq!(text, schema::render(kind));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(
            v["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{kind:?} has a title"
        );
    }
}

/// Every key of every schema says what it is, in Chinese (the editor shows it on hover).
#[test]
fn every_key_has_a_chinese_description() {
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::Object(props)) = o.get("properties") {
                    for (key, sub) in props {
                        let described =
                            sub.get("description")
                                .and_then(Value::as_str)
                                .is_some_and(|d| {
                                    d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                                });
                        if !described {
                            missing.push(format!("{path}.{key}"));
                        }
                    }
                }
                for (k, sub) in o {
                    walk(sub, &format!("{path}/{k}"), missing);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, path, missing)),
            _ => {}
        }
    }
    for kind in RecordKind::ALL {
        let mut missing = Vec::new();
        walk(&schema::schema(kind), kind.file_name(), &mut missing);
        assert!(
            missing.is_empty(),
            "keys without a Chinese description: {missing:?}"
        );
    }
}

/// Codes are enums in the schemas, and each listed value is one the loader reads.
#[test]
fn codes_are_enums_the_loader_accepts() {
    let enum_at = |kind: RecordKind, pointer: &str| -> Vec<String> {
        let s = schema::schema(kind);
        let v = s
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{kind:?} has no {pointer}"));
        v["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{kind:?} {pointer} is not an enum: {v}"))
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let roles = enum_at(
        RecordKind::Office,
        "/definitions/RoleHolding/properties/role",
    );
    assert_eq!(
        roles,
        [
            "director",
            "secretary",
            "section-chief",
            "sysadmin",
            "sysadmin-deputy",
            "auditor"
        ]
    );
    for r in &roles {
        assert!(imaudit::model::Role::from_code(r).is_some());
    }
    let items = enum_at(
        RecordKind::People,
        "/definitions/Account/properties/items/items",
    );
    assert_eq!(
        items,
        ["entry-exit", "mainland-hk-macao", "foreign-residence"]
    );
    let entry_items = enum_at(RecordKind::Log, "/definitions/Entry/properties/items/items");
    assert_eq!(entry_items, items);
    let checks = enum_at(RecordKind::Inspection, "/definitions/Check/properties/item");
    assert_eq!(checks.len(), 6);
    for c in &checks {
        assert!(imaudit::model::CheckItem::from_code(c).is_some());
    }
    // Codes the loader reads with serde: every value listed deserialises.
    let events = enum_at(
        RecordKind::People,
        "/definitions/AccountEvent/properties/type",
    );
    assert_eq!(events.len(), 10);
    for e in &events {
        let _: imaudit::model::EventKind =
            serde::Deserialize::deserialize(toml::Value::String(e.clone())).unwrap();
    }
    let reasons = enum_at(
        RecordKind::People,
        "/definitions/AccountEvent/properties/reason",
    );
    for r in &reasons {
        let _: imaudit::model::DutyEndReason =
            serde::Deserialize::deserialize(toml::Value::String(r.clone())).unwrap();
    }
    for (kind, pointer) in [
        (
            RecordKind::MonthlyAudit,
            "/definitions/Check/properties/result",
        ),
        (
            RecordKind::PermissionReview,
            "/definitions/ReviewedAccount/properties/decision",
        ),
        (RecordKind::Inspection, "/properties/by"),
        (RecordKind::Incident, "/properties/account_action"),
    ] {
        assert_eq!(enum_at(kind, pointer).len(), 2, "{kind:?} {pointer}");
    }
    let _: imaudit::model::CheckResult =
        serde::Deserialize::deserialize(toml::Value::String("fail".into())).unwrap();
    let _: imaudit::model::Decision =
        serde::Deserialize::deserialize(toml::Value::String("revoke".into())).unwrap();
    let _: imaudit::model::Inspector =
        serde::Deserialize::deserialize(toml::Value::String("nia".into())).unwrap();
    let _: imaudit::model::AccountAction =
        serde::Deserialize::deserialize(toml::Value::String("terminated".into())).unwrap();
}

/// Each form's `[signoff]` allows only that form's signature lines, as the loader does.
#[test]
fn signoff_keys_are_the_forms_own() {
    let keys = |kind: RecordKind| -> Vec<String> {
        let mut k: Vec<String> = schema::schema(kind)
            .pointer("/definitions/Signoff/properties")
            .and_then(Value::as_object)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    assert_eq!(keys(RecordKind::Log), ["director", "handler", "secretary"]);
    assert_eq!(
        keys(RecordKind::MonthlyAudit),
        ["auditor", "director", "secretary", "section_chief"]
    );
    assert_eq!(keys(RecordKind::InternalAudit), ["auditor", "director"]);
    assert_eq!(keys(RecordKind::PermissionReview), ["director", "handler"]);
}

#[test]
fn every_demo_record_names_its_schema_and_validates() {
    let records = root().join("records");
    let mut v = Validator::new();
    let files = toml_files(&records);
    assert!(files.len() > 200, "the demo has its records");
    let mut failures = Vec::new();
    for file in &files {
        let rel = rel(&records, file);
        let text = std::fs::read_to_string(file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        if Some(first) != schema::directive(&rel).as_deref() {
            failures.push(format!("{rel}: first line is {first:?}"));
            continue;
        }
        if let Err(e) = v.check_file(file) {
            failures.push(format!("{rel}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Broken records: the schema rejects each, and so does `check` (a parse error or an unknown
/// reference), so what the editor marks red is what `check` reports.
#[test]
fn schemas_reject_broken_records() {
    let dir = copy_of(&root().join("tests/fixtures/base/records"));
    let records = dir.path().join("records");
    let log = "offices/demo/logs/2026/2026-01.toml";
    let audit = "offices/demo/monthly-audits/2025/2025-12.toml";
    let office = "offices/demo/office.toml";
    let people = "offices/demo/people.toml";
    let cases: &[(&str, &str, &str, &str)] = &[
        // (file, what, replace, with)
        (
            log,
            "unknown key",
            "case = \"1150106-0003\"",
            "casee = \"1150106-0003\"",
        ),
        (
            log,
            "month form",
            "month = \"2026-01\"",
            "month = \"2026-1\"",
        ),
        (
            log,
            "item code",
            "items = [\"foreign-residence\"]",
            "items = [\"foreign\"]",
        ),
        (
            log,
            "date-time as text",
            "login = 2026-01-06T09:30:00",
            "login = \"2026-01-06 09:30\"",
        ),
        (
            log,
            "missing purpose",
            "purpose = \"辦理歸化國籍案件，查核居留期間\"\n",
            "",
        ),
        (audit, "result code", "result = \"pass\"", "result = \"ok\""),
        (
            audit,
            "check item code",
            "item = \"account-application\"",
            "item = \"account-applications\"",
        ),
        (
            office,
            "role code",
            "role = \"secretary\"",
            "role = \"secretery\"",
        ),
        (
            office,
            "person id form",
            "person = \"chen-zhi-ming\"",
            "person = \"Chen Zhi-ming\"",
        ),
        (
            people,
            "event type",
            "type = \"head-approved\"",
            "type = \"approved\"",
        ),
    ];
    let mut v = Validator::new();
    for (file, what, from, to) in cases {
        let path = records.join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let schema_file = dir
            .path()
            .join("schemas")
            .join(RecordKind::of_path(file).unwrap().file_name());
        assert!(
            v.check_text(&schema_file, &original).is_ok(),
            "{file} validates before the change"
        );
        assert!(original.contains(from), "{file} holds {from:?}");
        let broken = original.replacen(from, to, 1);
        assert!(
            v.check_text(&schema_file, &broken).is_err(),
            "the schema accepts a record with a bad {what}"
        );
        std::fs::write(&path, &broken).unwrap();
        let e = crate::harness::eval(&records, Some(&["parse-error", "unknown-reference"]));
        assert!(
            !e.findings.is_empty(),
            "check accepts a record with a bad {what}"
        );
        std::fs::write(&path, &original).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// imaudit new
// ---------------------------------------------------------------------------------------------

/// Runs `imaudit new` on `records`; returns the paths it printed.
fn new(records: &Path, args: &[&str]) -> Vec<PathBuf> {
    let out = run(imaudit()
        .args(["new"])
        .args(args)
        .arg("--records")
        .arg(records));
    assert_eq!(out.status.code(), Some(0), "new {args:?}: {}", stderr(&out));
    stdout(&out).lines().map(PathBuf::from).collect()
}

#[test]
fn new_writes_every_kind_where_records_md_says_and_each_passes_its_schema() {
    let dir = copy_of(&root().join("records"));
    let records = dir.path().join("records");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["log", "--office", "tianzhong", "--month", "2026-11"],
            &["offices/tianzhong/logs/2026/2026-11.toml"],
        ),
        (
            &["monthly-audit", "--office", "lukang", "--month", "2026-05"],
            &["offices/lukang/monthly-audits/2026/2026-05.toml"],
        ),
        (
            &[
                "internal-audit",
                "--office",
                "lukang",
                "--date",
                "2026-11-18",
            ],
            &["offices/lukang/internal-audits/2026-11-18.toml"],
        ),
        (
            &[
                "permission-review",
                "--office",
                "xihu",
                "--period",
                "2026-H2",
            ],
            &["offices/xihu/permission-reviews/2026-H2.toml"],
        ),
        (
            &[
                "inspection",
                "--office",
                "tianzhong",
                "--date",
                "2026-11-19",
            ],
            &["offices/tianzhong/inspections/2026-11-19.toml"],
        ),
        (
            &[
                "handover",
                "--office",
                "tianzhong",
                "--person",
                "liao-jun-xian",
                "--date",
                "2025-07-11",
            ],
            &["offices/tianzhong/handovers/2025-07-11-liao-jun-xian.toml"],
        ),
        (
            &[
                "incident",
                "--office",
                "tianzhong",
                "--person",
                "qiu-ya-ting",
                "--date",
                "2026-11-19",
                "--slug",
                "shared-login",
            ],
            &["offices/tianzhong/incidents/2026-11-19-shared-login.toml"],
        ),
        (
            &[
                "person",
                "--office",
                "xihu",
                "--person",
                "lin-xiao-hua",
                "--name",
                "林小華",
            ],
            &["offices/xihu/people.toml"],
        ),
        (
            &[
                "office",
                "--office",
                "yuanlin",
                "--name",
                "彰化縣員林戶政事務所",
                "--date",
                "2026-11-02",
            ],
            &["offices/yuanlin/office.toml", "offices/yuanlin/people.toml"],
        ),
    ];
    let mut v = Validator::new();
    for (args, want) in cases {
        let printed = new(&records, args);
        let want: Vec<PathBuf> = want
            .iter()
            .map(|w| w.split('/').fold(records.clone(), |p, c| p.join(c)))
            .collect();
        assert_eq!(printed, want, "new {args:?} prints the path it wrote");
        for file in &want {
            // The lines offered as comments (`# key = …`, `# [table]`) are where they belong:
            // uncommented, the record is still valid (a key after a [[check]] would not be).
            let text = std::fs::read_to_string(file).unwrap();
            let offered = uncomment_offered(&text);
            let kind = RecordKind::of_path(&rel(&records, file)).unwrap();
            v.check_text(&dir.path().join("schemas").join(kind.file_name()), &offered)
                .unwrap_or_else(|e| {
                    panic!(
                        "new {args:?}: uncommented {}: {e}\n{offered}",
                        file.display()
                    )
                });
            v.check_file(file).unwrap_or_else(|e| {
                panic!("new {args:?}: {} fails its schema: {e}", file.display())
            });
        }
    }
    // Every file written reads without a parse error or a wrong path.
    let e = crate::harness::eval(
        &records,
        Some(&["parse-error", "path-mismatch", "unexpected-file"]),
    );
    assert!(
        e.findings.is_empty(),
        "{:?}",
        e.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = copy_of(&root().join("records"));
    let records = dir.path().join("records");
    let path = records.join("offices/lukang/monthly-audits/2026/2026-09.toml");
    let before = std::fs::read(&path).unwrap();
    let out = run(imaudit()
        .args([
            "new",
            "monthly-audit",
            "--office",
            "lukang",
            "--month",
            "2026-09",
            "--records",
        ])
        .arg(&records));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("已存在"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "one line on stderr");
    assert!(stdout(&out).is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A person already in people.toml is not added twice.
    let people = records.join("offices/xihu/people.toml");
    let before = std::fs::read(&people).unwrap();
    let out = run(imaudit()
        .args([
            "new",
            "person",
            "--office",
            "xihu",
            "--person",
            "zhou-jia-rong",
            "--name",
            "周佳蓉",
            "--records",
        ])
        .arg(&records));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read(&people).unwrap(), before);
}

#[test]
fn new_names_what_is_missing_in_one_line() {
    let records = root().join("records");
    for (args, says) in [
        (vec!["new", "log", "--office", "tianzhong"], "--month"),
        (
            vec!["new", "permission-review", "--office", "tianzhong"],
            "--period",
        ),
        (vec!["new", "handover", "--office", "tianzhong"], "--person"),
        (
            vec!["new", "person", "--office", "tianzhong", "--person", "x-y"],
            "--name",
        ),
        (
            vec!["new", "log", "--office", "nowhere", "--month", "2026-01"],
            "nowhere",
        ),
        (
            vec!["new", "log", "--office", "tianzhong", "--month", "2026-13"],
            "--month",
        ),
    ] {
        let out = run(imaudit().args(&args).arg("--records").arg(&records));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

/// 附件二: the four items with their text as comments; results pre-filled from the month's
/// findings; what people must fill (download date, signatures) named by `check`.
#[test]
fn new_monthly_audit_lists_the_four_items_and_check_names_what_is_left() {
    let dir = copy_of(&root().join("records"));
    let records = dir.path().join("records");
    // 2026-02 of 鹿港 has the demo's system-log-unlogged-query (query-necessity).
    std::fs::remove_file(records.join("offices/lukang/monthly-audits/2026/2026-02.toml")).unwrap();
    let path = &new(
        &records,
        &["monthly-audit", "--office", "lukang", "--month", "2026-02"],
    )[0];
    let text = std::fs::read_to_string(path).unwrap();
    for item in imaudit::model::CheckItem::AUDIT {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("item = \"{}\"", item.code())))
            .unwrap_or_else(|| panic!("no {}", item.code()));
        assert!(line.contains(item.label()), "{line}");
    }
    assert!(!text.contains("log-retention"), "附件二 has four items");
    let query = text.split("item = \"query-necessity\"").nth(1).unwrap();
    assert!(
        query
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("result = \"fail\""),
        "{query}"
    );
    assert!(query.contains("system-log-unlogged-query"), "{query}");
    let e = crate::harness::eval(&records, Some(&["monthly-audit-incomplete"]));
    let mut got: Vec<String> = e
        .findings
        .iter()
        .filter(|f| {
            f.subject.as_deref() == Some("2026-02") && f.office.as_deref() == Some("lukang")
        })
        .map(|f| f.message.clone())
        .collect();
    got.sort();
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(
        got.iter().any(|m| m.contains("audit_log_downloaded")),
        "{got:?}"
    );
    for role in ["auditor", "section_chief", "secretary", "director"] {
        assert!(
            got.iter().any(|m| m.contains(&format!("（{role}）"))),
            "{role}: {got:?}"
        );
    }
}

/// 四(四): every account active on the review date is listed (no `permission-review-incomplete`
/// but the signatures); an account whose duty ended is proposed for `revoke`.
#[test]
fn new_permission_review_lists_every_active_account() {
    let dir = copy_of(&root().join("records"));
    let records = dir.path().join("records");
    // The demo's own review of 2026-H1 gives way to the new one.
    std::fs::remove_file(records.join("offices/xihu/permission-reviews/2026-H1.toml")).unwrap();
    let path = &new(
        &records,
        &[
            "permission-review",
            "--office",
            "xihu",
            "--period",
            "2026-H1",
            "--date",
            "2026-04-10",
        ],
    )[0];
    assert!(path.ends_with("2026-H1.toml"));
    let text = std::fs::read_to_string(path).unwrap();
    // zhou-jia-rong's duty ended on 2026-04-07 and the account was still active on 04-10.
    let block = text
        .split("[[account]]")
        .find(|b| b.contains("\"zhou-jia-rong\""))
        .expect("zhou-jia-rong listed");
    assert!(block.contains("decision = \"revoke\""), "{block}");
    let e = crate::harness::eval(&records, Some(&["permission-review-incomplete"]));
    let about_h1: Vec<&String> = e
        .findings
        .iter()
        .filter(|f| f.subject.as_deref() == Some("2026-H1") && f.office.as_deref() == Some("xihu"))
        .map(|f| &f.message)
        .collect();
    assert_eq!(about_h1.len(), 2, "only the two signatures: {about_h1:?}");
    assert!(about_h1.iter().all(|m| m.contains("簽章")), "{about_h1:?}");
}

/// 三(一): the successor is whoever took over the role the person left.
#[test]
fn new_handover_names_the_successor_from_the_roles() {
    let dir = copy_of(&root().join("records"));
    let records = dir.path().join("records");
    // liao-jun-xian was 田中's sysadmin until 2025-07-08; zhuang-pei-shan took over.
    let path = &new(
        &records,
        &[
            "handover",
            "--office",
            "tianzhong",
            "--person",
            "liao-jun-xian",
            "--date",
            "2025-07-12",
        ],
    )[0];
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("from = \"liao-jun-xian\""), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("to = \"zhuang-pei-shan\"")),
        "{text}"
    );
    assert!(
        text.contains("2025-07 查詢紀錄"),
        "documents from the usage log: {text}"
    );
    let e = crate::harness::eval(&records, Some(&["unknown-reference", "path-mismatch"]));
    assert!(e.findings.is_empty());
}

/// 附件一: a month the records show no use in gets `no_usage = true`; a month with active
/// accounts offers it commented, with the accounts and an example entry.
#[test]
fn new_log_offers_no_usage() {
    let dir = copy_of(&root().join("tests/fixtures/base/records"));
    let records = dir.path().join("records");
    // The base county's accounts are active in 2026-03.
    let busy = &new(&records, &["log", "--office", "demo", "--month", "2026-03"])[0];
    let text = std::fs::read_to_string(busy).unwrap();
    assert!(text.contains("\n# no_usage = true\n"), "{text}");
    assert!(
        text.contains("#   lin-mei-hua"),
        "lists who may use the system: {text}"
    );
    assert!(text.contains("# [[entry]]"));
    // A new office whose staff has no account yet: a month without use.
    new(
        &records,
        &["office", "--office", "quiet", "--date", "2026-02-02"],
    );
    let quiet = &new(
        &records,
        &["log", "--office", "quiet", "--month", "2026-02"],
    )[0];
    let text = std::fs::read_to_string(quiet).unwrap();
    assert!(text.lines().any(|l| l == "no_usage = true"), "{text}");
    // Unsigned, so check asks for the signatures: the rest of the file is complete.
    let e = crate::harness::eval(&records, None);
    let quiet_findings: Vec<(&str, String)> = e
        .findings
        .iter()
        .filter(|f| f.office.as_deref() == Some("quiet"))
        .map(|f| (f.rule.id, f.message.clone()))
        .collect();
    assert!(
        quiet_findings.iter().all(|(rule, _)| [
            "log-signoff-missing",
            "monthly-audit-missing",
            "permission-review-missing"
        ]
        .contains(rule)),
        "{quiet_findings:?}"
    );
    assert!(quiet_findings
        .iter()
        .any(|(r, _)| *r == "log-signoff-missing"));
}

// ---------------------------------------------------------------------------------------------
// imaudit init, and a newcomer's first month
// ---------------------------------------------------------------------------------------------

#[test]
fn init_makes_a_committed_repository_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("county");
    let out = run(imaudit()
        .arg("init")
        .arg(&repo)
        .args(["--office", "tianzhong"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), repo.display().to_string());
    for f in [
        "records/county.toml",
        "records/regulation.md",
        "records/offices/tianzhong/office.toml",
        "records/offices/tianzhong/people.toml",
        "schemas/log.schema.json",
        ".gitignore",
        ".github/workflows/imaudit.yml",
        ".gitea/workflows/imaudit.yml",
        ".gitlab-ci.yml",
        "README.md",
    ] {
        assert!(repo.join(f).is_file(), "init writes {f}");
    }
    let year = imaudit::time::today_in_taiwan().format("%Y").to_string();
    let calendar =
        std::fs::read_to_string(repo.join(format!("records/calendar/{year}.toml"))).unwrap();
    if year == "2026" {
        assert!(
            calendar.contains("2026-02-16"),
            "the official 2026 calendar"
        );
    } else {
        assert!(calendar.contains("rest_days = []"));
    }
    assert_eq!(
        std::fs::read_to_string(repo.join("records/regulation.md")).unwrap(),
        std::fs::read_to_string(root().join("records/regulation.md")).unwrap()
    );
    // county.toml writes out every policy value, each explained.
    let county = std::fs::read_to_string(repo.join("records/county.toml")).unwrap();
    for key in [
        "termination_days = 6",
        "certificate_loss_notice_days = 0",
        "extend_deadline_past_rest_days = true",
        "log_retention_years = 5",
        "log_signoff_days = 10",
        "monthly_audit_days = 31",
        "internal_audits_per_year = 2",
        "min_audit_team = 2",
        "handover_days = 6",
        "printout_days = 30",
        "max_session_minutes = 120",
        "office_hours = [\"08:00\", \"17:30\"]",
        "idle_months = 6",
        "vague_purposes = [",
    ] {
        let at = county
            .lines()
            .position(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key}"));
        assert!(
            county.lines().nth(at - 1).unwrap().starts_with("# "),
            "{key} is explained"
        );
    }
    // The schemas init wrote, and every record against its schema.
    for kind in RecordKind::ALL {
        assert_eq!(
            std::fs::read_to_string(repo.join("schemas").join(kind.file_name())).unwrap(),
            schema::render(kind)
        );
    }
    let mut v = Validator::new();
    for file in toml_files(&repo.join("records")) {
        v.check_file(&file)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    // One commit by "imaudit init" holding every file, nothing left uncommitted.
    let git = git2::Repository::open(&repo).unwrap();
    let head = git.head().unwrap();
    assert_eq!(head.shorthand(), Some("main"));
    let commit = head.peel_to_commit().unwrap();
    assert_eq!(commit.author().name(), Some("imaudit init"));
    assert_eq!(commit.parent_count(), 0);
    let statuses = git.statuses(None).unwrap();
    assert!(statuses.is_empty(), "everything committed");
    // check accepts it, history and all.
    let out = run(imaudit()
        .args(["check", "--format", "json", "--records"])
        .arg(repo.join("records")));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["error"], 0, "{report}");
    assert_eq!(report["summary"]["warning"], 0, "{report}");
    // A second init into the same folder is refused.
    let again = run(imaudit().arg("init").arg(&repo));
    assert_eq!(again.status.code(), Some(2));
}

/// `text` with every commented key line (`# key = …`) and table header (`# [table]`,
/// `# [[array]]`) uncommented: what a person does to fill in what `new` offers.
fn uncomment_offered(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let rest = line.strip_prefix("# ").unwrap_or("");
        let key = rest.split(" = ").next().unwrap_or("");
        let is_key = rest.contains(" = ")
            && !key.is_empty()
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let is_table = rest.starts_with('[')
            && rest
                .trim_start_matches('[')
                .starts_with(|c: char| c.is_ascii_lowercase());
        out.push_str(if is_key || is_table { rest } else { line });
        out.push('\n');
    }
    out
}

/// Uncomments the lines of `text` from the first line equal to `from` (a commented line) up to
/// and including the first line after it that starts with `to`.
fn uncomment(text: &str, from: &str, to: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    let mut done = false;
    for line in text.lines() {
        if !done && !inside && line == from {
            inside = true;
        }
        if inside {
            let plain = line
                .strip_prefix("# ")
                .unwrap_or(line.strip_prefix('#').unwrap_or(line));
            out.push(plain.to_string());
            if plain.starts_with(to) {
                inside = false;
                done = true;
            }
        } else {
            out.push(line.to_string());
        }
    }
    assert!(
        done,
        "no commented block from {from:?} to {to:?} in:\n{text}"
    );
    out.join("\n") + "\n"
}

/// Replaces the value of the first line starting with `key =` at or after `after`.
fn set(text: &str, after: &str, key: &str, value: &str) -> String {
    let start = text.find(after).unwrap_or_else(|| panic!("{after:?}"));
    let rest = &text[start..];
    let at = rest
        .lines()
        .scan(0, |pos, l| {
            let here = *pos;
            *pos += l.len() + 1;
            Some((here, l))
        })
        .find(|(_, l)| l.starts_with(&format!("{key} =")))
        .unwrap_or_else(|| panic!("no {key} after {after:?}"));
    let line_start = start + at.0;
    let line_end = line_start + at.1.len();
    format!(
        "{}{key} = {value}{}",
        &text[..line_start],
        &text[line_end..]
    )
}

/// Commits everything as `who`, at a given time (a newcomer's month happens over weeks; the
/// trail rules compare commit times with the record's dates).
fn commit_all(repo: &Path, message: &str, when: &str) {
    let git = git2::Repository::open(repo).unwrap();
    let mut index = git.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(when).unwrap();
    let sig = git2::Signature::new(
        "王小明",
        "wang.xm@example.gov.tw",
        &git2::Time::new(at.timestamp(), 8 * 60),
    )
    .unwrap();
    let parent = git.head().unwrap().peel_to_commit().unwrap();
    git.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
        .unwrap();
}

/// Done-when of issue 7: following the guide, a newcomer inits a county, adds an office and a
/// person, records a month of use, signs it off, and gets a clean `check` — each step through
/// the commands and edits the guide (docs/guide/) describes.
#[test]
fn newcomer_from_init_to_a_clean_check() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("changhua");
    let records = repo.join("records");
    let ok = |cmd: &mut Command| -> Output {
        let out = run(cmd.current_dir(&repo));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
        out
    };
    let out = run(imaudit()
        .arg("init")
        .arg(&repo)
        .args(["--office", "tianzhong"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // 1. An office (鹿港), in use since 2026-01-05; its placeholder sysadmin becomes 王小明.
    ok(imaudit().args([
        "new",
        "office",
        "--office",
        "lukang",
        "--name",
        "彰化縣鹿港戶政事務所",
        "--date",
        "2026-01-05",
    ]));
    let office_toml = records.join("offices/lukang/office.toml");
    let office = std::fs::read_to_string(&office_toml).unwrap();
    std::fs::write(
        &office_toml,
        office.replace(
            "person = \"placeholder-sysadmin\"",
            "person = \"wang-xiao-ming\"",
        ),
    )
    .unwrap();

    // 2. A person with an account: applied, approved by the head, sent to the county, activated.
    ok(imaudit().args([
        "new",
        "person",
        "--office",
        "lukang",
        "--person",
        "wang-xiao-ming",
        "--name",
        "王小明",
    ]));
    let people_toml = records.join("offices/lukang/people.toml");
    let mut people = std::fs::read_to_string(&people_toml).unwrap();
    people = people.replace("# title = \"戶籍員\"", "title = \"戶籍員\"");
    people = uncomment(&people, "# [person.account]", "type = \"activated\"");
    people = people.replace("nia_id = \"\"", "nia_id = \"CHC0101\"");
    for (kind, date) in [
        ("applied", "2026-01-05"),
        ("head-approved", "2026-01-06"),
        ("sent-to-county", "2026-01-07"),
        ("activated", "2026-01-12"),
    ] {
        // Each event's date is the line before its type.
        let at = people.find(&format!("type = \"{kind}\"")).unwrap();
        let date_line = people[..at].rfind("date = ").unwrap();
        people.replace_range(
            date_line..date_line + "date = 2026-01-05".len(),
            &format!("date = {date}"),
        );
    }
    std::fs::write(&people_toml, &people).unwrap();
    commit_all(
        &repo,
        "鹿港戶政事務所與王小明的帳號",
        "2026-01-12T17:00:00+08:00",
    );

    // 3. A month of use: the log of 2026-01, one session from the example, then signed off.
    let log = &ok(imaudit().args(["new", "log", "--office", "lukang", "--month", "2026-01"]));
    let log_path = PathBuf::from(stdout(log).trim());
    assert_eq!(
        log_path,
        Path::new("records/offices/lukang/logs/2026/2026-01.toml")
    );
    let log_path = repo.join(log_path);
    let mut text = std::fs::read_to_string(&log_path).unwrap();
    text = uncomment(&text, "# [[entry]]", "items =");
    text = set(&text, "[[entry]]", "login", "2026-01-20T09:00:00");
    text = set(&text, "[[entry]]", "logout", "2026-01-20T09:12:00");
    text = set(
        &text,
        "[[entry]]",
        "purpose",
        "\"受理外籍配偶初設戶籍登記，查核入境紀錄\"",
    );
    std::fs::write(&log_path, &text).unwrap();
    commit_all(&repo, "2026-01 日誌", "2026-01-20T09:30:00+08:00");

    for (role, date) in [
        ("handler", "2026-02-02"),
        ("secretary", "2026-02-03"),
        ("director", "2026-02-04"),
    ] {
        text = text.replacen(&format!("# {role} = "), &format!("{role} = "), 1);
        let at = text.find(&format!("{role} = ")).unwrap();
        let d = at + text[at..].find("date = ").unwrap() + "date = ".len();
        text.replace_range(d..d + 10, date);
    }
    std::fs::write(&log_path, &text).unwrap();
    commit_all(&repo, "2026-01 日誌核章", "2026-02-04T16:00:00+08:00");

    // 4. A clean check: no error, no warning; what is still running (the monthly audit and
    //    the half-year review) is info.
    let out = ok(imaudit().args(["check", "--as-of", "2026-02-24", "--format", "json"]));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(findings.iter().all(|(s, _)| s == "info"), "{findings:?}");
    assert!(
        findings.contains(&("info".into(), "monthly-audit-missing".into())),
        "{findings:?}"
    );
    // And the signed log carries what was written: one entry, three signatures.
    let e = crate::harness::eval(&records, None);
    let lukang = &e.records().offices["lukang"];
    let month = imaudit::time::Month::new(2026, 1).unwrap();
    let log = &lukang.logs[&month].data;
    assert_eq!(log.entry.len(), 1);
    let signoff = log.signoff.as_ref().unwrap().get_ref();
    assert!(signoff.handler.is_some() && signoff.secretary.is_some() && signoff.director.is_some());
}

// ---------------------------------------------------------------------------------------------
// The user guide
// ---------------------------------------------------------------------------------------------

fn guide() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(root().join("docs/guide"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// Every `imaudit …` line in the guide's code blocks is a command line imaudit accepts: the
/// guide cannot drift from the flags.
#[test]
fn guide_commands_are_accepted_by_the_cli() {
    use clap::Parser;
    let mut seen = 0;
    for (name, text) in guide() {
        let mut in_code = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let line = line.trim_start_matches("$ ");
            if !in_code || !line.starts_with("imaudit ") {
                continue;
            }
            let command = line.split("  #").next().unwrap().trim();
            let args: Vec<&str> = command.split_whitespace().collect();
            if let Err(e) = imaudit::cli::Cli::try_parse_from(&args) {
                use clap::error::ErrorKind;
                if !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                    panic!("{name}: `{command}` is not a valid command line: {e}");
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 20, "the guide shows its commands ({seen})");
}

/// The index links every page, every link between guide pages resolves, and each duty of the
/// 要點 has its page with the file to edit, an example, the command, the findings and the review.
#[test]
fn guide_covers_every_duty_and_its_links_resolve() {
    let pages = guide();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    let index = &pages
        .iter()
        .find(|(n, _)| n == "README.md")
        .expect("README.md")
        .1;
    for name in &names {
        if *name != "README.md" {
            assert!(
                index.contains(&format!("]({name})")),
                "README.md links {name}"
            );
        }
    }
    for (name, text) in &pages {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let target = &rest[..rest.find(')').unwrap()];
            if target.ends_with(".md") || target.contains(".md#") {
                let file = target.split('#').next().unwrap();
                assert!(
                    names.contains(&file),
                    "{name} links to a missing page {target}"
                );
            }
        }
    }
    for (name, clause) in [
        ("02-offices-and-roles.md", "三(一)"),
        ("03-people-and-accounts.md", "三(四)"),
        ("04-handover.md", "三(一)"),
        ("05-usage-log.md", "四(一)"),
        ("06-monthly-audit.md", "四(三)"),
        ("07-internal-audit.md", "四(二)"),
        ("08-permission-review.md", "四(四)"),
        ("09-inspection.md", "四(五)"),
        ("10-incidents.md", "五、六"),
    ] {
        let text = &pages
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}"))
            .1;
        assert!(
            text.lines().next().unwrap().contains(clause),
            "{name} names {clause}"
        );
        for part in [
            "## 要編輯的檔案",
            "## 範例",
            "## 指令",
            "## 檢查結果的意思",
            "## 主管如何審閱",
        ] {
            assert!(text.contains(part), "{name} has {part}");
        }
        assert!(
            text.contains("```toml\n#:schema") || name.starts_with("03"),
            "{name}'s example names its schema"
        );
    }
    // Every rule a findings table names exists (a table row's first cell).
    let mut rules_named = 0;
    for (name, text) in &pages {
        let lines: Vec<&str> = text.lines().collect();
        // Rows of tables, not their header rows (the line after a header is `| --- |`).
        let rows = lines.iter().enumerate().filter(|(i, l)| {
            l.starts_with("| `") && !lines.get(i + 1).is_some_and(|n| n.starts_with("| ---"))
        });
        for (_, line) in rows {
            let id = line[3..].split('`').next().unwrap();
            if !id.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                continue;
            }
            let known = imaudit::rules::find(id).is_some()
                || imaudit::model::EventKind::ALL
                    .iter()
                    .any(|e| e.code() == id)
                || [
                    "office",
                    "person",
                    "handover",
                    "log",
                    "monthly-audit",
                    "internal-audit",
                    "permission-review",
                    "inspection",
                    "incident",
                ]
                .contains(&id);
            assert!(known, "{name} names `{id}`, which is no rule or code");
            rules_named += usize::from(imaudit::rules::find(id).is_some());
        }
    }
    assert!(
        rules_named >= 40,
        "the findings tables name the rules ({rules_named})"
    );
}

/// The guide's example records (a ```toml block naming its schema) are valid records.
#[test]
fn guide_examples_pass_their_schemas() {
    let mut v = Validator::new();
    let mut checked = 0;
    for (name, text) in guide() {
        for block in text.split("```toml\n").skip(1) {
            let body = block.split("\n```").next().unwrap();
            let Some(first) = body.lines().next() else {
                continue;
            };
            let Some(path) = first.strip_prefix("#:schema ") else {
                continue;
            };
            let file = path.rsplit('/').next().unwrap();
            let schema_file = root().join("schemas").join(file);
            v.check_text(&schema_file, body)
                .unwrap_or_else(|e| panic!("{name}: example for {file} is invalid: {e}\n{body}"));
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "the guide's examples name their schema ({checked})"
    );
}
