//! The narrative sections of a published document: the lines under each heading.

use super::{Cell, Flow};
use crate::format::{Format, Section, SectionContent};
use crate::io::labels::normalise;

/// Each narrative section: the lines after its heading up to the next section heading,
/// paragraph breaks kept (runs of blank lines as one).
pub fn narratives(format: &Format, cells: &[Cell], flow: &Flow) -> Vec<(String, String)> {
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
pub fn heading_of(section: &Section, cells: &[Cell]) -> Option<usize> {
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
