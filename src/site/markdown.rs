//! Markdown to HTML for the 要點 (records/regulation.md) and rule explanations, with
//! pulldown-cmark. regulation.md is a record like any other, so its HTML is not trusted: the
//! only raw HTML kept is the clause anchor `<a id="三-四"></a>` (records.md: one anchor per
//! clause); any other tag is shown as text and HTML comments are dropped. Links that would
//! leave the page (anything but `#fragment`) become plain text: the site makes no request to
//! anywhere (cli.md). Id numbers in the text are masked like every other record text.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::text::pii::mask_ids;

/// Renders `text`. After each block that holds clause anchors, `after_clause(anchor)` may add
/// HTML of its own (the regulation page lists the clause's rules and findings there); it is
/// trusted and must escape what it prints.
pub fn render(text: &str, after_clause: &mut dyn FnMut(&str) -> Option<String>) -> Rendered {
    let mut html = String::new();
    let mut anchors = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut open_anchors = 0usize;
    let mut links: Vec<bool> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for event in parser {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let safe = sanitize(&raw, &mut open_anchors, &mut |id| {
                    anchors.push(id.to_string());
                    pending.push(id.to_string());
                });
                events.push(Event::Html(safe.into()));
            }
            Event::Text(t) => events.push(Event::Text(mask_ids(&t).into())),
            Event::Code(t) => events.push(Event::Code(mask_ids(&t).into())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let local = dest_url.starts_with('#') && !dest_url.contains(['"', '<', '>']);
                links.push(local);
                if local {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    events.push(Event::Html(CowStr::Borrowed("<span class=\"link-text\">")));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                } else {
                    events.push(Event::Html(CowStr::Borrowed("</span>")));
                }
            }
            // An image would be a request; its alt text (the Text events inside) stays.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::End(
                end @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::HtmlBlock | TagEnd::Heading(_)),
            ) => {
                events.push(Event::End(end));
                if !matches!(end, TagEnd::Heading(_)) {
                    for _ in 0..open_anchors {
                        events.push(Event::Html(CowStr::Borrowed("</a>")));
                    }
                    open_anchors = 0;
                    for anchor in pending.drain(..) {
                        if let Some(extra) = after_clause(&anchor) {
                            events.push(Event::Html(extra.into()));
                        }
                    }
                }
            }
            other => events.push(other),
        }
    }
    drop_cjk_soft_breaks(&mut events);
    let events = scrolling_tables(events);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    for _ in 0..open_anchors {
        html.push_str("</a>");
    }
    for anchor in pending {
        if let Some(extra) = after_clause(&anchor) {
            html.push_str(&extra);
        }
    }
    Rendered { html, anchors }
}

/// Drops each soft line break (a line break inside a paragraph of the source) that falls
/// between two CJK characters: HTML renders it as a space, and Chinese has none between words
/// (「系統時， 系統管理人員」). Between Latin words, or beside inline markup, it stays.
pub fn drop_cjk_soft_breaks(events: &mut Vec<Event>) {
    let last_char = |e: &Event| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next_back(),
        _ => None,
    };
    let first_char = |e: &Event| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    };
    let mut keep = vec![true; events.len()];
    for i in 1..events.len().saturating_sub(1) {
        if matches!(events[i], Event::SoftBreak)
            && last_char(&events[i - 1]).is_some_and(is_cjk)
            && first_char(&events[i + 1]).is_some_and(is_cjk)
        {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    events.retain(|_| k.next().unwrap_or(true));
}

/// Puts each table in a box of its own that scrolls sideways (and can be focused to scroll
/// by keyboard), so a wide table never widens the page on a phone (WCAG 2.1 1.4.10).
pub fn scrolling_tables(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表格（可左右捲動）\">",
                )));
                out.push(e);
            }
            Event::End(TagEnd::Table) => {
                out.push(e);
                out.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            other => out.push(other),
        }
    }
    out
}

/// Han characters, CJK punctuation and full-width forms: text written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Rendered Markdown and the clause anchors it holds, in order.
pub struct Rendered {
    pub html: String,
    pub anchors: Vec<String>,
}

/// Plain Markdown with no clause hooks (rule explanations).
pub fn to_html(text: &str) -> String {
    render(text, &mut |_| None).html
}

/// Keeps `<a id="…">` and a matching `</a>`, drops comments, escapes everything else.
fn sanitize(raw: &str, open: &mut usize, on_anchor: &mut dyn FnMut(&str)) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(lt) = rest.find('<') {
        escape_into(&rest[..lt], &mut out);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if let Some((id, after)) = anchor_open(rest) {
            on_anchor(id);
            out.push_str("<a id=\"");
            escape_into(id, &mut out);
            out.push_str("\">");
            *open += 1;
            rest = after;
        } else if let (Some(after), true) = (rest.strip_prefix("</a>"), *open > 0) {
            out.push_str("</a>");
            *open -= 1;
            rest = after;
        } else {
            out.push_str("&lt;");
            rest = &rest[1..];
        }
    }
    escape_into(rest, &mut out);
    out
}

/// `<a id="X">` (with single or double quotes) at the start of `s`: X and what follows.
fn anchor_open(s: &str) -> Option<(&str, &str)> {
    let s = s.strip_prefix("<a")?;
    let s = s.trim_start().strip_prefix("id=")?;
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let s = &s[1..];
    let end = s.find(quote)?;
    let id = &s[..end];
    if id.is_empty()
        || id.contains(['<', '>', '"', '\'', '&'])
        || id.chars().any(char::is_whitespace)
    {
        return None;
    }
    let after = s[end + 1..].trim_start().strip_prefix('>')?;
    Some((id, after))
}

/// HTML-escaped text, for the few fragments built outside templates.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_clause_anchors_and_escapes_other_html() {
        let r = render(
            "<a id=\"三-四\"></a>(四) 六日內終止。<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n",
            &mut |a| Some(format!("<p class=\"rules\">{a}</p>")),
        );
        assert!(r.html.contains("<a id=\"三-四\"></a>"), "{}", r.html);
        assert!(
            r.html.contains("<p class=\"rules\">三-四</p>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert_eq!(r.anchors, ["三-四"]);
    }

    #[test]
    fn outside_links_become_text_and_ids_are_masked() {
        let html = to_html(
            "[要點](https://example.gov.tw/x) ![圖](http://x/y.png) [本頁](#三) A123456789\n",
        );
        assert!(!html.contains("http"), "{html}");
        // pulldown-cmark percent-encodes the fragment; browsers decode it.
        assert!(html.contains("<a href=\"#%E4%B8%89\">本頁</a>"), "{html}");
        assert!(html.contains("A12****789"), "{html}");
        assert!(html.contains("圖"), "{html}");
    }

    #[test]
    fn soft_breaks_between_chinese_are_dropped() {
        let html = to_html("使用系統時，\n系統管理人員應\n登記。\nSee the\nlog.");
        assert!(html.contains("使用系統時，系統管理人員應登記。"), "{html}");
        assert!(html.contains("See the\nlog."), "{html}");
    }

    #[test]
    fn anchors_with_bad_ids_are_text() {
        let html = to_html("<a id=\"x\" onclick=\"y\"></a><a id=\"a b\"></a>\n");
        assert!(!html.contains("<a "), "{html}");
        assert!(!html.contains("</a>"), "{html}");
    }
}
