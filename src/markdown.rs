//! Markdown to HTML, a pure function. CommonMark with tables, footnotes, strikethrough, task
//! lists and smart punctuation; every heading gets an id (its text as a slug, or `{#own-id}`)
//! so pages can link to sections. Raw HTML in content is shown as text, never run, and links
//! with script URLs are neutralised: content is data, the theme is the only source of markup.
//!
//! Uses `diagnostic`.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::diagnostic::{Location, floor_char_boundary};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Rendered Markdown, with a hash of it made once: pages that show it are compared by the
/// hash when the site changes (`parts`). It keeps the links written in the Markdown
/// and where, so that a broken one is reported at its line in the content file (`links`).
#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub(crate) struct Html {
    text: String,
    hash: u64,
    links: Box<[Link]>,
}

/// A link or image written in Markdown: its destination as the HTML gives it, and where it
/// was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Link {
    pub dest: String,
    pub at: Location,
}

/// How `Html` is kept in the cache of parsed documents: the hash is made again when read.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    text: String,
    links: Box<[Link]>,
}

impl Html {
    pub(crate) fn new(text: String) -> Html {
        Html::with_links(text, Box::default())
    }

    fn with_links(text: String, links: Box<[Link]>) -> Html {
        let hash = twox_hash::XxHash3_64::oneshot(text.as_bytes());
        Html { text, hash, links }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The links and images written in the Markdown, in order.
    pub(crate) fn links(&self) -> &[Link] {
        &self.links
    }

    /// The HTML as the site publishes it, under `base_path` (`/` or `/my-guide/`): a link
    /// or image written from the site's root (`/roles/data-analyst/`) leads there under the
    /// base path (`/my-guide/roles/data-analyst/`), and a link to a content file
    /// (`@/roles/data-analyst.md#pay`) to the page it makes (`urls` gives the URL below the
    /// base of the page a path below `content/` makes). The only `href="` and `src="` in
    /// the text are the Markdown's own links and images: HTML written in content is escaped.
    pub(crate) fn published(
        &self,
        base_path: &str,
        urls: &dyn Fn(&str) -> Option<String>,
    ) -> Cow<'_, str> {
        let moved = |d: &str| (from_root(d) && base_path != "/") || d.starts_with("@/");
        if !self.links.iter().any(|l| moved(&l.dest)) {
            return Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len() + 16 * self.links.len());
        let mut rest = self.text.as_str();
        while let Some(at) = rest.find("=\"") {
            let (before, after) = rest.split_at(at + 2);
            out.push_str(before);
            rest = after;
            if !(before.ends_with(" href=\"") || before.ends_with(" src=\"")) {
                continue;
            }
            let value = &after[..after.find('"').unwrap_or(after.len())];
            if moved(value) {
                out.push_str(&published_dest(value, base_path, urls));
                rest = &after[value.len()..];
            }
        }
        out.push_str(rest);
        Cow::Owned(out)
    }
}

/// A link written in Markdown as the site publishes it (`Html::published`): from the site's
/// root under `base_path`, `/roles/a/` as `/my-guide/roles/a/`; to a content file, as its
/// page's URL, `@/roles/a.md#pay` as `/my-guide/roles/a/#pay`; others as written. An `@/`
/// link to no page is left as written (the build reports it).
pub(crate) fn published_dest<'d>(
    dest: &'d str,
    base_path: &str,
    urls: &dyn Fn(&str) -> Option<String>,
) -> Cow<'d, str> {
    let prefix = base_path.trim_end_matches('/');
    if let Some(rel) = dest.strip_prefix("@/") {
        let (path, fragment) = match rel.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (rel, None),
        };
        return match urls(path) {
            Some(url) => {
                let mut out = format!("{prefix}/{url}");
                if let Some(f) = fragment {
                    out.push('#');
                    out.push_str(f);
                }
                Cow::Owned(out)
            }
            None => Cow::Borrowed(dest),
        };
    }
    if prefix.is_empty() || !from_root(dest) {
        Cow::Borrowed(dest)
    } else {
        Cow::Owned(format!("{prefix}{dest}"))
    }
}

/// Whether a link starts at the site's root: `/roles/a/`, not `//cdn.example/x` (another
/// host) nor `roles/a/`.
fn from_root(dest: &str) -> bool {
    dest.starts_with('/') && !dest.starts_with("//")
}

impl From<String> for Html {
    fn from(text: String) -> Html {
        Html::new(text)
    }
}

impl From<Stored> for Html {
    fn from(s: Stored) -> Html {
        Html::with_links(s.text, s.links)
    }
}

impl From<Html> for Stored {
    fn from(html: Html) -> Stored {
        Stored {
            text: html.text,
            links: html.links,
        }
    }
}

impl std::hash::Hash for Html {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // The text's length and hash stand for the text (and so for the links in it; where
        // they were written is for messages only).
        (self.text.len(), self.hash).hash(h);
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text.fmt(f)
    }
}

