//! What a page reads. Views never see the `Site`: they read it through `Reads`, whose every
//! method records one `Part` of the site (a role's card, a city's ranking, the list of
//! courses) and returns that part's data as a value. The fingerprint of a part is the hash of
//! the very value its reader returns, so what a page read and what decides whether it must
//! be rendered again cannot drift apart: `parts!` below makes the `Part` enum, the readers
//! and the fingerprints from one list, and each data type derives `Hash` over exactly the
//! fields it exposes (lists of other documents hash by their stable names, never by index).
//!
//! What every page reads besides: the configuration, the templates and the ladder binary;
//! a change to any of them renders every page (the setup fingerprint `pipeline` makes of
//! them, kept as `output::State::setup`).
//!
//! After an edit, a page is rendered again only when a part it read has a new fingerprint,
//! or is gone; `tests/equivalence.rs` checks this against fresh builds over random edits.
//!
//! Uses `content`, `hash`, `site` and `testing`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{self, Date, Html, Level, Section};
use crate::hash::hash_of;
use crate::site::*;

/// How a document that other data refers to is named: stable from one build to the next,
/// where ids (indices) are not.
pub(crate) trait Key {
    type Id: Copy;
    /// The name of `id` in `site`.
    fn key(site: &Site, id: Self::Id) -> Cow<'_, str>;
    /// How many there are in `site`: ids run from 0 up to this.
    fn count(site: &Site) -> usize;
    /// The document `id` is.
    fn owner(id: Self::Id) -> Owner;
}

macro_rules! keys {
    ($( $(#[$doc:meta])* $marker:ident($id:ty) in $list:ident as $owner:ident => |$site:ident, $i:ident| $key:expr ;)*) => {
        $(
            $(#[$doc])*
            pub(crate) struct $marker;
            impl Key for $marker {
                type Id = $id;
                fn key($site: &Site, $i: $id) -> Cow<'_, str> {
                    Cow::Borrowed($key)
                }
                fn count(site: &Site) -> usize {
                    site.$list.len()
                }
                fn owner(id: $id) -> Owner {
                    Owner::$owner(id)
                }
            }
        )*
    };
}

keys! {
    /// A role by its slug.
    ByRole(RoleId) in roles as Role => |site, id| &site.roles[id].slug;
    /// A skill by its name, case folded.
    BySkill(SkillId) in skills as Skill => |site, id| &site.skills[id].key;
    /// A city by its name and country, case folded.
    ByCity(CityId) in cities as City => |site, id| &site.cities[id].key;
    ByCourse(CourseId) in courses as Course => |site, id| &site.courses[id].slug;
    ByGuide(GuideId) in guides as Guide => |site, id| &site.guides[id].slug;
    /// A plain page by its URL path.
    ByPlain(usize) in pages as Plain => |site, id| &site.pages[id].path;
}

/// One role's salary in one city by its number among all (`Site::salary_number`), named by
/// its role's slug and its place among the role's salaries: which city that is belongs to
/// the salary's data.
pub(crate) struct BySalary;

impl Key for BySalary {
    type Id = usize;
    fn key(site: &Site, id: usize) -> Cow<'_, str> {
        let (role, index) = site.salary_at(id);
        Cow::Owned(format!("{}\u{0}{index}", site.roles[role].slug))
    }
    fn count(site: &Site) -> usize {
        site.salary_offsets.last().copied().unwrap_or(0)
    }
    fn owner(id: usize) -> Owner {
        Owner::Salary(id)
    }
}

/// A place in a city's ranking of roles by its number among all (`Site::slot_number`), named
/// by the city's key and the place.
pub(crate) struct BySlot;

impl Key for BySlot {
    type Id = usize;
    fn key(site: &Site, id: usize) -> Cow<'_, str> {
        let (city, place) = site.slot_at(id);
        Cow::Owned(format!("{}\u{0}{place}", site.cities[city].key))
    }
    fn count(site: &Site) -> usize {
        site.city_offsets.last().copied().unwrap_or(0)
    }
    fn owner(id: usize) -> Owner {
        Owner::Slot(id)
    }
}

/// A list of documents, hashed by their names: the same list in the next build hashes
/// alike however the documents were renumbered.
pub(crate) struct Ids<'a, K: Key> {
    site: &'a Site,
    ids: &'a [K::Id],
}

impl<'a, K: Key> Ids<'a, K> {
    fn new(site: &'a Site, ids: &'a [K::Id]) -> Self {
        Ids { site, ids }
    }

    pub(crate) fn ids(&self) -> &'a [K::Id] {
        self.ids
    }
}

