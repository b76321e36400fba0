//! Mapping a slice on every core where there are threads, on the calling thread where there are
//! none (wasm32) or where the pool has one thread (`--jobs 1`); results in the order of the input
//! either way, so the output of a parallel loop never depends on the number of threads.
//!
//! Every parallel loop of the library goes through here: `diff`'s requests, who-can's first
//! decisions, the documents of `validate --model`. The pool is rayon's global one (the CLI sizes it
//! with `--jobs`).

/// `out` becomes `f(item)` for each item of `items`, in the order of `items`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    out: &mut Vec<R>,
    f: impl Fn(&T) -> R + Sync + Send,
) {
    use rayon::prelude::*;
    // One thread (or one item): no hand-over to the pool, and thread-local memos stay warm on
    // the calling thread.
    if items.len() < 2 || rayon::current_num_threads() < 2 {
        out.clear();
        out.extend(items.iter().map(f));
        return;
    }
    items.par_iter().map(f).collect_into_vec(out);
}

/// `out` becomes `f(item)` for each item of `items`, in the order of `items`.
#[cfg(target_arch = "wasm32")]
pub(crate) fn map_in_order<T, R>(items: &[T], out: &mut Vec<R>, f: impl Fn(&T) -> R) {
    out.clear();
    out.extend(items.iter().map(f));
}

/// `f(item)` for each item of `items`, in the order of `items` (see `map_in_order`).
#[cfg(not(target_arch = "wasm32"))]
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    map_in_order(items, &mut out, f);
    out
}

/// `f(item)` for each item of `items`, in the order of `items` (see [`map_in_order`]).
#[cfg(target_arch = "wasm32")]
pub fn map<T, R>(items: &[T], f: impl Fn(&T) -> R) -> Vec<R> {
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let out = map(&items, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let mut reused = vec![7u32; 3];
        map_in_order(&items[..5], &mut reused, |x| x + 1);
        assert_eq!(reused, vec![1, 2, 3, 4, 5]);
    }
}
