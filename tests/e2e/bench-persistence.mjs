// Benchmarks of the browser AOF store in headless Chromium (IndexedDB): replay of a
// 1,000,000-command AOF to a ready keyspace, sustained writes under everysec, and
// acknowledged durable writes under always (group commit, 50 clients). Prints a table.
// Run by `cargo xtask bench` (needs a built dist/).
import { withAppPage } from './harness.mjs';

await withAppPage(async (page) => {
  const replay = await page.evaluate(() => window.wasmBindings.bench_aof_replay(1_000_000));
  const everysec = await page.evaluate(() => window.wasmBindings.bench_aof_writes(1_000_000, 1, 'everysec'));
  const always = await page.evaluate(() => window.wasmBindings.bench_aof_writes(20_000, 50, 'always'));
  const rate = (r) => Math.round(r.writes / r.durable_seconds).toLocaleString('en');
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  console.log('\nbrowser AOF (IndexedDB) in headless Chromium:');
  console.log('| measure | figure | target |');
  console.log('|---|---:|---:|');
  console.log(`| replay of a ${replay.commands.toLocaleString('en')}-command AOF (${mb(replay.bytes)} MB in 100 chunks), store opened to keyspace ready | ${Math.round(replay.ready_ms)} ms | |`);
  console.log(`| the same keyspace's next start, from the RDB base that start rewrote (${replay.base_keys.toLocaleString('en')} keys, ${mb(replay.base_bytes)} MB) | ${Math.round(replay.base_ready_ms)} ms | < 1000 ms |`);
  console.log(`| everysec: ${everysec.writes.toLocaleString('en')} SETs, all stored | ${rate(everysec)} writes/s (${everysec.durable_seconds.toFixed(2)} s; longest main-thread slice ${everysec.longest_block_ms.toFixed(0)} ms) | ≥ 200,000 writes/s |`);
  console.log(`| always: 50 clients, ${always.writes.toLocaleString('en')} SETs, each acknowledged after its commit | ${rate(always)} writes/s (${always.acknowledged_rounds} commits) | ≥ 1,000 writes/s |`);
});
