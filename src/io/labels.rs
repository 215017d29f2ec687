//! Matching the labels of a report as people type them against the official ones:
//! spaces and line breaks anywhere, full-width forms, Traditional characters, quotes
//! and brackets of any style, and numbering written `1.`, `1、`, `1．` or `(一)`.

/// Hash maps keyed by label text: a fast, non-cryptographic hasher (the keys come from
/// the file being read, and nothing depends on their order).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The comparable form of a label: Simplified, half-width, without spaces or the pinyin
/// glosses mirror sites insert (`網(wǎng)站`), brackets and quotes of one kind, and
/// `1、`/`1．` written `1.`.
pub fn normalise(label: &str) -> String {
    // Reports repeat the template's labels: a batch normalises each once per thread.
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<String, String>> =
            std::cell::RefCell::new(HashMap::default());
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(n) = seen.get(label) {
            return n.clone();
        }
        if seen.len() > 100_000 {
            seen.clear();
        }
        let n = normalise_uncached(label);
        seen.insert(label.to_owned(), n.clone());
        n
    })
}

fn normalise_uncached(label: &str) -> String {
    let simplified = simplet2s::convert(&without_pinyin(label));
    simplified.chars().filter_map(fold_char).collect()
}

/// One character in comparable form (see [`normalise`], which also turns Traditional
/// characters into Simplified ones): `None` for white space.
pub fn fold_char(c: char) -> Option<char> {
    Some(match fold_width(c) {
        c if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' => return None,
        '（' | '【' | '〔' | '[' => '(',
        '）' | '】' | '〕' | ']' => ')',
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' => '"',
        '、' | '．' | '。' => '.',
        '：' => ':',
        '，' => ',',
        c => c,
    })
}

/// Drops parenthesised pinyin (`(wǎng)`, `（zhàn）`) that follows a Chinese character.
fn without_pinyin(text: &str) -> String {
    let is_pinyin = |c: char| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ ".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        out.push(c);
        if !is_cjk(c) {
            continue;
        }
        for (open, close) in [('(', ')'), ('（', '）')] {
            if let Some(inner) = rest.strip_prefix(open)
                && let Some(end) = inner.find(close)
                && end > 0
                && inner[..end].chars().all(is_pinyin)
                && inner[..end].chars().any(|c| c != ' ')
            {
                rest = &inner[end + close.len_utf8()..];
                break;
            }
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// The best of `candidates` (a position in document order and a normalised text) for
/// any of the `wanted` labels (normalised), with its closeness; among equally close
/// ones, the first after `after` (rows of a block come in order).
pub fn best_match<'a, P: Copy + Ord>(
    candidates: impl IntoIterator<Item = (P, &'a str)>,
    wanted: &[String],
    after: Option<P>,
) -> Option<(P, u8)> {
    let mut best: Option<(u8, bool, P)> = None;
    for (pos, text) in candidates {
        let score = wanted.iter().map(|w| closeness(text, w)).max().unwrap_or(0);
        if score == 0 {
            continue;
        }
        let in_order = after.is_none_or(|a| pos > a);
        if best.is_none_or(|(s, o, _)| (score, in_order) > (s, o)) {
            best = Some((score, in_order, pos));
        }
    }
    best.map(|(s, _, p)| (p, s))
}

/// Full-width ASCII forms (ＡＢＣ１２３（）) as their ASCII letters.
fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A normalised label without its leading numbering (`一.`, `(三)`, `1.`, `(1)`), for
/// matching a row whose numbering was typed differently or left out.
pub fn without_numbering(normalised: &str) -> &str {
    let mut rest = normalised;
    loop {
        let trimmed = strip_one_number(rest);
        if trimmed.len() == rest.len() {
            return rest;
        }
        rest = trimmed;
    }
}

fn strip_one_number(s: &str) -> &str {
    let is_num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(inner) = s.strip_prefix('(') {
        let n = inner.chars().take_while(|c| is_num(*c)).count();
        if n > 0 {
            let after: usize = inner.chars().take(n).map(char::len_utf8).sum();
            if let Some(rest) = inner[after..].strip_prefix(')') {
                return rest.strip_prefix('.').unwrap_or(rest);
            }
        }
        return s;
    }
    let n = s.chars().take_while(|c| is_num(*c)).count();
    if n == 0 {
        return s;
    }
    let after: usize = s.chars().take(n).map(char::len_utf8).sum();
    match s[after..].strip_prefix('.') {
        Some(rest) => rest,
        None => s,
    }
}

/// How well a label found in a file matches an official one (both normalised): 3 the
/// same, 2 the same but for numbering, 1 one starts with the other (a label printed
/// with or without its parenthesised note), 0 no match.
pub fn closeness(found: &str, official: &str) -> u8 {
    let (f, o) = (Keys::of(found), Keys::of(official));
    if f.exact.is_empty() || o.exact.is_empty() {
        0
    } else if f.exact == o.exact {
        3
    } else if f.bare.is_some() && f.bare == o.bare {
        2
    } else if f.noted.is_some() && f.noted == o.noted {
        1
    } else {
        0
    }
}

/// The forms of a normalised label that [`closeness`] compares.
struct Keys<'a> {
    exact: &'a str,
    /// Without numbering (none if nothing is left).
    bare: Option<&'a str>,
    /// Without numbering, before a bracketed note (none if under two characters).
    noted: Option<&'a str>,
}

impl Keys<'_> {
    fn of(label: &str) -> Keys<'_> {
        let bare = without_numbering(label);
        let noted = bare.split('(').next().unwrap_or(bare);
        Keys {
            exact: label,
            bare: (!bare.is_empty()).then_some(bare),
            noted: (noted.chars().count() >= 2).then_some(noted),
        }
    }
}

