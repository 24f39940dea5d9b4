// Creating a backup: consistent snapshot (online backup API) -> gzip in workers -> sha256 -> atomic write.
//
// Steps, each leaving nothing behind when it fails or is cancelled:
//   1. snapshot  the live library into `.tmp-<id>.snapshot.partial` (worker thread)
//   2. compress  it into `.tmp-<id>.db.gz.partial` with two gzip workers, hashing the output
//   3. finalize  write the metadata to a temp file (fsynced), rename the data to
//                `<id>.db.gz`, then rename the metadata to `<id>.json`: that last rename is
//                the commit point. A `.db.gz` without its `.json` is never listed.
// Every temp file carries the job's owner tag (job-owner.ts); what a killed backup left
// is removed by the next job on the folder (backup-leftovers.ts), at once.
// The stats in the metadata are read in a second worker while step 1 runs, from the very
// state the snapshot copies (see snapshotWithFacts); failing that, from the snapshot file
// while step 2 runs.
//
// Callers that mutate the library wrap this in withLibraryLock; createBackup itself does
// not take the lock, because restore calls it while already holding it.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { BackupMeta, BackupTrigger } from '../../../shared/types';
import { fsyncDir, removeQuietly } from '../fs/atomic-file';
import { newBackupId } from './backup-id';
import { checkBackupTarget, type CheckedBackupTarget } from './backup-target';
import { BACKUP_FORMAT_VERSION, backupDataPath, backupMetaPath, backupTempPath } from './backup-files';
import { ensureBackupFolder } from './backup-folder';
import { sweepBackupLeftovers } from './backup-leftovers';
import type { listBackups } from './backup-store';
import { crashPoint } from '../runtime/crash-points';
import { backupWriteError } from '../fs/fs-errors';
import { compressFileInWorkers } from '../compression/gzip-pipeline';
import { DEFAULT_BUSY_TIMEOUT_MS, explainDamage, isDamageError } from '../library/library';
import { LockBudget, type NowMs } from './lock-budget';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import type { LibraryFacts, SnapshotMethods } from './snapshot-worker';
import type { GzipMethods } from '../compression/gzip-worker';
import type { EngineWorker } from '../runtime/worker-client';
import { startWorker } from '../workers';

export interface BackupTuning {
  /** Bytes per gzip member; default 4 MiB. */
  chunkBytes?: number;
  /** Database pages per online-backup step; default 2048. */
  pagesPerStep?: number;
  /** Copy a rollback-journal library as a file under a read lock (file-copy.ts); default true. */
  fileCopy?: boolean;
}

export interface BackupTestHooks {
  /** Runs before each compressed member is written; throwing simulates a failed write (disk full). */
  beforeWrite?: ((memberIndex: number) => void | Promise<void>) | undefined;
  /** Runs once the copy has pinned the library's state, before the parallel stats reading starts. */
  afterSnapshotPinned?: (() => void | Promise<void>) | undefined;
  /** Told where the metadata's stats came from: the library, read beside the copy, or the snapshot file. */
  onFactsSource?: ((source: 'library' | 'snapshot-file') => void) | undefined;
}

export interface CreateBackupOptions {
  libraryPath: string;
  backupDir: string;
  name?: string | undefined;
  /**
   * This library and name as the use case already checked them (checkBackupTarget):
   * given, they are not checked again (libraryPath is the same file, perhaps by its
   * real path; the name stored is the checked one). Omitted, createBackup checks them.
   */
  checked?: CheckedBackupTarget | undefined;
  trigger: BackupTrigger;
  /** Recorded in the metadata for a rescan's every-N-tracks backups (retention thins them per tier). */
  tier?: BackupMeta['tier'] | undefined;
  appVersion: string;
  ctx: JobContext;
  /** How long to wait for a library locked by another writer, in all, across every step; default 60 s. */
  busyTimeoutMs?: number | undefined;
  /** The clock that wait is counted on (tests make time pass with it); default Date.now. */
  now?: NowMs | undefined;
  tuning?: BackupTuning | undefined;
  testHooks?: BackupTestHooks | undefined;
  /**
   * Save the copy even when the library is too damaged to count its tracks (recorded as
   * a database without a tracks table): the safety backup before a replace, which is how
   * a damaged library is repaired.
   */
  allowDamagedLibrary?: boolean | undefined;
}

/** The facts recorded for a library too damaged to read (see allowDamagedLibrary). */
const DAMAGED_LIBRARY_FACTS: LibraryFacts = {
  variant: 'none',
  stats: { tracks: 0, analyzed: 0, pending: 0, failed: 0, beat3tower: 0, legacy: 0 },
  schemaFingerprint: '0'.repeat(64),
};

