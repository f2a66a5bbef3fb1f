//! The session: `initialize` (configuration, client features, capabilities), shutdown,
//! and the changes that re-read the configuration or reload the base.

use crate::lsp::capabilities;
use crate::lsp::state::Backend;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn initialize(
    backend: &Backend,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let root = capabilities::workspace_root(&params);
    let (config, editor_facts, messages) =
        capabilities::initial_config(root.as_ref(), params.initialization_options.as_ref());
    let custom_base = !config.facts.is_empty() || !config.default_facts;
    let features = capabilities::client_features(&params.capabilities);
    {
        let mut state = backend.lock();
        state.file_config = config.clone();
        state.config = config;
        state.editor_facts = editor_facts;
        state.root = root;
        state.client = features;
    }
    if custom_base {
        // Load before answering, so no note is ever checked against the wrong base;
        // problems are published once the client is initialized.
        backend.load_base(false).await;
    }
    for m in messages {
        backend.client.show_message(MessageType::WARNING, m).await;
    }
    Ok(InitializeResult {
        server_info: Some(ServerInfo {
            name: "factline".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        capabilities: capabilities::server(features),
        ..InitializeResult::default()
    })
}

pub(super) async fn initialized(backend: &Backend, _: InitializedParams) {
    let has_problems = !backend.lock().facts_with_problems.is_empty();
    if has_problems {
        backend.reload_base().await;
    }
}

pub(super) async fn shutdown(_: &Backend) -> Result<()> {
    crate::lsp::SHUT_DOWN.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

pub(super) async fn did_change_configuration(
    backend: &Backend,
    params: DidChangeConfigurationParams,
) {
    let settings = params
        .settings
        .get("factline")
        .cloned()
        .unwrap_or(params.settings);
    if !settings.is_object() {
        return;
    }
    let (mut config, root) = {
        let state = backend.lock();
        (state.file_config.clone(), state.root.clone())
    };
    let mut messages = Vec::new();
    capabilities::apply_options(&mut config, root.as_ref(), &settings, &mut messages);
    {
        let mut state = backend.lock();
        if settings.get("facts").is_some() {
            state.editor_facts = config.facts.clone();
        }
        state.config = config;
        state.reset_notes();
    }
    for m in messages {
        backend.client.show_message(MessageType::WARNING, m).await;
    }
    backend.reload_base().await;
}

pub(super) async fn did_change_watched_files(
    backend: &Backend,
    params: DidChangeWatchedFilesParams,
) {
    let relevant = params.changes.iter().any(|c| {
        let s = c.uri.as_str();
        s.ends_with(".facts") || s.ends_with(factline_core::config::FILE_NAME)
    });
    if !relevant {
        return;
    }
    let reread_config = params
        .changes
        .iter()
        .any(|c| c.uri.as_str().ends_with(factline_core::config::FILE_NAME));
    if reread_config {
        let root = backend.lock().root.clone();
        let (config, editor_facts, messages) = capabilities::initial_config(root.as_ref(), None);
        {
            let mut state = backend.lock();
            state.config = config;
            state.editor_facts = editor_facts;
            state.reset_notes();
        }
        for m in messages {
            backend.client.show_message(MessageType::WARNING, m).await;
        }
    }
    backend.reload_base().await;
}
