//! Published reports: the two real text copies import to exactly what they print, and
//! copies made from them in other shapes (GBK, UTF-16, Traditional with pinyin glosses,
//! `|` tables, flattened rows, HTML with spans and `&nbsp;`, DOCX with merged cells)
//! import to the same cells. Errors typed into them give the right findings.

mod common;

use common::{Shape, text_copy};

use std::io::Write;
use std::path::{Path, PathBuf};

use nianbao::format::SectionContent;
use nianbao::io::{self, Published, import_published};
use nianbao::model::Report;
use nianbao::rules::{Severity, validate};

const SAMPLES: [(&str, &str, i32); 2] = [
    ("2021_ankang_xinfangju", "2021", 2021),
    ("2020_xiangtan_xinfangju", "2019", 2020),
];

fn sample_text(name: &str) -> String {
    let path = common::fixture_path(&format!("published/{name}.txt"));
    std::fs::read_to_string(path).expect("sample")
}

fn import(kind: Published, bytes: &[u8]) -> io::Imported {
    import_published(kind, bytes, "report.txt").expect("imports")
}

/// Every cell and section as the report prints it (the fixtures were entered by hand
/// from the same reports).
fn assert_same(got: &Report, want: &Report, what: &str) {
    assert_eq!(got.format().id(), want.format().id(), "{what}");
    assert_eq!(got.year, want.year, "{what}");
    for (i, c) in want.format().cells().iter().enumerate() {
        assert_eq!(got.cell_at(i), want.cell_at(i), "{what}: {}", c.key);
    }
}

#[test]
fn the_samples_import_to_what_they_print() {
    for (name, format, year) in SAMPLES {
        let want = common::fixture(&format!("{name}.json"));
        let got = import(Published::Text, sample_text(name).as_bytes());
        assert_same(&got.report, &want, name);
        assert_eq!(got.report.format().id(), format);
        assert_eq!(got.report.year, year);
        assert_eq!(got.report.agency, want.agency);
        for id in ["overview", "problems", "other_matters"] {
            assert_eq!(got.report.section(id), want.section(id), "{name} {id}");
        }
        assert!(got.notes.is_empty(), "{name}: {:#?}", got.notes);
        let blocking: Vec<_> = validate(&got.report, None)
            .into_iter()
            .filter(|f| f.severity == Severity::Blocking)
            .collect();
        assert!(blocking.is_empty(), "{name}: {blocking:#?}");
    }
}

#[test]
fn other_encodings_read_the_same() {
    for (name, _, _) in SAMPLES {
        let text = sample_text(name);
        let want = import(Published::Text, text.as_bytes()).report;
        let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
        assert_same(&import(Published::Text, &gbk).report, &want, "GBK");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_same(&import(Published::Text, &utf16).report, &want, "UTF-16");
    }
}

/// A mirror site's copy: Traditional characters, pinyin after some of them,
/// full-width digits in labels' numbering and ideographic spaces.
fn traditional_with_pinyin(text: &str) -> String {
    let pairs = [
        ("公开", "公(gōng)開"),
        ("信息", "信(xìn)息"),
        ("处理", "處理"),
        ("申请", "申請"),
        ("规章", "規　章"),
        ("总计", "總計"),
        ("机关", "機關"),
        ("复议", "復議"),
        ("诉讼", "訴訟"),
        ("结果", "結果"),
        ("维持", "維持"),
        ("纠正", "糾正"),
        ("审结", "審結"),
        ("数量", "數量"),
        ("属于", "屬於"),
        ("1.", "１．"),
    ];
    pairs
        .iter()
        .fold(text.to_owned(), |t, (s, tr)| t.replace(s, tr))
}

#[test]
fn traditional_copies_with_pinyin_glosses_read_the_same() {
    for (name, _, _) in SAMPLES {
        let text = sample_text(name);
        let want = import(Published::Text, text.as_bytes()).report;
        let got = import(Published::Text, traditional_with_pinyin(&text).as_bytes());
        assert_same(&got.report, &want, name);
        assert!(got.notes.is_empty(), "{name}: {:#?}", got.notes);
    }
}

