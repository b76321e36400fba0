// A tiny static server for the page: `node web-demo/serve.mjs [port]` (default 8080; 0 = any).
// Binds 127.0.0.1 only. Also imported by the browser tests (`serve(root, port)`).
import { createServer } from 'node:http';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import { promisify } from 'node:util';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

/** The page's Content-Security-Policy, the same as its meta tag plus what only a header can say:
 * `frame-ancestors 'none'` (no other site may frame the page; browsers ignore it in a meta tag). */
export async function cspOf(htmlFile) {
  const html = await readFile(htmlFile, 'utf8');
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  if (!m) throw new Error(`${htmlFile} has no Content-Security-Policy meta tag`);
  return `${m[1]}; frame-ancestors 'none'`;
}

// Sent compressed when the browser accepts it: the .wasm is 2.3 MB raw, about 0.5 MB in brotli.
// (Still `application/wasm` with a Content-Encoding, so streaming compilation keeps working.)
const COMPRESSED = new Set(['.wasm', '.js', '.txt', '.css', '.html', '.json']);
const ENCODERS = {
  br: (body) => promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

/** The encoding to send: brotli over gzip, per the Accept-Encoding header (q=0 refuses one). */
export function pickEncoding(accept) {
  const offered = new Map();
  for (const part of String(accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    offered.set(name, q ? Number(q[1]) : 1);
  }
  return ['br', 'gzip'].find((e) => (offered.get(e) ?? offered.get('*') ?? 0) > 0) ?? null;
}

export async function serve(root, port = 0) {
  const cache = new Map(); // `${encoding} ${file} ${mtime}` → compressed body
  const base = path.resolve(root);
  // Read from index.html so that the header and the meta tag cannot drift apart.
  const csp = await cspOf(path.join(base, 'index.html'));
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let file = path.resolve(base, `.${decodeURIComponent(url.pathname)}`);
      if (file !== base && !file.startsWith(base + path.sep)) throw Object.assign(new Error('outside'), { status: 403 });
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      let body = await readFile(file);
      const headers = {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
        'content-security-policy': csp, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer',
      };
      const encoding = COMPRESSED.has(path.extname(file)) ? pickEncoding(req.headers['accept-encoding']) : null;
      if (encoding) {
        const key = `${encoding} ${file} ${(await stat(file)).mtimeMs}`;
        if (!cache.has(key)) cache.set(key, await ENCODERS[encoding](body));
        body = cache.get(key);
        headers['content-encoding'] = encoding;
      }
      headers.vary = 'accept-encoding';
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch (e) {
      res.writeHead(e.status ?? 404, { 'content-type': 'text/plain', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' });
      res.end(e.status === 403 ? 'forbidden' : 'not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { url } = await serve(here, Number(process.argv[2] ?? 8080));
  console.log(`serving ${here} at ${url}`);
}
