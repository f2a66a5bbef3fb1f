//! Requests on the fact base: semantic tokens of a `.facts` document, go to definition
//! (from a note's citation or name, or a `.facts` id), references and symbols.

use crate::lsp::document::Kind;
use crate::lsp::state::Backend;
use crate::lsp::{fact_ids, semantic};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn semantic_tokens_full(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    backend.guard("semantic_tokens_full", || {
        let state = backend.lock();
        let Some(doc) = state
            .docs
            .get(&params.text_document.uri)
            .filter(|d| d.kind() == Kind::Facts)
        else {
            return Ok(None);
        };
        let Some(tree) = doc.tree() else {
            return Ok(None);
        };
        let data = semantic::tokens(&doc.text(), tree);
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    })
}

pub(super) async fn goto_definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    backend.guard("goto_definition", || {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let engine = backend.lock().engine.clone();
        let id = match backend.facts_word(&uri, position) {
            Some((_, id, _)) => Some(id),
            None => backend
                .citation_at(&uri, position)
                .or_else(|| backend.mention_at(&uri, position)),
        };
        let location = id
            .and_then(|id| fact_ids::declaration(&engine.base, &id))
            .and_then(|span| fact_ids::location(&engine.base, span));
        Ok(location.map(GotoDefinitionResponse::Scalar))
    })
}

pub(super) async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    backend.guard("references", || {
        let uri = params.text_document_position.text_document.uri;
        let Some((engine, id, _)) =
            backend.facts_word(&uri, params.text_document_position.position)
        else {
            return Ok(None);
        };
        Ok(Some(fact_ids::references(&engine.base, &id)))
    })
}

pub(super) async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    backend.guard("document_symbol", || {
        let Some(path) = params.text_document.uri.to_file_path() else {
            return Ok(None);
        };
        let engine = backend.lock().engine.clone();
        let symbols = fact_ids::symbols(&engine.base, &path.display().to_string());
        Ok(Some(DocumentSymbolResponse::Flat(symbols)))
    })
}