#[test]
fn pipe_tables_and_flattened_rows_read_the_same() {
    for (name, _, _) in SAMPLES {
        let want = common::fixture(&format!("{name}.json"));
        for shape in [Shape::Pipes, Shape::Flattened] {
            let text = text_copy(&want, shape);
            let got = import(Published::Text, text.as_bytes());
            // Spaces around a value are the layout's own here, so only they may differ.
            for (i, c) in want.format().cells().iter().enumerate() {
                let trim = |s: &str| s.trim().to_owned();
                assert_eq!(
                    trim(got.report.cell_at(i)),
                    trim(want.cell_at(i)),
                    "{name}: {}",
                    c.key
                );
            }
            assert_eq!(got.report.agency, want.agency);
            assert_eq!(got.report.section("overview"), want.section("overview"));
        }
    }
}

/// The report as a web page: each table with its header boxes as spanning `<th>`s, the
/// group rows of table 3 as a `rowspan` cell, blanks as `&nbsp;`.
fn html_copy(r: &Report) -> String {
    let f = r.format();
    let esc = |s: &str| {
        if s.trim().is_empty() {
            "&nbsp;".to_owned()
        } else {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('\n', "<br>")
        }
    };
    let mut out = format!(
        "<html><head><meta charset=utf-8><title>{0}</title></head><body><h1>{0}{1}年度政府信息公开工作年度报告</h1>",
        r.agency, r.year
    );
    for s in f.sections() {
        out.push_str(&format!("<h2>{}、{}</h2>", s.number, s.title));
        match &s.content {
            SectionContent::Narrative => {
                for p in r.section(&s.id).split('\n') {
                    out.push_str(&format!("<p>{}</p>", esc(p)));
                }
            }
            SectionContent::Table(id) => {
                let t = f.tables().iter().position(|x| x.id == *id).expect("table");
                for block in f.form(t) {
                    out.push_str("<table border=1>");
                    for level in 0..block.levels {
                        out.push_str("<tr>");
                        for h in block.header.iter().filter(|h| h.row == level) {
                            out.push_str(&format!(
                                "<th colspan={} rowspan={}>{}</th>",
                                h.cols,
                                h.rows,
                                esc(&h.text)
                            ));
                        }
                        out.push_str("</tr>\n");
                    }
                    for line in &block.lines {
                        out.push_str("<tr>");
                        if let Some((label, _)) = &line.label {
                            out.push_str(&format!("<td>{}</td>", esc(label)));
                        }
                        for cell in &line.cells {
                            let text = cell.map_or("", |i| r.cell_at(i));
                            out.push_str(&format!("<td>{}</td>", esc(text)));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</table>");
                }
            }
        }
    }
    out.push_str("</body></html>");
    out
}

#[test]
fn html_pages_read_the_same() {
    for (name, _, _) in SAMPLES {
        let want = common::fixture(&format!("{name}.json"));
        let got = import(Published::Html, html_copy(&want).as_bytes());
        assert_same(&got.report, &want, name);
        assert_eq!(got.report.agency, want.agency);
    }
}

/// The copy's body as saved from a government site: inside the site's header, menus
/// (linking last years' reports), breadcrumb, metadata box, share and print buttons and
/// footer.
fn site_page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>年报_某市人民政府</title>\
         <script>document.write('<p>一、总体情况</p>')</script></head><body>\
         <div class=nav><a href=/>首页</a><a href=/zwgk>政务公开</a><a href=/xk>行政许可</a></div>\
         <div class=crumb>当前位置：<a href=/>首页</a> &gt; <a href=/nb>年度报告</a></div>\
         <div class=side><ul><li><a href=/1>某局2020年政府信息公开工作年度报告</a></li></ul></div>\
         <div class=article><table class=info><tr><td>索引号：</td><td>001/2022-01</td>\
         <td>发布机构：</td><td>某局</td></tr><tr><td>公开日期：</td><td>2022-01-20</td></tr></table>\
         <div class=TRS_Editor>{body}</div><div class=share>分享到：<a>微信</a></div>\
         <p>【<a href=#>打印本页</a>】【<a href=#>关闭窗口</a>】</p></div>\
         <div class=footer><p>版权所有：某市人民政府 网站标识码：1234000001</p></div></body></html>"
    )
}

