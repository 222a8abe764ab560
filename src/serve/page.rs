//! What the preview server adds to the pages it serves (never to built files): the live
//! reload script, and while the site has problems, an overlay listing them. Both go into the
//! HTML itself, so a fresh load, or a browser without scripts, shows the overlay too.

use crate::diagnostic::Diagnostics;

/// The path of the Server-Sent Events stream that tells tabs to reload.
pub(crate) const EVENTS_PATH: &str = "/__ladder/events";

/// The path of the shared worker that holds one event stream for all the site's tabs.
pub(crate) const WORKER_PATH: &str = "/__ladder/worker.js";

/// Reloads the tab when the site has been rebuilt since the tab's page was served; after a
/// stylesheet-only change, fetches the stylesheets again instead. Each served page carries
/// the build generation it shows (`LADDER_GENERATION`), and the stream announces the current
/// one on connecting (`hello`) and after every rebuild (`reload`): a tab whose stream comes up
/// late, after a rebuild it missed, still reloads.
///
/// All tabs share one event stream through a shared worker: a browser opens only six
/// HTTP/1.1 connections to one host, and a stream per tab would use them up. Without shared
/// workers, each tab opens its own stream.
const SCRIPT: &str = concat!(
    "<script>(function(){var g=LADDER_GENERATION;",
    "function act(k,n){if(k==='css'){",
    "document.querySelectorAll('link[rel=\"stylesheet\"]').forEach(function(l){",
    "var u=new URL(l.href);u.searchParams.set('ladder-reload',Date.now());l.href=u.href})}",
    "else if(n>g){location.reload()}}",
    "if(window.SharedWorker){var w=new SharedWorker('/__ladder/worker.js');",
    "w.port.onmessage=function(e){act(e.data.kind,e.data.gen)};w.port.start();",
    "addEventListener('pagehide',function(){w.port.postMessage('bye')})}",
    "else{var s=new EventSource('/__ladder/events');",
    "['hello','reload'].forEach(function(k){s.addEventListener(k,function(e){act('reload',+e.data)})});",
    "s.addEventListener('css',function(){act('css',0)})}",
    "})();</script>"
);

/// The shared worker: one event stream, passed on to every connected tab; a tab that
/// connects is told the latest generation at once.
pub(crate) const WORKER: &str = concat!(
    "var ports=[],last=-1;var source=new EventSource('/__ladder/events');",
    "function send(m){ports.forEach(function(p){p.postMessage(m)})}",
    "['hello','reload'].forEach(function(k){source.addEventListener(k,function(e){",
    "last=+e.data;send({kind:'reload',gen:last})})});",
    "source.addEventListener('css',function(){send({kind:'css',gen:last})});",
    "onconnect=function(e){var p=e.ports[0];ports.push(p);",
    "p.onmessage=function(m){if(m.data==='bye'){ports=ports.filter(function(q){return q!==p})}};",
    "p.start();if(last>=0){p.postMessage({kind:'reload',gen:last})}};"
);

/// The overlay for a site with problems: the same messages the command line prints.
pub(crate) fn overlay(problems: &Diagnostics, nothing_built: bool) -> String {
    let n = problems.len();
    let mut list = String::new();
    for p in problems.iter() {
        list.push_str("<li>");
        list.push_str(&escape(&p.to_string()));
        list.push_str("</li>");
    }
    format!(
        concat!(
            r#"<div id="ladder-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;"#,
            r#"background:rgba(24,6,6,.94);color:#fff;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem">"#,
            r#"<p style="font:600 20px/1.3 system-ui,sans-serif;margin:0 0 .5rem">ladder: the site has {n} problem{s}</p>"#,
            r#"<p style="font:15px/1.5 system-ui,sans-serif;margin:0 0 1rem;color:#f6d7d7">Fix {them} and save: this page reloads by itself. "#,
            r#"{beneath}</p>"#,
            r#"<ul style="margin:0;padding-left:1.2rem;white-space:pre-wrap;word-break:break-word">{list}</ul></div>"#
        ),
        n = n,
        s = if n == 1 { "" } else { "s" },
        them = if n == 1 { "it" } else { "them" },
        list = list,
        beneath = if nothing_built {
            "Nothing has built yet."
        } else {
            "Underneath is the last version that built."
        }
    )
}

/// `html` with the live reload script (for a page of build `generation`) before `</body>`
/// and, if given, the overlay just after `<body ...>`.
pub(crate) fn inject(html: &str, overlay: Option<&str>, generation: u64) -> String {
    let script = SCRIPT.replace("LADDER_GENERATION", &generation.to_string());
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + SCRIPT.len() + overlay.map_or(0, str::len));
    let body_start = lower
        .find("<body")
        .and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    let body_end = lower.rfind("</body>");
    match (overlay, body_start) {
        (Some(o), Some(at)) if body_end.is_none_or(|end| at <= end) => {
            out.push_str(&html[..at]);
            out.push_str(o);
            push_with_script(&mut out, &html[at..], body_end.map(|e| e - at), &script);
        }
        (Some(o), _) => {
            out.push_str(o);
            push_with_script(&mut out, html, body_end, &script);
        }
        (None, _) => push_with_script(&mut out, html, body_end, &script),
    }
    out
}

fn push_with_script(out: &mut String, html: &str, body_end: Option<usize>, script: &str) {
    match body_end {
        Some(end) => {
            out.push_str(&html[..end]);
            out.push_str(script);
            out.push_str(&html[end..]);
        }
        None => {
            out.push_str(html);
            out.push_str(script);
        }
    }
}

/// Text made safe to put in HTML, with the escaping the templates use.
fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    match tera::escape_html(text, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A page for when there is no page to show: nothing has built yet, or nothing is there.
pub(crate) fn bare(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body><h1>{t}</h1><p>{x}</p></body></html>",
        t = escape(title),
        x = escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Location};

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = inject("<html><body class=x><p>Hi</p></body></html>", None, 7);
        assert!(page.contains("var g=7;"), "{page}");
        assert!(
            page.starts_with("<html><body class=x><p>Hi</p><script>"),
            "{page}"
        );
        assert!(page.ends_with("</script></body></html>"), "{page}");
        let bare = inject("<p>no body</p>", None, 7);
        assert!(bare.starts_with("<p>no body</p><script>"), "{bare}");
    }

    #[test]
    fn the_overlay_opens_the_body_and_escapes_messages() {
        let problems = Diagnostics::new(vec![Diagnostic::at(
            "content/roles/a.md",
            Location { line: 3, col: 1 },
            "unknown field `<b>`",
        )]);
        let page = inject(
            "<html><BODY><p>Old</p></BODY></html>",
            Some(&overlay(&problems, false)),
            7,
        );
        let at = page.find("ladder-overlay").expect("overlay");
        assert!(page.find("<BODY>").expect("body") < at);
        assert!(at < page.find("<p>Old</p>").expect("old page"));
        assert!(
            page.contains("content/roles/a.md:3:1: unknown field `&lt;b&gt;`"),
            "{page}"
        );
        assert!(page.contains("the site has 1 problem"), "{page}");
    }
}
