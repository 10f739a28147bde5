// For `cargo xtask bench --split-estimate` (xtask/src/split_estimate.rs).
// `profile <instrumented dist> <out dir>`: plays pages with an instrumented copy of the widget
// module and writes, per page, the indices of the functions that ran (hits-<page>.txt).
// `check <split dist> <out dir>`: plays the tutorial page on a split module, then commands it
// never ran, which must load the second module and answer as Redis does.
import { createServer } from 'node:http';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [MODE, DIST, OUT] = process.argv.slice(2);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const TUTORIAL = [
  'SET user:1 alice', 'GET user:1', 'INCR visits', 'INCRBY visits 10', 'EXPIRE user:1 60', 'TTL user:1',
  'EXISTS user:1', 'DEL visits', 'KEYS *', 'LPUSH queue a b c', 'LRANGE queue 0 -1', 'RPOP queue',
  'HSET user:2 name bob age 30', 'HGET user:2 name', 'HGETALL user:2', 'SADD tags redis db', 'SMEMBERS tags',
  'ZADD board 10 alice 20 bob', 'ZRANGE board 0 -1 WITHSCORES', 'ZREVRANGE board 0 0', 'MULTI', 'INCR c',
  'INCR c', 'EXEC', 'TYPE board', 'SCAN 0', 'SET k v EX 100 NX', 'MGET user:1 k', 'PING', 'HELP SET', 'FLUSHDB',
];
const widget = (attributes) => `<keyspace-playground ${attributes}>\nSET greeting "hello"\nGET greeting\n</keyspace-playground>`;
const PAGES = {
  load: { body: widget('id="w1" autorun height="400"'), typed: [] },
  tutorial: { body: widget('id="w1" autorun inspector height="400"'), typed: TUTORIAL },
  lesson: {
    body: widget('id="w1" autorun inspector height="400"') + '<keyspace-playground lesson="first-keys" height="500"></keyspace-playground>',
    typed: TUTORIAL,
  },
};

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = normalize(join(DIST, path));
  if (path.startsWith('/page-')) {
    const page = PAGES[path.slice(6, -5)];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' });
    res.end(page ? `<!doctype html><meta charset="utf-8"><script type="module" src="/embed.js"></script>${page.body}` : '');
    return;
  }
  if (!file.startsWith(DIST) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const RARE = [
  ['XADD s 1-1 f v', '"1-1"'],
  ['XLEN s', '(integer) 1'],
  ['EVAL "return redis.call(\'INCR\', KEYS[1])" 1 n', '(integer) 1'],
  ['GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', '(integer) 2'],
  ['GEODIST g Palermo Catania km', '"166.2742"'],
  ['PFADD h a b c', '(integer) 1'],
  ['PFCOUNT h', '(integer) 3'],
];
async function play(tab, page) {
  const input = tab.locator('#w1').getByRole('textbox', { name: 'Command' });
  await input.waitFor();
  await tab.waitForTimeout(1000);
  for (const line of page.typed) {
    await input.fill(line);
    await input.press('Enter');
    await tab.waitForTimeout(100);
  }
  return input;
}
try {
  if (MODE === 'check') {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${origin}/page-tutorial.html`);
    const input = await play(tab, PAGES.tutorial);
    const before = await tab.evaluate(() => globalThis.__splitLoadedMs);
    const terminal = () => tab.evaluate(() => document.querySelector('#w1').shadowRoot.querySelector('.kp-root').innerText);
    for (const [line, reply] of RARE) {
      await input.fill(line);
      await input.press('Enter');
      await tab.waitForTimeout(200);
      const text = await terminal();
      const answer = text.slice(text.lastIndexOf(line) + line.length).trim().split('\n')[0];
      if (answer !== reply) throw new Error(`${line}: ${JSON.stringify(answer)}, expected ${reply}`);
    }
    const after = await tab.evaluate(() => globalThis.__splitLoadedMs);
    if (errors.length) throw new Error(errors.join('; '));
    if (after === undefined) throw new Error('the second module was never loaded');
    console.log(`split played: the tutorial ${before === undefined ? 'without' : 'WITH'} the second module, then ${RARE.length} commands it never ran, answered as Redis does; the second module loaded in ${after.toFixed(0)} ms (synchronously, from this machine)`);
  } else {
    for (const [name, page] of Object.entries(PAGES)) {
      const tab = await browser.newPage();
      const errors = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`${origin}/page-${name}.html`);
      await play(tab, page);
      await tab.waitForTimeout(2000);
      if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
      const hits = await tab.evaluate(() => [...(globalThis.__cov ?? [])]);
      if (hits.length === 0) throw new Error(`${name}: no function reported itself (is the module instrumented?)`);
      writeFileSync(join(OUT, `hits-${name}.txt`), hits.join('\n'));
      console.log(`${name}: ${hits.length} functions ran`);
      await tab.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
