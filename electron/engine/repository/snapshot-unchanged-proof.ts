// "The newest snapshot already holds exactly this": a note kept beside the database
// staging copy that lets an unchanged library be answered without running restic.
//
// After a snapshot whose restic run read every path (no unreadable file) and either
// stored snapshot X or found the newest snapshot X already equal to the paths, the note
// says: X holds the paths as they were in state S, S being the digest of the walk taken
// before restic started reading (tree-state.ts). A later snapshot whose walk gives S
// again, while X is still the library's newest snapshot in the same repository, has
// nothing new to store. Why the walk comes first: anything that changes after it moves
// some entry's ctime, so the next walk differs and restic runs; the note can only ever
// be stale in the direction of running restic once too often. A first snapshot, with
// nothing to prove against, walks beside restic instead; snapshot-walk-beside.ts says
// when such a walk may still be noted.
//
// The note is written after restic finished (atomically), never before, so a run killed
// in between leaves the note of the snapshot before, which then no longer is the newest
// (when restic stored one) or no longer matches the walk. A note that cannot be read is
// no note.
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic } from '../fs/atomic-json';
import { stagingWorkDir } from './db-staging';

const proofSchema = z.object({
  repo: z.string(),
  snapshotId: z.string(),
  state: z.string(),
  totalFiles: z.number(),
  totalBytes: z.number(),
});
export type UnchangedProof = z.infer<typeof proofSchema>;

function proofPath(stagingDir: string): string {
  return path.join(stagingWorkDir(stagingDir), 'newest-snapshot-state.json');
}

/**
 * One digest for everything the snapshot's content depends on: the paths given to
 * restic, the exclude patterns, and the walk of those paths (folders and database copy).
 */
export function snapshotState(
  targets: readonly string[],
  excludeText: string,
  walks: readonly (string | null)[],
): string | null {
  if (walks.some((w) => w === null)) return null;
  return crypto.createHash('sha256').update(JSON.stringify({ targets, excludeText, walks })).digest('hex');
}

/** The note when it proves that `snapshotId` in `repo` holds `state`; else null. */
export async function provenUnchanged(
  stagingDir: string,
  repo: string,
  snapshotId: string,
  state: string,
): Promise<UnchangedProof | null> {
  const read = await readJsonValidated(proofPath(stagingDir), proofSchema);
  if (read.status !== 'ok') return null;
  const p = read.value;
  return p.repo === repo && p.snapshotId === snapshotId && p.state === state ? p : null;
}

/** Records that `proof.snapshotId` holds `proof.state`; a note that cannot be written only costs a restic run. */
export async function recordUnchangedProof(stagingDir: string, proof: UnchangedProof): Promise<void> {
  await writeJsonAtomic(proofPath(stagingDir), proof).catch(() => undefined);
}
