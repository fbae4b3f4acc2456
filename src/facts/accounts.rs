//! Account states over time (people.toml `[person.account]`): when each account was active.
//!
//! Events carry dates, not times, so an account counts as active through the whole day it was
//! activated or reinstated and through the whole day it was suspended or terminated: a session
//! on the day of a termination may have come before it, and the 要點 gives no hour.

use std::collections::BTreeSet;

use crate::model::Spanned;
use chrono::NaiveDate;

use crate::model::{AccountEvent, EventKind, Item, Loaded, People, Person};
use crate::source::Span;

/// One account's history.
#[derive(Debug)]
pub struct AccountFacts<'a> {
    pub person: &'a Person,
    /// The person's `[[person]]` table.
    pub person_span: Span,
    /// Events in date order (file order among the same date).
    pub events: Vec<&'a Spanned<AccountEvent>>,
    /// Approved items with known codes.
    pub items: BTreeSet<Item>,
    /// Inclusive ranges of days on which the account was active; the last may be open.
    pub active: Vec<(NaiveDate, Option<NaiveDate>)>,
    people: &'a Loaded<People>,
}

impl<'a> AccountFacts<'a> {
    pub fn of(people: &'a Loaded<People>, person: &'a Spanned<Person>) -> Option<AccountFacts<'a>> {
        let account = person.get_ref().account.as_ref()?;
        let mut events: Vec<&Spanned<AccountEvent>> = account.event.iter().collect();
        events.sort_by_key(|e| e.get_ref().date.get_ref().0);
        let items = account
            .items
            .iter()
            .filter_map(|i| Item::from_code(i.get_ref()))
            .collect();
        let mut active = Vec::new();
        let mut open: Option<NaiveDate> = None;
        for e in &events {
            let date = e.get_ref().date.get_ref().0;
            match *e.get_ref().kind.get_ref() {
                EventKind::Activated | EventKind::Reinstated if open.is_none() => open = Some(date),
                EventKind::Suspended | EventKind::Terminated => {
                    if let Some(start) = open.take() {
                        active.push((start, Some(date)));
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            active.push((start, None));
        }
        Some(AccountFacts {
            person: person.get_ref(),
            person_span: people.span(person.span()),
            events,
            items,
            active,
            people,
        })
    }

    pub fn id(&self) -> &'a str {
        self.person.id.get_ref().as_str()
    }

    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.active
            .iter()
            .any(|&(from, to)| from <= day && to.is_none_or(|t| day <= t))
    }

    /// Whether the account was active at any time in `[from, to]`.
    pub fn active_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.active
            .iter()
            .any(|&(a, b)| a <= to && b.is_none_or(|b| from <= b))
    }

    /// The span of one event, in people.toml.
    pub fn event_span(&self, event: &Spanned<AccountEvent>) -> Span {
        self.people.span(event.span())
    }

    pub fn file(&self) -> crate::source::FileId {
        self.people.file
    }

    /// Events of one kind, in date order.
    pub fn events_of(
        &self,
        kind: EventKind,
    ) -> impl Iterator<Item = &'a Spanned<AccountEvent>> + '_ {
        self.events
            .iter()
            .copied()
            .filter(move |e| *e.get_ref().kind.get_ref() == kind)
    }
}

/// The date of an event.
pub fn date_of(e: &Spanned<AccountEvent>) -> NaiveDate {
    e.get_ref().date.get_ref().0
}

/// The kind of an event.
pub fn kind_of(e: &Spanned<AccountEvent>) -> EventKind {
    *e.get_ref().kind.get_ref()
}
