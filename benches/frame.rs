//! One frame of the workbench on the table-3 view with every cell visible (target
//! ≤ 1 ms CPU), one frame of the 批量审核 list of 10,000 reports (target ≤ 2 ms), and
//! building the app up to its first frame (the in-process part of
//! start-up; `benches/startup.sh` measures the real window and its memory).
//!
//! Frames run through egui_kittest without a renderer: layout and text shaping, which is
//! what the app's own code costs per frame; one variant also builds the accessibility
//! tree, as the window does only while a screen reader is active.

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::document::Document;
use nianbao::gui::{App, BatchWindow, ScriptedDialogs, sample_document, sample_outcomes};

const T3: &str = "三、收到和处理政府信息公开申请情况";

fn harness(doc: Document) -> Harness<'static, App> {
    let mut h = Harness::builder()
        // Tall enough that all of table 3 is on screen.
        .with_size(egui::vec2(1500.0, 1400.0))
        .build_eframe(|cc| App::new(&cc.egui_ctx, doc, Box::new(ScriptedDialogs::default())));
    h.run();
    h
}

fn bench(c: &mut Criterion) {
    let mut h = harness(sample_document());
    h.get_all_by_label(T3).next().expect("navigation").click();
    h.run();
    assert_eq!(h.state().section(), 2);
    c.bench_function("frame of the table-3 view (with accessibility tree)", |b| {
        b.iter(|| h.step())
    });
    // The window builds the accessibility tree only while a screen reader asks for it,
    // which the harness cannot turn off: run the app on a bare context for that.
    let ctx = egui::Context::default();
    let mut app = App::new(
        &ctx,
        sample_document(),
        Box::new(ScriptedDialogs::default()),
    );
    app.show_section(2);
    let mut frame = eframe::Frame::_new_kittest();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1500.0, 1400.0),
        )),
        ..Default::default()
    };
    for _ in 0..3 {
        let out = ctx.run_ui(input(), |ui| eframe::App::ui(&mut app, ui, &mut frame));
        assert!(!out.shapes.is_empty(), "the frame draws");
    }
    c.bench_function("frame of the table-3 view", |b| {
        b.iter(|| ctx.run_ui(input(), |ui| eframe::App::ui(&mut app, ui, &mut frame)))
    });

    let mut broken = sample_document();
    let i = broken
        .report()
        .format()
        .index_of("t3.total_processed.total")
        .expect("key");
    broken.set_cell(i, "9");
    let mut h = harness(broken);
    h.get_all_by_label(T3).next().expect("navigation").click();
    h.run();
    c.bench_function("frame of the table-3 view (red totals)", |b| {
        b.iter(|| h.step())
    });

    // The batch list with 10,000 reports: only the rows in view are laid out.
    let ctx = egui::Context::default();
    nianbao::gui::install_fonts(&ctx);
    let mut batch = BatchWindow::default();
    batch.open = true;
    batch.set_outcomes(sample_outcomes(10_000));
    let mut actions = Vec::new();
    for _ in 0..3 {
        let out = ctx.run_ui(input(), |ui| batch.show(ui.ctx(), &mut actions));
        assert!(!out.shapes.is_empty(), "the frame draws");
    }
    assert_eq!(batch.shown().count(), 10_000);
    c.bench_function("frame of the batch list (10,000 reports)", |b| {
        b.iter(|| ctx.run_ui(input(), |ui| batch.show(ui.ctx(), &mut actions)))
    });

    c.bench_function("start-up to the first frame (in process)", |b| {
        b.iter(|| harness(sample_document()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
