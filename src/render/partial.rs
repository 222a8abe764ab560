//! The templates' `partial` function: `{{ partial(template="partials/header.html",
//! section=page.section) }}` prints the template `partials/header.html` rendered with only
//! the values given (here `section`) and the globals every page has (`site`, `strings`, the
//! `t` function). What it prints depends on nothing else, so it is rendered once a build for
//! each set of values and printed as it is on every page that asks for it again: the header
//! and the footer that every page shares cost one function call a page instead of one
//! rendering, as Hugo's `partialCached` does, without its risk of printing a fragment that
//! another page's context made.
//!
//! A partial Tera autoescapes (`.html`, `.htm`, `.xml`) is printed as it is; any other is
//! text, escaped where it lands.
//!
//! A partial that calls itself, or calls one that calls it, is an error that names the
//! circle.
//!
//! Bounded: a build keeps at most `Partials::CAPACITY` renderings (a theme that passes a
//! page's title renders that partial anew on most pages, and keeps the first ones).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// A rendering's key: the template's name and the values given, sorted by name.
type Key = (String, Vec<(String, Value)>);

/// The `partial` function of one build's templates, with the renderings it has made.
pub(super) struct Partials {
    /// The templates that call it (the function is one of theirs, so it holds them weakly).
    tera: Weak<Tera>,
    /// Template names to files, for messages.
    files: std::collections::HashMap<String, PathBuf>,
    done: RwLock<BTreeMap<Key, Value>>,
}

/// The endings of the template names Tera autoescapes (`Tera::autoescape_on`'s default).
const AUTOESCAPED: [&str; 3] = [".html", ".htm", ".xml"];

