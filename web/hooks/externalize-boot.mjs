// trunk post_build hook: move trunk's inline boot <script type="module"> into an
// external, content-hashed file, so the page's CSP can forbid inline scripts
// (script-src 'self' 'wasm-unsafe-eval'). trunk 0.21 has no option for this.
// Then fill embed.js with the hashed names of the widgets' module, its wasm and the styles,
// and drop its comment lines.
import { readFileSync, writeFileSync, readdirSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a trunk hook');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';

for (const page of ['index.html']) {
  const path = join(staging, page);
  const html = readFileSync(path, 'utf8');
  const inline = /<script type="module">([\s\S]*?)<\/script>/g;
  let count = 0;
  const rewritten = html.replace(inline, (_, body) => {
    count += 1;
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const name = `boot-${hash}.js`;
    writeFileSync(join(staging, name), body.trim() + '\n');
    return `<script type="module" src="${publicUrl}${name}"></script>`;
  });
  if (count !== 1) throw new Error(`${page}: expected one inline boot script from trunk, found ${count}`);
  writeFileSync(path, rewritten);
}

// The widgets' module (index.html's second rust link, `keyspace-widget`, built without
// the app's parts) comes out of trunk unhashed, as trunk names a "worker": give its
// wasm and glue content-hashed names as trunk gives the app's, so hosts can cache them.
const hashed = (file) => {
  const hash = createHash('sha256').update(readFileSync(join(staging, file))).digest('hex').slice(0, 16);
  const name = file.replace(/^keyspace-widget/, `keyspace-widget-${hash}`);
  renameSync(join(staging, file), join(staging, name));
  return name;
};
const widgetWasm = hashed('keyspace-widget_bg.wasm');
const widgetGlue = hashed('keyspace-widget.js');

const files = readdirSync(staging);
const one = (test, what) => {
  const found = files.filter(test);
  if (found.length !== 1) throw new Error(`expected one ${what} in the build, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const embedPath = join(staging, 'embed.js');
const embed = readFileSync(embedPath, 'utf8')
  .replace('__KEYSPACE_GLUE__', widgetGlue)
  .replace('__KEYSPACE_WASM__', widgetWasm)
  .replace('__KEYSPACE_CSS__', one((f) => /^style-.*\.css$/.test(f), 'stylesheet'));
if (embed.includes('__KEYSPACE_')) throw new Error('embed.js: a file name was not filled in');
// Its comments are for this repository's readers: the page downloads it without the
// lines that are only a comment (no string in it spans lines, so none starts with //).
writeFileSync(embedPath, embed.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n'));
