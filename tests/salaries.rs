//! Salary data as a wage survey publishes it: spreadsheets (`content/salaries/*.csv`), the
//! survey's figures (p10 to p90, employment, country-wide rows) in both forms, and the site
//! setting that says which salary pages exist.

mod common;

use common::{TestSite, only, text_of, tree};

const ROLES: &str = "-- content/roles/a.md --\n+++\ntitle = \"Analyst\"\nsummary = \"S\"\n+++\n\
                     -- content/roles/b.md --\n+++\ntitle = \"Builder\"\nsummary = \"S\"\n+++\n";

const HEADER: &str = "role,city,country,currency,median,p10,p25,p75,p90,employment,source,as_of\n";

/// Rows of two roles: Berlin 12% above Germany's country-wide median for `a`.
const ROWS: &str = "a,Berlin,Germany,EUR,80640,50000,60000,90000,110000,1200,Survey 2025,2025-05-01\n\
                    a,Munich,Germany,EUR,85000,,,,,3400,Survey 2025,2025-05-01\n\
                    a,,Germany,EUR,72000,45000,55000,85000,100000,25000,Survey 2025,2025-05-01\n\
                    b,Berlin,Germany,EUR,61000,,,,,,,\n";

fn sheet(csv: &str) -> TestSite {
    TestSite::new(&format!("{ROLES}-- content/salaries/survey.csv --\n{csv}"))
}

#[test]
fn a_spreadsheet_gives_every_figure_of_the_survey() {
    let s = sheet(&format!("{HEADER}{ROWS}"));
    s.build_ok();
    let salary = text_of(&s.page("roles/a/salary/berlin/"));
    assert!(
        salary.contains("Half of the salaries fall between €60,000 and €90,000."),
        "{salary}"
    );
    assert!(
        salary.contains("One in ten earns less than €50,000, and one in ten more than €110,000."),
        "{salary}"
    );
    assert!(
        salary.contains(
            "The national median (Germany) is €72,000. Berlin pays 12% above the national median."
        ),
        "{salary}"
    );
    assert!(salary.contains("10th percentile €50,000"), "{salary}");
    assert!(salary.contains("90th percentile €110,000"), "{salary}");
    assert!(salary.contains("People employed 1,200"), "{salary}");
    assert!(salary.contains("Source: Survey 2025"), "{salary}");
    // Munich pays more than Germany as a whole, and its table has a column for jobs.
    let munich = text_of(&s.page("roles/a/salary/munich/"));
    assert!(
        munich.contains("Munich pays 18% above the national median."),
        "{munich}"
    );

    let role = s.page("roles/a/");
    let role_text = text_of(&role);
    // The country-wide figure is the typical salary, not a median of medians.
    assert!(
        role_text.contains("Typical salary €72,000 nationwide, Germany"),
        "{role_text}"
    );
    assert!(
        role_text.contains("People employed 25,000 nationwide, Germany"),
        "{role_text}"
    );
    // The largest markets, by jobs: Munich (3,400) before Berlin (1,200).
    let largest = &role_text[role_text.find("Largest markets").expect("largest markets")..];
    assert!(
        largest.find("Munich").unwrap() < largest.find("Berlin").unwrap(),
        "{largest}"
    );
    assert!(role.contains("<th scope=\"col\" class=\"num\">People employed</th>"));
    // JSON-LD carries the percentiles schema.org has.
    assert!(role.contains("\"percentile10\":50000"), "{role}");
    assert!(role.contains("\"percentile90\":110000"), "{role}");

    // The city page counts jobs too; a role with no figure shows a dash.
    let city = text_of(&s.page("cities/berlin/"));
    assert!(city.contains("People employed"), "{city}");
    assert!(city.contains("1,200"), "{city}");
    // Role `b` has no country-wide figure: its key facts keep the city's median.
    let b = text_of(&s.page("roles/b/"));
    assert!(b.contains("Typical salary €61,000 Berlin"), "{b}");
}

#[test]
fn quoting_bom_and_crlf_follow_rfc_4180() {
    // A quoted city name with a comma, a quote and a line break; a byte order mark; CRLF.
    let csv = "\u{feff}role,city,country,currency,median\r\n\
               a,\"Nashville-Davidson--Murfreesboro--Franklin, TN \"\"Music\"\"\r\nCity\",United States,USD,61000\r\n\
               a,Boston,United States,USD,\"81,680\"\r\n";
    let s = sheet(csv);
    s.build_ok();
    let role = text_of(&s.page("roles/a/"));
    assert!(
        role.contains("Nashville-Davidson--Murfreesboro--Franklin, TN \"Music\" City"),
        "{role}"
    );
    assert!(role.contains("$81,680"), "{role}");
    // Lines count from the BOM's line, CRLF and the quoted line break included: the bad
    // median of the row after the quoted city is on line 4, column 28.
    let bad = csv.replace("\"81,680\"", "lots");
    let s = sheet(&bad);
    assert_eq!(
        only(s.errors()),
        "content/salaries/survey.csv:4:28: `median` must be a positive whole number (a yearly amount), not `lots`"
    );
}

