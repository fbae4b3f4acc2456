//! Finding the external tools the outward-facing tests run (the SARIF multitool, taplo,
//! LibreOffice, check-jsonschema, shellcheck): skipped locally when missing, a failure under
//! `CI=true` (the brief's rule; `.ci/run` installs each of them).

#![allow(dead_code)]

use std::path::PathBuf;

/// Where `.ci/run` installs the npm tools (`npm install --prefix /opt/imaudit-ci`).
pub const NPM_PREFIX: &str = "/opt/imaudit-ci";

/// The first of `candidates` that is a file, else `name` on PATH; `None` (after saying how
/// to install it) when neither is there and this is not CI.
pub fn find(name: &str, candidates: &[&str], install: &str) -> Option<PathBuf> {
    let found = candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| on_path(name));
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true and {name} is not installed: this test must run in CI ({install})");
        }
        eprintln!("test skipped: {name} not found; {install}");
    }
    found
}

pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The SARIF multitool's own executable: its npm wrapper runs it through a shell, which would
/// split `--rule-kind Sarif;Gh` at the `;`.
pub fn sarif_multitool() -> Option<PathBuf> {
    let native =
        format!("{NPM_PREFIX}/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    find(
        "Sarif.Multitool",
        &[native.as_str()],
        "npm install --prefix /opt/imaudit-ci @microsoft/sarif-multitool",
    )
}

/// taplo's command line (`@taplo/cli`, the same taplo as VS Code's Even Better TOML).
pub fn taplo() -> Option<PathBuf> {
    let bin = format!("{NPM_PREFIX}/node_modules/.bin/taplo");
    find(
        "taplo",
        &[bin.as_str()],
        "npm install --prefix /opt/imaudit-ci @taplo/cli",
    )
}
