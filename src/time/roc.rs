//! The ROC (民國) calendar the paper forms and people use: year = Gregorian year − 1911, so
//! 2026 is 民國115年. cli.md: dates show as `115年11月24日` in text and `115/11/24` in tables.
//! Parsing accepts the ways the forms write dates, so a date copied from a form can be checked.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::time::{HalfYear, Month};

/// The first year of the ROC era is 1912 (民國元年).
const ROC_OFFSET: i32 = 1911;

/// The ROC year of a Gregorian year (2026 → 115). Years before 1912 give 0 or less (民國前),
/// which the records never hold.
pub fn roc_year(year: i32) -> i32 {
    year - ROC_OFFSET
}

/// `115年11月24日`: month and day not padded, as written in prose and on the forms.
pub fn roc_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", roc_year(d.year()), d.month(), d.day())
}

/// `115/11/24`: month and day padded to two digits so table columns line up.
pub fn roc_short(d: NaiveDate) -> String {
    format!("{}/{:02}/{:02}", roc_year(d.year()), d.month(), d.day())
}

/// `115/11/24 09:12`: seconds are dropped, the forms show minutes.
pub fn roc_datetime(dt: NaiveDateTime) -> String {
    format!("{} {}", roc_short(dt.date()), roc_time(dt))
}

/// `09:12`.
pub fn roc_time(dt: NaiveDateTime) -> String {
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// `115年11月`.
pub fn roc_month(m: Month) -> String {
    format!("{}年{}月", roc_year(m.year), m.month)
}

/// `115年上半年` / `115年下半年`.
pub fn roc_half(h: HalfYear) -> String {
    let half = if h.half == 1 {
        "上半年"
    } else {
        "下半年"
    };
    format!("{}年{}", roc_year(h.year), half)
}

/// `星期一` … `星期日`.
pub fn weekday_zh(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// Parses "115/11/24", "115-11-24", "115.11.24", "1151124" (7 digits) and "115年11月24日"; None if invalid.
///
/// With separators, the year has 1–3 digits and month and day 1–2 (forms write `115/1/5` too).
/// Surrounding whitespace is ignored. The year must be 1 or later: 民國前 dates are not records.
pub fn parse_roc_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (y, m, d) = if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        (y, m, d)
    } else if s.len() == 7 && s.bytes().all(|b| b.is_ascii_digit()) {
        // Every byte is an ASCII digit, so these byte slices fall on char boundaries.
        (&s[..3], &s[3..5], &s[5..])
    } else {
        let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        let mut parts = s.split(sep);
        let parsed = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        parsed
    };
    let year = number(y, 3)?;
    if year == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()? + ROC_OFFSET,
        number(m, 2)?,
        number(d, 2)?,
    )
}

/// Parses an ROC date followed by a time "HH:MM" or "HH:MM:SS" (separated by space or 'T'), e.g. "115/11/03 09:13:27".
pub fn parse_roc_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = s.split_once([' ', 'T'])?;
    let date = parse_roc_date(date)?;
    let time = parse_time(time.trim_start())?;
    Some(date.and_time(time))
}