#[test]
fn a_header_without_a_required_column() {
    let s = sheet("role,city,country,median\na,Berlin,Germany,80000\n");
    assert_eq!(
        only(s.errors()),
        "content/salaries/survey.csv:1:1: the header has no `currency` column: a salary spreadsheet needs role, city, country, currency, median"
    );
}

#[test]
fn an_unknown_column_is_named_with_a_suggestion() {
    let s = sheet("role,city,country,currency,median,employmnet\na,Berlin,Germany,EUR,80000,10\n");
    assert_eq!(
        only(s.errors()),
        "content/salaries/survey.csv:1:35: unknown column `employmnet`: a salary spreadsheet's columns are role, city, country, currency, median, p10, p25, p75, p90, employment, source, as_of, did you mean `employment`?"
    );
}

#[test]
fn every_bad_cell_is_reported_at_its_row_and_column() {
    let s = sheet(&format!(
        "{HEADER}a,Berlin,Germany,EUR,80k,,,,,,,\n\
         a,Munich,Germany,EURO,85000,,,,,-3,,\n\
         a,Hamburg,Germany,EUR,70000,,,,,,,2025/05/01\n\
         a,Cologne,Germany,EUR,70000,,80000,,,,,\n\
         a,Bonn,Germany,EUR,70000,60000,,65000,,,,\n\
         a,Essen,Germany,EUR,70000\n"
    ));
    assert_eq!(
        s.errors(),
        [
            "content/salaries/survey.csv:2:22: `median` must be a positive whole number (a yearly amount), not `80k`",
            "content/salaries/survey.csv:3:18: unknown currency `EURO`: use an ISO 4217 code such as USD, EUR or INR, did you mean `EUR`?",
            "content/salaries/survey.csv:3:33: `employment` must be a positive whole number (how many people hold the job), not `-3`",
            "content/salaries/survey.csv:4:35: `as_of` must be a date written year-month-day, such as 2026-01-15: found 2025/05/01; write 2025-05-01",
            "content/salaries/survey.csv:5:30: `p25` (80000) is above `median` (70000) for Cologne: the figures must run p10 ≤ p25 ≤ median ≤ p75 ≤ p90",
            "content/salaries/survey.csv:6:33: `median` (70000) is above `p75` (65000) for Bonn: the figures must run p10 ≤ p25 ≤ median ≤ p75 ≤ p90",
            "content/salaries/survey.csv:7:1: this row has 5 cells and the header 12 columns: give every row a cell for each column (an empty one where there is no value; quote a cell that holds a comma)",
        ]
    );
}

#[test]
fn an_unknown_role_is_reported_once_per_file() {
    let s = sheet(&format!(
        "{HEADER}anlyst,Berlin,Germany,EUR,80000,,,,,,,\nanlyst,Munich,Germany,EUR,80000,,,,,,,\n"
    ));
    assert_eq!(
        only(s.errors()),
        "content/salaries/survey.csv:2:1: `anlyst` in `role` names no role (a role's slug is its file name in content/roles/)"
    );
}

#[test]
fn a_city_twice_for_a_role_across_files_names_both_places() {
    let s = TestSite::new(&format!(
        "{ROLES}-- content/salaries/survey.csv --\n{HEADER}{ROWS}\
         -- content/salaries/more.csv --\nrole,city,country,currency,median\nb,Paris,France,EUR,70000\na,berlin,germany,EUR,81000\n\
         -- content/salaries/a.toml --\nrole = \"a\"\n[[country]]\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 71000\n"
    ));
    assert_eq!(
        s.errors(),
        [
            "content/salaries/survey.csv:2:3: Berlin is already paid for role `a` in content/salaries/more.csv:3: give each city once per role",
            "content/salaries/survey.csv:4:4: Germany already has a country-wide figure for role `a` in content/salaries/a.toml:3: give one per role and country",
        ]
    );
}

#[test]
fn a_spreadsheet_over_the_limit_is_refused_before_it_is_read() {
    let s = sheet("role,city,country,currency,median\n");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(s.root().join("content/salaries/survey.csv"))
        .unwrap();
    // Sparse: no disk is used, and the build must not read it.
    file.set_len(600 << 20).unwrap();
    assert_eq!(
        only(s.errors()),
        "content/salaries/survey.csv: the file is 629.1 MB; a salary spreadsheet may be at most 512 MB: split it, or keep large data out of content/"
    );
}

