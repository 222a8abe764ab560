//! The typed views templates receive: the contract between the code and a theme, and
//! nothing else (`builder.rs` and the file of each kind make them). Every page gets `site` (a `SiteView`) and `page`
//! (a `PageMeta`), and one view of its own kind under the name README's theming section
//! gives. Everything a theme may show is here, ready to print: URLs, formatted amounts,
//! dates in both forms.

use std::borrow::Cow;

use std::marker::PhantomData;

use serde::Serialize;

use super::chart::{ChartView, Row};
use crate::content::{Date, Level};

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    /// Absolute, ending in `/`.
    pub(crate) base_url: &'a str,
    /// The path part of the base URL, ending in `/`: prefix for links a theme writes itself.
    pub(crate) base_path: &'a str,
    pub(crate) extra: &'a serde_json::Value,
    /// The sections, for the main navigation.
    pub(crate) nav: Vec<NavItem>,
    /// Plain pages (about, privacy, ...), by weight.
    pub(crate) pages: Vec<Link<'a>>,
    /// The code of the comparison currency, if site.toml sets one.
    pub(crate) compare_currency: Option<&'static str>,
    /// The Atom feed of roles and guides, root-relative.
    pub(crate) feed_url: String,
    /// The search page, root-relative: a search box's form goes there with `q`.
    pub(crate) search_url: String,
}

#[derive(Serialize)]
pub(crate) struct NavItem {
    pub(crate) title: String,
    pub(crate) url: String,
    /// Matches `page.section` on the pages of this section.
    pub(crate) section: &'static str,
}

#[derive(Serialize)]
pub(crate) struct Counts {
    pub(crate) roles: usize,
    pub(crate) skills: usize,
    pub(crate) cities: usize,
    pub(crate) courses: usize,
    pub(crate) guides: usize,
}

/// What every page has: for `<title>`, the description meta tag, canonical links, breadcrumbs.
#[derive(Serialize)]
pub(crate) struct PageMeta<'a> {
    /// `home`, `roles`, `role`, `salary`, `skills`, `skill`, `cities`, `city`, `courses`,
    /// `course`, `guides`, `guide`, `faq`, `page` or `404`.
    pub(crate) kind: &'static str,
    /// The section the page belongs to, for highlighting the navigation.
    pub(crate) section: &'static str,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Root-relative URL (with the base path).
    pub(crate) url: String,
    /// Absolute URL.
    pub(crate) permalink: String,
    /// From the home page down to the parent of this page.
    pub(crate) breadcrumbs: Vec<Link<'a>>,
    pub(crate) updated: Option<DateView>,
    /// The page's JSON-LD (schema.org), escaped for a `<script type="application/ld+json">`:
    /// print it with `| safe`.
    pub(crate) structured_data: String,
    /// On a listing in several parts (roles, FAQ): where this part is among them.
    pub(crate) pagination: Option<Pagination>,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    /// From 1.
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
    /// Parts are left out between this one and the one listed before it.
    pub(crate) gap_before: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct Link<'a> {
    /// A title from content, or a label from the theme's strings.
    pub(crate) title: std::borrow::Cow<'a, str>,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct DateView {
    /// `2026-11-21`
    pub(crate) iso: DateIso,
    /// In the site's language: `December 1, 2026`, `1. Dezember 2026`.
    pub(crate) long: String,
}

/// A date printed as `YYYY-MM-DD`.
#[derive(Clone, Copy)]
pub(crate) struct DateIso(pub(crate) Date);

