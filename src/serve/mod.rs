//! serve stage: build the site, serve it on loopback, watch the sources, rebuild what changed and
//! tell open pages to reload, or show the build error over them.
//!
//! Three parts, each with its own state passed explicitly: the HTTP server ([`server`]) reads
//! the output folder and holds the live channel ([`live`]); the watcher ([`watch`]) turns file
//! events into batches of changed sources; the rebuild loop (here) owns the build, runs one
//! rebuild per batch (batches that arrive meanwhile are merged into the next one, so a burst
//! of saves or a `git checkout` never causes a rebuild storm) and publishes the outcome.

pub mod live;
pub mod overlay;
pub mod server;
pub mod watch;

use std::collections::BTreeSet;
use std::future::{Future, IntoFuture};
use std::net::IpAddr;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio::net::TcpListener;

use crate::build::{Build, BuildOutcome};
use crate::cli::{Ui, plural};
use crate::config::{CONFIG_FILE, Config};
use crate::import::ImportOptions;
use crate::serve::live::{LiveChannel, LiveEvent};
use crate::serve::overlay::{BuildError, WarningGroup, build_errors, warning_groups};
use crate::serve::server::{PortChoice, ServerState};
use crate::serve::watch::{Signal, SiteWatcher};

/// The port `gloss serve` tries first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports from [`DEFAULT_PORT`] on are tried when it is busy.
const PORTS_TRIED: u16 = 10;
/// Quiet time after the last event on a file before it counts as changed. Editors' save
/// sequences (write a temp file, rename it over) take a few milliseconds; a longer burst such as
/// a `git checkout` is caught by merging batches that arrive while a rebuild runs.
pub const DEBOUNCE: Duration = Duration::from_millis(15);
/// After a batch, how long to wait for the next one of the same burst before building: short
/// after one file (a save), longer once several changed together (a checkout, a search and
/// replace), whose writes may be spread out by a busy machine.
const SETTLE_AFTER_ONE: Duration = Duration::from_millis(5);
const SETTLE_AFTER_MANY: Duration = Duration::from_millis(40);
/// The longest a burst is gathered before building anyway.
const GATHER_AT_MOST: Duration = Duration::from_millis(250);
/// Quiet time after a rebuild that deferred the whole-site exports (data JSON, search index)
/// before they are written: edits in quick succession stay fast, and the site is never left
/// stale for long.
const WRITE_DEFERRED_AFTER: Duration = Duration::from_secs(1);

/// What the user asked for on the command line, validated.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// `None`: [`DEFAULT_PORT`] or the next free one.
    pub port: Option<u16>,
    pub out_dir: PathBuf,
    /// The address the pages link to instead of the served one (behind a proxy, say).
    pub base_url: Option<String>,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// Something that can build the site and bring it up to date. [`Build`] in `gloss serve`.
pub trait SiteBuilder: Send + 'static {
    /// Builds everything. On error the output folder is left as it was.
    fn full(&mut self) -> Result<BuildOutcome>;
    /// Brings the output up to date after these source files (absolute paths) were created,
    /// changed or removed. On error the output folder is left as it was.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome>;
    /// Writes what rebuilds left for later ([`BuildOutcome::deferred`]); called when edits
    /// pause. Gives up (`Ok(None)`, nothing written) as soon as `cancelled` says so.
    fn write_deferred(&mut self, cancelled: &dyn Fn() -> bool) -> Result<Option<BuildOutcome>>;
}

/// The site build as serve runs it: the base URL points at the local server, and an edit to
/// `gloss.toml` reloads the configuration and builds everything again.
pub struct ServedBuild {
    build: Build,
    base_url: String,
}

impl ServedBuild {
    pub fn new(mut config: Config, out_dir: PathBuf, base_url: String) -> ServedBuild {
        config.base_url = base_url.clone();
        ServedBuild { build: Build::new(config, out_dir), base_url }
    }

    /// See [`Build::set_defer_limit`] (tests use a small one).
    pub fn set_defer_limit(&mut self, documents: usize) {
        self.build.set_defer_limit(documents);
    }
}

