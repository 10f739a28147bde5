// The widget's module in two parts (xtask/src/split.rs): a page showing a widget downloads
// the first only; the second arrives when a reader reaches into a widget, before a widget
// with rare commands, a lesson or a persisted keyspace mounts, or synchronously when a
// function of it is needed first (a rare command typed on a slow network, a panic). Whichever way it came, every command answers as
// Redis does, and the keyspace is one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useApp, DIST, typeInWidget } from './harness.mjs';

const app = useApp({ before, after });

const embedJs = readFileSync(join(DIST, 'embed.js'), 'utf8');
const constant = (name) => new RegExp(`^const ${name} = '([^']*)';$`, 'm').exec(embedJs)?.[1];
const REST = constant('REST');
const GLUE = constant('GLUE');

/** Serves `body` (after embed.js's script tag) at /docs/<name>.html and opens it. */
async function openPage(page, name, body) {
  await page.route(`**/docs/${name}.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="/embed.js"></script>${body}`,
  }));
  await page.goto(`${app.server.origin}/docs/${name}.html`);
}

/** Requests of the second module from now on. */
function restRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (r.url().endsWith(`/${REST}`)) seen.push(r.resourceType()); });
  return seen;
}

const input = (page, id) => page.locator(`#${id}`).getByRole('textbox', { name: 'Command' });
const lines = (page, id) => page.locator(`#${id}`).locator('[role=log] .line');
const reply = (page, id, text) => page.locator(`#${id}`).locator('[role=log] .line.out').filter({ hasText: text });

const typeIn = typeInWidget;

// Commands no profile page runs, with Redis's replies.
const RARE = [
  ['XADD s 1-1 f v', ['"1-1"']],
  ['XLEN s', ['(integer) 1']],
  ['EVAL "return redis.call(\'INCR\', KEYS[1])" 1 n', ['(integer) 1']],
  ['GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania', ['(integer) 2']],
  ['GEODIST g Palermo Catania km', ['"166.2742"']],
  ['PFADD h a b c', ['(integer) 1']],
  ['PFCOUNT h', ['(integer) 3']],
];

test('the build split the widget module: embed.js names a second module, served beside the first', () => {
  assert.match(REST ?? '', /^keyspace-widget-[0-9a-f]{16}_rest\.wasm$/, 'embed.js names the second module');
  assert.match(constant('WASM'), /^keyspace-widget-[0-9a-f]{16}_bg\.wasm$/);
  const first = readFileSync(join(DIST, constant('WASM')));
  assert.ok(readFileSync(join(DIST, REST)).length > first.length / 2, 'the second module holds a large part of the code');
});

test('a page showing a widget downloads the first module alone; a reader reaching into it fetches the rest, and rare commands answer', async () => {
  const { page, pageErrors, consoleErrors } = app.browser;
  const rest = restRequests(page);
  await openPage(page, 'shown', '<keyspace-playground id="w" autorun height="400">SET greeting "hello"\nGET greeting</keyspace-playground>');
  await reply(page, 'w', '"hello"').waitFor();
  await page.waitForTimeout(1000);
  assert.deepEqual(rest, [], 'the second module is not fetched while nobody touches the widget');

  const fetched = page.waitForResponse((r) => r.url().endsWith(`/${REST}`));
  await input(page, 'w').click();
  await fetched;
  await page.waitForTimeout(500); // compiled and instantiated in the background
  for (const [line, reply] of RARE) {
    assert.deepEqual(await typeIn(page, 'w', line), reply, line);
  }
  assert.deepEqual(await typeIn(page, 'w', 'GET greeting'), ['"hello"'], 'one keyspace across both modules');
  assert.deepEqual(rest, ['fetch'], 'one background fetch, no synchronous load after it');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});

test('a widget preloading commands the profile never ran gets the second module before it mounts; its inspector\'s stream view is an event handler there', async () => {
  const { page, pageErrors, consoleErrors } = app.browser;
  const rest = restRequests(page);
  await openPage(page, 'rare-first', `<keyspace-playground id="w" autorun inspector height="600">
    XADD events 1-1 kind signup
    XADD events 1-2 kind login
    PFADD visitors ann bob
    </keyspace-playground>`);
  await reply(page, 'w', '(integer) 1').waitFor();
  assert.deepEqual(await lines(page, 'w').allTextContents(), [
    '127.0.0.1:6379> XADD events 1-1 kind signup', '"1-1"',
    '127.0.0.1:6379> XADD events 1-2 kind login', '"1-2"',
    '127.0.0.1:6379> PFADD visitors ann bob', '(integer) 1',
  ]);
  assert.deepEqual(rest, ['fetch'], 'fetched before the widget mounted (embed.js\'s WARM), not synchronously');
  // The stream's view in the inspector: a click handler the profile never ran.
  const keys = page.locator('#w').getByRole('region', { name: 'Keys' });
  await keys.getByRole('row').filter({ hasText: 'events' }).click();
  await page.locator('#w').getByLabel('Value').getByText('signup').waitFor();
  assert.deepEqual(rest, ['fetch']);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});

