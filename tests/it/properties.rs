//! Property tests: the calendar, ROC dates and the sort-and-sweep matching of sessions against
//! brute force; and a policy of absurd day counts. The fuzz targets are in fuzz/.

use crate::harness::{base_with, eval_without_history, fixtures};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use imaudit::rules::audits::reconcile::{covered, used};
use imaudit::time::{roc, Calendar};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Shrunk failures are printed; no files are written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
}

/// A calendar of random listed rest days (typhoon days, holidays) and make-up Saturdays
/// over three years from 2024.
fn calendars() -> impl Strategy<Value = Calendar> {
    (
        proptest::collection::vec(0i64..1100, 0..120),
        proptest::collection::vec(0i64..160, 0..20),
    )
        .prop_map(|(rest, saturdays)| {
            let first_saturday = day(5);
            Calendar::new(
                rest.into_iter().map(day),
                saturdays
                    .into_iter()
                    .map(|w| first_saturday + Duration::weeks(w)),
            )
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_deadline_is_never_before_d_plus_n_and_extended_only_past_rest_days(
        cal in calendars(), start in 0i64..1000, n in 0u32..120,
    ) {
        let d = day(start);
        let plain = cal.deadline(d, n, false);
        prop_assert_eq!(plain, d + Duration::days(i64::from(n)));
        let extended = cal.deadline(d, n, true);
        prop_assert!(extended >= plain);
        prop_assert!(!cal.is_rest_day(extended), "{} is a rest day", extended);
        // 民法第122條: moved only past rest days, to the first work day.
        for x in plain.iter_days().take_while(|x| *x < extended) {
            prop_assert!(cal.is_rest_day(x), "{} skipped but a work day", x);
        }
    }

    #[test]
    fn deadlines_are_monotonic_in_the_start_and_the_days(
        cal in calendars(), a in 0i64..1000, b in 0i64..1000, n in 0u32..60, m in 0u32..60,
        extend in any::<bool>(),
    ) {
        let (a, b) = (day(a.min(b)), day(a.max(b)));
        prop_assert!(cal.deadline(a, n, extend) <= cal.deadline(b, n, extend));
        let (n, m) = (n.min(m), n.max(m));
        prop_assert!(cal.deadline(a, n, extend) <= cal.deadline(a, m, extend));
    }

    #[test]
    fn roc_dates_round_trip(days in 0i64..365_000) {
        // 民國1年 (1912) to 民國999年: what three ROC digits can write.
        let d = NaiveDate::from_ymd_opt(1912, 1, 1).unwrap() + Duration::days(days);
        prop_assume!(d.year() <= 1911 + 999);
        prop_assert_eq!(roc::parse_roc_date(&roc::roc_date(d)), Some(d));
        prop_assert_eq!(roc::parse_roc_date(&roc::roc_short(d)), Some(d));
        let dashed = roc::roc_short(d).replace('/', "-");
        prop_assert_eq!(roc::parse_roc_date(&dashed), Some(d));
        if d.year() >= 1911 + 100 {
            let compact = roc::roc_short(d).replace('/', "");
            prop_assert_eq!(roc::parse_roc_date(&compact), Some(d));
        }
    }

    #[test]
    fn roc_date_times_round_trip_to_the_minute(days in 0i64..40_000, secs in 0u32..86_400) {
        let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days);
        let t = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
        let dt = NaiveDateTime::new(d, t);
        let minute = dt - Duration::seconds(i64::from(secs % 60));
        prop_assert_eq!(roc::parse_roc_datetime(&roc::roc_datetime(dt)), Some(minute));
    }

    #[test]
    fn roc_parsing_never_panics(s in "\\PC{0,24}") {
        let _ = roc::parse_roc_date(&s);
        let _ = roc::parse_roc_datetime(&s);
    }
}

fn at(minute: i64) -> NaiveDateTime {
    day(0).and_hms_opt(8, 0, 0).unwrap() + Duration::minutes(minute)
}

/// Sessions `(person, login, end)` and queries `(person, time)` of three people over a
/// day, sorted as the sweep takes them.
#[allow(clippy::type_complexity)]
fn sessions_and_queries() -> impl Strategy<
    Value = (
        Vec<(u8, NaiveDateTime, NaiveDateTime)>,
        Vec<(u8, NaiveDateTime)>,
    ),
> {
    (
        proptest::collection::vec((0u8..3, 0i64..600, 0i64..90), 0..25),
        proptest::collection::vec((0u8..3, 0i64..700), 0..40),
    )
        .prop_map(|(s, q)| {
            let mut sessions: Vec<_> = s
                .into_iter()
                .map(|(p, login, len)| (p, at(login), at(login + len)))
                .collect();
            sessions.sort_by_key(|&(p, login, _)| (p, login));
            let mut queries: Vec<_> = q.into_iter().map(|(p, t)| (p, at(t))).collect();
            queries.sort();
            (sessions, queries)
        })
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn reconciliation_agrees_with_brute_force((sessions, queries) in sessions_and_queries()) {
        let brute_covered: Vec<bool> = queries
            .iter()
            .map(|&(p, t)| sessions.iter().any(|&(q, login, end)| q == p && login <= t && t <= end))
            .collect();
        prop_assert_eq!(covered(&queries, &sessions), brute_covered);
        let brute_used: Vec<bool> = sessions
            .iter()
            .map(|&(p, login, end)| queries.iter().any(|&(q, t)| q == p && login <= t && t <= end))
            .collect();
        prop_assert_eq!(used(&sessions, &queries), brute_used);
    }
}

/// One usage-log entry as generated: person index, login minute, logout (none, or minutes
/// after login, possibly before it).
type Entry = (usize, i64, Option<i64>);

const PEOPLE: [&str; 2] = ["wang-xiao-ming", "lin-mei-hua"];

fn log_text(entries: &[Entry]) -> (String, Vec<usize>) {
    let base = NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    let mut text = String::from("month = \"2026-01\"\n");
    let mut lines = Vec::new();
    for &(p, login, logout) in entries {
        text.push_str("\n[[entry]]\n");
        // The line of this `[[entry]]`, where the finding points.
        lines.push(text.matches('\n').count());
        let login_at = base + Duration::minutes(login);
        text.push_str(&format!(
            "person = \"{}\"\nlogin = {}\n",
            PEOPLE[p],
            login_at.format("%Y-%m-%dT%H:%M:%S")
        ));
        if let Some(len) = logout {
            text.push_str(&format!(
                "logout = {}\n",
                (login_at + Duration::minutes(len)).format("%Y-%m-%dT%H:%M:%S")
            ));
        }
        text.push_str(
            "purpose = \"受理遷入登記，查核當事人是否出境逾二年\"\nitems = [\"entry-exit\"]\n",
        );
    }
    (text, lines)
}

/// The brute-force reading of `log-session-overlap`: an entry overlaps when an entry of the
/// same person that comes before it (by login, then file order) ends after it begins; an
/// entry without a valid logout lasts an instant.
fn overlapping_lines(entries: &[Entry], lines: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (PEOPLE[entries[i].0], entries[i].1));
    let end = |i: usize| {
        let (_, login, logout) = entries[i];
        logout.filter(|l| *l > 0).map_or(login, |l| login + l)
    };
    let mut out: Vec<usize> = order
        .iter()
        .enumerate()
        .filter(|&(k, &i)| {
            order[..k]
                .iter()
                .any(|&j| entries[j].0 == entries[i].0 && entries[i].1 < end(j))
        })
        .map(|(_, &i)| lines[i])
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn session_overlap_agrees_with_brute_force(
        entries in proptest::collection::vec(
            (0usize..2, 0i64..600, proptest::option::of(-5i64..120)), 0..14),
    ) {
        let dir = crate::harness::base_copy();
        let records = dir.path().join("records");
        let (text, lines) = log_text(&entries);
        std::fs::write(records.join(crate::harness::JAN), text).unwrap();
        let e = crate::harness::eval(&records, Some(&["log-session-overlap"]));
        let mut got: Vec<usize> = crate::harness::seen(&e)
            .into_iter()
            .filter(|s| s.file == crate::harness::JAN)
            .map(|s| s.line)
            .collect();
        got.sort();
        prop_assert_eq!(got, overlapping_lines(&entries, &lines));
    }
}

#[test]
fn a_policy_of_four_billion_days_panicked_the_deadline() {
    // Found probing county.toml by hand: every day count of [policy] set to u32::MAX
    // put the deadline past chrono's last date, and Calendar::deadline panicked.
    let mut county = std::fs::read_to_string(fixtures().join("base/records/county.toml")).unwrap();
    county.push_str("\n[policy]\n");
    for key in [
        "termination_days",
        "certificate_loss_notice_days",
        "log_signoff_days",
        "monthly_audit_days",
        "handover_days",
        "printout_days",
        "max_session_minutes",
        "idle_months",
        "log_retention_years",
        "internal_audits_per_year",
        "min_audit_team",
    ] {
        county.push_str(&format!("{key} = {}\n", u32::MAX));
    }
    let dir = base_with(&[("county.toml", county.as_bytes())]);
    let e = eval_without_history(&dir.path().join("records"));
    // Nothing is ever due, no log is late; the team can never be big enough.
    let rules: std::collections::BTreeSet<&str> = e.findings.iter().map(|f| f.rule.id).collect();
    assert!(
        !rules.contains("parse-error") && !rules.contains("log-signoff-missing"),
        "{rules:?}"
    );
}
