//! A real headless Chromium driven over the Chrome DevTools Protocol (a websocket carrying
//! JSON), just enough to open a tab and evaluate JavaScript in it.
//!
//! The binary is `$GLOSS_CHROMIUM` or `/usr/bin/chromium` (`scripts/test` installs Debian's
//! `chromium` and sets the variable). Without it the end-to-end tests fail under CI and are
//! skipped, loudly, elsewhere.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The Chromium to run, or `None` (after saying so) when it is missing outside CI.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("GLOSS_CHROMIUM")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "no Chromium at {} (set GLOSS_CHROMIUM, or run scripts/test, which installs Debian's chromium)",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("\n*** SKIPPING the browser end-to-end test: {message} ***\n");
    None
}

/// A headless Chromium with a fresh profile, closed (with its profile removed) on drop.
pub struct Browser {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    // Dropped in this order: the process first, then its profile folder.
    process: ChromiumProcess,
    _profile: tempfile::TempDir,
}

/// The Chromium process tree: on drop, given `grace` to exit by itself, then killed with every
/// helper process it started (they share its process group), even when a test panics.
struct ChromiumProcess {
    child: Child,
    grace: Duration,
}

impl Drop for ChromiumProcess {
    fn drop(&mut self) {
        let started = Instant::now();
        while started.elapsed() < self.grace {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    pub fn launch(binary: &std::path::Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut command = Command::new(binary);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut process = ChromiumProcess { child, grace: Duration::ZERO };
        let endpoint = devtools_endpoint(&mut process.child);
        let socket = connect_websocket(&endpoint);
        Browser { socket, next_id: 0, process, _profile: profile }
    }

    /// Opens `url` in a new tab.
    pub fn open(&mut self, url: &str) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({ "url": url }));
        let target_id = target["targetId"].as_str().expect("a target id").to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        Tab { session: attached["sessionId"].as_str().expect("a session id").to_string() }
    }

    /// Evaluates `expression` in `tab`; `Err` while the page is between documents.
    pub fn evaluate(&mut self, tab: &Tab, expression: &str) -> Result<Value, String> {
        let params = json!({ "expression": expression, "returnByValue": true });
        let reply = self.send(Some(&tab.session), "Runtime.evaluate", params)?;
        if let Some(exception) = reply.get("exceptionDetails") {
            return Err(exception.to_string());
        }
        Ok(reply["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Polls `expression` until `accept` holds for its value, at most `limit`.
    pub fn wait_until(
        &mut self,
        tab: &Tab,
        limit: Duration,
        expression: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = Instant::now();
        let mut last = Err("not evaluated".to_string());
        while started.elapsed() < limit {
            last = self.evaluate(tab, expression);
            if let Ok(value) = &last
                && accept(value)
            {
                return value.clone();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{expression}` never became what was expected within {limit:?}; last: {last:?}");
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.send(session, method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    fn send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket.send(Message::Text(message.to_string().into())).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(Instant::now() < deadline, "Chromium did not answer {method}");
            let text = match self.socket.read() {
                Ok(Message::Text(text)) => text,
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    continue;
                }
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
                    continue;
                }
                Err(e) => return Err(format!("devtools connection: {e}")),
            };
            let reply: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            // Events (no id) and answers to other calls are not ours.
            if reply["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = reply.get("error") {
                return Err(error.to_string());
            }
            return Ok(reply["result"].clone());
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closing politely lets Chromium end its helper processes too.
        self.next_id += 1;
        let close = json!({ "id": self.next_id, "method": "Browser.close" });
        if self.socket.send(Message::Text(close.to_string().into())).is_ok() {
            self.process.grace = Duration::from_secs(5);
        }
    }
}

/// A tab, by its DevTools session.
pub struct Tab {
    session: String,
}

/// Reads Chromium's stderr until it prints its DevTools websocket address; keeps draining
/// stderr afterwards so Chromium never blocks on a full pipe.
fn devtools_endpoint(child: &mut Child) -> String {
    let stderr = child.stderr.take().unwrap();
    let (found, endpoint) = mpsc::channel();
    std::thread::spawn(move || {
        let mut found = Some(found);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("DevTools listening on ")
                && let Some(found) = found.take()
            {
                let _ = found.send(url.trim().to_string());
            }
        }
    });
    endpoint
        .recv_timeout(Duration::from_secs(30))
        .expect("Chromium printed its DevTools address within 30 s")
}

fn connect_websocket(endpoint: &str) -> WebSocket<TcpStream> {
    let authority = endpoint.trim_start_matches("ws://").split('/').next().unwrap();
    let stream = TcpStream::connect(authority).expect("connect to DevTools");
    let (socket, _) = tungstenite::client(endpoint, stream).expect("DevTools websocket handshake");
    // Answers are awaited in a loop with its own deadline; the timeout only keeps it turning.
    socket.get_ref().set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    socket
}
