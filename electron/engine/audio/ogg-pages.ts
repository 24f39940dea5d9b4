// Ogg page handling the Vorbis decoder needs to decode a file the way ffmpeg and
// oggdec do:
// - Some intact files (a real game soundtrack among them) carry the end-of-stream
//   flag on a page and then go on with more pages of the same stream. ffmpeg decodes
//   those; the wasm decoder stops at the flag and the file looked truncated. The
//   flag is cleared (and the page's CRC recomputed) on every page but the file's last.
// - A stream whose first audio page's granule position is less than the samples its
//   packets decode to starts that many samples late: players trim them from the start.

const CAPTURE = [0x4f, 0x67, 0x67, 0x53];
export const EOS_FLAG = 0x04;
export const HEADER_BYTES = 27;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The Ogg page CRC (polynomial 0x04c11db7, no reflection), computed with the CRC field zeroed. */
export function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const b = i >= 22 && i < 26 ? 0 : page[i]!;
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  }
  return crc;
}

export function isCapture(buf: Uint8Array, at: number): boolean {
  return CAPTURE.every((c, i) => buf[at + i] === c);
}

/** Length of the whole page starting at `at`, or null when `buf` does not hold its header and lacing yet. */
export function pageLength(buf: Uint8Array, at: number): number | null {
  if (at + HEADER_BYTES > buf.length) return null;
  const segments = buf[at + 26]!;
  if (at + HEADER_BYTES + segments > buf.length) return null;
  let body = 0;
  for (let i = 0; i < segments; i++) body += buf[at + HEADER_BYTES + i]!;
  return HEADER_BYTES + segments + body;
}

/**
 * Passes a file's bytes through in order, clearing the end-of-stream flag of every
 * page that does not end the file. `fileSize` tells which page is last.
 */
export class EarlyEosFilter {
  private pending = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly fileSize: number) {}

  push(chunk: Uint8Array): Uint8Array {
    const buf = new Uint8Array(this.pending.length + chunk.length);
    buf.set(this.pending);
    buf.set(chunk, this.pending.length);
    let at = 0;
    while (at < buf.length) {
      if (!isCapture(buf, at)) {
        if (buf.length - at < 4) break;
        at++;
        continue;
      }
      const len = pageLength(buf, at);
      if (len === null || at + len > buf.length) break;
      const endsFile = this.offset + at + len >= this.fileSize;
      if (buf[at + 5]! & EOS_FLAG && !endsFile) {
        const page = buf.subarray(at, at + len);
        page[5] = page[5]! & ~EOS_FLAG;
        new DataView(page.buffer, page.byteOffset + 22, 4).setUint32(0, oggCrc(page), true);
      }
      at += len;
    }
    this.pending = buf.slice(at);
    this.offset += at;
    return buf.subarray(0, at);
  }

  /** Whatever is left at the end (an incomplete page: the truncation check reports it). */
  flush(): Uint8Array {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return rest;
  }
}

/** The first page whose granule position is positive: its end offset in the file and the granule. */
export function firstAudioPage(head: Uint8Array): { end: number; granule: number } | null {
  let at = 0;
  while (at + HEADER_BYTES <= head.length) {
    if (!isCapture(head, at)) {
      at++;
      continue;
    }
    const len = pageLength(head, at);
    if (len === null || at + len > head.length) return null;
    const granule = pageGranule(head, at);
    if (granule > 0) return { end: at + len, granule };
    at += len;
  }
  return null;
}

/** A page's granule position (a signed 64-bit integer; -1 when no packet ends on the page). */
export function pageGranule(buf: Uint8Array, at: number): number {
  const dv = new DataView(buf.buffer, buf.byteOffset + at + 6, 8);
  return dv.getInt32(4, true) * 2 ** 32 + dv.getUint32(0, true);
}
