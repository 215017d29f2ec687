//! The report as one self-contained web page: inline CSS, no scripts, no external
//! resources; tables with rowspan/colspan like the template, scrolling sideways on a
//! phone, A4 when printed.

use std::fmt::Write;

use super::{CellRole, Outline, Part, PrintedTable, PublishOptions, escape, outline};
use crate::model::Report;

const STYLE: &str = "\
body{margin:0;background:#fff;color:#000;font-family:\"FangSong\",\"仿宋\",\"STFangsong\",\"SimSun\",\"宋体\",\"Songti SC\",\"Noto Serif CJK SC\",serif;font-size:16px;line-height:1.75}
main{max-width:60em;margin:0 auto;padding:1em}
h1{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:1.5em;text-align:center;margin:1em 0}
h2{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:1.15em;margin:1.5em 0 .5em}
p{margin:0 0 .5em;text-indent:2em;white-space:pre-wrap}
p.caption{text-indent:0;text-align:center;font-size:.9em}
.scroll{overflow-x:auto;margin:0 0 1em}
table{border-collapse:collapse;margin:0 auto .5em;font-size:.85em;line-height:1.4}
th,td{border:1px solid #000;padding:.25em .4em;vertical-align:middle}
th{font-weight:normal;text-align:center}
td.label{text-align:left}
td.num{text-align:right;white-space:pre-wrap;min-width:2.5em}
@media print{main{max-width:none;padding:0}.scroll{overflow:visible}table{page-break-inside:auto}tr{page-break-inside:avoid}}
@page{size:A4 portrait;margin:2.5cm 2cm}";

/// The report as an HTML page.
pub fn to_html(report: &Report, options: PublishOptions) -> String {
    render(&outline(report, options))
}

/// The start of a self-contained page: doctype, head with `title` and `style`, and the
/// opening of its body up to the `<h1>` title.
pub(crate) fn page_start(title: &str, style: &str, capacity: usize) -> String {
    let title = escape(title);
    let mut out = String::with_capacity(capacity);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"nianbao {}\">\n<title>{title}</title>\n\
         <style>\n{style}\n</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn render(doc: &Outline) -> String {
    let mut out = page_start(&doc.title, STYLE, 64 * 1024);
    for part in &doc.parts {
        match part {
            Part::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(h));
            }
            Part::Paragraph(p) => {
                let _ = writeln!(out, "<p>{}</p>", escape(p));
            }
            Part::Caption(c) => {
                let _ = writeln!(out, "<p class=\"caption\">{}</p>", escape(c));
            }
            Part::Table(t) => table(&mut out, t),
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn table(out: &mut String, t: &PrintedTable) {
    out.push_str("<div class=\"scroll\">\n<table>\n");
    let header_rows = t
        .rows
        .iter()
        .take_while(|r| r.iter().all(|c| c.role == CellRole::Header))
        .count();
    for (r, row) in t.rows.iter().enumerate() {
        if r == 0 && header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == header_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for c in row {
            let tag = if c.role == CellRole::Header {
                "th"
            } else {
                "td"
            };
            let _ = write!(out, "<{tag}");
            if c.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", c.colspan);
            }
            if c.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", c.rowspan);
            }
            match c.role {
                CellRole::Header => {}
                CellRole::Label => out.push_str(" class=\"label\""),
                CellRole::Value => out.push_str(" class=\"num\""),
            }
            let _ = write!(out, ">{}</{tag}>", escape(&c.text));
        }
        out.push_str("</tr>\n");
        if r + 1 == header_rows {
            out.push_str("</thead>\n");
        }
    }
    if header_rows < t.rows.len() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</div>\n");
}
