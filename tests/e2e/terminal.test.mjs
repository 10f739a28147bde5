// The terminal and the key inspector in real Chromium: redis-cli output, live TTLs,
// keys vanishing by themselves, history across reloads, completion, two clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, screenshotPath } from './harness.mjs';

const app = useApp({ before, after });

const log = (page) => page.getByRole('log', { name: 'Terminal output' });
const command = (page) => page.getByRole('textbox', { name: 'Command' });

/** Types a command and waits until the terminal has printed `lines` after it. */
async function run(page, line, expectedLines) {
  const before = await log(page).locator('.line').count();
  await command(page).fill(line);
  await command(page).press('Enter');
  const want = 1 + expectedLines.length;
  await page.waitForFunction(
    ([n, w]) => document.querySelectorAll('[role=log] .line').length >= n + w,
    [before, want],
  );
  const texts = await log(page).locator('.line').allTextContents();
  return texts.slice(before, before + want);
}

test('commands print exactly what redis-cli prints', async () => {
  const { page } = app.browser;
  await page.goto(app.server.origin + '/');
  await command(page).waitFor();
  assert.deepEqual(await run(page, 'SET greeting hello', ['OK']), ['127.0.0.1:6379> SET greeting hello', 'OK']);
  assert.deepEqual(await run(page, 'GET greeting', ['"hello"']), ['127.0.0.1:6379> GET greeting', '"hello"']);
  assert.deepEqual(await run(page, 'ZADD vote 3 a 5 b', ['(integer) 2']), ['127.0.0.1:6379> ZADD vote 3 a 5 b', '(integer) 2']);
  assert.deepEqual(await run(page, 'ZREVRANGE vote 0 -1 WITHSCORES', [1, 2, 3, 4]), [
    '127.0.0.1:6379> ZREVRANGE vote 0 -1 WITHSCORES',
    '1) "b"', '2) "5"', '3) "a"', '4) "3"',
  ]);
  const err = await run(page, 'INCR greeting', ['(error)']);
  assert.equal(err[1], '(error) ERR value is not an integer or out of range');
  assert.ok(await log(page).locator('.line.err').count() >= 1, 'errors are shown distinctly');
  await run(page, 'SELECT 2', ['OK']);
  assert.equal(await page.locator('.prompt').textContent(), '127.0.0.1:6379[2]> ');
  assert.equal(await page.getByRole('combobox', { name: 'Database' }).inputValue(), '2', 'the inspector follows SELECT');
  await run(page, 'SELECT 0', ['OK']);
});

test("COMMAND DOCS answers from Redis's own metadata, fetched after start-up", async () => {
  const { page } = app.browser;
  // The app fetches redis-7.0.15-commands.resp once; until it arrives the table answers
  // alone (summary, since, group), afterwards with complexity and the argument tree.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/redis-7.0.15-commands.resp') && e.responseEnd > 0));
  const lines = await run(page, 'COMMAND DOCS get', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(lines[1], '1) "get"');
  const all = await log(page).locator('.line').allTextContents();
  const text = all.slice(all.lastIndexOf('127.0.0.1:6379> COMMAND DOCS get')).join('\n');
  assert.match(text, /"complexity"\n\s*\d+\) "O\(1\)"/);
  assert.match(text, /"arguments"/);
  assert.match(text, /"summary"\n\s*\d+\) "Get the value of a key"/);
});

test('a TTL counts down in the inspector and the key vanishes on its own', async () => {
  const { page } = app.browser;
  await run(page, 'SET session:42 token PX 2500', ['OK']);
  const keys = page.getByRole('region', { name: 'Keys' });
  const row = keys.getByRole('row').filter({ hasText: 'session:42' });
  await row.waitFor();
  const cells = await row.getByRole('cell').allTextContents();
  assert.equal(cells[0], 'session:42');
  assert.equal(cells[1], 'string');
  assert.equal(cells[3], '5');
  const ttl = async () => parseFloat((await row.getByRole('cell').nth(2).textContent()).replace('s', ''));
  const first = await ttl();
  await page.waitForTimeout(400);
  const second = await ttl();
  assert.ok(first <= 2.5 && second < first, `TTL counts down: ${first} then ${second}`);
  // Nobody touches the key: the engine's active expiry removes it.
  await row.waitFor({ state: 'detached', timeout: 5000 });
  assert.deepEqual(await run(page, 'EXISTS session:42', ['(integer) 0']), ['127.0.0.1:6379> EXISTS session:42', '(integer) 0']);
});

