//! Rules about the shape of `src/` that care alone did not keep (a circle of seven modules,
//! imports from a lower layer to a higher one, a 1,325-line file and a 285-line function),
//! checked here so that they hold:
//!
//! - Layers: `LAYERS` lists every module in the order of the pipeline, lowest first; a
//!   module may name (`crate::x`) only modules listed before it. An item of the crate root
//!   (`crate::Foo`) counts as the top of the list: no module may use it.
//! - `src/lib.rs`'s list of modules and README's module map give the same order, and
//!   lib.rs declares exactly these modules.
//! - Every file in `src/` opens with a `//!` comment that says what it holds, and the
//!   comment of each module's own file (`src/x.rs`, `src/x/mod.rs`) says what it uses, in a
//!   sentence `Uses `a`, `b` and `c`.` (or `Uses nothing else of the crate.`) that names
//!   exactly the modules its files name.
//! - Nothing but `main.rs` prints.
//! - No file in `src/` has more than `MAX_FILE_LINES` lines of code, and no function more
//!   than `MAX_FN_LINES` lines.
//!
//! `LADDER_SOURCE=<folder>` checks another copy of the sources (an older commit's `src/`
//! beside its README.md): `LADDER_SOURCE=/tmp/old cargo test --test architecture`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every module, lowest layer first: each may use only those before it.
const LAYERS: &[&str] = &[
    "diagnostic",
    "hash",
    "sealed",
    "walk",
    "theme",
    "money",
    "markdown",
    "extra",
    "config",
    "content",
    "testing",
    "i18n",
    "site",
    "parts",
    "links",
    "kinds",
    "plan",
    "render",
    "output",
    "pipeline",
    "inputs",
    "build",
    "report",
    "session",
    "serve",
    "scaffold",
    "fuzzing",
];

/// Lines of code (not blank, not comments) a file may have.
const MAX_FILE_LINES: usize = 1000;

/// Lines a function may span, from its `fn` to its closing brace.
const MAX_FN_LINES: usize = 120;

fn project() -> PathBuf {
    std::env::var_os("LADDER_SOURCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read src/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file of `src/` belongs to: `site` for `src/site/patch.rs`; `None`
/// for the crate root and the binary.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).expect("below src/");
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The text of a Rust file without its comments and the contents of its string and
/// character literals (which may hold `crate::` or braces that are not code).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if b[i] == b'\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) && is_raw(b, i) {
            // A raw string: r"..." or r#"..."#.
            let mut hashes = 0;
            i += 1;
            while b.get(i) == Some(&b'#') {
                hashes += 1;
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
            let end: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while i < b.len() && !b[i..].starts_with(&end) {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += end.len();
        } else if c == b'"' {
            out.push_str("\"\"");
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
        } else if c == b'\'' && is_char_literal(b, i) {
            out.push_str("' '");
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else {
            // Copy one UTF-8 character whole.
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

/// Whether the `r` at `i` starts a raw string rather than ending an identifier.
fn is_raw(b: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| b[j]);
    let ident_before = before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    !ident_before && b.get(j) == Some(&b'"')
}

/// Whether the `'` at `i` starts a character literal rather than a lifetime or a label.
fn is_char_literal(b: &[u8], i: usize) -> bool {
    match (b.get(i + 1), b.get(i + 2)) {
        (Some(b'\\'), _) => true,
        (Some(_), Some(b'\'')) => true,
        // A multi-byte character: 'é'.
        (Some(&c), _) if c >= 0x80 => {
            let rest = &b[i + 1..];
            let s = std::str::from_utf8(&rest[..rest.len().min(5)]).unwrap_or("");
            s.chars().nth(1) == Some('\'')
        }
        _ => false,
    }
}

/// The top-level names each `crate::` path in `code` starts with, with their lines:
/// `crate::site::Site` gives `site`; `crate::{a::X, b}` gives `a` and `b`.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (line_no, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // A group may run over several lines: read up to its closing brace.
                let start = code
                    .lines()
                    .take(line_no)
                    .map(|l| l.len() + 1)
                    .sum::<usize>()
                    + (line.len() - group.len());
                let mut depth = 1;
                let mut name = String::new();
                let mut at_top = true;
                for c in code[start..].chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        ',' if depth == 1 => at_top = true,
                        c if depth == 1 && at_top && (c.is_alphanumeric() || c == '_') => {
                            name.push(c)
                        }
                        _ if !name.is_empty() => {
                            out.push((std::mem::take(&mut name), line_no + 1));
                            at_top = false;
                        }
                        _ => {}
                    }
                }
                if !name.is_empty() {
                    out.push((name, line_no + 1));
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((name, line_no + 1));
            }
        }
    }
    out
}

