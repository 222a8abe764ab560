//! `ladder serve` against a temporary site: what it serves, and what it serves after each
//! kind of edit.

mod common;

use std::io::{BufRead, BufReader};
use std::time::Duration;

use common::TestSite;
use common::server::{Server, request};

const SITE: &str = r#"
-- content/roles/backend.md --
+++
title = "Backend Developer"
summary = "Server side."
skills = ["Python"]
+++
The first version.
-- content/roles/frontend.md --
+++
title = "Frontend Developer"
summary = "Client side."
related = ["backend"]
+++
-- content/about.md --
+++
title = "About"
+++
About us.
-- static/img/logo.png --
png
-- static/fonts/a.woff2 --
font
-- static/fonts/b.woff --
font
-- static/fonts/c.otf --
font
-- static/data.json --
{}
-- static/app.js --
let a = 1;
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
"#;

#[test]
fn serves_pages_files_redirects_and_its_404() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "binds 127.0.0.1: {}",
        server.url
    );

    let page = server.get("/roles/backend/");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(page.cache_control, "no-store");
    assert!(page.body.contains("The first version."));
    assert!(
        page.body.contains("/__ladder/worker.js"),
        "live reload script"
    );
    let worker = server.get("/__ladder/worker.js");
    assert_eq!(worker.content_type, "text/javascript; charset=utf-8");
    assert!(worker.body.contains("new EventSource('/__ladder/events')"));
    // the built files themselves carry no script: only what is served does
    let built = std::fs::read_to_string(server.output.join("roles/backend/index.html"))
        .expect("built page");
    assert!(!built.contains("__ladder"));

    let redirect = server.get("/roles/backend");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.location, "/roles/backend/");
    assert_eq!(
        server.get("/roles/backend?x=1").location,
        "/roles/backend/?x=1"
    );
    // never to another host
    assert_eq!(server.get("//roles").location, "/roles/");

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/img/logo.png", "image/png"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/fonts/b.woff", "font/woff"),
        ("/fonts/c.otf", "font/otf"),
        ("/data.json", "application/json"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.content_type, kind, "{path}");
    }

    let missing = server.get("/roles/nobody/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the theme's 404 page"
    );
    assert!(missing.body.contains("/__ladder/worker.js"));

    assert_eq!(
        request("HEAD", &format!("{}/roles/backend/", server.url)).status,
        200
    );
    assert_eq!(
        request("POST", &format!("{}/roles/backend/", server.url)).status,
        405
    );
}

#[test]
fn serves_nothing_outside_its_folder() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "top secret").expect("secret");
    std::os::unix::fs::symlink(&secret, server.output.join("link.txt")).expect("symlink");
    std::os::unix::fs::symlink(site.root(), server.output.join("linked-dir")).expect("symlink");
    for path in [
        "/link.txt",
        "/linked-dir/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/roles/%2e%2e/%2e%2e/secret.txt",
        "/a%5c..%5c..%5csecret.txt",
    ] {
        let reply = request("GET", &format!("{}{path}", server.url));
        assert!(!reply.body.contains("top secret"), "{path} leaked the file");
        assert!(
            reply.status == 404 || reply.status == 400,
            "{path}: {}",
            reply.status
        );
    }
}

#[test]
fn edits_creations_deletions_and_renames_show_up() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);

    site.edit(
        "content/roles/backend.md",
        "The first version.",
        "The second version.",
    );
    server.wait_for_page("/roles/backend/", "the edited body", |r| {
        r.body.contains("The second version.")
    });

    site.edit(
        "content/roles/backend.md",
        "title = \"Backend Developer\"",
        "title = \"Backend Engineer\"",
    );
    server.wait_for_page(
        "/roles/frontend/",
        "the new title on a page that links to it",
        |r| r.body.contains("Backend Engineer"),
    );
    server.wait_for_page("/skills/python/", "the new title on the skill page", |r| {
        r.body.contains("Backend Engineer")
    });

    site.write(
        "content/roles/data.md",
        "+++\ntitle = \"Data Engineer\"\nsummary = \"Data.\"\n+++\n",
    );
    server.wait_for_page("/roles/data/", "a new role", |r| r.status == 200);
    server.wait_for_page("/roles/", "the new role in the listing", |r| {
        r.body.contains("Data Engineer")
    });

    std::fs::rename(
        site.root().join("content/roles/data.md"),
        site.root().join("content/roles/data-engineer.md"),
    )
    .expect("rename");
    server.wait_for_page("/roles/data-engineer/", "the renamed role", |r| {
        r.status == 200
    });
    server.wait_for_page("/roles/data/", "the old name gone", |r| r.status == 404);

    std::fs::remove_file(site.root().join("content/roles/data-engineer.md")).expect("rm");
    server.wait_for_page("/roles/data-engineer/", "the deleted role gone", |r| {
        r.status == 404
    });
    server.wait_for_page("/roles/", "the deleted role gone from the listing", |r| {
        !r.body.contains("Data Engineer")
    });

    site.write(
        "content/roles/ops/sre.md",
        "+++\ntitle = \"SRE\"\nsummary = \"Uptime.\"\n+++\n",
    );
    server.wait_for_page("/roles/sre/", "a role in a new folder", |r| r.status == 200);
    std::fs::remove_dir_all(site.root().join("content/roles/ops")).expect("rm dir");
    server.wait_for_page("/roles/sre/", "a vanished folder's role gone", |r| {
        r.status == 404
    });
}

