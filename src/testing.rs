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