/// Normalised labels found in a document, looked up by each form [`closeness`] compares,
/// so finding the candidates for a label costs a few lookups, not a pass over the file.
pub struct LabelIndex<P> {
    exact: HashMap<String, Vec<P>>,
    bare: HashMap<String, Vec<P>>,
    noted: HashMap<String, Vec<P>>,
}

impl<P: Copy + Ord> LabelIndex<P> {
    /// Indexes `(position, normalised text)` pairs (empty texts are left out).
    pub fn new<'a>(items: impl IntoIterator<Item = (P, &'a str)>) -> LabelIndex<P> {
        let mut index = LabelIndex {
            exact: HashMap::default(),
            bare: HashMap::default(),
            noted: HashMap::default(),
        };
        for (pos, text) in items {
            if text.is_empty() {
                continue;
            }
            let k = Keys::of(text);
            index.exact.entry(k.exact.to_owned()).or_default().push(pos);
            if let Some(b) = k.bare {
                index.bare.entry(b.to_owned()).or_default().push(pos);
            }
            if let Some(n) = k.noted {
                index.noted.entry(n.to_owned()).or_default().push(pos);
            }
        }
        index
    }

    /// Positions close to any of `wanted` (normalised), ranked by [`rank`].
    pub fn candidates(&self, wanted: &[String], after: Option<P>) -> Vec<P> {
        rank(self.scored(wanted), after)
    }

    /// Positions close to any of `wanted` (normalised), with their closeness.
    pub fn scored(&self, wanted: &[String]) -> Vec<(u8, P)> {
        let mut found: Vec<(u8, P)> = Vec::new();
        for w in wanted {
            let k = Keys::of(w);
            let hits = [
                (3, self.exact.get(k.exact)),
                (2, k.bare.and_then(|b| self.bare.get(b))),
                (1, k.noted.and_then(|n| self.noted.get(n))),
            ];
            for (score, positions) in hits {
                for &p in positions.into_iter().flatten() {
                    found.push((score, p));
                }
            }
        }
        found
    }
}

/// Positions best first: by closeness, then those after `after` (rows of a block come
/// in order), then in document order; each once.
pub fn rank<P: Copy + Ord>(mut found: Vec<(u8, P)>, after: Option<P>) -> Vec<P> {
    found.sort_by_key(|&(score, p)| (std::cmp::Reverse((score, after.is_none_or(|a| p > a))), p));
    let mut seen = Vec::with_capacity(found.len());
    for (_, p) in found {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_label_normalise_alike() {
        let official = normalise("（三）不予公开");
        for typed in [
            "(三)不予公开",
            "（三） 不予公开",
            "（三）不予\n公开",
            "（三）不予公開",
        ] {
            assert_eq!(normalise(typed), official, "{typed}");
        }
        assert_eq!(normalise("1、属于国家秘密"), normalise("1.属于国家秘密"));
        assert_eq!(normalise("１．属于国家秘密"), normalise("1.属于国家秘密"));
        assert_eq!(
            normalise("3.危及\"三安全一稳定\""),
            normalise("3.危及“三安全一稳定”")
        );
        assert_eq!(normalise("行政許可"), normalise("行政许可"));
        assert_eq!(normalise("網(wǎng)站(zhàn)公開"), normalise("网站公开"));
        assert_eq!(normalise("（一）予以公开"), normalise("(一)予以公开"));
    }

    #[test]
    fn closeness_ranks_matches() {
        let n = normalise;
        assert_eq!(closeness(&n("（一）予以公开"), &n("（一）予以公开")), 3);
        assert_eq!(closeness(&n("予以公开"), &n("（一）予以公开")), 2);
        assert_eq!(closeness(&n("1.属于国家秘密"), &n("属于国家秘密")), 2);
        assert_eq!(
            closeness(
                &n("（二）部分公开"),
                &n("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
            ),
            1
        );
        assert_eq!(closeness(&n("其他"), &n("3.其他")), 2);
        assert_eq!(closeness(&n("自然人"), &n("商业企业")), 0);
        assert_eq!(closeness(&n("一、"), &n("二、")), 0);
    }
}
