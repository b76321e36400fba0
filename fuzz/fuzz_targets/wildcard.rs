//! The wildcard matcher against a simple reference matcher, on arbitrary patterns and texts.
#![no_main]
use iamsim_core::pattern::{NoVars, Pattern, Syntax};
use libfuzzer_sys::fuzz_target;

fn reference(p: &[char], t: &[char]) -> bool {
    // Dynamic programming: m[i][j] = p[..i] matches t[..j].
    let mut m = vec![vec![false; t.len() + 1]; p.len() + 1];
    m[0][0] = true;
    for i in 1..=p.len() {
        for j in 0..=t.len() {
            m[i][j] = match p[i - 1] {
                '*' => m[i - 1][j] || (j > 0 && m[i][j - 1]),
                '?' => j > 0 && m[i - 1][j - 1],
                c => j > 0 && m[i - 1][j - 1] && t[j - 1] == c,
            };
        }
    }
    m[p.len()][t.len()]
}

fuzz_target!(|data: (&str, &str)| {
    let (pattern, text) = data;
    if pattern.len() > 64 || text.len() > 256 {
        return;
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let got = Pattern::compile(pattern, Syntax { wildcards: true, variables: false }).matches(text, &NoVars);
    assert_eq!(got, reference(&p, &t), "pattern {pattern:?} text {text:?}");
});
