//! What a page says about the report it carries: the publishing agency (发布机构,
//! 发文机关; 来源 when it names an agency) and the publication date (公开日期, 发布日期,
//! 发布时间, the page's `PubDate` meta tag, else 成文日期), read from its metadata box
//! however it is laid out: a table of label and value cells, a list of `label：value`
//! items, or one line holding several of them.

use super::body::META_LABELS;
use super::dom::Dom;
use super::walk::Raw;
use crate::io::published::DocMeta;
use crate::model::Date;

/// Longest line of a metadata box looked at (40 Chinese characters and some spaces).
const MAX_LINE_BYTES: usize = 160;

/// Labels naming the agency that published the page, best first.
const AGENCY: &[&str] = &["发布机构", "发文机关", "发布单位", "发文单位"];

/// Labels naming where the text came from: an agency, or a newspaper or website.
const SOURCE: &[&str] = &["信息来源", "文章来源", "来源"];

/// Labels of dates, by rank (a lower rank is preferred).
const DATES: &[(&str, u8)] = &[
    ("公开日期", 0),
    ("公开时间", 0),
    ("发布日期", 1),
    ("发布时间", 2),
    // Rank 3: the `PubDate` meta tag. Then bare 时间 / 日期 (`来源：某局 时间：…`).
    ("时间", 4),
    ("日期", 4),
    ("成文日期", 5),
    ("发文日期", 5),
];

/// `<meta name=…>` tags of publication dates (rank 3) and sources.
const META_DATES: &[&str] = &[
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "publishtime",
    "article:published_time",
    "dcterms.issued",
];
const META_SOURCES: &[&str] = &["contentsource", "source"];

/// Words after a value in the same line that end it.
const AFTER_VALUE: &[&str] = &[
    "浏览", "阅读", "点击", "访问", "字号", "字体", "分享", "打印", "标题", "名称", "时效", "时间",
    "日期", "【", "[", "|", "｜",
];

/// The page's metadata. `skip[i]`: row `i` is the report's own text, not looked at.
pub fn read(dom: &Dom, rows: &[Raw], skip: &[bool]) -> DocMeta {
    let lines = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
        .flat_map(|(_, r)| r.cells.iter().flat_map(|c| c.split('\n')));
    let tags: Vec<(&str, &str)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(id, _)| dom.element(id)?.meta.as_ref())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    from_lines(lines, &tags)
}

/// The metadata in lines of a page's text (a text copy's first lines, a page's box)
/// and its `<meta>` tags.
pub fn from_lines<'a>(lines: impl Iterator<Item = &'a str>, tags: &[(&str, &str)]) -> DocMeta {
    // A metadata line is short; a paragraph of the report is not looked into.
    let segments: Vec<String> = lines
        .filter(|l| l.len() <= MAX_LINE_BYTES)
        .map(squeeze)
        .filter(|s| !s.is_empty())
        .collect();
    let agency = AGENCY
        .iter()
        .flat_map(|l| labelled(&segments, l))
        .find_map(|v| agency_name(&v))
        .or_else(|| {
            SOURCE
                .iter()
                .flat_map(|l| labelled(&segments, l))
                .chain(
                    tags.iter()
                        .filter(|(k, _)| META_SOURCES.contains(k))
                        .map(|(_, v)| v.chars().filter(|c| !c.is_whitespace()).collect()),
                )
                .filter_map(|v| agency_name(&v))
                .find(|v| looks_like_agency(v))
        });

    let mut dates: Vec<(u8, usize, Date)> = Vec::new();
    for &(label, rank) in DATES {
        if let Some((k, d)) = labelled(&segments, label)
            .iter()
            .enumerate()
            .find_map(|(k, v)| Some((k, find_date(v)?)))
        {
            dates.push((rank, k, d));
        }
    }
    if let Some(d) = tags
        .iter()
        .filter(|(k, _)| META_DATES.contains(k))
        .find_map(|(_, v)| find_date(v))
    {
        dates.push((3, 0, d));
    }
    let published = dates
        .into_iter()
        .min_by_key(|(r, k, _)| (*r, *k))
        .map(|x| x.2);
    DocMeta { agency, published }
}

/// A line with the spaces inside and around Chinese words taken out (`索 引 号：`,
/// `文　　号`, `发布时间： 2023-01-18`), others kept as one (`2023-01-18 10:20`).
fn squeeze(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        while chars.peek().is_some_and(|n| n.is_whitespace()) {
            chars.next();
        }
        let (Some(b), Some(&a)) = (out.chars().next_back(), chars.peek()) else {
            continue;
        };
        if !super::walk::wide(b) && !super::walk::wide(a) {
            out.push(' ');
        }
    }
    out
}

/// The values given for `label`, in page order: what follows `label：` on its line, or,
/// when the label ends its line or cell, the next line or cell.
fn labelled(segments: &[String], label: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        for (p, _) in s.match_indices(label) {
            let rest = &s[p + label.len()..];
            let after = rest.trim_start_matches([':', '：']);
            if after.len() == rest.len() && !rest.is_empty() {
                // A word that merely contains the label (发布机构设置…).
                continue;
            }
            let value = if after.is_empty() {
                match segments.get(i + 1) {
                    Some(next) if !META_LABELS.iter().any(|l| next.starts_with(l)) => next,
                    _ => continue,
                }
            } else {
                after
            };
            let value = cut(value);
            if !value.is_empty() {
                out.push(value.to_owned());
            }
        }
    }
    out
}

