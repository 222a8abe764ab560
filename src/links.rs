//! Internal links and `#anchors`. Every page a build renders is scanned for the links in it
//! and the ids it holds; each link into the site is resolved against the files the build
//! writes, and each `#fragment` against the ids of the page it names. A broken link is a
//! build error, reported where it was written: at its line in the content file for a link
//! written in Markdown, at its line in the template for one written in a template, else at
//! the page and its line as rendered.
//!
//! What a build checks: the links of every page it renders (all of them in a first build,
//! with `--no-cache` and in `ladder check`), and on every build the Markdown links of every
//! document that name a page by its path (`/roles/a/`, or a full URL of the site) with their
//! fragments, so that removing a page or a heading is caught on the pages that were not
//! rendered again. A relative Markdown link (`../a/`) on a page that was not rendered again is
//! checked by the next full build or `ladder check`.
//!
//! Uses `diagnostic` and `markdown`.

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Location};

/// The links and ids of one rendered page, borrowed from its HTML.
#[derive(Debug, Default)]
pub(crate) struct Scanned<'a> {
    /// Attribute values that hold URLs (`href`, `src`, `action`, `poster`) as written, with
    /// the offset of their tag.
    pub links: Vec<(&'a str, usize)>,
    /// `id` attributes, and `name` attributes of `<a>` elements: what a fragment can name.
    pub ids: Vec<&'a str>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The attributes whose values are links.
const LINK_ATTRIBUTES: [&[u8]; 4] = [b"href", b"src", b"action", b"poster"];

/// The attributes a fragment can name: `id`, and `name` on `<a>`.
const ID_ATTRIBUTES: [&[u8]; 2] = [b"id", b"name"];

/// Whether some attribute in `markup` may be a link or an id: some `=` follows, after spaces,
/// one of their names in any case. Read back from each `=`, a name runs to a space, a quote,
/// `/`, `>` or `=`: every attribute the scanner keeps is found so, and a false alarm (an
/// `id=` in text) only costs reading the markup tag by tag.
fn may_hold_links_or_ids(markup: &[u8]) -> bool {
    /// The last letters of those names, in either case: most `=` follow none of them.
    const LAST: [bool; 256] = {
        let mut last = [false; 256];
        let mut i = 0;
        while i < LINK_ATTRIBUTES.len() + ID_ATTRIBUTES.len() {
            let name = if i < LINK_ATTRIBUTES.len() {
                LINK_ATTRIBUTES[i]
            } else {
                ID_ATTRIBUTES[i - LINK_ATTRIBUTES.len()]
            };
            let c = name[name.len() - 1];
            last[c.to_ascii_lowercase() as usize] = true;
            last[c.to_ascii_uppercase() as usize] = true;
            i += 1;
        }
        last
    };
    memchr::memchr_iter(b'=', markup).any(|eq| {
        let end = markup[..eq]
            .iter()
            .rposition(|&c| !is_space(c))
            .map_or(0, |e| e + 1);
        if end == 0 || !LAST[markup[end - 1] as usize] {
            return false;
        }
        let start = markup[..end]
            .iter()
            .rposition(|&c| is_space(c) || matches!(c, b'=' | b'>' | b'/' | b'"' | b'\''))
            .map_or(0, |s| s + 1);
        let name = &markup[start..end];
        LINK_ATTRIBUTES
            .iter()
            .chain(&ID_ATTRIBUTES)
            .any(|n| name.eq_ignore_ascii_case(n))
    })
}

/// Finds the links and ids of an HTML page. It reads tags and attributes as the HTML
/// tokenizer does (quoted and unquoted values, comments, the raw text of `<script>`,
/// `<style>`, `<textarea>` and `<title>`), and nothing else: it does not build a tree. A
/// purpose-made scanner, because a full HTML parser is 3 to 7 times slower (lol_html 126
/// MB/s, tl 279 MB/s, this one 950 MB/s on the pages of a 1,000-role site) and every
/// rendered page goes through it.
pub(crate) fn scan(html: &str) -> Scanned<'_> {
    let b = html.as_bytes();
    let n = b.len();
    let mut out = Scanned::default();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &b[i..]) {
        let tag_start = i + at;
        i = tag_start + 1;
        let Some(&c) = b.get(i) else { break };
        let skip_to = |i: usize, end: &[u8]| memchr::memmem::find(&b[i..], end).map(|e| i + e);
        match c {
            b'!' if b[i..].starts_with(b"!--") => match skip_to(i + 3, b"-->") {
                Some(e) => i = e + 3,
                None => break,
            },
            b'!' | b'/' | b'?' => match memchr::memchr(b'>', &b[i..]) {
                Some(e) => i += e + 1,
                None => break,
            },
            c if c.is_ascii_alphabetic() => {
                let name_start = i;
                while i < n && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
                    i += 1;
                }
                let name = &b[name_start..i];
                // A drawing (the charts: thousands of attributes a page) is passed over whole
                // when nothing in it can be a link or an id.
                if name.eq_ignore_ascii_case(b"svg")
                    && let Some(end) = skip_to(i, b"</svg>")
                    && !may_hold_links_or_ids(&b[tag_start..end])
                {
                    i = end + b"</svg>".len();
                    continue;
                }
                let is_a = name.eq_ignore_ascii_case(b"a");
                loop {
                    while i < n && (is_space(b[i]) || b[i] == b'/') {
                        i += 1;
                    }
                    if i >= n || b[i] == b'>' {
                        i += 1;
                        break;
                    }
                    let attr_start = i;
                    i += 1;
                    while i < n && !is_space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
                        i += 1;
                    }
                    let attr = &b[attr_start..i];
                    while i < n && is_space(b[i]) {
                        i += 1;
                    }
                    if i >= n || b[i] != b'=' {
                        continue;
                    }
                    i += 1;
                    while i < n && is_space(b[i]) {
                        i += 1;
                    }
                    let (start, end) = match b.get(i) {
                        Some(&q) if q == b'"' || q == b'\'' => {
                            let start = i + 1;
                            let end = memchr::memchr(q, &b[start..]).map_or(n, |e| start + e);
                            i = end + 1;
                            (start, end)
                        }
                        _ => {
                            let start = i;
                            while i < n && !is_space(b[i]) && b[i] != b'>' {
                                i += 1;
                            }
                            (start, i)
                        }
                    };
                    let value = &html[start..end];
                    let is = |name: &&[u8]| attr.eq_ignore_ascii_case(name);
                    if LINK_ATTRIBUTES.iter().any(is) {
                        out.links.push((value, tag_start));
                    } else if is(&ID_ATTRIBUTES[0]) || (is_a && is(&ID_ATTRIBUTES[1])) {
                        out.ids.push(value);
                    }
                }
                // (Compared in place: a page has hundreds of tags.)
                let Some(raw_text) = [
                    &b"</script"[..],
                    &b"</style"[..],
                    &b"</textarea"[..],
                    &b"</title"[..],
                ]
                .into_iter()
                .find(|end| name.eq_ignore_ascii_case(&end[2..])) else {
                    continue;
                };
                // Closing tags are written in lower case by every theme we know; one in
                // capitals would only make the scanner read the raw text as markup.
                match skip_to(i.min(n), raw_text) {
                    Some(e) => i = e,
                    None => break,
                }
            }
            _ => {}
        }
    }
    out
}

