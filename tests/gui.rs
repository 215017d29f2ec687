//! The workbench driven headlessly with egui_kittest, as a clerk would use it.
#![cfg(feature = "gui")]

use eframe::egui::{self, Event, ImeEvent, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::document::Document;
use std::time::Duration;

use nianbao::gui::{App, Autosave, ScriptedDialogs, sample_document};
use nianbao::rules::Severity;

fn harness(doc: Document, dialogs: ScriptedDialogs) -> Harness<'static, App> {
    harness_with(doc, dialogs, |app| app)
}

/// A harness on an app built from `doc` and changed by `setup` (autosave, recent files).
fn harness_with(
    doc: Document,
    dialogs: ScriptedDialogs,
    setup: impl FnOnce(App) -> App + 'static,
) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 900.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| setup(App::new(&cc.egui_ctx, doc, Box::new(dialogs))));
    h.run();
    h
}

/// The sample report with one cell changed.
fn sample_with(key: &str, text: &str) -> Document {
    let mut doc = sample_document();
    let i = doc.report().format().index_of(key).expect("key");
    doc.set_cell(i, text);
    doc
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
    let doc = sample_with("t4.review.total", "3");
    let i = doc
        .report()
        .format()
        .index_of("t4.review.total")
        .expect("key");
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
    let assert_focus = |h: &Harness<'_, App>, key: &str| {
        let id = nianbao::gui::cell_id(format.index_of(key).expect("key"));
        assert_eq!(
            h.ctx.memory(|m| m.focused()),
            Some(id),
            "focus should be on {key}"
        );
    };
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「（一）予以公开」「自然人」",
    )
    .focus();
    h.run();
    for (key, lands_on) in [
        (Key::Enter, "t3.partially_granted.natural_person"),
        (Key::ArrowDown, "t3.denied_state_secret.natural_person"),
        (Key::ArrowUp, "t3.partially_granted.natural_person"),
        (Key::Tab, "t3.partially_granted.commercial"),
        (Key::ArrowRight, "t3.partially_granted.research"),
        (Key::ArrowLeft, "t3.partially_granted.commercial"),
    ] {
        h.key_press(key);
        h.run();
        assert_focus(&h, lands_on);
    }
    // F2 edits in place: Left moves the cursor and typing inserts instead of replacing.
    let before = h
        .state()
        .document()
        .report()
        .cell("t3.partially_granted.commercial")
        .map(str::to_owned)
        .expect("cell");
    h.key_press(Key::F2);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_focus(&h, "t3.partially_granted.commercial");
    h.event(Event::Text("7".into()));
    h.run();
    let mut expected = before.clone();
    expected.insert(
        before.len() - before.chars().last().map_or(0, char::len_utf8),
        '7',
    );
    assert_eq!(
        h.state()
            .document()
            .report()
            .cell("t3.partially_granted.commercial"),
        Some(expected.as_str())
    );
    // Esc gives back the text the cell had.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.state()
            .document()
            .report()
            .cell("t3.partially_granted.commercial"),
        Some(before.as_str())
    );
}

