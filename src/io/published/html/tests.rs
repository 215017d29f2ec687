//! The reader on snippets modelled on real report pages: whole saved pages with their
//! site around the report, Word-pasted bodies, tables with spans, metadata boxes.

use super::*;
use crate::model::Date;

fn cells(flow: &Flow) -> Vec<Vec<String>> {
    flow.rows.clone()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// The rows holding `text` in some cell.
fn rows_with<'a>(flow: &'a Flow, text: &str) -> Vec<&'a Vec<String>> {
    flow.rows
        .iter()
        .filter(|r| r.iter().any(|c| c.contains(text)))
        .collect()
}

/// A report body: title, the six headings, a table of each kind.
const REPORT: &str = "<p style=\"text-align:center\"><strong>某市某局2022年政府信息公开工作年度报告</strong></p>\
    <p>本年度报告根据《条例》编制。</p>\
    <p>一、总体情况</p><p>2022年，我局……</p>\
    <p>二、主动公开政府信息情况</p>\
    <table border=1><tr><td colspan=4>第二十条第（一）项</td></tr>\
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\
    <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>\
    <p>三、收到和处理政府信息公开申请情况</p>\
    <table border=1><tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>\
    <p>四、政府信息公开行政复议、行政诉讼情况</p>\
    <table border=1><tr><td colspan=5>行政复议</td></tr><tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>\
    <tr><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>\
    <p>五、存在的主要问题及改进情况</p><p>一是……</p>\
    <p>六、其他需要报告的事项</p><p>无。</p>";

/// A page as saved from a government site, `body` in its content box.
fn site_page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=utf-8>\
         <meta name=\"ContentSource\" content=\"某市人民政府网\">\
         <meta name=\"PubDate\" content=\"2023-01-20 09:00\">\
         <title>某市某局2022年政府信息公开工作年度报告_某市人民政府</title>\
         <style>.nav{{color:red}}</style><script>var menu = '<p>一、总体情况</p>';</script></head>\
         <body><div class=\"header\"><ul class=\"nav\"><li><a href=\"/\">首页</a></li>\
         <li><a href=\"/zwgk\">政务公开</a></li><li><a href=\"/xzxk\">行政许可</a></li></ul>\
         <form><input name=q placeholder=\"请输入关键字\"><button>搜索</button></form></div>\
         <div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/nb\">政府信息公开年报</a></div>\
         <div class=\"main\"><div class=\"side\"><h3>年度报告</h3><ul>\
         <li><a href=\"/nb/2021.html\">某市某局2021年政府信息公开工作年度报告</a></li>\
         <li><a href=\"/nb/2020.html\">某市某局2020年政府信息公开工作年度报告</a></li></ul></div>\
         <div class=\"article\"><table class=\"xxgk\"><tr><td>索 引 号：</td><td>11320000/2023-00012</td>\
         <td>主题分类：</td><td>综合政务</td></tr><tr><td>发布机构：</td><td>某市某局</td>\
         <td>公开日期：</td><td>2023-01-18</td></tr><tr><td>文　　号：</td><td></td>\
         <td>成文日期：</td><td>2023年01月16日</td></tr></table>\
         <div class=\"content\">{body}</div>\
         <div class=\"share\">分享到：<a>微信</a><a>微博</a></div>\
         <div class=\"tools\">【<a href=\"javascript:window.print()\">打印本页</a>】【<a>关闭窗口</a>】</div></div></div>\
         <div class=\"footer\"><p>主办单位：某市人民政府办公室 版权所有</p>\
         <p>网站标识码：3201000001 苏ICP备05009148号</p></div></body></html>"
    )
}

#[test]
fn a_saved_page_gives_only_the_report() {
    let flow = rows(&site_page(REPORT));
    let text: Vec<String> = flow.rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(
        text.first().map(String::as_str),
        Some("某市某局2022年政府信息公开工作年度报告")
    );
    assert_eq!(text.last().map(String::as_str), Some("无。"));
    for chrome in [
        "首页",
        "搜索",
        "当前位置",
        "2021年",
        "索",
        "发布机构",
        "分享到",
        "打印",
        "版权所有",
        "ICP备",
        "一、总体情况';",
        "行政许可",
    ] {
        assert!(
            !text.iter().any(|t| t.contains(chrome)),
            "{chrome} in {text:#?}"
        );
    }
    assert_eq!(rows_with(&flow, "一、总体情况").len(), 1);
    assert!(text.contains(&"规章|0|0|0".to_owned()));
}

