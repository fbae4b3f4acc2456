//! Signed sign-off (records.md "Signed sign-off", rule `signoff-unverified`): real repositories
//! in temporary folders, keys made by `ssh-keygen`, commits signed by `git commit -S` with
//! `gpg.format = ssh`, so what is verified is what git writes. Skipped without ssh-keygen,
//! except under `CI=true`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use imaudit::evaluate::{evaluate, Evaluation, Options};
use imaudit::rules::Severity;

use crate::git_repo::{keygen, ssh_keygen, Repo};
use crate::harness::{seen, Seen};

const LEAD: (&str, &str) = ("資訊室", "it@demo.gov.tw");
const CHEN: (&str, &str) = ("陳志明", "chen.zm@demo.gov.tw");
const HUANG: (&str, &str) = ("黃建國", "huang.jg@demo.gov.tw");
const LIN: (&str, &str) = ("林美華", "lin.mh@demo.gov.tw");

const FEB: &str = "offices/demo/logs/2026/2026-02.toml";
const PEOPLE: &str = "offices/demo/people.toml";
const ENTRY: &str = "[[entry]]\nperson = \"lin-mei-hua\"\nlogin = 2026-02-03T09:05:00\nlogout = 2026-02-03T09:16:00\npurpose = \"受理外籍配偶歸化取得國籍，查核合法居留紀錄\"\nitems = [\"foreign-residence\"]\n";
const HANDLER: &str = "handler = { person = \"lin-mei-hua\", date = 2026-03-02 }";
const SECRETARY: &str = "secretary = { person = \"huang-jian-guo\", date = 2026-03-03 }";
const DIRECTOR: &str = "director = { person = \"chen-zhi-ming\", date = 2026-03-04 }";

/// The line numbers of the signature lines in [`log`] with all three.
const DIRECTOR_LINE: usize = 13;

