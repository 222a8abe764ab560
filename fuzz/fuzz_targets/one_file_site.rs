//! A site of one content file (path line, then the file), loaded and checked as
//! `ladder check` does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let _ = ladder::fuzzing::one_file_site(input);
});
