// Figures of model mode, printed (docs/web-demo.md keeps them) and held to generous bounds, so a
// slowdown of several times fails while machine noise does not: a what-if edit on the example
// organization re-answered (diff + question + graph; target 50 ms), and a 1,000-role model loaded
// from a file (target 1 s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './harness.mjs';

const DEPLOY_TRUST = '/accounts/222222222222/roles/0/trustPolicy';
let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

const refreshMs = (page) => page.evaluate(() => Number(document.body.dataset.refreshMs));

test('a what-if edit on the example organization is re-answered (diff + graph) quickly', async () => {
  const page = await browser.openPage(`${browser.base}#model`, 'body[data-model-ready="true"]');
  await page.selectOption('#policy-pick', DEPLOY_TRUST);
  const times = [];
  for (let i = 0; i < 5; i++) {
    // Each edit toggles the second statement's principal, so every round has a diff to compute.
    const before = await page.textContent('#diff');
    await page.evaluate((n) => {
      const t = document.querySelector('#policy-editor textarea');
      const doc = JSON.parse(t.value);
      doc.Statement[0].Sid = `Edited${n}`;
      doc.Statement[1].Principal = { AWS: n % 2 ? 'arn:aws:iam::224444444444:root' : 'arn:aws:iam::333333333333:root' };
      t.value = JSON.stringify(doc, null, 2);
      t.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, i);
    await page.waitForFunction((b) => document.querySelector('#diff').textContent !== b, before, { timeout: 10000 });
    await page.waitForFunction(() => document.body.dataset.refreshMs !== undefined);
    times.push(await refreshMs(page));
  }
  assert.match(await page.textContent('#diff [data-role=diff-head]'), /newly granted/);
  const median = [...times].sort((a, b) => a - b)[2];
  console.log(`what-if edit on the example organization (diff + question + graph): median ${median.toFixed(1)} ms, all ${times.map((t) => t.toFixed(0)).join(', ')} ms (target 50)`);
  assert.ok(median < 1000, `median ${median} ms`);
  await page.close();
  assert.deepEqual(browser.problems, []);
});

test('a 1,000-role model loads quickly', async () => {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };
  const accounts = { 111111111111: { name: 'people', users: [{ name: 'uma', inlinePolicies: { hop: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } }] } };
  for (let a = 0; a < 10; a++) {
    accounts[String(200000000000 + a)] = {
      name: `team${a}`,
      roles: Array.from({ length: 100 }, (_, r) => ({ name: `Role${r}`, trustPolicy: trust, inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${a}-${r}/*` }] } } })),
    };
  }
  const text = JSON.stringify({ accounts }, null, 2);
  const page = await browser.openPage(`${browser.base}#model`, 'body[data-model-ready="true"]');
  await page.setInputFiles('#model-file', { name: 'thousand.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector('#model-name').textContent === 'Model: thousand.json', null, { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.loadMs !== undefined);
  const ms = await page.evaluate(() => Number(document.body.dataset.loadMs));
  assert.match(await page.textContent('#model-status'), /^thousand\.json: 1001 identities/);
  console.log(`1,000-role model (${text.length} bytes) loaded, checked and answered in ${ms.toFixed(0)} ms (target 1000)`);
  assert.ok(ms < 5000, `${ms} ms`);
  await page.close();
  assert.deepEqual(browser.problems, []);
});
