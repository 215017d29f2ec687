//! Zip containers (`.xlsx`, `.ods`, `.docx`) checked before they are inflated: a file of
//! a few hundred KB can declare gigabytes (a "zip bomb").

use std::io::{Read, Seek};

use zip::ZipArchive;

use super::FileError;

/// Most a container's parts may inflate to in all (a real report's are a few MB).
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// Refuses a zip whose parts declare more than [`MAX_INFLATED_BYTES`]. Readers also cap
/// what they inflate, as declared sizes may lie.
pub fn check<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<(), FileError> {
    let declared: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_INFLATED_BYTES {
        return Err(FileError::Inflates {
            declared_mb: declared / 1048576,
            limit_mb: MAX_INFLATED_BYTES / 1048576,
        });
    }
    Ok(())
}
