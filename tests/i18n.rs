//! Every word a reader sees comes from the theme's strings in the site's language, and
//! numbers, money and dates follow that language's CLDR formats (issue 8).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{TestSite, copy_dir, only, text_of};

const ROLE: &str = r#"
-- content/roles/backend.md --
+++
title = "Backend-Entwickler"
summary = "Baut die Serverseite."
skills = ["SQL"]
updated = 2026-03-05
experience_years = 3
+++
Text.
-- content/salaries/backend.toml --
role = "backend"
as_of = 2026-01-15
[[city]]
city = "Berlin"
country = "Deutschland"
currency = "EUR"
median = 81000
"#;

fn site_in(language: &str, extra: &str) -> TestSite {
    TestSite::new(&format!(
        "-- site.toml --\ntitle = \"Karriere\"\nbase_url = \"https://k.example.org\"\nlanguage = \"{language}\"\n{ROLE}{extra}"
    ))
}

/// The words of every string in a strings file, placeholders left out.
fn words_of_strings(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).expect("strings file");
    let table: toml::Table = toml::from_str(&text).expect("strings parse");
    let mut texts = Vec::new();
    for value in table.values() {
        match value {
            toml::Value::String(s) => texts.push(s.clone()),
            toml::Value::Table(forms) => texts.extend(
                forms
                    .values()
                    .filter_map(|v| v.as_str().map(str::to_string)),
            ),
            _ => {}
        }
    }
    let mut words = BTreeSet::new();
    for t in texts {
        let mut rest = t.as_str();
        // Drop `{value}` placeholders.
        let mut plain = String::new();
        while let Some(open) = rest.find('{') {
            plain.push_str(&rest[..open]);
            rest = rest[open..].find('}').map_or("", |c| &rest[open + c + 1..]);
        }
        plain.push_str(rest);
        words.extend(
            plain
                .split(|c: char| !c.is_alphabetic() && c != '\'')
                .filter(|w| w.chars().count() > 1)
                .map(str::to_string),
        );
    }
    words
}

/// What a reader of `html` sees or hears: its text (scripts aside: JSON-LD is for machines)
/// and the attributes read aloud or shown; with `meta`, the description and titles of the
/// head's meta tags too.
fn readable(html: &str, meta: bool) -> String {
    let mut without_scripts = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        without_scripts.push_str(&rest[..i]);
        rest = rest[i..]
            .find("</script>")
            .map_or("", |e| &rest[i + e + 9..]);
    }
    without_scripts.push_str(rest);
    let mut out = text_of(&without_scripts);
    let attrs: &[&str] = if meta {
        &[
            "aria-label=\"",
            "placeholder=\"",
            "title=\"",
            "alt=\"",
            "content=\"",
        ]
    } else {
        &["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""]
    };
    for attr in attrs {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(' ');
            out.push_str(&rest[..end]);
        }
    }
    out
}

fn html_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read output") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// The repository's sample site, built in German: the build and the theme say nothing in
/// English, amounts are written `81.000 €` and dates with German month names.
#[test]
fn the_sample_site_in_german_has_no_english_from_the_build_or_the_theme() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for part in ["content", "static", "themes"] {
        copy_dir(&repo.join(part), &dir.path().join(part));
    }
    let config = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    assert!(config.contains("language = \"en\""));
    std::fs::write(
        dir.path().join("site.toml"),
        config.replace("language = \"en\"", "language = \"de\""),
    )
    .expect("write site.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(["build", "--no-cache"])
        .current_dir(dir.path())
        .output()
        .expect("run ladder");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The words only the English strings have: none may reach a German page, unless the
    // content itself (written in English) uses it.
    let theme = repo.join("themes/default/i18n");
    let german = words_of_strings(&theme.join("de.toml"));
    let mut content = String::new();
    let mut files = Vec::new();
    fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read content") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                all_files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    all_files(&repo.join("content"), &mut files);
    for f in files {
        content.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        content.push('\n');
    }
    content.push_str(&config);
    let content_words: BTreeSet<&str> = content
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .collect();
    let english_only: Vec<String> = words_of_strings(&theme.join("en.toml"))
        .into_iter()
        .filter(|w| !german.contains(w) && !content_words.contains(w.as_str()))
        .collect();
    assert!(english_only.len() > 40, "{english_only:?}");

    let mut pages = Vec::new();
    html_files(&dir.path().join("public"), &mut pages);
    assert!(pages.len() > 50);
    let mut all = String::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("page");
        let words: BTreeSet<&str> = Box::leak(readable(&html, true).into_boxed_str())
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .collect();
        let found: Vec<&String> = english_only
            .iter()
            .filter(|w| words.contains(w.as_str()))
            .collect();
        assert!(found.is_empty(), "{}: English {found:?}", page.display());
        all.push_str(&html);
    }
    assert!(all.contains("81.000\u{a0}€"), "German amounts");
    assert!(!all.contains("€81,000"));
    assert!(all.contains("<html lang=de>"), "minified: no quotes");
    let months = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    assert!(
        months.iter().any(|m| all.contains(&format!(". {m} 20"))),
        "German dates"
    );
    for english in [
        "January", "February", "March", "June", "July", "October", "December",
    ] {
        assert!(!all.contains(&format!("{english} ")), "{english}");
    }
    let search =
        std::fs::read_to_string(dir.path().join("public/search/index.html")).expect("search page");
    assert!(
        search.contains("Suchindex wird geladen"),
        "the search script's strings"
    );
}

