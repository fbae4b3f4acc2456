//! Text that many records of a file repeat — a system-log row's account, item and function,
//! a log entry's person, purpose and items — kept once per file and shared. A county's logs
//! hold three million such values with a few dozen distinct ones per file (issue 6); one
//! allocation each was a third of `check`'s peak memory.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

/// Shared text: reads as a `str` (deref, `as_str`, `Display`, comparisons with `str`) and
/// compares, orders and hashes as its text. Inside is an `Arc<String>` rather than an
/// `Arc<str>`: a thin pointer, half the size in each record.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<String>);

impl Shared {
    pub fn new(text: String) -> Shared {
        Shared(Arc::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<'de> serde::Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shared, D::Error> {
        String::deserialize(deserializer).map(Shared::new)
    }
}

impl schemars::JsonSchema for Shared {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }

    fn inline_schema() -> bool {
        String::inline_schema()
    }
}

/// Gives one [`Shared`] per distinct text: the loader keeps one per file it reads.
#[derive(Default)]
pub struct Interner {
    known: HashSet<Key, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    pub fn get(&mut self, text: &str) -> Shared {
        if let Some(Key(shared)) = self.known.get(text) {
            return shared.clone();
        }
        let shared = Shared::new(text.to_string());
        self.known.insert(Key(shared.clone()));
        shared
    }
}

/// A known text, looked up by `&str` (hashes and compares as its text).
struct Key(Shared);

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0 == other.0
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

/// The Fx hash (rustc's): the texts are short and come from the records being read, so a
/// hash that resists chosen collisions buys nothing, and SipHash on every value of a
/// county's logs would cost more than the allocations interning saves.
#[derive(Default)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_allocation() {
        let mut interner = Interner::default();
        let a = interner.get("entry-exit");
        let b = interner.get(&String::from("entry-exit"));
        let c = interner.get("entry-exit ");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!((a.as_str(), c.as_str()), ("entry-exit", "entry-exit "));
        assert_eq!(interner.get("").as_str(), "");
    }
}
