//! The XML files ladder writes itself, with no template: the sitemap (sitemaps.org 0.9), the
//! sitemap index that names its parts past 50,000 URLs, and the Atom feed (RFC 4287). The
//! builders gather what goes in them through `Reads`; this module only writes it, escaping
//! every text and URL.

use std::fmt::Write;

use quick_xml::escape::escape;

use crate::content::Date;

/// One URL of a sitemap: absolute, with the date its page last changed, if known.
pub(crate) struct UrlEntry {
    pub loc: String,
    pub lastmod: Option<Date>,
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const SITEMAPS_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A `<urlset>` of `entries`.
pub(crate) fn sitemap(entries: impl ExactSizeIterator<Item = UrlEntry>) -> String {
    let mut out = String::with_capacity(HEAD.len() + 80 + entries.len() * 90);
    out.push_str(HEAD);
    // Writing into a String cannot fail.
    let _ = writeln!(out, "<urlset xmlns=\"{SITEMAPS_NS}\">");
    for e in entries {
        let _ = write!(out, "<url><loc>{}</loc>", escape(e.loc.as_str()));
        if let Some(d) = e.lastmod {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A `<sitemapindex>` naming the sitemap files at `locs` (absolute URLs).
pub(crate) fn sitemap_index(locs: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from(HEAD);
    let _ = writeln!(out, "<sitemapindex xmlns=\"{SITEMAPS_NS}\">");
    for loc in locs {
        let _ = writeln!(
            out,
            "<sitemap><loc>{}</loc></sitemap>",
            escape(loc.as_str())
        );
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// What an Atom feed says of the site.
pub(crate) struct FeedHead<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    /// The site's absolute URL: the feed's id and its `alternate` link.
    pub site_url: &'a str,
    /// The feed's own absolute URL.
    pub self_url: &'a str,
    pub language: &'a str,
}

/// One entry of the feed: a role or a guide.
pub(crate) struct FeedEntry<'a> {
    pub title: &'a str,
    /// Absolute: the entry's id and link.
    pub url: String,
    pub summary: &'a str,
    pub updated: Date,
    /// What the entry is: `Role` or `Guide`.
    /// The kind of entry: `role` or `guide`, and its name in the site's language.
    pub category: (&'static str, String),
}

/// An Atom feed of `entries`, newest first. It is as new as its newest entry (never the
/// time of the build, so that two builds of the same content are the same bytes).
pub(crate) fn atom(head: &FeedHead<'_>, entries: &[FeedEntry<'_>]) -> String {
    let updated = entries.iter().map(|e| e.updated).max();
    let mut out = String::with_capacity(1024 + entries.len() * 400);
    out.push_str(HEAD);
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(head.language)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(head.title));
    if !head.subtitle.is_empty() {
        let _ = writeln!(out, "<subtitle>{}</subtitle>", escape(head.subtitle));
    }
    let _ = writeln!(out, "<id>{}</id>", escape(head.site_url));
    let _ = writeln!(
        out,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(head.self_url)
    );
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(head.site_url)
    );
    let _ = writeln!(out, "<updated>{}</updated>", timestamp(updated));
    let _ = writeln!(out, "<author><name>{}</name></author>", escape(head.title));
    let _ = writeln!(out, "<generator>ladder</generator>");
    for e in entries {
        let url = escape(e.url.as_str());
        let _ = write!(
            out,
            "<entry><title>{}</title><id>{url}</id><link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/><updated>{}</updated><category term=\"{}\" label=\"{}\"/>",
            escape(e.title),
            timestamp(Some(e.updated)),
            e.category.0,
            escape(&e.category.1),
        );
        if !e.summary.is_empty() {
            let _ = write!(out, "<summary>{}</summary>", escape(e.summary));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An RFC 3339 time at the start of `date` (UTC); the epoch for none.
fn timestamp(date: Option<Date>) -> String {
    match date {
        Some(d) => format!("{d}T00:00:00Z"),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_urls_are_escaped() {
        let map = sitemap(
            [UrlEntry {
                loc: "https://x.org/a&b/".into(),
                lastmod: Some(Date {
                    year: 2026,
                    month: 1,
                    day: 2,
                }),
            }]
            .into_iter(),
        );
        assert!(map.contains("<loc>https://x.org/a&amp;b/</loc><lastmod>2026-01-02</lastmod>"));
        let feed = atom(
            &FeedHead {
                title: "A <b> & \"c\"",
                subtitle: "",
                site_url: "https://x.org/",
                self_url: "https://x.org/atom.xml",
                language: "en",
            },
            &[],
        );
        assert!(feed.contains("<title>A &lt;b&gt; &amp; &quot;c&quot;</title>"));
        assert!(feed.contains("<updated>1970-01-01T00:00:00Z</updated>"));
        assert!(!feed.contains("<subtitle>"));
    }
}
