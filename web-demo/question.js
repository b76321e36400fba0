// The question being asked, as one plain sentence ("Can user dana in 111111111111 (with MFA)
// assume role ProdDeploy in 222222222222?"), shown under the preset picker and under model mode's
// "Ask". Built from the fields only, so it follows every change; no DOM here (tests/question.test.mjs).

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]*):([a-z0-9-]*):(\d{12}|aws)?:(.*)$/;

/** `arn:…` → {service, region, account, rest}, or null. */
function parseArn(text) {
  const m = ARN.exec(String(text ?? '').trim());
  return m ? { service: m[1], region: m[2], account: m[3] ?? '', rest: m[4] } : null;
}

const lastPart = (path) => path.split('/').filter(Boolean).pop() ?? path;
const where = (account, names) => {
  if (!account) return '';
  const name = names?.get?.(account);
  return name ? ` in ${name}` : ` in account ${account}`;
};

/** Who the principal is, in words: "user dana in 111111111111", "an anonymous caller". */
export function principalWords(principal, names) {
  const text = String(principal ?? '').trim();
  if (!text) return 'an anonymous caller';
  const arn = parseArn(text);
  if (!arn) {
    // A service principal, or a name model mode resolves (alice, 111111111111:user/ops/alice).
    if (/\.amazonaws\.com(\.cn)?$/.test(text)) return `the service ${text}`;
    const acct = /^(\d{12}):(user|role)\/(.+)$/.exec(text);
    return acct ? `${acct[2]} ${lastPart(acct[3])}${where(acct[1], names)}` : text;
  }
  const [type, ...path] = arn.rest.split('/');
  const at = where(arn.account, names);
  if (arn.service === 'iam' && type === 'root') return `the root user of ${names?.get?.(arn.account) || arn.account}`;
  if (arn.service === 'iam' && (type === 'user' || type === 'role') && path.length) return `${type} ${lastPart(path.join('/'))}${at}`;
  if (arn.service === 'iam' && type === 'oidc-provider') return `a web identity from ${path.join('/')}`;
  if (arn.service === 'iam' && type === 'saml-provider') return `a SAML user of ${path.join('/')}`;
  if (arn.service === 'sts' && type === 'assumed-role' && path.length >= 2) return `session ${path[path.length - 1]} of role ${path[path.length - 2]}${at}`;
  if (arn.service === 'sts' && type === 'federated-user' && path.length) return `federated user ${path.join('/')}${at}`;
  return text;
}

/** The resource in words: "bucket b in 555555555555", "an object in bucket b", "any resource". */
export function resourceWords(resource, account, names) {
  const text = String(resource ?? '').trim();
  if (!text) return 'no resource given';
  if (text === '*') return 'any resource';
  const arn = parseArn(text);
  if (!arn) return text;
  const at = where(arn.account || account, names);
  if (arn.service === 's3' && !arn.account) {
    const slash = arn.rest.indexOf('/');
    if (slash < 0) return `bucket ${arn.rest}${at}`;
    return `an object in bucket ${arn.rest.slice(0, slash)}${at}`;
  }
  if (arn.service === 'kms' && arn.rest.startsWith('key/')) return `KMS key ${arn.rest.slice(4)}${at}`;
  return `${arn.rest}${at}`;
}

const ASSUME = /^sts:assumerole(withwebidentity|withsaml)?$/i;

/** "assume role ProdDeploy in 222222222222" or "do s3:GetObject on an object in bucket b". */
function actionWords(action, resource, account, names) {
  const act = String(action ?? '').trim();
  const arn = parseArn(resource);
  if (ASSUME.test(act) && arn && arn.service === 'iam' && arn.rest.startsWith('role/')) {
    return `assume role ${lastPart(arn.rest)}${where(arn.account || account, names)}`;
  }
  return `do ${act || '(no action given)'} on ${resourceWords(resource, account, names)}`;
}

const qualify = (parts) => (parts.length ? ` (${parts.join(', ')})` : '');

/** The scenario page's question (state.js shape). */
export function scenarioSentence(state) {
  const { request, context } = state;
  const how = [];
  if (context.mfa) how.push('with MFA');
  if (String(context.externalId ?? '').trim()) how.push(`with ExternalId ${context.externalId.trim()}`);
  if (!context.secureTransport) how.push('without TLS');
  if (String(context.sourceIp ?? '').trim()) how.push(`from ${context.sourceIp.trim()}`);
  const region = String(context.region ?? '').trim() ? ` in ${context.region.trim()}` : '';
  const account = String(request.resourceAccount ?? '').trim();
  return `Can ${principalWords(request.principal)}${qualify(how)} ${actionWords(request.action, request.resource, account)}${region}?`;
}

/** Model mode's question (model-state.js shape); `names` maps account ids to their names. */
export function modelSentence(q, names) {
  const asked = questionSentence(q, names);
  return q.conditional && (q.kind === 'who-can' || q.kind === 'check') ? `${asked} Under which conditions?` : asked;
}

function questionSentence(q, names) {
  const mfa = q.mfa ? ' (users with MFA)' : '';
  const who = principalWords(q.principal, names);
  const action = String(q.action ?? '').trim();
  const resource = String(q.resource ?? '').trim();
  switch (q.kind) {
    case 'who-can':
      return `Who can do ${action || '(no action given)'} on ${resourceWords(resource, '', names)}${mfa}?`;
    case 'paths':
      return action && resource
        ? `Through which roles can ${who}${q.mfa ? ' (with MFA)' : ''} reach ${action} on ${resourceWords(resource, '', names)}?`
        : `Which roles can ${who}${q.mfa ? ' (with MFA)' : ''} reach?`;
    case 'assume': {
      const how = [q.mfa ? 'with MFA' : '', String(q.externalId ?? '').trim() ? `with ExternalId ${q.externalId.trim()}` : ''].filter(Boolean);
      return `Can ${who}${qualify(how)} assume ${principalWords(q.role, names).replace(/^role /, '')}?`;
    }
    default:
      return `Can ${who}${q.mfa ? ' (with MFA)' : ''} do ${action || '(no action given)'} on ${resourceWords(resource, '', names)}?`;
  }
}
