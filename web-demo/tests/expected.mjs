// What each preset must decide, and the reason sentence the page must show for it, written from
// the evaluation rules (../shared/reference/iam-evaluation.md), not from the engine's output:
// cross-account requests need both sides; a web-identity caller is decided by the trust policy
// alone; a boundary caps an administrator; an SCP Deny wins. Shared by the page-module tests and
// the browser tests (this file has no tests of its own).

/** The gloss the page prints after each decision. */
export const VERDICT_GLOSS = {
  Allowed: 'an allow applies and no deny',
  ExplicitDeny: 'a Deny statement matched',
  ImplicitDeny: 'nothing allows it',
};

/** The text of the verdict line for `decision`, as a user reads it. */
export const verdictText = (decision) => `${decision} (${VERDICT_GLOSS[decision]})`;

/** preset name → the decision and a pattern for the whole reason sentence shown on the page. */
export const PRESET_OUTCOMES = {
  'devops-mfa': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows sts:AssumeRole and the trust policy in 222222222222 allows the caller\.$/,
  },
  'security-logs': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows s3:GetObject and the bucket policy in 555555555555 allows the caller\.$/,
  },
  'msp-externalid': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows sts:AssumeRole and the trust policy in 111111111111 allows the caller\.$/,
  },
  'github-oidc': {
    decision: 'Allowed',
    reason: /^The trust policy allows arn:aws:iam::222222222222:oidc-provider\/token\.actions\.githubusercontent\.com to call sts:AssumeRoleWithWebIdentity\.$/,
  },
  'cross-account-s3': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows s3:PutObject and the bucket policy in 666666666666 allows the caller\.$/,
  },
  'boundary-admin': {
    decision: 'ImplicitDeny',
    reason: /^The permissions boundary does not allow iam:CreateUser\.$/,
  },
  'scp-region': {
    decision: 'ExplicitDeny',
    reason: /^(A|An|The) service control polic(y|ies) explicitly denies ec2:RunInstances\.$/i,
  },
  // The central-logging chain, one request per hop. Hop 1 is cross-account: LogShipper's identity
  // policy allows the assume and LogCollector's trust policy names the LogShipper role (a session
  // of it matches) in the organization.
  'logging-chain-assume': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows sts:AssumeRole and the trust policy in 444444444444 allows the caller\.$/,
  },
  // Hop 2: the LogCollector session's own policies (the shipper's are gone) and the log bucket's
  // policy naming LogCollector, over TLS so the transport deny does not match.
  'logging-chain-read': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows s3:GetObject and the bucket policy in 555555555555 allows the caller\.$/,
  },
  // Why the chain: the bucket policy names only LogCollector, and cross account the resource side
  // must allow whatever the shipper's identity policy says.
  'logging-chain-skip': {
    decision: 'ImplicitDeny',
    reason: /^Cross-account access needs the bucket policy in 555555555555 to allow the caller, and it does not\.$/,
  },
  // S3 + KMS: the object read needs the identity policy and the bucket policy (cross account)…
  's3-kms-object': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows s3:GetObject and the bucket policy in 555555555555 allows the caller\.$/,
  },
  // …and S3's kms:Decrypt for the caller needs the identity policy and the key policy.
  's3-kms-decrypt': {
    decision: 'Allowed',
    reason: /^The caller's identity side allows kms:Decrypt and the key policy in 555555555555 allows the caller\.$/,
  },
  // A key policy granting only its own account (arn:…:555555555555:root) delegates to that
  // account's IAM policies: it never allows a principal of another account, so the decrypt, and
  // with it the object read, is denied.
  's3-kms-no-key-grant': {
    decision: 'ImplicitDeny',
    reason: /^Cross-account access needs the key policy in 555555555555 to allow the caller, and it does not\.$/,
  },
};

/** The one-line question each preset states under the picker, written from its fields. */
export const PRESET_QUESTIONS = {
  'devops-mfa': 'Can user dana in account 111111111111 (with MFA, from 203.0.113.10) assume role ProdDeploy in account 222222222222?',
  'security-logs': 'Can session erin of role SecurityAudit in account 444444444444 do s3:GetObject on an object in bucket org-trail-logs-555555555555 in account 555555555555?',
  'msp-externalid': 'Can session ticket-4711 of role MspAutomation in account 777777777777 (with ExternalId Cust-7f3a9c21) assume role MspAccess in account 111111111111?',
  'github-oidc': 'Can a web identity from token.actions.githubusercontent.com assume role GitHubDeploy in account 222222222222?',
  'cross-account-s3': 'Can session nightly of role DataPipeline in account 111111111111 do s3:PutObject on an object in bucket partner-dropbox-666666666666 in account 666666666666?',
  'boundary-admin': 'Can user intern-sam in account 111111111111 do iam:CreateUser on user/backdoor in account 111111111111?',
  'scp-region': 'Can session frank of role Developer in account 111111111111 do ec2:RunInstances on instance/* in account 111111111111 in us-east-1?',
  'logging-chain-assume': 'Can session i-0a1b2c3d4e5f60001 of role LogShipper in account 111111111111 assume role LogCollector in account 444444444444?',
  'logging-chain-read': 'Can session ship-111111111111 of role LogCollector in account 444444444444 do s3:GetObject on an object in bucket central-logs-555555555555 in account 555555555555?',
  'logging-chain-skip': 'Can session i-0a1b2c3d4e5f60001 of role LogShipper in account 111111111111 do s3:GetObject on an object in bucket central-logs-555555555555 in account 555555555555?',
  's3-kms-object': 'Can session jo of role Analytics in account 111111111111 do s3:GetObject on an object in bucket analytics-share-555555555555 in account 555555555555 in eu-west-1?',
  's3-kms-decrypt': 'Can session jo of role Analytics in account 111111111111 do kms:Decrypt on KMS key 1234abcd-12ab-34cd-56ef-1234567890ab in account 555555555555 in eu-west-1?',
  's3-kms-no-key-grant': 'Can session jo of role Analytics in account 111111111111 do kms:Decrypt on KMS key 1234abcd-12ab-34cd-56ef-1234567890ab in account 555555555555 in eu-west-1?',
};

/** The engine's reason as the page shows it: capitalised, ending with a full stop. */
export const asShown = (reason) => reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!]$/.test(reason) ? '' : '.');
