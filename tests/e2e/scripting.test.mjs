// Lua scripts in the browser: EVAL runs redis.call as Redis does; a script that loops
// for ever never freezes the page (it runs in slices between frames): the terminal
// shows it waiting, another client's command waits, then gets BUSY past
// busy-reply-threshold, and SCRIPT KILL from that client stops the script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });

test('EVAL in the terminal; a looping script is stopped by SCRIPT KILL from another client while the page stays responsive', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  const input = page.getByRole('textbox', { name: 'Command' });
  await input.waitFor();
  assert.deepEqual(await runLine(page, `EVAL "return redis.call('SET', KEYS[1], ARGV[1])" 1 lua:k hello`), ['OK']);
  assert.deepEqual(await runLine(page, `EVAL "return {redis.call('GET', KEYS[1]), 10 / 4, #ARGV}" 1 lua:k a b`), [
    '1) "hello"',
    '2) (integer) 2',
    '3) (integer) 2',
  ]);
  // Client 1 loops for ever.
  await input.fill('EVAL "while true do end" 0');
  await input.press('Enter');
  await page.getByText('Waiting for a reply').waitFor();
  // The page answers: a frame is painted within a short time while the script runs.
  const frameGap = await page.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  }));
  assert.ok(frameGap < 500, `two frames within ${frameGap.toFixed(0)} ms while the script loops`);
  // Client 2: its PING waits for the script, then gets BUSY once the script has run
  // past busy-reply-threshold (5 s of real time).
  await page.getByRole('button', { name: '+ New client' }).click();
  await page.getByRole('tab', { name: 'Client 2' }).waitFor();
  const lines = await runLine(page, 'PING');
  assert.match(lines[0], /BUSY Redis is busy running a script/);
  assert.deepEqual(await runLine(page, 'SCRIPT KILL'), ['OK']);
  await page.getByRole('tab', { name: /^Client 1/ }).click();
  await page.getByText('Script killed by user with SCRIPT KILL').waitFor();
  assert.deepEqual(await runLine(page, 'GET lua:k'), ['"hello"']);
});
