//! The incremental builds are the fresh build: random sequences of edits (every field of
//! every content kind, files created, deleted and renamed, templates, site.toml, static
//! files, broken files; salary rows in TOML files and in a spreadsheet, with every figure of
//! a survey and country-wide rows) are applied to a small site (its sitemap whole or in parts,
//! case by case), and after each step the output of
//! `ladder serve`'s session and of `ladder build` with its cache must be byte for byte what
//! a fresh build writes; when the fresh build fails, both must fail too and leave their
//! output as it was. This is what catches a page that read a part of the site without
//! recording it (see `render::reads`).
//!
//! The seed is fixed; `LADDER_EQUIVALENCE_CASES` and `LADDER_EQUIVALENCE_SEED` make longer
//! or other runs (`.ci/run` runs many more cases in release mode).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::TestSite;
use ladder::BuildOptions;
use ladder::session::{Outcome, Session};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const SLUGS: [&str; 6] = ["backend", "frontend", "lead", "data", "ops", "sre"];
const TITLES: [&str; 5] = [
    "Backend Developer",
    "Data Engineer",
    "Lead <Developer>",
    "Site \"Reliability\" Engineer",
    "Zebra Wrangler",
];
const SKILLS: [&str; 10] = [
    "Python", "python", "SQL", "C", "C++", "C#", "Node.js", "node js", "Go", "Rust",
];
const CATEGORIES: [Option<&str>; 4] = [
    None,
    Some("Engineering"),
    Some("engineering"),
    Some("Management"),
];
const CITIES: [(&str, &str, &str); 7] = [
    ("London", "United Kingdom", "GBP"),
    ("Berlin", "Germany", "EUR"),
    ("Paris", "France", "EUR"),
    ("Cambridge", "United Kingdom", "GBP"),
    ("Cambridge", "United States", "USD"),
    ("Bengaluru", "India", "INR"),
    ("Tokyo", "Japan", "JPY"),
];
const BODIES: [&str; 4] = [
    "",
    "Plain words.",
    "## Day to day\n\nShips **code** & [reads](https://example.org).\n",
    "## Day to day\n\nOther words.\n\n- one\n- two\n",
];
const DATES: [Option<&str>; 3] = [None, Some("2026-01-15"), Some("2025-06-01")];

#[derive(Clone, Debug, Default)]
struct RoleModel {
    title: usize,
    summary: usize,
    category: usize,
    skills: u16,
    responsibilities: usize,
    education: bool,
    experience: Option<u32>,
    related: Vec<String>,
    next: Vec<String>,
    aliases: bool,
    updated: usize,
    draft: bool,
    weight: Option<i64>,
    extra: bool,
    body: usize,
}

#[derive(Clone, Debug, Default)]
struct SalaryModel {
    /// City index to (median, which other figures are given: `FIGURES`' bits).
    cities: BTreeMap<usize, (u32, u8)>,
    /// The country-wide figure for the country of `CITIES[0]`: (median, figures' bits).
    national: Option<(u32, u8)>,
    source: bool,
    as_of: usize,
    /// Written as rows of the site's spreadsheet rather than a TOML file of its own.
    csv: bool,
}

/// The figures a salary may give beside its median, as bits: p25 and p75, p10 and p90,
/// employment.
const RANGE: u8 = 1;
const TENTHS: u8 = 2;
const JOBS: u8 = 4;

/// The figures of a salary with `median` and the figures of `bits`, as (field, value).
fn figures(median: u32, bits: u8) -> Vec<(&'static str, u32)> {
    let mut out = Vec::new();
    if bits & TENTHS != 0 {
        out.push(("p10", median - median / 3));
    }
    if bits & RANGE != 0 {
        out.push(("p25", median - median / 5));
        out.push(("p75", median + median / 5));
    }
    if bits & TENTHS != 0 {
        out.push(("p90", median + median / 3));
    }
    if bits & JOBS != 0 {
        out.push(("employment", median / 40));
    }
    out
}

