// Plays pages with an instrumented copy of the widget module (see xtask/src/split_estimate.rs)
// and writes, per page, the indices of the functions that ran: hits-<page>.txt in the
// directory given. Usage: node tests/e2e/bench-split.mjs <instrumented dist> <out dir>.
import { createServer } from 'node:http';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [DIST, OUT] = process.argv.slice(2);
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
try {
  for (const [name, page] of Object.entries(PAGES)) {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${origin}/page-${name}.html`);
    const input = tab.locator('#w1').getByRole('textbox', { name: 'Command' });
    await input.waitFor();
    await tab.waitForTimeout(1000);
    for (const line of page.typed) {
      await input.fill(line);
      await input.press('Enter');
      await tab.waitForTimeout(100);
    }
    await tab.waitForTimeout(2000);
    if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
    const hits = await tab.evaluate(() => [...(globalThis.__cov ?? [])]);
    if (hits.length === 0) throw new Error(`${name}: no function reported itself (is the module instrumented?)`);
    writeFileSync(join(OUT, `hits-${name}.txt`), hits.join('\n'));
    console.log(`${name}: ${hits.length} functions ran`);
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}
