//! Measuring child processes: wall time, CPU time and peak resident memory of one command
//! (`wait4` and its rusage), long-running servers (peak from `/proc/<pid>/status`), medians.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// One timed run of a command.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    /// User plus system time of the process and the children it waited for.
    pub cpu: Duration,
    /// Peak resident set size, in KiB.
    pub peak_rss_kib: u64,
}

/// Runs `command` to completion with its output in `<log>.out` and `<log>.err`, killing it
/// after `timeout`. A failure carries the line of the error output that explains it.
pub fn run_measured(
    command: &mut Command,
    log: &Path,
    timeout: Duration,
) -> Result<Sample, String> {
    let (out, err) = log_files(log);
    command
        .stdin(Stdio::null())
        .stdout(File::create(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?)
        .stderr(File::create(&err).map_err(|e| format!("cannot create {}: {e}", err.display()))?);
    let started = Instant::now();
    let child =
        command.spawn().map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let pid = child.id() as libc::pid_t;
    let (done, watchdog) = kill_after(pid, timeout);
    let exit = wait_for(pid);
    let wall = started.elapsed();
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let (status, usage) = exit.map_err(|e| format!("cannot wait for the process: {e}"))?;
    if timed_out {
        return Err(format!("timed out after {timeout:?}"));
    }
    if !exited_cleanly(status) {
        return Err(failure_line(&err, status));
    }
    Ok(Sample { wall, cpu: cpu_time(&usage), peak_rss_kib: usage.ru_maxrss.max(0) as u64 })
}

/// The `.out` and `.err` files of a log prefix.
pub fn log_files(log: &Path) -> (PathBuf, PathBuf) {
    (log.with_extension("out"), log.with_extension("err"))
}

/// A thread that kills `pid` unless told (through the sender) that it has finished in time;
/// it answers whether it had to kill.
fn kill_after(
    pid: libc::pid_t,
    timeout: Duration,
) -> (mpsc::Sender<()>, std::thread::JoinHandle<bool>) {
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || match finished.recv_timeout(timeout) {
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // SAFETY: kill(2) with a pid we spawned and have not reaped (the waiter is blocked).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            true
        }
        _ => false,
    });
    (done, watchdog)
}

/// Blocks until `pid` exits and reaps it, returning its wait status and resource usage.
pub fn wait_for(pid: libc::pid_t) -> std::io::Result<(i32, libc::rusage)> {
    loop {
        match try_wait(pid, 0)? {
            Some(result) => return Ok(result),
            None => continue,
        }
    }
}

/// `wait4` once: `None` when the process is still running (with `WNOHANG`) or on `EINTR`.
pub fn try_wait(pid: libc::pid_t, flags: i32) -> std::io::Result<Option<(i32, libc::rusage)>> {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 only writes into the two out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
    if reaped == pid {
        return Ok(Some((status, usage)));
    }
    if reaped == 0 {
        return Ok(None);
    }
    let error = std::io::Error::last_os_error();
    if error.kind() == std::io::ErrorKind::Interrupted { Ok(None) } else { Err(error) }
}

pub fn exited_cleanly(status: i32) -> bool {
    libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
}

pub fn cpu_time(usage: &libc::rusage) -> Duration {
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Why a process failed: the first error line it printed, else its first line, else its status.
pub fn failure_line(err: &Path, status: i32) -> String {
    let text = std::fs::read_to_string(err).unwrap_or_default();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let explained = lines
        .iter()
        .find(|l| l.to_ascii_lowercase().starts_with("error"))
        .or_else(|| lines.iter().find(|l| l.to_ascii_lowercase().contains("error")))
        .or(lines.first());
    match explained {
        Some(line) => shorten(line, 160),
        None if libc::WIFSIGNALED(status) => format!("killed by signal {}", libc::WTERMSIG(status)),
        None => format!("exit status {}", libc::WEXITSTATUS(status)),
    }
}

pub fn shorten(line: &str, limit: usize) -> String {
    match line.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// Peak resident memory of a running process so far (`VmHWM`), in KiB.
pub fn peak_rss_of_running(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A long-running child (a server), stopped and reaped by [`Server::stop`] or on drop.
pub struct Server {
    pub pid: u32,
    pub started: Instant,
    pub err_log: PathBuf,
    exit: Option<(i32, libc::rusage)>,
}

impl Server {
    pub fn spawn(command: &mut Command, log: &Path) -> Result<Server, String> {
        let (out, err) = log_files(log);
        command
            .stdin(Stdio::null())
            .stdout(
                File::create(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?,
            )
            .stderr(
                File::create(&err).map_err(|e| format!("cannot create {}: {e}", err.display()))?,
            );
        let started = Instant::now();
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
        Ok(Server { pid: child.id(), started, err_log: err, exit: None })
    }

    /// The reason the server stopped on its own, if it has.
    pub fn exited(&mut self) -> Option<String> {
        if self.exit.is_none() {
            self.exit = try_wait(self.pid as libc::pid_t, libc::WNOHANG).ok().flatten();
        }
        self.exit.map(|(status, _)| format!("exited: {}", failure_line(&self.err_log, status)))
    }

    /// Interrupts the server (as Ctrl-C would), kills it if it lingers, and returns its peak
    /// resident memory in KiB.
    pub fn stop(&mut self) -> Option<u64> {
        let pid = self.pid as libc::pid_t;
        if self.exit.is_none() {
            // SAFETY: signals a child we spawned and have not reaped.
            unsafe { libc::kill(pid, libc::SIGINT) };
            let deadline = Instant::now() + Duration::from_secs(5);
            while self.exit.is_none() && Instant::now() < deadline {
                self.exit = try_wait(pid, libc::WNOHANG).ok().flatten();
                std::thread::sleep(Duration::from_millis(20));
            }
            if self.exit.is_none() {
                // SAFETY: as above; the process did not stop on SIGINT.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                self.exit = wait_for(pid).ok();
            }
        }
        self.exit.map(|(_, usage)| usage.ru_maxrss.max(0) as u64)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The median of some numbers (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// A TCP port on loopback that nothing listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn measures_a_process_and_its_memory() {
        let dir = tempfile::tempdir().unwrap();
        let sample = run_measured(
            Command::new("true").current_dir(dir.path()),
            &dir.path().join("t"),
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(sample.peak_rss_kib > 0);
        assert!(sample.wall < Duration::from_secs(10));
    }

    #[test]
    fn failed_process_reports_its_error_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo starting >&2; echo 'error: `gloss build` is not built yet' >&2; exit 1",
        ]);
        let error =
            run_measured(&mut command, &dir.path().join("t"), Duration::from_secs(10)).unwrap_err();
        assert_eq!(error, "error: `gloss build` is not built yet");
    }

    #[test]
    fn slow_process_is_killed_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new("sleep");
        command.arg("5");
        let error = run_measured(&mut command, &dir.path().join("t"), Duration::from_millis(200))
            .unwrap_err();
        assert!(error.starts_with("timed out"), "{error}");
    }
}
