// Importing a folder of AWS CLI outputs in the page (model mode): the folder picker with the
// fixture folder the CLI tests import (tests/import), a broken folder refused with the file,
// line:column and JSON path, and a dropped folder walked through directory entries. Answers are
// checked against the Node build of the same package over `importFolder` of the same files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBrowser, root } from './harness.mjs';

const pkg = await import(path.resolve(root, '../wasm/pkg/node/index.mjs'));
// The page installs every AWS managed policy when a model names one it lacks; so does this side.
pkg.installManagedPolicies(readFileSync(pkg.awsManagedPoliciesPath, 'utf8'));
const FIXTURES = path.resolve(root, '../tests/import');
const ARTIFACTS = { action: 's3:GetObject', resource: 'arn:aws:s3:::example-artifacts/x' };

let browser;
let base;
let problems;
let openPage;
let shot;
before(async () => {
  browser = await startBrowser();
  ({ base, problems, openPage, shot } = browser);
});
after(async () => {
  await browser?.close();
});

function readFolder(dir, under = '') {
  const out = [];
  for (const name of readdirSync(path.join(dir, under)).sort()) {
    const rel = under ? `${under}/${name}` : name;
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...readFolder(dir, rel));
    else if (/\.(json|ya?ml)$/.test(name)) out.push({ path: rel, text: readFileSync(path.join(dir, rel), 'utf8') });
  }
  return out;
}
const openModel = () => openPage(`${base}#model`, 'body[data-model-ready="true"]');
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));
async function waitText(page, selector, pattern) {
  await page.waitForFunction(([s, p]) => new RegExp(p).test(document.querySelector(s)?.textContent ?? ''), [selector, pattern.source], { timeout: 15000 })
    .catch(() => {});
  const text = await page.textContent(selector);
  assert.match(text ?? '', pattern);
  return text;
}
async function askWhoCan(page, { action, resource }) {
  await page.selectOption('#q-kind', 'who-can');
  await page.setChecked('#q-mfa', false);
  await page.fill('#q-action', action);
  await page.fill('#q-resource', resource);
}

test('a picked folder of AWS CLI outputs is imported in the tab and answers as the package does', async () => {
  const page = await openModel();
  await page.setInputFiles('#model-folder', FIXTURES);
  await waitText(page, '#model-name', /^Model: import\/ \(imported\)$/);
  const imported = pkg.importFolder(readFolder(FIXTURES));
  assert.equal(await page.isVisible('#model-notice'), false);
  await waitText(page, '#model-status', new RegExp(`^import/: ${imported.files} files imported \\(${imported.skipped.length} left out\\), \\d+ identities`));
  // What was left out is listed, as the CLI prints it (the Terraform KMS key among them).
  const left = await texts(page, '#import-skipped li');
  assert.equal(left.length, imported.skipped.length);
  assert.ok(left.some((t) => t.includes('aws_kms_key.main')), left.join('\n'));
  await askWhoCan(page, ARTIFACTS);
  const expected = pkg.whoCan({ ...ARTIFACTS, mfa: false }, imported.text);
  await waitText(page, '#answer [data-role=answer-head]', new RegExp(`^${expected.principals.length} identities can s3:GetObject`));
  const items = await texts(page, '#answer [data-role=answer-item]');
  assert.deepEqual(items.map((t) => t.split(' ')[0]), expected.principals.map((p) => p.principal));
  assert.ok(items.some((t) => t.startsWith('arn:aws:iam::444455556666:role/CI ')), items.join('\n'));
  // The imported model is editable like any other: its policies are in the picker.
  assert.ok((await page.$$eval('#policy-pick option', (o) => o.length)) > 5);
  await shot(page, '20-folder-imported');
  await page.close();
  assert.deepEqual(problems, []);
});

