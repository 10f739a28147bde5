// The keyspace survives a reload: writes go to an append-only file in IndexedDB
// (everysec) and are replayed at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });

const command = (page) => page.getByRole('textbox', { name: 'Command' });

const run = async (page, line) => (await runLine(page, line))[0];

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

test('a reload right after a write keeps it: the last second is committed when the page goes', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  const status = page.getByRole('status', { name: 'Persistence' });
  for (let i = 0; i < 5; i++) {
    await status.filter({ hasText: 'Saved in this browser' }).waitFor();
    assert.equal(await run(page, `SET quick:${i} ${i}`), 'OK');
    await page.reload();
    await status.filter({ hasText: 'commands replayed' }).waitFor();
    assert.equal(await run(page, `GET quick:${i}`), `"${i}"`, `write ${i} survived an immediate reload`);
  }
});

const DB = 'keyspace-playground';

// The page's CSP forbids eval, so each helper is one function run in the page, opening
// the app's IndexedDB database itself (the app keeps it open too; plain read/write
// transactions do not need it closed).
const logChunks = (page) => page.evaluate((name) => new Promise((resolve, reject) => {
  const open = indexedDB.open(name);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const store = db.transaction('log').objectStore('log');
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => {
      db.close();
      resolve(keys.result.map((k, i) => [k, Array.from(values.result[i])]));
    };
    values.onerror = () => reject(values.error);
  };
}), DB);

const putChunk = (page, key, text) => page.evaluate(([name, key, text]) => new Promise((resolve, reject) => {
  const open = indexedDB.open(name);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction('log', 'readwrite');
    tx.objectStore('log').put(new TextEncoder().encode(text), key);
    tx.oncomplete = () => { db.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
}), [DB, key, text]);

const keptCorruptLog = (page) => page.evaluate((name) => new Promise((resolve, reject) => {
  const open = indexedDB.open(name);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const get = db.transaction('meta').objectStore('meta').get('corrupt-aof');
    get.onsuccess = () => { db.close(); resolve(new TextDecoder().decode(get.result)); };
    get.onerror = () => reject(get.error);
  };
}), DB);

const nextKey = (key) => String(Number(key) + 1).padStart(12, '0');

/** Waits until everything typed is committed (nothing left waiting in the panel). */
async function committed(page) {
  await page.waitForFunction(() => {
    const figures = document.querySelector('[data-testid=aof-figures]')?.textContent ?? '';
    return figures.includes('last commit') && !figures.includes('waiting');
  });
}

async function fresh(page) {
  await page.goto(app.server.origin + '/');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Erase everything' }).click();
  assert.equal(await run(page, 'DBSIZE'), '(integer) 0');
}

test('appendfsync always: a reply on screen is a stored write, even if the page crashes next', async () => {
  const { context } = app.browser;
  let page = app.browser.page;
  await fresh(page);
  await page.getByRole('combobox', { name: 'appendfsync' }).selectOption('always');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'appendfsync always' }).waitFor();
  assert.equal(await run(page, 'CONFIG GET appendfsync'), '1) "appendfsync"');
  assert.equal(await run(page, 'SET durable yes'), 'OK');
  // The renderer dies at once: no pagehide, no timer, nothing more is written.
  const cdp = await context.newCDPSession(page);
  cdp.send('Page.crash').catch(() => {});
  await page.waitForEvent('crash');
  page = await context.newPage();
  app.browser.page = page;
  await page.goto(app.server.origin + '/');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.equal(await run(page, 'GET durable'), '"yes"');
  // CONFIG SET is not saved (as in Redis without CONFIG REWRITE): back to the default.
  assert.match(await page.getByRole('status', { name: 'Persistence' }).textContent(), /appendfsync everysec/);
});

test('a truncated last command is left out, reported, and the stored log repaired', async () => {
  const { page } = app.browser;
  await fresh(page);
  assert.equal(await run(page, 'SET before-cut 1'), 'OK');
  await committed(page);
  const chunks = await logChunks(page);
  await putChunk(page, nextKey(chunks.at(-1)[0]), '*3\r\n$3\r\nSET\r\n$4\r\nhalf');
  await page.reload();
  const status = page.getByRole('status', { name: 'Persistence' });
  await status.filter({ hasText: 'truncated last command' }).waitFor();
  assert.match(await status.textContent(), /a truncated last command \(21 bytes\) left out/);
  assert.equal(await run(page, 'GET before-cut'), '"1"');
  assert.equal(await run(page, 'SET after-cut 1'), 'OK');
  await committed(page);
  await page.reload();
  await status.filter({ hasText: 'commands replayed' }).waitFor();
  assert.doesNotMatch(await status.textContent(), /truncated/);
  assert.equal(await run(page, 'GET after-cut'), '"1"');
});

