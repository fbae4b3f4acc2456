//! Any sequence of editor messages to the language server (`imaudit lsp`, src/lsp/): opening,
//! changing (whole or by range), saving and closing records of the base county with any text,
//! hover, completion and code actions at any position, and raw JSON-RPC, each followed by the
//! evaluation the debounce would run. Nothing panics, every request gets its one response,
//! and every diagnostic's range lies within its document.
//!
//! Input: messages separated by 0xFF bytes; in each, the first byte is the kind (below), the
//! second the record (`KINDS`), the next four a line and a column, the rest the text (as
//! UTF-8, lossily) or, for kind 9, a whole JSON-RPC message.
#![no_main]

use std::time::Instant;

use imaudit::lsp::{text, Server};
use libfuzzer_sys::fuzz_target;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};

fn check(out: &[Message], texts: &std::collections::HashMap<String, String>) {
    for m in out {
        let Message::Notification(n) = m else {
            continue;
        };
        if n.method != "textDocument/publishDiagnostics" {
            continue;
        }
        let uri = n.params["uri"].as_str().unwrap();
        let Some(text) = texts.get(uri) else { continue };
        let lines = text.split('\n').count() as u64;
        for d in n.params["diagnostics"].as_array().unwrap() {
            for end in ["start", "end"] {
                let line = d["range"][end]["line"].as_u64().unwrap();
                assert!(line < lines, "{uri}: line {line} past {lines} lines");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (dir, records) = imaudit_fuzz::base_county();
    let mut server = Server::new();
    let init = Request::new(
        RequestId::from(0),
        "initialize".into(),
        json!({ "rootUri": text::uri_of(dir.path().canonicalize().unwrap().as_path()).unwrap().as_str() }),
    );
    assert_eq!(server.handle(init.into()).len(), 1);
    let mut texts = std::collections::HashMap::new();
    for (i, chunk) in data.split(|b| *b == 0xFF).take(8).enumerate() {
        let [kind, record, l0, l1, c0, c1, rest @ ..] = chunk else {
            continue;
        };
        let (rel, _) = imaudit_fuzz::split(&[*record]).unwrap();
        let uri = text::uri_of(&records.join(rel))
            .unwrap()
            .as_str()
            .to_string();
        let line = u32::from(u16::from_le_bytes([*l0, *l1]));
        let character = u32::from(u16::from_le_bytes([*c0, *c1]));
        let body = String::from_utf8_lossy(rest).into_owned();
        let position = json!({ "line": line, "character": character });
        let doc = json!({ "uri": uri });
        let id = RequestId::from(i as i32 + 1);
        let note = |method: &str, params: Value| -> Message {
            Notification::new(method.into(), params).into()
        };
        let request = |method: &str, params: Value| -> Message {
            Request::new(id.clone(), method.into(), params).into()
        };
        let message = match kind % 10 {
            0 => {
                texts.insert(uri.clone(), body.clone());
                note(
                    "textDocument/didOpen",
                    json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": body } }),
                )
            }
            1 => {
                texts.insert(uri.clone(), body.clone());
                note(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": body }] }),
                )
            }
            2 => {
                // A range edit: the text kept is unknown here, so it is not range-checked.
                texts.remove(&uri);
                note(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{
                        "range": { "start": position, "end": { "line": line + u32::from(*c1 % 3), "character": 0 } },
                        "text": body }] }),
                )
            }
            3 => note("textDocument/didClose", json!({ "textDocument": doc })),
            4 => note("textDocument/didSave", json!({ "textDocument": doc })),
            5 => request(
                "textDocument/hover",
                json!({ "textDocument": doc, "position": position }),
            ),
            6 => request(
                "textDocument/completion",
                json!({ "textDocument": doc, "position": position }),
            ),
            7 => request(
                "textDocument/codeAction",
                json!({ "textDocument": doc, "range": { "start": position, "end": position },
                        "context": { "diagnostics": [{ "range": { "start": position, "end": position },
                            "message": "", "code": body }] } }),
            ),
            8 => request("shutdown", Value::Null),
            _ => match serde_json::from_slice::<Message>(rest) {
                Ok(m) => m,
                Err(_) => continue,
            },
        };
        let is_request = matches!(message, Message::Request(_));
        let out = server.handle(message);
        if is_request {
            assert_eq!(
                out.iter()
                    .filter(|m| matches!(m, Message::Response(_)))
                    .count(),
                1
            );
        }
        check(&out, &texts);
        let out = server.tick(Instant::now(), true);
        check(&out, &texts);
    }
});
