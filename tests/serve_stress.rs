//! `ladder serve` under load and under storms of saves. These take tens of seconds and a
//! load generator, so they are `#[ignore]`d and run by `.ci/run` (`cargo test --
//! --include-ignored`). They take turns (`one_at_a_time`): each wants the machine's cores to
//! itself, as a user's one preview server has them. They assert on errors and on what the
//! site ends up as, never on how fast anything was; the figures are printed.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::Server;

/// Held by each test while it runs: the tests of this file run one after the other, whatever
/// `--test-threads` says (a test that failed while holding it does not stop the others).
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// A site of `roles` roles that link to each other, share skills and have salaries, so
/// that a title edit renders listings, skill pages and related roles again.
fn site_of(roles: usize) -> TestSite {
    let site = TestSite::new("");
    for i in 0..roles {
        site.write(
            &format!("content/roles/role-{i}.md"),
            &role(i, roles, "", 0),
        );
        site.write(
            &format!("content/salaries/role-{i}.toml"),
            &format!(
                "role = \"role-{i}\"\n[[city]]\ncity = \"London\"\ncountry = \"United Kingdom\"\ncurrency = \"GBP\"\nmedian = {}\n",
                40_000 + i * 100
            ),
        );
    }
    site
}

/// The text of role `i`: its title carries `title_mark`, its body says `version`.
fn role(i: usize, roles: usize, title_mark: &str, version: usize) -> String {
    format!(
        "+++\ntitle = \"Role {i}{title_mark}\"\nsummary = \"What role {i} does.\"\ncategory = \"Category {}\"\nskills = [\"Skill {}\", \"Skill {}\"]\nrelated = [\"role-{}\"]\n+++\nRole {i}, version {version}.\n",
        i % 5,
        i % 7,
        (i * 3) % 11,
        (i + 1) % roles
    )
}

