//! A build killed at any moment leaves the output folder as the old site or the new one:
//! never missing, never a mix. Where it was killed while renaming files into place, its
//! journal is left, and the next build carries it out before anything else.

mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{TestSite, tree};

/// A site big enough that a build takes a while, so that kills land in every stage.
fn big_site() -> TestSite {
    let site = TestSite::new("");
    for i in 0..150 {
        site.write(
            &format!("content/roles/role-{i}.md"),
            &format!(
                "+++\ntitle = \"Role {i}\"\nsummary = \"Does {i}.\"\nskills = [\"Skill {}\", \"Skill {}\"]\n+++\nBody {i}.\n",
                i % 20,
                i % 7
            ),
        );
        let mut salary = format!("role = \"role-{i}\"\n");
        for (city, country, currency) in [
            ("London", "United Kingdom", "GBP"),
            ("Berlin", "Germany", "EUR"),
            ("Paris", "France", "EUR"),
            ("Bengaluru", "India", "INR"),
        ] {
            salary.push_str(&format!(
                "[[city]]\ncity = \"{city}\"\ncountry = \"{country}\"\ncurrency = \"{currency}\"\nmedian = {}\n",
                40_000 + i * 100
            ));
        }
        site.write(&format!("content/salaries/role-{i}.toml"), &salary);
    }
    site
}

fn set_title(site: &TestSite, title: &str) {
    site.write(
        "site.toml",
        &common::SITE_TOML.replace("Test Careers", title),
    );
}

fn ladder(site: &TestSite) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ladder"));
    c.arg("build").current_dir(site.root());
    c
}

/// The output of a build of the site as it is now, in a folder of its own.
fn expected(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let fresh = common::fresh_build(site);
    tree(&fresh.path().join("site"))
}

/// A small generator of pseudo-random numbers with a fixed seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let site = big_site();
    let titles = ["Old Careers", "New Careers"];
    set_title(&site, titles[1]);
    let trees = [
        {
            set_title(&site, titles[0]);
            expected(&site)
        },
        {
            set_title(&site, titles[1]);
            expected(&site)
        },
    ];
    // How long a whole build takes here, to spread the kills over it.
    let started = Instant::now();
    assert!(ladder(&site).output().expect("run").status.success());
    let whole = started.elapsed();
    assert_eq!(tree(&site.out("")), trees[1]);

    let mut rng = Lcg(7);
    let journal = site.root().join(".public.ladder/journal");
    let staged = site.root().join(".public.ladder/new");
    let mut journals_left = 0;
    for round in 0..20 {
        let target = round % 2;
        set_title(&site, titles[target]);
        // Some rounds write a new folder whole, the others update one in place.
        let whole_folder = round % 5 == 4;
        if whole_folder {
            std::fs::remove_dir_all(site.out("")).expect("rm");
        }
        let before = if whole_folder {
            BTreeMap::new()
        } else {
            tree(&site.out(""))
        };
        // A third of the kills at any moment, the others once the build has started to put
        // files in place (its journal or its staged folder appears), a little later.
        let span = whole.as_micros() as u64 * 12 / 10;
        let mut child = ladder(&site).spawn().expect("spawn");
        let at = if round % 3 == 0 {
            let at = rng.below(span);
            std::thread::sleep(Duration::from_micros(at));
            at
        } else {
            let sign = if whole_folder { &staged } else { &journal };
            let waited = Instant::now();
            while !sign.exists() && waited.elapsed() < whole * 3 {
                std::thread::sleep(Duration::from_micros(50));
            }
            let at = rng.below(2000);
            std::thread::sleep(Duration::from_micros(at));
            waited.elapsed().as_micros() as u64
        };
        let _ = child.kill();
        let _ = child.wait();

        let out = site.out("");
        if whole_folder {
            assert!(
                !out.exists() || tree(&out) == trees[target],
                "round {round}: a half-written folder took the output's place"
            );
        } else if journal.exists() {
            journals_left += 1;
        } else {
            let now = tree(&out);
            assert!(
                now == before || now == trees[target],
                "round {round}, killed after {at} µs: the output is neither the old site nor the new one"
            );
        }
        // The next build finishes the job (or starts it again) and gets it right.
        let status = ladder(&site).output().expect("run");
        assert!(status.status.success(), "round {round}: {status:?}");
        assert!(tree(&out) == trees[target], "round {round}");
        assert!(!journal.exists());
        assert!(!staged.exists());
    }
    // The kills timed by the journal land while files are renamed into place: that path
    // must have been tried, not only the easy ones.
    assert!(journals_left > 0, "no kill left a journal");
}

