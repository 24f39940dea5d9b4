// Where restic restores files before they are moved into place: a folder on the same
// filesystem as their destination, so each move is one rename. Staging folders are
// named `.backbeat-restore-<pid>-<random>`; one whose process is gone (killed mid-way)
// is removed the next time a restore stages beside it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PREFIX = '.backbeat-restore-';

/** The nearest folder at or above `p` that exists. */
export function nearestExisting(p: string): string {
  let dir = p;
  for (;;) {
    try {
      if (fs.statSync(dir).isDirectory()) return dir;
    } catch {
      // not there: go up
    }
    const up = path.dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}

/**
 * Groups destinations by filesystem; each group gets the deepest existing folder that
 * holds all of them (on that filesystem) as the place for its staging folder.
 */
export function stagingGroups(destinations: readonly string[]): { parent: string; destinations: string[] }[] {
  const byDev = new Map<string, { parent: string; destinations: string[] }[]>();
  for (const d of destinations) {
    const anchor = nearestExisting(path.dirname(d));
    const dev = String(fs.statSync(anchor).dev);
    const groups = byDev.get(dev) ?? [];
    byDev.set(dev, groups);
    const candidate = groups.find((g) => {
      const common = commonAncestor(g.parent, anchor);
      return String(fs.statSync(common).dev) === dev && writable(common);
    });
    if (candidate) {
      candidate.parent = commonAncestor(candidate.parent, anchor);
      candidate.destinations.push(d);
    } else {
      groups.push({ parent: anchor, destinations: [d] });
    }
  }
  return [...byDev.values()].flat();
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging folders in `parent` left by restores whose process is gone. */
export async function sweepStaging(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX.replace('.', '\\.')}(\\d+)-[0-9a-f]+$`).exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    await fs.promises.rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function makeStaging(parent: string): Promise<string> {
  await sweepStaging(parent);
  const dir = path.join(parent, `${PREFIX}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  await fs.promises.mkdir(dir);
  return dir;
}

/** `name.before-restore-<stamp>.ext` beside the file (a number added if that is taken). */
export function asideName(file: string, stamp: string, n = 0): string {
  const ext = path.extname(file);
  const base = path.basename(file, ext);
  const suffix = n === 0 ? '' : `-${n}`;
  return path.join(path.dirname(file), `${base}.before-restore-${stamp}${suffix}${ext}`);
}

/** "20261206-181500" for the UTC time given. */
export function restoreStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
