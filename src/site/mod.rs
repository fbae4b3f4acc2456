//! The static compliance site (cli.md, "The site"): one evaluation rendered into pages with
//! tera templates, in parallel, into a temporary folder that replaces `--out` only when every
//! page is written. Dependencies flow one way: the views read the evaluation, the templates
//! read the views.
//!
//! - `lookup`: names, which page shows which file, findings by office, file and rule;
//! - `views`: structs made for the templates only;
//! - `pages`: every kind of page, one row each (path, template, title, breadcrumbs, view);
//! - `render`: the embedded templates, one registry, and page fingerprints; `markdown`: the 要點 and rule explanations;
//! - `chart`: the SVG bar chart's geometry; `paths`: where pages go; `output`: atomic writing.

pub mod by_office;
pub mod chart;
pub mod guard;
pub mod kept;
pub mod lookup;
pub mod manifest;
pub mod markdown;
pub mod output;
mod pages;
pub mod paths;
pub mod render;
pub mod views;

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::evaluate::Evaluation;
use lookup::Lookup;
use output::{OutputError, Staging};
use render::Templates;

/// How to build.
#[derive(Default)]
pub struct BuildOptions {
    /// Show progress on stderr (the command sets it when stderr is a terminal); shown only
    /// for large record sets, where a build takes long enough to wonder.
    pub progress: bool,
    /// Templates (name, text) replacing the embedded ones: a test hook to make a build fail.
    pub template_overrides: Vec<(String, String)>,
}

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    /// HTML pages.
    pub pages: usize,
    /// Every file, pages included.
    pub files: usize,
    /// Offices whose pages were kept as the last build made them, unfingerprinted
    /// ([`build_reusing`]).
    pub offices_kept: usize,
}

