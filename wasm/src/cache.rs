//! The models the bindings loaded last, by text: a page asks many questions and diffs of the same
//! model text (the unedited model on every edit, the edited one for the diff then the question),
//! and loading the example organization costs more than answering about it.
//!
//! Keyed by the whole text (compared byte for byte, so an entry is exactly what loading that text
//! gives); a few entries, the least recently used dropped. Installing the AWS managed policies
//! changes what loading a text gives, so it empties the cache.

use iamsim_core::api::LoadedModel;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// The unedited model, the edited one, and the one before the last edit (so toggling an edit
/// back does not load again).
const ENTRIES: usize = 4;

thread_local! {
    static LOADED: RefCell<Vec<Rc<LoadedModel>>> = const { RefCell::new(Vec::new()) };
}

/// The model loaded from `text`, from the cache or loaded now (and kept); a text that does not
/// load gives the entry points' `{"error": …}` and is not kept.
pub fn loaded(text: &str) -> Result<Rc<LoadedModel>, Value> {
    let hit = LOADED.with(|c| {
        let mut c = c.borrow_mut();
        let i = c.iter().position(|m| m.text() == text)?;
        // Most recently used last.
        let m = c.remove(i);
        c.push(Rc::clone(&m));
        Some(m)
    });
    if let Some(m) = hit {
        return Ok(m);
    }
    let m = Rc::new(LoadedModel::load(text.to_owned())?);
    LOADED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= ENTRIES {
            c.remove(0);
        }
        c.push(Rc::clone(&m));
    });
    Ok(m)
}

/// Forgets every loaded model.
pub fn clear() {
    LOADED.with(|c| c.borrow_mut().clear());
}

/// How many models are kept (for tests).
#[cfg(test)]
pub fn len() -> usize {
    LOADED.with(|c| c.borrow().len())
}
