// Unpacks a backup with two gzip workers when its metadata records the member layout
// (one gzip member per `chunkBytes` of database, see gzip-pipeline.ts); otherwise, or
// when the layout does not add up, as one sequential stream (gunzip-file.ts).
//
// The calling thread reads members in file order (hashing them for the sha256 check) and
// hands each to a worker, which inflates it and writes it at `index * chunkBytes` itself.
// The caller's share is small (a read and a hash per member), so it can be the main
// thread. Memory is fixed: `2 x workers` shared input buffers, reused throughout.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { ContractError } from '../../../shared/errors';
import type { BackupMeta } from '../../../shared/types';
import { describeFsError } from '../fs/fs-errors';
import { gunzipFile, type GunzipResult } from './gunzip-file';
import { gzipBound, type GunzipMemberArgs, type GzipMethods } from './gzip-worker';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import type { EngineWorker } from '../runtime/worker-client';
import { startWorker } from '../workers';

export type MemberLayout = NonNullable<BackupMeta['gzipMembers']>;

/** What the metadata says about the file; both come from untrusted JSON. */
export interface UnpackHint {
  gzipMembers?: MemberLayout | undefined;
  databaseBytes: number;
}

type Reporter = (bytesDone: number, bytesTotal: number) => void;

const WORKERS = 2;
/** Bounds the shared buffers a hand-edited layout could ask for; we write 4 MiB chunks. */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
/** A gzip member has a 10-byte header and an 8-byte trailer. */
const MIN_MEMBER_BYTES = 18;

interface Pending {
  /** The member's compressed bytes; free again once the worker has answered. */
  slot: SharedArrayBuffer;
  index: number;
  /** Compressed bytes up to and including this member, for progress. */
  consumed: number;
  /** Resolves to the inflated length the worker wrote. */
  length: Promise<number>;
}

/**
 * The layout, when it is consistent with the file and the database size; null means
 * "unpack sequentially". A layout that passes here can still be wrong about where a
 * member ends; the workers then fail and the backup is reported damaged.
 */
export function usableLayout(hint: UnpackHint, fileBytes: number): MemberLayout | null {
  const layout = hint.gzipMembers;
  if (!layout) return null;
  const { chunkBytes, compressedSizes } = layout;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) return null;
  if (compressedSizes.length !== Math.max(1, Math.ceil(hint.databaseBytes / chunkBytes))) return null;
  const largest = gzipBound(chunkBytes);
  let total = 0;
  for (const n of compressedSizes) {
    if (!Number.isSafeInteger(n) || n < MIN_MEMBER_BYTES || n > largest) return null;
    total += n;
  }
  return total === fileBytes ? layout : null;
}

function damaged(reason: string): ContractError {
  return new ContractError(
    'corrupt',
    `The backup file cannot be decompressed (${reason}): it is cut off or damaged.`,
  );
}

async function readMember(handle: fs.promises.FileHandle, into: Uint8Array, position: number): Promise<void> {
  let filled = 0;
  while (filled < into.length) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    // The size was checked up front, so this means the file shrank while we read it.
    if (bytesRead === 0) throw damaged('unexpected end of file');
    filled += bytesRead;
  }
}

