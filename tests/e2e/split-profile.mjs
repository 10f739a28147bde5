// The widget split's profile (xtask/src/split.rs, step 1; run by `cargo xtask build`):
// `node split-profile.mjs <dist with an instrumented widget module> <hits file> <commands file>`
// plays the profile pages in headless Chromium and writes the indices of the functions that
// ran (the instrumented functions call `cov.hit(index)`), one per line, and the names of
// the commands the pages ran (embed.js fetches the second module before mounting a widget
// whose commands include another). Those are the first
// module's; everything else is loaded on first use. So the pages are what a page
// embedding a widget, and a reader typing into it, usually run; lesson and persisted
// widgets are not among them (embed.js fetches the second module before it mounts one).
import { writeFileSync } from 'node:fs';
import { startServer, launch } from './harness.mjs';

const [DIST, OUT, COMMANDS] = process.argv.slice(2);
const ran = new Set();
const name = (line) => line.trim().split(/\s+/)[0].toUpperCase();
// A first Redis tutorial's commands (strings, expiry, lists, hashes, sets, sorted sets,
// transactions, SCAN, HELP), typed into a widget with the inspector.
export const TUTORIAL = [
  'SET user:1 alice', 'GET user:1', 'INCR visits', 'INCRBY visits 10', 'EXPIRE user:1 60', 'TTL user:1',
  'EXISTS user:1', 'DEL visits', 'KEYS *', 'LPUSH queue a b c', 'LRANGE queue 0 -1', 'RPOP queue',
  'HSET user:2 name bob age 30', 'HGET user:2 name', 'HGETALL user:2', 'SADD tags redis db', 'SMEMBERS tags',
  'ZADD board 10 alice 20 bob', 'ZRANGE board 0 -1 WITHSCORES', 'ZREVRANGE board 0 0', 'MULTI', 'INCR c',
  'INCR c', 'EXEC', 'TYPE board', 'SCAN 0', 'SET k v EX 100 NX', 'MGET user:1 k', 'PING', 'HELP SET', 'FLUSHDB',
];
// What a learner also meets: the usual mistakes (Redis's errors), keys expiring while
// watched (lazily on access and by the active expiry), and collections grown past their
// small encodings (the skip list's taller nodes are random: 200 members reach them).
const many = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
export const MORE = [
  'INCR greeting', 'LPUSH greeting x', 'FOO bar', 'GET', 'SET a', 'EXPIRE nokey 10', 'ZADD board x y',
  'SET soon v PX 300', 'SET later v PX 600', 'PTTL soon',
  `ZADD big ${many(200, (i) => `${i} m${i}`)}`, 'ZINCRBY big 1000 m7', 'ZRANGE big 0 9 WITHSCORES', 'ZSCORE big m7',
  `SADD bigset ${many(200, (i) => `${i}`)}`, `SADD bigset ${many(200, (i) => `s${i}`)}`, 'SCARD bigset',
  `RPUSH biglist ${many(600, (i) => `${i}`)}`, 'LLEN biglist', 'LINDEX biglist 300',
  `HSET bighash ${many(200, (i) => `f${i} v${i}`)}`, 'HLEN bighash', 'DEL big bigset biglist bighash',
  'GET soon',
];
const widget = (attributes) =>
  `<!doctype html><meta charset="utf-8"><script type="module" src="/embed.js"></script>
  <keyspace-playground ${attributes}>\nSET greeting "hello"\nGET greeting\n</keyspace-playground>`;
const PAGES = {
  // Beside it, a widget in another language (the tutorials this project serves are in
  // Chinese, Korean and Russian): its catalogue is fetched and parsed at mount.
  '/profile-load.html': {
    html: widget('id="w1" autorun height="400"') + '<keyspace-playground id="w2" lang="zh-TW" autorun height="300">PING</keyspace-playground>',
    typed: [],
  },
  '/profile-tutorial.html': { html: widget('id="w1" autorun inspector height="400"'), typed: TUTORIAL },
  // The demo page the README points authors to, scrolled through: a counter, a vote with
  // the inspector (its persisted console is taken out first, see above).
  '/embed.html': { typed: [] },
};
const extra = Object.entries(PAGES).filter(([, p]) => p.html).map(([path, p]) => [path, p.html]);

const server = await startServer(DIST, Object.fromEntries(extra));
const browser = await launch(server.origin);
const all = new Set();
async function hits(tab, path) {
  const ran = await tab.evaluate(() => [...(globalThis.__cov ?? [])]);
  if (ran.length === 0) throw new Error(`${path}: no function reported itself (is the module instrumented?)`);
  ran.forEach((h) => all.add(h));
}
async function typeAll(tab, input, lines) {
  for (const line of lines) {
    await input.fill(line);
    await input.press('Enter');
    await tab.waitForTimeout(100);
  }
}
/** The demo page: its widgets scrolled into view one by one, persisted and lesson ones taken out first. */
async function scrollThrough(tab) {
  await tab.evaluate(() => document.querySelectorAll('keyspace-playground[persist], keyspace-playground[lesson]').forEach((e) => e.remove()));
  for (const element of await tab.locator('keyspace-playground').all()) {
    await element.scrollIntoViewIfNeeded();
    await element.getByRole('textbox', { name: 'Command' }).waitFor();
    await tab.waitForTimeout(500);
  }
  await tab.waitForTimeout(1000);
}
async function play(tab, path, page) {
  const input = tab.locator('#w1').getByRole('textbox', { name: 'Command' });
  await input.waitFor();
  await tab.waitForTimeout(1000);
  await typeAll(tab, input, page.typed);
  // A reader's first touch: a click into the terminal, then into its output.
  await input.click();
  await tab.locator('#w1').locator('[role=log]').click();
  await input.click();
  if (page.typed.length) {
    await typeAll(tab, input, MORE);
    await tab.waitForTimeout(1000); // `later` expires unread: the active expiry removes it
    // As a reader types: key by key (the hint follows), Tab completion, the history.
    await input.pressSequentially('SET user:3 ca', { delay: 20 });
    await input.press('Enter');
    await input.pressSequentially('hge', { delay: 20 });
    await input.press('Tab');
    await input.pressSequentially(' user:2 name', { delay: 20 });
    await input.press('Enter');
    await input.press('ArrowUp');
    await input.press('ArrowUp');
    await input.press('ArrowDown');
    await input.press('Enter');
    // A returning reader: the page again, its history read back.
    await tab.waitForTimeout(1000);
    await hits(tab, path);
    await tab.reload();
    await input.waitFor();
    await tab.waitForTimeout(1000);
    await input.press('ArrowUp');
    await input.press('Enter');
  }
  await tab.waitForTimeout(2000);
}
try {
  for (const [path, page] of Object.entries(PAGES)) {
    const tab = await browser.context.newPage();
    await tab.goto(server.origin + path);
    const preloaded = await tab.evaluate(() => [...document.querySelectorAll('keyspace-playground:not([persist]):not([lesson])')]
      .flatMap((e) => e.textContent.split('\n')).filter((l) => l.trim()));
    preloaded.concat(page.typed, page.typed.length ? MORE : []).forEach((line) => ran.add(name(line)));
    await (page.html ? play(tab, path, page) : scrollThrough(tab));
    await hits(tab, path);
    console.log(`after ${path}: ${all.size} functions ran`);
    await tab.close();
  }
  if (browser.pageErrors.length) throw new Error(browser.pageErrors.join('; '));
  writeFileSync(OUT, [...all].join('\n'));
  writeFileSync(COMMANDS, [...ran].sort().join(' '));
} finally {
  await browser.close();
  await server.close();
}
