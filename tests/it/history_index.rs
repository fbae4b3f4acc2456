//! The two ways of reading history agree: `History::build` (the whole index, for the rules and
//! the site) and `History::build_for` (one record's trail, for `imaudit history`) give every
//! record the same trail, step for step, on generated repositories with moves, moves with
//! edits, deletions, restorations, merges of several commits, branches merged twice and
//! branches updated from main (issue 6: the one-file walk must not drift from the index).

use std::collections::BTreeMap;

use git2::{FileMode, Oid, Repository, Signature, Time};
use imaudit::history::History;

/// A small deterministic generator (no dependency on a random crate's stream).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

type Files = BTreeMap<String, String>;

/// Writes `files` (paths under the repository root) as nested trees.
fn tree(repo: &Repository, files: &Files) -> Oid {
    fn write(repo: &Repository, files: &[(&str, &str)]) -> Oid {
        let mut tb = repo.treebuilder(None).unwrap();
        let mut dirs: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (path, text) in files {
            match path.split_once('/') {
                Some((dir, rest)) => dirs.entry(dir).or_default().push((rest, text)),
                None => {
                    let blob = repo.blob(text.as_bytes()).unwrap();
                    tb.insert(path, blob, FileMode::Blob.into()).unwrap();
                }
            }
        }
        for (dir, inner) in dirs {
            let id = write(repo, &inner);
            tb.insert(dir, id, FileMode::Tree.into()).unwrap();
        }
        tb.write().unwrap()
    }
    let flat: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    write(repo, &flat)
}

fn log_text(month: u32, entries: usize, salt: u64) -> String {
    let mut s = format!("month = \"2025-{month:02}\"\n");
    for i in 0..entries {
        s.push_str(&format!(
            "\n[[entry]]\nperson = \"p{}\"\nlogin = 2025-{month:02}-{:02}T09:00:00\nlogout = 2025-{month:02}-{:02}T09:30:00\npurpose = \"受理登記，查核入出境紀錄 {salt}-{i}\"\n",
            i % 5,
            i % 28 + 1,
            i % 28 + 1
        ));
    }
    s
}

struct Gen<'r> {
    repo: &'r Repository,
    rng: Lcg,
    clock: i64,
    salt: u64,
}

impl Gen<'_> {
    fn commit(&mut self, files: &Files, parents: &[Oid], message: &str) -> Oid {
        self.clock += 3_600;
        let who = self.rng.below(4);
        let sig = Signature::new(
            &format!("user{who}"),
            &format!("u{who}@demo.gov.tw"),
            &Time::new(self.clock, 480),
        )
        .unwrap();
        let tree = self.repo.find_tree(tree(self.repo, files)).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(None, &sig, &sig, message, &tree, &refs)
            .unwrap()
    }

    /// One random change to `files`: an edit, an addition, a deletion, a restoration, a move,
    /// or a move with an edit. Paths are drawn from a small set so they collide and return.
    fn change(&mut self, files: &mut Files, gone: &mut Files) {
        self.salt += 1;
        let office = ["a", "b"][self.rng.below(2)];
        let month = self.rng.below(6) as u32 + 1;
        let fresh = format!("records/offices/{office}/logs/2025/2025-{month:02}.toml");
        let existing: Vec<String> = files.keys().cloned().collect();
        let pick = |rng: &mut Lcg| existing.get(rng.below(existing.len().max(1))).cloned();
        match self.rng.below(8) {
            0 | 1 => {
                if let Some(p) = pick(&mut self.rng) {
                    let text = files[&p].clone() + &format!("# edit {}\n", self.salt);
                    files.insert(p, text);
                }
            }
            2 => {
                let text = log_text(month, self.rng.below(4) + 1, self.salt);
                files.insert(fresh, text);
            }
            3 => {
                if let Some(p) = pick(&mut self.rng) {
                    if let Some(t) = files.remove(&p) {
                        gone.insert(p, t);
                    }
                }
            }
            4 => {
                if let Some((p, t)) = gone.pop_first() {
                    files.entry(p).or_insert(t);
                }
            }
            5 | 6 => {
                // A move, into a misfiled place and back, or to another month.
                if let Some(p) = pick(&mut self.rng) {
                    if !files.contains_key(&fresh) && p != fresh {
                        let t = files.remove(&p).unwrap_or_default();
                        files.insert(fresh, t);
                    }
                }
            }
            _ => {
                if let Some(p) = pick(&mut self.rng) {
                    let moved = format!("records/offices/{office}/logs/old-{month}.toml");
                    if !files.contains_key(&moved) {
                        let t = files.remove(&p).unwrap_or_default();
                        files.insert(moved, t + &format!("# moved {}\n", self.salt));
                    }
                }
            }
        }
    }
}