impl<K: Key> Hash for Ids<'_, K> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.ids.len().hash(h);
        for &id in self.ids {
            K::key(self.site, id).hash(h);
        }
    }
}

/// Every document of one kind, in the site's order, hashed by their names.
pub(crate) struct All<'a, K: Key> {
    site: &'a Site,
    kind: std::marker::PhantomData<K>,
}

impl<'a, K: Key<Id = usize>> All<'a, K> {
    fn new(site: &'a Site) -> Self {
        All {
            site,
            kind: std::marker::PhantomData,
        }
    }

    pub(crate) fn ids(&self) -> std::ops::Range<usize> {
        0..K::count(self.site)
    }
}

impl<K: Key<Id = usize>> Hash for All<'_, K> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        K::count(self.site).hash(h);
        for id in self.ids() {
            K::key(self.site, id).hash(h);
        }
    }
}

/// One role's salary in one city, as (role, index into its salaries), hashed by the role's
/// slug and the index: which city that is belongs to the role's salaries.
#[derive(Clone, Copy)]
pub(crate) struct SalaryKey<'a> {
    site: &'a Site,
    pub key: (RoleId, usize),
}

impl Hash for SalaryKey<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (ByRole::key(self.site, self.key.0), self.key.1).hash(h);
    }
}

/// Salaries ranked, as (role, index into its salaries), hashed like `SalaryKey`s.
pub(crate) struct Ranking<'a> {
    site: &'a Site,
    pub keys: &'a [(RoleId, usize)],
}

impl Hash for Ranking<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.keys.len().hash(h);
        for &key in self.keys {
            SalaryKey {
                site: self.site,
                key,
            }
            .hash(h);
        }
    }
}

/// A JSON value (`[extra]` tables), hashed through its text.
pub(crate) struct Json<'a>(pub &'a serde_json::Value);

impl Hash for Json<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        struct Feed<'h, H: Hasher>(&'h mut H);
        impl<H: Hasher> std::io::Write for Feed<'_, H> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.write(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // Writing JSON into a hasher cannot fail; the maps are sorted, so equal values
        // hash alike.
        let _ = serde_json::to_writer(Feed(h), self.0);
    }
}

/// A number with a fraction, hashed by its bits.
#[derive(Clone, Copy)]
pub(crate) struct Float(pub f64);

impl Hash for Float {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.to_bits().hash(h);
    }
}

// The data of each part: exactly what a view may read of it.

#[derive(Hash)]
pub(crate) struct SiteData<'a> {
    /// Plain pages as (title, URL path), by weight: the footer's links.
    pub pages: PageLinks<'a>,
}

/// Plain pages as (title, URL path).
pub(crate) struct PageLinks<'a>(&'a [Arc<content::Page>]);

impl<'a> PageLinks<'a> {
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The URL path of plain page `id`.
    pub(crate) fn path(&self, id: usize) -> &'a str {
        &self.0[id].path
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        self.0.iter().map(|p| (p.title.as_str(), p.path.as_str()))
    }
}

impl Hash for PageLinks<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.len().hash(h);
        for link in self.iter() {
            link.hash(h);
        }
    }
}

#[derive(Hash)]
pub(crate) struct HomeData<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub body: &'a Html,
    pub extra: Json<'a>,
}

#[derive(Hash)]
pub(crate) struct IntroData<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub body: &'a Html,
}

#[derive(Hash)]
pub(crate) struct RoleCardData<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub category: Option<&'a str>,
}

#[derive(Hash)]
pub(crate) struct RoleData<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub category: Option<&'a str>,
    pub responsibilities: &'a [String],
    pub qualifications: &'a [String],
    pub education: Option<&'a str>,
    pub experience_years: Option<u32>,
    pub aliases: &'a [String],
    pub updated: Option<Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub extra: Json<'a>,
    pub body: &'a Html,
    pub skills: Ids<'a, BySkill>,
    pub related: Ids<'a, ByRole>,
    pub next: Ids<'a, ByRole>,
    pub previous: Ids<'a, ByRole>,
    pub courses: Ids<'a, ByCourse>,
    pub guides: Ids<'a, ByGuide>,
}

#[derive(Hash)]
pub(crate) struct RoleEntryData<'a> {
    pub slug: &'a str,
    pub updated: Option<Date>,
}

#[derive(Hash)]
pub(crate) struct RoleFactsData<'a> {
    pub responsibilities: &'a [String],
    pub qualifications: &'a [String],
    pub education: Option<&'a str>,
    pub experience_years: Option<u32>,
    pub aliases: &'a [String],
    pub skills: Ids<'a, BySkill>,
}

