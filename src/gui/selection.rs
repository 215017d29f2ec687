//! The block of cells a clerk has selected, and the clipboard events and keys that act
//! on the whole block rather than on the text of the focused cell.

use eframe::egui::{self, Event, Key};

use crate::format::Format;

use super::Action;
use super::edit::EditAction;

/// A rectangle of cells from the anchor (the focused cell) to a far corner, as Shift+arrows
/// make it in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The focused cell, where a paste starts.
    pub anchor: usize,
    /// The opposite corner.
    pub far: usize,
}

impl Selection {
    /// Just the focused cell.
    pub fn single(cell: usize) -> Selection {
        Selection {
            anchor: cell,
            far: cell,
        }
    }

    /// Whether it spans more than the focused cell.
    pub fn is_block(&self) -> bool {
        self.anchor != self.far
    }

    /// The selected cells, line by line.
    pub fn cells(&self, format: &Format) -> Vec<usize> {
        format
            .rectangle(self.anchor, self.far)
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    }
}

/// Takes this frame's clipboard events (and Delete on a block) meant for the selection out
/// of the input before the cell editor sees them, turning them into actions.
///
/// A paste always fills cells from the anchor, except a single value pasted while
/// editing in place, which the editor inserts at the cursor like any text.
pub fn intercept(ctx: &egui::Context, sel: Selection, in_place: bool, actions: &mut Vec<Action>) {
    ctx.input_mut(|input| {
        let events = std::mem::take(&mut input.events);
        for event in events {
            match event {
                Event::Paste(text) if !in_place || text.trim_end().contains(['\t', '\n']) => {
                    actions.push(EditAction::Paste(sel.anchor, text).into());
                }
                Event::Paste(text) => {
                    let single = text.trim_end_matches(['\r', '\n']).to_owned();
                    input.events.push(Event::Paste(single));
                }
                Event::Copy if sel.is_block() => {
                    actions.push(EditAction::Copy { cut: false }.into());
                }
                Event::Cut if sel.is_block() => actions.push(EditAction::Copy { cut: true }.into()),
                Event::Key {
                    key: Key::Delete | Key::Backspace,
                    pressed: true,
                    ..
                } if sel.is_block() => actions.push(EditAction::ClearSelection.into()),
                other => input.events.push(other),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    #[test]
    fn a_selection_covers_its_rectangle() {
        let reg = Registry::builtin().expect("formats");
        let f = reg.get("2021").expect("2021");
        let a = f.index_of("t3.granted.commercial").expect("a");
        let b = f.index_of("t3.partially_granted.research").expect("b");
        let sel = Selection { anchor: b, far: a };
        assert!(sel.is_block());
        let keys: Vec<&str> = sel
            .cells(f)
            .into_iter()
            .map(|i| f.cell(i).key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "t3.granted.commercial",
                "t3.granted.research",
                "t3.partially_granted.commercial",
                "t3.partially_granted.research"
            ]
        );
        assert_eq!(Selection::single(a).cells(f), [a]);
    }
}
