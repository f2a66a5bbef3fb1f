//! Any session as the server's input: each line of the input is one message body, framed with
//! its right `Content-Length` (so mutations reach the handlers, not only the framing); a line
//! starting with `!` goes in raw, unframed. The server must neither panic (libFuzzer aborts on
//! any panic, even one a handler's guard would catch) nor hang.
#![no_main]

use factline::lsp;
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fn frames(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in data.split(|&b| b == b'\n') {
        match line.strip_prefix(b"!") {
            Some(raw) => out.extend_from_slice(raw),
            None => {
                out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", line.len()).as_bytes());
                out.extend_from_slice(line);
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(frames(data));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        // A request to the client (progress, refresh) may wait for a reply that never comes:
        // that is not a hang of the server's own.
        let _ = tokio::time::timeout(
            Duration::from_secs(10),
            lsp::serve(input, tokio::io::sink()),
        )
        .await;
    });
    runtime.shutdown_background();
});
