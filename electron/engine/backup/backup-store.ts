// The backup folder: listing, reading and validating metadata, resolving refs, pin, delete.
// OWNER: backup helper.
//
// A backup is finished once `<id>.json` exists beside `<id>.db.gz` (see backup-files.ts);
// everything here works from the metadata alone and never decompresses anything.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { ContractError } from '../../../shared/errors';
import type { BackupEntryStatus, BackupListEntry, BackupMeta } from '../../../shared/types';
import { writeFileAtomic, fsyncDir } from '../fs/atomic-file';
import { assertBackupId } from './backup-id';
import { backupDataPath, backupMetaPath, backupTempPath, parseBackupFileName } from './backup-files';
// Defined beside the file names so the backup path can reach it without this module's schema.
export { defaultBackupDir } from './backup-files';
import { classifyMetadata, displayFields, type StoredBackupMeta } from './backup-meta-schema';
import { describeFsError, isErrnoCode } from '../fs/fs-errors';
import { removeUndoRecord } from '../restore/restore-undo-record';

/** How many metadata files are read at once: fast for 1,000 backups, far from any fd limit. */
const READ_CONCURRENCY = 32;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function okEntry(meta: BackupMeta): BackupListEntry {
  return {
    id: meta.id,
    status: 'ok',
    problem: null,
    name: meta.name,
    createdAt: meta.createdAt,
    trigger: meta.trigger,
    trackCount: meta.stats.tracks,
    beat3tower: meta.stats.beat3tower,
    sizeBytes: meta.sizes.compressedBytes,
    sha256: meta.sha256,
    pinned: meta.pinned,
    verified: meta.lastVerified ? meta.lastVerified.ok : null,
    meta,
  };
}

function problemEntry(
  id: string,
  status: Exclude<BackupEntryStatus, 'ok'>,
  problem: string,
  extra: { name?: string | null; createdAt?: string | null; sizeBytes?: number | null } = {},
): BackupListEntry {
  return {
    id,
    status,
    problem,
    name: extra.name ?? null,
    createdAt: extra.createdAt ?? null,
    trigger: null,
    trackCount: null,
    beat3tower: null,
    sizeBytes: extra.sizeBytes ?? null,
    sha256: null,
    pinned: false,
    verified: null,
    meta: null,
  };
}

async function readDirNames(backupDir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(backupDir);
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT')) return [];
    throw new ContractError('io', `Cannot read the backup folder ${backupDir}: ${describeFsError(err)}.`);
  }
}

async function describeEntry(backupDir: string, id: string, hasData: boolean): Promise<BackupListEntry> {
  let text: string;
  try {
    text = await fs.promises.readFile(backupMetaPath(backupDir, id), 'utf8');
  } catch (err) {
    return problemEntry(
      id,
      'unreadable-metadata',
      `The metadata file cannot be read: ${describeFsError(err)}.`,
    );
  }
  const found = classifyMetadata(text, id);
  if (found.status !== 'ok') return problemEntry(id, found.status, found.problem, displayFields(text));
  if (!hasData) {
    return problemEntry(
      id,
      'unreadable-metadata',
      `The backup file ${id}.db.gz is missing; only its metadata is left, so it cannot be restored.`,
      { name: found.meta.name, createdAt: found.meta.createdAt },
    );
  }
  return okEntry(found.meta);
}

