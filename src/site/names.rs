//! Names that content spells freely and URLs must spell one way: skills match whatever their
//! case ("node.js" is "Node.js") while names that differ in symbols stay apart (`C`, `C++`
//! and `C#` are three skills with three URLs); cities are told apart by country.

use foldhash::HashMap;
use foldhash::HashMapExt;

/// Collects spellings of one kind of name and gives each distinct name an id and a slug.
#[derive(Debug, Default)]
pub(super) struct NameTable {
    ids: HashMap<String, usize>,
    /// Exact spellings seen before (name, then qualifier), so that the common case, a name
    /// spelled as it was before, costs no allocation.
    exact: HashMap<String, HashMap<String, usize>>,
    spellings: Vec<HashMap<String, usize>>,
    /// Text that tells apart names sharing a slug (a city's country).
    qualifiers: Vec<String>,
}

/// A distinct name: the spelling content uses most, and its URL segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub name: String,
    pub qualifier: String,
    pub slug: String,
}

impl NameTable {
    /// The id of `name` (with `qualifier`, such as a city's country), case-insensitively.
    pub(super) fn intern(&mut self, name: &str, qualifier: &str) -> usize {
        if let Some(&id) = self.exact.get(name).and_then(|q| q.get(qualifier)) {
            if let Some(count) = self.spellings[id].get_mut(name.trim()) {
                *count += 1;
            }
            return id;
        }
        let key = format!("{}\u{0}{}", fold(name), fold(qualifier));
        let id = *self.ids.entry(key).or_insert_with(|| {
            self.spellings.push(HashMap::new());
            self.qualifiers.push(qualifier.trim().to_string());
            self.spellings.len() - 1
        });
        *self.spellings[id]
            .entry(name.trim().to_string())
            .or_insert(0) += 1;
        self.exact
            .entry(name.to_string())
            .or_default()
            .insert(qualifier.to_string(), id);
        id
    }

    /// Every name by id, with a slug no other name shares.
    pub(super) fn finish(self) -> Vec<Named> {
        let mut named: Vec<Named> = self
            .spellings
            .iter()
            .zip(&self.qualifiers)
            .map(|(spellings, qualifier)| {
                // The most used spelling; on a tie, the first in sorted order.
                let mut best: Vec<(&String, &usize)> = spellings.iter().collect();
                best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                Named {
                    name: best.first().map(|b| b.0.clone()).unwrap_or_default(),
                    qualifier: qualifier.clone(),
                    slug: String::new(),
                }
            })
            .collect();
        let candidates: [fn(&Named) -> String; 2] = [
            |n| slug_of(&spell_operators(&n.name)),
            |n| slug_of(&format!("{} {}", spell_symbols(&n.name), n.qualifier)),
        ];
        let mut order: Vec<usize> = (0..named.len()).collect();
        order.sort_by_key(|&i| (fold(&named[i].name), fold(&named[i].qualifier)));
        let first: Vec<String> = named.iter().map(candidates[0]).collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for s in &first {
            *count.entry(s.as_str()).or_insert(0) += 1;
        }
        let chosen: Vec<String> = named
            .iter()
            .zip(&first)
            .map(|(n, s)| {
                if count[s.as_str()] == 1 {
                    s.clone()
                } else {
                    candidates[1](n)
                }
            })
            .collect();
        let mut taken: HashMap<String, usize> = HashMap::new();
        for i in order {
            let wanted = chosen[i].clone();
            let mut slug = wanted.clone();
            let mut n = 1;
            while taken.contains_key(&slug) {
                n += 1;
                slug = format!("{wanted}-{n}");
            }
            taken.insert(slug.clone(), i);
            named[i].slug = slug;
        }
        named
    }
}

pub(crate) use crate::content::fold;

fn slug_of(text: &str) -> String {
    let s = slug::slugify(text);
    if s.is_empty() { "x".to_string() } else { s }
}

/// Spells out the symbols that make a language's name: `C++` is `c-plus-plus`, `C#` `c-sharp`.
fn spell_operators(name: &str) -> String {
    name.replace('+', " plus ").replace('#', " sharp ")
}

/// Spells out every symbol, to tell apart names that differ only in punctuation.
fn spell_symbols(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '+' => out.push_str(" plus "),
            '#' => out.push_str(" sharp "),
            '.' => out.push_str(" dot "),
            '&' => out.push_str(" and "),
            '@' => out.push_str(" at "),
            '/' => out.push_str(" slash "),
            '*' => out.push_str(" star "),
            '-' => out.push_str(" dash "),
            '_' => out.push_str(" underscore "),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(names: &[&str]) -> Vec<(String, String)> {
        let mut t = NameTable::default();
        for n in names {
            t.intern(n, "");
        }
        t.finish().into_iter().map(|n| (n.name, n.slug)).collect()
    }

    #[test]
    fn case_does_not_matter_but_symbols_do() {
        let s = slugs(&["C", "C++", "C#", "Node.js", "node.js", "NODE.JS", "node.js"]);
        assert_eq!(
            s,
            [
                ("C".to_string(), "c".to_string()),
                ("C++".into(), "c-plus-plus".into()),
                ("C#".into(), "c-sharp".into()),
                ("node.js".into(), "node-js".into()),
            ]
        );
    }

    #[test]
    fn names_that_differ_only_in_punctuation_get_distinct_slugs() {
        let s = slugs(&["Node.js", "Node js", "Node-js"]);
        let mut unique: Vec<&String> = s.iter().map(|(_, slug)| slug).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 3, "{s:?}");
        assert!(
            s.contains(&("Node.js".into(), "node-dot-js".into())),
            "{s:?}"
        );
    }

    #[test]
    fn cities_with_one_name_in_two_countries_are_told_apart() {
        let mut t = NameTable::default();
        let a = t.intern("Cambridge", "United Kingdom");
        let b = t.intern("Cambridge", "United States");
        let c = t.intern("cambridge", "united kingdom");
        let d = t.intern("Berlin", "Germany");
        assert_eq!(a, c);
        let named = t.finish();
        assert_eq!(named[a].slug, "cambridge-united-kingdom");
        assert_eq!(named[b].slug, "cambridge-united-states");
        assert_eq!(named[d].slug, "berlin");
    }
}
