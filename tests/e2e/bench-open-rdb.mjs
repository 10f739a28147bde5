// Opening a big dump.rdb in headless Chromium: the time from choosing the file to the
// sandbox being shown, and the longest main-thread tasks meanwhile (PerformanceObserver).
// Make a file first, e.g. 1,000,000 keys (24 MB):
//   cargo run --release -p keyspace-engine --example rdb_bench 1000000 /tmp/big.rdb
// then, after a release build: FILE=/tmp/big.rdb node tests/e2e/bench-open-rdb.mjs
import { withAppPage } from './harness.mjs';

const file = process.env.FILE;
if (!file) throw new Error('FILE=<a dump.rdb> is needed');
await withAppPage(async (page) => {
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByLabel('Open dump.rdb').setInputFiles(file);
  await page.getByRole('button', { name: 'Back to my keyspace' }).waitFor({ timeout: 120_000 });
  const ms = Date.now() - started;
  const long = (await page.evaluate(() => window.longTasks)).sort((a, b) => b - a);
  console.log(`opened ${file} in ${ms} ms; tasks over 50 ms: ${long.length}, the longest ${long.slice(0, 5).join(', ')} ms`);
});