/// A role's salaries, highest paid first, its country-wide figures, and its largest markets.
pub(crate) struct Salaries<'a> {
    site: &'a Site,
    pub list: &'a [Salary],
    pub national: &'a [National],
    /// Places in `list`, the most jobs first.
    pub largest: &'a [u32],
}

impl Hash for Salaries<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.list.len().hash(h);
        for s in self.list {
            // Every field, so that a field added to `Salary` must be named here.
            let Salary {
                role,
                city,
                pay,
                compare,
                page,
            } = s;
            (
                ByRole::key(self.site, *role),
                ByCity::key(self.site, *city),
                PayHash(pay),
                compare.map(Float),
                page,
            )
                .hash(h);
        }
        RolePayData {
            count: self.list.len(),
            national: self.national,
            largest: self.largest,
        }
        .hash(h);
    }
}

/// One salary: whose, where, and its figures.
pub(crate) struct SalaryData<'a> {
    site: &'a Site,
    pub salary: &'a Salary,
    /// Its place in its city's ranking of roles (`RoleLinks::city_ranks`).
    pub city_rank: u32,
}

impl Hash for SalaryData<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.city_rank.hash(h);
        Salaries {
            site: self.site,
            list: std::slice::from_ref(self.salary),
            national: &[],
            largest: &[],
        }
        .hash(h);
    }
}

/// Where a salary's page is and when its figures date from: what the sitemap reads of it,
/// which a new median leaves alone.
pub(crate) struct SalaryEntryData<'a> {
    site: &'a Site,
    pub city: CityId,
    pub as_of: Option<Date>,
    pub page: bool,
}

impl Hash for SalaryEntryData<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (ByCity::key(self.site, self.city), self.as_of, self.page).hash(h);
    }
}

/// The cities a role is paid in, highest paid first, hashed by their keys.
pub(crate) struct PaidIn<'a> {
    site: &'a Site,
    list: &'a [Salary],
}

impl PaidIn<'_> {
    pub(crate) fn cities(&self) -> impl Iterator<Item = CityId> + '_ {
        self.list.iter().map(|s| s.city)
    }
}

impl Hash for PaidIn<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.list.len().hash(h);
        for s in self.list {
            ByCity::key(self.site, s.city).hash(h);
        }
    }
}

/// What the pages of a role's salaries read of the role's pay beside the salaries they show:
/// how many cities it is paid in, its country-wide figures and its largest markets.
pub(crate) struct RolePayData<'a> {
    pub count: usize,
    pub national: &'a [National],
    /// Places in the role's salaries, the most jobs first.
    pub largest: &'a [u32],
}

impl Hash for RolePayData<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.count.hash(h);
        self.national.len().hash(h);
        for National { country, pay } in self.national {
            (country, PayHash(pay)).hash(h);
        }
        self.largest.hash(h);
    }
}

/// A survey's figures, hashed by every field.
pub(crate) struct PayHash<'a>(pub &'a content::Pay);

impl Hash for PayHash<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Every field, so that a field added to `Pay` must be named here.
        let content::Pay {
            currency,
            median,
            p10,
            p25,
            p75,
            p90,
            employment,
            source,
            as_of,
        } = self.0;
        (
            currency.code(),
            median,
            p10,
            p25,
            p75,
            p90,
            employment,
            source,
            as_of,
        )
            .hash(h);
    }
}

#[derive(Hash)]
pub(crate) struct CourseCardData<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub provider: &'a str,
    pub level: Option<Level>,
    pub hours: Option<Float>,
    pub free: Option<bool>,
    pub summary: Option<&'a str>,
}

#[derive(Hash)]
pub(crate) struct CourseData<'a> {
    pub link: Option<&'a str>,
    pub body: &'a Html,
    pub skills: Ids<'a, BySkill>,
    pub roles: Ids<'a, ByRole>,
}

#[derive(Hash)]
pub(crate) struct GuideCardData<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<Date>,
}

#[derive(Hash)]
pub(crate) struct GuideData<'a> {
    pub body: &'a Html,
    pub skills: Ids<'a, BySkill>,
    pub roles: Ids<'a, ByRole>,
}

#[derive(Hash)]
pub(crate) struct PlainData<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub template: Option<&'a str>,
    pub extra: Json<'a>,
    pub body: &'a Html,
}

#[derive(Hash)]
pub(crate) struct SkillNameData<'a> {
    pub name: &'a str,
    pub slug: &'a str,
}

#[derive(Hash)]
pub(crate) struct SkillData<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub roles: Ids<'a, ByRole>,
    pub courses: Ids<'a, ByCourse>,
    pub guides: Ids<'a, ByGuide>,
}

