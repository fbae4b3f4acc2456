//! Held-out cases written from the spec alone (`../shared/spec/records.md`, `rules.md`,
//! `cli.md`), without reading the code, the other tests or their fixtures: issue 14's "held-out
//! histories … raise exactly what they plant" and issue 13's "record sets written by someone
//! else from the spec alone". `tests/heldout/README.md` lists each case and why it expects what
//! it expects.
//!
//! The git histories are built the way an office would make them: `git` with each person's own
//! identity and date per commit, pull requests merged with `--no-ff`, a squash merge, a branch
//! updated from main by a merge, and commits signed with `git -c gpg.format=ssh commit -S` using
//! keys made by `ssh-keygen` (Ed25519, ECDSA P-256, RSA). `imaudit` is run as a user runs it and
//! its JSON is compared with the planted findings as a set: no more, no fewer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// ---------------------------------------------------------------------------------------------
// Tools

/// `git` and `ssh-keygen` on PATH; without them the git cases are skipped, except under
/// `CI=true` where they must run (HELPERS.md).
fn tools_present() -> bool {
    let found = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(name).is_file()))
    };
    let missing: Vec<&str> = ["git", "ssh-keygen"]
        .into_iter()
        .filter(|n| !found(n))
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and {missing:?} not installed: the held-out git histories must run in CI (apt-get install git openssh-client)");
    }
    eprintln!(
        "held-out git histories skipped: {missing:?} not found; apt-get install git openssh-client"
    );
    false
}

fn imaudit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// People and keys

/// The seven roles every office needs (records.md, office.toml), in this order: director,
/// secretary, section-chief, sysadmin, sysadmin-deputy, two auditors.
const ROLES: [&str; 7] = [
    "director",
    "secretary",
    "section-chief",
    "sysadmin",
    "sysadmin-deputy",
    "auditor",
    "auditor",
];
const TITLES: [&str; 7] = ["主任", "秘書", "股長", "戶籍員", "戶籍員", "課員", "課員"];

#[derive(Clone, Copy)]
struct Staff {
    id: &'static str,
    name: &'static str,
}

/// 溪湖: the office of the git histories and the first office of the record set.
const XIHU: [Staff; 7] = [
    Staff {
        id: "su-wen-bin",
        name: "蘇文彬",
    },
    Staff {
        id: "luo-shu-fen",
        name: "羅淑芬",
    },
    Staff {
        id: "zhang-wen-qin",
        name: "張文琴",
    },
    Staff {
        id: "lin-mei-hua",
        name: "林美華",
    },
    Staff {
        id: "wang-xiao-ming",
        name: "王小明",
    },
    Staff {
        id: "chen-zhi-ming",
        name: "陳志明",
    },
    Staff {
        id: "huang-jian-guo",
        name: "黃建國",
    },
];

/// 田中: the second office of the record set.
const TIANZHONG: [Staff; 7] = [
    Staff {
        id: "chen-jian-hong",
        name: "陳建宏",
    },
    Staff {
        id: "li-mei-ling",
        name: "李美玲",
    },
    Staff {
        id: "xu-zhi-wei",
        name: "許志偉",
    },
    Staff {
        id: "yang-shu-hui",
        name: "楊淑惠",
    },
    Staff {
        id: "guo-jun-jie",
        name: "郭俊傑",
    },
    Staff {
        id: "xie-ya-ting",
        name: "謝雅婷",
    },
    Staff {
        id: "cai-ming-zhe",
        name: "蔡明哲",
    },
];

fn email(id: &str) -> String {
    format!("{id}@xihu.example.gov.tw")
}

/// A private key file made by `ssh-keygen`, and its public line.
struct Key {
    path: PathBuf,
    public: String,
}

