//! `factline lsp`: the language server, a thin adapter over the engine.
//!
//! Notes get the exact findings `factline check` reports; `.facts` files get
//! the loader's problems as the curator types, and a base without errors
//! replaces the served one and re-checks every open note. Checks run off the
//! message loop; a result is published only if its document version is still
//! current, so stale diagnostics never overwrite newer ones.

mod analysis;
mod capabilities;
mod citations;
mod convert;
mod document;
mod fact_ids;
mod fixes;
mod handlers;
mod hover;
mod overlay;
mod position;
mod refresh;
mod reload;
mod semantic;
mod state;
mod transport;

pub use state::Backend;
use tower_lsp_server::{LspService, Server};
use transport::{frames, outbox};

/// Set by `shutdown`: `exit` after it ends the process with 0, otherwise 1 (as LSP specifies).
static SHUT_DOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Serves LSP over stdin/stdout until the client says `exit`.
pub fn run() -> std::process::ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(serve(tokio::io::stdin(), outbox::Stdout::widened()));
    // The stdin reader may still be blocked in a read: do not wait for it.
    runtime.shutdown_background();
    if SHUT_DOWN.load(std::sync::atomic::Ordering::SeqCst) {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}

/// Serves one session: JSON-RPC frames from `input`, replies and notifications to `output`.
pub async fn serve(
    input: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    output: impl tokio::io::AsyncWrite + Unpin + Send + 'static,
) {
    let (outbox, pipe, written) = outbox::open(output);
    let to_backend = outbox.clone();
    let (service, socket) = LspService::build(move |client| Backend::new(client, to_backend))
        .custom_method(frames::INVALID, Backend::invalid_message)
        .finish();
    let (reader, writer) = tokio::io::duplex(1 << 16);
    let rejects = outbox.clone();
    tokio::spawn(frames::sanitize(input, writer, move |reply| {
        rejects.send_raw(reply)
    }));
    Server::new(reader, pipe, socket).serve(service).await;
    // Deliver what is queued, unless the client stopped reading.
    outbox.close();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), written).await;
}