/// The copy's body as Word pastes it: every two characters a run of their own, in
/// nested `span`/`font`, the source broken into lines inside tags and between Chinese
/// runs (never inside a number).
fn word_runs(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let mut units: Vec<&str> = Vec::new();
        let mut t = &rest[..lt];
        while let Some(c) = t.chars().next() {
            let len = if c == '&' {
                t.find(';').map_or(1, |e| e + 1)
            } else {
                c.len_utf8()
            };
            units.push(&t[..len]);
            t = &t[len..];
        }
        let mut last: Option<char> = None;
        for run in units.chunks(2) {
            let run = run.concat();
            if last.is_some_and(|c| !c.is_ascii())
                && run.chars().next().is_some_and(|c| !c.is_ascii())
            {
                out.push('\n');
            }
            out.push_str(&format!(
                "<span\nlang=ZH-CN style='font-family:仿宋'><font face=仿宋>{run}</font></span>"
            ));
            last = run.chars().last();
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        out.push_str(&rest[lt..gt]);
        rest = &rest[gt..];
    }
    out.push_str(rest);
    out
}

#[test]
fn html_pages_saved_from_a_site_read_the_same() {
    for (name, _, _) in SAMPLES {
        let want = common::fixture(&format!("{name}.json"));
        let page = html_copy(&want);
        let plain = import(Published::Html, page.as_bytes()).report;
        let body =
            &page[page.find("<body>").expect("body") + 6..page.find("</body>").expect("end")];
        for (what, page) in [
            ("site", site_page(body)),
            ("word", site_page(&word_runs(body))),
        ] {
            let got = import(Published::Html, page.as_bytes()).report;
            assert_same(&got, &want, &format!("{name} {what}"));
            assert_eq!(got.agency, want.agency, "{name} {what}");
            for id in ["overview", "problems", "other_matters"] {
                assert_eq!(got.section(id), plain.section(id), "{name} {what} {id}");
            }
        }
    }
}

/// A minimal `.docx` whose body is `body` (WordprocessingML).
fn docx(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).expect("entry");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip.write_all(xml.as_bytes()).expect("xml");
    zip.finish().expect("zip").into_inner()
}

fn para(text: &str) -> String {
    let esc = text.replace('&', "&amp;").replace('<', "&lt;");
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{esc}</w:t></w:r></w:p>")
}

/// The report as a Word document; table 3's group headings are vertically merged cells
/// in a column of their own, as the official template prints them.
fn docx_copy(r: &Report) -> Vec<u8> {
    let f = r.format();
    let mut body = para(&format!(
        "{}{}年度政府信息公开工作年度报告",
        r.agency, r.year
    ));
    let cell =
        |text: &str, merge: &str| format!("<w:tc><w:tcPr>{merge}</w:tcPr>{}</w:tc>", para(text));
    for s in f.sections() {
        body.push_str(&para(&format!("{}、{}", s.number, s.title)));
        match &s.content {
            SectionContent::Narrative => {
                for p in r.section(&s.id).split('\n') {
                    body.push_str(&para(p));
                }
            }
            SectionContent::Table(id) => {
                let t = f.tables().iter().position(|x| x.id == *id).expect("table");
                for block in f.form(t) {
                    body.push_str("<w:tbl>");
                    for level in 0..block.levels {
                        body.push_str("<w:tr>");
                        for h in block.header.iter().filter(|h| h.row == level) {
                            body.push_str(&cell(
                                &h.text,
                                &format!("<w:gridSpan w:val=\"{}\"/>", h.cols),
                            ));
                        }
                        body.push_str("</w:tr>");
                    }
                    let mut group: Option<String> = None;
                    for line in &block.lines {
                        let (label, level) = line.label.clone().unwrap_or_default();
                        if line.cells.iter().all(Option::is_none) {
                            // A heading: it becomes the merged cell to the left of its rows.
                            group = Some(label);
                            continue;
                        }
                        body.push_str("<w:tr>");
                        match (&group, level) {
                            (Some(g), _) => {
                                body.push_str(&cell(g, "<w:vMerge w:val=\"restart\"/>"));
                                group = None;
                            }
                            (None, l) if l > 0 => body.push_str(&cell("", "<w:vMerge/>")),
                            _ => {}
                        }
                        if line.label.is_some() {
                            body.push_str(&cell(&label, ""));
                        }
                        for c in &line.cells {
                            body.push_str(&cell(c.map_or("", |i| r.cell_at(i)), ""));
                        }
                        body.push_str("</w:tr>");
                    }
                    body.push_str("</w:tbl>");
                }
            }
        }
    }
    docx(&body)
}

