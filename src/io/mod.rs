//! Reading and writing report files, chosen by extension.
//!
//! Every reader refuses files over [`MAX_FILE_BYTES`] before reading them whole, and
//! answers bad content with a [`FileError`] in Chinese, never a panic. Every writer
//! replaces the target atomically.

mod atomic;
mod error;
mod json;
mod native;
mod ordered;
mod parts;

use std::io::Read;
use std::path::Path;

pub use atomic::write_atomic;
pub use error::FileError;
pub use json::{from_json, to_json, to_json_line};
pub use native::{CURRENT_VERSION, from_native, to_native};

use crate::model::Report;
use crate::rules::Finding;

/// Largest file any reader accepts (50 MB): a real report is a few hundred KB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The kinds of file nianbao reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.nianbao`: the native RON file.
    Native,
    /// `.json`: the public JSON shape.
    Json,
}

impl FileKind {
    /// The kind for a path, by its extension.
    pub fn of(path: &Path) -> Result<FileKind, FileError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "nianbao" => Ok(FileKind::Native),
            "json" => Ok(FileKind::Json),
            _ => Err(FileError::Unsupported { ext }),
        }
    }
}

/// Reads a whole file, refusing one larger than [`MAX_FILE_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, FileError> {
    let file = std::fs::File::open(path).map_err(FileError::io)?;
    let meta = file.metadata().map_err(FileError::io)?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { size: meta.len() });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The size on disk may change (or lie, for special files): never read past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(FileError::io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text (a leading BOM is dropped).
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = read_limited(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| FileError::NotText)
}

/// Opens a report file of any supported kind.
pub fn open(path: &Path) -> Result<Report, FileError> {
    let kind = FileKind::of(path)?;
    let text = read_text(path)?;
    match kind {
        FileKind::Native => from_native(&text),
        FileKind::Json => from_json(&text),
    }
}

/// Saves a report in the kind its extension names, atomically. JSON gets `findings`.
pub fn save(report: &Report, findings: &[Finding], path: &Path) -> Result<(), FileError> {
    let text = match FileKind::of(path)? {
        FileKind::Native => to_native(report)?,
        FileKind::Json => to_json(report, findings),
    };
    write_atomic(path, text.as_bytes()).map_err(FileError::io)
}
