//! Source files and spans: every finding points at a byte range of a file; line and column are
//! computed only when a finding is reported.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span { file, range }
    }

    /// The start of a file, for findings about a file as a whole.
    pub fn file_start(file: FileId) -> Span {
        Span { file, range: 0..0 }
    }
}

/// One file under the records folder.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to people: relative to the parent of the records folder, `/`-separated
    /// (`records/offices/x/people.toml`), as cli.md asks.
    pub name: String,
    /// Absolute or working-directory-relative path used to read the file.
    pub path: PathBuf,
    /// The text as read (a BOM removed); empty when the file could not be decoded.
    pub text: String,
    /// Where each line starts, made the first time a line or column is asked for: `check`
    /// asks only for the files that have findings, and a county's 12 million line starts were
    /// a tenth of its peak memory when made for every file (issue 6). `u32` is enough: files
    /// over 64 MiB are refused unread ([`crate::load::MAX_FILE_BYTES`]).
    line_starts: OnceLock<Vec<u32>>,
    /// SHA-256 of `text`, made the first time it is asked for and kept with the text: the
    /// site fingerprints its pages with it, and `serve`, which keeps the files between
    /// rebuilds and replaces only those re-read, hashes 400 MB once instead of every rebuild.
    sha256: OnceLock<[u8; 32]>,
    /// The manifest's hash of the parsed content (crate::manifest), likewise made once and
    /// kept with the text: a county's logs are 400 MB to write canonically and hash.
    content_sha256: OnceLock<String>,
    /// What is left of the text once the file is [released](SourceFile::release): the lines
    /// findings point into. `check` reads a county office by office and keeps only these, so
    /// its memory is set by the largest office, not the county's 400 MB of text (issue 12).
    excerpt: Option<Excerpt>,
}

/// The lines kept of a released file, with where they stood in it.
#[derive(Debug)]
struct Excerpt {
    /// The length of the whole text, in bytes.
    len: usize,
    /// How many lines the whole text had.
    line_count: usize,
    /// Sorted by `start`, no two the same.
    lines: Vec<KeptLine>,
}

#[derive(Debug)]
struct KeptLine {
    /// 0-based.
    index: usize,
    /// Byte offset of the line's start in the whole text.
    start: usize,
    /// The line as it was, with its line ending.
    text: String,
}

