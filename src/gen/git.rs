//! Writes a generated county as a git history (issue 6's `--git`).

use chrono::NaiveDateTime;

/// One commit's worth of change (filled in by the generator).
#[derive(Clone, Debug)]
pub struct Change {
    pub when: NaiveDateTime,
}

/// Writes `county` into `root` (see [`super::write`]) and makes it a git repository whose
/// history brought the files there.
pub fn write(root: &std::path::Path, county: &super::County) -> std::io::Result<()> {
    super::write(root, county)
}
