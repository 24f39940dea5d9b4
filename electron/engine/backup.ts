// Creating a backup: consistent snapshot (online backup API) -> gzip in workers -> sha256 -> atomic write.
// OWNER: backup helper.
//
// Steps, each leaving nothing behind when it fails or is cancelled:
//   1. snapshot  the live library into `.tmp-<id>.snapshot.partial` (worker thread)
//   2. compress  it into `.tmp-<id>.db.gz.partial` with two gzip workers, hashing the output
//   3. finalize  fsync + rename to `<id>.db.gz`, then write `<id>.json` atomically, last
// The snapshot's stats are read in the snapshot worker while step 2 runs.
//
// Callers that mutate the library wrap this in withLibraryLock; createBackup itself does
// not take the lock, because restore calls it while already holding it.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError, backupNameSchema } from '../../shared/contract';
import type { BackupMeta, BackupTrigger } from '../../shared/types';
import { fsyncDir, removeQuietly, sweepStaleTempFiles } from './atomic-file';
import { newBackupId } from './backup-id';
import { backupDataPath, backupMetaPath, backupTempPath, isTempFileName } from './backup-files';
import { BACKUP_FORMAT_VERSION } from './backup-meta-schema';
import { listBackups, writeBackupMeta } from './backup-store';
import { backupWriteError, describeFsError } from './fs-errors';
import { compressFileInWorkers } from './gzip-pipeline';
import { DEFAULT_BUSY_TIMEOUT_MS, assertSqliteFile } from './library';
import { sliceContext, throwIfCancelled, type JobContext } from './progress';
import type { SnapshotArgs, SnapshotFacts } from './snapshot-worker';
import { EngineWorker } from './worker-client';

export interface BackupTuning {
  /** Bytes per gzip member; default 4 MiB. */
  chunkBytes?: number;
  /** Database pages per online-backup step; default 2048. */
  pagesPerStep?: number;
}

export interface BackupTestHooks {
  /** Runs before each compressed member is written; throwing simulates a failed write (disk full). */
  beforeWrite?: (memberIndex: number) => void | Promise<void>;
}

export interface CreateBackupOptions {
  libraryPath: string;
  backupDir: string;
  name?: string;
  trigger: BackupTrigger;
  /** Recorded in the metadata for a rescan's every-N-tracks backups (retention thins them per tier). */
  tier?: BackupMeta['tier'];
  appVersion: string;
  ctx: JobContext;
  /** How long to wait for a library locked by another writer; default 60 s. */
  busyTimeoutMs?: number;
  tuning?: BackupTuning;
  testHooks?: BackupTestHooks;
}

const GZIP_LEVEL = 6;
const GZIP_WORKERS = 2;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const DEFAULT_PAGES_PER_STEP = 2048;
/** Temp files older than this are leftovers of a crashed run and are swept. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Overall progress: where each phase sits in 0..1. */
const PHASES = { snapshot: [0, 0.3], compress: [0.3, 0.97], finalize: [0.97, 1] } as const;

function validateName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const parsed = backupNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new ContractError('bad-arguments', parsed.error.issues.map((i) => i.message).join(' '));
  }
  return parsed.data;
}

