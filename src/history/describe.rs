//! What a commit changed in a record, said in the record's own terms ("新增 3 筆日誌",
//! "主任簽核", "修改第 12 筆日誌的登出時間") rather than as diff lines: people who sign the
//! paper forms read the trail, not programmers (issue 5, `imaudit history`).
//!
//! Both versions are parsed as TOML and compared as values, so reformatting is no change.

use toml::{Table, Value};

use super::ChangeKind;
use crate::time::roc;

/// Who reads the lines: the change trail (`imaudit history`, the site's history pages, the
/// findings that quote a change) or the reviewer of a pull request (since.rs), who sees the
/// file's title above them and wants each new entry and seal spelled out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// 「新增 2 筆日誌」「主任簽核（…）」「修改第 3 筆日誌的登出時間（… → …）」.
    Trail,
    /// 「新增 1 筆（lin-mei-hua 114/12/30 09:00，用途「…」）」「主任核章（…）」
    /// 「修改第 3 筆的登出時間（… → …）」: under the form's own title (the log of a month),
    /// so the entries need no noun, and a few new entries are each told who, when and why.
    Review,
}

/// Lines describing one change of the record at `path` (relative to the records folder).
/// `old` and `new` are the texts before and after (absent when added or deleted).
pub fn describe(
    path: &str,
    kind: &ChangeKind,
    old: Option<&str>,
    new: Option<&str>,
) -> Vec<String> {
    describe_in(Style::Trail, path, kind, old, new)
}

/// [`describe`] for the pull-request comment (`check --since REV --format markdown`, issue 13
/// point 12): 「新增 1 筆（lin-mei-hua 114/12/30 09:00，用途「…」）」、「主任核章（…）」、
/// 「修改第 3 筆的登出時間（… → …）」; people by id, which the comment replaces by names.
pub fn describe_for_review(
    path: &str,
    kind: &ChangeKind,
    old: Option<&str>,
    new: Option<&str>,
) -> Vec<String> {
    describe_in(Style::Review, path, kind, old, new)
}

fn describe_in(
    style: Style,
    path: &str,
    kind: &ChangeKind,
    old: Option<&str>,
    new: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        ChangeKind::Deleted => {
            out.push("刪除檔案".to_string());
            return out;
        }
        ChangeKind::RenamedTo(to) => {
            out.push(format!("移至 {to}"));
            return out;
        }
        ChangeKind::RenamedFrom(from) => out.push(format!("由 {from} 移至此處")),
        ChangeKind::Added => out.push("建立檔案".to_string()),
        ChangeKind::Modified => {}
    }
    if path.ends_with(".csv") {
        let rows = |t: Option<&str>| {
            t.map_or(0, |t| {
                t.lines().skip(1).filter(|l| !l.trim().is_empty()).count()
            })
        };
        let (a, b) = (rows(old), rows(new));
        if b > a {
            out.push(format!("新增 {} 列查詢紀錄", b - a));
        } else if a > b {
            out.push(format!("刪除 {} 列查詢紀錄", a - b));
        } else if old != new {
            out.push("修改查詢紀錄".to_string());
        }
        return out;
    }
    if !path.ends_with(".toml") {
        if old.is_some() && new.is_some() && old != new {
            out.push("修改內容".to_string());
        }
        return out;
    }
    let parse = |t: Option<&str>| t.map(|t| t.parse::<Table>());
    match (parse(old), parse(new)) {
        (_, Some(Err(_))) => out.push("此版本不是有效的 TOML，無法比對內容".to_string()),
        (Some(Err(_)), Some(Ok(_))) => out.push("修正為有效的 TOML".to_string()),
        (None, Some(Ok(new))) => out.extend(table_changes(style, &Table::new(), &new, true)),
        (Some(Ok(old)), Some(Ok(new))) => {
            let lines = table_changes(style, &old, &new, false);
            if lines.is_empty() && *kind == ChangeKind::Modified {
                out.push("僅調整格式，內容未變".to_string());
            }
            out.extend(lines);
        }
        (_, None) => {}
    }
    out
}

/// A collection of tables in a record (`[[entry]]`, `[[check]]`…): what one is called, how it
/// is counted, and the keys that tell one from another.
struct Collection {
    key: &'static str,
    noun: &'static str,
    counter: &'static str,
    identity: &'static [&'static str],
    /// Shown by position ("第 12 筆日誌") rather than by identity.
    numbered: bool,
}

