//! The theme's strings: `i18n/<language>.toml` in the built-in theme (under every theme),
//! in the site's theme folder and in the site's own `i18n/`, each layer replacing the
//! strings it names. For
//! `de-AT`, `de.toml` is read first and `de-AT.toml` over it. A string is text with
//! `{name}` where a value goes, or a table of CLDR plural forms chosen by `{count}`:
//!
//! ```toml
//! salary_title = "{role} salary in {city}"
//! city_roles = { one = "{count} role", other = "{count} roles" }
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::{BUILD_STRINGS, Formats};
use crate::config::Config;
use crate::diagnostic::{
    Diagnostic, LineIndex, Location, decode_utf8, did_you_mean, from_toml_error,
};

/// A value filled into a string.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arg<'a> {
    Text(&'a str),
    /// A number, written in the language's digits; `count` also chooses the plural form.
    Count(u64),
    /// A number with a fraction (`1.5` hours), to two places; as `count`, it chooses too.
    Fraction(f64),
}

/// The strings of one language, checked.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    /// Looked up for every string of every page: foldhash, not SipHash.
    entries: foldhash::HashMap<String, Message>,
}

#[derive(Debug, Clone, Hash)]
enum Message {
    Text(String),
    /// CLDR category (`one`, `other`, ...) to text; `other` is always there.
    Plural(BTreeMap<String, String>),
}

/// A string as a file gives it, with where.
#[derive(Clone)]
struct Found {
    message: Message,
    file: PathBuf,
    at: Location,
}

/// Where a template asks for a string: `t(key="...")`, or `strings.key` for a string that
/// takes no values (`plain`).
struct Use {
    key: String,
    plain: bool,
    file: PathBuf,
    at: Location,
}

/// The strings of the theme: the built-in theme's, the bottom layer for every theme (so that
/// a theme of one's own needs only the strings it changes or adds), then the theme folder's.
struct ThemeStrings {
    /// Every file, as (name, file as messages show it, text).
    files: Vec<(String, PathBuf, String)>,
    /// Every key, in any language: what a site's file may name.
    keys: BTreeSet<String>,
    /// The languages it has strings in.
    languages: BTreeSet<String>,
    /// The strings in the site's language: the built-in theme's file, then the theme
    /// folder's, for the language and then for its region.
    found: HashMap<String, Found>,
}

impl ThemeStrings {
    /// The theme's strings; `names` are the files of the site's language (`de.toml`,
    /// `de-AT.toml`).
    fn read(config: &Config, names: &[String], problems: &mut Vec<Diagnostic>) -> Self {
        let mut files: Vec<(String, PathBuf, String)> = Vec::new();
        for (name, bytes) in crate::theme::files("i18n") {
            let display = crate::theme::display("i18n", &name);
            match decode_utf8(&display, bytes.to_vec()) {
                Ok(text) => files.push((name, display, text)),
                Err(d) => problems.push(d),
            }
        }
        read_dir(config, &config.theme_dir.join("i18n"), &mut files, problems);
        let tables: Vec<(&String, BTreeMap<String, Found>)> = files
            .iter()
            .filter_map(|(name, display, text)| Some((name, parse(display, text, problems)?)))
            .collect();
        let mut keys = BTreeSet::new();
        let mut languages = BTreeSet::new();
        for (name, table) in &tables {
            languages.insert(name.trim_end_matches(".toml").to_string());
            keys.extend(table.keys().cloned());
        }
        let mut found = HashMap::new();
        for wanted in names {
            for (name, table) in &tables {
                if *name == wanted {
                    for (key, f) in table {
                        found.insert(key.clone(), f.clone());
                    }
                }
            }
        }
        drop(tables);
        ThemeStrings {
            files,
            keys,
            languages,
            found,
        }
    }

    /// Whether the theme has a file of the site's language (one of `names`).
    fn has_any(&self, names: &[String]) -> bool {
        self.files.iter().any(|(n, _, _)| names.contains(n))
    }
}

