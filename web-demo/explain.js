// The decision card's explanation in the page's words: engine labels (`identityPolicies[0]`,
// `resourcePolicy`, `scps[1][0]`) become the editors' titles ("Identity policy 1", "Trust policy
// (of the role)", "SCP level 2"), and a denial says which condition of which statement failed and
// what it expected (the trace's `nearMisses`). DOM-free, so the Node tests check the sentences.
import { editorsOf } from './scenario.js';

const FIELD_OF = { resourcePolicy: 'resource', permissionBoundary: 'boundary', sessionPolicy: 'session' };

/** The editor id of an engine policy label, or null. */
export function editorIdOf(label) {
  const s = String(label ?? '');
  let m = /^identityPolicies\[(\d+)\]$/.exec(s);
  if (m) return `identity-${m[1]}`;
  m = /^scps\[(\d+)\](?:\[(\d+)\])?$/.exec(s);
  if (m) return `scp-${m[1]}`;
  return FIELD_OF[s] ?? null;
}

/** The page's name for an engine policy label: the editor's title (an SCP level holding a list
 * adds which policy of it). Unknown labels are returned as they are. */
export function pageLabel(label, state) {
  const id = editorIdOf(label);
  const info = id ? editorsOf(state).find((i) => i.id === id) : null;
  if (!info) return String(label ?? '?');
  const inLevel = /^scps\[\d+\]\[(\d+)\]$/.exec(String(label));
  if (inLevel && String(info.text).trimStart().startsWith('[')) return `${info.title}, policy ${Number(inLevel[1]) + 1}`;
  return info.title;
}

/** "Identity policy 1, statement 1 "Sid"" (statements counted from 1, as a reader counts). */
export function statementName(hit, state) {
  const n = Number.isInteger(hit.statement) ? ` statement ${hit.statement + 1}` : '';
  return `${pageLabel(hit.policy, state)},${n}${hit.sid ? ` "${hit.sid}"` : ''}`;
}

/** The page's name of a policy type in the "each policy type" table. */
export function policyTypeName(type, state) {
  const resource = editorsOf(state).find((i) => i.id === 'resource');
  return {
    scp: 'Service control policies', rcp: 'Resource control policies', resource: resource ? resource.title : 'Resource-based policy',
    identity: 'Identity policies', boundary: 'Permissions boundary', session: 'Session policy',
  }[type] ?? String(type ?? '?');
}

const MFA_AGE = 'aws:multifactorauthage';
const MFA_PRESENT = 'aws:multifactorauthpresent';
const quote = (values) => values.map((v) => `"${v}"`).join(' or ');

/**
 * The failed conditions of a near miss, as sentences. Without MFA, `aws:MultiFactorAuthAge` is
 * absent because MFA is off, not because a key was forgotten: it is not named as missing (the
 * failed `aws:MultiFactorAuthPresent` says it, or else "needs MFA" does).
 */
export function failedConditions(miss, state) {
  const failed = Array.isArray(miss.failed) ? miss.failed : [];
  const mfaOff = !state.context.mfa;
  const presentFailed = failed.some((f) => String(f.key).toLowerCase() === MFA_PRESENT);
  const out = [];
  for (const f of failed) {
    const key = String(f.key ?? '?');
    const expected = Array.isArray(f.expected) ? f.expected : [];
    if (mfaOff && key.toLowerCase() === MFA_AGE) {
      if (!presentFailed) out.push(`it needs MFA (its ${f.operator} ${key} ${quote(expected)} only holds when MFA is used; tick "MFA used")`);
      continue;
    }
    const has = Array.isArray(f.actual) ? `the request has ${quote(f.actual)}` : `the request has no ${key}`;
    out.push(`${f.operator} ${key} expects ${quote(expected)}, ${has}`);
  }
  return out;
}

/** One sentence per near miss: which statement would allow the request, and why it did not. */
export function nearMissSentences(trace, state) {
  const misses = Array.isArray(trace?.nearMisses) ? trace.nearMisses : [];
  return misses.map((miss) => ({
    miss,
    text: `${statementName(miss, state)} would allow it, but ${failedConditions(miss, state).join('; and ')}.`,
  }));
}

/** The condition keys the policies looked for but the request lacks, less the MFA age when MFA
 * is off (absent by definition then, and not something to add). */
export function missingKeys(trace, state) {
  const list = Array.isArray(trace?.missingContextValues) ? trace.missingContextValues.map(String) : [];
  return state.context.mfa ? list : list.filter((k) => k.toLowerCase() !== MFA_AGE);
}
