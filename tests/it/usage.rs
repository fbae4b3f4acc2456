//! Fixture tests of 三(三) (usage logs), 三(七)(八) (printouts, personal ids in free text) and
//! 四(一) (log months, log sign-off, signatures of all forms); see harness.rs. The base county's
//! evaluation date is 2026-03-05.

use imaudit::rules::Severity::{Error, Info, Warning};

use crate::harness::*;

const NOV: &str = "offices/demo/logs/2025/2025-11.toml";
const DEC: &str = "offices/demo/logs/2025/2025-12.toml";
const JAN: &str = "offices/demo/logs/2026/2026-01.toml";
const FEB: &str = "offices/demo/logs/2026/2026-02.toml";
const LIN: &str = "lin-mei-hua";
const WANG: &str = "wang-xiao-ming";

/// The line of every label of every finding of `rule` on `rule/case`, per finding.
fn label_lines(rule: &'static str, case: &str) -> Vec<Vec<(String, usize)>> {
    let dir = overlay(rule, case);
    let e = eval(&dir.path().join("records"), Some(&[rule]));
    e.findings
        .iter()
        .map(|f| {
            f.labels
                .iter()
                .map(|(span, _)| {
                    let file = e.sources().get(span.file);
                    let name = file
                        .name
                        .strip_prefix("records/")
                        .unwrap_or(&file.name)
                        .to_string();
                    (name, file.line_col(span.range.start).0)
                })
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- 三(三)

/// A person without an account; an account suspended before the session.
#[test]
fn log_unauthorized_user_fail() {
    assert_fail(
        "log-unauthorized-user",
        Error,
        &[(FEB, 11, "zhang-wen-qin"), (FEB, 18, WANG)],
    );
}

/// Suspended on the day of the session and activated on the day of another: both days count
/// as active (events carry no time).
#[test]
fn log_unauthorized_user_pass() {
    assert_pass("log-unauthorized-user");
}

#[test]
fn log_item_not_approved_fail() {
    assert_fail("log-item-not-approved", Error, &[(FEB, 24, WANG)]);
}

/// The same log, with the item approved for the account.
#[test]
fn log_item_not_approved_pass() {
    assert_pass("log-item-not-approved");
}

/// No logout; logout equal to login; a login in January in February's file; logout before
/// login.
#[test]
fn log_session_invalid_fail() {
    assert_fail(
        "log-session-invalid",
        Error,
        &[
            (FEB, 3, LIN),
            (FEB, 12, WANG),
            (FEB, 18, WANG),
            (FEB, 26, LIN),
        ],
    );
}

/// A logout one minute after login; a session from the month's last minute into March; one
/// at the month's first minute.
#[test]
fn log_session_invalid_pass() {
    assert_pass("log-session-invalid");
}

/// Two sessions inside one long one: both are reported, each with a label on the long one.
#[test]
fn log_session_overlap_fail() {
    assert_fail(
        "log-session-overlap",
        Error,
        &[(FEB, 10, LIN), (FEB, 17, LIN)],
    );
    let labels = label_lines("log-session-overlap", "fail");
    assert_eq!(
        labels,
        vec![vec![(FEB.to_string(), 3)], vec![(FEB.to_string(), 3)]]
    );
}

/// Back-to-back sessions (login the minute of the previous logout), another person at the
/// same time, and a session without logout that does not spill over later ones.
#[test]
fn log_session_overlap_pass() {
    assert_pass("log-session-overlap");
}

/// 121 minutes.
#[test]
fn log_session_too_long_fail() {
    assert_fail("log-session-too-long", Warning, &[(FEB, 30, LIN)]);
}

/// 120 minutes and 59 seconds: whole minutes are compared, so exactly the maximum.
#[test]
fn log_session_too_long_pass() {
    assert_pass("log-session-too-long");
}

/// 07:59, a Saturday, a Lunar New Year holiday (a Tuesday listed in calendar/2026.toml), 17:31.
#[test]
fn log_off_hours_fail() {
    assert_fail(
        "log-off-hours",
        Warning,
        &[
            (FEB, 5, LIN),
            (FEB, 12, WANG),
            (FEB, 19, WANG),
            (FEB, 26, LIN),
        ],
    );
}

/// 08:00 and 17:30 exactly, and the Friday before the holidays.
#[test]
fn log_off_hours_pass() {
    assert_pass("log-off-hours");
}

/// An empty purpose and one of spaces, a tab and an ideographic space.
#[test]
fn log_purpose_missing_fail() {
    assert_fail(
        "log-purpose-missing",
        Error,
        &[(FEB, 15, WANG), (FEB, 31, LIN)],
    );
}

/// A one-character purpose is vague, not missing.
#[test]
fn log_purpose_missing_pass() {
    assert_pass("log-purpose-missing");
}

/// 「公務」, 「 業務需要 」 (trimmed), and purposes of three and two characters.
#[test]
fn log_purpose_vague_fail() {
    assert_fail(
        "log-purpose-vague",
        Warning,
        &[
            (FEB, 7, LIN),
            (FEB, 14, WANG),
            (FEB, 21, WANG),
            (FEB, 28, LIN),
        ],
    );
}

/// Exactly four characters (twelve bytes), a vague word inside a longer purpose, and four
/// characters between spaces.
#[test]
fn log_purpose_vague_pass() {
    assert_pass("log-purpose-vague");
}

// ---------------------------------------------------------------- 三(七) 三(八)

/// Printed and never resolved past the deadline; destroyed the day after the deadline
/// (02-23, extended over the Lunar New Year break); `filed_in` of only spaces.
#[test]
fn printout_unresolved_fail() {
    assert_fail(
        "printout-unresolved",
        Error,
        &[(JAN, 10, WANG), (JAN, 27, WANG), (JAN, 44, WANG)],
    );
}

/// Deadline 03-05 is the evaluation date itself: still due. A destruction planned after the
/// deadline while it still runs is due too.
#[test]
fn printout_unresolved_due() {
    assert_case(
        "printout-unresolved",
        "due",
        Info,
        &[(FEB, 10, LIN), (FEB, 35, LIN)],
    );
}

/// Destroyed on the deadline; destroyed on the last day after the weekend and holiday
/// extension; filed with the case; `printed = false`.
#[test]
fn printout_unresolved_pass() {
    assert_pass("printout-unresolved");
}

/// Ids in a handover, an incident, an inspection (inspector and follow-up), an internal-audit
/// summary, a log purpose and amendment reason, a monthly-audit note, an account event note.
#[test]
fn pii_in_free_text_fail() {
    assert_fail(
        "pii-in-free-text",
        Warning,
        &[
            (
                "offices/demo/handovers/2026-03-02-wang-xiao-ming.toml",
                4,
                WANG,
            ),
            ("offices/demo/incidents/2026-03-03-query.toml", 3, WANG),
            ("offices/demo/inspections/2026-03-04.toml", 3, "2026-03-04"),
            ("offices/demo/inspections/2026-03-04.toml", 4, "2026-03-04"),
            (
                "offices/demo/internal-audits/2026-02-25.toml",
                5,
                "2026-02-25",
            ),
            (FEB, 15, WANG),
            (FEB, 42, "2026-02"),
            (
                "offices/demo/monthly-audits/2026/2026-02.toml",
                18,
                "2026-02",
            ),
            ("offices/demo/people.toml", 35, LIN),
        ],
    );
}

/// The finding must not disclose what it warns about: messages and labels show ids masked.
#[test]
fn pii_in_free_text_masks_the_number() {
    let dir = overlay("pii-in-free-text", "fail");
    let e = eval(&dir.path().join("records"), Some(&["pii-in-free-text"]));
    assert!(!e.findings.is_empty());
    for f in &e.findings {
        let texts = std::iter::once(&f.message).chain(f.labels.iter().map(|(_, t)| t));
        for text in texts {
            for id in ["A123456789", "AB12345677", "F912345678"] {
                assert!(!text.contains(id), "{text}");
            }
        }
    }
    assert!(e.findings.iter().any(|f| f.message.contains("A12****789")));
}

/// A failing checksum, lowercase, an id inside a longer code, case numbers.
#[test]
fn pii_in_free_text_pass() {
    assert_pass("pii-in-free-text");
}

// ---------------------------------------------------------------- 四(一)

#[test]
fn log_month_missing_fail() {
    assert_fail(
        "log-month-missing",
        Error,
        &[("offices/demo/office.toml", 2, "2025-12")],
    );
}

/// With a system start in 2016, only the months from the retention start (2021-03, five years
/// before the evaluation date) through the last ended month (2026-02) are asked for; the base
/// holds 2025-11 … 2026-02.
#[test]
fn log_month_missing_from_retention_start() {
    let got = findings_of("log-month-missing", "retention");
    assert_eq!(got.len(), 56, "2021-03 … 2025-10");
    assert_eq!(got.first().map(|s| s.subject.as_str()), Some("2021-03"));
    assert_eq!(got.last().map(|s| s.subject.as_str()), Some("2025-10"));
    assert!(got
        .iter()
        .all(|s| s.file == "offices/demo/office.toml" && s.line == 2 && s.severity == Error));
}

/// An unreadable December log is not missing; an office closed 01-31 needs no February log;
/// March has not ended.
#[test]
fn log_month_missing_pass() {
    assert_pass("log-month-missing");
}

/// November signed a day late; December not signed at all; January without the director.
#[test]
fn log_signoff_missing_fail() {
    assert_fail(
        "log-signoff-missing",
        Error,
        &[
            (NOV, 45, "2025-11"),
            (DEC, 1, "2025-12"),
            (JAN, 42, "2026-01"),
        ],
    );
}

/// February's deadline (03-10) has not passed.
#[test]
fn log_signoff_missing_due() {
    assert_case("log-signoff-missing", "due", Info, &[(FEB, 35, "2026-02")]);
}

/// December's director signs 2026-01-12: 12-31 + 10 days is Saturday 01-10, extended to
/// Monday. November's signs on 12-10, the deadline itself.
#[test]
fn log_signoff_missing_pass() {
    assert_pass("log-signoff-missing");
}

/// An internal audit signed before its date; a log signed on its month's last day; a
/// secretary before the handler (with a label on the handler); a secretary as handler; a
/// secretary as section chief; a sysadmin as director.
#[test]
fn signoff_role_mismatch_fail() {
    assert_fail(
        "signoff-role-mismatch",
        Error,
        &[
            (
                "offices/demo/internal-audits/2026-02-25.toml",
                28,
                "2026-02-25",
            ),
            (DEC, 38, "2025-12"),
            (JAN, 44, "2026-01"),
            (FEB, 36, "2026-02"),
            (
                "offices/demo/monthly-audits/2026/2026-02.toml",
                27,
                "2026-02",
            ),
            (
                "offices/demo/permission-reviews/2026-H1.toml",
                16,
                "2026-H1",
            ),
        ],
    );
    let labels = label_lines("signoff-role-mismatch", "fail");
    assert_eq!(labels[2], vec![(JAN.to_string(), 43)]);
    assert_eq!(labels.iter().filter(|l| !l.is_empty()).count(), 1);
}

/// The deputy signs as handler; a log signed on 01-01 (the first day after its month, a
/// holiday); handler and secretary on the same day; an audit's director on its own date; a
/// secretary whose role ends on the day of their last signature.
#[test]
fn signoff_role_mismatch_pass() {
    assert_pass("signoff-role-mismatch");
}
