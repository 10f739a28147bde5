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
// The build fills in the hashed file names below (web/hooks/externalize-boot.mjs).
const GLUE = '__KEYSPACE_GLUE__';
const WASM = '__KEYSPACE_WASM__';
const CSS = '__KEYSPACE_CSS__';
const base = new URL('.', import.meta.url);

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
function loadingText(asked) {
  for (const tag of [asked, ...navigator.languages].filter(Boolean)) {
    const [language, ...rest] = tag.toLowerCase().replace('_', '-').split('-');
    if (language === 'zh') {
      return LOADING[rest.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p)) ? 'zh-TW' : 'zh-CN'];
    }
    if (language in LOADING) return LOADING[language];
  }
  return LOADING.en;
}

let module;
function engine() {
  module ??= import(new URL(GLUE, base).href).then(async (glue) => {
    await glue.default({ module_or_path: new URL(WASM, base) });
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
    const height = this.getAttribute('height') ?? '360';
    this.style.display = 'block';
    this.style.height = /^\d+$/.test(height) ? `${height}px` : height;
    if (!this.hasAttribute('theme')) this.setAttribute('theme', 'auto');
    const start = () => engine().then(async (glue) => {
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
