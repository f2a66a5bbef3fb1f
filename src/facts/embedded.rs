//! The CSTO fact base compiled into the binary: the default when no fact file is given.

use super::load::FileReader;

/// The embedded files, by the path they have in the repository.
pub const FILES: &[(&str, &str)] = &[
    ("facts/csto.facts", include_str!("../../facts/csto.facts")),
    (
        "facts/common.facts",
        include_str!("../../facts/common.facts"),
    ),
    (
        "facts/csto-sources.facts",
        include_str!("../../facts/csto-sources.facts"),
    ),
];

/// The root of the embedded base.
pub const ROOT: &str = "facts/csto.facts";

/// Reads the embedded files; any other path is not found.
pub struct Embedded;

impl FileReader for Embedded {
    fn read(&self, path: &str) -> std::io::Result<String> {
        let path = path.strip_prefix(PREFIX).unwrap_or(path);
        FILES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "not in the embedded base")
            })
    }

    fn is_disk(&self) -> bool {
        false
    }
}

/// How [`Layered`] names embedded files beside files on disk.
pub const PREFIX: &str = "<embedded>/";

/// The embedded base (paths under [`PREFIX`]) layered with the disk.
pub struct Layered;

impl FileReader for Layered {
    fn read(&self, path: &str) -> std::io::Result<String> {
        match path.strip_prefix(PREFIX) {
            Some(inner) => Embedded.read(inner),
            None => super::load::read_regular(std::path::Path::new(path)),
        }
    }
}
