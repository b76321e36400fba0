//! The flags that name a federated caller (`assume`, `paths`): a web-identity token's provider and
//! claims, or a SAML provider and the assertion's attributes. Core turns them into the STS call
//! (provider ARN in the role's account, claim prefixing): the CLI only collects them.

use super::context::parse_pairs;
use super::error::CliError;
use iamsim_core::query::AssumeCaller;

#[derive(clap::Args)]
pub struct SignInArgs {
    /// AssumeRoleWithWebIdentity through this OIDC provider (URL or provider ARN).
    #[arg(long, value_name = "PROVIDER")]
    web_identity: Option<String>,
    /// A token claim, key=value (with --web-identity; repeat the flag).
    #[arg(long = "claim", value_name = "KEY=VALUE", requires = "web_identity")]
    claims: Vec<String>,
    /// AssumeRoleWithSAML through this SAML provider (name or ARN), e.g. an IAM Identity Center
    /// permission-set role.
    #[arg(long, value_name = "PROVIDER")]
    saml: Option<String>,
    /// A SAML attribute, key=value (SAML:aud, SAML:sub, SAML:namequalifier …; with --saml).
    #[arg(long = "attribute", value_name = "KEY=VALUE", requires = "saml")]
    attributes: Vec<String>,
}

impl SignInArgs {
    /// Whether a federated caller is named.
    pub fn given(&self) -> bool {
        self.web_identity.is_some() || self.saml.is_some()
    }

    /// The caller: the federated one these flags name, else the identity `principal`. `usage`
    /// says what to give when neither or both are there.
    pub fn caller(&self, principal: Option<&str>, usage: &str) -> Result<AssumeCaller, CliError> {
        let claims = parse_pairs(&self.claims, "--claim")?;
        let attributes = parse_pairs(&self.attributes, "--attribute")?;
        match (&self.web_identity, &self.saml, principal) {
            (Some(provider), None, None) => Ok(AssumeCaller::WebIdentity {
                provider: provider.clone(),
                claims,
            }),
            (None, Some(provider), None) => Ok(AssumeCaller::Saml {
                provider: provider.clone(),
                attributes,
            }),
            (None, None, Some(principal)) => Ok(AssumeCaller::Identity(principal.to_owned())),
            (Some(_), Some(_), _) => Err(CliError::Usage(
                "give one of --web-identity and --saml".into(),
            )),
            (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => Err(CliError::Usage(format!(
                "with --web-identity or --saml the provider is the caller: {usage}"
            ))),
            (None, None, None) => Err(CliError::Usage(usage.to_owned())),
        }
    }
}
