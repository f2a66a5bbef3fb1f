//! Any JSON value as one message body, between a valid `initialize` and a valid request:
//! whatever the body is (not JSON-RPC, a batch, a wrong version, an id of any type), the
//! server must answer the request after it. The input is taken as JSON when it parses,
//! else as a JSON string, so every run sends well-formed JSON.
#![no_main]

use factline::lsp;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::time::Duration;
use tokio::io::AsyncReadExt;

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

/// A body that ends the session on its own terms: `exit` (nothing is answered after it).
fn ends_the_session(v: &Value) -> bool {
    let exits = |m: &Value| m.get("method").and_then(Value::as_str) == Some("exit");
    match v {
        Value::Array(items) => items.iter().any(exits),
        other => exits(other),
    }
}

fuzz_target!(|data: &[u8]| {
    let body: Value = serde_json::from_slice(data)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(data).into_owned()));
    if ends_the_session(&body) {
        return;
    }
    let mut input = Vec::new();
    frame(&mut input, br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#);
    frame(&mut input, &serde_json::to_vec(&body).expect("a value serialises"));
    frame(&mut input, br#"{"jsonrpc":"2.0","id":"fuzz-after","method":"shutdown"}"#);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let answered = runtime.block_on(async {
        let (mut client, server_out) = tokio::io::duplex(1 << 16);
        let server = lsp::serve(std::io::Cursor::new(input), server_out);
        let read = async {
            let mut text = Vec::new();
            let _ = client.read_to_end(&mut text).await;
            text
        };
        let (_, text) = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::join!(server, read)
        })
        .await
        .expect("the session ends when its input does");
        let text = String::from_utf8_lossy(&text).into_owned();
        text.contains(r#""id":"fuzz-after""#)
    });
    runtime.shutdown_background();
    assert!(answered, "no answer to the request after {body}");
});
