//! Mapping a slice on every core where there are threads, on the calling thread where there are
//! none (wasm32); results in the order of the input either way.

/// `out` becomes `f(item)` for each item of `items`, in the order of `items`.
#[cfg(not(target_arch = "wasm32"))]
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    out: &mut Vec<R>,
    f: impl Fn(&T) -> R + Sync + Send,
) {
    use rayon::prelude::*;
    items.par_iter().map(f).collect_into_vec(out);
}

/// `out` becomes `f(item)` for each item of `items`, in the order of `items`.
#[cfg(target_arch = "wasm32")]
pub fn map_in_order<T, R>(items: &[T], out: &mut Vec<R>, f: impl Fn(&T) -> R) {
    out.clear();
    out.extend(items.iter().map(f));
}
