// The model-level exports added for the page: the embedded example's text, loading a model on its
// own, `diff` on the example, and `importFolder` (`iamsim import` over files in memory) on the
// fixture folder the CLI tests import (tests/import).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { iamsim, pkgDir } from './load.mjs';

const { exampleModel, loadModel, importFolder, diff, whoCan, IamsimError } = iamsim;
const repo = path.resolve(pkgDir, '../..');
const FIXTURES = path.join(repo, 'tests/import');

/** The files of a folder as the CLI reads them: every .json/.yaml/.yml, by relative path. */
function readFolder(dir, under = '') {
  const out = [];
  for (const name of readdirSync(path.join(dir, under)).sort()) {
    const rel = under ? `${under}/${name}` : name;
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...readFolder(dir, rel));
    else if (/\.(json|ya?ml)$/.test(name)) out.push({ path: rel, text: readFileSync(path.join(dir, rel), 'utf8') });
  }
  return out;
}

test('exampleModel is the embedded example organization, byte for byte', () => {
  const text = exampleModel();
  assert.equal(text, readFileSync(path.join(repo, 'core/data/example-org.json'), 'utf8'));
  // And it is what a query without a model answers about.
  const q = { action: 'ecs:UpdateService', resource: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/web', mfa: true };
  assert.deepEqual(whoCan(q, text), whoCan(q));
});

test('loadModel: accounts of a good model, the located first error of a bad one', () => {
  const ok = loadModel(null);
  assert.ok(ok.accounts.some((a) => a.id === '222222222222'), JSON.stringify(ok.accounts));
  assert.ok(Array.isArray(ok.warnings));
  const bad = '{\n  "accounts": {\n    "111111111111": {"users": [{"name": 7}]}\n  }\n}';
  assert.throws(() => loadModel(bad), (e) => e instanceof IamsimError && e.line === 3 && e.path.startsWith('/accounts/111111111111/users/0'));
  assert.throws(() => loadModel('{'), (e) => e.code === 'json-syntax' && e.line === 1);
  assert.throws(() => loadModel(42), (e) => e.code === 'wrong-type');
});

test('diff on the embedded organization: null is the example', () => {
  const example = JSON.parse(exampleModel());
  const edited = structuredClone(example);
  const deploy = edited.accounts['222222222222'].roles.find((r) => r.name === 'Deploy');
  deploy.trustPolicy.Statement = deploy.trustPolicy.Statement.filter((s) => s.Sid !== 'DevOpsWithMfa');
  const report = diff(null, edited, { mfa: true });
  assert.equal(report.granted, 0);
  assert.ok(report.revoked > 0, JSON.stringify(report).slice(0, 400));
  assert.deepEqual(diff(null, edited, { mfa: true }), diff(exampleModel(), edited, { mfa: true }));
  assert.equal(diff(null, null).changed, 0);
});

test('importFolder imports the CLI fixture folder into a model the questions load', () => {
  const files = readFolder(FIXTURES);
  assert.ok(files.length > 30, `${files.length} fixture files`);
  const out = importFolder(files);
  assert.equal(out.files, files.length);
  for (const id of ['111122223333', '444455556666']) assert.ok(id in out.model.accounts, Object.keys(out.model.accounts).join());
  assert.deepEqual(JSON.parse(out.text), out.model);
  // What the CLI test checks on the same folder: the Terraform KMS key is reported, not modelled.
  assert.ok(out.skipped.some((s) => s.what.includes('aws_kms_key.main')), JSON.stringify(out.skipped.map((s) => s.what)));
  // The file outside the layout is reported as the CLI reports it.
  assert.ok(out.skipped.some((s) => s.location.startsWith('pr-review/')), JSON.stringify(out.skipped.map((s) => s.location)));
  assert.ok(loadModel(out.text).accounts.length >= 2);
  assert.equal(typeof whoCan({ action: 'sts:AssumeRole', resource: '*' }, out.text).principals.length, 'number');
  // The order the browser lists files in does not matter.
  assert.equal(importFolder([...files].reverse()).text, out.text);
  assert.equal(importFolder(Object.fromEntries(files.map((f) => [f.path, f.text]))).text, out.text);
});

test('importFolder equals `iamsim import` when the CLI is built', (t) => {
  const cli = process.env.IAMSIM_CLI || path.join(process.env.CARGO_TARGET_DIR || path.join(repo, 'target'), 'debug/iamsim');
  if (!existsSync(cli)) return t.skip(`no CLI at ${cli} (set IAMSIM_CLI)`);
  const printed = execFileSync(cli, ['import', FIXTURES], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.equal(importFolder(readFolder(FIXTURES)).text, printed.trimEnd());
});

test('importFolder: errors name the file, line:column and JSON path', () => {
  const broken = '{\n  "UserDetailList": [\n    {"UserName": "a",, }\n  ]\n}\n';
  const good = readFolder(FIXTURES).filter((f) => f.path.startsWith('iam/'));
  assert.throws(() => importFolder([...good, { path: 'iam/broken.json', text: broken }]), (e) => {
    assert.ok(e instanceof IamsimError);
    assert.equal(e.file, 'iam/broken.json');
    assert.equal(e.code, 'json-syntax');
    assert.equal(e.line, 3);
    assert.equal(e.column, 22);
    return true;
  });
  // A semantic error: located at its JSON path in the file it was read from.
  const wrongType = '{\n  "UserDetailList": [\n    {"UserName": 5, "Arn": "arn:aws:iam::999988887777:user/x"}\n  ],\n  "RoleDetailList": [], "GroupDetailList": [], "Policies": []\n}\n';
  assert.throws(() => importFolder({ 'iam/999988887777.json': wrongType }), (e) => {
    assert.equal(e.file, 'iam/999988887777.json');
    assert.ok(e.path.startsWith('/UserDetailList/0'), e.path);
    assert.equal(e.line, 3);
    assert.ok(e.diagnostics.every((d) => d.file === 'iam/999988887777.json'), JSON.stringify(e.diagnostics));
    return true;
  });
  assert.throws(() => importFolder([{ path: 'iam/x.json' }]), (e) => e.code === 'wrong-type' && e.path === '/files/0');
  assert.throws(() => importFolder('iam/x.json'), (e) => e.code === 'wrong-type');
});
