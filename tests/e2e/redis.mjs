// A redis-server of a test's own, for e2e tests that check files the app writes against
// the real thing (or open files the real thing wrote), and the screenshot helper they share.
import { mkdirSync, copyFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { screenshotPath } from './harness.mjs';

/** A full-page screenshot, copied to $SHOTS_DIR too when it is set. */
export async function shot(page, name) {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    copyFileSync(screenshotPath(name), join(process.env.SHOTS_DIR, `${name}.png`));
  }
}

export const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** redis-cli's answer, trimmed (throws when redis-cli fails). */
export const cli = (port, ...args) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** Starts a redis-server of our own in `dir` (no save points, no AOF, plus `extra`),
 * once it has loaded what is there; fails if it does not answer. */
export async function startRedis(dir, extra = []) {
  const port = await freePort();
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra,
  ], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      if (cli(port, 'PING') === 'PONG' && /loading:0/.test(cli(port, 'INFO', 'persistence'))) {
        return { port, stop: () => { try { cli(port, 'SHUTDOWN', 'NOSAVE'); } catch { child.kill('SIGKILL'); } } };
      }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on ${port}`);
}
