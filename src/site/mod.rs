//! The static compliance site (cli.md, "The site"): one evaluation rendered into pages with
//! tera templates, in parallel, into a temporary folder that replaces `--out` only when every
//! page is written. Dependencies flow one way: the views read the evaluation, the templates
//! read the views.
//!
//! - `lookup`: names, which page shows which file, findings by office, file and rule;
//! - `views`: structs made for the templates only;
//! - `render`: the embedded templates; `markdown`: the 要點 and rule explanations;
//! - `chart`: the SVG bar chart's geometry; `paths`: where pages go; `output`: atomic writing.

pub mod chart;
pub mod guard;
pub mod lookup;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod render;
pub mod views;

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::catalogue::Rule;
use crate::evaluate::Evaluation;
use crate::source::FileId;
use crate::time::{roc, HalfYear, Month};
use chrono::NaiveDate;
use lookup::Lookup;
use output::{OutputError, Staging};
use render::Templates;
use views::{date, Crumb, Meta};

/// How to build.
#[derive(Default)]
pub struct BuildOptions {
    /// Show progress on stderr (the command sets it when stderr is a terminal); shown only
    /// for large record sets, where a build takes long enough to wonder.
    pub progress: bool,
    /// Templates (name, text) replacing the embedded ones: a test hook to make a build fail.
    pub template_overrides: Vec<(String, String)>,
}

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    /// HTML pages.
    pub pages: usize,
    /// Every file, pages included.
    pub files: usize,
}

