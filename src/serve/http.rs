//! The preview's HTTP side: files from the output folder only (no `..`, no encoded tricks,
//! no symbolic links out), the right Content-Type, `/roles/x` redirected to `/roles/x/`, the
//! theme's 404 page with status 404, no caching, and the live-reload event stream.

use std::convert::Infallible;
use std::path::{Component, Path};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::page::{self, EVENTS_PATH, WORKER, WORKER_PATH};
use super::{Shared, Signal};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(WORKER_PATH, get(worker))
        .fallback(file)
        .with_state(shared)
}

/// The live-reload stream: first `hello` with the current build generation, then `reload`
/// with each new generation and `css` after stylesheet-only changes.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let receiver = shared.signals.subscribe();
    let hello = Event::default()
        .event("hello")
        .data(shared.generation.load(Ordering::SeqCst).to_string());
    let current = Arc::clone(&shared);
    let updates = BroadcastStream::new(receiver)
        .take_while(|s| !matches!(s, Ok(Signal::Shutdown)))
        .map(move |s| match s {
            Ok(Signal::Css) => Event::default().event("css").data("css"),
            Ok(Signal::Reload(generation)) => Event::default()
                .event("reload")
                .data(generation.to_string()),
            // A tab too slow to take every signal is told the current generation.
            _ => Event::default()
                .event("reload")
                .data(current.generation.load(Ordering::SeqCst).to_string()),
        });
    let stream = tokio_stream::once(hello)
        .chain(updates)
        .map(Ok::<Event, Infallible>);
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    no_store(&mut response);
    response
}

/// The shared worker that passes the event stream on to every tab.
async fn worker() -> Response {
    let mut response = WORKER.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    no_store(&mut response);
    response
}

/// Serves a file of the output folder.
async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let overlay = shared.overlay.read().ok().and_then(|o| o.clone());
    let generation = shared.generation.load(Ordering::SeqCst);
    // Behind a proxy that keeps the base URL's path, requests carry it: the site is at its
    // root all the same.
    let path = uri.path();
    let path = match path.strip_prefix(shared.base_path.as_str()) {
        Some(rest)
            if !shared.base_path.is_empty() && (rest.is_empty() || rest.starts_with('/')) =>
        {
            rest
        }
        _ => path,
    };
    let Some(parts) = safe_parts(path) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let wanted = parts
        .iter()
        .fold(shared.output.clone(), |p, part| p.join(part));
    let output = tokio::fs::canonicalize(&shared.output)
        .await
        .unwrap_or_else(|_| shared.output.clone());
    let found = match tokio::fs::canonicalize(&wanted).await {
        Ok(real) if real.starts_with(&output) => Some(real),
        _ => None,
    };
    let path = match found {
        Some(p) if p.is_dir() => {
            if !uri.path().ends_with('/') {
                // One leading slash: `//roles` must not become a link to the host `roles`.
                let path = format!("/{}/", uri.path().trim_start_matches('/'));
                let target = match uri.query() {
                    Some(q) => format!("{path}?{q}"),
                    None => path,
                };
                return redirect(&target);
            }
            p.join("index.html")
        }
        Some(p) => p,
        None => return not_found(&shared.output, overlay.as_deref(), generation).await,
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => respond(StatusCode::OK, &path, bytes, overlay.as_deref(), generation),
        Err(_) => not_found(&shared.output, overlay.as_deref(), generation).await,
    }
}

/// The decoded segments of a request path, or `None` if any could leave the folder.
fn safe_parts(raw: &str) -> Option<Vec<String>> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment.contains(['\\', '\0']) {
            return None;
        }
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => parts.push(segment.to_string()),
            _ => return None,
        }
    }
    Some(parts)
}

async fn not_found(output: &Path, overlay: Option<&str>, generation: u64) -> Response {
    let page_404 = output.join("404.html");
    match tokio::fs::read(&page_404).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, &page_404, bytes, overlay, generation),
        Err(_) => {
            let html = if overlay.is_some() {
                page::bare(
                    "The site has not built yet",
                    "Fix the problems listed above.",
                )
            } else {
                page::bare("Page not found", "There is no page at this address.")
            };
            respond(
                StatusCode::NOT_FOUND,
                Path::new("x.html"),
                html.into_bytes(),
                overlay,
                generation,
            )
        }
    }
}

fn respond(
    status: StatusCode,
    path: &Path,
    bytes: Vec<u8>,
    overlay: Option<&str>,
    generation: u64,
) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        Body::from(page::inject(
            &String::from_utf8_lossy(&bytes),
            overlay,
            generation,
        ))
    } else {
        Body::from(bytes)
    };
    // Fonts by their registered types, where mime_guess still has the old ones.
    let font = match path.extension().and_then(|e| e.to_str()) {
        Some("woff") => Some("font/woff"),
        Some("woff2") => Some("font/woff2"),
        Some("otf") => Some("font/otf"),
        Some("ttf") => Some("font/ttf"),
        _ => None,
    };
    let content_type = match (font, mime.type_()) {
        (Some(font), _) => font.to_string(),
        (None, mime_guess::mime::TEXT) => format!("{}; charset=utf-8", mime.essence_str()),
        (None, _) if mime.essence_str() == "application/javascript" => {
            "text/javascript; charset=utf-8".to_string()
        }
        (None, _) => mime.essence_str().to_string(),
    };
    let mut response = Response::builder()
        .status(status)
        .body(body)
        .unwrap_or_else(|_| Response::new(Body::empty()));
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    no_store(&mut response);
    response
}

fn redirect(target: &str) -> Response {
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(v) = HeaderValue::from_str(target) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    no_store(&mut response);
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    no_store(&mut response);
    response
}

/// A preview must never be cached: the next rebuild may change any file.
fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        assert_eq!(safe_parts("/roles/a/").unwrap(), ["roles", "a"]);
        assert_eq!(safe_parts("/caf%C3%A9/").unwrap(), ["café"]);
        assert_eq!(safe_parts("/").unwrap(), Vec::<String>::new());
        for bad in [
            "/../etc/passwd",
            "/roles/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a/%2e/b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%ff",
        ] {
            assert!(safe_parts(bad).is_none(), "{bad}");
        }
    }
}