/// Waits until the server has built exactly what a fresh `ladder build` of the sources
/// writes, and still holds it a second later with no rebuild in between; panics with the
/// difference after `patience`.
fn assert_settles_to_a_fresh_build(server: &Server, site: &TestSite, patience: Duration) {
    let fresh = server.fresh_build(site);
    let expected = common::tree(&fresh.path().join("site"));
    let deadline = Instant::now() + patience;
    loop {
        let rebuilds = server.rebuilds();
        if server.output.is_dir() && common::tree(&server.output) == expected {
            std::thread::sleep(Duration::from_secs(1));
            if server.rebuilds() == rebuilds && common::tree(&server.output) == expected {
                return;
            }
        }
        if Instant::now() > deadline {
            // Panics with the first difference, if there is one.
            common::assert_same_tree(&server.output, &fresh.path().join("site"));
            panic!(
                "the output is a fresh build's, but the server kept rebuilding:\n{}",
                server.lines().join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// What wrk printed, for the figures asserted on.
struct WrkRun {
    requests: u64,
    per_second: f64,
    socket_errors: u64,
    bad_statuses: u64,
    text: String,
}

fn run_wrk(url: &str, script: &Path) -> WrkRun {
    let output = Command::new("wrk")
        .args(["-c", "200", "-t", "2", "-d", "10s", "--latency"])
        // A request counts as failed only after 10 s (wrk's default is 2 s): the machine may
        // be busy with the rebuilds and with other builds.
        .args(["--timeout", "10s", "-s"])
        .arg(script)
        .arg(url)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run wrk ({e}): this test needs the HTTP load generator wrk; install it \
                 with `apt-get install -y wrk` (Debian, Ubuntu) or `brew install wrk`"
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "wrk failed:\n{text}");
    // "  12345 requests in 10.01s, 1.23GB read"
    let requests = text
        .lines()
        .find_map(|l| {
            l.trim()
                .split_once(" requests in ")
                .map(|(n, _)| n.to_string())
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no request count in wrk's output:\n{text}"));
    let per_second = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"));
    let count = |n: &str| -> u64 {
        n.trim()
            .parse()
            .unwrap_or_else(|_| panic!("`{n}` in wrk's output is not a count:\n{text}"))
    };
    // "  Socket errors: connect 0, read 12, write 0, timeout 3", printed only when some
    let socket_errors = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map_or(0, |counts| {
            counts
                .split(',')
                .map(|c| count(c.split_whitespace().last().unwrap_or_default()))
                .sum()
        });
    // "  Non-2xx or 3xx responses: 7", printed only when some; wrk counts every status
    // from 400 up.
    let bad_statuses = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .map_or(0, count);
    WrkRun {
        requests,
        per_second,
        socket_errors,
        bad_statuses,
        text,
    }
}

/// 200 connections for 10 seconds from wrk, spread over two role pages, the home page, the
/// roles listing and the stylesheet, while the test edits a role's title every 300 ms (each
/// edit rewrites the role's page, the listings and the pages that link to it) and, every
/// fifth time, the template every page extends instead (every page is rendered and
/// replaced): no socket error (connect, read, write or timeout) and no error status (wrk
/// counts 4xx and 5xx; every path asked for is a 200).
#[test]
#[ignore = "a 10-second load test that needs wrk (apt-get install -y wrk); .ci/run runs it"]
fn two_hundred_connections_for_ten_seconds_while_rebuilding() {
    let _turn = one_at_a_time();
    let roles = 300;
    let site = site_of(roles);
    let server = Server::start_within(&site, &[], Duration::from_secs(60));
    let script = site.root().join("paths.lua");
    std::fs::write(
        &script,
        concat!(
            "local paths = {'/roles/role-0/', '/', '/roles/', '/style.css', '/roles/role-1/'}\n",
            "local n = 0\n",
            "request = function()\n",
            "  n = n + 1\n",
            "  return wrk.format('GET', paths[n % #paths + 1])\n",
            "end\n"
        ),
    )
    .expect("script");
    for path in [
        "/roles/role-0/",
        "/",
        "/roles/",
        "/style.css",
        "/roles/role-1/",
    ] {
        assert_eq!(server.get(path).status, 200, "{path} before the load");
    }

    let before = server.rebuilds();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = std::sync::Arc::clone(&stop);
        let role_file = site.root().join("content/roles/role-0.md");
        let template = site.root().join("themes/default/templates/base.html");
        let original = std::fs::read_to_string(&template).expect("template");
        std::thread::spawn(move || {
            let mut version = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                version += 1;
                if version % 5 == 0 {
                    let marked = format!("<span data-edit=\"{version}\"></span></body>");
                    std::fs::write(&template, original.replace("</body>", &marked))
                        .expect("edit the template");
                } else {
                    let text = role(0, roles, &format!(" (edit {version})"), version);
                    std::fs::write(&role_file, text).expect("edit the role");
                }
                std::thread::sleep(Duration::from_millis(300));
            }
            version
        })
    };
    let run = run_wrk(&server.url, &script);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let edits = editor.join().expect("editor");
    let during: Vec<String> = server
        .lines()
        .iter()
        .filter(|l| l.starts_with("Changed "))
        .skip(before)
        .cloned()
        .collect();
    // "Changed ...: 612 pages rendered, 610 files written, 0 removed in 1234 ms"
    let rebuilding: u64 = during
        .iter()
        .filter_map(|l| {
            l.rsplit_once(" in ")?
                .1
                .strip_suffix(" ms")?
                .parse::<u64>()
                .ok()
        })
        .sum();
    println!(
        "wrk: {} requests, {:.0} requests/s, {} socket errors, {} non-2xx; {edits} edits, \
         {} rebuilds during the run, rebuilding for {rebuilding} ms of it\n{}",
        run.requests,
        run.per_second,
        run.socket_errors,
        run.bad_statuses,
        during.len(),
        run.text
    );
    assert!(run.requests > 0, "wrk made no request:\n{}", run.text);
    // "Built the site: 625 pages rendered, ..."; a rebuild that renders as many renders
    // every page.
    let every_page = server
        .lines()
        .iter()
        .find_map(|l| {
            let rest = l.strip_prefix("Built the site: ")?;
            Some(format!(": {}", rest.split_once(',')?.0))
        })
        .expect("the first build's page count");
    assert!(
        during.iter().any(|l| l.contains(&every_page)),
        "no rebuild of every page ran during the load; the test wants one\n{}",
        server.lines().join("\n")
    );
    assert_eq!(
        run.socket_errors, 0,
        "socket errors under load:\n{}",
        run.text
    );
    assert_eq!(
        run.bad_statuses, 0,
        "non-2xx responses under load:\n{}",
        run.text
    );
    // The last edits are built and served once the load is over.
    assert_settles_to_a_fresh_build(&server, &site, Duration::from_secs(60));
    server.stop_within(Duration::from_secs(60));
}

/// 500 saves across 50 files within about 5 seconds (one every 10 ms, file after file; one
/// in ten a title change, which other pages show; one in five saved as editors do, by
/// writing a temporary file and renaming it over the file): once the server settles, its
/// output is byte for byte what a fresh `ladder build` of the final sources writes.
#[test]
#[ignore = "a storm of 500 saves; .ci/run runs it"]
fn five_hundred_saves_across_fifty_files_end_in_a_fresh_build() {
    let _turn = one_at_a_time();
    let files = 50;
    let site = site_of(files);
    let server = Server::start_within(&site, &[], Duration::from_secs(60));
    let started = Instant::now();
    for n in 0..500 {
        let i = n % files;
        let mark = if n % 10 == 3 {
            format!(" (save {n})")
        } else {
            String::new()
        };
        let text = role(i, files, &mark, n);
        let path = site.root().join(format!("content/roles/role-{i}.md"));
        if n % 5 == 0 {
            let temporary = path.with_extension("md.tmp");
            std::fs::write(&temporary, text).expect("write");
            std::fs::rename(&temporary, &path).expect("rename");
        } else {
            std::fs::write(&path, text).expect("write");
        }
        // Paced by the clock, not by sleeps that add up: save n at n × 10 ms.
        let due = started + Duration::from_millis(10 * (n as u64 + 1));
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
    println!(
        "500 saves in {:.1} s; {} rebuilds so far",
        started.elapsed().as_secs_f64(),
        server.rebuilds()
    );
    assert_settles_to_a_fresh_build(&server, &site, Duration::from_secs(60));
    assert!(
        server
            .get("/roles/role-3/")
            .body
            .contains("Role 3, version 453."),
        "the last save of role-3"
    );
    server.stop_within(Duration::from_secs(60));
}

/// A site big enough that rebuilding every page takes a few seconds; a template edit starts
/// such a rebuild, and while it runs, 60 saves go to three role files. The rebuild after it
/// must take them all: the pages show the last save of each, and the output is what a fresh
/// build writes.
#[test]
#[ignore = "builds a site of 1,000 roles; .ci/run runs it"]
fn a_save_storm_during_a_long_rebuild_is_not_lost() {
    let _turn = one_at_a_time();
    let roles = 1000;
    let site = site_of(roles);
    let server = Server::start_within(&site, &[], Duration::from_secs(300));
    let before = server.rebuilds();
    // The template every page extends: every page is rendered again.
    site.edit(
        "themes/default/templates/base.html",
        "</body>",
        "<span class=\"edited\"></span>\n</body>",
    );
    // Past the watcher's hold and the server's quiet window (10 + 30 ms): the rebuild has
    // started. The storm must fall while it runs, which takes about half a second in a
    // debug build on a machine with nothing else to do: the storm is over in a quarter.
    std::thread::sleep(Duration::from_millis(120));
    let mut last = [0; 3];
    for n in 0..60 {
        let i = n % 3;
        last[i] = n;
        std::fs::write(
            site.root().join(format!("content/roles/role-{i}.md")),
            role(i, roles, &format!(" (storm {n})"), n),
        )
        .expect("write");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(
        server.rebuilds(),
        before,
        "the template's rebuild ended before the storm did, so the storm did not fall \
         during it; the site must be larger for this test to mean anything\n{}",
        server.lines().join("\n")
    );
    for (i, n) in last.iter().enumerate() {
        let wanted = format!("Role {i} (storm {n})");
        server.wait_for_within(
            &format!("the last save of role-{i}"),
            Duration::from_secs(120),
            || {
                server
                    .get(&format!("/roles/role-{i}/"))
                    .body
                    .contains(&wanted)
                    .then_some(())
            },
        );
    }
    assert_settles_to_a_fresh_build(&server, &site, Duration::from_secs(120));
    println!("{}", server.lines().join("\n"));
    server.stop_within(Duration::from_secs(60));
}

/// The first build of a large site takes seconds too (about one in a debug build on a
/// machine with nothing else to do), and a save made while it runs must not be lost
/// either: a role is saved every 20 ms from the moment the server starts until the first
/// build is reported, and the site served then shows the last save.
#[test]
#[ignore = "builds a site of 1,000 roles; .ci/run runs it"]
fn a_save_during_the_first_build_is_not_lost() {
    let _turn = one_at_a_time();
    let roles = 1000;
    let site = site_of(roles);
    let mut server = Server::spawn(&site, &[]);
    let started = Instant::now();
    let mut saves = 0;
    while !server
        .lines()
        .iter()
        .any(|l| l.starts_with("Built the site"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the first build did not end:\n{}",
            server.lines().join("\n")
        );
        saves += 1;
        std::fs::write(
            site.root().join("content/roles/role-0.md"),
            role(0, roles, &format!(" (save {saves})"), saves),
        )
        .expect("write");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Saves made early were read by the first build itself; the later ones, made while it
    // rendered, mean anything only if there were some.
    assert!(
        saves >= 10,
        "the first build took only {saves} saves' time; the site must be larger for this \
         test to mean anything"
    );
    server.wait_started(Duration::from_secs(60));
    let wanted = format!("Role 0 (save {saves})");
    server.wait_for_within("the last save", Duration::from_secs(60), || {
        server
            .get("/roles/role-0/")
            .body
            .contains(&wanted)
            .then_some(())
    });
    assert_settles_to_a_fresh_build(&server, &site, Duration::from_secs(60));
    server.stop_within(Duration::from_secs(60));
}

/// More changes at once than the system's queue of file events holds (Linux's
/// `fs.inotify.max_queued_events`, 16,384 by default): the queue overflows, and the changes
/// after that point reach the server only as "events were lost". The server must then read
/// the whole site again. The overflow is made certain by stopping the server (SIGSTOP) while
/// the files change, as a machine too busy to let it read its events would.
#[test]
#[ignore = "changes files more than 16,384 times; .ci/run runs it"]
fn changes_beyond_the_event_queue_are_not_lost() {
    let _turn = one_at_a_time();
    let files = 50;
    let site = site_of(files);
    let server = Server::start_within(&site, &[], Duration::from_secs(60));
    let queue: usize = std::fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(16_384);
    let signal = |name: &str| {
        let status = Command::new("kill")
            .args([name, &server.pid().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {name}");
    };
    signal("-STOP");
    // Each save is several events (open, modify, close): the queue overflows during the
    // saves to roles 1 to 49, and the one save of role 0 after them is past that point.
    let written = std::panic::catch_unwind(|| {
        for n in 0..queue {
            let i = 1 + n % (files - 1);
            std::fs::write(
                site.root().join(format!("content/roles/role-{i}.md")),
                role(i, files, &format!(" (save {n})"), n),
            )
            .expect("write");
        }
        std::fs::write(
            site.root().join("content/roles/role-0.md"),
            role(0, files, " (saved last)", 0),
        )
        .expect("write");
    });
    signal("-CONT");
    assert!(written.is_ok(), "the saves failed");
    assert_settles_to_a_fresh_build(&server, &site, Duration::from_secs(60));
    assert!(
        server
            .lines()
            .iter()
            .any(|l| l.contains("read the whole site again")),
        "the server was not told of an overflow, so this test tested nothing:\n{}",
        server.lines().join("\n")
    );
    assert!(
        server
            .get("/roles/role-0/")
            .body
            .contains("Role 0 (saved last)")
    );
    server.stop_within(Duration::from_secs(60));
}