test('a geo set opens as positions, with distances from a member as GEODIST prints them', async () => {
  const { page } = app.browser;
  // redis.io's GEOADD example.
  await run(page, 'GEOADD Sicily 13.361389 38.115556 "Palermo" 15.087269 37.502669 "Catania"', ['(integer) 2']);
  await run(page, 'ZADD board 10 alice 25 bob', ['(integer) 2']);
  const keys = page.getByRole('region', { name: 'Keys' });
  await keys.getByRole('row').filter({ hasText: 'Sicily' }).click();
  const value = page.getByLabel('Value');
  const places = value.locator('table.places');
  await places.waitFor();
  const palermo = places.locator('tbody tr').first().locator('td');
  assert.deepEqual(await palermo.allTextContents(), ['Palermo', '13.361389, 38.115556']);
  assert.equal(await palermo.nth(1).getAttribute('title'), '13.36138933897018433 38.11555639549629859', 'GEOPOS\'s text');
  await value.getByRole('combobox', { name: 'Distances from' }).selectOption({ label: 'Catania' });
  await places.locator('th', { hasText: 'distance' }).waitFor();
  const rows = await places.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => [r[0], r[2]]), [['Catania', '0.0000'], ['Palermo', '166274.1516']]);
  const [dist] = (await run(page, 'GEODIST Sicily Palermo Catania', ['"'])).slice(1);
  assert.equal(dist, '"166274.1516"', 'the inspector prints what GEODIST prints');
  // The same set as a leaderboard of its raw scores, on request.
  await value.getByRole('button', { name: 'Scores' }).click();
  await value.locator('table.leaderboard').waitFor();
  // A leaderboard opens as scores.
  await keys.getByRole('row').filter({ hasText: 'board' }).click();
  await value.locator('table.leaderboard').waitFor();
  assert.equal(await value.getByRole('button', { name: 'Scores' }).getAttribute('aria-pressed'), 'true');
});

test("a stream shows its entries and its consumer groups' pending counts", async () => {
  const { page } = app.browser;
  // redis.io's streams tutorial, with fixed IDs.
  await run(page, 'XADD race:france 1692632086370-0 rider Castilla speed 30.2', ['"']);
  await run(page, 'XADD race:france 1692632094485-0 rider Norem speed 28.8', ['"']);
  await run(page, 'XGROUP CREATE race:france riders $ ', ['OK']);
  await run(page, 'XADD race:france 1692632102976-0 rider Prickett speed 29.7', ['"']);
  await run(page, 'XREADGROUP GROUP riders Alice COUNT 1 STREAMS race:france >', [1, 2, 3, 4, 5, 6]);
  await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'race:france' }).click();
  const value = page.getByLabel('Value');
  await value.locator('p.group').waitFor();
  assert.equal(await value.locator('p.group').textContent(),
    'group riders — delivered up to 1692632102976-0 — 1 pending — Alice (1)');
  const rows = await value.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows[0], ['1692632086370-0', 'rider Castillaspeed 30.2']);
  assert.equal(rows.length, 3);
  assert.match(await value.locator('td.id').first().getAttribute('title'), /2023-08-21T15:34:46.370Z/);
  await run(page, 'XACK race:france riders 1692632102976-0', ['(integer) 1']);
  await page.waitForFunction(() => document.querySelector('.value p.group')?.textContent.includes('0 pending'));
});

test('history survives a reload; Tab completes command names', async () => {
  const { page } = app.browser;
  await run(page, 'ECHO remembered', ['"remembered"']);
  await page.waitForTimeout(300); // the history write is asynchronous
  await page.reload();
  await command(page).waitFor();
  await page.waitForTimeout(300);
  await command(page).press('ArrowUp');
  assert.equal(await command(page).inputValue(), 'ECHO remembered');
  await command(page).fill('zinc');
  await command(page).press('Tab');
  assert.equal(await command(page).inputValue(), 'ZINCRBY');
  await command(page).fill('');
});

test('two clients: SUBSCRIBE in one receives what PUBLISH sends from the other', async () => {
  const { page } = app.browser;
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByRole('tab', { name: /Client 2/ }).waitFor();
  await run(page, 'SUBSCRIBE news', [1, 2, 3, 4]);
  await page.getByRole('tab', { name: /Client 2 \(subscribed\)/ }).waitFor();
  await page.getByRole('tab', { name: /Client 1/ }).click();
  assert.deepEqual(await run(page, 'PUBLISH news hi', ['(integer) 1']), ['127.0.0.1:6379> PUBLISH news hi', '(integer) 1']);
  await page.getByRole('tab', { name: /Client 2/ }).click();
  const lines = await log(page).locator('.line').allTextContents();
  assert.deepEqual(lines.slice(-3), ['1) "message"', '2) "news"', '3) "hi"']);
    assert.deepEqual(app.browser.foreign, [], 'no request leaves the origin');
  assert.deepEqual(app.browser.pageErrors, []);
  assert.deepEqual(app.browser.consoleErrors, [], 'no console errors (CSP violations included)');
});