fn log(signoff: &[&str]) -> String {
    let mut s = format!("month = \"2026-02\"\n\n{ENTRY}\n[signoff]\n");
    for l in signoff {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The keys of the case: each person's own, made fresh.
struct Keys {
    _dir: tempfile::TempDir,
    /// Ed25519, ECDSA P-256, RSA: the director's, the secretary's, the handler's.
    chen: (PathBuf, String),
    huang: (PathBuf, String),
    lin: (PathBuf, String),
    /// Someone else's (a clerk's) key.
    other: (PathBuf, String),
}

fn keys() -> Option<Keys> {
    ssh_keygen()?;
    let dir = tempfile::tempdir().unwrap();
    let chen = keygen(dir.path(), "chen", &["-t", "ed25519"]);
    let huang = keygen(dir.path(), "huang", &["-t", "ecdsa", "-b", "256"]);
    let lin = keygen(dir.path(), "lin", &["-t", "rsa", "-b", "2048"]);
    let other = keygen(dir.path(), "other", &["-t", "ed25519"]);
    Some(Keys {
        _dir: dir,
        chen,
        huang,
        lin,
        other,
    })
}

/// people.toml with emails and, for those named, their signing keys.
fn people(r: &Repo, keys: &[(&str, &str)]) -> String {
    let mut text = r.read(PEOPLE);
    for (title, key) in keys {
        let from = format!("title = \"{title}\"\n");
        assert!(text.contains(&from), "the base people.toml changed");
        text = text.replacen(&from, &format!("{from}signing_keys = [\"{key}\"]\n"), 1);
    }
    text
}

/// The base county with `verify_signoff_signatures = true` and the people's keys (`listed`:
/// title and key), imported unsigned in a first commit; the February log's entry committed.
fn imported(listed: &[(&str, &str)]) -> Repo {
    let r = Repo::with_base();
    let county = r.read("county.toml");
    r.write(
        "county.toml",
        &format!("{county}\n[policy]\nverify_signoff_signatures = true\n"),
    );
    r.write(PEOPLE, &people(&r, listed));
    r.write(FEB, &log(&[]));
    r.commit_cli(LEAD, "2025-11-01T09:00", "匯入既有紀錄", None);
    r
}

fn all_listed(k: &Keys) -> Vec<(&'static str, String)> {
    vec![
        ("主任", k.chen.1.clone()),
        ("秘書", k.huang.1.clone()),
        ("課員", k.lin.1.clone()),
    ]
}

fn refs<'k>(v: &'k [(&'static str, String)]) -> Vec<(&'static str, &'k str)> {
    v.iter().map(|(t, k)| (*t, k.as_str())).collect()
}

/// Handler and secretary sign with their own keys (RSA, ECDSA).
fn two_signed(r: &Repo, k: &Keys) {
    r.write(FEB, &log(&[HANDLER]));
    r.commit_cli(LIN, "2026-03-02T09:00", "承辦人員簽核", Some(&k.lin.0));
    r.write(FEB, &log(&[HANDLER, SECRETARY]));
    r.commit_cli(HUANG, "2026-03-03T09:00", "秘書簽核", Some(&k.huang.0));
    r.write(FEB, &log(&[HANDLER, SECRETARY, DIRECTOR]));
}

fn eval(records: &Path) -> Evaluation {
    let only: BTreeSet<&'static str> = ["signoff-unverified"].into_iter().collect();
    evaluate(
        records,
        &Options {
            as_of: Some(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()),
            only: Some(only),
            ..Options::default()
        },
    )
    .unwrap()
}

fn unverified(line: usize) -> Seen {
    Seen {
        rule: "signoff-unverified".into(),
        severity: Severity::Error,
        file: FEB.into(),
        line,
        subject: "2026-02".into(),
    }
}

fn messages(e: &Evaluation) -> Vec<String> {
    e.findings.iter().map(|f| f.message.clone()).collect()
}

#[test]
fn signatures_by_each_signers_own_key_are_verified() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![]);
    let history = e.trail().unwrap().history.as_ref().unwrap();
    let head = history.mainline.last().unwrap().id;
    let status = history.signoff_status(head, "demo", "chen-zhi-ming");
    let fp = imaudit::history::sshsig::fingerprint(
        &imaudit::model::SigningKey::parse(&k.chen.1)
            .unwrap()
            .public()
            .unwrap()
            .clone(),
    );
    assert_eq!(status.label(), format!("已驗證（金鑰 {fp}）"));
    assert!(fp.starts_with("SHA256:"));
}

#[test]
fn a_signature_by_another_persons_key_is_unverified() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    let id = r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.other.0));
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    let fp = imaudit::history::sshsig::fingerprint(
        &imaudit::model::SigningKey::parse(&k.other.1)
            .unwrap()
            .public()
            .unwrap()
            .clone(),
    );
    let short: String = id.to_string().chars().take(7).collect();
    assert_eq!(
        messages(&e),
        vec![format!(
            "主任簽核（陳志明，115年3月4日）由提交 {short}（115年3月4日，陳志明）加入：該提交由金鑰 {fp} 簽署，不是簽核人當時在人員名冊登記的簽署金鑰"
        )]
    );
}

#[test]
fn an_unsigned_signature_commit_is_unverified() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", None);
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    assert!(messages(&e)[0].ends_with("加入：該提交沒有簽章"));
}

#[test]
fn a_key_added_in_the_same_commit_does_not_vouch_for_it() {
    let Some(k) = keys() else { return };
    let mut listed = all_listed(&k);
    listed.retain(|(t, _)| *t != "主任");
    let r = imported(&refs(&listed));
    two_signed(&r, &k);
    // The director lists his key and signs in one commit signed by that key.
    let mut with_chen = listed.clone();
    with_chen.push(("主任", k.chen.1.clone()));
    let base = Repo::with_base();
    r.write(PEOPLE, &people(&base, &refs(&with_chen)));
    r.commit_cli(
        CHEN,
        "2026-03-04T09:00",
        "主任簽核並登記金鑰",
        Some(&k.chen.0),
    );
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    assert!(
        messages(&e)[0].contains("是在同一個提交才加入人員名冊"),
        "{:?}",
        messages(&e)
    );
    let history = e.trail().unwrap().history.as_ref().unwrap();
    let head = history.mainline.last().unwrap().id;
    assert_eq!(
        history
            .signoff_status(head, "demo", "chen-zhi-ming")
            .label(),
        "金鑰於同一提交才加入"
    );
}