impl Serialize for DateIso {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl std::fmt::Display for DateIso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A course's length in hours: printed as `12`, or `1.5` when not whole.
#[derive(Clone, Copy)]
pub(crate) struct Hours(pub(crate) f64);

impl Serialize for Hours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0 < 1e15 {
            s.serialize_u64(self.0 as u64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

#[derive(Serialize)]
pub(crate) struct IntroView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) body: Cow<'a, str>,
}

#[derive(Serialize, Clone)]
pub(crate) struct RoleCard<'a> {
    pub(crate) slug: &'a str,
    pub(crate) title: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) category: Option<&'a str>,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct CourseCard<'a> {
    pub(crate) title: &'a str,
    pub(crate) provider: &'a str,
    pub(crate) level: Option<Level>,
    /// The level in the site's language: `Beginner`, `Einsteiger`.
    pub(crate) level_name: Option<String>,
    pub(crate) hours: Option<Hours>,
    pub(crate) free: Option<bool>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct GuideCard<'a> {
    pub(crate) title: &'a str,
    pub(crate) summary: Option<&'a str>,
    pub(crate) date: Option<DateView>,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct SkillLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct CityLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) country: &'a str,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct FaqView<'a> {
    pub(crate) question: &'a str,
    /// HTML.
    pub(crate) answer: Cow<'a, str>,
    pub(crate) anchor: &'a str,
}

/// A view of type `T` already converted to the template engine's value, which serialises as
/// that value (Tera clones it, sharing its maps, instead of converting again). The salary
/// rows a role's salary pages list are converted once for the pages a thread renders in a
/// row (`render::Memo`); templates see exactly what `T` would give them.
pub(crate) struct Shared<T> {
    value: tera::Value,
    view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    pub(crate) fn new(view: &T) -> Self {
        Shared::from_value(tera::Value::from_serializable(view))
    }
}

impl<T> Shared<T> {
    /// The value of a view converted earlier by `Shared::new`.
    pub(crate) fn from_value(value: tera::Value) -> Self {
        Shared {
            value,
            view: PhantomData,
        }
    }

    pub(crate) fn value(&self) -> &tera::Value {
        &self.value
    }
}

impl<'a> Shared<Row<'a>> {
    /// The same row marked as the one its page is about (`Row::current`): a copy of the
    /// converted row with that one field changed.
    pub(crate) fn marked(&self) -> Self {
        let Some(map) = self.value.as_map() else {
            return self.clone();
        };
        let mut map = map.clone();
        map.insert("current".into(), tera::Value::from(true));
        Shared::from_value(tera::Value::from(map))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared::from_value(self.value.clone())
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A number of a salary row that templates get only when one of them names it
/// (`render::Uses::pay_figures`): otherwise the field is left out of the converted row,
/// which costs a map entry less, and no template could tell.
#[derive(Clone, Copy)]
pub(crate) struct Figure {
    pub(crate) value: Option<u64>,
    pub(crate) named: bool,
}

impl Figure {
    fn unnamed(&self) -> bool {
        !self.named
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// One role's pay in one city, ready to print.
#[derive(Serialize, Clone)]
pub(crate) struct SalaryRow<'a> {
    pub(crate) role: Shared<Link<'a>>,
    pub(crate) city: Shared<CityLink<'a>>,
    /// The page of this role in this city; none when site.toml's `salary_pages` leaves it
    /// out.
    pub(crate) url: Option<&'a str>,
    /// ISO code: `EUR`.
    pub(crate) currency: &'static str,
    pub(crate) median: u64,
    /// The percentiles as numbers (`p10_text` and the others as written), given to
    /// templates only when one names them (`Uses::pay_figures`).
    /// `€54,000`
    pub(crate) median_text: &'a str,
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) p10: Figure,
    pub(crate) p10_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) p25: Figure,
    pub(crate) p25_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) p75: Figure,
    pub(crate) p75_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) p90: Figure,
    pub(crate) p90_text: Option<&'a str>,
    /// `€45,000 to €62,000`: the 25th to the 75th percentile, when both are given (the
    /// theme's string `range`). Made once per salary, however many pages list it.
    pub(crate) range_text: Option<&'a str>,
    /// How many people hold the job there, and that number as the site's language writes it
    /// (`1,250`).
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) employment: Figure,
    pub(crate) employment_text: Option<&'a str>,
    /// The median in the comparison currency, rounded, if a rate is set.
    #[serde(skip_serializing_if = "Figure::unnamed")]
    pub(crate) compare: Figure,
    /// `$58,696`: the median in the comparison currency, if a rate is set.
    pub(crate) compare_text: Option<&'a str>,
    pub(crate) source: Option<&'a str>,
    /// Converted once per date by each rendering thread (`Memo`): most rows of a table
    /// share one.
    pub(crate) as_of: Option<Shared<DateView>>,
}

