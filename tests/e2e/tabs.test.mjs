// Two or more tabs of the same playground: one leads (Web Locks) and runs every command,
// the others follow it live (BroadcastChannel); writes from every tab survive, and
// closing the leading tab hands over to another with nothing lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });

const command = (page) => page.getByRole('textbox', { name: 'Command' });
const status = (page) => page.getByRole('status', { name: 'Persistence' });
const keyRow = (page, key) => page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: key });

const run = runLine;

async function open(context) {
  const page = await context.newPage();
  await page.goto(app.server.origin + '/');
  return page;
}

test('tabs follow the leading tab live; writes from all survive it closing and a reload', async () => {
  const { context } = app.browser;
  const a = app.browser.page;
  await a.goto(app.server.origin + '/');
  await status(a).filter({ hasText: 'Saved in this browser' }).waitFor();
  const b = await open(context);
  await status(b).filter({ hasText: 'this tab follows it live' }).waitFor();

  // Typed in the follower, run once by the leader, shown everywhere.
  // Timed inside the pages (one clock for both): Enter pressed in B, the key's row
  // added to A's inspector.
  await b.evaluate(() => addEventListener('keydown', (e) => {
    if (e.key === 'Enter') window.enterAt = performance.timeOrigin + performance.now();
  }, { capture: true }));
  await a.evaluate(() => new MutationObserver((_, observer) => {
    if ([...document.querySelectorAll('[role=row]')].some((r) => r.textContent.includes('fromB'))) {
      window.shownAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true }));
  await command(b).fill('SET fromB 1');
  await command(b).press('Enter');
  await keyRow(a, 'fromB').waitFor();
  const latency = (await a.evaluate(() => window.shownAt)) - (await b.evaluate(() => window.enterAt));
  console.log(`# a write typed in a following tab reached the leading tab's inspector in ${latency.toFixed(1)} ms`);
  assert.deepEqual(await run(a, 'INCR fromA'), ['(integer) 1']);
  await keyRow(b, 'fromA').waitFor();
  assert.deepEqual(await run(b, 'GET fromA'), ['"1"']);
  assert.deepEqual(await run(b, 'INCR fromA'), ['(integer) 2'], 'executed once, on the leader');
  assert.deepEqual(await run(a, 'GET fromA'), ['"2"']);
  // Sessions stay apart: SELECT in one tab does not move the other.
  assert.deepEqual(await run(b, 'SELECT 3'), ['OK']);
  assert.equal(await b.locator('.input-line .prompt').textContent(), '127.0.0.1:6379[3]> ');
  assert.equal(await a.locator('.input-line .prompt').textContent(), '127.0.0.1:6379> ');
  assert.deepEqual(await run(b, 'SELECT 0'), ['OK']);
  assert.deepEqual(await run(a, 'RPUSH both a'), ['(integer) 1']);
  assert.deepEqual(await run(b, 'RPUSH both b'), ['(integer) 2']);

  // The leading tab closes: the follower takes over with everything.
  await a.close();
  await status(b).filter({ hasText: 'took over' }).waitFor();
  assert.deepEqual(await run(b, 'RPUSH both c'), ['(integer) 3']);
  const c = await open(context);
  await status(c).filter({ hasText: 'this tab follows it live' }).waitFor();
  assert.deepEqual(await run(c, 'LRANGE both 0 -1'), ['1) "a"', '2) "b"', '3) "c"']);
  await b.close();
  await status(c).filter({ hasText: 'took over' }).waitFor();
  await c.reload();
  await status(c).filter({ hasText: 'commands replayed' }).waitFor();
  assert.deepEqual(await run(c, 'LRANGE both 0 -1'), ['1) "a"', '2) "b"', '3) "c"']);
  assert.deepEqual(await run(c, 'MGET fromA fromB'), ['1) "2"', '2) "1"']);
  assert.deepEqual(app.browser.pageErrors, []);
});
