//! Pages of bounded size whatever the shape of the data: a role paid in 300 cities with
//! metropolitan-area names (the shape of a national wage survey) gets salary pages that
//! compare a bounded number of cities, a role page that shows its best-paid 25, and the
//! full list of its cities on pages of its own, 100 a page. Before, every salary page listed
//! and charted every other city of its role (370 KB a page on a survey). The listings of
//! skills, cities, courses and guides come in parts (3,000 courses on one page were 970 KB).

mod common;

use common::{TestSite, assert_same_tree, fresh_build};

/// The largest a page may be, and the most a salary page may be on average.
const PAGE_BUDGET: u64 = 150 * 1024;
const SALARY_PAGE_AVERAGE: u64 = 30 * 1024;

const ROLES: usize = 3;
const CITIES: usize = 300;
const COURSES: usize = 3000;
const GUIDES: usize = 250;

/// A long name, as wage surveys give metropolitan areas.
fn area(c: usize) -> String {
    format!("Nashville-Davidson--Murfreesboro--Franklin Area {c}, TN")
}

fn wide_site() -> TestSite {
    let site = TestSite::new("");
    for r in 0..ROLES {
        site.write(
            &format!("content/roles/role-{r}.md"),
            &format!("+++\ntitle = \"Role {r}\"\nsummary = \"What role {r} does.\"\n+++\nBody.\n"),
        );
        let mut salary = format!("role = \"role-{r}\"\n");
        for c in 0..CITIES {
            salary.push_str(&format!(
                "[[city]]\ncity = \"{}\"\ncountry = \"United States\"\ncurrency = \"USD\"\nmedian = {}\np25 = {}\np75 = {}\n",
                area(c),
                40_000 + (c * 7919 + r * 131) % 90_000,
                30_000 + (c * 7919 + r * 131) % 90_000,
                50_000 + (c * 7919 + r * 131) % 90_000,
            ));
        }
        site.write(&format!("content/salaries/role-{r}.toml"), &salary);
    }
    for c in 0..COURSES {
        site.write(
            &format!("content/courses/course-{c}.md"),
            &format!(
                "+++\ntitle = \"Course {c}: data pipelines in practice\"\nprovider = \"Academy {}\"\nsummary = \"What course {c} teaches, in a sentence or two of summary.\"\nskills = [\"Skill {c}\"]\nroles = [\"role-{}\"]\n+++\nLearn.\n",
                c % 40,
                c % ROLES
            ),
        );
    }
    for g in 0..GUIDES {
        site.write(
            &format!("content/guides/guide-{g}.md"),
            &format!(
                "+++\ntitle = \"Guide {g}\"\nsummary = \"What guide {g} says.\"\ndate = 2026-01-{:02}\n+++\nRead.\n",
                g % 28 + 1
            ),
        );
    }
    site
}

/// Every HTML file below `dir`, with its size.
fn html_files(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, u64)>) {
    for entry in std::fs::read_dir(dir).expect("read the output") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            let len = path.metadata().expect("metadata").len();
            out.push((path, len));
        }
    }
}

