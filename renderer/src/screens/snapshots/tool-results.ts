// The restore-files and export jobs' results (typed `unknown` in the job list),
// checked before they are shown.
import { z } from 'zod';

const restoreResultSchema = z.looseObject({
  written: z.number(),
  bytesToWrite: z.number(),
  to: z.string().nullable(),
  counts: z.looseObject({ new: z.number(), overwrite: z.number(), identical: z.number() }),
  movedAside: z.array(
    z.looseObject({ path: z.string(), movedTo: z.string(), movedToDisplay: z.string().optional() }),
  ),
});

export type RestoreOutcome = z.infer<typeof restoreResultSchema>;

export function parseRestoreResult(value: unknown): RestoreOutcome | null {
  const parsed = restoreResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const exportResultSchema = z.looseObject({
  file: z.string(),
  format: z.enum(['tar.gz', 'zip']),
  bytes: z.number(),
  sha256: z.string(),
  sha256File: z.string(),
  path: z.string(),
});

export type ExportOutcome = z.infer<typeof exportResultSchema>;

export function parseExportResult(value: unknown): ExportOutcome | null {
  const parsed = exportResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
