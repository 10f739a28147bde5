// A page that never dies: OOM under a small maxmemory, commands too big for the page
// refused by the work limit, a crash screen with an intact
// log after a forced panic, and a 100,000-line paste that shows progress and stops on
// Ctrl+C while the page stays responsive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useApp, runLine, pasteInto } from './harness.mjs';

const app = useApp({ before, after });
const run = async (page, line) => (await runLine(page, line))[0];

async function ready(page) {
  await page.goto(app.server.origin + '/');
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
}

test('maxmemory: 64 MB by default in the browser; past the limit writes get the OOM error', async () => {
  const { page } = app.browser;
  await ready(page);
  assert.deepEqual(await runLine(page, 'CONFIG GET maxmemory'), ['1) "maxmemory"', '2) "67108864"']);
  assert.equal(await run(page, 'SET before-limit 1'), 'OK');
  assert.equal(await run(page, 'CONFIG SET maxmemory 1'), 'OK');
  assert.equal(await run(page, 'SET a b'), "(error) OOM command not allowed when used memory > 'maxmemory'.");
  assert.equal(await run(page, 'GET before-limit'), '"1"', 'reads still work');
  assert.equal(await run(page, 'CONFIG SET maxmemory 64mb'), 'OK');
  assert.equal(await run(page, 'SET a b'), 'OK');
  const used = async () => Number((await runLine(page, 'INFO memory')).find((l) => l.startsWith('used_memory:')).split(':')[1]);
  const before = await used();
  assert.equal(await run(page, 'SETRANGE big 1000000 x'), '(integer) 1000001');
  assert.ok(await used() >= before + 1_000_000, 'the real heap is counted: a 1 MB value shows in used_memory');
  assert.equal(await run(page, 'DEL big'), '(integer) 1');
});

test('the work limit: a command too big for the page is refused with a clear error and changes nothing', async () => {
  const { page } = app.browser;
  await ready(page);
  await run(page, 'SADD small a b c');
  const refused = async (line, what) => {
    const reply = await run(page, line);
    assert.match(reply, new RegExp(`^\\(error\\) ERR command too big for the browser playground: ${what}`), line);
    assert.match(reply, /Narrow it \(SCAN, LIMIT, COUNT\)/);
  };
  await refused('SETRANGE big 100000000 x', 'SETRANGE would go through 100000001 bytes');
  await refused('SRANDMEMBER small -100000000', 'SRANDMEMBER would go through 100000000 elements');
  assert.equal(await run(page, 'EXISTS big'), '(integer) 0', 'nothing was written');
  assert.equal(await run(page, 'SCARD small'), '(integer) 3');
  assert.equal(await run(page, 'DEL small'), '(integer) 1');
});

test('a forced panic shows the crash screen; the stored log is intact and downloadable', async () => {
  const { page } = app.browser;
  await ready(page);
  assert.equal(await run(page, 'SET survives-crash yes'), 'OK');
  await page.waitForFunction(() => {
    const figures = document.querySelector('[data-testid=aof-figures]')?.textContent ?? '';
    return figures.includes('last commit') && !figures.includes('waiting');
  });
  await page.evaluate(() => { try { window.wasmBindings.debug_panic(); } catch { /* the module aborted */ } });
  const screen = page.getByRole('alertdialog', { name: 'The playground stopped' });
  await screen.waitFor();
  assert.match(await screen.textContent(), /debug_panic: a panic forced by a test/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    screen.getByRole('button', { name: 'Download AOF' }).click(),
  ]);
  assert.match(readFileSync(await download.path(), 'latin1'), /survives-crash/);
  await screen.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.equal(await run(page, 'GET survives-crash'), '"yes"');
  app.browser.pageErrors.length = 0; // the forced panic's own error
});

test('a 100,000-line paste shows progress, keeps the page responsive and stops on Ctrl+C', async () => {
  const { page } = app.browser;
  await ready(page);
  await run(page, 'FLUSHALL');
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push([e.startTime, e.duration])))
      .observe({ type: 'longtask' });
  });
  const lines = Array.from({ length: 100_000 }, (_, i) => `SET paste:${i} ${i}`);
  const input = page.getByRole('textbox', { name: 'Command' });
  const started = Date.now();
  const paste = await pasteInto(input, lines.join('\n') + '\n');
  const progress = page.getByRole('status', { name: 'Paste progress' });
  await progress.waitFor();
  await page.waitForFunction(() => {
    const m = document.querySelector('[aria-label="Paste progress"]')?.textContent.match(/: (\d+) of/);
    return m && Number(m[1]) >= 20_000;
  });
  const rate = Number((await progress.textContent()).match(/: (\d+) of/)[1]) / ((Date.now() - started) / 1000);
  await input.press('Control+c');
  await page.getByText(/\(paste stopped: \d+ lines not run\)/).waitFor();
  await input.press('Control+l'); // the scrollback is full: start from an empty screen
  const size = Number((await run(page, 'DBSIZE')).replace('(integer) ', ''));
  assert.ok(size >= 20_000 && size < 100_000, `stopped part-way: ${size} keys`);
  assert.equal(await progress.count(), 0);
  // The task that delivers the paste also parses the test's 2 MB argument (DevTools
  // protocol), so it is timed inside the page; the tasks after it are the slices.
  const after = (await page.evaluate(() => window.longTasks)).filter(([start]) => start > paste.started);
  const longest = Math.max(0, ...after.map(([, duration]) => duration));
  console.log(`# paste: ${Math.round(rate)} lines/s; paste event handled in ${Math.round(paste.handled_ms)} ms; longest main-thread task after it ${Math.round(longest)} ms`);
  await run(page, 'FLUSHALL');
});