#[test]
fn the_metadata_box_gives_agency_and_date() {
    let flow = rows(&site_page(REPORT));
    assert_eq!(flow.meta.agency.as_deref(), Some("某市某局"));
    // 公开日期 before the meta tag's PubDate and 成文日期.
    assert_eq!(flow.meta.published, Date::new(2023, 1, 18));
}

#[test]
fn metadata_in_lists_lines_and_meta_tags() {
    // One line holding several labels; 发布时间 with a time after the date.
    let flow = rows(&format!(
        "<div class=info><span>发布时间：2023/1/18 10:22:31</span>&nbsp;<span>来源：某县人民政府办公室</span>\
         <span>浏览次数：352</span></div><div>{REPORT}</div>"
    ));
    assert_eq!(flow.meta.agency.as_deref(), Some("某县人民政府办公室"));
    assert_eq!(flow.meta.published, Date::new(2023, 1, 18));
    // 来源 that is a website is no agency; the meta tag's date is taken.
    let flow = rows(&format!(
        "<head><meta name=PubDate content=\"2023-01-30 08:00\"></head>\
         <ul><li>来源：本站原创</li></ul>{REPORT}"
    ));
    assert_eq!(flow.meta.agency, None);
    assert_eq!(flow.meta.published, Date::new(2023, 1, 30));
    // 发文机关 over 来源; 成文日期 when nothing else is given.
    let flow = rows(&format!(
        "<table><tr><td><b>发文机关：</b></td><td>某省某厅</td><td><b>成文日期：</b></td>\
         <td>2023年01月16日</td></tr><tr><td>来源：</td><td>某省政务服务中心</td></tr></table>{REPORT}"
    ));
    assert_eq!(flow.meta.agency.as_deref(), Some("某省某厅"));
    assert_eq!(flow.meta.published, Date::new(2023, 1, 16));
}

#[test]
fn source_and_bare_time_on_one_line() {
    // A common article template: 来源 and 时间 side by side, no 发布 in the labels.
    let flow = rows(&format!(
        "<div class=info><span class=article_source>来源：某区某街道办事处</span>\n\
         <span class=article_time>时间：2024-01-03 15:00</span></div>{REPORT}"
    ));
    assert_eq!(flow.meta.agency.as_deref(), Some("某区某街道办事处"));
    assert_eq!(flow.meta.published, Date::new(2024, 1, 3));
}

#[test]
fn dates_written_in_the_report_are_not_the_pages() {
    let flow = rows(&format!(
        "{REPORT}<p>某市某局</p><p>发布时间：2023年1月18日</p>"
    ))
    .meta;
    // 发布时间 after the report's first heading is the report's text, not the page's box.
    assert_eq!(flow.published, None);
}

#[test]
fn the_title_above_the_content_box_is_kept() {
    let page = format!(
        "<div class=detail><h1 class=title>某市某局2022年政府信息公开工作年度报告</h1>\
         <div class=info>发布日期：2023-01-18 字号：【大 中 小】</div>\
         <div class=TRS_Editor>{}</div></div>",
        REPORT.replace(
            "<p style=\"text-align:center\"><strong>某市某局2022年政府信息公开工作年度报告</strong></p>",
            ""
        )
    );
    let flow = rows(&page);
    assert_eq!(
        flow.rows[0],
        row(&["某市某局2022年政府信息公开工作年度报告"])
    );
    assert_eq!(flow.rows[1], row(&["本年度报告根据《条例》编制。"]));
    assert!(rows_with(&flow, "字号").is_empty());
}

#[test]
fn the_page_title_stands_in_for_a_missing_title() {
    let page = format!(
        "<title>某市某局2022年政府信息公开工作年度报告 - 某市人民政府</title><div>{}</div>",
        REPORT.replace(
            "<p style=\"text-align:center\"><strong>某市某局2022年政府信息公开工作年度报告</strong></p>",
            ""
        )
    );
    let flow = rows(&page);
    assert_eq!(
        flow.rows[0],
        row(&["某市某局2022年政府信息公开工作年度报告"])
    );
    assert_eq!(flow.places[0], Place::Unknown);
}

