//! The shared vocabulary of the rule catalogue, beneath both the rules that raise findings and
//! everything that reports or shows them (`diag`, `site`): what a rule is ([`Rule`]), how bad a
//! finding is ([`Severity`]), the 要點's clauses ([`Clause`]) and [`declare_rule!`]. The rules
//! themselves, and the ordered list of them, live in `crate::rules`; arrows only point down to
//! here (STYLE.md, "The vocabulary sits lowest").

pub mod clauses;

use std::fmt;

pub use clauses::Clause;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "錯誤",
            Severity::Warning => "警告",
            Severity::Info => "提醒",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One rule of the catalogue.
#[derive(Debug)]
pub struct Rule {
    /// Stable id (rules.md), kebab-case.
    pub id: &'static str,
    pub clause: &'static Clause,
    pub severity: Severity,
    /// One line, Traditional Chinese.
    pub summary: &'static str,
    /// One paragraph or more of Markdown, Traditional Chinese: the rule's `///` doc.
    pub explanation: &'static str,
    /// What the rule reads: the records alone, or the git trail (so no list of rules is
    /// written twice to say which rules need history).
    pub kind: Kind,
    /// Whether the rule's findings carry a deadline as their date (rules.md: the "info
    /// before" ones and their overdue twins): `imaudit deadlines`, the site's deadlines page
    /// and `deadlines.ics` list them.
    pub deadline: bool,
    /// What the rule's findings mark on the site beyond the lists of findings (a missing
    /// record's empty cell, an unreadable file, a deleted record): the views find the rule by
    /// this, not by its id (issue 12: no rule id as a string outside its file).
    pub marks: Marks,
}

/// What a rule's findings mark in place on the site, besides being listed: each value but
/// `Nothing` belongs to one rule (tests/it/catalogue.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marks {
    /// Nothing beyond its findings (most rules).
    Nothing,
    /// A month without its usage log (附件一); the finding's subject is the month.
    MissingLog,
    /// A month without its monthly audit (附件二); the subject is the month.
    MissingMonthlyAudit,
    /// A half-year without its permission review; the subject is the half-year.
    MissingPermissionReview,
    /// A year with too few internal audits; the subject is the year.
    TooFewInternalAudits,
    /// A file that could not be read (the dashboard lists them with the first such finding).
    UnreadableFile,
    /// A record deleted from the repository (its finding's span, if any, is not the record's
    /// file: the trail pages link the deleted path's history instead).
    DeletedRecord,
}

/// What a rule reads, and so when it can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The records as files.
    Records,
    /// The git history of the records (the change trail, rules.md 四(一)).
    Git,
    /// A note about what the run could see of the trail (`history-unavailable`).
    TrailNote,
    /// A record that differs from its last commit (`uncommitted-changes`): needs git too.
    Uncommitted,
}

impl Kind {
    /// Whether a rule of this kind needs the repository opened.
    pub fn needs_history(self) -> bool {
        self != Kind::Records
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

/// Declares a rule; its `///` doc becomes the explanation shown by `check --explain` and on the
/// site, so the doc and the code cannot drift apart.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis static $name:ident = {
        id: $id:literal,
        clause: $clause:path,
        severity: $sev:ident,
        summary: $summary:literal
        $(, kind: $kind:ident)?
        $(, deadline: $deadline:literal)?
        $(, marks: $marks:ident)? $(,)?
    }) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::catalogue::Rule = $crate::catalogue::Rule {
            id: $id,
            clause: &$clause,
            severity: $crate::catalogue::Severity::$sev,
            summary: $summary,
            explanation: concat!($($doc, "\n"),*),
            kind: $crate::declare_rule!(@kind $($kind)?),
            deadline: $crate::declare_rule!(@deadline $($deadline)?),
            marks: $crate::declare_rule!(@marks $($marks)?),
        };
    };
    (@kind $kind:ident) => { $crate::catalogue::Kind::$kind };
    (@kind) => { $crate::catalogue::Kind::Records };
    (@deadline $deadline:literal) => { $deadline };
    (@deadline) => { false };
    (@marks $marks:ident) => { $crate::catalogue::Marks::$marks };
    (@marks) => { $crate::catalogue::Marks::Nothing };
}
