//! Finding every table cell of a format in a document's rows by the row labels: a row's
//! values are the cells that follow its label, in the format's column order (printed
//! tables show merged cells once, so positions under the headers cannot be trusted).
//! What cannot be read with confidence is left unread, with the reason.

use super::digits::{self, Split};
use super::runs::{self, Pending};
use rust_decimal::Decimal;

use super::{Cell, Labels, blank, value_like};
use crate::format::{Format, Layout, Row, RowEntry, Table};
use crate::io::labels::{closeness, normalise, rank, without_numbering};

/// One cell's text and where it was read: the flow row and the cell's place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The text as printed.
    pub text: String,
    /// The flow row.
    pub row: usize,
    /// The cell's position in that row.
    pub col: usize,
}

/// What the locator made of a document for one format.
#[derive(Debug, Default)]
pub struct Located {
    /// Each cell of the format (format order), if read.
    pub hits: Vec<Option<Hit>>,
    /// Why rows were left unread, or read by position: (a cell of the row, message).
    pub reasons: Vec<(usize, String)>,
    /// Rows whose label was matched only by position between its neighbours: (a cell
    /// of the row, the label as printed).
    pub loose: Vec<(usize, String)>,
    /// Digit runs their own row cannot split one way, for the other rows to decide.
    pub(super) pending: Vec<Pending>,
}

impl Located {
    /// How many cells were read.
    pub fn count(&self) -> usize {
        self.hits.iter().flatten().count()
    }
}

/// Where a format's cells are in `cells`.
pub fn locate(format: &Format, cells: &[Cell], labels: &Labels) -> Located {
    let mut out = Located {
        hits: vec![None; format.cells().len()],
        ..Located::default()
    };
    // Every column heading of the format, normalised: no row's label.
    let headings: Vec<String> = format
        .tables()
        .iter()
        .flat_map(|t| &t.blocks)
        .flat_map(|b| &b.columns)
        .map(|c| normalise(&c.label))
        .collect();
    for (t, table) in format.tables().iter().enumerate() {
        let at = |b, r, c| format.cell_in(t, b, r, c);
        match table.layout {
            Layout::Stacked | Layout::Grid => {
                locate_rows(format, table, cells, labels, &headings, &at, &mut out);
            }
            Layout::SingleRow => locate_single_row(format, table, cells, labels, &at, &mut out),
        }
    }
    runs::resolve(format, &mut out);
    out
}

/// What follows a row label.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    /// The value cells, by their index in `cells`, with their text.
    Cells(Vec<(usize, String)>),
    /// Digits run together after the label or alone in one cell: (cell, digits).
    Run(usize, String),
    /// One cell per column followed by empty cells: taken if the row's sums hold.
    Trimmed(Vec<(usize, String)>),
    /// A number of values that fits no column layout.
    Mismatch(usize),
    /// Nothing that looks like values.
    Nothing,
}

