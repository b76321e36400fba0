//! Exact decimal numbers for the Numeric operators.
//!
//! AWS accepts integers and decimals. Floating point would make `12345678901234567890` equal to
//! `12345678901234567891`, so values are kept as an exact fixed-point i128 with 18 fractional
//! digits; anything outside ±1.7·10^20 or with more fractional digits is unreadable (reported by
//! validation, never silently rounded).

use std::cmp::Ordering;

const SCALE_DIGITS: u32 = 18;

/// A decimal number as AWS compares `Numeric*` values: fixed point with 18 fractional digits in an `i128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal(i128);

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl Decimal {
    /// Reads `[-+]digits[.digits]` (no exponent, no spaces).
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if body.contains('.') && frac_part.is_empty() && int_part.is_empty() {
            return None;
        }
        let frac_trimmed = frac_part.trim_end_matches('0');
        if frac_trimmed.len() > SCALE_DIGITS as usize {
            return None;
        }
        let mut value: i128 = 0;
        for b in int_part.bytes() {
            value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        value = value.checked_mul(10i128.checked_pow(SCALE_DIGITS)?)?;
        let mut frac: i128 = 0;
        for b in frac_trimmed.bytes() {
            frac = frac * 10 + i128::from(b - b'0');
        }
        let frac_scale =
            10i128.checked_pow(SCALE_DIGITS - u32::try_from(frac_trimmed.len()).ok()?)?;
        value = value.checked_add(frac.checked_mul(frac_scale)?)?;
        Some(Decimal(if negative { -value } else { value }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn exact_comparison() {
        assert!(d("12345678901234567890") < d("12345678901234567891"));
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("-0"), d("0"));
        assert!(d("-2.5") < d("-2.4"));
        assert_eq!(d("007"), d("7"));
        assert_eq!(d(".5"), d("0.5"));
        assert_eq!(d("5."), d("5"));
    }

    /// The fixed-point value itself, not only the order: a wrong digit weight or fraction scale
    /// can keep every comparison above in order (mutants of `parse`, docs/testing.md).
    #[test]
    fn exact_fixed_point_value() {
        const ONE: i128 = 1_000_000_000_000_000_000;
        assert_eq!(d("1"), Decimal(ONE));
        assert_eq!(d("+5"), Decimal(5 * ONE));
        assert_eq!(d("-5"), Decimal(-5 * ONE));
        assert_eq!(d("1.25"), Decimal(ONE + ONE / 4));
        assert_eq!(d("0.5"), Decimal(ONE / 2));
        assert_eq!(d("3600.0"), Decimal(3_600 * ONE));
        assert_eq!(d("90.125"), Decimal(90 * ONE + ONE / 8));
    }

    /// 18 fractional digits are the most that can be read exactly; a 19th that is not a trailing
    /// zero makes the value unreadable (in `unreadable` below).
    #[test]
    fn eighteen_fractional_digits_are_the_limit() {
        assert_eq!(d("0.000000000000000001"), Decimal(1));
        assert_eq!(d("-0.000000000000000001"), Decimal(-1));
        assert_eq!(d("0.123456789012345678"), Decimal(123_456_789_012_345_678));
        assert_eq!(d("0.1000000000000000000000"), d("0.1"));
        assert!(d("0.000000000000000001") > d("0"));
    }

    #[test]
    fn unreadable() {
        for s in [
            "",
            "-",
            ".",
            "12abc",
            "1e5",
            " 1",
            "1.2.3",
            "999999999999999999999999",
            "0.0000000000000000001",
        ] {
            assert_eq!(Decimal::parse(s), None, "{s}");
        }
    }
}
