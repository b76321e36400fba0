// Loads the built npm package by its name, as a user would: wasm/tests/node_modules/iamsim is a
// link to wasm/pkg, so resolution goes through the package.json `exports` map.
import { existsSync, mkdirSync, symlinkSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const pkgDir = path.resolve(here, '../pkg');
if (!existsSync(path.join(pkgDir, 'package.json'))) {
  throw new Error(`${pkgDir} is not built; run scripts/build-wasm.sh first`);
}
const link = path.join(here, 'node_modules/iamsim');
let linked = false;
try {
  linked = lstatSync(link).isSymbolicLink();
} catch {
  linked = false;
}
if (!linked) {
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.relative(path.dirname(link), pkgDir), link, 'dir');
}

export const iamsim = await import('iamsim');
export const requireFromTests = createRequire(path.join(here, 'load.mjs'));
