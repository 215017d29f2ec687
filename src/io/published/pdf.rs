//! PDF reports with a text layer (as WPS, Word and "print to PDF" make them) as rows
//! of cells. The glyphs and their positions come from [`glyphs`]; the rows are rebuilt
//! here from where the glyphs stand, not from the order they were drawn in:
//!
//! - glyphs sharing a vertical centre make a line, and a line splits into chunks (cells)
//!   at gaps wider than most of a character;
//! - page numbers and running headers and footers are dropped, and so is a label
//!   written down a narrow column a character or two to a line (`三` / `、` / `本` …);
//!   a vertical font's glyphs are never on a line;
//! - a table is a run of value lines (numbers, dashes after any text) with the label
//!   lines between them; its columns are the x-ranges its values take, widened to header
//!   cells over none of them; each value goes to the column it stands in, so a blank
//!   printed cell stays "" in its own column;
//! - a label wrapped over lines joins the value line it belongs to (the lines of one cell
//!   stand closer than two rows); a group label in a column of its own (`（三）不予公开`)
//!   becomes a row of its own and never takes a row's values;
//! - the lines above a table are its header: cells over several columns become rows of
//!   their own, and each column's pieces over several lines are joined (`商业` + `企业`);
//! - other lines are prose, a paragraph wrapped over lines (and pages) joined into one row.

mod glyphs;

pub use glyphs::{Glyph, Rule};

use super::{Flow, Place};
use crate::io::FileError;

/// The rows of a PDF held in memory.
pub fn rows(bytes: &[u8]) -> Result<Flow, FileError> {
    // lopdf can panic on a damaged file: that is a damaged file, not a crash.
    let pages = std::panic::catch_unwind(|| glyphs::pages(bytes))
        .unwrap_or_else(|_| Err(glyphs::Failure::Damaged("解析时出错".into())))
        .map_err(|f| match f {
            glyphs::Failure::Encrypted => FileError::EncryptedPdf,
            glyphs::Failure::TooManyPages => FileError::TooManyPages {
                limit: glyphs::MAX_PAGES,
            },
            glyphs::Failure::TooMuchText => FileError::Invalid(format!(
                "PDF 内容过多（超过 {} 个字或 {} 个绘制指令），不像是年度报告",
                glyphs::MAX_GLYPHS,
                glyphs::MAX_OPERATIONS
            )),
            glyphs::Failure::Damaged(detail) => FileError::DamagedPdf(detail),
        })?;
    let heights: Vec<f32> = pages.iter().map(|p| p.height).collect();
    let images: usize = pages.iter().map(|p| p.images).sum();
    let (glyphs, rules): (Vec<Vec<Glyph>>, Vec<Vec<Rule>>) =
        pages.into_iter().map(|p| (p.glyphs, p.rules)).unzip();
    let readable = |g: &&Glyph| !g.ch.is_whitespace();
    let count = glyphs.iter().flatten().filter(readable).count();
    // A scan has no text, or a few characters a page (a stamp, a page number).
    if count < 20 * glyphs.len().max(1) {
        return Err(if images > 0 {
            FileError::ScannedPdf
        } else {
            FileError::EmptyPdf
        });
    }
    let unknown = glyphs
        .iter()
        .flatten()
        .filter(readable)
        .filter(|g| g.ch == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&g.ch))
        .count();
    if unknown * 2 > count {
        return Err(FileError::UndecodablePdf);
    }
    Ok(layout(&glyphs, &rules, &heights))
}

/// A run of glyphs on one line with no wide gap inside: a cell's text, or a line of prose.
#[derive(Debug, Clone, PartialEq)]
struct Chunk {
    text: String,
    x0: f32,
    x1: f32,
    /// Vertical centre.
    yc: f32,
    size: f32,
    /// The text is a table value (a number, a dash).
    value: bool,
    /// Where the gaps inside were: (x of the gap's start, x of its end, byte offset in text).
    gaps: Vec<(f32, f32, usize)>,
    /// Where each glyph after the first starts: (byte offset in text, x, gap before it).
    starts: Vec<(usize, f32, f32)>,
}

/// Glyphs sharing a line.
#[derive(Debug, Clone)]
struct Line {
    page: u32,
    /// From 1, on its page.
    number: u32,
    yc: f32,
    size: f32,
    chunks: Vec<Chunk>,
}