test('a rare command typed before the background fetch has finished loads the second module synchronously, and answers', async () => {
  const { page, pageErrors } = app.browser;
  const rest = restRequests(page);
  await openPage(page, 'slow', '<keyspace-playground id="w" height="300"></keyspace-playground>');
  await input(page, 'w').waitFor();
  // A slow network: the background fetch takes seconds.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 400_000, uploadThroughput: 400_000 });
  try {
    await input(page, 'w').click();
    assert.deepEqual(await typeIn(page, 'w', 'PFADD h a b c'), ['(integer) 1']);
    assert.deepEqual(rest, ['fetch', 'xhr'], 'the placeholder did not wait for the background fetch');
    assert.deepEqual(await typeIn(page, 'w', 'PFCOUNT h'), ['(integer) 3']);
  } finally {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  }
  await page.waitForTimeout(500); // the background fetch ends meanwhile: nothing changes
  assert.deepEqual(await typeIn(page, 'w', 'PFCOUNT h'), ['(integer) 3']);
  assert.deepEqual(pageErrors, []);
});

test('when the second module cannot be downloaded, every widget says so and what ran before stays', async () => {
  const { page } = app.browser;
  await page.route('**/*_rest.wasm', (route) => route.abort());
  try {
    await openPage(page, 'offline', '<keyspace-playground id="w" height="300"></keyspace-playground><keyspace-playground id="v" lang="ko" height="300"></keyspace-playground>');
    await input(page, 'w').waitFor();
    await page.locator('#v').getByRole('textbox').waitFor(); // a Korean widget mounts from the first module alone
    assert.deepEqual(await typeIn(page, 'w', 'SET a 1'), ['OK']);
    await input(page, 'w').fill('PFADD h a');
    await input(page, 'w').press('Enter');
    await page.locator('#w').getByRole('alert').filter({ hasText: 'Part of Redis could not be downloaded (offline?). Reload the page to try again.' }).waitFor();
    await page.locator('#v').getByRole('alert').filter({ hasText: 'Redis의 나머지 부분을 내려받지 못했습니다' }).waitFor();
  } finally {
    await page.unrouteAll();
  }
  // Leave the page first: its widget's clock keeps running into the missing code.
  await page.goto('about:blank');
  app.browser.pageErrors.length = 0; // the failed download's own errors
  app.browser.consoleErrors.length = 0;
});

test('a persisted keyspace with streams and scripts survives a reload, replayed through the second module', async () => {
  const { page, pageErrors } = app.browser;
  await openPage(page, 'persisted', '<keyspace-playground id="w" persist="split-test" height="400"></keyspace-playground>');
  await input(page, 'w').waitFor();
  assert.deepEqual(await typeIn(page, 'w', 'XADD s 5-1 f v'), ['"5-1"']);
  assert.deepEqual(await typeIn(page, 'w', 'EVAL "return redis.call(\'SET\', KEYS[1], ARGV[1])" 1 k v'), ['OK']);
  const rest = restRequests(page);
  await page.reload();
  await input(page, 'w').waitFor();
  assert.deepEqual(await typeIn(page, 'w', 'XRANGE s - +'), ['1) 1) "5-1"', '   2) 1) "f"', '      2) "v"']);
  assert.deepEqual(await typeIn(page, 'w', 'GET k'), ['"v"']);
  assert.equal(rest.length, 1);
  assert.deepEqual(pageErrors, []);
});

test('a panic inside the second module reaches the crash screen', async () => {
  const { page } = app.browser;
  const rest = restRequests(page);
  await openPage(page, 'panic', '<keyspace-playground id="w" autorun height="300">PING</keyspace-playground>');
  await reply(page, 'w', 'PONG').waitFor();
  await page.waitForTimeout(500);
  assert.equal(rest.length, 0, 'a returning reader\'s widget (its history read back) runs in the first module');
  // debug_panic never runs in a profile: its placeholder loads the second module, where it panics.
  await page.evaluate(async (glue) => {
    const module = await import(`/${glue}`);
    try { module.debug_panic(); } catch { /* the module aborted */ }
  }, GLUE);
  const screen = page.locator('.crash-screen');
  await screen.waitFor();
  assert.match(await screen.textContent(), /debug_panic: a panic forced by a test/);
  assert.deepEqual(rest, ['xhr'], 'loaded synchronously by debug_panic\'s placeholder');
  app.browser.pageErrors.length = 0; // the forced panic's own error
  app.browser.consoleErrors.length = 0;
});
