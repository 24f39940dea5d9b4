// Reads a file front to back in fixed-size chunks, so decoders never hold a whole
// file in memory. Chunks are views of fresh buffers, never reused: some decoders
// keep references to input they have not consumed yet.
import fs from 'node:fs/promises';
import { throwIfCancelled } from '../runtime/progress';
import { DEFAULT_CHUNK_BYTES } from './pcm';

/**
 * Bytes asked of the file system per read. Each read is a round trip through libuv's
 * thread pool that costs about 60 us of CPU whatever its size: a 50 MB FLAC file read
 * 32 KB at a time took 100 ms of CPU, 1 MB at a time 12-16 ms. Reads are this large
 * and handed on in chunks of the size the caller asked for.
 */
const READ_BYTES = 1024 * 1024;

export async function* readChunks(
  filePath: string,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const readBytes = Math.max(chunkBytes, READ_BYTES);
  const handle = await fs.open(filePath, 'r');
  try {
    for (;;) {
      if (signal) throwIfCancelled(signal);
      const buf = Buffer.allocUnsafe(readBytes);
      const { bytesRead } = await handle.read(buf, 0, readBytes, null);
      if (bytesRead === 0) return;
      for (let at = 0; at < bytesRead; at += chunkBytes) {
        if (at > 0 && signal) throwIfCancelled(signal);
        yield new Uint8Array(buf.buffer, buf.byteOffset + at, Math.min(chunkBytes, bytesRead - at));
      }
    }
  } finally {
    await handle.close();
  }
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function readHead(filePath: string, n: number): Promise<Uint8Array> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The last `n` bytes of a file (fewer when it is shorter), with the file's size. */
export async function readTail(
  filePath: string,
  n: number,
): Promise<{ bytes: Uint8Array; fileSize: number }> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const len = Math.min(n, size);
    const buf = Buffer.alloc(len);
    await handle.read(buf, 0, len, size - len);
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, len), fileSize: size };
  } finally {
    await handle.close();
  }
}
