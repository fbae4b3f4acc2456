//! People and offices as people name them (cli.md, "The site": 周佳蓉, not zhou-jia-rong;
//! 彰化縣溪湖戶政事務所, not xihu). Rules name people through [`OfficeFacts::person_name`] when
//! they write a message; `evaluate` names each finding's office and subject through
//! [`Facts::office_name`] and [`Facts::subject_name`] for the reports that show them. Ids stay
//! in `office`, `subject`, links and file names.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{Facts, OfficeFacts};
use crate::model::Role;
use crate::text::pii::mask_ids;
use crate::time::roc::{roc_date, roc_half, roc_month, roc_year};
use crate::time::{HalfYear, Month};

impl<'a> OfficeFacts<'a> {
    /// office.toml's `name`, else the office id (its office.toml could not be read). An id
    /// number typed into it is masked, as everywhere a finding is shown (三(八)).
    pub fn name(&self) -> Cow<'a, str> {
        self.records
            .office
            .as_ref()
            .map(|o| o.data.name.get_ref().trim())
            .filter(|n| !n.is_empty())
            .map_or(Cow::Borrowed(self.id), masked)
    }

    /// A person as a message names them: people.toml's `name`. An id that is no one's here
    /// (a typo, a person of another office) is shown as written, quoted: 「wang-xiao-ming」.
    pub fn person_name(&self, id: &str) -> Cow<'a, str> {
        match self.known_name(id) {
            Some(name) => name,
            None => Cow::Owned(format!("「{}」", mask_ids(id))),
        }
    }

    /// Who made a query of the system's audit log, as messages show it: the person's name,
    /// with the system account when it is not the person id (林佳蓉（帳號 CHC0202）), or the
    /// account alone when it is no one's.
    pub fn who(&self, q: &super::Query) -> String {
        match q.person() {
            Some(p) if p != q.row.account.as_str() => {
                format!("{}（帳號 {}）", self.person_name(p), q.row.account)
            }
            Some(p) => self.person_name(p).into_owned(),
            None => format!("帳號 {}", q.row.account),
        }
    }

    /// people.toml's `name` of `id` (id numbers in it masked), when someone here has that id
    /// and a name.
    pub fn known_name(&self, id: &str) -> Option<Cow<'a, str>> {
        self.people
            .get(id)
            .map(|p| p.get_ref().name.get_ref().trim())
            .filter(|n| !n.is_empty())
            .map(masked)
    }
}

/// The people of a people.toml as (id, name) pairs, names masked, longest id first: what
/// [`name_people`] takes.
pub fn people_of(people: &crate::model::People) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = people
        .person
        .iter()
        .map(|p| p.get_ref())
        .filter(|p| !p.name.get_ref().trim().is_empty())
        .map(|p| {
            (
                p.id.get_ref().to_string(),
                mask_ids(p.name.get_ref().trim()),
            )
        })
        .collect();
    // Longest first, so an id that begins another is not replaced inside it.
    out.sort_by_key(|(id, _)| std::cmp::Reverse(id.len()));
    out
}

/// `text` with each person id of `people` (from [`people_of`]) replaced by the name: for the
/// lines of `imaudit history`'s describe.rs (「主任簽核（chen-zhi-ming，…）」), which read the
/// record text alone and so name people by id.
pub fn name_people(text: &str, people: &[(String, String)]) -> String {
    people.iter().fold(text.to_string(), |t, (id, name)| {
        t.replace(id.as_str(), name)
    })
}

impl OfficeFacts<'_> {
    /// [`name_people`] with this office's people.
    pub fn with_names(&self, text: &str) -> String {
        match &self.records.people {
            Some(p) => name_people(text, &people_of(&p.data)),
            None => text.to_string(),
        }
    }
}

impl Facts<'_> {
    /// The office's name, when its office.toml was read.
    pub fn office_name(&self, office: &str) -> Option<String> {
        let o = self.offices.iter().find(|o| o.id == office)?;
        o.records.office.as_ref().map(|_| o.name().into_owned())
    }

    /// A finding's subject as people read it: a person's name (looked up in `office`), a
    /// month, half-year, day or year in the ROC calendar, a role by its title. `None` when
    /// the id is all there is (an unknown id, shown as written).
    pub fn subject_name(&self, office: Option<&str>, subject: &str) -> Option<String> {
        if let Some(o) = office.and_then(|id| self.offices.iter().find(|o| o.id == id)) {
            if let Some(name) = o.known_name(subject) {
                return Some(name.into_owned());
            }
        }
        subject_as_read(subject)
    }
}

/// `text`, borrowed unless it holds an id number to mask.
fn masked(text: &str) -> Cow<'_, str> {
    let m = mask_ids(text);
    if m == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(m)
    }
}

/// `2026-05` → 115年5月, `2026-H2` → 115年下半年, `2026-03-10` → 115年3月10日, `2026` →
/// 115年度, `sysadmin` → 系統管理人員.
fn subject_as_read(subject: &str) -> Option<String> {
    if let Ok(m) = subject.parse::<Month>() {
        return Some(roc_month(m));
    }
    if let Ok(h) = subject.parse::<HalfYear>() {
        return Some(roc_half(h));
    }
    if let Ok(d) = NaiveDate::parse_from_str(subject, "%Y-%m-%d") {
        return Some(roc_date(d));
    }
    if subject.len() == 4 {
        if let Ok(y) = subject.parse::<i32>() {
            return Some(format!("{}年度", roc_year(y)));
        }
    }
    Role::from_code(subject).map(|r| r.label().to_string())
}

#[cfg(test)]
mod tests {
    use super::subject_as_read;

    #[test]
    fn subjects_read_in_the_roc_calendar() {
        assert_eq!(subject_as_read("2026-05").as_deref(), Some("115年5月"));
        assert_eq!(subject_as_read("2026-H2").as_deref(), Some("115年下半年"));
        assert_eq!(
            subject_as_read("2026-03-10").as_deref(),
            Some("115年3月10日")
        );
        assert_eq!(subject_as_read("2026").as_deref(), Some("115年度"));
        assert_eq!(subject_as_read("wang-xiao-ming"), None);
    }
}