#[derive(Serialize)]
pub(crate) struct HomeView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) body: Cow<'a, str>,
    pub(crate) extra: Option<&'a serde_json::Value>,
    pub(crate) categories: Vec<CategoryView<'a>>,
    /// The newest guides, up to five.
    pub(crate) guides: Vec<GuideCard<'a>>,
    /// The best-paid role and city pairs, up to five.
    pub(crate) top_salaries: Vec<SalaryRow<'a>>,
    /// How many roles, skills, cities, courses and guides the site has.
    pub(crate) counts: Counts,
}

#[derive(Serialize)]
pub(crate) struct CategoryView<'a> {
    pub(crate) name: std::borrow::Cow<'a, str>,
    /// An anchor for the category on the roles page.
    pub(crate) slug: &'a str,
    /// Where the category starts in the roles listing (which may be in several parts).
    pub(crate) url: String,
    /// How many roles it has; `roles` may hold only some (the first six on the home page,
    /// those of one part on the roles listing).
    pub(crate) count: usize,
    pub(crate) roles: Vec<RoleCard<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RolesView<'a> {
    /// On the first part only.
    pub(crate) intro: Option<IntroView<'a>>,
    /// Every category, each with the roles of this part of the listing (none for those on
    /// other parts).
    pub(crate) categories: Vec<CategoryView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RoleView<'a> {
    pub(crate) slug: &'a str,
    pub(crate) title: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) category: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) skills: Vec<SkillLink<'a>>,
    pub(crate) responsibilities: &'a [String],
    pub(crate) qualifications: &'a [String],
    pub(crate) education: Option<&'a str>,
    pub(crate) experience_years: Option<u32>,
    pub(crate) aliases: &'a [String],
    pub(crate) updated: Option<DateView>,
    /// True only in builds with `--drafts`.
    pub(crate) draft: bool,
    pub(crate) weight: Option<i64>,
    /// HTML.
    pub(crate) body: Cow<'a, str>,
    pub(crate) extra: &'a serde_json::Value,
    pub(crate) faqs: Vec<FaqView<'a>>,
    /// The best-paid cities, highest paid first: all of them, or the first `ROLE_CITIES`
    /// (25) when the role is paid in more (`cities_url` lists them all).
    pub(crate) salaries: Vec<SalaryRow<'a>>,
    /// How many cities the role is paid in.
    pub(crate) salary_count: usize,
    /// The best- and the least-paid city.
    pub(crate) highest: Option<SalaryRow<'a>>,
    pub(crate) lowest: Option<SalaryRow<'a>>,
    /// The full list of the role's cities, when `salaries` holds only some of them.
    pub(crate) cities_url: Option<String>,
    /// The cities of `salaries`, charted.
    pub(crate) chart: Option<ChartView<Row<'a>>>,
    /// The median of the city medians, in the comparison currency: `$97,468`.
    pub(crate) pay_middle: Option<String>,
    /// The sources named by this role's salary files.
    pub(crate) salary_sources: Vec<&'a str>,
    /// The role's country-wide figures, by country: where there are any, the key facts give
    /// them as the typical salary instead of `pay_middle`.
    pub(crate) national: Vec<NationalView<'a>>,
    /// Whether any of `national` gives employment.
    pub(crate) national_employment: bool,
    /// The cities where most people hold the job, largest first (up to ten; none when no
    /// city gives employment).
    pub(crate) largest: Vec<Shared<SalaryRow<'a>>>,
    /// Whether any of `salaries` or `largest` gives employment: tables show a column for it.
    pub(crate) has_employment: bool,
    /// The first `ROLE_COURSES` (12) courses that lead to the role, and how many there are.
    pub(crate) courses: Vec<CourseCard<'a>>,
    pub(crate) course_count: usize,
    pub(crate) related: Vec<RoleCard<'a>>,
    pub(crate) next: Vec<RoleCard<'a>>,
    pub(crate) previous: Vec<RoleCard<'a>>,
    /// The first `ROLE_GUIDES` (12) guides about the role, and how many there are.
    pub(crate) guides: Vec<GuideCard<'a>>,
    pub(crate) guide_count: usize,
}

