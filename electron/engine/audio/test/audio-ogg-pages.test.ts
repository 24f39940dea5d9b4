// Ogg page handling for Vorbis files decoded like ffmpeg: an end-of-stream flag on a
// page that does not end the file is cleared (with a valid CRC), whatever the chunking;
// the last page keeps it; the first audio page is found for the start trim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyEosFilter, firstAudioPage, oggCrc } from '../ogg-pages';

/** One Ogg page with a single segment of `body` bytes, its CRC filled in. */
function page(flags: number, granule: number, seq: number, body: number): Uint8Array {
  const p = new Uint8Array(28 + body);
  p.set([0x4f, 0x67, 0x67, 0x53], 0);
  p[5] = flags;
  const dv = new DataView(p.buffer);
  dv.setUint32(6, granule, true);
  dv.setUint32(14, 7, true);
  dv.setUint32(18, seq, true);
  p[26] = 1;
  p[27] = body;
  for (let i = 0; i < body; i++) p[28 + i] = (i * 31 + seq) & 0xff;
  dv.setUint32(22, oggCrc(p), true);
  return p;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('an early end-of-stream flag is cleared with a valid CRC; the last page keeps its flag', () => {
  // Headers (granule 0), audio, an early EOS page, then more pages, the last flagged EOS.
  const pages = [
    page(2, 0, 0, 30),
    page(0, 0, 1, 100),
    page(0, 4096, 2, 200),
    page(4, 8192, 3, 50),
    page(4, 9216, 4, 20),
  ];
  const file = concat(pages);
  for (const chunk of [1, 7, 64, file.length]) {
    const filter = new EarlyEosFilter(file.length);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < file.length; i += chunk) parts.push(filter.push(file.slice(i, i + chunk)));
    parts.push(filter.flush());
    const out = concat(parts);
    assert.equal(out.length, file.length, `chunk ${chunk}`);
    let at = 0;
    pages.forEach((p, i) => {
      const got = out.subarray(at, at + p.length);
      const wantEos = i === pages.length - 1 ? 4 : 0;
      assert.equal(got[5]! & 4, wantEos, `chunk ${chunk} page ${i} flag`);
      assert.equal(
        new DataView(got.buffer, got.byteOffset).getUint32(22, true),
        oggCrc(got),
        `page ${i} CRC`,
      );
      if (i !== 3) assert.deepEqual(got, p, `page ${i} unchanged`);
      at += p.length;
    });
  }
});

test('the first page with a positive granule position is the first audio page', () => {
  const pages = [page(2, 0, 0, 30), page(0, 0, 1, 100), page(0, 45632, 2, 200), page(0, 55872, 3, 10)];
  const head = concat(pages);
  assert.deepEqual(firstAudioPage(head), { end: 58 + 128 + 228, granule: 45632 });
  assert.equal(firstAudioPage(head.subarray(0, 100)), null);
});