async function ensureBackupDir(backupDir: string): Promise<void> {
  try {
    await fs.promises.mkdir(backupDir, { recursive: true });
    const stat = await fs.promises.stat(backupDir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await fs.promises.access(backupDir, fs.constants.W_OK);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file is in the way' : describeFsError(err);
    throw new ContractError(
      'io',
      `Cannot use the backup folder ${backupDir}: ${reason}. Choose another backup folder or fix its permissions.`,
    );
  }
}

/** Names are refs (see resolveRef), so they must not collide with another name, an id or `latest`. */
async function refuseTakenName(backupDir: string, name: string): Promise<void> {
  if (name === 'latest') {
    throw new ContractError('bad-arguments', '"latest" always means the newest backup; choose another name.');
  }
  const taken = (await listBackups(backupDir)).find((e) => e.name === name || e.id === name);
  if (taken) {
    throw new ContractError(
      'bad-arguments',
      `A backup called "${name}" already exists (${taken.id}); choose another name.`,
    );
  }
}

function startWorkers(): { snapshot: EngineWorker; gzip: EngineWorker[]; stopAll(): Promise<void> } {
  const snapshot = new EngineWorker(path.join(__dirname, 'snapshot-worker.js'));
  const gzip = Array.from(
    { length: GZIP_WORKERS },
    () => new EngineWorker(path.join(__dirname, 'gzip-worker.js')),
  );
  return {
    snapshot,
    gzip,
    stopAll: async () => {
      await Promise.all([snapshot, ...gzip].map((w) => w.terminate()));
    },
  };
}

/** The snapshot temp file plus the companions SQLite may leave beside it. */
async function removeSnapshot(snapshotPath: string): Promise<void> {
  await Promise.all(['', '-journal', '-wal', '-shm'].map((s) => removeQuietly(`${snapshotPath}${s}`)));
}

/** Makes one backup and returns its metadata; on failure or cancel leaves nothing listed. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupMeta> {
  const { ctx } = options;
  const name = validateName(options.name);
  const libraryPath = path.resolve(options.libraryPath);
  const backupDir = path.resolve(options.backupDir);
  assertSqliteFile(libraryPath);
  await ensureBackupDir(backupDir);
  if (name !== null) await refuseTakenName(backupDir, name);
  await sweepStaleTempFiles(backupDir, isTempFileName, STALE_TEMP_MS);
  throwIfCancelled(ctx.signal);

  const { id, createdAt } = newBackupId();
  const snapshotPath = backupTempPath(backupDir, id, 'snapshot');
  const gzTempPath = backupTempPath(backupDir, id, 'db.gz');
  const dataPath = backupDataPath(backupDir, id);
  const workers = startWorkers();
  let finished = false;
  try {
    const snapshotArgs: SnapshotArgs = {
      libraryPath,
      destPath: snapshotPath,
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      pagesPerStep: options.tuning?.pagesPerStep ?? DEFAULT_PAGES_PER_STEP,
    };
    await workers.snapshot.call('snapshot', snapshotArgs, sliceContext(ctx, ...PHASES.snapshot));
    throwIfCancelled(ctx.signal);

    const inspected = workers.snapshot.call<Omit<SnapshotFacts, 'databaseBytes'>>('inspect', {
      path: snapshotPath,
    });
    inspected.catch(() => undefined); // awaited below, after compression
    const chunkBytes = options.tuning?.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const compressed = await compressFileInWorkers(
      snapshotPath,
      gzTempPath,
      sliceContext(ctx, ...PHASES.compress),
      {
        workers: workers.gzip,
        chunkBytes,
        level: GZIP_LEVEL,
        beforeWrite: options.testHooks?.beforeWrite,
      },
    );
    const facts = await inspected;
    throwIfCancelled(ctx.signal);

    ctx.report({ phase: 'finalize', label: 'Saving the backup', fraction: PHASES.finalize[0] });
    const meta: BackupMeta = {
      formatVersion: BACKUP_FORMAT_VERSION,
      id,
      name,
      createdAt: createdAt.toISOString(),
      trigger: options.trigger,
      library: { path: libraryPath, variant: facts.variant, schemaFingerprint: facts.schemaFingerprint },
      stats: facts.stats,
      sizes: { databaseBytes: compressed.sourceBytes, compressedBytes: compressed.compressedBytes },
      sha256: compressed.sha256,
      gzipMembers: { chunkBytes, compressedSizes: compressed.memberSizes },
      appVersion: options.appVersion,
      pinned: false,
      lastVerified: null,
      ...(options.tier !== undefined ? { tier: options.tier } : {}),
    };
    await fs.promises.rename(gzTempPath, dataPath);
    // The metadata goes last: until it exists the backup lists as unfinished, never as ok.
    await writeBackupMeta(backupDir, meta);
    finished = true;
    ctx.report({ phase: 'finalize', label: 'Backup saved', fraction: 1 });
    return meta;
  } catch (err) {
    if (ctx.signal.aborted)
      throw new ContractError('cancelled', 'The backup was cancelled; nothing was saved.');
    throw backupWriteError(err, backupDir);
  } finally {
    await workers.stopAll();
    await removeSnapshot(snapshotPath);
    if (!finished) {
      await removeQuietly(gzTempPath);
      await removeQuietly(backupMetaPath(backupDir, id));
      await removeQuietly(dataPath);
      await fsyncDir(backupDir).catch(() => undefined);
    }
  }
}