const GZIP_LEVEL = 6;
const GZIP_WORKERS = 2;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
const DEFAULT_PAGES_PER_STEP = 2048;
const EARLY_SNAPSHOT_REMOVAL = process.platform !== 'win32';

/** Overall progress: where each phase sits in 0..1. */
const PHASES = { snapshot: [0, 0.3], compress: [0.3, 0.97], finalize: [0.97, 1] } as const;

type BackupStore = { listBackups: typeof listBackups };

/** Names are refs (see resolveRef), so they must not collide with another name, an id or `latest`. */
async function refuseTakenName(backupDir: string, name: string): Promise<void> {
  if (name === 'latest') {
    throw new ContractError('bad-arguments', '"latest" always means the newest backup; choose another name.');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the store (and its schemas) only for a named backup
  const { listBackups } = require('./backup-store') as BackupStore;
  const taken = (await listBackups(backupDir)).find((e) => e.name === name || e.id === name);
  if (taken) {
    throw new ContractError(
      'bad-arguments',
      `A backup called "${name}" already exists (${taken.id}); choose another name.`,
    );
  }
}

interface BackupWorkers {
  /** Copies the library (beginSnapshot, copySnapshot), then inspects the copy if needed. */
  snapshot: EngineWorker<SnapshotMethods>;
  /** Reads the library's stats while the copy runs (markDataVersion, statsIfUnchanged). */
  stats: EngineWorker<SnapshotMethods>;
  gzip: EngineWorker<GzipMethods>[];
  stopAll(): Promise<void>;
}

/**
 * Asks for all four workers at once, before the backup folder is even looked at: the
 * copy of a rollback-journal library takes a fraction of a second (file-copy.ts), so
 * the gzip workers' start-up and their compressor's loading (tens of milliseconds of
 * CPU each, more on a loaded machine) would otherwise be what the compression waits for.
 * Their threads start one after another (worker-client.ts), in this order: the stats
 * worker answers the first call (markDataVersion), the copy's worker the second.
 */
function startWorkers(): BackupWorkers {
  const stats = startWorker('snapshot');
  const snapshot = startWorker('snapshot');
  const gzip = Array.from({ length: GZIP_WORKERS }, () => startWorker('gzip'));
  // Loads the compressor now; a failure here shows again, and is reported, on the first chunk.
  for (const w of gzip) w.call('prepare', {}).catch(() => undefined);
  return {
    snapshot,
    stats,
    gzip,
    stopAll: async () => {
      await Promise.all([snapshot, stats, ...gzip].map((w) => w.terminate()));
    },
  };
}

/**
 * Takes the snapshot and, at the same time, reads the stats of exactly the state it
 * copies (see read-snapshots.ts). Resolves when the snapshot file is complete; `facts`
 * settles later, from the parallel reading or else from the snapshot file itself.
 */
async function snapshotWithFacts(
  workers: BackupWorkers,
  args: {
    libraryPath: string;
    snapshotPath: string;
    lockBudget: LockBudget;
    pagesPerStep: number;
    fileCopy: boolean;
  },
  ctx: JobContext,
  hooks: BackupTestHooks | undefined,
): Promise<{ facts: Promise<LibraryFacts> }> {
  // Each step waits for a held library only for what is left of the one budget.
  const open = (): { libraryPath: string; busyTimeoutMs: number } => ({
    libraryPath: args.libraryPath,
    busyTimeoutMs: args.lockBudget.remainingMs(),
  });
  // The stats connection's reading must come before the copy pins its state.
  const marked = await workers.stats.call('markDataVersion', open()).then(
    () => true,
    () => false, // the exact fallback below still works
  );
  const begun = await workers.snapshot.call('beginSnapshot', open());
  await hooks?.afterSnapshotPinned?.();
  // WAL: the copy's held read pins the state the stats read. Rollback journal: nothing
  // pins it, so the stats read now count only if nobody commits until the copy is done.
  const pinned = begun.heldReadTransaction;
  const early = !marked
    ? Promise.resolve(null)
    : workers.stats.call(pinned ? 'statsIfUnchanged' : 'statsUnpinned', {});
  early.catch(() => undefined); // awaited below, once the copy is done
  await workers.snapshot.call(
    'copySnapshot',
    {
      destPath: args.snapshotPath,
      busyTimeoutMs: args.lockBudget.remainingMs(),
      pagesPerStep: args.pagesPerStep,
      fileCopy: args.fileCopy,
    },
    ctx,
  );
  const facts = early.then(async (f) => {
    const same = f !== null && (pinned || (await workers.stats.call('unchangedSinceMark', {})));
    hooks?.onFactsSource?.(same ? 'library' : 'snapshot-file');
    return same ? f : workers.snapshot.call('inspect', { path: args.snapshotPath });
  });
  facts.catch(() => undefined); // awaited by the caller after compression
  return { facts };
}

/** The snapshot temp file plus the companions SQLite may leave beside it. */
async function removeSnapshot(snapshotPath: string): Promise<void> {
  await Promise.all(['', '-journal', '-wal', '-shm'].map((s) => removeQuietly(`${snapshotPath}${s}`)));
}

/** Writes a new file and fsyncs it (the rename that publishes it comes later). */
async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fs.promises.open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes one backup and returns its metadata; on failure or cancel leaves nothing listed. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupMeta> {
  const { ctx } = options;
  const { name } = options.checked ?? checkBackupTarget(options.libraryPath, options.name);
  // The checked target names the library as given; the use case backs up its real path.
  const libraryPath = path.resolve(options.libraryPath);
  const backupDir = path.resolve(options.backupDir);
  const workers = startWorkers();
  try {
    await ensureBackupFolder(backupDir);
    if (name !== null) await refuseTakenName(backupDir, name);
    await sweepBackupLeftovers(backupDir);
    throwIfCancelled(ctx.signal);
  } catch (err) {
    await workers.stopAll();
    throw err;
  }

  const { id, createdAt } = newBackupId();
  const snapshotPath = backupTempPath(backupDir, id, 'snapshot');
  const gzTempPath = backupTempPath(backupDir, id, 'db.gz');
  const dataPath = backupDataPath(backupDir, id);
  const metaTempPath = backupTempPath(backupDir, id, 'json');
  const lockBudget = new LockBudget(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, options.now);
  let finished = false;
  let snapshotRemoval: Promise<void> | null = null;
  try {
    const { facts: factsPromise } = await snapshotWithFacts(
      workers,
      {
        libraryPath,
        snapshotPath,
        lockBudget,
        pagesPerStep: options.tuning?.pagesPerStep ?? DEFAULT_PAGES_PER_STEP,
        fileCopy: options.tuning?.fileCopy ?? true,
      },
      sliceContext(ctx, ...PHASES.snapshot),
      options.testHooks,
    );
    throwIfCancelled(ctx.signal);

    const chunkBytes = options.tuning?.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const compressCtx = sliceContext(ctx, ...PHASES.compress);
    const compressed = await compressFileInWorkers(
      snapshotPath,
      gzTempPath,
      {
        signal: compressCtx.signal,
        report: (u) => {
          // Every byte is compressed and written: once the stats no longer need it either,
          // the snapshot can go. Freeing a large synced file takes a while on some file
          // systems, so it overlaps the final fsync. (Windows may refuse to delete a file
          // that is still open.)
          if (snapshotRemoval === null && u.fraction >= 1 && EARLY_SNAPSHOT_REMOVAL) {
            snapshotRemoval = factsPromise.then(
              () => removeSnapshot(snapshotPath),
              () => removeSnapshot(snapshotPath),
            );
          }
          compressCtx.report(u);
        },
      },
      {
        workers: workers.gzip,
        chunkBytes,
        level: GZIP_LEVEL,
        beforeWrite: options.testHooks?.beforeWrite,
      },
    );
    const facts = await factsPromise.catch((err: unknown) => {
      // The copy of a damaged library still succeeds (pages are copied, not read); only
      // its stats cannot be counted. A safety backup before a replace keeps it anyway.
      if (options.allowDamagedLibrary && isDamageError(err)) return DAMAGED_LIBRARY_FACTS;
      throw explainDamage(err, libraryPath);
    });
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
    await writeDurably(metaTempPath, `${JSON.stringify(meta, null, 2)}\n`);
    crashPoint('backup-meta-staged');
    await fs.promises.rename(gzTempPath, dataPath);
    crashPoint('backup-data-renamed');
    // The commit point: until the metadata is in place, the backup is not listed at all.
    await fs.promises.rename(metaTempPath, backupMetaPath(backupDir, id));
    finished = true;
    await fsyncDir(backupDir);
    ctx.report({ phase: 'finalize', label: 'Backup saved', fraction: 1 });
    return meta;
  } catch (err) {
    if (ctx.signal.aborted)
      throw new ContractError('cancelled', 'The backup was cancelled; nothing was saved.');
    // A step reports its own share of the wait; say how long the whole backup waited.
    if (err instanceof ContractError && err.code === 'locked') throw lockBudget.lockedError(libraryPath);
    throw backupWriteError(err, backupDir);
  } finally {
    await Promise.all([workers.stopAll(), snapshotRemoval]);
    await removeSnapshot(snapshotPath);
    if (!finished) {
      await removeQuietly(gzTempPath);
      await removeQuietly(metaTempPath);
      await removeQuietly(backupMetaPath(backupDir, id));
      await removeQuietly(dataPath);
      await fsyncDir(backupDir).catch(() => undefined);
    }
  }
}
