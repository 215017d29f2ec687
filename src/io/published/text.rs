//! Text copies of published reports as rows of cells.
//!
//! A table row is a paragraph whose lines start with a tab, one cell per such line
//! (a line without the tab continues the cell before it: `商业` + `企业`); a line with
//! `|` or inner tabs is a row of those cells; a line of a label followed by numbers
//! (`规 章 0 0 0`) is split there; any other line is a one-cell row (narrative, titles).

use super::{Flow, Place};

/// The rows of a text.
pub fn rows(text: &str) -> Flow {
    let mut flow = Flow::default();
    // Lines with their numbers (from 1).
    let mut paragraph: Vec<(u32, &str)> = Vec::new();
    for (n, line) in (1..).zip(text.lines().chain(std::iter::once(""))) {
        if line.trim().is_empty() && !line.contains('\t') {
            paragraph_rows(&paragraph, &mut flow);
            paragraph.clear();
            // A blank line is an empty row: narrative keeps its paragraph breaks.
            flow.push(Vec::new(), Place::Line { line: n });
        } else {
            paragraph.push((n, line));
        }
    }
    // A saved page's text starts with its metadata box (`发布机构：…`).
    let fields = text.lines().take(40).filter(|l| l.contains([':', '：']));
    flow.meta = super::html::meta::from_lines(fields, &[]);
    flow
}

fn paragraph_rows(lines: &[(u32, &str)], flow: &mut Flow) {
    let Some(&(first, _)) = lines.first() else {
        return;
    };
    if lines.iter().any(|(_, l)| l.starts_with('\t')) {
        // One cell per tab-led line; untabbed lines continue the cell before them.
        let mut cells: Vec<String> = Vec::new();
        for (_, line) in lines {
            match (line.strip_prefix('\t'), cells.last_mut()) {
                (Some(cell), _) => cells.push(cell.trim_start_matches('\t').to_owned()),
                (None, Some(last)) => {
                    last.push('\n');
                    last.push_str(line);
                }
                (None, None) => cells.push((*line).to_owned()),
            }
        }
        flow.push(cells, Place::Line { line: first });
        return;
    }
    for &(n, line) in lines {
        flow.push(line_cells(line), Place::Line { line: n });
    }
}

/// The cells of one line (a markdown table's rule line `|---|:--|` has none).
pub fn line_cells(line: &str) -> Vec<String> {
    // Only ASCII and ideographic spaces are layout: a non-breaking space is part of
    // the cell it was printed in.
    let layout = [' ', '\t', '\r', '\u{3000}'];
    let trimmed = without_markup(line.trim_end_matches(layout));
    if trimmed.contains('|') {
        if is_rule_line(trimmed) {
            return Vec::new();
        }
        let mut cells: Vec<String> = trimmed
            .split('|')
            .map(|c| c.trim_matches(layout).to_owned())
            .collect();
        // Border pipes at the ends of the line make no cells.
        if cells.first().is_some_and(String::is_empty) {
            cells.remove(0);
        }
        if cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        return cells;
    }
    let inner = trimmed.trim_start_matches(layout);
    if inner.contains('\t') {
        return inner.split('\t').map(str::to_owned).collect();
    }
    label_then_values(inner)
        .or_else(|| spaced_items(inner))
        .unwrap_or_else(|| vec![trimmed.to_owned()])
}