test('a corrupt log is refused with nothing deleted, then the learner keeps the good prefix', async () => {
  const { page } = app.browser;
  await fresh(page);
  assert.equal(await run(page, 'SET good 1'), 'OK');
  await committed(page);
  const last = (await logChunks(page)).at(-1)[0];
  await putChunk(page, last + '~', 'GARBAGE\r\n');
  await putChunk(page, nextKey(last), '*3\r\n$3\r\nSET\r\n$4\r\nlate\r\n$1\r\n1\r\n');
  const stored = await logChunks(page);
  await page.reload();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /damaged at byte \d+\. Nothing was deleted/);
  assert.match(await page.getByRole('status', { name: 'Persistence' }).textContent(), /Bad file format reading the append only file/);
  await page.waitForTimeout(1500);
  assert.deepEqual(await logChunks(page), stored, 'the stored log is untouched');
  const keep = page.getByRole('button', { name: /Keep the \d+ good commands/ });
  await keep.click();
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
  assert.equal(await run(page, 'GET good'), '"1"');
  assert.equal(await run(page, 'GET late'), '(nil)');
  const kept = await keptCorruptLog(page);
  assert.match(kept, /GARBAGE/, 'the damaged log is kept aside');
  await page.reload();
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.equal(await run(page, 'GET good'), '"1"');
});

test('the persistence panel: rewrite, download (valid for redis-check-aof), load a file, reset', async () => {
  const { page } = app.browser;
  await fresh(page);
  await run(page, '50 INCR clicks');
  await committed(page);
  const figures = page.getByTestId('aof-figures');
  const entriesBefore = Number((await figures.textContent()).match(/(\d+) commands?\b/)[1]);
  const rewrites = async () => Number((await figures.textContent()).match(/(\d+) rewrites?/)?.[1] ?? 0);
  const rewritesBefore = await rewrites();
  await page.getByRole('button', { name: 'Rewrite now' }).click();
  await page.waitForFunction((n) => {
    const text = document.querySelector('[data-testid=aof-figures]').textContent;
    return Number(text.match(/(\d+) rewrites?/)?.[1] ?? 0) === n + 1;
  }, rewritesBefore);
  const entriesAfter = Number((await figures.textContent()).match(/(\d+) commands?\b/)[1]);
  assert.ok(entriesAfter < entriesBefore, `compacted: ${entriesBefore} -> ${entriesAfter} commands`);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download AOF' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'appendonly.aof');
  const file = await download.path();
  // aof-use-rdb-preamble yes: the rewritten base is an RDB file holding the key once.
  const text = readFileSync(file, 'latin1');
  assert.match(text, /^REDIS0010/);
  assert.match(text, /\x06clicks/);
  assert.match(execFileSync('redis-check-aof', [file], { encoding: 'utf8' }), /is valid/);

  const dir = mkdtempSync(join(tmpdir(), 'keyspace-aof-'));
  const upload = join(dir, 'lesson.aof');
  writeFileSync(upload, '*3\r\n$3\r\nSET\r\n$6\r\nloaded\r\n$3\r\nyes\r\n');
  await page.getByLabel('Load AOF').setInputFiles(upload);
  await page.getByRole('status', { name: 'Persistence action' }).filter({ hasText: 'Loaded lesson.aof: 1 commands replayed.' }).waitFor();
  assert.equal(await run(page, 'GET loaded'), '"yes"');
  assert.equal(await run(page, 'GET clicks'), '(nil)');
  writeFileSync(upload, 'not an AOF');
  await page.getByLabel('Load AOF').setInputFiles(upload);
  await page.getByRole('status', { name: 'Persistence action' }).filter({ hasText: 'was not loaded, nothing changed' }).waitFor();
  assert.equal(await run(page, 'GET loaded'), '"yes"');

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Erase everything' }).click();
  assert.equal(await run(page, 'DBSIZE'), '(integer) 0');
  await page.reload();
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.equal(await run(page, 'DBSIZE'), '(integer) 0');
  assert.deepEqual(app.browser.pageErrors, []);
});
