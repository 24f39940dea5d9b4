// Test fixtures: a fresh app (own data folder) per test, launched through Electron
// where its binary exists, otherwise in browser mode over the real loopback host.
import { test as base, chromium, _electron, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { findElectronBinary } from '../electron/main/electron-binary';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Starting a browser or the app only times out on a hang: a busy machine may take minutes. */
const LAUNCH_CEILING_MS = 300_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS = path.join(ROOT, 'e2e-artifacts');

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((c): c is string => !!c && fs.existsSync(c));
  if (!found)
    throw new Error('No Chromium found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH.');
  return found;
}

/** Starts `backbeat serve` and resolves with the address it prints. */
function startBrowserMode(
  dataDir: string,
  hostEnv: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'backbeat.js'), 'serve', '--no-open', '--port', '0'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          BACKBEAT_DATA_DIR: dataDir,
          BACKBEAT_LIBRARY: '',
          BACKBEAT_BACKUP_DIR: '',
          // The Schedule screen's system timer goes into a throwaway HOME and never reaches systemctl.
          HOME: path.join(dataDir, 'home'),
          XDG_CONFIG_HOME: '',
          BACKBEAT_OS_TIMER_DRY: '1',
          ...hostEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    // Only catches a hang: a start-up on a busy machine may take many seconds.
    const timer = setTimeout(
      () => reject(new Error(`backbeat serve printed no address in 300 s:\n${out}\n${err}`)),
      300_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child });
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backbeat serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export interface AppFixture {
  page: Page;
  dataDir: string;
  mode: 'electron' | 'browser';
  /** Saves a screenshot under e2e-artifacts/ (kept as a test artifact). */
  shot(name: string): Promise<void>;
  /** Browser mode only: stops the host process (as if `backbeat serve` were ended) and waits for it to exit. */
  stopHost(): Promise<void>;
  /** Browser mode only: the address `backbeat serve` printed (with its token). */
  url: string | null;
}

let announced = false;

export const test = base.extend<{ app: AppFixture; hostEnv: Record<string, string> }>({
  /** Extra environment for the host (e.g. BACKBEAT_RESTIC, BACKBEAT_REPO_PASSWORD_FILE); set with test.use(). */
  hostEnv: [{}, { option: true }],
  app: async ({ hostEnv }, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-e2e-'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const slug = testInfo.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const electronBin = findElectronBinary();
    let page: Page;
    let close: () => Promise<void>;
    let mode: 'electron' | 'browser';
    let stopHost: () => Promise<void> = async () => {
      throw new Error('stopHost works in browser mode only');
    };
    let hostUrl: string | null = null;
    if (electronBin) {
      mode = 'electron';
      const app = await _electron.launch({
        timeout: LAUNCH_CEILING_MS,
        executablePath: electronBin,
        args: [ROOT],
        env: { ...process.env, BACKBEAT_DATA_DIR: dataDir, ...hostEnv },
      });
      page = await app.firstWindow();
      close = () => app.close();
    } else {
      mode = 'browser';
      if (!announced) {
        announced = true;
        console.log(
          'e2e: Electron binary not found; falling back to browser mode (backbeat serve + Debian Chromium).',
        );
      }
      const { url, child } = await startBrowserMode(dataDir, hostEnv);
      hostUrl = url;
      stopHost = () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: CHROMIUM_ARGS,
        timeout: LAUNCH_CEILING_MS,
      });
      const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
      page = await context.newPage();
      await page.goto(url);
      close = async () => {
        await browser.close();
        child.kill('SIGTERM');
      };
    }
    const shot = async (name: string): Promise<void> => {
      const file = path.join(ARTIFACTS, `${slug}--${name}.png`);
      await page.screenshot({ path: file });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    };
    try {
      await use({ page, dataDir, mode, shot, stopHost, url: hostUrl });
    } finally {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

/**
 * The health line for a backup this test has just made. Its age is real time, so on a busy
 * machine it may read "2 minutes ago" by the time a later step looks: any age in minutes
 * is still that backup (each test starts with an empty data folder), an age in hours is not.
 */
export const NEWEST_BACKUP_JUST_MADE = /Newest backup: (just now|\d+ (seconds?|minutes?) ago)/;

export { expect } from '@playwright/test';
