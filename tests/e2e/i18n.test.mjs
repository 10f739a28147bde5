// The tutorials' languages: `?lang=` (and the header's chooser, remembered), the
// browser's languages, and a widget's `lang` give the interface (web/i18n/<lang>.ftl)
// and the lessons (lessons/<lang>/) in zh-TW, zh-CN, ko or ru, with <html lang> (or the
// widget's root) set; no label is left in English; the layout holds on a phone.
// Screenshots of each language land in target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launch, screenshotPath, catalogue } from './harness.mjs';

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

/** English labels `lang` shows differently: none may be left on its page. */
function untranslated(lang) {
  const en = catalogue('en');
  const other = catalogue(lang);
  return new Set(Object.keys(en).filter((id) => id in other && other[id] !== en[id] && /[A-Za-z]{3}/.test(en[id])).map((id) => en[id]));
}

/** Labels of the interface inside `scope` (buttons, headings, headers, summaries, accessible names, titles, placeholders) that are English labels `lang` translates. */
async function englishLabels(scope, lang) {
  const english = [...untranslated(lang)];
  return scope.evaluate((root, english) => {
    const set = new Set(english);
    const found = [];
    const all = [root, ...root.querySelectorAll('*')];
    for (const el of all) {
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute?.(attr);
        if (v && set.has(v.trim())) found.push(`${el.tagName} ${attr}="${v}"`);
      }
      if (el.matches?.('button, h1, h2, h3, th, summary, label, option, .badge, [role=columnheader], [role=status]')) {
        const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
        if (own && set.has(own)) found.push(`${el.tagName} "${own}"`);
      }
    }
    return found;
  }, english);
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
        const ui = catalogue(lang);
        const pane = page.getByRole('region', { name: ui.lesson, exact: true });
        await pane.getByRole('heading', { name: want.title, exact: true }).waitFor();
        await pane.getByText(want.steps[1]).first().waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.deepEqual(fetched, [`/lessons/${lang}/${VOTING}`]);
        // The interface is in the language too: the lesson's buttons, the terminal, the
        // inspector, the header; none of its labels left in English.
        await pane.getByRole('button', { name: ui['lesson-reset-step'], exact: true }).waitFor();
        await page.getByRole('region', { name: ui.terminal, exact: true }).waitFor();
        await page.getByRole('region', { name: ui['keys-pane'], exact: true }).waitFor();
        await page.getByRole('combobox', { name: ui.language }).waitFor();
        await page.getByRole('textbox', { name: ui['terminal-command'], exact: true }).waitFor();
        assert.deepEqual(await englishLabels(page.locator('body'), lang), [], 'no English label left');
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
    // The free-play page's interface in Korean: header, persistence panel, inspector.
    await page.getByRole('heading', { name: catalogue('ko')['lessons-title'] }).waitFor();
    await page.getByRole('button', { name: catalogue('ko')['aof-download'], exact: true }).waitFor();
    assert.deepEqual(await englishLabels(page.locator('body'), 'ko'), [], 'no English label left');
    await page.screenshot({ path: screenshotPath('free-play-ko'), fullPage: false });
    // Chosen in the header: Russian, then kept without ?lang=.
    await page.getByRole('combobox', { name: catalogue('ko').language }).selectOption('ru');
    await page.waitForURL(/lang=ru/);
    await page.getByRole('link', { name: titles('ru', '01-first-keys.md').title }).waitFor();
    await page.getByRole('region', { name: catalogue('ru').lessons, exact: true }).waitFor();
    await page.goto(`${origin}/?lesson=voting`);
    await page.getByRole('region', { name: catalogue('ru').lesson, exact: true }).getByRole('heading', { name: titles('ru').title, exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    // English on request.
    await page.goto(`${origin}/?lang=en&lesson=voting`);
    await page.getByRole('region', { name: 'Lesson', exact: true }).getByRole('heading', { name: titles('en').title, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reset step', exact: true }).waitFor();
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
    const ui = catalogue('zh-TW');
    const pane = page.locator('#w').getByRole('region', { name: ui.lesson, exact: true });
    await pane.getByRole('heading', { name: titles('zh-TW').title, exact: true }).waitFor();
    assert.equal(await page.locator('#w').locator('[lang="zh-TW"]').count() > 0, true);
    await pane.getByRole('button', { name: ui['lesson-next'], exact: true }).waitFor();
    assert.deepEqual(await englishLabels(page.locator('#w').locator('.kp-root'), 'zh-TW'), [], 'no English label left in the widget');
    await page.screenshot({ path: screenshotPath('widget-zh-TW'), fullPage: true });
  });
});
