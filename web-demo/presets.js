// Presets for the seed use cases. Each is a whole page state (see state.js); policies are written
// as objects here and shown as pretty-printed JSON in the editors.

const V = '2012-10-17';
const pretty = (doc) => JSON.stringify(doc, null, 2);

const baseContext = {
  mfa: false, mfaAge: '', secureTransport: true, sourceIp: '', externalId: '', region: '',
  time: '', principalTags: '', resourceTags: '', extra: '',
};

function preset(label, request, context, policies, group = '') {
  return {
    label,
    group,
    state: {
      request: { resourceAccount: '', ...request },
      context: { ...baseContext, ...context },
      policies: { identity: [], resource: '', boundary: '', session: '', scps: [], ...policies },
    },
  };
}

export const PRESETS = {
  'devops-mfa': preset(
    'Central DevOps → prod deploy role, MFA required',
    {
      principal: 'arn:aws:iam::111111111111:user/dana',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/ProdDeploy',
      resourceAccount: '222222222222',
    },
    { mfa: true, mfaAge: '300', sourceIp: '203.0.113.10' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{
          Sid: 'AssumeDeployRolesInProd',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: ['arn:aws:iam::222222222222:role/ProdDeploy', 'arn:aws:iam::333333333333:role/ProdDeploy'],
        }],
      })],
      resource: pretty({
        Version: V,
        Statement: [{
          Sid: 'DevOpsAccountWithMfa',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          },
        }],
      }),
    },
  ),

  'security-logs': preset(
    'Security account reads the central CloudTrail bucket',
    {
      principal: 'arn:aws:sts::444444444444:assumed-role/SecurityAudit/erin',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::org-trail-logs-555555555555/AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail/eu-west-1/2026/11/28/trail.json.gz',
      resourceAccount: '555555555555',
    },
    { extra: 'aws:PrincipalOrgID=o-a1b2c3d4e5\naws:PrincipalArn=arn:aws:iam::444444444444:role/SecurityAudit' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{
          Sid: 'ReadOrgTrail',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::org-trail-logs-555555555555', 'arn:aws:s3:::org-trail-logs-555555555555/*'],
        }],
      })],
      resource: pretty({
        Version: V,
        Statement: [
          {
            Sid: 'SecurityAuditReads',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::444444444444:role/SecurityAudit' },
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: ['arn:aws:s3:::org-trail-logs-555555555555', 'arn:aws:s3:::org-trail-logs-555555555555/*'],
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
          },
          {
            Sid: 'NoDeletes',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'],
            Resource: 'arn:aws:s3:::org-trail-logs-555555555555/*',
          },
        ],
      }),
    },
  ),

  'msp-externalid': preset(
    'MSP assumes a customer role with an ExternalId',
    {
      principal: 'arn:aws:sts::777777777777:assumed-role/MspAutomation/ticket-4711',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::111111111111:role/MspAccess',
      resourceAccount: '111111111111',
    },
    { externalId: 'Cust-7f3a9c21' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'AssumeCustomerRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/MspAccess' }],
      })],
      resource: pretty({
        Version: V,
        Statement: [{
          Sid: 'MspWithExternalId',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::777777777777:role/MspAutomation' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'Cust-7f3a9c21' } },
        }],
      }),
    },
  ),

  'github-oidc': preset(
    'CI/CD: GitHub Actions via OIDC deploys from main',
    {
      principal: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: 'arn:aws:iam::222222222222:role/GitHubDeploy',
      resourceAccount: '222222222222',
    },
    { extra: 'token.actions.githubusercontent.com:aud=sts.amazonaws.com\ntoken.actions.githubusercontent.com:sub=repo:example-org/shop:ref:refs/heads/main' },
    {
      resource: pretty({
        Version: V,
        Statement: [{
          Sid: 'GitHubMainBranchOnly',
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/shop:ref:refs/heads/main' },
          },
        }],
      }),
    },
  ),

  'cross-account-s3': preset(
    'Cross-account S3 upload to a partner bucket',
    {
      principal: 'arn:aws:sts::111111111111:assumed-role/DataPipeline/nightly',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::partner-dropbox-666666666666/incoming/2026-11-28/orders.csv',
      resourceAccount: '666666666666',
    },
    { secureTransport: true, extra: 'aws:PrincipalArn=arn:aws:iam::111111111111:role/DataPipeline' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'UploadToPartner', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::partner-dropbox-666666666666/incoming/*' }],
      })],
      resource: pretty({
        Version: V,
        Statement: [
          {
            Sid: 'PipelineMayUpload',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/DataPipeline' },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::partner-dropbox-666666666666/incoming/*',
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::partner-dropbox-666666666666', 'arn:aws:s3:::partner-dropbox-666666666666/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
  ),

  'boundary-admin': preset(
    'Permissions boundary caps an administrator',
    {
      principal: 'arn:aws:iam::111111111111:user/intern-sam',
      action: 'iam:CreateUser',
      resource: 'arn:aws:iam::111111111111:user/backdoor',
      resourceAccount: '111111111111',
    },
    {},
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
      })],
      boundary: pretty({
        Version: V,
        Statement: [
          { Sid: 'DeveloperServices', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'lambda:*', 'logs:*', 'cloudwatch:*'], Resource: '*' },
          { Sid: 'ReadOwnIamUser', Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListAccessKeys'], Resource: 'arn:aws:iam::111111111111:user/${aws:username}' },
        ],
      }),
    },
  ),

  'scp-region': preset(
    'SCP denies regions outside the EU',
    {
      principal: 'arn:aws:sts::111111111111:assumed-role/Developer/frank',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:111111111111:instance/*',
      resourceAccount: '111111111111',
    },
    { region: 'us-east-1' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'Ec2Developer', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }],
      })],
      scps: [
        pretty([{ Version: V, Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }] }]),
        pretty([
          { Version: V, Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }] },
          {
            Version: V,
            Statement: [{
              Sid: 'DenyOutsideEU',
              Effect: 'Deny',
              NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*', 'cloudfront:*', 'route53:*', 'budgets:*'],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
            }],
          },
        ]),
      ],
    },
  ),
};

// A scenario is one request with one resource policy (docs/scenario.md), so a role chain, or an
// S3 read that S3 completes by calling KMS, is one preset per request AWS evaluates, grouped in the
// picker. The whole access is allowed only when every step is.

const LOG_BUCKET = 'central-logs-555555555555';
const LOG_OBJECT = `arn:aws:s3:::${LOG_BUCKET}/AWSLogs/111111111111/app/2026/11/28/app-0001.log.gz`;
const LOG_BUCKET_POLICY = pretty({
  Version: V,
  Statement: [
    {
      Sid: 'LogCollectorReads',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444444444444:role/LogCollector' },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [`arn:aws:s3:::${LOG_BUCKET}`, `arn:aws:s3:::${LOG_BUCKET}/*`],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    },
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${LOG_BUCKET}`, `arn:aws:s3:::${LOG_BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});
const LOGGING_GROUP = 'Central logging role chain (one request per step)';
// Role sessions: credentials from AssumeRole carry no MFA information (the reference's section 5),
// so the key is absent, not false.
const SHIPPER = { mfaOff: 'absent', extra: 'aws:PrincipalArn=arn:aws:iam::111111111111:role/LogShipper\naws:PrincipalOrgID=o-a1b2c3d4e5' };
const SHIPPER_REQUEST = { principal: 'arn:aws:sts::111111111111:assumed-role/LogShipper/i-0a1b2c3d4e5f60001' };

const SHARE_BUCKET = 'analytics-share-555555555555';
const SHARE_OBJECT = `arn:aws:s3:::${SHARE_BUCKET}/reports/2026/q4.parquet`;
const SHARE_KEY = 'arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ANALYTICS_REQUEST = { principal: 'arn:aws:sts::111111111111:assumed-role/Analytics/jo' };
const ANALYTICS_POLICY = pretty({
  Version: V,
  Statement: [
    { Sid: 'ReadTheShare', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${SHARE_BUCKET}/reports/*` },
    {
      Sid: 'DecryptTheShareThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: SHARE_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    },
  ],
});
const KEY_ADMINISTRATION = { Sid: 'KeyAccountAdministers', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::555555555555:root' }, Action: 'kms:*', Resource: '*' };
// What S3 sends KMS when it decrypts an object's data key for the caller (forward access session):
// the caller's own identity, kms:ViaService naming S3 in the bucket's region, and the object's ARN
// as encryption context (no S3 Bucket Key).
const VIA_S3 = {
  mfaOff: 'absent',
  region: 'eu-west-1',
  extra: `aws:PrincipalArn=arn:aws:iam::111111111111:role/Analytics\nkms:ViaService=s3.eu-west-1.amazonaws.com\nkms:EncryptionContext:aws:s3:arn=${SHARE_OBJECT}`,
};
const KMS_GROUP = 'S3 + KMS cross-account read (one request per step)';

Object.assign(PRESETS, {
  'logging-chain-assume': preset(
    '1. A member account\'s LogShipper assumes the security account\'s LogCollector',
    { ...SHIPPER_REQUEST, action: 'sts:AssumeRole', resource: 'arn:aws:iam::444444444444:role/LogCollector', resourceAccount: '444444444444' },
    SHIPPER,
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'AssumeTheCollector', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::444444444444:role/LogCollector' }],
      })],
      resource: pretty({
        Version: V,
        Statement: [{
          Sid: 'MemberLogShippers',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:role/LogShipper', 'arn:aws:iam::222222222222:role/LogShipper'] },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        }],
      }),
    },
    LOGGING_GROUP,
  ),
  'logging-chain-read': preset(
    '2. LogCollector (the chained session) reads the log bucket in the logging account',
    { principal: 'arn:aws:sts::444444444444:assumed-role/LogCollector/ship-111111111111', action: 's3:GetObject', resource: LOG_OBJECT, resourceAccount: '555555555555' },
    { mfaOff: 'absent', extra: 'aws:PrincipalArn=arn:aws:iam::444444444444:role/LogCollector\naws:PrincipalOrgID=o-a1b2c3d4e5' },
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'ReadCentralLogs', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${LOG_BUCKET}`, `arn:aws:s3:::${LOG_BUCKET}/*`] }],
      })],
      resource: LOG_BUCKET_POLICY,
    },
    LOGGING_GROUP,
  ),
  'logging-chain-skip': preset(
    'Without the chain: LogShipper reads the log bucket itself (denied)',
    { ...SHIPPER_REQUEST, action: 's3:GetObject', resource: LOG_OBJECT, resourceAccount: '555555555555' },
    SHIPPER,
    {
      identity: [pretty({
        Version: V,
        Statement: [{ Sid: 'ReadCentralLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${LOG_BUCKET}/*` }],
      })],
      resource: LOG_BUCKET_POLICY,
    },
    LOGGING_GROUP,
  ),
  's3-kms-object': preset(
    '1. Analytics (account A) reads an SSE-KMS object in account B\'s bucket',
    { ...ANALYTICS_REQUEST, action: 's3:GetObject', resource: SHARE_OBJECT, resourceAccount: '555555555555' },
    { mfaOff: 'absent', region: 'eu-west-1', extra: 'aws:PrincipalArn=arn:aws:iam::111111111111:role/Analytics' },
    {
      identity: [ANALYTICS_POLICY],
      resource: pretty({
        Version: V,
        Statement: [
          {
            Sid: 'AnalyticsReadsReports',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/Analytics' },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${SHARE_BUCKET}/reports/*`,
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${SHARE_BUCKET}`, `arn:aws:s3:::${SHARE_BUCKET}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    },
    KMS_GROUP,
  ),
  's3-kms-decrypt': preset(
    '2. S3 decrypts the object\'s key for Analytics: the key policy grants it',
    { ...ANALYTICS_REQUEST, action: 'kms:Decrypt', resource: SHARE_KEY, resourceAccount: '555555555555' },
    VIA_S3,
    {
      identity: [ANALYTICS_POLICY],
      resource: pretty({
        Version: V,
        Statement: [
          KEY_ADMINISTRATION,
          {
            Sid: 'AnalyticsDecryptsThroughS3',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:role/Analytics' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
          },
        ],
      }),
    },
    KMS_GROUP,
  ),
  's3-kms-no-key-grant': preset(
    '2. The same decrypt when the key policy lacks the grant (denied: the object cannot be read)',
    { ...ANALYTICS_REQUEST, action: 'kms:Decrypt', resource: SHARE_KEY, resourceAccount: '555555555555' },
    VIA_S3,
    {
      identity: [ANALYTICS_POLICY],
      resource: pretty({ Version: V, Statement: [KEY_ADMINISTRATION] }),
    },
    KMS_GROUP,
  ),
});

export const DEFAULT_PRESET = 'devops-mfa';
