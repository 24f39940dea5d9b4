// Destination rows (issue 15's scale numbers): the whole `backbeat copy` process copying
// the repository's first snapshot to a folder on this disk and to `rclone serve restic`
// on 127.0.0.1 (when rclone is installed), in MB/s of what the destination then holds;
// then, after a small change and a new snapshot, the incremental copy to each.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { dirBytes, mb } from './audio-tree';
import type { BenchRow } from './table';

export interface DestBenchInput {
  work: string;
  /** Runs the CLI (node bin/backbeat.js ...) for the bench's library and repository. */
  cli: (args: string[]) => { seconds: number; json: unknown };
  /** Makes the small change and its snapshot; returns words for the row ("100 files retagged"). */
  smallChange: () => string;
  rclone: string | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rclone exited (${child.exitCode}) before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host: '127.0.0.1', port }, () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('rclone serve restic did not listen within 30 s');
}

interface Target {
  name: string;
  label: string;
  dir: string;
}

/** How `backbeat copy --json` says the first destination ended ("copied" when it did). */
export function copyStatus(json: unknown): string {
  const d = (json as { destinations?: { status?: string }[] }).destinations?.[0];
  return d?.status ?? 'unknown';
}

function copyRow(t: Target, what: string, seconds: number, bytes: number, result: string): BenchRow {
  return {
    metric: `copy to ${t.label}, ${what} (backbeat copy, whole process)`,
    measured: `${seconds.toFixed(2)} s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`,
    reference: `${mb(bytes)} written to the destination; ${result}`,
    ratio: null,
    target: 'informational',
    ok: result === 'copied' ? null : false,
  };
}

export async function runDestBench(input: DestBenchInput): Promise<BenchRow[]> {
  const targets: Target[] = [
    { name: 'disk', label: 'a local folder', dir: path.join(input.work, 'dest-disk') },
  ];
  let server: ChildProcess | null = null;
  const rows: BenchRow[] = [];
  try {
    input.cli(['dest', 'add', 'disk', targets[0]!.dir]);
    if (input.rclone) {
      const dir = path.join(input.work, 'dest-rest');
      fs.mkdirSync(dir, { recursive: true });
      const port = await freePort();
      server = spawn(input.rclone, ['serve', 'restic', '--addr', `127.0.0.1:${port}`, dir], {
        stdio: ['ignore', 'ignore', 'ignore'],
        env: { ...process.env, RCLONE_CONFIG: '/dev/null' },
      });
      await waitForPort(port, server);
      input.cli(['dest', 'add', 'rest', `rest:http://127.0.0.1:${port}/`]);
      targets.push({ name: 'rest', label: 'rclone serve restic on 127.0.0.1', dir });
    } else {
      rows.push({
        metric: 'copy to rclone serve restic',
        measured: 'skipped',
        reference: 'rclone is not installed (apt-get install -y rclone)',
        ratio: null,
        target: '',
        ok: null,
      });
    }
    const before = new Map(targets.map((t) => [t.name, dirBytes(t.dir)]));
    for (const t of targets) {
      const run = input.cli(['copy', '--to', t.name]);
      const after = dirBytes(t.dir);
      rows.push(copyRow(t, 'first snapshot', run.seconds, after - before.get(t.name)!, copyStatus(run.json)));
      before.set(t.name, after);
    }
    const change = input.smallChange();
    for (const t of targets) {
      const run = input.cli(['copy', '--to', t.name]);
      const after = dirBytes(t.dir);
      rows.push(
        copyRow(
          t,
          `incremental after ${change}`,
          run.seconds,
          after - before.get(t.name)!,
          copyStatus(run.json),
        ),
      );
    }
    return rows;
  } finally {
    if (server && server.exitCode === null) server.kill('SIGTERM');
    for (const t of targets) fs.rmSync(t.dir, { recursive: true, force: true });
  }
}
