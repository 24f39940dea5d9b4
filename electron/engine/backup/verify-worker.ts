// Worker module: gathers the facts about one backup file that verify judges. Runs in
// a worker because PRAGMA integrity_check and the counts are synchronous SQLite calls.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite';
import { ContractError } from '../../../shared/errors';
import type { LibraryVariant } from '../../../shared/types';
import { phaseReporter, sha256OfFile } from '../compression/gunzip-file';
import { gunzipBackupFile, type UnpackHint } from '../compression/gunzip-pipeline';
import { detectVariant, schemaFingerprint } from '../library/library';
import { sliceContext, throwIfCancelled, type JobContext } from '../runtime/progress';
import type { WorkerMethods } from '../runtime/worker-protocol';

export interface InspectBackupArgs {
  dataPath: string;
  /** An empty private folder for the decompressed copy; the caller removes it. */
  tempDir: string;
  /** From the metadata when it could be read: lets two gzip workers unpack the file. */
  unpackHint?: UnpackHint | undefined;
}

export interface BackupFileFacts {
  sha256: string;
  compressedBytes: number;
  /** Why the gzip stream could not be decompressed; null when it could. */
  gzipError: string | null;
  databaseBytes: number | null;
  /** Why the decompressed file could not be read as SQLite; null when it could (or was not tried). */
  openError: string | null;
  /** `PRAGMA integrity_check` rows: `['ok']` when healthy, null when not run. */
  integrity: string[] | null;
  variant: LibraryVariant | null;
  tracks: number | null;
  schemaFingerprint: string | null;
}

const MAX_INTEGRITY_MESSAGES = 20;

async function inspectBackupFile(args: InspectBackupArgs, ctx: JobContext): Promise<BackupFileFacts> {
  const checksumCtx = sliceContext(ctx, 0, 0.2);
  const sha256 = await sha256OfFile(
    args.dataPath,
    ctx,
    phaseReporter(checksumCtx, 'checksum', 'Checking the checksum'),
  );
  const facts: BackupFileFacts = {
    sha256,
    compressedBytes: (await fs.promises.stat(args.dataPath)).size,
    gzipError: null,
    databaseBytes: null,
    openError: null,
    integrity: null,
    variant: null,
    tracks: null,
    schemaFingerprint: null,
  };
  const dbPath = path.join(args.tempDir, 'backup.db');
  const decompressCtx = sliceContext(ctx, 0.2, 0.8);
  try {
    const unpacked = await gunzipBackupFile(
      args.dataPath,
      dbPath,
      args.unpackHint ?? { databaseBytes: 0 },
      ctx,
      phaseReporter(decompressCtx, 'decompress', 'Unpacking the backup'),
    );
    facts.databaseBytes = unpacked.outputBytes;
  } catch (err) {
    if (err instanceof ContractError && err.code === 'corrupt') {
      facts.gzipError = err.message;
      return facts;
    }
    throw err;
  }
  throwIfCancelled(ctx.signal);
  ctx.report({ phase: 'integrity', label: 'Checking the database', fraction: 0.8 });
  let db: Database.Database;
  try {
    db = openDatabase(dbPath, { fileMustExist: true });
  } catch (err) {
    facts.openError = (err as Error).message;
    return facts;
  }
  try {
    const rows = db.pragma(`integrity_check(${MAX_INTEGRITY_MESSAGES})`) as { integrity_check: string }[];
    facts.integrity = rows.map((r) => r.integrity_check);
    facts.variant = detectVariant(db);
    facts.schemaFingerprint = schemaFingerprint(db);
    facts.tracks =
      facts.variant === 'none'
        ? 0
        : (db.prepare('SELECT count(*) AS n FROM tracks').get() as { n: number }).n;
  } catch (err) {
    facts.openError = (err as Error).message;
  } finally {
    db.close();
  }
  ctx.report({ phase: 'integrity', label: 'Checking the database', fraction: 1 });
  return facts;
}

export const handlers = { inspectBackupFile } satisfies WorkerMethods;

export type VerifyMethods = typeof handlers;
