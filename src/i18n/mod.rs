//! The site's language: every word the build and the theme show a reader, from the theme's
//! strings (`i18n/<language>.toml`, which a site's own `i18n/` overrides string by string),
//! and numbers, money and dates in that language's CLDR formats. Rust code passes values;
//! the words come from here, as Hugo's `i18n/*.toml` and `lang.FormatCurrency` do.
//!
//! Uses `config`, `content`, `diagnostic`, `hash` and `theme`.

mod formats;
mod strings;

pub(crate) use formats::Formats;
pub(crate) use strings::{Arg, Strings};

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The strings the build itself writes (titles, descriptions, labels), each with the values
/// it fills in. The theme's strings must have each of them; a test holds this table, the
/// shipped strings files and the Rust code that uses them equal.
pub(crate) const BUILD_STRINGS: &[(&str, &[&str])] = &[
    ("nav_home", &[]),
    ("nav_roles", &[]),
    ("nav_skills", &[]),
    ("nav_cities", &[]),
    ("nav_courses", &[]),
    ("nav_guides", &[]),
    ("nav_faq", &[]),
    ("nav_search", &[]),
    ("roles_title", &[]),
    ("roles_description", &[]),
    ("skills_title", &[]),
    ("skills_description", &[]),
    ("skill_description", &["skill"]),
    ("cities_title", &[]),
    ("cities_description", &[]),
    ("city_title", &["city"]),
    ("city_description", &["count", "city", "country"]),
    ("salary_title", &["role", "city"]),
    ("range", &["low", "high"]),
    ("salary_description", &["role", "city", "country", "median"]),
    ("role_cities_title", &["role"]),
    ("role_cities_description", &["role"]),
    ("courses_title", &[]),
    ("courses_description", &[]),
    ("course_description", &["course", "provider"]),
    ("level_beginner", &[]),
    ("level_intermediate", &[]),
    ("level_advanced", &[]),
    ("guides_title", &[]),
    ("guides_description", &[]),
    ("faq_title", &[]),
    ("faq_description", &[]),
    ("search_title", &[]),
    ("search_description", &[]),
    ("not_found_title", &[]),
    ("title_part", &["title", "page", "count"]),
    ("category_other", &[]),
    ("feed_role", &[]),
    ("feed_guide", &[]),
    ("chart_compared_in", &["currency"]),
    ("chart_no_rate", &["currency"]),
    // The search page's script fills these in the browser (`SEARCH_STRINGS`).
    ("search_loading", &[]),
    ("search_failed", &[]),
    ("search_none", &["query"]),
    ("search_results", &["count"]),
    ("search_results_more", &["count", "shown"]),
    ("search_kind_role", &[]),
    ("search_kind_course", &[]),
    ("search_kind_guide", &[]),
    ("search_kind_skill", &[]),
    ("search_kind_city", &[]),
];

/// The strings the search script uses, by the names it knows them by.
pub(crate) const SEARCH_STRINGS: [(&str, &str); 10] = [
    ("loading", "search_loading"),
    ("failed", "search_failed"),
    ("none", "search_none"),
    ("results", "search_results"),
    ("more", "search_results_more"),
    ("role", "search_kind_role"),
    ("course", "search_kind_course"),
    ("guide", "search_kind_guide"),
    ("skill", "search_kind_skill"),
    ("city", "search_kind_city"),
];

/// The site's language: its strings and its formats.
pub(crate) struct Language {
    pub(crate) formats: Formats,
    pub(crate) strings: Strings,
}

impl Language {
    /// The strings of the theme and the site in `config.language`, checked against what the
    /// build needs and what `templates` (each template's file and text) ask for.
    pub(crate) fn load(
        config: &Config,
        templates: &[(std::path::PathBuf, String)],
    ) -> Result<Language, Vec<Diagnostic>> {
        let formats = Formats::new(&config.language)
            .map_err(|m| vec![Diagnostic::file(crate::config::CONFIG_FILE, m)])?;
        let strings = Strings::load(config, templates, &formats)?;
        Ok(Language { formats, strings })
    }

    /// The search script's strings as a JSON object, unfilled: it fills in `{query}` and
    /// `{count}`, and chooses plural forms with the browser's `Intl.PluralRules`.
    pub(crate) fn search_strings(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = SEARCH_STRINGS
            .iter()
            .filter_map(|(name, key)| Some((name.to_string(), self.strings.raw(key)?)))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    /// One of `BUILD_STRINGS`, filled in. Loading checked that it exists and uses only the
    /// values it is given, so this cannot fail; were it to, the key itself is shown.
    pub(crate) fn text(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.strings
            .fill(key, args, &self.formats)
            .unwrap_or_else(|_| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(name: &str) -> BTreeSet<String> {
        let (_, bytes) = crate::theme::files("i18n")
            .into_iter()
            .find(|(n, _)| n == name)
            .expect("a strings file of the built-in theme");
        let table: toml::Table =
            toml::from_str(std::str::from_utf8(bytes).expect("UTF-8")).expect("TOML");
        table.keys().cloned().collect()
    }

    /// The shipped languages have the same strings, and each is used: by the build
    /// (`BUILD_STRINGS`) or by a template of the built-in theme. A string added to one side
    /// only, or left behind when its last use goes, fails here.
    #[test]
    fn the_shipped_strings_match_each_other_and_their_uses() {
        let english = keys("en.toml");
        assert_eq!(english, keys("de.toml"));
        let templates: String = crate::theme::files("templates")
            .into_iter()
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        let unused: Vec<&String> = english
            .iter()
            .filter(|k| {
                !BUILD_STRINGS.iter().any(|(b, _)| b == k)
                    && !templates.contains(&format!("t(key=\"{k}\""))
                    && !templates.contains(&format!("strings.{k} "))
            })
            .collect();
        assert!(unused.is_empty(), "strings nothing uses: {unused:?}");
        for (key, _) in BUILD_STRINGS {
            assert!(english.contains(*key), "{key}");
        }
        for (_, key) in SEARCH_STRINGS {
            assert!(BUILD_STRINGS.iter().any(|(b, _)| *b == key), "{key}");
        }
    }
}
