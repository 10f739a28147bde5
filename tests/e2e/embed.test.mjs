// The embeddable widget: embed.html's three <keyspace-playground> elements run their
// commands, keep separate keyspaces, load lazily, and only the persisted one survives a
// reload; nothing leaves the served origin. The iframe form too. Prints time-to-interactive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, typeInWidget } from './harness.mjs';

const app = useApp({ before, after });

const widget = (page, id) => page.locator(`#${id}`);
const output = (page, id) => widget(page, id).locator('[role=log] .line');
const input = (page, id) => widget(page, id).getByRole('textbox', { name: 'Command' });

const typeIn = typeInWidget;

/** Scrolls a widget into view and times it until its prompt takes input. */
async function interactive(page, id) {
  const started = Date.now();
  await widget(page, id).scrollIntoViewIfNeeded();
  await input(page, id).waitFor();
  await page.waitForFunction((id) => {
    const field = document.getElementById(id).shadowRoot?.querySelector('input[aria-label=Command]');
    return field && !field.disabled;
  }, id);
  return Date.now() - started;
}

test('embed.html: three widgets, isolated, lazy, one persisted; no foreign request', async () => {
  const { page, foreign, pageErrors, consoleErrors } = app.browser;
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(app.server.origin + '/embed.html');
  await page.waitForTimeout(300);
  assert.equal(wasm.length, 0, 'nothing is fetched before a widget comes near the viewport');

  const cold = await interactive(page, 'counter-widget');
  await output(page, 'counter-widget').filter({ hasText: '(integer) 2' }).waitFor();
  assert.deepEqual(await output(page, 'counter-widget').allTextContents(), [
    '127.0.0.1:6379> SET click 0', 'OK',
    '127.0.0.1:6379> INCR click', '(integer) 1',
    '127.0.0.1:6379> INCR click', '(integer) 2',
  ]);
  const warm = await interactive(page, 'voting-widget');
  await output(page, 'voting-widget').filter({ hasText: '4) "2"' }).waitFor();
  await widget(page, 'voting-widget').getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'vote' }).waitFor();
  await interactive(page, 'notes-widget');
  console.log(`# time to interactive after scrolling into view: ${cold} ms for the first widget (module download and compile), ${warm} ms for the next`);
  // The module's first part for every widget; its second part (xtask/src/split.rs)
  // because the persisted widget's storage is there (tests/e2e/split.test.mjs has the rest).
  assert.equal(wasm.length, 2, 'one download of each part of the module for every widget');
  assert.match(wasm[0], /_bg\.wasm$/);
  assert.match(wasm[1], /_rest\.wasm$/);

  // Each widget is its own keyspace.
  assert.deepEqual(await typeIn(page, 'counter-widget', 'EXISTS vote'), ['(integer) 0']);
  assert.deepEqual(await typeIn(page, 'voting-widget', 'EXISTS click'), ['(integer) 0']);
  assert.deepEqual(await typeIn(page, 'counter-widget', 'SET extra 1'), ['OK']);
  // The persisted one: its preloaded commands are offered, not run.
  assert.deepEqual(await typeIn(page, 'notes-widget', 'DBSIZE'), ['(integer) 0']);
  await widget(page, 'notes-widget').getByRole('button', { name: 'Run: SET note "written before the reload"' }).click();
  await output(page, 'notes-widget').filter({ hasText: 'OK' }).waitFor();

  await page.reload();
  await interactive(page, 'counter-widget');
  await output(page, 'counter-widget').filter({ hasText: '(integer) 2' }).waitFor();
  assert.deepEqual(await typeIn(page, 'counter-widget', 'EXISTS extra'), ['(integer) 0'], 'memory-only widgets start over');
  await interactive(page, 'notes-widget');
  assert.deepEqual(await typeIn(page, 'notes-widget', 'GET note'), ['"written before the reload"']);

  // Styles stay inside: the widget's `* { box-sizing: border-box }` does not reach the
  // page, and the page's Georgia does not reach the widget.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('article')).boxSizing), 'content-box');
  const widgetFont = await page.evaluate(() => getComputedStyle(document.getElementById('counter-widget').shadowRoot.querySelector('.kp-widget')).fontFamily);
  assert.match(widgetFont, /system-ui/);
  assert.deepEqual(foreign, [], 'no request outside the served origin');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});

