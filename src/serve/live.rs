//! Live-reload channel: build results → Server-Sent Events at `GET /__gloss/events`, which the
//! script in `live.js` (injected into served pages) turns into reloads, stylesheet swaps and
//! the error overlay.
//!
//! Events (the data is always JSON):
//! - `reload`: the URL paths of the output files that changed (`["/articles/a/", "/atom.xml"]`);
//! - `css`: the URL paths of changed stylesheets, when nothing else changed;
//! - `error`: the build failed; a list of `{file, line, column, message}`;
//! - `ok`: the site builds (again); clears the overlay.
//! - `warnings`: the last good build's warnings changed; a list of groups
//!   `{category, count, shown: [{file, line, column, message}]}` (empty: none left).
//!
//! A client that connects is first told the current state (`error` or `ok`, then `warnings`
//! when there are any), so a page opened while the site is broken shows the overlay at once.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use crate::serve::overlay::{BuildError, WarningGroup};
use crate::serve::server::ServerState;

/// Where the browser listens for events.
pub const EVENTS_PATH: &str = "/__gloss/events";
/// Where the browser fetches the live-reload script.
pub const SCRIPT_PATH: &str = "/__gloss/live.js";
/// The live-reload client, injected into served HTML only (never into `gloss build` output).
pub const SCRIPT: &str = include_str!("live.js");

/// How soon a browser reconnects after the server went away (EventSource's `retry`).
const RECONNECT_AFTER: Duration = Duration::from_millis(500);
/// Events kept for a slow client before it starts missing them.
const BACKLOG: usize = 64;

/// One message to every open page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    Reload(Vec<String>),
    Css(Vec<String>),
    Error(Vec<BuildError>),
    Ok,
    Warnings(Vec<WarningGroup>),
}

impl LiveEvent {
    /// What a successful build means for the open pages, from the output paths it wrote
    /// (relative to the output folder): nothing when nothing changed, a stylesheet swap when
    /// only stylesheets changed, a reload otherwise.
    pub fn from_written(written: &[String]) -> Option<LiveEvent> {
        if written.is_empty() {
            return None;
        }
        let mut paths: Vec<String> = written.iter().map(|p| url_path_of(p)).collect();
        paths.sort();
        paths.dedup();
        if written.iter().all(|p| p.ends_with(".css")) {
            Some(LiveEvent::Css(paths))
        } else {
            Some(LiveEvent::Reload(paths))
        }
    }

    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Reload(_) => "reload",
            LiveEvent::Css(_) => "css",
            LiveEvent::Error(_) => "error",
            LiveEvent::Ok => "ok",
            LiveEvent::Warnings(_) => "warnings",
        }
    }

    /// The SSE data: JSON.
    pub fn data(&self) -> String {
        let json = match self {
            LiveEvent::Reload(paths) | LiveEvent::Css(paths) => serde_json::to_string(paths),
            LiveEvent::Error(errors) => serde_json::to_string(errors),
            LiveEvent::Ok => Ok("{}".to_string()),
            LiveEvent::Warnings(groups) => serde_json::to_string(groups),
        };
        json.expect("strings and plain structs always serialize")
    }

    fn to_sse(&self) -> Event {
        Event::default().event(self.name()).data(self.data())
    }
}

/// The URL path under which the server serves an output file: `articles/a/index.html` →
/// `/articles/a/`, `atom.xml` → `/atom.xml`.
pub fn url_path_of(output_path: &str) -> String {
    let path = output_path.trim_start_matches('/');
    if path == "index.html" {
        return "/".to_string();
    }
    match path.strip_suffix("/index.html") {
        Some(folder) => format!("/{folder}/"),
        None => format!("/{path}"),
    }
}

/// The channel between the rebuild loop and every connected page, plus the site's current
/// state (broken or not) for pages that connect later.
pub struct LiveChannel {
    sender: broadcast::Sender<LiveEvent>,
    current_error: Mutex<Option<Vec<BuildError>>>,
    current_warnings: Mutex<Vec<WarningGroup>>,
    stopping: watch::Receiver<bool>,
}

impl LiveChannel {
    /// A channel whose event streams end once `stopping` turns true (so a graceful shutdown
    /// does not wait forever on open pages).
    pub fn new(stopping: watch::Receiver<bool>) -> LiveChannel {
        let (sender, _) = broadcast::channel(BACKLOG);
        LiveChannel {
            sender,
            current_error: Mutex::new(None),
            current_warnings: Mutex::new(Vec::new()),
            stopping,
        }
    }

