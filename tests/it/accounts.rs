//! Fixture tests of the roster (三(一)), account (三(二)(四)(五)(六)) and incident (五、六) rules
//! (see harness.rs). Each `fail` overlay's findings are asserted exactly; each `pass` overlay is
//! the near miss (the last allowed day after a rest-day extension, a same-day hand-over of a
//! role, the earliest allowed early handover).

use crate::harness::*;
use imaudit::rules::Severity::{Error, Info};

const OFFICE: &str = "offices/demo/office.toml";
const PEOPLE: &str = "offices/demo/people.toml";

// ---- 三(一) roster

/// Director leaves 01-09, the next starts 01-13; the deputy starts two days after
/// system_start, is replaced in January by the sysadmin herself, and the sysadmin leaves 02-27.
#[test]
fn role_vacant_fail() {
    assert_fail(
        "role-vacant",
        Error,
        &[
            (OFFICE, 2, "sysadmin-deputy"),
            (OFFICE, 8, "director"),
            (OFFICE, 29, "sysadmin"),
            (OFFICE, 35, "sysadmin-deputy"),
        ],
    );
}

/// A deputy who is the only sysadmin is no deputy: the whole time, pointed at that `[[role]]`.
#[test]
fn role_vacant_deputy_is_the_sysadmin() {
    assert_case(
        "role-vacant",
        "same-person",
        Error,
        &[(OFFICE, 28, "sysadmin-deputy")],
    );
}

/// Terms that meet day to day, a sysadmin whose term ends on the evaluation date, and the
/// sysadmin as deputy while a second sysadmin is in office.
#[test]
fn role_vacant_pass() {
    assert_pass("role-vacant");
}

/// One auditor starts two days after system_start; another leaves 01-31 and the next starts
/// 02-03.
#[test]
fn audit_team_too_small_fail() {
    assert_fail(
        "audit-team-too-small",
        Error,
        &[(OFFICE, 2, "auditor"), (OFFICE, 38, "auditor")],
    );
}

#[test]
fn audit_team_too_small_pass() {
    assert_pass("audit-team-too-small");
}

/// wang's duty ended 2026-02-10: the deadline 02-16 falls in the Lunar New Year break and
/// moves to Monday 02-23, but the handover is dated 02-24. lin's handover is dated 01-26, seven
/// days before her duty ended on 02-02: too early to count.
#[test]
fn handover_missing_fail() {
    assert_fail(
        "handover-missing",
        Error,
        &[(PEOPLE, 36, "lin-mei-hua"), (PEOPLE, 66, "wang-xiao-ming")],
    );
}

/// Duty ended 2026-03-03, deadline 03-09: still due on the evaluation date 03-05.
#[test]
fn handover_missing_due() {
    assert_case(
        "handover-missing",
        "due",
        Info,
        &[(PEOPLE, 36, "lin-mei-hua")],
    );
}

/// wang hands over on 02-23, the extended deadline; lin on 02-25, six days before 03-03.
#[test]
fn handover_missing_pass() {
    assert_pass("handover-missing");
}

// ---- 三(二) account application

/// wang was activated without head-approved; lin's second cycle (after terminated) lacks
/// sent-to-county although her first cycle had one.
#[test]
fn account_application_incomplete_fail() {
    assert_fail(
        "account-application-incomplete",
        Error,
        &[(PEOPLE, 48, "lin-mei-hua"), (PEOPLE, 69, "wang-xiao-ming")],
    );
}

#[test]
fn account_application_incomplete_pass() {
    assert_pass("account-application-incomplete");
}

/// lin: suspended after terminated. wang: head-approved listed after a later event, and
/// reinstated without suspension. zhang: head-approved and sent-to-county after activated,
/// nia-notified without a lost certificate. li: activated the day before applied.
#[test]
fn account_event_order_fail() {
    assert_fail(
        "account-event-order",
        Error,
        &[
            (PEOPLE, 40, "lin-mei-hua"),
            (PEOPLE, 61, "wang-xiao-ming"),
            (PEOPLE, 69, "wang-xiao-ming"),
            (PEOPLE, 90, "zhang-wen-qin"),
            (PEOPLE, 94, "zhang-wen-qin"),
            (PEOPLE, 98, "zhang-wen-qin"),
            (PEOPLE, 111, "li-jia-hui"),
        ],
    );
}

/// Same-day events in the right file order: terminated then a new applied, suspended then
/// reinstated, certificate-lost then nia-notified, several steps on one day.
#[test]
fn account_event_order_pass() {
    assert_pass("account-event-order");
}

// ---- 三(四) termination

/// wang's duty ended 02-10, deadline extended past the Lunar New Year break to 02-23,
/// terminated 02-24. lin revoked in the 2025-H2 review (12-15, deadline Sunday 12-21 → 12-22),
/// never terminated.
#[test]
fn termination_overdue_fail() {
    assert_fail(
        "termination-overdue",
        Error,
        &[
            (PEOPLE, 66, "wang-xiao-ming"),
            (
                "offices/demo/permission-reviews/2025-H2.toml",
                4,
                "lin-mei-hua",
            ),
        ],
    );
}