test('a lesson widget on a page elsewhere fetches its lesson beside the module; a missing one is said so', async () => {
  const { page, foreign, pageErrors } = app.browser;
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/lessons/')) fetched.push(new URL(r.url()).pathname); });
  // A documentation page in another directory than the module's.
  await page.route('**/docs/guide.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><title>Guide</title><script type="module" src="/embed.js"></script>
      <keyspace-playground id="lesson-widget" lesson="voting" step="2" inspector height="700"></keyspace-playground>
      <keyspace-playground id="unknown-widget" lesson="no-such-lesson" height="300">PING</keyspace-playground>`,
  }));
  await page.goto(app.server.origin + '/docs/guide.html');
  const pane = widget(page, 'lesson-widget').getByRole('region', { name: 'Lesson' });
  await pane.getByRole('heading', { name: /^2\. / }).waitFor();
  assert.equal(fetched.length, 1);
  assert.match(fetched[0], /^\/lessons\/\d+-voting\.md$/, 'fetched from the module\'s directory, not the page\'s');
  await interactive(page, 'unknown-widget');
  await widget(page, 'unknown-widget').getByRole('alert').filter({ hasText: 'there is no lesson "no-such-lesson"' }).waitFor();
  assert.deepEqual(await typeIn(page, 'unknown-widget', 'PING'), ['PONG'], 'the terminal still works');

  // Offline: the lesson's file cannot be fetched.
  await page.route('**/lessons/**', (route) => route.abort());
  await page.reload();
  await interactive(page, 'lesson-widget');
  await widget(page, 'lesson-widget').getByRole('alert').filter({ hasText: 'could not be loaded' }).waitFor();
  assert.deepEqual(await typeIn(page, 'lesson-widget', 'PING'), ['PONG']);
  await page.unrouteAll();
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});

test('the iframe form: ?embed=1 with base64url commands shows the terminal alone', async () => {
  const { page } = app.browser;
  const commands = Buffer.from(JSON.stringify(['SET click 0', 'INCR click', 'ECHO "héllo"'])).toString('base64url');
  await page.goto(`${app.server.origin}/index.html?embed=1&autorun=1&commands=${commands}`);
  const lines = page.locator('[role=log] .line');
  await lines.filter({ hasText: '"héllo"' }).waitFor();
  assert.deepEqual(await lines.allTextContents(), [
    '127.0.0.1:6379> SET click 0', 'OK',
    '127.0.0.1:6379> INCR click', '(integer) 1',
    '127.0.0.1:6379> ECHO "héllo"', '"h\\xc3\\xa9llo"',
  ]);
  assert.equal(await page.locator('header').count(), 0, 'no page header in the iframe form');
  assert.equal(await page.getByRole('region', { name: 'Keys' }).count(), 0);
  assert.deepEqual(app.browser.foreign, []);
});

test('the iframe form in a host page: two frames, isolated, in memory, timed', async () => {
  const { page, foreign, pageErrors } = app.browser;
  await page.goto(app.server.origin + '/embed.html');
  const src = (lines) => `/index.html?embed=1&autorun=1&commands=${Buffer.from(JSON.stringify(lines)).toString('base64url')}`;
  const frames = { 'frame-counter': src(['INCR hits', 'INCR hits']), 'frame-votes': src(['ZINCRBY vote 3 redis']) };
  const started = Date.now();
  await page.evaluate((frames) => {
    for (const [id, url] of Object.entries(frames)) {
      const frame = document.createElement('iframe');
      frame.id = id;
      frame.src = url;
      frame.title = id;
      document.body.prepend(frame);
    }
  }, frames);
  const frame = (id) => page.frameLocator(`#${id}`);
  const lines = (id) => frame(id).locator('[role=log] .line');
  await lines('frame-counter').filter({ hasText: '(integer) 2' }).waitFor();
  await frame('frame-counter').getByRole('textbox', { name: 'Command' }).waitFor();
  console.log(`# iframe form: two frames interactive ${Date.now() - started} ms after insertion`);
  await lines('frame-votes').filter({ hasText: '"3"' }).waitFor();
  const typeIn = async (id, line) => {
    const before = await lines(id).count();
    await frame(id).getByRole('textbox', { name: 'Command' }).fill(line);
    await frame(id).getByRole('textbox', { name: 'Command' }).press('Enter');
    await lines(id).nth(before + 1).waitFor();
    return lines(id).nth(before + 1).textContent();
  };
  assert.equal(await typeIn('frame-counter', 'EXISTS vote'), '(integer) 0', 'each frame is its own keyspace');
  assert.equal(await typeIn('frame-votes', 'EXISTS hits'), '(integer) 0');
  assert.equal(await typeIn('frame-votes', 'SET typed 1'), 'OK');
  await page.reload();
  await page.evaluate((frames) => {
    const frame = document.createElement('iframe');
    frame.id = 'frame-votes';
    frame.src = frames['frame-votes'];
    document.body.prepend(frame);
  }, frames);
  await lines('frame-votes').filter({ hasText: '"3"' }).waitFor();
  assert.equal(await typeIn('frame-votes', 'EXISTS typed'), '(integer) 0', 'the iframe form keeps nothing across a reload');
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});