impl Line {
    fn x0(&self) -> f32 {
        self.chunks.first().map_or(0.0, |c| c.x0)
    }
    fn x1(&self) -> f32 {
        self.chunks.last().map_or(0.0, |c| c.x1)
    }
    fn text(&self) -> String {
        self.chunks
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn place(&self) -> Place {
        Place::Page {
            page: self.page,
            line: self.number,
        }
    }
}

/// Vertical centre of a glyph: its baseline less about a third of its size.
fn centre(g: &Glyph) -> f32 {
    g.y - 0.35 * g.size
}

/// The horizontal glyphs of a page as lines of chunks, top to bottom.
fn lines(page: u32, glyphs: &[Glyph], rules: &[Rule]) -> Vec<Line> {
    let vertical: Vec<&Rule> = rules.iter().filter(|r| !r.horizontal()).collect();
    let mut gs: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.vertical && !g.ch.is_whitespace() && g.size > 0.5)
        .collect();
    gs.sort_by(|a, b| centre(a).total_cmp(&centre(b)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut top = f32::NEG_INFINITY;
    let mut least = f32::INFINITY;
    for g in gs {
        let c = centre(g);
        match groups.last_mut() {
            Some(group) if c - top <= 0.45 * least.min(g.size) => {
                group.push(g);
                least = least.min(g.size);
            }
            _ => {
                groups.push(vec![g]);
                top = c;
                least = g.size;
            }
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for mut group in groups {
        group.sort_by(|a, b| a.x.total_cmp(&b.x));
        let chunks = chunks(&group, &vertical);
        if chunks.is_empty() {
            continue;
        }
        let n = group.len() as f32;
        out.push(Line {
            page,
            number: out.len() as u32 + 1,
            yc: group.iter().map(|g| centre(g)).sum::<f32>() / n,
            size: group.iter().map(|g| g.size).fold(0.0, f32::max),
            chunks,
        });
    }
    out
}

/// Splits a line's glyphs (left to right) where the gap is wider than most of a
/// character; a smaller gap inside is kept as a space.
fn chunks(glyphs: &[&Glyph], vertical: &[&Rule]) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for &g in glyphs {
        let c = centre(g);
        match (prev, out.last_mut()) {
            (Some(p), Some(chunk)) => {
                let gap = g.x - (p.x + p.w);
                let em = 0.5 * (p.size + g.size);
                // Overprinted glyphs (bold drawn twice) are one.
                if gap < -0.6 * g.w.max(0.1) && g.ch == p.ch && (g.x - p.x).abs() < 0.3 * em {
                    continue;
                }
                // A drawn line between two glyphs is a cell border.
                let border = || {
                    vertical.iter().any(|r| {
                        r.x0 > p.x + 0.5 * p.w && r.x0 < g.x + 0.5 * g.w && r.y0 < c && r.y1 > c
                    })
                };
                // A number after text, apart from it: a value beside its label.
                let digit = |ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch);
                let value_after_text = digit(g.ch) && !digit(p.ch) && !".-+－—".contains(p.ch);
                // Two numbers set close in narrow columns.
                let two_numbers = digit(g.ch) && digit(p.ch);
                if gap > 0.7 * em
                    || border()
                    || (value_after_text && gap > 0.45 * em)
                    || (two_numbers && gap > 0.25 * em)
                {
                    out.push(new_chunk(g, c));
                } else {
                    if gap > 0.3 * em {
                        chunk.gaps.push((p.x + p.w, g.x, chunk.text.len()));
                        chunk.text.push(' ');
                    }
                    chunk.starts.push((chunk.text.len(), g.x, gap.max(0.0)));
                    chunk.text.push(g.ch);
                    chunk.x1 = chunk.x1.max(g.x + g.w);
                    chunk.size = chunk.size.max(g.size);
                }
            }
            _ => out.push(new_chunk(g, c)),
        }
        prev = Some(g);
    }
    for c in &mut out {
        c.value = super::number_like(&c.text);
    }
    out
}

fn new_chunk(g: &Glyph, yc: f32) -> Chunk {
    Chunk {
        text: g.ch.to_string(),
        x0: g.x,
        x1: g.x + g.w,
        yc,
        size: g.size,
        value: false,
        gaps: Vec::new(),
        starts: Vec::new(),
    }
}

/// Where the row labels of a page's tables start: x positions at which at least three
/// text chunks begin, on value lines and the lines between them.
fn label_starts(lines: &[Line]) -> Vec<f32> {
    let (Some(first), Some(last)) = (
        lines.iter().position(value_line),
        lines.iter().rposition(value_line),
    ) else {
        return Vec::new();
    };
    let mut xs: Vec<f32> = lines[first..=last]
        .iter()
        .flat_map(|l| l.chunks.iter().filter(|c| !c.value).map(|c| c.x0))
        .collect();
    xs.sort_by(f32::total_cmp);
    let mut out = Vec::new();
    let mut k = 0;
    while k < xs.len() {
        let n = xs[k..].iter().take_while(|&&x| x - xs[k] <= 1.5).count();
        if n >= 3 {
            out.push(xs[k..k + n].iter().sum::<f32>() / n as f32);
        }
        k += n;
    }
    out
}

/// Splits text chunks where a glyph, after a small gap, starts at a label column's
/// start (a group label's cell set close to the labels beside it: `）不` + `2.其他…`),
/// and where a number closing a label stands in a column of values (a value set close
/// to its label: `…申请数量 0`). Only between the first and last value line of a page:
/// prose is left alone.
fn split_cells(lines: &mut [Line]) {
    let starts = label_starts(lines);
    let values: Vec<(f32, f32)> = lines
        .iter()
        .filter(|l| value_line(l))
        .flat_map(|l| l.chunks.iter().filter(|c| c.value).map(|c| (c.x0, c.x1)))
        .collect();
    let (Some(first), Some(last)) = (
        lines.iter().position(value_line),
        lines.iter().rposition(value_line),
    ) else {
        return;
    };
    for line in lines.iter_mut().take(last + 1).skip(first) {
        let mut out: Vec<Chunk> = Vec::with_capacity(line.chunks.len());
        for chunk in line.chunks.drain(..) {
            let mut rest = chunk;
            while let Some(k) = (!rest.value)
                .then(|| cut_point(&rest, &starts, &values))
                .flatten()
            {
                let (left, right) = cut(rest, k);
                out.push(left);
                rest = right;
            }
            out.push(rest);
        }
        line.chunks = out;
    }
}

/// Where a text chunk is to be cut (see [`split_cells`]): the index into its starts.
fn cut_point(c: &Chunk, starts: &[f32], values: &[(f32, f32)]) -> Option<usize> {
    let digit = |ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch);
    let at_start = c.starts.iter().position(|&(at, x, gap)| {
        // After a gap, or where a numbered label begins (`2.`, `（`).
        let numbered = c.text[at..].starts_with(|ch: char| digit(ch) || ch == '（' || ch == '(')
            && !c.text[..at].ends_with(digit);
        let at_a_start = starts.iter().any(|s| (x - s).abs() <= 1.0);
        // A numbered label after a gap starts a cell, start known or not.
        ((gap >= 0.08 * c.size || numbered) && at_a_start)
            || (gap >= 0.15 * c.size && self::numbered(&c.text[at..]))
    });
    let value_tail = c.starts.iter().position(|&(at, x, gap)| {
        gap >= 0.1 * c.size
            && super::number_like(&c.text[at..])
            && !c.text[..at].trim_end().ends_with(digit)
            && values
                .iter()
                .filter(|v| overlaps(**v, (x, c.x1), 0.0))
                .count()
                >= 3
    });
    match (at_start, value_tail) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A chunk cut before its `k`-th start.
fn cut(mut rest: Chunk, k: usize) -> (Chunk, Chunk) {
    let (at, x, gap) = rest.starts[k];
    let mut right = Chunk {
        text: rest.text[at..].trim_start().to_owned(),
        x0: x,
        x1: rest.x1,
        yc: rest.yc,
        size: rest.size,
        value: false,
        gaps: Vec::new(),
        starts: Vec::new(),
    };
    let shift = rest.text.len() - right.text.len();
    right.gaps = rest
        .gaps
        .iter()
        .filter(|g| g.2 > at)
        .map(|&(a, b, o)| (a, b, o - shift))
        .collect();
    right.starts = rest.starts[k + 1..]
        .iter()
        .map(|&(o, x, g)| (o - shift, x, g))
        .collect();
    right.value = super::number_like(&right.text);
    rest.text.truncate(at);
    rest.text.truncate(rest.text.trim_end().len());
    rest.x1 = x - gap;
    let kept = rest.text.len();
    rest.gaps.retain(|g| g.2 < kept);
    rest.starts.truncate(k);
    rest.value = super::number_like(&rest.text);
    (rest, right)
}

/// A page number alone on its line: `-1-`, `— 1 —`, `第 1 页`, `第1页 共5页`, `1/5`.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| "-—–－―_·•".contains(c));
    let digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    if digits(t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = t.strip_prefix('第')
        && let Some((n, tail)) = rest.split_once('页')
    {
        let tail = tail.trim_start_matches(['，', ',', '/', '、']);
        return digits(n)
            && (tail.is_empty()
                || tail
                    .strip_prefix('共')
                    .and_then(|t| t.strip_suffix('页'))
                    .is_some_and(digits));
    }
    false
}

/// Drops page numbers and running headers and footers: lines in the top or bottom
/// tenth of a page that are a page number, or that recur on other pages at the same
/// height (digits aside).
fn drop_furniture(pages: &mut [Vec<Line>], heights: &[f32]) {
    let margin = |p: usize, l: &Line| {
        let h = heights.get(p).copied().unwrap_or(842.0);
        l.yc < 0.1 * h || l.yc > 0.9 * h
    };
    let key = |l: &Line| -> String {
        l.text()
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut recurring: Vec<(String, f32)> = Vec::new();
    let mut seen: Vec<(usize, String, f32)> = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        for l in lines.iter().filter(|l| margin(p, l)) {
            let k = key(l);
            if k.is_empty() {
                continue;
            }
            if seen
                .iter()
                .any(|(q, s, y)| *q != p && *s == k && (y - l.yc).abs() < 6.0)
            {
                recurring.push((k.clone(), l.yc));
            }
            seen.push((p, k, l.yc));
        }
    }
    for (p, lines) in pages.iter_mut().enumerate() {
        lines.retain(|l| {
            !(margin(p, l)
                && (page_number(&l.text())
                    || recurring
                        .iter()
                        .any(|(k, y)| *k == key(l) && (y - l.yc).abs() < 6.0)))
        });
    }
}

/// Removes the characters of a label written down a narrow column, one or two to a
/// line (`三` / `、` / `本` / `年` …): a stack of at least three such chunks at one x.
fn drop_stacks(lines: &mut [Line], spacing: f32) {
    let short = |c: &Chunk| !c.value && c.text.chars().filter(|c| !c.is_whitespace()).count() <= 2;
    // (line, chunk) of each short chunk, by x.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; 0];
    let all: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.chunks
                .iter()
                .enumerate()
                .filter(|(_, c)| short(c))
                .map(move |(k, _)| (i, k))
        })
        .collect();
    used.resize(all.len(), false);
    for s in 0..all.len() {
        if used[s] {
            continue;
        }
        let (i, k) = all[s];
        let first = &lines[i].chunks[k];
        let mut stack = vec![s];
        let (mut last_line, mut last_y) = (i, first.yc);
        for (t, &(j, m)) in all.iter().enumerate().skip(s + 1) {
            if used[t] || j <= last_line {
                continue;
            }
            let c = &lines[j].chunks[m];
            if c.yc - last_y > 2.2 * spacing * first.size.max(c.size) {
                break;
            }
            let centre_a = 0.5 * (first.x0 + first.x1);
            let centre_b = 0.5 * (c.x0 + c.x1);
            if (c.x0 - first.x0).abs() < 0.5 * first.size
                || (centre_a - centre_b).abs() < 0.5 * first.size
            {
                // Longer text in the same column between two of them: the wrapped ends
                // of labels (`…过程性` / `信息`), not a label down the column.
                let interrupted = lines[last_line + 1..j].iter().any(|l| {
                    l.chunks
                        .iter()
                        .any(|o| !short(o) && o.x0 <= centre_a && o.x1 >= centre_a)
                });
                if interrupted {
                    break;
                }
                stack.push(t);
                last_line = j;
                last_y = c.yc;
            }
        }
        let singles = stack
            .iter()
            .filter(|&&t| lines[all[t].0].chunks[all[t].1].text.chars().count() == 1)
            .count();
        if stack.len() >= 3 && singles * 3 >= stack.len() * 2 {
            for &t in &stack {
                used[t] = true;
                marks.push(all[t]);
            }
        }
    }
    marks.sort_unstable_by(|a, b| b.cmp(a));
    for (i, k) in marks {
        lines[i].chunks.remove(k);
    }
}

/// `一、` … `十、` at the start: a section heading, which ends a table's header.
fn section_heading(text: &str) -> bool {
    let t = text.trim_start();
    let n = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// What a line of a page became.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Prose,
    /// A value row of block `b`.
    Anchor(usize),
    /// Text inside a block's label area.
    Label(usize),
    /// Above block `b`: its header.
    Header(usize),
}

/// A table region: value rows with the label lines between them, and its header.
#[derive(Debug, Clone, Default)]
struct Block {
    anchors: Vec<usize>,
    /// Text lines in the label area, between and just after its anchors.
    labels: Vec<usize>,
    header: Vec<usize>,
    /// Left edge of the value area.
    value_x0: f32,
    /// Right edge of the row labels (-∞ when the rows have none).
    label_right: f32,
    /// Centre of the first value column, once known.
    columns_hint: Option<f32>,
    /// Value columns: (x0, x1).
    columns: Vec<(f32, f32)>,
    /// Lines holding only the wrapped rest of numbers too long for their cells (`4439` /
    /// `2`), with the anchor they belong to: (anchor line, line).
    satellites: Vec<(usize, usize)>,
}

impl Block {
    /// Whether a header cell stands over the row labels rather than the values: its
    /// centre is nearer to the labels' right edge than to the first values (labels may
    /// be set left and their header centred; values set right and theirs centred).
    ///
    /// Only one cell of a `line` is the labels' header: a further name of two characters
    /// or more that starts a character's width clear of the labels, to the right of it,
    /// stands over a column even when it is nearer the labels than the first values — a
    /// column blank in every row (信息内容 | 采购项目数量 over a blank cell | 采购总金额
    /// over 53). Single characters are the spaced-out letters of one header (`信 息 内 容`).
    fn over_labels(&self, line: &Line, c: &Chunk) -> bool {
        let first = self.columns_hint.unwrap_or(self.value_x0);
        let near = |c: &Chunk| 0.5 * (c.x0 + c.x1) <= 0.5 * (self.label_right.min(first) + first);
        let column = c.x0 > self.label_right + c.size
            && c.text.trim().chars().count() >= 2
            && line.chunks.iter().any(|o| o.x1 < c.x0 && near(o));
        near(c) && !column
    }
}

/// Value lines that only hold the wrapped parts of numbers too long for their cells:
/// no text, at most half as many values as the value line next to them, and as close to
/// it as lines of one cell. Each with the line it belongs to.
fn satellites(lines: &[Line], anchors: &[usize], spacing: f32) -> Vec<(usize, usize)> {
    let count = |l: usize| lines[l].chunks.iter().filter(|c| c.value).count();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &l) in anchors.iter().enumerate() {
        if lines[l].chunks.iter().any(|c| !c.value) {
            continue;
        }
        let owner = |m: usize| {
            let d = (lines[m].yc - lines[l].yc).abs();
            (d <= 1.5 * spacing * lines[l].size && count(m) >= 2 * count(l)).then_some((d, m))
        };
        let before = k.checked_sub(1).map(|i| anchors[i]);
        let after = anchors.get(k + 1).copied();
        let best = [before, after]
            .into_iter()
            .flatten()
            .filter(|m| !out.iter().any(|s| s.1 == *m))
            .filter_map(owner)
            .min_by(|p, q| p.0.total_cmp(&q.0));
        if let Some((_, m)) = best {
            out.push((m, l));
        }
    }
    out
}

