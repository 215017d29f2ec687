//! The workbench driven headlessly with egui_kittest, as a clerk would use it.
#![cfg(feature = "gui")]

use eframe::egui::{self, Event, ImeEvent, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::document::Document;
use nianbao::gui::{App, ScriptedDialogs, sample_document};
use nianbao::rules::Severity;

fn harness(doc: Document, dialogs: ScriptedDialogs) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .build_eframe(move |cc| App::new(&cc.egui_ctx, doc, Box::new(dialogs)));
    h.run();
    h
}

fn blocking(h: &Harness<'_, App>) -> usize {
    h.state()
        .document()
        .findings()
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count()
}

/// Clicks a section in the navigation (the first node with that name; the section's own
/// heading and editor carry it too).
fn show_section(h: &mut Harness<'_, App>, title: &str) {
    h.get_all_by_label(title)
        .next()
        .expect("navigation entry")
        .click();
    h.run();
}

const T3_TITLE: &str = "三、收到和处理政府信息公开申请情况";
const TOTAL_CELL: &str = "表三「（七）总计」「总计」";

#[test]
fn typing_a_wrong_total_turns_it_red_and_fill_totals_and_undo_work() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    assert_eq!(blocking(&h), 0);
    show_section(&mut h, T3_TITLE);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, TOTAL_CELL)
        .focus();
    h.run();
    // Focusing selects the cell, so typing replaces its "1".
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, TOTAL_CELL)
        .type_text("9");
    h.run();
    let report = h.state().document().report();
    assert_eq!(report.cell("t3.total_processed.total"), Some("9"));
    assert!(blocking(&h) >= 2, "{:#?}", h.state().document().findings());
    // The status bar counts them.
    h.get_by_label(&format!("强制性 {}", blocking(&h)));

    h.get_by_label("自动计算合计").click();
    h.run();
    assert_eq!(blocking(&h), 0);
    assert_eq!(
        h.state()
            .document()
            .report()
            .cell("t3.total_processed.total"),
        Some("1")
    );

    // Undo (no text field focused) brings the wrong total and its findings back.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state()
            .document()
            .report()
            .cell("t3.total_processed.total"),
        Some("9")
    );
    assert!(blocking(&h) >= 2);
}

#[test]
fn clicking_a_finding_goes_to_its_cell() {
    let mut doc = sample_document();
    let i = doc
        .report()
        .format()
        .index_of("t4.review.total")
        .expect("key");
    doc.set_cell(i, "3");
    let mut h = harness(doc, ScriptedDialogs::default());
    assert_eq!(h.state().section(), 0);
    h.get_by_label_contains("T4-TOTAL").click();
    h.run();
    assert_eq!(h.state().section(), 3, "table 4 is section 四");
    let focused = h.ctx.memory(|m| m.focused());
    assert_eq!(focused, Some(nianbao::gui::cell_id(i)));
}

#[test]
fn enter_and_arrows_move_between_cells() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    show_section(&mut h, T3_TITLE);
    let format = h.state().document().report().format().clone();
    let id = |k: &str| nianbao::gui::cell_id(format.index_of(k).expect("key"));
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「（一）予以公开」「自然人」",
    )
    .focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        Some(id("t3.partially_granted.natural_person"))
    );
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        Some(id("t3.denied_state_secret.natural_person"))
    );
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        Some(id("t3.partially_granted.natural_person"))
    );
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        h.ctx.memory(|m| m.focused()),
        Some(id("t3.partially_granted.commercial"))
    );
}

#[test]
fn ime_commit_of_chinese_into_the_overview() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    show_section(&mut h, "一、总体情况");
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "一、总体情况")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::End);
    h.run();
    h.event(Event::Ime(ImeEvent::Preedit {
        text: "ni'hao".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(Event::Ime(ImeEvent::Commit("你好，世界".into())));
    h.run();
    h.event(Event::Text("。".into()));
    h.run();
    let text = h.state().document().report().section("overview").to_owned();
    assert!(
        text.ends_with("你好，世界。"),
        "…{}",
        &text[text.len().saturating_sub(60)..]
    );
    assert!(h.state().document().is_dirty());
}

#[test]
fn save_and_reopen_give_the_identical_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("saved.nianbao");
    let dialogs = ScriptedDialogs {
        open: Some(path.clone()),
        save: Some(path.clone()),
    };
    let mut h = harness(sample_document(), dialogs);
    show_section(&mut h, T3_TITLE);
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「二、上年结转申请」「商业企业」",
    )
    .focus();
    h.run();
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「二、上年结转申请」「商业企业」",
    )
    .type_text("8次");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().document().is_dirty());
    let saved = h.state().document().report().clone();
    assert_eq!(saved.cell("t3.carried_over.commercial"), Some("8次"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().document().report(), &saved);
    assert_eq!(nianbao::io::open(&path).expect("opens"), saved);
}
