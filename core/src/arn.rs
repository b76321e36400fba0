//! Amazon Resource Names: `arn:partition:service:region:account:resource`.
//!
//! The resource part (everything after the fifth colon) may itself contain colons and slashes.

/// A borrowed view of an ARN's six fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov` …
    pub partition: &'a str,
    /// The service prefix (`s3`, `iam` …).
    pub service: &'a str,
    /// The region (empty for global resources such as IAM and S3 buckets).
    pub region: &'a str,
    /// The owning account (empty for S3 buckets and AWS managed policies).
    pub account: &'a str,
    /// Everything after the fifth colon (`role/path/name`, `bucket/key` …).
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits an ARN; `None` when the text does not start with `arn:` or has fewer than six fields.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let rest = text.strip_prefix("arn:")?;
        // Byte scan for the next four colons (a hot path when compiling and validating).
        let mut cuts = [0usize; 4];
        let mut found = 0;
        for (i, b) in rest.bytes().enumerate() {
            if b == b':' {
                if let Some(slot) = cuts.get_mut(found) {
                    *slot = i;
                }
                found += 1;
                if found == 4 {
                    break;
                }
            }
        }
        if found < 4 {
            return None;
        }
        let [a, b, c, d] = cuts;
        Some(Arn {
            partition: rest.get(..a)?,
            service: rest.get(a + 1..b)?,
            region: rest.get(b + 1..c)?,
            account: rest.get(c + 1..d)?,
            resource: rest.get(d + 1..)?,
        })
    }

    /// The five fields after `arn`, in order.
    pub fn fields(&self) -> [&'a str; 5] {
        [
            self.partition,
            self.service,
            self.region,
            self.account,
            self.resource,
        ]
    }
}

/// Whether `text` is a 12-digit AWS account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_six_fields() {
        let a = Arn::parse("arn:aws:logs:us-east-1:111122223333:log-group:app:*").unwrap();
        assert_eq!(
            a.fields(),
            [
                "aws",
                "logs",
                "us-east-1",
                "111122223333",
                "log-group:app:*"
            ]
        );
        let s3 = Arn::parse("arn:aws:s3:::bucket/key").unwrap();
        assert_eq!(s3.account, "");
        assert_eq!(Arn::parse("arn:aws:s3"), None);
        assert_eq!(Arn::parse("urn:a:b:c:d:e"), None);
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901a"));
    }
}
