// Browser end-to-end tests: the page in Debian's Chromium through playwright-core, served from
// 127.0.0.1 on a random port. Screenshots of each step go to test-artifacts/web-demo/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './harness.mjs';
import { PRESET_OUTCOMES, PRESET_QUESTIONS, verdictText } from './expected.mjs';

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

const verdict = (page) => page.getAttribute('#current [data-role=verdict]', 'data-decision');
async function expectVerdict(page, expected) {
  await page.waitForFunction((d) => document.querySelector('#current [data-role=verdict]')?.dataset.decision === d, expected, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await verdict(page), expected);
}
const visibleVerdict = (page) => page.textContent('#current [data-role=verdict]');
const visibleReason = (page) => page.textContent('#current [data-role=reason]');
// The decision as the user reads it (its word and gloss) and the reason sentence under it.
async function expectShown(page, decision, reason) {
  await expectVerdict(page, decision);
  assert.equal(await visibleVerdict(page), verdictText(decision));
  assert.match(await visibleReason(page), reason);
}

test('the page loads the engine and says nothing leaves the browser', async () => {
  const page = await openPage();
  assert.match(await page.textContent('#privacy'), /nothing you type leaves/i);
  assert.match(await page.textContent('#engine-version'), /iamsim engine \d+\.\d+\.\d+/);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  // Every control has an accessible name.
  const unlabeled = await page.$$eval('input, select, textarea', (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id || e.outerHTML));
  assert.deepEqual(unlabeled, []);
  await shot(page, '01-loaded');
  await page.close();
  assert.deepEqual(problems, []);
});

test('MFA preset: toggling MFA flips the decision and the trace highlights the trust statement', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'devops-mfa');
  await expectShown(page, 'Allowed', PRESET_OUTCOMES['devops-mfa'].reason);
  const statements = await page.$$eval('#current [data-role=statement]', (els) => els.map((e) => e.textContent));
  assert.ok(statements.some((s) => s.includes('DevOpsAccountWithMfa')), statements.join(' | '));
  assert.equal(await page.$$eval('.editor[data-editor="resource"] mark.hit-allow', (m) => m.length > 0), true);
  await shot(page, '02-preset-mfa-on');

  await page.click('#ctx-mfa'); // keyboard-operable checkbox; a click is what a user does
  // Cross account, the trust policy must allow the caller; without MFA its condition fails.
  await expectShown(page, 'ImplicitDeny', /^Cross-account access needs the trust policy in 222222222222 to allow the caller, and it does not\.$/);
  assert.equal(await page.textContent('#announce'), 'Decision: ImplicitDeny');
  await shot(page, '03-mfa-off');
  await page.focus('#ctx-mfa');
  await page.keyboard.press('Space');
  await expectShown(page, 'Allowed', PRESET_OUTCOMES['devops-mfa'].reason);
  await page.close();
  assert.deepEqual(problems, []);
});

test('a denial names the failed condition and its expected value, in the page\'s labels', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'devops-mfa');
  await expectVerdict(page, 'Allowed');
  const applied = await page.$$eval('#current [data-role=statement]', (els) => els.map((e) => e.textContent));
  assert.ok(applied.includes('Allow Identity policy 1, statement 1 "AssumeDeployRolesInProd"'), applied.join(' | '));
  assert.ok(applied.some((t) => t.startsWith('Allow Trust policy (of the role), statement 1 "DevOpsAccountWithMfa"')), applied.join(' | '));
  await page.click('#ctx-mfa');
  await expectVerdict(page, 'ImplicitDeny');
  const misses = await page.$$eval('#current [data-role=near-miss]', (els) => els.map((e) => e.firstChild.textContent));
  assert.deepEqual(misses, ['Trust policy (of the role), statement 1 "DevOpsAccountWithMfa" would allow it, but Bool aws:MultiFactorAuthPresent expects "true", the request has "false".']);
  const card = await page.textContent('#current');
  // Without MFA the age is absent by definition: the card does not send the user after it.
  assert.doesNotMatch(card, /MultiFactorAuthAge/);
  assert.doesNotMatch(card, /identityPolicies|resourcePolicy|\/Statement\//);
  assert.match(card, /Trust policy \(of the role\)noMatch/); // the policy-type table, in page words
  // "show" puts the statement's text under the caret in the trust policy's editor.
  await page.click('#current [data-role=near-miss] button');
  const selected = await page.evaluate(() => {
    const t = document.activeElement;
    return { id: t.id, text: t.value.slice(t.selectionStart, t.selectionEnd) };
  });
  assert.equal(selected.id, 'ed-resource');
  assert.match(selected.text, /^\{\s*"Sid": "DevOpsAccountWithMfa"[\s\S]*\}$/);
  await shot(page, '04-near-miss');
  // MFA too old: the age is now what failed, with the limit.
  await page.click('#ctx-mfa');
  await page.fill('#ctx-mfa-age', '7200');
  await expectVerdict(page, 'ImplicitDeny');
  assert.deepEqual(await page.$$eval('#current [data-role=near-miss]', (els) => els.map((e) => e.firstChild.textContent)),
    ['Trust policy (of the role), statement 1 "DevOpsAccountWithMfa" would allow it, but NumericLessThan aws:MultiFactorAuthAge expects "3600", the request has "7200".']);
  await page.close();
  assert.deepEqual(problems, []);
});

