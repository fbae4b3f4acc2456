//! The site's pages as people read them: month grids that are never green while anything is
//! wrong, bounded finding lists after the form, the pages findings.html and offices.csv, the
//! dashboard's first screen, paper numbering, Markdown without stray spaces, the footer's
//! version, and in Chromium: 390 px without page scroll and forms printed with default
//! settings.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{chromium, copy_tree, headless};

fn demo_records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("records")
}

fn build(records: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["build", "--records"])
        .arg(records)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The demo site, built once per test that asks.
fn demo_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(&demo_records(), &out);
    (dir, out)
}

/// The grid cell line (日誌 or 稽核) that links to `href`, from its opening `<span`.
fn cell<'a>(html: &'a str, href: &str) -> &'a str {
    let at = html
        .find(&format!("href=\"{href}\""))
        .unwrap_or_else(|| panic!("no link to {href}"));
    let start = html[..at].rfind("<span class=\"cell-line").unwrap();
    let end = at + html[at..].find("</a>").unwrap();
    &html[start..end]
}

#[test]
fn a_month_with_an_unlogged_query_or_a_failed_check_is_not_green() {
    let (_dir, site) = demo_site();
    let office = read(&site, "offices/lukang/index.html");
    // 鹿港 115年2月: the system log has a query no logged session covers (an error).
    let log = cell(&office, "../../offices/lukang/logs/2026-02.html");
    assert!(log.contains("st-bad") && log.contains("錯誤 1 項"), "{log}");
    // Its 附件二 answered 不符: amber, with the count.
    let audit = cell(&office, "../../offices/lukang/monthly-audits/2026-02.html");
    assert!(
        audit.contains("st-warn") && audit.contains("不符 1 項"),
        "{audit}"
    );
    // The log page says so above the form and lists the finding below it.
    let page = read(&site, "offices/lukang/logs/2026-02.html");
    assert!(
        page.contains("檢查結果：<span class=\"status st-bad\">錯誤 1 項</span>"),
        "verdict"
    );
    assert!(page.contains("system-log-unlogged-query"));
    assert!(!page.contains("本紀錄沒有發現任何問題"));
    let form = page.find("class=\"form-doc\"").unwrap();
    let findings = page.find("id=\"findings\"").unwrap();
    assert!(form < findings, "the form comes first");
    // The dashboard's strip of recent months is not green for it either.
    let dash = read(&site, "index.html");
    assert!(dash.contains("115年2月：日誌表錯誤 1 項"), "strip");
}

/// 300 off-hours sessions on one log: their warnings are grouped, folded and bounded.
#[test]
fn hundreds_of_findings_add_at_most_about_30_kb_to_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(&demo_records(), &records);
    let file = records.join("offices/lukang/logs/2026/2026-02.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    let head = text.find("[[entry]]").unwrap();
    let mut extra = String::new();
    for i in 0..300 {
        let day = 1 + i % 28;
        let minute = (i / 28) * 5;
        extra.push_str(&format!(
            "[[entry]]\nperson = \"lin-jia-rong\"\nlogin = 2026-02-{day:02}T22:{minute:02}:00\nlogout = 2026-02-{day:02}T22:{:02}:00\npurpose = \"查詢\"\nitems = [\"entry-exit\"]\n\n",
            minute + 3
        ));
    }
    text.insert_str(head, &extra);
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("site");
    build(&records, &out);
    let page = read(&out, "offices/lukang/logs/2026-02.html");
    let start = page.find("<section class=\"panel record-panel").unwrap();
    let end = start + page[start..].find("</section>").unwrap();
    let panel = &page[start..end];
    assert!(panel.len() < 32_000, "findings add {} bytes", panel.len());
    assert!(
        panel.contains("<details class=\"more-findings\">"),
        "folded"
    );
    assert!(panel.contains("未列於本頁") && panel.contains("findings.html"));
    // Every one of them is on findings.html.
    let all = read(&out, "findings.html");
    assert!(all.matches("<li class=\"sev-").count() >= 600);
}

