//! The page's tree as rows in reading order, before the report is picked out of it: each
//! line of text outside tables a one-cell row, each row of a data table a row of its
//! cells. Every row remembers the element it came from, so that the rows of one part of
//! the page can be told from the rest.

use super::dom::{Dom, Kind, MAX_SPAN, ROOT};
use crate::io::published::number_like;

/// A row of the page, where it was read, and from which element.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    /// The cells (one for a line of text).
    pub cells: Vec<String>,
    /// Where it stands in the page.
    pub at: At,
    /// The innermost block element holding it (a table row's `<tr>`).
    pub origin: usize,
    /// All its text is inside links (menus, lists of other pages).
    pub link_only: bool,
}

/// Where a [`Raw`] row stands in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A line of text outside data tables.
    Line,
    /// Row `row` (from 1, counting every `<tr>`) of data table `table` (from 1, through
    /// the page).
    TableRow {
        /// The table.
        table: u32,
        /// The row.
        row: u32,
    },
}

/// Elements whose text is never shown.
const UNSHOWN: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "select", "option", "textarea",
    "button", "iframe", "object", "embed", "svg", "math", "canvas", "xml", "map", "audio", "video",
    "noembed", "noframes",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "address",
    "center",
    "form",
    "fieldset",
    "legend",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
    "hr",
    "html",
    "body",
    "menu",
    "dir",
    "hgroup",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
];

/// A cell with more text than this, holding block elements, is a box of the page's
/// layout rather than a cell of a data table.
const CONTAINER_CHARS: usize = 400;

/// The rows of the page. `hidden`: also read what the page hides.
pub fn walk(dom: &Dom, hidden: bool) -> Vec<Raw> {
    let mut w = Walker {
        dom,
        hidden,
        rows: Vec::new(),
        line: String::new(),
        line_origin: ROOT,
        line_plain: false,
        blocks: vec![ROOT],
        links: 0,
        tables: 0,
    };
    w.children(ROOT);
    w.flush();
    w.rows
}

struct Walker<'a> {
    dom: &'a Dom,
    hidden: bool,
    rows: Vec<Raw>,
    /// The line being read, whitespace as in the source.
    line: String,
    line_origin: usize,
    /// Some of the line's text is outside links.
    line_plain: bool,
    /// Block elements around the current position.
    blocks: Vec<usize>,
    /// Links around the current position.
    links: usize,
    /// Data tables read so far.
    tables: u32,
}

