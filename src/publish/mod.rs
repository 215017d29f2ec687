//! Publishing: the whole report as the documents an agency puts on its website — a
//! self-contained HTML page and a Word document — laid out like the official template.
//! Both writers walk the same [`Outline`], so they print the same report.

mod docx;
mod html;
mod layout;

pub use docx::to_docx;
pub(crate) use html::page_start;
pub use html::to_html;
pub use layout::{CellRole, PrintedCell, PrintedTable, printed_tables};

use crate::format::SectionContent;
use crate::model::Report;

/// Choices made in the export dialog.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Print blank report cells as `0` (by default they stay as written).
    pub blank_as_zero: bool,
}

/// One part of the printed report, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A section heading: `一、总体情况`.
    Heading(String),
    /// A paragraph of narrative, as the clerk wrote it.
    Paragraph(String),
    /// The caption printed above a table.
    Caption(String),
    /// A statutory table.
    Table(PrintedTable),
}

/// The report as a title and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// `<agency><year>年度政府信息公开工作年度报告`.
    pub title: String,
    /// Sections in order.
    pub parts: Vec<Part>,
}

/// The title printed on the report.
pub fn title(report: &Report) -> String {
    format!(
        "{}{}年度政府信息公开工作年度报告",
        report.agency.trim(),
        report.year
    )
}

/// The report as printed: each section's heading, then its paragraphs (one per line the
/// clerk wrote; blank lines only separate them) or its table.
pub fn outline(report: &Report, options: PublishOptions) -> Outline {
    let format = report.format();
    let cell_text = |i: usize| {
        let text = report.cell_at(i);
        if options.blank_as_zero && text.trim().is_empty() {
            "0".to_owned()
        } else {
            text.to_owned()
        }
    };
    let mut parts = Vec::new();
    for section in format.sections() {
        parts.push(Part::Heading(section.heading()));
        match &section.content {
            SectionContent::Narrative => parts.extend(
                report
                    .section(&section.id)
                    .lines()
                    .map(str::trim_end)
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Part::Paragraph(l.to_owned())),
            ),
            SectionContent::Table(id) => {
                let Some(t) = format.tables().iter().position(|t| &t.id == id) else {
                    continue;
                };
                if let Some(caption) = &format.tables()[t].caption {
                    parts.push(Part::Caption(caption.clone()));
                }
                parts.extend(
                    printed_tables(report, t, &cell_text)
                        .into_iter()
                        .map(Part::Table),
                );
            }
        }
    }
    Outline {
        title: title(report),
        parts,
    }
}

/// Characters XML 1.0 (and so Word and HTML) cannot hold, dropped from printed text.
fn printable(c: char) -> bool {
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    !control && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Text escaped for XML and HTML content and attributes, unprintable characters dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| printable(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