thread_local! {
    /// The partials this thread is rendering, outermost first: a partial that is already
    /// among them would call itself without end (and overflow the stack). Not build state:
    /// it is empty whenever no partial is being rendered.
    static RENDERING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Partials {
    /// Renderings a build keeps.
    pub(super) const CAPACITY: usize = 1024;

    pub(super) fn new(tera: Weak<Tera>, files: std::collections::HashMap<String, PathBuf>) -> Self {
        Partials {
            tera,
            files,
            done: RwLock::new(BTreeMap::new()),
        }
    }

    /// How many renderings this build keeps.
    #[cfg(test)]
    pub(super) fn kept(&self) -> usize {
        self.done.read().map_or(0, |d| d.len())
    }

    fn render(&self, name: &str, given: &[(String, Value)]) -> TeraResult<Value> {
        let tera = self
            .tera
            .upgrade()
            .ok_or_else(|| tera::Error::message("partial() is only available while rendering"))?;
        let mut context = Context::new();
        for (key, value) in given {
            context.insert_value(key.clone(), value.clone());
        }
        let circle = RENDERING.with_borrow(|names| {
            names.iter().any(|n| n == name).then(|| {
                let mut path: Vec<&str> = names.iter().map(String::as_str).collect();
                path.push(name);
                path.join(" → ")
            })
        });
        if let Some(path) = circle {
            return Err(tera::Error::message(format!(
                "partials call each other in a circle: {path}"
            )));
        }
        RENDERING.with_borrow_mut(|names| names.push(name.to_string()));
        let mut out = Vec::new();
        let rendered = tera.render_to(name, &context, &mut out);
        RENDERING.with_borrow_mut(|names| names.pop());
        if let Err(e) = rendered {
            let file = self
                .files
                .get(name)
                .map_or(Path::new(name), PathBuf::as_path);
            let inner = super::template_problems(&e, &self.files, file)
                .into_iter()
                .next()
                .map_or_else(|| e.to_string(), |d| d.to_string());
            return Err(tera::Error::message(format!(
                "partial `{name}` failed: {inner}"
            )));
        }
        let html = String::from_utf8(out)
            .map_err(|_| tera::Error::message(format!("partial `{name}` did not render UTF-8")))?;
        // Printed as it is only if Tera escaped what it printed: the names it autoescapes
        // (its default, which ladder keeps). Any other is text, escaped where it lands.
        Ok(if AUTOESCAPED.iter().any(|s| name.ends_with(s)) {
            Value::safe_string(&html)
        } else {
            Value::from(html)
        })
    }
}

/// `Partials` as the templates call it; the renderer keeps the other handle.
pub(super) struct PartialFn(pub(super) std::sync::Arc<Partials>);

impl tera::Function<TeraResult<Value>> for PartialFn {
    fn call(&self, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
        self.0.call(kwargs)
    }
}

impl Partials {
    fn call(&self, kwargs: Kwargs) -> TeraResult<Value> {
        let name: &str = kwargs.must_get("template")?;
        if !self.files.contains_key(name) {
            return Err(tera::Error::message(format!(
                "partial: there is no template `{name}`{}",
                crate::diagnostic::did_you_mean(name, self.files.keys().map(String::as_str))
            )));
        }
        let mut given: Vec<(String, Value)> = kwargs
            .iter()
            .filter_map(|(k, v)| {
                let k = k.as_str()?;
                (k != "template").then(|| (k.to_string(), v.clone()))
            })
            .collect();
        given.sort_by(|a, b| a.0.cmp(&b.0));
        let key = (name.to_string(), given);
        if let Some(done) = self.done.read().ok().and_then(|d| d.get(&key).cloned()) {
            return Ok(done);
        }
        let value = self.render(name, &key.1)?;
        if let Ok(mut done) = self.done.write()
            && done.len() < Self::CAPACITY
        {
            done.insert(key, value.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Templates `(name, text)` whose `partial` function is the returned `Partials`.
    fn templates(texts: &[(&str, &str)]) -> (Arc<Tera>, Arc<Partials>) {
        let files = texts
            .iter()
            .map(|(name, _)| (name.to_string(), PathBuf::from(format!("templates/{name}"))))
            .collect();
        let mut partials = None;
        let tera = Arc::new_cyclic(|this| {
            let made = Arc::new(Partials::new(this.clone(), files));
            let mut tera = Tera::new();
            tera.register_function("partial", PartialFn(Arc::clone(&made)));
            tera.global_context()
                .insert("site", &BTreeMap::from([("title", "Ladder")]));
            tera.add_raw_templates(texts.iter().copied())
                .expect("the templates parse");
            partials = Some(made);
            tera
        });
        (tera, partials.expect("made"))
    }

    fn render(tera: &Tera, name: &str, section: &str) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("section", section);
        tera.render(name, &context).map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            message
        })
    }

    /// The error of rendering `name` of the templates `texts`, with `section` = "roles".
    fn error(texts: &[(&str, &str)], name: &str) -> String {
        let (tera, _) = templates(texts);
        render(&tera, name, "roles").expect_err("an error")
    }

    #[test]
    fn a_partial_is_rendered_once_for_each_set_of_values() {
        let (tera, partials) = templates(&[
            (
                "page.html",
                "<{{ partial(template=\"nav.html\", current=section) }}|{{ partial(template=\"nav.html\", current=\"x\") }}>",
            ),
            (
                "nav.html",
                "{{ site.title }} {% if current == \"roles\" %}<b>roles</b>{% else %}{{ current }}{% endif %}",
            ),
        ]);
        assert_eq!(
            render(&tera, "page.html", "roles").as_deref(),
            Ok("<Ladder <b>roles</b>|Ladder x>"),
            "printed as rendered, not escaped again"
        );
        assert_eq!(partials.kept(), 2);
        assert_eq!(
            render(&tera, "page.html", "roles").as_deref(),
            Ok("<Ladder <b>roles</b>|Ladder x>")
        );
        assert_eq!(
            render(&tera, "page.html", "<cities>").as_deref(),
            Ok("<Ladder &lt;cities&gt;|Ladder x>"),
            "values are escaped where the partial prints them"
        );
        assert_eq!(partials.kept(), 3, "one rendering for each set of values");
    }

    #[test]
    fn a_partial_that_escapes_nothing_is_escaped_where_it_lands() {
        let (tera, _) = templates(&[
            (
                "page.html",
                "{{ partial(template=\"note.txt\", title=section) }}|{{ partial(template=\"note.html\", title=section) }}",
            ),
            ("note.txt", "<{{ title }}>"),
            ("note.html", "<{{ title }}>"),
        ]);
        assert_eq!(
            render(&tera, "page.html", "a&b").as_deref(),
            Ok("&lt;a&amp;b&gt;|<a&amp;b>")
        );
    }

    #[test]
    fn a_partial_sees_only_the_values_it_is_given() {
        let err = error(
            &[
                ("page.html", "{{ partial(template=\"nav.html\") }}"),
                ("nav.html", "<nav>\n{{ section }}</nav>"),
            ],
            "page.html",
        );
        assert!(
            err.contains("partial `nav.html` failed: templates/nav.html:2:"),
            "{err}"
        );
    }

    #[test]
    fn partials_in_a_circle_are_an_error_not_a_crash() {
        let err = error(
            &[
                ("a.html", "{{ partial(template=\"b.html\") }}"),
                ("b.html", "{{ partial(template=\"a.html\") }}"),
            ],
            "a.html",
        );
        assert!(
            err.contains("partials call each other in a circle: b.html → a.html → b.html"),
            "{err}"
        );
        // The guard is back to where it was: the next rendering is not refused.
        let (tera, _) = templates(&[
            ("a.html", "{{ partial(template=\"b.html\") }}"),
            ("b.html", "b"),
        ]);
        assert_eq!(render(&tera, "a.html", "").as_deref(), Ok("b"));
    }

    #[test]
    fn a_partial_names_a_template_there_is() {
        let err = error(
            &[
                (
                    "page.html",
                    "{{ partial(template=\"partials/heder.html\") }}",
                ),
                ("partials/header.html", "h"),
            ],
            "page.html",
        );
        assert!(
            err.contains("there is no template `partials/heder.html`")
                && err.contains("partials/header.html"),
            "{err}"
        );
    }

    #[test]
    fn a_build_keeps_a_bounded_number_of_renderings() {
        let (tera, partials) = templates(&[
            (
                "page.html",
                "{{ partial(template=\"nav.html\", current=section) }}",
            ),
            ("nav.html", "[{{ current }}]"),
        ]);
        for i in 0..Partials::CAPACITY + 10 {
            let section = format!("s{i}");
            assert_eq!(
                render(&tera, "page.html", &section),
                Ok(format!("[{section}]"))
            );
        }
        assert_eq!(partials.kept(), Partials::CAPACITY);
    }
}
