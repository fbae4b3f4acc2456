//! The site: pages, escaping, determinism, atomic output, and the browser test.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use imaudit::evaluate::{evaluate, Options};
use imaudit::site::{self, BuildOptions};

use crate::harness::{chromium, fixtures, headless, site_bytes};

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

fn demo_records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("records")
}

fn base_records() -> PathBuf {
    fixtures().join("base/records")
}

fn build(records: &Path, out: &Path) -> Output {
    imaudit()
        .args(["build", "--records"])
        .arg(records)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn built(records: &Path, out: &Path) -> Output {
    let o = build(records, out);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "build failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The values of every `href="…"` and `src="…"` in a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            // Not part of a longer attribute name (`data-src`).
            let boundary = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            if boundary {
                out.push(rest[..end].to_string());
            }
            rest = &rest[end..];
        }
    }
    out
}

/// Joins a relative link to the page it is on, `..` resolved; None if it leaves the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for p in link.split('/') {
        match p {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `%E4%B8%89` → `三`, as a browser reads a fragment.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (
            b[i],
            s.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// cli.md's page table, for the demo records.
#[test]
fn every_page_of_cli_md_is_built_for_the_demo_records() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = built(&demo_records(), &out);
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("網站已產生") && stdout.contains("index.html"),
        "{stdout}"
    );
    let site = site_bytes(&out);
    for fixed in [
        "index.html",
        "rules/index.html",
        "regulation.html",
        "coverage.html",
        "deadlines.html",
        "deadlines.ics",
        "findings.json",
        "static/style.css",
    ] {
        assert!(site.contains_key(fixed), "{fixed} missing");
    }
    for rule in imaudit::rules::all() {
        assert!(
            site.contains_key(&format!("rules/{}.html", rule.id)),
            "rule page {} missing",
            rule.id
        );
    }
    let eval = evaluate(&demo_records(), &Options::default()).unwrap();
    for (office, r) in &eval.records().offices {
        let page = |p: String| assert!(site.contains_key(&p), "{p} missing");
        page(format!("offices/{office}/index.html"));
        if let Some(people) = &r.people {
            for p in &people.data.person {
                page(format!(
                    "offices/{office}/people/{}.html",
                    p.get_ref().id.get_ref()
                ));
            }
        }
        r.logs
            .keys()
            .for_each(|m| page(format!("offices/{office}/logs/{m}.html")));
        r.monthly_audits
            .keys()
            .for_each(|m| page(format!("offices/{office}/monthly-audits/{m}.html")));
        r.internal_audits
            .keys()
            .for_each(|d| page(format!("offices/{office}/internal-audits/{d}.html")));
        r.permission_reviews
            .keys()
            .for_each(|h| page(format!("offices/{office}/permission-reviews/{h}.html")));
        r.inspections
            .keys()
            .for_each(|d| page(format!("offices/{office}/inspections/{d}.html")));
        r.handovers
            .keys()
            .for_each(|(d, p)| page(format!("offices/{office}/handovers/{d}-{p}.html")));
        r.incidents
            .keys()
            .for_each(|(d, s)| page(format!("offices/{office}/incidents/{d}-{s}.html")));
    }
    // findings.json is what `check --format json` prints, byte for byte.
    let check = imaudit()
        .args(["check", "--format", "json", "--records"])
        .arg(demo_records())
        .output()
        .unwrap();
    assert_eq!(site["findings.json"], check.stdout);
    // Every page is Traditional Chinese with the security headers.
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        assert!(html.contains("<html lang=\"zh-Hant-TW\">"), "{path}");
        assert!(
            html.contains("default-src 'none'; style-src 'self'; img-src 'self' data:"),
            "{path}"
        );
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{path}"
        );
    }
}

