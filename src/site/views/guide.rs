//! `guide/…`: the user guide (`docs/guide/*.md`, embedded by build.rs) as pages of the site,
//! so the people who keep the records read how to use imaudit where they read its results.
//! The guide belongs to imaudit, not to a county's records: it is the same in every site.
//!
//! A file named `README.md` or `index.md` becomes the contents page's text; every other file
//! is a page of its own, listed on the contents page in file-name order. Links between guide
//! files (`other.md#part`) become links between the pages; links anywhere else become plain
//! text and images their alt text (the site makes no request to anywhere, cli.md). Raw HTML is
//! shown as text. Headings get ids (GitHub's way of making them) so `#part` links work.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::site::markdown::escape;
use crate::site::paths;
use crate::text::pii::mask_ids;

include!(concat!(env!("OUT_DIR"), "/guide.rs"));

/// Whether the guide has anything to show (the navigation links to it only then).
pub fn exists() -> bool {
    !GUIDE.is_empty()
}

/// The file that is the contents page's own text, if any.
fn is_contents(name: &str) -> bool {
    name.eq_ignore_ascii_case("readme") || name.eq_ignore_ascii_case("index")
}

/// The guide's pages (every file but the contents page's text), in file-name order.
pub fn pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    GUIDE.iter().copied().filter(|(name, _)| !is_contents(name))
}

/// The page of a guide file, relative to the site root.
fn page_of(name: &str) -> String {
    if is_contents(name) {
        paths::GUIDE.to_string()
    } else {
        paths::guide(name)
    }
}

/// A page's title: its first heading, else its file name.
pub fn title(name: &str, text: &str) -> String {
    let mut in_heading = false;
    let mut title = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => break,
            Event::Text(t) | Event::Code(t) if in_heading => title.push_str(&t),
            _ => {}
        }
    }
    let title = title.trim();
    if title.is_empty() {
        name.to_string()
    } else {
        mask_ids(title)
    }
}

#[derive(Debug, Serialize)]
pub struct GuideIndexView {
    /// The README's text, rendered.
    pub intro: Option<String>,
    pub pages: Vec<GuideLink>,
}

#[derive(Debug, Serialize)]
pub struct GuideLink {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct GuidePageView {
    pub title: String,
    pub html: String,
    pub prev: Option<GuideLink>,
    pub next: Option<GuideLink>,
}

pub fn index() -> GuideIndexView {
    GuideIndexView {
        intro: GUIDE
            .iter()
            .find(|(name, _)| is_contents(name))
            .map(|(_, text)| render(text)),
        pages: pages()
            .map(|(name, text)| GuideLink {
                title: title(name, text),
                href: paths::guide(name),
            })
            .collect(),
    }
}

pub fn page(name: &str, text: &str) -> GuidePageView {
    let all: Vec<(&str, &str)> = pages().collect();
    let at = all.iter().position(|(n, _)| *n == name);
    let link = |i: usize| {
        all.get(i).map(|(n, t)| GuideLink {
            title: title(n, t),
            href: paths::guide(n),
        })
    };
    GuidePageView {
        title: title(name, text),
        html: render(text),
        prev: at.and_then(|i| i.checked_sub(1)).and_then(link),
        next: at.and_then(|i| link(i + 1)),
    }
}

/// Where a link of a guide page goes, relative to the page (all guide pages share a folder):
/// `#part` stays, `other.md#part` becomes the other page; anything else is no link.
fn local_target(dest: &str) -> Option<String> {
    if dest.starts_with('#') {
        return Some(dest.to_string());
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (dest, None),
    };
    let name = file
        .strip_prefix("./")
        .unwrap_or(file)
        .strip_suffix(".md")?;
    if name.contains(['/', '\\', ':']) {
        return None;
    }
    let (_, _) = GUIDE.iter().find(|(n, _)| *n == name)?;
    let page = page_of(name);
    let file = page.strip_prefix("guide/").unwrap_or(&page).to_string();
    Some(match fragment {
        Some(f) => format!("{file}#{f}"),
        None => file,
    })
}

/// A heading's id as GitHub makes it: lower case, letters, digits, `-` and `_` kept (CJK
/// included), spaces made `-`, the rest dropped; repeats numbered.
fn slug(text: &str, seen: &mut HashMap<String, usize>) -> String {
    let base: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect();
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let n = seen.entry(base.clone()).or_insert(0);
    let id = if *n == 0 {
        base.clone()
    } else {
        format!("{base}-{n}")
    };
    *n += 1;
    id
}

/// A guide file's Markdown as HTML.
pub fn render(text: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut links: Vec<bool> = Vec::new();
    let mut seen = HashMap::new();
    // Headings are collected whole, to give each its id from its text.
    let mut heading: Option<(HeadingLevel, Vec<Event>, String)> = None;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for event in parser {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Html(escape(&raw).into()),
            Event::Text(t) => Event::Text(mask_ids(&t).into()),
            Event::Code(t) => Event::Code(mask_ids(&t).into()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match local_target(&dest_url) {
                Some(target) => {
                    links.push(true);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: target.into(),
                        title,
                        id,
                    })
                }
                None => {
                    links.push(false);
                    Event::Html(CowStr::Borrowed("<span class=\"link-text\">"))
                }
            },
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    Event::End(TagEnd::Link)
                } else {
                    Event::Html(CowStr::Borrowed("</span>"))
                }
            }
            // An image would be a request; its alt text (the Text events inside) stays.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner, plain)) = heading.take() {
                    let id = slug(&plain, &mut seen);
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                    events.extend(inner);
                    events.push(Event::End(TagEnd::Heading(level)));
                }
                continue;
            }
            other => other,
        };
        match &mut heading {
            Some((_, inner, plain)) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    plain.push_str(t);
                }
                inner.push(event);
            }
            None => events.push(event),
        }
    }
    let mut html = String::new();
    crate::site::markdown::drop_cjk_soft_breaks(&mut events);
    let events = crate::site::markdown::scrolling_tables(events);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_outside_links_become_text() {
        let html = render(
            "# 開始使用\n\n## 開始使用\n\n[網站](https://example.org) <b>粗</b> [本頁](#開始使用) A123456789\n",
        );
        assert!(html.contains("<h1 id=\"開始使用\">開始使用</h1>"), "{html}");
        assert!(html.contains("<h2 id=\"開始使用-1\">"), "{html}");
        assert!(!html.contains("https:"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("A12****789"), "{html}");
        assert!(html.contains("href=\"#"), "{html}");
    }

    #[test]
    fn titles_come_from_the_first_heading() {
        assert_eq!(
            title("01-start", "前言\n\n# 第一步 `init`\n"),
            "第一步 init"
        );
        assert_eq!(title("01-start", "沒有標題"), "01-start");
    }
}
