//! The statutory tables drawn like the official template: merged multi-level headers,
//! group rows, right-aligned editable cells marked by the findings that touch them.

use std::collections::HashSet;

use eframe::egui::text::{CCursor, CCursorRange};
use eframe::egui::{
    self, Align2, Color32, FontId, Id, Key, Margin, Rect, Sense, Stroke, StrokeKind, Ui, UiBuilder,
    pos2, vec2,
};

use crate::document::Document;
use crate::format::{FormBlock, Format, HeaderBox, Layout};

use super::Action;
use super::edit::EditAction;
use super::marks::{CellMarks, tooltip};
use super::palette::{self, Mark};

const ROW_H: f32 = 30.0;
const VALUE_W: f32 = 84.0;
const FONT: f32 = 14.0;

/// The id of a cell's editor, stable across frames.
pub fn cell_id(index: usize) -> Id {
    Id::unique(("cell", index))
}

/// Everything a table view needs from the app for one frame.
pub struct TableCtx<'a> {
    pub doc: &'a Document,
    pub marks: &'a CellMarks,
    /// Cells of a block selection (empty when only the focused cell is selected).
    pub selected: &'a HashSet<usize>,
    /// Whether the focused cell is being edited in place (F2), so Left/Right move the
    /// cursor instead of leaving the cell.
    pub in_place: bool,
    pub actions: &'a mut Vec<Action>,
}

/// Draws table `table` of the document's format as the official form.
pub fn show(ui: &mut Ui, ctx: &mut TableCtx, table: usize) {
    let format = ctx.doc.report().format().clone();
    let t = &format.tables()[table];
    ui.spacing_mut().item_spacing.y = 0.0;
    if let Some(caption) = &t.caption {
        ui.label(egui::RichText::new(caption).size(13.0).weak());
        ui.add_space(4.0);
    }
    for block in format.form(table) {
        let widths = widths(ui, t.layout, &block);
        with_header(ui, &widths, block.levels, &block.header, |ui| {
            for line in &block.lines {
                let label = line.label.as_ref().map(|(s, level)| (s.as_str(), *level));
                data_row(ui, ctx, &format, &widths, label, &line.cells);
            }
        });
        ui.add_space(12.0);
    }
}

