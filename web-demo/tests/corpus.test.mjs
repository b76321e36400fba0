// The question corpus (tests/questions/) in the page, in Chromium. Every question is asked through
// model mode's own code (model-ask.js, which the page's answers go through), and every question the
// question form can state is asked through the form itself, its model opened with the page's file
// picker. Each answer must equal the library's (target/questions-answers.json, written by
// `cargo test -p iamsim-tests --test questions`) and match the expectation with the matcher the
// package's runner uses (wasm/tests/expect.mjs), known bugs included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startBrowser, root } from './harness.mjs';
import { mismatch, answerOf } from '../../wasm/tests/expect.mjs';
import { queryOf, DEFAULT_QUESTION } from '../model-state.js';

const repo = path.resolve(root, '..');
const corpusDir = path.join(repo, 'tests/questions');
// Where the library runner writes it (the workspace's target/, as wasm/tests/questions.test.mjs reads it).
const answersFile = path.join(repo, 'target/questions-answers.json');
// The corpus's `ask` → the page's question kind.
const KIND = { whoCan: 'who-can', paths: 'paths', assume: 'assume', check: 'check' };

/** The corpus by topic file, in the Rust runner's order. */
function topics() {
  return readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const topic = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'));
    return {
      file,
      modelFile: topic.model,
      modelText: topic.model === null ? null : readFileSync(path.join(corpusDir, topic.model), 'utf8'),
      questions: topic.questions.map((q) => ({ id: `${file}/${q.name}`, kind: KIND[q.ask], question: q.question, expect: q.expect, knownBug: q.knownBug })),
    };
  });
}

/**
 * The question form's fields that state `question`, or null when the form cannot state it (a
 * context, a duration, a web identity …): the form's query (queryOf) must be the question itself.
 * The form always sends `mfa`; the API's default for a question without it is false.
 */
function formFor(kind, question) {
  if (!kind || question === null || typeof question !== 'object' || Array.isArray(question)) return null;
  const text = (v) => (typeof v === 'string' ? v : undefined);
  // The context as the form's lines (a list is one line per value); `unknown: ["*"]` is its box.
  const c = question.context;
  const contextLines = c && typeof c === 'object' && !Array.isArray(c)
    ? Object.entries(c).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`)).join('\n')
    : '';
  const form = {
    ...DEFAULT_QUESTION,
    kind,
    principal: text(question.principal) ?? '',
    action: text(question.action ?? question.to?.action) ?? '',
    resource: text(question.resource ?? question.to?.resource) ?? '',
    role: text(question.role) ?? '',
    externalId: text(question.externalId) ?? '',
    mfa: question.mfa === true,
    maxDepth: Number.isInteger(question.maxDepth) && question.maxDepth >= 0 && question.maxDepth < 100 ? String(question.maxDepth) : '',
    context: contextLines,
    conditional: Array.isArray(question.unknown) && question.unknown.length === 1 && question.unknown[0] === '*',
  };
  try {
    assert.deepStrictEqual(queryOf(form), { mfa: false, ...question });
    return form;
  } catch {
    return null;
  }
}

const POSITION = ['line', 'column', 'endLine', 'endColumn'];

/** The text an error's position spans in the question text it was found in. */
function spanOf(text, error) {
  if (error.line !== 1) return `line ${error.line}`;
  const chars = [...text];
  const end = error.endLine === undefined ? error.column : error.endLine === 1 ? error.endColumn : chars.length + 1;
  return chars.slice(error.column - 1, end - 1).join('');
}

/**
 * The page's output as the library's would read for the library's question text. The form builds
 * its query with its own key order, so an error's line:column points into another text: it is
 * kept only if it spans the same text there as the library's does in the corpus question (the
 * package serializes a question object with JSON.stringify, the library reads it compact).
 */
function relocated(output, pageQuery, question, libraryOutput) {
  const mine = output?.error;
  const theirs = libraryOutput?.error;
  if (!mine || !theirs || !POSITION.some((k) => mine[k] !== theirs[k])) return output;
  const [pageSpan, librarySpan] = [spanOf(JSON.stringify(pageQuery), mine), spanOf(JSON.stringify(question), theirs)];
  // A position spanning the whole question (path "") spans the whole of each text.
  const whole = mine.path === '' && pageSpan === JSON.stringify(pageQuery) && librarySpan === JSON.stringify(question);
  if (pageSpan !== librarySpan && !whole) return output;
  const error = { ...mine };
  for (const k of POSITION) if (k in theirs) error[k] = theirs[k];
  return { ...output, error };
}

/** Judges the page's outputs: equal to the library's, and matching `expect` (or failing it for a
 * known bug, exactly as the other runners require). Returns the failures. */
function judge(entries, outputs, library, how) {
  const failures = [];
  entries.forEach((e, i) => {
    const output = e.form ? relocated(outputs[i], queryOf(e.form), e.question, library[e.id].output) : outputs[i];
    try {
      assert.deepStrictEqual(output, library[e.id].output);
    } catch {
      failures.push(`${e.id} (${how}): the page answered\n  ${JSON.stringify(output)}\nthe library answered\n  ${JSON.stringify(library[e.id].output)}`);
      return;
    }
    const m = mismatch(e.expect, answerOf(output), '');
    if (m && !e.knownBug) failures.push(`${e.id} (${how}): ${m}`);
    if (!m && e.knownBug) failures.push(`${e.id} (${how}): marked knownBug (${e.knownBug}) but answers as expected`);
  });
  return failures;
}

let browser;
let base;
let problems;
let openPage;
let shot;
let library;

before(async () => {
  assert.ok(existsSync(answersFile), `${answersFile} is missing: run \`cargo test -p iamsim-tests --test questions\` first (scripts/test-all.sh does)`);
  library = JSON.parse(readFileSync(answersFile, 'utf8'));
  browser = await startBrowser();
  ({ base, problems, openPage, shot } = browser);
});

