//! Reading and writing report files, chosen by extension.
//!
//! Every reader refuses files over [`MAX_FILE_BYTES`] before reading them whole, and
//! answers bad content with a [`FileError`] in Chinese, never a panic. Every writer
//! replaces the target atomically.

mod atomic;
mod combined;
mod decode;
mod error;
mod flat_csv;
mod json;
pub mod labels;
mod meta;
mod native;
mod ods_guard;
mod ordered;
pub mod own_output;
mod parse_error;
mod parts;
pub mod published;
mod sheet_import;
mod tsv;
pub mod workbook;
mod xls_guard;
mod xlsx;
mod zip_guard;

use std::io::Read;
use std::path::Path;
pub(crate) use xlsx::header_row;

pub use atomic::{backup_path, check_output, write_atomic, write_atomic_with_backup};
pub use decode::decode;
pub use error::FileError;
pub use flat_csv::to_csv;
pub(crate) use json::number;
pub use json::{from_json, to_json, to_json_line};
pub use native::{CURRENT_VERSION, from_native, to_native, to_native_with_notes};
pub use published::{Published, import_published};
pub use sheet_import::{Imported, import_grids};
pub use tsv::{parse_tsv, write_tsv};
pub use xlsx::to_xlsx;

use crate::model::Report;
use crate::publish::{PublishOptions, to_docx, to_html};
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
    /// `.xlsx`: an Excel workbook (read and written).
    Xlsx,
    /// `.xls`, `.ods`: other spreadsheets (read only).
    OtherSheet,
    /// `.csv`: the flat table of cells (written only).
    Csv,
    /// `.txt`, `.md`, `.html`, `.htm`, `.docx`, `.pdf`: a published report (read; HTML and
    /// DOCX also written, to publish).
    Published(Published),
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
            "xlsx" => Ok(FileKind::Xlsx),
            "xls" | "ods" => Ok(FileKind::OtherSheet),
            "csv" => Ok(FileKind::Csv),
            "txt" | "md" | "markdown" => Ok(FileKind::Published(Published::Text)),
            "html" | "htm" => Ok(FileKind::Published(Published::Html)),
            "docx" => Ok(FileKind::Published(Published::Docx)),
            "pdf" => Ok(FileKind::Published(Published::Pdf)),
            "doc" | "wps" => Err(FileError::OldOffice {
                ext,
                save_as: ".docx 或 .pdf",
            }),
            "et" => Err(FileError::OldOffice {
                ext,
                save_as: ".xlsx",
            }),
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
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(bytes)
}

/// Bytes as UTF-8 text (a leading BOM is dropped).
fn utf8_text(bytes: &[u8]) -> Result<String, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|_| FileError::NotText)
}

/// Opens a report file of any supported kind.
pub fn open(path: &Path) -> Result<Report, FileError> {
    open_report(path).map(|o| o.report)
}

/// Opens a report file with the notes its reading left (labels a spreadsheet lacked).
pub fn open_report(path: &Path) -> Result<Imported, FileError> {
    // A folder or a missing path has no extension to judge: say what it is.
    let kind = FileKind::of(path).map_err(|e| {
        if path.is_dir() {
            FileError::IsDirectory
        } else if !path.exists() {
            FileError::io(std::io::ErrorKind::NotFound.into())
        } else {
            e
        }
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_report(kind, &read_limited(path)?, &name)
}

/// Reads a report of the given kind from the bytes of a file named `name` (the name is
/// a hint for agency and year). The readers behind [`open_report`], and what the fuzz
/// targets call.
pub fn read_report(kind: FileKind, bytes: &[u8], name: &str) -> Result<Imported, FileError> {
    let plain = |report| Imported {
        report,
        notes: Vec::new(),
    };
    match kind {
        FileKind::Native => native::read_native(&utf8_text(bytes)?),
        FileKind::Json => from_json(&utf8_text(bytes)?).map(plain),
        FileKind::Xlsx | FileKind::OtherSheet => {
            let grids = workbook::read_workbook(bytes)?;
            if let Some(kind) = own_output::kind(bytes) {
                return Err(FileError::OwnOutput(kind));
            }
            import_grids(&grids, name)
        }
        FileKind::Csv => Err(FileError::Invalid(
            "CSV 是导出的单元格清单，不能作为报告打开".into(),
        )),
        FileKind::Published(kind) => import_published(kind, bytes, name),
    }
}

/// Saves a report in the kind its extension names, atomically. JSON and spreadsheets
/// carry the findings; `.html` and `.docx` are the documents to publish.
pub fn save(report: &Report, findings: &[Finding], path: &Path) -> Result<(), FileError> {
    save_with(report, findings, path, PublishOptions::default())
}

/// [`save`] with the choices of the publish dialog.
pub fn save_with(
    report: &Report,
    findings: &[Finding],
    path: &Path,
    options: PublishOptions,
) -> Result<(), FileError> {
    check_output(path)?;
    // An old Office extension is no more a kind to write than any other unknown one.
    let kind = FileKind::of(path).map_err(|e| match e {
        FileError::OldOffice { ext, .. } => FileError::Unsupported { ext },
        e => e,
    })?;
    let bytes = match kind {
        FileKind::Native => to_native_with_notes(report, findings)?.into_bytes(),
        FileKind::Json => to_json(report, findings).into_bytes(),
        FileKind::Xlsx => to_xlsx(report, findings)?,
        FileKind::Csv => to_csv(report).into_bytes(),
        FileKind::Published(Published::Html) => to_html(report, options).into_bytes(),
        FileKind::Published(Published::Docx) => to_docx(report, options)?,
        FileKind::OtherSheet
        | FileKind::Published(Published::Text)
        | FileKind::Published(Published::Pdf) => {
            return Err(FileError::Invalid(
                "只能导出为 .nianbao、.json、.xlsx、.csv、.html、.docx（这种文件只能导入）".into(),
            ));
        }
    };
    // The report itself keeps its previous version; exports are copies.
    if kind == FileKind::Native {
        write_atomic_with_backup(path, &bytes).map_err(FileError::io)
    } else {
        write_atomic(path, &bytes).map_err(FileError::io)
    }
}
