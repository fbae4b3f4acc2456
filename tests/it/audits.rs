//! Fixture tests of 要點 四(二)(三)(四)(五): internal audits, monthly audits and the system's
//! audit log, permission reviews, inspections (see harness.rs). Each rule: `fail` asserted
//! exactly, `pass` the near miss; `due` where a rule has an info severity too. And the
//! reconciliation sweep checked against an all-pairs reference.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::harness::*;
use imaudit::rules::audits::reconcile::{covered, used};
use imaudit::rules::Severity::{Error, Info, Warning};

const OFFICE: &str = "offices/demo/office.toml";
const PEOPLE: &str = "offices/demo/people.toml";

// ---- 四(二) internal audits ----

#[test]
fn internal_audits_too_few() {
    // system_start 2025-01-01: 2025 is a full year and has no internal audit.
    assert_fail("internal-audits-too-few", Error, &[(OFFICE, 2, "2025")]);
    // 2026 is running with one of two audits done.
    assert_case(
        "internal-audits-too-few",
        "due",
        Info,
        &[(OFFICE, 2, "2026")],
    );
    // system_start 2025-01-02: 2025 is not a full year of use.
    assert_pass("internal-audits-too-few");
}

#[test]
fn internal_audit_invalid() {
    const A: &str = "offices/demo/internal-audits/2026-02-25.toml";
    const B: &str = "offices/demo/internal-audits/2026-03-04.toml";
    assert_fail(
        "internal-audit-invalid",
        Error,
        &[
            (A, 1, "2026-02-25"),     // no security-measures check
            (A, 2, "2026-02-25"),     // unannounced = false
            (A, 3, "wang-xiao-ming"), // not an auditor
            (B, 3, "2026-03-04"),     // one auditor, listed twice
        ],
    );
    // An auditor whose role ends on the audit day itself.
    assert_pass("internal-audit-invalid");
}

// ---- 四(三) monthly audits ----

#[test]
fn monthly_audit_missing() {
    // 2026-01: deadline 2026-03-03, passed.
    assert_fail("monthly-audit-missing", Error, &[(OFFICE, 2, "2026-01")]);
    // 2025-12: deadline 2026-01-31 is a Saturday, moved to 2026-02-02 = as_of: due, not late.
    assert_case(
        "monthly-audit-missing",
        "due",
        Info,
        &[(OFFICE, 2, "2025-12")],
    );
    // An unreadable file is not a missing one.
    assert_pass("monthly-audit-missing");
}

#[test]
fn monthly_audit_incomplete() {
    const F: &str = "offices/demo/monthly-audits/2026/2026-01.toml";
    assert_fail(
        "monthly-audit-incomplete",
        Error,
        &[
            (F, 1, "2026-01"),  // no audit_log_downloaded
            (F, 1, "2026-01"),  // no security-measures check
            (F, 11, "2026-01"), // fail with a blank note
            (F, 19, "2026-01"), // query-necessity twice
            (F, 24, "2026-01"), // no director signature, deadline passed
        ],
    );
    // February's audit (deadline 2026-03-31) still waits for the director.
    assert_case(
        "monthly-audit-incomplete",
        "due",
        Info,
        &[(
            "offices/demo/monthly-audits/2026/2026-02.toml",
            25,
            "2026-02",
        )],
    );
    // A fail with its note, an empty note on a pass.
    assert_pass("monthly-audit-incomplete");
}

#[test]
fn monthly_audit_contradicts_records() {
    // An unlogged query on 2026-01-19 while January's audit says query-necessity passed.
    assert_fail(
        "monthly-audit-contradicts-records",
        Warning,
        &[(
            "offices/demo/monthly-audits/2026/2026-01.toml",
            17,
            "2026-01",
        )],
    );
    // The same query, with the audit answering fail.
    assert_pass("monthly-audit-contradicts-records");
}

#[test]
fn monthly_audit_contradicts_records_names_the_breaches() {
    let dir = overlay("monthly-audit-contradicts-records", "fail");
    let e = eval(
        &dir.path().join("records"),
        Some(&["monthly-audit-contradicts-records"]),
    );
    let f = &e.findings[0];
    assert!(
        f.message.contains("system-log-unlogged-query"),
        "{}",
        f.message
    );
    let labels: Vec<&str> = f
        .labels
        .iter()
        .map(|(span, _)| e.sources().get(span.file).name.as_str())
        .collect();
    assert_eq!(labels, ["records/offices/demo/system-logs/2026-01.csv"]);
}

/// The coverage table is rules.md's "What each monthly check item covers", item by item (the
/// code names the rules by value, so a renamed rule no longer compiles; this holds the list to
/// the spec's).
#[test]
fn coverage_table_is_the_specs() {
    use imaudit::model::CheckItem;
    use imaudit::rules::audits::monthly_audit_contradicts_records::covered_rules;
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&spec) else {
        eprintln!("skipped: {} not found", spec.display());
        return;
    };
    let table = &text[text.find("What each monthly check item covers").unwrap()..];
    let mut total = 0;
    for item in CheckItem::AUDIT {
        let start = format!("`{}` ←", item.code());
        let line = &table[table.find(&start).unwrap() + start.len()..];
        let line = line.lines().next().unwrap();
        let want: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        let got: Vec<&str> = covered_rules(item).iter().map(|r| r.id).collect();
        assert_eq!(got, want, "{}", item.code());
        total += got.len();
    }
    assert_eq!(total, 14);
}

// ---- 四(三) the system's audit log ----