#[derive(Clone, Debug, Default)]
struct CourseModel {
    title: usize,
    level: usize,
    hours: Option<u32>,
    free: Option<bool>,
    skills: u16,
    roles: Vec<String>,
    summary: bool,
    body: usize,
}

#[derive(Clone, Debug, Default)]
struct GuideModel {
    title: usize,
    date: usize,
    summary: bool,
    roles: Vec<String>,
    skills: u16,
    draft: bool,
    body: usize,
}

#[derive(Clone, Debug, Default)]
struct PageModel {
    title: usize,
    description: bool,
    own_template: bool,
    weight: Option<i64>,
    extra: bool,
    draft: bool,
    body: usize,
}

/// The whole site as values; `files` writes it out.
#[derive(Clone, Debug, Default)]
struct Model {
    site_title: usize,
    minify: bool,
    eur_rate: u32,
    footer_note: bool,
    /// site.toml's `salary_pages`: all (0), none (1), or 1,000 jobs and more (2).
    salary_pages: usize,
    home: Option<usize>,
    roles_intro: Option<usize>,
    roles: BTreeMap<String, RoleModel>,
    salaries: BTreeMap<String, SalaryModel>,
    /// FAQ sets by role slug; "" for the site's own questions.
    faqs: BTreeMap<String, Vec<usize>>,
    courses: BTreeMap<String, CourseModel>,
    guides: BTreeMap<String, GuideModel>,
    pages: BTreeMap<String, PageModel>,
    /// A site template overriding the theme's, by name, with one of a few texts.
    templates: BTreeMap<&'static str, usize>,
    statics: BTreeMap<&'static str, usize>,
    /// A file made invalid for one step.
    broken: Option<(String, String)>,
}

fn q(s: &str) -> String {
    format!("{s:?}")
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(q).collect();
    format!("[{}]", quoted.join(", "))
}

fn skills(mask: u16) -> Vec<&'static str> {
    (0..SKILLS.len())
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| SKILLS[i])
        .collect()
}

impl Model {
    fn initial() -> Model {
        let mut m = Model {
            eur_rate: 90,
            home: Some(0),
            ..Model::default()
        };
        for (i, slug) in SLUGS.iter().take(3).enumerate() {
            m.roles.insert(
                slug.to_string(),
                RoleModel {
                    title: i,
                    skills: 0b101 << i,
                    body: i % BODIES.len(),
                    ..RoleModel::default()
                },
            );
        }
        if let Some(r) = m.roles.get_mut("backend") {
            r.related = vec!["lead".into()];
        }
        if let Some(r) = m.roles.get_mut("frontend") {
            r.next = vec!["lead".into()];
        }
        m.salaries.insert(
            "backend".into(),
            SalaryModel {
                cities: BTreeMap::from([(0, (77_000, RANGE | JOBS)), (1, (81_000, 0))]),
                national: Some((70_000, TENTHS | JOBS)),
                ..SalaryModel::default()
            },
        );
        m.salaries.insert(
            "lead".into(),
            SalaryModel {
                cities: BTreeMap::from([(0, (90_000, TENTHS)), (5, (2_500_000, JOBS))]),
                national: None,
                source: true,
                as_of: 1,
                csv: true,
            },
        );
        m.faqs.insert("backend".into(), vec![0, 1]);
        m.faqs.insert(String::new(), vec![2]);
        m.courses.insert(
            "python".into(),
            CourseModel {
                skills: 0b1,
                roles: vec!["backend".into()],
                ..CourseModel::default()
            },
        );
        m.guides.insert(
            "start".into(),
            GuideModel {
                date: 1,
                roles: vec!["lead".into()],
                ..GuideModel::default()
            },
        );
        m.pages.insert("about".into(), PageModel::default());
        m.statics.insert("static/extra.css", 0);
        m
    }

