// The snapshot job's result (typed `unknown` in the job list), checked before it is shown.
import { z } from 'zod';
import type { SnapshotResult } from '../../../../shared/repository-types';

const resultSchema = z.looseObject({
  status: z.enum(['created', 'unchanged', 'partial']),
  snapshot: z.looseObject({ id: z.string(), shortId: z.string(), name: z.string().nullable() }).nullable(),
  unreadable: z.array(z.looseObject({ path: z.string(), reason: z.string() })),
  filesNew: z.number(),
  filesChanged: z.number(),
  filesUnmodified: z.number(),
  dataAdded: z.number(),
  totalFiles: z.number(),
  totalBytes: z.number(),
});

export type SnapshotOutcome = Pick<
  SnapshotResult,
  | 'status'
  | 'unreadable'
  | 'filesNew'
  | 'filesChanged'
  | 'filesUnmodified'
  | 'dataAdded'
  | 'totalFiles'
  | 'totalBytes'
> & { snapshot: { id: string; shortId: string; name: string | null } | null };

export function parseSnapshotResult(value: unknown): SnapshotOutcome | null {
  const parsed = resultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