#[test]
fn a_content_folder_deleted_and_made_again_is_still_watched() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let content = site.root().join("content");
    let saved = site.root().join("saved-content");
    std::fs::rename(&content, &saved).expect("move content away");
    server.wait_for_page(
        "/roles/backend/",
        "the overlay for a missing content folder",
        |r| r.body.contains("ladder-overlay"),
    );
    std::fs::rename(&saved, &content).expect("move content back");
    server.wait_for_page("/roles/backend/", "the site back", |r| {
        !r.body.contains("ladder-overlay")
    });
    site.edit(
        "content/roles/backend.md",
        "The first version.",
        "Still watched.",
    );
    server.wait_for_page("/roles/backend/", "an edit in the new folder", |r| {
        r.body.contains("Still watched.")
    });
}

#[test]
fn template_static_and_settings_changes_show_up() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ content.title }}</p>{% endblock content %}",
    );
    server.wait_for_page("/about/", "the site's own template", |r| {
        r.body.contains("<p class=\"mine\">About</p>")
    });
    site.edit(
        "themes/default/templates/404.html",
        "<h1>{{ page.title }}</h1>",
        "<h1>Nothing here</h1>",
    );
    server.wait_for_page("/nowhere/", "the theme's template change", |r| {
        r.status == 404 && r.body.contains("Nothing here")
    });
    // The theme's strings, and a site's own strings over them.
    site.edit(
        "themes/default/i18n/en.toml",
        "not_found_title = \"Page not found\"",
        "not_found_title = \"Gone away\"",
    );
    server.wait_for_page("/nowhere/", "the theme's strings change", |r| {
        r.status == 404 && r.body.contains("<title>Gone away")
    });
    site.write("i18n/en.toml", "not_found_title = \"Lost\"\n");
    server.wait_for_page("/nowhere/", "the site's own strings", |r| {
        r.status == 404 && r.body.contains("<title>Lost")
    });
    site.write("static/style.css", "body { color: rebeccapurple }");
    server.wait_for_page("/style.css", "the site's stylesheet", |r| {
        r.body.contains("rebeccapurple")
    });
    std::fs::remove_file(site.root().join("static/style.css")).expect("rm");
    server.wait_for_page("/style.css", "the theme's stylesheet again", |r| {
        r.body.contains("system-ui")
    });
    site.write(
        "site.toml",
        &common::SITE_TOML.replace("Test Careers", "Renamed Careers"),
    );
    server.wait_for_page("/roles/backend/", "the new site title", |r| {
        r.body.contains("Renamed Careers")
    });
}

#[test]
fn a_broken_file_shows_an_overlay_until_it_is_fixed() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    site.edit(
        "content/roles/backend.md",
        "summary = \"Server side.\"",
        "sumary = \"Server side.\"",
    );
    let page = server.wait_for_page("/roles/frontend/", "the overlay", |r| {
        r.body.contains("ladder-overlay")
    });
    assert!(
        page.body.contains(
            "content/roles/backend.md:3:1: unknown field `sumary`, did you mean `summary`?"
        ),
        "{}",
        page.body
    );
    // the last good page stays beneath it
    assert!(page.body.contains("Frontend Developer"));
    // on every page, the 404 page too
    assert!(server.get("/nowhere/").body.contains("ladder-overlay"));
    assert!(
        server
            .lines()
            .iter()
            .any(|l| l.contains("error: content/roles/backend.md:3:1"))
    );

    site.edit("content/roles/backend.md", "sumary = ", "summary = ");
    server.wait_for_page("/roles/frontend/", "the overlay gone", |r| {
        !r.body.contains("ladder-overlay")
    });

    // A deleted role that others still link to is reported, not silently dropped.
    std::fs::remove_file(site.root().join("content/roles/backend.md")).expect("rm");
    let page = server.wait_for_page("/roles/frontend/", "the broken link reported", |r| {
        r.body.contains("ladder-overlay")
    });
    assert!(
        page.body.contains("`backend` in `related` names no role"),
        "{}",
        page.body
    );
}