    /// Every file of the site, by path below its root.
    fn files(&self) -> BTreeMap<String, String> {
        let mut f = BTreeMap::new();
        let mut toml = format!(
            "title = {}\nbase_url = \"https://careers.example.org/guide\"\nminify = {}\n[currencies]\nbase = \"USD\"\nGBP = 0.8\nEUR = 0.{}\nINR = 80\n",
            q(["Test Careers", "Other <Careers>"][self.site_title % 2]),
            self.minify,
            self.eur_rate
        );
        if self.footer_note {
            toml.push_str("[extra]\nfooter_note = \"Check & compare.\"\n");
        }
        let setting = ["", "salary_pages = \"none\"\n", "salary_pages = 1000\n"];
        toml.insert_str(0, setting[self.salary_pages % 3]);
        f.insert("site.toml".into(), toml);
        if let Some(h) = self.home {
            f.insert(
                "content/_index.md".into(),
                format!("+++\ntitle = {}\n+++\n{}", q(TITLES[h % 5]), BODIES[h % 4]),
            );
        }
        if let Some(i) = self.roles_intro {
            f.insert(
                "content/roles/_index.md".into(),
                format!(
                    "+++\ntitle = \"All the roles\"\ndescription = {}\n+++\n{}",
                    q(["", "Every one."][i % 2]),
                    BODIES[i % 4]
                ),
            );
        }
        for (slug, r) in &self.roles {
            let mut t = format!(
                "+++\ntitle = {}\nsummary = {}\n",
                q(TITLES[r.title % 5]),
                q(["Does things.", "Does <other> things."][r.summary % 2])
            );
            if let Some(c) = CATEGORIES[r.category % 4] {
                t += &format!("category = {}\n", q(c));
            }
            t += &format!("skills = {}\n", list(skills(r.skills)));
            t += &format!(
                "responsibilities = {}\n",
                list(
                    ["Build", "Run", "Mend"]
                        .into_iter()
                        .take(r.responsibilities % 4)
                )
            );
            if r.education {
                t += "education = \"Bachelor's degree\"\nqualifications = [\"A degree\"]\n";
            }
            if let Some(y) = r.experience {
                t += &format!("experience_years = {y}\n");
            }
            t += &format!("related = {}\n", list(r.related.iter().map(String::as_str)));
            t += &format!("next = {}\n", list(r.next.iter().map(String::as_str)));
            if r.aliases {
                t += "aliases = [\"Coder\"]\n";
            }
            if let Some(d) = DATES[r.updated % 3] {
                t += &format!("updated = {d}\n");
            }
            if r.draft {
                t += "draft = true\n";
            }
            if let Some(w) = r.weight {
                t += &format!("weight = {w}\n");
            }
            if r.extra {
                t += "[extra]\nicon = \"<server>\"\n";
            }
            t += &format!("+++\n{}", BODIES[r.body % 4]);
            f.insert(format!("content/roles/{slug}.md"), t);
        }
        let mut sheet = String::from(
            "role,city,country,currency,median,p10,p25,p75,p90,employment,source,as_of\r\n",
        );
        for (role, s) in &self.salaries {
            let source = if s.source { "Survey & Co" } else { "" };
            let as_of = DATES[s.as_of % 3];
            let rows = s
                .cities
                .iter()
                .map(|(&c, &pay)| (Some(CITIES[c]), pay))
                .chain(s.national.map(|pay| (None, pay)));
            if s.csv {
                for (city, (median, bits)) in rows {
                    let (name, country, currency) = city.unwrap_or(("", CITIES[0].1, CITIES[0].2));
                    let given: BTreeMap<&str, u32> = figures(median, bits).into_iter().collect();
                    let cell = |f: &str| given.get(f).map(|v| v.to_string()).unwrap_or_default();
                    sheet += &format!(
                        "{role},\"{name}\",{country},{currency},{median},{},{},{},{},{},\"{source}\",{}\r\n",
                        cell("p10"),
                        cell("p25"),
                        cell("p75"),
                        cell("p90"),
                        cell("employment"),
                        as_of.unwrap_or("")
                    );
                }
                continue;
            }
            let mut t = format!("role = {}\n", q(role));
            if s.source {
                t += &format!("source = {}\n", q(source));
            }
            if let Some(d) = as_of {
                t += &format!("as_of = {d}\n");
            }
            for (city, (median, bits)) in rows {
                t += &match city {
                    Some((city, country, currency)) => format!(
                        "[[city]]\ncity = {}\ncountry = {}\ncurrency = {}\nmedian = {median}\n",
                        q(city),
                        q(country),
                        q(currency)
                    ),
                    None => format!(
                        "[[country]]\ncountry = {}\ncurrency = {}\nmedian = {median}\n",
                        q(CITIES[0].1),
                        q(CITIES[0].2)
                    ),
                };
                for (field, value) in figures(median, bits) {
                    t += &format!("{field} = {value}\n");
                }
            }
            f.insert(format!("content/salaries/{role}.toml"), t);
        }
        if sheet.lines().count() > 1 {
            f.insert("content/salaries/survey.csv".into(), sheet);
        }
        for (role, questions) in &self.faqs {
            let mut t = String::new();
            if !role.is_empty() {
                t += &format!("role = {}\n", q(role));
            }
            for &question in questions {
                t += &format!(
                    "[[faq]]\nquestion = {}\nanswer = {}\n",
                    q(["What is it?", "Is it <hard>?", "What is it?", "Where?"][question % 4]),
                    q(["A job.", "*Sometimes*.", "See [the list](/roles/)."][question % 3])
                );
            }
            let name = if role.is_empty() { "general" } else { role };
            f.insert(format!("content/faqs/{name}.toml"), t);
        }
        for (slug, c) in &self.courses {
            let mut t = format!(
                "+++\ntitle = {}\nprovider = \"Academy\"\n",
                q(["Python 101", "SQL & You", "Advanced Things"][c.title % 3])
            );
            if let Some(l) = [None, Some("beginner"), Some("advanced")][c.level % 3] {
                t += &format!("level = {}\n", q(l));
            }
            if let Some(h) = c.hours {
                t += &format!("hours = {h}\n");
            }
            if let Some(free) = c.free {
                t += &format!("free = {free}\n");
            }
            t += &format!("skills = {}\n", list(skills(c.skills)));
            t += &format!("roles = {}\n", list(c.roles.iter().map(String::as_str)));
            if c.summary {
                t += "summary = \"Learn it.\"\nurl = \"https://academy.example.org/c\"\n";
            }
            t += &format!("+++\n{}", BODIES[c.body % 4]);
            f.insert(format!("content/courses/{slug}.md"), t);
        }
        for (slug, g) in &self.guides {
            let mut t = format!(
                "+++\ntitle = {}\n",
                q(["Start Here", "Moving Up", "Pay <Talk>"][g.title % 3])
            );
            if let Some(d) = DATES[g.date % 3] {
                t += &format!("date = {d}\n");
            }
            if g.summary {
                t += "summary = \"First steps.\"\n";
            }
            t += &format!("roles = {}\n", list(g.roles.iter().map(String::as_str)));
            t += &format!("skills = {}\n", list(skills(g.skills)));
            if g.draft {
                t += "draft = true\n";
            }
            t += &format!("+++\n{}", BODIES[g.body % 4]);
            f.insert(format!("content/guides/{slug}.md"), t);
        }
        for (path, p) in &self.pages {
            let mut t = format!(
                "+++\ntitle = {}\n",
                q(["About", "Privacy & You", "Zed"][p.title % 3])
            );
            if p.description {
                t += "description = \"A page.\"\n";
            }
            if p.own_template {
                t += "template = \"alt.html\"\n";
            }
            if let Some(w) = p.weight {
                t += &format!("weight = {w}\n");
            }
            if p.draft {
                t += "draft = true\n";
            }
            if p.extra {
                t += "[extra]\nnote = \"<b>n</b>\"\n";
            }
            t += &format!("+++\n{}", BODIES[p.body % 4]);
            f.insert(format!("content/{path}.md"), t);
        }
        // A page may name alt.html: the site always has it.
        f.insert(
            "templates/alt.html".into(),
            "{% extends \"base.html\" %}{% block content %}<p class=alt>{{ content.title }}</p>{{ content.body | safe }}{% endblock content %}".into(),
        );
        for (&name, &variant) in &self.templates {
            let text = match (name, variant % 3) {
                ("templates/page.html", 0) => {
                    "{% extends \"base.html\" %}{% block content %}<h1>{{ content.title }}</h1>{% endblock content %}"
                }
                ("templates/page.html", 1) => {
                    "{% extends \"base.html\" %}{% block content %}<i>{{ page.title }}</i>{{ content.body | safe }}{% endblock content %}"
                }
                ("templates/page.html", _) => {
                    "{% extends \"base.html\" %}{% block content %}{{ site.title }}{% endblock content %}"
                }
                ("templates/salary.html", 0) => {
                    "{% extends \"base.html\" %}{% block content %}<p>{{ salary.salary.median_text }} of {{ salary.city_of }}</p>{% endblock content %}"
                }
                ("templates/salary.html", 1) => {
                    "{% extends \"base.html\" %}{% block content %}{% for r in salary.other_roles %}{{ r.role.title }} {{ r.median_text }};{% endfor %}{% endblock content %}"
                }
                // The chart of the city's roles, which the default theme does not draw.
                ("templates/salary.html", _) => {
                    "{% extends \"base.html\" %}{% block content %}{% if salary.roles_chart %}{% for r in salary.roles_chart.rows %}{{ r.label }} {{ r.value }} {{ r.width }} {{ r.current }};{% endfor %}{% endif %}{% endblock content %}"
                }
                (_, 0) => {
                    "{% extends \"base.html\" %}{% block content %}{% for c in skill.courses %}{{ c.title }}{% endfor %}{% endblock content %}"
                }
                (_, _) => {
                    "{% extends \"base.html\" %}{% block content %}{{ skill.name }}: {% for r in skill.roles %}{{ r.title }}{% endfor %}{% endblock content %}"
                }
            };
            f.insert(name.to_string(), text.to_string());
        }
        for (&name, &variant) in &self.statics {
            f.insert(
                name.to_string(),
                ["p { color: red }", "p { color: blue }", "x"][variant % 3].to_string(),
            );
        }
        if let Some((path, text)) = &self.broken {
            f.insert(path.clone(), text.clone());
        }
        f
    }

