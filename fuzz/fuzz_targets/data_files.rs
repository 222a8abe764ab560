//! The bytes of a TOML data file, parsed as an FAQ set and as a salary table.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let _ = ladder::fuzzing::data_file(input);
});
