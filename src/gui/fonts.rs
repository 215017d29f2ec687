//! The bundled CJK font, so Chinese renders the same on every machine (no tofu).

use std::sync::Arc;

use eframe::egui::{Context, FontData, FontDefinitions, FontFamily};

/// Noto Sans CJK SC, subset (see `fonts/LICENSE-OFL.txt`).
const CJK: &[u8] = include_bytes!("../../fonts/NotoSansSC-Subset.otf");

/// Makes the bundled font the first choice for every text, ahead of egui's own fonts
/// (which still supply symbols and emoji).
pub fn install(ctx: &Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".to_owned(),
        Arc::new(FontData::from_static(CJK)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "noto_sans_sc".to_owned());
    }
    ctx.set_fonts(fonts);
}