#[test]
fn pasting_a_block_fills_cells_and_copying_a_selection_gives_it_back() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    show_section(&mut h, T3_TITLE);
    let cell = |h: &Harness<'_, App>, key: &str| {
        h.state()
            .document()
            .report()
            .cell(key)
            .map(str::to_owned)
            .expect("cell")
    };
    let original = cell(&h, "t3.granted.natural_person");
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「（一）予以公开」「自然人」",
    )
    .focus();
    h.run();
    // A block as Excel or WPS copies it: tab-separated, CRLF lines, a final line break.
    h.event(Event::Paste("5\t6\r\n7\t8次\r\n".into()));
    h.run();
    assert_eq!(cell(&h, "t3.granted.natural_person"), "5");
    assert_eq!(cell(&h, "t3.granted.commercial"), "6");
    assert_eq!(cell(&h, "t3.partially_granted.natural_person"), "7");
    assert_eq!(cell(&h, "t3.partially_granted.commercial"), "8次");
    h.get_by_label("已粘贴 4 个单元格");
    // The unit typed into a number cell is kept and gets a finding.
    assert!(h.state().document().findings().iter().any(|f| {
        f.cells
            .iter()
            .any(|k| k == "t3.partially_granted.commercial")
            && f.severity == Severity::Verify
    }));

    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowDown);
    h.run();
    h.event(Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        });
    assert_eq!(copied.as_deref(), Some("5\t6\r\n7\t8次\r\n"));

    // Ctrl+Z in the focused cell undoes the whole paste.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(cell(&h, "t3.granted.natural_person"), original);
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_narrative_editor_fills_its_panel_however_short_the_text() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    let title = "六、其他需要报告的事项";
    show_section(&mut h, title);
    let editor = h
        .get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, title)
        .rect();
    let status = h.get_by_label("尚未保存为年报文件").rect();
    // Three lines of text; the editor reaches down to just above the status bar.
    assert!(
        status.top() - editor.bottom() < 30.0,
        "editor {editor:?}, status bar {status:?}"
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
    // The sample is saved nowhere yet: the status bar does not say it is saved.
    h.get_by_label("尚未保存为年报文件");
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
    h.get_by_label("有未保存的修改");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().document().is_dirty());
    h.get_by_label("已保存");
    let saved = h.state().document().report().clone();
    assert_eq!(saved.cell("t3.carried_over.commercial"), Some("8次"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().document().report(), &saved);
    assert_eq!(nianbao::io::open(&path).expect("opens"), saved);
}

#[test]
fn a_review_is_typed_marked_and_saved_with_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reviewed.nianbao");
    let mut doc = sample_document();
    let i = doc
        .report()
        .format()
        .index_of("t3.carried_over.commercial")
        .expect("key");
    // A unit typed after a zero: a verify finding, and no sum broken.
    doc.set_cell(i, "0次");
    assert_eq!(doc.findings().len(), 1, "{:#?}", doc.findings());
    let id = doc
        .findings()
        .iter()
        .find(|f| f.severity == Severity::Verify)
        .expect("a verify finding")
        .id();
    let dialogs = ScriptedDialogs {
        open: Some(path.clone()),
        save: Some(path.clone()),
    };
    let mut h = harness(doc, dialogs);
    h.get_by_label("审核说明与意见").click();
    h.run();
    h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        &format!("审核说明 {id}"),
    )
    .focus();
    h.run();
    h.event(Event::Ime(ImeEvent::Commit("系统导出数据含单位".into())));
    h.run();
    h.get_by_label("已确认").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run();
    let saved = nianbao::io::open(&path).expect("opens");
    let review = saved.reviews.get(&id).expect("review saved");
    assert_eq!(review.explanation, "系统导出数据含单位");
    assert_eq!(review.status, nianbao::model::ReviewStatus::Confirmed);
    // Typing then marking are two undo steps.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    let r = &h.state().document().report().reviews[&id];
    assert_eq!(
        (r.status, r.explanation.as_str()),
        (nianbao::model::ReviewStatus::Open, "系统导出数据含单位")
    );
}

/// Types `text` into the table-3 cell labelled `label` (focusing it first).
fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn unsaved_changes_are_autosaved_and_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recovery = || nianbao::recovery::Recovery::new(dir.path().join("recovery"));
    let build = |every| {
        let autosave = Autosave::new(recovery(), every);
        harness_with(sample_document(), ScriptedDialogs::default(), move |app| {
            app.with_autosave(autosave)
        })
    };
    let mut h = build(Duration::ZERO);
    show_section(&mut h, T3_TITLE);
    type_into(&mut h, TOTAL_CELL, "9");
    h.run();
    assert!(recovery().pending().is_some(), "autosaved");
    h.get_by_label("已自动保存到恢复文件");
    let edited = h.state().document().report().clone();
    // The process dies here; the next start offers the autosave.
    drop(h);
    let mut h = build(Duration::from_secs(3600));
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(h.state().document().report(), &edited);
    assert!(h.state().document().is_dirty());
}

