//! Issue 6, county scale: the generator behind the benchmarks (`imaudit-gen` (gen/),
//! `examples/gen-county.rs`) makes valid records whose only breaches are the ones it planted,
//! the same bytes for the same seed. Timing is measured by `bench/county.sh` and the criterion
//! benches, never asserted here.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Datelike;

use crate::harness::*;
use imaudit::evaluate::{evaluate, HistoryMode, Options};
use imaudit::rules::Severity;
use imaudit_gen::{self as gen, Config};

/// Two offices over seven months with every kind of planted breach: small enough for a debug
/// build, long enough for each office's staff change to happen.
fn small() -> Config {
    Config {
        breaches: Some(7),
        entries_per_month: (70, 90),
        ..Config::county(2, 7, 5)
    }
}

/// `all` (the findings on a generated county) are exactly `planted` (errors and warnings),
/// plus what is still running on the evaluation date: the last month's monthly audit, the
/// running half-year's permission review, this year's internal audits.
fn assert_exactly(county: &gen::County, planted: &[gen::Planted], all: &[Seen]) {
    let mut want: Vec<(String, String, usize, String)> = planted
        .iter()
        .map(|p| {
            let (file, line) = p.place(&county.files).expect("planted breach has a place");
            (p.rule.to_string(), file, line, p.subject.clone())
        })
        .collect();
    want.sort();
    let mut got: Vec<(String, String, usize, String)> = all
        .iter()
        .filter(|s| s.severity != Severity::Info)
        .map(|s| (s.rule.clone(), s.file.clone(), s.line, s.subject.clone()))
        .collect();
    got.sort();
    assert_eq!(got, want);

    let as_of = county.as_of;
    let last_month = (as_of - chrono::Duration::days(25))
        .format("%Y-%m")
        .to_string();
    let half = format!(
        "{}-H{}",
        as_of.year(),
        if as_of.month() <= 6 { 1 } else { 2 }
    );
    let year = as_of.year().to_string();
    for s in all.iter().filter(|s| s.severity == Severity::Info) {
        let expected = match s.rule.as_str() {
            "monthly-audit-missing" => &last_month,
            "permission-review-missing" => &half,
            "internal-audits-too-few" => &year,
            other => panic!("unexpected info finding {other}: {s:?}"),
        };
        assert_eq!(&s.subject, expected, "{s:?}");
    }
}

#[test]
fn a_generated_county_raises_exactly_its_planted_breaches() {
    let county = gen::generate(&small()).unwrap();
    let kinds: BTreeSet<&str> = county.planted.iter().map(|p| p.rule).collect();
    assert_eq!(kinds.len(), 7, "every kind of breach is planted once");

    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    gen::write(&records, &county).unwrap();
    assert_exactly(
        &county,
        &county.planted,
        &seen(&eval_without_history(&records)),
    );
}

