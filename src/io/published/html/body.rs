//! Which rows of a page are the report: the element holding its section headings (or,
//! without them, the labels of its tables), its title when the page prints it above that
//! element, and its signature lines when they follow it. Menus, search forms,
//! breadcrumbs, share buttons, the metadata box and the footer stay out.

use std::sync::LazyLock;

use super::dom::Dom;
use super::walk::{At, Raw};
use crate::io::labels::normalise;

/// Longest line taken for a heading or a table label.
const MAX_MARKER_CHARS: usize = 40;

/// Most rows taken after the report's element when its last section is empty there.
const MAX_TAIL: usize = 50;

/// Fewest distinct headings or labels that make a part of the page the report.
const MIN_MARKERS: u32 = 3;

/// Keywords of the six section headings (after `一、` … `六、`).
const HEADINGS: [(&str, &[&str]); 6] = [
    ("一、", &["总体情况", "概述", "基本情况"]),
    ("二、", &["主动公开"]),
    ("三、", &["申请"]),
    ("四、", &["复议", "诉讼"]),
    ("五、", &["问题"]),
    ("六、", &["其他", "其它"]),
];

/// Labels printed in the report's tables (a short line containing one).
const TABLE_LABELS: &[&str] = &[
    "第二十条第（一）项",
    "第二十条第（五）项",
    "信息内容",
    "本年新收",
    "上年结转",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "结转下年度",
    "自然人",
    "商业企业",
    "法律服务机构",
    "结果维持",
    "结果纠正",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    "行政事业性收费",
    "规范性文件",
];

static HEADING_KEYS: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
    HEADINGS
        .iter()
        .map(|(n, ks)| (normalise(n), ks.iter().map(|k| normalise(k)).collect()))
        .collect()
});

static LABEL_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| TABLE_LABELS.iter().map(|l| normalise(l)).collect());

/// Bits of the section headings (0–5) and table labels (6…) a row shows (none for a
/// row of links: menus, tables of contents).
fn markers(row: &Raw) -> (u32, u32) {
    if row.link_only {
        return (0, 0);
    }
    shown_markers(row)
}

/// Bits of the section headings and table labels in a row's text.
fn shown_markers(row: &Raw) -> (u32, u32) {
    let (mut headings, mut labels) = (0, 0);
    for line in row.cells.iter().flat_map(|c| c.split('\n')) {
        if line.chars().count() > MAX_MARKER_CHARS {
            continue;
        }
        let n = normalise(line);
        for (i, (number, keys)) in HEADING_KEYS.iter().enumerate() {
            if let Some(rest) = n.strip_prefix(number.as_str())
                && keys.iter().any(|k| rest.contains(k.as_str()))
            {
                headings |= 1 << i;
            }
        }
        for (i, key) in LABEL_KEYS.iter().enumerate() {
            if n.contains(key.as_str()) {
                labels |= 1 << i;
            }
        }
    }
    (headings, labels)
}

/// Whether a row is a section heading.
pub fn is_heading(row: &Raw) -> bool {
    matches!(row.at, At::Line) && markers(row).0 != 0
}

/// The part of the page that is the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The element holding it.
    pub element: usize,
}

/// The report's element: the innermost element holding every section heading of the
/// page (when it has at least three), else every table label; `None` when the page has
/// too few of either to tell.
pub fn find(dom: &Dom, rows: &[Raw]) -> Option<Report> {
    let marks: Vec<(u32, u32)> = rows.iter().map(markers).collect();
    let headings = marks.iter().fold(0, |m, (h, _)| m | h);
    let labels = marks.iter().fold(0, |m, (_, l)| m | l);
    let pick = |bits: &dyn Fn(&(u32, u32)) -> u32, all: u32| {
        let mut under = vec![0u32; dom.nodes.len()];
        for (row, m) in rows.iter().zip(&marks) {
            let b = bits(m);
            if b == 0 {
                continue;
            }
            under[row.origin] |= b;
            for a in dom.ancestors(row.origin) {
                under[a] |= b;
            }
        }
        // The deepest element with them all (the first, for two copies of the report).
        (0..dom.nodes.len())
            .filter(|&id| under[id] == all)
            .max_by_key(|&id| (dom.ancestors(id).count(), std::cmp::Reverse(id)))
    };
    let element = if headings.count_ones() >= MIN_MARKERS {
        pick(&|m| m.0, headings)
    } else if headings.count_ones() + labels.count_ones() >= MIN_MARKERS {
        let both = |m: &(u32, u32)| m.0 | (m.1 << 6);
        pick(&both, headings | (labels << 6))
    } else {
        None
    }?;
    Some(Report { element })
}

