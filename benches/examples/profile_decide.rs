//! A loop over deciding the typical request, for profilers (`valgrind --tool=callgrind`).
#![expect(clippy::expect_used, reason = "fixture")]
fn main() {
    let text = iamsim_benches::typical_scenario_text();
    let value = iamsim_core::json::parse(&text, iamsim_core::json::Limits::default()).expect("ok");
    let s = iamsim_core::scenario::read_scenario(&value, &text).expect("valid");
    let mut n = 0;
    for _ in 0..10_000 {
        n += usize::from(
            iamsim_core::eval::decide(&s.request, &s.caller, &s.resource)
                == iamsim_core::eval::Decision::Allowed,
        );
    }
    println!("{n}");
}
