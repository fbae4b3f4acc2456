//! What the language server offers beyond diagnostics (issue 16, item 2), read from the last
//! evaluation: hover on a person id (name, title, roles on the line's date, account state)
//! and on a finding (its rule's explanation); completion of person ids, item codes, account
//! event types, check items and role codes where the key asks for one, including inside
//! `[[person.account.event]]`, which the JSON Schemas cannot reach; and three quick fixes:
//! the missing `[signoff]` line with the person who held the role that day, `no_usage = true`
//! for a month without entries, and an `[[amendment]]` skeleton for a signed form that was
//! edited.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionItemLabelDetails, Hover, HoverContents, MarkupContent, MarkupKind, Position, Range,
    TextEdit, WorkspaceEdit,
};
use serde_json::Value;

use super::{publish, text, Doc, State};
use crate::facts::signed::roles_of;
use crate::facts::OfficeFacts;
use crate::model::{CheckItem, EventKind, Item, Place, Role, SignRole};
use crate::rules::retention::signoff_role_mismatch::roles_for;
use crate::rules::trail::signed_record_modified::SIGNED_RECORD_MODIFIED;
use crate::time::roc::roc_date;

/// What an assist reads: the document, its place and the last evaluation.
pub struct Context<'a> {
    pub root: &'a Path,
    pub path: &'a Path,
    pub doc: &'a Doc,
    pub state: &'a State,
    pub place: Option<Place>,
}

impl Context<'_> {
    fn office(&self) -> Option<OfficeFacts<'_>> {
        let id = self.place.as_ref()?.office()?;
        self.state.records.offices.get(id).map(OfficeFacts::of)
    }
}

fn position(params: &Value) -> Result<Position, String> {
    params
        .get("position")
        .cloned()
        .and_then(|p| serde_json::from_value(p).ok())
        .ok_or_else(|| "缺少 position".to_string())
}

fn to_value<T: serde::Serialize>(v: T) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| e.to_string())
}

/// `textDocument/hover`.
pub fn hover(cx: &Context, params: &Value) -> Result<Value, String> {
    let at = position(params)?;
    let mut parts = Vec::new();
    if let Some(person) = person_hover(cx, at) {
        parts.push(person);
    }
    parts.extend(finding_hover(cx, at));
    if parts.is_empty() {
        return Ok(Value::Null);
    }
    to_value(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// The `[a-z0-9-]` word at `offset`.
fn word_at(text: &str, offset: usize) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    &text[start..end]
}

/// The line holding `offset`.
fn line_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// The first `YYYY-MM-DD` on a line.
fn date_on(line: &str) -> Option<NaiveDate> {
    let b = line.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = line.get(i..i + 10)?;
        let shaped = s.bytes().enumerate().all(|(j, c)| {
            if j == 4 || j == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
        shaped
            .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .flatten()
    })
}

/// The day the text at `offset` is about: its line's own date, else the first date of the
/// table it is in (an `[[entry]]`'s login), else the evaluation date.
fn day_at(cx: &Context, text: &str, offset: usize) -> NaiveDate {
    let own = date_on(line_at(text, offset));
    let table = || {
        let is_header = |l: &str| l.trim_start().starts_with('[');
        let start = text[..offset].rfind("\n[").map_or(0, |i| i + 1);
        text[start..]
            .lines()
            .enumerate()
            .take_while(|(i, l)| *i == 0 || !is_header(l))
            .find_map(|(_, l)| date_on(l))
    };
    own.or_else(table).unwrap_or(cx.state.as_of)
}

fn person_hover(cx: &Context, at: Position) -> Option<String> {
    let text = &cx.doc.text;
    let offset = text::offset(text, at);
    let word = word_at(text, offset);
    let office = cx.office()?;
    let person = office.people.get(word)?.get_ref();
    let day = day_at(cx, text, offset);
    let mut out = format!("**{}**（{}）", person.name.get_ref(), word);
    if let Some(t) = &person.title {
        out.push_str(&format!("　{}", t.get_ref()));
    }
    let roles: Vec<&str> = office
        .roles
        .holdings
        .iter()
        .filter(|h| h.person == word && h.covers(day))
        .map(|h| h.role.label())
        .collect();
    out.push_str(&format!(
        "\n\n{}：{}",
        roc_date(day),
        if roles.is_empty() {
            "未擔任職務".to_string()
        } else {
            roles.join("、")
        }
    ));
    match office.accounts.get(word) {
        None => out.push_str("\n\n帳號：無系統帳號"),
        Some(acc) => {
            let state = if acc.active_on(day) {
                "啟用中"
            } else {
                "未啟用"
            };
            out.push_str(&format!("\n\n帳號：{state}"));
            let last = acc
                .events
                .iter()
                .rev()
                .map(|e| e.get_ref())
                .find(|e| e.date.get_ref().0 <= day);
            if let Some(e) = last {
                out.push_str(&format!(
                    "（最近事件：{} {}）",
                    roc_date(e.date.get_ref().0),
                    e.kind.get_ref().label()
                ));
            }
            if !acc.items.is_empty() {
                let items: Vec<&str> = acc.items.iter().map(|i| i.label()).collect();
                out.push_str(&format!("\n\n核准項目：{}", items.join("、")));
            }
        }
    }
    Some(out)
}

/// The explanation of each rule with a finding at `at` in this file.
fn finding_hover(cx: &Context, at: Position) -> Vec<String> {
    let Some(id) = cx.state.file_of(cx.path) else {
        return Vec::new();
    };
    let file = cx.state.sources.get(id);
    let offset = text::offset(&file.text, at);
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for f in &cx.state.findings {
        let Some(span) = &f.span else { continue };
        let hit = span.file == id
            && (span.range.contains(&offset)
                || span.range.start == offset
                || text::position_in(file, span.range.start).line == at.line
                    && span.range.is_empty());
        if !hit || seen.contains(&f.rule.id) {
            continue;
        }
        seen.push(f.rule.id);
        let r = f.rule;
        let body: Vec<&str> = r
            .explanation
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        out.push(format!(
            "**{}**（{}，要點 {} {}）\n\n{}\n\n{}",
            r.id,
            r.severity.label(),
            r.clause.label,
            r.clause.title,
            publish::message(f),
            body.join("\n").trim()
        ));
    }
    out
}

/// What the cursor is completing.
#[derive(Debug, PartialEq, Eq)]
enum Slot {
    Person,
    Item,
    EventType,
    CheckItem,
    Role,
}

/// The table header (`[x]` or `[[x]]`) in force at `offset`.
fn table_at(text: &str, offset: usize) -> &str {
    text[..offset]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim())
        .unwrap_or("")
}

