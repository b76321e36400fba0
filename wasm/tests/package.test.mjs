// The npm tarball: what `npm pack` would ship (one copy of the .wasm, the CommonJS types) and that
// both entry points load that one copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pkgDir, requireFromTests } from './load.mjs';

const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

test('the tarball ships exactly one .wasm, and the types for ESM and CommonJS', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path);
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['web/iamsim_wasm_bg.wasm']);
  assert.ok(files.includes('index.d.ts') && files.includes('index.d.cts'), files.join(' '));
  // The .wasm is most of the tarball: the second copy (849 KB packed) must not come back.
  const wasm = info.files.find((f) => f.path.endsWith('.wasm')).size;
  assert.ok(info.unpackedSize < wasm + 3_600_000, `${info.unpackedSize} bytes unpacked`);
  console.log(`npm pack: ${info.size} bytes packed, ${info.unpackedSize} unpacked, ${files.length} files`);
});

test('the exports map gives CommonJS its .d.cts and ESM its .d.ts, with no shared `types` first', () => {
  const dot = manifest.exports['.'];
  assert.equal(Object.keys(dot)[0], 'browser');
  assert.ok(!('types' in dot), 'a top-level types condition would be taken for require() too');
  assert.deepEqual(dot.node.require, { types: './index.d.cts', default: './node/index.cjs' });
  assert.deepEqual(dot.node.import, { types: './index.d.ts', default: './node/index.mjs' });
  assert.deepEqual(dot.require, { types: './index.d.cts', default: './node/index.cjs' });
  const cts = readFileSync(path.join(pkgDir, 'index.d.cts'), 'utf8');
  const ts = readFileSync(path.join(pkgDir, 'index.d.ts'), 'utf8');
  // CommonJS has no default export (node/index.cjs sets module.exports), everything else is alike.
  assert.ok(ts.includes('export default init;') && !cts.includes('export default'));
  assert.equal(cts, ts.replace('export default init;\n', ''));
  for (const name of Object.keys(requireFromTests('iamsim'))) {
    assert.match(cts, new RegExp(`export (declare )?(function|const|class) ${name}\\b`), `${name} has no type in index.d.cts`);
  }
});

test('the Node build reads the one .wasm, from web/', () => {
  assert.ok(!existsSync(path.join(pkgDir, 'node/iamsim_wasm_bg.wasm')));
  const cjs = requireFromTests('iamsim');
  assert.equal(typeof cjs.version(), 'string');
  assert.equal(cjs.decide({ principal: null, action: 's3:GetObject', resource: '*' }).decision, 'ImplicitDeny');
});
