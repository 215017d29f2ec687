//! The statutory tables drawn like the official template: merged multi-level headers,
//! group rows, right-aligned editable cells marked by the findings that touch them.

use std::collections::HashMap;

use eframe::egui::text::{CCursor, CCursorRange};
use eframe::egui::{
    self, Align2, Color32, FontId, Id, Key, Margin, Rect, Sense, Stroke, StrokeKind, Ui, UiBuilder,
    pos2, vec2,
};

use crate::document::Document;
use crate::format::{Format, Layout, RowEntry, Table};

use super::Action;
use super::marks::{CellMarks, tooltip};
use super::palette::Mark;

const ROW_H: f32 = 30.0;
const VALUE_W: f32 = 88.0;
const FONT: f32 = 14.0;

/// The id of a cell's editor, stable across frames.
pub fn cell_id(index: usize) -> Id {
    Id::unique(("cell", index))
}

/// A header box spanning columns `col..col+cols` and levels `row..row+rows`.
struct HeaderCell {
    text: String,
    col: usize,
    cols: usize,
    row: usize,
    rows: usize,
}

/// Everything a table view needs from the app for one frame.
pub struct TableCtx<'a> {
    pub doc: &'a Document,
    pub marks: &'a CellMarks,
    pub actions: &'a mut Vec<Action>,
}

/// Draws table `table` of the document's format.
pub fn show(ui: &mut Ui, ctx: &mut TableCtx, table: usize) {
    let format = ctx.doc.report().format().clone();
    let t = &format.tables()[table];
    let index: HashMap<(usize, usize, usize), usize> = format
        .cells()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.table == table)
        .map(|(i, c)| ((c.block, c.row, c.column), i))
        .collect();
    ui.spacing_mut().item_spacing.y = 0.0;
    if let Some(caption) = &t.caption {
        ui.label(egui::RichText::new(caption).size(13.0).weak());
        ui.add_space(4.0);
    }
    match t.layout {
        Layout::Stacked => stacked(ui, ctx, &format, t, &index),
        Layout::Grid => grid(ui, ctx, &format, t, &index),
        Layout::SingleRow => single_row(ui, ctx, &format, t, &index),
    }
}

fn stacked(
    ui: &mut Ui,
    ctx: &mut TableCtx,
    format: &Format,
    t: &Table,
    index: &HashMap<(usize, usize, usize), usize>,
) {
    for (bi, block) in t.blocks.iter().enumerate() {
        let widths: Vec<f32> = std::iter::once(220.0)
            .chain(block.columns.iter().map(|_| VALUE_W * 1.6))
            .collect();
        let mut cells = vec![HeaderCell {
            text: block.label.clone(),
            col: 0,
            cols: widths.len(),
            row: 0,
            rows: 1,
        }];
        cells.push(HeaderCell {
            text: block.row_header.clone(),
            col: 0,
            cols: 1,
            row: 1,
            rows: 1,
        });
        for (ci, c) in block.columns.iter().enumerate() {
            cells.push(HeaderCell {
                text: c.label.clone(),
                col: ci + 1,
                cols: 1,
                row: 1,
                rows: 1,
            });
        }
        header(ui, &widths, 2, &cells);
        for (ri, entry) in block.rows.iter().enumerate() {
            let RowEntry::Row(row) = entry else { continue };
            let row_cells = cells_of_row(index, bi, ri, block.columns.len());
            data_row(
                ui,
                ctx,
                format,
                &widths,
                Some((&row.label, row.level)),
                &row_cells,
            );
        }
        ui.add_space(12.0);
    }
}

fn grid(
    ui: &mut Ui,
    ctx: &mut TableCtx,
    format: &Format,
    t: &Table,
    index: &HashMap<(usize, usize, usize), usize>,
) {
    let Some(block) = t.blocks.first() else {
        return;
    };
    let widths: Vec<f32> = std::iter::once(340.0)
        .chain(block.columns.iter().map(|_| VALUE_W))
        .collect();
    let top = usize::from(t.column_header.is_some());
    let grouped = block.columns.iter().any(|c| c.parent.is_some());
    let levels = top + 1 + usize::from(grouped);
    let mut cells = vec![HeaderCell {
        text: block.row_header.clone(),
        col: 0,
        cols: 1,
        row: 0,
        rows: levels,
    }];
    if let Some(h) = &t.column_header {
        cells.push(HeaderCell {
            text: h.clone(),
            col: 1,
            cols: block.columns.len(),
            row: 0,
            rows: 1,
        });
    }
    let mut ci = 0;
    while ci < block.columns.len() {
        let c = &block.columns[ci];
        match &c.parent {
            None => {
                cells.push(HeaderCell {
                    text: c.label.clone(),
                    col: ci + 1,
                    cols: 1,
                    row: top,
                    rows: levels - top,
                });
                ci += 1;
            }
            Some(parent) => {
                let span = block.columns[ci..]
                    .iter()
                    .take_while(|x| x.parent.as_ref() == Some(parent))
                    .count();
                cells.push(HeaderCell {
                    text: parent.clone(),
                    col: ci + 1,
                    cols: span,
                    row: top,
                    rows: 1,
                });
                for (k, child) in block.columns[ci..ci + span].iter().enumerate() {
                    cells.push(HeaderCell {
                        text: child.label.clone(),
                        col: ci + k + 1,
                        cols: 1,
                        row: top + 1,
                        rows: 1,
                    });
                }
                ci += span;
            }
        }
    }
    header(ui, &widths, levels, &cells);
    for (ri, entry) in block.rows.iter().enumerate() {
        match entry {
            RowEntry::Heading(h) => {
                data_row(
                    ui,
                    ctx,
                    format,
                    &widths,
                    Some((&h.label, h.level)),
                    &vec![None; block.columns.len()],
                );
            }
            RowEntry::Row(row) => {
                let row_cells = cells_of_row(index, 0, ri, block.columns.len());
                data_row(
                    ui,
                    ctx,
                    format,
                    &widths,
                    Some((&row.label, row.level)),
                    &row_cells,
                );
            }
        }
    }
}

