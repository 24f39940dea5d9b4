// Shape checks for data that crosses a trust boundary (HTTP answers, SSE events,
// job results typed `unknown` in the contract). Loose objects: extra fields pass
// through so an additive change on the host does not break the renderer.
import { z } from 'zod';
import type { BackbeatEvent } from '../../shared/contract';
import { parseJsonAs } from '../../shared/parse-json';
import type { RescanSummaryView } from '../../shared/rescan-types';
import type {
  BackupMeta,
  JobInfo,
  RestorePreviewPage,
  RestorePreviewSummary,
  RestoreResult,
  VerifyResult,
} from '../../shared/types';

const nullableNumber = z.number().nullable();

export const jobSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: z.enum(['running', 'succeeded', 'partial', 'failed', 'cancelled']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.looseObject({
    phase: z.string(),
    label: z.string(),
    fraction: z.number(),
    bytesDone: nullableNumber.optional(),
    bytesTotal: nullableNumber.optional(),
    etaSeconds: nullableNumber.optional(),
    items: z
      .looseObject({
        done: z.number(),
        total: z.number(),
        perSecond: nullableNumber,
        current: z.string().nullable(),
      })
      .nullable()
      .optional(),
  }),
  error: z.string().nullable(),
  result: z.unknown(),
  tally: z.looseObject({ done: z.number(), total: z.number(), verb: z.string() }).nullable().optional(),
});

const eventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('job'), job: jobSchema }),
  z.looseObject({ type: z.literal('backups-changed') }),
  z.looseObject({ type: z.literal('library-changed') }),
]);

/** Parses one SSE `data:` payload; null when it is not a BackbeatEvent. */
export function parseEvent(data: string): BackbeatEvent | null {
  // Loose objects keep every field, so the checked value is the whole event.
  return parseJsonAs(eventSchema, data) as BackbeatEvent | null;
}

export function isJobInfo(value: unknown): value is JobInfo {
  return jobSchema.safeParse(value).success;
}

const formatCountsSchema = z.looseObject({ beat3tower: z.number(), legacy: z.number(), none: z.number() });

const kindCountsSchema = z.looseObject({
  fills: z.number(),
  replaces: z.number(),
  downgrades: z.number(),
  erases: z.number(),
});
const kindListSchema = z.array(z.enum(['fills', 'replaces', 'downgrades', 'erases']));
const undoScopeSchema = z
  .looseObject({ restoredFrom: z.string(), recorded: z.number(), changedSince: z.number() })
  .nullable();

const previewSummarySchema = z.looseObject({
  previewId: z.string(),
  backupId: z.string(),
  featureAware: z.boolean(),
  reason: z.string().nullable(),
  toRestore: z.number(),
  include: kindListSchema,
  fills: z.number(),
  replaces: z.number(),
  downgrades: z.number(),
  erases: z.number(),
  analysedSinceBackup: kindCountsSchema,
  kindFormatDeltas: z.looseObject({
    fills: formatCountsSchema,
    replaces: formatCountsSchema,
    downgrades: formatCountsSchema,
    erases: formatCountsSchema,
  }),
  otherLibrary: z.string().nullable(),
  undo: undoScopeSchema,
  unchanged: z.number(),
  notInLibrary: z.number(),
  libraryOnly: z.number(),
  matchedByPath: z.number(),
  formatsBefore: formatCountsSchema,
  formatsAfter: formatCountsSchema,
});

export function isRestorePreviewSummary(value: unknown): value is RestorePreviewSummary {
  return previewSummarySchema.safeParse(value).success;
}

const previewPageSchema = z.looseObject({
  previewId: z.string(),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  items: z.array(z.looseObject({ trackId: z.string() })),
});

export function isRestorePreviewPage(value: unknown): value is RestorePreviewPage {
  return previewPageSchema.safeParse(value).success;
}

const restoreResultSchema = z.looseObject({
  backupId: z.string(),
  mode: z.enum(['additive', 'replace']),
  safetyBackupId: z.string(),
  restored: z.number(),
  savedLivePath: z.string().nullable(),
  include: kindListSchema,
  written: kindCountsSchema,
  keptByKind: kindCountsSchema,
  undoable: z.boolean(),
  undo: undoScopeSchema,
});

export function isRestoreResult(value: unknown): value is RestoreResult {
  return restoreResultSchema.safeParse(value).success;
}

const verifyResultSchema = z.looseObject({
  id: z.string(),
  ok: z.boolean(),
  problems: z.array(z.string()),
  checkedAt: z.string(),
});

export function isVerifyResult(value: unknown): value is VerifyResult {
  return verifyResultSchema.safeParse(value).success;
}

export function isBackupMeta(value: unknown): value is BackupMeta {
  return z.looseObject({ id: z.string(), createdAt: z.string() }).safeParse(value).success;
}

const rescanSummarySchema = z.looseObject({
  mode: z.enum(['safe', 'force']),
  selected: z.number(),
  analysed: z.number(),
  failed: z.array(
    z.looseObject({
      trackId: z.string(),
      // Absent from hosts older than the artist/title report.
      artist: z.string().nullable().optional(),
      title: z.string().nullable().optional(),
      filePath: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  failedCount: z.number(),
  skipped: z.number(),
  cancelled: z.boolean(),
  backupId: z.string().nullable(),
});

export function isRescanSummary(value: unknown): value is RescanSummaryView {
  return rescanSummarySchema.safeParse(value).success;
}

const cleanupOutcomeSchema = z.looseObject({
  dryRun: z.boolean(),
  removed: z.array(z.looseObject({ id: z.string() })),
  failures: z.array(z.looseObject({ id: z.string(), error: z.string() })).optional(),
  freedBytes: z.number().optional(),
});

/** What cleanup and retention jobs return (CleanupResult, RetentionResult): removed, failures, bytes freed. */
export interface CleanupOutcome {
  dryRun: boolean;
  removed: { id: string }[];
  failures?: { id: string; error: string }[];
  freedBytes?: number;
}

export function isCleanupOutcome(value: unknown): value is CleanupOutcome {
  return cleanupOutcomeSchema.safeParse(value).success;
}