#[derive(Hash)]
pub(crate) struct CityNameData<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub slug: &'a str,
}

#[derive(Hash)]
pub(crate) struct CityData<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub slug: &'a str,
    /// The roles paid here, highest first.
    pub ranking: Ranking<'a>,
}

#[derive(Hash)]
pub(crate) struct CategoryData<'a> {
    /// `None` for roles without a category.
    pub name: Option<&'a str>,
    pub slug: &'a str,
    pub roles: Ids<'a, ByRole>,
}

#[derive(Hash)]
pub(crate) struct SkillEntry<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub roles: usize,
    pub courses: usize,
    pub guides: usize,
}

#[derive(Hash)]
pub(crate) struct CityEntry<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub slug: &'a str,
    pub roles: usize,
    /// The best-paid role there.
    pub top: Option<SalaryKey<'a>>,
}

#[derive(Hash)]
pub(crate) struct CountsData {
    pub roles: usize,
    pub skills: usize,
    pub cities: usize,
    pub courses: usize,
    pub guides: usize,
}

/// Every part of a site as data: the one definition of what a part is. `$key` names what
/// identifies the part from one build to the next (none: the site has one); `$reader` makes
/// its data.
macro_rules! parts {
    ($(
        $(#[$doc:meta])*
        $part:ident($($key:ident)?) -> $data:ty = $reader:ident |$site:ident $(, $id:ident)?| $read:expr;
    )*) => {
        /// One part of the site that views read.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Part {
            $( $(#[$doc])* $part($(<$key as Key>::Id)?), )*
        }

        /// The kinds of part, numbered.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Tag {
            $( $part, )*
        }

        const TAGS: &[Tag] = &[$( Tag::$part, )*];

        mod data {
            use super::*;
            $(
                #[allow(unused_variables, clippy::needless_lifetimes)]
                pub(super) fn $reader<'a>($site: &'a Site $(, $id: <$key as Key>::Id)?) -> $data {
                    $read
                }
            )*
        }

        impl Part {
            /// The hash of the part's data in `site`.
            pub(crate) fn fingerprint(self, site: &Site) -> u64 {
                match self {
                    $( Part::$part($($id)?) => hash_of(&data::$reader(site $(, $id)?)), )*
                }
            }

            fn tag(self) -> Tag {
                match self {
                    $( Part::$part(..) => Tag::$part, )*
                }
            }

            /// The part's name in every build of the site: its kind and the name of the
            /// document it belongs to.
            pub(crate) fn identity(self, site: &Site) -> Identity {
                let key: Cow<'_, str> = match self {
                    $( Part::$part($($id)?) => parts!(@key site $(, $key, $id)?), )*
                };
                Identity { tag: self.tag() as u8, key: key.into() }
            }

            /// The document the part belongs to.
            pub(crate) fn owner(self) -> Owner {
                match self {
                    $( Part::$part($($id)?) => parts!(@owner $($key, $id)?), )*
                }
            }

            /// The part's position among the parts of its kind.
            fn local(self) -> usize {
                match self {
                    $( Part::$part($($id)?) => parts!(@local $($id)?), )*
                }
            }
        }

        impl Tag {
            /// How many parts of this kind `site` has.
            fn count(self, site: &Site) -> usize {
                match self {
                    $( Tag::$part => parts!(@count site $(, $key)?), )*
                }
            }

            /// The part of this kind at `local`.
            fn part(self, local: usize) -> Part {
                let _ = local;
                match self {
                    $( Tag::$part => Part::$part($(parts!(@id local, $key))?), )*
                }
            }
        }

        impl<'a> Reads<'a> {
            $(
                $(#[$doc])*
                pub(crate) fn $reader(&self $(, $id: <$key as Key>::Id)?) -> $data {
                    self.record(Part::$part($($id)?));
                    data::$reader(self.site $(, $id)?)
                }
            )*
        }
    };
    (@key $site:ident) => { Cow::Borrowed("") };
    (@key $site:ident, $key:ident, $id:ident) => { <$key as Key>::key($site, $id) };
    (@owner) => { Owner::Site };
    (@owner $key:ident, $id:ident) => { <$key as Key>::owner($id) };
    (@local) => { 0 };
    (@local $id:ident) => { $id };
    (@count $site:ident) => { 1 };
    (@count $site:ident, $key:ident) => { <$key as Key>::count($site) };
    (@id $local:ident, $key:ident) => { $local };
}

