//! Published reports — text copies, web pages, Word documents, PDFs — read into the report
//! model. Each reader turns its file into rows of cells ([`Flow`]); one locator then
//! finds the title, the sections and every table cell by their labels: a row's values
//! are the cells that follow its label, in the format's column order (printed tables
//! show merged cells once, so positions under the headers cannot be trusted).

mod docx;
mod flow;
mod html;
mod pdf;
mod text;

use super::FileError;
use super::labels::{LabelIndex, normalise, rank};
use super::sheet_import::{Imported, NO_YEAR, NOT_FOUND, find_year, note};
use crate::format::{Format, Layout, Registry, RowEntry, Section, SectionContent, Table};
use crate::model::Report;

pub use flow::{DocMeta, Flow, Place};
pub use pdf::rows as pdf_rows;
pub use text::number_like;

/// The kinds of published document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// `.txt`.
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
    import_flow(&flow, file_name)
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
    row: usize,
    raw: &'a str,
    norm: String,
}

/// Whether a cell holds a value (a number, a blank, a dash) rather than a label.
fn value_like(raw: &str) -> bool {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .is_empty()
        || number_like(raw)
}

/// Reads a report from the rows of a published document.
pub fn import_flow(flow: &Flow, file_name: &str) -> Result<Imported, FileError> {
    let registry = Registry::builtin().map_err(|e| FileError::Invalid(e.to_string()))?;
    let cells: Vec<Cell> = flow
        .rows
        .iter()
        .enumerate()
        .flat_map(|(row, cells)| {
            cells.iter().map(move |raw| Cell {
                row,
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
    let (format, found) = registry
        .formats()
        .iter()
        .map(|f| (f.clone(), locate(f, &cells, &labels, flow)))
        .max_by_key(|(_, found)| found.iter().flatten().count())
        .ok_or_else(|| FileError::NotAReport("没有可用的报告格式".into()))?;
    let (agency, year) = title(flow, file_name);
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
    let mut report = Report::new(format.clone(), agency.unwrap_or_default(), year);
    for (i, text) in found.iter().enumerate() {
        if let Some(text) = text {
            report.set_cell_at(i, text.clone());
        }
    }
    for (id, text) in narratives(&format, &cells, flow) {
        report.set_section(&id, text);
    }
    notes.extend(unrecognised(&format, &found));
    Ok(Imported { report, notes })
}

/// The text of each cell of `format`, if found.
fn locate(format: &Format, cells: &[Cell], labels: &Labels, flow: &Flow) -> Vec<Option<String>> {
    let mut found = vec![None; format.cells().len()];
    let places: Places = format
        .cells()
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.table, d.block, d.row, d.column), i))
        .collect();
    for (t, table) in format.tables().iter().enumerate() {
        let at = |b, r, c| places.get(&(t, b, r, c)).copied();
        match table.layout {
            Layout::Stacked | Layout::Grid => locate_rows(table, cells, labels, &at, &mut found),
            Layout::SingleRow => locate_single_row(table, cells, labels, flow, &at, &mut found),
        }
    }
    found
}

/// Cell index by (table, block, row entry, column).
type Places = foldhash::HashMap<(usize, usize, usize, usize), usize>;

/// Tables 2 and 3: each row's values follow its label.
fn locate_rows(
    table: &Table,
    cells: &[Cell],
    labels: &Labels,
    at: &dyn Fn(usize, usize, usize) -> Option<usize>,
    found: &mut [Option<String>],
) {
    for (b, block) in table.blocks.iter().enumerate() {
        let mut prev = None;
        for (ri, entry) in block.rows.iter().enumerate() {
            let RowEntry::Row(row) = entry else { continue };
            let wanted = [normalise(&row.label), normalise(row.short_label())];
            let n = block.columns.len();
            // The closest label, in order, that has values after it: a column header
            // that happens to read the same (其他) has none.
            let Some((k, values)) = label_candidates(cells, labels, &wanted, prev)
                .into_iter()
                .map(|k| (k, values_after(cells, k, &wanted, n)))
                .find(|(_, v)| !v.is_empty())
            else {
                continue;
            };
            prev = Some(k);
            let targets: Vec<usize> =
                if values.len() == 1 && n > 1 && block.columns[n - 1].id == "total" {
                    // Only the 总计 column printed.
                    vec![n - 1]
                } else {
                    (0..values.len()).collect()
                };
            for (v, c) in values.into_iter().zip(targets) {
                if let Some(i) = at(b, ri, c) {
                    found[i] = Some(v);
                }
            }
        }
    }
}

/// Cells that may be the label `wanted`, best first (see [`LabelIndex::candidates`]),
/// then cells holding the label with its values run together (`规章000`).
fn label_candidates(
    cells: &[Cell],
    labels: &Labels,
    wanted: &[String],
    after: Option<usize>,
) -> Vec<usize> {
    let mut found = labels.index.scored(wanted);
    // A label with its values run on is as good as the label alone.
    found.extend(labels.run_together.iter().copied().filter_map(|k| {
        wanted
            .iter()
            .any(|w| {
                cells[k].norm.strip_prefix(w.as_str()).is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit())
                })
            })
            .then_some((3, k))
    }));
    rank(found, after)
}