impl SiteBuilder for ServedBuild {
    fn full(&mut self) -> Result<BuildOutcome> {
        self.build.full()
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let root = self.build.config().root.clone();
        if changed.contains(&root.join(CONFIG_FILE)) {
            let mut config = Config::load(&root)?;
            config.drafts = self.build.config().drafts;
            *self =
                ServedBuild::new(config, self.build.out_dir().to_path_buf(), self.base_url.clone());
            return self.build.full();
        }
        self.build.rebuild(changed)
    }

    fn write_deferred(&mut self, cancelled: &dyn Fn() -> bool) -> Result<Option<BuildOutcome>> {
        self.build.write_deferred_unless(cancelled)
    }
}

/// What a serve session did, for the summary line.
#[derive(Debug, Default)]
pub struct ServeSummary {
    pub builds: usize,
    pub failed: usize,
}

/// Runs `gloss serve`: binds the port, then serves, watches and rebuilds until `shutdown`
/// resolves.
pub async fn serve(
    config: Config,
    options: ServeOptions,
    ui: Ui,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<ServeSummary> {
    let ports = match options.port {
        Some(port) => PortChoice::Exact(port),
        None => PortChoice::FirstFree { from: DEFAULT_PORT, tries: PORTS_TRIED },
    };
    let (listener, addr) = server::bind_listener(options.bind, ports).await?;
    if options.port.is_none() && addr.port() != DEFAULT_PORT {
        eprintln!("port {DEFAULT_PORT} is busy; using port {} instead", addr.port());
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone on your network can read this site",
            options.bind
        );
    }
    let url = format!("http://{addr}/");
    let session = Session { root: config.root.clone(), out_dir: options.out_dir.clone(), ui };
    let site_url = options.base_url.clone().unwrap_or_else(|| url.clone());
    let builder = ServedBuild::new(config, options.out_dir, site_url);
    eprintln!(
        "serving {} at {url} (from {}); press Ctrl-C to stop",
        session.root.display(),
        session.out_dir.display()
    );
    if options.open {
        open_in_browser(&url);
    }
    run_session(listener, builder, session, shutdown).await
}

/// Hands `url` to the desktop's opener; serving goes on whether or not a browser comes up.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(error) = opener {
        eprintln!("warning: cannot open a browser ({error}); open {url} yourself");
    }
}

/// Where a session's site lives and how chatty it is.
#[derive(Clone, Debug)]
pub struct Session {
    /// The site root (canonical).
    pub root: PathBuf,
    pub out_dir: PathBuf,
    pub ui: Ui,
}

