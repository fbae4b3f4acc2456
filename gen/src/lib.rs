//! The county generator behind `examples/gen-county.rs`: a fictional county's records in the
//! format of `spec/records.md`, for the demo and for benchmarks (issue 6).
//!
//! Two uses:
//!
//! * the demo set that ships in `records/` ([`Config::demo`]): 彰化縣, three real office names
//!   with fictional staff, July 2024 to October 2026, evaluated at 2026-11-20, clean except for
//!   a handful of deliberate findings which it lists (with their lines) in `records/README.md`;
//! * a bigger county ([`Config::county`]): about 830 usage-log entries per office-month and a
//!   small seeded sprinkling of real breaches ([`County::planted`]), for benchmarks and for the
//!   test that the checker finds exactly those.
//!
//! [`git::write`] also writes a county as a git history: one merged pull request per
//! office-month, as an office would file its paperwork, plus a few amendments.
//!
//! The same configuration always gives the same bytes: a hand-rolled splitmix64 PRNG, one
//! stream per office, and ordered collections only. It uses std, chrono and git2, and of
//! imaudit only its month type: the data must be right by the spec, not by whatever the
//! checker currently does. It is a crate of its own in the workspace, used by imaudit's
//! tests, benches and examples and never shipped in the tool.

mod calendar;
pub mod git;
mod names;
mod rng;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use calendar::Calendar;
use imaudit::time::Month;
use rng::Rng;

/// The hand-made 要點, for output folders that do not have one yet.
const REGULATION_MD: &str = include_str!("../../records/regulation.md");

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// The demo set of `records/` (three offices, 2024-07 to 2026-10, fixed findings); the
    /// other fields are then ignored.
    pub demo: bool,
    pub offices: usize,
    /// Months from 2024-07 on (at least 6).
    pub months: usize,
    pub seed: u64,
    /// Usage-log entries per office-month, drawn in this range (inclusive); about 830 for a
    /// benchmark county.
    pub entries_per_month: (i64, i64),
    /// How many breaches to plant; by default one per hundred office-months.
    pub breaches: Option<usize>,
}

impl Config {
    /// The demo set of `records/`.
    pub fn demo() -> Config {
        Config {
            demo: true,
            offices: 3,
            months: 28,
            seed: 20261120,
            entries_per_month: (22, 55),
            breaches: None,
        }
    }

    /// A benchmark county: `offices` × `months` office-months of about 830 entries each.
    pub fn county(offices: usize, months: usize, seed: u64) -> Config {
        Config {
            demo: false,
            offices,
            months,
            seed,
            entries_per_month: (800, 860),
            breaches: None,
        }
    }
}

/// A generated county: every file by its path under the records folder, and the breaches it
/// holds on purpose.
pub struct County {
    pub files: BTreeMap<String, String>,
    pub planted: Vec<Planted>,
    /// The evaluation date written into county.toml.
    pub as_of: NaiveDate,
    /// How each file came to be, for [`git::write`]: the import of what was kept before,
    /// then every change in the order it was made.
    pub history: Vec<git::Change>,
    /// The demo set (its history plants nothing).
    pub demo: bool,
}

impl County {
    /// Usage-log entries in all the logs.
    pub fn entries(&self) -> usize {
        self.files
            .iter()
            .filter(|(p, _)| p.contains("/logs/"))
            .map(|(_, c)| c.matches("[[entry]]").count())
            .sum()
    }
}

/// Why a configuration cannot be generated.
#[derive(Debug)]
pub struct BadConfig(pub String);

impl std::fmt::Display for BadConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadConfig {}

/// A calendar month.
/// What the generator asks of a month beyond [`Month`]'s own arithmetic.
trait MonthExt {
    fn first(self) -> NaiveDate;
    fn last(self) -> NaiveDate;
    fn days(self) -> impl Iterator<Item = NaiveDate>;
    fn label(self) -> String;
}

impl MonthExt for Month {
    fn first(self) -> NaiveDate {
        self.first_day()
    }
    fn last(self) -> NaiveDate {
        self.last_day()
    }
    fn days(self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last_day();
        self.first_day().iter_days().take_while(move |d| *d <= last)
    }
    fn label(self) -> String {
        self.to_string()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(day: NaiveDate, minutes_after_midnight: i64) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minutes_after_midnight)
}

// ---------------------------------------------------------------------------------------------
// People and offices
// ---------------------------------------------------------------------------------------------

const ITEMS: [&str; 3] = ["entry-exit", "mainland-hk-macao", "foreign-residence"];

struct Event {
    date: NaiveDate,
    kind: &'static str,
    note: Option<String>,
    reason: Option<&'static str>,
}

struct Account {
    items: Vec<&'static str>,
    nia_id: String,
    events: Vec<Event>,
}

impl Account {
    /// May the person log in on `day`? Not on the day of activation (the approval arrives
    /// during the day: first use is the day after) nor from the day access stops. A
    /// `duty-ended` person stops using the system at once, though the account lives on
    /// until `terminated`.
    fn usable_on(&self, day: NaiveDate) -> bool {
        let mut usable = false;
        for e in &self.events {
            match e.kind {
                "activated" | "reinstated" if e.date < day => usable = true,
                "suspended" | "terminated" | "duty-ended" if e.date <= day => usable = false,
                _ => {}
            }
        }
        usable
    }
    /// Active in the spec's sense (for permission reviews): from `activated`/`reinstated`
    /// until `suspended`/`terminated`.
    fn active_on(&self, day: NaiveDate) -> bool {
        let mut active = false;
        for e in self.events.iter().filter(|e| e.date <= day) {
            match e.kind {
                "activated" | "reinstated" => active = true,
                "suspended" | "terminated" => active = false,
                _ => {}
            }
        }
        active
    }
}

struct Person {
    id: String,
    name: String,
    title: &'static str,
    email: String,
    account: Option<Account>,
    /// Relative share of the office's queries (kept within a narrow band so that nobody
    /// becomes a query-frequency outlier by accident).
    workload: i64,
}

struct Role {
    role: &'static str,
    person: usize,
    from: NaiveDate,
    to: Option<NaiveDate>,
}

struct Handover {
    date: NaiveDate,
    from: usize,
    to: usize,
    /// Months whose query records are handed over.
    months: Vec<Month>,
}

struct Incident {
    date: NaiveDate,
    slug: &'static str,
    person: usize,
    description: &'static str,
    reported_to_head: NaiveDate,
    ethics_notified: NaiveDate,
}

struct Inspection {
    date: NaiveDate,
    by: &'static str,
    inspectors: Vec<&'static str>,
    /// A failed item with its note, follow-up and the day it was done.
    failed: Option<(&'static str, &'static str, String, NaiveDate)>,
}

struct Office {
    id: &'static str,
    name: String,
    system_start: NaiveDate,
    registration: (NaiveDate, NaiveDate),
    people: Vec<Person>,
    roles: Vec<Role>,
    handovers: Vec<Handover>,
    incidents: Vec<Incident>,
    inspection: Option<Inspection>,
    /// Notes of failed checks in the monthly (and covering internal) audits: the office's
    /// own auditors noticed what went wrong that month.
    audit_failures: BTreeMap<Month, Vec<(&'static str, String)>>,
}

impl Office {
    fn holders(&self, role: &str, day: NaiveDate) -> Vec<usize> {
        self.roles
            .iter()
            .filter(|r| r.role == role && r.from <= day && r.to.is_none_or(|to| day <= to))
            .map(|r| r.person)
            .collect()
    }
    fn holder(&self, role: &str, day: NaiveDate) -> usize {
        *self
            .holders(role, day)
            .first()
            .unwrap_or_else(|| panic!("{}: no {role} on {day}", self.id))
    }
    fn pid(&self, person: usize) -> &str {
        &self.people[person].id
    }
}

/// Real 彰化縣 household registration offices; more than eight are numbered fakes.
const OFFICE_NAMES: &[(&str, &str)] = &[
    ("tianzhong", "彰化縣田中戶政事務所"),
    ("lukang", "彰化縣鹿港戶政事務所"),
    ("xihu", "彰化縣溪湖戶政事務所"),
    ("changhua", "彰化縣彰化戶政事務所"),
    ("yuanlin", "彰化縣員林戶政事務所"),
    ("hemei", "彰化縣和美戶政事務所"),
    ("beidou", "彰化縣北斗戶政事務所"),
    ("erlin", "彰化縣二林戶政事務所"),
];

/// The staff positions every office has, in `people` order.
const DIRECTOR: usize = 0;
const SECRETARY: usize = 1;
const SECTION_CHIEF: usize = 2;
const SYSADMIN: usize = 3;
const DEPUTY: usize = 4;
/// A 戶籍員 who is also on the audit team (the monthly audit's 稽核人員).
const AUDITOR_USER: usize = 5;
/// The user each office's staff change happens to (transfer, retirement, reassignment).
const CHANGING_USER: usize = 6;

/// What changes over time in an office; offices take turns so that a county shows each.
#[derive(Clone, Copy, PartialEq)]
enum Scenario {
    /// The sysadmin is transferred; the deputy takes over, another user becomes deputy, a
    /// new colleague arrives, and later a violation leads to a suspension.
    SysadminHandover,
    /// A user retires and is replaced.
    Retirement,
    /// A user moves to other work (in the demo: terminated two days late).
    Reassignment,
}

struct Range {
    months: Vec<Month>,
    as_of: NaiveDate,
}

impl Range {
    /// The month at `fraction` of the range (for scenario dates that scale with --months).
    fn month_at(&self, fraction: f64) -> Month {
        self.months[((self.months.len() as f64 * fraction) as usize).min(self.months.len() - 1)]
    }
}

/// Builds one office: staff, accounts with their life cycles, roles over time, and the
/// staff change of its scenario.
fn build_office(
    number: usize,
    users: usize,
    range: &Range,
    cal: &Calendar,
    rng: &mut Rng,
    demo: bool,
) -> Office {
    let (id, name) = OFFICE_NAMES.get(number).copied().unwrap_or(("", ""));
    let (id, name): (&'static str, String) = if id.is_empty() {
        (
            Box::leak(format!("office-{:02}", number + 1).into_boxed_str()),
            format!("彰化縣第{}模擬戶政事務所", number + 1),
        )
    } else {
        (id, name.to_string())
    };
    let scenario = [
        Scenario::SysadminHandover,
        Scenario::Retirement,
        Scenario::Reassignment,
    ][number % 3];
    let start_month = range.months[0];
    let system_start =
        cal.work_day_on_or_after(start_month.first() + Duration::days(rng.range(0, 7)));
    let reg_applied = cal.work_day_on_or_after(system_start - Duration::days(rng.range(24, 30)));
    let reg_approved = cal.work_days_after(reg_applied, rng.range(4, 8) as u32);

    // Distinct names within the office.
    let mut used = BTreeSet::new();
    let mut new_person = |title: &'static str, rng: &mut Rng| -> Person {
        loop {
            let (sc, sp) = *rng.pick(names::SURNAMES);
            let (gc, g1, g2) = *rng.pick(names::GIVEN);
            let id = format!("{sp}-{g1}-{g2}");
            if used.insert(id.clone()) {
                return Person {
                    email: format!("{sp}.{}{}@example.gov.tw", &g1[..1], &g2[..1]),
                    id,
                    name: format!("{sc}{gc}"),
                    title,
                    account: None,
                    workload: rng.range(5, 8),
                };
            }
        }
    };