/// The value chunks of a line that can be a table row: values after any text.
fn value_line(l: &Line) -> bool {
    let Some(first_value) = l.chunks.iter().position(|c| c.value) else {
        return false;
    };
    // Text after a value: prose with a number in it, not a row.
    l.chunks[first_value..].iter().all(|c| c.value)
}

fn value_x0(l: &Line) -> f32 {
    l.chunks
        .iter()
        .filter(|c| c.value)
        .map(|c| c.x0)
        .fold(f32::INFINITY, f32::min)
}

/// Finds the blocks of a page and the role of each line.
fn blocks(lines: &[Line], rules: &[Rule], spacing: f32) -> (Vec<Role>, Vec<Block>) {
    let mut roles = vec![Role::Prose; lines.len()];
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    // Label-area text lines seen since the last anchor of the current block.
    let mut pending: Vec<usize> = Vec::new();
    let close = |b: Block,
                 pending: &mut Vec<usize>,
                 blocks: &mut Vec<Block>,
                 roles: &mut [Role]| {
        let n = blocks.len();
        let mut b = b;
        // Lines after the last anchor continue its label while they follow closely.
        let mut last = *b.anchors.last().unwrap_or(&0);
        for &p in pending.iter() {
            if lines[p].yc - lines[last].yc <= 1.9 * spacing * lines[p].size.max(lines[last].size) {
                b.labels.push(p);
                last = p;
            } else {
                break;
            }
        }
        pending.clear();
        for &a in &b.anchors {
            roles[a] = Role::Anchor(n);
        }
        for &l in &b.labels {
            roles[l] = Role::Label(n);
        }
        blocks.push(b);
    };
    for (i, line) in lines.iter().enumerate() {
        let tol = 0.5 * line.size;
        if value_line(line) {
            let vx = value_x0(line);
            let text_end = line
                .chunks
                .iter()
                .filter(|c| !c.value)
                .map(|c| c.x1)
                .fold(f32::NEG_INFINITY, f32::max);
            let joins = current.as_ref().is_some_and(|b| {
                let prev = b
                    .anchors
                    .last()
                    .copied()
                    .into_iter()
                    .chain(pending.last().copied())
                    .max()
                    .unwrap_or(i);
                text_end <= b.value_x0 + tol
                    && vx >= text_end.min(b.value_x0) - tol
                    && line.yc - lines[prev].yc <= 6.0 * spacing * line.size
            });
            match current.as_mut() {
                Some(b) if joins => {
                    b.labels.append(&mut pending);
                    b.anchors.push(i);
                    b.value_x0 = b.value_x0.min(vx);
                }
                _ => {
                    if let Some(b) = current.take() {
                        close(b, &mut pending, &mut blocks, &mut roles);
                    }
                    current = Some(Block {
                        anchors: vec![i],
                        value_x0: vx,
                        ..Block::default()
                    });
                }
            }
        } else {
            let inside = current.as_ref().is_some_and(|b| {
                // A section heading (larger than the table's text) ends the table.
                let heading =
                    section_heading(&line.text()) && line.size >= 1.15 * lines[b.anchors[0]].size;
                let prev = b
                    .anchors
                    .last()
                    .copied()
                    .into_iter()
                    .chain(pending.last().copied())
                    .max()
                    .unwrap_or(i);
                !heading
                    && line.x1() <= b.value_x0 + tol
                    && line.yc - lines[prev].yc <= 4.0 * spacing * line.size
            });
            if inside {
                pending.push(i);
            } else if let Some(b) = current.take() {
                close(b, &mut pending, &mut blocks, &mut roles);
            }
        }
    }
    if let Some(b) = current.take() {
        close(b, &mut pending, &mut blocks, &mut roles);
    }
    // Headers: the text lines just above each block.
    for (n, b) in blocks.iter_mut().enumerate() {
        b.satellites = satellites(lines, &b.anchors, spacing);
        b.anchors
            .retain(|a| !b.satellites.iter().any(|s| s.1 == *a));
        let first = b.anchors[0];
        let size = lines[first].size;
        let mut below = first;
        let mut k = first;
        while k > 0 && b.header.len() < 12 {
            k -= 1;
            let l = &lines[k];
            if b.satellites.iter().any(|s| s.1 == k) {
                below = k;
                continue;
            }
            if roles[k] != Role::Prose
                || (section_heading(&l.text()) && l.size >= 1.15 * size)
                || lines[below].yc - l.yc > 4.0 * spacing * size.max(l.size)
                || l.size > 1.35 * size
            {
                break;
            }
            b.header.push(k);
            below = k;
        }
        b.header.reverse();
        // Label-area lines right above the first row, nearer to it than to the
        // header, are the start of its label.
        let mut own = Vec::new();
        let ruled = ruled(lines, b, rules);
        // The label-area lines closing the header: from the last one starting with a
        // numbered label on, they are the first row's label (the row a page break cut
        // begins above them).
        let tail = b
            .header
            .iter()
            .rev()
            .take_while(|&&h| lines[h].x1() <= b.value_x0)
            .count();
        let from = b.header.len() - tail;
        if !ruled
            && let Some(k) = b.header[from..]
                .iter()
                .rposition(|&h| lines[h].chunks.iter().any(|c| numbered(&c.text)))
        {
            own.extend(b.header.drain(from + k..).rev());
        }
        while own.is_empty()
            && let Some(&h) = b.header.last()
        {
            let l = &lines[h];
            if l.x1() > b.value_x0 {
                break;
            }
            let next = own.last().copied().unwrap_or(first);
            let up = b
                .header
                .len()
                .checked_sub(2)
                .map(|j| l.yc - lines[b.header[j]].yc);
            let down = lines[next].yc - l.yc;
            // In a ruled table, the line is the first row's when it is in its cell.
            let mine = if ruled {
                l.chunks.iter().all(|c| {
                    let (top, bottom) = band(rules, 0.5 * (c.x0 + c.x1), c.yc);
                    lines[first].yc > top && lines[first].yc < bottom
                })
            } else {
                // A row whose label starts numbered on its line has no label above it
                // (text there ends a row the page break cut).
                let starts_on_line = lines[first]
                    .chunks
                    .iter()
                    .rfind(|c| !c.value)
                    .is_some_and(|c| numbered(&c.text));
                !starts_on_line
                    && down <= 1.9 * spacing * l.size.max(lines[next].size)
                    && (up.is_none_or(|u| u > down) || numbered(&l.text()))
            };
            if mine {
                own.push(h);
                b.header.pop();
                // The numbered start of the label: what is above is the header.
                if l.chunks.iter().any(|c| numbered(&c.text)) {
                    break;
                }
            } else {
                break;
            }
        }
        b.labels.extend(own);
        for &h in &b.header {
            roles[h] = Role::Header(n);
        }
        for &l in &b.labels {
            roles[l] = Role::Label(n);
        }
        b.label_right = b
            .anchors
            .iter()
            .flat_map(|&a| lines[a].chunks.iter().filter(|c| !c.value))
            .chain(b.labels.iter().flat_map(|&l| lines[l].chunks.iter()))
            .map(|c| c.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        b.columns_hint = b
            .anchors
            .iter()
            .flat_map(|&a| lines[a].chunks.iter().filter(|c| c.value))
            .map(|c| (c.x0, c.x1))
            .min_by(|p, q| p.0.total_cmp(&q.0))
            .map(|(x0, x1)| 0.5 * (x0 + x1));
        b.columns = columns(lines, b);
    }
    (roles, blocks)
}

/// The cell a point is in, as far as the table's horizontal lines tell: the nearest
/// line above and below that pass over it (infinite when there is none).
fn band(rules: &[Rule], x: f32, y: f32) -> (f32, f32) {
    let mut top = f32::NEG_INFINITY;
    let mut bottom = f32::INFINITY;
    for r in rules
        .iter()
        .filter(|r| r.horizontal() && r.x0 - 1.0 <= x && x <= r.x1 + 1.0)
    {
        let ry = 0.5 * (r.y0 + r.y1);
        if ry < y {
            top = top.max(ry);
        } else {
            bottom = bottom.min(ry);
        }
    }
    (top, bottom)
}

/// Whether a block is drawn with horizontal lines between its rows: every value line in
/// a cell closed above and below, no two in one.
fn ruled(lines: &[Line], b: &Block, rules: &[Rule]) -> bool {
    let bands: Vec<(f32, f32)> = b
        .anchors
        .iter()
        .map(|&a| {
            let c = lines[a].chunks.iter().find(|c| c.value);
            c.map_or((f32::NEG_INFINITY, f32::INFINITY), |c| {
                band(rules, 0.5 * (c.x0 + c.x1), c.yc)
            })
        })
        .collect();
    bands.iter().all(|(t, b)| t.is_finite() && b.is_finite())
        && bands.windows(2).all(|w| w[0] != w[1])
}

fn overlaps(a: (f32, f32), b: (f32, f32), tol: f32) -> bool {
    a.0 < b.1 - tol && b.0 < a.1 - tol
}

/// The value columns of a block: the x-ranges its values take. Header cells (pieces
/// over several lines merged, cells over several others left out) name them; when the
/// header has more cells than the values have columns, the header cells matched to no
/// value column are columns left blank in every row.
fn columns(lines: &[Line], b: &Block) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = b
        .anchors
        .iter()
        .chain(b.satellites.iter().map(|s| &s.1))
        .flat_map(|&a| {
            lines[a]
                .chunks
                .iter()
                .filter(|c| c.value)
                .map(|c| (c.x0, c.x1))
        })
        .collect();
    let values = merge(&mut spans);
    let cells: Vec<(f32, f32)> = b
        .header
        .iter()
        .flat_map(|&h| lines[h].chunks.iter().map(move |c| (&lines[h], c)))
        .filter(|(line, c)| !b.over_labels(line, c))
        .map(|(_, c)| (c.x0, c.x1))
        .collect();
    // A cell over the centres of two others is a group header (`申请人情况`).
    let centre = |s: &(f32, f32)| 0.5 * (s.0 + s.1);
    let mut leaves: Vec<(f32, f32)> = cells
        .iter()
        .filter(|s| {
            cells
                .iter()
                .filter(|o| *o != *s && centre(o) > s.0 && centre(o) < s.1)
                .count()
                < 2
        })
        .copied()
        .collect();
    let headers = merge(&mut leaves);
    if headers.len() < values.len() {
        return values;
    }
    // Match each value column to a header cell, in order, nearest centres.
    let (m, h) = (values.len(), headers.len());
    let cost = |i: usize, j: usize| (centre(&values[i]) - centre(&headers[j])).abs();
    // best[i][j]: least cost of the first i value columns among the first j cells.
    let mut best = vec![vec![f32::INFINITY; h + 1]; m + 1];
    best[0] = vec![0.0; h + 1];
    for i in 1..=m {
        for j in i..=h {
            best[i][j] = best[i][j - 1].min(best[i - 1][j - 1] + cost(i - 1, j - 1));
        }
    }
    let mut matched = vec![None; h];
    let (mut i, mut j) = (m, h);
    while i > 0 && j > 0 {
        if best[i][j] == best[i][j - 1] && j > i {
            j -= 1;
        } else {
            matched[j - 1] = Some(i - 1);
            i -= 1;
            j -= 1;
        }
    }
    headers
        .iter()
        .zip(matched)
        .map(|(hd, v)| match v {
            Some(v) => (values[v].0.min(hd.0), values[v].1.max(hd.1)),
            None => *hd,
        })
        .collect()
}

