// restic's --json output, validated before use: it crosses a process boundary and
// its fields change between versions, so nothing is trusted until parsed here.
// Unknown fields are ignored; missing optional ones become null.
import { z } from 'zod';

const num = z.number().finite();

export const backupStatusSchema = z.object({
  message_type: z.literal('status'),
  percent_done: num.optional(),
  seconds_remaining: num.optional(),
  total_files: num.optional(),
  files_done: num.optional(),
  total_bytes: num.optional(),
  bytes_done: num.optional(),
  current_files: z.array(z.string()).optional(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const backupErrorSchema = z.object({
  message_type: z.literal('error'),
  error: z.object({ message: z.string() }).optional(),
  during: z.string().optional(),
  item: z.string().optional(),
});
export type BackupError = z.infer<typeof backupErrorSchema>;

export const backupSummarySchema = z.object({
  message_type: z.literal('summary'),
  files_new: num,
  files_changed: num,
  files_unmodified: num,
  data_added: num,
  total_files_processed: num,
  total_bytes_processed: num,
  /** Absent when --skip-if-unchanged found nothing to store. */
  snapshot_id: z.string().optional(),
  /** The new snapshot's own time when no --time is given (restic 0.18+; absent in 0.17). */
  backup_start: z.string().optional(),
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;

/**
 * One line of `restic backup --verbose=2 --json`: a file or folder (its item ends in
 * "/") and whether it is new, unchanged or modified against the parent snapshot.
 */
export const backupItemSchema = z.object({
  message_type: z.literal('verbose_status'),
  action: z.string(),
  item: z.string(),
});
export type BackupItem = z.infer<typeof backupItemSchema>;

/** What restic prints on stderr (as JSON with --json) when it exits with an error. */
export const exitErrorSchema = z.object({
  message_type: z.literal('exit_error'),
  code: num,
  message: z.string(),
});

export const initializedSchema = z.object({
  message_type: z.literal('initialized'),
  id: z.string(),
  repository: z.string(),
});

const snapshotSummarySchema = z.object({
  files_new: num.optional(),
  files_changed: num.optional(),
  data_added: num.optional(),
  total_files_processed: num.optional(),
  total_bytes_processed: num.optional(),
});

export const snapshotSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  short_id: z.string().optional(),
  time: z.string(),
  paths: z.array(z.string()),
  hostname: z.string().optional(),
  tags: z.array(z.string()).nullish(),
  summary: snapshotSummarySchema.optional(),
});
export type ResticSnapshot = z.infer<typeof snapshotSchema>;
export const snapshotListSchema = z.array(snapshotSchema).nullable();

/** One line of `restic ls --json`: the snapshot first, then one node per entry. */
export const lsNodeSchema = z.object({
  message_type: z.literal('node').optional(),
  struct_type: z.literal('node').optional(),
  name: z.string(),
  type: z.string(),
  path: z.string(),
  size: num.optional(),
  mtime: z.string().optional(),
});
export type LsNode = z.infer<typeof lsNodeSchema>;

/** One line of `restic diff --json`. */
export const diffChangeSchema = z.object({
  message_type: z.literal('change'),
  path: z.string(),
  modifier: z.string(),
});

const diffCountsSchema = z.object({ files: num, dirs: num, others: num });
export const diffStatisticsSchema = z.object({
  message_type: z.literal('statistics'),
  changed_files: num,
  added: diffCountsSchema,
  removed: diffCountsSchema,
});

export const checkSummarySchema = z.object({
  message_type: z.literal('summary'),
  num_errors: num.optional(),
  broken_packs: z.array(z.string()).nullish(),
  suggest_repair_index: z.boolean().optional(),
  suggest_prune: z.boolean().optional(),
});

/** Parses one output line as JSON; null for anything that is not a JSON object. */
export function parseJsonLine(line: string): unknown {
  const t = line.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return null;
  }
}
