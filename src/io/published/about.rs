//! What a published document says about itself: the agency and year in its title, the
//! 落款 (agency and date) at its end, and which format its tables are worded in.

use super::Flow;
use super::html::meta::looks_like_agency;
use crate::format::Format;
use crate::io::labels::normalise;
use crate::io::sheet_import::find_year;
use crate::model::Date;

/// Agency and year from the title (its lines before the first section, joined: titles
/// are often broken over two lines), else the year from the file name.
pub fn title(flow: &Flow, file_name: &str) -> (Option<String>, Option<i32>) {
    let lines: Vec<&str> = flow
        .rows
        .iter()
        .flatten()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(MAX_TITLE_LINE)
        .collect();
    // The first lines: a whole line first, then lines joined in twos and threes.
    let first = &lines[..lines.len().min(6)];
    for size in 1..=3 {
        for (at, window) in first.windows(size).enumerate() {
            if let Some((agency, year)) = title_in(&window.concat(), |t| t.contains("年度报告"))
            {
                // A title without the agency (「2024 年政府信息公开工作年度报告」) is often
                // printed under the agency's name on a line of its own.
                let above = at.checked_sub(1).map(|i| first[i]);
                let agency = agency.or_else(|| {
                    above
                        .filter(|l| looks_like_agency(l))
                        .and_then(clean_agency)
                });
                return (agency, year);
            }
        }
    }
    // Further down (a saved page printed with its menus first): only a title that ends
    // the line, before the report's first section.
    for size in 1..=2 {
        for window in lines.windows(size) {
            if window.iter().any(|l| l.starts_with("一、")) {
                break;
            }
            if let Some(found) = title_in(&window.concat(), |t| t.ends_with("年度报告")) {
                return found;
            }
        }
    }
    (None, find_year(file_name).map(|(_, y)| y))
}

/// How many lines from the top a title is looked for in.
const MAX_TITLE_LINE: usize = 80;

/// Agency and year in a title `joined` that `is_title` accepts: 「某局2021年度…」, or
/// 「2021年某局政府信息公开工作年度报告」.
fn title_in(
    joined: &str,
    is_title: impl Fn(&str) -> bool,
) -> Option<(Option<String>, Option<i32>)> {
    if !is_title(joined) || joined.chars().count() > 80 {
        return None;
    }
    let (at, year) = find_year(joined)?;
    let agency = clean_agency(&joined[..at]).or_else(|| {
        let after = joined[at + 4..].trim_start();
        let after = after.strip_prefix("年度").or(after.strip_prefix('年'))?;
        let end = ["政府信息公开", "政务公开", "信息公开", "年度报告"]
            .iter()
            .filter_map(|w| after.find(w))
            .min()?;
        clean_agency(&after[..end])
    });
    Some((agency, Some(year)))
}

/// An agency name as a title or page prints it, without what surrounds it there:
/// `# `, `标题：`, `关于`, quotes, and notes like `（未填发布机关）`.
pub fn clean_agency(text: &str) -> Option<String> {
    let mut s = text.trim();
    for prefix in ["标题", "题目", "名称", "发布机构", "发文机关", "来源"] {
        if let Some(rest) = s.strip_prefix(prefix)
            && let Some(rest) = rest.trim_start().strip_prefix([':', '：'])
        {
            s = rest;
        }
    }
    let s = s.trim_start_matches(['#', '*', '>', ' ', '\u{3000}', '《', '“', '"']);
    let s = s.trim_end_matches(['*', ' ', '\u{3000}', '》', '”', '"']);
    let s = s.strip_prefix("关于").unwrap_or(s);
    let s = s.strip_suffix("关于").unwrap_or(s).trim();
    // A note in brackets that says nothing is known (`（未填发布机关）`).
    let s = match s.find(['（', '(']) {
        Some(at) if s[at..].contains("未填") || s[at..].contains("未知") => &s[..at],
        _ => s,
    };
    let s = s.trim();
    let plausible = (2..=40).contains(&s.chars().count())
        && !s.contains(['。', '，', ',', '：', ':'])
        && s.chars().any(|c| c > '\u{2e80}');
    plausible.then(|| s.to_owned())
}

/// The 落款 at the end of the document: the signing agency and the date under it.
pub fn signature(flow: &Flow) -> (Option<String>, Option<Date>) {
    let lines: Vec<&str> = flow
        .rows
        .iter()
        .rev()
        .filter(|r| r.len() == 1)
        .map(|r| r[0].trim())
        .filter(|l| !l.is_empty())
        .take(12)
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let Some((at, date)) = written_date(line) else {
            continue;
        };
        // The agency on the date's line before it, or on the line above.
        let before = line[..at].trim();
        let agency = [before, lines.get(i + 1).copied().unwrap_or("")]
            .into_iter()
            .filter(|t| looks_like_agency(t))
            .find_map(clean_agency);
        return (agency, Some(date));
    }
    (None, None)
}