parts! {
    /// The plain pages every page links to in its footer.
    Site() -> SiteData<'a> = site |site| SiteData { pages: PageLinks(&site.pages) };
    Home() -> Option<HomeData<'a>> = home |site| site.home.as_deref().map(|h| HomeData {
        title: &h.title,
        description: &h.description,
        body: &h.body,
        extra: Json(&h.extra),
    });
    RolesIntro() -> Option<IntroData<'a>> = roles_intro |site| intro(site, Section::Roles);
    CoursesIntro() -> Option<IntroData<'a>> = courses_intro |site| intro(site, Section::Courses);
    GuidesIntro() -> Option<IntroData<'a>> = guides_intro |site| intro(site, Section::Guides);
    /// What other pages show of a role.
    RoleCard(ByRole) -> RoleCardData<'a> = role_card |site, id| {
        let r = &site.roles[id];
        RoleCardData { slug: &r.slug, title: &r.title, summary: &r.summary, category: r.category.as_deref() }
    };
    /// Everything on a role's own page but other documents' cards, salaries and questions.
    Role(ByRole) -> RoleData<'a> = role |site, id| {
        let r = &site.roles[id];
        let links = &site.role_links[id];
        RoleData {
            slug: &r.slug,
            title: &r.title,
            summary: &r.summary,
            category: r.category.as_deref(),
            responsibilities: &r.responsibilities,
            qualifications: &r.qualifications,
            education: r.education.as_deref(),
            experience_years: r.experience_years,
            aliases: &r.aliases,
            updated: r.updated,
            draft: r.draft,
            weight: r.weight,
            extra: Json(&r.extra),
            body: &r.body,
            skills: Ids::new(site, &links.skills),
            related: Ids::new(site, &links.related),
            next: Ids::new(site, &links.next),
            previous: Ids::new(site, &links.previous),
            courses: Ids::new(site, &links.courses),
            guides: Ids::new(site, &links.guides),
        }
    };
    /// What the sitemap and the feed say of a role: where it is and when it changed.
    RoleEntry(ByRole) -> RoleEntryData<'a> = role_entry |site, id| {
        let r = &site.roles[id];
        RoleEntryData { slug: &r.slug, updated: r.updated }
    };
    /// What a role asks of a person, as the structured data of its salary pages gives it.
    RoleFacts(ByRole) -> RoleFactsData<'a> = role_facts |site, id| {
        let r = &site.roles[id];
        RoleFactsData {
            responsibilities: &r.responsibilities,
            qualifications: &r.qualifications,
            education: r.education.as_deref(),
            experience_years: r.experience_years,
            aliases: &r.aliases,
            skills: Ids::new(site, &site.role_links[id].skills),
        }
    };
    /// A role's salaries, ranked, with their figures.
    RoleSalaries(ByRole) -> Salaries<'a> = role_salaries |site, id| Salaries {
        site,
        list: &site.role_links[id].salaries,
        national: &site.role_links[id].national,
        largest: &site.role_links[id].largest,
    };
    /// How many cities a role is paid in, its country-wide figures and largest markets.
    RolePay(ByRole) -> RolePayData<'a> = role_pay |site, id| {
        let links = &site.role_links[id];
        RolePayData { count: links.salaries.len(), national: &links.national, largest: &links.largest }
    };
    /// One salary (`Reads::salary`, which reads it by its key: its reader here finds the
    /// role by searching the offsets).
    #[allow(dead_code)]
    Salary(BySalary) -> SalaryData<'a> = salary_data |site, id| {
        let (role, index) = site.salary_at(id);
        let links = &site.role_links[role];
        SalaryData { site, salary: &links.salaries[index], city_rank: links.city_ranks[index] }
    };
    /// What the sitemap reads of one salary (`Reads::salary_entry_of`).
    SalaryEntry(BySalary) -> SalaryEntryData<'a> = salary_entry |site, id| {
        let (role, index) = site.salary_at(id);
        let s = &site.role_links[role].salaries[index];
        SalaryEntryData { site, city: s.city, as_of: s.pay.as_of, page: s.page }
    };
    /// The cities a role is paid in (the search index's).
    RolePaidIn(ByRole) -> PaidIn<'a> = role_paid_in |site, id| PaidIn {
        site,
        list: &site.role_links[id].salaries,
    };
    /// Which salary is at one place of a city's ranking (`Reads::ranked`).
    CitySlot(BySlot) -> SalaryKey<'a> = city_slot |site, id| {
        let (city, place) = site.slot_at(id);
        SalaryKey { site, key: site.cities[city].salaries[place] }
    };
    /// How many roles are paid in a city.
    CityCount(ByCity) -> usize = city_count |site, id| site.cities[id].salaries.len();
    RoleFaqs(ByRole) -> &'a [FaqEntry] = role_faqs |site, id| &site.role_links[id].faqs;
    CourseCard(ByCourse) -> CourseCardData<'a> = course_card |site, id| {
        let c = &site.courses[id];
        CourseCardData {
            slug: &c.slug,
            title: &c.title,
            provider: &c.provider,
            level: c.level,
            hours: c.hours.map(Float),
            free: c.free,
            summary: c.summary.as_deref(),
        }
    };
    /// A course's own page beyond its card.
    Course(ByCourse) -> CourseData<'a> = course |site, id| {
        let c = &site.courses[id];
        let links = &site.course_links[id];
        CourseData {
            link: c.url.as_deref(),
            body: &c.body,
            skills: Ids::new(site, &links.skills),
            roles: Ids::new(site, &links.roles),
        }
    };
    GuideCard(ByGuide) -> GuideCardData<'a> = guide_card |site, id| {
        let g = &site.guides[id];
        GuideCardData { slug: &g.slug, title: &g.title, summary: g.summary.as_deref(), date: g.date }
    };
    /// A guide's own page beyond its card.
    Guide(ByGuide) -> GuideData<'a> = guide |site, id| {
        let links = &site.guide_links[id];
        GuideData {
            body: &site.guides[id].body,
            skills: Ids::new(site, &links.skills),
            roles: Ids::new(site, &links.roles),
        }
    };
    Plain(ByPlain) -> PlainData<'a> = plain |site, id| {
        let p = &site.pages[id];
        PlainData {
            path: &p.path,
            title: &p.title,
            description: &p.description,
            template: p.template.as_ref().map(|t| t.value.as_str()),
            extra: Json(&p.extra),
            body: &p.body,
        }
    };
    SkillName(BySkill) -> SkillNameData<'a> = skill_name |site, id| {
        let s = &site.skills[id];
        SkillNameData { name: &s.name, slug: &s.slug }
    };
    /// A skill with its roles, courses and guides.
    Skill(BySkill) -> SkillData<'a> = skill |site, id| {
        let s = &site.skills[id];
        SkillData {
            name: &s.name,
            slug: &s.slug,
            roles: Ids::new(site, &s.roles),
            courses: Ids::new(site, &s.courses),
            guides: Ids::new(site, &s.guides),
        }
    };
    CityName(ByCity) -> CityNameData<'a> = city_name |site, id| {
        let c = &site.cities[id];
        CityNameData { name: &c.name, country: &c.country, slug: &c.slug }
    };
    /// A city with the roles paid there, ranked.
    City(ByCity) -> CityData<'a> = city |site, id| {
        let c = &site.cities[id];
        CityData {
            name: &c.name,
            country: &c.country,
            slug: &c.slug,
            ranking: Ranking { site, keys: &c.salaries },
        }
    };
    /// The categories of roles, each with its roles in order.
    Categories() -> Vec<CategoryData<'a>> = categories |site| site
        .categories
        .iter()
        .map(|c| CategoryData { name: c.name.as_deref(), slug: &c.slug, roles: Ids::new(site, &c.roles) })
        .collect();
    /// Every skill with how many roles, courses and guides it has.
    SkillsList() -> Vec<SkillEntry<'a>> = skills_list |site| site
        .skills
        .iter()
        .map(|s| SkillEntry { name: &s.name, slug: &s.slug, roles: s.roles.len(), courses: s.courses.len(), guides: s.guides.len() })
        .collect();
    /// Every city with how many roles are paid there and the best paid.
    CitiesList() -> Vec<CityEntry<'a>> = cities_list |site| site
        .cities
        .iter()
        .map(|c| CityEntry {
            name: &c.name,
            country: &c.country,
            slug: &c.slug,
            roles: c.salaries.len(),
            top: c.salaries.first().map(|&key| SalaryKey { site, key }),
        })
        .collect();
    /// Every course, in order.
    CoursesList() -> All<'a, ByCourse> = courses_list |site| All::new(site);
    /// Every guide, newest first.
    GuidesList() -> All<'a, ByGuide> = guides_list |site| All::new(site);
    SiteFaqs() -> &'a [FaqEntry] = site_faqs |site| &site.site_faqs;
    /// The roles that have questions of their own, by title.
    FaqRoles() -> Ids<'a, ByRole> = faq_roles |site| Ids::new(site, &site.faq_roles);
    /// The best-paid role and city pairs, best first.
    TopSalaries() -> Vec<SalaryKey<'a>> = top_salaries |site| site
        .top_salaries
        .iter()
        .map(|&key| SalaryKey { site, key })
        .collect();
    /// How many roles, skills, cities, courses and guides the site has.
    Counts() -> CountsData = counts |site| CountsData {
        roles: site.roles.len(),
        skills: site.skills.len(),
        cities: site.cities.len(),
        courses: site.courses.len(),
        guides: site.guides.len(),
    };
}

