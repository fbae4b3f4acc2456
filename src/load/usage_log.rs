//! A fast reader for usage logs (附件一, `logs/<YYYY>/<YYYY-MM>.toml`) in the plain shape people
//! and `imaudit new` write: one `key = value` a line, bare keys, basic strings without escapes,
//! dates and date-times as `2026-11-03` / `2026-11-03T09:12:00`, one-line arrays of strings and
//! `{ person = "…", date = … }` signatures.
//!
//! Why: a county keeps about a million log entries (issue 6); through the general TOML parser
//! and serde they were half of `check`'s time (a table tree, then a datetime turned into text
//! and parsed again for every login). This reader gives the very same [`Log`] — values and
//! spans — for the files it accepts, and declines (`None`) everything else: another layout,
//! an escape, a duplicate or unknown key, a missing field, a bad date. Declined files go the
//! general way, which also gives the error messages; so a file it accepts is one the general
//! reader accepts too, with an identical result (the tests hold the two readers side by side).

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::shared::Interner;
use crate::model::{Amendment, Day, Entry, Log, Shared, Signature, Signoff, Spanned, Stamp};
use crate::time::Month;

/// The log in `text`, when it is in the plain shape; `None` sends it to the general reader.
pub fn read(text: &str) -> Option<Log> {
    let mut r = Reader::default();
    let mut offset = 0;
    for line in text.split('\n') {
        r.line(line.as_bytes(), offset)?;
        offset += line.len() + 1;
    }
    r.finish()
}

/// A log the general reader read, its repeated texts shared as [`read`] shares them: a
/// county whose logs all go the general way (CRLF line endings, say) would otherwise hold a
/// copy of each person, purpose and item per entry.
pub fn shared(mut log: Log) -> Log {
    let mut shared = Interner::default();
    let mut share = |text: &mut Spanned<Shared>| {
        *text.get_mut() = shared.get(text.get_ref());
    };
    for entry in &mut log.entry {
        let e = entry.get_mut();
        share(&mut e.person);
        share(&mut e.purpose);
        for item in e.items.iter_mut().flatten() {
            share(item);
        }
    }
    log
}

/// The canonical text of a log read by [`read`]: what `history-rewritten`'s manifest hashes
/// (src/manifest.rs `canonical`: keys sorted, strings as JSON, dates as `@`
/// and their TOML text), made from the log instead of a second parse of its TOML. The tests
/// hold it against the general way.
pub fn canonical(log: &Log) -> String {
    let mut out = String::with_capacity(64 * log.entry.len() + 64);
    let mut fields = Fields::new(&mut out);
    if !log.amendment.is_empty() {
        fields.key("amendment");
        fields.array(&log.amendment, |out, a| {
            let a = a.get_ref();
            let mut f = Fields::new(out);
            if let Some(v) = &a.approved_by {
                f.key("approved_by");
                f.string(v.get_ref());
            }
            f.key("by");
            f.string(a.by.get_ref());
            f.key("date");
            f.day(a.date.get_ref());
            f.key("reason");
            f.string(a.reason.get_ref());
            f.close();
        });
    }
    if !log.entry.is_empty() {
        fields.key("entry");
        fields.array(&log.entry, |out, e| {
            let e = e.get_ref();
            let mut f = Fields::new(out);
            if let Some(v) = &e.case {
                f.key("case");
                f.string(v.get_ref());
            }
            if let Some(v) = &e.destroyed_on {
                f.key("destroyed_on");
                f.day(v.get_ref());
            }
            if let Some(v) = &e.filed_in {
                f.key("filed_in");
                f.string(v.get_ref());
            }
            if let Some(items) = &e.items {
                f.key("items");
                f.array(items, |out, i| json_string(out, i.get_ref()));
            }
            f.key("login");
            f.stamp(e.login.get_ref());
            if let Some(v) = &e.logout {
                f.key("logout");
                f.stamp(v.get_ref());
            }
            f.key("person");
            f.string(e.person.get_ref());
            if let Some(v) = &e.printed {
                f.key("printed");
                f.out.push_str(if *v.get_ref() { "true" } else { "false" });
            }
            f.key("purpose");
            f.string(e.purpose.get_ref());
            f.close();
        });
    }
    fields.key("month");
    fields.string(&log.month.get_ref().to_string());
    if let Some(v) = &log.no_usage {
        fields.key("no_usage");
        fields
            .out
            .push_str(if *v.get_ref() { "true" } else { "false" });
    }
    if let Some(s) = &log.signoff {
        fields.key("signoff");
        let s = s.get_ref();
        let mut f = Fields::new(fields.out);
        // Keys in sorted order.
        for (key, sig) in [
            ("auditor", &s.auditor),
            ("director", &s.director),
            ("handler", &s.handler),
            ("secretary", &s.secretary),
            ("section_chief", &s.section_chief),
        ] {
            if let Some(sig) = sig {
                let sig = sig.get_ref();
                f.key(key);
                let mut g = Fields::new(f.out);
                g.key("date");
                g.day(sig.date.get_ref());
                g.key("person");
                g.string(sig.person.get_ref());
                g.close();
            }
        }
        f.close();
    }
    fields.close();
    out
}

