//! One evaluation of a records folder: load, compute facts, run the rules, sort. `check`,
//! `build` and the tests all go through here, each way in taking one [`Options`]; `check` reads
//! the county office by office ([`check_by_office`]) so its memory is set by the largest office.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::catalogue::Rule;
use crate::diag::{self, Finding};
use crate::facts::Facts;
use crate::history::Trail;
use crate::load::by_office::ByOffice;
use crate::load::{self, LoadError, Loaded};
use crate::manifest::Manifest;
use crate::model::Records;
use crate::source::{FileId, SourceMap};

/// One evaluation: what was read, the facts made of it, and the findings. It owns the facts
/// with the records they borrow (a self-referential cell), so that whoever reads the
/// evaluation after the rules (the site, `new`, `serve`) reads the rules' own facts rather
/// than making them again (issue 12 step 2).
pub struct Evaluation {
    read: Cell,
    pub as_of: NaiveDate,
    /// Every finding, sorted as cli.md says.
    pub findings: Vec<Finding>,
    /// Every rule in catalogue order, for the outputs that list them (SARIF's rules, the
    /// site's rule pages and coverage), which sit beneath the rules and so cannot ask them.
    pub catalogue: &'static [&'static Rule],
}

/// What an evaluation read, which its facts borrow.
pub struct Read {
    pub records: Records,
    pub sources: SourceMap,
    /// Git history of the records (the change trail), when it was read: the site's history
    /// pages read the same index the rules did.
    pub trail: Option<Trail>,
    /// The manifest the records are held against (`check --against-manifest`), and the
    /// county's as it is now when made beforehand (`Facts::current`).
    manifest: Option<Arc<Manifest>>,
    current: Option<Arc<Manifest>>,
}

self_cell::self_cell!(
    /// [`Read`] with the [`Facts`] made of it.
    struct Cell {
        owner: Read,
        #[covariant]
        dependent: Facts,
    }
);

/// The facts of `read`, as `make` makes them, with its trail and manifests.
fn cell(read: Read, make: impl for<'a> FnOnce(&'a Read) -> Facts<'a>) -> Cell {
    Cell::new(read, |read| {
        let mut facts = make(read);
        facts.trail = read.trail.as_ref();
        facts.manifest = read.manifest.as_deref();
        facts.current = read.current.as_deref();
        facts
    })
}

impl Evaluation {
    /// The records read.
    pub fn records(&self) -> &Records {
        &self.read.borrow_owner().records
    }

    /// Every file read, by id.
    pub fn sources(&self) -> &SourceMap {
        &self.read.borrow_owner().sources
    }

    /// The change trail, when history was read.
    pub fn trail(&self) -> Option<&Trail> {
        self.read.borrow_owner().trail.as_ref()
    }

    /// The facts the rules read.
    pub fn facts(&self) -> &Facts<'_> {
        self.read.borrow_dependent()
    }

    /// What was read, the facts dropped: `serve` and the language server keep the records
    /// between rebuilds and re-read only the files that changed.
    pub fn into_read(self) -> Read {
        self.read.into_owner()
    }

    /// Files read (the `files` count of the JSON summary): every file under records/ that
    /// imaudit looked at, README files excluded.
    pub fn file_count(&self) -> usize {
        self.sources().len()
    }
}

/// Whether to read git history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HistoryMode {
    /// Read it whenever a rule that needs it is on (the default).
    #[default]
    Read,
    /// Do not open the repository: the records are judged as files alone, and the git rules
    /// (and `history-unavailable`) stay silent. For fixture tests whose folder happens to sit
    /// inside this project's own repository.
    Skip,
}