/// How deep Markdown may nest blocks and inline elements (a blockquote in a list in a
/// blockquote ... counts each level). The minifier walks the page recursively: a body
/// nested 10,000 levels deep overflowed a rendering thread's stack and aborted the build.
/// Browsers stop nesting at 512 levels; no career guide needs more than a few.
pub(crate) const MAX_NESTING: usize = 100;

/// Markdown nested deeper than `MAX_NESTING`, and where the level over it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    pub at: Location,
}

impl TooDeep {
    pub(crate) fn message(&self) -> String {
        format!(
            "the Markdown here is nested more than {MAX_NESTING} levels deep \
             (blockquotes, lists or emphasis inside each other): flatten it"
        )
    }
}

/// Renders `source`, which starts at `start` in its file (the positions of its links are the
/// file's).
pub(crate) fn render(source: &str, start: Location) -> Result<Html, TooDeep> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading_start = None;
    let mut links = Vec::new();
    let mut locate = Positions::new(source, start);
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(TooDeep {
                        at: locate.at(range.start),
                    });
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
            links.push(Link {
                dest: safe_url(dest_url.clone()).into_string(),
                at: locate.at(range.start),
            });
        }
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
    Ok(Html::with_links(out, links.into_boxed_slice()))
}

/// Lines and columns of offsets in a text, counted on from the last offset asked for (links
/// come in order: a body with many links is not counted through again for each).
struct Positions<'a> {
    text: &'a str,
    start: Location,
    /// The last offset asked for, and the lines before it and where its line starts.
    offset: usize,
    lines: usize,
    line_start: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, start: Location) -> Self {
        Positions {
            text,
            start,
            offset: 0,
            lines: 0,
            line_start: 0,
        }
    }

    fn at(&mut self, offset: usize) -> Location {
        if offset < self.offset {
            *self = Positions::new(self.text, self.start);
        }
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let between = &self.text[self.offset..offset];
        for (i, _) in between.match_indices('\n') {
            self.lines += 1;
            self.line_start = self.offset + i + 1;
        }
        self.offset = offset;
        let col = self.text[self.line_start..offset].chars().count() + 1;
        if self.lines == 0 {
            Location {
                line: self.start.line,
                col: self.start.col + col - 1,
            }
        } else {
            Location {
                line: self.start.line + self.lines,
                col,
            }
        }
    }
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

    fn render_(source: &str) -> Html {
        render(source, Location { line: 1, col: 1 }).expect("shallow Markdown")
    }

    /// Guards against the 10,000-level blockquote that overflowed the minifier's stack: one
    /// level more than `MAX_NESTING` is refused where it starts (that the deepest accepted
    /// minifies is `output`'s test `the_deepest_markdown_minifies_on_a_small_stack`).
    #[test]
    fn nesting_is_limited_to_what_the_minifier_handles() {
        // 98 blockquotes, a list and its item.
        let deepest = "> ".repeat(MAX_NESTING - 2) + "- x";
        assert!(!render_(&deepest).as_str().is_empty());
        let too_deep = format!("Intro\n\n{}x", "> ".repeat(MAX_NESTING + 1));
        let err = render(&too_deep, Location { line: 4, col: 1 }).expect_err("too deep");
        assert_eq!((err.at.line, err.at.col), (6, 2 * MAX_NESTING + 1));
        let hostile = "> ".repeat(10_000) + "x";
        assert!(render(&hostile, Location { line: 1, col: 1 }).is_err());
    }

    /// Links keep the line and column of the file they were written at, so that a broken
    /// one is reported there (`ladder check`).
    #[test]
    fn links_and_images_keep_where_they_were_written() {
        let html = render(
            "Intro\n\nSee [the role](/roles/a/#pay) and ![chart](/c.svg).\n\n[ref]: ../b/\n\n[x][ref]",
            Location { line: 7, col: 1 },
        )
        .expect("shallow Markdown");
        let found: Vec<(&str, usize, usize)> = html
            .links()
            .iter()
            .map(|l| (l.dest.as_str(), l.at.line, l.at.col))
            .collect();
        assert_eq!(
            found,
            [("/roles/a/#pay", 9, 5), ("/c.svg", 9, 35), ("../b/", 13, 1)]
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render_("## Skills\n\n## Skills\n\n### Own {#mine}\n")
            .as_str()
            .to_string();
        assert!(html.contains(r#"<h2 id="skills">Skills</h2>"#), "{html}");
        assert!(html.contains(r#"<h2 id="skills-2">Skills</h2>"#), "{html}");
        assert!(html.contains(r#"<h3 id="mine">Own</h3>"#), "{html}");
    }

    #[test]
    fn heading_attributes_from_content_are_dropped() {
        let html = render_("## Hi {#x .big onclick=alert(1) style=x}\n\n## S {id=foo}\n")
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
        let html = render_("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n")
            .as_str()
            .to_string();
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let html =
            render_("Hi <script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://a.org)")
                .as_str()
                .to_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains(r##"<a href="#">x</a>"##), "{html}");
        assert!(html.contains(r#"<a href="https://a.org">y</a>"#), "{html}");
    }
}
