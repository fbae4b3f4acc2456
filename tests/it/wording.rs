//! Messages for people are Traditional Chinese (the brief): every problem the loader reports on
//! a bad file — the rule fixtures, the fuzz seed corpus and a few thousand mutations of the base
//! county's files (a value of every other type, a junk date, a typo'd key, a line gone or
//! doubled, the file cut short, stray syntax) — names types and values in Chinese. No English
//! word is left outside what the file itself says (its keys and values, quoted).

use std::collections::BTreeSet;
use std::path::Path;

use imaudit::load::place::{classify, Classified};
use imaudit::model::Place;

/// The fuzz corpus's record kinds (fuzz/src/lib.rs `KINDS`): an input's first byte picks one.
const KINDS: &[&str] = &[
    "county.toml",
    "calendar/2026.toml",
    "regulation.md",
    "offices/demo/office.toml",
    "offices/demo/people.toml",
    "offices/demo/logs/2026/2026-01.toml",
    "offices/demo/monthly-audits/2026/2026-01.toml",
    "offices/demo/internal-audits/2026-01-22.toml",
    "offices/demo/permission-reviews/2026-H1.toml",
    "offices/demo/inspections/2026-02-10.toml",
    "offices/demo/handovers/2026-02-10-wang-xiao-ming.toml",
    "offices/demo/incidents/2026-02-10-lost-card.toml",
    "offices/demo/system-logs/2026-01.csv",
];

/// Values of every TOML type, and the junk people type, to put where another value was.
const VALUES: &[&str] = &[
    "\"yesterday\"",
    "12",
    "-3",
    "1.5",
    "true",
    "2026-13-45",
    "2026-01-05",
    "2026-01-05T09:00:00",
    "09:00:00",
    "[1, 2]",
    "[\"a\"]",
    "{ a = 1 }",
    "\"\"",
    "nan",
    "2026-02-30",
];

/// Lines that break TOML's syntax in the ways a hand edit does.
const STRAY: &[&str] = &[
    "key =",
    "= 1",
    "[[",
    "[table",
    "[[table]",
    "a = \"unterminated",
    "a = 'unterminated",
    "a = 1 2",
    "a = 01",
    "a = 0x_1",
    "a = 1__0",
    "a = +0x10",
    "a = [1,,2]",
    "a = { b = 1,, }",
    "a = { b = 1, }",
    "a = \"\\q\"",
    "a = \"\\u12\"",
    "a = \"\"\"",
    "a = 2026-01-05T25:00:00",
    "a = 2026-1-5",
    "a b = 1",
    "a = 1\na = 2",
    "a.b = 1\na = 2",
    "a = [1\nb = 2",
    "a = 1 # c\u{7}",
    "a = \"x\" y",
    "a = yes",
    "a = 1_000_",
    "\"\"\"a\"\"\" = 1",
    "a = .5",
    "a = 1e",
    "[a]\n[a]",
    "[[a]]\n[a]",
    "a = 1\n[a]",
    "a = \"\r\"",
    "a = 1\r",
    "中文鍵 = 1",
];

fn known(rel: &str) -> Option<Place> {
    let parts: Vec<&str> = rel.split('/').collect();
    match classify(&parts) {
        Classified::Known(p) => Some(p),
        _ => None,
    }
}

/// `(path within records/, bytes, whether to mutate it)` of every record file the tests hold:
/// the rule fixtures as they are, the base county and the fuzz seeds mutated too.
fn corpus() -> Vec<(String, Vec<u8>, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("tests/fixtures")).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_string_lossy().replace('\\', "/");
        let Some((_, rel)) = path.rsplit_once("/records/") else {
            continue;
        };
        if rel.ends_with(".toml") || rel.ends_with(".csv") {
            let base = path.contains("/fixtures/base/");
            files.push((rel.to_string(), std::fs::read(entry.path()).unwrap(), base));
        }
    }
    for entry in walkdir::WalkDir::new(root.join("fuzz/corpus/load_record")).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let data = std::fs::read(entry.path()).unwrap();
        if let Some((&kind, bytes)) = data.split_first() {
            let rel = KINDS[kind as usize % KINDS.len()];
            if rel.ends_with(".toml") || rel.ends_with(".csv") {
                files.push((rel.to_string(), bytes.to_vec(), true));
            }
        }
    }
    files
}