#[test]
fn word_documents_read_the_same() {
    for (name, _, _) in SAMPLES {
        let want = common::fixture(&format!("{name}.json"));
        let got = import(Published::Docx, &docx_copy(&want));
        assert_same(&got.report, &want, name);
        assert_eq!(got.report.agency, want.agency);
        assert_eq!(got.report.section("problems"), want.section("problems"));
    }
}

#[test]
fn errors_typed_into_a_published_report_are_found() {
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    r.set_cell("t3.total_processed.total", "9").expect("key");
    r.set_cell("t3.granted.research", "").expect("key");
    r.set_cell("t4.review.upheld", "8次").expect("key");
    for bytes in [
        html_copy(&r).into_bytes(),
        docx_copy(&r),
        text_copy(&r, Shape::Pipes).into_bytes(),
    ] {
        let kind = if bytes.starts_with(b"PK") {
            Published::Docx
        } else if bytes.starts_with(b"<html") {
            Published::Html
        } else {
            Published::Text
        };
        let got = import(kind, &bytes).report;
        let findings = validate(&got, None);
        let has = |rule: &str, cell: &str| {
            findings
                .iter()
                .any(|f| f.rule == rule && f.cells.iter().any(|c| c == cell))
        };
        assert!(
            has("T3-TOTAL-ROW", "t3.total_processed.total"),
            "{findings:#?}"
        );
        assert!(has("CELL-BLANK", "t3.granted.research"), "{findings:#?}");
        assert!(has("CELL-UNIT", "t4.review.upheld"), "{findings:#?}");
        assert!(has("T4-TOTAL", "t4.review.total"), "{findings:#?}");
    }
}

#[test]
fn what_cannot_be_found_is_said_not_guessed() {
    let want = common::fixture("2021_ankang_xinfangju.json");
    // Table 4 left out, a row of table 3 relabelled: notes, and blanks rather than zeros.
    let text = text_copy(&want, Shape::Pipes);
    let cut = text.find("四、政府信息公开").expect("table 4");
    let end = text.find("五、").expect("section 5");
    let text = format!("{}{}", &text[..cut], &text[end..]).replace("| 2.重复申请 |", "| 重复件 |");
    let got = import(Published::Text, text.as_bytes());
    let notes: Vec<&str> = got.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes.iter().any(|m| m.contains("未能识别表四")),
        "{notes:#?}"
    );
    assert!(notes.iter().any(|m| m.contains("2.重复申请")), "{notes:#?}");
    // The relabelled row sits between two rows found: read by its place, and said.
    assert_eq!(
        got.report.cell("t3.not_processed_repeat.total"),
        want.cell("t3.not_processed_repeat.total")
    );
    assert!(
        got.notes
            .iter()
            .any(|n| n.rule == "IMPORT-LABEL" && n.message.contains("重复件")),
        "{notes:#?}"
    );
    // Unread, not blank: no CELL-BLANK for them, and no sum is called wrong over them.
    let f = got.report.format().clone();
    for key in ["t4.review.upheld", "t4.review.total"] {
        let i = f.index_of(key).expect("key");
        assert!(got.report.is_unread(i), "{key}");
        assert_eq!(got.report.cell_at(i), "");
    }
    let findings = validate(&got.report, None);
    assert!(
        findings.iter().all(|f| f.severity != Severity::Blocking),
        "{findings:#?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == "CELL-BLANK" && f.cells.iter().any(|c| c.starts_with("t4."))),
        "{findings:#?}"
    );
    // A document with no table at all cannot be read as a report.
    let narrative = "某局2021年度政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息 12 条。\n五、存在的主要问题及改进情况\n无。\n";
    let e = import_published(Published::Text, narrative.as_bytes(), "report.txt")
        .expect_err("no table read")
        .to_string();
    assert!(e.contains("没有读到表二、表三、表四"), "{e}");
}

#[test]
fn the_command_line_checks_published_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("report.html");
    std::fs::write(
        &path,
        html_copy(&common::fixture("2021_ankang_xinfangju.json")),
    )
    .expect("written");
    let report = io::open(Path::new(&path)).expect("opens by extension");
    assert_eq!(report.agency, "安康市信访局");
}