const COLLECTIONS: &[Collection] = &[
    Collection {
        key: "entry",
        noun: "日誌",
        counter: "筆",
        identity: &["person", "login"],
        numbered: true,
    },
    Collection {
        key: "check",
        noun: "稽核項目",
        counter: "項",
        identity: &["item"],
        numbered: false,
    },
    Collection {
        key: "account",
        noun: "帳號",
        counter: "個",
        identity: &["person"],
        numbered: false,
    },
    Collection {
        key: "amendment",
        noun: "更正紀錄",
        counter: "筆",
        identity: &["date", "reason"],
        numbered: true,
    },
    Collection {
        key: "person",
        noun: "人員",
        counter: "位",
        identity: &["id"],
        numbered: false,
    },
    Collection {
        key: "role",
        noun: "職務",
        counter: "筆",
        identity: &["role", "person", "from"],
        numbered: false,
    },
    Collection {
        key: "event",
        noun: "帳號異動",
        counter: "筆",
        identity: &["type", "date"],
        numbered: false,
    },
];

/// The signature lines of the forms (records.md "Signatures"), as printed.
const SIGN_ROLES: &[(&str, &str)] = &[
    ("handler", "承辦人員"),
    ("auditor", "稽核人員"),
    ("section_chief", "股長"),
    ("secretary", "秘書"),
    ("director", "主任"),
];

/// The Chinese name of a key, as the forms call it; `parent` disambiguates (`from` of a role
/// is its first day, of a handover the person handing over).
fn label(parent: &str, key: &str) -> String {
    let l = match (parent, key) {
        ("role", "from") => "起日",
        ("role", "to") => "迄日",
        ("role", "role") => "職務",
        (_, "from") => "移交人",
        (_, "to") => "接交人",
        (_, "month") => "月份",
        (_, "no_usage") => "本月無使用",
        (_, "person") => "人員",
        (_, "login") => "登入時間",
        (_, "logout") => "登出時間",
        (_, "purpose") => "資料查詢用途",
        (_, "items") => "查詢項目",
        (_, "case") => "案件編號",
        (_, "printed") => "列印或存檔",
        (_, "filed_in") => "附卷",
        (_, "destroyed_on") => "銷毀日期",
        (_, "date") => "日期",
        (_, "reason") => "原因",
        (_, "by") if parent == "amendment" => "更正人",
        (_, "by") => "督考機關",
        (_, "approved_by") => "核准人",
        (_, "audit_log_downloaded") => "稽核日誌下載日",
        (_, "result") => "結果",
        (_, "note") => "說明",
        (_, "item") => "項目",
        (_, "unannounced") => "不預告",
        (_, "team") => "稽核小組",
        (_, "scope") => "稽核範圍",
        (_, "summary") => "摘要",
        (_, "period") => "期別",
        (_, "decision") => "決定",
        (_, "inspectors") => "督考人員",
        (_, "follow_up") => "改善措施",
        (_, "follow_up_done") => "完成改善日",
        (_, "documents") => "移交清冊",
        (_, "description") => "事實摘要",
        (_, "account_action") => "帳號處置",
        (_, "reported_to_head") => "提報首長日",
        (_, "pdpa") => "違反個資法",
        (_, "ethics_notified") => "通報政風日",
        (_, "criminal") => "涉及刑事",
        (_, "judicial_referral") => "移送司法日",
        (_, "name") => "名稱",
        (_, "title") => "職稱",
        (_, "email") => "電子郵件",
        (_, "account") => "帳號",
        (_, "system_start") => "系統啟用日",
        (_, "closed") => "裁撤日",
        (_, "agency_registration") => "機關個別註冊",
        (_, "applied") => "申請日",
        (_, "approved") => "核准日",
        (_, "authority") => "主管機關",
        (_, "policy") => "政策設定",
        (_, "as_of") => "評估日",
        (_, "rest_days") => "休息日",
        (_, "work_days") => "補班日",
        (_, "nia_id") => "系統帳號",
        (_, "type") => "類別",
        (_, "signoff") => "簽核",
        _ => return key.to_string(),
    };
    l.to_string()
}