/** Newest first, from metadata only. Never throws for one bad entry; marks it instead. */
export async function listBackups(backupDir: string): Promise<BackupListEntry[]> {
  const files = new Map<string, { data: boolean; meta: boolean }>();
  for (const name of await readDirNames(backupDir)) {
    const parsed = parseBackupFileName(name);
    if (!parsed) continue;
    const seen = files.get(parsed.id) ?? { data: false, meta: false };
    seen[parsed.kind] = true;
    files.set(parsed.id, seen);
  }
  // A `.db.gz` without its metadata is a backup that never committed (or half deleted):
  // not a restore point. The next job on the folder removes it (backup-leftovers.ts).
  const committed = [...files].filter(([, seen]) => seen.meta);
  const entries = await mapLimit(committed, READ_CONCURRENCY, ([id, seen]) =>
    describeEntry(backupDir, id, seen.data),
  );
  // Ids start with their UTC creation time, so id order is age order, for every status.
  return entries.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Reads and validates one backup's metadata; ContractError('not-found' | 'corrupt') otherwise. */
export async function readBackupMeta(backupDir: string, id: string): Promise<BackupMeta> {
  return readStoredMeta(backupDir, id);
}

/** Like readBackupMeta, but keeps unknown extra fields so a rewrite preserves them. */
async function readStoredMeta(backupDir: string, id: string): Promise<StoredBackupMeta> {
  assertBackupId(id);
  let text: string;
  try {
    text = await fs.promises.readFile(backupMetaPath(backupDir, id), 'utf8');
  } catch (err) {
    if (!isErrnoCode(err, 'ENOENT')) {
      throw new ContractError('io', `Cannot read the metadata of backup ${id}: ${describeFsError(err)}.`);
    }
    const hasData = fs.existsSync(backupDataPath(backupDir, id));
    if (hasData) {
      throw new ContractError(
        'not-found',
        `Backup ${id} never finished (it has no metadata file), so it is not a restore point. The next backup removes it.`,
      );
    }
    throw new ContractError('not-found', `There is no backup ${id} in ${backupDir}.`);
  }
  const found = classifyMetadata(text, id);
  if (found.status !== 'ok') throw new ContractError('corrupt', `Backup ${id}: ${found.problem}`);
  return found.meta;
}

/** Per-file queue so two updates of one metadata file in this process never interleave. */
const metaUpdates = new Map<string, Promise<unknown>>();

/**
 * Writes a backup's metadata atomically (temp file, fsync, rename, fsync folder).
 * Extra fields on `meta` are written too.
 */
export async function writeBackupMeta(backupDir: string, meta: BackupMeta): Promise<void> {
  const temp = backupTempPath(backupDir, meta.id, `json-${crypto.randomBytes(4).toString('hex')}`);
  await writeFileAtomic(backupMetaPath(backupDir, meta.id), temp, `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Read-modify-write of one backup's metadata, serialised per backup within this
 * process. Unknown extra fields survive. Returns the metadata as written.
 */
export async function updateBackupMeta(
  backupDir: string,
  id: string,
  change: (meta: StoredBackupMeta) => void,
): Promise<BackupMeta> {
  const key = backupMetaPath(backupDir, id);
  const previous = metaUpdates.get(key) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const meta = await readStoredMeta(backupDir, id);
      change(meta);
      try {
        await writeBackupMeta(backupDir, meta);
      } catch (err) {
        throw new ContractError('io', `Cannot update the metadata of backup ${id}: ${describeFsError(err)}.`);
      }
      return meta;
    });
  metaUpdates.set(key, run);
  try {
    return await run;
  } finally {
    if (metaUpdates.get(key) === run) metaUpdates.delete(key);
  }
}

function candidateList(entries: BackupListEntry[]): string {
  const shown = entries.slice(0, 10).map((e) => (e.name ? `${e.id} (${e.name})` : e.id));
  const more = entries.length > shown.length ? `, and ${entries.length - shown.length} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** id, name, unique id prefix, or `latest`. ContractError('ambiguous') lists the candidates. */
export async function resolveRef(backupDir: string, ref: string): Promise<BackupListEntry> {
  if (ref.length === 0)
    throw new ContractError('bad-arguments', 'Say which backup: an id, a name or "latest".');
  const entries = await listBackups(backupDir);
  if (ref === 'latest') {
    const newest = entries.find((e) => e.status === 'ok');
    if (!newest) throw new ContractError('not-found', `There are no finished backups in ${backupDir} yet.`);
    return newest;
  }
  const byId = entries.find((e) => e.id === ref);
  if (byId) return byId;
  for (const matches of [
    entries.filter((e) => e.name === ref),
    entries.filter((e) => e.id.startsWith(ref)),
  ]) {
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new ContractError(
        'ambiguous',
        `"${ref}" matches ${matches.length} backups: ${candidateList(matches)}. Use more of the id.`,
      );
    }
  }
  throw new ContractError(
    'not-found',
    `No backup in ${backupDir} has the id or name "${ref}". List the backups to see their ids and names.`,
  );
}

export async function setPinned(backupDir: string, id: string, pinned: boolean): Promise<BackupMeta> {
  return updateBackupMeta(backupDir, id, (meta) => {
    meta.pinned = pinned;
  });
}

/**
 * Removes a backup: its metadata is first renamed to a temp file carrying the job's owner
 * tag (the backup is then gone from the list: one rename), then the data and that temp
 * file are removed. A delete killed halfway leaves only the tagged temp file and a `.db.gz`
 * without metadata, both removed by the next job on the folder (backup-leftovers.ts).
 * Pinned backups can be deleted explicitly; pins only protect against cleanup.
 */
export async function deleteBackup(backupDir: string, id: string): Promise<void> {
  const metaPath = backupMetaPath(backupDir, id);
  const dataPath = backupDataPath(backupDir, id);
  if (!fs.existsSync(metaPath) && !fs.existsSync(dataPath)) {
    throw new ContractError('not-found', `There is no backup ${id} in ${backupDir}.`);
  }
  const deleting = backupTempPath(backupDir, id, 'json-deleting');
  try {
    await fs.promises.rename(metaPath, deleting).catch((err: unknown) => {
      if (!isErrnoCode(err, 'ENOENT')) throw err;
    });
    await fsyncDir(backupDir);
    await fs.promises.rm(dataPath, { force: true });
    await fs.promises.rm(deleting, { force: true });
    // A safety backup's record of the restore it can undo goes with it.
    await removeUndoRecord(backupDir, id);
    await fsyncDir(backupDir);
  } catch (err) {
    throw new ContractError(
      'io',
      `Could not delete backup ${id} from ${backupDir}: ${describeFsError(err)}.`,
    );
  }
}
