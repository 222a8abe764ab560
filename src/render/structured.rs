//! Structured data: the JSON-LD a page carries for search engines, in the schema.org
//! vocabulary and as Google's rich results expect it (`Occupation` with salaries per city,
//! `FAQPage`, `Course`, `Article`, `BreadcrumbList`, `WebSite`). The builders fill these
//! types from the views the page shows (a salary page also reads its role's facts, through
//! `Reads` like everything else), so the data says what the page says; `ld` turns a page's
//! nodes into the text of its `<script type="application/ld+json">`.

use serde::Serialize;

/// One node of a page's graph.
#[derive(Serialize)]
#[serde(tag = "@type")]
pub(crate) enum Node<'a> {
    WebSite(WebSite<'a>),
    Occupation(Box<Occupation<'a>>),
    #[serde(rename = "FAQPage")]
    FaqPage(FaqPage<'a>),
    Course(Course<'a>),
    Article(Article<'a>),
    BreadcrumbList(BreadcrumbList),
}

/// The text of a page's JSON-LD script: its nodes as one `@graph`, with `<`, `>` and `&`
/// written as JSON escapes, so that no text from content (`</script>` in a title, say) can
/// end the script or be read as HTML.
pub(crate) fn ld(nodes: &[Node<'_>]) -> String {
    #[derive(Serialize)]
    struct Graph<'g, 'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@graph")]
        graph: &'g [Node<'a>],
    }
    let mut json = Vec::with_capacity(2048);
    // Writing these types (strings, numbers, lists) into memory cannot fail.
    let _ = serde_json::to_writer(
        &mut json,
        &Graph {
            context: "https://schema.org",
            graph: nodes,
        },
    );
    // Escaped in one pass over the whole text once it is written (serde_json writes it in
    // many small pieces); a text with nothing to escape is kept as it is.
    let mut rest = json.as_slice();
    let mut escaped = Vec::new();
    while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest) {
        escaped.extend_from_slice(&rest[..at]);
        escaped.extend_from_slice(match rest[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        rest = &rest[at + 1..];
    }
    let out = if escaped.is_empty() {
        json
    } else {
        escaped.extend_from_slice(rest);
        escaped
    };
    // serde_json writes UTF-8, and the escapes are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Serialize)]
pub(crate) struct WebSite<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    pub url: &'a str,
    #[serde(rename = "inLanguage")]
    pub language: &'a str,
    #[serde(rename = "potentialAction")]
    pub search: SearchAction,
}

/// The site's search page, as search engines may offer it from their results.
#[derive(Serialize)]
#[serde(tag = "@type", rename = "SearchAction")]
pub(crate) struct SearchAction {
    pub target: EntryPoint,
    /// Always `required name=search_term_string`: the placeholder of `url_template`.
    #[serde(rename = "query-input")]
    pub query_input: &'static str,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "EntryPoint")]
pub(crate) struct EntryPoint {
    /// The search page's absolute URL with `?q={search_term_string}`.
    #[serde(rename = "urlTemplate")]
    pub url_template: String,
}

impl SearchAction {
    /// Searching at `page`, the search page's absolute URL.
    pub(crate) fn at(page: &str) -> Self {
        SearchAction {
            target: EntryPoint {
                url_template: format!("{page}?q={{search_term_string}}"),
            },
            query_input: "required name=search_term_string",
        }
    }
}

/// A job, with its pay in one or more cities.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Occupation<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub skills: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub responsibilities: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub qualifications: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education_requirements: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience_requirements: Option<Experience>,
    #[serde(rename = "alternateName", skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occupation_location: Vec<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub estimated_salary: Vec<Pay<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "OccupationalExperienceRequirements")]
pub(crate) struct Experience {
    #[serde(rename = "monthsOfExperience")]
    pub months: u32,
}

impl Experience {
    /// A role's `experience_years`, in the months schema.org counts.
    pub(crate) fn years(years: u32) -> Self {
        Experience {
            months: years.saturating_mul(12),
        }
    }
}

/// A city, in its country.
#[derive(Serialize)]
#[serde(tag = "@type", rename = "City")]
pub(crate) struct Place<'a> {
    pub name: &'a str,
    #[serde(rename = "containedInPlace")]
    pub country: Country<'a>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "Country")]
pub(crate) struct Country<'a> {
    pub name: &'a str,
}

/// The yearly pay of a role in one city.
#[derive(Serialize)]
#[serde(tag = "@type", rename = "MonetaryAmountDistribution")]
pub(crate) struct Pay<'a> {
    /// What the figures are: `base` pay, as Google's salary rich results ask.
    pub name: &'static str,
    /// Where: `London, United Kingdom`.
    pub description: String,
    /// ISO 4217.
    pub currency: &'static str,
    /// Always `P1Y`: the figures are yearly.
    pub duration: &'static str,
    #[serde(rename = "percentile10", skip_serializing_if = "Option::is_none")]
    pub p10: Option<u64>,
    #[serde(rename = "percentile25", skip_serializing_if = "Option::is_none")]
    pub p25: Option<u64>,
    pub median: u64,
    #[serde(rename = "percentile75", skip_serializing_if = "Option::is_none")]
    pub p75: Option<u64>,
    #[serde(rename = "percentile90", skip_serializing_if = "Option::is_none")]
    pub p90: Option<u64>,
    #[serde(skip)]
    pub city: Place<'a>,
}

impl<'a> Pay<'a> {
    /// The figures of `pay`, in `city`. Schema.org has no place for employment.
    pub(crate) fn yearly(city: &'a str, country: &'a str, pay: &crate::content::Pay) -> Self {
        Pay {
            name: "base",
            description: format!("{city}, {country}"),
            currency: pay.currency.code(),
            duration: "P1Y",
            p10: pay.p10,
            p25: pay.p25,
            median: pay.median,
            p75: pay.p75,
            p90: pay.p90,
            city: Place {
                name: city,
                country: Country { name: country },
            },
        }
    }
}

impl<'a> Occupation<'a> {
    /// The places of its pay, in the same order, as `occupationLocation`.
    pub(crate) fn locate(mut self) -> Self {
        self.occupation_location = self
            .estimated_salary
            .iter()
            .map(|p| Place {
                name: p.city.name,
                country: Country {
                    name: p.city.country.name,
                },
            })
            .collect();
        self
    }
}

#[derive(Serialize)]
pub(crate) struct FaqPage<'a> {
    #[serde(rename = "mainEntity")]
    pub questions: Vec<Question<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "Question")]
pub(crate) struct Question<'a> {
    pub name: &'a str,
    #[serde(rename = "acceptedAnswer")]
    pub answer: Answer<'a>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "Answer")]
pub(crate) struct Answer<'a> {
    /// HTML, which Google's FAQ results accept.
    pub text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Course<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub provider: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub educational_level: Option<&'static str>,
    /// `PT12H`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_required: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_accessible_for_free: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub teaches: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "Organization")]
pub(crate) struct Organization<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Article<'a> {
    pub headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    pub author: Organization<'a>,
    pub publisher: Organization<'a>,
    pub in_language: &'a str,
}