after(async () => {
  await browser?.close();
});

// Model mode opened on the example organization, with every AWS managed policy installed (the
// example attaches SecurityAudit), as the library and the CLI answer.
const openModel = () => openPage(`${base}#model`, 'body[data-model-ready="true"]');

test('the page answers every question of the corpus as the library does, and as expected', async () => {
  const all = topics();
  const ids = all.flatMap((t) => t.questions.map((q) => q.id));
  assert.deepEqual([...ids].sort(), Object.keys(library).sort(), 'the library answers are stale: rerun the library runner');
  assert.ok(ids.length >= 150, `only ${ids.length} questions`);
  const page = await openModel();
  assert.equal(await page.evaluate(async () => (await import('./pkg/index.js')).managedPolicies().full), true);
  const failures = [];
  for (const t of all) {
    // The model as the page holds it: the example's text from the engine, or the file's text.
    const outputs = await page.evaluate(async ({ modelText, asks }) => {
      const { outputOf } = await import('./model-ask.js');
      const text = modelText ?? (await import('./pkg/index.js')).exampleModel();
      return asks.map(({ kind, question }) => outputOf(kind, question, text));
    }, { modelText: t.modelText, asks: t.questions.map(({ kind, question }) => ({ kind, question })) });
    failures.push(...judge(t.questions, outputs, library, 'model-ask.js'));
  }
  assert.deepEqual(failures, []);
  await page.close();
  assert.deepEqual(problems, []);
});

test('every question the form can state, asked through the form on the model opened by the file picker', async () => {
  const page = await openModel();
  const failures = [];
  let asked = 0;
  const kinds = new Set();
  for (const t of topics()) {
    const entries = t.questions.map((q) => ({ ...q, form: formFor(q.kind, q.question) })).filter((q) => q.form);
    if (!entries.length) continue;
    if (t.modelText === null) {
      if (await page.isVisible('#model-example')) {
        await page.click('#model-example');
        await page.waitForFunction(() => document.querySelector('#model-name')?.textContent.includes('the example organization'));
      }
    } else {
      // The page's own way in: the file picker, read in the tab, checked, loaded.
      await page.evaluate(() => delete document.body.dataset.loadMs);
      await page.setInputFiles('#model-file', { name: path.basename(t.modelFile), mimeType: 'application/json', buffer: Buffer.from(t.modelText) });
      await page.waitForSelector('body[data-load-ms]', { timeout: 20000 });
      assert.equal(await page.textContent('#model-name'), `Model: ${path.basename(t.modelFile)}`);
    }
    // Fill the form as a user does: each changed field fires its own event, and the page answers
    // after each; the last answer is that of the whole question.
    const outputs = await page.evaluate((forms) => forms.map((form) => {
      for (const input of document.querySelectorAll('#model-mode [data-q]')) {
        const want = form[input.dataset.q];
        if (input.type === 'checkbox') {
          if (input.checked === want) continue;
          input.checked = want;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        } else if (input.value !== want) {
          input.value = want;
          input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
        }
      }
      return document.getElementById('answer').iamsimOutput;
    }), entries.map((e) => e.form));
    failures.push(...judge(entries, outputs, library, 'the question form'));
    asked += entries.length;
    for (const e of entries) kinds.add(e.kind);
  }
  assert.deepEqual(failures, []);
  // Most of the corpus is stated through the form, of every kind.
  assert.ok(asked >= 150, `only ${asked} questions through the form`);
  assert.deepEqual([...kinds].sort(), ['assume', 'check', 'paths', 'who-can']);
  await shot(page, '12-corpus-last-question');
  await page.close();
  assert.deepEqual(problems, []);
});
