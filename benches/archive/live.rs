//! Edit-to-reload latency of a running dev server: `gloss serve` (until its live-reload event
//! arrives on `GET /__gloss/events`) and `hugo server` (until the page it serves shows the edit).
//!
//! Input: a server command, the files to edit and the pages that show them. Output: one result
//! per step, with the server's peak memory over the whole session.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::http::{self, Event};
use crate::measure::{Server, peak_rss_of_running};
use crate::report::StepResult;
use crate::workdir;

/// Where gloss serve sends `reload`, `css`, `error` and `ok` events.
pub const EVENTS_PATH: &str = "/__gloss/events";

/// How long one edit may take to show before the run counts as failed.
const EDIT_TIMEOUT: Duration = Duration::from_secs(60);
/// Quiet time after start-up and between edits, so each edit is timed on its own.
const SETTLE: Duration = Duration::from_millis(1000);
const BETWEEN_EDITS: Duration = Duration::from_millis(400);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    Article,
    Entity,
    Css,
}

/// One kind of edit to time, `runs` times.
#[derive(Clone, Debug)]
pub struct LiveEdit {
    pub step: &'static str,
    pub kind: EditKind,
    /// The file to edit; `Err` explains why this step cannot run on this site.
    pub file: Result<PathBuf, String>,
    /// The page that must show the edit afterwards, when there is one to check.
    pub page: Option<String>,
}

/// How a session knows an edit has reached the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detect {
    /// gloss: the server pushes a live-reload event.
    Events,
    /// Hugo: poll the page until it shows the edit.
    Poll,
}

pub struct Session<'a> {
    pub articles: usize,
    pub runs: usize,
    pub port: u16,
    pub start_step: &'static str,
    pub edits: &'a [LiveEdit],
    pub detect: Detect,
    pub ready_timeout: Duration,
    /// Numbers the edits so each adds a sentence never seen before.
    pub first_edit_number: usize,
}