impl Walker<'_> {
    fn shown(&self, id: usize) -> bool {
        match self.dom.element(id) {
            Some(e) => !UNSHOWN.contains(&e.name.as_str()) && (self.hidden || !e.hidden),
            None => true,
        }
    }

    fn children(&mut self, id: usize) {
        for &c in &self.dom.nodes[id].children {
            self.node(c);
        }
    }

    fn node(&mut self, id: usize) {
        if !self.shown(id) {
            return;
        }
        match &self.dom.nodes[id].kind {
            Kind::Text(t) => self.text(t),
            Kind::Root => self.children(id),
            Kind::Element(e) => match e.name.as_str() {
                "br" => self.flush(),
                "a" if e.link => {
                    self.links += 1;
                    self.children(id);
                    self.links -= 1;
                }
                "table" => {
                    self.flush();
                    self.table(id);
                }
                n if BLOCKS.contains(&n) => self.block(id),
                _ => self.children(id),
            },
        }
    }

    fn block(&mut self, id: usize) {
        self.flush();
        self.blocks.push(id);
        self.children(id);
        self.flush();
        self.blocks.pop();
    }

    fn text(&mut self, t: &str) {
        if self.line.is_empty() {
            self.line_origin = self.blocks.last().copied().unwrap_or(ROOT);
        }
        self.line.push_str(t);
        if self.links == 0 && !t.chars().all(char::is_whitespace) {
            self.line_plain = true;
        }
    }

    fn flush(&mut self) {
        let line = clean_line(&std::mem::take(&mut self.line));
        if !blank(&line) {
            self.rows.push(Raw {
                cells: vec![line],
                at: At::Line,
                origin: self.line_origin,
                link_only: !self.line_plain,
            });
        }
        self.line_plain = false;
    }

    /// A table: a data table gives a row per `<tr>`; a layout table (cells holding
    /// tables or whole passages, or rows of one cell) is read as the boxes it lays out.
    fn table(&mut self, id: usize) {
        let mut items = Vec::new();
        for &c in &self.dom.nodes[id].children {
            match self.dom.name(c) {
                "tbody" | "thead" | "tfoot" => {
                    items.extend(self.dom.nodes[c].children.iter().copied());
                }
                _ => items.push(c),
            }
        }
        let rows: Vec<usize> = items
            .iter()
            .copied()
            .filter(|&i| self.dom.name(i) == "tr")
            .collect();
        let cells = |tr: usize| {
            self.dom.nodes[tr]
                .children
                .iter()
                .copied()
                .filter(|&c| matches!(self.dom.name(c), "td" | "th"))
                .filter(|&c| self.dom.element(c).is_some_and(|e| !e.placeholder))
        };
        let container = |cell: usize| {
            self.dom.contains(cell, |n| n == "table")
                || (self.dom.text_len(cell) > CONTAINER_CHARS
                    && self.dom.contains(cell, |n| BLOCKS.contains(&n)))
        };
        let layout = rows.iter().all(|&tr| cells(tr).count() <= 1)
            || rows.iter().any(|&tr| cells(tr).any(container));
        if layout {
            self.blocks.push(id);
            for i in items {
                self.node(i);
            }
            self.blocks.pop();
            return;
        }
        self.tables += 1;
        let table = self.tables;
        let mut grid = Grid::default();
        let mut row = 0u32;
        let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        for i in items {
            if self.dom.name(i) != "tr" {
                // A caption, or text and elements browsers show before the table.
                if self.dom.name(i) != "colgroup" {
                    self.blocks.push(id);
                    self.node(i);
                    self.flush();
                    self.blocks.pop();
                }
                continue;
            }
            row += 1;
            let own: Vec<(String, u32, u32, bool)> = cells(i)
                .filter(|&c| self.shown(c))
                .map(|c| {
                    let e = self.dom.element(c);
                    let (text, plain) = self.cell_text(c);
                    (
                        text,
                        e.map_or(1, |e| e.colspan),
                        e.map_or(1, |e| e.rowspan),
                        plain,
                    )
                })
                .collect();
            let link_only = !own.iter().any(|c| c.3) && own.iter().any(|c| !c.0.is_empty());
            let left = total.saturating_sub(row);
            let texts = grid.row(own.into_iter().map(|(t, c, r, _)| (t, c, r)), left);
            if self.shown(i) && !texts.is_empty() {
                self.rows.push(Raw {
                    cells: texts,
                    at: At::TableRow { table, row },
                    origin: i,
                    link_only,
                });
            }
        }
    }

    /// A cell's text: its lines (paragraphs, `<br>`) joined by `\n`; "" when it shows
    /// nothing but spaces. Also whether any of it is outside links.
    fn cell_text(&self, id: usize) -> (String, bool) {
        let mut raw = String::new();
        let mut plain = false;
        self.collect(id, &mut raw, &mut plain, 0);
        let lines: Vec<String> = raw
            .split('\n')
            .map(clean_line)
            .filter(|l| !blank(l))
            .collect();
        (lines.join("\n"), plain)
    }

    fn collect(&self, id: usize, out: &mut String, plain: &mut bool, links: usize) {
        for &c in &self.dom.nodes[id].children {
            if !self.shown(c) {
                continue;
            }
            match &self.dom.nodes[c].kind {
                Kind::Text(t) => {
                    // Source line breaks are white space; `\n` here only ends a line.
                    out.extend(t.chars().map(|ch| if ch == '\n' { '\r' } else { ch }));
                    if links == 0 && !t.chars().all(char::is_whitespace) {
                        *plain = true;
                    }
                }
                _ => match self.dom.name(c) {
                    "br" => out.push('\n'),
                    "a" if self.dom.element(c).is_some_and(|e| e.link) => {
                        self.collect(c, out, plain, links + 1)
                    }
                    n if BLOCKS.contains(&n) => {
                        out.push('\n');
                        self.collect(c, out, plain, links);
                        out.push('\n');
                    }
                    _ => self.collect(c, out, plain, links),
                },
            }
        }
    }
}

