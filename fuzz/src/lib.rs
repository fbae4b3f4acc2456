//! What the fuzz targets share: which record kind an input is (its first byte) and where
//! that kind lives in the base county (tests/fixtures/base/records).

use std::path::PathBuf;
use std::sync::OnceLock;

use imaudit::load::place::{classify, Classified};
use imaudit::model::Place;

/// One path per record kind of records.md, in the demo office of the base county. Paths that
/// the base county lacks (an inspection, a handover, an incident) are added by the input.
pub const KINDS: &[&str] = &[
    "county.toml",
    "calendar/2026.toml",
    "regulation.md",
    "offices/demo/office.toml",
    "offices/demo/people.toml",
    "offices/demo/logs/2026/2026-01.toml",
    "offices/demo/monthly-audits/2026/2026-01.toml",
    "offices/demo/internal-audits/2026-01-22.toml",
    "offices/demo/permission-reviews/2026-H1.toml",
    "offices/demo/inspections/2026-02-10.toml",
    "offices/demo/handovers/2026-02-10-wang-xiao-ming.toml",
    "offices/demo/incidents/2026-02-10-lost-card.toml",
    "offices/demo/system-logs/2026-01.csv",
];

/// Splits an input into the path of its record kind and the file's bytes.
pub fn split(data: &[u8]) -> Option<(&'static str, &[u8])> {
    let (&kind, bytes) = data.split_first()?;
    Some((KINDS[kind as usize % KINDS.len()], bytes))
}

/// The place of a path of [`KINDS`].
pub fn place(rel: &str) -> Place {
    let parts: Vec<&str> = rel.split('/').collect();
    match classify(&parts) {
        Classified::Known(p) => p,
        other => panic!("{rel} is not a record path: {other:?}"),
    }
}

/// The base county of the integration tests.
pub fn base_records() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base/records")
}

/// A copy of the base county in a temporary folder (canonical path: the language server
/// compares paths), made once per process: the targets that write records write into it.
pub fn base_county() -> &'static (tempfile::TempDir, PathBuf) {
    static COUNTY: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    COUNTY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().canonicalize().unwrap().join("records");
        let base = base_records();
        for entry in walkdir::WalkDir::new(&base) {
            let entry = entry.unwrap();
            let dest = records.join(entry.path().strip_prefix(&base).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        (dir, records)
    })
}
