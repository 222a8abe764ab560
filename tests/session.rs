//! The incremental build behind `ladder serve`: after every kind of edit the output must be
//! exactly what a fresh `ladder build` writes, and pages an edit does not touch must not be
//! written again.

mod common;

use std::path::PathBuf;

use common::TestSite;
use ladder::BuildOptions;
use ladder::session::{Changes, Outcome, Session};

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
category = "Engineering"
skills = ["Python", "SQL"]
related = ["frontend"]
next = ["lead"]
+++
Body of backend.
-- content/roles/frontend.md --
+++
title = "Frontend Developer"
summary = "Client side."
category = "Engineering"
skills = ["JavaScript"]
next = ["lead"]
+++
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
[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 81000
-- content/salaries/lead.toml --
role = "lead"
[[city]]
city = "London"
country = "United Kingdom"
currency = "GBP"
median = 90000
-- content/faqs/backend.toml --
role = "backend"
[[faq]]
question = "What is it?"
answer = "A job."
-- content/courses/python.md --
+++
title = "Python 101"
provider = "Academy"
skills = ["Python"]
+++
-- content/guides/start.md --
+++
title = "Start Here"
date = 2026-01-01
roles = ["backend"]
+++
-- content/about.md --
+++
title = "About"
+++
About us.
"#;

struct Preview {
    site: TestSite,
    out: tempfile::TempDir,
    session: Session,
}

impl Preview {
    fn new(files: &str) -> Preview {
        let site = TestSite::new(files);
        let out = tempfile::tempdir().expect("out");
        let options = BuildOptions {
            root: site.root().to_path_buf(),
            output: Some(out.path().join("site")),
            ..BuildOptions::default()
        };
        let (session, outcome) = Session::open(options);
        assert!(matches!(outcome, Outcome::Built(_)), "{outcome:?}");
        Preview { site, out, session }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.root().join(rel)
    }

    /// Tells the session that `rels` changed and expects a good build.
    fn changed(&mut self, rels: &[&str]) -> Changes {
        match self.update(rels) {
            Outcome::Built(c) => {
                self.assert_same_as_a_fresh_build();
                c
            }
            Outcome::Failed(problems) => panic!("rebuild failed:\n{problems}"),
        }
    }

    fn update(&mut self, rels: &[&str]) -> Outcome {
        let paths: Vec<PathBuf> = rels.iter().map(|r| self.path(r)).collect();
        self.session.update(&paths)
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.path().join("site").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn assert_same_as_a_fresh_build(&self) {
        let fresh = common::fresh_build(&self.site);
        common::assert_same_tree(&self.out.path().join("site"), &fresh.path().join("site"));
    }
}

#[test]
fn the_first_build_is_a_full_build() {
    let p = Preview::new(SITE);
    p.assert_same_as_a_fresh_build();
}

#[test]
fn editing_a_body_rewrites_only_that_page() {
    let mut p = Preview::new(SITE);
    p.site.edit(
        "content/roles/backend.md",
        "Body of backend.",
        "A new body.",
    );
    let c = p.changed(&["content/roles/backend.md"]);
    assert_eq!(c.written, ["roles/backend/index.html"]);
    assert_eq!(c.rendered, 1, "only the role's own page reads its body");
    assert!(p.page("roles/backend/index.html").contains("A new body."));
}

#[test]
fn a_new_title_reaches_every_page_that_shows_it() {
    let mut p = Preview::new(SITE);
    p.site
        .edit("content/roles/lead.md", "Lead Developer", "Tech Lead");
    let c = p.changed(&["content/roles/lead.md"]);
    for page in [
        "roles/lead/index.html",
        "roles/backend/index.html",
        "roles/frontend/index.html",
        "roles/index.html",
        "skills/python/index.html",
        "cities/london/index.html",
        "roles/backend/salary/london/index.html",
        "index.html",
    ] {
        assert!(
            c.written.iter().any(|w| w == page),
            "{page} not rewritten: {:?}",
            c.written
        );
        assert!(p.page(page).contains("Tech Lead"), "{page}");
    }
    assert!(
        !c.written.iter().any(|w| w == "courses/python/index.html"),
        "{:?}",
        c.written
    );
    assert!(
        !c.written.iter().any(|w| w == "about/index.html"),
        "{:?}",
        c.written
    );
}

#[test]
fn creating_deleting_and_renaming_files() {
    let mut p = Preview::new(SITE);
    p.write(
        "content/roles/data.md",
        "+++\ntitle = \"Data Engineer\"\nsummary = \"Data.\"\nskills = [\"SQL\", \"Spark\"]\n+++\n",
    );
    let c = p.changed(&["content/roles/data.md"]);
    assert!(c.written.iter().any(|w| w == "roles/data/index.html"));
    assert!(c.written.iter().any(|w| w == "skills/spark/index.html"));

    std::fs::rename(
        p.path("content/roles/data.md"),
        p.path("content/roles/data-engineer.md"),
    )
    .expect("rename");
    let c = p.changed(&["content/roles/data.md", "content/roles/data-engineer.md"]);
    assert!(
        c.removed.iter().any(|w| w == "roles/data/index.html"),
        "{c:?}"
    );
    assert!(
        c.written
            .iter()
            .any(|w| w == "roles/data-engineer/index.html")
    );

    std::fs::remove_file(p.path("content/roles/data-engineer.md")).expect("rm");
    let c = p.changed(&["content/roles/data-engineer.md"]);
    assert!(
        c.removed
            .iter()
            .any(|w| w == "roles/data-engineer/index.html")
    );
    assert!(
        c.removed.iter().any(|w| w == "skills/spark/index.html"),
        "a skill no role needs is gone"
    );
}

#[test]
fn deleting_a_role_others_point_to_is_reported_until_fixed() {
    let mut p = Preview::new(SITE);
    let before = p.page("roles/frontend/index.html");
    std::fs::remove_file(p.path("content/roles/frontend.md")).expect("rm");
    match p.update(&["content/roles/frontend.md"]) {
        Outcome::Failed(problems) => {
            let text = problems.to_string();
            assert!(
                text.contains(
                    "content/roles/backend.md:6:12: `frontend` in `related` names no role"
                ),
                "{text}"
            );
        }
        Outcome::Built(c) => panic!("should fail: {c:?}"),
    }
    // the last good pages stay
    assert_eq!(p.page("roles/frontend/index.html"), before);
    p.site
        .edit("content/roles/backend.md", "related = [\"frontend\"]\n", "");
    let c = p.changed(&["content/roles/backend.md"]);
    assert!(c.removed.iter().any(|w| w == "roles/frontend/index.html"));
}

#[test]
fn folders_appearing_and_vanishing() {
    let mut p = Preview::new(SITE);
    p.write(
        "content/roles/ops/sre.md",
        "+++\ntitle = \"SRE\"\nsummary = \"Keeps it up.\"\n+++\n",
    );
    p.write(
        "content/roles/ops/dba.md",
        "+++\ntitle = \"DBA\"\nsummary = \"Keeps data.\"\n+++\n",
    );
    p.changed(&["content/roles/ops"]);
    assert!(p.page("roles/sre/index.html").contains("Keeps it up."));
    std::fs::rename(
        p.path("content/roles/ops"),
        p.path("content/roles/operations"),
    )
    .expect("mv");
    p.changed(&["content/roles/ops", "content/roles/operations"]);
    std::fs::remove_dir_all(p.path("content/roles/operations")).expect("rm");
    let c = p.changed(&["content/roles/operations"]);
    assert!(c.removed.iter().any(|w| w == "roles/sre/index.html"));
}

#[test]
fn salary_faq_course_and_guide_edits() {
    let mut p = Preview::new(SITE);
    p.site
        .edit("content/salaries/backend.toml", "77000", "99000");
    let c = p.changed(&["content/salaries/backend.toml"]);
    assert!(p.page("cities/london/index.html").contains("£99,000"));
    assert!(
        c.written
            .iter()
            .any(|w| w == "roles/lead/salary/london/index.html"),
        "the neighbour's page shows it"
    );
    p.write(
        "content/faqs/backend.toml",
        "role = \"backend\"\n[[faq]]\nquestion = \"Why?\"\nanswer = \"Because.\"\n",
    );
    p.changed(&["content/faqs/backend.toml"]);
    assert!(p.page("faq/index.html").contains("Why?"));
    p.write(
        "content/courses/sql.md",
        "+++\ntitle = \"SQL 101\"\nprovider = \"Academy\"\nskills = [\"SQL\"]\n+++\n",
    );
    p.changed(&["content/courses/sql.md"]);
    assert!(p.page("roles/backend/index.html").contains("SQL 101"));
    p.write(
        "content/guides/start.md",
        "+++\ntitle = \"Start Here\"\ndate = 2026-05-01\nroles = [\"lead\"]\n+++\n",
    );
    p.changed(&["content/guides/start.md"]);
    assert!(p.page("roles/lead/index.html").contains("Start Here"));
    assert!(!p.page("roles/backend/index.html").contains("Start Here"));
}

/// A spreadsheet edited under serve: figures alone (read by their rows, the site patched,
/// a role's cities ranked in a new order, a country-wide figure), a half-written save, and
/// edits that change more than figures (read whole, the site assembled again). After each,
/// the output is what a fresh build writes.
#[test]
fn spreadsheet_edits_under_serve() {
    let sheet = "role,city,country,currency,median,p25,p75,employment\r\n\
                 frontend,Paris,France,EUR,50000,40000,60000,120\r\n\
                 frontend,Berlin,Germany,EUR,52000,,,\r\n\
                 frontend,Madrid,Spain,EUR,41000,,,90\r\n\
                 lead,Paris,France,EUR,70000,,,\r\n\
                 frontend,,France,EUR,48000,,,\r\n";
    let site = format!("{SITE}-- content/salaries/survey.csv --\n{sheet}");
    let mut p = Preview::new(&site);
    let file = "content/salaries/survey.csv";
    let mut now = sheet.to_string();
    let edit = |p: &mut Preview, now: &mut String, from: &str, to: &str| {
        assert!(now.contains(from), "{from}");
        *now = now.replacen(from, to, 1);
        p.write(file, now);
        p.changed(&[file])
    };
    // A figure: Paris stays first.
    edit(&mut p, &mut now, "50000,40000", "53000,40000");
    assert!(
        p.page("roles/frontend/salary/paris/index.html")
            .contains("53,000")
    );
    // Madrid goes from last to first: the role's salary pages keep their cities.
    let c = edit(&mut p, &mut now, "41000", "61000");
    assert!(
        p.page("roles/frontend/salary/madrid/index.html")
            .contains("61,000")
    );
    assert!(c.rendered < 20, "{}", c.rendered);
    // The country-wide figure and employment.
    edit(&mut p, &mut now, "48000", "49000");
    edit(&mut p, &mut now, "61000,,,90", "61000,,,95");
    // Saved half written, then whole.
    let cut = now.find("lead,Paris").expect("row");
    p.write(file, &now[..cut + 8]);
    assert!(matches!(p.update(&[file]), Outcome::Failed(_)));
    edit(&mut p, &mut now, "52000", "52500");
    // More than figures: a city renamed, a row added.
    edit(&mut p, &mut now, "Berlin", "Hamburg");
    assert!(
        p.page("roles/frontend/salary/hamburg/index.html")
            .contains("52,500")
    );
    edit(
        &mut p,
        &mut now,
        "lead,Paris",
        "lead,Madrid,Spain,EUR,66000,,,\r\nlead,Paris",
    );
    assert!(
        p.page("roles/lead/salary/madrid/index.html")
            .contains("66,000")
    );
}

/// Guards against a fingerprint that hashed a course's skills and roles as one list, so
/// that moving a name from one to the other left the old page (found in review).
#[test]
fn a_name_moving_between_lists_rerenders_the_page() {
    let mut p = Preview::new(SITE);
    p.write(
        "content/roles/devops.md",
        "+++\ntitle = \"DevOps\"\nsummary = \"Ops.\"\nskills = [\"devops\"]\n+++\n",
    );
    p.write(
        "content/courses/intro.md",
        "+++\ntitle = \"Intro\"\nprovider = \"P\"\nskills = [\"devops\"]\n+++\n",
    );
    p.changed(&["content/roles/devops.md", "content/courses/intro.md"]);
    p.site.edit(
        "content/courses/intro.md",
        "skills = [\"devops\"]",
        "roles = [\"devops\"]",
    );
    p.changed(&["content/courses/intro.md"]);
    p.write(
        "content/guides/g.md",
        "+++\ntitle = \"G\"\nskills = [\"devops\"]\n+++\n",
    );
    p.changed(&["content/guides/g.md"]);
    p.site.edit(
        "content/guides/g.md",
        "skills = [\"devops\"]",
        "roles = [\"devops\"]",
    );
    p.changed(&["content/guides/g.md"]);
}

/// A rebuild of more pages than it holds in memory checks them all for errors first, then
/// renders and writes them in batches; a template error must leave the output untouched.
#[test]
fn large_rebuilds_check_every_page_before_writing_any() {
    let mut files = String::new();
    for i in 0..800 {
        files.push_str(&format!(
            "-- content/roles/r{i}.md --\n+++\ntitle = \"Role {i}\"\nsummary = \"S.\"\n+++\n\
             -- content/salaries/r{i}.toml --\nrole = \"r{i}\"\n\
             [[city]]\ncity = \"London\"\ncountry = \"United Kingdom\"\ncurrency = \"GBP\"\nmedian = {}\n\
             [[city]]\ncity = \"Paris\"\ncountry = \"France\"\ncurrency = \"EUR\"\nmedian = {}\n",
            40_000 + i,
            50_000 + i
        ));
    }
    let mut p = Preview::new(&files);
    let before = p.page("roles/r799/salary/paris/index.html");
    // Breaks on the last role only: every other page would render.
    p.write(
        "templates/salary.html",
        "{% extends \"base.html\" %}{% block content %}{% if salary.role.slug == \"r799\" %}{{ salary.nope }}{% endif %}<p>{{ salary.salary.median_text }}</p>{% endblock content %}",
    );
    match p.update(&["templates/salary.html"]) {
        Outcome::Failed(problems) => assert!(problems.to_string().contains("nope"), "{problems}"),
        Outcome::Built(c) => panic!("should fail: {} written", c.written.len()),
    }
    assert_eq!(p.page("roles/r799/salary/paris/index.html"), before);
    assert!(
        !p.page("roles/r0/salary/paris/index.html")
            .contains("<p>€50,000</p>")
    );
    p.write(
        "templates/salary.html",
        "{% extends \"base.html\" %}{% block content %}<p>{{ salary.salary.median_text }}</p>{% endblock content %}",
    );
    let c = p.changed(&["templates/salary.html"]);
    assert!(c.rendered > 2000, "{}", c.rendered);
    assert!(
        p.page("roles/r0/salary/paris/index.html")
            .contains("<p>€50,000</p>")
    );
}

#[test]
fn template_static_and_settings_edits() {
    let mut p = Preview::new(SITE);
    p.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p class=\"own\">{{ content.title }}</p>{% endblock content %}");
    p.changed(&["templates/page.html"]);
    assert!(
        p.page("about/index.html")
            .contains("<p class=\"own\">About</p>")
    );
    p.write("static/extra.css", "p { color: red }");
    let c = p.changed(&["static/extra.css"]);
    assert_eq!(c.written, ["extra.css"]);
    assert!(c.css_only);
    std::fs::remove_file(p.path("static/extra.css")).expect("rm");
    let c = p.changed(&["static/extra.css"]);
    assert_eq!(c.removed, ["extra.css"]);
    p.write(
        "site.toml",
        &common::SITE_TOML.replace("Test Careers", "Other Careers"),
    );
    let c = p.changed(&["site.toml"]);
    assert!(c.written.len() > 10, "every page shows the site's title");
    // unchanged output is not written again
    let c = p.changed(&["site.toml"]);
    assert!(c.written.is_empty(), "{:?}", c.written);
}

#[test]
fn moving_the_theme_away_and_back() {
    let mut p = Preview::new(SITE);
    // Its own copy of the default theme, edited, so that moving it away shows.
    p.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Edited copy</p>{% endblock content %}",
    );
    p.changed(&["themes/default/templates/404.html"]);
    assert!(p.page("404.html").contains("Edited copy"));
    std::fs::rename(p.path("themes/default"), p.path("themes/saved")).expect("mv");
    p.changed(&["themes/default", "themes/saved"]);
    assert!(
        !p.page("404.html").contains("Edited copy"),
        "the built-in theme"
    );
    std::fs::rename(p.path("themes/saved"), p.path("themes/default")).expect("mv back");
    p.changed(&["themes/saved", "themes/default"]);
    assert!(p.page("404.html").contains("Edited copy"));

    // A theme that is neither built in nor in themes/ fails the rebuild.
    std::fs::rename(p.path("themes/default"), p.path("themes/mine")).expect("mv");
    p.write(
        "site.toml",
        &format!("theme = \"mine\"\n{}", common::SITE_TOML),
    );
    p.changed(&["themes/default", "themes/mine", "site.toml"]);
    std::fs::rename(p.path("themes/mine"), p.path("themes/saved")).expect("mv");
    match p.update(&["themes/mine", "themes/saved"]) {
        Outcome::Failed(problems) => {
            assert!(
                problems.to_string().contains("theme `mine` not found"),
                "{problems}"
            );
        }
        Outcome::Built(c) => panic!("should fail: {c:?}"),
    }
    std::fs::rename(p.path("themes/saved"), p.path("themes/mine")).expect("mv back");
    p.changed(&["themes/saved", "themes/mine"]);
}

