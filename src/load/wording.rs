//! The TOML parser's and serde's error texts in Traditional Chinese (the brief: everything
//! shown to people is zh-Hant-TW). Types and values are named in Chinese (日期時間、字串、
//! 整數…); what the file itself says (keys, values) stays as written, in backquotes. The
//! English texts come from toml_parser, toml_datetime and serde; a text not known here keeps
//! its quoted parts and drops its English (tests/it/wording.rs runs the bad-input corpus).

/// One error text of `toml::de::Error::message()` in Chinese.
pub fn translate(message: &str) -> String {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        return if expected.is_empty() || expected.starts_with("no fields") {
            format!("未定義的欄位 {field}（可能是拼字錯誤）")
        } else {
            format!("未定義的欄位 {field}（可能是拼字錯誤）；此處可用的欄位：{expected}")
        };
    }
    if let Some(field) = m.strip_prefix("missing field ") {
        return format!("缺少必填欄位 {field}");
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        return format!("無效的值 {value}；可用的值：{expected}");
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "型別錯誤：此處是{}，應為{}",
            unexpected(found),
            expectation(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "無效的值：此處是{}，應為{}",
            unexpected(found),
            expectation(expected)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let (n, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("項目數量不符：此處有 {n} 項，應為{}", expectation(expected));
    }
    if m.starts_with("duplicate key") {
        return "重複的鍵：同一個鍵或表格在此檔中已定義過".to_string();
    }
    if m == "wanted string or table" {
        return "型別錯誤：此處應為字串（可用的值之一）".to_string();
    }
    if m == "expected field with custom name" {
        return "型別錯誤：此處是表格，應為日期或日期時間（不加引號，例如 2026-01-05）".to_string();
    }
    if let Some(rest) = m.strip_prefix("cannot extend value of type ") {
        let ty = rest.split(" with").next().unwrap_or("");
        return format!("無法以含點號的鍵延伸已定義的{}", toml_type(ty));
    }
    if !m.is_ascii() && !m.contains(", expected ") {
        // Our own messages (dates, months, ids) are already Chinese.
        return m.to_string();
    }
    syntax(m)
}

/// `{description}, expected {what}` from the TOML parser.
fn syntax(m: &str) -> String {
    let (description, expected) = match m.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (m, None),
    };
    let mut out = format!("TOML 語法錯誤：{}", described(description));
    if let Some(e) = expected.map(expected_syntax).filter(|e| !e.is_empty()) {
        out.push_str("；應為 ");
        out.push_str(&e);
    }
    out
}

fn described(d: &str) -> String {
    let zh = match d {
        "`_` may only go between digits" => "`_` 只能用在兩個數字之間",
        "cannot recurse further; max recursion depth met" => "巢狀層數過多",
        "carriage return must be followed by newline" => "歸位字元（CR）後必須接換行",
        "extra `=`" => "多了一個 `=`",
        "extra assignment between key-value pairs" => "鍵值之間多了一個 `=`",
        "extra comma in array" => "陣列中多了逗號",
        "extra comma in inline table" => "行內表格中多了逗號",
        "integers with a radix cannot be signed" => "十六、八、二進位整數不可加正負號",
        "invalid comment character" => "註解中有不可見的控制字元",
        "invalid inline table element" => "無效的行內表格項目",
        "invalid key-value pair" => "無效的鍵值",
        "invalid unquoted key" => "無效的鍵（未加引號的鍵只能用英文字母、數字、`-`、`_`）",
        "invalid value" => "無效的值",
        "invalid key" => "無效的鍵",
        "key with no value" => "鍵沒有值",
        "keys cannot be multi-line basic strings" | "keys cannot be multi-line literal strings" => {
            "鍵不可為多行字串"
        }
        "missing array opening" => "缺少陣列開頭 `[`",
        "missing assignment between key-value pairs" => "鍵與值之間缺少 `=`",
        "missing comma between array elements" => "陣列項目之間缺少逗號",
        "missing comma between key-value pairs" => "鍵值之間缺少逗號",
        "missing comment start" => "缺少註解開頭 `#`",
        "missing escaped value" => "反斜線後缺少跳脫字元",
        "missing inline table opening" => "缺少行內表格開頭 `{`",
        "missing key for inline table element" => "行內表格項目缺少鍵",
        "missing opening quote" => "缺少開頭引號",
        "missing table open" => "缺少表格開頭 `[`",
        "missing value" | "missing value for key" => "缺少值",
        "radix must be lowercase" => "進位前綴須為小寫（0x、0o、0b）",
        "redundant integer number prefix" | "redundant numeric sign" => "多餘的數字前綴或正負號",
        "string values must be quoted" => "字串必須加引號",
        "too few unicode value digits" => "Unicode 跳脫碼位數不足",
        "unclosed array" => "陣列未結束",
        "unclosed array table" => "表格陣列標頭未結束",
        "unclosed inline table" => "行內表格未結束",
        "unclosed table" => "表格標頭未結束",
        "unexpected `=` in array" => "陣列中不應有 `=`",
        "unexpected content" => "多餘的內容",
        "unexpected content between comment and newline" => "註解與換行之間有多餘的內容",
        "unexpected key or value" => "此處不應有鍵或值（一行只能有一組鍵值）",
        "unexpected leading zero" => "數字不可以 0 開頭",
        "unexpected sign" => "不應有正負號",
        "unquoted keys cannot be empty" => "鍵不可為空白",
        "invalid basic string" | "invalid string" => "無效的字串",
        "invalid multi-line basic string" | "invalid multi-line literal string" => "無效的多行字串",
        "invalid literal string" => "無效的字串（單引號）",
        "invalid binary number" => "無效的二進位數字",
        "invalid octal number" => "無效的八進位數字",
        "invalid hexadecimal number" => "無效的十六進位數字",
        "invalid integer number" => "無效的整數",
        "invalid float" => "無效的小數",
        "invalid exponent" => "無效的指數",
        "invalid fraction" => "無效的小數部分",
        "invalid mantissa" => "無效的小數",
        "invalid boolean" => "無效的布林值（應為 `true` 或 `false`）",
        "invalid date-time" | "invalid datetime" => "無效的日期時間",
        "invalid date" => "無效的日期",
        "invalid time" => "無效的時間",
        "invalid offset" => "無效的時區",
        "invalid table" => "無效的表格",
        "invalid serialization protocol" => "無效的日期時間",
        _ => return keep_quoted(d, "無法解讀"),
    };
    zh.to_string()
}

