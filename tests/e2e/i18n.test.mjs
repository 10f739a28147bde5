// Lessons in the tutorials' languages: `?lang=` (and the header's chooser, remembered),
// the browser's languages, and a widget's `lang` give the lesson in zh-TW, zh-CN, ko or
// ru, fetched from lessons/<lang>/, with <html lang> (or the widget's root) set; the
// layout holds on a phone. Screenshots of each language land in target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launch, screenshotPath } from './harness.mjs';

const LANGS = ['zh-TW', 'zh-CN', 'ko', 'ru'];
const VOTING = '07-voting.md';

/** A lesson file's title and step titles, read from the Markdown the test expects shown. */
function titles(lang, file = VOTING) {
  const text = readFileSync(join(ROOT, 'web', 'lessons', lang === 'en' ? '' : lang, file), 'utf8');
  return {
    title: text.match(/^title: (.*)$/m)[1].trim(),
    steps: [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1].trim()),
  };
}

async function withBrowser(options, body) {
  const server = await startServer();
  const browser = await launch(server.origin, options);
  try {
    await body(browser.page, server.origin, browser);
    assert.deepEqual(browser.foreign, [], 'nothing leaves the origin');
    assert.deepEqual(browser.pageErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
}

for (const lang of LANGS) {
  test(`?lang=${lang} shows the lesson in ${lang}, <html lang> follows, and the phone layout holds`, async () => {
    const want = titles(lang);
    assert.notEqual(want.title, titles('en').title, 'the translation has its own title');
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await withBrowser({ viewport }, async (page, origin) => {
        const fetched = [];
        page.on('request', (r) => { if (r.url().includes('/lessons/')) fetched.push(new URL(r.url()).pathname); });
        await page.goto(`${origin}/?lang=${lang}&lesson=voting&step=2`);
        const pane = page.getByRole('region', { name: 'Lesson' });
        await pane.getByRole('heading', { name: want.title, exact: true }).waitFor();
        await pane.getByText(want.steps[1]).first().waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.deepEqual(fetched, [`/lessons/${lang}/${VOTING}`]);
        const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal overflow at ${viewport.width} px (${overflow} px)`);
        await page.screenshot({ path: screenshotPath(`lesson-${lang}-${viewport.width}`), fullPage: false });
      });
    }
  });
}

test('the header chooser switches the lessons language and the choice is remembered; the browser\'s languages decide otherwise', async () => {
  await withBrowser({ locale: 'ko-KR' }, async (page, origin) => {
    // The browser says Korean: the lesson list comes in Korean.
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: titles('ko', '01-first-keys.md').title }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    // Chosen in the header: Russian, then kept without ?lang=.
    await page.getByRole('combobox', { name: 'Lessons in' }).selectOption('ru');
    await page.waitForURL(/lang=ru/);
    await page.getByRole('link', { name: titles('ru', '01-first-keys.md').title }).waitFor();
    await page.goto(`${origin}/?lesson=voting`);
    await page.getByRole('region', { name: 'Lesson' }).getByRole('heading', { name: titles('ru').title, exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    // English on request.
    await page.goto(`${origin}/?lang=en&lesson=voting`);
    await page.getByRole('region', { name: 'Lesson' }).getByRole('heading', { name: titles('en').title, exact: true }).waitFor();
  });
});

test('a widget with lang= shows its lesson in that language, its root marked with the language', async () => {
  await withBrowser({}, async (page, origin) => {
    await page.route('**/docs/zh.html', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>Guide</title><script type="module" src="/embed.js"></script>
        <keyspace-playground id="w" lesson="voting" lang="zh-TW" height="700"></keyspace-playground>`,
    }));
    await page.goto(`${origin}/docs/zh.html`);
    const pane = page.locator('#w').getByRole('region', { name: 'Lesson' });
    await pane.getByRole('heading', { name: titles('zh-TW').title, exact: true }).waitFor();
    assert.equal(await page.locator('#w').locator('[lang="zh-TW"]').count() > 0, true);
    await page.screenshot({ path: screenshotPath('widget-zh-TW'), fullPage: true });
  });
});