/// A short rendering of a value for "a → b": dates in the ROC calendar as on the forms.
fn show(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => {
            let mut t: String = s.chars().take(24).collect();
            if s.chars().count() > 24 {
                t.push('…');
            }
            format!("「{t}」")
        }
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => (if *b { "是" } else { "否" }).to_string(),
        Value::Datetime(d) => match (d.date, d.time) {
            (Some(date), time) => {
                let day = chrono::NaiveDate::from_ymd_opt(
                    date.year.into(),
                    date.month.into(),
                    date.day.into(),
                )?;
                match time {
                    Some(t) => format!("{} {:02}:{:02}", roc::roc_short(day), t.hour, t.minute),
                    None => roc::roc_short(day),
                }
            }
            _ => d.to_string(),
        },
        Value::Array(a) if a.iter().all(|x| matches!(x, Value::String(_))) => {
            let items: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            format!("[{}]", items.join(", "))
        }
        _ => return None,
    };
    Some(s)
}

fn from_to(old: &Value, new: &Value) -> String {
    match (show(old), show(new)) {
        (Some(a), Some(b)) if a.chars().count() + b.chars().count() <= 60 => {
            format!("（{a} → {b}）")
        }
        _ => String::new(),
    }
}

/// What differs between two tables of a record. `created`: the file is new, so say what it
/// holds rather than list every key as added.
fn table_changes(style: Style, old: &Table, new: &Table, created: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    // Signatures last, as on the paper.
    keys.sort_by_key(|k| k.as_str() == "signoff");
    for key in keys {
        let (a, b) = (old.get(key.as_str()), new.get(key.as_str()));
        if a == b {
            continue;
        }
        if key == "signoff" {
            out.extend(signoff_changes(
                style,
                a.and_then(Value::as_table),
                b.and_then(Value::as_table),
            ));
            continue;
        }
        if let Some(c) = COLLECTIONS.iter().find(|c| c.key == key) {
            if is_table_array(a) && is_table_array(b) {
                out.extend(collection_changes(style, c, "", a, b));
                continue;
            }
        }
        if created {
            continue;
        }
        let l = label("", key);
        match (a, b) {
            (None, Some(v)) => out.push(format!(
                "新增{l}{}",
                show(v).map(|s| format!("：{s}")).unwrap_or_default()
            )),
            (Some(_), None) => out.push(format!("刪除{l}")),
            (Some(x), Some(y)) => match (x, y) {
                (Value::Table(tx), Value::Table(ty)) => {
                    let inner = changed_keys(key, tx, ty);
                    out.push(format!("修改{l}的{}", inner.join("、")));
                }
                _ => out.push(format!("修改{l}{}", from_to(x, y))),
            },
            (None, None) => {}
        }
    }
    out
}

fn is_table_array(v: Option<&Value>) -> bool {
    match v {
        None => true,
        Some(Value::Array(a)) => a.iter().all(Value::is_table),
        _ => false,
    }
}

fn tables(v: Option<&Value>) -> Vec<&Table> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_table).collect(),
        _ => Vec::new(),
    }
}

/// The labels of the keys that differ between two tables, each with "a → b" when short.
fn changed_keys(parent: &str, a: &Table, b: &Table) -> Vec<String> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(k.as_str()) != b.get(k.as_str()))
        .map(|k| {
            let l = label(parent, k);
            match (a.get(k.as_str()), b.get(k.as_str())) {
                (Some(x), Some(y)) => format!("{l}{}", from_to(x, y)),
                (None, Some(_)) => format!("{l}（新增）"),
                _ => format!("{l}（刪除）"),
            }
        })
        .collect()
}

fn identity_of<'a>(c: &Collection, t: &'a Table) -> Vec<Option<&'a Value>> {
    c.identity.iter().map(|k| t.get(*k)).collect()
}

/// How one item of a collection is named: "第 12 筆日誌" or "稽核項目 query-necessity"; in
/// a review, a log's entries are "第 12 筆" (the log is the title above).
fn name_of(style: Style, c: &Collection, t: &Table, position: usize) -> String {
    if c.numbered {
        if style == Style::Review && c.key == "entry" {
            return format!("第 {position} {}", c.counter);
        }
        return format!("第 {position} {}{}", c.counter, c.noun);
    }
    let id: Vec<String> = identity_of(c, t)
        .into_iter()
        .flatten()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => show(other).unwrap_or_else(|| other.to_string()),
        })
        .collect();
    format!("{} {}", c.noun, id.join("／"))
}

