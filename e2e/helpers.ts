/**
 * What the browser tests share: a built renkou server on a free port with a fresh data folder
 * and the demo county, a Chromium driven by playwright-core, and the steps every test repeats
 * (log in, log out, take a screenshot).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS = path.join(REPO, 'test-results');
export const DEMO_PASSWORD = 'renkou2026';

export type RunningServer = {
  baseUrl: string;
  dataDir: string;
  /** What the server printed, for a failing test's message. */
  output: () => string;
  stop: () => Promise<void>;
  /**
   * Stops the server, keeping its data folder, runs `between` while nothing holds the folder (a
   * test that lets time pass changes dates there), and starts it again on the same port.
   */
  restart: (between?: (dataDir: string) => Promise<void>) => Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `node bin/renkou.js serve` (the built server, which also serves the built web app) on
 * a free port with a fresh data folder and the small demo county, and waits until it answers
 * /api/health. The first start seeds the demo registry, hence the long wait.
 */
export async function startServer(timeoutMs = 90_000): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'renkou-e2e-'));
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const output = () => lines.join('');
  let child: ChildProcess;

  const spawnServer = () => {
    // E2E_RENKOU_CLI runs another build of the server (e.g. one compiled elsewhere).
    const cli = process.env.E2E_RENKOU_CLI ?? 'bin/renkou.js';
    child = spawn(process.execPath, [cli, 'serve'], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        RENKOU_DATA: dataDir,
        // The small demo county (a few thousand people): quick to seed, what the tests use.
        RENKOU_DEMO: process.env.E2E_RENKOU_DEMO ?? 'small',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  };
  const halt = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const ready = async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        await stop();
        throw new Error(`renkou server exited with code ${child.exitCode}:\n${output()}`);
      }
      try {
        const response = await fetch(`${baseUrl}/api/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await stop();
    throw new Error(`renkou server did not answer /api/health within ${timeoutMs} ms:\n${output()}`);
  };
  const restart = async (between?: (dir: string) => Promise<void>) => {
    await halt();
    await between?.(dataDir);
    spawnServer();
    await ready();
  };

  spawnServer();
  await ready();
  return { baseUrl, dataDir, output, stop, restart };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (no cookies, no remembered language) in Chinese, like a new user. */
export async function newUserContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
}

/** Uncaught errors in the page: a test asserts there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  // A full-page capture draws the sticky header where the page is scrolled to: start at the top.
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

/** Logs in through the login page and waits for the app shell. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
}

/** An ISO date `days` before today in China (where the server's "today" is). */
export function daysAgo(days: number): string {
  const now = new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000);
  return now.toISOString().slice(0, 10);
}

export function yearsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}
