// SAVE in the browser writes dump.rdb to IndexedDB: the persistence panel shows it, a
// reload (this playground's restart, as redis-server --appendonly yes) replays the AOF and
// keeps the stored dump.rdb unread, LASTSAVE then answers the restart's time as Redis's
// (initServer sets lastsave, rdbLoad does not), and the saved file, downloaded, boots a
// real redis-server with the keyspace as it was at SAVE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, runLine, screenshotPath } from './harness.mjs';

const app = useApp({ before, after });
const run = async (page, line) => (await runLine(page, line))[0];

async function shot(page, name) {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    copyFileSync(screenshotPath(name), join(process.env.SHOTS_DIR, `${name}.png`));
  }
}

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const cli = (port, ...args) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** A redis-server of our own on a free port, booting from `dir`; fails if it does not answer. */
async function startRedis(dir) {
  const port = await freePort();
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
  ], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if (cli(port, 'PING') === 'PONG' && /loading:0/.test(cli(port, 'INFO', 'persistence'))) {
        return { port, stop: () => { try { cli(port, 'SHUTDOWN', 'NOSAVE'); } catch { child.kill('SIGKILL'); } } };
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on ${port}`);
}

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