#[derive(Debug)]
pub enum BuildError {
    Template { page: String, source: tera::Error },
    Output(OutputError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Template { page, source } => write!(f, "無法產生 {page}：{source}"),
            BuildError::Output(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Template { source, .. } => Some(source),
            BuildError::Output(e) => Some(e),
        }
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> BuildError {
        BuildError::Output(e)
    }
}

/// Renders the site of `eval` into `out`, replacing what was there only once every page is
/// written.
pub fn build(eval: &Evaluation, out: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    match build_from(Lookup::new(eval), out, options, None)? {
        Some(built) => Ok(built),
        None => whole(build_from(
            Lookup::with_whole_facts(eval),
            out,
            options,
            None,
        )?),
    }
}

/// What [`build_from`] built with whole facts, which it never declines.
fn whole(built: Option<Built>) -> Result<Built, BuildError> {
    built.ok_or_else(|| BuildError::Template {
        page: "facts".into(),
        source: tera::Error::message("事實不完整"),
    })
}

/// [`build`] for a process that builds again and again (`serve`): the pages of every office
/// whose inputs are those of the last build are not even fingerprinted again, their entries
/// in `reuse` standing for them (issue 12 step 4: a one-log edit re-renders that office's
/// pages and the county pages).
pub fn build_reusing(
    eval: &Evaluation,
    out: &Path,
    options: &BuildOptions,
    reuse: &mut Reuse,
) -> Result<Built, BuildError> {
    match build_from(Lookup::new(eval), out, options, Some(&mut *reuse))? {
        Some(built) => Ok(built),
        // An office evaluated without its usage sessions must be rendered after all.
        None => whole(build_from(
            Lookup::with_whole_facts(eval),
            out,
            options,
            Some(reuse),
        )?),
    }
}

/// What a build leaves for the next one in the same process ([`build_reusing`]): each
/// office's pages (path, fingerprint, size) under the key of what they were made from.
///
/// An office's key ([`office_keys`]) is what any of its pages can read: the templates and this
/// program's build, the frame every page shares (county, evaluation date, records' version,
/// the trail's state), the county-wide files (county.toml, calendars: the deadlines, the
/// policy), the names and texts of the office's own files, and the views of its findings and
/// of the findings in its files. No rule judges one office by another's records
/// (`evaluate::reevaluate_offices_for_site`), so another office's edit changes none of these.
/// When in doubt, add to the key: a missing input keeps a stale page, an extra one only costs
/// a render. tests/it/serve.rs holds the kept pages to a whole build.
#[derive(Default)]
pub struct Reuse {
    offices: HashMap<String, KeptOffice>,
}

struct KeptOffice {
    key: render::Fingerprint,
    pages: Vec<PageEntry>,
}

/// A page of the last build: where it went and its fingerprint (the old site's page index has
/// its size).
struct PageEntry {
    path: String,
    fingerprint: render::Fingerprint,
}

impl Reuse {
    /// How many offices' pages the last build left entries of.
    pub fn offices(&self) -> usize {
        self.offices.len()
    }
}

/// Builds the site of `l`; `None`, before anything is written, when an office whose facts lack
/// its usage sessions (`OfficeFacts::logs_read`) would have to be rendered.
fn build_from(
    l: Lookup<'_>,
    out: &Path,
    options: &BuildOptions,
    mut reuse: Option<&mut Reuse>,
) -> Result<Option<Built>, BuildError> {
    let eval = l.eval;
    let templates =
        Templates::new(&options.template_overrides).map_err(|source| BuildError::Template {
            page: "templates".into(),
            source,
        })?;
    // The offices whose pages stay as the last build made them: same key, and every page
    // still in the old site.
    let keys = match &reuse {
        Some(_) => office_keys(&templates, &l),
        None => HashMap::new(),
    };
    let mut last = reuse
        .as_deref_mut()
        .map(|r| std::mem::take(&mut r.offices))
        .unwrap_or_default();
    last.retain(|office, k| keys.get(office.as_str()) == Some(&k.key));
    // With offices kept, few pages change: the old site is updated in place rather than
    // linked file by file into a new folder (output.rs `begin_in_place`), and what changed
    // is few enough to hold until the commit.
    let staging = match last.is_empty() {
        true => Staging::begin(out)?,
        false => Staging::begin_in_place(out)?,
    };
    let templates = templates.reusing(staging.previous());
    let previous = staging.previous();
    last.retain(|_, k| {
        k.pages.iter().all(|p| {
            previous
                .as_ref()
                .is_some_and(|prev| prev.page(&p.fingerprint).is_some())
        })
    });
    // An office evaluated without its usage sessions (`OfficeFacts::logs_read`: serve's
    // re-evaluation of other offices) can be kept, not rendered: when one must be rendered,
    // the caller computes the whole facts and builds again. Nothing is written yet.
    if l.facts
        .offices
        .iter()
        .any(|o| !o.logs_read && !last.contains_key(o.id))
    {
        if let Some(reuse) = reuse {
            reuse.offices = last;
        }
        return Ok(None);
    }
    let kept = &last;
    let pages: Vec<pages::Page> = pages::all(&l)
        .into_iter()
        .filter(|p| p.office(&l).is_none_or(|o| !kept.contains_key(o)))
        .collect();
    let kept_pages: usize = kept.values().map(|k| k.pages.len()).sum();
    let offices_kept = kept.len();
    let total = pages.len() + kept_pages;
    let progress = Progress::new(options.progress && total >= 500, Some(pages.len()));
    let rendered = render_pages(&templates, &staging, &l, &pages, &progress)?;
    for k in kept.values() {
        for p in &k.pages {
            let page = render::Rendered {
                fingerprint: p.fingerprint,
                html: None,
            };
            staging.write_page(&p.path, page)?;
        }
    }
    write_county_files(&templates, &staging, &l, || manifest::render(eval))?;
    staging.commit()?;
    if let Some(reuse) = reuse {
        let mut offices = last;
        for (office, entry) in rendered {
            let Some(office) = office else { continue };
            let Some(key) = keys.get(office) else {
                continue;
            };
            offices
                .entry(office.to_string())
                .or_insert_with(|| KeptOffice {
                    key: *key,
                    pages: Vec::new(),
                })
                .pages
                .push(entry);
        }
        reuse.offices = offices;
    }
    Ok(Some(Built {
        pages: total,
        files: total + 7,
        offices_kept,
    }))
}

/// How far a build has come, on stderr when asked for: pages written, out of how many when
/// known.
struct Progress {
    shown: bool,
    total: Option<usize>,
    done: AtomicUsize,
}

impl Progress {
    fn new(shown: bool, total: Option<usize>) -> Progress {
        Progress {
            shown,
            total,
            done: AtomicUsize::new(0),
        }
    }

    fn page_written(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.shown || (n % 100 != 0 && Some(n) != self.total) {
            return;
        }
        let mut err = std::io::stderr().lock();
        match self.total {
            Some(total) => {
                let _ = write!(err, "\r產生網頁 {n}/{total}");
                if n == total {
                    let _ = writeln!(err);
                }
            }
            None => {
                let _ = write!(err, "\r產生網頁 {n}");
            }
        }
    }

