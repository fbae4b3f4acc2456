//! Measures the history index (issue 5: "on a generated history of 2,000 commits over 1,000
//! record files, the history index is built in well under a second"), next to
//! `git log --name-status` on the same repository in the same run.
//!
//! ```text
//! cargo run --release --example history-bench            # 2000 commits, 1000 files
//! cargo run --release --example history-bench -- 5000 2000
//! cargo run --release --example history-bench -- --repo DIR   # an existing repository
//! ```
//!
//! With `--repo`, the index of an existing repository whose records are in `DIR/records` (or
//! `DIR` itself, as `gen-county --git` writes them) is built five times beside five runs of
//! `git log --name-status`, and the medians are printed (bench/county.sh uses this).
//!
//! The repository is generated straight into git objects (no work tree churn): a first commit
//! imports 1,000 usage logs (10 offices × 100 months), then each commit adds an entry or a
//! signature to one log, with a move every 100 commits and a deletion every 250, so the walk
//! sees additions, changes, renames and deletions. Nothing is asserted: numbers are printed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use git2::{FileMode, Oid, Repository, Signature, Time};

/// A folder of the generated tree: files (blob ids) and sub-folders.
#[derive(Default)]
struct Dir {
    files: BTreeMap<String, Oid>,
    dirs: BTreeMap<String, Dir>,
    /// The tree id while nothing below changed.
    cached: Option<Oid>,
}

impl Dir {
    fn put(&mut self, path: &[&str], blob: Option<Oid>) {
        self.cached = None;
        match path {
            [file] => {
                match blob {
                    Some(b) => self.files.insert(file.to_string(), b),
                    None => self.files.remove(*file),
                };
            }
            [dir, rest @ ..] => self
                .dirs
                .entry(dir.to_string())
                .or_default()
                .put(rest, blob),
            [] => {}
        }
    }

    fn write(&mut self, repo: &Repository) -> Oid {
        if let Some(id) = self.cached {
            return id;
        }
        let mut tb = repo.treebuilder(None).unwrap();
        for (name, blob) in &self.files {
            tb.insert(name, *blob, FileMode::Blob.into()).unwrap();
        }
        for (name, dir) in self.dirs.iter_mut() {
            if dir.files.is_empty() && dir.dirs.is_empty() {
                continue;
            }
            let id = dir.write(repo);
            tb.insert(name, id, FileMode::Tree.into()).unwrap();
        }
        let id = tb.write().unwrap();
        self.cached = Some(id);
        id
    }
}

