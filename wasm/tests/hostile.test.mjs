// Hostile input: whatever goes in, the package returns a result or throws an IamsimError; the wasm
// module never traps (a trap would make every later call fail with `engine-unavailable`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { iamsim } from './load.mjs';
import { s3Read, assumeWithMfa } from './fixtures.mjs';

const { decide, validatePolicy, version, IamsimError, MAX_INPUT_CHARS } = iamsim;
const KINDS = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];

/** Calls fn; returns 'ok' or the IamsimError's code; fails on any other throw. */
function outcome(fn) {
  try {
    fn();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof IamsimError, `not an IamsimError: ${e && e.stack}`);
    assert.equal(typeof e.code, 'string');
    assert.equal(typeof e.message, 'string');
    assert.ok(Array.isArray(e.diagnostics));
    assert.notEqual(e.code, 'engine-trap', e.message);
    assert.notEqual(e.code, 'engine-unavailable', e.message);
    return e.code;
  }
}

/** A deterministic mutator (xorshift32): 1 to `most` deletions, insertions or replacements of
 * characters from `alphabet`. */
function mutator(seed, alphabet, most) {
  const rand = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  return (source) => {
    const chars = Array.from(source);
    for (let m = 1 + rand(most); m > 0; m--) {
      const at = rand(chars.length);
      const op = rand(3);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]);
      else chars[at] = alphabet[rand(alphabet.length)];
    }
    return chars.join('');
  };
}

function stillWorks() {
  assert.equal(decide(assumeWithMfa(true)).decision, 'Allowed');
}

test('wrong argument types', () => {
  const values = [undefined, null, 0, 1.5, NaN, true, 10n, Symbol('s'), () => 1, [], [1, 2], new Date(0), new Map()];
  for (const v of values) {
    const d = outcome(() => decide(v));
    assert.notEqual(d, 'ok', `decide(${String(v)}) should fail`);
    outcome(() => validatePolicy(v, 'identity'));
    for (const kind of values) outcome(() => validatePolicy('{}', kind));
    outcome(() => decide(s3Read('a'), v));
    outcome(() => decide(s3Read('a'), { explain: v }));
  }
  assert.equal(outcome(() => decide(s3Read('a'), { explain: 'yes' })), 'wrong-type');
  assert.equal(outcome(() => decide(7)), 'wrong-type');
  assert.equal(outcome(() => validatePolicy('{}', 3)), 'wrong-type');
  stillWorks();
});

test('objects that are not JSON', () => {
  const cyclic = s3Read('a');
  cyclic.self = cyclic;
  assert.equal(outcome(() => decide(cyclic)), 'wrong-type');
  assert.equal(outcome(() => decide({ ...s3Read('a'), big: 1n })), 'wrong-type');
  const hostileToJson = { toJSON() { throw new Error('boom'); } };
  assert.equal(outcome(() => decide(hostileToJson)), 'wrong-type');
  stillWorks();
});

test('wrong JSON types inside a scenario', () => {
  const base = s3Read('a');
  const fields = ['id', 'principal', 'action', 'resource', 'resourceAccount', 'context', 'identityPolicies', 'resourcePolicy', 'permissionBoundary', 'sessionPolicy', 'scps', 'rcps', 'expect', 'why'];
  const values = [null, 0, -1e308, true, '', 'x', [], [[]], [null], {}, { Statement: 1 }, [{ Version: 7 }]];
  for (const f of fields) {
    for (const v of values) outcome(() => decide({ ...base, [f]: v }, { explain: true }));
  }
  stillWorks();
});

test('deep nesting', () => {
  for (const depth of [65, 1000, 100000]) {
    assert.equal(outcome(() => decide('['.repeat(depth) + ']'.repeat(depth))), 'json-too-deep');
    assert.equal(outcome(() => decide('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))), 'json-too-deep');
    const r = validatePolicy('['.repeat(depth), 'identity');
    assert.equal(r.valid, false);
  }
  const condition = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: [[[[[[[[['x']]]]]]]]] } } }] };
  outcome(() => decide({ ...s3Read('a'), identityPolicies: [condition] }));
  stillWorks();
});