/// Tables 2 and 3: each row's values follow its label.
fn locate_rows(
    format: &Format,
    table: &Table,
    cells: &[Cell],
    labels: &Labels,
    headings: &[String],
    at: &dyn Fn(usize, usize, usize) -> Option<usize>,
    out: &mut Located,
) {
    // Every label the table prints: a row read by position must bear none of them.
    // (Only needed when a row is missing, so made then.)
    let known = std::cell::OnceCell::new();
    let all_labels = || -> Vec<String> { table.printed_labels().map(normalise).collect() };
    let unknown = |norm: &str| {
        known
            .get_or_init(all_labels)
            .iter()
            .all(|l| closeness(norm, l) == 0)
    };
    for (b, block) in table.blocks.iter().enumerate() {
        let n = block.columns.len();
        let has_total = block.columns.last().is_some_and(|c| c.id == "total");
        let targets = |ri: usize| -> Vec<usize> { (0..n).filter_map(|c| at(b, ri, c)).collect() };
        // The label cell of each row found, to place rows found by position.
        let mut label_at: Vec<Option<usize>> = vec![None; block.rows.len()];
        let mut prev = None;
        for (ri, entry) in block.rows.iter().enumerate() {
            let RowEntry::Row(row) = entry else { continue };
            let wanted = wanted(row);
            // The closest label, in order, that has values after it: a column header
            // that happens to read the same (其他) has none.
            let Some((k, values)) = label_candidates(cells, labels, headings, &wanted, prev)
                .into_iter()
                .map(|k| (k, row_values(cells, k, &wanted, n)))
                .find(|(_, v)| *v != Values::Nothing)
            else {
                continue;
            };
            prev = Some(k);
            label_at[ri] = Some(k);
            take(format, cells, k, values, &targets(ri), has_total, out);
        }
        // A row whose label was mistyped (`2.其他法律行政止公开`): the one labelled row
        // with values between its found neighbours.
        for (ri, entry) in block.rows.iter().enumerate() {
            let RowEntry::Row(row) = entry else { continue };
            if label_at[ri].is_some() {
                continue;
            }
            let official = normalise(&row.label);
            let before = label_at[..ri].iter().rev().find_map(|k| *k);
            let after = label_at[ri + 1..].iter().find_map(|k| *k);
            let (Some(lo), Some(hi)) = (before, after) else {
                continue;
            };
            // Labels on rows of their own, with their values right after them.
            let mut between: Vec<(usize, Values)> = (lo + 1..hi)
                .filter(|&k| {
                    !cells[k].norm.is_empty()
                        && cells[k].row != cells[lo].row
                        && unknown(&cells[k].norm)
                        && resembles(&cells[k].norm, &official)
                })
                .map(|k| (k, row_values(cells, k, &[], n)))
                .filter(|(k, v)| matches!(v, Values::Cells(c) if c.len() == n && c[0].0 == k + 1))
                .collect();
            if between.len() == 1
                && let Some((k, values)) = between.pop()
            {
                label_at[ri] = Some(k);
                let ts = targets(ri);
                if let Some(&first) = ts.first() {
                    let printed = cells[k].raw.split_whitespace().collect::<String>();
                    out.loose.push((first, printed));
                }
                take(format, cells, k, values, &ts, has_total, out);
            }
        }
    }
}

/// Whether a printed label is a mistyped or shortened form of an official one (both
/// normalised, numbering aside): most of its characters are the official label's, and it
/// has most of the official label's characters.
fn resembles(printed: &str, official: &str) -> bool {
    let p: Vec<char> = without_numbering(printed).chars().collect();
    let o: Vec<char> = without_numbering(official).chars().collect();
    if p.is_empty() || o.is_empty() {
        return false;
    }
    let shared = p.iter().filter(|c| o.contains(c)).count();
    shared * 10 >= p.len() * 6 && shared * 10 >= o.len() * 5
}

/// The labels a row may be printed with, normalised.
fn wanted(row: &Row) -> Vec<String> {
    row.wordings().map(normalise).collect()
}

/// Records the values of one row (the format cells `targets`, in column order).
fn take(
    format: &Format,
    cells: &[Cell],
    label: usize,
    values: Values,
    targets: &[usize],
    has_total: bool,
    out: &mut Located,
) {
    let n = targets.len();
    let Some(&first) = targets.first() else {
        return;
    };
    let hit = |k: usize, text: String| Hit {
        text,
        row: cells[k].row,
        col: cells[k].col,
    };
    match values {
        Values::Cells(values) if values.len() == n => {
            for ((k, text), &i) in values.into_iter().zip(targets) {
                out.hits[i] = Some(hit(k, text));
            }
        }
        // Only the 总计 column printed: the others are not known.
        Values::Cells(values) if values.len() == 1 && n > 1 && has_total => {
            if let (Some((k, text)), Some(&total)) = (values.into_iter().next(), targets.last()) {
                out.hits[total] = Some(hit(k, text));
                out.reasons.push((
                    first,
                    "该行只印出一个数值，已作为「总计」读取，其余各列未读取".to_owned(),
                ));
            }
        }
        Values::Cells(values) => out.reasons.push((
            first,
            format!(
                "该行有 {} 个数值，与 {n} 列对不上，未读取（请对照原文）",
                values.len()
            ),
        )),
        Values::Trimmed(values) if row_sums_hold(format, targets, &values) => {
            for ((k, text), &i) in values.into_iter().zip(targets) {
                out.hits[i] = Some(hit(k, text));
            }
        }
        Values::Trimmed(_) => out.reasons.push((
            first,
            format!("该行单元格多于 {n} 列（多出的为空），按前 {n} 个读取时各数之和不符，未读取（请对照原文）"),
        )),
        Values::Mismatch(m) => out.reasons.push((
            first,
            format!("该行有 {m} 个数值，与 {n} 列对不上，未读取（请对照原文）"),
        )),
        Values::Run(k, digits) => {
            let reason = format!(
                "数字连写，无法唯一拆分：「{digits}」（{}）",
                cells[label].raw.trim()
            );
            match digits::split(&digits, n, &digits::row_sums(format, targets)) {
                Split::One(parts) => {
                    for (text, &i) in parts.into_iter().zip(targets) {
                        out.hits[i] = Some(hit(k, text));
                    }
                }
                Split::Ways(ways) => out.pending.push(Pending {
                    targets: targets.to_vec(),
                    ways,
                    row: cells[k].row,
                    col: cells[k].col,
                    first,
                    reason,
                }),
                Split::Ambiguous | Split::Impossible => out.reasons.push((first, reason)),
            }
        }
        Values::Nothing => {}
    }
}