    /// Ends the line of a count with no known total.
    fn finish(&self) {
        if self.shown && self.total.is_none() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// Renders `pages` in parallel into `staging`: each page's office (for [`Reuse`]) and entry.
fn render_pages<'l, 'a: 'l>(
    templates: &Templates,
    staging: &Staging,
    l: &'l Lookup<'a>,
    pages: &[pages::Page<'a>],
    progress: &Progress,
) -> Result<Vec<(Option<&'l str>, PageEntry)>, BuildError> {
    pages
        .par_iter()
        .map(|page| -> Result<_, BuildError> {
            let (path, html) = pages::render_page(templates, l, page)?;
            let fingerprint = html.fingerprint;
            staging.write_page(&path, html)?;
            progress.page_written();
            Ok((page.office(l), PageEntry { path, fingerprint }))
        })
        .collect()
}

/// The site's files besides its pages: the stylesheet, the findings as JSON, the offices'
/// comparison as CSV, the manifest (`manifest` makes it, when the old site has none of the
/// same inputs) with its records' text hashes, and the deadlines' calendar feed.
fn write_county_files(
    templates: &Templates,
    staging: &Staging,
    l: &Lookup,
    manifest: impl FnOnce() -> String,
) -> Result<(), BuildError> {
    let eval = l.eval;
    staging.write(paths::STYLESHEET, render::STYLESHEET.as_bytes())?;
    let json = crate::diag::json::render(
        &eval.findings,
        eval.sources(),
        eval.as_of,
        eval.sources().len(),
    );
    staging.write(paths::FINDINGS_JSON, json.as_bytes())?;
    staging.write(paths::OFFICES_CSV, views::compare::csv(l).as_bytes())?;
    // Re-reading every record for its content hash was a third of a county's "nothing
    // changed" rebuild: an unchanged manifest is kept like an unchanged page.
    let mut inputs = templates.file_inputs(manifest::MANIFEST_JSON);
    manifest::inputs(l, &mut inputs);
    let made = templates
        .make_inputs(inputs, manifest)
        .map_err(|source| BuildError::Template {
            page: manifest::MANIFEST_JSON.into(),
            source,
        })?;
    staging.write_page(manifest::MANIFEST_JSON, made)?;
    let history = eval.trail().and_then(|t| t.history.as_ref());
    let key = manifest::texts_key(templates.build_id(), eval.as_of, history);
    staging.write(
        manifest::MANIFEST_TEXTS,
        manifest::texts(l, &key).as_bytes(),
    )?;
    let items = crate::deadlines::items(&eval.findings);
    staging.write(
        paths::DEADLINES_ICS,
        crate::deadlines::ics(&items, eval.sources(), eval.as_of).as_bytes(),
    )?;
    Ok(())
}

/// Each office's key for [`Reuse`]: what any of its pages is made from (see there).
fn office_keys<'l>(t: &Templates, l: &'l Lookup) -> HashMap<&'l str, render::Fingerprint> {
    use rayon::prelude::*;
    // What every page shares.
    let mut shared = t.file_inputs("office pages");
    shared.add(&(&l.county, &l.authority, &l.version));
    shared.add(&l.as_of().to_string());
    shared.add(&views::guide::exists());
    // The offices there are (no page is known to list them, but it costs nothing to be sure).
    shared.add(&l.eval.records().offices.keys().collect::<Vec<_>>());
    match &l.eval.trail() {
        None => shared.add("no trail"),
        Some(trail) => {
            shared.add(&format!("{:?}", trail.unavailable));
            if let Some(h) = &trail.history {
                shared.add(&h.prefix);
                for c in h.mainline.iter().chain(&h.side) {
                    shared.bytes(c.id.as_bytes());
                }
            }
            for (path, how) in &trail.uncommitted {
                shared.add(&format!("{path} {how:?}"));
            }
        }
    }
    // Files by office; the rest are the county's and go in every key.
    let mut files: HashMap<&str, Vec<crate::source::FileId>> = HashMap::new();
    for (id, rel) in l.source_files() {
        match rel
            .strip_prefix("offices/")
            .and_then(|r| r.split_once('/'))
            .map(|(o, _)| o)
            .filter(|o| l.eval.records().offices.contains_key(*o))
        {
            Some(o) => files.entry(o).or_default().push(id),
            None => {
                shared.add(rel);
                shared.bytes(l.text_hash(id));
            }
        }
    }
    let shared = shared.finish_bytes();
    l.facts
        .offices
        .par_iter()
        .map(|o| {
            let mut key = t.file_inputs("office");
            key.bytes(&shared);
            key.add(o.id);
            let mine = files.get(o.id).map(Vec::as_slice).unwrap_or_default();
            for id in mine {
                key.add(l.source_rel(*id).unwrap_or_default());
                key.bytes(l.text_hash(*id));
                for i in l.file_findings(*id) {
                    key.add(&l.findings[*i]);
                }
            }
            for i in l.office_findings(o.id) {
                key.add(&l.findings[*i]);
            }
            (o.id, key.finish_fingerprint())
        })
        .collect()
}