/// The hash by which an id is kept (`FileRecord::ids`): pages keep a few each.
pub(crate) fn id_hash(id: &str) -> u64 {
    twox_hash::XxHash3_64::oneshot(id.as_bytes())
}

/// The sorted, distinct hashes of a page's ids.
pub(crate) fn id_hashes(ids: &[&str]) -> Box<[u64]> {
    let mut hashes: Vec<u64> = ids.iter().map(|id| id_hash(id)).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.into_boxed_slice()
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Not into this site: another site, `mailto:`, `tel:`.
    Outside,
    /// A file the build writes (its number in `Files`), and the fragment asked for.
    File {
        file: u32,
        fragment: Option<String>,
    },
    Broken(Reason),
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reason {
    /// No file of the build is at this path (from the site's root, starting with `/`).
    NoFile(String),
    /// An `@/` link to a path below `content/` that makes no page (an FAQ set, a salary
    /// table, another file).
    NotContent(String),
    /// An `@/` link to a content file that is not there.
    NoContent(String),
    /// The page of a draft left out of the build (its URL path, its file).
    Draft(String, std::path::PathBuf),
    /// The link leaves the base path the site is published under.
    OutsideBase,
    /// No file is at this path (the first), which holds the base path twice; without the
    /// second, it leads to a file (`/careers/careers/roles/a/` for `/careers/roles/a/`): a
    /// Markdown link from the site's root written with the base path, which ladder adds.
    BaseTwice(String),
    /// The page at this URL path (empty: the page the link is on) has no element with this
    /// id.
    NoId(String, String),
}

/// The files a build writes, found by the path a link gives (`roles/a/` for
/// `roles/a/index.html`, `` for the home page). Made with the plan and kept with it, so that
/// a rebuild under `ladder serve` that keeps the plan does not make it again.
#[derive(Debug, Default)]
pub(crate) struct Targets {
    /// The hash of a file's link path, to the file's number in `files` and a second hash
    /// of the path that tells it from another path with the same first hash (96 bits in
    /// all: a lookup needs no string, which at 100,000 files would be a cache miss).
    by_path: foldhash::HashMap<u64, (u32, u32)>,
}

/// The file a page with this URL is written to: `roles/a/index.html`, `404.html`,
/// `sitemap.xml`.
pub(crate) fn file_of(mut url: String) -> String {
    if url.is_empty() || url.ends_with('/') {
        url.push_str("index.html");
    }
    url
}

/// The URL of the page written to `file`: the inverse of `file_of`.
pub(crate) fn url_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

/// The path a link names a file by: `roles/a/` for `roles/a/index.html`.
fn link_path(file: &str) -> &str {
    file.strip_suffix("index.html")
        .filter(|d| d.is_empty() || d.ends_with('/'))
        .unwrap_or(file)
}

fn path_hash(path: &str) -> (u64, u32) {
    let hash = twox_hash::XxHash3_128::oneshot(path.as_bytes());
    (hash as u64, (hash >> 64) as u32)
}

impl Targets {
    /// `files`: every file of the build, numbered in this order.
    pub(crate) fn of<'f>(files: impl Iterator<Item = &'f str>) -> Targets {
        let by_path = files
            .enumerate()
            .map(|(n, f)| {
                let (key, check) = path_hash(link_path(f));
                (key, (n as u32, check))
            })
            .collect();
        Targets { by_path }
    }

    /// The number of the file a link path names.
    pub(crate) fn find(&self, path: &str) -> Option<u32> {
        let (key, check) = path_hash(link_path(path));
        let &(n, c) = self.by_path.get(&key)?;
        (c == check).then_some(n)
    }

    /// Numbers `file` `n`, in the place of the number it had.
    pub(crate) fn set(&mut self, file: &str, n: u32) {
        let (key, check) = path_hash(link_path(file));
        self.by_path.insert(key, (n, check));
    }
}

