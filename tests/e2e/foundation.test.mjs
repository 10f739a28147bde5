// The foundation: engine code runs in the page, IndexedDB survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, screenshotPath } from './harness.mjs';

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

test('the page shows the version computed by the engine in wasm', async () => {
  const { page } = browser;
  await page.goto(server.origin + '/');
  const version = page.getByTestId('engine-version');
  await version.waitFor();
  assert.match(await version.textContent(), /^keyspace-engine \d+\.\d+\.\d+ \(Redis 7\.0\.\d+ compatible\)$/);
});

test('a note written to IndexedDB is read back after a reload', async () => {
  const { page } = browser;
  await page.goto(server.origin + '/');
  const status = page.getByTestId('stored-note');
  await status.filter({ hasNotText: '(loading)' }).waitFor();
  const note = `note-${Date.now()}`;
  await page.getByLabel('IndexedDB note').fill(note);
  await page.getByRole('button', { name: 'Save note' }).click();
  await page.getByText(`Stored note: ${note}`).waitFor({ timeout: 5000 });

  await page.reload();
  await page.getByText(`Stored note: ${note}`).waitFor({ timeout: 5000 });
  assert.equal(await status.textContent(), `Stored note: ${note}`);
  await page.screenshot({ path: screenshotPath('foundation'), fullPage: true });
  assert.deepEqual(browser.foreign, [], 'no request may leave the origin');
  assert.deepEqual(browser.pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors (CSP violations, failed loads)');
});