    fn role_slugs(&self) -> Vec<String> {
        self.roles.keys().cloned().collect()
    }

    /// Some of the roles, picked by the bits of `mask`.
    fn some_roles(&self, mask: u16) -> Vec<String> {
        self.role_slugs()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| s)
            .collect()
    }

    fn pick<T>(map: &mut BTreeMap<String, T>, n: u8) -> Option<(String, &mut T)> {
        let len = map.len();
        if len == 0 {
            return None;
        }
        let key = map.keys().nth(usize::from(n) % len)?.clone();
        map.get_mut(&key).map(|v| (key, v))
    }

    /// Drops every reference to the role `slug`, as an editor removing it would.
    fn forget_role(&mut self, slug: &str) {
        for r in self.roles.values_mut() {
            r.related.retain(|s| s != slug);
            r.next.retain(|s| s != slug);
        }
        for c in self.courses.values_mut() {
            c.roles.retain(|s| s != slug);
        }
        for g in self.guides.values_mut() {
            g.roles.retain(|s| s != slug);
        }
        self.salaries.remove(slug);
        self.faqs.remove(slug);
    }

    /// Applies one edit, chosen and shaped by four random numbers.
    fn apply(&mut self, (kind, a, b, c): (u8, u8, u8, u16)) {
        self.broken = None;
        let slugs = self.role_slugs();
        match kind % 16 {
            0..=3 => {
                let some = self.some_roles(c);
                if let Some((slug, r)) = Self::pick(&mut self.roles, a) {
                    let v = usize::from(b);
                    match c % 15 {
                        0 => r.title = v,
                        1 => r.summary = v,
                        2 => r.category = v,
                        3 => r.skills = c >> 4,
                        4 => r.responsibilities = v,
                        5 => r.education = !r.education,
                        6 => r.experience = [None, Some(2), Some(5)][v % 3],
                        7 => {
                            r.related = some
                                .into_iter()
                                .filter(|s| *s != slug || b % 2 == 0)
                                .collect()
                        }
                        8 => r.next = some,
                        9 => r.aliases = !r.aliases,
                        10 => r.updated = v,
                        11 => r.draft = b % 4 == 0,
                        12 => r.weight = [None, Some(1), Some(2)][v % 3],
                        13 => r.extra = !r.extra,
                        _ => r.body = v,
                    }
                }
            }
            4 => {
                let slug = SLUGS[usize::from(a) % SLUGS.len()].to_string();
                if self.roles.remove(&slug).is_some() {
                    self.forget_role(&slug);
                } else {
                    self.roles.insert(
                        slug,
                        RoleModel {
                            title: usize::from(b),
                            skills: c,
                            ..RoleModel::default()
                        },
                    );
                }
            }
            5 => {
                // Rename a role's file; references follow, as an editor would make them.
                let to = SLUGS[usize::from(b) % SLUGS.len()].to_string();
                if let Some((from, _)) = Self::pick(&mut self.roles, a)
                    && !self.roles.contains_key(&to)
                {
                    let role = self.roles.remove(&from).unwrap_or_default();
                    self.roles.insert(to.clone(), role);
                    let rename = |list: &mut Vec<String>| {
                        for s in list.iter_mut() {
                            if *s == from {
                                *s = to.clone();
                            }
                        }
                    };
                    for r in self.roles.values_mut() {
                        rename(&mut r.related);
                        rename(&mut r.next);
                    }
                    for c in self.courses.values_mut() {
                        rename(&mut c.roles);
                    }
                    for g in self.guides.values_mut() {
                        rename(&mut g.roles);
                    }
                    if let Some(s) = self.salaries.remove(&from) {
                        self.salaries.insert(to.clone(), s);
                    }
                    if let Some(f) = self.faqs.remove(&from) {
                        self.faqs.insert(to, f);
                    }
                }
            }
            6 | 7 => {
                let Some(role) = slugs.get(usize::from(a) % slugs.len().max(1)).cloned() else {
                    return;
                };
                let s = self.salaries.entry(role.clone()).or_default();
                let city = usize::from(b) % CITIES.len();
                match c % 8 {
                    0 => {
                        s.cities.remove(&city);
                    }
                    1 => s.source = !s.source,
                    2 => s.as_of = usize::from(b),
                    3 => s.csv = !s.csv,
                    4 => {
                        s.national = match s.national {
                            Some(_) if b % 2 == 0 => None,
                            _ => Some((30_000 + u32::from(c) * 5, (c >> 3) as u8 & 7)),
                        }
                    }
                    _ => {
                        s.cities
                            .insert(city, (20_000 + u32::from(c) * 7, (c >> 3) as u8 & 7));
                    }
                }
                if s.cities.is_empty() && s.national.is_none() {
                    self.salaries.remove(&role);
                }
            }
            8 => {
                let target = if a % 3 == 0 {
                    String::new()
                } else {
                    match slugs.get(usize::from(a) % slugs.len().max(1)) {
                        Some(s) => s.clone(),
                        None => return,
                    }
                };
                let set = self.faqs.entry(target.clone()).or_default();
                match b % 3 {
                    0 if !set.is_empty() => {
                        set.pop();
                    }
                    _ => set.push(usize::from(c)),
                }
                if set.is_empty() {
                    self.faqs.remove(&target);
                }
            }
            9 => {
                let some = self.some_roles(c >> 3);
                let slug = ["python", "sql", "rust"][usize::from(a) % 3].to_string();
                let course = self.courses.entry(slug.clone()).or_default();
                let v = usize::from(b);
                match c % 9 {
                    0 => {
                        self.courses.remove(&slug);
                    }
                    1 => course.title = v,
                    2 => course.level = v,
                    3 => course.hours = [None, Some(3), Some(12)][v % 3],
                    4 => course.free = [None, Some(true), Some(false)][v % 3],
                    5 => course.skills = c >> 4,
                    6 => course.roles = some,
                    7 => course.summary = !course.summary,
                    _ => course.body = v,
                }
            }
            10 => {
                let some = self.some_roles(c >> 3);
                let slug = ["start", "up", "pay"][usize::from(a) % 3].to_string();
                let guide = self.guides.entry(slug.clone()).or_default();
                let v = usize::from(b);
                match c % 8 {
                    0 => {
                        self.guides.remove(&slug);
                    }
                    1 => guide.title = v,
                    2 => guide.date = v,
                    3 => guide.summary = !guide.summary,
                    4 => guide.roles = some,
                    5 => guide.skills = c >> 4,
                    6 => guide.draft = b % 3 == 0,
                    _ => guide.body = v,
                }
            }
            11 => {
                let path = ["about", "privacy", "legal/terms"][usize::from(a) % 3].to_string();
                let page = self.pages.entry(path.clone()).or_default();
                let v = usize::from(b);
                match c % 8 {
                    0 => {
                        self.pages.remove(&path);
                    }
                    1 => page.title = v,
                    2 => page.description = !page.description,
                    3 => page.own_template = !page.own_template,
                    4 => page.weight = [None, Some(1), Some(2)][v % 3],
                    5 => page.extra = !page.extra,
                    6 => page.draft = b % 3 == 0,
                    _ => page.body = v,
                }
            }
            12 => match a % 6 {
                5 => self.salary_pages = usize::from(b),
                0 => self.site_title = usize::from(b),
                1 => self.minify = !self.minify,
                2 => self.eur_rate = 80 + u32::from(b % 19),
                3 => self.footer_note = !self.footer_note,
                _ => {
                    if b % 2 == 0 {
                        self.home = self.home.is_none().then_some(usize::from(c));
                    } else {
                        self.roles_intro = self.roles_intro.is_none().then_some(usize::from(c));
                    }
                }
            },
            13 => {
                let name = [
                    "templates/page.html",
                    "templates/salary.html",
                    "templates/skill.html",
                ][usize::from(a) % 3];
                if b % 4 == 0 {
                    self.templates.remove(name);
                } else {
                    self.templates.insert(name, usize::from(c));
                }
            }
            14 => {
                let name = ["static/extra.css", "static/img/a.txt"][usize::from(a) % 2];
                if b % 3 == 0 {
                    self.statics.remove(name);
                } else {
                    self.statics.insert(name, usize::from(c));
                }
            }
            _ => {
                // A mistake for one step: the next edit mends it.
                let slug = slugs.first().cloned().unwrap_or_else(|| "backend".into());
                self.broken = Some(match a % 5 {
                    4 => ("content/salaries/bad.csv".into(), "role,city,country,currency,median\nbackend,Leeds,United Kingdom,GBP,lots\n".into()),
                    0 => (format!("content/roles/{slug}.md"), "+++\ntitle = \"x\"\nsumary = \"typo\"\n+++\n".into()),
                    1 => ("content/guides/bad.md".into(), "no front matter".into()),
                    2 => ("templates/page.html".into(), "{% extends \"base.html\" %}{% block content %}{{ content.title | }}{% endblock content %}".into()),
                    _ => ("content/faqs/bad.toml".into(), "role = \"nobody\"\n[[faq]]\nquestion = \"Q\"\nanswer = \"A\"\n".into()),
                });
            }
        }
    }
}

