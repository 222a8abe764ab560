//! Issue 9's list of bad input, case by case, through the `ladder` binary as a user runs it:
//! each is refused with exit code 1 and a message naming the file (and line, where there is
//! one), never a panic or an abort, and the site built before is left exactly as it was.
//! What is accepted (a byte-order mark, CRLF line endings, names with spaces or accents) is
//! shown to build as intended.

mod common;

use std::path::Path;

use common::{TestSite, tree};

const SITE: &str = r#"
-- content/roles/backend-developer.md --
+++
title = "Backend Developer"
summary = "Builds the server side."
skills = ["Java"]
+++
Body.
-- content/salaries/backend-developer.toml --
role = "backend-developer"
[[city]]
city = "Berlin"
country = "Germany"
currency = "EUR"
median = 65000
"#;

/// A site that built; `break_it` then damages it, and `ladder build` must fail with exactly
/// the `expected` lines on stderr (before its summary line) and leave the output as it was.
fn refused(break_it: impl FnOnce(&TestSite), expected: &[&str]) {
    let site = TestSite::new(SITE);
    site.build_ok();
    let before = tree(&site.out(""));
    break_it(&site);
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{stderr}"
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect();
    assert_eq!(errors, expected, "{stderr}");
    assert!(
        stderr.contains("the output folder was not changed"),
        "{stderr}"
    );
    assert!(tree(&site.out("")) == before, "the output changed");
}

fn role(site: &TestSite, name: &str, front: &str) {
    site.write(
        &format!("content/roles/{name}.md"),
        &format!("+++\ntitle = \"T\"\nsummary = \"S\"\n{front}+++\nBody.\n"),
    );
}

fn salary(site: &TestSite, median: &str) {
    site.write(
        "content/salaries/backend-developer.toml",
        &format!(
            "role = \"backend-developer\"\n[[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = {median}\n"
        ),
    );
}

#[test]
fn an_empty_file() {
    refused(
        |s| s.write("content/roles/empty.md", ""),
        &[
            "content/roles/empty.md:1:1: missing front matter: start the file with a +++ line, then the TOML fields, then +++",
        ],
    );
    refused(
        |s| s.write("content/salaries/empty.toml", ""),
        &[
            "content/salaries/empty.toml:1:1: missing field `role`: add a line such as role = \"backend-developer\" (the role's file name in content/roles/)",
        ],
    );
}

#[test]
fn front_matter_never_closed() {
    refused(
        |s| {
            s.write(
                "content/roles/open.md",
                "+++\ntitle = \"T\"\nsummary = \"S\"\n",
            )
        },
        &[
            "content/roles/open.md:1:1: the front matter is not closed: add a line with +++ after the fields",
        ],
    );
}

#[test]
fn yaml_front_matter_is_told_to_be_toml() {
    refused(
        |s| s.write("content/roles/yaml.md", "---\ntitle: T\nsummary: S\n---\n"),
        &[
            "content/roles/yaml.md:1:1: YAML front matter (---) is not supported: put TOML fields between +++ lines",
        ],
    );
}

#[test]
fn toml_syntax_errors() {
    refused(
        |s| role(s, "syntax", "skills = [\"Java\"\n"),
        &["content/roles/syntax.md:4:17: unclosed array, expected `]`"],
    );
}

#[test]
fn wrong_types() {
    refused(
        |s| role(s, "list", "skills = \"Java\"\n"),
        &[
            "content/roles/list.md:4:10: `skills` must be a list in brackets, such as [\"Java\", \"SQL\"]: found the text \"Java\"",
        ],
    );
    refused(
        |s| salary(s, "\"high\""),
        &[
            "content/salaries/backend-developer.toml:6:10: `median` must be a whole number such as 58000, without quotes or separators: found the text \"high\"",
        ],
    );
    refused(
        |s| salary(s, "\"58,000\""),
        &[
            "content/salaries/backend-developer.toml:6:10: `median` must be a whole number such as 58000, without quotes or separators: found the text \"58,000\"; write median = 58000",
        ],
    );
    refused(
        |s| salary(s, "-5"),
        &[
            "content/salaries/backend-developer.toml:6:10: `median` must be a positive whole number (a yearly amount), not -5",
        ],
    );
    refused(
        |s| salary(s, "1e40"),
        &[
            "content/salaries/backend-developer.toml:6:10: `median` must be a whole number such as 58000, without quotes or separators: found 1e40",
        ],
    );
}

