//! `imaudit serve` (cli.md; issue 7 item 4, issue 8 item 4): builds the site exactly as
//! `imaudit build` does, serves `--out` over HTTP (127.0.0.1 unless told otherwise), watches
//! `records/` and `templates/` and rebuilds when they change, and makes open pages reload.
//!
//! - `http`: the small std::net server and its path rules (GET/HEAD only, no traversal);
//! - `watch`: polling the folders, with a debounce;
//! - `reload`: the reload script and how it is added to served HTML (never to files on disk).
//!
//! A rebuild that fails (a template that does not compile, an unwritable `--out`) leaves the
//! last good site in place, thanks to the build's atomic swap (or, when the rebuild keeps
//! offices' pages and updates the site in place, because nothing is written before every page
//! is rendered: src/site/output.rs `begin_in_place`), and the server goes on serving it; only
//! successful rebuilds bump the version the pages poll.
//!
//! `templates/` is the folder beside the records folder (for the project's own repository,
//! where `records/` holds the demo, that is the templates the binary embeds). When it exists,
//! its `*.html` files replace the embedded templates of the same name and its
//! `static/style.css` is served in place of the built stylesheet, so whoever works on the
//! site's look sees each save at once, without recompiling. `imaudit build` always uses the
//! embedded ones.

pub mod http;
pub mod reload;
pub mod watch;

use std::fmt;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::diag::Finding;
use crate::diag::Summary;
use crate::evaluate::{evaluate_loaded, reevaluate_offices_for_site, Options, Previous};
use crate::history::head_of;
use crate::load::{LoadError, Loaded};
use crate::site::{self, BuildError, BuildOptions};
use watch::Snapshot;

/// Connections answered at once; more get `503` (a thread each, so bounded).
pub const MAX_CONNECTIONS: usize = 64;

/// What to build and where.
#[derive(Clone, Debug)]
pub struct Config {
    pub records: PathBuf,
    pub out: PathBuf,
    pub as_of: Option<NaiveDate>,
}

impl Config {
    /// The templates folder watched and read (module doc): `templates/` beside the records
    /// folder.
    pub fn templates(&self) -> PathBuf {
        self.records
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("templates")
    }
}

/// The site being served, shared by the server threads and the rebuilding loop.
pub struct Site {
    root: PathBuf,
    version: AtomicU64,
    building: AtomicBool,
    stylesheet: RwLock<Option<Vec<u8>>>,
    log_requests: bool,
}

impl Site {
    pub fn new(root: PathBuf) -> Site {
        Site {
            root,
            version: AtomicU64::new(0),
            building: AtomicBool::new(false),
            stylesheet: RwLock::new(None),
            log_requests: false,
        }
    }

    /// Prints a line on stdout for each request answered (the reload polls left out).
    pub fn logging_requests(mut self) -> Site {
        self.log_requests = true;
        self
    }

    pub fn logs_requests(&self) -> bool {
        self.log_requests
    }

    /// The site folder (`--out`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many successful builds there have been; pages reload when it changes.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    /// The stylesheet from `templates/static/style.css`, when there is one.
    pub fn stylesheet(&self) -> Option<Vec<u8>> {
        self.stylesheet.read().ok().and_then(|s| s.clone())
    }

