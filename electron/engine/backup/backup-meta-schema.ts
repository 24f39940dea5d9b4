// The `<id>.json` metadata format, and how untrusted JSON read from disk becomes a
// BackupMeta: it is `unknown` until this schema accepts it.
//
// Forward compatibility: unknown extra fields are accepted and kept (a rewrite by
// pin or verify preserves them) as long as `formatVersion` is ours. A greater
// `formatVersion` means a newer Backbeat wrote it; we list it but do not touch it.
import { z } from 'zod';
import { BACKUP_TRIGGERS, type BackupMeta, type BackupTrigger } from '../../../shared/types';
import { describeZodIssues } from '../../../shared/zod-issues';
import { BACKUP_FORMAT_VERSION } from './backup-files';

export { BACKUP_FORMAT_VERSION };

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const count = z.number().int().min(0);

const trackStatsSchema = z.looseObject({
  tracks: count,
  analyzed: count,
  pending: count,
  failed: count,
  beat3tower: count,
  legacy: count,
});

export const backupMetaSchema = z.looseObject({
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  id: z.string().min(1),
  name: z.string().min(1).max(64).nullable(),
  createdAt: z.iso.datetime(),
  trigger: z.enum(BACKUP_TRIGGERS as [BackupTrigger, ...BackupTrigger[]]),
  library: z.looseObject({
    path: z.string(),
    variant: z.enum(['A', 'B', 'none']),
    schemaFingerprint: sha256Hex,
  }),
  stats: trackStatsSchema,
  sizes: z.looseObject({ databaseBytes: count, compressedBytes: count }),
  sha256: sha256Hex,
  appVersion: z.string(),
  pinned: z.boolean(),
  lastVerified: z
    .looseObject({ at: z.iso.datetime(), ok: z.boolean(), problems: z.array(z.string()) })
    .nullable(),
  /** Only on backups a rescan made every N analysed tracks; older metadata has none. */
  tier: z.enum(['frequent', 'moderate', 'milestone']).optional(),
  /**
   * Only a hint for faster unpacking: older metadata has none, and a malformed one is
   * dropped rather than making the whole backup unreadable (unpacking then falls back
   * to one sequential stream).
   */
  gzipMembers: z
    .looseObject({ chunkBytes: z.number().int().min(1), compressedSizes: z.array(count) })
    .optional()
    .catch(undefined),
});

/** Metadata as parsed: a BackupMeta plus whatever extra fields a newer minor writer added. */
export type StoredBackupMeta = BackupMeta & Record<string, unknown>;

export type MetaClassification =
  | { status: 'ok'; meta: StoredBackupMeta }
  | { status: 'newer-format'; formatVersion: number; problem: string }
  | { status: 'unreadable-metadata'; problem: string };

/** Decides what a metadata file's text holds, for the backup `expectedId`. Never throws. */
export function classifyMetadata(text: string, expectedId: string): MetaClassification {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      status: 'unreadable-metadata',
      problem: `The metadata is not valid JSON (${(err as Error).message}).`,
    };
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_FORMAT_VERSION) {
    return {
      status: 'newer-format',
      formatVersion: version,
      problem: `This backup was made by a newer Backbeat (metadata format ${version}); update Backbeat to use it.`,
    };
  }
  // jitless: zod's compiled fast path costs ~9 ms to generate on the first parse, all in one
  // go on the main thread (a visible stall); for a few small documents the plain path is as fast.
  const parsed = backupMetaSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const reasons = describeZodIssues(parsed.error, { withPath: true, most: 3 });
    return {
      status: 'unreadable-metadata',
      problem: `The metadata does not have the expected fields (${reasons}).`,
    };
  }
  const meta = parsed.data as StoredBackupMeta;
  if (meta.id !== expectedId) {
    return {
      status: 'unreadable-metadata',
      problem: `The metadata belongs to backup ${meta.id}, not ${expectedId}; it may have been renamed by hand.`,
    };
  }
  return { status: 'ok', meta };
}

/** Best-effort display fields from metadata we cannot fully accept (for listing only). */
export function displayFields(text: string): { name: string | null; createdAt: string | null } {
  try {
    const raw = JSON.parse(text) as { name?: unknown; createdAt?: unknown } | null;
    return {
      name: typeof raw?.name === 'string' ? raw.name : null,
      createdAt: typeof raw?.createdAt === 'string' ? raw.createdAt : null,
    };
  } catch {
    return { name: null, createdAt: null };
  }
}
