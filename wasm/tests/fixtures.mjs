// Scenarios shared by the package tests (docs/scenario.md).

export const MFA_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DevOpsWithMfa',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
  ],
};

/** Alice in the tooling account assumes the prod deploy role; the trust policy wants MFA. */
export function assumeWithMfa(mfa) {
  return {
    id: `assume-mfa-${mfa}`,
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::222222222222:role/ProdDeploy',
    resourceAccount: '222222222222',
    context: mfa === undefined ? {} : { 'aws:MultiFactorAuthPresent': String(mfa) },
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [{ Sid: 'AssumeProdDeploy', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/ProdDeploy' }],
      },
    ],
    resourcePolicy: MFA_TRUST,
  };
}

/** A same-account S3 read with an explicit deny on one prefix. */
export function s3Read(key) {
  return {
    id: `s3-${key}`,
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:GetObject',
    resource: `arn:aws:s3:::reports/${key}`,
    resourceAccount: '111111111111',
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
          { Sid: 'NotSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::reports/secret/*' },
        ],
      },
    ],
  };
}
