//! `imaudit check`: load, validate, print findings.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::cli::{CheckArgs, Color, Format};
use crate::diag;
use crate::evaluate::{check_by_office, Options};
use crate::manifest::Manifest;
use crate::rules::{self, Severity};

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    if let Some(id) = &args.explain {
        let Some(rule) = rules::find(id) else {
            bail!("沒有這條規則：{id}（用 imaudit rules 列出所有規則）")
        };
        print!("{}", super::rules::explain(rule));
        return Ok(ExitCode::SUCCESS);
    }
    let only = if args.only.is_empty() {
        None
    } else {
        let mut set = BTreeSet::new();
        for id in &args.only {
            let Some(rule) = rules::find(id) else {
                bail!("沒有這條規則：{id}")
            };
            set.insert(rule.id);
        }
        Some(set)
    };
    let manifest = match &args.against_manifest {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("無法讀取 {}", path.display()))?;
            let m = Manifest::from_json(&text).map_err(anyhow::Error::msg)?;
            Some(m.into())
        }
        None => None,
    };
    // What the pull request changes, in record terms, for the review comment (issue 13): each
    // changed file is named from its office's records while they are loaded.
    let review = matches!(args.format, Format::Markdown) && args.since.is_some();
    let mut changes_found = None;
    let mut reviewed: Vec<Option<diag::markdown::ReviewedFile>> = Vec::new();
    let checked = check_by_office(
        &args.common.records,
        &Options {
            as_of: args.common.as_of,
            only,
            manifest,
            ..Options::default()
        },
        |eval, _| {
            let facts = eval.facts();
            let (true, Some(rev)) = (review, &args.since) else {
                return;
            };
            let found = changes_found.get_or_insert_with(|| {
                crate::history::since::record_changes(&args.common.records, rev)
            });
            let Ok(found) = found else { return };
            reviewed.resize_with(found.len(), || None);
            for (change, named) in found.iter().zip(&mut reviewed) {
                let office = crate::facts::signed::place_of(&change.path)
                    .and_then(|p| p.office().map(str::to_string));
                if named.is_none() && office.is_some_and(|o| facts.records.offices.contains_key(&o))
                {
                    *named = Some(review_one(change, facts.records));
                }
            }
        },
    )?;
    let mut findings = checked.findings;
    if let Some(office) = &args.office {
        if !checked.offices.contains(office) {
            bail!("沒有這個事務所：{office}");
        }
        findings.retain(|f| f.office.as_deref().is_none_or(|o| o == office));
    }
    let mut changes = Vec::new();
    if let Some(found) = changes_found {
        let found = found.map_err(anyhow::Error::msg)?;
        reviewed.resize_with(found.len(), || None);
        // A file of no office, or of one that has no records now, is named without them.
        let none = crate::model::Records::default();
        changes = found
            .iter()
            .zip(reviewed)
            .map(|(change, named)| named.unwrap_or_else(|| review_one(change, &none)))
            .collect();
    }
    if let Some(rev) = &args.since {
        let (changed, deleted) =
            crate::history::changed_since(&args.common.records, rev).map_err(anyhow::Error::msg)?;
        let mut files: BTreeSet<String> = changed.into_iter().collect();
        // A deleted record's findings (record-deleted, the month now missing) point at its
        // office's office.toml, the place missing records are reported at.
        for path in deleted {
            if let ["offices", office, ..] = path.split('/').collect::<Vec<_>>()[..] {
                files.insert(format!("offices/{office}/office.toml"));
            }
        }
        findings.retain(|f| match diag::location(f, &checked.sources) {
            None => true,
            Some(l) => l
                .file
                .split_once('/')
                .is_some_and(|(_, rel)| files.contains(rel)),
        });
    }
    let text = match args.format {
        Format::Json => diag::json::render(
            &findings,
            &checked.sources,
            checked.as_of,
            checked.sources.len(),
        ),
        Format::Sarif => diag::sarif::render(
            &findings,
            checked.catalogue,
            &checked.sources,
            checked.as_of,
        ),
        Format::Github => diag::github::render(&findings, &checked.sources),
        Format::Markdown => diag::markdown::render_review(
            &findings,
            &checked.sources,
            checked.as_of,
            args.since.as_deref(),
            &changes,
        ),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            diag::human::render(&findings, &checked.sources, color)
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).context("無法寫出結果")?;
    let failed = findings.iter().any(|f| f.severity == Severity::Error);
    // The process ends here: freeing a county's records one by one took 0.4 s (issue 6).
    std::mem::forget((checked.sources, checked.trail, findings));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One changed file as the review comment titles it, named from `records`.
fn review_one(
    change: &crate::history::since::FileChange,
    records: &crate::model::Records,
) -> diag::markdown::ReviewedFile {
    let mut one = diag::markdown::reviewed_files(std::slice::from_ref(change), records);
    one.remove(0)
}
