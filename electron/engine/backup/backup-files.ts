// Where a backup's files live in the backup folder and how they are named.
//
//   <id>.db.gz                 the compressed snapshot
//   <id>.json                  its metadata, renamed into place last: that one rename is the
//                              commit point; a `.db.gz` without it is never listed
//   .tmp-<id>.<tag>.<what>.partial
//                              work in progress of the job with owner tag <tag> (job-owner.ts);
//                              listing ignores every name starting with "."
import path from 'node:path';
import { assertBackupId } from './backup-id';
import { currentOwnerTag } from '../fs/job-owner';

/** The metadata's `formatVersion` this Backbeat writes (backup-meta-schema.ts reads it). */
export const BACKUP_FORMAT_VERSION = 1;

export const DATA_SUFFIX = '.db.gz';
export const META_SUFFIX = '.json';
export const TEMP_PREFIX = '.tmp-';
export const TEMP_SUFFIX = '.partial';

/** Default backup folder: `backbeat-backups` beside the library file. */
export function defaultBackupDir(libraryPath: string): string {
  return path.join(path.dirname(path.resolve(libraryPath)), 'backbeat-backups');
}

export function backupDataPath(backupDir: string, id: string): string {
  assertBackupId(id);
  return path.join(backupDir, `${id}${DATA_SUFFIX}`);
}

export function backupMetaPath(backupDir: string, id: string): string {
  assertBackupId(id);
  return path.join(backupDir, `${id}${META_SUFFIX}`);
}

/**
 * A work-in-progress file for one backup; `what` says which (e.g. `snapshot`, `db.gz`).
 * It carries the owner tag of the job making it, so a dead job's files can be told apart.
 */
export function backupTempPath(backupDir: string, id: string, what: string): string {
  assertBackupId(id);
  return path.join(backupDir, `${TEMP_PREFIX}${id}.${currentOwnerTag()}.${what}${TEMP_SUFFIX}`);
}

/** The backup id a temp file belongs to, or null. */
export function tempFileBackupId(name: string): string | null {
  if (!isTempFileName(name)) return null;
  const id = name.slice(TEMP_PREFIX.length).split('.')[0] ?? '';
  try {
    assertBackupId(id);
    return id;
  } catch {
    return null;
  }
}

export function isTempFileName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/** Which backup file a directory entry is, or null for anything else (temp files included). */
export function parseBackupFileName(name: string): { id: string; kind: 'data' | 'meta' } | null {
  if (name.startsWith('.')) return null;
  let kind: 'data' | 'meta';
  let id: string;
  if (name.endsWith(DATA_SUFFIX)) {
    kind = 'data';
    id = name.slice(0, -DATA_SUFFIX.length);
  } else if (name.endsWith(META_SUFFIX)) {
    kind = 'meta';
    id = name.slice(0, -META_SUFFIX.length);
  } else {
    return null;
  }
  try {
    assertBackupId(id);
  } catch {
    return null;
  }
  return { id, kind };
}
