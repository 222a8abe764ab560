//! A site of the size the issue names (2,000 roles, 600 courses, 200 guides) builds and
//! writes every page. It is timed by the benchmark, not here.

mod common;

use common::TestSite;

const CITIES: [(&str, &str, &str); 6] = [
    ("New York", "United States", "USD"),
    ("London", "United Kingdom", "GBP"),
    ("Berlin", "Germany", "EUR"),
    ("Paris", "France", "EUR"),
    ("Bengaluru", "India", "INR"),
    ("Toronto", "Canada", "CAD"),
];

#[test]
fn a_site_of_two_thousand_roles_builds_completely() {
    let (roles, courses, guides, skills) = (2000, 600, 200, 150);
    let site = TestSite::new("");
    let mut expected_salary_pages = 0;
    for i in 0..roles {
        let role_skills: Vec<String> = (0..6)
            .map(|k| format!("\"Skill {}\"", (i * 7 + k * 13) % skills))
            .collect();
        let related = format!(
            "\"role-{}\", \"role-{}\"",
            (i + 1) % roles,
            (i + 17) % roles
        );
        site.write(
            &format!("content/roles/role-{i}.md"),
            &format!(
                "+++\ntitle = \"Role {i}\"\nsummary = \"What role {i} does.\"\ncategory = \"Category {}\"\nskills = [{}]\nresponsibilities = [\"Build\", \"Run\"]\nrelated = [{related}]\nnext = [\"role-{}\"]\n+++\n## About\n\nRole {i} in **detail**.\n",
                i % 12,
                role_skills.join(", "),
                (i + 5) % roles
            ),
        );
        site.write(
            &format!("content/faqs/role-{i}.toml"),
            &format!("role = \"role-{i}\"\n[[faq]]\nquestion = \"What is role {i}?\"\nanswer = \"A job.\"\n"),
        );
        let mut salary = format!("role = \"role-{i}\"\nsource = \"Synthetic\"\n");
        for (c, (city, country, currency)) in CITIES.iter().enumerate() {
            if (i + c) % 2 == 0 {
                expected_salary_pages += 1;
                salary.push_str(&format!(
                    "[[city]]\ncity = \"{city}\"\ncountry = \"{country}\"\ncurrency = \"{currency}\"\nmedian = {}\n",
                    50_000 + (i * 37 + c * 1000) % 90_000
                ));
            }
        }
        site.write(&format!("content/salaries/role-{i}.toml"), &salary);
    }
    for i in 0..courses {
        site.write(
            &format!("content/courses/course-{i}.md"),
            &format!(
                "+++\ntitle = \"Course {i}\"\nprovider = \"Academy\"\nskills = [\"Skill {}\", \"Skill {}\"]\nroles = [\"role-{}\"]\n+++\nLearn.\n",
                i % skills,
                (i * 3) % skills,
                (i * 3) % roles
            ),
        );
    }
    for i in 0..guides {
        site.write(
            &format!("content/guides/guide-{i}.md"),
            &format!(
                "+++\ntitle = \"Guide {i}\"\ndate = 2026-{:02}-{:02}\nroles = [\"role-{}\"]\n+++\nRead.\n",
                i % 12 + 1,
                i % 28 + 1,
                (i * 11) % roles
            ),
        );
    }
    let report = site.build_ok();
    let counts: std::collections::HashMap<&str, usize> = report.pages.iter().copied().collect();
    assert_eq!(counts["role"], roles);
    assert_eq!(counts["course"], courses);
    assert_eq!(counts["guide"], guides);
    assert_eq!(counts["salary"], expected_salary_pages);
    assert_eq!(counts["skill"], skills);
    assert_eq!(counts["city"], CITIES.len());

    // Every page the report counts is on disk.
    fn count_html(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    count_html(&p)
                } else {
                    usize::from(p.extension().is_some_and(|x| x == "html"))
                }
            })
            .sum()
    }
    let pages: usize = report
        .pages
        .iter()
        .filter(|(kind, _)| {
            !["sitemap", "sitemap-index", "feed", "robots", "search-index"].contains(kind)
        })
        .map(|(_, n)| n)
        .sum();
    assert_eq!(count_html(&site.root().join("public")), pages);
    let last = site.page("roles/role-1999/");
    assert!(last.contains("What is role 1999?"));
    assert!(last.contains("/roles/role-0/"), "related wraps around");
}
