//! Where a file belongs in the layout of records.md, from its path alone.

use chrono::NaiveDate;

use crate::model::{Id, Place};
use crate::time::{HalfYear, Month};

/// What a path says, or why it fits nowhere.
#[derive(Debug, PartialEq, Eq)]
pub enum Classified {
    Known(Place),
    /// A file in no known place; the text says what was expected.
    Unexpected(String),
    /// A known kind of file whose folders disagree with its name (`logs/2025/2026-01.toml`).
    Mismatch(Place, String),
}

fn date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn month(s: &str) -> Option<Month> {
    s.parse().ok()
}

/// Classifies a path given as `/`-separated components relative to the records folder.
pub fn classify(parts: &[&str]) -> Classified {
    use Classified::*;
    if parts.last() == Some(&"README.md") {
        return Known(Place::Readme);
    }
    match parts {
        ["county.toml"] => Known(Place::County),
        ["regulation.md"] => Known(Place::Regulation),
        ["calendar", file] => match file
            .strip_suffix(".toml")
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse().ok())
        {
            Some(y) => Known(Place::Calendar(y)),
            None => Unexpected("行事曆檔名應為 calendar/<YYYY>.toml".into()),
        },
        ["offices", office, rest @ ..] => {
            if !Id::is_valid(office) {
                return Unexpected(format!(
                    "機關代碼「{office}」不符格式（小寫英數字與連字號）"
                ));
            }
            let o = office.to_string();
            classify_office(o, rest)
        }
        _ => Unexpected("不屬於 records.md 所列的任何位置".into()),
    }
}

fn classify_office(o: String, rest: &[&str]) -> Classified {
    use Classified::*;
    let stem = |f: &str, ext: &str| f.strip_suffix(ext).map(str::to_string);
    match rest {
        ["office.toml"] => Known(Place::Office(o)),
        ["people.toml"] => Known(Place::People(o)),
        ["logs", year, file] | ["monthly-audits", year, file] => {
            let Some(m) = stem(file, ".toml").and_then(|s| month(&s)) else {
                return Unexpected("檔名應為 <YYYY-MM>.toml".into());
            };
            let place = if rest[0] == "logs" {
                Place::Log(o, m)
            } else {
                Place::MonthlyAudit(o, m)
            };
            if *year != format!("{:04}", m.year) {
                return Mismatch(
                    place,
                    format!("{m} 的檔案應放在 {:04}/ 資料夾，而非 {year}/", m.year),
                );
            }
            Known(place)
        }
        ["internal-audits", file] => match stem(file, ".toml").and_then(|s| date(&s)) {
            Some(d) => Known(Place::InternalAudit(o, d)),
            None => Unexpected("檔名應為 <YYYY-MM-DD>.toml".into()),
        },
        ["inspections", file] => match stem(file, ".toml").and_then(|s| date(&s)) {
            Some(d) => Known(Place::Inspection(o, d)),
            None => Unexpected("檔名應為 <YYYY-MM-DD>.toml".into()),
        },
        ["permission-reviews", file] => {
            match stem(file, ".toml").and_then(|s| s.parse::<HalfYear>().ok()) {
                Some(h) => Known(Place::PermissionReview(o, h)),
                None => Unexpected("檔名應為 <YYYY>-H1.toml 或 <YYYY>-H2.toml".into()),
            }
        }
        ["handovers", file] | ["incidents", file] => {
            let parsed = stem(file, ".toml").and_then(|s| {
                let (d, tail) = (s.get(..10)?, s.get(10..)?);
                let tail = tail.strip_prefix('-')?;
                Some((date(d)?, tail.to_string()))
            });
            match parsed {
                Some((d, tail)) if Id::is_valid(&tail) => {
                    if rest[0] == "handovers" {
                        Known(Place::Handover(o, d, tail))
                    } else {
                        Known(Place::Incident(o, d, tail))
                    }
                }
                _ => Unexpected(if rest[0] == "handovers" {
                    "檔名應為 <YYYY-MM-DD>-<人員代碼>.toml".into()
                } else {
                    "檔名應為 <YYYY-MM-DD>-<簡稱>.toml（簡稱為小寫英數字與連字號）".into()
                }),
            }
        }
        ["system-logs", file] => match stem(file, ".csv").and_then(|s| month(&s)) {
            Some(m) => Known(Place::SystemLog(o, m)),
            None => Unexpected("檔名應為 system-logs/<YYYY-MM>.csv".into()),
        },
        _ => Unexpected("不屬於 records.md 所列的任何位置".into()),
    }
}

/// `path`'s components relative to `root`, when it lies under it.
fn parts_under(root: &std::path::Path, path: &std::path::Path) -> Option<Vec<String>> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect(),
    )
}

/// Where `path` sits in the records layout under `root` (the language server's open files).
pub fn place_of(root: &std::path::Path, path: &std::path::Path) -> Option<Place> {
    let parts = parts_under(root, path)?;
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match classify(&parts) {
        Classified::Known(p) | Classified::Mismatch(p, _) => Some(p),
        Classified::Unexpected(_) => None,
    }
}

/// The office whose folder holds `path` (`offices/<office>/…` under `root`), whether or not
/// the file has a place of its own there: an unexpected file's finding is its office's too, so
/// `serve` evaluates that office again when it changes.
pub fn office_of(root: &std::path::Path, path: &std::path::Path) -> Option<String> {
    match parts_under(root, path)?.as_slice() {
        [first, office, ..] if first == "offices" => Some(office.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_places() {
        let m = Month {
            year: 2026,
            month: 11,
        };
        assert_eq!(
            classify(&["offices", "tianzhong", "logs", "2026", "2026-11.toml"]),
            Classified::Known(Place::Log("tianzhong".into(), m))
        );
        assert_eq!(
            classify(&[
                "offices",
                "x",
                "handovers",
                "2026-08-03-wang-xiao-ming.toml"
            ]),
            Classified::Known(Place::Handover(
                "x".into(),
                NaiveDate::from_ymd_opt(2026, 8, 3).unwrap(),
                "wang-xiao-ming".into()
            ))
        );
        assert!(matches!(
            classify(&["offices", "x", "logs", "2025", "2026-01.toml"]),
            Classified::Mismatch(..)
        ));
        assert!(matches!(
            classify(&["offices", "x", "log", "2026", "2026-01.toml"]),
            Classified::Unexpected(_)
        ));
        assert!(matches!(
            classify(&["offices", "X", "office.toml"]),
            Classified::Unexpected(_)
        ));
        assert!(matches!(
            classify(&["offices", "x", "logs", "2026", "2026-13.toml"]),
            Classified::Unexpected(_)
        ));
        assert_eq!(
            classify(&["offices", "x", "README.md"]),
            Classified::Known(Place::Readme)
        );
    }
}
