//! 要點 四(三)：稽核查詢資料之使用頻率是否合於目的之必要性（附件二「查詢必要性」）。
//!
//! `query-frequency-outlier`: in one office-month of the system's audit log, a person whose
//! queries exceed three times the median count per querying person, and number at least 20.

use std::collections::BTreeMap;

use super::reconcile::{self, Query};
use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::Facts;
use crate::rules::{clauses, Sink};
use crate::time::roc::roc_month;

declare_rule! {
    /// 附件二稽核項目「定期稽核系統查詢資料使用範圍、使用頻率、及使用欄位是否均合於目的之必要性」要求留意
    /// 查詢頻率。本規則以每一份系統稽核日誌（`system-logs/<YYYY-MM>.csv`，一所一月）為範圍，計算每位有查詢的
    /// 人員的查詢筆數與其中位數；某人的筆數超過中位數的三倍且至少 20 筆時提出警告。查詢量異常偏高
    /// 不一定違規（例如專辦外籍配偶案件），但應由稽核人員確認每筆查詢均有公務用途。
    ///
    /// 修正方式：稽核人員抽查該人員當月的查詢與對應案件，並於當月內部稽核紀錄表「查詢必要性」項目記載
    /// 查核結果。
    pub static QUERY_FREQUENCY_OUTLIER = {
        id: "query-frequency-outlier",
        clause: clauses::SI_3,
        severity: Warning,
        summary: "查詢次數顯著高於同所同月其他人員",
    }
}

/// Fewer queries than this are never an outlier, however low the median.
const MIN_QUERIES: usize = 20;
/// How many times the median counts as an outlier.
const FACTOR: usize = 3;

pub fn check(facts: &Facts, sink: &mut Sink) {
    for office in &facts.offices {
        if !reconcile::people_known(office) {
            continue;
        }
        // Per file (one month), how many queries each person (or unknown account) made and
        // the earliest of them (queries come in time order per person).
        let mut by_month: BTreeMap<_, BTreeMap<&str, (usize, &Query)>> = BTreeMap::new();
        for q in reconcile::queries(office) {
            by_month
                .entry(q.month)
                .or_default()
                .entry(q.subject())
                .or_insert((0, q))
                .0 += 1;
        }
        for (month, people) in by_month {
            if month.first_day() > facts.as_of {
                continue;
            }
            let mut counts: Vec<usize> = people.values().map(|(n, _)| *n).collect();
            counts.sort_unstable();
            // Twice the median, so an even count's median (the mean of the middle two) stays whole.
            let n = counts.len();
            let twice_median = counts[(n - 1) / 2] + counts[n / 2];
            for (who, &(count, first)) in &people {
                // count > 3 × median  ⇔  2·count > 3 × (2·median)
                if count < MIN_QUERIES || 2 * count <= FACTOR * twice_median {
                    continue;
                }
                let median = twice_median as f64 / 2.0;
                sink.push(
                    Finding::new(
                        &QUERY_FREQUENCY_OUTLIER,
                        format!(
                            "{}於{}查詢 {count} 筆，超過本所當月每人查詢筆數中位數 {median} 的三倍",
                            office.who(first),
                            roc_month(month)
                        ),
                    )
                    .office(office.id)
                    .subject(*who)
                    .at(first.span())
                    .date(month.last_day().min(facts.as_of)),
                );
            }
        }
    }
}
