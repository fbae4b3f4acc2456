//! Positions and addresses as LSP counts them: lines and UTF-16 code units (LSP 3.17's default
//! `positionEncoding`), and `file://` URIs, percent-encoded byte by byte (RFC 8089).

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, Uri};

use crate::source::SourceFile;

/// The LSP position of byte `offset` in `text` (clamped to the text, moved back to a character
/// boundary): its line, and the UTF-16 code units before it on that line, so that a column
/// after 用途 counts 2, as editors count it.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

/// The LSP range of a byte range of `text`.
pub fn range(text: &str, bytes: &std::ops::Range<usize>) -> Range {
    Range::new(position(text, bytes.start), position(text, bytes.end))
}

/// [`position`] in a file read by the loader, through its line index: a buffer of ten
/// thousand findings is not scanned from its start for each.
pub fn position_in(file: &SourceFile, offset: usize) -> Position {
    let text = &file.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, _) = file.line_col(offset);
    let start = file.line_range(line).start.min(offset);
    let character = text[start..offset].encode_utf16().count();
    Position::new(
        u32::try_from(line - 1).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

/// [`range`] in a file read by the loader.
pub fn range_in(file: &SourceFile, bytes: &std::ops::Range<usize>) -> Range {
    Range::new(position_in(file, bytes.start), position_in(file, bytes.end))
}

/// The byte offset of an LSP position in `text`; a line past the end gives the end, a column
/// past the line's end gives the line's end (LSP 3.17: "defaults back to the line length").
pub fn offset(text: &str, at: Position) -> usize {
    let mut start = 0;
    for _ in 0..at.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u32;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= at.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// The path a `file:` URI names; `None` for any other scheme or a host other than localhost.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
    }
    #[cfg(not(unix))]
    {
        Some(PathBuf::from(String::from_utf8_lossy(&out).into_owned()))
    }
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

/// `path` made absolute and free of `..` and links, as the loader's walk from a canonical
/// root makes it; a file not on disk yet (a new buffer) keeps its name under its canonical
/// folder.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => canonical(dir).join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "month = \"2026-02\"\npurpose = \"查核\" # 𠀀x\n";
        // After `purpose = "查核` on line 1: 11 ASCII + 2 CJK (one unit each).
        let at = text.find("\" #").unwrap();
        assert_eq!(position(text, at), Position::new(1, 13));
        // 𠀀 is outside the BMP: two units.
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position::new(1, 19));
        assert_eq!(offset(text, Position::new(1, 19)), x);
        assert_eq!(offset(text, Position::new(1, 13)), at);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        let file = SourceFile::new("a".into(), "a".into(), text.into());
        for at in [0, at, x, text.len(), 1 + text.find('查').unwrap()] {
            assert_eq!(position_in(&file, at), position(text, at), "{at}");
        }
    }

    #[test]
    fn file_uris_round_trip_with_chinese_and_spaces() {
        let p = Path::new("/tmp/紀錄 x/records/county.toml");
        let uri = uri_of(p).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/%E7%B4%80%E9%8C%84%20x/records/county.toml"
        );
        assert_eq!(path_of(&uri).unwrap(), p);
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&other), None);
    }
}