#[test]
fn system_log_unlogged_query() {
    const F: &str = "offices/demo/system-logs/2026-01.csv";
    assert_fail(
        "system-log-unlogged-query",
        Error,
        &[
            (F, 10, "wang-xiao-ming"), // one second after logout
            (F, 11, "lin-mei-hua"),    // one second before login
            (F, 12, "CHC9999"),        // no one's account
        ],
    );
    // Queries exactly at login and at logout.
    assert_pass("system-log-unlogged-query");
}

#[test]
fn system_log_idle_session() {
    assert_fail(
        "system-log-idle-session",
        Warning,
        &[("offices/demo/logs/2026/2026-02.toml", 3, "lin-mei-hua")],
    );
    // The query on the logout minute; January has no system log to hold its sessions against.
    assert_pass("system-log-idle-session");
}

#[test]
fn system_log_item_not_approved() {
    assert_fail(
        "system-log-item-not-approved",
        Error,
        &[("offices/demo/system-logs/2026-02.csv", 4, "wang-xiao-ming")],
    );
    assert_pass("system-log-item-not-approved");
}

#[test]
fn query_frequency_outlier() {
    // 20 queries (the minimum) against a median of 1.
    assert_fail(
        "query-frequency-outlier",
        Warning,
        &[("offices/demo/system-logs/2026-02.csv", 2, "wang-xiao-ming")],
    );
    // 21 against a median of 7 (exactly three times); 19 against a median of 1.
    assert_pass("query-frequency-outlier");
}

// ---- 四(五) inspections ----

#[test]
fn inspection_incomplete() {
    const F: &str = "offices/demo/inspections/2026-02-12.toml";
    assert_fail(
        "inspection-incomplete",
        Error,
        &[(F, 1, "2026-02-12"), (F, 19, "2026-02-12")],
    );
    // Six items; the failed one has its follow_up.
    assert_pass("inspection-incomplete");
}

#[test]
fn inspection_follow_up_open() {
    assert_fail(
        "inspection-follow-up-open",
        Warning,
        &[("offices/demo/inspections/2026-02-12.toml", 20, "2026-02-12")],
    );
    assert_pass("inspection-follow-up-open");
}

// ---- 四(四) permission reviews ----

#[test]
fn permission_review_missing() {
    assert_fail(
        "permission-review-missing",
        Error,
        &[(OFFICE, 2, "2025-H2")],
    );
    assert_case(
        "permission-review-missing",
        "due",
        Info,
        &[(OFFICE, 2, "2026-H1")],
    );
    // An unreadable review is not a missing one.
    assert_pass("permission-review-missing");
}

#[test]
fn permission_review_incomplete() {
    const F: &str = "offices/demo/permission-reviews/2025-H2.toml";
    assert_fail(
        "permission-review-incomplete",
        Error,
        &[(F, 2, "wang-xiao-ming"), (F, 9, "2025-H2")],
    );
    assert_case(
        "permission-review-incomplete",
        "due",
        Info,
        &[(
            "offices/demo/permission-reviews/2026-H1.toml",
            14,
            "2026-H1",
        )],
    );
    // An account terminated on the review date itself need not be listed.
    assert_pass("permission-review-incomplete");
}

#[test]
fn account_idle() {
    assert_fail(
        "account-idle",
        Warning,
        &[
            (PEOPLE, 27, "huang-jian-guo"), // activated 2025-09-04, never used
            (PEOPLE, 31, "lin-mei-hua"),    // last used 2025-11-20
            (PEOPLE, 56, "wang-xiao-ming"), // last used 2025-11-26
        ],
    );
    // Activated exactly idle_months ago; a terminated account never used.
    assert_pass("account-idle");
}

// ---- the sweep against all pairs ----

/// xorshift64*: a fixed sequence, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
fn reconciliation_agrees_with_all_pairs() {
    let t0: NaiveDateTime = NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    for seed in 1..=20u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        // Few people and a short stretch of time so sessions overlap and queries hit edges.
        let at = |rng: &mut Rng| t0 + Duration::minutes(rng.below(600) as i64);
        let mut sessions: Vec<(u8, NaiveDateTime, NaiveDateTime)> = (0..300)
            .map(|_| {
                let p = rng.below(5) as u8;
                let login = at(&mut rng);
                (p, login, login + Duration::minutes(rng.below(40) as i64))
            })
            .collect();
        let mut queries: Vec<(u8, NaiveDateTime)> = (0..300)
            .map(|_| (rng.below(6) as u8, at(&mut rng)))
            .collect();
        sessions.sort();
        queries.sort();

        let want_covered: Vec<bool> = queries
            .iter()
            .map(|&(p, t)| {
                sessions
                    .iter()
                    .any(|&(q, login, end)| q == p && login <= t && t <= end)
            })
            .collect();
        let want_used: Vec<bool> = sessions
            .iter()
            .map(|&(p, login, end)| {
                queries
                    .iter()
                    .any(|&(q, t)| q == p && login <= t && t <= end)
            })
            .collect();
        assert_eq!(
            covered(&queries, &sessions),
            want_covered,
            "covered, seed {seed}"
        );
        assert_eq!(used(&sessions, &queries), want_used, "used, seed {seed}");
        // Both outcomes occur, so the comparison means something.
        assert!(
            want_covered.contains(&true) && want_covered.contains(&false),
            "seed {seed}"
        );
        assert!(
            want_used.contains(&true) && want_used.contains(&false),
            "seed {seed}"
        );
    }
}