fn intro(site: &Site, section: Section) -> Option<IntroData<'_>> {
    site.intro(section).map(|i| IntroData {
        title: &i.title,
        description: &i.description,
        body: &i.body,
    })
}

/// A part named so that it means the same thing in the next build of the site.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) struct Identity {
    pub tag: u8,
    pub key: Box<str>,
}

/// Every part of one build of a site, numbered, with its identity and fingerprint.
#[derive(Debug)]
pub(crate) struct Parts {
    /// Shared with the output folder's state that records them (`output::State`), so that
    /// a build whose parts are those of the last one finds them alike without comparing.
    pub identities: std::sync::Arc<[Identity]>,
    pub fingerprints: Vec<u64>,
    /// Where the parts of each kind start in the numbering.
    offsets: Vec<usize>,
}

impl Parts {
    /// Fingerprints every part of `site`.
    pub(crate) fn of(site: &Site) -> Parts {
        let (all, offsets) = Self::list(site);
        let (identities, fingerprints): (Vec<Identity>, Vec<u64>) = all
            .par_iter()
            .map(|p| (p.identity(site), p.fingerprint(site)))
            .unzip();
        Parts {
            identities: identities.into(),
            fingerprints,
            offsets,
        }
    }

    /// Fingerprints the parts of `site`, which is the site `last` was made of with
    /// documents replaced where its structure allows (`site::patch`): the parts are the
    /// same, with the same identities, and only the parts of `touched` documents may have
    /// new fingerprints. That rests on every part reading what a patch may change only of
    /// the document it belongs to; debug builds (and so every test) fingerprint all parts
    /// again and check it.
    pub(crate) fn again(site: &Site, last: Parts, touched: &[Owner]) -> Parts {
        let (all, offsets) = Self::list(site);
        debug_assert_eq!(offsets, last.offsets);
        let touched: foldhash::HashSet<Owner> = touched.iter().copied().collect();
        let mut fingerprints = last.fingerprints;
        fingerprints
            .par_iter_mut()
            .zip(&all)
            .filter(|(_, part)| touched.contains(&part.owner()))
            .for_each(|(fingerprint, part)| *fingerprint = part.fingerprint(site));
        if cfg!(debug_assertions) {
            let every: Vec<u64> = all.par_iter().map(|p| p.fingerprint(site)).collect();
            assert!(
                every == fingerprints,
                "a patch changed a part it did not touch: {:?}",
                all.iter()
                    .zip(every.iter().zip(&fingerprints))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(p, _)| p)
                    .collect::<Vec<_>>()
            );
        }
        Parts {
            identities: last.identities,
            fingerprints,
            offsets,
        }
    }

    /// Every part of `site` in order, and where each kind starts.
    fn list(site: &Site) -> (Vec<Part>, Vec<usize>) {
        let mut offsets = Vec::with_capacity(TAGS.len());
        let mut all = Vec::new();
        for tag in TAGS {
            offsets.push(all.len());
            all.extend((0..tag.count(site)).map(|i| tag.part(i)));
        }
        (all, offsets)
    }

    /// The number of `part` in this build.
    pub(crate) fn number(&self, part: Part) -> u32 {
        (self.offsets[part.tag() as usize] + part.local()) as u32
    }

    pub(crate) fn len(&self) -> usize {
        self.identities.len()
    }
}

