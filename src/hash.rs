//! The hashes ladder compares by: `hash_of`, the fingerprint of any value (a part of the
//! site, the configuration, the templates), and `binary_identity`, which tells one ladder
//! binary from another (a cache is trusted only by the binary that wrote it). XXH3 for both:
//! fast, and the same in every run of one binary. Uses nothing else of the crate.

use std::hash::{Hash, Hasher};

/// The hash every fingerprint and output file is compared by: XXH3, fast, and the same in
/// every run of one ladder binary (the cache is never read by another binary).
pub(crate) fn hash_of(value: &impl Hash) -> u64 {
    let mut bytes = Bytes(Vec::with_capacity(256));
    value.hash(&mut bytes);
    bytes.finish()
}

/// A `Hasher` that collects what is hashed and hashes it in one go: XXH3's streaming form
/// costs more than the copy for the many small values a part is made of.
struct Bytes(Vec<u8>);

impl Hasher for Bytes {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        twox_hash::XxHash3_64::oneshot(&self.0)
    }
}

/// Identifies the running ladder binary by a hash of its file: pages another binary wrote
/// may differ, so a cache is only trusted by the binary that wrote it. When the file cannot
/// be read, a value no cache holds. Made once per process (the running binary cannot change
/// under it): reading and hashing the file on every build was most of the cost of a small
/// site's `check` (87% in the one-file fuzz target) and of every build a test runs.
pub(crate) fn binary_identity() -> u64 {
    static IDENTITY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *IDENTITY.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| twox_hash::XxHash3_64::oneshot(&bytes))
            .unwrap_or_else(|_| {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                hash_of(&(now.as_nanos(), std::process::id()))
            })
    })
}