fn single_row(
    ui: &mut Ui,
    ctx: &mut TableCtx,
    format: &Format,
    t: &Table,
    index: &HashMap<(usize, usize, usize), usize>,
) {
    let Some(block) = t.blocks.first() else {
        return;
    };
    let rows: Vec<_> = block
        .rows
        .iter()
        .enumerate()
        .filter_map(|(ri, e)| match e {
            RowEntry::Row(r) => Some((ri, r)),
            RowEntry::Heading(_) => None,
        })
        .collect();
    let per = block.columns.len();
    let widths: Vec<f32> = std::iter::once(0.0)
        .chain((0..rows.len() * per).map(|_| 66.0))
        .collect();
    let mut cells = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        let (_, row) = rows[k];
        let col = 1 + k * per;
        match &row.parent {
            None => {
                cells.push(HeaderCell {
                    text: row.label.clone(),
                    col,
                    cols: per,
                    row: 0,
                    rows: 2,
                });
                k += 1;
            }
            Some(parent) => {
                let span = rows[k..]
                    .iter()
                    .take_while(|(_, r)| r.parent.as_ref() == Some(parent))
                    .count();
                cells.push(HeaderCell {
                    text: parent.clone(),
                    col,
                    cols: per * span,
                    row: 0,
                    rows: 1,
                });
                for (j, (_, r)) in rows[k..k + span].iter().enumerate() {
                    cells.push(HeaderCell {
                        text: r.label.clone(),
                        col: col + j * per,
                        cols: per,
                        row: 1,
                        rows: 1,
                    });
                }
                k += span;
            }
        }
    }
    for (k, _) in rows.iter().enumerate() {
        for (ci, c) in block.columns.iter().enumerate() {
            cells.push(HeaderCell {
                text: c.label.clone(),
                col: 1 + k * per + ci,
                cols: 1,
                row: 2,
                rows: 1,
            });
        }
    }
    header(ui, &widths, 3, &cells);
    let row_cells: Vec<Option<usize>> = rows
        .iter()
        .flat_map(|(ri, _)| cells_of_row(index, 0, *ri, per))
        .collect();
    data_row(ui, ctx, format, &widths, None, &row_cells);
}

/// Cell indices of row entry `row` of block `block`, one per column (`None` where the
/// format has no cell).
fn cells_of_row(
    index: &HashMap<(usize, usize, usize), usize>,
    block: usize,
    row: usize,
    columns: usize,
) -> Vec<Option<usize>> {
    (0..columns)
        .map(|ci| index.get(&(block, row, ci)).copied())
        .collect()
}

fn grid_stroke(ui: &Ui) -> Stroke {
    Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
}

/// Left edges of each column (and the right edge of the last), starting at `left`.
fn edges(left: f32, widths: &[f32]) -> Vec<f32> {
    let mut xs = vec![left];
    for w in widths {
        xs.push(xs[xs.len() - 1] + w);
    }
    xs
}

fn header(ui: &mut Ui, widths: &[f32], levels: usize, cells: &[HeaderCell]) {
    let total: f32 = widths.iter().sum();
    let level_h = ROW_H + 6.0;
    let (rect, _) = ui.allocate_exact_size(vec2(total, levels as f32 * level_h), Sense::hover());
    let xs = edges(rect.left(), widths);
    let painter = ui.painter();
    let fill = ui.visuals().faint_bg_color;
    let text = ui.visuals().strong_text_color();
    for c in cells
        .iter()
        .filter(|c| widths[c.col..c.col + c.cols].iter().sum::<f32>() > 0.0)
    {
        let r = Rect::from_min_max(
            pos2(xs[c.col], rect.top() + c.row as f32 * level_h),
            pos2(
                xs[c.col + c.cols],
                rect.top() + (c.row + c.rows) as f32 * level_h,
            ),
        );
        painter.rect(r, 0.0, fill, grid_stroke(ui), StrokeKind::Inside);
        let galley = painter.layout(
            c.text.clone(),
            FontId::proportional(13.0),
            text,
            r.width() - 6.0,
        );
        painter.galley(r.center() - galley.size() / 2.0, galley, text);
    }
}