/// The slot at `offset`: the key before the last `=` on the line up to the cursor.
fn slot_at(text: &str, offset: usize) -> Option<(Slot, bool)> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..offset];
    let (key_part, value) = before.rsplit_once('=')?;
    let key = key_part
        .rsplit(|c: char| c == '{' || c == ',' || c.is_whitespace())
        .find(|s| !s.is_empty())?
        .trim();
    // Inside quotes when the value so far has an odd number of them.
    let quoted = value.matches('"').count() % 2 == 1;
    let table = table_at(text, offset);
    let slot = match key {
        "person" | "by" | "approved_by" => Slot::Person,
        "items" => Slot::Item,
        "type" if table == "person.account.event" => Slot::EventType,
        "item" if table == "check" => Slot::CheckItem,
        "role" if table == "role" => Slot::Role,
        _ => return None,
    };
    Some((slot, quoted))
}

/// `textDocument/completion`.
pub fn complete(cx: &Context, params: &Value) -> Result<Value, String> {
    let at = position(params)?;
    let text = &cx.doc.text;
    let offset = text::offset(text, at);
    let Some((slot, quoted)) = slot_at(text, offset) else {
        return Ok(Value::Null);
    };
    let quote = |code: &str| {
        if quoted {
            code.to_string()
        } else {
            format!("\"{code}\"")
        }
    };
    let item = |code: &str, detail: &str, sort: String| CompletionItem {
        label: code.to_string(),
        label_details: Some(CompletionItemLabelDetails {
            detail: None,
            description: Some(detail.to_string()),
        }),
        kind: Some(CompletionItemKind::VALUE),
        detail: Some(detail.to_string()),
        sort_text: Some(sort),
        insert_text: Some(quote(code)),
        ..CompletionItem::default()
    };
    let mut items = Vec::new();
    match slot {
        Slot::Person => {
            let Some(office) = cx.office() else {
                return Ok(Value::Null);
            };
            let day = day_at(cx, text, offset);
            for (id, p) in &office.people {
                let p = p.get_ref();
                let active = office.accounts.get(id).is_some_and(|a| a.active_on(day))
                    || office
                        .roles
                        .holdings
                        .iter()
                        .any(|h| h.person == *id && h.covers(day));
                let mut detail = p.name.get_ref().clone();
                if let Some(t) = &p.title {
                    detail.push_str(&format!("　{}", t.get_ref()));
                }
                if !active {
                    detail.push_str("（該日無啟用帳號或職務）");
                }
                let sort = format!("{}{id}", if active { 0 } else { 1 });
                items.push(item(id, &detail, sort));
            }
        }
        Slot::Item => {
            for (i, it) in Item::ALL.iter().enumerate() {
                items.push(item(it.code(), it.label(), format!("{i}")));
            }
        }
        Slot::EventType => {
            for (i, k) in EventKind::ALL.iter().enumerate() {
                items.push(item(k.code(), k.label(), format!("{i:02}")));
            }
        }
        Slot::CheckItem => {
            let all: &[CheckItem] = match cx.place {
                Some(Place::Inspection(..)) => &CheckItem::ALL,
                _ => &CheckItem::AUDIT,
            };
            for (i, c) in all.iter().enumerate() {
                items.push(item(c.code(), c.label(), format!("{i}")));
            }
        }
        Slot::Role => {
            for (i, r) in Role::ALL.iter().enumerate() {
                items.push(item(r.code(), r.label(), format!("{i}")));
            }
        }
    }
    to_value(items)
}

