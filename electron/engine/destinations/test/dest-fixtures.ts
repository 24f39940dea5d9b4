// Fixtures for the destination tests: real servers on 127.0.0.1 (rclone's REST server,
// OpenSSH's sftp-server run by restic itself), a library with analysis, and the checks
// that a recovered library equals the original. A test whose server binary is absent
// skips and prints why; nothing is skipped silently.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { DestinationConfig } from '../../repository/repo-config';
import type { DestScope } from '../operations';

export const RCLONE = process.env.BACKBEAT_TEST_RCLONE ?? '/usr/bin/rclone';
export const SFTP_SERVER = process.env.BACKBEAT_TEST_SFTP_SERVER ?? '/usr/lib/openssh/sftp-server';

/** Skips the test, printing why as well (so a skipped server test is never missed in the log); null. */
export function skipSaying(t: TestContext, reason: string): null {
  process.stderr.write(`SKIP: ${reason}\n`);
  t.skip(reason);
  return null;
}

export function binaryOrSkip(t: TestContext, file: string, what: string, pkg: string): boolean {
  if (fs.existsSync(file)) return true;
  const reason = `${what} is not installed at ${file} (Debian package ${pkg}); this test needs it`;
  // Printed as well as recorded, so a skipped server test is never missed in the log.
  process.stderr.write(`SKIP: ${reason}\n`);
  t.skip(reason);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, child: ChildProcess, ceilingMs = 30_000): Promise<void> {
  const until = Date.now() + ceilingMs;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (code ${child.exitCode}) before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${ceilingMs} ms`);
}

export interface RestServer {
  url: string;
  port: number;
  /** Stops it (SIGKILL when `hard`) and waits for it to be gone. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
  /**
   * Kills the server once `bytes` more have been uploaded to it: rclone is killed, the
   * connections are cut and the port refuses connections, as a server that died. Counted
   * in bytes, not time, so the copy is cut in the middle however fast the machine is.
   * Resolves when that happened.
   */
  killAfterUpload(bytes: number): Promise<void>;
}

/**
 * `rclone serve restic` on 127.0.0.1, serving `dir`; with `auth`, HTTP basic auth.
 * restic talks to it through a small TCP relay on the advertised port, which counts
 * the bytes uploaded (for killAfterUpload).
 */
export async function startRestServer(
  dir: string,
  auth?: { user: string; pass: string },
): Promise<RestServer> {
  const port = await freePort();
  const innerPort = await freePort();
  let child: ChildProcess;
  let relay: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let uploaded = 0;
  let cut: { at: number; done: () => void } | null = null;

  const stopRclone = async (hard: boolean): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('close', r));
    child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await gone;
  };
  const stopRelay = async (): Promise<void> => {
    const server = relay;
    relay = null;
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (server) await new Promise((r) => server.close(r));
  };
  const kill = async (): Promise<void> => {
    await Promise.all([stopRelay(), stopRclone(true)]);
  };

  const start = async (): Promise<void> => {
    const args = ['serve', 'restic', '--addr', `127.0.0.1:${innerPort}`, dir];
    if (auth) args.push('--user', auth.user, '--pass', auth.pass);
    child = spawn(RCLONE, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RCLONE_CONFIG: '/dev/null' },
    });
    child.stderr?.resume();
    await waitForPort(innerPort, child);
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: '127.0.0.1', port: innerPort });
      sockets.add(client).add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.pipe(client);
      client.on('data', (chunk: Buffer) => {
        uploaded += chunk.length;
        if (cut && uploaded >= cut.at) {
          const c = cut;
          cut = null;
          void kill().then(c.done);
          return;
        }
        upstream.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    relay = server;
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async stop(hard = false) {
      await Promise.all([stopRelay(), stopRclone(hard)]);
    },
    restart: start,
    killAfterUpload(bytes) {
      return new Promise((resolve) => {
        cut = { at: uploaded + bytes, done: resolve };
      });
    },
  };
}

/** Gives some tracks analysis (sonic features), as a real library has. */
export function analyse(libraryPath: string): void {
  const db = new Database(libraryPath);
  try {
    const rows = db.prepare('SELECT track_id FROM tracks').all() as { track_id: string }[];
    const upd = db.prepare(
      'UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?',
    );
    rows.forEach((r, i) => {
      if (i % 3 === 2) return;
      upd.run(
        JSON.stringify({ bpm: 90 + i, energy: i / 10, mfcc: [i, i * 2, i * 3] }),
        `2026-01-0${1 + (i % 9)}T00:00:00Z`,
        r.track_id,
      );
    });
  } finally {
    db.close();
  }
}

/** Tracks with their analysis, in a stable order: what "the library equals" means. */
export function tracksOf(libraryPath: string): unknown[] {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM tracks ORDER BY track_id').all();
  } finally {
    db.close();
  }
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A destination as `dest add` saves it (for tests about what happens after it was added). */
export function savedDestination(
  name: string,
  location: string,
  over: Partial<DestinationConfig> = {},
): DestinationConfig {
  return {
    name,
    location,
    options: [],
    credentialsFile: null,
    passwordFile: null,
    lastCopy: null,
    size: null,
    pruned: [],
    lastCheck: null,
    copyEveryHours: null,
    ...over,
  };
}

export function destScope(base: DestScope, now?: Date): DestScope {
  return now ? { ...base, now: () => now } : base;
}

/** Pack files under a folder destination's data/ folder. */
export function packCount(repoDir: string): number {
  const data = path.join(repoDir, 'data');
  if (!fs.existsSync(data)) return 0;
  return fs.readdirSync(data).reduce((n, sub) => n + fs.readdirSync(path.join(data, sub)).length, 0);
}

/**
 * Mounts a tmpfs of `mb` MB at `dir` for a full-disk test; false (the test skipped, the
 * reason printed) when this process cannot: not root, or mount refused.
 */
export function mountTmpfs(t: TestContext, dir: string, mb: number, testName: string): boolean {
  const why =
    process.getuid?.() !== 0
      ? 'mounting a small tmpfs needs root'
      : (() => {
          try {
            execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'pipe' });
            return null;
          } catch (err) {
            return `mount -t tmpfs failed (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
          }
        })();
  if (why === null) return true;
  const reason = `${why}; the ${testName} test needs it`;
  process.stderr.write(`SKIP: ${reason}\n`);
  t.skip(reason);
  return false;
}
