// A backup of another library matches few of this library's tracks, and a restore from it
// quietly writes next to nothing ("Restored the analysis of 0 tracks"). When the backup's
// library path or schema fingerprint differs from the library's and fewer than half of its
// tracks match, the preview and the restore say so before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import type { BackupMeta } from '../../../shared/types';

/** Below this share of the backup's tracks matching, a differing backup counts as another library's. */
export const FEW_MATCH_SHARE = 0.5;

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export interface LibraryIdentity {
  path: string;
  schemaFingerprint: string;
}

/** Whether the backup was made from a library at another path or with another schema. */
export function differsFromLibrary(
  meta: BackupMeta,
  live: { path: string; schemaFingerprint: string | null },
) {
  const pathDiffers = realOrResolved(meta.library.path) !== realOrResolved(live.path);
  const schemaDiffers =
    live.schemaFingerprint !== null && meta.library.schemaFingerprint !== live.schemaFingerprint;
  return { pathDiffers, schemaDiffers, any: pathDiffers || schemaDiffers };
}

/**
 * The sentence the preview and the restore show, or null when the backup looks like this
 * library's (same path and schema) or enough of its tracks match.
 */
export function otherLibraryWarning(
  meta: BackupMeta,
  live: { path: string; schemaFingerprint: string | null },
  matched: number,
  backupTracks: number,
): string | null {
  const differs = differsFromLibrary(meta, live);
  if (!differs.any || backupTracks === 0 || matched >= backupTracks * FEW_MATCH_SHARE) return null;
  const origin = differs.pathDiffers
    ? `another library (${meta.library.path}${differs.schemaDiffers ? ', with a different schema' : ''})`
    : 'a library with a different schema';
  return (
    `This backup was made from ${origin}: only ${matched.toLocaleString('en-US')} of its ` +
    `${backupTracks.toLocaleString('en-US')} tracks match tracks of this library, and only those could be restored.`
  );
}