/// Lays the site's own strings (`i18n/<language>.toml`) over `found`; a key that neither the
/// theme, its templates nor the build (`known`) names is a problem. Whether the site has a
/// file of its language.
fn read_site_strings(
    config: &Config,
    names: &[String],
    known: &BTreeSet<&str>,
    found: &mut HashMap<String, Found>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let mut site_files = Vec::new();
    read_dir(config, &config.site_i18n_dir, &mut site_files, problems);
    let mut site_has_language = false;
    for wanted in names {
        for (name, display, text) in &site_files {
            if name != wanted {
                continue;
            }
            site_has_language = true;
            let Some(table) = parse(display, text, problems) else {
                continue;
            };
            for (key, f) in table {
                if !known.contains(key.as_str()) {
                    problems.push(Diagnostic::at(
                        &f.file,
                        f.at,
                        format!(
                            "no string `{key}` in the theme or its templates{}",
                            did_you_mean(&key, known.iter().copied())
                        ),
                    ));
                }
                found.insert(key, f);
            }
        }
    }
    site_has_language
}

/// Checks that every string the build needs (`BUILD_STRINGS`) and every one the templates
/// name (`uses`) is in `found`, and that each takes the values and plural forms it is given.
fn check_complete(
    language: &str,
    site_file: &Path,
    found: &HashMap<String, Found>,
    uses: &[Use],
    formats: &Formats,
    problems: &mut Vec<Diagnostic>,
) {
    let used_categories = formats.categories();
    for (key, values) in BUILD_STRINGS {
        match found.get(*key) {
            None => problems.push(Diagnostic::file(
                site_file,
                format!("no string `{key}` in the language `{language}`: add it here"),
            )),
            Some(f) => check_values(key, f, values, &used_categories, problems),
        }
    }
    let mut missing_reported = BTreeSet::new();
    for u in uses {
        match found.get(&u.key) {
            Some(f) if u.plain && !f.message.is_plain() => problems.push(Diagnostic::at(
                &u.file,
                u.at,
                format!(
                    "`strings.{key}` prints a string as it is, but `{key}` in {} takes {}: write `t(key=\"{key}\", ...)` with its values",
                    f.file.display(),
                    match &f.message {
                        Message::Plural(_) => "a number for its plural forms".to_string(),
                        Message::Text(t) => format!(
                            "values ({})",
                            placeholders(t)
                                .iter()
                                .map(|n| format!("`{{{n}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                    key = u.key,
                ),
            )),
            Some(f) => check_plural(&u.key, f, &used_categories, problems),
            None if missing_reported.insert(u.key.clone()) => problems.push(Diagnostic::at(
                &u.file,
                u.at,
                format!(
                    "no string `{}` in the language `{language}`: add it to {}{}",
                    u.key,
                    site_file.display(),
                    did_you_mean(&u.key, found.keys().map(String::as_str))
                ),
            )),
            None => {}
        }
    }
}

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

impl Strings {
    /// Reads the layers of strings for `config.language` and checks them: every string the
    /// build needs and every key the templates name exists, each uses only the values it is
    /// given, and a site's `i18n/` names no string that nothing knows.
    pub(crate) fn load(
        config: &Config,
        templates: &[(PathBuf, String)],
        formats: &Formats,
    ) -> Result<Strings, Vec<Diagnostic>> {
        let language = config.language.as_str();
        let primary = language.split('-').next().unwrap_or(language);
        let mut names = vec![format!("{primary}.toml")];
        if primary != language {
            names.push(format!("{language}.toml"));
        }
        let mut problems = Vec::new();
        let theme = ThemeStrings::read(config, &names, &mut problems);
        let uses = template_uses(templates);
        let mut known: BTreeSet<&str> = theme.keys.iter().map(String::as_str).collect();
        known.extend(BUILD_STRINGS.iter().map(|(k, _)| *k));
        known.extend(uses.iter().map(|u| u.key.as_str()));
        let mut found = theme.found.clone();
        let site_has_language =
            read_site_strings(config, &names, &known, &mut found, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let site_file = config.display_path(&config.site_i18n_dir.join(format!("{language}.toml")));
        if !site_has_language && !theme.has_any(&names) {
            let languages_of_theme = theme
                .languages
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            return Err(vec![Diagnostic::file(
                crate::config::CONFIG_FILE,
                format!(
                    "the theme has no strings in the language `{language}` (it has {languages_of_theme}): translate its en.toml into {} (`ladder init --theme` writes a copy of the theme to start from)",
                    site_file.display()
                ),
            )]);
        }
        check_complete(language, &site_file, &found, &uses, formats, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Strings {
            entries: found.into_iter().map(|(k, f)| (k, f.message)).collect(),
        })
    }

    /// The string `key` as it is written, for a script to fill in: text, or an object of
    /// plural forms by CLDR category.
    pub(crate) fn raw(&self, key: &str) -> Option<serde_json::Value> {
        Some(match self.entries.get(key)? {
            Message::Text(t) => serde_json::Value::String(t.clone()),
            Message::Plural(forms) => forms
                .iter()
                .map(|(c, t)| (c.clone(), serde_json::Value::String(t.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        })
    }

    /// Every string that takes no values and has no plural forms, by key: the `strings` a
    /// template prints as `{{ strings.key }}`, as `t(key="key")` would print it.
    pub(crate) fn plain(&self) -> BTreeMap<&str, &str> {
        self.entries
            .iter()
            .filter_map(|(k, m)| match m {
                Message::Text(t) if m.is_plain() => Some((k.as_str(), t.as_str())),
                _ => None,
            })
            .collect()
    }

    /// A hash of every string: what every page reads.
    pub(crate) fn fingerprint(&self) -> u64 {
        let sorted: BTreeMap<&String, &Message> = self.entries.iter().collect();
        crate::hash::hash_of(&sorted)
    }

    /// The string `key` with `args` filled in; the plural form is chosen by `count`.
    pub(crate) fn fill(
        &self,
        key: &str,
        args: &[(&str, Arg<'_>)],
        formats: &Formats,
    ) -> Result<String, String> {
        let message = self
            .entries
            .get(key)
            .ok_or_else(|| format!("no string `{key}`"))?;
        let text = match message {
            Message::Text(t) => t,
            Message::Plural(forms) => {
                let category = args.iter().find_map(|(name, a)| match (name, a) {
                    (&"count", Arg::Count(n)) => Some(formats.plural(*n)),
                    (&"count", Arg::Fraction(n)) => Some(formats.plural_of_fraction(*n)),
                    _ => None,
                });
                let Some(category) = category else {
                    return Err(format!(
                        "the string `{key}` has plural forms: give it a number as `count`"
                    ));
                };
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .ok_or_else(|| format!("the string `{key}` has no `other` form"))?
            }
        };
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text.as_str();
        while let Some((before, name, after)) = next_placeholder(rest) {
            out.push_str(before);
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, Arg::Text(t))) => out.push_str(t),
                Some((_, Arg::Count(n))) => out.push_str(&formats.number(*n)),
                Some((_, Arg::Fraction(n))) => out.push_str(&formats.decimal(*n)),
                None => {
                    return Err(format!(
                        "the string `{key}` has `{{{name}}}`, but no value `{name}` is given"
                    ));
                }
            }
            rest = after;
        }
        out.push_str(rest);
        Ok(out)
    }
}

impl Message {
    /// Text without values: what `strings.key` may print.
    fn is_plain(&self) -> bool {
        matches!(self, Message::Text(t) if next_placeholder(t).is_none())
    }
}

/// The first `{name}` of `text`: the text before it, the name, the text after it.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    // Bytes, not chars: every byte of a name and both braces are ASCII, so each cut falls
    // between characters.
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'{', &b[from..]).map(|i| i + from) {
        let tail = &b[open + 1..];
        let len = tail
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
            .unwrap_or(tail.len());
        if len > 0 && tail.get(len) == Some(&b'}') {
            let name_end = open + 1 + len;
            return Some((
                &text[..open],
                &text[open + 1..name_end],
                &text[name_end + 1..],
            ));
        }
        from = open + 1;
    }
    None
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, name, after)) = next_placeholder(rest) {
        out.push(name);
        rest = after;
    }
    out
}

/// A string the build fills in uses only the values the build gives it.
fn check_values(
    key: &str,
    f: &Found,
    values: &[&str],
    categories: &[&str],
    problems: &mut Vec<Diagnostic>,
) {
    let texts: Vec<&String> = match &f.message {
        Message::Text(t) => vec![t],
        Message::Plural(forms) => forms.values().collect(),
    };
    for t in texts {
        for name in placeholders(t) {
            if !values.contains(&name) {
                let can = if values.is_empty() {
                    "it takes no values".to_string()
                } else {
                    format!(
                        "it can use {}",
                        values
                            .iter()
                            .map(|v| format!("{{{v}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                problems.push(Diagnostic::at(
                    &f.file,
                    f.at,
                    format!(
                        "the string `{key}` has `{{{name}}}`, which the build does not give: {can}"
                    ),
                ));
            }
        }
    }
    check_plural(key, f, categories, problems);
}

/// A string with plural forms has one for each category the language uses.
fn check_plural(key: &str, f: &Found, categories: &[&str], problems: &mut Vec<Diagnostic>) {
    if let Message::Plural(forms) = &f.message {
        let missing: Vec<&str> = categories
            .iter()
            .copied()
            .filter(|c| !forms.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            problems.push(Diagnostic::at(
                &f.file,
                f.at,
                format!(
                    "the string `{key}` has no {} form: this language needs {}",
                    missing.join(", "),
                    categories.join(", ")
                ),
            ));
        }
    }
}

/// The `.toml` files directly in `dir`, by name.
fn read_dir(
    config: &Config,
    dir: &Path,
    out: &mut Vec<(String, PathBuf, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let display = config.display_path(&path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read(&path).map(|b| decode_utf8(&display, b)) {
            Ok(Ok(text)) => out.push((name, display, text)),
            Ok(Err(d)) => problems.push(d),
            Err(e) => problems.push(Diagnostic::io(&display, "read the strings", &e)),
        }
    }
}

/// One strings file: each key to its string, or the problems at their lines.
fn parse(
    file: &Path,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, Found>> {
    let index = LineIndex::new(text);
    let raw: BTreeMap<Spanned<String>, Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            problems.push(from_toml_error(file, &index, &e));
            return None;
        }
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in raw {
        let at = index.locate(key.span().start);
        let bad = |m: String| Diagnostic::at(file, at, m);
        let message = match value.get_ref() {
            toml::Value::String(s) => Message::Text(s.clone()),
            toml::Value::Table(t) => {
                let mut forms = BTreeMap::new();
                for (category, text) in t {
                    if !CATEGORIES.contains(&category.as_str()) {
                        ok = false;
                        problems.push(bad(format!(
                            "`{category}` in the string `{}` is not a plural category: use {}{}",
                            key.get_ref(),
                            CATEGORIES.join(", "),
                            did_you_mean(category, CATEGORIES)
                        )));
                        continue;
                    }
                    match text.as_str() {
                        Some(s) => {
                            forms.insert(category.clone(), s.to_string());
                        }
                        None => {
                            ok = false;
                            problems.push(bad(format!(
                                "the `{category}` form of `{}` must be text in quotes",
                                key.get_ref()
                            )));
                        }
                    }
                }
                if !forms.contains_key("other") {
                    ok = false;
                    problems.push(bad(format!(
                        "the string `{}` has plural forms but no `other`, which every language uses",
                        key.get_ref()
                    )));
                }
                Message::Plural(forms)
            }
            _ => {
                ok = false;
                problems.push(bad(format!(
                    "the string `{}` must be text in quotes, or a table of plural forms such as {{ one = \"{{count}} role\", other = \"{{count}} roles\" }}",
                    key.get_ref()
                )));
                continue;
            }
        };
        out.insert(
            key.into_inner(),
            Found {
                message,
                file: file.to_path_buf(),
                at,
            },
        );
    }
    ok.then_some(out)
}

/// Every `t(key="...")` and `strings.key` in the templates, at its file and line.
fn template_uses(templates: &[(PathBuf, String)]) -> Vec<Use> {
    let mut out = Vec::new();
    for (file, text) in templates {
        let index = LineIndex::new(text);
        let starts_name = |i: usize| {
            text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
        };
        for (i, _) in text.match_indices("strings.") {
            let rest = &text[i + 8..];
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if starts_name(i) && len > 0 {
                out.push(Use {
                    key: rest[..len].to_string(),
                    plain: true,
                    file: file.clone(),
                    at: index.locate(i),
                });
            }
        }
        let mut from = 0;
        while let Some(i) = text[from..].find("t(key=").map(|i| i + from) {
            from = i + 6;
            // `t(` must start a name, not end one (`format(key=` is not a use).
            let rest = &text[from..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let (true, Some(end)) = (starts_name(i), rest[1..].find(quote)) {
                out.push(Use {
                    key: rest[1..1 + end].to_string(),
                    plain: false,
                    file: file.clone(),
                    at: index.locate(i),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Strings {
        let mut problems = Vec::new();
        let table = parse(Path::new("en.toml"), text, &mut problems).unwrap();
        assert!(problems.is_empty());
        Strings {
            entries: table.into_iter().map(|(k, f)| (k, f.message)).collect(),
        }
    }

    #[test]
    fn fills_values_and_chooses_plural_forms() {
        let s = strings(
            "title = \"{role} in {city}\"\nroles = { one = \"{count} role\", other = \"{count} roles\" }\nbraces = \"a {not a value} {x}\"",
        );
        let en = Formats::new("en").unwrap();
        let de = Formats::new("de").unwrap();
        let fill = |k, args: &[(&str, Arg<'_>)], f| s.fill(k, args, f);
        assert_eq!(
            fill(
                "title",
                &[("role", Arg::Text("Analyst")), ("city", Arg::Text("Köln"))],
                &en
            )
            .unwrap(),
            "Analyst in Köln"
        );
        assert_eq!(
            fill("roles", &[("count", Arg::Count(1))], &en).unwrap(),
            "1 role"
        );
        assert_eq!(
            fill("roles", &[("count", Arg::Count(12345))], &en).unwrap(),
            "12,345 roles"
        );
        assert_eq!(
            fill("roles", &[("count", Arg::Count(12345))], &de).unwrap(),
            "12.345 roles"
        );
        assert_eq!(
            fill("braces", &[("x", Arg::Text("y"))], &en).unwrap(),
            "a {not a value} y"
        );
        let err = fill("title", &[("role", Arg::Text("A"))], &en).unwrap_err();
        assert!(err.contains("no value `city`"), "{err}");
        let err = fill("roles", &[], &en).unwrap_err();
        assert!(err.contains("give it a number as `count`"), "{err}");
    }

    #[test]
    fn bad_strings_files_are_errors_at_their_line() {
        let mut problems = Vec::new();
        parse(
            Path::new("i18n/de.toml"),
            "ok = \"x\"\nroles = { one = \"a\", plenty = \"b\" }\nn = 5\n",
            &mut problems,
        );
        let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t.starts_with(
                "i18n/de.toml:2:1: `plenty` in the string `roles` is not a plural category"
            )),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("has plural forms but no `other`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("i18n/de.toml:3:1: the string `n` must be text")),
            "{text:?}"
        );
    }

    #[test]
    fn finds_the_keys_templates_use() {
        let uses = template_uses(&[(
            PathBuf::from("base.html"),
            "<a>{{ t(key=\"nav_home\") }}</a>\n{{ format(key=\"no\") }} {{ t(key='skip') }}\n{{ strings.nav_search }} {{ site.strings.no }} {{ mystrings.no }} {{ strings }}".into(),
        )]);
        let keys: Vec<(&str, bool, usize)> = uses
            .iter()
            .map(|u| (u.key.as_str(), u.plain, u.at.line))
            .collect();
        assert_eq!(
            keys,
            [
                ("nav_search", true, 3),
                ("nav_home", false, 1),
                ("skip", false, 2)
            ]
        );
    }
}
