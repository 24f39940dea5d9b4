// Worker module: compresses one chunk into one complete gzip member, and inflates one
// member back. Members written one after another form a valid gzip stream (RFC 1952
// allows several members), which is what lets two workers compress alternating chunks
// of one file, and, with the member sizes recorded, unpack them the same way.
//
// Input (and, for compression, output) lives in SharedArrayBuffers owned by the caller
// and reused for every chunk, so no per-chunk buffers cross threads. An inflated member
// is written straight to its place in the destination file from here: copying it back
// through a shared buffer for the caller to write cost a 4 MiB copy per member and kept
// the caller's thread busy writing while the workers waited for their next member.
//
// Compression uses libdeflate (as WebAssembly) rather than Node's zlib: at the same
// level 6 it took 3.2 s of CPU instead of 4.1 s for a 217 MB library and wrote 2%
// less (bench, single thread, 4 MiB chunks). A backup is CPU-bound, so that is most
// of its wall time. Inflating stays with zlib, which reads any gzip member.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { WorkerMethods } from '../runtime/worker-protocol';

export interface GunzipMemberArgs {
  /** Holds one complete gzip member in its first `length` bytes. */
  input: SharedArrayBuffer;
  length: number;
  /** The file the inflated bytes go into (it exists; each member has its own range). */
  destPath: string;
  /** Byte offset of this member's inflated bytes in `destPath`. */
  position: number;
  /** A member that inflates to more than this is refused (nothing is written). */
  maxBytes: number;
}

export interface GzipChunkArgs {
  input: SharedArrayBuffer;
  /** Bytes of `input` to compress. */
  length: number;
  /** Receives the gzip member; must have room for `gzipBound(length)` bytes. */
  output: SharedArrayBuffer;
  level: number;
}

/**
 * Room a gzip member of `n` input bytes can need, with margin: libdeflate's bound is five
 * bytes per 5,000-byte block of input (counted here per 4,096 bytes) plus the gzip header
 * and trailer.
 */
export function gzipBound(n: number): number {
  return n + 5 * Math.ceil(n / 4096) + 1024;
}

type GzipFunction = (input: Readonly<Uint8Array>, level?: number) => Uint8Array;
let loadingGzip: Promise<GzipFunction> | null = null;

/** Node's own deflate: a plain gzip member at the same level, about a quarter more CPU. */
const zlibGzip: GzipFunction = (input, level) => zlib.gzipSync(input, level === undefined ? {} : { level });

/**
 * libdeflate is an ES module, so it is loaded once, on the first chunk (a worker that only
 * inflates never loads it). Its Emscripten runtime adds process handlers that rethrow
 * uncaught errors, which is what a worker does anyway. A runtime where its WebAssembly
 * build cannot load (the package declares Node >= 24; we ship on Node 20 and Electron's
 * Node) still backs up, with zlib; `BACKBEAT_GZIP=zlib` chooses zlib outright.
 */
export function chooseGzip(
  env: NodeJS.ProcessEnv,
): Promise<{ name: 'libdeflate' | 'zlib'; gzip: GzipFunction }> {
  const zlibChoice = { name: 'zlib' as const, gzip: zlibGzip };
  if (env.BACKBEAT_GZIP === 'zlib') return Promise.resolve(zlibChoice);
  return import('libdeflate').then(
    (m) => ({ name: 'libdeflate' as const, gzip: m.gzip as GzipFunction }),
    () => zlibChoice,
  );
}

function loadGzip(): Promise<GzipFunction> {
  loadingGzip ??= chooseGzip(process.env).then((c) => c.gzip);
  return loadingGzip;
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

function isGunzipMemberArgs(args: unknown): args is GunzipMemberArgs {
  const a = args as Partial<GunzipMemberArgs> | null;
  return (
    a !== null &&
    a.input instanceof SharedArrayBuffer &&
    typeof a.length === 'number' &&
    typeof a.destPath === 'string' &&
    Number.isSafeInteger(a.position) &&
    Number.isSafeInteger(a.maxBytes)
  );
}

/** Writes all of `data` at `position`; the file is opened per member, so no descriptor is shared between threads. */
function writeAt(destPath: string, data: Uint8Array, position: number): void {
  const fd = fs.openSync(destPath, 'r+');
  try {
    let written = 0;
    while (written < data.length) {
      written += fs.writeSync(fd, data, written, data.length - written, position + written);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Inflates exactly one member. gunzipSync would quietly read on into a following
 * member or skip trailing garbage, so the member's own framing is checked too: it must
 * start with the gzip magic and its trailer's ISIZE must be the inflated length. That
 * way a wrong size in the recorded layout fails instead of shifting bytes around.
 */
function gunzipMember(args: GunzipMemberArgs): number {
  const member = new Uint8Array(args.input, 0, args.length);
  if (member.length < 18 || member[0] !== 0x1f || member[1] !== 0x8b) {
    throw new Error('a gzip member does not start where the backup metadata says');
  }
  let inflated: Buffer;
  try {
    inflated = zlib.gunzipSync(member, {
      maxOutputLength: args.maxBytes,
      // One output buffer for the whole chunk, instead of many 16 KiB pieces.
      chunkSize: Math.max(64 * 1024, args.maxBytes),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
    throw new Error(`a gzip member unpacks to more than ${args.maxBytes} bytes`);
  }
  const view = new DataView(args.input, 0, args.length);
  if (view.getUint32(args.length - 4, true) !== inflated.length >>> 0) {
    throw new Error('a gzip member does not end where the backup metadata says');
  }
  writeAt(args.destPath, inflated, args.position);
  return inflated.length;
}

export const handlers = {
  /** Loads the compressor and runs it once, so that the first chunk does not wait for that. */
  prepare: async (): Promise<void> => {
    const gzip = await loadGzip();
    gzip(new Uint8Array(1), 6);
  },
  /** Returns the member's length in bytes, written at the start of `output`. */
  gzipChunk: async (args: GzipChunkArgs): Promise<number> => {
    if (!isGzipChunkArgs(args)) throw new TypeError('gzipChunk expects { input, length, output, level }');
    if (!Number.isInteger(args.level) || args.level < 1 || args.level > 9) {
      throw new RangeError(`gzip level ${args.level} is not 1 to 9`);
    }
    const gzip = await loadGzip();
    const member = gzip(new Uint8Array(args.input, 0, args.length), args.level);
    if (member.length > args.output.byteLength) {
      throw new Error(
        `A gzip member of ${member.length} bytes does not fit its ${args.output.byteLength}-byte slot.`,
      );
    }
    new Uint8Array(args.output).set(member);
    return member.length;
  },
  /** Returns the inflated length, written to `destPath` at `position`. */
  gunzipMember: (args: GunzipMemberArgs): number => {
    if (!isGunzipMemberArgs(args)) {
      throw new TypeError('gunzipMember expects { input, length, destPath, position, maxBytes }');
    }
    return gunzipMember(args);
  },
} satisfies WorkerMethods;

export type GzipMethods = typeof handlers;
