//! A guard in front of the JSON-RPC reader: one malformed message must not end the session.
//!
//! tower-lsp's framed reader stops for good at the first frame it cannot decode (bad
//! headers, invalid JSON). This task re-frames stdin itself: a frame whose body is not
//! JSON, or JSON that is not a JSON-RPC 2.0 message, is answered `-32600` with `id: null`
//! (through `reject`) and becomes a harmless `$/factline/invalidMessage` notification
//! (logged to the client by the server); garbage between frames is skipped until the next
//! `Content-Length`, and a header line is never kept beyond [`MAX_HEADER_LINE`] bytes.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

pub const INVALID: &str = "$/factline/invalidMessage";

/// Longer header lines are skipped, not kept: no real header comes close.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// Copies well-formed frames from `input` to `output` until `input` ends; `reject` is
/// given the error reply for each message that is not JSON-RPC.
pub async fn sanitize(
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
    reject: impl Fn(Vec<u8>),
) {
    let mut reader = BufReader::new(input);
    loop {
        let Some(length) = read_headers(&mut reader).await else {
            return;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if let Err(problem) = check_envelope(&body) {
            let reason = format!("{problem} in a {length}-byte message");
            reject(
                serde_json::json!({"jsonrpc": "2.0", "id": null,
                    "error": {"code": -32600, "message": format!("Invalid Request: {reason}")}})
                .to_string()
                .into_bytes(),
            );
            body = serde_json::json!({"jsonrpc": "2.0", "method": INVALID, "params": {"reason": reason}})
                .to_string()
                .into_bytes();
        }
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
        let _ = output.flush().await;
    }
}

/// Why `body` is not a message tower-lsp can take without ending the session: a JSON
/// object with `"jsonrpc": "2.0"`, a string `method` (a request or notification) or a
/// `result` / `error` (a response), and an `id` that is absent, null, a string or an
/// integer within 64 bits.
fn check_envelope(body: &[u8]) -> Result<(), &'static str> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Err("invalid JSON");
    };
    let Value::Object(map) = value else {
        return Err("a JSON value that is not an object (batches are not supported)");
    };
    if map.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err("no \"jsonrpc\": \"2.0\"");
    }
    match map.get("id") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(Value::Number(n)) if n.is_i64() => {}
        Some(_) => return Err("an id that is not a string or a 64-bit integer"),
    }
    match map.get("method") {
        Some(Value::String(_)) => Ok(()),
        Some(_) => Err("a method that is not a string"),
        None if map.contains_key("id")
            && (map.contains_key("result") || map.contains_key("error")) =>
        {
            Ok(())
        }
        None => Err("neither a method nor a response"),
    }
}

/// Reads one header block; returns its Content-Length, skipping blocks without one.
async fn read_headers(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<usize> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        let raw = read_line_bounded(reader).await?;
        line.push_str(&String::from_utf8_lossy(&raw));
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(n) = length {
                return Some(n);
            }
            continue;
        }
        // After a wrong length the next header may follow garbage on the same line:
        // resynchronise on the header wherever it starts.
        let header = trimmed
            .to_ascii_lowercase()
            .rfind("content-length")
            .map(|at| &trimmed[at..]);
        if let Some((name, value)) = header.and_then(|h| h.split_once(':'))
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n <= 512 * 1024 * 1024);
        }
    }
}

/// One line up to its newline, at most [`MAX_HEADER_LINE`] bytes of it kept (the rest
/// is read and dropped); `None` at the end of input.
async fn read_line_bounded(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut raw = Vec::new();
    loop {
        let chunk = reader.fill_buf().await.ok()?;
        if chunk.is_empty() {
            return (!raw.is_empty()).then_some(raw);
        }
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (chunk.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(raw.len());
        raw.extend_from_slice(&chunk[..used.min(room)]);
        reader.consume(used);
        if done {
            return Some(raw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bad_frames_become_harmless_and_good_ones_pass() {
        let input =
            b"Content-Length: 9\r\n\r\n{\"bad\": }garbage line\r\nContent-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"
                .to_vec();
        let mut output = Vec::new();
        sanitize(&input[..], &mut output, |_| {}).await;
        let text = String::from_utf8(output).unwrap();
        assert!(text.contains(INVALID), "{text}");
        assert!(
            text.ends_with(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            "{text}"
        );
    }

    #[tokio::test]
    async fn a_header_glued_to_garbage_still_frames_the_next_message() {
        let input =
            b"Content-Length: 3\r\n\r\n{\"a\": 1}Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}".to_vec();
        let mut output = Vec::new();
        sanitize(&input[..], &mut output, |_| {}).await;
        let text = String::from_utf8(output).unwrap();
        assert!(
            text.ends_with(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            "{text}"
        );
    }
}

#[cfg(test)]
mod envelope_tests {
    use super::*;

    #[test]
    fn only_json_rpc_envelopes_pass() {
        let ok = [
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"x","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"m"}}"#,
        ];
        for body in ok {
            assert_eq!(check_envelope(body.as_bytes()), Ok(()), "{body}");
        }
        let bad = [
            "{}",
            "[]",
            "5",
            "null",
            "true",
            r#"[{"jsonrpc":"2.0","method":"exit"}]"#,
            r#"{"jsonrpc":"1.0","method":"exit"}"#,
            r#"{"method":"exit"}"#,
            r#"{"jsonrpc":"2.0","method":5}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":1}"#,
        ];
        for body in bad {
            assert!(check_envelope(body.as_bytes()).is_err(), "{body}");
        }
    }

    #[tokio::test]
    async fn a_bad_envelope_is_rejected_with_a_null_id_and_the_next_frame_passes() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]".to_vec();
        let mut output = Vec::new();
        let replies = std::sync::Mutex::new(Vec::new());
        sanitize(&input[..], &mut output, |r| replies.lock().unwrap().push(r)).await;
        let replies = replies.into_inner().unwrap();
        assert_eq!(replies.len(), 2);
        let reply: Value = serde_json::from_slice(&replies[0]).unwrap();
        assert_eq!(reply["id"], Value::Null);
        assert_eq!(reply["error"]["code"], -32600);
        assert_eq!(
            String::from_utf8(output).unwrap().matches(INVALID).count(),
            2
        );
    }

    #[tokio::test]
    async fn an_endless_header_line_is_not_kept() {
        let mut input = vec![b'x'; 3 * MAX_HEADER_LINE];
        input.extend_from_slice(b"\nContent-Length: 2\r\n\r\n{}");
        let mut reader = BufReader::with_capacity(64, &input[..]);
        let first = read_line_bounded(&mut reader).await.unwrap();
        assert_eq!(first.len(), MAX_HEADER_LINE);
        assert_eq!(read_headers(&mut reader).await, Some(2));
    }
}
