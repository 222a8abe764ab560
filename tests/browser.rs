//! A real browser: headless Chromium, driven through chromedriver (WebDriver over HTTP),
//! opens a page served by `ladder serve`; the test edits the content file and waits for the
//! new text to appear in that same tab, without navigating.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y chromium
//! chromium-driver`), so the tests are `#[ignore]`d: `cargo test` lists them as ignored rather
//! than passing without a browser. `cargo test -- --include-ignored` runs them, as `.ci/run`
//! does, and they fail, saying what to install, when the browser is missing.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::{Server, agent};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver {
    child: Child,
    url: String,
    session: String,
}

impl Driver {
    fn start(profile: &Path) -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent().get(&format!("{url}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut driver = Driver {
            child,
            url,
            session: String::new(),
        };
        // The flags keep Chromium off the network (this machine has none) and headless.
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let reply = driver.call("POST", "/session", Some(capabilities));
        driver.session = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.url);
        let agent = agent();
        let result = match method {
            "POST" => agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
            "DELETE" => agent.delete(&url).call(),
            _ => agent.get(&url).call(),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The WebDriver id of the first element matching `css`.
    fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            &format!("/session/{}/element", self.session),
            Some(json!({ "using": "css selector", "value": css })),
        );
        found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    /// Types `text` into the element as a person would, key by key.
    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/session/{}/element/{element}/value", self.session),
            Some(json!({ "text": text })),
        );
    }

    fn clear(&self, element: &str) {
        self.call(
            "POST",
            &format!("/session/{}/element/{element}/clear", self.session),
            None,
        );
    }

    /// Waits until `script` returns a string containing every one of `wanted`; that string.
    fn wait_for_text(&self, script: &str, wanted: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let now = self.run(script).as_str().unwrap_or_default().to_string();
            if wanted.iter().all(|w| now.contains(w)) {
                return now;
            }
            assert!(
                Instant::now() < deadline,
                "never showed {wanted:?}; shows:\n{now}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self) -> String {
        self.run("return document.body ? document.body.innerText : ''")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = agent()
                .delete(&format!("{}/session/{}", self.url, self.session))
                .call();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Fails the test, saying what to install, when Chromium or chromedriver is missing.
fn require_browser() {
    assert!(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "{CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install -y chromium chromium-driver"
    );
}

#[test]
#[ignore = "needs Chromium and chromedriver (apt-get install -y chromium chromium-driver); run with --include-ignored"]
fn an_open_tab_shows_an_edit_without_being_navigated() {
    require_browser();
    let site = TestSite::new(
        r#"
-- content/roles/backend.md --
+++
title = "Backend Developer"
summary = "Server side."
+++
The words before the edit.
"#,
    );
    let server = Server::start(&site);
    let profile = tempfile::tempdir().expect("profile");
    let driver = Driver::start(profile.path());
    driver.open(&format!("{}/roles/backend/", server.url));
    assert!(
        driver.text().contains("The words before the edit."),
        "{}",
        driver.text()
    );
    // Mark this document: a reload by the page's own script replaces it, so the mark goes,
    // while the address stays the one the test opened.
    driver.run("window.ladderTestMark = 1; return null");

    let file = site.root().join("content/roles/backend.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("The words before the edit.", "The words after the edit."),
    )
    .expect("write");

    driver.wait_for_text(
        "return document.body ? document.body.innerText : ''",
        &["The words after the edit."],
    );
    assert_eq!(
        driver.run("return window.ladderTestMark === undefined"),
        Value::Bool(true)
    );
    let url = driver.call("GET", &format!("/session/{}/url", driver.session), None);
    assert_eq!(
        url.as_str(),
        Some(format!("{}/roles/backend/", server.url).as_str())
    );

    // Many tabs of the preview at once: they share one event stream, so a browser's limit of
    // six connections to one host is not used up and every tab still loads and reloads.
    driver.call(
        "POST",
        &format!("/session/{}/timeouts", driver.session),
        Some(json!({ "pageLoad": 10000 })),
    );
    for i in 0..8 {
        let tab = driver.call(
            "POST",
            &format!("/session/{}/window/new", driver.session),
            Some(json!({ "type": "tab" })),
        );
        let handle = tab["handle"].as_str().expect("a new tab").to_string();
        driver.call(
            "POST",
            &format!("/session/{}/window", driver.session),
            Some(json!({ "handle": handle })),
        );
        let loaded = driver.call(
            "POST",
            &format!("/session/{}/url", driver.session),
            Some(json!({ "url": format!("{}/roles/", server.url) })),
        );
        assert!(loaded.is_null(), "tab {} did not load: {loaded}", i + 2);
    }
    site.edit(
        "content/roles/backend.md",
        "Server side.",
        "Server side, reloaded.",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !driver.text().contains("Server side, reloaded.") {
        assert!(
            Instant::now() < deadline,
            "the last tab never reloaded: {}",
            driver.text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A broken file shows the overlay in the open tab, and fixing it takes the overlay away.
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("summary =", "sumary =")).expect("write");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !driver.text().contains("unknown field `sumary`") {
        assert!(Instant::now() < deadline, "no overlay: {}", driver.text());
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(&file, text).expect("write");
    let deadline = Instant::now() + Duration::from_secs(20);
    while driver.text().contains("unknown field") {
        assert!(
            Instant::now() < deadline,
            "the overlay stayed: {}",
            driver.text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The search box in the header leads to the search page, which finds roles by their skills,
/// their other names, and words typed with a typo, in the browser with no server behind it.
#[test]
#[ignore = "needs Chromium and chromedriver (apt-get install -y chromium chromium-driver); run with --include-ignored"]
fn the_search_box_finds_roles_courses_aliases_and_typos() {
    require_browser();
    let site = TestSite::new(
        r#"
-- content/roles/backend.md --
+++
title = "Backend Developer"
summary = "Server side."
skills = ["Java", "SQL"]
aliases = ["Server-Side Engineer"]
+++
-- content/roles/android.md --
+++
title = "Android Developer"
summary = "Phone apps."
skills = ["Kotlin", "Java"]
+++
-- content/roles/data.md --
+++
title = "Data Scientist"
summary = "Models and statistics."
skills = ["Python"]
+++
-- content/courses/java-101.md --
+++
title = "Programming Fundamentals"
provider = "Academy"
skills = ["Java"]
+++
"#,
    );
    let server = Server::start(&site);
    let profile = tempfile::tempdir().expect("profile");
    let driver = Driver::start(profile.path());
    driver.open(&format!("{}/", server.url));
    let box_ = driver.find("#site-search-q");
    // Enter submits the header's form to the search page.
    driver.type_into(&box_, "java\u{E007}");
    let results = "var r = document.getElementById('search-results'); return r ? r.innerText : ''";
    let found = driver.wait_for_text(
        results,
        &[
            "Backend Developer",
            "Android Developer",
            "Programming Fundamentals",
        ],
    );
    assert!(!found.contains("Data Scientist"), "{found}");
    let url = driver.call("GET", &format!("/session/{}/url", driver.session), None);
    assert!(
        url.as_str()
            .unwrap_or_default()
            .ends_with("/search/?q=java"),
        "{url}"
    );

    // On the search page, results follow the typing.
    let input = driver.find("#search-q");
    driver.clear(&input);
    driver.type_into(&input, "pyton");
    let found = driver.wait_for_text(results, &["Data Scientist"]);
    assert!(!found.contains("Backend Developer"), "{found}");
    driver.clear(&input);
    driver.type_into(&input, "server-side engineer");
    driver.wait_for_text(results, &["Backend Developer"]);
    driver.clear(&input);
    driver.type_into(&input, "zzzzzz");
    driver.wait_for_text(
        "return document.getElementById('search-status').innerText",
        &["Nothing matches"],
    );
}
