//! Typed readings of the scalar values that condition operators compare: exact decimals,
//! timestamps, booleans, IP networks and base64 binaries. Used by validation (to report values
//! that cannot be read) and by compilation (so that evaluation never parses).

mod date;
mod decimal;

pub(crate) use date::parse_timestamp;
pub use date::Timestamp;
pub use decimal::Decimal;

use base64::Engine as _;
use ipnet::IpNet;
use std::net::IpAddr;

/// IAM booleans: `true` / `false`, case-insensitively.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A CIDR, or a bare address meaning a single host (/32 for IPv4, /128 for IPv6).
pub(crate) fn parse_ip_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Some(net);
    }
    text.parse::<IpAddr>().ok().map(IpNet::from)
}

/// A request's IP address value (a bare address; a `/n` suffix is tolerated and ignored).
pub(crate) fn parse_ip_address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    let host = text.split_once('/').map_or(text, |(h, _)| h);
    host.parse::<IpAddr>().ok()
}

/// Base64 (standard alphabet, padding optional).
pub(crate) fn parse_binary(text: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(
            parse_ip_network("10.0.0.1").unwrap().to_string(),
            "10.0.0.1/32"
        );
        assert_eq!(
            parse_ip_network("2001:db8::/32").unwrap().to_string(),
            "2001:db8::/32"
        );
        assert!(parse_ip_network("10.0.0.0/33").is_none());
        assert!(parse_ip_network("banana").is_none());
        assert_eq!(
            parse_ip_address("10.1.2.3").unwrap().to_string(),
            "10.1.2.3"
        );
        assert_eq!(parse_binary("aGk=").unwrap(), b"hi");
        assert_eq!(parse_binary("aGk").unwrap(), b"hi");
        assert!(parse_binary("!!").is_none());
    }
}
