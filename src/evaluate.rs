//! One evaluation of a records folder: load, compute facts, run the rules, sort. `check`,
//! `build` and the tests all go through here.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::catalogue::Rule;
use crate::diag::{self, Finding};
use crate::facts::Facts;
use crate::history::Trail;
use crate::load::{self, LoadError, Loaded};
use crate::manifest::Manifest;
use crate::model::Records;
use crate::source::SourceMap;

pub struct Evaluation {
    pub records: Records,
    pub sources: SourceMap,
    pub as_of: NaiveDate,
    /// Every finding, sorted as cli.md says.
    pub findings: Vec<Finding>,
    /// Git history of the records (the change trail), when it was read: the site's history
    /// pages read the same index the rules did.
    pub trail: Option<Trail>,
    /// Every rule in catalogue order, for the outputs that list them (SARIF's rules, the
    /// site's rule pages and coverage), which sit beneath the rules and so cannot ask them.
    pub catalogue: &'static [&'static Rule],
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

/// What to evaluate.
#[derive(Default, Clone)]
pub struct Options {
    /// `--as-of`; else county.toml's `as_of`, else today in Taiwan.
    pub as_of: Option<NaiveDate>,
    /// Keep only these rules' findings (tests switch one rule on at a time).
    pub only: Option<BTreeSet<&'static str>>,
}

pub fn evaluate(root: &Path, options: &Options) -> Result<Evaluation, LoadError> {
    evaluate_with(root, options, HistoryMode::Read)
}

/// [`evaluate`], saying whether to read git history.
pub fn evaluate_with(
    root: &Path,
    options: &Options,
    history: HistoryMode,
) -> Result<Evaluation, LoadError> {
    evaluate_against(root, options, history, None)
}

/// [`evaluate_with`], holding the records against a manifest an earlier build published
/// (`check --against-manifest`, rule `history-rewritten`).
pub fn evaluate_against(
    root: &Path,
    options: &Options,
    history: HistoryMode,
    manifest: Option<&Manifest>,
) -> Result<Evaluation, LoadError> {
    Ok(evaluate_loaded(
        root,
        load::load(root)?,
        options,
        history,
        manifest,
    ))
}

/// [`evaluate_against`] on records already loaded from `root`: `serve` keeps them between
/// rebuilds and re-reads only the files that changed (`Loaded::reread`).
pub fn evaluate_loaded(
    root: &Path,
    loaded: Loaded,
    options: &Options,
    history: HistoryMode,
    manifest: Option<&Manifest>,
) -> Evaluation {
    evaluate_loaded_then(root, loaded, options, history, manifest, |_, _| ()).0
}

/// [`evaluate`], then `then` with the evaluation and the facts its rules read: `build` and
/// `serve` render the site from the same facts instead of computing them again (a few tenths
/// of a second at county scale, issue 6).
pub fn evaluate_then<R>(
    root: &Path,
    options: &Options,
    then: impl FnOnce(&Evaluation, &Facts<'_>) -> R,
) -> Result<(Evaluation, R), LoadError> {
    Ok(evaluate_loaded_then(
        root,
        load::load(root)?,
        options,
        HistoryMode::Read,
        None,
        then,
    ))
}

/// [`evaluate_loaded`], then `then` with the evaluation and the facts its rules read.
pub fn evaluate_loaded_then<R>(
    root: &Path,
    loaded: Loaded,
    options: &Options,
    history: HistoryMode,
    manifest: Option<&Manifest>,
    then: impl FnOnce(&Evaluation, &Facts<'_>) -> R,
) -> (Evaluation, R) {
    let as_of = options
        .as_of
        .or_else(|| {
            loaded
                .records
                .county
                .as_ref()
                .and_then(|c| c.data.as_of.as_ref())
                .map(|d| d.get_ref().0)
        })
        .unwrap_or_else(crate::time::today_in_taiwan);
    // One walk of history for the whole run, and only when a rule that reads it is on.
    let wanted = match &options.only {
        None => true,
        Some(only) => only
            .iter()
            .any(|id| crate::rules::evaluation::needs_history(id)),
    };
    let trail = (history == HistoryMode::Read && wanted).then(|| Trail::open(root));
    let mut eval = Evaluation {
        records: loaded.records,
        sources: loaded.sources,
        as_of,
        findings: crate::rules::reading::findings_of(loaded.problems),
        trail,
        catalogue: crate::rules::catalogue(),
    };
    let result = {
        // The facts borrow the records, sources and trail; the findings are a field apart.
        let mut facts = Facts::new(&eval.records, &eval.sources, as_of);
        facts.trail = eval.trail.as_ref();
        facts.manifest = manifest;
        eval.findings
            .extend(crate::rules::run(&facts, options.only.as_ref()));
        if let Some(only) = &options.only {
            eval.findings.retain(|f| only.contains(f.rule.id));
        }
        diag::sort(&mut eval.findings, &eval.sources);
        then(&eval, &facts)
    };
    (eval, result)
}

impl Evaluation {
    /// Files read (the `files` count of the JSON summary): every file under records/ that
    /// imaudit looked at, README files excluded.
    pub fn file_count(&self) -> usize {
        self.sources.len()
    }
}
