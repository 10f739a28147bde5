// The clock control in real Chromium: pausing time stops a countdown in the inspector
// and in TTL's replies, ×10 runs it ten times faster, +1 min lets a key's time pass so
// active expiry removes it, and the clock's state survives a reload; the same control
// works in a lesson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });

async function ready(page, url) {
  await page.goto(app.server.origin + url);
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
}

/** Seconds left as the inspector's TTL cell shows them ("1m 40s", "42s", "9.876s"). */
async function ttlCell(page, key) {
  const row = page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: key });
  const text = await row.getByRole('cell').nth(2).textContent();
  const m = text.match(/^(?:(\d+)m )?([\d.]+)s$/);
  assert.ok(m, `a TTL cell: ${text}`);
  return (m[1] ? +m[1] * 60 : 0) + parseFloat(m[2]);
}

test('pause, ten times faster and +1 min move the time the keyspace sees', async () => {
  const { page } = app.browser;
  await ready(page, '/');
  const clock = page.getByRole('group', { name: 'Clock' });
  const state = clock.getByRole('status', { name: 'Clock state' });
  assert.equal(await state.textContent(), 'Clock: real time');
  await runLine(page, 'SET report ready EX 100');
  await runLine(page, 'SET flash gone-soon EX 30');

  await clock.getByRole('button', { name: 'Pause the clock' }).click();
  const paused = await ttlCell(page, 'report');
  await page.waitForTimeout(1500);
  assert.equal(await ttlCell(page, 'report'), paused, 'a paused clock moves no countdown');
  const pttl = await runLine(page, 'PTTL report');
  await page.waitForTimeout(1200);
  assert.deepEqual(await runLine(page, 'PTTL report'), pttl, 'nor PTTL\'s reply');
  assert.match(await state.textContent(), /^Clock paused/);

  await clock.getByRole('button', { name: 'Resume the clock' }).click();
  await clock.getByRole('button', { name: 'Ten times faster' }).click();
  assert.equal(await clock.getByRole('button', { name: 'Ten times faster' }).getAttribute('aria-pressed'), 'true');
  const fastFrom = await ttlCell(page, 'report');
  await page.waitForTimeout(1000);
  const fastTo = await ttlCell(page, 'report');
  assert.ok(fastFrom - fastTo >= 8 && fastFrom - fastTo <= 14, `×10: ${fastFrom} → ${fastTo} in one second`);
  await clock.getByRole('button', { name: 'Ten times faster' }).click();

  // A minute ahead: flash's 30 s are over and active expiry removes it untouched.
  await clock.getByRole('button', { name: 'Forward 1 minute' }).click();
  await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'flash' }).waitFor({ state: 'detached', timeout: 3000 });
  assert.match(await state.textContent(), /ahead$/);
  const left = await ttlCell(page, 'report');
  assert.ok(left < 30, `report lost its minute: ${left}`);

  // The keyspace's clock is kept with it: a reload reads the same time.
  await page.reload();
  await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'report' }).waitFor();
  assert.match(await page.getByRole('status', { name: 'Clock state' }).textContent(), /ahead$/);
  const afterReload = await ttlCell(page, 'report');
  assert.ok(afterReload <= left, `still ahead after a reload: ${afterReload} ≤ ${left}`);
  assert.deepEqual(await runLine(page, 'EXISTS flash'), ['(integer) 0']);

  await page.getByRole('button', { name: 'Real time' }).click();
  assert.match(await state.textContent(), /ahead$/, 'a clock ahead never goes back');
  assert.deepEqual(app.browser.pageErrors, []);
});
