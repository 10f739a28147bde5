// The foundation: engine code runs in the page as wasm, under a strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';

const app = useApp({ before, after });

test('the page shows the version computed by the engine in wasm, with no CSP violation', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  const version = page.getByTestId('engine-version');
  await version.waitFor();
  assert.match(await version.textContent(), /^keyspace-engine \d+\.\d+\.\d+ \(Redis 7\.0\.\d+ compatible\)$/);
  assert.deepEqual(app.browser.consoleErrors, [], 'no console errors (CSP violations, failed loads)');
  assert.deepEqual(app.browser.pageErrors, []);
});