/// Where the cells of a table's rows stand, for spans carried down from rows above.
#[derive(Default)]
struct Grid {
    /// Columns `start..end` taken by a cell above for `rows` more rows.
    spans: Vec<(u32, u32, u32)>,
}

impl Grid {
    /// The cells of the next row as read: each cell once (a span is not repeated), the
    /// columns a `rowspan` from above takes left out before the row's first cell (the
    /// group label of rows below it) and after its last, and "" for one between its
    /// cells (or after them, in a row of values), so that the values after the row's
    /// label keep their columns.
    /// `cells`: text, colspan, rowspan; `left`: rows of the table after this one.
    fn row(&mut self, cells: impl Iterator<Item = (String, u32, u32)>, left: u32) -> Vec<String> {
        // Kept in order of their columns.
        let above = &self.spans;
        let mut placed: Vec<(u32, String)> = Vec::new();
        let mut new_spans = Vec::new();
        let mut col = 0u32;
        // Spans above, by start: the next one that may still cover a column.
        let mut next = 0;
        for (text, colspan, rowspan) in cells {
            while let Some(&(start, end, _)) = above.get(next) {
                if start > col {
                    break;
                }
                col = col.max(end);
                next += 1;
            }
            let end = col.saturating_add(colspan.clamp(1, MAX_SPAN));
            let more = if rowspan == 0 { left } else { rowspan - 1 }.min(left);
            if more > 0 {
                new_spans.push((col, end, more));
            }
            placed.push((col, text));
            col = end;
        }
        let first = placed.first().map(|(c, _)| *c);
        let last = placed.last().map(|(c, _)| *c);
        // A row of values also keeps a blank for a value merged from above after its
        // last cell; a row of headers does not (其他 then 总计 from the row above).
        let values = placed
            .iter()
            .any(|(_, t)| number_like(t) && t.chars().any(|c| c.is_ascii_digit()));
        let mut out: Vec<(u32, String)> = placed;
        if let (Some(first), Some(last)) = (first, last) {
            out.extend(
                above
                    .iter()
                    .filter(|&&(s, _, _)| s > first && (s < last || values))
                    .map(|&(s, _, _)| (s, String::new())),
            );
        }
        out.sort_by_key(|(c, _)| *c);
        self.spans.retain_mut(|(_, _, rows)| {
            *rows -= 1;
            *rows > 0
        });
        if !new_spans.is_empty() {
            self.spans.extend(new_spans);
            self.spans.sort_unstable();
        }
        out.into_iter().map(|(_, t)| t).collect()
    }
}

/// Characters of Chinese text: between two of them a line break of the source is no
/// space (Word breaks its HTML lines anywhere in Chinese runs).
pub fn wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2014}' | '\u{2018}'..='\u{201D}' | '\u{2026}'
    )
}

/// A line as a browser shows it: runs of source white space as one space, none at its
/// ends, and none for a run holding a line break next to Chinese text (runs of one word
/// split over source lines). Non-breaking and ideographic spaces are text and stay.
pub fn clean_line(s: &str) -> String {
    let layout = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !layout(c) {
            out.push(c);
            continue;
        }
        let mut breaks = matches!(c, '\n' | '\r');
        while let Some(&n) = chars.peek() {
            if !layout(n) {
                break;
            }
            breaks |= matches!(n, '\n' | '\r');
            chars.next();
        }
        let before = out.chars().next_back();
        let after = chars.peek().copied();
        let (Some(b), Some(a)) = (before, after) else {
            continue;
        };
        if !(breaks && (wide(b) || wide(a))) {
            out.push(' ');
        }
    }
    // A run of spaces at an end that mixes source spaces with non-breaking ones
    // (`公益 &nbsp; &nbsp;`) is layout too; non-breaking spaces alone are text (`0&nbsp;`).
    let kept = out.trim_end_matches(char::is_whitespace);
    if out[kept.len()..].contains(' ') {
        out.truncate(kept.len());
    }
    let kept = out.trim_start_matches(char::is_whitespace);
    if out[..out.len() - kept.len()].contains(' ') {
        out = kept.to_owned();
    }
    out
}

