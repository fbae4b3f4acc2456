//! Golden snapshots of the human report (`check`'s default output, the thing people read
//! most), one per rule: its failing fixture with that rule alone on, rendered without colour.
//! The fixture tests assert what is found; these hold how it reads. A changed message shows
//! as a diff in review (`INSTA_UPDATE=always cargo test --test it report::` rewrites them;
//! read the diff before committing it).

use imaudit::diag;

use crate::harness::{eval, is_git_rule, overlay};

#[test]
fn each_rules_failing_fixture_reads_as_snapshotted() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/report");
    settings.bind(|| {
        for rule in imaudit::rules::all()
            .into_iter()
            .filter(|r| !is_git_rule(r))
        {
            let dir = overlay(rule.id, "fail");
            let e = eval(&dir.path().join("records"), Some(&[rule.id]));
            assert!(
                !e.findings.is_empty(),
                "{}: the fail fixture found nothing",
                rule.id
            );
            let text = diag::human::render(&e.findings, e.sources(), false);
            insta::assert_snapshot!(rule.id, text);
        }
    });
}
