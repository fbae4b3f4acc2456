//! New records, pre-filled from what the records already say (`imaudit new`, `imaudit init`).
//!
//! Each template is a function from the evaluated records to a [`Draft`]: the path records.md
//! prescribes and the text, first line `#:schema …` so an editor checks it as it is typed.
//! What the records already tell is written out (the month, the accounts active on a review
//! date, a successor, the results the other rules' findings imply); what only a person can
//! say is left as a commented line, so `check` names it until someone fills it in.

pub mod forms;
pub mod init;
pub mod office;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use crate::schema;

/// A file `new` or `init` is about to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// `/`-separated, relative to the records folder.
    pub rel: String,
    pub text: String,
    pub mode: Mode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new file; never overwrites one.
    Create,
    /// Added to the end of an existing file (a new `[[person]]` in people.toml), or a new file
    /// when there is none.
    Append,
}

impl Draft {
    /// A new record at `rel`, its `#:schema` line first.
    pub fn create(rel: impl Into<String>, text: &str) -> Draft {
        let rel = rel.into();
        let text = schema::with_directive(&rel, text);
        Draft {
            rel,
            text,
            mode: Mode::Create,
        }
    }

    pub fn path(&self, records: &Path) -> PathBuf {
        self.rel
            .split('/')
            .fold(records.to_path_buf(), |p, c| p.join(c))
    }
}

/// Why drafts could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A file that would be created already exists: nothing was written.
    Exists(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{} 已存在，不覆寫", p.display()),
            WriteError::Io(p, e) => write!(f, "無法寫入 {}：{e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes the drafts under `records`; refuses (writing nothing) when any file to be created
/// already exists. Returns the paths written, in order.
pub fn write(records: &Path, drafts: &[Draft]) -> Result<Vec<PathBuf>, WriteError> {
    for d in drafts {
        let path = d.path(records);
        if d.mode == Mode::Create && path.exists() {
            return Err(WriteError::Exists(path));
        }
    }
    let mut written = Vec::new();
    for d in drafts {
        let path = d.path(records);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.into(), e))?;
        }
        let result = match d.mode {
            // create_new: a file that appeared since the check above is still not overwritten.
            Mode::Create => OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut f| f.write_all(d.text.as_bytes())),
            Mode::Append => append(&path, &d.rel, &d.text),
        };
        match result {
            Ok(()) => written.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(WriteError::Exists(path))
            }
            Err(e) => return Err(WriteError::Io(path, e)),
        }
    }
    Ok(written)
}

fn append(path: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    match std::fs::read_to_string(path) {
        Ok(existing) => {
            let mut f = OpenOptions::new().append(true).open(path)?;
            // The new table starts on a line of its own, after a blank line.
            let sep = match (existing.is_empty(), existing.ends_with('\n')) {
                (true, _) => "",
                (false, true) => "\n",
                (false, false) => "\n\n",
            };
            f.write_all(format!("{sep}{text}").as_bytes())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::write(path, schema::with_directive(rel, text))
        }
        Err(e) => Err(e),
    }
}

/// A TOML basic string (always `"…"`, the form records.md shows), quoted and escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The column trailing comments start at, so a file's comments line up.
const COMMENT_COLUMN: usize = 34;

/// `line` followed by `# comment`, the comment at [`COMMENT_COLUMN`] where the line leaves room.
pub fn with_comment(line: &str, comment: &str) -> String {
    let width = UnicodeWidthStr::width(line);
    let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
    format!("{line}{}# {comment}", " ".repeat(pad))
}

/// A list of strings as a TOML inline array.
pub fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(quote).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes() {
        assert_eq!(quote("a\"b"), r#""a\"b""#);
        assert_eq!(quote("王小明"), "\"王小明\"");
        for s in ["a\"b", "c:\\d", "line\nbreak\t\u{7}", "王小明"] {
            let back: toml::Value = toml::from_str(&format!("v = {}", quote(s))).unwrap();
            assert_eq!(back["v"].as_str(), Some(s));
        }
    }

    #[test]
    fn comments_line_up_by_display_width() {
        let a = with_comment("name = \"王\"", "x");
        let b = with_comment("name = \"ab\"", "x");
        assert_eq!(
            UnicodeWidthStr::width(a.as_str()),
            UnicodeWidthStr::width(b.as_str())
        );
    }
}
