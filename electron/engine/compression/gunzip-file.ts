// Streaming reads of a backup file: its sha256, and its decompressed contents written
// to a file, with the compressed bytes hashed on the way. Never holds a whole file in
// memory; works in the main thread (zlib runs on libuv's pool) and in workers.
import fs from 'node:fs';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContractError } from '../../../shared/errors';
import { describeFsError } from '../fs/fs-errors';
import type { JobContext, ProgressUpdate } from '../runtime/progress';

const READ_CHUNK = 1024 * 1024;

export interface GunzipResult {
  /** sha256 of the compressed input, hex. */
  sha256: string;
  compressedBytes: number;
  outputBytes: number;
}

type Reporter = (bytesDone: number, bytesTotal: number) => void;

/** A pass-through that hashes and counts what flows through it. */
function hashingCounter(onBytes: (n: number) => void): { stream: Transform; digest(): string } {
  const hash = crypto.createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function cancelled(): ContractError {
  return new ContractError('cancelled', 'The job was cancelled; nothing was changed.');
}

/** Builds a byte-progress reporter for one phase. */
export function phaseReporter(ctx: JobContext, phase: string, label: string): Reporter {
  return (bytesDone, bytesTotal) => {
    const update: ProgressUpdate = {
      phase,
      label,
      fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0,
      bytesDone,
      bytesTotal,
    };
    ctx.report(update);
  };
}

/** sha256 of a file, streamed. */
export async function sha256OfFile(filePath: string, ctx: JobContext, report?: Reporter): Promise<string> {
  const total = (await fs.promises.stat(filePath)).size;
  const hash = crypto.createHash('sha256');
  let done = 0;
  try {
    for await (const chunk of fs.createReadStream(filePath, {
      highWaterMark: READ_CHUNK,
      signal: ctx.signal,
    })) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      report?.(done, total);
    }
  } catch (err) {
    if (ctx.signal.aborted) throw cancelled();
    throw err;
  }
  return hash.digest('hex');
}

/**
 * Decompresses `sourcePath` into `destPath` (created; must not exist). Throws
 * ContractError('corrupt') when the gzip stream is damaged or cut off, 'cancelled' on
 * cancel, 'io' when a file cannot be read or written. The caller removes `destPath`.
 */
export async function gunzipFile(
  sourcePath: string,
  destPath: string,
  ctx: JobContext,
  report?: Reporter,
): Promise<GunzipResult> {
  const total = (await fs.promises.stat(sourcePath)).size;
  let compressedBytes = 0;
  const counter = hashingCounter((n) => {
    compressedBytes += n;
    report?.(compressedBytes, total);
  });
  const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
  try {
    await pipeline(
      fs.createReadStream(sourcePath, { highWaterMark: READ_CHUNK }),
      counter.stream,
      gunzip,
      fs.createWriteStream(destPath, { flags: 'wx' }),
      { signal: ctx.signal },
    );
  } catch (err) {
    if (ctx.signal.aborted) throw cancelled();
    if (isZlibError(err)) {
      throw new ContractError(
        'corrupt',
        `The backup file cannot be decompressed (${(err as Error).message}): it is cut off or damaged.`,
      );
    }
    throw new ContractError('io', `Cannot decompress the backup: ${describeFsError(err)}.`);
  }
  const outputBytes = (await fs.promises.stat(destPath)).size;
  return { sha256: counter.digest(), compressedBytes, outputBytes };
}