#[test]
fn findings_html_and_offices_csv_for_inspectors() {
    let (_dir, site) = demo_site();
    let csv = std::fs::read(site.join("offices.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()), "BOM");
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("事務所,代碼,錯誤,警告,待辦,最近督考,今年內部稽核"));
    // One row an office, in the order of their names.
    let names: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(names.len(), 3);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.contains(&"彰化縣鹿港戶政事務所"));
    // The dashboard shows the same columns in the same order, and its cards link to the
    // severity sections of findings.html.
    let dash = read(&site, "index.html");
    for h in ["最近督考", "今年內部稽核", "最近清查", "附件二如期完成"] {
        assert!(dash.contains(h), "{h}");
    }
    let table = &dash[dash.find("id=\"offices-title\"").unwrap()..];
    let first = |n: &str| table.find(&format!(">{n}</a>")).unwrap();
    assert!(first(names[0]) < first(names[1]) && first(names[1]) < first(names[2]));
    for s in ["error", "warning", "info"] {
        assert!(dash.contains(&format!("href=\"findings.html#{s}\"")), "{s}");
    }
    let all = read(&site, "findings.html");
    for s in ["error", "warning", "info"] {
        assert!(all.contains(&format!("id=\"{s}\"")), "{s}");
    }
    // Every finding of the demo is there, by office.
    let json = read(&site, "findings.json");
    let n = json.matches("\"rule\":").count();
    // Open ones in their severity's colour; closed breaches (已發生之違規) apart, plain.
    let open = all.matches("<li class=\"sev-").count();
    let closed = all.matches("<li><span class=\"badge sev-").count();
    assert_eq!(open + closed, n);
    assert!(
        closed >= 1,
        "the demo's late termination is a closed breach"
    );
    assert!(all.find("id=\"o-xihu\"").unwrap() < all.find("id=\"o-lukang\"").unwrap());
}

/// The catalogue does not show findings that are only 待辦 (not yet due) in an error's red:
/// the demo's `permission-review-missing` findings are all for a half-year still running.
#[test]
fn a_rule_whose_findings_are_not_yet_due_is_not_counted_in_red() {
    let (_dir, site) = demo_site();
    let rules = read(&site, "rules/index.html");
    let row = |id: &str| {
        let at = rules.find(&format!("<code>{id}</code>")).unwrap();
        &rules[at..at + rules[at..].find("</tr>").unwrap()]
    };
    let review = row("permission-review-missing");
    assert!(review.contains("num-cell sev-info"), "{review}");
    assert!(review.contains("到期前為待辦"), "{review}");
    // An error that is one shows in red.
    let overdue = row("termination-overdue");
    assert!(overdue.contains("num-cell sev-error"), "{overdue}");
}

#[test]
fn the_dashboard_says_what_to_do_this_week_and_who_must_sign() {
    let (_dir, site) = demo_site();
    let dash = read(&site, "index.html");
    for s in [
        "本週應辦",
        "待核章之表單",
        "待主任核章",
        "尚待改正之錯誤",
        "近 90 日已結案之違規",
    ] {
        assert!(dash.contains(s), "{s}");
    }
    // The change trail's "nothing found" is one line, not a panel.
    assert!(!dash.contains("trail-panel"));
    let week = dash.find("id=\"week\"").unwrap();
    let table = dash.find("id=\"offices-title\"").unwrap();
    assert!(week < table, "this week's work comes before the table");
}

