// A real OpenSSH server on 127.0.0.1 for the SFTP tests: `sshd -D` as the current user
// on a free port, with a host key and a user key generated in a temp folder, and an
// authorized_keys file there (StrictModes off: the temp folder is not the user's home).
// restic reaches it through ssh with `-o sftp.args=...` naming the key; the host key is
// not pinned (a fresh one each run), which is fine on loopback in a test only.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { freePort, waitForPort } from './dest-fixtures';

export const SSHD = process.env.BACKBEAT_TEST_SSHD ?? '/usr/sbin/sshd';

export interface SshServer {
  port: number;
  user: string;
  /** restic options that make ssh use the test key and accept the fresh host key. */
  options: string[];
  stop(): Promise<void>;
  /**
   * Kills the server as a crash would: SIGKILL to sshd and to every process below it
   * (the sessions it forked), so open connections drop and the port refuses new ones.
   */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** The processes below `pid` (Linux /proc), deepest first; empty elsewhere. */
function descendantsOf(pid: number): number[] {
  const parent = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its last ')'.
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      walk(child);
      out.push(child);
    }
  };
  walk(pid);
  return out;
}

/** Starts sshd, or skips the test with a printed reason when it cannot run here. */
export async function startSshdOrSkip(t: TestContext, dir: string): Promise<SshServer | null> {
  const skip = (why: string): null => {
    const reason = `${why}; this test needs a real sshd on 127.0.0.1`;
    process.stderr.write(`SKIP: ${reason}\n`);
    t.skip(reason);
    return null;
  };
  if (!fs.existsSync(SSHD)) return skip(`sshd is not installed at ${SSHD} (Debian package openssh-server)`);
  const keygen = (file: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' });
  };
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'user_ed25519');
  try {
    keygen(hostKey);
    keygen(userKey);
  } catch (err) {
    return skip(`ssh-keygen failed (${(err as Error).message})`);
  }
  fs.copyFileSync(`${userKey}.pub`, path.join(dir, 'authorized_keys'));
  // As root, sshd wants its privilege separation folder (made by the system service otherwise).
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'LogLevel ERROR',
      // OpenSSH's sftp-server code run inside sshd: an external sftp-server would be
      // started through the user's login shell, whose rc files (slow on a developer's
      // machine) would then time every restic run. The binary itself is exercised
      // through sftp.command in network-destinations.test.ts.
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  let log = '';
  const start = async (): Promise<void> => {
    const c = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    c.stderr?.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-4000);
    });
    child = c;
    try {
      await waitForPort(port, c);
    } catch (err) {
      c.kill('SIGKILL');
      throw new Error(`${(err as Error).message}; sshd said: ${log.trim()}`);
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('close', () => resolve());
      c.kill('SIGTERM');
    });
  };
  const kill = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
    const below = descendantsOf(c.pid);
    const gone = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.kill('SIGKILL');
    for (const pid of below) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await gone;
  };
  try {
    await start();
  } catch (err) {
    return skip(`sshd could not start (${(err as Error).message})`);
  }
  return {
    port,
    user: os.userInfo().username,
    options: [
      `sftp.args=-i ${userKey} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
    ],
    stop,
    kill,
    restart: start,
  };
}
