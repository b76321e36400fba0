// Model mode's DOM-free parts against the real engine (the Node build of the package): the policy
// catalog, the edited model text and its error mapping, the link codec, and the graph built from
// real answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  policyCatalog, policyAt, policyText, getAt, editedModelText, locateEdit, identitiesOf, managedPoliciesNeeded, EXACT_MANAGED,
  encodeModelLink, decodeModelLink, normalizeQuestion, queryOf, DEFAULT_QUESTION, fingerprint, contextOf, withContextValue,
} from '../model-state.js';
import { buildGraph, mergeGraphs, collapse, hopNeeds, layout, COLLAPSE_ABOVE } from '../graph.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const pkg = path.join(repo, 'wasm/pkg/node/index.mjs');
assert.ok(existsSync(pkg), 'wasm/pkg is missing: run scripts/build-wasm.sh');
const { whoCan, diff, validatePolicy, exampleModel, IamsimError } = await import(pkg);

const exampleText = exampleModel();
const example = JSON.parse(exampleText);
const PROD_DEPLOY_TRUST = '/accounts/222222222222/roles/0/trustPolicy';
const ECS = { action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web' };

test("the page edits the engine's embedded example organization, and keeps no copy of it", () => {
  // The page needs the model's text to edit it: exampleModel() is core/data/example-org.json.
  assert.equal(exampleText, readFileSync(path.join(repo, 'core/data/example-org.json'), 'utf8'));
  assert.ok(!existsSync(path.join(repo, 'web-demo/example-org.json')), 'a copy would drift from the engine');
  // And the engine answers the same for both (the embedded model is what `model` omitted means).
  assert.deepEqual(whoCan({ ...ECS, mfa: true }, exampleText), whoCan({ ...ECS, mfa: true }));
});

test('the exactly shipped managed policies are those of core (the rest needs the full set)', () => {
  const source = readFileSync(path.join(repo, 'core/src/model/managed.rs'), 'utf8');
  const block = /const SHIPPED: \[\(&str, &str\); \d+\] = \[([\s\S]*?)\n\];/.exec(source);
  assert.ok(block, 'SHIPPED not found in core/src/model/managed.rs');
  const names = [...block[1].matchAll(/^\s*"([A-Za-z0-9]+)",\s*$/gm)].map((x) => x[1]);
  assert.deepEqual([...EXACT_MANAGED].sort(), names.sort());
  // The example attaches AdministratorAccess (exact) and SecurityAudit (only derived in wasm).
  assert.deepEqual(managedPoliciesNeeded(example), ['arn:aws:iam::aws:policy/SecurityAudit']);
  assert.deepEqual(managedPoliciesNeeded({ accounts: { 111111111111: { roles: [{ name: 'r', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] } } }), []);
});

test('the catalog lists every policy document of the model, each of a kind the engine validates cleanly', () => {
  const catalog = policyCatalog(example);
  const byId = new Map(catalog.map((p) => [p.id, p]));
  assert.equal(byId.get(PROD_DEPLOY_TRUST).kind, 'trust');
  assert.equal(byId.get(PROD_DEPLOY_TRUST).owner, 'arn:aws:iam::222222222222:role/Deploy');
  assert.equal(byId.get('/organization/policies/DenyOutsideEU/document').kind, 'scp');
  assert.equal(byId.get('/organization/policies/DataPerimeter/document').kind, 'rcp');
  const boundary = catalog.find((p) => p.title.startsWith('managed policy TeamBoundary') && p.account === '222222222222');
  assert.equal(boundary.kind, 'boundary');
  assert.match(boundary.title, /boundary of role TeamAdmin/);
  assert.ok(catalog.some((p) => p.kind === 'resource' && p.title === 'resource s3 acme-data-lake: policy'));
  assert.ok(catalog.some((p) => p.id === '/accounts/111111111111/groups/0/inlinePolicies/assume-deploy' && p.kind === 'identity'));
  assert.equal(catalog.some((p) => p.id.startsWith('/organization/policies/FullAWSAccess')), false, 'a builtin has no document');
  for (const p of catalog) {
    const doc = getAt(example, p.id);
    assert.ok(doc && typeof doc === 'object', p.id);
    const errors = validatePolicy(policyText(example, p.id), p.kind).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, [], `${p.id} as ${p.kind}`);
  }
  assert.equal(policyAt(catalog, `${PROD_DEPLOY_TRUST}/Statement/0`).id, PROD_DEPLOY_TRUST);
  assert.equal(policyAt(catalog, '/accounts/222222222222/roles/0'), null);
  const alice = identitiesOf(example).find((i) => i.name === 'alice');
  assert.equal(alice.arn, 'arn:aws:iam::111111111111:user/ops/alice');
});

test('an edit is spliced in verbatim: the diff is that of the edit, and an error lands on its own line', () => {
  const trust = JSON.parse(policyText(example, PROD_DEPLOY_TRUST));
  trust.Statement.push({ Sid: 'DevAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::224444444444:root' }, Action: 'sts:AssumeRole' });
  const edited = JSON.stringify(trust, null, 2);
  const { text } = editedModelText(example, new Map([[PROD_DEPLOY_TRUST, edited]]));
  const byObject = structuredClone(example);
  byObject.accounts['222222222222'].roles[0].trustPolicy = trust;
  assert.deepEqual(diff(exampleText, text), diff(exampleText, JSON.stringify(byObject)));
  const granted = diff(exampleText, text).principals.find((p) => p.principal === 'arn:aws:iam::224444444444:role/TeamAdmin');
  assert.deepEqual(granted.changes.map((c) => [c.kind, c.action, c.resource]), [['granted', 'sts:AssumeRole', 'arn:aws:iam::222222222222:role/Deploy']]);

  // A typo on line 5 of the editor: the engine's model-wide position maps back to line 5.
  const lines = edited.split('\n');
  const at = lines.findIndex((l) => l.includes('"Effect"'));
  lines[at] = lines[at].replace('"Effect"', '"Efect"');
  const broken = editedModelText(example, new Map([['/organization/policies/DenyOutsideEU/document', '{"Version": "2012-10-17", "Statement": []}'], [PROD_DEPLOY_TRUST, lines.join('\n')]]));
  assert.equal(broken.segments.length, 2);
  assert.throws(() => diff(exampleText, broken.text), (e) => {
    assert.ok(e instanceof IamsimError);
    const located = locateEdit(broken.segments, e.line, e.column);
    assert.equal(e.code, 'unknown-element');
    assert.deepEqual({ id: located.id, line: located.line }, { id: PROD_DEPLOY_TRUST, line: at + 1 });
    assert.equal(located.column, lines[at].indexOf('"Efect"') + 1);
    return true;
  });
});

