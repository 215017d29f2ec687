//! Reading a number out of cell text as a clerk typed it.
//!
//! The text itself is never changed; [`read`] only classifies it. Full-width digits,
//! thousands separators, surrounding (ideographic, non-breaking) spaces and signs are
//! understood; placeholders for "nothing" and units typed into the cell are recognised.

use rust_decimal::Decimal;

use crate::format::ValueKind;

/// What a cell's text means as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A clean number.
    Number(Decimal),
    /// Nothing written, or a placeholder for nothing (`/`, `-`, `—`, `无`). Counts as 0 in sums.
    Blank,
    /// A usable number with words around it (`8次`, `251000元`, `增加3`).
    Unit {
        /// The number read.
        value: Decimal,
        /// The words around it, as written (`次`, `元`).
        words: String,
    },
    /// No usable number.
    Invalid(Invalid),
    /// Not read from the imported document: unknown, unlike a blank or a 0. No sum is
    /// checked over it.
    Unread,
}

/// Why a cell's text yields no usable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// No number at all.
    NotANumber,
    /// More than one number (`3+2`, `1（含2）`).
    SeveralNumbers,
    /// A negative number where only non-negative ones are allowed.
    Negative,
    /// A fraction where only whole numbers are allowed.
    Fraction,
    /// Too many digits to be a real count or amount.
    TooLarge,
}

impl Invalid {
    /// The reason in Chinese, for messages.
    pub fn reason(self) -> &'static str {
        match self {
            Invalid::NotANumber => "不是数字",
            Invalid::SeveralNumbers => "含有多个数字，无法确定取哪一个",
            Invalid::Negative => "此栏不能为负数",
            Invalid::Fraction => "此栏应为整数",
            Invalid::TooLarge => "数字位数过多",
        }
    }
}

impl Reading {
    /// The value used in sums: the number, 0 for a blank, `None` when there is none.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Reading::Number(v) | Reading::Unit { value: v, .. } => Some(*v),
            Reading::Blank => Some(Decimal::ZERO),
            Reading::Invalid(_) | Reading::Unread => None,
        }
    }

    /// The number actually written, if any (`None` for blanks, unlike [`Reading::value`]).
    pub fn written_number(&self) -> Option<Decimal> {
        match self {
            Reading::Number(v) | Reading::Unit { value: v, .. } => Some(*v),
            Reading::Blank | Reading::Invalid(_) | Reading::Unread => None,
        }
    }
}

/// Texts that stand for "nothing" in published reports (after spaces are removed).
const BLANK_MARKERS: &[&str] = &[
    "/", "\\", "-", "--", "—", "——", "–", "~", "无", "空", "暂无", "&nbsp;", "null",
];

/// Most significant digits a value may have (rust_decimal holds 28).
const MAX_DIGITS: usize = 24;

/// Reads `text` as a value of the given kind.
pub fn read(text: &str, kind: &ValueKind) -> Reading {
    if let Some(v) = plain_digits(text) {
        return Reading::Number(v);
    }
    let normal = normalise(text);
    if normal.is_empty() || BLANK_MARKERS.contains(&normal.as_str()) {
        return Reading::Blank;
    }
    let Some(found) = find_number(&normal) else {
        return Reading::Invalid(Invalid::NotANumber);
    };
    let prefix = &normal[..found.start];
    let suffix = &normal[found.end..];
    if prefix
        .chars()
        .chain(suffix.chars())
        .any(|c| c.is_ascii_digit())
    {
        return Reading::Invalid(Invalid::SeveralNumbers);
    }
    let mut value = match found.value {
        Ok(v) => v,
        Err(e) => return Reading::Invalid(e),
    };
    // 增加3 / 减少8 in a signed cell carry the sign in words.
    if *kind == ValueKind::SignedCount && !found.signed && starts_with_any(prefix, &["减", "少"])
    {
        value = -value;
    }
    if let Err(e) = check_kind(value, kind) {
        return Reading::Invalid(e);
    }
    if prefix.is_empty() && suffix.is_empty() {
        Reading::Number(value)
    } else {
        Reading::Unit {
            value,
            words: format!("{prefix}{suffix}"),
        }
    }
}

/// Fast path for the common case: only ASCII digits, no sign, no spaces.
fn plain_digits(text: &str) -> Option<Decimal> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some(Decimal::from(n))
}

/// Folds full-width forms to ASCII and drops every kind of space, for reading only.
fn normalise(text: &str) -> String {
    let text = text.replace("&nbsp;", "");
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}' | '\u{2060}'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            '－' | '−' | '﹣' => '-',
            '．' => '.',
            '，' => ',',
            '／' => '/',
            '＼' => '\\',
            _ => c,
        })
        .collect()
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// A number found in normalised text: its byte range and value.
struct Found {
    start: usize,
    end: usize,
    signed: bool,
    value: Result<Decimal, Invalid>,
}

