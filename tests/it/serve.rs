//! `imaudit serve` (issue 7 item 4; issue 8 item 4), tested as a person's browser would meet
//! it but with raw HTTP over TcpStream: the binary is started on a free port (`--port 0`, the
//! first stdout line says which), a record in a temporary copy of the base county is edited,
//! and the served page must show the change within a bounded wait. Each test kills its server
//! when it ends, passed or failed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use clap::Parser;

use crate::harness::{base_copy, chromium, headless, site_bytes};

/// The first build of a debug binary on a busy machine can be slow.
const STARTUP: Duration = Duration::from_secs(120);
/// How long a save may take to show on the served page (poll, debounce, rebuild): well
/// under a second when idle, bounded generously for a busy two-core machine.
const CHANGE: Duration = Duration::from_secs(60);

const LOG_PAGE: &str = "/offices/demo/logs/2026-01.html";
const PURPOSE: &str = "辦理歸化國籍案件，查核居留期間";

/// A running `imaudit serve`, killed when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    /// stdout after the address line: build summaries and one line per request.
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn records(&self) -> PathBuf {
        self.dir.path().join("records")
    }

    fn get(&self, target: &str) -> Reply {
        request(
            self.addr,
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    fn version(&self) -> u64 {
        let r = self.get("/__imaudit/version");
        assert_eq!(r.status, 200);
        r.text().trim().parse().unwrap()
    }

    /// Waits (bounded) until `done` holds, polling every 200 ms.
    fn wait_until(&self, what: &str, mut done: impl FnMut(&Served) -> bool) {
        let started = Instant::now();
        while started.elapsed() < CHANGE {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let errors: Vec<String> = self.stderr.try_iter().collect();
        panic!("after {CHANGE:?}: {what}; stderr: {errors:?}");
    }
}

/// Starts `imaudit serve --port 0` on a copy of the base county and reads the address from
/// its first stdout line.
fn serve(extra: &[&str]) -> Served {
    let dir = base_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .arg("serve")
        .arg("--records")
        .arg(dir.path().join("records"))
        .arg("--out")
        .arg(dir.path().join("site"))
        .args(["--port", "0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Reader threads drain both pipes for as long as the server lives, so it never blocks
    // on a full pipe.
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    let first = stdout.recv_timeout(STARTUP);
    let mut served = Served {
        child,
        addr: "127.0.0.1:0".parse().unwrap(),
        stdout,
        stderr,
        dir,
    };
    let first = first.unwrap_or_else(|_| {
        let errors: Vec<String> = served.stderr.try_iter().collect();
        panic!("serve printed no address: {errors:?}")
    });
    let url = first.split("http://").nth(1).expect(&first);
    served.addr = url.trim_end_matches('/').parse().expect(url);
    served
}

fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends raw bytes and reads the whole answer (the server closes after one response).
fn request(addr: SocketAddr, bytes: &[u8]) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8(answer[..split].to_vec()).unwrap();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {head}"));
    Reply {
        status,
        head,
        body: answer[split + 4..].to_vec(),
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serve_rebuilds_after_a_record_is_edited_and_the_page_sees_it() {
    let s = serve(&[]);
    let page = s.get(LOG_PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    let html = page.text();
    assert!(html.contains(PURPOSE));
    // The served page reloads itself, and its CSP lets that one same-origin script run...
    assert!(html.contains("<script src=\"/__imaudit/reload.js\" data-version=\"1\"></script>"));
    assert!(html.contains("script-src 'self'; connect-src 'self'"));
    // ...while the built file on disk stays script-free.
    let on_disk =
        std::fs::read_to_string(s.dir.path().join("site/offices/demo/logs/2026-01.html")).unwrap();
    assert!(!on_disk.contains("<script"));
    assert!(!on_disk.contains("script-src"));
    let script = s.get("/__imaudit/reload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/javascript")));
    assert!(script.text().contains("/__imaudit/version"));
    assert_eq!(s.version(), 1);

    edit(
        &s.records().join("offices/demo/logs/2026/2026-01.toml"),
        PURPOSE,
        "辦理歸化國籍案件，查核居留期間（已更正）",
    );
    s.wait_until("the page shows the edited purpose", |s| {
        s.get(LOG_PAGE).text().contains("查核居留期間（已更正）")
    });
    // The new site is in place a moment before the version the pages poll is bumped.
    s.wait_until("the version is bumped", |s| s.version() >= 2);
    assert!(s.get(LOG_PAGE).text().contains("data-version=\""));
}

#[test]
fn failed_rebuild_keeps_serving_the_last_good_site_and_templates_are_watched() {
    let s = serve(&[]);
    assert_eq!(s.version(), 1);
    let templates = s.dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("base.html"), "{% if %}broken").unwrap();
    let started = Instant::now();
    let mut other = Vec::new();
    let mut failure = loop {
        match s.stderr.recv_timeout(Duration::from_secs(1)) {
            Ok(line) if line.contains("重建失敗") => break line,
            Ok(line) => other.push(line),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("serve ended: {other:?}"),
            Err(mpsc::RecvTimeoutError::Timeout) if started.elapsed() > CHANGE => {
                panic!("no failed rebuild reported; stderr: {other:?}")
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    };
    // The template error's excerpt follows on the next lines.
    while let Ok(line) = s.stderr.recv_timeout(Duration::from_millis(500)) {
        failure.push('\n');
        failure.push_str(&line);
    }
    assert!(failure.contains("base.html:1"), "{failure}");
    // The last good site is still served, and pages are not told to reload.
    let page = s.get(LOG_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.text().contains(PURPOSE));
    assert_eq!(s.version(), 1);

    // A working template from templates/ replaces the embedded one.
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"))
            .unwrap();
    assert!(base.contains("</body>"));
    // templates/static/style.css is served in place of the built stylesheet.
    std::fs::create_dir(templates.join("static")).unwrap();
    std::fs::write(
        templates.join("static/style.css"),
        "body { color: #333 } /* 範本樣式 */\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("base.html"),
        base.replacen("</body>", "<p>範本已更新</p></body>", 1),
    )
    .unwrap();
    s.wait_until("the page shows the edited template", |s| {
        s.get(LOG_PAGE).text().contains("<p>範本已更新</p>")
    });
    // The new site is in place a moment before the version is bumped.
    s.wait_until("the version is bumped", |s| s.version() >= 2);
    let css = s.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.text().contains("範本樣式"));
    let built = std::fs::read_to_string(s.dir.path().join("site/static/style.css")).unwrap();
    assert!(
        !built.contains("範本樣式"),
        "the built site keeps its own stylesheet"
    );
}

#[test]
fn only_get_and_head_are_answered() {
    let s = serve(&[]);
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    ] {
        let r = request(
            s.addr,
            format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
                .as_bytes(),
        );
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"), "{method}");
    }
    let get = s.get("/");
    assert_eq!(get.status, 200);
    let head = request(
        s.addr,
        b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string())
    );
}

#[test]
fn path_traversal_is_refused_and_nothing_outside_the_site_leaks() {
    let s = serve(&[]);
    // Files beside the site that a traversal would reach.
    let secret = "SECRET-OUTSIDE-THE-SITE";
    std::fs::write(
        s.dir.path().join("Cargo.toml"),
        format!("[package]\nname = \"{secret}\"\n"),
    )
    .unwrap();
    std::fs::write(s.dir.path().join("secret.txt"), secret).unwrap();
    let county = std::fs::read_to_string(s.records().join("county.toml")).unwrap();
    let county_line = county.lines().find(|l| l.contains('=')).unwrap();
    for (target, want) in [
        ("/../Cargo.toml", 400),
        ("/%2e%2e/Cargo.toml", 400),
        ("/%2E%2E/secret.txt", 400),
        ("/..%2fCargo.toml", 400),
        ("/..%2Fsecret.txt", 400),
        ("/static/../../Cargo.toml", 400),
        ("/offices/%2e%2e/%2e%2e/Cargo.toml", 400),
        ("/../records/county.toml", 400),
        ("/..\\Cargo.toml", 400),
        ("/%5c..%5cCargo.toml", 400),
        ("/.%2e/Cargo.toml", 400),
        ("//etc/passwd", 400),
        ("../Cargo.toml", 400),
        ("http://127.0.0.1/../Cargo.toml", 400),
        ("C:\\Windows\\win.ini", 400),
        ("/C:/Windows/win.ini", 400),
        ("/.. /Cargo.toml", 400),
        ("/%252e%252e/Cargo.toml", 404),
        ("/etc/passwd", 404),
        ("/.imaudit-site", 404),
        ("/records/county.toml", 404),
    ] {
        let r = s.get(target);
        assert_eq!(r.status, want, "{target}: {}", r.text());
        let body = r.text();
        assert!(!body.contains(secret), "{target} leaked a file");
        assert!(!body.contains(county_line), "{target} leaked a record");
        assert!(!body.contains("root:"), "{target} leaked /etc/passwd");
    }
    // An absolute file path as the whole request target.
    let abs = s.dir.path().join("secret.txt");
    let r = s.get(&abs.to_string_lossy());
    assert_ne!(r.status, 200);
    assert!(!r.text().contains(secret));
    // A request head larger than the bound is refused, not buffered without end.
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    assert_eq!(request(s.addr, huge.as_bytes()).status, 431);
    // The server is still there after all that.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn binds_127_0_0_1_by_default() {
    let cli = imaudit::cli::Cli::try_parse_from(["imaudit", "serve"]).unwrap();
    let imaudit::cli::Command::Serve(args) = cli.command else {
        panic!("not serve")
    };
    assert_eq!(args.bind, std::net::IpAddr::from([127, 0, 0, 1]));
    let s = serve(&[]);
    assert_eq!(s.addr.ip(), std::net::IpAddr::from([127, 0, 0, 1]));
    assert_ne!(s.addr.port(), 0);
    assert_eq!(s.get("/").status, 200);
}

/// Waits (bounded) for a line that `wanted` accepts; the lines before it are consumed.
fn wait_for_line(from: &Receiver<String>, within: Duration, wanted: impl Fn(&str) -> bool) {
    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed() < within {
        match from.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if wanted(&line) => return,
            Ok(line) => seen.push(line),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    panic!("no such line within {within:?}; saw {seen:?}");
}

/// A browser process, killed when dropped.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Issue 7's "the browser sees the change": headless Chromium keeps a log page open, the
/// record is edited, and Chromium asks for the page again by itself (the reload script saw
/// the version change), with no Content-Security-Policy complaint in its console.
#[test]
fn browser_reloads_the_open_page_after_a_rebuild() {
    let Some(bin) = chromium() else {
        return;
    };
    let s = serve(&[]);
    let profile = tempfile::tempdir().unwrap();
    let mut child = headless(&bin, profile.path())
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("http://{}{LOG_PAGE}", s.addr))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let console = lines(child.stderr.take().unwrap());
    let browser = Browser(child);
    // The page is open and its script loaded...
    let page_line = format!("GET {LOG_PAGE} 200");
    wait_for_line(&s.stdout, STARTUP, |l| l.contains(&page_line));
    wait_for_line(&s.stdout, STARTUP, |l| {
        l.contains("GET /__imaudit/reload.js 200")
    });
    // ...and polling: give it a poll or two before the edit.
    std::thread::sleep(Duration::from_millis(1500));
    edit(
        &s.records().join("offices/demo/logs/2026/2026-01.toml"),
        PURPOSE,
        "辦理歸化國籍案件，查核居留期間（瀏覽器重新載入）",
    );
    wait_for_line(&s.stdout, CHANGE, |l| l.contains("已重建"));
    // The browser asks for the page again: the reload.
    wait_for_line(&s.stdout, CHANGE, |l| l.contains(&page_line));
    assert!(s
        .get(LOG_PAGE)
        .text()
        .contains("查核居留期間（瀏覽器重新載入）"));
    drop(browser);
    let complaints: Vec<String> = console
        .try_iter()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Content Security Policy"))
        .collect();
    assert!(complaints.is_empty(), "{complaints:?}");
}

/// `serve` rebuilds into --out again and again: it refuses the same folders `build` does
/// (src/site/guard.rs) before it writes anything, and the records are untouched.
#[test]
fn serve_refuses_to_build_into_the_records() {
    let dir = base_copy();
    let records = dir.path().join("records");
    let inside = records.join("site");
    let before = std::fs::read_dir(&records).unwrap().count();
    for out in [records.clone(), inside.clone()] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_imaudit"))
            .arg("serve")
            .arg("--records")
            .arg(&records)
            .arg("--out")
            .arg(&out)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A server that started would run until stopped: give it the start-up time, then stop
        // it and fail rather than hang.
        let deadline = Instant::now() + STARTUP;
        while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let run = child.wait_with_output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{}", out.display());
        assert!(run.stdout.is_empty(), "no address is printed");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains("紀錄資料夾"), "{err}");
    }
    assert!(!inside.exists());
    assert_eq!(std::fs::read_dir(&records).unwrap().count(), before);
}

