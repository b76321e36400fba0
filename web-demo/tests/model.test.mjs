// Model mode end to end, in Chromium: the example organization, the questions, the graph, the
// live what-if and its link, model files by picker and by drop, and large answers. Answers are
// checked against the Node build of the same package (whose answers the question corpus holds
// equal to the CLI's) and against facts of the example organization (core/data/example-org.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startBrowser, root } from './harness.mjs';
import { encodeModelLink, fingerprint, DEFAULT_QUESTION, policyText } from '../model-state.js';

const pkg = await import(path.resolve(root, '../wasm/pkg/node/index.mjs'));
const exampleText = readFileSync(path.join(root, '../core/data/example-org.json'), 'utf8');
const example = JSON.parse(exampleText);

const ALICE = 'arn:aws:iam::111111111111:user/ops/alice';
const DEPLOY = 'arn:aws:iam::222222222222:role/Deploy';
const DEV_ADMIN = 'arn:aws:iam::224444444444:role/TeamAdmin';
const GITHUB = 'arn:aws:iam::666666666666:role/GitHubDeploy';
const DEPLOY_TRUST = '/accounts/222222222222/roles/0/trustPolicy';
const ECS = { action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web' };

let browser;
let base;
let context;
let problems;
let openPage;
let shot;

before(async () => {
  browser = await startBrowser();
  ({ base, context, problems, openPage, shot } = browser);
});

after(async () => {
  await browser?.close();
});

const openModel = (fragment = '#model') => openPage(`${base}${fragment}`, 'body[data-model-ready="true"]');
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));
async function waitText(page, selector, pattern) {
  await page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s)?.textContent ?? ''), [selector, pattern.source], { timeout: 8000 })
    .catch(() => {});
  const text = await page.textContent(selector);
  assert.match(text ?? '', pattern);
  return text;
}
async function ask(page, fields) {
  for (const [id, value] of Object.entries(fields)) {
    if (typeof value === 'boolean') await page.setChecked(`#${id}`, value);
    else if (id === 'q-kind') await page.selectOption('#q-kind', value);
    else await page.fill(`#${id}`, value);
  }
}
/** The prod Deploy role's trust policy with its second statement (the CI/CD role) replaced by the
 * whole dev account: GitHubDeploy loses Deploy, dev's TeamAdmin gains it. */