/// Runs one way of saving a file and returns how many rebuilds it caused. An editor does all
/// of a save within a few milliseconds; on a machine so loaded that the test itself took
/// longer than the server's quiet window, the pattern is tried again (up to three times).
fn rebuilds_for(server: &Server, marker: &str, save: impl Fn(usize)) -> usize {
    let mut rebuilds = 0;
    for attempt in 0..3 {
        let before = server.rebuilds();
        let started = std::time::Instant::now();
        save(attempt);
        let took = started.elapsed();
        let wanted = format!("{marker}{attempt}");
        server.wait_for_page("/roles/backend/", "the saved text", |r| {
            r.body.contains(&wanted)
        });
        std::thread::sleep(Duration::from_millis(300));
        rebuilds = server.rebuilds() - before;
        if rebuilds == 1 || took > Duration::from_millis(25) {
            if rebuilds == 1 {
                return 1;
            }
            continue;
        }
        return rebuilds;
    }
    rebuilds
}

#[test]
fn editor_save_patterns_give_one_rebuild() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let dir = site.root().join("content/roles");
    let file = dir.join("backend.md");
    let original = std::fs::read_to_string(&file).expect("read");
    let version = |marker: &str| original.replace("The first version.", marker);

    // Vim: a swap file, a write test, a backup, then the file written anew.
    let vim = rebuilds_for(&server, "Saved by vim ", |n| {
        std::fs::write(dir.join(".backend.md.swp"), "swap").expect("swp");
        std::fs::write(dir.join("4913"), "").expect("4913");
        std::fs::remove_file(dir.join("4913")).expect("rm 4913");
        std::fs::copy(&file, dir.join("backend.md~")).expect("backup");
        std::fs::write(&file, version(&format!("Saved by vim {n}"))).expect("write");
    });
    assert_eq!(vim, 1, "{}", server.lines().join("\n"));

    // Another editor: write a temporary file, then rename it over the original.
    let renamed = rebuilds_for(&server, "Saved by rename ", |n| {
        std::fs::write(
            dir.join("backend.md.tmp"),
            version(&format!("Saved by rename {n}")),
        )
        .expect("tmp");
        std::fs::rename(dir.join("backend.md.tmp"), &file).expect("rename");
    });
    assert_eq!(renamed, 1, "{}", server.lines().join("\n"));

    // A burst of saves.
    let burst = rebuilds_for(&server, "Saved in a burst ", |n| {
        for i in 0..5 {
            std::fs::write(&file, version(&format!("Saved in a burst {n}.{i}"))).expect("write");
        }
        std::fs::write(&file, version(&format!("Saved in a burst {n}"))).expect("write");
    });
    assert_eq!(burst, 1, "{}", server.lines().join("\n"));

    // The editors' files were ignored: they are not content and made no pages.
    assert_eq!(server.get("/roles/backend.md~/").status, 404);
    assert!(
        !server
            .lines()
            .iter()
            .any(|l| l.contains("4913") || l.contains(".swp"))
    );
}

#[test]
fn open_tabs_are_told_to_reload() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let url = format!("{}/__ladder/events", server.url);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let Ok(mut response) = agent.get(&url).call() else {
            return;
        };
        let _ = tx.send(format!(
            "content-type: {:?}",
            response.headers().get("content-type")
        ));
        for line in BufReader::new(response.body_mut().as_reader())
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(10)).expect("connected");
    assert!(first.contains("text/event-stream"), "{first}");
    std::thread::sleep(Duration::from_millis(200));
    site.edit(
        "content/roles/backend.md",
        "The first version.",
        "Reloaded.",
    );
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            seen.push(line);
            if seen.iter().any(|l| l == "event: reload") {
                break;
            }
        }
    }
    assert!(seen.iter().any(|l| l == "event: reload"), "{seen:?}");

    // A stylesheet-only change swaps stylesheets instead.
    site.write("static/style.css", "body { color: teal }");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut css = false;
    while std::time::Instant::now() < deadline && !css {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            css = line == "event: css";
        }
    }
    assert!(css, "a css event");
}

