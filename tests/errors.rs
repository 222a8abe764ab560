//! One test per kind of broken input: each asserts that the message names the file, the line
//! and the column, and that nothing is written.

mod common;

use common::{TestSite, only};

const ROLE_A: &str = "-- content/roles/a.md --\n+++\ntitle = \"A\"\nsummary = \"S\"\n+++\n";

fn site(files: &str) -> TestSite {
    TestSite::new(&format!("{ROLE_A}{files}"))
}

#[test]
fn toml_syntax_errors_point_into_the_front_matter() {
    let s = site(
        r#"
-- content/roles/b.md --
+++
title = "B"
summary = "S
+++
"#,
    );
    let e = only(s.errors());
    assert!(e.starts_with("content/roles/b.md:3:"), "{e}");
    assert!(e.contains("string"), "{e}");
}

#[test]
fn toml_syntax_errors_in_data_files() {
    let s = site("-- content/faqs/a.toml --\nrole = \"a\"\n[[faq]\nquestion = \"Q\"\n");
    let e = only(s.errors());
    assert!(e.starts_with("content/faqs/a.toml:2:"), "{e}");
}

#[test]
fn missing_required_fields() {
    let s = site(
        r#"
-- content/roles/b.md --
+++
title = "B"
+++
-- content/courses/c.md --
+++
title = "C"
+++
"#,
    );
    let errors = s.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(
        errors[0],
        "content/courses/c.md:2:1: missing field `provider`: add a line such as provider = \"Coursera\" (who offers the course)"
    );
    assert_eq!(
        errors[1],
        "content/roles/b.md:2:1: missing field `summary`: add a line such as summary = \"Builds and runs the server side of web applications.\""
    );
}

#[test]
fn empty_required_fields() {
    let s = site("-- content/roles/b.md --\n+++\ntitle = \"B\"\nsummary = \"  \"\n+++\n");
    assert_eq!(
        only(s.errors()),
        "content/roles/b.md:3:11: `summary` must not be empty"
    );
}

#[test]
fn unknown_fields_get_a_suggestion() {
    let s = site(
        r#"
-- content/roles/b.md --
+++
title = "B"
summary = "S"
skils = ["Java"]
+++
"#,
    );
    assert_eq!(
        only(s.errors()),
        "content/roles/b.md:4:1: unknown field `skils`, did you mean `skills`?"
    );
}

#[test]
fn unknown_fields_inside_extra_are_fine() {
    let s = site(
        "-- content/roles/b.md --\n+++\ntitle = \"B\"\nsummary = \"S\"\n[extra]\nanything = 1\n+++\n",
    );
    s.build_ok();
}

#[test]
fn unknown_fields_in_site_toml() {
    let s = TestSite::new(
        "-- site.toml --\ntitle = \"T\"\nbase_url = \"https://x.org\"\nminfy = true\n",
    );
    assert_eq!(
        only(s.errors()),
        "site.toml:3:1: unknown field `minfy`, did you mean `minify`?"
    );
}

#[test]
fn unknown_levels_get_a_suggestion() {
    let s = site(
        "-- content/courses/c.md --\n+++\ntitle = \"C\"\nprovider = \"P\"\nlevel = \"begginer\"\n+++\n",
    );
    assert_eq!(
        only(s.errors()),
        "content/courses/c.md:4:9: unknown value `begginer`, did you mean `beginner`?"
    );
}

#[test]
fn related_slugs_must_name_a_role() {
    let s = site(
        "-- content/roles/b.md --\n+++\ntitle = \"B\"\nsummary = \"S\"\nrelated = [\"a\", \"aa\"]\n+++\n",
    );
    let e = only(s.errors());
    assert!(
        e.starts_with("content/roles/b.md:4:17: `aa` in `related` names no role"),
        "{e}"
    );
    assert!(e.ends_with("did you mean `a`?"), "{e}");
}

#[test]
fn next_slugs_must_name_a_role() {
    let s = site(
        "-- content/roles/b.md --\n+++\ntitle = \"B\"\nsummary = \"S\"\nnext = [\"lead\"]\n+++\n",
    );
    let e = only(s.errors());
    assert!(
        e.starts_with("content/roles/b.md:4:9: `lead` in `next` names no role"),
        "{e}"
    );
}

#[test]
fn course_and_guide_roles_must_name_a_role() {
    let s = site(
        r#"
-- content/courses/c.md --
+++
title = "C"
provider = "P"
roles = ["nobody"]
+++
-- content/guides/g.md --
+++
title = "G"
roles = ["a", "ghost"]
+++
"#,
    );
    let errors = s.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/courses/c.md:4:10: `nobody` in `roles` names no role"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/guides/g.md:3:15: `ghost` in `roles` names no role"),
        "{}",
        errors[1]
    );
}

