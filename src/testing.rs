//! What unit tests share.

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
    let documents = crate::content::Parsed::default()
        .parse_all(&found.files)
        .unwrap();
    (config, documents)
}