#[test]
fn opening_another_report_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.nianbao");
    let mut doc = sample_document();
    doc.save_as(&other).expect("saved");
    let dialogs = ScriptedDialogs {
        open: Some(other.clone()),
        save: None,
    };
    let mut h = harness(sample_document(), dialogs);
    show_section(&mut h, T3_TITLE);
    type_into(&mut h, TOTAL_CELL, "9");
    let cell = |h: &Harness<'_, App>| {
        h.state()
            .document()
            .report()
            .cell("t3.total_processed.total")
            .map(str::to_owned)
    };
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(cell(&h).as_deref(), Some("9"), "取消 keeps the changes");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert_eq!(h.state().document().path(), Some(other.as_path()));
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().recent(), [other]);
}

#[test]
fn menus_show_each_command_with_its_shortcut() {
    let mut h = harness(
        sample_with("t3.total_processed.total", "9"),
        ScriptedDialogs::default(),
    );
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("保存 Ctrl+S");
    h.get_by_label("新建… Ctrl+N");
    h.get_by_label("另存为…");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("编辑").click();
    h.run();
    h.get_by_label("撤销 Ctrl+Z").click();
    h.run();
    assert!(
        !h.state().document().is_dirty(),
        "撤销 in the menu undid the edit"
    );
    // Ctrl+Shift+Z is 重做, not a second 撤销.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(h.state().document().is_dirty(), "the edit is back");
}

#[test]
fn the_file_menu_exports_a_workbook_that_opens_as_the_same_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("导出.xlsx");
    let dialogs = ScriptedDialogs {
        open: Some(path.clone()),
        save: Some(path.clone()),
    };
    let mut h = harness(sample_document(), dialogs);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导出为 Excel 工作簿…").click();
    h.run();
    let exported = nianbao::io::open(&path).expect("the workbook opens");
    assert_eq!(&exported, h.state().document().report());
    h.get_by_label(&format!("已导出 {}", path.display()));
    // Opening it (as a reviewer would) gives the report, to be saved under a new name.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().document().report(), &exported);
    assert_eq!(h.state().document().path(), None);
}

#[test]
fn publishing_previews_the_report_and_asks_before_exporting_blocking_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("发布.html");
    let dialogs = ScriptedDialogs {
        open: None,
        save: Some(path.clone()),
    };
    let mut h = harness(sample_with("t3.total_processed.total", "9"), dialogs);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("发布（预览、导出网页和 Word）…").click();
    h.run();
    // The preview prints the title and the table-3 caption.
    let title = nianbao::publish::title(h.state().document().report());
    h.get_by_label(&title);
    h.get_by_label_contains("本列数据的勾稽关系");
    h.get_by_label("导出网页 (.html)…").click();
    h.run();
    assert!(!path.exists(), "nothing written before the user confirms");
    h.get_by_label_contains("项强制性问题，发布后数据不能勾稽");
    h.get_by_label("仍然导出").click();
    h.run();
    let page = std::fs::read_to_string(&path).expect("the page is written");
    assert!(page.contains(&title));
    let back = nianbao::io::open(&path).expect("the page reads back");
    let report = h.state().document().report();
    for i in 0..report.format().cells().len() {
        assert_eq!(back.cell_at(i), report.cell_at(i));
    }
}