#[test]
fn faq_and_salary_roles_must_name_a_role() {
    let s = site(
        r#"
-- content/faqs/x.toml --
role = "b"
[[faq]]
question = "Q?"
answer = "A."
-- content/salaries/x.toml --
role = "c"
[[city]]
city = "Paris"
country = "France"
currency = "EUR"
median = 54000
"#,
    );
    let errors = s.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/faqs/x.toml:1:8: `b` in `role` names no role"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/salaries/x.toml:1:8: `c` in `role` names no role"),
        "{}",
        errors[1]
    );
}

const SALARY_HEAD: &str = "-- content/salaries/a.toml --\nrole = \"a\"\n";

#[test]
fn unknown_currencies() {
    let s = site(&format!(
        "{SALARY_HEAD}[[city]]\ncity = \"Paris\"\ncountry = \"France\"\ncurrency = \"EUD\"\nmedian = 54000\n"
    ));
    let e = only(s.errors());
    assert!(
        e.starts_with("content/salaries/a.toml:5:12: unknown currency `EUD`"),
        "{e}"
    );
    assert!(e.contains("did you mean `EUR`?"), "{e}");
}

#[test]
fn currency_symbols_and_names_get_their_code() {
    // A symbol is not refused as "no letters": it gets its code, in TOML and CSV alike.
    for (written, meant) in [("£", "`GBP`"), ("Pound Sterling", "`GBP`"), ("€", "`EUR`")] {
        let s = site(&format!(
            "{SALARY_HEAD}[[city]]\ncity = \"Paris\"\ncountry = \"France\"\ncurrency = \"{written}\"\nmedian = 54000\n"
        ));
        assert_eq!(
            only(s.errors()),
            format!(
                "content/salaries/a.toml:5:12: unknown currency `{written}`: use an ISO 4217 code such as USD, EUR or INR, did you mean {meant}?"
            )
        );
    }
    let s = site(
        "-- content/salaries/s.csv --\nrole,city,country,currency,median\na,Tokyo,Japan,¥,9000000\n",
    );
    assert_eq!(
        only(s.errors()),
        "content/salaries/s.csv:2:15: unknown currency `¥`: use an ISO 4217 code such as USD, EUR or INR, did you mean `JPY` or `CNY`?"
    );
}

#[test]
fn medians_must_be_positive() {
    let s = site(&format!(
        "{SALARY_HEAD}[[city]]\ncity = \"Paris\"\ncountry = \"France\"\ncurrency = \"EUR\"\nmedian = 0\n\n[[city]]\ncity = \"Rome\"\ncountry = \"Italy\"\ncurrency = \"EUR\"\nmedian = -5\n"
    ));
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "content/salaries/a.toml:6:10: `median` must be a positive whole number (a yearly amount), not 0",
            "content/salaries/a.toml:12:10: `median` must be a positive whole number (a yearly amount), not -5",
        ]
    );
}

#[test]
fn a_city_twice_in_one_salary_file() {
    let s = site(&format!(
        "{SALARY_HEAD}[[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 81000\n\n[[city]]\ncity = \"berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 80000\n"
    ));
    assert_eq!(
        only(s.errors()),
        "content/salaries/a.toml:9:8: berlin appears twice for role `a` in this file (first on line 3): give each city once per role"
    );
}

#[test]
fn a_city_paid_twice_for_one_role_across_files() {
    let city =
        "[[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 81000\n";
    let s = site(&format!(
        "{SALARY_HEAD}{city}-- content/salaries/b.toml --\nrole = \"a\"\n{city}"
    ));
    let e = only(s.errors());
    assert!(
        e.starts_with("content/salaries/b.toml:3:8: Berlin is already paid for role `a` in content/salaries/a.toml:3"),
        "{e}"
    );
}

#[test]
fn two_files_that_would_write_one_url() {
    let s = site(
        r#"
-- content/roles/engineering/a.md --
+++
title = "Another A"
summary = "S"
+++
-- content/skills.md --
+++
title = "Skills page that clashes"
+++
"#,
    );
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "content/roles/engineering/a.md: writes /roles/a/, as content/roles/a.md does: rename one of them",
            "content/skills.md: writes /skills/, as the skills listing does: rename one of them",
        ]
    );
}

