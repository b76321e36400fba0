// The decision card's explanation in the page's words, against real traces (the Node build of the
// package): page labels instead of engine labels, and denials that name the failed condition and
// the value expected, without pointing at aws:MultiFactorAuthAge when MFA is simply off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { presetState } from '../state.js';
import { buildScenario } from '../scenario.js';
import { pageLabel, statementName, policyTypeName, nearMissSentences, missingKeys, editorIdOf } from '../explain.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { decide } = await import(path.resolve(here, '../../wasm/pkg/node/index.mjs'));
const traceOf = (state) => decide(buildScenario(state).text, { explain: true }).trace;

test('engine labels become the editors\' titles', () => {
  const s = presetState('devops-mfa');
  assert.equal(pageLabel('identityPolicies[0]', s), 'Identity policy 1');
  assert.equal(pageLabel('resourcePolicy', s), 'Trust policy (of the role)');
  assert.equal(pageLabel('permissionBoundary', s), 'Permissions boundary');
  assert.equal(pageLabel('sessionPolicy', s), 'Session policy');
  assert.equal(pageLabel('somethingElse', s), 'somethingElse');
  assert.equal(policyTypeName('resource', s), 'Trust policy (of the role)');
  assert.equal(policyTypeName('scp', s), 'Service control policies');
  const logs = presetState('security-logs');
  assert.equal(pageLabel('resourcePolicy', logs), 'Resource-based policy');
  const scp = presetState('scp-region');
  assert.equal(editorIdOf('scps[0][0]'), 'scp-0');
  // The preset's root level is a list of policies: which one of it is said.
  assert.ok(scp.policies.scps[0].trimStart().startsWith('['));
  assert.equal(pageLabel('scps[0][1]', scp), 'SCP level 1 (root), policy 2');
  // A level holding one policy object is that policy.
  scp.policies.scps[0] = '{"Version": "2012-10-17", "Statement": []}';
  assert.equal(pageLabel('scps[0][0]', scp), 'SCP level 1 (root)');
});

test('every statement of every preset is named with a page label, never an engine path', () => {
  for (const name of ['devops-mfa', 'security-logs', 'msp-externalid', 'github-oidc', 'cross-account-s3', 'boundary-admin', 'scp-region']) {
    const s = presetState(name);
    const trace = traceOf(s);
    for (const hit of [...trace.statements, ...(trace.nearMisses ?? [])]) {
      const shown = statementName(hit, s);
      assert.doesNotMatch(shown, /\[|\/Statement\/|Policies|Policy\b(?! \d)/, `${name}: ${shown}`);
      assert.match(shown, /^(Identity policy \d+|Trust policy \(of the role\)|Key policy \(of the KMS key\)|Resource-based policy|Permissions boundary|Session policy|SCP level \d+( \(root\))?(, policy \d+)?), statement \d+/, `${name}: ${shown}`);
    }
  }
});

test('MFA off: the denial names the failed MFA condition and its expected value, not the MFA age', () => {
  const s = presetState('devops-mfa');
  s.context.mfa = false;
  const trace = traceOf(s);
  assert.equal(trace.decision, 'ImplicitDeny');
  // The engine reports the age as missing (it is absent without MFA); the page does not.
  assert.ok(trace.missingContextValues.includes('aws:MultiFactorAuthAge'));
  assert.deepEqual(missingKeys(trace, s), []);
  const [sentence, ...rest] = nearMissSentences(trace, s);
  assert.deepEqual(rest, []);
  assert.equal(sentence.text, 'Trust policy (of the role), statement 1 "DevOpsAccountWithMfa" would allow it, but Bool aws:MultiFactorAuthPresent expects "true", the request has "false".');
  assert.doesNotMatch(sentence.text, /MultiFactorAuthAge/);
  // MFA used but too long ago: now the age is the failed condition, with the value expected.
  s.context.mfa = true;
  s.context.mfaAge = '7200';
  const late = nearMissSentences(traceOf(s), s);
  assert.equal(late.length, 1);
  assert.equal(late[0].text, 'Trust policy (of the role), statement 1 "DevOpsAccountWithMfa" would allow it, but NumericLessThan aws:MultiFactorAuthAge expects "3600", the request has "7200".');
});

test('an ExternalId denial says which value the trust policy expects', () => {
  const s = presetState('msp-externalid');
  s.context.externalId = 'wrong';
  const sentences = nearMissSentences(traceOf(s), s).map((x) => x.text);
  assert.equal(sentences.length, 1, sentences.join('\n'));
  assert.match(sentences[0], /^Trust policy \(of the role\), statement 1( "[^"]+")? would allow it, but StringEquals sts:ExternalId expects "[^"]+", the request has "wrong"\.$/);
});