#[derive(Debug)]
pub enum BuildError {
    Template { page: String, source: tera::Error },
    Output(OutputError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Template { page, source } => write!(f, "無法產生 {page}：{source}"),
            BuildError::Output(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Template { source, .. } => Some(source),
            BuildError::Output(e) => Some(e),
        }
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> BuildError {
        BuildError::Output(e)
    }
}

/// One page to render.
enum Page<'a> {
    Dashboard,
    Office(usize),
    Person(usize, &'a str, &'a crate::model::Person),
    Log(&'a str, Month),
    MonthlyAudit(&'a str, Month),
    InternalAudit(&'a str, NaiveDate),
    Review(&'a str, HalfYear),
    Inspection(&'a str, NaiveDate),
    Handover(&'a str, &'a (NaiveDate, String)),
    Incident(&'a str, &'a (NaiveDate, String)),
    Rules,
    Rule(&'static Rule),
    Regulation,
    Coverage,
    Deadlines,
    Findings,
    Blank(usize, &'static str),
    Binder(usize, i32),
    Source(FileId),
    /// The change trails' overview, or why there are none.
    HistoryIndex,
    /// One record's change trail, by its path relative to the records folder.
    History(&'a crate::history::History, String),
    GuideIndex,
    Guide(&'static str, &'static str),
}

/// Renders the site of `eval` into `out`, replacing what was there only once every page is
/// written.
pub fn build(eval: &Evaluation, out: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    build_from(Lookup::new(eval), out, options)
}

/// [`build`] with the facts the evaluation's rules read (`evaluate::evaluate_loaded_then`), rather
/// than computing them again.
pub fn build_with_facts(
    eval: &Evaluation,
    facts: &crate::facts::Facts<'_>,
    out: &Path,
    options: &BuildOptions,
) -> Result<Built, BuildError> {
    build_from(Lookup::with_facts(eval, facts), out, options)
}

fn build_from(l: Lookup<'_>, out: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let eval = l.eval;
    // The history and guide templates are added here beside render.rs's list; overrides
    // still win.
    let mut templates: Vec<(String, String)> = views::history::TEMPLATES
        .iter()
        .chain(views::guide::TEMPLATES)
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    templates.extend(options.template_overrides.iter().cloned());
    let templates = Templates::new(&templates).map_err(|source| BuildError::Template {
        page: "templates".into(),
        source,
    })?;
    let pages = pages(&l);
    let staging = Staging::begin(out)?;
    let templates = templates.reusing(staging.previous());
    let done = AtomicUsize::new(0);
    let show_progress = options.progress && pages.len() >= 500;
    pages
        .par_iter()
        .try_for_each(|page| -> Result<(), BuildError> {
            let (path, html) = render_page(&templates, &l, page)?;
            staging.write_page(&path, html)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if show_progress && (n % 100 == 0 || n == pages.len()) {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r產生網頁 {n}/{}", pages.len());
                if n == pages.len() {
                    let _ = writeln!(err);
                }
            }
            Ok(())
        })?;
    staging.write(paths::STYLESHEET, render::STYLESHEET.as_bytes())?;
    let json = crate::diag::json::render(
        &eval.findings,
        &eval.sources,
        eval.as_of,
        eval.sources.len(),
    );
    staging.write(paths::FINDINGS_JSON, json.as_bytes())?;
    staging.write(paths::OFFICES_CSV, views::compare::csv(&l).as_bytes())?;
    // Re-reading every record for its content hash was a third of a county's "nothing
    // changed" rebuild: an unchanged manifest is kept like an unchanged page.
    let mut inputs = templates.file_inputs(manifest::MANIFEST_JSON);
    manifest::inputs(&l, &mut inputs);
    let made = templates
        .make_inputs(inputs, || manifest::render(eval))
        .map_err(|source| BuildError::Template {
            page: manifest::MANIFEST_JSON.into(),
            source,
        })?;
    staging.write_page(manifest::MANIFEST_JSON, made)?;
    let items = crate::deadlines::items(&eval.findings);
    staging.write(
        paths::DEADLINES_ICS,
        crate::deadlines::ics(&items, &eval.sources, eval.as_of).as_bytes(),
    )?;
    staging.commit()?;
    Ok(Built {
        pages: pages.len(),
        files: pages.len() + 6,
    })
}

fn pages<'a>(l: &'a Lookup) -> Vec<Page<'a>> {
    let mut out = vec![
        Page::Dashboard,
        Page::Rules,
        Page::Regulation,
        Page::Coverage,
        Page::Deadlines,
        Page::Findings,
    ];
    out.extend(l.eval.catalogue.iter().copied().map(Page::Rule));
    for (i, o) in l.facts.offices.iter().enumerate() {
        out.push(Page::Office(i));
        out.extend(views::forms::BLANK_KINDS.iter().map(|k| Page::Blank(i, k)));
        out.extend(
            views::binder::years(o)
                .into_iter()
                .map(|y| Page::Binder(i, y)),
        );
        out.extend(
            o.people
                .iter()
                .map(|(id, p)| Page::Person(i, id, p.get_ref())),
        );
        let r = o.records;
        let id = o.id;
        out.extend(r.logs.keys().map(|m| Page::Log(id, *m)));
        out.extend(r.monthly_audits.keys().map(|m| Page::MonthlyAudit(id, *m)));
        out.extend(
            r.internal_audits
                .keys()
                .map(|d| Page::InternalAudit(id, *d)),
        );
        out.extend(r.permission_reviews.keys().map(|h| Page::Review(id, *h)));
        out.extend(r.inspections.keys().map(|d| Page::Inspection(id, *d)));
        out.extend(r.handovers.keys().map(|k| Page::Handover(id, k)));
        out.extend(r.incidents.keys().map(|k| Page::Incident(id, k)));
    }
    out.extend(l.source_page_files().map(Page::Source));
    out.push(Page::HistoryIndex);
    if let views::history::State::Read(h) = views::history::state(l) {
        out.extend(
            views::history::record_paths(l)
                .into_iter()
                .map(|rel| Page::History(h, rel)),
        );
    }
    if views::guide::exists() {
        out.push(Page::GuideIndex);
        out.extend(views::guide::pages().map(|(n, t)| Page::Guide(n, t)));
    }
    out
}

fn meta(
    l: &Lookup,
    path: &str,
    title: String,
    section: &'static str,
    crumbs: Vec<Crumb>,
    form: bool,
) -> Meta {
    Meta {
        title,
        root: paths::root_of(path),
        section,
        crumbs,
        county: l.county.clone(),
        authority: l.authority.clone(),
        as_of: date(l.as_of()),
        history_href: None,
        guide: views::guide::exists(),
        form,
        version: l.version.clone(),
    }
}

/// The meta of a record file's page: it links to the record's change trail.
fn record_meta(l: &Lookup, file: FileId, meta: Meta) -> Meta {
    Meta {
        history_href: views::history::href(l, file),
        ..meta
    }
}

fn crumb(label: impl Into<String>, href: impl Into<String>) -> Crumb {
    Crumb {
        label: label.into(),
        href: href.into(),
    }
}

/// Crumbs down to an office.
fn office_crumbs(l: &Lookup, office: &str) -> Vec<Crumb> {
    vec![
        crumb("總覽", paths::DASHBOARD),
        crumb(l.office_name(office), paths::office(office)),
    ]
}

fn render_page(
    t: &Templates,
    l: &Lookup,
    page: &Page,
) -> Result<(String, render::Rendered), BuildError> {
    let office_records = |o: &str| &l.eval.records.offices[o];
    let (path, template, result) = match page {
        Page::Dashboard => {
            let path = paths::DASHBOARD.to_string();
            let m = meta(
                l,
                &path,
                format!("{}應用移民資訊作業稽核總覽", l.county),
                "dashboard",
                vec![],
                false,
            );
            let r = t.render("dashboard.html", &m, &views::dashboard::build(l));
            (path, "dashboard.html", r)
        }
        Page::Office(i) => {
            let o = &l.facts.offices[*i];
            let path = paths::office(o.id);
            let m = meta(
                l,
                &path,
                l.office_name(o.id),
                "offices",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "office.html",
                t.render("office.html", &m, &views::office::build(l, o)),
            )
        }
        Page::Person(i, id, p) => {
            let o = &l.facts.offices[*i];
            let path = paths::person(o.id, id);
            let view = views::person::build(l, o, id, p);
            let title = format!("{}（{}）", view.name, view.office_name);
            let m = meta(l, &path, title, "offices", office_crumbs(l, o.id), false);
            (path, "person.html", t.render("person.html", &m, &view))
        }
        Page::Log(o, month) => {
            let f = &office_records(o).logs[month];
            let path = paths::log(o, *month);
            let title = format!(
                "{} {} 應用移民資訊資料日誌表",
                l.office_name(o),
                roc::roc_month(*month)
            );
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            let mut inputs = t.inputs("log.html", &path, &m);
            views::forms::log_inputs(l, o, *month, f, &mut inputs);
            let r = t.render_inputs("log.html", &m, inputs, || {
                views::forms::log(l, o, *month, f)
            });
            (path, "log.html", r)
        }
        Page::MonthlyAudit(o, month) => {
            let f = &office_records(o).monthly_audits[month];
            let path = paths::monthly_audit(o, *month);
            let title = format!(
                "{} {} 應用移民資訊內部稽核紀錄表",
                l.office_name(o),
                roc::roc_month(*month)
            );
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            let view = views::forms::monthly_audit(l, o, *month, f);
            (
                path,
                "monthly_audit.html",
                t.render("monthly_audit.html", &m, &view),
            )
        }
        Page::InternalAudit(o, d) => {
            let f = &office_records(o).internal_audits[d];
            let path = paths::internal_audit(o, *d);
            let title = format!("{} {} 不定期內部稽核", l.office_name(o), roc::roc_date(*d));
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            let view = views::forms::internal_audit(l, o, f);
            (
                path,
                "internal_audit.html",
                t.render("internal_audit.html", &m, &view),
            )
        }
        Page::Review(o, h) => {
            let f = &office_records(o).permission_reviews[h];
            let path = paths::permission_review(o, *h);
            let title = format!("{} {} 使用者權限清查", l.office_name(o), roc::roc_half(*h));
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            let view = views::forms::permission_review(l, o, *h, f);
            (
                path,
                "permission_review.html",
                t.render("permission_review.html", &m, &view),
            )
        }
        Page::Inspection(o, d) => {
            let f = &office_records(o).inspections[d];
            let path = paths::inspection(o, *d);
            let title = format!(
                "{} {} 督考稽核（附表三）",
                l.office_name(o),
                roc::roc_date(*d)
            );
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            let view = views::forms::inspection(l, o, f);
            (
                path,
                "inspection.html",
                t.render("inspection.html", &m, &view),
            )
        }
        Page::Handover(o, key) => {
            let f = &office_records(o).handovers[*key];
            let path = paths::handover(o, key.0, &key.1);
            let title = format!("{} {} 列冊移交", l.office_name(o), roc::roc_date(key.0));
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), true),
            );
            (
                path,
                "handover.html",
                t.render("handover.html", &m, &views::forms::handover(l, o, f)),
            )
        }
        Page::Incident(o, key) => {
            let f = &office_records(o).incidents[*key];
            let path = paths::incident(o, key.0, &key.1);
            let title = format!("{} {} 違規事件處理", l.office_name(o), roc::roc_date(key.0));
            let m = record_meta(
                l,
                f.file,
                meta(l, &path, title, "offices", office_crumbs(l, o), false),
            );
            (
                path,
                "incident.html",
                t.render("incident.html", &m, &views::forms::incident(l, o, f)),
            )
        }
        Page::Rules => {
            let path = paths::RULES.to_string();
            let m = meta(
                l,
                &path,
                "檢查規則".into(),
                "rules",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "rules.html",
                t.render("rules.html", &m, &views::catalogue::rules(l)),
            )
        }
        Page::Rule(r) => {
            let path = paths::rule(r.id);
            let crumbs = vec![
                crumb("總覽", paths::DASHBOARD),
                crumb("檢查規則", paths::RULES),
            ];
            let m = meta(
                l,
                &path,
                format!("{}：{}", r.id, r.summary),
                "rules",
                crumbs,
                false,
            );
            (
                path,
                "rule.html",
                t.render("rule.html", &m, &views::catalogue::rule(l, r)),
            )
        }
        Page::Regulation => {
            let path = paths::REGULATION.to_string();
            let title = "彰化縣各戶政事務所應用移民資訊作業系統管理要點".to_string();
            let m = meta(
                l,
                &path,
                title,
                "regulation",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            let view = views::catalogue::regulation(l, &m.root);
            (
                path,
                "regulation.html",
                t.render("regulation.html", &m, &view),
            )
        }
        Page::Coverage => {
            let path = paths::COVERAGE.to_string();
            let m = meta(
                l,
                &path,
                "條文檢查涵蓋情形".into(),
                "coverage",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "coverage.html",
                t.render("coverage.html", &m, &views::catalogue::coverage(l)),
            )
        }
        Page::Deadlines => {
            let path = paths::DEADLINES.to_string();
            let m = meta(
                l,
                &path,
                "期限：已逾期與即將到期".into(),
                "deadlines",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "deadlines.html",
                t.render("deadlines.html", &m, &views::catalogue::deadlines_page(l)),
            )
        }
        Page::Blank(i, kind) => {
            let o = &l.facts.offices[*i];
            let path = paths::blank(o.id, kind);
            let view = views::forms::blank(l, o.id, kind);
            let title = format!("{} 空白{}", l.office_name(o.id), view.title);
            let m = meta(l, &path, title, "offices", office_crumbs(l, o.id), true);
            (path, "blank.html", t.render("blank.html", &m, &view))
        }
        Page::Binder(i, year) => {
            let o = &l.facts.offices[*i];
            let path = paths::binder(o.id, *year);
            let view = views::binder::build(l, o, *year);
            let title = format!(
                "{} {}年 紀錄彙編",
                l.office_name(o.id),
                roc::roc_year(*year)
            );
            let m = meta(l, &path, title, "offices", office_crumbs(l, o.id), true);
            (path, "binder.html", t.render("binder.html", &m, &view))
        }
        Page::Findings => {
            let path = paths::FINDINGS_HTML.to_string();
            let m = meta(
                l,
                &path,
                "全縣檢查發現".into(),
                "findings",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "findings.html",
                t.render("findings.html", &m, &views::findings::build(l)),
            )
        }
        Page::Source(file) => {
            let rel = l.source_rel(*file).unwrap_or_default();
            let path = paths::source(rel);
            let office = rel
                .strip_prefix("offices/")
                .and_then(|r| r.split('/').next());
            let crumbs = match office.filter(|o| l.eval.records.offices.contains_key(*o)) {
                Some(o) => office_crumbs(l, o),
                None => vec![crumb("總覽", paths::DASHBOARD)],
            };
            let m = meta(
                l,
                &path,
                format!("原始紀錄 {}", l.eval.sources.get(*file).name),
                "offices",
                crumbs,
                false,
            );
            let m = record_meta(l, *file, m);
            (
                path,
                "source.html",
                t.render("source.html", &m, &views::source::build(l, *file)),
            )
        }
        Page::HistoryIndex => {
            let path = paths::HISTORY.to_string();
            let m = meta(
                l,
                &path,
                "變更軌跡".into(),
                "history",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            let view = views::history::index(l);
            (
                path,
                "history_index.html",
                t.render("history_index.html", &m, &view),
            )
        }
        Page::History(h, rel) => {
            let path = paths::history(rel);
            let mut crumbs = vec![
                crumb("總覽", paths::DASHBOARD),
                crumb("變更軌跡", paths::HISTORY),
            ];
            if let Some(o) = views::history::record_office(rel)
                .filter(|o| l.eval.records.offices.contains_key(o))
            {
                crumbs.insert(1, crumb(l.office_name(&o), paths::office(&o)));
            }
            let title = format!("{} 變更軌跡", views::history::record_label(l, rel));
            let m = meta(l, &path, title, "history", crumbs, false);
            let view = views::history::record(l, h, rel);
            (path, "history.html", t.render("history.html", &m, &view))
        }
        Page::GuideIndex => {
            let path = paths::GUIDE.to_string();
            let m = meta(
                l,
                &path,
                "使用說明".into(),
                "guide",
                vec![crumb("總覽", paths::DASHBOARD)],
                false,
            );
            (
                path,
                "guide_index.html",
                t.render("guide_index.html", &m, &views::guide::index()),
            )
        }
        Page::Guide(name, text) => {
            let path = paths::guide(name);
            let view = views::guide::page(name, text);
            let m = meta(
                l,
                &path,
                view.title.clone(),
                "guide",
                vec![
                    crumb("總覽", paths::DASHBOARD),
                    crumb("使用說明", paths::GUIDE),
                ],
                false,
            );
            (path, "guide.html", t.render("guide.html", &m, &view))
        }
    };
    let html = result.map_err(|source| BuildError::Template {
        page: format!("{path}（{template}）"),
        source,
    })?;
    Ok((path, html))
}
