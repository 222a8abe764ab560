//! README's examples of what ladder prints come from the real thing: the sample site's
//! summary lines are those a build and a check of this repository's site print, and the
//! equivalence count is the one `.ci/run` runs. When the sample site changes, run
//! `LADDER_UPDATE_README=1 cargo test --test readme` to write the new lines into README.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `line` with the time and the output folder made alike: `in 0.18 s into /x/public:`.
fn timeless(line: &str) -> String {
    let Some(at) = line.find(" in ") else {
        return line.to_string();
    };
    let rest = &line[at + 4..];
    let Some(s) = rest.find(" s") else {
        return line.to_string();
    };
    let after = &rest[s + 2..];
    let after = match after.strip_prefix(" into ") {
        Some(into) => into.find(": ").map_or(after, |colon| &into[colon..]),
        None => after,
    };
    format!("{} in T s{after}", &line[..at])
}

/// README's sample output lines (indented code) that start with `prefix`.
fn readme_lines<'r>(readme: &'r str, prefix: &str) -> Vec<&'r str> {
    readme
        .lines()
        .filter(|l| l.starts_with("    ") && l.trim_start().starts_with(prefix))
        .collect()
}

#[test]
fn readme_shows_what_the_sample_site_prints() {
    let readme_path = Path::new(ROOT).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let out = tempfile::tempdir().expect("dir");
    let options = ladder::BuildOptions {
        root: ROOT.into(),
        output: Some(out.path().join("public")),
        ..ladder::BuildOptions::default()
    };
    let built = ladder::build(&options).expect("the sample site builds");
    let checked = ladder::check(&options).expect("the sample site checks");
    let summaries = [
        ("Built ", built.summary()),
        ("Checked ", checked.check_summary()),
    ];
    let update = std::env::var_os("LADDER_UPDATE_README").is_some();
    let mut text = readme.clone();
    for (prefix, real) in &summaries {
        let shown = readme_lines(&readme, prefix);
        assert_eq!(
            shown.len(),
            1,
            "README has one sample line starting {prefix:?}"
        );
        let line = shown[0];
        if timeless(line.trim_start()) == timeless(real) {
            continue;
        }
        if update {
            let indent = &line[..line.len() - line.trim_start().len()];
            // The time and folder as a reader would see them: `public`, from the site's folder.
            let real = real.replace(&out.path().join("public").display().to_string(), "public");
            text = text.replace(line, &format!("{indent}{real}"));
        } else {
            panic!(
                "README's sample line is not what the sample site prints; run \
                 LADDER_UPDATE_README=1 cargo test --test readme\n  README: {}\n  real:   {real}",
                line.trim_start()
            );
        }
    }
    if update && text != readme {
        std::fs::write(&readme_path, text).expect("write README.md");
    }
}

#[test]
fn readme_gives_the_equivalence_count_ci_runs() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README");
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).expect(".ci/run");
    let at = ci
        .find("LADDER_EQUIVALENCE_CASES=")
        .expect("the count in .ci/run")
        + 25;
    let cases: String = ci[at..].chars().take_while(char::is_ascii_digit).collect();
    assert!(!cases.is_empty());
    for said in [
        format!("`.ci/run`\nruns {cases}."),
        format!("equivalence test for {cases} sequences"),
    ] {
        assert!(
            readme.replace("\n", " ").contains(&said.replace("\n", " ")),
            "README should say {said:?}"
        );
    }
    // No other count of sequences.
    for other in ["runs 400.", "for 400 sequences"] {
        assert!(!readme.replace("\n", " ").contains(other) || cases == "400");
    }
}

#[test]
fn readme_states_the_rust_version_cargo_toml_asks_for() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).expect("Cargo.toml");
    let table: toml::Table = toml::from_str(&manifest).expect("TOML");
    let version = table["package"]["rust-version"]
        .as_str()
        .expect("Cargo.toml states rust-version");
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README");
    assert!(
        readme.contains(&format!("version {version} or later")),
        "README's set-up should say the Rust version Cargo.toml asks for, {version}"
    );
}
