//! Personal id numbers (Taiwan) in free text: rule `pii-in-free-text` (rules.md, under 要點 三 on
//! security measures) finds those that pass their checksum, and the site shows every id-shaped
//! number masked (cli.md).
//!
//! Three forms share one shape, an uppercase letter (the issuing area) then nine characters:
//! - 國民身分證統一編號: letter, `1` or `2` (sex), 7 digits, check digit;
//! - 舊式居留證統一證號 (issued until 2020): letter, `A`–`D`, 7 digits, check digit;
//! - 新式統一證號 (from 2021, 內政部移民署): letter, `8` or `9`, 7 digits, check digit,
//!   checked like the national ID so that systems built for it accept it.

use std::ops::Range;

/// Which kind of id number a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// 國民身分證統一編號: letter + `1`/`2` + 8 digits.
    NationalId,
    /// 舊式居留證統一證號 (until 2020): letter + `A`–`D` + 8 digits.
    ResidentOld,
    /// 新式統一證號 (from 2021): letter + `8`/`9` + 8 digits.
    ResidentNew,
}

/// An id number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdMatch {
    /// Byte range in the text (always on char boundaries: the id is ASCII).
    pub range: Range<usize>,
    pub kind: IdKind,
}

/// Length of every id form.
const ID_LEN: usize = 10;

/// Every substring that has the shape of an id number AND passes its checksum. Shape: a letter A–Z then 9 more chars; not preceded or followed by an ASCII letter/digit.
/// National ID (國民身分證統一編號): letter + `[12]` + 8 digits. Resident certificate, old format (舊式居留證統一證號, until 2020): letter + `[A-D]` + 8 digits (second letter's value mod 10 as the digit). New format (新式統一證號, from 2021): letter + `[89]` + 8 digits, same checksum as the national ID.
///
/// Only checksum-valid numbers are reported, so that a form number or a serial that happens to
/// look like an id does not raise a warning; masking (`mask_ids`) is broader.
pub fn find_ids(text: &str) -> Vec<IdMatch> {
    id_shaped(text)
        .filter(|m| checksum_ok(&text.as_bytes()[m.range.clone()]))
        .collect()
}

/// Checksum validity of a single 10-char candidate.
pub fn is_valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == ID_LEN && shape(b).is_some() && checksum_ok(b)
}

/// Text with every id-SHAPED substring (letter + 9 alphanumerics of the three shapes above, checksum or not — safer for privacy) masked: first 3 and last 3 kept, the middle 4 as '*': "A123456789" → "A12****789".
///
/// A mistyped id is still a person's id to whoever reads it, hence no checksum here.
pub fn mask_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for m in id_shaped(text) {
        let Range { start, end } = m.range;
        out.push_str(&text[copied..start + 3]);
        out.push_str("****");
        out.push_str(&text[end - 3..end]);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Every id-shaped, delimited substring, left to right, not overlapping (two ids cannot
/// overlap: each must be followed by a non-alphanumeric byte).
///
/// Works on bytes: ASCII bytes never occur inside a multi-byte UTF-8 sequence, so a match of
/// ASCII bytes is on char boundaries, and a CJK neighbour (申請人A123456789查詢) is a delimiter.
fn id_shaped(text: &str) -> impl Iterator<Item = IdMatch> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(ID_LEN - 1)).filter_map(move |start| {
        let end = start + ID_LEN;
        let delimited_before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let delimited_after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if !(delimited_before && delimited_after) {
            return None;
        }
        shape(&bytes[start..end]).map(|kind| IdMatch {
            range: start..end,
            kind,
        })
    })
}

/// The kind whose shape a 10-byte candidate has, if any. Only uppercase letters: ids are
/// printed in uppercase, and a lowercase run is more likely a word or a code.
fn shape(b: &[u8]) -> Option<IdKind> {
    if b.len() != ID_LEN || !b[0].is_ascii_uppercase() || !b[2..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    match b[1] {
        b'1' | b'2' => Some(IdKind::NationalId),
        b'A'..=b'D' => Some(IdKind::ResidentOld),
        b'8' | b'9' => Some(IdKind::ResidentNew),
        _ => None,
    }
}

/// The two-digit code of the first letter (the area it was issued in). I, O, W–Z were added
/// after the original sequence, hence the gaps.
fn letter_code(letter: u8) -> Option<u32> {
    const CODES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
        30, 31, 33,
    ];
    letter
        .is_ascii_uppercase()
        .then(|| CODES[usize::from(letter - b'A')])
}