#[test]
fn the_signature_after_the_content_box_is_kept() {
    let page = format!(
        "<div class=content>{REPORT}</div><p style=\"text-align:right\">某市某局</p>\
         <p style=\"text-align:right\">2023年1月18日</p><div>【打印本页】</div>"
    );
    let text: Vec<String> = rows(&page).rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(text[text.len() - 2..], ["某市某局", "2023年1月18日"]);
}

#[test]
fn chrome_inside_the_content_box_is_dropped() {
    let page = format!(
        "<div class=content>{REPORT}<p>扫一扫在手机打开当前页</p><p>【打印本页】 【关闭窗口】</p></div>"
    );
    let text: Vec<String> = rows(&page).rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(text.last().map(String::as_str), Some("无。"));
}

#[test]
fn words_of_the_chrome_in_the_reports_text_stay() {
    let page = format!(
        "<div class=content>{}<p>阅读次数：1024</p><p><a href=a.pdf>附件：2022年年报.pdf</a></p></div>",
        REPORT.replace(
            "<p>一是……</p>",
            "<p>网站首页访问次数较上年下降。</p><p>技术支持单位响应不及时。</p>"
        )
    );
    let text: Vec<String> = rows(&page).rows.iter().map(|r| r.join("|")).collect();
    assert!(text.contains(&"网站首页访问次数较上年下降。".to_owned()));
    assert!(text.contains(&"技术支持单位响应不及时。".to_owned()));
    assert_eq!(text.last().map(String::as_str), Some("无。"));
}

#[test]
fn a_breadcrumb_is_no_title() {
    let page = format!(
        "<div class=crumb>首页 &gt; 政府信息公开年报 &gt; 某市某局2022年政府信息公开工作年度报告</div>\
         <div class=content>{}</div>",
        REPORT.replace(
            "<p style=\"text-align:center\"><strong>某市某局2022年政府信息公开工作年度报告</strong></p>",
            ""
        )
    );
    assert_eq!(rows(&page).rows[0], row(&["本年度报告根据《条例》编制。"]));
}

#[test]
fn a_page_without_headings_is_kept_whole_but_for_menus_and_footer() {
    let flow = rows(
        "<nav><p>首页</p></nav><ul><li><a href=x>政务公开</a></li></ul>\
         <p>某局2022年度报告</p><p>正文</p><div class=footer>版权所有：某市人民政府</div>",
    );
    assert_eq!(
        cells(&flow),
        vec![row(&["某局2022年度报告"]), row(&["正文"])]
    );
}

#[test]
fn a_hidden_copy_is_read_only_when_nothing_else_is_the_report() {
    let visible = rows(&format!(
        "<div style=\"display: none\">{}</div><div>{REPORT}</div>",
        REPORT.replace("无。", "隐藏")
    ));
    assert!(rows_with(&visible, "隐藏").is_empty());
    assert_eq!(rows_with(&visible, "一、总体情况").len(), 1);
    let hidden = rows(&format!("<div style=\"display:none\">{REPORT}</div>"));
    assert_eq!(rows_with(&hidden, "一、总体情况").len(), 1);
}

#[test]
fn of_two_copies_one_is_read() {
    let flow = rows(&format!("<div>{REPORT}</div><div>{REPORT}</div>"));
    assert_eq!(rows_with(&flow, "二、主动公开").len(), 1);
}

/// A Word-pasted body: runs in nested span/font/o:p, source lines broken inside words.
const WORD: &str = "<div class=WordSection1>\
<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;\nfont-family:方正小标宋简体'>某县\n某局<span lang=EN-US>2021</span>年政府信息公开工作年度报告<span\nlang=EN-US><o:p></o:p></span></span></b></p>\n\
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\
<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>一、总体情况</span></b></p>\n\
<p class=MsoNormal><span style='font-family:仿宋'>本年度，我局共收到政府信息公开申请\n<span lang=EN-US>12</span>件。</span></p>\n\
<p class=MsoNormal><font face=黑体><span>二</span></font><span>、主动公开政府信息情况</span></p>\n\
<p class=MsoNormal><span>三</span>\n<span>、收到和处理政府</span><span>信息公开申请情况</span></p>\n\
</div>";

