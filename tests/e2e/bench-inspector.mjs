// Frame-time benchmark of the key inspector in headless Chromium: 10,000 keys, 5,000 of
// them with TTLs counting down, the list scrolling, for 5 seconds. Prints frame-interval
// percentiles and long tasks. Run by `cargo xtask bench` (needs a built dist/).
import { startServer, launch, pasteInto } from './harness.mjs';

const KEYS = 10_000;
const server = await startServer();
const browser = await launch(server.origin);
try {
  const { page } = browser;
  await page.goto(server.origin + '/');
  const input = page.getByRole('textbox', { name: 'Command' });
  await input.waitFor();
  const lines = [];
  for (let i = 0; i < KEYS; i++) {
    lines.push(i % 2 ? `SET plain:${i} v` : `SET volatile:${i} v EX ${60 + (i % 600)}`);
  }
  const started = Date.now();
  // Paste them all: the terminal runs pasted lines in order.
  await pasteInto(input, lines.join('\n') + '\n');
  await page.getByText(`${KEYS} keys`).waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - started;

  const result = await page.evaluate(async () => {
    const longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)))
      .observe({ type: 'longtask', buffered: false });
    const table = document.querySelector('.key-table');
    const frames = [];
    let last = performance.now();
    const end = last + 5000;
    await new Promise((resolve) => {
      const step = (t) => {
        frames.push(t - last);
        last = t;
        table.scrollTop = (table.scrollTop + 37) % (table.scrollHeight - table.clientHeight);
        if (t < end) requestAnimationFrame(step); else resolve();
      };
      requestAnimationFrame(step);
    });
    const rows = document.querySelectorAll('.key-table [role=row]').length;
    return { frames, longTasks, rows };
  });
  const sorted = [...result.frames].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  console.log(`\ninspector with ${KEYS} keys (${KEYS / 2} counting down), 5 s of scrolling in headless Chromium:`);
  console.log(`| frames | p50 ms | p95 ms | p99 ms | max ms | long tasks (>50 ms) | rows in the DOM | load of ${KEYS} pasted commands |`);
  console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|`);
  console.log(`| ${sorted.length} | ${pct(50)} | ${pct(95)} | ${pct(99)} | ${sorted[sorted.length - 1].toFixed(1)} | ${result.longTasks.length} | ${result.rows} | ${(loadMs / 1000).toFixed(1)} s |`);
} finally {
  await browser.close();
  await server.close();
}