/// Every href and src of a built site is relative and lands on one of its files (and, with a
/// fragment, on an element with that id); nothing names an http(s) URL. Returns how many
/// links it followed.
fn assert_links_resolve(site: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut ids: HashMap<String, Vec<String>> = HashMap::new();
    let mut checked = 0;
    for (page, bytes) in site {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{page} names an http(s) URL"
        );
        if !page.ends_with(".html") {
            continue;
        }
        for link in links(&text) {
            if link == "data:," {
                continue;
            }
            assert!(
                !link.starts_with('/') && !link.contains(':'),
                "{page}: {link} is not relative"
            );
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let fragment = percent_decoded(fragment);
            let target = if path.is_empty() {
                page.clone()
            } else {
                resolve(page, path).unwrap_or_default()
            };
            assert!(
                site.contains_key(&target),
                "{page}: {link} → {target} does not exist"
            );
            if !fragment.is_empty() {
                let known = ids.entry(target.clone()).or_insert_with(|| {
                    let html = String::from_utf8_lossy(&site[&target]).into_owned();
                    html.split(" id=\"")
                        .skip(1)
                        .map(|s| s[..s.find('"').unwrap()].to_string())
                        .collect()
                });
                assert!(
                    known.contains(&fragment),
                    "{page}: {link}: no id {fragment} in {target}"
                );
            }
            checked += 1;
        }
    }
    checked
}

/// Every href and src is relative and resolves; nothing is fetched from anywhere else.
#[test]
fn every_link_is_relative_and_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    built(&demo_records(), &out);
    let checked = assert_links_resolve(&site_bytes(&out));
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn two_builds_of_the_same_records_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    built(&demo_records(), &a);
    built(&demo_records(), &b);
    let (fa, fb) = (site_bytes(&a), site_bytes(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

/// The base county with the two payloads appended to every free-text value, and records of
/// the kinds the base lacks, so every page that shows record text shows them.
fn hostile_records(dir: &Path) -> PathBuf {
    let records = dir.join("records");
    copy_tree(&base_records(), &records);
    let payload = format!("{SCRIPT}{IMG}");
    let text_keys = [
        "name",
        "authority",
        "title",
        "purpose",
        "note",
        "summary",
        "case",
        "filed_in",
        "reason",
        "description",
        "follow_up",
        "email",
    ];
    for entry in walkdir::WalkDir::new(&records) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let changed: Vec<String> = text
            .lines()
            .map(|line| {
                let Some((key, value)) = line.split_once(" = \"") else {
                    return line.to_string();
                };
                if !text_keys.contains(&key.trim()) || !value.ends_with('"') || value.contains('\'')
                {
                    return line.to_string();
                }
                // A literal string: the payload's double quote needs no escaping there.
                format!(
                    "{key} = '{}{payload} A123456789'",
                    &value[..value.len() - 1]
                )
            })
            .collect();
        std::fs::write(entry.path(), changed.join("\n") + "\n").unwrap();
    }
    let office = records.join("offices/demo");
    let people = std::fs::read_to_string(office.join("people.toml")).unwrap();
    let person = people
        .split("id = \"")
        .nth(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .unwrap();
    let lit = |s: &str| format!("'{s}{payload}'");
    std::fs::create_dir_all(office.join("inspections")).unwrap();
    std::fs::write(
        office.join("inspections/2026-02-10.toml"),
        format!(
            "date = 2026-02-10\nby = \"county\"\ninspectors = [{}]\nfollow_up = {}\n\n[[check]]\nitem = \"log-retention\"\nresult = \"fail\"\nnote = {}\n",
            lit("民政處"),
            lit("補正"),
            lit("說明")
        ),
    )
    .unwrap();
    std::fs::create_dir_all(office.join("handovers")).unwrap();
    std::fs::write(
        office.join(format!("handovers/2026-02-11-{person}.toml")),
        format!(
            "date = 2026-02-11\nfrom = \"{person}\"\nto = \"{person}\"\ndocuments = [{}]\n",
            lit("清冊")
        ),
    )
    .unwrap();
    std::fs::create_dir_all(office.join("incidents")).unwrap();
    std::fs::write(
        office.join("incidents/2026-02-12-x.toml"),
        format!(
            "date = 2026-02-12\nperson = \"{person}\"\ndescription = {}\naccount_action = \"suspended\"\n",
            lit("事實")
        ),
    )
    .unwrap();
    // A file named like the payload (an unexpected file: its name is shown) and the 要點
    // with raw HTML of its own.
    std::fs::write(office.join(format!("{IMG}.toml")), "x = 1\n").unwrap();
    let reg = records.join("regulation.md");
    let mut md = std::fs::read_to_string(&reg).unwrap();
    md.push_str(&format!(
        "\n{SCRIPT}\n\n段落 {IMG} [連結](javascript:alert(1))\n"
    ));
    std::fs::write(reg, md).unwrap();
    records
}

/// Found while designing the site: record text goes into attributes too (`title`, `aria-label`),
/// where an unescaped quote would end the attribute.
#[test]
fn record_text_is_escaped_and_ids_masked_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let records = hostile_records(dir.path());
    let out = dir.path().join("site");
    built(&records, &out);
    let site = site_bytes(&out);
    let mut shown = 0;
    for (path, bytes) in &site {
        // findings.json is `check --format json` byte for byte: JSON, never rendered as HTML.
        if path == "findings.json" || path == "offices.csv" {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script"), "{path} has a raw <script");
        assert!(!text.contains("<img src=x"), "{path} has a raw <img");
        assert!(
            !text.contains("=\"javascript:"),
            "{path} has a javascript: link"
        );
        assert!(
            !text.contains("A123456789"),
            "{path} shows an id number unmasked"
        );
        if text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") {
            shown += 1;
        }
    }
    assert!(
        site.keys()
            .any(|p| p.starts_with("offices/demo/incidents/")),
        "incident page missing"
    );
    let log = site
        .keys()
        .find(|p| p.starts_with("offices/demo/logs/"))
        .unwrap();
    let html = String::from_utf8_lossy(&site[log]);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x"),
        "{log}"
    );
    assert!(
        html.contains("A12****789"),
        "{log}: the id is not shown masked"
    );
    assert!(
        shown > 10,
        "the payload shows as text on only {shown} pages"
    );
}

