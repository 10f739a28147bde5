// A learner's dump.rdb in the browser: a file real redis-server wrote during the test
// (every type) is opened from the persistence panel into a sandbox (banner, report,
// inspector, terminal), then the learner goes back to their own keys, untouched; the
// learner's keyspace downloads as a dump.rdb real Redis boots from; a damaged file is
// refused in Redis's words and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot, cli, startRedis } from './redis.mjs';
import { useApp, runLine, launch } from './harness.mjs';

const app = useApp({ before, after });
const run = async (page, line) => (await runLine(page, line))[0];

/** A dump.rdb redis-server writes now: every type, several databases, TTLs. */
async function redisDump() {
  const dir = mkdtempSync(join(tmpdir(), 'keyspace-rdb-e2e-'));
  const redis = await startRedis(dir);
  try {
    const lines = [
      ['SET', 'greeting', 'hello'],
      ['SET', 'counter', '42'],
      ['SET', 'session:1', 'token', 'EX', '1800'],
      ['RPUSH', 'biglist', ...Array.from({ length: 1500 }, (_, i) => `element-${i}`)],
      ['RPUSH', 'queue', 'a', 'b', 'c'],
      ['HSET', 'user:1', 'name', 'ada', 'lang', 'en'],
      ['SADD', 'primes', '2', '3', '5', '7'],
      ['SADD', 'tags', 'redis', 'rdb', 'wasm'],
      ['ZADD', 'board', '10', 'ada', '20', 'grace'],
      ['ZADD', 'bigz', ...Array.from({ length: 200 }, (_, i) => [String(i), `m${i}`]).flat()],
      ['XADD', 'events', '1-1', 'kind', 'login'],
      ['XADD', 'events', '1-2', 'kind', 'logout'],
      ['XGROUP', 'CREATE', 'events', 'readers', '0'],
      ['PFADD', 'visitors', 'a', 'b', 'c'],
      ['EXPIRE', 'queue', '100000'],
      ['SELECT', '3'],
      ['SET', 'in-db3', 'yes'],
    ];
    // One connection, so SELECT holds for what follows.
    const script = lines.map((l) => l.map((w) => `"${w}"`).join(' ')).join('\n') + '\nSAVE\n';
    const out = execFileSync('redis-cli', ['-p', String(redis.port)], { input: script, encoding: 'utf8' });
    assert.doesNotMatch(out, /ERR/, out);
    assert.match(out, /OK\s*$/, 'SAVE answered OK');
  } finally {
    redis.stop();
  }
  const file = join(dir, 'dump.rdb');
  assert.ok(existsSync(file), 'redis-server wrote dump.rdb');
  return { dir, file, bytes: readFileSync(file) };
}

async function fresh(page) {
  await page.goto(app.server.origin + '/');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Erase everything' }).click();
  assert.equal(await run(page, 'DBSIZE'), '(integer) 0');
}

const rowsOf = (page, table) => page.getByRole('table', { name: table }).locator('tbody tr').allInnerTexts();
const keyRow = (page, key) => page.getByRole('region', { name: 'Keys' }).getByRole('row')
  .filter({ has: page.getByRole('cell').and(page.locator('.key')).getByText(key, { exact: true }) });

