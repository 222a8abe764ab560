//! What unit tests share.
//!
//! Uses `config` and `content`.

use crate::config::{BuildOptions, Config};
use crate::content::Document;

/// The configuration and the parsed documents of this repository's sample site.
pub(crate) fn sample() -> (Config, Vec<Document>) {
    let config = crate::config::load(&BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        ..BuildOptions::default()
    })
    .unwrap();
    let found = crate::content::discover(&config.root, &config.content_dir).unwrap();
    let mut parsed = crate::content::Parsed::default();
    parsed.parse_all(&found.files).unwrap();
    let documents = parsed.into_documents(&found.files);
    (config, documents)
}

/// A salary spreadsheet of two roles (`backend`, `lead`) in three cities, with a
/// country-wide row.
pub(crate) const SHEET: &str = "role,city,country,currency,median,p25,employment
backend,Austin,United States,USD,100000,90000,50
backend,Boston,United States,USD,120000,,60
backend,Chicago,United States,USD,90000,,
lead,Austin,United States,USD,130000,,
lead,Boston,United States,USD,125000,,
lead,Chicago,United States,USD,95000,,
backend,,United States,USD,105000,,
";

/// Edits of `SHEET` that change figures only, as (text, replacement): the first moves
/// Chicago from `backend`'s lowest paid city to its best paid; none moves a city across
/// 55 jobs.
pub(crate) const FIGURE_EDITS: [&[(&str, &str)]; 4] = [
    &[(
        "Chicago,United States,USD,90000",
        "Chicago,United States,USD,130500",
    )],
    &[("125000", "125001"), (",105000,", ",106000,")],
    &[
        ("90000,50", "90000,40"),
        (
            "Austin,United States,USD,130000",
            "Austin,United States,USD,99000",
        ),
    ],
    &[("120000,,60", "120000,,61")],
];

/// `SHEET` with `edit` made.
pub(crate) fn edited(edit: &[(&str, &str)]) -> String {
    let mut sheet = SHEET.to_string();
    for (from, to) in edit {
        assert!(sheet.contains(from), "{from}");
        sheet = sheet.replacen(from, to, 1);
    }
    sheet
}

/// A site in `dir` of two roles, `backend` and `lead`, paid as the spreadsheet `sheet` says:
/// its configuration and documents.
pub(crate) fn salary_site(dir: &std::path::Path, sheet: &str) -> (Config, Vec<Document>) {
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.toml", "title = \"T\"\nbase_url = \"https://x.org\"\n");
    for role in ["backend", "lead"] {
        write(
            &format!("content/roles/{role}.md"),
            &format!("+++\ntitle = \"{role}\"\nsummary = \"S.\"\n+++\n"),
        );
    }
    write("content/salaries/survey.csv", sheet);
    let config = crate::config::load(&BuildOptions {
        root: dir.to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap();
    let found = crate::content::discover(&config.root, &config.content_dir).unwrap();
    let documents = found
        .files
        .iter()
        .map(|f| crate::content::parse(f).unwrap())
        .collect();
    (config, documents)
}
