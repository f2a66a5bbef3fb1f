//! Work off the message loop: a note re-checked after an edit (published only while its
//! version is current), a base reloaded once edits to a `.facts` document rest.

use super::analysis::Analysis;
use super::convert;
use super::document::Kind;
use super::state::Backend;
use factline_core::check::Settings;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// How long edits to a `.facts` document must rest before the base reloads.
pub(super) const FACTS_DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

impl Backend {
    /// Checks a note off the message loop and publishes if still current.
    pub(super) async fn check_note(&self, uri: Uri) {
        let Some(note) = self
            .lock()
            .docs
            .get(&uri)
            .and_then(|d| d.note().map(|n| n.state.clone()))
        else {
            return;
        };
        // One check at a time per note; edits made meanwhile queue in the document.
        let mut note = note.lock_owned().await;
        let snapshot = {
            let mut state = self.lock();
            let (engine, settings) = (state.engine.clone(), Settings::from(&state.config));
            let Some(doc) = state.docs.get_mut(&uri) else {
                return;
            };
            let (rope, version) = (doc.rope.clone(), doc.version);
            let Some(queued) = doc.note_mut() else {
                return;
            };
            if std::mem::take(&mut queued.reset) {
                note.reset();
            }
            for (range, text) in queued.pending.drain(..) {
                note.edit(range, &text);
            }
            (rope, version, engine, settings)
        };
        let (rope, version, engine, settings) = snapshot;
        let backend = self.clone();
        let checked_uri = uri.clone();
        // Checked and written out on one thread: the diagnostics read what the check
        // just touched, still in this core's cache.
        let result = tokio::task::spawn_blocking(move || {
            let report = note.check(&engine, &settings);
            backend.store(checked_uri, Analysis::new(version, rope, report));
        })
        .await;
        if let Err(e) = result {
            let message = format!("factline: checking {} failed: {e}", uri.as_str());
            self.client.log_message(MessageType::ERROR, message).await;
            // What the note learnt may be half updated: start it again from the text.
            if let Some(doc) = self.lock().docs.get_mut(&uri) {
                doc.renew_note();
            }
        }
    }

    /// Keeps a note's analysis and publishes its diagnostics, if its version is still
    /// the document's.
    pub(super) fn store(&self, uri: Uri, analysis: Analysis) {
        let version = analysis.version;
        let key = uri.to_string();
        let (params, replaced) = {
            let mut guard = self.lock();
            let state = &mut *guard;
            let Some(doc) = state.docs.get_mut(&uri).filter(|d| d.version == version) else {
                return;
            };
            let pull = state.client.pull_diagnostics;
            let (engine, uris, config) = (&state.engine, &state.file_uris, &state.config);
            let params = doc.note_mut().filter(|_| !pull).map(|note| {
                let (lines, messages) = (&note.lines, &mut note.messages);
                convert::note_publish_params(&uri, engine, uris, config, &analysis, lines, messages)
            });
            (params, state.analyses.insert(uri, Arc::new(analysis)))
        };
        if let Some(params) = params {
            let method = <notification::PublishDiagnostics as notification::Notification>::METHOD;
            self.outbox.notify_latest(key.as_str(), method, params);
        }
        // A long note's last analysis takes a while to free: not on the way to the client.
        if let Some(old) = replaced {
            rayon::spawn(move || drop(old));
        }
    }

    /// Re-checks a note or reloads the base in the background: the message
    /// loop goes on reading edits meanwhile.
    pub(super) fn spawn_refresh(&self, uri: Uri, kind: Kind) {
        let this = self.clone();
        let edit = match kind {
            Kind::Facts => {
                let mut state = self.lock();
                state.facts_edits += 1;
                state.facts_edits
            }
            Kind::Note => 0,
        };
        tokio::spawn(async move {
            match kind {
                Kind::Note => this.check_note(uri).await,
                Kind::Facts => {
                    // A load reads every file: typing in a `.facts` file reloads once
                    // the keys rest, not once per key (a newer edit takes over).
                    tokio::time::sleep(FACTS_DEBOUNCE).await;
                    let latest = {
                        let mut state = this.lock();
                        let latest = state.facts_edits == edit;
                        if latest {
                            state.facts_edits_loading = edit;
                        }
                        latest
                    };
                    if latest {
                        this.reload_base().await;
                    }
                }
            }
        });
    }
}