test('a dump.rdb redis-server wrote opens in a sandbox; back to my keys, untouched', async () => {
  const { page } = app.browser;
  await fresh(page);
  assert.equal(await run(page, 'SET mine 1'), 'OK');
  assert.equal(await run(page, 'HSET myhash f v'), '(integer) 1');
  const dump = await redisDump();

  await page.getByLabel('Open dump.rdb').setInputFiles(dump.file);
  const banner = page.getByRole('region', { name: 'Exploring a dump file' });
  await banner.waitFor();
  assert.match(await banner.textContent(), /Exploring dump\.rdb — a private copy in this tab; nothing is uploaded or saved/);

  // The report says what is in the file.
  const report = page.getByRole('region', { name: 'Dump file report' });
  await report.waitFor();
  const facts = await report.locator('dl.facts').first().innerText();
  assert.match(facts, /RDB version\s+10/);
  assert.match(facts, /Written by\s+Redis 7\.0\.15/);
  assert.match(facts, /Checksum\s+CRC-64 verified/);
  assert.match(facts, /Keys\s+13\b/);
  assert.match(facts, new RegExp(`Written at\\s+${new Date().toISOString().slice(0, 10)} `));
  assert.deepEqual((await rowsOf(page, 'Keys per database')).map((r) => r.split('\t').slice(0, 3).join(' ').trim()), ['db0 12 2', 'db3 1 0']);
  const types = await rowsOf(page, 'Keys per type');
  assert.match(types[0], /^string\t5\tembstr 4 · int 1/, types[0]);
  assert.ok(types.some((r) => /^set\t2\thashtable 1 · intset 1/.test(r)), types.join('\n'));
  assert.ok(types.some((r) => /^zset\t2\tlistpack 1 · skiplist 1/.test(r)), types.join('\n'));
  assert.ok(types.some((r) => /^stream\t1\tstream 1/.test(r)), types.join('\n'));
  const biggest = await rowsOf(page, 'Biggest keys');
  assert.equal(biggest.length, 10);
  assert.match(biggest[0], /^biglist\tlist\t1,500\t/);
  const ttl = await rowsOf(page, 'Time to live');
  assert.match(ttl[0], /^no TTL\t11/);
  assert.match(ttl[3], /^< 1 hour\t1/);
  assert.match(ttl[5], /^< 1 week\t1/);

  // The inspector shows the file's keys, not mine.
  await keyRow(page, 'biglist').waitFor();
  assert.equal(await keyRow(page, 'mine').count(), 0);
  // A biggest key's button shows it in the inspector.
  await page.getByRole('button', { name: 'Show bigz (db0) in the inspector' }).click();
  await page.getByLabel('Value').locator('h3', { hasText: 'bigz' }).waitFor();
  await shot(page, 'rdb-explore-desktop');

  // Commands run in the sandbox.
  assert.equal(await run(page, 'LLEN biglist'), '(integer) 1500');
  assert.equal(await run(page, 'HGET user:1 name'), '"ada"');
  assert.equal(await run(page, 'SET sandbox-only 1'), 'OK');
  assert.equal(await run(page, 'GET mine'), '(nil)');
  assert.equal(await run(page, 'DBSIZE'), '(integer) 13');
  await keyRow(page, 'sandbox-only').waitFor();

  await page.getByRole('button', { name: 'Back to my keyspace' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal(await report.count(), 0);
  assert.equal(await run(page, 'GET mine'), '"1"');
  assert.equal(await run(page, 'HGET myhash f'), '"v"');
  assert.equal(await run(page, 'EXISTS biglist sandbox-only'), '(integer) 0');
  await keyRow(page, 'mine').waitFor();
  // Nothing of the sandbox was stored: a reload has exactly my keys.
  await page.waitForTimeout(1200);
  await page.reload();
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.equal(await run(page, 'DBSIZE'), '(integer) 2');
  assert.equal(await run(page, 'EXISTS sandbox-only'), '(integer) 0');
  // The sandbox's commands stayed out of the stored history too.
  assert.equal(await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('keyspace-playground');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('meta').objectStore('meta').get('history');
      get.onsuccess = () => { open.result.close(); resolve(String(get.result).includes('SET sandbox-only')); };
      get.onerror = () => reject(get.error);
    };
  })), false);
  assert.deepEqual(app.browser.pageErrors, []);
  rmSync(dump.dir, { recursive: true, force: true });
});

test('Download snapshot gives a dump.rdb that real Redis checks and boots from', async () => {
  // A profile of its own: nothing saved yet (Reset's FLUSHALL would store an empty
  // dump.rdb, which the button then offers), so the download is the keyspace now.
  const browser = await launch(app.server.origin);
  const { page } = browser;
  await page.goto(app.server.origin + '/');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
  for (const line of ['SET s hello', 'RPUSH l a b c', 'HSET h f v', 'SADD st x y', 'ZADD z 1 a', 'XADD x 1-1 f v', 'SET t v EX 1000', 'SELECT 2', 'SET other 2']) {
    assert.doesNotMatch(await run(page, line), /ERR/);
  }
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download snapshot (dump.rdb)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'dump.rdb');
  const dir = mkdtempSync(join(tmpdir(), 'keyspace-rdb-download-'));
  const file = join(dir, 'dump.rdb');
  await download.saveAs(file);
  assert.match(readFileSync(file).subarray(0, 9).toString('latin1'), /^REDIS0010$/);
  assert.match(execFileSync('redis-check-rdb', [file], { encoding: 'utf8' }), /RDB looks OK/);
  const redis = await startRedis(dir);
  try {
    assert.equal(cli(redis.port, 'GET', 's'), 'hello');
    assert.equal(cli(redis.port, 'LRANGE', 'l', '0', '-1'), 'a\nb\nc');
    assert.equal(cli(redis.port, 'HGET', 'h', 'f'), 'v');
    assert.equal(cli(redis.port, 'SCARD', 'st'), '2');
    assert.equal(cli(redis.port, 'XLEN', 'x'), '1');
    const ttl = Number(cli(redis.port, 'TTL', 't'));
    assert.ok(ttl > 900 && ttl <= 1000, `TTL ${ttl}`);
    assert.equal(cli(redis.port, '-n', '2', 'GET', 'other'), '2');
    assert.equal(cli(redis.port, 'DBSIZE'), '7');
  } finally {
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
    await browser.close();
  }
});