/// The same county as a git history: one pull request per office-month, amendments, and
/// signatures committed by their signers in time, except the one planted late signature; the
/// trail rules find that and nothing else.
#[test]
fn a_generated_history_raises_exactly_its_planted_breaches() {
    let county = gen::generate(&small()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    let in_history = gen::git::write(&records, &county).unwrap();
    assert_eq!(
        in_history.iter().map(|p| p.rule).collect::<Vec<_>>(),
        ["signature-backdated"]
    );
    assert!(
        county.files.values().any(|t| t.contains("[[amendment]]")),
        "a log was corrected after sign-off"
    );
    let e = evaluate(&records, &Options::default()).unwrap();
    let trail = e.trail().expect("history was read");
    assert!(trail.history.is_some(), "history is readable");
    let planted: Vec<gen::Planted> = county.planted.iter().chain(&in_history).cloned().collect();
    assert_exactly(&county, &planted, &seen(&e));
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let one = gen::generate(&small()).unwrap();
    let two = gen::generate(&small()).unwrap();
    assert!(one.files == two.files, "same seed, different files");
    let other = gen::generate(&Config { seed: 6, ..small() }).unwrap();
    assert!(one.files != other.files, "another seed, same files");
}

#[test]
fn the_demo_records_are_what_the_generator_makes() {
    let county = gen::generate(&Config::demo()).unwrap();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    for (path, text) in &county.files {
        let on_disk = std::fs::read_to_string(records.join(path))
            .unwrap_or_else(|e| panic!("records/{path}: {e}"));
        assert!(
            &on_disk == text,
            "records/{path} differs from what `gen-county --demo` writes: regenerate it"
        );
    }
}

#[test]
fn a_bad_configuration_is_refused() {
    assert!(gen::generate(&Config::county(0, 12, 1)).is_err());
    assert!(gen::generate(&Config::county(2, 5, 1)).is_err());
}

#[test]
fn a_rebuild_rewrites_only_the_files_whose_bytes_change() {
    use imaudit::site::{self, BuildOptions};
    let county = gen::generate(&Config {
        breaches: Some(2),
        entries_per_month: (30, 40),
        ..Config::county(1, 6, 9)
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    gen::write(&records, &county).unwrap();
    let out = dir.path().join("site");
    let build = |out: &Path| {
        site::build(&eval(&records, None), out, &BuildOptions::default()).unwrap();
    };

    // The site folder's own identity: a rebuild that changes nothing leaves the folder
    // itself in place (output.rs `same_as_previous`), one that changes a page swaps it.
    #[cfg(unix)]
    let folder = |out: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(out).unwrap());
    #[cfg(not(unix))]
    let folder = |_: &Path| 0u64;

    build(&out);
    let first = site_files(&out);
    let first_folder = folder(&out);
    build(&out);
    let second = site_files(&out);
    assert_eq!(
        folder(&out),
        first_folder,
        "the folder was replaced with nothing changed"
    );
    let parent: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        parent.len(),
        2,
        "no staging folder is left beside the site: {parent:?}"
    );
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, (bytes, ino)) in &second {
        assert!(
            bytes == &first[path].0,
            "{path} changed with nothing changed"
        );
        if cfg!(unix) {
            assert_eq!(*ino, first[path].1, "{path} was written again");
        }
    }

    // One purpose changes in one log: its pages change, the rest is kept, and what is kept
    // is what a build from scratch makes.
    let (log, text) = county
        .files
        .iter()
        .find(|(p, _)| p.contains("/logs/"))
        .unwrap();
    let changed = text.replacen("purpose = \"", "purpose = \"補正：", 1);
    assert_ne!(&changed, text);
    std::fs::write(records.join(log), changed).unwrap();
    build(&out);
    let third = site_files(&out);
    if cfg!(unix) {
        assert_ne!(
            folder(&out),
            first_folder,
            "a changed site is swapped in whole"
        );
    }
    let fresh = dir.path().join("fresh");
    build(&fresh);
    let fresh = site_files(&fresh);
    assert_eq!(
        third.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    let mut rewritten = Vec::new();
    for (path, (bytes, ino)) in &third {
        assert!(bytes == &fresh[path].0, "{path} differs from a fresh build");
        let before = &second[path];
        if bytes == &before.0 {
            if cfg!(unix) {
                assert_eq!(*ino, before.1, "{path} was written again unchanged");
            }
        } else {
            rewritten.push(path.as_str());
        }
    }
    let month = log.rsplit('/').next().unwrap().trim_end_matches(".toml");
    assert!(
        rewritten
            .iter()
            .any(|p| p.ends_with(&format!("logs/{month}.html"))),
        "{rewritten:?}"
    );
    assert!(
        rewritten.len() * 4 < third.len(),
        "most files should be kept, rewritten: {rewritten:?}"
    );
}

/// Issue 12, the office as the unit: re-evaluating some offices (`serve`, the language server)
/// gives what a whole evaluation gives. Each office's findings are dropped from the earlier
/// ones before, so the re-evaluation must make them again, not keep them.
#[test]
fn re_evaluating_one_office_gives_what_a_whole_evaluation_gives() {
    use imaudit::evaluate::{reevaluate_offices, reevaluate_offices_for_site, Previous};
    let county = gen::generate(&small()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    gen::write(&records, &county).unwrap();
    let options = Options::default();
    let whole = evaluate(&records, &options).unwrap();
    let json = |e: &imaudit::evaluate::Evaluation| {
        imaudit::diag::json::render(&e.findings, e.sources(), e.as_of, e.file_count())
    };
    let offices: BTreeSet<String> = whole
        .findings
        .iter()
        .filter_map(|f| f.office.clone())
        .collect();
    assert!(offices.len() >= 2, "{offices:?}");
    for office in &offices {
        let previous = Previous {
            findings: whole
                .findings
                .iter()
                .filter(|f| f.office.as_ref() != Some(office))
                .cloned()
                .collect(),
            changed: BTreeSet::from([office.clone()]),
            as_of: whole.as_of,
        };
        let loaded = imaudit::load::load(&records).unwrap();
        let again = reevaluate_offices_for_site(&records, loaded, &options, previous.clone());
        let offices_seen = again.facts().offices.len();
        assert_eq!(json(&again), json(&whole), "re-evaluating {office}");
        assert_eq!(
            offices_seen,
            offices.len(),
            "the site reads every office's facts"
        );
        // Without a site to render (the language server): the same findings.
        let loaded = imaudit::load::load(&records).unwrap();
        let again = reevaluate_offices(&records, loaded, &options, previous);
        assert_eq!(json(&again), json(&whole), "re-evaluating {office} alone");
    }
}

/// Every report of `findings` as `check` prints it: human (with its excerpts), JSON, SARIF,
/// GitHub annotations and the Markdown comment.
fn every_report(
    findings: &[imaudit::diag::Finding],
    sources: &imaudit::source::SourceMap,
    as_of: chrono::NaiveDate,
    catalogue: &'static [&'static imaudit::catalogue::Rule],
) -> String {
    use imaudit::diag;
    [
        diag::human::render(findings, sources, false),
        diag::json::render(findings, sources, as_of, sources.len()),
        diag::sarif::render(findings, catalogue, sources, as_of),
        diag::github::render(findings, sources),
        diag::markdown::render_review(findings, sources, as_of, None, &[]),
    ]
    .join("\n----\n")
}

/// `check` office by office gives every report byte for byte as a whole evaluation does.
fn assert_by_office_is_whole(records: &Path, options: &Options) {
    let whole = evaluate(records, options).unwrap();
    let mut parts = 0;
    let by_office =
        imaudit::evaluate::check_by_office(records, options, |_, _| parts += 1).unwrap();
    assert_eq!(
        every_report(
            &by_office.findings,
            &by_office.sources,
            by_office.as_of,
            by_office.catalogue
        ),
        every_report(
            &whole.findings,
            whole.sources(),
            whole.as_of,
            whole.catalogue
        ),
        "{}",
        records.display()
    );
    let offices: BTreeSet<String> = whole.records().offices.keys().cloned().collect();
    assert_eq!(by_office.offices, offices);
    assert_eq!(
        parts,
        offices.len().div_ceil(imaudit::evaluate::OFFICES_AT_ONCE)
    );
    // What is left of the offices' texts is the lines the findings point into.
    let released = by_office
        .sources
        .iter()
        .filter(|(_, f)| f.is_released())
        .count();
    let office_files = whole
        .sources()
        .iter()
        .filter(|(_, f)| f.name.starts_with("records/offices/"))
        .count();
    assert!(released > 0 && released <= office_files, "{released}");
}

/// `build` office by office (`site::by_office`, what `imaudit build` does) writes every file of
/// the site byte for byte as a whole build (`site::build` on a whole evaluation) does.
fn assert_build_by_office_is_whole(records: &Path, options: &Options) {
    use imaudit::site::{self, BuildOptions};
    let out = tempfile::tempdir().unwrap();
    let whole = out.path().join("whole");
    let eval = evaluate(records, options).unwrap();
    let want_built = site::build(&eval, &whole, &BuildOptions::default()).unwrap();
    let parted = out.path().join("parted");
    let built = build_by_office(records, options, &parted);
    let (want, got) = (files_of_site(&whole), files_of_site(&parted));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{}", records.display());
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(
            a == b,
            "{}: {name} differs:\n{}\n----\n{}",
            records.display(),
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
    assert_eq!(
        (built.pages, built.files),
        (want_built.pages, want_built.files)
    );
}

/// A site built office by office, as `imaudit build` builds it.
fn build_by_office(records: &Path, options: &Options, out: &Path) -> imaudit::site::Built {
    use imaudit::site::{by_office::Site, BuildOptions};
    let mut site = Site::begin(out, &BuildOptions::default()).unwrap();
    let checked =
        imaudit::evaluate::check_by_office(records, options, |e, p| site.part(e, p)).unwrap();
    site.finish(&checked.into_evaluation()).unwrap()
}

/// Every file of a site, by path; the hidden ones (the page index) last, so that a page that
/// differs is the message rather than the index.
fn files_of_site(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (rel.display().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort_by(|a, b| (a.0.starts_with('.'), &a.0).cmp(&(b.0.starts_with('.'), &b.0)));
    files
}

/// Issue 12: a build made office by office over its old site takes the old manifest's entries
/// of records whose text is the same (`site::manifest::Reusable`) instead of hashing their
/// content again, and writes what a build into an empty folder writes: after nothing changed,
/// and after a signed log changed (its entry made anew).
#[test]
fn rebuilding_office_by_office_reuses_the_entries_of_unchanged_records() {
    let county = gen::generate(&small()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    gen::write(&records, &county).unwrap();
    let site = dir.path().join("site");
    build_by_office(&records, &Options::default(), &site);
    let manifest = || std::fs::read_to_string(site.join("manifest.json")).unwrap();
    let first = manifest();
    // An entry of the old manifest altered in place (same size, so the old site is trusted):
    // a rebuild with nothing changed keeps it, which shows the entry was reused, not made.
    let hash_at = first.find("\"content_sha256\": \"").unwrap() + 19;
    let altered_hash = format!(
        "{}{}",
        if &first[hash_at..hash_at + 1] == "0" {
            "1"
        } else {
            "0"
        },
        &first[hash_at + 1..hash_at + 64]
    );
    let altered = format!(
        "{}{}{}",
        &first[..hash_at],
        altered_hash,
        &first[hash_at + 64..]
    );
    std::fs::write(site.join("manifest.json"), &altered).unwrap();
    build_by_office(&records, &Options::default(), &site);
    assert!(
        manifest().contains(&altered_hash),
        "the old entry was reused"
    );
    std::fs::write(site.join("manifest.json"), &first).unwrap();
    // A signed log changed: its entry is made anew, the others reused, and the site is what
    // a build into an empty folder makes.
    let log = county
        .files
        .keys()
        .find(|p| p.contains("/logs/"))
        .unwrap()
        .clone();
    let text = std::fs::read_to_string(records.join(&log)).unwrap();
    std::fs::write(
        records.join(&log),
        text.replacen("purpose = \"", "purpose = \"改 ", 1),
    )
    .unwrap();
    build_by_office(&records, &Options::default(), &site);
    let fresh = dir.path().join("fresh");
    build_by_office(&records, &Options::default(), &fresh);
    let (got, want) = (files_of_site(&site), files_of_site(&fresh));
    assert_eq!(got.len(), want.len());
    for ((name, a), (other, b)) in got.iter().zip(&want) {
        assert_eq!(name, other);
        if name != ".imaudit-pages" {
            assert!(a == b, "{name} differs from a fresh build's");
        }
    }
    assert_ne!(manifest(), first, "the changed log's entry");
}

/// Issue 12, `check` office by office: on a generated county of three offices (two read at
/// once, then one) with every kind of planted breach, and on its git history, the reports are
/// those of a whole evaluation; with one rule on, too.
#[test]
fn checking_office_by_office_gives_what_a_whole_evaluation_gives() {
    let county = gen::generate(&Config {
        breaches: Some(7),
        entries_per_month: (70, 90),
        ..Config::county(3, 7, 5)
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain/records");
    gen::write(&plain, &county).unwrap();
    assert_by_office_is_whole(&plain, &Options::default());
    assert_build_by_office_is_whole(&plain, &Options::default());
    let only = Options {
        only: Some(BTreeSet::from(["termination-overdue"])),
        ..Options::default()
    };
    assert_by_office_is_whole(&plain, &only);
    // Against a manifest published before a signed log was moved to the last office's folder
    // (read in another part than its own), another changed and a third deleted: the moved one
    // is found by its content across parts, as a whole evaluation finds it.
    let published = {
        let eval = evaluate(&plain, &Options::default()).unwrap();
        imaudit::manifest::Manifest::of(eval.records(), eval.sources(), None, eval.as_of)
    };
    let signed_log = |office: &str| {
        published
            .records
            .iter()
            .find(|r| r.signed && r.path.starts_with(&format!("offices/{office}/logs/")))
            .unwrap_or_else(|| panic!("{office} has a signed log"))
            .path
            .clone()
    };
    let offices: Vec<String> = county
        .files
        .keys()
        .filter_map(|p| p.strip_prefix("offices/")?.split('/').next())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (first, second, last) = (&offices[0], &offices[1], &offices[2]);
    let moved = signed_log(first);
    // Under a month no log of that office has: nothing is overwritten.
    let to = plain.join(format!("offices/{last}/logs/2019/2019-01.toml"));
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(plain.join(&moved), &to).unwrap();
    let changed = plain.join(signed_log(second));
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(
        &changed,
        text.replacen("purpose = \"", "purpose = \"改 ", 1),
    )
    .unwrap();
    std::fs::remove_file(plain.join(signed_log(last))).unwrap();
    let against = Options {
        manifest: Some(published.into()),
        ..Options::default()
    };
    let whole = evaluate(&plain, &against).unwrap();
    let rewritten: Vec<_> = whole
        .findings
        .iter()
        .filter(|f| f.rule.id == "history-rewritten")
        .map(|f| f.office.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        rewritten,
        [second.clone(), last.clone()],
        "{:#?}",
        whole.findings
    );
    assert_by_office_is_whole(&plain, &against);
    let git = dir.path().join("git/records");
    gen::git::write(&git, &county).unwrap();
    assert_by_office_is_whole(&git, &Options::default());
    assert_build_by_office_is_whole(&git, &Options::default());
}

/// The same on every rule's fixtures (each overlay on the base county, every rule on): what
/// each rule raises when the records are read office by office, reading and git-free rules
/// alike, with the excerpts the human report shows.
#[test]
fn checking_office_by_office_gives_what_a_whole_evaluation_gives_on_every_fixture() {
    let rules = fixtures().join("rules");
    let mut cases = 0;
    for rule in std::fs::read_dir(&rules).unwrap() {
        let rule = rule.unwrap().path();
        for case in std::fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            if !case.is_dir() {
                continue;
            }
            let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
            let dir = overlay(&name(&rule), &name(&case));
            let options = Options {
                history: HistoryMode::Skip,
                ..Options::default()
            };
            assert_by_office_is_whole(&dir.path().join("records"), &options);
            assert_build_by_office_is_whole(&dir.path().join("records"), &options);
            cases += 1;
        }
    }
    assert!(cases > 80, "{cases}");
}
