//! Files ladder keeps for itself between builds (the cache of the output folder, parsed
//! documents): a mark with the layout's version, the identity of the ladder binary that
//! wrote them, the value, and a checksum of everything before it. Reading gives the value
//! only when all of these hold, so a damaged file or one written by another ladder is never
//! trusted. Written through a temporary file, so a reader sees the old file or the new one.

use std::io;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The start of every such file, with the version of its layout.
const MARK: &[u8; 8] = b"LADDER02";

/// The value in the file at `path`, if it is whole and was written by the binary `binary`.
pub(crate) fn load<T: DeserializeOwned>(path: &Path, binary: u64) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != twox_hash::XxHash3_64::oneshot(body) {
        return None;
    }
    let rest = body.strip_prefix(MARK)?;
    let (written_by, payload) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(written_by.try_into().ok()?) != binary {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes `value` to `path`, marked as written by the binary `binary`.
pub(crate) fn save<T: Serialize>(path: &Path, value: &T, binary: u64) -> io::Result<()> {
    let payload = postcard::to_stdvec(value).map_err(io::Error::other)?;
    let mut bytes = Vec::with_capacity(payload.len() + 24);
    bytes.extend_from_slice(MARK);
    bytes.extend_from_slice(&binary.to_le_bytes());
    bytes.extend_from_slice(&payload);
    let sum = twox_hash::XxHash3_64::oneshot(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let mut temp = path.as_os_str().to_owned();
    temp.push(".partial");
    std::fs::write(&temp, &bytes)?;
    std::fs::rename(&temp, path)
}
