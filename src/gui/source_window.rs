//! 原文: the imported document's text as it was read, with the line a cell came from
//! marked, so a reviewer can check a value against the document in one click.

use eframe::egui::{self, Color32, RichText, Ui};

use crate::model::Report;

/// The 原文 window.
#[derive(Default)]
pub struct SourceWindow {
    /// Whether it is shown.
    pub open: bool,
    /// The cell whose line is marked, and whether to scroll to it on the next frame.
    cell: Option<usize>,
    scroll: bool,
}

impl SourceWindow {
    /// Shows the window at the line cell `cell` was read from (or the top).
    pub fn show_cell(&mut self, cell: Option<usize>) {
        self.open = true;
        self.cell = cell;
        self.scroll = true;
    }

    /// Draws the window over `report`.
    pub fn show(&mut self, ctx: &egui::Context, report: &Report) {
        let mut open = self.open;
        egui::Window::new("原文")
            .open(&mut open)
            .default_size([640.0, 520.0])
            .show(ctx, |ui| self.contents(ui, report));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, report: &Report) {
        let Some(source) = report.source.as_deref() else {
            ui.label("此报告不是从已发布的文件导入的，没有原文。");
            return;
        };
        let origin = self.cell.and_then(|i| report.origin(i));
        match (self.cell, origin) {
            (Some(i), Some(o)) => {
                let f = report.format();
                ui.label(format!(
                    "{}：「{}」，读自{}（{}）",
                    f.cell_label(i),
                    report.cell_at(i),
                    o.describe(),
                    source.file
                ));
            }
            (Some(i), None) if report.is_unread(i) => {
                ui.label(format!(
                    "{}：未能从原文读取，请在下面的原文中查找",
                    report.format().cell_label(i)
                ));
            }
            _ => {
                ui.label(format!("{}，共 {} 行", source.file, source.len()));
            }
        }
        ui.separator();
        let marked = origin.map(|o| o.line);
        let scroll = std::mem::take(&mut self.scroll);
        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
            for (n, line) in source.around(0, source.len()) {
                let text = RichText::new(line);
                if Some(n) == marked {
                    let r = ui.label(text.background_color(Color32::from_rgb(255, 236, 150)));
                    if scroll {
                        r.scroll_to_me(Some(egui::Align::Center));
                    }
                } else {
                    ui.label(text);
                }
            }
        });
    }
}