/// A main line of direct commits and merged pull requests, as `gen-county --git` makes, with
/// the odd cases the county set lacks.
fn generated(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let mut g = Gen {
        repo: &repo,
        rng: Lcg(seed),
        clock: 1_735_689_600,
        salt: 0,
    };
    let mut files: Files = BTreeMap::new();
    let mut gone: Files = BTreeMap::new();
    files.insert("records/county.toml".into(), "name = \"彰化縣\"\n".into());
    for m in 1..=3 {
        files.insert(
            format!("records/offices/a/logs/2025/2025-{m:02}.toml"),
            log_text(m, 2, m as u64),
        );
    }
    let mut head = g.commit(&files, &[], "匯入");
    // A branch kept open across merges: merged, continued, merged again.
    let mut long: Option<(Oid, Files)> = None;
    for step in 0..40 {
        match g.rng.below(4) {
            0 => {
                g.change(&mut files, &mut gone);
                head = g.commit(&files, &[head], &format!("直接修改 {step}"));
            }
            _ => {
                let (mut tip, mut side) = match long.take() {
                    Some(kept) if g.rng.below(2) == 0 => kept,
                    _ => (head, files.clone()),
                };
                let base = side.clone();
                let mut side_gone = gone.clone();
                for k in 0..g.rng.below(3) + 1 {
                    g.change(&mut side, &mut side_gone);
                    tip = g.commit(&side, &[tip], &format!("分支 {step}-{k}"));
                }
                if g.rng.below(3) == 0 {
                    // Main moves on while the pull request waits.
                    g.change(&mut files, &mut gone);
                    head = g.commit(&files, &[head], &format!("主線 {step}"));
                    if g.rng.below(2) == 0 {
                        // The branch is updated from main (a merge inside the branch).
                        for (p, t) in &files {
                            if base.get(p) != Some(t) {
                                side.insert(p.clone(), t.clone());
                            }
                        }
                        tip = g.commit(&side, &[tip, head], &format!("更新分支 {step}"));
                    }
                }
                // The merge: main's files with what the branch changed.
                for (p, t) in &side {
                    if base.get(p) != Some(t) {
                        files.insert(p.clone(), t.clone());
                    }
                }
                for p in base.keys() {
                    if !side.contains_key(p) {
                        files.remove(p);
                    }
                }
                head = g.commit(&files, &[head, tip], &format!("合併 {step}"));
                if g.rng.below(3) == 0 {
                    long = Some((tip, side));
                }
            }
        }
    }
    repo.reference("refs/heads/main", head, true, "generated")
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
    dir
}

fn trail_of(h: &History, path: &str) -> Vec<String> {
    h.record_trail(path)
        .iter()
        .map(|s| {
            let via: Vec<String> = s.via.iter().map(|c| c.id.to_string()).collect();
            format!(
                "{} {} via [{}] {:?} {:?}",
                s.path,
                s.commit.id,
                via.join(","),
                s.kind,
                s.lines
            )
        })
        .collect()
}

#[test]
fn one_records_walk_gives_the_trail_the_whole_index_gives() {
    let mut compared = 0;
    let mut moved = 0;
    let mut via = 0;
    for seed in 1..=6 {
        let dir = generated(seed);
        let full =
            History::build(Repository::open(dir.path()).unwrap(), "records/".into()).unwrap();
        for path in full.paths.keys() {
            let one = History::build_for(
                Repository::open(dir.path()).unwrap(),
                "records/".into(),
                path,
            )
            .unwrap();
            let want = trail_of(&full, path);
            assert_eq!(trail_of(&one, path), want, "seed {seed}, {path}");
            compared += 1;
            moved += want.iter().filter(|s| s.contains("RenamedFrom")).count();
            via += want.iter().filter(|s| !s.contains("via []")).count();
        }
    }
    // The generated histories do hold what the comparison is about.
    assert!(compared > 60, "{compared} trails compared");
    assert!(moved > 10, "{moved} moves followed");
    assert!(via > 40, "{via} steps brought by merged branches");
}