/// A build that fails leaves the site that was there, and no temporary folder.
#[test]
fn a_failed_build_leaves_the_previous_site_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    built(&base_records(), &out);
    let before = site_bytes(&out);

    // A template error halfway through: every log page fails to render.
    let eval = evaluate(&base_records(), &Options::default()).unwrap();
    let broken = BuildOptions {
        template_overrides: vec![(
            "log.html".into(),
            "{% extends \"base.html\" %}{% block content %}{{ v.no_such_value }}{% endblock content %}".into(),
        )],
        ..BuildOptions::default()
    };
    let err = site::build(&eval, &out, &broken).unwrap_err();
    assert!(err.to_string().contains("log.html"), "{err}");
    assert_eq!(site_bytes(&out), before, "the old site changed");
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["site"], "a temporary folder was left behind");

    // --out names a file: exit 2, one line, the file untouched.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "keep me").unwrap();
    let o = build(&base_records(), &file);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8(o.stderr).unwrap().lines().count(), 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    // --out names a folder that is not a site (the records, say): refused, not emptied.
    let other = dir.path().join("records");
    copy_tree(&base_records(), &other);
    let o = build(&base_records(), &other);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(other.join("county.toml").is_file());

    // And a good build replaces the old site.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    built(&base_records(), &out);
    assert!(!out.join("stale.html").exists());
}

#[test]
fn a_site_is_built_with_exit_0_whatever_the_records_hold() {
    // cli.md, "Exit status": a site full of errors is a site that must be published; the
    // gate is `check` (or `build --fail-on error`, tests/it/cli.rs).
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        build(&base_records(), &dir.path().join("a")).status.code(),
        Some(0)
    );
    assert_eq!(
        build(&demo_records(), &dir.path().join("b")).status.code(),
        Some(0)
    );
}