/// The files a `Resolver` resolves against: numbered as in `Targets::of`.
pub(crate) trait Files {
    fn targets(&self) -> &Targets;
    fn file(&self, n: u32) -> Option<&str>;
    /// The URL below the base of the page the content file `rel` (below `content/`) makes,
    /// whether or not it is there (`kinds::content_url`): for `@/` links.
    fn content_url(&self, _rel: &str) -> Option<String> {
        None
    }
    /// The file of the draft whose page would be at `path` below the base, if one was left
    /// out of the build.
    fn draft(&self, _path: &str) -> Option<&std::path::Path> {
        None
    }
}

/// Resolves links against the files of one build.
pub(crate) struct Resolver<'p> {
    files: &'p (dyn Files + Sync),
    base: &'p url::Url,
    base_path: &'p str,
}

impl<'p> Resolver<'p> {
    pub(crate) fn new(base: &'p url::Url, files: &'p (dyn Files + Sync)) -> Self {
        Resolver {
            files,
            base,
            base_path: base.path(),
        }
    }

    /// The number of the file a link path names (`roles/a/`, `roles/a/index.html`,
    /// `style.css`).
    fn find(&self, path: &str) -> Option<u32> {
        self.files.targets().find(path)
    }

    /// The name of file number `n`.
    pub(crate) fn name(&self, n: u32) -> &'p str {
        self.files.file(n).unwrap_or_default()
    }

    /// Where `href`, written on page number `page` (`None`: a link that does not depend on
    /// the page it is on), leads. `href` is the attribute's value as written in HTML
    /// (character references are decoded here).
    pub(crate) fn resolve(&self, page: Option<u32>, href: &str) -> Resolved {
        // What the common case needs to know of the link: most links have none of these
        // bytes, which one vectorised search finds.
        let (mut amp, mut backslash, mut dot_segment) = (false, false, false);
        if memchr::memchr3(b'&', b'\\', b'.', href.as_bytes()).is_some() {
            let mut last = 0u8;
            for &b in href.as_bytes() {
                match b {
                    b'&' => amp = true,
                    b'\\' => backslash = true,
                    b'.' if last == b'/' => dot_segment = true,
                    _ => {}
                }
                last = b;
            }
        }
        let decoded = if amp {
            quick_xml::escape::unescape(href).unwrap_or(Cow::Borrowed(href))
        } else {
            Cow::Borrowed(href)
        };
        let href = decoded.trim_matches(|c: char| c.is_ascii_whitespace());
        if href.is_empty() || href.starts_with('#') {
            return match page {
                Some(file) => Resolved::File {
                    file,
                    fragment: href
                        .strip_prefix('#')
                        .map(|f| percent_decoded(f).into_owned()),
                },
                None => Resolved::Outside,
            };
        }
        // A content file (`@/roles/a.md#pay`): the page it makes.
        if let Some(rel) = href.strip_prefix("@/") {
            let (path, fragment) = match rel.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (rel, None),
            };
            let path = percent_decoded(path);
            let Some(url) = self.files.content_url(&path) else {
                return Resolved::Broken(Reason::NotContent(path.into_owned()));
            };
            let at = format!("{}{}", self.base_path, url);
            return match self.file(&at, fragment) {
                Resolved::Broken(Reason::NoFile(_)) => {
                    Resolved::Broken(Reason::NoContent(path.into_owned()))
                }
                other => other,
            };
        }
        // A full URL of the site is its path.
        let origin = &self.base.as_str()[..self.base.as_str().len() - self.base_path.len()];
        let href = match href.strip_prefix(origin) {
            Some("") => "/",
            Some(path) if path.starts_with(['/', '?', '#']) => path,
            _ => href,
        };
        // The common case, `/roles/a/`, without parsing a URL.
        let simple =
            href.starts_with('/') && !href.starts_with("//") && !amp && !backslash && !dot_segment;
        if simple {
            let (rest, fragment) = match href.split_once('#') {
                Some((r, f)) => (r, Some(f)),
                None => (href, None),
            };
            let path = rest.split_once('?').map_or(rest, |(p, _)| p);
            return self.file(path, fragment);
        }
        let scheme = href.split_once(':').map(|(s, _)| s).filter(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        });
        match scheme {
            // Another site (the site's own URLs were made paths above), `mailto:`, `tel:`.
            Some(s) if !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https") => {
                return Resolved::Outside;
            }
            Some(_)
                if href.len() > origin.len()
                    && !href[..origin.len()].eq_ignore_ascii_case(origin) =>
            {
                return Resolved::Outside;
            }
            _ => {}
        }
        let has_scheme = scheme.is_some();
        let page_file = page.map_or("", |n| self.name(n));
        let page_url = self
            .base
            .join(url_of(page_file))
            .unwrap_or_else(|_| self.base.clone());
        let Ok(url) = page_url.join(href) else {
            return Resolved::Outside;
        };
        if has_scheme && !matches!(url.scheme(), "http" | "https") {
            return Resolved::Outside;
        }
        if url.origin() != self.base.origin() {
            return Resolved::Outside;
        }
        self.file(url.path(), url.fragment())
    }

    /// The file at the URL path `path` (percent-encoded), with `fragment`.
    fn file(&self, path: &str, fragment: Option<&str>) -> Resolved {
        let fragment = fragment.map(percent_decoded);
        let Some(rel) = path.strip_prefix(self.base_path).or_else(|| {
            // `/careers` for a site under `/careers/`.
            (path == self.base_path.trim_end_matches('/')).then_some("")
        }) else {
            return Resolved::Broken(Reason::OutsideBase);
        };
        let rel = percent_decoded(rel);
        let found = self.find(&rel).or_else(|| {
            // `/roles/a` is served as `/roles/a/` by static hosts.
            (!rel.is_empty() && !rel.ends_with('/'))
                .then(|| self.find(&format!("{rel}/")))
                .flatten()
        });
        match found {
            Some(file) => Resolved::File {
                file,
                fragment: fragment.map(Cow::into_owned),
            },
            None => {
                let path = format!("{}{rel}", self.base_path);
                let base_again = self.base_path.trim_start_matches('/');
                let once = rel
                    .strip_prefix(base_again)
                    .filter(|once| !base_again.is_empty() && self.find(once).is_some());
                match (self.files.draft(&rel), once) {
                    (Some(draft), _) => Resolved::Broken(Reason::Draft(path, draft.to_path_buf())),
                    (None, Some(_)) => Resolved::Broken(Reason::BaseTwice(path)),
                    (None, None) => Resolved::Broken(Reason::NoFile(path)),
                }
            }
        }
    }

    /// The URL path of file number `n`: `/roles/a/` for `roles/a/index.html`.
    pub(crate) fn url_path(&self, n: u32) -> String {
        format!("{}{}", self.base_path, url_of(self.name(n)))
    }

    /// Whether `fragment` names an element of the page in `file`, whose id hashes are `ids`
    /// (`None`: not a page whose ids are known, such as a static file).
    pub(crate) fn has_fragment(fragment: &str, ids: Option<&[u64]>) -> bool {
        // `#` and `#top` go to the top of any page.
        fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || ids.is_none_or(|ids| ids.binary_search(&id_hash(fragment)).is_ok())
    }
}

