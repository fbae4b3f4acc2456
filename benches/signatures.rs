//! Verifying SSH commit signatures (issue 14: "verifying 10,000 signatures takes under 1 s").
//!
//! What `check` does for a county with 10,000 signature commits: each signer's key parsed once
//! (`sshsig::Key`, as the history does per version of people.toml), then every commit's
//! signature verified against it (`sshsig::verify`: the armored SshSig read, the commit's
//! bytes hashed, the signature checked), the forms in parallel on rayon's threads as
//! `check` runs them. The signatures are real: `ssh-keygen -Y sign -n git` (what `git commit
//! -S` runs with `gpg.format = ssh`) over 1,000 distinct commit-sized payloads per key type
//! (no result is cached: each call does the whole work).
//!
//! ```text
//! cargo bench --bench signatures            # well under a minute on an idle 2-core machine
//! cargo bench --bench signatures -- check   # only check's path
//! ```
//!
//! Each run verifies 1,000 signatures; read the `thrpt` line (elements per second): the
//! target, 10,000 in under 1 s, is above 10 Kelem/s. Lines: `check 1000 <key type>` (on
//! rayon's threads as `check` runs them), `one thread 1000 <key type>` and, for comparison,
//! `ssh-key PublicKey::verify 1000 <key type>` (the key made ready again for each signature,
//! one thread).
//! Needs ssh-keygen (openssh-client); without it nothing is run.

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use imaudit::history::sshsig;
use rayon::prelude::*;

/// Distinct signed payloads per key type.
const DISTINCT: usize = 1_000;
/// Verifications per measured run: a tenth of the 10,000 of the target, so the bench takes
/// about a minute; the throughput line says it (10 Kelem/s is 10,000 in 1 s).
const RUN: usize = 1_000;

/// A commit object without its signature header, as git signs it.
fn payload(i: usize) -> Vec<u8> {
    format!(
        "tree 4b825dc642cb6eb9a060e54bf8d69288fbee{i:04}\nparent 9fceb02d0ae598e95dc970b74767f19372d61af8\nauthor 陳志明 <chen.zm@demo.gov.tw> {} +0800\ncommitter 陳志明 <chen.zm@demo.gov.tw> {} +0800\n\n主任簽核 2026-02 #{i}\n",
        1772586000 + i,
        1772586000 + i,
    )
    .into_bytes()
}

/// A signature and the bytes it signs.
type Signed = (Vec<u8>, Vec<u8>);

/// A key made with ssh-keygen and `n` signatures by it, made by one ssh-keygen run.
fn signed(kind: &[&str], n: usize) -> Option<(ssh_key::PublicKey, Vec<Signed>)> {
    let dir = tempfile::tempdir().ok()?;
    let key = dir.path().join("key");
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-N", "", "-C", "bench", "-f"])
        .arg(&key)
        .args(kind)
        .status()
        .ok()?
        .success();
    if !ok {
        return None;
    }
    let public = std::fs::read_to_string(key.with_extension("pub")).ok()?;
    let public = imaudit::model::SigningKey::parse(&public)
        .ok()?
        .public()?
        .clone();
    let messages: Vec<_> = (0..n)
        .map(|i| {
            let msg = dir.path().join(format!("m{i}"));
            std::fs::write(&msg, payload(i)).map(|()| msg)
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let status = Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", "git", "-f"])
        .arg(&key)
        .args(&messages)
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let out = messages
        .iter()
        .enumerate()
        .map(|(i, m)| Some((std::fs::read(m.with_extension("sig")).ok()?, payload(i))))
        .collect::<Option<Vec<_>>>()?;
    Some((public, out))
}

fn signatures(c: &mut Criterion) {
    let mut g = c.benchmark_group("signatures");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (name, kind) in [
        ("ed25519", &["-t", "ed25519"][..]),
        ("ecdsa-p256", &["-t", "ecdsa", "-b", "256"][..]),
        ("rsa-3072", &["-t", "rsa", "-b", "3072"][..]),
    ] {
        let Some((public, sigs)) = signed(kind, DISTINCT) else {
            eprintln!("ssh-keygen not found: the signature bench is skipped");
            return;
        };
        // The signer's key, parsed once as the history parses each people.toml version once.
        let keys = [sshsig::Key::new(public.clone())];
        let work: Vec<&Signed> = sigs.iter().take(RUN).collect();
        g.throughput(Throughput::Elements(RUN as u64));
        g.bench_function(format!("check {RUN} {name}"), |b| {
            b.iter(|| {
                work.par_iter().for_each(|(sig, data)| {
                    let r = sshsig::verify(black_box(sig), black_box(data), &keys);
                    assert!(r.is_ok());
                })
            })
        });
        g.bench_function(format!("one thread {RUN} {name}"), |b| {
            b.iter(|| {
                for (sig, data) in &work {
                    let r = sshsig::verify(black_box(sig), black_box(data), &keys);
                    assert!(r.is_ok());
                }
            })
        });
        // ssh-key's own path, which makes the key ready again for every signature.
        g.throughput(Throughput::Elements(DISTINCT as u64));
        g.bench_function(
            format!("ssh-key PublicKey::verify {DISTINCT} {name}"),
            |b| {
                b.iter(|| {
                    for (sig, data) in &sigs {
                        let text = std::str::from_utf8(black_box(sig)).unwrap();
                        let sig = ssh_key::SshSig::from_pem(text).unwrap();
                        assert!(public.verify("git", black_box(data), &sig).is_ok());
                    }
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, signatures);
criterion_main!(benches);
