// Recognises an audio format from a file's first bytes. The extension is not
// trusted: libraries hold renamed files, and junk named .mp3 must fail as junk.
import type { AudioFormat } from './pcm';

/** How many leading bytes `sniffFormat` wants (an ID3 tag is skipped using its declared size). */
export const SNIFF_BYTES = 4096;

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = 0; i < len && at + i < b.length; i++) s += String.fromCharCode(b[at + i]!);
  return s;
}

/** Size of an ID3v2 tag at the start (header + body + optional footer), or 0. */
export function id3v2Size(b: Uint8Array): number {
  if (b.length < 10 || ascii(b, 0, 3) !== 'ID3') return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  const footer = b[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** MPEG audio frame sync with a layer field: 'mp3' for layers I-III, 'aac' for ADTS (layer 0). */
function mpegSync(b: Uint8Array, at: number): 'mp3' | 'aac' | null {
  if (at + 4 > b.length) return null;
  if (b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const layer = (b[at + 1]! >> 1) & 3;
  if (layer === 0) return (b[at + 1]! & 0xf6) === 0xf0 ? 'aac' : null;
  const bitrate = b[at + 2]! >> 4;
  const rate = (b[at + 2]! >> 2) & 3;
  return bitrate !== 15 && rate !== 3 ? 'mp3' : null;
}

/**
 * `head` is the file's first bytes; `afterId3` the bytes just past a leading ID3
 * tag when there is one (the caller reads them, since a tag with cover art can be
 * megabytes long). Returns null for anything unrecognised.
 */
export function sniffFormat(head: Uint8Array, afterId3: Uint8Array | null = null): AudioFormat | null {
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (ascii(head, 0, 4) === 'fLaC') return 'flac';
  if (ascii(head, 0, 4) === 'OggS') {
    // The first packet of the first page names the codec.
    const segments = head[26] ?? 0;
    const body = 27 + segments;
    if (ascii(head, body + 1, 6) === 'vorbis') return 'vorbis';
    if (ascii(head, body, 8) === 'OpusHead') return 'opus';
    return null;
  }
  if (ascii(head, 4, 4) === 'ftyp') return 'm4a';
  if (id3v2Size(head) > 0) {
    const rest = afterId3 ?? new Uint8Array(0);
    if (ascii(rest, 0, 4) === 'fLaC') return 'flac';
    const sync = mpegSync(rest, 0);
    return sync === 'aac' ? 'm4a' : sync;
  }
  const sync = mpegSync(head, 0);
  // Raw ADTS AAC goes the ffmpeg way, like M4A.
  if (sync === 'aac') return 'm4a';
  return sync;
}