fn percent_decoded(s: &str) -> Cow<'_, str> {
    if s.contains('%') {
        percent_encoding::percent_decode_str(s).decode_utf8_lossy()
    } else {
        Cow::Borrowed(s)
    }
}

/// What checking the links of one rendered page found.
#[derive(Debug, Default)]
pub(crate) struct PageLinks {
    /// The hashes of the page's ids (`id_hashes`).
    pub ids: Box<[u64]>,
    /// Links into the site that were checked.
    pub checked: usize,
    pub broken: Vec<Broken>,
    /// Links to fragments of other pages, checked once the ids of every page are known.
    pub fragments: Vec<Fragment>,
}

/// A link from one page to a fragment of another.
#[derive(Debug)]
pub(crate) struct Fragment {
    /// The numbers of the page linked to and of the page the link is on.
    pub target: u32,
    pub page: u32,
    pub fragment: String,
    /// The link as written, and its line on the page as rendered, for the message.
    pub href: String,
    pub line: usize,
}

/// Where the links of a run of pages led, by href, for the links whose place does not depend
/// on the page they are on: paths from the site's root (`/roles/a/`, `/style.css#x`). Pages
/// share most of theirs (navigation, the role and city links of their tables), and a lookup
/// costs less than resolving (1.2 % of a fresh build's instructions saved). Bounded: emptied
/// when it holds `CAPACITY` links.
#[derive(Default)]
pub(crate) struct Resolutions {
    seen: foldhash::HashMap<Box<str>, Resolved>,
}