#[test]
fn word_heading_anchors_are_no_links() {
    // Word wraps headings in bookmarks (`<a name=_Toc…>`); a table of contents links
    // them, and is left out.
    let flow = rows(&format!(
        "<p><a href=\"#_Toc1\">一、总体情况</a></p>{}",
        REPORT
            .replace(
                "<p>一、总体情况</p>",
                "<h1><a name=\"_Toc1\">一、总体情况</a></h1>"
            )
            .replace(
                "<p>二、主动公开政府信息情况</p>",
                "<h1><a name=_Toc2>二、主动公开政府信息情况</a></h1>"
            )
            .replace(
                "<p>五、存在的主要问题及改进情况</p>",
                "<h1><a name=_Toc5>五、存在的主要问题及改进情况</a></h1>"
            )
    ));
    assert_eq!(rows_with(&flow, "一、总体情况").len(), 1);
    assert_eq!(rows_with(&flow, "二、主动公开").len(), 1);
    assert_eq!(
        flow.rows[0],
        row(&["某市某局2022年政府信息公开工作年度报告"])
    );
}

#[test]
fn word_runs_join_without_spaces() {
    let flow = rows(WORD);
    assert_eq!(
        cells(&flow),
        vec![
            row(&["某县某局2021年政府信息公开工作年度报告"]),
            row(&["一、总体情况"]),
            row(&["本年度，我局共收到政府信息公开申请12件。"]),
            row(&["二、主动公开政府信息情况"]),
            row(&["三、收到和处理政府信息公开申请情况"]),
        ]
    );
}

#[test]
fn word_conditional_comments_and_a_nested_page_inside_an_article() {
    let page = format!(
        "<html><head><title>某市人民政府</title></head><body><div class=nav><a>首页</a></div>\
         <article><html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>\
         <meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\
         <title>一、总体情况</title><!--[if gte mso 9]><xml><o:DocumentProperties>\
         <o:Author>张三</o:Author></o:DocumentProperties></xml><![endif]-->\
         <style><!-- p.MsoNormal {{margin:0cm}} --></style></head><body lang=ZH-CN>{}\
         </body></html></article><div class=footer>版权所有</div></body></html>",
        WORD.replace(
            "</div>",
            "<p class=MsoNormal><![if !supportLists]><span>（一）<span style='font:7.0pt \"Times New Roman\"'>\
             &nbsp;&nbsp;</span></span><![endif]>主动公开情况</p></div>"
        )
    );
    let text: Vec<String> = rows(&page).rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(text[0], "某县某局2021年政府信息公开工作年度报告");
    assert_eq!(
        text.iter().filter(|t| t.contains("一、总体情况")).count(),
        1
    );
    assert!(
        !text
            .iter()
            .any(|t| t.contains("张三") || t.contains("margin"))
    );
    assert_eq!(
        text.last().map(String::as_str),
        Some("（一）\u{a0}\u{a0}主动公开情况")
    );
}

#[test]
fn a_fragment_without_html_or_body() {
    let flow = rows("一、总体情况<br>正文<table><tr><td>规章<td>1<td>2<td>3</table>");
    assert_eq!(
        cells(&flow),
        vec![
            row(&["一、总体情况"]),
            row(&["正文"]),
            row(&["规章", "1", "2", "3"])
        ]
    );
}

#[test]
fn unquoted_attributes_and_missing_end_tags() {
    let flow = rows(
        "<table border=1 width=100%><tr><td rowspan=2 width=30%>三、本年度办理结果\
         <td colspan=2>（一）予以公开<td align=center>1<tr><td colspan=2>（二）部分公开<td>2</table>",
    );
    assert_eq!(
        cells(&flow),
        vec![
            row(&["三、本年度办理结果", "（一）予以公开", "1"]),
            row(&["（二）部分公开", "2"]),
        ]
    );
}

#[test]
fn blank_cells_stay_at_their_columns() {
    let flow = rows(
        "<table><tr><td><p><span>规章</span></p></td>\
         <td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>\
         <td>&nbsp;&nbsp;</td><td>\u{3000}</td><td></td><td> 3 </td></tr></table>",
    );
    assert_eq!(cells(&flow), vec![row(&["规章", "", "", "", "", "3"])]);
}

#[test]
fn header_cells_of_several_paragraphs_and_breaks() {
    let flow = rows(
        "<table><tr><th><p>本年新</p><p>制作数量</p></th><th>商业<br>企业</th>\
         <td>（二）部分公开（区分处理的，<br/>只计这一情形，不计其他情形）</td></tr></table>",
    );
    assert_eq!(
        cells(&flow),
        vec![row(&[
            "本年新\n制作数量",
            "商业\n企业",
            "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）"
        ])]
    );
}

