// The npm package's API, loaded by package name from the build in wasm/pkg.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { iamsim, requireFromTests, pkgDir } from './load.mjs';
import { assumeWithMfa, s3Read, MFA_TRUST } from './fixtures.mjs';

const { decide, validatePolicy, version, IamsimError, init } = iamsim;

test('version is the workspace version', () => {
  const cargo = readFileSync(path.join(pkgDir, '../../Cargo.toml'), 'utf8');
  const expected = /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargo)[1];
  assert.equal(version(), expected);
  assert.equal(JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version, expected);
});

test('init is a harmless no-op in Node', async () => {
  await init();
  assert.equal(typeof version(), 'string');
});

test('decide: the trust policy requires MFA', () => {
  assert.deepEqual(decide(assumeWithMfa(true)), { id: 'assume-mfa-true', decision: 'Allowed' });
  assert.equal(decide(assumeWithMfa(false)).decision, 'ImplicitDeny');
  assert.equal(decide(assumeWithMfa(undefined)).decision, 'ImplicitDeny');
});

test('decide accepts JSON text as well as an object', () => {
  const text = JSON.stringify(s3Read('q1.csv'), null, 2);
  assert.deepEqual(decide(text), decide(s3Read('q1.csv')));
  assert.equal(decide(text).decision, 'Allowed');
});

test('decide: an explicit deny wins, and the trace names the statement', () => {
  const r = decide(s3Read('secret/keys.txt'), { explain: true });
  assert.equal(r.decision, 'ExplicitDeny');
  assert.equal(r.trace.decision, 'ExplicitDeny');
  assert.equal(typeof r.trace.reason, 'string');
  assert.ok(r.trace.reason.length > 0);
  const deny = r.trace.statements.find((s) => s.effect === 'Deny');
  assert.ok(deny, JSON.stringify(r.trace.statements));
  assert.equal(deny.policy, 'identityPolicies[0]');
  assert.equal(deny.statement, 1);
  assert.equal(deny.sid, 'NotSecrets');
  assert.ok(Array.isArray(r.trace.policyTypes));
});

test('decide without explain has no trace; the trace offsets point into the scenario text', () => {
  assert.equal('trace' in decide(s3Read('a')), false);
  const text = JSON.stringify(assumeWithMfa(true), null, 2);
  const r = decide(text, { explain: true });
  const bytes = Buffer.from(text, 'utf8');
  const trust = r.trace.statements.find((s) => s.policy === 'resourcePolicy');
  assert.ok(trust, JSON.stringify(r.trace.statements));
  const slice = JSON.parse(bytes.subarray(trust.start, trust.end).toString('utf8'));
  assert.deepEqual(slice, MFA_TRUST.Statement[0]);
});

test('decide: bad scenarios throw an IamsimError with the location', () => {
  const text = '{\n  "id": "broken",\n  "principal": null,\n  "action": "s3:GetObject",\n  "resource": "*",\n  "bogus": 1\n}';
  const err = captured(() => decide(text));
  assert.equal(err.code, 'unknown-field');
  assert.equal(err.path, '/bogus');
  assert.equal(err.line, 6);
  assert.equal(err.column, 3);
  assert.equal(err.id, 'broken');
  assert.ok(err instanceof Error);
  assert.ok(err.diagnostics.length >= 1);
  assert.equal(err.diagnostics[0].code, 'unknown-field');
});

test('decide: invalid JSON reports line and column', () => {
  const err = captured(() => decide('{\n  "id": "x",\n  "action": s3\n}'));
  assert.equal(err.code, 'json-syntax');
  assert.equal(err.line, 3);
  assert.equal(err.column, 13);
  assert.equal(err.id, null);
});

test('decide: several errors are all listed', () => {
  const err = captured(() => decide({ principal: 7, action: 'nocolon', resource: '*', zz: 1 }));
  assert.ok(err.diagnostics.length >= 3, JSON.stringify(err.diagnostics));
  const codes = err.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('wrong-type') && codes.includes('invalid-action') && codes.includes('unknown-field'), codes.join());
});

test('validatePolicy: a valid policy and a broken one', () => {
  assert.deepEqual(validatePolicy(MFA_TRUST, 'trust'), { valid: true, diagnostics: [] });
  const r = validatePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}\n  ]\n}', 'identity');
  assert.equal(r.valid, false);
  const [d] = r.diagnostics;
  assert.equal(d.severity, 'error');
  assert.equal(d.line, 4);
  assert.ok(d.column > 1);
  assert.equal(typeof d.message, 'string');
});