impl Excerpt {
    /// The kept line that holds byte `offset` as the whole text's line index would place it.
    fn line_at(&self, offset: usize) -> Option<&KeptLine> {
        let i = self
            .lines
            .partition_point(|l| l.start <= offset)
            .checked_sub(1)?;
        let l = &self.lines[i];
        let end = l.start + l.text.len();
        // A line ending in `\n` stops before the next line's start; the last line holds the
        // end of the text too.
        (offset < end || end == self.len).then_some(l)
    }
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            name,
            path,
            text,
            line_starts: OnceLock::new(),
            sha256: OnceLock::new(),
            content_sha256: OnceLock::new(),
            excerpt: None,
        }
    }

    /// Drops the text but the lines holding the byte offsets `keep` (where findings point):
    /// line, column and excerpt of those offsets read as before, nothing else does. `check`
    /// releases each office's files after its rules ran (evaluate::check_by_office).
    pub fn release(&mut self, keep: impl IntoIterator<Item = usize>) {
        if self.excerpt.is_some() {
            return;
        }
        let mut keep = keep.into_iter().peekable();
        // Most files have no finding: their line index is not made just to be dropped (a
        // county's 12 million line starts, a tenth of `build`'s time office by office).
        if keep.peek().is_none() && self.line_starts.get().is_none() {
            self.excerpt = Some(Excerpt {
                len: self.text.len(),
                line_count: self.text.bytes().filter(|b| *b == b'\n').count() + 1,
                lines: Vec::new(),
            });
        } else {
            let mut lines: Vec<KeptLine> = Vec::new();
            let starts = self.line_starts();
            let mut indices: Vec<usize> = keep
                .map(|offset| {
                    let offset = offset.min(self.text.len());
                    starts.partition_point(|&s| s as usize <= offset) - 1
                })
                .collect();
            indices.sort_unstable();
            indices.dedup();
            for index in indices {
                let start = starts[index] as usize;
                let end = starts
                    .get(index + 1)
                    .map_or(self.text.len(), |&s| s as usize);
                lines.push(KeptLine {
                    index,
                    start,
                    text: self.text[start..end.max(start)].to_string(),
                });
            }
            self.excerpt = Some(Excerpt {
                len: self.text.len(),
                line_count: starts.len(),
                lines,
            });
        }
        self.text = String::new();
        self.line_starts = OnceLock::new();
        // The hashes, when taken, are of the whole text and stay true: a build made office by
        // office fingerprints the site's manifest with them after the offices are released.
    }

    /// Whether the text was [released](SourceFile::release).
    pub fn is_released(&self) -> bool {
        self.excerpt.is_some()
    }

    /// The text of `range`, which lies within one line (e.g. from [`SourceFile::line_range`]).
    pub fn slice(&self, range: Range<usize>) -> &str {
        match &self.excerpt {
            None => &self.text[range],
            Some(e) => match e.line_at(range.start) {
                Some(l) => &l.text[range.start - l.start..range.end - l.start],
                None => {
                    debug_assert!(false, "{}: byte {} was not kept", self.name, range.start);
                    ""
                }
            },
        }
    }

    /// The manifest's content hash of this file, made by `make` the first time (of a released
    /// file, only before the release).
    pub fn content_sha256(&self, make: impl FnOnce() -> String) -> &str {
        self.content_sha256.get_or_init(make)
    }

    /// SHA-256 of the text (see the field). Of a released file, only when it was taken before
    /// the release: what is left is not the text.
    pub fn text_sha256(&self) -> &[u8; 32] {
        debug_assert!(
            self.excerpt.is_none() || self.sha256.get().is_some(),
            "{}: hashed after release",
            self.name
        );
        self.sha256.get_or_init(|| {
            use sha2::{Digest, Sha256};
            Sha256::digest(self.text.as_bytes()).into()
        })
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // A text past u32 (only a test could make one: the loader refuses files over
            // 64 MiB) gets no line starts past it; offsets beyond then land on its last line.
            std::iter::once(0)
                .chain(
                    self.text
                        .match_indices('\n')
                        .map_while(|(i, _)| u32::try_from(i + 1).ok()),
                )
                .collect()
        })
    }

    /// 1-based line and 1-based column (counted in characters, as editors count) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some(e) = &self.excerpt {
            let offset = offset.min(e.len);
            let Some(l) = e.line_at(offset) else {
                debug_assert!(false, "{}: byte {offset} was not kept", self.name);
                return (1, 1);
            };
            let col = l
                .text
                .get(..offset - l.start)
                .map_or(offset - l.start, |s| s.chars().count());
            return (l.index + 1, col + 1);
        }
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = starts[line] as usize;
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        if let Some(e) = &self.excerpt {
            let Some(l) = e.lines.iter().find(|l| l.index + 1 == line) else {
                debug_assert!(false, "{}: line {line} was not kept", self.name);
                return e.len..e.len;
            };
            let ending = l.text.len() - l.text.trim_end_matches(['\n', '\r']).len();
            return l.start..l.start + l.text.len() - ending;
        }
        let starts = self.line_starts();
        let start = starts
            .get(line - 1)
            .map_or(self.text.len(), |&s| s as usize);
        let end = starts.get(line).map_or(self.text.len(), |&s| s as usize);
        let mut end = end.max(start);
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        if let Some(e) = &self.excerpt {
            return e.line_count;
        }
        self.line_starts().len()
    }
}

/// All files read in one run, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// [Releases](SourceFile::release) one file's text but the lines holding `keep`.
    pub fn release(&mut self, id: FileId, keep: impl IntoIterator<Item = usize>) {
        self.files[id.0 as usize].release(keep);
    }

    /// Puts a file read again in the place of what it held (`load::reread`).
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = file;
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("a".into(), "a".into(), "ab\r\n用途 = 1\nx".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        // "用途" is 6 bytes, 2 characters.
        assert_eq!(f.line_col(4 + 6), (2, 3));
        assert_eq!(f.line_col(f.text.len()), (3, 2));
        assert_eq!(&f.text[f.line_range(1)], "ab");
        assert_eq!(f.line_count(), 3);
    }

    /// A released file answers for the kept offsets exactly as the whole text did: line and
    /// column (characters), the line's range without its ending, its text; the end of the
    /// text and the empty line after a final newline included.
    #[test]
    fn a_released_file_reads_its_kept_lines_as_before() {
        let texts = ["ab\r\n用途 = 1\nx", "a\n\n用途\r\r\nlast\n", "", "\n"];
        for text in texts {
            let whole = SourceFile::new("a".into(), "a".into(), text.into());
            // Nothing kept: no line index is made, the count is the same.
            let mut none = SourceFile::new("a".into(), "a".into(), text.into());
            none.release([]);
            assert_eq!(none.line_count(), whole.line_count(), "{text:?}");
            let offsets: Vec<usize> = (0..=text.len() + 2).collect();
            for kept in &offsets {
                let mut released = SourceFile::new("a".into(), "a".into(), text.into());
                released.release([*kept, text.len()]);
                assert!(released.text.is_empty() && released.is_released());
                assert_eq!(released.line_count(), whole.line_count(), "{text:?}");
                for at in [*kept, text.len()] {
                    if !text.is_char_boundary(at.min(text.len())) {
                        continue;
                    }
                    let (line, col) = whole.line_col(at);
                    assert_eq!(released.line_col(at), (line, col), "{text:?} at {at}");
                    let range = whole.line_range(line);
                    assert_eq!(released.line_range(line), range, "{text:?} line {line}");
                    assert_eq!(released.slice(range.clone()), &whole.text[range]);
                }
            }
        }
    }
}
