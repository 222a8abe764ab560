//! Internal links and #anchors: `ladder check` and `ladder build` fail on a broken one, naming
//! the file and line where it was written (content or template), and pass every kind of link
//! that leads somewhere. `check` writes nothing.

mod common;

use common::{TestSite, tree};

const SITE: &str = r#"
-- content/roles/data-analyst.md --
+++
title = "Data Analyst"
summary = "Turns data into decisions."
skills = ["SQL"]
+++
## What the work is

Analysts answer questions with data. See [engineers](/roles/data-engineer/),
[their pay](/roles/data-engineer/#role-salaries), [the same page](../data-engineer/),
[a heading](#what-the-work-is), [the top](#top), [a question](/faq/#faq-where-do-the-figures-come-from),
[the style sheet](/style.css), [the full URL](https://careers.example.org/skills/sql/),
[another site](https://example.com/nowhere/) and [mail](mailto:jobs@example.org).
-- content/roles/data-engineer.md --
+++
title = "Data Engineer"
summary = "Builds the pipelines analysts use."
skills = ["SQL"]
+++
## Pipelines

Engineers build what [analysts](/roles/data-analyst/#what-the-work-is) use.
-- content/salaries/data-engineer.toml --
role = "data-engineer"
as_of = 2026-11-20

[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 45000
-- content/faqs/general.toml --
[[faq]]
question = "Where do the figures come from?"
answer = "From surveys: see [the roles](/roles/)."
"#;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn links_that_lead_somewhere_pass_check_and_build() {
    let site = TestSite::new(SITE);
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Checked "), "{stdout}");
    assert!(stdout.contains("nothing is broken"), "{stdout}");
    let report = site.build_ok();
    assert!(report.links > 20, "{}", report.links);
}

#[test]
fn a_broken_markdown_link_fails_check_at_its_line_and_writes_nothing() {
    let site = TestSite::new(SITE);
    site.edit(
        "content/roles/data-engineer.md",
        "Engineers build",
        "Engineers (see [the lead](/roles/lead-engineer/)) build",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: content/roles/data-engineer.md:8:16: broken link `/roles/lead-engineer/`: \
             the site has no page or file at /roles/lead-engineer/"
        ),
        "{err}"
    );
    assert!(err.contains("Check failed: 1 problem."), "{err}");
    // Nothing written: no output folder, no work folder, no cache.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n != "public" && !n.starts_with(".public")),
        "{names:?}"
    );

    // `build` fails alike, and leaves the output folder as it was.
    site.edit(
        "content/roles/data-engineer.md",
        "/roles/lead-engineer/",
        "/roles/",
    );
    site.build_ok();
    let before = tree(&site.out(""));
    site.edit(
        "content/roles/data-engineer.md",
        "(/roles/)",
        "(/roles/lead-engineer/)",
    );
    let errors = site.errors();
    assert_eq!(
        common::only(errors),
        "content/roles/data-engineer.md:8:16: broken link `/roles/lead-engineer/`: \
         the site has no page or file at /roles/lead-engineer/"
    );
    assert_eq!(tree(&site.out("")), before);
}

#[test]
fn a_broken_anchor_fails_check_at_its_line() {
    let site = TestSite::new(SITE);
    site.edit(
        "content/roles/data-analyst.md",
        "(#what-the-work-is)",
        "(#what-teh-work-is)",
    );
    site.edit(
        "content/roles/data-analyst.md",
        "/roles/data-engineer/#role-salaries",
        "/roles/data-engineer/#salary",
    );
    site.edit(
        "content/faqs/general.toml",
        "(/roles/)",
        "(/roles/#nowhere)",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "error: content/roles/data-analyst.md:9:1: broken link `/roles/data-engineer/#salary`: \
         /roles/data-engineer/ has no element with id `salary`",
        "error: content/roles/data-analyst.md:10:1: broken link `#what-teh-work-is`: \
         the page has no element with id `what-teh-work-is`",
        "error: content/faqs/general.toml:3:29: broken link `/roles/#nowhere`: \
         /roles/ has no element with id `nowhere`",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in\n{err}");
    }
    assert!(err.contains("Check failed: 3 problems."), "{err}");
}

#[test]
fn a_broken_template_link_is_reported_in_the_template_once_for_all_pages() {
    let site = TestSite::new(SITE);
    let base = std::fs::read_to_string(site.root().join("themes/default/templates/base.html"))
        .unwrap()
        .replacen(
            "<a class=\"skip\" href=\"#main\">",
            "<a href=\"/about-us/\">About</a><a class=\"skip\" href=\"#mian\">",
            1,
        )
        .replacen("favicon.svg", "favicon.png", 1);
    site.write("templates/base.html", &base);
    let line = base.lines().position(|l| l.contains("/about-us/")).unwrap() + 1;
    let icon_line = base
        .lines()
        .position(|l| l.contains("favicon.png"))
        .unwrap()
        + 1;
    // Columns count from 1, at the link's first character.
    let col = |text: &str| base.lines().nth(line - 1).unwrap().find(text).unwrap() + 1;
    let (about, mian) = (col("/about-us/"), col("#mian"));
    let errors: Vec<String> = match ladder::check(&site.options()) {
        Ok(_) => panic!("check passed"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    };
    let pages = errors[0].rsplit("(on ").next().unwrap().to_string();
    assert!(pages.contains("other pages"), "{pages}");
    assert_eq!(
        errors,
        [
            format!(
                "templates/base.html:{icon_line}:44: broken link `/favicon.png`: the site has no \
                 page or file at /favicon.png (on {pages}"
            ),
            format!(
                "templates/base.html:{line}:{about}: broken link `/about-us/`: the site has no page \
                 or file at /about-us/ (on {pages}"
            ),
            format!(
                "templates/base.html:{line}:{mian}: broken link `#mian`: the page has no element \
                 with id `mian` (on {pages}"
            ),
        ]
    );
}

/// A page that is not rendered again still has its links checked: a build that removes the
/// page another page's Markdown links to, or the heading it links to, fails there.
#[test]
fn removing_a_linked_page_or_heading_fails_the_next_build_where_the_link_was_written() {
    let site = TestSite::new(SITE);
    site.build_ok();
    // The analyst's heading goes: the engineer's page, not rendered again, links to it.
    site.edit(
        "content/roles/data-analyst.md",
        "## What the work is",
        "## The work",
    );
    site.edit(
        "content/roles/data-analyst.md",
        "(#what-the-work-is)",
        "(#the-work)",
    );
    assert_eq!(
        common::only(site.errors()),
        "content/roles/data-engineer.md:8:22: broken link `/roles/data-analyst/#what-the-work-is`: \
         /roles/data-analyst/ has no element with id `what-the-work-is`"
    );
    site.edit(
        "content/roles/data-analyst.md",
        "## The work",
        "## What the work is",
    );
    site.edit(
        "content/roles/data-analyst.md",
        "(#the-work)",
        "(#what-the-work-is)",
    );
    site.build_ok();
    // The engineer goes: the analyst's page links to it, and to its salary section.
    std::fs::remove_file(site.root().join("content/roles/data-engineer.md")).unwrap();
    std::fs::remove_file(site.root().join("content/salaries/data-engineer.toml")).unwrap();
    let errors = site.errors();
    assert!(
        errors.contains(
            &"content/roles/data-analyst.md:8:42: broken link `/roles/data-engineer/`: the site \
              has no page or file at /roles/data-engineer/"
                .to_string()
        ),
        "{errors:#?}"
    );
    assert!(
        errors.contains(
            &"content/roles/data-analyst.md:9:1: broken link `/roles/data-engineer/#role-salaries`: \
              the site has no page or file at /roles/data-engineer/"
                .to_string()
        ),
        "{errors:#?}"
    );
}

#[test]
fn links_from_the_site_root_follow_the_base_path() {
    // Authors write site paths: published under /careers/, `/roles/data-engineer/` leads to
    // /careers/roles/data-engineer/, checked as such, in bodies and answers alike.
    let site = TestSite::new(SITE);
    let careers = ["--base-url", "https://example.org/careers/"];
    let out = site.run(&[&["check"][..], &careers].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run(&[&["build"][..], &careers].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let analyst = site.page("roles/data-analyst/");
    for href in [
        "href=\"/careers/roles/data-engineer/\"",
        "href=\"/careers/roles/data-engineer/#role-salaries\"",
        "href=\"/careers/style.css\"",
        "href=\"../data-engineer/\"",
        "href=\"https://example.com/nowhere/\"",
    ] {
        assert!(analyst.contains(href), "{href} in {analyst}");
    }
    assert!(!analyst.contains("href=\"/roles/"), "{analyst}");
    let faq = site.page("faq/");
    assert!(faq.contains("href=\"/careers/roles/\""), "{faq}");
    // At a domain's root, the same content gives the same paths as written.
    site.build_ok();
    assert!(
        site.page("roles/data-analyst/")
            .contains("href=\"/roles/data-engineer/\"")
    );

    // The errors of `check` under /careers/ once the engineer's link to the analysts is
    // written as `to`.
    let mut written = "[analysts](/roles/data-analyst/#what-the-work-is)".to_string();
    let mut broken_as = |to: &str| {
        let to = format!("[analysts]({to})");
        site.edit("content/roles/data-engineer.md", &written, &to);
        written = to;
        let out = site.run(&[&["check"][..], &careers].concat());
        assert_eq!(out.status.code(), Some(1));
        stderr(&out)
    };

    // A broken one is reported where it was written, with the path it leads to.
    let err = broken_as("/roles/data-analysts/");
    assert!(
        err.contains(
            "content/roles/data-engineer.md:8:22: broken link `/roles/data-analysts/`: the site \
             has no page or file at /careers/roles/data-analysts/"
        ),
        "{err}"
    );
    // The theme's own links follow the base path.
    assert!(!err.contains("templates/"), "{err}");

    // Written with the base path, which ladder adds again: the message says so.
    let err = broken_as("/careers/roles/data-analyst/");
    assert!(
        err.contains(
            "content/roles/data-engineer.md:8:22: broken link `/careers/roles/data-analyst/`: \
             the site has no page or file at /careers/careers/roles/data-analyst/, which holds \
             the base path /careers/ twice: a link from the site's root is written without it \
             in Markdown (`/roles/data-analyst/`), and ladder adds it"
        ),
        "{err}"
    );
}

#[test]
fn check_reports_json_with_file_and_line() {
    let site = TestSite::new(SITE);
    site.edit("content/roles/data-analyst.md", "(#top)", "(#bottom)");
    let out = site.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "content/roles/data-analyst.md");
    assert_eq!(errors[0]["line"], 10);
    assert_eq!(errors[0]["column"], 33);
    site.edit("content/roles/data-analyst.md", "(#bottom)", "(#top)");
    let out = site.run(&["check", "--json"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["links"].as_u64().unwrap() > 20, "{report}");
    assert_eq!(report["written"], serde_json::json!([]));
}

/// A page links to a static file through its template: removing the file renders every
/// page again (the static files' names are part of what every page reads), so the next build
/// fails although no content changed.
#[test]
fn removing_a_static_file_that_templates_link_to_fails_the_next_build() {
    let site = TestSite::new(SITE);
    let base = std::fs::read_to_string(site.root().join("themes/default/templates/base.html"))
        .unwrap()
        .replacen(
            "<a class=\"skip\" href=\"#main\">",
            "<a href=\"/files/brochure.pdf\">Brochure</a><a class=\"skip\" href=\"#main\">",
            1,
        );
    site.write("templates/base.html", &base);
    site.write("static/files/brochure.pdf", "%PDF-1.4");
    site.build_ok();
    std::fs::remove_file(site.root().join("static/files/brochure.pdf")).unwrap();
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("templates/base.html:")
            && errors[0].contains(
                "broken link `/files/brochure.pdf`: the site has no page or file at \
                 /files/brochure.pdf"
            ),
        "{errors:#?}"
    );
}

#[test]
fn links_to_content_files_lead_to_their_pages_wherever_the_site_is() {
    // `@/` names a content file: the link follows its page, at a domain's root and under a
    // path alike, to a section with `#`.
    let site = TestSite::new(&format!(
        "{SITE}-- content/guides/first-job.md --\n+++\ntitle = \"First job\"\ndate = 2026-01-10\n+++\nRead [the analyst's work](@/roles/data-analyst.md#what-the-work-is), [engineers](@/roles/data-engineer.md) and [home](@/_index.md).\n"
    ));
    let careers = ["--base-url", "https://example.org/careers/"];
    let out = site.run(&[&["build"][..], &careers].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let guide = site.page("guides/first-job/");
    for href in [
        "href=\"/careers/roles/data-analyst/#what-the-work-is\"",
        "href=\"/careers/roles/data-engineer/\"",
        "href=\"/careers/\"",
    ] {
        assert!(guide.contains(href), "{href} in {guide}");
    }
    assert!(!guide.contains("@/"), "{guide}");
    site.build_ok();
    assert!(
        site.page("guides/first-job/")
            .contains("href=\"/roles/data-engineer/\"")
    );

    // A file that is not there, one that makes no page, and a section that is not there:
    // each at its line and column, by the link as written.
    site.write(
        "content/guides/first-job.md",
        "+++\ntitle = \"First job\"\ndate = 2026-01-10\n+++\n[a](@/roles/data-analist.md) [b](@/faqs/general.toml)\n[c](@/roles/data-analyst.md#no-such-part)\n",
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "content/guides/first-job.md:5:1: broken link `@/roles/data-analist.md`: there is no content/roles/data-analist.md",
            "content/guides/first-job.md:5:30: broken link `@/faqs/general.toml`: content/faqs/general.toml makes no page: an `@/` link names a role, course, guide or page by its file below content/, such as `@/roles/data-analyst.md`",
            "content/guides/first-job.md:6:1: broken link `@/roles/data-analyst.md#no-such-part`: /roles/data-analyst/ has no element with id `no-such-part`",
        ]
    );
}
