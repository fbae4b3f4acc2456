//! Every kind of page of the site, one row each (issue 12 step 5): a kind says its template,
//! its section of the top navigation and whether it is a printable form, and for each page of
//! it, where it goes, its title, its breadcrumbs, the record file it shows (its page links to
//! the record's change trail) and its view. [`render_page`] does the rest the same way for
//! every kind; [`KINDS`]'s templates ([`kinds_templates`]) are what the registry's meta-test holds the
//! registry to (render.rs `TEMPLATES`).

use chrono::NaiveDate;
use serde::Serialize;

use super::lookup::Lookup;
use super::render::{self, Inputs, Templates};
use super::views::{self, date, Crumb, Meta};
use super::{paths, BuildError};
use crate::catalogue::Rule;
use crate::facts::OfficeFacts;
use crate::source::FileId;
use crate::text::pii::mask_ids;
use crate::time::{roc, HalfYear, Month};

/// One kind of page.
trait Kind {
    /// Its template, by its name in the registry (render.rs `TEMPLATES`).
    const TEMPLATE: &'static str;
    /// The item of the top navigation it sits under.
    const SECTION: &'static str;
    /// A printable paper form: the print stylesheet lays it on A4.
    const FORM: bool = false;
    /// Whether the page is fingerprinted by its inputs ([`Kind::inputs`]) instead of its view:
    /// its view is then built only when the old site has no page with those inputs.
    const BY_INPUTS: bool = false;
    type View: Serialize;

    fn path(&self, l: &Lookup) -> String;
    fn title(&self, l: &Lookup) -> String;
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb>;
    /// The record file the page shows: its frame links to the file's change trail.
    fn record(&self, _l: &Lookup) -> Option<FileId> {
        None
    }
    /// `root` is the way back to the site root from the page (`Meta::root`).
    fn view(&self, l: &Lookup, root: &str) -> Self::View;
    /// What the view is made from, when [`Kind::BY_INPUTS`].
    fn inputs(&self, _l: &Lookup, _inputs: &mut Inputs) {}
}