/// `textDocument/codeAction`.
pub fn code_actions(cx: &Context, params: &Value) -> Result<Value, String> {
    let wanted: Vec<String> = params
        .pointer("/context/diagnostics")
        .and_then(Value::as_array)
        .map(|ds| {
            ds.iter()
                .filter_map(|d| d.get("code").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let Some(place) = &cx.place else {
        return to_value(Vec::<CodeActionOrCommand>::new());
    };
    let text = &cx.doc.text;
    let table: Option<toml::Table> = toml::from_str(text).ok();
    let mut actions = Vec::new();
    if let (Some(roles), Some(table)) = (roles_of(place), &table) {
        actions.extend(signoff_actions(cx, place, roles, table));
    }
    if let (Place::Log(..), Some(table)) = (place, &table) {
        if !table.contains_key("entry") && !table.contains_key("no_usage") {
            actions.push(no_usage_action(cx));
        }
    }
    if roles_of(place).is_some()
        && (wanted.iter().any(|c| c == SIGNED_RECORD_MODIFIED.id) || edited_after_signing(cx))
    {
        actions.push(amendment_action(cx));
    }
    to_value(actions)
}

fn edit_action(cx: &Context, title: String, edit: TextEdit) -> CodeActionOrCommand {
    // lsp-types keys the edit map by `Uri`, whose parsed parts sit in cells; the key is made
    // once here and never changed, so its hash cannot move.
    #[allow(clippy::mutable_key_type)]
    let changes = HashMap::from([(cx.doc.uri.clone(), vec![edit])]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit::new(changes)),
        ..CodeAction::default()
    })
}

/// An insertion at byte `offset` of the buffer.
fn insert_at(text: &str, offset: usize, new_text: String) -> TextEdit {
    let at = text::position(text, offset);
    TextEdit::new(Range::new(at, at), new_text)
}

/// The day a form's signatures are for: its `date`, else the day after its month, never
/// after the evaluation date.
fn signing_day(cx: &Context, place: &Place, table: &toml::Table) -> NaiveDate {
    let own = table
        .get("date")
        .and_then(|d| d.as_datetime())
        .and_then(|d| d.date)
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
    let after_month = match place {
        Place::Log(_, m) | Place::MonthlyAudit(_, m) => m.last_day().succ_opt(),
        _ => None,
    };
    own.or(after_month)
        .unwrap_or(cx.state.as_of)
        .min(cx.state.as_of)
}

fn signoff_actions(
    cx: &Context,
    place: &Place,
    roles: &[SignRole],
    table: &toml::Table,
) -> Vec<CodeActionOrCommand> {
    let Some(office) = cx.office() else {
        return Vec::new();
    };
    let signed = table.get("signoff").and_then(|s| s.as_table());
    let text = &cx.doc.text;
    let header = text
        .match_indices("[signoff]")
        .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
        .map(|(i, s)| i + s.len());
    // `signoff = { … }` written inline cannot take a line.
    if signed.is_some() && header.is_none() {
        return Vec::new();
    }
    let day = signing_day(cx, place, table);
    // (role, holder, the line to add) for each signature line not yet filled.
    let mut missing = Vec::new();
    for role in roles {
        if signed.is_some_and(|s| s.contains_key(role.key())) {
            continue;
        }
        let Some(holder) = roles_for(*role)
            .iter()
            .find_map(|r| office.roles.holders(*r, day).first().copied())
        else {
            continue;
        };
        let name = office
            .people
            .get(holder)
            .map_or(holder, |p| p.get_ref().name.get_ref().as_str());
        let line = format!(
            "{} = {{ person = \"{holder}\", date = {day} }}\n",
            role.key()
        );
        missing.push((role, name, line));
    }
    match header {
        // A line each, after the header's line break (or at the end of a file that stops
        // there).
        Some(end) => {
            let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let lead = if at == text.len() && !text.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            missing
                .into_iter()
                .map(|(role, name, line)| {
                    edit_action(
                        cx,
                        format!("補上{}核章：{name}（{}）", role.label(), roc_date(day)),
                        insert_at(text, at, format!("{lead}{line}")),
                    )
                })
                .collect()
        }
        // No `[signoff]` yet: one action adds the table with every line, as applying one
        // header per line would repeat the table.
        None if !missing.is_empty() => {
            let names: Vec<String> = missing
                .iter()
                .map(|(role, name, _)| format!("{}{name}", role.label()))
                .collect();
            let lines: String = missing.iter().map(|(_, _, l)| l.as_str()).collect();
            let title = format!(
                "補上 [signoff] 核章：{}（{}）",
                names.join("、"),
                roc_date(day)
            );
            let edit = insert_at(
                text,
                text.len(),
                format!("{}[signoff]\n{lines}", separator(text)),
            );
            vec![edit_action(cx, title, edit)]
        }
        None => Vec::new(),
    }
}

/// What goes before a table appended to `text`: a blank line, as the records are written.
fn separator(text: &str) -> &'static str {
    if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    }
}

