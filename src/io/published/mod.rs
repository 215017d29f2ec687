//! Published reports — text and markdown copies, web pages, Word documents, PDFs — read into
//! the report model. Each reader turns its file into rows of cells ([`Flow`]), each row
//! with the place it was read at; one locator then finds the title, the sections and
//! every table cell by their labels ([`locate`]). A cell that cannot be read with
//! confidence is left unread — never guessed, never taken for a blank — and every cell
//! read remembers where in the document it was.

mod about;
mod digits;
mod docx;
mod flow;
mod html;
mod locate;
mod pdf;
mod runs;
mod sections;
mod text;
mod unglue;

use super::FileError;
use super::labels::{LabelIndex, normalise};
use super::sheet_import::{Imported, NO_YEAR, NOT_FOUND, note};
use crate::format::{Format, Registry};
use crate::model::{Origin, Report, Source};
use crate::rules::Finding;

pub use flow::{DocMeta, Flow, Place};
pub use pdf::rows as pdf_rows;
pub use text::{number_like, rows as text_rows};

/// Rule id of the notes about rows read by their place between their neighbours.
pub const LOOSE_LABEL: &str = "IMPORT-LABEL";

/// The kinds of published document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// `.txt`, `.md`.
    Text,
    /// `.html`, `.htm`.
    Html,
    /// `.docx`.
    Docx,
    /// `.pdf` (with a text layer).
    Pdf,
}

/// Reads a published report from the bytes of its file.
pub fn import_published(
    kind: Published,
    bytes: &[u8],
    file_name: &str,
) -> Result<Imported, FileError> {
    let flow = match kind {
        Published::Text => text::rows(&super::decode::decode(bytes).0),
        Published::Html => html::rows(&super::decode::decode(bytes).0),
        Published::Docx => docx::rows(bytes)?,
        Published::Pdf => pdf::rows(bytes)?,
    };
    import_flow(flow, file_name)
}

/// Longest text looked at as a possible label or heading.
const MAX_LABEL_CHARS: usize = 80;

/// The possible labels of a document, indexed.
struct Labels {
    index: LabelIndex<usize>,
    /// Cells ending in digits after other text: labels with their values run together.
    run_together: Vec<usize>,
}

impl Labels {
    fn new(cells: &[Cell]) -> Labels {
        let run_together = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.norm.ends_with(|ch: char| ch.is_ascii_digit())
                    && c.norm.chars().any(|ch| !ch.is_ascii_digit())
            })
            .map(|(k, _)| k)
            .collect();
        Labels {
            index: LabelIndex::new(cells.iter().enumerate().map(|(k, c)| (k, c.norm.as_str()))),
            run_together,
        }
    }
}

/// One cell of the flow: where it is and its text, as written and normalised.
struct Cell<'a> {
    /// The flow row.
    row: usize,
    /// Its position in the row.
    col: usize,
    raw: &'a str,
    norm: String,
}

/// Whether a cell holds a value (a number, a blank, a dash) rather than a label.
fn value_like(raw: &str) -> bool {
    blank(raw) || number_like(raw)
}

/// Whether a cell holds nothing but spaces.
fn blank(raw: &str) -> bool {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .is_empty()
}

/// Reads a report from the rows of a published document.
pub fn import_flow(flow: Flow, file_name: &str) -> Result<Imported, FileError> {
    let flow = unglue::unglue(&flow).unwrap_or(flow);
    let mut imported = read_flow(&flow, file_name)?;
    // The document's rows stay with the report, for showing cells in context.
    imported.report.source = Some(std::sync::Arc::new(Source {
        file: file_name.to_owned(),
        rows: flow.rows,
    }));
    Ok(imported)
}