#[test]
fn linked_folders_in_content_are_reported_as_a_build_reports_them() {
    let mut p = Preview::new(SITE);
    let elsewhere = tempfile::tempdir().expect("dir");
    std::fs::write(
        elsewhere.path().join("linked.md"),
        "+++\ntitle = \"Linked\"\nsummary = \"S.\"\n+++\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(elsewhere.path(), p.path("content/roles/more")).expect("link");
    std::os::unix::fs::symlink(p.path("content"), p.path("content/loop")).expect("loop");
    std::os::unix::fs::symlink("nowhere.md", p.path("content/roles/gone.md")).expect("link");
    let failed = |outcome: Outcome| match outcome {
        Outcome::Failed(problems) => problems.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        Outcome::Built(c) => panic!("should fail: {c:?}"),
    };
    let lines = failed(p.update(&[
        "content/roles/more",
        "content/loop",
        "content/roles/gone.md",
    ]));
    let folder = "a link to a folder: ladder does not follow these";
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!("content/loop: {folder}")),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("content/roles/gone.md: a link that leads to no file"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with(&format!("content/roles/more: {folder}")),
        "{lines:#?}"
    );
    // `ladder build` says the same.
    let built = ladder::build(&BuildOptions {
        root: p.site.root().to_path_buf(),
        output: Some(p.site.root().join("elsewhere")),
        ..BuildOptions::default()
    });
    let from_build: Vec<String> = built
        .expect_err("the build fails")
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(from_build, lines);
    // Once the links are gone, the preview builds again.
    for link in [
        "content/roles/more",
        "content/loop",
        "content/roles/gone.md",
    ] {
        std::fs::remove_file(p.path(link)).expect("rm");
    }
    p.changed(&[
        "content/roles/more",
        "content/loop",
        "content/roles/gone.md",
    ]);
    assert!(!p.out.path().join("site/roles/linked").exists());
}

