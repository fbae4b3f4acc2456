//! SSH commit signatures (records.md "Signed sign-off"): what `git commit -S` writes with
//! `gpg.format = ssh` into a commit's `gpgsig` header, an armored `SSH SIGNATURE` over the
//! commit object without that header, in namespace `git`. Read with RustCrypto's `ssh-key`
//! and verified offline (Ed25519 with ed25519-dalek, ECDSA P-256 and RSA with rsa-sha2-256/512
//! with ring, anything else with `ssh-key` itself), against the keys people.toml lists. Bad input of any kind is an answer ([`Failure`]), never a panic: the signature comes
//! from whoever pushed the commit.

use std::collections::HashMap;

use ssh_key::{HashAlg, PublicKey, SshSig};

/// Why a commit's signature does not vouch for a signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The commit has no `gpgsig` header.
    Unsigned,
    /// The header holds something else than an SSH signature (a GPG one, most often).
    NotSsh,
    /// An SSH signature that cannot be read (corrupt, truncated, unknown key type), or one in
    /// another namespace than `git`: the text says which.
    Malformed(String),
    /// A well-formed signature by a key that is not among the signer's keys; its fingerprint.
    OtherKey(String),
    /// A signature by one of the signer's keys that does not match the commit's bytes (the
    /// commit was altered after it was signed); the key's fingerprint.
    BadSignature(String),
}

/// The namespace git signs commits in.
pub const NAMESPACE: &str = "git";

/// A public key's fingerprint as `ssh-keygen -l` and the forges show it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// A signer's public key made ready to verify with, once: the crypto crate's own key
/// (an Ed25519 point decompressed, the bytes ring takes for a P-256 point or an RSA key) and
/// the fingerprint. `ssh-key`'s `PublicKey::verify` redoes both for every signature; a county's
/// history has thousands of signature commits by a few dozen keys (issue 14: "10,000
/// signatures in under 1 s").
#[derive(Clone, Debug)]
pub struct Key {
    public: PublicKey,
    fingerprint: String,
    ready: Ready,
}

#[derive(Clone, Debug)]
enum Ready {
    Ed25519(ed25519_dalek::VerifyingKey),
    /// The uncompressed SEC1 point, as ring's `ECDSA_P256_SHA256_FIXED` takes it.
    P256(Vec<u8>),
    /// The modulus and exponent, big-endian without leading zeros, as ring's
    /// `RsaPublicKeyComponents` takes them (for rsa-sha2-256 and rsa-sha2-512 alike).
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// Any other key (P-384, P-521, a key ssh-key refuses…): verified by `ssh-key` itself.
    Other,
}

impl Key {
    pub fn new(public: PublicKey) -> Key {
        use ssh_key::public::KeyData;
        let ready = match public.key_data() {
            KeyData::Ed25519(k) => ed25519_dalek::VerifyingKey::try_from(k)
                .map(Ready::Ed25519)
                .unwrap_or(Ready::Other),
            // SSH writes points uncompressed; anything else is left to ssh-key.
            KeyData::Ecdsa(k @ ssh_key::public::EcdsaPublicKey::NistP256(_))
                if k.as_sec1_bytes().len() == 65 && k.as_sec1_bytes()[0] == 0x04 =>
            {
                Ready::P256(k.as_sec1_bytes().to_vec())
            }
            // Only the keys ring takes (2048 to 8192 bits, an exponent of at most 33 bits);
            // ssh-key refuses under 2048 bits too, and answers for the rare rest itself.
            KeyData::Rsa(k) => match (k.n.as_positive_bytes(), k.e.as_positive_bytes()) {
                (Some(n), Some(e))
                    if (2048..=8192).contains(&bits(n)) && !e.is_empty() && bits(e) <= 33 =>
                {
                    Ready::Rsa {
                        n: n.to_vec(),
                        e: e.to_vec(),
                    }
                }
                _ => Ready::Other,
            },
            _ => Ready::Other,
        };
        Key {
            fingerprint: fingerprint(&public),
            public,
            ready,
        }
    }