/// Items matched by identity, then leftovers paired by position (an item whose identifying
/// value was itself corrected is a modification, not a removal and an addition).
fn collection_changes(
    style: Style,
    c: &Collection,
    parent: &str,
    a: Option<&Value>,
    b: Option<&Value>,
) -> Vec<String> {
    let (old, new) = (tables(a), tables(b));
    let mut old_used = vec![false; old.len()];
    let mut pair: Vec<Option<usize>> = vec![None; new.len()];
    for (j, n) in new.iter().enumerate() {
        let id = identity_of(c, n);
        if let Some(i) = (0..old.len()).find(|&i| !old_used[i] && identity_of(c, old[i]) == id) {
            old_used[i] = true;
            pair[j] = Some(i);
        }
    }
    for (j, p) in pair.iter_mut().enumerate() {
        if p.is_none() && j < old.len() && !old_used[j] {
            old_used[j] = true;
            *p = Some(j);
        }
    }
    let mut out = Vec::new();
    let added: Vec<usize> = (0..new.len()).filter(|&j| pair[j].is_none()).collect();
    let removed: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let of = if parent.is_empty() {
        String::new()
    } else {
        format!("{parent}：")
    };
    if !added.is_empty() {
        if c.key == "amendment" {
            for &j in &added {
                let reason = new[j].get("reason").and_then(Value::as_str).unwrap_or("");
                out.push(format!("{of}新增更正紀錄（{reason}）"));
            }
        } else if style == Style::Review && c.key == "entry" {
            out.push(format!(
                "{of}新增 {} {}{}",
                added.len(),
                c.counter,
                entries_told(&added.iter().map(|&j| new[j]).collect::<Vec<_>>())
            ));
        } else if c.numbered || added.len() > 3 {
            out.push(format!("{of}新增 {} {}{}", added.len(), c.counter, c.noun));
        } else {
            for &j in &added {
                out.push(format!("{of}新增{}", name_of(style, c, new[j], j + 1)));
            }
        }
    }
    if !removed.is_empty() {
        if style == Style::Review && c.key == "entry" {
            out.push(format!(
                "{of}刪除 {} {}{}",
                removed.len(),
                c.counter,
                entries_told(&removed.iter().map(|&i| old[i]).collect::<Vec<_>>())
            ));
        } else if c.numbered || removed.len() > 3 {
            out.push(format!(
                "{of}刪除 {} {}{}",
                removed.len(),
                c.counter,
                c.noun
            ));
        } else {
            for &i in &removed {
                out.push(format!("{of}刪除{}", name_of(style, c, old[i], i + 1)));
            }
        }
    }
    for (j, p) in pair.iter().enumerate() {
        let Some(i) = *p else { continue };
        if old[i] == new[j] {
            continue;
        }
        let name = name_of(style, c, new[j], j + 1);
        // A person's account events: say which were added, the way people read the file.
        if c.key == "person" {
            let (oa, na) = (
                old[i].get("account").and_then(Value::as_table),
                new[j].get("account").and_then(Value::as_table),
            );
            if let (Some(oa), Some(na)) = (oa, na) {
                let ev = COLLECTIONS
                    .iter()
                    .find(|c| c.key == "event")
                    .expect("event collection");
                let mut lines =
                    collection_changes(style, ev, &name, oa.get("event"), na.get("event"));
                let mut rest_a = oa.clone();
                let mut rest_b = na.clone();
                rest_a.remove("event");
                rest_b.remove("event");
                let mut pa = old[i].clone();
                let mut pb = new[j].clone();
                pa.insert("account".into(), Value::Table(rest_a));
                pb.insert("account".into(), Value::Table(rest_b));
                if pa != pb {
                    lines.insert(
                        0,
                        format!(
                            "{of}修改{name}的{}",
                            changed_keys(c.key, &pa, &pb).join("、")
                        ),
                    );
                }
                out.extend(lines);
                continue;
            }
        }
        out.push(format!(
            "{of}修改{name}的{}",
            changed_keys(c.key, old[i], new[j]).join("、")
        ));
    }
    out
}

