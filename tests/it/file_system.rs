//! The file system's traps under `records/`: symbolic links (inside and out), runaway files
//! over the size limit, named pipes: never followed, never read, always reported.

use std::process::Command;

use crate::encodings::located;
use crate::harness::{base_copy, eval_without_history, fixtures, JAN};

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_outside_the_records_is_not_followed() {
    let dir = base_copy();
    let outside = dir.path().join("outside.toml");
    // Content that would load as a valid log if it were followed.
    std::fs::copy(fixtures().join("base/records").join(JAN), &outside).unwrap();
    let link = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let e = eval_without_history(&dir.path().join("records"));
    let got: Vec<_> = located(&e)
        .into_iter()
        .map(|l| (l.rule, l.file, l.line))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string(),
            1
        )]
    );
    assert!(!e.records().offices["demo"]
        .logs
        .contains_key(&"2026-03".parse().unwrap()));
    let (_, source) = e
        .sources()
        .iter()
        .find(|(_, f)| f.name.ends_with("2026-03.toml"))
        .unwrap();
    assert!(source.text.is_empty(), "the link's target was read");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_record_inside_the_records_is_not_followed_either() {
    let dir = base_copy();
    let link = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    std::os::unix::fs::symlink("2026-01.toml", &link).unwrap();
    let got: Vec<_> = located(&eval_without_history(&dir.path().join("records")))
        .into_iter()
        .map(|l| (l.rule, l.file))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string()
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_outside_the_records_is_not_entered() {
    let dir = base_copy();
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir_all(outside.join("logs/2026")).unwrap();
    std::fs::write(outside.join("office.toml"), "name = \"x\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("records/offices/ghost")).unwrap();
    let e = eval_without_history(&dir.path().join("records"));
    let got: Vec<_> = located(&e).into_iter().map(|l| (l.rule, l.file)).collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/ghost".to_string()
        )]
    );
    assert!(!e.records().offices.contains_key("ghost"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = base_copy();
    let path = dir.path().join("records").join(JAN);
    // Sparse: set_len costs no disk and no memory; reading it would cost 64 MiB.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(imaudit::load::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let e = eval_without_history(&dir.path().join("records"));
    let got = located(&e);
    let at: Vec<_> = got
        .iter()
        .map(|l| (l.rule.as_str(), l.file.as_str(), l.line, l.column))
        .collect();
    assert_eq!(
        at,
        vec![(
            "parse-error",
            "records/offices/demo/logs/2026/2026-01.toml",
            1,
            1
        )]
    );
    assert!(got[0].message.contains("64 MiB"), "{}", got[0].message);
    let (_, source) = e
        .sources()
        .iter()
        .find(|(_, f)| f.name.ends_with("2026-01.toml"))
        .unwrap();
    assert!(source.text.is_empty(), "the file was read");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_records_is_reported_not_read() {
    // Reading a FIFO blocks until someone writes to it: the check would hang forever.
    let dir = base_copy();
    let fifo = dir
        .path()
        .join("records/offices/demo/logs/2026/2026-03.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let got: Vec<_> = located(&eval_without_history(&dir.path().join("records")))
        .into_iter()
        .map(|l| (l.rule, l.file))
        .collect();
    assert_eq!(
        got,
        vec![(
            "unexpected-file".to_string(),
            "records/offices/demo/logs/2026/2026-03.toml".to_string()
        )]
    );
}