/// The modules of `src/lib.rs`'s "Modules" list, in order: lines `//! N. `name`: ...`.
fn layers(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| {
            let l = l.strip_prefix("//!")?.trim_start();
            let (number, rest) = l.split_once(". `")?;
            number.parse::<usize>().ok()?;
            Some(rest.split('`').next()?.to_string())
        })
        .collect()
}

/// The modules `src/lib.rs` declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn declared(lib: &str) -> Vec<String> {
    code_only(lib)
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("pub(crate) ")
                .or_else(|| l.strip_prefix("pub "))
                .unwrap_or(l);
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

struct Sources {
    src: PathBuf,
    files: Vec<(PathBuf, String)>,
    lib: String,
}

fn sources() -> Sources {
    let src = project().join("src");
    let files = rust_files(&src)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read a source file");
            (p, text)
        })
        .collect();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read src/lib.rs");
    Sources { src, files, lib }
}

/// Every import of a module listed after the importer (or of the crate root), as
/// `file:line: a uses b`.
fn upward_imports(s: &Sources) -> Vec<String> {
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut found = Vec::new();
    for (path, text) in &s.files {
        let Some(module) = module_of(&s.src, path) else {
            continue;
        };
        let Some(&own) = rank.get(module.as_str()) else {
            found.push(format!(
                "{}: module `{module}` is not in `LAYERS`",
                path.display()
            ));
            continue;
        };
        for (name, line) in crate_paths(&code_only(text)) {
            if name == module {
                continue;
            }
            let shown = path.strip_prefix(project()).unwrap_or(path).display();
            match rank.get(name.as_str()) {
                Some(&r) if r < own => {}
                Some(_) => found.push(format!(
                    "{shown}:{line}: `{module}` uses `{name}`, a layer above it"
                )),
                None => found.push(format!(
                    "{shown}:{line}: `{module}` uses `crate::{name}`, an item of the crate \
                     root: move it to the module it belongs to"
                )),
            }
        }
    }
    found
}

#[test]
fn modules_use_only_the_modules_below_them() {
    let s = sources();
    let found = upward_imports(&s);
    assert!(
        found.is_empty(),
        "{} imports against the order of layers:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn lib_rs_lists_and_declares_the_modules_in_their_order() {
    let s = sources();
    assert_eq!(
        layers(&s.lib),
        LAYERS,
        "src/lib.rs lists its modules in order, one per line as `//! N. `name`: ...`"
    );
    let mut declared = declared(&s.lib);
    declared.sort();
    let mut listed = LAYERS.to_vec();
    listed.sort();
    assert_eq!(declared, listed, "lib.rs's `mod` lines");
}

#[test]
fn readme_maps_the_modules_in_their_order() {
    let readme = std::fs::read_to_string(project().join("README.md")).expect("read README.md");
    // The map's lines: `    src/name.rs ...` or `    src/name/ ...`, in the Development section.
    let development = readme
        .split("\n## Development")
        .nth(1)
        .expect("README has a Development section");
    let mapped: Vec<String> = development
        .lines()
        .filter_map(|l| {
            let path = l.strip_prefix("    src/")?.split_whitespace().next()?;
            let name = path.trim_end_matches('/').trim_end_matches(".rs");
            (name != "lib" && name != "main").then(|| name.to_string())
        })
        .collect();
    assert_eq!(mapped, LAYERS, "README's module map");
}

#[test]
fn every_file_says_what_it_holds() {
    let s = sources();
    let silent: Vec<String> = s
        .files
        .iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        silent.is_empty(),
        "files without a `//!` comment: {silent:?}"
    );
}

