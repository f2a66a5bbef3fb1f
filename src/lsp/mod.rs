//! `factline lsp`: the language server, a thin adapter over the engine.
//!
//! Notes get the exact findings `factline check` reports; `.facts` files get
//! the loader's problems as the curator types, and a base without errors
//! replaces the served one and re-checks every open note. Checks run off the
//! message loop; a result is published only if its document version is still
//! current, so stale diagnostics never overwrite newer ones.

mod convert;
mod document;
mod features;
mod transport;
mod navigation;
mod position;
mod semantic;

use document::{Document, Kind};
use transport::{frames, outbox};
use factline_core::check::{Engine, Report, Settings};
use factline_core::config::Config;
use factline_core::facts::embedded::{self, Embedded};
use factline_core::facts::{FileReader, LoadOptions, Problem};
use factline_core::text::LineIndex;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// A checked snapshot of a note.
pub struct Analysis {
    pub version: i32,
    /// The text checked (a rope: cheap to keep, so a keystroke copies nothing).
    pub rope: ropey::Rope,
    /// The text as one string and its lines, made when a request first needs them.
    text: std::sync::OnceLock<String>,
    lines: std::sync::OnceLock<LineIndex>,
    pub report: Report,
}

impl Analysis {
    pub fn new(version: i32, rope: ropey::Rope, report: Report) -> Analysis {
        Analysis {
            version,
            rope,
            text: Default::default(),
            lines: Default::default(),
            report,
        }
    }

    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.rope.to_string())
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }
}

struct State {
    docs: HashMap<Uri, Document>,
    analyses: HashMap<Uri, Arc<Analysis>>,
    engine: Arc<Engine>,
    /// For each file of the served base, its URI when it is a file on disk (related information).
    file_uris: Arc<Vec<Option<Uri>>>,
    config: Config,
    root: Option<PathBuf>,
    /// `.facts` files that currently have published problems.
    facts_with_problems: HashSet<Uri>,
    /// Counts base loads started, so a slow older load never replaces a newer one.
    base_loads: u64,
    /// Counts edits to open `.facts` documents: a reload waits for them to rest.
    facts_edits: u64,
    /// Counts base loads ended (however): fewer than `base_loads` while one is running.
    loads_done: u64,
    /// The `.facts` edit whose reload last started: behind `facts_edits` while edits rest.
    facts_edits_loading: u64,
    /// Set to stop the base load in flight when a newer one starts.
    load_in_flight: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// The last loader diagnostics of each `.facts` file (for pull requests).
    facts_diagnostics: HashMap<Uri, Vec<Diagnostic>>,
    /// The configuration before client settings: factline.toml + initializationOptions.
    file_config: Config,
    /// The fact files the editor's settings name: a repository's own `factline.toml` may
    /// not widen what the server reads beyond the workspace, so only these add directories.
    editor_facts: Vec<PathBuf>,
    client: ClientFeatures,
}

impl State {
    /// Forgets what notes learnt from the engine: it changed, or the settings did.
    fn reset_notes(&mut self) {
        for doc in self.docs.values_mut() {
            match doc.note.as_ref().map(|n| n.try_lock()) {
                Some(Ok(mut note)) => note.reset(),
                // A check holds it: the next check resets it first.
                Some(Err(_)) => doc.reset = true,
                None => {}
            }
        }
    }
}

/// What the client said it supports.
#[derive(Clone, Copy, Default)]
struct ClientFeatures {
    /// Pulls diagnostics and accepts `workspace/diagnostic/refresh` (one implies the other
    /// here: without refresh, diagnostics are pushed).
    pull_diagnostics: bool,
    progress: bool,
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    /// Where diagnostics go (serialised without tower-lsp's `Value` detour).
    outbox: outbox::Outbox,
    state: Arc<Mutex<State>>,
    /// Woken whenever a base load ends (see `State::loads_done`).
    load_done: Arc<tokio::sync::Notify>,
}

/// How long edits to a `.facts` document must rest before the base reloads.
const FACTS_DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

/// Hashes pulled diagnostics into their result ids: the same in every session, so an id
/// a client kept from an earlier server still names the same diagnostics.
const RESULT_IDS: std::hash::BuildHasherDefault<rustc_hash::FxHasher> =
    std::hash::BuildHasherDefault::new();

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