async function inflateMembers(
  source: fs.promises.FileHandle,
  destPath: string,
  workers: readonly EngineWorker<GzipMethods>[],
  layout: MemberLayout,
  ctx: JobContext,
  report: Reporter | undefined,
): Promise<GunzipResult> {
  const { chunkBytes, compressedSizes } = layout;
  const count = compressedSizes.length;
  const total = compressedSizes.reduce((a, b) => a + b, 0);
  const inputBytes = Math.max(...compressedSizes);
  const free: SharedArrayBuffer[] = Array.from(
    { length: Math.min(workers.length * 2, count) },
    () => new SharedArrayBuffer(inputBytes),
  );
  const hash = crypto.createHash('sha256');
  const inFlight: Pending[] = [];
  let next = 0;
  let readOffset = 0;
  let outputBytes = 0;
  try {
    return await inflateInOrder();
  } finally {
    // Members still inflating are let finish before the caller terminates the workers:
    // Node 20 aborts the whole process when a worker is terminated inside zlib
    // ("close before init"), which a cancel mid-unpack did. Each is one chunk, so short.
    await Promise.allSettled(inFlight.map((p) => p.length));
  }

  async function inflateInOrder(): Promise<GunzipResult> {
    for (;;) {
      while (free.length > 0 && next < count) {
        throwIfCancelled(ctx.signal);
        const slot = free.pop()!;
        const size = compressedSizes[next]!;
        const member = new Uint8Array(slot, 0, size);
        await readMember(source, member, readOffset);
        hash.update(member);
        readOffset += size;
        const args: GunzipMemberArgs = {
          input: slot,
          length: size,
          destPath,
          position: next * chunkBytes,
          maxBytes: chunkBytes,
        };
        const length = workers[next % workers.length]!.call('gunzipMember', args);
        // Awaited in order below; this only keeps a later failure from being "unhandled".
        length.catch(() => undefined);
        inFlight.push({ slot, index: next, consumed: readOffset, length });
        next++;
      }
      const done = inFlight.shift();
      if (!done) break;
      let length: number;
      try {
        length = await done.length;
      } catch (err) {
        throw damaged((err as Error).message);
      }
      // Positions are index * chunkBytes, so a short member in the middle would leave a hole.
      if (done.index < count - 1 && length !== chunkBytes) {
        throw damaged(`member ${done.index + 1} unpacks to ${length} bytes, not ${chunkBytes}`);
      }
      throwIfCancelled(ctx.signal);
      outputBytes += length;
      free.push(done.slot);
      report?.(done.consumed, total);
    }
    return { sha256: hash.digest('hex'), compressedBytes: readOffset, outputBytes };
  }
}

/**
 * Decompresses `sourcePath` into `destPath` (created; must not exist) with two gzip
 * workers, following `layout` (checked with usableLayout first). Errors as gunzipFile:
 * 'corrupt', 'cancelled' or 'io'. The caller removes `destPath`.
 */
export async function gunzipMembersInWorkers(
  sourcePath: string,
  destPath: string,
  layout: MemberLayout,
  ctx: JobContext,
  report?: Reporter,
): Promise<GunzipResult> {
  const workers = Array.from({ length: WORKERS }, () => startWorker('gzip'));
  try {
    const source = await fs.promises.open(sourcePath, 'r');
    try {
      // Created here (it must not exist yet); the workers open it for each member they write.
      await (await fs.promises.open(destPath, 'wx')).close();
      return await inflateMembers(source, destPath, workers, layout, ctx, report);
    } finally {
      await source.close();
    }
  } catch (err) {
    if (ctx.signal.aborted)
      throw new ContractError('cancelled', 'The job was cancelled; nothing was changed.');
    if (err instanceof ContractError) throw err;
    throw new ContractError('io', `Cannot decompress the backup: ${describeFsError(err)}.`);
  } finally {
    // Awaited before returning, so after a failure no member still being written can land
    // in `destPath` once the caller has removed it.
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Unpacks a backup file: in parallel when `hint` holds a usable layout of more than one
 * member (one member has nothing to share out), else as one sequential stream.
 */
export async function gunzipBackupFile(
  sourcePath: string,
  destPath: string,
  hint: UnpackHint,
  ctx: JobContext,
  report?: Reporter,
): Promise<GunzipResult> {
  let fileBytes: number;
  try {
    fileBytes = (await fs.promises.stat(sourcePath)).size;
  } catch (err) {
    throw new ContractError('io', `Cannot decompress the backup: ${describeFsError(err)}.`);
  }
  const layout = usableLayout(hint, fileBytes);
  if (layout && layout.compressedSizes.length > 1) {
    return gunzipMembersInWorkers(sourcePath, destPath, layout, ctx, report);
  }
  return gunzipFile(sourcePath, destPath, ctx, report);
}
