// Plays a lesson in the browser as a reader does: reads the lesson's own file for each
// step's solution, lets 90 s of reading pass on Playwright's clock (installed before the
// page loads, so the app's Date.now and timers follow it: TTLs run down as they would),
// then types each command, waits for the step to complete and goes on with Next.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runLine } from './harness.mjs';

const LESSONS = join(ROOT, 'web', 'lessons');

/** Every lesson file: its id and, per step, its title, solution lines and whether it is a challenge. */
export function lessonFiles() {
  return readdirSync(LESSONS).filter((f) => f.endsWith('.md')).sort().map((f) => parseLesson(readFileSync(join(LESSONS, f), 'utf8')));
}

export function lessonById(id) {
  const lesson = lessonFiles().find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  return lesson;
}

/** The parts of a lesson file the player needs (the engine's parser is the reference). */
export function parseLesson(text) {
  const lines = text.split('\n');
  const front = lines.slice(1, lines.indexOf('---', 1));
  const field = (name) => front.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
  const lesson = { id: field('id'), title: field('title'), steps: [] };
  let step = null;
  for (let i = lines.indexOf('---', 1) + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim().startsWith('<!--')) {
      while (i < lines.length && !lines[i].includes('-->')) i++;
      continue;
    }
    if (line.startsWith('## ')) {
      step = { title: line.slice(3).trim(), redis: [], solution: null, alternatives: [] };
      lesson.steps.push(step);
      continue;
    }
    const fence = line.match(/^```(\S*)/);
    if (fence) {
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) {
        if (lines[i].trim()) body.push(lines[i].trim());
      }
      if (!step) continue;
      if (fence[1] === 'redis') step.redis.push(...body);
      if (fence[1] === 'solution') step.solution = body;
      if (fence[1] === 'alternative') step.alternatives.push(body);
    }
  }
  for (const s of lesson.steps) {
    s.challenge = s.redis.length === 0;
    s.solution ??= s.redis;
  }
  return lesson;
}

const stepStatus = (page) => page.getByRole('status', { name: 'Step status' });
const lessonPane = (page) => page.getByRole('region', { name: 'Lesson' });

/** The terminal tab `n` (0: Client 1), opened with + when it is not there yet. */
async function focusClient(page, n) {
  const tabs = page.getByRole('tablist', { name: 'Clients' });
  while ((await tabs.getByRole('tab').count()) <= n) {
    await page.getByRole('button', { name: 'New client' }).click();
  }
  await tabs.getByRole('tab').nth(n).click();
}

const CLOCK_BUTTONS = {
  pause: 'Pause the clock', resume: 'Resume the clock', fast: 'Ten times faster', normal: 'Ten times faster',
};

/** Runs one solution line the way a learner would: typed, in the right client, or the clock worked. */
export async function playLine(page, line) {
  if (line.startsWith('@wait ')) {
    await page.clock.fastForward(Number(line.slice(6)));
    await page.waitForTimeout(200);
    return;
  }
  if (line.startsWith('@clock ')) {
    const what = line.slice(7);
    const jump = what.match(/^\+(\d+)([sm])$/);
    const clock = page.getByRole('group', { name: 'Clock' });
    if (jump) {
      const seconds = Number(jump[1]) * (jump[2] === 'm' ? 60 : 1);
      for (let left = seconds; left > 0;) {
        const by = left >= 60 ? 60 : 10;
        await clock.getByRole('button', { name: by === 60 ? 'Forward 1 minute' : 'Forward 10 seconds' }).click();
        left -= by;
      }
    } else {
      await clock.getByRole('button', { name: CLOCK_BUTTONS[what] }).click();
    }
    return;
  }
  const second = line.startsWith('@2 ');
  const command = second ? line.slice(3) : line;
  await focusClient(page, second ? 1 : 0);
  const input = page.getByRole('textbox', { name: 'Command' });
  // A blocking command leaves the prompt busy: type it and move on.
  const blocking = /^(BRPOP|BLPOP|BLMOVE|BLMPOP|BRPOPLPUSH|BZPOPMIN|BZPOPMAX|BZMPOP|SUBSCRIBE|PSUBSCRIBE|SSUBSCRIBE)\b/i.test(command)
    || /^XREAD(GROUP)?\b.*\bBLOCK\b/i.test(command);
  if (blocking) {
    await input.fill(command);
    await input.press('Enter');
    await page.waitForTimeout(100);
    return;
  }
  await runLine(page, command);
}

/**
 * Opens `?lesson=<id>[&step=<from+1>]` and plays the steps from `from` on as a reader:
 * 90 s of reading, then the solution typed command by command (or `lines(step)` when
 * given, e.g. a challenge's alternative); each step must be incomplete until then and
 * complete after. The page must have had `page.clock.install()` before this.
 */
export async function playLesson(page, origin, lesson, { from = 0, reading = 90_000, lines = null, upTo = lesson.steps.length } = {}) {
  const url = `${origin}/?lesson=${lesson.id}${from > 0 ? `&step=${from + 1}` : ''}`;
  await page.goto(url);
  await lessonPane(page).getByRole('heading', { name: lesson.title }).waitFor();
  await page.getByRole('textbox', { name: 'Command' }).waitFor();
  for (let n = from; n < upTo; n++) {
    const step = lesson.steps[n];
    await lessonPane(page).getByRole('heading', { name: `${n + 1}. ${step.title}` }).waitFor();
    await page.clock.fastForward(reading);
    await page.waitForTimeout(150);
    const before = await stepStatus(page).textContent();
    if (before.startsWith('✓')) {
      throw new Error(`${lesson.id} step ${n + 1} (${step.title}) completed while the learner read: ${before}`);
    }
    for (const line of (lines && lines(step, n)) ?? step.solution) {
      await playLine(page, line);
      await page.clock.fastForward(3_000);
    }
    try {
      await stepStatus(page).filter({ hasText: /^✓/ }).waitFor({ timeout: 5_000 });
    } catch {
      throw new Error(`${lesson.id} step ${n + 1} (${step.title}) did not complete: ${await stepStatus(page).textContent()}`);
    }
    if (n + 1 < lesson.steps.length) await page.getByRole('button', { name: 'Next' }).click();
  }
}