#[test]
fn batch_review_checks_a_folder_exports_a_summary_and_opens_a_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut broken = sample_with("t3.total_processed.total", "9");
    broken
        .save_as(&dir.path().join("broken.nianbao"))
        .expect("saved");
    sample_document()
        .save_as(&dir.path().join("clean.json"))
        .expect("saved");
    std::fs::write(dir.path().join("unreadable.docx"), b"nope").expect("written");
    let dialogs = ScriptedDialogs {
        open: Some(dir.path().to_owned()),
        save: Some(dir.path().join("summary.xlsx")),
    };
    let mut h = harness(sample_document(), dialogs);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("批量审核…").click();
    h.run();
    h.get_by_label("选择文件夹…").click();
    h.step();
    run_until(&mut h, |app| !app.batch().is_running());
    assert_eq!(h.state().batch().outcomes().len(), 3);
    h.get_by_label("共 3 份，1 份有强制性问题，1 份无法读取。双击文件名或点「打开」查看报告。");
    h.get_by_label("导出汇总…").click();
    h.run();
    assert!(dir.path().join("summary.xlsx").exists());
    h.get_by_label(&format!(
        "打开 {}",
        dir.path().join("broken.nianbao").display()
    ))
    .click();
    h.run();
    assert_eq!(
        h.state()
            .document()
            .report()
            .cell("t3.total_processed.total"),
        Some("9")
    );
}

/// Last year's report beside the sample: the same but for 3 more new requests from
/// natural persons and without the second half of 一、总体情况.
fn last_year_of_sample(dir: &std::path::Path) -> std::path::PathBuf {
    let mut last = sample_document().report().clone();
    last.year -= 1;
    let key = "t3.new_received.natural_person";
    let now: i64 = last.cell(key).and_then(|t| t.parse().ok()).expect("number");
    last.set_cell(key, (now + 3).to_string()).expect("key");
    let overview = last.section("overview").to_owned();
    let kept: String = overview
        .chars()
        .take(overview.chars().count() / 2)
        .collect();
    last.set_section("overview", kept);
    let path = dir.join("上年.nianbao");
    nianbao::io::save(&last, &[], &path).expect("saved");
    path
}

/// 文件 → 与上年比较…, which asks for last year's report when none is linked.
fn open_comparison(h: &mut Harness<'_, App>) {
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("与上年比较…").click();
    h.run();
}

#[test]
fn comparing_with_last_year_shows_each_cell_with_its_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dialogs = ScriptedDialogs {
        open: Some(last_year_of_sample(dir.path())),
        save: None,
    };
    let mut h = harness(sample_document(), dialogs);
    open_comparison(&mut h);
    assert!(h.state().document().prior().is_some(), "linked on the way");
    let cmp = h.state().compare().comparison().expect("compared");
    assert_eq!(cmp.check_counts().1, 0, "{:#?}", cmp.checks);
    h.get_by_label("表三").click();
    h.run();
    // The one changed cell shows its Δ (3 fewer than last year), in red.
    h.get_by_label("−3");
    h.get_by_label("−75%");
    // A click on its row goes to the cell in the report.
    h.get_by_label("−75%").click();
    h.run();
    assert_eq!(h.state().section(), 2, "table 3's section");
    h.get_by_label("只看有变化的单元格").click();
    h.run();
    let changed: usize = h
        .state()
        .compare()
        .comparison()
        .expect("compared")
        .cells()
        .filter(|(_, _, c)| c.delta().is_some_and(|d| !d.is_zero()))
        .count();
    assert_eq!(changed, 1);
    // The narrative: what repeats last year's is found.
    h.get_by_label_contains("叙述（重复").click();
    h.run();
    let overview = &h.state().compare().comparison().expect("compared").sections[0];
    assert!(!overview.repetition.passages.is_empty());
    // The whole narrative's share, and one per section.
    assert_eq!(h.get_all_by_label_contains("与上年重复").count(), 4);
}