/// A canonical table being written: `{` then `"key":value` pairs with commas, then `}`.
struct Fields<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Fields<'o> {
    fn new(out: &'o mut String) -> Fields<'o> {
        out.push('{');
        Fields { out, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        json_string(self.out, key);
        self.out.push(':');
    }

    fn string(&mut self, s: &str) {
        json_string(self.out, s);
    }

    fn day(&mut self, d: &Day) {
        self.out.push('@');
        date_text(self.out, d.0);
    }

    fn stamp(&mut self, t: &Stamp) {
        use chrono::Timelike;
        self.out.push('@');
        date_text(self.out, t.0.date());
        self.out.push('T');
        let time = t.0.time();
        for (i, n) in [time.hour(), time.minute(), time.second()]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                self.out.push(':');
            }
            two_digits(self.out, n);
        }
    }

    fn array<T>(&mut self, items: &[T], mut each: impl FnMut(&mut String, &T)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            each(self.out, item);
        }
        self.out.push(']');
    }

    fn close(self) {
        self.out.push('}');
    }
}

/// `YYYY-MM-DD` as TOML writes it (the fast reader only takes four-digit years), without
/// chrono's format machinery: a county's logs have two million of them.
fn date_text(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let y = d.year().clamp(0, 9999) as u32;
    two_digits(out, y / 100);
    two_digits(out, y % 100);
    out.push('-');
    two_digits(out, d.month());
    out.push('-');
    two_digits(out, d.day());
}

