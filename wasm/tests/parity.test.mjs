// Parity: the whole scenario corpus (tests/scenarios) and the example scenarios give identical
// decisions and traces through the wasm build and through the native CLI (`iamsim batch
// --explain`), which is the library's JSON API. Builds the CLI if needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { iamsim, pkgDir } from './load.mjs';

const root = path.resolve(pkgDir, '../..');

function corpusFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out.sort();
}

// The corpus files, then the example lines; `corpus` says how many of the lines are corpus files.
function scenarios() {
  const corpus = corpusFiles(path.join(root, 'tests/scenarios')).map((f) => JSON.stringify(JSON.parse(readFileSync(f, 'utf8'))));
  const examples = readFileSync(path.join(root, 'examples/scenarios.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  return { lines: [...corpus, ...examples], corpus: corpus.length };
}

// The corpus holds 554 scenarios (December 2026); a smaller count means files went missing.
const CORPUS_MIN = 554;

function nativeResults(lines) {
  execFileSync('cargo', ['build', '--release', '--locked', '-q', '-p', 'iamsim-cli'], { cwd: root, stdio: 'inherit' });
  let out;
  try {
    out = execFileSync(path.join(root, 'target/release/iamsim'), ['batch', '--explain'], {
      input: lines.join('\n') + '\n',
      maxBuffer: 1 << 30,
    });
  } catch (e) {
    // Exit 2 with every line answered: some lines are errors, compared like the rest.
    if (e.status !== 2 || !e.stdout) throw e;
    out = e.stdout;
  }
  return out.toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

test('wasm and native agree on every corpus and example scenario, trace included', () => {
  const { lines, corpus } = scenarios();
  assert.ok(corpus >= CORPUS_MIN, `expected at least ${CORPUS_MIN} corpus scenarios, found ${corpus}`);
  const native = nativeResults(lines);
  assert.equal(native.length, lines.length);
  let compared = 0;
  for (let i = 0; i < lines.length; i++) {
    let wasm;
    try {
      wasm = iamsim.decide(lines[i], { explain: true });
    } catch (e) {
      wasm = { id: e.id ?? null, error: { code: e.code } };
    }
    if (native[i].error) {
      // Every corpus scenario is valid (the corpus test decides each); only an example line may
      // be an error on purpose, and then both builds must give the same code.
      assert.ok(i >= corpus, `corpus scenario ${i} is an error natively: ${JSON.stringify(native[i].error)}`);
      assert.equal(wasm.error?.code, native[i].error.code, `example line ${i - corpus + 1}`);
    } else {
      // `iamsim batch` locates warnings at their line of the input (line i + 1); the package
      // decides one scenario, whose text is line 1.
      for (const w of native[i].warnings ?? []) {
        for (const key of ['line', 'endLine']) {
          if (typeof w[key] === 'number') w[key] -= i;
        }
      }
      assert.deepEqual(wasm, native[i], `scenario ${native[i].id}`);
      assert.equal(typeof native[i].decision, 'string', `scenario ${native[i].id}`);
      compared++;
    }
  }
  // Every corpus scenario was compared, decision and trace, not just a share of them.
  assert.ok(compared >= corpus, `only ${compared} of ${corpus} corpus scenarios were compared`);
});
