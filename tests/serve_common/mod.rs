//! Shared harness for the `gloss serve` tests: a fixture site in a temp folder, a server run in
//! the background (in-process or as the real binary), a raw HTTP client (so paths reach the
//! server exactly as written, `..` included) and a Server-Sent Events reader.
#![allow(dead_code)]

pub mod chromium;
pub mod recorded;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use gloss::cli::Ui;
use gloss::config::Config;
use gloss::serve::{ServeSummary, ServedBuild, Session, run_session};
use recorded::{Calls, Recorded};

/// A site in a temp folder.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site { dir: tempfile::tempdir().expect("temp dir") };
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// The canonical root, as `Config::load` would resolve it.
    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("canonical temp dir")
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Saves like editors that write a temp file beside the target and rename it over.
    pub fn save_by_rename(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        let temp =
            path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
        std::fs::write(&temp, text).unwrap();
        std::fs::rename(&temp, &path).unwrap();
    }
}

/// An article file with this title and Markdown body.
pub fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n{body}\n")
}

/// An article file with a date, so that it is in the feeds (undated articles are in none).
pub fn dated_article(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2024-03-01\n---\n{body}\n")
}

/// A small site the real build renders: two articles mentioning one entity, a stylesheet of the
/// site's own, and a `base_url` with a path (which serve replaces with its own address).
pub fn fixture_site() -> Site {
    Site::new(&[
        (
            "gloss.toml",
            "title = \"Serve Test Archive\"\nbase_url = \"https://archive.example.org/news/\"\n",
        ),
        ("content/articles/alpha.md", &dated_article("Alpha", "First words about [[Ada Brook]].")),
        ("content/articles/beta.md", &article("Beta", "Other words about [[Ada Brook]].")),
        (
            "content/entities/ada-brook.md",
            "---\nname: Ada Brook\nkind: person\n---\nA made-up harbour master.\n",
        ),
        ("themes/default/static/gloss.css", "body { background: rgb(255, 255, 255); }\n"),
    ])
}

/// A serve session running on its own runtime in a background thread, with the real build.
pub struct Server {
    pub addr: SocketAddr,
    /// Every build the serve loop ran, in order.
    pub calls: Calls,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<anyhow::Result<ServeSummary>>>,
}

impl Server {
    /// Serves `site` (built into its `dist/`) on a free loopback port.
    pub fn start(site: &Site) -> Server {
        Server::start_at(site, "127.0.0.1:0".parse().unwrap())
    }

    /// Serves `site` at `addr` (as a restarted server does).
    pub fn start_at(site: &Site, addr: SocketAddr) -> Server {
        Server::start_configured(site, addr, |_| {})
    }

    /// Serves `site` on a free loopback port with a build set up by `configure` first.
    pub fn start_with(
        site: &Site,
        configure: impl FnOnce(&mut ServedBuild) + Send + 'static,
    ) -> Server {
        Server::start_configured(site, "127.0.0.1:0".parse().unwrap(), configure)
    }