impl Resolutions {
    const CAPACITY: usize = 4096;

    /// `href` on page `page`, resolved: from a link resolved earlier if it leads to the same
    /// place from every page.
    fn resolve(&mut self, resolver: &Resolver<'_>, page: u32, href: &str) -> Resolved {
        if !href.starts_with('/') || href.starts_with("//") {
            return resolver.resolve(Some(page), href);
        }
        if let Some(known) = self.seen.get(href) {
            return known.clone();
        }
        let resolved = resolver.resolve(Some(page), href);
        if self.seen.len() >= Self::CAPACITY {
            self.seen.clear();
        }
        self.seen.insert(href.into(), resolved.clone());
        resolved
    }
}

/// Checks the links of page number `page`, rendered as `html`: that each leads to a file of
/// the build, and each fragment of the page itself to one of its ids. `known` keeps what
/// links resolved to for the next pages.
pub(crate) fn check_page(
    resolver: &Resolver<'_>,
    known: &mut Resolutions,
    page: u32,
    html: &str,
) -> PageLinks {
    let scanned = scan(html);
    let ids = id_hashes(&scanned.ids);
    // Every link is resolved, repeats too: a hash lookup costs less than sorting a page's
    // links to find them (whose shared prefixes make every comparison long).
    let mut out = PageLinks::default();
    for (href, at) in scanned.links {
        let broken = |reason| Broken {
            page: resolver.name(page).to_string(),
            href: href.to_string(),
            line: line_of(html, at),
            reason,
        };
        match known.resolve(resolver, page, href) {
            Resolved::Outside => {}
            Resolved::Broken(reason) => {
                out.checked += 1;
                out.broken.push(broken(reason));
            }
            Resolved::File { file, fragment } => {
                out.checked += 1;
                match fragment {
                    Some(f) if file == page && !Resolver::has_fragment(&f, Some(&ids)) => {
                        out.broken.push(broken(Reason::NoId(String::new(), f)));
                    }
                    Some(fragment) if file != page => out.fragments.push(Fragment {
                        target: file,
                        page,
                        fragment,
                        href: href.to_string(),
                        line: line_of(html, at),
                    }),
                    _ => {}
                }
            }
        }
    }
    // A link broken many times on a page is reported once, at its first place.
    out.broken
        .sort_by(|a, b| (&a.href, a.line).cmp(&(&b.href, b.line)));
    out.broken.dedup_by(|b, a| a.href == b.href);
    out.fragments
        .sort_by(|a, b| (&a.href, a.line).cmp(&(&b.href, b.line)));
    out.fragments.dedup_by(|b, a| a.href == b.href);
    out.ids = ids;
    out
}

/// The links to fragments of other pages whose page has no element with that id:
/// `ids_of(n)` gives the id hashes of file number `n`, if it is a page.
pub(crate) fn check_fragments<'s>(
    resolver: &Resolver<'_>,
    fragments: Vec<Fragment>,
    ids_of: impl Fn(u32) -> Option<&'s [u64]>,
) -> Vec<Broken> {
    fragments
        .into_iter()
        .filter(|f| !Resolver::has_fragment(&f.fragment, ids_of(f.target)))
        .map(|f| Broken {
            page: resolver.name(f.page).to_string(),
            reason: Reason::NoId(resolver.url_path(f.target), f.fragment),
            href: f.href,
            line: f.line,
        })
        .collect()
}

/// Checks the links written in Markdown that name a page by its path or full URL, wherever
/// the Markdown is shown: `ids_of(n)` gives the id hashes of file number `n`, if a page.
pub(crate) fn check_markdown<'s>(
    resolver: &Resolver<'_>,
    markdown: impl Iterator<Item = (&'s std::path::Path, &'s crate::markdown::Html)>,
    ids_of: impl Fn(u32) -> Option<&'s [u64]>,
) -> (usize, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, html) in markdown {
        for link in html.links() {
            let dest = link.dest.as_str();
            let absolute = (dest.starts_with('/') && !dest.starts_with("//"))
                || dest.starts_with("@/")
                || dest.starts_with("http://")
                || dest.starts_with("https://");
            if !absolute {
                continue;
            }
            // A link from the site's root leads there under the base path; `@/` links are
            // resolved by the resolver (`Html::published`).
            let rebased = if dest.starts_with("@/") {
                Cow::Borrowed(dest)
            } else {
                crate::markdown::published_dest(dest, resolver.base_path, &|_| None)
            };
            let reason = match resolver.resolve(None, &rebased) {
                Resolved::Outside => continue,
                Resolved::Broken(reason) => reason,
                Resolved::File {
                    file: target,
                    fragment,
                } => {
                    checked += 1;
                    match fragment {
                        Some(f) if !Resolver::has_fragment(&f, ids_of(target)) => {
                            Reason::NoId(resolver.url_path(target), f)
                        }
                        _ => continue,
                    }
                }
            };
            problems.push(Diagnostic::at(
                file,
                link.at,
                reason.message(dest, resolver.base_path),
            ));
        }
    }
    (checked, problems)
}