/// Writes `files` over the site's previous `files`, returning every path that changed.
fn sync(
    root: &Path,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    for (path, _) in before.iter().filter(|(p, _)| !after.contains_key(*p)) {
        let full = root.join(path);
        std::fs::remove_file(&full).expect("remove");
        changed.push(full);
    }
    for (path, text) in after {
        if before.get(path) != Some(text) {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(&full, text).expect("write");
            changed.push(full);
        }
    }
    changed
}

fn run_case(edits: &[(u8, u8, u8, u16)]) -> Result<(), TestCaseError> {
    let site = TestSite::new("");
    let root = site.root().to_path_buf();
    std::fs::remove_file(root.join("site.toml")).expect("rm");
    let mut model = Model::initial();
    let mut files = model.files();
    sync(&root, &BTreeMap::new(), &files);

    let outputs = tempfile::tempdir().expect("outputs");
    // Half the cases split the sitemap into parts of a few pages each: each part reads only
    // what addresses and dates its own pages (`render::files`).
    let sitemap_urls = edits.len().is_multiple_of(2).then_some(7);
    let options = |dir: &str| BuildOptions {
        root: root.clone(),
        output: Some(outputs.path().join(dir)),
        sitemap_urls,
        ..BuildOptions::default()
    };
    let (mut session, first) = Session::open(options("session"));
    prop_assert!(matches!(first, Outcome::Built(_)), "{first:?}");
    ladder::build(&options("incremental")).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let session_out = outputs.path().join("session");
    let incremental_out = outputs.path().join("incremental");
    if sitemap_urls.is_some() {
        prop_assert!(
            incremental_out.join("sitemap-2.xml").exists(),
            "the sitemap is in parts"
        );
    }

    for (step, &edit) in edits.iter().enumerate() {
        model.apply(edit);
        let next = model.files();
        let changed = sync(&root, &files, &next);
        files = next;
        let before = (common::tree(&session_out), common::tree(&incremental_out));
        let served = session.update(&changed);
        let built = ladder::build(&options("incremental"));
        let fresh_dir = tempfile::tempdir().expect("fresh");
        let mut fresh_options = options("unused");
        fresh_options.output = Some(fresh_dir.path().join("site"));
        let context = format!("step {step}, edit {edit:?}");
        match ladder::build(&fresh_options) {
            Ok(_) => {
                prop_assert!(matches!(served, Outcome::Built(_)), "{context}: {served:?}");
                prop_assert!(built.is_ok(), "{context}: {built:?}");
                let fresh = common::tree(&fresh_dir.path().join("site"));
                for (name, out) in [("session", &session_out), ("incremental", &incremental_out)] {
                    let got = common::tree(out);
                    let differing: std::collections::BTreeSet<&String> = fresh
                        .keys()
                        .chain(got.keys())
                        .filter(|k| fresh.get(*k) != got.get(*k))
                        .collect();
                    prop_assert!(
                        differing.is_empty(),
                        "{context}: the {name} output differs from a fresh build in {differing:?}"
                    );
                }
            }
            Err(problems) => {
                prop_assert!(
                    matches!(served, Outcome::Failed(_)),
                    "{context}: {problems}"
                );
                prop_assert!(built.is_err(), "{context}: {problems}");
                prop_assert!(
                    common::tree(&session_out) == before.0,
                    "{context}: session output changed"
                );
                prop_assert!(
                    common::tree(&incremental_out) == before.1,
                    "{context}: build output changed"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn incremental_builds_equal_fresh_builds_after_random_edits() {
    let cases = std::env::var("LADDER_EQUIVALENCE_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(6);
    let seed: u64 = std::env::var("LADDER_EQUIVALENCE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261122);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let edits = prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u16>()), 1..14);
    if let Err(e) = runner.run(&edits, |edits| run_case(&edits)) {
        panic!("seed {seed}: {e}");
    }
}
