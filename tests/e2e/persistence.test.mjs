// The keyspace survives a reload: writes go to an append-only file in IndexedDB
// (everysec) and are replayed at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';

const app = useApp({ before, after });

const command = (page) => page.getByRole('textbox', { name: 'Command' });

async function run(page, line) {
  const before = await page.locator('[role=log] .line').count();
  await command(page).fill(line);
  await command(page).press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[role=log] .line').length >= n + 2, before);
  const lines = await page.locator('[role=log] .line').allTextContents();
  return lines[before + 1];
}

test('writes, a reload, and everything is back (values, TTLs, other databases)', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  const status = page.getByRole('status', { name: 'Persistence' });
  await status.filter({ hasText: 'Saved in this browser' }).waitFor();
  assert.equal(await run(page, 'SET survivor 1'), 'OK');
  assert.equal(await run(page, 'INCR survivor'), '(integer) 2');
  assert.equal(await run(page, 'SET ttlkey v EX 100'), 'OK');
  assert.equal(await run(page, 'SELECT 4'), 'OK');
  assert.equal(await run(page, 'HSET user:1 name ada'), '(integer) 1');
  assert.equal(await run(page, 'ZINCRBY vote 1 a'), '"1"');
  await page.waitForTimeout(1500); // appendfsync everysec

  await page.reload();
  await status.filter({ hasText: 'commands replayed' }).waitFor();
  assert.match(await status.textContent(), /· 7 commands replayed/);
  assert.equal(await run(page, 'GET survivor'), '"2"');
  const ttl = Number((await run(page, 'TTL ttlkey')).replace('(integer) ', ''));
  assert.ok(ttl > 90 && ttl <= 100, `the absolute expiry time survived: ${ttl}`);
  assert.equal(await run(page, 'SELECT 4'), 'OK');
  assert.equal(await run(page, 'HGET user:1 name'), '"ada"');
  assert.equal(await run(page, 'ZSCORE vote a'), '"1"');
  await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'user:1' }).waitFor();
  assert.deepEqual(app.browser.consoleErrors, []);
});