#[test]
fn a_label_spanning_three_columns_keeps_its_values_in_place() {
    let flow = rows(
        "<table><tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>\
         <td colspan=7>申请人情况</td></tr>\
         <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
         <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
         <tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td></td><td>&nbsp;</td><td>0</td><td>0</td><td>1</td><td>6</td></tr>\
         <tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>\
         <tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>\
         <tr><td>2.其他法律行政法规禁止公开</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td></td></tr></table>",
    );
    let r = cells(&flow);
    assert_eq!(
        r[2],
        row(&[
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ])
    );
    assert_eq!(
        r[3],
        row(&[
            "一、本年新收政府信息公开申请数量",
            "5",
            "",
            "",
            "0",
            "0",
            "1",
            "6"
        ])
    );
    assert_eq!(r[4].len(), 2 + 7);
    assert_eq!(r[5][..2], row(&["（三）不予公开", "1.属于国家秘密"]));
    assert_eq!(r[5].len(), 2 + 7);
    // Rowspan continuations as the leading labels: the row starts with its own label.
    assert_eq!(r[6][0], "2.其他法律行政法规禁止公开");
    assert_eq!(r[6].len(), 1 + 7);
    assert_eq!(r[6][7], "");
}

#[test]
fn irregular_word_grids_print_each_cell_once() {
    // Word's grid is finer than the form's columns: colspans in value rows do not
    // line up with the header's, and are not repeated.
    let flow = rows(
        "<table><tr><td>信息内容</td><td>本年新<br>制作数量</td><td colspan=2>本年新<br>公开数量</td><td>对外公开总数量</td></tr>\
         <tr><td>规章</td><td>13</td><td colspan=2>13</td><td>524</td></tr>\
         <tr><td>行政许可</td><td colspan=2>0</td><td>0</td><td>0</td></tr></table>",
    );
    let r = cells(&flow);
    assert_eq!(r[1], row(&["规章", "13", "13", "524"]));
    assert_eq!(r[2], row(&["行政许可", "0", "0", "0"]));
}

#[test]
fn word_placeholder_cells_and_column_width_rows_are_no_cells() {
    let flow = rows(
        "<table class=MsoNormalTable><tr><td width=0 style='border:none;padding:0;mso-cell-special:placeholder'><p class='MsoNormal'>&nbsp;</p></td>\
         <td>规章</td><td>0</td></tr>\
         <![if !supportMisalignedColumns]><tr height=0><td width=0 style='border:none'></td>\
         <td width=120 style='border:none'></td><td width=60 style='border:none'></td></tr><![endif]></table>",
    );
    assert_eq!(cells(&flow), vec![row(&["规章", "0"])]);
}

#[test]
fn places_count_paragraphs_and_tables_of_the_report() {
    let flow = rows(&site_page(REPORT));
    let first_table = flow
        .rows
        .iter()
        .position(|r| r[0].contains("第二十条"))
        .expect("table 2");
    // The metadata box is a table of the page, not of the report.
    assert_eq!(
        flow.places[first_table],
        Place::TableRow { table: 1, row: 1 }
    );
    let rule = flow.rows.iter().position(|r| r[0] == "规章").expect("规章");
    assert_eq!(flow.places[rule], Place::TableRow { table: 1, row: 3 });
    let review = flow
        .rows
        .iter()
        .position(|r| r[0] == "结果维持")
        .expect("table 4");
    assert_eq!(flow.places[review], Place::TableRow { table: 3, row: 2 });
    assert_eq!(flow.places[0], Place::Paragraph { paragraph: 1 });
    let overview = flow
        .rows
        .iter()
        .position(|r| r[0] == "一、总体情况")
        .expect("一");
    assert_eq!(flow.places[overview], Place::Paragraph { paragraph: 3 });
}