#[derive(Serialize)]
pub(crate) struct SalaryPageView<'a> {
    pub(crate) role: RoleCard<'a>,
    pub(crate) city: CityLink<'a>,
    /// Converted once for the role's pages a thread renders in a row, as `other_cities`.
    pub(crate) salary: Shared<SalaryRow<'a>>,
    /// 1 for the best-paid city of this role.
    pub(crate) rank: usize,
    /// How many cities the role has salaries for.
    pub(crate) of: usize,
    /// The role in some of its other cities, highest paid first: the best paid
    /// (`BEST_CITIES`, 3) and those nearest in pay to this one (`NEAREST_CITIES`, 10), however
    /// many cities the role has.
    pub(crate) other_cities: Vec<Shared<SalaryRow<'a>>>,
    /// Where every city of the role is listed: the list of its cities, or its own page.
    pub(crate) cities_url: String,
    /// This role's place among all roles paid in the city (1 is the best paid).
    pub(crate) city_rank: usize,
    pub(crate) city_of: usize,
    /// Up to ten other roles paid in this city, those ranked nearest to this one, highest
    /// paid first. The city's page lists them all.
    pub(crate) other_roles: Vec<SalaryRow<'a>>,
    /// This city and those of `other_cities`, this one marked: converted once for the
    /// role's pages a thread renders in a row that compare the same cities.
    pub(crate) cities_chart: Option<ChartView<Shared<Row<'a>>>>,
    /// The role's country-wide figure for the city's country, if the data gives one.
    pub(crate) national: Option<NationalView<'a>>,
    /// How far the city's median is from the country-wide median, in percent, rounded:
    /// 12 is 12% above, -5 is 5% below; none without a country-wide figure in the same
    /// currency.
    pub(crate) versus_national: Option<i64>,
    /// Whether any of `other_cities` or this city gives employment.
    pub(crate) has_employment: bool,
    /// This role and its neighbours in the city's ranking, this one marked.
    pub(crate) roles_chart: Option<ChartView<Row<'a>>>,
}

/// A role's pay across a country, from the survey's country-wide row.
#[derive(Serialize)]
pub(crate) struct NationalView<'a> {
    pub(crate) country: &'a str,
    /// ISO code: `USD`.
    pub(crate) currency: &'static str,
    pub(crate) median: u64,
    pub(crate) median_text: String,
    pub(crate) p10_text: Option<String>,
    pub(crate) p25_text: Option<String>,
    pub(crate) p75_text: Option<String>,
    pub(crate) p90_text: Option<String>,
    pub(crate) employment_text: Option<String>,
    pub(crate) source: Option<&'a str>,
    pub(crate) as_of: Option<DateView>,
}

/// One part of the full list of a role's cities (`CITIES_PER_PAGE`, 100, a page).
#[derive(Serialize)]
pub(crate) struct RoleCitiesView<'a> {
    pub(crate) role: RoleCard<'a>,
    /// How many cities the role is paid in.
    pub(crate) count: usize,
    /// The places of the first and last city of this part (1 is the best paid).
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// The cities of this part, highest paid first, with every figure.
    pub(crate) salaries: Vec<Shared<SalaryRow<'a>>>,
    /// Whether any of `salaries` gives employment.
    pub(crate) has_employment: bool,
}

#[derive(Serialize)]
pub(crate) struct SkillsView<'a> {
    pub(crate) letters: Vec<LetterView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct LetterView<'a> {
    pub(crate) letter: String,
    pub(crate) skills: Vec<SkillCount<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SkillCount<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) roles: usize,
    pub(crate) courses: usize,
}

#[derive(Serialize)]
pub(crate) struct SkillView<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    /// The roles, courses and guides of this part of the skill's page
    /// (`SKILL_ITEMS_PER_PAGE`, 60, of each a part), and how many there are in all.
    pub(crate) roles: Vec<RoleCard<'a>>,
    pub(crate) courses: Vec<CourseCard<'a>>,
    pub(crate) guides: Vec<GuideCard<'a>>,
    pub(crate) role_count: usize,
    pub(crate) course_count: usize,
    pub(crate) guide_count: usize,
}