test('links round-trip through deflate-raw, and unreadable or foreign ones say why', async () => {
  const base = { kind: 'example', name: '', fingerprint: fingerprint(exampleText) };
  const edits = new Map([[PROD_DEPLOY_TRUST, '{"Version": "2012-10-17", "Statement": [] } // ünïcødé 💥']]);
  const question = normalizeQuestion({ ...DEFAULT_QUESTION, kind: 'paths', principal: 'bob', mfa: false });
  const hash = await encodeModelLink({ base, edits, question });
  assert.match(hash, /^#m=[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeModelLink(hash), { base, edits: [...edits], question });
  assert.equal(await decodeModelLink('#model'), null);
  assert.equal(await decodeModelLink(''), null);
  await assert.rejects(decodeModelLink('#m=not-base64!!'), /not base64url/);
  await assert.rejects(decodeModelLink(`#m=${Buffer.from('plain, not deflated').toString('base64url')}`), /readable model edit/);
  const foreign = async (obj) => `#m=${await (async () => {
    const { deflateRawSync } = await import('node:zlib');
    return deflateRawSync(Buffer.from(JSON.stringify(obj))).toString('base64url');
  })()}`;
  await assert.rejects(decodeModelLink(await foreign({ v: 2, base, edits: [], q: {} })), /another version/);
  await assert.rejects(decodeModelLink(await foreign({ v: 1, base: { kind: 'url' }, edits: [], q: {} })), /which model/);
  await assert.rejects(decodeModelLink(await foreign({ v: 1, base, edits: [['not-a-pointer', 'x']], q: {} })), /not policy texts/);
  // A hostile question is normalized to the defaults, field by field.
  const odd = await decodeModelLink(await foreign({ v: 1, base, edits: [], q: { kind: 'rm -rf', principal: 7, mfa: 'yes', maxDepth: '1e9' } }));
  assert.deepEqual(odd.question, DEFAULT_QUESTION);
  assert.deepEqual(queryOf({ ...DEFAULT_QUESTION, kind: 'paths', action: '', maxDepth: '2' }), { principal: 'alice', mfa: true, maxDepth: 2 });
});

test('context lines become the question context, conditional questions leave every unfixed key unknown', () => {
  assert.deepEqual(contextOf(''), { context: {} });
  assert.deepEqual(contextOf('aws:SourceIp=10.1.2.3\n\n aws:TagKeys = a \naws:TagKeys=b'), { context: { 'aws:SourceIp': '10.1.2.3', 'aws:TagKeys': ['a', 'b'] } });
  // A value may hold '=' (only the first one splits); a line without a key is an error, not dropped.
  assert.deepEqual(contextOf('x:y=a=b'), { context: { 'x:y': 'a=b' } });
  assert.deepEqual(contextOf('ok=1\nnot a pair'), { error: { line: 2, message: 'context line 2 is not key=value: "not a pair"' } });
  assert.deepEqual(contextOf('=v').error?.line, 1);
  assert.equal(withContextValue('aws:SourceIp=1.2.3.4\nAWS:SOURCEIP=5.6.7.8\nk=v', 'aws:SourceIp', '10.0.0.0/8'), 'k=v\naws:SourceIp=10.0.0.0/8');
  assert.equal(withContextValue('', 'aws:MultiFactorAuthPresent', 'true'), 'aws:MultiFactorAuthPresent=true');
  const check = { ...DEFAULT_QUESTION, kind: 'check', principal: 'erin', action: 's3:GetObject', resource: 'arn:aws:s3:::r/x', mfa: false };
  assert.deepEqual(queryOf(check), { principal: 'erin', action: 's3:GetObject', resource: 'arn:aws:s3:::r/x', mfa: false });
  assert.deepEqual(queryOf({ ...check, conditional: true, context: 'aws:SourceIp=10.1.2.3' }),
    { principal: 'erin', action: 's3:GetObject', resource: 'arn:aws:s3:::r/x', mfa: false, context: { 'aws:SourceIp': '10.1.2.3' }, unknown: ['*'] });
  assert.deepEqual(queryOf({ ...check, kind: 'who-can', conditional: true }), { action: 's3:GetObject', resource: 'arn:aws:s3:::r/x', mfa: false, unknown: ['*'] });
  // Paths and assume take no unknown keys: the box does not change their query.
  assert.deepEqual(queryOf({ ...check, kind: 'paths', action: '', conditional: true }), { principal: 'erin', mfa: false });
  assert.throws(() => queryOf({ ...check, context: 'no pair' }), (e) => e.code === 'invalid-context' && /line 1/.test(e.message));
  assert.deepEqual(normalizeQuestion({ conditional: true, context: 'a=b' }), { ...DEFAULT_QUESTION, conditional: true, context: 'a=b' });
  assert.deepEqual(normalizeQuestion({ conditional: 'yes', context: 3 }), DEFAULT_QUESTION);
});

test('the graph of a who-can answer: hops labelled with what they need, every edge pointing right', () => {
  const answer = whoCan({ ...ECS, mfa: true }, exampleText);
  const g = buildGraph('who-can', answer);
  const alice = 'arn:aws:iam::111111111111:user/ops/alice';
  const deploy = 'arn:aws:iam::222222222222:role/Deploy';
  const oidc = 'arn:aws:iam::666666666666:oidc-provider/token.actions.githubusercontent.com';
  const edge = (from, to) => [...g.edges.values()].find((e) => e.from === from && e.to === to);
  assert.deepEqual(edge(alice, deploy).needs, ['MFA']);
  assert.deepEqual(edge(oidc, 'arn:aws:iam::666666666666:role/GitHubDeploy').needs, ['aud=sts.amazonaws.com', 'sub=repo:acme/app:ref:refs/heads/main']);
  assert.equal(edge(deploy, g.targetId).kind, 'access');
  for (const e of g.edges.values()) assert.ok(g.nodes.get(e.to).depth > g.nodes.get(e.from).depth, e.id);
  assert.equal(g.nodes.get(g.targetId).depth, Math.max(...[...g.nodes.values()].map((n) => n.depth)));
  assert.deepEqual(hopNeeds({ decision: 'Allowed', requires: [{ key: 'sts:ExternalId', value: 'cust-7Q2' }] }), ['ExternalId cust-7Q2']);
  assert.deepEqual(hopNeeds({ decision: 'ImplicitDeny', flips: [{ key: 'aws:MultiFactorAuthPresent', value: 'true', decision: 'Allowed' }] }), ['MFA']);

  // After an edit opening prod Deploy to the dev account: the new identities and hops are `new`.
  const trust = JSON.parse(policyText(example, PROD_DEPLOY_TRUST));
  trust.Statement.push({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::224444444444:root' }, Action: 'sts:AssumeRole' });
  const after = whoCan({ ...ECS, mfa: true }, editedModelText(example, new Map([[PROD_DEPLOY_TRUST, JSON.stringify(trust)]])).text);
  const merged = mergeGraphs(g, buildGraph('who-can', after));
  const devAdmin = 'arn:aws:iam::224444444444:role/TeamAdmin';
  assert.equal(merged.nodes.get(devAdmin).status, 'new');
  assert.equal([...merged.edges.values()].find((e) => e.from === devAdmin && e.to === deploy).status, 'new');
  assert.equal([...merged.edges.values()].find((e) => e.from === alice && e.to === deploy).status, 'same');
  assert.equal([...merged.edges.values()].filter((e) => e.status === 'gone').length, 0);
});

test('more than 50 nodes collapse by account, except the accounts opened', () => {
  const principals = [];
  for (const account of ['111111111111', '222222222222', '333333333333']) {
    for (let i = 0; i < 20; i++) principals.push({ principal: `arn:aws:iam::${account}:role/r${i}`, account, kind: 'role', chain: [], reason: 'x' });
  }
  const g = mergeGraphs(null, buildGraph('who-can', { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principals }));
  assert.equal(g.nodes.size, 61);
  assert.ok(g.nodes.size > COLLAPSE_ABOVE);
  const c = collapse(g);
  assert.equal(c.collapsed, true);
  assert.deepEqual([...c.nodes.keys()].sort(), ['account:111111111111', 'account:222222222222', 'account:333333333333', g.targetId].sort());
  assert.equal(c.nodes.get('account:111111111111').members, 20);
  assert.equal([...c.edges.values()].find((e) => e.from === 'account:222222222222').count, 20);
  const open = collapse(g, new Set(['222222222222']));
  assert.equal(open.nodes.size, 3 + 20);
  const { pos, bands } = layout(open);
  assert.equal(pos.size, open.nodes.size);
  assert.equal(bands.length, 4); // three accounts and the target's (no account in an S3 ARN)
  assert.equal(collapse(buildGraph('who-can', { ...ECS, principals: principals.slice(0, 5) })).collapsed, false);
});