test('a damaged dump.rdb is refused in Redis words and changes nothing', async () => {
  const { page } = app.browser;
  await fresh(page);
  assert.equal(await run(page, 'SET mine 1'), 'OK');
  const dump = await redisDump();
  const damaged = join(dump.dir, 'damaged.rdb');
  const crc = Buffer.from(dump.bytes);
  crc[crc.length - 1] ^= 1;
  writeFileSync(damaged, crc);
  await page.getByLabel('Open dump.rdb').setInputFiles(damaged);
  const alert = page.getByRole('alert').filter({ hasText: 'was not opened' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /damaged\.rdb was not opened, nothing changed: RDB CRC error \(at byte \d+\)/);
  assert.equal(await page.getByRole('region', { name: 'Exploring a dump file' }).count(), 0);
  await shot(page, 'rdb-damaged');

  const truncated = join(dump.dir, 'truncated.rdb');
  writeFileSync(truncated, dump.bytes.subarray(0, dump.bytes.length - 100));
  await page.getByLabel('Open dump.rdb').setInputFiles(truncated);
  await page.getByRole('alert').filter({ hasText: 'Unexpected EOF reading RDB file' }).waitFor();

  const aof = join(dump.dir, 'appendonly.aof');
  writeFileSync(aof, '*1\r\n$4\r\nPING\r\n');
  await page.getByLabel('Open dump.rdb').setInputFiles(aof);
  await page.getByRole('alert').filter({ hasText: /appendonly\.aof was not opened, nothing changed: Wrong signature trying to load DB from file \(at byte \d+\) \(an append-only file loads with Load AOF\)/ }).waitFor();
  // Over the limit: refused before reading (a sparse file, nothing is held in memory).
  const huge = join(dump.dir, 'huge.rdb');
  execFileSync('truncate', ['-s', String(257 * 1024 * 1024), huge]);
  await page.getByLabel('Open dump.rdb').setInputFiles(huge);
  await page.getByRole('alert').filter({ hasText: 'huge.rdb was not opened, nothing changed: the file is 257.0 MB, over the 256.0 MB this page opens' }).waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await run(page, 'GET mine'), '"1"');
  assert.equal(await run(page, 'DBSIZE'), '(integer) 1');
  rmSync(dump.dir, { recursive: true, force: true });
});

/** Drops a file made of `bytes` named `name` on the element `selector` matches. */
const dropFile = (page, selector, name, bytes) => page.evaluate(([selector, name, bytes]) => {
  const data = new DataTransfer();
  data.items.add(new File([new Uint8Array(bytes)], name));
  const target = document.querySelector(selector);
  target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
}, [selector, name, Array.from(bytes)]);

test('a dump.rdb dropped on the workspace or the panel is explored; an .aof dropped on the panel still loads', async () => {
  const { page } = app.browser;
  await fresh(page);
  assert.equal(await run(page, 'SET mine 1'), 'OK');
  const dump = await redisDump();
  const banner = page.getByRole('region', { name: 'Exploring a dump file' });
  await dropFile(page, '.panes', 'dropped.rdb', dump.bytes);
  await banner.filter({ hasText: 'Exploring dropped.rdb' }).waitFor();
  assert.equal(await run(page, 'GET greeting'), '"hello"');
  await page.getByRole('button', { name: 'Back to my keyspace' }).click();
  await banner.waitFor({ state: 'detached' });
  await dropFile(page, '.persist-panel', 'panel.rdb', dump.bytes);
  await banner.filter({ hasText: 'Exploring panel.rdb' }).waitFor();
  await page.getByRole('button', { name: 'Back to my keyspace' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal(await run(page, 'GET mine'), '"1"');
  await dropFile(page, '.persist-panel', 'lesson.aof', Buffer.from('*3\r\n$3\r\nSET\r\n$7\r\nfromaof\r\n$1\r\n1\r\n'));
  await page.getByRole('status', { name: 'Persistence action' }).filter({ hasText: 'Loaded lesson.aof: 1 commands replayed.' }).waitFor();
  assert.equal(await run(page, 'GET fromaof'), '"1"');
  // Only the panel took it: the workspace around did not try to explore it too.
  assert.equal(await banner.count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  rmSync(dump.dir, { recursive: true, force: true });
});

test('on a phone: the banner, the report and the way back fit, nothing overflows', async () => {
  const phone = await launch(app.server.origin, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = phone;
    await page.goto(app.server.origin + '/');
    await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
    const dump = await redisDump();
    await page.getByLabel('Open dump.rdb').setInputFiles(dump.file);
    await page.getByRole('region', { name: 'Exploring a dump file' }).waitFor();
    await page.getByRole('region', { name: 'Dump file report' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await shot(page, 'rdb-explore-phone');
    // Keyboard: the way back is reachable and works with Enter.
    const back = page.getByRole('button', { name: 'Back to my keyspace' });
    await back.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Exploring a dump file' }).waitFor({ state: 'detached' });
    assert.deepEqual(phone.pageErrors, []);
    rmSync(dump.dir, { recursive: true, force: true });
  } finally {
    await phone.close();
  }
});