    /// Sends `event` to every open page, and remembers whether the site is broken.
    pub fn publish(&self, event: LiveEvent) {
        match &event {
            LiveEvent::Error(errors) => *self.lock_error() = Some(errors.clone()),
            LiveEvent::Ok => *self.lock_error() = None,
            LiveEvent::Warnings(groups) => *self.lock_warnings() = groups.clone(),
            LiveEvent::Reload(_) | LiveEvent::Css(_) => {}
        }
        // No receivers just means no page is open.
        let _ = self.sender.send(event);
    }

    /// The state a newly connected page must learn first.
    pub fn current_state(&self) -> LiveEvent {
        match self.lock_error().clone() {
            Some(errors) => LiveEvent::Error(errors),
            None => LiveEvent::Ok,
        }
    }

    /// The warnings of the last good build, grouped.
    pub fn current_warnings(&self) -> Vec<WarningGroup> {
        self.lock_warnings().clone()
    }

    /// A receiver of later events, and the current state with the current warnings, if any
    /// (taken after subscribing, so nothing published in between is lost).
    pub fn subscribe(&self) -> (Vec<LiveEvent>, broadcast::Receiver<LiveEvent>) {
        let receiver = self.sender.subscribe();
        let mut first = vec![self.current_state()];
        let warnings = self.current_warnings();
        if !warnings.is_empty() {
            first.push(LiveEvent::Warnings(warnings));
        }
        (first, receiver)
    }

    fn lock_warnings(&self) -> std::sync::MutexGuard<'_, Vec<WarningGroup>> {
        self.current_warnings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lock_error(&self) -> std::sync::MutexGuard<'_, Option<Vec<BuildError>>> {
        self.current_error.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `GET /__gloss/events`: the event stream of one page.
pub async fn stream_events(
    State(state): State<Arc<ServerState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (first, receiver) = state.live.subscribe();
    let stopping = state.live.stopping.clone();
    let mut first: std::collections::VecDeque<Event> =
        first.iter().map(LiveEvent::to_sse).collect();
    if let Some(state) = first.pop_front() {
        first.push_front(state.retry(RECONNECT_AFTER));
    }
    let stream = futures_util::stream::unfold(
        (first, receiver, stopping),
        |(mut first, mut receiver, mut stopping)| async move {
            if let Some(event) = first.pop_front() {
                return Some((Ok(event), (first, receiver, stopping)));
            }
            loop {
                let received = tokio::select! {
                    _ = stopping.wait_for(|stop| *stop) => return None,
                    received = receiver.recv() => received,
                };
                match received {
                    Ok(event) => return Some((Ok(event.to_sse()), (first, receiver, stopping))),
                    // Too slow to keep up: the next event still reaches it.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn maps_output_files_to_url_paths() {
        assert_eq!(url_path_of("index.html"), "/");
        assert_eq!(url_path_of("articles/a/index.html"), "/articles/a/");
        assert_eq!(url_path_of("404.html"), "/404.html");
        assert_eq!(url_path_of("static/style.css"), "/static/style.css");
    }

    #[test]
    fn stylesheets_alone_swap_anything_else_reloads() {
        let css = LiveEvent::from_written(&strings(&["static/style.css", "static/print.css"]));
        assert_eq!(css, Some(LiveEvent::Css(strings(&["/static/print.css", "/static/style.css"]))));
        let mixed = LiveEvent::from_written(&strings(&["static/style.css", "index.html"]));
        assert_eq!(mixed, Some(LiveEvent::Reload(strings(&["/", "/static/style.css"]))));
        assert_eq!(LiveEvent::from_written(&[]), None);
    }

    #[test]
    fn remembers_the_error_until_ok() {
        let (_stop, stopping) = watch::channel(false);
        let live = LiveChannel::new(stopping);
        assert_eq!(live.current_state(), LiveEvent::Ok);
        let error = BuildError { file: None, line: 0, column: 0, message: "x".into() };
        live.publish(LiveEvent::Error(vec![error.clone()]));
        live.publish(LiveEvent::Reload(vec![]));
        assert_eq!(live.current_state(), LiveEvent::Error(vec![error]));
        live.publish(LiveEvent::Ok);
        assert_eq!(live.current_state(), LiveEvent::Ok);
    }

    #[test]
    fn error_data_is_a_json_list_of_places() {
        let error =
            BuildError { file: Some("a.md".into()), line: 2, column: 5, message: "<b>".into() };
        let data = LiveEvent::Error(vec![error]).data();
        assert_eq!(data, r#"[{"file":"a.md","line":2,"column":5,"message":"<b>"}]"#);
    }
}
