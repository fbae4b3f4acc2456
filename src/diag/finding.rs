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

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Finding {
        self.labels.push((span, text.into()));
        self
    }
}
