//! Reading a report out of spreadsheet grids by its labels, wherever they are: rows by
//! their row labels, columns by the column headers above them (table 4: by the header
//! of each group and the columns under it), on one sheet or a sheet per table. The
//! format is the one whose labels are found best; what cannot be found becomes a note.

use std::collections::HashSet;

use super::FileError;
use super::labels::{best_match, closeness, normalise};
use super::meta;
use super::workbook::Grid;
use crate::format::{Format, Layout, Registry, RowEntry, Scope, Severity};
use crate::model::Report;
use crate::rules::Finding;

/// Rule id of the notes about labels that were not found.
pub const NOT_FOUND: &str = "IMPORT-NOT-FOUND";
/// Rule id of the note about a year that had to be guessed.
pub const NO_YEAR: &str = "IMPORT-NO-YEAR";

/// A report read from a file, with notes on what the file did not make clear.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The report.
    pub report: Report,
    /// Findings about the reading itself (labels not found, year guessed).
    pub notes: Vec<Finding>,
}

/// Where a value sits: grid, row, column.
type Pos = (usize, u32, u32);

/// The cells of a grid in comparable form.
struct Sheet<'a> {
    grid: &'a Grid,
    norm: Vec<((u32, u32), String)>,
}

/// Reads a report from the grids of a workbook. `file_name` helps find the year.
pub fn import_grids(grids: &[Grid], file_name: &str) -> Result<Imported, FileError> {
    let registry = Registry::builtin().map_err(|e| FileError::Invalid(e.to_string()))?;
    let meta = meta::read(grids).unwrap_or_default();
    // Our own export's narrative is read by the rows the metadata names; its paragraphs
    // are no place to look for labels.
    let ours = !meta.paragraphs.is_empty();
    let sheets: Vec<Sheet> = grids
        .iter()
        .filter(|g| {
            ![
                meta::SHEET,
                super::xlsx::FINDINGS_SHEET,
                super::xlsx::detail::SHEET,
            ]
            .contains(&g.name.as_str())
        })
        .filter(|g| !(ours && g.name == super::xlsx::NARRATIVE_SHEET))
        .map(|grid| Sheet {
            grid,
            norm: grid
                .cells()
                .map(|(pos, text)| (pos, normalise(text)))
                .collect(),
        })
        .collect();
    let chosen = match meta.format.as_deref().and_then(|id| registry.get(id)) {
        Some(f) => (f.clone(), locate(f, &sheets)),
        None => registry
            .formats()
            .iter()
            .map(|f| (f.clone(), locate(f, &sheets)))
            .max_by_key(|(_, found)| found.iter().flatten().count())
            .ok_or_else(|| FileError::NotAReport("没有可用的报告格式".into()))?,
    };
    let (format, found) = chosen;
    if found.iter().flatten().count() == 0 {
        return Err(FileError::NotAReport(
            "没有一个单元格能按表二、表三、表四的行列标题找到".into(),
        ));
    }
    let (title_agency, title_year) = title(&sheets, file_name);
    let mut notes = Vec::new();
    let year = match meta.year.or(title_year) {
        Some(y) => y,
        None => {
            let y = format.first_year();
            notes.push(note(
                NO_YEAR,
                Vec::new(),
                format!("未能从文件中确定报告年度，暂按 {y} 年度处理，请核对"),
            ));
            y
        }
    };
    let agency = meta.agency.or(title_agency).unwrap_or_default();
    let mut report = Report::new(format.clone(), agency, year);
    report.published = meta.published;
    // A label where a value should be (a workbook laid out otherwise than the template,
    // such as a comparison of two years) is no value the report wrote.
    let labels: HashSet<String> = format
        .tables()
        .iter()
        .flat_map(|t| t.printed_labels())
        .map(normalise)
        .filter(|l| l.chars().count() >= 2)
        .collect();
    let mut headers = Vec::new();
    for (i, pos) in found.iter().enumerate() {
        match pos {
            Some((g, r, c)) => {
                let text = sheets[*g].grid.get(*r, *c);
                if labels.contains(&normalise(text)) {
                    headers.push((i, text.to_owned()));
                    report.set_unread(i, true);
                } else {
                    report.set_cell_at(i, text);
                }
            }
            None => report.set_unread(i, true),
        }
    }
    if let Some((first, text)) = headers.first() {
        notes.push(note(
            NOT_FOUND,
            headers.iter().map(|(i, _)| format.cell(*i).key.clone()).collect(),
            format!(
                "{} 个单元格的位置上是标题文字（如{}处为「{text}」），不是数值：工作簿的排列与模板不同，这些单元格未读取",
                headers.len(),
                format.cell_label(*first)
            ),
        ));
    }
    for key in &meta.unread {
        if let Some(i) = format.index_of(key) {
            report.set_unread(i, true);
        }
    }
    for id in format.narrative_ids() {
        let text =
            paragraphs(&meta.paragraphs, id, grids).or_else(|| narrative(&format, id, &sheets));
        if let Some(text) = text {
            report.set_section(id, text);
        }
    }
    report.reviews = meta.reviews.into_iter().collect();
    if let Some(contributors) = super::xlsx::detail::read(grids, &format) {
        report.combination = Some(std::sync::Arc::new(crate::model::Combination {
            inputs: meta.combined_from.iter().map(Into::into).collect(),
            include_errors: meta.combined_with_errors,
            migrate: meta.combined_migrated,
            contributors,
        }));
    }
    notes.extend(missing_notes(&format, &found));
    Ok(Imported { report, notes })
}

