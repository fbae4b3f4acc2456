//! `manifest.json` (issue 8): every record's path, content hash and the commit that completed
//! its signatures, published with the site so that a later `check --against-manifest` can tell
//! when a signed record was lost or changed, or its history rewritten (`history-rewritten`,
//! where the format is defined: src/rules/trail/history_rewritten.rs).

use crate::evaluate::Evaluation;
use crate::rules::trail::history_rewritten::Manifest;

/// Where the manifest goes in the site.
pub const MANIFEST_JSON: &str = "manifest.json";

/// The manifest of the evaluated records, as published.
pub fn render(eval: &Evaluation) -> String {
    let history = eval.trail.as_ref().and_then(|t| t.history.as_ref());
    Manifest::of(&eval.sources, history, eval.as_of).to_json()
}