#[test]
fn invalid_utf8_is_located() {
    let s = site("");
    s.write_bytes(
        "content/roles/b.md",
        b"+++\ntitle = \"B\"\nsummary = \"caf\xe9\"\n+++\n",
    );
    assert_eq!(
        only(s.errors()),
        "content/roles/b.md:3:15: the file is not valid UTF-8: save it with UTF-8 encoding"
    );
}

#[test]
fn template_syntax_errors_name_the_template_and_line() {
    let s = site(
        "-- templates/role.html --\n{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ role.title | }}</h1>\n{% endblock content %}\n",
    );
    let e = only(s.errors());
    assert!(e.starts_with("templates/role.html:3:21: "), "{e}");
    assert!(e.contains("expected identifier"), "{e}");
}

#[test]
fn template_render_errors_name_the_template_and_line() {
    let s = site(
        "-- templates/role.html --\n{% extends \"base.html\" %}\n{% block content %}\n\n<h1>{{ role.titel }}</h1>\n{% endblock content %}\n",
    );
    let e = only(s.errors());
    assert!(
        e.starts_with("templates/role.html:4:13: Field `titel` is not defined"),
        "{e}"
    );
    assert!(e.ends_with("(rendering /roles/a/)"), "{e}");
}

#[test]
fn unknown_filters_in_several_templates_are_all_located() {
    let s = site(
        "-- templates/404.html --\n<p>{{ page.title | nosuch }}</p>\n-- templates/page.html --\n\n<p>{{ page.title | nosuch2 }}</p>\n",
    );
    assert_eq!(
        s.errors(),
        [
            "templates/404.html:1:20: Unknown filter `nosuch`",
            "templates/page.html:2:20: Unknown filter `nosuch2`",
        ]
    );
}

#[test]
fn endless_template_recursion_is_an_error_not_a_crash() {
    let s = site(
        "-- templates/loops.html --\n{% component loop(n) %}{{ <loop n={n} /> }}{% endcomponent loop %}\n-- templates/404.html --\n{{ <loop n={1} /> }}\n",
    );
    let e = only(s.errors());
    assert!(e.starts_with("templates/"), "{e}");
    assert!(e.contains("(rendering /404.html)"), "{e}");
}

#[test]
fn a_missing_template_is_named() {
    // A theme of the site's own (the built-in `default` is complete whatever its copy lacks).
    let s = site("");
    std::fs::rename(
        s.root().join("themes/default"),
        s.root().join("themes/mine"),
    )
    .expect("mv");
    s.edit("site.toml", "title =", "theme = \"mine\"\ntitle =");
    std::fs::remove_file(s.root().join("themes/mine/templates/salary.html")).expect("rm");
    let e = only(s.errors());
    assert_eq!(
        e,
        "themes/mine/templates: the theme has no `salary.html`: add it to the theme or to the site's templates/"
    );
}

#[test]
fn a_copy_of_the_built_in_theme_need_not_be_whole() {
    // The built-in theme fills in what a site's copy of it lacks.
    let s = site("");
    std::fs::remove_file(s.root().join("themes/default/templates/salary.html")).expect("rm");
    s.build_ok();
    assert!(s.page("roles/a/").contains("<html"));
}

#[test]
fn every_problem_is_reported_together_and_nothing_is_written() {
    let s = site("");
    s.build_ok();
    let before = s.page("roles/a/");
    s.write(
        "content/roles/b.md",
        "+++\ntitle = \"B\"\nsumary = \"S\"\n+++\n",
    );
    s.write("content/roles/c.md", "+++\ntitle = 3\n+++\n");
    s.write("content/guides/g.md", "no front matter\n");
    let out = s.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "error: content/guides/g.md:1:1: missing front matter",
        "error: content/roles/b.md:3:1: unknown field `sumary`, did you mean `summary`?",
        "error: content/roles/c.md:2:9: `title` must be text in quotes: found 3; write title = \"3\"",
        "Build failed: 3 problems; the output folder was not changed.",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    // the published site is untouched, and nothing staged is left behind: beside the
    // output there is only ladder's work folder, with its lock and cache
    assert_eq!(s.page("roles/a/"), before);
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .expect("root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ladder"))
        .collect();
    assert_eq!(leftovers, [".public.ladder"]);
    let mut work: Vec<_> = std::fs::read_dir(s.root().join(".public.ladder"))
        .expect("work folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    work.sort();
    assert_eq!(work, ["cache", "documents", "lock"]);
}

