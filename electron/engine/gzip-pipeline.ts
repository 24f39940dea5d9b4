// Compresses a file with several gzip workers while the main thread only reads,
// hands out chunks and writes the results in order, hashing them as they go.
//
// Memory stays bounded: at most `2 x workers` chunks are in flight at any moment,
// whatever the size of the file.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { throwIfCancelled, type JobContext } from './progress';
import type { EngineWorker } from './worker-client';
import type { GzipChunkArgs } from './gzip-worker';

export interface CompressOptions {
  workers: readonly EngineWorker[];
  chunkBytes: number;
  level: number;
  /** Test seam: runs before each compressed member is written; throwing simulates a failed write. */
  beforeWrite?: (memberIndex: number) => void | Promise<void>;
}

export interface CompressResult {
  sourceBytes: number;
  compressedBytes: number;
  /** sha256 of the compressed output, hex. */
  sha256: string;
}

async function readExactly(handle: fs.promises.FileHandle, length: number, position: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(chunk, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new Error(`The snapshot ended early at byte ${position + filled}.`);
    filled += bytesRead;
  }
  return chunk;
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
      const inFlight: Promise<Uint8Array>[] = [];
      const maxInFlight = workers.length * 2;
      let readOffset = 0;
      let dispatched = 0;
      let written = 0;
      let compressedBytes = 0;
      const dispatch = (data: Uint8Array): void => {
        const worker = workers[dispatched++ % workers.length]!;
        const args: GzipChunkArgs = { data, level };
        const member = worker.call<Uint8Array>('gzipChunk', args, null, [data.buffer as ArrayBuffer]);
        // Awaited in order below; this only stops a later rejection from being "unhandled"
        // while an earlier member is still being awaited.
        member.catch(() => undefined);
        inFlight.push(member);
      };
      // An empty file still gets one (empty) member, so the output is valid gzip.
      if (sourceBytes === 0) dispatch(new Uint8Array(0));
      for (;;) {
        while (inFlight.length < maxInFlight && readOffset < sourceBytes) {
          throwIfCancelled(ctx.signal);
          const length = Math.min(chunkBytes, sourceBytes - readOffset);
          dispatch(await readExactly(source, length, readOffset));
          readOffset += length;
        }
        const next = inFlight.shift();
        if (!next) break;
        const member = await next;
        throwIfCancelled(ctx.signal);
        await options.beforeWrite?.(written);
        hash.update(member);
        await writeFully(dest, member);
        written++;
        compressedBytes += member.length;
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
      return { sourceBytes, compressedBytes, sha256: hash.digest('hex') };
    } finally {
      await dest.close();
    }
  } finally {
    await source.close();
  }
}