/// A value up to the next label on its line.
fn cut(value: &str) -> &str {
    let end = META_LABELS
        .iter()
        .chain(AFTER_VALUE)
        .filter_map(|w| value.find(w))
        .filter(|&p| p > 0)
        .min()
        .unwrap_or(value.len());
    value[..end].trim_matches(|c: char| c.is_whitespace() || ":：,，;；/|（）()".contains(c))
}

/// An agency's name from a value: up to any digits (a date after it), if it is a name.
fn agency_name(value: &str) -> Option<String> {
    let name = value
        .split(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        .next()
        .unwrap_or("")
        .trim_matches([':', '：', ',', '，', '-', '/']);
    (name.chars().count() >= 2 && name.chars().count() <= 50).then(|| name.to_owned())
}

/// Whether a name is an agency's (某市某局, 某区人民政府办公室) rather than a website's or
/// a newspaper's (本站原创, 某某日报, 中国政府网).
pub fn looks_like_agency(name: &str) -> bool {
    const ENDS: &[&str] = &[
        "局", "委", "办", "院", "府", "厅", "室", "部", "会", "中心", "所", "站", "队", "处", "署",
        "馆", "街道", "镇", "乡", "公司", "区", "县", "市", "集团",
    ];
    const NOT: &[&str] = &[
        "网",
        "报",
        "本站",
        "原创",
        "新闻",
        "电视",
        "广播",
        "微信",
        "微博",
        "新华社",
        "客户端",
        "转载",
        "融媒",
    ];
    let n = name.chars().count();
    (2..=40).contains(&n)
        && name
            .chars()
            .all(|c| super::walk::wide(c) && !"，。：；、！？".contains(c) || "()（）".contains(c))
        && ENDS.iter().any(|e| name.ends_with(e))
        && !NOT.iter().any(|w| name.contains(w))
}

/// The first date written in `s`: `2023-01-18`, `2023/1/18`, `2023.1.18`,
/// `2023年01月18日` (times after it are ignored), full-width digits too.
pub fn find_date(s: &str) -> Option<Date> {
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            c => c,
        })
        .collect();
    let number = |at: usize, max: usize| -> Option<(u32, usize)> {
        let len = chars[at.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if len == 0 || len > max {
            return None;
        }
        let n: String = chars[at..at + len].iter().collect();
        Some((n.parse().ok()?, at + len))
    };
    let skip_spaces = |mut at: usize| {
        while chars.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        }
        at
    };
    let sep = |at: usize, seps: &[char]| {
        let at = skip_spaces(at);
        chars
            .get(at)
            .filter(|c| seps.contains(c))
            .map(|_| skip_spaces(at + 1))
    };
    for start in 0..chars.len() {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        let Some((year, at)) = number(start, 4) else {
            continue;
        };
        if !(1990..=2100).contains(&year) || at - start != 4 {
            continue;
        }
        let Some(at) = sep(at, &['-', '/', '.', '年']) else {
            continue;
        };
        let Some((month, at)) = number(at, 2) else {
            continue;
        };
        let Some(at) = sep(at, &['-', '/', '.', '月']) else {
            continue;
        };
        let Some((day, _)) = number(at, 2) else {
            continue;
        };
        if let Some(d) = Date::new(i32::try_from(year).ok()?, month, day) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_pages_write_them() {
        let want = Date::new(2023, 1, 18);
        for s in [
            "2023-01-18",
            "2023年01月18日",
            "2023/1/18",
            "2023-01-18 10:30:05",
            "[ 2023.1.18 ]",
            "２０２３年１月１８日",
            "发布时间：2023 年 1 月 18 日 09:00",
        ] {
            assert_eq!(find_date(s), want, "{s}");
        }
        for s in ["2023-13-01", "12023-01-18", "2023年度", "1-18"] {
            assert_eq!(find_date(s), None, "{s}");
        }
    }

    #[test]
    fn agencies_and_other_sources() {
        for yes in [
            "某市生态环境局",
            "某区人民政府办公室",
            "某县某镇人民政府",
            "某市（某）委员会",
        ] {
            assert!(looks_like_agency(yes), "{yes}");
        }
        for no in [
            "本站原创",
            "某某日报",
            "中国政府网",
            "新华社",
            "某市融媒体中心",
            "局",
        ] {
            assert!(!looks_like_agency(no), "{no}");
        }
    }

    #[test]
    fn values_end_at_the_next_label() {
        let segs = vec!["索引号：123发布机构：某局发布日期：2023-01-18浏览次数：9".to_owned()];
        assert_eq!(labelled(&segs, "发布机构"), vec!["某局"]);
        assert_eq!(labelled(&segs, "发布日期"), vec!["2023-01-18"]);
        let cells = vec!["发文机关：".to_owned(), "国务院".to_owned()];
        assert_eq!(labelled(&cells, "发文机关"), vec!["国务院"]);
        let words = vec!["发布机构设置情况".to_owned()];
        assert!(labelled(&words, "发布机构").is_empty());
    }
}