    /// `SHA256:…`, as `ssh-keygen -l` shows it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Whether `sig` is this key's signature over `msg` in the `git` namespace: what
    /// `PublicKey::verify` answers, from the key made ready once.
    fn verifies(&self, msg: &[u8], sig: &SshSig) -> bool {
        use ed25519_dalek::Verifier;
        use ssh_key::Algorithm;
        // The bytes an SSH signature signs: a header, the namespace and the message's hash.
        let Ok(data) = SignedData::of(sig, msg) else {
            return false;
        };
        let signature = sig.signature();
        match (&self.ready, signature.algorithm()) {
            (Ready::Ed25519(k), Algorithm::Ed25519) => {
                ed25519_dalek::Signature::try_from(signature)
                    .is_ok_and(|s| k.verify(&data, &s).is_ok())
            }
            (
                Ready::P256(point),
                Algorithm::Ecdsa {
                    curve: ssh_key::EcdsaCurve::NistP256,
                },
            ) => p256_fixed(signature.as_bytes()).is_some_and(|s| {
                ring::signature::UnparsedPublicKey::new(
                    &ring::signature::ECDSA_P256_SHA256_FIXED,
                    point,
                )
                .verify(&data, &s)
                .is_ok()
            }),
            (Ready::Rsa { n, e }, Algorithm::Rsa { hash: Some(hash) }) => {
                let params = match hash {
                    HashAlg::Sha256 => &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                    HashAlg::Sha512 => &ring::signature::RSA_PKCS1_2048_8192_SHA512,
                    _ => return false,
                };
                ring::signature::RsaPublicKeyComponents { n, e }
                    .verify(params, &data, signature.as_bytes())
                    .is_ok()
            }
            (Ready::Other, _) => self.public.verify(NAMESPACE, msg, sig).is_ok(),
            // A signature of another algorithm than the key's.
            _ => false,
        }
    }
}

/// The number of bits of a big-endian number without leading zero bytes.
fn bits(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(b) => bytes.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    }
}

/// An SSH ECDSA P-256 signature (two mpints, r and s) as the 64 bytes r || s, each 32 bytes
/// big-endian, that ring's `_FIXED` algorithms take; `None` if it is not two positive
/// numbers of at most 32 bytes with nothing after them.
fn p256_fixed(mut blob: &[u8]) -> Option<[u8; 64]> {
    let mut out = [0u8; 64];
    for half in out.chunks_mut(32) {
        // An mpint: a big-endian u32 length, then two's-complement big-endian bytes.
        let (len, rest) = blob.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        let (bytes, rest) = (rest.get(..len)?, &rest[len..]);
        blob = rest;
        let bytes = match bytes {
            [0x00, b, ..] if *b < 0x80 => return None, // not minimal, as ssh-key refuses
            [0x00, rest @ ..] => rest,
            [b, ..] if *b >= 0x80 => return None, // negative
            _ => bytes,
        };
        let pad = half.len().checked_sub(bytes.len())?;
        half[pad..].copy_from_slice(bytes);
    }
    blob.is_empty().then_some(out)
}

/// The signed-data blob of an SSH signature (PROTOCOL.sshsig), as `ssh-key` builds it.
struct SignedData;

impl SignedData {
    fn of(sig: &SshSig, msg: &[u8]) -> Result<Vec<u8>, ssh_key::Error> {
        if !sig.reserved().is_empty() {
            // Never written by ssh-keygen; not worth a second encoder.
            return Err(ssh_key::Error::FormatEncoding);
        }
        SshSig::signed_data(sig.namespace(), sig.hash_alg(), msg)
    }
}

/// Checks `signature` (the `gpgsig` header's text) over `signed` (the commit without it)
/// against `keys`; on success, the fingerprint of the key that signed.
pub fn verify(signature: &[u8], signed: &[u8], keys: &[Key]) -> Result<String, Failure> {
    let text = std::str::from_utf8(signature).map_err(|_| Failure::NotSsh)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Failure::Unsigned);
    }
    if !text.starts_with("-----BEGIN SSH SIGNATURE-----") {
        return Err(Failure::NotSsh);
    }
    let sig = SshSig::from_pem(text).map_err(|e| Failure::Malformed(e.to_string()))?;
    if sig.namespace() != NAMESPACE {
        return Err(Failure::Malformed(format!(
            "簽章的用途（namespace）是「{}」而不是 git",
            sig.namespace().chars().take(40).collect::<String>()
        )));
    }
    let Some(key) = keys
        .iter()
        .find(|k| k.public.key_data() == sig.public_key())
    else {
        let signer = PublicKey::new(sig.public_key().clone(), "");
        return Err(Failure::OtherKey(fingerprint(&signer)));
    };
    if key.verifies(signed, &sig) {
        Ok(key.fingerprint.clone())
    } else {
        Err(Failure::BadSignature(key.fingerprint.clone()))
    }
}

