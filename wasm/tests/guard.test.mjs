// The trap guard of the wrapper (wasm/js/api.mjs), driven by a fake raw module: the real engine
// never traps, so this is the only way to see what a user would get if it did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApi, IamsimError } from '../js/api.mjs';

const ok = JSON.stringify({ id: null, decision: 'Allowed' });

test('a trap becomes a structured error, and the instance is not used again', () => {
  let calls = 0;
  const raw = {
    decideJson: () => {
      calls += 1;
      if (calls === 2) throw new WebAssembly.RuntimeError('unreachable');
      return ok;
    },
    validateJson: () => JSON.stringify({ valid: true, diagnostics: [] }),
    version: () => '9.9.9',
  };
  const api = makeApi(raw);
  assert.equal(api.decide('{}').decision, 'Allowed');
  assert.throws(() => api.decide('{}'), (e) => e instanceof IamsimError && e.code === 'engine-trap' && e.cause instanceof WebAssembly.RuntimeError);
  assert.throws(() => api.decide('{}'), (e) => e instanceof IamsimError && e.code === 'engine-unavailable');
  assert.throws(() => api.validatePolicy('{}', 'identity'), (e) => e.code === 'engine-unavailable');
  assert.equal(calls, 2, 'a broken instance must not be called');
});

test('other exceptions from the glue are wrapped but do not poison the instance', () => {
  let fail = true;
  const raw = {
    decideJson: () => {
      if (fail) {
        fail = false;
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      }
      return ok;
    },
  };
  const api = makeApi(raw);
  assert.throws(() => api.decide('{}'), (e) => e instanceof IamsimError && e.code === 'engine-trap');
  assert.equal(api.decide('{}').decision, 'Allowed');
});

test('malformed JSON from the module is an internal error', () => {
  const api = makeApi({ decideJson: () => '{', validateJson: () => 'null' });
  assert.throws(() => api.decide('{}'), (e) => e instanceof IamsimError && e.code === 'internal');
  assert.throws(() => api.validatePolicy('{}', 'identity'), (e) => e instanceof IamsimError && e.code === 'internal');
  const noDecision = makeApi({ decideJson: () => '{"id":null}' });
  assert.throws(() => noDecision.decide('{}'), (e) => e instanceof IamsimError && e.code === 'internal');
});

test('calls before the module is ready fail with not-initialized', () => {
  const api = makeApi({ decideJson: () => ok, version: () => '1' }, () => false);
  assert.throws(() => api.decide('{}'), (e) => e.code === 'not-initialized');
  assert.throws(() => api.version(), (e) => e.code === 'not-initialized');
});
