//! The HTTP side of `imaudit serve` (issue 8, "the site as an attack surface"): a deliberately
//! small HTTP/1.1 server on std::net, one request per connection, a thread per connection.
//!
//! - Only `GET` and `HEAD`; any other method is `405` with `Allow: GET, HEAD`.
//! - The request head is read up to [`MAX_HEAD`] bytes within [`READ_TIMEOUT`]; a longer one
//!   is `431`, a slow one is dropped. Bodies are never read.
//! - Paths are resolved by [`resolve`], which refuses (`400`) anything that could leave the
//!   site folder: `..` and `.` segments, percent-encoded or not, backslashes (Windows reads
//!   them as separators), empty segments (`//etc/passwd`), drive letters and other colons,
//!   segments ending in a dot or a space (Windows drops those), control characters, and any
//!   target that is not an origin-form path (`http://…`, `*`, `C:\…`). Files whose names start
//!   with a dot (the site marker) are not served. As a last guard the file found is
//!   canonicalised and must still lie inside the canonical site folder (a symlink cannot lead
//!   out).
//! - HTML is sent with the live-reload script added (reload.rs); everything with
//!   `Cache-Control: no-store`, so a reload always shows the rebuilt page.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::reload;
use super::Site;

/// The longest request head (request line and headers) read.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// The rebuild counter the reload script polls.
    Version,
    /// The reload script.
    Script,
    /// A file of the site: decoded path segments, each a plain file or folder name; `dir`
    /// when the path ends in `/` (then `index.html` inside it is meant).
    Site { segments: Vec<String>, dir: bool },
}

/// Why a request target is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 400: the target could reach outside the site, or is not a path at all.
    BadRequest(&'static str),
    /// 404: a name the server does not show (hidden files).
    NotFound,
}

/// Resolves a request target (as on the request line) to what it asks for, refusing every
/// form of path traversal (module doc).
pub fn resolve(raw: &str) -> Result<Target, Refusal> {
    use Refusal::BadRequest;
    if !raw.starts_with('/') {
        return Err(BadRequest("請求路徑必須以 / 開頭"));
    }
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if path.contains('\\') {
        return Err(BadRequest("路徑不可含反斜線"));
    }
    let decoded = percent_decode(path).ok_or(BadRequest("路徑的百分比編碼無效"))?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(BadRequest("路徑不可含控制字元或反斜線"));
    }
    if decoded == reload::VERSION_PATH {
        return Ok(Target::Version);
    }
    if decoded == reload::SCRIPT_PATH {
        return Ok(Target::Script);
    }
    // `decoded` starts with '/' (a '/' is never produced by decoding the first byte, which
    // was checked above), so the first piece is always empty.
    let pieces: Vec<&str> = decoded.split('/').skip(1).collect();
    let dir = pieces.last().is_none_or(|p| p.is_empty());
    let names = if dir {
        &pieces[..pieces.len().saturating_sub(1)]
    } else {
        &pieces[..]
    };
    let mut segments = Vec::with_capacity(names.len());
    for name in names {
        if name.is_empty() {
            return Err(BadRequest("路徑不可有空的段落（//）"));
        }
        if name.chars().all(|c| c == '.') {
            return Err(BadRequest("路徑不可含 . 或 .. 段落"));
        }
        if name.contains(':') {
            return Err(BadRequest("路徑不可含冒號"));
        }
        if name.ends_with(['.', ' ']) {
            return Err(BadRequest("路徑段落不可以句點或空白結尾"));
        }
        if name.starts_with('.') {
            return Err(Refusal::NotFound);
        }
        segments.push((*name).to_string());
    }
    Ok(Target::Site { segments, dir })
}

/// Decodes `%XX` escapes; `None` for a bad escape or bytes that are not UTF-8. Decoding is
/// done once: `%252e` stays the literal name `%2e`, which no site file has.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A response about to be written.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status: 200,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    fn error(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: format!("{status} {}：{text}\n", reason(status)).into_bytes(),
        }
    }

    /// Writes the response; `head_only` for HEAD (the headers say the length the body would
    /// have).
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> std::io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Why no request head could be read.
enum HeadError {
    /// The client closed or timed out before sending anything: nothing to answer.
    Gone,
    TooLarge,
    Malformed,
}

/// Reads the request head (up to the blank line), bounded by [`MAX_HEAD`].
fn read_head(stream: &mut impl Read) -> Result<String, HeadError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = head_end(&buf) {
            buf.truncate(end);
            return String::from_utf8(buf).map_err(|_| HeadError::Malformed);
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) if buf.is_empty() => return Err(HeadError::Gone),
            Ok(0) => return Err(HeadError::Malformed),
            Err(_) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = buf.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Answers one connection: one request, one response, then close.
pub fn handle(mut stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(HeadError::Gone) => return,
        Err(HeadError::TooLarge) => {
            let _ = Response::error(431, "請求標頭過長").write_to(&mut stream, false);
            return linger(stream);
        }
        Err(HeadError::Malformed) => {
            let _ = Response::error(400, "無法解讀的請求").write_to(&mut stream, false);
            return linger(stream);
        }
    };
    let (response, head_only) = respond(&head, site);
    let _ = response.write_to(&mut stream, head_only);
    if site.logs_requests() {
        log(&head, response.status);
    }
    linger(stream);
}

