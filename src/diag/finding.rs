//! A finding: one rule broken (or due) at one place in the records.

use chrono::NaiveDate;

use crate::catalogue::{Rule, Severity};
use crate::source::Span;

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The rule's severity, or `info` for a deadline not yet missed ("due").
    pub severity: Severity,
    pub office: Option<String>,
    /// The person id (for a usage-log entry, its person) or, for a form as a whole, its
    /// month/date/period (cli.md).
    pub subject: Option<String>,
    /// Where it is; `None` for county-wide findings with no file.
    pub span: Option<Span>,
    /// The date the finding is about (a deadline, an event, a day without a role holder).
    pub date: Option<NaiveDate>,
    /// Traditional Chinese, one sentence or two.
    pub message: String,
    /// Secondary places: cross-file evidence.
    pub labels: Vec<(Span, String)>,
    /// Whether someone must still act on it (cli.md, `open`): `Some(true)` while what the rule
    /// asks for is not done (a form missing, an account not yet terminated, a record to
    /// correct); `Some(false)` for a breach that is now closed (an account terminated late,
    /// now terminated); `None` for a fact of the past that no later record closes (a query on
    /// a rest day). The README lists each rule's choice.
    pub open: Option<bool>,
    /// The day a closed breach was closed (the late `terminated`, the last signature), when
    /// the records say it.
    pub closed_on: Option<NaiveDate>,
    /// The office as people name it (office.toml's `name`), filled in after the rules ran
    /// (`Facts::name_findings`); `None` when unknown, and then the id is shown.
    pub office_name: Option<String>,
    /// The subject as people read it: a person's name, a month as 115年5月; `None` when it has
    /// no other form than its id (an unknown id, shown as written).
    pub subject_name: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            office: None,
            subject: None,
            span: None,
            date: None,
            message: message.into(),
            labels: Vec::new(),
            open: None,
            closed_on: None,
            office_name: None,
            subject_name: None,
        }
    }

    pub fn office(mut self, office: impl Into<String>) -> Finding {
        self.office = Some(office.into());
        self
    }

    pub fn subject(mut self, subject: impl ToString) -> Finding {
        self.subject = Some(subject.to_string());
        self
    }

    pub fn at(mut self, span: Span) -> Finding {
        self.span = Some(span);
        self
    }

    pub fn date(mut self, date: NaiveDate) -> Finding {
        self.date = Some(date);
        self
    }

    /// Downgrade to `info`: the deadline has not passed yet.
    pub fn due(mut self) -> Finding {
        self.severity = Severity::Info;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Someone must still act: what the rule asks for is not done yet.
    pub fn still_open(mut self) -> Finding {
        self.open = Some(true);
        self
    }

    /// A breach that is closed: what the rule asks for was done, late, on `day` (`None`: it
    /// can no longer be made good, e.g. a year that has ended).
    pub fn closed(mut self, day: Option<NaiveDate>) -> Finding {
        self.open = Some(false);
        self.closed_on = day;
        self
    }

    /// Open unless known to be closed: what lists of work to do keep (`None`, a fact of the
    /// past, is still shown among the findings to review).
    pub fn is_open(&self) -> bool {
        self.open != Some(false)
    }

    /// The office as messages and reports show it: its name, else its id.
    pub fn office_shown(&self) -> Option<&str> {
        self.office_name.as_deref().or(self.office.as_deref())
    }

    /// The subject as reports show it: a person's name, a month in the ROC calendar, else the
    /// id as written.
    pub fn subject_shown(&self) -> Option<&str> {
        self.subject_name.as_deref().or(self.subject.as_deref())
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Finding {
        self.labels.push((span, text.into()));
        self
    }
}
