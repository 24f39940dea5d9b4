// What killed jobs left in a backup folder, removed by the next job that changes the
// folder (a backup, a cleanup, a deletion). A temp file is removed at once, whatever its
// age, when its owner tag (job-owner.ts) names a dead job; a live job's files are never
// touched. A `<id>.db.gz` without metadata goes too when a dead job's temp file for that
// id shows it was being made (or deleted) when the job died; a lone `.db.gz` with no such
// trace (copied in by hand, say) is left alone, and `list` ignores it either way.
import fs from 'node:fs';
import path from 'node:path';
import { DATA_SUFFIX, META_SUFFIX, isTempFileName, tempFileBackupId } from './backup-files';
import { parseOwnerTag, ownerIsDead } from '../fs/job-owner';

/** Untagged temp files (made by versions before owner tags) older than this are swept. */
const UNTAGGED_STALE_MS = 60 * 60 * 1000;

async function removeFile(dir: string, name: string): Promise<boolean> {
  try {
    await fs.promises.rm(path.join(dir, name), { force: true });
    return true;
  } catch {
    return false;
  }
}

async function isStaleUntagged(file: string, nowMs: number): Promise<boolean> {
  try {
    const stat = await fs.promises.stat(file);
    return stat.isFile() && nowMs - stat.mtimeMs > UNTAGGED_STALE_MS;
  } catch {
    return false;
  }
}

/** Removes dead jobs' leftovers from `backupDir`; returns the names removed. Never throws. */
export async function sweepBackupLeftovers(backupDir: string, nowMs: number = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(backupDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const liveIds = new Set<string>();
  const deadIds = new Set<string>();
  for (const name of names.filter(isTempFileName)) {
    const id = tempFileBackupId(name);
    const tag = parseOwnerTag(name);
    const dead = tag ? ownerIsDead(tag) : await isStaleUntagged(path.join(backupDir, name), nowMs);
    if (!dead) {
      if (id) liveIds.add(id);
      continue;
    }
    if (await removeFile(backupDir, name)) removed.push(name);
    if (id) deadIds.add(id);
  }
  const present = new Set(names);
  for (const id of deadIds) {
    if (liveIds.has(id) || present.has(`${id}${META_SUFFIX}`) || !present.has(`${id}${DATA_SUFFIX}`))
      continue;
    if (await removeFile(backupDir, `${id}${DATA_SUFFIX}`)) removed.push(`${id}${DATA_SUFFIX}`);
  }
  return removed;
}