/// Finds the first `[+-]?digits[,digits]*[.digits]` run.
fn find_number(s: &str) -> Option<Found> {
    let bytes = s.as_bytes();
    let first_digit = bytes.iter().position(u8::is_ascii_digit)?;
    let mut start = first_digit;
    let mut negative = false;
    let mut signed = false;
    if first_digit > 0 && matches!(bytes[first_digit - 1], b'+' | b'-') {
        start -= 1;
        signed = true;
        negative = bytes[start] == b'-';
    }
    let mut end = first_digit;
    let mut mantissa: i128 = 0;
    let mut digits = 0usize;
    let mut scale = 0u32;
    let mut in_fraction = false;
    let mut bad_grouping = false;
    let mut group_len: Option<usize> = None;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            if digits > 0 || b != b'0' || in_fraction {
                digits += 1;
            }
            if digits > MAX_DIGITS {
                return Some(Found {
                    start,
                    end: scan_digits_end(bytes, end),
                    signed,
                    value: Err(Invalid::TooLarge),
                });
            }
            mantissa = mantissa * 10 + i128::from(b - b'0');
            if in_fraction {
                scale += 1;
            } else if let Some(n) = group_len.as_mut() {
                *n += 1;
            }
            end += 1;
        } else if b == b',' && !in_fraction && next_is_digit(bytes, end) {
            if group_len.is_some_and(|n| n != 3) {
                bad_grouping = true;
            }
            group_len = Some(0);
            end += 1;
        } else if b == b'.' && !in_fraction && next_is_digit(bytes, end) {
            if group_len.is_some_and(|n| n != 3) {
                bad_grouping = true;
            }
            group_len = None;
            in_fraction = true;
            end += 1;
        } else {
            break;
        }
    }
    if group_len.is_some_and(|n| n != 3) {
        bad_grouping = true;
    }
    let value = if bad_grouping {
        Err(Invalid::SeveralNumbers)
    } else {
        let m = if negative { -mantissa } else { mantissa };
        Decimal::try_from_i128_with_scale(m, scale)
            .map(|d| d.normalize())
            .map_err(|_| Invalid::TooLarge)
    };
    Some(Found {
        start,
        end,
        signed,
        value,
    })
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

fn scan_digits_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_digit() || matches!(bytes[i], b',' | b'.')) {
        i += 1;
    }
    i
}

fn check_kind(value: Decimal, kind: &ValueKind) -> Result<(), Invalid> {
    match kind {
        ValueKind::Count if value.is_sign_negative() && !value.is_zero() => Err(Invalid::Negative),
        ValueKind::Count | ValueKind::SignedCount if !value.fract().is_zero() => {
            Err(Invalid::Fraction)
        }
        ValueKind::Money { .. } if value.is_sign_negative() && !value.is_zero() => {
            Err(Invalid::Negative)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Reading {
        read(text, &ValueKind::Count)
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn plain_and_spaced_numbers() {
        assert_eq!(count("0"), Reading::Number(dec("0")));
        assert_eq!(count("12"), Reading::Number(dec("12")));
        assert_eq!(count("\u{3000}\u{3000}0"), Reading::Number(dec("0")));
        assert_eq!(count("0\u{a0}"), Reading::Number(dec("0")));
        assert_eq!(count(" 1 2 "), Reading::Number(dec("12")));
        assert_eq!(count("１２３"), Reading::Number(dec("123")));
        assert_eq!(count("1,234"), Reading::Number(dec("1234")));
        assert_eq!(count("1，234，567"), Reading::Number(dec("1234567")));
        assert_eq!(count("3.0"), Reading::Number(dec("3")));
        assert_eq!(count("&nbsp;5"), Reading::Number(dec("5")));
    }

    #[test]
    fn blanks_are_recognised() {
        for text in [
            "", "  ", "\u{3000}", "/", "／", "-", "—", "——", "无", "&nbsp;", "－",
        ] {
            assert_eq!(count(text), Reading::Blank, "{text:?}");
        }
        assert_eq!(count("").value(), Some(Decimal::ZERO));
        assert_eq!(count("/").written_number(), None);
    }

    #[test]
    fn units_keep_the_number() {
        assert_eq!(
            count("8次"),
            Reading::Unit {
                value: dec("8"),
                words: "次".into()
            }
        );
        let money = ValueKind::Money { unit: None };
        assert_eq!(
            read("251000元", &money),
            Reading::Unit {
                value: dec("251000"),
                words: "元".into()
            }
        );
        assert_eq!(
            read("共 1,200 件", &ValueKind::Count),
            Reading::Unit {
                value: dec("1200"),
                words: "共件".into()
            }
        );
    }

    #[test]
    fn signed_counts() {
        let signed = ValueKind::SignedCount;
        assert_eq!(read("-8", &signed), Reading::Number(dec("-8")));
        assert_eq!(read("+3", &signed), Reading::Number(dec("3")));
        assert_eq!(read("－８", &signed), Reading::Number(dec("-8")));
        assert_eq!(read("减少2", &signed).value(), Some(dec("-2")));
        assert_eq!(read("增加2", &signed).value(), Some(dec("2")));
        assert_eq!(read("-", &signed), Reading::Blank);
    }

    #[test]
    fn money_keeps_decimals() {
        let wan = ValueKind::Money {
            unit: Some("万元".into()),
        };
        assert_eq!(read("0.35", &wan), Reading::Number(dec("0.35")));
        assert_eq!(read("０．３５", &wan), Reading::Number(dec("0.35")));
        assert_eq!(read("-1", &wan), Reading::Invalid(Invalid::Negative));
    }

    #[test]
    fn invalid_texts() {
        assert_eq!(count("abc"), Reading::Invalid(Invalid::NotANumber));
        assert_eq!(count("-3"), Reading::Invalid(Invalid::Negative));
        assert_eq!(count("1.5"), Reading::Invalid(Invalid::Fraction));
        assert_eq!(count("3+2"), Reading::Invalid(Invalid::SeveralNumbers));
        assert_eq!(count("1,23"), Reading::Invalid(Invalid::SeveralNumbers));
        assert_eq!(count(&"9".repeat(40)), Reading::Invalid(Invalid::TooLarge));
        assert_eq!(count("1（含2）"), Reading::Invalid(Invalid::SeveralNumbers));
    }

    #[test]
    fn huge_inputs_do_not_panic() {
        let long = "1".repeat(1_000_000);
        assert_eq!(count(&long), Reading::Invalid(Invalid::TooLarge));
        let junk = "次".repeat(100_000);
        assert_eq!(count(&junk), Reading::Invalid(Invalid::NotANumber));
    }
}
