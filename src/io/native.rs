//! The native `.nianbao` file: RON with a file-format version.
//!
//! ```text
//! (
//!     nianbao: 1,
//!     format: "2021",
//!     year: 2021,
//!     agency: "安康市信访局",
//!     published: None,
//!     cells: { "t2.art20_1.rules.issued": "0", … },
//!     sections: { "overview": "…", "problems": "…", "other_matters": "…" },
//!     reviews: { "CELL-BLANK@t3.new_received.other": (explanation: "…", status: open, note: "") },
//! )
//! ```
//! A combined report (汇总) also carries `combined: Some((inputs, include_errors,
//! contributors))`, see `combined.rs`; an imported one `unread`, `origins`, `source`
//! and `notes: [(rule: "IMPORT-NOT-FOUND", cells: […], message: "…")]` (what reading
//! the document could not make out). Files without them read as before.
//!
//! A later version that changes this shape bumps [`CURRENT_VERSION`] and adds a migration
//! from the older versions here; a file from a newer version is refused, never guessed at.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::FileError;
use super::combined::{CombinedOut, combined_out};
use super::ordered::Ordered;
use super::parts::{
    Parts, ordered_cells, ordered_sections, origins_by_key, published_text, unread_keys,
};
use super::sheet_import::Imported;
use crate::model::{Origin, Report, Review, Source};
use crate::rules::Finding;

/// The version of the native file this build writes and the newest it reads.
pub const CURRENT_VERSION: u32 = 1;

#[derive(Deserialize)]
struct Header {
    nianbao: u32,
}

#[derive(Serialize)]
struct NativeOut<'a> {
    nianbao: u32,
    format: &'a str,
    year: i32,
    agency: &'a str,
    published: Option<String>,
    cells: Ordered<&'a str, &'a str>,
    sections: Ordered<&'a str, &'a str>,
    reviews: &'a BTreeMap<String, Review>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unread: Vec<&'a str>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    origins: Ordered<&'a str, &'a Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    combined: Option<CombinedOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteOut<'a>>,
}

/// A note from reading the document the report was imported from.
#[derive(Serialize)]
struct NoteOut<'a> {
    rule: &'a str,
    cells: &'a [String],
    message: &'a str,
}

fn syntax(e: ron::error::SpannedError) -> FileError {
    FileError::Syntax {
        what: "年报文件",
        line: e.span.start.line,
        column: e.span.start.col,
        detail: super::parse_error::ron(&e.code),
    }
}

/// Reads a native file.
pub fn from_native(text: &str) -> Result<Report, FileError> {
    read_native(text).map(|imported| imported.report)
}

/// Reads a native file with the reading notes it keeps.
pub(super) fn read_native(text: &str) -> Result<Imported, FileError> {
    let options = ron::Options::default();
    let header: Header = options.from_str(text).map_err(syntax)?;
    if header.nianbao > CURRENT_VERSION {
        return Err(FileError::NewerVersion {
            found: header.nianbao,
            supported: CURRENT_VERSION,
        });
    }
    if header.nianbao == 0 {
        return Err(FileError::Invalid("文件版本号不能为 0".into()));
    }
    let parts: Parts = options.from_str(text).map_err(syntax)?;
    parts.into_imported()
}

/// Writes a native file.
pub fn to_native(report: &Report) -> Result<String, FileError> {
    to_native_with_notes(report, &[])
}

/// Writes a native file keeping, of `findings`, the notes from reading the document the
/// report was imported from (findings of no rule of its format: a row not found, a
/// label read loosely), so that they are there when it is opened again.
pub fn to_native_with_notes(report: &Report, findings: &[Finding]) -> Result<String, FileError> {
    let rules = report.format().rules();
    let notes = findings
        .iter()
        .filter(|f| !rules.iter().any(|r| r.id == f.rule))
        .map(|f| NoteOut {
            rule: &f.rule,
            cells: &f.cells,
            message: &f.message,
        })
        .collect();
    let out = NativeOut {
        nianbao: CURRENT_VERSION,
        format: report.format().id(),
        year: report.year,
        agency: &report.agency,
        published: published_text(report),
        cells: ordered_cells(report),
        sections: ordered_sections(report),
        reviews: &report.reviews,
        unread: unread_keys(report),
        origins: origins_by_key(report),
        source: report.source.as_deref(),
        combined: report
            .combination
            .as_deref()
            .map(|c| combined_out(c, report.format())),
        notes,
    };
    let config = ron::ser::PrettyConfig::new().struct_names(false);
    let mut text =
        ron::ser::to_string_pretty(&out, config).map_err(|e| FileError::Invalid(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
