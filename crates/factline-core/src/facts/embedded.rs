//! The CSTO fact base compiled into the binary: the default when no fact file is given.

use super::load::FileReader;

/// The embedded files, by the path they have in the repository.
pub const FILES: &[(&str, &str)] = &[
    (
        "facts/csto.facts",
        include_str!("../../../../facts/csto.facts"),
    ),
    (
        "facts/common.facts",
        include_str!("../../../../facts/common.facts"),
    ),
    (
        "facts/csto-sources.facts",
        include_str!("../../../../facts/csto-sources.facts"),
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

    /// A disk file is the embedded file of its name when it sits in a copy of the embedded
    /// base (a checkout, where a curator edits `facts/csto.facts`) or has its very text (a
    /// domain's copy of `common.facts`): loaded first, it replaces the embedded copy
    /// instead of clashing with it.
    fn identity(&self, path: &str) -> String {
        if !path.starts_with(PREFIX) {
            let file = std::path::Path::new(path);
            for (name, text) in FILES {
                let checkout = strip_tail(file, name)
                    .is_some_and(|root| FILES.iter().all(|(other, _)| root.join(other).is_file()));
                let same_name = file.file_name() == std::path::Path::new(name).file_name();
                let copy =
                    same_name && super::load::read_regular(file).is_ok_and(|disk| disk == *text);
                if checkout || copy {
                    return format!("{PREFIX}{name}");
                }
            }
        }
        path.to_string()
    }
}

/// `file` without `tail`'s components at its end ("x/facts/a.facts" less "facts/a.facts"
/// is "x"); `None` when it does not end so.
fn strip_tail<'p>(file: &'p std::path::Path, tail: &str) -> Option<&'p std::path::Path> {
    if !file.ends_with(tail) {
        return None;
    }
    let mut root = file;
    for _ in std::path::Path::new(tail).components() {
        root = root.parent()?;
    }
    Some(root)
}