/// 附件一 prints 20 numbered rows a page, the signature lines at the foot of each page, the
/// last page padded with blank rows like the paper form.
#[test]
fn a_log_of_n_entries_has_ceil_n_over_20_pages_of_20_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    built(&demo_records(), &out);
    let eval = evaluate(&demo_records(), &Options::default()).unwrap();
    let mut seen = 0;
    for (office, r) in &eval.records().offices {
        for (month, log) in &r.logs {
            let n = log.data.entry.len();
            let html =
                std::fs::read_to_string(out.join(format!("offices/{office}/logs/{month}.html")))
                    .unwrap();
            let sheets: Vec<&str> = html
                .split("<section class=\"sheet log-sheet\"")
                .skip(1)
                .collect();
            assert_eq!(
                sheets.len(),
                n.div_ceil(20).max(1),
                "{office} {month}: {n} entries"
            );
            for sheet in &sheets {
                let body = &sheet[sheet.find("<tbody>").unwrap()..sheet.find("</tbody>").unwrap()];
                assert_eq!(body.matches("<tr").count(), 20, "{office} {month}");
                assert!(
                    sheet.contains("承辦人員：")
                        && sheet.contains("秘書：")
                        && sheet.contains("主任：")
                );
            }
            // The paper numbers each sheet 1–20 (issue 13): a CSS counter that each sheet's
            // tbody resets draws them (site_pages.rs checks the printed numbers).
            for sheet in &sheets {
                assert_eq!(sheet.matches("<tbody>").count(), 1);
                assert!(!sheet.contains("<th scope=\"row\">"));
            }
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn unreadable_files_are_shown_in_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(&base_records(), &records);
    let log = records.join("offices/demo/logs/2026/2026-01.toml");
    std::fs::write(&log, "month = \"2026-01\"\n[[entry]\nbroken").unwrap();
    let out = dir.path().join("site");
    built(&records, &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("無法讀取") && index.contains("logs/2026/2026-01.toml"),
        "dashboard"
    );
    let office = std::fs::read_to_string(out.join("offices/demo/index.html")).unwrap();
    let cell = office
        .find("source/offices/demo/logs/2026/2026-01.toml.html")
        .expect("grid links the unreadable log");
    assert!(office[cell..].contains("無法讀取"));
    assert!(out
        .join("source/offices/demo/logs/2026/2026-01.toml.html")
        .is_file());
}

/// Source pages are made for the files with findings and the unreadable ones only (a county's
/// source pages were 1.5 GB of its 2.2 GB site, issue 6): each finding's file has one, with
/// the finding's line marked; a readable file without findings has none, and its form page
/// does not link one.
#[test]
fn source_pages_only_for_files_with_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    built(&demo_records(), &out);
    let eval = evaluate(&demo_records(), &Options::default()).unwrap();
    let page_of = |file: imaudit::source::FileId| {
        let name = &eval.sources().get(file).name;
        format!("source/{}.html", name.split_once('/').unwrap().1)
    };
    let mut with_findings = std::collections::BTreeSet::new();
    for f in &eval.findings {
        let Some(span) = &f.span else { continue };
        let page = page_of(span.file);
        let html = std::fs::read_to_string(out.join(&page))
            .unwrap_or_else(|_| panic!("{page} missing for {}", f.rule.id));
        let line = eval.sources().get(span.file).line_col(span.range.start).0;
        assert!(
            html.contains(&format!("<span id=\"L{line}\" class=\"sev-")),
            "{page}:{line}"
        );
        with_findings.insert(span.file);
    }
    assert!(!with_findings.is_empty());
    let (office, r) = eval.records().offices.iter().next().unwrap();
    let (month, log) = r
        .logs
        .iter()
        .find(|(_, l)| !with_findings.contains(&l.file))
        .expect("a log without findings");
    assert!(!out.join(page_of(log.file)).exists());
    let form =
        std::fs::read_to_string(out.join(format!("offices/{office}/logs/{month}.html"))).unwrap();
    assert!(!form.contains("source/"));
}