/// The signatures `new` holds that `old` did not have as they are (added or changed): the
/// index of the line [`describe`] writes for it among the lines about signatures, with the
/// signer's id. The history shows beside each what the commit's signature says of its signer.
pub fn signatures_written(old: Option<&str>, new: Option<&str>) -> Vec<(String, String)> {
    let table = |t: Option<&str>| t.and_then(|t| t.parse::<Table>().ok());
    let (old, new) = (table(old), table(new));
    let signoff = |t: &Option<Table>| t.as_ref().and_then(|t| t.get("signoff")).cloned();
    let (old, new) = (signoff(&old), signoff(&new));
    let mut out = Vec::new();
    for (key, role) in SIGN_ROLES {
        let a = old.as_ref().and_then(|t| t.get(*key));
        let Some(b) = new.as_ref().and_then(|t| t.get(*key)) else {
            continue;
        };
        if a == Some(b) {
            continue;
        }
        let Some(person) = b.get("person").and_then(Value::as_str) else {
            continue;
        };
        let prefix = match a {
            None => format!("{role}簽核（"),
            Some(_) => format!("修改{role}簽核（"),
        };
        out.push((prefix, person.to_string()));
    }
    out
}

/// Log entries as a review tells them, in parentheses: each of a few by who, when and why
/// (「（lin-mei-hua 114/12/30 09:00，用途「受理…」）」), many by the days they span.
fn entries_told(entries: &[&Table]) -> String {
    const EACH: usize = 3;
    let login = |t: &Table| t.get("login").and_then(show);
    if entries.len() <= EACH {
        let told: Vec<String> = entries
            .iter()
            .map(|t| {
                let person = t.get("person").and_then(Value::as_str).unwrap_or("?");
                let mut s = format!("{person} {}", login(t).unwrap_or_default());
                if let Some(p) = t.get("purpose").and_then(show) {
                    s.push_str(&format!("，用途{p}"));
                }
                s.trim().to_string()
            })
            .collect();
        return format!("（{}）", told.join("；"));
    }
    let days: Vec<String> = entries
        .iter()
        .filter_map(|t| login(t))
        .map(|s| s.split(' ').next().unwrap_or("").to_string())
        .collect();
    match (days.iter().min(), days.iter().max()) {
        (Some(a), Some(b)) if a != b => format!("（{a} 至 {b}）"),
        (Some(a), _) => format!("（{a}）"),
        _ => String::new(),
    }
}