#[test]
fn ctrl_c_stops_the_server_even_with_tabs_open() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let url = format!("{}/__ladder/events", server.url);
    std::thread::spawn(move || {
        let agent = common::server::agent();
        if let Ok(mut r) = agent.get(&url).call() {
            let _ = std::io::copy(&mut r.body_mut().as_reader(), &mut std::io::sink());
        }
    });
    // and a client that sent half a request and waits
    let address = server.url.trim_start_matches("http://").to_string();
    let mut half = std::net::TcpStream::connect(&address).expect("connect");
    std::io::Write::write_all(&mut half, b"GET / HTTP/1.1\r\nHost: x\r\n").expect("write");
    std::thread::sleep(Duration::from_millis(300));
    let output = server.output.clone();
    let started = std::time::Instant::now();
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
    assert!(!output.exists(), "the preview's folder is removed");
    drop(half);
}

#[test]
fn closing_the_terminal_stops_the_server_and_cleans_up() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let output = server.output.clone();
    let status = server.signal("-HUP");
    assert!(status.success(), "{status:?}");
    assert!(!output.exists(), "the preview's folder is removed");
}

/// Behind a proxy, pages link to the public address, and requests that keep its path are
/// served from the site's root.
#[test]
fn a_preview_may_link_to_another_base_url() {
    let site = TestSite::new(SITE);
    let server = Server::start_with(
        &site,
        &["--base-url", "https://preview.example.org/careers/"],
    );
    let home = server.get("/careers/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("https://preview.example.org/careers/"),
        "the canonical link uses the base URL"
    );
    assert!(
        home.body.contains("href=\"/careers/roles/\"")
            || home.body.contains("href=/careers/roles/")
    );
    assert_eq!(server.get("/careers/roles/").status, 200);
    assert_eq!(
        server.get("/roles/").status,
        200,
        "a proxy that strips the path works too"
    );
    let robots = server.get("/robots.txt");
    assert!(
        robots
            .body
            .contains("Sitemap: https://preview.example.org/careers/sitemap.xml")
    );
    server.interrupt();
}

/// Requests written byte for byte on a raw connection, as an attacker would send them (a
/// client library would refuse some or tidy the path): each gets a client error, never a file
/// from outside the output folder, and never a hang. Secrets are planted just outside the
/// output folder (in the preview's folder that holds it) and in the site's folder.
#[test]
fn attacks_on_the_path_get_client_errors_and_nothing_outside_the_output() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let beside = server.output.parent().expect("the preview's folder");
    std::fs::write(beside.join("secret.txt"), "top secret beside").expect("secret");
    std::fs::write(site.root().join("secret.txt"), "top secret in the site").expect("secret");
    let absolute = beside.join("secret.txt").display().to_string();
    let long_name = "a".repeat(100 * 1024);
    let long_climb = "../".repeat(100 * 1024 / 3);
    let targets: Vec<String> = vec![
        "/../secret.txt".into(),
        "/../../secret.txt".into(),
        "/roles/../../secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/secret.txt".into(),
        "/.%2e/secret.txt".into(),
        "/%2e./secret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2f..%2fetc/passwd".into(),
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd".into(),
        "/..%5csecret.txt".into(),
        "/..\\secret.txt".into(),
        "/%c0%ae%c0%ae/secret.txt".into(),
        "/%252e%252e/secret.txt".into(),
        "//etc/passwd".into(),
        "/etc/passwd".into(),
        "/%2fetc%2fpasswd".into(),
        format!("/{absolute}"),
        format!("/{}", absolute.replace('/', "%2f")),
        absolute.clone(),
        "/%00".into(),
        "/index.html%00.txt".into(),
        "/\0".into(),
        "/roles/\0/../../secret.txt".into(),
        format!("{}/../secret.txt", server.url),
        "file:///etc/passwd".into(),
        "../secret.txt".into(),
        format!("/{}", "a".repeat(60 * 1024)),
        "/a".repeat(30 * 1024),
        format!("/{long_name}"),
        format!("/{long_climb}secret.txt"),
    ];
    for target in &targets {
        let shown: String = target.chars().take(60).collect();
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = server.raw(request.as_bytes());
        assert!(
            !reply.text.contains("top secret") && !reply.text.contains("root:"),
            "{shown:?} leaked a file:\n{}",
            reply.text
        );
        // A request line longer than HTTP's parser takes is 414 URI Too Long, the status
        // for exactly that.
        let allowed: &[u16] = if target.len() > 65_000 {
            &[400, 404, 414]
        } else {
            &[400, 404]
        };
        assert!(
            reply.status.is_some_and(|s| allowed.contains(&s)),
            "{shown:?}: expected one of {allowed:?}, got {:?} (closed: {})\n{}",
            reply.status,
            reply.closed,
            reply.text.chars().take(500).collect::<String>()
        );
    }
    // The server is still there, and the site still served.
    assert_eq!(server.get("/roles/backend/").status, 200);
}