#[test]
fn a_log_sheet_numbers_its_rows_1_to_20_and_the_seal_space_prints_empty() {
    let (_dir, site) = demo_site();
    let page = read(&site, "offices/lukang/logs/2026-02.html");
    // Rows carry no number: a counter that each sheet's tbody resets draws 1–20 (the printed
    // numbers are checked in Chromium below). Entry 21 is the first row of sheet 2.
    let second = page.split("<tbody>\n").nth(2).unwrap();
    assert!(second.starts_with("<tr><td><td>") || second.starts_with("<tr id=\"e21\""));
    assert!(!page.contains("<th scope=\"row\">"));
    let css = read(&site, "static/style.css");
    for rule in [
        ".log-table tbody { counter-reset: row; }",
        ".log-table tbody tr { counter-increment: row; }",
        ".log-table tbody td:first-child::before { content: counter(row); }",
        "@page { size: A4 portrait; margin: 0; }",
        ".sign-blank { visibility: hidden; }",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

/// A year's binder of 附件一 is paper: rows of text only (no anchors, links, `<time>` or
/// finding colours; one page holds a year of logs), and no on-screen parts in its forms.
#[test]
fn a_binders_log_rows_are_text_only() {
    let (_dir, site) = demo_site();
    let binder = read(&site, "offices/tianzhong/binder/2026.html");
    let rows: Vec<&str> = binder.lines().filter(|l| l.starts_with("<tr>")).collect();
    assert!(rows.len() > 100, "{}", rows.len());
    for row in &rows {
        for markup in ["<a ", "<time", " id=", " class=\"sev-", "</td>", "</tr>"] {
            assert!(!row.contains(markup), "{markup} in {row}");
        }
    }
    // The tianzhong 115年6月 log has an entry with a finding: coloured on its page, plain here.
    let page = read(&site, "offices/tianzhong/logs/2026-06.html");
    assert!(page.contains(" class=\"sev-"));
    let forms = &binder[binder.find("<section class=\"sheet log-sheet\"").unwrap()
        ..binder.find("<footer class=\"site-footer").unwrap()];
    assert!(!forms.contains("<a href="), "links in the binder's forms");
}

/// A line break inside a Chinese paragraph of the 要點, a rule's explanation or the guide
/// does not become a space between two characters.
#[test]
fn no_soft_break_between_two_chinese_characters() {
    let (_dir, site) = demo_site();
    let mut pages = vec!["regulation.html".to_string()];
    for e in std::fs::read_dir(site.join("rules")).unwrap() {
        pages.push(format!(
            "rules/{}",
            e.unwrap().file_name().to_string_lossy()
        ));
    }
    if let Ok(dir) = std::fs::read_dir(site.join("guide")) {
        for e in dir {
            pages.push(format!(
                "guide/{}",
                e.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    let cjk = |c: char| imaudit::site::markdown::is_cjk(c);
    for p in &pages {
        let html = read(&site, p);
        let chars: Vec<char> = html.chars().collect();
        for w in chars.windows(3) {
            assert!(
                !(w[1] == '\n' && cjk(w[0]) && cjk(w[2])),
                "{p}: break between {}{}",
                w[0],
                w[2]
            );
        }
    }
}

#[test]
fn every_page_names_the_version_it_was_built_from() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    copy_tree(&demo_records(), &records);
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(&records)
            .env("GIT_AUTHOR_DATE", "2026-11-01T09:00:00+08:00")
            .env("GIT_COMMITTER_DATE", "2026-11-01T09:00:00+08:00")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t.invalid",
        "commit",
        "-q",
        "-m",
        "records",
    ]);
    let short = git(&["rev-parse", "--short=7", "HEAD"]);
    let out = dir.path().join("site");
    build(&records, &out);
    for page in ["index.html", "offices/lukang/index.html", "findings.html"] {
        let html = read(&out, page);
        assert!(
            html.contains(&format!("紀錄版本 {short}（115年11月1日提交）")),
            "{page}"
        );
    }
}

// ---- in Chromium ----

/// A page of the test's own, beside the site, that shows `page` in a 390 px wide frame and
/// writes the framed page's scroll width into its own DOM (headless Chromium's window is at
/// least 500 px wide, and the site's pages run no script: their CSP forbids it).
fn measuring_frame(site: &Path, page: &str) -> PathBuf {
    let html = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" src=\"{page}\" style=\"width:390px;height:900px;border:0\"></iframe><script>\
document.getElementById('f').addEventListener('load',()=>{{const d=document.getElementById('f').contentDocument;\
document.body.setAttribute('data-sw',String(d.scrollingElement.scrollWidth));}});</script></body></html>"
    );
    let path = site.join("measure-390.html");
    std::fs::write(&path, html).unwrap();
    path
}

#[test]
fn every_kind_of_page_fits_390_px_and_forms_print_without_header_text() {
    let Some(bin) = chromium() else {
        return;
    };
    let (_dir, site) = demo_site();
    let site = site.canonicalize().unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let pages = [
        "index.html",
        "findings.html",
        "deadlines.html",
        "offices/lukang/index.html",
        "offices/lukang/logs/2026-02.html",
        "offices/lukang/monthly-audits/2026-02.html",
        "offices/lukang/people/lin-jia-rong.html",
        "offices/lukang/inspections/2025-07-15.html",
        "offices/lukang/permission-reviews/2025-H1.html",
        "offices/lukang/internal-audits/2025-03-10.html",
        "offices/lukang/handovers/2025-12-09-wu-yi-zhen.html",
        "rules/index.html",
        "rules/system-log-unlogged-query.html",
        "regulation.html",
        "coverage.html",
        "guide/index.html",
    ];
    for page in pages {
        let copy = measuring_frame(&site, page);
        let profile = tempfile::tempdir().unwrap();
        let o = headless(&bin, profile.path())
            .args([
                "--allow-file-access-from-files",
                "--window-size=800,900",
                "--virtual-time-budget=5000",
                "--dump-dom",
            ])
            .arg(format!("file://{}", copy.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&o.stdout);
        let sw: usize = dom
            .split("data-sw=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{page}: not measured"));
        // 390 less the frame's own scroll bar, when the page is taller than the frame.
        assert!(sw <= 390, "{page}: {sw} px wide at 390 px");
        std::fs::remove_file(copy).unwrap();
    }
    // The dashboard's first screen, as a director sees it and on a phone.
    for (name, size) in [("dashboard-1366", "1366,900"), ("dashboard-390", "390,900")] {
        let profile = tempfile::tempdir().unwrap();
        let png = shots.join(format!("{name}.png"));
        let o = headless(&bin, profile.path())
            .args(["--hide-scrollbars", &format!("--window-size={size}")])
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", site.join("index.html").display()))
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    // 附件一 and 附件二 printed with the browser's default settings: no date, title or URL in
    // the margins, no 「未核章」 in the seal space.
    for (name, page) in [
        ("log-2026-02", "offices/lukang/logs/2026-02.html"),
        (
            "audit-2026-02",
            "offices/lukang/monthly-audits/2026-02.html",
        ),
        ("blank-log", "offices/lukang/blank/log.html"),
        ("binder-2026", "offices/lukang/binder/2026.html"),
    ] {
        let profile = tempfile::tempdir().unwrap();
        let pdf = shots.join(format!("{name}.pdf"));
        let _ = std::fs::remove_file(&pdf);
        let o = headless(&bin, profile.path())
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", site.join(page).display()))
            .output()
            .unwrap();
        assert!(o.status.success(), "{page}");
        let Ok(t) = Command::new("pdftotext").arg(&pdf).arg("-").output() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true and pdftotext (poppler-utils) is not installed");
            }
            continue;
        };
        let text = String::from_utf8_lossy(&t.stdout);
        assert!(!text.contains("file://"), "{page}: URL printed");
        assert!(
            !text.contains("應用移民資訊作業稽核"),
            "{page}: title printed"
        );
        assert!(!text.contains("未核章"), "{page}: 未核章 printed");
        assert!(
            !text.contains("/2026") && !text.contains("2026/"),
            "{page}: date printed"
        );
        assert!(text.contains("鹿港戶政事務所"), "{page}: form not printed");
        if name == "log-2026-02" {
            // Each printed sheet numbers its rows 1–20 (a CSS counter): 3 sheets, so every
            // number 1–20 starts three rows, and none above 20.
            let layout = Command::new("pdftotext")
                .args(["-layout"])
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap();
            let layout = String::from_utf8_lossy(&layout.stdout);
            let numbers: Vec<usize> = layout
                .lines()
                .filter_map(|l| l.split_whitespace().next()?.parse().ok())
                .collect();
            for n in 1..=20 {
                assert_eq!(numbers.iter().filter(|x| **x == n).count(), 3, "row {n}");
            }
            assert!(numbers.iter().all(|n| *n <= 20), "{numbers:?}");
        }
        if name == "binder-2026" {
            // Cover, contents, and each form from a new sheet: as many pages as sheets.
            let html = read(&site, page);
            let sheets = html.matches("<section class=\"sheet").count();
            let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
            let info = String::from_utf8_lossy(&info.stdout);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            assert_eq!(pages, sheets, "{page}");
        }
    }
}

#[test]
fn blank_forms_and_the_years_binder() {
    let (_dir, site) = demo_site();
    let office = read(&site, "offices/lukang/index.html");
    for kind in ["log", "monthly-audit", "inspection", "permission-review"] {
        let page = format!("offices/lukang/blank/{kind}.html");
        let html = read(&site, &page);
        assert!(html.contains("彰化縣鹿港戶政事務所"), "{page}: office name");
        assert!(
            office.contains(&format!("lukang/blank/{kind}.html\"")),
            "{kind} linked"
        );
    }
    let log = read(&site, "offices/lukang/blank/log.html");
    for n in 1..=20 {
        assert!(
            log.contains(&format!("<tr><th scope=\"row\">{n}</th>")),
            "row {n}"
        );
    }
    assert!(!log.contains("<th scope=\"row\">21</th>"));
    for role in ["承辦人員：", "秘書：", "主任："] {
        assert!(log.contains(role), "{role}");
    }
    let audit = read(&site, "offices/lukang/blank/monthly-audit.html");
    assert!(audit.contains("☐ 符合 ☐ 不符") && audit.contains("稽核人員："));
    // The binder: cover, contents, then every form of the year, each its own sheet(s).
    let binder = read(&site, "offices/lukang/binder/2026.html");
    assert!(office.contains("lukang/binder/2026.html\""));
    assert!(binder.contains("binder-cover") && binder.contains("目錄"));
    let listed: usize = binder
        .split("<li><span>")
        .skip(1)
        .map(|e| {
            let n = e.split("<span class=\"muted\">").nth(1).unwrap();
            n.split(' ').next().unwrap().parse::<usize>().unwrap()
        })
        .sum();
    let sheets = binder.matches("<section class=\"sheet").count();
    assert_eq!(sheets, listed + 2, "cover + contents + the forms' sheets");
    assert!(
        binder.contains("附件一 日誌表 115年2月")
            && binder.contains("附件二 內部稽核紀錄表 115年2月")
    );
    // One page holds many forms: no id twice.
    let mut ids = std::collections::HashSet::new();
    for id in binder.split(" id=\"").skip(1) {
        let id = id.split('"').next().unwrap();
        assert!(ids.insert(id.to_string()), "id {id} twice");
    }
}

// ---- accessibility and HTML validity gates ----

/// A file the CI installs with npm into /opt/imaudit-ci (.ci/run); `None` skips the test
/// locally, and under `CI=true` it must be there.
fn ci_tool(rel: &str, what: &str) -> Option<PathBuf> {
    let path = Path::new("/opt/imaudit-ci/node_modules").join(rel);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true and {what} is not installed ({}): .ci/run installs it",
            path.display()
        );
    }
    eprintln!(
        "{what} test skipped: {} missing (npm install --prefix /opt/imaudit-ci axe-core vnu-jar)",
        path.display()
    );
    None
}

