//! `imaudit lsp` driven through the protocol (issue 16): the binary is spawned and spoken to in
//! JSON-RPC over its pipes, as an editor does. Diagnostics are compared with `check --format
//! json`; hover, completion and the code actions are asserted exactly; bad input must leave
//! the server answering and let it shut down cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{base_copy, overlay};

const LOG: &str = "offices/demo/logs/2026/2026-02.toml";

/// A client on the pipes of `imaudit lsp`.
pub struct Client {
    child: Child,
    /// Taken to close the pipe as a crashed editor would.
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pub notifications: Vec<Value>,
    next_id: i64,
}

/// The `file://` URI of a path (ASCII paths: the test folders are made by tempfile).
pub fn uri(path: &Path) -> String {
    format!(
        "file://{}",
        path.canonicalize().unwrap_or(path.to_path_buf()).display()
    )
}

impl Client {
    /// Starts `imaudit lsp` and initializes it with `root` as the workspace.
    pub fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_imaudit"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin: Some(stdin),
            incoming,
            notifications: Vec::new(),
            next_id: 0,
        };
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "imaudit");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let m = self.next(deadline).expect("no response from imaudit lsp");
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.notifications.push(m);
        }
    }

    fn next(&mut self, deadline: Instant) -> Option<Value> {
        let wait = deadline.saturating_duration_since(Instant::now());
        self.incoming.recv_timeout(wait).ok()
    }

    /// Waits for the next diagnostics published for `file`.
    pub fn diagnostics(&mut self, file: &Path) -> Vec<Value> {
        let want = uri(file);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let m = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no diagnostics for {want}"));
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == want {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notifications.push(m);
        }
    }

    /// Waits for a `window/logMessage` containing `text`.
    pub fn log_containing(&mut self, text: &str) -> String {
        if let Some(m) = self.seen_log(text) {
            return m;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let m = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no log message with {text}"));
            self.notifications.push(m);
            if let Some(m) = self.seen_log(text) {
                return m;
            }
        }
    }

    fn seen_log(&self, text: &str) -> Option<String> {
        self.notifications
            .iter()
            .filter(|m| m["method"] == "window/logMessage")
            .filter_map(|m| m["params"]["message"].as_str())
            .find(|s| s.contains(text))
            .map(str::to_string)
    }

    pub fn open(&mut self, file: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(file), "languageId": "toml", "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, file: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(file), "version": version },
                    "contentChanges": [{ "text": text }] }),
        );
    }

    pub fn at(&mut self, method: &str, file: &Path, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri(file) },
                    "position": { "line": line, "character": character } }),
        )
    }

    /// `shutdown`, then `exit`: the server must stop with status 0.
    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "imaudit lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "imaudit lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (code, line, character, message) of each diagnostic.
fn brief(ds: &[Value]) -> Vec<(String, u64, u64, String)> {
    ds.iter()
        .map(|d| {
            assert_eq!(d["source"], "imaudit");
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// What `check --format json` says about one file, as the diagnostics should say it.
fn check_json(records: &Path, file: &str) -> Vec<(String, u64, u64, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["check", "--format", "json", "--records"])
        .arg(records)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = format!("records/{file}");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == name.as_str())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() - 1,
                f["column"].as_u64().unwrap() - 1,
                format!(
                    "{}（要點 {}）",
                    f["message"].as_str().unwrap(),
                    f["clause"].as_str().unwrap()
                ),
            )
        })
        .collect()
}

fn records_of(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().canonicalize().unwrap().join("records")
}

