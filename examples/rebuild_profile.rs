// Local profiling harness (not committed): opens a session and times N body edits.
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::PathBuf::from(&args[1]);
    let out = std::path::PathBuf::from(&args[2]);
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    let options = ladder::BuildOptions {
        root: root.clone(),
        output: Some(out),
        no_cache: true,
        ..Default::default()
    };
    let t = Instant::now();
    let (mut s, first) = ladder::session::Session::open(options);
    eprintln!(
        "first {:?} {}",
        t.elapsed(),
        matches!(first, ladder::session::Outcome::Built(_))
    );
    let mut roles: Vec<_> = std::fs::read_dir(root.join("content/roles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    roles.sort();
    let role = roles[roles.len() / 2].clone();
    let original = std::fs::read_to_string(&role).unwrap();
    for i in 0..n {
        std::fs::write(&role, format!("{original}\nmarker {i}\n")).unwrap();
        match s.update(std::slice::from_ref(&role)) {
            ladder::session::Outcome::Built(c) => {
                let st: Vec<String> = c
                    .stages
                    .iter()
                    .map(|(n, d)| format!("{n}={:.1}", d.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!("{:?} {}", c.elapsed, st.join(" "));
            }
            ladder::session::Outcome::Failed(p) => eprintln!("failed {p}"),
        }
    }
    std::fs::write(&role, original).unwrap();
}