function devInsteadOfCiCd() {
  const trust = JSON.parse(policyText(example, DEPLOY_TRUST));
  trust.Statement[1] = { Sid: 'DevAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::224444444444:root' }, Action: 'sts:AssumeRole' };
  return JSON.stringify(trust, null, 2);
}
/** Clicks the middle of an edge's curve, where a user would (its box's centre is off the curve). */
async function clickEdge(page, from, to) {
  const point = await page.$eval(`#graph .edge[data-from="${from}"][data-to="${to}"] .edge-line`, (path) => {
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
  await page.mouse.click(point.x, point.y);
}
function smallModel(roles = 1) {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };
  const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const accounts = {
    111111111111: { name: 'people', users: [{ name: 'uma', inlinePolicies: { hop: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } }] },
  };
  for (const [i, id] of ['222222222222', '333333333333', '444444444444'].entries()) {
    accounts[id] = { name: `team${i}`, roles: Array.from({ length: roles }, (_, r) => ({ name: `Reader${r}`, trustPolicy: trust, inlinePolicies: { read } })) };
  }
  return JSON.stringify({ accounts }, null, 2);
}

test('model mode opens on the example organization and answers who-can as the package does', async () => {
  const page = await openModel();
  assert.equal(await page.getAttribute('#mode-model', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#scenario-mode'), false);
  assert.equal(await page.textContent('#model-name'), 'Model: the example organization (embedded)');
  // The example attaches SecurityAudit, which the wasm build only approximates: the full set loads.
  await waitText(page, '#model-status', /^1594 AWS managed policies loaded/);
  assert.ok(browser.requests.some((u) => u.endsWith('/pkg/aws-managed-policies.txt')));

  const expected = pkg.whoCan({ ...ECS, mfa: true });
  assert.equal(await page.textContent('#answer [data-role=answer-head]'), `${expected.principals.length} identities can ${ECS.action} on ${ECS.resource}:`);
  const items = await texts(page, '#answer [data-role=answer-item]');
  assert.deepEqual(items.map((t) => t.split(' ')[0]), expected.principals.map((p) => p.principal));
  assert.ok(items.includes(`${ALICE} (user) via role/Deploy (needs MFA)`), items.join('\n'));
  assert.ok(items.some((t) => t.startsWith('arn:aws:iam::666666666666:oidc-provider/token.actions.githubusercontent.com (web-identity) via role/GitHubDeploy (needs aud=sts.amazonaws.com, sub=repo:acme/app:ref:refs/heads/main) → role/Deploy')), items.join('\n'));

  // The graph: one box per identity and the target, the hop labelled MFA, accounts as bands.
  assert.equal(await page.$$eval('#graph .node', (n) => n.length), expected.principals.length + 1); // and the target
  const edge = await page.getAttribute(`#graph .edge[data-from="${ALICE}"][data-to="${DEPLOY}"]`, 'aria-label');
  assert.equal(edge, 'Edge user/ops/alice to role/Deploy, needs MFA');
  assert.deepEqual((await texts(page, '#graph .band-label')).sort(), ['cicd 666666666666', 'identity 111111111111', 'prod 222222222222'].sort());
  await shot(page, '10-model-who-can');
  await page.close();
  assert.deepEqual(problems, []);
});

test('paths, assume and check give the package answers', async () => {
  const page = await openModel();
  await ask(page, { 'q-kind': 'paths', 'q-principal': 'alice', 'q-action': '', 'q-mfa': false });
  await waitText(page, '#answer [data-role=answer-head]', /^From arn:aws:iam::111111111111:user\/ops\/alice, no chain\.$/);
  const blocked = await texts(page, '#answer [data-role=answer-blocked]');
  assert.equal(blocked.length, pkg.paths({ principal: 'alice', mfa: false }).blocked.length);
  assert.ok(blocked.includes('→ role/Deploy (needs MFA)'), blocked.join('\n'));
  assert.equal(await page.getAttribute(`#graph .edge[data-from="${ALICE}"][data-to="${DEPLOY}"]`, 'class'), 'edge edge-hop denied status-same');
  await ask(page, { 'q-mfa': true });
  await waitText(page, '#answer [data-role=answer-head]', /^From arn:aws:iam::111111111111:user\/ops\/alice, \d+ chains:$/);
  assert.ok((await texts(page, '#answer [data-role=answer-item]')).includes('→ role/Deploy (needs MFA)'));
  await shot(page, '11-model-paths');

  await ask(page, { 'q-kind': 'check', 'q-principal': 'alice', 'q-action': 'sts:AssumeRole', 'q-resource': DEPLOY, 'q-mfa': true });
  await waitText(page, '#answer [data-role=answer-head]', /^Allowed$/);
  assert.equal(await page.textContent('#answer .reason'), `${pkg.check({ principal: 'alice', action: 'sts:AssumeRole', resource: DEPLOY, mfa: true }).reason.replace(/^./, (c) => c.toUpperCase())}.`);
  await ask(page, { 'q-mfa': false });
  await waitText(page, '#answer [data-role=answer-head]', /^ImplicitDeny$/);

  await ask(page, { 'q-kind': 'assume', 'q-principal': '444444444444:role/Auditor', 'q-role': 'SecurityAudit-MSP', 'q-external-id': 'cust-7Q2' });
  await waitText(page, '#answer [data-role=answer-head]', /^Allowed: arn:aws:iam::444444444444:role\/Auditor assuming arn:aws:iam::777777777777:role\/SecurityAudit-MSP$/);
  assert.match(await page.textContent('#answer'), /Session arn:aws:sts::777777777777:assumed-role\/SecurityAudit-MSP\/iamsim, 3600 s \(role chaining\)/);
  await ask(page, { 'q-external-id': 'guessed' });
  await waitText(page, '#answer [data-role=answer-head]', /^ImplicitDeny: /);
  // A question the engine refuses shows its located error, not a stale answer.
  await ask(page, { 'q-principal': 'nobody-such' });
  await waitText(page, '#answer [data-role=answer-error]', /^\[unknown-principal\] /);
  await page.close();
  assert.deepEqual(problems, []);
});

test('a conditional question shows its condition, and clicking a test gives the question that value', async () => {
  const page = await openModel();
  await ask(page, { 'q-kind': 'check', 'q-principal': 'alice', 'q-action': 'sts:AssumeRole', 'q-resource': DEPLOY, 'q-mfa': false, 'q-context': '' });
  await waitText(page, '#answer [data-role=answer-head]', /^ImplicitDeny$/);
  // A denial says what would have allowed it.
  await waitText(page, '#answer [data-role=answer-allowed-if]', /^Would be allowed if aws:MultiFactorAuthPresent = true$/);
  await ask(page, { 'q-conditional': true });
  const expected = pkg.check({ principal: 'alice', action: 'sts:AssumeRole', resource: DEPLOY, mfa: false, unknown: ['*'] }).condition;
  assert.equal(expected.text, 'aws:MultiFactorAuthPresent = true');
  await waitText(page, '#answer [data-role=answer-condition]', /^Allowed only if aws:MultiFactorAuthPresent = true$/);
  assert.equal(await page.textContent('#answer [data-role=answer-head]'), 'ImplicitDeny');
  await shot(page, '19-model-conditional');
  // Clicking the test gives the question that value: the key is fixed, the request allowed.
  await page.click('#answer [data-role=condition-literal]');
  await waitText(page, '#answer [data-role=answer-head]', /^Allowed$/);
  assert.equal(await page.inputValue('#q-context'), 'aws:MultiFactorAuthPresent=true');
  await waitText(page, '#answer [data-role=answer-condition]', /^allowed whatever the unknown keys hold$/);
  // who-can lists alice with her condition, as the package does.
  await ask(page, { 'q-kind': 'who-can', 'q-context': '' });
  await waitText(page, '#answer [data-role=answer-head]', /identit/);
  const items = await texts(page, '#answer [data-role=answer-item]');
  const whoCan = pkg.whoCan({ action: 'sts:AssumeRole', resource: DEPLOY, mfa: false, unknown: ['*'] });
  assert.equal(items.length, whoCan.principals.length);
  assert.equal(whoCan.principals.find((p) => p.principal === ALICE)?.condition?.text, 'aws:MultiFactorAuthPresent = true');
  assert.ok(items.includes(`${ALICE} (user) directly — only if aws:MultiFactorAuthPresent = true`), items.join('\n'));
  // A context line that is not key=value is an error, never dropped.
  await ask(page, { 'q-context': 'not a pair' });
  await waitText(page, '#answer [data-role=answer-error]', /^\[invalid-context\] context line 1 is not key=value/);
  await page.close();
  assert.deepEqual(problems, []);
});

test('clicking a node shows its policies, clicking an edge the statement that allows it', async () => {
  const page = await openModel();
  await page.click(`#graph .node[data-id="${ALICE}"]`);
  await waitText(page, '#details [data-role=detail-title]', new RegExp(`^${ALICE}$`));
  const policies = await page.textContent('#details [data-role=detail-policies]');
  assert.match(policies, /user alice: inline security-admin/);
  assert.match(policies, /group DevOps: inline assume-deploy/);
  await clickEdge(page, ALICE, DEPLOY);
  await waitText(page, '#details [data-role=detail-title]', /^user\/ops\/alice → role\/Deploy$/);
  const statements = await texts(page, '#details [data-role=detail-statement]');
  const trust = statements.find((s) => s.includes('trust policy'));
  assert.ok(trust && trust.includes('"DevOpsWithMfa"') && trust.includes('"aws:MultiFactorAuthPresent": "true"'), statements.join('\n---\n'));
  assert.ok(statements.some((s) => s.includes('group DevOps inline assume-deploy')), statements.join('\n---\n'));
  await shot(page, '12-model-edge-details');
  // "Edit this policy" opens it in the what-if editor.
  await page.click('#details button[aria-label="Edit role Deploy: trust policy"]');
  assert.equal(await page.inputValue('#policy-pick'), DEPLOY_TRUST);
  assert.match(await page.inputValue('#ed-model-policy'), /"DevOpsWithMfa"/);
  await page.close();
  assert.deepEqual(problems, []);
});

test('editing a trust policy shows the diff, newly granted first, on the graph and in a link', async () => {
  const page = await openModel();
  await page.selectOption('#policy-pick', DEPLOY_TRUST);
  await page.fill('#ed-model-policy', devInsteadOfCiCd());
  const head = await waitText(page, '#diff [data-role=diff-head]', /^\d+ newly granted, \d+ revoked, over \d+ requests/);
  const report = pkg.diff(exampleText, JSON.stringify({ ...example, accounts: { ...example.accounts, 222222222222: { ...example.accounts['222222222222'], roles: [{ ...example.accounts['222222222222'].roles[0], trustPolicy: JSON.parse(devInsteadOfCiCd()) }, ...example.accounts['222222222222'].roles.slice(1)] } } }), { mfa: true });
  assert.match(head, new RegExp(`^${report.granted} newly granted, ${report.revoked} revoked, over ${report.requests} requests`));
  assert.deepEqual(await texts(page, '#diff h4'), ['Newly granted', 'Revoked']);
  const granted = await texts(page, '#diff [data-role=diff-granted] span');
  assert.ok(granted.includes(`+ ${DEV_ADMIN} can now sts:AssumeRole on ${DEPLOY} directly`), granted.join('\n'));
  const revoked = await texts(page, '#diff [data-role=diff-revoked] span');
  assert.ok(revoked.includes(`− ${GITHUB} can no longer sts:AssumeRole on ${DEPLOY} (was directly)`), revoked.join('\n'));
  // On the graph of the question (who can update the prod service): dev's admin arrives, CI/CD's hop goes.
  await page.waitForSelector(`#graph .node[data-id="${DEV_ADMIN}"][data-status="new"]`);
  assert.equal(await page.getAttribute(`#graph .edge[data-from="${GITHUB}"][data-to="${DEPLOY}"]`, 'data-status'), 'gone');
  assert.equal(await page.getAttribute(`#graph .edge[data-from="${ALICE}"][data-to="${DEPLOY}"]`, 'data-status'), 'same');
  assert.ok((await texts(page, '#answer [data-role=answer-item]')).includes(`gone: ${GITHUB} (role) via role/Deploy`));
  await shot(page, '13-model-what-if');

  // A diff line's "graph" button asks who-can for its request.
  await page.click(`#diff [data-role=diff-granted]:has-text("${DEV_ADMIN} can now sts:AssumeRole") button`);
  await waitText(page, '#answer [data-role=answer-head]', new RegExp(`can sts:AssumeRole on ${DEPLOY}:$`));
  assert.equal(await page.inputValue('#q-action'), 'sts:AssumeRole');
  assert.ok((await texts(page, '#answer [data-role=answer-item]')).includes(`new: ${DEV_ADMIN} (role) directly`));

  // The link carries the edit: a new tab shows the same diff.
  await page.waitForTimeout(300);
  const url = page.url();
  assert.match(url, /#m=[A-Za-z0-9_-]+$/);
  const again = await openModel(url.slice(base.length));
  await waitText(again, '#diff [data-role=diff-head]', new RegExp(`^${report.granted} newly granted, ${report.revoked} revoked`));
  assert.equal(await again.inputValue('#policy-pick'), DEPLOY_TRUST);
  assert.match(await again.inputValue('#ed-model-policy'), /"DevAccount"/);
  assert.equal(await again.inputValue('#q-action'), 'sts:AssumeRole');
  assert.equal(await again.isVisible('#model-notice'), false);
  // Undo: nothing changes any more.
  await again.click('#revert-all');
  await waitText(again, '#diff [data-role=diff-head]', /^Nothing changes: the model is not edited\.$/);
  await again.close();
  await page.close();
  assert.deepEqual(problems, []);
});

test('an edit with an error gives no diff and no answer, and marks the editor line', async () => {
  const page = await openModel();
  await page.selectOption('#policy-pick', DEPLOY_TRUST);
  const lines = policyText(example, DEPLOY_TRUST).split('\n');
  const at = lines.findIndex((l) => l.includes('"Effect"'));
  lines[at] = lines[at].replace('"Effect"', '"Efect"');
  await page.fill('#ed-model-policy', lines.join('\n'));
  await waitText(page, '#diff [data-role=answer-head]', /^No diff while the edited model has an error$/);
  await waitText(page, '#answer [data-role=answer-head]', /^No answer while the edited model has an error$/);
  assert.equal(await page.$$eval('#graph .node', (n) => n.length), 0);
  await page.waitForSelector('.editor[data-editor="model-policy"] .marker-error');
  const marked = await page.$$eval('.editor[data-editor="model-policy"] .marker-error', (els) => els.map((e) => e.textContent));
  assert.ok(marked.some((t) => t.startsWith(`line ${at + 1}, column ${lines[at].indexOf('"Efect"') + 1} error [unknown-element]`)), marked.join('\n'));
  await shot(page, '14-model-edit-error');
  await page.close();
  assert.deepEqual(problems, []);
});

test('bad, stale and file-bound links show a notice instead of silently loading defaults', async () => {
  const bad = await openModel('#m=not-base64!!');
  assert.equal(await bad.textContent('#model-notice'), 'This link could not be read: it is not base64url text. Showing the example organization without edits instead.');
  await bad.close();

  const exampleBase = { kind: 'example', name: '', fingerprint: fingerprint(exampleText) };
  const stale = await openModel(await encodeModelLink({ base: exampleBase, edits: new Map([['/accounts/123456789012/roles/0/trustPolicy', '{}']]), question: DEFAULT_QUESTION }));
  await waitText(stale, '#model-notice', /^This link is stale: it edits \/accounts\/123456789012\/roles\/0\/trustPolicy, which the example organization does not have\./);
  assert.match(await stale.textContent('#diff'), /not edited/);
  await stale.close();

  const older = await openModel(await encodeModelLink({ base: { ...exampleBase, fingerprint: '00000000000000' }, edits: new Map([[DEPLOY_TRUST, devInsteadOfCiCd()]]), question: DEFAULT_QUESTION }));
  await waitText(older, '#model-notice', /another version of the example organization/);
  await waitText(older, '#diff [data-role=diff-head]', /newly granted/);
  await older.close();

  // A link made on someone's own model file waits for that file; the right file applies it.
  const file = smallModel();
  const trust = '/accounts/222222222222/roles/0/trustPolicy';
  const link = await encodeModelLink({ base: { kind: 'file', name: 'mine.json', fingerprint: fingerprint(file) }, edits: new Map([[trust, '{"Version": "2012-10-17", "Statement": []}']]), question: { ...DEFAULT_QUESTION, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', mfa: false } });
  const bound = await openModel(link);
  await waitText(bound, '#model-notice', /^This link edits the model file "mine\.json"/);
  await bound.setInputFiles('#model-file', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(smallModel(2)) });
  await waitText(bound, '#model-notice', /other\.json is not the file the link was made for \("mine\.json"\)/);
  await bound.setInputFiles('#model-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await waitText(bound, '#diff [data-role=diff-head]', /^0 newly granted, [1-9]\d* revoked/);
  assert.ok((await texts(bound, '#diff [data-role=diff-revoked] span')).includes('− arn:aws:iam::111111111111:user/uma can no longer sts:AssumeRole on arn:aws:iam::222222222222:role/Reader0 (was directly)'));
  assert.equal(await bound.isVisible('#model-notice'), false);
  await shot(bound, '15-model-file-link');
  await bound.close();
  assert.deepEqual(problems, []);
});

test('a model file opens by picker and by drop, and a broken one is refused with its location', async () => {
  const page = await openModel();
  await page.setInputFiles('#model-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"accounts": {"1": {}}}') });
  await waitText(page, '#model-notice', /^broken\.json is not a model iamsim can load: \[invalid-account-id\] `1` is not a 12-digit account id at line 1:15 \(\/accounts\/1\)/);
  assert.equal(await page.textContent('#model-name'), 'Model: the example organization (embedded)');

  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, smallModel());
  await page.dispatchEvent('#model-mode', 'drop', { dataTransfer });
  await waitText(page, '#model-name', /^Model: dropped\.json$/);
  assert.equal(await page.isVisible('#model-notice'), false);
  await ask(page, { 'q-kind': 'who-can', 'q-action': 's3:GetObject', 'q-resource': 'arn:aws:s3:::b/k', 'q-mfa': false });
  await waitText(page, '#answer [data-role=answer-head]', /^4 identities can s3:GetObject on arn:aws:s3:::b\/k:$/);
  assert.ok((await texts(page, '#answer [data-role=answer-item]')).includes('arn:aws:iam::111111111111:user/uma (user) via role/Reader0'));
  assert.deepEqual(await texts(page, '#answer [data-role=answer-item]'), pkg.whoCan({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, smallModel()).principals.map((p) => `${p.principal} (${p.kind}) ${p.chain.length ? 'via role/Reader0' : 'directly'}`));
  await shot(page, '16-model-dropped-file');
  await page.close();
  assert.deepEqual(problems, []);
});

test('a large answer collapses by account, and an account opens on click', async () => {
  const page = await openModel();
  await page.setInputFiles('#model-file', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(smallModel(20)) });
  await waitText(page, '#model-name', /^Model: big\.json$/);
  await ask(page, { 'q-kind': 'who-can', 'q-action': 's3:GetObject', 'q-resource': 'arn:aws:s3:::b/k', 'q-mfa': false });
  await waitText(page, '#answer [data-role=answer-head]', /^61 identities can s3:GetObject/);
  await waitText(page, '#graph [data-role=collapsed]', /^62 nodes: accounts are collapsed/);
  const accounts = await page.$$eval('#graph .node-account', (n) => n.map((x) => x.getAttribute('data-id')));
  assert.deepEqual(accounts.sort(), ['account:111111111111', 'account:222222222222', 'account:333333333333', 'account:444444444444']);
  await shot(page, '17-model-collapsed');
  await page.click('#graph .node[data-id="account:333333333333"]');
  assert.equal(await page.$$eval('#graph .node', (n) => n.length), 3 + 20 + 1);
  assert.equal(await page.$$eval('#graph .node[data-id="arn:aws:iam::333333333333:role/Reader7"]', (n) => n.length), 1);
  await page.close();
  assert.deepEqual(problems, []);
});

test('scenario mode does not load the AWS managed policies, and the modes switch back and forth', async () => {
  const before = browser.requests.length;
  const page = await openPage(base);
  assert.equal(await page.getAttribute('#mode-scenario', 'aria-selected'), 'true');
  assert.equal(browser.requests.slice(before).some((u) => u.endsWith('aws-managed-policies.txt')), false);
  await page.click('#mode-model');
  await page.waitForSelector('body[data-model-ready="true"]');
  await page.waitForTimeout(300);
  assert.match(page.url(), /#m=/);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.isVisible('#scenario-mode'), true);
  assert.match(page.url(), /#s=/);
  await page.close();
  assert.deepEqual(problems, []);
});
