//! Runs `ladder serve` on a free port against a test site and talks HTTP to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::TestSite;

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    /// The folder the server builds into.
    pub output: PathBuf,
    lines: Arc<Mutex<Vec<String>>>,
}

/// What came back on a raw connection.
#[derive(Debug)]
pub struct RawReply {
    /// The status of the first response, if one came.
    pub status: Option<u16>,
    /// Whether the server closed the connection (or reset it) before the reader gave up.
    pub closed: bool,
    /// Everything received, headers and body.
    pub text: String,
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub cache_control: String,
    pub location: String,
    pub body: String,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Server::start_with(site, &[])
    }

    /// `ladder serve` with these flags besides.
    pub fn start_with(site: &TestSite, flags: &[&str]) -> Server {
        Server::start_within(site, flags, Duration::from_secs(15))
    }

    /// `ladder serve` with these flags, given `patience` to build the site first (a large
    /// site's first build in a debug binary takes longer than the usual 15 seconds).
    pub fn start_within(site: &TestSite, flags: &[&str], patience: Duration) -> Server {
        let mut server = Server::spawn(site, flags);
        server.wait_started(patience);
        server
    }

    /// Starts `ladder serve` with these flags and returns at once, while it builds the site;
    /// `url` and `output` are set by `wait_started`.
    pub fn spawn(site: &TestSite, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ladder serve");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().expect("lines").push(line);
                }
            });
        }
        Server {
            child,
            url: String::new(),
            output: PathBuf::new(),
            lines,
        }
    }

    /// Waits (up to `patience`) for a server from `spawn` to build the site and listen.
    pub fn wait_started(&mut self, patience: Duration) {
        let (url, output) = self.wait_for_within("the server to start", patience, || {
            let lines = self.lines();
            let url = lines.iter().find_map(|l| {
                l.split(" at http://")
                    .nth(1)
                    .map(|u| format!("http://{}", u.trim_end_matches('/')))
            });
            let output = lines
                .iter()
                .find_map(|l| l.strip_prefix("Built into ").map(PathBuf::from));
            url.zip(output)
        });
        self.url = url;
        self.output = output;
    }

    /// Everything the server printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("lines").clone()
    }

    /// How many rebuilds the server has reported since it started.
    pub fn rebuilds(&self) -> usize {
        self.lines()
            .iter()
            .filter(|l| l.starts_with("Changed "))
            .count()
    }

    /// Polls `check` until it gives a value; panics after 15 seconds.
    pub fn wait_for<T>(&self, what: &str, check: impl FnMut() -> Option<T>) -> T {
        self.wait_for_within(what, Duration::from_secs(15), check)
    }

    /// Polls `check` until it gives a value; panics after `patience`.
    pub fn wait_for_within<T>(
        &self,
        what: &str,
        patience: Duration,
        mut check: impl FnMut() -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(v) = check() {
                return v;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}; the server printed:\n{}",
                    self.lines().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        request("GET", &format!("{}{path}", self.url))
    }

    /// Waits until the page at `path` satisfies `check`, and returns it.
    pub fn wait_for_page(&self, path: &str, what: &str, check: impl Fn(&Reply) -> bool) -> Reply {
        self.wait_for(what, || {
            let reply = self.get(path);
            check(&reply).then_some(reply)
        })
    }

    /// `127.0.0.1:PORT`, for raw TCP clients.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Sends `bytes` as they are on a new connection (no client library to check or normalise
    /// the request line) and reads until the server closes it or 10 seconds pass.
    pub fn raw(&self, bytes: &[u8]) -> RawReply {
        let mut stream = TcpStream::connect(self.address()).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        // A server may answer and close before taking all of a long request: read anyway.
        let _ = stream.write_all(bytes);
        let mut received = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        let closed = loop {
            match stream.read(&mut chunk) {
                Ok(0) => break true,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    break !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    );
                }
            }
        };
        let text = String::from_utf8_lossy(&received).into_owned();
        let status = text
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok());
        RawReply {
            status,
            closed,
            text,
        }
    }

    /// Builds the site afresh with `ladder build` into a new folder, with the base URL the
    /// server gives its pages, for comparing with what the server built.
    pub fn fresh_build(&self, site: &TestSite) -> tempfile::TempDir {
        let fresh = tempfile::tempdir().expect("fresh");
        let mut options = site.options();
        options.output = Some(fresh.path().join("site"));
        options.base_url = Some(format!("{}/", self.url));
        if let Err(problems) = ladder::build(&options) {
            panic!("a fresh build failed:\n{problems}");
        }
        fresh
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends Ctrl-C and waits for the process to end.
    pub fn interrupt(self) -> std::process::ExitStatus {
        self.signal("-INT")
    }

    /// Sends a signal (`-INT`, `-HUP`, ...) and waits for the process to end.
    pub fn signal(mut self, signal: &str) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Server {
    /// Sends Ctrl-C and gives the server `patience` to stop and remove its folder (a large
    /// site's takes seconds in a debug binary on a busy machine), then kills it. Nothing is
    /// asserted: this is for tests about other things, so that they leave no folder behind.
    pub fn stop_within(mut self, patience: Duration) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                // Its process id is free now and may be given to another process: `drop`
                // must not signal it.
                std::mem::forget(self);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    /// Stops the server as a person would, with Ctrl-C, so that it removes its folder; kills
    /// it if it does not stop.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

pub fn request(method: &str, url: &str) -> Reply {
    let agent = agent();
    let result = match method {
        "HEAD" => agent.head(url).call(),
        "POST" => agent.post(url).send(""),
        _ => agent.get(url).call(),
    };
    let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, cache_control, location) = (
        header("content-type"),
        header("cache-control"),
        header("location"),
    );
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply {
        status,
        content_type,
        cache_control,
        location,
        body,
    }
}
