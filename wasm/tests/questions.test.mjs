// The question corpus (tests/questions/) through the npm package: every question is asked with
// check / whoCan / paths / assume, its answer matched against the expected subset, and compared
// whole with the answer the Rust library wrote to target/questions-answers.json (written by
// `cargo test -p iamsim-tests --test questions`, which scripts/test-all.sh runs first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { iamsim } from './load.mjs';
import { mismatch, answerOf } from './expect.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpusDir = path.join(root, 'tests/questions');
const answersFile = path.join(root, 'target/questions-answers.json');

// The library (and the CLI) embed every AWS managed policy; the package ships them as a separate
// asset. Installed here, so that both answer every question with AWS's exact documents.
const installed = iamsim.installManagedPolicies(readFileSync(iamsim.awsManagedPoliciesPath, 'utf8'));

/** Every entry of every topic file, in the order of the Rust runner. */
function corpus() {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
  const out = [];
  for (const file of files) {
    const topic = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'));
    const model = topic.model === null ? null : readFileSync(path.join(corpusDir, topic.model), 'utf8');
    for (const q of topic.questions) {
      out.push({ id: `${file}/${q.name}`, ask: q.ask, model, question: q.question, expect: q.expect, knownBug: q.knownBug });
    }
  }
  return out;
}

/** The package's output as the JSON API's: `{result}`, or `{error}` from the thrown IamsimError. */
function askPackage(e) {
  const fn = { check: iamsim.check, whoCan: iamsim.whoCan, paths: iamsim.paths, assume: iamsim.assume }[e.ask];
  assert.ok(fn, `${e.id}: unknown ask ${e.ask}`);
  try {
    return { result: fn(e.question, e.model) };
  } catch (err) {
    if (!(err instanceof iamsim.IamsimError) || !err.result) throw err;
    return err.result;
  }
}

test('the matcher rejects what it should', () => {
  const answer = { decision: 'Allowed', context: [{ key: 'a', value: '1', source: 'given' }] };
  assert.equal(mismatch({ decision: 'Allowed' }, answer, ''), null);
  assert.notEqual(mismatch({ decision: 'ImplicitDeny' }, answer, ''), null);
  assert.notEqual(mismatch({ context: [{ key: 'b' }] }, answer, ''), null);
  assert.notEqual(mismatch({ context: { exactly: [] } }, answer, ''), null);
  assert.notEqual(mismatch({ context: { exclude: [{ source: 'given' }] } }, answer, ''), null);
  assert.notEqual(mismatch({ context: { length: 2 } }, answer, ''), null);
  assert.equal(mismatch({ context: { include: [{ key: 'a' }], length: 1 } }, answer, ''), null);
});

test('the package answers every question of the corpus as the library does, and as expected', () => {
  assert.equal(installed.count, 1594);
  assert.equal(iamsim.managedPolicies().full, true);
  assert.ok(existsSync(answersFile), `${answersFile} is missing: run \`cargo test -p iamsim-tests --test questions\` first (scripts/test-all.sh does)`);
  const library = JSON.parse(readFileSync(answersFile, 'utf8'));
  const entries = corpus();
  assert.deepEqual(entries.map((e) => e.id).sort(), Object.keys(library).sort(), 'the library answers are stale: rerun the library runner');
  const failures = [];
  for (const e of entries) {
    const output = askPackage(e);
    try {
      assert.deepStrictEqual(output, library[e.id].output);
    } catch {
      failures.push(`${e.id}: the package answered\n  ${JSON.stringify(output)}\nthe library answered\n  ${JSON.stringify(library[e.id].output)}`);
      continue;
    }
    const m = mismatch(e.expect, answerOf(output), '');
    if (m && !e.knownBug) failures.push(`${e.id}: ${m}`);
    if (!m && e.knownBug) failures.push(`${e.id}: marked knownBug (${e.knownBug}) but answers as expected: remove the mark`);
    if (m && e.knownBug) console.log(`${e.id}: known bug (${e.knownBug}): ${m}`);
  }
  assert.ok(entries.length >= 150, `only ${entries.length} questions`);
  assert.deepEqual(failures, []);
});
