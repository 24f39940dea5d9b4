// Decompressing a backup to a private temp file, checking its sha256 on the way.
// OWNER: backup helper.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../shared/errors';
import { backupDataPath } from './backup-files';
import { readBackupMeta } from './backup-store';
import { describeFsError } from './fs-errors';
import { phaseReporter } from './gunzip-file';
import { gunzipBackupFile } from './gunzip-pipeline';
import type { JobContext } from './progress';

export interface TempDatabase {
  path: string;
  /** Removes the temp file (and its folder). Safe to call twice. */
  dispose(): Promise<void>;
}

/** ContractError('corrupt') when the checksum or the gzip stream is bad. */
export async function decompressBackupToTemp(
  backupDir: string,
  id: string,
  ctx: JobContext,
): Promise<TempDatabase> {
  const meta = await readBackupMeta(backupDir, id);
  const dataPath = backupDataPath(backupDir, id);
  if (!fs.existsSync(dataPath)) {
    throw new ContractError(
      'corrupt',
      `The file of backup ${id} is missing; only its metadata is left. Use another backup.`,
    );
  }
  let tempDir: string;
  try {
    tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'backbeat-backup-'));
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
      dataPath,
      dbPath,
      { gzipMembers: meta.gzipMembers, databaseBytes: meta.sizes.databaseBytes },
      ctx,
      phaseReporter(ctx, 'decompress', 'Unpacking the backup'),
    );
    if (result.sha256 !== meta.sha256) {
      throw new ContractError(
        'corrupt',
        `Backup ${id} is damaged: its checksum does not match the one recorded when it was made. Use another backup.`,
      );
    }
    if (result.outputBytes !== meta.sizes.databaseBytes) {
      throw new ContractError(
        'corrupt',
        `Backup ${id} is damaged: it unpacks to ${result.outputBytes} bytes, not the ${meta.sizes.databaseBytes} recorded. Use another backup.`,
      );
    }
    return { path: dbPath, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