/// The up to `n` values of the row whose label is cell `k`: the value cells that follow
/// it, or the digits run into the label (one per column, only when they are exactly `n`).
fn values_after(cells: &[Cell], k: usize, wanted: &[String], n: usize) -> Vec<String> {
    let label = &cells[k];
    if let Some(rest) = wanted.iter().find_map(|w| {
        label
            .norm
            .strip_prefix(w.as_str())
            .filter(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
    }) {
        return if rest.chars().count() == n {
            rest.chars().map(String::from).collect()
        } else {
            Vec::new()
        };
    }
    // A table row holding the label and exactly one cell per column: those are its
    // values, whatever they say (`见附件` is kept, and becomes a finding).
    let same_row = cells[k + 1..].iter().take_while(|c| c.row == label.row);
    if same_row.clone().count() == n {
        return same_row.map(|c| c.raw.to_owned()).collect();
    }
    cells[k + 1..]
        .iter()
        .take(n)
        .take_while(|c| value_like(c.raw))
        .map(|c| c.raw.to_owned())
        .collect()
}

/// Table 4: its rows are groups printed side by side; the values are the first row
/// after the group headers holding a value for every cell (else, when the copy has no
/// rows, the value cells after the headers).
fn locate_single_row(
    table: &Table,
    cells: &[Cell],
    labels: &Labels,
    flow: &Flow,
    at: &dyn Fn(usize, usize, usize) -> Option<usize>,
    found: &mut [Option<String>],
) {
    let Some(block) = table.blocks.first() else {
        return;
    };
    let groups: Vec<(usize, &crate::format::Row)> = block.data_rows().collect();
    let first_group = groups
        .iter()
        .filter_map(|(_, r)| {
            let wanted = [normalise(&r.label), normalise(r.short_label())];
            labels.index.candidates(&wanted, None).first().copied()
        })
        .min();
    let Some(start) = first_group else { return };
    let n = groups.len() * block.columns.len();
    let has_digit = |s: &str| {
        s.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    let from_rows = flow.rows[cells[start].row..].iter().find(|row| {
        row.len() >= n && row.iter().all(|c| value_like(c)) && row.iter().any(|c| has_digit(c))
    });
    let values: Vec<String> = match from_rows {
        Some(row) => row[..n].to_vec(),
        None => {
            // No row structure: the value cells after the last header cell.
            let last_header = cells[start..]
                .iter()
                .position(|c| value_like(c.raw) && has_digit(c.raw))
                .map_or(cells.len(), |p| start + p);
            cells[last_header..]
                .iter()
                .take(n)
                .take_while(|c| value_like(c.raw))
                .map(|c| c.raw.to_owned())
                .collect()
        }
    };
    if values.len() != n {
        return;
    }
    for (k, v) in values.into_iter().enumerate() {
        let (g, c) = (k / block.columns.len(), k % block.columns.len());
        if let Some(i) = at(0, groups[g].0, c) {
            found[i] = Some(v);
        }
    }
}

/// Each narrative section: the lines after its heading up to the next section heading,
/// paragraph breaks kept (runs of blank lines as one).
fn narratives(format: &Format, cells: &[Cell], flow: &Flow) -> Vec<(String, String)> {
    let headings: Vec<(usize, &Section)> = format
        .sections()
        .iter()
        .filter_map(|s| heading_of(s, cells).map(|k| (cells[k].row, s)))
        .collect();
    let mut out = Vec::new();
    for (row, section) in &headings {
        if section.content != SectionContent::Narrative {
            continue;
        }
        let end = headings
            .iter()
            .map(|(h, _)| *h)
            .filter(|h| h > row)
            .min()
            .unwrap_or(flow.rows.len());
        let mut lines: Vec<String> = Vec::new();
        for cells in &flow.rows[row + 1..end] {
            let line = cells.join("\t").trim_end().to_owned();
            let blank = line.trim().is_empty();
            if blank && lines.last().is_none_or(String::is_empty) {
                continue;
            }
            lines.push(if blank { String::new() } else { line });
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        if !lines.is_empty() {
            out.push((section.id.clone(), lines.join("\n")));
        }
    }
    out
}

/// Where a section's heading is: its number, then its title or a wording of it that
/// shares most of its characters (`五、存在问题及改进情况`).
fn heading_of(section: &Section, cells: &[Cell]) -> Option<usize> {
    let full = normalise(&section.heading());
    let number = normalise(&format!("{}、", section.number));
    let title: Vec<char> = normalise(&section.title).chars().collect();
    cells.iter().position(|c| {
        if c.norm == full {
            return true;
        }
        let Some(rest) = c.norm.strip_prefix(number.as_str()) else {
            return false;
        };
        let rest: Vec<char> = rest.chars().collect();
        if rest.is_empty() || rest.len() > title.len() + 8 {
            return false;
        }
        let shared = rest.iter().filter(|ch| title.contains(ch)).count();
        let shorter = rest.len().min(title.len());
        rest[0] == title[0] && shared * 10 >= shorter.max(1) * 8
    })
}

/// Agency and year from the title (its lines before the first section, joined: titles
/// are often broken over two lines), else the year from the file name.
fn title(flow: &Flow, file_name: &str) -> (Option<String>, Option<i32>) {
    let lines: Vec<&str> = flow
        .rows
        .iter()
        .flatten()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(6)
        .collect();
    // A whole line first; only then lines joined in twos and threes.
    for size in 1..=3 {
        for window in lines.windows(size) {
            let joined = window.concat();
            if joined.contains("年度报告")
                && joined.chars().count() <= 80
                && let Some((at, year)) = find_year(&joined)
            {
                let agency = joined[..at].trim().to_owned();
                return ((!agency.is_empty()).then_some(agency), Some(year));
            }
        }
    }
    (None, find_year(file_name).map(|(_, y)| y))
}

/// 未能识别: a note per table not found, else per row or cell not found.
fn unrecognised(format: &Format, found: &[Option<String>]) -> Vec<crate::rules::Finding> {
    let mut notes = Vec::new();
    for (t, table) in format.tables().iter().enumerate() {
        let cells: Vec<usize> = (0..found.len())
            .filter(|&i| format.cell(i).table == t)
            .collect();
        if cells.iter().all(|&i| found[i].is_none()) {
            let keys = cells.iter().map(|&i| format.cell(i).key.clone()).collect();
            notes.push(note(
                NOT_FOUND,
                keys,
                format!("未能识别{}：文件中没有找到这张表的行标题", table.name),
            ));
            continue;
        }
        let mut done = vec![false; found.len()];
        for &i in &cells {
            if found[i].is_some() || done[i] {
                continue;
            }
            let c = format.cell(i);
            let row: Vec<usize> = cells
                .iter()
                .copied()
                .filter(|&j| {
                    let d = format.cell(j);
                    (d.block, d.row) == (c.block, c.row) && found[j].is_none()
                })
                .collect();
            for &j in &row {
                done[j] = true;
            }
            let labels: Vec<String> = row
                .iter()
                .map(|&j| format!("「{}」", format.column_of(j).label))
                .collect();
            let message = format!(
                "未能识别{}「{}」行的{}（文件中没有找到该行，或其后的数值不足）",
                table.name,
                format.row_of(i).short_label(),
                labels.join("")
            );
            let keys = row.iter().map(|&j| format.cell(j).key.clone()).collect();
            notes.push(note(NOT_FOUND, keys, message));
        }
    }
    notes
}
