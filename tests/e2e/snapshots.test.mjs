// SAVE in the browser writes dump.rdb to IndexedDB: the persistence panel shows it, a
// reload (this playground's restart, as redis-server --appendonly yes) replays the AOF and
// keeps the stored dump.rdb unread, LASTSAVE then answers the restart's time as Redis's
// (initServer sets lastsave, rdbLoad does not), and the saved file, downloaded, boots a
// real redis-server with the keyspace as it was at SAVE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot, cli, startRedis } from './redis.mjs';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });
const run = async (page, line) => (await runLine(page, line))[0];

/** Seconds since the epoch as the panel prints them: `2026-11-30 14:33:03 UTC`. */
const dateText = (seconds) => new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
const integer = (text) => Number(text.replace('(integer) ', ''));

test('SAVE stores dump.rdb; after a reload the panel shows it, LASTSAVE answers the restart, the AOF is what loaded, and the saved file boots redis-server', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  const status = page.getByRole('status', { name: 'Persistence' });
  await status.filter({ hasText: 'Saved in this browser' }).waitFor();
  const figures = page.getByTestId('rdb-figures');
  await figures.filter({ hasText: 'No dump.rdb stored yet' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Download snapshot (dump.rdb)' }).isVisible(), 'nothing saved: the keyspace now');

  assert.equal(await run(page, 'SET kept "in the snapshot"'), 'OK');
  assert.equal(await run(page, 'RPUSH jobs a b'), '(integer) 2');
  assert.equal(await run(page, 'SAVE'), 'OK');
  const saved = integer(await run(page, 'LASTSAVE'));
  assert.ok(Math.abs(saved - Date.now() / 1000) < 5, `LASTSAVE ${saved} is now`);
  await runLine(page, 'INFO persistence');
  await page.locator('[role=log] .line').filter({ hasText: /^rdb_changes_since_last_save:0\s*$/ }).last().waitFor();
  await figures.filter({ hasText: `saved ${dateText(saved)}` }).waitFor();
  assert.match(await figures.textContent(), /^dump\.rdb stored: \d+ B · saved /);
  assert.equal(await run(page, 'SET after-the-save 1'), 'OK');
  await shot(page, 'snapshots-saved');

  // A second or more later, the restart.
  await page.waitForTimeout(2_200);
  await page.reload();
  await status.filter({ hasText: 'commands replayed' }).waitFor();
  const restarted = integer(await run(page, 'LASTSAVE'));
  assert.ok(restarted > saved, `LASTSAVE after the restart (${restarted}) is the start, not the save (${saved})`);
  assert.ok(Math.abs(restarted - Date.now() / 1000) < 5);
  assert.equal(await run(page, 'GET after-the-save'), '"1"', 'appendonly yes: the AOF was loaded, not dump.rdb');
  await figures.filter({ hasText: `saved ${dateText(saved)} · LASTSAVE ${dateText(restarted)}` }).waitFor();
  await shot(page, 'snapshots-after-reload');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download dump.rdb (saved ${dateText(saved)})` }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'dump.rdb');
  const dir = mkdtempSync(join(tmpdir(), 'keyspace-saved-rdb-'));
  const file = join(dir, 'dump.rdb');
  await download.saveAs(file);
  assert.match(readFileSync(file).subarray(0, 9).toString('latin1'), /^REDIS0010$/);
  assert.match(execFileSync('redis-check-rdb', [file], { encoding: 'utf8' }), /RDB looks OK/);
  const redis = await startRedis(dir);
  try {
    assert.equal(cli(redis.port, 'GET', 'kept'), 'in the snapshot');
    assert.equal(cli(redis.port, 'LRANGE', 'jobs', '0', '-1'), 'a\nb');
    assert.equal(cli(redis.port, 'EXISTS', 'after-the-save'), '0', 'the file is the keyspace at SAVE');
  } finally {
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(app.browser.pageErrors, []);
});
