//! Requests on a note: hover (and on a `.facts` word, its description), completion,
//! code actions and inlay hints.

use crate::lsp::document::Kind;
use crate::lsp::state::Backend;
use crate::lsp::{citations, fact_ids, fixes, hover, position};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    backend.guard("hover", || {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        if let Some((base_engine, id, range)) = backend.facts_word(&uri, position) {
            let Some(value) = fact_ids::describe(&base_engine.base, &id) else {
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
        let Some(analysis) = backend.analysis(&uri) else {
            return Ok(None);
        };
        let engine = backend.lock().engine.clone();
        Ok(hover::hover(
            &engine,
            &analysis,
            params.text_document_position_params.position,
        ))
    })
}

pub(super) async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    backend.guard("completion", || {
        let uri = params.text_document_position.text_document.uri;
        let (kind, engine, prefix) = {
            let state = backend.lock();
            let doc = state.docs.get(&uri);
            let prefix = doc.map(|d| {
                let p = params.text_document_position.position;
                let line = d
                    .rope
                    .line(p.line.min(d.rope.len_lines().saturating_sub(1) as u32) as usize);
                let end = position::char_at(&d.rope, p)
                    - d.rope.line_to_char(
                        p.line.min(d.rope.len_lines().saturating_sub(1) as u32) as usize
                    );
                line.slice(..end.min(line.len_chars())).to_string()
            });
            (
                doc.map(|d| d.kind()),
                state.engine.clone(),
                prefix.unwrap_or_default(),
            )
        };
        if kind == Some(Kind::Note) {
            let items = citations::note_completions(&engine.base, &prefix);
            return Ok(items.map(CompletionResponse::Array));
        }
        if kind != Some(Kind::Facts) {
            return Ok(None);
        }
        Ok(Some(CompletionResponse::Array(fact_ids::completions(
            &engine.base,
        ))))
    })
}

pub(super) async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    backend.guard("code_action", || {
        let Some(analysis) = backend.analysis(&params.text_document.uri) else {
            return Ok(None);
        };
        let (config, engine) = {
            let state = backend.lock();
            (state.config.clone(), state.engine.clone())
        };
        let actions = fixes::code_actions(
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

pub(super) async fn inlay_hint(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    backend.guard("inlay_hint", || {
        let Some(analysis) = backend.analysis(&params.text_document.uri) else {
            return Ok(None);
        };
        let config = backend.lock().config.clone();
        Ok(Some(fixes::inlay_hints(&config, &analysis, params.range)))
    })
}
