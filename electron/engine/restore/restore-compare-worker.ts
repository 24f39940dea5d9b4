// Worker module: the second part of a preview's comparison, on a connection of its own,
// so both cores compare tracks at once (see restore-compare-split.ts). `begin` opens the
// read transaction and reads once (fixing its snapshot); the caller checks that the two
// transactions see the same library before it hands out a `part`.
import { ContractError } from '../../../shared/errors';
import type { JobContext } from '../runtime/progress';
import { comparePart, type FeatureAware, type PartResult } from './restore-compare-part';
import { openRestoreConnection, type RestoreConnection } from './restore-db';
import { countTracks, type RowidRange, type TrackCounts } from './track-matching';
import type { WorkerMethods } from '../runtime/worker-protocol';

export interface HelperBeginArgs {
  libraryPath: string;
  copyPath: string;
}

export interface HelperPartArgs {
  cmp: FeatureAware;
  range: RowidRange;
  rangeTracks: number;
}

let held: RestoreConnection | null = null;

function begin(args: HelperBeginArgs): TrackCounts {
  // One helper serves one preview and is then stopped, which closes the connection.
  if (held) throw new ContractError('internal', 'The comparison helper is already in use.');
  const conn = openRestoreConnection(args.libraryPath, args.copyPath, { write: false });
  try {
    conn.db.exec('BEGIN');
    const counts = countTracks(conn.db);
    held = conn;
    return counts;
  } catch (err) {
    conn.close();
    throw err;
  }
}

function part(args: HelperPartArgs, ctx: JobContext): Promise<PartResult> {
  if (!held) throw new ContractError('internal', 'The comparison helper has no open transaction.');
  return comparePart(held.db, args.cmp, args.range, args.rangeTracks, ctx, [0, 1]);
}

export const handlers = { begin, part } satisfies WorkerMethods;

export type RestoreCompareMethods = typeof handlers;