#[test]
fn dates_that_are_not_dates() {
    refused(
        |s| role(s, "date", "updated = 2026/01/15\n"),
        &[
            "content/roles/date.md:4:11: `updated` must be a date written year-month-day, such as 2026-01-15: found 2026/01/15; write 2026-01-15",
        ],
    );
    refused(
        |s| role(s, "date", "updated = \"last week\"\n"),
        &[
            "content/roles/date.md:4:11: `updated` must be a date written year-month-day, such as 2026-01-15: found last week",
        ],
    );
    refused(
        |s| role(s, "date", "updated = 2026-02-30\n"),
        &[
            "content/roles/date.md:4:11: `updated` must be a date written year-month-day, such as 2026-01-15: found 2026-02-30",
        ],
    );
}

#[test]
fn invalid_utf8() {
    refused(
        |s| {
            s.write_bytes(
                "content/roles/latin1.md",
                b"+++\ntitle = \"Caf\xe9\"\nsummary = \"S\"\n+++\n",
            )
        },
        &["content/roles/latin1.md:2:13: the file is not valid UTF-8: save it with UTF-8 encoding"],
    );
}

#[test]
fn a_file_of_50_mb() {
    refused(
        |s| {
            let mut text = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n".to_string();
            text.push_str(&"All work and no play. ".repeat(50_000_000 / 22));
            s.write("content/roles/huge.md", &text);
        },
        &[
            "content/roles/huge.md: the file is 50.0 MB; a content file may be at most 16 MB: split it, or keep large data out of content/",
        ],
    );
}

/// Guards against the abort the issue found: a blockquote nested 10,000 levels deep
/// overflowed the minifier's stack (`thread has overflowed its stack`).
#[test]
fn markdown_nested_10000_levels_deep() {
    refused(
        |s| {
            s.write(
                "site.toml",
                &format!("minify = true\n{}", common::SITE_TOML),
            );
            s.write(
                "content/roles/deep.md",
                &format!(
                    "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n{}x\n",
                    "> ".repeat(10_000)
                ),
            );
        },
        &[
            "content/roles/deep.md:5:201: the Markdown here is nested more than 100 levels deep (blockquotes, lists or emphasis inside each other): flatten it",
        ],
    );
}

#[test]
fn toml_nested_100000_levels_deep() {
    let n = 100_000;
    refused(
        |s| {
            role(
                s,
                "nested",
                &format!("[extra]\nx = {}{}\n", "[".repeat(n), "]".repeat(n)),
            )
        },
        &[
            "content/roles/nested.md:5:85: values nested too deeply here (lists or tables inside each other): flatten them",
        ],
    );
}

#[test]
fn two_files_that_slug_to_one_url() {
    refused(
        |s| role(s, "Backend Developer", ""),
        &[
            "content/roles/backend-developer.md: writes /roles/backend-developer/, as content/roles/Backend Developer.md does: rename one of them",
        ],
    );
}

