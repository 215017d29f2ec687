//! The fields every report file carries, and turning them into a [`Report`] with checks.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::FileError;
use super::combined::CombinedIn;
use super::ordered::Ordered;
use super::sheet_import::{Imported, note};
use crate::format::Registry;
use crate::model::{Date, Origin, Report, Review, Source};

/// A report as read from a file, before it is checked against its format.
#[derive(Debug, Deserialize)]
pub struct Parts {
    format: String,
    year: i32,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    cells: BTreeMap<String, Scalar>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
    #[serde(default)]
    reviews: BTreeMap<String, Review>,
    /// Keys of the cells an import could not read.
    #[serde(default)]
    unread: Vec<String>,
    /// Where imported cells were read, by key.
    #[serde(default)]
    origins: BTreeMap<String, OriginIn>,
    /// The imported document's text.
    #[serde(default)]
    source: Option<Source>,
    /// A combined report's inputs and contributors.
    #[serde(default)]
    combined: Option<CombinedIn>,
    /// What reading the document the report was imported from could not make out
    /// (the native file keeps it).
    #[serde(default)]
    notes: Vec<NoteIn>,
}

/// A reading note as a file keeps it.
#[derive(Debug, Deserialize)]
struct NoteIn {
    rule: String,
    #[serde(default)]
    cells: Vec<String>,
    message: String,
}

/// Where a cell was read, as a file gives it: the native file keeps the place itself; the
/// JSON export describes it for people (`第 26 行第 2 格` with the line's text), which is
/// read past, not refused.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OriginIn {
    Kept(Origin),
    Described(serde::de::IgnoredAny),
}

/// A cell as written in a file: text, or a number or null from a script-written JSON.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Null(()),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Null(()) => String::new(),
        }
    }
}

impl Parts {
    /// Checks the parts against their format and builds the report, with the reading
    /// notes the file kept.
    pub fn into_imported(mut self) -> Result<Imported, FileError> {
        let notes = std::mem::take(&mut self.notes)
            .into_iter()
            .map(|n| note(&n.rule, n.cells, n.message))
            .collect();
        Ok(Imported {
            report: self.into_report()?,
            notes,
        })
    }

    /// Checks the parts against their format and builds the report.
    pub fn into_report(self) -> Result<Report, FileError> {
        let registry = Registry::builtin().map_err(|e| FileError::Invalid(e.to_string()))?;
        let format = registry
            .get(&self.format)
            .ok_or_else(|| FileError::UnknownFormat(self.format.clone()))?
            .clone();
        let mut report = Report::new(format.clone(), self.agency, self.year);
        report.published = self
            .published
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.parse::<Date>())
            .transpose()
            .map_err(|e| FileError::Invalid(e.to_string()))?;
        for (key, text) in self.cells {
            report
                .set_cell(&key, text.into_text())
                .map_err(|e| FileError::UnknownCell {
                    key: e.key,
                    format: e.format,
                })?;
        }
        let narrative: Vec<&str> = format.narrative_ids().collect();
        for (id, text) in self.sections {
            if !narrative.contains(&id.as_str()) {
                return Err(FileError::UnknownSection {
                    id,
                    format: format.id().to_owned(),
                    expected: narrative.join("、"),
                });
            }
            report.set_section(&id, text);
        }
        let index = |key: &str| {
            format.index_of(key).ok_or_else(|| FileError::UnknownCell {
                key: key.to_owned(),
                format: format.id().to_owned(),
            })
        };
        for key in &self.unread {
            report.set_unread(index(key)?, true);
        }
        for (key, origin) in self.origins {
            if let OriginIn::Kept(origin) = origin {
                report.set_origin(index(&key)?, origin);
            }
        }
        report.source = self.source.map(std::sync::Arc::new);
        report.combination = self
            .combined
            .map(|c| c.into_combination(&format).map(std::sync::Arc::new))
            .transpose()?;
        report.reviews = self
            .reviews
            .into_iter()
            .filter(|(_, r)| !r.is_empty())
            .map(|(id, r)| (review_id(&format, id), r))
            .collect();
        Ok(report)
    }
}

/// A review's finding id as this version writes it: files of earlier versions keyed a
/// finding about the whole report by its message (`LATE@发布日期…`), now by its rule.
fn review_id(format: &crate::format::Format, id: String) -> String {
    // A message is Chinese; cell keys and section ids are ASCII.
    match id.split_once('@') {
        Some((rule, about))
            if format.rule(rule).is_some()
                && about.chars().any(|c| c > '\u{2e80}')
                && format.index_of(about).is_none()
                && !format.sections().iter().any(|s| s.id == about) =>
        {
            rule.to_owned()
        }
        _ => id,
    }
}

/// Every cell of the report as `(key, text)`, in format order.
pub fn ordered_cells(report: &Report) -> Ordered<&str, &str> {
    Ordered(report.cells().collect())
}

/// Every narrative section (empty ones too), in format order.
pub fn ordered_sections(report: &Report) -> Ordered<&str, &str> {
    Ordered(
        report
            .format()
            .narrative_ids()
            .map(|id| (id, report.section(id)))
            .collect(),
    )
}

/// Keys of the unread cells, in format order.
pub fn unread_keys(report: &Report) -> Vec<&str> {
    report
        .unread()
        .map(|i| report.format().cell(i).key.as_str())
        .collect()
}

/// Where imported cells were read, by key in format order.
pub fn origins_by_key(report: &Report) -> Ordered<&str, &Origin> {
    Ordered(
        report
            .origins()
            .map(|(i, o)| (report.format().cell(i).key.as_str(), o))
            .collect(),
    )
}

/// The publication date as written in files.
pub fn published_text(report: &Report) -> Option<String> {
    report.published.map(|d| d.to_string())
}
