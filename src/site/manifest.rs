//! `manifest.json` (issue 8): every record's path, content hash and the commit that completed
//! its signatures, published with the site so that a later `check --against-manifest` can tell
//! when a signed record was lost or changed, or its history rewritten (`history-rewritten`,
//! where the format is defined: src/manifest.rs).

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::lookup::Lookup;
use super::output::Previous;
use crate::evaluate::Evaluation;
use crate::history::History;
use crate::manifest::{Manifest, ManifestRecord};
use crate::source::FileId;

/// Where the manifest goes in the site.
pub const MANIFEST_JSON: &str = "manifest.json";

/// What the manifest is made from, for its input fingerprint (render.rs `Inputs`): the
/// evaluation date, every file's name and text, and when history was read, the repository's
/// main line (the commits' ids name their whole content, so the signing commits cannot change
/// without them) and where the records sit in it.
pub fn inputs(l: &crate::site::lookup::Lookup, h: &mut crate::site::render::Inputs) {
    let eval = l.eval;
    h.add(&eval.as_of.to_string());
    h.add(&eval.sources().len());
    for (id, f) in eval.sources().iter() {
        h.add(&f.name);
        h.bytes(l.text_hash(id));
    }
    match eval.trail().and_then(|t| t.history.as_ref()) {
        Some(history) => {
            h.add(&history.prefix);
            h.add(&history.mainline.len());
            for c in &history.mainline {
                h.bytes(c.id.as_bytes());
            }
            h.add(&history.side.len());
            for c in &history.side {
                h.bytes(c.id.as_bytes());
            }
        }
        None => h.add("no history"),
    }
}

/// The manifest of the evaluated records, as published.
pub fn render(eval: &Evaluation) -> String {
    let history = eval.trail().and_then(|t| t.history.as_ref());
    Manifest::of(eval.records(), eval.sources(), history, eval.as_of).to_json()
}

/// Beside the manifest, each record's text hash (`<sha256> <path>`, after a first line that
/// keys what else its entries were made from): a build made office by office hashes a record's
/// content only when its text changed ([`Reusable`]). A one-log rebuild of a county re-hashed
/// 400 MB of logs otherwise, the whole county being released before the manifest's inputs can
/// be known to match the old site's (issue 12).
pub const MANIFEST_TEXTS: &str = ".imaudit-manifest-texts";

/// What an entry of the manifest is made from besides its record's path and text: this build
/// of the program, the evaluation date and the commits of the history (the signing commits).
pub fn texts_key(build: &[u8; 32], as_of: chrono::NaiveDate, history: Option<&History>) -> String {
    let mut h = Sha256::new();
    h.update(b"manifest texts 1\0");
    h.update(build);
    h.update(as_of.to_string());
    match history {
        Some(history) => {
            h.update(history.prefix.as_bytes());
            h.update((history.mainline.len() as u64).to_le_bytes());
            for c in history.mainline.iter().chain(&history.side) {
                h.update(c.id.as_bytes());
            }
        }
        None => h.update(b"\0no history"),
    }
    hex(&h.finalize().into())
}

/// [`MANIFEST_TEXTS`] of a site: the key, then the text hash and path of every file the
/// manifest can list (a record's place: no other file name, which could be anything, is
/// published).
pub fn texts(l: &Lookup, key: &str) -> String {
    let mut out = format!("{key}\n");
    for (id, f) in l.eval.sources().iter() {
        let Some((_, rel)) = f.name.split_once('/') else {
            continue;
        };
        if Manifest::lists(rel) {
            out.push_str(&hex(l.text_hash(id)));
            out.push(' ');
            out.push_str(rel);
            out.push('\n');
        }
    }
    out
}

/// The old site's manifest entries whose record's text, and all else they were made from, are
/// the same now.
#[derive(Default)]
pub struct Reusable {
    by_path: HashMap<String, (String, ManifestRecord)>,
}

impl Reusable {
    /// The old site's entries, when its texts file has the same `key` (none otherwise).
    pub fn read(previous: Option<&Previous>, key: &str) -> Reusable {
        let read = || -> Option<Reusable> {
            let previous = previous?;
            let texts = previous.read(MANIFEST_TEXTS)?;
            let mut lines = texts.lines();
            if lines.next()? != key {
                return None;
            }
            let manifest = Manifest::from_json(&previous.read_page(MANIFEST_JSON)?).ok()?;
            let mut hashes: HashMap<&str, &str> = HashMap::new();
            for line in lines {
                let (hash, rel) = line.split_once(' ')?;
                hashes.insert(rel, hash);
            }
            let by_path = manifest
                .records
                .into_iter()
                .filter_map(|r| {
                    let hash = hashes.get(r.path.as_str())?.to_string();
                    Some((r.path.clone(), (hash, r)))
                })
                .collect();
            Some(Reusable { by_path })
        };
        read().unwrap_or_default()
    }

    /// The old entry of the record at `rel`, when its text hash is `hash`.
    pub fn get(&self, rel: &str, hash: &[u8; 32]) -> Option<&ManifestRecord> {
        let (old, record) = self.by_path.get(rel)?;
        (*old == hex(hash)).then_some(record)
    }

    /// The entries of `files` (read, and their texts loaded, in `eval`): reused where the text
    /// is the same, made otherwise.
    pub fn records_of(&self, eval: &Evaluation, files: &[FileId]) -> Vec<ManifestRecord> {
        let mut out = Vec::new();
        let mut todo = std::collections::HashSet::new();
        for &id in files {
            let f = eval.sources().get(id);
            let reused = f
                .name
                .split_once('/')
                .and_then(|(_, rel)| self.get(rel, f.text_sha256()));
            match reused {
                Some(record) => out.push(record.clone()),
                None => {
                    todo.insert(id);
                }
            }
        }
        let history = eval.trail().and_then(|t| t.history.as_ref());
        out.extend(Manifest::records_of(
            eval.records(),
            eval.sources(),
            |id| todo.contains(&id),
            history,
            eval.as_of,
        ));
        out
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