test('a JSON error in a policy shows a marker at its line and highlights the line', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'scp-region');
  await expectVerdict(page, 'ExplicitDeny');
  const text = await page.inputValue('#ed-identity-0');
  const lines = text.split('\n');
  const target = lines.findIndex((l) => l.includes('"Effect"'));
  assert.ok(target > 0);
  lines[target] = lines[target].replace('"Effect": "Allow",', '"Effect": "Allow"'); // drop a comma
  await page.fill('#ed-identity-0', lines.join('\n'));
  await expectVerdict(page, 'Error');
  assert.equal(await visibleVerdict(page), 'Cannot decide');
  const marker = await page.waitForSelector('.editor[data-editor="identity-0"] .marker-error');
  const markerLine = Number(await marker.getAttribute('data-line'));
  assert.ok(markerLine === target + 1 || markerLine === target + 2, `marker on line ${markerLine}, edit on line ${target + 1}`);
  assert.match(await marker.textContent(), new RegExp(`line ${markerLine}, column \\d+`));
  const highlighted = await page.$$eval('.editor[data-editor="identity-0"] .backdrop .row', (rows) => rows.map((r, i) => (r.classList.contains('line-error') ? i + 1 : 0)).filter(Boolean));
  assert.deepEqual(highlighted, [markerLine]);
  await shot(page, '04-json-error');

  // The marker's button puts the caret there.
  await marker.$eval('button', (b) => b.click());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ed-identity-0');
  await page.fill('#ed-identity-0', text);
  await expectVerdict(page, 'ExplicitDeny');
  assert.equal(await page.$$eval('.editor[data-editor="identity-0"] .marker-error', (m) => m.length), 0);
  await page.close();
  assert.deepEqual(problems, []);
});

test('a shared link reproduces the state, and what-if pins before/after', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'msp-externalid');
  await expectVerdict(page, 'Allowed');
  await page.click('#pin');
  await page.fill('#ctx-external-id', 'guessed-id');
  await expectVerdict(page, 'ImplicitDeny');
  assert.equal(await page.getAttribute('#pinned [data-role=verdict]', 'data-decision'), 'Allowed');
  assert.match(await page.textContent('#change-list'), /context\.externalId: "Cust-7f3a9c21" → "guessed-id"/);
  await shot(page, '05-what-if');
  await page.waitForTimeout(300); // the address bar is rewritten at most every 250 ms
  const url = page.url();
  assert.match(url, /#s=[A-Za-z0-9_-]+$/);
  await page.close();

  const again = await openPage(url);
  assert.equal(await again.inputValue('#ctx-external-id'), 'guessed-id');
  assert.equal(await again.inputValue('#principal'), 'arn:aws:sts::777777777777:assumed-role/MspAutomation/ticket-4711');
  await expectVerdict(again, 'ImplicitDeny');
  await shot(again, '06-shared-link');
  await again.close();

  // A link that cannot be read says so, then shows the default preset (never silently).
  const broken = await openPage(`${base}#s=not-base64!!`);
  assert.match(await broken.textContent('#load-error'), /^This link's scenario could not be read: it is not base64url text\. Showing the default preset instead\.$/);
  await expectVerdict(broken, 'Allowed');
  const bad = await openPage(`${base}#s=${Buffer.from('{"request": 7').toString('base64url')}`);
  assert.equal(await bad.isVisible('#load-error'), true);
  await expectVerdict(bad, 'Allowed');
  const shape = await openPage(`${base}#s=${Buffer.from('{"request": 7, "context": {}, "policies": {}}').toString('base64url')}`);
  assert.match(await shape.textContent('#load-error'), /something other than a scenario/);
  await expectVerdict(shape, 'Allowed');
  await shot(shape, '06b-bad-link');
  await broken.close();
  await bad.close();
  await shape.close();
  assert.deepEqual(problems, []);
});