/// What to evaluate, and how: every way in ([`evaluate`], [`evaluate_loaded`],
/// [`reevaluate_offices`], [`check_by_office`]) takes these.
#[derive(Default, Clone)]
pub struct Options {
    /// `--as-of`; else county.toml's `as_of`, else today in Taiwan.
    pub as_of: Option<NaiveDate>,
    /// Keep only these rules' findings (tests switch one rule on at a time).
    pub only: Option<BTreeSet<&'static str>>,
    /// Whether to read git history.
    pub history: HistoryMode,
    /// A manifest published by an earlier build to hold the records against
    /// (`check --against-manifest`, rule `history-rewritten`).
    pub manifest: Option<Arc<Manifest>>,
}

pub fn evaluate(root: &Path, options: &Options) -> Result<Evaluation, LoadError> {
    Ok(evaluate_loaded(root, load::load(root)?, options))
}

/// [`evaluate`] on records already loaded from `root`: `serve` and the language server keep
/// them between rebuilds and re-read only the files that changed (`Loaded::reread`).
pub fn evaluate_loaded(root: &Path, loaded: Loaded, options: &Options) -> Evaluation {
    evaluate_core(root, loaded, options, None)
}

/// The findings of an earlier evaluation of the same loaded records, and the offices whose
/// files have changed since (re-read in place, `Loaded::reread`).
#[derive(Clone)]
pub struct Previous {
    pub findings: Vec<Finding>,
    pub changed: BTreeSet<String>,
    /// The evaluation date they were made on: on another day every office is evaluated again
    /// (a deadline may have passed anywhere).
    pub as_of: NaiveDate,
}

/// [`evaluate_loaded`] after some offices' files changed: the rules run on those offices
/// alone, and every other office keeps the findings it had (an editor's language server: a
/// county of 20 offices re-checks one). A finding belongs to the office it names; the
/// county-wide ones (no office) are kept as they were, since no office's file makes them.
/// Exact because no rule reads one office's records to judge another's (tests/it/serve.rs
/// holds a re-evaluation to a whole one after every kind of edit). Only the changed offices'
/// facts are made.
pub fn reevaluate_offices(
    root: &Path,
    loaded: Loaded,
    options: &Options,
    previous: Previous,
) -> Evaluation {
    evaluate_core(
        root,
        loaded,
        options,
        Some((previous, Need::ChangedOffices)),
    )
}

/// [`reevaluate_offices`] for a site (`serve`): the facts hold every office, the unchanged
/// ones without their usage sessions, whose pages the site keeps (`site::build_reusing`).
pub fn reevaluate_offices_for_site(
    root: &Path,
    loaded: Loaded,
    options: &Options,
    previous: Previous,
) -> Evaluation {
    evaluate_core(root, loaded, options, Some((previous, Need::AllOffices)))
}

/// Which offices' facts the caller of an evaluation reads after the rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Every office's (the site renders them all).
    AllOffices,
    /// The changed ones' alone (nothing reads the facts after the rules).
    ChangedOffices,
}

