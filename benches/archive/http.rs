//! A minimal HTTP/1.1 client for loopback servers: fetch a page, and follow a Server-Sent
//! Events stream on a thread that stamps each event with the instant it arrived.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// GETs `path` from `127.0.0.1:port`: the status code and the body.
pub fn get(port: u16, path: &str, timeout: Duration) -> std::io::Result<(u16, String)> {
    let mut stream = connect(port, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let (status, chunked) = read_head(&mut reader)?;
    let mut body = Vec::new();
    if chunked {
        Chunked::new(reader).read_to_end(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn connect(port: u16, timeout: Duration) -> std::io::Result<TcpStream> {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), timeout)
}

/// Reads the status line and headers: the status code and whether the body is chunked.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<(u16, bool)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid(format!("not an HTTP response: {line:?}")))?;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok((status, chunked));
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

/// The body of a `Transfer-Encoding: chunked` response.
pub struct Chunked<R> {
    inner: R,
    left_in_chunk: usize,
    done: bool,
}

impl<R: BufRead> Chunked<R> {
    pub fn new(inner: R) -> Chunked<R> {
        Chunked { inner, left_in_chunk: 0, done: false }
    }
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left_in_chunk == 0 {
            let mut line = String::new();
            if self.inner.read_line(&mut line)? == 0 {
                self.done = true;
                return Ok(0);
            }
            let size = line.trim().split(';').next().unwrap_or("");
            self.left_in_chunk = usize::from_str_radix(size, 16)
                .map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
            if self.left_in_chunk == 0 {
                self.done = true;
                return Ok(0);
            }
        }
        let wanted = buf.len().min(self.left_in_chunk);
        let read = self.inner.read(&mut buf[..wanted])?;
        if read == 0 {
            self.done = true;
            return Ok(0);
        }
        self.left_in_chunk -= read;
        if self.left_in_chunk == 0 {
            let mut crlf = String::new();
            self.inner.read_line(&mut crlf)?;
        }
        Ok(read)
    }
}

/// One Server-Sent Event and when it arrived.
#[derive(Clone, Debug)]
pub struct Event {
    /// The `event:` field; for an unnamed event, the first word of its data.
    pub name: String,
    pub data: String,
    pub arrived: Instant,
}

/// Opens an event stream at `path`; events arrive on the receiver until the server closes it.
pub fn follow_events(
    port: u16,
    path: &str,
    timeout: Duration,
) -> std::io::Result<mpsc::Receiver<Event>> {
    let mut stream = connect(port, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let (status, chunked) = read_head(&mut reader)?;
    if status != 200 {
        return Err(invalid(format!("{path} answered HTTP {status}")));
    }
    // From here on the stream waits as long as the server stays quiet.
    reader.get_ref().set_read_timeout(None)?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let body: Box<dyn Read + Send> =
            if chunked { Box::new(Chunked::new(reader)) } else { Box::new(reader) };
        read_events(BufReader::new(body), &sender);
    });
    Ok(receiver)
}

/// Parses the event stream (fields `event:` and `data:`, a blank line ends an event) until it
/// ends or nobody listens.
pub fn read_events(reader: impl BufRead, sender: &mpsc::Sender<Event>) {
    let (mut name, mut data) = (String::new(), String::new());
    for line in reader.lines() {
        let Ok(line) = line else { return };
        if line.is_empty() {
            if !name.is_empty() || !data.is_empty() {
                let name = match std::mem::take(&mut name) {
                    name if name.is_empty() => {
                        data.split_whitespace().next().unwrap_or("").to_string()
                    }
                    name => name,
                };
                let event =
                    Event { name, data: std::mem::take(&mut data), arrived: Instant::now() };
                if sender.send(event).is_err() {
                    return;
                }
            }
        } else if let Some(value) = line.strip_prefix("event:") {
            name = value.trim().to_string();
        } else if let Some(value) = line.strip_prefix("data:") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(value.strip_prefix(' ').unwrap_or(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_chunked_bodies() {
        let wire = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        let mut body = String::new();
        Chunked::new(&wire[..]).read_to_string(&mut body).unwrap();
        assert_eq!(body, "hello, world");
    }

    #[test]
    fn parses_named_and_unnamed_events() {
        let stream = "event: reload\ndata: /articles/a/\n\n: comment\n\ndata: css style.css\n\n";
        let (sender, receiver) = mpsc::channel();
        read_events(stream.as_bytes(), &sender);
        let events: Vec<Event> = receiver.try_iter().collect();
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].name.as_str(), events[0].data.as_str()), ("reload", "/articles/a/"));
        assert_eq!(events[1].name, "css");
    }
}
