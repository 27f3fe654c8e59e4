//! HTTP side of serve: a request path → a file from the output folder, with its content type,
//! the live-reload script injected into HTML, and the site's own 404 page (status 404) for
//! anything else.
//!
//! Requests never reach outside the output folder: `..` segments (plain or percent-encoded),
//! encoded slashes and symlinks that lead out are refused, and folders are never listed.

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio::net::TcpListener;

use crate::serve::live::{self, LiveChannel};

/// What every request handler shares: passed explicitly, never global.
pub struct ServerState {
    pub out_dir: PathBuf,
    pub live: LiveChannel,
}

/// The whole HTTP surface: the event stream, the script, and the output folder.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(live::EVENTS_PATH, get(live::stream_events))
        .route(live::SCRIPT_PATH, get(serve_live_script))
        .fallback(serve_output_file)
        .with_state(state)
}

/// Which port to listen on.
#[derive(Clone, Copy, Debug)]
pub enum PortChoice {
    /// The user asked for this port: anything else would surprise them, so a busy port fails.
    Exact(u16),
    /// The default: the first free port of `from`, `from + 1`, ... (`tries` ports in all).
    FirstFree { from: u16, tries: u16 },
}

/// Binds the listening socket. Returns it with the address actually bound.
pub async fn bind_listener(ip: IpAddr, ports: PortChoice) -> Result<(TcpListener, SocketAddr)> {
    let candidates: Vec<u16> = match ports {
        PortChoice::Exact(port) => vec![port],
        PortChoice::FirstFree { from, tries } => {
            (0..tries).filter_map(|offset| from.checked_add(offset)).collect()
        }
    };
    for &port in &candidates {
        match TcpListener::bind(SocketAddr::new(ip, port)).await {
            Ok(listener) => {
                let addr = listener.local_addr().context("cannot read the bound address")?;
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot listen on {}", SocketAddr::new(ip, port)));
            }
        }
    }
    match ports {
        PortChoice::Exact(port) => bail!(
            "port {port} on {ip} is already in use (another `gloss serve`?); \
             choose another with --port, or leave --port out to take the next free one"
        ),
        PortChoice::FirstFree { from, .. } => bail!(
            "ports {from} to {} on {ip} are all in use; choose a free one with --port",
            candidates.last().copied().unwrap_or(from)
        ),
    }
}

async fn serve_live_script() -> Response {
    let mut response = live::SCRIPT.into_response();
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where a request path leads inside the output folder.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file, and its path relative to the output folder (`/`-separated).
    File(PathBuf, String),
    /// A folder asked for without its trailing slash: redirect, so relative links work.
    Folder,
    NotFound,
    /// A path that tries to leave the output folder, or cannot be decoded.
    Refused,
}

async fn serve_output_file(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "")
            .into_response();
    }
    match resolve_request_path(&state.out_dir, uri.path()).await {
        Target::File(path, relative) => match tokio::fs::read(&path).await {
            Ok(bytes) => file_response(StatusCode::OK, &relative, bytes),
            Err(_) => not_found_response(&state.out_dir).await,
        },
        Target::Folder => {
            let location = match uri.query() {
                Some(query) => format!("{}/?{query}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response()
        }
        Target::NotFound => not_found_response(&state.out_dir).await,
        Target::Refused => (StatusCode::BAD_REQUEST, "bad request path\n").into_response(),
    }
}

/// Resolves a raw (still percent-encoded) request path against the output folder.
async fn resolve_request_path(out_dir: &Path, raw_path: &str) -> Target {
    let Some(segments) = decode_segments(raw_path) else {
        return Target::Refused;
    };
    let Ok(root) = tokio::fs::canonicalize(out_dir).await else {
        return Target::NotFound;
    };
    let mut relative = segments.join("/");
    let mut path = root.join(&relative);
    let Ok(metadata) = tokio::fs::metadata(&path).await else {
        return Target::NotFound;
    };
    if metadata.is_dir() {
        if !raw_path.ends_with('/') {
            return Target::Folder;
        }
        path.push("index.html");
        relative = if relative.is_empty() { "index.html".into() } else { relative + "/index.html" };
    } else if raw_path.ends_with('/') {
        return Target::NotFound;
    }
    // A symlink inside the output may point anywhere; only what ends up inside is served.
    match tokio::fs::canonicalize(&path).await {
        Ok(real) if real.starts_with(&root) && real.is_file() => Target::File(real, relative),
        _ => Target::NotFound,
    }
}

/// The decoded, non-empty segments of a request path; `None` when one of them would step out
/// of its folder (`.`, `..`, a slash or backslash hidden by percent-encoding) or is not UTF-8.
fn decode_segments(raw_path: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    for raw in raw_path.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode_str(raw).decode_utf8().ok()?;
        let escapes = segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']);
        if escapes || (cfg!(windows) && segment.contains(':')) {
            return None;
        }
        segments.push(segment.into_owned());
    }
    Some(segments)
}

/// The site's own `404.html` with status 404, or a plain page when the site has none yet (so
/// the error overlay still has a page to appear on).
async fn not_found_response(out_dir: &Path) -> Response {
    match tokio::fs::read(out_dir.join("404.html")).await {
        Ok(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes),
        Err(_) => {
            let page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title>\
                        </head><body><h1>Not found</h1><p>This site has no page here.</p></body></html>\n";
            file_response(StatusCode::NOT_FOUND, "404.html", page.as_bytes().to_vec())
        }
    }
}