#[derive(Serialize)]
pub(crate) struct CitiesView<'a> {
    pub(crate) countries: Vec<CountryView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct CountryView<'a> {
    pub(crate) name: &'a str,
    pub(crate) cities: Vec<CityCount<'a>>,
}

#[derive(Serialize)]
pub(crate) struct CityCount<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) roles: usize,
    /// The best-paid role there.
    pub(crate) top: Option<SalaryRow<'a>>,
}

#[derive(Serialize)]
pub(crate) struct CityView<'a> {
    pub(crate) name: &'a str,
    pub(crate) country: &'a str,
    pub(crate) url: String,
    /// The roles paid here on this part of the city's table (`CITY_ROLES_PER_PAGE`, 150, a
    /// part), highest paid first.
    pub(crate) salaries: Vec<SalaryRow<'a>>,
    /// How many roles are paid here.
    pub(crate) count: usize,
    /// The place of the first role of this part (1 on the first).
    pub(crate) first: usize,
    /// The 25 best paid, on the first part.
    pub(crate) chart: Option<ChartView<Row<'a>>>,
    /// Whether any of `salaries` gives employment.
    pub(crate) has_employment: bool,
}

#[derive(Serialize)]
pub(crate) struct CoursesView<'a> {
    pub(crate) intro: Option<IntroView<'a>>,
    pub(crate) courses: Vec<CourseCard<'a>>,
}

#[derive(Serialize)]
pub(crate) struct CourseView<'a> {
    pub(crate) title: &'a str,
    pub(crate) provider: &'a str,
    /// The course's own page on the provider's site.
    pub(crate) link: Option<&'a str>,
    pub(crate) level: Option<Level>,
    /// The level in the site's language: `Beginner`, `Einsteiger`.
    pub(crate) level_name: Option<String>,
    pub(crate) hours: Option<Hours>,
    pub(crate) free: Option<bool>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) body: Cow<'a, str>,
    pub(crate) url: String,
    pub(crate) skills: Vec<SkillLink<'a>>,
    pub(crate) roles: Vec<RoleCard<'a>>,
}

#[derive(Serialize)]
pub(crate) struct GuidesView<'a> {
    pub(crate) intro: Option<IntroView<'a>>,
    pub(crate) guides: Vec<GuideCard<'a>>,
}

#[derive(Serialize)]
pub(crate) struct GuideView<'a> {
    pub(crate) title: &'a str,
    pub(crate) date: Option<DateView>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) body: Cow<'a, str>,
    pub(crate) url: String,
    pub(crate) roles: Vec<RoleCard<'a>>,
    pub(crate) skills: Vec<SkillLink<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FaqPageView<'a> {
    /// The site-wide questions.
    pub(crate) faqs: Vec<FaqView<'a>>,
    /// Roles with questions of their own.
    pub(crate) roles: Vec<RoleFaqs<'a>>,
}

#[derive(Serialize)]
pub(crate) struct RoleFaqs<'a> {
    pub(crate) role: RoleCard<'a>,
    pub(crate) faqs: Vec<FaqView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct SearchView {
    /// The search index the page's script loads, root-relative.
    pub(crate) index_url: String,
    /// The script's strings in the site's language, as JSON (`i18n::SEARCH_STRINGS`).
    pub(crate) strings: String,
}

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) body: Cow<'a, str>,
    pub(crate) extra: &'a serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn a_marked_row_is_the_row_converted_with_current_set() {
        let row = |current| Row {
            label: Cow::Borrowed("Nashville-Davidson--Mur…"),
            full: Some("Nashville-Davidson--Murfreesboro--Franklin, TN"),
            value: "$130,130",
            y: 58,
            width: 81.5,
            low: Some(60.0),
            high: Some(90.5),
            span: Some(30.5),
            current,
            entry: 3,
        };
        let plain = Shared::new(&row(false));
        assert_ne!(plain.value(), Shared::new(&row(true)).value());
        assert_eq!(plain.marked().value(), Shared::new(&row(true)).value());
        // The row it was made from is left as it was.
        assert_eq!(plain.value(), Shared::new(&row(false)).value());
    }
}
