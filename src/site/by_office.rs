//! `build` office by office (issue 12 step 4): as `evaluate::check_by_office` reads and judges
//! a few offices at a time, each part's offices' pages are rendered ([`Site::part`]) and what
//! the county's pages read of them is kept ([`Kept`]) before their records are released; the
//! county's pages and files come last ([`Site::finish`]), from every finding and the kept
//! digests. The peak is then set by the largest office, not the county.
//!
//! The pages are those of a whole build ([`super::build`]) byte for byte: a page belongs to an
//! office ([`pages::Page::office`]) exactly when every input it reads is that office's or the
//! county-level files', which `serve`'s reuse of unchanged offices relies on too.
//! tests/it/scale.rs compares the two builds file by file.

use std::collections::HashSet;
use std::path::Path;

use super::kept::Kept;
use super::lookup::Lookup;
use super::manifest::{self, Reusable};
use super::output::Staging;
use super::render::Templates;
use super::{pages, render_pages, write_county_files, BuildError, BuildOptions, Built, Progress};
use crate::evaluate::{Evaluation, Part};
use crate::manifest::{Manifest, ManifestRecord};
use crate::source::FileId;

/// A site being built office by office.
pub struct Site {
    templates: Templates,
    staging: Staging,
    kept: Kept,
    /// The manifest's entries of the files read so far, and those files.
    manifest: Vec<ManifestRecord>,
    /// The old site's entries still true, read at the first part (its key needs the
    /// evaluation date and the history).
    reusable: Option<Reusable>,
    covered: HashSet<FileId>,
    pages: usize,
    progress: Progress,
    /// The first error of a part: the parts after it are not rendered, and [`Site::finish`]
    /// returns it, leaving the old site as it was.
    failed: Option<BuildError>,
}

impl Site {
    /// Starts a build into `out` (written to a folder beside it, which replaces it at
    /// [`Site::finish`]).
    pub fn begin(out: &Path, options: &BuildOptions) -> Result<Site, BuildError> {
        let templates =
            Templates::new(&options.template_overrides).map_err(|source| BuildError::Template {
                page: "templates".into(),
                source,
            })?;
        let staging = Staging::begin(out)?;
        let templates = templates.reusing(staging.previous());
        Ok(Site {
            templates,
            staging,
            kept: Kept::default(),
            manifest: Vec::new(),
            reusable: None,
            covered: HashSet::new(),
            pages: 0,
            progress: super::Progress::new(options.progress, None),
            failed: None,
        })
    }

    /// Renders the pages of `part`'s offices from their evaluation, and keeps what the
    /// county's pages will read of them.
    pub fn part(&mut self, eval: &Evaluation, part: &Part<'_>) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.render_part(eval, part) {
            self.failed = Some(e);
        }
    }

    fn render_part(&mut self, eval: &Evaluation, part: &Part<'_>) -> Result<(), BuildError> {
        let l = Lookup::new(eval);
        let mine = |o: Option<&str>| o.is_some_and(|o| part.offices.iter().any(|x| x == o));
        let pages: Vec<pages::Page> = pages::all(&l)
            .into_iter()
            .filter(|p| mine(p.office(&l)))
            .collect();
        render_pages(&self.templates, &self.staging, &l, &pages, &self.progress)?;
        self.pages += pages.len();
        self.kept.take(&l, part.offices, &part.files);
        let reusable = self.reusable.get_or_insert_with(|| {
            let history = eval.trail().and_then(|t| t.history.as_ref());
            let key = manifest::texts_key(self.templates.build_id(), eval.as_of, history);
            Reusable::read(self.staging.previous().as_deref(), &key)
        });
        self.manifest.extend(reusable.records_of(eval, &part.files));
        self.covered.extend(part.files.iter().copied());
        Ok(())
    }

    /// Renders the county's pages and files from `eval` (every finding and file, the
    /// county-level records: `Checked::into_evaluation`) and replaces the old site.
    pub fn finish(self, eval: &Evaluation) -> Result<Built, BuildError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let l = Lookup::county(eval, &self.kept);
        let pages: Vec<pages::Page> = pages::all(&l)
            .into_iter()
            .filter(|p| p.office(&l).is_none())
            .collect();
        render_pages(&self.templates, &self.staging, &l, &pages, &self.progress)?;
        self.progress.finish();
        let history = eval.trail().and_then(|t| t.history.as_ref());
        let covered = &self.covered;
        let mut records = self.manifest;
        records.extend(Manifest::records_of(
            eval.records(),
            eval.sources(),
            |id| !covered.contains(&id),
            history,
            eval.as_of,
        ));
        write_county_files(&self.templates, &self.staging, &l, || {
            Manifest::of_records(records, history, eval.as_of).to_json()
        })?;
        self.staging.commit()?;
        let total = self.pages + pages.len();
        Ok(Built {
            pages: total,
            files: total + 7,
            offices_kept: 0,
        })
    }
}