#[test]
fn an_opened_log_shows_exactly_what_check_finds_in_it() {
    let dir = overlay("log-purpose-vague", "fail");
    let records = records_of(&dir);
    let file = records.join(LOG);
    let expected = check_json(&records, LOG);
    assert!(!expected.is_empty());
    let mut c = Client::start(dir.path());
    c.open(&file, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(brief(&c.diagnostics(&file)), expected);
    c.shutdown();
}

#[test]
fn an_unsaved_edit_is_checked_without_touching_the_file() {
    let dir = base_copy();
    let records = records_of(&dir);
    let file = records.join(LOG);
    let disk = std::fs::read_to_string(&file).unwrap();
    let mut c = Client::start(dir.path());
    c.open(&file, &disk);
    assert_eq!(brief(&c.diagnostics(&file)), vec![]);

    let vague = disk.replace("受理遷入登記，查核當事人是否出境逾二年", "查詢");
    c.change(&file, 2, &vague);
    let ds = c.diagnostics(&file);
    // What `check` says of the same text saved in another copy.
    let saved = base_copy();
    std::fs::write(records_of(&saved).join(LOG), &vague).unwrap();
    let expected = check_json(&records_of(&saved), LOG);
    assert_eq!(brief(&ds), expected);
    assert_eq!(
        (
            expected.len(),
            expected[0].0.as_str(),
            expected[0].1,
            expected[0].2
        ),
        (1, "log-purpose-vague", 14, 10)
    );
    // The range is in UTF-16 units: "查詢" in quotes is 4 units wide.
    assert_eq!(
        ds[0]["range"]["end"],
        json!({ "line": 14, "character": 14 })
    );
    assert_eq!(ds[0]["severity"], 2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), disk);

    // A date written as a string is what `check` rejects: a parse error at its line, and the
    // rest of the office is still checked.
    let quoted = disk.replace(
        "login = 2026-02-03T09:05:00",
        "login = \"2026-02-03T09:05:00\"",
    );
    c.change(&file, 3, &quoted);
    let ds = brief(&c.diagnostics(&file));
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!((ds[0].0.as_str(), ds[0].1), ("parse-error", 4));
    c.shutdown();
}

#[test]
fn bad_input_is_a_diagnostic_or_a_log_message_never_a_crash() {
    let dir = base_copy();
    let records = records_of(&dir);
    let file = records.join(LOG);
    let mut c = Client::start(dir.path());

    // Random bytes (as the JSON string they can be sent in).
    let mut x: u32 = 0x2545_f491;
    let noise: String = (0..4000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(x % 0x3000).unwrap_or('\u{fffd}')
        })
        .collect();
    c.open(&file, &noise);
    let ds = brief(&c.diagnostics(&file));
    assert_eq!(ds[0].0, "parse-error", "{ds:?}");

    // Ten megabytes in one buffer.
    let big = format!("month = \"2026-02\"\n# {}\n", "x".repeat(10 * 1024 * 1024));
    c.change(&file, 2, &big);
    let ds = brief(&c.diagnostics(&file));
    assert!(ds.iter().all(|d| d.0 != "parse-error"), "{ds:?}");

    // A file outside any records folder, and a change to a file never opened.
    let outside = dir.path().canonicalize().unwrap().join("notes.toml");
    c.open(&outside, "a = 1\n");
    c.log_containing("不在紀錄資料夾內");
    let never = records.join("offices/demo/logs/2026/2026-01.toml");
    c.change(&never, 5, "month = \"2026-01\"\n");
    c.log_containing("未開啟檔案");
    // An unknown request is an error response; a hover on nonsense is null.
    let r = c.request("textDocument/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": 5 } }),
    );
    assert_eq!(r["error"]["code"], -32602);
    // Still answering, and it stops cleanly.
    let h = c.at("textDocument/hover", &file, 0, 0);
    assert!(h.get("error").is_none(), "{h}");
    c.shutdown();
}

/// Opens the base log and waits for its (empty) diagnostics.
fn opened_base() -> (tempfile::TempDir, PathBuf, Client) {
    let dir = base_copy();
    let file = records_of(&dir).join(LOG);
    let mut c = Client::start(dir.path());
    c.open(&file, &std::fs::read_to_string(&file).unwrap());
    assert_eq!(brief(&c.diagnostics(&file)), vec![]);
    (dir, file, c)
}

#[test]
fn hover_on_a_person_shows_name_title_roles_that_day_and_account() {
    let (_dir, file, mut c) = opened_base();
    // Line 3: `person = "lin-mei-hua"` of the entry that logged in on 2026-02-03.
    let h = c.at("textDocument/hover", &file, 3, 12);
    assert_eq!(
        h["result"]["contents"]["value"],
        "**林美華**（lin-mei-hua）　課員\n\n115年2月3日：系統管理人員、內部稽核小組成員\n\n\
         帳號：啟用中（最近事件：114年10月15日 移民署核准啟用）\n\n\
         核准項目：入、出境資訊、大陸港澳及無戶籍人士申請來臺資訊、外籍人士居、停留資訊"
    );
    // On a signature line the day is the line's own.
    let h = c.at("textDocument/hover", &file, 36, 25);
    assert_eq!(
        h["result"]["contents"]["value"],
        "**黃建國**（huang-jian-guo）　秘書\n\n115年3月3日：秘書、內部稽核小組成員\n\n帳號：無系統帳號"
    );
    c.shutdown();
}

