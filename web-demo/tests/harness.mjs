// The browser harness of the end-to-end tests: the page served from 127.0.0.1 on a random port,
// Debian's Chromium through playwright-core (CHROMIUM_PATH overrides), screenshots under
// test-artifacts/web-demo/. Every console error, page error and request off the test server is
// collected in `problems`, which each test asserts empty. No tests here.
import { mkdirSync, mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..');
const artifacts = path.resolve(root, '../test-artifacts/web-demo');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Starts the server and the browser; `close()` stops both. */
export async function startBrowser() {
  assert.ok(existsSync(path.join(root, 'pkg/index.js')), 'web-demo/pkg is missing: run scripts/build-wasm.sh');
  assert.ok(existsSync(executablePath), `${executablePath} is missing: run scripts/install-toolchain.sh`);
  mkdirSync(artifacts, { recursive: true });
  const { server, url: base } = await serve(root, 0);
  const profile = mkdtempSync(path.join(tmpdir(), 'iamsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  const requests = [];
  // Any request off 127.0.0.1 is a failure: the page promises nothing leaves the browser.
  context.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!url.startsWith(base) && !url.startsWith('data:')) problems.push(`outside request: ${url}`);
  });

  async function openPage(url = base, ready = 'body[data-ready="true"]') {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(url);
    await page.waitForSelector(ready, { timeout: 20000 });
    return page;
  }

  // The whole page by default; `{ fullPage: false }` for what the screen shows (a phone with its
  // fixed decision bar).
  const shot = (page, name, { fullPage = true } = {}) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });

  async function close() {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }

  return { base, context, problems, requests, openPage, shot, close };
}
