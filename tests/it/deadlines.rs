//! `imaudit deadlines`: soonest first, and an iCalendar feed that a real parser reads and that
//! matches the list.

use std::process::Command;

use icalendar::{Calendar, CalendarComponent, Component};

#[test]
fn ics_parses_and_matches_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let ics_path = dir.path().join("deadlines.ics");
    let records = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    let out = Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["deadlines", "--records"])
        .arg(&records)
        .arg("--ics")
        .arg(&ics_path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines.len() >= 5, "{list}");

    // Soonest first: the ISO date in brackets is non-decreasing.
    let dates: Vec<&str> = lines
        .iter()
        .map(|l| l.split('（').nth(1).unwrap().split('）').next().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);

    let raw = std::fs::read_to_string(&ics_path).unwrap();
    // RFC 5545: CRLF line ends, no line over 75 octets.
    assert!(raw.ends_with("\r\n") && !raw.replace("\r\n", "").contains('\n'));
    assert!(raw.split("\r\n").all(|l| l.len() <= 75));

    let cal: Calendar = raw.parse().expect("a valid iCalendar file");
    let events: Vec<&icalendar::Event> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), lines.len());
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    for (event, date) in events.iter().zip(&dates) {
        let start = event.property_value("DTSTART").unwrap();
        assert_eq!(start, date.replace('-', ""));
        assert!(
            event.get_summary().unwrap().contains('期'),
            "{:?}",
            event.get_summary()
        );
    }

    // The same records give the same bytes (stable UIDs, DTSTAMP from the evaluation date).
    let again = dir.path().join("again.ics");
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
        .args(["deadlines", "--records"])
        .arg(&records)
        .arg("--ics")
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), raw.into_bytes());
}