fn keygen(dir: &Path, name: &str, args: &[&str]) -> Key {
    let path = dir.join(name);
    let st = Command::new("ssh-keygen")
        .args(args)
        .args(["-q", "-N", "", "-C", &format!("{name}@xihu"), "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(st.success(), "ssh-keygen {args:?}");
    let public = std::fs::read_to_string(path.with_extension("pub"))
        .unwrap()
        .trim()
        .to_string();
    Key { path, public }
}

/// Everyone's keys: the director RSA, the secretary ECDSA P-256, the rest Ed25519; the section
/// chief has a second key for the rotation case.
struct Keys {
    director: Key,
    secretary: Key,
    section_chief: Key,
    section_chief_new: Key,
    sysadmin_new: Key,
    sysadmin: Key,
    deputy: Key,
    auditor1: Key,
    auditor2: Key,
}

impl Keys {
    fn make(dir: &Path) -> Keys {
        std::fs::create_dir_all(dir).unwrap();
        let ed = ["-t", "ed25519"];
        Keys {
            director: keygen(dir, "su", &["-t", "rsa", "-b", "2048"]),
            secretary: keygen(dir, "luo", &["-t", "ecdsa", "-b", "256"]),
            section_chief: keygen(dir, "zhang", &ed),
            section_chief_new: keygen(dir, "zhang2", &ed),
            sysadmin: keygen(dir, "lin", &ed),
            sysadmin_new: keygen(dir, "lin2", &ed),
            deputy: keygen(dir, "wang", &ed),
            auditor1: keygen(dir, "chen", &ed),
            auditor2: keygen(dir, "huang", &ed),
        }
    }
    /// The key each person of XIHU signs with by default.
    fn of(&self, i: usize) -> &Key {
        [
            &self.director,
            &self.secretary,
            &self.section_chief,
            &self.sysadmin,
            &self.deputy,
            &self.auditor1,
            &self.auditor2,
        ][i]
    }
}

// Indexes into the staff arrays.
const DIR: usize = 0;
const SEC: usize = 1;
const CHIEF: usize = 2;
const ADMIN: usize = 3;
const DEPUTY: usize = 4;
const AUD1: usize = 5;
const AUD2: usize = 6;

// ---------------------------------------------------------------------------------------------
// Record files (records.md), rendered from small models so each commit writes whole files.

const CALENDAR_2026: &str = "rest_days = [\n  2026-01-01,\n  2026-02-16,\n  2026-02-17,\n  2026-02-18,\n  2026-02-19,\n  2026-02-20,\n  2026-02-27,\n  2026-04-03,\n  2026-04-06,\n]\nwork_days = []\n";

fn county_toml(verify: bool) -> String {
    format!(
        "name = \"彰化縣\"\nauthority = \"彰化縣政府民政處\"\nas_of = 2026-03-13\n\n[policy]\nverify_signoff_signatures = {verify}\n"
    )
}

fn office_toml(name: &str, staff: &[Staff; 7]) -> String {
    let mut s = format!(
        "name = \"{name}\"\nsystem_start = 2026-01-01\n\n[agency_registration]\napplied = 2025-11-10\napproved = 2025-12-01\n"
    );
    for (i, p) in staff.iter().enumerate() {
        s += &format!(
            "\n[[role]]\nrole = \"{}\"\nperson = \"{}\"\nfrom = 2025-01-01\n",
            ROLES[i], p.id
        );
    }
    s
}

/// people.toml: the seven staff (the sysadmin and the deputy have accounts), each with the
/// signing keys `keys(i)` gives, then `extra` (more people, as raw TOML).
fn people_toml(staff: &[Staff; 7], keys: &dyn Fn(usize) -> Vec<String>, extra: &str) -> String {
    let mut s = String::new();
    for (i, p) in staff.iter().enumerate() {
        s += &format!(
            "[[person]]\nid = \"{}\"\nname = \"{}\"\ntitle = \"{}\"\nemail = \"{}\"\n",
            p.id,
            p.name,
            TITLES[i],
            email(p.id)
        );
        let k = keys(i);
        if !k.is_empty() {
            let list: Vec<String> = k.iter().map(|k| format!("\"{k}\"")).collect();
            s += &format!("signing_keys = [{}]\n", list.join(", "));
        }
        if i == ADMIN || i == DEPUTY {
            s += &account(&format!("CHC10{i}"), &[]);
        }
        s += "\n";
    }
    s + extra
}

/// An account approved in December 2025, with `later` events (date, type, reason) after it.
fn account(nia_id: &str, later: &[(&str, &str, Option<&str>)]) -> String {
    let mut s = format!(
        "\n[person.account]\nitems = [\"entry-exit\", \"foreign-residence\"]\nnia_id = \"{nia_id}\"\n"
    );
    let mut events = vec![
        ("2025-12-01", "applied", None),
        ("2025-12-02", "head-approved", None),
        ("2025-12-03", "sent-to-county", None),
        ("2025-12-15", "activated", None),
    ];
    events.extend_from_slice(later);
    for (date, ty, reason) in events {
        s += &format!("\n[[person.account.event]]\ndate = {date}\ntype = \"{ty}\"\n");
        if let Some(r) = reason {
            s += &format!("reason = \"{r}\"\n");
        }
    }
    s
}

#[derive(Clone)]
struct Entry {
    person: &'static str,
    login: &'static str,
    logout: &'static str,
    purpose: &'static str,
    case: &'static str,
}

fn entry(
    person: &'static str,
    login: &'static str,
    logout: &'static str,
    purpose: &'static str,
    case: &'static str,
) -> Entry {
    Entry {
        person,
        login,
        logout,
        purpose,
        case,
    }
}

/// Sign-off lines in the order they were added (the order of the form's roles).
#[derive(Clone, Default)]
struct Signoff(Vec<(&'static str, String, &'static str)>);

impl Signoff {
    fn sign(&mut self, role: &'static str, person: &str, date: &'static str) {
        self.0.push((role, person.to_string(), date));
    }
    fn render(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let mut s = "\n[signoff]\n".to_string();
        for (role, person, date) in &self.0 {
            s += &format!("{role} = {{ person = \"{person}\", date = {date} }}\n");
        }
        s
    }
}

#[derive(Clone)]
struct Amendment {
    date: &'static str,
    reason: &'static str,
    by: &'static str,
    approved_by: &'static str,
}

fn render_amendments(a: &[Amendment]) -> String {
    a.iter()
        .map(|a| {
            format!(
                "\n[[amendment]]\ndate = {}\nreason = \"{}\"\nby = \"{}\"\napproved_by = \"{}\"\n",
                a.date, a.reason, a.by, a.approved_by
            )
        })
        .collect()
}

#[derive(Clone, Default)]
struct Log {
    month: &'static str,
    entries: Vec<Entry>,
    signoff: Signoff,
    amendments: Vec<Amendment>,
}

impl Log {
    fn new(month: &'static str) -> Log {
        Log {
            month,
            ..Log::default()
        }
    }
    fn render(&self) -> String {
        let mut s = format!("month = \"{}\"\n", self.month);
        for e in &self.entries {
            s += &format!(
                "\n[[entry]]\nperson = \"{}\"\nlogin = {}\nlogout = {}\npurpose = \"{}\"\nitems = [\"entry-exit\"]\ncase = \"{}\"\n",
                e.person, e.login, e.logout, e.purpose, e.case
            );
        }
        s + &self.signoff.render() + &render_amendments(&self.amendments)
    }
}

const AUDIT_ITEMS: [&str; 4] = [
    "account-application",
    "duty-change-termination",
    "query-necessity",
    "security-measures",
];

fn checks(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("\n[[check]]\nitem = \"{i}\"\nresult = \"pass\"\nnote = \"\"\n"))
        .collect()
}

#[derive(Clone, Default)]
struct MonthlyAudit {
    month: &'static str,
    date: &'static str,
    downloaded: &'static str,
    signoff: Signoff,
}

impl MonthlyAudit {
    fn render(&self) -> String {
        format!(
            "month = \"{}\"\ndate = {}\naudit_log_downloaded = {}\n",
            self.month, self.date, self.downloaded
        ) + &checks(&AUDIT_ITEMS)
            + &self.signoff.render()
    }
}

#[derive(Clone, Default)]
struct InternalAudit {
    date: &'static str,
    team: [&'static str; 2],
    scope: [&'static str; 2],
    /// The summary, when not the default one.
    summary: Option<&'static str>,
    signoff: Signoff,
}

impl InternalAudit {
    fn render(&self) -> String {
        let summary = self.summary.map(str::to_string).unwrap_or_else(|| {
            format!(
                "抽查 {} 至 {} 日誌，未發現異常。",
                self.scope[0], self.scope[1]
            )
        });
        format!(
            "date = {}\nunannounced = true\nteam = [\"{}\", \"{}\"]\nscope = [\"{}\", \"{}\"]\nsummary = \"{summary}\"\n",
            self.date, self.team[0], self.team[1], self.scope[0], self.scope[1]
        ) + &checks(&AUDIT_ITEMS)
            + &self.signoff.render()
    }
}

#[derive(Clone, Default)]
struct Review {
    period: &'static str,
    date: &'static str,
    accounts: Vec<(&'static str, &'static str)>,
    signoff: Signoff,
}

impl Review {
    fn render(&self) -> String {
        let mut s = format!("period = \"{}\"\ndate = {}\n", self.period, self.date);
        for (p, d) in &self.accounts {
            s += &format!("\n[[account]]\nperson = \"{p}\"\ndecision = \"{d}\"\nnote = \"\"\n");
        }
        s + &self.signoff.render()
    }
}

fn inspection(date: &str) -> String {
    format!("date = {date}\nby = \"county\"\ninspectors = [\"民政處 李○○\", \"民政處 張○○\"]\n")
        + &checks(&[
            "account-application",
            "duty-change-termination",
            "query-necessity",
            "security-measures",
            "log-retention",
            "audit-frequency",
        ])
}

// ---------------------------------------------------------------------------------------------
// A git repository driven the way people drive it

struct Repo {
    dir: PathBuf,
    /// The commits that planted something, by label (their ids after any rewriting).
    marks: std::cell::RefCell<std::collections::BTreeMap<&'static str, String>>,
}

/// How a commit is signed.
enum Sign<'a> {
    /// Not signed.
    No,
    /// `git commit -S` with this private key (`gpg.format=ssh`).
    With(&'a Key),
}

impl Repo {
    fn init(dir: &Path) -> Repo {
        std::fs::create_dir_all(dir).unwrap();
        let r = Repo {
            dir: dir.to_path_buf(),
            marks: Default::default(),
        };
        r.git(&["init", "-q", "-b", "main"]);
        r
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("git");
        c.current_dir(&self.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "imaudit-test")
            .env("GIT_AUTHOR_EMAIL", "test@imaudit.invalid")
            .env("GIT_COMMITTER_NAME", "imaudit-test")
            .env("GIT_COMMITTER_EMAIL", "test@imaudit.invalid");
        c
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `git args` as person `who` at `when` (author and committer), signing per `sign`.
    fn git_as(&self, who: Staff, when: &str, sign: &Sign, args: &[&str]) {
        let mut c = self.cmd();
        c.env("GIT_AUTHOR_NAME", who.name)
            .env("GIT_AUTHOR_EMAIL", email(who.id))
            .env("GIT_AUTHOR_DATE", when)
            .env("GIT_COMMITTER_NAME", who.name)
            .env("GIT_COMMITTER_EMAIL", email(who.id))
            .env("GIT_COMMITTER_DATE", when);
        match sign {
            Sign::No => {
                c.args(args).arg("--no-gpg-sign");
            }
            Sign::With(key) => {
                c.args(["-c", "gpg.format=ssh", "-c"])
                    .arg(format!("user.signingkey={}", key.path.display()))
                    .args(args)
                    .arg("-S");
            }
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?} as {}: {}{}",
            who.id,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Remembers the current commit as the one that planted `label`.
    fn mark(&self, label: &'static str) {
        let id = self.git(&["rev-parse", "HEAD"]).trim().to_string();
        self.marks.borrow_mut().insert(label, id);
    }

    /// A pull request merged with `--no-ff` whose merge conflicts; `who` resolves it by writing
    /// `files` and commits the merge.
    fn merge_resolving(
        &self,
        who: Staff,
        when: &str,
        sign: &Sign,
        branch: &str,
        msg: &str,
        files: &[(&str, String)],
    ) {
        let out = self
            .cmd()
            .args(["merge", "-q", "--no-ff", "--no-commit", branch])
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "the merge of {branch} was meant to conflict"
        );
        for (path, text) in files {
            self.write(path, text);
        }
        self.commit(who, when, sign, msg);
        assert_eq!(
            self.git(&["rev-list", "--parents", "-n", "1", "HEAD"])
                .split_whitespace()
                .count(),
            3,
            "a merge commit"
        );
    }

    /// Signs the current (unsigned) commit object with `key` in SSH namespace `namespace`
    /// (`ssh-keygen -Y sign`), as git does for namespace `git`, and puts it in `gpgsig`.
    fn sign_head_in_namespace(&self, key: &Key, namespace: &str) {
        let text = self.git(&["cat-file", "commit", "HEAD"]);
        assert!(!text.contains("\ngpgsig "), "already signed");
        let payload = self.dir.join("../payload");
        std::fs::write(&payload, &text).unwrap();
        let st = Command::new("ssh-keygen")
            .args(["-q", "-Y", "sign", "-n", namespace, "-f"])
            .arg(&key.path)
            .arg(&payload)
            .status()
            .unwrap();
        assert!(st.success());
        let sig = std::fs::read_to_string(payload.with_extension("sig")).unwrap();
        std::fs::remove_file(payload.with_extension("sig")).unwrap();
        let sig = sig.trim_end().lines().collect::<Vec<_>>().join("\n ");
        self.rewrite_head_object(&|text| {
            let (head, msg) = text.split_once("\n\n").unwrap();
            format!("{head}\ngpgsig {sig}\n\n{msg}")
        });
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// `git add -A` and commit everything as `who` at `when`.
    fn commit(&self, who: Staff, when: &str, sign: &Sign, msg: &str) {
        self.git(&["add", "-A"]);
        self.git_as(who, when, sign, &["commit", "-q", "-m", msg]);
    }

    fn checkout(&self, branch: &str) {
        self.git(&["checkout", "-q", branch]);
    }

    fn branch(&self, branch: &str) {
        self.git(&["checkout", "-q", "-b", branch]);
    }

    /// A pull request merged as a merge commit (`--no-ff`) into the current branch.
    fn merge(&self, who: Staff, when: &str, sign: &Sign, branch: &str, msg: &str) {
        self.git_as(
            who,
            when,
            sign,
            &["merge", "-q", "--no-ff", "-m", msg, branch],
        );
    }

    /// Replaces the current commit object by `edit(text)` of it (a forged or altered commit),
    /// moving the current branch to the result, as `git replace --edit` and a push would.
    fn rewrite_head_object(&self, edit: &dyn Fn(&str) -> String) {
        let text = self.git(&["cat-file", "commit", "HEAD"]);
        let new = edit(&text);
        assert_ne!(text, new, "the edit changed nothing");
        let mut c = self.cmd();
        c.args(["hash-object", "-t", "commit", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(new.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let id = String::from_utf8(out.stdout).unwrap();
        self.git(&["update-ref", "HEAD", id.trim()]);
    }
}

// ---------------------------------------------------------------------------------------------
// The office history (two variants on one timeline)

/// Which planted situations a history holds. `Trail` plants the change-trail cases of rules.md
/// ("Which commit the git rules judge"); `Keys` plants the `signoff-unverified` cases of
/// records.md ("Signed sign-off") and takes the near-miss path wherever `Trail` plants.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Trail,
    Keys,
}

const OFFICE: &str = "records/offices/xihu";
const OFFICE_TOML: &str = "records/offices/xihu/office.toml";
const JAN_LOG: &str = "records/offices/xihu/logs/2026/2026-01.toml";
const FEB_LOG: &str = "records/offices/xihu/logs/2026/2026-02.toml";
const JAN_AUDIT: &str = "records/offices/xihu/monthly-audits/2026/2026-01.toml";
const FEB_AUDIT: &str = "records/offices/xihu/monthly-audits/2026/2026-02.toml";
const FEB_AUDIT_WRONG: &str = "records/offices/xihu/monthly-audits/2026/2026-2.toml";
const IA_FEB: &str = "records/offices/xihu/internal-audits/2026-02-05.toml";
const IA_MAR: &str = "records/offices/xihu/internal-audits/2026-03-09.toml";
const INSPECTION: &str = "records/offices/xihu/inspections/2026-02-25.toml";
const REVIEW: &str = "records/offices/xihu/permission-reviews/2026-H1.toml";
const PEOPLE: &str = "records/offices/xihu/people.toml";

/// Times are written with the Taiwan offset, as the office's clocks are.
fn at(s: &str) -> String {
    format!("{s}+08:00")
}

fn build_office_history(dir: &Path, keys: &Keys, v: Variant) -> Repo {
    let r = Repo::init(dir);
    let s = XIHU;
    let own = |i: usize| Sign::With(keys.of(i));
    let trail = v == Variant::Trail;

    // people.toml as it stands: who has which keys. In `Keys` the second auditor has no key at
    // first (he adds it with his first signature); the section chief rotates his key in March;
    // the sysadmin adds a second key in March.
    let people = |aud2_key: bool, chief_rotated: bool, admin_second: bool| {
        people_toml(
            &s,
            &|i| match i {
                AUD2 if !aud2_key => vec![],
                CHIEF if chief_rotated => vec![keys.section_chief_new.public.clone()],
                ADMIN if admin_second => vec![
                    keys.sysadmin.public.clone(),
                    keys.sysadmin_new.public.clone(),
                ],
                _ => vec![keys.of(i).public.clone()],
            },
            "",
        )
    };

    // 115/01/05: the sysadmin imports the office's records (the import commit).
    let mut jan = Log::new("2026-01");
    jan.entries.push(entry(
        s[ADMIN].id,
        "2026-01-05T09:10:00",
        "2026-01-05T09:25:00",
        "受理歸化國籍初設戶籍登記，查核入出境紀錄",
        "1150105-0003",
    ));
    r.write("records/county.toml", &county_toml(true));
    r.write("records/regulation.md", &regulation_md());
    r.write("records/calendar/2026.toml", CALENDAR_2026);
    r.write(
        &format!("{OFFICE}/office.toml"),
        &office_toml("彰化縣溪湖戶政事務所", &s),
    );
    r.write(PEOPLE, &people(trail, false, false));
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[ADMIN],
        &at("2026-01-05T08:30:00"),
        &own(ADMIN),
        "匯入溪湖戶政事務所紀錄",
    );

    // January's use, logged as it happens.
    jan.entries.push(entry(
        s[DEPUTY].id,
        "2026-01-07T10:00:00",
        "2026-01-07T10:20:00",
        "外籍配偶居留資料查核，辦理結婚登記",
        "1150107-0011",
    ));
    jan.entries.push(entry(
        s[DEPUTY].id,
        "2026-01-09T14:00:00",
        "2026-01-09T14:30:00",
        "遷入登記查核入境日期",
        "1150109-0020",
    ));
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[DEPUTY],
        &at("2026-01-09T16:30:00"),
        &own(DEPUTY),
        "1月日誌：王小明 2 筆",
    );
    for (login, logout, purpose, case) in [
        (
            "2026-01-13T11:00:00",
            "2026-01-13T11:15:00",
            "初設戶籍登記查核出境紀錄",
            "1150113-0004",
        ),
        (
            "2026-01-20T15:00:00",
            "2026-01-20T15:40:00",
            "喪失國籍註記查核入出境資料",
            "1150120-0007",
        ),
        (
            "2026-01-22T09:30:00",
            "2026-01-22T09:45:00",
            "大陸配偶定居設籍資料查核",
            "1150122-0002",
        ),
    ] {
        jan.entries
            .push(entry(s[ADMIN].id, login, logout, purpose, case));
    }
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[ADMIN],
        &at("2026-01-22T17:00:00"),
        &own(ADMIN),
        "1月日誌：林美華 3 筆",
    );
    jan.entries.push(entry(
        s[DEPUTY].id,
        "2026-01-30T10:00:00",
        "2026-01-30T10:30:00",
        "外籍人士停留期限查核，辦理出生登記",
        "1150130-0015",
    ));
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[DEPUTY],
        &at("2026-01-30T17:10:00"),
        &own(DEPUTY),
        "1月日誌：王小明 1 筆",
    );

    // Pull request signoff/2026-01: the January log's three signatures.
    r.branch("signoff/2026-01");
    jan.signoff.sign("handler", s[ADMIN].id, "2026-02-02");
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[ADMIN],
        &at("2026-02-02T09:00:00"),
        &own(ADMIN),
        "1月日誌：承辦人員核章",
    );
    jan.signoff.sign("secretary", s[SEC].id, "2026-02-03");
    r.write(JAN_LOG, &jan.render());
    r.commit(
        s[SEC],
        &at("2026-02-03T10:00:00"),
        &own(SEC),
        "1月日誌：秘書核章",
    );
    // Meanwhile on main, February's log starts.
    r.checkout("main");
    let mut feb = Log::new("2026-02");
    feb.entries.push(entry(
        s[ADMIN].id,
        "2026-02-02T10:00:00",
        "2026-02-02T10:15:00",
        "歸化國籍初設戶籍登記查核入境紀錄",
        "1150202-0001",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[ADMIN],
        &at("2026-02-03T17:00:00"),
        &own(ADMIN),
        "2月日誌：林美華 1 筆",
    );
    r.checkout("signoff/2026-01");
    jan.signoff.sign("director", s[DIR].id, "2026-02-04");
    r.write(JAN_LOG, &jan.render());
    if trail {
        // PLANT (signoff-identity-mismatch + signoff-unverified): the secretary writes the
        // director's signature on the branch, signed with her own key; the director merges it.
        r.commit(
            s[SEC],
            &at("2026-02-04T11:00:00"),
            &own(SEC),
            "1月日誌：主任核章",
        );
        r.mark("jan-director");
    } else {
        // PLANT (signoff-unverified, unsigned): the director commits his own signature unsigned.
        r.commit(
            s[DIR],
            &at("2026-02-04T11:00:00"),
            &Sign::No,
            "1月日誌：主任核章",
        );
        r.mark("jan-director");
    }
    r.checkout("main");
    r.merge(
        s[DIR],
        &at("2026-02-04T15:00:00"),
        &own(DIR),
        "signoff/2026-01",
        "Merge branch 'signoff/2026-01'",
    );

    feb.entries.push(entry(
        s[DEPUTY].id,
        "2026-02-04T14:00:00",
        "2026-02-04T14:20:00",
        "外籍人士居留資料查核，辦理遷入登記",
        "1150204-0009",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[DEPUTY],
        &at("2026-02-04T16:00:00"),
        &own(DEPUTY),
        "2月日誌：王小明 1 筆",
    );

    // Pull request for the internal audit of 115/02/05: the auditor's and the director's
    // signatures in two commits.
    r.branch("internal-audit/2026-02-05");
    let mut ia = InternalAudit {
        date: "2026-02-05",
        team: [s[AUD1].id, s[AUD2].id],
        scope: ["2026-01", "2026-01"],
        ..InternalAudit::default()
    };
    ia.signoff.sign("auditor", s[AUD1].id, "2026-02-05");
    r.write(IA_FEB, &ia.render());
    r.commit(
        s[AUD1],
        &at("2026-02-05T16:00:00"),
        &own(AUD1),
        "不定期內部稽核 115/02/05",
    );
    ia.signoff.sign("director", s[DIR].id, "2026-02-06");
    r.write(IA_FEB, &ia.render());
    if trail {
        r.commit(
            s[DIR],
            &at("2026-02-06T09:30:00"),
            &own(DIR),
            "內部稽核 115/02/05：主任核章",
        );
    } else {
        r.commit(
            s[DIR],
            &at("2026-02-06T09:30:00"),
            &Sign::No,
            "內部稽核 115/02/05：主任核章",
        );
        // PLANT (signoff-unverified, not an SSH signature): the director's commit carries a
        // GPG signature block instead of an SSH one.
        r.rewrite_head_object(&|text| {
            let (head, msg) = text.split_once("\n\n").unwrap();
            format!(
                "{head}\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iHUEABYKAB0WIQRq3kpg8hqZx0mXo4eQ1hb2N3ZfZgUCaYUvVQAKCRCQ1hb2N3Zf\n ZhAxAP9YlHc2q6lqKQk3y5gJ1mM5b8m7w9Jc5t0rTz1o2VQ0XgEAu0qkq6fS2m1b\n 5qY0m8J9l9eC3iU0c1e4k2g3j1yqHgs=\n =Xq1T\n -----END PGP SIGNATURE-----\n\n{msg}"
            )
        });
        r.mark("ia-director-gpg");
    }
    r.checkout("main");
    if trail {
        // PLANT (squash merge is one commit): the director squash-merges, so the auditor's
        // signature arrives in the director's commit (signoff-identity-mismatch +
        // signoff-unverified on `auditor`; `director` is clean).
        r.git(&["merge", "-q", "--squash", "internal-audit/2026-02-05"]);
        r.commit(
            s[DIR],
            &at("2026-02-06T10:00:00"),
            &own(DIR),
            "不定期內部稽核 115/02/05 (#3)",
        );
        r.mark("squash");
    } else {
        r.merge(
            s[DIR],
            &at("2026-02-06T10:00:00"),
            &own(DIR),
            "internal-audit/2026-02-05",
            "Merge branch 'internal-audit/2026-02-05'",
        );
    }

    // Pull request audit/2026-01: 附件二 for January, four signatures; merged by the secretary
    // after the director's own signed commit (the converse case: clean).
    r.branch("audit/2026-01");
    let mut jan_audit = MonthlyAudit {
        month: "2026-01",
        date: "2026-02-06",
        downloaded: "2026-02-03",
        ..MonthlyAudit::default()
    };
    jan_audit.signoff.sign("auditor", s[AUD1].id, "2026-02-06");
    r.write(JAN_AUDIT, &jan_audit.render());
    r.commit(
        s[AUD1],
        &at("2026-02-06T14:00:00"),
        &own(AUD1),
        "1月內部稽核紀錄表",
    );
    jan_audit
        .signoff
        .sign("section_chief", s[CHIEF].id, "2026-02-09");
    r.write(JAN_AUDIT, &jan_audit.render());
    r.commit(
        s[CHIEF],
        &at("2026-02-09T10:00:00"),
        &own(CHIEF),
        "1月稽核：股長核章",
    );
    jan_audit.signoff.sign("secretary", s[SEC].id, "2026-02-10");
    r.write(JAN_AUDIT, &jan_audit.render());
    if trail {
        r.commit(
            s[SEC],
            &at("2026-02-10T09:30:00"),
            &own(SEC),
            "1月稽核：秘書核章",
        );
    } else {
        // PLANT (signoff-unverified, another person's key): the secretary's commit is signed
        // with the director's key.
        r.commit(
            s[SEC],
            &at("2026-02-10T09:30:00"),
            &own(DIR),
            "1月稽核：秘書核章",
        );
        r.mark("jan-audit-secretary");
    }
    r.checkout("main");

    // The January entry the deputy forgot, with its amendment (signed log).
    let forgotten = entry(
        s[DEPUTY].id,
        "2026-01-28T13:30:00",
        "2026-01-28T13:50:00",
        "居留證件核發查核入境資料",
        "1150128-0006",
    );
    if !trail {
        // Near miss (entry-backdated): first committed on the log's sign-off deadline,
        // 115/02/10 (1/31 + 10 days, a Tuesday), which is still allowed.
        jan.entries.push(forgotten.clone());
        jan.amendments.push(Amendment {
            date: "2026-02-10",
            reason: "漏登一筆，補登",
            by: s[DEPUTY].id,
            approved_by: s[DIR].id,
        });
        r.write(JAN_LOG, &jan.render());
        r.commit(
            s[DEPUTY],
            &at("2026-02-10T11:00:00"),
            &own(DEPUTY),
            "1月日誌：補登 1 筆",
        );
    }

    // Pull request entries/2026-02-wang, updated from main by a merge before it is merged back.
    r.branch("entries/2026-02-wang");
    feb.entries.push(entry(
        s[DEPUTY].id,
        "2026-02-10T15:00:00",
        "2026-02-10T15:20:00",
        "外籍配偶停留資料查核，辦理結婚登記",
        "1150210-0012",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[DEPUTY],
        &at("2026-02-10T16:00:00"),
        &own(DEPUTY),
        "2月日誌：王小明 1 筆",
    );
    r.checkout("audit/2026-01");
    jan_audit.signoff.sign("director", s[DIR].id, "2026-02-11");
    r.write(JAN_AUDIT, &jan_audit.render());
    r.commit(
        s[DIR],
        &at("2026-02-11T09:00:00"),
        &own(DIR),
        "1月稽核：主任核章",
    );
    r.checkout("main");
    r.merge(
        s[SEC],
        &at("2026-02-11T10:00:00"),
        &own(SEC),
        "audit/2026-01",
        "Merge branch 'audit/2026-01'",
    );
    r.checkout("entries/2026-02-wang");
    r.merge(
        s[DEPUTY],
        &at("2026-02-11T15:00:00"),
        &own(DEPUTY),
        "main",
        "Merge branch 'main' into entries/2026-02-wang",
    );
    feb.entries.push(entry(
        s[DEPUTY].id,
        "2026-02-12T10:00:00",
        "2026-02-12T10:30:00",
        "出生登記查核外籍父母居留資料",
        "1150212-0003",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[DEPUTY],
        &at("2026-02-12T16:00:00"),
        &own(DEPUTY),
        "2月日誌：王小明 1 筆",
    );
    r.checkout("main");
    r.merge(
        s[ADMIN],
        &at("2026-02-12T17:00:00"),
        &own(ADMIN),
        "entries/2026-02-wang",
        "Merge branch 'entries/2026-02-wang'",
    );

    // A logout time typed wrong in January (signed log): corrected with an amendment.
    let fix = Amendment {
        date: "2026-02-23",
        reason: "登出時間誤植",
        by: s[DEPUTY].id,
        approved_by: s[DIR].id,
    };
    jan.entries[2].logout = "2026-01-09T14:35:00";
    if trail {
        // PLANT (signed-record-modified, at the first commit): edit and amendment in two
        // commits of one branch, merged by the sysadmin.
        r.branch("fix/2026-01-logout");
        r.write(JAN_LOG, &jan.render());
        r.commit(
            s[DEPUTY],
            &at("2026-02-23T10:00:00"),
            &own(DEPUTY),
            "1月日誌：更正登出時間",
        );
        r.mark("logout-edit");
        jan.amendments.push(fix);
        r.write(JAN_LOG, &jan.render());
        r.commit(
            s[DEPUTY],
            &at("2026-02-23T11:00:00"),
            &own(DEPUTY),
            "1月日誌：加註更正",
        );
        r.checkout("main");
        r.merge(
            s[ADMIN],
            &at("2026-02-24T10:00:00"),
            &own(ADMIN),
            "fix/2026-01-logout",
            "Merge branch 'fix/2026-01-logout'",
        );
        // PLANT (entry-backdated): the forgotten entry first committed on 115/02/24, after
        // the January deadline of 115/02/10; its amendment comes in the same commit.
        jan.entries.push(forgotten);
        jan.amendments.push(Amendment {
            date: "2026-02-24",
            reason: "漏登一筆，補登",
            by: s[DEPUTY].id,
            approved_by: s[DIR].id,
        });
        r.write(JAN_LOG, &jan.render());
        r.commit(
            s[DEPUTY],
            &at("2026-02-24T14:00:00"),
            &own(DEPUTY),
            "1月日誌：補登 1 筆",
        );
        r.mark("backdated-entry");
    } else {
        // Near miss: edit and amendment in one commit.
        jan.amendments.push(fix);
        r.write(JAN_LOG, &jan.render());
        r.commit(
            s[DEPUTY],
            &at("2026-02-23T10:00:00"),
            &own(DEPUTY),
            "1月日誌：更正登出時間",
        );
    }

    feb.entries.push(entry(
        s[ADMIN].id,
        "2026-02-24T09:00:00",
        "2026-02-24T09:20:00",
        "國籍變更登記查核出境資料",
        "1150224-0005",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[ADMIN],
        &at("2026-02-24T17:00:00"),
        &own(ADMIN),
        "2月日誌：林美華 1 筆",
    );
    r.write(INSPECTION, &inspection("2026-02-25"));
    r.commit(
        s[ADMIN],
        &at("2026-02-25T16:00:00"),
        &own(ADMIN),
        "民政處督考紀錄 115/02/25",
    );
    feb.entries.push(entry(
        s[DEPUTY].id,
        "2026-02-26T10:00:00",
        "2026-02-26T10:40:00",
        "外籍人士居留延期查核入出境紀錄",
        "1150226-0010",
    ));
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[DEPUTY],
        &at("2026-02-26T17:00:00"),
        &own(DEPUTY),
        "2月日誌：王小明 1 筆",
    );

    if !trail {
        // The section chief replaces his key (signed with the old one). Near miss: his
        // January signature, made with the old key while it was listed, still counts.
        r.write(PEOPLE, &people(false, true, false));
        r.commit(
            s[CHIEF],
            &at("2026-03-02T08:30:00"),
            &own(CHIEF),
            "張文琴更換簽章金鑰",
        );
    }

    // February's log signed on main.
    feb.signoff.sign("handler", s[ADMIN].id, "2026-03-02");
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[ADMIN],
        &at("2026-03-02T09:00:00"),
        &own(ADMIN),
        "2月日誌：承辦人員核章",
    );
    feb.signoff.sign("secretary", s[SEC].id, "2026-03-02");
    r.write(FEB_LOG, &feb.render());
    r.commit(
        s[SEC],
        &at("2026-03-02T15:00:00"),
        &own(SEC),
        "2月日誌：秘書核章",
    );
    if !trail {
        // PLANT (signoff-unverified, signature over other bytes): the signed commit's message
        // is altered afterwards; the signature no longer matches.
        r.rewrite_head_object(&|text| text.replace("2月日誌：秘書核章", "2月日誌：秘書核章（補）"));
        r.mark("feb-secretary-altered");
    }

    // 附件二 for February: first saved under a wrong name, then moved (near miss of
    // record-deleted: a move is not a deletion). In `Keys` the second auditor makes it and
    // adds his key in the same commit (PLANT signoff-unverified, key added in the same commit).
    let mut feb_audit = MonthlyAudit {
        month: "2026-02",
        date: "2026-03-05",
        downloaded: "2026-03-03",
        ..MonthlyAudit::default()
    };
    if trail {
        feb_audit.signoff.sign("auditor", s[AUD1].id, "2026-03-05");
        r.write(FEB_AUDIT_WRONG, &feb_audit.render());
        r.commit(
            s[AUD1],
            &at("2026-03-05T10:00:00"),
            &own(AUD1),
            "2月內部稽核紀錄表",
        );
        r.git(&["mv", FEB_AUDIT_WRONG, FEB_AUDIT]);
        r.commit(
            s[AUD1],
            &at("2026-03-05T10:30:00"),
            &own(AUD1),
            "2月稽核：更正檔名",
        );
    } else {
        feb_audit.signoff.sign("auditor", s[AUD2].id, "2026-03-05");
        r.write(FEB_AUDIT, &feb_audit.render());
        r.write(PEOPLE, &people(true, true, false));
        r.commit(
            s[AUD2],
            &at("2026-03-05T10:00:00"),
            &own(AUD2),
            "2月內部稽核紀錄表；黃建國登記簽章金鑰",
        );
        r.mark("feb-audit-auditor");
    }
    feb_audit
        .signoff
        .sign("section_chief", s[CHIEF].id, "2026-03-06");
    if trail {
        // PLANT (neither the author nor the merger is the signer): 陳志明 writes the section
        // chief's signature on a branch, 羅淑芬 merges it. The finding names 陳志明's commit.
        r.branch("audit/2026-02-chief");
        r.write(FEB_AUDIT, &feb_audit.render());
        r.commit(
            s[AUD1],
            &at("2026-03-06T10:00:00"),
            &own(AUD1),
            "2月稽核：股長核章",
        );
        r.mark("feb-audit-chief");
        r.checkout("main");
        r.merge(
            s[SEC],
            &at("2026-03-06T11:00:00"),
            &own(SEC),
            "audit/2026-02-chief",
            "Merge branch 'audit/2026-02-chief'",
        );
    } else {
        r.write(FEB_AUDIT, &feb_audit.render());
        r.commit(
            s[CHIEF],
            &at("2026-03-06T10:00:00"),
            &Sign::With(&keys.section_chief_new),
            "2月稽核：股長核章",
        );
    }
    feb_audit.signoff.sign("secretary", s[SEC].id, "2026-03-09");
    r.write(FEB_AUDIT, &feb_audit.render());
    if trail {
        r.commit(
            s[SEC],
            &at("2026-03-09T09:00:00"),
            &own(SEC),
            "2月稽核：秘書核章",
        );
    } else {
        // PLANT (signoff-unverified, a signature for another purpose): the secretary's own key,
        // a valid SSH signature of the commit, but in namespace `file`, not `git`.
        r.commit(
            s[SEC],
            &at("2026-03-09T09:00:00"),
            &Sign::No,
            "2月稽核：秘書核章",
        );
        r.sign_head_in_namespace(keys.of(SEC), "file");
        r.mark("feb-audit-secretary-ns");
    }

    // The second internal audit of the year, made and signed on main.
    let mut ia2 = InternalAudit {
        date: "2026-03-09",
        team: [s[AUD1].id, s[AUD2].id],
        scope: ["2026-01", "2026-02"],
        ..InternalAudit::default()
    };
    ia2.signoff.sign("auditor", s[AUD2].id, "2026-03-09");
    r.write(IA_MAR, &ia2.render());
    r.commit(
        s[AUD2],
        &at("2026-03-09T16:00:00"),
        &own(AUD2),
        "不定期內部稽核 115/03/09",
    );
    if trail {
        // Two people reword the summary at once: 陳志明 on a branch, 黃建國 on main.
        r.branch("ia2-summary");
        ia2.summary = Some("抽查 2026-01 至 2026-02 日誌 18 筆，未發現異常。");
        r.write(IA_MAR, &ia2.render());
        r.commit(
            s[AUD1],
            &at("2026-03-10T08:00:00"),
            &own(AUD1),
            "內部稽核 115/03/09：摘要加筆數",
        );
        r.checkout("main");
        let mut theirs = ia2.clone();
        theirs.summary = Some("抽查 2026-01 至 2026-02 日誌，均與系統稽核日誌相符。");
        r.write(IA_MAR, &theirs.render());
        r.commit(
            s[AUD2],
            &at("2026-03-10T08:30:00"),
            &own(AUD2),
            "內部稽核 115/03/09：修改摘要",
        );
    }

    // The director's signature on February's log: in `Trail` dated 115/03/02 and entered by
    // the secretary on 115/03/10, eight days later (PLANT signature-backdated, and
    // signoff-identity-mismatch + signoff-unverified: the finding names her, the author, not only
    // the signer); in `Keys` dated 115/03/03, committed by the director seven days later (near
    // miss).
    feb.signoff.sign(
        "director",
        s[DIR].id,
        if trail { "2026-03-02" } else { "2026-03-03" },
    );
    r.write(FEB_LOG, &feb.render());
    let (who, key) = if trail { (SEC, SEC) } else { (DIR, DIR) };
    r.commit(
        s[who],
        &at("2026-03-10T09:00:00"),
        &own(key),
        "2月日誌：主任核章",
    );
    r.mark("feb-director");
    feb_audit.signoff.sign("director", s[DIR].id, "2026-03-10");
    if trail {
        // PLANT (signoff-unverified, cherry-picked): the director signs on a branch that is never
        // merged; 林美華 cherry-picks his commit onto main, signing it with her own key. The
        // author stays 蘇文彬 (no identity mismatch), the signature is hers.
        r.branch("audit/2026-02-director");
        r.write(FEB_AUDIT, &feb_audit.render());
        r.commit(
            s[DIR],
            &at("2026-03-10T10:00:00"),
            &own(DIR),
            "2月稽核：主任核章",
        );
        let picked = r.git(&["rev-parse", "HEAD"]);
        r.checkout("main");
        r.git_as(
            s[ADMIN],
            &at("2026-03-10T10:05:00"),
            &own(ADMIN),
            &["cherry-pick", picked.trim()],
        );
        r.mark("feb-audit-director-picked");
        r.git(&["branch", "-q", "-D", "audit/2026-02-director"]);
    } else {
        r.write(FEB_AUDIT, &feb_audit.render());
        r.commit(
            s[DIR],
            &at("2026-03-10T10:00:00"),
            &own(DIR),
            "2月稽核：主任核章",
        );
    }
    ia2.signoff.sign("director", s[DIR].id, "2026-03-10");
    if trail {
        // PLANT (a merge judged for what none of its parents had): 陳志明 merges the summary
        // branch, resolves the conflict with his summary (one parent's) and writes the
        // director's signature in the resolution: signoff-identity-mismatch +
        // signoff-unverified at the merge commit, by 陳志明.
        r.merge_resolving(
            s[AUD1],
            &at("2026-03-10T11:00:00"),
            &own(AUD1),
            "ia2-summary",
            "Merge branch 'ia2-summary'",
            &[(IA_MAR, ia2.render())],
        );
        r.mark("ia2-merge");
    } else {
        r.write(IA_MAR, &ia2.render());
        r.commit(
            s[DIR],
            &at("2026-03-10T11:00:00"),
            &own(DIR),
            "內部稽核 115/03/09：主任核章",
        );
        // PLANT (signoff-unverified, a truncated signature): two lines of the signature's
        // base64 cut out of the commit object.
        r.rewrite_head_object(&|text| {
            let lines: Vec<&str> = text.split('\n').collect();
            let end = lines
                .iter()
                .position(|l| l.contains("-----END SSH SIGNATURE-----"))
                .unwrap();
            let mut kept = lines.clone();
            kept.drain(end - 3..end - 1);
            kept.join("\n")
        });
        r.mark("ia2-director-truncated");
    }

    if trail {
        // PLANT (record-deleted): the inspection record removed within the retention period.
        r.git(&["rm", "-q", INSPECTION]);
        r.commit(
            s[DEPUTY],
            &at("2026-03-11T09:00:00"),
            &own(DEPUTY),
            "刪除重複的督考紀錄",
        );
        r.mark("inspection-rm");
    }

    if !trail {
        // PLANT (entry-backdated, commit time read in UTC+8): a February entry added with its
        // amendment by a commit dated 115/03/10 18:30 at UTC-8, which is 115/03/11 10:30 in
        // Taiwan, the day after February's deadline (115/03/10).
        feb.entries.push(entry(
            s[DEPUTY].id,
            "2026-02-26T15:00:00",
            "2026-02-26T15:30:00",
            "外籍配偶居留延期查核入境紀錄",
            "1150226-0014",
        ));
        feb.amendments.push(Amendment {
            date: "2026-03-11",
            reason: "漏登一筆，補登",
            by: s[DEPUTY].id,
            approved_by: s[DIR].id,
        });
        r.write(FEB_LOG, &feb.render());
        r.commit(
            s[DEPUTY],
            "2026-03-10T18:30:00-08:00",
            &own(DEPUTY),
            "2月日誌：補登 1 筆",
        );
        r.mark("feb-late-entry");
    }

    if !trail {
        // Near miss: two pull requests merged in one octopus merge (three parents), each commit
        // by its own author: March's log started by 王小明, a README by 林美華.
        let base = r.git(&["rev-parse", "HEAD"]);
        r.branch("entries/2026-03");
        let mut mar = Log::new("2026-03");
        mar.entries.push(entry(
            s[DEPUTY].id,
            "2026-03-10T14:00:00",
            "2026-03-10T14:20:00",
            "外籍人士停留資料查核，辦理遷入登記",
            "1150310-0008",
        ));
        r.write("records/offices/xihu/logs/2026/2026-03.toml", &mar.render());
        r.commit(
            s[DEPUTY],
            &at("2026-03-11T08:30:00"),
            &own(DEPUTY),
            "3月日誌：王小明 1 筆",
        );
        r.git(&["checkout", "-q", "-b", "docs/readme", base.trim()]);
        r.write(
            "records/offices/xihu/README.md",
            "# 溪湖戶政事務所紀錄\n\n各表單依《管理要點》填寫，核章以 SSH 金鑰簽署。\n",
        );
        r.commit(s[ADMIN], &at("2026-03-11T08:40:00"), &own(ADMIN), "說明檔");
        r.checkout("main");
        r.git_as(
            s[DIR],
            &at("2026-03-11T08:50:00"),
            &own(DIR),
            &[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                "Merge branches 'entries/2026-03' and 'docs/readme'",
                "entries/2026-03",
                "docs/readme",
            ],
        );
        assert_eq!(
            r.git(&["rev-list", "--parents", "-n", "1", "HEAD"])
                .split_whitespace()
                .count(),
            4,
            "an octopus merge"
        );
    }

    // Near miss (signed-record-modified): a comment added to January's signed 附件二 changes no
    // content.
    r.write(
        JAN_AUDIT,
        &format!("# 紙本正本已歸檔於稽核卷宗第 3 冊\n{}", jan_audit.render()),
    );
    r.commit(
        s[AUD1],
        &at("2026-03-11T09:10:00"),
        &own(AUD1),
        "1月稽核：註記紙本歸檔處",
    );

    // The half-year's permission review; the director's signature is the last commit.
    let mut review = Review {
        period: "2026-H1",
        date: "2026-03-11",
        accounts: vec![(s[ADMIN].id, "keep"), (s[DEPUTY].id, "keep")],
        ..Review::default()
    };
    review.signoff.sign("handler", s[ADMIN].id, "2026-03-11");
    if trail {
        r.write(REVIEW, &review.render());
        r.commit(
            s[ADMIN],
            &at("2026-03-11T10:00:00"),
            &own(ADMIN),
            "115年上半年使用者權限清查",
        );
    } else {
        // PLANT (signoff-unverified, the key's first parent): the sysadmin's branch starts, then
        // her second key lands on main; her branch commit is signed with it, but the people.toml
        // of that commit's first parent (the branch point) does not list it yet.
        r.branch("review/2026-H1");
        r.checkout("main");
        r.write(PEOPLE, &people(true, true, true));
        r.commit(
            s[ADMIN],
            &at("2026-03-11T09:30:00"),
            &own(ADMIN),
            "林美華新增簽章金鑰",
        );
        r.checkout("review/2026-H1");
        r.write(REVIEW, &review.render());
        r.commit(
            s[ADMIN],
            &at("2026-03-11T10:00:00"),
            &Sign::With(&keys.sysadmin_new),
            "115年上半年使用者權限清查",
        );
        r.mark("review-handler-new-key");
        r.checkout("main");
        r.merge(
            s[DIR],
            &at("2026-03-11T10:30:00"),
            &own(DIR),
            "review/2026-H1",
            "Merge branch 'review/2026-H1'",
        );
    }
    review.signoff.sign("director", s[DIR].id, "2026-03-12");
    r.write(REVIEW, &review.render());
    r.commit(
        s[DIR],
        &at("2026-03-12T09:00:00"),
        &own(DIR),
        "權限清查：主任核章",
    );
    r.mark("review-director");
    r
}

/// The 要點 as the scaffold of `imaudit init` writes it (a county copies it, as users do).
fn regulation_md() -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = imaudit(dir.path(), &["init", "scaffold"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::read_to_string(dir.path().join("scaffold/records/regulation.md")).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Expected findings

/// Where an expected finding points, written from the spec: the line of a signature or value
/// in the record as it stands at HEAD, or the `[[entry]]` line of an entry.
#[derive(Clone, Copy)]
enum At {
    /// The first line containing this text.
    Line(&'static str),
    /// The `[[entry]]` line of the entry holding this text.
    EntryOf(&'static str),
}

/// One planted finding: rule, severity, file (relative to the repository), subject, place.
struct Want {
    rule: &'static str,
    severity: &'static str,
    file: &'static str,
    subject: &'static str,
    at: At,
    /// The planted commit (its label) the message must name by its short id, and whose
    /// author's name it must say (rules.md: "A finding names the commit that made the change
    /// and its author, not the merge").
    commit: Option<&'static str>,
    author: Option<&'static str>,
    /// A name the message must not give as the one who made the change (the merger).
    not_named: Option<&'static str>,
}

impl Want {
    const fn not_named(self, merger: &'static str) -> Want {
        Want {
            not_named: Some(merger),
            ..self
        }
    }
    const fn by(self, commit: &'static str, author: &'static str) -> Want {
        Want {
            commit: Some(commit),
            author: Some(author),
            ..self
        }
    }
}

const fn want(
    rule: &'static str,
    severity: &'static str,
    file: &'static str,
    subject: &'static str,
    at: At,
) -> Want {
    Want {
        rule,
        severity,
        file,
        subject,
        at,
        commit: None,
        author: None,
        not_named: None,
    }
}

/// A finding as compared: rule, severity, file, line, subject.
type Key5 = (String, String, String, Option<u64>, Option<String>);

fn resolve(repo: &Path, w: &Want) -> Key5 {
    let line = match w.at {
        At::Line(text) | At::EntryOf(text) => {
            let body = std::fs::read_to_string(repo.join(w.file))
                .unwrap_or_else(|e| panic!("{}: {e}", w.file));
            let lines: Vec<&str> = body.lines().collect();
            let i = lines
                .iter()
                .position(|l| l.contains(text))
                .unwrap_or_else(|| panic!("{text} not in {}", w.file));
            let i = if let At::EntryOf(_) = w.at {
                (0..=i).rev().find(|&j| lines[j] == "[[entry]]").unwrap()
            } else {
                i
            };
            Some(i as u64 + 1)
        }
    };
    (
        w.rule.into(),
        w.severity.into(),
        w.file.into(),
        line,
        Some(w.subject.into()),
    )
}

/// The Trail history's planted findings (tests/heldout/README.md explains each).
const TRAIL_WANT: &[Want] = &[
    // The secretary's commit of the director's signature, merged by the director.
    want(
        "signoff-identity-mismatch",
        "warning",
        JAN_LOG,
        "2026-01",
        At::Line("director = {"),
    )
    .by("jan-director", "羅淑芬"),
    want(
        "signoff-unverified",
        "error",
        JAN_LOG,
        "2026-01",
        At::Line("director = {"),
    )
    .by("jan-director", "羅淑芬"),
    // Logout edited in one branch commit, amendment in the next.
    want(
        "signed-record-modified",
        "error",
        JAN_LOG,
        "2026-01",
        At::Line("logout = 2026-01-09T14:35:00"),
    )
    .by("logout-edit", "王小明")
    .not_named("林美華"),
    // The forgotten entry first committed after the deadline.
    want(
        "entry-backdated",
        "warning",
        JAN_LOG,
        "wang-xiao-ming",
        At::EntryOf("login = 2026-01-28T13:30:00"),
    )
    .by("backdated-entry", "王小明"),
    // Squash merge by the director: the auditor's signature arrives in his commit.
    want(
        "signoff-identity-mismatch",
        "warning",
        IA_FEB,
        "2026-02-05",
        At::Line("auditor = {"),
    )
    .by("squash", "蘇文彬"),
    want(
        "signoff-unverified",
        "error",
        IA_FEB,
        "2026-02-05",
        At::Line("auditor = {"),
    )
    .by("squash", "蘇文彬"),
    // Dated 3/2, committed 3/10.
    want(
        "signature-backdated",
        "warning",
        FEB_LOG,
        "2026-02",
        At::Line("director = {"),
    )
    .by("feb-director", "羅淑芬"),
    want(
        "signoff-identity-mismatch",
        "warning",
        FEB_LOG,
        "2026-02",
        At::Line("director = {"),
    )
    .by("feb-director", "羅淑芬"),
    want(
        "signoff-unverified",
        "error",
        FEB_LOG,
        "2026-02",
        At::Line("director = {"),
    )
    .by("feb-director", "羅淑芬"),
    // The director's signature written by 陳志明 in a conflict resolution.
    want(
        "signoff-identity-mismatch",
        "warning",
        IA_MAR,
        "2026-03-09",
        At::Line("director = {"),
    )
    .by("ia2-merge", "陳志明"),
    want(
        "signoff-unverified",
        "error",
        IA_MAR,
        "2026-03-09",
        At::Line("director = {"),
    )
    .by("ia2-merge", "陳志明"),
    // 陳志明 writes the section chief's signature on a branch, 羅淑芬 merges it.
    want(
        "signoff-identity-mismatch",
        "warning",
        FEB_AUDIT,
        "2026-02",
        At::Line("section_chief = {"),
    )
    .by("feb-audit-chief", "陳志明")
    .not_named("羅淑芬"),
    want(
        "signoff-unverified",
        "error",
        FEB_AUDIT,
        "2026-02",
        At::Line("section_chief = {"),
    )
    .by("feb-audit-chief", "陳志明")
    .not_named("羅淑芬"),
    // 蘇文彬's commit cherry-picked and signed by 林美華.
    want(
        "signoff-unverified",
        "error",
        FEB_AUDIT,
        "2026-02",
        At::Line("director = {"),
    )
    .by("feb-audit-director-picked", "蘇文彬"),
    // The inspection removed. The spec does not say where a finding about a file that is gone
    // points; imaudit points it at the office's `system_start`, as for a missing record
    // (README), and names the deleted path, the commit and its author in the message.
    want(
        "record-deleted",
        "error",
        OFFICE_TOML,
        "2026-02-25",
        At::Line("system_start"),
    )
    .by("inspection-rm", "王小明"),
];

/// The Keys history's planted findings.
const KEYS_WANT: &[Want] = &[
    // Unsigned.
    want(
        "signoff-unverified",
        "error",
        JAN_LOG,
        "2026-01",
        At::Line("director = {"),
    )
    .by("jan-director", "蘇文彬"),
    // Another person's key.
    want(
        "signoff-unverified",
        "error",
        JAN_AUDIT,
        "2026-01",
        At::Line("secretary = {"),
    )
    .by("jan-audit-secretary", "羅淑芬"),
    // A GPG signature block.
    want(
        "signoff-unverified",
        "error",
        IA_FEB,
        "2026-02-05",
        At::Line("director = {"),
    )
    .by("ia-director-gpg", "蘇文彬"),
    // A signed commit altered afterwards.
    want(
        "signoff-unverified",
        "error",
        FEB_LOG,
        "2026-02",
        At::Line("secretary = {"),
    )
    .by("feb-secretary-altered", "羅淑芬"),
    // The key added in the same commit.
    want(
        "signoff-unverified",
        "error",
        FEB_AUDIT,
        "2026-02",
        At::Line("auditor = {"),
    )
    .by("feb-audit-auditor", "黃建國"),
    // An SSH signature in namespace `file`.
    want(
        "signoff-unverified",
        "error",
        FEB_AUDIT,
        "2026-02",
        At::Line("secretary = {"),
    )
    .by("feb-audit-secretary-ns", "羅淑芬"),
    // A key listed on main, but not in the branch commit's first parent.
    want(
        "signoff-unverified",
        "error",
        REVIEW,
        "2026-H1",
        At::Line("handler = {"),
    )
    .by("review-handler-new-key", "林美華"),
    // A commit time at UTC-8 read in UTC+8: a day late.
    want(
        "entry-backdated",
        "warning",
        FEB_LOG,
        "wang-xiao-ming",
        At::EntryOf("login = 2026-02-26T15:00:00"),
    )
    .by("feb-late-entry", "王小明"),
    // A truncated signature.
    want(
        "signoff-unverified",
        "error",
        IA_MAR,
        "2026-03-09",
        At::Line("director = {"),
    )
    .by("ia2-director-truncated", "蘇文彬"),
];

/// The Rewritten history (Trail with its last commit redone after a build) adds this to the
/// Trail findings when checked against the Trail build's manifest.json. The spec does not say
/// which line a finding about a whole record points at; imaudit gives line 1. The message names
/// the signing commit that is gone (no author asked: the spec does not say).
const REWRITTEN_WANT: &[Want] = &[Want {
    commit: Some("review-director"),
    ..want(
        "history-rewritten",
        "error",
        REVIEW,
        "2026-H1",
        At::Line("period = "),
    )
}];

/// What of a planted finding imaudit gets wrong.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// Not raised as planted (or raised though not planted): left out of the set comparison.
    Finding,
    /// Raised as planted, but the message does not name the commit's author.
    Author,
    /// Raised as planted, but the message does not name the commit.
    Commit,
}

/// Mismatches that are imaudit's bugs, kept out of the assertion until the lead fixes them:
/// (history, rule, file, subject, what, why). Each is listed in the helper's report; remove the
/// line once fixed.
const KNOWN_MISMATCHES: &[(&str, &str, &str, &str, Miss, &str)] = &[
    // `history` is a comma-separated list: Rewritten and Dropped hold Trail's commits.
];

fn findings(repo: &Path, extra: &[&str]) -> (Option<i32>, BTreeSet<Key5>, serde_json::Value) {
    let mut args = vec!["check", "--records", "records", "--format", "json"];
    args.extend_from_slice(extra);
    let out = imaudit(repo, &args);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let set = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64(),
                f["subject"].as_str().map(str::to_string),
            )
        })
        .collect();
    (out.status.code(), set, json)
}

/// Asserts the findings equal the planted ones, apart from the known mismatches of `history`,
/// and that each planted finding's message names its commit (short id) and that commit's author.
/// `marks` are the planted commits by label (from the history that planted them).
fn assert_planted(
    history: &str,
    repo: &Path,
    (got, json): (&BTreeSet<Key5>, &serde_json::Value),
    want: &[&Want],
    marks: &std::collections::BTreeMap<&'static str, String>,
) {
    // Which known mismatches excused something: one that no longer does is fixed, and its line
    // must go (so the list cannot go stale).
    let used = std::cell::RefCell::new(BTreeSet::new());
    let known = |k: &Key5, miss: Miss| {
        let i = KNOWN_MISMATCHES
            .iter()
            .position(|(h, rule, file, subject, what, _)| {
                h.split(',').any(|h| h == history)
                    && k.0 == *rule
                    && k.2 == *file
                    && k.4.as_deref() == Some(*subject)
                    && *what == miss
            });
        if let Some(i) = i {
            used.borrow_mut().insert(i);
        }
        i.is_some()
    };
    let resolved: Vec<(Key5, &Want)> = want.iter().map(|w| (resolve(repo, w), *w)).collect();
    let want_set: BTreeSet<Key5> = resolved.iter().map(|(k, _)| k.clone()).collect();
    let missing: Vec<&Key5> = want_set
        .difference(got)
        .filter(|k| !known(k, Miss::Finding))
        .collect();
    let extra: Vec<&Key5> = got
        .difference(&want_set)
        .filter(|k| !known(k, Miss::Finding))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{history}: planted but not raised: {missing:#?}\nraised but not planted: {extra:#?}"
    );
    let mut wrong = Vec::new();
    for (k, w) in &resolved {
        if !got.contains(k) {
            continue;
        }
        let message = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["rule"] == k.0.as_str()
                    && f["file"] == k.2.as_str()
                    && f["line"].as_u64() == k.3
                    && f["subject"].as_str() == k.4.as_deref()
            })
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap();
        if let Some(label) = w.commit {
            let id = &marks[label][..7];
            if !message.contains(id) && !known(k, Miss::Commit) {
                wrong.push(format!(
                    "{}: no commit {id} ({label}) in 「{message}」",
                    k.0
                ));
            }
        }
        if let Some(author) = w.author {
            if !message.contains(author) && !known(k, Miss::Author) {
                wrong.push(format!("{}: no author {author} in 「{message}」", k.0));
            }
        }
        if let Some(merger) = w.not_named {
            if message.contains(merger) {
                wrong.push(format!(
                    "{}: names the merger {merger} in 「{message}」",
                    k.0
                ));
            }
        }
    }
    for (i, (h, rule, file, subject, _, why)) in KNOWN_MISMATCHES.iter().enumerate() {
        if h.split(',').any(|h| h == history) && !used.borrow().contains(&i) {
            wrong.push(format!(
                "fixed? remove from KNOWN_MISMATCHES: {h} {rule} {file} {subject} ({why})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{history}: {wrong:#?}");
}

/// Words a page should say but does not yet, imaudit's to fix: (history, page, word, why). A
/// line that no longer applies fails the test, so that it is removed once fixed.
const KNOWN_PAGE_MISMATCHES: &[(&str, &str, &str, &str)] = &[
    (
        "trail",
        "offices/xihu/logs/2026-01.html",
        "金鑰不符",
        "issue 14 point 4: the form page's signature lines show no signature status (the history page does)",
    ),
    (
        "trail",
        "offices/xihu/logs/2026-01.html",
        "已驗證",
        "as above",
    ),
    (
        "keys",
        "offices/xihu/logs/2026-01.html",
        "未簽章",
        "as above",
    ),
    (
        "keys",
        "offices/xihu/logs/2026-01.html",
        "已驗證",
        "as above",
    ),
    (
        "keys",
        "offices/xihu/monthly-audits/2026-02.html",
        "金鑰於同一提交才加入",
        "as above",
    ),
];

/// The built page `page` of `history`'s site says each of `words` in its visible text.
fn assert_page_says(history: &str, site: &Path, page: &str, words: &[&str]) {
    let html = std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    let text = visible_text(&html);
    for w in words {
        let known = KNOWN_PAGE_MISMATCHES
            .iter()
            .any(|(h, p, word, _)| *h == history && *p == page && word == w);
        if known {
            assert!(
                !text.contains(w),
                "fixed? remove from KNOWN_PAGE_MISMATCHES: {history} {page} {w}"
            );
        } else {
            assert!(text.contains(w), "{page} does not say {w}");
        }
    }
}

/// `imaudit history PATH` (exit 0) must say each of `words` (issue 14: a pull request as one
/// step, 「合併請求」, and each signature's status: 已驗證（金鑰 SHA256:…）, 未簽章, 金鑰不符,
/// 金鑰於同一提交才加入).
fn assert_history_says(repo: &Path, path: &str, words: &[&str]) {
    let out = imaudit(repo, &["history", "--records", "records", path]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for w in words {
        assert!(text.contains(w), "history {path} does not say {w}:\n{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tests

/// Trail: pull requests, a squash merge, a branch updated from main, Ed25519/ECDSA/RSA signed
/// commits; plants the change-trail cases. Then Rewritten: the same history with its last commit
/// redone after the site (and its manifest.json) was published.
#[test]
fn trail_history_raises_exactly_what_it_plants() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let keys = Keys::make(&tmp.path().join("keys"));
    let repo = build_office_history(&tmp.path().join("trail"), &keys, Variant::Trail);
    let marks = repo.marks.borrow().clone();
    let trail_want: Vec<&Want> = TRAIL_WANT.iter().collect();
    let (status, got, json) = findings(&repo.dir, &[]);
    assert_planted("trail", &repo.dir, (&got, &json), &trail_want, &marks);
    assert_eq!(
        status,
        Some(1),
        "errors were planted: check exits 1 (cli.md)"
    );

    // The published site's manifest, then a force push that redoes the last commit.
    let site = tmp.path().join("site");
    let out = imaudit(
        &repo.dir,
        &[
            "build",
            "--records",
            "records",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let manifest = site.join("manifest.json");
    assert!(manifest.is_file(), "build publishes manifest.json");
    // cli.md: every page says the evaluation date and, in a git repository, the commit it was
    // built from.
    let head = repo.git(&["rev-parse", "HEAD"]);
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let page = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                page.contains("115年3月13日") && page.contains(&head[..7]),
                "{} does not say the evaluation date and the commit {}",
                e.path().display(),
                &head[..7]
            );
        }
    }
    // Issue 14, point 4: each signature line on a form page says its status.
    assert_page_says(
        "trail",
        &site,
        "offices/xihu/logs/2026-01.html",
        &["金鑰不符", "已驗證"],
    );
    // Near miss: the same history against its own manifest adds nothing.
    let (_, same, json) = findings(
        &repo.dir,
        &["--against-manifest", manifest.to_str().unwrap()],
    );
    assert_planted("trail", &repo.dir, (&same, &json), &trail_want, &marks);
    assert_history_says(
        &repo.dir,
        JAN_LOG,
        &[
            "合併請求",
            // signoff/2026-01: 林美華's, 羅淑芬's and 羅淑芬's commits (issue 14's wording).
            "包含 3 個提交",
            "羅淑芬",
            "蘇文彬",
            "金鑰不符",
            "已驗證（金鑰 SHA256:",
        ],
    );

    // `check --since REV` (cli.md: only findings in files changed since REV, plus county-wide
    // ones), REV = the director's February-log commit: changed since are February's 附件二 (the
    // section chief's branch is older, but its file changed after REV), the 115/03/09 internal
    // audit, the deleted inspection and the permission review. A pull request that deletes a
    // record must show `record-deleted`, wherever its finding points.
    let rev = marks["feb-director"].clone();
    let (_, since, json) = findings(&repo.dir, &["--since", &rev]);
    let since_want: Vec<&Want> = TRAIL_WANT
        .iter()
        .filter(|w| [FEB_AUDIT, IA_MAR, OFFICE_TOML].contains(&w.file))
        .collect();
    assert_eq!(since_want.len(), 6);
    assert_planted("since", &repo.dir, (&since, &json), &since_want, &marks);

    // A shallow clone: the git rules are not run and the evaluation says so (history-unavailable,
    // info); nothing else is found.
    let shallow = tmp.path().join("shallow");
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &format!("file://{}", repo.dir.display()),
        shallow.to_str().unwrap(),
    ]);
    let (status, got, _) = findings(&shallow, &[]);
    let rules: Vec<(&str, &str)> = got.iter().map(|k| (k.0.as_str(), k.1.as_str())).collect();
    assert_eq!(
        rules,
        [("history-unavailable", "info")],
        "shallow clone: {got:#?}"
    );
    assert_eq!(status, Some(0));

    let rewritten = tmp.path().join("rewritten");
    repo.git(&["clone", "-q", ".", rewritten.to_str().unwrap()]);
    let r2 = Repo {
        dir: rewritten,
        marks: Default::default(),
    };
    r2.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let mut review = Review {
        period: "2026-H1",
        date: "2026-03-11",
        accounts: vec![(XIHU[ADMIN].id, "keep"), (XIHU[DEPUTY].id, "keep")],
        ..Review::default()
    };
    review.signoff.sign("handler", XIHU[ADMIN].id, "2026-03-11");
    review.signoff.sign("director", XIHU[DIR].id, "2026-03-12");
    r2.write(REVIEW, &review.render());
    r2.commit(
        XIHU[DIR],
        &at("2026-03-12T09:05:00"),
        &Sign::With(&keys.director),
        "權限清查：主任核章",
    );
    let (_, got, json) = findings(&r2.dir, &["--against-manifest", manifest.to_str().unwrap()]);
    let rewritten_want: Vec<&Want> = TRAIL_WANT.iter().chain(REWRITTEN_WANT).collect();
    assert_planted("rewritten", &r2.dir, (&got, &json), &rewritten_want, &marks);

    // Rewritten again: both commits of the permission review dropped by a force push. The
    // signed review is now missing (history-rewritten), and the half-year has no review yet
    // (permission-review-missing, info while 2026-H1 runs). Where a finding about a file that
    // is gone points, the spec does not say: guessed as for record-deleted, the office's
    // `system_start`.
    let dropped = tmp.path().join("dropped");
    repo.git(&["clone", "-q", ".", dropped.to_str().unwrap()]);
    let r3 = Repo {
        dir: dropped,
        marks: Default::default(),
    };
    r3.git(&["reset", "-q", "--hard", "HEAD~2"]);
    assert!(!r3.dir.join(REVIEW).exists());
    let (_, got, json) = findings(&r3.dir, &["--against-manifest", manifest.to_str().unwrap()]);
    let gone = [
        Want {
            commit: Some("review-director"),
            ..want(
                "history-rewritten",
                "error",
                OFFICE_TOML,
                "2026-H1",
                At::Line("system_start"),
            )
        },
        want(
            "permission-review-missing",
            "info",
            OFFICE_TOML,
            "2026-H1",
            At::Line("system_start"),
        ),
    ];
    let dropped_want: Vec<&Want> = TRAIL_WANT.iter().chain(&gone).collect();
    assert_planted("dropped", &r3.dir, (&got, &json), &dropped_want, &marks);
}

/// Keys: the same office's timeline with the `signoff-unverified` cases planted and the near
/// misses of the Trail plants (edit and amendment in one commit, an entry committed on the
/// deadline day, a signature committed 7 days after its date, the signer's commit merged by
/// someone else, a rotated key that still vouches for earlier commits).
#[test]
fn keys_history_raises_exactly_what_it_plants() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let keys = Keys::make(&tmp.path().join("keys"));
    let repo = build_office_history(&tmp.path().join("keys-history"), &keys, Variant::Keys);
    let marks = repo.marks.borrow().clone();
    let (status, got, json) = findings(&repo.dir, &[]);
    let keys_want: Vec<&Want> = KEYS_WANT.iter().collect();
    assert_planted("keys", &repo.dir, (&got, &json), &keys_want, &marks);
    assert_history_says(&repo.dir, JAN_LOG, &["未簽章", "已驗證（金鑰 SHA256:"]);
    assert_history_says(&repo.dir, FEB_AUDIT, &["金鑰於同一提交才加入"]);
    let site = tmp.path().join("site");
    let out = imaudit(
        &repo.dir,
        &[
            "build",
            "--records",
            "records",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_page_says(
        "keys",
        &site,
        "offices/xihu/logs/2026-01.html",
        &["未簽章", "已驗證"],
    );
    assert_page_says(
        "keys",
        &site,
        "offices/xihu/monthly-audits/2026-02.html",
        &["金鑰於同一提交才加入"],
    );
    // An edit not yet committed: the planted findings and `uncommitted-changes` (info).
    let text = std::fs::read_to_string(repo.dir.join(REVIEW)).unwrap();
    repo.write(
        REVIEW,
        &text.replace("note = \"\"", "note = \"仍承辦入出境業務\""),
    );
    let (_, dirty, _) = findings(&repo.dir, &[]);
    let added: Vec<&Key5> = dirty.difference(&got).collect();
    assert!(got.is_subset(&dirty), "{dirty:#?}");
    assert_eq!(added.len(), 1, "{added:#?}");
    assert_eq!(
        (added[0].0.as_str(), added[0].1.as_str()),
        ("uncommitted-changes", "info")
    );
    assert_eq!(
        status,
        Some(1),
        "errors were planted: check exits 1 (cli.md)"
    );

    // Near miss: the county turns `verify_signoff_signatures` off (a signed commit by the
    // director): no `signoff-unverified` any more; the backdated entry (Keys #9) stays.
    repo.git(&["checkout", "-q", "--", REVIEW]);
    repo.write("records/county.toml", &county_toml(false));
    repo.commit(
        XIHU[DIR],
        &at("2026-03-12T16:00:00"),
        &Sign::With(&keys.director),
        "暫停簽章核章檢查",
    );
    let (status, off, json) = findings(&repo.dir, &[]);
    let off_want: Vec<&Want> = KEYS_WANT
        .iter()
        .filter(|w| w.rule != "signoff-unverified")
        .collect();
    assert_eq!(off_want.len(), 1);
    assert_planted("keys", &repo.dir, (&off, &json), &off_want, &marks);
    assert_eq!(status, Some(0), "only a warning is left");
}

// ---------------------------------------------------------------------------------------------
// Issue 13: a two-office record set (no git), read as people read it.

/// What differs between the record set's two offices.
struct OfficeSpec<'a> {
    id: &'a str,
    name: &'a str,
    staff: &'a [Staff; 7],
    /// More people (raw TOML), e.g. a clerk whose duty ended.
    extra_people: &'a str,
    /// Whether January's 附件二 exists.
    jan_audit: bool,
    /// The date of the director's signature on January's log.
    jan_director_date: &'a str,
    /// The 2026-H1 review's accounts and decisions.
    review_accounts: Vec<(&'static str, &'static str)>,
}

/// An office's records for 115/01–115/03: logs, 附件二, two internal audits and the 2026-H1
/// review, all signed on time unless `spec` says otherwise.
fn standard_office(root: &Path, spec: OfficeSpec) {
    let OfficeSpec {
        id,
        name,
        staff: s,
        extra_people,
        jan_audit,
        jan_director_date,
        review_accounts,
    } = spec;
    let o = root.join("offices").join(id);
    let w = |p: &str, t: &str| {
        let p = o.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
    w("office.toml", &office_toml(name, s));
    w("people.toml", &people_toml(s, &|_| vec![], extra_people));
    let mut jan = Log::new("2026-01");
    jan.entries.push(entry(
        s[ADMIN].id,
        "2026-01-05T09:10:00",
        "2026-01-05T09:25:00",
        "受理歸化國籍初設戶籍登記，查核入出境紀錄",
        "1150105-0003",
    ));
    jan.entries.push(entry(
        s[DEPUTY].id,
        "2026-01-07T10:00:00",
        "2026-01-07T10:20:00",
        "外籍配偶居留資料查核，辦理結婚登記",
        "1150107-0011",
    ));
    jan.signoff.sign("handler", s[ADMIN].id, "2026-02-02");
    jan.signoff.sign("secretary", s[SEC].id, "2026-02-03");
    jan.signoff
        .sign("director", s[DIR].id, leak(jan_director_date));
    w("logs/2026/2026-01.toml", &jan.render());
    let mut feb = Log::new("2026-02");
    feb.entries.push(entry(
        s[ADMIN].id,
        "2026-02-02T10:00:00",
        "2026-02-02T10:15:00",
        "歸化國籍初設戶籍登記查核入境紀錄",
        "1150202-0001",
    ));
    feb.entries.push(entry(
        s[DEPUTY].id,
        "2026-02-24T14:00:00",
        "2026-02-24T14:20:00",
        "外籍人士居留資料查核，辦理遷入登記",
        "1150224-0009",
    ));
    feb.signoff.sign("handler", s[ADMIN].id, "2026-03-02");
    feb.signoff.sign("secretary", s[SEC].id, "2026-03-03");
    feb.signoff.sign("director", s[DIR].id, "2026-03-04");
    w("logs/2026/2026-02.toml", &feb.render());
    for (month, date, dl, on) in [
        ("2026-01", "2026-02-06", "2026-02-03", jan_audit),
        ("2026-02", "2026-03-05", "2026-03-03", true),
    ] {
        if !on {
            continue;
        }
        let mut a = MonthlyAudit {
            month,
            date,
            downloaded: dl,
            ..MonthlyAudit::default()
        };
        a.signoff.sign("auditor", s[AUD1].id, date);
        a.signoff.sign("section_chief", s[CHIEF].id, date);
        a.signoff.sign("secretary", s[SEC].id, date);
        a.signoff.sign("director", s[DIR].id, date);
        w(&format!("monthly-audits/2026/{month}.toml"), &a.render());
    }
    for (date, scope) in [
        ("2026-02-05", ["2026-01", "2026-01"]),
        ("2026-03-09", ["2026-01", "2026-02"]),
    ] {
        let mut ia = InternalAudit {
            date,
            team: [s[AUD1].id, s[AUD2].id],
            scope,
            ..InternalAudit::default()
        };
        ia.signoff.sign("auditor", s[AUD1].id, date);
        ia.signoff.sign("director", s[DIR].id, date);
        w(&format!("internal-audits/{date}.toml"), &ia.render());
    }
    let mut review = Review {
        period: "2026-H1",
        date: "2026-03-11",
        accounts: review_accounts,
        ..Review::default()
    };
    review.signoff.sign("handler", s[ADMIN].id, "2026-03-11");
    review.signoff.sign("director", s[DIR].id, "2026-03-11");
    w("permission-reviews/2026-H1.toml", &review.render());
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Writes the record set: 溪湖 (周佳蓉's account terminated late, now closed; January's log
/// signed by the director two days late, now closed) and 田中 (吳志豪 resigned and his account is
/// still not terminated: open; January's 附件二 missing: open).
fn write_record_set(root: &Path) {
    std::fs::create_dir_all(root.join("calendar")).unwrap();
    std::fs::write(root.join("county.toml"), county_toml(false)).unwrap();
    std::fs::write(root.join("regulation.md"), regulation_md()).unwrap();
    std::fs::write(root.join("calendar/2026.toml"), CALENDAR_2026).unwrap();
    let zhou = "[[person]]\nid = \"zhou-jia-rong\"\nname = \"周佳蓉\"\ntitle = \"戶籍員\"\n"
        .to_string()
        + &account(
            "CHC0031",
            &[
                ("2026-01-20", "duty-ended", Some("transfer")),
                ("2026-02-02", "terminated", None),
            ],
        )
        // Near miss: duty ended 115/02/10; the sixth day, 115/02/16, is the first of the new
        // year's rest days (2/16–2/20, then a weekend), so the deadline moves to Monday
        // 115/02/23 (民法第122條), the day the account was terminated and the handover made.
        + "\n[[person]]\nid = \"chen-yi-jun\"\nname = \"陳怡君\"\ntitle = \"戶籍員\"\n"
        + &account(
            "CHC0032",
            &[
                ("2026-02-10", "duty-ended", Some("reassignment")),
                ("2026-02-23", "terminated", None),
            ],
        );
    standard_office(
        root,
        OfficeSpec {
            id: "xihu",
            name: "彰化縣溪湖戶政事務所",
            staff: &XIHU,
            extra_people: &zhou,
            jan_audit: true,
            jan_director_date: "2026-02-12",
            review_accounts: vec![(XIHU[ADMIN].id, "keep"), (XIHU[DEPUTY].id, "keep")],
        },
    );
    std::fs::create_dir_all(root.join("offices/xihu/handovers")).unwrap();
    std::fs::write(
        root.join("offices/xihu/handovers/2026-01-22-zhou-jia-rong.toml"),
        "date = 2026-01-22\nfrom = \"zhou-jia-rong\"\nto = \"lin-mei-hua\"\ndocuments = [\"2026-01 查詢紀錄 3 件\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("offices/xihu/handovers/2026-02-23-chen-yi-jun.toml"),
        "date = 2026-02-23\nfrom = \"chen-yi-jun\"\nto = \"wang-xiao-ming\"\ndocuments = [\"2026-02 查詢紀錄 2 件\"]\n",
    )
    .unwrap();
    let wu = "[[person]]\nid = \"wu-zhi-hao\"\nname = \"吳志豪\"\ntitle = \"戶籍員\"\n".to_string()
        + &account(
            "CHC0042",
            &[("2026-02-25", "duty-ended", Some("resignation"))],
        )
        // Closed: duty ended 115/01/12, deadline 115/01/18 a Sunday, moved to Monday 115/01/19;
        // terminated 115/01/23, four days late.
        + "\n[[person]]\nid = \"lin-zhi-wei\"\nname = \"林志偉\"\ntitle = \"戶籍員\"\n"
        + &account(
            "CHC0043",
            &[
                ("2026-01-12", "duty-ended", Some("transfer")),
                ("2026-01-23", "terminated", None),
            ],
        );
    standard_office(
        root,
        OfficeSpec {
            id: "tianzhong",
            name: "彰化縣田中戶政事務所",
            staff: &TIANZHONG,
            extra_people: &wu,
            jan_audit: false,
            jan_director_date: "2026-02-04",
            review_accounts: vec![
                (TIANZHONG[ADMIN].id, "keep"),
                (TIANZHONG[DEPUTY].id, "keep"),
                ("wu-zhi-hao", "revoke"),
            ],
        },
    );
    std::fs::create_dir_all(root.join("offices/tianzhong/handovers")).unwrap();
    std::fs::write(
        root.join("offices/tianzhong/handovers/2026-02-26-wu-zhi-hao.toml"),
        "date = 2026-02-26\nfrom = \"wu-zhi-hao\"\nto = \"yang-shu-hui\"\ndocuments = [\"2026-02 查詢紀錄 5 件\"]\n",
    )
    .unwrap();
    // A national ID (a valid checksum) slipped into a purpose: pii-in-free-text, and masked
    // wherever the site shows it (cli.md).
    let feb = root.join("offices/tianzhong/logs/2026/2026-02.toml");
    let text = std::fs::read_to_string(&feb).unwrap();
    std::fs::write(
        &feb,
        text.replace("辦理遷入登記\"", "辦理遷入登記（當事人 A123456789）\""),
    )
    .unwrap();
    std::fs::write(
        root.join("offices/tianzhong/handovers/2026-01-13-lin-zhi-wei.toml"),
        "date = 2026-01-13\nfrom = \"lin-zhi-wei\"\nto = \"yang-shu-hui\"\ndocuments = [\"2026-01 查詢紀錄 1 件\"]\n",
    )
    .unwrap();
}

/// Every person id and office id of the record set: none may appear in a message.
const IDS: &[&str] = &[
    "xihu",
    "tianzhong",
    "zhou-jia-rong",
    "wu-zhi-hao",
    "lin-zhi-wei",
    "chen-yi-jun",
    "su-wen-bin",
    "luo-shu-fen",
    "lin-mei-hua",
    "wang-xiao-ming",
    "chen-jian-hong",
    "yang-shu-hui",
];

/// The text a browser shows: tags (and their attributes, where the links are) removed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn unfold_ics(s: &str) -> String {
    s.replace("\r\n ", "").replace("\n ", "")
}

#[test]
fn record_set_reads_as_people_read_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("records");
    write_record_set(&root);
    let dir = tmp.path();

    // check: exit 1 (errors), names in every JSON message, open/closed as planted.
    let out = imaudit(dir, &["check", "--records", "records", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fs = json["findings"].as_array().unwrap();
    for f in fs {
        let m = f["message"].as_str().unwrap();
        for id in IDS {
            assert!(!m.contains(id), "message names the id {id}: {f}");
        }
    }
    let of = |rule: &str, subject: &str| -> &serde_json::Value {
        fs.iter()
            .find(|f| f["rule"] == rule && f["subject"] == subject)
            .unwrap_or_else(|| panic!("no {rule} for {subject} in {json:#}"))
    };
    let zhou = of("termination-overdue", "zhou-jia-rong");
    assert_eq!(
        zhou["open"], false,
        "terminated late, now terminated: closed"
    );
    assert!(
        zhou["message"].as_str().unwrap().contains("周佳蓉"),
        "{zhou}"
    );
    let wu = of("termination-overdue", "wu-zhi-hao");
    assert_eq!(wu["open"], true, "still not terminated: open");
    assert!(wu["message"].as_str().unwrap().contains("吳志豪"), "{wu}");
    let lin = of("termination-overdue", "lin-zhi-wei");
    assert_eq!(lin["open"], false, "terminated four days late: closed");
    assert_eq!(lin["date"], "2026-01-19", "the deadline, moved past Sunday");
    assert_eq!(zhou["date"], "2026-01-26");
    assert_eq!(wu["date"], "2026-03-03");
    assert!(
        fs.iter().all(|f| f["subject"] != "chen-yi-jun"),
        "the deadline moved past the new year's rest days: nothing late for 陳怡君"
    );
    let pii = fs
        .iter()
        .find(|f| f["rule"] == "pii-in-free-text")
        .expect("pii-in-free-text");
    assert_eq!(pii["office"], "tianzhong");
    assert_eq!(
        pii["file"],
        "records/offices/tianzhong/logs/2026/2026-02.toml"
    );
    let missing = of("monthly-audit-missing", "2026-01");
    assert_eq!(missing["office"], "tianzhong");
    assert_eq!(missing["open"], true);
    assert_eq!(missing["severity"], "error");
    let late = of("log-signoff-missing", "2026-01");
    assert_eq!(late["office"], "xihu");
    assert_eq!(late["open"], false, "signed two days late: closed");

    // The same input gives the same bytes (cli.md).
    let again = imaudit(dir, &["check", "--records", "records", "--format", "json"]);
    assert_eq!(
        again.stdout, out.stdout,
        "check --format json is byte-identical run to run"
    );
    // --office: that office's findings only.
    let one = imaudit(
        dir,
        &[
            "check",
            "--records",
            "records",
            "--format",
            "json",
            "--office",
            "tianzhong",
        ],
    );
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let one = one["findings"].as_array().unwrap();
    assert!(one.iter().any(|f| f["subject"] == "wu-zhi-hao"));
    assert!(
        one.iter()
            .all(|f| f["office"] == "tianzhong" || f["office"].is_null()),
        "--office tianzhong: {one:#?}"
    );
    // Exit 2 when the command cannot run, with one line on stderr saying why.
    for cmd in ["check", "deadlines", "build"] {
        let out = imaudit(dir, &[cmd, "--records", "no-such-folder"]);
        assert_eq!(out.status.code(), Some(2), "{cmd} without records: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{cmd}: one line on stderr:\n{err}"
        );
    }
    assert!(!dir.join("site").exists(), "a failed build writes no site");

    // SARIF and GitHub annotations: the message text holds names, no ids.
    let out = imaudit(dir, &["check", "--records", "records", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), fs.len(), "SARIF holds every finding");
    for r in results {
        let m = r["message"]["text"].as_str().unwrap();
        for id in IDS {
            assert!(!m.contains(id), "SARIF message names the id {id}: {m}");
        }
    }
    let out = imaudit(
        dir,
        &["check", "--records", "records", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(1));
    let github = String::from_utf8(out.stdout).unwrap();
    let mut annotations = 0;
    for line in github.lines().filter(|l| l.starts_with("::")) {
        annotations += 1;
        // `::error file=…,line=…::message`: the message is what follows the second `::`.
        let m = line[2..].split_once("::").map_or("", |(_, m)| m);
        for id in IDS {
            assert!(
                !m.contains(id),
                "GitHub annotation names the id {id}: {line}"
            );
        }
    }
    assert!(annotations > 0, "no annotations:\n{github}");
    assert!(github.contains("吳志豪"));

    // The human report and the pull-request comment name people.
    for format in ["human", "markdown"] {
        let out = imaudit(dir, &["check", "--records", "records", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        for name in ["周佳蓉", "吳志豪"] {
            assert!(text.contains(name), "{format} lacks {name}:\n{text}");
        }
    }

    // deadlines: open work first, closed breaches apart; names, no ids.
    let ics = dir.join("deadlines.ics");
    let out = imaudit(
        dir,
        &[
            "deadlines",
            "--records",
            "records",
            "--ics",
            ics.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let list = String::from_utf8(out.stdout).unwrap();
    let split = list
        .find("已發生之違規")
        .unwrap_or_else(|| panic!("no closed section:\n{list}"));
    let (open, closed) = list.split_at(split);
    assert!(open.contains("吳志豪"), "open work lacks 吳志豪:\n{list}");
    assert!(
        !open.contains("周佳蓉"),
        "a closed breach listed as open work:\n{list}"
    );
    assert!(
        closed.contains("周佳蓉") && closed.contains("林志偉"),
        "closed breach not listed apart:\n{list}"
    );
    assert!(
        !open.contains("林志偉") && !list.contains("陳怡君"),
        "{list}"
    );
    // Ids may stay in the file locations (cli.md: ids stay in links and file names), not in
    // what is said.
    let said: String = list
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.starts_with("records/"))
        .collect::<Vec<_>>()
        .join(" ");
    for id in IDS {
        assert!(!said.contains(id), "deadlines names the id {id}:\n{list}");
    }
    let cal = unfold_ics(&std::fs::read_to_string(&ics).unwrap());
    let summaries: Vec<&str> = cal.lines().filter(|l| l.starts_with("SUMMARY")).collect();
    assert!(summaries.iter().any(|l| l.contains("吳志豪")), "{cal}");
    assert!(
        !cal.contains("周佳蓉") && !cal.contains("林志偉"),
        "closed breach in the calendar:\n{cal}"
    );
    assert!(
        cal.contains("20260303"),
        "吳志豪's deadline in the calendar:\n{cal}"
    );
    for l in &summaries {
        for id in IDS {
            assert!(!l.contains(id), "calendar names the id {id}: {l}");
        }
    }

    // build: exit 0 with errors; --fail-on error: 1; every page of cli.md.
    let site = dir.join("site");
    let out = imaudit(
        dir,
        &[
            "build",
            "--records",
            "records",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failing = dir.join("site-gate");
    let out = imaudit(
        dir,
        &[
            "build",
            "--records",
            "records",
            "--out",
            failing.to_str().unwrap(),
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let mut pages = vec![
        "index.html".to_string(),
        "findings.html".into(),
        "findings.json".into(),
        "offices.csv".into(),
        "deadlines.html".into(),
        "deadlines.ics".into(),
        "regulation.html".into(),
        "coverage.html".into(),
        "rules/index.html".into(),
        "rules/termination-overdue.html".into(),
    ];
    for o in ["xihu", "tianzhong"] {
        for p in [
            "index.html",
            "logs/2026-01.html",
            "logs/2026-02.html",
            "monthly-audits/2026-02.html",
            "internal-audits/2026-02-05.html",
            "permission-reviews/2026-H1.html",
            "blank/log.html",
            "blank/monthly-audit.html",
            "blank/inspection.html",
            "blank/permission-review.html",
            "binder/2026.html",
        ] {
            pages.push(format!("offices/{o}/{p}"));
        }
    }
    pages.push("offices/xihu/people/zhou-jia-rong.html".into());
    pages.push("offices/tianzhong/people/wu-zhi-hao.html".into());
    for p in &pages {
        assert!(site.join(p).is_file(), "build wrote no {p}");
    }
    // Blank forms carry the office's name, their signature lines and (附件一) rows 1–20; the
    // items are the ones records.md names.
    let blank = |kind: &str| {
        visible_text(
            &std::fs::read_to_string(site.join(format!("offices/tianzhong/blank/{kind}.html")))
                .unwrap(),
        )
    };
    let log = blank("log");
    assert!(log.contains("彰化縣田中戶政事務所"));
    for word in ["承辦人員", "秘書", "主任", "20"] {
        assert!(log.contains(word), "blank log lacks {word}");
    }
    assert!(!log.contains(" 21 "), "a blank 附件一 sheet has 20 rows");
    let audit = blank("monthly-audit");
    for word in [
        "彰化縣田中戶政事務所",
        "帳號申請是否依規定辦理",
        "使用者職務異動，是否依規定終止帳號使用權限",
        "處理個人資料之安全維護措施及資料安全管理作業",
        "股長",
        "秘書",
        "主任",
    ] {
        assert!(audit.contains(word), "blank monthly audit lacks {word}");
    }
    let inspection = blank("inspection");
    for word in [
        "應用移民資料日誌保存年限至少五年",
        "每年至少辦理二次以上之不定期稽核作業",
    ] {
        assert!(inspection.contains(word), "blank inspection lacks {word}");
    }
    assert!(blank("permission-review").contains("彰化縣田中戶政事務所"));
    // The year's binder: every form of the year, in order (January's log before February's).
    let binder =
        visible_text(&std::fs::read_to_string(site.join("offices/xihu/binder/2026.html")).unwrap());
    assert!(binder.contains("彰化縣溪湖戶政事務所"));
    let jan = binder
        .find("1150105-0003")
        .expect("January's log in the binder");
    let feb = binder
        .find("1150224-0009")
        .expect("February's log in the binder");
    assert!(jan < feb, "the binder keeps the forms in order");
    assert!(
        binder.contains("抽查 2026-01 至 2026-02 日誌，未發現異常。"),
        "the second internal audit"
    );
    // offices.csv: the comparison columns of the dashboard.
    let header = std::fs::read_to_string(site.join("offices.csv")).unwrap();
    let header = header.lines().next().unwrap();
    for word in ["錯誤", "警告", "待辦"] {
        assert!(
            header.contains(word),
            "offices.csv header lacks {word}: {header}"
        );
    }
    // offices.csv: UTF-8 with BOM, one row an office, by name.
    let csv = std::fs::read(site.join("offices.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "offices.csv has no BOM");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("彰化縣溪湖戶政事務所") && csv.contains("彰化縣田中戶政事務所"));
    // findings.html: both offices, by name.
    let all = std::fs::read_to_string(site.join("findings.html")).unwrap();
    assert!(all.contains("彰化縣溪湖戶政事務所") && all.contains("彰化縣田中戶政事務所"));
    assert!(all.contains("周佳蓉") && all.contains("吳志豪"));
    // Open ones first: 吳志豪's open termination before 林志偉's closed one (same office, clause).
    assert!(
        all.find("吳志豪").unwrap() < all.find("林志偉").expect("林志偉 in findings.html"),
        "findings.html: open ones first"
    );
    // deadlines.html: open work as due and overdue; the closed breaches only apart, under
    // 「已發生之違規」 (the spec leaves open whether the page lists them; the lead chose to, as
    // `imaudit deadlines` does: README).
    let dl = std::fs::read_to_string(site.join("deadlines.html")).unwrap();
    let apart = dl
        .find("已發生之違規")
        .expect("deadlines.html lists closed breaches apart");
    assert!(dl[..apart].contains("吳志豪") && !dl[..apart].contains("周佳蓉"));
    assert!(dl[apart..].contains("周佳蓉"));
    let split = all
        .find("已發生之違規")
        .expect("findings.html lists closed breaches apart");
    assert!(all[split..].contains("周佳蓉"));
    // What people read on the pages: no person id in the visible text (ids stay in links).
    for page in [
        "index.html",
        "findings.html",
        "deadlines.html",
        "offices/xihu/index.html",
        "offices/tianzhong/index.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let text = visible_text(&html);
        for id in &IDS[2..] {
            assert!(!text.contains(id), "{page} shows the id {id}");
        }
    }
    // Every page says the evaluation date.
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let page = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                page.contains("115年3月13日"),
                "{} does not say the evaluation date",
                e.path().display()
            );
        }
    }
    // No page shows the national ID in full (cli.md: shown masked).
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        let ext = e.path().extension().and_then(|x| x.to_str());
        if matches!(ext, Some("html" | "ics" | "csv")) {
            let page = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !page.contains("A123456789"),
                "{} shows the national ID unmasked",
                e.path().display()
            );
        }
    }
    // Relative links only, and each resolves (cli.md: works from file:// and any sub-path).
    let mut broken = Vec::new();
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = &part[..part.find('"').unwrap()];
                let target = link.split(['#', '?']).next().unwrap();
                if link.starts_with('#') || link.starts_with("data:") {
                    continue;
                }
                if link.contains("://") || link.starts_with('/') || link.starts_with("mailto:") {
                    broken.push(format!("{}: not relative: {link}", e.path().display()));
                    continue;
                }
                let resolved = e.path().parent().unwrap().join(target);
                if !resolved.exists() {
                    broken.push(format!("{}: {link} does not resolve", e.path().display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} bad links: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
    // The same input builds to the same bytes (cli.md).
    let twice = dir.join("site-twice");
    let out = imaudit(
        dir,
        &[
            "build",
            "--records",
            "records",
            "--out",
            twice.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (files(&site), files(&twice));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs between two builds", p.display());
    }

    // `rules`: every rule id of rules.md, exit 0.
    let out = imaudit(dir, &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let rules = String::from_utf8(out.stdout).unwrap();
    for id in RULE_IDS {
        assert!(rules.contains(id), "imaudit rules lacks {id}");
    }
    let out = imaudit(dir, &["check", "--explain", "termination-overdue"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("三(四)"));

    // `new`: pre-filled from the records; refuses to overwrite (exit 2, cli.md). The review's
    // date defaults to the evaluation date, which lies before 2026-H2: so `--date` is given.
    let out = imaudit(
        dir,
        &[
            "new",
            "permission-review",
            "--records",
            "records",
            "--office",
            "xihu",
            "--period",
            "2026-H2",
            "--date",
            "2026-07-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let review = std::fs::read_to_string(root.join("offices/xihu/permission-reviews/2026-H2.toml"))
        .expect("new permission-review writes permission-reviews/2026-H2.toml");
    assert!(
        review.contains("lin-mei-hua") && review.contains("wang-xiao-ming"),
        "{review}"
    );
    assert!(
        !review.contains("zhou-jia-rong") && !review.contains("chen-yi-jun"),
        "terminated accounts listed:\n{review}"
    );
    let out = imaudit(
        dir,
        &[
            "new",
            "permission-review",
            "--records",
            "records",
            "--office",
            "xihu",
            "--period",
            "2026-H2",
            "--date",
            "2026-07-01",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "new must refuse to overwrite: {out:?}"
    );
    let out = imaudit(
        dir,
        &[
            "new",
            "log",
            "--records",
            "records",
            "--office",
            "tianzhong",
            "--month",
            "2026-03",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(root
        .join("offices/tianzhong/logs/2026/2026-03.toml")
        .is_file());
    // The new files read back without a reading error.
    let out = imaudit(dir, &["check", "--records", "records", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reading: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            ["parse-error", "path-mismatch", "unknown-reference"]
                .contains(&f["rule"].as_str().unwrap())
        })
        .collect();
    assert!(reading.is_empty(), "{reading:#?}");

    // A malformed signing key in 田中's people.toml (issue 14 point 6: a parse-error at its
    // line), on a copy of the records: one parse-error at that line, and the rest of the file
    // still counts (吳志豪's open termination is still found).
    let copy = dir.join("copy");
    for e in walkdir::WalkDir::new(&root) {
        let e = e.unwrap();
        let to = copy
            .join("records")
            .join(e.path().strip_prefix(&root).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let people = copy.join("records/offices/tianzhong/people.toml");
    let text = std::fs::read_to_string(&people).unwrap();
    let email_line = format!("email = \"{}\"\n", email(TIANZHONG[ADMIN].id));
    assert!(text.contains(&email_line));
    let text = text.replacen(
        &email_line,
        &format!("{email_line}signing_keys = [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI!!broken yang@tianzhong\"]\n"),
        1,
    );
    std::fs::write(&people, &text).unwrap();
    let key_line = text
        .lines()
        .position(|l| l.starts_with("signing_keys"))
        .unwrap()
        + 1;
    let out = imaudit(
        &copy,
        &["check", "--records", "records", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fs = json["findings"].as_array().unwrap();
    let parse: Vec<&serde_json::Value> = fs.iter().filter(|f| f["rule"] == "parse-error").collect();
    assert_eq!(parse.len(), 1, "{parse:#?}");
    assert_eq!(parse[0]["file"], "records/offices/tianzhong/people.toml");
    assert_eq!(parse[0]["line"], key_line);
    let kept = fs
        .iter()
        .any(|f| f["rule"] == "termination-overdue" && f["subject"] == "wu-zhi-hao");
    if KNOWN_MALFORMED_KEY_DROPS_PEOPLE.is_empty() {
        assert!(kept, "a malformed key dropped the rest of people.toml");
    } else {
        assert!(!kept, "fixed? empty KNOWN_MALFORMED_KEY_DROPS_PEOPLE");
    }
}

/// imaudit's bug, kept out of the assertion until fixed (then make this ""): one malformed key
/// in `signing_keys` drops the whole people.toml, so the office's people vanish without any
/// further finding, and 吳志豪's open termination breach disappears from the findings, the
/// deadlines and the calendar.
const KNOWN_MALFORMED_KEY_DROPS_PEOPLE: &str = "";

/// Every rule id of rules.md's tables.
const RULE_IDS: &[&str] = &[
    "parse-error",
    "path-mismatch",
    "unexpected-file",
    "unknown-reference",
    "duplicate-id",
    "role-vacant",
    "audit-team-too-small",
    "handover-missing",
    "account-application-incomplete",
    "account-event-order",
    "log-unauthorized-user",
    "log-item-not-approved",
    "log-session-invalid",
    "log-session-overlap",
    "log-session-too-long",
    "log-off-hours",
    "log-purpose-missing",
    "log-purpose-vague",
    "termination-overdue",
    "termination-due",
    "agency-registration-missing",
    "certificate-loss-not-reported",
    "printout-unresolved",
    "pii-in-free-text",
    "log-month-missing",
    "log-signoff-missing",
    "signoff-role-mismatch",
    "signoff-unverified",
    "record-deleted",
    "signed-record-modified",
    "signoff-identity-mismatch",
    "entry-backdated",
    "signature-backdated",
    "history-rewritten",
    "internal-audits-too-few",
    "internal-audit-invalid",
    "monthly-audit-missing",
    "monthly-audit-incomplete",
    "monthly-audit-contradicts-records",
    "system-log-unlogged-query",
    "system-log-idle-session",
    "system-log-item-not-approved",
    "query-frequency-outlier",
    "permission-review-missing",
    "permission-review-incomplete",
    "account-idle",
    "inspection-incomplete",
    "inspection-follow-up-open",
    "incident-account-action-missing",
    "incident-not-reported",
    "history-unavailable",
    "uncommitted-changes",
];
