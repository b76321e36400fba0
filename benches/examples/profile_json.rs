//! A loop over JSON reading, for profilers.
fn main() {
    let text = iamsim_benches::typical_scenario_text();
    let mut n = 0;
    for _ in 0..200 {
        n += usize::from(
            iamsim_core::json::parse(&text, iamsim_core::json::Limits::default()).is_ok(),
        );
    }
    println!("{n} {}", text.len());
}
