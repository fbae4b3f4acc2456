//! `records/` → typed records. Never aborts on a bad file: every file that cannot be read
//! becomes a [`FileProblem`] at its line and column (which `rules::reading` reports as a
//! `parse-error`, `path-mismatch` or `unexpected-file` finding), and the rest are still read.
//! Files are read and parsed in parallel, then numbered in path order so output is stable.

pub mod by_office;
pub mod decode;
pub mod parse;
pub mod place;
pub mod reread;
pub mod usage_log;
pub mod wording;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{OfficeRecords, Place, Records};
use crate::source::{FileId, SourceFile, SourceMap, Span};

pub use parse::ProblemKind;
use parse::{Parsed, Problem};
use place::Classified;

/// Files larger than this are refused unread (a finding says so): no record is near it, and
/// reading a runaway file would cost memory for nothing.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why the records could not be loaded at all (the command exits 2).
#[derive(Debug)]
pub enum LoadError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(p) => {
                write!(f, "找不到紀錄資料夾 {}（可用 --records 指定）", p.display())
            }
            LoadError::NotADirectory(p) => write!(
                f,
                "{} 不是資料夾（--records 應指向紀錄資料夾）",
                p.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// The outcome of loading: the records, the files read, and what was wrong with reading them.
pub struct Loaded {
    pub records: Records,
    pub sources: SourceMap,
    pub problems: Vec<FileProblem>,
}

/// Something wrong with reading one file: the loader says what and where; `rules::reading`
/// says which rule it breaks.
#[derive(Clone, Debug)]
pub struct FileProblem {
    pub kind: ProblemKind,
    pub span: Span,
    /// The office whose folder holds the file.
    pub office: Option<String>,
    /// Traditional Chinese.
    pub message: String,
}

/// One file found by the walk.
struct Found {
    rel: Vec<String>,
    path: PathBuf,
    is_symlink: bool,
    /// Neither a file, a folder nor a link: a named pipe, a socket, a device. Reading a pipe
    /// blocks until someone writes to it.
    is_special: bool,
}

/// What reading one file gave, before it has an id.
struct Read {
    name: String,
    path: PathBuf,
    text: String,
    place: Option<Place>,
    parsed: Option<Parsed>,
    problems: Vec<Problem>,
    unexpected: Option<String>,
}

/// Texts read in place of the files on disk, keyed by path as the walk makes it (the root
/// given to [`load_with`] joined with the path under it): the language server's unsaved
/// buffers (`imaudit lsp`). A path here that is not on disk is read as if it were.
pub type Overlay = BTreeMap<PathBuf, String>;

pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, &Overlay::new())
}

/// [`load`], reading the texts of `overlay` instead of those files on disk.
pub fn load_with(root: &Path, overlay: &Overlay) -> Result<Loaded, LoadError> {
    let meta = std::fs::metadata(root).map_err(|_| LoadError::NotFound(root.to_path_buf()))?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory(root.to_path_buf()));
    }
    let shown_root = shown_root(root);

    let mut found = walk(root);
    add_overlaid(root, overlay, &mut found);
    // Files become `SourceFile`s on the worker that read them; their line index is made
    // later, only for the files a finding or a page needs (source.rs).
    let read: Vec<(SourceFile, Read)> = found
        .into_par_iter()
        .map(|f| {
            let text = overlay.get(&f.path).map(String::as_str);
            let mut r = read_one(&shown_root, f, text);
            let text = std::mem::take(&mut r.text);
            let file = SourceFile::new(std::mem::take(&mut r.name), r.path.clone(), text);
            (file, r)
        })
        .collect();

    let mut loaded = Loaded {
        records: Records {
            root: root.to_path_buf(),
            ..Records::default()
        },
        sources: SourceMap::default(),
        problems: Vec::new(),
    };
    for (file, r) in read {
        let id = loaded.sources.add(file);
        loaded.admit(id, r);
    }
    Ok(loaded)
}

/// The name the records folder is shown by: its own name (`records`), whatever path led to it.
fn shown_root(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "records".to_string())
}

