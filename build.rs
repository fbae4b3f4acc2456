//! Embeds the user guide (`docs/guide/*.md`) in the binary: the site renders it as
//! `guide/…` pages, and the guide belongs to imaudit, not to a county's records, so it cannot
//! be read from the records folder at build time of the site. A macro cannot list a folder, so
//! this script writes `$OUT_DIR/guide.rs`: one `(name, include_str!(…))` entry per file,
//! sorted by name, so the binary (and the site) is the same for the same guide.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let guide = Path::new(&manifest).join("docs").join("guide");
    // Cargo scans a folder given here for any change inside it. A missing folder would make
    // the script run on every build, so until the guide exists, watch its parent (or, without
    // docs/ either, the manifest, which changes when the crate's layout does).
    if guide.is_dir() {
        println!("cargo:rerun-if-changed=docs/guide");
    } else if guide.parent().is_some_and(Path::is_dir) {
        println!("cargo:rerun-if-changed=docs");
    } else {
        println!("cargo:rerun-if-changed=Cargo.toml");
    }
    let mut pages: Vec<(String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&guide) {
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let (Some(stem), Some(full)) =
                (path.file_stem().and_then(|s| s.to_str()), path.to_str())
            else {
                continue;
            };
            pages.push((stem.to_string(), full.to_string()));
        }
    }
    pages.sort();
    let mut code = String::from(
        "/// The guide's Markdown files, `(file stem, text)`, sorted by name (written by build.rs).\n\
         pub const GUIDE: &[(&str, &str)] = &[\n",
    );
    for (stem, full) in &pages {
        code.push_str(&format!("    ({stem:?}, include_str!({full:?})),\n"));
    }
    code.push_str("];\n");
    let dest = Path::new(&out).join("guide.rs");
    // Rewrite only on change, so an unchanged guide does not touch the crate's inputs.
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&dest, code).expect("write $OUT_DIR/guide.rs");
    }
}
