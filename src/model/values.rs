//! Scalar values of the record format (records.md): dates, Taiwan-time date-times, months,
//! half-years and ids, each checked while it is read so a bad value is a `parse-error` at its span.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::de::{self, Deserialize, Deserializer};
use toml::value::{Datetime, Offset};

use crate::time::{HalfYear, Month};

/// A TOML date (`2026-11-24`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

/// A TOML local date-time meaning Taiwan time; one with an offset is converted to UTC+8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub NaiveDateTime);

fn to_naive_date(d: &Datetime) -> Option<NaiveDate> {
    let date = d.date?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let dt = Datetime::deserialize(deserializer)?;
        if dt.time.is_some() || dt.offset.is_some() {
            return Err(de::Error::custom(format!(
                "「{dt}」應為日期（例如 2026-11-24），不含時間"
            )));
        }
        to_naive_date(&dt)
            .map(Day)
            .ok_or_else(|| de::Error::custom(format!("「{dt}」不是存在的日期")))
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Stamp, D::Error> {
        let dt = Datetime::deserialize(deserializer)?;
        let bad = || {
            de::Error::custom(format!(
                "「{dt}」應為日期時間（例如 2026-11-03T09:12:00，臺灣時間）"
            ))
        };
        let (date, time) = match (to_naive_date(&dt), dt.time) {
            (Some(d), Some(t)) => (d, t),
            _ => return Err(bad()),
        };
        let time = NaiveTime::from_hms_opt(
            time.hour.into(),
            time.minute.into(),
            time.second.unwrap_or(0).into(),
        )
        .ok_or_else(bad)?;
        let local = date.and_time(time);
        // records.md: a date-time with an offset is converted to UTC+8.
        let shifted = match dt.offset {
            None => local,
            Some(Offset::Z) => local + chrono::Duration::hours(8),
            Some(Offset::Custom { minutes }) => {
                local + chrono::Duration::minutes(8 * 60 - i64::from(minutes))
            }
        };
        Ok(Stamp(shifted))
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for HalfYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HalfYear, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// An office or person id: `[a-z0-9][a-z0-9-]*`, at most 64 characters (records.md). Ids become
/// paths and URLs, so anything else (`../`, spaces, capitals) is refused at reading.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl Id {
    pub fn is_valid(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= 64
            && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        let s = String::deserialize(deserializer)?;
        if Id::is_valid(&s) {
            Ok(Id(s))
        } else {
            let shown: String = s.chars().take(80).collect();
            Err(de::Error::custom(format!(
                "「{shown}」不是有效的代號：只能用小寫英文字母、數字與連字號（-），以字母或數字開頭，至多 64 字元"
            )))
        }
    }
}

/// An OpenSSH public key a person signs git commits with (`signing_keys` in people.toml),
/// checked when read. A mistyped key is kept with the reason it is not one, so the loader
/// reports a `parse-error` at its line while the rest of people.toml is still read: one bad
/// key must not take the office's whole roster (and its open deadlines) with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningKey {
    Valid(ssh_key::PublicKey),
    /// Not an OpenSSH public key; the reason, in the records' language.
    Invalid(String),
}

impl<'de> Deserialize<'de> for SigningKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SigningKey, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(match SigningKey::parse(&s) {
            Ok(key) => key,
            Err(why) => SigningKey::Invalid(why),
        })
    }
}

impl SigningKey {
    /// The key, when it is one.
    pub fn public(&self) -> Option<&ssh_key::PublicKey> {
        match self {
            SigningKey::Valid(key) => Some(key),
            SigningKey::Invalid(_) => None,
        }
    }

    /// A key written as in people.toml (`ssh-ed25519 AAAA… comment`); the error says why not,
    /// in the records' language.
    pub fn parse(text: &str) -> Result<SigningKey, String> {
        ssh_key::PublicKey::from_openssh(text.trim())
            .map(SigningKey::Valid)
            // The library's reason ("PEM Base64 error", "character encoding invalid") is
            // English and says nothing a clerk can act on; what the line should hold does.
            .map_err(|_| {
                let shown: String = text.chars().take(40).collect();
                format!(
                    "「{shown}」不是有效的 OpenSSH 公鑰：應為 .pub 檔的整行內容，例如 \"ssh-ed25519 AAAAC3Nza… 名稱\"，請重新複製，勿換行或刪改"
                )
            })
    }
}

/// `"HH:MM"`, as in `office_hours`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(pub NaiveTime);

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ClockTime, D::Error> {
        let s = String::deserialize(deserializer)?;
        NaiveTime::parse_from_str(&s, "%H:%M")
            .map(ClockTime)
            .map_err(|_| de::Error::custom(format!("「{s}」應寫成 \"HH:MM\"，例如 \"08:00\"")))
    }
}