#[derive(Serialize)]
pub(crate) struct BreadcrumbList {
    #[serde(rename = "itemListElement")]
    pub items: Vec<ListItem>,
}

#[derive(Serialize)]
#[serde(tag = "@type", rename = "ListItem")]
pub(crate) struct ListItem {
    pub position: usize,
    pub name: String,
    /// Absolute URL.
    pub item: String,
}

impl BreadcrumbList {
    /// The trail from the home page to the page itself, each as (name, absolute URL).
    pub(crate) fn of(trail: impl IntoIterator<Item = (String, String)>) -> Self {
        BreadcrumbList {
            items: trail
                .into_iter()
                .enumerate()
                .map(|(i, (name, item))| ListItem {
                    position: i + 1,
                    name,
                    item,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_end_the_script() {
        let title = "</script><script>alert(1)</script> & more";
        let text = ld(&[Node::Article(Article {
            headline: title,
            description: "",
            url: "https://x.org/guides/a/",
            date_published: None,
            author: Organization {
                name: "X",
                url: None,
            },
            publisher: Organization {
                name: "X",
                url: None,
            },
            in_language: "en",
        })]);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["@graph"][0]["headline"], title);
        assert_eq!(back["@graph"][0]["@type"], "Article");
        assert_eq!(back["@context"], "https://schema.org");
    }

    #[test]
    fn an_occupation_is_located_where_it_is_paid() {
        let o = Occupation {
            name: "Data Analyst",
            description: "d",
            url: "https://x.org/roles/data-analyst/",
            skills: vec!["SQL"],
            responsibilities: &[],
            qualifications: &[],
            education_requirements: None,
            experience_requirements: Some(Experience { months: 24 }),
            aliases: &[],
            occupation_location: Vec::new(),
            estimated_salary: vec![Pay::yearly(
                "London",
                "United Kingdom",
                &crate::content::Pay {
                    currency: iso_currency::Currency::GBP,
                    median: 50_000,
                    p10: Some(30_000),
                    p25: Some(40_000),
                    p75: None,
                    p90: None,
                    employment: Some(1_200),
                    source: None,
                    as_of: None,
                },
            )],
        }
        .locate();
        let v: serde_json::Value =
            serde_json::from_str(&ld(&[Node::Occupation(Box::new(o))])).unwrap();
        let o = &v["@graph"][0];
        assert_eq!(o["@type"], "Occupation");
        assert_eq!(o["occupationLocation"][0]["@type"], "City");
        assert_eq!(o["occupationLocation"][0]["name"], "London");
        assert_eq!(
            o["occupationLocation"][0]["containedInPlace"]["name"],
            "United Kingdom"
        );
        let pay = &o["estimatedSalary"][0];
        assert_eq!(pay["@type"], "MonetaryAmountDistribution");
        assert_eq!(pay["currency"], "GBP");
        assert_eq!(pay["duration"], "P1Y");
        assert_eq!(pay["median"], 50_000);
        assert_eq!(pay["percentile25"], 40_000);
        assert_eq!(pay["percentile10"], 30_000);
        assert!(pay.get("percentile90").is_none());
        assert!(pay.get("percentile75").is_none());
        assert_eq!(
            o["experienceRequirements"]["@type"],
            "OccupationalExperienceRequirements"
        );
        assert_eq!(o["experienceRequirements"]["monthsOfExperience"], 24);
        assert!(o.get("responsibilities").is_none());
    }
}