/// Overlapping spans merged.
fn merge(spans: &mut [(f32, f32)]) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for &s in spans.iter() {
        match out.last_mut() {
            Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

/// The column a span falls in: the one whose centre is nearest to its centre.
fn column_of(columns: &[(f32, f32)], x0: f32, x1: f32) -> usize {
    let c = 0.5 * (x0 + x1);
    let mut best = 0;
    for (k, col) in columns.iter().enumerate() {
        let d = |col: &(f32, f32)| {
            if c >= col.0 && c <= col.1 {
                0.0
            } else {
                (c - 0.5 * (col.0 + col.1)).abs()
            }
        };
        if d(col) < d(&columns[best]) {
            best = k;
        }
    }
    best
}

/// Joins pieces of one cell or paragraph: no space between Chinese characters, one
/// between two Latin letters or digits.
fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A row ready for the flow, with the height it stands at on its page.
struct Placed {
    y: f32,
    line: u32,
    cells: Vec<String>,
    /// What the row is.
    kind: Kind,
    /// Where its label starts on the page (for rows a page break cut).
    x0: f32,
}

/// What a row of a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Header,
    /// A row with its values (`[label, v1, …]`), with this many values.
    Values(usize),
    /// Label text of no row: a group label, or the end of a row the page cut off (when
    /// it stands above the table's first row), or the start of a row the page cut off
    /// (numbered label text below the last row, taken by none).
    Group {
        above_first: bool,
        below_last: bool,
    },
}

/// Whether a text starts as a row label is numbered (`（二）`, `2.`, `四、`): the start
/// of a row, never the wrapped end of the one above.
fn numbered(text: &str) -> bool {
    let t = text.trim_start();
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n = rest.chars().take_while(|c| cn(*c)).count();
        return n > 0 && rest.chars().nth(n).is_some_and(|c| c == '）' || c == ')');
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return t.chars().nth(digits).is_some_and(|c| ".．、".contains(c));
    }
    let n = t.chars().take_while(|c| cn(*c)).count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// The rows of a block: its header, then a row per anchor (`[label, v1, …]`, a blank
/// printed cell as "" in its column), with group labels as rows of their own.
fn block_rows(lines: &[Line], b: &Block, rules: &[Rule], spacing: f32) -> Vec<Placed> {
    let mut out = Vec::new();
    header_rows(lines, b, &mut out);
    let anchors = &b.anchors;
    // The row label on an anchor's line: its last text chunk.
    let label_of = |a: usize| lines[a].chunks.iter().rposition(|c| !c.value);
    // Label fragments: (line, chunk).
    let mut frags: Vec<(usize, usize)> = Vec::new();
    for &l in &b.labels {
        for k in 0..lines[l].chunks.len() {
            frags.push((l, k));
        }
    }
    frags.sort_by(|a, b| lines[a.0].yc.total_cmp(&lines[b.0].yc).then(a.1.cmp(&b.1)));
    let yc = |f: (usize, usize)| lines[f.0].yc;
    let x0 = |f: (usize, usize)| lines[f.0].chunks[f.1].x0;
    let size = |f: (usize, usize)| lines[f.0].chunks[f.1].size;
    // The label column a text starts in: the nearest label start at or left of it (an
    // indented second line is still in its column).
    let columns = label_starts(lines);
    let column = |x: f32| {
        columns
            .iter()
            .copied()
            .filter(|s| *s <= x + 1.0 && x - s <= 2.5 * lines[b.anchors[0]].size)
            .reduce(f32::max)
            .unwrap_or(x)
    };
    // Where a row's label starts: its text on the value line, unless the lines just
    // above and below go on to the right of that text (which is then a group label);
    // else those lines (the one in the rightmost column: a group label stands left).
    let starts: Vec<Option<f32>> = anchors
        .iter()
        .map(|&a| {
            let reach = 1.5 * spacing * lines[a].size;
            let near = frags
                .iter()
                .filter(|&&f| (yc(f) - lines[a].yc).abs() <= reach)
                .map(|&f| column(x0(f)))
                .reduce(f32::max);
            match (label_of(a).map(|k| &lines[a].chunks[k]), near) {
                (Some(c), Some(fx)) if fx >= c.x1 - 0.5 * c.size => Some(fx),
                (Some(c), _) => Some(column(c.x0)),
                (None, fx) => fx,
            }
        })
        .collect();
    let compat = |f: (usize, usize), a: usize| {
        let i = anchors.iter().position(|&x| x == a).unwrap_or(0);
        starts[i].is_none_or(|lx| column(x0(f)) >= lx - 0.5 * size(f))
    };
    // owner[a] = fragments of anchor a's label.
    let mut owned: Vec<Vec<(usize, usize)>> = vec![Vec::new(); anchors.len()];
    let mut groups: Vec<(usize, usize)> = Vec::new();
    // The start of a row cut off by the page, below the last row (gap mode only).
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    // Rows with no values (ruled tables only): their label fragments.
    let mut blank_rows: Vec<Vec<(usize, usize)>> = Vec::new();
    // Text chunks on anchor lines that are group labels (ruled tables only).
    let mut line_groups: Vec<(usize, usize)> = Vec::new();
    let ruled = ruled(lines, b, rules);
    let cell = |f: (usize, usize)| {
        let c = &lines[f.0].chunks[f.1];
        band(rules, 0.5 * (c.x0 + c.x1), c.yc)
    };
    let rows_in = |(top, bottom): (f32, f32)| -> Vec<usize> {
        (0..anchors.len())
            .filter(|&i| lines[anchors[i]].yc > top && lines[anchors[i]].yc < bottom)
            .collect()
    };
    if ruled {
        // Each fragment belongs to the row its cell holds; a cell over several rows is a
        // group label; one over none, a row left blank.
        let mut blank_cells: Vec<(f32, f32)> = Vec::new();
        for &f in &frags {
            let band = cell(f);
            match rows_in(band).as_slice() {
                // A numbered label below a row's values starts the next row, which the
                // page break cut (no line drawn between them at the foot of the page).
                [i] if numbered(&lines[f.0].chunks[f.1].text)
                    && yc(f) > lines[anchors[*i]].yc
                    && *i + 1 == anchors.len() =>
                {
                    trailing.push(f)
                }
                // Left of the row's label: a group label whose cell the page cut short.
                [i] if compat(f, anchors[*i]) && !trailing.is_empty() => trailing.push(f),
                [i] if compat(f, anchors[*i]) => owned[*i].push(f),
                [_] => groups.push(f),
                [] => match blank_cells.iter().position(|c| *c == band) {
                    Some(k) => blank_rows[k].push(f),
                    None => {
                        blank_cells.push(band);
                        blank_rows.push(vec![f]);
                    }
                },
                _ => groups.push(f),
            }
        }
        for &a in anchors {
            for (k, c) in lines[a].chunks.iter().enumerate() {
                if !c.value && rows_in(cell((a, k))).len() > 1 {
                    line_groups.push((a, k));
                }
            }
        }
    }
    // A row whose label starts, numbered, on its own line takes no text from above.
    let labelled_here = |a: usize| label_of(a).is_some_and(|k| numbered(&lines[a].chunks[k].text));
    // Runs of fragments between consecutive anchors (and before the first, after the last).
    let mut start = if ruled { frags.len() } else { 0 };
    for gap in 0..=anchors.len() {
        if ruled {
            break;
        }
        let below = anchors.get(gap).copied();
        let end = frags[start..]
            .iter()
            .position(|&f| below.is_some_and(|a| yc(f) > lines[a].yc))
            .map_or(frags.len(), |p| start + p);
        let run = &frags[start..end];
        start = end;
        let above = gap.checked_sub(1);
        let (up, down): (Vec<_>, Vec<_>) = {
            let both: Vec<(usize, usize)> = run
                .iter()
                .copied()
                .filter(|&f| {
                    above.is_some_and(|a| compat(f, anchors[a]))
                        && below.is_some_and(|a| compat(f, a) && !labelled_here(a))
                })
                .collect();
            // Where the run splits between the row above and the row below: at its
            // widest gap (rows are further apart than the lines of one cell).
            let mut ys: Vec<f32> = Vec::new();
            ys.extend(above.map(|a| lines[anchors[a]].yc));
            ys.extend(both.iter().map(|&f| yc(f)));
            ys.extend(below.map(|a| lines[a].yc));
            let widest = ys
                .windows(2)
                .max_by(|p, q| (p[1] - p[0]).total_cmp(&(q[1] - q[0])))
                .map_or(f32::INFINITY, |w| 0.5 * (w[0] + w[1]));
            // A numbered label starts the row below, wherever the widest gap is.
            let split_y = both
                .iter()
                .find(|&&f| numbered(&lines[f.0].chunks[f.1].text))
                .map_or(widest, |&f| widest.min(yc(f) - 0.01));
            // The row below starts at its numbered label: nothing above that is its.
            let label_top = run
                .iter()
                .find(|&&f| {
                    below.is_some_and(|a| compat(f, a)) && numbered(&lines[f.0].chunks[f.1].text)
                })
                .map_or(f32::NEG_INFINITY, |&f| yc(f));
            run.iter().copied().partition(|&f| {
                let to_above = above.is_some_and(|a| compat(f, anchors[a]));
                let to_below =
                    yc(f) >= label_top && below.is_some_and(|a| compat(f, a) && !labelled_here(a));
                match (to_above, to_below) {
                    (true, true) => yc(f) < split_y,
                    (true, false) => true,
                    (false, true) => false,
                    (false, false) => {
                        groups.push(f);
                        false
                    }
                }
            })
        };
        let down: Vec<_> = down.into_iter().filter(|f| !groups.contains(f)).collect();
        // Each side keeps what follows on closely; the rest are group labels.
        if let Some(a) = above {
            let mut reach = lines[anchors[a]].yc;
            // From a numbered label on, the text starts a row of its own.
            let mut new_row = false;
            for f in up {
                new_row |= numbered(&lines[f.0].chunks[f.1].text);
                if new_row && below.is_none() {
                    trailing.push(f);
                } else if !new_row
                    && (yc(f) - reach <= 1.9 * spacing * size(f).max(lines[f.0].size)
                        || yc(f) - reach < 0.1)
                {
                    reach = yc(f);
                    owned[a].push(f);
                } else {
                    groups.push(f);
                }
            }
        } else {
            groups.extend(up);
        }
        if let Some(a) = below {
            let i = gap;
            let mut reach = lines[a].yc;
            let mut mine = Vec::new();
            for f in down.into_iter().rev() {
                if reach - yc(f) <= 1.9 * spacing * size(f).max(lines[f.0].size) {
                    reach = yc(f);
                    mine.push(f);
                } else {
                    groups.push(f);
                }
            }
            mine.reverse();
            owned[i].extend(mine);
        } else {
            groups.extend(down);
        }
    }
    for (i, &a) in anchors.iter().enumerate() {
        let line = &lines[a];
        let mut values = vec![String::new(); b.columns.len()];
        // The line's values, and the wrapped parts of long numbers above and below it.
        let mut parts: Vec<(f32, bool, &Chunk)> = line
            .chunks
            .iter()
            .filter(|c| c.value)
            .map(|c| (line.yc, true, c))
            .collect();
        for s in b.satellites.iter().filter(|s| s.0 == a) {
            parts.extend(
                lines[s.1]
                    .chunks
                    .iter()
                    .filter(|c| c.value)
                    .map(|c| (lines[s.1].yc, false, c)),
            );
        }
        parts.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.2.x0.total_cmp(&q.2.x0)));
        for (_, own_line, c) in parts {
            let k = column_of(&b.columns, c.x0, c.x1);
            if own_line
                && !values[k].is_empty()
                && values[k].ends_with(|ch: char| ch.is_ascii_digit())
            {
                values[k].push(' ');
            }
            values[k].push_str(&c.text);
        }
        let texts: Vec<&Chunk> = line
            .chunks
            .iter()
            .enumerate()
            .filter(|(k, c)| !c.value && !line_groups.contains(&(a, *k)))
            .map(|(_, c)| c)
            .collect();
        let line_group_cells: Vec<String> = line_groups
            .iter()
            .filter(|g| g.0 == a)
            .map(|g| line.chunks[g.1].text.clone())
            .collect();
        let mut frags = owned[i].clone();
        frags.sort_by(|p, q| yc(*p).total_cmp(&yc(*q)).then(p.1.cmp(&q.1)));
        // Fragments right of the line's text: the line's text are group labels and the
        // row's label is all in the fragments.
        let (groups_here, label_chunk) = match texts.split_last() {
            Some((last, rest)) if !frags.iter().any(|&f| x0(f) >= last.x1 - 0.5 * last.size) => {
                (rest.to_vec(), Some(*last))
            }
            _ => (texts.clone(), None),
        };
        let above: Vec<&str> = frags
            .iter()
            .filter(|&&f| yc(f) < line.yc)
            .map(|&f| lines[f.0].chunks[f.1].text.as_str())
            .collect();
        let below: Vec<&str> = frags
            .iter()
            .filter(|&&f| yc(f) >= line.yc)
            .map(|&f| lines[f.0].chunks[f.1].text.as_str())
            .collect();
        let mut parts = above;
        parts.extend(label_chunk.map(|c| c.text.as_str()));
        parts.extend(below);
        let label = join(&parts);
        let mut cells: Vec<String> = line_group_cells;
        cells.extend(groups_here.iter().map(|c| c.text.clone()));
        if !label.is_empty() {
            cells.push(label);
        }
        cells.extend(values);
        let top = frags.first().map_or(a, |f| f.0.min(a));
        out.push(Placed {
            y: lines[top].yc.min(line.yc),
            line: lines[top].number,
            cells,
            kind: Kind::Values(b.columns.len()),
            x0: starts[i].unwrap_or(f32::NEG_INFINITY),
        });
    }
    if let Some(&f) = trailing.first() {
        let parts: Vec<&str> = trailing
            .iter()
            .map(|&f| lines[f.0].chunks[f.1].text.as_str())
            .collect();
        out.push(Placed {
            y: yc(f),
            line: lines[f.0].number,
            cells: vec![join(&parts)],
            kind: Kind::Group {
                above_first: false,
                below_last: true,
            },
            x0: x0(f),
        });
    }
    for row in blank_rows {
        let parts: Vec<&str> = row
            .iter()
            .map(|&f| lines[f.0].chunks[f.1].text.as_str())
            .collect();
        let mut cells = vec![join(&parts)];
        cells.extend(std::iter::repeat_n(String::new(), b.columns.len()));
        out.push(Placed {
            y: yc(row[0]),
            line: lines[row[0].0].number,
            cells,
            kind: Kind::Values(b.columns.len()),
            x0: x0(row[0]),
        });
    }
    groups.sort();
    groups.dedup();
    // In a ruled table, the lines of one group label's cell make one row.
    // (cell top, cell bottom, x0, x1) and the fragments in it.
    type Cell = (f32, f32, f32, f32);
    let mut joined: Vec<(Cell, Vec<(usize, usize)>)> = Vec::new();
    for f in groups {
        let (top, bottom) = if ruled { cell(f) } else { (yc(f), yc(f)) };
        let c = &lines[f.0].chunks[f.1];
        match joined
            .iter_mut()
            .find(|(k, _)| ruled && k.0 == top && k.1 == bottom && c.x0 < k.3 && k.2 < c.x1)
        {
            Some((k, fs)) => {
                k.2 = k.2.min(c.x0);
                k.3 = k.3.max(c.x1);
                fs.push(f);
            }
            None => joined.push(((top, bottom, c.x0, c.x1), vec![f])),
        }
    }
    for (_, mut fs) in joined {
        fs.sort_by(|p, q| yc(*p).total_cmp(&yc(*q)).then(p.1.cmp(&q.1)));
        let parts: Vec<&str> = fs
            .iter()
            .map(|&f| lines[f.0].chunks[f.1].text.as_str())
            .collect();
        out.push(Placed {
            y: yc(fs[0]),
            line: lines[fs[0].0].number,
            cells: vec![join(&parts)],
            kind: Kind::Group {
                above_first: yc(fs[0]) < lines[anchors[0]].yc,
                below_last: false,
            },
            x0: x0(fs[0]),
        });
    }
    out
}

