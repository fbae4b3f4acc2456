//! Bytes to text: a UTF-8 BOM is accepted and dropped; anything that is not UTF-8 is refused
//! with the place of the first bad byte, and a hint when the file looks like Big5 (CP950), the
//! "ANSI" encoding of Traditional Chinese Windows editors.

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
}
