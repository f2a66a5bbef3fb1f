//! The one way out to the client: tower-lsp's messages and the diagnostics factline frames itself.
//!
//! tower-lsp turns every notification into a `serde_json::Value` before writing it: with
//! thousands of diagnostics re-sent on every keystroke, that tree is costly to build and
//! drop. Diagnostics are therefore serialised straight to bytes
//! here, and both streams share one queue, so frames never interleave and leave in the
//! order they were written.
//!
//! A document's diagnostics are coalesced: while one publish for it waits to be written,
//! a newer one replaces it in place, so a client that stops reading holds the server to
//! one pending publish per document instead of one per keystroke.

use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

enum Out {
    /// A frame in two parts (a head and a body written as they are, not joined: a
    /// long note's diagnostics are half a megabyte).
    Bytes(Vec<u8>, Vec<u8>),
    /// The newest frame kept under this key in [`Latest`], if still unwritten.
    Latest(Box<str>),
    /// Everything queued before this is written; then the writer stops.
    Close,
}

/// The newest unwritten frame for each key (a document's diagnostics).
type Latest = Arc<Mutex<HashMap<Box<str>, (Vec<u8>, Vec<u8>)>>>;

/// Sends whole JSON-RPC notifications to the client.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::UnboundedSender<Out>,
    latest: Latest,
}

/// What tower-lsp writes to: each write is queued whole, so one of its frames is never
/// split by a frame from the [`Outbox`].
pub struct Pipe {
    tx: mpsc::UnboundedSender<Out>,
}

/// Starts the writer task over `output`; it runs until [`Outbox::close`].
pub fn open(
    mut output: impl AsyncWrite + Unpin + Send + 'static,
) -> (Outbox, Pipe, tokio::task::JoinHandle<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let latest: Latest = Arc::default();
    let pending = latest.clone();
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let (head, body) = match out {
                Out::Bytes(head, body) => (head, body),
                Out::Latest(key) => {
                    let frame = pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&key);
                    match frame {
                        Some(frame) => frame,
                        None => continue,
                    }
                }
                Out::Close => break,
            };
            // A client that went away ends the session elsewhere (its input closes).
            if output.write_all(&head).await.is_err() || output.write_all(&body).await.is_err() {
                break;
            }
            if rx.is_empty() && output.flush().await.is_err() {
                break;
            }
        }
        let _ = output.flush().await;
    });
    let outbox = Outbox {
        tx: tx.clone(),
        latest,
    };
    (outbox, Pipe { tx }, writer)
}

#[derive(Serialize)]
struct Notification<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: &'a P,
}

impl Outbox {
    /// Queues a notification, serialised directly (no intermediate `Value`).
    pub fn notify<P: Serialize>(&self, method: &str, params: &P) {
        let body = serde_json::to_vec(&Notification {
            jsonrpc: "2.0",
            method,
            params,
        })
        .expect("notification params serialise");
        let head = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        // Closed only when the session is over: nobody is listening any more.
        let _ = self.tx.send(Out::Bytes(head, body));
    }

    /// Queues a notification whose params are already JSON (`params` must be a valid
    /// JSON value: it is sent as is, not copied), replacing an unwritten frame queued
    /// under the same `key`.
    pub fn notify_latest(&self, key: &str, method: &str, params: Vec<u8>) {
        let frame = raw_frame(method, params);
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        if latest.insert(key.into(), frame).is_none() {
            let _ = self.tx.send(Out::Latest(key.into()));
        }
    }

    /// Queues a whole JSON-RPC message (a reply the server's own reader never saw).
    pub fn send_raw(&self, body: Vec<u8>) {
        let head = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        let _ = self.tx.send(Out::Bytes(head, body));
    }

    /// Ends the writer once everything queued so far is written.
    pub fn close(&self) {
        let _ = self.tx.send(Out::Close);
    }
}