/// A broken link found on a rendered page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Broken {
    /// The page's file, relative to the output folder.
    pub page: String,
    /// The attribute's value as written in the page.
    pub href: String,
    /// The line of the page, as rendered before minifying.
    pub line: usize,
    pub reason: Reason,
}

impl Reason {
    pub(crate) fn message(&self, href: &str, base_path: &str) -> String {
        match self {
            Reason::NoFile(path) => {
                format!("broken link `{href}`: the site has no page or file at {path}")
            }
            Reason::NotContent(path) => format!(
                "broken link `{href}`: content/{path} makes no page: an `@/` link names a \
                 role, course, guide or page by its file below content/, such as \
                 `@/roles/data-analyst.md`"
            ),
            Reason::NoContent(path) => {
                format!("broken link `{href}`: there is no content/{path}")
            }
            Reason::Draft(path, file) => format!(
                "broken link `{href}`: {path} is the page of the draft {}, which is built only \
                 with --drafts: publish it (remove `draft = true`) or build with --drafts",
                file.display()
            ),
            Reason::BaseTwice(path) => format!(
                "broken link `{href}`: the site has no page or file at {path}, which holds the \
                 base path {base_path} twice: a link from the site's root is written without \
                 it in Markdown (`/roles/data-analyst/`), and ladder adds it"
            ),
            Reason::OutsideBase => format!(
                "broken link `{href}`: it leaves the site, which is published under \
                 {base_path}: start it with {base_path} or make it relative"
            ),
            Reason::NoId(url, id) if url.is_empty() => {
                format!("broken link `{href}`: the page has no element with id `{id}`")
            }
            Reason::NoId(url, id) => {
                format!("broken link `{href}`: {url} has no element with id `{id}`")
            }
        }
    }
}

/// The line of `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1
}

/// Where a Markdown link of the site was written: a content file and a position in it.
pub(crate) struct Written<'s> {
    pub file: &'s std::path::Path,
    pub link: &'s crate::markdown::Link,
    /// The link as pages give it (`markdown::published_dest`): from the site's root under
    /// the base path, an `@/` link as its page's URL.
    pub dest: Cow<'s, str>,
    /// The Markdown's HTML as pages show it (`Html::published`), to tell whether a page does.
    pub html: Cow<'s, str>,
}

