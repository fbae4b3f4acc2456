//! The site's change trail (issue 5, "Site"): a history page per record with its commits and
//! what each changed, the form pages' "最後修改" and "簽核於 commit" lines, the dashboard's
//! tamper section first, and the overview explaining why when history cannot be read. Each
//! test builds a real repository with git2 in a temporary folder (the base county imported in
//! a first commit, then the February log written, signed and changed).

use std::collections::BTreeMap;
use std::path::Path;

use git2::Oid;
use imaudit::evaluate::{evaluate, Options};
use imaudit::site::{self, BuildOptions};

use crate::git_repo::Repo;

const LEAD: (&str, &str) = ("資訊室", "it@demo.gov.tw");
const CHEN: (&str, &str) = ("陳志明", "chen.zm@demo.gov.tw");
const HUANG: (&str, &str) = ("黃建國", "huang.jg@demo.gov.tw");
const LIN: (&str, &str) = ("林美華", "lin.mh@demo.gov.tw");

const FEB: &str = "offices/demo/logs/2026/2026-02.toml";
const FEB_PAGE: &str = "offices/demo/logs/2026-02.html";
const FEB_HISTORY: &str = "history/offices/demo/logs/2026/2026-02.html";

const E1: &str = "person = \"lin-mei-hua\"\nlogin = 2026-02-03T09:05:00\nlogout = 2026-02-03T09:16:00\npurpose = \"受理外籍配偶歸化取得國籍，查核合法居留紀錄\"\nitems = [\"foreign-residence\"]\n";
const E2: &str = "person = \"wang-xiao-ming\"\nlogin = 2026-02-24T13:50:00\nlogout = 2026-02-24T14:02:00\npurpose = \"受理外籍配偶初設戶籍登記，查核入境紀錄及居留證效期\"\nitems = [\"entry-exit\", \"foreign-residence\"]\n";
const SIGNOFF: &str = "[signoff]\nhandler = { person = \"lin-mei-hua\", date = 2026-03-02 }\nsecretary = { person = \"huang-jian-guo\", date = 2026-03-03 }\ndirector = { person = \"chen-zhi-ming\", date = 2026-03-04 }\n";
const AMENDMENT: &str = "\n[[amendment]]\ndate = 2026-03-04\nreason = \"登出時間誤植\"\nby = \"lin-mei-hua\"\napproved_by = \"chen-zhi-ming\"\n";

fn log(entries: &[&str], signoff: &str) -> String {
    let mut s = "month = \"2026-02\"\n".to_string();
    for e in entries {
        s.push_str("\n[[entry]]\n");
        s.push_str(e);
    }
    if !signoff.is_empty() {
        s.push('\n');
        s.push_str(signoff);
    }
    s
}

/// The base county without its February log, imported in a first commit.
fn imported() -> Repo {
    let r = Repo::with_base();
    r.remove(FEB);
    r.commit(LEAD, None, "2025-11-01T09:00", "匯入既有紀錄");
    r
}

/// The February log written, then signed in one commit by the director.
fn signed() -> (Repo, Oid) {
    let r = imported();
    r.write(FEB, &log(&[E1, E2], ""));
    r.commit(LIN, None, "2026-02-27T09:00", "2026-02 日誌");
    r.write(FEB, &log(&[E1, E2], SIGNOFF));
    let signing = r.commit(CHEN, Some(HUANG), "2026-03-04T09:00", "日誌表簽核");
    (r, signing)
}

fn short(id: Oid) -> String {
    id.to_string()[..7].to_string()
}

/// Evaluates `records` with every rule (history read) and builds the site; every file of it
/// by path.
fn site_of(records: &Path, out: &Path) -> BTreeMap<String, String> {
    let eval = evaluate(records, &Options::default()).unwrap();
    site::build(&eval, out, &BuildOptions::default()).unwrap();
    crate::harness::site_bytes(out)
        .into_iter()
        .map(|(rel, bytes)| (rel, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// `link` followed from `page`, as a path from the site root (`../` climbs).
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for p in link.split('#').next().unwrap().split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The hrefs of a page that end with `suffix` (fragment included).
fn hrefs_ending<'a>(html: &'a str, suffix: &str) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.split('#').next().unwrap().ends_with(suffix))
        .collect()
}

/// The text of the `<main>` element, sections in order.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("no <main>");
    let end = html.find("</main>").expect("no </main>");
    &html[start..end]
}

