//! Text from content and data files lands in HTML text, attributes, JSON-LD, the search index
//! and XML. Hostile values are planted in each kind of field, and every page is read as a
//! browser reads it (html5ever, the HTML5 parser of Servo, through `scraper`) and every XML
//! file as an XML parser does: the values must come back as the same text, and nothing of
//! them may become markup (an element, an attribute, a script).

mod common;

use std::collections::BTreeMap;

use common::{TestSite, tree};
use scraper::{Html, Selector};

/// Closes every context it can land in and opens a script, an event handler and an entity.
const HOSTILE: &str = r#"</title></script></textarea><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;<!--"#;

fn hostile_site() -> TestSite {
    // TOML basic strings: `"` and `\` escaped.
    let h = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    TestSite::new(&format!(
        r#"
-- site.toml --
title = "Careers {h}"
base_url = "https://example.org/"
description = "About {h}"
-- content/roles/x.md --
+++
title = "Role {h}"
summary = "Summary {h}"
category = "Category {h}"
skills = ["Skill {h}"]
responsibilities = ["Duty {h}"]
qualifications = ["Degree {h}"]
education = "School {h}"
[extra]
note = "Note {h}"
+++
Body {h}
-- content/faqs/x.toml --
role = "x"
[[faq]]
question = "Question {h}"
answer = "Answer {h}"
-- content/salaries/x.toml --
role = "x"
source = "Source {h}"
[[city]]
city = "City {h}"
country = "Country {h}"
currency = "USD"
median = 100000
-- content/courses/c.md --
+++
title = "Course {h}"
provider = "Provider {h}"
url = "https://example.org/?q=1&r=<2>"
roles = ["x"]
summary = "Course summary {h}"
+++
-- content/guides/g.md --
+++
title = "Guide {h}"
date = 2026-01-15
summary = "Guide summary {h}"
roles = ["x"]
+++
Guide body {h}
-- content/about.md --
+++
title = "About {h}"
description = "Page {h}"
template = "note.html"
[extra]
note = "Extra {h}"
+++
-- templates/note.html --
{{% extends "page.html" %}}
{{% block content %}}<p id="note" title="{{{{ content.extra.note }}}}">{{{{ content.extra.note }}}}</p>{{% endblock %}}
"#
    ))
}

fn select(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e}"))
}

/// The text of every element `css` selects in `page`, white space folded.
fn texts(page: &Html, css: &str) -> Vec<String> {
    page.select(&select(css))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn hostile_text_stays_text_everywhere_it_lands() {
    let site = hostile_site();
    site.build_ok();
    let files: BTreeMap<String, Vec<u8>> = tree(&site.out(""));
    let h = folded(HOSTILE);
    let mut pages = 0;
    for (name, bytes) in &files {
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let text = String::from_utf8_lossy(bytes);
        let page = Html::parse_document(&text);
        // Nothing of the values became markup: no element they open, no handler attribute,
        // no script other than the theme's own.
        for e in page
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let tag = e.value().name();
            assert!(
                !matches!(tag, "img" | "textarea"),
                "{name}: a <{tag}> appeared"
            );
            for (attr, _) in e.value().attrs() {
                assert!(!attr.starts_with("on"), "{name}: <{tag} {attr}> appeared");
            }
            if tag == "script" {
                let kind = e.value().attr("type").unwrap_or("");
                let src = e.value().attr("src").unwrap_or("");
                assert!(
                    kind == "application/ld+json" || src.ends_with("search.js"),
                    "{name}: a script the theme does not write: {}",
                    e.html()
                );
            }
        }
        // The document title is the whole text of <title>: a value that closed it early
        // would leave the rest of the page inside or outside it.
        for title in texts(&page, "title") {
            assert!(
                title.contains(&h) || !title.contains("alert"),
                "{name}: {title}"
            );
        }
        // JSON-LD is JSON whose strings hold the values as written.
        for ld in page.select(&select(r#"script[type="application/ld+json"]"#)) {
            let json = ld.text().collect::<String>();
            let value: serde_json::Value = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{name}: JSON-LD does not parse ({e}): {json}"));
            let mut strings = Vec::new();
            collect_strings(&value, &mut strings);
            // Plain values whole; rendered Markdown (an FAQ's answer) as HTML with no markup
            // of the value's own.
            for s in strings.iter().filter(|s| s.contains("alert(1)")) {
                let fragment = Html::parse_fragment(s);
                let planted = fragment.select(&select("script, img, textarea")).count();
                assert!(
                    s.contains(HOSTILE) || (s.starts_with("<p>") && planted == 0),
                    "{name}: JSON-LD string cut or turned into markup: {s}"
                );
            }
        }
    }
    assert!(pages > 10, "{pages} pages");

    // Each value comes back whole, as text, where the theme shows it.
    let role = Html::parse_document(&site.page("roles/x/"));
    assert_eq!(texts(&role, "h1"), [format!("Role {h}")]);
    let shown = folded(&role.root_element().text().collect::<String>());
    for value in [
        "Summary", "Skill", "Duty", "Degree", "School", "Question", "City",
    ] {
        assert!(
            shown.contains(&format!("{value} {h}")),
            "role page lacks {value}: {shown}"
        );
    }
    // In attributes: the description and the social cards.
    let attr = |page: &Html, css: &str, name: &str| -> String {
        page.select(&select(css))
            .next()
            .and_then(|e| e.value().attr(name).map(str::to_string))
            .unwrap_or_else(|| panic!("no {css}"))
    };
    assert_eq!(
        attr(&role, r#"meta[name="description"]"#, "content"),
        format!("Summary {HOSTILE}")
    );
    assert!(attr(&role, r#"meta[property="og:title"]"#, "content").contains(HOSTILE));
    // `[extra]` values through a site's own template, in text and in an attribute.
    let about = Html::parse_document(&site.page("about/"));
    assert_eq!(texts(&about, "#note"), [format!("Extra {h}")]);
    assert_eq!(attr(&about, "#note", "title"), format!("Extra {HOSTILE}"));
    // The site's title in every page's header, the city on its page.
    let home = Html::parse_document(&site.page(""));
    assert!(texts(&home, "title")[0].contains(&format!("Careers {h}")));
    let city_page = files
        .keys()
        .find(|k| {
            k.starts_with("cities/") && k.ends_with("/index.html") && k != &"cities/index.html"
        })
        .expect("a city page");
    let city = Html::parse_document(&String::from_utf8_lossy(&files[city_page]));
    assert_eq!(
        texts(&city, "h1"),
        [format!("Salaries in City {h}")],
        "{city_page}"
    );

    // The search index is JSON with the titles as written.
    let index: serde_json::Value =
        serde_json::from_slice(&files["search-index.json"]).expect("search index parses");
    let mut strings = Vec::new();
    collect_strings(&index, &mut strings);
    assert!(
        strings.iter().any(|s| s == &format!("Role {HOSTILE}")),
        "{strings:?}"
    );

    // XML: the feed and the sitemap parse, and the feed holds the titles as text.
    let feed = String::from_utf8_lossy(&files["atom.xml"]).into_owned();
    let doc = roxmltree::Document::parse(&feed).expect("feed parses");
    let titles: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    assert!(titles.contains(&format!("Guide {HOSTILE}")), "{titles:?}");
    assert!(titles.contains(&format!("Careers {HOSTILE}")), "{titles:?}");
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    roxmltree::Document::parse(&sitemap).expect("sitemap parses");
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