impl Loaded {
    /// Takes in what reading file `id` gave: its problems, and its record in [`Records`].
    fn admit(&mut self, id: FileId, r: Read) {
        let records = &mut self.records;
        let office = r
            .place
            .as_ref()
            .and_then(|p| p.office())
            .map(str::to_string);
        self.problems.extend(file_problems(
            id,
            office.as_deref(),
            r.unexpected,
            r.problems,
        ));
        let Some(place) = r.place else { return };
        match r.parsed {
            Some(parsed) => assemble(records, place, id, parsed),
            None => {
                records.unreadable.push(id);
                if let Some(o) = place.office() {
                    let office = office_entry(records, o);
                    match place {
                        Place::Office(_) => office.unreadable_office = true,
                        Place::People(_) => office.unreadable_people = true,
                        _ => {}
                    }
                }
                records.unreadable_places.insert(place);
            }
        }
    }
}

/// The problems of reading one file: why it is not read, and what is wrong with it.
fn file_problems(
    id: FileId,
    office: Option<&str>,
    unexpected: Option<String>,
    problems: Vec<Problem>,
) -> Vec<FileProblem> {
    let office = office.map(str::to_string);
    let unexpected = unexpected.map(|why| FileProblem {
        kind: ProblemKind::Unexpected,
        span: Span::file_start(id),
        office: office.clone(),
        message: why,
    });
    unexpected
        .into_iter()
        .chain(problems.into_iter().map(|p| FileProblem {
            kind: p.kind,
            span: Span::new(id, p.range),
            office: office.clone(),
            message: p.message,
        }))
        .collect()
}

fn walk(root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name() != ".git");
    for entry in walker.flatten() {
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.push(Found {
            rel,
            path: entry.path().to_path_buf(),
            is_symlink: ft.is_symlink(),
            is_special: !ft.is_file() && !ft.is_symlink(),
        });
    }
    // walkdir sorts per folder by name; sort the whole list by path text so file ids follow
    // the order people see in findings.
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// Adds the overlaid paths under `root` that the walk did not find (a buffer not yet saved),
/// keeping the walk's order.
fn add_overlaid(root: &Path, overlay: &Overlay, found: &mut Vec<Found>) {
    let before = found.len();
    for path in overlay.keys() {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if rel.is_empty() || found[..before].iter().any(|f| f.rel == rel) {
            continue;
        }
        found.push(Found {
            rel,
            path: path.clone(),
            is_symlink: false,
            is_special: false,
        });
    }
    if found.len() > before {
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
}

/// Reads one file found by the walk; `overlaid` is its text when it comes from elsewhere
/// than the disk ([`Overlay`]).
fn read_one(shown_root: &str, f: Found, overlaid: Option<&str>) -> Read {
    let name = format!("{shown_root}/{}", f.rel.join("/"));
    let parts: Vec<&str> = f.rel.iter().map(String::as_str).collect();
    let mut read = Read {
        name,
        path: f.path.clone(),
        text: String::new(),
        place: None,
        parsed: None,
        problems: Vec::new(),
        unexpected: None,
    };
    if f.is_symlink {
        read.unexpected = Some("符號連結不會被讀取：紀錄必須是存放於 records/ 內的一般檔案".into());
        return read;
    }
    if f.is_special {
        read.unexpected = Some("不是一般檔案（具名管道、裝置或通訊端），不會被讀取".into());
        return read;
    }
    let place = match place::classify(&parts) {
        Classified::Known(Place::Readme) => return read,
        Classified::Known(p) => p,
        Classified::Unexpected(why) => {
            read.unexpected = Some(format!("此檔案不會被讀取：{why}"));
            return read;
        }
        Classified::Mismatch(p, why) => {
            read.problems.push(Problem {
                kind: ProblemKind::PathMismatch,
                range: 0..0,
                message: why,
            });
            p
        }
    };
    read.place = Some(place.clone());
    let too_big = |size: u64| Problem {
        kind: ProblemKind::Parse,
        range: 0..0,
        message: format!("檔案大小 {size} 位元組，超過 64 MiB 上限，未讀取"),
    };
    if let Some(text) = overlaid {
        let size = text.len() as u64;
        if size > MAX_FILE_BYTES {
            read.problems.push(too_big(size));
            return read;
        }
        let file = parse_bytes(&place, text.as_bytes().to_vec());
        read.text = file.text;
        read.parsed = file.parsed;
        read.problems.extend(file.problems);
        return read;
    }
    let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        read.problems.push(too_big(size));
        return read;
    }
    let bytes = match read_at_most(&f.path, MAX_FILE_BYTES, size) {
        Ok(Some(b)) => b,
        // The file grew past the limit after its size was taken: still not read whole.
        Ok(None) => {
            read.problems.push(too_big(MAX_FILE_BYTES + 1));
            return read;
        }
        Err(e) => {
            read.problems.push(Problem {
                kind: ProblemKind::Parse,
                range: 0..0,
                message: format!("無法讀取檔案：{e}"),
            });
            return read;
        }
    };
    let file = parse_bytes(&place, bytes);
    read.text = file.text;
    read.parsed = file.parsed;
    read.problems.extend(file.problems);
    read
}