/// Staging folders beside the output (`.public.ladder-*`) that builds of earlier ladder
/// versions left when they were killed are removed by the next build; other folders there
/// are not touched.
#[test]
fn staging_folders_left_by_killed_builds_are_removed() {
    let site = TestSite::new("");
    let stale = site.root().join(".public.ladder-x1y2z3");
    std::fs::create_dir_all(stale.join("roles/a")).expect("mkdir");
    std::fs::write(stale.join("roles/a/index.html"), "half").expect("write");
    let other = site.root().join(".public.keep");
    std::fs::create_dir_all(&other).expect("mkdir");
    // The staging folder of today's builds, left by a build killed while staging.
    let staged = site.root().join(".public.ladder/new");
    std::fs::create_dir_all(&staged).expect("mkdir");
    std::fs::write(staged.join("0"), "half").expect("write");
    assert!(ladder(&site).status().expect("run").success());
    assert!(!stale.exists());
    assert!(!staged.exists());
    assert!(other.exists());
}

/// A small file system of its own, mounted for a test and unmounted when dropped.
struct Mounted {
    dir: std::path::PathBuf,
}

impl Mounted {
    /// Mounts a tmpfs of `size` (`2m`) at `dir`; needs root.
    fn tmpfs(dir: &std::path::Path, size: &str) -> Mounted {
        std::fs::create_dir_all(dir).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "cannot mount a tmpfs at {} (this test needs root, as .ci/run has)",
            dir.display()
        );
        Mounted {
            dir: dir.to_path_buf(),
        }
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

/// Runs `ladder build --output <out>` and returns its exit code and stderr.
fn build_into(site: &TestSite, out: &std::path::Path) -> (Option<i32>, String) {
    let o = ladder(site).arg("--output").arg(out).output().expect("run");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A full disk and a read-only output folder are clear errors, and the site built before
/// stays whole; once there is room again, the next build succeeds.
#[test]
#[ignore = "mounts a small tmpfs, which needs root; .ci/run runs it with --include-ignored"]
fn a_full_disk_or_a_read_only_output_keeps_the_old_site() {
    let site = TestSite::new("");
    let disk = Mounted::tmpfs(&site.root().join("disk"), "1m");
    let out = disk.dir.join("public");
    let (code, stderr) = build_into(&site, &out);
    assert_eq!(code, Some(0), "{stderr}");
    let before = tree(&out);

    // Pages that do not fit: 40 roles of 40 kB each.
    for i in 0..40 {
        site.write(
            &format!("content/roles/big-{i}.md"),
            &format!(
                "+++\ntitle = \"Big {i}\"\nsummary = \"S\"\n+++\n{}\n",
                "Words that fill the disk. ".repeat(1600)
            ),
        );
    }
    let (code, stderr) = build_into(&site, &out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(tree(&out) == before, "the output changed on a full disk");

    // Read-only: the same.
    disk.remount("ro");
    let (code, stderr) = build_into(&site, &out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert!(
        tree(&out) == before,
        "the output changed on a read-only disk"
    );

    // Room again: the big roles go, and the site builds.
    disk.remount("rw");
    for i in 0..40 {
        std::fs::remove_file(site.root().join(format!("content/roles/big-{i}.md"))).expect("rm");
    }
    site.write(
        "content/roles/small.md",
        "+++\ntitle = \"Small\"\nsummary = \"S\"\n+++\n",
    );
    let (code, stderr) = build_into(&site, &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.join("roles/small/index.html").is_file());
}