#[test]
fn no_page_grows_with_the_cities_of_a_role() {
    let site = wide_site();
    let report = site.build_ok();
    let mut pages = Vec::new();
    html_files(&site.out(""), &mut pages);
    let over: Vec<String> = pages
        .iter()
        .filter(|(_, len)| *len > PAGE_BUDGET)
        .map(|(p, len)| format!("{} ({len} bytes)", p.display()))
        .collect();
    assert!(over.is_empty(), "pages over {PAGE_BUDGET} bytes: {over:?}");
    let salary: Vec<u64> = pages
        .iter()
        .filter(|(p, _)| p.to_string_lossy().contains("/salary/"))
        .map(|(_, len)| *len)
        .collect();
    assert_eq!(salary.len(), ROLES * CITIES);
    let average = salary.iter().sum::<u64>() / salary.len() as u64;
    assert!(
        average <= SALARY_PAGE_AVERAGE,
        "salary pages average {average} bytes"
    );
    // The full list of each role's cities: three parts of 100, the first in the summary's
    // count of listings and other pages.
    assert!(
        report.summary().contains("900 salary pages"),
        "{}",
        report.summary()
    );
    // The listings, in parts: 3,000 skills (one a course) by 400, 300 cities by 200, 3,000
    // courses by 100, 250 guides by 100.
    for (listing, parts) in [("skills", 8), ("cities", 2), ("courses", 30), ("guides", 3)] {
        assert!(site.out(&format!("{listing}/index.html")).is_file());
        let last = format!("{listing}/page/{parts}/index.html");
        assert!(site.out(&last).is_file(), "{last}");
        let past = format!("{listing}/page/{}/index.html", parts + 1);
        assert!(!site.out(&past).exists(), "{past}");
        let html = site.page(&format!("{listing}/page/2/"));
        assert!(
            html.contains(&format!(", page 2 of {parts}</h1>")),
            "{html}"
        );
    }
    let courses: usize = (1..=30)
        .map(|p| {
            let page = if p == 1 {
                "courses/".to_string()
            } else {
                format!("courses/page/{p}/")
            };
            site.page(&page).matches("href=\"/courses/course-").count()
        })
        .sum();
    assert_eq!(courses, COURSES, "every course once, on one part");
    // Part 15 of 30 links to the first, the last and three on each side, not to all 30.
    let middle = site.page("courses/page/15/");
    assert_eq!(middle.matches("aria-label=\"Page ").count(), 9, "{middle}");
    assert_eq!(middle.matches("class=\"gap\"").count(), 2);
    assert!(
        middle.contains("href=\"/courses/page/30/\"") && !middle.contains("/courses/page/20/\"")
    );
    for r in 0..ROLES {
        let first = site.page(&format!("roles/role-{r}/cities/"));
        let second = site.page(&format!("roles/role-{r}/cities/page/2/"));
        let third = site.page(&format!("roles/role-{r}/cities/page/3/"));
        assert!(!site.out(&format!("roles/role-{r}/cities/page/4/")).exists());
        let listed: usize = [&first, &second, &third]
            .iter()
            .map(|html| html.matches("/salary/").count())
            .sum();
        // Each city once, linked from its row.
        assert_eq!(listed, CITIES, "role-{r}");
        assert!(first.contains("Places 1 to 100 of 300 cities"), "{first}");
        assert!(third.contains("Places 201 to 300 of 300 cities"), "{third}");
    }
}