/// Declares the page kinds: the [`Page`] enum (one variant per kind, holding which page of it),
/// the templates of all kinds, and the dispatch of [`render_page`].
macro_rules! pages {
    ($($(#[doc = $doc:literal])* $variant:ident($ty:ty)),* $(,)?) => {
        /// One page to render.
        pub enum Page<'a> {
            $($(#[doc = $doc])* $variant($ty)),*
        }

        /// The template of every kind of page, in the order of [`Page`]'s variants.
        // The lifetime names the kinds' types (`Person<'a>`), which a test needs no value of.
        #[cfg(test)]
        #[allow(clippy::extra_unused_lifetimes)]
        pub fn kinds_templates<'a>() -> Vec<&'static str> {
            vec![$(<$ty as Kind>::TEMPLATE),*]
        }

        /// The path and the rendered page (or its fingerprint, when the old site has it).
        pub fn render_page(
            t: &Templates,
            l: &Lookup,
            page: &Page,
        ) -> Result<(String, render::Rendered), BuildError> {
            match page {
                $(Page::$variant(p) => render_kind(t, l, p)),*
            }
        }
    };
}

pages! {
    Dashboard(Dashboard),
    Office(Office),
    Person(Person<'a>),
    Log(Log<'a>),
    MonthlyAudit(MonthlyAudit<'a>),
    InternalAudit(InternalAudit<'a>),
    Review(Review<'a>),
    Inspection(Inspection<'a>),
    Handover(Handover<'a>),
    Incident(Incident<'a>),
    Rules(Rules),
    Rule(RulePage),
    Regulation(Regulation),
    Coverage(Coverage),
    Deadlines(Deadlines),
    Findings(Findings),
    Blank(Blank),
    Binder(Binder),
    Source(Source),
    /// The change trails' overview, or why there are none.
    HistoryIndex(HistoryIndex),
    /// One record's change trail, by its path relative to the records folder.
    History(History<'a>),
    GuideIndex(GuideIndex),
    Guide(Guide),
}

/// Every page of the site, in the order they are listed (and rendered, in parallel).
pub fn all<'a>(l: &'a Lookup) -> Vec<Page<'a>> {
    let mut out = vec![
        Page::Dashboard(Dashboard),
        Page::Rules(Rules),
        Page::Regulation(Regulation),
        Page::Coverage(Coverage),
        Page::Deadlines(Deadlines),
        Page::Findings(Findings),
    ];
    out.extend(
        l.eval
            .catalogue
            .iter()
            .copied()
            .map(|r| Page::Rule(RulePage(r))),
    );
    for i in 0..l.facts.offices.len() {
        out.extend(office_pages(l, i));
    }
    out.extend(l.source_page_files().map(|f| Page::Source(Source(f))));
    out.push(Page::HistoryIndex(HistoryIndex));
    if let views::history::State::Read(h) = views::history::state(l) {
        out.extend(
            views::history::record_paths(l)
                .into_iter()
                .map(|rel| Page::History(History(h, rel))),
        );
    }
    if views::guide::exists() {
        out.push(Page::GuideIndex(GuideIndex));
        out.extend(views::guide::pages().map(|(n, t)| Page::Guide(Guide(n, t))));
    }
    out
}

/// The pages of the office at `l.facts.offices[i]`: its own, its blank forms and binders, its
/// people's and its records'.
pub fn office_pages<'a>(l: &'a Lookup, i: usize) -> Vec<Page<'a>> {
    let o = &l.facts.offices[i];
    let mut out = vec![Page::Office(Office(i))];
    out.extend(
        views::forms::BLANK_KINDS
            .iter()
            .map(|k| Page::Blank(Blank(i, k))),
    );
    out.extend(
        views::binder::years(o)
            .into_iter()
            .map(|y| Page::Binder(Binder(i, y))),
    );
    out.extend(
        o.people
            .iter()
            .map(|(id, p)| Page::Person(Person(i, id, p.get_ref()))),
    );
    let r = o.records;
    let id = o.id;
    out.extend(r.logs.keys().map(|m| Page::Log(Log(id, *m))));
    out.extend(
        r.monthly_audits
            .keys()
            .map(|m| Page::MonthlyAudit(MonthlyAudit(id, *m))),
    );
    out.extend(
        r.internal_audits
            .keys()
            .map(|d| Page::InternalAudit(InternalAudit(id, *d))),
    );
    out.extend(
        r.permission_reviews
            .keys()
            .map(|h| Page::Review(Review(id, *h))),
    );
    out.extend(
        r.inspections
            .keys()
            .map(|d| Page::Inspection(Inspection(id, *d))),
    );
    out.extend(r.handovers.keys().map(|k| Page::Handover(Handover(id, k))));
    out.extend(r.incidents.keys().map(|k| Page::Incident(Incident(id, k))));
    out
}

/// What every kind shares: the frame (`Meta`) from the kind's row, then the view, rendered
/// unless the old site has the page.
fn render_kind<K: Kind>(
    t: &Templates,
    l: &Lookup,
    page: &K,
) -> Result<(String, render::Rendered), BuildError> {
    let path = page.path(l);
    let meta = Meta {
        title: page.title(l),
        root: paths::root_of(&path),
        section: K::SECTION,
        crumbs: page.crumbs(l),
        county: l.county.clone(),
        authority: l.authority.clone(),
        as_of: date(l.as_of()),
        history_href: page
            .record(l)
            .and_then(|file| views::history::href(l, file)),
        guide: views::guide::exists(),
        form: K::FORM,
        version: l.version.clone(),
    };
    let result = if K::BY_INPUTS {
        let mut inputs = t.inputs(K::TEMPLATE, &path, &meta);
        page.inputs(l, &mut inputs);
        t.render_inputs(K::TEMPLATE, &meta, inputs, || page.view(l, &meta.root))
    } else {
        t.render(K::TEMPLATE, &meta, &page.view(l, &meta.root))
    };
    let html = result.map_err(|source| BuildError::Template {
        page: format!("{path}（{}）", K::TEMPLATE),
        source,
    })?;
    Ok((path, html))
}

fn crumb(label: impl Into<String>, href: impl Into<String>) -> Crumb {
    Crumb {
        label: label.into(),
        href: href.into(),
    }
}

/// Crumbs of a page under the dashboard.
fn top_crumbs() -> Vec<Crumb> {
    vec![crumb("總覽", paths::DASHBOARD)]
}

/// Crumbs down to an office.
fn office_crumbs(l: &Lookup, office: &str) -> Vec<Crumb> {
    vec![
        crumb("總覽", paths::DASHBOARD),
        crumb(l.office_name(office), paths::office(office)),
    ]
}

fn office_records<'l>(l: &'l Lookup, office: &str) -> &'l crate::model::OfficeRecords {
    &l.eval.records().offices[office]
}

fn office<'l>(l: &'l Lookup, i: usize) -> &'l OfficeFacts<'l> {
    &l.facts.offices[i]
}

pub struct Dashboard;

impl Kind for Dashboard {
    const TEMPLATE: &'static str = "dashboard.html";
    const SECTION: &'static str = "dashboard";
    type View = views::dashboard::Dashboard;

    fn path(&self, _: &Lookup) -> String {
        paths::DASHBOARD.to_string()
    }
    fn title(&self, l: &Lookup) -> String {
        format!("{}應用移民資訊作業稽核總覽", l.county)
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        vec![]
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::dashboard::build(l)
    }
}

/// An office's page, by its index in `l.facts.offices`.
pub struct Office(usize);

impl Kind for Office {
    const TEMPLATE: &'static str = "office.html";
    const SECTION: &'static str = "offices";
    type View = views::office::OfficeView;

    fn path(&self, l: &Lookup) -> String {
        paths::office(office(l, self.0).id)
    }
    fn title(&self, l: &Lookup) -> String {
        l.office_name(office(l, self.0).id)
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::office::build(l, office(l, self.0))
    }
}

/// A person of people.toml: the office's index, the person's id and record.
pub struct Person<'a>(usize, &'a str, &'a crate::model::Person);

impl Kind for Person<'_> {
    const TEMPLATE: &'static str = "person.html";
    const SECTION: &'static str = "offices";
    type View = views::person::PersonView;

    fn path(&self, l: &Lookup) -> String {
        paths::person(office(l, self.0).id, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        // As the view names them (`PersonView::name`, `office_name`).
        let o = office(l, self.0).id;
        format!(
            "{}（{}）",
            mask_ids(self.2.name.get_ref()),
            l.office_name(o)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, office(l, self.0).id)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::person::build(l, office(l, self.0), self.1, self.2)
    }
}

/// A usage log (附件一): fingerprinted by its inputs, a county having a million rows of them.
pub struct Log<'a>(&'a str, Month);

impl Kind for Log<'_> {
    const TEMPLATE: &'static str = "log.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    const BY_INPUTS: bool = true;
    type View = views::forms::LogView;

    fn path(&self, _: &Lookup) -> String {
        paths::log(self.0, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 應用移民資訊資料日誌表",
            l.office_name(self.0),
            roc::roc_month(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).logs[&self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).logs[&self.1];
        views::forms::log(l, self.0, self.1, f)
    }
    fn inputs(&self, l: &Lookup, inputs: &mut Inputs) {
        let f = &office_records(l, self.0).logs[&self.1];
        views::forms::log_inputs(l, self.0, self.1, f, inputs);
    }
}

/// A monthly audit (附件二).
pub struct MonthlyAudit<'a>(&'a str, Month);

impl Kind for MonthlyAudit<'_> {
    const TEMPLATE: &'static str = "monthly_audit.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::MonthlyAuditView;

    fn path(&self, _: &Lookup) -> String {
        paths::monthly_audit(self.0, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 應用移民資訊內部稽核紀錄表",
            l.office_name(self.0),
            roc::roc_month(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).monthly_audits[&self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).monthly_audits[&self.1];
        views::forms::monthly_audit(l, self.0, self.1, f)
    }
}

/// An unscheduled internal audit.
pub struct InternalAudit<'a>(&'a str, NaiveDate);

impl Kind for InternalAudit<'_> {
    const TEMPLATE: &'static str = "internal_audit.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::InternalAuditView;

    fn path(&self, _: &Lookup) -> String {
        paths::internal_audit(self.0, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 不定期內部稽核",
            l.office_name(self.0),
            roc::roc_date(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).internal_audits[&self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).internal_audits[&self.1];
        views::forms::internal_audit(l, self.0, f)
    }
}

/// A half-year's permission review.
pub struct Review<'a>(&'a str, HalfYear);

impl Kind for Review<'_> {
    const TEMPLATE: &'static str = "permission_review.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::ReviewView;

    fn path(&self, _: &Lookup) -> String {
        paths::permission_review(self.0, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 使用者權限清查",
            l.office_name(self.0),
            roc::roc_half(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).permission_reviews[&self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).permission_reviews[&self.1];
        views::forms::permission_review(l, self.0, self.1, f)
    }
}

/// An inspection (附表三).
pub struct Inspection<'a>(&'a str, NaiveDate);

