// What `npm start` runs: the desktop app, or browser mode and the one line that says
// why. Pure decision logic over injected steps, so every branch is unit-tested here,
// where Electron cannot be downloaded (electron/main/test/launch-plan.test.ts).
//
// The desktop app needs two things that npm does not always install: Electron's
// binary (Electron 45 downloads it only when asked, with its `install-electron`
// script) and better-sqlite3 built for Electron's ABI (kept in its own folder, see
// engine/sqlite.ts). Each is fetched once when missing and the network allows;
// browser mode is the fallback only when that fails.

/** How an attempt to fetch something went; `reason` is one short line when it failed. */
export type Attempt = { ok: true } | { ok: false; reason: string };

export interface LaunchSteps {
  /** Electron's version from node_modules/electron; null when the package is not installed. */
  electronVersion: string | null;
  /** `--browser` on the command line: browser mode without trying Electron. */
  browserAsked: boolean;
  /** ELECTRON_SKIP_BINARY_DOWNLOAD is set: the user does not want the download. */
  skipDownload: boolean;
  findBinary(): string | null;
  /** Runs Electron's own install script (`install-electron`). */
  downloadBinary(): Promise<Attempt>;
  /** Whether better-sqlite3's Electron build is in its folder. */
  sqliteReady(): boolean;
  /** Fetches better-sqlite3's prebuilt Electron build into its folder. */
  fetchSqlite(): Promise<Attempt>;
  /** Progress for people (stderr): a download can take a while. */
  note(line: string): void;
}

export type LaunchPlan = { kind: 'electron'; binary: string } | { kind: 'browser'; why: string };

const FALLBACK = 'starting browser mode instead.';

export async function planLaunch(s: LaunchSteps): Promise<LaunchPlan> {
  if (s.browserAsked) return { kind: 'browser', why: 'Starting browser mode, as asked (--browser).' };
  if (s.electronVersion === null) {
    return {
      kind: 'browser',
      why: `Electron is not installed (no node_modules/electron); ${FALLBACK}`,
    };
  }
  const version = s.electronVersion;
  let binary = s.findBinary();
  if (binary === null) {
    if (s.skipDownload) {
      return {
        kind: 'browser',
        why: `Electron's binary is not downloaded and ELECTRON_SKIP_BINARY_DOWNLOAD is set; ${FALLBACK}`,
      };
    }
    s.note(`Downloading Electron ${version} (once; about 100 MB)...`);
    const got = await s.downloadBinary();
    if (!got.ok) {
      return {
        kind: 'browser',
        why: `Electron ${version} could not be downloaded (${got.reason}); ${FALLBACK}`,
      };
    }
    binary = s.findBinary();
    if (binary === null) {
      return {
        kind: 'browser',
        why: `Electron ${version} was downloaded but its binary is not where its package says; ${FALLBACK}`,
      };
    }
  }
  if (!s.sqliteReady()) {
    s.note(`Fetching better-sqlite3 built for Electron ${version} (once)...`);
    const got = await s.fetchSqlite();
    if (!got.ok) {
      return {
        kind: 'browser',
        why: `better-sqlite3 for Electron ${version} could not be fetched (${got.reason}); ${FALLBACK}`,
      };
    }
  }
  return { kind: 'electron', binary };
}

/** The most telling line of a failed tool's output, for the one-line reason. */
export function reasonFrom(output: string, fallback: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !/^npm (WARN|ERR!)\s*$/.test(l));
  const line =
    lines.find((l) => /error|failed|not found|denied|ENOTFOUND|ECONN|EAI_AGAIN|timed out/i.test(l)) ??
    lines[0];
  if (!line) return fallback;
  const clean = line
    .replace(/^prebuild-install (warn|err!|info)\s+(install\s+)?/i, '')
    .replace(/^(\w*Error):\s*/, '');
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
}