#[test]
fn combining_a_folder_opens_the_sum_and_a_cell_names_its_contributors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/published/2021_ankang_xinfangju.txt"),
    )
    .expect("sample");
    std::fs::create_dir_all(dir.path().join("乡镇")).expect("dir");
    for (name, agency) in [("教育局.txt", "某县教育局"), ("乡镇/甲镇.txt", "某县甲镇")]
    {
        std::fs::write(
            dir.path().join(name),
            sample.replace("安康市信访局", agency),
        )
        .expect("written");
    }
    let mut broken = sample_with("t3.total_processed.total", "9");
    broken
        .save_as(&dir.path().join("有错.nianbao"))
        .expect("saved");
    let dialogs = ScriptedDialogs {
        open: Some(dir.path().to_owned()),
        save: None,
    };
    let mut h = harness(sample_document(), dialogs);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("汇总多份报告…").click();
    h.run();
    h.get_by_label("添加文件夹…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "汇总机关")
        .focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "汇总机关")
        .type_text("某县人民政府办公室");
    h.run();
    h.get_by_label("开始汇总").click();
    h.step();
    run_until(&mut h, |app| !app.combine().is_running());
    // The report with a blocking finding is named with it and left out.
    h.get_by_label_contains("计入 2 份");
    h.get_by_label_contains("有错.nianbao");
    assert!(h.get_all_by_label_contains("[T3-").count() >= 1);
    h.get_by_label("在工作台中打开").click();
    h.run();
    let report = h.state().document().report().clone();
    assert_eq!(report.agency, "某县人民政府办公室");
    assert_eq!(
        report.combination.as_ref().map(|c| c.contributors.len()),
        Some(2)
    );
    show_section(&mut h, T3_TITLE);
    let key = "t3.new_received.total";
    let label = report
        .format()
        .cell_label(report.format().index_of(key).expect("key"));
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, &label)
        .hover();
    h.run();
    h.run();
    let total = report.cell(key).expect("cell");
    h.get_by_label_contains(&format!("汇总自 2 份报告，合计 {total}"));
    h.get_by_label_contains("某县甲镇");
    h.get_by_label_contains("教育局.txt");
    h.snapshot("combined_cell_contributors");

    // A third report arrives: 重新汇总 is one click, and the sum is replaced.
    std::fs::write(
        dir.path().join("乙镇.txt"),
        sample.replace("安康市信访局", "某县乙镇"),
    )
    .expect("written");
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("重新汇总").click();
    h.step();
    run_until(&mut h, |app| !app.combine().is_running());
    h.run();
    let again = h.state().document().report();
    assert_eq!(
        again.combination.as_ref().map(|c| c.contributors.len()),
        Some(3)
    );
    assert_eq!(again.agency, "某县人民政府办公室");
}

/// Pictures of the window, compared pixel by pixel with the PNGs committed under
/// `tests/snapshots/` (create or update them with `UPDATE_SNAPSHOTS=1`).
mod snapshots {
    use super::*;

    fn section(title: &str, name: &str) {
        let mut h = harness(sample_document(), ScriptedDialogs::default());
        show_section(&mut h, title);
        h.snapshot(name);
    }

    #[test]
    fn overview() {
        section("一、总体情况", "section_1_overview");
    }

    #[test]
    fn active_disclosure() {
        section("二、主动公开政府信息情况", "section_2_active");
    }

    #[test]
    fn requests() {
        section(T3_TITLE, "section_3_requests");
    }

    #[test]
    fn appeals() {
        section(
            "四、政府信息公开行政复议、行政诉讼情况",
            "section_4_appeals",
        );
    }

    #[test]
    fn problems() {
        section("五、存在的主要问题及改进情况", "section_5_problems");
    }

    #[test]
    fn other_matters() {
        section("六、其他需要报告的事项", "section_6_other");
    }

    /// The sample with the mistakes clerks make: a total that does not add up, a unit
    /// typed into a number cell, a slash, a blank cell, a table-4 row that does not add up.
    #[test]
    fn a_report_full_of_findings() {
        let mut doc = sample_document();
        let format = doc.report().format().clone();
        for (key, text) in [
            ("t3.total_processed.total", "9"),
            ("t3.carried_over.commercial", "8次"),
            ("t3.granted.research", "/"),
            ("t3.denied_state_secret.other", ""),
            ("t4.review.upheld", "3"),
            ("t2.art20_1.rules.issued", "1件"),
        ] {
            doc.set_cell(format.index_of(key).expect("key"), text);
        }
        let mut h = harness(doc, ScriptedDialogs::default());
        show_section(&mut h, T3_TITLE);
        assert!(blocking(&h) > 0);
        h.snapshot("report_full_of_findings");
    }