test('validatePolicy: an unknown condition operator is located with a hint', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } }] }, null, 2);
  const r = validatePolicy(text, 'identity');
  assert.equal(r.valid, false);
  const d = r.diagnostics.find((x) => x.path.includes('StringEqualz'));
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.match(d.hint ?? '', /StringEquals/);
  assert.equal(text.split('\n')[d.line - 1].includes('StringEqualz'), true);
});

test('validatePolicy: an unknown kind throws with the list of kinds', () => {
  const err = captured(() => validatePolicy('{}', 'idenity'));
  assert.equal(err.code, 'unknown-policy-kind');
  assert.match(err.hint, /identity/);
});

test('the CommonJS entry gives the same answers', () => {
  const cjs = requireFromTests('iamsim');
  assert.equal(cjs.version(), version());
  assert.deepEqual(cjs.decide(assumeWithMfa(true)), decide(assumeWithMfa(true)));
  assert.throws(() => cjs.decide('nope'), (e) => e instanceof cjs.IamsimError && e.code === 'json-syntax');
});

test('the browser build works in Node after init with the bytes', async () => {
  const web = await import('iamsim/web');
  assert.throws(() => web.decide(s3Read('a')), (e) => e instanceof web.IamsimError && e.code === 'not-initialized');
  await web.init(readFileSync(path.join(pkgDir, 'web/iamsim_wasm_bg.wasm')));
  await web.init(); // a second call is a no-op
  assert.equal(web.version(), version());
  assert.deepEqual(web.decide(s3Read('secret/x')), decide(s3Read('secret/x')));
});

/** Runs `fn`, which must throw an IamsimError, and returns the error. */
function captured(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof IamsimError, `expected an IamsimError, got ${e && e.stack}`);
    return e;
  }
  assert.fail('expected an IamsimError');
}

test('model queries over the embedded example organization', () => {
  const { check, paths, whoCan, assume } = iamsim;
  const who = whoCan({ action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web', mfa: true, context: { 'aws:RequestedRegion': 'eu-west-1' } });
  assert.ok(who.principals.some((e) => e.principal === 'arn:aws:iam::111111111111:user/ops/alice'));
  assert.deepEqual(who.context.find((f) => f.key === 'aws:RequestedRegion'), { key: 'aws:RequestedRegion', value: 'eu-west-1', source: 'given' });
  // S3 ARNs carry no region: the region-restricting SCP must not deny every S3 request.
  const read = check({ principal: 'dave', action: 's3:GetObject', resource: 'arn:aws:s3:::acme-data-lake/q3.csv' });
  assert.equal(read.decision, 'Allowed');
  assert.equal(read.context.find((f) => f.key === 'aws:RequestedRegion').source, 'resource-region');
  const report = paths({ principal: 'alice', mfa: false });
  assert.ok(report.blocked.some((b) => b.hop.flips.some((f) => f.key === 'aws:MultiFactorAuthPresent')));
  assert.equal(assume({ principal: '444444444444:role/Auditor', role: 'SecurityAudit-MSP', externalId: 'cust-7Q2' }).decision, 'Allowed');
  assert.equal(assume({ principal: '444444444444:role/Auditor', role: 'SecurityAudit-MSP' }).decision, 'ImplicitDeny');
  assert.throws(() => paths({ principal: 'alcie' }), (e) => e instanceof IamsimError && e.code === 'unknown-principal' && /alice/.test(e.hint));
  assert.throws(() => whoCan({ action: 's3:GetObject', resource: '*' }, '{'), (e) => e instanceof IamsimError && e.code === 'json-syntax');
});

test('diff between two models: newly granted first, errors name the side', () => {
  const { diff } = iamsim;
  const examples = path.join(pkgDir, '../../examples/diff');
  const before = JSON.parse(readFileSync(path.join(examples, 'before.json'), 'utf8'));
  const after = readFileSync(path.join(examples, 'after.json'), 'utf8');
  const report = diff(before, after);
  assert.equal(report.granted, 8);
  assert.equal(report.revoked, 0);
  const dana = report.principals.find((p) => p.principal.endsWith('user/developers/dana'));
  const deploy = dana.changes.find((c) => c.action === 'ecs:UpdateService');
  assert.deepEqual(deploy.after.chain, ['arn:aws:iam::222222222222:role/Deploy']);
  assert.equal(diff(before, before).changed, 0);
  const one = diff(before, after, { requests: [{ principal: 'dana', action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web' }] });
  assert.equal(one.requests, 1);
  assert.equal(one.granted, 1);
  const e = captured(() => diff(before, '{"accounts": [}'));
  assert.equal(e.code, 'json-syntax');
  assert.equal(e.result.error.model, 'after');
});