/// A notification frame (head, body) around params that are already JSON.
fn raw_frame(method: &str, mut params: Vec<u8>) -> (Vec<u8>, Vec<u8>) {
    let name = serde_json::to_string(method).expect("a string serialises");
    let body_len = r#"{"jsonrpc":"2.0","method":,"params":}"#.len() + name.len() + params.len();
    let mut head = format!("Content-Length: {body_len}\r\n\r\n").into_bytes();
    head.extend_from_slice(br#"{"jsonrpc":"2.0","method":"#);
    head.extend_from_slice(name.as_bytes());
    head.extend_from_slice(br#","params":"#);
    params.push(b'}');
    (head, params)
}

impl AsyncWrite for Pipe {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.tx.send(Out::Bytes(buf.to_vec(), Vec::new())) {
            Ok(()) => Poll::Ready(Ok(buf.len())),
            Err(_) => Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The writer task flushes whenever its queue runs dry.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The process's stdout, written from the writer task itself. tokio's stdout copies each
/// write into its own buffer and hands it to a blocking thread: a copy of half a megabyte
/// and a thread hop per publish of a long note. A write here holds the writer task only
/// while the pipe is full, that is while the client reads; the server's other worker
/// goes on reading the client's messages meanwhile.
pub struct Stdout(std::io::Stdout);

impl Stdout {
    /// The process's stdout, its pipe widened to 1 MiB where the system allows it (the
    /// default limit for a user on Linux): a long note's diagnostics, half a megabyte, then
    /// go in one write instead of sixteen, each waiting for the client to read 64 KiB.
    pub fn widened() -> Stdout {
        let out = std::io::stdout();
        // Not a pipe, or over the limit: it stays as it was, which works, only slower.
        #[cfg(target_os = "linux")]
        let _ = rustix::pipe::fcntl_setpipe_size(&out, 1 << 20);
        Stdout(out)
    }
}

impl AsyncWrite for Stdout {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(io::Write::write(&mut self.0.lock(), buf))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(io::Write::flush(&mut self.0.lock()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn frames_from_both_ways_out_arrive_whole_and_in_order() {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (outbox, mut pipe, writer) = open(server);
        pipe.write_all(b"Content-Length: 2\r\n\r\n{}")
            .await
            .unwrap();
        outbox.notify("m/one", &serde_json::json!({"a": [1, 2]}));
        pipe.write_all(b"Content-Length: 2\r\n\r\n[]")
            .await
            .unwrap();
        outbox.close();
        writer.await.unwrap();
        drop((outbox, pipe));
        let mut text = String::new();
        let mut client = client;
        client.read_to_string(&mut text).await.unwrap();
        let body = r#"{"jsonrpc":"2.0","method":"m/one","params":{"a":[1,2]}}"#;
        assert_eq!(
            text,
            format!(
                "Content-Length: 2\r\n\r\n{{}}Content-Length: {}\r\n\r\n{body}Content-Length: 2\r\n\r\n[]",
                body.len()
            )
        );
    }

    /// Closes the outbox and returns all the client received.
    async fn written(
        mut client: tokio::io::DuplexStream,
        outbox: Outbox,
        writer: tokio::task::JoinHandle<()>,
    ) -> String {
        outbox.close();
        writer.await.unwrap();
        drop(outbox);
        let mut text = String::new();
        client.read_to_string(&mut text).await.unwrap();
        text
    }

    #[tokio::test]
    async fn raw_params_frame_like_serialised_ones() {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (outbox, _pipe, writer) = open(server);
        let params = serde_json::json!({"uri": "file:///a\"b", "n": [1, 2]});
        outbox.notify("m/x", &params);
        outbox.notify_latest("k", "m/x", serde_json::to_vec(&params).unwrap());
        let text = written(client, outbox, writer).await;
        let (a, b) = text.split_at(text.len() / 2);
        assert_eq!(a, b);
        assert!(a.starts_with("Content-Length: "), "{a}");
    }

    #[tokio::test]
    async fn a_newer_publish_replaces_an_unwritten_one() {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (outbox, _pipe, writer) = open(server);
        // Queued before the writer task runs: all wait together.
        for v in 0..1000 {
            outbox.notify_latest("file:///a", "m/d", format!("{{\"v\":{v}}}").into_bytes());
        }
        outbox.notify_latest("file:///b", "m/d", b"{\"v\":\"b\"}".to_vec());
        outbox.notify("m/other", &1);
        let text = written(client, outbox, writer).await;
        assert_eq!(text.matches("Content-Length").count(), 3, "{text}");
        assert!(text.contains(r#""params":{"v":999}"#), "{text}");
        assert!(text.contains(r#""params":{"v":"b"}"#), "{text}");
    }

    #[tokio::test]
    async fn writes_after_close_are_dropped_not_blocking() {
        let (_client, server) = tokio::io::duplex(1 << 10);
        let (outbox, _pipe, writer) = open(server);
        outbox.close();
        writer.await.unwrap();
        outbox.notify("m/late", &1);
    }
}