/// Turns broken links found on pages into messages at the place each was written: the
/// Markdown links among `written` with the same destination that the page shows, else the
/// templates (`templates`: file and text) holding the link as written, else the page's
/// template and the line of the page. `render_page(file)`: the page, rendered again.
pub(crate) fn locate(
    broken: Vec<Broken>,
    written: &[Written<'_>],
    templates: &[(std::path::PathBuf, String)],
    page_template: impl Fn(&str) -> std::path::PathBuf,
    render_page: impl Fn(&str) -> String,
    base_path: &str,
) -> Vec<Diagnostic> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut by_dest: foldhash::HashMap<&str, Vec<&Written<'_>>> = Default::default();
    for w in written {
        by_dest.entry(&w.dest).or_default().push(w);
    }
    // The same link broken the same way, on every page where it is: where it was written is
    // looked for once.
    let mut same: BTreeMap<(&str, &Reason), Vec<&Broken>> = BTreeMap::new();
    for b in &broken {
        same.entry((&b.href, &b.reason)).or_default().push(b);
    }
    let mut in_markdown = BTreeSet::new();
    // One message for a link broken the same way on many pages, naming the first page.
    type Place = (Option<std::path::PathBuf>, Option<Location>, String);
    let mut by_place: BTreeMap<Place, Vec<&Broken>> = BTreeMap::new();
    for ((href, reason), mut pages) in same {
        let decoded = quick_xml::escape::unescape(href).unwrap_or(Cow::Borrowed(href));
        let message = reason.message(&decoded, base_path);
        // Written in Markdown that the page shows: there. Pages are rendered again to tell,
        // only for links that some Markdown gives.
        if let Some(candidates) = by_dest.get(&*decoded) {
            pages.retain(|b| {
                let page = render_page(&b.page);
                let mut shown = false;
                for w in candidates.iter().filter(|w| page.contains(&*w.html)) {
                    shown = true;
                    // `check_markdown` reports every `@/` link with its own reason.
                    if w.link.dest.starts_with("@/") {
                        continue;
                    }
                    // Named as written (`check_markdown` says the same).
                    let message = reason.message(&w.link.dest, base_path);
                    in_markdown.insert(Diagnostic::at(w.file, w.link.at, message));
                }
                !shown
            });
            if pages.is_empty() {
                continue;
            }
        }
        // Where a template writes the link: the link itself, or, for one put together from
        // variables (`{{ site.base_path }}favicon.svg`), its last part.
        let last = href
            .trim_end_matches('/')
            .rsplit(['/', '}'])
            .next()
            .filter(|l| !l.is_empty() && *l != href.trim_end_matches('/'))
            .map(|l| &href[href.rfind(l).unwrap_or(0)..]);
        let found = std::iter::once(href)
            .chain(last)
            .flat_map(|h| [format!("\"{h}\""), format!("'{h}'"), format!("{h}\"")])
            .find_map(|quoted| {
                templates.iter().find_map(|(file, text)| {
                    text.find(&quoted).map(|offset| {
                        let start = offset + usize::from(quoted.starts_with(['"', '\'']));
                        let at = crate::diagnostic::LineIndex::new(text).locate(start);
                        (file.clone(), at)
                    })
                })
            });
        let (file, at) = found.map_or((None, None), |(f, a)| (Some(f), Some(a)));
        by_place
            .entry((file, at, message))
            .or_default()
            .extend(pages);
    }
    let mut out: Vec<Diagnostic> = in_markdown.into_iter().collect();
    for ((file, at, message), mut pages) in by_place {
        pages.sort();
        let first = pages[0];
        let page = format!("{base_path}{}", url_of(&first.page));
        // Not found in a template: reported at the template of the first page.
        let file = file.unwrap_or_else(|| page_template(&first.page));
        let mut on = match at {
            Some(_) => format!("on {page}"),
            None => format!("on {page} (line {} of the page as rendered)", first.line),
        };
        if pages.len() > 1 {
            let others = pages.len() - 1;
            on.push_str(&format!(
                " and {others} other page{}",
                if others == 1 { "" } else { "s" }
            ));
        }
        out.push(Diagnostic::new(file, at, format!("{message} ({on})")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_links_and_ids_as_a_browser_reads_tags() {
        let html = r##"<!doctype html><html><head><title>a <a href="/no/"></title>
<link rel=stylesheet href=/style.css><script>let s = '<a href="/not-a-link/">';</script>
<style>a[href="/nor-this/"] {}</style></head>
<body><!-- <a href="/commented/"> --><a class="x" HREF = '/roles/a/#pay' id=top-link>x</a>
<img src="/c.svg" alt="<a href=/text/>"><a name="old-anchor"></a><p id="">&lt;a href="/text/"&gt;</p>
<form action="/search/"><input name="q"></form></body></html>"##;
        let found = scan(html);
        let links: Vec<&str> = found.links.iter().map(|(l, _)| *l).collect();
        assert_eq!(links, ["/style.css", "/roles/a/#pay", "/c.svg", "/search/"]);
        assert_eq!(found.ids, ["top-link", "old-anchor", ""]);
        let (_, at) = found.links[1];
        assert_eq!(line_of(html, at), 4);
    }

    /// A drawing is passed over only when nothing in it can be a link or an id: the links
    /// and ids in drawings are found as anywhere else, in any case and spacing.
    #[test]
    fn drawings_keep_their_links_and_ids() {
        let html = r##"<svg width="100%" height="20" aria-hidden="true"><g transform="translate(0 14)"><text class="l">Madrid<title>Madrid, Spain</title></text><rect y="2" width="45.3%" height="8"/></g></svg>
<a href="/after/">x</a><svg><text>Davidson id = 3</text></svg>
<svg><a href="/in-drawing/"><text>t</text></a></svg>
<SVG><use HREF = "#mark"/></SVG>
<svg><g data-id="no"><g ID
='group'></g></g></svg>
<svg><rect x="1"href="/glued/"/></svg><a href="/last/">y</a>"##;
        let found = scan(html);
        let links: Vec<&str> = found.links.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            links,
            ["/after/", "/in-drawing/", "#mark", "/glued/", "/last/"]
        );
        assert_eq!(found.ids, ["group"]);

        let may = |m: &str| may_hold_links_or_ids(m.as_bytes());
        assert!(!may(
            r#"<svg height="2"><text>Madrid</text><rect y="1" class="id"/></svg>"#
        ));
        assert!(!may(r#"<g data-id="a" idx="1" xhref="2">"#));
        assert!(may("<text>Davidson id = 3</text>"));
        assert!(may(r#"<rect x="1"href="/g/"/>"#));
        assert!(may("<g ID\n=\n'a'>"));
        assert!(may(r#"<a x='1'Name="n">"#));
        assert!(may("<image src=/a.png>"));
    }

    struct List(Vec<&'static str>, Targets);

    impl Files for List {
        fn targets(&self) -> &Targets {
            &self.1
        }
        fn file(&self, n: u32) -> Option<&str> {
            self.0.get(n as usize).copied()
        }
    }

    fn list() -> List {
        let files = vec![
            "index.html",
            "roles/a/index.html",
            "roles/b/index.html",
            "style.css",
            "404.html",
            "caf\u{e9}/index.html",
        ];
        let targets = Targets::of(files.iter().copied());
        List(files, targets)
    }

    fn file(name: &str, fragment: Option<&str>) -> Resolved {
        Resolved::File {
            file: list().0.iter().position(|f| *f == name).unwrap() as u32,
            fragment: fragment.map(String::from),
        }
    }

    #[test]
    fn links_resolve_to_the_files_of_the_build() {
        let base = url::Url::parse("https://jobs.example.org/").unwrap();
        let files = list();
        let r = Resolver::new(&base, &files);
        let page = Some(1);
        for (href, expected) in [
            ("/roles/b/", file("roles/b/index.html", None)),
            ("/roles/b", file("roles/b/index.html", None)),
            ("/roles/b/index.html", file("roles/b/index.html", None)),
            ("/404.html", file("404.html", None)),
            ("/roles/b/?x=1#pay", file("roles/b/index.html", Some("pay"))),
            ("../b/", file("roles/b/index.html", None)),
            ("../../style.css", file("style.css", None)),
            ("#skills", file("roles/a/index.html", Some("skills"))),
            ("", file("roles/a/index.html", None)),
            ("/caf%C3%A9/", file("caf\u{e9}/index.html", None)),
            (
                "/roles/b/#caf%C3%A9",
                file("roles/b/index.html", Some("caf\u{e9}")),
            ),
            (
                "/roles/a/&amp;x",
                Resolved::Broken(Reason::NoFile("/roles/a/&x".into())),
            ),
            (
                "https://jobs.example.org/roles/b/",
                file("roles/b/index.html", None),
            ),
            ("//jobs.example.org/", file("index.html", None)),
            ("/", file("index.html", None)),
            ("https://other.example.org/roles/x/", Resolved::Outside),
            ("mailto:a@example.org", Resolved::Outside),
            (
                "/rolse/b/",
                Resolved::Broken(Reason::NoFile("/rolse/b/".into())),
            ),
            ("c/", Resolved::Broken(Reason::NoFile("/roles/a/c/".into()))),
        ] {
            assert_eq!(r.resolve(page, href), expected, "{href}");
        }
    }

    /// What a run of pages keeps of its links gives what resolving each anew gives, page
    /// after page: relative links, fragments of the page itself and other sites' links are
    /// resolved on each page.
    #[test]
    fn links_kept_for_a_run_of_pages_lead_where_they_lead_from_each() {
        let base = url::Url::parse("https://jobs.example.org/").unwrap();
        let files = list();
        let r = Resolver::new(&base, &files);
        let mut known = Resolutions::default();
        let hrefs = [
            "/roles/b/",
            "/roles/b/?x=1#pay",
            "/rolse/b/",
            "/roles/a/&amp;x",
            "../b/",
            "c/",
            "#skills",
            "",
            "//jobs.example.org/",
            "https://jobs.example.org/roles/b/",
            "mailto:a@example.org",
        ];
        for round in 0..2 {
            for page in 0..list().0.len() as u32 {
                for href in hrefs {
                    assert_eq!(
                        known.resolve(&r, page, href),
                        r.resolve(Some(page), href),
                        "{href} on page {page}, round {round}"
                    );
                }
            }
        }
        assert_eq!(known.seen.len(), 4, "the paths from the root are kept");
    }

    #[test]
    fn a_site_under_a_path_keeps_its_links_under_it() {
        let base = url::Url::parse("https://example.org/careers/").unwrap();
        let files = list();
        let r = Resolver::new(&base, &files);
        let page = Some(1);
        assert_eq!(
            r.resolve(page, "/careers/roles/b/"),
            file("roles/b/index.html", None)
        );
        assert_eq!(r.resolve(page, "/careers"), file("index.html", None));
        assert_eq!(r.resolve(page, "../b/"), file("roles/b/index.html", None));
        assert_eq!(
            r.resolve(page, "/roles/b/"),
            Resolved::Broken(Reason::OutsideBase)
        );
        assert_eq!(
            r.resolve(page, "/careers/careers/roles/b/"),
            Resolved::Broken(Reason::BaseTwice("/careers/careers/roles/b/".into())),
            "the base path twice, which without the second leads to a page"
        );
        assert_eq!(
            r.resolve(page, "/careers/careers/roles/z/"),
            Resolved::Broken(Reason::NoFile("/careers/careers/roles/z/".into())),
            "nothing there either way"
        );
        let root = url::Url::parse("https://example.org/").unwrap();
        assert_eq!(
            Resolver::new(&root, &files).resolve(page, "/nowhere/roles/b/"),
            Resolved::Broken(Reason::NoFile("/nowhere/roles/b/".into())),
            "at a domain's root there is no base path to write twice"
        );
    }

    #[test]
    fn fragments_name_ids_or_the_top() {
        let ids = id_hashes(&["pay", "skills"]);
        assert!(Resolver::has_fragment("pay", Some(&ids)));
        assert!(Resolver::has_fragment("top", Some(&ids)));
        assert!(Resolver::has_fragment("", Some(&ids)));
        assert!(!Resolver::has_fragment("salary", Some(&ids)));
        assert!(Resolver::has_fragment("page=2", None));
    }
}
