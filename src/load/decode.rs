//! Bytes to text: a UTF-8 BOM is accepted and dropped; anything that is not UTF-8 is refused
//! with the place of the first bad byte, and a hint when the file looks like Big5 (CP950), the
//! "ANSI" encoding of Traditional Chinese Windows editors, or UTF-16, which Windows Notepad
//! calls "Unicode" (with its byte-order mark or, from other tools, without: every other byte
//! of Latin text is then a NUL, which is valid UTF-8 and would otherwise reach the TOML parser
//! as a puzzling error).

/// A file that is not UTF-8.
#[derive(Debug)]
pub struct NotUtf8 {
    /// The text with bad bytes replaced, so the excerpt can still be shown.
    pub lossy: String,
    /// Byte offset of the first bad byte (the same in `lossy`, which is unchanged before it).
    pub offset: usize,
    pub message: String,
}

pub fn decode(mut bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(encoding) = utf16(&bytes) {
        // Shown decoded, so the excerpt is the file's first line as its author sees it.
        let (text, _, _) = encoding.decode(&bytes);
        return Err(NotUtf8 {
            lossy: text.into_owned(),
            offset: 0,
            message: "檔案以 UTF-16 編碼儲存（Windows 記事本稱為「Unicode」），不是 UTF-8。\
                      請在編輯器中選「另存新檔」，編碼選 UTF-8 後再存檔。"
                .to_string(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let big5 = encoding_rs::BIG5
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .is_some();
            let message = if big5 {
                "檔案不是 UTF-8 編碼，看來是以 Big5（Windows 記事本的「ANSI」）儲存。\
                 請在編輯器中選「另存新檔」，編碼選 UTF-8 後再存檔。"
                    .to_string()
            } else {
                "檔案不是 UTF-8 編碼（此處起有無法解讀的位元組），請以 UTF-8 另存。".to_string()
            };
            Err(NotUtf8 {
                lossy: String::from_utf8_lossy(&bytes).into_owned(),
                offset,
                message,
            })
        }
    }
}

/// The UTF-16 encoding `bytes` are in: by the byte-order mark, or, without one, by NULs in
/// every other byte of the first line's worth (no record has a NUL in it).
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => return Some(encoding_rs::UTF_16BE),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|b| *b == 0);
    if nul_at(1) && !nul_at(0) {
        Some(encoding_rs::UTF_16LE)
    } else if nul_at(0) && !nul_at(1) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa = 1".to_vec()).unwrap(), "a = 1");
    }

    #[test]
    fn big5_is_recognised() {
        let (big5, _, _) = encoding_rs::BIG5.encode("name = \"彰化縣\"\n");
        let err = decode(big5.into_owned()).unwrap_err();
        assert_eq!(err.offset, 8);
        assert!(err.message.contains("Big5"));
    }

    #[test]
    fn utf16_is_recognised_with_or_without_its_mark() {
        let text = "month = \"2026-01\"\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [vec![0xFF, 0xFE], le.clone()].concat(),
            [vec![0xFE, 0xFF], be.clone()].concat(),
            le,
            be,
        ] {
            let err = decode(bytes).unwrap_err();
            assert_eq!(err.offset, 0);
            assert!(err.message.contains("UTF-16"), "{}", err.message);
            assert_eq!(err.lossy.trim_start_matches('\u{feff}'), text);
        }
        // Text with no NULs, or NULs everywhere, is not taken for UTF-16.
        assert_eq!(decode(b"a = 1\n".to_vec()).unwrap(), "a = 1\n");
        assert!(decode(vec![0; 8]).is_ok());
    }
}