/// Whether a line shows nothing (spaces of any kind only).
pub fn blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(html: &str) -> Vec<Vec<String>> {
        walk(&Dom::parse(html), false)
            .into_iter()
            .map(|r| r.cells)
            .collect()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn source_line_breaks_in_chinese_are_no_spaces() {
        assert_eq!(clean_line("三\n、本年\r\n 度 办理"), "三、本年度 办理");
        assert_eq!(clean_line("  the\n end  "), "the end");
        assert_eq!(clean_line("共收到\n12件"), "共收到12件");
        assert_eq!(clean_line("\u{a0}规 章\u{a0}"), "\u{a0}规 章\u{a0}");
        assert_eq!(clean_line("公益\n \u{a0} \u{a0} "), "公益");
        assert_eq!(clean_line("\u{a0} \u{a0}一、总体情况"), "一、总体情况");
    }

    #[test]
    fn a_rowspan_between_cells_leaves_a_blank_in_its_column() {
        // 本年增/减 merged over two rows: the second row's last value keeps its column.
        let html = "<table><tr><td>行政许可</td><td>1</td><td rowspan=2>-2</td><td>3</td></tr>\
                    <tr><td>其他对外管理服务事项</td><td>4</td><td>5</td></tr></table>";
        assert_eq!(
            rows(html),
            vec![
                row(&["行政许可", "1", "-2", "3"]),
                row(&["其他对外管理服务事项", "4", "", "5"])
            ]
        );
    }

    #[test]
    fn a_value_merged_from_above_after_a_rows_last_cell_is_a_blank() {
        let html = "<table><tr><td>行政处罚</td><td>1</td><td rowspan=2>2</td></tr>\
                    <tr><td>行政强制</td><td>3</td></tr></table>";
        assert_eq!(
            rows(html),
            vec![row(&["行政处罚", "1", "2"]), row(&["行政强制", "3", ""])]
        );
    }

    #[test]
    fn rowspans_before_and_after_a_rows_cells_are_left_out() {
        let html = "<table><tr><td rowspan=2 colspan=3>说明</td><td rowspan=2>自然人</td>\
                    <td colspan=2>法人或其他组织</td><td rowspan=2>总计</td></tr>\
                    <tr><td>商业企业</td><td>其他</td></tr></table>";
        assert_eq!(
            rows(html),
            vec![
                row(&["说明", "自然人", "法人或其他组织", "总计"]),
                row(&["商业企业", "其他"])
            ]
        );
    }

    #[test]
    fn rowspan_zero_runs_to_the_end_and_spans_are_bounded() {
        let html = "<table><tr><td rowspan=0>a</td><td>1</td></tr><tr><td>2</td></tr>\
                    <tr><td rowspan=99999999 colspan=99999999>b</td><td>3</td></tr></table>";
        assert_eq!(
            rows(html),
            vec![row(&["a", "1"]), row(&["2"]), row(&["b", "3"])]
        );
    }

    #[test]
    fn many_spans_are_read_in_linear_time() {
        let n = 20_000;
        let mut html = String::from("<table><tr>");
        html.push_str(&"<td rowspan=1000>a</td>".repeat(n));
        html.push_str(&"<tr><td>b</td>".repeat(n));
        let started = std::time::Instant::now();
        let got = rows(&html);
        assert_eq!(got.len(), n + 1);
        assert_eq!(got[1], row(&["b"]));
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn layout_tables_are_read_as_boxes() {
        // A one-cell frame around the report, holding a data table.
        let html = "<table><tr><td><p>一、总体情况</p><p>正文</p>\
                    <table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>";
        let got = walk(&Dom::parse(html), false);
        assert_eq!(
            got.iter().map(|r| r.cells.clone()).collect::<Vec<_>>(),
            vec![row(&["一、总体情况"]), row(&["正文"]), row(&["规章", "0"])]
        );
        assert_eq!(got[2].at, At::TableRow { table: 1, row: 1 });
    }
}
