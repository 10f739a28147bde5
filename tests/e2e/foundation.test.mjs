// The foundation: engine code runs in the page as wasm, under a strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch(server.origin);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page shows the version computed by the engine in wasm, with no CSP violation', async () => {
  const { page } = browser;
  await page.goto(server.origin + '/');
  const version = page.getByTestId('engine-version');
  await version.waitFor();
  assert.match(await version.textContent(), /^keyspace-engine \d+\.\d+\.\d+ \(Redis 7\.0\.\d+ compatible\)$/);
  assert.deepEqual(browser.consoleErrors, [], 'no console errors (CSP violations, failed loads)');
  assert.deepEqual(browser.pageErrors, []);
});
