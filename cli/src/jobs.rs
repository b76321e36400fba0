//! How many threads the parallel commands use (`--jobs N`, default every core), set once from
//! the command line before any command runs.

use std::num::NonZeroUsize;
use std::sync::OnceLock;

static JOBS: OnceLock<usize> = OnceLock::new();

/// The global flag that sizes the worker pool (docs/cli.md).
#[derive(clap::Args, Debug, Clone)]
pub struct JobArgs {
    /// Worker threads for `batch`, `diff`, `who-can`, `paths`, `validate` and `import`
    /// (default: every core). `--jobs 1` runs on the calling thread, in order; the output is
    /// the same with any number of jobs.
    #[arg(long, global = true, value_name = "N")]
    jobs: Option<NonZeroUsize>,
}

/// Records the number of jobs (the first call wins). The pool itself starts on first use, so
/// commands that run on one thread spawn none.
pub fn set(args: &JobArgs) {
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        NonZeroUsize::get,
    );
    let _ = JOBS.set(jobs);
}

/// The number of jobs of this run; 1 means no worker pool.
pub fn count() -> usize {
    JOBS.get().copied().unwrap_or(1)
}

/// Sizes rayon's global pool to the number of jobs (the library code that runs in parallel,
/// `iamsim_core::parallel`, uses that pool; with one job it runs on the calling thread, in
/// order).
pub fn start_pool() {
    static POOL: OnceLock<()> = OnceLock::new();
    POOL.get_or_init(|| {
        // Fails only if the pool was already built; it is then used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(count())
            .build_global();
    });
}