/// The x-range each column owns: up to halfway to its neighbours.
fn ranges(columns: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let centres: Vec<f32> = columns.iter().map(|c| 0.5 * (c.0 + c.1)).collect();
    (0..centres.len())
        .map(|k| {
            let left = if k > 0 {
                0.5 * (centres[k - 1] + centres[k])
            } else {
                f32::NEG_INFINITY
            };
            let right = centres
                .get(k + 1)
                .map_or(f32::INFINITY, |n| 0.5 * (centres[k] + n));
            (left, right)
        })
        .collect()
}

/// The column a header cell stands over, or `None` when it reaches well into another.
fn leaf_column(ranges: &[(f32, f32)], x0: f32, x1: f32) -> Option<usize> {
    let width = (x1 - x0).max(0.1);
    let c = 0.5 * (x0 + x1);
    let k = ranges.iter().position(|r| c >= r.0 && c < r.1)?;
    let outside = (ranges[k].0 - x0).max(0.0) + (x1 - ranges[k].1).max(0.0);
    (outside <= 0.15 * width).then_some(k)
}

/// A block's header as rows: titles and cells over several columns as rows of their
/// own (line by line), then one row of the label-area text and each column's header,
/// its pieces over several lines joined (`商业` + `企业`).
fn header_rows(lines: &[Line], b: &Block, out: &mut Vec<Placed>) {
    let Some(&first) = b.header.first() else {
        return;
    };
    let n = b.columns.len();
    let ranges = ranges(&b.columns);
    let in_label_area = |line: &Line, c: &Chunk| b.over_labels(line, c);
    // Lines above the first one over the values are titles (`第二十条第（五）项`).
    let column_line = b
        .header
        .iter()
        .position(|&h| lines[h].chunks.iter().any(|c| !in_label_area(&lines[h], c)))
        .unwrap_or(b.header.len());
    // Label text below the last line over the values is no header: the end of a row
    // the page break cut, under the header repeated on this page.
    let last_column_line = b
        .header
        .iter()
        .rposition(|&h| lines[h].chunks.iter().any(|c| !in_label_area(&lines[h], c)));
    let mut label: Vec<&str> = Vec::new();
    let mut leaves: Vec<Vec<&str>> = vec![Vec::new(); n];
    for (j, &h) in b.header.iter().enumerate() {
        if last_column_line.is_some_and(|l| j > l) {
            out.push(Placed {
                y: lines[h].yc + 0.02,
                line: lines[h].number,
                cells: vec![lines[h].text()],
                kind: Kind::Group {
                    above_first: true,
                    below_last: false,
                },
                x0: lines[h].x0(),
            });
            continue;
        }
        let mut spanning: Vec<String> = Vec::new();
        for c in &lines[h].chunks {
            if in_label_area(&lines[h], c) {
                if j < column_line {
                    spanning.push(c.text.clone());
                } else {
                    label.push(&c.text);
                }
                continue;
            }
            if let Some(k) = leaf_column(&ranges, c.x0, c.x1) {
                leaves[k].push(&c.text);
                continue;
            }
            // Split at the gaps inside, if each piece then stands over one column.
            let mut pieces: Vec<(f32, f32, &str)> = Vec::new();
            let mut from = (c.x0, 0usize);
            for &(g0, g1, at) in &c.gaps {
                pieces.push((from.0, g0, &c.text[from.1..at]));
                from = (g1, at + 1);
            }
            pieces.push((from.0, c.x1, &c.text[from.1..]));
            let cols: Vec<Option<usize>> = pieces
                .iter()
                .map(|p| leaf_column(&ranges, p.0, p.1))
                .collect();
            if pieces.len() > 1 && cols.iter().all(Option::is_some) {
                for (p, k) in pieces.iter().zip(cols.into_iter().flatten()) {
                    leaves[k].push(p.2);
                }
            } else {
                spanning.push(c.text.clone());
            }
        }
        if !spanning.is_empty() {
            out.push(Placed {
                y: lines[h].yc,
                line: lines[h].number,
                cells: spanning,
                kind: Kind::Header,
                x0: 0.0,
            });
        }
    }
    let labelled = b
        .anchors
        .iter()
        .any(|&a| lines[a].chunks.iter().any(|c| !c.value))
        || !b.labels.is_empty();
    let mut cells: Vec<String> = Vec::new();
    if labelled || !label.is_empty() {
        cells.push(join(&label));
    }
    cells.extend(leaves.iter().map(|p| join(p)));
    if cells.iter().any(|c| !c.is_empty()) {
        // After the spanning rows of the same header, before what follows it.
        let last = last_column_line.map_or(first, |l| b.header[l]);
        out.push(Placed {
            y: lines[last].yc + 0.01,
            line: lines[b.header[column_line.min(b.header.len() - 1)]].number,
            cells,
            kind: Kind::Header,
            x0: 0.0,
        });
    }
}