/// The rows of the report in `rows` (indices), in order: those read inside its element,
/// its title printed above it, and signature lines right after it. Without a report
/// element, every row but links, the page's chrome and its metadata box.
pub fn report_rows(dom: &Dom, rows: &[Raw], report: Option<Report>) -> Vec<usize> {
    let Some(Report { element }) = report else {
        return (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                !r.link_only
                    && !is_chrome(r)
                    && !is_meta(r)
                    && !dom
                        .ancestors(r.origin)
                        .chain([r.origin])
                        .any(|a| matches!(dom.name(a), "nav" | "footer"))
            })
            .collect();
    };
    let inside: Vec<usize> = (0..rows.len())
        .filter(|&i| dom.within(rows[i].origin, element))
        .collect();
    let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let titled = inside
        .iter()
        .take_while(|&&i| !is_heading(&rows[i]))
        .any(|&i| is_title(&rows[i]));
    if !titled && let Some(t) = (0..first).rev().find(|&i| is_title(&rows[i])) {
        out.push(t);
    }
    out.extend(inside.into_iter().filter(|&i| {
        let r = &rows[i];
        // A table of contents links the headings: they are read where they stand.
        let toc = r.link_only && shown_markers(r).0 != 0;
        !(is_chrome(r) || is_meta(r) || toc)
    }));
    // Links after the report's text: attachments and related pages.
    while out.last().is_some_and(|&i| rows[i].link_only) {
        out.pop();
    }
    if is_heading(&rows[last]) {
        // The last section's text is not in the element: it follows it.
        out.extend((last + 1..rows.len()).take(MAX_TAIL).take_while(|&i| {
            let r = &rows[i];
            !r.link_only && !is_chrome(r) && !is_meta(r) && !is_heading(r)
        }));
    } else {
        out.extend(
            (last + 1..rows.len())
                .take(3)
                .take_while(|&i| is_signature(&rows[i])),
        );
    }
    out
}

/// Whether a row is a title of the report: a short line with `年度报告` and a year.
pub fn is_title(row: &Raw) -> bool {
    if row.link_only || row.cells.len() != 1 {
        return false;
    }
    let t = &row.cells[0];
    // Not a breadcrumb (首页 > 年度报告 > …).
    t.chars().count() <= 80 && t.contains("年度报告") && has_year(t) && !t.contains(['>', '›', '»'])
}

fn has_year(t: &str) -> bool {
    let digits: Vec<char> = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    digits.windows(4).any(|w| {
        let s: String = w.iter().collect();
        s.parse::<u32>().is_ok_and(|y| (2000..=2100).contains(&y))
    })
}

/// A signature line after the report: the agency's name or a date.
fn is_signature(row: &Raw) -> bool {
    if row.link_only || row.cells.len() != 1 || !matches!(row.at, At::Line) {
        return false;
    }
    let t: String = row.cells[0]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    t.chars().count() <= 30 && (is_written_date(&t) || super::meta::looks_like_agency(&t))
}

/// `2023年1月18日`, `二〇二三年一月十八日`.
fn is_written_date(t: &str) -> bool {
    let numeral = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇○零一二三四五六七八九十".contains(c)
    };
    let Some((y, rest)) = t.split_once('年') else {
        return false;
    };
    let Some((m, d)) = rest.split_once('月') else {
        return false;
    };
    let Some(d) = d.strip_suffix('日') else {
        return false;
    };
    [y, m, d]
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(numeral))
}

/// Words of the page around a document: printing, sharing, font size, navigation and
/// the footer. A short line holding one is not the report's.
const CHROME: &[&str] = &[
    "打印本页",
    "打印此页",
    "打印页面",
    "【打印】",
    "[打印]",
    "关闭窗口",
    "关闭本页",
    "【关闭】",
    "[关闭]",
    "分享到",
    "扫一扫在手机",
    "【字体",
    "【大中小】",
    "[大中小]",
    "大中小",
    "版权所有",
    "ICP备",
    "网站标识码",
    "公网安备",
    "上一篇",
    "下一篇",
    "上一页",
    "下一页",
    "返回顶部",
    "我要纠错",
    "加入收藏",
    "收藏本页",
    "当前位置",
    "您的位置",
    "现在的位置",
    "Copyright",
    "©",
];

/// Words of the page's chrome that a report may also use (访问次数 of its website):
/// chrome only as a label (`浏览次数：128`).
const CHROME_LABELS: &[&str] = &[
    "字号",
    "字体",
    "浏览次数",
    "阅读次数",
    "访问次数",
    "访问量",
    "点击数",
    "点击量",
    "技术支持",
    "主办单位",
    "承办单位",
    "维护单位",
];