fn no_usage_action(cx: &Context) -> CodeActionOrCommand {
    let text = &cx.doc.text;
    let month_line = text
        .match_indices("month")
        .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
        .map(|(i, _)| text[i..].find('\n').map_or(text.len(), |j| i + j + 1));
    let edit = match month_line {
        Some(at) if at == text.len() && !text.ends_with('\n') => {
            insert_at(text, at, "\nno_usage = true\n".into())
        }
        Some(at) => insert_at(text, at, "no_usage = true\n".into()),
        None => insert_at(text, 0, "no_usage = true\n".into()),
    };
    edit_action(cx, "註記本月無人使用系統（no_usage = true）".into(), edit)
}

/// Whether the buffer differs from a file on disk whose every signature line is filled.
fn edited_after_signing(cx: &Context) -> bool {
    let Some(roles) = cx.place.as_ref().and_then(roles_of) else {
        return false;
    };
    let Ok(disk) = std::fs::read_to_string(cx.path) else {
        return false;
    };
    if disk == cx.doc.text {
        return false;
    }
    let Ok(table) = toml::from_str::<toml::Table>(&disk) else {
        return false;
    };
    let signoff = table.get("signoff").and_then(|s| s.as_table());
    signoff.is_some_and(|s| roles.iter().all(|r| s.contains_key(r.key())))
}

fn amendment_action(cx: &Context) -> CodeActionOrCommand {
    let text = &cx.doc.text;
    let day = cx.state.as_of;
    let director = cx
        .office()
        .and_then(|o| {
            o.roles
                .holders(Role::Director, day)
                .first()
                .map(|s| s.to_string())
        })
        .unwrap_or_default();
    let sep = separator(text);
    let skeleton = format!(
        "{sep}[[amendment]]\ndate = {day}\nreason = \"\"\nby = \"\"\napproved_by = \"{director}\"\n"
    );
    edit_action(
        cx,
        "加上 [[amendment]] 更正紀錄（日期、原因、更正人、核准人）".into(),
        insert_at(text, text.len(), skeleton),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_before_the_cursor_names_the_slot() {
        let t = "[[person.account.event]]\ndate = 2026-01-05\ntype = \"";
        assert_eq!(slot_at(t, t.len()), Some((Slot::EventType, true)));
        let t = "[[entry]]\nperson = ";
        assert_eq!(slot_at(t, t.len()), Some((Slot::Person, false)));
        let t = "[signoff]\nhandler = { person = \"li";
        assert_eq!(slot_at(t, t.len()), Some((Slot::Person, true)));
        let t = "[[entry]]\ntype = \"";
        assert_eq!(slot_at(t, t.len()), None);
        let t = "[[check]]\nitem = \"";
        assert_eq!(slot_at(t, t.len()), Some((Slot::CheckItem, true)));
    }

    #[test]
    fn a_line_date_is_found() {
        assert_eq!(
            date_on("login = 2026-02-03T09:05:00"),
            NaiveDate::from_ymd_opt(2026, 2, 3)
        );
        assert_eq!(date_on("person = \"x\""), None);
    }
}