test('a broken folder is refused with the file, line:column and JSON path; the model stays', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'iamsim-folder-'));
  try {
    const folder = path.join(dir, 'collected');
    mkdirSync(path.join(folder, 'iam'), { recursive: true });
    writeFileSync(path.join(folder, 'iam/broken.json'), '{\n  "UserDetailList": [\n    {"UserName": "a",, }\n  ]\n}\n');
    writeFileSync(path.join(folder, 'notes.txt'), 'not read');
    const page = await openModel();
    await page.setInputFiles('#model-folder', folder);
    await waitText(page, '#model-notice', /^collected\/ cannot be imported: collected\/iam\/broken\.json:3:22: \[json-syntax\] .+ \(at \/\)\..* The previous model stays\.$/);
    assert.equal(await page.textContent('#model-name'), 'Model: the example organization (embedded)');
    // A semantic error: its JSON path in the file.
    writeFileSync(path.join(folder, 'iam/broken.json'), '{\n  "UserDetailList": [\n    {"UserName": 5, "Arn": "arn:aws:iam::999988887777:user/x"}\n  ],\n  "RoleDetailList": [], "GroupDetailList": [], "Policies": []\n}\n');
    await page.setInputFiles('#model-folder', folder);
    await waitText(page, '#model-notice', /^collected\/ cannot be imported: collected\/iam\/broken\.json:3:\d+: \[[a-z-]+\] .+ \(at \/UserDetailList\/0[^)]*\)/);
    await shot(page, '21-folder-broken');
    await page.close();
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dropped folder is walked through its directory entries (in batches) and imported', async () => {
  const page = await openModel();
  await askWhoCan(page, ARTIFACTS);
  const files = readFolder(FIXTURES).filter((f) => f.path.startsWith('iam/') || f.path.startsWith('org/') || f.path.startsWith('resources/'));
  // A drop event cannot carry synthetic directory entries, so the page's own drop handler is given
  // an event whose dataTransfer has entries of the same shape (readEntries returning 7 at a time,
  // in batches as Chromium does, then an empty batch).
  const read = await page.evaluate(async (list) => {
    const tree = { name: 'dropped', isDirectory: true, children: new Map() };
    for (const f of [...list, { path: 'README.md', text: 'x' }].reverse()) {
      const parts = f.path.split('/');
      let at = tree;
      for (const dir of parts.slice(0, -1)) {
        if (!at.children.has(dir)) at.children.set(dir, { name: dir, isDirectory: true, children: new Map() });
        at = at.children.get(dir);
      }
      at.children.set(parts.at(-1), { name: parts.at(-1), isDirectory: false, text: f.text });
    }
    const entry = (node) => (node.isDirectory
      ? { name: node.name, isDirectory: true, createReader() { const all = [...node.children.values()].map(entry); return { readEntries(ok) { ok(all.splice(0, 7)); } }; } }
      : { name: node.name, isDirectory: false, file(ok) { ok(new File([node.text], node.name)); } });
    const { readDropped } = await import('./folder.js');
    const walked = await readDropped(entry(tree));
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [], items: [{ webkitGetAsEntry: () => entry(tree) }] } });
    document.querySelector('#model-mode').dispatchEvent(drop);
    return { name: walked.name, paths: walked.files.map((f) => f.path), left: walked.left };
  }, files);
  assert.equal(read.name, 'dropped');
  assert.deepEqual(read.paths, files.map((f) => f.path).sort()); // every file once, README.md not read
  assert.deepEqual(read.left, []);
  await waitText(page, '#model-name', /^Model: dropped\/ \(imported\)$/);
  const imported = pkg.importFolder(files);
  const expected = pkg.whoCan({ ...ARTIFACTS, mfa: false }, imported.text);
  await waitText(page, '#answer [data-role=answer-head]', new RegExp(`^${expected.principals.length} identities can s3:GetObject`));
  assert.deepEqual((await texts(page, '#answer [data-role=answer-item]')).map((t) => t.split(' ')[0]), expected.principals.map((p) => p.principal));
  await shot(page, '22-folder-dropped');
  await page.close();
  assert.deepEqual(problems, []);
});