/// The default theme's templates write no words of their own: every word is a string.
#[test]
fn the_default_theme_s_templates_hold_no_words_of_their_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for entry in std::fs::read_dir(&dir).expect("templates") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("template");
        // Without Tera's tags, comments and expressions.
        let mut plain = String::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find(['{']) {
            plain.push_str(&rest[..open]);
            let tail = &rest[open..];
            let close = match &tail[..2.min(tail.len())] {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                _ => {
                    plain.push('{');
                    rest = &tail[1..];
                    continue;
                }
            };
            rest = tail.find(close).map_or("", |c| &tail[c + 2..]);
        }
        plain.push_str(rest);
        let readable = readable(&plain, false);
        let words: Vec<&str> = readable
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        assert!(words.is_empty(), "{}: {words:?}", path.display());
    }
}

#[test]
fn numbers_money_and_dates_follow_the_language() {
    let de = site_in("de", "");
    de.build_ok();
    assert!(de.page("roles/backend/").contains("81.000\u{a0}€"));
    let role = text_of(&de.page("roles/backend/"));
    assert!(role.contains("5. März 2026"), "{role}");
    assert!(role.contains("mindestens 3 Jahre"), "{role}");
    let salary = text_of(&de.page("roles/backend/salary/berlin/"));
    assert!(salary.contains("15. Januar 2026"), "{salary}");
    assert!(
        salary.contains("Gehalt: Backend-Entwickler in Berlin"),
        "{salary}"
    );

    let india = TestSite::new(
        "-- site.toml --\ntitle = \"Careers\"\nbase_url = \"https://c.example.org\"\nlanguage = \"en-IN\"\n-- content/roles/backend.md --\n+++\ntitle = \"Backend\"\nsummary = \"S.\"\n+++\n-- content/salaries/backend.toml --\nrole = \"backend\"\n[[city]]\ncity = \"Bengaluru\"\ncountry = \"India\"\ncurrency = \"INR\"\nmedian = 2580000\n",
    );
    india.build_ok();
    assert!(india.page("roles/backend/").contains("₹25,80,000"));
}

#[test]
fn a_site_overrides_strings_and_misspelt_ones_are_errors() {
    let site = site_in(
        "de",
        "-- i18n/de.toml --\n# Ours\nnav_roles = \"Jobs\"\ncity_title = \"Löhne in {city}\"\n",
    );
    site.build_ok();
    let home = site.page("");
    assert!(home.contains(">Jobs</a>"), "{home}");
    assert!(text_of(&site.page("cities/berlin/")).contains("Löhne in Berlin"));

    site.write(
        "i18n/de.toml",
        "nav_roles = \"Jobs\"\nnav_rolse = \"Jobs\"\n",
    );
    assert_eq!(
        only(site.errors()),
        "i18n/de.toml:2:1: no string `nav_rolse` in the theme or its templates, did you mean `nav_roles`?"
    );
    site.write("i18n/de.toml", "city_title = \"Löhne in {town}\"\n");
    assert_eq!(
        only(site.errors()),
        "i18n/de.toml:1:1: the string `city_title` has `{town}`, which the build does not give: it can use {city}"
    );
    site.write(
        "i18n/de.toml",
        "count_roles = \"{count} Jobs\"\ncourse_hours = { one = \"eine Stunde\" }\n",
    );
    assert_eq!(
        only(site.errors()),
        "i18n/de.toml:2:1: the string `course_hours` has plural forms but no `other`, which every language uses"
    );
}

#[test]
fn a_language_without_strings_says_what_to_write() {
    let site = site_in("fr", "");
    assert_eq!(
        only(site.errors()),
        "site.toml: the theme has no strings in the language `fr` (it has de, en): translate its en.toml into i18n/fr.toml (`ladder init --theme` writes a copy of the theme to start from)"
    );
    // With a file of its own, each missing string is named.
    site.write("i18n/fr.toml", "nav_home = \"Accueil\"\n");
    let errors = site.errors();
    assert!(
        errors.contains(
            &"i18n/fr.toml: no string `nav_roles` in the language `fr`: add it here".to_string()
        ),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("themes/default/templates/base.html:")
                && e.contains(
                    "no string `skip_to_content` in the language `fr`: add it to i18n/fr.toml"
                )),
        "{errors:#?}"
    );
    // A regional variant reads its language's strings first.
    let austria = site_in(
        "de-AT",
        "-- i18n/de-AT.toml --\nnav_roles = \"Berufsbilder\"\n",
    );
    austria.build_ok();
    let home = austria.page("");
    assert!(home.contains(">Berufsbilder</a>") && home.contains(">Kenntnisse</a>"));
    assert!(
        austria.page("roles/backend/").contains("81\u{a0}000"),
        "de-AT groups with spaces"
    );
}

