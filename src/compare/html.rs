//! A comparison as one self-contained web page: inline CSS, no scripts, no external
//! resources. Increases green, decreases red, cells only one year has grey; the repeated
//! passages of the narrative are marked.

use std::fmt::Write;

use super::{COUNTERPARTS_TITLE, Comparison, passage_ranges, signed, signed_percent};
use crate::publish::{escape, page_start};
use crate::rules::YearOutcome;

const STYLE: &str = "\
body{margin:0;color:#000;font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;font-size:14px;line-height:1.6}
main{max-width:80em;margin:0 auto;padding:1em}
h1{font-size:1.4em;text-align:center}
h2{font-size:1.15em;margin:1.5em 0 .5em;border-bottom:1px solid #999}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:0 0 1em}
th,td{border:1px solid #999;padding:.2em .5em;vertical-align:top}
th{background:#eee;font-weight:normal}
td.num{text-align:right;white-space:nowrap}
tr.only td{color:#666;background:#f4f4f4}
td.up{background:#e3f4e1}
td.down{background:#fbe3e1}
td.ok{color:#1a7f37}
td.bad{color:#b42318;font-weight:bold}
td.skip{color:#8a6d00}
.note{color:#8a6d00}
.side{display:flex;gap:1em}
.side>div{flex:1;white-space:pre-wrap;border:1px solid #ccc;padding:.5em}
mark{background:#ffe58a}";

/// The comparison as an HTML page.
pub fn to_html(cmp: &Comparison) -> String {
    let title = format!("{} 与 {} 比较", cmp.this.title(), cmp.last.title());
    let mut out = page_start(&title, STYLE, 128 * 1024);
    for n in &cmp.notes {
        let _ = writeln!(out, "<p class=\"note\">注意：{}</p>", escape(n));
    }
    checks(&mut out, cmp);
    for t in &cmp.tables {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>项目</th><th>列</th>\
             <th>上年（{}）</th><th>本年（{}）</th><th>增减</th><th>增减%</th><th>说明</th></tr></thead>\n<tbody>",
            escape(&t.name),
            cmp.last.year,
            cmp.this.year
        );
        for r in &t.rows {
            for (n, c) in r.cells.iter().enumerate() {
                let class = if r.only.is_some() {
                    " class=\"only\""
                } else {
                    ""
                };
                let _ = write!(out, "<tr{class}>");
                if n == 0 {
                    let _ = write!(
                        out,
                        "<td rowspan=\"{}\" style=\"padding-left:{}em\">{}{}</td>",
                        r.cells.len(),
                        0.5 + f32::from(r.level),
                        escape(&r.label),
                        cmp.row_note(r)
                            .map(|n| format!("<br>（{}）", escape(&n)))
                            .unwrap_or_default()
                    );
                }
                let delta = c.delta();
                let tone = tone(delta);
                let _ = writeln!(
                    out,
                    "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                     <td class=\"num{tone}\">{}</td><td class=\"num{tone}\">{}</td><td>{}</td></tr>",
                    escape(&c.column),
                    escape(&c.last.show()),
                    escape(&c.this.show()),
                    delta.map(signed).unwrap_or_default(),
                    c.percent().map(signed_percent).unwrap_or_default(),
                    escape(&cmp.note(c).unwrap_or_default()),
                );
            }
        }
        out.push_str("</tbody></table></div>\n");
    }
    if !cmp.counterparts.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>上年</th><th>本年</th>\
             <th>上年值</th><th>本年值</th><th>增减</th><th>增减%</th></tr></thead>\n<tbody>",
            escape(COUNTERPARTS_TITLE)
        );
        for c in &cmp.counterparts {
            let delta = c.cell.delta();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num{tone}\">{}</td><td class=\"num{tone}\">{}</td></tr>",
                escape(&c.last_cells.join("＋")),
                escape(&c.this_cells.join("＋")),
                escape(&c.cell.last.show()),
                escape(&c.cell.this.show()),
                delta.map(signed).unwrap_or_default(),
                c.cell.percent().map(signed_percent).unwrap_or_default(),
                tone = tone(delta),
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    narrative(&mut out, cmp);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The class of a Δ cell: ` up`, ` down` or none.
fn tone(delta: Option<rust_decimal::Decimal>) -> &'static str {
    match delta {
        Some(d) if d.is_sign_positive() && !d.is_zero() => " up",
        Some(d) if d.is_sign_negative() && !d.is_zero() => " down",
        _ => "",
    }
}

fn checks(out: &mut String, cmp: &Comparison) {
    let (h, d, u) = cmp.check_counts();
    let _ = writeln!(
        out,
        "<h2>跨期核对</h2>\n<p>成立 {h} 项，不一致 {d} 项，无法核对 {u} 项</p>\n\
         <div class=\"scroll\"><table>\n<thead><tr><th>规则</th><th>核对项</th><th>关系</th>\
         <th>左</th><th>右</th><th>结果</th></tr></thead>\n<tbody>"
    );
    for c in &cmp.checks {
        let (class, detail) = match &c.outcome {
            YearOutcome::Holds => ("ok", String::new()),
            YearOutcome::Differs(m) => ("bad", format!("：{m}")),
            YearOutcome::Unchecked(m) => ("skip", format!("：{m}")),
        };
        let num = |v: Option<rust_decimal::Decimal>| {
            v.map(|v| v.normalize().to_string()).unwrap_or_default()
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"{class}\">{}{}</td></tr>",
            escape(&c.rule),
            escape(&c.item),
            escape(&c.formula),
            num(c.left),
            num(c.right),
            c.outcome.label(),
            escape(&detail)
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn narrative(out: &mut String, cmp: &Comparison) {
    out.push_str("<h2>叙述部分与上年的相似度</h2>\n");
    if let Some(share) = cmp.repeated_share {
        let _ = writeln!(out, "<p>全部叙述与上年重复 {share}%</p>");
    }
    for s in &cmp.sections {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p>{}</p>",
            escape(&s.title),
            escape(&Comparison::similarity_text(&s.repetition))
        );
        let _ = write!(
            out,
            "<div class=\"side\"><div><strong>上年（{}）</strong>\n{}</div><div><strong>本年（{}）</strong>\n",
            cmp.last.year,
            marked(&s.last, &s.repetition.passages),
            cmp.this.year
        );
        out.push_str(&marked(&s.this, &s.repetition.passages));
        out.push_str("</div></div>\n");
    }
}

/// `text` escaped, with the repeated passages in `<mark>`.
fn marked(text: &str, passages: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for r in passage_ranges(text, passages) {
        out.push_str(&escape(&text[at..r.start]));
        let _ = write!(out, "<mark>{}</mark>", escape(&text[r.clone()]));
        at = r.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}
