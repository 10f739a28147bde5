// <keyspace-playground>: a live Redis in a documentation page, running in the reader's
// browser. One <script type="module" src=".../embed.js"> and then, anywhere:
//
//   <keyspace-playground autorun inspector theme="auto" height="320" persist="my-page">
//     SET click 0
//     INCR click
//   </keyspace-playground>
//
// Text content: commands to preload, one per line (redis-cli syntax). Attributes:
// autorun (run them at load), lesson="<id>" (with step="<n>": open at step n, its
// starting state made; the lesson's Markdown is fetched from lessons/ beside this
// file when the widget mounts), persist="<name>" (keep the keyspace in
// IndexedDB under that name; otherwise memory only), height, theme="light|dark|auto",
// inspector, lang="<tag>" (the widget's language, its interface and lesson: en, zh-TW,
// zh-CN, ko or ru; else the reader's browser languages decide; Redis's replies stay as
// Redis prints them). Every widget is its own keyspace; all share one download of the module,
// fetched when the first widget comes near the viewport. Styles live in shadow DOM.
// The build fills in the hashed file names below (web/hooks/externalize-boot.mjs, then
// the release build's split, xtask/src/split.rs, which sets WASM again and REST).
const GLUE = '__KEYSPACE_GLUE__';
const WASM = '__KEYSPACE_WASM__';
const REST = '';
const WARM = '';
const CSS = '__KEYSPACE_CSS__';
const base = new URL('.', import.meta.url);

