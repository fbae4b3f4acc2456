//! The office calendar of the generated years and the deadline arithmetic of rules.md
//! (民法第120、122條), written again here rather than borrowed from the checker.

use super::*;

/// One year of the 政府行政機關辦公日曆表: weekday rest days and make-up work days (補班).
pub struct Year {
    pub year: i32,
    pub source: &'static str,
    pub rest: Vec<(NaiveDate, &'static str)>,
    pub work: Vec<(NaiveDate, &'static str)>,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The official calendar for 2024–2026; later years get only the fixed-date holidays
/// (observed on the Friday before / Monday after a weekend), since lunar dates and the
/// Executive Yuan's adjustments are not something to invent.
pub fn year(y: i32) -> Year {
    match y {
        2024 => Year {
            year: y,
            source: "中華民國113年政府行政機關辦公日曆表",
            rest: vec![
                (d(2024, 1, 1), "開國紀念日"),
                (d(2024, 2, 8), "小年夜調整放假（2月17日補行上班）"),
                (d(2024, 2, 9), "農曆除夕"),
                (d(2024, 2, 12), "春節"),
                (d(2024, 2, 13), "春節補假"),
                (d(2024, 2, 14), "春節補假"),
                (d(2024, 2, 28), "和平紀念日"),
                (d(2024, 4, 4), "兒童節及民族掃墓節"),
                (d(2024, 4, 5), "兒童節補假"),
                (d(2024, 6, 10), "端午節"),
                (d(2024, 9, 17), "中秋節"),
                (d(2024, 10, 10), "國慶日"),
            ],
            work: vec![(d(2024, 2, 17), "補行上班（2月8日調整放假）")],
        },
        2025 => Year {
            year: y,
            source: "中華民國114年政府行政機關辦公日曆表（修正版）",
            rest: vec![
                (d(2025, 1, 1), "開國紀念日"),
                (d(2025, 1, 27), "彈性放假（2月8日補行上班）"),
                (d(2025, 1, 28), "農曆除夕"),
                (d(2025, 1, 29), "春節"),
                (d(2025, 1, 30), "春節"),
                (d(2025, 1, 31), "春節"),
                (d(2025, 2, 28), "和平紀念日"),
                (d(2025, 4, 3), "兒童節補假"),
                (d(2025, 4, 4), "兒童節及民族掃墓節"),
                (d(2025, 5, 30), "端午節補假"),
                (d(2025, 9, 29), "孔子誕辰紀念日／教師節補假"),
                (d(2025, 10, 6), "中秋節"),
                (d(2025, 10, 10), "國慶日"),
                (d(2025, 10, 24), "臺灣光復暨金門古寧頭大捷紀念日補假"),
                (d(2025, 12, 25), "行憲紀念日"),
            ],
            work: vec![(d(2025, 2, 8), "補行上班（1月27日彈性放假）")],
        },
        2026 => Year {
            year: y,
            source: "中華民國115年政府行政機關辦公日曆表",
            rest: vec![
                (d(2026, 1, 1), "開國紀念日"),
                (d(2026, 2, 16), "農曆除夕"),
                (d(2026, 2, 17), "春節"),
                (d(2026, 2, 18), "春節"),
                (d(2026, 2, 19), "春節"),
                (d(2026, 2, 20), "除夕前一日補假"),
                (d(2026, 2, 27), "和平紀念日補假"),
                (d(2026, 4, 3), "兒童節補假"),
                (d(2026, 4, 6), "民族掃墓節補假"),
                (d(2026, 5, 1), "勞動節"),
                (d(2026, 6, 19), "端午節"),
                (d(2026, 9, 25), "中秋節"),
                (d(2026, 9, 28), "孔子誕辰紀念日／教師節"),
                (d(2026, 10, 9), "國慶日補假"),
                (d(2026, 10, 26), "臺灣光復暨金門古寧頭大捷紀念日補假"),
                (d(2026, 12, 25), "行憲紀念日"),
            ],
            work: vec![],
        },
        _ => {
            let fixed = [
                (1, 1, "開國紀念日"),
                (2, 28, "和平紀念日"),
                (4, 4, "兒童節"),
                (5, 1, "勞動節"),
                (9, 28, "孔子誕辰紀念日／教師節"),
                (10, 10, "國慶日"),
                (10, 25, "臺灣光復暨金門古寧頭大捷紀念日"),
                (12, 25, "行憲紀念日"),
            ];
            let mut rest = Vec::new();
            for (m, day, name) in fixed {
                let date = d(y, m, day);
                let observed = match date.weekday() {
                    Weekday::Sat => date - Duration::days(1),
                    Weekday::Sun => date + Duration::days(1),
                    _ => date,
                };
                rest.push((observed, name));
            }
            rest.sort();
            Year {
                year: y,
                source: "模擬資料：僅列固定日期之國定假日（農曆節日未列）",
                rest,
                work: vec![],
            }
        }
    }
}

pub struct Calendar {
    rest: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(years: &[Year]) -> Self {
        Calendar {
            rest: years
                .iter()
                .flat_map(|y| y.rest.iter().map(|r| r.0))
                .collect(),
            work: years
                .iter()
                .flat_map(|y| y.work.iter().map(|w| w.0))
                .collect(),
        }
    }
    /// records.md: weekends are rest days unless listed as work days.
    pub fn is_work_day(&self, day: NaiveDate) -> bool {
        if self.work.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.rest.contains(&day)
    }
    pub fn work_day_on_or_after(&self, mut day: NaiveDate) -> NaiveDate {
        while !self.is_work_day(day) {
            day = day.succ_opt().unwrap();
        }
        day
    }
    /// The n-th work day after `day` (n >= 1).
    pub fn work_days_after(&self, mut day: NaiveDate, n: u32) -> NaiveDate {
        for _ in 0..n {
            day = self.work_day_on_or_after(day.succ_opt().unwrap());
        }
        day
    }
    /// rules.md: the last allowed day of "N days after D" is D+N, moved to the next
    /// work day when it is a rest day.
    pub fn deadline(&self, day: NaiveDate, n: i64) -> NaiveDate {
        self.work_day_on_or_after(day + Duration::days(n))
    }
    pub fn work_days_in(&self, month: Month) -> Vec<NaiveDate> {
        month.days().filter(|d| self.is_work_day(*d)).collect()
    }
}
