//! The tera templates, embedded in the binary (include_str!), so `imaudit build` needs no
//! files beside it. Templates ending in `.html` are autoescaped: record text always goes
//! through the escaper, and the only `| safe` values are HTML the program built itself
//! (rendered Markdown, sanitised by markdown.rs).

use serde::Serialize;
use tera::{Context, Tera};

use super::views::Meta;

/// Every template, by name. A template missing here fails the build at start-up, not halfway.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    ("office.html", include_str!("../../templates/office.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("log.html", include_str!("../../templates/log.html")),
    (
        "monthly_audit.html",
        include_str!("../../templates/monthly_audit.html"),
    ),
    (
        "internal_audit.html",
        include_str!("../../templates/internal_audit.html"),
    ),
    (
        "permission_review.html",
        include_str!("../../templates/permission_review.html"),
    ),
    (
        "inspection.html",
        include_str!("../../templates/inspection.html"),
    ),
    (
        "handover.html",
        include_str!("../../templates/handover.html"),
    ),
    (
        "incident.html",
        include_str!("../../templates/incident.html"),
    ),
    ("rules.html", include_str!("../../templates/rules.html")),
    ("rule.html", include_str!("../../templates/rule.html")),
    (
        "regulation.html",
        include_str!("../../templates/regulation.html"),
    ),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    (
        "deadlines.html",
        include_str!("../../templates/deadlines.html"),
    ),
    ("source.html", include_str!("../../templates/source.html")),
];

/// The stylesheet, one hand-written file for screen and print.
pub const STYLESHEET: &str = include_str!("../../templates/static/style.css");

pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The embedded templates, with `overrides` (name, text) replacing or adding some: the
    /// tests use this to make a build fail halfway and check the old site survives.
    pub fn new(overrides: &[(String, String)]) -> Result<Templates, tera::Error> {
        let mut tera = Tera::default();
        let mut all: Vec<(&str, &str)> = TEMPLATES.to_vec();
        for (name, text) in overrides {
            match all.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => all.push((name, text)),
            }
        }
        tera.add_raw_templates(all)?;
        Ok(Templates { tera })
    }

    pub fn render<V: Serialize>(
        &self,
        template: &str,
        meta: &Meta,
        view: &V,
    ) -> Result<String, tera::Error> {
        let mut ctx = Context::new();
        ctx.insert("page", meta);
        ctx.insert("v", view);
        self.tera.render(template, &ctx)
    }
}