#[test]
fn a_spreadsheet_over_the_limit_of_other_content_files_is_read() {
    // A survey of every occupation is about 15 MB; other content files may be at most 16 MB.
    // 17 MB in 200 rows, most of it in the rows' sources.
    let mut csv = String::from("role,city,country,currency,median,source\n");
    let long_source = "Survey ".repeat(13_000);
    for n in 0..200 {
        csv.push_str(&format!(
            "a,City {n},Country,EUR,{},{long_source}\n",
            50_000 + n
        ));
    }
    assert!(csv.len() > 17 << 20);
    let s = sheet(&csv);
    let report = s.build_ok();
    assert!(
        report.pages.contains(&("salary", 200)),
        "{}",
        report.summary()
    );
}

/// The same survey as TOML files and as a spreadsheet: the same site, byte for byte.
#[test]
fn toml_and_csv_build_the_same_site() {
    let toml_a = "role = \"a\"\n\
        [[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 80640\np10 = 50000\np25 = 60000\np75 = 90000\np90 = 110000\nemployment = 1200\nsource = \"Survey 2025\"\nas_of = 2025-05-01\n\
        [[city]]\ncity = \"Munich\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 85000\nemployment = 3400\nsource = \"Survey 2025\"\nas_of = 2025-05-01\n\
        [[country]]\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 72000\np10 = 45000\np25 = 55000\np75 = 85000\np90 = 100000\nemployment = 25000\nsource = \"Survey 2025\"\nas_of = 2025-05-01\n";
    let toml_b = "role = \"b\"\n[[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 61000\n";
    let from_toml = TestSite::new(&format!(
        "{ROLES}-- content/salaries/a.toml --\n{toml_a}-- content/salaries/b.toml --\n{toml_b}"
    ));
    from_toml.build_ok();
    // The spreadsheet's rows in two files, in another order.
    let (first, second) = ROWS.split_at(ROWS.find("a,,Germany").unwrap());
    let from_csv = TestSite::new(&format!(
        "{ROLES}-- content/salaries/one.csv --\n{HEADER}{second}-- content/salaries/two.csv --\n{HEADER}{first}"
    ));
    from_csv.build_ok();
    let a = tree(&from_toml.root().join("public"));
    let b = tree(&from_csv.root().join("public"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
    assert!(a.contains_key("roles/a/salary/berlin/index.html"));
}

#[test]
fn toml_files_take_the_new_fields_and_check_their_order() {
    let s = TestSite::new(&format!(
        "{ROLES}-- content/salaries/a.toml --\nrole = \"a\"\n\
         [[city]]\ncity = \"Berlin\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 80000\np10 = 90000\nemployment = 0\n\
         [[country]]\ncity = \"Bonn\"\ncountry = \"Germany\"\ncurrency = \"EUR\"\nmedian = 70000\n"
    ));
    assert_eq!(
        s.errors(),
        [
            "content/salaries/a.toml:7:7: `p10` (90000) is above `median` (80000) for Berlin: the figures must run p10 ≤ p25 ≤ median ≤ p75 ≤ p90",
            "content/salaries/a.toml:8:14: `employment` must be a positive whole number (how many people hold the job), not 0",
            "content/salaries/a.toml:10:8: a [[country]] table is the role's figure for the whole country: it has no `city` (put a city's figures in a [[city]] table)",
        ]
    );
}

#[test]
fn salary_pages_none_or_only_where_enough_people_work() {
    let with = |setting: &str| {
        TestSite::new(&format!(
            "{ROLES}-- content/salaries/survey.csv --\n{HEADER}{ROWS}\
             -- site.toml --\ntitle = \"T\"\nbase_url = \"https://example.org\"\nsalary_pages = {setting}\n"
        ))
    };
    let none = with("\"none\"");
    let report = none.build_ok();
    assert!(!none.out("roles/a/salary").exists());
    assert!(
        !report.summary().contains("salary page"),
        "{}",
        report.summary()
    );
    // The role page still lists every city, without a link.
    let role = none.page("roles/a/");
    assert!(text_of(&role).contains("Munich"));
    assert!(!role.contains("/salary/"), "{role}");

    let some = with("2000");
    some.build_ok();
    assert!(some.out("roles/a/salary/munich/index.html").exists());
    assert!(!some.out("roles/a/salary/berlin/index.html").exists());
    assert!(!some.out("roles/b/salary/berlin/index.html").exists());
    let sitemap = std::fs::read_to_string(some.out("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/roles/a/salary/munich/"));
    assert!(!sitemap.contains("/roles/a/salary/berlin/"));

    let bad = with("\"some\"");
    assert_eq!(
        only(bad.errors()),
        "site.toml:3:16: `salary_pages` is \"all\" (a page for every role and city), \"none\", or a number of jobs such as 1000 (a page where at least that many people hold the role), not \"some\""
    );
}

/// One row of a survey edited: only the pages that show that salary are rendered again
/// (its own page, the role's salary pages that compare it, the role's page and list of
/// cities, the city's page, the other roles' pages in that city), not every page of the role.
#[test]
fn one_row_edited_renders_only_the_pages_that_read_it() {
    let mut csv = String::from("role,city,country,currency,median\n");
    for n in 0..40 {
        csv.push_str(&format!("a,City {n},Germany,EUR,{}\n", 100_000 - n * 1_000));
    }
    csv.push_str("b,City 20,Germany,EUR,60000\n");
    let s = sheet(&csv);
    let first = s.build_ok();
    assert!(first.pages.contains(&("salary", 41)), "{}", first.summary());
    // City 20 stays between City 19 and City 21.
    s.edit(
        "content/salaries/survey.csv",
        "a,City 20,Germany,EUR,80000",
        "a,City 20,Germany,EUR,80100",
    );
    let report = s.build_ok();
    let fresh = common::fresh_build(&s);
    common::assert_same_tree(&s.out(""), &fresh.path().join("site"));
    // City 20's page and the ten nearest compared with it (15 to 25), the role's page and
    // list of cities, City 20's page, the list of cities (its best-paid role's figure), and
    // b's page in City 20: every page rendered is a page that changed. Not the 40 salary
    // pages of the role, nor the sitemap or the search index, which read no figures.
    assert!(
        report.rendered <= 16,
        "{} rendered: {:?}",
        report.rendered,
        report.written
    );
    assert!(
        report
            .written
            .iter()
            .any(|w| w == "roles/a/salary/city-20/index.html")
    );
    assert!(
        report
            .written
            .iter()
            .any(|w| w == "roles/a/salary/city-15/index.html")
    );
    assert!(
        !report
            .written
            .iter()
            .any(|w| w == "roles/a/salary/city-35/index.html")
    );
}

/// The default theme's salary table has one loop for each kind of row (a choice made once a
/// table costs less than one made on every row): the three rows may differ only in how they
/// name the row, so that a change to one is made to all.
#[test]
fn the_salary_tables_three_kinds_of_row_differ_only_in_their_names() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/components.html"
    );
    let text = std::fs::read_to_string(path).expect("the default theme's components");
    let table = text
        .split("{% component salary_table")
        .nth(1)
        .and_then(|t| t.split("{% endcomponent salary_table").next())
        .expect("the salary_table component");
    let rows: Vec<&str> = table
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<tr><th scope=\"row\">"))
        .collect();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let country = " <span class=\"meta\">{{ s.city.country }}</span>";
    let names = [
        ("{{ s.city.name }}", country),
        ("{{ s.role.title }}", ""),
        (
            "{{ t(key=\"role_in_city\", role=s.role.title, city=s.city.name) }}",
            country,
        ),
    ];
    let shapes: Vec<String> = rows
        .iter()
        .zip(names)
        .map(|(row, (name, after))| {
            // The name linked when the row has a page, else plain: each branch prints it.
            let linked = format!(
                "{{% if s.url %}}<a href=\"{{{{ s.url }}}}\">{name}</a>{{% else %}}{name}{{% endif %}}"
            );
            let at = row
                .find(&linked)
                .unwrap_or_else(|| panic!("{linked} in {row}"));
            let rest = &row[at + linked.len()..];
            assert!(rest.starts_with(after), "{rest}");
            format!("{}NAME{}", &row[..at], &rest[after.len()..])
        })
        .collect();
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[1], shapes[2]);
}

#[test]
fn a_template_that_names_a_rows_numbers_gets_them() {
    // The default theme prints a row's figures only as written, so its rows are made
    // without the numbers; a template of the site that names them gets them, and none
    // where the survey gives none.
    let s = sheet(&format!("{HEADER}{ROWS}"));
    s.write(
        "templates/salary.html",
        "{% for s in salary.other_cities %}[{{ s.city.name }} {{ s.median }} \
         {{ s.p10 }} {{ s.p25 }} {{ s.p75 }} {{ s.p90 }} {{ s.employment }} \
         {{ s.compare }}]{% endfor %}",
    );
    s.build_ok();
    assert_eq!(
        s.page("roles/a/salary/munich/"),
        "[Berlin 80640 50000 60000 90000 110000 1200 89600]"
    );
    assert_eq!(
        s.page("roles/a/salary/berlin/"),
        "[Munich 85000     3400 94444]"
    );
}