#[test]
fn layout_frames_around_the_report_are_not_tables() {
    // gov.cn style: the metadata box and the text each in a frame of nested tables.
    let page = format!(
        "<table width=724><tr><td><table class=bd1><tr><td><b>索 引 号：</b></td><td>000014349/2023-00012</td></tr>\
         <tr><td><b>发文机关：</b></td><td>某部</td><td><b>发布日期：</b></td><td>2023年01月18日</td></tr></table></td></tr></table>\
         <table width=724><tr><td><table><tr><td id=UCAP-CONTENT>{REPORT}</td></tr></table></td></tr></table>"
    );
    let flow = rows(&page);
    assert_eq!(flow.meta.agency.as_deref(), Some("某部"));
    assert_eq!(flow.meta.published, Date::new(2023, 1, 18));
    assert_eq!(
        flow.rows[0],
        row(&["某市某局2022年政府信息公开工作年度报告"])
    );
    assert!(rows_with(&flow, "索").is_empty());
    assert!(flow.rows.contains(&row(&["规章", "0", "0", "0"])));
}

#[test]
fn the_last_sections_text_after_the_element_is_kept() {
    let page = format!(
        "<div class=content>{}</div><p>无。</p><p>某市某局</p><div class=share>分享到：</div><p>相关文章</p>",
        REPORT.replace("<p>无。</p>", "")
    );
    let text: Vec<String> = rows(&page).rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(
        text[text.len() - 3..],
        ["六、其他需要报告的事项", "无。", "某市某局"]
    );
}

#[test]
fn a_metadata_box_inside_the_content_box_is_dropped() {
    let page = format!(
        "<div class=content><table><tr><td>索引号：</td><td>123/2023-1</td><td>发布机构：</td><td>某局</td></tr>\
         <tr><td>发布日期</td><td>2023-01-18</td></tr></table>\
         <p>来源：某局　　发布时间：2023-01-18 浏览次数：12</p>{REPORT}</div>"
    );
    let flow = rows(&page);
    assert_eq!(
        flow.rows[0],
        row(&["某市某局2022年政府信息公开工作年度报告"])
    );
    assert_eq!(flow.places[0], Place::Paragraph { paragraph: 1 });
    for label in ["索引号", "发布机构", "发布日期", "来源"] {
        assert!(rows_with(&flow, label).is_empty(), "{label}");
    }
    assert_eq!(flow.meta.published, Date::new(2023, 1, 18));
}

#[test]
fn without_headings_the_tables_labels_find_the_report_and_menus_do_not() {
    // No numbered headings (the page shows them as images): the tables decide, and the
    // menu's links with the tables' words (行政许可, 自然人) do not count.
    let tables = REPORT
        .split("<table")
        .skip(1)
        .map(|t| {
            format!(
                "<table{}",
                &t[..t.find("</table>").map_or(t.len(), |e| e + 8)]
            )
        })
        .collect::<String>();
    let page = format!(
        "<div class=menu><a href=a>信息内容</a><a href=b>自然人</a><a href=c>结果维持</a>\
         <a href=d>予以公开</a></div><div class=side><p>联系电话：12345</p></div>\
         <div class=content>{tables}</div>"
    );
    let flow = rows(&page);
    assert!(rows_with(&flow, "联系电话").is_empty(), "{:#?}", flow.rows);
    assert_eq!(flow.rows[0], row(&["第二十条第（一）项"]));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Tag soup of the pieces report pages are made of never breaks the reader: it
    /// gives rows, each with its place, and no paragraph of only spaces.
    #[test]
    fn any_tag_soup_reads(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<td rowspan=3>", "<td colspan=2>",
        "<td rowspan=0>", "<th>", "<tbody>", "<p>", "</p>", "<div>", "</div>", "<br>", "<span>",
        "</span>", "<a href=x>", "</a>", "<html>", "<body>", "<head>", "</head>", "<title>",
        "</title>", "<script>", "</script>", "<style>", "<!--", "-->", "<![if !supportMisalignedColumns]>",
        "<![endif]>", "<o:p>", "</o:p>", "&nbsp;", "\u{3000}", " ", "\n", "一、总体情况",
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "规章", "0", "12",
        "发布机构：", "某局", "公开日期：2023-01-18", "年度报告", "2022年", "<div style=display:none>",
        "<td style='mso-cell-special:placeholder'>", "版权所有",
    ]), 0..120)) {
        let html: String = pieces.concat();
        let flow = rows(&html);
        proptest::prop_assert_eq!(flow.rows.len(), flow.places.len());
        for (r, place) in flow.rows.iter().zip(&flow.places) {
            proptest::prop_assert!(!r.is_empty());
            if matches!(place, Place::Paragraph { .. }) {
                proptest::prop_assert!(r.len() == 1 && !super::walk::blank(&r[0]), "{:?}", r);
            }
        }
    }
}