/// The whole file if it holds at most `limit` bytes, else `None`, never reading more than
/// one byte past the limit. `size` is what the file system said, to allocate once.
fn read_at_most(path: &Path, limit: u64, size: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit) + 1).unwrap_or(0));
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// What one file's bytes gave when read as the record its place says.
pub struct ParsedFile {
    /// The text (a BOM removed; bad bytes replaced when it is not UTF-8, for the excerpt).
    pub text: String,
    /// The record, when the file could be read at all.
    pub parsed: Option<Parsed>,
    /// What is wrong with it; every range lies within `text`.
    pub problems: Vec<Problem>,
}

/// Reads one file's bytes as the record `place` says: decoding, then parsing. Every file of
/// the records goes through here (and the fuzz targets call it directly, fuzz/).
pub fn parse_bytes(place: &Place, bytes: Vec<u8>) -> ParsedFile {
    let text = match decode::decode(bytes) {
        Ok(t) => t,
        Err(bad) => {
            return ParsedFile {
                text: bad.lossy,
                parsed: None,
                problems: vec![Problem {
                    kind: ProblemKind::Parse,
                    range: bad.offset..bad.offset,
                    message: bad.message,
                }],
            }
        }
    };
    let (parsed, problems) = match parse::parse(place, &text) {
        Ok((parsed, problems)) => (Some(parsed), problems),
        Err(p) => (None, vec![p]),
    };
    ParsedFile {
        text,
        parsed,
        problems,
    }
}

fn office_entry<'a>(records: &'a mut Records, id: &str) -> &'a mut OfficeRecords {
    records
        .offices
        .entry(id.to_string())
        .or_insert_with(|| OfficeRecords {
            id: id.to_string(),
            ..OfficeRecords::default()
        })
}

fn assemble(records: &mut Records, place: Place, file: FileId, parsed: Parsed) {
    use crate::model::Loaded as L;
    match (place, parsed) {
        (Place::County, Parsed::County(c)) => records.county = Some(L { file, data: c }),
        (Place::Regulation, _) => records.regulation = Some(file),
        (Place::Calendar(y), Parsed::Calendar(c)) => {
            records.calendars.insert(y, L { file, data: c });
        }
        (Place::Office(o), Parsed::Office(d)) => {
            office_entry(records, &o).office = Some(L { file, data: d })
        }
        (Place::People(o), Parsed::People(d)) => {
            office_entry(records, &o).people = Some(L { file, data: d })
        }
        (Place::Log(o, m), Parsed::Log(d, plain)) => {
            // A log read again (`reread`) may have changed its shape.
            if plain {
                records.plain_logs.insert(file);
            } else {
                records.plain_logs.remove(&file);
            }
            office_entry(records, &o)
                .logs
                .insert(m, L { file, data: d });
        }
        (Place::MonthlyAudit(o, m), Parsed::MonthlyAudit(d)) => {
            office_entry(records, &o)
                .monthly_audits
                .insert(m, L { file, data: d });
        }
        (Place::InternalAudit(o, day), Parsed::InternalAudit(d)) => {
            office_entry(records, &o)
                .internal_audits
                .insert(day, L { file, data: d });
        }
        (Place::PermissionReview(o, h), Parsed::PermissionReview(d)) => {
            office_entry(records, &o)
                .permission_reviews
                .insert(h, L { file, data: d });
        }
        (Place::Inspection(o, day), Parsed::Inspection(d)) => {
            office_entry(records, &o)
                .inspections
                .insert(day, L { file, data: d });
        }
        (Place::Handover(o, day, p), Parsed::Handover(d)) => {
            office_entry(records, &o)
                .handovers
                .insert((day, p), L { file, data: d });
        }
        (Place::Incident(o, day, s), Parsed::Incident(d)) => {
            office_entry(records, &o)
                .incidents
                .insert((day, s), L { file, data: d });
        }
        (Place::SystemLog(o, m), Parsed::SystemLog(d)) => {
            office_entry(records, &o)
                .system_logs
                .insert(m, L { file, data: d });
        }
        (place, parsed) => {
            unreachable!("parse() returns the kind of its place: {place:?} {parsed:?}")
        }
    }
}