    fn start_configured(
        site: &Site,
        addr: SocketAddr,
        configure: impl FnOnce(&mut ServedBuild) + Send + 'static,
    ) -> Server {
        let session = Session {
            root: site.root(),
            out_dir: site.path("dist"),
            ui: Ui { verbose: false, quiet: false },
        };
        let config = Config::load(&site.root()).expect("the site's gloss.toml loads");
        let calls = Calls::default();
        let recorded = Arc::clone(&calls);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (bound, address) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
                let addr = listener.local_addr().unwrap();
                bound.send(addr).unwrap();
                let out_dir = session.out_dir.clone();
                let mut build = ServedBuild::new(config, out_dir, format!("http://{addr}/"));
                configure(&mut build);
                let builder = Recorded { inner: build, calls: recorded };
                run_session(listener, builder, session, async move {
                    let _ = stopped.await;
                })
                .await
            })
        });
        let addr = address.recv_timeout(Duration::from_secs(10)).expect("server bound");
        Server { addr, calls, stop: Some(stop), thread: Some(thread) }
    }

    /// Waits until the serve loop has finished `count` builds in all.
    pub fn wait_for_builds(&self, count: usize, limit: Duration) {
        eventually(limit, "the builds", || self.calls.lock().unwrap().len() >= count);
    }

    /// How many builds the serve loop has finished.
    pub fn builds(&self) -> usize {
        self.calls.lock().unwrap().len()
    }

    /// Asks the session to stop (as Ctrl-C does) and waits for it, at most `limit`.
    pub fn shut_down_within(mut self, limit: Duration) -> ServeSummary {
        let _ = self.stop.take().unwrap().send(());
        let thread = self.thread.take().unwrap();
        let started = Instant::now();
        while !thread.is_finished() {
            assert!(started.elapsed() < limit, "the server did not stop within {limit:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
        thread.join().expect("server thread").expect("session ended cleanly")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `gloss serve` as a user runs it: the real binary, with the port it printed.
pub struct ServeProcess {
    pub child: Child,
    pub addr: SocketAddr,
    pub stderr: mpsc::Receiver<String>,
}

impl ServeProcess {
    pub fn start(site: &Site, extra_args: &[&str]) -> ServeProcess {
        let (child, stderr) = spawn_serve(site, extra_args);
        let mut process = ServeProcess { child, addr: "127.0.0.1:1".parse().unwrap(), stderr };
        let line = process.wait_for_line("serving ", Duration::from_secs(30));
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("a URL");
        process.addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
        process
    }

    /// The next stderr line containing `needle`, within `limit`.
    pub fn wait_for_line(&mut self, needle: &str, limit: Duration) -> String {
        wait_for_line(&self.stderr, needle, limit)
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does, and waits for the exit status.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status =
            Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let rest: Vec<String> = self.stderr.try_iter().collect();
                return (status, rest);
            }
            assert!(started.elapsed() < Duration::from_secs(10), "gloss serve ignored Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gloss --root <site> serve <args>` with stderr read line by line into a channel.
pub fn spawn_serve(site: &Site, extra_args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--root")
        .arg(site.root())
        .arg("serve")
        .args(extra_args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gloss runs");
    let stderr = child.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (child, received)
}

pub fn wait_for_line(lines: &mpsc::Receiver<String>, needle: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no line with {needle:?} within {limit:?}; saw {seen:#?}"),
        }
    }
}

/// One HTTP response, read whole.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends `method raw_path` exactly as given (no normalisation of `..`) and reads the answer.
pub fn request(addr: SocketAddr, method: &str, raw_path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // HTTP/1.0: the server closes the connection after the body, so reading to the end is enough.
    write!(stream, "{method} {raw_path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("response");
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    Response { status, headers, body: body.to_string() }
}

pub fn get(addr: SocketAddr, raw_path: &str) -> Response {
    request(addr, "GET", raw_path)
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveEvent {
    pub name: String,
    pub data: String,
}

impl LiveEvent {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("{e}: {}", self.data))
    }
}

/// A client of `GET /__gloss/events`, as the browser's EventSource (or the benchmark) is.
pub struct EventReader {
    reader: BufReader<TcpStream>,
}

impl EventReader {
    pub fn connect(addr: SocketAddr) -> EventReader {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__gloss/events HTTP/1.0\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("response head");
            if line.trim_end().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        EventReader { reader }
    }

    /// The next event within `limit`, or `None` (keep-alive comments are skipped).
    pub fn next(&mut self, limit: Duration) -> Option<LiveEvent> {
        let deadline = Instant::now() + limit;
        let (mut name, mut data) = (String::from("message"), Vec::<String>::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) => panic!("reading events: {e}"),
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return Some(LiveEvent { name, data: data.join("\n") });
                }
                continue;
            }
            if let Some(value) = line.strip_prefix("event:") {
                name = value.trim_start().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
            }
        }
    }

    /// Skips events until one named `name` arrives; panics after `limit`.
    pub fn wait_for(&mut self, name: &str, limit: Duration) -> LiveEvent {
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some(event) if event.name == name => return event,
                Some(event) => seen.push(event),
                None => panic!("no `{name}` event within {limit:?}; saw {seen:?}"),
            }
        }
    }

    /// Every event that arrives within `window`.
    pub fn collect_for(&mut self, window: Duration) -> Vec<LiveEvent> {
        let deadline = Instant::now() + window;
        let mut events = Vec::new();
        while let Some(event) = self.next(deadline.saturating_duration_since(Instant::now())) {
            events.push(event);
        }
        events
    }
}

/// Polls `check` until it holds, at most `limit`.
pub fn eventually(limit: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
