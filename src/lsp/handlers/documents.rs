//! Documents as the client opens, edits and closes them, and their pulled diagnostics.

use crate::lsp::convert;
use crate::lsp::document::{Document, Kind};
use crate::lsp::state::Backend;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// Hashes pulled diagnostics into their result ids: the same in every session, so an id
/// a client kept from an earlier server still names the same diagnostics.
const RESULT_IDS: std::hash::BuildHasherDefault<rustc_hash::FxHasher> =
    std::hash::BuildHasherDefault::new();

pub(super) async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let kind = Kind::of(&doc.uri, Some(&doc.language_id));
    backend
        .lock()
        .docs
        .insert(doc.uri.clone(), Document::new(&doc.text, doc.version, kind));
    backend.spawn_refresh(doc.uri, kind);
}

pub(super) async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let kind = {
        let mut state = backend.lock();
        let Some(doc) = state.docs.get_mut(&uri) else {
            return;
        };
        for change in &params.content_changes {
            doc.apply(change);
        }
        doc.reparse();
        doc.version = params.text_document.version;
        doc.kind()
    };
    backend.spawn_refresh(uri, kind);
}

pub(super) async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let kind = {
        let mut state = backend.lock();
        state.analyses.remove(&uri);
        state.docs.remove(&uri).map(|d| d.kind())
    };
    if kind == Some(Kind::Note) {
        backend.publish(uri, Vec::new(), None);
    } else if kind == Some(Kind::Facts) {
        backend.reload_base().await;
    }
}

pub(super) async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let (kind, current, facts) = {
        let state = backend.lock();
        let doc = state.docs.get(&uri);
        (
            doc.map(|d| d.kind()),
            doc.map(|d| d.version),
            state.facts_diagnostics.get(&uri).cloned(),
        )
    };
    let items = match kind {
        Some(Kind::Facts) => {
            backend.loads_settled().await;
            let settled = backend.lock().facts_diagnostics.get(&uri).cloned();
            settled.or(facts).unwrap_or_default()
        }
        Some(Kind::Note) => {
            let fresh = backend
                .analysis(&uri)
                .is_some_and(|a| Some(a.version) == current);
            if !fresh {
                backend.check_note(uri.clone()).await;
            }
            let state = backend.lock();
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