/// A rebuild keeps the pages whose inputs did not change without building them (the usage
/// logs' pages by an input fingerprint, src/site/render.rs), so it must notice every input:
/// a person renamed in people.toml shows renamed on the office's log pages, an edited log's
/// page changes and other offices' log pages are kept, and every rebuild is what a build
/// from scratch makes.
#[test]
fn a_rebuild_shows_a_renamed_person_and_an_edited_log() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(&demo_records(), &records);
    let out = dir.path().join("site");
    built(&records, &out);
    let same_as_fresh = |what: &str| {
        let fresh = dir.path().join(format!("fresh-{what}"));
        built(&records, &fresh);
        let (a, b) = (site_bytes(&out), site_bytes(&fresh));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            assert!(
                bytes == &b[path],
                "{what}: {path} differs from a fresh build"
            );
        }
        a
    };

    // Rename the first person of the first log of an office.
    let eval = evaluate(&records, &Options::default()).unwrap();
    let (office, r) = eval
        .records()
        .offices
        .iter()
        .find(|(_, r)| r.logs.values().any(|l| !l.data.entry.is_empty()))
        .unwrap();
    let (month, log) = r
        .logs
        .iter()
        .find(|(_, l)| !l.data.entry.is_empty())
        .unwrap();
    let id = log.data.entry[0].get_ref().person.get_ref().clone();
    let person = r
        .people
        .as_ref()
        .unwrap()
        .data
        .person
        .iter()
        .find(|p| p.get_ref().id.get_ref().as_str() == id.as_str())
        .unwrap();
    let old = person.get_ref().name.get_ref().clone();
    let people = records.join(format!("offices/{office}/people.toml"));
    let text = std::fs::read_to_string(&people).unwrap();
    let renamed = text.replacen(&format!("name = \"{old}\""), "name = \"改名測試\"", 1);
    assert_ne!(renamed, text);
    std::fs::write(&people, renamed).unwrap();
    built(&records, &out);
    let page = format!("offices/{office}/logs/{month}.html");
    let html = std::fs::read_to_string(out.join(&page)).unwrap();
    assert!(html.contains(">改名測試</a>"), "{page}");
    same_as_fresh("renamed");

    // Edit one log of another office: its page changes, the first office's logs are kept.
    let before = inodes(&out);
    let (other, other_month, other_log) = eval
        .records()
        .offices
        .iter()
        .filter(|(o, _)| *o != office)
        .flat_map(|(o, r)| r.logs.iter().map(move |(m, l)| (o, *m, l)))
        .find(|(_, _, l)| !l.data.entry.is_empty())
        .expect("another office with a log");
    let path = std::path::PathBuf::from(&eval.sources().get(other_log.file).path);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("purpose = \"", "purpose = \"補正：", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    built(&records, &out);
    let after = inodes(&out);
    let edited_page = format!("offices/{other}/logs/{other_month}.html");
    assert!(std::fs::read_to_string(out.join(&edited_page))
        .unwrap()
        .contains("補正："));
    if cfg!(unix) {
        assert_ne!(before[&edited_page], after[&edited_page]);
        for m in r.logs.keys() {
            let page = format!("offices/{office}/logs/{m}.html");
            assert_eq!(before[&page], after[&page], "{page} was written again");
        }
    }
    same_as_fresh("edited");
}

/// Each file of a site by its inode (0 off Unix): a kept file keeps it.
fn inodes(site: &Path) -> BTreeMap<String, u64> {
    crate::harness::site_files(site)
        .into_iter()
        .map(|(path, (_, ino))| (path, ino))
        .collect()
}

// ---- the browser ----

/// Runs headless Chromium with a fresh profile on `page`, with `args`; returns stderr.
fn chrome(bin: &Path, page: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let o = headless(bin, profile.path())
        .arg("--hide-scrollbars")
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// What a page's log says went wrong: console messages (CSP violations, script errors) and
/// files asked for that do not exist (`FileURLLoader::Start` names every file loaded).
fn problems(stderr: &str, site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        if line.contains(":CONSOLE") {
            out.push(line.to_string());
        }
        if let Some(url) = line.split("FileURLLoader::Start: ").nth(1) {
            let path = url.trim().trim_start_matches("file://");
            let path = path.split(['#', '?']).next().unwrap_or_default();
            if !Path::new(path).is_file() || !Path::new(path).starts_with(site) {
                out.push(format!("failed or outside request: {url}"));
            }
        }
    }
    out
}