impl Kind for Inspection<'_> {
    const TEMPLATE: &'static str = "inspection.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::InspectionView;

    fn path(&self, _: &Lookup) -> String {
        paths::inspection(self.0, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 督考稽核（附表三）",
            l.office_name(self.0),
            roc::roc_date(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).inspections[&self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).inspections[&self.1];
        views::forms::inspection(l, self.0, f)
    }
}

/// A handover list, by its date and the person leaving.
pub struct Handover<'a>(&'a str, &'a (NaiveDate, String));

impl Kind for Handover<'_> {
    const TEMPLATE: &'static str = "handover.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::HandoverView;

    fn path(&self, _: &Lookup) -> String {
        paths::handover(self.0, self.1 .0, &self.1 .1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 列冊移交",
            l.office_name(self.0),
            roc::roc_date(self.1 .0)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).handovers[self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).handovers[self.1];
        views::forms::handover(l, self.0, f)
    }
}

/// An incident, by its date and slug (not a paper form).
pub struct Incident<'a>(&'a str, &'a (NaiveDate, String));

impl Kind for Incident<'_> {
    const TEMPLATE: &'static str = "incident.html";
    const SECTION: &'static str = "offices";
    type View = views::forms::IncidentView;

    fn path(&self, _: &Lookup) -> String {
        paths::incident(self.0, self.1 .0, &self.1 .1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {} 違規事件處理",
            l.office_name(self.0),
            roc::roc_date(self.1 .0)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, self.0)
    }
    fn record(&self, l: &Lookup) -> Option<FileId> {
        Some(office_records(l, self.0).incidents[self.1].file)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        let f = &office_records(l, self.0).incidents[self.1];
        views::forms::incident(l, self.0, f)
    }
}