    /// The 发布 window: the report laid out as printed, scrolled to table 3.
    #[test]
    fn publish_preview() {
        let mut h = harness(sample_document(), ScriptedDialogs::default());
        h.get_by_label("文件").click();
        h.run();
        h.get_by_label("发布（预览、导出网页和 Word）…").click();
        h.run();
        h.get_by_label_contains("本列数据的勾稽关系").scroll_to_me();
        h.run();
        h.snapshot("publish_preview");
    }

    /// 与上年比较 on table 3: last year, this year, Δ and % for every cell.
    #[test]
    fn comparison_with_last_year() {
        // A fixed folder: the status bar shows the path of last year's report.
        let dir = std::env::temp_dir().join("nianbao-snapshot-comparison");
        std::fs::create_dir_all(&dir).expect("folder");
        let dialogs = ScriptedDialogs {
            open: Some(last_year_of_sample(&dir)),
            save: None,
        };
        let mut h = harness(sample_document(), dialogs);
        open_comparison(&mut h);
        h.get_by_label("表三").click();
        h.run();
        h.snapshot("comparison_with_last_year");
        // The narrative side by side, the passages repeated from last year marked.
        h.get_by_label_contains("叙述（重复").click();
        h.run();
        h.snapshot("comparison_narrative");
    }

    #[test]
    fn new_report_dialog() {
        let mut h = harness(sample_document(), ScriptedDialogs::default());
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::N);
        h.run();
        h.get_by_label("新建报告");
        h.snapshot("new_report_dialog");
    }

    #[test]
    fn report_properties_dialog() {
        let mut h = harness(sample_document(), ScriptedDialogs::default());
        h.get_by_label("文件").click();
        h.run();
        h.get_by_label("报告属性…").click();
        h.run();
        h.get_by_label("2019版（国办公开办函〔2019〕60号）").click();
        h.run();
        h.snapshot("report_properties_dialog");
    }

    /// What 转换为 2021 版格式… will carry over and what it leaves, before it is done.
    #[test]
    fn migration_preview() {
        let mut h = harness(report_in_the_wrong_format(), ScriptedDialogs::default());
        h.get_by_label("转换为 2021 版格式…").click();
        h.run();
        h.snapshot("migration_preview");
    }
}

/// The bundled font draws what a clerk may type: Traditional characters and rare
/// characters of place names (the harness fails on any missing glyph).
#[test]
fn the_bundled_font_has_traditional_and_rare_place_name_characters() {
    let mut doc = sample_document();
    let text = "臺灣省廣東縣鄉鎮機關資訊公開 亳州 郯城 鄄城 濮阳 嵊州 儋州 邛崃 犍为 黟县 歙县 婺源 埇桥 溧阳 涪陵 鄞州 沭阳 盱眙 㙟 Σ①";
    doc.set_section("overview", text);
    let mut h = harness(doc, ScriptedDialogs::default());
    show_section(&mut h, "一、总体情况");
    h.render().expect("the window renders");
}

/// A published copy with table 3's （二） row missing, opened as a reviewer would.
fn published_without_a_row(dir: &std::path::Path) -> Document {
    let path = dir.join("report.txt");
    let text = std::fs::read_to_string("tests/fixtures/published/2021_ankang_xinfangju.txt")
        .expect("sample");
    // The row's label and its seven values: one paragraph of tab-led lines.
    let start = text.find("\t（二）部分公开").expect("row");
    let end = start + text[start..].find("\n\n").expect("end of row");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("written");
    Document::open(&path).expect("opens")
}