#[test]
fn a_key_removed_later_still_vouches_for_the_commits_before() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    // The director's key is retired (a new laptop): the old signatures stand.
    let mut listed = all_listed(&k);
    listed.retain(|(t, _)| *t != "主任");
    let base = Repo::with_base();
    r.write(PEOPLE, &people(&base, &refs(&listed)));
    r.commit_cli(CHEN, "2026-03-05T09:00", "停用舊金鑰", Some(&k.chen.0));
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![]);
}

#[test]
fn a_commit_altered_after_it_was_signed_is_unverified() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    // The same commit with its message edited, signature header kept (what a rewrite that
    // copies the header would give).
    let raw = String::from_utf8(r.head_raw()).unwrap();
    assert!(raw.contains("gpgsig -----BEGIN SSH SIGNATURE-----"));
    r.force_head(raw.replace("主任簽核", "主任核章").as_bytes());
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    assert!(
        messages(&e)[0].contains("的簽章與提交內容不符（提交在簽署後被改動）"),
        "{:?}",
        messages(&e)
    );
}

/// HEAD's commit with its `gpgsig` header replaced by `header` (lines after the first
/// indented by one space, as git writes them).
fn with_signature(r: &Repo, header: &str) {
    let raw = String::from_utf8(r.head_raw()).unwrap();
    let (head, message) = raw.split_once("\n\n").unwrap();
    // Without the header git wrote, if any.
    let mut kept = Vec::new();
    let mut in_sig = false;
    for l in head.lines() {
        in_sig = l.starts_with("gpgsig ") || (in_sig && l.starts_with(' '));
        if !in_sig {
            kept.push(l);
        }
    }
    let head = kept.join("\n");
    let folded = header.trim_end().replace('\n', "\n ");
    r.force_head(format!("{head}\ngpgsig {folded}\n\n{message}").as_bytes());
}

#[test]
fn a_gpg_signature_is_not_an_ssh_signature() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", None);
    with_signature(
        &r,
        "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n",
    );
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    assert!(messages(&e)[0]
        .ends_with("該提交的簽章不是 SSH 簽章（例如 GPG），無法以登記的簽署金鑰驗證"));
}

#[test]
fn a_corrupt_or_truncated_signature_is_a_finding_not_a_crash() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    let raw = String::from_utf8(r.head_raw()).unwrap();
    let start = raw.find("-----BEGIN SSH").unwrap();
    let end = raw.find("-----END SSH SIGNATURE-----").unwrap() + 27;
    let armored = raw[start..end].replace("\n ", "\n");
    // Truncated: the armor's middle lines cut short.
    let lines: Vec<&str> = armored.lines().collect();
    let cut = format!(
        "{}\n{}\n{}\n",
        lines[0],
        &lines[1][..20],
        lines[lines.len() - 1]
    );
    with_signature(&r, &cut);
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![unverified(DIRECTOR_LINE)]);
    assert!(
        messages(&e)[0].contains("該提交的簽章無法讀取"),
        "{:?}",
        messages(&e)
    );
}

