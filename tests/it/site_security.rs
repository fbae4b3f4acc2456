//! The site as an attack surface: whatever the records' free text holds, no page can run a
//! script or send a request anywhere (the CSP and the escaping).

use std::path::Path;

use crate::build_out::{imaudit, tree};
use crate::harness::{base_copy, JAN};

/// Records whose free text tries every way into a page: tags, event handlers, `javascript:`
/// links, raw HTML in regulation.md.
fn hostile(records: &Path) {
    let jan = records.join(JAN);
    let text = std::fs::read_to_string(&jan).unwrap().replacen(
        "purpose = \"辦理歸化國籍案件，查核居留期間\"",
        r#"purpose = "<script>alert(1)</script><img src=x onerror=alert(2)>\" onmouseover=\"alert(3)"
case = "javascript:alert(4)""#,
        1,
    );
    std::fs::write(&jan, text).unwrap();
    let reg = records.join("regulation.md");
    let mut md = std::fs::read_to_string(&reg).unwrap();
    md.push_str(
        "\n<script>alert(5)</script>\n\n<div onclick=\"alert(6)\">x</div>\n\n[連結](javascript:alert(7)) ![圖](https://example.com/x.png)\n\n<iframe src=\"https://example.com\"></iframe>\n",
    );
    std::fs::write(&reg, md).unwrap();
}

/// The attributes of every tag in `html`, as (tag, name, value).
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with('!') || tag.starts_with('/') {
            continue;
        }
        let mut parts = tag.splitn(2, |c: char| c.is_whitespace());
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        let mut attrs = parts.next().unwrap_or("").trim();
        while !attrs.is_empty() {
            let key_end = attrs
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(attrs.len());
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = attrs[key_end..].trim_start();
            let mut value = String::new();
            if let Some(v) = attrs.strip_prefix('=') {
                let v = v.trim_start();
                let (val, after) = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = v[1..].find(q).map_or(v.len(), |i| i + 1);
                        (&v[1..close], v.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let e = v.find(char::is_whitespace).unwrap_or(v.len());
                        (&v[..e], &v[e..])
                    }
                };
                value = val.to_string();
                attrs = after.trim_start();
            }
            out.push((name.clone(), key, value));
        }
    }
    out
}

#[test]
fn no_page_can_run_a_script_or_send_a_request_anywhere() {
    let dir = base_copy();
    let records = dir.path().join("records");
    hostile(&records);
    let site = dir.path().join("site");
    let run = imaudit()
        .args(["build", "--records"])
        .arg(&records)
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(run.status.code().is_some_and(|c| c <= 1));
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self' data:\">";
    let mut pages = 0;
    for (path, bytes) in tree(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        // default-src 'none' with no script-src: no script runs, inline or from anywhere.
        assert_eq!(html.matches(csp).count(), 1, "{path}: CSP");
        let head_end = html.find("</head>").unwrap_or(0);
        assert!(
            html.find(csp).unwrap() < head_end,
            "{path}: CSP outside <head>"
        );
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{path}: referrer"
        );
        for (tag, name, value) in attributes(&html) {
            assert!(
                !matches!(
                    tag.as_str(),
                    "script" | "iframe" | "object" | "embed" | "base" | "form"
                ),
                "{path}: <{tag}>"
            );
            assert!(!name.starts_with("on"), "{path}: <{tag} {name}=…>");
            if matches!(name.as_str(), "href" | "src" | "action" | "srcset") {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("http:")
                        && !v.starts_with("https:")
                        && !v.starts_with("//"),
                    "{path}: {tag} {name}={value}"
                );
            }
        }
    }
    assert!(pages > 20, "{pages} pages");
}