/// What a commit's signature says of one signer: what `signoff-unverified` reports and the
/// history and form pages show beside a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Signed by one of the signer's keys listed before the commit; the key's fingerprint.
    Verified(String),
    /// Signed by a key that was listed for the signer only in this very commit's people.toml.
    KeyAddedSameCommit(String),
    Failed(Failure),
}

impl Status {
    /// How a signature line shows it (records.md "Signed sign-off").
    pub fn label(&self) -> String {
        match self {
            Status::Verified(fp) => format!("已驗證（金鑰 {fp}）"),
            Status::KeyAddedSameCommit(_) => "金鑰於同一提交才加入".into(),
            Status::Failed(Failure::Unsigned) => "未簽章".into(),
            Status::Failed(Failure::OtherKey(_)) => "金鑰不符".into(),
            Status::Failed(Failure::NotSsh) => "非 SSH 簽章".into(),
            Status::Failed(Failure::Malformed(_) | Failure::BadSignature(_)) => "簽章無效".into(),
        }
    }

    pub fn verified(&self) -> bool {
        matches!(self, Status::Verified(_))
    }
}

/// Each person's keys as a people.toml `text` lists them (malformed ones left out: the
/// current file reports them as `parse-error`; an old version's mistakes vouch for nothing).
/// Parsed once per version of the file: the history reads the same few versions for
/// thousands of signature commits.
pub fn keyring(text: &str) -> Keyring {
    let mut out = Keyring::new();
    let Ok(table) = text.parse::<toml::Table>() else {
        return out;
    };
    let Some(toml::Value::Array(people)) = table.get("person") else {
        return out;
    };
    for p in people {
        let Some(id) = p.get("id").and_then(toml::Value::as_str) else {
            continue;
        };
        let keys = p
            .get("signing_keys")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
            .filter_map(|k| match crate::model::SigningKey::parse(k) {
                Ok(crate::model::SigningKey::Valid(key)) => Some(Key::new(key)),
                _ => None,
            });
        out.entry(id.to_string()).or_default().extend(keys);
    }
    out
}

/// Each person's signing keys, by person id.
pub type Keyring = HashMap<String, Vec<Key>>;

/// The keys people.toml `text` lists for `person` (see [`keyring`]).
pub fn keys_of(text: &str, person: &str) -> Vec<Key> {
    keyring(text).remove(person).unwrap_or_default()
}

/// What a commit's signature, its signed bytes and the people.toml of its first parent and of
/// itself say of `person` (see [`Status`]).
pub fn judge(
    signature: Option<(&[u8], &[u8])>,
    people_before: Option<&str>,
    people_then: Option<&str>,
    person: &str,
) -> Status {
    let before = people_before.map(keyring).unwrap_or_default();
    let then = people_then.map(keyring).unwrap_or_default();
    judge_with(signature, &before, &then, person)
}

/// [`judge`] with the people.toml versions already read into keyrings.
pub fn judge_with(
    signature: Option<(&[u8], &[u8])>,
    before: &Keyring,
    then: &Keyring,
    person: &str,
) -> Status {
    let Some((signature, signed)) = signature else {
        return Status::Failed(Failure::Unsigned);
    };
    let keys = before.get(person).map(Vec::as_slice).unwrap_or_default();
    match verify(signature, signed, keys) {
        Ok(fp) => Status::Verified(fp),
        Err(Failure::OtherKey(fp)) => {
            let now = then.get(person).map(Vec::as_slice).unwrap_or_default();
            if now.iter().any(|k| k.fingerprint == fp) {
                Status::KeyAddedSameCommit(fp)
            } else {
                Status::Failed(Failure::OtherKey(fp))
            }
        }
        Err(f) => Status::Failed(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_failure_not_a_panic() {
        let keys = [];
        assert_eq!(verify(b"", b"x", &keys), Err(Failure::Unsigned));
        assert_eq!(
            verify(
                b"-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----",
                b"x",
                &keys
            ),
            Err(Failure::NotSsh)
        );
        assert!(matches!(
            verify(
                b"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----",
                b"x",
                &keys
            ),
            Err(Failure::Malformed(_))
        ));
        assert_eq!(verify(&[0xff, 0xfe], b"x", &keys), Err(Failure::NotSsh));
    }

    #[test]
    fn a_malformed_key_is_refused() {
        assert!(crate::model::SigningKey::parse("ssh-ed25519 AAAA").is_err());
        assert!(crate::model::SigningKey::parse("not a key").is_err());
        assert!(crate::model::SigningKey::parse(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMm7kHRTQ6kk8qoNQ3EhX0dbGE8ezLdnA0fSLfYmQ6Hn a@b"
        )
        .is_ok());
    }
}