/// The report in a document's rows.
fn read_flow(flow: &Flow, file_name: &str) -> Result<Imported, FileError> {
    let registry = Registry::builtin().map_err(|e| FileError::Invalid(e.to_string()))?;
    let cells: Vec<Cell> = flow
        .rows
        .iter()
        .enumerate()
        .flat_map(|(row, cells)| {
            cells.iter().enumerate().map(move |(col, raw)| Cell {
                row,
                col,
                raw,
                // Only short texts can be labels or headings; values are not looked up.
                norm: if raw.chars().count() <= MAX_LABEL_CHARS && !value_like(raw) {
                    normalise(raw)
                } else {
                    String::new()
                },
            })
        })
        .collect();
    let labels = Labels::new(&cells);
    // Every label cell, normalised, one per line: searched for each format's wording.
    let label_text: String = cells
        .iter()
        .filter(|c| !c.norm.is_empty())
        .flat_map(|c| [c.norm.as_str(), "\n"])
        .collect();
    // The format the tables are worded in; between equally worded ones, the one whose
    // cells are found best.
    let (format, found) = registry
        .formats()
        .iter()
        .map(|f| {
            let found = locate::locate(f, &cells, &labels);
            (about::wording_score(f, &label_text), f.clone(), found)
        })
        .max_by_key(|(wording, _, found)| (*wording, found.count()))
        .map(|(_, f, found)| (f, found))
        .ok_or_else(|| FileError::NotAReport("没有可用的报告格式".into()))?;
    if found.count() == 0 {
        return Err(FileError::NotAReport(
            "没有读到表二、表三、表四中任何一行的数值（文件不是年度报告，或其表格无法识别）".into(),
        ));
    }
    let (title_agency, year) = about::title(flow, file_name);
    let (signed_agency, signed_date) = about::signature(flow);
    let mut notes = Vec::new();
    let year = year.unwrap_or_else(|| {
        let y = format.first_year();
        notes.push(note(
            NO_YEAR,
            Vec::new(),
            format!("未能从标题或文件名中确定报告年度，暂按 {y} 年度处理，请核对"),
        ));
        y
    });
    let agency = title_agency
        .or(signed_agency)
        .or_else(|| flow.meta.agency.as_deref().and_then(about::clean_agency))
        .unwrap_or_default();
    let mut report = Report::new(format.clone(), agency, year);
    report.published = flow.meta.published.or(signed_date);
    for (i, hit) in found.hits.iter().enumerate() {
        match hit {
            Some(hit) => {
                report.set_cell_at(i, hit.text.clone());
                let origin = Origin {
                    place: flow.place(hit.row),
                    column: hit.col,
                    line: hit.row,
                };
                report.set_origin(i, origin);
            }
            None => report.set_unread(i, true),
        }
    }
    for (id, text) in sections::narratives(&format, &cells, flow) {
        report.set_section(&id, text);
    }
    notes.extend(unrecognised(&format, &found));
    Ok(Imported { report, notes })
}
/// 未能识别: a note per table not found, else per row not read (with the reason when the
/// row was found but its values could not be read); and a note per row read by its
/// place between its neighbours.
fn unrecognised(format: &Format, found: &locate::Located) -> Vec<Finding> {
    let hits = &found.hits;
    let mut notes = Vec::new();
    for (t, table) in format.tables().iter().enumerate() {
        let cells: Vec<usize> = (0..hits.len())
            .filter(|&i| format.cell(i).table == t)
            .collect();
        if cells.iter().all(|&i| hits[i].is_none()) {
            let keys = cells.iter().map(|&i| format.cell(i).key.clone()).collect();
            notes.push(note(
                NOT_FOUND,
                keys,
                format!("未能识别{}：文件中没有找到这张表的行标题", table.name),
            ));
            continue;
        }
        let mut done = vec![false; hits.len()];
        for &i in &cells {
            if hits[i].is_some() || done[i] {
                continue;
            }
            let same_row = |j: usize| {
                let (c, d) = (format.cell(i), format.cell(j));
                (d.table, d.block, d.row) == (c.table, c.block, c.row)
            };
            let row: Vec<usize> = format.same_row(i).filter(|&j| hits[j].is_none()).collect();
            for &j in &row {
                done[j] = true;
            }
            let columns: Vec<String> = row
                .iter()
                .map(|&j| format!("「{}」", format.column_of(j).label))
                .collect();
            let why = found
                .reasons
                .iter()
                .find(|(j, _)| same_row(*j))
                .map_or("文件中没有找到该行，或其后的数值不足", |(_, why)| why);
            let message = format!(
                "未能识别{}「{}」行的{}：{why}",
                table.name,
                format.row_of(i).short_label(),
                columns.join("")
            );
            let keys = row.iter().map(|&j| format.cell(j).key.clone()).collect();
            notes.push(note(NOT_FOUND, keys, message));
        }
    }
    for (i, printed) in &found.loose {
        let c = format.cell(*i);
        let keys = format
            .same_row(*i)
            .map(|j| format.cell(j).key.clone())
            .collect();
        let message = format!(
            "{}「{}」行在文件中的行标题写作「{printed}」，已按它在上下两行之间的位置读取，请核对",
            format.tables()[c.table].name,
            format.row_of(*i).short_label(),
        );
        notes.push(note(LOOSE_LABEL, keys, message));
    }
    notes
}