fn data_row(
    ui: &mut Ui,
    ctx: &mut TableCtx,
    format: &Format,
    widths: &[f32],
    label: Option<(&str, u8)>,
    cells: &[Option<usize>],
) {
    let total: f32 = widths.iter().sum();
    let text_color = ui.visuals().text_color();
    let label_galley = label.map(|(text, level)| {
        let indent = 8.0 + f32::from(level) * 16.0;
        let g = ui.painter().layout(
            text.to_owned(),
            FontId::proportional(FONT),
            text_color,
            widths[0] - indent - 6.0,
        );
        (g, indent)
    });
    let h = label_galley
        .as_ref()
        .map_or(ROW_H, |(g, _)| (g.size().y + 10.0).max(ROW_H));
    let (rect, _) = ui.allocate_exact_size(vec2(total, h), Sense::hover());
    let xs = edges(rect.left(), widths);
    if let Some((g, indent)) = label_galley {
        let r = Rect::from_min_max(pos2(xs[0], rect.top()), pos2(xs[1], rect.bottom()));
        ui.painter()
            .rect_stroke(r, 0.0, grid_stroke(ui), StrokeKind::Inside);
        let pos = pos2(r.left() + indent, r.center().y - g.size().y / 2.0);
        ui.painter().galley(pos, g, text_color);
    }
    for (k, cell) in cells.iter().enumerate() {
        let r = Rect::from_min_max(pos2(xs[k + 1], rect.top()), pos2(xs[k + 2], rect.bottom()));
        match cell {
            Some(index) => cell_editor(ui, ctx, format, r, *index),
            None => {
                ui.painter().rect(
                    r,
                    0.0,
                    ui.visuals().faint_bg_color,
                    grid_stroke(ui),
                    StrokeKind::Inside,
                );
            }
        }
    }
}

fn cell_editor(ui: &mut Ui, ctx: &mut TableCtx, format: &Format, rect: Rect, index: usize) {
    let id = cell_id(index);
    let mark = ctx.marks.mark(index);
    let painter = ui.painter();
    painter.rect(
        rect,
        0.0,
        mark.fill().unwrap_or(Color32::TRANSPARENT),
        grid_stroke(ui),
        StrokeKind::Inside,
    );
    let mut text = ctx.doc.report().cell_at(index).to_owned();
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .frame(egui::Frame::NONE)
        .align(Align2::RIGHT_CENTER)
        .margin(Margin::symmetric(6, 2))
        .desired_width(rect.width() - 12.0)
        .font(FontId::proportional(FONT));
    if let Some(c) = mark.text() {
        edit = edit.text_color(c);
    }
    // A child that does not allocate: the row already holds this cell's space.
    let mut child = ui.new_child(UiBuilder::new().max_rect(rect.shrink(2.0)));
    let mut out = edit.show(&mut child);
    let response = out
        .response
        .response
        .clone()
        .accessible_name(format.cell_label(index));
    if response.gained_focus() {
        // Like a spreadsheet: typing into a newly focused cell replaces its content.
        let all = CCursorRange::two(CCursor::new(0), CCursor::new(text.chars().count()));
        out.state.cursor.set_char_range(Some(all));
        out.state.store(ui.ctx(), id);
        ctx.actions.push(Action::BeginEdit(index));
    }
    if response.changed() {
        ctx.actions.push(Action::SetCell(index, text));
    }
    if response.has_focus() || response.lost_focus() {
        let (enter, down, up, escape) = ui.input(|i| {
            (
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::Escape),
            )
        });
        if escape {
            ctx.actions.push(Action::CancelEdit(index));
        } else if enter || down {
            ctx.actions.push(Action::Move(index, Direction::Down));
        } else if up {
            ctx.actions.push(Action::Move(index, Direction::Up));
        }
    }
    if response.lost_focus() {
        ctx.actions.push(Action::Seal);
    }
    // Where a total disagrees with its parts, show what the parts add up to.
    if mark == Mark::Suspect
        && let Some(expected) = ctx.marks.findings(index).iter().find_map(|&fi| {
            let f = &ctx.doc.findings()[fi];
            (f.suspect.as_deref() == Some(format.cell(index).key.as_str())).then_some(f.expected?)
        })
    {
        ui.painter().text(
            rect.left_top() + vec2(4.0, 2.0),
            Align2::LEFT_TOP,
            format!("应为{}", expected.normalize()),
            FontId::proportional(10.0),
            Color32::WHITE,
        );
    }
    if let Some(tip) = tooltip(ctx.doc.findings(), ctx.marks.findings(index)) {
        response.on_hover_text(tip);
    }
}

/// Where keyboard navigation moves from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The same column, next data row.
    Down,
    /// The same column, previous data row.
    Up,
}

/// The cell next to `index` in `direction`, within the same table and block.
pub fn neighbour(format: &Format, index: usize, direction: Direction) -> Option<usize> {
    let c = format.cell(index);
    let same = |j: &usize| {
        let d = format.cell(*j);
        d.table == c.table && d.block == c.block && d.column == c.column
    };
    match direction {
        Direction::Down => (index + 1..format.cells().len()).find(same),
        Direction::Up => (0..index).rev().find(same),
    }
}