/// Collects the parts one page reads; one recorder per page, on one thread.
#[derive(Default)]
pub(crate) struct Recorder(RefCell<Vec<Part>>);

impl Recorder {
    fn record(&self, part: Part) {
        self.0.borrow_mut().push(part);
    }

    /// Records what another reader read for this page.
    pub(crate) fn replay(&self, parts: &[Part]) {
        self.0.borrow_mut().extend_from_slice(parts);
    }

    /// What was read, in the order it was read, repeats too: for a caller that numbers
    /// the parts and sorts the numbers (`pipeline`), which is cheaper than sorting parts.
    pub(crate) fn into_reads(self) -> Vec<Part> {
        self.0.into_inner()
    }

    /// What was read, sorted and without repeats.
    pub(crate) fn into_parts(self) -> Vec<Part> {
        let mut parts = self.0.into_inner();
        parts.sort_unstable();
        parts.dedup();
        parts
    }
}

/// The site as views may read it: every read is recorded (but by `unrecorded` readers).
pub(crate) struct Reads<'a> {
    site: &'a Site,
    recorder: Option<&'a Recorder>,
}

impl<'a> Reads<'a> {
    pub(crate) fn new(site: &'a Site, recorder: &'a Recorder) -> Self {
        Reads {
            site,
            recorder: Some(recorder),
        }
    }

