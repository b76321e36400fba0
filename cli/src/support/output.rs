//! Writing results to stdout. A reader that goes away early (`iamsim … | head`) is not an error:
//! like ripgrep, iamsim stops quietly instead of panicking as `println!` does on a broken pipe.

use std::io::Write;

/// Writes `text` to stdout; on a broken pipe the process ends quietly (exit 0).
pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        exit_if_broken_pipe(&e);
        eprintln!("error: cannot write the output: {e}");
    }
}

/// Runs `f` on a buffered stdout, for output written piece by piece (so that it is never held
/// whole in memory); on a broken pipe the process ends quietly (exit 0).
pub fn stream(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = f(&mut out).and_then(|()| out.flush()) {
        exit_if_broken_pipe(&e);
        eprintln!("error: cannot write the output: {e}");
    }
}

/// Ends the process quietly (exit 0) when `e` is a broken pipe.
pub fn exit_if_broken_pipe(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// `print!` that survives a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::support::output::write(&format!($($arg)*)) };
}

/// `println!` that survives a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::support::output::write(&format!("{}\n", format!($($arg)*))) };
}
