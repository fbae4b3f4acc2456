//! Who held which role when (office.toml `[[role]]`), asked day by day.

use chrono::NaiveDate;

use crate::model::{Loaded, Office, Role};
use crate::source::Span;

/// One `[[role]]` entry with a known role code.
#[derive(Clone, Debug)]
pub struct Holding<'a> {
    pub role: Role,
    pub person: &'a str,
    pub from: NaiveDate,
    /// Inclusive; `None` while still held.
    pub to: Option<NaiveDate>,
    pub span: Span,
}

impl Holding<'_> {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// The office's roles over time.
#[derive(Debug, Default)]
pub struct Roles<'a> {
    pub holdings: Vec<Holding<'a>>,
}

impl<'a> Roles<'a> {
    pub fn of(office: &'a Loaded<Office>) -> Roles<'a> {
        let holdings = office
            .data
            .role
            .iter()
            .filter_map(|r| {
                let h = r.get_ref();
                Some(Holding {
                    role: Role::from_code(h.role.get_ref())?,
                    person: h.person.get_ref().as_str(),
                    from: h.from.get_ref().0,
                    to: h.to.as_ref().map(|t| t.get_ref().0),
                    span: office.span(r.span()),
                })
            })
            .collect();
        Roles { holdings }
    }

    /// Everyone holding `role` on `day`, in file order, without repeats.
    pub fn holders(&self, role: Role, day: NaiveDate) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        for h in &self.holdings {
            if h.role == role && h.covers(day) && !out.contains(&h.person) {
                out.push(h.person);
            }
        }
        out
    }

    pub fn holds(&self, person: &str, role: Role, day: NaiveDate) -> bool {
        self.holdings
            .iter()
            .any(|h| h.role == role && h.person == person && h.covers(day))
    }

    /// The days on which the set of holders can change: every `from` and every day after a `to`.
    /// Rules that ask "on which days was a role vacant" need only look at these.
    pub fn change_days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .holdings
            .iter()
            .flat_map(|h| std::iter::once(h.from).chain(h.to.and_then(|t| t.succ_opt())))
            .collect();
        days.sort();
        days.dedup();
        days
    }
}
