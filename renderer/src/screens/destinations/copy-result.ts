// The copy, recover and destination prune jobs' results (typed `unknown` in the job list), checked before
// they are shown.
import { z } from 'zod';
import type {
  CopyOutcome,
  DestinationPruneResult,
  RecoverResult,
} from '../../../../shared/destination-types';

const copyResultSchema = z.looseObject({
  destinations: z.array(
    z.looseObject({
      name: z.string(),
      location: z.string(),
      status: z.enum(['copied', 'up-to-date', 'failed']),
      snapshotsCopied: z.number(),
      lastCopy: z.string().nullable(),
      error: z.string().nullable(),
      seconds: z.number(),
    }),
  ),
});

export function parseCopyResult(value: unknown): CopyOutcome[] | null {
  const parsed = copyResultSchema.safeParse(value);
  return parsed.success ? parsed.data.destinations : null;
}

const recoverResultSchema = z.looseObject({
  from: z.string(),
  snapshot: z.looseObject({ shortId: z.string(), name: z.string().nullable(), time: z.string() }),
  databasePath: z.string(),
  folders: z.array(z.looseObject({ original: z.string(), restoredTo: z.string() })),
  filesRestored: z.number(),
  bytesRestored: z.number(),
});

export type RecoverOutcome = Pick<
  RecoverResult,
  'from' | 'databasePath' | 'folders' | 'filesRestored' | 'bytesRestored'
> & { snapshot: { shortId: string; name: string | null; time: string } };

export function parseRecoverResult(value: unknown): RecoverOutcome | null {
  const parsed = recoverResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const pruneSnapshotSchema = z.looseObject({ id: z.string(), time: z.string(), reasons: z.array(z.string()) });
const pruneResultSchema = z.looseObject({
  name: z.string(),
  location: z.string(),
  applied: z.boolean(),
  policy: z.string(),
  keep: z.array(pruneSnapshotSchema),
  remove: z.array(pruneSnapshotSchema),
  size: z.number().nullable(),
});

export type PruneOutcome = Pick<
  DestinationPruneResult,
  'name' | 'location' | 'applied' | 'policy' | 'keep' | 'remove' | 'size'
>;

export function parsePruneResult(value: unknown): PruneOutcome | null {
  const parsed = pruneResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
