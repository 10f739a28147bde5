// The long command kinds timed in headless Chromium (wasm) at the largest size the
// browser's work limit lets through; the limit is right when each stays well under a
// 100 ms frame. Run by `cargo xtask bench` (needs a built dist/), after the native run.
import { withAppPage } from './harness.mjs';

await withAppPage(async (page) => {
  const rows = await page.evaluate(() => window.wasmBindings.bench_long_commands());
  console.log('\nbrowser (wasm in headless Chromium), at the work limit:');
  for (const row of rows) {
    console.log(`  ${row.command.padEnd(12)} ${String(row.count).padStart(10)} ${row.unit.padEnd(8)}  ${row.ms.toFixed(1).padStart(7)} ms`);
  }
});