fn file_response(status: StatusCode, relative: &str, bytes: Vec<u8>) -> Response {
    let content_type = content_type_of(relative);
    let body = if content_type.starts_with("text/html") {
        inject_live_script(&bytes, &live::url_path_of(relative))
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Every request must see the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of an output file, with `charset=utf-8` for text (gloss writes UTF-8).
fn content_type_of(relative: &str) -> String {
    let mime = mime_guess::from_path(relative).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml" | "svg+xml"
        );
    if textual && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Adds the live-reload script before the last `</body>` (or at the end when there is none).
/// `page` is the URL path of the file served, so the script knows which changes concern it.
fn inject_live_script(html: &[u8], page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{}\" data-page=\"{}\"></script>",
        live::SCRIPT_PATH,
        escape_attribute(page)
    );
    let at = find_last_ignoring_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window.eq_ignore_ascii_case(needle))
}

fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dot_dot_plain_and_encoded() {
        assert_eq!(decode_segments("/a/../b"), None);
        assert_eq!(decode_segments("/%2e%2e/etc/passwd"), None);
        assert_eq!(decode_segments("/%2E%2E/etc"), None);
        assert_eq!(decode_segments("/a%2f..%2fb"), None);
        assert_eq!(decode_segments("/a%5c..%5cb"), None);
        assert_eq!(decode_segments("/a/./b"), None);
        assert_eq!(decode_segments("/a%00"), None);
        assert_eq!(decode_segments("/%ff"), None);
    }

    #[test]
    fn decodes_ordinary_segments() {
        assert_eq!(decode_segments("/"), Some(vec![]));
        assert_eq!(
            decode_segments("/articles/caf%C3%A9/"),
            Some(vec!["articles".into(), "café".into()])
        );
        assert_eq!(decode_segments("/a..b/c"), Some(vec!["a..b".into(), "c".into()]));
    }

    #[test]
    fn injects_before_the_last_closing_body() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject_live_script(html, "/a/")).unwrap();
        assert_eq!(
            out,
            "<html><body><p>&lt;/body&gt;</p><script src=\"/__gloss/live.js\" data-page=\"/a/\">\
             </script></BODY></html>"
        );
        let bare = String::from_utf8(inject_live_script(b"<p>x", "/\"x/")).unwrap();
        assert!(bare.ends_with("data-page=\"/&quot;x/\"></script>"), "{bare}");
    }

    #[test]
    fn text_types_carry_utf8() {
        assert_eq!(content_type_of("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type_of("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type_of("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type_of("data/articles.json"), "application/json; charset=utf-8");
        assert_eq!(content_type_of("logo.png"), "image/png");
        assert_eq!(content_type_of("search-index/t/ka.bin"), "application/octet-stream");
    }

    #[tokio::test]
    async fn a_busy_default_port_moves_on_and_a_busy_chosen_one_fails() {
        let loopback = IpAddr::from([127, 0, 0, 1]);
        let taken = TcpListener::bind((loopback, 0)).await.unwrap();
        let port = taken.local_addr().unwrap().port();
        let choice = PortChoice::FirstFree { from: port, tries: 10 };
        let (_listener, addr) = bind_listener(loopback, choice).await.unwrap();
        assert!(addr.port() > port && addr.port() < port.saturating_add(10), "{addr}");
        let error = bind_listener(loopback, PortChoice::Exact(port)).await.unwrap_err();
        assert!(error.to_string().contains("already in use"), "{error}");
    }

    fn output_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[tokio::test]
    async fn folders_serve_their_index_and_redirect_without_slash() {
        let dir = output_with(&[("index.html", "home"), ("articles/a/index.html", "a")]);
        let out = dir.path();
        let root = out.canonicalize().unwrap();
        assert_eq!(
            resolve_request_path(out, "/").await,
            Target::File(root.join("index.html"), "index.html".into())
        );
        assert_eq!(
            resolve_request_path(out, "/articles/a/").await,
            Target::File(root.join("articles/a/index.html"), "articles/a/index.html".into())
        );
        assert_eq!(resolve_request_path(out, "/articles/a").await, Target::Folder);
        assert_eq!(resolve_request_path(out, "/articles/").await, Target::NotFound);
        assert_eq!(resolve_request_path(out, "/index.html/").await, Target::NotFound);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn symlinks_leading_out_are_not_followed() {
        let site = output_with(&[("secret.txt", "secret"), ("dist/index.html", "home")]);
        let out = site.path().join("dist");
        std::os::unix::fs::symlink(site.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(site.path(), out.join("up")).unwrap();
        std::os::unix::fs::symlink(out.join("index.html"), out.join("home.html")).unwrap();
        assert_eq!(resolve_request_path(&out, "/leak.txt").await, Target::NotFound);
        assert_eq!(resolve_request_path(&out, "/up/secret.txt").await, Target::NotFound);
        assert!(matches!(resolve_request_path(&out, "/home.html").await, Target::File(..)));
    }
}