/// Cells that may be the label `wanted`, best first (see
/// [`LabelIndex::candidates`](crate::io::labels::LabelIndex::candidates)), then cells
/// holding the label with its values run together (`规章000`); a cell that is one of the
/// format's column `headings` only when written as `wanted` is.
fn label_candidates(
    cells: &[Cell],
    labels: &Labels,
    headings: &[String],
    wanted: &[String],
    after: Option<usize>,
) -> Vec<usize> {
    // A column's heading is no row's label: 「总计」 is the 总计 column (of table 3 or 4),
    // not the row 「（七）总计」 unless written so.
    let column = |k: usize| {
        let norm = &cells[k].norm;
        !wanted.contains(norm) && headings.contains(norm)
    };
    let mut found = labels.index.scored(wanted);
    found.retain(|&(_, k)| !column(k));
    // A label with its values run on is as good as the label alone.
    found.extend(
        labels
            .run_together
            .iter()
            .copied()
            .filter(|&k| run_after(&cells[k].norm, wanted).is_some())
            .map(|k| (3, k)),
    );
    rank(found, after)
}

/// Whether the row's own sums hold with `values` (in the order of `targets`).
fn row_sums_hold(format: &Format, targets: &[usize], values: &[(usize, String)]) -> bool {
    let number = |p: usize| {
        let kind = &format.cell(targets[p]).kind;
        crate::model::value::read(&values[p].1, kind).value()
    };
    digits::row_sums(format, targets)
        .iter()
        .all(|(left, right)| {
            let side = |ps: &[usize]| ps.iter().map(|&p| number(p)).sum::<Option<Decimal>>();
            side(left).is_some() && side(left) == side(right)
        })
}

/// The digits run on after one of the `wanted` labels in a normalised cell.
fn run_after<'a>(norm: &'a str, wanted: &[String]) -> Option<&'a str> {
    wanted.iter().find_map(|w| {
        norm.strip_prefix(w.as_str())
            .filter(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
    })
}

/// What follows the row label in cell `k`, for a row of `n` columns.
fn row_values(cells: &[Cell], k: usize, wanted: &[String], n: usize) -> Values {
    let label = &cells[k];
    // Digits run on after the label (`规章000`): one digit a cell only if no blank cell
    // could be among them (see `digits`).
    if let Some(rest) = run_after(&label.norm, wanted) {
        return Values::Run(k, rest.to_owned());
    }
    let same_row: Vec<usize> = (k + 1..cells.len())
        .take_while(|&j| cells[j].row == label.row)
        .collect();
    let text = |j: usize| (j, cells[j].raw.to_owned());
    // A table row holding the label and exactly one cell per column: those are its
    // values, whatever they say (`见附件` is kept, and becomes a finding).
    if same_row.len() == n {
        return Values::Cells(same_row.into_iter().map(text).collect());
    }
    // One cell per column and empty cells after them (a converted table's extra
    // column): the first ones, if the row's own sums hold.
    if same_row.len() > n && same_row[n..].iter().all(|&j| blank(cells[j].raw)) {
        return Values::Trimmed(same_row[..n].iter().map(|&j| text(j)).collect());
    }
    if !same_row.is_empty() {
        let values: Vec<usize> = same_row
            .iter()
            .copied()
            .filter(|&j| value_like(cells[j].raw))
            .collect();
        return match values.len() {
            0 => Values::Nothing,
            m if m == n => Values::Cells(values.into_iter().map(text).collect()),
            1 if n > 1 && is_digit_run(cells[values[0]].raw) => {
                Values::Run(values[0], cells[values[0]].raw.trim().to_owned())
            }
            1 => Values::Cells(values.into_iter().map(text).collect()),
            m => Values::Mismatch(m),
        };
    }
    // The label alone on its line (one cell per line): the value cells after it.
    let values: Vec<usize> = (k + 1..cells.len())
        .take(n)
        .take_while(|&j| value_like(cells[j].raw))
        .collect();
    match values.len() {
        0 => Values::Nothing,
        1 if n > 1 && is_digit_run(cells[values[0]].raw) => {
            Values::Run(values[0], cells[values[0]].raw.trim().to_owned())
        }
        _ => Values::Cells(values.into_iter().map(text).collect()),
    }
}

