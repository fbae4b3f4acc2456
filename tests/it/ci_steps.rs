//! The Gitea workflow's shell steps, run for real (issue 15: "a broken step is caught here, not
//! in an office"): a records repository served by a stub Gitea on 127.0.0.1 (git's dumb HTTP
//! protocol for the clone, the comments API in memory), a pull request that brings an error,
//! the `check` job run twice (one comment, edited the second time; the job fails on the
//! error), once as a fork (no comment), and the `build` job publishing into a web root twice.
//! The steps run as act_runner runs them in host mode: `bash -e`, the job's and step's `env`,
//! `${{ … }}` filled in, `$GITHUB_ENV` carried from step to step.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use yaml_rust2::{Yaml, YamlLoader};

use crate::tools;

/// The comments the stub holds: `(id, body)`.
type Comments = Arc<Mutex<Vec<(u64, String)>>>;

/// A stub Gitea: static files under `root` (the bare repositories, for git's dumb HTTP
/// protocol) and `/api/v1/repos/<owner>/<repo>/issues/…/comments`.
fn serve(root: PathBuf, comments: Comments) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream, &root, &comments);
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path, comments: &Comments) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut parts = first.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("");
    let (status, reply): (&str, Vec<u8>) = if let Some(api) = path.strip_prefix("/api/v1/") {
        let text = String::from_utf8_lossy(&body).into_owned();
        let sent = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["body"].as_str().map(str::to_string));
        let mut list = comments.lock().unwrap();
        match (method, api.rsplit('/').next()) {
            ("GET", Some("comments")) => {
                let json: Vec<_> = list
                    .iter()
                    .map(|(id, b)| serde_json::json!({ "id": id, "body": b }))
                    .collect();
                ("200 OK", serde_json::to_vec(&json).unwrap())
            }
            ("POST", Some("comments")) => {
                let id = list.len() as u64 + 1;
                list.push((id, sent.unwrap_or_default()));
                ("201 Created", format!("{{\"id\":{id}}}").into_bytes())
            }
            ("PATCH", Some(id)) => {
                let id: u64 = id.parse().unwrap_or(0);
                match list.iter_mut().find(|(i, _)| *i == id) {
                    Some(c) => {
                        c.1 = sent.unwrap_or_default();
                        ("200 OK", b"{}".to_vec())
                    }
                    None => ("404 Not Found", b"{}".to_vec()),
                }
            }
            _ => ("404 Not Found", b"{}".to_vec()),
        }
    } else {
        match std::fs::read(root.join(path.trim_start_matches('/'))) {
            Ok(bytes) if method == "GET" => ("200 OK", bytes),
            _ => ("404 Not Found", Vec::new()),
        }
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    )?;
    stream.write_all(&reply)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=林美華",
            "-c",
            "user.email=lin@example.gov.tw",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Fills in `${{ … }}` from `context` (unknown ones become empty, as on a forge).
