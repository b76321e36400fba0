//! Timestamps for the Date operators: the W3C profile of ISO 8601 and epoch seconds.
//!
//! Accepted: `2020-01-01`, `2020-01-01T00:00Z`, `2020-01-01T00:00:01Z`, fractional seconds, and
//! `+hh:mm` / `-hh:mm` offsets; also a plain integer, read as seconds since the epoch (the form of
//! `aws:EpochTime`). A date without a time means midnight UTC (AWS does not document it; pinned by a
//! test). Values are compared as milliseconds since the epoch.

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Reads an ISO 8601 date or date-time, or epoch seconds.
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
        || text.starts_with('-')
            && text.len() > 1
            && text.bytes().skip(1).all(|b| b.is_ascii_digit())
    {
        let seconds: i64 = text.parse().ok()?;
        return seconds.checked_mul(1000).map(Timestamp);
    }
    parse_iso(text)
}

fn digits(text: &str, from: usize, len: usize) -> Option<i64> {
    let part = text.get(from..from + len)?;
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn parse_iso(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let year = digits(text, 0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(text, 5, 2)?;
    let day = digits(text, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if text.len() == 10 {
        return Some(Timestamp(days * 86_400_000));
    }
    if !matches!(bytes.get(10), Some(b'T' | b't')) {
        return None;
    }
    let hour = digits(text, 11, 2)?;
    if bytes.get(13) != Some(&b':') {
        return None;
    }
    let minute = digits(text, 14, 2)?;
    let mut pos = 16;
    let mut second = 0;
    let mut millis = 0;
    if bytes.get(pos) == Some(&b':') {
        second = digits(text, pos + 1, 2)?;
        pos += 3;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
            let fraction = text.get(start..pos)?;
            if fraction.is_empty() {
                return None;
            }
            let padded: String = fraction.chars().chain("000".chars()).take(3).collect();
            millis = padded.parse::<i64>().ok()?;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = match text.get(pos..)? {
        "Z" | "z" => 0,
        rest if rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes().get(3) == Some(&b':') =>
        {
            let h = digits(rest, 1, 2)?;
            let m = digits(rest, 4, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (h * 60 + m)
        }
        _ => return None,
    };
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(Timestamp(seconds * 1000 + millis))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        parse_timestamp(s).unwrap().0
    }

    #[test]
    fn iso_forms_and_epoch() {
        assert_eq!(t("1970-01-01T00:00:00Z"), 0);
        assert_eq!(t("2020-01-01"), 1_577_836_800_000);
        assert_eq!(t("2020-01-01T00:00:00Z"), 1_577_836_800_000);
        assert_eq!(t("2020-01-01T01:00:00+01:00"), 1_577_836_800_000);
        assert_eq!(t("2020-01-01T00:00Z"), 1_577_836_800_000);
        assert_eq!(t("2020-01-01T00:00:00.5Z"), 1_577_836_800_500);
        assert_eq!(t("1577836800"), 1_577_836_800_000);
        assert_eq!(
            t("2024-02-29T12:00:00Z") - t("2024-02-28T12:00:00Z"),
            86_400_000
        );
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "2020-13-01",
            "2021-02-29",
            "2020-01-01T25:00:00Z",
            "2020-01-01T00:00:00",
            "yesterday",
            "2020-1-1",
            "99999999999999999999",
        ] {
            assert_eq!(parse_timestamp(s), None, "{s}");
        }
    }
}
