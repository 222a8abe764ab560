//! Builds small career sites and checks the pages they write.

mod common;

use common::{TestSite, text_of};

const SITE: &str = r#"
-- content/_index.md --
+++
title = "Careers in Software"
description = "Roles, skills and pay."
+++
Welcome to **the guide**.
-- content/roles/backend-developer.md --
+++
title = "Backend Developer"
summary = "Builds the server side."
category = "Engineering"
skills = ["Python", "node.js", "SQL", "C++"]
responsibilities = ["Design APIs", "Tune queries"]
qualifications = ["A degree in computer science"]
education = "Bachelor's degree"
experience_years = 3
related = ["frontend-developer"]
next = ["lead-developer"]
aliases = ["Server-Side Developer"]
updated = 2026-11-21
weight = 1
[extra]
icon = "server"
+++
## What the work is

Backend developers keep data flowing.
-- content/roles/frontend-developer.md --
+++
title = "Frontend Developer"
summary = "Builds what users see."
category = "Engineering"
skills = ["JavaScript", "Node.js", "C#", "C"]
next = ["lead-developer"]
+++
-- content/roles/lead-developer.md --
+++
title = "Lead Developer"
summary = "Leads a team of developers."
category = "Management"
skills = ["Python"]
+++
-- content/faqs/backend-developer.toml --
role = "backend-developer"

[[faq]]
question = "What does a backend developer do?"
answer = "Writes *server* code."

[[faq]]
question = "How much does a backend developer earn?"
answer = "See the salaries below."
-- content/faqs/general.toml --
[[faq]]
question = "Where do the figures come from?"
answer = "From published surveys."
-- content/salaries/backend-developer.toml --
role = "backend-developer"
source = "Test survey"
as_of = 2026-01-01

[[city]]
city = "New York"
country = "United States"
currency = "USD"
median = 145000