/// Signatures added, withdrawn or changed, by signature line in the order of the form; a
/// review says 核章 (the paper's word for the seal), the trail 簽核.
fn signoff_changes(style: Style, old: Option<&Table>, new: Option<&Table>) -> Vec<String> {
    let act = match style {
        Style::Trail => "簽核",
        Style::Review => "核章",
    };
    let empty = Table::new();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let mut out = Vec::new();
    for (key, role) in SIGN_ROLES {
        let (a, b) = (old.get(*key), new.get(*key));
        if a == b {
            continue;
        }
        let who = |v: &Value| {
            let person = v
                .get("person")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let date = v.get("date").and_then(show).unwrap_or_default();
            format!("（{person}，{date}）")
        };
        match (a, b) {
            (None, Some(v)) => out.push(format!("{role}{act}{}", who(v))),
            (Some(_), None) => out.push(format!("撤除{role}{act}")),
            (Some(x), Some(y)) => out.push(format!("修改{role}{act}{} → {}", who(x), who(y))),
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = r#"month = "2026-02"

[[entry]]
person = "lin-mei-hua"
login = 2026-02-03T09:05:00
logout = 2026-02-03T09:16:00
purpose = "查核居留紀錄"
"#;

    #[test]
    fn entries_added_signed_and_edited_are_told_in_the_forms_terms() {
        let two = format!(
            "{LOG}\n[[entry]]\nperson = \"wang-xiao-ming\"\nlogin = 2026-02-10T10:25:00\nlogout = 2026-02-10T10:33:00\npurpose = \"查核出境\"\n\n[[entry]]\nperson = \"wang-xiao-ming\"\nlogin = 2026-02-11T10:25:00\nlogout = 2026-02-11T10:33:00\npurpose = \"查核出境\"\n"
        );
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Modified,
            Some(LOG),
            Some(&two),
        );
        assert_eq!(d, vec!["新增 2 筆日誌"]);

        let signed = format!(
            "{two}\n[signoff]\ndirector = {{ person = \"chen-zhi-ming\", date = 2026-03-04 }}\n"
        );
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Modified,
            Some(&two),
            Some(&signed),
        );
        assert_eq!(d, vec!["主任簽核（chen-zhi-ming，115/03/04）"]);

        let edited = signed.replace(
            "logout = 2026-02-11T10:33:00",
            "logout = 2026-02-11T10:43:00",
        );
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Modified,
            Some(&signed),
            Some(&edited),
        );
        assert_eq!(
            d,
            vec!["修改第 3 筆日誌的登出時間（115/02/11 10:33 → 115/02/11 10:43）"]
        );

        let reformatted = signed.replace("month = \"2026-02\"", "month   =   \"2026-02\"   # 月份");
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Modified,
            Some(&signed),
            Some(&reformatted),
        );
        assert_eq!(d, vec!["僅調整格式，內容未變"]);
    }

    /// The pull-request comment (since.rs) tells each of a few new entries by who, when and
    /// why, says 核章, and numbers entries without the noun its title already gives.
    #[test]
    fn a_review_tells_new_entries_seals_and_edits() {
        let path = "offices/x/logs/2026/2026-02.toml";
        let entry = |day: u32| {
            format!("\n[[entry]]\nperson = \"wang-xiao-ming\"\nlogin = 2026-02-{day:02}T10:25:00\nlogout = 2026-02-{day:02}T10:33:00\npurpose = \"受理遷入登記，查核當事人是否出境逾二年\"\n")
        };
        let one = format!("{LOG}{}", entry(10));
        let d = describe_for_review(path, &ChangeKind::Modified, Some(LOG), Some(&one));
        assert_eq!(
            d,
            vec!["新增 1 筆（wang-xiao-ming 115/02/10 10:25，用途「受理遷入登記，查核當事人是否出境逾二年」）"]
        );
        let five: String = std::iter::once(LOG.to_string())
            .chain([3, 5, 10, 17, 27].map(entry))
            .collect();
        let d = describe_for_review(path, &ChangeKind::Modified, Some(LOG), Some(&five));
        assert_eq!(d, vec!["新增 5 筆（115/02/03 至 115/02/27）"]);
        let d = describe_for_review(path, &ChangeKind::Modified, Some(&one), Some(LOG));
        assert_eq!(
            d,
            vec!["刪除 1 筆（wang-xiao-ming 115/02/10 10:25，用途「受理遷入登記，查核當事人是否出境逾二年」）"]
        );
        let signed = format!(
            "{one}\n[signoff]\ndirector = {{ person = \"chen-zhi-ming\", date = 2026-03-04 }}\n"
        );
        let edited = signed.replace(
            "logout = 2026-02-10T10:33:00",
            "logout = 2026-02-10T10:43:00",
        );
        let d = describe_for_review(path, &ChangeKind::Modified, Some(&one), Some(&edited));
        assert_eq!(
            d,
            vec![
                "修改第 2 筆的登出時間（115/02/10 10:33 → 115/02/10 10:43）",
                "主任核章（chen-zhi-ming，115/03/04）"
            ]
        );
        // The trail keeps its words.
        let d = describe(path, &ChangeKind::Modified, Some(&one), Some(&edited));
        assert_eq!(
            d,
            vec![
                "修改第 2 筆日誌的登出時間（115/02/10 10:33 → 115/02/10 10:43）",
                "主任簽核（chen-zhi-ming，115/03/04）"
            ]
        );
    }

    #[test]
    fn a_new_file_says_what_it_holds() {
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Added,
            None,
            Some(LOG),
        );
        assert_eq!(d, vec!["建立檔案", "新增 1 筆日誌"]);
        let d = describe(
            "offices/x/logs/2026/2026-02.toml",
            &ChangeKind::Added,
            None,
            Some("month = "),
        );
        assert_eq!(d, vec!["建立檔案", "此版本不是有效的 TOML，無法比對內容"]);
    }

    #[test]
    fn account_events_are_named() {
        let a = "[[person]]\nid = \"w\"\nname = \"王\"\n[person.account]\nitems = []\n[[person.account.event]]\ndate = 2026-01-02\ntype = \"applied\"\n";
        let b = format!("{a}[[person.account.event]]\ndate = 2026-01-09\ntype = \"activated\"\n");
        let d = describe(
            "offices/x/people.toml",
            &ChangeKind::Modified,
            Some(a),
            Some(&b),
        );
        assert_eq!(d, vec!["人員 w：新增帳號異動 activated／115/01/09"]);
    }
}
