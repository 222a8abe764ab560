//! `ladder build` into a folder that holds an earlier build: only pages whose inputs changed
//! are rendered, only files whose bytes changed are written, files no longer produced are
//! removed, and the cache beside the output is trusted only when it deserves it. After every
//! build the output is what a fresh build writes.

mod common;

use common::{TestSite, assert_same_tree, fresh_build};
use ladder::BuildReport;

const SITE: &str = r#"
-- content/_index.md --
+++
title = "Home"
+++
Hello.
-- content/roles/backend.md --
+++
title = "Backend Developer"
summary = "Server side."
skills = ["Python", "SQL"]
related = ["lead"]
+++
Body of backend.
-- content/roles/lead.md --
+++
title = "Lead Developer"
summary = "Leads."
skills = ["Python"]
+++
-- content/salaries/backend.toml --
role = "backend"
[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 77000
-- content/courses/python.md --
+++
title = "Python 101"
provider = "Academy"
skills = ["Python"]
+++
-- content/about.md --
+++
title = "About"
+++
About us.
-- static/humans.txt --
User-agent: *
"#;

fn build(site: &TestSite) -> BuildReport {
    let report = site.build_ok();
    let fresh = fresh_build(site);
    assert_same_tree(&site.out(""), &fresh.path().join("site"));
    report
}

fn no_cache(site: &TestSite) -> BuildReport {
    let mut options = site.options();
    options.no_cache = true;
    let report = ladder::build(&options).expect("build");
    let fresh = fresh_build(site);
    assert_same_tree(&site.out(""), &fresh.path().join("site"));
    report
}

fn cache(site: &TestSite) -> std::path::PathBuf {
    site.root().join(".public.ladder/cache")
}

#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    let site = TestSite::new(SITE);
    let first = build(&site);
    assert_eq!(first.rendered, first.total_pages());
    assert_eq!(
        first.written.len(),
        first.total_pages() + first.static_files
    );
    let again = build(&site);
    assert_eq!(again.parsed, 0);
    assert_eq!(again.rendered, 0);
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert!(again.removed.is_empty());
    assert!(
        again
            .summary()
            .ends_with("0 files rendered, 0 written, 0 removed")
    );
}

#[test]
fn a_body_edit_renders_and_writes_one_page() {
    let site = TestSite::new(SITE);
    build(&site);
    site.edit(
        "content/roles/backend.md",
        "Body of backend.",
        "A new body.",
    );
    let r = build(&site);
    assert_eq!(r.parsed, 1, "the other files are kept parsed");
    assert_eq!(r.rendered, 1);
    assert_eq!(r.written, ["roles/backend/index.html"]);
    assert!(site.page("roles/backend/").contains("A new body."));
}

#[test]
fn a_title_reaches_every_page_that_shows_it_and_no_other() {
    let site = TestSite::new(SITE);
    build(&site);
    site.edit("content/roles/lead.md", "Lead Developer", "Tech Lead");
    let r = build(&site);
    for page in [
        "roles/lead/index.html",
        "roles/backend/index.html",
        "roles/index.html",
        "skills/python/index.html",
        "index.html",
    ] {
        assert!(
            r.written.iter().any(|w| w == page),
            "{page}: {:?}",
            r.written
        );
    }
    assert!(!r.written.iter().any(|w| w == "about/index.html"));
    assert!(!r.written.iter().any(|w| w == "courses/python/index.html"));
}

#[test]
fn files_no_longer_produced_are_removed() {
    let site = TestSite::new(SITE);
    build(&site);
    std::fs::remove_file(site.root().join("content/courses/python.md")).expect("rm");
    std::fs::remove_file(site.root().join("static/humans.txt")).expect("rm");
    let r = build(&site);
    assert_eq!(r.removed, ["courses/python/index.html", "humans.txt"]);
    assert!(
        !site.out("courses/python").exists(),
        "its emptied folder goes too"
    );
}

