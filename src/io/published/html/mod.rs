//! Web pages of published reports as rows of cells. The page is parsed into a tree
//! ([`dom`]), read as rows in reading order ([`walk`]: each line of text outside tables a
//! one-cell row, each `<tr>` of a data table a row of its cells, spans printed once with
//! a blank kept where a rowspan from above falls between a row's cells), and the rows of
//! the report itself are kept ([`body`]): the element holding its section headings, its
//! title, its signature — not the site's menus, metadata box, share buttons or footer.
//! The metadata box gives the flow's [`DocMeta`](super::DocMeta) ([`meta`]).

mod body;
mod dom;
pub mod meta;
mod walk;

use super::{Flow, Place};
use dom::Dom;
use walk::{At, walk};

/// The rows of an HTML page.
pub fn rows(html: &str) -> Flow {
    let dom = Dom::parse(html);
    let mut raw = walk(&dom, false);
    let mut report = body::find(&dom, &raw);
    if report.is_none() {
        // The report may be in a part the page hides until a script shows it.
        let all = walk(&dom, true);
        if let Some(r) = body::find(&dom, &all) {
            raw = all;
            report = Some(r);
        }
    }
    let skip = body::in_report_text(&dom, &raw, report);
    let mut flow = Flow {
        meta: meta::read(&dom, &raw, &skip),
        ..Flow::default()
    };
    let keep = body::report_rows(&dom, &raw, report);
    if !keep.iter().any(|&i| body::is_title(&raw[i]))
        && let Some(title) = body::page_title(&dom)
    {
        flow.push(vec![title], Place::Unknown);
    }
    let (mut paragraphs, mut tables) = (0, Vec::new());
    for i in keep {
        let row = &raw[i];
        let place = match row.at {
            At::Line => {
                paragraphs += 1;
                Place::Paragraph {
                    paragraph: paragraphs,
                }
            }
            At::TableRow { table, row } => {
                let n = match tables.iter().position(|&t| t == table) {
                    Some(p) => p,
                    None => {
                        tables.push(table);
                        tables.len() - 1
                    }
                };
                Place::TableRow {
                    table: n as u32 + 1,
                    row,
                }
            }
        };
        flow.push(row.cells.clone(), place);
    }
    flow
}

#[cfg(test)]
mod tests;
