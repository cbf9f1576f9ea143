// Shared by the browser tests and the benchmark: serves dist/ on a free loopback port and starts
// Debian's headless Chromium through playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'dist');
export const artifacts = path.join(root, 'target', 'e2e-artifacts');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Serves dist/ (and extra in-memory files) on 127.0.0.1; resolves to { url, close }. */
export function serve(extra = {}) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/ has no build: run `trunk build --release` first (scripts/test does)');
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (extra[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(extra[url.pathname]);
      return;
    }
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Launches headless Chromium with the flags this closed network needs. */
export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const tmp = path.join(root, 'target', 'chromium-tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    env: { ...process.env, TMPDIR: tmp },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens the app in a new context (its own storage) and waits until it has rendered. */
export async function openApp(browser, url, { lang = 'en-US', context } = {}) {
  const ctx = context || await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('[data-testid=canvas]');
  // The library is read and a document is open.
  await page.waitForSelector('[data-testid=save-status]:not([data-state=opening])');
  return { ctx, page, errors };
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}