#[test]
fn a_new_site_toml_renders_every_page_but_writes_only_what_changed() {
    let site = TestSite::new(SITE);
    let first = build(&site);
    site.write(
        "site.toml",
        &format!("{}\n# a comment changes no page\n", common::SITE_TOML),
    );
    let r = build(&site);
    assert_eq!(r.rendered, first.total_pages());
    assert!(r.written.is_empty(), "{:?}", r.written);
    site.write(
        "site.toml",
        &common::SITE_TOML.replace("Test Careers", "Other Careers"),
    );
    let r = build(&site);
    assert_eq!(
        r.written.len(),
        first.total_pages() - 3,
        "every page and the feed show the title"
    );
    for file in ["sitemap.xml", "robots.txt", "search-index.json"] {
        assert!(!r.written.iter().any(|w| w == file), "{file} does not");
    }
}

#[test]
fn a_static_file_is_compared_by_its_bytes() {
    let site = TestSite::new(SITE);
    build(&site);
    let path = site.root().join("static/humans.txt");
    let stamp = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("time");
    // Same size, same modification time, other bytes: still copied.
    site.write("static/humans.txt", "User-agent: #\n");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(stamp))
        .expect("set time");
    let r = build(&site);
    assert_eq!(r.written, ["humans.txt"]);
}

#[test]
fn files_changed_or_removed_by_hand_are_put_back() {
    let site = TestSite::new(SITE);
    build(&site);
    std::fs::remove_file(site.out("roles/lead/index.html")).expect("rm");
    std::fs::write(site.out("about/index.html"), "defaced").expect("write");
    std::fs::write(site.out("humans.txt"), "changed by hand").expect("write");
    let r = build(&site);
    assert_eq!(
        r.written,
        ["about/index.html", "humans.txt", "roles/lead/index.html"]
    );
    assert_eq!(r.rendered, 2, "only the two pages whose files changed");
}

#[test]
fn a_damaged_cache_or_one_from_another_binary_is_ignored() {
    let site = TestSite::new(SITE);
    let first = build(&site);
    let bytes = std::fs::read(cache(&site)).expect("a cache");
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    std::fs::write(cache(&site), &damaged).expect("damage");
    site.edit("content/roles/backend.md", "Body of backend.", "Edited.");
    let r = build(&site);
    assert_eq!(r.rendered, first.total_pages(), "nothing trusted");
    assert_eq!(
        r.written,
        ["roles/backend/index.html"],
        "bytes compared on disk"
    );

    // The CLI is another binary than this test: it reads the folder, not the cache.
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains(&format!(
            "{} files rendered, 0 written",
            first.total_pages()
        )),
        "{summary}"
    );
    let out = site.run(&["build"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 files rendered, 0 written"));
}

#[test]
fn no_cache_renders_everything_and_removes_what_is_not_the_site() {
    let site = TestSite::new(SITE);
    let first = build(&site);
    std::fs::write(site.out("stray.html"), "not ours").expect("stray");
    let r = site.build_ok();
    assert!(
        site.out("stray.html").exists(),
        "the cache knows only ladder's files"
    );
    assert_eq!(r.rendered, 0);
    let r = no_cache(&site);
    assert_eq!(r.rendered, first.total_pages());
    assert!(r.written.is_empty(), "{:?}", r.written);
    assert_eq!(r.removed, ["stray.html"]);
}

#[test]
fn a_failed_build_changes_neither_the_output_nor_the_cache() {
    let site = TestSite::new(SITE);
    build(&site);
    let before = common::tree(&site.out(""));
    let cache_before = std::fs::read(cache(&site)).expect("cache");
    site.edit("content/roles/backend.md", "Body of backend.", "Edited.");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ content.nope }}{% endblock content %}",
    );
    assert!(site.build().is_err());
    assert_eq!(common::tree(&site.out("")), before);
    assert_eq!(std::fs::read(cache(&site)).expect("cache"), cache_before);
    std::fs::remove_file(site.root().join("templates/page.html")).expect("rm");
    let r = build(&site);
    assert_eq!(r.written, ["roles/backend/index.html"]);
}

#[test]
fn an_output_folder_removed_by_hand_is_built_whole_again() {
    let site = TestSite::new(SITE);
    let first = build(&site);
    std::fs::remove_dir_all(site.out("")).expect("rm");
    let r = build(&site);
    assert_eq!(r.rendered, first.total_pages());
}