/// One page of each kind (at least 12), from the demo site.
const KINDS: [&str; 20] = [
    "index.html",
    "findings.html",
    "deadlines.html",
    "offices/lukang/index.html",
    "offices/lukang/people/lin-jia-rong.html",
    "offices/lukang/logs/2026-02.html",
    "offices/lukang/monthly-audits/2026-02.html",
    "offices/lukang/internal-audits/2025-03-10.html",
    "offices/lukang/permission-reviews/2025-H1.html",
    "offices/lukang/inspections/2025-07-15.html",
    "offices/lukang/handovers/2025-12-09-wu-yi-zhen.html",
    "offices/lukang/blank/log.html",
    "offices/lukang/blank/monthly-audit.html",
    "offices/lukang/binder/2026.html",
    "rules/index.html",
    "rules/system-log-unlogged-query.html",
    "regulation.html",
    "coverage.html",
    "guide/index.html",
    "history/index.html",
];

/// axe-core (WCAG 2.1 A and AA rules) on each kind of page at 1366 and 390 px: none violated.
/// The page is copied for the test with axe.min.js and its runner added (the site's CSP
/// allows no script), and shown in two frames of those widths; the runner writes what axe
/// found into the frame's DOM, which the outer page copies into its own for --dump-dom.
#[test]
fn axe_core_finds_no_wcag_21_aa_violation() {
    let (Some(bin), Some(axe)) = (chromium(), ci_tool("axe-core/axe.min.js", "axe-core")) else {
        return;
    };
    let (_dir, site) = demo_site();
    let site = site.canonicalize().unwrap();
    let mut found = Vec::new();
    for page in KINDS {
        let html = read(&site, page);
        let csp_start = html
            .find("<meta http-equiv=\"Content-Security-Policy\"")
            .unwrap();
        let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
        let runner = format!(
            "<script src=\"file://{}\"></script><script>axe.run(document,{{runOnly:{{type:'tag',values:['wcag2a','wcag2aa','wcag21a','wcag21aa']}}}}).then(r=>{{document.body.setAttribute('data-axe',JSON.stringify(r.violations.map(v=>v.id+': '+v.nodes.slice(0,3).map(n=>n.target.join(' ')).join(' | '))))}},e=>{{document.body.setAttribute('data-axe','\"error '+e+'\"')}})</script>",
            axe.display()
        );
        let body_end = html.rfind("</body>").unwrap();
        let copy = format!(
            "{}{}{runner}{}",
            &html[..csp_start],
            &html[csp_end..body_end],
            &html[body_end..]
        );
        let copy_path = site.join(format!("{page}.axe.html"));
        std::fs::write(&copy_path, copy).unwrap();
        let name = Path::new(page).file_name().unwrap().to_string_lossy();
        let frame = copy_path.with_file_name(format!("{name}.frame.html"));
        std::fs::write(
            &frame,
            format!(
                "<!DOCTYPE html><html><body><iframe id=\"a\" src=\"{name}.axe.html\" style=\"width:1366px;height:900px;border:0\"></iframe><iframe id=\"b\" src=\"{name}.axe.html\" style=\"width:390px;height:900px;border:0\"></iframe><script>\
const got=id=>{{const d=document.getElementById(id).contentDocument;return d&&d.body&&d.body.getAttribute('data-axe');}};\
const t=setInterval(()=>{{if(got('a')&&got('b')){{document.body.setAttribute('data-axe','1366 px: '+got('a')+' / 390 px: '+got('b'));clearInterval(t);}}}},50);</script></body></html>"
            ),
        )
        .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let o = headless(&bin, profile.path())
            .args([
                "--allow-file-access-from-files",
                "--window-size=1800,2000",
                "--virtual-time-budget=60000",
                "--dump-dom",
            ])
            .arg(format!("file://{}", frame.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&o.stdout);
        let result = dom
            .split("<body data-axe=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{page}: axe did not run"))
            .replace("&quot;", "\"");
        if result != "1366 px: [] / 390 px: []" {
            found.push(format!("{page}: {result}"));
        }
        std::fs::remove_file(copy_path).unwrap();
        std::fs::remove_file(frame).unwrap();
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The Nu Html Checker (vnu.jar, from npm's vnu-jar, on the machine's Java): no error on
/// each kind of page.
#[test]
fn the_nu_html_checker_finds_no_error() {
    let Some(jar) = ci_tool("vnu-jar/build/dist/vnu.jar", "vnu") else {
        return;
    };
    let (_dir, site) = demo_site();
    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "text"])
        .args(KINDS.iter().map(|p| site.join(p)))
        .output();
    let o = match o {
        Ok(o) => o,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true and java cannot run: {e}")
        }
        Err(e) => {
            eprintln!("vnu test skipped: java cannot run: {e}");
            return;
        }
    };
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success() && !out.contains("error:"), "{out}");
}