/// Where each cell of `format` is found, if anywhere.
fn locate(format: &Format, sheets: &[Sheet]) -> Vec<Option<Pos>> {
    let mut found = vec![None; format.cells().len()];
    for (t, table) in format.tables().iter().enumerate() {
        for (b, block) in table.blocks.iter().enumerate() {
            let cell_of = |row: usize, col: usize| format.cell_in(t, b, row, col);
            match table.layout {
                Layout::Stacked | Layout::Grid => {
                    let mut prev: Option<(usize, u32)> = None;
                    for (ri, entry) in block.rows.iter().enumerate() {
                        let RowEntry::Row(row) = entry else { continue };
                        let wordings: Vec<&str> = row.wordings().collect();
                        let Some(label) = find_label(sheets, &wordings, prev) else {
                            continue;
                        };
                        prev = Some((label.0, label.1));
                        for (ci, column) in block.columns.iter().enumerate() {
                            let Some(col) = column_above(sheets, label, &column.label) else {
                                continue;
                            };
                            if let Some(i) = cell_of(ri, ci) {
                                found[i] = Some((label.0, label.1, col));
                            }
                        }
                    }
                }
                Layout::SingleRow => {
                    for (ri, entry) in block.rows.iter().enumerate() {
                        let RowEntry::Row(row) = entry else { continue };
                        let Some(group) =
                            find_label(sheets, &row.wordings().collect::<Vec<_>>(), None)
                        else {
                            continue;
                        };
                        for (ci, column) in block.columns.iter().enumerate() {
                            let Some(pos) = value_below(sheets, group, &column.label) else {
                                continue;
                            };
                            if let Some(i) = cell_of(ri, ci) {
                                found[i] = Some(pos);
                            }
                        }
                    }
                }
            }
        }
    }
    found
}

/// The best match of any of `labels` in any sheet; among equally good ones, the first
/// after `after` in document order.
fn find_label(sheets: &[Sheet], labels: &[&str], after: Option<(usize, u32)>) -> Option<Pos> {
    let wanted: Vec<String> = labels.iter().map(|l| normalise(l)).collect();
    let candidates = sheets.iter().enumerate().flat_map(|(g, sheet)| {
        sheet
            .norm
            .iter()
            .map(move |((r, c), text)| ((g, *r, *c), text.as_str()))
    });
    let after = after.map(|(g, r)| (g, r, u32::MAX));
    best_match(candidates, &wanted, after).map(|(pos, _)| pos)
}

/// The column of the header `label` nearest above a row label, to its right.
fn column_above(sheets: &[Sheet], (g, row, col): Pos, label: &str) -> Option<u32> {
    let wanted = normalise(label);
    sheets[g]
        .norm
        .iter()
        .filter(|((r, c), text)| *r < row && *c > col && closeness(text, &wanted) >= 2)
        .max_by_key(|((r, c), text)| (closeness(text, &wanted), *r, std::cmp::Reverse(*c)))
        .map(|((_, c), _)| *c)
}

/// Table 4: the value under the column header `label` nearest below a group header,
/// from the group's first column rightwards.
fn value_below(sheets: &[Sheet], (g, row, col): Pos, label: &str) -> Option<Pos> {
    let wanted = normalise(label);
    let sheet = &sheets[g];
    let ((hr, hc), _) = sheet
        .norm
        .iter()
        .filter(|((r, c), text)| *r > row && *c >= col && closeness(text, &wanted) >= 2)
        .min_by_key(|((r, c), _)| (*r, *c))?;
    // The values sit on the first line under the headers that has anything in it.
    let value_row = (hr + 1..hr + 4)
        .find(|r| !sheet.grid.get(*r, *hc).is_empty())
        .unwrap_or(hr + 1);
    Some((g, value_row, *hc))
}

/// A narrative section of our own export: the rows the metadata names on the 叙述 sheet,
/// a paragraph a row.
fn paragraphs(placed: &[meta::Paragraphs], id: &str, grids: &[Grid]) -> Option<String> {
    let p = placed.iter().find(|p| p.section == id)?;
    let grid = grids
        .iter()
        .find(|g| g.name == super::xlsx::NARRATIVE_SHEET)?;
    Some(p.join((p.first..p.first + p.rows).map(|r| grid.get(r, 0))))
}