/// The bad versions of one file.
fn mutations(rel: &str, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let join = |ls: &[String]| ls.join("\n") + "\n";
    let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut out = vec![text.to_string()];
    for (i, line) in lines.iter().enumerate() {
        let with = |new: Option<String>| {
            let mut ls = owned.clone();
            match new {
                Some(n) => ls[i] = n,
                None => {
                    ls.remove(i);
                }
            }
            join(&ls)
        };
        out.push(with(None));
        let mut doubled = owned.clone();
        doubled.insert(i, line.to_string());
        out.push(join(&doubled));
        if rel.ends_with(".csv") {
            out.push(with(Some(format!("{line},extra"))));
            out.push(with(Some(line.replacen(',', ",junk,", 1))));
            out.push(with(Some(line.replacen("2026", "20x6", 1))));
            out.push(with(Some(line.replacen("2025", "2025-13", 1))));
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with('[') {
            continue;
        }
        if let Some((key, _)) = line.split_once(" = ") {
            for v in VALUES {
                out.push(with(Some(format!("{key} = {v}"))));
            }
            out.push(with(Some(line.replacen(key.trim(), "typo_key", 1))));
        }
    }
    for stray in STRAY {
        out.push(format!("{stray}\n{text}"));
        out.push(format!("{text}\n{stray}\n"));
    }
    let step = (text.len() / 12).max(1);
    for cut in (step..text.len()).step_by(step) {
        if text.is_char_boundary(cut) {
            out.push(text[..cut].to_string());
        }
    }
    out
}

/// The message with what it quotes from the file taken out: `…`, "…", '…', 「…」.
fn unquoted(message: &str) -> String {
    let mut out = String::new();
    let mut closing: Option<char> = None;
    for c in message.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '"' => closing = Some('"'),
                '\'' => closing = Some('\''),
                '「' => closing = Some('」'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// Latin words people may meet in a Chinese message: names of formats and tools, and the
/// placeholders of the forms dates take.
const ALLOWED: &[&str] = &[
    "TOML", "CSV", "UTF", "Big", "BOM", "Unicode", "Windows", "git", "imaudit", "YYYY", "MM", "DD",
    "HH", "Hn", "H1", "H2", "ID", "records", "md", "toml", "csv", "import", "system", "log",
];

/// The English words of `message` outside its quotes that the file itself does not contain
/// (so keys, ids and values as written do not count).
fn english_words(message: &str, input: &str) -> BTreeSet<String> {
    let text = unquoted(message);
    let words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2);
    words
        .filter(|w| !ALLOWED.contains(w) && !input.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn loader_messages_have_no_english_words() {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut english: Vec<String> = Vec::new();
    let mut parsed = 0;
    for (rel, bytes, mutate) in corpus() {
        let Some(place) = known(&rel) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut inputs: Vec<Vec<u8>> = vec![bytes.clone()];
        if mutate && std::str::from_utf8(&bytes).is_ok() {
            inputs.extend(mutations(&rel, &text).into_iter().map(String::into_bytes));
        }
        for input in inputs {
            parsed += 1;
            let file = imaudit::load::parse_bytes(&place, input);
            for p in &file.problems {
                if !seen.insert(p.message.clone()) {
                    continue;
                }
                let words = english_words(&p.message, &file.text);
                if !words.is_empty() {
                    english.push(format!("{rel}: {} ← {words:?}", p.message));
                }
            }
        }
    }
    assert!(parsed > 2000, "only {parsed} inputs");
    assert!(seen.len() > 100, "only {} distinct messages", seen.len());
    assert!(
        english.is_empty(),
        "{} of {} distinct messages have English words:\n{}",
        english.len(),
        seen.len(),
        english.join("\n")
    );
}

#[test]
fn quoting_is_taken_out_before_looking_for_english() {
    assert_eq!(
        unquoted("無效的值 `rea`；可用的值：`read`"),
        "無效的值 ；可用的值："
    );
    assert!(english_words("型別錯誤：此處是 string", "").contains("string"));
    assert!(english_words("未定義的欄位 `typo_key`", "").is_empty());
}
