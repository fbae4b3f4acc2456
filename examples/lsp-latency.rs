//! Measures `imaudit lsp` through the protocol (issue 16, "fast enough to feel live"): how long
//! after an edit of one usage log its diagnostics arrive, and the server's peak resident
//! memory. Spawns the binary beside this example (build it with `--release`), opens the
//! first log under RECORDS, then changes its first purpose back and forth RUNS times (a
//! `didChange` each), timing each change from the moment it is written to the pipe until the
//! `publishDiagnostics` for that file is read back. The debounce (150 ms) is included.
//!
//! ```text
//! cargo build --release --bin imaudit --example lsp-latency
//! target/release/examples/lsp-latency RECORDS [RUNS]
//! ```
//!
//! RECORDS is not changed: the edits stay in the server's buffer.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(records) = args.first() else {
        eprintln!("usage: lsp-latency RECORDS [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(10);
    let records = PathBuf::from(records)
        .canonicalize()
        .expect("records folder");
    let log = first_log(&records).expect("no usage log under RECORDS");
    let text = std::fs::read_to_string(&log).unwrap();
    let Some(at) = text.find("purpose = \"") else {
        eprintln!("{} has no purpose", log.display());
        std::process::exit(2);
    };
    let edited = format!("{}purpose = \"查詢\"{}", &text[..at], {
        let rest = &text[at + "purpose = \"".len()..];
        &rest[rest.find('"').unwrap() + 1..]
    });

    let bin = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("imaudit");
    let mut child = Command::new(&bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.trim_end().is_empty() {
                    break;
                }
                if let Some(n) = line.trim_end().strip_prefix("Content-Length: ") {
                    len = n.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let uri = format!("file://{}", log.display());
    let root = format!("file://{}", records.display());
    let wait_diagnostics = |rx: &mpsc::Receiver<Value>| loop {
        let m = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("no answer");
        if m["method"] == "window/logMessage" {
            println!(
                "  server: {}",
                m["params"]["message"].as_str().unwrap_or_default()
            );
        }
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str() {
            return m["params"]["diagnostics"].as_array().unwrap().len();
        }
    };
    send(json!({"jsonrpc":"2.0","id":1,"method":"initialize",
        "params":{"processId":null,"rootUri":root,"capabilities":{}}}));
    loop {
        let m = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("no initialize answer");
        if m["id"] == 1 {
            break;
        }
    }
    send(json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    let t = Instant::now();
    send(
        json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{
        "uri":uri,"languageId":"toml","version":1,"text":text}}}),
    );
    let n = wait_diagnostics(&rx);
    let first = t.elapsed();
    println!(
        "first open (whole load and evaluation): {:.0} ms, {n} diagnostics ({})",
        first.as_secs_f64() * 1000.0,
        log.display()
    );
    let mut times = Vec::new();
    for i in 0..runs {
        let body = if i % 2 == 0 { &edited } else { &text };
        let t = Instant::now();
        send(
            json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{
            "textDocument":{"uri":uri,"version":i + 2},"contentChanges":[{"text":body}]}}),
        );
        let n = wait_diagnostics(&rx);
        let took = t.elapsed();
        println!(
            "edit {}: {:.0} ms, {n} diagnostics",
            i + 1,
            took.as_secs_f64() * 1000.0
        );
        times.push(took);
    }
    times.sort();
    let peak = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or(0);
    if let Some(median) = times.get(times.len() / 2) {
        println!(
            "median of {runs} edits, change sent to diagnostics read (150 ms debounce included): {:.0} ms",
            median.as_secs_f64() * 1000.0
        );
    }
    println!("server peak resident memory (VmHWM): {} MiB", peak / 1024);
    send(json!({"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}));
    send(json!({"jsonrpc":"2.0","method":"exit","params":null}));
    let _ = child.wait();
}

/// The first usage log under `records`, in path order.
fn first_log(records: &Path) -> Option<PathBuf> {
    let mut logs: Vec<PathBuf> = walk(&records.join("offices"))
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.components().any(|c| c.as_os_str() == "logs")
        })
        .collect();
    logs.sort();
    logs.into_iter().next()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