[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 77000
p25 = 60000
p75 = 90000

[[city]]
city = "Bengaluru"
country = "India"
currency = "INR"
median = 2580000
-- content/salaries/frontend-developer.toml --
role = "frontend-developer"

[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 70000

[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 54000
-- content/courses/python-basics.md --
+++
title = "Python Basics"
provider = "Test Academy"
url = "https://academy.example.org/python"
level = "beginner"
hours = 12
free = true
skills = ["Python"]
summary = "Learn Python from scratch."
+++
A first course.
-- content/courses/sql-deep-dive.md --
+++
title = "SQL Deep Dive"
provider = "Data School"
level = "advanced"
skills = ["SQL", "Python"]
+++
-- content/courses/team-leading.md --
+++
title = "Team Leading"
provider = "Lead School"
roles = ["backend-developer"]
+++
-- content/guides/getting-started.md --
+++
title = "Getting Started in Backend"
date = "2026-11-01"
summary = "First steps."
roles = ["backend-developer"]
skills = ["SQL"]
+++
## First steps

Read this first.
-- content/about.md --
+++
title = "About"
description = "About this guide."
weight = 1
+++
We write about careers.
"#;

#[test]
fn writes_every_kind_of_page() {
    let site = TestSite::new(SITE);
    let report = site.build_ok();
    for rel in [
        "",
        "roles/",
        "roles/backend-developer/",
        "roles/backend-developer/salary/new-york/",
        "roles/backend-developer/salary/london/",
        "roles/frontend-developer/salary/berlin/",
        "skills/",
        "skills/python/",
        "cities/",
        "cities/london/",
        "courses/",
        "courses/python-basics/",
        "guides/",
        "guides/getting-started/",
        "faq/",
        "about/",
        "404.html",
    ] {
        let html = site.page(rel);
        assert!(html.starts_with("<!DOCTYPE html>"), "{rel}: {html}");
    }
    assert!(site.out("style.css").is_file());
    let counts: std::collections::HashMap<&str, usize> = report.pages.iter().copied().collect();
    assert_eq!(counts["role"], 3);
    assert_eq!(counts["salary"], 5);
    assert_eq!(counts["city"], 4);
    assert_eq!(counts["course"], 3);
    assert_eq!(counts["guide"], 1);
    assert_eq!(counts["page"], 1);
    let summary = report.summary();
    assert!(summary.contains("3 roles, 5 salary pages"), "{summary}");
}

#[test]
fn a_role_page_shows_everything_about_the_role() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let html = site.page("roles/backend-developer/");
    let text = text_of(&html);
    for expected in [
        "Backend Developer",
        "Builds the server side.",
        "Also called Server-Side Developer",
        "November 21, 2026",
        "Design APIs",
        "A degree in computer science",
        "Bachelor's degree",
        "3+ years",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // Salary first: the key facts open the page, before the salaries, which come before
    // everything else. The typical salary is the middle of the city medians in dollars
    // (New York $145,000, London £77,000 = $96,250, Bengaluru ₹2,580,000 = $32,250).
    let facts = text.find("Key facts").expect("key facts");
    assert!(
        text[facts..].starts_with(
            "Key facts Typical salary $96,250 the middle of the medians of 3 cities, in USD \
             From lowest to highest ₹2,580,000 in Bengaluru to $145,000 in New York \
             Experience 3+ years Education Bachelor's degree Top skills Python , Node.js , SQL , C++"
        ),
        "{}",
        &text[facts..]
    );
    let salaries = text
        .find("Salaries by city Median salary")
        .expect("salaries");
    let duties = text
        .find("Responsibilities Design APIs")
        .expect("responsibilities");
    assert!(facts < salaries && salaries < duties, "{text}");
    assert!(
        html.contains(r##"<a href="#role-salaries">Salaries by city</a>"##),
        "contents"
    );
    // skills link to their pages
    assert!(
        html.contains(r#"<a href="/skills/python/">Python</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/skills/c-plus-plus/">C++</a>"#),
        "{html}"
    );
    // the body, with heading ids
    assert!(
        html.contains(r#"<h2 id="what-the-work-is">What the work is</h2>"#),
        "{html}"
    );
    // FAQs, with Markdown answers
    assert!(html.contains("What does a backend developer do?"), "{html}");
    assert!(html.contains("Writes <em>server</em> code."), "{html}");
    // salaries in local currency, and the chart
    assert!(text.contains("$145,000"), "{text}");
    assert!(text.contains("£77,000"), "{text}");
    assert!(text.contains("₹2,580,000"), "{text}");
    assert!(text.contains("£60,000 to £90,000"), "{text}");
    assert!(html.contains("<svg"), "{html}");
    assert!(text.contains("Source: Test survey"), "{text}");
    // courses: the one that names the role first, then by shared skills
    let team = html.find("Team Leading").expect("named course");
    let sql = html
        .find("SQL Deep Dive")
        .expect("course sharing two skills");
    let python = html
        .find("Python Basics")
        .expect("course sharing one skill");
    assert!(team < sql && sql < python, "course order");
    // related roles and the career path
    let related = html.find("Related roles").expect("related section");
    assert!(html[related..].contains("/roles/frontend-developer/"));
    let path = html.find("Career path").expect("career path");
    assert!(html[path..].contains("/roles/lead-developer/"));
    // guides that name the role
    assert!(html.contains("/guides/getting-started/"));
}

#[test]
fn salary_charts_rank_cities_across_currencies() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let html = site.page("roles/backend-developer/");
    let chart = &html[html.find("<svg").expect("chart")..html.find("</svg>").expect("end")];
    // In dollars: New York 145,000 > London 96,250 > Bengaluru 32,250.
    let ny = chart.find("New York").expect("ny");
    let london = chart.find("London").expect("london");
    let blr = chart.find("Bengaluru").expect("blr");
    assert!(ny < london && london < blr, "{chart}");
    // The bar lengths follow the converted amounts, the labels stay local.
    let widths: Vec<f64> = chart
        .split("<rect")
        .filter(|r| r.contains("class=\"chart-bar\""))
        .map(|r| {
            let rest = &r[r.find("width=\"").expect("width") + 7..];
            rest[..rest.find("%\"").expect("percent")]
                .parse()
                .expect("number")
        })
        .collect();
    assert_eq!(widths.len(), 3, "{chart}");
    assert!(widths[0] > widths[1] && widths[1] > widths[2], "{widths:?}");
    assert_eq!(widths[0], 100.0);
    // London's middle half (£60,000 to £90,000) is drawn across its bar, on the same scale.
    assert_eq!(chart.matches("class=\"chart-range\"").count(), 1, "{chart}");
    // A box from the 25th to the 75th percentile, one element with its span worked out.
    assert!(
        chart.contains(
            "<rect x=\"51.7%\" y=\"5\" width=\"25.9%\" height=\"16\" class=\"chart-range\"/>"
        ),
        "{chart}"
    );
    // No viewBox: the text keeps its CSS size however narrow the page.
    assert!(!chart.contains("viewBox"));
    // A salary page charts the role's cities with its own marked.
    let salary = site.page("roles/backend-developer/salary/london/");
    let marked = &salary[salary.find("class=\"chart-current\"").expect("marked row")..];
    assert!(marked[..marked.find("</g>").expect("row end")].contains("London"));
    assert!(chart.contains("₹2,580,000"));
}

#[test]
fn each_salary_page_of_a_role_marks_its_own_city_in_the_same_chart() {
    // The chart of a role's cities is made once for its pages and only the marked row
    // changes: each page must mark its own city, and nothing else may differ.
    let site = TestSite::new(SITE);
    site.build_ok();
    let mut unmarked = Vec::new();
    for city in ["new-york", "london", "bengaluru"] {
        let html = site.page(&format!("roles/backend-developer/salary/{city}/"));
        // One chart: the roles paid in the city are charted on the city's page.
        assert_eq!(html.matches("<svg").count(), 1, "{city}: {html}");
        let chart = &html[html.find("<svg").expect("chart")..html.find("</svg>").expect("end")];
        assert_eq!(chart.matches("chart-current").count(), 1, "{city}: {chart}");
        let marked = &chart[chart.find("class=\"chart-current\"").expect("marked")..];
        let name = match city {
            "new-york" => "New York",
            "london" => "London",
            _ => "Bengaluru",
        };
        assert!(
            marked[..marked.find("</g>").expect("row end")].contains(name),
            "{city}: {chart}"
        );
        unmarked.push(chart.replace(" class=\"chart-current\"", ""));
    }
    assert!(unmarked.windows(2).all(|w| w[0] == w[1]), "{unmarked:?}");
}

#[test]
fn a_theme_that_names_roles_chart_gets_the_roles_of_the_city_charted() {
    // The default theme draws no chart of a city's roles on a salary page (its table
    // lists them); a theme that names `roles_chart` gets it, this page's role marked.
    let site = TestSite::new(SITE);
    site.write(
        "templates/salary.html",
        "{% extends \"base.html\" %}{% block content %}{% if salary.roles_chart %}{% for r in salary.roles_chart.rows %}[{{ r.label }} {{ r.value }}{% if r.current %} here{% endif %}]{% endfor %}{% endif %}{% endblock content %}",
    );
    site.build_ok();
    let html = site.page("roles/frontend-developer/salary/london/");
    assert!(
        html.contains("[Backend Developer £77,000][Frontend Developer £70,000 here]"),
        "{html}"
    );
}

#[test]
fn salary_pages_exist_per_role_and_city() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let html = site.page("roles/backend-developer/salary/london/");
    let text = text_of(&html);
    assert!(
        text.contains("Backend Developer salary in London"),
        "{text}"
    );
    assert!(text.contains("£77,000"), "{text}");
    assert!(text.contains("Number 2 of the 3 cities"), "{text}");
    // the other role paid in London
    assert!(
        html.contains("/roles/frontend-developer/salary/london/"),
        "{html}"
    );
}

#[test]
fn city_pages_rank_every_role_paid_there() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let html = site.page("cities/london/");
    let backend = html.find("Backend Developer").expect("backend");
    let frontend = html.find("Frontend Developer").expect("frontend");
    assert!(backend < frontend, "77,000 ranks above 70,000");
    let cities = text_of(&site.page("cities/"));
    for c in [
        "Germany",
        "Berlin",
        "India",
        "Bengaluru",
        "United Kingdom",
        "United States",
    ] {
        assert!(cities.contains(c), "{c} in {cities}");
    }
}

#[test]
fn skills_match_whatever_their_case_but_symbols_keep_them_apart() {
    let site = TestSite::new(SITE);
    site.build_ok();
    // "node.js" and "Node.js" are one skill with both roles
    let node = site.page("skills/node-js/");
    assert!(node.contains("Backend Developer") && node.contains("Frontend Developer"));
    // C, C++ and C# are three skills
    assert!(site.page("skills/c/").contains("Frontend Developer"));
    assert!(
        site.page("skills/c-plus-plus/")
            .contains("Backend Developer")
    );
    assert!(site.page("skills/c-sharp/").contains("Frontend Developer"));
    assert!(!site.page("skills/c/").contains("Backend Developer"));
    // a skill page lists the roles that need it and the courses that teach it
    let python = site.page("skills/python/");
    for expected in [
        "Backend Developer",
        "Lead Developer",
        "Python Basics",
        "SQL Deep Dive",
    ] {
        assert!(python.contains(expected), "{expected}");
    }
    let sql = site.page("skills/sql/");
    assert!(
        sql.contains("Getting Started in Backend"),
        "guides by skill"
    );
    let all = text_of(&site.page("skills/"));
    assert!(all.contains("C++") && all.contains("C#"), "{all}");
}

#[test]
fn listings_group_and_order_their_entries() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let roles = text_of(&site.page("roles/"));
    let eng = roles.find("Engineering").expect("category");
    let mgmt = roles.find("Management").expect("category");
    assert!(eng < mgmt, "{roles}");
    // weighted roles first, then the others by title
    let backend = roles.find("Backend Developer").expect("backend");
    let frontend = roles.find("Frontend Developer").expect("frontend");
    assert!(backend < frontend, "{roles}");
    let faq = text_of(&site.page("faq/"));
    assert!(faq.contains("Where do the figures come from?"), "{faq}");
    assert!(faq.contains("What does a backend developer do?"), "{faq}");
    let course = text_of(&site.page("courses/python-basics/"));
    assert!(
        course.contains("Test Academy · Beginner · 12 hours · Free"),
        "{course}"
    );
    assert!(
        site.page("courses/python-basics/")
            .contains("https://academy.example.org/python")
    );
    assert!(
        site.page("")
            .contains("Welcome to <strong>the guide</strong>.")
    );
    let home = text_of(&site.page(""));
    assert!(
        home.contains("Backend Developer in London"),
        "best paid pairs: {home}"
    );
    assert!(home.contains("Getting Started in Backend"), "{home}");
    let about = site.page("about/");
    assert!(about.contains("We write about careers."));
    assert!(
        site.page("").contains(r#"<a href="/about/">About</a>"#),
        "footer link"
    );
}

/// A draft role and a draft guide.
const DRAFTS: &str = r#"-- content/roles/secret.md --
+++
title = "Secret Role"
summary = "S"
draft = true
+++
-- content/guides/soon.md --
+++
title = "Soon"
draft = true
+++
"#;

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new(&format!(
        "-- content/roles/a.md --\n+++\ntitle = \"A\"\nsummary = \"S\"\nrelated = [\"secret\"]\n+++\n{DRAFTS}"
    ));
    let report = site.build_ok();
    assert!(!site.out("roles/secret").exists());
    assert!(!site.out("guides/soon").exists());
    assert!(!site.page("roles/a/").contains("Secret Role"));
    // The summary says what was left out, and how to include it.
    assert_eq!(report.drafts, 2);
    assert!(
        report
            .summary()
            .ends_with("; 2 drafts not built: --drafts to include them"),
        "{}",
        report.summary()
    );
    let mut options = site.options();
    options.drafts = true;
    let report = ladder::build(&options).expect("build with drafts");
    assert!(site.page("roles/a/").contains("Secret Role"));
    assert!(site.out("guides/soon/index.html").is_file());
    assert_eq!(report.drafts, 0);
    assert!(!report.summary().contains("draft"), "{}", report.summary());
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft_and_names_the_flag() {
    let site = TestSite::new(&format!(
        "-- content/roles/a.md --\n+++\ntitle = \"A\"\nsummary = \"S\"\n+++\nNext, [the secret role](/roles/secret/) and [the guide](/guides/soon/index.html).\n{DRAFTS}"
    ));
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/roles/a.md:5:7: broken link `/roles/secret/`: /roles/secret/ is the page of the draft content/roles/secret.md, which is built only with --drafts: publish it (remove `draft = true`) or build with --drafts",
            "content/roles/a.md:5:45: broken link `/guides/soon/index.html`: /guides/soon/index.html is the page of the draft content/guides/soon.md, which is built only with --drafts: publish it (remove `draft = true`) or build with --drafts",
        ]
    );
    let mut options = site.options();
    options.drafts = true;
    ladder::build(&options).expect("with --drafts the links lead somewhere");
}

#[test]
fn output_and_base_url_can_be_chosen() {
    let site = TestSite::new(SITE);
    let elsewhere = tempfile::tempdir().expect("dir");
    let out = elsewhere.path().join("site");
    let mut options = site.options();
    options.output = Some(out.clone());
    options.base_url = Some("https://example.org/careers".into());
    ladder::build(&options).expect("build");
    assert!(!site.out("index.html").exists());
    let html =
        std::fs::read_to_string(out.join("roles/backend-developer/index.html")).expect("page");
    assert!(
        html.contains(r#"href="/careers/skills/python/""#),
        "links carry the base path"
    );
    assert!(
        html.contains(r#"href="https://example.org/careers/roles/backend-developer/""#),
        "canonical"
    );
    assert!(html.contains(r#"href="/careers/style.css""#));
}

#[test]
fn the_cli_builds_with_flags_and_prints_a_summary() {
    let site = TestSite::new(SITE);
    let out = site.run(&[
        "build",
        "--output",
        "dist",
        "--base-url",
        "http://localhost:9000/",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 roles"), "{stdout}");
    assert!(stdout.contains(" s into "), "{stdout}");
    let html = std::fs::read_to_string(site.root().join("dist/index.html")).expect("page");
    assert!(html.contains("http://localhost:9000/"));
    // --root from elsewhere
    let other = tempfile::tempdir().expect("dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(["build", "--root"])
        .arg(site.root())
        .current_dir(other.path())
        .status()
        .expect("run");
    assert!(status.success());
    assert!(site.out("index.html").is_file());
}

#[test]
fn static_files_are_copied_and_the_site_wins_over_the_theme() {
    let site = TestSite::new(
        r#"
-- static/style.css --
body { color: red; }
-- static/img/logo.svg --
<svg></svg>
-- themes/default/static/theme-only.txt --
from the theme
"#,
    );
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.out("style.css")).expect("css"),
        "body { color: red; }\n"
    );
    assert!(site.out("img/logo.svg").is_file());
    assert!(site.out("theme-only.txt").is_file());
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = TestSite::new(
        r#"
-- content/about.md --
+++
title = "About"
+++
-- templates/page.html --
{% extends "base.html" %}
{% block content %}<p class="mine">Own page: {{ content.title }}</p>{% endblock content %}
-- templates/landing.html --
<!DOCTYPE html><title>{{ page.title }}</title><p>Landing {{ content.extra.tagline }}</p>
-- content/start.md --
+++
title = "Start"
template = "landing.html"
[extra]
tagline = "hello"
+++
"#,
    );
    site.build_ok();
    assert!(
        site.page("about/")
            .contains(r#"<p class="mine">Own page: About</p>"#)
    );
    // the rest of the theme still applies
    assert!(site.page("roles/").contains("site-header"));
    assert!(site.page("start/").contains("<p>Landing hello</p>"));
}

#[test]
fn text_from_content_is_escaped_where_it_lands() {
    let site = TestSite::new(
        r#"
-- content/roles/x.md --
+++
title = "<script>alert('title')</script>"
summary = "\"><img src=x onerror=alert(1)>"
skills = ["<b>Bold</b>"]
+++
Body <script>alert('body')</script>
-- content/faqs/x.toml --
role = "x"
[[faq]]
question = "<i>Why?</i>"
answer = """
<script>alert('answer')</script>

A [link](javascript:alert(1)).
"""
-- content/salaries/x.toml --
role = "x"
[[city]]
city = "<svg onload=alert(1)>"
country = "Nowhere & Co"
currency = "USD"
median = 1000
"#,
    );
    site.build_ok();
    let mut pages = vec![
        site.page("roles/x/"),
        site.page("roles/"),
        site.page("cities/"),
        site.page("faq/"),
        site.page("skills/"),
    ];
    for entry in std::fs::read_dir(site.out("cities")).expect("cities") {
        let path = entry.expect("entry").path().join("index.html");
        if path.is_file() {
            pages.push(std::fs::read_to_string(path).expect("city page"));
        }
    }
    for html in &pages {
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<svg onload"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<b>Bold</b>"), "{html}");
        assert!(!html.contains("<i>Why?</i>"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
    }
    assert!(pages[0].contains("&lt;script&gt;"), "{}", pages[0]);
    assert!(
        pages[0].contains(r##"A <a href="#">link</a>."##),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("Nowhere &amp; Co"), "{}", pages[0]);
}

#[test]
fn minify_shrinks_pages_without_changing_what_they_say() {
    let site = TestSite::new(SITE);
    site.build_ok();
    let plain = site.page("roles/backend-developer/");
    site.write(
        "site.toml",
        &format!("minify = true\n{}", common::SITE_TOML),
    );
    site.build_ok();
    let small = site.page("roles/backend-developer/");
    assert!(
        small.len() < plain.len() * 9 / 10,
        "{} vs {}",
        small.len(),
        plain.len()
    );
    assert_eq!(
        text_of(&small).replace(' ', ""),
        text_of(&plain).replace(' ', "")
    );
}

#[test]
fn salaries_without_an_exchange_rate_are_charted_apart() {
    let site = TestSite::new(
        r#"
-- site.toml --
title = "T"
base_url = "https://x.org"
-- content/roles/x.md --
+++
title = "X"
summary = "S"
+++
-- content/salaries/x.toml --
role = "x"
[[city]]
city = "Delhi"
country = "India"
currency = "INR"
median = 1250000
[[city]]
city = "Austin"
country = "United States"
currency = "USD"
median = 136000
-- content/roles/y.md --
+++
title = "Y"
summary = "S"
+++
-- content/salaries/y.toml --
role = "y"
[[city]]
city = "delhi"
country = "India"
currency = "INR"
median = 1100000
[[city]]
city = "Mumbai"
country = "India"
currency = "INR"
median = 1200000
"#,
    );
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    // Each currency is named at the first city paid in it, with the line site.toml needs;
    // without a base, the currency most cities are paid in (the first by code of equals).
    // Cities are counted once however many roles are paid there (a bug counted Delhi
    // twice: "and 2 other cities").
    assert_eq!(
        warnings,
        [
            "content/salaries/x.toml:3:8: INR has no exchange rate, so the pay in Delhi and 1 other city is charted apart from the rest: add to site.toml a [currencies] table with `base = \"INR\"`: the currency all pay is compared in",
            "content/salaries/x.toml:8:8: USD has no exchange rate, so the pay in Austin is charted apart from the rest: add to site.toml a [currencies] table with `base = \"INR\"` and a line `USD = ...`: how many USD one INR buys",
        ]
    );
    let html = site.page("roles/x/");
    assert!(html.contains("In INR (no exchange rate set)"), "{html}");
    assert!(html.contains("In USD (no exchange rate set)"), "{html}");

    // With a base currency, the line to add says how many of the currency one base buys.
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://x.org\"\n[currencies]\nbase = \"USD\"\n",
    );
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "content/salaries/x.toml:3:8: INR has no exchange rate, so the pay in Delhi and 1 other city is charted apart from the rest: add a line `INR = ...` below [currencies] in site.toml: how many INR one USD buys"
        ]
    );
}

#[test]
fn section_intros_give_listings_their_own_text() {
    let site = TestSite::new(
        r#"
-- content/roles/_index.md --
+++
title = "All the jobs"
description = "Every job we cover."
+++
Pick a **role**.
"#,
    );
    site.build_ok();
    let html = site.page("roles/");
    assert!(html.contains("<h1>All the jobs</h1>"), "{html}");
    assert!(html.contains("Pick a <strong>role</strong>."), "{html}");
    assert!(html.contains(r#"content="Every job we cover.""#), "{html}");
}

/// The largest category comes first (the main group of a guide, not the first by name),
/// roles without one last; the home page shows six of each with a link to the rest.
#[test]
fn categories_come_largest_first_and_the_home_page_shows_a_few_of_each() {
    let mut files = String::new();
    for i in 0..8 {
        files.push_str(&format!(
            "-- content/roles/z{i}.md --\n+++\ntitle = \"Zeta Role {i}\"\nsummary = \"Z.\"\ncategory = \"Zeta\"\n+++\n"
        ));
    }
    files.push_str("-- content/roles/a.md --\n+++\ntitle = \"Alpha Role\"\nsummary = \"A.\"\ncategory = \"Alpha\"\n+++\n");
    files
        .push_str("-- content/roles/n.md --\n+++\ntitle = \"Loose Role\"\nsummary = \"N.\"\n+++\n");
    let site = TestSite::new(&files);
    site.build_ok();
    let roles = text_of(&site.page("roles/"));
    let zeta = roles.find("Zeta (8)").expect("zeta in the contents");
    let alpha = roles.find("Alpha (1)").expect("alpha in the contents");
    let other = roles.find("Other roles (1)").expect("the rest");
    assert!(zeta < alpha && alpha < other, "{roles}");
    assert_eq!(
        roles.matches("Zeta Role").count(),
        8,
        "the roles page lists all"
    );
    let home = site.page("");
    assert_eq!(text_of(&home).matches("Zeta Role").count(), 6, "{home}");
    assert!(
        home.contains(r##"<a href="/roles/#zeta">All 8 roles in Zeta</a>"##),
        "{home}"
    );
    assert!(!home.contains("roles in Alpha"));
}

/// Listings too long for one page come in parts: `/roles/` shows 500 roles, then
/// `/roles/page/2/`; `/faq/` shows the site-wide questions and 30 roles' questions, then
/// `/faq/page/2/` and on. Each part links to the others, says which it is in its title, and a
/// category's link goes to the part where it starts.
#[test]
fn long_listings_come_in_parts() {
    let mut files = String::new();
    for i in 0..501 {
        let category = if i < 400 { "Big" } else { "Small" };
        files.push_str(&format!(
            "-- content/roles/r{i:03}.md --\n+++\ntitle = \"Role {i:03}\"\nsummary = \"S.\"\ncategory = \"{category}\"\n+++\n"
        ));
        if i < 101 {
            files.push_str(&format!(
                "-- content/faqs/r{i:03}.toml --\nrole = \"r{i:03}\"\n[[faq]]\nquestion = \"Why {i:03}?\"\nanswer = \"Because.\"\n"
            ));
        }
    }
    files.push_str("-- content/faqs/site.toml --\n[[faq]]\nquestion = \"Who writes this?\"\nanswer = \"We do.\"\n");
    let site = TestSite::new(&files);
    site.build_ok();

    let first = site.page("roles/");
    let second = site.page("roles/page/2/");
    assert_eq!(text_of(&first).matches("Role ").count(), 500);
    assert_eq!(text_of(&second).matches("Role ").count(), 1);
    assert!(
        second.contains("<title>Roles, page 2 of 2 · Test Careers</title>"),
        "{second}"
    );
    assert!(first.contains(r#"<a href="/roles/page/2/" rel="next">"#));
    assert!(second.contains(r#"<a href="/roles/" rel="prev">"#));
    assert!(second.contains(r#"<a href="/roles/page/2/" aria-current="page""#));
    // "Small" (101 roles) starts on the first part, after "Big" (400); its last role is on
    // the second.
    assert!(
        first.contains(r##"<a href="/roles/#small">Small</a> (101)"##),
        "{first}"
    );
    assert!(text_of(&second).contains("Small Role 500"), "{second}");
    assert!(!first.contains("Role 500"));

    let faq = site.page("faq/");
    let faq2 = site.page("faq/page/2/");
    assert!(faq.contains("Who writes this?") && !faq2.contains("Who writes this?"));
    assert_eq!(text_of(&faq).matches("Why ").count(), 30);
    assert_eq!(text_of(&faq2).matches("Why ").count(), 30);
    assert!(faq2.contains("Why 030?"), "{faq2}");
    assert!(site.page("faq/page/4/").contains("Why 100?"));
    assert!(faq2.contains("<title>Frequently asked questions, page 2 of 4"));
    // Only the first part of a listing is in the sitemap.
    let sitemap = std::fs::read_to_string(site.out("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("/roles/</loc>") && !sitemap.contains("/page/2/"));
}

/// The sample site with the benchmark's `hugo-like` theme (bench/themes/hugo-like: the pages
/// Hugo's bench templates write), which prints neither JSON-LD nor charts nor a salary page's
/// other roles: the build makes none of them, so a salary page reads nothing that only they
/// show. An edit to a role's responsibilities, which the default theme's salary pages carry
/// in their JSON-LD, renders the role's page again and none of its salary pages.
#[test]
fn a_theme_that_prints_less_makes_less() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::new("");
    std::fs::remove_dir_all(site.root().join("content")).expect("empty content");
    common::copy_dir(&root.join("content"), &site.root().join("content"));
    common::copy_dir(&root.join("static"), &site.root().join("static"));
    common::copy_dir(
        &root.join("bench/themes/hugo-like"),
        &site.root().join("themes/hugo-like"),
    );
    let config = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
    assert!(config.contains("theme = \"default\""));
    site.write(
        "site.toml",
        &config.replace("theme = \"default\"", "theme = \"hugo-like\""),
    );
    let first = site.build_ok();
    let role = site.page("roles/backend-software-engineer/index.html");
    assert!(role.contains("<h2>Responsibilities</h2><ul><li>Build and look after"));
    assert!(role.contains("<h2>Salaries</h2><table><tr><td>"));
    let salary = site.page("roles/backend-software-engineer/salary/london/index.html");
    assert!(
        salary.contains("in other cities</h2><table><tr><td>"),
        "{salary}"
    );
    for page in [&role, &salary] {
        assert!(
            !page.contains("ld+json") && !page.contains("<svg"),
            "{page}"
        );
    }
    assert_eq!(first.rendered, first.total_pages());

    site.edit(
        "content/roles/backend-software-engineer.md",
        "Build and look after the server-side",
        "Build and tend the server-side",
    );
    let again = site.build_ok();
    // The role's page, and the search index (which reads a role's skills from the same
    // part), unchanged: without the theme's uses, every salary page of the role too.
    assert_eq!(again.rendered, 2, "{again:?}");
    assert_eq!(
        again.written,
        ["roles/backend-software-engineer/index.html"]
    );
    assert!(
        site.page("roles/backend-software-engineer/index.html")
            .contains("<li>Build and tend the server-side")
    );
}

/// The default theme's header is a partial rendered once for each section and for pages with
/// and without the search form: each page still gets its own variant.
#[test]
fn every_page_gets_the_header_of_its_section() {
    let site = TestSite::new(
        "-- content/roles/x.md --\n+++\ntitle = \"X\"\nsummary = \"S\"\n+++\n\
         -- content/about.md --\n+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site.build_ok();
    let header = |rel: &str| {
        let page = site.page(rel);
        let start = page
            .find("<header class=\"site-header\">")
            .expect("a header");
        let end = page[start..].find("</header>").expect("its end") + start;
        page[start..end].to_string()
    };
    let current = |h: &str| h.matches("aria-current=\"page\"").count();
    let roles = header("roles/");
    assert_eq!(current(&roles), 1, "{roles}");
    assert!(
        roles.contains("href=\"/roles/\" aria-current=\"page\""),
        "{roles}"
    );
    assert_eq!(header("roles/x/"), roles, "a role is in the roles section");
    let courses = header("courses/");
    assert!(
        courses.contains("href=\"/courses/\" aria-current=\"page\""),
        "{courses}"
    );
    assert_eq!(
        current(&header("")),
        0,
        "the home page is in no section of the nav"
    );
    for rel in ["", "roles/", "courses/", "about/"] {
        assert!(header(rel).contains("role=\"search\""), "{rel}");
    }
    // The search page has its own form: one search landmark a page.
    assert!(!header("search/").contains("role=\"search\""));
    // The footer, one rendering for all, lists the plain pages.
    assert!(
        site.page("search/")
            .contains("<a href=\"/about/\">About</a>")
    );
}
