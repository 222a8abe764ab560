//! A Markdown body rendered to HTML, then minified.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let _ = ladder::fuzzing::markdown_minify(input);
});