impl Session<'_> {
    fn fail_all(&self, error: &str) -> Vec<StepResult> {
        std::iter::once(self.start_step)
            .chain(self.edits.iter().map(|e| e.step))
            .map(|step| StepResult::failed(step, self.articles, error.to_string()))
            .collect()
    }

    /// Starts the server, times its start-up and every edit, stops it.
    pub fn run(&self, mut command: Command, log: &Path) -> Vec<StepResult> {
        let mut server = match Server::spawn(&mut command, log) {
            Ok(server) => server,
            Err(error) => return self.fail_all(&error),
        };
        let ready = wait_until_serving(&mut server, self.port, self.ready_timeout);
        eprintln!("bench: [{}] {}: {}", self.articles, self.start_step, show(&ready));
        let start_ms = match ready {
            Ok(ms) => ms,
            Err(error) => {
                server.stop();
                return self.fail_all(&error);
            }
        };
        let events = match self.detect {
            Detect::Events => Some(
                http::follow_events(self.port, EVENTS_PATH, Duration::from_secs(10))
                    .map_err(|e| format!("no live-reload stream at {EVENTS_PATH}: {e}")),
            ),
            Detect::Poll => None,
        };
        std::thread::sleep(SETTLE);
        let mut number = self.first_edit_number;
        let mut timings = Vec::new();
        for edit in self.edits {
            let mut runs = Vec::new();
            for run in 0..self.runs {
                number += 1;
                let result = match (&edit.file, &events) {
                    (Err(error), _) => Err(error.clone()),
                    (_, Some(Err(error))) => Err(error.clone()),
                    (Ok(file), Some(Ok(events))) => {
                        self.time_with_events(edit, file, number, events)
                    }
                    (Ok(file), None) => self.time_by_polling(edit, file, number),
                };
                let result = result.map_err(|e| match server.exited() {
                    Some(exit) => format!("{e} (server {exit})"),
                    None => e,
                });
                eprintln!(
                    "bench: [{}] {} run {}/{}: {}",
                    self.articles,
                    edit.step,
                    run + 1,
                    self.runs,
                    show(&result)
                );
                runs.push(result);
                std::thread::sleep(BETWEEN_EDITS);
            }
            timings.push((edit.step, runs));
        }
        let running_peak = peak_rss_of_running(server.pid);
        let peak = server.stop().max(running_peak);
        let mut results =
            vec![StepResult::from_times(self.start_step, self.articles, vec![Ok(start_ms)], peak)];
        results.extend(
            timings
                .into_iter()
                .map(|(step, runs)| StepResult::from_times(step, self.articles, runs, peak)),
        );
        results
    }

    /// Edits the file and waits for gloss's event: `reload` (or `css` for a stylesheet).
    fn time_with_events(
        &self,
        edit: &LiveEdit,
        file: &Path,
        number: usize,
        events: &mpsc::Receiver<Event>,
    ) -> Result<f64, String> {
        while events.try_recv().is_ok() {}
        let started = Instant::now();
        let marker = apply(edit.kind, file, number)?;
        let deadline = started + EDIT_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = match events.recv_timeout(left) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    return Err(format!("no reload event within {}s", EDIT_TIMEOUT.as_secs()));
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the live-reload stream closed".into());
                }
            };
            let wanted =
                event.name == "reload" || (edit.kind == EditKind::Css && event.name == "css");
            if event.name == "error" {
                return Err(format!(
                    "serve sent an error event: {}",
                    crate::measure::shorten(&event.data, 160)
                ));
            }
            if wanted {
                let latency = event.arrived.duration_since(started).as_secs_f64() * 1e3;
                self.check_page(edit, &marker)?;
                return Ok(latency);
            }
        }
    }

    /// The reload must bring the edit: the page served afterwards shows it.
    fn check_page(&self, edit: &LiveEdit, marker: &str) -> Result<(), String> {
        let Some(page) = &edit.page else { return Ok(()) };
        let (status, body) = http::get(self.port, page, Duration::from_secs(10))
            .map_err(|e| format!("GET {page} after the reload: {e}"))?;
        if status == 200 && body.contains(marker) {
            Ok(())
        } else {
            Err(format!("after the reload, {page} (HTTP {status}) does not show the edit"))
        }
    }

    /// Edits the file and fetches the page until it shows the edit.
    fn time_by_polling(&self, edit: &LiveEdit, file: &Path, number: usize) -> Result<f64, String> {
        let page = edit.page.as_deref().ok_or("no page to poll for this edit")?;
        let started = Instant::now();
        let marker = apply(edit.kind, file, number)?;
        while started.elapsed() < EDIT_TIMEOUT {
            if let Ok((200, body)) = http::get(self.port, page, Duration::from_secs(10))
                && body.contains(&marker)
            {
                return Ok(started.elapsed().as_secs_f64() * 1e3);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(format!("{page} did not show the edit within {}s", EDIT_TIMEOUT.as_secs()))
    }
}

fn apply(kind: EditKind, file: &Path, number: usize) -> Result<String, String> {
    let edited = match kind {
        EditKind::Article => workdir::edit_article(file, number),
        EditKind::Entity => workdir::edit_entity(file, number),
        EditKind::Css => workdir::edit_css(file, number),
    };
    edited.map_err(|e| format!("{e:#}"))
}

/// Waits until the server answers `GET /` with 200; the time from launch, in milliseconds.
fn wait_until_serving(server: &mut Server, port: u16, timeout: Duration) -> Result<f64, String> {
    while server.started.elapsed() < timeout {
        if let Some(exit) = server.exited() {
            return Err(format!("server {exit}"));
        }
        if let Ok((200, _)) = http::get(port, "/", Duration::from_secs(30)) {
            return Ok(server.started.elapsed().as_secs_f64() * 1e3);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(format!("server did not answer GET / within {}s", timeout.as_secs()))
}

fn show(result: &Result<f64, String>) -> String {
    match result {
        Ok(ms) => crate::report::format_ms(*ms),
        Err(error) => format!("failed: {error}"),
    }
}
