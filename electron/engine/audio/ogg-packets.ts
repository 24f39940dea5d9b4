// Splits whole Ogg pages into the packets they carry, per logical stream, the way
// codec-parser (which @wasm-audio-decoders/ogg-vorbis uses) splits them: lacing
// values summed until one is under 255, a page whose last lacing value is 255 leaving
// its last packet to be continued on the stream's next page, bytes between pages
// skipped. vorbis-wasm.ts decodes the packets without codec-parser's per-page and
// per-packet objects.
import { concatBytes } from './bytes';
import { EOS_FLAG, HEADER_BYTES, isCapture, pageGranule, pageLength } from './ogg-pages';

export interface OggPacketPage {
  serial: number;
  granule: number;
  /** The end-of-stream flag (ogg-pages.ts leaves it only on a file's last page). */
  eos: boolean;
  /** The page's body: for a stream's first page, its identification header. */
  body: Uint8Array;
  /** Packets that end on this page, a continued one with its start from earlier pages. */
  packets: Uint8Array[];
}

export class OggPacketReader {
  /** The unfinished last packet of each stream's latest page. */
  private readonly continued = new Map<number, Uint8Array>();

  /** The pages in `bytes`, which must hold whole pages (EarlyEosFilter's output); anything else is skipped. */
  read(bytes: Uint8Array): OggPacketPage[] {
    const pages: OggPacketPage[] = [];
    let at = 0;
    while (at + HEADER_BYTES <= bytes.length) {
      const len = isCapture(bytes, at) ? pageLength(bytes, at) : null;
      if (len === null || at + len > bytes.length) {
        at++;
        continue;
      }
      pages.push(this.page(bytes, at, len));
      at += len;
    }
    return pages;
  }

  private page(bytes: Uint8Array, at: number, len: number): OggPacketPage {
    const serial = new DataView(bytes.buffer, bytes.byteOffset + at + 14, 4).getInt32(0, true);
    const segments = bytes[at + 26]!;
    const lacing = at + HEADER_BYTES;
    const body = bytes.subarray(lacing + segments, at + len);
    const packets: Uint8Array[] = [];
    let start = 0;
    let size = 0;
    for (let i = 0; i < segments; i++) {
      const v = bytes[lacing + i]!;
      size += v;
      if (v < 255 || i === segments - 1) {
        packets.push(body.subarray(start, start + size));
        start += size;
        size = 0;
      }
    }
    const before = this.continued.get(serial);
    if (before && packets.length > 0) {
      packets[0] = concatBytes(before, packets[0]!);
      this.continued.delete(serial);
    }
    if (segments > 0 && bytes[lacing + segments - 1] === 255) {
      const last = packets.pop()!;
      this.continued.set(serial, concatBytes(this.continued.get(serial) ?? new Uint8Array(0), last));
    }
    return { serial, granule: pageGranule(bytes, at), eos: (bytes[at + 5]! & EOS_FLAG) !== 0, body, packets };
  }
}
