//! Progress bars for long work, on stderr, only when stderr is a terminal: piped or captured
//! output (CI logs, `2>file`) never gets escape codes or carriage returns.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar that draws nothing when stderr is not a terminal.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `total` units (bytes when `bytes`, else items), labelled `what`.
    pub fn new(total: u64, what: &str, bytes: bool) -> Progress {
        let template = if bytes {
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})"
        } else {
            "{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})"
        };
        Progress::styled(Some(total), what, template)
    }

    /// A spinner with a byte count, for input of unknown length (stdin).
    pub fn unbounded(what: &str) -> Progress {
        Progress::styled(None, what, "{spinner} {msg} {bytes} ({bytes_per_sec})")
    }

    fn styled(total: Option<u64>, what: &str, template: &str) -> Progress {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(total, target);
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        Progress { bar }
    }

    pub fn advance(&self, by: u64) {
        self.bar.inc(by);
    }

    pub fn set(&self, done: u64) {
        self.bar.set_position(done);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
