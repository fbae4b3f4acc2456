//! `imaudit generate-assets DIR` (hidden): the man pages (one a command, clap_mangen) and the
//! bash, zsh and fish completions (clap_complete) that the .deb installs (Cargo.toml
//! `[package.metadata.deb]`, docs/install.md), generated from the very clap definitions that
//! give `--help`, so they cannot drift from the binary. Run after the release build, before
//! `cargo deb --no-build`:
//!
//! ```sh
//! cargo build --release --locked
//! target/release/imaudit generate-assets target/assets
//! cargo deb --no-build
//! ```

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateAssetsArgs};

pub fn run(args: GenerateAssetsArgs) -> anyhow::Result<ExitCode> {
    let man = args.dir.join("man");
    let completions = args.dir.join("completions");
    for dir in [&man, &completions] {
        std::fs::create_dir_all(dir).with_context(|| format!("無法建立 {}", dir.display()))?;
    }
    // The man page's NAME line is "imaudit - <about>": the about without its own "imaudit：".
    let about = Cli::command()
        .get_about()
        .map(|a| a.to_string().trim_start_matches("imaudit：").to_string())
        .unwrap_or_default();
    clap_mangen::generate_to(Cli::command().about(about), &man)
        .with_context(|| format!("無法寫入 {}", man.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let mut cmd = Cli::command();
        clap_complete::generate_to(shell, &mut cmd, "imaudit", &completions)
            .with_context(|| format!("無法寫入 {}", completions.display()))?;
    }
    let pages = count(&man);
    println!(
        "已寫出 {pages} 頁 man 手冊到 {}，bash、zsh、fish 自動完成檔到 {}",
        man.display(),
        completions.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}
