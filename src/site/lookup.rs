//! What every page needs to know about the others, computed once per build: people's names,
//! which page shows which file (and which entry of it), the findings made into views, and the
//! findings of each office, file and rule.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::kept::Kept;
use super::paths;
use super::views::compare::OfficeDigest;
use super::views::{date, FindingView, PersonRef};
use crate::catalogue::Severity;
use crate::diag::{self, Finding};
use crate::evaluate::Evaluation;
use crate::facts::Facts;
use crate::model::{
    Inspection, InternalAudit, Loaded, Log, MonthlyAudit, People, PermissionReview, Signoff,
};
use crate::source::{FileId, Span};
use crate::text::pii::mask_ids;
use crate::time::{roc, HalfYear, Month};

/// The page that shows a file.
enum Target<'a> {
    Regulation,
    Office(&'a str),
    People(&'a str, &'a Loaded<People>),
    Log(&'a str, Month, &'a Loaded<Log>),
    MonthlyAudit(&'a str, Month, &'a Loaded<MonthlyAudit>),
    InternalAudit(&'a str, NaiveDate, &'a Loaded<InternalAudit>),
    Review(&'a str, HalfYear, &'a Loaded<PermissionReview>),
    Inspection(&'a str, NaiveDate, &'a Loaded<Inspection>),
    Handover(&'a str, NaiveDate, &'a str),
    Incident(&'a str, NaiveDate, &'a str),
}

/// The facts pages read: the evaluation's own, which its rules read, or made again in full
/// ([`Lookup::with_whole_facts`]).
pub enum FactsOf<'a> {
    Owned(Box<Facts<'a>>),
    Borrowed(&'a Facts<'a>),
}

impl<'a> std::ops::Deref for FactsOf<'a> {
    type Target = Facts<'a>;

    fn deref(&self) -> &Facts<'a> {
        match self {
            FactsOf::Owned(f) => f,
            FactsOf::Borrowed(f) => f,
        }
    }
}

pub struct Lookup<'a> {
    pub eval: &'a Evaluation,
    pub facts: FactsOf<'a>,
    pub county: String,
    pub authority: Option<String>,
    /// Every office with records, by id: its name as shown, when its office.toml gives one.
    offices: BTreeMap<&'a str, Option<String>>,
    /// (office, person) → name, masked; only people of people.toml (the first of duplicates).
    names: HashMap<(&'a str, &'a str), String>,
    /// What the county's pages read of offices whose records were released, in a build made
    /// office by office ([`Lookup::county`]); `None` when every office's records are here.
    kept: Option<&'a Kept>,
    /// The offices' digests for the county's pages, made when first asked for.
    digests: OnceLock<Vec<OfficeDigest>>,
    targets: HashMap<FileId, Target<'a>>,
    /// Every file read (README files aside), by its path relative to the records folder.
    sources: BTreeMap<FileId, String>,
    /// The files that get a source page (`source/<path>.html`); see [`Lookup::has_source_page`].
    source_pages: HashSet<FileId>,
    /// SHA-256 of each office's people (id and name, as shown), for input fingerprints.
    names_hashes: HashMap<&'a str, [u8; 32]>,
    /// One view per finding, in the order of `eval.findings`.
    pub findings: Vec<FindingView>,
    pub by_office: BTreeMap<String, Vec<usize>>,
    pub by_file: HashMap<FileId, Vec<usize>>,
    pub by_rule: HashMap<&'static str, Vec<usize>>,
    /// The records' version, for every page's footer (`views::history::built_from`).
    pub version: Option<String>,
}

