// serve.mjs sends the .wasm (and the other text assets) compressed when the client accepts it:
// brotli over gzip, Content-Encoding set, the type still application/wasm (so the browser's
// streaming compilation works), and the bytes, once decoded, the file's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { serve, pickEncoding } from '../serve.mjs';
import { root } from './harness.mjs';

let server;
let base;
before(async () => {
  ({ server, url: base } = await serve(root, 0));
});
after(() => server?.close());

/** GET with the given Accept-Encoding; the raw (undecoded) body. */
function get(pathname, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(new URL(pathname, base), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

const wasm = readFileSync(path.join(root, 'pkg/iamsim_wasm_bg.wasm'));

test('the .wasm is sent brotli-compressed to a browser that accepts br', async () => {
  const r = await get('/pkg/iamsim_wasm_bg.wasm', 'gzip, deflate, br, zstd'); // what Chromium sends
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.equal(r.headers.vary, 'accept-encoding');
  assert.equal(Number(r.headers['content-length']), r.body.length);
  assert.ok(r.body.length < wasm.length / 3, `${r.body.length} bytes for ${wasm.length}`);
  assert.ok(brotliDecompressSync(r.body).equals(wasm));
  console.log(`.wasm: ${wasm.length} bytes raw, ${r.body.length} sent as br`);
});

test('gzip when brotli is not accepted, and the plain file when nothing is', async () => {
  const gz = await get('/pkg/iamsim_wasm_bg.wasm', 'gzip, br;q=0');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gunzipSync(gz.body).equals(wasm));
  const plain = await get('/pkg/iamsim_wasm_bg.wasm');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.body.equals(wasm));
  // The CSP header is on compressed responses too.
  assert.match(gz.headers['content-security-policy'], /frame-ancestors 'none'/);
});

test('Accept-Encoding is read with its q-values', () => {
  assert.equal(pickEncoding('gzip, deflate, br'), 'br');
  assert.equal(pickEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(pickEncoding('*'), 'br');
  assert.equal(pickEncoding('identity'), null);
  assert.equal(pickEncoding(undefined), null);
});