/// The weighted sum: code tens ×1, code units ×9, the second char and the next 7 digits
/// ×8…1, the check digit ×1; valid when divisible by 10. For the old resident format the
/// second char is a letter whose code's units digit stands in (A→0, B→1, C→2, D→3).
fn checksum_ok(b: &[u8]) -> bool {
    if shape(b).is_none() {
        return false;
    }
    let Some(code) = letter_code(b[0]) else {
        return false;
    };
    let second = match b[1] {
        digit @ b'0'..=b'9' => u32::from(digit - b'0'),
        letter => match letter_code(letter) {
            Some(c) => c % 10,
            None => return false,
        },
    };
    let digits = std::iter::once(second).chain(b[2..].iter().map(|d| u32::from(d - b'0')));
    let weights = [8, 7, 6, 5, 4, 3, 2, 1, 1];
    let body: u32 = digits.zip(weights).map(|(d, w)| d * w).sum();
    (code / 10 + code % 10 * 9 + body) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `prefix` (9 chars) completed with the check digit that makes it valid.
    fn with_check_digit(prefix: &str) -> String {
        let valid: Vec<String> = (0..10)
            .map(|c| format!("{prefix}{c}"))
            .filter(|s| is_valid_id(s))
            .collect();
        assert_eq!(
            valid.len(),
            1,
            "exactly one check digit for {prefix}: {valid:?}"
        );
        valid.into_iter().next().unwrap()
    }

    /// A change of one digit breaks the checksum, except (a known weakness of the scheme) where
    /// weight × change is a multiple of 10: by 5 at an even weight, by an even amount at weight 5.
    /// The check digit and the positions of weight 7, 3 and 1 catch every change.
    fn assert_one_digit_changes_invalidate(id: &str) {
        const WEIGHTS: [u8; ID_LEN] = [0, 8, 7, 6, 5, 4, 3, 2, 1, 1];
        for pos in 2..ID_LEN {
            for digit in b'0'..=b'9' {
                let mut b = id.as_bytes().to_vec();
                if b[pos] == digit {
                    continue;
                }
                let undetected = WEIGHTS[pos] * b[pos].abs_diff(digit) % 10 == 0;
                b[pos] = digit;
                let changed = String::from_utf8(b).unwrap();
                assert_eq!(is_valid_id(&changed), undetected, "{changed} (from {id})");
            }
        }
    }

    #[test]
    fn national_id_checksum() {
        assert!(is_valid_id("A123456789"));
        assert_eq!(with_check_digit("A12345678"), "A123456789");
        assert_one_digit_changes_invalidate("A123456789");
        assert!(!is_valid_id("A123456788"));
        assert!(!is_valid_id("B123456789"));
        // I and O carry the out-of-sequence codes 34 and 35.
        assert!(is_valid_id(&with_check_digit("I21234567")));
        assert!(is_valid_id(&with_check_digit("O11234567")));
    }

    #[test]
    fn resident_old_format_checksum() {
        // Worked by hand: A=10 → 1·1 + 0·9; B → 1·8; 1..7 × 7..1 = 84; sum 93 + check 7 = 100.
        let id = with_check_digit("AB1234567");
        assert_eq!(id, "AB12345677");
        assert_one_digit_changes_invalidate(&id);
        // The second letter counts: the same digits with C instead of B are not valid.
        assert!(!is_valid_id("AC12345677"));
        assert_eq!(find_ids(&id)[0].kind, IdKind::ResidentOld);
    }

    #[test]
    fn resident_new_format_checksum() {
        let id = with_check_digit("A80000001");
        assert_one_digit_changes_invalidate(&id);
        assert_eq!(
            find_ids(&format!("居留證號{id}。"))[0].kind,
            IdKind::ResidentNew
        );
        assert!(is_valid_id(&with_check_digit("F91234567")));
    }

    #[test]
    fn rejects_other_shapes() {
        for s in [
            "A323456789",
            "AE12345678",
            "A12345678",
            "A1234567890",
            "a123456789",
            "1123456789",
            "",
        ] {
            assert!(!is_valid_id(s), "{s}");
        }
    }

    #[test]
    fn finds_ids_inside_chinese_text() {
        let text = "申請人A123456789查詢";
        let found = find_ids(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "A123456789");
        assert_eq!(found[0].kind, IdKind::NationalId);

        let text = "A123456789, AB12345677 (A123456789)";
        let ranges: Vec<_> = find_ids(text).into_iter().map(|m| m.range).collect();
        assert_eq!(ranges, [0..10, 12..22, 24..34]);
    }

    #[test]
    fn invalid_checksum_is_not_found() {
        assert!(find_ids("申請人A123456788查詢").is_empty());
    }

    #[test]
    fn id_inside_a_longer_alphanumeric_run_is_not_found() {
        for text in [
            "XA123456789",
            "A1234567890",
            "序號ZA123456789",
            "A123456789b",
            "9A123456789",
        ] {
            assert!(find_ids(text).is_empty(), "{text}");
            assert_eq!(mask_ids(text), text);
        }
    }

    #[test]
    fn lowercase_is_not_matched() {
        assert!(find_ids("申請人a123456789查詢").is_empty());
        assert!(find_ids("ab12345677").is_empty());
        assert_eq!(mask_ids("a123456789"), "a123456789");
    }

    #[test]
    fn masks_every_id_shaped_number() {
        assert_eq!(mask_ids("A123456789"), "A12****789");
        assert_eq!(mask_ids("申請人A123456789查詢"), "申請人A12****789查詢");
        // Checksum fails, still masked: a mistyped id is still someone's id.
        assert_eq!(mask_ids("查A123456788"), "查A12****788");
        assert_eq!(
            mask_ids("AB12345677 與 F912345678、Z2000000000"),
            "AB1****677 與 F91****678、Z2000000000"
        );
        assert_eq!(mask_ids("無證號"), "無證號");
        assert_eq!(mask_ids(""), "");
    }
}