pub struct Rules;

impl Kind for Rules {
    const TEMPLATE: &'static str = "rules.html";
    const SECTION: &'static str = "rules";
    type View = views::catalogue::RulesView;

    fn path(&self, _: &Lookup) -> String {
        paths::RULES.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "檢查規則".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::catalogue::rules(l)
    }
}

/// One rule of the catalogue.
pub struct RulePage(&'static Rule);

impl Kind for RulePage {
    const TEMPLATE: &'static str = "rule.html";
    const SECTION: &'static str = "rules";
    type View = views::catalogue::RuleView;

    fn path(&self, _: &Lookup) -> String {
        paths::rule(self.0.id)
    }
    fn title(&self, _: &Lookup) -> String {
        format!("{}：{}", self.0.id, self.0.summary)
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        vec![
            crumb("總覽", paths::DASHBOARD),
            crumb("檢查規則", paths::RULES),
        ]
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::catalogue::rule(l, self.0)
    }
}

pub struct Regulation;

impl Kind for Regulation {
    const TEMPLATE: &'static str = "regulation.html";
    const SECTION: &'static str = "regulation";
    type View = views::catalogue::RegulationView;

    fn path(&self, _: &Lookup) -> String {
        paths::REGULATION.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "彰化縣各戶政事務所應用移民資訊作業系統管理要點".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, root: &str) -> Self::View {
        views::catalogue::regulation(l, root)
    }
}

pub struct Coverage;

impl Kind for Coverage {
    const TEMPLATE: &'static str = "coverage.html";
    const SECTION: &'static str = "coverage";
    type View = views::catalogue::CoverageView;

    fn path(&self, _: &Lookup) -> String {
        paths::COVERAGE.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "條文檢查涵蓋情形".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::catalogue::coverage(l)
    }
}

pub struct Deadlines;

impl Kind for Deadlines {
    const TEMPLATE: &'static str = "deadlines.html";
    const SECTION: &'static str = "deadlines";
    type View = views::catalogue::DeadlinesView;

    fn path(&self, _: &Lookup) -> String {
        paths::DEADLINES.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "期限：已逾期與即將到期".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::catalogue::deadlines_page(l)
    }
}

pub struct Findings;

impl Kind for Findings {
    const TEMPLATE: &'static str = "findings.html";
    const SECTION: &'static str = "findings";
    type View = views::findings::FindingsPage;

    fn path(&self, _: &Lookup) -> String {
        paths::FINDINGS_HTML.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "全縣檢查發現".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::findings::build(l)
    }
}

/// A blank paper form of an office (`views::forms::BLANK_KINDS`).
pub struct Blank(usize, &'static str);

impl Kind for Blank {
    const TEMPLATE: &'static str = "blank.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::forms::BlankView;

    fn path(&self, l: &Lookup) -> String {
        paths::blank(office(l, self.0).id, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        let o = office(l, self.0).id;
        // The form's name is the view's; a blank form's view is a few empty rows, so it is
        // simply made twice rather than the name kept in two places.
        let form = views::forms::blank(l, o, self.1).title;
        format!("{} 空白{}", l.office_name(o), form)
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, office(l, self.0).id)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::forms::blank(l, office(l, self.0).id, self.1)
    }
}

/// An office's records of one year as one printable binder.
pub struct Binder(usize, i32);

impl Kind for Binder {
    const TEMPLATE: &'static str = "binder.html";
    const SECTION: &'static str = "offices";
    const FORM: bool = true;
    type View = views::binder::BinderView;

    fn path(&self, l: &Lookup) -> String {
        paths::binder(office(l, self.0).id, self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!(
            "{} {}年 紀錄彙編",
            l.office_name(office(l, self.0).id),
            roc::roc_year(self.1)
        )
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        office_crumbs(l, office(l, self.0).id)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::binder::build(l, office(l, self.0), self.1)
    }
}

/// A record file's text, with its findings in place.
pub struct Source(FileId);

impl Kind for Source {
    const TEMPLATE: &'static str = "source.html";
    const SECTION: &'static str = "offices";
    type View = views::source::SourceView;

    fn path(&self, l: &Lookup) -> String {
        paths::source(l.source_rel(self.0).unwrap_or_default())
    }
    fn title(&self, l: &Lookup) -> String {
        format!("原始紀錄 {}", l.eval.sources().get(self.0).name)
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        let rel = l.source_rel(self.0).unwrap_or_default();
        let office = rel
            .strip_prefix("offices/")
            .and_then(|r| r.split('/').next());
        match office.filter(|o| l.has_office(o)) {
            Some(o) => office_crumbs(l, o),
            None => top_crumbs(),
        }
    }
    fn record(&self, _: &Lookup) -> Option<FileId> {
        Some(self.0)
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::source::build(l, self.0)
    }
}

pub struct HistoryIndex;

impl Kind for HistoryIndex {
    const TEMPLATE: &'static str = "history_index.html";
    const SECTION: &'static str = "history";
    type View = views::history::HistoryIndexView;

    fn path(&self, _: &Lookup) -> String {
        paths::HISTORY.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "變更軌跡".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::history::index(l)
    }
}

/// One record's change trail, by its path relative to the records folder.
pub struct History<'a>(&'a crate::history::History, String);

impl Kind for History<'_> {
    const TEMPLATE: &'static str = "history.html";
    const SECTION: &'static str = "history";
    type View = views::history::RecordHistoryView;

    fn path(&self, _: &Lookup) -> String {
        paths::history(&self.1)
    }
    fn title(&self, l: &Lookup) -> String {
        format!("{} 變更軌跡", views::history::record_label(l, &self.1))
    }
    fn crumbs(&self, l: &Lookup) -> Vec<Crumb> {
        let mut crumbs = vec![
            crumb("總覽", paths::DASHBOARD),
            crumb("變更軌跡", paths::HISTORY),
        ];
        if let Some(o) = views::history::record_office(&self.1).filter(|o| l.has_office(o)) {
            crumbs.insert(1, crumb(l.office_name(&o), paths::office(&o)));
        }
        crumbs
    }
    fn view(&self, l: &Lookup, _: &str) -> Self::View {
        views::history::record(l, self.0, &self.1)
    }
}

pub struct GuideIndex;

impl Kind for GuideIndex {
    const TEMPLATE: &'static str = "guide_index.html";
    const SECTION: &'static str = "guide";
    type View = views::guide::GuideIndexView;

    fn path(&self, _: &Lookup) -> String {
        paths::GUIDE.to_string()
    }
    fn title(&self, _: &Lookup) -> String {
        "使用說明".into()
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        top_crumbs()
    }
    fn view(&self, _: &Lookup, _: &str) -> Self::View {
        views::guide::index()
    }
}

/// A page of the user guide: its name and Markdown.
pub struct Guide(&'static str, &'static str);

impl Kind for Guide {
    const TEMPLATE: &'static str = "guide.html";
    const SECTION: &'static str = "guide";
    type View = views::guide::GuidePageView;

    fn path(&self, _: &Lookup) -> String {
        paths::guide(self.0)
    }
    fn title(&self, _: &Lookup) -> String {
        // As the view titles it (`GuidePageView::title`).
        views::guide::title(self.0, self.1)
    }
    fn crumbs(&self, _: &Lookup) -> Vec<Crumb> {
        vec![
            crumb("總覽", paths::DASHBOARD),
            crumb("使用說明", paths::GUIDE),
        ]
    }
    fn view(&self, _: &Lookup, _: &str) -> Self::View {
        views::guide::page(self.0, self.1)
    }
}

impl<'a> Page<'a> {
    /// The usage log page of an office-month (`render::OnePage`).
    pub fn log(office: &'a str, month: Month) -> Page<'a> {
        Page::Log(Log(office, month))
    }

    /// The office the page is one of: its own pages, its records' and people's, and the source
    /// and trail pages of its files. `None` for the county's. Such a page reads nothing of
    /// other offices: `site::Reuse` keeps an unchanged office's pages, and a build made office
    /// by office renders them with that office's records alone (`site::by_office`).
    pub fn office<'l>(&self, l: &'l Lookup<'a>) -> Option<&'l str>
    where
        'a: 'l,
    {
        match self {
            Page::Office(Office(i))
            | Page::Person(Person(i, ..))
            | Page::Blank(Blank(i, _))
            | Page::Binder(Binder(i, _)) => Some(l.facts.offices[*i].id),
            Page::Log(Log(o, _))
            | Page::MonthlyAudit(MonthlyAudit(o, _))
            | Page::InternalAudit(InternalAudit(o, _))
            | Page::Review(Review(o, _))
            | Page::Inspection(Inspection(o, _))
            | Page::Handover(Handover(o, _))
            | Page::Incident(Incident(o, _)) => Some(o),
            Page::Source(Source(file)) => l
                .source_rel(*file)
                .and_then(|rel| rel.strip_prefix("offices/"))
                .and_then(|r| r.split_once('/'))
                .and_then(|(o, _)| l.office_id(o)),
            // A record's trail names its office's people, and lists the findings of its file
            // or, once it is deleted, its office's.
            Page::History(History(_, rel)) => {
                views::history::record_office(rel).and_then(|o| l.office_id(&o))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::render::{LAYOUTS, TEMPLATES};
    use super::kinds_templates;

    /// The one registry (render.rs `TEMPLATES`) holds every file of templates/ (a template
    /// not registered is never embedded), every registered template is a page kind's or a
    /// layout every page uses, and no kind names a template that is not registered.
    #[test]
    fn every_template_is_registered_and_used() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let files: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let registered: BTreeSet<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            registered.len(),
            TEMPLATES.len(),
            "a template registered twice"
        );
        assert_eq!(files, registered, "templates/ and the registry differ");
        for (name, text) in TEMPLATES {
            let on_disk = std::fs::read_to_string(dir.join(name)).unwrap();
            assert_eq!(
                *text, on_disk,
                "{name} is registered with another file's text"
            );
        }
        let kinds: BTreeSet<String> = kinds_templates().iter().map(|t| t.to_string()).collect();
        let layouts: BTreeSet<String> = LAYOUTS.iter().map(|t| t.to_string()).collect();
        assert!(kinds.is_disjoint(&layouts));
        let used: BTreeSet<String> = kinds.union(&layouts).cloned().collect();
        assert_eq!(
            registered, used,
            "registered templates no page kind uses, or kinds naming unregistered ones"
        );
        // Each layout is used by another template: extended by name, or one of the components
        // it defines called (`<name …>`; tera's components are global, not imported).
        for (layout, text) in TEMPLATES.iter().filter(|(n, _)| LAYOUTS.contains(n)) {
            let components: Vec<&str> = text
                .split("{% endcomponent ")
                .skip(1)
                .filter_map(|rest| rest.split_whitespace().next())
                .collect();
            let used = TEMPLATES.iter().filter(|(n, _)| n != layout).any(|(_, t)| {
                t.contains(&format!("\"{layout}\""))
                    || components.iter().any(|c| t.contains(&format!("<{c}")))
            });
            assert!(used, "{layout} is used by no other template");
        }
    }
}
