// The page's scenario builder and its location mapping, checked against the real engine (the
// Node build of the package): engine positions must land on the right editor, line and text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildScenario, locate, locateBytes, byteToIndex, contextOf, editorsOf } from '../scenario.js';
import { presetState, encodeState, decodeFragment } from '../state.js';
import { PRESETS } from '../presets.js';
import { PRESET_OUTCOMES, asShown } from './expected.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../wasm/pkg/node/index.mjs');
assert.ok(existsSync(pkg), 'wasm/pkg is missing: run scripts/build-wasm.sh');
const { decide, IamsimError } = await import(pkg);

const texts = (state) => new Map(editorsOf(state).map((e) => [e.id, e.text]));

test('every preset builds a scenario the engine decides as the rules say, for the stated reason', () => {
  assert.deepEqual(Object.keys(PRESETS).sort(), Object.keys(PRESET_OUTCOMES).sort());
  for (const [name, { decision, reason }] of Object.entries(PRESET_OUTCOMES)) {
    const { text } = buildScenario(presetState(name));
    const r = decide(text, { explain: true });
    assert.equal(r.decision, decision, name);
    assert.match(asShown(r.trace.reason), reason, name);
  }
});

test('trace byte ranges map back to the statement in its editor, past multibyte text', () => {
  const state = presetState('scp-region');
  state.request.principal = 'arn:aws:sts::111111111111:assumed-role/Developer/frank';
  state.context.extra = 'note=ünïcødé 💥 before the policies';
  state.policies.identity = [state.policies.identity[0].replace('"Ec2Developer"', '"Ec2Developer"').replace('"Version"', '"Id": "ä€💥",\n  "Version"')];
  const { text, segments } = buildScenario(state);
  const r = decide(text, { explain: true });
  const all = texts(state);
  const seen = new Set();
  for (const hit of r.trace.statements) {
    const at = locateBytes(segments, all, hit.start, hit.end);
    assert.ok(at, JSON.stringify(hit));
    const statement = JSON.parse(all.get(at.id).slice(at.start, at.end));
    if (hit.sid) assert.equal(statement.Sid, hit.sid);
    seen.add(at.id);
  }
  assert.deepEqual([...seen].sort(), ['identity-0', 'scp-0', 'scp-1']);
});

test('an error inside an editor maps to that editor\'s own line and column', () => {
  const state = presetState('devops-mfa');
  const lines = state.policies.resource.split('\n');
  const i = lines.findIndex((l) => l.includes('"Action"'));
  lines[i] = lines[i].replace('"Action"', '"Actoin"');
  state.policies.resource = lines.join('\n');
  const { text, segments } = buildScenario(state);
  let error;
  try {
    decide(text);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof IamsimError);
  const at = locate(segments, error.line, error.column);
  assert.deepEqual(at, { id: 'resource', line: i + 1, column: lines[i].indexOf('"Actoin"') + 1 });
});

test('errors outside the editors are not mapped to an editor', () => {
  const state = presetState('devops-mfa');
  state.request.action = 'nocolon';
  const { text, segments } = buildScenario(state);
  assert.throws(() => decide(text), (e) => e.code === 'invalid-action' && locate(segments, e.line, e.column) === null);
});

test('empty editors are left out; an SCP editor holding one policy is a level of one', () => {
  const state = presetState('scp-region');
  state.policies.identity.push('   ');
  state.policies.boundary = '';
  state.policies.scps[0] = state.policies.scps[0].trim().slice(1, -1).trim(); // the object, not a list
  const { text, segments } = buildScenario(state);
  const scenario = JSON.parse(text);
  assert.equal(scenario.identityPolicies.length, 1);
  assert.equal('permissionBoundary' in scenario, false);
  assert.equal(scenario.scps.length, 2);
  assert.equal(scenario.scps[0].length, 1);
  assert.equal(segments.length, 3);
  assert.equal(decide(text).decision, 'ExplicitDeny');
});

test('context controls become condition keys', () => {
  const { context, notes } = contextOf({
    mfa: true, mfaAge: ' 120 ', secureTransport: false, sourceIp: '10.0.0.1', externalId: 'x', region: 'eu-west-1',
    time: '2026-11-28T12:00:00Z', principalTags: 'team=blue\nteam=red', resourceTags: 'env = prod', extra: 'aws:PrincipalOrgID=o-1\nbogus line\n# comment',
  });
  assert.deepEqual(context, {
    'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120', 'aws:SecureTransport': 'false',
    'aws:SourceIp': '10.0.0.1', 'sts:ExternalId': 'x', 'aws:RequestedRegion': 'eu-west-1',
    'aws:CurrentTime': '2026-11-28T12:00:00Z', 'aws:EpochTime': '1795867200',
    'aws:PrincipalTag/team': ['blue', 'red'], 'aws:ResourceTag/env': 'prod', 'aws:PrincipalOrgID': 'o-1',
  });
  assert.deepEqual(notes, ['`bogus line` is not of the form key=value']);
});

test('byteToIndex counts UTF-8 bytes', () => {
  assert.equal(byteToIndex('aé💥b', 1), 1);
  assert.equal(byteToIndex('aé💥b', 3), 2);
  assert.equal(byteToIndex('aé💥b', 7), 4);
  assert.equal(byteToIndex('aé💥b', 8), 5);
});

test('the URL fragment round-trips, and hostile fragments are normalized or rejected', () => {
  const state = presetState('github-oidc');
  state.context.extra += '\nnote=💥';
  assert.deepEqual(decodeFragment(`#s=${encodeState(state)}`), state);
  assert.equal(decodeFragment(''), null);
  assert.equal(decodeFragment('#other'), null);
  assert.throws(() => decodeFragment(`#s=${Buffer.from('{').toString('base64url')}`), /readable scenario/);
  // Not base64url, empty, or a state of the wrong shape: an error the page shows, never a default.
  assert.throws(() => decodeFragment('#s=not-base64!!'), /not base64url/);
  assert.throws(() => decodeFragment('#s='), /not base64url/);
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  assert.throws(() => decodeFragment(`#s=${b64({ request: 7, policies: {}, context: {} })}`), /something other than a scenario/);
  assert.throws(() => decodeFragment(`#s=${b64([1, 2])}`), /something other than a scenario/);
  const odd = decodeFragment(`#s=${b64({ request: { principal: 5 }, policies: { identity: [1, 'x'], scps: 'no' }, context: { mfa: 'yes' } })}`);
  assert.deepEqual(odd.policies.identity, ['x']);
  assert.deepEqual(odd.policies.scps, []);
  assert.equal(odd.context.mfa, false);
  assert.equal(odd.request.principal, '');
});

test('without MFA the key is false for temporary credentials and absent for access keys', () => {
  const base = { mfa: false, mfaAge: '', secureTransport: true, sourceIp: '', externalId: '', region: '', time: '', principalTags: '', resourceTags: '', extra: '' };
  assert.equal(contextOf({ ...base, mfaOff: 'false' }).context['aws:MultiFactorAuthPresent'], 'false');
  assert.equal('aws:MultiFactorAuthPresent' in contextOf({ ...base, mfaOff: 'absent' }).context, false);
  assert.equal(contextOf({ ...base, mfa: true, mfaOff: 'absent' }).context['aws:MultiFactorAuthPresent'], 'true');
});