#[test]
fn bad_dates_and_urls_are_located() {
    let s = site(
        r#"
-- content/guides/g.md --
+++
title = "G"
date = "2024-13-01"
+++
-- content/courses/c.md --
+++
title = "C"
provider = "P"
url = "javascript:alert(1)"
hours = -2
+++
"#,
    );
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "content/courses/c.md:4:7: `url` must be a full web address starting with https://, not `javascript:alert(1)`",
            "content/courses/c.md:5:9: `hours` must be a positive number",
            "content/guides/g.md:3:8: `date` must be a date written year-month-day, such as 2026-01-15: found 2024-13-01",
        ]
    );
}

#[test]
fn wrong_file_kinds_and_missing_front_matter_close() {
    let s = site(
        "-- content/faqs/x.md --\nquestion\n-- content/roles/open.md --\n+++\ntitle = \"x\"\n",
    );
    // Both at once: a file of the wrong kind does not hide the others' problems.
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "content/faqs/x.md: an FAQ set is a TOML data file: rename it to x.toml",
            "content/roles/open.md:1:1: the front matter is not closed: add a line with +++ after the fields",
        ]
    );
    std::fs::remove_file(s.root().join("content/faqs/x.md")).expect("rm");
    assert_eq!(
        only(s.errors()),
        "content/roles/open.md:1:1: the front matter is not closed: add a line with +++ after the fields"
    );
}

#[test]
fn site_toml_problems() {
    let s = TestSite::new(
        "-- site.toml --\ntitle = \"T\"\nbase_url = \"not a url\"\ntheme = \"defualt\"\n[currencies]\nbase = \"USD\"\nGBP = -1\nXYZ = 2\n",
    );
    let errors = s.errors();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("site.toml:2:12: `not a url` is not a URL"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(
            "site.toml:3:9: theme `defualt` not found in themes/, did you mean `default`?"
        ),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("site.toml:6:7: the rate of GBP must be a positive number"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].starts_with("site.toml:7:1: unknown currency `XYZ`"),
        "{}",
        errors[3]
    );
}

#[test]
fn a_missing_site_toml_is_explained() {
    let dir = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(["build"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: site.toml: not found in"),
        "{stderr}"
    );
}

#[test]
fn the_output_may_not_be_the_site_itself() {
    let s = site("");
    let out = s.run(&["build", "--output", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds the site itself"), "{stderr}");
    assert!(s.root().join("content/roles/a.md").is_file());
}

#[test]
fn static_files_may_not_replace_pages() {
    let s = site("-- static/roles/index.html --\n<p>mine</p>\n");
    assert_eq!(
        only(s.errors()),
        "static/roles/index.html: would replace the generated page /roles/index.html: rename or remove the file"
    );
}

#[test]
fn static_files_may_not_take_the_place_of_page_folders() {
    let s = site("-- static/roles --\nnot a folder\n-- static/faq/index.html/x.txt --\nx\n");
    assert_eq!(
        s.errors(),
        [
            "static/faq/index.html/x.txt: would replace the generated page /faq/index.html: rename or remove the file",
            "static/roles: would take the place of the folder /roles/ that pages are written in: rename or remove the file",
        ]
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let s = site("");
    let out = s.run(&["build", "--nope"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Guards against a build that stopped at the first file that failed to parse (or at a file
/// of the wrong kind): the references between the files that did parse were checked only
/// once every file parsed, so a broken `related` in one file showed up only after an
/// unknown field in another was mended. A reference to the role whose file failed is not reported: its file's own
/// problem is.
#[test]
fn problems_in_parsing_and_in_references_are_reported_together() {
    let s = site(
        r#"
-- content/roles/b.md --
+++
title = "B"
summary = "S"
skils = ["Java"]
+++
-- content/roles/c.md --
+++
title = "C"
summary = "S"
related = ["b", "nobody"]
+++
-- content/salaries/b.toml --
role = "b"
[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 1
-- content/courses/wrong.toml --
title = "A course in the wrong format"
"#,
    );
    assert_eq!(
        s.errors(),
        [
            "content/courses/wrong.toml: a course is a Markdown file with TOML front matter: rename it to wrong.md",
            "content/roles/b.md:4:1: unknown field `skils`, did you mean `skills`?",
            "content/roles/c.md:4:17: `nobody` in `related` names no role (a role's slug is its file name in content/roles/)",
        ]
    );
    // `ladder check` reports the same, and so do broken templates beside broken content.
    s.write("templates/role.html", "{% if %}");
    let out = s.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "content/roles/b.md:4:1",
        "content/roles/c.md:4:17",
        "role.html:1:",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in {stderr}"
        );
    }
}