fn evaluate_core(
    root: &Path,
    loaded: Loaded,
    options: &Options,
    previous: Option<(Previous, Need)>,
) -> Evaluation {
    let as_of = as_of_of(options, &loaded.records);
    let trail = open_trail(root, options);
    let (previous, changed, need) = match previous {
        Some((p, need)) if p.as_of == as_of => (Some(p.findings), Some(p.changed), need),
        _ => (None, None, Need::AllOffices),
    };
    let changed = changed.as_ref();
    let in_scope = |office: &Option<String>| match (changed, office) {
        (None, _) => true,
        (Some(changed), Some(o)) => changed.contains(o),
        (Some(_), None) => false,
    };
    let mut problems = loaded.problems;
    problems.retain(|p| in_scope(&p.office));
    let read = Read {
        records: loaded.records,
        sources: loaded.sources,
        trail,
        manifest: options.manifest.clone(),
        current: None,
    };
    let read = cell(read, |r| match (changed, need) {
        (Some(changed), Need::ChangedOffices) => {
            Facts::of_offices(&r.records, &r.sources, as_of, |o| changed.contains(o))
        }
        // The site keeps the other offices' pages (`site::build_reusing`): their usage
        // sessions, most of the facts' cost, are left out.
        (Some(changed), Need::AllOffices) => {
            Facts::with_logs_of(&r.records, &r.sources, as_of, |o| changed.contains(o))
        }
        _ => Facts::new(&r.records, &r.sources, as_of),
    });
    let mut eval = Evaluation {
        read,
        as_of,
        findings: crate::rules::reading::findings_of(problems),
        catalogue: crate::rules::catalogue(),
    };
    if let Some(previous) = previous {
        let kept = previous.into_iter().filter(|f| !in_scope(&f.office));
        eval.findings.extend(kept);
    }
    let found = eval.read.with_dependent_mut(|_, facts| match changed {
        None => crate::rules::run(facts, options.only.as_ref()),
        Some(changed) => {
            // The rules see the changed offices alone; the site gets them all back.
            let all = std::mem::take(&mut facts.offices);
            let (mine, others): (Vec<_>, Vec<_>) =
                all.into_iter().partition(|o| changed.contains(o.id));
            facts.offices = mine;
            let mut found = crate::rules::run(facts, options.only.as_ref());
            found.retain(|f| in_scope(&f.office));
            facts.offices.extend(others);
            facts.offices.sort_by(|a, b| a.id.cmp(b.id));
            found
        }
    });
    eval.findings.extend(found);
    if let Some(only) = &options.only {
        eval.findings.retain(|f| only.contains(f.rule.id));
    }
    let facts = eval.read.borrow_dependent();
    diag::sort(&mut eval.findings, facts.sources);
    name_findings(facts, &mut eval.findings);
    eval
}

/// The evaluation date: `--as-of`, else county.toml's `as_of`, else today in Taiwan.
fn as_of_of(options: &Options, records: &Records) -> NaiveDate {
    options
        .as_of
        .or_else(|| {
            records
                .county
                .as_ref()
                .and_then(|c| c.data.as_of.as_ref())
                .map(|d| d.get_ref().0)
        })
        .unwrap_or_else(crate::time::today_in_taiwan)
}

/// One walk of history for the whole run, and only when a rule that reads it is on.
fn open_trail(root: &Path, options: &Options) -> Option<Trail> {
    let wanted = match &options.only {
        None => true,
        Some(only) => only
            .iter()
            .any(|id| crate::rules::evaluation::needs_history(id)),
    };
    (options.history == HistoryMode::Read && wanted).then(|| Trail::open(root))
}

/// What `check` reports, made office by office ([`check_by_office`]).
pub struct Checked {
    /// The county-level records (county.toml, the calendars, the 要點): the offices' are
    /// released once judged.
    pub records: Records,
    /// Every file read, by name; the offices' texts are released but for the lines the
    /// findings point into.
    pub sources: SourceMap,
    pub as_of: NaiveDate,
    /// Every finding, sorted as cli.md says: the same as [`Evaluation::findings`].
    pub findings: Vec<Finding>,
    /// The offices of the records (`check --office` names one of them).
    pub offices: BTreeSet<String>,
    pub trail: Option<Trail>,
    pub catalogue: &'static [&'static Rule],
}

impl Checked {
    /// The evaluation the checked county amounts to, its records the county-level ones alone
    /// (`build` renders the county's pages from it, the offices' having been rendered part by
    /// part: `site::by_office`).
    pub fn into_evaluation(self) -> Evaluation {
        let read = Read {
            records: self.records,
            sources: self.sources,
            trail: self.trail,
            manifest: None,
            current: None,
        };
        let as_of = self.as_of;
        Evaluation {
            read: cell(read, |r| Facts::new(&r.records, &r.sources, as_of)),
            as_of,
            findings: self.findings,
            catalogue: self.catalogue,
        }
    }
}

/// One part of a county read by [`check_by_office`]: a few offices, read with the county-level
/// files.
pub struct Part<'p> {
    pub offices: &'p [String],
    /// The files read for this part (the offices' own).
    pub files: Vec<FileId>,
}

