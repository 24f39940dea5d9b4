// Worker module: compresses one chunk into one complete gzip member. Members written
// one after another form a valid gzip stream (RFC 1952 allows several members), which
// is what lets two workers compress alternating chunks of one file.
import zlib from 'node:zlib';
import type { WorkerHandlers } from './worker-entry';

export interface GzipChunkArgs {
  data: Uint8Array;
  level: number;
}

function isGzipChunkArgs(args: unknown): args is GzipChunkArgs {
  const a = args as Partial<GzipChunkArgs> | null;
  return a !== null && a.data instanceof Uint8Array && typeof a.level === 'number';
}

export const handlers: WorkerHandlers = {
  gzipChunk: (args: unknown): Uint8Array => {
    if (!isGzipChunkArgs(args)) throw new TypeError('gzipChunk expects { data: Uint8Array, level: number }');
    return zlib.gzipSync(args.data, { level: args.level });
  },
};
