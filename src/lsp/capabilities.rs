//! The start of a session: the configuration (`factline.toml`, then the client's
//! `initializationOptions`), what the client supports, and what the server offers.

use super::semantic;
use super::state::ClientFeatures;
use factline_core::config::{Config, Options};
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

/// Reads `factline.toml` at the root and applies `initializationOptions` over it.
/// Also returns the fact files the options name (see [`State::editor_facts`]).
pub(super) fn initial_config(
    root: Option<&PathBuf>,
    options: Option<&serde_json::Value>,
) -> (Config, Vec<PathBuf>, Vec<String>) {
    let mut messages = Vec::new();
    let mut config = Config::defaults();
    if let Some(path) = root
        .map(|r| r.join(factline_core::config::FILE_NAME))
        .filter(|p| p.is_file())
    {
        match Config::read(&path) {
            Ok(c) => config = c,
            Err(e) => messages.push(format!("factline: {e}; using the defaults")),
        }
    }
    if let Some(options) = options {
        apply_options(&mut config, root, options, &mut messages);
    }
    let editor_facts = editor_facts(&config, options);
    (config, editor_facts, messages)
}

/// The fact files of `config` that `settings` named.
pub(super) fn editor_facts(config: &Config, settings: Option<&serde_json::Value>) -> Vec<PathBuf> {
    match settings.is_some_and(|s| s.get("facts").is_some()) {
        true => config.facts.clone(),
        false => Vec::new(),
    }
}

/// The workspace's folder: the first workspace folder, else the deprecated `rootUri`.
pub(super) fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)]
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .or_else(|| {
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
        })
}

/// What the client can do that changes how the server talks to it.
pub(super) fn client_features(caps: &ClientCapabilities) -> ClientFeatures {
    let diagnostic_refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostics.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    ClientFeatures {
        // Pull only with a client that can be told to pull again: after a base reload or
        // a settings change nothing else would make it ask, and what it shows would stay
        // stale (Neovim 0.11 pulls but has no refresh). Others get every list pushed.
        pull_diagnostics: diagnostic_refresh
            && caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
        progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
    }
}

/// What the server offers a client with `features`.
pub(super) fn server(features: ClientFeatures) -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".into(), "[".into()]),
            ..CompletionOptions::default()
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        diagnostic_provider: features.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("factline".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// Applies `initializationOptions` (or settings) over `config`, with the keys and checks of
/// `factline.toml` ([`Options`]); a bad key or value becomes a message and the rest applies.
pub(super) fn apply_options(
    config: &mut Config,
    root: Option<&PathBuf>,
    options: &serde_json::Value,
    messages: &mut Vec<String>,
) {
    let Some(map) = options.as_object() else {
        messages
            .push("factline: initializationOptions must be an object; using the defaults".into());
        return;
    };
    let dir = root.cloned().unwrap_or_default();
    // One key at a time, so one bad key leaves the others applied.
    for (key, value) in map {
        let one = serde_json::Value::Object([(key.clone(), value.clone())].into_iter().collect());
        match serde_json::from_value::<Options>(one) {
            Ok(options) => {
                for e in config.apply(options, &dir) {
                    let key = e.key[0].as_str();
                    let message = &e.message;
                    messages.push(format!(
                        "factline: initializationOptions.{key}: {message}; ignored"
                    ));
                }
            }
            Err(e) => messages.push(format!(
                "factline: initializationOptions.{key}: {e}; ignored"
            )),
        }
    }
}