/// How many offices [`check_by_office`] reads and judges at once: two keep this machine's two
/// cores busy while one office parses or sorts its sessions, and the peak stays a couple of
/// offices (issue 12).
pub const OFFICES_AT_ONCE: usize = 2;

/// [`evaluate`] read office by office: the county-level files once, then
/// [`OFFICES_AT_ONCE`] offices at a time, each loaded, judged and released (their records
/// dropped, their texts kept only where findings point) before the next, so that memory is
/// set by the largest office instead of growing with the county (issue 12: 4.4 GiB on 100
/// offices). The findings are those of a whole evaluation, because no rule reads one office's
/// records to judge another's, and county-wide findings (no office) come from county-level
/// files only (the same holds `reevaluate_offices` exact; tests/it/scale.rs compares the two).
///
/// `visit` sees each part as it is judged, before its offices are released: an evaluation of
/// what is loaded (the county-level records and the part's offices; its findings the
/// county-wide ones and the part's offices', sorted; its facts those the rules read), and
/// which offices and files the part read. `check --since --format markdown` names the changed files'
/// offices and people from it; `build` renders the part's offices' pages (`site::by_office`).
///
/// With a published manifest (`--against-manifest`) the county's records as they are now are
/// first made into a manifest, office by office too ([`current_manifest`]): a signed record
/// that moved is found by its content anywhere in the county (`history-rewritten`).
pub fn check_by_office(
    root: &Path,
    options: &Options,
    mut visit: impl FnMut(&Evaluation, &Part<'_>),
) -> Result<Checked, LoadError> {
    let (mut by_office, mut loaded) = ByOffice::start(root)?;
    let as_of = as_of_of(options, &loaded.records);
    let mut trail = open_trail(root, options);
    // Against a published manifest, the county's records as they are now, made first, office
    // by office too: `history-rewritten` finds a signed record moved to any office's folder by
    // its content.
    let current = match &options.manifest {
        Some(_) => Some(Arc::new(current_manifest(root, as_of, trail.as_ref())?)),
        None => None,
    };
    let offices = by_office.offices();
    let only = options.only.as_ref();
    // The loader's findings and the rules' apart, as a whole evaluation has them before sorting.
    let mut read = Vec::new();
    let mut ruled = Vec::new();
    {
        // The county-level files alone: the county-wide findings, and those of an office that
        // has no records left (a deleted office's records, in git history).
        let mut problems = crate::rules::reading::findings_of(std::mem::take(&mut loaded.problems));
        let mut facts = facts_of(&loaded, as_of, trail.as_ref());
        facts.manifest = options.manifest.as_deref();
        facts.current = current.as_deref();
        let mut found = crate::rules::run(&facts, only);
        found.retain(|f| {
            f.office
                .as_ref()
                .is_none_or(|o| offices.binary_search(o).is_err())
        });
        name_findings(&facts, &mut found);
        name_findings(&facts, &mut problems);
        if let Some(only) = only {
            problems.retain(|f| only.contains(f.rule.id));
            found.retain(|f| only.contains(f.rule.id));
        }
        read.extend(problems);
        ruled.extend(found);
    }
    // What every part's evaluation holds besides its offices' findings.
    let county_wide: Vec<Finding> = read.iter().chain(&ruled).cloned().collect();
    for group in offices.chunks(OFFICES_AT_ONCE) {
        by_office.read(&mut loaded, group);
        let mut problems = crate::rules::reading::findings_of(std::mem::take(&mut loaded.problems));
        // The part as an evaluation of its own, for `visit`: the records, texts and trail are
        // moved in and back out, not copied.
        let taken = Read {
            records: std::mem::take(&mut loaded.records),
            sources: std::mem::take(&mut loaded.sources),
            trail: trail.take(),
            manifest: options.manifest.clone(),
            current: current.clone(),
        };
        let mut eval = Evaluation {
            read: cell(taken, |r| Facts::new(&r.records, &r.sources, as_of)),
            as_of,
            findings: Vec::new(),
            catalogue: crate::rules::catalogue(),
        };
        let part = Part {
            offices: group,
            files: by_office.files_of_offices(group),
        };
        let facts = eval.read.borrow_dependent();
        let mut found = crate::rules::run(facts, only);
        found.retain(|f| f.office.as_ref().is_some_and(|o| group.contains(o)));
        name_findings(facts, &mut found);
        name_findings(facts, &mut problems);
        if let Some(only) = only {
            problems.retain(|f| only.contains(f.rule.id));
            found.retain(|f| only.contains(f.rule.id));
        }
        eval.findings = county_wide.clone();
        eval.findings.extend(problems.iter().cloned());
        eval.findings.extend(found.iter().cloned());
        diag::sort(&mut eval.findings, facts.sources);
        visit(&eval, &part);
        let back = eval.into_read();
        loaded.records = back.records;
        loaded.sources = back.sources;
        trail = back.trail;
        // The lines the report shows: each finding's place and its labels'.
        let mut keep: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
        for f in problems.iter().chain(&found) {
            for span in f.span.iter().chain(f.labels.iter().map(|(s, _)| s)) {
                keep.entry(span.file).or_default().push(span.range.start);
            }
        }
        by_office.release(&mut loaded, group, &keep);
        read.extend(problems);
        ruled.extend(found);
    }
    // A whole load reports the loader's findings in file order.
    read.sort_by_key(|f| f.span.as_ref().map(|s| s.file));
    let mut findings = read;
    findings.extend(ruled);
    diag::sort(&mut findings, &loaded.sources);
    Ok(Checked {
        records: loaded.records,
        sources: loaded.sources,
        as_of,
        findings,
        offices: offices.into_iter().collect(),
        trail,
        catalogue: crate::rules::catalogue(),
    })
}

/// The manifest of the records under `root` as they are now (what `build` would publish),
/// read office by office: each group's entries taken, then its records released.
fn current_manifest(
    root: &Path,
    as_of: NaiveDate,
    trail: Option<&Trail>,
) -> Result<Manifest, LoadError> {
    let history = trail.and_then(|t| t.history.as_ref());
    let (mut by_office, mut loaded) = ByOffice::start(root)?;
    let mut records = Vec::new();
    let mut county: BTreeSet<FileId> = loaded.sources.iter().map(|(id, _)| id).collect();
    for group in by_office.offices().chunks(OFFICES_AT_ONCE) {
        by_office.read(&mut loaded, group);
        let files: BTreeSet<FileId> = by_office.files_of_offices(group).into_iter().collect();
        records.extend(Manifest::records_of(
            &loaded.records,
            &loaded.sources,
            |id| files.contains(&id),
            history,
            as_of,
        ));
        county.retain(|id| !files.contains(id));
        by_office.release(&mut loaded, group, &BTreeMap::new());
    }
    records.extend(Manifest::records_of(
        &loaded.records,
        &loaded.sources,
        |id| county.contains(&id),
        history,
        as_of,
    ));
    Ok(Manifest::of_records(records, history, as_of))
}

/// The facts of what `loaded` holds now, with the trail.
fn facts_of<'a>(loaded: &'a Loaded, as_of: NaiveDate, trail: Option<&'a Trail>) -> Facts<'a> {
    let mut facts = Facts::new(&loaded.records, &loaded.sources, as_of);
    facts.trail = trail;
    facts
}

/// Each finding's office and subject as people read them (cli.md, "The site"): the reports
/// show these, and keep the ids in `office` and `subject`.
fn name_findings(facts: &Facts, findings: &mut [Finding]) {
    for f in findings {
        if let Some(o) = &f.office {
            f.office_name = facts.office_name(o);
        }
        if let Some(s) = &f.subject {
            f.subject_name = facts.subject_name(f.office.as_deref(), s);
        }
    }
}
