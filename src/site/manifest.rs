//! `manifest.json` (issue 8): every record's path, content hash and the commit that completed
//! its signatures, published with the site so that a later `check --against-manifest` can tell
//! when a signed record was lost or changed, or its history rewritten (`history-rewritten`,
//! where the format is defined: src/manifest.rs).

use crate::evaluate::Evaluation;
use crate::manifest::Manifest;

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
