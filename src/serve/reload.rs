//! Live reload for `imaudit serve`: a small script, served by the server itself, that asks
//! `/__imaudit/version` once a second and reloads the page when the number changes (the
//! server bumps it after each successful rebuild).
//!
//! The built pages stay script-free on disk (issue 8: the published site runs no script): the
//! server adds the `<script>` tag to the HTML it sends, and widens the page's
//! Content-Security-Policy meta tag by `script-src 'self'; connect-src 'self'` so the browser
//! lets that one same-origin script run and poll. Nothing else is allowed: no inline script,
//! no other origin.

/// Where the script is served.
pub const SCRIPT_PATH: &str = "/__imaudit/reload.js";
/// Where the version counter is served (`text/plain`, a decimal number).
pub const VERSION_PATH: &str = "/__imaudit/version";

/// What serve mode adds to the site's Content-Security-Policy.
pub const CSP_ADDITION: &str = "; script-src 'self'; connect-src 'self'";

/// The script. It starts from the version the page was served at (`data-version`), so a
/// rebuild that finishes between the page load and the first poll still reloads it. A server
/// that stopped is not an error: the script keeps asking quietly.
pub const SCRIPT: &str = r#"// imaudit serve：網站重建後自動重新載入此頁。
(function () {
  "use strict";
  var me = document.currentScript;
  var seen = me ? me.getAttribute("data-version") : null;
  function poll() {
    fetch("/__imaudit/version", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (v) {
        if (v === null) { return; }
        v = v.trim();
        if (seen === null) { seen = v; }
        else if (v !== seen) { location.reload(); }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 1000);
})();
"#;

const CSP_META: &str = "http-equiv=\"Content-Security-Policy\" content=\"";

/// `html` as sent in serve mode: the CSP meta tag widened (module doc) and the reload script
/// added before the last `</body>` (at the end when there is none).
pub fn inject(html: &str, version: u64) -> String {
    let mut out = html.to_string();
    if let Some(at) = out.find(CSP_META) {
        let start = at + CSP_META.len();
        if let Some(len) = out[start..].find('"') {
            out.insert_str(start + len, CSP_ADDITION);
        }
    }
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n");
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &tag),
        None => out.push_str(&tag),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_the_csp_and_adds_the_script_before_body_end() {
        let html = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'\"></head><body><p>x</p></body></html>";
        let out = inject(html, 7);
        assert!(out.contains(
            "content=\"default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'\""
        ));
        assert!(out.ends_with(
            "<p>x</p><script src=\"/__imaudit/reload.js\" data-version=\"7\"></script>\n</body></html>"
        ));
    }

    #[test]
    fn a_page_without_body_end_gets_the_script_at_the_end() {
        let out = inject("<p>x", 1);
        assert_eq!(
            out,
            "<p>x<script src=\"/__imaudit/reload.js\" data-version=\"1\"></script>\n"
        );
    }
}