#[test]
fn hover_on_a_finding_shows_its_rules_explanation() {
    let dir = overlay("log-purpose-vague", "fail");
    let file = records_of(&dir).join(LOG);
    let mut c = Client::start(dir.path());
    c.open(&file, &std::fs::read_to_string(&file).unwrap());
    let ds = c.diagnostics(&file);
    let start = &ds[0]["range"]["start"];
    let h = c.at(
        "textDocument/hover",
        &file,
        start["line"].as_u64().unwrap() as u32,
        start["character"].as_u64().unwrap() as u32 + 1,
    );
    let rule = imaudit::rules::find("log-purpose-vague").unwrap();
    let body: Vec<&str> = rule
        .explanation
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    assert_eq!(
        h["result"]["contents"]["value"].as_str().unwrap(),
        format!(
            "**log-purpose-vague**（{}，要點 {} {}）\n\n{}\n\n{}",
            rule.severity.label(),
            rule.clause.label,
            rule.clause.title,
            ds[0]["message"].as_str().unwrap(),
            body.join("\n").trim()
        )
    );
    c.shutdown();
}

fn labels(r: &Value) -> Vec<(String, String, String)> {
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["detail"].as_str().unwrap().to_string(),
                i["insertText"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn completion_offers_people_items_event_types_and_check_items() {
    let dir = base_copy();
    let records = records_of(&dir);
    let log = records.join(LOG);
    let people = records.join("offices/demo/people.toml");
    let audit = records.join("offices/demo/monthly-audits/2026/2026-02.toml");
    let mut c = Client::start(dir.path());
    let log_text = "month = \"2026-02\"\n\n[[entry]]\nperson = \"\nitems = [";
    c.open(&log, log_text);
    c.diagnostics(&log);
    // Active people first (an account or a role on the day), with their names.
    let r = c.at("textDocument/completion", &log, 3, 10);
    let got = labels(&r);
    let sorted: Vec<&str> = {
        let mut items: Vec<&Value> = r["result"].as_array().unwrap().iter().collect();
        items.sort_by_key(|i| i["sortText"].as_str().unwrap().to_string());
        items.iter().map(|i| i["label"].as_str().unwrap()).collect()
    };
    assert_eq!(
        got,
        vec![
            (
                "chen-zhi-ming".into(),
                "陳志明　主任".into(),
                "chen-zhi-ming".into()
            ),
            (
                "huang-jian-guo".into(),
                "黃建國　秘書".into(),
                "huang-jian-guo".into()
            ),
            (
                "lin-mei-hua".into(),
                "林美華　課員".into(),
                "lin-mei-hua".into()
            ),
            (
                "wang-xiao-ming".into(),
                "王小明　股長".into(),
                "wang-xiao-ming".into()
            ),
        ]
    );
    assert_eq!(
        sorted,
        [
            "chen-zhi-ming",
            "huang-jian-guo",
            "lin-mei-hua",
            "wang-xiao-ming"
        ]
    );
    let r = c.at("textDocument/completion", &log, 4, 9);
    assert_eq!(
        labels(&r),
        vec![
            (
                "entry-exit".into(),
                "入、出境資訊".into(),
                "\"entry-exit\"".into()
            ),
            (
                "mainland-hk-macao".into(),
                "大陸港澳及無戶籍人士申請來臺資訊".into(),
                "\"mainland-hk-macao\"".into()
            ),
            (
                "foreign-residence".into(),
                "外籍人士居、停留資訊".into(),
                "\"foreign-residence\"".into()
            ),
        ]
    );

    // Inside [[person.account.event]], where the JSON Schema cannot tell `type` apart.
    let people_text = std::fs::read_to_string(&people).unwrap()
        + "\n[[person.account.event]]\ndate = 2026-03-01\ntype = ";
    let last = people_text.lines().count() as u32 - 1;
    c.open(&people, &people_text);
    c.diagnostics(&people);
    let r = c.at("textDocument/completion", &people, last, 7);
    let codes: Vec<String> = labels(&r).into_iter().map(|l| l.0).collect();
    assert_eq!(
        codes,
        [
            "applied",
            "head-approved",
            "sent-to-county",
            "activated",
            "duty-ended",
            "certificate-lost",
            "nia-notified",
            "suspended",
            "reinstated",
            "terminated"
        ]
    );

    let audit_text = "[[check]]\nitem = \"";
    c.open(&audit, audit_text);
    c.diagnostics(&audit);
    let r = c.at("textDocument/completion", &audit, 1, 8);
    assert_eq!(
        labels(&r)
            .into_iter()
            .map(|l| (l.0, l.2))
            .collect::<Vec<_>>(),
        vec![
            ("account-application".into(), "account-application".into()),
            (
                "duty-change-termination".into(),
                "duty-change-termination".into()
            ),
            ("query-necessity".into(), "query-necessity".into()),
            ("security-measures".into(), "security-measures".into()),
        ]
    );
    c.shutdown();
}

/// The code actions at the start of `file`: (title, the one edit's range start and text).
fn actions(c: &mut Client, file: &Path, codes: &[&str]) -> Vec<(String, (u64, u64), String)> {
    let diagnostics: Vec<Value> = codes
        .iter()
        .map(|code| json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "message": "", "code": code }))
        .collect();
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(file) },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": diagnostics } }),
    );
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let edits = &a["edit"]["changes"][uri(file)];
            assert_eq!(edits.as_array().unwrap().len(), 1);
            let e = &edits[0];
            assert_eq!(e["range"]["start"], e["range"]["end"]);
            (
                a["title"].as_str().unwrap().to_string(),
                (
                    e["range"]["start"]["line"].as_u64().unwrap(),
                    e["range"]["start"]["character"].as_u64().unwrap(),
                ),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn code_actions_add_a_signature_no_usage_and_an_amendment() {
    let (_dir, file, mut c) = opened_base();
    let disk = std::fs::read_to_string(&file).unwrap();

    // The director's line is missing: the director on 2026-03-01 signs.
    let unsigned = disk.replace(
        "director = { person = \"chen-zhi-ming\", date = 2026-03-04 }\n",
        "",
    );
    c.change(&file, 2, &unsigned);
    let ds = brief(&c.diagnostics(&file));
    assert_eq!(ds[0].0, "log-signoff-missing", "{ds:?}");
    // Taking a signature off a signed log is an edit too: the amendment is offered as well.
    assert_eq!(
        actions(&mut c, &file, &["log-signoff-missing"]),
        vec![
            (
                "補上主任核章：陳志明（115年3月1日）".to_string(),
                (35, 0),
                "director = { person = \"chen-zhi-ming\", date = 2026-03-01 }\n".to_string()
            ),
            (
                "加上 [[amendment]] 更正紀錄（日期、原因、更正人、核准人）".to_string(),
                (37, 0),
                "\n[[amendment]]\ndate = 2026-03-05\nreason = \"\"\nby = \"\"\napproved_by = \"chen-zhi-ming\"\n"
                    .to_string()
            )
        ]
    );

    // A signed log edited in the buffer: an amendment skeleton at the end.
    let edited = disk.replace("1150203-0004", "1150203-0005");
    c.change(&file, 3, &edited);
    c.diagnostics(&file);
    assert_eq!(
        actions(&mut c, &file, &[]),
        vec![(
            "加上 [[amendment]] 更正紀錄（日期、原因、更正人、核准人）".to_string(),
            (38, 0),
            "\n[[amendment]]\ndate = 2026-03-05\nreason = \"\"\nby = \"\"\napproved_by = \"chen-zhi-ming\"\n"
                .to_string()
        )]
    );

    // A month with no entries, in a buffer not yet saved: no_usage after `month`, and the
    // three signatures of the day it is evaluated (the month has not ended).
    let new = file.with_file_name("2026-03.toml");
    c.open(&new, "month = \"2026-03\"\n");
    c.diagnostics(&new);
    let file = new;
    let got = actions(&mut c, &file, &[]);
    assert_eq!(
        got,
        vec![
            (
                "補上 [signoff] 核章：承辦人員林美華、秘書黃建國、主任陳志明（115年3月5日）"
                    .to_string(),
                (1, 0),
                "\n[signoff]\nhandler = { person = \"lin-mei-hua\", date = 2026-03-05 }\n\
                 secretary = { person = \"huang-jian-guo\", date = 2026-03-05 }\n\
                 director = { person = \"chen-zhi-ming\", date = 2026-03-05 }\n"
                    .to_string()
            ),
            (
                "註記本月無人使用系統（no_usage = true）".to_string(),
                (1, 0),
                "no_usage = true\n".to_string()
            ),
        ]
    );
    c.shutdown();
}

/// Debian's Neovim (`nvim` on PATH). `None` skips the editor test, except under `CI=true`,
/// where it must run (.ci/run installs `neovim`): then it panics.
fn neovim() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("nvim"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true and nvim is not installed: the editor test must run in CI");
        }
        eprintln!("editor test skipped: nvim not found on PATH; apt-get install neovim");
    }
    found
}