/// The modules named in the `Uses ...` sentence of a module's `//!` comment; `None` when it
/// has none.
fn said_uses(text: &str) -> Option<std::collections::BTreeSet<String>> {
    let doc: String = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ");
    let at = doc.find("Uses ")?;
    let sentence = doc[at..]
        .split(". ")
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    Some(
        sentence
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn each_module_says_what_it_uses() {
    let s = sources();
    let mut used: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut own_file: BTreeMap<String, &str> = BTreeMap::new();
    for (path, text) in &s.files {
        let Some(module) = module_of(&s.src, path) else {
            continue;
        };
        let set = used.entry(module.clone()).or_default();
        for (name, _) in crate_paths(&code_only(text)) {
            if name != module && LAYERS.contains(&name.as_str()) {
                set.insert(name);
            }
        }
        let rel = path.strip_prefix(&s.src).expect("below src/");
        if rel.components().count() == 1 || rel.ends_with("mod.rs") {
            own_file.insert(module, text);
        }
    }
    let mut found = Vec::new();
    for (module, uses) in &used {
        let text = own_file.get(module).copied().unwrap_or("");
        let listed: Vec<String> = uses.iter().map(|u| format!("`{u}`")).collect();
        match said_uses(text) {
            Some(said) if &said == uses => {}
            Some(said) => found.push(format!(
                "`{module}` says it uses {said:?}; it uses {}",
                listed.join(", ")
            )),
            None => found.push(format!(
                "`{module}`'s comment does not say what it uses: {}",
                if listed.is_empty() {
                    "nothing else of the crate".to_string()
                } else {
                    listed.join(", ")
                }
            )),
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn only_the_binary_prints() {
    let s = sources();
    let printing: Vec<String> = s
        .files
        .iter()
        .filter(|(p, _)| !p.ends_with("main.rs"))
        .filter(|(_, text)| {
            let code = code_only(text);
            ["println!", "eprintln!", "print!", "eprint!", "dbg!"]
                .iter()
                .any(|m| code.contains(m))
        })
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(printing.is_empty(), "the library prints in {printing:?}");
}

/// Lines of code: neither blank nor a comment.
fn code_lines(text: &str) -> usize {
    code_only(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// Every function of `code` (without comments) as (name, first line, lines spanned).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let qualifiers = [
            "pub",
            "pub(crate)",
            "pub(super)",
            "const",
            "async",
            "unsafe",
        ];
        if !words[..at].iter().all(|w| qualifiers.contains(w)) {
            continue;
        }
        let name: String = words
            .get(at + 1)
            .map(|w| {
                w.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            })
            .unwrap_or_default();
        // The body starts at the first `{` at this depth, and ends where braces balance.
        let mut depth = 0i32;
        let mut opened = false;
        let mut end = None;
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            for c in l.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => {
                        depth -= 1;
                        if opened && depth == 0 {
                            end = Some(j);
                            break 'scan;
                        }
                    }
                    ';' if !opened && depth == 0 => break 'scan,
                    _ => {}
                }
            }
        }
        if let Some(end) = end {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

#[test]
fn files_and_functions_stay_small() {
    let s = sources();
    let mut found = Vec::new();
    for (path, text) in &s.files {
        let shown = path.strip_prefix(project()).unwrap_or(path).display();
        let n = code_lines(text);
        if n > MAX_FILE_LINES {
            found.push(format!(
                "{shown}: {n} lines of code (at most {MAX_FILE_LINES}): it holds more than one idea"
            ));
        }
        for (name, line, len) in functions(&code_only(text)) {
            if len > MAX_FN_LINES {
                found.push(format!(
                    "{shown}:{line}: fn {name} is {len} lines long (at most {MAX_FN_LINES})"
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_read_rust_as_rust() {
    let code = code_only(
        "use crate::{a::X, b};\n// crate::c\nlet s = \"crate::d\"; let c = '{';\nfn f<'a>() { crate::e::f() }\n/* crate::g */ r#\"crate::h\"#;",
    );
    let names: Vec<String> = crate_paths(&code).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["a", "b", "e"]);
    let code = code_only("fn a() {\n    if x { '}' } else { \"{\" }\n}\nfn b();\n");
    assert_eq!(functions(&code), [("a".to_string(), 1, 3)]);
    assert_eq!(
        layers("//! 1. `diagnostic`: problems\n//! 2. `hash`: hashing\n"),
        ["diagnostic", "hash"]
    );
}