#[test]
fn a_salary_page_compares_the_best_paid_and_the_nearest_cities() {
    let site = wide_site();
    site.build_ok();
    let role = site.page("roles/role-0/");
    // The best-paid 25 and a link to the rest.
    assert!(role.contains("The best-paid 25 of 300 cities."), "{role}");
    assert!(role.contains("href=\"/roles/role-0/cities/\""), "{role}");
    assert_eq!(role.matches("/salary/").count(), 25, "a row each");
    // A city in the middle of the ranking: its table holds the three best paid and ten
    // nearest in pay, and the chart marks this city.
    let ranked: Vec<String> = {
        let list = [
            site.page("roles/role-0/cities/"),
            site.page("roles/role-0/cities/page/2/"),
            site.page("roles/role-0/cities/page/3/"),
        ]
        .concat();
        list.split("/roles/role-0/salary/")
            .skip(1)
            .map(|s| s[..s.find('/').unwrap()].to_string())
            .collect()
    };
    assert_eq!(ranked.len(), CITIES);
    let middle = &ranked[150];
    let page = site.page(&format!("roles/role-0/salary/{middle}/"));
    let table = &page[page.find("<table").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<&str> = table
        .split("/roles/role-0/salary/")
        .skip(1)
        .map(|s| &s[..s.find('/').unwrap()])
        .collect();
    let expected: Vec<&str> = [0, 1, 2, 145, 146, 147, 148, 149, 151, 152, 153, 154, 155]
        .iter()
        .map(|&i| ranked[i].as_str())
        .collect();
    assert_eq!(rows, expected);
    assert!(
        page.contains("chart-current"),
        "this city is marked in the chart"
    );
    assert!(page.contains("All 300 cities, with every figure"), "{page}");
    assert!(page.contains("href=\"/roles/role-0/cities/\""));
}

/// A role's salary file with `n` cities (the first `n` of `area`).
fn salaries(n: usize) -> String {
    let mut text = "role = \"role-0\"\n".to_string();
    for c in 0..n {
        text.push_str(&format!(
            "[[city]]\ncity = \"{}\"\ncountry = \"United States\"\ncurrency = \"USD\"\nmedian = {}\n",
            area(c),
            400_000 - c * 1000
        ));
    }
    text
}

/// A role that comes to be paid in a 26th city gets the full list of its cities, and loses
/// it again at 25: an incremental build plans, writes and removes those pages, and its
/// salary pages link to the list or to the role's page, as a fresh build does.
#[test]
fn the_list_of_a_role_s_cities_comes_and_goes_with_its_26th_city() {
    let site = TestSite::new(
        "-- content/roles/role-0.md --\n+++\ntitle = \"Role 0\"\nsummary = \"S\"\n+++\nBody.\n",
    );
    site.write("content/salaries/role-0.toml", &salaries(25));
    site.build_ok();
    let city = "nashville-davidson-murfreesboro-franklin-area-3-tn";
    assert!(!site.out("roles/role-0/cities/index.html").exists());
    let salary = site.page(&format!("roles/role-0/salary/{city}/"));
    assert!(
        salary.contains("href=\"/roles/role-0/#role-salaries\""),
        "{salary}"
    );

    for (n, listed) in [(26, true), (25, false), (301, true)] {
        site.write("content/salaries/role-0.toml", &salaries(n));
        let report = site.build_ok();
        assert_eq!(
            site.out("roles/role-0/cities/index.html").exists(),
            listed,
            "{n} cities"
        );
        assert_eq!(
            site.out("roles/role-0/cities/page/4/index.html").exists(),
            n > 300,
            "{n} cities"
        );
        let salary = site.page(&format!("roles/role-0/salary/{city}/"));
        assert_eq!(
            salary.contains("href=\"/roles/role-0/cities/\""),
            listed,
            "{n} cities: {}",
            report.summary()
        );
        let fresh = fresh_build(&site);
        assert_same_tree(&site.out(""), &fresh.path().join("site"));
    }
}

/// A city where hundreds of roles are paid lists them in parts, 150 a page, the best paid
/// first, with the chart of the 25 best on the first part only (a city of the 10,000-role
/// bench site listed its 2,250 roles on one page of 475 kB).
#[test]
fn a_city_lists_its_roles_in_parts() {
    let site = TestSite::new("");
    let roles = 320;
    for r in 0..roles {
        site.write(
            &format!("content/roles/role-{r}.md"),
            &format!("+++\ntitle = \"Role {r}\"\nsummary = \"S\"\n+++\nBody.\n"),
        );
        site.write(
            &format!("content/salaries/role-{r}.toml"),
            &format!(
                "role = \"role-{r}\"\n[[city]]\ncity = \"Big City\"\ncountry = \"United States\"\ncurrency = \"USD\"\nmedian = {}\n",
                100_000 + r * 100
            ),
        );
    }
    site.build_ok();
    let parts: Vec<String> = [
        "cities/big-city/",
        "cities/big-city/page/2/",
        "cities/big-city/page/3/",
    ]
    .iter()
    .map(|p| site.page(p))
    .collect();
    assert!(!site.out("cities/big-city/page/4/").exists());
    assert!(
        parts[0].contains("class=\"chart\""),
        "the chart, on the first part"
    );
    assert!(!parts[1].contains("class=\"chart\""));
    assert!(parts[1].contains(", page 2 of 3</h1>"), "{}", parts[1]);
    let listed: Vec<usize> = parts
        .iter()
        .map(|html| html.matches("/salary/big-city/").count())
        .collect();
    assert_eq!(listed, [150, 150, 20]);
    // The best paid first: role-319 heads the first part, role-19 the last.
    assert!(parts[0].find("/roles/role-319/salary/") < parts[0].find("/roles/role-318/salary/"));
    assert!(parts[2].contains("/roles/role-19/salary/big-city/"));
    assert!(parts[2].contains("/roles/role-0/salary/big-city/"));
    let mut pages = Vec::new();
    html_files(&site.out(""), &mut pages);
    assert!(pages.iter().all(|(_, len)| *len <= PAGE_BUDGET));
}

/// A skill that hundreds of roles ask for shows them 60 a page (and its courses and guides
/// 60 a page too), on as many parts as its longest list needs.
#[test]
fn a_skill_lists_its_roles_in_parts() {
    let site = TestSite::new("");
    for r in 0..130 {
        site.write(
            &format!("content/roles/role-{r}.md"),
            &format!(
                "+++\ntitle = \"Role {r}\"\nsummary = \"S\"\nskills = [\"SQL\"]\n+++\nBody.\n"
            ),
        );
    }
    for c in 0..70 {
        site.write(
            &format!("content/courses/course-{c}.md"),
            &format!(
                "+++\ntitle = \"Course {c}\"\nprovider = \"P\"\nskills = [\"SQL\"]\n+++\nLearn.\n"
            ),
        );
    }
    site.build_ok();
    let parts: Vec<String> = ["skills/sql/", "skills/sql/page/2/", "skills/sql/page/3/"]
        .iter()
        .map(|p| site.page(p))
        .collect();
    assert!(!site.out("skills/sql/page/4/").exists());
    let count = |html: &str, what: &str| html.matches(&format!("href=\"/{what}")).count();
    let roles: Vec<usize> = parts.iter().map(|h| count(h, "roles/role-")).collect();
    let courses: Vec<usize> = parts.iter().map(|h| count(h, "courses/course-")).collect();
    assert_eq!(roles, [60, 60, 10]);
    assert_eq!(courses, [60, 10, 0]);
    assert!(
        parts[2].contains("<h1>SQL, page 3 of 3</h1>"),
        "{}",
        parts[2]
    );
}