fn log_text(month: &str, entries: usize, signed: bool) -> String {
    let mut s = format!("month = \"{month}\"\n");
    for i in 0..entries {
        let day = i % 28 + 1;
        s.push_str(&format!(
            "\n[[entry]]\nperson = \"p{}\"\nlogin = {month}-{day:02}T09:{:02}:00\nlogout = {month}-{day:02}T10:{:02}:00\npurpose = \"受理登記，查核入出境紀錄 {i}\"\n",
            i % 7,
            i % 60,
            i % 60
        ));
    }
    if signed {
        s.push_str(&format!(
            "\n[signoff]\nhandler = {{ person = \"p1\", date = {month}-28 }}\n"
        ));
    }
    s
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = raw.as_slice() {
        if flag == "--repo" {
            return existing(Path::new(dir));
        }
    }
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let commits = args.first().copied().unwrap_or(2000);
    let files = args.get(1).copied().unwrap_or(1000);
    let offices = 10.min(files);
    let per_office = files.div_ceil(offices);

    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let t0 = Instant::now();
    let mut root = Dir::default();
    let mut paths: Vec<(String, String, usize)> = Vec::new(); // path, month, entries
    for o in 0..offices {
        for m in 0..per_office {
            if paths.len() == files {
                break;
            }
            let (y, mm) = (2018 + m / 12, m % 12 + 1);
            let month = format!("{y}-{mm:02}");
            let path = format!("records/offices/office-{o}/logs/{y}/{month}.toml");
            paths.push((path, month, 3));
        }
    }
    let mut parent: Option<Oid> = None;
    let start = 1_514_764_800_i64; // 2018-01-01
    let step = (8 * 365 * 86_400) / commits as i64;
    let commit = |root: &mut Dir, n: usize, message: &str, parent: &mut Option<Oid>| {
        let tree = repo.find_tree(root.write(&repo)).unwrap();
        let who = Signature::new(
            &format!("user{}", n % 13),
            &format!("u{}@demo.gov.tw", n % 13),
            &Time::new(start + step * n as i64, 480),
        )
        .unwrap();
        let parents: Vec<git2::Commit> = parent
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        *parent = Some(
            repo.commit(Some("HEAD"), &who, &who, message, &tree, &refs)
                .unwrap(),
        );
    };
    for (path, month, entries) in &paths {
        let blob = repo
            .blob(log_text(month, *entries, false).as_bytes())
            .unwrap();
        let parts: Vec<&str> = path.split('/').collect();
        root.put(&parts, Some(blob));
    }
    commit(&mut root, 0, "匯入既有紀錄", &mut parent);
    let mut live: Vec<usize> = (0..paths.len()).collect();
    for n in 1..commits {
        if live.is_empty() {
            break;
        }
        let k = live[(n * 7919) % live.len()];
        let old_parts: Vec<String> = paths[k].0.split('/').map(str::to_string).collect();
        let old_parts: Vec<&str> = old_parts.iter().map(String::as_str).collect();
        if n % 250 == 0 {
            root.put(&old_parts, None);
            live.retain(|&i| i != k);
            commit(&mut root, n, "刪除", &mut parent);
            continue;
        }
        paths[k].2 += 1;
        let (path, month, entries) = paths[k].clone();
        let blob = repo
            .blob(log_text(&month, entries, n % 5 == 0).as_bytes())
            .unwrap();
        if n % 100 == 0 {
            // A move with an edit, as when a file is put in its right folder.
            let moved = path.replace("/logs/", "/logs-moved/");
            root.put(&old_parts, None);
            let parts: Vec<&str> = moved.split('/').collect();
            root.put(&parts, Some(blob));
            paths[k].0 = moved;
        } else {
            root.put(&old_parts, Some(blob));
        }
        commit(&mut root, n, "登記查詢", &mut parent);
    }
    let generated = t0.elapsed();
    let records = dir.path().join("records");
    std::fs::create_dir_all(&records).unwrap();

    let (history, index, out, git) = measure(dir.path());
    let changes: usize = history.paths.values().map(Vec::len).sum();

    let t3 = Instant::now();
    let mut sample = 0;
    for p in history.paths.keys().take(100) {
        sample += history.record_trail(p).len();
    }
    let trails = t3.elapsed();

    println!(
        "generated {} commits over {} files in {:.2?}",
        history.mainline.len(),
        paths.len(),
        generated
    );
    println!(
        "history index (one first-parent walk, renames detected): {:.1?} — {} paths, {} changes",
        index,
        history.paths.len(),
        changes
    );
    match out {
        Ok(o) => {
            println!(
                "git log --name-status (same repository):              {:.1?} — {} bytes of output",
                git,
                o.stdout.len()
            )
        }
        _ => println!("git log --name-status: git is not on PATH"),
    }
    println!(
        "record_trail of 100 files ({sample} steps, blobs parsed and described): {:.1?}",
        trails
    );

    // A clone or a repository after `git gc` holds its objects in a pack, not as loose files.
    let gc = std::process::Command::new("git")
        .args(["gc", "-q"])
        .current_dir(dir.path())
        .status();
    if gc.is_ok_and(|s| s.success()) {
        let (_, index, out, git) = measure(dir.path());
        println!("after git gc (objects packed):");
        println!("  history index: {index:.1?}");
        if let Ok(o) = out {
            println!(
                "  git log --name-status: {git:.1?} — {} bytes",
                o.stdout.len()
            );
        }
    }
}

/// Builds the index, then runs `git log --name-status`, timing each.
fn measure(
    repo: &Path,
) -> (
    imaudit::history::History,
    Duration,
    std::io::Result<std::process::Output>,
    Duration,
) {
    let t1 = Instant::now();
    let history =
        imaudit::history::History::build(Repository::open(repo).unwrap(), "records/".into())
            .unwrap();
    let index = t1.elapsed();
    let t2 = Instant::now();
    let out = std::process::Command::new("git")
        .args(["log", "--name-status"])
        .current_dir(repo)
        .output();
    let git = t2.elapsed();
    (
        history,
        index,
        out.and_then(|o| {
            if o.status.success() {
                Ok(o)
            } else {
                Err(std::io::Error::other("git log failed"))
            }
        }),
        git,
    )
}

/// Medians of five index builds and five `git log --name-status` runs on an existing
/// repository.
fn existing(dir: &Path) {
    let records = if dir.join("records").is_dir() {
        dir.join("records")
    } else {
        dir.to_path_buf()
    };
    let mut index = Vec::new();
    let mut git = Vec::new();
    let mut changes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let trail = imaudit::history::Trail::open(&records);
        index.push(t.elapsed());
        let Some(h) = trail.history else {
            eprintln!("no history: {:?}", trail.unavailable);
            std::process::exit(2);
        };
        changes = h.paths.values().map(Vec::len).sum::<usize>();
        let t = Instant::now();
        let ok = std::process::Command::new("git")
            .args(["log", "--name-status"])
            .current_dir(&records)
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        git.push(t.elapsed());
        if !ok {
            eprintln!("git log failed");
            std::process::exit(2);
        }
    }
    index.sort();
    git.sort();
    println!(
        "history index (Trail::open, {changes} changes): median {:.2} s; git log --name-status: median {:.2} s",
        index[2].as_secs_f64(),
        git[2].as_secs_f64()
    );
}