#[test]
fn templates_name_strings_that_exist() {
    let site = site_in(
        "en",
        "-- templates/404.html --\n{% extends \"base.html\" %}\n{% block content %}\n<p>{{ t(key=\"gone_away\") }}</p>\n{% endblock content %}\n",
    );
    assert_eq!(
        only(site.errors()),
        "templates/404.html:3:7: no string `gone_away` in the language `en`: add it to i18n/en.toml"
    );
    site.write("i18n/en.toml", "gone_away = \"It left, {who}.\"\n");
    let errors = site.errors();
    assert!(
        errors[0].starts_with("templates/404.html:3:")
            && errors[0]
                .contains("the string `gone_away` has `{who}`, but no value `who` is given"),
        "{errors:#?}"
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ t(key=\"gone_away\", who=\"<b>\") }}</p>\n{% endblock content %}\n",
    );
    site.build_ok();
    assert!(site.page("404.html").contains("It left, &lt;b&gt;."));
}

/// `strings.key` prints a string that takes no values, escaped as `t()` prints it; one that
/// takes values or a number, or that no file has, is an error at the template's line.
#[test]
fn templates_print_strings_without_values_by_name() {
    let site = site_in(
        "en",
        "-- i18n/en.toml --\ngone_away = \"It left <quietly>.\"\n-- templates/404.html --\n{% extends \"base.html\" %}\n{% block content %}\n<p>{{ strings.gone_away }}|{{ t(key=\"gone_away\") }}</p>\n{% endblock content %}\n",
    );
    site.build_ok();
    assert!(
        site.page("404.html")
            .contains("<p>It left &lt;quietly&gt;.|It left &lt;quietly&gt;.</p>")
    );
    site.write(
        "i18n/en.toml",
        "gone_away = \"It left <quietly>.\"\nleft_for = \"It left for {place}.\"\n",
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ strings.gone_away }}</p>\n<p>{{ strings.left_for }}</p>\n<p>{{ strings.count_roles }}</p>\n<p>{{ strings.gone_awya }}</p>\n{% endblock content %}\n",
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        [
            "templates/404.html:4:7: `strings.left_for` prints a string as it is, but `left_for` in i18n/en.toml takes values (`{place}`): write `t(key=\"left_for\", ...)` with its values",
            "templates/404.html:5:7: `strings.count_roles` prints a string as it is, but `count_roles` in themes/default/i18n/en.toml takes a number for its plural forms: write `t(key=\"count_roles\", ...)` with its values",
            "templates/404.html:6:7: no string `gone_awya` in the language `en`: add it to i18n/en.toml, did you mean `gone_away`?",
        ],
        "{errors:#?}"
    );
}

#[test]
fn a_language_tag_that_is_not_one_is_an_error() {
    let site = site_in("english please", "");
    assert_eq!(
        only(site.errors()),
        "site.toml:3:12: `english please` is not a language tag: write one like `en`, `de` or `en-GB`"
    );
}

/// A theme of one's own stands on the built-in theme's strings: it needs only those it
/// adds or changes, and a broken strings file is reported once, at its line.
#[test]
fn a_theme_of_one_s_own_adds_to_the_built_in_strings() {
    let site = site_in("en", "");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["templates", "static"] {
        copy_dir(
            &repo.join("themes/default").join(part),
            &site.root().join("themes/mine").join(part),
        );
    }
    site.edit(
        "site.toml",
        "language = \"en\"",
        "language = \"en\"\ntheme = \"mine\"",
    );
    site.build_ok();
    assert!(site.page("").contains(">Roles</a>"), "the built-in strings");

    site.write(
        "themes/mine/templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}<p>{{ t(key=\"mine_gone\") }}</p>{% endblock content %}\n",
    );
    site.write(
        "themes/mine/i18n/en.toml",
        "nav_roles = \"Jobs\"\nmine_gone = \"Gone.\"\n",
    );
    site.build_ok();
    assert!(site.page("").contains(">Jobs</a>"));
    assert!(site.page("404.html").contains("<p>Gone.</p>"));

    site.write(
        "themes/mine/i18n/en.toml",
        "nav_roles = \"Jobs\nmine_gone = \"Gone.\"\n",
    );
    let error = only(site.errors());
    assert!(error.starts_with("themes/mine/i18n/en.toml:1:"), "{error}");
}