    /// The build swaps the old site out and the new one in with two renames; a request that
    /// falls between them waits (at most two seconds) rather than getting a 404.
    pub fn wait_while_swapping(&self) {
        let started = Instant::now();
        while self.building.load(Ordering::SeqCst)
            && !self.root.exists()
            && started.elapsed() < Duration::from_secs(2)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// What a successful (re)build made.
#[derive(Debug)]
pub struct Rebuilt {
    pub version: u64,
    pub pages: usize,
    /// Record files read (all of them, or the changed ones re-read).
    pub files_read: usize,
    /// Offices whose pages were kept unfingerprinted, their inputs unchanged (`site::Reuse`).
    pub offices_kept: usize,
    pub summary: Summary,
    pub as_of: NaiveDate,
    pub elapsed: Duration,
    /// Of `elapsed`: reading the records, then evaluating them (the rest built the site).
    pub reading: Duration,
    pub checking: Duration,
}

#[derive(Debug)]
pub enum RebuildError {
    Load(LoadError),
    Template {
        path: PathBuf,
        source: std::io::Error,
    },
    Build(BuildError),
}

impl fmt::Display for RebuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RebuildError::Load(e) => e.fmt(f),
            RebuildError::Template { path, source } => {
                write!(f, "無法讀取範本 {}：{source}", path.display())
            }
            RebuildError::Build(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RebuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Load and Build are shown as themselves (Display above), so their causes come next.
        match self {
            RebuildError::Load(e) => e.source(),
            RebuildError::Template { source, .. } => Some(source),
            RebuildError::Build(e) => e.source(),
        }
    }
}

/// What one rebuild keeps for the next (issue 6, "keep serve's rebuild incremental"): the
/// records as loaded, and the state of their files taken before they were read. The next
/// rebuild re-reads only the files whose time or length changed since (`Loaded::reread`),
/// or loads everything again when files came or went or a changed file is one others are
/// read against. The rules then run on the changed offices alone
/// (`evaluate::reevaluate_offices_for_site`), and the build keeps the pages of every office
/// whose inputs are unchanged without fingerprinting them again (`site::Reuse`), renders
/// only the pages whose data changed (src/site/render.rs fingerprints) and updates the site
/// in place (src/site/output.rs `begin_in_place`).
///
/// A change that keeps both a file's modification time and its length is not seen: the
/// watcher (watch.rs) does not see it either, and saving again sees it.
#[derive(Default)]
pub struct Kept {
    records: Option<KeptRecords>,
    /// Each office's pages, kept while the office's inputs stay the same (`site::Reuse`).
    site: site::Reuse,
}

/// What one rebuild leaves for the next.
struct KeptRecords {
    loaded: Loaded,
    snapshot: Snapshot,
    /// The findings it made, as of `as_of`, on the history whose HEAD was `head`: the next
    /// rebuild keeps those of the offices none of whose files changed.
    findings: Vec<Finding>,
    as_of: NaiveDate,
    head: Option<git2::Oid>,
}

/// How the records were had for a rebuild.
struct Had {
    loaded: Loaded,
    snapshot: Snapshot,
    /// Files read.
    read: usize,
    /// The earlier findings and the offices to evaluate again, when only some offices' files
    /// changed (else everything is evaluated).
    previous: Option<Previous>,
}

impl Kept {
    /// The records as they are now: the kept ones with the changed files re-read, or a whole
    /// load.
    fn load(&mut self, root: &Path) -> Result<Had, LoadError> {
        // Taken before anything is read: a save that lands after it changes the file again
        // for the next rebuild, so it is read then.
        let now = Snapshot::take(&[root.to_path_buf()], &|_| false);
        if let Some(mut kept) = self.records.take() {
            if let Some(changed) = kept.snapshot.changed_in(&now) {
                if kept.loaded.reread(&changed).is_ok() {
                    // A new commit can change any office's findings (the git rules): then they
                    // are all evaluated again (so are they on a new day: `Previous::as_of`).
                    let previous = (kept.head == head_of(root)).then(|| Previous {
                        findings: kept.findings,
                        changed: offices_of(root, &changed),
                        as_of: kept.as_of,
                    });
                    return Ok(Had {
                        loaded: kept.loaded,
                        snapshot: now,
                        read: changed.len(),
                        previous,
                    });
                }
            }
        }
        let loaded = crate::load::load(root)?;
        let read = loaded.sources.len();
        Ok(Had {
            loaded,
            snapshot: now,
            read,
            previous: None,
        })
    }
}

/// The offices whose folders hold `paths`.
fn offices_of(records: &Path, paths: &[PathBuf]) -> std::collections::BTreeSet<String> {
    paths
        .iter()
        .filter_map(|p| crate::load::place::office_of(records, p))
        .collect()
}

/// Evaluates the records and builds the site into `--out` through the same code as
/// `imaudit build`; on success bumps the version the pages poll. `kept` carries the records
/// from one rebuild to the next.
pub fn rebuild(config: &Config, site: &Site, kept: &mut Kept) -> Result<Rebuilt, RebuildError> {
    let started = Instant::now();
    let (template_overrides, stylesheet) = read_templates(&config.templates())?;
    let had = kept.load(&config.records).map_err(RebuildError::Load)?;
    let (loaded, snapshot, read) = (had.loaded, had.snapshot, had.read);
    let reading_done = started.elapsed();
    let reading = loaded.problems.clone();
    let options = BuildOptions {
        progress: false,
        template_overrides,
    };
    let options_eval = Options {
        as_of: config.as_of,
        ..Options::default()
    };
    let mut eval = match had.previous {
        Some(previous) => {
            reevaluate_offices_for_site(&config.records, loaded, &options_eval, previous)
        }
        None => evaluate_loaded(&config.records, loaded, &options_eval),
    };
    let checking_done = started.elapsed();
    site.building.store(true, Ordering::SeqCst);
    let built = site::build_reusing(&eval, &config.out, &options, &mut kept.site);
    site.building.store(false, Ordering::SeqCst);
    let built = built.map_err(RebuildError::Build)?;
    if let Ok(mut css) = site.stylesheet.write() {
        *css = stylesheet;
    }
    let version = site.version.fetch_add(1, Ordering::SeqCst) + 1;
    let rebuilt = Rebuilt {
        version,
        pages: built.pages,
        files_read: read,
        offices_kept: built.offices_kept,
        summary: Summary::of(&eval.findings),
        as_of: eval.as_of,
        elapsed: started.elapsed(),
        reading: reading_done,
        checking: checking_done - reading_done,
    };
    let (findings, as_of) = (std::mem::take(&mut eval.findings), eval.as_of);
    let back = eval.into_read();
    kept.records = Some(KeptRecords {
        head: head_of(&config.records),
        as_of,
        findings,
        loaded: Loaded {
            records: back.records,
            sources: back.sources,
            problems: reading,
        },
        snapshot,
    });
    Ok(rebuilt)
}

/// Templates and stylesheet from `dir` (module doc); nothing when it does not exist.
type TemplateFiles = (Vec<(String, String)>, Option<Vec<u8>>);

fn read_templates(dir: &Path) -> Result<TemplateFiles, RebuildError> {
    let mut templates = Vec::new();
    if !dir.is_dir() {
        return Ok((templates, None));
    }
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RebuildError::Template { path, source }
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(failed(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html") && p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(failed(&path))?;
        templates.push((name.to_string(), text));
    }
    let css = dir.join("static").join("style.css");
    let stylesheet = if css.is_file() {
        Some(std::fs::read(&css).map_err(failed(&css))?)
    } else {
        None
    };
    Ok((templates, stylesheet))
}

/// A watcher over the records and templates folders that leaves out the site itself and its
/// build's temporary siblings (`<out>.tmp-…`, `<out>.old-…`) and `.git`, so that a site built
/// inside a watched folder does not set off a rebuild of its own. Make it before the first
/// build: a file saved while that build runs is then seen as a change.
pub fn watcher(config: &Config) -> watch::Watcher {
    // Made before the first build (so that no save is missed), when `--out` may not exist
    // yet: then its parent is resolved instead.
    let full = |p: &Path| {
        p.canonicalize()
            .ok()
            .or_else(|| {
                let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
                let parent = parent.unwrap_or(Path::new(".")).canonicalize().ok()?;
                Some(parent.join(p.file_name()?))
            })
            .or_else(|| std::path::absolute(p).ok())
            .unwrap_or_else(|| p.to_path_buf())
    };
    let out = full(&config.out);
    let out_parent = out.parent().map(Path::to_path_buf);
    let out_name = out.file_name().map(|n| format!("{}.", n.to_string_lossy()));
    let skip = move |p: &Path| {
        if p.starts_with(&out) || p.file_name().is_some_and(|n| n == ".git") {
            return true;
        }
        match (&out_parent, &out_name, p.file_name()) {
            (Some(parent), Some(prefix), Some(name)) => {
                p.parent() == Some(parent.as_path())
                    && name.to_string_lossy().starts_with(prefix.as_str())
            }
            _ => false,
        }
    };
    watch::Watcher::new(
        vec![full(&config.records), full(&config.templates())],
        Box::new(skip),
    )
}

/// Serves `site` on `listener` from a background thread, a thread per connection, at most
/// [`MAX_CONNECTIONS`] at once.
pub fn spawn_server(listener: TcpListener, site: Arc<Site>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let active = Arc::new(AtomicUsize::new(0));
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                http::busy(stream);
                continue;
            }
            let slot = Slot::take(&active);
            let site = Arc::clone(&site);
            // Should the thread not start, the closure (and the slot in it) is dropped.
            let _ = std::thread::Builder::new()
                .name("imaudit-http".into())
                .spawn(move || {
                    let _slot = slot;
                    http::handle(stream, &site);
                });
        }
    })
}

/// One of the [`MAX_CONNECTIONS`], given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        active.fetch_add(1, Ordering::SeqCst);
        Slot(Arc::clone(active))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
