// An axe-core audit (WCAG 2.0 and 2.1, levels A and AA) of free play, a lesson (in
// English and in each translation) and the embed demo with its widgets awake, in the
// light and the dark theme: no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launch, catalogue } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations on the page as it is now, one line per rule with its nodes. */
async function audit(page) {
  // Through the DevTools protocol, as a page script would be refused by the CSP.
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${[].concat(n.target).join(' >>> ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }))),
    TAGS,
  );
  return violations.map((v) => `${v.id} (${v.help}):\n    ${v.nodes.join('\n    ')}`);
}

const PAGES = [
  ['free play', '/', async (page) => {
    await page.getByRole('textbox', { name: 'Command' }).fill('SET greeting hello');
    await page.getByRole('textbox', { name: 'Command' }).press('Enter');
    await page.getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'greeting' }).waitFor();
  }],
  ['a lesson', '/?lesson=voting', async (page) => {
    await page.getByRole('textbox', { name: 'Command' }).waitFor();
    await page.getByRole('heading', { name: /Voting/ }).first().waitFor();
  }],
  // Every language's interface: free play with a key in the inspector, and a lesson.
  ...['zh-TW', 'zh-CN', 'ko', 'ru'].flatMap((lang) => {
    const ui = catalogue(lang);
    return [
      [`free play in ${lang}`, `/?lang=${lang}`, async (page) => {
        await page.getByRole('textbox', { name: ui['terminal-command'], exact: true }).fill(`SET greeting-${lang} hello`);
        await page.getByRole('textbox', { name: ui['terminal-command'], exact: true }).press('Enter');
        await page.getByRole('region', { name: ui['keys-pane'], exact: true }).getByRole('row').filter({ hasText: `greeting-${lang}` }).waitFor();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }],
      [`a lesson in ${lang}`, `/?lang=${lang}&lesson=streams`, async (page) => {
        await page.getByRole('textbox', { name: ui['terminal-command'], exact: true }).waitFor();
        await page.getByRole('region', { name: ui.lesson, exact: true }).getByRole('heading', { level: 2 }).waitFor();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }],
    ];
  }),
  ['the embed demo', '/embed.html', async (page) => {
    for (const id of ['counter-widget', 'voting-widget', 'notes-widget']) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.locator(`#${id}`).getByRole('textbox', { name: 'Command' }).waitFor();
    }
    await page.locator('#voting-widget').getByRole('region', { name: 'Keys' }).getByRole('row').filter({ hasText: 'vote' }).waitFor();
  }],
];

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2.1 A/AA violation in free play, a lesson and the embed demo (${scheme})`, async () => {
    const server = await startServer();
    const browser = await launch(server.origin, { colorScheme: scheme });
    try {
      const found = [];
      for (const [name, path, ready] of PAGES) {
        await browser.page.goto(server.origin + path);
        await ready(browser.page);
        for (const line of await audit(browser.page)) found.push(`${name}: ${line}`);
      }
      assert.deepEqual(found, [], `axe (${scheme}):\n${found.join('\n')}`);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