/// Saved as a .nianbao and opened again, an imported report keeps what its reading
/// could not make out (why each unread cell is unread), not only that it is unread; a
/// report with nothing to say writes no notes.
#[test]
fn reading_notes_survive_save_and_reopen() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published/real/2021_pingtan_shiyanqu_crawl.txt");
    let imported = io::open_report(&path).expect("reads");
    assert!(!imported.notes.is_empty());
    let mut findings = validate(&imported.report, None);
    findings.extend(imported.notes.iter().cloned());
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("平潭.nianbao");
    io::save(&imported.report, &findings, &saved).expect("save");
    let again = io::open_report(&saved).expect("reopens");
    let said = |notes: &[nianbao::rules::Finding]| -> Vec<(String, Vec<String>, String)> {
        notes
            .iter()
            .map(|n| (n.rule.clone(), n.cells.clone(), n.message.clone()))
            .collect()
    };
    assert_eq!(said(&again.notes), said(&imported.notes));
    assert!(again.notes.iter().all(|n| n.severity == Severity::Verify));
    // The rules' own findings are made again when checked, never kept as notes.
    let text = std::fs::read_to_string(&saved).expect("text");
    assert!(!text.contains("\"T3-BALANCE\""), "{text}");
    let plain = dir.path().join("自填.nianbao");
    let own = common::fixture("2021_ankang_xinfangju.json");
    io::save(&own, &validate(&own, None), &plain).expect("save");
    assert!(
        !std::fs::read_to_string(&plain)
            .expect("text")
            .contains("notes")
    );
    assert!(io::open_report(&plain).expect("reopens").notes.is_empty());
}

/// A converted table with an empty column after the template's (`| … | 34 |  |`, as
/// PDF-to-markdown tools leave them): each row's cells are its first ones when the row's
/// own sums hold; when they do not, the row is left unread, never read shifted.
#[test]
fn an_empty_extra_column_is_read_past_when_the_row_adds_up() {
    let want = common::fixture("2021_ankang_xinfangju.json");
    let extra = |text: &str| -> String {
        text.lines()
            .map(|l| {
                if l.starts_with('|') {
                    format!("{l}  |\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect()
    };
    let got = import(
        Published::Text,
        extra(&text_copy(&want, Shape::Pipes)).as_bytes(),
    );
    for (i, c) in want.format().cells().iter().enumerate() {
        assert_eq!(
            got.report.cell_at(i).trim(),
            want.cell_at(i).trim(),
            "{}",
            c.key
        );
    }
    // A row whose total disagrees with its parts: not read (it might be shifted).
    let mut broken = want.clone();
    let key = "t3.granted.total";
    let total: u32 = want.cell(key).expect("key").trim().parse().expect("number");
    broken.set_cell(key, (total + 1).to_string()).expect("key");
    let got = import(
        Published::Text,
        extra(&text_copy(&broken, Shape::Pipes)).as_bytes(),
    );
    let i = want.format().index_of(key).expect("key");
    assert!(got.report.is_unread(i), "{:?}", got.report.cell_at(i));
    assert!(
        got.notes
            .iter()
            .any(|n| n.cells.iter().any(|c| c == key) && n.message.contains("多于")),
        "{:#?}",
        got.notes
    );
}

/// A note that cells could not be read is answered once the clerk has filled them all
/// (from the original), and back on undo; a note about cells that were read (a label
/// matched by its place) stays.
#[test]
fn a_reading_note_goes_once_its_unread_cells_are_filled() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/published/real");
    let mut doc = nianbao::document::Document::open(&real.join("2021_pingtan_shiyanqu_crawl.txt"))
        .expect("opens");
    let note = doc
        .findings()
        .iter()
        .find(|f| f.rule == "IMPORT-NOT-FOUND" && f.message.contains("693665"))
        .cloned()
        .expect("the normative row's note");
    let cells: Vec<usize> = note
        .cells
        .iter()
        .map(|k| doc.report().format().index_of(k).expect("key"))
        .collect();
    assert!(cells.iter().all(|&i| doc.report().is_unread(i)));
    let shown = |doc: &nianbao::document::Document| doc.findings().contains(&note);
    for (&i, text) in cells.iter().zip(["69", "3", "665"]) {
        assert!(shown(&doc));
        doc.set_cell(i, text);
        doc.seal();
    }
    assert!(!shown(&doc));
    assert!(doc.undo());
    assert!(shown(&doc));
    // 洪泽区 2023: a row read by its place between its neighbours keeps its note.
    let doc = nianbao::document::Document::open(&real.join("2023_hongze_qu.pdf")).expect("opens");
    assert!(doc.findings().iter().any(|f| f.rule == "IMPORT-LABEL"));
}
