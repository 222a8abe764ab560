//! One content file, front matter split and parsed: the first line is its path below
//! `content/` (`roles/a.md`), which decides its kind; the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let _ = ladder::fuzzing::content_file(input);
});
