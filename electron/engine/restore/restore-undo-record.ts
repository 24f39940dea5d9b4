// The undo record a restore leaves beside its safety backup: `<safetyId>.undo.json`, the
// tracks that restore wrote and what it wrote (restore-undo-hash.ts). Listing ignores the
// name (a backup id has no dot), and deleting the safety backup deletes it too. Written
// atomically after the restore commits; read as untrusted input.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-file';
import { assertBackupId } from '../backup/backup-id';
import type { UndoTracks } from './restore-undo-hash';
import { parseJsonAs } from '../../../shared/parse-json';

export const UNDO_SUFFIX = '.undo.json';

export interface UndoRecord extends UndoTracks {
  formatVersion: 1;
  /** The safety backup this record belongs to (its analysis is what an undo puts back). */
  safetyBackupId: string;
  /** The backup the restore wrote from. */
  restoredFrom: string;
  libraryPath: string;
  createdAt: string;
}

const recordSchema = z.object({
  formatVersion: z.literal(1),
  safetyBackupId: z.string(),
  restoredFrom: z.string(),
  libraryPath: z.string(),
  createdAt: z.string(),
  columns: z.array(z.string().max(200)).max(64),
  tracks: z.record(z.string(), z.string().regex(/^[0-9a-f]{32}$/)),
});

export function undoRecordPath(backupDir: string, safetyBackupId: string): string {
  assertBackupId(safetyBackupId);
  return path.join(backupDir, `${safetyBackupId}${UNDO_SUFFIX}`);
}

export async function writeUndoRecord(backupDir: string, record: UndoRecord): Promise<void> {
  const finalPath = undoRecordPath(backupDir, record.safetyBackupId);
  // A dot name: listings ignore it, and so does a backup id.
  const tempPath = path.join(backupDir, `.tmp-${record.safetyBackupId}.undo${process.pid}.partial`);
  await writeFileAtomic(finalPath, tempPath, JSON.stringify(record));
}

/** The record beside `safetyBackupId`; a sentence when there is none or it cannot be read. */
export async function readUndoRecord(backupDir: string, safetyBackupId: string): Promise<UndoRecord> {
  const file = undoRecordPath(backupDir, safetyBackupId);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new ContractError(
      'not-found',
      `Backup ${safetyBackupId} has no record of a restore to undo: only the safety backup a restore makes ` +
        '(auto_before_restore) can undo that restore.',
    );
  }
  const record = parseJsonAs(recordSchema, text);
  if (!record || record.safetyBackupId !== safetyBackupId) {
    throw new ContractError(
      'corrupt',
      `The undo record ${file} is damaged, so the restore cannot be undone exactly. ` +
        `A full restore from backup ${safetyBackupId} is still possible.`,
    );
  }
  return record;
}

/** Removes a safety backup's undo record, if it has one. */
export async function removeUndoRecord(backupDir: string, id: string): Promise<void> {
  await fs.promises.rm(undoRecordPath(backupDir, id), { force: true });
}