/// One line on stdout per request, as development servers do, so whoever runs `serve` sees
/// the browser at work; the reload script's once-a-second polls are left out.
fn log(head: &str, status: u16) {
    let line = head.lines().next().unwrap_or("").trim_end_matches('\r');
    let mut parts = line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if target != reload::VERSION_PATH {
        // The target is the client's text: keep it to one printable line.
        let target: String = target
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let method: String = method
            .chars()
            .filter(|c| !c.is_control())
            .take(16)
            .collect();
        println!("  {method} {target} {status}");
    }
}

/// Answers a connection over the limit with 503, from the accepting thread: the answer is
/// small enough for the socket's buffer, so this does not block.
pub fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = Response::error(503, "同時連線過多，請稍後再試").write_to(&mut stream, false);
    linger(stream);
}

/// Closes gracefully: a request body left unread (a refused POST) would otherwise make the
/// kernel reset the connection, and the client could lose the response already sent.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 256 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// The response to a request head; the flag says HEAD (no body).
pub fn respond(head: &str, site: &Site) -> (Response, bool) {
    let line = head.lines().next().unwrap_or("").trim_end_matches('\r');
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return (Response::error(400, "無法解讀的請求列"), false);
    };
    if !version.starts_with("HTTP/1.") {
        return (Response::error(400, "只接受 HTTP/1.x"), false);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut r = Response::error(405, "只接受 GET 與 HEAD");
            r.headers.push(("Allow", "GET, HEAD".into()));
            return (r, false);
        }
    };
    let response = match resolve(target) {
        Err(Refusal::BadRequest(why)) => Response::error(400, why),
        Err(Refusal::NotFound) => Response::error(404, "找不到此頁"),
        Ok(Target::Version) => Response::ok(
            "text/plain; charset=utf-8",
            site.version().to_string().into_bytes(),
        ),
        Ok(Target::Script) => Response::ok(
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
        ),
        Ok(Target::Site { segments, dir }) => site_file(site, target, &segments, dir),
    };
    (response, head_only)
}

fn site_file(site: &Site, target: &str, segments: &[String], dir: bool) -> Response {
    if !dir && segments.join("/") == crate::site::paths::STYLESHEET {
        if let Some(css) = site.stylesheet() {
            return Response::ok("text/css; charset=utf-8", css);
        }
    }
    site.wait_while_swapping();
    let root = site.root();
    let mut path = root.to_path_buf();
    for name in segments {
        path.push(name);
    }
    if dir {
        path.push("index.html");
    } else if path.is_dir() {
        // Pages link relatively: `offices/x` must become `offices/x/` for them to resolve.
        let location = format!("{}/", target.split(['?', '#']).next().unwrap_or(target));
        let mut r = Response::error(301, "請改用以 / 結尾的路徑");
        r.headers.push(("Location", location));
        return r;
    }
    let Some(file) = inside(root, &path) else {
        return Response::error(404, "找不到此頁");
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) => return Response::error(404, "找不到此頁"),
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        return Response::ok(
            content_type,
            reload::inject(&html, site.version()).into_bytes(),
        );
    }
    Response::ok(content_type, bytes)
}

/// `path` canonicalised, when it is a file inside the canonical `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let file = path.canonicalize().ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt" | "md" | "toml" | "csv") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(segments: &[&str], dir: bool) -> Result<Target, Refusal> {
        Ok(Target::Site {
            segments: segments.iter().map(|s| s.to_string()).collect(),
            dir,
        })
    }

    #[test]
    fn plain_paths_resolve() {
        assert_eq!(resolve("/"), site(&[], true));
        assert_eq!(resolve("/index.html"), site(&["index.html"], false));
        assert_eq!(
            resolve("/offices/demo/?x=1#top"),
            site(&["offices", "demo"], true)
        );
        assert_eq!(
            resolve("/offices/%E7%94%B0/a.html"),
            site(&["offices", "田", "a.html"], false)
        );
        assert_eq!(resolve("/__imaudit/version"), Ok(Target::Version));
        assert_eq!(resolve("/__imaudit/reload.js"), Ok(Target::Script));
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/static/../../Cargo.toml",
            "/./index.html",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "//etc/passwd",
            "/a//b",
            "/C:/Windows/win.ini",
            "/.. /x",
            "/x./y",
            "/%00",
            "/%zz",
            "/%ff",
            "../Cargo.toml",
            "http://127.0.0.1/../Cargo.toml",
            "*",
            "C:\\Windows\\win.ini",
        ] {
            assert!(
                matches!(resolve(raw), Err(Refusal::BadRequest(_))),
                "{raw} was not refused: {:?}",
                resolve(raw)
            );
        }
    }

    #[test]
    fn hidden_files_are_not_found_and_double_encoding_stays_literal() {
        assert_eq!(resolve("/.imaudit-site"), Err(Refusal::NotFound));
        assert_eq!(resolve("/%252e%252e/x"), site(&["%2e%2e", "x"], false));
    }
}
