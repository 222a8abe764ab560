//! What a published site gives search engines and feed readers: structured data in every
//! page, the sitemap, robots.txt and the feed, parsed and checked field by field.

mod common;

use common::TestSite;
use serde_json::Value;

const SITE: &str = r#"
-- content/roles/data-analyst.md --
+++
title = "Data Analyst"
summary = "Turns data into decisions."
skills = ["SQL", "Python"]
responsibilities = ["Clean data", "Build dashboards"]
qualifications = ["A degree in statistics"]
education = "Bachelor's degree"
experience_years = 2
aliases = ["Business Analyst"]
updated = 2026-10-01
+++
Analysts answer questions with data.
-- content/roles/data-engineer.md --
+++
title = "Data Engineer"
summary = "Builds the pipelines analysts use."
skills = ["SQL"]
updated = 2026-11-15
+++
-- content/faqs/data-analyst.toml --
role = "data-analyst"

[[faq]]
question = "Is SQL enough?"
answer = "It is a *start*."
-- content/faqs/general.toml --
[[faq]]
question = "Where do the figures come from?"
answer = "From surveys."
-- content/salaries/data-analyst.toml --
role = "data-analyst"
as_of = 2026-11-20

[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 45000
p25 = 38000
p75 = 55000

[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 52000
-- content/courses/sql-basics.md --
+++
title = "SQL Basics"
provider = "Data School"
url = "https://school.example.org/sql"
level = "beginner"
hours = 1.5
free = true
skills = ["SQL"]
summary = "Learn to query."
+++
-- content/guides/first-job.md --
+++
title = "Your first data job"
date = 2026-09-01
summary = "Where to start."
+++
Start here.
-- content/about.md --
+++
title = "About"
description = "About this guide."
+++
Us.
"#;

/// The JSON-LD of a page, parsed.
fn structured_data(html: &str) -> Value {
    let marker = "application/ld+json";
    let at = html.find(marker).expect("the page has JSON-LD");
    let start = at + html[at..].find('>').expect("script tag ends") + 1;
    let end = start + html[start..].find("</script>").expect("script ends");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

/// The node of `@type` `kind` in a page's graph.
fn node<'a>(data: &'a Value, kind: &str) -> &'a Value {
    data["@graph"]
        .as_array()
        .expect("a graph")
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {data:#}"))
}

fn has(data: &Value, kind: &str) -> bool {
    data["@graph"]
        .as_array()
        .is_some_and(|g| g.iter().any(|n| n["@type"] == kind))
}

#[test]
fn a_role_page_describes_the_occupation_and_its_pay_in_each_city() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let data = structured_data(&site.page("roles/data-analyst/"));
    assert_eq!(data["@context"], "https://schema.org");
    let o = node(&data, "Occupation");
    assert_eq!(o["name"], "Data Analyst");
    assert_eq!(o["description"], "Turns data into decisions.");
    assert_eq!(o["url"], "https://careers.example.org/roles/data-analyst/");
    assert_eq!(o["skills"], serde_json::json!(["SQL", "Python"]));
    assert_eq!(
        o["responsibilities"],
        serde_json::json!(["Clean data", "Build dashboards"])
    );
    assert_eq!(
        o["qualifications"],
        serde_json::json!(["A degree in statistics"])
    );
    assert_eq!(o["educationRequirements"], "Bachelor's degree");
    assert_eq!(o["experienceRequirements"]["monthsOfExperience"], 24);
    assert_eq!(o["alternateName"], serde_json::json!(["Business Analyst"]));
    let places: Vec<&str> = o["occupationLocation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // Highest paid first, in the comparison currency: €52,000 is $57,778, £45,000 $56,250.
    assert_eq!(places, ["Berlin", "London"]);
    let pay = o["estimatedSalary"].as_array().unwrap();
    assert_eq!(pay.len(), 2);
    let london = &pay[1];
    assert_eq!(london["@type"], "MonetaryAmountDistribution");
    assert_eq!(london["name"], "base");
    assert_eq!(london["currency"], "GBP");
    assert_eq!(london["duration"], "P1Y");
    assert_eq!(london["median"], 45000);
    assert_eq!(london["percentile25"], 38000);
    assert_eq!(london["percentile75"], 55000);
    assert_eq!(pay[0]["currency"], "EUR");
    assert!(pay[0].get("percentile25").is_none());

    // The role's own questions.
    let faq = node(&data, "FAQPage");
    assert_eq!(faq["mainEntity"][0]["@type"], "Question");
    assert_eq!(faq["mainEntity"][0]["name"], "Is SQL enough?");
    assert_eq!(faq["mainEntity"][0]["acceptedAnswer"]["@type"], "Answer");
    assert!(
        faq["mainEntity"][0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap()
            .contains("<em>start</em>")
    );

    let crumbs = node(&data, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap();
    let trail: Vec<(u64, &str, &str)> = crumbs
        .iter()
        .map(|c| {
            (
                c["position"].as_u64().unwrap(),
                c["name"].as_str().unwrap(),
                c["item"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            (1, "Home", "https://careers.example.org/"),
            (2, "Roles", "https://careers.example.org/roles/"),
            (
                3,
                "Data Analyst",
                "https://careers.example.org/roles/data-analyst/"
            ),
        ]
    );

    // A role without salaries or questions has no Occupation (Google counts one without
    // `estimatedSalary` and `occupationLocation` as an error) and no FAQPage; its
    // breadcrumbs remain.
    let other = structured_data(&site.page("roles/data-engineer/"));
    assert!(!has(&other, "Occupation"));
    assert!(!has(&other, "FAQPage"));
    assert!(has(&other, "BreadcrumbList"));
}

#[test]
fn a_salary_page_describes_the_occupation_in_its_one_city() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let data = structured_data(&site.page("roles/data-analyst/salary/berlin/"));
    let o = node(&data, "Occupation");
    assert_eq!(o["name"], "Data Analyst");
    assert_eq!(o["skills"], serde_json::json!(["SQL", "Python"]));
    assert_eq!(o["experienceRequirements"]["monthsOfExperience"], 24);
    let pay = o["estimatedSalary"].as_array().unwrap();
    assert_eq!(pay.len(), 1);
    assert_eq!(pay[0]["currency"], "EUR");
    assert_eq!(pay[0]["median"], 52000);
    assert_eq!(o["occupationLocation"][0]["name"], "Berlin");
    assert_eq!(
        o["occupationLocation"][0]["containedInPlace"]["name"],
        "Germany"
    );
    let crumbs = node(&data, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap();
    assert_eq!(crumbs.len(), 4, "home, roles, the role, the page");
    assert_eq!(crumbs[2]["name"], "Data Analyst");
}

#[test]
fn courses_guides_the_faq_and_the_home_page_have_their_own_types() {
    let site = TestSite::new(SITE);
    site.build_ok();

    let course = structured_data(&site.page("courses/sql-basics/"));
    let c = node(&course, "Course");
    assert_eq!(c["name"], "SQL Basics");
    assert_eq!(c["description"], "Learn to query.");
    assert_eq!(c["provider"]["@type"], "Organization");
    assert_eq!(c["provider"]["name"], "Data School");
    assert_eq!(c["sameAs"], "https://school.example.org/sql");
    assert_eq!(c["timeRequired"], "PT1.5H");
    assert_eq!(c["isAccessibleForFree"], true);
    assert_eq!(c["educationalLevel"], "Beginner");
    assert_eq!(c["teaches"], serde_json::json!(["SQL"]));

    let guide = structured_data(&site.page("guides/first-job/"));
    let a = node(&guide, "Article");
    assert_eq!(a["headline"], "Your first data job");
    assert_eq!(a["datePublished"], "2026-09-01");
    assert_eq!(a["author"]["name"], "Test Careers");

    let faq = structured_data(&site.page("faq/"));
    let questions: Vec<&str> = node(&faq, "FAQPage")["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    // The site-wide questions; each role's are marked up on the role's page.
    assert_eq!(questions, ["Where do the figures come from?"]);

    let home = structured_data(&site.page(""));
    let w = node(&home, "WebSite");
    assert_eq!(w["name"], "Test Careers");
    assert_eq!(w["url"], "https://careers.example.org/");
    let action = &w["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    assert_eq!(action["target"]["@type"], "EntryPoint");
    assert_eq!(
        action["target"]["urlTemplate"],
        "https://careers.example.org/search/?q={search_term_string}"
    );
    assert_eq!(action["query-input"], "required name=search_term_string");
    assert!(!has(&home, "BreadcrumbList"), "the home page has no trail");

    // Every other page has a trail, ending at itself.
    for page in [
        "roles/",
        "skills/sql/",
        "cities/london/",
        "about/",
        "courses/",
    ] {
        let data = structured_data(&site.page(page));
        let items = node(&data, "BreadcrumbList")["itemListElement"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(
            items.last().unwrap()["item"],
            format!("https://careers.example.org/{page}"),
            "{page}"
        );
    }
}

#[test]
fn text_in_structured_data_cannot_end_its_script() {
    let hostile = r#"Data </script><script>alert("x")</script> & <b>Analyst</b>"#;
    let site =
        TestSite::new(&SITE.replace("title = \"Data Analyst\"", &format!("title = '{hostile}'")));
    site.build_ok();
    let html = site.page("roles/data-analyst/");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count()
    );
    assert!(!html.contains("<script>alert"));
    let data = structured_data(&html);
    assert_eq!(node(&data, "Occupation")["name"], hostile);
}

#[test]
fn every_page_has_social_tags() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let html = site.page("roles/data-analyst/");
    for tag in [
        "twitter:card",
        "twitter:title",
        "twitter:description",
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "rel=\"canonical\"",
        "name=\"description\"",
    ] {
        let plain = tag.replace('"', "");
        assert!(
            html.contains(tag) || html.contains(&plain),
            "no {tag} in the role page"
        );
    }
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The text of every element named `name` (in `ns`) below `node`, in document order.
fn texts<'a>(node: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Vec<&'a str> {
    node.descendants()
        .filter(|n| n.has_tag_name((ns, name)))
        .map(|n| n.text().unwrap_or_default())
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_with_its_date_and_robots_txt_names_it() {
    let site = TestSite::new(SITE);
    let report = site.build_ok();
    let text = std::fs::read_to_string(site.out("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the sitemap is XML");
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "urlset")));
    let base = "https://careers.example.org/";
    let mut urls: Vec<(String, Option<String>)> = root
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
        .map(|u| {
            let loc = texts(u, SITEMAP_NS, "loc")[0].to_string();
            let lastmod = texts(u, SITEMAP_NS, "lastmod")
                .first()
                .map(|s| s.to_string());
            (loc, lastmod)
        })
        .collect();
    // Every page but the 404 and search pages, once each.
    let pages: usize = report
        .pages
        .iter()
        .filter(|(kind, _)| {
            ![
                "404",
                "sitemap",
                "sitemap-index",
                "feed",
                "robots",
                "search",
                "search-index",
            ]
            .contains(kind)
        })
        .map(|(_, n)| n)
        .sum();
    assert_eq!(urls.len(), pages);
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(urls.len(), pages, "no URL twice");
    for (loc, _) in &urls {
        assert!(loc.starts_with(base), "{loc}");
        let rel = &loc[base.len()..];
        assert!(
            site.out(&format!("{rel}index.html")).is_file(),
            "{loc} was not written"
        );
    }
    let lastmod = |rel: &str| {
        urls.iter()
            .find(|(l, _)| *l == format!("{base}{rel}"))
            .unwrap_or_else(|| panic!("no {rel}"))
            .1
            .clone()
    };
    assert_eq!(
        lastmod("roles/data-analyst/").as_deref(),
        Some("2026-10-01")
    );
    // A salary page changed when its role or its figures did, whichever is later.
    assert_eq!(
        lastmod("roles/data-analyst/salary/london/").as_deref(),
        Some("2026-11-20")
    );
    assert_eq!(lastmod("guides/first-job/").as_deref(), Some("2026-09-01"));
    assert_eq!(lastmod("about/"), None);
    assert!(!urls.iter().any(|(l, _)| l.contains("404")));

    let robots = std::fs::read_to_string(site.out("robots.txt")).unwrap();
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {base}sitemap.xml")),
        "{robots}"
    );
    assert!(robots.contains("User-agent: *"));
}

#[test]
fn the_feed_gives_the_newest_roles_and_guides_as_valid_atom() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let text = std::fs::read_to_string(site.out("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    let child = |name: &str| {
        feed.children()
            .find(|n| n.has_tag_name((ATOM_NS, name)))
            .unwrap_or_else(|| panic!("the feed has no {name}"))
    };
    assert_eq!(child("title").text(), Some("Test Careers"));
    assert_eq!(child("id").text(), Some("https://careers.example.org/"));
    assert_eq!(
        child("updated").text(),
        Some("2026-11-15T00:00:00Z"),
        "its newest entry"
    );
    assert!(
        child("author")
            .children()
            .any(|n| n.has_tag_name((ATOM_NS, "name")))
    );
    let links: Vec<(&str, &str)> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM_NS, "link")))
        .map(|l| (l.attribute("rel").unwrap(), l.attribute("href").unwrap()))
        .collect();
    assert!(links.contains(&("self", "https://careers.example.org/atom.xml")));
    assert!(links.contains(&("alternate", "https://careers.example.org/")));

    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM_NS, "entry")))
        .collect();
    let summary: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                texts(*e, ATOM_NS, "title")[0],
                texts(*e, ATOM_NS, "id")[0],
                texts(*e, ATOM_NS, "updated")[0],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Data Engineer",
                "https://careers.example.org/roles/data-engineer/",
                "2026-11-15T00:00:00Z"
            ),
            (
                "Data Analyst",
                "https://careers.example.org/roles/data-analyst/",
                "2026-10-01T00:00:00Z"
            ),
            (
                "Your first data job",
                "https://careers.example.org/guides/first-job/",
                "2026-09-01T00:00:00Z"
            ),
        ]
    );
    for e in &entries {
        let link = e
            .children()
            .find(|n| n.has_tag_name((ATOM_NS, "link")))
            .expect("an entry links to its page");
        assert_eq!(
            Some(link.attribute("href").unwrap()),
            texts(*e, ATOM_NS, "id").first().copied()
        );
    }
    assert_eq!(
        texts(entries[1], ATOM_NS, "summary"),
        ["Turns data into decisions."]
    );

    // Every page names the feed in its head.
    for page in ["", "roles/data-analyst/", "about/"] {
        let html = site.page(page);
        assert!(
            html.contains("application/atom+xml") && html.contains("/atom.xml"),
            "{page}"
        );
    }
}