test('screenshots: desktop and phone, light and dark', async () => {
  const { page } = app.browser;
    await page.getByRole('tab', { name: /Client 1/ }).click();
  await run(page, 'ZADD leaderboard 12 ada 9 grace 7 linus 3 ken', ['(integer) 4']);
  await run(page, 'HSET user:1 name ada lang rust', ['(integer) 2']);
  await run(page, 'SET cache:home "<html>" EX 300', ['OK']);
  await page.getByRole('row').filter({ hasText: 'leaderboard' }).click();
  await page.locator('.leaderboard').waitFor();
  // Every key of the database has a row of full height (a spacer's height once stuck to a row).
  const heights = await page.evaluate(() => [...document.querySelectorAll('.key-table .key-row:not(.head)')]
    .map((r) => [r.querySelector('.key').textContent, Math.round(r.getBoundingClientRect().height)]));
  const count = Number((await page.locator('.key-count').textContent()).match(/\d+/)[0]);
  assert.equal(heights.length, count, JSON.stringify(heights));
  assert.ok(heights.every(([, h]) => h >= 20), JSON.stringify(heights));
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: screenshotPath(`desktop-${scheme}`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath(`phone-${scheme}`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('key names, values and channel messages are text, never markup', async () => {
  const { page } = app.browser;
  await page.getByRole('tab', { name: /Client 1/ }).click();
  await run(page, 'SET "<img src=x onerror=alert(1)>" "<b>bold</b><script>alert(2)</script>"', ['OK']);
  const row = page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: '<img src=x onerror=alert(1)>' });
  await row.waitFor();
  assert.deepEqual(await run(page, 'GET "<img src=x onerror=alert(1)>"', [1]),
    ['127.0.0.1:6379> GET "<img src=x onerror=alert(1)>"', '"<b>bold</b><script>alert(2)</script>"']);
  await row.click();
  await page.getByText('<b>bold</b><script>alert(2)</script>', { exact: true }).last().waitFor();
  await page.getByRole('button', { name: 'New client' }).click();
  const subscriber = page.getByRole('tab').last();
  await subscriber.click();
  await run(page, 'SUBSCRIBE markup', [1, 2, 3, 4]);
  await page.getByRole('tab', { name: /Client 1/ }).click();
  await run(page, 'PUBLISH markup "<img src=y onerror=alert(3)>"', ['(integer) 1']);
  await subscriber.click();
  await log(page).getByText('3) "<img src=y onerror=alert(3)>"').waitFor();
  assert.equal(await page.locator('img, b, [role=log] script, [role=region] script').count(), 0);
  await page.getByRole('tab', { name: /Client 1/ }).click();
  assert.deepEqual(app.browser.consoleErrors, []);
});

test('two clients: BLPOP waits until the other pushes; WATCH fails after the other writes', async () => {
  const { page } = app.browser;
  await page.getByRole('tab', { name: /Client 1/ }).click();
  await command(page).fill('BLPOP jobs 0');
  await command(page).press('Enter');
  await page.getByRole('tab', { name: /Client 1 \(blocked\)/ }).waitFor();
  await page.getByRole('button', { name: 'New client' }).click();
  const other = page.getByRole('tab').last();
  await other.click();
  await run(page, 'RPUSH jobs email', ['(integer) 1']);
  await page.getByRole('tab', { name: /Client 1/ }).click();
  await page.getByRole('tab', { name: /^Client 1$/ }).waitFor();
  const lines = await log(page).locator('.line').allTextContents();
  assert.deepEqual(lines.slice(-2), ['1) "jobs"', '2) "email"']);

  await run(page, 'WATCH balance', ['OK']);
  await run(page, 'MULTI', ['OK']);
  await run(page, 'INCRBY balance 10', ['QUEUED']);
  assert.equal(await page.locator('.prompt').textContent(), '127.0.0.1:6379(TX)> ');
  await other.click();
  await run(page, 'SET balance 100', ['OK']);
  await page.getByRole('tab', { name: /Client 1/ }).click();
  assert.deepEqual(await run(page, 'EXEC', ['(nil)']), ['127.0.0.1:6379(TX)> EXEC', '(nil)']);
});
