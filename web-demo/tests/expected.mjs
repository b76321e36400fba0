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
};

/** The engine's reason as the page shows it: capitalised, ending with a full stop. */
export const asShown = (reason) => reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!]$/.test(reason) ? '' : '.');
