//! Editing the open report: which cell is being edited, the block selection, and the
//! edits the table, narrative and findings views ask for.

use eframe::egui::text::{CCursor, CCursorRange};
use eframe::egui::{self};

use crate::document::Document;
use crate::model::Review;

use super::selection::Selection;
use super::table::{self, Direction, cell_id};

/// An edit asked for during a frame, applied after it.
#[derive(Debug, Clone, PartialEq)]
pub enum EditAction {
    /// A cell's editor gained focus.
    BeginEdit(usize),
    /// A cell's text changed.
    SetCell(usize, String),
    /// Esc in a cell: back to the text it had when focused.
    CancelEdit(usize),
    /// Keyboard move from a cell.
    Move(usize, Direction),
    /// Shift+arrow: grow or shrink the block selection.
    Extend(Direction),
    /// F2 or double-click: edit the cell's text in place, cursor at the end.
    EditInPlace(usize),
    /// Paste a clipboard block with its top-left field at a cell.
    Paste(usize, String),
    /// Copy the block selection as TSV (and clear it when `cut`).
    Copy {
        /// Clear the copied cells.
        cut: bool,
    },
    /// Clear every cell of the block selection.
    ClearSelection,
    /// A narrative section changed.
    SetSection(String, String),
    /// Focus left an editor: end its undo step.
    Seal,
    /// A finding's review changed.
    SetReview(String, Review),
}

/// A message for the status bar: its text and whether it reports an error.
pub type Said = (String, bool);

/// The state of editing in the table views.
#[derive(Debug, Default)]
pub struct EditState {
    /// The cell being edited and its text when editing began (for Esc).
    editing: Option<(usize, String)>,
    /// The selected cells while a cell has focus.
    pub selection: Option<Selection>,
    /// Whether the focused cell is edited in place (F2) rather than overtyped.
    pub in_place: bool,
}

impl EditState {
    /// Forgets the selection once its cell has lost focus (at the start of a frame).
    pub fn follow_focus(&mut self, ctx: &egui::Context) {
        self.selection = self
            .selection
            .filter(|s| ctx.memory(|m| m.has_focus(cell_id(s.anchor))));
    }

    /// Applies `action` to `doc`; what to tell the user, if anything.
    pub fn apply(
        &mut self,
        doc: &mut Document,
        action: EditAction,
        ctx: &egui::Context,
    ) -> Option<Said> {
        match action {
            EditAction::BeginEdit(i) => {
                self.editing = Some((i, doc.report().cell_at(i).to_owned()));
                self.selection = Some(Selection::single(i));
                self.in_place = false;
            }
            EditAction::SetCell(i, text) => doc.set_cell(i, &text),
            EditAction::CancelEdit(i) => {
                if let Some((e, original)) = self.editing.take()
                    && e == i
                {
                    doc.set_cell(i, &original);
                }
                doc.seal();
                ctx.memory_mut(|m| m.surrender_focus(cell_id(i)));
            }
            EditAction::Move(i, direction) => {
                if let Some(next) = table::neighbour(doc.report().format(), i, direction) {
                    doc.seal();
                    ctx.memory_mut(|m| m.request_focus(cell_id(next)));
                }
            }
            EditAction::Extend(direction) => {
                if let Some(sel) = &mut self.selection
                    && let Some(far) = table::neighbour(doc.report().format(), sel.far, direction)
                {
                    sel.far = far;
                }
            }
            EditAction::EditInPlace(i) => {
                self.in_place = true;
                if let Some(mut state) = egui::TextEdit::load_state(ctx, cell_id(i)) {
                    let end = CCursor::new(doc.report().cell_at(i).chars().count());
                    state.cursor.set_char_range(Some(CCursorRange::one(end)));
                    egui::TextEdit::store_state(ctx, cell_id(i), state);
                }
            }
            EditAction::Paste(at, text) => {
                doc.seal();
                let out = doc.paste(at, &text);
                self.editing = Some((at, doc.report().cell_at(at).to_owned()));
                let mut said = format!("已粘贴 {} 个单元格", out.pasted);
                if out.skipped > 0 {
                    said.push_str(&format!("，{} 个超出表格范围未粘贴", out.skipped));
                }
                return Some((said, out.skipped > 0));
            }
            EditAction::Copy { cut } => {
                let sel = self.selection?;
                ctx.copy_text(doc.copy(sel.anchor, sel.far));
                let n = sel.cells(doc.report().format()).len();
                if cut {
                    self.apply(doc, EditAction::ClearSelection, ctx);
                }
                return Some((format!("已复制 {n} 个单元格"), false));
            }
            EditAction::ClearSelection => {
                if let Some(sel) = self.selection {
                    let cells = sel.cells(doc.report().format());
                    doc.seal();
                    doc.set_cells(cells.into_iter().map(|i| (i, String::new())));
                }
            }
            EditAction::SetSection(id, text) => doc.set_section(&id, &text),
            EditAction::Seal => doc.seal(),
            EditAction::SetReview(id, review) => doc.set_review(&id, review),
        }
        None
    }
}
