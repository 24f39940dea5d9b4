// Unpacking a backup into a private temp file, from facts already taken from its
// validated metadata (see decompress.ts for the entry point that reads the metadata).
//
// Restore preview and apply call this on the main thread: the two gzip workers do the
// inflating and writing, this thread only reads and hashes each member in turn (~1 ms
// each), and the restore worker starts up meanwhile instead of having to start first
// and then start the gzip workers itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { BackupMeta } from '../../../shared/types';
import { backupDataPath } from '../backup/backup-files';
import { describeFsError } from '../fs/fs-errors';
import { currentOwnerTag } from '../fs/job-owner';
import { phaseReporter } from '../compression/gunzip-file';
import { gunzipBackupFile, type MemberLayout } from '../compression/gunzip-pipeline';
import { phaseContext } from '../runtime/phase-context';
import { throwIfCancelled, type JobContext } from '../runtime/progress';

/** What unpacking needs from one backup's metadata, after the metadata schema accepted it. */
export interface UnpackFacts {
  id: string;
  dataPath: string;
  /** sha256 of the compressed file, as recorded when the backup was made. */
  sha256: string;
  databaseBytes: number;
  gzipMembers?: MemberLayout;
}

export interface TempDatabase {
  path: string;
  /** Removes the temp file (and its folder). Safe to call twice. */
  dispose(): Promise<void>;
}

export function unpackFactsOf(backupDir: string, meta: BackupMeta): UnpackFacts {
  return {
    id: meta.id,
    dataPath: backupDataPath(backupDir, meta.id),
    sha256: meta.sha256,
    databaseBytes: meta.sizes.databaseBytes,
    gzipMembers: meta.gzipMembers,
  };
}

/** ContractError('corrupt') when the file is missing, or its checksum or gzip stream is bad. */
export async function unpackToTemp(facts: UnpackFacts, ctx: JobContext): Promise<TempDatabase> {
  const { id } = facts;
  // Asynchronous, unlike existsSync: this also runs on the main thread (decompress.ts).
  try {
    await fs.promises.stat(facts.dataPath);
  } catch {
    throw new ContractError(
      'corrupt',
      `The file of backup ${id} is missing; only its metadata is left. Use another backup.`,
    );
  }
  let tempDir: string;
  try {
    // Named with the owner tag, so a killed job's copy is removed at the next start-up.
    tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `backbeat-backup-${currentOwnerTag()}-`));
  } catch (err) {
    throw new ContractError(
      'io',
      `Cannot create a temporary folder to unpack the backup: ${describeFsError(err)}.`,
    );
  }
  const dispose = async (): Promise<void> => {
    await fs.promises.rm(tempDir, { recursive: true, force: true });
  };
  const dbPath = path.join(tempDir, `${id}.db`);
  try {
    // With the member layout recorded, two workers unpack it (see gunzip-pipeline.ts).
    const result = await gunzipBackupFile(
      facts.dataPath,
      dbPath,
      { gzipMembers: facts.gzipMembers, databaseBytes: facts.databaseBytes },
      ctx,
      phaseReporter(ctx, 'decompress', 'Unpacking the backup'),
    );
    if (result.sha256 !== facts.sha256) {
      throw new ContractError(
        'corrupt',
        `Backup ${id} is damaged: its checksum does not match the one recorded when it was made. Use another backup.`,
      );
    }
    if (result.outputBytes !== facts.databaseBytes) {
      throw new ContractError(
        'corrupt',
        `Backup ${id} is damaged: it unpacks to ${result.outputBytes} bytes, not the ${facts.databaseBytes} recorded. Use another backup.`,
      );
    }
    return { path: dbPath, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * Unpacks the backup into a temp file, runs `work` on its path, and always removes it.
 * Progress: `unpackShare` of `ctx` for the unpacking (phase `decompress`), the rest for
 * `work` under `phase`.
 */
export async function withUnpackedBackup<T>(
  facts: UnpackFacts,
  ctx: JobContext,
  options: { unpackShare: number; phase: string; label: string },
  work: (copyPath: string, ctx: JobContext) => Promise<T>,
): Promise<T> {
  const { unpackShare, phase, label } = options;
  const temp = await unpackToTemp(
    facts,
    phaseContext(ctx, [0, unpackShare], 'decompress', 'Unpacking the backup'),
  );
  try {
    throwIfCancelled(ctx.signal);
    return await work(temp.path, phaseContext(ctx, [unpackShare, 1], phase, label));
  } finally {
    await temp.dispose();
  }
}