/// The list after `expected` in a syntax error: literals (in backquotes) kept, descriptions
/// translated.
fn expected_syntax(e: &str) -> String {
    let e = e.trim();
    let whole = match e {
        "nothing" => Some(""),
        "a four-digit year (YYYY)" => Some("四位數的年（YYYY）"),
        "a two-digit month (MM)" => Some("兩位數的月（MM）"),
        "a two-digit day (DD)" => Some("兩位數的日（DD）"),
        "a two-digit hour (HH)" => Some("兩位數的時（HH）"),
        "a two-digit minute (MM)" => Some("兩位數的分（MM）"),
        "a two-digit second (SS)" => Some("兩位數的秒（SS）"),
        "year or hour" => Some("年或時"),
        "month" => Some("月"),
        "day" => Some("日"),
        "hour" => Some("時"),
        "minute" => Some("分"),
        "second" => Some("秒"),
        "nanosecond" => Some("秒的小數"),
        "nanoseconds overflowed" => Some("較少位數的秒小數"),
        "month between 01 and 12" => Some("01 至 12 的月"),
        "day between 01 and 28" => Some("01 至 28 的日（該月只有 28 日）"),
        "day between 01 and 29" => Some("01 至 29 的日（該月只有 29 日）"),
        "day between 01 and 30" => Some("01 至 30 的日（該月只有 30 日）"),
        "day between 01 and 31" => Some("01 至 31 的日"),
        "hour between 00 and 23" | "hours between 00 and 23" => Some("00 至 23 的時"),
        "minute between 00 and 59" | "minutes between 00 and 59" => Some("00 至 59 的分"),
        "second between 00 and 60" => Some("00 至 60 的秒"),
        "`-` (MM-DD)" => Some("`-`（MM-DD）"),
        "`:` (HH:MM)" => Some("`:`（HH:MM）"),
        "`-` (YYYY-MM) or `:` (HH:MM)" => Some("`-`（YYYY-MM）或 `:`（HH:MM）"),
        "`T` between date and time" => Some("日期與時間之間的 `T`"),
        "`Z`, +OFFSET, -OFFSET" => Some("`Z` 或時區（+08:00）"),
        _ => None,
    };
    if let Some(w) = whole {
        return w.to_string();
    }
    let items: Vec<String> = split_items(e)
        .into_iter()
        .filter_map(|item| {
            let item = item.trim();
            if item.starts_with('`') {
                return Some(item.replace("`\n`", "換行"));
            }
            let zh = match item {
                "nothing" => return None,
                "newline" => "換行",
                "key" => "鍵",
                "value" => "值",
                "basic string" => "字串",
                "literal string" => "單引號字串",
                "multi-line basic string" => "多行字串",
                "characters" | "printable characters" => "可見字元",
                "non-double-quote visible characters" => "雙引號以外的可見字元",
                "non-single-quote characters" | "non-single-quote visible characters" => {
                    "單引號以外的字元"
                }
                "digits" | "numbers" => "數字",
                "letters" => "英文字母",
                "unicode hexadecimal value" => "十六進位的 Unicode 碼",
                other => return Some(keep_quoted(other, "")),
            };
            Some(zh.to_string())
        })
        .filter(|s| !s.is_empty())
        .collect();
    items.join("、")
}

