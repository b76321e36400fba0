//! Reading the import folder: every `.json`, `.yaml` and `.yml` file under it, by path relative to
//! it, within the size limit and as UTF-8 text.
//!
//! The folder is untrusted. Symbolic links are followed only to files and folders inside it, each
//! folder and file is read once (a link loop, or two links to the root, cannot make the walk
//! repeat itself), and only regular files are opened (a FIFO would block the read forever).
//! Everything not read is reported with the reason.

use crate::support::input::{read_file, ReadError};
use iamsim_core::diag::Diagnostic;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What the walk found.
#[derive(Default)]
pub struct Folder {
    /// `(path relative to the folder, text)`, sorted by path.
    pub files: Vec<(String, String)>,
    /// Files that could not be used as text: `(relative path, text to locate in, diagnostic)`.
    pub refused: Vec<(String, String, Diagnostic)>,
    /// Entries left out: `(relative path, reason)`.
    pub skipped: Vec<(String, String)>,
}

struct Walk {
    root: PathBuf,
    max_bytes: usize,
    /// Canonical paths of the folders and files read so far.
    seen: HashSet<PathBuf>,
    /// Symbolic links met, followed once the real tree is read (so that the real path of a file
    /// is the one used when a link also leads to it).
    links: Vec<PathBuf>,
    out: Folder,
}

/// Reads the folder at `dir`; an error only when `dir` itself cannot be read (a file or folder
/// under it that cannot be read is in `refused`: leaving it out would lose its content).
pub fn read_folder(dir: &Path, max_bytes: usize) -> std::io::Result<Folder> {
    let root = std::fs::canonicalize(dir)?;
    let mut w = Walk {
        seen: HashSet::from([root.clone()]),
        root,
        max_bytes,
        links: Vec::new(),
        out: Folder::default(),
    };
    std::fs::read_dir(dir)?;
    w.folder(dir, dir);
    // Following a link may find more links: a queue, each target read once.
    let mut next = 0;
    while let Some(link) = w.links.get(next).cloned() {
        next += 1;
        w.link(dir, &link);
    }
    w.out.files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(w.out)
}

impl Walk {
    /// Reads the folder at `path` (as walked: under `dir`, perhaps through a link).
    fn folder(&mut self, dir: &Path, path: &Path) {
        let entries = std::fs::read_dir(path).and_then(|list| {
            let mut entries = list.collect::<Result<Vec<_>, _>>()?;
            entries.sort_by_key(std::fs::DirEntry::path);
            entries
                .into_iter()
                // The entry itself, not what a link points to.
                .map(|e| Ok((e.path(), e.file_type()?)))
                .collect::<std::io::Result<Vec<_>>>()
        });
        let entries = match entries {
            Ok(e) => e,
            Err(e) => return self.unreadable(dir, path, &format!("cannot read the folder: {e}")),
        };
        for (path, kind) in entries {
            if kind.is_symlink() {
                self.links.push(path);
            } else if kind.is_dir() {
                if let Ok(real) = std::fs::canonicalize(&path) {
                    if self.seen.insert(real) {
                        self.folder(dir, &path);
                    }
                }
            } else if wanted(&path) {
                if kind.is_file() {
                    if let Ok(real) = std::fs::canonicalize(&path) {
                        self.seen.insert(real);
                    }
                    self.file(dir, &path);
                } else {
                    self.skip(
                        dir,
                        &path,
                        "not a regular file (a FIFO, socket or device): not read",
                    );
                }
            }
        }
    }

    /// Follows a link when it leads to a file or folder inside the root not read yet.
    fn link(&mut self, dir: &Path, path: &Path) {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let Ok(real) = std::fs::canonicalize(path) else {
            self.skip(
                dir,
                path,
                &format!("a dangling symbolic link (to `{target}`): not read"),
            );
            return;
        };
        if !real.starts_with(&self.root) {
            self.skip(
                dir,
                path,
                &format!("a symbolic link to `{target}`, outside the folder: not followed"),
            );
            return;
        }
        let meta = match std::fs::metadata(&real) {
            Ok(m) => m,
            Err(e) => return self.unreadable(dir, path, &e.to_string()),
        };
        if meta.is_dir() {
            if !self.seen.insert(real) {
                self.skip(
                    dir,
                    path,
                    &format!(
                        "a symbolic link to `{target}`, a folder already read: not followed again"
                    ),
                );
            } else {
                self.folder(dir, path);
            }
        } else if !wanted(path) {
        } else if !meta.is_file() {
            self.skip(
                dir,
                path,
                "not a regular file (a FIFO, socket or device): not read",
            );
        } else if !self.seen.insert(real) {
            self.skip(
                dir,
                path,
                &format!("a symbolic link to `{target}`, a file already read: not read again"),
            );
        } else {
            self.file(dir, path);
        }
    }

    fn file(&mut self, dir: &Path, path: &Path) {
        let rel = relative(dir, path);
        match read_file(path, &format!("`{rel}`"), self.max_bytes) {
            Ok(text) => self.out.files.push((rel, text)),
            Err(ReadError::Refused { text, diagnostic }) => {
                self.out.refused.push((rel, text, *diagnostic));
            }
            Err(ReadError::Io(message)) => self.unreadable(dir, path, &message),
        }
    }

    /// A file or folder that exists but cannot be read: an error, as its content would be lost.
    fn unreadable(&mut self, dir: &Path, path: &Path, message: &str) {
        let mut diagnostic =
            Diagnostic::error("import-unreadable", message, "", Default::default());
        diagnostic.span = None;
        self.out
            .refused
            .push((relative(dir, path), String::new(), diagnostic));
    }

    fn skip(&mut self, dir: &Path, path: &Path, reason: &str) {
        self.out
            .skipped
            .push((relative(dir, path), reason.to_owned()));
    }
}

/// Whether the importer reads files of this name.
fn wanted(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
}

/// `path` relative to the folder as given, with `/` separators.
fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