    let mut people = vec![
        new_person("主任", rng),
        new_person("秘書", rng),
        new_person("股長", rng),
        new_person("課員", rng),
        new_person("戶籍員", rng),
    ];
    for _ in 0..users {
        let title = if rng.chance(0.8) {
            "戶籍員"
        } else {
            "課員"
        };
        people.push(new_person(title, rng));
    }

    // Accounts: everyone from the sysadmin on queries the system; applied about a month
    // before the office started to use it, following 三(二) step by step.
    let mut nia_seq = 1;
    let mut nia_id = || {
        let id = format!("CHC{:02}{:02}", number + 1, nia_seq);
        nia_seq += 1;
        id
    };
    for (k, person) in people.iter_mut().enumerate().skip(SYSADMIN) {
        let items: Vec<&'static str> = if k == SYSADMIN {
            ITEMS.to_vec()
        } else {
            rng.pick(&[
                vec!["entry-exit", "foreign-residence"],
                vec!["entry-exit", "mainland-hk-macao", "foreign-residence"],
                vec!["entry-exit", "mainland-hk-macao", "foreign-residence"],
                vec!["entry-exit", "mainland-hk-macao"],
            ])
            .clone()
        };
        let applied = cal.work_day_on_or_after(system_start - Duration::days(rng.range(24, 32)));
        person.account = Some(Account {
            items,
            nia_id: nia_id(),
            events: application(applied, cal, rng),
        });
    }

    // Roles held since before the system was used.
    let long_ago = |rng: &mut Rng| ymd(2019 + rng.range(0, 4) as i32, rng.range(1, 12) as u32, 1);
    // The system roles were assigned when the office prepared to use the system.
    let appointed = Month::of(reg_applied).prev().first();
    let mut roles = vec![
        Role {
            role: "director",
            person: DIRECTOR,
            from: long_ago(rng),
            to: None,
        },
        Role {
            role: "secretary",
            person: SECRETARY,
            from: long_ago(rng),
            to: None,
        },
        Role {
            role: "section-chief",
            person: SECTION_CHIEF,
            from: long_ago(rng),
            to: None,
        },
        Role {
            role: "sysadmin",
            person: SYSADMIN,
            from: appointed,
            to: None,
        },
        Role {
            role: "sysadmin-deputy",
            person: DEPUTY,
            from: appointed,
            to: None,
        },
        Role {
            role: "auditor",
            person: SECTION_CHIEF,
            from: appointed,
            to: None,
        },
        Role {
            role: "auditor",
            person: AUDITOR_USER,
            from: appointed,
            to: None,
        },
    ];

    let mut handovers = Vec::new();
    let mut incidents = Vec::new();
    let mut audit_failures: BTreeMap<Month, Vec<(&'static str, String)>> = BTreeMap::new();
    let mid_month_work_day = |m: Month, rng: &mut Rng| {
        cal.work_day_on_or_after(m.first() + Duration::days(rng.range(8, 16)))
    };

    // The staff change.
    let (leaver, month, reason) = match scenario {
        Scenario::SysadminHandover => (SYSADMIN, range.month_at(0.46), "transfer"),
        Scenario::Retirement => (CHANGING_USER, range.month_at(0.64), "retirement"),
        Scenario::Reassignment => (CHANGING_USER, range.month_at(0.75), "reassignment"),
    };
    // Early in the month, so that the duty change, its deadline and the termination (even
    // the demo's late one) fall in one month and one monthly audit.
    let ended = cal.work_day_on_or_after(month.first() + Duration::days(rng.range(3, 7)));
    let successor = if leaver == SYSADMIN { DEPUTY } else { SYSADMIN };
    // Terminated within the six days of 三(四) — except the demo's planted late one
    // (day 8 or later, past the deadline even when that moves over a weekend).
    let terminated = if demo && scenario == Scenario::Reassignment {
        let deadline = cal.deadline(ended, 6);
        let mut day = cal.work_day_on_or_after(ended + Duration::days(8));
        while day <= deadline {
            day = cal.work_days_after(day, 1);
        }
        day
    } else {
        cal.work_days_after(ended, rng.range(1, 3) as u32)
    };
    let handover_day = cal.work_days_after(ended, rng.range(1, 2) as u32);
    let ended_note = match reason {
        "transfer" => "調任彰化縣員林戶政事務所",
        "retirement" => "屆齡退休",
        _ => "業務調整，改辦理一般戶籍登記櫃檯業務",
    };
    {
        let acc = people[leaver].account.as_mut().unwrap();
        acc.events.push(Event {
            date: ended,
            kind: "duty-ended",
            note: Some(ended_note.into()),
            reason: Some(reason),
        });
        acc.events.push(Event {
            date: terminated,
            kind: "terminated",
            note: Some("系統管理人員於服務系統終止帳號".into()),
            reason: None,
        });
    }
    handovers.push(Handover {
        date: handover_day,
        from: leaver,
        to: successor,
        months: vec![Month::of(ended).prev(), Month::of(ended)]
            .into_iter()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    });
    if demo && scenario == Scenario::Reassignment {
        audit_failures.entry(Month::of(ended)).or_default().push((
            "duty-change-termination",
            format!("{}業務調整後，帳號逾六日始終止（{} 職務異動，{} 終止），已請系統管理人員檢討改進。", people[leaver].name, ended, terminated),
        ));
    }

    // A replacement arrives a few weeks later (for the sysadmin handover, a new colleague).
    let joiner_month = match scenario {
        Scenario::SysadminHandover => range.month_at(0.5),
        _ => Month::of(ended).next(),
    };
    let mut joiner = new_person("戶籍員", rng);
    let applied = mid_month_work_day(joiner_month, rng) - Duration::days(7);
    let applied = cal.work_day_on_or_after(applied);
    joiner.account = Some(Account {
        items: vec!["entry-exit", "mainland-hk-macao", "foreign-residence"],
        nia_id: nia_id(),
        events: application(applied, cal, rng),
    });
    people.push(joiner);
    let joiner_index = people.len() - 1;

    if scenario == Scenario::SysadminHandover {
        // 三(一): the deputy takes over as sysadmin; the changing user becomes deputy.
        for r in roles
            .iter_mut()
            .filter(|r| r.role == "sysadmin" || r.role == "sysadmin-deputy")
        {
            r.to = Some(ended);
        }
        roles.push(Role {
            role: "sysadmin",
            person: DEPUTY,
            from: ended.succ_opt().unwrap(),
            to: None,
        });
        roles.push(Role {
            role: "sysadmin-deputy",
            person: CHANGING_USER,
            from: ended.succ_opt().unwrap(),
            to: None,
        });

        // 五、六: the new colleague looks up a relative's travel records; the account is
        // suspended the same day, the head told, 政風 notified; reinstated after 懲處.
        // At least the month after the new colleague's account was activated, however short
        // the county's range.
        let day = mid_month_work_day(range.month_at(0.57).max(joiner_month.next()), rng);
        let reinstated =
            cal.work_day_on_or_after(Month::of(day).next().next().first() + Duration::days(4));
        let acc = people[joiner_index].account.as_mut().unwrap();
        acc.events.push(Event {
            date: day,
            kind: "suspended",
            note: Some("月稽核發現非公務查詢，暫停帳號".into()),
            reason: None,
        });
        acc.events.push(Event {
            date: reinstated,
            kind: "reinstated",
            note: Some("懲處完成並完成個資保護教育訓練後恢復".into()),
            reason: None,
        });
        incidents.push(Incident {
            date: day,
            slug: "non-official-query",
            person: joiner_index,
            description: "非公務目的查詢親屬入出境紀錄，日誌用途欄記載之案件查無收件紀錄",
            reported_to_head: day,
            ethics_notified: cal.work_days_after(day, 1),
        });
        audit_failures.entry(Month::of(day)).or_default().push((
            "query-necessity",
            format!("{}於本月有一筆查詢無對應收件案件，經查為非公務查詢，已暫停帳號並提報主任、通報政風室。", people[joiner_index].name),
        ));
    }

    // 四(五): one inspection a year or so; the second office's found something to fix.
    let inspection = {
        let m = range.month_at(0.3 + 0.15 * (number % 3) as f64);
        let date = mid_month_work_day(m, rng);
        let by = ["county", "nia"][number % 2];
        let inspectors = if by == "county" {
            vec!["民政處戶籍行政科 林○○", "民政處戶籍行政科 陳○○"]
        } else {
            vec!["移民署中區事務大隊彰化縣服務站 張○○"]
        };
        let failed = (number % 3 == 1).then(|| {
            let done = cal.work_days_after(date, 5);
            (
                "security-measures",
                "部分列印之入出境資料未記載銷毀日期",
                format!("已於 {done} 補登銷毀紀錄並訂定列印資料銷毀簿"),
                done,
            )
        });
        Some(Inspection {
            date,
            by,
            inspectors,
            failed,
        })
    };

    Office {
        id,
        name,
        system_start,
        registration: (reg_applied, reg_approved),
        people,
        roles,
        handovers,
        incidents,
        inspection,
        audit_failures,
    }
}

