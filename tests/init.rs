//! A new site needs nothing from this repository: `ladder init` makes one that builds at
//! once with the built-in theme, and `ladder new` writes content files to fill in.

mod common;

use std::path::Path;
use std::process::Output;

fn ladder(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ladder")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn init_makes_a_site_that_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = ladder(dir.path(), &["init", "my-guide"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("my-guide");
    assert!(!site.join("themes").exists(), "the theme is in the binary");
    let out = ladder(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "index.html",
        "roles/data-analyst/index.html",
        "roles/data-analyst/salary/london/index.html",
        "courses/sql-for-analysis/index.html",
        "guides/first-analyst-job/index.html",
        "faq/index.html",
        "style.css",
        "sitemap.xml",
    ] {
        assert!(site.join("public").join(page).is_file(), "{page}");
    }
    // Whatever the build wrote beside the site's own files (the output and the work folder
    // beside it), .gitignore keeps out of a commit.
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let written: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !["site.toml", "content", ".gitignore"].contains(&name.as_str()))
        .collect();
    assert!(
        written.contains(&".public.ladder".to_string()),
        "{written:?}"
    );
    for name in &written {
        assert!(
            ignored.lines().any(|l| l == format!("/{name}/")),
            "{name} is not in .gitignore: {ignored}"
        );
    }
    let role = std::fs::read_to_string(site.join("public/roles/data-analyst/index.html")).unwrap();
    assert!(role.contains("Do I need to know how to program?"));

    // A second init replaces nothing.
    let again = ladder(dir.path(), &["init", "my-guide"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("site.toml already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn init_theme_writes_a_copy_that_builds_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ladder(dir.path(), &["init", "a"]).status.success());
    let out = ladder(dir.path(), &["init", "b", "--theme"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = dir.path().join("b");
    assert!(b.join("themes/default/templates/base.html").is_file());
    assert!(b.join("themes/default/static/style.css").is_file());
    for site in ["a", "b"] {
        let out = ladder(&dir.path().join(site), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    common::assert_same_tree(&dir.path().join("a/public"), &b.join("public"));

    // An edited copy wins over the built-in theme, file by file.
    let base = b.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("<body", "<body data-edited")).unwrap();
    assert!(ladder(&b, &["build"]).status.success());
    let home = std::fs::read_to_string(b.join("public/index.html")).unwrap();
    assert!(home.contains("data-edited"));
}

#[test]
fn a_theme_that_is_not_there_says_where_themes_come_from() {
    let dir = tempfile::tempdir().unwrap();
    assert!(ladder(dir.path(), &["init"]).status.success());
    let toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("# theme = \"default\"", "theme = \"defualt\""),
    )
    .unwrap();
    let out = ladder(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("site.toml:6:9: theme `defualt` not found in themes/, did you mean `default`? (the built-in theme is `default`; `ladder init --theme` writes a copy of it to edit)"),
        "{err}"
    );
}

#[test]
fn new_writes_every_kind_with_its_fields_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(ladder(root, &["init"]).status.success());
    for (kind, title, file, fields) in [
        (
            "role",
            "Machine Learning Engineer",
            "content/roles/machine-learning-engineer.md",
            &[
                "summary",
                "category",
                "skills",
                "responsibilities",
                "qualifications",
                "education",
                "experience_years",
                "related",
                "next",
                "aliases",
                "updated",
                "weight",
                "draft",
                "[extra]",
            ][..],
        ),
        (
            "course",
            "Deep Learning",
            "content/courses/deep-learning.md",
            &[
                "provider", "url", "level", "hours", "free", "skills", "roles", "summary",
            ][..],
        ),
        (
            "guide",
            "Becoming an ML Engineer",
            "content/guides/becoming-an-ml-engineer.md",
            &["date", "summary", "roles", "skills", "draft"][..],
        ),
        (
            "salary",
            "Machine Learning Engineer",
            "content/salaries/machine-learning-engineer.toml",
            &[
                "role", "source", "as_of", "[[city]]", "city", "country", "currency", "median",
                "p25", "p75",
            ][..],
        ),
        (
            "faq",
            "Machine Learning Engineer",
            "content/faqs/machine-learning-engineer.toml",
            &["role", "[[faq]]", "question", "answer"][..],
        ),
    ] {
        let out = ladder(root, &["new", kind, title]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        let text =
            std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        for field in fields {
            assert!(text.contains(field), "{kind} has no {field}:\n{text}");
        }
        let again = ladder(root, &["new", kind, title]);
        assert_eq!(again.status.code(), Some(1), "{kind}");
        assert!(stderr(&again).contains("already exists"), "{kind}");
    }
    // The new role and guide are drafts until written; the salary table and the questions
    // say what they lack until they are filled in.
    let out = ladder(root, &["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/salaries/machine-learning-engineer.toml"),
        "{err}"
    );
    assert!(
        err.contains("content/faqs/machine-learning-engineer.toml"),
        "{err}"
    );
    assert!(err.contains("content/courses/deep-learning.md"), "{err}");
    for file in [
        "content/salaries/machine-learning-engineer.toml",
        "content/faqs/machine-learning-engineer.toml",
        "content/courses/deep-learning.md",
    ] {
        std::fs::remove_file(root.join(file)).unwrap();
    }
    let out = ladder(root, &["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        root.join("public/roles/machine-learning-engineer/index.html")
            .is_file()
    );

    let outside = tempfile::tempdir().unwrap();
    let out = ladder(outside.path(), &["new", "role", "X"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no site.toml"));
}