/// `行政复议      行政诉讼` → `行政复议`, `行政诉讼`: a line of short items set apart by
/// runs of spaces is a table row printed in columns (a header of a text laid out like
/// its page); a line with a long item or a sentence's punctuation is prose.
fn spaced_items(line: &str) -> Option<Vec<String>> {
    let items: Vec<String> = line
        .split("  ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let short = |s: &String| s.chars().count() <= MAX_ITEM && !s.contains(['。', '，', '；', '：']);
    (items.len() >= 2 && items.iter().all(short)).then_some(items)
}

/// The longest item of a line printed in columns (a column header or a short label).
const MAX_ITEM: usize = 16;

/// A markdown heading's `#`s and a line's `**bold**` markers taken off.
fn without_markup(line: &str) -> &str {
    let start = line.trim_start();
    let hashes = start.len() - start.trim_start_matches('#').len();
    let line = if (1..=6).contains(&hashes) && start[hashes..].starts_with([' ', '\u{3000}']) {
        start[hashes..].trim_start()
    } else {
        line
    };
    line.strip_prefix("**")
        .and_then(|l| l.strip_suffix("**"))
        .filter(|l| !l.contains("**"))
        .unwrap_or(line)
}

/// A markdown table's rule line: pipes, dashes, colons and spaces only.
fn is_rule_line(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// `规 章 0 0 0` → `规 章`, `0`, `0`, `0`: a label followed by space-separated
/// number-like tokens (or, for table 4, two or more such tokens alone). Spaces are
/// ASCII and ideographic ones: a non-breaking space stays part of its value.
fn label_then_values(line: &str) -> Option<Vec<String>> {
    let tokens: Vec<&str> = line
        .split([' ', '\t', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .collect();
    let first_value = tokens.iter().position(|t| number_like(t))?;
    if !tokens[first_value..].iter().all(|t| number_like(t)) {
        return None;
    }
    if first_value == 0 {
        return (tokens.len() >= 2).then(|| tokens.iter().map(|t| (*t).to_owned()).collect());
    }
    let mut cells = vec![tokens[..first_value].join(" ")];
    cells.extend(tokens[first_value..].iter().map(|t| (*t).to_owned()));
    Some(cells)
}

/// A token that is a table value: digits (half- or full-width) with a sign, point or
/// unit, or a dash or slash standing for none.
pub fn number_like(token: &str) -> bool {
    let t = token.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if matches!(t, "/" | "-" | "—" | "－" | "／" | "无") {
        return true;
    }
    let digits = t
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    digits > 0
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || ".-．,，+".contains(c)
                || "件次个项条起万元".contains(c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_led_paragraphs_are_rows() {
        let flow = rows("标题\n\n\t信息内容\n\t本年\n制发件数\n\n\t规章\n\t0\n\t\n\t3\n");
        // Blank lines are empty rows, so narrative keeps its paragraph breaks.
        assert_eq!(
            flow.rows,
            vec![
                vec!["标题".to_owned()],
                vec![],
                vec!["信息内容".to_owned(), "本年\n制发件数".to_owned()],
                vec![],
                vec![
                    "规章".to_owned(),
                    "0".to_owned(),
                    String::new(),
                    "3".to_owned()
                ],
                vec![],
            ]
        );
    }

    #[test]
    fn short_items_set_apart_by_spaces_are_cells() {
        assert_eq!(
            line_cells("行政复议                          行政诉讼"),
            vec!["行政复议", "行政诉讼"]
        );
        assert_eq!(
            line_cells("结果   结果    其他结    尚未"),
            vec!["结果", "结果", "其他结", "尚未"]
        );
        // Prose keeps its line whole, however it is spaced.
        let prose = "   本报告由某市人民政府办公室根据《条例》规定编制，统计期限  自1月1日起。";
        assert_eq!(line_cells(prose).len(), 1);
        assert_eq!(
            line_cells("第二十条 第（一）项"),
            vec!["第二十条 第（一）项"]
        );
    }

    #[test]
    fn pipes_tabs_and_spaced_values_are_cells() {
        assert_eq!(line_cells("| 规章 | 0 | 1 |"), ["规章", "0", "1"]);
        assert_eq!(line_cells("规章\t0\t1"), ["规章", "0", "1"]);
        assert_eq!(line_cells("规 章 0 ０ 8件"), ["规 章", "0", "０", "8件"]);
        assert_eq!(
            line_cells("2021年共收到申请 1 件"),
            ["2021年共收到申请 1 件"]
        );
        assert_eq!(line_cells("规章000"), ["规章000"]);
        assert_eq!(line_cells("0 \u{a0}0 3"), ["0", "\u{a0}0", "3"]);
        assert_eq!(line_cells("2021"), ["2021"]);
    }

    #[test]
    fn markdown_tables_and_headings_are_rows_and_lines() {
        assert!(line_cells("|---|:---:|---|").is_empty());
        assert_eq!(line_cells("| 规章 |  | 3 |"), ["规章", "", "3"]);
        assert_eq!(line_cells("## 一、总体情况"), ["一、总体情况"]);
        assert_eq!(
            line_cells("**二、主动公开政府信息情况**"),
            ["二、主动公开政府信息情况"]
        );
        assert_eq!(line_cells("#话题"), ["#话题"]);
    }
}
