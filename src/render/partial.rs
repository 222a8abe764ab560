//! The templates' `partial` function: `{{ partial(template="partials/header.html",
//! section=page.section) }}` prints the template `partials/header.html` rendered with only
//! the values given (here `section`) and the globals every page has (`site`, `strings`, the
//! `t` function). What it prints depends on nothing else, so it is rendered once a build for
//! each set of values and printed as it is on every page that asks for it again: the header
//! and the footer that every page shares cost one function call a page instead of one
//! rendering, as Hugo's `partialCached` does, without its risk of printing a fragment that
//! another page's context made. Values given are the same only when they print the same
//! (`Given`).
//!
//! A partial Tera autoescapes (`.html`, `.htm`, `.xml`) is printed as it is; any other is
//! text, escaped where it lands.
//!
//! A partial that calls itself, or calls one that calls it, is an error that names the
//! circle.
//!
//! Bounded: a build keeps at most `Partials::CAPACITY` renderings (a theme that passes a
//! page's title renders that partial anew on most pages, and keeps the first ones).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, Weak};

use tera::value::ValueKind;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// A rendering's key: the template's name and the values given, sorted by name.
type Key = (String, Vec<(String, Given)>);

/// A value given to a partial, equal to another only when the partial would print the same
/// with either: same kind, and a string as safe as the other. Tera's own comparison is not
/// that (two maps are equal to it, so is a safe string to the same string unsafe, and `1`
/// to `1.0`), and a key compared by it would print one page's fragment on another.
#[derive(Clone)]
struct Given(Value);

impl PartialEq for Given {
    fn eq(&self, other: &Self) -> bool {
        same(&self.0, &other.0)
    }
}

impl Eq for Given {}

impl std::hash::Hash for Given {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

/// Whether `a` and `b` print the same: one kind, then compared as that kind. `hash_value`
/// follows the same arms, so that equal values hash alike.
fn same(a: &Value, b: &Value) -> bool {
    if a.kind() != b.kind() {
        return false;
    }
    match (a.kind(), a.as_map(), b.as_map(), a.as_array(), b.as_array()) {
        (ValueKind::Map, Some(x), Some(y), _, _) => {
            std::ptr::eq(x, y)
                || (x.len() == y.len()
                    && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))))
        }
        (ValueKind::Array, _, _, Some(x), Some(y)) => {
            std::ptr::eq(x, y) || (x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)))
        }
        (ValueKind::String, ..) => a.as_str() == b.as_str() && a.is_safe() == b.is_safe(),
        (ValueKind::F64, ..) => a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits),
        // Bools, integers of one kind, bytes, none and undefined: Tera's comparison.
        _ => a == b,
    }
}

/// Hashes what `same` compares, arm for arm; a map's entries in any order.
fn hash_value<H: std::hash::Hasher>(v: &Value, state: &mut H) {
    use std::hash::{BuildHasher, Hash, Hasher};
    v.kind().hash(state);
    match (v.kind(), v.as_map(), v.as_array()) {
        (ValueKind::Map, Some(map), _) => {
            let entries = map.iter().fold(0u64, |sum, (k, v)| {
                let mut entry = foldhash::fast::FixedState::default().build_hasher();
                k.hash(&mut entry);
                hash_value(v, &mut entry);
                sum.wrapping_add(entry.finish())
            });
            (map.len(), entries).hash(state);
        }
        (ValueKind::Array, _, Some(items)) => {
            items.len().hash(state);
            items.iter().for_each(|item| hash_value(item, state));
        }
        (ValueKind::String, ..) => (v.as_str(), v.is_safe()).hash(state),
        (ValueKind::F64, ..) => v.as_f64().map(f64::to_bits).hash(state),
        _ => (v.as_bool(), v.as_i128(), v.as_u128(), v.as_bytes()).hash(state),
    }
}

/// The `partial` function of one build's templates, with the renderings it has made.
pub(super) struct Partials {
    /// The templates that call it (the function is one of theirs, so it holds them weakly).
    tera: Weak<Tera>,
    /// Template names to files, for messages.
    files: HashMap<String, PathBuf>,
    done: RwLock<foldhash::HashMap<Key, Value>>,
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

    pub(super) fn new(tera: Weak<Tera>, files: HashMap<String, PathBuf>) -> Self {
        Partials {
            tera,
            files,
            done: RwLock::new(foldhash::HashMap::default()),
        }
    }

    /// How many renderings this build keeps.
    #[cfg(test)]
    pub(super) fn kept(&self) -> usize {
        self.done.read().map_or(0, |d| d.len())
    }

    fn render(&self, name: &str, given: &[(String, Given)]) -> TeraResult<Value> {
        let tera = self
            .tera
            .upgrade()
            .ok_or_else(|| tera::Error::message("partial() is only available while rendering"))?;
        let mut context = Context::new();
        for (key, value) in given {
            context.insert_value(key.clone(), value.0.clone());
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
        let mut given: Vec<(String, Given)> = kwargs
            .iter()
            .filter_map(|(k, v)| {
                let k = k.as_str()?;
                (k != "template").then(|| (k.to_string(), Given(v.clone())))
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
            tera.global_context().insert(
                "site",
                &std::collections::BTreeMap::from([("title", "Ladder")]),
            );
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

    /// Tera orders two maps as equal (a safe string as the same string unsafe, `1` as
    /// `1.0`), so a key ordered by Tera's `Ord` would print one page's fragment on another.
    #[test]
    fn a_partial_given_maps_or_safe_strings_is_rendered_for_each_of_them() {
        let (tera, partials) = templates(&[
            (
                "page.html",
                "{{ partial(template=\"card.html\", who={\"name\": section}) }}|{{ partial(template=\"card.html\", who=[{\"name\": section}]) }}|{{ partial(template=\"text.html\", t=section) }}{{ partial(template=\"text.html\", t=section | safe) }}|{{ partial(template=\"text.html\", t=1) }} {{ partial(template=\"text.html\", t=1.0) }}",
            ),
            ("card.html", "{{ who.name or who[0].name }}"),
            ("text.html", "{{ t }}"),
        ]);
        assert_eq!(
            render(&tera, "page.html", "a").as_deref(),
            Ok("a|a|aa|1 1.0")
        );
        assert_eq!(
            render(&tera, "page.html", "<b>").as_deref(),
            Ok("&lt;b&gt;|&lt;b&gt;|&lt;b&gt;<b>|1 1.0"),
            "each map, each kind of string and each kind of number gets its own rendering"
        );
        assert_eq!(partials.kept(), 10);
        // The same values made anew (new maps, with the same entries) are found again.
        assert_eq!(
            render(&tera, "page.html", "a").as_deref(),
            Ok("a|a|aa|1 1.0")
        );
        assert_eq!(partials.kept(), 10, "equal values hash alike");
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