/// Whether a row is the page's chrome rather than the report's text.
pub fn is_chrome(row: &Raw) -> bool {
    let t: String = row
        .cells
        .iter()
        .flat_map(|c| c.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    t.chars().count() <= 80
        && (CHROME.iter().any(|w| t.contains(w))
            || CHROME_LABELS
                .iter()
                .any(|w| t.contains(&format!("{w}：")) || t.contains(&format!("{w}:"))))
}

/// Labels of a page's metadata box.
pub const META_LABELS: &[&str] = &[
    "索引号",
    "发布机构",
    "发文机关",
    "发布单位",
    "发文单位",
    "公开日期",
    "公开时间",
    "发布日期",
    "发布时间",
    "成文日期",
    "发文日期",
    "文号",
    "发文字号",
    "主题分类",
    "信息来源",
    "文章来源",
    "来源",
    "生效日期",
    "有效性",
    "时效性",
    "公开方式",
    "公开范围",
    "信息分类",
    "体裁分类",
    "组配分类",
    "主题词",
    "关键词",
    "所属机构",
    "责任编辑",
    "作者",
    "时间",
    "日期",
];

/// Whether a row belongs to the metadata box: it starts with one of its labels followed
/// by a colon, or with a cell holding only a label.
pub fn is_meta(row: &Raw) -> bool {
    let Some(first) = row.cells.iter().find(|c| !c.trim().is_empty()) else {
        return false;
    };
    let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    let total: usize = row.cells.iter().map(|c| c.chars().count()).sum();
    total <= 200
        && META_LABELS.iter().any(|l| {
            compact.strip_prefix(l).is_some_and(|rest| {
                rest.starts_with(['：', ':']) || (rest.is_empty() && row.cells.len() > 1)
            })
        })
}

/// The row of the page's own title (`<title>`, else `<meta name=ArticleTitle>`) when it
/// names the report: the part before the site's name.
pub fn page_title(dom: &Dom) -> Option<String> {
    let titles = (0..dom.nodes.len()).filter_map(|id| match dom.name(id) {
        "title" => {
            let t: String = dom.nodes[id]
                .children
                .iter()
                .filter_map(|&c| match &dom.nodes[c].kind {
                    super::dom::Kind::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            Some(t)
        }
        "meta" => dom
            .element(id)?
            .meta
            .as_ref()
            .filter(|(k, _)| k == "articletitle")
            .map(|(_, v)| v.clone()),
        _ => None,
    });
    for t in titles {
        let t = super::walk::clean_line(&t);
        if let Some(part) = t
            .split(['_', '|', '｜'])
            .flat_map(|p| p.split(" - "))
            .find(|p| p.contains("年度报告"))
        {
            return Some(part.trim().to_owned());
        }
    }
    None
}

/// Whether `row` of `rows` lies in the report's element after its first heading (the
/// report's own text, where no metadata of the page is looked for).
pub fn in_report_text(dom: &Dom, rows: &[Raw], report: Option<Report>) -> Vec<bool> {
    let mut out = vec![false; rows.len()];
    let Some(Report { element }) = report else {
        return out;
    };
    let mut started = false;
    for (i, r) in rows.iter().enumerate() {
        if dom.within(r.origin, element) {
            started |= is_heading(r);
            out[i] = started;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::walk::walk;
    use super::*;

    #[test]
    fn markers_need_the_numbered_heading() {
        let rows = walk(
            &Dom::parse(
                "<p>一、总体情况</p><p>全文包括总体情况、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>",
            ),
            false,
        );
        let m: Vec<u32> = rows.iter().map(|r| markers(r).0).collect();
        assert_eq!(m, vec![1, 0, 4]);
    }

    #[test]
    fn the_root_is_never_the_report_of_a_page_without_headings() {
        let dom = Dom::parse("<div><a href=x>行政许可</a><p>规章</p></div>");
        assert_eq!(find(&dom, &walk(&dom, false)), None);
    }

    #[test]
    fn written_dates() {
        assert!(is_written_date("2023年1月18日"));
        assert!(is_written_date("二〇二三年一月十八日"));
        assert!(!is_written_date("2023年度报告"));
    }

    #[test]
    fn page_titles_lose_the_site_name() {
        let dom = Dom::parse("<title>某局2022年政府信息公开工作年度报告_某市人民政府</title>");
        assert_eq!(
            page_title(&dom).as_deref(),
            Some("某局2022年政府信息公开工作年度报告")
        );
        assert_eq!(page_title(&Dom::parse("<title>某市人民政府</title>")), None);
    }
}