/// Runs headless Neovim on `file` with tests/it/nvim/imaudit.lua; its stdout split at "--".
fn neovim_diagnostics(
    nvim: &Path,
    root: &Path,
    file: &Path,
    edit: Option<(usize, &str)>,
) -> Vec<Vec<String>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/nvim/imaudit.lua");
    let mut cmd = Command::new(nvim);
    cmd.args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg(file)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .env("IMAUDIT_BIN", env!("CARGO_BIN_EXE_imaudit"))
        .env("IMAUDIT_ROOT", root)
        .current_dir(root)
        .stdin(Stdio::null());
    if let Some((line, text)) = edit {
        cmd.env("IMAUDIT_EDIT_LINE", line.to_string())
            .env("IMAUDIT_EDIT_TEXT", text);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "nvim: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split("--\n")
        .map(|part| part.lines().map(str::to_string).collect())
        .collect()
}

/// `check`'s findings of one file as the Lua script prints Neovim's diagnostics.
fn as_neovim_prints(findings: &[(String, u64, u64, String)]) -> Vec<String> {
    findings
        .iter()
        .map(|(code, line, col, message)| format!("{line}:{col} {code} {message}"))
        .collect()
}

#[test]
fn neovim_shows_checks_findings_and_updates_them_as_you_type() {
    let Some(nvim) = neovim() else { return };
    let dir = overlay("log-purpose-vague", "fail");
    let root = dir.path().canonicalize().unwrap();
    let records = root.join("records");
    let file = records.join(LOG);
    let disk = std::fs::read_to_string(&file).unwrap();
    // The first purpose (line 7) made specific, typed into the buffer.
    let specific = "purpose = \"受理遷入登記，查核當事人是否出境逾二年\"";
    let got = neovim_diagnostics(&nvim, &root, &file, Some((6, specific)));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], as_neovim_prints(&check_json(&records, LOG)));

    let saved = overlay("log-purpose-vague", "fail");
    let mut lines: Vec<&str> = disk.lines().collect();
    lines[6] = specific;
    std::fs::write(records_of(&saved).join(LOG), lines.join("\n") + "\n").unwrap();
    let after = as_neovim_prints(&check_json(&records_of(&saved), LOG));
    assert_eq!(after.len(), got[0].len() - 1);
    assert_eq!(got[1], after);
    // Typing touched the buffer only.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), disk);
}

