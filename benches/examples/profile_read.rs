//! A loop over scenario reading, for profilers (`valgrind --tool=callgrind`).
#![expect(clippy::expect_used, reason = "fixture")]
fn main() {
    let text = iamsim_benches::typical_scenario_text();
    let value = iamsim_core::json::parse(&text, iamsim_core::json::Limits::default()).expect("ok");
    let mut n = 0;
    for _ in 0..50 {
        n += usize::from(iamsim_core::scenario::read_scenario(&value, &text).is_ok());
    }
    println!("{n}");
}