fn fill(text: &str, context: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").map_or(rest.len(), |e| start + e);
        let expr = rest[start + 3..end].trim();
        out.push_str(&evaluate(expr, context));
        rest = rest.get(end + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The expressions the template uses: a context value, or `a != b` of two of them.
fn evaluate(expr: &str, context: &BTreeMap<&str, String>) -> String {
    let value = |e: &str| context.get(e.trim()).cloned().unwrap_or_default();
    match expr.split_once("!=") {
        Some((a, b)) => (value(a) != value(b)).to_string(),
        None => value(expr),
    }
}

/// What a job run left: each step's exit code (`None`: skipped).
fn run_job(
    job: &Yaml,
    context: &BTreeMap<&str, String>,
    workdir: &Path,
    path_env: &str,
) -> Vec<(String, Option<i32>)> {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in job["env"].as_hash().into_iter().flatten() {
        env.insert(
            k.as_str().unwrap().into(),
            fill(v.as_str().unwrap_or(""), context),
        );
    }
    let github_env = workdir.join("github-env");
    std::fs::write(&github_env, "").unwrap();
    let mut results = Vec::new();
    for step in job["steps"].as_vec().unwrap() {
        let name = step["name"].as_str().unwrap_or("").to_string();
        let Some(run) = step["run"].as_str() else {
            continue;
        };
        if let Some(cond) = step["if"].as_str() {
            // The one form the template uses: `env.X != 'v'`.
            let (lhs, rhs) = cond.split_once("!=").unwrap();
            let var = lhs.trim().trim_start_matches("env.");
            let want = rhs.trim().trim_matches('\'');
            if env.get(var).map(String::as_str) == Some(want) {
                results.push((name, None));
                continue;
            }
        }
        for line in std::fs::read_to_string(&github_env).unwrap().lines() {
            if let Some((k, v)) = line.split_once('=') {
                env.insert(k.into(), v.into());
            }
        }
        let script = workdir.join("step.sh");
        std::fs::write(&script, fill(run, context)).unwrap();
        let out = Command::new("bash")
            .arg("-e")
            .arg(&script)
            .current_dir(workdir.join("work"))
            .env_clear()
            .env("PATH", path_env)
            .env("HOME", workdir)
            .env("GITHUB_ENV", &github_env)
            .envs(&env)
            .output()
            .unwrap();
        let code = out.status.code();
        results.push((name.clone(), code));
        if code != Some(0) {
            eprintln!(
                "step {name}: {code:?}\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            break;
        }
    }
    results
}

#[test]
fn gitea_steps_comment_once_gate_the_error_and_publish_the_site() {
    let (Some(_), Some(_), Some(_)) = (
        tools::find("curl", &[], "apt-get install curl"),
        tools::find("python3", &[], "apt-get install python3"),
        tools::find("git", &[], "apt-get install git"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The records repository: main holds the base county, the pull request an unknown person
    // in a log (an error).
    let src = dir.path().join("src");
    crate::harness::copy_tree(
        &crate::harness::fixtures().join("base/records"),
        &src.join("records"),
    );
    git(&src, &["init", "-q", "-b", "main"]);
    git(&src, &["add", "-A"]);
    git(&src, &["commit", "-q", "-m", "紀錄"]);
    git(&src, &["checkout", "-q", "-b", "pr"]);
    crate::harness::copy_tree(
        &crate::harness::fixtures().join("rules/unknown-reference/fail/records"),
        &src.join("records"),
    );
    git(&src, &["commit", "-q", "-am", "新增日誌"]);
    let head = git(&src, &["rev-parse", "HEAD"]);
    git(&src, &["checkout", "-q", "main"]);
    let srv = dir.path().join("srv");
    let bare = srv.join("changhua/records.git");
    std::fs::create_dir_all(&bare).unwrap();
    git(
        &srv,
        &[
            "clone",
            "-q",
            "--bare",
            src.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    git(&bare, &["update-ref", "refs/pull/1/head", &head]);
    git(&bare, &["update-server-info"]);

    let comments: Comments = Arc::default();
    let port = serve(srv, Arc::clone(&comments));
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/gitea-actions.yml"),
    )
    .unwrap();
    let doc = YamlLoader::load_from_str(&text).unwrap().remove(0);
    // imaudit as the package installs it: on PATH.
    let bin = Path::new(env!("CARGO_BIN_EXE_imaudit")).parent().unwrap();
    let path_env = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut context: BTreeMap<&str, String> = BTreeMap::from([
        ("gitea.token", "stub-token".to_string()),
        ("gitea.server_url", format!("http://127.0.0.1:{port}")),
        ("gitea.repository", "changhua/records".to_string()),
        ("gitea.event.pull_request.number", "1".to_string()),
        ("gitea.event.pull_request.head.sha", head.clone()),
        (
            "gitea.event.pull_request.head.repo.full_name",
            "changhua/records".to_string(),
        ),
        ("gitea.base_ref", "main".to_string()),
        ("gitea.sha", git(&src, &["rev-parse", "main"])),
    ]);
    let fresh = |name: &str| {
        let w = dir.path().join(name);
        std::fs::create_dir_all(w.join("work")).unwrap();
        w
    };
    let codes = |r: &[(String, Option<i32>)]| r.iter().map(|(_, c)| *c).collect::<Vec<_>>();

    // A pull request: the comment is written, and the check fails on the error.
    let run = run_job(&doc["jobs"]["check"], &context, &fresh("pr-1"), &path_env);
    assert_eq!(codes(&run), [Some(0), Some(0), Some(0), Some(1)], "{run:?}");
    {
        let list = comments.lock().unwrap();
        assert_eq!(list.len(), 1);
        assert!(
            list[0].1.starts_with("<!-- imaudit-report -->"),
            "{}",
            list[0].1
        );
        assert!(list[0].1.contains("unknown-reference"), "{}", list[0].1);
    }
    // Pushed again: the same comment, edited.
    comments.lock().unwrap()[0].1 = "<!-- imaudit-report -->\nstale".into();
    let run = run_job(&doc["jobs"]["check"], &context, &fresh("pr-2"), &path_env);
    assert_eq!(codes(&run), [Some(0), Some(0), Some(0), Some(1)], "{run:?}");
    {
        let list = comments.lock().unwrap();
        assert_eq!(list.len(), 1, "one comment, not one per push");
        assert!(list[0].1.contains("unknown-reference"));
    }
    // From a fork: no comment, the annotations and the gate still.
    context.insert(
        "gitea.event.pull_request.head.repo.full_name",
        "someone/records".to_string(),
    );
    let before = comments.lock().unwrap().clone();
    comments.lock().unwrap()[0].1 = "<!-- imaudit-report -->\nuntouched".into();
    let run = run_job(&doc["jobs"]["check"], &context, &fresh("fork"), &path_env);
    assert_eq!(codes(&run), [Some(0), Some(0), None, Some(1)], "{run:?}");
    assert_eq!(
        comments.lock().unwrap()[0].1,
        "<!-- imaudit-report -->\nuntouched"
    );
    assert_eq!(before.len(), comments.lock().unwrap().len());

    // main: the site is built and published into SITE_DIR, twice (the second replaces it).
    let www = dir.path().join("www/imaudit");
    std::fs::create_dir_all(www.parent().unwrap()).unwrap();
    context.insert("vars.SITE_DIR", www.display().to_string());
    for round in ["site-1", "site-2"] {
        let run = run_job(&doc["jobs"]["build"], &context, &fresh(round), &path_env);
        assert_eq!(codes(&run), [Some(0), Some(0), Some(0)], "{run:?}");
        assert!(www.join("index.html").is_file(), "{round}");
    }
    let left: Vec<_> = std::fs::read_dir(www.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["imaudit"], "nothing left beside the site");
}
