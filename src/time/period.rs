//! Months (`"YYYY-MM"`) and half-years (`"YYYY-H1"`/`"YYYY-H2"`), the periods forms are kept for.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A calendar month, as written in records (`"2026-11"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid month")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| Some(m.next())).take_while(move |m| *m <= last)
    }

    pub fn half(self) -> HalfYear {
        HalfYear {
            year: self.year,
            half: if self.month <= 6 { 1 } else { 2 },
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Why a period string was rejected; the text is shown to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError(pub String);

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PeriodError {}

impl FromStr for Month {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Month, PeriodError> {
        let bad = || {
            PeriodError(format!(
                "「{s}」不是有效的月份，應寫成 \"YYYY-MM\"，例如 \"2026-11\""
            ))
        };
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

/// A half-year (`"2026-H1"`: January to June; `"2026-H2"`: July to December).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    pub year: i32,
    /// 1 or 2
    pub half: u32,
}

impl HalfYear {
    pub fn of(date: NaiveDate) -> HalfYear {
        Month::of(date).half()
    }

    pub fn first_month(self) -> Month {
        Month {
            year: self.year,
            month: if self.half == 1 { 1 } else { 7 },
        }
    }

    pub fn last_month(self) -> Month {
        Month {
            year: self.year,
            month: if self.half == 1 { 6 } else { 12 },
        }
    }

    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }

    pub fn last_day(self) -> NaiveDate {
        self.last_month().last_day()
    }

    pub fn next(self) -> HalfYear {
        if self.half == 1 {
            HalfYear {
                year: self.year,
                half: 2,
            }
        } else {
            HalfYear {
                year: self.year + 1,
                half: 1,
            }
        }
    }

    /// Every half-year from `self` to `last`, both included.
    pub fn through(self, last: HalfYear) -> impl Iterator<Item = HalfYear> {
        std::iter::successors(Some(self), move |h| Some(h.next())).take_while(move |h| *h <= last)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        HalfYear::of(date) == self
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-H{}", self.year, self.half)
    }
}

impl FromStr for HalfYear {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<HalfYear, PeriodError> {
        let bad = || {
            PeriodError(format!(
                "「{s}」不是有效的半年期，應寫成 \"YYYY-H1\" 或 \"YYYY-H2\""
            ))
        };
        let (y, h) = s.split_once("-H").ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let half = match h {
            "1" => 1,
            "2" => 2,
            _ => return Err(bad()),
        };
        Ok(HalfYear {
            year: y.parse().map_err(|_| bad())?,
            half,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_parses_and_rejects() {
        assert_eq!(
            "2026-11".parse::<Month>().unwrap(),
            Month {
                year: 2026,
                month: 11
            }
        );
        assert!("2026-13".parse::<Month>().is_err());
        assert!("2026-1".parse::<Month>().is_err());
        assert!("2026-00".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
    }

    #[test]
    fn month_bounds() {
        let feb = Month {
            year: 2028,
            month: 2,
        };
        assert_eq!(
            feb.last_day(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        assert_eq!(
            Month {
                year: 2026,
                month: 12
            }
            .next(),
            Month {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(
            Month {
                year: 2026,
                month: 1
            }
            .prev(),
            Month {
                year: 2025,
                month: 12
            }
        );
        let n = Month {
            year: 2025,
            month: 11,
        }
        .through(Month {
            year: 2026,
            month: 2,
        })
        .count();
        assert_eq!(n, 4);
    }

    #[test]
    fn half_year_parses() {
        let h: HalfYear = "2026-H2".parse().unwrap();
        assert_eq!(h.first_day(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(h.last_day(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!("2026-H3".parse::<HalfYear>().is_err());
        assert_eq!(h.to_string(), "2026-H2");
    }
}
