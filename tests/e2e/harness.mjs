// Shared e2e harness: a static server of dist/ started by the test itself on a free
// loopback port, and Debian's chromium driven by playwright-core (never a downloaded browser).
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'target', 'e2e');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.ftl': 'text/plain; charset=utf-8',
};

/**
 * Serves dist/ (or another build, `dir`) on 127.0.0.1 at a port the OS picks, so no stale
 * server can answer instead. `pages`: extra HTML pages by path (e.g. '/page.html').
 */
export async function startServer(dir = DIST, pages = {}) {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`no built app at ${dir}: run cargo xtask build first`);
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path in pages) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(pages[path]);
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  // Prove that this very server answers with this very build.
  const served = await (await fetch(`${origin}/`)).text();
  if (served !== readFileSync(join(dir, 'index.html'), 'utf8')) {
    throw new Error(`the server on ${origin} did not serve dist/index.html`);
  }
  return { origin, close: () => new Promise((r) => server.close(r)) };
}

/** Launches chromium with a fresh profile; records every request that leaves `origin`. */
export async function launch(origin, { viewport = { width: 1280, height: 800 }, colorScheme = 'light', locale } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'keyspace-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    colorScheme,
    ...(locale ? { locale } : {}),
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const foreign = [];
  const pageErrors = [];
  const consoleErrors = [];
  const watch = (page) => {
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
  };
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    foreign,
    pageErrors,
    // CSP violations and failed loads are reported here.
    consoleErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name) {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, `${name}.png`);
}

/**
 * Registers before/after hooks that start the app's server and a fresh browser for
 * one test file; the returned object is filled in before the first test runs.
 */
export function useApp(hooks) {
  const app = { server: null, browser: null };
  hooks.before(async () => {
    app.server = await startServer();
    app.browser = await launch(app.server.origin);
  });
  hooks.after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * For benchmark scripts: serves the app, opens it in a fresh browser with the wasm
 * exports ready, runs `body(page)` and closes everything, whatever happens.
 */
export async function withAppPage(body) {
  const server = await startServer();
  const browser = await launch(server.origin);
  try {
    const { page } = browser;
    await page.goto(server.origin + '/');
    await page.getByRole('textbox', { name: 'Command' }).waitFor();
    await page.waitForFunction(() => window.wasmBindings?.bench_long_commands);
    return await body(page);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Types `line` in the focused tab's terminal; resolves to the lines printed after its echo. */
export async function runLine(page, line) {
  const input = page.getByRole('textbox', { name: 'Command' });
  const before = await page.locator('[role=log] .line').count();
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[role=log] .line').length >= n + 2, before);
  const lines = await page.locator('[role=log] .line').allTextContents();
  return lines.slice(before + 1);
}

/** Pastes `text` into the terminal's prompt as a clipboard paste (one event). */
export function pasteInto(input, text) {
  return input.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    const started = performance.now();
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return { started, handled_ms: performance.now() - started };
  }, text);
}

/** A language's interface catalogue (web/i18n/<lang>.ftl): its one-line messages without placeables, by id. */
export function catalogue(lang) {
  const text = readFileSync(join(ROOT, 'web', 'i18n', `${lang}.ftl`), 'utf8');
  const out = {};
  for (const m of text.matchAll(/^([a-z][a-z0-9-]*) = ([^{\n]*)$/gm)) out[m[1]] = m[2].trim();
  return out;
}

/** Types `line` in the terminal of the widget `#id` (a <keyspace-playground>); resolves to the lines printed after its echo. */
export async function typeInWidget(page, id, line) {
  const output = page.locator(`#${id}`).locator('[role=log] .line');
  const input = page.locator(`#${id}`).getByRole('textbox', { name: 'Command' });
  const before = await output.count();
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction(([id, n]) => document.getElementById(id).shadowRoot.querySelectorAll('[role=log] .line').length >= n + 2, [id, before]);
  return (await output.allTextContents()).slice(before + 1);
}
