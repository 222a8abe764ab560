//! Markdown to HTML, a pure function. CommonMark with tables, footnotes, strikethrough, task
//! lists and smart punctuation; every heading gets an id (its text as a slug, or `{#own-id}`)
//! so pages can link to sections. Raw HTML in content is shown as text, never run, and links
//! with script URLs are neutralised: content is data, the theme is the only source of markup.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Rendered Markdown, with a hash of it made once: pages that show it are compared by the
/// hash when the site changes (`render::reads`).
#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", from = "String")]
pub struct Html {
    text: String,
    hash: u64,
}

impl Html {
    pub fn new(text: String) -> Html {
        let hash = twox_hash::XxHash3_64::oneshot(text.as_bytes());
        Html { text, hash }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<String> for Html {
    fn from(text: String) -> Html {
        Html::new(text)
    }
}

impl From<Html> for String {
    fn from(html: Html) -> String {
        html.text
    }
}

impl std::hash::Hash for Html {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // The text's length and hash stand for the text.
        (self.text.len(), self.hash).hash(h);
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text.fmt(f)
    }
}

pub fn render(source: &str) -> Html {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading_start = None;
    for event in Parser::new_ext(source, options) {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            // Headings keep their level and id; classes and attributes written in content
            // (`{#id .class onclick=...}`) are dropped: markup comes from the theme.
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading_start = Some(events.len());
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    give_heading_an_id(&mut events, start, &mut used_ids);
                }
                event
            }
            other => other,
        };
        events.push(event);
    }
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Html::new(out)
}

fn give_heading_an_id(events: &mut [Event<'_>], start: usize, used: &mut HashSet<String>) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let wanted = match id {
            Some(own) => own.to_string(),
            None => {
                let s = slug::slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let mut unique = wanted.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            n += 1;
            unique = format!("{wanted}-{n}");
        }
        *id = Some(CowStr::from(unique));
    }
}

/// Script and data URLs become `#`; everything else is kept (the HTML writer escapes it).
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':') && !scheme.is_empty();
    if has_scheme && matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## Skills\n\n## Skills\n\n### Own {#mine}\n")
            .as_str()
            .to_string();
        assert!(html.contains(r#"<h2 id="skills">Skills</h2>"#), "{html}");
        assert!(html.contains(r#"<h2 id="skills-2">Skills</h2>"#), "{html}");
        assert!(html.contains(r#"<h3 id="mine">Own</h3>"#), "{html}");
    }

    #[test]
    fn heading_attributes_from_content_are_dropped() {
        let html = render("## Hi {#x .big onclick=alert(1) style=x}\n\n## S {id=foo}\n")
            .as_str()
            .to_string();
        assert!(html.contains(r#"<h2 id="x">Hi</h2>"#), "{html}");
        assert!(html.contains(r#"<h2 id="s">S</h2>"#), "{html}");
        assert!(
            !html.contains("onclick") && !html.contains("class"),
            "{html}"
        );
    }

    #[test]
    fn tables_footnotes_and_strikethrough() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n")
            .as_str()
            .to_string();
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let html =
            render("Hi <script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://a.org)")
                .as_str()
                .to_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains(r##"<a href="#">x</a>"##), "{html}");
        assert!(html.contains(r#"<a href="https://a.org">y</a>"#), "{html}");
    }
}
