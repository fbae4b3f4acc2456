//! The CI templates of docs/ci (copied into every new county by `imaudit init`): each is valid
//! for its forge (check-jsonschema's vendored schemas, offline: `vendor.github-workflows` for
//! GitHub and Gitea, which reads the same syntax, `vendor.gitlab-ci` for GitLab), and every
//! shell step passes shellcheck. And what issue 15 asked of them, in code: the PR is gated by
//! `check`, the site is built and published whatever the records hold, nightly, with the whole
//! history, one comment kept up to date (found by its marker), fork PRs without a comment, the
//! Gitea file without a step that needs the internet, GitHub's deploy in `github-pages`.

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

use crate::tools;

const MARKER: &str = "<!-- imaudit-report -->";

fn ci_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci")
}

fn load(name: &str) -> (String, Yaml) {
    let text = std::fs::read_to_string(ci_dir().join(name)).unwrap();
    let doc = YamlLoader::load_from_str(&text).unwrap().remove(0);
    (text, doc)
}

/// A forge's `${{ … }}` expressions, filled in before the shell sees the script.
fn without_expressions(script: &str) -> String {
    let mut out = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        out.push_str("FORGE_EXPRESSION");
        rest = rest[start..]
            .find("}}")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// `(job, step name, script)` of every `run:` step of a GitHub or Gitea workflow.
fn actions_scripts(doc: &Yaml) -> Vec<(String, String, String)> {
    let mut scripts = Vec::new();
    for (job, body) in doc["jobs"].as_hash().unwrap() {
        let job = job.as_str().unwrap().to_string();
        for step in body["steps"].as_vec().unwrap() {
            if let Some(run) = step["run"].as_str() {
                let name = step["name"].as_str().unwrap_or("").to_string();
                scripts.push((job.clone(), name, run.to_string()));
            }
        }
    }
    scripts
}

/// `(job, "script", the job's before_script and script lines)` of every GitLab job.
fn gitlab_scripts(doc: &Yaml) -> Vec<(String, String, String)> {
    let mut scripts = Vec::new();
    for (job, body) in doc.as_hash().unwrap() {
        let Some(lines) = body["script"].as_vec() else {
            continue;
        };
        let mut text = String::new();
        for key in ["before_script", "script"] {
            for line in body[key].as_vec().into_iter().flatten() {
                text.push_str(line.as_str().unwrap());
                text.push('\n');
            }
        }
        assert!(!lines.is_empty());
        scripts.push((job.as_str().unwrap().to_string(), "script".into(), text));
    }
    scripts
}

#[test]
fn templates_are_valid_for_their_forge() {
    let Some(check) = tools::find("check-jsonschema", &[], "pip install check-jsonschema") else {
        return;
    };
    for (schema, files) in [
        (
            "vendor.github-workflows",
            &["github-actions.yml", "gitea-actions.yml"][..],
        ),
        ("vendor.gitlab-ci", &["gitlab-ci.yml"][..]),
    ] {
        let out = Command::new(&check)
            .args(["--builtin-schema", schema])
            .args(files.iter().map(|f| ci_dir().join(f)))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{schema}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_script_step_passes_shellcheck() {
    let (_, github) = load("github-actions.yml");
    let (_, gitea) = load("gitea-actions.yml");
    let (_, gitlab) = load("gitlab-ci.yml");
    let mut scripts = Vec::new();
    for (file, list) in [
        ("github-actions.yml", actions_scripts(&github)),
        ("gitea-actions.yml", actions_scripts(&gitea)),
        ("gitlab-ci.yml", gitlab_scripts(&gitlab)),
    ] {
        assert!(!list.is_empty(), "{file} has no script");
        scripts.extend(list.into_iter().map(|(job, step, s)| (file, job, step, s)));
    }
    assert!(scripts.len() >= 10, "{} scripts", scripts.len());
    let Some(shellcheck) = tools::find("shellcheck", &[], "apt-get install shellcheck") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    for (i, (file, job, step, script)) in scripts.iter().enumerate() {
        // Actions run `bash -e {0}`; GitLab's shell executor, bash too.
        let path = dir.path().join(format!("step-{i}.sh"));
        std::fs::write(
            &path,
            format!(
                "#!/usr/bin/env bash\nset -e\n{}",
                without_expressions(script)
            ),
        )
        .unwrap();
        let out = Command::new(&shellcheck)
            .args(["--shell=bash", "--severity=style"])
            .arg(&path)
            .output()
            .unwrap();
        if !out.status.success() {
            failed.push(format!(
                "{file} {job} / {step}:\n{}",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_pull_request_is_gated_by_check_and_the_site_is_always_published() {
    for name in ["github-actions.yml", "gitea-actions.yml"] {
        let (text, doc) = load(name);
        let jobs = &doc["jobs"];
        let on = &doc["on"];
        assert!(!on["pull_request"].is_badvalue(), "{name}");
        assert_eq!(on["push"]["branches"][0].as_str(), Some("main"), "{name}");
        assert!(
            on["schedule"][0]["cron"].as_str().is_some(),
            "{name}: a nightly schedule"
        );
        let check = actions_scripts(&doc)
            .into_iter()
            .filter(|(job, _, _)| job == "check")
            .map(|(_, _, s)| s)
            .collect::<Vec<_>>()
            .join("\n");
        // The gate: the last step is `check`, whose exit status 1 fails the job.
        let last = jobs["check"]["steps"].as_vec().unwrap().last().unwrap();
        assert!(
            last["run"].as_str().unwrap().starts_with("imaudit check "),
            "{name}"
        );
        assert!(!last["run"].as_str().unwrap().contains("||"), "{name}");
        // One comment, found by its marker and edited, not a new one per push.
        assert!(check.contains(MARKER) && check.contains("PATCH"), "{name}");
        // A fork's pull request: no comment, annotations still.
        let comment = jobs["check"]["steps"]
            .as_vec()
            .unwrap()
            .iter()
            .find(|s| s["run"].as_str().is_some_and(|r| r.contains("PATCH")))
            .unwrap();
        assert_eq!(
            comment["if"].as_str(),
            Some("env.FROM_FORK != 'true'"),
            "{name}"
        );
        // The site: built whatever the records hold (no --fail-on), on push and schedule.
        let build = actions_scripts(&doc)
            .into_iter()
            .filter(|(job, _, _)| job == "build")
            .map(|(_, _, s)| s)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            build.contains("imaudit build --out site") && !build.contains("--fail-on"),
            "{name}"
        );
        assert_eq!(
            jobs["build"]["if"]
                .as_str()
                .map(|s| s.contains("!= 'pull_request'")),
            Some(true),
            "{name}"
        );
        assert!(
            !text.contains("cargo install"),
            "{name}: the runner has the package"
        );
        assert!(
            !text.contains("rsync") || text.contains("apt-get install"),
            "{name}: rsync used but never installed"
        );
    }
    // GitHub: the whole history, and the deploy job in the github-pages environment.
    let (text, doc) = load("github-actions.yml");
    assert!(text.matches("fetch-depth: 0").count() >= 2);
    assert_eq!(
        doc["jobs"]["deploy"]["environment"]["name"].as_str(),
        Some("github-pages")
    );
    // Gitea: nothing from the internet (no action to download, no github.com, no crates.io).
    let (text, doc) = load("gitea-actions.yml");
    for (job, body) in doc["jobs"].as_hash().unwrap() {
        assert_eq!(body["runs-on"].as_str(), Some("imaudit"), "{job:?}");
        for step in body["steps"].as_vec().unwrap() {
            assert!(
                step["uses"].is_badvalue(),
                "{job:?}: {step:?} downloads an action"
            );
        }
    }
    for host in [
        "github.com",
        "crates.io",
        "rustup",
        "apt-get",
        "npm",
        "pip ",
    ] {
        assert!(!text.contains(host), "gitea-actions.yml reaches {host}");
    }
    // The clone keeps the whole history (no --depth).
    assert!(actions_scripts(&doc)
        .iter()
        .all(|(_, _, s)| !s.contains("--depth")));
    // GitLab: the whole history, one note edited (PUT), the pages job with no gate.
    let (text, doc) = load("gitlab-ci.yml");
    assert_eq!(doc["variables"]["GIT_DEPTH"].as_i64(), Some(0));
    let check = &gitlab_scripts(&doc)
        .into_iter()
        .find(|(job, _, _)| job == "check")
        .unwrap()
        .2;
    assert!(check.contains(MARKER) && check.contains("--request PUT"));
    assert!(check
        .trim_end()
        .ends_with("imaudit check --since \"$BASE\" --color never"));
    assert!(text.contains("imaudit build --out public") && !text.contains("--fail-on"));
}