/// Widths of the form columns (label column first).
fn widths(ui: &Ui, layout: Layout, block: &FormBlock) -> Vec<f32> {
    let n = block.value_columns();
    let (label, value) = match layout {
        Layout::Stacked => (220.0, VALUE_W * 1.6),
        // The label column takes what the value columns leave, within reason; below
        // that the table scrolls sideways under its sticky label column.
        Layout::Grid => (
            (ui.available_width() - n as f32 * VALUE_W).clamp(240.0, 400.0),
            VALUE_W,
        ),
        // One line of many columns: share the width out, scrolling only when narrow.
        Layout::SingleRow => (
            0.0,
            (ui.available_width() / n.max(1) as f32).clamp(58.0, VALUE_W),
        ),
    };
    std::iter::once(label)
        .chain(std::iter::repeat_n(value, n))
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

/// Draws a block's header above its rows (drawn by `rows`). The header is painted after
/// the rows so that it stays in view while they scroll under it, and its row-label
/// column stays in view while the columns scroll sideways.
fn with_header(
    ui: &mut Ui,
    widths: &[f32],
    levels: usize,
    cells: &[HeaderBox],
    rows: impl FnOnce(&mut Ui),
) {
    let total: f32 = widths.iter().sum();
    let level_h = ROW_H + 6.0;
    let (rect, _) = ui.allocate_exact_size(vec2(total, levels as f32 * level_h), Sense::hover());
    rows(ui);
    let clip = ui.clip_rect();
    let bottom = ui.cursor().top();
    let dy = (clip.top() - rect.top()).clamp(0.0, (bottom - rect.bottom()).max(0.0));
    let dx = (clip.left() - rect.left()).max(0.0);
    let rect = rect.translate(vec2(0.0, dy));
    if dy > 0.0 {
        // Cells scrolled under the header must not take its clicks.
        ui.interact(
            rect,
            ui.scope_id()
                .with(("header", cells.first().map(|c| &c.text))),
            Sense::click(),
        );
    }
    let xs = edges(rect.left(), widths);
    let painter = ui.painter();
    let fill = ui.visuals().faint_bg_color;
    let back = ui.visuals().panel_fill;
    let text = ui.visuals().strong_text_color();
    let sticky = |c: &&HeaderBox| c.col == 0 && c.cols == 1;
    let visible = cells
        .iter()
        .filter(|c| widths[c.col..c.col + c.cols].iter().sum::<f32>() > 0.0);
    // Scrolling columns first, then the sticky row-label column over them.
    for c in visible
        .clone()
        .filter(|c| !sticky(c))
        .chain(visible.filter(sticky))
    {
        let shift = if sticky(&c) { dx } else { 0.0 };
        let r = Rect::from_min_max(
            pos2(xs[c.col] + shift, rect.top() + c.row as f32 * level_h),
            pos2(
                xs[c.col + c.cols] + shift,
                rect.top() + (c.row + c.rows) as f32 * level_h,
            ),
        );
        painter.rect_filled(r, 0.0, back);
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
    // The label is painted last so it stays in view over cells scrolled sideways.
    if let Some((g, indent)) = label_galley {
        let dx = (ui.clip_rect().left() - xs[0]).max(0.0);
        let r = Rect::from_min_max(pos2(xs[0], rect.top()), pos2(xs[1], rect.bottom()))
            .translate(vec2(dx, 0.0));
        if dx > 0.0 {
            ui.interact(
                r,
                ui.scope_id().with(("label", label, cells.first())),
                Sense::click(),
            );
        }
        let painter = ui.painter();
        painter.rect(
            r,
            0.0,
            ui.visuals().panel_fill,
            grid_stroke(ui),
            StrokeKind::Inside,
        );
        let pos = pos2(r.left() + indent, r.center().y - g.size().y / 2.0);
        painter.galley(pos, g, text_color);
    }
}

fn cell_editor(ui: &mut Ui, ctx: &mut TableCtx, format: &Format, rect: Rect, index: usize) {
    let id = cell_id(index);
    let mark = ctx.marks.mark(index);
    let painter = ui.painter();
    painter.rect(
        rect,
        0.0,
        palette::fill(mark).unwrap_or(Color32::TRANSPARENT),
        grid_stroke(ui),
        StrokeKind::Inside,
    );
    let selection = ui.visuals().selection.bg_fill;
    if ctx.selected.contains(&index) {
        painter.rect_filled(rect, 0.0, selection.gamma_multiply(0.3));
    }
    let report = ctx.doc.report();
    let unread = report.is_unread(index);
    if unread {
        painter.rect_filled(rect.shrink(1.0), 0.0, palette::UNREAD);
    }
    let mut text = report.cell_at(index).to_owned();
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .frame(egui::Frame::NONE)
        .align(Align2::RIGHT_CENTER)
        .margin(Margin::symmetric(6, 2))
        .desired_width(rect.width() - 12.0)
        .font(FontId::proportional(FONT));
    if let Some(c) = palette::text(mark) {
        edit = edit.text_color(c);
    }
    if unread {
        edit = edit.hint_text("未读取");
    }
    // A child that does not allocate: the row already holds this cell's space.
    let line = Rect::from_center_size(rect.center(), vec2(rect.width(), ROW_H)).shrink(2.0);
    let mut child = ui.new_child(UiBuilder::new().max_rect(line));
    let mut out = edit.show(&mut child);
    let response = out
        .response
        .response
        .clone()
        .accessible_name(format.cell_label(index));
    if response.gained_focus() {
        // Keyboard moves and clicks in the findings panel bring the cell into view.
        response.scroll_to_me(None);
        // Like a spreadsheet: typing into a newly focused cell replaces its content.
        let all = CCursorRange::two(CCursor::new(0), CCursor::new(text.chars().count()));
        out.state.cursor.set_char_range(Some(all));
        out.state.store(ui.ctx(), id);
        ctx.actions.push(EditAction::BeginEdit(index).into());
    }
    if response.changed() {
        ctx.actions.push(EditAction::SetCell(index, text).into());
    }
    if response.has_focus() {
        ui.painter()
            .rect_stroke(rect, 0.0, Stroke::new(2.0, selection), StrokeKind::Inside);
    }
    if response.double_clicked() {
        ctx.actions.push(EditAction::EditInPlace(index).into());
    }
    if response.has_focus() || response.lost_focus() {
        cell_keys(ui, ctx, index);
    }
    if response.lost_focus() {
        ctx.actions.push(EditAction::Seal.into());
    }
    // A total shows what its parts add up to: quietly while it agrees, as 应为 in the
    // red of a broken rule when it does not.
    if let Some(sum) = ctx.marks.sum(index) {
        let (text, color) = if mark == Mark::Suspect {
            (format!("应为{}", sum.normalize()), Color32::WHITE)
        } else {
            (
                format!("Σ{}", sum.normalize()),
                ui.visuals().weak_text_color(),
            )
        };
        ui.painter().text(
            rect.left_top() + vec2(4.0, 2.0),
            Align2::LEFT_TOP,
            text,
            FontId::proportional(10.0),
            color,
        );
    }
    let findings = tooltip(ctx.doc.findings(), ctx.marks.findings(index));
    let report = ctx.doc.report();
    let origin = super::combine_window::contributors_tip(report, index)
        .or_else(|| origin_tip(report, index));
    let tip: Vec<String> = [origin, findings].into_iter().flatten().collect();
    let response = if tip.is_empty() {
        response
    } else {
        response.on_hover_text(tip.join("\n\n"))
    };
    if ctx.doc.report().source.is_some() {
        response.context_menu(|ui| {
            if ui.button("查看原文").clicked() {
                ctx.actions.push(Action::ShowSourceAt(index));
                ui.close();
            }
        });
    }
}

/// Where an imported cell was read, and that line of the document; or that it could not
/// be read.
fn origin_tip(report: &crate::model::Report, index: usize) -> Option<String> {
    if report.is_unread(index) {
        return Some(
            "未读取：未能从原文中读出此单元格（不是空白，也不是 0），右键可查看原文".into(),
        );
    }
    let origin = report.origin(index)?;
    let line = report
        .source
        .as_deref()
        .and_then(|s| s.line(origin.line))
        .map(|l| crate::rules::quoted(&l).into_owned())
        .unwrap_or_default();
    Some(format!(
        "读自原文{}：\n{line}\n（右键 → 查看原文）",
        origin.describe()
    ))
}

/// What the keys pressed in a focused cell ask for: Excel/WPS moves between cells,
/// Shift+arrows grow the selection, F2 edits in place (where Left/Right move the cursor).
fn cell_keys(ui: &Ui, ctx: &mut TableCtx, index: usize) {
    const KEYS: [Key; 7] = [
        Key::Escape,
        Key::F2,
        Key::Enter,
        Key::ArrowDown,
        Key::ArrowUp,
        Key::ArrowLeft,
        Key::ArrowRight,
    ];
    let Some((key, shift)) = ui.input(|i| {
        KEYS.into_iter()
            .find(|k| i.key_pressed(*k))
            .map(|k| (k, i.modifiers.shift))
    }) else {
        return;
    };
    let action = match (key, Direction::of_arrow(key)) {
        (Key::Escape, _) => EditAction::CancelEdit(index),
        (Key::F2, _) => EditAction::EditInPlace(index),
        (Key::Enter, _) if shift => EditAction::Move(index, Direction::Up),
        (Key::Enter, _) => EditAction::Move(index, Direction::Down),
        (_, Some(d)) if shift => EditAction::Extend(d),
        (_, Some(Direction::Left | Direction::Right)) if ctx.in_place => return,
        (_, Some(d)) => EditAction::Move(index, d),
        _ => return,
    };
    ctx.actions.push(action.into());
}

/// Where keyboard navigation moves from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The same column, next data line.
    Down,
    /// The same column, previous data line.
    Up,
    /// The next column.
    Right,
    /// The previous column.
    Left,
}

impl Direction {
    /// (lines, columns) of one step.
    pub fn delta(self) -> (isize, isize) {
        match self {
            Direction::Down => (1, 0),
            Direction::Up => (-1, 0),
            Direction::Right => (0, 1),
            Direction::Left => (0, -1),
        }
    }

    fn of_arrow(key: Key) -> Option<Direction> {
        match key {
            Key::ArrowDown => Some(Direction::Down),
            Key::ArrowUp => Some(Direction::Up),
            Key::ArrowRight => Some(Direction::Right),
            Key::ArrowLeft => Some(Direction::Left),
            _ => None,
        }
    }
}

/// The cell one step from `index` in `direction`, within the same table block.
pub fn neighbour(format: &Format, index: usize, direction: Direction) -> Option<usize> {
    let (lines, cols) = direction.delta();
    format.offset(index, lines, cols)
}