#[test]
fn cross_file_evidence_is_related_information_and_the_office_is_republished() {
    let dir = overlay("log-item-not-approved", "fail");
    let records = records_of(&dir);
    let file = records.join(LOG);
    let people = records.join("offices/demo/people.toml");
    let mut c = Client::start(dir.path());
    c.open(&people, &std::fs::read_to_string(&people).unwrap());
    assert_eq!(brief(&c.diagnostics(&people)), vec![]);
    c.open(&file, &std::fs::read_to_string(&file).unwrap());
    let ds = c.diagnostics(&file);
    assert_eq!(brief(&ds), check_json(&records, LOG));
    let related = &ds[0]["relatedInformation"];
    assert_eq!(related.as_array().unwrap().len(), 1, "{related}");
    assert_eq!(related[0]["location"]["uri"], uri(&people));
    assert_eq!(related[0]["message"], "帳號核准的項目見此");
    // wang-xiao-ming's [[person]] table starts on line 36 (0-based 35).
    assert_eq!(
        related[0]["location"]["range"]["start"],
        json!({ "line": 35, "character": 0 })
    );
    // Opening the log changed nothing in people.toml, but it is of the same office: its
    // diagnostics are published again with the log's.
    assert_eq!(brief(&c.diagnostics(&people)), vec![]);
    c.shutdown();
}

#[test]
fn exit_without_shutdown_is_status_1_and_a_closed_pipe_ends_the_server() {
    let dir = base_copy();
    let mut c = Client::start(dir.path());
    c.notify("exit", Value::Null);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = c.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "imaudit lsp did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));

    // The editor crashed: stdin closes, and the server goes too.
    let mut c = Client::start(dir.path());
    drop(c.stdin.take());
    let child = &mut c.child;
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "imaudit lsp outlived its editor");
        std::thread::sleep(Duration::from_millis(20));
    }
}