/// The rows of a document from the glyphs of its pages (page heights for telling
/// margins).
fn layout(pages: &[Vec<Glyph>], rules: &[Vec<Rule>], heights: &[f32]) -> Flow {
    let mut page_lines: Vec<Vec<Line>> = pages
        .iter()
        .zip(1..)
        .map(|(g, p)| {
            let rules = rules.get(p as usize - 1).map_or(&[][..], Vec::as_slice);
            lines(p, g, rules)
        })
        .collect();
    drop_furniture(&mut page_lines, heights);
    let spacing = spacing(&page_lines);
    // Paragraphs set apart by space, not by an indent: a wider gap starts a new one.
    let pitch = pitch(&page_lines).unwrap_or(f32::INFINITY);
    for l in &mut page_lines {
        drop_stacks(l, spacing);
        l.retain(|l| !l.chunks.is_empty());
        split_cells(l);
    }
    // Prose measure: left margin and right edge of full lines.
    let mut flow = Flow::default();
    let mut para: Option<Para> = None;
    let mut prev_block_columns: Option<Vec<(f32, f32)>> = None;
    // The last row of values read, and how many values it has, while nothing else follows.
    let mut last_values: Option<(usize, usize, f32)> = None;
    // The start of a row cut off at the foot of the last page (see Kind::Group).
    let mut held: Option<(Vec<String>, Place)> = None;
    let (left, right, body) = measure(&page_lines);
    // Set in from both margins alike (an indented first line is set in from one).
    let centred = |l: &Line| ((l.x0() - left) - (right - l.x1())).abs() <= l.size;
    for (p, lines) in page_lines.iter().enumerate() {
        let rules = rules.get(p).map_or(&[][..], Vec::as_slice);
        let (roles, mut blocks) = blocks(lines, rules, spacing);
        // A table going on from the previous page without its header keeps its columns.
        if let (Some(b), Some(prev)) = (blocks.first_mut(), prev_block_columns.as_ref())
            && b.header.is_empty()
            && b.columns.len() < prev.len()
            && b.anchors.iter().all(|&a| {
                lines[a]
                    .chunks
                    .iter()
                    .filter(|c| c.value)
                    .all(|c| prev.iter().any(|p| overlaps(*p, (c.x0, c.x1), 0.0)))
            })
        {
            b.columns = prev.clone();
        }
        let mut items: Vec<(f32, Option<Placed>, usize)> = Vec::new();
        for b in &blocks {
            for p in block_rows(lines, b, rules, spacing) {
                items.push((p.y, Some(p), 0));
            }
        }
        for (i, l) in lines.iter().enumerate() {
            if roles[i] == Role::Prose {
                items.push((l.yc, None, i));
            }
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Nothing read from this page yet: text above its table's first row may end the
        // last row of the previous page (a row the page break cut).
        let mut at_top = true;
        for (_, placed, i) in items {
            match placed {
                Some(mut p) => {
                    if let Some(done) = para.take() {
                        done.push_to(&mut flow);
                    }
                    let page_place = Place::Page {
                        page: lines.first().map_or(0, |l| l.page),
                        line: p.line,
                    };
                    // The start of a row the last page cut: it goes before the label of
                    // the first row here.
                    if let Some((cells, place)) = held.take() {
                        match p.kind {
                            Kind::Values(n) if at_top && p.cells.len() > n => {
                                let label = p.cells.len() - n - 1;
                                p.cells[label] =
                                    join(&[cells.concat().as_str(), p.cells[label].as_str()]);
                            }
                            Kind::Header | Kind::Group { .. } if at_top => {
                                held = Some((cells, place));
                            }
                            _ => flow.push(cells, place),
                        }
                    }
                    if let Kind::Group {
                        below_last: true, ..
                    } = p.kind
                    {
                        held = Some((p.cells, page_place));
                        continue;
                    }
                    if let (
                        true,
                        Kind::Group {
                            above_first: true, ..
                        },
                        Some((row, n, x0)),
                    ) = (at_top, p.kind, last_values)
                        // In the label's column, not a group label's left of it.
                        && p.x0 >= x0 - 6.0
                    {
                        let text = p.cells.concat();
                        // A numbered label starts the next row: it and what follows wait
                        // for that row's values.
                        if let Some((cells, _)) = held.as_mut() {
                            cells.push(text);
                            continue;
                        }
                        if numbered(&text) {
                            held = Some((vec![text], page_place));
                            continue;
                        }
                        if let Some(cells) = flow.rows.get_mut(row)
                            && let Some(label) = cells.len().checked_sub(n + 1)
                        {
                            let joined = join(&[cells[label].as_str(), text.as_str()]);
                            cells[label] = joined;
                            continue;
                        }
                    }
                    match p.kind {
                        // A header repeated on the page: the cut row may follow it.
                        Kind::Header => {}
                        Kind::Values(n) => {
                            at_top = false;
                            last_values = Some((flow.rows.len(), n, p.x0));
                        }
                        // Group labels stand between rows: the cut row may still follow.
                        Kind::Group { .. } => {}
                    }
                    flow.push(p.cells, page_place);
                }
                None => {
                    at_top = false;
                    last_values = None;
                    if let Some((cells, place)) = held.take() {
                        flow.push(cells, place);
                    }
                    let l = &lines[i];
                    let text = l.text();
                    let continues = para.as_ref().is_some_and(|p| {
                        let same_size = (p.size - l.size).abs() < 1.5;
                        // A full line, and this one not indented: the paragraph goes on.
                        let close = p.page != l.page || l.yc - p.yc <= 1.25 * pitch * l.size;
                        let wrapped =
                            p.x1 >= right - 1.5 * p.size && l.x0() <= left + 0.6 * l.size && close;
                        // A title over two centred lines, larger than the text.
                        let title = p.centred
                            && centred(l)
                            && l.size >= 1.15 * body
                            && (p.size - l.size).abs() < 0.5
                            && p.page == l.page
                            && l.yc - p.yc <= 2.5 * l.size;
                        same_size && (wrapped || title)
                    });
                    match para.as_mut() {
                        Some(p) if continues => {
                            p.parts.push(text);
                            p.x1 = l.x1();
                            p.size = l.size;
                            p.yc = l.yc;
                            p.page = l.page;
                        }
                        _ => {
                            if let Some(done) = para.take() {
                                done.push_to(&mut flow);
                            }
                            para = Some(Para {
                                place: l.place(),
                                parts: vec![text],
                                x1: l.x1(),
                                size: l.size,
                                yc: l.yc,
                                page: l.page,
                                centred: centred(l),
                            });
                        }
                    }
                }
            }
        }
        prev_block_columns = blocks.last().map(|b| b.columns.clone());
    }
    if let Some(done) = para.take() {
        done.push_to(&mut flow);
    }
    if let Some((cells, place)) = held.take() {
        flow.push(cells, place);
    }
    flow
}

/// A paragraph being read: its lines so far, and where its last line ended.
struct Para {
    place: Place,
    parts: Vec<String>,
    x1: f32,
    size: f32,
    yc: f32,
    page: u32,
    /// Its first line is centred.
    centred: bool,
}

impl Para {
    fn push_to(self, flow: &mut Flow) {
        let refs: Vec<&str> = self.parts.iter().map(String::as_str).collect();
        flow.push(vec![join(&refs)], self.place);
    }
}

/// How widely the document sets its lines, as a factor on the usual (lines of prose
/// 1.6 times their size apart, or closer, make 1): the distances that tell lines of one
/// cell from separate rows grow with it.
fn spacing(pages: &[Vec<Line>]) -> f32 {
    pitch(pages).map_or(1.0, |m| (m / 1.6).max(1.0))
}

/// The usual distance between two lines of prose, in their size (the median over the
/// document).
fn pitch(pages: &[Vec<Line>]) -> Option<f32> {
    let mut ratios: Vec<f32> = Vec::new();
    for lines in pages {
        for w in lines.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let prose = |l: &Line| l.chunks.len() == 1 && l.chunks[0].text.chars().count() >= 8;
            if prose(a) && prose(b) && (a.size - b.size).abs() < 0.5 {
                let r = (b.yc - a.yc) / a.size;
                if (1.0..=4.0).contains(&r) {
                    ratios.push(r);
                }
            }
        }
    }
    ratios.sort_by(f32::total_cmp);
    ratios.get(ratios.len() / 2).copied()
}

