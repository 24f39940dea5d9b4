// Worker module: compresses one chunk into one complete gzip member. Members written
// one after another form a valid gzip stream (RFC 1952 allows several members), which
// is what lets two workers compress alternating chunks of one file.
//
// Input and output live in SharedArrayBuffers owned by the caller and reused for
// every chunk, so no per-chunk buffers cross threads or wait for a garbage collector.
import zlib from 'node:zlib';
import type { WorkerHandlers } from './worker-entry';

export interface GzipChunkArgs {
  input: SharedArrayBuffer;
  /** Bytes of `input` to compress. */
  length: number;
  /** Receives the gzip member; must have room for `gzipBound(length)` bytes. */
  output: SharedArrayBuffer;
  level: number;
}

/** Room a gzip member of `n` input bytes can need, with margin (zlib's deflateBound plus header). */
export function gzipBound(n: number): number {
  return n + (n >>> 12) + (n >>> 14) + (n >>> 25) + 1024;
}

function isGzipChunkArgs(args: unknown): args is GzipChunkArgs {
  const a = args as Partial<GzipChunkArgs> | null;
  return (
    a !== null &&
    a.input instanceof SharedArrayBuffer &&
    a.output instanceof SharedArrayBuffer &&
    typeof a.length === 'number' &&
    typeof a.level === 'number'
  );
}

export const handlers: WorkerHandlers = {
  /** Returns the member's length in bytes, written at the start of `output`. */
  gzipChunk: (args: unknown): number => {
    if (!isGzipChunkArgs(args)) throw new TypeError('gzipChunk expects { input, length, output, level }');
    const member = zlib.gzipSync(new Uint8Array(args.input, 0, args.length), {
      level: args.level,
      // One output buffer big enough for the usual member, instead of many 16 KiB pieces.
      chunkSize: Math.max(64 * 1024, args.length >>> 1),
    });
    if (member.length > args.output.byteLength) {
      throw new Error(
        `A gzip member of ${member.length} bytes does not fit its ${args.output.byteLength}-byte slot.`,
      );
    }
    new Uint8Array(args.output).set(member);
    return member.length;
  },
};