#[test]
fn the_history_page_of_a_signed_then_amended_log_lists_its_commits_and_changes() {
    let (r, signing) = signed();
    let mut amended = log(&[E1, &E2.replace("14:02", "14:12")], SIGNOFF);
    amended.push_str(AMENDMENT);
    r.write(FEB, &amended);
    let amendment = r.commit(LIN, None, "2026-03-04T16:00", "更正登出時間");
    let out = r.dir.path().join("site");
    let site = site_of(&r.records(), &out);

    let page = &site[FEB_HISTORY];
    let main = main_of(page);
    for (id, message, change) in [
        (signing, "日誌表簽核", "主任簽核"),
        (amendment, "更正登出時間", "修改第 2 筆日誌的登出時間"),
    ] {
        let at = main
            .find(&format!("id=\"commit-{}\"", short(id)))
            .unwrap_or_else(|| panic!("commit {id} missing:\n{main}"));
        let rest = &main[at..];
        let end = rest[1..]
            .find("class=\"trail-step")
            .map_or(rest.len(), |e| e + 1);
        let step = &rest[..end];
        assert!(step.contains(message), "{message} not in {step}");
        assert!(step.contains(change), "{change} not in {step}");
    }
    assert!(main.contains("新增更正紀錄（登出時間誤植）"), "{main}");
    // ROC date and time; the committer shown when not the author.
    assert!(main.contains("115年3月4日 09:00"), "{main}");
    assert!(
        main.contains("提交者 黃建國 &lt;huang.jg@demo.gov.tw&gt;"),
        "{main}"
    );
    // The signing commit is marked, oldest change first.
    assert!(main.contains("完成簽核"), "{main}");
    let steps = &main[main.find("<ol class=\"trail\">").unwrap()..];
    assert!(
        steps.find(&short(signing)).unwrap() < steps.find(&short(amendment)).unwrap(),
        "oldest first"
    );

    // The form page: 最後修改 and 簽核於, linked to the steps of the trail page.
    let form = &site[FEB_PAGE];
    assert!(
        form.contains(&format!(
            "簽核於版本 <a href=\"../../../history/offices/demo/logs/2026/2026-02.html#commit-{0}\"><code>{0}</code></a>（<time datetime=\"2026-03-04\">115年3月4日</time>）",
            short(signing)
        )),
        "{form}"
    );
    assert!(
        form.contains("最後修改：<time datetime=\"2026-03-04T16:00\">115年3月4日</time>")
            && form.contains(&format!("<code>{}</code>", short(amendment))),
        "{form}"
    );
    // The record page links to its trail (the frame's history link), and the link resolves.
    let links = hrefs_ending(form, "2026-02.html");
    let trail_links: Vec<&&str> = links.iter().filter(|h| h.contains("history/")).collect();
    assert!(!trail_links.is_empty(), "no history link on {FEB_PAGE}");
    for link in trail_links {
        assert_eq!(resolve(FEB_PAGE, link), FEB_HISTORY, "{link}");
        if let Some((_, fragment)) = link.split_once('#') {
            assert!(page.contains(&format!("id=\"{fragment}\"")), "{link}");
        }
    }
    assert!(form.contains("檢視此紀錄之變更軌跡"), "{form}");
    // A record without findings has no source page (its form page shows it; src/site/lookup.rs
    // `has_source_page`), and nothing links one.
    assert!(!site.contains_key("source/offices/demo/logs/2026/2026-02.toml.html"));
    // (The month's system-log findings are on the log's page, linked to the system log.)
    assert!(!form.contains("source/offices/demo/logs/"), "{form}");
    // Every record has its trail page; the overview lists them.
    assert!(site.contains_key("history/offices/demo/people.html"));
    assert!(site.contains_key("history/county.html"));
    assert!(site["history/index.html"].contains("history/offices/demo/logs/2026/2026-02.html"));
}

#[test]
fn the_dashboard_shows_tamper_findings_in_its_first_section() {
    let (r, signing) = signed();
    r.write(FEB, &log(&[E1, &E2.replace("14:02", "14:12")], SIGNOFF));
    let edit = r.commit(LIN, None, "2026-03-04T16:00", "修正登出時間");
    let out = r.dir.path().join("site");
    let site = site_of(&r.records(), &out);
    let main = main_of(&site["index.html"]);
    let first = &main[main.find("<section").expect("no section")..];
    let first = &first[..first.find("</section>").unwrap()];
    assert!(first.contains("id=\"trail\""), "{first}");
    assert!(first.contains("signed-record-modified"), "{first}");
    assert!(
        first.contains(&short(signing)) && first.contains(&short(edit)),
        "{first}"
    );
    // It links to the log's trail, which shows the finding too.
    assert!(
        first.contains(&format!("href=\"{FEB_HISTORY}\"")),
        "{first}"
    );
    assert!(site[FEB_HISTORY].contains("signed-record-modified"));
}

#[test]
fn without_a_repository_the_history_overview_says_why_and_record_pages_link_there() {
    let dir = crate::harness::base_copy();
    let records = dir.path().join("records");
    let out = dir.path().join("site");
    let site = site_of(&records, &out);
    let history: Vec<&String> = site.keys().filter(|p| p.starts_with("history/")).collect();
    assert_eq!(history, ["history/index.html"]);
    let index = &site["history/index.html"];
    assert!(index.contains("紀錄資料夾不在版本庫中"), "{index}");
    assert!(index.contains("git init"), "{index}");
    let form = &site[FEB_PAGE];
    assert!(
        form.contains("href=\"../../../history/index.html\""),
        "{form}"
    );
    assert!(!form.contains("簽核於版本"), "{form}");
    // The dashboard's change-trail line, first in its page, says it too.
    let main = main_of(&site["index.html"]);
    let first = &main[main.find("id=\"trail\"").unwrap()..];
    let first = &first[..first.find("</p>").unwrap()];
    assert!(main.find("id=\"trail\"").unwrap() < main.find("<section").unwrap());
    assert!(first.contains("紀錄資料夾不在版本庫中"), "{first}");
    assert!(first.contains("href=\"history/index.html\""), "{first}");
}

#[test]
fn two_builds_with_the_same_history_are_byte_identical() {
    let (r, _) = signed();
    let a = site_of(&r.records(), &r.dir.path().join("a"));
    let b = site_of(&r.records(), &r.dir.path().join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, text) in &a {
        assert!(text == &b[path], "{path} differs between two builds");
    }
}
