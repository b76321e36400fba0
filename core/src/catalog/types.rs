//! Small closed vocabularies of the Service Authorization Reference.

use std::fmt;

/// The access level the SAR assigns to an action.
///
/// iam-data sometimes joins two levels (`"Tagging, Write"`); the generator keeps the first one,
/// which is the level the SAR lists for the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// Lists resources (`s3:ListAllMyBuckets`).
    List,
    /// Reads resource contents or attributes (`s3:GetObject`).
    Read,
    /// Creates, changes or deletes resources (`s3:PutObject`).
    Write,
    /// Changes tags only (`s3:PutObjectTagging`).
    Tagging,
    /// Grants or changes permissions (`iam:AttachRolePolicy`, `s3:PutBucketPolicy`).
    PermissionsManagement,
}

impl AccessLevel {
    /// The one-letter code used in `core/data/iam-catalog.txt`.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "L" => Self::List,
            "R" => Self::Read,
            "W" => Self::Write,
            "T" => Self::Tagging,
            "P" => Self::PermissionsManagement,
            _ => return None,
        })
    }

    /// The name the SAR uses ("Permissions management").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::List => "List",
            Self::Read => "Read",
            Self::Write => "Write",
            Self::Tagging => "Tagging",
            Self::PermissionsManagement => "Permissions management",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value type of a condition key, as the SAR declares it.
///
/// `ArrayOf*` types are multivalued: the request context may carry a set of values, which is
/// what the `ForAllValues:` / `ForAnyValue:` qualifiers are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConditionKeyType {
    /// A single string.
    String,
    /// A set of strings.
    ArrayOfString,
    /// A single ARN.
    Arn,
    /// A set of ARNs.
    ArrayOfArn,
    /// A single boolean.
    Bool,
    /// A set of booleans.
    ArrayOfBool,
    /// A single number.
    Numeric,
    /// A set of numbers.
    ArrayOfNumeric,
    /// A single date and time.
    Date,
    /// A set of dates.
    ArrayOfDate,
    /// A single IP address.
    IpAddress,
    /// A set of IP addresses.
    ArrayOfIpAddress,
    /// A single base64 binary value.
    Binary,
    /// A set of binary values.
    ArrayOfBinary,
}

impl ConditionKeyType {
    /// The code used in `core/data/iam-catalog.txt`.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "str" => Self::String,
            "str[]" => Self::ArrayOfString,
            "arn" => Self::Arn,
            "arn[]" => Self::ArrayOfArn,
            "bool" => Self::Bool,
            "bool[]" => Self::ArrayOfBool,
            "num" => Self::Numeric,
            "num[]" => Self::ArrayOfNumeric,
            "date" => Self::Date,
            "date[]" => Self::ArrayOfDate,
            "ip" => Self::IpAddress,
            "ip[]" => Self::ArrayOfIpAddress,
            "bin" => Self::Binary,
            "bin[]" => Self::ArrayOfBinary,
            _ => return None,
        })
    }

    /// Whether the request context may hold several values for a key of this type.
    pub fn is_multi_valued(self) -> bool {
        self != self.element()
    }

    /// The type of one value: `ArrayOfString` → `String`, `String` → `String`.
    pub fn element(self) -> Self {
        match self {
            Self::ArrayOfString => Self::String,
            Self::ArrayOfArn => Self::Arn,
            Self::ArrayOfBool => Self::Bool,
            Self::ArrayOfNumeric => Self::Numeric,
            Self::ArrayOfDate => Self::Date,
            Self::ArrayOfIpAddress => Self::IpAddress,
            Self::ArrayOfBinary => Self::Binary,
            single => single,
        }
    }

    /// The name the SAR uses (`ArrayOfString`, `ARN`, `IPAddress`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::ArrayOfString => "ArrayOfString",
            Self::Arn => "ARN",
            Self::ArrayOfArn => "ArrayOfARN",
            Self::Bool => "Bool",
            Self::ArrayOfBool => "ArrayOfBool",
            Self::Numeric => "Numeric",
            Self::ArrayOfNumeric => "ArrayOfNumeric",
            Self::Date => "Date",
            Self::ArrayOfDate => "ArrayOfDate",
            Self::IpAddress => "IPAddress",
            Self::ArrayOfIpAddress => "ArrayOfIPAddress",
            Self::Binary => "Binary",
            Self::ArrayOfBinary => "ArrayOfBinary",
        }
    }
}

impl fmt::Display for ConditionKeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_types_are_multi_valued_and_scalars_are_not() {
        assert!(ConditionKeyType::ArrayOfString.is_multi_valued());
        assert!(ConditionKeyType::ArrayOfArn.is_multi_valued());
        assert!(!ConditionKeyType::String.is_multi_valued());
        assert!(!ConditionKeyType::IpAddress.is_multi_valued());
        assert_eq!(
            ConditionKeyType::ArrayOfBool.element(),
            ConditionKeyType::Bool
        );
    }

    #[test]
    fn codes_round_trip_to_sar_names() {
        assert_eq!(
            ConditionKeyType::from_code("arn[]").map(|t| t.as_str()),
            Some("ArrayOfARN")
        );
        assert_eq!(ConditionKeyType::from_code("ARN"), None);
        assert_eq!(
            AccessLevel::from_code("P"),
            Some(AccessLevel::PermissionsManagement)
        );
        assert_eq!(AccessLevel::from_code("X"), None);
    }
}