/// How long a stopping server waits for the requests still open.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Serves `session`'s output folder on `listener`, builds it with `builder` and rebuilds it
/// on every change until `shutdown` resolves; then stops the server, the watcher and the
/// rebuild loop (after the rebuild that is running, if any) and returns.
pub async fn run_session<B: SiteBuilder>(
    listener: TcpListener,
    builder: B,
    session: Session,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<ServeSummary> {
    let (stop_streams, stopping) = tokio::sync::watch::channel(false);
    let state = Arc::new(ServerState {
        out_dir: session.out_dir.clone(),
        live: LiveChannel::new(stopping),
    });
    let (signals, signals_received) = std::sync::mpsc::channel();
    let watcher = SiteWatcher::start(&session.root, &session.out_dir, DEBOUNCE, signals.clone())?;
    let loop_state = Arc::clone(&state);
    let rebuild_loop = std::thread::Builder::new()
        .name("gloss rebuild".into())
        .spawn(move || {
            let mut rebuilds = RebuildLoop::new(builder, session, &loop_state.live);
            rebuilds.run(watcher, signals_received)
        })
        .context("cannot start the rebuild loop")?;
    let mut stopped = stop_streams.subscribe();
    let server = axum::serve(listener, server::router(state)).with_graceful_shutdown(async move {
        shutdown.await;
        // Event streams never end by themselves; a graceful shutdown would wait forever.
        let _ = stop_streams.send(true);
    });
    // A client that sent half a request would hold the graceful shutdown for as long as the
    // connection lives: after a short grace the open connections are dropped.
    let served = tokio::select! {
        served = server.into_future() => served,
        () = async {
            let _ = stopped.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    };
    let _ = signals.send(Signal::Stop);
    let summary = tokio::task::spawn_blocking(move || rebuild_loop.join())
        .await
        .context("the rebuild loop could not be joined")?
        .map_err(|_| anyhow::anyhow!("the rebuild loop panicked"))?;
    served.context("the HTTP server failed")?;
    Ok(summary)
}

/// The rebuild loop's state: the build, and what the last build left to do.
struct RebuildLoop<'a, B> {
    builder: B,
    session: Session,
    live: &'a LiveChannel,
    /// The last full build failed (or events were lost): the next build must be a full one.
    needs_full: bool,
    /// Sources of the last failed rebuild, tried again with the next batch until one succeeds
    /// (so fixing another file does not hide an error that is still there).
    failed_sources: BTreeSet<PathBuf>,
    broken: bool,
    /// The last build left the whole-site exports for later (see [`SiteBuilder::write_deferred`]).
    deferred: bool,
    /// Articles saved during the session that `gloss annotate` has not rewritten since (site
    /// root relative): new mentions of known entities in them are not linked yet.
    saved_articles: BTreeSet<PathBuf>,
    summary: ServeSummary,
}

impl<'a, B: SiteBuilder> RebuildLoop<'a, B> {
    fn new(builder: B, session: Session, live: &'a LiveChannel) -> Self {
        RebuildLoop {
            builder,
            session,
            live,
            needs_full: true,
            failed_sources: BTreeSet::new(),
            broken: false,
            deferred: false,
            saved_articles: BTreeSet::new(),
            summary: ServeSummary::default(),
        }
    }

    fn run(&mut self, mut watcher: SiteWatcher, signals: Receiver<Signal>) -> ServeSummary {
        self.build(BTreeSet::new());
        while let Some(changed) = self.next_batch(&signals) {
            match watcher.attach_changed_folders(&changed) {
                Ok(true) => self.needs_full = true,
                Ok(false) => {}
                Err(error) => eprintln!("warning: {error:#}"),
            }
            let sources_dir = self.session.root.join("content").join("sources");
            let (sources, changed): (BTreeSet<PathBuf>, BTreeSet<PathBuf>) =
                changed.into_iter().partition(|path| path.starts_with(&sources_dir));
            import_sources(&self.session.root, &sources);
            self.note_saved_articles(&changed);
            if !changed.is_empty() || self.needs_full {
                self.build(changed);
            }
        }
        watcher.stop();
        std::mem::take(&mut self.summary)
    }

    /// Waits for the next change, then gathers the batches that follow it closely (a burst
    /// of saves, a `git checkout`) and those that arrived while the last rebuild ran, so one
    /// rebuild covers them all. `None` once the session stops.
    fn next_batch(&mut self, signals: &Receiver<Signal>) -> Option<BTreeSet<PathBuf>> {
        let mut changed = BTreeSet::new();
        let mut signal = loop {
            if !self.deferred {
                break signals.recv().ok()?;
            }
            match signals.recv_timeout(WRITE_DEFERRED_AFTER) {
                Ok(signal) => break signal,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    // A change that arrives meanwhile cancels the write; it goes first.
                    if let Some(signal) = self.write_deferred(signals) {
                        break signal;
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        };
        let first = Instant::now();
        loop {
            match signal {
                Signal::Changed(paths) => changed.extend(paths),
                Signal::Rescan => self.needs_full = true,
                Signal::Stop => return None,
            }
            let settle = if changed.len() > 1 { SETTLE_AFTER_MANY } else { SETTLE_AFTER_ONE };
            let left = GATHER_AT_MOST.saturating_sub(first.elapsed());
            match signals.recv_timeout(settle.min(left)) {
                Ok(next) => signal = next,
                Err(_) => return Some(changed),
            }
        }
    }

    fn build(&mut self, mut changed: BTreeSet<PathBuf>) {
        changed.extend(std::mem::take(&mut self.failed_sources));
        let started = Instant::now();
        let full = self.needs_full;
        // A bug in the build must not end the session: it is reported like any failed build,
        // and the next build starts from scratch.
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            if full {
                self.builder.full()
            } else {
                let changed: Vec<PathBuf> = changed.iter().cloned().collect();
                self.builder.rebuild(&changed)
            }
        }))
        .unwrap_or_else(|panic| {
            self.needs_full = true;
            Err(anyhow::anyhow!("the build crashed (a bug in gloss): {}", panic_message(&panic)))
        });
        self.summary.builds += 1;
        match result {
            Ok(outcome) => {
                self.needs_full = false;
                self.deferred = outcome.deferred;
                let groups = warning_groups(&outcome.diagnostics, &self.session.root);
                self.report_success(&outcome, &groups, full, started.elapsed());
                self.publish_warnings(groups);
                if self.broken {
                    self.broken = false;
                    self.live.publish(LiveEvent::Ok);
                }
                if let Some(event) = LiveEvent::from_written(&outcome.written) {
                    self.live.publish(event);
                }
            }
            Err(error) => {
                self.summary.failed += 1;
                self.failed_sources = changed;
                self.broken = true;
                let errors = build_errors(&error, &self.session.root);
                eprintln!("build failed; still serving the last good pages:");
                for error in &errors {
                    eprintln!("  {}", error.to_terminal_line());
                }
                self.live.publish(LiveEvent::Error(errors));
            }
        }
    }

    /// Brings the whole-site exports up to date while edits pause. A failure is reported but
    /// not shown over the pages: the pages themselves are fine, and the next rebuild retries.
    /// Returns the signal that cancelled the write, if one did.
    fn write_deferred(&mut self, signals: &Receiver<Signal>) -> Option<Signal> {
        self.deferred = false;
        let started = Instant::now();
        let interrupted = std::cell::RefCell::new(None);
        let cancelled = || {
            let mut interrupted = interrupted.borrow_mut();
            if interrupted.is_none() {
                *interrupted = signals.try_recv().ok();
            }
            interrupted.is_some()
        };
        let result =
            std::panic::catch_unwind(AssertUnwindSafe(|| self.builder.write_deferred(&cancelled)))
                .unwrap_or_else(|panic| {
                    Err(anyhow::anyhow!(
                        "the build crashed (a bug in gloss): {}",
                        panic_message(&panic)
                    ))
                });
        let interrupted = interrupted.into_inner();
        match result {
            Ok(None) => self.deferred = true,
            Ok(Some(outcome)) => {
                self.deferred = outcome.deferred;
                if !self.session.ui.quiet {
                    let changed = outcome.written.len();
                    eprintln!(
                        "updated the data files and search index in {} ms: {changed} file{} changed",
                        started.elapsed().as_millis(),
                        plural(changed)
                    );
                }
                if let Some(event) = LiveEvent::from_written(&outcome.written) {
                    self.live.publish(event);
                }
            }
            Err(error) => {
                self.needs_full = true;
                eprintln!("warning: cannot update the data files and search index: {error:#}");
            }
        }
        interrupted
    }

    /// `groups`: the build's warnings as [`warning_groups`] made them.
    fn report_success(
        &self,
        outcome: &BuildOutcome,
        groups: &[WarningGroup],
        full: bool,
        elapsed: Duration,
    ) {
        if self.session.ui.quiet {
            return;
        }
        let what = if full { "built" } else { "rebuilt" };
        let changed = outcome.written.len();
        let mut line = format!(
            "{what} in {} ms: {changed} file{} changed",
            elapsed.as_millis(),
            plural(changed)
        );
        let warnings = outcome.diagnostics.iter().filter(|d| !d.is_error()).count();
        if warnings > 0 {
            line.push_str(&format!(", {warnings} warning{}", plural(warnings)));
        }
        eprintln!("{line}");
        let changed = groups
            != self
                .live
                .current_warnings()
                .into_iter()
                .filter(|g| g.category != NOT_ANNOTATED)
                .collect::<Vec<_>>();
        if full || changed || self.session.ui.verbose {
            crate::diagnostics::print_grouped(&outcome.diagnostics, self.session.ui.verbose);
        }
    }
}

