//! What the audit and review rules share about forms (records.md "Signatures", the `[[check]]`
//! lists of 附件二 and 附表三) and about records that are missing: where such a finding points.

use crate::model::Spanned;
use chrono::NaiveDate;

use crate::facts::OfficeFacts;
use crate::model::{Check, CheckItem, CheckResult, SignRole, Signoff};
use crate::source::Span;

/// The office.toml `system_start` value: where a finding about a missing record points
/// (the requirement runs from that day), with its date. `None` when office.toml is unreadable,
/// and then no requirement can be dated either.
pub fn system_start(office: &OfficeFacts) -> Option<(NaiveDate, Span)> {
    let o = office.records.office.as_ref()?;
    let start = &o.data.system_start;
    Some((start.get_ref().0, o.span(start.span())))
}

/// The roles of `wanted` with no signature in `signoff`, in form order.
pub fn missing_signatures(
    signoff: Option<&Spanned<Signoff>>,
    wanted: &[SignRole],
) -> Vec<SignRole> {
    wanted
        .iter()
        .copied()
        .filter(|r| signoff.and_then(|s| s.get_ref().get(*r)).is_none())
        .collect()
}

/// A check item as the form has it: known code, the check.
pub fn known_checks(
    checks: &[Spanned<Check>],
) -> impl Iterator<Item = (CheckItem, &Spanned<Check>)> {
    checks
        .iter()
        .filter_map(|c| Some((CheckItem::from_code(c.get_ref().item.get_ref())?, c)))
}

/// Items of `wanted` the form has no `[[check]]` for, in form order.
pub fn missing_items(checks: &[Spanned<Check>], wanted: &[CheckItem]) -> Vec<CheckItem> {
    wanted
        .iter()
        .copied()
        .filter(|w| !known_checks(checks).any(|(item, _)| item == *w))
        .collect()
}

/// An item as messages name it: the form's wording, then the code people type.
pub fn item_name(item: CheckItem) -> String {
    format!(
        "「{}」（{}）",
        item.label().trim_end_matches('。'),
        item.code()
    )
}

/// A query time as messages show it: to the second, because a session's login and logout
/// are compared to the second.
pub fn query_time(t: chrono::NaiveDateTime) -> String {
    format!(
        "{} {}",
        crate::time::roc::roc_short(t.date()),
        t.format("%H:%M:%S")
    )
}

pub fn failed(check: &Check) -> bool {
    *check.result.get_ref() == CheckResult::Fail
}

/// A note that says something (records.md: required when `result = "fail"`).
pub fn has_text(value: Option<&Spanned<String>>) -> bool {
    value.is_some_and(|v| !v.get_ref().trim().is_empty())
}
