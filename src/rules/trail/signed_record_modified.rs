//! 要點 四(一)：日誌表簽核後不得任意變更 — `signed-record-modified`: a form's content changed
//! after the commit that completed its signatures, without an `[[amendment]]` added by the same
//! commit. Versions are compared as parsed TOML values, so reformatting is no change.

use toml::{Table, Value};

use crate::declare_rule;
use crate::diag::Finding;
use crate::facts::signed::{first_difference, span_of_path, FormTrail, Version};
use crate::history::describe;
use crate::rules::clauses;
use crate::source::Span;
use crate::time::roc::roc_date;

declare_rule! {
    /// 提交紀錄顯示一份已完成簽核的表單（日誌表、內部稽核紀錄表、不定期稽核紀錄、權限清查紀錄），
    /// 在所有簽核欄位都填妥的那次提交之後，內容又被修改，而修改的同一次提交並未新增一筆更正紀錄。
    /// 簽核代表主管確認了當時的內容；事後悄悄改動，紙本與電子紀錄便不再一致，也無從查核
    /// （四(一)）。比對的是內容本身，只調整空白、排版或註解不算修改。修正方式：若修改正確，請在
    /// 同一次提交中加上更正紀錄（日期、原因、更正人、核准人）；若修改有誤，請還原為簽核時的內容。
    pub static SIGNED_RECORD_MODIFIED = {
        id: "signed-record-modified",
        clause: clauses::SI_1,
        severity: Error,
        summary: "表單簽核後遭修改而無更正紀錄",
        kind: Git,
    }
}

pub fn judge(form: &FormTrail, current: Option<&str>, out: &mut Vec<Finding>) {
    let Some(signed) = crate::facts::signed::signing_version(&form.versions, form.roles) else {
        return;
    };
    // Every commit after the signing one that changed a signed version is judged against its
    // parent's version, on whichever branch it was made; a merge only for what none of its
    // parents had.
    let after = form
        .versions
        .iter()
        .skip_while(|v| !std::ptr::eq(*v, signed))
        .skip(1);
    for v in after {
        let Some(c) = &v.content else { continue };
        // The same blob is the same content; only a different one is read as values.
        if !v.own || v.new_blob == v.old_blob {
            continue;
        }
        let Some(new) = c.table() else { continue };
        let Some(Some(old)) = form.with_content(v.old_blob, |p| {
            p.fully_signed(form.roles)
                .then(|| p.table().cloned())
                .flatten()
        }) else {
            continue;
        };
        if &old == new || adds_amendment(&old, new) {
            continue;
        }
        if !v.others.is_empty() && merely_combines(form, v, new) {
            continue;
        }
        out.push(finding(form, current, signed, v, &old, new));
    }
}

/// Whether every key of a merge's content is as one of its parents had it: the merge took
/// each part from a branch and wrote nothing of its own.
fn merely_combines(form: &FormTrail, v: &Version, new: &Table) -> bool {
    let parents: Vec<Table> = v
        .parents()
        .filter_map(|b| form.with_content(b, |c| c.table().cloned()).flatten())
        .collect();
    let mut keys: Vec<&String> = new.keys().collect();
    for p in &parents {
        keys.extend(p.keys());
    }
    keys.iter().all(|k| {
        parents
            .iter()
            .any(|p| p.get(k.as_str()) == new.get(k.as_str()))
    })
}

/// Whether `new` holds an amendment that `old` does not.
fn adds_amendment(old: &Table, new: &Table) -> bool {
    let list = |t: &Table| match t.get("amendment") {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let before = list(old);
    list(new).iter().any(|a| !before.contains(a))
}

fn finding(
    form: &FormTrail,
    current: Option<&str>,
    signed: &Version,
    v: &Version,
    old: &Table,
    new: &Table,
) -> Finding {
    let signing = signed.commit;
    let commit = v.commit;
    let old_text = toml::to_string(old).ok();
    let new_text = toml::to_string(new).ok();
    let what: Vec<String> = describe::describe(
        v.path,
        &crate::history::ChangeKind::Modified,
        old_text.as_deref(),
        new_text.as_deref(),
    )
    .into_iter()
    .take(3)
    .collect();
    let path = first_difference(old, new);
    let range = current
        .and_then(|text| span_of_path(text, &path))
        .unwrap_or(0..0);
    Finding::new(
        &SIGNED_RECORD_MODIFIED,
        format!(
            "{} {} 已於 {} 完成簽核（版本 {}），提交 {}（{}，{}）又修改了內容：{}；該次提交未新增更正紀錄",
            form.noun,
            roc_subject(&form.subject),
            roc_date(signing.day()),
            signing.short_id(),
            commit.short_id(),
            roc_date(commit.day()),
            commit.author.name,
            form.office.with_names(&what.join("、")),
        ),
    )
    .office(form.office.id)
    .subject(&form.subject)
    .at(Span::new(form.file, range))
    .date(commit.day())
}

/// The form's month, date or half-year as its paper says it (115年2月, 115年3月10日,
/// 115年上半年); the id stays in the finding's `subject`.
fn roc_subject(subject: &str) -> String {
    use crate::time::{roc, HalfYear, Month};
    if let Ok(m) = subject.parse::<Month>() {
        roc::roc_month(m)
    } else if let Ok(d) = chrono::NaiveDate::parse_from_str(subject, "%Y-%m-%d") {
        roc_date(d)
    } else if let Ok(h) = subject.parse::<HalfYear>() {
        roc::roc_half(h)
    } else {
        subject.to_string()
    }
}
