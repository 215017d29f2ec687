//! A calendar date, as written on a published report.

use std::fmt;
use std::str::FromStr;

/// A calendar date (no time zone: publication dates are local).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A text that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」不是有效日期（应写作 2022-01-28 或 2022年1月28日）")]
pub struct BadDate(pub String);

impl FromStr for Date {
    type Err = BadDate;

    /// Reads `2022-01-28`, `2022/1/28`, `2022.1.28` and `2022年1月28日`.
    fn from_str(s: &str) -> Result<Date, BadDate> {
        let bad = || BadDate(s.to_owned());
        let parts: Vec<&str> = s
            .trim()
            .trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
        let year = i32::try_from(num(y)?).map_err(|_| bad())?;
        Date::new(year, num(m)?, num(d)?).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_spellings() {
        let want = Date::new(2022, 1, 28);
        for s in [
            "2022-01-28",
            "2022/1/28",
            "2022.1.28",
            "2022年1月28日",
            " 2022-1-28 ",
        ] {
            assert_eq!(s.parse::<Date>().ok(), want, "{s}");
        }
        assert_eq!(want.map(|d| d.to_string()).as_deref(), Some("2022-01-28"));
    }

    #[test]
    fn refuses_impossible_dates() {
        for s in ["2022-02-30", "2021-13-01", "2022-01", "abc", "2023-02-29"] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }
}