/// Splits `a, `,`, b` at the commas that are not inside backquotes.
fn split_items(e: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in e.char_indices() {
        match c {
            '`' => quoted = !quoted,
            ',' if !quoted => {
                items.push(&e[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&e[start..]);
    items
}

/// What serde says it found (`string "x"`, `integer `12``…), in Chinese with the value kept.
fn unexpected(found: &str) -> String {
    const KINDS: [&str; 7] = [
        "string",
        "integer",
        "floating point",
        "boolean",
        "character",
        "datetime",
        "unit variant",
    ];
    let (kind, value) = KINDS
        .iter()
        .find(|k| found.starts_with(*k))
        .map_or((found, ""), |k| (*k, found[k.len()..].trim()));
    let zh = match kind {
        "string" => "字串",
        "integer" => "整數",
        "floating point" => "小數",
        "boolean" => "布林值",
        "character" => "字元",
        "datetime" => "日期時間",
        "map" => "表格",
        "sequence" => "陣列",
        "unit" | "unit value" => "空值",
        "unit variant" => "值",
        "newtype struct" | "newtype variant" | "tuple variant" | "struct variant" => "表格",
        "enum" => "值",
        _ => return keep_quoted(found, "其他型別"),
    };
    if value.is_empty() {
        zh.to_string()
    } else {
        // Serde writes a string as "x" and other values as `x`: both stay as written.
        format!("{zh} {value}")
    }
}

/// What serde says it expected (`a TOML datetime`, `a string`, `u32`…), in Chinese.
fn expectation(e: &str) -> String {
    let e = e.trim();
    let zh = match e {
        "a TOML datetime" | "a valid datetime field" | "a datetime" => {
            "日期或日期時間（不加引號，例如 2026-01-05 或 2026-01-05T09:00:00）"
        }
        "a string" | "a borrowed string" | "string" | "a str" => "字串（加引號）",
        "a boolean" | "bool" => "布林值（`true` 或 `false`）",
        "a sequence" | "a tuple" => "陣列",
        "a map" | "map" => "表格",
        "a character" | "char" => "單一字元",
        "u8" | "u16" | "u32" | "u64" | "usize" => "非負整數",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "整數",
        "f32" | "f64" | "a float" => "數字",
        "" => "其他型別",
        _ => {
            if let Some(n) = e
                .strip_prefix("an array of length ")
                .or_else(|| e.strip_prefix("a tuple of size "))
            {
                return format!("{n} 個項目的陣列");
            }
            if e.starts_with("struct ") || e.starts_with("enum ") {
                return "表格".to_string();
            }
            if e.starts_with("tuple struct ") {
                return "陣列".to_string();
            }
            return keep_quoted(e, "其他型別");
        }
    };
    zh.to_string()
}

fn toml_type(ty: &str) -> &'static str {
    match ty {
        "array" => "陣列",
        "inline table" => "行內表格",
        "string" => "字串",
        "integer" => "整數",
        "float" => "小數",
        "boolean" => "布林值",
        "datetime" => "日期時間",
        _ => "值",
    }
}

/// A text not known here: its backquoted parts (what the file says) kept, the English
/// around them replaced by `fallback`.
fn keep_quoted(text: &str, fallback: &str) -> String {
    let quoted: Vec<&str> = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    if quoted.is_empty() {
        fallback.to_string()
    } else {
        let parts: Vec<String> = quoted.iter().map(|q| format!("`{q}`")).collect();
        format!("{fallback}{}", parts.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn the_issue_15_message() {
        assert_eq!(
            translate("invalid type: string \"2026-01-05T09:00:00\", expected a TOML datetime"),
            "型別錯誤：此處是字串 \"2026-01-05T09:00:00\"，應為日期或日期時間（不加引號，例如 2026-01-05 或 2026-01-05T09:00:00）"
        );
    }

    #[test]
    fn syntax_errors_keep_their_literals() {
        assert_eq!(
            translate("unclosed array, expected `]`"),
            "TOML 語法錯誤：陣列未結束；應為 `]`"
        );
        assert_eq!(
            translate("invalid date, expected day between 01 and 28"),
            "TOML 語法錯誤：無效的日期；應為 01 至 28 的日（該月只有 28 日）"
        );
        assert_eq!(
            translate("invalid value: integer `-3`, expected u32"),
            "無效的值：此處是整數 `-3`，應為非負整數"
        );
    }
}