/// Both terminated on the last allowed day after the rest-day extension.
#[test]
fn termination_overdue_pass() {
    assert_pass("termination-overdue");
}

/// Duty ended and revoked 2026-03-02; deadline 03-08 is a Sunday → 03-09, after the evaluation
/// date 03-05.
#[test]
fn termination_due_fail() {
    assert_fail(
        "termination-due",
        Info,
        &[
            (PEOPLE, 61, "wang-xiao-ming"),
            (
                "offices/demo/permission-reviews/2026-H1.toml",
                4,
                "lin-mei-hua",
            ),
        ],
    );
}

#[test]
fn termination_due_pass() {
    assert_pass("termination-due");
}

/// One computation at two severities: each overlay raises only one of the two ids.
#[test]
fn termination_overdue_and_due_never_both() {
    let both: &[&'static str] = &["termination-overdue", "termination-due"];
    for (rule, case, only) in [
        ("termination-overdue", "fail", "termination-overdue"),
        ("termination-due", "fail", "termination-due"),
    ] {
        let dir = overlay(rule, case);
        let got = seen(&eval(&dir.path().join("records"), Some(both)));
        assert!(
            !got.is_empty() && got.iter().all(|s| s.rule == only),
            "{rule}/{case}: {got:#?}"
        );
    }
    for rule in both {
        let dir = overlay(rule, "pass");
        let got = seen(&eval(&dir.path().join("records"), Some(both)));
        assert!(got.is_empty(), "{rule}/pass: {got:#?}");
    }
}

// ---- 三(五) agency registration

/// Approved 2026-01-06: the November and December audit logs were downloaded before it.
#[test]
fn agency_registration_missing_fail() {
    assert_fail(
        "agency-registration-missing",
        Error,
        &[
            (
                "offices/demo/monthly-audits/2025/2025-11.toml",
                3,
                "2025-11",
            ),
            (
                "offices/demo/monthly-audits/2025/2025-12.toml",
                3,
                "2025-12",
            ),
        ],
    );
}

/// Applied but no approval date: the `[agency_registration]` table.
#[test]
fn agency_registration_missing_unapproved() {
    assert_case(
        "agency-registration-missing",
        "unapproved",
        Error,
        &[(OFFICE, 4, "demo")],
    );
}

/// No `[agency_registration]` at all: system_start.
#[test]
fn agency_registration_missing_unregistered() {
    assert_case(
        "agency-registration-missing",
        "unregistered",
        Error,
        &[(OFFICE, 2, "demo")],
    );
}

/// Approved on the very day of the first download.
#[test]
fn agency_registration_missing_pass() {
    assert_pass("agency-registration-missing");
}

// ---- 三(六) lost certificate

/// lin lost hers 01-20 and never notified; wang lost his on Friday 02-13 (a work day, so the
/// same day is the deadline) and notified 02-23.
#[test]
fn certificate_loss_not_reported_fail() {
    assert_fail(
        "certificate-loss-not-reported",
        Error,
        &[(PEOPLE, 36, "lin-mei-hua"), (PEOPLE, 65, "wang-xiao-ming")],
    );
}

/// Lost on the evaluation date itself: still due.
#[test]
fn certificate_loss_not_reported_due() {
    assert_case(
        "certificate-loss-not-reported",
        "due",
        Info,
        &[(PEOPLE, 36, "lin-mei-hua")],
    );
}

/// wang lost his on Saturday 02-14, in the Lunar New Year break: with 0 days the deadline is
/// the next work day, Monday 02-23, when he notified. lin notified the same day.
#[test]
fn certificate_loss_not_reported_pass() {
    assert_pass("certificate-loss-not-reported");
}

// ---- 五、六 incidents

/// wang's suspension predates his incident; lin's record says terminated but she was only
/// suspended.
#[test]
fn incident_account_action_missing_fail() {
    assert_fail(
        "incident-account-action-missing",
        Error,
        &[
            (
                "offices/demo/incidents/2026-02-05-private-query.toml",
                4,
                "wang-xiao-ming",
            ),
            (
                "offices/demo/incidents/2026-02-11-shared-card.toml",
                4,
                "lin-mei-hua",
            ),
        ],
    );
}

/// Suspended the same day; terminated days after a suspension.
#[test]
fn incident_account_action_missing_pass() {
    assert_pass("incident-account-action-missing");
}

/// No reported_to_head (the file), pdpa without ethics_notified, criminal without
/// judicial_referral: three findings.
#[test]
fn incident_not_reported_fail() {
    let file = "offices/demo/incidents/2026-02-05-private-query.toml";
    assert_fail(
        "incident-not-reported",
        Error,
        &[
            (file, 1, "wang-xiao-ming"),
            (file, 5, "wang-xiao-ming"),
            (file, 6, "wang-xiao-ming"),
        ],
    );
}

#[test]
fn incident_not_reported_pass() {
    assert_pass("incident-not-reported");
}