/// `sshsig::Key` verifies with each key made ready once (the crypto crates directly, not
/// ssh-key's `PublicKey::verify`): for every key type, what ssh-key answers is what it answers.
#[test]
fn each_key_type_verifies_its_own_signature_and_refuses_altered_bytes_as_ssh_key_does() {
    let Some(k) = keys() else { return };
    let dir = tempfile::tempdir().unwrap();
    let msg = dir.path().join("commit");
    let commit =
        b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor a <a@b> 1 +0800\n\nsigned\n";
    std::fs::write(&msg, commit).unwrap();
    let sha256 = keygen(dir.path(), "rsa256", &["-t", "rsa", "-b", "2048"]);
    let cases = [
        (&k.chen, None),
        (&k.huang, None),
        (&k.lin, None),
        // The message hashed with SHA-256 instead of SHA-512 (`-O hashalg=sha256`).
        (&sha256, Some("hashalg=sha256")),
    ];
    for ((private, public), alg) in cases {
        let mut c = std::process::Command::new("ssh-keygen");
        c.args(["-q", "-Y", "sign", "-n", "git", "-f"]).arg(private);
        if let Some(a) = alg {
            c.args(["-O", a]);
        }
        let _ = std::fs::remove_file(msg.with_extension("sig"));
        assert!(c.arg(&msg).status().unwrap().success());
        let sig = std::fs::read(msg.with_extension("sig")).unwrap();
        let key = imaudit::model::SigningKey::parse(public)
            .unwrap()
            .public()
            .unwrap()
            .clone();
        let fp = imaudit::history::sshsig::fingerprint(&key);
        let keys = [imaudit::history::sshsig::Key::new(key.clone())];
        let armored = ssh_key::SshSig::from_pem(&sig).unwrap();
        for (bytes, good) in [(&commit[..], true), (&b"tree 0\n\naltered\n"[..], false)] {
            assert_eq!(key.verify("git", bytes, &armored).is_ok(), good, "{public}");
            let ours = imaudit::history::sshsig::verify(&sig, bytes, &keys);
            let expected = if good {
                Ok(fp.clone())
            } else {
                Err(imaudit::history::sshsig::Failure::BadSignature(fp.clone()))
            };
            assert_eq!(ours, expected, "{public}");
        }
    }
}

#[test]
fn a_malformed_signing_key_is_a_parse_error_at_its_line() {
    let r = Repo::with_base();
    let text = people(&r, &[("主任", "ssh-ed25519 AAAAnotakey chen")]);
    r.write(PEOPLE, &text);
    let e = evaluate(&r.records(), &Options::default()).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("signing_keys"))
        .unwrap()
        + 1;
    // The parse error alone: the rest of people.toml is read (a bad key once dropped the whole
    // roster, and with it every open deadline of the office's people). Nothing is committed
    // yet, hence history-unavailable.
    let found: Vec<Seen> = seen(&e)
        .into_iter()
        .filter(|s| s.rule != "history-unavailable")
        .collect();
    assert_eq!(
        found,
        vec![Seen {
            rule: "parse-error".into(),
            severity: Severity::Error,
            file: PEOPLE.into(),
            line,
            subject: String::new(),
        }]
    );
}