impl<B> RebuildLoop<'_, B> {
    /// Remembers the article files among `changed` that a person saved (not gloss: the
    /// ledger holds the bytes import and annotate wrote).
    fn note_saved_articles(&mut self, changed: &BTreeSet<PathBuf>) {
        let articles = self.session.root.join("content").join("articles");
        for path in changed {
            if path.starts_with(&articles) && crate::load::is_markdown(path) {
                let relative = path.strip_prefix(&self.session.root).unwrap_or(path);
                if self.saved_articles.insert(relative.to_path_buf()) && !self.session.ui.quiet {
                    eprintln!(
                        "{}: saved; new mentions of known entities in it are linked by \
                         `gloss annotate` (serve never rewrites a file you may be editing)",
                        relative.display()
                    );
                }
            }
        }
    }

    /// Shows the warnings over the pages when they changed (and in the terminal, grouped,
    /// unless [`Self::report_success`] just printed them all).
    fn publish_warnings(&mut self, mut groups: Vec<WarningGroup>) {
        if let Some(group) = self.not_annotated() {
            groups.push(group);
        }
        if groups != self.live.current_warnings() {
            self.live.publish(LiveEvent::Warnings(groups));
        }
    }

    /// The saved articles annotate has not rewritten since, as a group of the warnings panel.
    fn not_annotated(&mut self) -> Option<WarningGroup> {
        if self.saved_articles.is_empty() {
            return None;
        }
        let root = &self.session.root;
        let ledger = Config::load(root).and_then(|config| crate::ledger::Ledger::load(&config));
        if let Ok(ledger) = ledger {
            self.saved_articles.retain(|path| {
                ledger.state_of(root, path).ok() != Some(crate::ledger::FileState::AsWritten)
            });
        }
        let shown: Vec<BuildError> = self
            .saved_articles
            .iter()
            .map(|path| BuildError {
                file: Some(path.to_string_lossy().replace('\\', "/")),
                line: 0,
                column: 0,
                message: "saved while serving: new mentions of known entities in it are linked \
                          when you run `gloss annotate`"
                    .to_string(),
            })
            .collect();
        (!shown.is_empty()).then(|| WarningGroup {
            category: NOT_ANNOTATED.to_string(),
            count: shown.len(),
            shown,
        })
    }
}