#[test]
fn a_site_may_write_its_own_robots_txt() {
    let site = TestSite::new(&format!(
        "{SITE}-- templates/robots.txt --\nUser-agent: *\nDisallow: /drafts/\n"
    ));
    site.build_ok();
    let robots = std::fs::read_to_string(site.out("robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nDisallow: /drafts/\n");
}

#[test]
fn a_static_robots_txt_replaces_the_written_one_until_it_is_removed() {
    let site = TestSite::new(&format!(
        "{SITE}-- static/robots.txt --\nUser-agent: *\nDisallow: /\n"
    ));
    site.build_ok();
    let robots = || std::fs::read_to_string(site.out("robots.txt")).unwrap();
    assert_eq!(robots(), "User-agent: *\nDisallow: /\n");
    std::fs::remove_file(site.root().join("static/robots.txt")).unwrap();
    // Bug guarded against: the record of the copied file was taken for the rendered one's,
    // which then was not rendered at all.
    let r = site.build_ok();
    assert_eq!(r.written, ["robots.txt"]);
    let fresh = common::fresh_build(&site);
    common::assert_same_tree(&site.out(""), &fresh.path().join("site"));
    assert!(robots().contains("Sitemap: https://careers.example.org/sitemap.xml"));
}

#[test]
fn a_static_file_cannot_replace_a_page() {
    let site = TestSite::new(&format!("{SITE}-- static/about/index.html --\n<p>x</p>\n"));
    let errors = site.errors();
    assert_eq!(
        common::only(errors),
        "static/about/index.html: would replace the generated page /about/index.html: rename or remove the file"
    );
}

#[test]
fn json_reports_a_build_for_ci_with_exit_codes() {
    let site = TestSite::new(SITE);
    let out = site.run(&["build", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON value");
    assert_eq!(report["version"], 1);
    assert_eq!(report["ok"], true);
    assert_eq!(report["pages"]["role"], 2);
    assert_eq!(report["pages"]["salary"], 2);
    assert_eq!(report["pages"]["sitemap"], 1);
    assert_eq!(report["pages"]["feed"], 1);
    let rendered = report["rendered"].as_u64().unwrap();
    let total: u64 = report["pages"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(rendered, total);
    assert!(
        report["written"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "roles/data-analyst/index.html")
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    assert!(report["timings"]["total_ms"].as_f64().unwrap() > 0.0);
    assert!(!report["timings"]["stages"].as_array().unwrap().is_empty());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    site.write(
        "content/roles/broken.md",
        "+++\ntitle = \"B\"\nsumary = \"S\"\n+++\n",
    );
    let out = site.run(&["build", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["ok"], false);
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["file"] == "content/roles/broken.md"
            && e["line"] == 3
            && e["column"] == 1
            && e["message"]
                .as_str()
                .unwrap()
                .contains("did you mean `summary`")),
        "{errors:#?}"
    );

    // Every key README documents, in a failed build's report as in a good one's (`null`
    // for what it did not do); and the messages on standard error too.
    let documented = documented_report_keys();
    assert_eq!(keys(&report), documented);
    assert_eq!(report["output"], Value::Null);
    assert_eq!(report["pages"], Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/roles/broken.md:3:1: ")
            && stderr.contains("Build failed: 1 problem"),
        "{stderr}"
    );
    std::fs::remove_file(site.root().join("content/roles/broken.md")).unwrap();
    let out = site.run(&["build", "--json"]);
    let good: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(keys(&good), documented);

    let usage = site.run(&["build", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2), "usage errors exit with 2");
}

fn keys(report: &Value) -> Vec<String> {
    let mut keys: Vec<String> = report
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// The keys of the example report in README's section on the JSON report.
fn documented_report_keys() -> Vec<String> {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("### The JSON report").expect("the section")..];
    let start = section.find("```json\n").expect("the example") + 8;
    let end = start + section[start..].find("```").expect("its end");
    keys(&serde_json::from_str(&section[start..end]).expect("the example is JSON"))
}

#[test]
fn two_builds_of_the_same_content_are_the_same_bytes() {
    let site = TestSite::new(SITE);
    let a = common::fresh_build(&site);
    // Another day, another folder, nothing kept: the same bytes.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = common::fresh_build(&site);
    common::assert_same_tree(&a.path().join("site"), &b.path().join("site"));
}

#[test]
fn the_search_index_holds_what_the_search_page_matches() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let text = std::fs::read_to_string(site.out("search-index.json")).unwrap();
    let index: Value = serde_json::from_str(&text).expect("the index is JSON");
    assert_eq!(index["version"], 1);
    let docs = index["docs"].as_array().unwrap();
    let find = |kind: &str, title: &str| {
        docs.iter()
            .find(|d| d[0] == kind && d[1] == title)
            .unwrap_or_else(|| panic!("no {kind} {title} in {text}"))
            .clone()
    };
    let role = find("role", "Data Analyst");
    assert_eq!(role[2], "/roles/data-analyst/");
    assert_eq!(role[3], "Turns data into decisions.");
    assert_eq!(role[4], "Business Analyst");
    // Skills and cities by their place in the index's lists of names.
    let names = |list: &str, ids: &Value| -> Vec<String> {
        ids.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                index[list][i.as_u64().unwrap() as usize]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(names("skills", &role[5]), ["SQL", "Python"]);
    assert_eq!(names("cities", &role[6]), ["Berlin", "London"]);
    let course = find("course", "SQL Basics");
    assert_eq!(course[2], "/courses/sql-basics/");
    assert_eq!(names("skills", &course[5]), ["SQL"]);
    find("guide", "Your first data job");
    find("skill", "Python");
    assert_eq!(find("city", "Berlin")[3], "Germany");
    assert_eq!(
        docs.len(),
        2 + 1 + 1 + 2 + 2,
        "roles, course, guide, skills, cities"
    );

    let search = site.page("search/");
    assert!(search.contains("search.js") && search.contains("/search-index.json"));
    assert!(site.out("search.js").is_file());
    let landmarks =
        |html: &str| html.matches("role=search").count() + html.matches("role=\"search\"").count();
    // One search landmark on the search page, its own form: the header's would be a second
    // one without a name of its own (axe's best practice `landmark-unique` failed on it).
    assert_eq!(landmarks(&search), 1, "{search}");
    assert!(search.contains("class=\"search-form\"") || search.contains("class=search-form"));
    for page in ["", "roles/data-analyst/", "404.html"] {
        let html = site.page(page);
        assert_eq!(landmarks(&html), 1, "{page} has no search box, or two");
        assert!(
            html.contains("action=/search/") || html.contains("action=\"/search/\""),
            "{page}"
        );
    }
}