impl<'a> Lookup<'a> {
    /// The lookups of `eval`, with the facts its rules read.
    pub fn new(eval: &'a Evaluation) -> Lookup<'a> {
        Lookup::with(eval, FactsOf::Borrowed(eval.facts()), None)
    }

    /// The lookups of `eval` with every office's facts made again in full: for a site whose
    /// evaluation left some offices' usage sessions out (`serve`'s re-evaluation,
    /// `OfficeFacts::logs_read`) when one of those offices must be rendered after all.
    pub fn with_whole_facts(eval: &'a Evaluation) -> Lookup<'a> {
        let facts = Facts::new(eval.records(), eval.sources(), eval.as_of);
        Lookup::with(eval, FactsOf::Owned(Box::new(facts)), None)
    }

    /// The lookups of the county's pages in a build made office by office (`site::by_office`):
    /// `eval` holds every finding and file but the county-level records alone, and `kept`
    /// what the pages read of the offices, taken before their records were released.
    pub fn county(eval: &'a Evaluation, kept: &'a Kept) -> Lookup<'a> {
        Lookup::with(eval, FactsOf::Borrowed(eval.facts()), Some(kept))
    }

    fn with(eval: &'a Evaluation, facts: FactsOf<'a>, kept: Option<&'a Kept>) -> Lookup<'a> {
        let records = &eval.records();
        let county = records
            .county
            .as_ref()
            .map(|c| mask_ids(&c.data.name))
            .unwrap_or_else(|| "（縣市未設定）".into());
        let authority = records
            .county
            .as_ref()
            .and_then(|c| c.data.authority.as_deref())
            .map(mask_ids);
        let mut offices: BTreeMap<&str, Option<String>> = records
            .offices
            .iter()
            .map(|(id, r)| {
                let name = r.office.as_ref().map(|o| mask_ids(o.data.name.get_ref()));
                (id.as_str(), name)
            })
            .collect();
        let mut names = HashMap::new();
        for office in &facts.offices {
            for (id, p) in &office.people {
                names.insert((office.id, *id), mask_ids(p.get_ref().name.get_ref()));
            }
        }
        if let Some(kept) = kept {
            for (id, name) in &kept.offices {
                offices.insert(id.as_str(), name.clone());
            }
            for ((office, id), name) in &kept.names {
                names.insert((office.as_str(), id.as_str()), name.clone());
            }
        }
        let mut targets = HashMap::new();
        if let Some(id) = records.regulation {
            targets.insert(id, Target::Regulation);
        }
        for (o, r) in &records.offices {
            let o = o.as_str();
            if let Some(f) = &r.office {
                targets.insert(f.file, Target::Office(o));
            }
            if let Some(f) = &r.people {
                targets.insert(f.file, Target::People(o, f));
            }
            for (m, f) in &r.logs {
                targets.insert(f.file, Target::Log(o, *m, f));
            }
            for (m, f) in &r.monthly_audits {
                targets.insert(f.file, Target::MonthlyAudit(o, *m, f));
            }
            for (d, f) in &r.internal_audits {
                targets.insert(f.file, Target::InternalAudit(o, *d, f));
            }
            for (h, f) in &r.permission_reviews {
                targets.insert(f.file, Target::Review(o, *h, f));
            }
            for (d, f) in &r.inspections {
                targets.insert(f.file, Target::Inspection(o, *d, f));
            }
            for ((d, p), f) in &r.handovers {
                targets.insert(f.file, Target::Handover(o, *d, p));
            }
            for ((d, s), f) in &r.incidents {
                targets.insert(f.file, Target::Incident(o, *d, s));
            }
        }
        let mut sources = BTreeMap::new();
        for (id, file) in eval.sources().iter() {
            let rel = file
                .path
                .strip_prefix(&records.root)
                .ok()
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| {
                    file.name
                        .split_once('/')
                        .map_or(file.name.clone(), |(_, r)| r.to_string())
                });
            // README files are allowed and not read (records.md): nothing to show.
            if rel.rsplit('/').next() != Some("README.md") {
                sources.insert(id, rel);
            }
        }
        let source_pages = eval
            .findings
            .iter()
            .filter_map(|f| f.span.as_ref().map(|s| s.file))
            .chain(records.unreadable.iter().copied())
            .chain(kept.iter().flat_map(|k| k.unreadable.iter().copied()))
            .filter(|f| sources.contains_key(f))
            .collect();
        {
            // Made in parallel here, kept with each file (serve keeps the files unchanged).
            use rayon::prelude::*;
            let files: Vec<&crate::source::SourceFile> =
                eval.sources().iter().map(|(_, f)| f).collect();
            files.into_par_iter().for_each(|f| {
                f.text_sha256();
            });
        }
        let mut names_hashes = HashMap::new();
        {
            use sha2::{Digest, Sha256};
            let mut sorted: Vec<(&(&str, &str), &String)> = names.iter().collect();
            sorted.sort();
            for ((office, id), name) in sorted {
                let h = names_hashes.entry(*office).or_insert_with(Sha256::new);
                for part in [id.as_bytes(), name.as_bytes()] {
                    h.update((part.len() as u64).to_le_bytes());
                    h.update(part);
                }
            }
        }
        let names_hashes = names_hashes
            .into_iter()
            .map(|(o, h)| (o, sha2::Digest::finalize(h).into()))
            .collect();
        let mut lookup = Lookup {
            eval,
            facts,
            county,
            authority,
            offices,
            names,
            kept,
            digests: OnceLock::new(),
            targets,
            sources,
            source_pages,
            names_hashes,
            findings: Vec::new(),
            by_office: BTreeMap::new(),
            by_file: HashMap::new(),
            by_rule: HashMap::new(),
            version: None,
        };
        lookup.version = super::views::history::built_from(&lookup);
        lookup.findings = eval
            .findings
            .iter()
            .map(|f| lookup.finding_view(f))
            .collect();
        for (i, f) in eval.findings.iter().enumerate() {
            if let Some(o) = &f.office {
                lookup.by_office.entry(o.clone()).or_default().push(i);
            }
            if let Some(span) = &f.span {
                lookup.by_file.entry(span.file).or_default().push(i);
            }
            lookup.by_rule.entry(f.rule.id).or_default().push(i);
        }
        lookup
    }

    pub fn as_of(&self) -> NaiveDate {
        self.eval.as_of
    }

    /// SHA-256 of a file's text.
    pub fn text_hash(&self, file: FileId) -> &[u8; 32] {
        self.eval.sources().get(file).text_sha256()
    }

    /// SHA-256 of an office's people as pages show them (ids and masked names); all zeros for
    /// an office without people.
    pub fn names_hash(&self, office: &str) -> [u8; 32] {
        self.names_hashes.get(office).copied().unwrap_or_default()
    }

    /// A person as shown: their name and page when people.toml lists them, else the id.
    pub fn person(&self, office: &str, id: &str) -> PersonRef {
        match self.names.get(&(office, id)) {
            Some(name) => PersonRef {
                id: id.to_string(),
                name: name.clone(),
                href: Some(paths::person(office, id)),
            },
            None => PersonRef {
                id: mask_ids(id),
                name: mask_ids(id),
                href: None,
            },
        }
    }

    /// A person's name (masked) when people.toml lists them, so they have a page.
    pub fn person_name<'s>(&'s self, office: &'s str, id: &'s str) -> Option<&'s str> {
        self.names.get(&(office, id)).map(String::as_str)
    }

    pub fn has_person_page(&self, office: &str, id: &str) -> bool {
        self.names.contains_key(&(office, id))
    }

    pub fn office_name(&self, office: &str) -> String {
        self.offices
            .get(office)
            .cloned()
            .flatten()
            .unwrap_or_else(|| office.to_string())
    }

    /// Whether the records have an office of this id (a finding may name one they have not:
    /// a deleted office's, in the change trail).
    pub fn has_office(&self, office: &str) -> bool {
        self.offices.contains_key(office)
    }

    /// The id of an office with records, as the lookups hold it.
    pub fn office_id(&self, office: &str) -> Option<&'a str> {
        self.offices.get_key_value(office).map(|(id, _)| *id)
    }

    /// The offices with records, in id order, with the name their office.toml gives.
    pub fn offices(&self) -> impl Iterator<Item = (&'a str, Option<&str>)> + '_ {
        self.offices.iter().map(|(id, name)| (*id, name.as_deref()))
    }

    /// What the county's pages read of each office, in id order (`compare::OfficeDigest`).
    pub fn digests(&self) -> &[OfficeDigest] {
        if let Some(kept) = self.kept {
            return &kept.digests;
        }
        self.digests.get_or_init(|| {
            use rayon::prelude::*;
            self.facts
                .offices
                .par_iter()
                .map(|o| super::views::compare::digest(self, o))
                .collect()
        })
    }

    /// The files that could not be read, in the order they were found.
    pub fn unreadable(&self) -> Vec<FileId> {
        let mut files = self.eval.records().unreadable.clone();
        if let Some(kept) = self.kept {
            files.extend(kept.unreadable.iter().copied());
            files.sort_unstable();
        }
        files
    }

    /// Every file read (README files aside), with its path under the records folder.
    pub fn source_files(&self) -> impl Iterator<Item = (FileId, &str)> {
        self.sources.iter().map(|(id, rel)| (*id, rel.as_str()))
    }

    /// Whether a file gets a source page: only files with at least one finding (every finding
    /// links to its line there) and unreadable files (nothing else can show them). A readable
    /// file without findings is shown by its record page, so its text adds nothing: at county
    /// scale the source pages of every file were 1.5 GB of a 2.2 GB site, most of a cold
    /// build's time (issue 6). cli.md does not ask for source pages at all.
    pub fn has_source_page(&self, file: FileId) -> bool {
        self.source_pages.contains(&file)
    }

    /// The files with a source page, in path order.
    pub fn source_page_files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.sources
            .keys()
            .copied()
            .filter(|f| self.has_source_page(*f))
    }

    pub fn source_rel(&self, file: FileId) -> Option<&str> {
        self.sources.get(&file).map(String::as_str)
    }

    /// The source view of a file, at a line; `None` when the file has no source page.
    pub fn source_href(&self, file: FileId, line: Option<usize>) -> Option<String> {
        if !self.has_source_page(file) {
            return None;
        }
        let rel = self.sources.get(&file)?;
        Some(match line {
            Some(l) => format!("{}#L{l}", paths::source(rel)),
            None => paths::source(rel),
        })
    }

    /// The page showing a file, without an anchor.
    pub fn record_page(&self, file: FileId) -> Option<String> {
        if let Some(page) = self.kept.and_then(|k| k.record_pages.get(&file)) {
            return Some(page.clone());
        }
        self.record_href(&Span::file_start(file), None)
            .map(|h| h.split('#').next().unwrap_or_default().to_string())
    }

    /// The part of its form a span falls in. TOML gives an array-of-tables element (and a
    /// table) the span of its header alone, so a part runs from its header to the next.
    pub fn part_of(&self, span: &Span) -> Option<Part> {
        let at = span.range.start;
        let last_before = |mut parts: Vec<(usize, Option<Part>)>| {
            parts.sort_by_key(|p| p.0);
            parts
                .into_iter()
                .take_while(|p| p.0 <= at)
                .last()
                .and_then(|p| p.1)
        };
        let checks =
            |c: &[crate::model::Spanned<crate::model::Check>]| -> Vec<(usize, Option<Part>)> {
                c.iter()
                    .enumerate()
                    .map(|(i, c)| (c.span().start, Some(Part::Check(i))))
                    .collect()
            };
        let signoff = |s: &Option<crate::model::Spanned<Signoff>>| {
            s.as_ref().map(|s| (s.span().start, Some(Part::Signoff)))
        };
        let amended =
            |a: &[crate::model::Spanned<crate::model::Amendment>]| -> Vec<(usize, Option<Part>)> {
                a.iter()
                    .map(|a| (a.span().start, Some(Part::Amendments)))
                    .collect()
            };
        match self.targets.get(&span.file)? {
            Target::People(_, file) => {
                let (pi, person) = file
                    .data
                    .person
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.span().start <= at)
                    .max_by_key(|(_, p)| p.span().start)?;
                let event = person.get_ref().account.as_ref().and_then(|a| {
                    a.event
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| {
                            person.span().start <= e.span().start && e.span().start <= at
                        })
                        .max_by_key(|(_, e)| e.span().start)
                        .map(|(ei, _)| ei)
                });
                Some(match event {
                    Some(ei) => Part::Event(pi, ei),
                    None => Part::Person(pi),
                })
            }
            Target::Log(_, _, f) => {
                let d = &f.data;
                let mut parts: Vec<(usize, Option<Part>)> = d
                    .entry
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.span().start, Some(Part::Entry(i))))
                    .collect();
                parts.extend(signoff(&d.signoff));
                parts.extend(amended(&d.amendment));
                last_before(parts)
            }
            Target::MonthlyAudit(_, _, f) => {
                let d = &f.data;
                let mut parts = checks(&d.check);
                parts.extend(signoff(&d.signoff));
                parts.extend(amended(&d.amendment));
                last_before(parts)
            }
            Target::InternalAudit(_, _, f) => {
                let d = &f.data;
                let mut parts = checks(&d.check);
                parts.extend(signoff(&d.signoff));
                parts.extend(amended(&d.amendment));
                last_before(parts)
            }
            Target::Review(_, _, f) => {
                let d = &f.data;
                let mut parts: Vec<(usize, Option<Part>)> = d
                    .account
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.span().start, Some(Part::Account(i))))
                    .collect();
                parts.extend(signoff(&d.signoff));
                parts.extend(amended(&d.amendment));
                last_before(parts)
            }
            Target::Inspection(_, _, f) => last_before(checks(&f.data.check)),
            _ => None,
        }
    }

    /// The page that shows what `span` points at, with the anchor of the entry, check or
    /// signature it falls in.
    pub fn record_href(&self, span: &Span, subject: Option<&str>) -> Option<String> {
        if let (None, Some(kept)) = (self.targets.get(&span.file), self.kept) {
            return kept.record_href(span, subject);
        }
        let part = self.part_of(span);
        let anchored = |page: String| match part.and_then(Part::anchor) {
            Some(a) => format!("{page}#{a}"),
            None => page,
        };
        Some(match self.targets.get(&span.file)? {
            Target::Regulation => paths::REGULATION.to_string(),
            Target::Office(o) => {
                // A missing record points at `system_start` with the period as subject
                // (brief): the month grid is where it shows.
                let period = subject.is_some_and(|s| {
                    s.parse::<Month>().is_ok()
                        || s.parse::<HalfYear>().is_ok()
                        || (s.len() == 4 && s.parse::<u16>().is_ok())
                });
                format!(
                    "{}#{}",
                    paths::office(o),
                    if period { "grid" } else { "roles" }
                )
            }
            Target::People(o, file) => {
                let person = match part {
                    Some(Part::Person(pi) | Part::Event(pi, _)) => file.data.person.get(pi),
                    _ => None,
                };
                match person.map(|p| p.get_ref().id.get_ref().as_str()) {
                    // Duplicates: only the first of an id has a page, and its events.
                    Some(id) if self.is_first_person(file, id, person) => match part {
                        Some(Part::Event(_, ei)) => {
                            format!("{}#ev{}", paths::person(o, id), ei + 1)
                        }
                        _ => format!("{}#account", paths::person(o, id)),
                    },
                    _ => format!("{}#accounts", paths::office(o)),
                }
            }
            Target::Log(o, m, _) => anchored(paths::log(o, *m)),
            Target::MonthlyAudit(o, m, _) => anchored(paths::monthly_audit(o, *m)),
            Target::InternalAudit(o, day, _) => anchored(paths::internal_audit(o, *day)),
            Target::Review(o, h, _) => anchored(paths::permission_review(o, *h)),
            Target::Inspection(o, day, _) => anchored(paths::inspection(o, *day)),
            Target::Handover(o, day, p) => paths::handover(o, *day, p),
            Target::Incident(o, day, s) => paths::incident(o, *day, s),
        })
    }

    fn is_first_person(
        &self,
        file: &Loaded<People>,
        id: &str,
        person: Option<&crate::model::Spanned<crate::model::Person>>,
    ) -> bool {
        let first = file
            .data
            .person
            .iter()
            .find(|p| p.get_ref().id.get_ref().as_str() == id);
        match (first, person) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }

    fn finding_view(&self, f: &Finding) -> FindingView {
        let loc = diag::location(f, self.eval.sources());
        let subject_label = f
            .subject
            .as_deref()
            .map(|s| self.subject_label(f.office.as_deref(), s));
        let (record_href, source_href) = match &f.span {
            Some(span) => (
                self.record_href(span, f.subject.as_deref()),
                self.source_href(span.file, loc.as_ref().map(|l| l.line)),
            ),
            None => (None, None),
        };
        FindingView {
            rule: f.rule.id,
            rule_href: paths::rule(f.rule.id),
            rule_summary: f.rule.summary,
            severity: f.severity.code(),
            severity_label: severity_label(f.severity),
            clause: f.rule.clause.label,
            clause_title: f.rule.clause.title,
            clause_href: paths::clause(f.rule.clause.anchor),
            office: f.office.clone(),
            office_name: f.office.as_deref().map(|o| self.office_name(o)),
            office_href: f
                .office
                .as_deref()
                .filter(|o| self.has_office(o))
                .map(paths::office),
            subject: f.subject.as_deref().map(mask_ids),
            subject_label,
            date: f.date.map(date),
            message: mask_ids(&f.message),
            location: loc.map(|l| format!("{}:{}", l.file, l.line)),
            record_href,
            source_href,
        }
    }

    /// A subject as people read it: a person's name, an ROC month, half-year, date or year.
    fn subject_label(&self, office: Option<&str>, s: &str) -> String {
        if let Some(name) = office.and_then(|o| self.names.get(&(o, s))) {
            return name.clone();
        }
        if let Ok(m) = s.parse::<Month>() {
            return roc::roc_month(m);
        }
        if let Ok(h) = s.parse::<HalfYear>() {
            return roc::roc_half(h);
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return roc::roc_date(d);
        }
        if let (4, Ok(y)) = (s.len(), s.parse::<i32>()) {
            return format!("{}年", roc::roc_year(y));
        }
        mask_ids(s)
    }

    /// The views of some findings, by index.
    pub fn views(&self, indices: &[usize]) -> Vec<FindingView> {
        indices.iter().map(|i| self.findings[*i].clone()).collect()
    }

    pub fn office_findings(&self, office: &str) -> &[usize] {
        self.by_office.get(office).map_or(&[], Vec::as_slice)
    }

    pub fn file_findings(&self, file: FileId) -> &[usize] {
        self.by_file.get(&file).map_or(&[], Vec::as_slice)
    }

    /// The index of a finding borrowed from the evaluation's list (what `crate::deadlines`
    /// hands back), found from its address instead of a search: the views are by index.
    pub fn index_of(&self, f: &crate::diag::Finding) -> usize {
        let offset = f as *const _ as usize - self.eval.findings.as_ptr() as usize;
        let index = offset / std::mem::size_of::<crate::diag::Finding>();
        debug_assert!(std::ptr::eq(&self.eval.findings[index], f));
        index
    }

    /// Whether someone must still act on finding `i` (`Finding::open`; cli.md: what is
    /// overdue is what someone must still act on).
    pub fn is_open(&self, i: usize) -> bool {
        self.eval.findings[i].is_open()
    }

    /// The worst severity among some findings.
    pub fn worst(&self, indices: &[usize]) -> Option<Severity> {
        indices
            .iter()
            .map(|i| self.eval.findings[*i].severity)
            .max()
    }
}

/// A part of a form, by its place in the file (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Entry(usize),
    Check(usize),
    Account(usize),
    Signoff,
    Amendments,
    Person(usize),
    /// A person's account event: (person, event) in file order.
    Event(usize, usize),
}

impl Part {
    /// The anchor the form pages give this part (1-based, as people count).
    pub fn anchor(self) -> Option<String> {
        Some(match self {
            Part::Entry(i) => format!("e{}", i + 1),
            Part::Check(i) => format!("c{}", i + 1),
            Part::Account(i) => format!("a{}", i + 1),
            Part::Signoff => "signoff".into(),
            Part::Amendments => "amendments".into(),
            Part::Person(_) | Part::Event(..) => return None,
        })
    }
}

/// The site's word for a severity; `info` findings are deadlines not yet passed.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "錯誤",
        Severity::Warning => "警告",
        Severity::Info => "待辦",
    }
}