#[test]
fn a_broken_template_then_a_content_edit_then_the_fix() {
    let mut p = Preview::new(SITE);
    p.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ content.title | }}{% endblock content %}",
    );
    assert!(matches!(
        p.update(&["templates/page.html"]),
        Outcome::Failed(_)
    ));
    p.write("content/about.md", "+++\ntitle = \"About us\"\n+++\n");
    assert!(matches!(
        p.update(&["content/about.md"]),
        Outcome::Failed(_)
    ));
    p.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<i>{{ content.title }}</i>{% endblock content %}");
    p.changed(&["templates/page.html"]);
    assert!(p.page("about/index.html").contains("<i>About us</i>"));
}

#[test]
fn temporary_and_unrelated_files_change_nothing() {
    let mut p = Preview::new(SITE);
    p.write("content/roles/.backend.md.swp", "junk");
    p.write("content/roles/backend.md~", "junk");
    p.write("notes.txt", "not part of the site");
    let c = p.changed(&[
        "content/roles/.backend.md.swp",
        "content/roles/backend.md~",
        "notes.txt",
    ]);
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(c.rendered, 0);
}

/// While the site is broken, a change to a file it is not made of (another theme, notes)
/// leaves the problems reported: a preview must not clear them and show the last good pages
/// as if the site were mended.
#[test]
fn unrelated_files_changing_while_the_site_is_broken_still_report_its_problems() {
    let mut p = Preview::new(SITE);
    let lead = std::fs::read_to_string(p.path("content/roles/lead.md")).expect("lead.md");
    p.write(
        "content/roles/lead.md",
        "+++\ntitle = \"x\"\nsumary = \"typo\"\n+++\n",
    );
    let broken = p.update(&["content/roles/lead.md"]);
    assert!(matches!(broken, Outcome::Failed(_)), "{broken:?}");
    p.write("notes.txt", "not part of the site");
    p.write("themes/other/theme.toml", "");
    for changed in [&["notes.txt", "themes/other/theme.toml"][..], &[]] {
        match p.update(changed) {
            Outcome::Failed(problems) => {
                let text = problems.to_string();
                assert!(
                    text.contains("content/roles/lead.md:3:1: unknown field `sumary`"),
                    "{text}"
                );
            }
            Outcome::Built(c) => panic!("{changed:?}: the site is still broken: {c:?}"),
        }
    }
    p.write("content/roles/lead.md", &lead);
    p.changed(&["content/roles/lead.md"]);
}