/// `HH:MM` or `HH:MM:SS`, every part exactly two digits.
fn parse_time(s: &str) -> Option<NaiveTime> {
    let mut parts = s.split(':');
    let hour = two_digits(parts.next()?)?;
    let minute = two_digits(parts.next()?)?;
    let second = match parts.next() {
        Some(sec) => two_digits(sec)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

fn two_digits(s: &str) -> Option<u32> {
    if s.len() == 2 {
        number(s, 2)
    } else {
        None
    }
}

/// 1 to `max_len` ASCII digits; `str::parse` alone would accept a sign.
fn number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dt(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, s).unwrap()
    }

    #[test]
    fn formats_dates() {
        assert_eq!(roc_year(2026), 115);
        assert_eq!(roc_year(1912), 1);
        assert_eq!(roc_date(d(2026, 11, 24)), "115年11月24日");
        assert_eq!(roc_date(d(2026, 3, 5)), "115年3月5日");
        assert_eq!(roc_short(d(2026, 11, 24)), "115/11/24");
        assert_eq!(roc_short(d(2026, 3, 5)), "115/03/05");
        assert_eq!(roc_short(d(2010, 3, 5)), "99/03/05");
    }

    #[test]
    fn formats_times_and_periods() {
        let t = dt(2026, 11, 24, 9, 12, 59);
        assert_eq!(roc_datetime(t), "115/11/24 09:12");
        assert_eq!(roc_time(t), "09:12");
        assert_eq!(
            roc_month(Month {
                year: 2026,
                month: 11
            }),
            "115年11月"
        );
        assert_eq!(
            roc_month(Month {
                year: 2026,
                month: 1
            }),
            "115年1月"
        );
        assert_eq!(
            roc_half(HalfYear {
                year: 2026,
                half: 1
            }),
            "115年上半年"
        );
        assert_eq!(
            roc_half(HalfYear {
                year: 2026,
                half: 2
            }),
            "115年下半年"
        );
    }

    #[test]
    fn names_weekdays() {
        assert_eq!(weekday_zh(d(2026, 3, 23)), "星期一");
        assert_eq!(weekday_zh(d(2026, 3, 28)), "星期六");
        assert_eq!(weekday_zh(d(2026, 3, 29)), "星期日");
    }

    #[test]
    fn parses_every_written_form() {
        let want = Some(d(2026, 11, 24));
        for s in [
            "115/11/24",
            "115-11-24",
            "115.11.24",
            "1151124",
            "115年11月24日",
            " 115/11/24 ",
        ] {
            assert_eq!(parse_roc_date(s), want, "{s}");
        }
        assert_eq!(parse_roc_date("115/1/5"), Some(d(2026, 1, 5)));
        assert_eq!(parse_roc_date("115年1月5日"), Some(d(2026, 1, 5)));
        assert_eq!(parse_roc_date("99/03/05"), Some(d(2010, 3, 5)));
        assert_eq!(parse_roc_date("1150105"), Some(d(2026, 1, 5)));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for s in [
            "115/02/30",
            "115/13/01",
            "115/00/10",
            "115/01/00",
            "113/02/30",
            "0/01/01",
            "115/11",
            "115/11/24/1",
            "115/11-24",
            "115/+1/24",
            "1151324",
            "115112",
            "11511240",
            "2026-11-24",
            "115年11月24",
            "115年11月日",
            "",
            "民國115年11月24日",
        ] {
            assert_eq!(parse_roc_date(s), None, "{s}");
        }
        // 民國113年 (2024) is a leap year, 民國115年 is not.
        assert_eq!(parse_roc_date("113/02/29"), Some(d(2024, 2, 29)));
        assert_eq!(parse_roc_date("115/02/29"), None);
    }

    #[test]
    fn short_form_round_trips() {
        let mut day = d(1912, 1, 1);
        // 民國1年 to 民國999年: the parser takes years of up to three digits.
        while day <= d(2910, 12, 31) {
            assert_eq!(parse_roc_date(&roc_short(day)), Some(day), "{day}");
            assert_eq!(parse_roc_date(&roc_date(day)), Some(day), "{day}");
            day = day + chrono::Days::new(13);
        }
    }

    #[test]
    fn parses_date_times() {
        assert_eq!(
            parse_roc_datetime("115/11/03 09:13:27"),
            Some(dt(2026, 11, 3, 9, 13, 27))
        );
        assert_eq!(
            parse_roc_datetime("115/11/03 09:13"),
            Some(dt(2026, 11, 3, 9, 13, 0))
        );
        assert_eq!(
            parse_roc_datetime("115-11-03T17:05"),
            Some(dt(2026, 11, 3, 17, 5, 0))
        );
        assert_eq!(
            parse_roc_datetime("115年11月3日 08:00"),
            Some(dt(2026, 11, 3, 8, 0, 0))
        );
        let t = dt(2026, 11, 24, 9, 12, 0);
        assert_eq!(parse_roc_datetime(&roc_datetime(t)), Some(t));
        for s in [
            "115/11/03",
            "115/11/03 9:13",
            "115/11/03 24:00",
            "115/11/03 09:60",
            "115/11/03 09:13:27:01",
            "115/11/03 09-13",
            "115/02/30 09:13",
        ] {
            assert_eq!(parse_roc_datetime(s), None, "{s}");
        }
    }
}