test('huge strings', () => {
  assert.equal(outcome(() => decide('x'.repeat(MAX_INPUT_CHARS + 1))), 'input-too-large');
  // Under the character limit but over the engine's 32 MiB byte limit (3 UTF-8 bytes a char).
  assert.equal(outcome(() => decide(`"${'€'.repeat(12 * 1024 * 1024)}"`)), 'input-too-large');
  const longAction = `s3:${'A'.repeat(4 * 1024 * 1024)}`;
  outcome(() => decide({ ...s3Read('a'), action: longAction }, { explain: true }));
  const longResource = `arn:aws:s3:::reports/${'k'.repeat(4 * 1024 * 1024)}`;
  assert.equal(decide({ ...s3Read('a'), resource: longResource }).decision, 'Allowed');
  const manyStatements = { Version: '2012-10-17', Statement: Array.from({ length: 20000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' })) };
  outcome(() => validatePolicy(manyStatements, 'identity'));
  stillWorks();
});

test('odd text: NUL, lone surrogates, BOM, escapes, empty input', () => {
  const texts = ['', ' ', '\u0000', '\uFEFF{}', '"\uD800"', '{"id":"\uDC00"}', '{"\u0000":1}', '"\\u0000"', '"\\uD800"', '1e999999', '-', '{"a":1,}', 'nul', '[1,2', '{"a"}', '\u2028'];
  for (const t of texts) {
    assert.notEqual(outcome(() => decide(t)), 'ok', JSON.stringify(t));
    for (const kind of KINDS) outcome(() => validatePolicy(t, kind));
  }
  const scenario = { ...s3Read('a'), id: 'é\uD800💥\u0000', context: { 'aws:SourceIp': '\uDFFF', 'k\u0000': ['\uD83D'] } };
  outcome(() => decide(scenario, { explain: true }));
  stillWorks();
});

test('random mutations of a valid scenario never escape as anything but IamsimError', () => {
  const mutate = mutator(0x9e3779b9, '{}[]":,\\ 0123456789eE+-.truefalsnul*?$/${}\u00e9\uD83D\uDE00\n\t', 4);
  const sources = [JSON.stringify(assumeWithMfa(true), null, 1), JSON.stringify(s3Read('secret/k'))];
  const outcomes = new Map();
  for (let i = 0; i < 3000; i++) {
    const text = mutate(sources[i % sources.length]);
    const code = outcome(() => decide(text, { explain: i % 2 === 0 }));
    outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    if (i % 10 === 0) outcome(() => validatePolicy(text, KINDS[i % KINDS.length]));
  }
  // The mutations must exercise both paths, or this test proves nothing.
  assert.ok((outcomes.get('ok') ?? 0) > 50, JSON.stringify([...outcomes]));
  assert.ok((outcomes.get('json-syntax') ?? 0) > 50, JSON.stringify([...outcomes]));
  stillWorks();
  assert.equal(typeof version(), 'string');
});

test('model queries and diff: wrong types and random mutations of a model never trap', () => {
  const { paths, whoCan, assume, diff } = iamsim;
  const here = new URL('../../examples/diff/', import.meta.url);
  const model = readFileSync(new URL('before.json', here), 'utf8');
  const values = [undefined, null, 0, true, 10n, Symbol('s'), [], '', '{', '[]', '{"accounts": 7}', { accounts: { x: [] } }];
  for (const v of values) {
    outcome(() => paths(v, model));
    outcome(() => paths({ principal: 'dana' }, v === undefined || v === null ? '' : v));
    outcome(() => whoCan({ action: v, resource: '*' }, model));
    outcome(() => assume({ principal: v, role: 'Deploy' }, model));
    outcome(() => diff(v, model));
    outcome(() => diff(model, model, v));
    outcome(() => diff(model, model, { requests: v }));
    outcome(() => diff(model, model, { requests: [v] }));
  }
  const mutate = mutator(0x2545f491, '{}[]":,\\ 0123456789*/$\u00e9\n', 3);
  const outcomes = new Map();
  for (let i = 0; i < 400; i++) {
    const text = mutate(model);
    const code = outcome(() => diff(model, text));
    outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    if (i % 4 === 0) outcome(() => whoCan({ action: 'ecs:UpdateService', resource: '*' }, text));
  }
  assert.ok((outcomes.get('ok') ?? 0) > 20, JSON.stringify([...outcomes]));
  assert.ok(outcomes.size > 2, JSON.stringify([...outcomes]));
  stillWorks();
});
