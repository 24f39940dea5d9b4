// Comparing a preview's tracks on both cores: the backup rows are cut into chunks (by
// rowid), and the restore worker and a helper worker (restore-compare-worker.ts) each take
// the next chunk until none is left, each on its own connection. While the backup is
// unpacked both cores are busy inflating; while tracks were compared one core sat idle.
// The helper is started late in the unpacking (restore-preview.ts asks for it at 75%;
// starting it earlier slowed the unpacking by more than it saved), or else when the
// comparison starts; the restore worker does not wait for it meanwhile.
//
// A preview promises one snapshot of a library that may be written to meanwhile (a scan
// in progress). Two connections see the same snapshot when no write committed between the
// starts of their transactions; a third connection's `PRAGMA data_version`, read before
// and after, tells whether one did. If so, or without a helper, the restore worker
// compares every chunk itself.
import { openLibrary, type Db } from '../library/library';
import type { JobContext } from '../runtime/progress';
import { comparePart, type FeatureAware, type PartResult } from './restore-compare-part';
import type { HelperBeginArgs, HelperPartArgs, RestoreCompareMethods } from './restore-compare-worker';
import { BACKUP_SCHEMA } from './restore-db';
import { countTracks, yieldToEventLoop, type RowidRange, type TrackCounts } from './track-matching';
import type { EngineWorker } from '../runtime/worker-client';

/** Below this many backup tracks one connection is quicker than coordinating two. */
export const MIN_SPLIT_TRACKS = 2000;
/** Chunks per comparison: enough that neither worker waits long for the other at the end. */
const CHUNKS = 32;
/** Progress of the chunks; matching by path and the format counts take the rest. */
const PARTS_PROGRESS = 0.9;

export interface ComparedParts {
  counts: TrackCounts;
  /** In backup rowid order: concatenated, they are what one part over every row gives. */
  parts: PartResult[];
}

interface Chunk {
  range: RowidRange;
  tracks: number;
}

function dataVersion(probe: Db): number {
  return Number(probe.pragma('data_version', { simple: true }));
}

/**
 * Consecutive rowid ranges covering every backup row: equal spans of the rowid range,
 * which hold about equal row counts when rowids are dense (as a snapshot's are). Walking
 * the rowids to cut exact counts reads every leaf page of the table (~120 ms for 30,000
 * tracks, whose pages are mostly feature text); the min and max are two b-tree lookups.
 * Uneven chunks only shift work between the two workers, which take chunks as they go.
 */
function chunksOf(db: Db, backupTracks: number): Chunk[] {
  const whole: Chunk[] = [{ range: {}, tracks: backupTracks }];
  if (backupTracks < MIN_SPLIT_TRACKS) return whole;
  const [min, max] = db.prepare(`SELECT min(rowid), max(rowid) FROM ${BACKUP_SCHEMA}.tracks`).raw().get() as [
    number | bigint | null,
    number | bigint | null,
  ];
  if (min === null || max === null) return whole;
  const first = Number(min);
  const span = Number(max) - first + 1;
  const step = Math.ceil(span / CHUNKS);
  const chunks: Chunk[] = [];
  for (let i = 0; i < CHUNKS && i * step < span; i++) {
    chunks.push({
      // The first chunk is open below and the last above: no row can fall outside.
      range: {
        from: i === 0 ? undefined : first + i * step,
        to: (i + 1) * step >= span ? undefined : first + (i + 1) * step,
      },
      tracks: Math.ceil(backupTracks / CHUNKS),
    });
  }
  return chunks;
}

/** Whether the helper's transaction (begun on request) sees the snapshot `db` saw first. */
async function helperSharesSnapshot(
  helper: EngineWorker<RestoreCompareMethods>,
  paths: HelperBeginArgs,
  probe: Db,
  versionBefore: number,
  counts: TrackCounts,
  ctx: JobContext,
): Promise<boolean> {
  const helperCounts = await helper.call('begin', paths, ctx);
  return (
    dataVersion(probe) === versionBefore &&
    helperCounts.backupTracks === counts.backupTracks &&
    helperCounts.libraryTracks === counts.libraryTracks
  );
}

/** Starts a worker running restore-compare-worker.js; called only when there is work to share. */
export type HelperFactory = () => EngineWorker<RestoreCompareMethods>;

/**
 * Opens the read transaction on `db` (just attached, nothing read yet) and compares every
 * backup row, sharing the chunks with a helper from `startHelper` when it sees the same
 * snapshot; the helper is stopped before this returns. The caller commits `db`.
 */
export async function compareParts(
  db: Db,
  paths: HelperBeginArgs,
  cmp: FeatureAware,
  ctx: JobContext,
  startHelper: HelperFactory | null,
): Promise<ComparedParts> {
  const probe = startHelper ? openLibrary(paths.libraryPath, { readonly: true }) : null;
  let helper: EngineWorker<RestoreCompareMethods> | null = null;
  try {
    const versionBefore = probe ? dataVersion(probe) : 0;
    db.exec('BEGIN');
    const counts = countTracks(db);
    // Chunks only pay off when two workers share them.
    const chunks = startHelper
      ? chunksOf(db, counts.backupTracks)
      : [{ range: {}, tracks: counts.backupTracks }];
    if (startHelper && chunks.length > 1) helper = startHelper();
    const parts: PartResult[] = new Array<PartResult>(chunks.length);
    let next = 0;
    const progress = (i: number): [number, number] => [
      (PARTS_PROGRESS * i) / chunks.length,
      (PARTS_PROGRESS * (i + 1)) / chunks.length,
    ];
    // One label for the whole step: each chunk both compares and summarises, and
    // alternating labels would flicker in the progress bar.
    const ownCtx: JobContext =
      chunks.length > 1
        ? { signal: ctx.signal, report: (u) => ctx.report({ ...u, label: 'Comparing tracks' }) }
        : ctx;
    const own = async (): Promise<void> => {
      while (next < chunks.length) {
        const i = next++;
        parts[i] = await comparePart(db, cmp, chunks[i]!.range, chunks[i]!.tracks, ownCtx, progress(i));
        // A chunk may finish without ever yielding; the helper's answers need the event loop.
        await yieldToEventLoop();
      }
    };
    const helped = async (): Promise<void> => {
      if (!helper || !probe) return;
      if (!(await helperSharesSnapshot(helper, paths, probe, versionBefore, counts, ctx))) return;
      // Its progress is not shown: the restore worker's own chunks move at the same pace.
      const quiet: JobContext = { signal: ctx.signal, report: () => undefined };
      while (next < chunks.length) {
        const i = next++;
        const args: HelperPartArgs = { cmp, range: chunks[i]!.range, rangeTracks: chunks[i]!.tracks };
        parts[i] = await helper.call('part', args, quiet);
      }
    };
    // A failure on either side hands out no more chunks; both run to the end (a cancel
    // reaches both) before an error is passed on, so nothing is still reading when the
    // caller closes the connections.
    const stopOnFailure = (run: () => Promise<void>) => () =>
      run().catch((err: unknown) => {
        next = chunks.length;
        throw err;
      });
    const [mine, theirs] = await Promise.allSettled([stopOnFailure(own)(), stopOnFailure(helped)()]);
    if (mine.status === 'rejected') throw mine.reason;
    if (theirs.status === 'rejected') throw theirs.reason;
    return { counts, parts };
  } finally {
    probe?.close();
    // Stopping it closes its connection.
    await helper?.terminate();
  }
}