#[test]
fn unread_cells_are_shown_as_such_and_cells_lead_to_their_place_in_the_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = published_without_a_row(dir.path());
    let f = doc.report().format().clone();
    let unread = f.index_of("t3.partially_granted.total").expect("key");
    assert!(doc.report().is_unread(unread));
    let mut h = harness(doc, ScriptedDialogs::default());
    // Not read is not wrong: nothing blocks; the status bar counts what was not read.
    assert_eq!(blocking(&h), 0, "{:#?}", h.state().document().findings());
    h.get_by_label("未读取 7 格");
    show_section(&mut h, T3_TITLE);
    // Right-click a read cell → 查看原文: the window names where it was read.
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表三「（一）予以公开」「总计」",
    )
    .click_secondary();
    h.run();
    h.get_by_label("查看原文").click();
    h.run();
    // 「表三「（一）予以公开」「总计」：「0」，读自第 N 行第 1 格（report.txt）」
    h.get_by_label_contains("（一）予以公开」「总计」：「0」，读自第");
    h.get_by_label_contains("格（report.txt）");
    h.snapshot("source_window");
}

/// Whether the open report has a finding of `rule`.
fn has_finding(h: &Harness<'_, App>, rule: &str) -> bool {
    h.state()
        .document()
        .findings()
        .iter()
        .any(|f| f.rule == rule)
}

/// Replaces the text of the dialog field labelled `label`.
fn retype(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn report_properties_change_the_agency_and_undo_restores_it() {
    let mut h = harness(sample_document(), ScriptedDialogs::default());
    let before = h.state().document().report().agency.clone();
    assert!(!has_finding(&h, "LATE"));
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("报告属性…").click();
    h.run();
    retype(&mut h, "发布机关", "汉滨区信访局");
    retype(&mut h, "发布日期", "2022年3月1日");
    h.get_by_label("确定").click();
    h.run();
    let r = h.state().document().report();
    assert_eq!(r.agency, "汉滨区信访局");
    assert_eq!(
        r.published.map(|d| d.to_string()).as_deref(),
        Some("2022-03-01")
    );
    // The LATE rule and the report's title follow.
    assert!(has_finding(&h, "LATE"));
    h.get_by_label_contains("汉滨区信访局 2021 年度");
    assert!(h.state().document().is_dirty());

    // One undo step brings both back.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    let r = h.state().document().report();
    assert_eq!(r.agency, before);
    assert_eq!(r.published, None);
    assert!(!has_finding(&h, "LATE"));
    assert!(!h.state().document().is_dirty());

    // A date that is no date keeps the dialog open and says why.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("报告属性…").click();
    h.run();
    retype(&mut h, "发布日期", "2022-02-30");
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label_contains("不是有效日期");
    assert_eq!(h.state().document().report().published, None);
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label_contains("不是有效日期").is_none());
}

/// A 2023 report filled in the 2019 template, with something in （六）其他处理.
fn report_in_the_wrong_format() -> Document {
    let registry = nianbao::format::Registry::builtin().expect("formats");
    let f = registry.get("2019").expect("2019").clone();
    let mut r = nianbao::model::Report::new(f, "测试市信访局", 2023);
    for i in 0..r.format().cells().len() {
        r.set_cell_at(i, "0");
    }
    for row in ["new_received", "other_processing", "total_processed"] {
        for col in ["natural_person", "total"] {
            r.set_cell(&format!("t3.{row}.{col}"), "2").expect("key");
        }
    }
    Document::new(r, None)
}

#[test]
fn migration_is_offered_by_the_format_year_finding_shown_and_undone() {
    let mut h = harness(report_in_the_wrong_format(), ScriptedDialogs::default());
    assert!(has_finding(&h, "FORMAT-YEAR"));
    h.get_by_label("转换为 2021 版格式…").click();
    h.run();
    // The migration report before anything is changed.
    h.get_by_label_contains("未转入的单元格（17 个");
    h.get_by_label_contains("留空待填的单元格（19 个");
    h.get_by_label("表二第二十条第（九）项「政府集中采购」「采购总金额」：0");
    assert_eq!(h.state().document().report().format().id(), "2019");
    h.get_by_label("转换").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.report().format().id(), "2021");
    assert_eq!(doc.report().cell("t3.other_other.total"), Some("2"));
    assert!(!has_finding(&h, "FORMAT-YEAR"));
    assert!(has_finding(&h, "MIGRATE-SPLIT"));
    h.get_by_label_contains("已转换为2021版");

    // Undone as one step, and the table of the old format shows again.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().report().format().id(), "2019");
    assert!(has_finding(&h, "FORMAT-YEAR"));
    show_section(&mut h, "二、主动公开政府信息情况");
    h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "表二第二十条第（九）项「政府集中采购」「采购总金额」",
    );
}

