// A guided lesson in the browser: opened by a deep link, its steps completed by clicking
// ▶ and by typing, progress kept across a reload, and its writes kept out of free play.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, runLine } from './harness.mjs';

const app = useApp({ before, after });

const stepStatus = (page) => page.getByRole('status', { name: 'Step status' });

async function ready(page, url) {
  await page.goto(app.server.origin + url);
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'Saved in this browser' }).waitFor();
}

async function next(page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

test('the voting lesson: every step completes by clicking and by typing; progress survives a reload', async () => {
  const { page } = app.browser;
  await ready(page, '/?lesson=voting');
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await lesson.getByRole('heading', { name: 'Voting and leaderboards' }).waitFor();
  assert.match(await stepStatus(page).textContent(), /completes when your keyspace shows it/);

  // Step 1 by clicking ▶ on each command.
  for (const line of ['ZINCRBY vote 1 a', 'ZINCRBY vote 2 b', 'ZINCRBY vote 3 a']) {
    await lesson.getByRole('button', { name: `Run: ${line}` }).click();
  }
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor();
  await next(page);

  // Step 2: click the command to type it into the prompt, then Enter.
  await lesson.getByRole('button', { name: 'Type: ZSCORE vote a' }).click();
  const prompt = page.getByRole('textbox', { name: 'Command' });
  assert.equal(await prompt.inputValue(), 'ZSCORE vote a');
  await prompt.press('Enter');
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor();
  await next(page);

  // Steps 3 to 5 by typing.
  assert.deepEqual(await runLine(page, 'ZREVRANK vote a'), ['(integer) 0']);
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor();
  await next(page);
  assert.match(await stepStatus(page).textContent(), /completes when/, 'a new step is not complete yet');
  for (const [n, image] of [[10, 'cat.jpg'], [25, 'dog.jpg'], [7, 'fox.jpg']]) {
    await runLine(page, `ZINCRBY image:views ${n} ${image}`);
  }
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor();
  await next(page);
  assert.deepEqual((await runLine(page, 'ZREVRANGE image:views 0 9 WITHSCORES')).slice(0, 2), ['1) "dog.jpg"', '2) "25"']);
  await stepStatus(page).filter({ hasText: 'Lesson complete' }).waitFor();
  assert.equal(await lesson.getByRole('button', { name: /\(done\)$/ }).count(), 5);

  // Progress and the sandbox's keys survive a reload.
  await page.reload();
  await lesson.getByRole('heading', { name: 'Voting and leaderboards' }).waitFor();
  assert.equal(await lesson.getByRole('button', { name: /\(done\)$/ }).count(), 5);
  await page.getByRole('status', { name: 'Persistence' }).filter({ hasText: 'commands replayed' }).waitFor();
  assert.deepEqual(await runLine(page, 'ZSCORE vote a'), ['"4"']);

  // The lesson index shows it; free play never saw the lesson's keys.
  await ready(page, '/');
  await page.getByText('Lessons', { exact: true }).click();
  const entry = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: 'Voting and leaderboards' });
  assert.match(await entry.textContent(), /5\/5 steps/);
  assert.deepEqual(await runLine(page, 'EXISTS vote image:views'), ['(integer) 0']);
  assert.deepEqual(app.browser.pageErrors, []);
});

test('a deep link opens a step; a key expiring by itself completes a step; reset restores the start', async () => {
  const { page } = app.browser;
  await ready(page, '/?lesson=expiry&step=6');
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await lesson.getByRole('heading', { name: '6. Watch it vanish' }).waitFor();
  await lesson.getByRole('button', { name: 'Run: SET blink "now you see me" PX 3000' }).click();
  await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'blink' }).waitFor();
  assert.match(await stepStatus(page).textContent(), /completes when/);
  await stepStatus(page).filter({ hasText: 'Step complete' }).waitFor({ timeout: 6000 });

  await lesson.getByRole('button', { name: 'Reset lesson' }).click();
  await lesson.getByRole('button', { name: "Reset this lesson's keys and progress" }).click();
  await lesson.getByRole('heading', { name: '1. A key with a lifetime' }).waitFor();
  assert.equal(await lesson.getByRole('button', { name: /\(done\)$/ }).count(), 0);
  assert.deepEqual(await runLine(page, 'DBSIZE'), ['(integer) 0']);
});
