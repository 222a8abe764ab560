//! Every input that once crashed a fuzz target (`fuzz/regressions/<target>/<name>`), run
//! again through the same `ladder::fuzzing` function on the stable toolchain, so that
//! `cargo test` keeps each of those bugs fixed. A panic in the function fails the test; a
//! stack overflow or an abort ends the test binary, which fails it too.

use std::path::Path;

/// The fuzz targets and the function each one runs: an input that crashed a target is fed
/// to that target's function. Whether the function accepts the input does not matter here;
/// that it returns does.
type Target = fn(&[u8]) -> Result<(), ladder::Diagnostics>;
const TARGETS: &[(&str, Target)] = &[
    ("front_matter", ladder::fuzzing::content_file),
    ("data_files", ladder::fuzzing::data_file),
    ("markdown_minify", ladder::fuzzing::markdown_minify),
    ("one_file_site", ladder::fuzzing::one_file_site),
];

#[test]
fn inputs_that_crashed_a_fuzz_target_no_longer_do() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut folders: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()));
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    folders.sort();
    let mut failed = Vec::new();
    let mut ran = 0;
    for folder in &folders {
        let Some((_, run)) = TARGETS.iter().find(|(name, _)| name == folder) else {
            panic!(
                "fuzz/regressions/{folder} names no fuzz target: name the folder after the target whose input it holds"
            );
        };
        let dir = root.join(folder);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        files.sort();
        for file in files {
            let input = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            // Each input runs on a thread of its own, so that one panic does not hide the
            // others, and with a main thread's stack (8 MiB) rather than a test thread's.
            let outcome = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn(move || drop(run(&input)))
                .map(|t| t.join());
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(_)) => failed.push(format!("{folder}/{}", name_of(&file))),
                Err(e) => panic!("cannot start a thread: {e}"),
            }
            ran += 1;
        }
    }
    assert!(ran > 0, "no inputs in {}", root.display());
    assert!(
        failed.is_empty(),
        "these inputs panic again (each panic's message is printed above): {failed:?}"
    );
}

fn name_of(file: &Path) -> String {
    file.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