/// What `imaudit build` makes of the records as they are now, for comparison.
fn fresh_site(records: &Path, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let eval =
        imaudit::evaluate::evaluate(records, &imaudit::evaluate::Options::default()).unwrap();
    imaudit::site::build(&eval, out, &imaudit::site::BuildOptions::default()).unwrap();
    site_bytes(out)
}

/// `serve` re-reads only the records that changed (serve::Kept, load::reread): after each
/// kind of edit its site is byte for byte the site a whole `build` makes, and only a plain
/// record's edit is read alone.
#[test]
fn an_incremental_rebuild_gives_the_site_a_whole_build_gives() {
    use imaudit::serve::{self as srv, Config, Kept, Site};
    let dir = base_copy();
    let records = dir.path().join("records");
    let config = Config {
        records: records.clone(),
        out: dir.path().join("site"),
        as_of: None,
    };
    let site = Site::new(config.out.clone());
    let mut kept = Kept::default();
    let all = srv::rebuild(&config, &site, &mut kept).unwrap().files_read;
    assert!(all > 20, "{all} files");
    let log = records.join("offices/demo/logs/2026/2026-02.toml");
    let people = records.join("offices/demo/people.toml");
    let text = |p: &Path| std::fs::read_to_string(p).unwrap();
    let original_log = text(&log);
    // (what is done, how many files the rebuild reads). Every edit changes the file's length:
    // a change that keeps both time and length is not seen (serve::Kept), and file systems
    // with coarse times would make such a test flaky.
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, usize);
    let steps: Vec<Step> = vec![
        (
            "a log's purpose made vague (a finding appears)",
            Box::new(|| {
                let t = text(&log).replacen("受理遷入登記，查核當事人是否出境逾二年", "查詢", 1);
                std::fs::write(&log, t).unwrap();
            }),
            1,
        ),
        (
            "a person renamed in people.toml (read against every log)",
            Box::new(|| {
                let t = text(&people).replacen("name = \"", "name = \"新", 1);
                std::fs::write(&people, t).unwrap();
            }),
            all,
        ),
        (
            "the log broken",
            Box::new(|| std::fs::write(&log, "month = \"2026-02\"\n[[entry]\n").unwrap()),
            all,
        ),
        (
            "the log mended",
            Box::new(|| std::fs::write(&log, &original_log).unwrap()),
            all,
        ),
        (
            "a log's entry edited again",
            Box::new(|| {
                let t = text(&log).replacen(
                    "login = 2026-02-24T13:50:00",
                    "login = 2026-02-24T13:51:00",
                    1,
                );
                std::fs::write(&log, t + "\n").unwrap();
            }),
            1,
        ),
        (
            "the log's month written wrong (a path-mismatch, still readable)",
            Box::new(|| {
                let t = text(&log).replacen("month = \"2026-02\"", "month = \"2026-03\"", 1);
                std::fs::write(&log, t + "\n").unwrap();
            }),
            1,
        ),
        (
            "the month written right again (the reading finding goes)",
            Box::new(|| {
                let t = text(&log).replacen("month = \"2026-03\"", "month = \"2026-02\"", 1);
                std::fs::write(&log, t + "\n").unwrap();
            }),
            1,
        ),
        (
            "a new file",
            Box::new(|| std::fs::write(records.join("offices/demo/notes.txt"), "備忘\n").unwrap()),
            all + 1,
        ),
    ];
    for (n, (what, edit, reads)) in steps.iter().enumerate() {
        edit();
        let rebuilt = srv::rebuild(&config, &site, &mut kept).unwrap();
        assert_eq!(rebuilt.files_read, *reads, "{what}: files read");
        let fresh = fresh_site(&records, &dir.path().join(format!("fresh-{n}")));
        let served = site_bytes(&config.out);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "{what}: pages"
        );
        for (path, bytes) in &fresh {
            assert!(
                served[path] == *bytes,
                "{what}: {path} differs from a whole build"
            );
        }
    }
}

