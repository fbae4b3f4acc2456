//! The command line: exit codes (cli.md), formats, and one clear line on stderr when the
//! command itself cannot run.

use std::process::Command;

use crate::harness::fixtures;

fn imaudit() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imaudit"))
}

#[test]
fn missing_records_folder_is_exit_2_with_one_line() {
    let out = imaudit()
        .args(["check", "--records", "/nonexistent/records"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("找不到紀錄資料夾"), "{err}");
}

#[test]
fn unknown_flag_is_exit_2_with_one_line() {
    let out = imaudit().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--bogus"), "{err}");
}

#[test]
fn clean_records_exit_0_and_json_has_the_spec_shape() {
    let base = fixtures().join("base/records");
    let out = imaudit()
        .args(["check", "--format", "json", "--records"])
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["as_of"], "2026-03-05");
    let keys: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["error", "files", "info", "warning"]);
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn json_finding_fields_match_cli_md() {
    let dir = crate::harness::overlay("unknown-reference", "fail");
    let out = imaudit()
        .args([
            "check",
            "--format",
            "json",
            "--only",
            "unknown-reference",
            "--records",
        ])
        .arg(dir.path().join("records"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // Key order is the spec's, and absent values are omitted rather than null.
    let order = [
        "\"rule\"",
        "\"severity\"",
        "\"clause\"",
        "\"office\"",
        "\"subject\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"message\"",
    ];
    let mut at = 0;
    for key in order {
        let i = text[at..]
            .find(key)
            .unwrap_or_else(|| panic!("{key} missing or out of order in {text}"));
        at += i;
    }
    assert!(!text.contains("null"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "unknown-reference");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["clause"], "三(一)");
    assert_eq!(f["office"], "demo");
    assert_eq!(f["subject"], "nobody");
    assert_eq!(f["file"], "records/offices/demo/logs/2026/2026-01.toml");
    assert_eq!(f["line"], 4);
    assert_eq!(v["summary"]["error"], 1);
}

#[test]
fn output_is_byte_identical_between_runs() {
    let run = || {
        imaudit()
            .args(["check", "--format", "json", "--records"])
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records"))
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn explain_prints_the_rule() {
    let out = imaudit()
        .args(["check", "--explain", "termination-overdue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("termination-overdue（error，要點 三(四)"),
        "{text}"
    );
    let out = imaudit()
        .args(["check", "--explain", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_every_rule_once() {
    let out = imaudit().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in imaudit::rules::all() {
        assert_eq!(
            text.lines()
                .filter(|l| l.split_whitespace().next() == Some(rule.id))
                .count(),
            1,
            "{}",
            rule.id
        );
    }
}

/// What a run of the binary ended with: its exit code and stderr, for the assertion message.
fn status(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Records with an error finding (an unknown person in a log): `check` exits 1 on them, and
/// every other command (cli.md "Exit status") still exits 0 when it did its job.
fn records_with_an_error() -> tempfile::TempDir {
    let dir = crate::harness::overlay("unknown-reference", "fail");
    let (code, err) = status(
        imaudit()
            .args(["check", "--format", "json", "--records"])
            .arg(dir.path().join("records")),
    );
    assert_eq!(code, Some(1), "the fixture must hold an error: {err}");
    dir
}

#[test]
fn build_exits_0_with_error_findings_and_1_only_with_fail_on() {
    let dir = records_with_an_error();
    let records = dir.path().join("records");
    let site = dir.path().join("site");
    let (code, err) = status(
        imaudit()
            .args(["build", "--records"])
            .arg(&records)
            .arg("--out")
            .arg(&site),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(site.join("index.html").is_file());
    // The old gate, for whoever wants it: the site is still written.
    std::fs::remove_dir_all(&site).unwrap();
    let (code, err) = status(
        imaudit()
            .args(["build", "--fail-on", "error", "--records"])
            .arg(&records)
            .arg("--out")
            .arg(&site),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(site.join("index.html").is_file());
    // Clean records pass the gate.
    let clean = crate::harness::base_copy();
    let (code, err) = status(
        imaudit()
            .args(["build", "--fail-on", "error", "--records"])
            .arg(clean.path().join("records"))
            .arg("--out")
            .arg(clean.path().join("site")),
    );
    assert_eq!(code, Some(0), "{err}");
    // Could not run: no records folder; an output path under a file.
    let (code, err) = status(
        imaudit()
            .args(["build", "--records", "/nonexistent/records", "--out"])
            .arg(dir.path().join("site2")),
    );
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    std::fs::write(dir.path().join("plain-file"), "").unwrap();
    let (code, err) = status(
        imaudit()
            .args(["build", "--records"])
            .arg(&records)
            .arg("--out")
            .arg(dir.path().join("plain-file/site")),
    );
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
}

#[test]
fn reporting_commands_exit_0_with_error_findings_and_2_when_they_cannot_run() {
    let dir = records_with_an_error();
    let records = dir.path().join("records");
    let with_records = |args: &[&str]| {
        let mut c = imaudit();
        c.arg(args[0])
            .arg("--records")
            .arg(&records)
            .args(&args[1..]);
        c
    };
    // deadlines, with and without the feed.
    let ics = dir.path().join("deadlines.ics");
    let (code, err) = status(with_records(&["deadlines", "--ics"]).arg(&ics));
    assert_eq!(code, Some(0), "{err}");
    assert!(ics.is_file());
    let (code, err) =
        status(with_records(&["deadlines", "--ics"]).arg(dir.path().join("no/such/dir.ics")));
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // export.
    let (code, err) = status(
        with_records(&["export", "--office", "demo", "--year", "2026", "--out"])
            .arg(dir.path().join("exports")),
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = status(
        with_records(&["export", "--office", "nowhere", "--year", "2026", "--out"])
            .arg(dir.path().join("exports")),
    );
    assert_eq!(code, Some(2), "{err}");
    // new: written once, refused the second time (it never overwrites).
    let new = ["new", "log", "--office", "demo", "--month", "2026-12"];
    let (code, err) = status(&mut with_records(&new));
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = status(&mut with_records(&new));
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // new without what the kind needs.
    let (code, err) = status(&mut with_records(&["new", "log", "--office", "demo"]));
    assert_eq!(code, Some(2), "{err}");
    // import-system-log: an office that is not there.
    let csv = dir.path().join("system.csv");
    std::fs::write(&csv, "時間,帳號,功能\n").unwrap();
    let (code, err) = status(
        with_records(&[
            "import-system-log",
            "--office",
            "nowhere",
            "--month",
            "2026-11",
        ])
        .arg(&csv),
    );
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // history: these records are not in a git repository of their own… (the fixture copy
    // sits in a temporary folder).
    let (code, err) =
        status(with_records(&["history"]).arg(records.join("offices/demo/office.toml")));
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // rules and --explain need no records at all.
    assert_eq!(status(imaudit().arg("rules")).0, Some(0));
    assert_eq!(status(imaudit().args(["rules", "--coverage"])).0, Some(0));
    assert_eq!(status(imaudit().args(["rules", "--bogus"])).0, Some(2));
    // serve cannot run without records (it never ends otherwise).
    let (code, err) =
        status(imaudit().args(["serve", "--records", "/nonexistent/records", "--port", "0"]));
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn init_schema_and_history_exit_0_when_done_and_2_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("county");
    let (code, err) = status(imaudit().arg("init").arg(&repo));
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = status(imaudit().arg("init").arg(&repo));
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // history of a committed record, in the new repository.
    let (code, err) = status(
        imaudit()
            .current_dir(&repo)
            .args(["history", "records/county.toml"]),
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = status(
        imaudit()
            .current_dir(&repo)
            .args(["history", "/elsewhere/county.toml"]),
    );
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
    // schema: written; and not, into a path under a file.
    let (code, err) = status(
        imaudit()
            .args(["schema", "--out"])
            .arg(dir.path().join("schemas")),
    );
    assert_eq!(code, Some(0), "{err}");
    std::fs::write(dir.path().join("plain-file"), "").unwrap();
    let (code, err) = status(
        imaudit()
            .args(["schema", "--out"])
            .arg(dir.path().join("plain-file/schemas")),
    );
    assert_eq!((code, err.lines().count()), (Some(2), 1), "{err}");
}

/// The .deb's man pages and completions (docs/install.md) come from the same clap definitions
/// as `--help`: one page a visible command, each rendering with man; completions for bash
/// (valid bash), zsh and fish that know every command.
#[test]
fn generate_assets_writes_a_man_page_per_command_and_completions() {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = status(imaudit().arg("generate-assets").arg(dir.path()));
    assert_eq!(code, Some(0), "{err}");
    let cli = imaudit::cli::Cli::command();
    let commands: Vec<String> = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(commands.contains(&"check".to_string()));
    assert!(!commands.contains(&"generate-assets".to_string()));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path().join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut want: Vec<String> = commands.iter().map(|c| format!("imaudit-{c}.1")).collect();
    want.push("imaudit.1".into());
    want.sort();
    assert_eq!(pages, want);
    let check = std::fs::read_to_string(dir.path().join("man/imaudit-check.1")).unwrap();
    assert!(check.contains("檢查所有紀錄"), "{check}");
    for file in ["imaudit.bash", "_imaudit", "imaudit.fish"] {
        let text = std::fs::read_to_string(dir.path().join("completions").join(file)).unwrap();
        for c in &commands {
            assert!(text.contains(c.as_str()), "{file} lacks {c}");
        }
    }
    let bash = Command::new("bash")
        .arg("-n")
        .arg(dir.path().join("completions/imaudit.bash"))
        .output()
        .unwrap();
    assert!(bash.status.success(), "{bash:?}");
    if let Some(man) = crate::tools::find("man", &["/usr/bin/man"], "apt-get install man-db") {
        let out = Command::new(man)
            .arg("-l")
            .arg(dir.path().join("man/imaudit.1"))
            .env("MANPAGER", "cat")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("imaudit"), "{out:?}");
    }
}