fn pdf_pages(pdf: &Path) -> usize {
    if let Ok(o) = Command::new("pdfinfo").arg(pdf).output() {
        if o.status.success() {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            if let Some(n) = text.lines().find_map(|l| l.strip_prefix("Pages:")) {
                return n.trim().parse().unwrap();
            }
        }
    }
    // Page objects, not the /Pages tree node.
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + 11..].starts_with('s'))
        .count()
}

/// The browser test: the demo site in headless Chromium renders the dashboard, an
/// office, a person, a log and an audit form without console errors or failed requests,
/// saves screenshots under target/screenshots/, and prints a 附件一 of N entries on
/// ceil(N/20) A4 pages.
#[test]
fn browser_renders_the_demo_and_prints_a_log_on_a4_pages() {
    let Some(bin) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    built(&demo_records(), &out);
    let out = out.canonicalize().unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    let eval = evaluate(&demo_records(), &Options::default()).unwrap();
    let (office, r) = eval
        .records()
        .offices
        .iter()
        .next()
        .expect("the demo has offices");
    let person = r
        .people
        .as_ref()
        .and_then(|p| p.data.person.iter().find(|p| p.get_ref().account.is_some()))
        .expect("the office has people with accounts");
    let person = person.get_ref().id.get_ref().as_str().to_string();
    // The fullest log without amendments (an amendment prints on a page of its own).
    let (month, log) = eval
        .records()
        .offices
        .values()
        .flat_map(|r| r.logs.iter().map(move |(m, l)| (r.id.clone(), *m, l)))
        .filter(|(_, _, l)| l.data.amendment.is_empty())
        .max_by_key(|(_, _, l)| l.data.entry.len())
        .map(|(o, m, l)| ((o, m), l))
        .expect("the demo has logs");
    let audit = r
        .monthly_audits
        .keys()
        .next_back()
        .expect("the office has monthly audits");
    let pages = [
        ("dashboard", "index.html".to_string()),
        ("office", format!("offices/{office}/index.html")),
        ("person", format!("offices/{office}/people/{person}.html")),
        ("log", format!("offices/{}/logs/{}.html", month.0, month.1)),
        (
            "monthly-audit",
            format!("offices/{office}/monthly-audits/{audit}.html"),
        ),
    ];
    for (name, page) in &pages {
        let png = shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&png);
        let (_, log) = chrome(
            &bin,
            &out.join(page),
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1280,1600".into(),
                "--enable-logging=stderr".into(),
                "--v=1".into(),
            ],
        );
        let found = problems(&log, &out);
        assert!(found.is_empty(), "{page}: {found:#?}");
        assert!(
            log.contains("FileURLLoader::Start") && log.contains("static/style.css"),
            "{page}: stylesheet not loaded"
        );
        let bytes = std::fs::read(&png).unwrap_or_default();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{name}: no screenshot"
        );
    }

    // The DOM as the browser built it: the page rendered, no script ran.
    let (dom, _) = chrome(&bin, &out.join("index.html"), &["--dump-dom".into()]);
    assert!(
        dom.contains("各事務所比較") && dom.contains("</html>"),
        "dashboard DOM: {}",
        &dom[..dom.len().min(500)]
    );

    let pdf = shots.join("log.pdf");
    let _ = std::fs::remove_file(&pdf);
    chrome(
        &bin,
        &out.join(&pages[3].1),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let n = log.data.entry.len();
    assert!(n > 20, "the demo's fullest log has only {n} entries");
    assert_eq!(
        pdf_pages(&pdf),
        n.div_ceil(20),
        "{}: {n} entries",
        pages[3].1
    );
}