/// A date written `2022年1月20日` (ASCII, full-width or Chinese numerals) that makes up
/// the end of a short line: its byte offset and the date.
fn written_date(line: &str) -> Option<(usize, Date)> {
    if line.chars().count() > 40 || !line.ends_with('日') {
        return None;
    }
    // The year's characters: four digits, or four Chinese numerals, before 年.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let year_end = chars.iter().rposition(|&(_, c)| c == '年')?;
    let year_start = year_end.checked_sub(4)?;
    let year: String = chars[year_start..year_end]
        .iter()
        .map(|&(_, c)| digit_of(c).map(|d| char::from(b'0' + d as u8)))
        .collect::<Option<String>>()?;
    let rest = &line[chars[year_end].0 + '年'.len_utf8()..];
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let date = Date::new(year.parse().ok()?, small_number(month)?, small_number(day)?)?;
    Some((chars[year_start].0, date))
}

/// A digit written in ASCII, full width or as a Chinese numeral.
fn digit_of(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' | 'Ｏ' | 'O' => Some(0),
        c => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .and_then(|p| u32::try_from(p + 1).ok()),
    }
}

/// A month or day: `1`, `01`, `１２`, `十二`, `二十一`, `三十`.
fn small_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Some((tens, ones)) = text.split_once('十') {
        let tens = if tens.is_empty() { 1 } else { single(tens)? };
        let ones = if ones.is_empty() { 0 } else { single(ones)? };
        return Some(tens * 10 + ones);
    }
    text.chars()
        .try_fold(0u32, |n, c| Some(n.checked_mul(10)? + digit_of(c)?))
        .filter(|_| !text.is_empty())
}

fn single(text: &str) -> Option<u32> {
    let mut chars = text.chars();
    let d = digit_of(chars.next()?)?;
    chars.next().is_none().then_some(d)
}

/// How many of a format's distinctive words (see [`Format::wording`]) the document uses.
pub fn wording_score(format: &Format, labels: &str) -> usize {
    format
        .wording()
        .iter()
        .filter(|w| labels.contains(normalise(w).as_str()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_a_signature_line_read_in_every_numeral() {
        let d = |y, m, d| Date::new(y, m, d);
        assert_eq!(written_date("2022年1月20日").map(|x| x.1), d(2022, 1, 20));
        assert_eq!(
            written_date("２０２２年０１月２０日").map(|x| x.1),
            d(2022, 1, 20)
        );
        assert_eq!(
            written_date("二〇二二年一月二十日").map(|x| x.1),
            d(2022, 1, 20)
        );
        assert_eq!(
            written_date("二○二三年十二月三十一日").map(|x| x.1),
            d(2023, 12, 31)
        );
        assert_eq!(
            written_date("某县信访局 2022年1月5日"),
            Some(("某县信访局 ".len(), Date::new(2022, 1, 5).expect("date")))
        );
        assert_eq!(written_date("2022年13月1日"), None);
        assert_eq!(
            written_date(
                "截至2022年1月5日，全年共办理申请5件，其中予以公开3件等等等等等等等等等等日"
            ),
            None
        );
    }

    #[test]
    fn the_agency_may_follow_the_year_in_a_title() {
        let mut flow = Flow::default();
        for line in ["2024 年上海市科委政府信息公开工作", "年度报告", "根据……"]
        {
            flow.push(vec![line.to_owned()], super::super::Place::Unknown);
        }
        assert_eq!(
            title(&flow, "x.md"),
            (Some("上海市科委".into()), Some(2024))
        );
    }

    #[test]
    fn the_agency_may_stand_on_the_line_above_a_title_without_one() {
        let title_of = |lines: &[&str]| {
            let mut flow = Flow::default();
            for line in lines {
                flow.push(vec![(*line).to_owned()], super::super::Place::Unknown);
            }
            title(&flow, "x.txt")
        };
        assert_eq!(
            title_of(&[
                "    某市人民政府",
                "  2024 年政府信息公开工作年度报告",
                "本报告……"
            ]),
            (Some("某市人民政府".into()), Some(2024))
        );
        // A line above that is no agency's name is not taken for one.
        assert_eq!(
            title_of(&["首页 > 信息公开", "2024 年政府信息公开工作年度报告"]),
            (None, Some(2024))
        );
    }

    #[test]
    fn agencies_lose_what_surrounds_them_in_titles() {
        let c = |s: &str| clean_agency(s);
        assert_eq!(c("# 某市某局"), Some("某市某局".into()));
        assert_eq!(c("标题：某市某局"), Some("某市某局".into()));
        assert_eq!(c("绥德县信访局关于"), Some("绥德县信访局".into()));
        assert_eq!(c("关于某县人民政府"), Some("某县人民政府".into()));
        assert_eq!(c("某局（未填发布机关）"), Some("某局".into()));
        assert_eq!(c("。"), None);
        assert_eq!(c("2021"), None);
    }

    #[test]
    fn the_signature_gives_agency_and_date() {
        let mut flow = Flow::default();
        for line in [
            "六、其他需要报告的事项",
            "无。",
            "",
            "某县交通运输局",
            "2022年1月18日",
        ] {
            let row = if line.is_empty() {
                vec![]
            } else {
                vec![line.to_owned()]
            };
            flow.push(row, super::super::Place::Unknown);
        }
        assert_eq!(
            signature(&flow),
            (Some("某县交通运输局".into()), Date::new(2022, 1, 18))
        );
    }
}
