//! The SSH commit signature verifier (`signoff-unverified`) on any `gpgsig` header, signed
//! bytes and people.toml: never a panic, whatever a pushed commit carries. The input is split
//! at the first two NUL bytes into the signature, the signed bytes and a people.toml whose
//! keys (and a fixed Ed25519 key) are the signer's.
#![no_main]

use imaudit::history::sshsig;
use libfuzzer_sys::fuzz_target;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMm7kHRTQ6kk8qoNQ3EhX0dbGE8ezLdnA0fSLfYmQ6Hn a@b";

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let signature = parts.next().unwrap_or_default();
    let signed = parts.next().unwrap_or_default();
    let people = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let people =
        format!("{people}\n[[person]]\nid = \"a\"\nname = \"a\"\nsigning_keys = [\"{KEY}\"]\n");
    let _ = sshsig::judge(Some((signature, signed)), Some(&people), Some(&people), "a");
    let keys = sshsig::keys_of(&people, "a");
    let _ = sshsig::verify(signature, signed, &keys);
    // The armored text alone, as the header's first line would start it.
    let mut armored = b"-----BEGIN SSH SIGNATURE-----\n".to_vec();
    armored.extend_from_slice(signature);
    armored.extend_from_slice(b"\n-----END SSH SIGNATURE-----\n");
    let _ = sshsig::verify(&armored, signed, &keys);
});