impl Backend {
    fn new(client: Client, outbox: outbox::Outbox) -> Backend {
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

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the server: take the data anyway.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a document's diagnostics. Every publish goes through the outbox (not
    /// tower-lsp's client), so a document's lists reach the client in the order made.
    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.outbox.notify(
            <notification::PublishDiagnostics as notification::Notification>::METHOD,
            &params,
        );
    }

    /// Checks a note off the message loop and publishes if still current.
    async fn check_note(&self, uri: Uri) {
        let Some(note) = self.lock().docs.get(&uri).and_then(|d| d.note.clone()) else {
            return;
        };
        // One check at a time per note; edits made meanwhile queue in the document.
        let mut note = note.lock_owned().await;
        let snapshot = {
            let mut state = self.lock();
            let (engine, settings) = (state.engine.clone(), settings(&state.config));
            let Some(doc) = state.docs.get_mut(&uri) else {
                return;
            };
            if std::mem::take(&mut doc.reset) {
                note.reset();
            }
            for (range, text) in doc.pending.drain(..) {
                note.edit(range, &text);
            }
            (doc.rope.clone(), doc.version, engine, settings)
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
    fn store(&self, uri: Uri, analysis: Analysis) {
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
            let params = doc.lines.as_ref().filter(|_| !pull).map(|lines| {
                let messages = &mut doc.messages;
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

    /// Reloads the fact base from configuration and open `.facts` files;
    /// publishes their problems; swaps the base in and re-checks notes when it
    /// has no errors.
    async fn reload_base(&self) {
        self.load_base(true).await;
    }

    /// Loads the base; with `publish`, also publishes fact-file problems and
    /// re-checks open notes. Those waiting for loads to settle are woken after.
    async fn load_base(&self, publish: bool) {
        self.load_base_once(publish).await;
        self.lock().loads_done += 1;
        self.load_done.notify_waiters();
    }

    /// Returns once no base load is running or waiting for edits to rest (or after a
    /// generous wait): a pulled `.facts`
    /// document's problems come from the load its opening started, never an empty list
    /// because that load has not finished (a client that cannot be asked to refresh would
    /// keep the empty list).
    async fn loads_settled(&self) {
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

    async fn load_base_once(&self, publish: bool) {
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
                if doc.kind == Kind::Facts
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
        {
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
        }
        if !publish {
            let mut state = self.lock();
            state.facts_with_problems = by_file.keys().cloned().collect();
            if loaded.error_count() == 0 {
                state.file_uris = Arc::new(convert::file_uris(&loaded.base));
                state.engine = Arc::new(Engine::new(loaded.base));
                state.reset_notes();
            }
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
        let errors = loaded.error_count();
        let notes: Vec<Uri> = {
            let mut state = self.lock();
            state.facts_with_problems = by_file.keys().cloned().collect();
            if errors > 0 {
                Vec::new()
            } else {
                state.file_uris = Arc::new(convert::file_uris(&loaded.base));
                state.engine = Arc::new(Engine::new(loaded.base));
                state.reset_notes();
                state
                    .docs
                    .iter()
                    .filter(|(_, d)| d.kind == Kind::Note)
                    .map(|(u, _)| u.clone())
                    .collect()
            }
        };
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

    /// A message that was not JSON: said once in the log, then the session goes on.
    async fn invalid_message(&self, params: serde_json::Value) {
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
    fn guard<T>(&self, name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
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

    /// Re-checks a note or reloads the base in the background: the message
    /// loop goes on reading edits meanwhile.
    fn spawn_refresh(&self, uri: Uri, kind: Kind) {
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

    /// In a `.facts` document: the id under the cursor and its LSP range.
    fn facts_word(&self, uri: &Uri, position: Position) -> Option<(Arc<Engine>, String, Range)> {
        let state = self.lock();
        let doc = state.docs.get(uri).filter(|d| d.kind == Kind::Facts)?;
        let text = doc.text();
        let lines = LineIndex::new(&text);
        let offset = lines.offset_utf16(&text, position.line as usize, position.character as usize);
        let (id, bytes) = navigation::word_at(&text, offset)?;
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
    fn citation_at(&self, uri: &Uri, position: Position) -> Option<String> {
        let analysis = self.analysis(uri)?;
        let at = analysis.lines().offset_utf16(
            analysis.text(),
            position.line as usize,
            position.character as usize,
        );
        features::citation_at(analysis.text(), at).map(|(id, _)| id)
    }

    /// In a note: the id of the entity named under the cursor.
    fn mention_at(&self, uri: &Uri, position: Position) -> Option<String> {
        let analysis = self.analysis(uri)?;
        let engine = self.lock().engine.clone();
        let at = analysis.lines().offset_utf16(
            analysis.text(),
            position.line as usize,
            position.character as usize,
        );
        let line = analysis.lines().line_of(at);
        let start = analysis.lines().line_start(line);
        let text = analysis.lines().line_text(analysis.text(), line);
        let m = engine.mentions(text).into_iter().find(|m| {
            m.range.start + start <= at && at <= m.range.end + start && m.entities.len() == 1
        })?;
        Some(engine.base.entity_of(m.entities[0]).id.to_string())
    }

    fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.lock().analyses.get(uri).cloned()
    }
}

fn settings(config: &Config) -> Settings {
    Settings {
        as_of: config.as_of,
        today: None,
        ignore_relations: config.ignore_relations.clone(),
        ignore_entities: config.ignore_entities.clone(),
    }
}

/// The loader's problems by the URI of the file they are in; an embedded file's problems
/// belong to the open document standing in for it (`stand_ins`), if any, else to no file.
fn problems_by_uri<'p>(
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
fn stand_in_for_embedded(
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

/// Fact files as the editor has them: open documents first, then the embedded base, then disk.
///
/// Files on disk are read only inside the allowed directories (the workspace and the
/// directories of fact files the configuration names); a path, or a symlink, that
/// resolves elsewhere is refused.
struct Overlay {
    open: HashMap<String, String>,
    allowed: Vec<PathBuf>,
}

impl Overlay {
    fn permitted(&self, path: &str) -> std::io::Result<()> {
        let real = std::fs::canonicalize(path)?;
        if self.allowed.iter().any(|dir| real.starts_with(dir)) {
            return Ok(());
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "refused: {} resolves outside the workspace and the directories of fact files \
                 named in the editor's settings (`factline.toml` cannot widen them: name the \
                 file in the editor's `facts` setting to allow it)",
                real.display()
            ),
        ))
    }
}

impl FileReader for Overlay {
    fn read(&self, path: &str) -> std::io::Result<String> {
        if let Some(text) = self.open.get(path) {
            return Ok(text.clone());
        }
        match path.strip_prefix(embedded::PREFIX) {
            Some(inner) => Embedded.read(inner),
            None => {
                self.permitted(path)?;
                factline_core::facts::read_regular(Path::new(path))
            }
        }
    }
}

/// The directories fact files may be read from: the workspace and the directories of the
/// fact files the editor's settings name (not `factline.toml`'s), all resolved, so `..`
/// and symlinks are compared as the paths they lead to.
fn allowed_dirs(root: Option<&PathBuf>, editor_facts: &[PathBuf]) -> Vec<PathBuf> {
    let explicit = editor_facts
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from));
    root.cloned()
        .into_iter()
        .chain(explicit)
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect()
}

fn kind_of(uri: &Uri, language: Option<&str>) -> Kind {
    let facts = language == Some("facts") || uri.as_str().ends_with(".facts");
    if facts { Kind::Facts } else { Kind::Note }
}

/// Reads `factline.toml` at the root and applies `initializationOptions` over it.
/// Also returns the fact files the options name (see [`State::editor_facts`]).
fn initial_config(
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
        features::apply_options(&mut config, root, options, &mut messages);
    }
    let editor_facts = editor_facts(&config, options);
    (config, editor_facts, messages)
}

/// The fact files of `config` that `settings` named.
fn editor_facts(config: &Config, settings: Option<&serde_json::Value>) -> Vec<PathBuf> {
    match settings.is_some_and(|s| s.get("facts").is_some()) {
        true => config.facts.clone(),
        false => Vec::new(),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .or_else(|| {
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            });
        let (config, editor_facts, messages) =
            initial_config(root.as_ref(), params.initialization_options.as_ref());
        let custom_base = !config.facts.is_empty() || !config.default_facts;
        let caps = &params.capabilities;
        let diagnostic_refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let features = ClientFeatures {
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
        };
        {
            let mut state = self.lock();
            state.file_config = config.clone();
            state.config = config;
            state.editor_facts = editor_facts;
            state.root = root;
            state.client = features;
        }
        if custom_base {
            // Load before answering, so no note is ever checked against the wrong base;
            // problems are published once the client is initialized.
            self.load_base(false).await;
        }
        for m in messages {
            self.client.show_message(MessageType::WARNING, m).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "factline".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
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
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: semantic::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                diagnostic_provider: features.pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("factline".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    })
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let has_problems = !self.lock().facts_with_problems.is_empty();
        if has_problems {
            self.reload_base().await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        SHUT_DOWN.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let kind = kind_of(&doc.uri, Some(&doc.language_id));
        self.lock()
            .docs
            .insert(doc.uri.clone(), Document::new(&doc.text, doc.version, kind));
        self.spawn_refresh(doc.uri, kind);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let kind = {
            let mut state = self.lock();
            let Some(doc) = state.docs.get_mut(&uri) else {
                return;
            };
            for change in &params.content_changes {
                doc.apply(change);
            }
            doc.reparse();
            doc.version = params.text_document.version;
            doc.kind
        };
        self.spawn_refresh(uri, kind);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let kind = {
            let mut state = self.lock();
            state.analyses.remove(&uri);
            state.docs.remove(&uri).map(|d| d.kind)
        };
        if kind == Some(Kind::Note) {
            self.publish(uri, Vec::new(), None);
        } else if kind == Some(Kind::Facts) {
            self.reload_base().await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
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
            let root = self.lock().root.clone();
            let (config, editor_facts, messages) = initial_config(root.as_ref(), None);
            {
                let mut state = self.lock();
                state.config = config;
                state.editor_facts = editor_facts;
                state.reset_notes();
            }
            for m in messages {
                self.client.show_message(MessageType::WARNING, m).await;
            }
        }
        self.reload_base().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guard("hover", || {
            let uri = params.text_document_position_params.text_document.uri;
            let position = params.text_document_position_params.position;
            if let Some((base_engine, id, range)) = self.facts_word(&uri, position) {
                let Some(value) = navigation::describe(&base_engine.base, &id) else {
                    return Ok(None);
                };
                return Ok(Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    }),
                    range: Some(range),
                }));
            }
            let Some(analysis) = self.analysis(&uri) else {
                return Ok(None);
            };
            let engine = self.lock().engine.clone();
            Ok(features::hover(
                &engine,
                &analysis,
                params.text_document_position_params.position,
            ))
        })
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (kind, current, facts) = {
            let state = self.lock();
            let doc = state.docs.get(&uri);
            (
                doc.map(|d| d.kind),
                doc.map(|d| d.version),
                state.facts_diagnostics.get(&uri).cloned(),
            )
        };
        let items = match kind {
            Some(Kind::Facts) => {
                self.loads_settled().await;
                let settled = self.lock().facts_diagnostics.get(&uri).cloned();
                settled.or(facts).unwrap_or_default()
            }
            Some(Kind::Note) => {
                let fresh = self
                    .analysis(&uri)
                    .is_some_and(|a| Some(a.version) == current);
                if !fresh {
                    self.check_note(uri.clone()).await;
                }
                let state = self.lock();
                match state.analyses.get(&uri) {
                    Some(a) => {
                        convert::note_diagnostics(&state.engine, &state.file_uris, &state.config, a)
                    }
                    None => Vec::new(),
                }
            }
            None => Vec::new(),
        };
        // Named by what it holds: a client that has these already is told so, instead of
        // being sent (and re-reading) thousands of diagnostics after a keystroke that
        // moved none of them.
        let json = serde_json::to_vec(&items).expect("diagnostics serialise");
        let result_id = format!(
            "{:016x}",
            std::hash::BuildHasher::hash_one(&RESULT_IDS, json)
        );
        if params.previous_result_id.as_ref() == Some(&result_id) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            }),
        ))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = params
            .settings
            .get("factline")
            .cloned()
            .unwrap_or(params.settings);
        if !settings.is_object() {
            return;
        }
        let (mut config, root) = {
            let state = self.lock();
            (state.file_config.clone(), state.root.clone())
        };
        let mut messages = Vec::new();
        features::apply_options(&mut config, root.as_ref(), &settings, &mut messages);
        {
            let mut state = self.lock();
            if settings.get("facts").is_some() {
                state.editor_facts = config.facts.clone();
            }
            state.config = config;
            state.reset_notes();
        }
        for m in messages {
            self.client.show_message(MessageType::WARNING, m).await;
        }
        self.reload_base().await;
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.guard("semantic_tokens_full", || {
            let state = self.lock();
            let Some(doc) = state
                .docs
                .get(&params.text_document.uri)
                .filter(|d| d.kind == Kind::Facts)
            else {
                return Ok(None);
            };
            let Some(tree) = &doc.tree else {
                return Ok(None);
            };
            let data = semantic::tokens(&doc.text(), tree);
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            })))
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.guard("goto_definition", || {
            let uri = params.text_document_position_params.text_document.uri;
            let position = params.text_document_position_params.position;
            let engine = self.lock().engine.clone();
            let id = match self.facts_word(&uri, position) {
                Some((_, id, _)) => Some(id),
                None => self
                    .citation_at(&uri, position)
                    .or_else(|| self.mention_at(&uri, position)),
            };
            let location = id
                .and_then(|id| navigation::declaration(&engine.base, &id))
                .and_then(|span| navigation::location(&engine.base, span));
            Ok(location.map(GotoDefinitionResponse::Scalar))
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.guard("references", || {
            let uri = params.text_document_position.text_document.uri;
            let Some((engine, id, _)) =
                self.facts_word(&uri, params.text_document_position.position)
            else {
                return Ok(None);
            };
            Ok(Some(navigation::references(&engine.base, &id)))
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.guard("completion", || {
            let uri = params.text_document_position.text_document.uri;
            let (kind, engine, prefix) = {
                let state = self.lock();
                let doc = state.docs.get(&uri);
                let prefix = doc.map(|d| {
                    let p = params.text_document_position.position;
                    let line = d
                        .rope
                        .line(p.line.min(d.rope.len_lines().saturating_sub(1) as u32) as usize);
                    let end = position::char_at(&d.rope, p)
                        - d.rope.line_to_char(
                            p.line.min(d.rope.len_lines().saturating_sub(1) as u32) as usize,
                        );
                    line.slice(..end.min(line.len_chars())).to_string()
                });
                (
                    doc.map(|d| d.kind),
                    state.engine.clone(),
                    prefix.unwrap_or_default(),
                )
            };
            if kind == Some(Kind::Note) {
                let items = features::note_completions(&engine.base, &prefix);
                return Ok(items.map(CompletionResponse::Array));
            }
            if kind != Some(Kind::Facts) {
                return Ok(None);
            }
            Ok(Some(CompletionResponse::Array(navigation::completions(
                &engine.base,
            ))))
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.guard("document_symbol", || {
            let Some(path) = params.text_document.uri.to_file_path() else {
                return Ok(None);
            };
            let engine = self.lock().engine.clone();
            let symbols = navigation::symbols(&engine.base, &path.display().to_string());
            Ok(Some(DocumentSymbolResponse::Flat(symbols)))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guard("code_action", || {
            let Some(analysis) = self.analysis(&params.text_document.uri) else {
                return Ok(None);
            };
            let (config, engine) = {
                let state = self.lock();
                (state.config.clone(), state.engine.clone())
            };
            let actions = features::code_actions(
                &params.text_document.uri,
                &engine,
                &config,
                &analysis,
                params.range,
                &params.context.diagnostics,
            );
            Ok(Some(actions))
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.guard("inlay_hint", || {
            let Some(analysis) = self.analysis(&params.text_document.uri) else {
                return Ok(None);
            };
            let config = self.lock().config.clone();
            Ok(Some(features::inlay_hints(
                &config,
                &analysis,
                params.range,
            )))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