/// Steps frames until `done` holds for the app, for at most a minute (background work on a
/// loaded 2-core machine may take seconds); the assertions after it say what went wrong.
fn run_until(h: &mut Harness<'_, App>, done: impl Fn(&App) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done(h.state()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        // One frame at a time: a window showing progress repaints until the work ends.
        h.step();
    }
    h.run();
}

/// The 批量审核 list of 300 reports: filtered by severity, by agency and by rule, each
/// narrowing the rows shown; a row clicked shows that report's findings, and 打开报告
/// opens it.
#[test]
fn batch_list_filters_by_severity_agency_and_rule_and_opens_a_report() {
    use egui::accesskit::Role;
    use nianbao::gui::{Action, BatchWindow, Leave, sample_outcomes};
    let mut window = BatchWindow::default();
    window.open = true;
    window.set_outcomes(sample_outcomes(300));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, (window, actions): &mut (BatchWindow, Vec<Action>)| {
                // The Chinese fonts apply from the next pass: draw nothing before.
                if ui.ctx().cumulative_pass_nr() == 0 {
                    nianbao::gui::install_fonts(ui.ctx());
                } else {
                    window.show(ui.ctx(), actions);
                }
            },
            (window, Vec::new()),
        );
    h.run();
    let shown = |h: &Harness<'_, (BatchWindow, Vec<Action>)>| h.state().0.shown().count();
    h.get_by_label("显示 300 / 300 份");
    // Every third has a blocking finding (99: report 96 could not be read), and 3 files
    // could not be read.
    h.get_by_label("有强制性问题").click();
    h.run();
    assert_eq!(shown(&h), 102);
    h.get_by_label("显示 102 / 300 份");
    assert!(h.state().0.shown().all(|o| {
        o.result.is_err()
            || o.result
                .as_ref()
                .is_ok_and(|c| c.findings.iter().any(|f| f.severity == Severity::Blocking))
    }));
    h.get_by_label("无法读取").click();
    h.run();
    assert_eq!(shown(&h), 3);
    h.get_by_label("全部").click();
    h.run();
    assert_eq!(shown(&h), 300);
    // By agency: 第15测试局 is report 15 alone (agencies repeat every 500).
    h.get_by_role_and_label(Role::TextInput, "机关或文件名：")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "机关或文件名：")
        .type_text("第15测试局");
    h.run();
    h.run();
    assert_eq!(shown(&h), 1);
    let path = h.state().0.shown().next().expect("one").path.clone();
    assert!(path.ends_with("00015.nianbao"), "{path:?}");
    // Its row clicked: its findings under the list, and 打开报告 opens it.
    h.get_by_label("00015.nianbao").click();
    h.run();
    h.get_by_label("表三「总计」行的总计为 15，各项之和为 16");
    h.get_by_label("打开报告").click();
    h.run();
    assert!(
        h.state()
            .1
            .iter()
            .any(|a| matches!(a, Action::Leave(Leave::Open(p), None) if *p == path)),
        "{:?}",
        h.state().1
    );
    // By rule: TEXT-TABLE is every fifth report's (59: report 290 could not be read).
    let mut fresh = BatchWindow::default();
    fresh.open = true;
    fresh.set_outcomes(sample_outcomes(300));
    h.state_mut().0 = fresh;
    h.run();
    h.get_by_role(Role::ComboBox).click();
    h.run();
    h.get_by_label("TEXT-TABLE").click();
    h.run();
    h.run();
    assert_eq!(shown(&h), 59);
    assert!(h.state().0.shown().all(|o| {
        o.result
            .as_ref()
            .is_ok_and(|c| c.findings.iter().any(|f| f.rule == "TEXT-TABLE"))
    }));
}