/// A narrative section: the text beside its title, or under it.
fn narrative(format: &Format, id: &str, sheets: &[Sheet]) -> Option<String> {
    let section = format.sections().iter().find(|s| s.id == id)?;
    let titled = normalise(&section.heading());
    for sheet in sheets {
        for ((r, c), text) in &sheet.norm {
            if closeness(text, &titled) < 2 {
                continue;
            }
            let beside = sheet
                .grid
                .cells()
                .find(|((rr, cc), _)| rr == r && cc > c)
                .map(|(_, t)| t);
            // The line under the title, unless it is the next section's title (this
            // section is empty then).
            let below = sheet.grid.get(r + 1, *c);
            let is_title = |t: &str| {
                let t = normalise(t);
                format
                    .sections()
                    .iter()
                    .any(|s| closeness(&t, &normalise(&s.heading())) >= 2)
            };
            return beside
                .or((!below.is_empty() && !is_title(below)).then_some(below))
                .map(str::to_owned);
        }
    }
    None
}

/// The agency and year from a title like 「某局2021年政府信息公开工作年度报告」, else the
/// year from the file name.
fn title(sheets: &[Sheet], file_name: &str) -> (Option<String>, Option<i32>) {
    for sheet in sheets {
        for (_, text) in sheet.grid.cells() {
            if !text.contains("年度报告") || text.chars().count() > 80 {
                continue;
            }
            if let Some((at, year)) = find_year(text) {
                let agency = text[..at].trim().to_owned();
                return ((!agency.is_empty()).then_some(agency), Some(year));
            }
        }
    }
    (None, find_year(file_name).map(|(_, y)| y))
}

/// The first `20xx年` (or `20xx` alone in a file name) in a text: byte offset and year.
pub(super) fn find_year(text: &str) -> Option<(usize, i32)> {
    let bytes = text.as_bytes();
    let years: Vec<(usize, i32)> = (0..bytes.len().saturating_sub(3))
        .filter_map(|i| {
            let digits = bytes.get(i..i + 4)?;
            let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
            let after_ok = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            if digits.iter().all(u8::is_ascii_digit) && digits[0] == b'2' && before_ok && after_ok {
                let year: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
                (2000..2100).contains(&year).then_some((i, year))
            } else {
                None
            }
        })
        .collect();
    // The year of the report is written `2021年`; another number (`第2020号`) is not it.
    years
        .iter()
        .find(|(i, _)| text[i + 4..].trim_start().starts_with('年'))
        .or(years.first())
        .copied()
}

pub(super) fn note(rule: &str, cells: Vec<String>, message: String) -> Finding {
    Finding {
        rule: rule.to_owned(),
        severity: Severity::Verify,
        scope: Scope::InTable,
        cells,
        suspect: None,
        actual: None,
        expected: None,
        message,
        section: None,
        consequences: Vec::new(),
    }
}

/// A note per row (or column) of a table whose cells were not found.
fn missing_notes(format: &Format, found: &[Option<Pos>]) -> Vec<Finding> {
    let mut notes = Vec::new();
    let mut done = vec![false; found.len()];
    for i in 0..found.len() {
        if found[i].is_some() || done[i] {
            continue;
        }
        let c = format.cell(i);
        let row_cells: Vec<usize> = format.same_row(i).collect();
        let whole_row = row_cells.iter().all(|&j| found[j].is_none());
        let cells: Vec<usize> = if whole_row { row_cells } else { vec![i] };
        for &j in &cells {
            done[j] = true;
        }
        let table = &format.tables()[c.table].name;
        let message = if whole_row {
            format!(
                "文件中未找到{table}「{}」行，其单元格未读取（不按空白或 0 计）",
                format.row_of(i).short_label()
            )
        } else {
            format!(
                "文件中未找到{}（未找到该列标题），未读取（不按空白或 0 计）",
                format.cell_label(i)
            )
        };
        let keys = cells.iter().map(|&j| format.cell(j).key.clone()).collect();
        notes.push(note(NOT_FOUND, keys, message));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_titles_and_names() {
        assert_eq!(
            find_year("某局2021年政府信息公开工作年度报告"),
            Some((6, 2021))
        );
        assert_eq!(find_year("report-2020.xlsx"), Some((7, 2020)));
        // A number in the agency's name is not the year.
        let title = "某市第2020信访局2021年度政府信息公开工作年度报告";
        assert_eq!(find_year(title).map(|(_, y)| y), Some(2021));
        assert_eq!(find_year("120211"), None);
        assert_eq!(find_year("无"), None);
    }
}