// The module in two parts. WASM holds the code the build's profile pages ran (a widget
// at load, a tutorial typed into it) and a placeholder for every other function; REST,
// the second module, holds the rest (scripting, streams, geo, lessons...) and shares the
// first one's memory, tables and globals. It is fetched in the background once a reader
// reaches into a widget (focus, pointer, key), or before a widget mounts whose lesson,
// persisted keyspace or preloaded commands (not in WARM, the commands the profile ran)
// need it; a placeholder reached before it is here loads it synchronously
// (web/src/services/split.rs calls loadSecondModule; if that fails, every widget says so,
// below, and the command stops). Without REST (a development build) there is one module.
let exports; // the first module's instance exports, once it is instantiated
let restModule; // the second module, compiled
let restInstance;
let restFetch;
function instantiateRest(compiled) {
  if (restInstance) return;
  if (!exports) throw new Error('keyspace-playground: the second module was needed before the first was ready');
  const split = {};
  for (const [name, value] of Object.entries(exports)) {
    if (name.startsWith('__split_')) split[name.slice(8)] = value;
  }
  restInstance = new WebAssembly.Instance(compiled, { split });
  exports.__split_loaded.value = 1;
}
function prefetchRest() {
  if (!REST || restModule) return Promise.resolve();
  restFetch ??= fetch(new URL(REST, base))
    .then((response) => {
      if (!response.ok) throw new Error(`${REST}: HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .then((bytes) => WebAssembly.compile(bytes))
    .then((compiled) => {
      restModule = compiled;
      if (exports) instantiateRest(compiled);
    })
    .catch((error) => {
      // Not fatal: a placeholder still loads it synchronously when it is needed.
      console.warn('keyspace-playground: prefetching the second module failed:', error);
      restFetch = undefined;
    });
  return restFetch;
}
// Said in every widget when the second module cannot be had (the network is gone): the
// command that needed it cannot finish. In each widget's language; not in the catalogues,
// whose code may be what failed to arrive.
const UNAVAILABLE = {
  'en': 'Part of Redis could not be downloaded (offline?). Reload the page to try again.',
  'zh-TW': '無法下載 Redis 的其餘部分（是否已離線？）。請重新載入頁面再試一次。',
  'zh-CN': '无法下载 Redis 的其余部分（是否已离线？）。请重新加载页面再试一次。',
  'ko': 'Redis의 나머지 부분을 내려받지 못했습니다(오프라인인가요?). 페이지를 새로 고쳐 다시 시도하세요.',
  'ru': 'Не удалось загрузить остальную часть Redis (нет сети?). Перезагрузите страницу, чтобы попробовать снова.',
};
const widgets = new Map(); // each widget's root → the language it asked for
let restFailure;
function loadRestNow() {
  if (restInstance) return;
  if (restFailure) throw restFailure;
  try {
    loadRestSynchronously();
  } catch (error) {
    restFailure = new Error(`keyspace-playground: ${REST} could not be loaded: ${error.message}`);
    for (const [root, asked] of widgets) {
      const note = document.createElement('p');
      note.className = 'lesson-error';
      note.setAttribute('role', 'alert');
      note.textContent = localized(UNAVAILABLE, asked);
      root.before(note);
    }
    throw restFailure;
  }
}
function loadRestSynchronously() {
  if (!restModule) {
    // Synchronous: the placeholder that called this is in the middle of a command. A
    // synchronous request cannot ask for an ArrayBuffer, so bytes come as x-user-defined text.
    const request = new XMLHttpRequest();
    request.open('GET', new URL(REST, base).href, false);
    request.overrideMimeType('text/plain; charset=x-user-defined');
    request.send();
    if (request.status !== 200) throw new Error(`${REST}: HTTP ${request.status}`);
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    restModule = new WebAssembly.Module(bytes);
  }
  instantiateRest(restModule);
}
if (REST) globalThis.__keyspacePlayground = { loadSecondModule: loadRestNow };

// The placeholder until the module loads, in each catalogue's words (web/i18n/*.ftl,
// `widget-loading`; a test keeps them equal). The module negotiates the language for
// real (playground/src/i18n); this picks the same one for the tags it knows.
const LOADING = {
  'en': 'Loading Redis…',
  'zh-TW': '正在載入 Redis…',
  'zh-CN': '正在加载 Redis…',
  'ko': 'Redis 불러오는 중…',
  'ru': 'Загрузка Redis…',
};
function localized(texts, asked) {
  for (const tag of [asked, ...navigator.languages].filter(Boolean)) {
    const [language, ...rest] = tag.toLowerCase().replace('_', '-').split('-');
    if (language === 'zh') {
      return texts[rest.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p)) ? 'zh-TW' : 'zh-CN'];
    }
    if (language in texts) return texts[language];
  }
  return texts.en;
}
const loadingText = (asked) => localized(LOADING, asked);

let module;
function engine() {
  module ??= import(new URL(GLUE, base).href).then(async (glue) => {
    exports = await glue.default({ module_or_path: new URL(WASM, base) });
    if (restModule) instantiateRest(restModule);
    return glue;
  });
  return module;
}

class KeyspacePlayground extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const commands = this.textContent.split('\n').map((line) => line.trim()).filter(Boolean);
    const shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = new URL(CSS, base).href;
    const root = document.createElement('div');
    root.className = 'kp-root';
    root.textContent = loadingText(this.getAttribute('lang'));
    shadow.append(style, root);
    widgets.set(root, this.getAttribute('lang'));
    const height = this.getAttribute('height') ?? '360';
    this.style.display = 'block';
    this.style.height = /^\d+$/.test(height) ? `${height}px` : height;
    if (!this.hasAttribute('theme')) this.setAttribute('theme', 'auto');
    // A reader reaching into the widget is about to type: fetch the rest of the module.
    for (const event of ['focusin', 'pointerdown', 'keydown']) {
      this.addEventListener(event, prefetchRest, { once: true, passive: true });
    }
    // A lesson's panel, a persisted keyspace's storage and commands the build's profile
    // did not run (WARM) are not in the first module: with the second here first, mounting
    // such a widget, or running its commands, never waits on a synchronous download.
    const warm = new Set(WARM.split(' '));
    const needsRest = this.hasAttribute('lesson') || this.hasAttribute('persist')
      || (WARM !== '' && commands.some((line) => !warm.has(line.split(/\s+/)[0].toUpperCase())));
    const start = () => Promise.all([engine(), needsRest && prefetchRest()]).then(async ([glue]) => {
      // The widget clears the loading text when it mounts.
      await glue.mount_widget(root, {
        commands,
        autorun: this.hasAttribute('autorun'),
        inspector: this.hasAttribute('inspector'),
        lesson: this.getAttribute('lesson'),
        step: this.getAttribute('step'),
        persist: this.getAttribute('persist'),
        lang: this.getAttribute('lang'),
        assets: base.href,
      });
      this.dispatchEvent(new CustomEvent('keyspace-ready', { bubbles: true }));
    });
    // Lazy: nothing is fetched until a widget is about to be seen.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: '200px' });
    observer.observe(this);
  }
}

customElements.define('keyspace-playground', KeyspacePlayground);