/// Clients that send part of a request and wait, or ask for pages and never read the
/// answers, hold their own connections only: every other request is answered. Nothing here
/// is a time limit but the 10 seconds after which a request counts as blocked.
#[test]
fn slow_clients_do_not_block_others() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let mut held = Vec::new();
    // Half a request line; a request line and half the headers; a connection with nothing sent.
    for start in [
        &b"GET /roles/back"[..],
        &b"GET /roles/backend/ HTTP/1.1\r\nHost: x\r\nUser-Ag"[..],
        &b""[..],
    ] {
        let mut stream = std::net::TcpStream::connect(server.address()).expect("connect");
        std::io::Write::write_all(&mut stream, start).expect("write");
        held.push(stream);
    }
    // A client that pipelines requests for pages and never reads: the server's writes to it
    // fill the socket's buffers and wait.
    let mut greedy = std::net::TcpStream::connect(server.address()).expect("connect");
    greedy
        .set_write_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    let pipelined = "GET /roles/backend/ HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
    let _ = std::io::Write::write_all(&mut greedy, pipelined.as_bytes());
    held.push(greedy);
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..20 {
        for path in ["/roles/backend/", "/style.css", "/nowhere/"] {
            let reply = server.raw(
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            );
            assert!(
                reply.status.is_some(),
                "{path} was not answered while slow clients wait"
            );
        }
    }
    assert_eq!(server.get("/roles/backend/").status, 200);
    drop(held);
}

/// The preview's output folder deleted or emptied under a running server: it keeps
/// answering (404 while there is nothing), and the next edit builds the whole site again,
/// not only the pages the edit changed. In turn: the output folder deleted, its files
/// deleted, and the preview's folder (the output and ladder's work folder beside it) deleted.
#[test]
fn the_output_folder_deleted_under_the_server_is_built_again() {
    let site = TestSite::new(SITE);
    let server = Server::start(&site);
    let preview = server
        .output
        .parent()
        .expect("preview folder")
        .to_path_buf();
    let mut before = "The first version.".to_string();
    let ways = [
        "the output deleted",
        "the output emptied",
        "the preview's folder deleted",
    ];
    for (round, how) in ways.into_iter().enumerate() {
        match round {
            0 => std::fs::remove_dir_all(&server.output).expect("delete"),
            1 => {
                for entry in std::fs::read_dir(&server.output).expect("output").flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        std::fs::remove_dir_all(path).expect("delete a folder");
                    } else {
                        std::fs::remove_file(path).expect("delete a file");
                    }
                }
            }
            _ => std::fs::remove_dir_all(&preview).expect("delete"),
        }
        for path in ["/roles/backend/", "/", "/style.css", "/roles/backend"] {
            let reply = server.get(path);
            assert_eq!(reply.status, 404, "{path} with {how}");
        }
        let text = format!("Rebuilt after deletion {round}.");
        site.edit("content/roles/backend.md", &before, &text);
        before = text.clone();
        server.wait_for_page("/roles/backend/", "the edited page", |r| {
            r.body.contains(&text)
        });
        // Every page and file is back, as a fresh build writes them.
        assert_eq!(server.get("/roles/frontend/").status, 200, "{how}");
        assert_eq!(server.get("/style.css").status, 200, "{how}");
        let fresh = server.fresh_build(&site);
        common::assert_same_tree(&server.output, &fresh.path().join("site"));
    }
}
