//! Verifying SSH commit signatures (issue 14: "verifying 10,000 signatures takes under 1 s"):
//! the same check `signoff-unverified` makes per signature commit, on signatures `ssh-keygen
//! -Y sign -n git` made (what `git commit -S` runs with `gpg.format = ssh`) over commit-sized
//! payloads, one per key type. Needs ssh-keygen (openssh-client); without it nothing is run.
//!
//! ```text
//! cargo bench --bench signatures
//! ```

use std::hint::black_box;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};
use imaudit::history::sshsig;

/// A commit object without its signature header, as git signs it.
fn payload(i: usize) -> Vec<u8> {
    format!(
        "tree 4b825dc642cb6eb9a060e54bf8d69288fbee490{}\nparent 9fceb02d0ae598e95dc970b74767f19372d61af8\nauthor 陳志明 <chen.zm@demo.gov.tw> 1772586000 +0800\ncommitter 陳志明 <chen.zm@demo.gov.tw> 1772586000 +0800\n\n主任簽核 2026-02 #{i}\n",
        i % 10
    )
    .into_bytes()
}

/// A signature and the bytes it signs.
type Signed = (Vec<u8>, Vec<u8>);

/// Signatures by one key made with ssh-keygen: the public key and the signatures.
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
    let mut out = Vec::new();
    for i in 0..n {
        let msg = dir.path().join(format!("m{i}"));
        std::fs::write(&msg, payload(i)).ok()?;
        let status = Command::new("ssh-keygen")
            .args(["-q", "-Y", "sign", "-n", "git", "-f"])
            .arg(&key)
            .arg(&msg)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        let sig = std::fs::read(msg.with_extension("sig")).ok()?;
        out.push((sig, payload(i)));
    }
    Some((public, out))
}

fn signatures(c: &mut Criterion) {
    let mut g = c.benchmark_group("signatures");
    g.sample_size(10);
    for (name, kind) in [
        ("ed25519", &["-t", "ed25519"][..]),
        ("ecdsa-p256", &["-t", "ecdsa", "-b", "256"][..]),
        ("rsa-3072", &["-t", "rsa", "-b", "3072"][..]),
    ] {
        // Ten distinct signatures, each verified 1,000 times: 10,000 verifications.
        let Some((key, sigs)) = signed(kind, 10) else {
            eprintln!("ssh-keygen not found: the signature bench is skipped");
            return;
        };
        let keys = [key];
        g.bench_function(format!("verify 10000 {name}"), |b| {
            b.iter(|| {
                for _ in 0..1000 {
                    for (sig, data) in &sigs {
                        let r = sshsig::verify(black_box(sig), black_box(data), &keys);
                        assert!(r.is_ok());
                    }
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, signatures);
criterion_main!(benches);
