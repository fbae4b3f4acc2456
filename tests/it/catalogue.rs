//! Meta-tests that keep the catalogue honest (STYLE.md, after clippy's): ids unique and
//! kebab-case, every rule of rules.md implemented, every rule with both fixtures, every clause
//! covered by a rule or a stated reason, every clause anchor present in regulation.md.

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::is_git_rule;
use imaudit::rules::{self, clauses};

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for r in rules::all() {
        assert!(seen.insert(r.id), "duplicate id {}", r.id);
        assert!(
            r.id.split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
            "{} is not kebab-case",
            r.id
        );
        assert!(
            !r.summary.is_empty() && !r.explanation.trim().is_empty(),
            "{} lacks text",
            r.id
        );
    }
}

#[test]
fn every_rule_of_the_spec_is_in_the_catalogue() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&spec) else {
        eprintln!(
            "skipped: {} not found (CI has ../shared beside the checkout)",
            spec.display()
        );
        return;
    };
    let ids: BTreeSet<&str> = rules::all().iter().map(|r| r.id).collect();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let id = line.trim_start_matches("| `").split('`').next().unwrap();
        assert!(
            ids.contains(id),
            "rules.md names {id}, the catalogue lacks it"
        );
    }
}

#[test]
fn every_rule_has_a_fail_and_a_pass_fixture() {
    let root = crate::harness::fixtures().join("rules");
    for r in rules::all() {
        if is_git_rule(r) {
            continue;
        }
        for case in ["fail", "pass"] {
            assert!(
                root.join(r.id).join(case).is_dir(),
                "{} has no {case} fixture",
                r.id
            );
        }
    }
}

#[test]
fn every_clause_is_covered_or_explained() {
    let all = rules::all();
    for c in clauses::ALL {
        let covered = all.iter().any(|r| std::ptr::eq(r.clause, *c));
        assert!(
            covered || c.not_checkable.is_some() || clauses::partial_reason(c).is_some(),
            "clause {} has neither a rule nor a reason",
            c.label
        );
    }
}

#[test]
fn every_clause_anchor_is_in_regulation_md() {
    let md = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("records/regulation.md"),
    )
    .unwrap();
    for c in clauses::ALL {
        assert!(
            md.contains(&format!("<a id=\"{}\"></a>", c.anchor)),
            "regulation.md lacks the anchor {}",
            c.anchor
        );
    }
}

/// STYLE.md: the vocabulary sits lowest and dependencies point one way. Nothing beneath the
/// rules (or beside them, showing what they found) names `crate::rules`: they take the
/// catalogue from `catalogue` and the list of rules from the evaluation.
#[test]
fn the_layers_beneath_the_rules_do_not_import_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let beneath = [
        "catalogue",
        "load",
        "model",
        "facts",
        "diag",
        "history",
        "time",
        "text",
        "site",
        "manifest.rs",
        "source.rs",
    ];
    let mut offenders = Vec::new();
    for part in beneath {
        for entry in walkdir::WalkDir::new(src.join(part)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if code.contains("crate::rules") {
                    offenders.push(format!("{}:{}", entry.path().display(), n + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "imports crate::rules: {offenders:?}");
}

/// A newcomer finds a rule by its id in one step: the file that declares it is named after it
/// (ids that are one computation at two severities share the file of the first).
#[test]
fn each_rule_lives_in_a_file_named_after_its_id() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut declared = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("id: \""))
            .filter_map(|l| l.split('"').next())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let stem = path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .replace('_', "-");
        assert!(
            ids.contains(&stem.as_str()),
            "{} declares {ids:?}: name it after one of them",
            path.display()
        );
        declared.extend(ids.into_iter().map(str::to_string));
    }
    let all: BTreeSet<String> = rules::all().iter().map(|r| r.id.to_string()).collect();
    assert_eq!(declared, all);
}

/// The site finds the rules whose findings it marks in place (a missing record's cell, an
/// unreadable file, a deleted record) by `Rule::marks`, not by id: each mark is one rule's.
#[test]
fn each_mark_belongs_to_one_rule() {
    use imaudit::catalogue::Marks;
    for mark in [
        Marks::MissingLog,
        Marks::MissingMonthlyAudit,
        Marks::MissingPermissionReview,
        Marks::TooFewInternalAudits,
        Marks::UnreadableFile,
        Marks::DeletedRecord,
    ] {
        let of: Vec<&str> = rules::all()
            .iter()
            .filter(|r| r.marks == mark)
            .map(|r| r.id)
            .collect();
        assert_eq!(of.len(), 1, "{mark:?} is marked by {of:?}");
    }
}
