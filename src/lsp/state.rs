//! What the server holds: open documents, their last analyses, the served engine and
//! settings, and the [`Backend`] that owns them behind one lock.

use super::analysis::Analysis;
use super::citations;
use super::document::{Document, Kind};
use super::fact_ids;
use super::transport::outbox;
use factline_core::check::Engine;
use factline_core::config::Config;
use factline_core::facts::LoadOptions;
use factline_core::text::LineIndex;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) struct State {
    pub(super) docs: HashMap<Uri, Document>,
    pub(super) analyses: HashMap<Uri, Arc<Analysis>>,
    pub(super) engine: Arc<Engine>,
    /// For each file of the served base, its URI when it is a file on disk (related information).
    pub(super) file_uris: Arc<Vec<Option<Uri>>>,
    pub(super) config: Config,
    pub(super) root: Option<PathBuf>,
    /// `.facts` files that currently have published problems.
    pub(super) facts_with_problems: HashSet<Uri>,
    /// Counts base loads started, so a slow older load never replaces a newer one.
    pub(super) base_loads: u64,
    /// Counts edits to open `.facts` documents: a reload waits for them to rest.
    pub(super) facts_edits: u64,
    /// Counts base loads ended (however): fewer than `base_loads` while one is running.
    pub(super) loads_done: u64,
    /// The `.facts` edit whose reload last started: behind `facts_edits` while edits rest.
    pub(super) facts_edits_loading: u64,
    /// Set to stop the base load in flight when a newer one starts.
    pub(super) load_in_flight: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// The last loader diagnostics of each `.facts` file (for pull requests).
    pub(super) facts_diagnostics: HashMap<Uri, Vec<Diagnostic>>,
    /// The configuration before client settings: factline.toml + initializationOptions.
    pub(super) file_config: Config,
    /// The fact files the editor's settings name: a repository's own `factline.toml` may
    /// not widen what the server reads beyond the workspace, so only these add directories.
    pub(super) editor_facts: Vec<PathBuf>,
    pub(super) client: ClientFeatures,
}

impl State {
    /// Forgets what notes learnt from the engine: it changed, or the settings did.
    pub(super) fn reset_notes(&mut self) {
        for note in self.docs.values_mut().filter_map(|d| d.note_mut()) {
            match note.state.try_lock() {
                Ok(mut state) => state.reset(),
                // A check holds it: the next check resets it first.
                Err(_) => note.reset = true,
            }
        }
    }
}

/// What the client said it supports.
#[derive(Clone, Copy, Default)]
pub(super) struct ClientFeatures {
    /// Pulls diagnostics and accepts `workspace/diagnostic/refresh` (one implies the other
    /// here: without refresh, diagnostics are pushed).
    pub(super) pull_diagnostics: bool,
    pub(super) progress: bool,
}

#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    /// Where diagnostics go (serialised without tower-lsp's `Value` detour).
    pub(super) outbox: outbox::Outbox,
    pub(super) state: Arc<Mutex<State>>,
    /// Woken whenever a base load ends (see `State::loads_done`).
    pub(super) load_done: Arc<tokio::sync::Notify>,
}

impl Backend {
    pub(super) fn new(client: Client, outbox: outbox::Outbox) -> Backend {
        let loaded = factline_core::facts::load_embedded(&LoadOptions::default());
        Backend {
            client,
            outbox,
            load_done: Arc::default(),
            state: Arc::new(Mutex::new(State {
                docs: HashMap::new(),
                analyses: HashMap::new(),
                file_uris: Arc::new(vec![None; loaded.base.files.len()]),
                engine: Arc::new(Engine::new(loaded.base)),
                config: Config::defaults(),
                root: None,
                facts_with_problems: HashSet::new(),
                base_loads: 0,
                facts_edits: 0,
                loads_done: 0,
                facts_edits_loading: 0,
                load_in_flight: None,
                facts_diagnostics: HashMap::new(),
                file_config: Config::defaults(),
                editor_facts: Vec::new(),
                client: ClientFeatures::default(),
            })),
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the server: take the data anyway.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a document's diagnostics. Every publish goes through the outbox (not
    /// tower-lsp's client), so a document's lists reach the client in the order made.
    pub(super) fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.outbox.notify(
            <notification::PublishDiagnostics as notification::Notification>::METHOD,
            &params,
        );
    }

    /// A message that was not JSON: said once in the log, then the session goes on.
    pub(super) async fn invalid_message(&self, params: serde_json::Value) {
        let reason = params["reason"]
            .as_str()
            .unwrap_or("invalid message")
            .to_string();
        self.client
            .log_message(MessageType::ERROR, format!("factline: ignored {reason}"))
            .await;
    }

    /// Runs a request's work so that a panic becomes an error reply (and one
    /// log line), never a dead server.
    pub(super) fn guard<T>(&self, name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let client = self.client.clone();
                let message = format!("factline: internal error in {name}: {what}");
                tokio::spawn(async move { client.log_message(MessageType::ERROR, message).await });
                Err(tower_lsp_server::jsonrpc::Error::internal_error())
            }
        }
    }

    /// In a `.facts` document: the id under the cursor and its LSP range.
    pub(super) fn facts_word(
        &self,
        uri: &Uri,
        position: Position,
    ) -> Option<(Arc<Engine>, String, Range)> {
        let state = self.lock();
        let doc = state.docs.get(uri).filter(|d| d.kind() == Kind::Facts)?;
        let text = doc.text();
        let lines = LineIndex::new(&text);
        let offset = lines.offset_utf16(&text, position.line as usize, position.character as usize);
        let (id, bytes) = fact_ids::word_at(&text, offset)?;
        let pos = |o: usize| {
            let p = lines.utf16(&text, o);
            Position::new(p.line, p.col)
        };
        Some((
            state.engine.clone(),
            id,
            Range::new(pos(bytes.start), pos(bytes.end)),
        ))
    }

    /// In a note: the source id of a `[@id]` under the cursor.
    pub(super) fn citation_at(&self, uri: &Uri, position: Position) -> Option<String> {
        let analysis = self.analysis(uri)?;
        citations::citation_at(analysis.text(), analysis.offset(position)).map(|(id, _)| id)
    }

    /// In a note: the id of the entity named under the cursor.
    pub(super) fn mention_at(&self, uri: &Uri, position: Position) -> Option<String> {
        let analysis = self.analysis(uri)?;
        let engine = self.lock().engine.clone();
        let (entity, _) = analysis.mention_at(&engine, analysis.offset(position))?;
        Some(engine.base.entity_of(entity).id.to_string())
    }

    pub(super) fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.lock().analyses.get(uri).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::transport::outbox;
    use tower_lsp_server::LspService;

    #[tokio::test]
    async fn a_panicking_request_becomes_an_error_reply() {
        let (outbox, _pipe, _writer) = outbox::open(tokio::io::sink());
        let (service, _socket) = LspService::new(|client| Backend::new(client, outbox));
        let backend = service.inner();
        let reply: Result<()> = backend.guard("hover", || panic!("boom"));
        assert_eq!(
            reply.unwrap_err().code,
            tower_lsp_server::jsonrpc::ErrorCode::InternalError
        );
        // The state is still usable afterwards.
        assert!(backend.lock().docs.is_empty());
    }
}