/// Left margin and right edge of prose (where unindented lines start and the edge full
/// lines reach), and the most common text size.
fn measure(pages: &[Vec<Line>]) -> (f32, f32, f32) {
    let long: Vec<&Line> = pages
        .iter()
        .flatten()
        .filter(|l| l.chunks.len() == 1 && l.chunks[0].text.chars().count() >= 12)
        .collect();
    let mode = |mut v: Vec<i32>, default: f32| -> f32 {
        v.sort_unstable();
        let mut best = (0, default);
        for k in 0..v.len() {
            // Values within 2 points count together.
            let n = v[k..].iter().take_while(|&&x| x - v[k] <= 2).count();
            if n > best.0 {
                best = (n, v[k] as f32);
            }
        }
        best.1
    };
    // The margin is where unindented lines start: the least start but for strays.
    let mut starts: Vec<f32> = long.iter().map(|l| l.x0()).collect();
    starts.sort_by(f32::total_cmp);
    let left = starts.get(starts.len() / 20).copied().unwrap_or(0.0);
    let mut ends: Vec<f32> = long.iter().map(|l| l.x1()).collect();
    ends.sort_by(f32::total_cmp);
    let right = ends
        .get(ends.len() * 9 / 10)
        .copied()
        .unwrap_or(f32::INFINITY);
    let body = mode(long.iter().map(|l| l.size.round() as i32).collect(), 12.0);
    (left, right, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glyphs of `s` set from (x, baseline y) at `size`: Chinese characters a full
    /// em wide, others half; a space leaves half an em.
    fn put(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for ch in s.chars() {
            let w = if ch.is_ascii() { 0.5 * size } else { size };
            if ch != ' ' {
                out.push(Glyph {
                    ch,
                    x: at,
                    y,
                    w,
                    size,
                    vertical: false,
                });
            }
            at += w;
        }
        out
    }

    /// A value row: its label at x 60 (if any) and values at the given x's (None: blank).
    fn row(label: &str, y: f32, values: &[(f32, Option<&str>)]) -> Vec<Glyph> {
        let mut g = put(label, 60.0, y, 10.0);
        for (x, v) in values {
            if let Some(v) = v {
                g.extend(put(v, *x, y, 10.0));
            }
        }
        g
    }

    const X7: [f32; 7] = [300.0, 330.0, 360.0, 390.0, 420.0, 450.0, 480.0];

    fn seven(vals: [&str; 7]) -> Vec<(f32, Option<&str>)> {
        X7.iter().zip(vals).map(|(x, v)| (*x, Some(v))).collect()
    }

    fn rows_of(pages: Vec<Vec<Glyph>>) -> Vec<Vec<String>> {
        let heights = vec![842.0; pages.len()];
        layout(&pages, &[], &heights).rows
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The row whose first cell is `label`.
    fn find<'a>(rows: &'a [Vec<String>], label: &str) -> &'a Vec<String> {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == label))
            .unwrap_or_else(|| panic!("no row {label} in {rows:#?}"))
    }

    /// A table-3 row label wrapped over two or three lines, its values beside the first,
    /// the middle or the last line (or between two), rows above and below it.
    #[test]
    fn a_wrapped_label_joins_its_values_wherever_they_stand() {
        let label = [
            "（二）部分公开（区分处理的，",
            "只计这一情形，不计其",
            "他情形）",
        ];
        let full = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
        // Lines of the cell 13 apart; rows 24 apart (cell padding).
        for beside in [0usize, 1, 2] {
            let mut g = row(
                "（一）予以公开",
                100.0,
                &seven(["50", "0", "0", "0", "0", "0", "50"]),
            );
            for (k, part) in label.iter().enumerate() {
                g.extend(put(part, 60.0, 124.0 + 13.0 * k as f32, 10.0));
            }
            g.extend(row(
                "",
                124.0 + 13.0 * beside as f32,
                &seven(["4", "0", "0", "0", "0", "0", "4"]),
            ));
            g.extend(row(
                "1.属于国家秘密",
                174.0,
                &seven(["0", "0", "0", "0", "0", "0", "0"]),
            ));
            let rows = rows_of(vec![g]);
            assert_eq!(
                find(&rows, full),
                &cells(&[full, "4", "0", "0", "0", "0", "0", "4"]),
                "values beside line {beside}"
            );
            assert_eq!(find(&rows, "（一）予以公开")[1], "50");
            assert_eq!(find(&rows, "1.属于国家秘密").len(), 8);
        }
        // Two lines, the values centred between them.
        let mut g = row(
            "（一）予以公开",
            100.0,
            &seven(["50", "0", "0", "0", "0", "0", "50"]),
        );
        g.extend(put(
            "（二）部分公开（区分处理的，只计这一情",
            60.0,
            124.0,
            10.0,
        ));
        g.extend(put("形，不计其他情形）", 60.0, 137.0, 10.0));
        g.extend(row("", 130.5, &seven(["4", "0", "0", "0", "0", "0", "4"])));
        g.extend(row(
            "1.属于国家秘密",
            161.0,
            &seven(["0", "0", "0", "0", "0", "0", "0"]),
        ));
        let rows = rows_of(vec![g]);
        let full = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
        assert_eq!(
            find(&rows, full),
            &cells(&[full, "4", "0", "0", "0", "0", "0", "4"])
        );
    }

    /// A group label written down a narrow column a character to a line, beside the rows
    /// it groups, and one in a vertical font: neither becomes a row nor joins one.
    #[test]
    fn a_group_label_down_a_narrow_column_is_left_out() {
        let mut g = Vec::new();
        let items = [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
        ];
        for (k, item) in items.iter().enumerate() {
            let y = 100.0 + 20.0 * k as f32;
            g.extend(put(item, 110.0, y, 10.0));
            g.extend(X7.iter().flat_map(|x| put(&k.to_string(), *x, y, 10.0)));
        }
        // One character every 9 points from y 95: some share a row's line.
        for (k, ch) in "三、本年度办理结果".chars().enumerate() {
            g.extend(put(&ch.to_string(), 70.0, 95.0 + 9.0 * k as f32, 10.0));
        }
        // A vertical font's glyphs.
        for (k, ch) in "申请人情况".chars().enumerate() {
            g.push(Glyph {
                ch,
                x: 50.0,
                y: 100.0 + 10.0 * k as f32,
                w: 10.0,
                size: 10.0,
                vertical: true,
            });
        }
        let rows = rows_of(vec![g]);
        for (k, item) in items.iter().enumerate() {
            let n = k.to_string();
            assert_eq!(
                find(&rows, item),
                &cells(&[item, &n, &n, &n, &n, &n, &n, &n]),
                "{rows:#?}"
            );
        }
        let all: String = rows.iter().flatten().cloned().collect();
        assert!(!all.contains('办') && !all.contains('申'), "{rows:#?}");
    }

    /// `不予公开` stands in its own column, vertically between two of its items: it is a
    /// row of its own, and the items keep their labels and values.
    #[test]
    fn a_group_label_between_its_items_takes_no_values() {
        let mut g = Vec::new();
        g.extend(row("", 100.0, &seven(["0", "0", "0", "0", "0", "0", "0"])));
        g.extend(put("4.保护第三方合法权益", 130.0, 100.0, 10.0));
        // Written without its number (as some agencies do): only its column tells.
        g.extend(put("不予公开", 60.0, 110.0, 9.0));
        g.extend(row("", 120.0, &seven(["1", "0", "0", "0", "0", "0", "1"])));
        g.extend(put("5.属于三类内部事务信息", 130.0, 120.0, 10.0));
        // Item 6 wrapped over two lines, its values between them.
        g.extend(put("6.属于四类过程", 130.0, 136.0, 10.0));
        g.extend(put("性信息", 130.0, 149.0, 10.0));
        g.extend(row("", 142.5, &seven(["2", "0", "0", "0", "0", "0", "2"])));
        let rows = rows_of(vec![g]);
        assert!(rows.contains(&cells(&["不予公开"])), "{rows:#?}");
        assert_eq!(find(&rows, "4.保护第三方合法权益")[1], "0");
        assert_eq!(find(&rows, "5.属于三类内部事务信息")[1], "1");
        assert_eq!(
            find(&rows, "6.属于四类过程性信息"),
            &cells(&["6.属于四类过程性信息", "2", "0", "0", "0", "0", "0", "2"])
        );
    }

    /// Header cells printed over two or three lines become one cell per column; a cell
    /// over several columns is a row of its own.
    #[test]
    fn header_cells_over_several_lines_are_joined() {
        let mut g = Vec::new();
        g.extend(put("申请人情况", 370.0, 60.0, 10.0));
        g.extend(put("自然人", 292.0, 80.0, 10.0));
        g.extend(put("商业", 322.0, 74.0, 10.0));
        g.extend(put("企业", 322.0, 86.0, 10.0));
        g.extend(put("科研", 352.0, 74.0, 10.0));
        g.extend(put("机构", 352.0, 86.0, 10.0));
        g.extend(put("社会", 382.0, 68.0, 10.0));
        g.extend(put("公益", 382.0, 80.0, 10.0));
        g.extend(put("组织", 382.0, 92.0, 10.0));
        g.extend(put("法律", 412.0, 74.0, 10.0));
        g.extend(put("服务", 412.0, 86.0, 10.0));
        g.extend(put("机构", 412.0, 98.0, 10.0));
        g.extend(put("其他", 442.0, 80.0, 10.0));
        g.extend(put("总计", 472.0, 80.0, 10.0));
        g.extend(row(
            "一、本年新收政府信息公开申请数量",
            110.0,
            &seven(["1", "2", "3", "4", "5", "6", "21"]),
        ));
        let rows = rows_of(vec![g]);
        assert!(rows.contains(&cells(&["申请人情况"])), "{rows:#?}");
        assert!(
            rows.contains(&cells(&[
                "",
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计"
            ])),
            "{rows:#?}"
        );
    }

    /// A space inside a label (`规 章`) keeps the label one cell.
    #[test]
    fn a_space_inside_a_label_keeps_it_one_cell() {
        let mut g = put("规 章", 60.0, 100.0, 10.0);
        g.extend(put("行 政 规 范 性 文 件", 60.0, 120.0, 10.0));
        for (y, v) in [(100.0, ["0", "1", "2"]), (120.0, ["3", "4", "5"])] {
            for (x, v) in [300.0, 360.0, 420.0].iter().zip(v) {
                g.extend(put(v, *x, y, 10.0));
            }
        }
        let rows = rows_of(vec![g]);
        assert_eq!(
            rows,
            vec![
                cells(&["规 章", "0", "1", "2"]),
                cells(&["行 政 规 范 性 文 件", "3", "4", "5"])
            ]
        );
    }

    /// A blank printed cell is "" in its own column: the columns come from the rows that
    /// have every value, and from the header over a column left blank in every row.
    #[test]
    fn a_blank_cell_stays_in_its_column() {
        let mut g = Vec::new();
        g.extend(row(
            "规章",
            100.0,
            &[(300.0, Some("0")), (360.0, None), (420.0, Some("5"))],
        ));
        g.extend(row(
            "行政规范性文件",
            120.0,
            &[(300.0, Some("3")), (360.0, Some("0")), (420.0, Some("8"))],
        ));
        let rows = rows_of(vec![g]);
        assert_eq!(rows[0], cells(&["规章", "0", "", "5"]));
        // No row has the middle value: its header makes the column.
        let mut g = put("信息内容", 60.0, 80.0, 10.0);
        g.extend(put("本年制发件数", 270.0, 80.0, 10.0));
        g.extend(put("本年废止件数", 340.0, 80.0, 10.0));
        g.extend(put("现行有效件数", 410.0, 80.0, 10.0));
        g.extend(row(
            "规章",
            100.0,
            &[(300.0, Some("0")), (360.0, None), (440.0, Some("5"))],
        ));
        g.extend(row(
            "行政规范性文件",
            120.0,
            &[(300.0, Some("3")), (360.0, None), (440.0, None)],
        ));
        let rows = rows_of(vec![g]);
        assert_eq!(
            rows[0],
            cells(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
        );
        assert_eq!(rows[1], cells(&["规章", "0", "", "5"]));
        assert_eq!(rows[2], cells(&["行政规范性文件", "3", "", ""]));
    }

    /// The *first* value column blank in every row: its header, nearer the labels than
    /// the first values, still names a column (a blank 采购项目数量 beside 采购总金额 53
    /// was read as one value, then split into 5 and 3); the labels' own header, and the
    /// spaced-out letters of one, stay over the labels.
    #[test]
    fn a_first_column_blank_in_every_row_keeps_its_header() {
        for label_header in [
            vec![("信息内容", 60.0)],
            vec![("信", 60.0), ("息", 80.0), ("内", 100.0), ("容", 120.0)],
        ] {
            let mut g = Vec::new();
            for (text, x) in &label_header {
                g.extend(put(text, *x, 80.0, 10.0));
            }
            g.extend(put("采购项目数量", 190.0, 80.0, 10.0));
            g.extend(put("采购总金额", 330.0, 80.0, 10.0));
            g.extend(row(
                "政府集中采购",
                100.0,
                &[(190.0, None), (350.0, Some("53"))],
            ));
            let rows = rows_of(vec![g]);
            assert_eq!(
                rows[0],
                cells(&["信息内容", "采购项目数量", "采购总金额"]),
                "{label_header:?}"
            );
            assert_eq!(
                rows[1],
                cells(&["政府集中采购", "", "53"]),
                "{label_header:?}"
            );
        }
    }

    /// Page numbers and a running header are dropped; a paragraph wrapped over lines and
    /// over a page break is one row, a new (indented) paragraph another.
    #[test]
    fn page_furniture_is_dropped_and_paragraphs_joined() {
        let header = "某市某局政府信息公开工作年度报告";
        let mut p1 = put(header, 200.0, 40.0, 9.0);
        p1.extend(put("一、总体情况", 92.0, 100.0, 16.0));
        p1.extend(put(
            "本年度，本局认真贯彻落实条例，主动公开",
            92.0,
            130.0,
            16.0,
        ));
        p1.extend(put(
            "政府信息一百二十条，办理依申请公开申请十二",
            60.0,
            158.0,
            16.0,
        ));
        p1.extend(put("— 1 —", 280.0, 800.0, 14.0));
        let mut p2 = put(header, 200.0, 40.0, 9.0);
        p2.extend(put("件，均按时答复。", 60.0, 100.0, 16.0));
        p2.extend(put(
            "全年未收取信息处理费，也没有需要说明的",
            92.0,
            128.0,
            16.0,
        ));
        p2.extend(put("其他事项。", 60.0, 156.0, 16.0));
        p2.extend(put("第 2 页", 280.0, 800.0, 10.0));
        let rows = rows_of(vec![p1, p2]);
        assert_eq!(
            rows,
            vec![
                cells(&["一、总体情况"]),
                cells(&[
                    "本年度，本局认真贯彻落实条例，主动公开政府信息一百二十条，办理依申请公开申请十二件，均按时答复。"
                ]),
                cells(&["全年未收取信息处理费，也没有需要说明的其他事项。"]),
            ]
        );
        assert!(
            page_number("-1-")
                && page_number("— 12 —")
                && page_number("第 3 页")
                && page_number("第3页 共5页")
        );
    }

    /// A table going on to the next page without its header keeps the first page's
    /// columns: a blank there stays in its column.
    #[test]
    fn a_table_going_on_to_the_next_page_keeps_its_columns() {
        let p1 = row(
            "（一）予以公开",
            700.0,
            &seven(["5", "1", "0", "0", "0", "0", "6"]),
        );
        let mut p2 = row(
            "1.属于国家秘密",
            80.0,
            &[(300.0, Some("1")), (480.0, Some("1"))],
        );
        p2.extend(row(
            "2.其他法律行政法规禁止公开",
            100.0,
            &[(300.0, Some("2")), (330.0, Some("1")), (480.0, Some("3"))],
        ));
        let rows = rows_of(vec![p1, p2]);
        assert_eq!(
            find(&rows, "1.属于国家秘密"),
            &cells(&["1.属于国家秘密", "1", "", "", "", "", "", "1"])
        );
        assert_eq!(find(&rows, "2.其他法律行政法规禁止公开")[2], "1");
    }

    /// Table 4: a two-level header and one line of 15 numbers: the numbers are one row of
    /// 15 value cells after the header rows.
    #[test]
    fn table_4_is_one_row_of_fifteen_values() {
        let mut g = put("四、政府信息公开行政复议、行政诉讼情况", 60.0, 40.0, 16.0);
        g.extend(put("行政复议", 100.0, 70.0, 10.0));
        g.extend(put("行政诉讼", 330.0, 70.0, 10.0));
        g.extend(put("未经复议直接起诉", 210.0, 90.0, 10.0));
        g.extend(put("复议后起诉", 400.0, 90.0, 10.0));
        let xs: Vec<f32> = (0..15).map(|k| 60.0 + 30.0 * k as f32).collect();
        for (k, x) in xs.iter().enumerate() {
            let h = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][k % 5];
            let mut chars = h.chars();
            let top: String = chars.by_ref().take(2).collect();
            let bottom: String = chars.collect();
            g.extend(put(&top, *x, 110.0, 10.0));
            g.extend(put(&bottom, *x, 122.0, 10.0));
        }
        let values = [
            "1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3",
        ];
        for (x, v) in xs.iter().zip(values) {
            g.extend(put(v, x + 5.0, 150.0, 10.0));
        }
        let rows = rows_of(vec![g]);
        assert!(rows.contains(&cells(&values)), "{rows:#?}");
        let header = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].repeat(3);
        assert!(rows.contains(&cells(&header)), "{rows:#?}");
        assert_eq!(rows.last(), Some(&cells(&values)));
    }

    /// A group label's cell set close to the labels beside it (`）不` + `2.其他…` in one
    /// run of glyphs) is cut where the labels' column starts; a value set close to its
    /// label (`…数量 0`) is cut where the column of values is.
    #[test]
    fn cells_set_close_together_are_cut_at_their_columns() {
        let mut g = Vec::new();
        let items = [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
        ];
        for (k, item) in items.iter().enumerate() {
            let y = 100.0 + 20.0 * k as f32;
            g.extend(put(item, 130.0, y, 10.0));
            g.extend(X7.iter().flat_map(|x| put("0", *x, y, 10.0)));
        }
        // `）不` ends at 128, right against item 2 at 130.
        g.extend(put("）不", 108.0, 120.0, 10.0));
        // A label ending 4 points before its first value, on a row of its own.
        let label = "二、上年结转政府信息公开申请数量";
        g.extend(put(label, 136.0, 160.0, 10.0));
        g.extend(X7.iter().flat_map(|x| put("5", *x, 160.0, 10.0)));
        let rows = rows_of(vec![g]);
        let two = rows
            .iter()
            .find(|r| r.contains(&items[1].to_owned()))
            .unwrap_or_else(|| panic!("{rows:#?}"));
        assert_eq!(two[0], "）不", "{rows:#?}");
        assert_eq!(two.len(), 9, "{two:?}");
        assert_eq!(
            find(&rows, label),
            &cells(&[label, "5", "5", "5", "5", "5", "5", "5"])
        );
    }

    /// A title over two centred lines, larger than the text, is one row.
    #[test]
    fn a_title_over_two_lines_is_one_row() {
        let mut g = put("某某市某某区人民政府", 142.0, 80.0, 22.0);
        g.extend(put("2024年政府信息公开工作年度报告", 87.0, 110.0, 22.0));
        for k in 0..4 {
            g.extend(put(
                "本报告由某某区人民政府办公室根据条例要求编制。",
                60.0,
                160.0 + 28.0 * k as f32,
                16.0,
            ));
        }
        let rows = rows_of(vec![g]);
        assert_eq!(
            rows[0],
            cells(&["某某市某某区人民政府2024年政府信息公开工作年度报告"])
        );
    }
}
