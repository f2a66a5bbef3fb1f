//! The file-access policy: which fact files the server may read, and from where.
use factline_core::facts::FileReader;
use factline_core::facts::embedded::{self, Embedded};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Fact files as the editor has them: open documents first, then the embedded base, then disk.
///
/// Files on disk are read only inside the allowed directories (the workspace and the
/// directories of fact files the configuration names); a path, or a symlink, that
/// resolves elsewhere is refused.
pub(super) struct Overlay {
    pub(super) open: HashMap<String, String>,
    pub(super) allowed: Vec<PathBuf>,
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
pub(super) fn allowed_dirs(root: Option<&PathBuf>, editor_facts: &[PathBuf]) -> Vec<PathBuf> {
    let explicit = editor_facts
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from));
    root.cloned()
        .into_iter()
        .chain(explicit)
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect()
}
