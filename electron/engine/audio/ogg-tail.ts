// Whether an Ogg file ends the way a complete stream does: its last page whole and
// flagged end-of-stream. A file cut short ends mid-page or without that flag. The
// last page's granule position is also the stream's length in samples.
import { AudioFileError } from './audio-error';
import { readTail } from './read-chunks';

/** Ogg pages are at most 65,307 bytes; the tail we read always holds the last one whole. */
const TAIL_BYTES = 70_000;
const EOS_FLAG = 0x04;

export interface OggEnd {
  /** Granule position of the last page (samples, at the codec's rate; Opus: 48 kHz incl. pre-skip). */
  granule: number;
}

export async function readOggEnd(filePath: string): Promise<OggEnd> {
  const { bytes } = await readTail(filePath, TAIL_BYTES);
  for (let at = bytes.length - 27; at >= 0; at--) {
    if (bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53)
      continue;
    const segments = bytes[at + 26]!;
    if (at + 27 + segments > bytes.length) continue;
    let bodyLen = 0;
    for (let i = 0; i < segments; i++) bodyLen += bytes[at + 27 + i]!;
    const end = at + 27 + segments + bodyLen;
    if (end !== bytes.length) {
      // A capture pattern inside the last page's data, or a page cut short.
      if (end > bytes.length)
        throw new AudioFileError('truncated file: the Ogg stream ends in the middle of a page');
      continue;
    }
    if (!(bytes[at + 5]! & EOS_FLAG)) {
      throw new AudioFileError('truncated file: the Ogg stream ends without its end-of-stream page');
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset + at + 6, 8);
    const granule = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
    return { granule };
  }
  throw new AudioFileError('truncated file: no complete Ogg page at the end');
}

/** Opus pre-skip from the OpusHead packet in the file's first page. */
export function opusPreSkip(head: Uint8Array): number {
  const segments = head[26] ?? 0;
  const body = 27 + segments;
  return (head[body + 10] ?? 0) | ((head[body + 11] ?? 0) << 8);
}
