//! SSH commit signatures (records.md "Signed sign-off"): what `git commit -S` writes with
//! `gpg.format = ssh` into a commit's `gpgsig` header, an armored `SSH SIGNATURE` over the
//! commit object without that header, in namespace `git`. Verified offline with RustCrypto's
//! `ssh-key` (Ed25519, ECDSA P-256, RSA with rsa-sha2-256/512), against the keys people.toml
//! lists. Bad input of any kind is an answer ([`Failure`]), never a panic: the signature comes
//! from whoever pushed the commit.

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

/// Checks `signature` (the `gpgsig` header's text) over `signed` (the commit without it)
/// against `keys`; on success, the fingerprint of the key that signed.
pub fn verify(signature: &[u8], signed: &[u8], keys: &[PublicKey]) -> Result<String, Failure> {
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
    let Some(key) = keys.iter().find(|k| k.key_data() == sig.public_key()) else {
        let signer = PublicKey::new(sig.public_key().clone(), "");
        return Err(Failure::OtherKey(fingerprint(&signer)));
    };
    key.verify(NAMESPACE, signed, &sig)
        .map(|()| fingerprint(key))
        .map_err(|_| Failure::BadSignature(fingerprint(key)))
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

/// The keys people.toml `text` lists for `person` (malformed ones left out: the current file
/// reports them as `parse-error`; an old version's mistakes vouch for nothing).
pub fn keys_of(text: &str, person: &str) -> Vec<PublicKey> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(toml::Value::Array(people)) = table.get("person") else {
        return Vec::new();
    };
    people
        .iter()
        .filter(|p| p.get("id").and_then(toml::Value::as_str) == Some(person))
        .filter_map(|p| p.get("signing_keys")?.as_array())
        .flatten()
        .filter_map(toml::Value::as_str)
        .filter_map(|k| match crate::model::SigningKey::parse(k) {
            Ok(crate::model::SigningKey::Valid(key)) => Some(key),
            _ => None,
        })
        .collect()
}

/// What a commit's signature, its signed bytes and the people.toml of its first parent and of
/// itself say of `person` (see [`Status`]).
pub fn judge(
    signature: Option<(&[u8], &[u8])>,
    people_before: Option<&str>,
    people_then: Option<&str>,
    person: &str,
) -> Status {
    let Some((signature, signed)) = signature else {
        return Status::Failed(Failure::Unsigned);
    };
    let keys = people_before
        .map(|t| keys_of(t, person))
        .unwrap_or_default();
    match verify(signature, signed, &keys) {
        Ok(fp) => Status::Verified(fp),
        Err(Failure::OtherKey(fp)) => {
            let now = people_then.map(|t| keys_of(t, person)).unwrap_or_default();
            if now.iter().any(|k| fingerprint(k) == fp) {
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
