//! Reloading the fact base: configuration and open `.facts` documents are loaded off the
//! message loop; each file's problems are published; a base without errors is swapped in
//! and the open notes re-checked. A newer load cancels an older one.

use super::convert;
use super::document::Kind;
use super::overlay::{Overlay, allowed_dirs};
use super::state::Backend;
use factline_core::check::Engine;
use factline_core::facts::embedded::{self};
use factline_core::facts::{LoadOptions, Problem};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

impl Backend {
    /// Reloads the fact base from configuration and open `.facts` files;
    /// publishes their problems; swaps the base in and re-checks notes when it
    /// has no errors.
    pub(super) async fn reload_base(&self) {
        self.load_base(true).await;
    }

    /// Loads the base; with `publish`, also publishes fact-file problems and
    /// re-checks open notes. Those waiting for loads to settle are woken after.
    pub(super) async fn load_base(&self, publish: bool) {
        self.load_base_once(publish).await;
        self.lock().loads_done += 1;
        self.load_done.notify_waiters();
    }

    /// Returns once no base load is running or waiting for edits to rest (or after a
    /// generous wait): a pulled `.facts`
    /// document's problems come from the load its opening started, never an empty list
    /// because that load has not finished (a client that cannot be asked to refresh would
    /// keep the empty list).
    pub(super) async fn loads_settled(&self) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let woken = self.load_done.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let pending = {
                let state = self.lock();
                state.loads_done < state.base_loads || state.facts_edits_loading < state.facts_edits
            };
            if !pending || tokio::time::timeout_at(deadline, woken).await.is_err() {
                return;
            }
        }
    }

    pub(super) async fn load_base_once(&self, publish: bool) {
        let (reader, roots, defaults, previous, generation, stand_ins, cancel) = {
            let mut state = self.lock();
            state.base_loads += 1;
            let generation = state.base_loads;
            // A newer load makes the one in flight useless: stop it at its next phase.
            let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
            if let Some(older) = state.load_in_flight.replace(cancel.clone()) {
                older.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            let mut open = HashMap::new();
            let mut roots: Vec<String> = state
                .config
                .facts
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            for (uri, doc) in &state.docs {
                if doc.kind() == Kind::Facts
                    && let Some(path) = uri.to_file_path()
                {
                    let path = path.display().to_string();
                    open.insert(path.clone(), doc.text());
                    if !roots.contains(&path) {
                        roots.push(path);
                    }
                }
            }
            let defaults = state.config.default_facts;
            let stand_ins = if defaults {
                stand_in_for_embedded(&mut open, &mut roots)
            } else {
                HashMap::new()
            };
            (
                Overlay {
                    open,
                    allowed: allowed_dirs(state.root.as_ref(), &state.editor_facts),
                },
                roots,
                defaults,
                state.facts_with_problems.clone(),
                generation,
                stand_ins,
                cancel,
            )
        };
        let features = self.lock().client;
        let progress = match publish && features.progress {
            true => {
                let token = ProgressToken::String(format!("factline/load/{generation}"));
                let created = self.client.create_work_done_progress(token.clone()).await;
                match created {
                    Ok(()) => Some(
                        self.client
                            .progress(token, "factline: loading the fact base")
                            .begin()
                            .await,
                    ),
                    Err(_) => None,
                }
            }
            false => None,
        };
        let loaded = tokio::task::spawn_blocking(move || {
            let mut roots = roots;
            if defaults {
                roots.insert(0, format!("{}{}", embedded::PREFIX, embedded::ROOT));
            }
            let options = LoadOptions {
                cancel: Some(cancel),
                ..LoadOptions::default()
            };
            factline_core::facts::load(&reader, &roots, &options)
        })
        .await;
        if let Some(p) = progress {
            let done = match &loaded {
                Ok(l) => format!(
                    "{} statements, {} errors",
                    l.base.stats().statements,
                    l.error_count()
                ),
                Err(_) => "failed".into(),
            };
            p.finish_with_message(done).await;
        }
        let Ok(loaded) = loaded else {
            self.client
                .log_message(MessageType::ERROR, "factline: loading the fact base failed")
                .await;
            return;
        };
        if loaded.cancelled || self.lock().base_loads != generation {
            return;
        }
        let by_file = problems_by_uri(&loaded.problems, &stand_ins);
        let pull = features.pull_diagnostics;
        let errors = loaded.error_count();
        // The one swap: problems recorded, and a base without errors served from now on.
        let notes: Vec<Uri> = {
            let mut state = self.lock();
            state.facts_diagnostics = by_file
                .iter()
                .map(|(u, ps)| {
                    (
                        u.clone(),
                        ps.iter().map(convert::problem_diagnostic).collect(),
                    )
                })
                .collect();
            state.facts_with_problems = by_file.keys().cloned().collect();
            if errors == 0 {
                state.file_uris = Arc::new(convert::file_uris(&loaded.base));
                state.engine = Arc::new(Engine::new(loaded.base));
                state.reset_notes();
            }
            let notes = state.docs.iter().filter(|(_, d)| d.kind() == Kind::Note);
            match errors {
                0 => notes.map(|(u, _)| u.clone()).collect(),
                _ => Vec::new(),
            }
        };
        if !publish {
            return;
        }
        for uri in previous
            .iter()
            .filter(|u| !pull && !by_file.contains_key(*u))
        {
            let version = self.lock().docs.get(uri).map(|d| d.version);
            self.publish(uri.clone(), Vec::new(), version);
        }
        for (uri, problems) in by_file.iter().filter(|_| !pull) {
            let version = self.lock().docs.get(uri).map(|d| d.version);
            let diagnostics = problems.iter().map(convert::problem_diagnostic).collect();
            self.publish(uri.clone(), diagnostics, version);
        }
        if errors > 0 {
            let message = format!(
                "factline: the fact base has {errors} errors; still serving the last good base"
            );
            self.client.log_message(MessageType::WARNING, message).await;
        }
        for uri in notes {
            self.check_note(uri).await;
        }
        if pull {
            // Not awaited: a client slow to answer (or never answering) must not hold up the
            // handler that reloaded, nor the messages queued behind it.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }
}

/// The loader's problems by the URI of the file they are in; an embedded file's problems
/// belong to the open document standing in for it (`stand_ins`), if any, else to no file.
pub(super) fn problems_by_uri<'p>(
    problems: &'p [Problem],
    stand_ins: &HashMap<String, String>,
) -> HashMap<Uri, Vec<&'p Problem>> {
    let mut out: HashMap<Uri, Vec<&Problem>> = HashMap::new();
    for p in problems {
        let path = match stand_ins.get(&p.path) {
            Some(disk) => disk,
            None if p.path.starts_with(embedded::PREFIX) => continue,
            None => &p.path,
        };
        if let Some(uri) =
            Uri::from_file_path(std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path)))
        {
            out.entry(uri).or_default().push(p);
        }
    }
    out
}

/// An open document that is one of the embedded base's own files (a curator editing
/// `facts/csto.facts` in the repository) replaces the embedded copy rather than loading
/// beside it, where every id would clash with itself. Moves such documents in `open` to
/// the embedded path and out of `roots`; returns embedded path → the document's path.
pub(super) fn stand_in_for_embedded(
    open: &mut HashMap<String, String>,
    roots: &mut Vec<String>,
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (name, _) in embedded::FILES {
        let suffix = format!("{}{name}", std::path::MAIN_SEPARATOR);
        let found = open.keys().find(|path| path.ends_with(&suffix)).cloned();
        if let Some(path) = found {
            let text = open.remove(&path).unwrap_or_default();
            let embedded_path = format!("{}{name}", embedded::PREFIX);
            open.insert(embedded_path.clone(), text);
            roots.retain(|r| *r != path);
            out.insert(embedded_path, path);
        }
    }
    out
}