/// The 三(二) steps of an application filed on `applied`: head's stamp, sent to 民政處,
/// activated by 移民署 a few work days later.
fn application(applied: NaiveDate, cal: &Calendar, rng: &mut Rng) -> Vec<Event> {
    let head = cal.work_days_after(applied, rng.range(1, 2) as u32);
    let sent = cal.work_days_after(head, rng.range(1, 2) as u32);
    let activated = cal.work_days_after(sent, rng.range(3, 6) as u32);
    vec![
        Event {
            date: applied,
            kind: "applied",
            note: Some("自然人憑證線上申請".into()),
            reason: None,
        },
        Event {
            date: head,
            kind: "head-approved",
            note: None,
            reason: None,
        },
        Event {
            date: sent,
            kind: "sent-to-county",
            note: Some("函送民政處審核".into()),
            reason: None,
        },
        Event {
            date: activated,
            kind: "activated",
            note: None,
            reason: None,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Sessions: the usage log (附件一) and the system's audit log (四(三)) of one month
// ---------------------------------------------------------------------------------------------

/// What a session was for: purpose text, the items it needs, whether it serves a case.
const PURPOSES: &[(&str, &[&str], bool)] = &[
    (
        "受理外籍配偶初設戶籍登記，查核入境紀錄",
        &["entry-exit"],
        true,
    ),
    (
        "辦理歸化國籍案件，查核居留期間",
        &["foreign-residence"],
        true,
    ),
    (
        "辦理歸化國籍案件，查核居留期間及出境日數",
        &["entry-exit", "foreign-residence"],
        true,
    ),
    (
        "大陸配偶定居設籍，查核來臺許可",
        &["mainland-hk-macao"],
        true,
    ),
    (
        "受理大陸地區人民定居設籍，查核入出境許可證",
        &["mainland-hk-macao", "entry-exit"],
        true,
    ),
    (
        "辦理港澳居民定居設籍，查核定居證核發資料",
        &["mainland-hk-macao"],
        true,
    ),
    (
        "受理臺灣地區無戶籍國民初設戶籍，查核入國許可",
        &["mainland-hk-macao"],
        true,
    ),
    (
        "受理遷入登記，查核當事人是否出境逾二年",
        &["entry-exit"],
        true,
    ),
    (
        "清查出境滿二年人口，辦理戶籍遷出逕為登記",
        &["entry-exit"],
        false,
    ),
    (
        "受理回復中華民國國籍後戶籍登記，查核入出境日期",
        &["entry-exit"],
        true,
    ),
    (
        "受理國外出生國人初設戶籍，查核入境紀錄",
        &["entry-exit"],
        true,
    ),
    (
        "受理外籍配偶歸化取得國籍，查核合法居留紀錄",
        &["foreign-residence"],
        true,
    ),
    (
        "辦理結婚登記，查核外籍當事人停留資料",
        &["foreign-residence"],
        true,
    ),
    (
        "受理外籍人士所生子女出生登記，查核父母居留資料",
        &["foreign-residence"],
        true,
    ),
    (
        "辦理外籍配偶原屬國姓名註記，查核居留證記載",
        &["foreign-residence"],
        true,
    ),
    (
        "受理外籍配偶初設戶籍登記，查核入境紀錄及居留證效期",
        &["entry-exit", "foreign-residence"],
        true,
    ),
];

fn function_of(item: &str, rng: &mut Rng) -> &'static str {
    // The system's own function names; the common one twice as often.
    const ENTRY_EXIT: [&str; 3] = ["入出境資料查詢", "入出境資料查詢", "國人入出境日期查詢"];
    const MAINLAND: [&str; 3] = [
        "大陸人士來臺申請查詢",
        "大陸人士來臺申請查詢",
        "港澳居民入出境許可查詢",
    ];
    const RESIDENCE: [&str; 3] = [
        "外來人口居留資料查詢",
        "外來人口居留資料查詢",
        "外籍人士停留資料查詢",
    ];
    let names: &[&'static str] = match item {
        "entry-exit" => &ENTRY_EXIT,
        "mainland-hk-macao" => &MAINLAND,
        _ => &RESIDENCE,
    };
    names[rng.index(names.len())]
}

enum Printout {
    Filed(String),
    Destroyed(NaiveDate),
}

struct Session {
    person: usize,
    login: NaiveDateTime,
    logout: NaiveDateTime,
    purpose: String,
    items: Vec<&'static str>,
    case: Option<String>,
    printed: Option<Printout>,
    /// False for the demo's planted query that nobody logged.
    logged: bool,
    queries: Vec<(NaiveDateTime, &'static str, &'static str)>,
}

/// A session the demo needs at a given place (planted findings); the scheduler keeps
/// random sessions clear of it.
struct FixedSession {
    person: usize,
    login: NaiveDateTime,
    minutes: i64,
    purpose: Option<&'static str>,
    logged: bool,
}

/// Schedules about `target` sessions on the work days of `month`: every usable account at
/// least once (so none goes idle), the rest drawn by workload; then fills in purposes,
/// cases, printouts and the system-log queries inside each session.
fn schedule_month(
    office: &Office,
    month: Month,
    target: usize,
    fixed: Vec<FixedSession>,
    cal: &Calendar,
    rng: &mut Rng,
) -> Vec<Session> {
    let days: Vec<NaiveDate> = cal
        .work_days_in(month)
        .into_iter()
        .filter(|d| *d >= office.system_start)
        .collect();
    let usable = |p: usize, d: NaiveDate| {
        office.people[p]
            .account
            .as_ref()
            .is_some_and(|a| a.usable_on(d))
    };
    let users: Vec<usize> = (0..office.people.len())
        .filter(|p| days.iter().any(|d| usable(*p, *d)))
        .collect();

    // Busy intervals per person and day, to keep one person's sessions apart (三(三) 親自查詢).
    let mut busy: BTreeMap<(usize, NaiveDate), Vec<(NaiveDateTime, NaiveDateTime)>> =
        BTreeMap::new();
    let mut placed: Vec<(
        usize,
        NaiveDateTime,
        NaiveDateTime,
        Option<&'static str>,
        bool,
    )> = Vec::new();
    for f in fixed {
        let logout = f.login + Duration::minutes(f.minutes);
        busy.entry((f.person, f.login.date()))
            .or_default()
            .push((f.login, logout));
        placed.push((f.person, f.login, logout, f.purpose, f.logged));
    }
    let place = |p: usize,
                 d: NaiveDate,
                 rng: &mut Rng,
                 busy: &mut BTreeMap<_, Vec<(NaiveDateTime, NaiveDateTime)>>|
     -> Option<(NaiveDateTime, NaiveDateTime)> {
        for _ in 0..30 {
            // Start 08:05–17:15; fewer over the lunch hour.
            let mut start = rng.range(8 * 60 + 5, 17 * 60 + 15);
            if (12 * 60..13 * 60 + 30).contains(&start) && rng.chance(0.7) {
                start = rng.range(8 * 60 + 5, 17 * 60 + 15);
            }
            let minutes = if rng.chance(0.8) {
                rng.range(3, 18)
            } else {
                rng.range(19, 40)
            };
            let (login, logout) = (at(d, start), at(d, start + minutes));
            let slots = busy.entry((p, d)).or_default();
            // One clear minute between sessions of the same person.
            if slots.iter().all(|(a, b)| {
                logout + Duration::minutes(1) <= *a || *b + Duration::minutes(1) <= login
            }) {
                slots.push((login, logout));
                return Some((login, logout));
            }
        }
        None
    };
    for &p in &users {
        let choices: Vec<NaiveDate> = days.iter().copied().filter(|d| usable(p, *d)).collect();
        let d = *rng.pick(&choices);
        if let Some((a, b)) = place(p, d, rng, &mut busy) {
            placed.push((p, a, b, None, true));
        }
    }
    let mut attempts = 0;
    while placed.len() < target && attempts < target * 20 && !days.is_empty() {
        attempts += 1;
        let d = *rng.pick(&days);
        let on_duty: Vec<usize> = users.iter().copied().filter(|p| usable(*p, d)).collect();
        let total: i64 = on_duty.iter().map(|p| office.people[*p].workload).sum();
        if total == 0 {
            continue;
        }
        let mut ticket = rng.range(0, total - 1);
        let p = *on_duty
            .iter()
            .find(|p| {
                ticket -= office.people[**p].workload;
                ticket < 0
            })
            .unwrap();
        if let Some((a, b)) = place(p, d, rng, &mut busy) {
            placed.push((p, a, b, None, true));
        }
    }
    placed.sort_by_key(|s| (s.1, s.0));

    // Case numbers: 收件號 per day, ROC date plus a running number.
    let mut next_case: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    placed
        .into_iter()
        .map(|(p, login, logout, fixed_purpose, logged)| {
            let account = office.people[p].account.as_ref().unwrap();
            let mut fitting: Vec<_> = PURPOSES
                .iter()
                .filter(|(_, items, _)| items.iter().all(|i| account.items.contains(i)))
                .collect();
            if fixed_purpose.is_some() {
                // A planted purpose replaces the text; keep its items plain 入出境.
                fitting.retain(|t| t.1 == ["entry-exit"]);
            }
            let (purpose, items, has_case) = **rng.pick(&fitting);
            let day = login.date();
            let case = has_case.then(|| {
                let seq = next_case.entry(day).or_insert_with(|| rng.range(1, 6));
                *seq += rng.range(1, 4);
                format!(
                    "{}{:02}{:02}-{:04}",
                    day.year() - 1911,
                    day.month(),
                    day.day(),
                    seq
                )
            });
            let printed = if logged && rng.chance(0.06) {
                Some(match &case {
                    Some(c) if rng.chance(0.7) => Printout::Filed(c.clone()),
                    _ => Printout::Destroyed(day + Duration::days(rng.range(0, 5))),
                })
            } else {
                None
            };
            // 1–4 queries strictly inside the session.
            let span = (logout - login).num_seconds();
            // A planted unlogged session has exactly one query: one finding, not several.
            let n = if logged {
                rng.range(1, 4.min(span / 60).max(1)) as usize
            } else {
                1
            };
            let mut offsets: BTreeSet<i64> = BTreeSet::new();
            while offsets.len() < n {
                offsets.insert(rng.range(20, span - 20));
            }
            let queries = offsets
                .into_iter()
                .map(|s| {
                    let item = *rng.pick(items);
                    (login + Duration::seconds(s), item, function_of(item, rng))
                })
                .collect();
            Session {
                person: p,
                login,
                logout,
                purpose: fixed_purpose.unwrap_or(purpose).to_string(),
                items: items.to_vec(),
                case,
                printed,
                logged,
                queries,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Planted findings
// ---------------------------------------------------------------------------------------------

/// A valid-checksum national ID for the pii-in-free-text plant (computed, then asserted).
const PLANTED_ID: &str = "N223456782";

fn national_id_checksum_ok(id: &str) -> bool {
    const LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVXYWZIO"; // A=10 … in the official order
    let b = id.as_bytes();
    if b.len() != 10 {
        return false;
    }
    let Some(code) = LETTERS.find(b[0] as char).map(|i| i + 10) else {
        return false;
    };
    let mut sum = code / 10 + (code % 10) * 9;
    for (k, c) in b[1..9].iter().enumerate() {
        sum += ((c - b'0') as usize) * (8 - k);
    }
    sum += (b[9] - b'0') as usize;
    sum % 10 == 0
}

/// One deliberate breach: the finding the checker must raise for it.
#[derive(Clone, Debug)]
pub struct Planted {
    pub rule: &'static str,
    /// The file the breach is in, under the records folder (for a missing record: where it
    /// should have been).
    pub file: String,
    /// A text that occurs once in the file, on the line the finding points at; empty when the
    /// file is absent.
    pub needle: String,
    /// The enclosing `[[entry]]` / `[[person.account.event]]` header, when there is one.
    pub header: Option<&'static str>,
    pub subject: String,
    pub why_zh: String,
    pub why_en: String,
}

impl Planted {
    /// Where the finding points: the file under the records folder and the 1-based line. A
    /// missing record is reported at its office's `system_start` (the brief's convention).
    pub fn place(&self, files: &BTreeMap<String, String>) -> Option<(String, usize)> {
        if self.needle.is_empty() {
            let office = self.file.split('/').take(2).collect::<Vec<_>>().join("/");
            let file = format!("{office}/office.toml");
            let line = line_of(files.get(&file)?, "system_start = ")?;
            return Some((file, line));
        }
        Some((
            self.file.clone(),
            line_of(files.get(&self.file)?, &self.needle)?,
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dt(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn sig(office: &Office, person: usize, date: NaiveDate) -> String {
    format!(
        "{{ person = {}, date = {date} }}",
        toml_str(office.pid(person))
    )
}

fn render_county(as_of: NaiveDate) -> String {
    format!("# 彰化縣應用移民資訊作業稽核紀錄（示範資料，人物均為虛構）\nname = \"彰化縣\"\nauthority = \"彰化縣政府民政處\"\nas_of = {as_of}\n")
}

fn render_calendar(y: &calendar::Year) -> String {
    let mut s = format!(
        "# {}：週六、週日以外之放假日，及補行上班之週六\nrest_days = [\n",
        y.source
    );
    for (d, name) in &y.rest {
        let _ = writeln!(s, "  {d}, # {name}");
    }
    s.push_str("]\n");
    if y.work.is_empty() {
        s.push_str("work_days = []\n");
    } else {
        s.push_str("work_days = [\n");
        for (d, name) in &y.work {
            let _ = writeln!(s, "  {d}, # {name}");
        }
        s.push_str("]\n");
    }
    s
}

fn render_office(o: &Office) -> String {
    let mut s = format!(
        "name = {}\nsystem_start = {}\n\n[agency_registration]\napplied = {}\napproved = {}\n",
        toml_str(&o.name),
        o.system_start,
        o.registration.0,
        o.registration.1
    );
    for r in &o.roles {
        let _ = write!(
            s,
            "\n[[role]]\nrole = \"{}\"\nperson = {}\nfrom = {}\n",
            r.role,
            toml_str(o.pid(r.person)),
            r.from
        );
        if let Some(to) = r.to {
            let _ = writeln!(s, "to = {to}");
        }
    }
    s
}

fn render_people(o: &Office) -> String {
    let mut s = format!("# {} 人員及帳號（三(一) 核准使用之使用者名冊）\n", o.name);
    for p in &o.people {
        let _ = write!(
            s,
            "\n[[person]]\nid = {}\nname = {}\ntitle = {}\nemail = {}\n",
            toml_str(&p.id),
            toml_str(&p.name),
            toml_str(p.title),
            toml_str(&p.email)
        );
        if let Some(a) = &p.account {
            let items: Vec<String> = a.items.iter().map(|i| toml_str(i)).collect();
            let _ = write!(
                s,
                "\n[person.account]\nitems = [{}]\nnia_id = {}\n",
                items.join(", "),
                toml_str(&a.nia_id)
            );
            for e in &a.events {
                let _ = write!(
                    s,
                    "\n[[person.account.event]]\ndate = {}\ntype = \"{}\"\n",
                    e.date, e.kind
                );
                if let Some(r) = e.reason {
                    let _ = writeln!(s, "reason = \"{r}\"");
                }
                if let Some(n) = &e.note {
                    let _ = writeln!(s, "note = {}", toml_str(n));
                }
            }
        }
    }
    s
}

/// 附件一 of one month. `signers` are (handler, secretary, director) with dates; `None`
/// where a signature is missing.
fn render_log(
    o: &Office,
    month: Month,
    sessions: &[Session],
    signers: &[(&str, Option<(usize, NaiveDate)>)],
) -> String {
    let mut s = format!(
        "# 附件一 應用移民資訊資料日誌表：{} {} 年 {} 月\nmonth = \"{}\"\n",
        o.name,
        month.year - 1911,
        month.month,
        month.label()
    );
    let logged: Vec<&Session> = sessions.iter().filter(|x| x.logged).collect();
    if logged.is_empty() {
        s.push_str("no_usage = true\n");
    }
    for x in logged {
        let items: Vec<String> = x.items.iter().map(|i| toml_str(i)).collect();
        let _ = write!(
            s,
            "\n[[entry]]\nperson = {}\nlogin = {}\nlogout = {}\npurpose = {}\nitems = [{}]\n",
            toml_str(o.pid(x.person)),
            dt(x.login),
            dt(x.logout),
            toml_str(&x.purpose),
            items.join(", ")
        );
        if let Some(c) = &x.case {
            let _ = writeln!(s, "case = {}", toml_str(c));
        }
        match &x.printed {
            Some(Printout::Filed(f)) => {
                let _ = write!(s, "printed = true\nfiled_in = {}\n", toml_str(f));
            }
            Some(Printout::Destroyed(d)) => {
                let _ = write!(s, "printed = true\ndestroyed_on = {d}\n");
            }
            None => {}
        }
    }
    s.push_str("\n[signoff]\n");
    for (role, who) in signers {
        if let Some((p, d)) = who {
            let _ = writeln!(s, "{role} = {}", sig(o, *p, *d));
        }
    }
    s
}

fn render_system_log(o: &Office, sessions: &[Session]) -> String {
    let mut rows: Vec<(NaiveDateTime, String)> = Vec::new();
    for x in sessions {
        let account = &o.people[x.person].account.as_ref().unwrap().nia_id;
        for (t, item, function) in &x.queries {
            rows.push((*t, format!("{},{account},{item},{function}", dt(*t))));
        }
    }
    rows.sort();
    let mut s = String::from("time,account,item,function\n");
    for (_, r) in rows {
        s.push_str(&r);
        s.push('\n');
    }
    s
}

const CHECK_ITEMS: [&str; 4] = [
    "account-application",
    "duty-change-termination",
    "query-necessity",
    "security-measures",
];

fn render_checks(
    s: &mut String,
    failures: &[(&'static str, String)],
    pass_notes: &BTreeMap<&str, String>,
) {
    for item in CHECK_ITEMS {
        let failed: Vec<&String> = failures
            .iter()
            .filter(|f| f.0 == item)
            .map(|f| &f.1)
            .collect();
        let (result, note) = if failed.is_empty() {
            ("pass", pass_notes.get(item).cloned().unwrap_or_default())
        } else {
            (
                "fail",
                failed
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        };
        let _ = write!(
            s,
            "\n[[check]]\nitem = \"{item}\"\nresult = \"{result}\"\nnote = {}\n",
            toml_str(&note)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The county
// ---------------------------------------------------------------------------------------------

struct Output {
    files: BTreeMap<String, String>,
    planted: Vec<Planted>,
    history: Vec<git::Change>,
}

impl Output {
    /// Records that `path`, as filed, was committed to the main branch by these people.
    fn commit(&mut self, path: &str, author: git::Who, committer: git::Who, when: NaiveDateTime) {
        let text = self.files.get(path).cloned().unwrap_or_default();
        self.history.push(git::Change {
            commits: vec![git::Commit {
                author,
                committer,
                when,
                message: format!("新增 {path}"),
                files: vec![(path.to_string(), text)],
            }],
            merged: None,
        });
    }

    fn put(&mut self, path: String, content: String) {
        let content = match schema_line(&path) {
            Some(line) => format!("{line}\n{content}"),
            None => content,
        };
        assert!(
            self.files.insert(path.clone(), content).is_none(),
            "{path} written twice"
        );
    }
}

/// The `#:schema` first line of a TOML record (what `imaudit new` writes): the JSON Schema of
/// its kind in `schemas/` beside the records folder, as a path relative to the file's folder,
/// for editors (Taplo / Even Better TOML). `None` for files that are not TOML records.
fn schema_line(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let kind = match parts.as_slice() {
        ["county.toml"] => "county",
        ["calendar", _] => "calendar",
        ["offices", _, "office.toml"] => "office",
        ["offices", _, "people.toml"] => "people",
        ["offices", _, folder, ..] if path.ends_with(".toml") => match *folder {
            "logs" => "log",
            "monthly-audits" => "monthly-audit",
            "internal-audits" => "internal-audit",
            "permission-reviews" => "permission-review",
            "inspections" => "inspection",
            "handovers" => "handover",
            "incidents" => "incident",
            _ => return None,
        },
        _ => return None,
    };
    Some(format!(
        "#:schema {}schemas/{kind}.schema.json",
        "../".repeat(parts.len())
    ))
}

/// Generates a county. The demo ignores everything but [`Config::demo`].
pub fn generate(cfg: &Config) -> Result<County, BadConfig> {
    let cfg = if cfg.demo {
        Config::demo()
    } else {
        cfg.clone()
    };
    if cfg.offices == 0 || cfg.months < 6 {
        return Err(BadConfig("need at least 1 office and 6 months".into()));
    }
    let (lo, hi) = cfg.entries_per_month;
    if lo < 1 || hi < lo {
        return Err(BadConfig(format!("bad entries per month {lo}..{hi}")));
    }
    assert!(
        national_id_checksum_ok(PLANTED_ID),
        "the planted ID must pass its checksum"
    );
    assert!(!national_id_checksum_ok("N223456781"));

    let first = Month {
        year: 2024,
        month: 7,
    };
    let mut months = vec![first];
    while months.len() < cfg.months {
        months.push(months[months.len() - 1].next());
    }
    // Evaluated on the 20th of the month after the last generated one: that month's log is
    // signed, its monthly audit still due (rules.md: info, not error).
    let as_of = months[months.len() - 1].next().first() + Duration::days(19);
    let range = Range { months, as_of };

    let years: Vec<calendar::Year> = (first.year..=as_of.year()).map(calendar::year).collect();
    let cal = Calendar::new(&years);
    let mut out = Output {
        files: BTreeMap::new(),
        planted: Vec::new(),
        history: Vec::new(),
    };
    out.put("county.toml".into(), render_county(as_of));
    for y in &years {
        out.put(format!("calendar/{}.toml", y.year), render_calendar(y));
    }

    // About 20–60 entries an office-month in the demo, about 830 in a benchmark county
    // (which then needs enough staff: ~2 sessions per user and work day).
    // A county made small for tests keeps about as many sessions per user.
    let users = if cfg.demo {
        2
    } else {
        (((lo + hi) / 2) / 46).clamp(2, 18) as usize
    };
    let plants = if cfg.demo {
        Vec::new()
    } else {
        county_plants(&cfg, &range)
    };
    let mut root = Rng::new(cfg.seed);
    for number in 0..cfg.offices {
        let mut rng = root.fork(number as u64 + 1);
        let office = build_office(number, users, &range, &cal, &mut rng, cfg.demo);
        let mine = if cfg.demo {
            demo_plants(number)
        } else {
            plants
                .iter()
                .filter(|(o, _)| *o == number)
                .map(|(_, p)| *p)
                .collect()
        };
        // A few logs are corrected after sign-off (an `[[amendment]]`): every tenth office's
        // third month, or the next that holds no planted breach.
        let amended = (!cfg.demo && number % 10 == 1)
            .then(|| {
                range.months[2..range.months.len() - 1]
                    .iter()
                    .copied()
                    .find(|m| mine.iter().all(|p| p.month != *m))
            })
            .flatten();
        generate_office(
            &office,
            &range,
            &cal,
            Plan {
                per_month: cfg.entries_per_month,
                plants: &mine,
                amended_month: amended,
            },
            &mut rng,
            &mut out,
        );
    }
    if cfg.demo {
        let readme = render_readme(&out);
        out.files.insert("README.md".into(), readme);
    }
    // The first commit imports what was kept before the trail began: the county's settings,
    // calendars, and each office's office and people files (as they stand at the end).
    let import_day = first.first() - Duration::days(3);
    let clerk = git::Who {
        name: "彰化縣政府民政處".into(),
        email: "civil-affairs@example.gov.tw".into(),
    };
    let imported: Vec<(String, String)> = out
        .files
        .iter()
        .filter(|(p, _)| {
            !p.contains('/') && p.ends_with(".toml")
                || p.starts_with("calendar/")
                || p.ends_with("/office.toml")
                || p.ends_with("/people.toml")
        })
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    out.history.insert(
        0,
        git::Change {
            commits: vec![git::Commit {
                author: clerk.clone(),
                committer: clerk,
                when: at(import_day, 9 * 60),
                message: "匯入既有紀錄".into(),
                files: imported,
            }],
            merged: None,
        },
    );
    Ok(County {
        files: out.files,
        planted: out.planted,
        as_of,
        history: out.history,
        demo: cfg.demo,
    })
}

/// The git identity of one of the office's people.
fn who(o: &Office, person: usize) -> git::Who {
    git::Who {
        name: o.people[person].name.clone(),
        email: o.people[person].email.clone(),
    }
}

/// `text` without its line starting with `prefix` (a signature not yet given).
fn without_line(text: &str, prefix: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with(prefix))
        .collect()
}

/// `content` as [`Output::put`] files it at `path`.
fn with_schema_line(path: &str, content: &str) -> String {
    match schema_line(path) {
        Some(line) => format!("{line}\n{content}"),
        None => content.to_string(),
    }
}

/// An office-month's pull request, merged by the director half an hour after its last commit.
fn pull_request(o: &Office, month: Month, commits: Vec<git::Commit>) -> git::Change {
    let last = commits.iter().map(|c| c.when).max().unwrap_or_default();
    let when = last + Duration::minutes(30);
    let title = format!("合併 {} {} 日誌表及內部稽核紀錄表", o.name, month.label());
    git::Change {
        commits,
        merged: Some((who(o, o.holder("director", when.date())), when, title)),
    }
}

/// A correction after sign-off: a case number mistyped in the first entry that has one and
/// no printout, corrected with an `[[amendment]]` some days after the director signed.
/// Gives the corrected log, the log as first signed, and the commit that corrected it.
fn amend(
    o: &Office,
    path: &str,
    signed: &str,
    signed_on: NaiveDate,
    cal: &Calendar,
) -> Option<(String, String, git::Change)> {
    let mut offset = 0;
    let mut at = None;
    for part in signed.split_inclusive("\n[[entry]]\n") {
        if let Some(i) = part.find("case = \"") {
            if !part.contains("printed = ") {
                at = Some(offset + i + "case = \"".len());
                break;
            }
        }
        offset += part.len();
    }
    let at = at?;
    let end = at + signed[at..].find('"')?;
    let old = &signed[at..end];
    let last = old.chars().last()?.to_digit(10)?;
    let new = format!("{}{}", &old[..old.len() - 1], (last + 5) % 10);
    let day = cal.work_days_after(signed_on, 8);
    let by = o.holder("sysadmin", day);
    let director = o.holder("director", day);
    let mut fixed = format!("{}{new}{}", &signed[..at], &signed[end..]);
    let _ = write!(
        fixed,
        "\n[[amendment]]\ndate = {day}\nreason = \"收件號 {old} 誤植，依收件簿更正為 {new}\"\nby = {}\napproved_by = {}\n",
        toml_str(o.pid(by)),
        toml_str(o.pid(director))
    );
    let commit = git::Commit {
        author: who(o, by),
        committer: who(o, director),
        when: self::at(day, 11 * 60),
        message: format!("更正 {path} 收件號"),
        files: vec![(path.to_string(), with_schema_line(path, &fixed))],
    };
    Some((
        fixed,
        signed.to_string(),
        git::Change {
            commits: vec![commit],
            merged: None,
        },
    ))
}

/// The breaches of a benchmark county: kinds in turn, each in an office-month of its own
/// drawn from a stream of their own (so the offices' streams do not shift), never in the
/// first month (the office may start late in it) nor the last (its paperwork is still due).
fn county_plants(cfg: &Config, range: &Range) -> Vec<(usize, Plant)> {
    use PlantKind::*;
    const KINDS: [PlantKind; 7] = [
        VaguePurpose,
        UnloggedQuery,
        LongSession,
        MissingMonthlyAudit,
        PiiPurpose,
        SundaySession,
        UnsignedLog,
    ];
    let slots: Vec<(usize, usize)> = (0..cfg.offices)
        .flat_map(|o| (1..range.months.len() - 1).map(move |m| (o, m)))
        .collect();
    let wanted = cfg
        .breaches
        .unwrap_or_else(|| (cfg.offices * cfg.months).div_ceil(100))
        .min(slots.len());
    let mut rng = Rng::new(cfg.seed ^ 0x0B8E_AC4E_5EED_0006);
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < wanted {
        let slot = slots[rng.index(slots.len())];
        if taken.insert(slot) {
            let kind = KINDS[out.len() % KINDS.len()];
            out.push((
                slot.0,
                Plant {
                    kind,
                    month: range.months[slot.1],
                },
            ));
        }
    }
    out
}

/// What is decided for an office before its records are made.
struct Plan<'p> {
    /// Usage-log entries per month, drawn in this range.
    per_month: (i64, i64),
    /// The breaches to plant.
    plants: &'p [Plant],
    /// The month whose log is corrected after sign-off, if any.
    amended_month: Option<Month>,
}

/// Everything one office files: logs, system logs, audits, reviews, inspections, handovers,
/// incidents, and its office and people files.
fn generate_office(
    o: &Office,
    range: &Range,
    cal: &Calendar,
    plan: Plan<'_>,
    rng: &mut Rng,
    out: &mut Output,
) {
    let Plan {
        per_month,
        plants,
        amended_month,
    } = plan;
    let dir = format!("offices/{}", o.id);
    let mut failures = o.audit_failures.clone();
    let month_index = |m: Month| {
        range
            .months
            .iter()
            .position(|x| *x == m)
            .expect("plant month in range")
    };

    // Sessions of every month first: handovers and audits summarise them.
    let mut sessions: Vec<Vec<Session>> = Vec::new();
    for (i, &month) in range.months.iter().enumerate() {
        let mut fixed = Vec::new();
        let work_days: Vec<NaiveDate> = cal
            .work_days_in(month)
            .into_iter()
            .filter(|d| *d >= o.system_start)
            .collect();
        for p in plants {
            if month_index(p.month) != i {
                continue;
            }
            let day = work_days[work_days.len() / 2];
            match p.kind {
                PlantKind::LongSession => fixed.push(FixedSession {
                    person: AUDITOR_USER,
                    login: at(day, 9 * 60 + 5),
                    minutes: 185,
                    purpose: None,
                    logged: true,
                }),
                PlantKind::SundaySession => {
                    let sunday = month
                        .days()
                        .filter(|d| d.weekday() == Weekday::Sun)
                        .nth(1)
                        .unwrap();
                    fixed.push(FixedSession {
                        person: AUDITOR_USER,
                        login: at(sunday, 10 * 60 + 12),
                        minutes: 12,
                        purpose: None,
                        logged: true,
                    });
                }
                PlantKind::UnloggedQuery => fixed.push(FixedSession {
                    person: DEPUTY,
                    login: at(day, 12 * 60 + 35),
                    minutes: 15,
                    purpose: None,
                    logged: false,
                }),
                PlantKind::PiiPurpose => fixed.push(FixedSession {
                    person: AUDITOR_USER,
                    login: at(day, 14 * 60 + 20),
                    minutes: 9,
                    purpose: Some("受理外籍配偶初設戶籍登記，配偶證號N223456782，查核入境紀錄"),
                    logged: true,
                }),
                PlantKind::VaguePurpose => fixed.push(FixedSession {
                    person: DEPUTY,
                    login: at(day, 15 * 60 + 40),
                    minutes: 6,
                    purpose: Some("查詢"),
                    logged: true,
                }),
                _ => {}
            }
        }
        let target = rng.range(per_month.0, per_month.1) as usize;
        let mut month_sessions = schedule_month(o, month, target, fixed, cal, rng);
        for x in month_sessions.iter_mut() {
            // A planted session must show only its own breach: no printout, no stray case.
            if x.purpose == "查詢" || x.purpose.contains(PLANTED_ID) {
                x.printed = None;
            }
        }
        sessions.push(month_sessions);
    }

    // Planted findings: record where each one is, and let the month's audit note those
    // its check items cover (so the audit does not also contradict the records).
    for p in plants {
        let month = range.months[month_index(p.month)];
        let m = month.label();
        let log_file = format!("{dir}/logs/{}/{m}.toml", month.year);
        let month_sessions = &sessions[month_index(p.month)];
        let subject_of = |pred: &dyn Fn(&Session) -> bool| -> &Session {
            month_sessions
                .iter()
                .find(|x| pred(x))
                .expect("planted session")
        };
        let planted = match p.kind {
            PlantKind::LongSession => {
                let x = subject_of(&|x| (x.logout - x.login).num_minutes() > 120);
                Planted {
                    rule: "log-session-too-long",
                    file: log_file,
                    needle: format!("logout = {}", dt(x.logout)),
                    header: Some("[[entry]]"),
                    subject: o.pid(x.person).into(),
                    why_zh: format!("登入 {} 至登出 {}，連線 185 分鐘，超過 120 分鐘，疑似查詢完畢未確實登出（三(三)）。", dt(x.login), dt(x.logout)),
                    why_en: "A 185-minute session (limit 120): the user probably did not log out after the query.".into(),
                }
            }
            PlantKind::SundaySession => {
                let x = subject_of(&|x| x.login.weekday() == Weekday::Sun);
                Planted {
                    rule: "log-off-hours",
                    file: log_file,
                    needle: format!("login = {}", dt(x.login)),
                    header: Some("[[entry]]"),
                    subject: o.pid(x.person).into(),
                    why_zh: format!("{} 為星期日（休息日），卻有登入查詢紀錄。", x.login.date()),
                    why_en: "A session on a Sunday, a rest day.".into(),
                }
            }
            PlantKind::UnloggedQuery => {
                let x = subject_of(&|x| !x.logged);
                let (t, item, function) = x.queries[0];
                let nia = &o.people[x.person].account.as_ref().unwrap().nia_id;
                failures.entry(month).or_default().push((
                    "query-necessity",
                    format!(
                        "稽核日誌 {} 有一筆{}未見於日誌表，已請{}說明並補正。",
                        dt(t),
                        function,
                        o.people[x.person].name
                    ),
                ));
                Planted {
                    rule: "system-log-unlogged-query",
                    file: format!("{dir}/system-logs/{m}.csv"),
                    needle: format!("{},{nia},{item},{function}", dt(t)),
                    header: None,
                    subject: o.pid(x.person).into(),
                    why_zh: format!("系統稽核日誌 {} 帳號 {nia} 之查詢，日誌表（附件一）無涵蓋該時間之登入紀錄。", dt(t)),
                    why_en: "A query in the system's audit log that falls in no session of the usage log.".into(),
                }
            }
            PlantKind::PiiPurpose => {
                let x = subject_of(&|x| x.purpose.contains(PLANTED_ID));
                failures.entry(month).or_default().push((
                    "security-measures",
                    format!("日誌表一筆用途欄載有國民身分證統一編號（{} 登入），已提醒承辦人用途欄不得記載個人資料。", dt(x.login)),
                ));
                Planted {
                    rule: "pii-in-free-text",
                    file: log_file,
                    needle: PLANTED_ID.into(),
                    header: Some("[[entry]]"),
                    subject: o.pid(x.person).into(),
                    why_zh:
                        "資料查詢用途欄記載了檢查碼正確之國民身分證統一編號（三(八) 個資保護）。"
                            .into(),
                    why_en: "The purpose holds a national ID number with a valid checksum.".into(),
                }
            }
            PlantKind::VaguePurpose => {
                let x = subject_of(&|x| x.purpose == "查詢");
                Planted {
                    rule: "log-purpose-vague",
                    file: log_file,
                    needle: "purpose = \"查詢\"".into(),
                    header: Some("[[entry]]"),
                    subject: o.pid(x.person).into(),
                    why_zh: "資料查詢用途僅記載「查詢」，無從判斷是否為公務之需要（三(三)）。"
                        .into(),
                    why_en:
                        "The purpose is just \"查詢\" (query): it does not show the official need."
                            .into(),
                }
            }
            PlantKind::MissingMonthlyAudit => Planted {
                rule: "monthly-audit-missing",
                file: format!("{dir}/monthly-audits/{}/{m}.toml", month.year),
                needle: String::new(),
                header: None,
                subject: m.clone(),
                why_zh: format!(
                    "{m} 之內部稽核紀錄表（附件二）未作成；期限為次月終了後 31 日（四(三)）。"
                ),
                why_en: "The monthly audit of this month was never made (file absent).".into(),
            },
            PlantKind::UnsignedLog => Planted {
                rule: "log-signoff-missing",
                file: log_file,
                needle: "[signoff]".into(),
                header: None,
                subject: m.clone(),
                why_zh:
                    "日誌表僅有承辦人員及秘書核章，主任未核章，已逾次月 10 日之期限（四(一)）。"
                        .into(),
                why_en: "The log lacks the director's signature past the 10-day deadline.".into(),
            },
            PlantKind::LateTermination => {
                let acc = o.people[CHANGING_USER].account.as_ref().unwrap();
                let ended = acc
                    .events
                    .iter()
                    .find(|e| e.kind == "duty-ended")
                    .unwrap()
                    .date;
                let term = acc
                    .events
                    .iter()
                    .find(|e| e.kind == "terminated")
                    .unwrap()
                    .date;
                Planted {
                    rule: "termination-overdue",
                    file: format!("{dir}/people.toml"),
                    needle: format!("date = {term}\ntype = \"terminated\""),
                    header: Some("[[person.account.event]]"),
                    subject: o.pid(CHANGING_USER).into(),
                    why_zh: format!("{ended} 業務調整（duty-ended），{term} 始終止帳號，為第 {} 日，逾六日期限（三(四)）。", (term - ended).num_days()),
                    why_en: format!("Duty ended {ended}; the account was terminated {term}, day {} (limit 6).", (term - ended).num_days()),
                }
            }
        };
        out.planted.push(planted);
    }
    let skip_audit: BTreeSet<Month> = plants
        .iter()
        .filter(|p| p.kind == PlantKind::MissingMonthlyAudit)
        .map(|p| range.months[month_index(p.month)])
        .collect();
    let unsigned: BTreeSet<Month> = plants
        .iter()
        .filter(|p| p.kind == PlantKind::UnsignedLog)
        .map(|p| range.months[month_index(p.month)])
        .collect();

    out.put(format!("{dir}/office.toml"), render_office(o));
    out.put(format!("{dir}/people.toml"), render_people(o));

    let last = *range.months.last().unwrap();
    for (month, month_sessions) in range.months.iter().copied().zip(&sessions) {
        // 附件一, signed in the first work days after the month (well within the 10 days).
        let d1 = cal.work_days_after(month.last(), rng.range(1, 3) as u32);
        let d2 = cal.work_days_after(d1, rng.range(0, 1) as u32);
        let d3 = cal.work_days_after(d2, 1);
        let handler = if rng.chance(0.85) {
            o.holder("sysadmin", d1)
        } else {
            o.holder("sysadmin-deputy", d1)
        };
        let director = (!unsigned.contains(&month)).then(|| (o.holder("director", d3), d3));
        let secretary = o.holder("secretary", d2);
        let signers = [
            ("handler", Some((handler, d1))),
            ("secretary", Some((secretary, d2))),
            ("director", director),
        ];
        let log_path = format!("{dir}/logs/{}/{}.toml", month.year, month.label());
        let sys_path = format!("{dir}/system-logs/{}.csv", month.label());
        let signed = render_log(o, month, month_sessions, &signers);
        let amended = (Some(month) == amended_month)
            .then(|| amend(o, &log_path, &signed, d3, cal))
            .flatten();
        out.put(
            log_path.clone(),
            amended.as_ref().map_or(&signed, |a| &a.0).clone(),
        );
        out.put(sys_path.clone(), render_system_log(o, month_sessions));

        // The history: the handler commits the log (with the secretary's signature, the
        // secretary committing it) and the system log; the director signs in a commit of
        // their own; all in a pull request the director merges.
        let signed = out.files[&log_path].clone();
        let signed = match &amended {
            // The amendment comes later: the pull request holds the log as first signed.
            Some(a) => with_schema_line(&log_path, &a.1),
            None => signed,
        };
        let mut pr = vec![git::Commit {
            author: who(o, handler),
            committer: who(o, secretary),
            when: at(d2, 16 * 60 + 30),
            message: format!("{} {} 日誌表", o.name, month.label()),
            files: vec![
                (log_path.clone(), without_line(&signed, "director = ")),
                (sys_path.clone(), out.files[&sys_path].clone()),
            ],
        }];
        if let Some((p, day)) = director {
            pr.push(git::Commit {
                author: who(o, p),
                committer: who(o, p),
                when: at(day, 10 * 60),
                message: format!("{} 日誌表主任核章", month.label()),
                files: vec![(log_path.clone(), signed.clone())],
            });
        }

        // 附件二, after the month: download the audit log, then audit and sign. The last
        // month's is still due on the evaluation date.
        if month == last || skip_audit.contains(&month) {
            out.history.push(pull_request(o, month, pr));
            if let Some(a) = &amended {
                out.history.push(a.2.clone());
            }
            continue;
        }
        let downloaded = cal.work_days_after(month.last(), rng.range(1, 4) as u32);
        let date = cal.work_days_after(downloaded, rng.range(0, 2) as u32);
        let sec = cal.work_days_after(date, rng.range(0, 1) as u32);
        let dir_day = cal.work_days_after(sec, rng.range(0, 1) as u32);
        let logged = month_sessions.iter().filter(|x| x.logged).count();
        let queries: usize = month_sessions.iter().map(|x| x.queries.len()).sum();
        let printed = month_sessions
            .iter()
            .filter(|x| x.printed.is_some())
            .count();
        let mut notes = BTreeMap::new();
        notes.insert(
            "query-necessity",
            format!("本月日誌 {logged} 筆與稽核日誌 {queries} 筆查詢核對，均有公務用途"),
        );
        notes.insert(
            "security-measures",
            if printed > 0 {
                format!("列印 {printed} 筆均已附卷或銷毀")
            } else {
                String::new()
            },
        );
        let mut s = format!("# 附件二 應用移民資訊內部稽核紀錄表：{} {} 年 {} 月\nmonth = \"{}\"\ndate = {date}\naudit_log_downloaded = {downloaded}\n", o.name, month.year - 1911, month.month, month.label());
        render_checks(
            &mut s,
            failures.get(&month).map(Vec::as_slice).unwrap_or(&[]),
            &notes,
        );
        let _ = write!(
            s,
            "\n[signoff]\nauditor = {}\nsection_chief = {}\nsecretary = {}\ndirector = {}\n",
            sig(o, AUDITOR_USER, date),
            sig(o, o.holder("section-chief", date), date),
            sig(o, o.holder("secretary", sec), sec),
            sig(o, o.holder("director", dir_day), dir_day)
        );
        let audit_path = format!("{dir}/monthly-audits/{}/{}.toml", month.year, month.label());
        out.put(audit_path.clone(), s);
        let audit = out.files[&audit_path].clone();
        pr.push(git::Commit {
            author: who(o, AUDITOR_USER),
            committer: who(o, o.holder("section-chief", date)),
            when: at(date, 15 * 60),
            message: format!("{} 內部稽核紀錄表", month.label()),
            files: vec![(
                audit_path.clone(),
                without_line(&without_line(&audit, "secretary = "), "director = "),
            )],
        });
        pr.push(git::Commit {
            author: who(o, o.holder("secretary", sec)),
            committer: who(o, o.holder("director", dir_day)),
            when: at(dir_day, 16 * 60),
            message: format!("{} 內部稽核紀錄表秘書、主任核章", month.label()),
            files: vec![(audit_path, audit)],
        });
        out.history.push(pull_request(o, month, pr));
        if let Some(a) = &amended {
            out.history.push(a.2.clone());
        }
    }

    // 四(二): two unannounced internal audits a year, spring and autumn, each examining the
    // months since the previous one.
    let mut scope_from = range.months[0];
    for year in range.months[0].year..=range.as_of.year() {
        for (lo, hi) in [(3, 5), (9, 10)] {
            let m = Month {
                year,
                month: rng.range(lo, hi) as u32,
            };
            let date = cal.work_day_on_or_after(m.first() + Duration::days(rng.range(5, 20)));
            let scope_to = Month::of(date).prev();
            if date < o.system_start + Duration::days(60)
                || date > range.as_of
                || scope_to < scope_from
            {
                continue;
            }
            let in_scope: Vec<(usize, &Month)> = range
                .months
                .iter()
                .enumerate()
                .filter(|(_, x)| **x >= scope_from && **x <= scope_to)
                .collect();
            let entries: usize = in_scope
                .iter()
                .map(|(i, _)| sessions[*i].iter().filter(|x| x.logged).count())
                .sum();
            let found: Vec<(&'static str, String)> = in_scope
                .iter()
                .flat_map(|(_, x)| failures.get(x).cloned().unwrap_or_default())
                .collect();
            let sampled = entries.min(40);
            let summary = if found.is_empty() {
                format!(
                    "抽查 {} 至 {} 日誌 {sampled} 筆，與稽核日誌及收件資料核對，未發現異常。",
                    scope_from.label(),
                    scope_to.label()
                )
            } else {
                format!("抽查 {} 至 {} 日誌 {sampled} 筆，發現缺失 {} 項（同月稽核紀錄已載），均已列管改善。", scope_from.label(), scope_to.label(), found.len())
            };
            let team = [o.holders("auditor", date)].concat();
            let team_ids: Vec<String> = team.iter().map(|p| toml_str(o.pid(*p))).collect();
            let director_day = cal.work_days_after(date, 1);
            let mut s = format!(
                "# 四(二) 不定期內部稽核\ndate = {date}\nunannounced = true\nteam = [{}]\nscope = [\"{}\", \"{}\"]\nsummary = {}\n",
                team_ids.join(", "),
                scope_from.label(),
                scope_to.label(),
                toml_str(&summary)
            );
            render_checks(&mut s, &found, &BTreeMap::new());
            let _ = write!(
                s,
                "\n[signoff]\nauditor = {}\ndirector = {}\n",
                sig(o, team[0], date),
                sig(o, o.holder("director", director_day), director_day)
            );
            let path = format!("{dir}/internal-audits/{date}.toml");
            out.put(path.clone(), s);
            out.commit(
                &path,
                who(o, team[0]),
                who(o, o.holder("director", director_day)),
                at(director_day, 11 * 60),
            );
            scope_from = Month::of(date);
        }
    }

    // 四(四): the half-yearly permission review, late in each half-year that has ended.
    let mut half_start = Month {
        year: range.months[0].year,
        month: if range.months[0].month <= 6 { 1 } else { 7 },
    };
    loop {
        let half_last = Month {
            year: half_start.year,
            month: half_start.month + 5,
        };
        if half_last.last() >= range.as_of {
            break; // the running half-year's review is still due
        }
        let date = cal.work_day_on_or_after(half_last.first() + Duration::days(rng.range(8, 18)));
        let period = format!(
            "{}-H{}",
            half_start.year,
            if half_start.month == 1 { 1 } else { 2 }
        );
        let mut s = format!("# 四(四) 使用者權限清查\nperiod = \"{period}\"\ndate = {date}\n");
        for (k, p) in o.people.iter().enumerate() {
            if p.account.as_ref().is_some_and(|a| a.active_on(date)) {
                let _ = write!(s, "\n[[account]]\nperson = {}\ndecision = \"keep\"\nnote = \"仍承辦移民相關戶籍業務\"\n", toml_str(o.pid(k)));
            }
        }
        let director_day = cal.work_days_after(date, 1);
        let _ = write!(
            s,
            "\n[signoff]\nhandler = {}\ndirector = {}\n",
            sig(o, o.holder("sysadmin", date), date),
            sig(o, o.holder("director", director_day), director_day)
        );
        let path = format!("{dir}/permission-reviews/{period}.toml");
        out.put(path.clone(), s);
        out.commit(
            &path,
            who(o, o.holder("sysadmin", date)),
            who(o, o.holder("director", director_day)),
            at(director_day, 11 * 60 + 30),
        );
        half_start = half_last.next();
    }

    // 四(五) 督考 (附表三).
    if let Some(ins) = &o.inspection {
        let inspectors: Vec<String> = ins.inspectors.iter().map(|i| toml_str(i)).collect();
        let mut s = format!(
            "# 四(五) 督考稽核（附表三）\ndate = {}\nby = \"{}\"\ninspectors = [{}]\n",
            ins.date,
            ins.by,
            inspectors.join(", ")
        );
        if let Some((_, _, follow_up, done)) = &ins.failed {
            let _ = write!(
                s,
                "follow_up = {}\nfollow_up_done = {done}\n",
                toml_str(follow_up)
            );
        }
        for item in CHECK_ITEMS
            .iter()
            .chain(&["log-retention", "audit-frequency"])
        {
            let (result, note) = match &ins.failed {
                Some((failed, note, _, _)) if failed == item => ("fail", *note),
                _ => ("pass", ""),
            };
            let _ = write!(
                s,
                "\n[[check]]\nitem = \"{item}\"\nresult = \"{result}\"\nnote = {}\n",
                toml_str(note)
            );
        }
        let path = format!("{dir}/inspections/{}.toml", ins.date);
        out.put(path.clone(), s);
        let done = ins.failed.as_ref().map_or(ins.date, |f| f.3.max(ins.date));
        let sysadmin = who(o, o.holder("sysadmin", done));
        out.commit(&path, sysadmin.clone(), sysadmin, at(done, 16 * 60));
    }

    // 三(一) 列冊移交.
    for h in &o.handovers {
        let docs: Vec<String> = h
            .months
            .iter()
            .map(|m| {
                let i = range.months.iter().position(|x| x == m).unwrap_or(0);
                let n = sessions[i]
                    .iter()
                    .filter(|x| x.person == h.from && x.logged)
                    .count();
                toml_str(&format!("{} 查詢紀錄 {n} 件", m.label()))
            })
            .chain([toml_str("列印資料附卷清冊 1 冊")])
            .collect();
        let s = format!(
            "# 三(一) 職務異動列冊移交\ndate = {}\nfrom = {}\nto = {}\ndocuments = [{}]\n",
            h.date,
            toml_str(o.pid(h.from)),
            toml_str(o.pid(h.to)),
            docs.join(", ")
        );
        let path = format!("{dir}/handovers/{}-{}.toml", h.date, o.pid(h.from));
        out.put(path.clone(), s);
        out.commit(&path, who(o, h.to), who(o, h.to), at(h.date, 15 * 60));
    }

    // 五、六.
    for i in &o.incidents {
        let s = format!(
            "# 五、六 違規查詢之處理\ndate = {}\nperson = {}\ndescription = {}\naccount_action = \"suspended\"\nreported_to_head = {}\npdpa = true\nethics_notified = {}\ncriminal = false\n",
            i.date,
            toml_str(o.pid(i.person)),
            toml_str(i.description),
            i.reported_to_head,
            i.ethics_notified
        );
        let path = format!("{dir}/incidents/{}-{}.toml", i.date, i.slug);
        out.put(path.clone(), s);
        let director = who(o, o.holder("director", i.ethics_notified));
        out.commit(
            &path,
            director.clone(),
            director,
            at(i.ethics_notified, 15 * 60),
        );
    }
}

#[derive(Clone, Copy, PartialEq)]
enum PlantKind {
    LongSession,
    PiiPurpose,
    VaguePurpose,
    UnloggedQuery,
    MissingMonthlyAudit,
    LateTermination,
    SundaySession,
    UnsignedLog,
}

#[derive(Clone, Copy)]
struct Plant {
    kind: PlantKind,
    month: Month,
}

/// The demo's deliberate findings, by office (0 田中, 1 鹿港, 2 溪湖).
fn demo_plants(office: usize) -> Vec<Plant> {
    use PlantKind::*;
    let p = |kind, month: &str| Plant {
        kind,
        month: Month {
            year: month[..4].parse().expect("demo month"),
            month: month[5..].parse().expect("demo month"),
        },
    };
    match office {
        0 => vec![p(LongSession, "2025-03"), p(PiiPurpose, "2026-06")],
        1 => vec![
            p(VaguePurpose, "2025-09"),
            p(UnloggedQuery, "2026-02"),
            p(MissingMonthlyAudit, "2026-05"),
        ],
        // The late termination's month comes from the scenario; "2026-04" only anchors it.
        2 => vec![
            p(SundaySession, "2025-06"),
            p(UnsignedLog, "2026-10"),
            p(LateTermination, "2026-04"),
        ],
        _ => vec![],
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn line_of(text: &str, needle: &str) -> Option<usize> {
    let pos = text.find(needle)?;
    assert!(
        text[pos + 1..].find(needle).is_none(),
        "needle {needle:?} is not unique"
    );
    Some(text[..pos].matches('\n').count() + 1)
}

fn header_line_before(text: &str, line: usize, header: &str) -> usize {
    text.lines()
        .take(line)
        .enumerate()
        .filter(|(_, l)| *l == header)
        .map(|(i, _)| i + 1)
        .last()
        .expect("header")
}

fn render_readme(out: &Output) -> String {
    let mut s = String::from(
        "# 示範資料（records/）\n\n\
         *Demo records of a fictional staff at three real 彰化縣 offices, generated by `examples/gen-county.rs`; all clean except the deliberate findings below.*\n\n\
         本資料夾為 imaudit 之示範紀錄：彰化縣田中、鹿港、溪湖三所戶政事務所（人物、案件均為虛構），\
         期間 2024 年 7 月至 2026 年 10 月，評估日 2026-11-20（`county.toml` 之 `as_of`）。\
         除 `regulation.md`（手工整理之要點全文）與本說明外，均由下列指令產生，同一參數產生之內容逐位元組相同：\n\n\
         ```\ncargo run --release --example gen-county -- --demo --out records\n```\n\n\
         ## 刻意植入之缺失\n\n\
         下列每項為單一、明確之違規，行號為該檔案中檢查器應指出之行（括號內為所屬 `[[entry]]` 或 `[[person.account.event]]` 表頭之行）。\n\n\
         | 規則 rule | 檔案 file | 行 line | 對象 subject | 說明 why |\n| --- | --- | --- | --- | --- |\n",
    );
    for p in &out.planted {
        let (line, header) = match out.files.get(&p.file) {
            Some(text) if !p.needle.is_empty() => {
                let line = line_of(text, &p.needle).expect("needle in file");
                (
                    line.to_string(),
                    p.header
                        .map(|h| format!("（{}）", header_line_before(text, line, h)))
                        .unwrap_or_default(),
                )
            }
            _ => ("—（檔案不存在 file absent）".to_string(), String::new()),
        };
        let _ = writeln!(
            s,
            "| `{}` | `records/{}` | {line}{header} | {} | {}<br>{} |",
            p.rule, p.file, p.subject, p.why_zh, p.why_en
        );
    }
    s.push_str(
        "\n## 其他預期之提示（info）\n\n\
         *Expected info findings (deadlines not yet passed on 2026-11-20), not breaches.*\n\n\
         - `monthly-audit-missing`（info）：各所 2026-10 之內部稽核紀錄表期限為 2026-12-01，評估日尚未屆期。\n\
         - `permission-review-missing`（info）：2026 下半年權限清查仍在期間內。\n\
         - 月稽核（附件二）中載為「不符」之項目，即為該所稽核人員對上列缺失之紀錄；鹿港所督考紀錄之不符項目已補正。\n",
    );
    s
}

/// Writes a county into the records folder `root`. It replaces `county.toml`, `calendar/`,
/// `offices/` and (demo only) `README.md`; everything else there — notably the hand-made
/// `regulation.md` — is left alone (an embedded copy is written only when there is none).
pub fn write(root: &Path, county: &County) -> std::io::Result<()> {
    for owned in ["offices", "calendar"] {
        let p = root.join(owned);
        if p.exists() {
            fs::remove_dir_all(&p)?;
        }
    }
    for (path, content) in &county.files {
        put_file(root, path, content)?;
    }
    if !root.join("regulation.md").exists() {
        put_file(root, "regulation.md", REGULATION_MD)?;
    }
    Ok(())
}

fn put_file(root: &Path, rel: &str, content: &str) -> std::io::Result<()> {
    let full = rel
        .split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part));
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&full, content)
}