#[test]
fn a_broken_site_toml_recovers() {
    let mut p = Preview::new(SITE);
    p.write("site.toml", "title = \n");
    assert!(matches!(p.update(&["site.toml"]), Outcome::Failed(_)));
    assert!(matches!(
        p.update(&["content/about.md"]),
        Outcome::Failed(_)
    ));
    p.write("site.toml", common::SITE_TOML);
    p.changed(&["site.toml"]);
}

/// As `ladder build` does, the preview reports the problems of files that do not parse
/// together with the broken references among the others (and not references to the role
/// that failed).
#[test]
fn a_preview_reports_parse_and_reference_problems_together() {
    let mut p = Preview::new(SITE);
    p.site.edit(
        "content/roles/frontend.md",
        "next = [\"lead\"]",
        "nxt = [\"lead\"]",
    );
    p.site.edit(
        "content/roles/lead.md",
        "skills = [\"Python\"]",
        "skills = [\"Python\"]\nrelated = [\"nobody\"]",
    );
    match p.update(&["content/roles/frontend.md", "content/roles/lead.md"]) {
        Outcome::Failed(problems) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(lines.len(), 2, "{lines:#?}");
            assert!(
                lines[0].starts_with("content/roles/frontend.md:6:1: unknown field `nxt`"),
                "{lines:#?}"
            );
            assert!(
                lines[1]
                    .starts_with("content/roles/lead.md:5:12: `nobody` in `related` names no role"),
                "{lines:#?}"
            );
        }
        Outcome::Built(c) => panic!("should fail: {c:?}"),
    }
}
