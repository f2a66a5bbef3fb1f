//! A guard in front of the JSON-RPC reader: one malformed message must not end the session.
//!
//! tower-lsp's framed reader stops for good at the first frame it cannot decode (bad
//! headers, invalid JSON). This task re-frames stdin itself: a frame whose body is not
//! JSON becomes a harmless `$/factline/invalidMessage` notification (logged to the client
//! by the server), and garbage between frames is skipped until the next `Content-Length`.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

pub const INVALID: &str = "$/factline/invalidMessage";

/// Copies well-formed frames from `input` to `output` until `input` ends.
pub async fn sanitize(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut reader = BufReader::new(input);
    loop {
        let Some(length) = read_headers(&mut reader).await else {
            return;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if serde_json::from_slice::<serde_json::Value>(&body).is_err() {
            let reason = format!("invalid JSON in a {length}-byte message");
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

/// Reads one header block; returns its Content-Length, skipping blocks without one.
async fn read_headers(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<usize> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        let mut raw = Vec::new();
        if reader.read_until(b'\n', &mut raw).await.ok()? == 0 {
            return None;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bad_frames_become_harmless_and_good_ones_pass() {
        let input =
            b"Content-Length: 9\r\n\r\n{\"bad\": }garbage line\r\nContent-Length: 2\r\n\r\n{}"
                .to_vec();
        let mut output = Vec::new();
        sanitize(&input[..], &mut output).await;
        let text = String::from_utf8(output).unwrap();
        assert!(text.contains(INVALID), "{text}");
        assert!(text.ends_with("Content-Length: 2\r\n\r\n{}"), "{text}");
    }

    #[tokio::test]
    async fn a_header_glued_to_garbage_still_frames_the_next_message() {
        let input = b"Content-Length: 3\r\n\r\n{\"a\": 1}Content-Length: 2\r\n\r\n{}".to_vec();
        let mut output = Vec::new();
        sanitize(&input[..], &mut output).await;
        let text = String::from_utf8(output).unwrap();
        assert!(text.ends_with("Content-Length: 2\r\n\r\n{}"), "{text}");
    }
}
