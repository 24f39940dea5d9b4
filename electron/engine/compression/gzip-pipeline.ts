// Compresses a file with several gzip workers while the main thread only reads,
// hands out chunks and writes the results in order, hashing them as they go.
//
// Memory is fixed whatever the size of the file: `3 x workers` slots, each a shared
// input buffer (one chunk) and a shared output buffer (one member), reused throughout.
//
// A chunk goes to whichever worker is free, not to each in turn: on a busy machine one
// worker is often kept off a core for a while, and with chunks dealt in turn the other
// finished its share and then waited (profiled: 2.4 s against 4.5 s of compressing in
// the two workers of one backup). The spare slots let reading run ahead meanwhile.
//
// Each worker is given a second chunk while it still compresses one: it then starts on
// the next the moment it finishes, instead of waiting for this thread to be scheduled,
// to hear of it and to hand one out (tens of milliseconds a chunk on a loaded machine).
import { crashPoint } from '../runtime/crash-points';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import type { EngineWorker } from '../runtime/worker-client';
import { gzipBound, type GzipChunkArgs, type GzipMethods } from './gzip-worker';

export interface CompressOptions {
  workers: readonly EngineWorker<GzipMethods>[];
  chunkBytes: number;
  level: number;
  /** Test seam: runs before each compressed member is written; throwing simulates a failed write. */
  beforeWrite?: ((memberIndex: number) => void | Promise<void>) | undefined;
}

export interface CompressResult {
  sourceBytes: number;
  compressedBytes: number;
  /** sha256 of the compressed output, hex. */
  sha256: string;
  /** Byte length of each gzip member, in file order: lets restore unpack them in parallel. */
  memberSizes: number[];
}

interface Slot {
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
}

interface Pending {
  slot: Slot;
  /** Resolves to the member's length in `slot.output`. */
  length: Promise<number>;
}

/** A chunk read into its slot, waiting for a free worker. */
interface Waiting {
  args: GzipChunkArgs;
  settle: (length: Promise<number>) => void;
}

const SLOTS_PER_WORKER = 3;
/** Chunks a worker holds at once: the one it compresses and the next. */
const QUEUED_PER_WORKER = 2;

async function readExactly(
  handle: fs.promises.FileHandle,
  into: Uint8Array,
  position: number,
): Promise<void> {
  let filled = 0;
  while (filled < into.length) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) throw new Error(`The snapshot ended early at byte ${position + filled}.`);
    filled += bytesRead;
  }
}

async function writeFully(handle: fs.promises.FileHandle, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    written += bytesWritten;
  }
}

/**
 * Writes `sourcePath` gzip-compressed to `destPath` (created; must not exist) and
 * fsyncs it. Progress goes to `ctx` as phase `compress`; cancellation is checked
 * between chunks.
 */
export async function compressFileInWorkers(
  sourcePath: string,
  destPath: string,
  ctx: JobContext,
  options: CompressOptions,
): Promise<CompressResult> {
  const { workers, chunkBytes, level } = options;
  const source = await fs.promises.open(sourcePath, 'r');
  try {
    const dest = await fs.promises.open(destPath, 'wx');
    try {
      const sourceBytes = (await source.stat()).size;
      const hash = crypto.createHash('sha256');
      const slotCount = Math.max(
        1,
        Math.min(workers.length * SLOTS_PER_WORKER, Math.ceil(sourceBytes / chunkBytes)),
      );
      const free: Slot[] = Array.from({ length: slotCount }, () => ({
        input: new SharedArrayBuffer(chunkBytes),
        output: new SharedArrayBuffer(gzipBound(chunkBytes)),
      }));
      // Members in file order, each settling when its worker is done with it.
      const inFlight: Pending[] = [];
      const waiting: Waiting[] = [];
      // Chunks each worker holds; a chunk goes to the one that holds fewest.
      const held = new Map<EngineWorker<GzipMethods>, number>(workers.map((w) => [w, 0]));
      const leastBusy = (): EngineWorker<GzipMethods> | null => {
        let best: EngineWorker<GzipMethods> | null = null;
        for (const [w, n] of held)
          if (n < QUEUED_PER_WORKER && (best === null || n < held.get(best)!)) best = w;
        return best;
      };
      let failed = false;
      let readOffset = 0;
      let written = 0;
      let compressedBytes = 0;
      const memberSizes: number[] = [];
      const handOut = (): void => {
        for (let worker = leastBusy(); !failed && worker && waiting.length > 0; worker = leastBusy()) {
          const job = waiting.shift()!;
          const w = worker;
          held.set(w, held.get(w)! + 1);
          const done = w.call('gzipChunk', job.args);
          job.settle(done);
          done.then(
            () => {
              held.set(w, held.get(w)! - 1);
              handOut();
            },
            () => {
              failed = true; // the loop below throws it; nothing more is handed out
            },
          );
        }
      };
      const dispatch = (slot: Slot, length: number): void => {
        let settle!: (length: Promise<number>) => void;
        const pending = new Promise<number>((resolve) => {
          settle = resolve;
        });
        // Awaited in order below; this only stops a later rejection from being "unhandled"
        // while an earlier member is still being awaited.
        pending.catch(() => undefined);
        inFlight.push({ slot, length: pending });
        waiting.push({ args: { input: slot.input, length, output: slot.output, level }, settle });
        handOut();
      };
      // An empty file still gets one (empty) member, so the output is valid gzip.
      if (sourceBytes === 0) dispatch(free.pop()!, 0);
      for (;;) {
        while (free.length > 0 && readOffset < sourceBytes) {
          throwIfCancelled(ctx.signal);
          const slot = free.pop()!;
          const length = Math.min(chunkBytes, sourceBytes - readOffset);
          await readExactly(source, new Uint8Array(slot.input, 0, length), readOffset);
          dispatch(slot, length);
          readOffset += length;
        }
        const next = inFlight.shift();
        if (!next) break;
        const member = new Uint8Array(next.slot.output, 0, await next.length);
        throwIfCancelled(ctx.signal);
        crashPoint('backup-compress-member');
        await options.beforeWrite?.(written);
        // The write runs on libuv's pool while this thread hashes the same bytes.
        const writing = writeFully(dest, member);
        hash.update(member);
        await writing;
        free.push(next.slot);
        written++;
        compressedBytes += member.length;
        memberSizes.push(member.length);
        const consumed = Math.min(sourceBytes, written * chunkBytes);
        ctx.report({
          phase: 'compress',
          label: 'Compressing the snapshot',
          fraction: sourceBytes > 0 ? consumed / sourceBytes : 1,
          bytesDone: consumed,
          bytesTotal: sourceBytes,
        });
      }
      await dest.sync();
      return { sourceBytes, compressedBytes, sha256: hash.digest('hex'), memberSizes };
    } finally {
      await dest.close();
    }
  } finally {
    await source.close();
  }
}