fn two_digits(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn json_string(out: &mut String, s: &str) {
    // Most strings need no escaping: write them as they are (what serde_json writes then).
    if s.bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f)
    {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// The table the lines belong to.
#[derive(Default, Clone, Copy)]
enum Table {
    #[default]
    Root,
    Entry,
    Signoff,
    Amendment,
}

#[derive(Default)]
struct EntryFields {
    span: Range<usize>,
    person: Option<Spanned<Shared>>,
    login: Option<Spanned<Stamp>>,
    logout: Option<Spanned<Stamp>>,
    purpose: Option<Spanned<Shared>>,
    items: Option<Box<[Spanned<Shared>]>>,
    case: Option<Spanned<Box<str>>>,
    printed: Option<Spanned<bool>>,
    filed_in: Option<Spanned<Box<str>>>,
    destroyed_on: Option<Spanned<Day>>,
}

#[derive(Default)]
struct AmendmentFields {
    span: Range<usize>,
    date: Option<Spanned<Day>>,
    reason: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
    approved_by: Option<Spanned<String>>,
}

#[derive(Default)]
struct Reader {
    table: Table,
    month: Option<Spanned<Month>>,
    no_usage: Option<Spanned<bool>>,
    entries: Vec<Spanned<Entry>>,
    entry: Option<EntryFields>,
    signoff: Option<(Range<usize>, Signoff)>,
    amendments: Vec<Spanned<Amendment>>,
    amendment: Option<AmendmentFields>,
    shared: Interner,
}

/// Sets a field that must not be set yet (a duplicate key is the general reader's error).
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

impl Reader {
    fn line(&mut self, line: &[u8], at: usize) -> Option<()> {
        let mut p = Cursor { s: line, i: 0, at };
        p.blank();
        match p.peek() {
            None => Some(()),
            Some(b'#') => p.rest_is_comment(),
            Some(b'[') => self.header(&mut p),
            Some(_) => self.key_value(&mut p),
        }
    }

    fn header(&mut self, p: &mut Cursor) -> Option<()> {
        let start = p.at + p.i;
        let table = if p.eat(b"[[entry]]") {
            Table::Entry
        } else if p.eat(b"[[amendment]]") {
            Table::Amendment
        } else if p.eat(b"[signoff]") {
            Table::Signoff
        } else {
            return None;
        };
        let span = start..p.at + p.i;
        p.blank();
        p.rest_is_comment()?;
        self.close()?;
        match table {
            Table::Entry => {
                self.entry = Some(EntryFields {
                    span,
                    ..EntryFields::default()
                })
            }
            Table::Amendment => {
                self.amendment = Some(AmendmentFields {
                    span,
                    ..AmendmentFields::default()
                })
            }
            Table::Signoff => set(&mut self.signoff, (span, Signoff::default()))?,
            Table::Root => return None,
        }
        self.table = table;
        Some(())
    }

    /// Ends the open `[[entry]]` or `[[amendment]]`, which must have its required keys.
    fn close(&mut self) -> Option<()> {
        if let Some(e) = self.entry.take() {
            let entry = Entry {
                person: e.person?,
                login: e.login?,
                logout: e.logout,
                purpose: e.purpose?,
                items: e.items,
                case: e.case,
                printed: e.printed,
                filed_in: e.filed_in,
                destroyed_on: e.destroyed_on,
            };
            self.entries.push(Spanned::new(e.span, entry));
        }
        if let Some(a) = self.amendment.take() {
            let amendment = Amendment {
                date: a.date?,
                reason: a.reason?,
                by: a.by?,
                approved_by: a.approved_by,
            };
            self.amendments.push(Spanned::new(a.span, amendment));
        }
        Some(())
    }

    fn key_value(&mut self, p: &mut Cursor) -> Option<()> {
        let key = p.bare_key()?;
        p.blank();
        p.expect(b'=')?;
        p.blank();
        match self.table {
            Table::Root => match key {
                b"month" => {
                    let s = p.string()?;
                    let month = s.get_ref().parse::<Month>().ok()?;
                    set(&mut self.month, Spanned::new(s.span(), month))?
                }
                b"no_usage" => set(&mut self.no_usage, p.boolean()?)?,
                _ => return None,
            },
            Table::Entry => {
                let e = self.entry.as_mut()?;
                match key {
                    b"person" => set(&mut e.person, p.shared(&mut self.shared)?)?,
                    b"login" => set(&mut e.login, p.stamp()?)?,
                    b"logout" => set(&mut e.logout, p.stamp()?)?,
                    b"purpose" => set(&mut e.purpose, p.shared(&mut self.shared)?)?,
                    b"items" => set(&mut e.items, p.strings(&mut self.shared)?)?,
                    b"case" => set(&mut e.case, p.boxed()?)?,
                    b"printed" => set(&mut e.printed, p.boolean()?)?,
                    b"filed_in" => set(&mut e.filed_in, p.boxed()?)?,
                    b"destroyed_on" => set(&mut e.destroyed_on, p.day()?)?,
                    _ => return None,
                }
            }
            Table::Signoff => {
                let s = &mut self.signoff.as_mut()?.1;
                let slot = match key {
                    b"handler" => &mut s.handler,
                    b"auditor" => &mut s.auditor,
                    b"section_chief" => &mut s.section_chief,
                    b"secretary" => &mut s.secretary,
                    b"director" => &mut s.director,
                    _ => return None,
                };
                set(slot, p.signature()?)?
            }
            Table::Amendment => {
                let a = self.amendment.as_mut()?;
                match key {
                    b"date" => set(&mut a.date, p.day()?)?,
                    b"reason" => set(&mut a.reason, p.string()?)?,
                    b"by" => set(&mut a.by, p.string()?)?,
                    b"approved_by" => set(&mut a.approved_by, p.string()?)?,
                    _ => return None,
                }
            }
        }
        p.blank();
        p.rest_is_comment()
    }

    fn finish(mut self) -> Option<Log> {
        self.close()?;
        // A county holds a million entries: no slack left from doubling.
        self.entries.shrink_to_fit();
        Some(Log {
            month: self.month?,
            no_usage: self.no_usage,
            entry: self.entries,
            signoff: self.signoff.map(|(span, s)| Spanned::new(span, s)),
            amendment: self.amendments,
        })
    }
}

/// A position in one line; `at` is the line's offset in the file.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
    at: usize,
}

/// A control character TOML allows neither in strings nor in comments (tab is allowed).
fn control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, token: &[u8]) -> bool {
        if self.s[self.i..].starts_with(token) {
            self.i += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.i += 1)
    }

    /// The end of the line: nothing, or a comment. A carriage return (a CRLF file) declines.
    fn rest_is_comment(&self) -> Option<()> {
        match self.peek() {
            None => Some(()),
            Some(b'#') => (!self.s[self.i + 1..].iter().any(|&b| control(b))).then_some(()),
            Some(_) => None,
        }
    }

    /// After a value: the line goes on with blanks, a comment, or its end (or, inside an
    /// array or inline table, a separator).
    fn value_ends(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'#' | b',' | b']' | b'}')
        )
    }

    fn bare_key(&mut self) -> Option<&'a [u8]> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.i += 1;
        }
        let s: &'a [u8] = self.s;
        (self.i > start).then(|| &s[start..self.i])
    }

    fn span(&self, start: usize) -> Range<usize> {
        self.at + start..self.at + self.i
    }

    /// A basic string without escapes, on one line.
    fn string(&mut self) -> Option<Spanned<String>> {
        let (text, span) = self.string_text()?;
        Some(Spanned::new(span, text.to_string()))
    }

    /// A basic string as [`Cursor::string`] reads it, without spare capacity.
    fn boxed(&mut self) -> Option<Spanned<Box<str>>> {
        let (text, span) = self.string_text()?;
        Some(Spanned::new(span, Box::from(text)))
    }

    /// A basic string as [`Cursor::string`] reads it, shared with its equals in the file.
    fn shared(&mut self, shared: &mut Interner) -> Option<Spanned<Shared>> {
        let (text, span) = self.string_text()?;
        Some(Spanned::new(span, shared.get(text)))
    }

    /// The text of a basic string without escapes, and its span.
    fn string_text(&mut self) -> Option<(&'a str, Range<usize>)> {
        let start = self.i;
        if !self.eat(b"\"") || self.s[self.i..].starts_with(b"\"\"") {
            return None;
        }
        let body = self.i;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => return None,
                b if control(b) => return None,
                _ => self.i += 1,
            }
        }
        let s: &'a [u8] = self.s;
        let text = std::str::from_utf8(&s[body..self.i]).ok()?;
        self.i += 1;
        Some((text, self.span(start)))
    }

    fn boolean(&mut self) -> Option<Spanned<bool>> {
        let start = self.i;
        let value = if self.eat(b"true") {
            true
        } else if self.eat(b"false") {
            false
        } else {
            return None;
        };
        self.value_ends()
            .then(|| Spanned::new(self.span(start), value))
    }

    fn digits(&self, from: usize, len: usize) -> Option<u32> {
        self.s.get(from..from + len)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }

    /// `YYYY-MM-DD` at the cursor, without moving it.
    fn date_at(&self) -> Option<NaiveDate> {
        let i = self.i;
        if self.s.get(i + 4) != Some(&b'-') || self.s.get(i + 7) != Some(&b'-') {
            return None;
        }
        NaiveDate::from_ymd_opt(
            self.digits(i, 4)? as i32,
            self.digits(i + 5, 2)?,
            self.digits(i + 8, 2)?,
        )
    }

    fn day(&mut self) -> Option<Spanned<Day>> {
        let start = self.i;
        let date = self.date_at()?;
        self.i += 10;
        self.value_ends()
            .then(|| Spanned::new(self.span(start), Day(date)))
    }

    /// `YYYY-MM-DDTHH:MM:SS`, a local date-time (Taiwan time, records.md). Fractions, offsets
    /// and leap seconds go the general way.
    fn stamp(&mut self) -> Option<Spanned<Stamp>> {
        let start = self.i;
        let date = self.date_at()?;
        let i = start + 10;
        if self.s.get(i) != Some(&b'T')
            || self.s.get(i + 3) != Some(&b':')
            || self.s.get(i + 6) != Some(&b':')
        {
            return None;
        }
        let time = NaiveTime::from_hms_opt(
            self.digits(i + 1, 2)?,
            self.digits(i + 4, 2)?,
            self.digits(i + 7, 2)?,
        )?;
        self.i = start + 19;
        self.value_ends()
            .then(|| Spanned::new(self.span(start), Stamp(NaiveDateTime::new(date, time))))
    }

    /// `["a", "b"]` on one line (a trailing comma allowed, as TOML allows it).
    fn strings(&mut self, shared: &mut Interner) -> Option<Box<[Spanned<Shared>]>> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            self.blank();
            if self.expect(b']').is_some() {
                return Some(out.into_boxed_slice());
            }
            out.push(self.shared(shared)?);
            self.blank();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out.into_boxed_slice());
                }
                _ => return None,
            }
        }
    }

    /// `{ person = "…", date = YYYY-MM-DD }`, the keys in either order.
    fn signature(&mut self) -> Option<Spanned<Signature>> {
        let start = self.i;
        self.expect(b'{')?;
        let mut person = None;
        let mut date = None;
        loop {
            self.blank();
            match self.bare_key()? {
                b"person" => {
                    self.blank();
                    self.expect(b'=')?;
                    self.blank();
                    set(&mut person, self.string()?)?
                }
                b"date" => {
                    self.blank();
                    self.expect(b'=')?;
                    self.blank();
                    set(&mut date, self.day()?)?
                }
                _ => return None,
            }
            self.blank();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        let signature = Signature {
            person: person?,
            date: date?,
        };
        Some(Spanned::new(self.span(start), signature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(text: &str) -> Option<Log> {
        toml::from_str(text).ok()
    }

    /// Whatever the fast reader accepts, the general reader reads the same way. Says whether
    /// the fast reader took it.
    fn agrees(text: &str) -> bool {
        let Some(fast) = read(text) else {
            return false;
        };
        let slow = general(text)
            .unwrap_or_else(|| panic!("the fast reader accepted what TOML refuses:\n{text}"));
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{text}");
        let table: toml::Table = text.parse().unwrap();
        let mut want = String::new();
        crate::manifest::canonical(&toml::Value::Table(table), &mut want);
        assert_eq!(canonical(&fast), want, "{text}");
        true
    }

    const PLAIN: &str = "#:schema ../../../../schemas/log.schema.json\n\
# 附件一 應用移民資訊資料日誌表\n\
month = \"2026-01\"\n\
\n\
[[entry]]\n\
person = \"wang-xiao-ming\"\n\
login = 2026-01-05T09:12:00\n\
logout = 2026-01-05T09:20:00\n\
purpose = \"受理歸化國籍初設戶籍登記，查核入出境紀錄\"\n\
items = [\"entry-exit\", \"foreign-residence\"]\n\
case = \"1150105-0012\"\n\
\n\
[[entry]]\n\
person = \"lin-mei-hua\"   # 代理\n\
login = 2026-01-06T14:02:00\n\
purpose = \"查核\\t入境\"\n\
printed = true\n\
destroyed_on = 2026-01-07\n\
\n\
[signoff]\n\
handler = { person = \"lin-mei-hua\", date = 2026-02-02 }\n\
secretary = { date = 2026-02-03, person = \"huang-jian-guo\" }\n\
director = {person=\"chen-zhi-ming\",date=2026-02-04}\n\
\n\
[[amendment]]\n\
date = 2026-02-10\n\
reason = \"登出時間誤植\"\n\
by = \"lin-mei-hua\"\n\
approved_by = \"chen-zhi-ming\"\n";

    #[test]
    fn a_plain_log_reads_as_the_general_reader_reads_it() {
        // The escaped tab makes this one go the general way; without it, the fast way.
        agrees(PLAIN);
        assert!(read(PLAIN).is_none());
        let plain = PLAIN.replace("\\t", "");
        assert!(read(&plain).is_some());
        agrees(&plain);
    }

    #[test]
    fn anything_unusual_is_left_to_the_general_reader() {
        let plain = PLAIN.replace("\\t", "");
        for (from, to) in [
            ("month = \"2026-01\"", "month = \"2026-13\""),
            ("month = \"2026-01\"", "month = '2026-01'"),
            ("login = 2026-01-05T09:12:00", "login = 2026-01-05 09:12:00"),
            (
                "login = 2026-01-05T09:12:00",
                "login = 2026-01-05T09:12:00Z",
            ),
            ("login = 2026-01-05T09:12:00", "login = 2026-01-05T09:12:60"),
            ("login = 2026-01-05T09:12:00", "login = 2026-02-30T09:12:00"),
            ("login = 2026-01-05T09:12:00", "login = 2026-01-05"),
            (
                "destroyed_on = 2026-01-07",
                "destroyed_on = 2026-01-07T00:00:00",
            ),
            (
                "case = \"1150105-0012\"",
                "case = \"1150105-0012\"\ncase = \"x\"",
            ),
            ("case = \"1150105-0012\"", "caes = \"1150105-0012\""),
            ("case = \"1150105-0012\"", "\"case\" = \"1150105-0012\""),
            ("case = \"1150105-0012\"", "case = \"\"\"1150105-0012\"\"\""),
            ("printed = true", "printed = 1"),
            ("[signoff]", "[signoff]\n[signoff]"),
            ("[signoff]", "[ signoff ]"),
            ("person = \"wang-xiao-ming\"\n", ""),
            ("director = {person=", "director = {person ="),
            ("date=2026-02-04}", "date=2026-02-04,}"),
            ("\n", "\r\n"),
            ("# 代理", "# 代\u{7}理"),
            (
                "[\"entry-exit\", \"foreign-residence\"]",
                "[\"entry-exit\",\n\"foreign-residence\"]",
            ),
            (
                "[\"entry-exit\", \"foreign-residence\"]",
                "[\"entry-exit\", \"foreign-residence\",]",
            ),
            ("[\"entry-exit\", \"foreign-residence\"]", "[]"),
            ("  # 代理", ""),
            (
                "month = \"2026-01\"\n",
                "month = \"2026-01\"\nno_usage = false\n",
            ),
        ] {
            assert!(plain.contains(from), "{from}");
            agrees(&plain.replacen(from, to, 1));
        }
    }

    /// Mutations of a plain log, character by character: none may make the two readers
    /// disagree (the fast one may decline any of them).
    #[test]
    fn mutations_never_make_the_readers_disagree() {
        let plain = PLAIN.replace("\\t", "");
        let inserts = [
            "\"", "\\", "#", " ", "\t", "=", "[", "]", "{", "}", ",", "T", "\n", "\r", "x", "0",
            "9", ".", ":", "-", "'", "\u{7f}", "中",
        ];
        let cuts: Vec<usize> = plain.char_indices().map(|(i, _)| i).collect();
        let (mut tried, mut fast) = (0, 0);
        for (k, &at) in cuts.iter().enumerate() {
            // Every third place, every insert; and deleting each character.
            if k % 3 == 0 {
                for ins in inserts {
                    let mut t = plain.clone();
                    t.insert_str(at, ins);
                    fast += usize::from(agrees(&t));
                    tried += 1;
                }
            }
            let mut t = plain.clone();
            let end = cuts.get(k + 1).copied().unwrap_or(plain.len());
            t.replace_range(at..end, "");
            fast += usize::from(agrees(&t));
            tried += 1;
        }
        // Both ways are exercised: many mutants stay plain (a blank, a letter in a string).
        assert!(
            tried > 1000 && fast > 300,
            "{fast} of {tried} read the fast way"
        );
    }

    #[test]
    fn the_demo_logs_take_the_fast_way() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records/offices");
        let mut read_fast = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            let path = entry.path();
            if !path.to_string_lossy().contains("/logs/") || !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            agrees(&text);
            assert!(
                read(&text).is_some(),
                "{} went the slow way",
                path.display()
            );
            read_fast += 1;
        }
        assert!(read_fast > 50);
    }
}
