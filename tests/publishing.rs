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

    // A role without salaries or questions says so by leaving them out.
    let other = structured_data(&site.page("roles/data-engineer/"));
    let o = node(&other, "Occupation");
    assert!(o.get("estimatedSalary").is_none() && o.get("occupationLocation").is_none());
    assert!(!has(&other, "FAQPage"));
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
    assert_eq!(
        questions,
        ["Where do the figures come from?", "Is SQL enough?"]
    );

    let home = structured_data(&site.page(""));
    let w = node(&home, "WebSite");
    assert_eq!(w["name"], "Test Careers");
    assert_eq!(w["url"], "https://careers.example.org/");
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
