// Verifying a backup: sha256, decompress, PRAGMA integrity_check, track count vs metadata.
// OWNER: backup helper.
//
// The worker gathers facts about the file (verify-worker.ts); this module compares them
// with the metadata and words each difference as a sentence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { VerifyResult } from '../../../shared/types';
import { assertBackupId } from './backup-id';
import { backupDataPath, backupMetaPath } from './backup-files';
import { classifyMetadata, type StoredBackupMeta } from './backup-meta-schema';
import { updateBackupMeta } from './backup-store';
import { describeFsError } from '../fs/fs-errors';
import type { JobContext } from '../runtime/progress';
import type { BackupFileFacts, InspectBackupArgs } from './verify-worker';
import { runInWorker } from '../workers';

async function readMetaForVerify(
  backupDir: string,
  id: string,
): Promise<{ meta: StoredBackupMeta | null; problem: string | null }> {
  let text: string;
  try {
    text = await fs.promises.readFile(backupMetaPath(backupDir, id), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing' : describeFsError(err);
    return {
      meta: null,
      problem: `The metadata file cannot be read (${reason}), so the checksum and track count cannot be checked.`,
    };
  }
  const found = classifyMetadata(text, id);
  return found.status === 'ok' ? { meta: found.meta, problem: null } : { meta: null, problem: found.problem };
}

/** Compares what the file holds with what the metadata promised. */
export function judgeBackupFile(facts: BackupFileFacts, meta: StoredBackupMeta | null): string[] {
  const problems: string[] = [];
  if (meta && facts.sha256 !== meta.sha256) {
    problems.push(
      "The backup file's checksum does not match its metadata: the file was changed or damaged after it was made.",
    );
  }
  if (meta && facts.compressedBytes < meta.sizes.compressedBytes) {
    problems.push(
      `The backup file is shorter than when it was made (${facts.compressedBytes} of ${meta.sizes.compressedBytes} bytes): it was cut off.`,
    );
  }
  if (facts.gzipError) problems.push(facts.gzipError);
  if (facts.openError) problems.push(`The unpacked database cannot be read: ${facts.openError}.`);
  if (facts.integrity && !(facts.integrity.length === 1 && facts.integrity[0] === 'ok')) {
    problems.push(`SQLite's integrity check failed: ${facts.integrity.slice(0, 5).join('; ')}.`);
  }
  if (!meta || facts.integrity === null) return problems;
  if (facts.databaseBytes !== null && facts.databaseBytes !== meta.sizes.databaseBytes) {
    problems.push(
      `The backup unpacks to ${facts.databaseBytes} bytes, but its metadata says ${meta.sizes.databaseBytes}.`,
    );
  }
  if (facts.variant !== null && facts.variant !== meta.library.variant) {
    problems.push(
      `The backup's tracks table is of variant ${facts.variant}, but its metadata says ${meta.library.variant}.`,
    );
  }
  if (facts.tracks !== null && facts.tracks !== meta.stats.tracks) {
    problems.push(`The backup holds ${facts.tracks} tracks, but its metadata says ${meta.stats.tracks}.`);
  }
  if (facts.schemaFingerprint !== null && facts.schemaFingerprint !== meta.library.schemaFingerprint) {
    problems.push("The backup's table layout does not match the fingerprint in its metadata.");
  }
  return problems;
}

/** Never throws for a bad backup: problems are in the result. Records the outcome in the metadata. */
export async function verifyBackup(backupDir: string, id: string, ctx: JobContext): Promise<VerifyResult> {
  assertBackupId(id);
  const dataPath = backupDataPath(backupDir, id);
  const hasData = fs.existsSync(dataPath);
  if (!hasData && !fs.existsSync(backupMetaPath(backupDir, id))) {
    throw new ContractError('not-found', `There is no backup ${id} in ${backupDir}.`);
  }
  const { meta, problem: metaProblem } = await readMetaForVerify(backupDir, id);
  const problems: string[] = metaProblem ? [metaProblem] : [];
  if (!hasData) {
    problems.push(`The backup file ${id}.db.gz is missing; only its metadata is left.`);
  } else {
    const tempDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'backbeat-verify-'));
    try {
      const args: InspectBackupArgs = {
        dataPath,
        tempDir,
        ...(meta
          ? { unpackHint: { gzipMembers: meta.gzipMembers, databaseBytes: meta.sizes.databaseBytes } }
          : {}),
      };
      const facts = await runInWorker('verify', 'inspectBackupFile', args, ctx);
      problems.push(...judgeBackupFile(facts, meta));
    } finally {
      // Here, not in the worker: a cancelled worker may be terminated before its own cleanup.
      await fs.promises.rm(tempDir, { recursive: true, force: true });
    }
  }
  const result: VerifyResult = {
    id,
    ok: problems.length === 0,
    problems,
    checkedAt: new Date().toISOString(),
  };
  if (meta) {
    // A folder we may not write to still gets its answer; only the record is lost.
    await updateBackupMeta(backupDir, id, (m) => {
      m.lastVerified = { at: result.checkedAt, ok: result.ok, problems: result.problems };
    }).catch(() => undefined);
  }
  return result;
}