/// The warnings panel's group of articles saved but not annotated since.
pub const NOT_ANNOTATED: &str = "not annotated yet";

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// New or changed raw files in `content/sources/` are imported and annotated like
/// `gloss import <paths>`; the articles this writes come back through the watcher and render in
/// the next batch.
fn import_sources(root: &Path, sources: &BTreeSet<PathBuf>) {
    let paths: Vec<PathBuf> = sources.iter().filter(|path| path.is_file()).cloned().collect();
    if paths.is_empty() {
        return;
    }
    let options = ImportOptions { paths, force: false, dry_run: false, progress: false };
    let result = Config::load(root)
        .and_then(|config| crate::cmd::import::import_and_annotate(&config, &options, true));
    match result {
        Ok((report, _)) => {
            eprintln!("{}", report.summary(false));
            crate::diagnostics::print_grouped(&report.diagnostics, false);
        }
        Err(error) => eprintln!("import failed: {error:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build with a bug in it.
    struct CrashingBuild;

    impl SiteBuilder for CrashingBuild {
        fn full(&mut self) -> Result<BuildOutcome> {
            panic!("index out of bounds");
        }
        fn rebuild(&mut self, _changed: &[PathBuf]) -> Result<BuildOutcome> {
            panic!("index out of bounds");
        }
        fn write_deferred(&mut self, _: &dyn Fn() -> bool) -> Result<Option<BuildOutcome>> {
            panic!("index out of bounds");
        }
    }

    #[test]
    fn a_crashing_build_is_reported_and_the_session_goes_on() {
        let (_stop, stopping) = tokio::sync::watch::channel(false);
        let live = LiveChannel::new(stopping);
        let session = Session {
            root: PathBuf::from("/site"),
            out_dir: PathBuf::from("/site/dist"),
            ui: Ui { verbose: false, quiet: true },
        };
        let mut rebuilds = RebuildLoop::new(CrashingBuild, session, &live);
        rebuilds.build(BTreeSet::new());
        rebuilds.build(BTreeSet::from([PathBuf::from("/site/content/articles/a.md")]));
        assert_eq!(rebuilds.summary.failed, 2);
        assert!(rebuilds.needs_full);
        let LiveEvent::Error(errors) = live.current_state() else { panic!("no error shown") };
        assert!(errors[0].message.contains("the build crashed"), "{errors:?}");
        assert!(errors[0].message.contains("index out of bounds"), "{errors:?}");
    }
}