#[test]
fn the_history_shows_a_pull_request_as_one_step_with_each_commits_signature() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    two_signed(&r, &k);
    // The director signs on a branch (signed), merged by the handler (unsigned merge).
    let base = r.head().unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(r.dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["checkout", "-q", "-b", "signoff"]);
    let signed = r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    git(&["checkout", "-q", "-"]);
    let date = "2026-03-04T10:00:00+08:00";
    let out = std::process::Command::new("git")
        .current_dir(r.dir.path())
        .env("GIT_AUTHOR_NAME", LIN.0)
        .env("GIT_AUTHOR_EMAIL", LIN.1)
        .env("GIT_COMMITTER_NAME", LIN.0)
        .env("GIT_COMMITTER_EMAIL", LIN.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args([
            "merge",
            "-q",
            "--no-ff",
            "--no-gpg-sign",
            "-m",
            "Merge pull request #3",
            "signoff",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(r.head().unwrap(), base);
    let e = eval(&r.records());
    assert_eq!(seen(&e), vec![]);
    let history = e.trail().unwrap().history.as_ref().unwrap();
    let text = imaudit::cmd::history::render(history, FEB, false);
    let fp = imaudit::history::sshsig::fingerprint(
        &imaudit::model::SigningKey::parse(&k.chen.1)
            .unwrap()
            .public()
            .unwrap()
            .clone(),
    );
    let short: String = signed.to_string().chars().take(7).collect();
    let expected = format!(
        "    Merge pull request #3\n    合併請求：由 林美華 合併，包含 1 個提交：\n      {short}  115/03/04 09:00  陳志明 <chen.zm@demo.gov.tw>  主任簽核\n        · 主任簽核（chen-zhi-ming，115/03/04）　已驗證（金鑰 {fp}）\n"
    );
    assert!(text.ends_with(&expected), "{text}");
    // The handler's line, on the main line, is verified too.
    assert!(
        text.contains("承辦人員簽核（lin-mei-hua，115/03/02）　已驗證（金鑰 SHA256:"),
        "{text}"
    );
}

// ---- the form pages (issue 14: each signature line says what its commit's signature says) ----

/// The text of a built page's signature lines, tags dropped and spaces collapsed.
fn signature_lines(page: &str) -> String {
    let start = page
        .find("<div class=\"sign-row\">")
        .expect("signature lines");
    let end = start + page[start..].find("</footer>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in page[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fingerprint_of(key: &str) -> String {
    imaudit::history::sshsig::fingerprint(
        imaudit::model::SigningKey::parse(key)
            .unwrap()
            .public()
            .unwrap(),
    )
}

/// Builds the site of `r` into `out` (an earlier build there is the previous site).
fn build_log_page(r: &Repo, out: &Path) -> String {
    let e = eval(&r.records());
    imaudit::site::build(&e, out, &imaudit::site::BuildOptions::default()).unwrap();
    std::fs::read_to_string(out.join("offices/demo/logs/2026-02.html")).unwrap()
}

#[test]
fn a_form_page_shows_each_signatures_status_on_screen_only() {
    let Some(k) = keys() else { return };
    let r = imported(&refs(&all_listed(&k)));
    // The handler with her own key, the secretary with a clerk's, the director unsigned.
    r.write(FEB, &log(&[HANDLER]));
    r.commit_cli(LIN, "2026-03-02T09:00", "承辦人員簽核", Some(&k.lin.0));
    r.write(FEB, &log(&[HANDLER, SECRETARY]));
    r.commit_cli(HUANG, "2026-03-03T09:00", "秘書簽核", Some(&k.other.0));
    r.write(FEB, &log(&[HANDLER, SECRETARY, DIRECTOR]));
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", None);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let page = build_log_page(&r, &out);
    assert_eq!(
        signature_lines(&page),
        format!(
            "承辦人員： 林美華 115/03/02 已驗證（金鑰 {}） 秘書： 黃建國 115/03/03 金鑰不符 主任： 陳志明 115/03/04 未簽章",
            fingerprint_of(&k.lin.1)
        )
    );
    // Each status is a screen-only pill: print CSS hides .no-print.
    assert_eq!(
        page.matches("<span class=\"sign-seal no-print status st-")
            .count(),
        3
    );
    assert!(page.contains("<span class=\"sign-seal no-print status st-bad\">未簽章</span>"));
    let css = std::fs::read_to_string(out.join("static/style.css")).unwrap();
    assert!(css.contains(
        ".no-print, .skip-link, .site-header, .site-footer, .crumbs { display: none !important; }"
    ));
    printed_without_statuses(&out, "offices/demo/logs/2026-02.html");

    // The director signs again, in a signed commit: the same text, a new commit. The page
    // is built again (its fingerprint holds the statuses), not kept from the old site.
    r.write(FEB, &log(&[HANDLER, SECRETARY]));
    r.commit_cli(CHEN, "2026-03-04T10:00", "撤回主任簽核", None);
    r.write(FEB, &log(&[HANDLER, SECRETARY, DIRECTOR]));
    r.commit_cli(CHEN, "2026-03-04T10:05", "主任簽核", Some(&k.chen.0));
    let page = build_log_page(&r, &out);
    assert!(
        signature_lines(&page).ends_with(&format!(
            "主任： 陳志明 115/03/04 已驗證（金鑰 {}）",
            fingerprint_of(&k.chen.1)
        )),
        "{}",
        signature_lines(&page)
    );
}

#[test]
fn a_form_page_says_when_the_key_came_in_the_same_commit() {
    let Some(k) = keys() else { return };
    let mut listed = all_listed(&k);
    listed.retain(|(t, _)| *t != "主任");
    let r = imported(&refs(&listed));
    two_signed(&r, &k);
    let mut with_chen = listed.clone();
    with_chen.push(("主任", k.chen.1.clone()));
    r.write(PEOPLE, &people(&Repo::with_base(), &refs(&with_chen)));
    r.commit_cli(
        CHEN,
        "2026-03-04T09:00",
        "主任簽核並登記金鑰",
        Some(&k.chen.0),
    );
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let page = build_log_page(&r, &out);
    assert!(
        signature_lines(&page).ends_with("主任： 陳志明 115/03/04 金鑰於同一提交才加入"),
        "{}",
        signature_lines(&page)
    );
}

#[test]
fn a_form_page_says_an_imported_signature_is_not_verified() {
    let Some(k) = keys() else { return };
    let r = Repo::with_base();
    let county = r.read("county.toml");
    r.write(
        "county.toml",
        &format!("{county}\n[policy]\nverify_signoff_signatures = true\n"),
    );
    r.write(PEOPLE, &people(&r, &refs(&all_listed(&k))));
    r.write(FEB, &log(&[HANDLER, SECRETARY]));
    r.commit_cli(LEAD, "2026-03-03T12:00", "匯入既有紀錄", None);
    r.write(FEB, &log(&[HANDLER, SECRETARY, DIRECTOR]));
    r.commit_cli(CHEN, "2026-03-04T09:00", "主任簽核", Some(&k.chen.0));
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let page = build_log_page(&r, &out);
    assert_eq!(
        signature_lines(&page),
        format!(
            "承辦人員： 林美華 115/03/02 紙本匯入，不驗證 秘書： 黃建國 115/03/03 紙本匯入，不驗證 主任： 陳志明 115/03/04 已驗證（金鑰 {}）",
            fingerprint_of(&k.chen.1)
        )
    );
    // Without verify_signoff_signatures the lines show no status (the county does not sign
    // its commits), and the page built with them is not kept. (Every page's footer names
    // HEAD, so a new commit renders every page again anyway; the log page's fingerprint
    // also holds the statuses themselves, so it does not rest on that.)
    r.write(
        "county.toml",
        &r.read("county.toml").replace(
            "verify_signoff_signatures = true",
            "verify_signoff_signatures = false",
        ),
    );
    r.commit_cli(LEAD, "2026-03-04T11:00", "不要求簽章", None);
    let page = build_log_page(&r, &out);
    assert_eq!(
        signature_lines(&page),
        "承辦人員： 林美華 115/03/02 秘書： 黃建國 115/03/03 主任： 陳志明 115/03/04"
    );
}

/// The page printed by Chromium holds the form and its signers but none of the statuses:
/// the paper's seal space stays empty. Skipped without Chromium or pdftotext, except under
/// `CI=true`.
fn printed_without_statuses(site: &Path, page: &str) {
    let Some(bin) = crate::harness::chromium() else {
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let pdf = profile.path().join("page.pdf");
    let o = crate::harness::headless(&bin, &profile.path().join("profile"))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", site.join(page).display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let Ok(t) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true and pdftotext (poppler-utils) is not installed");
        }
        return;
    };
    let text = String::from_utf8_lossy(&t.stdout);
    assert!(text.contains("林美華"), "{text}");
    for status in ["已驗證", "未簽章", "金鑰不符", "SHA256"] {
        assert!(!text.contains(status), "{status} printed: {text}");
    }
}