test('no verdict while an editor or a field has an error', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'boundary-admin');
  await expectVerdict(page, 'ImplicitDeny');
  // A boundary wrapped in [ ]: the engine might still decide, the editor flags it; no verdict.
  const boundary = await page.inputValue('#ed-boundary');
  await page.fill('#ed-boundary', `[${boundary}]`);
  await expectVerdict(page, 'Error');
  assert.equal(await visibleVerdict(page), 'Cannot decide');
  assert.equal(await page.$$eval('.editor[data-editor="boundary"] .marker-error', (m) => m.length > 0), true);
  assert.equal(await page.textContent('#announce'), 'Cannot decide: the input has errors');
  await shot(page, '08-no-verdict-editor-error');
  await page.fill('#ed-boundary', boundary);
  await expectVerdict(page, 'ImplicitDeny');
  // A field that cannot be read (not key=value) is left out of the request: no verdict either.
  await page.fill('#ctx-extra', 'not a pair');
  await expectVerdict(page, 'Error');
  assert.match(await visibleReason(page), /No decision while the input has errors: 1 field in error\./);
  await page.fill('#ctx-extra', '');
  await expectVerdict(page, 'ImplicitDeny');
  await page.close();
  assert.deepEqual(problems, []);
});

test('the link follows fast edits, and "Copy link" copies the current state', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
  const page = await openPage();
  await page.selectOption('#preset', 'msp-externalid');
  await expectVerdict(page, 'Allowed');
  // Type quickly: each keystroke is an edit; the address bar must end on the last one.
  await page.click('#ctx-external-id', { clickCount: 3 });
  await page.keyboard.type('typed-fast-1234', { delay: 5 });
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('toolbar-status').textContent === 'Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await page.waitForFunction(() => location.hash.length > 3);
  await page.waitForTimeout(300);
  assert.equal(copied, page.url());
  const again = await openPage(copied);
  assert.equal(await again.inputValue('#ctx-external-id'), 'typed-fast-1234');
  await expectVerdict(again, 'ImplicitDeny');
  await again.close();
  await page.close();
  assert.deepEqual(problems, []);
});