    /// A reader that records nothing: for planning, which lists and addresses the pages as
    /// the sitemap does, and is no page.
    pub(crate) fn unrecorded(site: &'a Site) -> Self {
        Reads {
            site,
            recorder: None,
        }
    }

    fn record(&self, part: Part) {
        if let Some(r) = self.recorder {
            r.record(part);
        }
    }

    /// Runs `read` and returns, with its result, the parts it read (recorded as usual too).
    pub(crate) fn noting<T>(&self, read: impl FnOnce() -> T) -> (T, Box<[Part]>) {
        let Some(recorder) = self.recorder else {
            return (read(), Box::default());
        };
        let from = recorder.0.borrow().len();
        let out = read();
        let parts = recorder.0.borrow()[from..].into();
        (out, parts)
    }

    /// Records the parts an earlier read noted (`noting`) as read by this page too.
    pub(crate) fn replay(&self, parts: &[Part]) {
        if let Some(r) = self.recorder {
            r.replay(parts);
        }
    }

    /// One role's salary in one city: a part of its own, so that a page showing a few of
    /// a role's salaries is rendered again when one of those changes, not when any does.
    pub(crate) fn salary(&self, key: (RoleId, usize)) -> &'a Salary {
        self.salary_by_key(key).salary
    }

    /// `salary_data` of the salary `key`, found by its role and index rather than by
    /// searching the offsets for its number (a page reads dozens of salaries).
    fn salary_by_key(&self, (role, index): (RoleId, usize)) -> SalaryData<'a> {
        self.record(Part::Salary(self.site.salary_number((role, index))));
        let links = &self.site.role_links[role];
        SalaryData {
            site: self.site,
            salary: &links.salaries[index],
            city_rank: links.city_ranks[index],
        }
    }

    /// Where the salary `key`'s page is and when its figures date from.
    pub(crate) fn salary_entry_of(&self, key: (RoleId, usize)) -> SalaryEntryData<'a> {
        self.salary_entry(self.site.salary_number(key))
    }

    /// The place of the salary `key` in its city's ranking of roles (0 is the best paid).
    pub(crate) fn city_rank(&self, key: (RoleId, usize)) -> usize {
        self.salary_by_key(key).city_rank as usize
    }

    /// The salary at place `place` of city `city`'s ranking: a part of its own, so that a
    /// page showing a few neighbours in a ranking is rendered again when one of those
    /// places changes, not when any does.
    pub(crate) fn ranked(&self, city: CityId, place: usize) -> (RoleId, usize) {
        self.city_slot(self.site.slot_number(city, place)).key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_one_kind_share_a_tag_and_kinds_do_not() {
        let site = Site::default();
        let a = Part::Site().identity(&site);
        let b = Part::Counts().identity(&site);
        assert_ne!(a.tag, b.tag);
        assert_eq!(Part::Site().identity(&site), a);
    }

    #[test]
    fn a_salary_read_by_its_key_is_the_part_its_number_names() {
        let (config, documents) = crate::testing::sample();
        let site = crate::site::assemble(&config, documents, &[]).unwrap();
        let mut read = 0;
        for (role, links) in site.role_links.iter().enumerate() {
            for index in 0..links.salaries.len() {
                let recorder = Recorder::default();
                let by_key = Reads::new(&site, &recorder).salary((role, index));
                let number = site.salary_number((role, index));
                assert!(std::ptr::eq(
                    by_key,
                    data::salary_data(&site, number).salary
                ));
                assert_eq!(recorder.into_parts(), [Part::Salary(number)]);
                read += 1;
            }
        }
        assert!(read > 10);
    }

    #[test]
    fn a_salary_knows_its_place_in_its_city_ranking() {
        let (config, documents) = crate::testing::sample();
        let site = crate::site::assemble(&config, documents, &[]).unwrap();
        let recorder = Recorder::default();
        let reads = Reads::new(&site, &recorder);
        let mut checked = 0;
        for (id, city) in site.cities.iter().enumerate() {
            assert_eq!(reads.city_count(id), city.salaries.len());
            for (place, &key) in city.salaries.iter().enumerate() {
                assert_eq!(reads.ranked(id, place), key);
                assert_eq!(reads.city_rank(key), place);
                checked += 1;
            }
        }
        assert!(checked > 10);
        // Each place read is a part of its own.
        let parts = recorder.into_parts();
        assert!(
            parts
                .iter()
                .filter(|p| matches!(p, Part::CitySlot(_)))
                .count()
                == checked
        );
    }
}