/// Nothing in content names a path of the output: file names are slugged (a leading dot
/// hides a file), `template` names a template, `[extra]` values are text for templates.
#[test]
fn dot_dot_cannot_leave_the_output_folder() {
    refused(
        |s| {
            s.write(
                "content/about.md",
                "+++\ntitle = \"About\"\ntemplate = \"../../../etc/passwd\"\n+++\n",
            )
        },
        &["content/about.md:3:12: there is no template `../../../etc/passwd`"],
    );
    let site = TestSite::new(SITE);
    role(
        &site,
        "a..b",
        "[extra]\nslug = \"../../outside\"\nurl = \"/../../outside/\"\n",
    );
    site.build_ok();
    let written: Vec<String> = tree(&site.out("")).into_keys().collect();
    assert!(
        written.contains(&"roles/a-b/index.html".to_string()),
        "{written:?}"
    );
    let beside: Vec<String> = std::fs::read_dir(site.root())
        .expect("root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!beside.iter().any(|n| n.contains("outside")), "{beside:?}");
    assert!(
        !site
            .root()
            .parent()
            .unwrap_or(Path::new("/"))
            .join("outside")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn links_that_loop_lead_nowhere_or_to_folders_and_named_pipes() {
    use std::os::unix::fs::symlink;
    refused(
        |s| {
            let roles = s.root().join("content/roles");
            symlink("loop.md", roles.join("loop.md")).expect("link");
            symlink("../roles", roles.join("again")).expect("link");
            symlink("/nowhere/at/all.md", roles.join("gone.md")).expect("link");
            let fifo = std::process::Command::new("mkfifo")
                .arg(roles.join("pipe.md"))
                .status()
                .expect("mkfifo");
            assert!(fifo.success());
        },
        &[
            "content/roles/again: a link to a folder: ladder does not follow these (one could lead round in circles or out of the site); move the folder into content/, or link its files one by one",
            "content/roles/gone.md: a link that leads to no file (No such file or directory (os error 2)): remove it or point it at a file",
            "content/roles/loop.md: a link that leads to no file (Too many levels of symbolic links (os error 40)): remove it or point it at a file",
            "content/roles/pipe.md: not a regular file (a named pipe, socket or device): content/ holds files and folders only",
        ],
    );
}

/// A file that cannot be read. Tests may run as root, whom file permissions do not stop:
/// a link to `/proc/self/mem` is a file whose reading fails (at offset 0, with EIO) for any
/// user.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file() {
    refused(
        |s| {
            std::os::unix::fs::symlink("/proc/self/mem", s.root().join("content/roles/mem.md"))
                .expect("link")
        },
        &["content/roles/mem.md: cannot read the file: Input/output error (os error 5)"],
    );
}

#[test]
fn a_missing_theme() {
    refused(
        |s| {
            s.write(
                "site.toml",
                &format!("theme = \"nope\"\n{}", common::SITE_TOML),
            )
        },
        &[
            "site.toml:1:9: theme `nope` not found in themes/ (the built-in theme is `default`; `ladder init --theme` writes a copy of it to edit)",
        ],
    );
}

#[test]
fn template_syntax_errors_and_unknown_variables() {
    refused(
        |s| s.write("templates/role.html", "<p>{% if %}</p>\n"),
        &[
            "templates/role.html:1:10: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`",
        ],
    );
    refused(
        |s| s.write("templates/role.html", "<p>\n{{ page.nothing_here }}</p>\n"),
        &[
            "templates/role.html:2:9: Field `nothing_here` is not defined. Available fields: breadcrumbs, description, kind, pagination, permalink, section, structured_data, title, updated, url (rendering /roles/backend-developer/)",
        ],
    );
}

#[test]
fn a_site_setting_typed_below_currencies() {
    refused(
        |s| {
            s.write(
                "site.toml",
                &format!("{}theme = \"default\"\n", common::SITE_TOML),
            )
        },
        &[
            "site.toml:10:1: `theme` is a site setting, but it comes after the [currencies] line, so TOML reads it as part of that table: move it above [currencies]",
        ],
    );
}

/// Accepted: a byte-order mark and Windows line endings (with the lines of problems
/// counted as the editor shows them), and file names with spaces or accents, slugged.
#[test]
fn bom_crlf_and_names_with_spaces_or_accents_are_accepted() {
    let site = TestSite::new(SITE);
    site.write(
        "content/roles/Data Scientist.md",
        "\u{feff}+++\r\ntitle = \"Data Scientist\"\r\nsummary = \"Models.\"\r\n+++\r\nBody **bold**.\r\n",
    );
    site.write(
        "content/roles/Ingénieur Qualité.md",
        "+++\ntitle = \"Ingénieur Qualité\"\nsummary = \"Teste.\"\n+++\n",
    );
    site.write(
        "content/salaries/data-scientist.toml",
        "\u{feff}role = \"data-scientist\"\r\n[[city]]\r\ncity = \"Paris\"\r\ncountry = \"France\"\r\ncurrency = \"EUR\"\r\nmedian = 60000\r\n",
    );
    site.build_ok();
    let page = site.page("roles/data-scientist/");
    assert!(page.contains("<strong>bold</strong>"), "{page}");
    assert!(page.contains("Paris"), "{page}");
    assert!(
        site.page("roles/ingenieur-qualite/")
            .contains("Ingénieur Qualité")
    );
    // A problem in a CRLF file is on the line an editor shows.
    site.write(
        "content/roles/Data Scientist.md",
        "\u{feff}+++\r\ntitle = \"Data Scientist\"\r\nsumary = \"Models.\"\r\n+++\r\n",
    );
    assert_eq!(
        common::only(site.errors()),
        "content/roles/Data Scientist.md:3:1: unknown field `sumary`, did you mean `summary`?"
    );
}