test('the server sends the CSP as a header too, with frame-ancestors', async () => {
  const res = await fetch(base);
  const header = res.headers.get('content-security-policy');
  const page = await openPage();
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.equal(header, `${meta}; frame-ancestors 'none'`);
  assert.match(header, /connect-src 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  await page.close();
  assert.deepEqual(problems, []);
});

test('every preset decides, and the page works on a narrow screen', async () => {
  const page = await openPage();
  const names = await page.$$eval('#preset option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(names.sort(), Object.keys(PRESET_OUTCOMES).sort());
  for (const [name, { decision, reason }] of Object.entries(PRESET_OUTCOMES)) {
    await page.selectOption('#preset', name);
    await expectShown(page, decision, reason);
  }
  await page.setViewportSize({ width: 380, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a 380px screen`);
  await shot(page, '07-narrow');
  await page.close();
  assert.deepEqual(problems, []);
});

/** An identity policy of about `bytes` bytes: the MFA preset's statement first, then many
 * statements on other buckets (all valid, none changing the decision). */
function bigPolicy(first, bytes) {
  const doc = JSON.parse(first);
  for (let i = 0; JSON.stringify(doc, null, 2).length < bytes; i++) {
    doc.Statement.push({ Sid: `Bucket${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::team-bucket-${i}/*`], Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 7}` } } });
  }
  return JSON.stringify(doc, null, 2);
}

test('typing stays fast: a keystroke in a 26 KB policy repaints only that editor', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'devops-mfa');
  await expectVerdict(page, 'Allowed');
  const policy = bigPolicy(await page.inputValue('#ed-identity-0'), 26 * 1024);
  await page.fill('#ed-identity-0', policy);
  await expectVerdict(page, 'Allowed');
  const paints = () => page.$$eval('.editor', (els) => Object.fromEntries(els.map((e) => [e.dataset.editor, Number(e.dataset.paints)])));
  const before = await paints();
  // Ten keystrokes inside a Sid (the policy stays valid); each timed from the input event to the
  // next frame, so the decision, the repaint and the layout are all in the figure.
  const times = await page.evaluate(async () => {
    const t = document.querySelector('#ed-identity-0');
    const out = [];
    const at = t.value.indexOf('"Bucket1"') + 7; // digits typed before the 1 keep the Sid valid
    for (let i = 0; i < 10; i++) {
      t.setRangeText(String(i % 10), at, at, 'end');
      const t0 = performance.now();
      t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: String(i % 10) }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push(performance.now() - t0);
    }
    return out;
  });
  await expectVerdict(page, 'Allowed');
  const after = await paints();
  // The typed editor repainted once a keystroke; the others not at all.
  // (once more at most when the policy checks run after the pause)
  assert.ok(after['identity-0'] - before['identity-0'] >= 10 && after['identity-0'] - before['identity-0'] <= 11, `${after['identity-0'] - before['identity-0']} paints`);
  for (const id of Object.keys(before).filter((k) => k !== 'identity-0')) assert.equal(after[id], before[id], `${id} repainted`);
  const median = [...times].sort((a, b) => a - b)[5];
  console.log(`keystroke on a ${policy.length}-byte policy: median ${median.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (decision + repaint + next frame)`);
  assert.ok(median < 400, `median keystroke ${median} ms`); // generous: the 2-core test machine is shared
  await page.close();
  assert.deepEqual(problems, []);
});

test('a 693 KB paste does not freeze the tab: keys echo at once, the decision follows', async () => {
  const page = await openPage();
  await page.selectOption('#preset', 'devops-mfa');
  await expectVerdict(page, 'Allowed');
  const policy = bigPolicy(await page.inputValue('#ed-identity-0'), 693 * 1024);
  const timing = await page.evaluate(async (text) => {
    const t = document.querySelector('#ed-identity-0');
    const t0 = performance.now();
    t.value = text;
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    const handler = performance.now() - t0;
    const pending = document.querySelector('#current').dataset.pending === 'true';
    // A key typed right after the paste echoes in the next frame.
    const k0 = performance.now();
    t.setRangeText(' ', t.value.length, t.value.length, 'end');
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: ' ' }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const key = performance.now() - k0;
    while (document.querySelector('#current').dataset.pending === 'true') await new Promise((r) => setTimeout(r, 20));
    return { handler, key, pending, settled: performance.now() - t0 };
  }, policy);
  console.log(`paste of ${policy.length} bytes: handler ${timing.handler.toFixed(0)} ms, next key ${timing.key.toFixed(0)} ms, decision after ${timing.settled.toFixed(0)} ms`);
  assert.equal(timing.pending, true, 'a large paste is decided after a pause, not in the input handler');
  // Chromium's own layout of a 700 KB textarea is about a second; what the page adds is small.
  assert.ok(timing.handler < 3000, `paste handler ${timing.handler} ms`);
  assert.ok(timing.key < 3000, `key after the paste ${timing.key} ms`);
  assert.ok(timing.settled < 10000, `decision after ${timing.settled} ms`);
  // A verdict or a located refusal (the policy may exceed the engine's statement limit): either way
  // the page answered.
  const decision = await verdict(page);
  assert.ok(['Allowed', 'Error'].includes(decision), decision);
  await page.close();
  assert.deepEqual(problems, []);
});

test('under the preset picker, one line states the question, and follows the fields', async () => {
  const page = await openPage();
  const line = () => page.textContent('#question-line');
  const waitLine = (text) => page.waitForFunction((t) => document.querySelector('#question-line')?.textContent === t, text, { timeout: 5000 }).catch(() => {});
  for (const [name, sentence] of Object.entries(PRESET_QUESTIONS)) {
    await page.selectOption('#preset', name);
    await waitLine(sentence);
    assert.equal(await line(), sentence, name);
  }
  await page.selectOption('#preset', 'devops-mfa');
  // It sits right under the picker, on screen.
  const [picker, stated] = await Promise.all(['#preset', '#question-line'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().toJSON())));
  assert.ok(stated.top >= picker.bottom && stated.top - picker.bottom < 40, `${JSON.stringify(picker)} ${JSON.stringify(stated)}`);
  await page.click('#ctx-mfa');
  await waitLine('Can user dana in account 111111111111 (from 203.0.113.10) assume role ProdDeploy in account 222222222222?');
  assert.equal(await line(), 'Can user dana in account 111111111111 (from 203.0.113.10) assume role ProdDeploy in account 222222222222?');
  await page.fill('#ctx-ip', '');
  await page.fill('#principal', 'arn:aws:sts::111111111111:assumed-role/Ops/kim');
  await page.fill('#action', 's3:GetObject');
  await page.fill('#resource', 'arn:aws:s3:::team-reports/q1.csv');
  await page.fill('#resource-account', '333333333333');
  const expected = 'Can session kim of role Ops in account 111111111111 do s3:GetObject on an object in bucket team-reports in account 333333333333?';
  await waitLine(expected);
  assert.equal(await line(), expected);
  await shot(page, '08-question-line');

  // Model mode states its question the same way, with the accounts' names.
  await page.click('#mode-model');
  await page.waitForSelector('body[data-model-ready="true"]', { timeout: 20000 });
  const qline = () => page.textContent('#q-line');
  assert.equal(await qline(), 'Who can do ecs:UpdateService on service/prod/web in prod (users with MFA)?');
  await page.selectOption('#q-kind', 'assume');
  await page.waitForFunction(() => document.querySelector('#q-line')?.textContent.startsWith('Can '), null, { timeout: 5000 }).catch(() => {});
  assert.equal(await qline(), 'Can alice (with MFA) assume Deploy in prod?');
  await page.click('#q-mfa');
  await page.fill('#q-external-id', 'x-9');
  assert.equal(await qline(), 'Can alice (with ExternalId x-9) assume Deploy in prod?');
  await shot(page, '09-model-question-line');
  await page.close();
  assert.deepEqual(problems, []);
});

test('the central-logging chain and S3 + KMS presets: each step decides as AWS would, and the key policy is the difference', async () => {
  const page = await openPage();
  const groups = await page.$$eval('#preset optgroup', (gs) => gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]));
  assert.deepEqual(groups, [
    ['Central logging role chain (one request per step)', ['logging-chain-assume', 'logging-chain-read', 'logging-chain-skip']],
    ['S3 + KMS cross-account read (one request per step)', ['s3-kms-object', 's3-kms-decrypt', 's3-kms-no-key-grant']],
  ]);
  const titles = () => page.$$eval('.editor label', (ls) => ls.map((l) => l.textContent));
  for (const name of ['logging-chain-assume', 'logging-chain-read', 'logging-chain-skip', 's3-kms-object', 's3-kms-decrypt', 's3-kms-no-key-grant']) {
    await page.selectOption('#preset', name);
    await expectShown(page, PRESET_OUTCOMES[name].decision, PRESET_OUTCOMES[name].reason);
    assert.equal(await page.textContent('#question-line'), PRESET_QUESTIONS[name], name);
    await shot(page, `10-preset-${name}`);
  }
  // The denied decrypt: the key policy editor is named as such, and the card's table says the
  // resource side is what failed.
  assert.ok((await titles()).includes('Key policy (of the KMS key)'), (await titles()).join(' | '));
  const rows = await page.$$eval('#current .trace tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const keyRow = rows.find((r) => r[0] === 'Key policy (of the KMS key)');
  assert.ok(keyRow, JSON.stringify(rows));
  assert.notEqual(keyRow[1], 'allow', JSON.stringify(keyRow));

  // What-if: grant the Analytics role in the key policy, and the decrypt is allowed.
  const key = page.locator('textarea[data-editor="resource"]');
  const doc = JSON.parse(await key.inputValue());
  doc.Statement.push({ Sid: 'AnalyticsDecryptsThroughS3', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Analytics' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } });
  await key.fill(JSON.stringify(doc, null, 2));
  await expectShown(page, 'Allowed', PRESET_OUTCOMES['s3-kms-decrypt'].reason);
  // Through another service than S3, the grant's kms:ViaService condition fails: denied again.
  // (The identity policy's condition fails too; either side is a true reason, the card names the
  // key policy, the side this what-if is about.)
  await page.fill('#ctx-extra', (await page.inputValue('#ctx-extra')).replace('kms:ViaService=s3.eu-west-1.amazonaws.com', 'kms:ViaService=ec2.eu-west-1.amazonaws.com'));
  await expectShown(page, 'ImplicitDeny', PRESET_OUTCOMES['s3-kms-no-key-grant'].reason);
  const misses = await page.$$eval('#current [data-role=near-miss]', (ls) => ls.map((l) => l.textContent));
  assert.ok(misses.some((m) => m.includes('AnalyticsDecryptsThroughS3') && m.includes('kms:ViaService') && m.includes('s3.eu-west-1.amazonaws.com')), misses.join(' | '));
  await shot(page, '11-kms-what-if');
  await page.close();
  assert.deepEqual(problems, []);
});