/// Two or more ASCII digits and nothing else: cells that may have run together.
fn is_digit_run(raw: &str) -> bool {
    let t = raw.trim();
    t.len() > 1 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Table 4: its rows are groups printed side by side; the values are the first row
/// after the group headers holding a value for every cell (else, when the copy has no
/// rows, the value cells after the headers, or their digits run together).
fn locate_single_row(
    format: &Format,
    table: &Table,
    cells: &[Cell],
    labels: &Labels,
    at: &dyn Fn(usize, usize, usize) -> Option<usize>,
    out: &mut Located,
) {
    let Some(block) = table.blocks.first() else {
        return;
    };
    let groups: Vec<(usize, &Row)> = block.data_rows().collect();
    let first_group = groups
        .iter()
        .filter_map(|(_, r)| labels.index.candidates(&wanted(r), None).first().copied())
        .min();
    let Some(start) = first_group else { return };
    let width = block.columns.len();
    let targets: Vec<usize> = (0..groups.len() * width)
        .filter_map(|k| at(0, groups[k / width].0, k % width))
        .collect();
    let n = targets.len();
    let has_digit = |s: &str| {
        s.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    // A row of value cells, at least one a number.
    let mut row_start = start;
    let mut values = None;
    while row_start < cells.len() {
        let row = cells[row_start].row;
        let end = (row_start..cells.len())
            .find(|&j| cells[j].row != row)
            .unwrap_or(cells.len());
        let span = &cells[row_start..end];
        if row > cells[start].row
            && span.len() >= n
            && span.iter().all(|c| value_like(c.raw))
            && span.iter().any(|c| has_digit(c.raw))
        {
            values = Some(Values::Cells(
                (row_start..row_start + n)
                    .map(|j| (j, cells[j].raw.to_owned()))
                    .collect(),
            ));
            break;
        }
        row_start = end;
    }
    let values = values.unwrap_or_else(|| {
        // No row structure: the value cells after the last header cell, or the digits
        // run on at the end of it — whichever comes first after the group headers.
        let first = (start..cells.len()).find(|&k| {
            let c = &cells[k];
            (value_like(c.raw) && has_digit(c.raw))
                || trailing_digits(&c.norm).is_some_and(|run| run.len() >= n)
        });
        let first_value = first.unwrap_or(cells.len());
        if let Some(run) = first.and_then(|k| trailing_digits(&cells[k].norm)) {
            return Values::Run(first_value, run.to_owned());
        }
        if first_value < cells.len() && is_digit_run(cells[first_value].raw) {
            let run = cells[first_value].raw.trim();
            if run.len() > n
                || (run.len() == n
                    && cells[first_value + 1..]
                        .first()
                        .is_none_or(|c| !value_like(c.raw)))
            {
                return Values::Run(first_value, run.to_owned());
            }
        }
        Values::Cells(
            (first_value..cells.len())
                .take(n)
                .take_while(|&j| value_like(cells[j].raw))
                .map(|j| (j, cells[j].raw.to_owned()))
                .collect(),
        )
    });
    take(format, cells, start, values, &targets, false, out);
}

/// The ASCII digits a normalised cell ends with, after other text.
fn trailing_digits(norm: &str) -> Option<&str> {
    let head = norm.trim_end_matches(|c: char| c.is_ascii_digit());
    (head.len() < norm.len() && !head.is_empty()).then(|| &norm[head.len()..])
}