/// `serve` keeps the pages of every office whose inputs did not change (site::Reuse, issue 12
/// step 4) and fingerprints only the edited office's and the county's: after each edit its
/// site is byte for byte a whole build's, so a kept page that should have changed (a stale
/// key) fails here. Two offices, so one is kept while the other is edited.
#[test]
fn serve_keeps_the_pages_of_the_offices_an_edit_did_not_touch() {
    use imaudit::serve::{self as srv, Config, Kept, Site};
    let dir = base_copy();
    let records = dir.path().join("records");
    crate::harness::copy_tree(
        &records.join("offices/demo"),
        &records.join("offices/second"),
    );
    let config = Config {
        records: records.clone(),
        out: dir.path().join("site"),
        as_of: None,
    };
    let site = Site::new(config.out.clone());
    let mut kept = Kept::default();
    let first = srv::rebuild(&config, &site, &mut kept).unwrap();
    assert_eq!(first.offices_kept, 0);
    let text = |p: &Path| std::fs::read_to_string(p).unwrap();
    let demo_log = records.join("offices/demo/logs/2026/2026-02.toml");
    let second_log = records.join("offices/second/logs/2026/2026-02.toml");
    let county = records.join("county.toml");
    let demo_audit = records.join("offices/demo/monthly-audits/2026/2026-01.toml");
    // (what is done, how many offices keep their pages)
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, usize);
    let steps: Vec<Step> = vec![
        (
            "a log of demo made vague (a finding appears in demo alone)",
            Box::new(|| {
                let t =
                    text(&demo_log).replacen("受理遷入登記，查核當事人是否出境逾二年", "查詢", 1);
                std::fs::write(&demo_log, t).unwrap();
            }),
            1,
        ),
        (
            "a log of the second office edited",
            Box::new(|| {
                let t = text(&second_log).replacen(
                    "login = 2026-02-24T13:50:00",
                    "login = 2026-02-24T13:51:00",
                    1,
                );
                std::fs::write(&second_log, t + "\n").unwrap();
            }),
            1,
        ),
        (
            "a blank line added to the same log (its text, not its findings, changes)",
            Box::new(|| {
                let t = text(&second_log);
                std::fs::write(&second_log, t + "\n").unwrap();
            }),
            1,
        ),
        (
            "a monthly audit of demo removed (its page goes, the other office is kept)",
            Box::new(|| std::fs::remove_file(&demo_audit).unwrap()),
            1,
        ),
        (
            "the county renamed (every page's frame changes)",
            Box::new(|| {
                let t = text(&county).replacen("name = \"彰化縣\"", "name = \"彰化縣（測試）\"", 1);
                std::fs::write(&county, t).unwrap();
            }),
            0,
        ),
        (
            "the evaluation date moved (deadlines everywhere)",
            Box::new(|| {
                let t = text(&county).replacen("as_of = 2026-03-05", "as_of = 2026-04-15", 1);
                std::fs::write(&county, t).unwrap();
            }),
            0,
        ),
    ];
    let templates = dir.path().join("templates");
    let base_html = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html");
    let steps: Vec<Step> = steps
        .into_iter()
        .chain([(
            // No record changed: the re-evaluation kept every office's findings and read no
            // office's usage sessions, so the site must compute them to render the pages.
            "a template edited in templates/ (every page, no record changed)",
            Box::new(|| {
                std::fs::create_dir_all(&templates).unwrap();
                let t = text(&base_html) + "<!-- 改過的範本 -->\n";
                std::fs::write(templates.join("base.html"), t).unwrap();
            }) as Box<dyn Fn()>,
            0,
        )])
        .collect();
    for (n, (what, edit, offices_kept)) in steps.iter().enumerate() {
        edit();
        let rebuilt = srv::rebuild(&config, &site, &mut kept).unwrap();
        assert_eq!(rebuilt.offices_kept, *offices_kept, "{what}: offices kept");
        let overrides = match templates.join("base.html").is_file() {
            true => vec![("base.html".to_string(), text(&templates.join("base.html")))],
            false => Vec::new(),
        };
        let out = dir.path().join(format!("fresh-{n}"));
        let eval =
            imaudit::evaluate::evaluate(&records, &imaudit::evaluate::Options::default()).unwrap();
        let options = imaudit::site::BuildOptions {
            template_overrides: overrides,
            ..Default::default()
        };
        imaudit::site::build(&eval, &out, &options).unwrap();
        let fresh = site_bytes(&out);
        let served = site_bytes(&config.out);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "{what}: pages"
        );
        for (path, bytes) in &fresh {
            assert!(
                served[path] == *bytes,
                "{what}: {path} differs from a whole build"
            );
        }
    }
}
