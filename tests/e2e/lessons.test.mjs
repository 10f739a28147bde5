// Guided lessons in the browser, played as a reader plays them: Playwright's clock is
// installed before the page loads, so 90 s of reading before each step pass for the app
// too (TTLs run down, active expiry runs) while the test takes a moment. Each step is
// played by typing its solution; deep links open steps cold; challenges complete from
// an answer that is not the solution's text; progress survives a reload.
//
// E2E_LESSONS=all (or a comma-separated list of ids) plays those lessons in full too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, launch, runLine, screenshotPath } from './harness.mjs';
import { lessonById, lessonFiles, playLesson } from './lesson-player.mjs';

const app = useApp({ before, after });

const stepStatus = (page) => page.getByRole('status', { name: 'Step status' });
const lessonPane = (page) => page.getByRole('region', { name: 'Lesson' });

/**
 * A page in a browser profile of its own (no progress or keyspace from other tests),
 * with Playwright's clock installed before anything of the app runs. `page.close()`
 * closes the profile too.
 */
async function freshPage() {
  const browser = await launch(app.server.origin);
  const { page } = browser;
  await page.clock.install();
  page.close = async () => {
    assert.deepEqual(browser.pageErrors, [], 'no error in the page');
    await browser.close();
  };
  return page;
}

test('expiry, played from the start at a reader\'s pace: no key the lesson needs runs out while the learner reads', async () => {
  const page = await freshPage();
  await playLesson(page, app.server.origin, lessonById('expiry'));
  assert.match(await stepStatus(page).textContent(), /Lesson complete/);
  // Finishing a lesson offers the next one in the list.
  const files = lessonFiles();
  const next = files[files.findIndex((l) => l.id === 'expiry') + 1];
  await lessonPane(page).getByRole('link', { name: `Next lesson: ${next.title} →` }).click();
  await lessonPane(page).getByRole('heading', { name: next.title }).waitFor();
  await page.screenshot({ path: screenshotPath('lesson-expiry-complete') });
  await page.close();
});

test('every step of the caching lesson opens cold from its deep link and completes', async () => {
  const lesson = lessonById('caching');
  for (let n = 0; n < lesson.steps.length; n++) {
    const page = await freshPage();
    await playLesson(page, app.server.origin, lesson, { from: n, upTo: n + 1 });
    await page.close();
  }
});

test('a challenge completes from an answer that is not the solution\'s text; Show solution reveals it', async () => {
  const lesson = lessonById('expiry');
  const n = lesson.steps.findIndex((s) => s.challenge && s.alternatives.length > 0);
  assert.ok(n >= 0, 'the expiry lesson has a challenge with another answer');
  const page = await freshPage();
  await playLesson(page, app.server.origin, lesson, { from: n, upTo: n + 1, lines: (_, i) => (i === n ? lesson.steps[n].alternatives[0] : null) });
  // Show solution: the reference solution appears as runnable commands.
  await lessonPane(page).getByRole('button', { name: 'Show solution' }).click();
  const solution = lessonPane(page).getByLabel('Solution');
  for (const line of lesson.steps[n].solution.filter((l) => !l.startsWith('@'))) {
    await solution.getByRole('button', { name: `Type: ${line}` }).waitFor();
  }
  await page.close();
});

test('the home page lists every lesson and suggests the first; progress shows after a lesson step', async () => {
  const page = await freshPage();
  await page.goto(app.server.origin + '/');
  const list = page.getByRole('list', { name: 'Lesson list' });
  const files = lessonFiles();
  // The lessons are fetched when the list shows.
  await list.getByRole('listitem').nth(files.length - 1).waitFor();
  assert.equal(await list.getByRole('listitem').count(), files.length);
  const first = list.getByRole('listitem').first();
  assert.match(await first.textContent(), /Start here/);
  await first.getByRole('link').click();
  await lessonPane(page).getByRole('heading', { name: files[0].title }).waitFor();
  await runLine(page, files[0].steps[0].solution[0]);
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor();
  await page.goto(app.server.origin + '/');
  assert.match(await list.getByRole('listitem').first().textContent(), /Continue.*1\/\d+ steps/s);
  await page.close();
});

test('lessons are fetched when opened; offline, the page says so and free play still works', async () => {
  const page = await freshPage();
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/lessons/')) fetched.push(new URL(r.url()).pathname); });
  await page.goto(app.server.origin + '/?lesson=caching');
  await lessonPane(page).getByRole('heading', { name: lessonById('caching').title }).waitFor();
  assert.equal(fetched.length, 1, 'a deep link fetches its lesson only');
  assert.match(fetched[0], /^\/lessons\/\d+-caching\.md$/);

  await page.route('**/lessons/**', (route) => route.abort());
  await page.goto(app.server.origin + '/?lesson=expiry');
  await page.getByRole('alert').filter({ hasText: 'The lesson "Expiry" could not be loaded' }).waitFor();
  await page.getByRole('link', { name: 'Back to free play' }).click();
  await page.getByRole('region', { name: 'Lessons' }).getByRole('alert').filter({ hasText: 'could not be loaded' }).waitFor();
  await runLine(page, 'PING');
  await page.locator('[role=log] .line').filter({ hasText: 'PONG' }).waitFor();
  await page.unrouteAll();
  await page.close();
});

test('snapshots, played from the start at a reader\'s pace: SAVE, BGSAVE and a save point store dump.rdb as the steps say', async () => {
  const page = await freshPage();
  const lesson = lessonById('snapshots');
  await playLesson(page, app.server.origin, lesson);
  assert.match(await stepStatus(page).textContent(), /Lesson complete/);
  // The challenge's file is the stored one: the panel offers it for download.
  await page.getByTestId('rdb-figures').filter({ hasText: /^dump\.rdb stored: / }).waitFor();
  await page.getByRole('button', { name: /^Download dump\.rdb \(saved / }).waitFor();
  await page.screenshot({ path: screenshotPath('lesson-snapshots-complete'), fullPage: true });
  await page.close();
});

test('every step of the snapshots lesson opens cold from its deep link and completes, on a phone', async () => {
  const lesson = lessonById('snapshots');
  for (let n = 0; n < lesson.steps.length; n++) {
    const browser = await launch(app.server.origin, { viewport: { width: 390, height: 844 } });
    const { page } = browser;
    await page.clock.install();
    await playLesson(page, app.server.origin, lesson, { from: n, upTo: n + 1 });
    await page.screenshot({ path: screenshotPath(`lesson-snapshots-phone-step-${n + 1}`), fullPage: true });
    assert.deepEqual(browser.pageErrors, [], 'no error in the page');
    await browser.close();
  }
});

const extra = process.env.E2E_LESSONS;
if (extra) {
  const ids = extra === 'all' ? lessonFiles().map((l) => l.id) : extra.split(',');
  for (const id of ids) {
    test(`${id}, played in full at a reader's pace`, async () => {
      const page = await freshPage();
      await playLesson(page, app.server.origin, lessonById(id));
      await page.close();
    });
  }
}
